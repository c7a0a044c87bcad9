import { afterEach, describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import CustomerDetail from './CustomerDetail.svelte';
import { customer, emptyAccount, mockBackend, resetState, status } from '../../test/fixtures';
import { en } from '../../lib/i18n';
import { app } from '../../lib/store.svelte';

describe('CustomerDetail: delete', () => {
  afterEach(resetState);

  function backend(onDelete: () => unknown) {
    return mockBackend((cmd) => {
      if (cmd === 'customer_get') return customer({ id: 5, code: 'C0005', name: '打错的客户', status: 'archived' });
      if (cmd === 'customer_account') return emptyAccount('C0005');
      if (cmd === 'customer_delete') return onDelete();
      if (cmd === 'app_status') return status();
      return null;
    });
  }

  it('offers delete only for an archived customer, asks first, then closes and reloads the list', async () => {
    const calls = backend(() => null);
    app.detailId = 5;
    render(CustomerDetail, { id: 5, version: 1 });
    await fireEvent.click(await screen.findByTestId('delete-customer'));
    expect(screen.getByTestId('delete-confirm').textContent).toContain('打错的客户');
    expect(calls.some((c) => c.cmd === 'customer_delete')).toBe(false);
    const before = app.listVersion;
    await fireEvent.click(screen.getByTestId('confirm-delete'));
    await waitFor(() => expect(app.detailId).toBeNull());
    expect(calls.filter((c) => c.cmd === 'customer_delete')).toEqual([{ cmd: 'customer_delete', args: { id: 5 } }]);
    expect(app.listVersion).toBe(before + 1);
  });

  it('says why a customer with documents cannot be deleted, and keeps the drawer', async () => {
    backend(() => {
      throw { code: 'customer_referenced', message: 'this customer has documents; archive it instead', field: 'id' };
    });
    app.detailId = 5;
    render(CustomerDetail, { id: 5, version: 1 });
    await fireEvent.click(await screen.findByTestId('delete-customer'));
    await fireEvent.click(screen.getByTestId('confirm-delete'));
    expect((await screen.findByTestId('delete-error')).textContent).toBe(en.err_customer_referenced);
    expect(app.detailId).toBe(5);
    expect(screen.getByTestId('customer-detail')).toBeTruthy();
  });

  it('has no delete button for an active customer', async () => {
    mockBackend((cmd) => {
      if (cmd === 'customer_get') return customer({ id: 6, code: 'C0006' });
      if (cmd === 'customer_account') return emptyAccount('C0006');
      return null;
    });
    render(CustomerDetail, { id: 6, version: 1 });
    await screen.findByTestId('archive-customer');
    expect(screen.queryByTestId('delete-customer')).toBeNull();
  });
});
