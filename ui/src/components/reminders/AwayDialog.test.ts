import { afterEach, describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import App from '../../App.svelte';
import { mockBackend, resetState, sleep, status, summary } from '../../test/fixtures';
import { pinDate } from '../../test/clock';
import type { Away } from '../../lib/bindings';
import { app } from '../../lib/store.svelte';
import { zhCN } from '../../lib/i18n';
import { reminder, todayLists } from './testData';

const FELL_DUE = [
  reminder(1, { bucket: 'overdue', due: '2026-11-21', note: '周六回电' }),
  reminder(2, { bucket: null, status: 'done', due: '2026-11-22', kind: 'visit' }),
  reminder(3, { bucket: 'overdue', due: '2026-11-22', customer: null, customer_name: null, customers: ['C0005 书店 5'], rule: 'festival', kind: 'care' }),
  reminder(4, { bucket: 'overdue', due: '2026-11-22', customer: null, customer_name: null, title: '9787020002207 红楼梦', rule: 'low_stock', kind: 'other' }),
];

function start(away: Away | 'fails', language = 'en') {
  return mockBackend((cmd, args) => {
    switch (cmd) {
      case 'app_status':
        return status({ language });
      case 'reminders_away':
        if (away === 'fails') throw { code: 'db_damaged', message: 'damaged' };
        return away;
      case 'reminders_today':
        return todayLists([FELL_DUE[0]], []);
      case 'customers_list': {
        const q = (args.query as { query: string }).query;
        return { total: 1, offset: 0, rows: [summary(0, { id: q === 'C0005' ? 55 : 11, code: q })] };
      }
      default:
        return null;
    }
  });
}

describe('While you were away', () => {
  pinDate(new Date(2026, 10, 23, 9, 0, 0));
  afterEach(() => {
    resetState();
    app.dueCount = null;
  });

  it('lists, once at start, what fell due since the last day the app was opened', async () => {
    const calls = start({ since: '2026-11-20', fell_due: FELL_DUE });
    render(App);
    const dialog = await screen.findByTestId('away-dialog');
    expect(dialog.textContent).toContain('Since you last opened Folio on 2026-11-20, these fell due:');
    const rows = screen.getAllByTestId('away-row');
    expect(rows.map((r) => Number(r.dataset.id))).toEqual([1, 2, 3, 4]);
    expect(rows[0].textContent).toContain('Overdue by 2 days');
    expect(rows[0].textContent).toContain('周六回电');
    // one done since shows so; one about no customer cannot be opened
    expect(rows[1].querySelector('[data-testid="away-done"]')).not.toBeNull();
    expect(rows.map((r) => r.querySelector('[data-testid="away-open"]') !== null)).toEqual([true, true, true, false]);
    expect(calls.filter((c) => c.cmd === 'reminders_away')).toHaveLength(1);
    // it opens on the way to Today
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('away-close')));
    await fireEvent.click(screen.getByTestId('away-close'));
    expect(screen.queryByTestId('away-dialog')).toBeNull();
    expect(app.route).toBe('today');
  });

  it('opens a customer from its line (a festival’s, its first customer) and closes', async () => {
    const calls = start({ since: '2026-11-20', fell_due: FELL_DUE });
    render(App);
    await screen.findByTestId('away-dialog');
    const open = screen.getAllByTestId('away-open');
    await fireEvent.click(open[2]);
    await waitFor(() => expect(app.route).toBe('customers'));
    expect(app.detailId).toBe(55);
    expect(screen.queryByTestId('away-dialog')).toBeNull();
    expect(calls.filter((c) => c.cmd === 'customers_list').map((c) => (c.args.query as { query: string }).query)).toContain('C0005');
  });

  it('closes with Esc', async () => {
    start({ since: '2026-11-20', fell_due: FELL_DUE });
    render(App);
    await screen.findByTestId('away-dialog');
    await fireEvent.keyDown(document.activeElement!, { key: 'Escape' });
    expect(screen.queryByTestId('away-dialog')).toBeNull();
  });

  it.each([
    ['the first run, or opened yesterday', { since: null, fell_due: [] }],
    ['nothing fell due', { since: '2026-11-20', fell_due: [] }],
    ['the summary could not be read', 'fails' as const],
  ])('shows nothing when %s', async (_name, away) => {
    const calls = start(away);
    render(App);
    await screen.findByTestId('app-ready');
    await waitFor(() => expect(calls.some((c) => c.cmd === 'reminders_away')).toBe(true));
    await sleep(20);
    expect(screen.queryByTestId('away-dialog')).toBeNull();
  });

  it('speaks Chinese', async () => {
    start({ since: '2026-11-20', fell_due: FELL_DUE }, 'zh-CN');
    render(App);
    const dialog = await screen.findByTestId('away-dialog');
    expect(dialog.textContent).toContain(zhCN.rem_away_title);
    expect(dialog.textContent).toContain('自您上次在 2026-11-20 打开 Folio 以来');
    expect(screen.getAllByTestId('away-row')[0].textContent).toContain('已逾期 2 天');
    expect(screen.getByTestId('away-close').textContent).toBe(zhCN.rem_away_close);
  });
});
