// The export page's arithmetic of dates and kinds, kept apart from the component so that it
// can be tested as plain functions. Dates are `YYYY-MM-DD` text, as the core takes them.
import type { ExportKind } from './bindings';

/** The kinds in the order the page lists them. */
export const EXPORT_KINDS: ExportKind[] = [
  'pack',
  'vouchers',
  'ledger',
  'orders',
  'returns',
  'payments',
  'receivables',
  'statement',
  'customers',
  'stock',
];

/** The kinds that cover a period (the others are as of today). */
export function needsPeriod(kind: ExportKind): boolean {
  return kind === 'orders' || kind === 'ledger' || kind === 'returns' || kind === 'payments' || kind === 'statement';
}

/** The kinds that cover a calendar month, `YYYY-MM`. */
export function needsMonth(kind: ExportKind): boolean {
  return kind === 'pack' || kind === 'vouchers';
}

/** The kinds whose file the core decides: the pack is a workbook of several sheets, which CSV
 * cannot hold, and vouchers take the layout their software imports. */
export function workbookOnly(kind: ExportKind): boolean {
  return kind === 'pack' || kind === 'vouchers';
}

export type Period = { from: string; to: string };

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function lastDay(year: number, month: number): number {
  // Day 0 of the next month is the last day of this one; the UTC calendar has no time zone to slip on.
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The month `offset` months from the one `today` falls in: 0 this month, -1 last month. */
export function monthPeriod(today: string, offset: number): Period {
  const [y, m] = today.split('-').map(Number);
  const index = y * 12 + (m - 1) + offset;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  return { from: `${year}-${pad(month)}-01`, to: `${year}-${pad(month)}-${pad(lastDay(year, month))}` };
}

/** From the first of January to today. */
export function yearToDate(today: string): Period {
  return { from: `${today.slice(0, 4)}-01-01`, to: today };
}

/** The PC's local date, for when the core's (which `FOLIO_NOW` can pin) is not known yet. */
export function localToday(now = new Date()): string {
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
