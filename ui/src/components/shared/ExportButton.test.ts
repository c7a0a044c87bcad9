// Every page's own "Export…" button: the request it sends is what the page shows, the job's bar
// and Cancel are the Import & export page's, and a closed Save dialog does nothing.
import { afterEach, describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { emit } from '@tauri-apps/api/event';
import Catalogue from '../catalogue/Catalogue.svelte';
import Customers from '../customers/Customers.svelte';
import Orders from '../orders/Orders.svelte';
import Receivables from '../receivables/Receivables.svelte';
import { mockBackend, resetState, summary, type Handler } from '../../test/fixtures';
import type { ExportRequest, Statement } from '../../lib/bindings';
import { en } from '../../lib/i18n';
import { locale } from '../../lib/locale.svelte';
import { openStatement, rcvUi } from '../../lib/receivables.svelte';

const STATEMENT: Statement = {
  code: 'C0002',
  name: '博库书城',
  address: '',
  from: '2026-03-01',
  to: '2026-03-31',
  opening_balance_fen: 0,
  lines: [],
  total_debit_fen: 0,
  total_credit_fen: 0,
  closing_balance_fen: 0,
};

/** What the pages load before anything is exported. */
const PAGE_DATA: Handler = (cmd, args) => {
  if (cmd === 'customer_statement') return { ...STATEMENT, code: args.customer as string };
  if (cmd === 'receivables_aging') return [];
  if (cmd === 'customers_list') return { total: 1, offset: 0, rows: [summary(0)] };
  if (cmd === 'orders_list') return [];
  if (cmd === 'stock_list') return { total: 0, rows: [] };
  if (cmd === 'stock_facets') return { categories: [], publishers: [], bins: [] };
  if (cmd === 'stock_value') return { titles: 0, copies: 0, list_value_fen: 0, cost_value_fen: 0 };
  return null;
};

function request(fields: Partial<ExportRequest>): ExportRequest {
  return { kind: 'customers', from: '', to: '', customer: '', month: '', layout: null, lang: 'en', file: 'xlsx', ...fields };
}

const CASES: { page: string; testid: string; show: () => void; request: ExportRequest }[] = [
  {
    page: "a customer's statement",
    testid: 'statement-export',
    show: () => {
      rcvUi.screen = { name: 'statement', code: 'C0002', from: '2026-03-01', to: '2026-03-31' };
      render(Receivables);
    },
    request: request({ kind: 'statement', customer: 'C0002', from: '2026-03-01', to: '2026-03-31' }),
  },
  { page: 'the receivables aging', testid: 'aging-export', show: () => render(Receivables), request: request({ kind: 'receivables' }) },
  { page: 'the customer list', testid: 'customers-export', show: () => render(Customers), request: request({ kind: 'customers' }) },
  { page: 'the order list', testid: 'orders-export', show: () => render(Orders), request: request({ kind: 'orders' }) },
  { page: 'the stock list', testid: 'stock-export', show: () => render(Catalogue), request: request({ kind: 'stock' }) },
];

/** A backend whose Save dialog answers `picked`, and whose export jobs run until cancelled or
 * told to finish (`finish`). */
function exportBackend(picked: string | null) {
  let next = 20;
  const calls = mockBackend((cmd, args) => {
    if (cmd === 'export_pick') return picked;
    if (cmd === 'export_start') {
      const id = ++next;
      setTimeout(() => void emit('job', { id, kind: 'export', state: 'running', done: 400, total: 1000, error: null, result: null }), 0);
      return { id };
    }
    if (cmd === 'job_cancel') {
      setTimeout(() => void emit('job', { id: args.id, kind: 'export', state: 'cancelled', done: 400, total: 1000, error: null, result: null }), 0);
      return null;
    }
    return PAGE_DATA(cmd, args);
  });
  const finish = (rows: number) =>
    emit('job', { id: next, kind: 'export', state: 'done', done: rows, total: rows, error: null, result: { path: picked, rows } });
  return { calls, finish };
}

describe("A page's own Export… button", () => {
  afterEach(resetState);

  for (const c of CASES) {
    it(`on ${c.page} exports what the page shows, with the bar and Cancel, then says where it went`, async () => {
      const { calls, finish } = exportBackend('/home/u/Documents/out.xlsx');
      c.show();
      const button = (await screen.findByTestId(c.testid)) as HTMLButtonElement;
      expect(button.textContent?.trim()).toBe(en.xch_export_button);
      expect(button.tabIndex).toBe(0);
      await fireEvent.click(button);
      const bar = await screen.findByTestId(`${c.testid}-progress`);
      await waitFor(() => expect(bar.textContent).toContain('400 of 1,000'));
      expect(button.disabled).toBe(true);
      expect(calls.find((x) => x.cmd === 'export_pick')?.args).toEqual({ request: c.request });
      expect(calls.find((x) => x.cmd === 'export_start')?.args).toEqual({ request: c.request, path: '/home/u/Documents/out.xlsx' });

      await fireEvent.click(screen.getByTestId(`${c.testid}-cancel`));
      expect((await screen.findByTestId(`${c.testid}-cancelled`)).textContent).toBe(en.xch_export_cancelled);
      expect(calls.filter((x) => x.cmd === 'job_cancel')).toEqual([{ cmd: 'job_cancel', args: { id: 21 } }]);
      expect(button.disabled).toBe(false);

      await fireEvent.click(button);
      const again = await screen.findByTestId(`${c.testid}-progress`);
      await waitFor(() => expect(again.textContent).toContain('400 of 1,000'));
      await finish(12);
      expect((await screen.findByTestId(`${c.testid}-done`)).textContent).toContain('Saved 12 rows to /home/u/Documents/out.xlsx');
      expect(screen.queryByTestId(`${c.testid}-progress`)).toBeNull();
    });

    it(`on ${c.page} does nothing when the Save dialog is closed`, async () => {
      const { calls } = exportBackend(null);
      c.show();
      await fireEvent.click(await screen.findByTestId(c.testid));
      await waitFor(() => expect(calls.some((x) => x.cmd === 'export_pick')).toBe(true));
      expect(calls.some((x) => x.cmd === 'export_start')).toBe(false);
      expect(screen.queryByTestId(`${c.testid}-progress`)).toBeNull();
      expect(screen.queryByTestId(`${c.testid}-error`)).toBeNull();
    });
  }

  it("exports the statement in the window's language, and shows its result on that customer's statement only", async () => {
    locale.lang = 'zh-CN';
    const { calls, finish } = exportBackend('/tmp/对账单 C0002.xlsx');
    CASES[0].show();
    await fireEvent.click(await screen.findByTestId('statement-export'));
    const bar = await screen.findByTestId('statement-export-progress');
    await waitFor(() => expect(bar.textContent).toContain('400'));
    expect(calls.find((x) => x.cmd === 'export_pick')?.args.request).toMatchObject({ kind: 'statement', lang: 'zh-CN' });
    await finish(3);
    await screen.findByTestId('statement-export-done');
    openStatement('C0001', { from: '2026-03-01', to: '2026-03-31' });
    await waitFor(() => expect(calls.filter((x) => x.cmd === 'customer_statement').slice(-1)[0]?.args.customer).toBe('C0001'));
    expect(screen.queryByTestId('statement-export-done')).toBeNull();
    openStatement('C0002', { from: '2026-03-01', to: '2026-03-31' });
    expect(await screen.findByTestId('statement-export-done')).toBeTruthy();
  });

  it('says in its title when the list is filtered and the file is not', async () => {
    exportBackend(null);
    render(Orders);
    const button = await screen.findByTestId('orders-export');
    expect(button.title).toBe(en.xch_page_orders_help);
    await fireEvent.change(screen.getByTestId('order-status-filter'), { target: { value: 'confirmed' } });
    expect(button.title).toBe(`${en.xch_page_orders_help} ${en.xch_page_unfiltered}`);
  });

  it("shows the Save dialog's own failure, and starts nothing", async () => {
    const calls = mockBackend((cmd, args) => {
      if (cmd === 'export_pick') throw { code: 'io_error', message: 'the dialog could not be shown' };
      return PAGE_DATA(cmd, args);
    });
    render(Customers);
    await fireEvent.click(await screen.findByTestId('customers-export'));
    expect((await screen.findByTestId('customers-export-error')).textContent).toBe(en.err_io_error);
    expect(calls.some((x) => x.cmd === 'export_start')).toBe(false);
  });
});
