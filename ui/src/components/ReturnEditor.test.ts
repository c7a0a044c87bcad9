import { afterEach, describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import ReturnEditor from './ReturnEditor.svelte';
import { mockBackend, resetState } from '../test/fixtures';
import { order, orderLine } from '../lib/ordersTestData';
import type { CustomerReturn, ReturnInput } from '../lib/bindings';

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
      customer_code: 'C0001',
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
    await fireEvent.click(screen.getByTestId('return-damaged'));
    await fireEvent.input(screen.getByTestId('return-reason'), { target: { value: '水渍' } });
    // 12.90 at 6.5折 = 8.39 (838.5 → 839); 2 × 38.00 at 6.5折 = 49.40
    expect(screen.getByTestId('return-credit').textContent).toBe('¥57.79');
    await fireEvent.click(screen.getByTestId('post-return'));
    await screen.findByTestId('return-number');
    const input = calls.find((c) => c.cmd === 'return_create')!.args.input as ReturnInput;
    expect(input).toEqual({
      customer: 'C0001',
      order: 'SO-20260301-0001',
      damaged: true,
      reason: '水渍',
      lines: [
        { title_id: 11, quantity: '1', discount: '' },
        { title_id: 13, quantity: '2', discount: '' },
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
    expect(rows[2].nextElementSibling?.contains(err)).toBe(true);
    expect(screen.queryByTestId('return-number')).toBeNull();
    expect(calls.filter((c) => c.cmd === 'return_create')).toHaveLength(1);
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
