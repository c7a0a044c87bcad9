import { afterEach, describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import CustomerForm from './CustomerForm.svelte';
import CustomerDetail from './CustomerDetail.svelte';
import { en, zhCN } from '../../lib/i18n';
import { locale } from '../../lib/locale.svelte';
import { customer, emptyAccount, mockBackend, resetState } from '../../test/fixtures';
import type { CustomerInput } from '../../lib/bindings';

function field(name: string): HTMLInputElement {
  const el = screen.getByTestId('customer-form').querySelector<HTMLInputElement>(`[name="${name}"]`);
  if (!el) throw new Error(`no input named ${name}`);
  return el;
}

const type = (name: string, value: string) => fireEvent.input(field(name), { target: { value } });

describe('CustomerForm: birthdays', () => {
  afterEach(resetState);

  it('sends each contact’s birthday and lunar flag, and the main one’s; a row with only a birthday counts', async () => {
    const calls = mockBackend((cmd) => {
      if (cmd === 'customer_duplicates') return [];
      if (cmd === 'customer_create') return customer({ id: 4 });
      return null;
    });
    render(CustomerForm, { form: { mode: 'create' } });
    await type('name', '新华书店');
    await type('contacts.0.name', '王芳');
    await type('contacts.0.birthday', ' 08-15 ');
    await fireEvent.click(screen.getByTestId('contact-lunar-0'));
    await fireEvent.click(screen.getByTestId('add-contact'));
    await type('contacts.1.birthday', '1980-03-07');
    await type('birthday', '09-09');
    await fireEvent.click(screen.getByTestId('customer-birthday-lunar'));
    await fireEvent.click(screen.getByTestId('save-customer'));
    await waitFor(() => expect(calls.some((c) => c.cmd === 'customer_create')).toBe(true));
    const input = calls.find((c) => c.cmd === 'customer_create')!.args.input as CustomerInput;
    expect(input.contacts.map((c) => [c.name, c.birthday, c.birthday_lunar])).toEqual([
      ['王芳', '08-15', true],
      ['', '1980-03-07', false],
    ]);
    expect([input.birthday, input.birthday_lunar]).toEqual(['09-09', true]);
  });

  it('puts a contact’s birthday error on its row (counting rows sent), and the main one’s on it', async () => {
    let n = 0;
    mockBackend((cmd) => {
      if (cmd === 'customer_duplicates') return [];
      if (cmd === 'customer_check') return [];
      if (cmd !== 'customer_create') return null;
      n += 1;
      // only the second row is sent, so the core names it contacts.0
      if (n === 1) throw { code: 'birthday_invalid', message: 'bad', field: 'contacts.0.birthday' };
      throw { code: 'birthday_invalid', message: 'bad', field: 'birthday' };
    });
    render(CustomerForm, { form: { mode: 'create' } });
    await type('name', 'A');
    await fireEvent.click(screen.getByTestId('add-contact'));
    await type('contacts.1.birthday', '13-45');
    await fireEvent.click(screen.getByTestId('save-customer'));
    expect((await screen.findByTestId('error-contacts.1.birthday')).textContent).toBe(en.err_birthday_invalid);
    expect(document.activeElement).toBe(field('contacts.1.birthday'));
    expect(field('contacts.1.birthday').getAttribute('aria-invalid')).toBe('true');
    expect(screen.queryByTestId('error-contacts.0.birthday')).toBeNull();

    await type('birthday', '2-30');
    await fireEvent.click(screen.getByTestId('save-customer'));
    expect((await screen.findByTestId('error-birthday')).textContent).toBe(en.err_birthday_invalid);
    expect(document.activeElement).toBe(field('birthday'));
  });

  it('prefills the lunar flags of an edit', () => {
    const c = customer({
      birthday: '08-15',
      birthday_lunar: true,
      contacts: [{ ...customer().contacts[0], birthday: '1975-01-20', birthday_lunar: false }, { ...customer().contacts[0], name: '李雷', birthday: '03-03', birthday_lunar: true }],
    });
    render(CustomerForm, { form: { mode: 'edit', customer: c } });
    expect(field('birthday').value).toBe('08-15');
    expect((screen.getByTestId('customer-birthday-lunar') as HTMLInputElement).checked).toBe(true);
    expect(field('contacts.0.birthday').value).toBe('1975-01-20');
    expect((screen.getByTestId('contact-lunar-0') as HTMLInputElement).checked).toBe(false);
    expect((screen.getByTestId('contact-lunar-1') as HTMLInputElement).checked).toBe(true);
  });
});

describe('CustomerDetail: birthdays', () => {
  afterEach(resetState);

  it.each([
    ['en', 'Lunar 08-15', 'Lunar 03-03'],
    ['zh-CN', '农历 08-15', '农历 03-03'],
  ] as const)('marks lunar birthdays as such (%s)', async (lang, main, contact) => {
    locale.lang = lang;
    mockBackend((cmd) => {
      if (cmd === 'customer_get') {
        return customer({
          birthday: '08-15',
          birthday_lunar: true,
          contacts: [
            { ...customer().contacts[0], birthday: '03-03', birthday_lunar: true },
            { ...customer().contacts[0], name: '李雷', birthday: '1980-03-07', birthday_lunar: false },
          ],
        });
      }
      if (cmd === 'customer_account') return emptyAccount();
      return null;
    });
    render(CustomerDetail, { id: 1, version: 1 });
    expect((await screen.findByTestId('detail-birthday')).textContent).toBe(main);
    const words = lang === 'en' ? en : zhCN;
    expect(screen.getAllByTestId('contact-birthday').map((b) => b.textContent?.trim())).toEqual([
      `${words.fu_contact_birthday} ${contact}`,
      `${words.fu_contact_birthday} 1980-03-07`,
    ]);
  });
});
