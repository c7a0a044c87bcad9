// What the reminder views share: the order of the types, grouping a list by type, how a
// reminder's due date, repeat, rule and subject read, and opening its customer.
import { api } from '../../lib/api';
import type { Reminder, ReminderEvent, ReminderKind } from '../../lib/bindings';
import { formatDate } from '../../lib/format';
import type { MessageKey } from '../../lib/i18n';
import { t } from '../../lib/locale.svelte';
import { todayIso } from '../../lib/receivables.svelte';
import { app, navigate, showCustomer } from '../../lib/store.svelte';

/** The types in the order Today groups them (ReminderKind::ALL). */
export const KINDS: readonly ReminderKind[] = ['call', 'visit', 'collect', 'catalogue', 'care', 'other'];

/** The rules that make reminders (the schema's list); anything else reads as made by hand. */
export const RULES = [
  'dormant',
  'overdue',
  'over_credit',
  'birthday',
  'festival',
  'low_stock',
  'backorder',
  'settlement',
  'case_follow_up',
  'statement',
] as const;

export type Group = { kind: ReminderKind; rows: Reminder[] };

/** `rows` grouped by type, in KINDS order, each group keeping the list's (due) order; no empty groups. */
export function groupByKind(rows: readonly Reminder[]): Group[] {
  return KINDS.map((kind) => ({ kind, rows: rows.filter((r) => r.kind === kind) })).filter((g) => g.rows.length > 0);
}

export function kindLabel(kind: ReminderKind): string {
  return t(`rem_kind_${kind}` as MessageKey);
}

/** The rule that made it in words; null: made by hand; a rule this version does not know: a rule. */
export function ruleLabel(rule: string | null): string {
  if (rule === null) return t('rem_rule_hand');
  return (RULES as readonly string[]).includes(rule) ? t(`rem_rule_${rule}` as MessageKey) : t('rem_rule_unknown');
}

/** When it is due now: the snoozed-until date while snoozed, else the due date (as the core buckets it). */
export function effectiveDue(r: Reminder): string {
  return r.snoozed_until ?? r.due;
}

/** Whole days from the date `from` to the date `to` (both `YYYY-MM-DD…`), by the calendar. */
export function daysBetween(from: string, to: string): number {
  const day = (s: string) => {
    const [y, m, d] = s.slice(0, 10).split('-').map(Number);
    return Date.UTC(y, m - 1, d) / 86_400_000;
  };
  return Math.round(day(to) - day(from));
}

/** `2026-11-23T09:30` → `2026-11-23 09:30`; a date alone stays a date. */
export function formatDue(due: string): string {
  const time = /T(\d{2}:\d{2})/.exec(due)?.[1];
  return time ? `${formatDate(due)} ${time}` : formatDate(due);
}

/**
 * How far off it is: "Overdue by 3 days" for an overdue one (counted from its effective due date
 * to the core's today, else the window's; plain "Overdue" should the two disagree), "Today"
 * or "Today at 14:00" for one due today, else the date.
 */
export function dueWords(r: Reminder, today: string = app.coreToday ?? todayIso()): string {
  const due = effectiveDue(r);
  const time = /T(\d{2}:\d{2})/.exec(due)?.[1];
  if (r.bucket === 'overdue') {
    const n = daysBetween(due, today);
    return n >= 1 ? t('rem_overdue_by', { n }) : t('rem_overdue_plain');
  }
  if (r.bucket === 'today') return time ? t('rem_due_at', { time }) : t('rem_due_today');
  return formatDue(due);
}

/** `30d` → "Every 30 days", `1w` → "Every week"; null for one that does not repeat. */
export function everyWords(every: string | null): string | null {
  if (!every) return null;
  const m = /^(\d+)([dwmy])$/.exec(every.trim());
  if (!m) return every;
  const n = Number(m[1]);
  const unit = m[2] as 'd' | 'w' | 'm' | 'y';
  return n === 1 ? t(`rem_every_${unit}_1`) : t(`rem_every_${unit}`, { n });
}

/** What a reminder is about, as its row names it. */
export type Subject =
  | { kind: 'customer'; code: string; name: string }
  /** `list`: the first the core sent (it cuts a long list); `total`: how many it names in all. */
  | { kind: 'customers'; list: { code: string; name: string }[]; total: number }
  | { kind: 'title'; title: string }
  | { kind: 'none' };

/** `C0001 新华书店` (the festival list's shape) → code and name. */
function splitCustomer(s: string): { code: string; name: string } {
  const i = s.indexOf(' ');
  return i < 0 ? { code: s, name: '' } : { code: s.slice(0, i), name: s.slice(i + 1) };
}

export function subjectOf(r: Reminder): Subject {
  if (r.customer) return { kind: 'customer', code: r.customer, name: r.customer_name ?? '' };
  if (r.customers.length > 0) {
    const total = Math.max(r.customers_total ?? 0, r.customers.length);
    return { kind: 'customers', list: r.customers.map(splitCustomer), total };
  }
  if (r.title) return { kind: 'title', title: r.title };
  return { kind: 'none' };
}

/** The code of the customer "Open customer" opens: its own, or the first a festival names. */
export function customerToOpen(r: Reminder): string | null {
  return r.customer ?? (r.customers.length > 0 ? splitCustomer(r.customers[0]).code : null);
}

/** A short name of the reminder for a notice: its customer's name, else its title or type. */
export function shortName(r: Reminder): string {
  const s = subjectOf(r);
  if (s.kind === 'customer') return s.name || s.code;
  if (s.kind === 'customers') {
    const names = s.list.slice(0, 3).map((c) => c.name || c.code).join(t('rem_list_sep'));
    return s.total > 3 ? `${names} ${t('rem_customers_more', { n: s.total - 3 })}` : names;
  }
  if (s.kind === 'title') return s.title;
  return kindLabel(r.kind);
}

/** A history line in words. */
export function eventWords(e: ReminderEvent): string {
  switch (e.event) {
    case 'created':
      return t('rem_event_created');
    case 'snoozed':
      return t('rem_event_snoozed', { note: formatDue(e.note) });
    case 'done':
      return t('rem_event_done');
    case 'next':
      return t('rem_event_next', { note: formatDue(e.note) });
    case 'closed':
      return e.note === 'dismissed' ? t('rem_event_closed_dismissed') : t('rem_event_closed');
    case 'reopened':
      return t('rem_event_reopened');
    default:
      return e.event;
  }
}

/**
 * Opens a customer's page by its code, as the customer list does (the customers section with
 * the customer's details). The code is looked up through the list's search, archived customers
 * included; resolves false when there is no such customer.
 */
export async function openCustomerByCode(code: string): Promise<boolean> {
  const page = await api.customersList({ query: code, offset: 0, limit: 20, include_archived: true });
  const found = page.rows.find((c) => c.code.toLowerCase() === code.toLowerCase());
  if (!found) return false;
  app.form = null;
  navigate('customers');
  showCustomer(found.id);
  return true;
}
