import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import ReceivableForm from './ReceivableForm.svelte';
import { mockBackend, resetState, summary } from '../../test/fixtures';
import type { ListQuery } from '../../lib/bindings';

describe('OpeningBalanceForm', () => {
  afterEach(() => resetState());

  it('finds customers by pinyin initials; ↓ and Enter pick one, and its name shows', async () => {
    const calls = mockBackend((cmd) => {
      if (cmd === 'customers_list') return { total: 2, offset: 0, rows: [summary(0), summary(1, { name: '新华书店 滨江店' })] };
      if (cmd === 'receivable_opening') return 5000;
      return null;
    });
    const onsaved = vi.fn();
    render(ReceivableForm, { kind: 'opening', onsaved, onclose: vi.fn() });
    const customer = screen.getByTestId('opening-customer') as HTMLInputElement;
    await fireEvent.input(customer, { target: { value: 'xhsd' } });
    const options = await screen.findAllByTestId('opening-customer-option');
    expect(options.map((o) => o.getAttribute('data-code'))).toEqual(['C0001', 'C0002']);
    expect(calls.find((c) => c.cmd === 'customers_list')?.args.query).toEqual({
      query: 'xhsd',
      offset: 0,
      limit: 8,
      include_archived: false,
    });
    await fireEvent.keyDown(customer, { key: 'ArrowDown' });
    await fireEvent.keyDown(customer, { key: 'Enter' });
    expect(customer.value).toBe('C0002');
    expect(screen.getByTestId('opening-customer-picked').textContent).toContain('新华书店 滨江店');
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('opening-amount')));
    await fireEvent.input(screen.getByTestId('opening-amount'), { target: { value: '50' } });
    await fireEvent.click(screen.getByTestId('save-opening'));
    await waitFor(() => expect(onsaved).toHaveBeenCalledWith('C0002', 5000));
  });

  it('Escape closes the list, not the form', async () => {
    mockBackend((cmd) => (cmd === 'customers_list' ? { total: 2, offset: 0, rows: [summary(0), summary(1)] } : null));
    const onclose = vi.fn();
    render(ReceivableForm, { kind: 'opening', onsaved: vi.fn(), onclose });
    const customer = screen.getByTestId('opening-customer') as HTMLInputElement;
    await fireEvent.input(customer, { target: { value: 'xh' } });
    await screen.findByTestId('opening-customer-options');
    await fireEvent.keyDown(customer, { key: 'Escape' });
    expect(screen.queryByTestId('opening-customer-options')).toBeNull();
    expect(onclose).not.toHaveBeenCalled();
    await fireEvent.keyDown(customer, { key: 'Escape' });
    expect(onclose).toHaveBeenCalledOnce();
  });

  it('shows the customer of an exact code typed in lower case', async () => {
    mockBackend((cmd, args) => {
      if (cmd !== 'customers_list') return null;
      const q = (args.query as ListQuery).query;
      return q.toLowerCase() === 'c0003' ? { total: 1, offset: 0, rows: [summary(2, { name: '重庆大学图书馆' })] } : { total: 0, offset: 0, rows: [] };
    });
    render(ReceivableForm, { kind: 'opening', onsaved: vi.fn(), onclose: vi.fn() });
    const customer = screen.getByTestId('opening-customer') as HTMLInputElement;
    await fireEvent.input(customer, { target: { value: 'c0003' } });
    expect((await screen.findByTestId('opening-customer-picked')).textContent).toContain('重庆大学图书馆');
    expect(customer.value).toBe('C0003');
  });
});
