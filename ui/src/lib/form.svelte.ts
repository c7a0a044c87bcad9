// The controller of a form in a dialog: it keeps the error the core sent (`{code, message,
// field?}`), routes it to the field it names (or to the banner above the form when it names none
// of the form's fields), focuses that field (its text selected, to type over), clears the error
// as the user edits the field, and gives focus back to what had it when the form closes.
import { onDestroy, onMount, tick } from 'svelte';
import { toErrorPayload } from './api';
import type { ErrorPayload } from './bindings';
import { tError } from './locale.svelte';

export class FormController {
  error = $state<ErrorPayload | null>(null);
  saving = $state(false);
  /** The form element (bind it to the Modal's box). */
  el = $state<HTMLElement | null>(null);
  /** The field the error is about, when it is one of this form's. */
  inlineField = $derived(this.error?.field && this.isField(this.error.field) ? this.error.field : null);

  private returnFocus: Element | null = null;

  /**
   * `fields`: the `name`s of the form's inputs, as the core names them in `field` (or a test, for
   * a form whose inputs come and go, like a customer's contacts);
   * `bannerTestid`: the data-testid of the banner for an error that names none of them;
   * `returnFocusAfterSave`: give focus back after a save too, for a form whose page opens nothing
   * new to take it (the suppliers list).
   * Call it while the component initialises: it remembers what had focus on mount and gives it
   * back on destroy (unless the form was saved, or focus has gone elsewhere).
   */
  constructor(
    private readonly fields: ReadonlySet<string> | ((field: string) => boolean),
    readonly bannerTestid: string,
    private readonly options: { returnFocusAfterSave?: boolean } = {},
  ) {
    onMount(() => {
      this.returnFocus = document.activeElement;
    });
    onDestroy(() => {
      const target = this.returnFocus;
      if (target instanceof HTMLElement && target.isConnected && target !== document.body) {
        queueMicrotask(() => {
          if (document.activeElement === document.body || !document.activeElement) target.focus();
        });
      }
    });
  }

  private isField(field: string): boolean {
    return typeof this.fields === 'function' ? this.fields(field) : this.fields.has(field);
  }

  /** The message for `field`, when the error is about it. */
  errorFor(field: string): string | null {
    return this.error && this.inlineField === field ? tError(this.error) : null;
  }

  /** Focus the input named `name`. */
  focus(name: string): void {
    this.el?.querySelector<HTMLElement>(`[name="${name}"]`)?.focus();
  }

  /**
   * Run `action` (the save) once at a time. On an error: keep it, and focus the field it names
   * (unless it is read-only: there is nothing to type there), or the banner. When it goes through,
   * `done` gets its result; by then the form has stopped meaning to give focus back (unless
   * `returnFocusAfterSave`), so whatever `done` opens (a page, a drawer) keeps it. Resolves true
   * when the action went through.
   */
  async submit<R>(action: () => Promise<R>, done?: (result: R) => void): Promise<boolean> {
    if (this.saving) return false;
    this.saving = true;
    this.error = null;
    try {
      const result = await action();
      this.saving = false;
      if (!this.options.returnFocusAfterSave) this.returnFocus = null;
      done?.(result);
      return true;
    } catch (e) {
      this.error = toErrorPayload(e);
      this.saving = false;
      await tick();
      const field = this.inlineField;
      if (field) {
        const el = this.el?.querySelector<HTMLElement>(`[name="${field}"]`);
        if (el && !(el instanceof HTMLInputElement && el.readOnly)) {
          el.focus();
          if (el instanceof HTMLInputElement) el.select();
        }
      } else {
        this.el?.querySelector<HTMLElement>(`[data-testid="${this.bannerTestid}"]`)?.focus();
      }
      return false;
    }
  }

  /** An input event on the form: editing the field in error clears the error. */
  onInput = (e: Event): void => {
    const target = e.target as HTMLInputElement | null;
    if (this.error && this.inlineField && target?.name === this.inlineField) this.error = null;
  };
}

/**
 * The form's save keys: Ctrl+Enter (⌘+Enter on a Mac) saves, and Ctrl+S too unless `withS` is
 * false; a plain Enter saves where `enterSaves` says so (in a text field, say, but not in a
 * suggestion box that takes Enter to pick). A key typed while an input method composes is left
 * alone.
 */
export function saveKeys(save: () => void, enterSaves: (e: KeyboardEvent) => boolean = () => false, withS = true): (e: KeyboardEvent) => void {
  return (e) => {
    if (e.isComposing || e.keyCode === 229) return;
    const mod = e.ctrlKey || e.metaKey;
    const saves = e.key === 'Enter' ? mod || enterSaves(e) : withS && mod && e.key.toLowerCase() === 's';
    if (!saves) return;
    e.preventDefault();
    e.stopPropagation();
    save();
  };
}
