import { afterEach, describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import Orders from './Orders.svelte';
import App from '../../App.svelte';
import { mockBackend, resetState, status } from '../../test/fixtures';
import { order, orderSummary } from '../../lib/ordersTestData';
import { ordersUi } from '../../lib/orders.svelte';
import { app } from '../../lib/store.svelte';

const DRAFT = orderSummary(order({ id: 3, number: null, status: 'draft', customer_code: 'C0002', customer_name: '博库书城' }));
const CONFIRMED = orderSummary(order({ id: 7, status: 'confirmed' }));

describe('Orders list', () => {
  afterEach(() => resetState());

  it('lists orders with number or Draft #id, copies, 实洋 and status, and filters by status', async () => {
    const calls = mockBackend((cmd, args) => {
      if (cmd === 'orders_list') {
        const s = (args.query as { status: string }).status;
        return [DRAFT, CONFIRMED].filter((o) => !s || o.status === s);
      }
      throw new Error(`unexpected ${cmd}`);
    });
    render(Orders);
    await waitFor(() => expect(screen.getAllByTestId('order-row')).toHaveLength(2));
    const [draft, confirmed] = screen.getAllByTestId('order-row');
    expect(draft.getAttribute('data-id')).toBe('3');
    expect(draft.getAttribute('data-number')).toBe('');
    expect(draft.textContent).toContain('Draft #3');
    expect(draft.textContent).toContain('博库书城');
    expect(draft.textContent).toContain('Draft');
    expect(confirmed.getAttribute('data-number')).toBe('SO-20260301-0001');
    expect(confirmed.textContent).toContain('C0001');
    expect(confirmed.textContent).toContain('7'); // copies
    expect(confirmed.textContent).toContain('¥100.43');
    expect(confirmed.textContent).toContain('Confirmed');
    await fireEvent.change(screen.getByTestId('order-status-filter'), { target: { value: 'confirmed' } });
    await waitFor(() => expect(screen.getAllByTestId('order-row')).toHaveLength(1));
    expect(calls.filter((c) => c.cmd === 'orders_list').slice(-1)[0].args.query).toMatchObject({ status: 'confirmed', customer: '' });
  });

  it('shows 码洋 (list total) beside 实洋, and an unknown status as unknown', async () => {
    const odd = { ...orderSummary(order({ id: 8 })), status: 'corrupt' } as unknown as typeof CONFIRMED;
    mockBackend((cmd) => {
      if (cmd === 'orders_list') return [CONFIRMED, odd];
      throw new Error(`unexpected ${cmd}`);
    });
    render(Orders);
    await waitFor(() => expect(screen.getAllByTestId('order-row')).toHaveLength(2));
    const heads = [...document.querySelectorAll('thead th')].map((th) => th.textContent?.trim());
    expect(heads.indexOf('List total')).toBe(heads.indexOf('Net total') - 1);
    const [confirmed, unknown] = screen.getAllByTestId('order-row');
    expect(confirmed.querySelector('[data-testid="order-row-list"]')!.textContent).toBe(`¥${(CONFIRMED.list_total_fen / 100).toFixed(2)}`);
    expect(confirmed.querySelector('[data-testid="order-row-net"]')!.textContent).toBe('¥100.43');
    expect(unknown.textContent).toContain('Unknown status (corrupt)');
    expect(unknown.textContent).not.toContain('Draft');
  });

  it('says on a backorder whether its stock has come in, and nothing on other orders', async () => {
    const waiting = orderSummary(order({ id: 4, number: null, status: 'draft', stock_in: false }));
    const ready = orderSummary(order({ id: 5, number: null, status: 'draft', stock_in: true }));
    mockBackend((cmd) => {
      if (cmd === 'orders_list') return [ready, waiting, CONFIRMED, DRAFT];
      throw new Error(`unexpected ${cmd}`);
    });
    render(Orders);
    await waitFor(() => expect(screen.getAllByTestId('order-row')).toHaveLength(4));
    const badges = screen.getAllByTestId('order-row').map((r) => r.querySelector('[data-testid="order-row-stock"]')?.textContent ?? null);
    expect(badges).toEqual(['Stock in', 'Waiting for stock', null, null]);
  });

  it('searches orders by customer or number, and Enter opens the first found', async () => {
    const calls = mockBackend((cmd, args) => {
      if (cmd === 'orders_list') {
        const q = (args.query as { query: string }).query;
        return q === 'bksc' ? [DRAFT] : [DRAFT, CONFIRMED];
      }
      if (cmd === 'customers_list') return { total: 0, offset: 0, rows: [] };
      if (cmd === 'order_get') return order({ id: 3, number: null, status: 'draft' });
      throw new Error(`unexpected ${cmd}`);
    });
    render(Orders);
    await waitFor(() => expect(screen.getAllByTestId('order-row')).toHaveLength(2));
    const search = screen.getByTestId('order-search');
    await fireEvent.input(search, { target: { value: 'bksc' } });
    await waitFor(() => expect(screen.getAllByTestId('order-row')).toHaveLength(1));
    expect(calls.filter((c) => c.cmd === 'orders_list').slice(-1)[0].args.query).toMatchObject({ query: 'bksc', status: '' });
    expect(ordersUi.query).toBe('bksc');
    await fireEvent.keyDown(search, { key: 'Enter' });
    await screen.findByTestId('order-editor');
    expect(ordersUi.screen).toMatchObject({ name: 'editor', id: 3 });
  });

  it('says when no order matches the search', async () => {
    mockBackend((cmd, args) => {
      if (cmd === 'orders_list') return (args.query as { query: string }).query ? [] : [CONFIRMED];
      throw new Error(`unexpected ${cmd}`);
    });
    render(Orders);
    await waitFor(() => expect(screen.getAllByTestId('order-row')).toHaveLength(1));
    await fireEvent.input(screen.getByTestId('order-search'), { target: { value: 'zzz' } });
    await waitFor(() => expect(screen.queryAllByTestId('order-row')).toHaveLength(0));
    expect(screen.getByText('No orders match “zzz”.')).toBeTruthy();
  });

  it('opens a draft in the editor and other orders on their page', async () => {
    mockBackend((cmd, args) => {
      if (cmd === 'orders_list') return [DRAFT, CONFIRMED];
      if (cmd === 'order_get') return args.id === 3 ? order({ id: 3, number: null, status: 'draft' }) : order({ id: 7 });
      if (cmd === 'customers_list') return { total: 0, offset: 0, rows: [] };
      throw new Error(`unexpected ${cmd}`);
    });
    render(Orders);
    await waitFor(() => expect(screen.getAllByTestId('order-row')).toHaveLength(2));
    await fireEvent.click(screen.getAllByTestId('order-row')[1]);
    await screen.findByTestId('order-view');
    expect(ordersUi.screen).toMatchObject({ name: 'view', id: 7 });
    await fireEvent.click(screen.getByTestId('back-to-orders'));
    await waitFor(() => expect(screen.getAllByTestId('order-row')).toHaveLength(2));
    // keyboard: Enter opens the selected row (the first, a draft)
    const grid = screen.getByRole('grid');
    await fireEvent.keyDown(grid, { key: 'Enter' });
    await screen.findByTestId('order-editor');
    expect(ordersUi.screen).toMatchObject({ name: 'editor', id: 3 });
  });

  it('starts a new order with the button and with Ctrl+N', async () => {
    mockBackend((cmd) => {
      if (cmd === 'app_status') return status();
      if (cmd === 'orders_list') return [];
      if (cmd === 'customers_list') return { total: 0, offset: 0, rows: [] };
      throw new Error(`unexpected ${cmd}`);
    });
    render(App);
    await screen.findByTestId('app-ready');
    app.route = 'orders';
    await fireEvent.click(await screen.findByTestId('new-order'));
    expect(await screen.findByTestId('order-editor')).toBeTruthy();
    await fireEvent.click(screen.getByTestId('back-to-orders'));
    await screen.findByTestId('page-orders');
    await fireEvent.keyDown(window, { key: 'n', ctrlKey: true });
    expect(await screen.findByTestId('order-editor')).toBeTruthy();
    expect(ordersUi.screen).toEqual({ name: 'editor', id: null, customer: '' });
  });
  it('opens a return without an order with New return', async () => {
    mockBackend((cmd) => {
      if (cmd === 'orders_list') return [DRAFT, CONFIRMED];
      if (cmd === 'customers_list') return { total: 0, offset: 0, rows: [] };
      throw new Error(`unexpected ${cmd}`);
    });
    render(Orders);
    await waitFor(() => expect(screen.getAllByTestId('order-row')).toHaveLength(2));
    await fireEvent.click(screen.getByTestId('new-return'));
    expect(await screen.findByTestId('return-editor')).toBeTruthy();
    expect(ordersUi.screen).toEqual({ name: 'return', id: null });
    // standalone: a customer box and a scan box, no order to go back to
    expect(screen.getByTestId('order-customer')).toBeTruthy();
    expect(screen.getByTestId('scan-input')).toBeTruthy();
    expect(screen.queryByTestId('back-to-order')).toBeNull();
    await fireEvent.click(screen.getByTestId('back-to-orders'));
    await waitFor(() => expect(screen.getAllByTestId('order-row')).toHaveLength(2));
  });
});
