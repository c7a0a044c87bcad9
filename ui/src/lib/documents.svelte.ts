// What the stock documents page shows: the list, an editor, or one posted document.
import { onDestroy, tick } from 'svelte';
import type { StockDocument, Title } from './bindings';
import type { DocKind, EditorKind } from './documents';
import type { MessageKey } from './i18n';
import { t } from './locale.svelte';

export type DocScreen =
  | { name: 'list' }
  | { name: 'editor'; kind: EditorKind }
  | { name: 'stocktake' }
  | { name: 'view'; doc: StockDocument; reverses: string | null; belowZero: string[] };

export const docs = $state({
  screen: { name: 'list' } as DocScreen,
  /** The open editor holds lines that leaving would lose. */
  dirty: false,
  /** The "discard the lines?" step is showing. */
  confirmLeave: false,
  /** Modals open above the editor (supplier form, title form): they own Esc and Ctrl+Enter. */
  modals: 0,
  /** Kind filter of the list: '' for all. */
  kind: '' as '' | DocKind,
  /** Bumped to make the list reload. */
  listVersion: 0,
});

export type DraftLine = { key: number; title: Title; qty: string; discount: string };
export type CountRow = { key: number; title: Title; counted: string };
/** `invoice` and `invoiceDate`: a receipt's supplier invoice (number and date), blank when none. */
export type EditorDraft = { lines: DraftLine[]; supplier: string; reason: string; invoice: string; invoiceDate: string };
export type StocktakeDraft = { rows: CountRow[]; reason: string; bin: string; category: string; uncountedZero: boolean };

function emptyEditor(): EditorDraft {
  return { lines: [], supplier: '', reason: '', invoice: '', invoiceDate: '' };
}

function emptyStocktake(): StocktakeDraft {
  return { rows: [], reason: '', bin: '', category: '', uncountedZero: false };
}

/**
 * What the editors hold, kept here so that a document being entered survives a visit to another
 * section. Cleared when the editor is left on purpose (discarded or posted).
 */
export const drafts = $state({
  receipt: emptyEditor(),
  supplier_return: emptyEditor(),
  opening: emptyEditor(),
  write_off: emptyEditor(),
  stocktake: emptyStocktake(),
});

let keySeq = 0;
/** A key for a new line, unique for the session. */
export function lineKey(): number {
  keySeq += 1;
  return keySeq;
}

function clearDrafts(): void {
  drafts.receipt = emptyEditor();
  drafts.supplier_return = emptyEditor();
  drafts.opening = emptyEditor();
  drafts.write_off = emptyEditor();
  drafts.stocktake = emptyStocktake();
}

export function openEditor(kind: EditorKind | 'stocktake'): void {
  docs.dirty = false;
  docs.confirmLeave = false;
  docs.screen = kind === 'stocktake' ? { name: 'stocktake' } : { name: 'editor', kind };
}

export function showDocument(doc: StockDocument, reverses: string | null = null): void {
  clearDrafts();
  docs.dirty = false;
  docs.confirmLeave = false;
  docs.screen = { name: 'view', doc, reverses, belowZero: doc.below_zero ?? [] };
  docs.listVersion += 1;
}

/**
 * Opens a posted document from elsewhere (a supplier's purchase history). Unlike
 * `showDocument` after posting, a document being entered stays in its draft.
 */
export function viewDocument(doc: StockDocument): void {
  docs.dirty = false;
  docs.confirmLeave = false;
  docs.screen = { name: 'view', doc, reverses: doc.reverses, belowZero: [] };
}

export function backToList(): void {
  clearDrafts();
  docs.dirty = false;
  docs.confirmLeave = false;
  docs.screen = { name: 'list' };
}

/** Leave an editor: straight away when nothing would be lost, else ask first. */
export function requestLeave(): void {
  if (docs.dirty) docs.confirmLeave = true;
  else backToList();
}

export function modalOpened(): void {
  docs.modals += 1;
}

export function modalClosed(): void {
  docs.modals = Math.max(0, docs.modals - 1);
}

export function resetDocs(): void {
  clearDrafts();
  docs.screen = { name: 'list' };
  docs.dirty = false;
  docs.confirmLeave = false;
  docs.modals = 0;
  docs.kind = '';
  docs.listVersion = 0;
}

/** A document kind as the trade names it; an unknown kind is shown as it came. */
export function kindLabel(kind: string): string {
  return kind in KIND_KEYS ? t(KIND_KEYS[kind]) : kind;
}

export function statusLabel(status: string): string {
  if (status === 'posted') return t('doc_status_posted');
  if (status === 'reversed') return t('doc_status_reversed');
  return status;
}

const KIND_KEYS: Record<string, MessageKey> = {
  receipt: 'doc_kind_receipt',
  supplier_return: 'doc_kind_supplier_return',
  stocktake: 'doc_kind_stocktake',
  opening: 'doc_kind_opening',
  write_off: 'doc_kind_write_off',
};

/**
 * The line just scanned in an editor: lit for a moment (its row's `flash` class) and scrolled into
 * view in `box`. Create it while the component initialises: its timer ends with the component.
 */
export class LineFlash {
  key = $state<number | null>(null);
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly box: () => HTMLElement | null) {
    onDestroy(() => clearTimeout(this.timer));
  }

  show(key: number): void {
    this.key = key;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => (this.key = null), 900);
    void tick().then(() => this.box()?.querySelector(`[data-key="${key}"]`)?.scrollIntoView?.({ block: 'nearest' }));
  }
}

/** Ctrl+Enter (⌘+Enter) posts an editor's document, unless a dialog or the leave question is open. */
export function postKeys(post: () => void): (e: KeyboardEvent) => void {
  return (e) => {
    if (e.isComposing || e.keyCode === 229 || docs.modals > 0 || docs.confirmLeave) return;
    if ((e.ctrlKey || e.metaKey) && e.key === 'Enter') {
      e.preventDefault();
      post();
    }
  };
}

/** Line numbers for a message, 1-based, from 0-based indexes: `2, 5, 9`, the first five and `…` past them. */
export function lineList(indexes: number[]): string {
  const shown = indexes.slice(0, 5).map((i) => String(i + 1));
  return indexes.length > 5 ? `${shown.join(', ')}, …` : shown.join(', ');
}
