// Shared helpers for the tests (not a test file itself).
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import type { Account, AppStatus, Customer, CustomerSummary, Reminder } from '../lib/bindings';
import { app } from '../lib/store.svelte';
import { locale } from '../lib/locale.svelte';
import { resetDocs } from '../lib/documents.svelte';
import { resetOrders } from '../lib/orders.svelte';
import { resetReceivables } from '../lib/receivables.svelte';
import { jobs } from '../lib/jobs.svelte';
import { resetPageExports } from '../lib/exchange.svelte';

export type Call = { cmd: string; args: Record<string, unknown> };
export type Handler = (cmd: string, args: Record<string, unknown>) => unknown;

/** Install a mocked IPC handler and record every call. */
export function mockBackend(handler: Handler): Call[] {
  const calls: Call[] = [];
  mockIPC((cmd, args) => {
    const a = (args ?? {}) as Record<string, unknown>;
    calls.push({ cmd, args: a });
    return handler(cmd, a);
    // Events (`listen`, `emit`) are kept inside the mock, so tests can emit job events.
  }, { shouldMockEvents: true });
  return calls;
}

export function resetState(): void {
  clearMocks();
  app.route = 'today';
  app.status = null;
  app.detailId = null;
  app.detailVersion = 0;
  app.form = null;
  app.listVersion = 0;
  app.confirmArchive = false;
  app.dataVersion = 0;
  app.damage = null;
  app.openReminder = null;
  app.dueCount = null;
  app.coreToday = null;
  locale.lang = 'en';
  resetDocs();
  resetOrders();
  resetReceivables();
  jobs.sample = null;
  resetPageExports();
}

export function status(overrides: Partial<AppStatus> = {}): AppStatus {
  return {
    version: '0.1.0',
    db_path: '/home/user/.local/share/folio/folio.sqlite',
    schema_version: 1,
    language: 'en',
    customer_count: 3,
    title_count: 0,
    allow_negative_stock: false,
    notifications: true,
    error: null,
    damage: null,
    ...overrides,
  };
}

export function summary(i: number, overrides: Partial<CustomerSummary> = {}): CustomerSummary {
  return {
    id: i + 1,
    code: `C${String(i + 1).padStart(4, '0')}`,
    name: `新华书店 ${i + 1}`,
    kind: 'bookshop',
    region: '杭州',
    contact: '王芳',
    phone: '13800138000',
    discount_bp: 6500,
    credit_limit_fen: 500000,
    status: 'active',
    balance_fen: 0,
    ...overrides,
  };
}

export function customer(overrides: Partial<Customer> = {}): Customer {
  return {
    id: 1,
    code: 'C0001',
    name: '新华书店',
    kind: 'bookshop',
    contacts: [{ name: '王芳', role: '采购', phone: '13800138000', email: 'wang@example.com', wechat: 'wangfang', birthday: '', birthday_lunar: false }],
    address: '杭州市西湖区文三路 1 号',
    region: '杭州',
    tax_id: '91330100MA2AXXXX1X',
    discount_bp: 6500,
    credit_limit_fen: 500000,
    payment_terms_days: 30,
    settlement: 'firm',
    tags: ['VIP', '华东'],
    notes: '每月初对账',
    birthday: null,
    birthday_lunar: false,
    status: 'active',
    created_at: '2026-01-05T09:30:00Z',
    updated_at: '2026-02-01T10:00:00Z',
    ...overrides,
  };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The account of a customer with no documents yet (what customer_account returns). */
export function emptyAccount(code = 'C0001'): Account {
  return {
    code,
    balance_fen: 0,
    orders: [],
    returns: [],
    payments: [],
    copies_sold: 0,
    copies_returned: 0,
    return_rate_bp: 0,
  };
}

/** A reminder as the core sends it: made by hand, open, due today. */
export function reminder(overrides: Partial<Reminder> = {}): Reminder {
  return {
    id: 1,
    rule: null,
    customer: 'C0001',
    customer_name: '新华书店',
    kind: 'call',
    due: '2026-11-23',
    status: 'open',
    snoozed_until: null,
    bucket: 'today',
    note: '回访新书目',
    every: null,
    customers: [],
    customers_total: 0,
    title: null,
    order: null,
    case_id: null,
    created_at: '2026-11-20T09:00:00+08:00',
    closed_at: null,
    ...overrides,
  };
}
