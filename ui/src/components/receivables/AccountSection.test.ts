import { afterEach, describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import AccountSection from './AccountSection.svelte';
import { customer, mockBackend, resetState } from '../../test/fixtures';
import type { Account, OrderQuery, OrderSummary, Payment, ReturnSummary } from '../../lib/bindings';
import { app } from '../../lib/store.svelte';
import { ordersUi } from '../../lib/orders.svelte';
import { rcvUi, resetReceivables, thisMonth, todayIso } from '../../lib/receivables.svelte';
import { en } from '../../lib/i18n';

function order(id: number, overrides: Partial<OrderSummary> = {}): OrderSummary {
  return {
    id,
    number: `SO-2026-${String(id).padStart(4, '0')}`,
    status: 'confirmed',
    customer_code: 'C0001',
    customer_name: '新华书店',
    order_date: '2026-03-02',
    titles: 3,
    copies: 40,
    list_total_fen: 100000,
    net_total_fen: 65000,
    stock_in: null,
    ...overrides,
  };
}

function account(overrides: Partial<Account> = {}): Account {
  return {
    code: 'C0001',
    balance_fen: 123450,
    orders: [order(7), order(8, { number: null, status: 'draft', net_total_fen: 1290 })],
    returns: [{ number: 'RT-2026-0002', order: 'SO-2026-0007', date: '2026-03-05', damaged: true, copies: 5, net_total_fen: 8125 }],
    payments: [
      {
        number: 'PM-2026-0003',
        customer_code: 'C0001',
        date: '2026-03-10',
        amount_fen: 50000,
        method: 'cash',
        reference: '',
        balance_fen: 123450,
      },
    ],
    copies_sold: 1200,
    copies_returned: 150,
    return_rate_bp: 1250,
    ...overrides,
  };
}

function ret(i: number): ReturnSummary {
  return { number: `RT-2026-${String(i).padStart(4, '0')}`, order: null, date: '2026-03-05', damaged: false, copies: 1, net_total_fen: 100 };
}

function payment(i: number): Payment {
  return {
    number: `PM-2026-${String(i).padStart(4, '0')}`,
    customer_code: 'C0001',
    date: '2026-03-10',
    amount_fen: 100,
    method: 'cash',
    reference: '',
    balance_fen: 0,
  };
}

/** n of each, newest (highest number) first, as customer_account sends them. */
function many<T>(n: number, make: (i: number) => T): T[] {
  return Array.from({ length: n }, (_, k) => make(n - k));
}

describe('AccountSection', () => {
  afterEach(() => {
    resetState();
    resetReceivables();
  });

  it('shows the balance, credit used, return rate and recent documents', async () => {
    const calls = mockBackend((cmd) => (cmd === 'customer_account' ? account() : null));
    render(AccountSection, { customer: customer({ credit_limit_fen: 500000 }) });
    expect((await screen.findByTestId('account-balance')).textContent).toBe('¥1,234.50');
    expect(calls.find((c) => c.cmd === 'customer_account')?.args).toEqual({ customer: 'C0001' });
    expect(screen.getByTestId('account-return-rate').textContent).toBe('12.5%');
    expect(screen.getByTestId('account-credit').textContent).toContain('¥1,234.50 of ¥5,000.00 (24.69%)');
    expect(screen.queryByTestId('account-over-limit')).toBeNull();
    expect(screen.getByTestId('account-copies').textContent?.trim()).toBe('1,200 / 150');
    const orders = screen.getAllByTestId('account-order');
    expect(orders).toHaveLength(2);
    expect(orders[0].textContent).toContain('SO-2026-0007');
    expect(orders[0].textContent).toContain('¥650.00');
    expect(orders[0].textContent).toContain(en.order_status_confirmed);
    expect(orders[1].textContent).toContain(en.acct_draft);
    expect(screen.getAllByTestId('account-return')[0].textContent).toContain('RT-2026-0002');
    expect(screen.getAllByTestId('account-payment-row')[0].textContent).toContain(en.pay_method_cash);
  });

  it('warns when the balance is over the credit limit', async () => {
    mockBackend((cmd) => (cmd === 'customer_account' ? account({ balance_fen: 600000 }) : null));
    render(AccountSection, { customer: customer({ credit_limit_fen: 500000 }) });
    expect((await screen.findByTestId('account-over-limit')).textContent).toBe(en.acct_over_limit);
    expect(screen.getByTestId('account-credit').textContent).toContain('(120%)');
  });

  it('says when there is no credit limit', async () => {
    mockBackend((cmd) => (cmd === 'customer_account' ? account() : null));
    render(AccountSection, { customer: customer({ credit_limit_fen: null }) });
    expect((await screen.findByTestId('account-credit')).textContent).toContain(en.acct_no_limit);
  });

  it('"New order" starts an order for this customer', async () => {
    app.route = 'customers';
    mockBackend((cmd) => (cmd === 'customer_account' ? account() : null));
    render(AccountSection, { customer: customer({ code: 'C0042' }) });
    await fireEvent.click(screen.getByTestId('account-new-order'));
    expect(ordersUi.screen).toEqual({ name: 'editor', id: null, customer: 'C0042' });
    expect(app.route).toBe('orders');
  });

  it('clicking an order opens it', async () => {
    app.route = 'customers';
    mockBackend((cmd) => (cmd === 'customer_account' ? account() : null));
    render(AccountSection, { customer: customer() });
    const open = await screen.findAllByTestId('account-order-open');
    await fireEvent.click(open[0]);
    expect(ordersUi.screen).toEqual({ name: 'view', id: 7 });
    expect(app.route).toBe('orders');
  });

  it('"Statement" opens this customer’s statement on the receivables page', async () => {
    app.route = 'customers';
    mockBackend((cmd) => (cmd === 'customer_account' ? account() : null));
    render(AccountSection, { customer: customer({ code: 'C0042' }) });
    await fireEvent.click(screen.getByTestId('account-statement'));
    expect(app.route).toBe('receivables');
    expect(rcvUi.screen).toEqual({ name: 'statement', code: 'C0042', ...thisMonth() });
  });

  it('records a payment for this customer and reloads the account', async () => {
    let balance = 123450;
    const calls = mockBackend((cmd) => {
      if (cmd === 'customer_account') return account({ balance_fen: balance });
      if (cmd === 'payment_create') {
        balance = 23450;
        return {
          number: 'PM-2026-0009',
          customer_code: 'C0001',
          date: '2026-03-15',
          amount_fen: 100000,
          method: 'bank_transfer',
          reference: '',
          balance_fen: 23450,
        };
      }
      return null;
    });
    render(AccountSection, { customer: customer() });
    await screen.findByTestId('account-balance');
    await fireEvent.click(screen.getByTestId('account-payment'));
    expect((screen.getByTestId('payment-customer') as HTMLInputElement).value).toBe('C0001');
    await fireEvent.input(screen.getByTestId('payment-amount'), { target: { value: '1000' } });
    await fireEvent.click(screen.getByTestId('save-payment'));
    expect((await screen.findByTestId('account-notice')).textContent).toBe('PM-2026-0009 recorded, balance now ¥234.50.');
    expect(screen.queryByTestId('payment-form')).toBeNull();
    await waitFor(() => expect(screen.getByTestId('account-balance').textContent).toBe('¥234.50'));
    expect(calls.find((c) => c.cmd === 'payment_create')?.args.input).toMatchObject({ customer: 'C0001', amount: '1000' });
  });
  describe('show all', () => {
    it('lists 8 of each kind, and "Show all" shows the rest the account already holds', async () => {
      const calls = mockBackend((cmd) =>
        cmd === 'customer_account' ? account({ orders: many(12, (i) => order(i)), returns: many(10, ret), payments: many(9, payment) }) : null,
      );
      render(AccountSection, { customer: customer() });
      await screen.findByTestId('account-balance');
      expect(screen.getAllByTestId('account-order')).toHaveLength(8);
      expect(screen.getAllByTestId('account-return')).toHaveLength(8);
      expect(screen.getAllByTestId('account-payment-row')).toHaveLength(8);
      expect(screen.getByTestId('account-orders-more').textContent).toContain('4 more');

      await fireEvent.click(screen.getByTestId('account-orders-show-all'));
      const orders = screen.getAllByTestId('account-order');
      expect(orders).toHaveLength(12);
      expect(orders[11].getAttribute('data-id')).toBe('1');
      expect(document.activeElement).toBe(screen.getByTestId('account-orders-show-fewer'));
      // the other lists stay short
      expect(screen.getAllByTestId('account-return')).toHaveLength(8);
      await fireEvent.click(screen.getByTestId('account-returns-show-all'));
      expect(screen.getAllByTestId('account-return')).toHaveLength(10);
      await fireEvent.click(screen.getByTestId('account-payments-show-all'));
      expect(screen.getAllByTestId('account-payment-row')).toHaveLength(9);
      // all of it was in the account: nothing more fetched
      expect(calls.filter((c) => c.cmd !== 'customer_account')).toEqual([]);
      expect(screen.queryByTestId('account-payments-capped')).toBeNull();

      await fireEvent.click(screen.getByTestId('account-orders-show-fewer'));
      expect(screen.getAllByTestId('account-order')).toHaveLength(8);
      expect(screen.getByTestId('account-orders-show-all')).toBeTruthy();
    });

    it('offers no "Show all" for 8 or fewer', async () => {
      mockBackend((cmd) => (cmd === 'customer_account' ? account({ orders: many(8, (i) => order(i)) }) : null));
      render(AccountSection, { customer: customer() });
      await screen.findByTestId('account-balance');
      expect(screen.getAllByTestId('account-order')).toHaveLength(8);
      expect(screen.queryByTestId('account-orders-show-all')).toBeNull();
      expect(screen.queryByTestId('account-returns-show-all')).toBeNull();
    });

    it('fetches every order of the customer when the account stopped at its limit of 100', async () => {
      const all = many(130, (i) => order(i));
      const calls = mockBackend((cmd, args) => {
        if (cmd === 'customer_account') return account({ orders: all.slice(0, 100) });
        if (cmd === 'orders_list') {
          const q = args.query as OrderQuery;
          return all.slice(q.offset, q.offset + q.limit);
        }
        return null;
      });
      render(AccountSection, { customer: customer() });
      await screen.findByTestId('account-balance');
      expect(screen.getByTestId('account-orders-more').textContent).toContain('92+ more');
      await fireEvent.click(screen.getByTestId('account-orders-show-all'));
      await waitFor(() => expect(screen.getAllByTestId('account-order')).toHaveLength(130));
      expect(calls.find((c) => c.cmd === 'orders_list')?.args.query).toMatchObject({ customer: 'C0001', status: '', offset: 0 });
      expect(screen.queryByTestId('account-orders-capped')).toBeNull();
    });

    it('says when returns or payments stop at the limit and opens the full statement', async () => {
      app.route = 'customers';
      mockBackend((cmd) => (cmd === 'customer_account' ? account({ payments: many(100, payment) }) : null));
      render(AccountSection, { customer: customer({ code: 'C0042' }) });
      await screen.findByTestId('account-balance');
      await fireEvent.click(screen.getByTestId('account-payments-show-all'));
      expect(screen.getAllByTestId('account-payment-row')).toHaveLength(100);
      expect(screen.getByTestId('account-payments-capped').textContent).toBe(en.acct_capped.replace('{n}', '100'));
      await fireEvent.click(screen.getByTestId('account-payments-full-statement'));
      expect(app.route).toBe('receivables');
      expect(rcvUi.screen).toEqual({ name: 'statement', code: 'C0042', from: '2000-01-01', to: todayIso() });
    });
  });
});
