import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import Receivables from './Receivables.svelte';
import { mockBackend, resetState, type Call } from '../../test/fixtures';
import type { Aging, Payment, Statement } from '../../lib/bindings';
import { rcvUi, resetReceivables } from '../../lib/receivables.svelte';
import { en } from '../../lib/i18n';
import { pinDate } from '../../test/clock';

function aging(code: string, name: string, b: Partial<Aging>): Aging {
  const row = {
    code,
    name,
    current_fen: 0,
    days_1_30_fen: 0,
    days_31_60_fen: 0,
    days_61_90_fen: 0,
    over_90_fen: 0,
    credit_fen: 0,
    credit_limit_fen: null,
    last_payment_date: null,
    last_payment_fen: null,
    ...b,
  };
  return {
    balance_fen: row.current_fen + row.days_1_30_fen + row.days_31_60_fen + row.days_61_90_fen + row.over_90_fen + row.credit_fen,
    ...row,
  };
}

const AGING: Aging[] = [
  aging('C0002', '博库书城', {
    current_fen: 500000,
    days_1_30_fen: 120050,
    over_90_fen: 30000,
    credit_limit_fen: 1000000,
    last_payment_date: '2026-03-02',
    last_payment_fen: 20000,
  }),
  aging('C0001', '新华书店', { current_fen: 100000, days_31_60_fen: 25025 }),
  aging('S0009', '实验学校', { days_61_90_fen: 9900 }),
];

const STATEMENT: Statement = {
  code: 'C0002',
  name: '博库书城',
  address: '杭州市体育场路 38 号',
  from: '2026-03-01',
  to: '2026-03-31',
  opening_balance_fen: 100000,
  lines: [
    { date: '2026-03-03', kind: 'order', reference: 'SO-2026-0012', debit_fen: 41930, credit_fen: 0, balance_fen: 141930, list_total_fen: 64500, discount_bp: 6501 },
    { date: '2026-03-09', kind: 'return', reference: 'RT-2026-0003', debit_fen: 0, credit_fen: 1930, balance_fen: 140000, list_total_fen: 2580, discount_bp: 7481 },
    { date: '2026-03-20', kind: 'payment', reference: 'PM-2026-0004', debit_fen: 0, credit_fen: 100000, balance_fen: 40000, list_total_fen: null, discount_bp: null },
  ],
  total_debit_fen: 41930,
  total_credit_fen: 101930,
  closing_balance_fen: 40000,
};

function lastStatement(calls: Call[]): Record<string, unknown> | undefined {
  const found = calls.filter((c) => c.cmd === 'customer_statement');
  return found[found.length - 1]?.args;
}

function rowCodes(): string[] {
  return screen.queryAllByTestId('aging-row').map((r) => r.getAttribute('data-code') ?? '');
}

function cell(row: HTMLElement, bucket: string): string {
  return row.querySelector(`[data-bucket="${bucket}"]`)?.textContent?.trim() ?? '';
}

