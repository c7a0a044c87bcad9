import { afterEach, describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import Catalogue from './Catalogue.svelte';
import ItemCard from './ItemCard.svelte';
import { mockBackend, resetState, sleep } from '../../test/fixtures';
import type { ItemCard as Card, StockFacets, StockFilter, StockPage, StockValue, Title } from '../../lib/bindings';
import { closeTitleForm } from '../../lib/stockList.svelte';
import { setLangLocal } from '../../lib/locale.svelte';

function title(i: number, overrides: Partial<Title> = {}): Title {
  return {
    id: i + 1,
    isbn: `97870200${String(i).padStart(5, '0')}`,
    list_price_fen: 4500,
    title: `红楼梦 ${i + 1}`,
    subtitle: '',
    authors: '曹雪芹',
    translator: '',
    publisher: '人民文学出版社',
    edition: '',
    pub_date: '',
    category_code: 'I242',
    category_name: '古典小说',
    binding: '',
    format: '',
    language: '',
    tags: [],
    bin: 'A-01',
    reorder_point: 5,
    supplier: null,
    quantity: 20,
    ...overrides,
  };
}

const FACETS: StockFacets = {
  categories: [
    { value: 'I247', label: '小说', count: 12 },
    { value: 'K82', label: '传记', count: 3 },
  ],
  publishers: [
    { value: '人民文学出版社', label: '', count: 10 },
    { value: '译林出版社', label: '', count: 5 },
  ],
  bins: [{ value: 'A-01', label: '', count: 15 }],
};

const VALUE: StockValue = { titles: 15, copies: 1234, list_value_fen: 5_432_100, cost_value_fen: 3_259_260 };

function card(overrides: Partial<Card> = {}): Card {
  return {
    title: title(0, { quantity: 7, reorder_point: 10, supplier: '人民文学出版社发行部', bin: 'B-07' }),
    last_cost_fen: 2700,
    cost_value_fen: 18900,
    list_value_fen: 31500,
    movements: [
      { at: '2026-03-02T09:15:00+08:00', kind: 'sale', quantity: -3, unit_cost_fen: 2700, document: null, reason: '' },
      { at: '2026-03-01T14:05:30+08:00', kind: 'receipt', quantity: 10, unit_cost_fen: 2700, document: 'JH-2026-0001', reason: '' },
      { at: '2026-02-28T10:00:00+08:00', kind: 'adjustment', quantity: -2, unit_cost_fen: 0, document: 'PD-2026-0001', reason: '破损' },
    ],
    movement_count: 250,
    ...overrides,
  };
}

type Handler = (filter: StockFilter) => StockPage;

function backend(list: Handler, extra: (cmd: string, args: Record<string, unknown>) => unknown = () => null) {
  return mockBackend((cmd, args) => {
    switch (cmd) {
      case 'stock_list':
        return list(args.filter as StockFilter);
      case 'stock_facets':
        return FACETS;
      case 'stock_value':
        return VALUE;
      case 'stock_item':
        return card();
      case 'suppliers_list':
        return [];
      default:
        return extra(cmd, args);
    }
  });
}

function isbns(): string[] {
  return screen.queryAllByTestId('stock-row').map((r) => r.getAttribute('data-isbn') ?? '');
}

function last<T>(list: T[]): T | undefined {
  return list[list.length - 1];
}

function filters(calls: { cmd: string; args: Record<string, unknown> }[]): StockFilter[] {
  return calls.filter((c) => c.cmd === 'stock_list').map((c) => c.args.filter as StockFilter);
}

describe('Catalogue page', () => {
  afterEach(() => {
    closeTitleForm();
    resetState();
  });

  it('renders the rows, the stock value and the count', async () => {
    const calls = backend(() => ({
      total: 3,
      rows: [
        title(0),
        title(1, { quantity: 0 }),
        title(2, { quantity: 4, reorder_point: 5 }),
      ],
    }));
    render(Catalogue);
    await waitFor(() => expect(isbns()).toEqual(['9787020000000', '9787020000001', '9787020000002']));
    expect(filters(calls)[0]).toEqual({
      query: '', category: '', publisher: '', bin: '', low: false, out_of_stock: false, slow_days: 0, limit: 100, offset: 0,
    });
    const rows = screen.getAllByTestId('stock-row');
    expect(rows[0].getAttribute('data-id')).toBe('1');
    expect(rows[0].textContent).toContain('¥45.00');
    expect(rows[0].textContent).toContain('曹雪芹');
    const qty = rows.map((r) => r.querySelector('[data-testid="on-hand"]')!);
    expect(qty.map((q) => q.textContent)).toEqual(['20', '0', '4']);
    expect(qty[0].classList.contains('neg') || qty[0].classList.contains('low')).toBe(false);
    expect(qty[1].classList.contains('neg')).toBe(true);
    expect(qty[2].classList.contains('low')).toBe(true);

    await waitFor(() => expect(screen.getByTestId('stock-value').textContent).toContain('¥54,321.00'));
    const value = screen.getByTestId('stock-value').textContent!;
    expect(value).toContain('1,234');
    expect(value).toContain('¥32,592.60');
    expect(screen.getByTestId('stock-count').textContent).toBe('3 items');
    // the category facet shows code and name
    const cat = screen.getByTestId('filter-category') as HTMLSelectElement;
    expect([...cat.options].map((o) => o.textContent)).toContain('I247 小说 (12)');
  });

  it('sends the filters', async () => {
    const calls = backend(() => ({ total: 1, rows: [title(0)] }));
    render(Catalogue);
    await waitFor(() => expect(isbns()).toHaveLength(1));
    await waitFor(() => expect((screen.getByTestId('filter-publisher') as HTMLSelectElement).options.length).toBe(3));

    await fireEvent.click(screen.getByTestId('filter-low'));
    await waitFor(() => expect(last(filters(calls))?.low).toBe(true));

    await fireEvent.change(screen.getByTestId('filter-publisher'), { target: { value: '译林出版社' } });
    await waitFor(() => expect(last(filters(calls))?.publisher).toBe('译林出版社'));
    expect(last(filters(calls))?.low).toBe(true);

    await fireEvent.change(screen.getByTestId('filter-category'), { target: { value: 'I247' } });
    await waitFor(() => expect(last(filters(calls))?.category).toBe('I247'));

    await fireEvent.click(screen.getByTestId('filter-out'));
    await waitFor(() => expect(last(filters(calls))?.out_of_stock).toBe(true));

    await fireEvent.change(screen.getByTestId('filter-slow'), { target: { value: '90' } });
    await waitFor(() => expect(last(filters(calls))?.slow_days).toBe(90));
    expect(screen.getByTestId('stock-count').textContent).toBe('1 matching item');
  });

  it('Enter in the search box searches at once and opens the only match', async () => {
    const calls = backend((f) =>
      f.query ? { total: 1, rows: [title(8, { id: 42, isbn: '9787544291170' })] } : { total: 2, rows: [title(0), title(1)] },
    );
    render(Catalogue);
    await waitFor(() => expect(isbns()).toHaveLength(2));
    const search = screen.getByTestId('stock-search') as HTMLInputElement;
    expect(search.id).toBe('stock-search');
    await fireEvent.input(search, { target: { value: '9787544291170' } });
    await fireEvent.keyDown(search, { key: 'Enter' });
    // well inside the debounce delay
    await sleep(20);
    expect(filters(calls).map((f) => f.query)).toEqual(['', '9787544291170']);
    await waitFor(() => expect(isbns()).toEqual(['9787544291170']));
    await waitFor(() => expect(calls.find((c) => c.cmd === 'stock_item')?.args).toEqual({ id: 42 }));
    await screen.findByTestId('item-card');
    await sleep(200);
    // the debounce did not send it a second time
    expect(filters(calls).filter((f) => f.query)).toHaveLength(1);
  });

  it('debounces typing', async () => {
    const calls = backend(() => ({ total: 0, rows: [] }));
    render(Catalogue);
    await waitFor(() => expect(filters(calls)).toHaveLength(1));
    const search = screen.getByTestId('stock-search');
    for (const text of ['h', 'hl', 'hlm']) await fireEvent.input(search, { target: { value: text } });
    await sleep(60);
    expect(filters(calls)).toHaveLength(1);
    await waitFor(() => expect(filters(calls).map((f) => f.query)).toEqual(['', 'hlm']));
    await screen.findByTestId('stock-no-matches');
  });

  it('shows the empty state when there are no titles at all', async () => {
    backend(() => ({ total: 0, rows: [] }));
    render(Catalogue);
    expect((await screen.findByTestId('stock-no-titles')).textContent).toContain('No titles yet');
    expect(screen.getByTestId('stock-empty').textContent).toContain('Today');
  });

  it('moves with the arrow keys, opens the card with Enter and closes it with Esc', async () => {
    const calls = backend(() => ({ total: 3, rows: [title(0), title(1), title(2)] }));
    render(Catalogue);
    await waitFor(() => expect(isbns()).toHaveLength(3));
    const list = document.getElementById('stock-list')!;
    list.focus();
    // nothing selected yet: the first ArrowDown selects row 0
    await fireEvent.keyDown(list, { key: 'ArrowDown' });
    await fireEvent.keyDown(list, { key: 'ArrowDown' });
    await fireEvent.keyDown(list, { key: 'ArrowDown' });
    await fireEvent.keyDown(list, { key: 'ArrowUp' });
    const selected = screen.getAllByTestId('stock-row').find((r) => r.getAttribute('aria-selected') === 'true');
    expect(selected?.getAttribute('data-id')).toBe('2');
    await fireEvent.keyDown(list, { key: 'Enter' });
    await screen.findByTestId('item-card');
    expect(calls.find((c) => c.cmd === 'stock_item')?.args).toEqual({ id: 2 });
    await fireEvent.keyDown(window, { key: 'Escape' });
    await waitFor(() => expect(screen.queryByTestId('item-card')).toBeNull());
  });

  it('renders only the visible rows of a large list', async () => {
    const TOTAL = 100_000;
    const calls = backend((f) => {
      const rows = [];
      for (let i = f.offset; i < Math.min(TOTAL, f.offset + f.limit); i += 1) rows.push(title(i));
      return { total: TOTAL, rows };
    });
    render(Catalogue);
    await waitFor(() => expect(isbns()[0]).toBe('9787020000000'));
    expect(isbns().length).toBeLessThan(60);
    const list = document.getElementById('stock-list')!;
    list.scrollTop = 70_000 * 36;
    await fireEvent.scroll(list);
    await waitFor(() => expect(isbns()).toContain('9787020070000'));
    expect(isbns().length).toBeLessThan(60);
    expect(filters(calls).map((f) => f.offset)).toContain(70_000);
  });

  it('edits from the card and reloads the card and the list', async () => {
    let version = 0;
    const calls = backend(
      () => ({ total: 1, rows: [title(0, { title: version ? '红楼梦（新版）' : '红楼梦 1' })] }),
      (cmd, args) => {
        if (cmd === 'title_update') {
          version += 1;
          return title(0, { title: '红楼梦（新版）', id: args.id as number });
        }
        return null;
      },
    );
    render(Catalogue);
    await waitFor(() => expect(isbns()).toHaveLength(1));
    await fireEvent.click(screen.getAllByTestId('stock-row')[0]);
    await fireEvent.click(await screen.findByTestId('edit-title'));
    const form = await screen.findByTestId('title-form');
    const name = form.querySelector<HTMLInputElement>('[name="title"]')!;
    await fireEvent.input(name, { target: { value: '红楼梦（新版）' } });
    await fireEvent.click(screen.getByTestId('save-title'));
    await waitFor(() => expect(screen.queryByTestId('title-form')).toBeNull());
    expect(calls.find((c) => c.cmd === 'title_update')?.args.id).toBe(1);
    await waitFor(() => expect(screen.getAllByTestId('stock-row')[0].textContent).toContain('红楼梦（新版）'));
    expect(calls.filter((c) => c.cmd === 'stock_item')).toHaveLength(2);
  });
});

describe('Item card', () => {
  afterEach(resetState);

  it('shows the stock, the values and the movements', async () => {
    const calls = backend(() => ({ total: 0, rows: [] }));
    let edited: Title | null = null;
    render(ItemCard, { id: 1, version: 0, onclose: () => {}, onedit: (t: Title) => (edited = t) });
    await waitFor(() => expect(screen.getByTestId('card-on-hand').textContent).toBe('7'));
    expect(calls.find((c) => c.cmd === 'stock_item')?.args).toEqual({ id: 1 });
    expect(screen.getByTestId('card-on-hand').classList.contains('low')).toBe(true);
    expect(screen.getByTestId('card-last-cost').textContent).toBe('¥27.00');
    expect(screen.getByTestId('card-cost-value').textContent).toBe('¥189.00');
    expect(screen.getByTestId('card-list-value').textContent).toBe('¥315.00');
    expect(screen.getByTestId('card-supplier').textContent).toContain('人民文学出版社发行部');
    expect(screen.getByTestId('card-bin').textContent).toContain('B-07');

    const rows = screen.getAllByTestId('movement-row');
    expect(rows).toHaveLength(3);
    const cells = (r: HTMLElement) => [...r.querySelectorAll('td')].map((td) => td.textContent?.trim());
    expect(cells(rows[0])).toEqual(['2026-03-02 09:15', 'Sale', '-3', '¥27.00', '']);
    expect(cells(rows[1])).toEqual(['2026-03-01 14:05', 'Purchase receipt', '+10', '¥27.00', 'JH-2026-0001']);
    // The reason shows under the kind.
    expect(rows[2].querySelectorAll('td')[1].querySelector('.nowrap')?.textContent).toBe('Stocktake adjustment');
    expect(rows[2].querySelector('.reason')?.textContent).toBe('破损');
    expect(screen.getByTestId('movements-more').textContent).toContain('3 of 250');
    expect(screen.getByTestId('card-people').textContent?.trim()).toBe('曹雪芹');

    await fireEvent.click(screen.getByTestId('edit-title'));
    expect(edited!.id).toBe(1);
  });

  it('spaces the translator from the authors in both languages ("Translator范晔" was what issue 11 saw)', async () => {
    mockBackend((cmd) => (cmd === 'stock_item' ? card({ title: title(0, { authors: '马尔克斯', translator: '范晔' }) }) : null));
    const view = render(ItemCard, { id: 1, version: 0, onclose: () => {}, onedit: () => {} });
    await waitFor(() => expect(screen.getByTestId('card-people').textContent?.trim()).toBe('马尔克斯 · translated by 范晔'));
    view.unmount();
    setLangLocal('zh-CN');
    render(ItemCard, { id: 1, version: 0, onclose: () => {}, onedit: () => {} });
    await waitFor(() => expect(screen.getByTestId('card-people').textContent?.trim()).toBe('马尔克斯 · 范晔 译'));
  });
});
