// Development only: when the UI runs in a plain browser (`npm run dev` without Tauri), answer the
// IPC commands from memory so the screens can be looked at. Never part of a production build:
// main.ts imports this only under `import.meta.env.DEV`.
import { mockIPC } from '@tauri-apps/api/mocks';
import type { AppStatus, Customer, CustomerInput, CustomerSummary, DuplicateGroup, ListQuery, MergeReport } from '../lib/bindings';

const kinds = ['bookshop', 'school', 'library', 'company', 'distributor', 'individual'] as const;
const regions = ['杭州', '上海', '南京', '苏州', '宁波', '合肥', '北京', '广州'];
const names = ['新华书店', '博库书城', '先锋书店', '西西弗书店', '第一中学', '市图书馆', '文化传媒有限公司', '图书发行公司'];

function make(i: number): Customer {
  const kind = kinds[i % kinds.length];
  return {
    id: i + 1,
    code: `C${String(i + 1).padStart(4, '0')}`,
    name: `${regions[i % regions.length]}${names[i % names.length]}${i >= names.length ? ` ${i + 1}` : ''}`,
    kind,
    contacts: [{ name: '王芳', role: '采购', phone: `1380013${String(i).padStart(4, '0')}`, email: '', wechat: '', birthday: '', birthday_lunar: false }],
    address: `${regions[i % regions.length]}市人民路 ${i + 1} 号`,
    region: regions[i % regions.length],
    tax_id: '',
    discount_bp: [6500, 7000, 6000, 7500, 10000][i % 5],
    credit_limit_fen: i % 4 === 0 ? null : ((i % 9) + 1) * 500000,
    payment_terms_days: [30, 60, 0, 90][i % 4],
    settlement: (['firm', 'sale_or_return', 'consignment'] as const)[i % 3],
    tags: i % 3 === 0 ? ['VIP'] : [],
    notes: '',
    birthday: null,
    birthday_lunar: false,
    status: i % 17 === 5 ? 'archived' : 'active',
    created_at: '2026-01-05T09:30:00Z',
    updated_at: '2026-02-01T10:00:00Z',
  };
}

/**
 * The commands this mock answers, and nothing else: the customer screens.
 * Every other command (catalogue, stock, orders, receivables, settings…) fails with `unknown`.
 * ui/README.md lists the same; `browserMock.test.ts` keeps the two and the code in step.
 */
export const MOCK_COMMANDS = [
  'app_status',
  'db_create',
  'set_language',
  'customers_list',
  'customer_get',
  'customer_create',
  'customer_update',
  'customer_archive',
  'customer_restore',
  'customers_possible_duplicates',
  'customer_merge',
] as const;

