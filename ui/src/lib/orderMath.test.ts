import { describe, expect, it } from 'vitest';
import { addCopies, averageBp, fallbackDiscount, isShort, orderLineFigures, orderTotals, splitScanQuantity } from './orderMath';
import { formatFen, formatZhe } from './format';

describe('orderMath', () => {
  it('rounds a line net half up once: 12.90 × 5 at 6.5折 = ¥41.93', () => {
    const f = orderLineFigures(1290, '5', '6.5折', null);
    expect(f.listFen).toBe(6450);
    expect(f.netFen).toBe(4193);
    expect(formatFen(f.netFen!)).toBe('¥41.93');
  });

  it('takes the fallback discount for a blank line discount, and refuses bad input', () => {
    expect(orderLineFigures(1290, '5', '', 6500).netFen).toBe(4193);
    expect(orderLineFigures(1000, '3', '', 10000).netFen).toBe(3000);
    expect(orderLineFigures(1000, '3', '', null).netFen).toBeNull();
    expect(orderLineFigures(1000, '3', '6', 6500).netFen).toBeNull();
    expect(orderLineFigures(1000, 'x', '', 6500)).toMatchObject({ quantity: null, listFen: null, netFen: null });
  });

  it('sums lines for the totals and derives the average discount from them', () => {
    const t = orderTotals(
      [
        { listPriceFen: 1290, qty: '5', discount: '6.5折' }, // 6450 → 4193
        { listPriceFen: 4500, qty: '2', discount: '' }, // 9000 at 6折 → 5400
        { listPriceFen: 3800, qty: '1', discount: '70%' }, // 3800 → 2660
      ],
      6000,
    );
    expect(t).toMatchObject({ titles: 3, copies: 8, listFen: 19250, netFen: 12253 });
    // 12253 / 19250 = 0.63652 → 6365 bp
    expect(t.averageBp).toBe(6365);
    expect(formatZhe(t.averageBp!)).toBe('6.365折');
  });

  it('has no 实洋 or average while a line cannot be computed, and none for an empty order', () => {
    const t = orderTotals([{ listPriceFen: 1290, qty: '5', discount: 'abc' }], 6500);
    expect(t.netFen).toBeNull();
    expect(t.averageBp).toBeNull();
    expect(t.copies).toBe(5);
    expect(orderTotals([], 6500)).toMatchObject({ titles: 0, copies: 0, listFen: 0, netFen: 0, averageBp: null });
  });

  it('rounds the average half up', () => {
    expect(averageBp(4193, 6450)).toBe(6501); // 0.650077…
    expect(averageBp(1, 3)).toBe(3333);
    expect(averageBp(2, 3)).toBe(6667);
  });

  it('prefers the order discount over the customer’s', () => {
    expect(fallbackDiscount('', 6500)).toBe(6500);
    expect(fallbackDiscount('6折', 6500)).toBe(6000);
    expect(fallbackDiscount('', null)).toBeNull();
  });

  it('marks a line short only when more are ordered than are on hand', () => {
    expect(isShort('5', 4)).toBe(true);
    expect(isShort('4', 4)).toBe(false);
    expect(isShort('5', null)).toBe(false);
    expect(isShort('', 0)).toBe(false);
  });
});

describe('addCopies', () => {
  type L = { title_id: number; qty: string; key: number };
  it('adds to the line of a title already there, and returns it', () => {
    const lines: L[] = [{ title_id: 1, qty: '2', key: 1 }];
    const got = addCopies(lines, 1, 3, () => ({ title_id: 1, qty: '3', key: 2 }));
    expect(got).toBe(lines[0]);
    expect(lines).toEqual([{ title_id: 1, qty: '5', key: 1 }]);
  });
  it('pushes a new line for a title not there yet, and returns null', () => {
    const lines: L[] = [{ title_id: 1, qty: '2', key: 1 }];
    expect(addCopies(lines, 2, 1, () => ({ title_id: 2, qty: '1', key: 2 }))).toBeNull();
    expect(lines.map((l) => l.title_id)).toEqual([1, 2]);
  });
  it('counts a quantity that is not a number as none', () => {
    const lines: L[] = [{ title_id: 1, qty: 'x', key: 1 }];
    addCopies(lines, 1, 1, () => ({ title_id: 1, qty: '1', key: 2 }));
    expect(lines[0].qty).toBe('1');
  });

  it('reads a quantity typed beside a scan, before or after it, and nothing else', () => {
    const cases: [string, string, number][] = [
      ['40*9787020002207', '9787020002207', 40],
      ['9787020002207*40', '9787020002207', 40],
      ['40×9787020002207', '9787020002207', 40],
      ['9787020002207x40', '9787020002207', 40],
      ['9787020002207 X 3', '9787020002207', 3],
      ['5 x 红楼梦', '红楼梦', 5],
      ['9787020002207', '9787020002207', 1],
      ['978-7-02-000220-7', '978-7-02-000220-7', 1],
      // an ISBN-10 ends in X with no digits after it
      ['753290521X', '753290521X', 1],
      ['0*9787020002207', '0*9787020002207', 1],
      ['x40', 'x40', 1],
      ['活着', '活着', 1],
    ];
    for (const [raw, text, quantity] of cases) expect(splitScanQuantity(raw), raw).toEqual({ text, quantity });
  });
});
