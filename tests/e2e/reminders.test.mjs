// Reminders on Today, with the clock pinned (FOLIO_NOW, for the app and the CLI alike): what fell
// due while the app was not opened shows once at start; a reminder made with the CLI for today is
// on Today, grouped by its type, and counted on the navigation; Done takes it off; "done, and log
// the call" logs the call and marks it done in the same save, and the call is on the customer's
// timeline; a reminder made in the form. Screenshots of Today in English and Chinese.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withApp, tempDb, shot, cli, text, setLanguage } from './harness.mjs';

/** A local date `days` from the real today, as `YYYY-MM-DD`. The window's own clock is not pinned,
 * so the pinned day is the real one: both then agree on what "today" is. */
function day(days = 0) {
  const d = new Date();
  d.setDate(d.getDate() + days);
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

const TODAY = day(0);
/** A plain date pins the clock to 09:00 local on it. */
const NOW = { FOLIO_NOW: TODAY };

const row = (b, id) => b.$(`[data-testid="reminder-row"][data-id="${id}"]`);

async function dueCount(b) {
  const badge = b.$('[data-testid="nav-due-count"]');
  return (await badge.isExisting()) ? Number((await text(badge.$('span'))).replace('+', '')) : 0;
}

async function waitForCount(b, n) {
  await b.waitUntil(async () => (await dueCount(b)) === n, { timeout: 10000, timeoutMsg: `the navigation should count ${n} due` });
}

test('reminders: away summary, Today grouped by type, Done, and done with the call logged', async () => {
  const db = tempDb();
  for (const name of ['成都新华书店', '北京图书大厦', '重庆大学图书馆']) cli(db, ['customers', 'add', '--name', name]);

  // Folio last opened three days ago (the core notes the day the summary is asked).
  await withApp(db, async (b) => {
    await b.$('[data-testid="nav-today"]').click();
    await b.$('[data-testid="reminders"]').waitForDisplayed({ timeout: 10000 });
  }, { env: { FOLIO_NOW: day(-3) } });

  const add = (args) => cli(db, ['reminders', 'add', ...args], { env: NOW });
  const away = add(['--customer', 'C0003', '--due', day(-2), '--type', 'visit', '--note', '送样书到图书馆']);
  const call = add(['--customer', 'C0001', '--due', TODAY, '--type', 'call', '--note', 'Ask about the spring textbook order']);
  const logged = add(['--customer', 'C0002', '--due', TODAY, '--type', 'call', '--note', '回电：确认发货日期']);
  const collect = add(['--customer', 'C0003', '--due', `${TODAY}T14:00`, '--type', 'collect', '--every', '1m', '--note', '月结货款']);
  const upcoming = add(['--customer', 'C0001', '--due', day(3), '--type', 'catalogue', '--note', '寄春季新书目']);
  for (const r of [away, call, logged, collect, upcoming]) assert.equal(typeof r.id, 'number');

  await withApp(db, async (b) => {
    // What fell due while away, once, before anything else.
    const dialog = b.$('[data-testid="away-dialog"]');
    await dialog.waitForDisplayed({ timeout: 10000 });
    assert.match(await text(dialog), new RegExp(`Since you last opened Folio on ${day(-3)}`));
    const awayIds = await b.execute(() => [...document.querySelectorAll('[data-testid="away-row"]')].map((r) => Number(r.dataset.id)));
    assert.deepEqual(awayIds, [away.id]);
    assert.match(await text(b.$('[data-testid="away-row"]')), /Overdue by 2 days/);
    await shot(b, 'reminders-away-en');
    await b.$('[data-testid="away-close"]').click();
    await dialog.waitForExist({ reverse: true, timeout: 5000 });

    // Today: overdue and today's grouped by type, the week ahead below; 4 due on the navigation.
    await row(b, call.id).waitForDisplayed({ timeout: 10000 });
    const groups = async (section) =>
      b.execute(
        (s) =>
          [...document.querySelectorAll(`[data-testid="reminders-${s}"] [data-testid="reminder-group"]`)].map((g) => [
            g.dataset.kind,
            [...g.querySelectorAll('[data-testid="reminder-row"]')].map((r) => Number(r.dataset.id)),
          ]),
        section,
      );
    assert.deepEqual(await groups('overdue'), [['visit', [away.id]]]);
    assert.deepEqual(await groups('today'), [
      ['call', [call.id, logged.id]],
      ['collect', [collect.id]],
    ]);
    assert.match(await text(row(b, collect.id)), /Today at 14:00/);
    assert.match(await text(row(b, collect.id)), /Every month/);
    assert.match(await text(b.$('[data-testid="reminders-upcoming"]')), /寄春季新书目/);
    await waitForCount(b, 4);
    await shot(b, 'reminders-today-en');

    // The snooze choices, by keys, and Esc back to the row.
    await row(b, collect.id).click();
    await b.keys('s');
    await b.$('[data-testid="snooze-dialog"]').waitForDisplayed({ timeout: 5000 });
    await b.waitUntil(async () => (await b.execute(() => document.activeElement?.getAttribute('data-testid'))) === 'snooze-later_today', {
      timeout: 5000,
      timeoutMsg: 'the snooze dialog should open on its first choice',
    });
    await b.pause(200);
    await shot(b, 'reminders-snooze-en');
    await b.keys('Escape');
    await b.$('[data-testid="snooze-dialog"]').waitForExist({ reverse: true, timeout: 5000 });
    assert.equal(await b.execute(() => document.activeElement?.getAttribute('data-id')), String(collect.id));

    // Done, by its key on the selected row: off the list, off the count, done in the file; the
    // focus goes on to the next row.
    await row(b, call.id).click();
    await b.keys('d');
    await row(b, call.id).waitForExist({ reverse: true, timeout: 10000 });
    await waitForCount(b, 3);
    assert.equal(await b.execute(() => document.activeElement?.getAttribute('data-id')), String(logged.id));
    const all = cli(db, ['reminders', 'list', '--due', 'all'], { env: NOW });
    assert.equal(all.find((r) => r.id === call.id).status, 'done');

    // Done, and log the call: the call log opens for its customer; saving logs it and marks the
    // reminder done in the same save.
    await b.keys('l');
    const form = b.$('[data-testid="interaction-form"]');
    await form.waitForDisplayed({ timeout: 5000 });
    assert.match(await text(form), /北京图书大厦/);
    await b.$('[data-testid="interaction-summary"]').setValue('确认周五发货');
    await b.$('[data-testid="save-interaction"]').click();
    await form.waitForExist({ reverse: true, timeout: 10000 });
    await row(b, logged.id).waitForExist({ reverse: true, timeout: 10000 });
    await waitForCount(b, 2);
    const calls = cli(db, ['interactions', 'list', '--customer', 'C0002'], { env: NOW });
    assert.deepEqual(
      calls.map((i) => i.summary),
      ['确认周五发货'],
    );
    const after = cli(db, ['reminders', 'list', '--due', 'all'], { env: NOW });
    assert.equal(after.find((r) => r.id === logged.id).status, 'done');

    // Chinese.
    await setLanguage(b, 'zh-CN');
    await b.$('[data-testid="nav-today"]').click();
    await row(b, collect.id).waitForDisplayed({ timeout: 5000 });
    assert.match(await text(row(b, collect.id)), /今天 14:00/);
    assert.match(await text(row(b, away.id)), /已逾期 2 天/);
    await shot(b, 'reminders-today-zh');

    // A reminder by hand, from Today's key R: for a customer picked in the box, today, noted.
    await row(b, away.id).click();
    await b.keys('r');
    const reminderForm = b.$('[data-testid="reminder-form"]');
    await reminderForm.waitForDisplayed({ timeout: 5000 });
    await b.$('[data-testid="reminder-customer"]').setValue('C0002');
    // an exact code shows its customer under the box
    await b.$('[data-testid="reminder-customer-picked"]').waitForDisplayed({ timeout: 5000 });
    assert.match(await text(b.$('[data-testid="reminder-customer-picked"]')), /北京图书大厦/);
    await b.$('[data-testid="reminder-kind"]').selectByAttribute('value', 'care');
    await b.$('[data-testid="reminder-note"]').setValue('送贺卡');
    await b.pause(200);
    await shot(b, 'reminders-form-zh');
    await b.$('[data-testid="reminder-save"]').click();
    await reminderForm.waitForExist({ reverse: true, timeout: 5000 });
    const made = cli(db, ['reminders', 'list', '--customer', 'C0002'], { env: NOW });
    const card = made.find((r) => r.note === '送贺卡');
    assert.ok(card, 'the reminder is in the file');
    assert.equal(card.kind, 'care');
    assert.equal(card.due, TODAY);
    await row(b, card.id).waitForDisplayed({ timeout: 5000 });
    await waitForCount(b, 3);

    // O opens its customer's page, where the call logged from Today is on the timeline.
    await row(b, card.id).click();
    await b.keys('o');
    await b.$('[data-testid="customer-detail"]').waitForDisplayed({ timeout: 5000 });
    const entry = b.$('[data-testid="timeline-entry"][data-kind="interaction"]');
    await entry.waitForExist({ timeout: 5000 });
    assert.match(await text(entry), /确认周五发货/);
  }, { env: NOW, language: null });

  // Seen today already: no summary on the next start.
  await withApp(db, async (b) => {
    await b.$('[data-testid="reminders"]').waitForDisplayed({ timeout: 10000 });
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(await b.$('[data-testid="away-dialog"]').isExisting(), false);
  }, { env: NOW, language: null });
});
