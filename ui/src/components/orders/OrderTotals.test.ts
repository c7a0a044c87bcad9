import { describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/svelte';
import OrderTotals from './OrderTotals.svelte';
import { orderTotals } from '../../lib/orderMath';

describe('OrderTotals', () => {
  it('shows the average discount of one 6.5折 line as 6.5折, not 6.501折', () => {
    // 定价 12.90 × 5 at 6.5折: the net is rounded to the fen (4193), so 实洋 ÷ 码洋 is 6501 bp.
    render(OrderTotals, { totals: { titles: 1, copies: 5, listFen: 6450, netFen: 4193, averageBp: 6501 } });
    expect(screen.getByTestId('total-average').textContent).toBe('6.5折');
  });

  it('keeps the hundredth of a 折 of a mixed order', () => {
    render(OrderTotals, { totals: { ...orderTotals([], 6500), titles: 2, copies: 3, listFen: 300, netFen: 191, averageBp: 6367 } });
    expect(screen.getByTestId('total-average').textContent).toBe('6.37折');
  });
});
