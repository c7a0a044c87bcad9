import { describe, expect, it, vi } from 'vitest';
import { saveKeys } from './form.svelte';

function key(init: KeyboardEventInit, target?: EventTarget): KeyboardEvent {
  const e = new KeyboardEvent('keydown', { cancelable: true, ...init });
  if (target) Object.defineProperty(e, 'target', { value: target });
  return e;
}

describe('saveKeys', () => {
  it('saves on Ctrl+Enter, ⌘+Enter and Ctrl+S, and stops the key', () => {
    const save = vi.fn();
    const onKey = saveKeys(save);
    for (const init of [{ key: 'Enter', ctrlKey: true }, { key: 'Enter', metaKey: true }, { key: 's', ctrlKey: true }, { key: 'S', ctrlKey: true }]) {
      const e = key(init);
      onKey(e);
      expect(e.defaultPrevented).toBe(true);
    }
    expect(save).toHaveBeenCalledTimes(4);
  });

  it('leaves a plain Enter, a plain S and a composing key alone, unless Enter is asked for', () => {
    const save = vi.fn();
    saveKeys(save)(key({ key: 'Enter' }));
    saveKeys(save)(key({ key: 's' }));
    saveKeys(save)(key({ key: 'Enter', ctrlKey: true, isComposing: true }));
    expect(save).not.toHaveBeenCalled();

    const input = document.createElement('input');
    const inField = saveKeys(save, (e) => e.target instanceof HTMLInputElement);
    inField(key({ key: 'Enter' }, document.createElement('button')));
    expect(save).not.toHaveBeenCalled();
    inField(key({ key: 'Enter' }, input));
    expect(save).toHaveBeenCalledOnce();
  });

  it('can leave Ctrl+S to the browser', () => {
    const save = vi.fn();
    const e = key({ key: 's', ctrlKey: true });
    saveKeys(save, undefined, false)(e);
    expect(save).not.toHaveBeenCalled();
    expect(e.defaultPrevented).toBe(false);
  });
});
