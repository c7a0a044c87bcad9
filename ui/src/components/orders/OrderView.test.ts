import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import OrderView from './OrderView.svelte';
import DeliveryNote from './DeliveryNote.svelte';
import { customer, mockBackend, resetState } from '../../test/fixtures';
import { order, orderLine } from '../../lib/ordersTestData';
import { ordersUi } from '../../lib/orders.svelte';
import { locale } from '../../lib/locale.svelte';
import { app } from '../../lib/store.svelte';
import type { Company, Order, ShipInput } from '../../lib/bindings';

const COMPANY: Company = {
  name: '杭州博文图书发行有限公司',
  address: '杭州市拱墅区莫干山路 100 号',
  phone: '0571-88886666',
  tax_id: '91330105MA27XXXX0Y',
  bank: '工商银行杭州分行 1202 0000 0000 0000',
};

const ACTIONS = ['ship-order', 'complete-order', 'cancel-order', 'print-note', 'return-books'];
const shown = () => ACTIONS.filter((a) => screen.queryByTestId(a) !== null);

describe('OrderView', () => {
  afterEach(() => resetState());

  it.each([
    ['confirmed', ['ship-order', 'cancel-order', 'print-note', 'return-books']],
    ['shipped', ['complete-order', 'print-note', 'return-books']],
    ['completed', ['print-note', 'return-books']],
    ['cancelled', []],
  ] as const)('shows the actions of a %s order', async (status, actions) => {
    mockBackend((cmd) => {
      if (cmd === 'order_get') return order({ status });
      throw new Error(`unexpected ${cmd}`);
    });
    render(OrderView, { id: 7 });
    await waitFor(() => expect(screen.getByTestId('order-status').textContent).not.toBe(''));
    expect(screen.getByTestId('order-number').textContent).toBe('SO-20260301-0001');
    expect(shown()).toEqual(actions);
  });

  it('ships with carrier, tracking and date, then offers Complete', async () => {
    let current: Order = order({ status: 'confirmed', credit_override: '老客户' });
    const calls = mockBackend((cmd, args) => {
      if (cmd === 'order_get') return current;
      if (cmd === 'order_ship') {
        const input = args.input as ShipInput;
        current = { ...current, status: 'shipped', carrier: input.carrier, tracking: input.tracking, shipped_on: input.date };
        return current;
      }
      if (cmd === 'order_complete') {
        current = { ...current, status: 'completed' };
        return current;
      }
      throw new Error(`unexpected ${cmd}`);
    });
    render(OrderView, { id: 7 });
    await screen.findByTestId('ship-order');
    expect(screen.getByTestId('order-status').textContent).toBe('Confirmed');
    expect(screen.getByTestId('order-credit-override').textContent).toBe('老客户');
    expect(screen.getByTestId('total-net').textContent).toBe('¥100.43'); // 41.93 + 58.50
    await fireEvent.click(screen.getByTestId('ship-order'));
    await fireEvent.input(screen.getByTestId('ship-carrier'), { target: { value: '顺丰' } });
    await fireEvent.input(screen.getByTestId('ship-tracking'), { target: { value: 'SF1234567890' } });
    await fireEvent.input(screen.getByTestId('ship-date'), { target: { value: '2026-03-02' } });
    await fireEvent.click(screen.getByTestId('ship-confirm'));
    await waitFor(() => expect(screen.getByTestId('order-status').textContent).toBe('Shipped'));
    const ship = calls.find((c) => c.cmd === 'order_ship')!;
    expect(ship.args).toEqual({ id: 7, input: { carrier: '顺丰', tracking: 'SF1234567890', date: '2026-03-02' } });
    expect(screen.queryByTestId('ship-dialog')).toBeNull();
    expect(screen.getByTestId('order-shipping').textContent).toContain('SF1234567890');
    expect(shown()).toEqual(['complete-order', 'print-note', 'return-books']);
    await fireEvent.click(screen.getByTestId('complete-order'));
    await waitFor(() => expect(screen.getByTestId('order-status').textContent).toBe('Completed'));
    expect(calls.find((c) => c.cmd === 'order_complete')!.args).toEqual({ id: 7 });
  });

  it('ships on Enter in a field of the ship dialog', async () => {
    let current: Order = order({ status: 'confirmed' });
    const calls = mockBackend((cmd, args) => {
      if (cmd === 'order_get') return current;
      if (cmd === 'order_ship') {
        current = { ...current, status: 'shipped', carrier: (args.input as ShipInput).carrier };
        return current;
      }
      throw new Error(`unexpected ${cmd}`);
    });
    render(OrderView, { id: 7 });
    await fireEvent.click(await screen.findByTestId('ship-order'));
    const carrier = await screen.findByTestId('ship-carrier');
    await fireEvent.input(carrier, { target: { value: '中通' } });
    await fireEvent.keyDown(carrier, { key: 'Enter' });
    await waitFor(() => expect(screen.getByTestId('order-status').textContent).toBe('Shipped'));
    expect(calls.filter((c) => c.cmd === 'order_ship')).toHaveLength(1);
    expect(screen.queryByTestId('ship-dialog')).toBeNull();
  });

  it('shows why a cancel was refused in the dialog', async () => {
    const calls = mockBackend((cmd) => {
      if (cmd === 'order_get') return order({ status: 'confirmed' });
      if (cmd === 'order_cancel') throw { code: 'order_has_returns', message: 'has returns' };
      throw new Error(`unexpected ${cmd}`);
    });
    render(OrderView, { id: 7 });
    await fireEvent.click(await screen.findByTestId('cancel-order'));
    await fireEvent.input(screen.getByTestId('cancel-reason'), { target: { value: '客户取消' } });
    await fireEvent.click(screen.getByTestId('cancel-confirm'));
    const err = await screen.findByTestId('dialog-error');
    expect(err.textContent).toContain('cannot be cancelled');
    expect(calls.find((c) => c.cmd === 'order_cancel')!.args).toEqual({ id: 7, reason: '客户取消' });
    expect(screen.getByTestId('order-status').textContent).toBe('Confirmed');
  });

  it('sends a draft on to the editor, and Return books to the return editor', async () => {
    mockBackend((cmd, args) => (cmd === 'order_get' ? order({ id: args.id as number, status: args.id === 3 ? 'draft' : 'shipped', number: args.id === 3 ? null : 'SO-1' }) : null));
    const { unmount } = render(OrderView, { id: 3 });
    await waitFor(() => expect(ordersUi.screen).toMatchObject({ name: 'editor', id: 3 }));
    unmount();
    render(OrderView, { id: 7 });
    await fireEvent.click(await screen.findByTestId('return-books'));
    expect(ordersUi.screen).toEqual({ name: 'return', id: 7 });
  });

  it('links to the backorder made at confirmation', async () => {
    mockBackend((cmd) => (cmd === 'order_get' ? order() : null));
    render(OrderView, { id: 7, backorder: 42 });
    const link = await screen.findByTestId('backorder-link');
    expect(link.textContent).toBe('Draft #42');
    await fireEvent.click(link);
    expect(ordersUi.screen).toMatchObject({ name: 'editor', id: 42 });
  });
});

