// Paged, on-demand loading of a long list for a virtualised table (customers, stock, and every
// later long list). Pages are fetched with offset/limit as rows scroll into view; far-away pages
// are evicted. Every reset (new search text or filters, reload) starts a new generation; responses
// from an older generation are dropped, so a slow stale search never overwrites a newer one.
import { SvelteMap } from 'svelte/reactivity';
import type { ErrorPayload } from './bindings';

export const PAGE_SIZE = 100;
const MAX_PAGES = 40;

/** One page of rows and the size of the whole list. */
export type Page<T> = { rows: T[]; total: number };

/** Asks the core for the rows [offset, offset + limit) of the list under `criteria`. */
export type PageFetcher<T, C> = (criteria: C, offset: number, limit: number) => Promise<Page<T> | null | undefined>;

/** What a virtualised list reads of its rows. */
export interface RowSource<T> {
  readonly total: number;
  readonly ready: boolean;
  readonly error: ErrorPayload | null;
  row(index: number): T | undefined;
  ensureRange(start: number, end: number): void;
}

export class PagedList<T, C> implements RowSource<T> {
  /** Rows in the whole list (or matching the criteria). */
  total = $state(0);
  /** The first page of the current generation has arrived. */
  ready = $state(false);
  /** The first page of any generation has arrived (to avoid flashing empty states). */
  everLoaded = $state(false);
  error = $state<ErrorPayload | null>(null);
  /** The criteria of the rows currently shown. */
  shown: C;

  private pages = new SvelteMap<number, T[]>();
  private pending = new Set<number>();
  private gen = 0;
  private pagesGen = -1;
  private criteria: C;

  constructor(
    private readonly fetcher: PageFetcher<T, C>,
    initial: C,
  ) {
    this.criteria = initial;
    this.shown = $state(initial);
  }

  /** Start over with new criteria. Loads the first page; resolves when it is in (or failed). */
  reset(criteria: C): Promise<void> {
    this.gen += 1;
    this.criteria = criteria;
    this.pending.clear();
    this.ready = false;
    this.error = null;
    return this.fetchPage(0);
  }

  /**
   * Load again, in place, the pages loaded now, under the same criteria (a record was saved, or
   * the file changed outside): the rows on screen stay until their page comes back, then change
   * where they changed, so nothing flickers and the scroll position holds. Before the first page
   * of the current criteria is in, it is a reset.
   */
  refresh(): Promise<void> {
    if (!this.ready || this.pagesGen !== this.gen) return this.reset(this.criteria);
    this.gen += 1;
    this.pagesGen = this.gen;
    this.pending.clear();
    const pages = new Set([0, ...this.pages.keys()]);
    return Promise.all([...pages].map((p) => this.fetchPage(p))).then(() => undefined);
  }

  /** The generation of the last reset, to tell whether a reset happened in between. */
  get generation(): number {
    return this.gen;
  }

  /** Row at `index`, if its page is loaded. */
  row(index: number): T | undefined {
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
    const criteria = this.criteria;
    this.pending.add(page);
    try {
      const result = await this.fetcher(criteria, page * PAGE_SIZE, PAGE_SIZE);
      if (gen !== this.gen) return; // stale response
      if (this.pagesGen !== gen) {
        this.pages.clear();
        this.pagesGen = gen;
      }
      this.pending.delete(page);
      if (page === 0) this.error = null;
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
