import { afterEach, describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/svelte';
import Today from './Today.svelte';
import { resetState, status } from '../../test/fixtures';
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
