import { afterEach, describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import TodayReminders from './TodayReminders.svelte';
import { customer, mockBackend, resetState, summary, type Call } from '../../test/fixtures';
import { pinDate } from '../../test/clock';
import type { Interaction, Reminder } from '../../lib/bindings';
import { app } from '../../lib/store.svelte';
import { locale } from '../../lib/locale.svelte';
import { en, zhCN } from '../../lib/i18n';
import { reminder, todayLists } from './testData';

/**
 * A stand-in core holding reminders: Today's lists by bucket, done removing one (or moving a
 * recurring one on), snooze moving it, history, the customer search and the call log.
 */
function core(initial: Reminder[]) {
  const rows = new Map(initial.map((r) => [r.id, { ...r }]));
  const calls = mockBackend((cmd, args) => {
    const id = args.id as number;
    switch (cmd) {
      case 'reminders_today': {
        const open = [...rows.values()];
        return todayLists(
          open.filter((r) => r.bucket === 'overdue'),
          open.filter((r) => r.bucket === 'today'),
          open.filter((r) => r.bucket === 'upcoming'),
        );
      }
      case 'reminder_done': {
        const r = rows.get(id)!;
        const input = args.input as { next_due: string; next_note: string };
        if (r.every) {
          const moved = { ...r, due: '2026-12-23', bucket: null };
          rows.delete(id);
          return { ...moved, bucket: 'upcoming' };
        }
        rows.delete(id);
        if (input.next_due) return reminder(99, { due: input.next_due, note: input.next_note, bucket: 'upcoming' });
        return { ...r, status: 'done', bucket: null };
      }
      case 'reminder_snooze': {
        const r = rows.get(id)!;
        const until = args.until === 'tomorrow' ? '2026-11-24' : (args.until as string);
        const snoozed = { ...r, status: 'snoozed' as const, snoozed_until: until, bucket: 'upcoming' as const };
        rows.set(id, snoozed);
        return snoozed;
      }
      case 'reminder_history':
        return [
          { at: '2026-11-01T09:00:00', event: 'created', note: '' },
          { at: '2026-11-20T10:15:00', event: 'snoozed', note: '2026-11-23' },
        ];
      case 'customers_list':
        return { total: 1, offset: 0, rows: [summary(6, { id: 42, code: 'C0007', name: '书店 7' })] };
      case 'customer_get':
        return customer({ id: 42, code: 'C0007' });
      case 'interaction_add': {
        rows.delete((args.input as { reminder_id: number }).reminder_id);
        return { id: 5, customer: 'C0007' } as Partial<Interaction>;
      }
      default:
        return null;
    }
  });
  return { rows, calls };
}

const of = (calls: Call[], cmd: string) => calls.filter((c) => c.cmd === cmd).map((c) => c.args);
const rowIds = () => screen.queryAllByTestId('reminder-row').map((el) => Number(el.dataset.id));
const row = (id: number) => document.querySelector<HTMLElement>(`[data-testid="reminder-row"][data-id="${id}"]`)!;
const focusedId = () => Number((document.activeElement as HTMLElement | null)?.dataset.id);

describe('Today: the reminders', () => {
  pinDate(new Date(2026, 10, 23, 9, 0, 0));
  afterEach(() => {
    resetState();
    app.dueCount = null;
  });

  it('groups the overdue and today’s by type, in the order of the types, and lists the week ahead', async () => {
    core([
      reminder(1, { kind: 'visit', bucket: 'overdue', due: '2026-11-20' }),
      reminder(2, { kind: 'call', bucket: 'overdue', due: '2026-11-21' }),
      reminder(3, { kind: 'visit', bucket: 'overdue', due: '2026-11-22' }),
      reminder(4, { kind: 'other', bucket: 'today' }),
      reminder(5, { kind: 'collect', bucket: 'today' }),
      reminder(6, { kind: 'care', bucket: 'upcoming', due: '2026-11-26' }),
    ]);
    render(TodayReminders);
    await screen.findAllByTestId('reminder-row');
    const groups = (section: string) =>
      [...screen.getByTestId(`reminders-${section}`).querySelectorAll<HTMLElement>('[data-testid="reminder-group"]')].map((g) => ({
        kind: g.dataset.kind,
        title: g.querySelector('h4')?.textContent,
        ids: [...g.querySelectorAll<HTMLElement>('[data-testid="reminder-row"]')].map((r) => Number(r.dataset.id)),
      }));
    expect(groups('overdue')).toEqual([
      { kind: 'call', title: 'Call · 1', ids: [2] },
      { kind: 'visit', title: 'Visit · 2', ids: [1, 3] },
    ]);
    expect(groups('today')).toEqual([
      { kind: 'collect', title: 'Collect payment · 1', ids: [5] },
      { kind: 'other', title: 'Other · 1', ids: [4] },
    ]);
    // the week ahead is one list in date order, each row naming its type
    expect(within(screen.getByTestId('reminders-upcoming')).getByText('Care')).toBeTruthy();
    // the arrows go through the rows in the order shown
    expect(rowIds()).toEqual([2, 1, 3, 5, 4, 6]);
    expect(app.dueCount).toBe(5);
  });

  it.each([
    ['en', { bucket: 'overdue', due: '2026-11-20' }, 'Overdue by 3 days'],
    ['en', { bucket: 'overdue', due: '2026-11-22T16:00' }, 'Overdue by 1 day'],
    ['en', { bucket: 'overdue', due: '2026-11-01', snoozed_until: '2026-11-21' }, 'Overdue by 2 days'],
    ['en', { bucket: 'today', due: '2026-11-23T14:00' }, 'Today at 14:00'],
    ['en', { bucket: 'today', due: '2026-11-23' }, 'Today'],
    ['zh-CN', { bucket: 'overdue', due: '2026-11-20' }, '已逾期 3 天'],
    ['zh-CN', { bucket: 'today', due: '2026-11-23T14:00' }, '今天 14:00'],
  ] as const)('says when it is due (%s, %o): %s', async (lang, r, words) => {
    locale.lang = lang;
    core([reminder(1, r)]);
    render(TodayReminders);
    const due = await screen.findByTestId('reminder-when');
    expect(due.textContent).toBe(words);
    expect(due.classList.contains('overdue')).toBe(r.bucket === 'overdue');
  });

  it('counts the days overdue from the core’s today, not the window’s clock', async () => {
    // The window says 23 November; the core (FOLIO_NOW, or a clock set differently) says the 25th.
    mockBackend((cmd) =>
      cmd === 'reminders_today' ? todayLists([reminder(1, { bucket: 'overdue', due: '2026-11-20' })], [], [], '2026-11-25') : null,
    );
    render(TodayReminders);
    expect((await screen.findByTestId('reminder-when')).textContent).toBe('Overdue by 5 days');
    expect(app.coreToday).toBe('2026-11-25');
  });

  it('names the customer, a festival’s customers or a low-stock title, the rule and the repeat, in both languages', async () => {
    core([
      reminder(1, { rule: 'dormant', note: '问问春季教材', every: '30d' }),
      reminder(2, {
        rule: 'festival',
        kind: 'care',
        customer: null,
        customer_name: null,
        customers: ['C0001 新华书店', 'C0002 文轩书店', 'C0003 博库书城', 'C0004 钟书阁'],
      }),
      reminder(3, { rule: 'low_stock', kind: 'other', customer: null, customer_name: null, title: '9787020002207 红楼梦' }),
      reminder(4, { every: '1w' }),
      // a month-end statement's list, which the core cuts short and counts
      reminder(5, {
        rule: 'statement',
        kind: 'other',
        customer: null,
        customer_name: null,
        customers: ['C0001 新华书店', 'C0002 文轩书店', 'C0003 博库书城', 'C0004 钟书阁'],
        customers_total: 34994,
      }),
    ]);
    const { unmount } = render(TodayReminders);
    await screen.findAllByTestId('reminder-row');
    const text = (id: number, testid: string) => row(id).querySelector(`[data-testid="${testid}"]`)?.textContent?.replace(/\s+/g, ' ').trim();
    expect(text(1, 'reminder-subject')).toBe('C0001 书店 1');
    expect(text(1, 'reminder-rule')).toBe(en.rem_rule_dormant);
    expect(text(1, 'reminder-every')).toBe('↻ Every 30 days');
    expect(text(1, 'reminder-text')).toBe('问问春季教材');
    expect(text(2, 'reminder-subject')).toBe('C0001 新华书店, C0002 文轩书店, C0003 博库书城 and 1 more');
    expect(text(2, 'reminder-rule')).toBe('Festival');
    expect(text(5, 'reminder-subject')).toBe('C0001 新华书店, C0002 文轩书店, C0003 博库书城 and 34991 more');
    expect(text(3, 'reminder-subject')).toBe('9787020002207 红楼梦');
    expect(text(3, 'reminder-rule')).toBe('Low stock');
    // made by hand: no rule named
    expect(text(4, 'reminder-rule')).toBeUndefined();
    expect(text(4, 'reminder-every')).toBe('↻ Every week');
    unmount();

    locale.lang = 'zh-CN';
    render(TodayReminders);
    await screen.findAllByTestId('reminder-row');
    expect(text(1, 'reminder-rule')).toBe('久未订货');
    expect(text(1, 'reminder-every')).toBe('↻ 每 30 天');
    expect(text(2, 'reminder-subject')).toBe('C0001 新华书店、C0002 文轩书店、C0003 博库书城 等 1 家');
    expect(text(4, 'reminder-every')).toBe('↻ 每周');
    expect(screen.getByTestId('act-done').textContent).toContain(zhCN.rem_done);
  });

  it('moves with the arrows, and D marks the selected one done, the focus going on to the next row', async () => {
    const { calls } = core([
      reminder(1, { bucket: 'overdue', due: '2026-11-20' }),
      reminder(2, { bucket: 'overdue', due: '2026-11-21' }),
      reminder(3, { bucket: 'today' }),
    ]);
    render(TodayReminders);
    await screen.findAllByTestId('reminder-row');
    // one row takes Tab (the first), the others are reached by the arrows
    expect(screen.getAllByTestId('reminder-row').map((r) => r.tabIndex)).toEqual([0, -1, -1]);
    row(1).focus();
    await fireEvent.keyDown(row(1), { key: 'ArrowDown' });
    expect(focusedId()).toBe(2);
    await fireEvent.keyDown(row(2), { key: 'ArrowDown' });
    await fireEvent.keyDown(row(3), { key: 'ArrowDown' });
    expect(focusedId()).toBe(3);
    await fireEvent.keyDown(row(3), { key: 'ArrowUp' });
    expect(focusedId()).toBe(2);

    await fireEvent.keyDown(row(2), { key: 'd' });
    await waitFor(() => expect(rowIds()).toEqual([1, 3]));
    expect(of(calls, 'reminder_done')).toEqual([{ id: 2, input: { next_due: '', next_note: '' } }]);
    await waitFor(() => expect(focusedId()).toBe(3));
    expect(screen.getByTestId('reminder-notice').textContent).toBe('Done: 书店 2.');
    expect(app.dueCount).toBe(2);

    // the last one done: the focus goes back to the one before
    await fireEvent.keyDown(row(3), { key: 'D' });
    await waitFor(() => expect(rowIds()).toEqual([1]));
    await waitFor(() => expect(focusedId()).toBe(1));
    await fireEvent.keyDown(row(1), { key: 'd' });
    await waitFor(() => expect(rowIds()).toEqual([]));
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('new-reminder')));
    expect(screen.getByTestId('reminders-none-due').textContent).toBe(en.rem_none_due);
  });

  it('says where a recurring one moved on to', async () => {
    core([reminder(1, { every: '1m' }), reminder(2)]);
    render(TodayReminders);
    await screen.findAllByTestId('reminder-row');
    row(1).focus();
    await fireEvent.keyDown(row(1), { key: 'd' });
    expect((await screen.findByTestId('reminder-notice')).textContent).toBe('Done: 书店 1. Next on 2026-12-23.');
  });

  it('S snoozes in one step: a number picks when, or a date typed; a date refused shows on the date', async () => {
    const { calls } = core([reminder(1), reminder(2), reminder(3)]);
    render(TodayReminders);
    await screen.findAllByTestId('reminder-row');
    row(1).focus();
    await fireEvent.keyDown(row(1), { key: 's' });
    const dialog = await screen.findByTestId('snooze-dialog');
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('snooze-later_today')));
    await fireEvent.keyDown(document.activeElement!, { key: '2' });
    await waitFor(() => expect(screen.queryByTestId('snooze-dialog')).toBeNull());
    expect(of(calls, 'reminder_snooze')).toEqual([{ id: 1, until: 'tomorrow' }]);
    // snoozed to tomorrow, it is in the week ahead now; the focus went on to the next row
    await waitFor(() => expect(focusedId()).toBe(2));
    expect(rowIds()).toEqual([2, 3, 1]);
    expect(screen.getByTestId('reminder-notice').textContent).toBe('Snoozed until 2026-11-24: 书店 1.');
    void dialog;

    calls.length = 0;
    await fireEvent.keyDown(row(2), { key: 's' });
    const date = (await screen.findByTestId('snooze-date')) as HTMLInputElement;
    await fireEvent.input(date, { target: { value: '2026-11-30' } });
    await fireEvent.keyDown(date, { key: 'Enter' });
    await waitFor(() => expect(of(calls, 'reminder_snooze')).toEqual([{ id: 2, until: '2026-11-30' }]));
  });

  it('shows a snooze date refused under the date box, and stays open', async () => {
    mockBackend((cmd) => {
      if (cmd === 'reminders_today') return todayLists([], [reminder(1)]);
      if (cmd === 'reminder_snooze') throw { code: 'date_invalid', message: 'until is in the past', field: 'until' };
      return null;
    });
    render(TodayReminders);
    await screen.findAllByTestId('reminder-row');
    await fireEvent.click(screen.getByTestId('act-snooze'));
    const date = (await screen.findByTestId('snooze-date')) as HTMLInputElement;
    await fireEvent.input(date, { target: { value: '2026-11-01' } });
    await fireEvent.click(screen.getByTestId('snooze-date-go'));
    expect((await screen.findByTestId('error-until')).textContent).toBe(en.err_date_invalid);
    expect(date.getAttribute('aria-invalid')).toBe('true');
    await waitFor(() => expect(document.activeElement).toBe(date));
    expect(screen.getByTestId('snooze-dialog')).toBeTruthy();
  });

  it('N asks the next date and note, then marks it done and schedules the next in one call', async () => {
    const { calls } = core([reminder(1, { note: '对账' }), reminder(2)]);
    render(TodayReminders);
    await screen.findAllByTestId('reminder-row');
    row(1).focus();
    await fireEvent.keyDown(row(1), { key: 'n' });
    const due = (await screen.findByTestId('next-due')) as HTMLInputElement;
    await waitFor(() => expect(document.activeElement).toBe(due));
    expect((screen.getByTestId('next-note') as HTMLTextAreaElement).value).toBe('对账');
    await fireEvent.input(due, { target: { value: ' 2026-12-01 ' } });
    await fireEvent.input(screen.getByTestId('next-note'), { target: { value: '对账，带发票' } });
    await fireEvent.keyDown(due, { key: 'Enter' });
    await waitFor(() => expect(screen.queryByTestId('next-dialog')).toBeNull());
    expect(of(calls, 'reminder_done')).toEqual([{ id: 1, input: { next_due: '2026-12-01', next_note: '对账，带发票' } }]);
    await waitFor(() => expect(focusedId()).toBe(2));
    expect(screen.getByTestId('reminder-notice').textContent).toBe('Done: 书店 1. Next on 2026-12-01.');
  });

  it('shows a next date refused on the date, and the dialog stays', async () => {
    mockBackend((cmd) => {
      if (cmd === 'reminders_today') return todayLists([], [reminder(1)]);
      if (cmd === 'reminder_done') throw { code: 'date_invalid', message: 'next_due is not a date', field: 'next_due' };
      return null;
    });
    render(TodayReminders);
    await screen.findAllByTestId('reminder-row');
    await fireEvent.click(screen.getByTestId('act-next'));
    const due = (await screen.findByTestId('next-due')) as HTMLInputElement;
    await fireEvent.input(due, { target: { value: '2026-13-01' } });
    await fireEvent.click(screen.getByTestId('next-save'));
    expect((await screen.findByTestId('error-next_due')).textContent).toBe(en.err_date_invalid);
    expect(screen.getByTestId('next-dialog')).toBeTruthy();
  });

  it('L opens the call log for its customer with the reminder, whose save marks it done', async () => {
    const { calls } = core([reminder(7, { note: '催款' }), reminder(8)]);
    render(TodayReminders);
    await screen.findAllByTestId('reminder-row');
    row(7).focus();
    await fireEvent.keyDown(row(7), { key: 'l' });
    const form = await screen.findByTestId('interaction-form');
    expect(form.textContent).toContain('书店 7');
    await fireEvent.input(screen.getByTestId('interaction-summary'), { target: { value: '已催款，月底付' } });
    await fireEvent.click(screen.getByTestId('save-interaction'));
    await waitFor(() => expect(screen.queryByTestId('interaction-form')).toBeNull());
    expect(of(calls, 'interaction_add').map((a) => a.input)).toEqual([
      expect.objectContaining({ customer: 'C0007', reminder_id: 7, summary: '已催款，月底付' }),
    ]);
    // the core marked it done in the same save: no reminder_done of its own
    expect(of(calls, 'reminder_done')).toEqual([]);
    await waitFor(() => expect(rowIds()).toEqual([8]));
    await waitFor(() => expect(focusedId()).toBe(8));
    expect(screen.getByTestId('reminder-notice').textContent).toBe('Logged, and done: 书店 7.');
  });

  it('cannot log a call for a reminder about no one customer', async () => {
    core([reminder(1, { customer: null, customer_name: null, title: '9787020002207 红楼梦', rule: 'low_stock' })]);
    render(TodayReminders);
    await screen.findAllByTestId('reminder-row');
    expect((screen.getByTestId('act-log') as HTMLButtonElement).disabled).toBe(true);
    expect((screen.getByTestId('act-open') as HTMLButtonElement).disabled).toBe(true);
    row(1).focus();
    await fireEvent.keyDown(row(1), { key: 'l' });
    expect(screen.queryByTestId('interaction-form')).toBeNull();
  });

  it.each(['o', 'Enter'])('%s opens the customer’s page', async (key) => {
    const { calls } = core([reminder(7)]);
    render(TodayReminders);
    await screen.findAllByTestId('reminder-row');
    row(7).focus();
    await fireEvent.keyDown(row(7), { key });
    await waitFor(() => expect(app.route).toBe('customers'));
    expect(app.detailId).toBe(42);
    expect(of(calls, 'customers_list')).toEqual([{ query: { query: 'C0007', offset: 0, limit: 20, include_archived: true } }]);
  });

  it('H shows the history of the selected one, in words', async () => {
    const { calls } = core([reminder(3)]);
    render(TodayReminders);
    await screen.findAllByTestId('reminder-row');
    row(3).focus();
    await fireEvent.keyDown(row(3), { key: 'h' });
    const history = await screen.findByTestId('reminder-history');
    await waitFor(() => expect(history.querySelectorAll('li')).toHaveLength(2));
    expect(history.textContent).toContain('2026-11-01 09:00 Made');
    expect(history.textContent).toContain('2026-11-20 10:15 Snoozed until 2026-11-23');
    expect(of(calls, 'reminder_history')).toEqual([{ id: 3 }]);
    await fireEvent.keyDown(row(3), { key: 'h' });
    expect(screen.queryByTestId('reminder-history')).toBeNull();
  });

  it('loads again when another program changed the file, the focus staying on its row', async () => {
    const { rows, calls } = core([reminder(1), reminder(2)]);
    render(TodayReminders);
    await screen.findAllByTestId('reminder-row');
    row(2).focus();
    rows.set(3, reminder(3, { bucket: 'overdue', due: '2026-11-22' }));
    app.dataVersion += 1;
    await waitFor(() => expect(rowIds()).toEqual([3, 1, 2]));
    expect(of(calls, 'reminders_today')).toHaveLength(2);
    await waitFor(() => expect(focusedId()).toBe(2));
    expect(app.dueCount).toBe(3);
  });

  it('R opens a new reminder from anywhere on Today, but not while typing or with a modifier', async () => {
    mockRowsForNew();
    render(TodayReminders);
    await screen.findAllByTestId('reminder-row');
    const box = document.body.appendChild(document.createElement('input'));
    await fireEvent.keyDown(box, { key: 'r' });
    await fireEvent.keyDown(document.body, { key: 'r', ctrlKey: true });
    expect(screen.queryByTestId('reminder-form')).toBeNull();
    await fireEvent.keyDown(document.body, { key: 'r' });
    await screen.findByTestId('reminder-form');
    await fireEvent.click(screen.getByTestId('reminder-cancel'));
    await fireEvent.click(screen.getByTestId('new-reminder'));
    await screen.findByTestId('reminder-form');
    box.remove();
  });

  it('R on a row opens a new reminder; the one made takes the focus when it is on the list', async () => {
    const { rows, calls } = mockRowsForNew();
    render(TodayReminders);
    await screen.findAllByTestId('reminder-row');
    row(1).focus();
    await fireEvent.keyDown(row(1), { key: 'r' });
    await screen.findByTestId('reminder-form');
    await fireEvent.input(screen.getByTestId('reminder-note'), { target: { value: '寄新书目' } });
    await fireEvent.click(screen.getByTestId('reminder-save'));
    await waitFor(() => expect(screen.queryByTestId('reminder-form')).toBeNull());
    expect(of(calls, 'reminder_add')).toHaveLength(1);
    await waitFor(() => expect(focusedId()).toBe(50));
    expect(rows.size).toBe(2);
    expect(screen.getByTestId('reminder-notice').textContent).toBe('Reminder added for 2026-11-23.');
  });
});

function mockRowsForNew() {
  const rows = new Map<number, Reminder>([[1, reminder(1)]]);
  const calls = mockBackend((cmd, args) => {
    if (cmd === 'reminders_today') return todayLists([], [...rows.values()]);
    if (cmd === 'reminder_add') {
      const input = args.input as { due: string; note: string };
      const made = reminder(50, { due: input.due, note: input.note, customer: null, customer_name: null });
      rows.set(50, made);
      return made;
    }
    return null;
  });
  return { rows, calls };
}
