// Stock in the real desktop app: a purchase receipt filled by a barcode scanner's
// burst of keystrokes, and the item card that shows what it did.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { withApp, tempDb, shot, CLI, cli, text, ENTER } from './harness.mjs';


/** A database with sample publishers and 60 titles in stock. */
function sampleDb() {
  const db = tempDb();
  execFileSync(CLI, ['--db', db, 'demo', '--customers', '0', '--titles', '60', '--seed', '7']);
  return db;
}


test('twenty ISBNs scanned into a purchase receipt make twenty right lines', async () => {
  const db = sampleDb();
  const before = cli(db, ['stock', 'list']);
  const byIsbn = new Map(before.map((t) => [t.isbn, t]));
  // Twenty different items, in an order unlike the list's.
  const picked = before.filter((_, i) => i % 3 === 0).slice(0, 20).reverse();
  assert.equal(picked.length, 20);
  const supplier = cli(db, ['suppliers', 'list'])[0];

  await withApp(db, async (b) => {
    await b.$('[data-testid="nav-documents"]').click();
    await b.$('[data-testid="new-receipt"]').click();
    const select = b.$('[data-testid="doc-supplier"]');
    await select.waitForDisplayed({ timeout: 5000 });
    await select.selectByVisibleText(supplier.name);
    const scan = b.$('[data-testid="scan-input"]');
    await scan.click();
    // What a scanner does: digits then Enter, twenty times, with no pause at all.
    // One addValue call delivers its keys in order (the actions API may not in
    // WebKitWebDriver: its special keys can overtake the characters before them).
    await scan.addValue(picked.map((t) => t.isbn + ENTER).join(''));
    await b.waitUntil(async () => (await b.$$('[data-testid="doc-line"]').length) === 20, {
      timeout: 15000,
      timeoutMsg: 'twenty scans should make twenty lines',
    });
    const rows = await b.$$('[data-testid="doc-line"]');
    for (let i = 0; i < 20; i++) {
      const want = picked[i];
      assert.equal(await rows[i].getAttribute('data-isbn'), want.isbn, `line ${i + 1} ISBN`);
      assert.equal(await rows[i].$('[data-testid="line-qty"]').getValue(), '1', `line ${i + 1} quantity`);
      assert.ok((await text(rows[i])).includes(want.title), `line ${i + 1} shows ${want.title}`);
    }
    assert.equal(await scan.getValue(), '', 'the scan box is empty, ready for the next book');
    await shot(b, 'receipt-20-scanned');
    await b.$('[data-testid="post-document"]').click();
    // Posting asks first, with the document's titles, copies and totals.
    await b.$('[data-testid="post-confirm"]').waitForDisplayed({ timeout: 5000 });
    await b.$('[data-testid="post-confirm"]').click();
    const number = b.$('[data-testid="doc-number"]');
    await number.waitForDisplayed({ timeout: 5000 });
    assert.match(await text(number), /^PR-\d{8}-\d{4}$/);
    await shot(b, 'receipt-posted');
  });

  const after = cli(db, ['stock', 'list']);
  for (const t of after) {
    const want = byIsbn.get(t.isbn).quantity + (picked.some((p) => p.isbn === t.isbn) ? 1 : 0);
    assert.equal(t.quantity, want, `${t.isbn} on hand`);
  }
  const docs = cli(db, ['stock', 'documents']);
  assert.equal(docs[0].kind, 'receipt');
  assert.equal(docs[0].lines, 20);
  assert.equal(docs[0].supplier, supplier.name);
  assert.match(execFileSync(CLI, ['--db', db, 'stock', 'check'], { encoding: 'utf8' }), /agrees/);
});