describe('Receivables page', () => {
  // 15 March 2026.
  pinDate(new Date(2026, 2, 15, 10, 0, 0));
  afterEach(() => {
    resetState();
    resetReceivables();
  });

  it('shows the aging rows, highlights overdue buckets and adds up the totals', async () => {
    mockBackend((cmd) => (cmd === 'receivables_aging' ? AGING : null));
    render(Receivables);
    await waitFor(() => expect(rowCodes()).toEqual(['C0002', 'C0001', 'S0009']));
    const first = screen.getAllByTestId('aging-row')[0];
    expect(within(first).getByText('博库书城')).toBeTruthy();
    expect(cell(first, 'balance_fen')).toBe('¥6,500.50');
    expect(cell(first, 'current_fen')).toBe('¥5,000.00');
    expect(cell(first, 'days_1_30_fen')).toBe('¥1,200.50');
    expect(cell(first, 'over_90_fen')).toBe('¥300.00');
    expect(first.querySelector('[data-bucket="over_90_fen"]')!.classList.contains('over90')).toBe(true);
    expect(first.querySelector('[data-bucket="days_1_30_fen"]')!.classList.contains('overdue')).toBe(true);
    expect(first.querySelector('[data-bucket="current_fen"]')!.classList.contains('overdue')).toBe(false);

    const totals = screen.getByTestId('aging-totals');
    expect(cell(totals, 'balance_fen')).toBe('¥7,849.75');
    expect(cell(totals, 'current_fen')).toBe('¥6,000.00');
    expect(cell(totals, 'days_1_30_fen')).toBe('¥1,200.50');
    expect(cell(totals, 'days_31_60_fen')).toBe('¥250.25');
    expect(cell(totals, 'days_61_90_fen')).toBe('¥99.00');
    expect(cell(totals, 'over_90_fen')).toBe('¥300.00');
  });

  it('shows a customer in credit in the credit column, so the row and the totals reconcile', async () => {
    const rows = [...AGING, aging('C0007', '西西弗书店', { credit_fen: -156446 })];
    mockBackend((cmd) => (cmd === 'receivables_aging' ? rows : null));
    render(Receivables);
    await waitFor(() => expect(rowCodes()).toHaveLength(4));
    const inCredit = screen.getAllByTestId('aging-row')[3];
    expect(cell(inCredit, 'balance_fen')).toBe('-¥1,564.46');
    expect(cell(inCredit, 'credit_fen')).toBe('-¥1,564.46');
    expect(cell(inCredit, 'current_fen')).toBe('');
    const totals = screen.getByTestId('aging-totals');
    // ¥7,849.75 owed less ¥1,564.46 in credit; the parts add up to the total.
    expect(cell(totals, 'balance_fen')).toBe('¥6,285.29');
    expect(cell(totals, 'credit_fen')).toBe('-¥1,564.46');
    const parts = ['current_fen', 'days_1_30_fen', 'days_31_60_fen', 'days_61_90_fen', 'over_90_fen', 'credit_fen'];
    const fen = (s: string) => Math.round(Number(s.replace(/[¥,]/g, '')) * 100);
    expect(parts.reduce((sum, p) => sum + fen(cell(totals, p)), 0)).toBe(fen(cell(totals, 'balance_fen')));
  });

  it('filters by code or name, and the totals follow the filter', async () => {
    mockBackend((cmd) => (cmd === 'receivables_aging' ? AGING : null));
    render(Receivables);
    await waitFor(() => expect(rowCodes()).toHaveLength(3));
    const search = screen.getByTestId('aging-search');
    await fireEvent.input(search, { target: { value: '新华' } });
    expect(rowCodes()).toEqual(['C0001']);
    expect(cell(screen.getByTestId('aging-totals'), 'balance_fen')).toBe('¥1,250.25');
    await fireEvent.input(search, { target: { value: 's0009' } });
    expect(rowCodes()).toEqual(['S0009']);
    await fireEvent.input(search, { target: { value: 'nobody' } });
    expect(rowCodes()).toEqual([]);
    expect(screen.getByTestId('aging-no-match')).toBeTruthy();
  });

  it('shows an empty state when nobody owes anything', async () => {
    mockBackend((cmd) => (cmd === 'receivables_aging' ? [] : null));
    render(Receivables);
    expect((await screen.findByTestId('aging-empty')).textContent).toContain(en.rcv_empty);
    expect(screen.queryByTestId('aging-totals')).toBeNull();
  });

  it('clicking a row opens that customer’s statement for this month', async () => {
    const calls = mockBackend((cmd) => {
      if (cmd === 'receivables_aging') return AGING;
      if (cmd === 'customer_statement') return STATEMENT;
      if (cmd === 'company_get') return { name: '', address: '', phone: '', tax_id: '', bank: '' };
      return null;
    });
    render(Receivables);
    await waitFor(() => expect(rowCodes()).toHaveLength(3));
    await fireEvent.click(screen.getAllByTestId('aging-row')[0]);
    await screen.findByTestId('statement-view');
    await waitFor(() =>
      expect(calls.filter((c) => c.cmd === 'customer_statement').map((c) => c.args)).toEqual([
        { customer: 'C0002', from: '2026-03-01', to: '2026-03-31' },
      ]),
    );
    expect((screen.getByTestId('statement-from') as HTMLInputElement).value).toBe('2026-03-01');
    expect((screen.getByTestId('statement-to') as HTMLInputElement).value).toBe('2026-03-31');
  });

  it('Enter on a row opens the statement too', async () => {
    const calls = mockBackend((cmd) => {
      if (cmd === 'receivables_aging') return AGING;
      if (cmd === 'customer_statement') return { ...STATEMENT, code: 'C0001', name: '新华书店' };
      return null;
    });
    render(Receivables);
    await waitFor(() => expect(rowCodes()).toHaveLength(3));
    await fireEvent.keyDown(screen.getAllByTestId('aging-row')[1], { key: 'Enter' });
    await screen.findByTestId('statement-view');
    await waitFor(() => expect(calls.find((c) => c.cmd === 'customer_statement')?.args.customer).toBe('C0001'));
  });

  it('the statement shows the opening balance, each line with its running balance, and the closing balance', async () => {
    rcvUi.screen = { name: 'statement', code: 'C0002', from: '2026-03-01', to: '2026-03-31' };
    mockBackend((cmd) => {
      if (cmd === 'customer_statement') return STATEMENT;
      if (cmd === 'company_get') return { name: '杭州文澜图书有限公司', address: '杭州', phone: '0571-1234', tax_id: '', bank: '' };
      return null;
    });
    render(Receivables);
    expect((await screen.findByTestId('statement-opening')).textContent).toBe('¥1,000.00');
    const lines = screen.getAllByTestId('statement-line');
    expect(lines.map((l) => l.getAttribute('data-kind'))).toEqual(['order', 'return', 'payment']);
    expect(within(lines[0]).getByText(en.stmt_kind_order)).toBeTruthy();
    expect(within(lines[2]).getByText(en.stmt_kind_payment)).toBeTruthy();
    expect(within(lines[0]).getByTestId('line-debit').textContent).toBe('¥419.30');
    expect(within(lines[0]).getByTestId('line-credit').textContent).toBe('');
    expect(within(lines[1]).getByTestId('line-credit').textContent).toBe('¥19.30');
    expect(lines.map((l) => within(l).getByTestId('line-balance').textContent)).toEqual([
      '¥1,419.30',
      '¥1,400.00',
      '¥400.00',
    ]);
    expect(screen.getByTestId('statement-total-debit').textContent).toBe('¥419.30');
    expect(screen.getByTestId('statement-total-credit').textContent).toBe('¥1,019.30');
    expect(screen.getByTestId('statement-closing').textContent).toBe('¥400.00');
    // 码洋 and the discount as the trade writes it beside each order and return; none for a payment.
    expect(lines.map((l) => within(l).getByTestId('line-list').textContent)).toEqual(['¥645.00', '¥25.80', '']);
    expect(lines.map((l) => within(l).getByTestId('line-discount').textContent)).toEqual(['6.5折', '7.48折', '']);
  });

  it('shows each customer’s credit limit (or no limit) and last payment in the aging table', async () => {
    mockBackend((cmd) => (cmd === 'receivables_aging' ? AGING : null));
    render(Receivables);
    await waitFor(() => expect(rowCodes()).toEqual(['C0002', 'C0001', 'S0009']));
    const [first, second] = screen.getAllByTestId('aging-row');
    expect(within(first).getByTestId('aging-credit-limit').textContent?.trim()).toBe('¥10,000.00');
    expect(within(first).getByTestId('aging-last-payment').textContent?.replace(/\s+/g, ' ').trim()).toBe('2026-03-02 ¥200.00');
    expect(within(second).getByTestId('aging-credit-limit').textContent?.trim()).toBe(en.credit_no_limit);
    expect(within(second).getByTestId('aging-last-payment').textContent?.trim()).toBe(en.rcv_no_payment);
  });

  it('shows dates as 2026-03-15 in the statement and the payment form, never in the system format', async () => {
    rcvUi.screen = { name: 'statement', code: 'C0002', from: '2026-03-01', to: '2026-03-31' };
    mockBackend((cmd) => (cmd === 'customer_statement' ? { ...STATEMENT, lines: [{ ...STATEMENT.lines[0], date: '2026/3/3' }] } : null));
    render(Receivables);
    const line = (await screen.findAllByTestId('statement-line'))[0];
    expect(line.querySelector('td')!.textContent).toBe('2026-03-03');
    for (const id of ['statement-from', 'statement-to']) {
      const input = screen.getByTestId(id) as HTMLInputElement;
      // The browser's date control would show 03/01/2026.
      expect(input.type).toBe('text');
      expect(input.placeholder).toBe(en.date_placeholder);
    }
    expect((screen.getByTestId('statement-from') as HTMLInputElement).value).toBe('2026-03-01');

    rcvUi.screen = { name: 'aging' };
    rcvUi.form = { kind: 'payment', customer: '' };
    const date = (await screen.findByTestId('payment-date')) as HTMLInputElement;
    expect(date.type).toBe('text');
    expect(date.value).toBe('2026-03-15');
  });

  it('changes the period with the quick choices and shows period errors inline', async () => {
    rcvUi.screen = { name: 'statement', code: 'C0002', from: '2026-03-01', to: '2026-03-31' };
    const calls = mockBackend((cmd, args) => {
      if (cmd === 'customer_statement') {
        if (args.from === '2026-03-31' && args.to === '2026-03-01') {
          throw { code: 'period_invalid', message: 'to before from', field: 'to' };
        }
        return { ...STATEMENT, from: args.from as string, to: args.to as string };
      }
      return null;
    });
    render(Receivables);
    await screen.findByTestId('statement-opening');
    await fireEvent.click(screen.getByTestId('period-last-month'));
    await waitFor(() =>
      expect(lastStatement(calls)).toEqual({
        customer: 'C0002',
        from: '2026-02-01',
        to: '2026-02-28',
      }),
    );
    await fireEvent.click(screen.getByTestId('period-this-year'));
    await waitFor(() =>
      expect(lastStatement(calls)).toMatchObject({ from: '2026-01-01', to: '2026-12-31' }),
    );

    const from = screen.getByTestId('statement-from') as HTMLInputElement;
    const to = screen.getByTestId('statement-to') as HTMLInputElement;
    await fireEvent.input(from, { target: { value: '2026-03-31' } });
    await fireEvent.input(to, { target: { value: '2026-03-01' } });
    await fireEvent.change(to);
    expect((await screen.findByTestId('error-to')).textContent).toBe(en.err_period_invalid);
  });

  it('opens a print preview of the statement with the customer’s address and a line for their signature, then prints', async () => {
    rcvUi.screen = { name: 'statement', code: 'C0002', from: '2026-03-01', to: '2026-03-31' };
    mockBackend((cmd) => {
      if (cmd === 'customer_statement') return STATEMENT;
      if (cmd === 'company_get') return { name: '杭州文澜图书有限公司', address: '杭州', phone: '0571-1234', tax_id: '', bank: '' };
      return null;
    });
    const print = vi.spyOn(window, 'print').mockImplementation(() => {});
    render(Receivables);
    await screen.findByTestId('statement-opening');
    expect(screen.queryByTestId('statement-preview')).toBeNull();
    await fireEvent.click(screen.getByTestId('print-statement'));
    const sheet = await screen.findByTestId('statement-sheet');
    expect(within(sheet).getByTestId('note-company').textContent).toBe('杭州文澜图书有限公司');
    expect(within(sheet).getByTestId('sheet-customer').textContent).toBe('博库书城');
    expect(within(sheet).getByTestId('sheet-address').textContent).toContain('杭州市体育场路 38 号');
    expect(within(sheet).getByTestId('sheet-period').textContent).toBe('2026-03-01 to 2026-03-31');
    expect(within(sheet).getByTestId('sheet-sign').textContent).toContain(en.stmt_customer_sign);
    expect(within(sheet).getAllByTestId('statement-line')).toHaveLength(3);
    expect(document.documentElement.classList.contains('printing-sheet')).toBe(true);
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('print-now')));
    await fireEvent.click(screen.getByTestId('print-now'));
    expect(print).toHaveBeenCalledOnce();
    await fireEvent.keyDown(window, { key: 'Escape' });
    await waitFor(() => expect(screen.queryByTestId('statement-preview')).toBeNull());
    expect(document.documentElement.classList.contains('printing-sheet')).toBe(false);
  });

  it('records a payment from the page, shows the result and reloads the aging table', async () => {
    const payment: Payment = {
      number: 'PM-2026-0005',
      customer_code: 'C0001',
      date: '2026-03-15',
      amount_fen: 25025,
      method: 'cash',
      reference: '',
      balance_fen: 100000,
    };
    let paid = false;
    const calls = mockBackend((cmd) => {
      if (cmd === 'receivables_aging') return paid ? AGING.filter((a) => a.code !== 'S0009') : AGING;
      if (cmd === 'payment_create') {
        paid = true;
        return payment;
      }
      if (cmd === 'customers_list') return { total: 1, offset: 0, rows: [] };
      return null;
    });
    render(Receivables);
    await waitFor(() => expect(rowCodes()).toHaveLength(3));
    await fireEvent.click(screen.getByTestId('record-payment'));
    await fireEvent.input(screen.getByTestId('payment-customer'), { target: { value: 'C0001' } });
    await fireEvent.input(screen.getByTestId('payment-amount'), { target: { value: '250.25' } });
    await fireEvent.change(screen.getByTestId('payment-method'), { target: { value: 'cash' } });
    await fireEvent.click(screen.getByTestId('save-payment'));
    expect((await screen.findByTestId('payment-notice')).textContent).toBe('PM-2026-0005 recorded, balance now ¥1,000.00.');
    expect(screen.queryByTestId('payment-form')).toBeNull();
    expect(calls.find((c) => c.cmd === 'payment_create')?.args.input).toEqual({
      customer: 'C0001',
      amount: '250.25',
      method: 'cash',
      date: '2026-03-15',
      reference: '',
    });
    await waitFor(() => expect(rowCodes()).toEqual(['C0002', 'C0001']));
  });

  it('records an opening balance (negative: money on account)', async () => {
    const calls = mockBackend((cmd) => {
      if (cmd === 'receivables_aging') return AGING;
      if (cmd === 'receivable_opening') return -5000;
      return null;
    });
    render(Receivables);
    await waitFor(() => expect(rowCodes()).toHaveLength(3));
    await fireEvent.click(screen.getByTestId('opening-balance'));
    await screen.findByTestId('opening-form');
    await fireEvent.input(screen.getByTestId('opening-customer'), { target: { value: 'C0003' } });
    await fireEvent.input(screen.getByTestId('opening-amount'), { target: { value: '-50' } });
    await fireEvent.input(screen.getByTestId('opening-date'), { target: { value: '2026-01-01' } });
    await fireEvent.click(screen.getByTestId('save-opening'));
    expect((await screen.findByTestId('payment-notice')).textContent).toBe(
      'Opening balance of C0003 saved, balance now -¥50.00.',
    );
    expect(calls.find((c) => c.cmd === 'receivable_opening')?.args).toEqual({
      customer: 'C0003',
      amount: '-50',
      date: '2026-01-01',
    });
    expect(calls.filter((c) => c.cmd === 'receivables_aging')).toHaveLength(2);
  });
});
