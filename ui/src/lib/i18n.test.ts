import { describe, expect, it } from 'vitest';
import { dictionaries, en, normalizeLang, translate, translateErrorCode, zhCN } from './i18n';

const ERROR_CODES = [
  'name_required', 'too_long', 'code_invalid', 'code_taken', 'phone_invalid', 'email_invalid',
  'tax_id_invalid', 'discount_invalid', 'discount_range', 'credit_invalid', 'credit_negative',
  'credit_range', 'terms_invalid', 'terms_range', 'birthday_invalid', 'too_many_tags', 'not_found',
  'demo_not_empty', 'db_error', 'io_error',
  'isbn_invalid', 'price_invalid', 'price_range', 'title_required', 'title_taken', 'reorder_invalid',
  'isbn_fixed', 'price_fixed', 'supplier_unknown',
  // stock documents
  'supplier_taken', 'already_reversed', 'reverse_reversal', 'isbn_ambiguous', 'isbn_unknown',
  'line_invalid', 'lines_required', 'price_unknown', 'quantity_invalid', 'reason_required',
  'stock_negative', 'title_unknown',
  // receivables
  'amount_invalid', 'amount_range', 'period_invalid',
  // orders and returns
  'customer_required', 'customer_unknown', 'payment_method_invalid', 'stock_short', 'nothing_to_ship',
  'credit_exceeded', 'order_not_draft', 'order_not_confirmed', 'order_not_shipped', 'order_not_cancellable',
  'order_has_returns', 'order_unknown', 'order_other_customer', 'return_too_many', 'return_not_on_order',
  'date_invalid',
];

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
