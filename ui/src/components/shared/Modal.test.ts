import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import ModalHarness from '../../test/ModalHarness.svelte';

describe('Modal', () => {
  it('is a labelled modal dialog; the box takes the attributes (a form here)', () => {
    render(ModalHarness, { onclose1: vi.fn(), onclose2: vi.fn() });
    const dialog = screen.getByRole('dialog');
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    expect(document.getElementById(dialog.getAttribute('aria-labelledby')!)!.textContent).toBe('First');
    const form = screen.getByTestId('m1');
    expect(form.tagName).toBe('FORM');
    expect(form.classList.contains('dialog')).toBe(true);
    expect(form.hasAttribute('novalidate')).toBe(true);
    expect(form.parentElement).toBe(dialog);
    expect(dialog.parentElement!.classList.contains('backdrop')).toBe(true);
    expect(form.querySelector('.head h2')!.textContent).toBe('First');
    expect(screen.getByLabelText('Close first').closest('.head')).toBeTruthy();
  });

  it('moves focus into the dialog, to its first field', async () => {
    render(ModalHarness, { onclose1: vi.fn(), onclose2: vi.fn() });
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('m1-input')));
  });

  it('Esc inside closes it and goes no further', async () => {
    const onclose1 = vi.fn();
    const outer = vi.fn();
    window.addEventListener('keydown', outer);
    try {
      render(ModalHarness, { onclose1, onclose2: vi.fn() });
      await fireEvent.keyDown(screen.getByTestId('m1-input'), { key: 'Escape' });
      expect(onclose1).toHaveBeenCalledOnce();
      expect(outer).not.toHaveBeenCalled();
    } finally {
      window.removeEventListener('keydown', outer);
    }
  });

  it('leaves Esc to a field inside that uses it', async () => {
    const onclose1 = vi.fn();
    render(ModalHarness, { onclose1, onclose2: vi.fn() });
    await fireEvent.keyDown(screen.getByTestId('m1-own-esc'), { key: 'Escape' });
    expect(onclose1).not.toHaveBeenCalled();
  });

  it('Esc with focus behind the dialogs closes only the top one', async () => {
    const onclose1 = vi.fn();
    const onclose2 = vi.fn();
    render(ModalHarness, { onclose1, onclose2, two: true });
    await fireEvent.keyDown(screen.getByTestId('behind'), { key: 'Escape' });
    expect(onclose2).toHaveBeenCalledOnce();
    expect(onclose1).not.toHaveBeenCalled();
  });

  it('keeps Tab inside the dialog', async () => {
    render(ModalHarness, { onclose1: vi.fn(), onclose2: vi.fn() });
    const last = screen.getByTestId('m1-last');
    last.focus();
    await fireEvent.keyDown(last, { key: 'Tab' });
    const close = screen.getByLabelText('Close first');
    expect(document.activeElement).toBe(close);
    await fireEvent.keyDown(close, { key: 'Tab', shiftKey: true });
    expect(document.activeElement).toBe(last);
  });
});
