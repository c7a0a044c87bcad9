// The app beside other programs: changes made to the file outside (the shell's `data_changed`),
// damage found after start (`db_damaged`, AppStatus.damage), and a path with no database
// (`db_missing`), as the whole app sees them.
import { emit } from '@tauri-apps/api/event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import App from './App.svelte';
import { en, zhCN } from './lib/i18n';
import { REFRESH_MS } from './lib/outside.svelte';
import { customer, emptyAccount, mockBackend, resetState, sleep, status, summary, type Call } from './test/fixtures';

function codes(): string[] {
  return screen.queryAllByTestId('customer-row').map((r) => r.getAttribute('data-code') ?? '');
}

const count = (calls: Call[], cmd: string) => calls.filter((c) => c.cmd === cmd).length;

/** A backend whose customers (and their names) a test changes, as the CLI would. */
function outsideBackend() {
  const db = { n: 3, name: '新华书店' };
  const calls = mockBackend((cmd, args) => {
    switch (cmd) {
      case 'app_status':
        return status({ customer_count: db.n });
      case 'customers_list':
        return { total: db.n, offset: 0, rows: Array.from({ length: db.n }, (_, i) => summary(i)) };
      case 'customer_get':
        return customer({ id: args.id as number, name: db.name });
      case 'customer_account':
        return emptyAccount();
      default:
        return null;
    }
  });
  return { db, calls };
}

async function openCustomers() {
  render(App);
  await fireEvent.click(await screen.findByTestId('nav-customers'));
  await waitFor(() => expect(codes()).toEqual(['C0001', 'C0002', 'C0003']));
}

describe('changes made outside the app', () => {
  afterEach(resetState);

  it('reloads the customer list, the open customer and the counts, and leaves what is typed alone', async () => {
    const { db, calls } = outsideBackend();
    await openCustomers();
    // the search box holds text not sent yet, the second row is selected, C0001 is open and being edited
    const list = document.getElementById('customer-list') as HTMLElement;
    list.focus();
    await fireEvent.keyDown(list, { key: 'ArrowDown' });
    await fireEvent.keyDown(list, { key: 'ArrowDown' });
    expect(screen.getAllByTestId('customer-row')[1].getAttribute('aria-selected')).toBe('true');
    const { app } = await import('./lib/store.svelte');
    app.detailId = 1;
    await waitFor(() => expect(document.getElementById('customer-detail-title')?.textContent).toBe('新华书店'));
    await fireEvent.click(screen.getByTestId('edit-customer'));
    const form = await screen.findByTestId('customer-form');
    const name = form.querySelector('input[name="name"]') as HTMLInputElement;
    await fireEvent.input(name, { target: { value: '新华书店（杭州）' } });
    const search = document.getElementById('customer-search') as HTMLInputElement;
    search.value = 'xh';
    const before = { list: count(calls, 'customers_list'), get: count(calls, 'customer_get'), status: count(calls, 'app_status') };

    // the CLI adds a customer and renames C0001
    db.n = 4;
    db.name = '博库书城';
    await emit('data_changed', null);

    await waitFor(() => expect(codes()).toEqual(['C0001', 'C0002', 'C0003', 'C0004']));
    await waitFor(() => expect(document.getElementById('customer-detail-title')?.textContent).toBe('博库书城'));
    await waitFor(() => expect(app.status?.customer_count).toBe(4));
    expect(count(calls, 'customers_list')).toBe(before.list + 1);
    expect(count(calls, 'customer_get')).toBe(before.get + 1);
    expect(count(calls, 'app_status')).toBe(before.status + 1);
    // nothing typed is lost, the selection stays, and the form is the same one
    expect(screen.getByTestId('customer-form')).toBe(form);
    expect(name.value).toBe('新华书店（杭州）');
    expect(search.value).toBe('xh');
    expect(screen.getAllByTestId('customer-row')[1].getAttribute('aria-selected')).toBe('true');
  });

  it('turns a burst of events into one reload', async () => {
    const { db, calls } = outsideBackend();
    await openCustomers();
    const { app } = await import('./lib/store.svelte');
    app.detailId = 2;
    await screen.findByTestId('customer-detail');
    await waitFor(() => expect(count(calls, 'customer_account')).toBe(1));
    const before = {
      list: count(calls, 'customers_list'),
      get: count(calls, 'customer_get'),
      account: count(calls, 'customer_account'),
      status: count(calls, 'app_status'),
    };
    db.n = 5;
    for (let i = 0; i < 20; i += 1) await emit('data_changed', null);
    await sleep(REFRESH_MS / 3);
    for (let i = 0; i < 20; i += 1) await emit('data_changed', null);
    await waitFor(() => expect(codes()).toHaveLength(5));
    await sleep(REFRESH_MS * 2);
    expect(count(calls, 'customers_list')).toBe(before.list + 1);
    expect(count(calls, 'customer_get')).toBe(before.get + 1);
    expect(count(calls, 'customer_account')).toBe(before.account + 1);
    expect(count(calls, 'app_status')).toBe(before.status + 1);

    // the next change, after the burst, gives the next reload
    db.n = 6;
    await emit('data_changed', null);
    await waitFor(() => expect(codes()).toHaveLength(6));
    expect(count(calls, 'customers_list')).toBe(before.list + 2);
  });

  it("updates Today's count", async () => {
    const { db } = outsideBackend();
    render(App);
    await waitFor(() => expect(screen.getByTestId('customer-count').textContent).toContain('3'));
    db.n = 12;
    await emit('data_changed', null);
    await waitFor(() => expect(screen.getByTestId('customer-count').textContent).toContain('12'));
  });
});

