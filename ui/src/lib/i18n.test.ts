import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from './bindings';
import { dictionaries, en, normalizeLang, translate, translateErrorCode, zhCN } from './i18n';

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

  it('falls back to the message for unknown codes', () => {
    expect(translateErrorCode('en', 'weird_code', 'Raw message')).toBe('Raw message');
    expect(translateErrorCode('zh-CN', 'weird_code', '')).toBe(zhCN.err_generic);
  });

  it('uses the glossary words', () => {
    expect(zhCN.nav_customers).toBe('客户');
    expect(zhCN.nav_catalogue).toBe('书目与库存');
    expect(zhCN.settlement_firm).toBe('整批结算');
    expect(zhCN.settlement_sale_or_return).toBe('实销实结');
    expect(zhCN.settlement_consignment).toBe('寄销·代销');
    expect(en.settlement_sale_or_return).toBe('Pay as sold');
    expect(zhCN.field_credit_limit).toBe('信用额度');
    expect(zhCN.field_payment_terms_days).toBe('账期');
    expect(zhCN.credit_no_limit).toBe('不限');
    expect(en.kind_distributor).toBe('Distributor');
    expect(zhCN.kind_distributor).toBe('经销商');
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
