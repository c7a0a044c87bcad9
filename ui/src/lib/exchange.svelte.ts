// The export page's state, kept here rather than in the page so that an export being written
// goes on (and is shown again) when the user moves to another section and back, and the choices
// made stay as they were.
import { api } from './api';
import type { ErrorPayload, ExportFile, ExportKind, ExportRequest, Layout } from './bindings';
import { monthPeriod, localToday, needsMonth, needsPeriod, workbookOnly, type Period } from './exchange';
import { Job } from './jobs.svelte';
import { locale } from './locale.svelte';
import { app } from './store.svelte';

export const exportUi = $state({
  /** Which half of the page is shown. */
  tab: 'export' as 'export' | 'import',
  kind: 'pack' as ExportKind,
  from: '',
  to: '',
  /** False until the page is first shown: then the period is last month, what an accountant asks for. */
  periodSet: false,
  /** The pack's month, `YYYY-MM`; last month until changed. */
  month: '',
  /** The statement's customer, by code as the search box fills it in. */
  customer: '',
  file: 'xlsx' as ExportFile,
  /** Whose import the vouchers are laid out for. */
  layout: 'kingdee' as Layout,
  job: null as Job | null,
  /** Where the running or last export is written. */
  path: '',
  /** A problem found before any job started (no customer chosen, the dialog failing). */
  error: null as ErrorPayload | null,
});

/** The core's today when Today has told it, else the PC's. */
export function today(): string {
  return app.coreToday ?? localToday();
}

export function setPeriod(p: Period): void {
  exportUi.from = p.from;
  exportUi.to = p.to;
  exportUi.periodSet = true;
}

/** Sets last month as the period the first time the page is shown. */
export function ensurePeriod(): void {
  if (!exportUi.periodSet) {
    setPeriod(monthPeriod(today(), -1));
    exportUi.month = exportUi.from.slice(0, 7);
  }
}

export function currentRequest(): ExportRequest {
  const ranged = needsPeriod(exportUi.kind);
  return {
    kind: exportUi.kind,
    from: ranged ? exportUi.from.trim() : '',
    to: ranged ? exportUi.to.trim() : '',
    customer: exportUi.kind === 'statement' ? exportUi.customer.trim() : '',
    month: needsMonth(exportUi.kind) ? exportUi.month.trim() : '',
    layout: exportUi.kind === 'vouchers' ? exportUi.layout : null,
    lang: locale.lang,
    file: workbookOnly(exportUi.kind) ? 'xlsx' : exportUi.file,
  };
}

/** Asks where to save (the Save dialog), then writes the export there as a job. Closing the
 * dialog does nothing. */
export async function startExport(): Promise<void> {
  if (exportUi.job?.running) return;
  exportUi.error = null;
  const request = currentRequest();
  let path: string | null;
  try {
    path = await api.exportPick(request);
  } catch (e) {
    exportUi.error = e as ErrorPayload;
    return;
  }
  if (!path) return;
  exportUi.path = path;
  exportUi.job = Job.run(() => api.exportStart(request, path));
}
