import { afterEach, describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import CustomerFollowups from './CustomerFollowups.svelte';
import Timeline from './Timeline.svelte';
import { customer, mockBackend, resetState } from '../../test/fixtures';
import type { Case, Interaction, Reminder, SatisfactionSummary, Score, TimelineEntry } from '../../lib/bindings';
import { en, zhCN } from '../../lib/i18n';
import { locale } from '../../lib/locale.svelte';
import { app } from '../../lib/store.svelte';
import { ordersUi } from '../../lib/orders.svelte';
import { reminder as baseReminder } from '../reminders/testData';

function entry(kind: TimelineEntry['kind'], at: string, overrides: Partial<TimelineEntry> = {}): TimelineEntry {
  return { kind, at, id: 1, label: '', summary: '', amount_fen: null, detail: '', ...overrides };
}

const TIMELINE: TimelineEntry[] = [
  entry('interaction', '2026-11-23T14:30', { id: 9, label: 'phone', summary: '问春季书目', detail: '寄样书' }),
  entry('satisfaction', '2026-11-22T10:00', { id: 3, label: 'csat', summary: '4' }),
  entry('case', '2026-11-21T09:15', { id: 5, label: 'damaged', summary: '三本破损', detail: 'in_progress' }),
  entry('payment', '2026-11-20', { id: 8, label: 'PM-20261120-0001', amount_fen: -123450 }),
  entry('return', '2026-11-19', { id: 4, label: 'RT-20261119-0001', amount_fen: -4193 }),
  entry('order', '2026-11-18', { id: 40, label: 'SO-20261118-0002', amount_fen: 1234550 }),
  entry('satisfaction', '2026-11-17T08:00', { id: 2, label: 'nps', summary: '9', detail: '愿意推荐' }),
];

function score(kind: 'csat' | 'nps', value: number, day: number): Score {
  return { kind, score: value, comment: '', recorded_at: `2026-11-${String(day).padStart(2, '0')}T10:00:00+08:00`, case_id: null };
}

function reminder(id: number, overrides: Partial<Reminder> = {}): Reminder {
  return baseReminder(id, {
    customer: 'C0001',
    customer_name: '新华书店',
    due: '2026-11-30',
    bucket: 'upcoming',
    created_at: '2026-11-23T09:00:00+08:00',
    ...overrides,
  });
}

function kase(id: number, status: Case['status']): Case {
  return {
    id,
    customer: 'C0001',
    customer_name: '新华书店',
    order: null,
    lines: [],
    category: 'late',
    priority: 'normal',
    owner: '',
    status,
    summary: `case ${id}`,
    resolution: '',
    return_number: null,
    opened_at: '2026-11-01T09:00:00+08:00',
    first_response_at: null,
    resolved_at: null,
    closed_at: null,
    updated_at: '2026-11-01T09:00:00+08:00',
  };
}

describe('Timeline', () => {
  afterEach(resetState);

  it('shows each entry with its date, kind, what it says and its amount, newest first', async () => {
    const calls = mockBackend((cmd) => (cmd === 'customer_timeline' ? TIMELINE : null));
    render(Timeline, { customer: 'C0001', onopencase: () => {} });
    const rows = await screen.findAllByTestId('timeline-entry');
    expect(calls.find((c) => c.cmd === 'customer_timeline')?.args).toEqual({ customer: 'C0001' });
    const text = (el: HTMLElement, testid: string) => within(el).queryByTestId(testid)?.textContent?.trim() ?? '';
    expect(
      rows.map((r) => [r.dataset.kind, r.querySelector('.when')?.textContent, text(r, 'timeline-kind'), text(r, 'timeline-summary') || text(r, 'timeline-doc'), text(r, 'timeline-amount')]),
    ).toEqual([
      ['interaction', '2026-11-2314:30', en.fu_tl_interaction, '问春季书目', ''],
      ['satisfaction', '2026-11-2210:00', en.fu_tl_satisfaction, 'CSAT 4 of 5', ''],
      ['case', '2026-11-2109:15', en.fu_tl_case, '三本破损', ''],
      ['payment', '2026-11-20', en.fu_tl_payment, 'PM-20261120-0001', '-¥1,234.50'],
      ['return', '2026-11-19', en.fu_tl_return, 'RT-20261119-0001', '-¥41.93'],
      ['order', '2026-11-18', en.fu_tl_order, 'SO-20261118-0002', '¥12,345.50'],
      ['satisfaction', '2026-11-1708:00', en.fu_tl_satisfaction, 'NPS 9 of 10', ''],
    ]);
    // a call shows its type and its next step, a case its category and status
    expect(rows[0].textContent).toContain(en.fu_kind_phone);
    expect(text(rows[0], 'timeline-next')).toBe('Next: 寄样书');
    expect(rows[2].textContent).toContain(en.fu_cat_damaged);
    expect(rows[2].textContent).toContain(en.fu_status_in_progress);
  });

  it('opens an order on its page and a case in its dialog', async () => {
    mockBackend((cmd) => (cmd === 'customer_timeline' ? TIMELINE : null));
    const opened: number[] = [];
    render(Timeline, { customer: 'C0001', onopencase: (id: number) => opened.push(id) });
    await fireEvent.click(await screen.findByTestId('timeline-case'));
    expect(opened).toEqual([5]);
    const order = screen.getAllByTestId('timeline-doc').find((b) => b.textContent === 'SO-20261118-0002')!;
    expect(order.tagName).toBe('BUTTON');
    await fireEvent.click(order);
    expect(app.route).toBe('orders');
    expect(ordersUi.screen).toEqual({ name: 'view', id: 40 });
  });

  it('says so when there is nothing, in Chinese too', async () => {
    locale.lang = 'zh-CN';
    mockBackend((cmd) => (cmd === 'customer_timeline' ? [] : null));
    render(Timeline, { customer: 'C0001', onopencase: () => {} });
    expect((await screen.findByTestId('timeline-empty')).textContent).toBe(zhCN.fu_timeline_none);
  });

  it('shows the newest twelve until Show all', async () => {
    const many = Array.from({ length: 15 }, (_, i) => entry('order', `2026-10-${String(30 - i).padStart(2, '0')}`, { id: i + 1, label: `SO-${i}`, amount_fen: 100 }));
    mockBackend((cmd) => (cmd === 'customer_timeline' ? many : null));
    render(Timeline, { customer: 'C0001', onopencase: () => {} });
    await waitFor(() => expect(screen.getAllByTestId('timeline-entry')).toHaveLength(12));
    await fireEvent.click(screen.getByTestId('timeline-show-all'));
    expect(screen.getAllByTestId('timeline-entry')).toHaveLength(15);
    expect(document.activeElement).toBe(screen.getByTestId('timeline-show-fewer'));
  });
});

describe('CustomerFollowups', () => {
  afterEach(resetState);

  const SCORES: SatisfactionSummary = {
    latest_csat: score('csat', 4, 20),
    latest_nps: null,
    csat: [score('csat', 2, 1), score('csat', 3, 10), score('csat', 4, 20)],
    nps: [],
  };

  function backend(extra: (cmd: string, args: Record<string, unknown>) => unknown = () => undefined) {
    return mockBackend((cmd, args) => {
      const r = extra(cmd, args);
      if (r !== undefined) return r;
      if (cmd === 'reminders_list') return [reminder(1, { due: '2026-11-20', bucket: 'overdue', kind: 'collect', note: '催十月货款' }), reminder(2, { due: '2026-11-30T09:30', note: '寄样书' })];
      if (cmd === 'satisfaction_summary') return SCORES;
      if (cmd === 'cases_list') return [kase(7, 'closed'), kase(6, 'open'), kase(3, 'resolved')];
      if (cmd === 'customer_timeline') return [];
      return null;
    });
  }

  it('lists the open reminders, the scores with their trend, and the cases open first', async () => {
    const calls = backend();
    render(CustomerFollowups, { customer: customer() });
    const reminders = await screen.findAllByTestId('customer-reminder');
    expect(calls.find((c) => c.cmd === 'reminders_list')?.args).toEqual({ due: 'open', customer: 'C0001' });
    expect(calls.find((c) => c.cmd === 'cases_list')?.args).toEqual({ customer: 'C0001', openOnly: false });
    expect(reminders.map((r) => r.textContent?.replace(/\s+/g, ' ').trim())).toEqual([
      `2026-11-20 ${en.fu_rkind_collect} 催十月货款 ${en.fu_reminders_overdue}`,
      `2026-11-30 09:30 ${en.fu_rkind_call} 寄样书`,
    ]);
    expect(screen.getByTestId('score-csat-latest').textContent).toBe('4');
    const trend = screen.getByTestId('score-csat-trend');
    expect(trend.getAttribute('data-points')).toBe('2,3,4');
    expect(trend.getAttribute('aria-label')).toBe('Latest scores, oldest first: 2, 3, 4');
    // the line rises from 2 to 4 on the 1–5 scale: y falls
    const ys = trend.querySelector('polyline')!.getAttribute('points')!.split(' ').map((p) => Number(p.split(',')[1]));
    expect(ys[0]).toBeGreaterThan(ys[1]);
    expect(ys[1]).toBeGreaterThan(ys[2]);
    expect(screen.getByTestId('score-nps').textContent).toBe(en.fu_score_none);
    expect(screen.getAllByTestId('case-row').map((r) => [r.dataset.id, r.dataset.status])).toEqual([
      ['6', 'open'],
      ['3', 'resolved'],
      ['7', 'closed'],
    ]);
    expect(screen.getByTestId('cases-open-count').textContent).toContain('2 open');
  });

  it('logs a call on Ctrl+L and reloads, naming the reminder its next step made', async () => {
    let logged = false;
    const calls = backend((cmd) => {
      if (cmd === 'interaction_add') {
        logged = true;
        return { id: 11, next_reminder_id: 2 } as Interaction;
      }
      if (cmd === 'customer_timeline' && logged) return [entry('interaction', '2026-11-23T15:00', { id: 11, label: 'phone', summary: '谈续订' })];
      return undefined;
    });
    render(CustomerFollowups, { customer: customer() });
    await screen.findAllByTestId('customer-reminder');
    await fireEvent.keyDown(window, { key: 'l', ctrlKey: true });
    const form = await screen.findByTestId('interaction-form');
    // the customer's contacts come with it: no lookup
    expect(form.querySelector('#interaction-who-list option')?.getAttribute('value')).toBe('王芳');
    // a second Ctrl+L while the dialog is open does not open another
    await fireEvent.keyDown(window, { key: 'l', ctrlKey: true });
    expect(screen.getAllByTestId('interaction-form')).toHaveLength(1);
    await fireEvent.input(screen.getByTestId('interaction-summary'), { target: { value: '谈续订' } });
    await fireEvent.keyDown(screen.getByTestId('interaction-summary'), { key: 'Enter', ctrlKey: true });
    await waitFor(() => expect(screen.queryByTestId('interaction-form')).toBeNull());
    await waitFor(() => expect(screen.getByTestId('followups-notice').textContent).toBe('Logged, with a reminder for 2026-11-30 09:30.'));
    await waitFor(() => expect(screen.getAllByTestId('timeline-entry')).toHaveLength(1));
    expect(calls.filter((c) => c.cmd === 'customers_list')).toHaveLength(0);
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('log-call')));
  });

  it('leaves Ctrl+L alone while the customer form is open', async () => {
    backend();
    app.form = { mode: 'create' };
    render(CustomerFollowups, { customer: customer() });
    await screen.findAllByTestId('customer-reminder');
    await fireEvent.keyDown(window, { key: 'l', ctrlKey: true });
    expect(screen.queryByTestId('interaction-form')).toBeNull();
  });

  it('records a score and shows the new summary', async () => {
    const calls = backend((cmd) => {
      if (cmd === 'satisfaction_record') return { ...SCORES, latest_nps: score('nps', 8, 23), nps: [score('nps', 8, 23)] };
      return undefined;
    });
    render(CustomerFollowups, { customer: customer() });
    await fireEvent.click(await screen.findByTestId('record-score'));
    await fireEvent.change(screen.getByTestId('score-kind'), { target: { value: 'nps' } });
    await fireEvent.input(screen.getByTestId('score-value'), { target: { value: '8' } });
    await fireEvent.click(screen.getByTestId('save-score'));
    await waitFor(() => expect(screen.queryByTestId('score-form')).toBeNull());
    expect(calls.find((c) => c.cmd === 'satisfaction_record')?.args.input).toEqual({ customer: 'C0001', kind: 'nps', score: '8', comment: '' });
    // the summary it sent back shows at once; one score alone draws no trend line
    expect(screen.getByTestId('score-nps-latest').textContent).toBe('8');
    expect(screen.queryByTestId('score-nps-trend')).toBeNull();
    expect(screen.getByTestId('score-csat-trend')).toBeTruthy();
  });
});
