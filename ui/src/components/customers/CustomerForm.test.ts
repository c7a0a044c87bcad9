import { afterEach, describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import CustomerForm from './CustomerForm.svelte';
import { app } from '../../lib/store.svelte';
import { en } from '../../lib/i18n';
import { customer, mockBackend, resetState } from '../../test/fixtures';
import type { CustomerInput } from '../../lib/bindings';

function field(name: string): HTMLInputElement {
  const el = screen.getByTestId('customer-form').querySelector<HTMLInputElement>(`[name="${name}"]`);
  if (!el) throw new Error(`no input named ${name}`);
  return el;
}

async function type(name: string, value: string) {
  await fireEvent.input(field(name), { target: { value } });
}

describe('CustomerForm', () => {
  afterEach(resetState);

  it('has inputs named after the CustomerInput fields, and focuses name', async () => {
    render(CustomerForm, { form: { mode: 'create' } });
    for (const name of [
      'code', 'name', 'kind', 'discount', 'credit_limit', 'payment_terms_days', 'settlement', 'region',
      'address', 'tax_id', 'birthday', 'notes', 'tags', 'contacts.0.name', 'contacts.0.role',
      'contacts.0.phone', 'contacts.0.email', 'contacts.0.wechat',
    ]) {
      expect(field(name), name).toBeTruthy();
    }
    expect(field('code').placeholder).toBe(en.code_placeholder);
    await waitFor(() => expect(document.activeElement).toBe(field('name')));
  });

  it('shows the inline error from a rejected customer_create and keeps the input', async () => {
    const calls = mockBackend((cmd) => {
      if (cmd === 'customer_create') {
        throw { code: 'discount_range', message: 'discount out of range', field: 'discount' };
      }
      throw new Error(`unexpected ${cmd}`);
    });
    app.form = { mode: 'create' };
    render(CustomerForm, { form: { mode: 'create' } });
    await type('name', '新华书店');
    await type('discount', '12折');
    await fireEvent.click(screen.getByTestId('save-customer'));

    const err = await screen.findByTestId('error-discount');
    expect(err.textContent).toBe(en.err_discount_range);
    expect(screen.getByTestId('customer-form')).toBeTruthy();
    expect(app.form).not.toBeNull();
    expect(field('discount').value).toBe('12折');
    expect(field('name').value).toBe('新华书店');
    expect(field('discount').getAttribute('aria-invalid')).toBe('true');
    await waitFor(() => expect(document.activeElement).toBe(field('discount')));

    const create = calls.filter((c) => c.cmd === 'customer_create');
    expect(create).toHaveLength(1);
    const input = create[0].args.input as CustomerInput;
    expect(input.name).toBe('新华书店');
    expect(input.discount).toBe('12折');
    expect(input.contacts).toEqual([]);
  });

  it('shows all its errors at once, each going as its field is edited', async () => {
    const calls = mockBackend((cmd) => {
      if (cmd === 'customer_create') throw { code: 'discount_range', message: 'discount out of range', field: 'discount' };
      if (cmd === 'customer_check') {
        return [
          { code: 'discount_range', message: 'discount out of range', field: 'discount' },
          { code: 'phone_invalid', message: 'bad phone', field: 'contacts.0.phone' },
          { code: 'terms_invalid', message: 'bad terms', field: 'payment_terms_days' },
        ];
      }
      throw new Error(cmd);
    });
    render(CustomerForm, { form: { mode: 'create' } });
    await type('name', '新华书店');
    await type('discount', '12折');
    await type('payment_terms_days', 'x');
    await type('contacts.0.phone', 'ring');
    await fireEvent.click(screen.getByTestId('save-customer'));
    expect((await screen.findByTestId('error-discount')).textContent).toBe(en.err_discount_range);
    expect((await screen.findByTestId('error-contacts.0.phone')).textContent).toBe(en.err_phone_invalid);
    expect(screen.getByTestId('error-payment_terms_days').textContent).toBe(en.err_terms_invalid);
    expect(field('payment_terms_days').getAttribute('aria-invalid')).toBe('true');
    // The first is focused, as before; the check was sent what the save was.
    await waitFor(() => expect(document.activeElement).toBe(field('discount')));
    expect((calls.find((c) => c.cmd === 'customer_check')!.args.input as CustomerInput).discount).toBe('12折');

    await type('payment_terms_days', '30');
    expect(screen.queryByTestId('error-payment_terms_days')).toBeNull();
    expect(screen.getByTestId('error-contacts.0.phone')).toBeTruthy();
    expect(screen.getByTestId('error-discount')).toBeTruthy();
  });

  it('maps a contact error back to the row it came from', async () => {
    mockBackend(() => {
      // only the second row is non-empty, so the core sees it as contacts.0
      throw { code: 'phone_invalid', message: 'bad phone', field: 'contacts.0.phone' };
    });
    render(CustomerForm, { form: { mode: 'create' } });
    await type('name', 'A');
    await fireEvent.click(screen.getByTestId('add-contact'));
    await type('contacts.1.phone', '12');
    await fireEvent.click(screen.getByTestId('save-customer'));
    const err = await screen.findByTestId('error-contacts.1.phone');
    expect(err.textContent).toBe(en.err_phone_invalid);
    expect(screen.queryByTestId('error-contacts.0.phone')).toBeNull();
  });

  it('shows an error without a field above the form', async () => {
    mockBackend(() => {
      throw { code: 'db_error', message: 'disk I/O error' };
    });
    render(CustomerForm, { form: { mode: 'create' } });
    await type('name', 'A');
    await fireEvent.click(screen.getByTestId('save-customer'));
    expect((await screen.findByTestId('form-error')).textContent).toBe(en.err_db_error);
  });

  it('prefills an edit from the customer and saves with Ctrl+Enter', async () => {
    const calls = mockBackend((cmd, args) => {
      if (cmd === 'customer_update') return customer({ id: args.id as number });
      if (cmd === 'app_status') return null;
      throw new Error(cmd);
    });
    const c = customer({ id: 9, discount_bp: 6500, credit_limit_fen: 500000, payment_terms_days: 30, settlement: 'consignment' });
    app.form = { mode: 'edit', customer: c };
    render(CustomerForm, { form: app.form });
    expect(field('discount').value).toBe('6.5折');
    expect(field('credit_limit').value).toBe('5000.00');
    expect(field('payment_terms_days').value).toBe('30');
    expect(field('tags').value).toBe('VIP, 华东');
    expect(field('contacts.0.phone').value).toBe('13800138000');
    expect((field('settlement') as unknown as HTMLSelectElement).value).toBe('consignment');
    expect(screen.getByTestId('discount-hint').textContent).toContain('65%');

    await type('discount', '7折');
    await fireEvent.keyDown(field('discount'), { key: 'Enter', ctrlKey: true });
    await waitFor(() => expect(calls.some((x) => x.cmd === 'customer_update')).toBe(true));
    const update = calls.find((x) => x.cmd === 'customer_update')!;
    expect(update.args.id).toBe(9);
    expect((update.args.input as CustomerInput).discount).toBe('7折');
    expect((update.args.input as CustomerInput).credit_limit).toBe('5000.00');
    expect((update.args.input as CustomerInput).settlement).toBe('consignment');
    await waitFor(() => expect(app.form).toBeNull());
    expect(app.detailId).toBe(9);
    expect(app.route).toBe('customers');
  });

  it('makes no credit limit an explicit choice: a limit typed and deleted is refused, not unlimited', async () => {
    const calls = mockBackend((cmd) => {
      if (cmd === 'customer_create') return customer({ id: 3, credit_limit_fen: null });
      if (cmd === 'app_status') return null;
      throw new Error(cmd);
    });
    app.form = { mode: 'create' };
    render(CustomerForm, { form: app.form });
    const noLimit = screen.getByTestId('no-credit-limit') as HTMLInputElement;
    // A new customer starts with the choice made visibly: no limit.
    expect(noLimit.checked).toBe(true);
    await type('name', '实验学校');
    await type('credit_limit', 'abc');
    expect(noLimit.checked).toBe(false);
    await type('credit_limit', '');
    await fireEvent.click(screen.getByTestId('save-customer'));
    expect((await screen.findByTestId('error-credit_limit')).textContent).toBe(en.credit_needed);
    expect(calls.filter((c) => c.cmd === 'customer_create')).toHaveLength(0);
    expect(app.form).not.toBeNull();

    // Ticking "No limit" is the way to an unlimited customer.
    await fireEvent.click(noLimit);
    expect(noLimit.checked).toBe(true);
    expect(screen.queryByTestId('error-credit_limit')).toBeNull();
    await fireEvent.click(screen.getByTestId('save-customer'));
    await waitFor(() => expect(calls.filter((c) => c.cmd === 'customer_create')).toHaveLength(1));
    expect((calls.find((c) => c.cmd === 'customer_create')!.args.input as CustomerInput).credit_limit).toBe('');
  });

  it('warns of a customer on file with the same name and phone, naming it, and saves only on "Save anyway"', async () => {
    const calls = mockBackend((cmd) => {
      if (cmd === 'customer_duplicates') {
        return [{ id: 4, code: 'C0004', name: '成都新华书店', phone: '028-8666 1234', status: 'active' }];
      }
      if (cmd === 'customer_create') return customer({ id: 12 });
      if (cmd === 'app_status') return null;
      throw new Error(cmd);
    });
    app.form = { mode: 'create' };
    render(CustomerForm, { form: app.form });
    await type('name', '成都新华书店');
    await type('contacts.0.phone', '02886661234');
    await fireEvent.click(screen.getByTestId('save-customer'));
    const warning = await screen.findByTestId('duplicate-warning');
    expect(warning.textContent).toContain(en.duplicate_warning);
    const named = screen.getByTestId('duplicate-customer');
    expect(named.textContent).toContain('C0004');
    expect(named.textContent).toContain('成都新华书店');
    expect(named.textContent).toContain('028-8666 1234');
    expect(calls.filter((c) => c.cmd === 'customer_create')).toHaveLength(0);
    const asked = calls.find((c) => c.cmd === 'customer_duplicates')!;
    expect((asked.args.input as CustomerInput).contacts[0].phone).toBe('02886661234');
    expect(asked.args.except).toBeNull();
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('save-anyway')));

    await fireEvent.click(screen.getByTestId('save-anyway'));
    await waitFor(() => expect(calls.filter((c) => c.cmd === 'customer_create')).toHaveLength(1));
    expect(calls.find((c) => c.cmd === 'customer_create')!.args.ifDuplicate).toBe('save');
    await waitFor(() => expect(app.form).toBeNull());
  });

  it('saves at once, refusing duplicates, when none is on file; an edit is checked against the others', async () => {
    const calls = mockBackend((cmd, args) => {
      if (cmd === 'customer_duplicates') return [];
      if (cmd === 'customer_update') return customer({ id: args.id as number });
      if (cmd === 'app_status') return null;
      throw new Error(cmd);
    });
    const c = customer({ id: 9 });
    app.form = { mode: 'edit', customer: c };
    render(CustomerForm, { form: app.form });
    await fireEvent.click(screen.getByTestId('save-customer'));
    await waitFor(() => expect(calls.filter((x) => x.cmd === 'customer_update')).toHaveLength(1));
    expect(calls.find((x) => x.cmd === 'customer_duplicates')!.args.except).toBe(9);
    expect(calls.find((x) => x.cmd === 'customer_update')!.args.ifDuplicate).toBe('refuse');
    expect(screen.queryByTestId('duplicate-warning')).toBeNull();
  });

  it('an edit of a customer with a limit keeps "No limit" unticked, and ticking it clears the amount', async () => {
    const c = customer({ id: 9, credit_limit_fen: 500000 });
    render(CustomerForm, { form: { mode: 'edit', customer: c } });
    const noLimit = screen.getByTestId('no-credit-limit') as HTMLInputElement;
    expect(noLimit.checked).toBe(false);
    expect(field('credit_limit').value).toBe('5000.00');
    await fireEvent.click(noLimit);
    expect(field('credit_limit').value).toBe('');
  });

  it('shows what the discount input was understood as', async () => {
    render(CustomerForm, { form: { mode: 'create' } });
    await type('discount', '65%');
    expect(screen.getByTestId('discount-hint').textContent).toBe('Understood as 6.5折 (65%)');
    await type('discount', '六折');
    expect(screen.getByTestId('discount-hint').textContent).toBe('Understood as 6折 (60%)');
    await type('discount', '5.8');
    expect(screen.getByTestId('discount-hint').textContent).toBe('Understood as 5.8折 (58%)');
    await type('discount', '58');
    expect(screen.getByTestId('discount-hint').textContent).toBe('Understood as 5.8折 (58%)');
    await type('discount', 'abc');
    expect(screen.getByTestId('discount-hint').textContent).toBe(en.hint_invalid);
  });
});
