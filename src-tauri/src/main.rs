//! Folio's desktop shell. Each command is a thin adapter: typed input in, one
//! core call, typed result or `{code, message, field?}` out. No business rules here.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

use std::sync::Mutex;

use folio::app::{language_for_locale, AppStatus};
use folio::catalog::{
    self, Scan, StockFacets, StockFilter, StockPage, Supplier, SupplierInput, Title, TitleInput,
};
use folio::company::{self, Company};
use folio::customers::{self, Customer, CustomerInput, CustomerPage, ListQuery};
use folio::demo::{self, DemoReport};
use folio::orders::{
    self, ConfirmOptions, Confirmed, Order, OrderInput, OrderQuery, OrderSummary, Pasted, ShipInput,
};
use folio::receivables::{
    self, Account, Aging, CustomerReturn, Payment, PaymentInput, ReturnInput, Statement,
};
use folio::stock::{
    self, DocumentInput, DocumentQuery, DocumentSummary, ItemCard, StockDocument, StockValue,
};
use folio::{db, ErrorPayload, FolioError, Store};

/// The open database, or why it could not be opened (shown as an error screen).
struct AppState {
    store: Mutex<Option<Store>>,
    open_error: Option<ErrorPayload>,
    db_path: String,
    os_language: &'static str,
}

type CmdResult<T> = Result<T, ErrorPayload>;

impl AppState {
    fn with_store<T>(&self, f: impl FnOnce(&mut Store) -> folio::Result<T>) -> CmdResult<T> {
        let mut guard = self.store.lock().unwrap_or_else(|p| p.into_inner());
        match guard.as_mut() {
            Some(store) => f(store).map_err(|e| e.payload()),
            None => Err(self.open_error.clone().unwrap_or_else(|| ErrorPayload {
                code: "db_error".into(),
                message: "the database is not open".into(),
                field: None,
            })),
        }
    }
}

#[tauri::command(async)]
fn app_status(state: tauri::State<'_, AppState>) -> AppStatus {
    let guard = state.store.lock().unwrap_or_else(|p| p.into_inner());
    let count = |store: &Store, table: &str| -> i64 {
        store
            .conn()
            .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
            .unwrap_or(0)
    };
    let (schema_version, language, customer_count, title_count, allow_negative_stock) =
        match guard.as_ref() {
            Some(store) => (
                store.schema_version().unwrap_or(0),
                store
                    .setting("language")
                    .ok()
                    .flatten()
                    .unwrap_or_else(|| state.os_language.to_string()),
                count(store, "customers"),
                count(store, "titles"),
                stock::allow_negative_stock(store).unwrap_or(false),
            ),
            None => (0, state.os_language.to_string(), 0, 0, false),
        };
    AppStatus {
        version: env!("CARGO_PKG_VERSION").to_string(),
        db_path: state.db_path.clone(),
        schema_version,
        language,
        customer_count,
        title_count,
        allow_negative_stock,
        error: state.open_error.clone(),
    }
}

#[tauri::command(async)]
fn set_language(state: tauri::State<'_, AppState>, language: String) -> CmdResult<()> {
    if language != "en" && language != "zh-CN" {
        return Err(FolioError::invalid(
            "language_invalid",
            "language",
            "language must be en or zh-CN",
        )
        .payload());
    }
    state.with_store(|s| s.set_setting("language", &language))
}

#[tauri::command(async)]
fn customers_list(state: tauri::State<'_, AppState>, query: ListQuery) -> CmdResult<CustomerPage> {
    state.with_store(|s| customers::list(s, &query))
}

#[tauri::command(async)]
fn customer_get(state: tauri::State<'_, AppState>, id: i64) -> CmdResult<Customer> {
    state.with_store(|s| customers::get(s, id))
}

#[tauri::command(async)]
fn customer_create(state: tauri::State<'_, AppState>, input: CustomerInput) -> CmdResult<Customer> {
    state.with_store(|s| customers::create(s, &input))
}

