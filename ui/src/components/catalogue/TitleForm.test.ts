import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import TitleForm from './TitleForm.svelte';
import { mockBackend, resetState, sleep } from '../../test/fixtures';
import type { Supplier, Title, TitleInput } from '../../lib/bindings';
import { en } from '../../lib/i18n';

const SUPPLIERS: Supplier[] = [
  { id: 1, name: '人民文学出版社发行部', contact: '', phone: '', email: '', default_discount_bp: 6000, payment_terms_days: 60, notes: '' },
  { id: 2, name: '新华书店总店', contact: '', phone: '', email: '', default_discount_bp: 6200, payment_terms_days: 30, notes: '' },
];

function title(overrides: Partial<Title> = {}): Title {
  return {
    id: 9,
    isbn: '9787020002207',
    list_price_fen: 5990,
    title: '红楼梦',
    subtitle: '',
    authors: '曹雪芹',
    translator: '',
    publisher: '人民文学出版社',
    edition: '第3版',
    pub_date: '2008-07',
    category_code: 'I242',
    category_name: '古典小说',
    binding: '平装',
    format: '16开',
    language: '中文',
    tags: ['经典', '名著'],
    bin: 'A-01',
    reorder_point: 5,
    supplier: '人民文学出版社发行部',
    quantity: 12,
    ...overrides,
  };
}

function field(name: string): HTMLInputElement | HTMLSelectElement {
  return screen.getByTestId('title-form').querySelector(`[name="${name}"]`)!;
}

async function type(name: string, value: string) {
  await fireEvent.input(field(name), { target: { value } });
}

