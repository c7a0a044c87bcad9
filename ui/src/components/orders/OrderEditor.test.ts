import { afterEach, describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import OrderEditor from './OrderEditor.svelte';
import { customer, mockBackend, resetState, sleep, summary, type Call } from '../../test/fixtures';
import { title } from '../../lib/documentsTestData';
import { order, orderLine } from '../../lib/ordersTestData';
import { ordersUi } from '../../lib/orders.svelte';
import type { ConfirmOptions, Order, OrderInput, Pasted, Scan, Title } from '../../lib/bindings';
import { scan } from '../../test/scan';

const T1 = title(1, { isbn: '9787532100001', list_price_fen: 1290, title: '活着', quantity: 20 });
const T2 = title(2, { isbn: '9787532100002', list_price_fen: 4500, title: '许三观卖血记', quantity: 2 });
const T3 = title(3, { isbn: '9787532100003', list_price_fen: 3800, title: '围城', quantity: 0 });
const CATALOGUE = [T1, T2, T3];
const CUSTOMER = summary(0, { code: 'C0001', name: '新华书店', discount_bp: 6500, credit_limit_fen: 500000 });

function scanOf(text: string): Scan {
  return { isbn: /^\d{13}$/.test(text) ? text : null, titles: CATALOGUE.filter((t) => t.isbn === text) };
}

/** The order the core would return for an input. */
function orderOf(id: number, input: OrderInput): Order {
  return order({
    id,
    number: null,
    status: 'draft',
    lines: input.lines.map((l, i) => {
      const t = CATALOGUE.find((x) => x.id === l.title_id) as Title;
      return orderLine(i + 1, { title_id: t.id, isbn: t.isbn, title: t.title, list_price_fen: t.list_price_fen, quantity: Number(l.quantity) || 1, on_hand: t.quantity });
    }),
  });
}

type Extra = (cmd: string, args: Record<string, unknown>) => unknown;

function backend(extra: Extra = () => undefined): Call[] {
  return mockBackend(async (cmd, args) => {
    const r = await extra(cmd, args);
    if (r !== undefined) return r;
    if (cmd === 'customers_list') return { total: 1, offset: 0, rows: [CUSTOMER] };
    if (cmd === 'customer_get' && args.id === CUSTOMER.id) return customer({ id: CUSTOMER.id, code: CUSTOMER.code, name: CUSTOMER.name, discount_bp: CUSTOMER.discount_bp });
    if (cmd === 'title_scan') return scanOf(args.text as string);
    if (cmd === 'order_create') return orderOf(41, args.input as OrderInput);
    if (cmd === 'order_update') return orderOf(args.id as number, args.input as OrderInput);
    throw new Error(`unexpected ${cmd}`);
  });
}

function lines() {
  return screen.queryAllByTestId('order-line').map((r) => ({
    isbn: r.getAttribute('data-isbn'),
    qty: (r.querySelector('[data-testid="line-qty"]') as HTMLInputElement).value,
  }));
}

function row(isbn: string): HTMLElement {
  return screen.getAllByTestId('order-line').find((r) => r.getAttribute('data-isbn') === isbn) as HTMLElement;
}

async function setQty(isbn: string, qty: string) {
  await fireEvent.input(row(isbn).querySelector('[data-testid="line-qty"]') as HTMLInputElement, { target: { value: qty } });
}

async function ready() {
  await waitFor(() => expect(screen.getByTestId('customer-info').getAttribute('data-code')).toBe('C0001'));
}

const byCmd = (calls: Call[], cmd: string) => calls.filter((c) => c.cmd === cmd);

describe('OrderEditor', () => {
  afterEach(() => resetState());

  it('creates the draft with the first lines via order_create, then saves changes via order_update', async () => {
    const calls = backend();
    ordersUi.screen = { name: 'editor', id: null, customer: 'C0001' };
    render(OrderEditor, { id: null, customer: 'C0001' });
    await ready();
    expect(byCmd(calls, 'customers_list')[0].args.query).toMatchObject({ query: 'C0001' });
    await scan(T1.isbn);
    await scan(T2.isbn);
    await scan(T1.isbn);
    await waitFor(() => expect(lines()).toEqual([{ isbn: T1.isbn, qty: '2' }, { isbn: T2.isbn, qty: '1' }]));
    await waitFor(() => expect(byCmd(calls, 'order_create')).toHaveLength(1), { timeout: 2000 });
    const created = byCmd(calls, 'order_create')[0].args.input as OrderInput;
    expect(created).toEqual({
      customer: 'C0001',
      discount: '',
      payment_method: '',
      notes: '',
      lines: [
        { title_id: 1, quantity: '2', discount: '' },
        { title_id: 2, quantity: '1', discount: '' },
      ],
    });
    await waitFor(() => expect(screen.getByTestId('order-heading').textContent).toBe('Draft #41'));
    expect(ordersUi.screen).toMatchObject({ name: 'editor', id: 41 });
    expect(byCmd(calls, 'order_update')).toHaveLength(0);

    await setQty(T2.isbn, '5');
    await fireEvent.input(row(T2.isbn).querySelector('[data-testid="line-discount"]') as HTMLInputElement, { target: { value: '6折' } });
    await waitFor(() => expect(byCmd(calls, 'order_update')).toHaveLength(1), { timeout: 2000 });
    const update = byCmd(calls, 'order_update')[0].args;
    expect(update.id).toBe(41);
    expect((update.input as OrderInput).lines[1]).toEqual({ title_id: 2, quantity: '5', discount: '6折' });
    expect(byCmd(calls, 'order_create')).toHaveLength(1);
  });

  it('shows line and total figures: 12.90 × 5 at 6.5折 = ¥41.93, and the average discount', async () => {
    backend();
    render(OrderEditor, { id: null, customer: 'C0001' });
    await ready();
    await scan(T1.isbn);
    await waitFor(() => expect(lines()).toHaveLength(1));
    await setQty(T1.isbn, '5');
    expect(row(T1.isbn).querySelector('[data-testid="line-list"]')!.textContent).toBe('¥64.50');
    expect(row(T1.isbn).querySelector('[data-testid="line-net"]')!.textContent).toBe('¥41.93');
    expect((row(T1.isbn).querySelector('[data-testid="line-discount"]') as HTMLInputElement).placeholder).toBe('6.5折');
    expect(screen.getByTestId('total-net').textContent).toBe('¥41.93');
    // 4193 / 6450 = 0.65008 → 6501 bp
    expect(screen.getByTestId('total-average').textContent).toBe('6.5折'); // 6501 bp, shown as the trade writes it

    await scan(T2.isbn); // 45.00 × 1 at 6.5折 = 29.25
    await waitFor(() => expect(lines()).toHaveLength(2));
    expect(screen.getByTestId('total-titles').textContent).toBe('2');
    expect(screen.getByTestId('total-copies').textContent).toBe('6');
    expect(screen.getByTestId('total-list').textContent).toBe('¥109.50');
    expect(screen.getByTestId('total-net').textContent).toBe('¥71.18');
    // 7118 / 10950 = 0.65004 → 6500 bp
    expect(screen.getByTestId('total-average').textContent).toBe('6.5折');

    // an order discount replaces the customer's for lines without their own
    await fireEvent.input(screen.getByTestId('order-discount'), { target: { value: '6折' } });
    expect(screen.getByTestId('total-net').textContent).toBe('¥65.70'); // 3870 + 2700
    expect(screen.getByTestId('total-average').textContent).toBe('6折');
  });

  it('marks lines asking for more than is on hand', async () => {
    backend();
    render(OrderEditor, { id: null, customer: 'C0001' });
    await ready();
    await scan(T2.isbn); // 2 on hand
    await waitFor(() => expect(lines()).toHaveLength(1));
    expect(screen.queryByTestId('line-short')).toBeNull();
    await setQty(T2.isbn, '3');
    expect(row(T2.isbn).querySelector('[data-testid="line-short"]')!.textContent).toContain('1');
    expect(screen.getByTestId('short-note')).toBeTruthy();
    await setQty(T2.isbn, '2');
    expect(screen.queryByTestId('line-short')).toBeNull();
  });

  it('adds the lines of a pasted list and lists the problems', async () => {
    const pasted: Pasted = {
      lines: [
        { line: 1, title_id: 1, isbn: T1.isbn, title: T1.title, list_price_fen: 1290, quantity: 10 },
        { line: 3, title_id: 3, isbn: T3.isbn, title: T3.title, list_price_fen: 3800, quantity: 4 },
      ],
      matches: [],
      problems: [
        { line: 2, text: '9787000000000\t3', code: 'isbn_unknown' },
        { line: 4, text: '9787532100002 x', code: 'quantity_invalid' },
      ],
    };
    const calls = backend((cmd) => (cmd === 'order_paste' ? pasted : undefined));
    render(OrderEditor, { id: null, customer: 'C0001' });
    await ready();
    await scan(T1.isbn);
    await waitFor(() => expect(lines()).toHaveLength(1));
    await fireEvent.click(screen.getByTestId('paste-list'));
    const text = `${T1.isbn}\t10\n9787000000000\t3\n${T3.isbn} 4\n9787532100002 x`;
    await fireEvent.input(screen.getByTestId('paste-text'), { target: { value: text } });
    await fireEvent.click(screen.getByTestId('paste-apply'));
    await waitFor(() => expect(screen.getAllByTestId('paste-problem')).toHaveLength(2));
    expect(byCmd(calls, 'order_paste')[0].args.text).toBe(text);
    expect(lines()).toEqual([{ isbn: T1.isbn, qty: '11' }, { isbn: T3.isbn, qty: '4' }]);
    const problems = screen.getAllByTestId('paste-problem');
    expect(problems[0].textContent).toContain('Line 2');
    expect(problems[0].textContent).toContain('9787000000000');
    expect(problems[0].textContent).toContain('not in the catalogue');
    expect(problems[1].textContent).toContain('whole number');
    await fireEvent.click(screen.getByTestId('paste-close'));
    expect(screen.queryByTestId('paste-dialog')).toBeNull();
    // the lines not added are listed again when the box reopens
    await fireEvent.click(screen.getByTestId('paste-list'));
    expect(screen.getAllByTestId('paste-problem')).toHaveLength(2);
    await fireEvent.click(screen.getByTestId('paste-close'));
    // on hand comes back with the save: 0 copies of 围城 → short
    await waitFor(() => expect(row(T3.isbn).querySelector('[data-testid="line-short"]')).not.toBeNull(), { timeout: 2000 });
  });

  it('a pasted title line is offered to confirm, and lines not added stay listed until dismissed', async () => {
    const pasted: Pasted = {
      lines: [],
      matches: [
        { line: 1, text: '活着 10本', quantity: 10, candidates: [{ line: 1, title_id: 1, isbn: T1.isbn, title: T1.title, list_price_fen: 1290, quantity: 10 }] },
        {
          line: 2,
          text: '余华 x5',
          quantity: 5,
          candidates: [
            { line: 2, title_id: 1, isbn: T1.isbn, title: T1.title, list_price_fen: 1290, quantity: 5 },
            { line: 2, title_id: 2, isbn: T2.isbn, title: T2.title, list_price_fen: 4500, quantity: 5 },
          ],
        },
      ],
      problems: [{ line: 3, text: '没有这本书 3本', code: 'title_unknown' }],
    };
    backend((cmd) => (cmd === 'order_paste' ? pasted : undefined));
    render(OrderEditor, { id: null, customer: 'C0001' });
    await ready();
    await fireEvent.click(screen.getByTestId('paste-list'));
    await fireEvent.input(screen.getByTestId('paste-text'), { target: { value: '活着 10本\n余华 x5\n没有这本书 3本' } });
    await fireEvent.click(screen.getByTestId('paste-apply'));
    // nothing was added outright, and the box stays open with every line in it
    await waitFor(() => expect(screen.getAllByTestId('paste-match')).toHaveLength(2));
    expect(lines()).toEqual([]);
    expect(screen.getAllByTestId('paste-problem')[0].textContent).toContain('no title in the catalogue');
    const choices = screen.getAllByTestId('paste-match-choice') as HTMLSelectElement[];
    // one hit is offered as the match; several ask
    expect(choices[0].value).toBe('1');
    expect(choices[1].value).toBe('');
    await fireEvent.click(screen.getAllByTestId('paste-match-add')[0]);
    expect(lines()).toEqual([{ isbn: T1.isbn, qty: '10' }]);
    expect(screen.getAllByTestId('paste-match')).toHaveLength(1);
    // closed and opened again: what is left is still there
    await fireEvent.click(screen.getByTestId('paste-close'));
    expect(screen.getByTestId('paste-left').textContent).toContain('2');
    await fireEvent.click(screen.getByTestId('paste-list'));
    expect(screen.getAllByTestId('paste-match')).toHaveLength(1);
    expect(screen.getAllByTestId('paste-problem')).toHaveLength(1);
    await fireEvent.change(screen.getByTestId('paste-match-choice'), { target: { value: '2' } });
    await fireEvent.click(screen.getByTestId('paste-add-chosen'));
    expect(lines()).toEqual([{ isbn: T1.isbn, qty: '10' }, { isbn: T2.isbn, qty: '5' }]);
    expect(screen.queryAllByTestId('paste-match')).toHaveLength(0);
    await fireEvent.click(screen.getByTestId('paste-dismiss'));
    expect(screen.queryAllByTestId('paste-problem')).toHaveLength(0);
    await fireEvent.click(screen.getByTestId('paste-close'));
    expect(screen.queryByTestId('paste-left')).toBeNull();
  });

  it('on stock_short offers to ship what is in stock and retries with ship_available', async () => {
    const confirms: ConfirmOptions[] = [];
    const calls = backend((cmd, args) => {
      if (cmd !== 'order_confirm') return undefined;
      const opts = args.options as ConfirmOptions;
      confirms.push(opts);
      if (!opts.ship_available) throw { code: 'stock_short', message: '许三观卖血记: 3 ordered, 2 on hand', field: 'lines.1' };
      return { order: order({ id: 41, number: 'SO-20260301-0001' }), backorder: order({ id: 42, number: null, status: 'draft' }) };
    });
    ordersUi.screen = { name: 'editor', id: null, customer: 'C0001' };
    render(OrderEditor, { id: null, customer: 'C0001' });
    await ready();
    await scan(T1.isbn);
    await scan(T2.isbn);
    await waitFor(() => expect(lines()).toHaveLength(2));
    await setQty(T2.isbn, '3');
    await fireEvent.click(screen.getByTestId('confirm-order'));
    const dialog = await screen.findByTestId('shortage-dialog');
    // saved before confirming, without waiting for the debounce
    expect(byCmd(calls, 'order_create')).toHaveLength(1);
    expect((byCmd(calls, 'order_create')[0].args.input as OrderInput).lines[1].quantity).toBe('3');
    expect(byCmd(calls, 'order_confirm')[0].args.id).toBe(41);
    expect(dialog.textContent).toContain('许三观卖血记');
    expect(row(T2.isbn).classList.contains('bad')).toBe(true);
    // The dialog opens on its answer, so Enter ships what is in stock (the e2e day found it on "back").
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('ship-available')));
    await sleep(20);
    expect(document.activeElement).toBe(screen.getByTestId('ship-available'));
    await fireEvent.click(screen.getByTestId('ship-available'));
    await waitFor(() => expect(ordersUi.screen).toMatchObject({ name: 'view', id: 41, backorder: 42 }));
    expect(confirms).toEqual([
      { ship_available: false, credit_override: '' },
      { ship_available: true, credit_override: '' },
    ]);
  });

  it('on credit_exceeded asks for a reason and retries with credit_override', async () => {
    const confirms: ConfirmOptions[] = [];
    backend((cmd, args) => {
      if (cmd !== 'order_confirm') return undefined;
      const opts = args.options as ConfirmOptions;
      confirms.push(opts);
      if (!opts.credit_override)
        throw {
          code: 'credit_exceeded',
          message: 'C0001 owes 4,800.00 and this order is 500.00: over the credit limit of 5,000.00',
          field: 'credit_override',
          params: { customer: 'C0001', balance_fen: '480000', total_fen: '50000', limit_fen: '500000' },
        };
      return { order: order({ id: 41 }), backorder: null };
    });
    render(OrderEditor, { id: null, customer: 'C0001' });
    await ready();
    await scan(T1.isbn);
    await waitFor(() => expect(lines()).toHaveLength(1));
    await fireEvent.keyDown(window, { key: 'Enter', ctrlKey: true });
    const dialog = await screen.findByTestId('credit-dialog');
    // The figures come worded by the UI's dictionary, never as the core's English message.
    expect(screen.getByTestId('credit-message').textContent).toBe(
      'They owe ¥4,800.00 and this order is ¥500.00; their credit limit is ¥5,000.00.',
    );
    expect(dialog.textContent).not.toContain('over the credit limit of');
    await fireEvent.click(screen.getByTestId('credit-confirm'));
    expect(screen.getByTestId('credit-reason-error')).toBeTruthy();
    expect(confirms).toHaveLength(1);
    await fireEvent.input(screen.getByTestId('credit-reason'), { target: { value: '老客户，本周回款' } });
    await fireEvent.click(screen.getByTestId('credit-confirm'));
    await waitFor(() => expect(ordersUi.screen).toMatchObject({ name: 'view', id: 41 }));
    expect(confirms[1]).toEqual({ ship_available: false, credit_override: '老客户，本周回款' });
  });

  it('shows a save error on the field it names', async () => {
    backend((cmd) => {
      if (cmd === 'order_create') throw { code: 'customer_required', message: 'customer required', field: 'customer' };
      if (cmd === 'customers_list') return { total: 0, offset: 0, rows: [] };
      return undefined;
    });
    render(OrderEditor, { id: null, customer: '' });
    await scan(T1.isbn);
    await waitFor(() => expect(lines()).toHaveLength(1));
    const err = await screen.findByTestId('error-customer', {}, { timeout: 2000 });
    expect(err.textContent).toBe('Choose a customer.');
    expect(screen.getByTestId('save-state').textContent).toContain('Not saved');
  });

  it('tells a line’s error under the lines, so no row moves under the pointer', async () => {
    backend((cmd, args) => {
      const input = args.input as OrderInput | undefined;
      if (cmd === 'order_update' && input?.lines.some((l) => l.quantity === '0'))
        throw { code: 'quantity_invalid', message: 'line 1: quantity "0" must be a whole number from 1 to 1000000', field: 'lines.0.quantity' };
      return undefined;
    });
    render(OrderEditor, { id: null, customer: 'C0001' });
    await ready();
    await scan(T1.isbn);
    await scan(T2.isbn);
    await waitFor(() => expect(lines()).toHaveLength(2));
    await waitFor(() => expect(screen.getByTestId('save-state').textContent).toContain('Saved'), { timeout: 2000 });
    const table = screen.getAllByTestId('order-line')[0].closest('tbody') as HTMLElement;
    const rowsBefore = table.querySelectorAll('tr').length;
    await setQty(T1.isbn, '0');
    const message = await screen.findByTestId('line-error', {}, { timeout: 2000 });
    expect(message.textContent).toContain('Line 1');
    expect(message.closest('footer')).not.toBeNull();
    expect(table.querySelectorAll('tr').length).toBe(rowsBefore);
    expect(row(T1.isbn).classList.contains('bad')).toBe(true);
  });

  it('searches customers as you type (pinyin initials) and picks with ↓ and Enter', async () => {
    const other = summary(1, { code: 'C0002', name: '新华书店 滨江店', discount_bp: 6000, credit_limit_fen: null });
    const calls = backend((cmd, args) => {
      if (cmd === 'customers_list' && (args.query as { query: string }).query === 'xhsd') return { total: 2, offset: 0, rows: [CUSTOMER, other] };
      return undefined;
    });
    render(OrderEditor, { id: null, customer: '' });
    const input = screen.getByTestId('order-customer') as HTMLInputElement;
    await fireEvent.input(input, { target: { value: 'xhsd' } });
    await waitFor(() => expect(screen.getAllByTestId('customer-option')).toHaveLength(2));
    expect(byCmd(calls, 'customers_list').slice(-1)[0].args.query).toMatchObject({ query: 'xhsd', offset: 0 });
    await fireEvent.keyDown(input, { key: 'ArrowDown' });
    await fireEvent.keyDown(input, { key: 'Enter' });
    const info = screen.getByTestId('customer-info');
    expect(info.getAttribute('data-code')).toBe('C0002');
    expect(info.textContent).toContain('新华书店 滨江店');
    expect(info.textContent).toContain('6折');
    expect(screen.getByTestId('customer-credit').textContent).toBe('No credit limit');
    expect((screen.getByTestId('order-discount') as HTMLInputElement).placeholder).toBe('6折');
  });

  it('opens a saved draft with its lines and saves nothing until something changes', async () => {
    const draft = order({
      id: 9,
      number: null,
      status: 'draft',
      discount_bp: 6000,
      payment_method: 'cash',
      lines: [orderLine(1, { title_id: 1, isbn: T1.isbn, title: T1.title, list_price_fen: 1290, quantity: 3, line_discount_bp: 7000, discount_bp: 7000, on_hand: 1 })],
    });
    const calls = backend((cmd) => (cmd === 'order_get' ? draft : undefined));
    render(OrderEditor, { id: 9, customer: '' });
    await waitFor(() => expect(lines()).toEqual([{ isbn: T1.isbn, qty: '3' }]));
    expect((screen.getByTestId('order-discount') as HTMLInputElement).value).toBe('6折');
    expect((screen.getByTestId('order-method') as HTMLSelectElement).value).toBe('cash');
    expect((row(T1.isbn).querySelector('[data-testid="line-discount"]') as HTMLInputElement).value).toBe('7折');
    expect(screen.getByTestId('line-short')).toBeTruthy();
    expect(screen.getByTestId('order-heading').textContent).toBe('Draft #9');
    await new Promise((r) => setTimeout(r, 700));
    expect(byCmd(calls, 'order_update')).toHaveLength(0);
    expect(byCmd(calls, 'order_create')).toHaveLength(0);
  });
  it('shows a backorder\'s order as a link, and whether its stock has come in', async () => {
    const draft = order({
      id: 42,
      number: null,
      status: 'draft',
      backorder_of: 'SO-20260301-0001',
      origin: { id: 7, number: 'SO-20260301-0001', status: 'shipped' },
      stock_in: true,
      lines: [orderLine(1, { title_id: 1, isbn: T1.isbn, title: T1.title, list_price_fen: 1290, quantity: 3, on_hand: 20 })],
    });
    backend((cmd) => (cmd === 'order_get' ? draft : undefined));
    render(OrderEditor, { id: 42, customer: '' });
    await waitFor(() => expect(lines()).toEqual([{ isbn: T1.isbn, qty: '3' }]));
    expect(screen.getByTestId('backorder-stock').textContent).toBe('Stock in');
    const link = screen.getByTestId('backorder-of-link');
    expect(link.textContent).toBe('SO-20260301-0001');
    await fireEvent.click(link);
    expect(ordersUi.screen).toMatchObject({ name: 'view', id: 7 });
  });

  it('opens a draft for a customer the customer search does not find, with that customer\'s own discount', async () => {
    // a customer the 8-row search would miss (many codes share the prefix): looked up by id
    const other = customer({ id: 77, code: 'C0777', name: '外文书店', discount_bp: 5500 });
    const draft = order({
      id: 12,
      number: null,
      status: 'draft',
      customer_id: 77,
      customer_code: 'C0777',
      customer_name: '外文书店',
      discount_bp: null,
      lines: [orderLine(1, { title_id: 1, isbn: T1.isbn, title: T1.title, list_price_fen: 1000, quantity: 2, line_discount_bp: null, on_hand: 20 })],
    });
    const calls = backend((cmd, args) => {
      if (cmd === 'order_get') return draft;
      if (cmd === 'customers_list') return { total: 0, offset: 0, rows: [] };
      if (cmd === 'customer_get' && args.id === 77) return other;
      return undefined;
    });
    render(OrderEditor, { id: 12, customer: '' });
    await waitFor(() => expect(screen.getByTestId('customer-info').getAttribute('data-code')).toBe('C0777'));
    expect(byCmd(calls, 'customer_get').map((c) => c.args.id)).toEqual([77]);
    // 10.00 × 2 at the customer's 5.5折, not at full price
    expect((row(T1.isbn).querySelector('[data-testid="line-discount"]') as HTMLInputElement).placeholder).toBe('5.5折');
    expect(row(T1.isbn).querySelector('[data-testid="line-net"]')!.textContent).toBe('¥11.00');
  });

  it('asks before discarding a draft, then removes it (order_discard), never cancelling it', async () => {
    const calls = backend((cmd) => (cmd === 'order_discard' ? null : undefined));
    ordersUi.screen = { name: 'editor', id: null, customer: 'C0001' };
    render(OrderEditor, { id: null, customer: 'C0001' });
    await ready();
    await scan(T1.isbn);
    await waitFor(() => expect(byCmd(calls, 'order_create')).toHaveLength(1), { timeout: 2000 });
    await fireEvent.click(screen.getByTestId('discard-draft'));
    await screen.findByTestId('discard-dialog');
    expect(byCmd(calls, 'order_discard')).toHaveLength(0);
    // "Keep the draft": nothing happens to it
    await fireEvent.click(screen.getByTestId('discard-keep'));
    expect(screen.queryByTestId('discard-dialog')).toBeNull();
    expect(ordersUi.screen).toMatchObject({ name: 'editor' });
    // Esc closes only the question
    await fireEvent.click(screen.getByTestId('discard-draft'));
    await fireEvent.keyDown(await screen.findByTestId('discard-keep'), { key: 'Escape' });
    expect(screen.queryByTestId('discard-dialog')).toBeNull();
    expect(ordersUi.screen).toMatchObject({ name: 'editor' });
    expect(byCmd(calls, 'order_discard')).toHaveLength(0);
    await fireEvent.click(screen.getByTestId('discard-draft'));
    await fireEvent.click(await screen.findByTestId('discard-confirm'));
    await waitFor(() => expect(ordersUi.screen).toEqual({ name: 'list' }));
    expect(byCmd(calls, 'order_discard').map((c) => c.args.id)).toEqual([41]);
    expect(byCmd(calls, 'order_cancel')).toHaveLength(0);
  });

  it('adds the copies typed with a scan: 40*ISBN, ISBN*40, 40×ISBN', async () => {
    const calls = backend();
    render(OrderEditor, { id: null, customer: 'C0001' });
    await ready();
    await scan(`40*${T1.isbn}`);
    await waitFor(() => expect(lines()).toEqual([{ isbn: T1.isbn, qty: '40' }]));
    await scan(`${T2.isbn}*3`);
    await waitFor(() => expect(lines()).toEqual([{ isbn: T1.isbn, qty: '40' }, { isbn: T2.isbn, qty: '3' }]));
    await scan(`2×${T1.isbn}`);
    await waitFor(() => expect(lines()).toEqual([{ isbn: T1.isbn, qty: '42' }, { isbn: T2.isbn, qty: '3' }]));
    // the core looks up the ISBN alone
    expect(byCmd(calls, 'title_scan').map((c) => c.args.text)).toEqual([T1.isbn, T2.isbn, T1.isbn]);
  });

  it('Tab from the scan box goes to the quantity of the line just scanned', async () => {
    backend();
    render(OrderEditor, { id: null, customer: 'C0001' });
    await ready();
    await scan(T1.isbn);
    await scan(T2.isbn);
    await scan(T1.isbn);
    await waitFor(() => expect(lines()).toHaveLength(2));
    await waitFor(() => expect(lines()[0].qty).toBe('2'));
    const box = screen.getByTestId('scan-input');
    box.focus();
    const ev = new KeyboardEvent('keydown', { key: 'Tab', bubbles: true, cancelable: true });
    box.dispatchEvent(ev);
    expect(ev.defaultPrevented).toBe(true);
    expect(document.activeElement).toBe(row(T1.isbn).querySelector('[data-testid="line-qty"]'));
  });

  it('a title search with a single match adds it on the first Enter; several ask', async () => {
    backend((cmd, args) => {
      if (cmd !== 'title_scan') return undefined;
      const text = args.text as string;
      // 余华 wrote two of them
      return { isbn: null, titles: text === '余华' ? [T1, T2] : CATALOGUE.filter((t) => t.title.includes(text)) };
    });
    render(OrderEditor, { id: null, customer: 'C0001' });
    await ready();
    await scan('5*围城');
    await waitFor(() => expect(lines()).toEqual([{ isbn: T3.isbn, qty: '5' }]));
    expect(screen.queryByTestId('scan-results')).toBeNull();
    await scan('余华');
    await screen.findByTestId('scan-results');
    expect(screen.getAllByTestId('scan-result')).toHaveLength(2);
    expect(lines()).toHaveLength(1);
  });

  describe('Esc', () => {
    function inEditor() {
      ordersUi.screen = { name: 'editor', id: null, customer: 'C0001' };
    }

    it('leaves for the orders list like Back, saving a pending edit first', async () => {
      const calls = backend();
      inEditor();
      render(OrderEditor, { id: null, customer: 'C0001' });
      await ready();
      await scan(T1.isbn);
      await waitFor(() => expect(lines()).toHaveLength(1));
      // within the debounce: nothing saved yet
      expect(byCmd(calls, 'order_create')).toHaveLength(0);
      await fireEvent.keyDown(row(T1.isbn).querySelector('[data-testid="line-qty"]') as HTMLInputElement, { key: 'Escape' });
      await waitFor(() => expect(ordersUi.screen).toEqual({ name: 'list' }));
      expect(byCmd(calls, 'order_create').map((c) => (c.args.input as OrderInput).lines)).toEqual([[{ title_id: 1, quantity: '1', discount: '' }]]);
    });

    it('saves an edited quantity of a saved draft before leaving', async () => {
      const calls = backend();
      inEditor();
      render(OrderEditor, { id: null, customer: 'C0001' });
      await ready();
      await scan(T1.isbn);
      await waitFor(() => expect(byCmd(calls, 'order_create')).toHaveLength(1), { timeout: 2000 });
      await setQty(T1.isbn, '4');
      await fireEvent.keyDown(window, { key: 'Escape' });
      await waitFor(() => expect(ordersUi.screen).toEqual({ name: 'list' }));
      const updates = byCmd(calls, 'order_update');
      expect(updates).toHaveLength(1);
      expect((updates[0].args.input as OrderInput).lines[0].quantity).toBe('4');
    });

    it('with the shortage dialog open closes only the dialog', async () => {
      backend((cmd) => {
        if (cmd === 'order_confirm') throw { code: 'stock_short', message: 'short', field: 'lines.0' };
        return undefined;
      });
      inEditor();
      render(OrderEditor, { id: null, customer: 'C0001' });
      await ready();
      await scan(T3.isbn);
      await waitFor(() => expect(lines()).toHaveLength(1));
      await fireEvent.click(screen.getByTestId('confirm-order'));
      await screen.findByTestId('shortage-dialog');
      await fireEvent.keyDown(window, { key: 'Escape' });
      expect(screen.queryByTestId('shortage-dialog')).toBeNull();
      expect(ordersUi.screen).toMatchObject({ name: 'editor' });
      await fireEvent.keyDown(window, { key: 'Escape' });
      await waitFor(() => expect(ordersUi.screen).toEqual({ name: 'list' }));
    });

    it('with the credit dialog open closes only the dialog', async () => {
      backend((cmd) => {
        if (cmd === 'order_confirm') throw { code: 'credit_exceeded', message: 'over', field: 'credit_override' };
        return undefined;
      });
      inEditor();
      render(OrderEditor, { id: null, customer: 'C0001' });
      await ready();
      await scan(T1.isbn);
      await waitFor(() => expect(lines()).toHaveLength(1));
      await fireEvent.click(screen.getByTestId('confirm-order'));
      const reason = await screen.findByTestId('credit-reason');
      await fireEvent.keyDown(reason, { key: 'Escape' });
      expect(screen.queryByTestId('credit-dialog')).toBeNull();
      expect(ordersUi.screen).toMatchObject({ name: 'editor' });
    });

    it('with the paste dialog open closes only the dialog', async () => {
      backend();
      inEditor();
      render(OrderEditor, { id: null, customer: 'C0001' });
      await ready();
      await fireEvent.click(screen.getByTestId('paste-list'));
      await fireEvent.keyDown(screen.getByTestId('paste-text'), { key: 'Escape' });
      expect(screen.queryByTestId('paste-dialog')).toBeNull();
      expect(ordersUi.screen).toMatchObject({ name: 'editor' });
      // focus outside the dialog: Esc still closes only the dialog
      await fireEvent.click(screen.getByTestId('paste-list'));
      await screen.findByTestId('paste-dialog');
      await fireEvent.keyDown(window, { key: 'Escape' });
      expect(screen.queryByTestId('paste-dialog')).toBeNull();
      expect(ordersUi.screen).toMatchObject({ name: 'editor' });
    });

    it('with the customer list open closes only the list', async () => {
      backend();
      inEditor();
      render(OrderEditor, { id: null, customer: '' });
      const input = screen.getByTestId('order-customer') as HTMLInputElement;
      await fireEvent.input(input, { target: { value: 'xhsd' } });
      await screen.findByTestId('customer-options');
      await fireEvent.keyDown(input, { key: 'Escape' });
      expect(screen.queryByTestId('customer-options')).toBeNull();
      expect(ordersUi.screen).toMatchObject({ name: 'editor' });
      await fireEvent.keyDown(input, { key: 'Escape' });
      await waitFor(() => expect(ordersUi.screen).toEqual({ name: 'list' }));
    });
  });
});
