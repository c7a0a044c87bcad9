// Each page loads what it shows again, in place, when the file changed outside (app.dataVersion,
// bumped by lib/outside.svelte.ts; App.outside.test.ts covers the event and its coalescing), and
// leaves what is being typed alone.
import { afterEach, describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import Orders from '../components/orders/Orders.svelte';
import OrderView from '../components/orders/OrderView.svelte';
import OrderEditor from '../components/orders/OrderEditor.svelte';
import Documents from '../components/documents/Documents.svelte';
import Suppliers from '../components/catalogue/Suppliers.svelte';
import Catalogue from '../components/catalogue/Catalogue.svelte';
import Receivables from '../components/receivables/Receivables.svelte';
import { mockBackend, resetState, sleep, type Call } from '../test/fixtures';
import { order, orderSummary } from './ordersTestData';
import { stockDocument, summary as docSummary, supplier } from './documentsTestData';
import { docs, resetDocs, showDocument } from './documents.svelte';
import { app } from './store.svelte';
import { closeTitleForm } from './stockList.svelte';

const count = (calls: Call[], cmd: string) => calls.filter((c) => c.cmd === cmd).length;

function changedOutside() {
  app.dataVersion += 1;
}

describe('pages after a change made outside', () => {
  afterEach(() => {
    resetState();
    resetDocs();
    closeTitleForm();
  });

  it('Orders: the list again, the same order still selected, the status filter kept', async () => {
    const a = orderSummary(order({ id: 7, number: 'SO-20260301-0001', status: 'confirmed' }));
    const b = orderSummary(order({ id: 3, number: 'SO-20260301-0002', status: 'confirmed' }));
    const c = orderSummary(order({ id: 9, number: 'SO-20260302-0001', status: 'confirmed' }));
    let rows = [a, b];
    const calls = mockBackend((cmd) => (cmd === 'orders_list' ? rows : null));
    render(Orders);
    await fireEvent.change(screen.getByTestId('order-status-filter'), { target: { value: 'confirmed' } });
    await waitFor(() => expect(screen.getAllByTestId('order-row')).toHaveLength(2));
    const list = screen.getByRole('grid');
    await fireEvent.keyDown(list, { key: 'ArrowDown' });
    expect(screen.getAllByTestId('order-row')[1].getAttribute('aria-selected')).toBe('true');

    rows = [c, a, b];
    changedOutside();
    await waitFor(() => expect(screen.getAllByTestId('order-row')).toHaveLength(3));
    const selected = screen.getAllByTestId('order-row').filter((r) => r.getAttribute('aria-selected') === 'true');
    expect(selected.map((r) => r.getAttribute('data-id'))).toEqual(['3']);
    expect(calls.filter((x) => x.cmd === 'orders_list').slice(-1)[0].args.query).toMatchObject({ status: 'confirmed', offset: 0 });
  });

  it('an order page: the order again, an open dialog and its text left alone', async () => {
    let status: 'confirmed' | 'cancelled' = 'confirmed';
    const calls = mockBackend((cmd) => (cmd === 'order_get' ? order({ id: 7, status, cancel_reason: status === 'cancelled' ? '客户取消' : '' }) : null));
    render(OrderView, { id: 7 });
    await fireEvent.click(await screen.findByTestId('cancel-order'));
    const reason = (await screen.findByTestId('cancel-reason')) as HTMLInputElement;
    await fireEvent.input(reason, { target: { value: '重复下单' } });

    status = 'cancelled';
    changedOutside();
    await waitFor(() => expect(screen.getByTestId('order-view').getAttribute('data-status')).toBe('cancelled'));
    expect(count(calls, 'order_get')).toBe(2);
    expect((screen.getByTestId('cancel-reason') as HTMLInputElement).value).toBe('重复下单');
  });

  it('order entry: a draft being typed is not loaded again', async () => {
    const calls = mockBackend((cmd) => {
      if (cmd === 'order_get') return order({ id: 4, number: null, status: 'draft' });
      if (cmd === 'company_get') return null;
      return null;
    });
    render(OrderEditor, { id: 4, customer: '' });
    await waitFor(() => expect(count(calls, 'order_get')).toBe(1));
    await sleep(30);
    changedOutside();
    await sleep(30);
    expect(count(calls, 'order_get')).toBe(1);
  });

  it('Documents: the list again, keeping the selected document; an open document again', async () => {
    const first = docSummary('PR-20260302-0001');
    const second = docSummary('PR-20260302-0002');
    let rows = [second, first];
    let reversed = false;
    mockBackend((cmd, args) => {
      if (cmd === 'stock_documents') return rows;
      if (cmd === 'stock_document') return stockDocument(args.number as string, { status: reversed ? 'reversed' : 'posted' });
      return null;
    });
    render(Documents);
    await waitFor(() => expect(screen.getAllByTestId('doc-row')).toHaveLength(2));
    await fireEvent.keyDown(screen.getByTestId('doc-list'), { key: 'ArrowDown' });
    rows = [docSummary('PR-20260303-0001'), second, first];
    changedOutside();
    await waitFor(() => expect(screen.getAllByTestId('doc-row')).toHaveLength(3));
    const selected = screen.getAllByTestId('doc-row').filter((r) => r.getAttribute('aria-selected') === 'true');
    expect(selected.map((r) => r.getAttribute('data-number'))).toEqual(['PR-20260302-0001']);

    showDocument(stockDocument('PR-20260302-0001'));
    await screen.findByTestId('document-view');
    expect(screen.getByTestId('doc-status').textContent).toContain('Posted');
    reversed = true;
    changedOutside();
    await waitFor(() => expect(screen.getByTestId('doc-status').textContent).toContain('Reversed'));
    expect(docs.screen.name).toBe('view');
  });

  it('Suppliers: the list again, the filter as typed', async () => {
    let list = [supplier(1, { name: '人民文学出版社' })];
    mockBackend((cmd) => (cmd === 'suppliers_list' ? list : null));
    render(Suppliers);
    await waitFor(() => expect(screen.getAllByTestId('supplier-row')).toHaveLength(1));
    const search = screen.getByTestId('supplier-search') as HTMLInputElement;
    await fireEvent.input(search, { target: { value: '出版' } });
    list = [...list, supplier(2, { name: '译林出版社' })];
    changedOutside();
    await waitFor(() => expect(screen.getAllByTestId('supplier-row')).toHaveLength(2));
    expect(search.value).toBe('出版');
  });

  it('Catalogue: the stock list, its filters and the stock value again, the search box as typed', async () => {
    const calls = mockBackend((cmd) => {
      if (cmd === 'stock_list') return { total: 0, rows: [] };
      if (cmd === 'stock_facets') return { categories: [], publishers: [], bins: [] };
      if (cmd === 'stock_value') return { titles: 0, copies: 0, list_value_fen: 0, cost_value_fen: 0 };
      return null;
    });
    render(Catalogue);
    await waitFor(() => expect(count(calls, 'stock_value')).toBe(1));
    await waitFor(() => expect(count(calls, 'stock_list')).toBe(1));
    const search = document.getElementById('stock-search') as HTMLInputElement;
    search.value = '红楼';
    changedOutside();
    await waitFor(() => expect(count(calls, 'stock_list')).toBe(2));
    await waitFor(() => expect(count(calls, 'stock_facets')).toBe(2));
    expect(count(calls, 'stock_value')).toBe(2);
    expect(search.value).toBe('红楼');
  });

  it('Receivables: the aging table again', async () => {
    const calls = mockBackend((cmd) => (cmd === 'receivables_aging' ? [] : null));
    render(Receivables);
    await waitFor(() => expect(count(calls, 'receivables_aging')).toBe(1));
    changedOutside();
    await waitFor(() => expect(count(calls, 'receivables_aging')).toBe(2));
  });
});
