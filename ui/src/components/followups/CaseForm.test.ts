import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import CaseForm from './CaseForm.svelte';
import CaseView from './CaseView.svelte';
import { duration, mayMove } from './followups';
import { mockBackend, resetState } from '../../test/fixtures';
import type { Case, CaseStatus, Order, OrderLine } from '../../lib/bindings';
import { en } from '../../lib/i18n';

function kase(overrides: Partial<Case> = {}): Case {
  return {
    id: 5,
    customer: 'C0001',
    customer_name: '新华书店',
    order: 'SO-20261120-0003',
    lines: [2],
    category: 'damaged',
    priority: 'normal',
    owner: '张三',
    status: 'open',
    summary: '三本封面破损',
    resolution: '',
    return_number: null,
    opened_at: '2026-11-20T09:00:00+08:00',
    first_response_at: null,
    resolved_at: null,
    closed_at: null,
    updated_at: '2026-11-20T09:00:00+08:00',
    ...overrides,
  };
}

function line(line_no: number, title: string, quantity: number): OrderLine {
  return { line_no, title, quantity, title_id: line_no, isbn: '9787020002207' } as unknown as OrderLine;
}

const ORDER = {
  id: 40,
  number: 'SO-20261120-0003',
  status: 'shipped',
  customer_code: 'C0001',
  customer_name: '新华书店',
  lines: [line(1, '红楼梦', 10), line(2, '三国演义', 5), line(3, '水浒传', 8)],
} as unknown as Order;

describe('CaseForm', () => {
  afterEach(() => {
    resetState();
  });

  it('offers the order’s lines and sends the case with the lines ticked', async () => {
    const calls = mockBackend((cmd) => {
      if (cmd === 'order_find') return ORDER;
      if (cmd === 'case_add') return kase();
      return null;
    });
    const onsaved = vi.fn();
    render(CaseForm, { customer: 'C0001', customerName: '新华书店', order: 'SO-20261120-0003', onsaved, oncancel: vi.fn() });
    const lines = await screen.findAllByTestId('case-line');
    expect(lines).toHaveLength(3);
    expect(calls.find((c) => c.cmd === 'order_find')?.args.key).toBe('SO-20261120-0003');
    await fireEvent.click(lines[2]);
    await fireEvent.click(lines[1]);
    await fireEvent.change(screen.getByTestId('case-category'), { target: { value: 'damaged' } });
    await fireEvent.change(screen.getByTestId('case-priority'), { target: { value: 'high' } });
    await fireEvent.input(screen.getByTestId('case-owner'), { target: { value: ' 张三 ' } });
    await fireEvent.input(screen.getByTestId('case-summary'), { target: { value: '三本封面破损' } });
    await fireEvent.keyDown(screen.getByTestId('case-summary'), { key: 'Enter', ctrlKey: true });
    await waitFor(() => expect(onsaved).toHaveBeenCalledWith(kase()));
    expect(calls.filter((c) => c.cmd === 'case_add').map((c) => c.args.input)).toEqual([
      { customer: 'C0001', order: 'SO-20261120-0003', lines: [2, 3], category: 'damaged', priority: 'high', owner: '张三', summary: '三本封面破损' },
    ]);
  });

  it('looks the lines up again for another number, dropping the ticks; another customer’s order shows none', async () => {
    mockBackend((cmd, args) => {
      if (cmd === 'order_find') return args.key === 'SO-OTHER' ? { ...ORDER, customer_code: 'C0009' } : ORDER;
      return null;
    });
    render(CaseForm, { customer: 'C0001', order: 'SO-20261120-0003', onsaved: vi.fn(), oncancel: vi.fn() });
    await fireEvent.click((await screen.findAllByTestId('case-line'))[0]);
    await fireEvent.input(screen.getByTestId('case-order'), { target: { value: 'SO-OTHER' } });
    expect(screen.queryAllByTestId('case-line')).toHaveLength(0);
    await waitFor(() => expect(screen.getByText(en.fu_case_lines_wait)).toBeTruthy(), { timeout: 1500 });
    await fireEvent.input(screen.getByTestId('case-order'), { target: { value: 'SO-20261120-0003' } });
    const again = await screen.findAllByTestId('case-line', {}, { timeout: 1500 });
    expect(again.every((l) => !(l as HTMLInputElement).checked)).toBe(true);
  });

  it.each([
    { field: 'summary', code: 'summary_required', testid: 'case-summary' },
    { field: 'order', code: 'order_unknown', testid: 'case-order' },
    { field: 'owner', code: 'text_invalid', testid: 'case-owner' },
  ])('puts $code on $field', async ({ field, code, testid }) => {
    mockBackend((cmd) => {
      if (cmd === 'case_add') throw { code, message: 'english', field };
      if (cmd === 'order_find') throw { code: 'not_found', message: 'no' };
      return null;
    });
    const onsaved = vi.fn();
    render(CaseForm, { customer: 'C0001', onsaved, oncancel: vi.fn() });
    await fireEvent.click(screen.getByTestId('save-case'));
    expect((await screen.findByTestId(`error-${field}`)).textContent).toBe(en[`err_${code}` as keyof typeof en]);
    expect(document.activeElement).toBe(screen.getByTestId(testid));
    expect(onsaved).not.toHaveBeenCalled();
  });
});

