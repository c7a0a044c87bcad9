import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import InteractionForm from './InteractionForm.svelte';
import { customer, mockBackend, resetState, summary } from '../../test/fixtures';
import type { Interaction, InteractionInput } from '../../lib/bindings';
import { en, zhCN } from '../../lib/i18n';
import { locale } from '../../lib/locale.svelte';

const SAVED: Interaction = {
  id: 7,
  customer: 'C0001',
  customer_name: '新华书店',
  kind: 'visit',
  happened_at: '2026-11-23T14:30',
  who: '王芳',
  summary: '谈春季书目',
  outcome: '要样书',
  next_step: '寄样书',
  order: 'SO-20261120-0003',
  case_id: null,
  next_reminder_id: 12,
  created_at: '2026-11-23T14:31:00',
};

function input(overrides: Partial<InteractionInput> = {}): InteractionInput {
  return {
    customer: 'C0001',
    kind: 'phone',
    happened_at: '',
    who: '',
    summary: '',
    outcome: '',
    next_step: '',
    next_date: '',
    next_kind: 'call',
    order: '',
    case_id: null,
    reminder_id: null,
    csat: '',
    nps: '',
    ...overrides,
  };
}

const type = (testid: string, value: string) => fireEvent.input(screen.getByTestId(testid), { target: { value } });

