// The controllers of a long, virtualised list (customers, stock, and every later long list):
// `ListSearch` holds the search box's text and sends it after a pause (or at once, for Enter and
// the arrow keys); `VirtualList` holds the scroll position, the rows on screen and the selection,
// and answers the list's keys; `reloadOn` loads a PagedList into it as the criteria change.
// `components/shared/VirtualList.svelte` draws it.
import { untrack } from 'svelte';
import type { PagedList } from './pagedList.svelte';
import { app } from './store.svelte';

/** Row height in px; the rows are fixed-height so the list can compute what is on screen. */
export const ROW_HEIGHT = 36;
const OVERSCAN = 8;
/** How often, and how many times, `ListSearch.flush` looks whether the rows have arrived (1 s). */
const FLUSH_POLL_MS = 5;
const FLUSH_POLLS = 200;

export class ListSearch {
  /** What is in the box. */
  text = $state('');
  /** What the list was last asked for. */
  applied = $state('');
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly debounceMs: number) {}

  /** Send the text now. */
  apply(): void {
    this.cancel();
    this.applied = this.text;
  }

  /** The box changed: send it after a pause. */
  input(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.apply(), this.debounceMs);
  }

  /** Send the text in the box now and wait (up to a second) until `shown(text)` says its rows are showing. */
  async flush(shown: (query: string) => boolean): Promise<void> {
    if (this.timer || this.applied !== this.text) this.apply();
    const want = this.text.trim();
    for (let i = 0; i < FLUSH_POLLS && !shown(want); i += 1) {
      await new Promise((r) => setTimeout(r, FLUSH_POLL_MS));
    }
  }

  cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}

export type VirtualListOptions = {
  /** How many rows the list has now. */
  count: () => number;
  /** Enter or a click on the row at `index`. */
  open: (index: number) => void;
  /** ArrowUp on the first row (back to the search box). */
  top?: () => void;
};

export class VirtualList {
  /** The selected row, -1 for none. */
  selected = $state(-1);
  scrollTop = $state(0);
  viewportHeight = $state(0);
  /** The scrolling element (bound by the component). */
  scroller = $state<HTMLElement | null>(null);

  // jsdom and a not-yet-laid-out window report 0; assume a typical height until measured.
  effectiveHeight = $derived(this.viewportHeight > 0 ? this.viewportHeight : 600);
  firstVisible = $derived(Math.max(0, Math.floor(this.scrollTop / ROW_HEIGHT) - OVERSCAN));
  lastVisible = $derived(
    Math.min(this.opts.count(), Math.ceil((this.scrollTop + this.effectiveHeight) / ROW_HEIGHT) + OVERSCAN),
  );
  /** Indexes of the rows to draw. */
  visible = $derived(
    Array.from({ length: Math.max(0, this.lastVisible - this.firstVisible) }, (_, k) => this.firstVisible + k),
  );

  constructor(private readonly opts: VirtualListOptions) {}

  /** Back to the top; the first row selected when `selectFirst` (a search), else none. */
  toTop(selectFirst: boolean): void {
    this.scrollTop = 0;
    if (this.scroller) this.scroller.scrollTop = 0;
    this.selected = selectFirst ? 0 : -1;
  }

  /** Keep the selection inside a list of `total` rows. */
  clamp(total: number): void {
    if (this.selected >= total) this.selected = total - 1;
  }

  scrollToRow(index: number): void {
    const el = this.scroller;
    if (!el) return;
    const top = index * ROW_HEIGHT;
    const bottom = top + ROW_HEIGHT;
    const height = el.clientHeight || this.effectiveHeight;
    if (top < el.scrollTop) el.scrollTop = top;
    else if (bottom > el.scrollTop + height) el.scrollTop = bottom - height;
    this.scrollTop = el.scrollTop;
  }

  select(index: number): void {
    const total = this.opts.count();
    if (total === 0) return;
    this.selected = Math.max(0, Math.min(total - 1, index));
    this.scrollToRow(this.selected);
  }

  focus(): void {
    this.scroller?.focus();
  }

  /** Down from the search box into the list, onto the selected row or else the first, when there are rows. */
  enter(): void {
    if (this.opts.count() === 0) return;
    this.select(this.selected < 0 ? 0 : this.selected);
    this.focus();
  }

  onKeydown = (e: KeyboardEvent): void => {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const page = Math.max(1, Math.floor(this.effectiveHeight / ROW_HEIGHT) - 1);
    const moves: Record<string, () => void> = {
      ArrowDown: () => this.select(this.selected + 1),
      ArrowUp: () => (this.selected <= 0 && this.opts.top ? this.opts.top() : this.select(this.selected - 1)),
      PageDown: () => this.select(this.selected + page),
      PageUp: () => this.select(this.selected - page),
      Home: () => this.select(0),
      End: () => this.select(this.opts.count() - 1),
      Enter: () => {
        if (this.selected >= 0) this.opts.open(this.selected);
      },
    };
    const move = moves[e.key];
    if (!move) return;
    e.preventDefault();
    move();
  };

  onClick = (e: MouseEvent): void => {
    const rowEl = (e.target as Element | null)?.closest<HTMLElement>('[data-index]');
    if (!rowEl) return;
    this.focus();
    this.opts.open(Number(rowEl.dataset.index));
  };

  onScroll = (): void => {
    if (this.scroller) this.scrollTop = this.scroller.scrollTop;
  };
}

/**
 * Loads `model` with `criteria()` whenever they or `version()` change, and when the file changed
 * outside (`app.dataVersion`, lib/outside.svelte.ts). A new version (a record saved or archived,
 * a change made by another program) reloads in place, keeping the rows on screen until the new
 * ones come, the scroll position and the selection; new criteria start at the top, with the first
 * row selected when there is a search. Call it while the component initialises: it is an effect
 * of the component.
 */
export function reloadOn<T, C extends { query: string }>(
  model: PagedList<T, C>,
  list: VirtualList,
  criteria: () => C,
  version: () => number,
): void {
  let lastVersion: string | null = null;
  let lastCriteria = '';
  $effect(() => {
    const c = criteria();
    const v = `${version()}/${app.dataVersion}`;
    untrack(() => {
      const key = JSON.stringify(c);
      const keepPosition = lastVersion !== null && v !== lastVersion;
      const same = key === lastCriteria;
      lastVersion = v;
      lastCriteria = key;
      if (keepPosition && same) {
        void model.refresh();
        return;
      }
      if (!keepPosition) list.toTop(c.query !== '');
      void model.reset({ ...c });
    });
  });
}