describe('a damaged file', () => {
  afterEach(resetState);

  it.each([
    ['en', en],
    ['zh-CN', zhCN],
  ] as const)('says so across the app when the status says it (%s)', async (language, dict) => {
    mockBackend((cmd) => (cmd === 'app_status' ? status({ language, damage: 'row 12 missing from index customers_code' }) : null));
    render(App);
    const banner = await screen.findByTestId('damage-banner');
    expect(banner.getAttribute('role')).toBe('alert');
    expect(banner.textContent).toContain(dict.damage_title);
    expect(banner.textContent).toContain(dict.damage_body);
    expect(banner.textContent).toContain('row 12 missing from index customers_code');
    // reads keep working: the app is there under the banner, and stays with it everywhere
    expect(screen.getByTestId('app-ready')).toBeTruthy();
    await fireEvent.click(screen.getByTestId('nav-settings'));
    expect(screen.getByTestId('damage-banner')).toBeTruthy();
  });

  it.each([
    ['en', en],
    ['zh-CN', zhCN],
  ] as const)('shows the banner when the check after start finds damage (%s)', async (language, dict) => {
    mockBackend((cmd) => (cmd === 'app_status' ? status({ language }) : null));
    render(App);
    await screen.findByTestId('app-ready');
    expect(screen.queryByTestId('damage-banner')).toBeNull();
    await emit('db_damaged', { code: 'db_damaged', message: 'database disk image is malformed' });
    const banner = await screen.findByTestId('damage-banner');
    expect(banner.textContent).toContain(dict.damage_title);
    expect(banner.textContent).toContain(dict.damage_body);
    expect(banner.textContent).toContain('database disk image is malformed');
  });

  it('takes what was found from the status, not the English sentence of the event', async () => {
    let damage: string | null = null;
    mockBackend((cmd) => (cmd === 'app_status' ? status({ language: 'zh-CN', damage }) : null));
    render(App);
    await screen.findByTestId('app-ready');
    damage = 'wrong # of entries in index customers_code';
    await emit('db_damaged', { code: 'db_damaged', message: `the database file /x is damaged (${damage}); Folio will not write to it.` });
    const banner = await screen.findByTestId('damage-banner');
    await waitFor(() => expect(banner.textContent).toContain('wrong # of entries in index customers_code'));
    expect(banner.textContent).toContain(zhCN.damage_body);
    expect(banner.textContent).not.toContain('Folio will not write to it');
  });

  it('shows no banner on a sound file', async () => {
    mockBackend((cmd) => (cmd === 'app_status' ? status() : null));
    render(App);
    await screen.findByTestId('app-ready');
    await sleep(20);
    expect(screen.queryByTestId('damage-banner')).toBeNull();
  });
});

