import { afterEach, describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import CustomerDetail from './CustomerDetail.svelte';
import { customer, emptyAccount, mockBackend, resetState } from '../../test/fixtures';
import type { MergedInto } from '../../lib/bindings';
import { locale } from '../../lib/locale.svelte';
import { app } from '../../lib/store.svelte';

const MERGED = customer({ id: 12, code: 'C0012', name: '成都新华书店 二店', status: 'archived' });

function backend(shown: ReturnType<typeof customer>, into: MergedInto | null) {
  return mockBackend((cmd) => {
    if (cmd === 'customer_get') return shown;
    if (cmd === 'customer_account') return emptyAccount(shown.code);
    if (cmd === 'customer_merged_into') return into;
    return null;
  });
}

describe("CustomerDetail: where a merged customer went", () => {
  afterEach(resetState);

  it('names the customer kept, and opens it', async () => {
    const calls = backend(MERGED, { id: 7, code: 'C0007', name: '成都新华书店', at: '2026-02-01T09:00:00+08:00' });
    app.detailId = 12;
    render(CustomerDetail, { id: 12, version: 1 });
    const line = await screen.findByTestId('detail-merged-into');
    expect(line.textContent?.replace(/\s+/g, ' ').trim()).toBe('Merged into C0007 成都新华书店');
    expect(calls.filter((c) => c.cmd === 'customer_merged_into').map((c) => c.args)).toEqual([{ id: 12 }]);
    const before = app.detailVersion;
    await fireEvent.click(screen.getByTestId('merged-into-link'));
    expect(app.detailId).toBe(7);
    expect(app.detailVersion).toBe(before + 1);
  });

  it('says it in Chinese', async () => {
    locale.lang = 'zh-CN';
    backend(MERGED, { id: 7, code: 'C0007', name: '成都新华书店', at: '2026-02-01T09:00:00+08:00' });
    render(CustomerDetail, { id: 12, version: 1 });
    const line = await screen.findByTestId('detail-merged-into');
    expect(line.textContent?.replace(/\s+/g, ' ').trim()).toBe('合并到 C0007 成都新华书店');
  });

  it('gives the code alone, with nothing to open, when no customer holds it now', async () => {
    backend(MERGED, { id: null, code: 'C0007', name: '', at: '2026-02-01T09:00:00+08:00' });
    render(CustomerDetail, { id: 12, version: 1 });
    const line = await screen.findByTestId('detail-merged-into');
    expect(line.textContent?.replace(/\s+/g, ' ').trim()).toBe('Merged into C0007');
    expect(screen.queryByTestId('merged-into-link')).toBeNull();
  });

  it('says nothing for a customer archived by hand', async () => {
    const calls = backend(MERGED, null);
    render(CustomerDetail, { id: 12, version: 1 });
    await screen.findByTestId('restore-customer');
    await waitFor(() => expect(calls.some((c) => c.cmd === 'customer_merged_into')).toBe(true));
    expect(screen.queryByTestId('detail-merged-into')).toBeNull();
  });

  it('does not ask for an active customer', async () => {
    const calls = backend(customer({ id: 7, code: 'C0007' }), null);
    render(CustomerDetail, { id: 7, version: 1 });
    await screen.findByTestId('archive-customer');
    expect(calls.some((c) => c.cmd === 'customer_merged_into')).toBe(false);
  });
});
