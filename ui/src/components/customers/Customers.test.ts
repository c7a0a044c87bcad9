import { afterEach, describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import Customers from './Customers.svelte';
import { customer, mockBackend, resetState, sleep, summary, emptyAccount } from '../../test/fixtures';
import type { ListQuery } from '../../lib/bindings';

function codes(): string[] {
  return screen.queryAllByTestId('customer-row').map((r) => r.getAttribute('data-code') ?? '');
}

function listQueries(calls: { cmd: string; args: Record<string, unknown> }[]): ListQuery[] {
  return calls.filter((c) => c.cmd === 'customers_list').map((c) => c.args.query as ListQuery);
}

describe('Customers page', () => {
  afterEach(resetState);

  it('debounces the search box and renders the rows returned', async () => {
    const calls = mockBackend((cmd, args) => {
      const q = (args.query as ListQuery).query;
      if (q === '') return { total: 3, offset: 0, rows: [0, 1, 2].map((i) => summary(i)) };
      return { total: 1, offset: 0, rows: [summary(40, { code: 'X0041', name: `result for ${q}` })] };
    });
    render(Customers);
    await waitFor(() => expect(codes()).toEqual(['C0001', 'C0002', 'C0003']));
    expect(listQueries(calls)).toEqual([{ query: '', offset: 0, limit: 100, include_archived: false }]);

    const search = screen.getByRole('searchbox') as HTMLInputElement;
    expect(search.id).toBe('customer-search');
    for (const text of ['x', 'xh', 'xhs', 'xhsd']) await fireEvent.input(search, { target: { value: text } });
    // nothing sent while typing
    expect(listQueries(calls)).toHaveLength(1);
    await sleep(60);
    expect(listQueries(calls)).toHaveLength(1);

    await waitFor(() => expect(codes()).toEqual(['X0041']));
    const searches = listQueries(calls).slice(1);
    expect(searches).toHaveLength(1);
    expect(searches[0].query).toBe('xhsd');
    expect(screen.getByText('result for xhsd')).toBeTruthy();
  });

  it('says in the list which customers have no credit limit and which have one', async () => {
    mockBackend(() => ({
      total: 2,
      offset: 0,
      rows: [summary(0, { credit_limit_fen: null }), summary(1, { credit_limit_fen: 500000 })],
    }));
    render(Customers);
    await waitFor(() => expect(codes()).toHaveLength(2));
    const cells = screen.getAllByTestId('credit-cell').map((c) => c.textContent?.trim());
    expect(cells).toEqual(['No limit', '¥5,000.00']);
  });

  it('shows what each customer owes, from the receivables ledger', async () => {
    mockBackend(() => ({
      total: 3,
      offset: 0,
      rows: [summary(0, { balance_fen: 123456 }), summary(1, { balance_fen: 0 }), summary(2, { balance_fen: -2000 })],
    }));
    render(Customers);
    await waitFor(() => expect(codes()).toHaveLength(3));
    const heads = [...document.querySelectorAll('.row.head span')].map((h) => h.textContent?.trim());
    expect(heads).toContain('Balance');
    const cells = screen.getAllByTestId('balance-cell').map((c) => c.textContent?.trim());
    expect(cells).toEqual(['¥1,234.56', '—', '-¥20.00']);
  });

  it('never lets a slow stale response overwrite a newer one', async () => {
    mockBackend(async (_cmd, args) => {
      const q = (args.query as ListQuery).query;
      if (q === 'a') {
        await sleep(250);
        return { total: 1, offset: 0, rows: [summary(0, { code: 'OLD1' })] };
      }
      if (q === 'ab') return { total: 1, offset: 0, rows: [summary(1, { code: 'NEW1' })] };
      return { total: 0, offset: 0, rows: [] };
    });
    render(Customers);
    const search = screen.getByRole('searchbox');
    await fireEvent.input(search, { target: { value: 'a' } });
    await sleep(160); // the request for "a" is now in flight
    await fireEvent.input(search, { target: { value: 'ab' } });
    await waitFor(() => expect(codes()).toEqual(['NEW1']));
    await sleep(250); // the answer for "a" arrives late
    expect(codes()).toEqual(['NEW1']);
  });

  it('renders only the visible rows of a huge list and fetches pages on demand', async () => {
    const TOTAL = 200_000;
    const calls = mockBackend((_cmd, args) => {
      const q = args.query as ListQuery;
      const rows = [];
      for (let i = q.offset; i < Math.min(TOTAL, q.offset + q.limit); i += 1) rows.push(summary(i));
      return { total: TOTAL, offset: q.offset, rows };
    });
    render(Customers);
    await waitFor(() => expect(codes()[0]).toBe('C0001'));
    expect(codes().length).toBeLessThan(60);
    const list = document.getElementById('customer-list')!;
    const spacer = list.firstElementChild as HTMLElement;
    expect(spacer.style.height).toBe(`${TOTAL * 36}px`);

    list.scrollTop = 150_000 * 36;
    await fireEvent.scroll(list);
    await waitFor(() => expect(codes()).toContain('C150001'));
    expect(codes().length).toBeLessThan(60);
    const offsets = listQueries(calls).map((q) => q.offset);
    expect(offsets).toContain(150_000 - (150_000 % 100));
    expect(offsets.every((o) => o % 100 === 0)).toBe(true);
    expect(offsets.length).toBeLessThan(5);
  });

  it('goes from the search box into the list with ArrowDown and opens with Enter', async () => {
    const calls = mockBackend((cmd, args) => {
      if (cmd === 'customers_list') return { total: 3, offset: 0, rows: [0, 1, 2].map((i) => summary(i)) };
      if (cmd === 'customer_get') return customer({ id: args.id as number, code: `C000${args.id}`, discount_bp: 6500 });
      throw new Error(cmd);
    });
    render(Customers);
    await waitFor(() => expect(codes()).toHaveLength(3));
    const search = screen.getByRole('searchbox');
    search.focus();
    await fireEvent.keyDown(search, { key: 'ArrowDown' });
    const list = document.getElementById('customer-list')!;
    await waitFor(() => expect(document.activeElement).toBe(list));
    await fireEvent.keyDown(list, { key: 'ArrowDown' });
    await fireEvent.keyDown(list, { key: 'Enter' });
    await waitFor(() => expect(calls.some((c) => c.cmd === 'customer_get')).toBe(true));
    expect(calls.find((c) => c.cmd === 'customer_get')!.args).toEqual({ id: 2 });
    const detail = await screen.findByTestId('customer-detail');
    await waitFor(() => expect(screen.getByTestId('detail-discount').textContent).toContain('6.5折'));
    expect(detail.textContent).toContain('¥5,000.00');
    const selected = screen.getAllByTestId('customer-row').find((r) => r.getAttribute('aria-selected') === 'true');
    expect(selected?.getAttribute('data-code')).toBe('C0002');
  });

  it('Enter in the search box opens the first result', async () => {
    const calls = mockBackend((cmd, args) => {
      if (cmd === 'customers_list') {
        const q = (args.query as ListQuery).query;
        return q
          ? { total: 2, offset: 0, rows: [summary(7, { id: 77 }), summary(8)] }
          : { total: 0, offset: 0, rows: [] };
      }
      if (cmd === 'customer_account') return emptyAccount();
      return customer({ id: args.id as number });
    });
    render(Customers);
    const search = screen.getByRole('searchbox');
    await fireEvent.input(search, { target: { value: '新华' } });
    await fireEvent.keyDown(search, { key: 'Enter' });
    await waitFor(() => expect(calls.find((c) => c.cmd === 'customer_get')?.args).toEqual({ id: 77 }));
  });

  it('asks for archived customers when the toggle is on', async () => {
    const calls = mockBackend(() => ({ total: 0, offset: 0, rows: [] }));
    render(Customers);
    await waitFor(() => expect(listQueries(calls)).toHaveLength(1));
    await fireEvent.click(screen.getByTestId('show-archived'));
    await waitFor(() => expect(listQueries(calls).slice(-1)[0]?.include_archived).toBe(true));
  });
});
