// The customer workflow in the real desktop app: create in the form, find by
// pinyin initials, change the discount, restart and see it kept; a bad discount
// shows its error and saves nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { execFileSync, spawn } from 'node:child_process';
import path from 'node:path';
import { withApp, tempDb, shot, CLI, text } from './harness.mjs';


/** The customers in the file, read through the CLI (withApp has waited for the app to let go). */
async function cliCustomers(db) {
  return JSON.parse(execFileSync(CLI, ['--db', db, 'customers', 'list', '--all', '--json'], { encoding: 'utf8' }));
}

async function openNewForm(browser) {
  await browser.keys(['Control', 'n']);
  const form = browser.$('[data-testid="customer-form"]');
  await form.waitForDisplayed({ timeout: 5000 });
  return form;
}

async function fill(browser, name, value) {
  const el = browser.$(`[data-testid="customer-form"] [name="${name}"]`);
  await el.waitForDisplayed();
  await el.clearValue();
  await el.setValue(value);
}

test('create, find by pinyin, edit discount, restart, keep', async () => {
  const db = tempDb();
  // Two customers already on file, so that the search has something to leave out.
  execFileSync(CLI, ['--db', db, 'customers', 'add', '--name', 'Waterstones Leeds']);
  execFileSync(CLI, ['--db', db, 'customers', 'add', '--name', '重庆大学图书馆', '--type', 'library']);
  await withApp(db, async (b) => {
    await openNewForm(b);
    await fill(b, 'name', '成都新华书店');
    await fill(b, 'discount', '6.5折');
    await fill(b, 'credit_limit', '5000');
    await fill(b, 'contacts.0.name', '王芳');
    await fill(b, 'contacts.0.phone', '13800138000');
    await shot(b, 'customer-form');
    await b.$('[data-testid="save-customer"]').click();
    const detail = b.$('[data-testid="customer-detail"]');
    await detail.waitForDisplayed({ timeout: 5000 });
    assert.match(await text(b.$('[data-testid="detail-discount"]')), /6\.5折/);

    // Find it by pinyin initials, typed fast into the search box.
    await b.keys(['Escape']);
    await b.keys(['Control', 'f']);
    const search = b.$('#customer-search');
    await search.waitForDisplayed();
    await search.setValue('xhsd');
    assert.equal(await search.getValue(), 'xhsd');
    await b.waitUntil(async () => (await b.$$('[data-testid="customer-row"]').length) === 1, {
      timeout: 5000,
      timeoutMsg: 'the search should leave exactly one row',
    });
    const row = b.$('[data-testid="customer-row"][data-code="C0003"]');
    await row.waitForDisplayed({ timeout: 5000 });
    assert.match(await text(row), /成都新华书店/);
    assert.match(await text(row), /6\.5折/);
    await shot(b, 'customer-search');

    // Open it from the keyboard and change its discount.
    await b.keys(['ArrowDown', 'Enter']);
    await detail.waitForDisplayed({ timeout: 5000 });
    await b.$('[data-testid="edit-customer"]').click();
    await b.$('[data-testid="customer-form"]').waitForDisplayed();
    await fill(b, 'discount', '60%');
    await b.$('[data-testid="save-customer"]').click();
    await b.$('[data-testid="customer-form"]').waitForDisplayed({ reverse: true, timeout: 5000 });
    await b.waitUntil(async () => /6折/.test(await text(b.$('[data-testid="detail-discount"]'))), {
      timeout: 5000,
      timeoutMsg: 'detail should show the new discount 6折',
    });
  });

  // Restart the app on the same file: the change is still there.
  await withApp(db, async (b) => {
    await b.$('[data-testid="nav-customers"]').click();
    const row = b.$('[data-testid="customer-row"][data-code="C0003"]');
    await row.waitForDisplayed({ timeout: 5000 });
    await row.click();
    await b.keys(['Enter']);
    await b.$('[data-testid="customer-detail"]').waitForDisplayed({ timeout: 5000 });
    assert.match(await text(b.$('[data-testid="detail-discount"]')), /6折/);
    await shot(b, 'customer-detail-after-restart');
  });
  const rows = await cliCustomers(db);
  assert.equal(rows.length, 3);
  const saved = rows.find((r) => r.code === 'C0003');
  assert.equal(saved.name, '成都新华书店');
  assert.equal(saved.discount_bp, 6000);
  assert.equal(saved.credit_limit_fen, 500000);
});