describe('CaseView', () => {
  afterEach(() => {
    resetState();
  });

  /** The moves the radios offer from each status (disabled ones are not offered). */
  it.each<[CaseStatus, CaseStatus[]]>([
    ['open', ['open', 'in_progress', 'resolved']],
    ['in_progress', ['in_progress', 'resolved']],
    ['resolved', ['in_progress', 'resolved', 'closed']],
  ])('from %s offers %j', async (from, offered) => {
    mockBackend((cmd) => (cmd === 'case_get' ? kase({ status: from }) : null));
    render(CaseView, { id: 5, onclose: vi.fn() });
    await screen.findByTestId('case-move-open');
    const enabled = (['open', 'in_progress', 'resolved', 'closed'] as CaseStatus[]).filter(
      (s) => !(screen.getByTestId(`case-move-${s}`) as HTMLInputElement).disabled,
    );
    expect(enabled).toEqual(offered);
    expect((screen.getByTestId(`case-move-${from}`) as HTMLInputElement).checked).toBe(true);
    // it opens on the status the case is at
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId(`case-move-${from}`)));
  });

  it('mirrors the core’s moves', () => {
    const table: [CaseStatus, CaseStatus, boolean][] = [
      ['open', 'in_progress', true],
      ['open', 'resolved', true],
      ['open', 'closed', false],
      ['in_progress', 'resolved', true],
      ['in_progress', 'open', false],
      ['resolved', 'in_progress', true],
      ['resolved', 'closed', true],
      ['resolved', 'open', false],
      ['closed', 'open', false],
      ['closed', 'closed', false],
    ];
    expect(table.map(([a, b]) => mayMove(a, b))).toEqual(table.map(([, , ok]) => ok));
  });

  it('needs a resolution to resolve: the core’s error lands on the resolution', async () => {
    const calls = mockBackend((cmd) => {
      if (cmd === 'case_get') return kase({ status: 'in_progress', first_response_at: '2026-11-20T10:30:00+08:00' });
      if (cmd === 'case_update') throw { code: 'summary_required', message: 'say how', field: 'resolution' };
      return null;
    });
    const onchanged = vi.fn();
    render(CaseView, { id: 5, onclose: vi.fn(), onchanged });
    expect((await screen.findByTestId('case-first-response')).textContent?.trim()).toBe('2026-11-20 10:30, after 1 h 30 min');
    await fireEvent.click(screen.getByTestId('case-move-resolved'));
    // the resolution is marked as needed once resolving is chosen
    expect(screen.getByTestId('case-resolution').getAttribute('aria-required')).toBe('true');
    await fireEvent.click(screen.getByTestId('save-case-update'));
    expect((await screen.findByTestId('error-resolution')).textContent).toBe(en.err_summary_required);
    expect(document.activeElement).toBe(screen.getByTestId('case-resolution'));
    expect(calls.filter((c) => c.cmd === 'case_update').map((c) => (c.args.input as { status: string }).status)).toEqual(['resolved']);
    expect(onchanged).not.toHaveBeenCalled();
  });

  it('resolves with a resolution and a return, then closes with a CSAT', async () => {
    let current = kase({ status: 'in_progress', first_response_at: '2026-11-20T10:30:00+08:00' });
    const calls = mockBackend((cmd, args) => {
      if (cmd === 'case_get') return current;
      if (cmd === 'case_update') {
        const input = args.input as { status: CaseStatus; resolution: string; return_number: string };
        current = {
          ...current,
          status: input.status,
          resolution: input.resolution,
          return_number: input.return_number || current.return_number,
          resolved_at: current.resolved_at ?? '2026-11-22T12:00:00+08:00',
          closed_at: input.status === 'closed' ? '2026-11-23T09:00:00+08:00' : null,
        };
        return current;
      }
      return null;
    });
    const onchanged = vi.fn();
    render(CaseView, { id: 5, onclose: vi.fn(), onchanged });
    await fireEvent.click(await screen.findByTestId('case-move-resolved'));
    expect(screen.queryByTestId('case-csat')).toBeNull();
    await fireEvent.input(screen.getByTestId('case-resolution'), { target: { value: '退货冲减三本' } });
    await fireEvent.input(screen.getByTestId('case-return'), { target: { value: 'RT-20261122-0001' } });
    await fireEvent.keyDown(screen.getByTestId('case-return'), { key: 's', ctrlKey: true });
    await waitFor(() => expect(screen.getByTestId('case-status').textContent).toBe(en.fu_status_resolved));
    expect(screen.getByTestId('case-resolved').textContent?.trim()).toBe('2026-11-22 12:00, after 2 d 3 h');
    expect(onchanged).toHaveBeenCalledTimes(1);

    await fireEvent.click(screen.getByTestId('case-move-closed'));
    expect(screen.getByTestId('case-close-help').textContent).toBe(en.fu_case_close_help);
    await fireEvent.input(screen.getByTestId('case-csat'), { target: { value: '5' } });
    await fireEvent.click(screen.getByTestId('save-case-update'));
    // closed: the case only shows, with its resolution and return
    await waitFor(() => expect(screen.getByTestId('case-view').getAttribute('data-status')).toBe('closed'));
    expect(screen.queryByTestId('save-case-update')).toBeNull();
    expect(screen.getByTestId('case-resolution-text').textContent).toBe('退货冲减三本');
    expect(screen.getByTestId('case-return-text').textContent).toBe('RT-20261122-0001');
    expect(calls.filter((c) => c.cmd === 'case_update').map((c) => c.args.input)).toEqual([
      { status: 'resolved', resolution: '退货冲减三本', priority: 'normal', owner: '张三', return_number: 'RT-20261122-0001', csat: '' },
      { status: 'closed', resolution: '退货冲减三本', priority: 'normal', owner: '张三', return_number: 'RT-20261122-0001', csat: '5' },
    ]);
    expect(onchanged).toHaveBeenCalledTimes(2);
  });

  it('counts durations to the minute, hours and days', () => {
    expect(duration('2026-11-20T09:00:00+08:00', '2026-11-20T09:45:59+08:00')).toBe('45 min');
    expect(duration('2026-11-20T09:00:00+08:00', '2026-11-20T12:05:00+08:00')).toBe('3 h 5 min');
    expect(duration('2026-11-20T09:00:00+08:00', '2026-11-22T13:00:00+08:00')).toBe('2 d 4 h');
    // the offsets count: 09:00 in Beijing is 01:00 UTC
    expect(duration('2026-11-20T09:00:00+08:00', '2026-11-20T02:00:00Z')).toBe('1 h 0 min');
    expect(duration('2026-11-20T09:00:00+08:00', null)).toBeNull();
    expect(duration('2026-11-20T09:00:00+08:00', '2026-11-19T09:00:00+08:00')).toBeNull();
  });
});
