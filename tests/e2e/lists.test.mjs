// The lists a clerk reads all day, in the real app and in both languages: a customer whose name
// and phone match one on file is saved only after a warning naming it; the customer list shows
// what each one owes; the orders list finds orders by pinyin initials; the receivables show the
// credit limit and last payment; the statement shows 码洋 and the discount, and opens a print
// preview with the customer's address and a line for their signature.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { withApp, tempDb, shot, CLI, SHOTS, text, cli } from './harness.mjs';

/** Keeps the page as it stands (its HTML with every style sheet inlined) beside the screenshots,
 * so that the print CSS can be printed to PDF by another engine and its pages counted. */
async function keepPage(b, name) {
  const html = await b.execute(() => {
    const css = [...document.styleSheets]
      .map((s) => [...s.cssRules].map((r) => r.cssText).join('\n'))
      .join('\n');
    return `<!doctype html><html class="${document.documentElement.className}" lang="${document.documentElement.lang}"><head><meta charset="utf-8"><style>${css}</style></head>${document.body.outerHTML}</html>`;
  });
  fs.mkdirSync(SHOTS, { recursive: true });
  fs.writeFileSync(path.join(SHOTS, `${name}.html`), html);
}

function run(db, args) {
  return execFileSync(CLI, ['--db', db, ...args], { encoding: 'utf8' });
}

/** A customer with an address, a phone and a limit, one order of 5 copies at 6.5折, and a payment. */
function setUp() {
  const db = tempDb();
  run(db, ['customers', 'add', '--name', '成都新华书店', '--phone', '028-8666 1234', '--discount', '6.5折',
    '--credit', '5000', '--address', '成都市锦江区春熙路1号']);
  run(db, ['customers', 'add', '--name', '北京图书大厦', '--phone', '010-6607 8477']);
  run(db, ['suppliers', 'add', '--name', '人民文学出版社']);
  run(db, ['books', 'add', '--isbn', '9787532731077', '--title', '小王子', '--price', '12.90']);
  run(db, ['stock', 'receive', '--supplier', '人民文学出版社', '--line', '9787532731077:20']);
  run(db, ['orders', 'add', '--customer', 'C0001', '--line', '9787532731077:5', '--confirm']);
  run(db, ['orders', 'add', '--customer', 'C0002', '--line', '9787532731077:2', '--confirm']);
  run(db, ['payments', 'add', '--customer', 'C0001', '--amount', '20', '--method', 'cash']);
  return db;
}

async function fill(b, name, value) {
  const el = b.$(`[data-testid="customer-form"] [name="${name}"]`);
  await el.waitForDisplayed();
  await el.clearValue();
  await el.setValue(value);
}