export function installBrowserMock(count = Number(new URLSearchParams(location.search).get('n') ?? 2000)): void {
  const store: Customer[] = Array.from({ length: count }, (_, i) => make(i));
  let language = new URLSearchParams(location.search).get('lang') ?? 'zh-CN';
  let fatal = new URLSearchParams(location.search).get('fatal');
  const damage = new URLSearchParams(location.search).get('damage');
  /** Customers archived by a merge: no longer listed as duplicates. */
  const merged = new Set<number>();

  // The mock's names repeat with a number after them: the same name without it is a group.
  const duplicateGroups = (): DuplicateGroup[] => {
    const byName = new Map<string, Customer[]>();
    for (const c of store) {
      if (merged.has(c.id)) continue;
      const key = c.name.replace(/ \d+$/, '');
      byName.set(key, [...(byName.get(key) ?? []), c]);
    }
    return [...byName.entries()]
      .filter(([, cs]) => cs.length > 1 && cs.some((c) => c.status === 'active'))
      .map(([name, cs]) => ({
        reasons: [{ reason: 'name', value: name }],
        members: cs.slice(0, 50).map((c) => ({
          id: c.id, code: c.code, name: c.name, status: c.status, balance_fen: 0, order_count: c.id % 4, last_order_date: c.id % 4 ? '2026-02-01' : null,
        })),
        member_count: cs.length,
      }));
  };

  const summary = (c: Customer): CustomerSummary => ({
    id: c.id, code: c.code, name: c.name, kind: c.kind, region: c.region,
    contact: c.contacts[0]?.name ?? '', phone: c.contacts[0]?.phone ?? '',
    discount_bp: c.discount_bp, credit_limit_fen: c.credit_limit_fen, status: c.status, balance_fen: 0,
  });
  const fromInput = (input: CustomerInput, base: Customer): Customer => ({
    ...base, ...input,
    code: input.code || base.code,
    discount_bp: input.discount ? 6500 : 10000,
    credit_limit_fen: input.credit_limit ? Math.round(Number(input.credit_limit) * 100) : null,
    payment_terms_days: Number(input.payment_terms_days || 0),
    birthday: input.birthday || null,
    birthday_lunar: input.birthday_lunar,
  });

  mockIPC(async (cmd, raw) => {
    const args = (raw ?? {}) as Record<string, unknown>;
    await new Promise((r) => setTimeout(r, 15));
    switch (cmd) {
      case 'db_create':
        if (fatal === 'db_missing') fatal = null;
      // falls through: the status of the new file
      case 'app_status': {
        const s: AppStatus = {
          version: '0.1.0-dev', db_path: '/home/demo/.local/share/folio/folio.sqlite', schema_version: 1,
          language, customer_count: store.filter((c) => c.status === 'active').length, title_count: 0, allow_negative_stock: false, notifications: true,
          error: fatal ? { code: fatal, message: fatal === 'db_missing' ? 'no Folio database at /home/demo/.local/share/folio/folio.sqlite' : 'database disk image is malformed' } : null,
          damage,
        };
        return s;
      }
      case 'set_language':
        language = args.language as string;
        return null;
      case 'customers_list': {
        const q = args.query as ListQuery;
        let rows = store.filter((c) => q.include_archived || c.status === 'active');
        if (q.query) rows = rows.filter((c) => c.name.includes(q.query) || c.code.includes(q.query.toUpperCase())).slice(0, 200);
        return { total: rows.length, offset: q.offset, rows: rows.slice(q.offset, q.offset + q.limit).map(summary) };
      }
      case 'customer_get':
      case 'customer_archive':
      case 'customer_restore': {
        const c = store.find((x) => x.id === args.id);
        if (!c) throw { code: 'not_found', message: 'no such customer' };
        if (cmd === 'customer_archive') c.status = 'archived';
        if (cmd === 'customer_restore') c.status = 'active';
        return c;
      }
      case 'customer_create': {
        const input = args.input as CustomerInput;
        if (!input.name) throw { code: 'name_required', message: 'name is required', field: 'name' };
        const c = fromInput(input, make(store.length));
        store.push(c);
        return c;
      }
      case 'customer_update': {
        const input = args.input as CustomerInput;
        if (!input.name) throw { code: 'name_required', message: 'name is required', field: 'name' };
        const i = store.findIndex((x) => x.id === args.id);
        store[i] = fromInput(input, store[i]);
        return store[i];
      }
      case 'customers_possible_duplicates': {
        const groups = duplicateGroups();
        const offset = args.offset as number;
        return { total: groups.length, offset, groups: groups.slice(offset, offset + (args.limit as number)) };
      }
      case 'customer_merge': {
        const from = store.find((x) => x.id === args.from);
        const into = store.find((x) => x.id === args.into);
        if (!from || !into) throw { code: 'not_found', message: 'no such customer' };
        if (from.id === into.id) throw { code: 'merge_same', message: 'a customer cannot be merged into itself', field: 'into' };
        if (into.status === 'archived') throw { code: 'merge_into_archived', message: `${into.code} is archived`, field: 'into', params: { code: into.code } };
        from.status = 'archived';
        merged.add(from.id);
        const report: MergeReport = {
          from_code: from.code, into_code: into.code, orders: 0, returns: 0, payments: 0, ledger_entries: 0, interactions: 0,
          cases: 0, scores: 0, reminders: 0, reminders_closed: 0, reminder_lists: 0, contacts: 0, tags: 0, balance_moved_fen: 0, balance_fen: 0,
        };
        return report;
      }
      default:
        throw { code: 'unknown', message: `the browser mock does not answer ${cmd} (ui/README.md lists what it does)` };
    }
  });
}

/** `?route=customers&detail=3&form=new|edit` to open a screen directly (for screenshots). */
export async function applyDevParams(): Promise<void> {
  const p = new URLSearchParams(location.search);
  const { app, openNewCustomer, openEditCustomer, showCustomer } = await import('../lib/store.svelte');
  const { api } = await import('../lib/api');
  await new Promise((r) => setTimeout(r, 100));
  const route = p.get('route');
  if (route) app.route = route as typeof app.route;
  const detail = p.get('detail');
  if (detail) showCustomer(Number(detail));
  if (p.get('form') === 'new') openNewCustomer();
  if (p.get('form') === 'edit') openEditCustomer(await api.customerGet(Number(detail ?? 1)));
}