describe('TitleForm', () => {
  afterEach(resetState);

  it('creates a title with the typed fields', async () => {
    const calls = mockBackend((cmd, args) => {
      if (cmd === 'suppliers_list') return SUPPLIERS;
      if (cmd === 'title_create') return title({ id: 77, isbn: (args.input as TitleInput).isbn });
      throw new Error(cmd);
    });
    const onsaved = vi.fn();
    const oncancel = vi.fn();
    render(TitleForm, { onsaved, oncancel });
    await waitFor(() => expect(document.activeElement).toBe(field('isbn')));
    await waitFor(() => expect((field('supplier') as HTMLSelectElement).options.length).toBe(3));

    await type('isbn', '978-7-02-000220-7');
    await type('list_price', '59.90');
    await type('title', '  红楼梦 ');
    await type('authors', '曹雪芹');
    await type('publisher', '人民文学出版社');
    await type('category_code', 'I242');
    await type('category_name', '古典小说');
    await type('tags', '经典，名著, 经典');
    await type('bin', 'A-01');
    await type('reorder_point', '5');
    await fireEvent.change(field('supplier'), { target: { value: '新华书店总店' } });
    await fireEvent.click(screen.getByTestId('save-title'));

    await waitFor(() => expect(onsaved).toHaveBeenCalledTimes(1));
    expect(onsaved.mock.calls[0][0].id).toBe(77);
    expect(oncancel).not.toHaveBeenCalled();
    const input = calls.find((c) => c.cmd === 'title_create')!.args.input as TitleInput;
    expect(input).toEqual({
      isbn: '978-7-02-000220-7',
      list_price: '59.90',
      title: '红楼梦',
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
      tags: ['经典', '名著'],
      bin: 'A-01',
      reorder_point: '5',
      supplier: '新华书店总店',
    });
  });

  it('shows an inline error for the field and stays open', async () => {
    const calls = mockBackend((cmd) => {
      if (cmd === 'suppliers_list') return [];
      if (cmd === 'title_create') throw { code: 'isbn_invalid', message: 'ISBN "123" is not valid', field: 'isbn' };
      throw new Error(cmd);
    });
    const onsaved = vi.fn();
    render(TitleForm, { isbn: '123', onsaved, oncancel: () => {} });
    // ISBN given: focus goes to the title
    await waitFor(() => expect(document.activeElement).toBe(field('title')));
    expect((field('isbn') as HTMLInputElement).value).toBe('123');
    await type('title', '围城');
    // Enter in a field saves
    await fireEvent.keyDown(field('title'), { key: 'Enter' });
    const err = await screen.findByTestId('error-isbn');
    expect(err.textContent).toBe(en.err_isbn_invalid);
    expect(screen.getByTestId('title-form')).toBeTruthy();
    expect(onsaved).not.toHaveBeenCalled();
    expect(field('isbn').getAttribute('aria-invalid')).toBe('true');
    await waitFor(() => expect(document.activeElement).toBe(field('isbn')));
    expect((calls.find((c) => c.cmd === 'title_create')!.args.input as TitleInput).isbn).toBe('123');
    // the error goes when the field is changed
    await type('isbn', '9787020002207');
    expect(screen.queryByTestId('error-isbn')).toBeNull();
  });

  it('shows an error without a field at the top', async () => {
    mockBackend((cmd) => {
      if (cmd === 'suppliers_list') return [];
      throw { code: 'db_error', message: 'disk I/O error' };
    });
    render(TitleForm, { onsaved: () => {}, oncancel: () => {} });
    await fireEvent.keyDown(field('isbn'), { key: 'Enter', ctrlKey: true });
    expect((await screen.findByTestId('title-form-error')).textContent).toBe(en.err_db_error);
  });

  it('disables Save while saving', async () => {
    let release: (t: Title) => void = () => {};
    const calls = mockBackend((cmd) => {
      if (cmd === 'suppliers_list') return [];
      return new Promise<Title>((r) => (release = r));
    });
    const onsaved = vi.fn();
    render(TitleForm, { onsaved, oncancel: () => {} });
    const save = screen.getByTestId('save-title') as HTMLButtonElement;
    await fireEvent.click(save);
    await waitFor(() => expect(save.disabled).toBe(true));
    await fireEvent.click(save);
    await sleep(10);
    expect(calls.filter((c) => c.cmd === 'title_create')).toHaveLength(1);
    release(title());
    await waitFor(() => expect(onsaved).toHaveBeenCalledTimes(1));
  });

  it('edits: ISBN and list price are read-only and title_update is called', async () => {
    const calls = mockBackend((cmd, args) => {
      if (cmd === 'suppliers_list') return SUPPLIERS;
      if (cmd === 'title_update') return title({ title: (args.input as TitleInput).title });
      throw new Error(cmd);
    });
    const onsaved = vi.fn();
    render(TitleForm, { title: title(), onsaved, oncancel: () => {} });
    expect(screen.getByTestId('title-form').getAttribute('data-mode')).toBe('edit');
    const isbn = field('isbn') as HTMLInputElement;
    const price = field('list_price') as HTMLInputElement;
    expect(isbn.readOnly).toBe(true);
    expect(price.readOnly).toBe(true);
    expect(isbn.value).toBe('9787020002207');
    expect(price.value).toBe('59.90');
    expect((field('tags') as HTMLInputElement).value).toBe('经典, 名著');
    await waitFor(() => expect(document.activeElement).toBe(field('title')));
    await waitFor(() => expect((field('supplier') as HTMLSelectElement).value).toBe('人民文学出版社发行部'));

    await type('title', '红楼梦（校注本）');
    await type('reorder_point', '8');
    await fireEvent.keyDown(field('reorder_point'), { key: 'Enter', ctrlKey: true });
    await waitFor(() => expect(onsaved).toHaveBeenCalledTimes(1));
    expect(calls.some((c) => c.cmd === 'title_create')).toBe(false);
    const call = calls.find((c) => c.cmd === 'title_update')!;
    expect(call.args.id).toBe(9);
    const input = call.args.input as TitleInput;
    expect(input.isbn).toBe('9787020002207');
    expect(input.list_price).toBe('59.90');
    expect(input.title).toBe('红楼梦（校注本）');
    expect(input.reorder_point).toBe('8');
    expect(input.tags).toEqual(['经典', '名著']);
    expect(input.supplier).toBe('人民文学出版社发行部');
  });

  it('Esc cancels and does not reach other handlers', async () => {
    mockBackend(() => []);
    const oncancel = vi.fn();
    const outer = vi.fn();
    window.addEventListener('keydown', outer);
    try {
      render(TitleForm, { onsaved: () => {}, oncancel });
      await fireEvent.keyDown(field('title'), { key: 'Escape' });
      expect(oncancel).toHaveBeenCalledTimes(1);
      expect(outer).not.toHaveBeenCalled();
    } finally {
      window.removeEventListener('keydown', outer);
    }
  });
});
