// The app beside other programs on its file: the CLI adds customers while the window is open and
// the list shows them with no user action; two CLI loops write at once beside it and none is
// refused; a path with no database asks before making one; a damaged file's banner in both languages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { execFileSync, spawn } from 'node:child_process';
import { withApp, tempDb, shot, cli, text, setLanguage, CLI } from './harness.mjs';

/** The customer list's count line ("100 customers") once it says `n`. */
async function waitForCount(b, n, timeout = 15000) {
  const line = b.$('[data-testid="customer-count-line"]');
  await b.waitUntil(async () => (await line.isExisting()) && (await text(line)).startsWith(`${n} `), {
    timeout,
    timeoutMsg: `the customer list should say ${n} customers`,
  });
}

async function openCustomers(b) {
  await b.$('[data-testid="nav-customers"]').click();
  await b.$('#customer-list').waitForDisplayed({ timeout: 5000 });
}

/** `count` customers added one CLI call at a time in a shell loop; resolves with the failures. */
function addLoop(db, prefix, count) {
  const script = `fails=0
for i in $(seq 1 ${count}); do
  "$CLI" --db "$DB" customers add --name "${prefix} $i" >/dev/null 2>>"$DB.${prefix}.err" || fails=$((fails+1))
done
echo $fails`;
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', script], { env: { ...process.env, CLI, DB: db }, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const errors = fs.existsSync(`${db}.${prefix}.err`) ? fs.readFileSync(`${db}.${prefix}.err`, 'utf8') : '';
      resolve({ code, fails: Number(out.trim()), errors });
    });
  });
}

test('a customer added from the CLI shows in the open list without any user action', async () => {
  const db = tempDb();
  cli(db, ['customers', 'add', '--name', 'Waterstones Leeds']);
  await withApp(db, async (b) => {
    await openCustomers(b);
    await waitForCount(b, 1);
    const added = cli(db, ['customers', 'add', '--name', '成都新华书店']);
    const code = added.code ?? 'C0002';
    const row = b.$(`[data-testid="customer-row"][data-code="${code}"]`);
    await row.waitForDisplayed({ timeout: 10000 });
    assert.match(await text(row), /成都新华书店/);
    await waitForCount(b, 2);
    // Today's count follows too
    await b.$('[data-testid="nav-today"]').click();
    await b.waitUntil(async () => /2 customers/.test(await text(b.$('[data-testid="customer-count"]'))), {
      timeout: 10000,
      timeoutMsg: 'Today should count 2 customers',
    });
    await shot(b, 'outside-cli-add');
  });
});

test('the list keeps its scroll position and its selection while the CLI adds', async () => {
  const db = tempDb();
  const setup = await addLoop(db, 'Shop', 80);
  assert.equal(setup.fails, 0, setup.errors);
  await withApp(db, async (b) => {
    await openCustomers(b);
    await waitForCount(b, 80);
    const list = b.$('#customer-list');
    await b.execute(() => {
      const el = document.getElementById('customer-list');
      el.scrollTop = 900;
      el.dispatchEvent(new Event('scroll'));
    });
    const row = b.$('[data-testid="customer-row"][data-code="C0030"]');
    await row.waitForDisplayed({ timeout: 5000 });
    await row.click();
    await b.$('[data-testid="customer-detail"]').waitForDisplayed({ timeout: 5000 });
    await b.keys(['Escape']);
    await b.$('[data-testid="customer-detail"]').waitForDisplayed({ reverse: true, timeout: 5000 });
    const top = await list.getProperty('scrollTop');
    assert.ok(top > 0, 'scrolled down');
    for (let i = 0; i < 3; i += 1) cli(db, ['customers', 'add', '--name', `新书店 ${i}`]);
    await waitForCount(b, 83);
    assert.equal(await list.getProperty('scrollTop'), top, 'the list did not jump');
    assert.equal(await row.getAttribute('aria-selected'), 'true', 'the selected row is still selected');
  });
});

