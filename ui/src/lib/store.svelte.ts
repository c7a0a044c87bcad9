// Application-wide UI state: current section, the open customer, the open form.
import type { AppStatus, Customer, TodayReminders } from './bindings';
import { api } from './api';

export type Route =
  | 'today'
  | 'customers'
  | 'orders'
  | 'catalogue'
  | 'documents'
  | 'suppliers'
  | 'receivables'
  | 'exchange'
  | 'reminders'
  | 'reports'
  | 'settings';

export const ROUTES: Route[] = [
  'today',
  'customers',
  'orders',
  'catalogue',
  'documents',
  'suppliers',
  'receivables',
  'exchange',
  'reminders',
  'reports',
  'settings',
];

export type FormState = { mode: 'create' } | { mode: 'edit'; customer: Customer };

export const app = $state({
  route: 'today' as Route,
  status: null as AppStatus | null,
  /** Customer shown in the detail panel. */
  detailId: null as number | null,
  /** Bumped to make the detail panel reload. */
  detailVersion: 0,
  /** Create/edit form, when open. */
  form: null as FormState | null,
  /** Bumped to make the customer list reload (after a save, archive, sample load). */
  listVersion: 0,
  /** The archive confirmation step in the detail panel is showing. */
  confirmArchive: false,
  /**
   * Bumped when another program (the CLI) changed the file: every list, record and count on
   * screen loads again in place (`lib/outside.svelte.ts`). Never reset what is being typed.
   */
  dataVersion: 0,
  /** Why the file was found damaged, once it was: Folio refuses every write, reads still work. */
  damage: null as string | null,
  /** A reminder to show on Today (its desktop notification was clicked). */
  openReminder: null as number | null,
  /**
   * Open reminders overdue or due today (`TodayReminders.due_count`), shown on the Today item of
   * the navigation; null until first read. Refreshed with the status and after each reminder action.
   */
  dueCount: null as number | null,
  /**
   * The core's today (`TodayReminders.date`), which the reminders' buckets were made against;
   * "overdue by N days" counts from it. Null until Today's lists were first read.
   */
  coreToday: null as string | null,
});

export function navigate(route: Route): void {
  app.route = route;
}

export function openNewCustomer(): void {
  app.confirmArchive = false;
  app.form = { mode: 'create' };
}

export function openEditCustomer(customer: Customer): void {
  app.confirmArchive = false;
  app.form = { mode: 'edit', customer };
}

export function closeForm(): void {
  app.form = null;
}

export function showCustomer(id: number): void {
  app.confirmArchive = false;
  app.detailId = id;
  app.detailVersion += 1;
}

export function closeDetail(): void {
  app.confirmArchive = false;
  app.detailId = null;
}

/** A customer was created, changed, archived or restored. */
export function customerChanged(customer: Customer): void {
  app.listVersion += 1;
  void customer;
  void refreshStatus();
}

export async function refreshStatus(): Promise<void> {
  try {
    const status = await api.appStatus();
    if (!status.error) app.status = status;
    if (status.damage) app.damage = status.damage;
  } catch {
    // keep the last known status; app_status is not supposed to fail
  }
}

/** Keeps the count and the core's date from Today's lists (a test's backend may send less). */
export function takeToday(today: TodayReminders | null | undefined): void {
  if (typeof today?.due_count === 'number') app.dueCount = today.due_count;
  if (typeof today?.date === 'string') app.coreToday = today.date;
}

/** Reads the number of reminders due again (the count on the navigation). */
export async function refreshDueCount(): Promise<void> {
  try {
    const today = await api.remindersToday();
    takeToday(today);
  } catch {
    // keep the last known count: the list on Today shows the error
  }
}

/** Focus the element with `id` once the DOM has caught up. */
export function focusSoon(id: string, select = false): void {
  const run = () => {
    const el = document.getElementById(id);
    if (el instanceof HTMLElement) {
      el.focus();
      if (select && el instanceof HTMLInputElement) el.select();
    }
  };
  queueMicrotask(run);
  setTimeout(run, 0);
}
