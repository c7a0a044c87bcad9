// The stock list's criteria (its rows are a PagedList, see pagedList.svelte.ts), plus the
// catalogue's shared UI state (the title form), which the app's shortcuts also use.
import type { StockFilter, Title } from './bindings';

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
