import { afterEach, describe, expect, it } from 'vitest';
import { fireEvent, render, screen } from '@testing-library/svelte';
import Exchange from './Exchange.svelte';
import { mockBackend, resetState } from '../../test/fixtures';
import { exportUi } from '../../lib/exchange.svelte';

describe('Exchange', () => {
  afterEach(() => {
    resetState();
    exportUi.tab = 'export';
  });

  it('shows export or import, one at a time, and keeps the tab chosen', async () => {
    mockBackend(() => null);
    const first = render(Exchange);
    expect(screen.getByTestId('export-panel')).toBeTruthy();
    expect(screen.queryByTestId('import-panel')).toBeNull();
    await fireEvent.click(screen.getByTestId('exchange-tab-import'));
    expect(screen.getByTestId('import-panel')).toBeTruthy();
    expect(screen.queryByTestId('export-panel')).toBeNull();
    expect(screen.getByTestId('exchange-tab-import').getAttribute('aria-selected')).toBe('true');
    first.unmount();
    render(Exchange);
    expect(screen.getByTestId('import-panel')).toBeTruthy();
  });
});
