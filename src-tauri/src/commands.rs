//! The desktop's commands: each is declared once, here, and nowhere else.
//!
//! `commands!` turns every entry into a `#[tauri::command]`, the invoke handler
//! and [`COMMANDS`]. `build.rs` reads the names from this file to declare one
//! permission per command and to write the capability file; a test checks that
//! `ui/src/lib/api.ts` calls exactly these commands with these arguments.
//!
//! Each entry is a thin adapter: typed arguments in, one core call, a typed
//! result or `{code, message, field?}` out. The first word says where it runs:
//! - `read`: on a read connection, so it never waits behind a write or a job;
//! - `write`: on the one writer, through the core's write door;
//! - `shell`: on the shell's own state (its status, the job runner).

use folio::app::{self, AppStatus};
use folio::base::error::ErrorPayload;
use folio::crm::cases::{self, Case, CaseInput, CaseUpdate};
use folio::crm::customers::{
    self, Customer, CustomerInput, CustomerPage, IfDuplicate, LikelyDuplicate, ListQuery,
};
use folio::crm::duplicates::{self, DuplicatePage, MergeReport, MergedInto};
use folio::crm::interactions::{self, Interaction, InteractionInput};
use folio::crm::reminders::{
    self, Away, DoneInput, DueFilter, Reminder, ReminderEvent, ReminderInput, TodayReminders,
};
use folio::crm::rules::{self, RuleSettings};
use folio::crm::satisfaction::{self, SatisfactionInput, SatisfactionSummary};
use folio::crm::timeline::{self, TimelineEntry};
use folio::exchange::{ExportRequest, ImportKind, ImportOptions};
use folio::trade::accounting::{self, VoucherSettings, VoucherSettingsInput};
use folio::trade::catalog::{
    self, Scan, StockFacets, StockFilter, StockPage, Supplier, SupplierInput, Title, TitleInput,
};
use folio::trade::company::{self, Company};
use folio::trade::orders::{
    self, ConfirmOptions, Confirmed, Order, OrderInput, OrderQuery, OrderSummary, Pasted,
    ReadyBackorder, ShipInput,
};
use folio::trade::receivables::{
    self, Account, Aging, CustomerReturn, Payment, PaymentInput, ReturnInput, Statement,
};
use folio::trade::stock::{
    self, DocumentInput, DocumentQuery, DocumentSummary, ItemCard, StockDocument, StockValue,
};

use crate::jobs::JobStarted;
use crate::state::{AppState, CmdResult};

/// A command as the UI calls it: its name and its arguments' names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(not(test), allow(dead_code))]
pub struct Command {
    pub name: &'static str,
    pub args: &'static [&'static str],
}

