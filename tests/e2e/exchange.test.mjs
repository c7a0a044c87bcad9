// Import & export in the real app: the sales ledger exported to a workbook (the Save dialog is
// answered by FOLIO_SAVE_DIR, since a native dialog is outside what WebDriver drives), a big
// export cancelled part way with nothing left in the folder, and the file the CLI reads back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { withApp, tempDb, shot, text, cli, CLI } from './harness.mjs';

async function openExchange(b) {
  await b.$('[data-testid="nav-exchange"]').click();
  await b.$('[data-testid="export-panel"]').waitForDisplayed({ timeout: 5000 });
}

test('the sales ledger exports to a workbook, and a cancelled export leaves no file', async () => {
  const db = tempDb();
  // A year of trade, enough lines that an export takes long enough to cancel.
  execFileSync(CLI, ['--db', db, 'demo', '--customers', '200', '--titles', '300', '--orders', '6000'], {
    encoding: 'utf8',
    env: { ...process.env, FOLIO_NOW: '2026-11-20T10:00:00' },
  });
  const out = fs.mkdtempSync(path.join(path.dirname(db), 'out-'));
  await withApp(
    db,
    async (b) => {
      await openExchange(b);
      await b.$('[data-testid="export-kind-ledger"]').click();
      await b.$('[data-testid="export-all-dates"]').click();
      assert.equal(await b.$('[data-testid="export-from"]').getValue(), '');
      await shot(b, 'exchange-export');
      await b.$('[data-testid="export-start"]').click();
      const done = b.$('[data-testid="export-done"]');
      await done.waitForDisplayed({ timeout: 60000 });
      const said = await text(done);
      assert.match(said, /Saved [\d,]+ rows to /);
      const file = path.join(out, 'Sales ledger.xlsx');
      assert.ok(said.includes(file), said);
      assert.ok(fs.existsSync(file), 'the workbook is where the dialog said');
      assert.equal(fs.readFileSync(file).subarray(0, 2).toString(), 'PK');
      await shot(b, 'exchange-exported');

      // The same export again, cancelled as soon as its bar shows: the folder keeps only the
      // first file (the new one would have had the same name), and no temporary file.
      fs.rmSync(file);
      await b.$('[data-testid="export-start"]').click();
      const cancel = b.$('[data-testid="export-cancel"]');
      await cancel.waitForDisplayed({ timeout: 10000 });
      await cancel.click();
      await b.$('[data-testid="export-cancelled"]').waitForDisplayed({ timeout: 20000 });
      assert.deepEqual(fs.readdirSync(out), [], 'nothing is left in the folder');
      await shot(b, 'exchange-cancelled');
    },
    { env: { FOLIO_SAVE_DIR: out, FOLIO_NOW: '2026-12-01T09:00:00' } },
  );
});

