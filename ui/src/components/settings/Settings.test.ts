import { afterEach, describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import Settings from './Settings.svelte';
import { mockBackend, resetState, status } from '../../test/fixtures';
import { app } from '../../lib/store.svelte';
import { en } from '../../lib/i18n';

describe('Settings: negative stock', () => {
  afterEach(resetState);

  it('turns negative stock on', async () => {
    app.status = status({ allow_negative_stock: false });
    const calls = mockBackend(() => null);
    render(Settings);
    const box = screen.getByTestId('allow-negative-stock') as HTMLInputElement;
    expect(box.checked).toBe(false);
    await fireEvent.click(box);
    await waitFor(() => expect(calls.find((c) => c.cmd === 'set_allow_negative_stock')?.args).toEqual({ allow: true }));
    await waitFor(() => expect(app.status?.allow_negative_stock).toBe(true));
    expect(box.checked).toBe(true);
  });

  it('turns it off, and reverts with the error when that fails', async () => {
    app.status = status({ allow_negative_stock: true });
    const calls = mockBackend(() => {
      throw { code: 'db_error', message: 'readonly database' };
    });
    render(Settings);
    const box = screen.getByTestId('allow-negative-stock') as HTMLInputElement;
    expect(box.checked).toBe(true);
    await fireEvent.click(box);
    expect((await screen.findByTestId('allow-negative-error')).textContent).toBe(en.err_db_error);
    expect(calls.find((c) => c.cmd === 'set_allow_negative_stock')?.args).toEqual({ allow: false });
    expect(app.status?.allow_negative_stock).toBe(true);
    expect(box.checked).toBe(true);
  });
});
