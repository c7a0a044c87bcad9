// Pure helpers for stock documents: discount reading and live line figures (integer fen, no float
// money). The Rust core computes the real figures when a document is posted.
import { parseDiscountHint } from './format';

export type DocKind = 'receipt' | 'supplier_return' | 'stocktake' | 'opening' | 'write_off';
export const DOC_KINDS: DocKind[] = ['receipt', 'supplier_return', 'stocktake', 'opening', 'write_off'];

/** The kinds entered in DocumentEditor (a stocktake has its own screen). */
export type EditorKind = 'receipt' | 'supplier_return' | 'opening' | 'write_off';

/** The blank discount of an opening-stock line when the item has no supplier with a default: 6折. */
export const OPENING_DEFAULT_BP = 6000;

/**
 * The discount in basis points for a line: blank takes `fallbackBp` (the supplier's default);
 * `6.5折`, `65%`, `0.65` are read like the core reads them. Null when it does not parse or is out
 * of range. A bare `65` is refused, as the core refuses it (ambiguous: 65% or 6.5折?).
 */
export function discountBp(raw: string, fallbackBp: number | null): number | null {
  const hint = parseDiscountHint(toHalfwidth(raw));
  if (hint.kind === 'blank') return fallbackBp;
  if (hint.kind === 'ok') return hint.bp;
  return null;
}

function toHalfwidth(s: string): string {
  return s.replace(/[\uFF10-\uFF19\uFF0E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
}

/** A quantity as typed: a whole number from `min` up, else null. */
export function parseQuantity(raw: string, min = 1): number | null {
  const s = toHalfwidth(raw).trim();
  if (!/^\d{1,7}$/.test(s)) return null;
  const n = Number(s);
  return n >= min && n <= 1_000_000 ? n : null;
}

/**
 * round-half-up(price × qty × bp / 10000), to the fen, as the core rounds it (halves go up, also
 * below zero). Exact while the product stays far inside Number.MAX_SAFE_INTEGER (any real line).
 */
export function lineNetFen(listPriceFen: number, quantity: number, bp: number): number {
  return Math.floor((listPriceFen * quantity * bp + 5000) / 10000);
}

export type LineFigures = { quantity: number | null; bp: number | null; unitCost: number | null; net: number | null };

export function lineFigures(listPriceFen: number, qtyRaw: string, discountRaw: string, fallbackBp: number | null): LineFigures {
  const quantity = parseQuantity(qtyRaw);
  const bp = discountBp(discountRaw, fallbackBp);
  return {
    quantity,
    bp,
    unitCost: bp === null ? null : lineNetFen(listPriceFen, 1, bp),
    net: bp === null || quantity === null ? null : lineNetFen(listPriceFen, quantity, bp),
  };
}

export type Totals = { titles: number; copies: number; listFen: number; netFen: number | null };

/**
 * 品种, 册数, 码洋, 实洋 of the lines; 实洋 is null while some line cannot be computed. A line's own
 * `fallbackBp` (opening stock: its item's supplier default) wins over the document's.
 */
export function documentTotals(
  lines: { listPriceFen: number; qty: string; discount: string; fallbackBp?: number | null }[],
  fallbackBp: number | null,
): Totals {
  let copies = 0;
  let listFen = 0;
  let netFen: number | null = 0;
  for (const l of lines) {
    const f = lineFigures(l.listPriceFen, l.qty, l.discount, l.fallbackBp !== undefined ? l.fallbackBp : fallbackBp);
    if (f.quantity !== null) {
      copies += f.quantity;
      listFen += l.listPriceFen * f.quantity;
    }
    netFen = f.net === null || netFen === null ? null : netFen + f.net;
  }
  return { titles: lines.length, copies, listFen, netFen };
}

/** The 0-based line index an error's field names (`lines.2`, `lines.2.quantity`), else null. */
export function errorLine(field: string | undefined): number | null {
  const m = field ? /^lines\.(\d+)(?:\.|$)/.exec(field) : null;
  return m ? Number(m[1]) : null;
}

