import { describe, expect, it } from 'vitest';
import { localToday, monthPeriod, needsPeriod, yearToDate } from './exchange';

describe('export periods', () => {
  it.each([
    ['2026-12-01', 0, '2026-12-01', '2026-12-31'],
    ['2026-12-01', -1, '2026-11-01', '2026-11-30'],
    ['2026-01-15', -1, '2025-12-01', '2025-12-31'],
    ['2024-03-31', -1, '2024-02-01', '2024-02-29'],
    ['2023-03-01', -1, '2023-02-01', '2023-02-28'],
    ['2026-11-30', 1, '2026-12-01', '2026-12-31'],
  ])('%s %i months: %s to %s', (today, offset, from, to) => {
    expect(monthPeriod(today, offset)).toEqual({ from, to });
  });

  it('the year so far ends today', () => {
    expect(yearToDate('2026-12-01')).toEqual({ from: '2026-01-01', to: '2026-12-01' });
  });

  it('the local date is the calendar day, zero-padded', () => {
    expect(localToday(new Date(2026, 0, 5, 23, 59))).toBe('2026-01-05');
  });

  it('only documents over time take a period', () => {
    expect(needsPeriod('ledger')).toBe(true);
    expect(needsPeriod('statement')).toBe(true);
    expect(needsPeriod('customers')).toBe(false);
    expect(needsPeriod('receivables')).toBe(false);
    expect(needsPeriod('stock')).toBe(false);
  });
});