test('an invalid discount shows the error and saves nothing', async () => {
  const db = tempDb();
  await withApp(db, async (b) => {
    await openNewForm(b);
    await fill(b, 'name', 'Waterstones Leeds');
    await fill(b, 'discount', '0');
    await b.$('[data-testid="save-customer"]').click();
    const err = b.$('[data-testid="error-discount"]');
    await err.waitForDisplayed({ timeout: 5000 });
    assert.match(await text(err), /discount|折扣/i);
    assert.ok(await b.$('[data-testid="customer-form"]').isDisplayed(), 'form stays open');
    await shot(b, 'customer-form-error');
  });
  assert.equal((await cliCustomers(db)).length, 0);
});

test('a damaged database file gets an error screen, and the file is not touched', async () => {
  const db = tempDb();
  const junk = Buffer.from('this is not a database, it is a shopping list: 10 x 新华字典');
  fs.writeFileSync(db, junk);
  await withApp(
    db,
    async (b) => {
      const screen = b.$('[data-testid="fatal-error"]');
      await screen.waitForDisplayed({ timeout: 5000 });
      assert.equal(await screen.getAttribute('data-code'), 'db_corrupt');
      await shot(b, 'fatal-error');
    },
    { language: null },
  );
  assert.deepEqual(fs.readFileSync(db), junk);
});

test('a second Folio on the same file is refused with a message', async () => {
  const db = tempDb();
  execFileSync(CLI, ['--db', db, 'init']);
  // Another Folio process holds the file's lock (flock, as the app itself takes it).
  const holder = spawn('flock', [`${db}.lock`, 'sleep', '60'], { stdio: 'ignore' });
  await new Promise((r) => setTimeout(r, 300));
  try {
    await withApp(
      db,
      async (b) => {
        const screen = b.$('[data-testid="fatal-error"]');
        await screen.waitForDisplayed({ timeout: 5000 });
        assert.equal(await screen.getAttribute('data-code'), 'db_locked');
        assert.match(await text(b.$('[data-testid="fatal-message"]')), /already open/);
      },
      // The lock is ours (the flock process) until the finally below.
      { language: null, waitForRelease: false },
    );
  } finally {
    holder.kill();
  }
});

test('the chosen language is kept across restarts', async () => {
  const db = tempDb();
  await withApp(db, async (b) => {
    assert.equal(await text(b.$('[data-testid="nav-customers"]')), 'Customers');
    await b.$('[data-testid="language-select"]').selectByAttribute('value', 'zh-CN');
    await b.waitUntil(async () => (await text(b.$('[data-testid="nav-customers"]'))) === '客户', {
      timeout: 3000,
      timeoutMsg: 'navigation should switch to Chinese at once',
    });
  });
  await withApp(
    db,
    async (b) => {
      assert.equal(await text(b.$('[data-testid="nav-customers"]')), '客户');
      await shot(b, 'zh-first-run');
    },
    { language: null },
  );
});

test('first run: sample data loads as a job with progress and cancel, and the list answers meanwhile', async () => {
  const db = tempDb();
  // A long year of trade (20,000 orders), so there is time to watch the job and cancel it.
  await withApp(
    db,
    async (b) => {
      await b.$('[data-testid="nav-today"]').click();
      await b.$('[data-testid="load-sample"]').click();
      const bar = b.$('[data-testid="sample-progress"] progress');
      await bar.waitForDisplayed({ timeout: 5000 });
      await b.waitUntil(async () => Number(await bar.getProperty('value')) > 0, {
        timeout: 20000,
        timeoutMsg: 'the progress bar should move',
      });
      const seen = Number(await bar.getProperty('value'));
      assert.equal(Number(await bar.getProperty('max')), 20000);
      assert.match(await text(b.$('[data-testid="sample-progress"]')), /of 20,000 sample orders/);
      await shot(b, 'sample-progress');

      // The customer list answers while the job runs: the file is still empty.
      await b.$('[data-testid="nav-customers"]').click();
      const count = b.$('[data-testid="customer-count-line"]');
      const asked = Date.now();
      await b.waitUntil(async () => /^0 customers$/.test(await text(count)), {
        timeout: 3000,
        timeoutMsg: 'the customer list should answer while sample data loads',
      });
      const answered = Date.now() - asked;
      assert.ok(answered < 3000, `the list took ${answered} ms`);
      await b.$('[data-testid="show-archived"]').click();
      await b.waitUntil(async () => /^0 customers/.test(await text(count)), { timeout: 3000 });

      // Back on Today the job is still going, further on; cancel it.
      await b.$('[data-testid="nav-today"]').click();
      await b.$('[data-testid="sample-progress"]').waitForDisplayed({ timeout: 2000 });
      await b.waitUntil(async () => Number(await bar.getProperty('value')) > seen, { timeout: 20000 });
      await b.$('[data-testid="sample-cancel"]').click();
      await b.$('[data-testid="sample-cancelled"]').waitForDisplayed({ timeout: 10000 });
      assert.equal(await b.$('[data-testid="sample-progress"]').isExisting(), false);
      assert.equal(await b.$('[data-testid="load-sample"]').isEnabled(), true);
      await shot(b, 'sample-cancelled');
    },
    { args: ['--sample-orders', '20000'] },
  );
  // Cancelling left the file as it was: no customers, and no scratch file beside it.
  assert.equal((await cliCustomers(db)).length, 0);
  assert.deepEqual(
    fs.readdirSync(path.dirname(db)).filter((f) => f.includes('.sample.tmp')),
    [],
  );
});

