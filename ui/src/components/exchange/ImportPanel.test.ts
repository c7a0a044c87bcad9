import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { emit } from '@tauri-apps/api/event';
import ImportPanel from './ImportPanel.svelte';
import { mockBackend, resetState } from '../../test/fixtures';
import { chooseKind, importUi } from '../../lib/imports.svelte';
import type { ImportPreview } from '../../lib/bindings';

function preview(over: Partial<ImportPreview> = {}): ImportPreview {
  return {
    kind: 'customers',
    header_row: 1,
    headers: ['客户名称', '电话', '店长'],
    columns: [
      { header: '客户名称', field: 'name', by: 'alias' },
      { header: '电话', field: 'phone', by: 'alias' },
      { header: '店长', field: null, by: 'none' },
    ],
    unknown: ['店长'],
    missing: [],
    rows: 3,
    new: 2,
    updates: 0,
    invalid: 1,
    errors: [{ row: 3, column: '电话', message: 'row 3, 电话: phone "12x" is not a phone number', code: 'phone_invalid' }],
    existing: [{ row: 2, code: 'C0007', name: '成都新华书店', by: 'phone' }],
    fields: [
      { name: 'name', required: true, en: 'Name', zh: '客户名称' },
      { name: 'phone', required: false, en: 'Phone', zh: '电话' },
      { name: 'contact', required: false, en: 'Contact', zh: '联系人' },
    ],
    ...over,
  };
}

/** A backend whose jobs end at once with `result`. */
function jobs(results: Record<string, unknown>) {
  let id = 0;
  return mockBackend((cmd) => {
    if (cmd === 'import_pick') return '/home/u/客户.xlsx';
    if (cmd in results) {
      id += 1;
      const mine = id;
      setTimeout(() => void emit('job', { id: mine, kind: 'import', state: 'done', done: 3, total: 3, error: null, result: results[cmd] }), 0);
      return { id: mine };
    }
    return null;
  });
}

describe('ImportPanel', () => {
  beforeEach(() => {
    resetState();
    chooseKind('customers');
    importUi.skipInvalid = false;
    importUi.update = false;
  });
  afterEach(resetState);

  it('checks the file picked and shows every problem by row and column, refusing a file with a bad row', async () => {
    const calls = jobs({ import_preview_start: preview() });
    render(ImportPanel);
    await fireEvent.click(screen.getByTestId('import-choose'));
    await screen.findByTestId('import-summary');
    expect(screen.getByTestId('import-summary').textContent).toContain('3 rows: 2 new, 0 to update, 1 with problems');
    const problem = screen.getByTestId('import-problem');
    expect(problem.getAttribute('data-row')).toBe('3');
    expect(problem.textContent).toContain('电话');
    expect(problem.textContent).toContain('does not look like a phone');
    expect(screen.getByTestId('import-existing').textContent).toContain('C0007');
    expect((screen.getByTestId('import-start') as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByTestId('import-all-or-nothing')).toBeTruthy();
    expect(calls.find((c) => c.cmd === 'import_preview_start')?.args).toEqual({
      kind: 'customers',
      path: '/home/u/客户.xlsx',
      options: { update: false, skip_invalid: false, mapping: {}, report: null },
    });
  });

  it('imports the good rows when asked to skip the bad ones, and says where the error report is', async () => {
    const calls = jobs({
      import_preview_start: preview(),
      import_start: { kind: 'customers', imported: 2, updated: 0, skipped: 1, refused: false, errors: [], report: '/home/u/客户.errors.xlsx', documents: [] },
    });
    render(ImportPanel);
    await fireEvent.click(screen.getByTestId('import-choose'));
    await screen.findByTestId('import-summary');
    await fireEvent.click(screen.getByTestId('import-skip-invalid'));
    const start = screen.getByTestId('import-start') as HTMLButtonElement;
    expect(start.disabled).toBe(false);
    expect(start.textContent).toContain('Import 2 rows');
    await fireEvent.click(start);
    expect((await screen.findByTestId('import-done')).textContent).toContain('Imported 2 rows');
    expect(screen.getByTestId('import-report').textContent).toContain('客户.errors.xlsx');
    expect(calls.find((c) => c.cmd === 'import_start')?.args.options).toMatchObject({ skip_invalid: true });
  });

  it('gives an unknown column a field and checks the file again with that mapping', async () => {
    const calls = jobs({ import_preview_start: preview({ errors: [], invalid: 0 }) });
    render(ImportPanel);
    await fireEvent.click(screen.getByTestId('import-choose'));
    await screen.findByTestId('import-summary');
    const selects = screen.getAllByTestId('import-column-field') as HTMLSelectElement[];
    expect(selects[2].value).toBe('');
    await fireEvent.change(selects[2], { target: { value: 'contact' } });
    await waitFor(() => expect(calls.filter((c) => c.cmd === 'import_preview_start')).toHaveLength(2));
    expect(calls.filter((c) => c.cmd === 'import_preview_start')[1].args.options).toMatchObject({ mapping: { 店长: 'contact' } });
  });

  it('names the required fields no column gives', async () => {
    jobs({ import_preview_start: preview({ missing: ['name'], errors: [], invalid: 0 }) });
    render(ImportPanel);
    await fireEvent.click(screen.getByTestId('import-choose'));
    expect((await screen.findByTestId('import-missing')).textContent).toContain('Name');
    expect((screen.getByTestId('import-start') as HTMLButtonElement).disabled).toBe(true);
  });
});
