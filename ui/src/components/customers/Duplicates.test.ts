import { afterEach, describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import Customers from './Customers.svelte';
import Duplicates from './Duplicates.svelte';
import { mockBackend, resetState } from '../../test/fixtures';
import type { DuplicateGroup, DuplicateMember } from '../../lib/bindings';
import { locale } from '../../lib/locale.svelte';

function member(id: number, over: Partial<DuplicateMember> = {}): DuplicateMember {
  return {
    id,
    code: `C${String(id).padStart(4, '0')}`,
    name: '成都新华书店',
    status: 'active',
    balance_fen: 0,
    order_count: 0,
    last_order_date: null,
    ...over,
  };
}

/** C0007 (3 orders) and C0012 share a phone and a name; C0020 and archived C0021 a tax id. */
function groups(): DuplicateGroup[] {
  return [
    {
      reasons: [
        { reason: 'phone', value: '028-8666 1234' },
        { reason: 'name', value: '成都新华书店' },
      ],
      members: [
        member(7, { order_count: 3, balance_fen: 3000, last_order_date: '2026-02-01' }),
        member(12, { balance_fen: 12000 }),
      ],
      member_count: 2,
    },
    {
      reasons: [{ reason: 'tax_id', value: '91510100MA6C1' }],
      members: [member(20, { name: '成都书城' }), member(21, { name: '成都购书中心', status: 'archived' })],
      member_count: 2,
    },
  ];
}

function rows(group: HTMLElement): string[] {
  return within(group)
    .getAllByTestId('duplicate-member')
    .map((r) => r.getAttribute('data-code') ?? '');
}

describe('Possible duplicates', () => {
  afterEach(resetState);

  it('shows each group with its reasons, marks archived customers and keeps the busiest by default', async () => {
    mockBackend(() => ({ total: 2, offset: 0, groups: groups() }));
    render(Duplicates, { onback: () => {} });
    await waitFor(() => expect(screen.getAllByTestId('duplicate-group')).toHaveLength(2));
    const [first, second] = screen.getAllByTestId('duplicate-group');
    expect(within(first).getAllByTestId('duplicate-reason').map((r) => r.textContent)).toEqual([
      'Same phone 028-8666 1234',
      'Same name 成都新华书店',
    ]);
    expect(rows(first)).toEqual(['C0007', 'C0012']);
    expect((within(first).getByLabelText('Keep C0007') as HTMLInputElement).checked).toBe(true);
    expect((within(first).getByLabelText('Merge C0012') as HTMLInputElement).checked).toBe(true);
    expect(within(second).getByText('Archived')).toBeTruthy();
    // An archived customer cannot be the one kept.
    expect((within(second).getByLabelText('Keep C0021') as HTMLInputElement).disabled).toBe(true);
    expect(screen.getByTestId('duplicates-count').textContent).toBe('2 groups');
  });

  it('confirms what will move, merges the ticked customers into the one kept, then reloads', async () => {
    let merged = false;
    const calls = mockBackend((cmd) => {
      if (cmd === 'customer_merge') {
        merged = true;
        return { from_code: 'C0012', into_code: 'C0007' };
      }
      return merged ? { total: 1, offset: 0, groups: groups().slice(1) } : { total: 2, offset: 0, groups: groups() };
    });
    render(Duplicates, { onback: () => {} });
    await waitFor(() => expect(screen.getAllByTestId('duplicate-group')).toHaveLength(2));
    const first = screen.getAllByTestId('duplicate-group')[0];
    // Keep the other one instead: C0007 becomes the one merged.
    await fireEvent.click(within(first).getByLabelText('Keep C0012'));
    await fireEvent.click(within(first).getByTestId('merge-open'));

    const dialog = await screen.findByTestId('merge-dialog');
    expect(within(dialog).getByText('Merge into C0012?')).toBeTruthy();
    expect(within(dialog).getAllByTestId('merge-line').map((l) => l.textContent)).toEqual([
      'C0007 成都新华书店: balance ¥30.00, 3 orders',
    ]);
    expect(dialog.textContent).toContain('cannot be undone, except by hand');
    expect(calls.filter((c) => c.cmd === 'customer_merge')).toHaveLength(0);

    await fireEvent.click(within(dialog).getByTestId('merge-confirm'));
    await waitFor(() => expect(screen.getAllByTestId('duplicate-group')).toHaveLength(1));
    expect(calls.filter((c) => c.cmd === 'customer_merge').map((c) => c.args)).toEqual([{ from: 7, into: 12 }]);
    expect(calls.filter((c) => c.cmd === 'customers_possible_duplicates')).toHaveLength(2);
    expect(screen.queryByTestId('merge-dialog')).toBeNull();
    expect(screen.getByTestId('duplicates-notice').textContent).toBe('1 customer merged into C0012.');
  });

  it('shows a refusal in the dialog, translated, and keeps it open', async () => {
    locale.lang = 'zh-CN';
    mockBackend((cmd) => {
      if (cmd === 'customer_merge') throw { code: 'merge_into_archived', message: 'C0007 is archived', params: { code: 'C0007' } };
      return { total: 1, offset: 0, groups: groups().slice(0, 1) };
    });
    render(Duplicates, { onback: () => {} });
    await waitFor(() => expect(screen.getAllByTestId('duplicate-group')).toHaveLength(1));
    await fireEvent.click(screen.getByTestId('merge-open'));
    await fireEvent.click(await screen.findByTestId('merge-confirm'));
    const error = await screen.findByTestId('dialog-error');
    expect(error.textContent).toBe('C0007 已归档：请先恢复它，或保留另一个客户。');
    expect(screen.getByTestId('merge-dialog')).toBeTruthy();
  });

  it('says so when there are no possible duplicates', async () => {
    mockBackend(() => ({ total: 0, offset: 0, groups: [] }));
    render(Duplicates, { onback: () => {} });
    expect((await screen.findByTestId('duplicates-empty')).textContent).toContain('No possible duplicates');
  });
});

describe('Customers page', () => {
  afterEach(resetState);

  it('opens the possible duplicates from its toolbar and goes back to the list', async () => {
    const calls = mockBackend((cmd) =>
      cmd === 'customers_possible_duplicates' ? { total: 2, offset: 0, groups: groups() } : { total: 0, offset: 0, rows: [] },
    );
    render(Customers);
    await fireEvent.click(await screen.findByTestId('open-duplicates'));
    await waitFor(() => expect(screen.getAllByTestId('duplicate-group')).toHaveLength(2));
    expect(calls.find((c) => c.cmd === 'customers_possible_duplicates')?.args).toEqual({ offset: 0, limit: 50 });
    await fireEvent.click(screen.getByTestId('duplicates-back'));
    await screen.findByTestId('new-customer');
    expect(screen.queryByTestId('duplicates-page')).toBeNull();
  });
});