#[tauri::command(async)]
fn customer_update(
    state: tauri::State<'_, AppState>,
    id: i64,
    input: CustomerInput,
) -> CmdResult<Customer> {
    state.with_store(|s| customers::update(s, id, &input))
}

#[tauri::command(async)]
fn customer_archive(state: tauri::State<'_, AppState>, id: i64) -> CmdResult<Customer> {
    state.with_store(|s| customers::archive(s, id))
}

#[tauri::command(async)]
fn customer_restore(state: tauri::State<'_, AppState>, id: i64) -> CmdResult<Customer> {
    state.with_store(|s| customers::restore(s, id))
}

#[tauri::command(async)]
fn demo_load(state: tauri::State<'_, AppState>) -> CmdResult<DemoReport> {
    state.with_store(|s| {
        let report = demo::load(s, 500, 300, 1)?;
        // A year of trade, so orders, receivables and statements have something in them.
        demo::load_sales(s, 300, 1)?;
        Ok(report)
    })
}

#[tauri::command(async)]
fn set_allow_negative_stock(state: tauri::State<'_, AppState>, allow: bool) -> CmdResult<()> {
    state.with_store(|s| stock::set_allow_negative_stock(s, allow))
}

#[tauri::command(async)]
fn stock_list(state: tauri::State<'_, AppState>, filter: StockFilter) -> CmdResult<StockPage> {
    state.with_store(|s| catalog::stock_page(s, &filter))
}

#[tauri::command(async)]
fn stock_facets(state: tauri::State<'_, AppState>) -> CmdResult<StockFacets> {
    state.with_store(|s| catalog::stock_facets(s))
}

#[tauri::command(async)]
fn stock_value(state: tauri::State<'_, AppState>) -> CmdResult<StockValue> {
    state.with_store(|s| stock::value(s))
}

#[tauri::command(async)]
fn stock_item(state: tauri::State<'_, AppState>, id: i64) -> CmdResult<ItemCard> {
    state.with_store(|s| stock::item_card(s, id))
}

#[tauri::command(async)]
fn title_scan(state: tauri::State<'_, AppState>, text: String) -> CmdResult<Scan> {
    state.with_store(|s| catalog::scan(s, &text))
}

#[tauri::command(async)]
fn title_create(state: tauri::State<'_, AppState>, input: TitleInput) -> CmdResult<Title> {
    state.with_store(|s| catalog::create_title(s, &input))
}

#[tauri::command(async)]
fn title_update(state: tauri::State<'_, AppState>, id: i64, input: TitleInput) -> CmdResult<Title> {
    state.with_store(|s| catalog::update_title(s, id, &input))
}

#[tauri::command(async)]
fn suppliers_list(state: tauri::State<'_, AppState>) -> CmdResult<Vec<Supplier>> {
    state.with_store(|s| catalog::suppliers(s))
}

#[tauri::command(async)]
fn supplier_create(state: tauri::State<'_, AppState>, input: SupplierInput) -> CmdResult<Supplier> {
    state.with_store(|s| catalog::create_supplier(s, &input))
}

#[tauri::command(async)]
fn stock_receive(
    state: tauri::State<'_, AppState>,
    input: DocumentInput,
) -> CmdResult<StockDocument> {
    state.with_store(|s| stock::receive_items(s, &input))
}

#[tauri::command(async)]
fn stock_return(
    state: tauri::State<'_, AppState>,
    input: DocumentInput,
) -> CmdResult<StockDocument> {
    state.with_store(|s| stock::return_items(s, &input))
}

#[tauri::command(async)]
fn stock_stocktake(
    state: tauri::State<'_, AppState>,
    input: DocumentInput,
) -> CmdResult<StockDocument> {
    state.with_store(|s| stock::stocktake_items(s, &input))
}

#[tauri::command(async)]
fn stock_opening(
    state: tauri::State<'_, AppState>,
    input: DocumentInput,
) -> CmdResult<StockDocument> {
    state.with_store(|s| stock::opening_items(s, &input))
}