for (const language of ['en', 'zh-CN']) {
  test(`duplicate warning, balances, order search, receivables and the statement's print preview (${language})`, async () => {
    const db = setUp();
    await withApp(
      db,
      async (b) => {
        // The company's head for the printed statement.
        await b.$('[data-testid="company-name"]').setValue('杭州文澜图书有限公司');
        await b.$('[data-testid="company-address"]').setValue('杭州市西湖区文三路 1 号');
        await b.$('[data-testid="save-company"]').click();
        await b.$('[data-testid="company-saved"]').waitForDisplayed({ timeout: 5000 });

        // The customer list: what each one owes.
        await b.$('[data-testid="nav-customers"]').click();
        const row = b.$('[data-testid="customer-row"][data-code="C0001"]');
        await row.waitForDisplayed({ timeout: 5000 });
        assert.equal(await text(row.$('[data-testid="balance-cell"]')), '¥21.93');
        await shot(b, `lists-customers-${language}`);

        // A new customer with the same name and phone: a warning naming C0001, then Save anyway.
        await b.keys(['Control', 'n']);
        await b.$('[data-testid="customer-form"]').waitForDisplayed({ timeout: 5000 });
        await fill(b, 'name', '成都 新华书店');
        await fill(b, 'contacts.0.phone', '(028) 8666-1234');
        await b.$('[data-testid="save-customer"]').click();
        const warning = b.$('[data-testid="duplicate-warning"]');
        await warning.waitForDisplayed({ timeout: 5000 });
        const named = await text(b.$('[data-testid="duplicate-customer"]'));
        assert.match(named, /C0001/);
        assert.match(named, /成都新华书店/);
        assert.match(named, /028-8666 1234/);
        await shot(b, `lists-duplicate-warning-${language}`);
        assert.equal(cli(db, ['customers', 'list']).length, 2, 'nothing saved before Save anyway');
        // The focus is on Save anyway: Enter saves.
        await b.waitUntil(async () => (await b.$('[data-testid="save-anyway"]').isFocused()), { timeout: 5000 });
        await b.keys(['Enter']);
        await b.$('[data-testid="customer-form"]').waitForDisplayed({ reverse: true, timeout: 5000 });
        assert.equal(cli(db, ['customers', 'list']).length, 3, 'saved on Save anyway');
        await b.keys(['Escape']);

        // The orders list: 码洋 beside 实洋, and a search by pinyin initials.
        await b.$('[data-testid="nav-orders"]').click();
        await b.$('[data-testid="order-search"]').waitForDisplayed({ timeout: 5000 });
        await b.waitUntil(async () => (await b.$$('[data-testid="order-row"]').length) === 2, { timeout: 5000 });
        await b.$('[data-testid="order-search"]').setValue('bjts');
        await b.waitUntil(async () => (await b.$$('[data-testid="order-row"]').length) === 1, {
          timeout: 5000,
          timeoutMsg: 'bjts should leave the one order of 北京图书大厦',
        });
        assert.match(await text(b.$('[data-testid="order-row"]')), /北京图书大厦/);
        await shot(b, `lists-orders-search-${language}`);

        // Enter in the search box opens the order found; its delivery note prints through the
        // same preview as the statement.
        await b.keys(['Enter']);
        await b.$('[data-testid="print-note"]').waitForDisplayed({ timeout: 5000 });
        await b.$('[data-testid="print-note"]').click();
        await b.$('[data-testid="delivery-note"]').waitForDisplayed({ timeout: 5000 });
        await shot(b, `lists-delivery-note-${language}`);
        await keepPage(b, `lists-delivery-note-${language}`);
        await b.keys(['Escape']);
        await b.$('[data-testid="delivery-note"]').waitForDisplayed({ reverse: true, timeout: 5000 });

        // Receivables: the credit limit and the last payment.
        await b.$('[data-testid="nav-receivables"]').click();
        const aging = b.$('[data-testid="aging-row"][data-code="C0001"]');
        await aging.waitForDisplayed({ timeout: 5000 });
        assert.equal(await text(aging.$('[data-testid="aging-credit-limit"]')), '¥5,000.00');
        assert.match(await text(aging.$('[data-testid="aging-last-payment"]')), /\d{4}-\d\d-\d\d ¥20\.00/);
        await shot(b, `lists-receivables-${language}`);

        // The statement: 码洋 and 6.5折 on the order; then its print preview.
        await aging.$('td.name').click();
        const order = b.$('[data-testid="statement-line"][data-kind="order"]');
        await order.waitForDisplayed({ timeout: 5000 });
        assert.equal(await text(order.$('[data-testid="line-list"]')), '¥64.50');
        assert.equal(await text(order.$('[data-testid="line-discount"]')), '6.5折');
        await shot(b, `lists-statement-${language}`);
        await b.$('[data-testid="print-statement"]').click();
        const sheet = b.$('[data-testid="statement-sheet"]');
        await sheet.waitForDisplayed({ timeout: 5000 });
        assert.match(await text(sheet.$('[data-testid="sheet-address"]')), /成都市锦江区春熙路1号/);
        assert.match(await text(sheet.$('[data-testid="sheet-sign"]')), language === 'en' ? /Customer signature/ : /客户签字\/盖章/);
        await shot(b, `lists-statement-print-${language}`);
        await keepPage(b, `lists-statement-print-${language}`);
        await b.keys(['Escape']);
        await sheet.waitForDisplayed({ reverse: true, timeout: 5000 });
      },
      { language },
    );
  });
}