describe('OrderView backorders', () => {
  afterEach(() => resetState());

  it('keeps a link to the backorder made of its shortage, and a backorder to its order', async () => {
    mockBackend((cmd, args) =>
      cmd === 'order_get'
        ? args.id === 7
          ? order({ backorders: [{ id: 42, number: null, status: 'draft' }] })
          : order({ id: 43, number: 'SO-20260302-0004', status: 'confirmed', backorder_of: 'SO-20260301-0001', origin: { id: 7, number: 'SO-20260301-0001', status: 'shipped' } })
        : null,
    );
    const { unmount } = render(OrderView, { id: 7 });
    const link = await screen.findByTestId('order-backorder-link');
    expect(link.textContent).toBe('Draft #42');
    expect(screen.getByTestId('order-backorders').textContent).toContain('Draft');
    await fireEvent.click(link);
    expect(ordersUi.screen).toMatchObject({ name: 'editor', id: 42 });
    unmount();
    render(OrderView, { id: 43 });
    const back = await screen.findByTestId('backorder-of-link');
    expect(back.textContent).toBe('SO-20260301-0001');
    expect(screen.queryByTestId('order-backorders')).toBeNull();
    await fireEvent.click(back);
    expect(ordersUi.screen).toMatchObject({ name: 'view', id: 7 });
  });
});

