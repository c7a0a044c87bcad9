// The current UI language as reactive state, and `t()` bound to it.
import type { ErrorPayload } from './bindings';
import { type Lang, type MessageKey, normalizeLang, translate, translateErrorCode } from './i18n';

const state = $state<{ lang: Lang }>({ lang: 'en' });

export const locale = {
  get lang(): Lang {
    return state.lang;
  },
  set lang(value: Lang) {
    state.lang = value;
    if (typeof document !== 'undefined') document.documentElement.lang = value;
  },
};

export function setLangLocal(value: string): Lang {
  const lang = normalizeLang(value);
  locale.lang = lang;
  return lang;
}

export function t(key: MessageKey, params?: Record<string, string | number>): string {
  return translate(state.lang, key, params);
}

export function tError(e: ErrorPayload): string {
  return translateErrorCode(state.lang, e.code, e.message, e.params);
}
