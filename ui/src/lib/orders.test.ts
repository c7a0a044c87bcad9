import { afterEach, describe, expect, it } from 'vitest';
import { locale } from './locale.svelte';
import { ORDER_STATUSES, orderStatusLabel } from './orders.svelte';

describe('orderStatusLabel', () => {
  afterEach(() => (locale.lang = 'en'));

  it('names every status the core sends', () => {
    expect(ORDER_STATUSES.map((s) => orderStatusLabel(s))).toEqual(['Draft', 'Confirmed', 'Shipped', 'Completed', 'Cancelled']);
  });

  it('shows a status it does not know as unknown, never as another status', () => {
    expect(orderStatusLabel('corrupt')).toBe('Unknown status (corrupt)');
    expect(orderStatusLabel('')).toBe('Unknown status ()');
    locale.lang = 'zh-CN';
    expect(orderStatusLabel('returned')).toBe('未知状态（returned）');
    expect(orderStatusLabel('draft')).toBe('草稿');
  });
});
