import { afterEach, describe, expect, it } from 'vitest';
import { render, screen, waitFor } from '@testing-library/svelte';
import CustomerDetail from './CustomerDetail.svelte';
import { customer, emptyAccount, mockBackend, resetState } from '../../test/fixtures';
import { resetReceivables } from '../../lib/receivables.svelte';

describe('CustomerDetail: account section', () => {
  afterEach(() => {
    resetState();
    resetReceivables();
  });

  it('shows the customer’s account with its buttons', async () => {
    const calls = mockBackend((cmd) => {
      if (cmd === 'customer_get') return customer({ id: 3, code: 'C0003' });
      if (cmd === 'customer_account') return { ...emptyAccount('C0003'), balance_fen: 9900 };
      return null;
    });
    render(CustomerDetail, { id: 3, version: 1 });
    const section = await screen.findByTestId('account-section');
    await waitFor(() => expect(screen.getByTestId('account-balance').textContent).toBe('¥99.00'));
    expect(calls.find((c) => c.cmd === 'customer_account')?.args).toEqual({ customer: 'C0003' });
    for (const id of ['account-new-order', 'account-payment', 'account-statement']) {
      expect(section.querySelector(`[data-testid="${id}"]`)).toBeTruthy();
    }
    expect(screen.getByTestId('account-return-rate').textContent).toBe('0%');
  });
});
