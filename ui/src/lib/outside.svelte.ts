// Changes made to the file by another program (the CLI beside the app), and damage found by the
// check that runs after start. The shell sends `data_changed` when the file changed outside;
// `watchOutside` turns a burst of them into one bump of `app.dataVersion` (at most one per
// REFRESH_MS) and refreshes the counts in `app.status`. What shows a record or a list loads it
// again in place when the version moves: the lists through `reloadOn` (virtualList.svelte.ts),
// everything else through `onDataChange` here. Forms, drafts, the search box and the selection are
// never touched: a reload only replaces what was read. A new day (the window's date turning over)
// counts as a change too.
import { untrack } from 'svelte';
import { onDamaged, onDataChanged } from './api';
import { todayIso } from './receivables.svelte';
import { app, refreshStatus } from './store.svelte';

/** A burst of `data_changed` events within this many ms gives one refresh. */
export const REFRESH_MS = 300;
/** How often the window looks whether its date turned over. */
export const DAY_CHECK_MS = 60_000;

/** Listen to the shell's `data_changed` and `db_damaged` events; returns the function that stops. */
export function watchOutside(): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const refresh = () => {
    timer = null;
    app.dataVersion += 1;
    void refreshStatus();
  };
  // A new day changes what is overdue, due today and aged: at the window's midnight everything
  // on screen loads again, as after a change from outside.
  let day = todayIso();
  const dayTimer = setInterval(() => {
    const now = todayIso();
    if (now === day) return;
    day = now;
    if (timer === null) timer = setTimeout(refresh, REFRESH_MS);
  }, DAY_CHECK_MS);
  const stops = [
    onDataChanged(() => {
      if (timer === null) timer = setTimeout(refresh, REFRESH_MS);
    }),
    onDamaged((e) => {
      // The banner at once; then what was found, from the status (the event's message is a whole
      // English sentence around it), else from the event.
      if (app.damage === null) app.damage = '';
      void refreshStatus().then(() => {
        if (!app.damage) app.damage = e.message;
      });
    }),
  ];
  return () => {
    clearInterval(dayTimer);
    if (timer !== null) clearTimeout(timer);
    timer = null;
    // (the event bridge may be gone already: the window closing, a test's mocks cleared)
    for (const stop of stops) void stop.then((unlisten) => unlisten()).catch(() => undefined);
  };
}

/**
 * Runs `reload` each time the file changed outside, not when the component starts (its own
 * first load does that). Call it while the component initialises: it is an effect of the component.
 */
export function onDataChange(reload: () => void): void {
  let seen: number | null = null;
  $effect(() => {
    const v = app.dataVersion;
    if (seen !== null && v !== seen) untrack(reload);
    seen = v;
  });
}
