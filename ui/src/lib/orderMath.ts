// Live figures of a sales order while it is typed: line 码洋 / 实洋, totals and the average
// discount, in integer fen and basis points. The Rust core computes the real figures when the
// order is saved; the ones shown while typing follow the same rules (domain.md).
import { discountBp, lineFigures, lineNetFen, parseQuantity } from './documents';

export { discountBp, lineNetFen, parseQuantity };

export type OrderLineFigures = {
  quantity: number | null;
  /** The discount that applies: the line's own, else the fallback (order's, else customer's). */
  bp: number | null;
  /** 码洋: list price × quantity. */
  listFen: number | null;
  /** 实洋: round-half-up(list price × quantity × bp / 10000), once per line. */
  netFen: number | null;
};

/** A stock document's line figures (lib/documents.ts) with the line's 码洋 beside its 实洋. */
export function orderLineFigures(listPriceFen: number, qtyRaw: string, discountRaw: string, fallbackBp: number | null): OrderLineFigures {
  const { quantity, bp, net } = lineFigures(listPriceFen, qtyRaw, discountRaw, fallbackBp);
  return { quantity, bp, listFen: quantity === null ? null : listPriceFen * quantity, netFen: net };
}

/**
 * Adds `n` copies to the line of title `titleId`, or pushes the new line `make()` when there is
 * none; returns the line that was there (null when the line is new). Scanning a book again, or
 * pasting a list with a title already on the order, adds to its line instead of repeating it.
 */
export function addCopies<L extends { title_id: number; qty: string }>(lines: L[], titleId: number, n: number, make: () => L): L | null {
  const existing = lines.find((l) => l.title_id === titleId);
  if (existing) {
    existing.qty = String((parseQuantity(existing.qty, 0) ?? 0) + n);
    return existing;
  }
  lines.push(make());
  return null;
}

export type OrderTotals = {
  titles: number;
  copies: number;
  listFen: number;
  /** Null while some line cannot be computed (a bad quantity or discount). */
  netFen: number | null;
  /** 平均折扣 = 实洋 ÷ 码洋 in basis points, rounded half up; null without a 实洋 or 码洋. */
  averageBp: number | null;
};

/** 平均折扣 in basis points: 实洋 ÷ 码洋, rounded half up to the basis point. */
export function averageBp(netFen: number, listFen: number): number | null {
  if (listFen <= 0) return null;
  return Math.floor((netFen * 10000 * 2 + listFen) / (listFen * 2));
}

export function orderTotals(lines: { listPriceFen: number; qty: string; discount: string }[], fallbackBp: number | null): OrderTotals {
  let copies = 0;
  let listFen = 0;
  let netFen: number | null = 0;
  for (const l of lines) {
    const f = orderLineFigures(l.listPriceFen, l.qty, l.discount, fallbackBp);
    if (f.quantity !== null) {
      copies += f.quantity;
      listFen += f.listFen ?? 0;
    }
    netFen = f.netFen === null || netFen === null ? null : netFen + f.netFen;
  }
  return {
    titles: lines.length,
    copies,
    listFen,
    netFen,
    averageBp: netFen === null ? null : averageBp(netFen, listFen),
  };
}

/**
 * The discount a line without its own takes: the order's (when it parses), else the customer's.
 * Null when neither is known (no customer yet) or the order's discount does not parse.
 */
export function fallbackDiscount(orderDiscountRaw: string, customerBp: number | null): number | null {
  return discountBp(orderDiscountRaw, customerBp);
}

/** A line is short when more copies are ordered than are on hand (on hand unknown: not short). */
export function isShort(qtyRaw: string, onHand: number | null): boolean {
  if (onHand === null) return false;
  const q = parseQuantity(qtyRaw);
  return q !== null && q > onHand;
}

/** A quantity before the scan (`40*…`, `40×…`, `40 x …`), and one after it (`…*40`, `… x40`). */
const QTY_FIRST = /^(\d{1,6})\s*[*×xX]\s*(\S.*)$/;
const QTY_LAST = /^(.*\S)\s*[*×xX]\s*(\d{1,6})$/;

/**
 * A scan with a quantity typed beside it, as clerks do for a stack of the same book:
 * `40*9787020002207`, `9787020002207*40`, `40×…`, `…x40`. Gives the text to look up and the
 * copies; text without a quantity is one copy. The sign must be there: digits alone are the
 * ISBN, and an ISBN-10's final X has no digits after it. Six digits at most, as a line holds.
 */
export function splitScanQuantity(raw: string): { text: string; quantity: number } {
  const text = raw.trim();
  const first = QTY_FIRST.exec(text);
  if (first && Number(first[1]) > 0) return { text: first[2].trim(), quantity: Number(first[1]) };
  const last = QTY_LAST.exec(text);
  if (last && Number(last[2]) > 0) return { text: last[1].trim(), quantity: Number(last[2]) };
  return { text, quantity: 1 };
}
