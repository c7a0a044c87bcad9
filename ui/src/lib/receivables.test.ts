import { afterEach, describe, expect, it } from 'vitest';
import { lastMonth, openStatement, rcvUi, resetReceivables, thisMonth, thisYear, todayIso } from './receivables.svelte';
import { app } from './store.svelte';
import { resetState } from '../test/fixtures';

describe('receivables periods', () => {
  afterEach(() => {
    resetState();
    resetReceivables();
  });

  it('this month runs from the 1st to the last day', () => {
    expect(thisMonth(new Date(2026, 1, 14))).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(thisMonth(new Date(2024, 1, 29))).toEqual({ from: '2024-02-01', to: '2024-02-29' });
    expect(thisMonth(new Date(2026, 11, 31))).toEqual({ from: '2026-12-01', to: '2026-12-31' });
  });

  it('last month crosses the year in January', () => {
    expect(lastMonth(new Date(2026, 0, 10))).toEqual({ from: '2025-12-01', to: '2025-12-31' });
    expect(lastMonth(new Date(2026, 2, 31))).toEqual({ from: '2026-02-01', to: '2026-02-28' });
  });

  it('this year and today', () => {
    expect(thisYear(new Date(2026, 5, 3))).toEqual({ from: '2026-01-01', to: '2026-12-31' });
    expect(todayIso(new Date(2026, 5, 3))).toBe('2026-06-03');
  });

  it('openStatement goes to the receivables route with the statement open', () => {
    app.route = 'customers';
    openStatement('C0007', { from: '2026-01-01', to: '2026-01-31' });
    expect(app.route).toBe('receivables');
    expect(rcvUi.screen).toEqual({ name: 'statement', code: 'C0007', from: '2026-01-01', to: '2026-01-31' });
  });
});
