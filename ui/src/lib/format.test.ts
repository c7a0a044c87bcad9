import { describe, expect, it } from 'vitest';
import {
  discountToInput,
  fenToYuanInput,
  formatDiscount,
  formatAverageZhe,
  formatDate,
  formatFen,
  formatPercent,
  formatTimestamp,
  formatZhe,
  parseDiscountHint,
  splitTags,
} from './format';

describe('formatFen', () => {
  it.each([
    [0, '¥0.00'],
    [5, '¥0.05'],
    [99, '¥0.99'],
    [100, '¥1.00'],
    [123450, '¥1,234.50'],
    [500000, '¥5,000.00'],
    [100000000, '¥1,000,000.00'],
    [-1200, '-¥12.00'],
    [-5, '-¥0.05'],
    [4193, '¥41.93'],
    [123456789012, '¥1,234,567,890.12'],
  ])('%i fen -> %s', (fen, text) => {
    expect(formatFen(fen)).toBe(text);
  });
});

describe('fenToYuanInput', () => {
  it.each([
    [500000, '5000.00'],
    [123450, '1234.50'],
    [7, '0.07'],
    [0, '0.00'],
    [null, ''],
  ])('%s -> %s', (fen, text) => {
    expect(fenToYuanInput(fen)).toBe(text);
  });
});

describe('discount', () => {
  it.each([
    [6500, '6.5折', '65%'],
    [6000, '6折', '60%'],
    [6550, '6.55折', '65.5%'],
    [6525, '6.525折', '65.25%'],
    [7000, '7折', '70%'],
    [10000, '10折', '100%'],
    [500, '0.5折', '5%'],
    [1, '0.001折', '0.01%'],
  ])('%i bp -> %s / %s', (bp, zhe, pct) => {
    expect(formatZhe(bp)).toBe(zhe);
    expect(formatPercent(bp)).toBe(pct);
  });

  it('shows 折 in both languages', () => {
    expect(formatDiscount(6500, 'zh-CN')).toBe('6.5折');
    expect(formatDiscount(6500, 'en')).toBe('6.5折 (65%)');
  });

  it.each([
    [6500, '6.5折'],
    [8000, '8折'],
    [10000, ''],
  ])('edit prefill %i -> %j', (bp, text) => {
    expect(discountToInput(bp)).toBe(text);
  });

  it.each([
    ['6.5折', { kind: 'ok', bp: 6500 }],
    ['6折', { kind: 'ok', bp: 6000 }],
    [' 6.5 折 ', { kind: 'ok', bp: 6500 }],
    ['65%', { kind: 'ok', bp: 6500 }],
    ['65％', { kind: 'ok', bp: 6500 }],
    ['65.5%', { kind: 'ok', bp: 6550 }],
    ['0.65', { kind: 'ok', bp: 6500 }],
    ['.65', { kind: 'ok', bp: 6500 }],
    ['1', { kind: 'ok', bp: 10000 }],
    ['10折', { kind: 'ok', bp: 10000 }],
    ['', { kind: 'blank' }],
    ['   ', { kind: 'blank' }],
    ['0', { kind: 'range', bp: 0 }],
    ['0折', { kind: 'range', bp: 0 }],
    ['12折', { kind: 'range', bp: 12000 }],
    ['120%', { kind: 'range', bp: 12000 }],
    // As the core reads them (money::parse_discount's case table).
    ['六折', { kind: 'ok', bp: 6000 }],
    ['六五折', { kind: 'ok', bp: 6500 }],
    ['六点五折', { kind: 'ok', bp: 6500 }],
    ['对折', { kind: 'ok', bp: 5000 }],
    ['5.8', { kind: 'ok', bp: 5800 }],
    ['58', { kind: 'ok', bp: 5800 }],
    ['65', { kind: 'ok', bp: 6500 }],
    ['65.5', { kind: 'ok', bp: 6550 }],
    ['１００', { kind: 'ok', bp: 10000 }],
    ['2', { kind: 'invalid' }],
    ['6', { kind: 'invalid' }],
    ['10', { kind: 'invalid' }],
    ['1.5', { kind: 'range', bp: 15000 }],
    ['101', { kind: 'range', bp: 1010000 }],
    ['六x折', { kind: 'invalid' }],
    ['abc', { kind: 'invalid' }],
    ['6.5.5折', { kind: 'invalid' }],
    ['0.65432', { kind: 'invalid' }],
    ['折', { kind: 'invalid' }],
  ])('hint for %j', (text, expected) => {
    expect(parseDiscountHint(text)).toEqual(expected);
  });
});

describe('splitTags', () => {
  it.each([
    ['VIP, 华东', ['VIP', '华东']],
    ['VIP，华东、教辅', ['VIP', '华东', '教辅']],
    [' , ,', []],
    ['a, a, b', ['a', 'b']],
  ])('%j', (text, tags) => {
    expect(splitTags(text)).toEqual(tags);
  });
});

describe('formatTimestamp', () => {
  it.each([
    ['2026-01-05T09:30:00Z', '2026-01-05 09:30'],
    ['2026-01-05 09:30:12', '2026-01-05 09:30'],
    ['yesterday', 'yesterday'],
  ])('%s -> %s', (ts, text) => {
    expect(formatTimestamp(ts)).toBe(text);
  });
});

describe('formatDate', () => {
  it.each([
    ['2026-12-01', '2026-12-01'],
    ['2026-12-01T09:30:00Z', '2026-12-01'],
    ['2026-12-01 09:30:12', '2026-12-01'],
    ['2026/12/1', '2026-12-01'],
    ['农历八月十五', '农历八月十五'],
    ['', ''],
  ])('%j -> %j', (d, text) => {
    expect(formatDate(d)).toBe(text);
  });
  it('shows null as blank', () => {
    expect(formatDate(null)).toBe('');
  });
});

describe('formatAverageZhe', () => {
  it.each([
    // One 6.5折 line of 12.90 × 5: 4193 ÷ 6450 = 0.650077… → 6501 bp.
    [6501, '6.5折'],
    [6500, '6.5折'],
    [6495, '6.5折'],
    [6494, '6.49折'],
    [6365, '6.37折'],
    [3333, '3.33折'],
    [10000, '10折'],
  ])('%i -> %s', (bp, text) => {
    expect(formatAverageZhe(bp)).toBe(text);
  });
});