#[tauri::command(async)]
fn stock_write_off(
    state: tauri::State<'_, AppState>,
    input: DocumentInput,
) -> CmdResult<StockDocument> {
    state.with_store(|s| stock::write_off_items(s, &input))
}

#[tauri::command(async)]
fn supplier_update(
    state: tauri::State<'_, AppState>,
    id: i64,
    input: SupplierInput,
) -> CmdResult<Supplier> {
    state.with_store(|s| catalog::update_supplier(s, id, &input))
}

#[tauri::command(async)]
fn stock_reverse(state: tauri::State<'_, AppState>, number: String) -> CmdResult<StockDocument> {
    state.with_store(|s| stock::reverse(s, &number))
}

#[tauri::command(async)]
fn stock_document(state: tauri::State<'_, AppState>, number: String) -> CmdResult<StockDocument> {
    state.with_store(|s| stock::document(s, &number))
}

#[tauri::command(async)]
fn stock_documents(
    state: tauri::State<'_, AppState>,
    query: DocumentQuery,
) -> CmdResult<Vec<DocumentSummary>> {
    state.with_store(|s| stock::documents(s, &query))
}

#[tauri::command(async)]
fn orders_list(
    state: tauri::State<'_, AppState>,
    query: OrderQuery,
) -> CmdResult<Vec<OrderSummary>> {
    state.with_store(|s| orders::list(s, &query))
}

#[tauri::command(async)]
fn order_get(state: tauri::State<'_, AppState>, id: i64) -> CmdResult<Order> {
    state.with_store(|s| orders::get(s, id))
}

#[tauri::command(async)]
fn order_find(state: tauri::State<'_, AppState>, key: String) -> CmdResult<Order> {
    state.with_store(|s| orders::find(s, &key))
}

#[tauri::command(async)]
fn order_create(state: tauri::State<'_, AppState>, input: OrderInput) -> CmdResult<Order> {
    state.with_store(|s| orders::create(s, &input))
}

#[tauri::command(async)]
fn order_update(state: tauri::State<'_, AppState>, id: i64, input: OrderInput) -> CmdResult<Order> {
    state.with_store(|s| orders::update_draft(s, id, &input))
}

#[tauri::command(async)]
fn order_confirm(
    state: tauri::State<'_, AppState>,
    id: i64,
    options: ConfirmOptions,
) -> CmdResult<Confirmed> {
    state.with_store(|s| orders::confirm(s, id, &options))
}

#[tauri::command(async)]
fn order_ship(state: tauri::State<'_, AppState>, id: i64, input: ShipInput) -> CmdResult<Order> {
    state.with_store(|s| orders::ship(s, id, &input))
}

#[tauri::command(async)]
fn order_complete(state: tauri::State<'_, AppState>, id: i64) -> CmdResult<Order> {
    state.with_store(|s| orders::complete(s, id))
}

#[tauri::command(async)]
fn order_cancel(state: tauri::State<'_, AppState>, id: i64, reason: String) -> CmdResult<Order> {
    state.with_store(|s| orders::cancel(s, id, &reason))
}

#[tauri::command(async)]
fn order_paste(state: tauri::State<'_, AppState>, text: String) -> CmdResult<Pasted> {
    state.with_store(|s| orders::parse_paste(s, &text))
}

#[tauri::command(async)]
fn return_create(
    state: tauri::State<'_, AppState>,
    input: ReturnInput,
) -> CmdResult<CustomerReturn> {
    state.with_store(|s| receivables::add_return_items(s, &input))
}

#[tauri::command(async)]
fn return_get(state: tauri::State<'_, AppState>, number: String) -> CmdResult<CustomerReturn> {
    state.with_store(|s| receivables::return_by_number(s, &number))
}

#[tauri::command(async)]
fn payment_create(state: tauri::State<'_, AppState>, input: PaymentInput) -> CmdResult<Payment> {
    state.with_store(|s| receivables::add_payment(s, &input))
}

