// State of the Receivables section: which screen shows (the aging table or a
// customer's statement), the open forms, and the entry points other sections use
// (the customer page opens a customer's statement).
import { app, navigate } from './store.svelte';

export type Period = { from: string; to: string };

export type ReceivablesScreen = { name: 'aging' } | { name: 'statement'; code: string; from: string; to: string };

export type ReceivablesForm = { kind: 'payment'; customer: string } | { kind: 'opening'; customer: string };

export const rcvUi = $state({
  screen: { name: 'aging' } as ReceivablesScreen,
  /** Payment or opening-balance form, when open on the Receivables page. */
  form: null as ReceivablesForm | null,
  /** Bumped after a payment or opening balance so what is on screen reloads. */
  version: 0,
  /** Last "payment recorded" message, shown on the Receivables page. */
  notice: '',
});

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** A local date as `YYYY-MM-DD`. */
export function isoDate(d: Date): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

export function todayIso(now: Date = new Date()): string {
  return isoDate(now);
}

function monthPeriod(year: number, month: number): Period {
  // month is 0-based; day 0 of the next month is the last day of this one.
  return { from: isoDate(new Date(year, month, 1)), to: isoDate(new Date(year, month + 1, 0)) };
}

export function thisMonth(now: Date = new Date()): Period {
  return monthPeriod(now.getFullYear(), now.getMonth());
}

export function lastMonth(now: Date = new Date()): Period {
  return monthPeriod(now.getFullYear(), now.getMonth() - 1);
}

export function thisYear(now: Date = new Date()): Period {
  return { from: `${now.getFullYear()}-01-01`, to: `${now.getFullYear()}-12-31` };
}

/** Shows a customer's statement (this month unless a period is given), from anywhere. */
export function openStatement(code: string, period: Period = thisMonth()): void {
  rcvUi.screen = { name: 'statement', code, from: period.from, to: period.to };
  rcvUi.form = null;
  if (app.route !== 'receivables') navigate('receivables');
}

export function showAging(): void {
  rcvUi.screen = { name: 'aging' };
}

export function openPaymentForm(customer = ''): void {
  rcvUi.notice = '';
  rcvUi.form = { kind: 'payment', customer };
}

export function openOpeningForm(customer = ''): void {
  rcvUi.notice = '';
  rcvUi.form = { kind: 'opening', customer };
}

export function closeReceivablesForm(): void {
  rcvUi.form = null;
}

/** Money moved: reload the aging table and any open statement. */
export function receivablesChanged(): void {
  rcvUi.version += 1;
}

export function resetReceivables(): void {
  rcvUi.screen = { name: 'aging' };
  rcvUi.form = null;
  rcvUi.version = 0;
  rcvUi.notice = '';
}
