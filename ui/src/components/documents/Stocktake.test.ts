import { afterEach, describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import Documents from './Documents.svelte';
import { mockBackend, resetState, type Call } from '../../test/fixtures';
import { openEditor, resetDocs } from '../../lib/documents.svelte';
import { stockDocument, title } from '../../lib/documentsTestData';
import type { DocumentInput, StockFilter } from '../../lib/bindings';
import { scan } from '../../test/scan';

const A1 = title(1, { isbn: '9787532100001', bin: 'A-01', quantity: 5 });
const A2 = title(2, { isbn: '9787532100002', bin: 'A-01', quantity: 3 });
const B1 = title(3, { isbn: '9787532100003', bin: 'B-02', quantity: 7 });
const P1 = title(4, { isbn: '9787020000004', list_price_fen: 3800, bin: 'B-02', quantity: 1 });
const P2 = title(5, { isbn: '9787020000004', list_price_fen: 4200, bin: 'B-02', quantity: 2 });
const ALL = [A1, A2, B1, P1, P2];

function backend(): Call[] {
  return mockBackend((cmd, args) => {
    if (cmd === 'stock_facets')
      return {
        categories: [{ value: 'I247', label: '小说', count: 5 }],
        publishers: [],
        bins: [
          { value: 'A-01', label: '', count: 2 },
          { value: 'B-02', label: '', count: 3 },
        ],
      };
    if (cmd === 'stock_list') {
      const f = args.filter as StockFilter;
      const rows = ALL.filter((t) => !f.bin || t.bin === f.bin);
      return { total: rows.length, rows };
    }
    if (cmd === 'title_scan') return { isbn: args.text, titles: ALL.filter((t) => t.isbn === args.text) };
    if (cmd === 'stock_stocktake')
      return stockDocument('ST-20260302-0001', { kind: 'stocktake', supplier: null, reason: (args.input as DocumentInput).reason });
    throw new Error(cmd);
  });
}

function sheet() {
  return screen.queryAllByTestId('count-line').map((r) => ({
    isbn: r.getAttribute('data-isbn'),
    id: Number(r.getAttribute('data-title-id')),
    counted: (r.querySelector('[data-testid="count-input"]') as HTMLInputElement).value,
    diff: r.querySelector('[data-testid="count-diff"]')!.textContent!.trim(),
  }));
}

async function start() {
  const calls = backend();
  render(Documents);
  openEditor('stocktake');
  await screen.findByTestId('stocktake');
  const bin = screen.getByTestId('stocktake-bin') as HTMLSelectElement;
  await waitFor(() => expect(bin.options.length).toBe(3));
  return calls;
}

/**
 * Posts the open editor's document as a user does: Post (or Ctrl+Enter), then Post again in the
 * summary that asks first. Where nothing can be summed up (no lines), the post goes straight out.
 */
async function postConfirmed(by: 'button' | 'keys' = 'button') {
  if (by === 'keys') await fireEvent.keyDown(window, { key: 'Enter', ctrlKey: true });
  else await fireEvent.click(await screen.findByTestId('post-document'));
  const confirm = screen.queryByTestId('post-confirm');
  if (!confirm) return;
  await waitFor(() => expect(document.activeElement).toBe(confirm));
  if (by === 'keys') await fireEvent.keyDown(confirm, { key: 'Enter', ctrlKey: true });
  else await fireEvent.click(confirm);
}

describe('Stocktake', () => {
  afterEach(() => {
    resetState();
    resetDocs();
  });

  it('loads the sheet of a bin, counts scans, and posts counted quantities with the reason', async () => {
    const calls = await start();
    await fireEvent.change(screen.getByTestId('stocktake-bin'), { target: { value: 'A-01' } });
    await fireEvent.click(screen.getByTestId('load-sheet'));
    await waitFor(() => expect(sheet().map((r) => r.id)).toEqual([1, 2]));
    const filter = calls.find((c) => c.cmd === 'stock_list')!.args.filter as StockFilter;
    expect(filter).toEqual({
      low: false, out_of_stock: false, slow_days: 0, category: '', publisher: '', bin: 'A-01', query: '', limit: 5000, offset: 0,
    });
    expect(sheet().map((r) => r.counted)).toEqual(['', '']);

    await scan(A1.isbn);
    await scan(A1.isbn);
    await scan(B1.isbn); // not on the sheet: added to it
    await waitFor(() => expect(sheet().map((r) => r.counted)).toEqual(['2', '', '1']));
    expect(sheet()[0].diff).toBe('-3');
    expect(sheet()[2].diff).toBe('-6');

    await fireEvent.input(screen.getAllByTestId('count-input')[2], { target: { value: '9' } });
    expect(sheet()[2].diff).toBe('+2');
    await fireEvent.input(screen.getByTestId('stocktake-reason'), { target: { value: 'Year-end count' } });

    // a count typed wrong is marked at once, below the table, and Post goes to it
    const counts = screen.getAllByTestId('count-input') as HTMLInputElement[];
    await fireEvent.input(counts[1], { target: { value: '3x' } });
    expect(screen.getAllByTestId('count-line')[1].getAttribute('data-error')).toBe('true');
    expect(screen.getByTestId('line-error').textContent).toContain('whole number');
    expect(screen.getByRole('table').contains(screen.getByTestId('line-error'))).toBe(false);
    await fireEvent.click(screen.getByTestId('post-document'));
    expect(screen.queryByTestId('post-summary')).toBeNull();
    expect(document.activeElement).toBe(counts[1]);
    await fireEvent.input(counts[1], { target: { value: '' } });
    expect(screen.queryByTestId('line-error')).toBeNull();

    // the summary: two lines posted, 2 copies over and 3 short
    await fireEvent.click(screen.getByTestId('post-document'));
    await screen.findByTestId('post-summary');
    expect(screen.getByTestId('summary-titles').textContent).toBe('2');
    expect(screen.getByTestId('summary-changed').textContent).toBe('2');
    expect(screen.getByTestId('summary-up').textContent).toBe('+2');
    expect(screen.getByTestId('summary-down').textContent).toBe('-3');
    expect(screen.getByTestId('summary-reason').textContent).toBe('Year-end count');
    expect(calls.some((c) => c.cmd === 'stock_stocktake')).toBe(false);
    await fireEvent.click(screen.getByTestId('post-confirm'));
    await screen.findByTestId('document-view');
    expect(screen.getByTestId('doc-number').textContent).toBe('ST-20260302-0001');
    const posted = calls.filter((c) => c.cmd === 'stock_stocktake');
    expect(posted).toHaveLength(1);
    expect(posted[0].args.input).toEqual({
      supplier: '',
      reason: 'Year-end count',
      invoice: '',
      invoice_date: '',
      lines: [
        { title_id: 1, quantity: '2', discount: '' },
        { title_id: 3, quantity: '9', discount: '' },
      ],
    });
  });

  it('posts uncounted lines as 0 when asked, and marks the line an error names', async () => {
    const calls = await start();
    await fireEvent.change(screen.getByTestId('stocktake-bin'), { target: { value: 'A-01' } });
    await fireEvent.click(screen.getByTestId('load-sheet'));
    await waitFor(() => expect(sheet()).toHaveLength(2));
    await scan(A2.isbn);
    await waitFor(() => expect(sheet()[1].counted).toBe('1'));
    await fireEvent.click(screen.getByTestId('uncounted-zero'));
    await fireEvent.input(screen.getByTestId('stocktake-reason'), { target: { value: '抽盘' } });
    await postConfirmed();
    await screen.findByTestId('document-view');
    expect((calls.find((c) => c.cmd === 'stock_stocktake')!.args.input as DocumentInput).lines).toEqual([
      { title_id: 1, quantity: '0', discount: '' },
      { title_id: 2, quantity: '1', discount: '' },
    ]);
  });

  it('places a lines.N error on the Nth line sent, not the Nth line of the sheet', async () => {
    mockBackend((cmd, args) => {
      if (cmd === 'stock_facets') return { categories: [], publishers: [], bins: [] };
      if (cmd === 'stock_list') return { total: 3, rows: [A1, A2, B1] };
      if (cmd === 'title_scan') return { isbn: args.text, titles: ALL.filter((t) => t.isbn === args.text) };
      if (cmd === 'stock_stocktake') throw { code: 'quantity_invalid', message: 'bad', field: 'lines.1.quantity' };
      throw new Error(cmd);
    });
    render(Documents);
    openEditor('stocktake');
    await fireEvent.click(await screen.findByTestId('load-sheet'));
    await waitFor(() => expect(sheet()).toHaveLength(3));
    const inputs = screen.getAllByTestId('count-input');
    await fireEvent.input(inputs[0], { target: { value: '4' } });
    await fireEvent.input(inputs[2], { target: { value: 'x' } });
    await fireEvent.input(screen.getByTestId('stocktake-reason'), { target: { value: '盘点' } });
    await postConfirmed();
    await screen.findByTestId('line-error');
    const rows = screen.getAllByTestId('count-line');
    expect(rows.map((r) => r.getAttribute('data-error'))).toEqual([null, null, 'true']);
    expect(screen.getByTestId('stocktake')).toBeTruthy();
  });

  it('asks which price when a scanned ISBN has several', async () => {
    await start();
    await scan(P1.isbn);
    await screen.findByTestId('price-picker');
    await fireEvent.keyDown(screen.getByTestId('scan-input'), { key: '2' });
    await waitFor(() => expect(sheet()).toEqual([{ isbn: P2.isbn, id: 5, counted: '1', diff: '-1' }]));
  });

  it('shows a reason_required error by the reason box', async () => {
    mockBackend((cmd) => {
      if (cmd === 'stock_facets') return { categories: [], publishers: [], bins: [] };
      if (cmd === 'stock_stocktake') throw { code: 'reason_required', message: 'reason', field: 'reason' };
      throw new Error(cmd);
    });
    render(Documents);
    openEditor('stocktake');
    await postConfirmed();
    expect((await screen.findByTestId('error-reason')).textContent).toBe('Enter a reason.');
  });
});