macro_rules! commands {
    ($(
        $(#[doc = $doc:literal])*
        $kind:ident $name:ident ( $($arg:ident : $ty:ty),* ) -> $ret:ty = |$s:ident| $body:expr;
    )*) => {
        $(
            $(#[doc = $doc])*
            #[tauri::command(async)]
            pub fn $name(
                state: tauri::State<'_, AppState>,
                app: tauri::AppHandle,
                $($arg: $ty),*
            ) -> CmdResult<$ret> {
                let _ = &app;
                commands!(@run $kind, state, app, $s, $body)
            }
        )*

        /// Every command, in the order declared.
        #[cfg_attr(not(test), allow(dead_code))]
        pub const COMMANDS: &[Command] = &[
            $(Command { name: stringify!($name), args: &[$(stringify!($arg)),*] },)*
        ];

        /// The invoke handler for every command.
        pub fn handler() -> impl Fn(tauri::ipc::Invoke<tauri::Wry>) -> bool + Send + Sync + 'static {
            tauri::generate_handler![$($name),*]
        }
    };
    (@run read, $state:ident, $app:ident, $s:ident, $body:expr) => {
        $state.read(|$s| $body)
    };
    (@run write, $state:ident, $app:ident, $s:ident, $body:expr) => {
        $state.write(|$s| $body)
    };
    (@run shell, $state:ident, $app:ident, $s:ident, $body:expr) => {{
        let $s = (&*$state, &$app);
        $body
    }};
}

commands! {
    /// What the UI needs at start-up; answers even when the file could not be opened.
    shell app_status() -> AppStatus = |s| Ok(s.0.status());
    write set_language(language: String) -> () = |s| app::set_language(s, &language);
    /// Makes the database at the path the app was given, once the user agreed
    /// (the app never makes one unasked except on its first run).
    shell db_create() -> AppStatus = |s| s.0.create();

    read customers_list(query: ListQuery) -> CustomerPage = |s| customers::list(s, &query);
    read customer_get(id: i64) -> Customer = |s| customers::get(s, id);
    /// Every problem with a customer's fields at once, for the form to show together.
    read customer_check(input: CustomerInput) -> Vec<ErrorPayload> = |_s| Ok(customers::check(&input));
    /// Customers on file with the same name and phone, for the form's warning before saving.
    read customer_duplicates(input: CustomerInput, except: Option<i64>) -> Vec<LikelyDuplicate> =
        |s| customers::duplicates(s, &input, except);
    write customer_create(input: CustomerInput, if_duplicate: IfDuplicate) -> Customer =
        |s| customers::create_checked(s, &input, if_duplicate);
    write customer_update(id: i64, input: CustomerInput, if_duplicate: IfDuplicate) -> Customer =
        |s| customers::update_checked(s, id, &input, if_duplicate);
    write customer_archive(id: i64) -> Customer = |s| customers::archive(s, id);
    write customer_restore(id: i64) -> Customer = |s| customers::restore(s, id);
    /// Deletes a customer typed by mistake; one that has documents is refused.
    write customer_delete(id: i64) -> () = |s| customers::delete(s, id);
    read customers_possible_duplicates(offset: i64, limit: i64) -> DuplicatePage =
        |s| duplicates::possible_duplicates(s, offset, limit);
    write customer_merge(from: i64, into: i64) -> MergeReport =
        |s| duplicates::merge(s, from, into);
    /// The customer a merge archived this one into, for its page to link to.
    read customer_merged_into(id: i64) -> Option<MergedInto> =
        |s| duplicates::merged_into(s, id);

    /// Starts loading the first-run sample data as a job (progress and cancel).
    shell sample_start() -> JobStarted = |s| s.0.start_sample(s.1);
    /// Asks a running job to stop; it ends with `cancelled` and changes nothing.
    shell job_cancel(id: u64) -> () = |s| {
        s.0.jobs.cancel(id);
        Ok(())
    };

    write set_allow_negative_stock(allow: bool) -> () =
        |s| stock::set_allow_negative_stock(s, allow);
    read stock_list(filter: StockFilter) -> StockPage = |s| catalog::stock_page(s, &filter);
    read stock_facets() -> StockFacets = |s| catalog::stock_facets(s);
    read stock_value() -> StockValue = |s| stock::value(s);
    read stock_item(id: i64) -> ItemCard = |s| stock::item_card(s, id);
    read title_scan(text: String) -> Scan = |s| catalog::scan(s, &text);
    write title_create(input: TitleInput) -> Title = |s| catalog::create_title(s, &input);
    write title_update(id: i64, input: TitleInput) -> Title =
        |s| catalog::update_title(s, id, &input);
    read suppliers_list() -> Vec<Supplier> = |s| catalog::suppliers(s);
    read supplier_get(id: i64) -> Supplier = |s| catalog::supplier(s, id);
    write supplier_create(input: SupplierInput) -> Supplier =
        |s| catalog::create_supplier(s, &input);
    write supplier_update(id: i64, input: SupplierInput) -> Supplier =
        |s| catalog::update_supplier(s, id, &input);

    write stock_receive(input: DocumentInput) -> StockDocument =
        |s| stock::receive_items(s, &input);
    write stock_return(input: DocumentInput) -> StockDocument = |s| stock::return_items(s, &input);
    write stock_stocktake(input: DocumentInput) -> StockDocument =
        |s| stock::stocktake_items(s, &input);
    write stock_opening(input: DocumentInput) -> StockDocument =
        |s| stock::opening_items(s, &input);
    write stock_write_off(input: DocumentInput) -> StockDocument =
        |s| stock::write_off_items(s, &input);
    write stock_reverse(number: String) -> StockDocument = |s| stock::reverse(s, &number);
    read stock_document(number: String) -> StockDocument = |s| stock::document(s, &number);
    read stock_documents(query: DocumentQuery) -> Vec<DocumentSummary> =
        |s| stock::documents(s, &query);

    read orders_list(query: OrderQuery) -> Vec<OrderSummary> = |s| orders::list(s, &query);
    read order_get(id: i64) -> Order = |s| orders::get(s, id);
    read orders_backorder_ready() -> Vec<ReadyBackorder> = |s| orders::backorder_ready(s);
    read order_find(key: String) -> Order = |s| orders::find(s, &key);
    write order_create(input: OrderInput) -> Order = |s| orders::create(s, &input);
    write order_update(id: i64, input: OrderInput) -> Order =
        |s| orders::update_draft(s, id, &input);
    write order_confirm(id: i64, options: ConfirmOptions) -> Confirmed =
        |s| orders::confirm(s, id, &options);
    write order_ship(id: i64, input: ShipInput) -> Order = |s| orders::ship(s, id, &input);
    write order_complete(id: i64) -> Order = |s| orders::complete(s, id);
    write order_cancel(id: i64, reason: String) -> Order = |s| orders::cancel(s, id, &reason);
    write order_discard(id: i64) -> () = |s| orders::discard_draft(s, id);
    read order_paste(text: String) -> Pasted = |s| orders::parse_paste(s, &text);

    write return_create(input: ReturnInput) -> CustomerReturn =
        |s| receivables::add_return_items(s, &input);
    read return_get(number: String) -> CustomerReturn =
        |s| receivables::return_by_number(s, &number);
    write payment_create(input: PaymentInput) -> Payment = |s| receivables::add_payment(s, &input);
    write receivable_opening(customer: String, amount: String, date: String) -> i64 =
        |s| receivables::add_opening(s, &customer, &amount, &date);
    read receivables_aging() -> Vec<Aging> = |s| receivables::aging(s);
    read customer_statement(customer: String, from: String, to: String) -> Statement =
        |s| receivables::statement(s, &customer, &from, &to);
    read customer_account(customer: String) -> Account =
        |s| receivables::account(s, &customer, receivables::ACCOUNT_LIMIT);

    /// Today's reminders: overdue, due today, the week ahead.
    read reminders_today() -> TodayReminders = |s| reminders::today(s);
    read reminders_list(due: DueFilter, customer: String) -> Vec<Reminder> =
        |s| reminders::list(s, due, &customer);
    read reminder_get(id: i64) -> Reminder = |s| reminders::get(s, id);
    read reminder_history(id: i64) -> Vec<ReminderEvent> = |s| reminders::history(s, id);
    write reminder_add(input: ReminderInput) -> Reminder = |s| reminders::add(s, &input);
    write reminder_done(id: i64, input: DoneInput) -> Reminder = |s| reminders::done(s, id, &input);
    /// `later_today`, `tomorrow`, `next_week`, or a date (and time).
    write reminder_snooze(id: i64, until: String) -> Reminder = |s| reminders::snooze(s, id, &until);
    write reminder_dismiss(id: i64) -> Reminder = |s| reminders::dismiss(s, id);
    /// What fell due since the app was last opened on an earlier day, once: the
    /// next call the same day returns nothing.
    write reminders_away() -> Away = |s| reminders::away(s);
    /// Reminders fallen due by now (date and time) and not yet told of.
    read reminders_due_unnotified() -> Vec<Reminder> =
        |s| reminders::due_unnotified(s, folio::base::clock::now());
    write reminders_mark_notified(ids: Vec<i64>) -> () = |s| reminders::mark_notified(s, &ids);
    write set_notifications(on: bool) -> () = |s| app::set_notifications(s, on);
    /// Runs the reminder rules now, as a job (they also run at start and every few minutes).
    shell reminders_run() -> JobStarted = |s| s.0.start_rules(s.1);
    read reminder_rules() -> RuleSettings = |s| rules::settings(s);
    write reminder_rules_set(settings: RuleSettings) -> RuleSettings =
        |s| rules::set_settings(s, &settings);
    /// Shows a desktop notification the window worded; a click opens `reminder`.
    shell notify_show(title: String, body: String, reminder: Option<i64>) -> () = |s| {
        crate::notify::show(s.1, &title, &body, reminder);
        Ok(())
    };

    write interaction_add(input: InteractionInput) -> Interaction = |s| interactions::add(s, &input);
    read interactions_list(customer: String) -> Vec<Interaction> =
        |s| interactions::list(s, &customer, 500);
    write case_add(input: CaseInput) -> Case = |s| cases::add(s, &input);
    write case_update(id: i64, input: CaseUpdate) -> Case = |s| cases::update(s, id, &input);
    read case_get(id: i64) -> Case = |s| cases::get(s, id);
    read cases_list(customer: String, open_only: bool) -> Vec<Case> =
        |s| cases::list(s, &customer, open_only);
    write satisfaction_record(input: SatisfactionInput) -> SatisfactionSummary =
        |s| satisfaction::record(s, &input);
    read satisfaction_summary(customer: String) -> SatisfactionSummary =
        |s| satisfaction::summary(s, &customer);
    /// Interactions, orders, returns, payments, cases and scores, newest first.
    read customer_timeline(customer: String) -> Vec<TimelineEntry> =
        |s| timeline::timeline(s, &customer, timeline::TIMELINE_CAP);

    /// Asks where to save an export (the Save dialog), offering a name for it;
    /// null when the user closed the dialog.
    shell export_pick(request: ExportRequest) -> Option<String> =
        |s| crate::files::pick_export(s.0, s.1, &request);
    /// Writes an export to `path` as a job (progress and cancel); its `done`
    /// event carries what was written (`Exported`).
    shell export_start(request: ExportRequest, path: String) -> JobStarted =
        |s| s.0.start_export(s.1, request, path);

    /// Asks which spreadsheet to import (the Open dialog); null when closed.
    shell import_pick() -> Option<String> = |s| crate::files::pick_import(s.1);
    /// The dry run of an import, as a job: its `done` event carries the
    /// `ImportPreview` (every problem by row and column); nothing is written.
    shell import_preview_start(kind: ImportKind, path: String, options: ImportOptions) -> JobStarted =
        |s| s.0.start_import(s.1, kind, path, options, true);
    /// The import, as a job, in one transaction: its `done` event carries the
    /// `ImportReport` (refused, with its errors, when a row was bad).
    shell import_start(kind: ImportKind, path: String, options: ImportOptions) -> JobStarted =
        |s| s.0.start_import(s.1, kind, path, options, false);

    read voucher_settings_get() -> VoucherSettings = |s| accounting::get(s);
    write voucher_settings_set(input: VoucherSettingsInput) -> VoucherSettings =
        |s| accounting::set(s, &input);

    read company_get() -> Company = |s| company::get(s);
    write company_set(company: Company) -> Company = |s| company::set(s, &company);
}
