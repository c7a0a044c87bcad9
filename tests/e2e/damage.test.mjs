// Damage caught in the real app: a file whose index was damaged after its last
// check opens at once, the full check on the job runner finds the damage, the
// window says so plainly, lookups keep working, a save is refused, and the file
// is not written.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { execFileSync } from 'node:child_process';
import { withApp, tempDb, shot, CLI, text } from './harness.mjs';

/** Flips the lowest byte of the row id in the first entry of the first index
 * page with a few entries: the rows stay readable, one index entry points at the
 * wrong row. SQLite's `quick_check` does not see it; `integrity_check` does. */
function damageAnIndex(db) {
  const bytes = fs.readFileSync(db);
  const size = bytes.readUInt16BE(16) === 1 ? 65536 : bytes.readUInt16BE(16);
  for (let page = 2; page * size <= bytes.length; page++) {
    const at = (page - 1) * size;
    if (bytes[at] !== 0x0a || bytes.readUInt16BE(at + 3) < 10) continue;
    const cell = bytes.readUInt16BE(at + 8);
    const len = bytes[at + cell];
    if (len >= 0x80) continue; // a longer key: its length takes more than one byte
    bytes[at + cell + len] ^= 0x01;
    fs.writeFileSync(db, bytes);
    return;
  }
  throw new Error('no index page found');
}

test('a damaged file is found after start: the banner, reads work, writes are refused, nothing written', async () => {
  const db = tempDb();
  execFileSync(CLI, ['--db', db, 'demo', '--customers', '120', '--titles', '10', '--seed', '3']);
  assert.match(execFileSync(CLI, ['--db', db, 'check'], { encoding: 'utf8' }), /whole/);
  damageAnIndex(db);
  const before = fs.readFileSync(db);
  await withApp(db, async (b) => {
    const banner = b.$('[data-testid="damage-banner"]');
    await banner.waitForDisplayed({ timeout: 20000 });
    assert.match(await text(banner), /damaged/i);
    await b.$('[data-testid="nav-customers"]').click();
    await b.waitUntil(async () => (await b.$$('[data-testid="customer-row"]').length) > 10, {
      timeout: 5000,
      timeoutMsg: 'the customer list still reads',
    });
    await shot(b, 'damage-banner-customers');
    // A save is refused, with the plain words.
    await b.keys(['Control', 'n']);
    const form = b.$('[data-testid="customer-form"]');
    await form.waitForDisplayed({ timeout: 5000 });
    await b.$('[data-testid="customer-form"] [name="name"]').setValue('新开的书店');
    await b.$('[data-testid="save-customer"]').click();
    await b.waitUntil(async () => /damaged/i.test(await text(form)), {
      timeout: 5000,
      timeoutMsg: 'the form says the file is damaged',
    });
  });
  assert.deepEqual(fs.readFileSync(db), before, 'the damaged file was not written');
  // The CLI refuses to write with the same words.
  let err = '';
  try {
    execFileSync(CLI, ['--db', db, 'customers', 'add', '--name', '新开的书店'], { stdio: 'pipe' });
  } catch (e) {
    err = String(e.stderr);
  }
  assert.match(err, /damaged.*Folio will not write to it/);
});
