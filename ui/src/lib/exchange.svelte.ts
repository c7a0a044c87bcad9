// The exports' state, kept here rather than in a page so that an export being written goes on
// (and is shown again) when the user moves to another section and back, and the choices made stay
// as they were. The Import & export page has one run; each page with an "Export…" button of its
// own (a statement, the aging, the customer, order and stock lists) has one per kind, and all of
// them go through `exportInto`: the Save dialog, then the job.
import { api } from './api';
import type { ErrorPayload, ExportFile, ExportKind, ExportRequest, Layout } from './bindings';
import { monthPeriod, localToday, needsMonth, needsPeriod, workbookOnly, type Period } from './exchange';
import { Job } from './jobs.svelte';
import { locale } from './locale.svelte';
import { app } from './store.svelte';

/** One export being written, or the last one: its job, where it goes, what it asked for, and a
 * problem found before any job started (the dialog failing). */
export type ExportRun = {
  job: Job | null;
  /** Where the running or last export is written. */
  path: string;
  /** What the running or last export asked for. */
  request: ExportRequest | null;
  error: ErrorPayload | null;
};

function noRun(): ExportRun {
  return { job: null, path: '', request: null, error: null };
}

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
  ...noRun(),
});

/** The kinds a page exports from a button of its own, each the page it is on. */
export type PageExportKind = 'statement' | 'receivables' | 'customers' | 'orders' | 'stock';

/** The runs of the pages' own "Export…" buttons, one per kind. */
export const pageExports = $state<Record<PageExportKind, ExportRun>>({
  statement: noRun(),
  receivables: noRun(),
  customers: noRun(),
  orders: noRun(),
  stock: noRun(),
});

export function resetPageExports(): void {
  for (const kind of Object.keys(pageExports) as PageExportKind[]) pageExports[kind] = noRun();
}

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

/** What a page fills in of its request: a statement's customer and period. */
export type PageFields = Partial<Pick<ExportRequest, 'from' | 'to' | 'customer'>>;

/** What a page's own button exports: `kind` with the fields the page fills in, in the window's
 * language, as a workbook. */
export function pageRequest(kind: PageExportKind, fields: PageFields = {}): ExportRequest {
  return { kind, from: '', to: '', customer: '', month: '', layout: null, lang: locale.lang, file: 'xlsx', ...fields };
}

/** Asks where to save `request` (the Save dialog), then writes the export there as a job that
 * `run` follows. Closing the dialog does nothing; while `run`'s job is running, neither does this. */
export async function exportInto(run: ExportRun, request: ExportRequest): Promise<void> {
  if (run.job?.running) return;
  run.error = null;
  let path: string | null;
  try {
    path = await api.exportPick(request);
  } catch (e) {
    // The problem is this request's: the last export's result is no longer what is shown.
    run.job = null;
    run.request = request;
    run.error = e as ErrorPayload;
    return;
  }
  if (!path) return;
  run.path = path;
  run.request = request;
  run.job = Job.run(() => api.exportStart(request, path));
}

/** The Import & export page's export, of what is chosen there. */
export function startExport(): Promise<void> {
  return exportInto(exportUi, currentRequest());
}

/** A page's own export of `kind`, on that kind's run. */
export function startPageExport(kind: PageExportKind, fields: PageFields = {}): Promise<void> {
  return exportInto(pageExports[kind], pageRequest(kind, fields));
}

/** What went wrong with `run`: before its job started, or the job itself. */
export function runError(run: ExportRun): ErrorPayload | null {
  return run.error ?? (run.job?.state === 'failed' ? run.job.error : null);
}
