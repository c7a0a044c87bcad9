// The layout faults a clerk saw (issue 11, item 11), measured in the real window in
// both languages: the shortage dialog's buttons fit, the order footer keeps its hint
// on one line when a shortage shows, and the scan box's icon is square. Each screen
// is saved as a screenshot to look at.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { withApp, tempDb, shot, CLI, cli, text, ENTER, setLanguage } from './harness.mjs';

/** The box of each element matching `selector`, and whether its text is cut. */
async function boxes(b, selector) {
  return b.execute((sel) => {
    return [...document.querySelectorAll(sel)].map((el) => {
      const r = el.getBoundingClientRect();
      return {
        left: r.left,
        right: r.right,
        top: r.top,
        bottom: r.bottom,
        width: r.width,
        height: r.height,
        cut: el.scrollWidth > el.clientWidth + 1,
        text: el.textContent.trim(),
      };
    });
  }, selector);
}

test('the shortage dialog, the order footer and the scan box fit, in English and Chinese', async () => {
  const db = tempDb();
  execFileSync(CLI, ['--db', db, 'demo', '--customers', '0', '--titles', '20', '--seed', '7']);
  execFileSync(CLI, ['--db', db, 'customers', 'add', '--name', '成都新华书店', '--discount', '6.5折']);
  const [book] = cli(db, ['stock', 'list']).filter((t) => t.quantity >= 1);
  assert.ok(book, 'a title in stock');

  await withApp(db, async (b) => {
    for (const lang of ['en', 'zh-CN']) {
      await setLanguage(b, lang);
      await b.$('[data-testid="nav-orders"]').click();
      await b.$('[data-testid="new-order"]').click();
      const customer = b.$('[data-testid="order-customer"]');
      await customer.waitForDisplayed({ timeout: 5000 });
      await customer.addValue('cdxh');
      await b.$('[data-testid="customer-option"]').waitForDisplayed({ timeout: 5000 });
      await customer.addValue(ENTER);
      await b.waitUntil(async () => /成都新华书店/.test(await text(b.$('[data-testid="customer-info"]'))), {
        timeout: 5000,
      });

      const [icon] = await boxes(b, '[data-testid="scan-icon"]');
      assert.ok(icon.width >= 16 && Math.abs(icon.width - icon.height) < 1, `${lang}: square scan icon ${JSON.stringify(icon)}`);

      const scan = b.$('[data-testid="scan-input"]');
      await scan.click();
      await scan.addValue(`${book.quantity + 3}*${book.isbn}${ENTER}`);
      await b.$('[data-testid="line-short"]').waitForDisplayed({ timeout: 5000 });
      await b.$('[data-testid="short-note"]').waitForDisplayed({ timeout: 5000 });
      await shot(b, `layout-order-shortage-footer-${lang}`);

      // The footer's hint stays one line beside the totals and the shortage note.
      const [hint] = await boxes(b, '.foot .keys');
      const [confirm] = await boxes(b, '[data-testid="confirm-order"]');
      assert.ok(hint.height <= confirm.height, `${lang}: the hint wraps: ${JSON.stringify(hint)} vs button ${confirm.height}`);

      await b.keys(['Control', 'Enter']);
      const dialog = b.$('[data-testid="shortage-dialog"]');
      await dialog.waitForDisplayed({ timeout: 5000 });
      await shot(b, `layout-shortage-dialog-${lang}`);
      const [box] = await boxes(b, '[data-testid="shortage-dialog"]');
      const buttons = await boxes(b, '[data-testid="shortage-dialog"] footer button');
      assert.equal(buttons.length, 2, `${lang}: two buttons`);
      for (const btn of buttons) {
        assert.ok(!btn.cut, `${lang}: "${btn.text}" is cut off`);
        if (box) assert.ok(btn.left >= box.left && btn.right <= box.right, `${lang}: "${btn.text}" sticks out of the dialog`);
      }
      await b.$('[data-testid="shortage-back"]').click();
      await dialog.waitForDisplayed({ reverse: true, timeout: 5000 });
      await b.$('[data-testid="discard-draft"]').click();
      await b.$('[data-testid="discard-confirm"]').click();
      await b.$('[data-testid="new-order"]').waitForDisplayed({ timeout: 5000 });
    }
  });
});
