import { afterEach, describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/svelte';
import Later from './Later.svelte';
import { locale } from '../../lib/locale.svelte';

describe('Later', () => {
  afterEach(() => (locale.lang = 'en'));

  it('says which parts work today and which are still to come', () => {
    render(Later, { route: 'reports' });
    const text = screen.getByTestId('later-reports').textContent ?? '';
    for (const ready of ['customers', 'catalogue and stock', 'orders', 'returns', 'payments', 'receivables', 'statements']) {
      expect(text).toContain(ready);
    }
    for (const later of ['reminders', 'Excel', 'backups', 'reports']) expect(text).toContain(later);
  });

  it('says it in Chinese too', () => {
    locale.lang = 'zh-CN';
    render(Later, { route: 'reports' });
    const text = screen.getByTestId('later-reports').textContent ?? '';
    for (const word of ['客户', '库存', '发货单', '退货', '收款', '应收', '对账单', '提醒', 'Excel', '备份', '报表']) expect(text).toContain(word);
  });
});
