import { afterEach, describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import Documents from './Documents.svelte';
import DocumentView from './DocumentView.svelte';
import { mockBackend, resetState, sleep } from '../../test/fixtures';
import { docs, resetDocs, showDocument } from '../../lib/documents.svelte';
import { stockDocument } from '../../lib/documentsTestData';
import { locale } from '../../lib/locale.svelte';

describe('DocumentView', () => {
  afterEach(() => {
    resetState();
    resetDocs();
  });

  it('asks for confirmation, then reverses and shows the reversal', async () => {
    const calls = mockBackend((cmd, args) => {
      if (cmd === 'stock_reverse')
        return stockDocument('PR-20260303-0002', {
          reason: `reverses ${args.number}`,
          lines: [{ ...stockDocument('x').lines[0], quantity: -3, net_fen: -8100 }],
          copies: -3,
        });
      if (cmd === 'stock_documents') return [];
      throw new Error(cmd);
    });
    render(Documents);
    showDocument(stockDocument('PR-20260302-0001'));
    await fireEvent.click(await screen.findByTestId('reverse-document'));
    const confirm = await screen.findByTestId('confirm-reverse');
    await sleep(10);
    expect(calls.filter((c) => c.cmd === 'stock_reverse')).toHaveLength(0);
    await fireEvent.click(confirm);
    await waitFor(() => expect(screen.getByTestId('doc-number').textContent).toBe('PR-20260303-0002'));
    expect(calls.filter((c) => c.cmd === 'stock_reverse').map((c) => c.args)).toEqual([{ number: 'PR-20260302-0001' }]);
    expect(screen.getByTestId('doc-reverses').textContent).toBe('PR-20260302-0001');
    // a reversal cannot be reversed
    expect(screen.queryByTestId('reverse-document')).toBeNull();
    expect(docs.screen.name).toBe('view');
  });

  it('Esc cancels the confirmation without reversing', async () => {
    const calls = mockBackend(() => {
      throw new Error('no call expected');
    });
    render(Documents);
    showDocument(stockDocument('PR-20260302-0001'));
    await fireEvent.click(await screen.findByTestId('reverse-document'));
    await screen.findByTestId('confirm-reverse');
    await fireEvent.keyDown(window, { key: 'Escape' });
    await waitFor(() => expect(screen.queryByTestId('confirm-reverse')).toBeNull());
    expect(screen.getByTestId('document-view')).toBeTruthy();
    expect(calls.filter((c) => c.cmd === 'stock_reverse')).toHaveLength(0);
  });

  it('hides Reverse for a reversed document and shows the translated error of a failed reversal', async () => {
    const { unmount } = render(DocumentView, { doc: stockDocument('PR-1', { status: 'reversed' }) });
    expect(screen.queryByTestId('reverse-document')).toBeNull();
    expect(screen.getByTestId('doc-status').textContent).toBe('Reversed');
    unmount();

    locale.lang = 'zh-CN';
    mockBackend(() => {
      throw { code: 'stock_negative', message: 'line 1: only 0 in stock', field: 'line 1' };
    });
    render(DocumentView, { doc: stockDocument('PR-2') });
    expect(screen.getByTestId('document-view').textContent).toContain('进货单');
    await fireEvent.click(screen.getByTestId('reverse-document'));
    await fireEvent.click(screen.getByTestId('confirm-reverse'));
    expect((await screen.findByTestId('doc-error')).textContent).toContain('库存不足');
  });

  it('shows counted quantities of a stocktake', () => {
    render(DocumentView, {
      doc: stockDocument('ST-1', {
        kind: 'stocktake',
        supplier: null,
        reason: '年终盘点',
        lines: [{ ...stockDocument('x').lines[0], quantity: -2, counted: 1 }],
      }),
    });
    expect(screen.getByTestId('view-counted').textContent).toBe('1');
    expect(screen.getByTestId('view-qty').textContent).toBe('-2');
    expect(screen.getByTestId('doc-reason-text').textContent).toBe('年终盘点');
  });
});
