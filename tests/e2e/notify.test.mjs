// Desktop notifications in the real app, received by a real notification daemon (dunst, on the
// run's own session bus: see run.sh): one summary on start, one per reminder falling due while
// the app is open (here: one the CLI makes), and a click on one opens Today.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { withApp, tempDb, shot, cli } from './harness.mjs';

/** What the daemon was told so far, as [summary, body] pairs (it keeps only closed ones). */
function received() {
  execFileSync('dunstctl', ['close-all']);
  const history = JSON.parse(execFileSync('dunstctl', ['history'], { encoding: 'utf8' }));
  return history.data[0].map((n) => [n.summary.data, n.body.data]);
}

/** Waits until the daemon has received `n` notifications after the first `base`; returns those. */
async function waitFor(n, base, timeout = 20000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    // The history is newest first.
    const all = received();
    const got = all.slice(0, Math.max(0, all.length - base)).reverse();
    if (got.length >= n) return got;
    if (Date.now() > deadline) assert.fail(`the daemon received ${got.length} notifications, not ${n}: ${JSON.stringify(got)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Today's local date, as the app and the CLI read it. */
function today() {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

test('reminders falling due are told by desktop notifications, and a click opens Today', async () => {
  assert.ok(process.env.DBUS_SESSION_BUS_ADDRESS, 'run.sh starts a session bus with dunst on it (make test installs them)');
  // What earlier tests of the run left in the daemon's history (dunst 1.9 cannot clear it).
  const base = received().length;
  const db = tempDb();
  const c = cli(db, ['customers', 'add', '--name', '成都新华书店']);
  cli(db, ['reminders', 'add', '--customer', c.code, '--due', today(), '--type', 'call', '--note', '回访']);
  await withApp(db, async (b) => {
    const [start] = await waitFor(1, base);
    assert.match(start[0], /Folio/);
    assert.match(start[1], /1/, `the summary counts the one reminder due: ${start}`);

    await b.$('[data-testid="nav-customers"]').click();
    cli(db, ['reminders', 'add', '--customer', c.code, '--due', `${today()}T00:00`, '--note', '寄春季书目']);
    const bodies = (await waitFor(2, base)).map((n) => n[1]);
    assert.ok(bodies.includes('成都新华书店 — 寄春季书目'), `one notification for the new reminder: ${bodies}`);

    // A notification clicked (dunst invokes its default action) opens Today.
    cli(db, ['reminders', 'add', '--customer', c.code, '--due', today(), '--note', '确认到货']);
    await b.waitUntil(async () => Number(execFileSync('dunstctl', ['count', 'displayed'], { encoding: 'utf8' }).trim()) >= 1, {
      timeout: 20000,
      timeoutMsg: 'the third reminder should be shown',
    });
    await b.$('[data-testid="nav-customers"]').click();
    execFileSync('dunstctl', ['action', '0']);
    await b.$('[data-testid="nav-today"][aria-current="page"]').waitForExist({ timeout: 10000 });
    await shot(b, 'notify-opened-today');
  });
});
