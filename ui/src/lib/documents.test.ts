import { describe, expect, it } from 'vitest';
import { discountBp, documentTotals, errorLine, lineFigures, lineNetFen, parseQuantity } from './documents';

describe('document figures', () => {
  it.each([
    ['6.5折', 6500],
    ['6折', 6000],
    ['65%', 6500],
    ['65.5%', 6550],
    ['0.65', 6500],
    ['.6', 6000],
    ['６.５折', 6500],
    [' 60 % ', 6000],
  ])('reads the discount %j as %i bp', (raw, bp) => {
    expect(discountBp(raw, null)).toBe(bp);
  });

  it('takes the supplier default for a blank discount and refuses what the core refuses', () => {
    expect(discountBp('', 6000)).toBe(6000);
    expect(discountBp('  ', null)).toBeNull();
    expect(discountBp('6', 6000)).toBeNull(); // ambiguous (6折 or 6%?): the core refuses a bare 6
    expect(discountBp('65', 6000)).toBe(6500); // 65%, the same as 6.5折: only one reading
    expect(discountBp('abc', 6000)).toBeNull();
    expect(discountBp('0', 6000)).toBeNull();
    expect(discountBp('12折', 6000)).toBeNull();
  });

  it('rounds a line half up once, in integer fen', () => {
    // domain.md: 12.90 × 5 at 6.5折 = 4192.5 fen -> 4193
    expect(lineNetFen(1290, 5, 6500)).toBe(4193);
    expect(lineNetFen(1290, 1, 6500)).toBe(839); // 838.5 -> 839
    expect(lineNetFen(1290, -5, 6500)).toBe(-4192); // -4192.5 -> -4192, like the core
    expect(lineNetFen(1290, -4, 6500)).toBe(-3354);
    expect(lineNetFen(99_999_99, 100_000, 10000)).toBe(999_999_900_000);
  });

  it('computes line and document figures, and — when a line cannot be read', () => {
    expect(lineFigures(1290, '5', '6.5折', 6000)).toEqual({ quantity: 5, bp: 6500, unitCost: 839, net: 4193 });
    expect(lineFigures(4500, '2', '', 6000)).toEqual({ quantity: 2, bp: 6000, unitCost: 2700, net: 5400 });
    expect(lineFigures(4500, 'x', '', 6000).net).toBeNull();
    const lines = [
      { listPriceFen: 1290, qty: '5', discount: '6.5折' },
      { listPriceFen: 4500, qty: '2', discount: '' },
    ];
    expect(documentTotals(lines, 6000)).toEqual({ titles: 2, copies: 7, listFen: 15450, netFen: 9593 });
    expect(documentTotals([...lines, { listPriceFen: 100, qty: '1', discount: '6' }], 6000).netFen).toBeNull();
  });

  it('reads quantities and the line an error names', () => {
    expect(parseQuantity('3')).toBe(3);
    expect(parseQuantity('0')).toBeNull();
    expect(parseQuantity('0', 0)).toBe(0);
    expect(parseQuantity('1.5')).toBeNull();
    expect(parseQuantity('-2')).toBeNull();
    expect(errorLine('lines.1')).toBe(1);
    expect(errorLine('lines.12.quantity')).toBe(12);
    expect(errorLine('lines')).toBeNull();
    expect(errorLine('supplier')).toBeNull();
    expect(errorLine(undefined)).toBeNull();
  });

  it('lets a line\'s own fallback discount win over the document\'s (opening stock)', () => {
    const t = documentTotals(
      [
        { listPriceFen: 1000, qty: '2', discount: '', fallbackBp: 5000 },
        { listPriceFen: 1000, qty: '1', discount: '' },
      ],
      6000,
    );
    expect(t).toEqual({ titles: 2, copies: 3, listFen: 3000, netFen: 1600 });
  });
});
