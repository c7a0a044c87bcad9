import { afterEach, describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import DocumentEditor from './DocumentEditor.svelte';
import Documents from './Documents.svelte';
import { mockBackend, resetState, sleep, type Call } from '../../test/fixtures';
import { docs, openEditor, resetDocs } from '../../lib/documents.svelte';
import { stockDocument, supplier, title } from '../../lib/documentsTestData';
import type { DocumentInput, Scan, Title } from '../../lib/bindings';
import { scan } from '../../test/scan';

const T1 = title(1, { isbn: '9787532100001', list_price_fen: 1290, title: '活着' });
const T2 = title(2, { isbn: '9787532100002', list_price_fen: 4500, title: '许三观卖血记' });
const T3a = title(3, { isbn: '9787020000003', list_price_fen: 3800, title: '围城', edition: '2版' });
const T3b = title(4, { isbn: '9787020000003', list_price_fen: 4200, title: '围城', edition: '3版' });
const CATALOGUE = [T1, T2, T3a, T3b];

/** title_scan as the core answers it, from CATALOGUE. */
function scanOf(text: string): Scan {
  if (/^\d{13}$/.test(text)) {
    if (text.startsWith('97800')) throw { code: 'isbn_invalid', message: 'check digit', field: 'isbn' };
    return { isbn: text, titles: CATALOGUE.filter((t) => t.isbn === text) };
  }
  return { isbn: null, titles: CATALOGUE.filter((t) => t.title.includes(text)) };
}

function backend(extra: (cmd: string, args: Record<string, unknown>) => unknown = () => undefined): Call[] {
  return mockBackend(async (cmd, args) => {
    const r = await extra(cmd, args);
    if (r !== undefined) return r;
    if (cmd === 'suppliers_list') return [supplier(1), supplier(2, { default_discount_bp: 5500 })];
    if (cmd === 'title_scan') return scanOf(args.text as string);
    throw new Error(`unexpected ${cmd}`);
  });
}

function lines() {
  return screen.queryAllByTestId('doc-line').map((r) => ({
    id: Number(r.getAttribute('data-title-id')),
    qty: (r.querySelector('[data-testid="line-qty"]') as HTMLInputElement).value,
  }));
}

async function chooseSupplier(name: string) {
  const select = screen.getByTestId('doc-supplier') as HTMLSelectElement;
  await waitFor(() => expect(select.options.length).toBeGreaterThan(1));
  await fireEvent.change(select, { target: { value: name } });
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

describe('DocumentEditor', () => {
  afterEach(() => {
    resetState();
    resetDocs();
  });

  it('focuses the scan box, clears it at once, and adds one line of qty 2 for two scans of an ISBN', async () => {
    const calls = backend();
    render(DocumentEditor, { kind: 'receipt' });
    const input = screen.getByTestId('scan-input') as HTMLInputElement;
    await waitFor(() => expect(document.activeElement).toBe(input));
    await scan(T1.isbn);
    expect(input.value).toBe('');
    await scan(T1.isbn);
    await waitFor(() => expect(lines()).toEqual([{ id: 1, qty: '2' }]));
    expect(calls.filter((c) => c.cmd === 'title_scan')).toHaveLength(2);
    expect(screen.getByTestId('total-copies').textContent).toBe('2');
    expect(docs.dirty).toBe(true);
  });

  it('reads the copies typed with a scan (8*ISBN, ISBN*3) and Tab goes to the quantity just scanned', async () => {
    backend();
    render(DocumentEditor, { kind: 'receipt' });
    await scan(`8*${T1.isbn}`);
    await waitFor(() => expect(lines()).toEqual([{ id: 1, qty: '8' }]));
    await scan(`${T2.isbn}*3`);
    await scan(`${T1.isbn}x2`);
    await waitFor(() => expect(lines()).toEqual([{ id: 1, qty: '10' }, { id: 2, qty: '3' }]));
    expect(screen.getByTestId('total-copies').textContent).toBe('13');
    const input = screen.getByTestId('scan-input') as HTMLInputElement;
    await fireEvent.keyDown(input, { key: 'Tab' });
    const first = screen.getAllByTestId('doc-line')[0].querySelector('[data-testid="line-qty"]');
    await waitFor(() => expect(document.activeElement).toBe(first));
  });

  it('flags a discount it cannot read on its line at once, and posting goes to it instead of the summary', async () => {
    const calls = backend();
    render(DocumentEditor, { kind: 'receipt' });
    await chooseSupplier('人民文学出版社');
    await scan(T1.isbn);
    await scan(T2.isbn);
    await waitFor(() => expect(lines()).toHaveLength(2));
    const discount = screen.getAllByTestId('line-discount')[1] as HTMLInputElement;
    await fireEvent.input(discount, { target: { value: '六点五' } });
    expect(screen.getByTestId('line-error').textContent).toBe(
      'Line 2: write the discount as 6.5折, 65% or 0.65 (0.1折 to 10折), or leave it blank.',
    );
    expect(discount.getAttribute('aria-invalid')).toBe('true');
    await fireEvent.keyDown(window, { key: 'Enter', ctrlKey: true });
    expect(screen.queryByTestId('post-summary')).toBeNull();
    await waitFor(() => expect(document.activeElement).toBe(discount));
    await fireEvent.input(discount, { target: { value: '六五折' } });
    expect(screen.queryByTestId('line-error')).toBeNull();
    expect(calls.filter((c) => c.cmd.startsWith('stock_'))).toHaveLength(0);
  });

  it('loses and reorders nothing when 20 scans arrive faster than the lookups answer', async () => {
    const many = Array.from({ length: 20 }, (_, i) => title(100 + i, { isbn: `97875000001${String(i).padStart(2, '0')}` }));
    let inFlight = 0;
    let maxInFlight = 0;
    backend(async (cmd, args) => {
      if (cmd !== 'title_scan') return undefined;
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      const i = many.findIndex((t) => t.isbn === args.text);
      await sleep(25 - i); // later scans answer faster
      inFlight -= 1;
      return { isbn: args.text, titles: [many[i]] };
    });
    render(DocumentEditor, { kind: 'receipt' });
    for (const t of many) await scan(t.isbn); // all 20 typed before the first answer
    await waitFor(() => expect(lines()).toHaveLength(20), { timeout: 3000 });
    expect(lines().map((l) => l.id)).toEqual(many.map((t) => t.id));
    expect(maxInFlight).toBe(1);
  });

  it('opens the price picker for an ISBN with several prices; key 2 picks the second, and later scans wait', async () => {
    backend();
    render(DocumentEditor, { kind: 'receipt' });
    await scan(T3a.isbn);
    await scan(T1.isbn); // queued behind the choice
    const picker = await screen.findByTestId('price-picker');
    expect(screen.getAllByTestId('price-option')).toHaveLength(2);
    expect(picker.textContent).toContain('¥42.00');
    await sleep(20);
    expect(lines()).toEqual([]);
    await fireEvent.keyDown(screen.getByTestId('scan-input'), { key: '2' });
    await waitFor(() => expect(lines()).toEqual([{ id: 4, qty: '1' }, { id: 1, qty: '1' }]));
    expect(screen.queryByTestId('price-picker')).toBeNull();
  });

  it('picks a price with the arrows and Enter', async () => {
    backend();
    render(DocumentEditor, { kind: 'receipt' });
    await scan(T3a.isbn);
    await screen.findByTestId('price-picker');
    const input = screen.getByTestId('scan-input');
    await fireEvent.keyDown(input, { key: 'ArrowDown' });
    await fireEvent.keyDown(input, { key: 'ArrowDown' });
    await fireEvent.keyDown(input, { key: 'Enter' });
    await waitFor(() => expect(lines()).toEqual([{ id: 3, qty: '1' }]));
  });

  it('shows an invalid ISBN under the box and keeps going with the queue', async () => {
    backend();
    render(DocumentEditor, { kind: 'receipt' });
    await scan('9780000000001');
    await scan(T2.isbn);
    const err = await screen.findByTestId('scan-error');
    expect(err.textContent).toContain('9780000000001');
    await waitFor(() => expect(lines()).toEqual([{ id: 2, qty: '1' }]));
  });

  it('offers Add title for an ISBN not on file and adds the new item as a line', async () => {
    const created: Title = title(9, { isbn: '9787111111116', title: '新书', list_price_fen: 5900 });
    const calls = backend((cmd) => (cmd === 'title_create' ? created : undefined));
    render(DocumentEditor, { kind: 'receipt' });
    await scan('9787111111116');
    await fireEvent.click(await screen.findByTestId('add-title'));
    const form = await screen.findByTestId('title-form');
    expect((form.querySelector('[name="isbn"]') as HTMLInputElement).value).toBe('9787111111116');
    expect(docs.modals).toBe(1);
    await fireEvent.click(screen.getByTestId('save-title'));
    await waitFor(() => expect(lines()).toEqual([{ id: 9, qty: '1' }]));
    expect((calls.find((c) => c.cmd === 'title_create')!.args.input as { isbn: string }).isbn).toBe('9787111111116');
    expect(screen.queryByTestId('title-form')).toBeNull();
    expect(docs.modals).toBe(0);
  });

  it('skips an unknown ISBN with Esc', async () => {
    backend();
    render(DocumentEditor, { kind: 'receipt' });
    await scan('9787111111116');
    await screen.findByTestId('add-title');
    await scan(T1.isbn);
    await fireEvent.keyDown(screen.getByTestId('scan-input'), { key: 'Escape' });
    await waitFor(() => expect(lines()).toEqual([{ id: 1, qty: '1' }]));
    expect(screen.queryByTestId('add-title')).toBeNull();
  });

  it('lists search results for text and adds the one picked', async () => {
    backend();
    render(DocumentEditor, { kind: 'receipt' });
    await scan('围城');
    await screen.findByTestId('scan-results');
    expect(screen.getAllByTestId('scan-result')).toHaveLength(2);
    await fireEvent.click(screen.getAllByTestId('scan-result')[1]);
    await waitFor(() => expect(lines()).toEqual([{ id: 4, qty: '1' }]));
  });

  it('posts the right DocumentInput and shows the posted document', async () => {
    const calls = backend((cmd) =>
      cmd === 'stock_receive' ? stockDocument('PR-20260302-0007', { below_zero: [] }) : undefined,
    );
    render(Documents);
    openEditor('receipt');
    await screen.findByTestId('document-editor');
    await chooseSupplier('人民文学出版社');
    await scan(T1.isbn);
    await scan(T2.isbn);
    await waitFor(() => expect(lines()).toHaveLength(2));
    const qty = screen.getAllByTestId('line-qty')[0];
    await fireEvent.input(qty, { target: { value: '5' } });
    const disc = screen.getAllByTestId('line-discount');
    expect((disc[1] as HTMLInputElement).placeholder).toBe('6折');
    await fireEvent.input(disc[0], { target: { value: '6.5折' } });
    // live figures: 12.90 × 5 at 6.5折 = ¥41.93; 45.00 × 1 at the supplier's 6折 = ¥27.00
    expect(screen.getAllByTestId('line-net').map((e) => e.textContent)).toEqual(['¥41.93', '¥27.00']);
    expect(screen.getByTestId('total-net').textContent).toBe('¥68.93');
    expect(screen.getByTestId('total-list').textContent).toBe('¥109.50');

    await postConfirmed();
    const view = await screen.findByTestId('document-view');
    expect(screen.getByTestId('doc-number').textContent).toBe('PR-20260302-0007');
    expect(view.textContent).toContain('Purchase receipt');
    const posted = calls.filter((c) => c.cmd === 'stock_receive');
    expect(posted).toHaveLength(1);
    expect(posted[0].args.input as DocumentInput).toEqual({
      supplier: '人民文学出版社',
      reason: '',
      invoice: '',
      invoice_date: '',
      lines: [
        { title_id: 1, quantity: '5', discount: '6.5折' },
        { title_id: 2, quantity: '1', discount: '' },
      ],
    });
    expect(screen.queryByTestId('below-zero-warning')).toBeNull();
  });

  it('sends the supplier invoice number and date of a receipt, shows them to confirm, and puts an invoice error on its field', async () => {
    let refuse = true;
    const calls = backend((cmd) => {
      if (cmd !== 'stock_receive') return undefined;
      if (refuse) {
        refuse = false;
        throw { code: 'date_invalid', message: 'invoice_date: not a date', field: 'invoice_date' };
      }
      return stockDocument('PR-20260302-0008', { supplier_invoice: '04417788', supplier_invoice_date: '2026-02-27' });
    });
    render(Documents);
    openEditor('receipt');
    await screen.findByTestId('document-editor');
    await chooseSupplier('人民文学出版社');
    await scan(T1.isbn);
    await waitFor(() => expect(lines()).toHaveLength(1));
    await fireEvent.input(screen.getByTestId('doc-invoice'), { target: { value: '04417788' } });
    await fireEvent.input(screen.getByTestId('doc-invoice-date'), { target: { value: '2026-02-30' } });
    await postConfirmed();
    const err = await screen.findByTestId('error-invoice-date');
    expect(err.textContent).toBe('Write the date as YYYY-MM-DD.');
    expect(document.activeElement).toBe(screen.getByTestId('doc-invoice-date'));
    await fireEvent.input(screen.getByTestId('doc-invoice-date'), { target: { value: '2026-02-27' } });
    expect(screen.queryByTestId('error-invoice-date')).toBeNull();
    await fireEvent.click(screen.getByTestId('post-document'));
    expect((await screen.findByTestId('summary-invoice')).textContent).toContain('04417788 · 2026-02-27');
    await fireEvent.click(screen.getByTestId('post-confirm'));
    await screen.findByTestId('document-view');
    expect(screen.getByTestId('doc-invoice-text').textContent).toBe('04417788 · 2026-02-27');
    const sent = calls.filter((c) => c.cmd === 'stock_receive').map((c) => c.args.input as DocumentInput);
    expect(sent.map((i) => [i.invoice, i.invoice_date])).toEqual([
      ['04417788', '2026-02-30'],
      ['04417788', '2026-02-27'],
    ]);
  });

  it('fills in a blank receipt supplier from the first book\'s preferred supplier, and never overrides one chosen', async () => {
    const own = title(5, { isbn: '9787532100005', title: '文城', supplier: '供应商 2' });
    backend((cmd, args) => (cmd === 'title_scan' && args.text === own.isbn ? { isbn: own.isbn, titles: [own] } : undefined));
    const { unmount } = render(DocumentEditor, { kind: 'receipt' });
    const select = screen.getByTestId('doc-supplier') as HTMLSelectElement;
    await waitFor(() => expect(select.options.length).toBe(3));
    expect(select.value).toBe('');
    await scan(own.isbn);
    await waitFor(() => expect(lines()).toHaveLength(1));
    expect(select.value).toBe('供应商 2');
    expect(screen.getByTestId('supplier-default').textContent).toContain('5.5折');
    unmount();
    resetDocs();
    render(DocumentEditor, { kind: 'receipt' });
    await chooseSupplier('人民文学出版社');
    await scan(own.isbn);
    await waitFor(() => expect(lines()).toHaveLength(1));
    expect((screen.getByTestId('doc-supplier') as HTMLSelectElement).value).toBe('人民文学出版社');
  });

  it('posts with Ctrl+Enter and warns about items now below zero', async () => {
    const calls = backend((cmd) =>
      cmd === 'stock_return' ? stockDocument('RS-20260302-0001', { kind: 'supplier_return', below_zero: ['9787532100001'] }) : undefined,
    );
    render(Documents);
    openEditor('supplier_return');
    await screen.findByTestId('document-editor');
    await chooseSupplier('供应商 2');
    await fireEvent.input(screen.getByTestId('doc-reason'), { target: { value: '破损' } });
    await scan(T1.isbn);
    await waitFor(() => expect(lines()).toHaveLength(1));
    await postConfirmed('keys');
    const warning = await screen.findByTestId('below-zero-warning');
    expect(warning.textContent).toContain('9787532100001');
    expect(calls.find((c) => c.cmd === 'stock_return')!.args.input).toEqual({
      supplier: '供应商 2',
      reason: '破损',
      invoice: '',
      invoice_date: '',
      lines: [{ title_id: 1, quantity: '1', discount: '' }],
    });
  });

  it('marks the second line for a stock_negative error on lines.1 and keeps everything', async () => {
    backend((cmd) => {
      if (cmd === 'stock_return') throw { code: 'stock_negative', message: 'lines.1: only 0 in stock', field: 'lines.1' };
      return undefined;
    });
    render(DocumentEditor, { kind: 'supplier_return' });
    await chooseSupplier('人民文学出版社');
    await scan(T1.isbn);
    await scan(T2.isbn);
    await waitFor(() => expect(lines()).toHaveLength(2));
    await postConfirmed();
    const rows = screen.getAllByTestId('doc-line');
    await waitFor(() => expect(rows[1].getAttribute('data-error')).toBe('true'));
    expect(rows[0].getAttribute('data-error')).toBeNull();
    const msg = screen.getByTestId('line-error');
    expect(msg.textContent).toContain('Line 2');
    expect(screen.getByRole('table').querySelectorAll('tbody tr')).toHaveLength(2);
    expect(msg.textContent).toContain('Not enough stock');
    expect(lines()).toEqual([{ id: 1, qty: '1' }, { id: 2, qty: '1' }]);
    expect(document.activeElement).toBe(rows[1].querySelector('[data-testid="line-qty"]'));
  });

  it('shows a supplier error under the supplier select', async () => {
    backend((cmd) => {
      if (cmd === 'stock_receive') throw { code: 'supplier_unknown', message: 'choose a supplier', field: 'supplier' };
      return undefined;
    });
    render(DocumentEditor, { kind: 'receipt' });
    await scan(T1.isbn);
    await waitFor(() => expect(lines()).toHaveLength(1));
    await postConfirmed();
    expect((await screen.findByTestId('error-supplier')).textContent).toBeTruthy();
    expect(screen.queryByTestId('doc-error')).toBeNull();
  });

  it('opens the supplier form when there are no suppliers and selects the new one', async () => {
    const calls = mockBackend((cmd, args) => {
      if (cmd === 'suppliers_list') return [];
      if (cmd === 'supplier_create') {
        const input = args.input as { name: string };
        if (!input.name) throw { code: 'name_required', message: 'name', field: 'name' };
        return supplier(5, { name: input.name, default_discount_bp: 5800 });
      }
      throw new Error(cmd);
    });
    render(DocumentEditor, { kind: 'receipt' });
    const form = await screen.findByTestId('supplier-form');
    await fireEvent.click(screen.getByTestId('save-supplier'));
    expect((await screen.findByTestId('error-name')).textContent).toBe('Enter a name.');
    await fireEvent.input(form.querySelector('[name="name"]')!, { target: { value: '译林出版社' } });
    await fireEvent.input(form.querySelector('[name="discount"]')!, { target: { value: '5.8折' } });
    await fireEvent.click(screen.getByTestId('save-supplier'));
    await waitFor(() => expect(screen.queryByTestId('supplier-form')).toBeNull());
    expect((screen.getByTestId('doc-supplier') as HTMLSelectElement).value).toBe('译林出版社');
    expect(screen.getByTestId('supplier-default').textContent).toContain('5.8折');
    const create = calls.filter((c) => c.cmd === 'supplier_create');
    expect(create[1].args.input).toMatchObject({ name: '译林出版社', discount: '5.8折' });
  });

  it('posts opening stock without a supplier, with the lines\' quantities and discounts', async () => {
    const OWN = title(5, { isbn: '9787532100005', list_price_fen: 2000, title: '兄弟', supplier: '供应商 2' });
    const calls = backend((cmd, args) => {
      if (cmd === 'title_scan' && args.text === OWN.isbn) return { isbn: OWN.isbn, titles: [OWN] };
      if (cmd === 'stock_opening') return stockDocument('OB-20260302-0001', { kind: 'opening', supplier: null });
      return undefined;
    });
    render(Documents);
    await fireEvent.click(screen.getByTestId('new-opening'));
    const editor = await screen.findByTestId('document-editor');
    expect(editor.getAttribute('data-kind')).toBe('opening');
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Opening stock');
    expect(screen.queryByTestId('doc-supplier')).toBeNull();
    expect(screen.getByTestId('doc-reason')).toBeTruthy();
    await waitFor(() => expect(calls.some((c) => c.cmd === 'suppliers_list')).toBe(true));
    await scan(T1.isbn);
    await scan(T1.isbn);
    await scan(OWN.isbn);
    await waitFor(() => expect(lines()).toEqual([{ id: 1, qty: '2' }, { id: 5, qty: '1' }]));
    await fireEvent.input(screen.getAllByTestId('line-qty')[1], { target: { value: '40' } });
    // blank discounts: 6折 for an item without a supplier, the item's supplier's 5.5折 otherwise
    const disc = screen.getAllByTestId('line-discount') as HTMLInputElement[];
    await waitFor(() => expect(disc.map((d) => d.placeholder)).toEqual(['6折', '5.5折']));
    expect(screen.getAllByTestId('line-net').map((e) => e.textContent)).toEqual(['¥15.48', '¥440.00']);
    await fireEvent.input(disc[0], { target: { value: '5折' } });
    await postConfirmed();
    await screen.findByTestId('document-view');
    expect(screen.getByTestId('document-view').textContent).toContain('Opening stock');
    const posted = calls.filter((c) => c.cmd === 'stock_opening');
    expect(posted).toHaveLength(1);
    expect(posted[0].args.input as DocumentInput).toEqual({
      supplier: '',
      reason: '',
      invoice: '',
      invoice_date: '',
      lines: [
        { title_id: 1, quantity: '2', discount: '5折' },
        { title_id: 5, quantity: '40', discount: '' },
      ],
    });
    expect(calls.some((c) => c.cmd === 'stock_receive')).toBe(false);
  });

  it('shows reason_required under the reason of a write-off, then posts the reason and no discount', async () => {
    let attempts = 0;
    const calls = backend((cmd, args) => {
      if (cmd !== 'stock_write_off') return undefined;
      attempts += 1;
      if (!(args.input as DocumentInput).reason) throw { code: 'reason_required', message: 'reason', field: 'reason' };
      return stockDocument('WO-20260302-0001', { kind: 'write_off', supplier: null, reason: '水渍' });
    });
    render(Documents);
    await fireEvent.click(screen.getByTestId('new-write-off'));
    const editor = await screen.findByTestId('document-editor');
    expect(editor.getAttribute('data-kind')).toBe('write_off');
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Write-off');
    expect(screen.queryByTestId('doc-supplier')).toBeNull();
    expect(screen.queryByTestId('line-discount')).toBeNull();
    const reason = screen.getByTestId('doc-reason') as HTMLInputElement;
    expect(reason.closest('label')!.querySelector('.req')).toBeTruthy();
    await scan(T2.isbn);
    await waitFor(() => expect(lines()).toEqual([{ id: 2, qty: '1' }]));
    expect(screen.queryByTestId('line-discount')).toBeNull();
    await fireEvent.input(screen.getByTestId('line-qty'), { target: { value: '3' } });

    await postConfirmed();
    const err = await screen.findByTestId('error-reason');
    expect(err.textContent).toBe('Enter a reason.');
    expect(reason.getAttribute('aria-invalid')).toBe('true');
    expect(screen.queryByTestId('doc-error')).toBeNull();
    await waitFor(() => expect(document.activeElement).toBe(reason));
    expect(lines()).toEqual([{ id: 2, qty: '3' }]);

    await fireEvent.input(reason, { target: { value: ' 水渍 ' } });
    expect(screen.queryByTestId('error-reason')).toBeNull();
    await postConfirmed('keys');
    await screen.findByTestId('document-view');
    expect(screen.getByTestId('document-view').textContent).toContain('Write-off');
    expect(attempts).toBe(2);
    expect(calls.filter((c) => c.cmd === 'stock_write_off')[1].args.input).toEqual({
      supplier: '',
      reason: '水渍',
      invoice: '',
      invoice_date: '',
      lines: [{ title_id: 2, quantity: '3', discount: '' }],
    });
    expect(calls.some((c) => c.cmd === 'suppliers_list')).toBe(false);
  });

  it('marks a quantity of abc at once, on its own line, without adding a row or moving one, and Post goes to it', async () => {
    const calls = backend();
    render(DocumentEditor, { kind: 'receipt' });
    await chooseSupplier('人民文学出版社');
    await scan(T1.isbn);
    await scan(T2.isbn);
    await waitFor(() => expect(lines()).toHaveLength(2));
    const table = screen.getByRole('table');
    const rowsBefore = [...table.querySelectorAll('tbody tr')];
    const qty = screen.getAllByTestId('line-qty') as HTMLInputElement[];
    await fireEvent.input(qty[0], { target: { value: 'abc' } });
    // shown at once, before any post: the line, its input and a message naming the line
    const rows = screen.getAllByTestId('doc-line');
    expect(rows[0].getAttribute('data-error')).toBe('true');
    expect(rows[1].getAttribute('data-error')).toBeNull();
    expect(qty[0].getAttribute('aria-invalid')).toBe('true');
    const msg = screen.getByTestId('line-error');
    expect(msg.textContent).toContain('Line 1');
    expect(msg.textContent).toContain('whole number');
    // the message is below the table, not a row of it: the same rows, in the same order
    expect(table.contains(msg)).toBe(false);
    expect([...table.querySelectorAll('tbody tr')]).toEqual(rowsBefore);
    // the totals leave the line out, and say nothing is wrong with them only once it is fixed
    expect(screen.getByTestId('total-copies').textContent).toBe('1');
    expect(screen.getByTestId('total-net').textContent).toBe('—');

    await fireEvent.click(screen.getByTestId('post-document'));
    expect(screen.queryByTestId('post-summary')).toBeNull();
    expect(document.activeElement).toBe(qty[0]);
    await fireEvent.keyDown(window, { key: 'Enter', ctrlKey: true });
    expect(screen.queryByTestId('post-summary')).toBeNull();
    expect(calls.some((c) => c.cmd === 'stock_receive')).toBe(false);

    await fireEvent.input(qty[0], { target: { value: '8' } });
    expect(screen.queryByTestId('line-error')).toBeNull();
    expect(rows[0].getAttribute('data-error')).toBeNull();
    expect(screen.getByTestId('total-copies').textContent).toBe('9');
  });

  it('shows titles, copies and totals to confirm before posting; Esc goes back with nothing sent', async () => {
    const calls = backend((cmd) => (cmd === 'stock_receive' ? stockDocument('PR-20260302-0008') : undefined));
    render(Documents);
    openEditor('receipt');
    await screen.findByTestId('document-editor');
    await chooseSupplier('人民文学出版社');
    await scan(T1.isbn);
    await waitFor(() => expect(lines()).toHaveLength(1));
    await fireEvent.input(screen.getByTestId('line-qty'), { target: { value: '8' } });
    await fireEvent.keyDown(window, { key: 'Enter', ctrlKey: true });
    const summary = await screen.findByTestId('post-summary');
    expect(summary.closest('[role="alertdialog"]')).toBeTruthy();
    expect(screen.getByRole('heading', { level: 2 }).textContent).toBe('Post this purchase receipt?');
    expect(screen.getByTestId('summary-supplier').textContent).toBe('人民文学出版社');
    expect(screen.getByTestId('summary-titles').textContent).toBe('1');
    expect(screen.getByTestId('summary-copies').textContent).toBe('8');
    expect(screen.getByTestId('summary-list').textContent).toBe('¥103.20');
    // 12.90 × 8 at the supplier's 6折
    expect(screen.getByTestId('summary-net').textContent).toBe('¥61.92');
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('post-confirm')));
    expect(calls.some((c) => c.cmd === 'stock_receive')).toBe(false);

    // Esc closes the summary only: the editor and its lines stay
    await fireEvent.keyDown(document.activeElement!, { key: 'Escape' });
    await waitFor(() => expect(screen.queryByTestId('post-summary')).toBeNull());
    expect(screen.queryByTestId('confirm-discard')).toBeNull();
    expect(lines()).toEqual([{ id: 1, qty: '8' }]);
    expect(calls.some((c) => c.cmd === 'stock_receive')).toBe(false);

    await fireEvent.click(screen.getByTestId('post-document'));
    await fireEvent.click(await screen.findByTestId('post-back'));
    await waitFor(() => expect(screen.queryByTestId('post-summary')).toBeNull());
    expect(calls.some((c) => c.cmd === 'stock_receive')).toBe(false);

    await postConfirmed('keys');
    await screen.findByTestId('document-view');
    const posted = calls.filter((c) => c.cmd === 'stock_receive');
    expect(posted).toHaveLength(1);
    expect((posted[0].args.input as DocumentInput).lines).toEqual([{ title_id: 1, quantity: '8', discount: '' }]);
  });

  it('keeps a draft per kind', async () => {
    backend();
    render(Documents);
    openEditor('write_off');
    await screen.findByTestId('document-editor');
    await scan(T1.isbn);
    await waitFor(() => expect(lines()).toHaveLength(1));
    openEditor('opening');
    await waitFor(() => expect(screen.getByTestId('document-editor').getAttribute('data-kind')).toBe('opening'));
    expect(lines()).toEqual([]);
    openEditor('write_off');
    await waitFor(() => expect(screen.getByTestId('document-editor').getAttribute('data-kind')).toBe('write_off'));
    expect(lines()).toEqual([{ id: 1, qty: '1' }]);
  });

  it('asks before Esc throws lines away', async () => {
    backend();
    render(Documents);
    openEditor('receipt');
    await screen.findByTestId('document-editor');
    await scan(T1.isbn);
    await waitFor(() => expect(lines()).toHaveLength(1));
    await fireEvent.keyDown(window, { key: 'Escape' });
    await screen.findByTestId('confirm-discard');
    await fireEvent.click(screen.getByTestId('discard-no'));
    expect(lines()).toHaveLength(1);
    await fireEvent.keyDown(window, { key: 'Escape' });
    await fireEvent.click(await screen.findByTestId('discard-yes'));
    await waitFor(() => expect(screen.queryByTestId('document-editor')).toBeNull());
    expect(docs.screen.name).toBe('list');
  });
});
