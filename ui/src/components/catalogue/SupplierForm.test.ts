import { afterEach, describe, expect, it } from 'vitest';
import { fireEvent, render, screen } from '@testing-library/svelte';
import SupplierForm from './SupplierForm.svelte';
import { en } from '../../lib/i18n';
import { resetState } from '../../test/fixtures';

function hint(): string {
  return screen.getByTestId('discount-hint').textContent?.trim() ?? '';
}

async function typeDiscount(value: string) {
  const el = screen.getByTestId('supplier-form').querySelector<HTMLInputElement>('[name="discount"]')!;
  await fireEvent.input(el, { target: { value } });
}

describe('SupplierForm', () => {
  afterEach(resetState);

  it('says what the discount was understood as, as the customer form does', async () => {
    render(SupplierForm, { onsaved: () => {}, oncancel: () => {} });
    expect(hint()).toBe(en.supplier_discount_help);
    await typeDiscount('六折');
    expect(hint()).toBe('Understood as 6折 (60%)');
    await typeDiscount('5.8');
    expect(hint()).toBe('Understood as 5.8折 (58%)');
    await typeDiscount('58');
    expect(hint()).toBe('Understood as 5.8折 (58%)');
    await typeDiscount('6');
    expect(hint()).toBe(en.hint_invalid);
    await typeDiscount('1.5');
    expect(hint()).toBe(en.hint_range);
  });
});
