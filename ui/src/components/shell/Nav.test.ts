import { afterEach, describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import Nav from './Nav.svelte';
import { mockBackend, resetState } from '../../test/fixtures';
import { locale } from '../../lib/locale.svelte';
import { todayLists } from '../reminders/testData';
import { app } from '../../lib/store.svelte';
import { api } from '../../lib/api';
import { docs, drafts, lineKey, showDocument } from '../../lib/documents.svelte';
import { openOrder, openReturn, ordersUi, startOrder } from '../../lib/orders.svelte';
import { openStatement, rcvUi } from '../../lib/receivables.svelte';
import { stockDocument, title } from '../../lib/documentsTestData';

describe('Nav', () => {
  afterEach(resetState);

  it('opens each section at its list, not the document, order, return or statement open last', async () => {
    render(Nav);
    showDocument(stockDocument('PR-20260302-0001'));
    openReturn(7);
    openStatement('C0001');
    app.route = 'today';

    await fireEvent.click(screen.getByTestId('nav-documents'));
    expect(app.route).toBe('documents');
    expect(docs.screen.name).toBe('list');

    await fireEvent.click(screen.getByTestId('nav-orders'));
    expect(app.route).toBe('orders');
    expect(ordersUi.screen.name).toBe('list');

    openOrder(3, 'shipped');
    await fireEvent.click(screen.getByTestId('nav-orders'));
    expect(ordersUi.screen.name).toBe('list');

    await fireEvent.click(screen.getByTestId('nav-receivables'));
    expect(app.route).toBe('receivables');
    expect(rcvUi.screen.name).toBe('aging');
  });

  it('keeps work not yet posted open, and asks before leaving it when its own item is clicked', async () => {
    render(Nav);
    docs.screen = { name: 'editor', kind: 'receipt' };
    drafts.receipt.lines.push({ key: lineKey(), title: title(1), qty: '8', discount: '' });
    docs.dirty = true;
    startOrder('C0001');
    app.route = 'today';

    await fireEvent.click(screen.getByTestId('nav-documents'));
    expect(docs.screen).toEqual({ name: 'editor', kind: 'receipt' });
    expect(docs.confirmLeave).toBe(false);
    await fireEvent.click(screen.getByTestId('nav-documents'));
    expect(docs.confirmLeave).toBe(true);
    expect(drafts.receipt.lines).toHaveLength(1);

    await fireEvent.click(screen.getByTestId('nav-orders'));
    expect(ordersUi.screen.name).toBe('editor');
  });

  it('opens the list instead of an editor left empty', async () => {
    render(Nav);
    docs.screen = { name: 'stocktake' };
    app.route = 'today';
    await fireEvent.click(screen.getByTestId('nav-documents'));
    expect(docs.screen.name).toBe('list');
  });
});

describe('Nav: the reminders due', () => {
  afterEach(() => {
    resetState();
    app.dueCount = null;
  });

  function backend(counts: number[]) {
    return mockBackend((cmd) => {
      if (cmd !== 'reminders_today') return null;
      return { ...todayLists([], []), due_count: counts.length > 1 ? counts.shift()! : counts[0] };
    });
  }

  it('shows the number overdue and due today on the Today item, read at start and after outside changes', async () => {
    const calls = backend([3, 1, 0]);
    render(Nav);
    const count = await screen.findByTestId('nav-due-count');
    expect(count.textContent).toContain('3');
    expect(count.closest('[data-testid="nav-today"]')).not.toBeNull();
    expect(count.querySelector('.visually-hidden')?.textContent).toBe('3 reminders due');

    app.dataVersion += 1;
    await waitFor(() => expect(screen.getByTestId('nav-due-count').querySelector('.visually-hidden')?.textContent).toBe('1 reminder due'));
    locale.lang = 'zh-CN';
    await waitFor(() => expect(screen.getByTestId('nav-due-count').querySelector('.visually-hidden')?.textContent).toBe('1 条提醒到期'));

    // none due: no badge
    app.dataVersion += 1;
    await waitFor(() => expect(screen.queryByTestId('nav-due-count')).toBeNull());
    expect(calls.filter((c) => c.cmd === 'reminders_today')).toHaveLength(3);
  });

  it('reads the count again after this window logs a call elsewhere, and not after other writes', async () => {
    const calls = backend([2, 1]);
    app.route = 'customers';
    render(Nav);
    await screen.findByTestId('nav-due-count');
    await api.customerCheck({} as never);
    await api.interactionAdd({} as never);
    await waitFor(() => expect(screen.getByTestId('nav-due-count').querySelector('.visually-hidden')?.textContent).toBe('1 reminder due'));
    expect(calls.filter((c) => c.cmd === 'reminders_today')).toHaveLength(2);
  });

  it('follows the count Today sets after an action, and shows 99+ past 99', async () => {
    backend([2]);
    render(Nav);
    await screen.findByTestId('nav-due-count');
    app.dueCount = 120;
    await waitFor(() => expect(screen.getByTestId('nav-due-count').firstElementChild?.textContent).toBe('99+'));
  });
});
