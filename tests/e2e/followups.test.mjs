// The customer page's follow-ups in the real app, once in each language: a customer with a lunar
// birthday and a shipped order; a call logged by keyboard (Ctrl+L) with a next step, which shows
// on the timeline and makes a reminder listed on the page; from the order, a case opened about one
// of its lines, resolved and closed with a CSAT that the page then shows. Screenshots land in
// target/e2e-shots/followups-<lang>-*.png.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { withApp, tempDb, shot, CLI, cli, text } from './harness.mjs';

const TAB = '\uE004';

async function waitText(b, selector, pattern, what) {
  await b.waitUntil(async () => pattern.test(await text(b.$(selector))), { timeout: 8000, timeoutMsg: what });
}

async function waitFocused(b, selector, what) {
  await b.waitUntil(async () => b.$(selector).isFocused(), { timeout: 5000, timeoutMsg: what });
}

/** A local date `days` from today, as the app reads it. */
function dayFromToday(days) {
  const d = new Date();
  d.setDate(d.getDate() + days);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

for (const lang of ['en', 'zh-CN']) {
  test(`log a call with a next step, then open, resolve and close a case (${lang})`, async () => {
    const db = tempDb();
    execFileSync(CLI, ['--db', db, 'demo', '--customers', '0', '--titles', '5', '--seed', '3']);
    execFileSync(CLI, [
      '--db', db, 'customers', 'add', '--name', '成都新华书店', '--contact', '王芳', '--phone', '13800138000',
      '--birthday', '08-15', '--lunar',
    ]);
    const stock = cli(db, ['stock', 'list']).filter((t) => t.quantity >= 3);
    const order = cli(db, [
      'orders', 'add', '--customer', 'C0001', '--line', `${stock[0].isbn}:2`, '--line', `${stock[1].isbn}:3`, '--confirm',
    ]);
    const number = order.number;
    assert.match(number, /^SO-\d{8}-\d{4}$/);
    const next = dayFromToday(7);
    const s = (name) => `followups-${lang}-${name}`;
    const summary = lang === 'en' ? 'Asked about the spring list' : '询问春季书目';
    const step = lang === 'en' ? 'Send the spring catalogue' : '寄送春季书目';

    await withApp(
      db,
      async (b) => {
        // 1. The customer's page: the lunar birthday is marked as such.
        await b.$('[data-testid="nav-customers"]').click();
        await b.$('[data-testid="customer-row"][data-code="C0001"]').click();
        const detail = b.$('[data-testid="customer-detail"]');
        await detail.waitForDisplayed({ timeout: 5000 });
        await waitText(b, '[data-testid="detail-birthday"]', lang === 'en' ? /^Lunar 08-15$/ : /^农历 08-15$/, 'a lunar birthday says so');
        await b.$('[data-testid="timeline-entry"]').waitForExist({ timeout: 5000 });
        assert.equal(await b.$('[data-testid="reminders-none"]').isExisting(), true, 'no reminders yet');

        // 2. Ctrl+L logs a call; it opens on the summary. By keyboard: the summary, Tab past the
        // outcome to the next step, its date and time, then Ctrl+Enter.
        await b.keys(['Control', 'l']);
        await b.$('[data-testid="interaction-form"]').waitForDisplayed({ timeout: 5000 });
        await waitFocused(b, '[data-testid="interaction-summary"]', 'the dialog opens on the summary');
        await b.$('[data-testid="interaction-summary"]').addValue(summary);
        await b.keys(TAB);
        await b.keys(TAB);
        await waitFocused(b, '[data-testid="interaction-next-step"]', 'Tab, Tab goes to the next step');
        await b.$('[data-testid="interaction-next-step"]').addValue(step);
        await b.keys(TAB);
        await b.keys(next);
        await b.keys(TAB);
        await b.keys('09:30');
        await waitText(b, '[data-testid="interaction-next-hint"]', new RegExp(`${next} 09:30`), 'the hint names the reminder to be made');
        await shot(b, s('01-log-call'));
        await b.keys(['Control', 'Enter']);
        await b.$('[data-testid="interaction-form"]').waitForDisplayed({ reverse: true, timeout: 5000 });

        // 3. The call is on the timeline, newest first, with its next step; its reminder is listed.
        await waitText(b, '[data-testid="timeline-entry"]', new RegExp(summary), 'the call is first on the timeline');
        assert.equal(await b.$('[data-testid="timeline-entry"]').getAttribute('data-kind'), 'interaction');
        assert.match(await text(b.$('[data-testid="timeline-next"]')), new RegExp(step));
        const reminder = b.$('[data-testid="customer-reminder"]');
        await reminder.waitForDisplayed({ timeout: 5000 });
        assert.match(await text(reminder), new RegExp(`${next} 09:30.*${step}`));
        await waitText(b, '[data-testid="followups-notice"]', new RegExp(`${next} 09:30`), 'the notice names the reminder');
        await b.$('[data-testid="followups"]').scrollIntoView();
        await shot(b, s('02-customer-followups'));
        await b.$('[data-testid="timeline"]').scrollIntoView();
        await shot(b, s('03-timeline'));

        // 4. The order, from the timeline: open a case about its second line.
        let orderLink = null;
        for (const el of await b.$$('[data-testid="timeline-doc"]')) {
          if ((await text(el)) === number) orderLink = el;
        }
        assert.ok(orderLink, `the order ${number} is on the timeline`);
        await orderLink.click();
        await b.$('[data-testid="order-view"]').waitForDisplayed({ timeout: 5000 });
        await b.$('[data-testid="order-open-case"]').click();
        await b.$('[data-testid="case-form"]').waitForDisplayed({ timeout: 5000 });
        assert.equal(await b.$('[data-testid="case-order"]').getValue(), number);
        await b.waitUntil(async () => (await b.$$('[data-testid="case-line"]').length) === 2, {
          timeout: 5000,
          timeoutMsg: 'the order’s two lines are offered',
        });
        await b.$('[data-testid="case-category"]').selectByAttribute('value', 'damaged');
        await (await b.$$('[data-testid="case-line"]'))[1].click();
        await b.$('[data-testid="case-summary"]').addValue(lang === 'en' ? 'Three covers torn' : '三本封面破损');
        await shot(b, s('04-case-form'));
        await b.keys(['Control', 'Enter']);

        // 5. The case opens: resolve it (a resolution is needed), then close it with a CSAT.
        const view = b.$('[data-testid="case-view"]');
        await view.waitForDisplayed({ timeout: 5000 });
        assert.equal(await view.getAttribute('data-status'), 'open');
        await b.$('[data-testid="case-move-resolved"]').click();
        await b.keys(['Control', 'Enter']);
        await b.$('[data-testid="error-resolution"]').waitForDisplayed({ timeout: 5000 });
        await waitFocused(b, '[data-testid="case-resolution"]', 'the missing resolution is focused');
        await b.$('[data-testid="case-resolution"]').addValue(lang === 'en' ? 'Credited by a return of three copies' : '退货三本冲减货款');
        await b.keys(['Control', 'Enter']);
        await b.waitUntil(async () => (await view.getAttribute('data-status')) === 'resolved', { timeout: 5000, timeoutMsg: 'resolved' });
        assert.notEqual(await text(b.$('[data-testid="case-resolved"]')), '');
        await shot(b, s('05-case-resolved'));
        await b.$('[data-testid="case-move-closed"]').click();
        await b.$('[data-testid="case-csat"]').waitForDisplayed({ timeout: 5000 });
        await b.$('[data-testid="case-csat"]').addValue('5');
        await shot(b, s('06-case-closing'));
        await b.keys(['Control', 'Enter']);
        await b.waitUntil(async () => (await view.getAttribute('data-status')) === 'closed', { timeout: 5000, timeoutMsg: 'closed' });
        await shot(b, s('07-case-closed'));
        await b.keys(['Escape']);
        await view.waitForDisplayed({ reverse: true, timeout: 5000 });

        // 6. Log a call from the order: its number comes filled in.
        await b.$('[data-testid="order-log-call"]').click();
        await b.$('[data-testid="interaction-form"]').waitForDisplayed({ timeout: 5000 });
        assert.equal(await b.$('[data-testid="interaction-order"]').getValue(), number);
        await b.keys(['Escape']);
        await b.$('[data-testid="interaction-form"]').waitForDisplayed({ reverse: true, timeout: 5000 });

        // 7. Back on the customer's page: the case is closed, the CSAT from closing it shows.
        await b.$('[data-testid="nav-customers"]').click();
        await b.$('[data-testid="customer-row"][data-code="C0001"]').click();
        await b.$('[data-testid="customer-detail"]').waitForDisplayed({ timeout: 5000 });
        const row = b.$('[data-testid="case-row"]');
        await row.waitForDisplayed({ timeout: 5000 });
        assert.equal(await row.getAttribute('data-status'), 'closed');
        await waitText(b, '[data-testid="score-csat-latest"]', /^5$/, 'the CSAT given on closing shows');
        await b.$('[data-testid="followups"]').scrollIntoView();
        await shot(b, s('08-customer-after-case'));
      },
      { language: lang },
    );
  });
}
