import { afterEach, describe, expect, it } from 'vitest';
import { daysBetween, dueWords, everyWords, groupByKind, ruleLabel, subjectOf } from './reminders';
import { reminder } from './testData';
import { locale } from '../../lib/locale.svelte';
import { resetState } from '../../test/fixtures';

describe('reminder words', () => {
  afterEach(resetState);

  it.each([
    ['2026-11-20', '2026-11-23', 3],
    ['2026-11-22T23:59', '2026-11-23', 1],
    ['2026-02-28', '2026-03-01', 1],
    ['2028-02-28', '2028-03-01', 2],
    ['2026-03-28', '2026-03-30', 2],
    ['2025-12-31', '2026-01-01', 1],
    ['2026-11-23', '2026-11-23', 0],
  ])('counts whole calendar days from %s to %s: %i', (from, to, n) => {
    expect(daysBetween(from, to)).toBe(n);
  });

  it.each([
    [null, 'en', null],
    ['', 'en', null],
    ['30d', 'en', 'Every 30 days'],
    ['1d', 'en', 'Every day'],
    ['2w', 'en', 'Every 2 weeks'],
    ['1m', 'en', 'Every month'],
    ['3m', 'en', 'Every 3 months'],
    ['1y', 'en', 'Every year'],
    ['1d', 'zh-CN', '每天'],
    ['3m', 'zh-CN', '每 3 个月'],
    ['2y', 'zh-CN', '每 2 年'],
  ] as const)('reads the repeat %s (%s) as %s', (every, lang, words) => {
    locale.lang = lang;
    expect(everyWords(every)).toBe(words);
  });

  it('says "Overdue" alone when the window’s clock disagrees with the core’s bucket', () => {
    expect(dueWords(reminder(1, { bucket: 'overdue', due: '2026-11-23' }), '2026-11-23')).toBe('Overdue');
    expect(dueWords(reminder(1, { bucket: 'upcoming', due: '2026-11-26T08:00' }), '2026-11-23')).toBe('2026-11-26 08:00');
  });

  it('names rules it knows, and any other as made by hand', () => {
    expect(ruleLabel('case_follow_up')).toBe('Case follow-up');
    expect(ruleLabel(null)).toBe('Added by hand');
    expect(ruleLabel('something_new')).toBe('Made by a rule');
  });

  it('keeps the order within a group, and leaves out empty groups', () => {
    const rows = [reminder(5, { kind: 'other' }), reminder(2, { kind: 'call' }), reminder(9, { kind: 'other' })];
    expect(groupByKind(rows).map((g) => [g.kind, g.rows.map((r) => r.id)])).toEqual([
      ['call', [2]],
      ['other', [5, 9]],
    ]);
  });

  it('splits a festival’s customers into code and name', () => {
    const s = subjectOf(reminder(1, { customer: null, customers: ['C0001 新华书店 西湖店', 'C0002'] }));
    expect(s).toEqual({
      kind: 'customers',
      list: [
        { code: 'C0001', name: '新华书店 西湖店' },
        { code: 'C0002', name: '' },
      ],
      total: 2,
    });
    // a list the core cut short keeps its count of all
    const long = subjectOf(reminder(2, { customer: null, customers: ['C0001 新华书店'], customers_total: 900 }));
    expect(long.kind === 'customers' && long.total).toBe(900);
  });
});
