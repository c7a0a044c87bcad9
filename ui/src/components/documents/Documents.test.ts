import { afterEach, describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import Documents from './Documents.svelte';
import { mockBackend, resetState } from '../../test/fixtures';
import { docs, resetDocs } from '../../lib/documents.svelte';
import { stockDocument, summary, title } from '../../lib/documentsTestData';

const stockTitle = title(1);
import type { DocumentQuery } from '../../lib/bindings';

const ROWS = [
  summary('PR-20260303-0002', { reverses: 'PR-20260302-0001', copies: -3, net_total_fen: -8100 }),
  summary('ST-20260302-0001', { kind: 'stocktake', supplier: null, reason: '年终盘点' }),
  summary('PR-20260302-0001', { status: 'reversed', supplier_invoice: '04417788' }),
];

describe('Documents page', () => {
  afterEach(() => {
    resetState();
    resetDocs();
  });

  it('lists posted documents newest first, filters by kind, and opens one with Enter', async () => {
    const calls = mockBackend((cmd, args) => {
      if (cmd === 'stock_documents') {
        const q = args.query as DocumentQuery;
        return q.kind ? ROWS.filter((r) => r.kind === q.kind) : ROWS;
      }
      if (cmd === 'stock_document') return stockDocument(args.number as string, { kind: 'stocktake', supplier: null });
      throw new Error(cmd);
    });
    render(Documents);
    await waitFor(() => expect(screen.getAllByTestId('doc-row')).toHaveLength(3));
    const rows = screen.getAllByTestId('doc-row');
    expect(rows.map((r) => r.getAttribute('data-number'))).toEqual(ROWS.map((r) => r.number));
    expect(rows[0].textContent).toContain('Reverses PR-20260302-0001');
    expect(rows[1].textContent).toContain('Stocktake');
    expect(rows[2].textContent).toContain('Reversed');
    expect(rows[2].textContent).toContain('¥135.00');
    // a receipt's supplier invoice number has its own column
    expect(rows.map((r) => r.querySelector('[data-testid="doc-row-invoice"]')!.textContent)).toEqual(['', '', '04417788']);
    expect(calls[0].args.query).toEqual({ kind: '', supplier_id: null, limit: 100, offset: 0 });

    await fireEvent.change(screen.getByTestId('doc-kind-filter'), { target: { value: 'stocktake' } });
    await waitFor(() => expect(screen.getAllByTestId('doc-row')).toHaveLength(1));
    expect(calls.filter((c) => c.cmd === 'stock_documents').slice(-1)[0].args.query).toEqual({ kind: 'stocktake', supplier_id: null, limit: 100, offset: 0 });

    await fireEvent.keyDown(screen.getByTestId('doc-list'), { key: 'Enter' });
    await screen.findByTestId('document-view');
    expect(calls.find((c) => c.cmd === 'stock_document')!.args).toEqual({ number: 'ST-20260302-0001' });
    await fireEvent.keyDown(window, { key: 'Escape' });
    await waitFor(() => expect(screen.getAllByTestId('doc-row')).toHaveLength(1));
  });

  it('names opening stock and write-offs in the list and offers them in the kind filter', async () => {
    const rows = [
      summary('WO-20260303-0001', { kind: 'write_off', supplier: null, reason: '水渍' }),
      summary('OB-20260301-0001', { kind: 'opening', supplier: null }),
    ];
    const calls = mockBackend((cmd, args) => {
      if (cmd === 'stock_documents') {
        const q = args.query as DocumentQuery;
        return q.kind ? rows.filter((r) => r.kind === q.kind) : rows;
      }
      throw new Error(cmd);
    });
    render(Documents);
    await waitFor(() => expect(screen.getAllByTestId('doc-row')).toHaveLength(2));
    const shown = screen.getAllByTestId('doc-row');
    expect(shown[0].textContent).toContain('Write-off');
    expect(shown[1].textContent).toContain('Opening stock');
    const filter = screen.getByTestId('doc-kind-filter') as HTMLSelectElement;
    const options = [...filter.options].map((o) => [o.value, o.textContent]);
    expect(options).toContainEqual(['opening', 'Opening stock']);
    expect(options).toContainEqual(['write_off', 'Write-off']);
    await fireEvent.change(filter, { target: { value: 'write_off' } });
    await waitFor(() => expect(screen.getAllByTestId('doc-row')).toHaveLength(1));
    expect(calls.filter((c) => c.cmd === 'stock_documents').slice(-1)[0].args.query).toEqual({ kind: 'write_off', supplier_id: null, limit: 100, offset: 0 });
  });

  it('opens the editors from the buttons and leaves an empty one with Esc at once', async () => {
    mockBackend((cmd) => {
      if (cmd === 'stock_documents') return [];
      if (cmd === 'suppliers_list') return [];
      if (cmd === 'stock_facets') return { categories: [], publishers: [], bins: [] };
      throw new Error(cmd);
    });
    render(Documents);
    await fireEvent.click(screen.getByTestId('new-stocktake'));
    await screen.findByTestId('stocktake');
    await fireEvent.keyDown(window, { key: 'Escape' });
    await waitFor(() => expect(docs.screen.name).toBe('list'));
    expect(screen.queryByTestId('confirm-discard')).toBeNull();
    await fireEvent.click(screen.getByTestId('new-return'));
    const editor = await screen.findByTestId('document-editor');
    expect(editor.getAttribute('data-kind')).toBe('supplier_return');
    expect(screen.getByTestId('doc-reason')).toBeTruthy();
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Return to supplier');
  });
});

describe('Documents drafts', () => {
  afterEach(() => {
    resetState();
    resetDocs();
  });

  it('keeps the lines of an open receipt across a visit to another section', async () => {
    mockBackend((cmd, args) => {
      if (cmd === 'suppliers_list') return [];
      if (cmd === 'stock_documents') return [];
      if (cmd === 'title_scan') return { isbn: args.text, titles: [stockTitle] };
      throw new Error(cmd);
    });
    const first = render(Documents);
    await fireEvent.click(screen.getByTestId('new-receipt'));
    await screen.findByTestId('supplier-form');
    await fireEvent.click(screen.getByTestId('cancel-supplier'));
    const input = screen.getByTestId('scan-input');
    await fireEvent.input(input, { target: { value: stockTitle.isbn } });
    await fireEvent.keyDown(input, { key: 'Enter' });
    await waitFor(() => expect(screen.getAllByTestId('doc-line')).toHaveLength(1));
    first.unmount(); // the user opens another section
    render(Documents);
    expect(screen.getAllByTestId('doc-line')).toHaveLength(1);
    await waitFor(() => expect(docs.modals).toBe(1)); // the supplier form opened again: there are still no suppliers
  });
});
