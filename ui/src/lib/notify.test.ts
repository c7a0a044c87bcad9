// Desktop notifications for reminders: one summary at start, then one per reminder (a burst
// summed up), each told once, none when switched off; a click opens Today on the reminder.
import { afterEach, describe, expect, it } from 'vitest';
import { emit } from '@tauri-apps/api/event';
import { tellDue, watchReminders } from './notify.svelte';
import { app } from './store.svelte';
import { mockBackend, reminder, resetState, sleep, status } from '../test/fixtures';

function backend(due: ReturnType<typeof reminder>[]) {
  return mockBackend((cmd) => {
    if (cmd === 'reminders_due_unnotified') return due;
    return null;
  });
}

const shown = (calls: { cmd: string; args: Record<string, unknown> }[]) =>
  calls.filter((c) => c.cmd === 'notify_show').map((c) => c.args);

describe('reminder notifications', () => {
  afterEach(resetState);

  it('sums up at start, then tells each one, and notes them told', async () => {
    app.status = status();
    const due = [reminder({ id: 4 }), reminder({ id: 5, customer_name: null, customer: null, title: '9787020002207 红楼梦', note: '补货' })];
    let calls = backend(due);
    await tellDue(true);
    expect(shown(calls)).toEqual([{ title: 'Folio: reminders due', body: '2 reminders are due today or overdue.', reminder: null }]);
    expect(calls.find((c) => c.cmd === 'reminders_mark_notified')?.args).toEqual({ ids: [4, 5] });

    resetState();
    app.status = status();
    calls = backend(due);
    await tellDue(false);
    expect(shown(calls)).toEqual([
      { title: 'Folio reminder', body: '新华书店 — 回访新书目', reminder: 4 },
      { title: 'Folio reminder', body: '9787020002207 红楼梦 — 补货', reminder: 5 },
    ]);
  });

  it('says 1 reminder in the singular, sums up a burst, and tells nothing when switched off or none is due', async () => {
    app.status = status();
    let calls = backend([reminder()]);
    await tellDue(true);
    expect(shown(calls)[0].body).toBe('1 reminder is due today or overdue.');

    calls = backend([1, 2, 3, 4].map((id) => reminder({ id })));
    await tellDue(false);
    expect(shown(calls)).toHaveLength(1);

    calls = backend([]);
    await tellDue(true);
    expect(calls.map((c) => c.cmd)).toEqual(['reminders_due_unnotified']);

    app.status = status({ notifications: false });
    calls = backend([reminder()]);
    await tellDue(true);
    expect(calls).toEqual([]);
  });

  it('opens Today on the reminder whose notification was clicked', async () => {
    app.status = status();
    app.route = 'customers';
    backend([]);
    const stop = watchReminders();
    await sleep(0);
    await emit('open_reminder', { id: 7 });
    await sleep(0);
    expect(app.route).toBe('today');
    expect(app.openReminder).toBe(7);
    stop();
  });
});
