import { afterEach, describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import Suppliers from './Suppliers.svelte';
import { mockBackend, resetState } from '../../test/fixtures';
import { summary, supplier } from '../../lib/documentsTestData';
import { docs } from '../../lib/documents.svelte';
import { locale } from '../../lib/locale.svelte';
import type { DocumentSummary, Supplier, SupplierInput } from '../../lib/bindings';

const LIST: Supplier[] = [
  supplier(1, { contact: '李明', phone: '010-65252000', default_discount_bp: 6000, payment_terms_days: 60, notes: '每季度对账，退货需提前一周通知业务员' }),
  supplier(2, { name: '译林出版社', contact: '陈静', phone: '025-83658000', default_discount_bp: 5500, payment_terms_days: 90 }),
  supplier(3, { name: '中华书局', contact: '王强', phone: '13900001111', default_discount_bp: 6500, payment_terms_days: 30 }),
];

const HISTORY: DocumentSummary[] = [
  summary('PR-20260302-0007', { supplier_invoice: '04417788', supplier_invoice_date: '2026-02-27', net_total_fen: 8100 }),
  summary('SR-20260303-0001', { kind: 'supplier_return', net_total_fen: -2700 }),
];

function rowIds(): number[] {
  return screen.queryAllByTestId('supplier-row').map((r) => Number(r.getAttribute('data-id')));
}

function row(id: number): HTMLElement {
  return screen.getAllByTestId('supplier-row').find((r) => r.getAttribute('data-id') === String(id))!;
}

function backend(update?: (id: number, input: SupplierInput) => Supplier) {
  return mockBackend((cmd, args) => {
    if (cmd === 'suppliers_list') return LIST;
    if (cmd === 'stock_documents') return HISTORY.filter(() => (args.query as { supplier_id: number }).supplier_id === 1);
    if (cmd === 'supplier_update' && update) return update(args.id as number, args.input as SupplierInput);
    if (cmd === 'supplier_create') {
      const input = args.input as SupplierInput;
      return supplier(9, { name: input.name, contact: input.contact, default_discount_bp: 6000 });
    }
    throw new Error(`unexpected ${cmd}`);
  });
}

describe('Suppliers page', () => {
  afterEach(() => {
    resetState();
  });

  it('lists the suppliers with discount as 折 and terms in days, and filters by name, contact and phone', async () => {
    backend();
    render(Suppliers);
    await waitFor(() => expect(rowIds()).toHaveLength(3));
    const r1 = row(1);
    expect(r1.textContent).toContain('人民文学出版社');
    expect(r1.textContent).toContain('李明');
    expect(r1.textContent).toContain('010-65252000');
    expect(within(r1).getByTestId('supplier-discount').textContent).toBe('6折');
    expect(within(r1).getByTestId('supplier-terms').textContent).toBe('60 days');
    expect(within(row(2)).getByTestId('supplier-discount').textContent).toBe('5.5折');
    expect(r1.querySelector('.notes')!.getAttribute('title')).toBe(LIST[0].notes);

    const search = screen.getByTestId('supplier-search');
    await fireEvent.input(search, { target: { value: '译林' } });
    expect(rowIds()).toEqual([2]);
    await fireEvent.input(search, { target: { value: '王强' } });
    expect(rowIds()).toEqual([3]);
    await fireEvent.input(search, { target: { value: '01065252' } }); // a phone typed without its dash
    expect(rowIds()).toEqual([1]);
    await fireEvent.input(search, { target: { value: '不存在' } });
    expect(rowIds()).toEqual([]);
    expect(screen.getByTestId('suppliers-empty').textContent).toContain('No supplier matches “不存在”.');
    await fireEvent.input(search, { target: { value: '' } });
    expect(rowIds()).toHaveLength(3);
  });

  it('shows an empty state when there are no suppliers, and New supplier creates one', async () => {
    const calls = mockBackend((cmd, args) => {
      if (cmd === 'suppliers_list') return [];
      if (cmd === 'supplier_create') return supplier(9, { name: (args.input as SupplierInput).name });
      throw new Error(cmd);
    });
    render(Suppliers);
    await waitFor(() => expect(screen.getByTestId('suppliers-empty').textContent).toContain('No suppliers yet'));
    await fireEvent.click(screen.getByTestId('new-supplier'));
    const form = await screen.findByTestId('supplier-form');
    expect(form.getAttribute('data-mode')).toBe('create');
    expect((form.querySelector('[name="name"]') as HTMLInputElement).value).toBe('');
    await fireEvent.input(form.querySelector('[name="name"]')!, { target: { value: '三联书店' } });
    await fireEvent.click(screen.getByTestId('save-supplier'));
    await waitFor(() => expect(screen.queryByTestId('supplier-form')).toBeNull());
    expect(rowIds()).toEqual([9]);
    expect(calls.filter((c) => c.cmd === 'supplier_update')).toHaveLength(0);
    expect(docs.modals).toBe(0);
  });

  it('gives focus back to New supplier once the form has saved', async () => {
    mockBackend((cmd, args) => {
      if (cmd === 'suppliers_list') return [];
      if (cmd === 'supplier_create') return supplier(9, { name: (args.input as SupplierInput).name });
      throw new Error(cmd);
    });
    render(Suppliers);
    const open = await screen.findByTestId('new-supplier');
    open.focus();
    await fireEvent.click(open);
    const form = await screen.findByTestId('supplier-form');
    await waitFor(() => expect(document.activeElement).toBe(form.querySelector('[name="name"]')));
    await fireEvent.input(form.querySelector('[name="name"]')!, { target: { value: '三联书店' } });
    await fireEvent.click(screen.getByTestId('save-supplier'));
    await waitFor(() => expect(screen.queryByTestId('supplier-form')).toBeNull());
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('new-supplier')));
  });

  it('opens a supplier\'s read-only page from a row, with its purchase history; Esc goes back', async () => {
    const calls = backend();
    render(Suppliers);
    await waitFor(() => expect(rowIds()).toHaveLength(3));
    await fireEvent.click(row(1));
    const page = await screen.findByTestId('supplier-page');
    expect(screen.queryByTestId('supplier-form')).toBeNull();
    expect(screen.getByTestId('supplier-page-name').textContent).toBe('人民文学出版社');
    expect(screen.getByTestId('supplier-page-discount').textContent).toBe('6折');
    await waitFor(() => expect(screen.getAllByTestId('supplier-doc-row')).toHaveLength(2));
    expect(calls.find((c) => c.cmd === 'stock_documents')!.args.query).toMatchObject({ supplier_id: 1, kind: '' });
    const invoices = screen.getAllByTestId('supplier-doc-invoice').map((c) => c.textContent);
    expect(invoices).toEqual(['04417788 · 2026-02-27', '']);
    expect(screen.getByTestId('supplier-page-total').textContent).toBe('1 receipt, ¥81.00 at cost');
    expect(page.textContent).toContain('Purchase history');
    await fireEvent.keyDown(window, { key: 'Escape' });
    await waitFor(() => expect(screen.queryByTestId('supplier-page')).toBeNull());
    expect(rowIds()).toHaveLength(3);
    // another supplier with nothing received says so
    await fireEvent.click(row(3));
    await waitFor(() => expect(screen.getByTestId('supplier-history-empty').textContent).toBe('Nothing received from this supplier yet.'));
  });

  it('moves with ↑/↓, opens the selected supplier with Enter, edits it from its page with supplier_update', async () => {
    const calls = backend((id, input) => ({
      ...LIST.find((s) => s.id === id)!,
      name: input.name,
      contact: input.contact,
      payment_terms_days: Number(input.payment_terms_days),
    }));
    render(Suppliers);
    await waitFor(() => expect(rowIds()).toHaveLength(3));
    // sorted by name; find where 译林出版社 sits and walk there with the arrows
    const ids = rowIds();
    const target = ids.indexOf(2);
    const list = screen.getByTestId('supplier-list');
    for (let i = 0; i < target; i += 1) await fireEvent.keyDown(list, { key: 'ArrowDown' });
    await fireEvent.keyDown(list, { key: 'ArrowDown' });
    await fireEvent.keyDown(list, { key: 'ArrowUp' });
    expect(row(2).getAttribute('aria-selected')).toBe('true');
    await fireEvent.keyDown(list, { key: 'Enter' });
    await screen.findByTestId('supplier-page');
    expect(screen.queryByTestId('supplier-form')).toBeNull();
    await fireEvent.click(screen.getByTestId('supplier-edit'));

    const form = await screen.findByTestId('supplier-form');
    expect(form.getAttribute('data-mode')).toBe('edit');
    expect(form.textContent).toContain('Edit supplier');
    const value = (name: string) => (form.querySelector(`[name="${name}"]`) as HTMLInputElement).value;
    expect(value('name')).toBe('译林出版社');
    expect(value('contact')).toBe('陈静');
    expect(value('phone')).toBe('025-83658000');
    expect(value('discount')).toBe('5.5折');
    expect(value('payment_terms_days')).toBe('90');

    await fireEvent.input(form.querySelector('[name="payment_terms_days"]')!, { target: { value: '45' } });
    await fireEvent.click(screen.getByTestId('save-supplier'));
    await waitFor(() => expect(screen.queryByTestId('supplier-form')).toBeNull());
    const update = calls.filter((c) => c.cmd === 'supplier_update');
    expect(update).toHaveLength(1);
    expect(update[0].args).toEqual({
      id: 2,
      input: {
        name: '译林出版社',
        contact: '陈静',
        phone: '025-83658000',
        email: '',
        discount: '5.5折',
        payment_terms_days: '45',
        notes: '',
      },
    });
    expect(calls.filter((c) => c.cmd === 'supplier_create')).toHaveLength(0);
    await fireEvent.click(screen.getByTestId('supplier-back'));
    await waitFor(() => expect(screen.queryByTestId('supplier-page')).toBeNull());
    expect(within(row(2)).getByTestId('supplier-terms').textContent).toBe('45 days');
    expect(rowIds()).toHaveLength(3);
  });

  it('edits a supplier from its page and shows supplier_taken inline under the name', async () => {
    const calls = backend(() => {
      throw { code: 'supplier_taken', message: 'name taken', field: 'name' };
    });
    locale.lang = 'zh-CN';
    render(Suppliers);
    await waitFor(() => expect(rowIds()).toHaveLength(3));
    await fireEvent.click(row(3));
    await fireEvent.click(await screen.findByTestId('supplier-edit'));
    const form = await screen.findByTestId('supplier-form');
    expect(form.textContent).toContain('编辑供应商');
    const name = form.querySelector('[name="name"]') as HTMLInputElement;
    expect(name.value).toBe('中华书局');
    await fireEvent.input(name, { target: { value: '人民文学出版社' } });
    await fireEvent.click(screen.getByTestId('save-supplier'));
    const err = await screen.findByTestId('error-name');
    expect(err.textContent).toBe('已有同名供应商。');
    expect(name.getAttribute('aria-invalid')).toBe('true');
    expect(screen.queryByTestId('supplier-form-error')).toBeNull();
    await waitFor(() => expect(document.activeElement).toBe(name));
    expect(calls.find((c) => c.cmd === 'supplier_update')!.args).toMatchObject({ id: 3, input: { name: '人民文学出版社' } });
    // the page is unchanged and the form stays open
    expect(screen.getByTestId('supplier-page-name').textContent).toBe('中华书局');
    expect(screen.getByTestId('supplier-form')).toBeTruthy();
  });
});
