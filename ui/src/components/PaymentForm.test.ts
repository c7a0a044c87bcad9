import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import PaymentForm from './PaymentForm.svelte';
import { mockBackend, resetState, summary } from '../test/fixtures';
import type { ListQuery, Payment } from '../lib/bindings';
import { en, translateErrorCode } from '../lib/i18n';

const PAYMENT: Payment = {
  number: 'PM-2026-0001',
  customer_code: 'C0001',
  date: '2026-03-15',
  amount_fen: 123450,
  method: 'wechat_alipay',
  reference: '4200001234',
  balance_fen: 76550,
};

describe('PaymentForm', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date(2026, 2, 15, 9, 0, 0));
  });
  afterEach(() => {
    vi.useRealTimers();
    resetState();
  });

  it('sends the PaymentInput and reports the payment', async () => {
    const calls = mockBackend((cmd) => (cmd === 'payment_create' ? PAYMENT : null));
    const onsaved = vi.fn();
    const onclose = vi.fn();
    render(PaymentForm, { customer: 'C0001', fixed: true, onsaved, onclose });
    const customer = screen.getByTestId('payment-customer') as HTMLInputElement;
    expect(customer.value).toBe('C0001');
    expect(customer.readOnly).toBe(true);
    expect((screen.getByTestId('payment-date') as HTMLInputElement).value).toBe('2026-03-15');
    await fireEvent.input(screen.getByTestId('payment-amount'), { target: { value: ' ￥1,234.50 ' } });
    await fireEvent.change(screen.getByTestId('payment-method'), { target: { value: 'wechat_alipay' } });
    await fireEvent.input(screen.getByTestId('payment-reference'), { target: { value: '4200001234' } });
    await fireEvent.input(screen.getByTestId('payment-date'), { target: { value: '2026-03-14' } });
    await fireEvent.click(screen.getByTestId('save-payment'));
    await waitFor(() => expect(onsaved).toHaveBeenCalledWith(PAYMENT));
    expect(calls.filter((c) => c.cmd === 'payment_create').map((c) => c.args.input)).toEqual([
      { customer: 'C0001', amount: '￥1,234.50', method: 'wechat_alipay', date: '2026-03-14', reference: '4200001234' },
    ]);
    expect(onclose).not.toHaveBeenCalled();
  });

  it('shows amount_invalid inline and stays open', async () => {
    const calls = mockBackend((cmd) => {
      if (cmd === 'payment_create') throw { code: 'amount_invalid', message: 'bad amount', field: 'amount' };
      return null;
    });
    const onsaved = vi.fn();
    const onclose = vi.fn();
    render(PaymentForm, { customer: 'C0001', fixed: true, onsaved, onclose });
    const amount = screen.getByTestId('payment-amount') as HTMLInputElement;
    await fireEvent.input(amount, { target: { value: 'abc' } });
    await fireEvent.keyDown(amount, { key: 'Enter' });
    expect((await screen.findByTestId('error-amount')).textContent).toBe(en.err_amount_invalid);
    expect(amount.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByTestId('payment-form')).toBeTruthy();
    expect(onsaved).not.toHaveBeenCalled();
    expect(onclose).not.toHaveBeenCalled();
    expect(calls.filter((c) => c.cmd === 'payment_create')).toHaveLength(1);
    // typing in the field clears its error
    await fireEvent.input(amount, { target: { value: '12' } });
    expect(screen.queryByTestId('error-amount')).toBeNull();
  });

  it('shows a customer error inline and other errors above the form', async () => {
    let n = 0;
    mockBackend((cmd) => {
      if (cmd !== 'payment_create') return null;
      n += 1;
      if (n === 1) throw { code: 'customer_unknown', message: 'no such customer', field: 'customer' };
      throw { code: 'db_error', message: 'disk full' };
    });
    render(PaymentForm, { onsaved: vi.fn(), onclose: vi.fn() });
    await fireEvent.input(screen.getByTestId('payment-customer'), { target: { value: 'ZZZ' } });
    await fireEvent.input(screen.getByTestId('payment-amount'), { target: { value: '10' } });
    await fireEvent.keyDown(screen.getByTestId('payment-amount'), { key: 'Enter', ctrlKey: true });
    expect((await screen.findByTestId('error-customer')).textContent).toBe(
      translateErrorCode('en', 'customer_unknown', 'no such customer'),
    );
    await fireEvent.click(screen.getByTestId('save-payment'));
    expect((await screen.findByTestId('payment-error')).textContent).toBe(en.err_db_error);
  });

  it('searches customers by what is typed and picks one', async () => {
    const calls = mockBackend((cmd, args) => {
      if (cmd === 'customers_list') {
        const q = (args.query as ListQuery).query;
        return { total: 2, offset: 0, rows: [summary(4, { name: `${q} 书店` }), summary(5)] };
      }
      return null;
    });
    render(PaymentForm, { onsaved: vi.fn(), onclose: vi.fn() });
    const customer = screen.getByTestId('payment-customer') as HTMLInputElement;
    await fireEvent.input(customer, { target: { value: 'xhsd' } });
    const options = await screen.findAllByTestId('payment-customer-option');
    expect(options.map((o) => o.getAttribute('data-code'))).toEqual(['C0005', 'C0006']);
    expect(calls.find((c) => c.cmd === 'customers_list')?.args.query).toEqual({
      query: 'xhsd',
      offset: 0,
      limit: 8,
      include_archived: false,
    });
    await fireEvent.click(options[1]);
    expect(customer.value).toBe('C0006');
    expect(screen.queryByTestId('payment-customer-option')).toBeNull();
  });

  it('Escape cancels without saving', async () => {
    const calls = mockBackend(() => null);
    const onclose = vi.fn();
    render(PaymentForm, { customer: 'C0001', fixed: true, onsaved: vi.fn(), onclose });
    await fireEvent.keyDown(screen.getByTestId('payment-amount'), { key: 'Escape' });
    expect(onclose).toHaveBeenCalledOnce();
    expect(calls.filter((c) => c.cmd === 'payment_create')).toHaveLength(0);
  });
});
