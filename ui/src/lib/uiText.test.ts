// Every word the UI shows comes from the dictionaries (issue 11, item 9): a component that writes
// English straight into its markup, or shows the core's English `message`, is English in the
// Chinese UI. These checks read the components' source, so they catch it before anyone looks.
import { describe, expect, it } from 'vitest';
import { zhCN } from './i18n';

const sources = import.meta.glob('../components/**/*.svelte', { query: '?raw', import: 'default', eager: true }) as Record<
  string,
  string
>;

/** Blanks out what is not markup (script, style, comments, `{…}` expressions), keeping line breaks. */
function markupOnly(source: string): string {
  const blank = (m: string) => m.replace(/[^\n]/g, ' ');
  const stripped = source
    .replace(/<script[\s\S]*?<\/script>/g, blank)
    .replace(/<style[\s\S]*?<\/style>/g, blank)
    .replace(/<!--[\s\S]*?-->/g, blank);
  let out = '';
  let depth = 0;
  for (const ch of stripped) {
    if (ch === '{') depth++;
    out += depth > 0 && ch !== '\n' ? ' ' : ch;
    if (ch === '}') depth--;
  }
  return out.replace(/[{}]/g, ' ');
}

/** The `{…}` expressions of the markup, which is where a raw core message would be shown. */
function expressions(source: string): string[] {
  const markup = source.replace(/<script[\s\S]*?<\/script>/g, '').replace(/<style[\s\S]*?<\/style>/g, '');
  return markup.match(/\{[^{}]*\}/g) ?? [];
}

// Keycaps and formats are the same in both languages; the logo is a letter.
const SAME_IN_EVERY_LANGUAGE = new Set(['Ctrl', 'Enter', 'Esc', 'Tab', 'N', 'F', 'S', 'L', 'YYYY-MM-DD', 'YYYY-MM', '&nbsp;']);

// Where the core's own text is shown on purpose: a technical detail under a translated explanation.
const TECHNICAL_DETAIL = new Set(['shell/DamageBanner.svelte', 'shell/FatalError.svelte', 'shell/MissingDatabase.svelte']);

const LETTERS = /[A-Za-z\u3400-\u9fff]/;
// Punctuation of one language written into markup ("Customer：" in English): it comes from the
// dictionary too (`colon`).
const ONE_LANGUAGE_PUNCTUATION = /[：，。；（）、]/;

function name(path: string): string {
  return path.replace('../components/', '');
}

describe('UI text comes from the dictionaries', () => {
  it('finds the components', () => {
    expect(Object.keys(sources).length).toBeGreaterThan(40);
  });

  it('has no words written into markup', () => {
    const found: string[] = [];
    for (const [path, source] of Object.entries(sources)) {
      const markup = markupOnly(source);
      for (const m of markup.matchAll(/>([^<>]*)</g)) {
        const text = m[1].trim();
        if (ONE_LANGUAGE_PUNCTUATION.test(text)) found.push(`${name(path)}: punctuation "${text}"`);
        else if (LETTERS.test(text) && !text.split(/\s+/).every((w) => SAME_IN_EVERY_LANGUAGE.has(w))) {
          found.push(`${name(path)}: text "${text}"`);
        }
      }
      for (const m of markup.matchAll(/\s(placeholder|title|aria-label|alt|label)="([^"]*)"/g)) {
        if (LETTERS.test(m[2]) && !SAME_IN_EVERY_LANGUAGE.has(m[2].trim())) found.push(`${name(path)}: ${m[1]}="${m[2]}"`);
      }
    }
    expect(found).toEqual([]);
  });

  it('never shows the core’s English message, only translated codes and figures', () => {
    const found: string[] = [];
    for (const [path, source] of Object.entries(sources)) {
      if (TECHNICAL_DETAIL.has(name(path))) continue;
      for (const e of expressions(source)) {
        if (/\.message\b/.test(e)) found.push(`${name(path)}: ${e}`);
      }
    }
    expect(found).toEqual([]);
  });

  it('catches what it is meant to catch', () => {
    // The checks above pass vacuously if the helpers find nothing; show they find a planted case.
    const planted = '<script>let x = 1;</script>\n<p>Save {x}</p>\n<input placeholder="Search" />\n<span>{err.message}</span>';
    expect([...markupOnly(planted).matchAll(/>([^<>]*)</g)].map((m) => m[1].trim()).filter((t) => LETTERS.test(t))).toEqual([
      'Save',
    ]);
    expect(markupOnly(planted)).toContain('placeholder="Search"');
    expect(expressions(planted)).toContain('{err.message}');
  });

  it('has Chinese text in the Chinese dictionary, with only the Latin words Chinese users also write', () => {
    const allowed = new Set([
      'Folio', 'Excel', 'CSV', 'ISBN', 'VIP', 'English', 'Ctrl', 'Enter', 'Esc', 'Tab', 'Ctrl+Enter', 'Ctrl+S', 'Ctrl+F',
      'Ctrl+N', 'YYYY-MM-DD', 'MM-DD', 'X', 'x', 'I', 'A', 'A-',
      // File formats and the accounting software Chinese users know by these names.
      'xlsx', 'xls', 'csv', 'UTF-', 'GBK', 'KIS', 'T', 'Xero',
    ]);
    const found: string[] = [];
    for (const [key, text] of Object.entries(zhCN)) {
      for (const word of text.replace(/\{\w+\}/g, '').match(/[A-Za-z][A-Za-z.+-]*/g) ?? []) {
        if (!allowed.has(word)) found.push(`${key}: ${word}`);
      }
    }
    expect(found).toEqual([]);
  });
});
