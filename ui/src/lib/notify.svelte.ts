// Desktop notifications for reminders. While the app is open it asks, every half minute, for
// the reminders that have fallen due (their date, and their time when they have one) and were
// not told of yet; the first time after start they are told in one summary notification, later
// ones one by one (a burst of more than three is summed up too, never a flood). Each is told
// once: the core notes it. A reminder another program made (the CLI) is told of as soon as the
// shell says the file changed. A click on a notification opens Today on that reminder.
import { api, onDataChanged, onOpenReminder } from './api';
import type { Reminder } from './bindings';
import { t } from './locale.svelte';
import { app, navigate } from './store.svelte';

export const POLL_MS = 30_000;
/** More at once than this are told in one summary notification. */
export const BURST = 3;

function who(r: Reminder): string {
  if (r.customer_name) return r.customer_name;
  if (r.customers.length > 0) return r.customers.slice(0, 3).join(t('notify_separator'));
  return r.title ?? t('notify_no_customer');
}

/** Tells of what fell due since last time; `first` says whether this is the start's round. */
export async function tellDue(first: boolean): Promise<void> {
  if (app.status?.notifications === false) return;
  const due = await api.remindersDueUnnotified();
  if (due.length === 0) return;
  if (first || due.length > BURST) {
    await api.notifyShow(t('notify_summary_title'), t('notify_summary', { n: due.length }), null);
  } else {
    for (const r of due) {
      await api.notifyShow(t('notify_title'), t('notify_body', { who: who(r), note: r.note }), r.id);
    }
  }
  await api.remindersMarkNotified(due.map((r) => r.id));
}

/** Starts the notifications; returns the function that stops them. */
export function watchReminders(): () => void {
  let first = true;
  let busy = false;
  const round = async () => {
    if (busy) return;
    busy = true;
    try {
      await tellDue(first);
      first = false;
    } catch {
      // A notification that could not be shown is not worth an error on screen: Today lists it.
    } finally {
      busy = false;
    }
  };
  void round();
  const timer = setInterval(() => void round(), POLL_MS);
  const stops = [
    onOpenReminder((id) => {
      app.openReminder = id;
      navigate('today');
    }),
    onDataChanged(() => void round()),
  ];
  return () => {
    clearInterval(timer);
    for (const stop of stops) void stop.then((unlisten) => unlisten()).catch(() => undefined);
  };
}