describe('InteractionForm', () => {
  afterEach(() => {
    resetState();
  });

  it('sends what was typed, with the order, case and reminder it was opened for', async () => {
    const calls = mockBackend((cmd) => (cmd === 'interaction_add' ? SAVED : null));
    const onsaved = vi.fn();
    const oncancel = vi.fn();
    render(InteractionForm, {
      customer: 'C0001',
      customerName: '新华书店',
      order: 'SO-20261120-0003',
      caseId: 4,
      reminderId: 9,
      contacts: customer().contacts,
      onsaved,
      oncancel,
    });
    expect(screen.getByText(en.fu_log_title_for.replace('{name}', '新华书店'))).toBeTruthy();
    expect((screen.getByTestId('interaction-order') as HTMLInputElement).value).toBe('SO-20261120-0003');
    // the customer's contacts are offered for "who"
    expect([...document.querySelectorAll('#interaction-who-list option')].map((o) => (o as HTMLOptionElement).value)).toEqual(['王芳']);
    // it opens on the summary, the one required field
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('interaction-summary')));

    await fireEvent.change(screen.getByTestId('interaction-kind'), { target: { value: 'visit' } });
    await type('interaction-when', ' 2026-11-23 14:30 ');
    await type('interaction-who', '王芳');
    await type('interaction-summary', ' 谈春季书目 ');
    await type('interaction-outcome', '要样书');
    await type('interaction-next-step', '寄样书');
    await type('interaction-next-date', '2026-11-30');
    await type('interaction-next-time', '09:30');
    await fireEvent.change(screen.getByTestId('interaction-next-kind'), { target: { value: 'catalogue' } });
    await type('interaction-csat', '4');
    await type('interaction-nps', '9');
    await fireEvent.keyDown(screen.getByTestId('interaction-summary'), { key: 'Enter', ctrlKey: true });

    await waitFor(() => expect(onsaved).toHaveBeenCalledWith(SAVED));
    expect(calls.filter((c) => c.cmd === 'interaction_add').map((c) => c.args.input)).toEqual([
      input({
        kind: 'visit',
        happened_at: '2026-11-23 14:30',
        who: '王芳',
        summary: '谈春季书目',
        outcome: '要样书',
        next_step: '寄样书',
        next_date: '2026-11-30 09:30',
        next_kind: 'catalogue',
        order: 'SO-20261120-0003',
        case_id: 4,
        reminder_id: 9,
        csat: '4',
        nps: '9',
      }),
    ]);
    expect(oncancel).not.toHaveBeenCalled();
  });

  it('saves on Ctrl+S with only a summary: blanks for the core (now, a phone call, no reminder)', async () => {
    const calls = mockBackend((cmd) => (cmd === 'interaction_add' ? SAVED : null));
    const onsaved = vi.fn();
    render(InteractionForm, { customer: 'C0001', contacts: [], onsaved, oncancel: vi.fn() });
    await type('interaction-summary', '问到货');
    await fireEvent.keyDown(screen.getByTestId('interaction-who'), { key: 's', ctrlKey: true });
    await waitFor(() => expect(onsaved).toHaveBeenCalled());
    expect(calls.filter((c) => c.cmd === 'interaction_add').map((c) => c.args.input)).toEqual([input({ summary: '问到货' })]);
  });

  it('looks the contacts up by the code when they are not given', async () => {
    mockBackend((cmd, args) => {
      if (cmd === 'customers_list') {
        expect((args.query as { query: string }).query).toBe('C0002');
        return { total: 2, offset: 0, rows: [summary(0), summary(1, { id: 2, code: 'C0002' })] };
      }
      if (cmd === 'customer_get') {
        expect(args.id).toBe(2);
        return customer({ id: 2, code: 'C0002', contacts: [{ ...customer().contacts[0], name: '李雷' }] });
      }
      return null;
    });
    render(InteractionForm, { customer: 'C0002', onsaved: vi.fn(), oncancel: vi.fn() });
    await waitFor(() =>
      expect([...document.querySelectorAll('#interaction-who-list option')].map((o) => (o as HTMLOptionElement).value)).toEqual(['李雷']),
    );
  });

  it.each([
    { field: 'summary', code: 'summary_required', testid: 'interaction-summary' },
    { field: 'happened_at', code: 'date_invalid', testid: 'interaction-when' },
    { field: 'next_date', code: 'date_invalid', testid: 'interaction-next-date' },
    { field: 'order', code: 'order_other_customer', testid: 'interaction-order' },
    { field: 'csat', code: 'score_range', testid: 'interaction-csat' },
    { field: 'nps', code: 'score_range', testid: 'interaction-nps' },
  ])('puts $code on $field and focuses it', async ({ field, code, testid }) => {
    mockBackend((cmd) => {
      if (cmd === 'interaction_add') throw { code, message: 'english', field, params: { min: '0', max: '10' } };
      return null;
    });
    const onsaved = vi.fn();
    render(InteractionForm, { customer: 'C0001', contacts: [], onsaved, oncancel: vi.fn() });
    await fireEvent.click(screen.getByTestId('save-interaction'));
    const message = await screen.findByTestId(`error-${field}`);
    const key = `err_${code}` as keyof typeof en;
    expect(message.textContent).toBe(en[key].replace('{min}', '0').replace('{max}', '10'));
    const el = screen.getByTestId(testid);
    expect(el.getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(el);
    expect(onsaved).not.toHaveBeenCalled();
    // typing in it clears the error
    await fireEvent.input(el, { target: { value: 'x' } });
    expect(screen.queryByTestId(`error-${field}`)).toBeNull();
  });

  it('puts a wrong time of the next step on the time box', async () => {
    mockBackend((cmd) => {
      if (cmd === 'interaction_add') throw { code: 'time_invalid', message: 'english', field: 'next_date' };
      return null;
    });
    render(InteractionForm, { customer: 'C0001', contacts: [], onsaved: vi.fn(), oncancel: vi.fn() });
    await type('interaction-next-date', '2026-11-30');
    await type('interaction-next-time', '25:00');
    await fireEvent.click(screen.getByTestId('save-interaction'));
    expect((await screen.findByTestId('error-next_date')).textContent).toBe(en.err_time_invalid);
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('interaction-next-time')));
    expect(screen.getByTestId('interaction-next-time').getAttribute('aria-invalid')).toBe('true');
  });

  it('shows an error about no field above the form', async () => {
    mockBackend((cmd) => {
      if (cmd === 'interaction_add') throw { code: 'reminder_not_open', message: 'english', field: 'reminder_id' };
      return null;
    });
    render(InteractionForm, { customer: 'C0001', reminderId: 3, contacts: [], onsaved: vi.fn(), oncancel: vi.fn() });
    expect(screen.getByTestId('interaction-reminder').textContent).toBe(en.fu_from_reminder);
    await fireEvent.click(screen.getByTestId('save-interaction'));
    const banner = await screen.findByTestId('interaction-error');
    expect(banner.textContent).toBe(en.err_reminder_not_open);
    expect(document.activeElement).toBe(banner);
  });

  it('says that a next step with a date makes a reminder, in both languages', async () => {
    mockBackend(() => null);
    render(InteractionForm, { customer: 'C0001', contacts: [], onsaved: vi.fn(), oncancel: vi.fn() });
    const hint = () => screen.getByTestId('interaction-next-hint').textContent?.trim();
    expect(hint()).toBe(en.fu_next_hint_none);
    await type('interaction-next-date', '2026-11-30');
    expect(hint()).toBe(en.fu_next_hint_date.replace('{kind}', en.fu_rkind_call).replace('{due}', '2026-11-30'));
    await type('interaction-next-time', '09:30');
    await fireEvent.change(screen.getByTestId('interaction-next-kind'), { target: { value: 'visit' } });
    expect(hint()).toBe(en.fu_next_hint_date.replace('{kind}', en.fu_rkind_visit).replace('{due}', '2026-11-30 09:30'));
    locale.lang = 'zh-CN';
    await waitFor(() => expect(hint()).toBe(zhCN.fu_next_hint_date.replace('{kind}', zhCN.fu_rkind_visit).replace('{due}', '2026-11-30 09:30')));
    await type('interaction-next-date', '');
    expect(hint()).toBe(zhCN.fu_next_hint_none);
  });

  it('cancels on Esc without saving', async () => {
    const calls = mockBackend(() => null);
    const oncancel = vi.fn();
    render(InteractionForm, { customer: 'C0001', contacts: [], onsaved: vi.fn(), oncancel });
    await fireEvent.keyDown(screen.getByTestId('interaction-summary'), { key: 'Escape' });
    expect(oncancel).toHaveBeenCalledTimes(1);
    expect(calls.some((c) => c.cmd === 'interaction_add')).toBe(false);
  });
});
