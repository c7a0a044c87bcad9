import { afterEach, describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import ReturnEditor from './ReturnEditor.svelte';
import { mockBackend, resetState, summary, type Call } from '../../test/fixtures';
import { title } from '../../lib/documentsTestData';
import { order, orderLine } from '../../lib/ordersTestData';
import type { CustomerReturn, ReturnInput, Scan } from '../../lib/bindings';
import { scan } from '../../test/scan';

const O = order({
  status: 'shipped',
  lines: [
    orderLine(1, { title_id: 11, isbn: '9787532100001', title: '活着', list_price_fen: 1290, quantity: 5 }),
    orderLine(2, { title_id: 12, isbn: '9787532100002', title: '许三观卖血记', list_price_fen: 4500, quantity: 2 }),
    orderLine(3, { title_id: 13, isbn: '9787532100003', title: '围城', list_price_fen: 3800, quantity: 4 }),
  ],
});

const qtyInputs = () => screen.getAllByTestId('return-qty') as HTMLInputElement[];

describe('ReturnEditor', () => {
  afterEach(() => resetState());

  it('lists the order lines at 0, sends only the lines with a quantity, and shows the return number', async () => {
    const posted: CustomerReturn = {
      number: 'RT-20260305-0001',
      customer_id: 1,
      customer_code: 'C0001',
      customer_name: '新华书店',
      order: O.number,
      date: '2026-03-05',
      damaged: true,
      reason: '水渍',
      lines: [],
      copies: 3,
      list_total_fen: 6450,
      net_total_fen: 5445,
    };
    const calls = mockBackend((cmd) => {
      if (cmd === 'order_get') return O;
      if (cmd === 'return_create') return posted;
      throw new Error(`unexpected ${cmd}`);
    });
    render(ReturnEditor, { id: 7 });
    await waitFor(() => expect(qtyInputs()).toHaveLength(3));
    expect(qtyInputs().map((i) => i.value)).toEqual(['0', '0', '0']);
    expect(screen.getAllByTestId('return-shipped').map((c) => c.textContent)).toEqual(['5', '2', '4']);
    await fireEvent.input(qtyInputs()[0], { target: { value: '1' } });
    await fireEvent.input(qtyInputs()[2], { target: { value: '2' } });
    // the third line's copies are damaged; the first go back on the shelf
    await fireEvent.click(screen.getAllByTestId('return-line-damaged')[2]);
    await fireEvent.input(screen.getByTestId('return-reason'), { target: { value: '水渍' } });
    // 12.90 at 6.5折 = 8.39 (838.5 → 839); 2 × 38.00 at 6.5折 = 49.40
    expect(screen.getByTestId('return-credit').textContent).toBe('¥57.79');
    await fireEvent.click(screen.getByTestId('post-return'));
    await screen.findByTestId('return-number');
    const input = calls.find((c) => c.cmd === 'return_create')!.args.input as ReturnInput;
    expect(input).toEqual({
      customer: 'C0001',
      order: 'SO-20260301-0001',
      damaged: false,
      reason: '水渍',
      lines: [
        { title_id: 11, quantity: '1', discount: '', damaged: false },
        { title_id: 13, quantity: '2', discount: '', damaged: true },
      ],
    });
    expect(screen.getByTestId('return-number').textContent).toBe('RT-20260305-0001');
    expect(screen.getByTestId('return-credited').textContent).toBe('¥54.45');
  });

  it('marks the order line a return_too_many error is about', async () => {
    const calls = mockBackend((cmd) => {
      if (cmd === 'order_get') return O;
      // the second line sent is the third order line
      if (cmd === 'return_create') throw { code: 'return_too_many', message: 'too many', field: 'lines.1.quantity' };
      throw new Error(`unexpected ${cmd}`);
    });
    render(ReturnEditor, { id: 7 });
    await waitFor(() => expect(qtyInputs()).toHaveLength(3));
    await fireEvent.input(qtyInputs()[1], { target: { value: '1' } });
    await fireEvent.input(qtyInputs()[2], { target: { value: '9' } });
    await fireEvent.click(screen.getByTestId('post-return'));
    const err = await screen.findByTestId('return-line-error');
    expect(err.textContent).toContain('More copies than were shipped');
    const rows = screen.getAllByTestId('return-line');
    expect(rows.map((r) => r.classList.contains('bad'))).toEqual([false, false, true]);
    // told under the lines, so no row moves: line 3 is the third row, and no row was added
    expect(err.textContent).toContain('Line 3');
    expect(err.closest('footer')).not.toBeNull();
    expect(rows[2].nextElementSibling).toBeNull();
    expect(screen.queryByTestId('return-number')).toBeNull();
    expect(calls.filter((c) => c.cmd === 'return_create')).toHaveLength(1);
  });

  it('shows what came back already on each line and flags a quantity past what is left', async () => {
    const returned = order({ ...O, lines: O.lines.map((l, i) => ({ ...l, returned: [2, 0, 4][i] })) });
    mockBackend((cmd) => (cmd === 'order_get' ? returned : null));
    render(ReturnEditor, { id: 7 });
    await waitFor(() => expect(qtyInputs()).toHaveLength(3));
    expect(screen.getAllByTestId('return-returned').map((c) => c.textContent)).toEqual(['2', '0', '4']);
    // 5 shipped, 2 back already: 3 is all right, 4 is one too many
    await fireEvent.input(qtyInputs()[0], { target: { value: '3' } });
    expect(screen.queryByTestId('return-line-error')).toBeNull();
    await fireEvent.input(qtyInputs()[0], { target: { value: '4' } });
    expect(screen.getByTestId('return-line-error').textContent).toBe('Line 1: only 3 left to return.');
    expect(screen.getByTestId('return-line-error').closest('footer')).not.toBeNull();
    expect(screen.getAllByTestId('return-line')[0].classList.contains('bad')).toBe(true);
  });

  it('counts a scanned book on its line, and says so for a book not on the order or none left', async () => {
    const returned = order({ ...O, lines: O.lines.map((l, i) => ({ ...l, returned: [0, 2, 0][i] })) });
    const other = title(99, { isbn: '9787020002207', title: '红楼梦' });
    const byIsbn = new Map([
      ...O.lines.map((l) => [l.isbn, title(l.title_id, { isbn: l.isbn, title: l.title, list_price_fen: l.list_price_fen })] as const),
      [other.isbn, other],
    ]);
    mockBackend((cmd, args) => {
      if (cmd === 'order_get') return returned;
      if (cmd === 'title_scan') {
        const t = byIsbn.get(args.text as string);
        return { isbn: args.text as string, titles: t ? [t] : [] };
      }
      return null;
    });
    render(ReturnEditor, { id: 7 });
    await waitFor(() => expect(qtyInputs()).toHaveLength(3));
    await waitFor(() => expect(document.activeElement?.getAttribute('data-testid')).toBe('scan-input'));
    await scan('9787532100001');
    await scan('9787532100001');
    await scan('9787532100003');
    await waitFor(() => expect(qtyInputs().map((i) => i.value)).toEqual(['2', '0', '1']));
    expect(screen.getByTestId('return-copies').textContent).toBe('3');
    // both copies of the second line came back already
    await scan('9787532100002');
    await waitFor(() => expect(screen.getByTestId('return-error').textContent).toContain('More copies than were shipped'));
    await scan(other.isbn);
    await waitFor(() => expect(screen.getByTestId('return-error').textContent).toBe('This book is not on the order.'));
    expect(qtyInputs().map((i) => i.value)).toEqual(['2', '0', '1']);
  });

  it('prints the posted return as a return note (退货单) with each line saleable or damaged', async () => {
    const posted: CustomerReturn = {
      number: 'RT-20260305-0003',
      customer_id: 1,
      customer_code: 'C0001',
      customer_name: '新华书店',
      order: O.number,
      date: '2026-03-05',
      damaged: false,
      reason: '水渍',
      lines: [
        { isbn: '9787532100001', title: '活着', list_price_fen: 1290, quantity: 1, discount_bp: 6500, net_fen: 839, damaged: false },
        { isbn: '9787532100003', title: '围城', list_price_fen: 3800, quantity: 2, discount_bp: 6500, net_fen: 4940, damaged: true },
      ],
      copies: 3,
      list_total_fen: 8890,
      net_total_fen: 5779,
    };
    mockBackend((cmd) => {
      if (cmd === 'order_get') return O;
      if (cmd === 'return_create') return posted;
      if (cmd === 'company_get') return { name: '蓝天图书批发', address: '', phone: '', tax_id: '', bank: '' };
      if (cmd === 'customer_get') throw { code: 'not_found', message: '' };
      throw new Error(`unexpected ${cmd}`);
    });
    render(ReturnEditor, { id: 7 });
    await waitFor(() => expect(qtyInputs()).toHaveLength(3));
    await fireEvent.input(qtyInputs()[0], { target: { value: '1' } });
    await fireEvent.click(screen.getByTestId('post-return'));
    await fireEvent.click(await screen.findByTestId('print-return-note'));
    const note = await screen.findByTestId('return-note');
    expect(note.querySelector('h1')!.textContent).toBe('Return note');
    expect(screen.getByTestId('return-note-number').textContent).toBe('RT-20260305-0003');
    expect(screen.getByTestId('return-note-customer').textContent).toBe('新华书店');
    expect(screen.getAllByTestId('return-note-condition').map((c) => c.textContent)).toEqual(['Saleable', 'Damaged']);
    expect(screen.getByTestId('return-note-credit').textContent).toBe('¥57.79');
    await waitFor(() => expect(screen.getByTestId('note-company').textContent).toBe('蓝天图书批发'));
    await fireEvent.click(screen.getByTestId('note-close'));
    expect(screen.queryByTestId('return-note')).toBeNull();
  });

  it('posts nothing when no quantity was entered', async () => {
    const calls = mockBackend((cmd) => (cmd === 'order_get' ? O : null));
    render(ReturnEditor, { id: 7 });
    await waitFor(() => expect(qtyInputs()).toHaveLength(3));
    await fireEvent.click(screen.getByTestId('post-return'));
    expect(screen.getByTestId('return-error').textContent).toBe('Add at least one line.');
    expect(calls.filter((c) => c.cmd === 'return_create')).toHaveLength(0);
  });
});

describe('ReturnEditor without an order', () => {
  afterEach(() => resetState());

  const T1 = title(1, { isbn: '9787532100001', list_price_fen: 1290, title: '活着' });
  const T2 = title(2, { isbn: '9787532100002', list_price_fen: 4500, title: '许三观卖血记' });
  const CATALOGUE = [T1, T2];
  const CUSTOMER = summary(0, { code: 'C0001', name: '新华书店', discount_bp: 6500 });

  function scanOf(text: string): Scan {
    return { isbn: /^\d{13}$/.test(text) ? text : null, titles: CATALOGUE.filter((t) => t.isbn === text) };
  }

  function backend(onCreate: (input: ReturnInput) => unknown): Call[] {
    return mockBackend((cmd, args) => {
      if (cmd === 'customers_list') return { total: 1, offset: 0, rows: [CUSTOMER] };
      if (cmd === 'title_scan') return scanOf(args.text as string);
      if (cmd === 'return_create') return onCreate(args.input as ReturnInput);
      throw new Error(`unexpected ${cmd}`);
    });
  }

  async function pickCustomer() {
    const box = screen.getByTestId('order-customer');
    await fireEvent.input(box, { target: { value: 'C0001' } });
    await fireEvent.keyDown(box, { key: 'Enter' });
    await waitFor(() => expect(screen.getByTestId('customer-info').getAttribute('data-code')).toBe('C0001'));
  }

  const rows = () => screen.queryAllByTestId('return-line');
  const field = (row: HTMLElement, id: string) => row.querySelector(`[data-testid="${id}"]`) as HTMLInputElement;

  it('posts return_create with no order, the picked customer and the scanned lines', async () => {
    const posted: CustomerReturn = {
      number: 'RT-20260305-0002',
      customer_id: 1,
      customer_code: 'C0001',
      customer_name: '新华书店',
      order: null,
      date: '2026-03-05',
      damaged: false,
      reason: '滞销',
      lines: [],
      copies: 3,
      list_total_fen: 7080,
      net_total_fen: 4377,
    };
    const calls = backend(() => posted);
    render(ReturnEditor, { id: null });
    expect(screen.queryByTestId('back-to-order')).toBeNull();
    await pickCustomer();
    await scan(T1.isbn);
    await scan(T2.isbn);
    await scan(T1.isbn);
    await waitFor(() => expect(rows().map((r) => [r.getAttribute('data-isbn'), field(r, 'return-qty').value])).toEqual([
      [T1.isbn, '2'],
      [T2.isbn, '1'],
    ]));
    // the customer's discount is the placeholder; a line may have its own
    expect(field(rows()[0], 'return-discount').placeholder).toBe('6.5折');
    // 2 × 12.90 at 6.5折 = 16.77
    expect(field(rows()[0], 'return-line-credit').textContent).toBe('¥16.77');
    await fireEvent.input(field(rows()[1], 'return-discount'), { target: { value: '6折' } });
    // 45.00 at 6折 = 27.00
    expect(field(rows()[1], 'return-line-credit').textContent).toBe('¥27.00');
    expect(screen.getByTestId('return-credit').textContent).toBe('¥43.77');
    await fireEvent.click(field(rows()[1], 'return-line-damaged'));
    await fireEvent.input(screen.getByTestId('return-reason'), { target: { value: '滞销' } });
    await fireEvent.click(screen.getByTestId('post-return'));
    await screen.findByTestId('return-number');
    const creates = calls.filter((c) => c.cmd === 'return_create');
    expect(creates).toHaveLength(1);
    expect(creates[0].args.input).toEqual({
      customer: 'C0001',
      order: '',
      damaged: false,
      reason: '滞销',
      lines: [
        { title_id: 1, quantity: '2', discount: '', damaged: false },
        { title_id: 2, quantity: '1', discount: '6折', damaged: true },
      ],
    });
    expect(screen.getByTestId('return-number').textContent).toBe('RT-20260305-0002');
    expect(screen.getByTestId('return-credited').textContent).toBe('¥43.77');
  });

  it('marks the line a quantity_invalid error is about', async () => {
    const calls = backend(() => {
      throw { code: 'quantity_invalid', message: 'bad quantity', field: 'lines.0.quantity' };
    });
    render(ReturnEditor, { id: null });
    await pickCustomer();
    await scan(T1.isbn);
    await scan(T2.isbn);
    await waitFor(() => expect(rows()).toHaveLength(2));
    await fireEvent.input(field(rows()[0], 'return-qty'), { target: { value: 'x' } });
    await fireEvent.click(screen.getByTestId('post-return'));
    const err = await screen.findByTestId('return-line-error');
    expect(err.textContent).toContain('Line 1');
    expect(err.textContent).toContain('whole number');
    expect(rows().map((r) => r.classList.contains('bad'))).toEqual([true, false]);
    expect(err.closest('footer')).not.toBeNull();
    expect(rows()[0].nextElementSibling).toBe(rows()[1]);
    expect(field(rows()[0], 'return-qty').getAttribute('aria-invalid')).toBe('true');
    expect(screen.queryByTestId('return-error')).toBeNull();
    expect(screen.queryByTestId('return-number')).toBeNull();
    expect((calls.find((c) => c.cmd === 'return_create')!.args.input as ReturnInput).lines[0].quantity).toBe('x');
    // correcting the quantity clears the mark
    await fireEvent.input(field(rows()[0], 'return-qty'), { target: { value: '1' } });
    expect(screen.queryByTestId('return-line-error')).toBeNull();
  });

  it('asks for a customer and a line before posting', async () => {
    const calls = backend(() => null);
    render(ReturnEditor, { id: null });
    await fireEvent.click(screen.getByTestId('post-return'));
    expect(screen.getByTestId('return-error-customer').textContent).toBe('Choose a customer.');
    await pickCustomer();
    expect(screen.queryByTestId('return-error-customer')).toBeNull();
    await fireEvent.click(screen.getByTestId('post-return'));
    expect(screen.getByTestId('return-error').textContent).toBe('Add at least one line.');
    expect(calls.filter((c) => c.cmd === 'return_create')).toHaveLength(0);
  });
});