describe('DeliveryNote', () => {
  afterEach(() => resetState());

  function noteBackend() {
    return mockBackend((cmd) => {
      if (cmd === 'company_get') return COMPANY;
      if (cmd === 'customer_get') return customer();
      throw new Error(`unexpected ${cmd}`);
    });
  }

  const O = order({
    lines: [
      orderLine(1, { isbn: '9787532100001', title: '活着', list_price_fen: 1290, quantity: 5, discount_bp: 6500 }),
      orderLine(2, { isbn: '9787532100002', title: '许三观卖血记', list_price_fen: 4500, quantity: 2, discount_bp: 6000 }),
    ],
  });

  it('shows the company, the customer, the lines and the totals, and prints', async () => {
    noteBackend();
    const print = vi.spyOn(window, 'print').mockImplementation(() => {});
    const onclose = vi.fn();
    render(DeliveryNote, { order: O, onclose });
    const note = screen.getByTestId('delivery-note');
    await waitFor(() => expect(screen.getByTestId('note-company').textContent).toBe(COMPANY.name));
    expect(note.textContent).toContain(COMPANY.address);
    expect(note.textContent).toContain(COMPANY.tax_id);
    expect(note.textContent).toContain(COMPANY.bank);
    expect(note.textContent).toContain('Delivery note');
    expect(screen.getByTestId('note-number').textContent).toBe('SO-20260301-0001');
    expect(note.textContent).toContain('杭州市西湖区文三路 1 号');
    expect(note.textContent).toContain('王芳');
    const lines = screen.getAllByTestId('note-line');
    expect(lines).toHaveLength(2);
    expect(lines[0].textContent).toContain('¥12.90');
    expect(lines[0].textContent).toContain('6.5折');
    expect(lines[0].textContent).toContain('¥41.93');
    expect(lines[1].textContent).toContain('6折');
    expect(screen.getByTestId('note-titles').textContent).toBe('2');
    expect(screen.getByTestId('note-copies').textContent).toBe('7');
    expect(screen.getByTestId('note-list').textContent).toBe('¥154.50');
    expect(screen.getByTestId('note-net').textContent).toBe('¥95.93'); // 41.93 + 54.00
    expect(screen.getByTestId('note-average').textContent).toBe('6.21折'); // 9593 / 15450 = 6209 bp, to the hundredth of a 折
    expect(note.textContent).toContain('Received by');
    await waitFor(() => expect((screen.getByTestId('print-now') as HTMLButtonElement).disabled).toBe(false));
    await fireEvent.click(screen.getByTestId('print-now'));
    expect(print).toHaveBeenCalledTimes(1);
    await fireEvent.click(screen.getByTestId('note-close'));
    expect(onclose).toHaveBeenCalled();
  });

  it('offers the way to Settings while the company header is blank, and only then', async () => {
    mockBackend((cmd) => {
      if (cmd === 'company_get') return { name: '', address: '', phone: '', tax_id: '', bank: '' };
      if (cmd === 'customer_get') return customer();
      throw new Error(`unexpected ${cmd}`);
    });
    const onclose = vi.fn();
    render(DeliveryNote, { order: O, onclose });
    const hint = await screen.findByTestId('note-company-missing');
    await fireEvent.click(hint);
    expect(onclose).toHaveBeenCalled();
    expect(app.route).toBe('settings');
  });

  it('has no such hint once the company is set', async () => {
    noteBackend();
    render(DeliveryNote, { order: O, onclose: () => {} });
    await waitFor(() => expect(screen.getByTestId('note-company').textContent).toBe(COMPANY.name));
    expect(screen.queryByTestId('note-company-missing')).toBeNull();
  });

  it('speaks the UI language', async () => {
    noteBackend();
    locale.lang = 'zh-CN';
    render(DeliveryNote, { order: O, onclose: () => {} });
    await waitFor(() => expect(screen.getByTestId('note-company').textContent).toBe(COMPANY.name));
    const note = screen.getByTestId('delivery-note');
    for (const word of ['发货单', '定价', '码洋', '实洋', '平均折扣', '收货人签字', '品种', '册数']) expect(note.textContent).toContain(word);
  });

  it('logs a call about the order, and opens a case about it that then shows', async () => {
    const calls = mockBackend((cmd) => {
      if (cmd === 'order_get') return order({ status: 'shipped' });
      if (cmd === 'order_find') return order({ status: 'shipped' });
      if (cmd === 'customers_list') return { total: 0, offset: 0, rows: [] };
      if (cmd === 'interaction_add') return { id: 1, next_reminder_id: null };
      if (cmd === 'case_add') return { id: 12 };
      if (cmd === 'case_get') {
        return {
          id: 12, customer: 'C0001', customer_name: '新华书店', order: 'SO-20260301-0001', lines: [], category: 'late',
          priority: 'normal', owner: '', status: 'open', summary: '晚到三天', resolution: '', return_number: null,
          opened_at: '2026-03-02T09:00:00+08:00', first_response_at: null, resolved_at: null, closed_at: null,
          updated_at: '2026-03-02T09:00:00+08:00',
        };
      }
      throw new Error(`unexpected ${cmd}`);
    });
    render(OrderView, { id: 7 });
    await fireEvent.click(await screen.findByTestId('order-log-call'));
    expect((screen.getByTestId('interaction-order') as HTMLInputElement).value).toBe('SO-20260301-0001');
    // while it is open, the order page's keys are the dialog's
    expect(ordersUi.modals).toBe(1);
    await fireEvent.input(screen.getByTestId('interaction-summary'), { target: { value: '问到货' } });
    await fireEvent.click(screen.getByTestId('save-interaction'));
    await waitFor(() => expect(screen.queryByTestId('interaction-form')).toBeNull());
    expect(screen.getByTestId('order-followup-notice').textContent).toBe('Logged.');
    expect(ordersUi.modals).toBe(0);
    expect((calls.find((c) => c.cmd === 'interaction_add')?.args.input as { customer: string; order: string })).toMatchObject({
      customer: 'C0001',
      order: 'SO-20260301-0001',
    });

    await fireEvent.click(screen.getByTestId('order-open-case'));
    expect((screen.getByTestId('case-order') as HTMLInputElement).value).toBe('SO-20260301-0001');
    await fireEvent.change(screen.getByTestId('case-category'), { target: { value: 'late' } });
    await fireEvent.input(screen.getByTestId('case-summary'), { target: { value: '晚到三天' } });
    await fireEvent.click(screen.getByTestId('save-case'));
    // the case it opened shows, to move it on
    const view = await screen.findByTestId('case-view');
    expect(view.getAttribute('data-status')).toBe('open');
    expect(screen.getByTestId('case-summary-text').textContent).toBe('晚到三天');
    expect(ordersUi.modals).toBe(1);
  });
});
