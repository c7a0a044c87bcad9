// Reminders for the tests of this folder (not a test file itself).
import type { Reminder, TodayReminders } from '../../lib/bindings';

export function reminder(id: number, overrides: Partial<Reminder> = {}): Reminder {
  return {
    id,
    rule: null,
    customer: `C${String(id).padStart(4, '0')}`,
    customer_name: `书店 ${id}`,
    kind: 'call',
    due: '2026-11-23',
    status: 'open',
    snoozed_until: null,
    bucket: 'today',
    note: '',
    every: null,
    customers: [],
    customers_total: 0,
    title: null,
    order: null,
    case_id: null,
    created_at: '2026-11-01T09:00:00',
    closed_at: null,
    ...overrides,
  };
}

/** Today's lists as the core sends them, `due_count` being the overdue and today's, on the core's
 * `date` (the tests' pinned day unless said otherwise). */
export function todayLists(
  overdue: Reminder[],
  today: Reminder[],
  upcoming: Reminder[] = [],
  date = '2026-11-23',
): TodayReminders {
  return { date, overdue, today, upcoming, due_count: overdue.length + today.length };
}