test('two CLI loops of 50 adds beside the open app: 100 customers, none refused', async () => {
  const db = tempDb();
  await withApp(db, async (b) => {
    await openCustomers(b);
    const [one, two] = await Promise.all([addLoop(db, 'Loop A', 50), addLoop(db, 'Loop B', 50)]);
    assert.equal(one.code, 0, one.errors);
    assert.equal(two.code, 0, two.errors);
    assert.equal(one.fails, 0, `loop A: ${one.fails} refused\n${one.errors}`);
    assert.equal(two.fails, 0, `loop B: ${two.fails} refused\n${two.errors}`);
    await waitForCount(b, 100);
    await shot(b, 'outside-two-loops');
  });
  const rows = cli(db, ['customers', 'list', '--all']);
  assert.equal(rows.length, 100);
  assert.equal(new Set(rows.map((r) => r.code)).size, 100, 'every code distinct');
});

test('a path with no database: the app asks, makes it on the button, and starts', async () => {
  const db = tempDb('typo.sqlite', { init: false });
  assert.ok(!fs.existsSync(db));
  await withApp(
    db,
    async (b) => {
      const page = b.$('[data-testid="missing-db"]');
      await page.waitForDisplayed({ timeout: 10000 });
      assert.equal(await text(b.$('[data-testid="missing-db-path"]')), db);
      assert.ok(!fs.existsSync(db), 'nothing made before the user asks');
      const lang = await b.$('html').getAttribute('lang');
      await shot(b, `missing-db-${lang}`);
      await b.$('[data-testid="create-db"]').click();
      await b.$('[data-testid="app-ready"]').waitForDisplayed({ timeout: 10000 });
      await b.$('[data-testid="first-run"]').waitForDisplayed({ timeout: 5000 });
      assert.ok(fs.existsSync(db), 'the file is there once asked for');
      // the new file works: a customer added in the app
      await b.$('[data-testid="first-new-customer"]').click();
      const name = b.$('[data-testid="customer-form"] [name="name"]');
      await name.waitForDisplayed({ timeout: 5000 });
      await name.setValue('新华书店');
      await b.$('[data-testid="save-customer"]').click();
      await b.$('[data-testid="customer-form"]').waitForDisplayed({ reverse: true, timeout: 5000 });
      await shot(b, 'missing-db-created');
    },
    { language: null },
  );
  assert.equal(cli(db, ['customers', 'list']).length, 1);
});

/** Flips the last byte of a leaf page of an index on customers, as a bad disk would: the entry
 * then points at another row. Only the full check sees it (tests/damage.rs does the same). */
function damageIndex(db) {
  execFileSync('sqlite3', [db, 'PRAGMA wal_checkpoint(TRUNCATE);']);
  const bytes = fs.readFileSync(db);
  const size = bytes.readUInt16BE(16) === 1 ? 65536 : bytes.readUInt16BE(16);
  const roots = execFileSync('sqlite3', [db, "SELECT rootpage FROM sqlite_master WHERE type = 'index' AND tbl_name = 'customers' AND rootpage > 0"], { encoding: 'utf8' })
    .split('\n')
    .filter(Boolean)
    .map(Number);
  const page = roots.find((p) => bytes[(p - 1) * size] === 0x0a && bytes.readUInt16BE((p - 1) * size + 3) > 1);
  assert.ok(page, 'an index of customers on one leaf page');
  bytes[page * size - 1] ^= 0x01;
  fs.writeFileSync(db, bytes);
}

// damage.test.mjs has the refused save and the untouched file; this is the banner in both languages.
test('a damaged file: the banner says so in both languages, over every page', async () => {
  const db = tempDb();
  for (let i = 1; i <= 30; i += 1) cli(db, ['customers', 'add', '--name', `书店 ${i}`]);
  damageIndex(db);
  await withApp(
    db,
    async (b) => {
      const banner = b.$('[data-testid="damage-banner"]');
      await banner.waitForDisplayed({ timeout: 20000 });
      assert.equal(await banner.getAttribute('role'), 'alert');
      // (choosing the language is itself a write the file refuses; the window changes all the same)
      await setLanguage(b, 'en');
      assert.match(await text(banner), /damaged/);
      assert.match(await text(banner), /will not write/);
      await openCustomers(b);
      await waitForCount(b, 30);
      await shot(b, 'damage-banner-en');
      await setLanguage(b, 'zh-CN');
      assert.match(await text(banner), /已损坏/);
      await openCustomers(b);
      await shot(b, 'damage-banner-zh');
    },
    { language: null },
  );
});
