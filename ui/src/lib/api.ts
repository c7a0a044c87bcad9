// The only module that talks to the Rust side. Everything else imports from here.
import { invoke } from '@tauri-apps/api/core';
import { listen, type UnlistenFn } from '@tauri-apps/api/event';
import type {
  Account,
  Aging,
  AppStatus,
  Company,
  ConfirmOptions,
  Confirmed,
  CustomerReturn,
  Order,
  OrderInput,
  OrderQuery,
  OrderSummary,
  Pasted,
  ReadyBackorder,
  Payment,
  PaymentInput,
  ReturnInput,
  ShipInput,
  Statement,
  Customer,
  CustomerInput,
  CustomerPage,
  IfDuplicate,
  LikelyDuplicate,
  DuplicatePage,
  MergeReport,
  MergedInto,
  JobEvent,
  JobStarted,
  DocumentInput,
  DocumentQuery,
  DocumentSummary,
  ErrorPayload,
  ExportRequest,
  ImportKind,
  ImportOptions,
  VoucherSettings,
  VoucherSettingsInput,
  ItemCard,
  ListQuery,
  Scan,
  StockDocument,
  StockFacets,
  StockFilter,
  StockPage,
  StockValue,
  Supplier,
  SupplierInput,
  Title,
  TitleInput,
  Away,
  Case,
  CaseInput,
  CaseUpdate,
  DoneInput,
  DueFilter,
  Interaction,
  InteractionInput,
  Reminder,
  ReminderEvent,
  ReminderInput,
  SatisfactionInput,
  SatisfactionSummary,
  TimelineEntry,
  TodayReminders,
  RuleSettings,
} from './bindings';

export type Language = 'en' | 'zh-CN';

/** Turn whatever a command rejected with into an ErrorPayload. */
export function toErrorPayload(e: unknown): ErrorPayload {
  if (e && typeof e === 'object' && 'code' in e && typeof (e as { code: unknown }).code === 'string') {
    const o = e as { code: string; message?: unknown; field?: unknown; params?: unknown };
    const payload: ErrorPayload = {
      code: o.code,
      message: typeof o.message === 'string' ? o.message : '',
    };
    if (typeof o.field === 'string' && o.field !== '') payload.field = o.field;
    if (o.params && typeof o.params === 'object') {
      // Only string figures are kept: the core sends nothing else, and a template fills them in as text.
      const params = Object.entries(o.params).filter((kv): kv is [string, string] => typeof kv[1] === 'string');
      if (params.length > 0) payload.params = Object.fromEntries(params);
    }
    return payload;
  }
  if (e instanceof Error) return { code: 'unknown', message: e.message };
  return { code: 'unknown', message: typeof e === 'string' ? e : String(e) };
}

/**
 * The commands whose success can change which reminders are open: the reminders' own, a call
 * logged (it may finish one and schedule the next), a case (its follow-up), a customer deleted
 * or archived (their reminders go or stay out of the rules' reach).
 */
const TOUCHES_REMINDERS = new Set([
  'reminder_add',
  'reminder_done',
  'reminder_snooze',
  'reminder_dismiss',
  'interaction_add',
  'case_add',
  'case_update',
  'customer_delete',
  'customer_archive',
  'customer_restore',
  'customer_merge',
]);
const reminderWatchers = new Set<() => void>();

/** Calls `handler` after each of this window's own commands that may have changed the open
 * reminders (another program's changes come as `data_changed`); returns the function that stops. */
export function onRemindersTouched(handler: () => void): () => void {
  reminderWatchers.add(handler);
  return () => reminderWatchers.delete(handler);
}

async function call<T>(cmd: string, args?: Record<string, unknown>): Promise<T> {
  let result: T;
  try {
    result = await invoke<T>(cmd, args);
  } catch (e) {
    throw toErrorPayload(e);
  }
  if (TOUCHES_REMINDERS.has(cmd)) for (const handler of reminderWatchers) handler();
  return result;
}

