// The import page's state: the file chosen, its dry run (what would be imported, every problem
// by row and column, the column mapping) and the import itself. Both the dry run and the import
// are jobs, so a file of 100,000 rows shows its progress and can be cancelled; the state lives
// here so that it is still there when the user comes back to the page.
import { api } from './api';
import type { ErrorPayload, ImportKind, ImportOptions, ImportPreview, ImportReport } from './bindings';
import { Job } from './jobs.svelte';
import { app, refreshStatus } from './store.svelte';

export const importUi = $state({
  kind: 'customers' as ImportKind,
  path: '',
  /** Header → field chosen on the mapping table, over what Folio matched. */
  mapping: {} as Record<string, string>,
  skipInvalid: false,
  update: false,
  checking: null as Job | null,
  preview: null as ImportPreview | null,
  importing: null as Job | null,
  report: null as ImportReport | null,
  error: null as ErrorPayload | null,
});

function options(): ImportOptions {
  return { update: importUi.update, skip_invalid: importUi.skipInvalid, mapping: { ...importUi.mapping }, report: null };
}

export function busy(): boolean {
  return (importUi.checking?.running ?? false) || (importUi.importing?.running ?? false);
}

/** Starts over for another kind: a file chosen for customers is not a file of titles. */
export function chooseKind(kind: ImportKind): void {
  if (busy()) return;
  importUi.kind = kind;
  importUi.path = '';
  importUi.mapping = {};
  importUi.preview = null;
  importUi.report = null;
  importUi.error = null;
  importUi.checking = null;
  importUi.importing = null;
}

/** The Open dialog, then the dry run of the file picked. */
export async function pickFile(): Promise<void> {
  if (busy()) return;
  importUi.error = null;
  let path: string | null;
  try {
    path = await api.importPick();
  } catch (e) {
    importUi.error = e as ErrorPayload;
    return;
  }
  if (!path) return;
  importUi.path = path;
  importUi.mapping = {};
  await check();
}

/** Runs the dry run again (after a mapping or an option changed, or the file was fixed). */
export async function check(): Promise<void> {
  if (busy() || !importUi.path) return;
  importUi.preview = null;
  importUi.report = null;
  importUi.error = null;
  const kind = importUi.kind;
  const path = importUi.path;
  const job = Job.run(() => api.importPreviewStart(kind, path, options()));
  importUi.checking = job;
  await job.finished;
  if (job.state === 'done') importUi.preview = job.result as ImportPreview;
  else if (job.state === 'failed') importUi.error = job.error;
}

export function setMapping(header: string, field: string): void {
  importUi.mapping = { ...importUi.mapping, [header]: field === '' ? '-' : field };
  void check();
}

/** Imports the file: all or nothing unless `skipInvalid`. */
export async function runImport(): Promise<void> {
  if (busy() || !importUi.path) return;
  importUi.error = null;
  importUi.report = null;
  const kind = importUi.kind;
  const path = importUi.path;
  const job = Job.run(() => api.importStart(kind, path, options()));
  importUi.importing = job;
  await job.finished;
  if (job.state === 'done') {
    const report = job.result as ImportReport;
    importUi.report = report;
    if (report.imported > 0) {
      app.listVersion += 1;
      await refreshStatus();
    }
  } else if (job.state === 'failed') {
    importUi.error = job.error;
  }
}
