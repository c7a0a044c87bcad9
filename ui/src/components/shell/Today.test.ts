import { afterEach, describe, expect, it } from 'vitest';
import { render, screen, waitFor } from '@testing-library/svelte';
import Today from './Today.svelte';
import { mockBackend, resetState, status } from '../../test/fixtures';
import { reminder, todayLists } from '../reminders/testData';
import { app } from '../../lib/store.svelte';
import { locale } from '../../lib/locale.svelte';

describe('Today: the shortcut hints', () => {
  afterEach(resetState);

  it('say what each key does on the screens where it does something else, naming them as the sidebar does', () => {
    app.status = status();
    render(Today);
    const hint = (id: string) => screen.getByTestId(`shortcut-${id}`).textContent ?? '';
    expect(hint('new')).toContain('New customer');
    expect(hint('new')).toContain('In Catalogue & stock: a new title');
    expect(hint('new')).toContain('in Stock documents: a purchase receipt');
    expect(hint('new')).toContain('in Orders: a sales order');
    expect(hint('find')).toContain('In Catalogue & stock: search the stock');
    expect(hint('save')).toContain('In Settings: the company details');
    expect(hint('save')).toContain('Ctrl+Enter posts it');
  });

  it('in Chinese too', () => {
    app.status = status();
    locale.lang = 'zh-CN';
    render(Today);
    expect(screen.getByTestId('shortcut-new').textContent).toContain('在书目与库存：新建书目');
    expect(screen.getByTestId('shortcut-save').textContent).toContain('在设置：保存公司信息');
  });
});

describe('Today: the reminders section', () => {
  afterEach(resetState);

  it('lists the reminders under the counts, and names its key in the shortcut list', async () => {
    mockBackend((cmd) => (cmd === 'reminders_today' ? todayLists([], [reminder(1)]) : null));
    app.status = status();
    render(Today);
    await waitFor(() => expect(screen.getAllByTestId('reminder-row')).toHaveLength(1));
    const section = screen.getByTestId('reminders');
    // between the counts and the shortcut list
    expect(screen.getByTestId('customer-count').compareDocumentPosition(section) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(section.compareDocumentPosition(screen.getByTestId('shortcut-new')) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    const hint = screen.getByTestId('shortcut-reminder');
    expect(hint.textContent).toContain('New reminder');
    expect(hint.previousElementSibling?.textContent).toBe('R');
  });

  it('is not shown on the first run, before there are customers', () => {
    mockBackend(() => null);
    app.status = status({ customer_count: 0 });
    render(Today);
    expect(screen.getByTestId('first-run')).toBeTruthy();
    expect(screen.queryByTestId('reminders')).toBeNull();
  });
});