describe('a path with no database', () => {
  afterEach(resetState);

  const PATH = '/home/user/Documents/folio-typo.sqlite';
  const missing = () => status({ db_path: PATH, customer_count: 0, error: { code: 'db_missing', message: `no Folio database at ${PATH}` } });

  it('names the path, creates the database only when asked, then starts as usual', async () => {
    const calls = mockBackend((cmd) => {
      if (cmd === 'app_status') return missing();
      if (cmd === 'db_create') return status({ db_path: PATH, language: 'zh-CN', customer_count: 0 });
      return null;
    });
    render(App);
    const page = await screen.findByTestId('missing-db');
    expect(screen.getByTestId('missing-db-path').textContent).toBe(PATH);
    expect(page.textContent).toContain(en.missing_body);
    expect(screen.queryByTestId('fatal-error')).toBeNull();
    expect(screen.queryByRole('navigation')).toBeNull();
    expect(count(calls, 'db_create')).toBe(0);
    // keys of the app do nothing here
    await fireEvent.keyDown(window, { key: 'n', ctrlKey: true });
    expect(screen.queryByTestId('customer-form')).toBeNull();

    const button = screen.getByTestId('create-db');
    expect(button.textContent).toContain(en.missing_create);
    await fireEvent.click(button);
    await screen.findByTestId('first-run');
    expect(calls.filter((c) => c.cmd === 'db_create')).toEqual([{ cmd: 'db_create', args: {} }]);
    expect(screen.queryByTestId('missing-db')).toBeNull();
    // the language and counts of the returned status, as at a normal start
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe(zhCN.today_title);
    const { app } = await import('./lib/store.svelte');
    expect(app.status?.db_path).toBe(PATH);
    expect(app.status?.error).toBeNull();
  });

  it('speaks the language of the status', async () => {
    mockBackend((cmd) => (cmd === 'app_status' ? { ...missing(), language: 'zh-CN' } : null));
    render(App);
    const page = await screen.findByTestId('missing-db');
    expect(page.textContent).toContain(zhCN.missing_title);
    expect(screen.getByTestId('create-db').textContent).toContain(zhCN.missing_create);
  });

  it('shows why creating failed, on the same screen', async () => {
    mockBackend((cmd) => {
      if (cmd === 'app_status') return missing();
      if (cmd === 'db_create') throw { code: 'db_read_only', message: `cannot create ${PATH}: read-only folder` };
      return null;
    });
    render(App);
    await fireEvent.click(await screen.findByTestId('create-db'));
    const error = await screen.findByTestId('create-db-error');
    expect(error.getAttribute('role')).toBe('alert');
    expect(error.textContent).toContain(en.err_db_read_only);
    expect(error.textContent).toContain('read-only folder');
    expect(screen.getByTestId('missing-db')).toBeTruthy();
    expect((screen.getByTestId('create-db') as HTMLButtonElement).disabled).toBe(false);
    expect(screen.queryByRole('navigation')).toBeNull();
  });
});

describe('a read-only file', () => {
  afterEach(resetState);

  it.each([
    ['en', en],
    ['zh-CN', zhCN],
  ] as const)('explains it and names the path (%s)', async (language, dict) => {
    const path = '/mnt/cdrom/folio.sqlite';
    mockBackend(() => status({ language, db_path: path, error: { code: 'db_read_only', message: `${path} is read-only` } }));
    render(App);
    const page = await screen.findByTestId('fatal-error');
    expect(page.getAttribute('data-code')).toBe('db_read_only');
    const explain = page.querySelector('.explain')?.textContent ?? '';
    expect(explain).toBe(dict.fatal_db_read_only.replace('{path}', path));
    expect(explain).not.toBe(dict.fatal_generic);
  });
});

describe('a new day', () => {
  afterEach(() => {
    vi.useRealTimers();
    resetState();
  });

  it('loads everything again once the window’s date turns over, once', async () => {
    const { app } = await import('./lib/store.svelte');
    const { watchOutside, DAY_CHECK_MS } = await import('./lib/outside.svelte');
    const calls = mockBackend((cmd) => (cmd === 'app_status' ? status() : null));
    vi.useFakeTimers();
    vi.setSystemTime(new Date(2026, 10, 23, 23, 59, 30));
    const stop = watchOutside();
    const before = app.dataVersion;
    await vi.advanceTimersByTimeAsync(DAY_CHECK_MS / 4);
    expect(app.dataVersion).toBe(before);
    await vi.advanceTimersByTimeAsync(DAY_CHECK_MS + REFRESH_MS);
    expect(app.dataVersion).toBe(before + 1);
    expect(count(calls, 'app_status')).toBe(1);
    await vi.advanceTimersByTimeAsync(5 * DAY_CHECK_MS);
    expect(app.dataVersion).toBe(before + 1);
    stop();
  });
});