#[tauri::command(async)]
fn receivable_opening(
    state: tauri::State<'_, AppState>,
    customer: String,
    amount: String,
    date: String,
) -> CmdResult<i64> {
    state.with_store(|s| receivables::add_opening(s, &customer, &amount, &date))
}

#[tauri::command(async)]
fn receivables_aging(state: tauri::State<'_, AppState>) -> CmdResult<Vec<Aging>> {
    state.with_store(|s| receivables::aging(s))
}

#[tauri::command(async)]
fn customer_statement(
    state: tauri::State<'_, AppState>,
    customer: String,
    from: String,
    to: String,
) -> CmdResult<Statement> {
    state.with_store(|s| receivables::statement(s, &customer, &from, &to))
}

#[tauri::command(async)]
fn customer_account(state: tauri::State<'_, AppState>, customer: String) -> CmdResult<Account> {
    state.with_store(|s| receivables::account(s, &customer, 100))
}

#[tauri::command(async)]
fn company_get(state: tauri::State<'_, AppState>) -> CmdResult<Company> {
    state.with_store(|s| company::get(s))
}

#[tauri::command(async)]
fn company_set(state: tauri::State<'_, AppState>, company: Company) -> CmdResult<Company> {
    state.with_store(|s| company::set(s, &company))
}

/// `--db PATH` on the command line wins over `FOLIO_DB` and the default location,
/// as it does for the CLI.
fn db_path_from_args() -> std::path::PathBuf {
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        if a == "--db" {
            if let Some(p) = args.next() {
                return p.into();
            }
        } else if let Some(p) = a.strip_prefix("--db=") {
            return p.into();
        }
    }
    db::default_path()
}

/// Every few seconds, if nothing has been written for a second and the database's
/// write-ahead log has grown, folds it back into the file, so that no user action
/// pays for it (see `Store::checkpoint_if_idle`). A command that is running holds
/// the store; the timer then simply tries again next time.
fn fold_log_when_idle(app: tauri::AppHandle) {
    use tauri::Manager;
    std::thread::spawn(move || loop {
        std::thread::sleep(std::time::Duration::from_secs(3));
        let state = app.state::<AppState>();
        if let Ok(mut guard) = state.store.try_lock() {
            if let Some(store) = guard.as_mut() {
                let _ = store.checkpoint_if_idle(std::time::Duration::from_secs(1));
            }
        };
    });
}

fn main() {
    let path = db_path_from_args();
    let (store, open_error) = match Store::open(&path) {
        Ok(s) => (Some(s), None),
        Err(e) => {
            eprintln!("folio: {e}");
            (None, Some(e.payload()))
        }
    };
    let os_language = language_for_locale(&sys_locale::get_locale().unwrap_or_default());
    tauri::Builder::default()
        .manage(AppState {
            store: Mutex::new(store),
            open_error,
            db_path: path.display().to_string(),
            os_language,
        })
        .invoke_handler(tauri::generate_handler![
            app_status,
            set_language,
            customers_list,
            customer_get,
            customer_create,
            customer_update,
            customer_archive,
            customer_restore,
            demo_load,
            set_allow_negative_stock,
            stock_list,
            stock_facets,
            stock_value,
            stock_item,
            title_scan,
            title_create,
            title_update,
            suppliers_list,
            supplier_create,
            stock_receive,
            stock_return,
            stock_stocktake,
            stock_reverse,
            stock_document,
            stock_documents,
            stock_opening,
            stock_write_off,
            supplier_update,
            orders_list,
            order_get,
            order_find,
            order_create,
            order_update,
            order_confirm,
            order_ship,
            order_complete,
            order_cancel,
            order_paste,
            return_create,
            return_get,
            payment_create,
            receivable_opening,
            receivables_aging,
            customer_statement,
            customer_account,
            company_get,
            company_set,
        ])
        .setup(|app| {
            fold_log_when_idle(app.handle().clone());
            Ok(())
        })
        .run(tauri::generate_context!())
        .expect("error while running Folio");
}
