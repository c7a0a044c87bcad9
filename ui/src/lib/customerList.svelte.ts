// Paged, on-demand loading of the customer list for the virtualized table.
// Pages are fetched with offset/limit as rows scroll into view; far-away pages are evicted.
// Every reset (new search text, archived toggle, reload) starts a new generation; responses
// from an older generation are dropped, so a slow stale search never overwrites a newer one.
import { SvelteMap } from 'svelte/reactivity';
import type { CustomerSummary, ErrorPayload } from './bindings';
import { api } from './api';

export const PAGE_SIZE = 100;
const MAX_PAGES = 40;

export class CustomerListModel {
  /** Rows in the whole list (or number of search results). */
  total = $state(0);
  /** The first page of the current generation has arrived. */
  ready = $state(false);
  /** The first page of any generation has arrived (to avoid flashing empty states). */
  everLoaded = $state(false);
  error = $state<ErrorPayload | null>(null);
  /** The search text of the rows currently shown. */
  shownQuery = $state('');

  private pages = new SvelteMap<number, CustomerSummary[]>();
  private pending = new Set<number>();
  private gen = 0;
  private pagesGen = -1;
  private query = '';
  private includeArchived = false;

  /** Start over with new search text / archived setting. Loads the first page. */
  reset(query: string, includeArchived: boolean): void {
    this.gen += 1;
    this.query = query;
    this.includeArchived = includeArchived;
    this.pending.clear();
    this.ready = false;
    this.error = null;
    void this.fetchPage(0);
  }

  /** Row at `index`, if its page is loaded. */
  row(index: number): CustomerSummary | undefined {
    const page = this.pages.get(Math.floor(index / PAGE_SIZE));
    return page?.[index % PAGE_SIZE];
  }

  /** Make sure the rows in [start, end) are loaded or being loaded. */
  ensureRange(start: number, end: number): void {
    if (!this.ready) return;
    const last = Math.min(end, this.total) - 1;
    if (last < start) return;
    for (let p = Math.floor(start / PAGE_SIZE); p <= Math.floor(last / PAGE_SIZE); p += 1) {
      if (!this.pages.has(p) && !this.pending.has(p)) void this.fetchPage(p);
    }
    this.evict(Math.floor(start / PAGE_SIZE));
  }

  private async fetchPage(page: number): Promise<void> {
    const gen = this.gen;
    this.pending.add(page);
    try {
      const result = await api.customersList({
        query: this.query,
        offset: page * PAGE_SIZE,
        limit: PAGE_SIZE,
        include_archived: this.includeArchived,
      });
      if (gen !== this.gen) return; // stale response
      if (this.pagesGen !== gen) {
        this.pages.clear();
        this.pagesGen = gen;
      }
      this.pending.delete(page);
      this.pages.set(page, result.rows);
      this.total = result.total;
      this.shownQuery = this.query;
      this.ready = true;
      this.everLoaded = true;
    } catch (e) {
      if (gen !== this.gen) return;
      this.pending.delete(page);
      this.error = e as ErrorPayload;
      if (page === 0) {
        this.pages.clear();
        this.pagesGen = gen;
        this.total = 0;
        this.ready = true;
        this.everLoaded = true;
      }
    }
  }

  private evict(centre: number): void {
    if (this.pages.size <= MAX_PAGES) return;
    const keys = [...this.pages.keys()].sort((a, b) => Math.abs(b - centre) - Math.abs(a - centre));
    for (const key of keys.slice(0, this.pages.size - MAX_PAGES)) this.pages.delete(key);
  }
}
