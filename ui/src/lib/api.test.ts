import { afterEach, describe, expect, it } from 'vitest';
import { api, toErrorPayload } from './api';
import { customer, mockBackend, resetState, status } from '../test/fixtures';
import type { CustomerInput } from './bindings';

const input: CustomerInput = {
  code: '',
  name: '新华书店',
  kind: 'bookshop',
  contacts: [],
  address: '',
  region: '',
  tax_id: '',
  discount: '6.5折',
  credit_limit: '5000',
  payment_terms_days: '30',
  settlement: 'sale_or_return',
  tags: ['VIP'],
  notes: '',
  birthday: '',
  birthday_lunar: false,
};

describe('api', () => {
  afterEach(resetState);

  it('calls each command with the agreed name and camelCase arguments', async () => {
    const calls = mockBackend((cmd) => {
      switch (cmd) {
        case 'app_status':
          return status();
        case 'customers_list':
          return { total: 0, offset: 0, rows: [] };
        case 'sample_start':
          return { id: 3 };
        case 'job_cancel':
          return null;
        case 'set_language':
          return null;
        default:
          return customer();
      }
    });
    const query = { query: 'xhsd', offset: 100, limit: 50, include_archived: true };
    await api.appStatus();
    await api.setLanguage('zh-CN');
    await api.customersList(query);
    await api.customerGet(7);
    await api.customerDuplicates(input, null);
    await api.customerCreate(input);
    await api.customerUpdate(7, input, 'save');
    await api.customerArchive(7);
    await api.customerRestore(8);
    expect(await api.sampleStart()).toEqual({ id: 3 });
    await api.jobCancel(3);

    expect(calls).toEqual([
      { cmd: 'app_status', args: {} },
      { cmd: 'set_language', args: { language: 'zh-CN' } },
      { cmd: 'customers_list', args: { query } },
      { cmd: 'customer_get', args: { id: 7 } },
      { cmd: 'customer_duplicates', args: { input, except: null } },
      { cmd: 'customer_create', args: { input, ifDuplicate: 'refuse' } },
      { cmd: 'customer_update', args: { id: 7, input, ifDuplicate: 'save' } },
      { cmd: 'customer_archive', args: { id: 7 } },
      { cmd: 'customer_restore', args: { id: 8 } },
      { cmd: 'sample_start', args: {} },
      { cmd: 'job_cancel', args: { id: 3 } },
    ]);
  });

  it('returns what the command returns', async () => {
    mockBackend(() => customer({ id: 42, code: 'C0042' }));
    const c = await api.customerGet(42);
    expect(c.code).toBe('C0042');
  });

  it('rejects with the ErrorPayload from the core', async () => {
    mockBackend(() => {
      throw { code: 'code_taken', message: 'code C0001 is taken', field: 'code' };
    });
    await expect(api.customerCreate(input)).rejects.toEqual({
      code: 'code_taken',
      message: 'code C0001 is taken',
      field: 'code',
    });
  });

  it('turns a non-payload rejection into an ErrorPayload', async () => {
    mockBackend(() => {
      throw 'command customer_get not found';
    });
    await expect(api.customerGet(1)).rejects.toEqual({ code: 'unknown', message: 'command customer_get not found' });
  });

  it.each([
    [{ code: 'not_found', message: 'gone' }, { code: 'not_found', message: 'gone' }],
    [{ code: 'too_long', message: 'x', field: 'notes' }, { code: 'too_long', message: 'x', field: 'notes' }],
    [{ code: 'db_error', message: 'x', field: null }, { code: 'db_error', message: 'x' }],
    [
      { code: 'credit_exceeded', message: 'x', params: { limit_fen: '500000', bad: 3 } },
      { code: 'credit_exceeded', message: 'x', params: { limit_fen: '500000' } },
    ],
    [{ code: 'credit_exceeded', message: 'x', params: { bad: null } }, { code: 'credit_exceeded', message: 'x' }],
    [new Error('boom'), { code: 'unknown', message: 'boom' }],
  ])('toErrorPayload(%j)', (raw, expected) => {
    expect(toErrorPayload(raw)).toEqual(expected);
  });
});
