//! Folio's desktop shell. Each command is a thin adapter: typed input in, one
//! core call, typed result or `{code, message, field?}` out. No business rules here.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

use std::sync::Mutex;

use folio::app::{language_for_locale, AppStatus};
use folio::customers::{self, Customer, CustomerInput, CustomerPage, ListQuery};
use folio::demo::{self, DemoReport};
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
    let (schema_version, language, customer_count) = match guard.as_ref() {
        Some(store) => (
            store.schema_version().unwrap_or(0),
            store
                .setting("language")
                .ok()
                .flatten()
                .unwrap_or_else(|| state.os_language.to_string()),
            store
                .conn()
                .query_row("SELECT count(*) FROM customers", [], |r| r.get(0))
                .unwrap_or(0),
        ),
        None => (0, state.os_language.to_string(), 0),
    };
    AppStatus {
        version: env!("CARGO_PKG_VERSION").to_string(),
        db_path: state.db_path.clone(),
        schema_version,
        language,
        customer_count,
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
    state.with_store(|s| demo::load(s, 500, 300, 1))
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
        ])
        .run(tauri::generate_context!())
        .expect("error while running Folio");
}
