import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from './bindings';
import { dictionaries, en, enOne, type MessageKey, normalizeLang, translate, translateErrorCode, zhCN } from './i18n';

describe('i18n', () => {
  it('has every key in both languages, and no extra ones', () => {
    const enKeys = Object.keys(en).sort();
    const zhKeys = Object.keys(zhCN).sort();
    expect(zhKeys).toEqual(enKeys);
    for (const lang of Object.keys(dictionaries) as (keyof typeof dictionaries)[]) {
      for (const key of enKeys) {
        const text = dictionaries[lang][key as keyof typeof en];
        expect(typeof text, `${lang}.${key}`).toBe('string');
        expect(text.length, `${lang}.${key}`).toBeGreaterThan(0);
      }
    }
  });

  it('uses the same placeholders in both languages', () => {
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      const names = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
      expect(names(zhCN[key]), key).toEqual(names(en[key]));
    }
  });

  it('translates every error code the core sends', () => {
    // ERROR_CODES is generated from the Rust enum, so a new code fails here until both languages have it.
    expect(ERROR_CODES.length).toBeGreaterThan(60);
    for (const code of ERROR_CODES) {
      expect(translateErrorCode('zh-CN', code, 'raw')).not.toBe('raw');
      expect(translateErrorCode('en', code, 'raw')).not.toBe('raw');
    }
  });

  it('fills the core’s figures into an error’s text', () => {
    expect(translateErrorCode('en', 'score_range', 'raw', { min: '1', max: '5' })).toBe('Give a score from 1 to 5.');
    expect(translateErrorCode('zh-CN', 'score_range', 'raw', { min: '0', max: '10' })).toBe('请给出 0 至 10 的分数。');
  });

  it('falls back to the message for unknown codes', () => {
    expect(translateErrorCode('en', 'weird_code', 'Raw message')).toBe('Raw message');
    expect(translateErrorCode('zh-CN', 'weird_code', '')).toBe(zhCN.err_generic);
  });

  it.each([
    [zhCN.nav_customers, '客户'],
    [zhCN.nav_catalogue, '书目与库存'],
    [zhCN.settlement_firm, '整批结算'],
    [zhCN.settlement_sale_or_return, '实销实结'],
    [zhCN.settlement_consignment, '寄销·代销'],
    [en.settlement_sale_or_return, 'Pay as sold'],
    [zhCN.field_credit_limit, '信用额度'],
    [zhCN.field_payment_terms_days, '账期'],
    [zhCN.credit_no_limit, '不限'],
    [en.kind_distributor, 'Distributor'],
    [zhCN.kind_distributor, '经销商'],
    [zhCN.nav_orders, '发货单'],
  ])('uses the glossary word %s', (text, word) => {
    expect(text).toBe(word);
  });

  it('names orders one way', () => {
    // The menu and the page it opens say the same word, and the trade's word is 发货单 throughout.
    expect(zhCN.orders_title).toBe(zhCN.nav_orders);
    expect(en.orders_title).toBe(en.nav_orders);
    expect(Object.entries(zhCN).filter(([, v]) => v.includes('订单'))).toEqual([]);
  });

  it('says 1 in the singular in English, and leaves Chinese alone', () => {
    expect(translate('en', 'count_results', { n: 1 })).toBe('1 result');
    expect(translate('en', 'count_results', { n: '1' })).toBe('1 result');
    expect(translate('en', 'count_results', { n: 2 })).toBe('2 results');
    expect(translate('en', 'count_results', { n: 11 })).toBe('11 results');
    expect(translate('en', 'stocktake_summary', { n: 1, c: 0 })).toBe('1 line on the sheet, 0 counted');
    expect(translate('zh-CN', 'count_results', { n: 1 })).toBe(zhCN.count_results.replace('{n}', '1'));
  });

  it('has a singular for every English count of things that can be 1', () => {
    // Counts that are never 1 where they are shown: a capped list shows its cap, a sample is hundreds.
    const neverOne = new Set(['count_results_capped', 'cat_count_capped', 'sample_loaded', 'today_customers_count']);
    const missing = (Object.keys(en) as MessageKey[]).filter(
      (k) => /\{n\} [a-z]+s\b/.test(en[k]) && !(k in enOne) && !neverOne.has(k),
    );
    expect(missing).toEqual([]);
    for (const [k, one] of Object.entries(enOne)) {
      const names = (s: string) => (s.match(/\{\w+\}/g) ?? []).filter((n) => n !== '{n}').sort();
      expect(names(one), k).toEqual(names(en[k as MessageKey]));
      expect(one, k).not.toMatch(/\b1 [a-z]+s\b/);
    }
  });

  it('fills placeholders', () => {
    expect(translate('en', 'terms_days', { n: 30 })).toBe('30 days');
    expect(translate('zh-CN', 'terms_days', { n: 30 })).toBe('30 天');
  });

  it.each([
    ['zh-CN', 'zh-CN'],
    ['zh', 'zh-CN'],
    ['zh-Hans-CN', 'zh-CN'],
    ['en', 'en'],
    ['en-US', 'en'],
    ['fr', 'en'],
    ['', 'en'],
  ])('normalizeLang(%j) = %s', (input, lang) => {
    expect(normalizeLang(input)).toBe(lang);
  });
});
