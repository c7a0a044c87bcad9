// The stock list: paged, on-demand loading for the virtualised table (like the customer list),
// plus the catalogue's shared UI state (the title form), which the app's shortcuts also use.
// Every reset (new search or filters, reload) starts a new generation; responses from an older
// generation are dropped, so a slow stale search never overwrites a newer one.
import { SvelteMap } from 'svelte/reactivity';
import type { ErrorPayload, StockFilter, Title } from './bindings';
import { api } from './api';

export const STOCK_PAGE_SIZE = 100;
const MAX_PAGES = 40;

/** What the stock list is filtered by (the paging fields are added per request). */
export type StockCriteria = Omit<StockFilter, 'limit' | 'offset'>;

export function emptyCriteria(): StockCriteria {
  return { query: '', category: '', publisher: '', bin: '', low: false, out_of_stock: false, slow_days: 0 };
}

/** Anything other than the search text narrows the list. */
export function hasFilters(c: StockCriteria): boolean {
  return !!(c.category || c.publisher || c.bin || c.low || c.out_of_stock || c.slow_days > 0);
}

export type TitleFormState = { title: Title | null; isbn?: string };

/** Catalogue UI state shared with the app shell (Ctrl+N). */
export const stockUi = $state({
  /** The title form, when open: `title` null creates a new one. */
  titleForm: null as TitleFormState | null,
});

export function openNewTitle(isbn = ''): void {
  stockUi.titleForm = { title: null, isbn };
}

export function openEditTitle(title: Title): void {
  stockUi.titleForm = { title };
}

export function closeTitleForm(): void {
  stockUi.titleForm = null;
}

export class StockListModel {
  /** Rows matching the current criteria. */
  total = $state(0);
  /** The first page of the current generation has arrived. */
  ready = $state(false);
  /** The first page of any generation has arrived (to avoid flashing empty states). */
  everLoaded = $state(false);
  error = $state<ErrorPayload | null>(null);
  /** The criteria of the rows currently shown. */
  shown = $state<StockCriteria>(emptyCriteria());

  private pages = new SvelteMap<number, Title[]>();
  private pending = new Set<number>();
  private gen = 0;
  private pagesGen = -1;
  private criteria: StockCriteria = emptyCriteria();

  /** Start over with new criteria. Loads the first page; resolves when it is in (or failed). */
  reset(criteria: StockCriteria): Promise<void> {
    this.gen += 1;
    this.criteria = { ...criteria };
    this.pending.clear();
    this.ready = false;
    this.error = null;
    return this.fetchPage(0);
  }

  /** The generation of the last reset, to tell whether a reset happened in between. */
  get generation(): number {
    return this.gen;
  }

  /** Row at `index`, if its page is loaded. */
  row(index: number): Title | undefined {
    const page = this.pages.get(Math.floor(index / STOCK_PAGE_SIZE));
    return page?.[index % STOCK_PAGE_SIZE];
  }

  /** Make sure the rows in [start, end) are loaded or being loaded. */
  ensureRange(start: number, end: number): void {
    if (!this.ready) return;
    const last = Math.min(end, this.total) - 1;
    if (last < start) return;
    for (let p = Math.floor(start / STOCK_PAGE_SIZE); p <= Math.floor(last / STOCK_PAGE_SIZE); p += 1) {
      if (!this.pages.has(p) && !this.pending.has(p)) void this.fetchPage(p);
    }
    this.evict(Math.floor(start / STOCK_PAGE_SIZE));
  }

  private async fetchPage(page: number): Promise<void> {
    const gen = this.gen;
    const criteria = this.criteria;
    this.pending.add(page);
    try {
      const result = await api.stockList({
        ...criteria,
        limit: STOCK_PAGE_SIZE,
        offset: page * STOCK_PAGE_SIZE,
      });
      if (gen !== this.gen) return; // stale response
      if (this.pagesGen !== gen) {
        this.pages.clear();
        this.pagesGen = gen;
      }
      this.pending.delete(page);
      this.pages.set(page, result?.rows ?? []);
      this.total = result?.total ?? 0;
      this.shown = criteria;
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
        this.shown = criteria;
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
