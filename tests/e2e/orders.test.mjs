// Order entry to statement in the real desktop app: ten ISBNs scanned into an
// order for a customer found by pinyin initials, confirmed, its delivery note
// previewed, two copies returned, a payment recorded; the customer's balance and
// statement agree with each other and with the ledger.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { withApp, tempDb, shot, CLI, cli, text, ENTER } from './harness.mjs';


/** ¥1,234.56 → 123456 */
function fen(s) {
  const m = s.replace(/,/g, '').match(/-?¥?(-?\d+)\.(\d\d)/);
  assert.ok(m, `no amount in ${JSON.stringify(s)}`);
  const v = Number(m[1].replace('-', '')) * 100 + Number(m[2]);
  return s.includes('-') ? -v : v;
}

test('scan ten ISBNs into an order, confirm, print preview, return two, take a payment', async () => {
  const db = tempDb();
  execFileSync(CLI, ['--db', db, 'demo', '--customers', '0', '--titles', '60', '--seed', '7']);
  execFileSync(CLI, ['--db', db, 'customers', 'add', '--name', '成都新华书店', '--discount', '6.5折', '--terms', '30']);
  execFileSync(CLI, ['--db', db, 'customers', 'add', '--name', '重庆大学图书馆', '--type', 'library']);
  const stock = cli(db, ['stock', 'list']).filter((t) => t.quantity >= 3);
  const picked = stock.slice(0, 10);
  assert.equal(picked.length, 10);
  let number;

  await withApp(db, async (b) => {
    await b.$('[data-testid="nav-orders"]').click();
    await b.$('[data-testid="new-order"]').click();
    const customer = b.$('[data-testid="order-customer"]');
    await customer.waitForDisplayed({ timeout: 5000 });
    await customer.addValue('xhsd');
    await b.$('[data-testid="customer-option"]').waitForDisplayed({ timeout: 5000 });
    await customer.addValue(ENTER);
    await b.waitUntil(async () => /成都新华书店/.test(await text(b.$('[data-testid="customer-info"]'))), {
      timeout: 5000,
      timeoutMsg: 'xhsd should pick 成都新华书店',
    });
    const scan = b.$('[data-testid="scan-input"]');
    await scan.click();
    // Ten ISBNs, and the first one twice more: the same book scanned again adds a copy.
    const burst = [...picked, picked[0], picked[0]];
    await scan.addValue(burst.map((t) => t.isbn + ENTER).join(''));
    await b.waitUntil(async () => (await b.$$('[data-testid="order-line"]').length) === 10, {
      timeout: 15000,
      timeoutMsg: 'ten scans should make ten order lines',
    });
    // Live totals: 10 titles, 12 copies, 实洋 = Σ round-half-up(price × qty × 0.65).
    const qtys = picked.map((_, i) => (i === 0 ? 3 : 1));
    const net = picked.reduce(
      (s, t, i) => s + Math.floor((t.list_price_fen * qtys[i] * 6500 + 5000) / 10000),
      0,
    );
    assert.equal(await b.$$('[data-testid="line-qty"]')[0].getValue(), '3');
    assert.equal(await text(b.$('[data-testid="total-titles"]')), '10');
    assert.equal(await text(b.$('[data-testid="total-copies"]')), '12');
    assert.equal(fen(await text(b.$('[data-testid="total-net"]'))), net);
    await shot(b, 'order-entry');
    await b.$('[data-testid="confirm-order"]').click();
    const num = b.$('[data-testid="order-number"]');
    await num.waitForDisplayed({ timeout: 10000 });
    number = await text(num);
    assert.match(number, /^SO-\d{8}-\d{4}$/);

    await b.$('[data-testid="print-note"]').click();
    const note = b.$('[data-testid="delivery-note"]');
    await note.waitForDisplayed({ timeout: 5000 });
    assert.equal((await b.$$('[data-testid="note-line"]')).length, 10);
    assert.match(await text(note), new RegExp(number));
    assert.equal(fen(await text(b.$('[data-testid="note-net"]'))), net);
    await shot(b, 'delivery-note');
    await b.$('[data-testid="note-close"]').click();

    await b.$('[data-testid="return-books"]').click();
    await b.$('[data-testid="return-editor"]').waitForDisplayed({ timeout: 5000 });
    // The scan box has the focus: two scans of the first book count two copies on its line,
    // which is marked damaged (written off, credited all the same).
    const returnScan = b.$('[data-testid="scan-input"]');
    await b.waitUntil(async () => returnScan.isFocused(), {
      timeout: 5000,
      timeoutMsg: 'the return editor should focus its scan box',
    });
    await returnScan.addValue(picked[0].isbn + ENTER + picked[0].isbn + ENTER);
    const qty = (await b.$$('[data-testid="return-qty"]'))[0];
    await b.waitUntil(async () => (await qty.getValue()) === '2', { timeout: 5000, timeoutMsg: 'two scans, two copies' });
    await (await b.$$('[data-testid="return-line-damaged"]'))[0].click();
    await shot(b, 'return-editor');
    await b.$('[data-testid="post-return"]').click();
    await b.$('[data-testid="return-number"]').waitForDisplayed({ timeout: 5000 });
    await shot(b, 'return-posted');
    await b.$('[data-testid="print-return-note"]').click();
    const returnNote = b.$('[data-testid="return-note"]');
    await returnNote.waitForDisplayed({ timeout: 5000 });
    assert.equal((await b.$$('[data-testid="return-note-line"]')).length, 1);
    assert.match(await text(b.$('[data-testid="return-note-condition"]')), /Damaged|残损/);
    await shot(b, 'return-note');
    await b.$('[data-testid="note-close"]').click();

    await b.$('[data-testid="nav-receivables"]').click();
    await b.$('[data-testid="record-payment"]').click();
    await b.$('[data-testid="payment-form"]').waitForDisplayed({ timeout: 5000 });
    const who = b.$('[data-testid="payment-customer"]');
    await who.addValue('xhsd');
    const option = b.$('[data-testid="payment-customer-option"][data-code="C0001"]');
    await option.waitForDisplayed({ timeout: 5000 });
    // Keyboard only: the first suggestion is highlighted, Enter picks it, and the
    // customer's name shows under the box.
    await b.keys('Enter');
    const payer = b.$('[data-testid="payment-customer-picked"][data-code="C0001"]');
    await payer.waitForDisplayed({ timeout: 5000 });
    assert.match(await payer.getText(), /成都新华书店/);
    await b.$('[data-testid="payment-amount"]').setValue('100');
    await b.$('[data-testid="payment-reference"]').setValue('微信转账');
    await shot(b, 'payment-form');
    await b.$('[data-testid="save-payment"]').click();
    await b.$('[data-testid="payment-form"]').waitForDisplayed({ reverse: true, timeout: 5000 });
    const row = b.$('[data-testid="aging-row"][data-code="C0001"]');
    await row.waitForDisplayed({ timeout: 5000 });
    await shot(b, 'receivables');
    await row.$('td').click();
    const closing = b.$('[data-testid="statement-closing"]');
    await closing.waitForDisplayed({ timeout: 5000 });
    assert.equal((await b.$$('[data-testid="statement-line"]')).length, 3, 'order, return, payment');
    await shot(b, 'statement');
  });

  // The ledger agrees with what the screens showed.
  const order = cli(db, ['orders', 'show', number]);
  const first = order.lines[0];
  const credit = Math.floor((first.list_price_fen * 2 * first.discount_bp + 5000) / 10000);
  const rec = cli(db, ['receivables']).find((r) => r.code === 'C0001');
  assert.equal(rec.balance_fen, order.net_total_fen - credit - 10000);
  const today = order.order_date;
  const st = cli(db, ['statement', '--customer', 'C0001', '--from', today, '--to', today]);
  assert.equal(st.closing_balance_fen, rec.balance_fen);
  assert.deepEqual(
    st.lines.map((l) => l.kind),
    ['order', 'return', 'payment'],
  );
  assert.match(execFileSync(CLI, ['--db', db, 'stock', 'check'], { encoding: 'utf8' }), /agrees/);
  // The two damaged copies were written off: three went out and none came back on the shelf.
  const after = cli(db, ['stock', 'list']).find((t) => t.id === picked[0].id);
  assert.equal(after.quantity, picked[0].quantity - 3);
});
