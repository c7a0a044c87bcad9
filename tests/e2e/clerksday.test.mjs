// The clerk's day of issue 11, by keyboard, once in each language: a school customer, a supplier
// and two titles, a scanned receipt, a five-title phone order with a shortage, the delivery note,
// shipping, a damaged return, a payment, the statement and the aging. Every screen is saved as a
// screenshot (target/e2e-shots/day-<lang>-*.png) to look at, and the ledger is checked at the end.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { withApp, tempDb, shot, CLI, cli, text, ENTER, setLanguage } from './harness.mjs';

const TAB = '\uE004';

/** Types into the field called `name` of the open form, replacing what was there. */
async function type(b, form, name, value) {
  const el = b.$(`[data-testid="${form}"] [name="${name}"]`);
  await el.waitForDisplayed({ timeout: 5000 });
  await el.click();
  await el.clearValue();
  await el.addValue(value);
}

async function waitText(b, selector, pattern, what) {
  await b.waitUntil(async () => pattern.test(await text(b.$(selector))), { timeout: 8000, timeoutMsg: what });
}

for (const lang of ['en', 'zh-CN']) {
  test(`a clerk's day by keyboard (${lang})`, async () => {
    const db = tempDb();
    // Three titles already in stock, from the sample; the day adds two more.
    execFileSync(CLI, ['--db', db, 'demo', '--customers', '0', '--titles', '3', '--seed', '11']);
    const sample = cli(db, ['stock', 'list']);
    const s = (name) => `day-${lang}-${name}`;

    await withApp(
      db,
      async (b) => {
        // 1. A school, by keyboard: Ctrl+N on the customer list, the form, Ctrl+S.
        await b.$('[data-testid="nav-customers"]').click();
        await b.keys(['Control', 'n']);
        await b.$('[data-testid="customer-form"]').waitForDisplayed({ timeout: 5000 });
        await type(b, 'customer-form', 'name', '成都市实验小学');
        await b.$('[data-testid="customer-form"] [name="kind"]').selectByAttribute('value', 'school');
        await type(b, 'customer-form', 'discount', '七折');
        await type(b, 'customer-form', 'credit_limit', '2000');
        await type(b, 'customer-form', 'payment_terms_days', '60');
        await type(b, 'customer-form', 'address', '成都市青羊区实验路 1 号');
        await type(b, 'customer-form', 'contacts.0.name', '李老师');
        await type(b, 'customer-form', 'contacts.0.phone', '028-86000000');
        await shot(b, s('01-customer-form'));
        await b.keys(['Control', 's']);
        await b.$('[data-testid="customer-detail"]').waitForDisplayed({ timeout: 5000 });
        await waitText(b, '[data-testid="detail-discount"]', /7折/, 'the school takes 7折');
        await shot(b, s('02-customer-detail'));
        await b.keys(['Escape']);

        // 2. A supplier and two titles.
        await b.$('[data-testid="nav-suppliers"]').click();
        await b.$('[data-testid="new-supplier"]').click();
        await b.$('[data-testid="supplier-form"]').waitForDisplayed({ timeout: 5000 });
        await type(b, 'supplier-form', 'name', '新经典文化');
        await type(b, 'supplier-form', 'discount', '5.8');
        await shot(b, s('03-supplier-form'));
        await b.keys(['Control', 's']);
        await b.$('[data-testid="supplier-form"]').waitForDisplayed({ reverse: true, timeout: 5000 });
        await shot(b, s('04-suppliers'));

        await b.$('[data-testid="nav-catalogue"]').click();
        const titles = [
          { isbn: '9787544253994', price: '39.50', title: '百年孤独', authors: '加西亚·马尔克斯', translator: '范晔' },
          { isbn: '9787532731077', price: '12.90', title: '活着', authors: '余华', translator: '' },
        ];
        for (const t of titles) {
          await b.keys(['Control', 'n']);
          await b.$('[data-testid="title-form"]').waitForDisplayed({ timeout: 5000 });
          await type(b, 'title-form', 'isbn', t.isbn);
          await type(b, 'title-form', 'list_price', t.price);
          await type(b, 'title-form', 'title', t.title);
          await type(b, 'title-form', 'authors', t.authors);
          if (t.translator) await type(b, 'title-form', 'translator', t.translator);
          await b.$('[data-testid="title-form"] [name="supplier"]').selectByVisibleText('新经典文化');
          await shot(b, s(`05-title-form-${t.isbn}`));
          await b.keys(['Control', 's']);
          await b.$('[data-testid="title-form"]').waitForDisplayed({ reverse: true, timeout: 5000 });
        }

        // 3. A scanned receipt: 8 of one, 3 of the other, the quantity at scan time.
        await b.$('[data-testid="nav-documents"]').click();
        await b.keys(['Control', 'n']);
        await b.$('[data-testid="document-editor"]').waitForDisplayed({ timeout: 5000 });
        await b.$('[data-testid="doc-supplier"]').selectByVisibleText('新经典文化');
        const scan = b.$('[data-testid="scan-input"]');
        await scan.click();
        await scan.addValue(`8*${titles[0].isbn}${ENTER}${titles[1].isbn}*3${ENTER}`);
        await b.waitUntil(async () => (await b.$$('[data-testid="doc-line"]').length) === 2, { timeout: 8000 });
        await waitText(b, '[data-testid="total-copies"]', /^11$/, '11 copies on the receipt');
        await shot(b, s('06-receipt'));
        await b.keys(['Control', 'Enter']);
        await b.$('[data-testid="post-summary"]').waitForDisplayed({ timeout: 5000 });
        assert.match(await text(b.$('[data-testid="post-summary"]')), /11/);
        await shot(b, s('07-receipt-summary'));
        await b.keys([ENTER]);
        await b.$('[data-testid="post-summary"]').waitForDisplayed({ reverse: true, timeout: 5000 });
        await shot(b, s('08-receipt-posted'));

        // 4. A phone order of five titles for the school, one of them short (活着: 3 in stock, 5 wanted).
        await b.$('[data-testid="nav-orders"]').click();
        await b.keys(['Control', 'n']);
        const customer = b.$('[data-testid="order-customer"]');
        await customer.waitForDisplayed({ timeout: 5000 });
        await customer.addValue('cdssyxx');
        await b.$('[data-testid="customer-option"]').waitForDisplayed({ timeout: 5000 });
        await customer.addValue(ENTER);
        await waitText(b, '[data-testid="customer-info"]', /成都市实验小学/, 'cdssyxx picks the school');
        const orderScan = b.$('[data-testid="scan-input"]');
        await orderScan.click();
        const wanted = [
          `2*${titles[0].isbn}`,
          `5*${titles[1].isbn}`,
          ...sample.slice(0, 3).map((t) => `1*${t.isbn}`),
        ];
        await orderScan.addValue(wanted.map((w) => w + ENTER).join(''));
        await b.waitUntil(async () => (await b.$$('[data-testid="order-line"]').length) === 5, { timeout: 10000 });
        await b.$('[data-testid="short-note"]').waitForDisplayed({ timeout: 5000 });
        await shot(b, s('09-order-shortage'));
        await b.keys(['Control', 'Enter']);
        await b.$('[data-testid="shortage-dialog"]').waitForDisplayed({ timeout: 5000 });
        await shot(b, s('10-shortage-dialog'));
        // The answer the dialog offers first is focused: Enter ships what is in stock.
        await b.waitUntil(async () => (await b.execute(() => document.activeElement?.getAttribute('data-testid'))) === 'ship-available', {
          timeout: 5000,
          timeoutMsg: 'the shortage dialog should focus its answer',
        }).catch(async (e) => {
          console.log('active:', await b.execute(() => document.activeElement?.outerHTML.slice(0, 200)));
          throw e;
        });
        await b.keys([ENTER]);
        const number = b.$('[data-testid="order-number"]');
        await number.waitForDisplayed({ timeout: 10000 });
        assert.match(await text(number), /^SO-\d{8}-\d{4}$/);
        await b.$('[data-testid="backorder-link"]').waitForDisplayed({ timeout: 5000 });
        await shot(b, s('11-order-confirmed'));

        // 5. The delivery note.
        await b.$('[data-testid="print-note"]').click();
        await b.$('[data-testid="delivery-note"]').waitForDisplayed({ timeout: 5000 });
        assert.equal((await b.$$('[data-testid="note-line"]')).length, 5);
        await shot(b, s('12-delivery-note'));
        await b.keys(['Escape']);
        await b.$('[data-testid="delivery-note"]').waitForDisplayed({ reverse: true, timeout: 5000 });

        // 6. Shipping: the dialog takes the carrier and Enter sends it.
        await b.$('[data-testid="ship-order"]').click();
        await b.$('[data-testid="ship-dialog"]').waitForDisplayed({ timeout: 5000 });
        await b.$('[data-testid="ship-carrier"]').addValue('顺丰');
        await b.$('[data-testid="ship-tracking"]').addValue('SF1234567890');
        await shot(b, s('13-ship-dialog'));
        await b.keys([ENTER]);
        await b.$('[data-testid="ship-dialog"]').waitForDisplayed({ reverse: true, timeout: 5000 });
        await waitText(b, '[data-testid="order-status"]', /Shipped|已发货/, 'the order is shipped');
        await shot(b, s('14-order-shipped'));

        // 7. A return of one damaged copy.
        await b.$('[data-testid="return-books"]').click();
        await b.$('[data-testid="return-editor"]').waitForDisplayed({ timeout: 5000 });
        const qty = (await b.$$('[data-testid="return-qty"]'))[0];
        await qty.click();
        await qty.clearValue();
        await qty.addValue('1');
        // The copy came back damaged: marked on its line, it is written off, not restocked.
        const damaged = (await b.$$('[data-testid="return-line-damaged"]'))[0];
        await damaged.click();
        await shot(b, s('15-return'));
        await b.$('[data-testid="post-return"]').click();
        await b.$('[data-testid="return-number"]').waitForDisplayed({ timeout: 5000 });
        await shot(b, s('16-return-posted'));
        await b.$('[data-testid="print-return-note"]').click();
        await b.$('[data-testid="return-note"]').waitForDisplayed({ timeout: 5000 });
        assert.match(await text(b.$('[data-testid="return-note-condition"]')), /Damaged|残损|破损/);
        await shot(b, s('16b-return-note'));
        await b.keys(['Escape']);
        await b.$('[data-testid="return-note"]').waitForDisplayed({ reverse: true, timeout: 5000 });

        // 8. A payment, the customer found by pinyin, by keyboard.
        await b.$('[data-testid="nav-receivables"]').click();
        await b.$('[data-testid="record-payment"]').click();
        await b.$('[data-testid="payment-form"]').waitForDisplayed({ timeout: 5000 });
        await b.$('[data-testid="payment-customer"]').addValue('cdssyxx');
        await b.$('[data-testid="payment-customer-option"]').waitForDisplayed({ timeout: 5000 });
        await b.keys([ENTER]);
        await b.$('[data-testid="payment-customer-picked"]').waitForDisplayed({ timeout: 5000 });
        await b.$('[data-testid="payment-amount"]').setValue('50');
        await shot(b, s('17-payment'));
        await b.keys(['Control', 's']);
        await b.$('[data-testid="payment-form"]').waitForDisplayed({ reverse: true, timeout: 5000 });

        // 9. The aging and the statement.
        const row = b.$('[data-testid="aging-row"]');
        await row.waitForDisplayed({ timeout: 5000 });
        await shot(b, s('18-aging'));
        await row.$('td').click();
        await b.$('[data-testid="statement-closing"]').waitForDisplayed({ timeout: 5000 });
        assert.equal((await b.$$('[data-testid="statement-line"]')).length, 3, 'order, return, payment');
        await shot(b, s('19-statement'));
        await b.$('[data-testid="print-statement"]').click();
        const sheet = b.$('[data-testid="statement-sheet"]');
        await sheet.waitForDisplayed({ timeout: 5000 });
        assert.match(await text(sheet), /成都市青羊区实验路 1 号/);
        await shot(b, s('20-statement-print'));
        await b.keys(['Escape']);
        await sheet.waitForDisplayed({ reverse: true, timeout: 5000 });
      },
      { language: lang },
    );
    // What the screens did is what the ledger holds: 8 - 2 shipped (the damaged copy that came back
    // is written off); 3 - 3 shipped, 2 on a backorder.
    const stock = cli(db, ['stock', 'list']);
    assert.equal(stock.find((t) => t.isbn === '9787544253994').quantity, 8 - 2);
    assert.equal(stock.find((t) => t.isbn === '9787532731077').quantity, 0);
    const orders = cli(db, ['orders', 'list']);
    assert.equal(orders.length, 2, 'the order and its backorder');
    assert.match(execFileSync(CLI, ['--db', db, 'stock', 'check'], { encoding: 'utf8' }), /agrees/);
  });
}