test('a customer file with one bad row is refused whole, then imported once fixed, and the month exports as a pack', async () => {
  const db = tempDb();
  const dir = path.dirname(db);
  const file = path.join(dir, '客户.csv');
  const rows = (discount) => `\uFEFF客户名称,电话,折扣\r\n成都新华书店,13800138000,6.5折\r\n重庆书城,13900139000,${discount}\r\n西西弗书店,13700137000,0.7\r\n`;
  fs.writeFileSync(file, rows('12折'));
  const out = fs.mkdtempSync(path.join(dir, 'out-'));
  await withApp(
    db,
    async (b) => {
      await openExchange(b);
      await b.$('[data-testid="exchange-tab-import"]').click();
      await b.$('[data-testid="import-kind-customers"]').click();
      await b.$('[data-testid="import-choose"]').click();
      const summary = b.$('[data-testid="import-summary"]');
      await summary.waitForDisplayed({ timeout: 20000 });
      assert.match(await text(summary), /3 rows: 2 new, 0 to update, 1 with problems/);
      const problem = b.$('[data-testid="import-problem"]');
      assert.equal(await problem.getAttribute('data-row'), '3');
      assert.match(await text(problem), /折扣/);
      assert.equal(await b.$('[data-testid="import-start"]').isEnabled(), false, 'one bad row: nothing can be imported');
      await shot(b, 'exchange-import-refused');
      assert.equal(cli(db, ['customers', 'list']).length, 0, 'nothing was written');

      // The user fixes the row in the file and checks it again.
      fs.writeFileSync(file, rows('65%'));
      await b.$('[data-testid="import-recheck"]').click();
      await b.waitUntil(async () => /0 with problems/.test(await text(b.$('[data-testid="import-summary"]'))), {
        timeout: 20000,
        timeoutMsg: 'the fixed file should have no problems',
      });
      await b.$('[data-testid="import-start"]').click();
      const done = b.$('[data-testid="import-done"]');
      await done.waitForDisplayed({ timeout: 20000 });
      assert.match(await text(done), /Imported 3 rows/);
      await shot(b, 'exchange-imported');

      // The month's pack, with its progress, lands in the folder the dialog chose.
      await b.$('[data-testid="exchange-tab-export"]').click();
      await b.$('[data-testid="export-kind-pack"]').click();
      await b.$('[data-testid="export-month"]').waitForDisplayed();
      await b.$('[data-testid="export-start"]').click();
      await b.$('[data-testid="export-done"]').waitForDisplayed({ timeout: 30000 });
      const files = fs.readdirSync(out);
      assert.deepEqual(files, ['Monthly pack 2026-11.xlsx']);
    },
    { env: { FOLIO_OPEN_FILE: file, FOLIO_SAVE_DIR: out, FOLIO_NOW: '2026-12-01T09:00:00' } },
  );
  const names = cli(db, ['customers', 'list']).map((c) => c.name).sort();
  assert.deepEqual(names, ['成都新华书店', '西西弗书店', '重庆书城'].sort());
});

test('the aging and a statement export from their own pages', async () => {
  const db = tempDb();
  execFileSync(CLI, ['--db', db, 'demo', '--customers', '30', '--titles', '50', '--orders', '200'], {
    encoding: 'utf8',
    env: { ...process.env, FOLIO_NOW: '2026-11-20T10:00:00' },
  });
  const out = fs.mkdtempSync(path.join(path.dirname(db), 'out-'));
  const saved = (prefix) => fs.readdirSync(out).filter((f) => f.startsWith(prefix) && f.endsWith('.xlsx'));
  await withApp(
    db,
    async (b) => {
      await b.$('[data-testid="nav-receivables"]').click();
      const row = b.$('[data-testid="aging-row"]');
      await row.waitForDisplayed({ timeout: 5000 });
      await b.$('[data-testid="aging-export"]').click();
      const aging = b.$('[data-testid="aging-export-done"]');
      await aging.waitForDisplayed({ timeout: 20000 });
      assert.match(await text(aging), /Saved [\d,]+ rows to .*Receivables/);
      assert.equal(saved('Receivables').length, 1, fs.readdirSync(out).join(', '));
      await shot(b, 'page-export-aging');

      const code = await row.getAttribute('data-code');
      await row.$('td').click();
      await b.$('[data-testid="statement-closing"]').waitForDisplayed({ timeout: 5000 });
      await b.$('[data-testid="statement-export"]').click();
      const statement = b.$('[data-testid="statement-export-done"]');
      await statement.waitForDisplayed({ timeout: 20000 });
      const files = saved(`Statement ${code}`);
      assert.equal(files.length, 1, fs.readdirSync(out).join(', '));
      assert.ok((await text(statement)).includes(files[0]));
      assert.equal(fs.readFileSync(path.join(out, files[0])).subarray(0, 2).toString(), 'PK');
      await shot(b, 'page-export-statement');
    },
    { env: { FOLIO_SAVE_DIR: out, FOLIO_NOW: '2026-12-01T09:00:00' } },
  );
});
