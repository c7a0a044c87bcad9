import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import ReminderForm from './ReminderForm.svelte';
import { mockBackend, resetState, summary } from '../../test/fixtures';
import { pinDate } from '../../test/clock';
import type { ReminderInput } from '../../lib/bindings';
import { en, translateErrorCode, zhCN } from '../../lib/i18n';
import { locale } from '../../lib/locale.svelte';
import { reminder } from './testData';

const type = (testid: string, value: string) => fireEvent.input(screen.getByTestId(testid), { target: { value } });
const pick = (testid: string, value: string) => fireEvent.change(screen.getByTestId(testid), { target: { value } });

function sent(calls: { cmd: string; args: Record<string, unknown> }[]): ReminderInput[] {
  return calls.filter((c) => c.cmd === 'reminder_add').map((c) => c.args.input as ReminderInput);
}

describe('ReminderForm', () => {
  pinDate(new Date(2026, 10, 23, 9, 0, 0));
  afterEach(resetState);

  it.each([
    [
      'a call today, once, with no customer',
      async () => {},
      { customer: '', kind: 'call', due: '2026-11-23', every: '', note: '' },
    ],
    [
      'a visit with a time, every 2 weeks',
      async () => {
        await type('reminder-customer', ' C0001 ');
        await pick('reminder-kind', 'visit');
        await type('reminder-due', ' 2026-12-01 ');
        await type('reminder-time', '14:30');
        await pick('reminder-every-unit', 'w');
        await type('reminder-every-n', '2');
        await type('reminder-note', ' 带样书 ');
      },
      { customer: 'C0001', kind: 'visit', due: '2026-12-01T14:30', every: '2w', note: '带样书' },
    ],
    [
      'collect a payment every month (the count starts at 1)',
      async () => {
        await pick('reminder-kind', 'collect');
        await pick('reminder-every-unit', 'm');
      },
      { customer: '', kind: 'collect', due: '2026-11-23', every: '1m', note: '' },
    ],
    [
      'every 30 days, then back to once',
      async () => {
        await pick('reminder-every-unit', 'd');
        await type('reminder-every-n', '30');
        await pick('reminder-every-unit', '');
      },
      { customer: '', kind: 'call', due: '2026-11-23', every: '', note: '' },
    ],
  ])('sends %s', async (_name, fill, expected) => {
    const calls = mockBackend((cmd) => {
      if (cmd === 'reminder_add') return reminder(9);
      if (cmd === 'customers_list') return { total: 0, offset: 0, rows: [] };
      return null;
    });
    const onsaved = vi.fn();
    render(ReminderForm, { onsaved, onclose: vi.fn() });
    await fill();
    await fireEvent.click(screen.getByTestId('reminder-save'));
    await waitFor(() => expect(onsaved).toHaveBeenCalledWith(reminder(9)));
    expect(sent(calls)).toEqual([expected]);
  });

  it('opens on the customer, or on the type when the customer is given and fixed', async () => {
    mockBackend((cmd) => (cmd === 'customers_list' ? { total: 1, offset: 0, rows: [summary(0)] } : null));
    const first = render(ReminderForm, { onsaved: vi.fn(), onclose: vi.fn() });
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('reminder-customer')));
    first.unmount();
    render(ReminderForm, { customer: 'C0001', fixed: true, onsaved: vi.fn(), onclose: vi.fn() });
    const box = screen.getByTestId('reminder-customer') as HTMLInputElement;
    expect(box.value).toBe('C0001');
    expect(box.readOnly).toBe(true);
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('reminder-kind')));
  });

  it.each([
    ['due', { code: 'date_invalid', message: 'due is not a date', field: 'due' }, 'reminder-due'],
    ['due (its time)', { code: 'time_invalid', message: 'bad time', field: 'due' }, 'reminder-time'],
    ['every', { code: 'recurrence_invalid', message: 'repeat', field: 'every', params: { min: '1', max: '999' } }, 'reminder-every-n'],
    ['customer', { code: 'customer_unknown', message: 'no customer', field: 'customer' }, 'reminder-customer'],
  ])('shows an error on %s under its field, focused, and stays open', async (_name, error, box) => {
    mockBackend((cmd) => {
      if (cmd === 'reminder_add') throw error;
      if (cmd === 'customers_list') return { total: 0, offset: 0, rows: [] };
      return null;
    });
    const onsaved = vi.fn();
    render(ReminderForm, { onsaved, onclose: vi.fn() });
    await type('reminder-customer', 'C9999');
    await type('reminder-time', '25:00');
    await pick('reminder-every-unit', 'd');
    await type('reminder-every-n', '0');
    await fireEvent.keyDown(screen.getByTestId('reminder-note'), { key: 'Enter', ctrlKey: true });
    const message = await screen.findByTestId(`error-${error.field}`);
    expect(message.textContent).toBe(translateErrorCode('en', error.code, ''));
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId(box)));
    expect(screen.getByTestId(box).getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByTestId('reminder-form')).toBeTruthy();
    expect(onsaved).not.toHaveBeenCalled();
    expect(screen.queryByTestId('reminder-error')).toBeNull();
  });

  it('clears the error on the repeat as the count is edited; an error about no field shows above', async () => {
    let fail: object = { code: 'recurrence_invalid', message: 'repeat', field: 'every' };
    mockBackend((cmd) => {
      if (cmd === 'reminder_add') throw fail;
      return null;
    });
    render(ReminderForm, { onsaved: vi.fn(), onclose: vi.fn() });
    await pick('reminder-every-unit', 'y');
    await type('reminder-every-n', '1000');
    await fireEvent.click(screen.getByTestId('reminder-save'));
    await screen.findByTestId('error-every');
    await type('reminder-every-n', '10');
    expect(screen.queryByTestId('error-every')).toBeNull();
    fail = { code: 'db_error', message: 'disk' };
    await fireEvent.click(screen.getByTestId('reminder-save'));
    expect((await screen.findByTestId('reminder-error')).textContent).toBe(en.err_db_error);
  });

  it('speaks Chinese', async () => {
    locale.lang = 'zh-CN';
    mockBackend(() => null);
    render(ReminderForm, { onsaved: vi.fn(), onclose: vi.fn() });
    expect(screen.getByText(zhCN.rem_form_title)).toBeTruthy();
    const kinds = [...(screen.getByTestId('reminder-kind') as HTMLSelectElement).options].map((o) => o.textContent);
    expect(kinds).toEqual(['电话', '拜访', '催收货款', '寄送书目', '客户关怀', '其他']);
    const units = [...(screen.getByTestId('reminder-every-unit') as HTMLSelectElement).options].map((o) => o.textContent);
    expect(units).toEqual(['不重复', '天', '周', '个月', '年']);
  });
});
