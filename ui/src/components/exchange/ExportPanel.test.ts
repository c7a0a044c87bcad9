import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { emit } from '@tauri-apps/api/event';
import ExportPanel from './ExportPanel.svelte';
import { mockBackend, resetState } from '../../test/fixtures';
import { app } from '../../lib/store.svelte';
import { exportUi } from '../../lib/exchange.svelte';

function reset() {
  resetState();
  exportUi.kind = 'ledger';
  exportUi.month = '';
  exportUi.periodSet = false;
  exportUi.customer = '';
  exportUi.file = 'xlsx';
  exportUi.job = null;
  exportUi.error = null;
}

describe('ExportPanel', () => {
  beforeEach(reset);
  afterEach(reset);

  it('offers last month by the core date, asks where to save, and shows the job to its end', async () => {
    app.coreToday = '2026-12-01';
    const calls = mockBackend((cmd) => {
      if (cmd === 'export_pick') return '/home/u/Documents/Sales ledger 2026-11-01–2026-11-30.xlsx';
      if (cmd === 'export_start') {
        setTimeout(() => void emit('job', { id: 3, kind: 'export', state: 'running', done: 400, total: 1000, error: null, result: null }), 0);
        return { id: 3 };
      }
      return null;
    });
    render(ExportPanel);
    expect((screen.getByTestId('export-from') as HTMLInputElement).value).toBe('2026-11-01');
    expect((screen.getByTestId('export-to') as HTMLInputElement).value).toBe('2026-11-30');
    await fireEvent.click(screen.getByTestId('export-start'));
    const bar = await screen.findByTestId('export-progress');
    await waitFor(() => expect(bar.textContent).toContain('400 of 1,000'));
    expect((screen.getByTestId('export-start') as HTMLButtonElement).disabled).toBe(true);
    const request = { kind: 'ledger', from: '2026-11-01', to: '2026-11-30', customer: '', month: '', layout: null, lang: 'en', file: 'xlsx' };
    expect(calls.find((c) => c.cmd === 'export_pick')?.args).toEqual({ request });
    expect(calls.find((c) => c.cmd === 'export_start')?.args).toEqual({
      request,
      path: '/home/u/Documents/Sales ledger 2026-11-01–2026-11-30.xlsx',
    });
    await emit('job', {
      id: 3, kind: 'export', state: 'done', done: 1000, total: 1000, error: null,
      result: { path: '/home/u/Documents/Sales ledger 2026-11-01–2026-11-30.xlsx', rows: 1000 },
    });
    const done = await screen.findByTestId('export-done');
    expect(done.textContent).toContain('Saved 1,000 rows to /home/u/Documents/Sales ledger');
    expect(screen.queryByTestId('export-progress')).toBeNull();
  });

  it('does nothing when the Save dialog is closed', async () => {
    const calls = mockBackend((cmd) => (cmd === 'export_pick' ? null : null));
    render(ExportPanel);
    await fireEvent.click(screen.getByTestId('export-start'));
    await waitFor(() => expect(calls.some((c) => c.cmd === 'export_pick')).toBe(true));
    expect(calls.some((c) => c.cmd === 'export_start')).toBe(false);
    expect(screen.queryByTestId('export-progress')).toBeNull();
  });

  it('cancels, and says no file was written', async () => {
    const calls = mockBackend((cmd, args) => {
      if (cmd === 'export_pick') return '/tmp/x.xlsx';
      if (cmd === 'export_start') return { id: 9 };
      if (cmd === 'job_cancel') {
        setTimeout(() => void emit('job', { id: args.id, kind: 'export', state: 'cancelled', done: 10, total: 99, error: null, result: null }), 0);
      }
      return null;
    });
    render(ExportPanel);
    await fireEvent.click(screen.getByTestId('export-start'));
    await fireEvent.click(await screen.findByTestId('export-cancel'));
    expect((await screen.findByTestId('export-cancelled')).textContent).toContain('No file was written');
    expect(calls.filter((c) => c.cmd === 'job_cancel')).toEqual([{ cmd: 'job_cancel', args: { id: 9 } }]);
  });

  it("sends the statement's customer and the CSV encoding, and shows the core's refusal", async () => {
    const calls = mockBackend((cmd) => {
      if (cmd === 'export_pick') return '/tmp/s.csv';
      if (cmd === 'export_start') {
        setTimeout(() => void emit('job', { id: 4, kind: 'export', state: 'failed', done: 0, total: 0,
          error: { code: 'period_invalid', message: 'the end of the period is before its start', field: 'to' }, result: null }), 0);
        return { id: 4 };
      }
      return null;
    });
    render(ExportPanel);
    await fireEvent.click(screen.getByTestId('export-kind-statement'));
    const customer = screen.getByTestId('export-customer') as HTMLInputElement;
    await fireEvent.input(customer, { target: { value: 'C0007' } });
    await fireEvent.change(screen.getByTestId('export-file'), { target: { value: 'csv_gbk' } });
    await fireEvent.click(screen.getByTestId('export-start'));
    await screen.findByTestId('export-error');
    expect(calls.find((c) => c.cmd === 'export_start')?.args.request).toMatchObject({
      kind: 'statement',
      customer: 'C0007',
      file: 'csv_gbk',
    });
    expect(screen.getByTestId('export-to').getAttribute('aria-invalid')).toBe('true');
  });

  it("asks for the pack's month, last month by default, and always writes a workbook", async () => {
    app.coreToday = '2026-01-10';
    const calls = mockBackend((cmd) => (cmd === 'export_pick' ? '/tmp/p.xlsx' : cmd === 'export_start' ? { id: 5 } : null));
    exportUi.file = 'csv_gbk';
    render(ExportPanel);
    await fireEvent.click(screen.getByTestId('export-kind-pack'));
    expect((screen.getByTestId('export-month') as HTMLInputElement).value).toBe('2025-12');
    expect(screen.queryByTestId('export-file')).toBeNull();
    expect(screen.queryByTestId('export-from')).toBeNull();
    await fireEvent.click(screen.getByTestId('export-start'));
    await waitFor(() => expect(calls.some((c) => c.cmd === 'export_start')).toBe(true));
    expect(calls.find((c) => c.cmd === 'export_start')?.args.request).toEqual({
      kind: 'pack', from: '', to: '', customer: '', month: '2025-12', layout: null, lang: 'en', file: 'xlsx',
    });
  });

  it('has no period for the customer list', async () => {
    mockBackend(() => null);
    render(ExportPanel);
    await fireEvent.click(screen.getByTestId('export-kind-customers'));
    expect(screen.queryByTestId('export-from')).toBeNull();
  });
});
