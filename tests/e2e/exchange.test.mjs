// Import & export in the real app: the sales ledger exported to a workbook (the Save dialog is
// answered by FOLIO_SAVE_DIR, since a native dialog is outside what WebDriver drives), a big
// export cancelled part way with nothing left in the folder, and the file the CLI reads back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { withApp, tempDb, shot, text, CLI } from './harness.mjs';

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