export const api = {
  appStatus: () => call<AppStatus>('app_status', {}),
  /** Makes a new, empty database at the path the app was given (after `db_missing`); the status of the opened file. */
  dbCreate: () => call<AppStatus>('db_create', {}),
  setLanguage: (language: Language) => call<null>('set_language', { language }),
  customersList: (query: ListQuery) => call<CustomerPage>('customers_list', { query }),
  customerGet: (id: number) => call<Customer>('customer_get', { id }),
  customerCheck: (input: CustomerInput) => call<ErrorPayload[]>('customer_check', { input }),
  customerDuplicates: (input: CustomerInput, except: number | null) =>
    call<LikelyDuplicate[]>('customer_duplicates', { input, except }),
  customerCreate: (input: CustomerInput, ifDuplicate: IfDuplicate = 'refuse') =>
    call<Customer>('customer_create', { input, ifDuplicate }),
  customerUpdate: (id: number, input: CustomerInput, ifDuplicate: IfDuplicate = 'refuse') =>
    call<Customer>('customer_update', { id, input, ifDuplicate }),
  customerArchive: (id: number) => call<Customer>('customer_archive', { id }),
  customerRestore: (id: number) => call<Customer>('customer_restore', { id }),
  customerDelete: (id: number) => call<null>('customer_delete', { id }),
  customersPossibleDuplicates: (offset: number, limit: number) =>
    call<DuplicatePage>('customers_possible_duplicates', { offset, limit }),
  /** Moves everything of customer `from` onto `into` and archives `from`; cannot be undone. */
  customerMerge: (from: number, into: number) => call<MergeReport>('customer_merge', { from, into }),
  /** The customer a merge archived this one into; null when no merge did (or it was restored). */
  customerMergedInto: (id: number) => call<MergedInto | null>('customer_merged_into', { id }),
  sampleStart: () => call<JobStarted>('sample_start', {}),
  jobCancel: (id: number) => call<null>('job_cancel', { id }),
  setAllowNegativeStock: (allow: boolean) => call<null>('set_allow_negative_stock', { allow }),
  stockList: (filter: StockFilter) => call<StockPage>('stock_list', { filter }),
  stockFacets: () => call<StockFacets>('stock_facets', {}),
  stockValue: () => call<StockValue>('stock_value', {}),
  stockItem: (id: number) => call<ItemCard>('stock_item', { id }),
  titleScan: (text: string) => call<Scan>('title_scan', { text }),
  titleCreate: (input: TitleInput) => call<Title>('title_create', { input }),
  titleUpdate: (id: number, input: TitleInput) => call<Title>('title_update', { id, input }),
  suppliersList: () => call<Supplier[]>('suppliers_list', {}),
  supplierGet: (id: number) => call<Supplier>('supplier_get', { id }),
  supplierCreate: (input: SupplierInput) => call<Supplier>('supplier_create', { input }),
  stockReceive: (input: DocumentInput) => call<StockDocument>('stock_receive', { input }),
  stockReturn: (input: DocumentInput) => call<StockDocument>('stock_return', { input }),
  stockStocktake: (input: DocumentInput) => call<StockDocument>('stock_stocktake', { input }),
  stockOpening: (input: DocumentInput) => call<StockDocument>('stock_opening', { input }),
  stockWriteOff: (input: DocumentInput) => call<StockDocument>('stock_write_off', { input }),
  supplierUpdate: (id: number, input: SupplierInput) => call<Supplier>('supplier_update', { id, input }),
  ordersList: (query: OrderQuery) => call<OrderSummary[]>('orders_list', { query }),
  orderGet: (id: number) => call<Order>('order_get', { id }),
  ordersBackorderReady: () => call<ReadyBackorder[]>('orders_backorder_ready', {}),
  orderFind: (key: string) => call<Order>('order_find', { key }),
  orderCreate: (input: OrderInput) => call<Order>('order_create', { input }),
  orderUpdate: (id: number, input: OrderInput) => call<Order>('order_update', { id, input }),
  orderConfirm: (id: number, options: ConfirmOptions) => call<Confirmed>('order_confirm', { id, options }),
  orderShip: (id: number, input: ShipInput) => call<Order>('order_ship', { id, input }),
  orderComplete: (id: number) => call<Order>('order_complete', { id }),
  orderCancel: (id: number, reason: string) => call<Order>('order_cancel', { id, reason }),
  orderDiscard: (id: number) => call<null>('order_discard', { id }),
  orderPaste: (text: string) => call<Pasted>('order_paste', { text }),
  returnCreate: (input: ReturnInput) => call<CustomerReturn>('return_create', { input }),
  returnGet: (number: string) => call<CustomerReturn>('return_get', { number }),
  paymentCreate: (input: PaymentInput) => call<Payment>('payment_create', { input }),
  receivableOpening: (customer: string, amount: string, date: string) =>
    call<number>('receivable_opening', { customer, amount, date }),
  receivablesAging: () => call<Aging[]>('receivables_aging', {}),
  customerStatement: (customer: string, from: string, to: string) =>
    call<Statement>('customer_statement', { customer, from, to }),
  customerAccount: (customer: string) => call<Account>('customer_account', { customer }),
  companyGet: () => call<Company>('company_get', {}),
  companySet: (company: Company) => call<Company>('company_set', { company }),

  remindersToday: () => call<TodayReminders>('reminders_today', {}),
  remindersList: (due: DueFilter, customer: string) =>
    call<Reminder[]>('reminders_list', { due, customer }),
  reminderGet: (id: number) => call<Reminder>('reminder_get', { id }),
  reminderHistory: (id: number) => call<ReminderEvent[]>('reminder_history', { id }),
  reminderAdd: (input: ReminderInput) => call<Reminder>('reminder_add', { input }),
  reminderDone: (id: number, input: DoneInput) => call<Reminder>('reminder_done', { id, input }),
  /** `until`: `later_today`, `tomorrow`, `next_week`, or a date (and time). */
  reminderSnooze: (id: number, until: string) => call<Reminder>('reminder_snooze', { id, until }),
  reminderDismiss: (id: number) => call<Reminder>('reminder_dismiss', { id }),
  remindersAway: () => call<Away>('reminders_away', {}),
  remindersDueUnnotified: () => call<Reminder[]>('reminders_due_unnotified', {}),
  remindersMarkNotified: (ids: number[]) => call<null>('reminders_mark_notified', { ids }),
  setNotifications: (on: boolean) => call<null>('set_notifications', { on }),
  remindersRun: () => call<JobStarted>('reminders_run', {}),
  reminderRules: () => call<RuleSettings>('reminder_rules', {}),
  reminderRulesSet: (settings: RuleSettings) => call<RuleSettings>('reminder_rules_set', { settings }),
  /** Shows a desktop notification; clicking it sends `open_reminder` with `reminder`. */
  notifyShow: (title: string, body: string, reminder: number | null) =>
    call<null>('notify_show', { title, body, reminder }),
  interactionAdd: (input: InteractionInput) => call<Interaction>('interaction_add', { input }),
  interactionsList: (customer: string) => call<Interaction[]>('interactions_list', { customer }),
  caseAdd: (input: CaseInput) => call<Case>('case_add', { input }),
  caseUpdate: (id: number, input: CaseUpdate) => call<Case>('case_update', { id, input }),
  caseGet: (id: number) => call<Case>('case_get', { id }),
  casesList: (customer: string, openOnly: boolean) =>
    call<Case[]>('cases_list', { customer, openOnly }),
  satisfactionRecord: (input: SatisfactionInput) =>
    call<SatisfactionSummary>('satisfaction_record', { input }),
  satisfactionSummary: (customer: string) =>
    call<SatisfactionSummary>('satisfaction_summary', { customer }),
  customerTimeline: (customer: string) => call<TimelineEntry[]>('customer_timeline', { customer }),
  /** The Save dialog for an export, offering the name the core suggests; null when closed. */
  exportPick: (request: ExportRequest) => call<string | null>('export_pick', { request }),
  /** Writes the export to `path` as a job; its `done` event's result is an `Exported`. */
  exportStart: (request: ExportRequest, path: string) => call<JobStarted>('export_start', { request, path }),
  /** The Open dialog for an import; null when closed. */
  importPick: () => call<string | null>('import_pick', {}),
  /** The dry run of an import as a job; its `done` event's result is an `ImportPreview`. */
  importPreviewStart: (kind: ImportKind, path: string, options: ImportOptions) =>
    call<JobStarted>('import_preview_start', { kind, path, options }),
  /** The import as a job; its `done` event's result is an `ImportReport`. */
  importStart: (kind: ImportKind, path: string, options: ImportOptions) =>
    call<JobStarted>('import_start', { kind, path, options }),
  voucherSettingsGet: () => call<VoucherSettings>('voucher_settings_get', {}),
  voucherSettingsSet: (input: VoucherSettingsInput) => call<VoucherSettings>('voucher_settings_set', { input }),
  stockReverse: (number: string) => call<StockDocument>('stock_reverse', { number }),
  stockDocument: (number: string) => call<StockDocument>('stock_document', { number }),
  stockDocuments: (query: DocumentQuery) => call<DocumentSummary[]>('stock_documents', { query }),
};

export type Api = typeof api;

/** Calls `handler` with every `job` event (progress and end of long work) until
 * the returned function is called. */
export function onJob(handler: (event: JobEvent) => void): Promise<UnlistenFn> {
  return listen<JobEvent>('job', (e) => handler(e.payload));
}

/** Calls `handler` (at most once per event, payload none) whenever another program (the CLI)
 * changed the database file, until the returned function is called. */
export function onDataChanged(handler: () => void): Promise<UnlistenFn> {
  return listen<null>('data_changed', () => handler());
}

/** Calls `handler` when the full check of the file, run after start, found it damaged: from then
 * on every write is refused with `db_damaged`, reads keep working. */
export function onDamaged(handler: (error: ErrorPayload) => void): Promise<UnlistenFn> {
  return listen<ErrorPayload>('db_damaged', (e) => handler(toErrorPayload(e.payload)));
}

/** Calls `handler` with the reminder's id when the user clicked its desktop notification. */
export function onOpenReminder(handler: (id: number) => void): Promise<UnlistenFn> {
  return listen<{ id: number }>('open_reminder', (e) => handler(e.payload.id));
}