test('a customer typed by mistake is archived, then deleted for good; one with an order is not', async () => {
  const db = tempDb();
  execFileSync(CLI, ['--db', db, 'customers', 'add', '--name', 'Waterstones Leeds']);
  execFileSync(CLI, ['--db', db, 'customers', 'add', '--name', '打错的客户']);
  execFileSync(CLI, ['--db', db, 'payments', 'add', '--customer', 'C0001', '--amount', '10']);
  await withApp(db, async (b) => {
    await b.$('[data-testid="nav-customers"]').click();
    const count = b.$('[data-testid="customer-count-line"]');
    await b.waitUntil(async () => /^2 customers$/.test(await text(count)), { timeout: 5000 });
    for (const code of ['C0002', 'C0001']) {
      await b.$(`[data-testid="customer-row"][data-code="${code}"]`).click();
      await b.$('[data-testid="archive-customer"]').click();
      await b.$('[data-testid="confirm-archive"]').click();
      await b.$('[data-testid="delete-customer"]').click();
      await b.$('[data-testid="confirm-delete"]').click();
      if (code === 'C0002') {
        await b.$('[data-testid="customer-detail"]').waitForDisplayed({ timeout: 5000, reverse: true });
        await b.waitUntil(async () => /^1 customers?$/.test(await text(count)), { timeout: 5000 });
      } else {
        // It has a payment on file: refused, and it stays archived.
        const why = b.$('[data-testid="delete-error"]');
        await why.waitForDisplayed({ timeout: 5000 });
        assert.match(await text(why), /can only be archived/);
        await shot(b, 'customer-delete-refused');
      }
    }
  });
  const rows = await cliCustomers(db);
  assert.deepEqual(rows.map((r) => [r.code, r.status]), [['C0001', 'archived']]);
});

test('first run: load sample data, then archive a customer from its detail', async () => {
  const db = tempDb();
  await withApp(db, async (b) => {
    await b.$('[data-testid="nav-today"]').click();
    await b.$('[data-testid="load-sample"]').click();
    await b.$('[data-testid="nav-customers"]').click();
    const count = b.$('[data-testid="customer-count-line"]');
    await b.waitUntil(async () => /^500 customers$/.test(await text(count)), {
      timeout: 10000,
      timeoutMsg: 'the list should count 500 sample customers',
    });
    await shot(b, 'customers-list');
    // Keyboard only: into the list, open the first row, archive it.
    await b.keys(['Control', 'f']);
    await b.keys(['ArrowDown']);
    await b.keys(['Enter']);
    await b.$('[data-testid="customer-detail"]').waitForDisplayed({ timeout: 5000 });
    const code = await text(b.$('[data-testid="detail-code"]'));
    await b.$('[data-testid="archive-customer"]').click();
    await b.$('[data-testid="confirm-archive"]').click();
    await b.$('[data-testid="restore-customer"]').waitForDisplayed({ timeout: 5000 });
    await b.keys(['Escape']);
    await b.waitUntil(async () => /^499 customers$/.test(await text(count)), {
      timeout: 5000,
      timeoutMsg: 'an archived customer leaves the list',
    });
    assert.equal(await b.$(`[data-testid="customer-row"][data-code="${code}"]`).isExisting(), false);
  });
  const rows = await cliCustomers(db);
  assert.equal(rows.length, 500);
  assert.equal(rows.filter((r) => r.status === 'archived').length, 1);
});
