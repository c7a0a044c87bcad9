import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import ReceivableForm from './ReceivableForm.svelte';
import { mockBackend, resetState, summary } from '../../test/fixtures';
import type { ListQuery, Payment } from '../../lib/bindings';
import { en, translateErrorCode } from '../../lib/i18n';
import { pinDate } from '../../test/clock';

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
  pinDate(new Date(2026, 2, 15, 9, 0, 0));
  afterEach(() => {
    resetState();
  });

  it('sends the PaymentInput and reports the payment', async () => {
    const calls = mockBackend((cmd) => (cmd === 'payment_create' ? PAYMENT : null));
    const onsaved = vi.fn();
    const onclose = vi.fn();
    render(ReceivableForm, { kind: 'payment', customer: 'C0001', fixed: true, onsaved, onclose });
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
    render(ReceivableForm, { kind: 'payment', customer: 'C0001', fixed: true, onsaved, onclose });
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
    render(ReceivableForm, { kind: 'payment', onsaved: vi.fn(), onclose: vi.fn() });
    await fireEvent.input(screen.getByTestId('payment-customer'), { target: { value: 'ZZZ' } });
    await fireEvent.input(screen.getByTestId('payment-amount'), { target: { value: '10' } });
    await fireEvent.keyDown(screen.getByTestId('payment-amount'), { key: 'Enter', ctrlKey: true });
    expect((await screen.findByTestId('error-customer')).textContent).toBe(
      translateErrorCode('en', 'customer_unknown', 'no such customer'),
    );
    await fireEvent.click(screen.getByTestId('save-payment'));
    expect((await screen.findByTestId('payment-error')).textContent).toBe(en.err_db_error);
  });

  it('saves with Ctrl+S, as every form does', async () => {
    const calls = mockBackend((cmd) => {
      if (cmd === 'payment_create') throw { code: 'db_error', message: 'disk full' };
      return null;
    });
    render(ReceivableForm, { kind: 'payment', onsaved: vi.fn(), onclose: vi.fn() });
    await fireEvent.input(screen.getByTestId('payment-customer'), { target: { value: 'C0001' } });
    await fireEvent.input(screen.getByTestId('payment-amount'), { target: { value: '10' } });
    await fireEvent.keyDown(screen.getByTestId('payment-amount'), { key: 's', ctrlKey: true });
    await waitFor(() => expect(calls.filter((c) => c.cmd === 'payment_create')).toHaveLength(1));
  });

  it('searches customers by what is typed and picks one', async () => {
    const calls = mockBackend((cmd, args) => {
      if (cmd === 'customers_list') {
        const q = (args.query as ListQuery).query;
        return { total: 2, offset: 0, rows: [summary(4, { name: `${q} 书店` }), summary(5)] };
      }
      return null;
    });
    render(ReceivableForm, { kind: 'payment', onsaved: vi.fn(), onclose: vi.fn() });
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

  it('moves the highlight with ↓/↑ and picks the highlighted customer with Enter', async () => {
    mockBackend((cmd) =>
      cmd === 'customers_list' ? { total: 3, offset: 0, rows: [summary(0), summary(1, { name: '新华书店 滨江店' }), summary(2)] } : null,
    );
    render(ReceivableForm, { kind: 'payment', onsaved: vi.fn(), onclose: vi.fn() });
    const customer = screen.getByTestId('payment-customer') as HTMLInputElement;
    await fireEvent.input(customer, { target: { value: 'xhsd' } });
    await screen.findAllByTestId('payment-customer-option');
    const selected = () =>
      screen.getAllByTestId('payment-customer-option').map((o) => o.getAttribute('aria-selected'));
    expect(selected()).toEqual(['true', 'false', 'false']);
    await fireEvent.keyDown(customer, { key: 'ArrowDown' });
    await fireEvent.keyDown(customer, { key: 'ArrowDown' });
    await fireEvent.keyDown(customer, { key: 'ArrowUp' });
    expect(selected()).toEqual(['false', 'true', 'false']);
    expect(customer.getAttribute('aria-activedescendant')).toBe(screen.getAllByTestId('payment-customer-option')[1].id);
    await fireEvent.keyDown(customer, { key: 'Enter' });
    expect(customer.value).toBe('C0002');
    expect(screen.queryByTestId('payment-customer-options')).toBeNull();
    expect(screen.getByTestId('payment-customer-picked').textContent).toContain('新华书店 滨江店');
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('payment-amount')));
  });

  it('Escape closes an open customer list only; the next Escape closes the form', async () => {
    mockBackend((cmd) => (cmd === 'customers_list' ? { total: 2, offset: 0, rows: [summary(0), summary(1)] } : null));
    const onclose = vi.fn();
    render(ReceivableForm, { kind: 'payment', onsaved: vi.fn(), onclose });
    const customer = screen.getByTestId('payment-customer') as HTMLInputElement;
    await fireEvent.input(customer, { target: { value: 'xhsd' } });
    await screen.findByTestId('payment-customer-options');
    await fireEvent.keyDown(customer, { key: 'Escape' });
    expect(screen.queryByTestId('payment-customer-options')).toBeNull();
    expect(onclose).not.toHaveBeenCalled();
    expect(screen.getByTestId('payment-form')).toBeTruthy();
    await fireEvent.keyDown(customer, { key: 'Escape' });
    expect(onclose).toHaveBeenCalledOnce();
  });

  it('an exact code, typed in any case, shows that customer and saves its code', async () => {
    const calls = mockBackend((cmd, args) => {
      if (cmd === 'customers_list') {
        const q = (args.query as ListQuery).query.toLowerCase();
        return q === 'c0001' ? { total: 1, offset: 0, rows: [summary(0, { name: '杭州新华书店' })] } : { total: 0, offset: 0, rows: [] };
      }
      if (cmd === 'payment_create') return PAYMENT;
      return null;
    });
    const onsaved = vi.fn();
    render(ReceivableForm, { kind: 'payment', onsaved, onclose: vi.fn() });
    const customer = screen.getByTestId('payment-customer') as HTMLInputElement;
    await fireEvent.input(customer, { target: { value: 'c0001' } });
    const picked = await screen.findByTestId('payment-customer-picked');
    expect(picked.textContent).toContain('杭州新华书店');
    expect(picked.getAttribute('data-code')).toBe('C0001');
    expect(customer.value).toBe('C0001');
    // one exact hit: no list to choose from
    expect(screen.queryByTestId('payment-customer-options')).toBeNull();
    await fireEvent.keyDown(customer, { key: 'Enter' });
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('payment-amount')));
    await fireEvent.input(screen.getByTestId('payment-amount'), { target: { value: '10' } });
    await fireEvent.click(screen.getByTestId('save-payment'));
    await waitFor(() => expect(onsaved).toHaveBeenCalled());
    expect((calls.find((c) => c.cmd === 'payment_create')?.args.input as { customer: string }).customer).toBe('C0001');
    // typing something else hides the name again
    await fireEvent.input(customer, { target: { value: 'c000' } });
    expect(screen.queryByTestId('payment-customer-picked')).toBeNull();
  });

  it('shows the name of the customer the form was opened for', async () => {
    mockBackend((cmd) => (cmd === 'customers_list' ? { total: 1, offset: 0, rows: [summary(0, { name: '杭州新华书店' })] } : null));
    render(ReceivableForm, { kind: 'payment', customer: 'C0001', fixed: true, onsaved: vi.fn(), onclose: vi.fn() });
    expect((await screen.findByTestId('payment-customer-picked')).textContent).toContain('杭州新华书店');
  });

  it('is a modal dialog titled by its heading, and Esc closes it even with focus behind it', async () => {
    mockBackend(() => null);
    const onclose = vi.fn();
    render(ReceivableForm, { kind: 'payment', customer: 'C0001', fixed: true, onsaved: vi.fn(), onclose });
    const dialog = screen.getByRole('dialog');
    expect(dialog.getAttribute('aria-labelledby')).toBe('payment-form-title');
    expect(document.getElementById('payment-form-title')!.textContent).toBe(en.pay_title);
    expect(screen.getByTestId('payment-form').tagName).toBe('FORM');
    (document.activeElement as HTMLElement | null)?.blur();
    await fireEvent.keyDown(document.body, { key: 'Escape' });
    expect(onclose).toHaveBeenCalledOnce();
  });

  it('keeps Tab inside the form', async () => {
    mockBackend(() => null);
    render(ReceivableForm, { kind: 'payment', customer: 'C0001', fixed: true, onsaved: vi.fn(), onclose: vi.fn() });
    // focus starts in the amount (the customer is given)
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('payment-amount')));
    const save = screen.getByTestId('save-payment');
    save.focus();
    await fireEvent.keyDown(save, { key: 'Tab' });
    expect(document.activeElement).toBe(screen.getByLabelText(en.rcv_close));
  });

  it('Escape cancels without saving', async () => {
    const calls = mockBackend(() => null);
    const onclose = vi.fn();
    render(ReceivableForm, { kind: 'payment', customer: 'C0001', fixed: true, onsaved: vi.fn(), onclose });
    await fireEvent.keyDown(screen.getByTestId('payment-amount'), { key: 'Escape' });
    expect(onclose).toHaveBeenCalledOnce();
    expect(calls.filter((c) => c.cmd === 'payment_create')).toHaveLength(0);
  });
});