test('a scanned ISBN finds its item in the stock list and the card shows its movements', async () => {
  const db = sampleDb();
  const item = cli(db, ['stock', 'list'])[5];
  await withApp(db, async (b) => {
    await b.$('[data-testid="nav-catalogue"]').click();
    const search = b.$('[data-testid="stock-search"]');
    await search.waitForDisplayed({ timeout: 5000 });
    await b.waitUntil(async () => (await b.$$('[data-testid="stock-row"]').length) > 5, {
      timeout: 5000,
      timeoutMsg: 'the stock list should show the sample titles',
    });
    await shot(b, 'stock-list');
    await search.addValue(item.isbn + ENTER);
    await b.waitUntil(async () => (await b.$$('[data-testid="stock-row"]').length) === 1, {
      timeout: 5000,
      timeoutMsg: 'a scanned ISBN should leave one row',
    });
    await b.keys(['ArrowDown', ENTER]);
    const card = b.$('[data-testid="item-card"]');
    await card.waitForDisplayed({ timeout: 5000 });
    assert.match(await text(card), new RegExp(item.title.replace(/[()（）]/g, '.')));
    assert.match(await text(b.$('[data-testid="card-on-hand"]')), new RegExp(`\\b${item.quantity}\\b`));
    assert.ok((await b.$$('[data-testid="movement-row"]').length) >= 1, 'the receipt that brought it in');
    await shot(b, 'item-card');
    // The sample publishers are the suppliers; the page lists all ten.
    await b.keys(['Escape']);
    await b.$('[data-testid="nav-suppliers"]').click();
    await b.waitUntil(async () => (await b.$$('[data-testid="supplier-row"]').length) === 10, {
      timeout: 5000,
      timeoutMsg: 'the suppliers page should list the ten sample publishers',
    });
    await shot(b, 'suppliers');
    await b.$('[data-testid="nav-documents"]').click();
    await b.$('[data-testid="new-write-off"]').click();
    await b.$('[data-testid="scan-input"]').addValue(item.isbn + ENTER);
    await b.$(`[data-testid="doc-line"][data-isbn="${item.isbn}"]`).waitForDisplayed({ timeout: 5000 });
    await b.$('[data-testid="doc-reason"]').setValue('water damage');
    await b.$('[data-testid="post-document"]').click();
    // Posting asks first, with the document's titles, copies and totals.
    await b.$('[data-testid="post-confirm"]').waitForDisplayed({ timeout: 5000 });
    await b.$('[data-testid="post-confirm"]').click();
    const number = b.$('[data-testid="doc-number"]');
    await number.waitForDisplayed({ timeout: 5000 });
    assert.match(await text(number), /^WO-\d{8}-\d{4}$/);
    await shot(b, 'write-off-posted');
  });
  const after = cli(db, ['stock', 'list']).find((t) => t.id === item.id);
  assert.equal(after.quantity, item.quantity - 1, 'one copy written off');
});

test('a stocktake sheet by bin, counted by scanner, posts the difference; reversal undoes it', async () => {
  const db = sampleDb();
  const items = cli(db, ['stock', 'list']);
  const item = items.find((t) => t.quantity > 3);
  const inBin = items.filter((t) => t.bin === item.bin);
  await withApp(
    db,
    async (b) => {
      await b.$('[data-testid="nav-documents"]').click();
      await b.$('[data-testid="new-stocktake"]').click();
      const bin = b.$('[data-testid="stocktake-bin"]');
      await bin.waitForDisplayed({ timeout: 5000 });
      await bin.selectByAttribute('value', item.bin);
      await b.$('[data-testid="load-sheet"]').click();
      await b.waitUntil(async () => (await b.$$('[data-testid="count-line"]').length) === inBin.length, {
        timeout: 5000,
        timeoutMsg: `the sheet should list the ${inBin.length} item(s) in bin ${item.bin}`,
      });
      // Three copies found on the shelf, scanned one after another.
      await b.$('[data-testid="scan-input"]').addValue((item.isbn + ENTER).repeat(3));
      const line = b.$(`[data-testid="count-line"][data-isbn="${item.isbn}"]`);
      await b.waitUntil(async () => (await line.$('[data-testid="count-input"]').getValue()) === '3', {
        timeout: 5000,
        timeoutMsg: 'three scans should count three',
      });
      await b.$('[data-testid="stocktake-reason"]').setValue('年终盘点');
      await shot(b, 'stocktake-sheet-zh');
      await b.$('[data-testid="post-document"]').click();
      // Posting asks first, with the document's titles, copies and totals.
      await b.$('[data-testid="post-confirm"]').waitForDisplayed({ timeout: 5000 });
      await b.$('[data-testid="post-confirm"]').click();
      const number = b.$('[data-testid="doc-number"]');
      await number.waitForDisplayed({ timeout: 5000 });
      assert.match(await text(number), /^ST-\d{8}-\d{4}$/);
      await b.$('[data-testid="reverse-document"]').click();
      await b.$('[data-testid="confirm-reverse"]').click();
      await b.waitUntil(async () => (await b.$('[data-testid="doc-reverses"]').isExisting()), {
        timeout: 5000,
        timeoutMsg: 'the reversal should be shown',
      });
      await shot(b, 'stocktake-reversed-zh');
    },
    { language: 'zh-CN' },
  );
  const docs = cli(db, ['stock', 'documents']);
  assert.equal(docs[0].reverses, docs[1].number);
  assert.equal(docs[1].kind, 'stocktake');
  assert.equal(docs[1].status, 'reversed');
  assert.equal(docs[1].copies, 3 - item.quantity, 'the stocktake posted counted minus on hand');
  const after = cli(db, ['stock', 'list']).find((t) => t.id === item.id);
  assert.equal(after.quantity, item.quantity, 'the reversal put the count back');
});
