import { emit } from '@tauri-apps/api/event';
import { afterEach, describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import App from './App.svelte';
import { en, zhCN } from './lib/i18n';
import { customer, mockBackend, resetState, status, emptyAccount } from './test/fixtures';

describe('App', () => {
  afterEach(resetState);

  it.each([
    ['db_corrupt', en.fatal_db_corrupt],
    ['db_too_new', en.fatal_db_too_new],
    ['db_locked', en.fatal_db_locked],
    ['something_else', en.fatal_generic],
  ])('shows the fatal error screen for %s', async (code, text) => {
    mockBackend(() =>
      status({ error: { code, message: 'sqlite says no' }, db_path: '/data/folio.sqlite' }),
    );
    render(App);
    const page = await screen.findByTestId('fatal-error');
    expect(page.getAttribute('data-code')).toBe(code);
    expect(page.textContent).toContain(text);
    expect(page.textContent).toContain('sqlite says no');
    expect(page.textContent).toContain('/data/folio.sqlite');
    expect(screen.queryByRole('navigation')).toBeNull();
  });

  it('shows the fatal screen translated when the saved language is Chinese', async () => {
    mockBackend(() => status({ language: 'zh-CN', error: { code: 'db_locked', message: 'locked' } }));
    render(App);
    const page = await screen.findByTestId('fatal-error');
    expect(page.textContent).toContain(zhCN.fatal_db_locked);
  });

  it('starts in the saved language and switches language in Settings', async () => {
    const calls = mockBackend((cmd) => (cmd === 'app_status' ? status({ language: 'en' }) : null));
    render(App);
    await screen.findByRole('navigation');
    expect(screen.getByTestId('nav-customers').textContent).toContain('Customers');
    await fireEvent.click(screen.getByTestId('nav-settings'));
    expect(screen.getByTestId('db-path').textContent).toBe(status().db_path);

    const select = screen.getByTestId('language-select') as HTMLSelectElement;
    expect([...select.options].map((o) => o.value)).toEqual(['en', 'zh-CN']);
    select.value = 'zh-CN';
    await fireEvent.change(select);

    expect(screen.getByTestId('nav-customers').textContent).toContain('客户');
    expect(screen.getByTestId('nav-catalogue').textContent).toContain('书目与库存');
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('设置');
    expect(document.documentElement.lang).toBe('zh-CN');
    await waitFor(() =>
      expect(calls.filter((c) => c.cmd === 'set_language')).toEqual([
        { cmd: 'set_language', args: { language: 'zh-CN' } },
      ]),
    );
  });

  it('uses AppStatus.language for the first screen', async () => {
    mockBackend(() => status({ language: 'zh-CN' }));
    render(App);
    await screen.findByRole('navigation');
    expect(screen.getByTestId('nav-today').textContent).toContain('今日');
    expect(screen.getByTestId('nav-reports').textContent).toContain('报表');
  });

  it('offers sample data on first run and loads it as a job with progress', async () => {
    let count = 0;
    const calls = mockBackend((cmd) => {
      if (cmd === 'app_status') return status({ customer_count: count });
      if (cmd === 'sample_start') {
        // The backend answers with the job's id, then reports progress and the end as events.
        setTimeout(() => void emit('job', { id: 1, kind: 'sample', state: 'running', done: 120, total: 300, error: null }), 0);
        return { id: 1 };
      }
      return null;
    });
    render(App);
    await fireEvent.click(await screen.findByTestId('load-sample'));
    const progress = await screen.findByTestId('sample-progress');
    await waitFor(() => expect(progress.textContent).toContain('120 of 300'));
    expect(screen.getByTestId('sample-progress').querySelector('progress')?.value).toBe(120);
    count = 500;
    await emit('job', { id: 1, kind: 'sample', state: 'done', done: 300, total: 300, error: null });
    await waitFor(() => expect(screen.getByTestId('customer-count').textContent).toContain('500'));
    expect(calls.filter((c) => c.cmd === 'sample_start')).toHaveLength(1);
    expect(screen.queryByTestId('load-sample')).toBeNull();
    expect(screen.queryByTestId('sample-progress')).toBeNull();
  });

  it('cancels the sample data job and says that nothing was added', async () => {
    const calls = mockBackend((cmd, args) => {
      if (cmd === 'app_status') return status({ customer_count: 0 });
      if (cmd === 'sample_start') return { id: 7 };
      if (cmd === 'job_cancel') {
        setTimeout(() => void emit('job', { id: args.id, kind: 'sample', state: 'cancelled', done: 40, total: 300, error: null }), 0);
        return null;
      }
      return null;
    });
    render(App);
    await fireEvent.click(await screen.findByTestId('load-sample'));
    await fireEvent.click(await screen.findByTestId('sample-cancel'));
    expect(await screen.findByTestId('sample-cancelled')).toBeTruthy();
    expect(calls.filter((c) => c.cmd === 'job_cancel')).toEqual([{ cmd: 'job_cancel', args: { id: 7 } }]);
    expect(screen.queryByTestId('sample-progress')).toBeNull();
    // Still the first run: the database is as it was, so the button is offered again.
    expect((screen.getByTestId('load-sample') as HTMLButtonElement).disabled).toBe(false);
  });

  it('shows why the sample data job failed', async () => {
    mockBackend((cmd) => {
      if (cmd === 'app_status') return status({ customer_count: 0 });
      if (cmd === 'sample_start') {
        setTimeout(() => void emit('job', { id: 2, kind: 'sample', state: 'failed', done: 0, total: 300,
          error: { code: 'demo_not_empty', message: 'not empty' } }), 0);
        return { id: 2 };
      }
      return null;
    });
    render(App);
    await fireEvent.click(await screen.findByTestId('load-sample'));
    expect((await screen.findByTestId('load-sample-error')).textContent).toBe(en.err_demo_not_empty);
  });

  it('shows a calm placeholder for sections not built yet', async () => {
    mockBackend(() => status());
    render(App);
    await fireEvent.click(await screen.findByTestId('nav-reports'));
    expect(screen.getByTestId('later-reports').textContent).toContain(en.later_title);
  });

  it('opens a new customer form with Ctrl+N and closes it with Esc', async () => {
    mockBackend(() => status());
    render(App);
    await screen.findByRole('navigation');
    await fireEvent.keyDown(window, { key: 'n', ctrlKey: true });
    expect(await screen.findByTestId('customer-form')).toBeTruthy();
    await fireEvent.keyDown(window, { key: 'Escape' });
    await waitFor(() => expect(screen.queryByTestId('customer-form')).toBeNull());
  });

  it('Ctrl+F goes to Customers and focuses the search box', async () => {
    mockBackend((cmd) => (cmd === 'app_status' ? status() : { total: 0, offset: 0, rows: [] }));
    render(App);
    await screen.findByRole('navigation');
    await fireEvent.keyDown(window, { key: 'f', ctrlKey: true });
    await waitFor(() => expect(document.activeElement?.id).toBe('customer-search'));
  });

  it('Ctrl+F on the orders list focuses its own search, not the customers’', async () => {
    mockBackend((cmd) => (cmd === 'app_status' ? status() : cmd === 'orders_list' ? [] : { total: 0, offset: 0, rows: [] }));
    render(App);
    await screen.findByRole('navigation');
    await fireEvent.click(screen.getByTestId('nav-orders'));
    await screen.findByTestId('order-search');
    await fireEvent.keyDown(window, { key: 'f', ctrlKey: true });
    await waitFor(() => expect(document.activeElement?.id).toBe('order-search'));
    expect(screen.queryByTestId('page-orders')).not.toBeNull();
  });

  it('Ctrl+N opens a new title on the catalogue and a purchase receipt on the documents page', async () => {
    mockBackend((cmd) => {
      switch (cmd) {
        case 'app_status':
          return status();
        case 'stock_list':
          return { total: 0, rows: [] };
        case 'stock_facets':
          return { categories: [], publishers: [], bins: [] };
        case 'stock_value':
          return { titles: 0, copies: 0, list_value_fen: 0, cost_value_fen: 0 };
        case 'suppliers_list':
        case 'stock_documents':
          return [];
        default:
          return null;
      }
    });
    render(App);
    await fireEvent.click(await screen.findByTestId('nav-catalogue'));
    await fireEvent.keyDown(window, { key: 'n', ctrlKey: true });
    expect(await screen.findByTestId('title-form')).toBeTruthy();
    expect(screen.queryByTestId('customer-form')).toBeNull();
    await fireEvent.keyDown(window, { key: 'Escape' });
    await waitFor(() => expect(screen.queryByTestId('title-form')).toBeNull());
    await fireEvent.click(screen.getByTestId('nav-documents'));
    await fireEvent.keyDown(window, { key: 'n', ctrlKey: true });
    const editor = await screen.findByTestId('document-editor');
    expect(editor.getAttribute('data-kind')).toBe('receipt');
    expect(screen.queryByTestId('customer-form')).toBeNull();
  });

  it('archives a customer after the confirm step', async () => {
    let archived = false;
    const calls = mockBackend((cmd, args) => {
      if (cmd === 'app_status') return status();
      if (cmd === 'customers_list') return { total: 0, offset: 0, rows: [] };
      if (cmd === 'customer_archive') archived = true;
      if (cmd === 'customer_account') return emptyAccount();
      return customer({ id: args.id as number, status: archived ? 'archived' : 'active' });
    });
    render(App);
    await fireEvent.click(await screen.findByTestId('nav-customers'));
    const { app } = await import('./lib/store.svelte');
    app.detailId = 1;
    await fireEvent.click(await screen.findByTestId('archive-customer'));
    expect(calls.some((c) => c.cmd === 'customer_archive')).toBe(false);
    await fireEvent.click(await screen.findByTestId('confirm-archive'));
    await screen.findByTestId('restore-customer');
    expect(calls.filter((c) => c.cmd === 'customer_archive')).toEqual([{ cmd: 'customer_archive', args: { id: 1 } }]);
  });
});
