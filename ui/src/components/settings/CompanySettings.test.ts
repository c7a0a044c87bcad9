import { afterEach, describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import Settings from './Settings.svelte';
import { mockBackend, resetState, status } from '../../test/fixtures';
import { app } from '../../lib/store.svelte';
import { en } from '../../lib/i18n';
import type { Company } from '../../lib/bindings';

const COMPANY: Company = {
  name: '杭州文澜图书有限公司',
  address: '杭州市拱墅区 1 号',
  phone: '0571-88886666',
  tax_id: '91330100MA2AXXXX1X',
  bank: '工商银行 1202 0000 0000',
};

describe('Settings: company details', () => {
  afterEach(resetState);

  it('loads the company and saves the edited fields with company_set', async () => {
    app.status = status();
    const calls = mockBackend((cmd, args) => {
      if (cmd === 'company_get') return COMPANY;
      if (cmd === 'company_set') return args.company;
      return null;
    });
    render(Settings);
    const card = await screen.findByTestId('company-settings');
    expect(card.textContent).toContain(en.company_hint);
    const name = screen.getByTestId('company-name') as HTMLInputElement;
    await waitFor(() => expect(name.value).toBe(COMPANY.name));
    await fireEvent.input(name, { target: { value: '  文澜图书  ' } });
    await fireEvent.input(screen.getByTestId('company-phone'), { target: { value: '0571-12345678' } });
    await fireEvent.click(screen.getByTestId('save-company'));
    expect((await screen.findByTestId('company-saved')).textContent).toBe(en.company_saved);
    expect(calls.filter((c) => c.cmd === 'company_set').map((c) => c.args)).toEqual([
      { company: { ...COMPANY, name: '文澜图书', phone: '0571-12345678' } },
    ]);
  });

  it('saves with Ctrl+S (and Ctrl+Enter), as the shortcut list says, keeping the browser from saving the page', async () => {
    app.status = status();
    const calls = mockBackend((cmd, args) => {
      if (cmd === 'company_get') return COMPANY;
      if (cmd === 'company_set') return args.company;
      return null;
    });
    render(Settings);
    const phone = screen.getByTestId('company-phone') as HTMLInputElement;
    await waitFor(() => expect(phone.value).toBe(COMPANY.phone));
    await fireEvent.input(phone, { target: { value: '0571-12345678' } });
    const notHandled = await fireEvent.keyDown(phone, { key: 's', ctrlKey: true });
    expect(notHandled).toBe(false); // preventDefault: not the browser's "save page"
    expect((await screen.findByTestId('company-saved')).textContent).toBe(en.company_saved);
    expect(calls.filter((c) => c.cmd === 'company_set').map((c) => c.args)).toEqual([
      { company: { ...COMPANY, phone: '0571-12345678' } },
    ]);
    await fireEvent.keyDown(window, { key: 'Enter', ctrlKey: true });
    await waitFor(() => expect(calls.filter((c) => c.cmd === 'company_set')).toHaveLength(2));
  });

  it('shows field errors inline', async () => {
    app.status = status();
    mockBackend((cmd) => {
      if (cmd === 'company_get') return COMPANY;
      if (cmd === 'company_set') throw { code: 'tax_id_invalid', message: 'bad', field: 'tax_id' };
      return null;
    });
    render(Settings);
    const taxId = screen.getByTestId('company-tax_id') as HTMLInputElement;
    await waitFor(() => expect(taxId.value).toBe(COMPANY.tax_id));
    await fireEvent.input(taxId, { target: { value: '123' } });
    await fireEvent.click(screen.getByTestId('save-company'));
    expect((await screen.findByTestId('error-tax_id')).textContent).toBe(en.err_tax_id_invalid);
    expect(taxId.getAttribute('aria-invalid')).toBe('true');
    expect(screen.queryByTestId('company-saved')).toBeNull();
  });
});
