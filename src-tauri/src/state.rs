//! The shell's state: the one writer, a few read connections beside it, and the
//! job runner. Nothing here knows a business rule; it only decides which
//! connection a core call runs on, and tells the window when the file changed
//! under it or was found damaged.

use std::path::PathBuf;
use std::sync::{Mutex, OnceLock};

use tauri::Emitter;

use folio::app::{self, AppStatus};
use folio::base::error::Code;
use folio::store::{OpenMode, Verdict};
use folio::{ErrorPayload, Store};

use crate::jobs::Jobs;

pub type CmdResult<T> = Result<T, ErrorPayload>;

/// How many idle read connections are kept for the next read.
const KEEP_READERS: usize = 4;

/// The event the window gets when another program (the CLI) changed the file.
pub const DATA_CHANGED: &str = "data_changed";
/// The event the window gets when the file was found damaged.
pub const DB_DAMAGED: &str = "db_damaged";

/// The open database, or why it could not be opened (shown as an error screen).
pub struct AppState {
    /// The one connection that writes. Held only for the length of one write.
    writer: Mutex<Option<Store>>,
    /// Idle read connections. A read takes one (or opens one) and gives it back,
    /// so lists stay quick while a write or a long job is running.
    readers: Mutex<Vec<Store>>,
    /// Why the file is not open; cleared when `db_create` makes it.
    open_error: Mutex<Option<ErrorPayload>>,
    db_path: PathBuf,
    os_language: &'static str,
    /// How much sample data the first-run button loads.
    pub sample: folio_sample::Sizes,
    pub jobs: Jobs,
    /// For events; set once the app runs.
    handle: OnceLock<tauri::AppHandle>,
}

impl AppState {
    pub fn new(
        store: Option<Store>,
        open_error: Option<ErrorPayload>,
        db_path: PathBuf,
        os_language: &'static str,
        sample: folio_sample::Sizes,
    ) -> AppState {
        AppState {
            writer: Mutex::new(store),
            readers: Mutex::new(Vec::new()),
            open_error: Mutex::new(open_error),
            db_path,
            os_language,
            sample,
            jobs: Jobs::default(),
            handle: OnceLock::new(),
        }
    }

    pub fn set_handle(&self, handle: tauri::AppHandle) {
        let _ = self.handle.set(handle);
    }

    pub fn db_path(&self) -> &std::path::Path {
        &self.db_path
    }

    fn open_error(&self) -> Option<ErrorPayload> {
        self.open_error
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    fn closed(&self) -> ErrorPayload {
        self.open_error().unwrap_or_else(|| ErrorPayload {
            code: Code::DbError,
            message: "the database is not open".into(),
            field: None,
            params: None,
        })
    }

    /// Runs one write on the writer. Damage met on the way is told to the window.
    pub fn write<T>(&self, f: impl FnOnce(&mut Store) -> folio::Result<T>) -> CmdResult<T> {
        let mut guard = self.writer.lock().unwrap_or_else(|p| p.into_inner());
        let result = match guard.as_mut() {
            Some(store) => f(store).map_err(|e| e.payload()),
            None => Err(self.closed()),
        };
        drop(guard);
        if let Err(e) = &result {
            if e.code == Code::DbDamaged {
                self.emit(DB_DAMAGED, e.clone());
            }
        }
        result
    }

    /// Tries the writer without waiting (the idle timer's log fold, the watch
    /// for outside changes).
    pub fn try_write(&self, f: impl FnOnce(&mut Store)) {
        if let Ok(mut guard) = self.writer.try_lock() {
            if let Some(store) = guard.as_mut() {
                f(store);
            }
        }
    }

    /// Runs one read on a read connection of its own. When SQLite reports
    /// damage, the writer stops writing and the window is told.
    pub fn read<T>(&self, f: impl FnOnce(&Store) -> folio::Result<T>) -> CmdResult<T> {
        if self.open_error().is_some() {
            return Err(self.closed());
        }
        let reader = self.readers.lock().unwrap_or_else(|p| p.into_inner()).pop();
        let reader = match reader {
            Some(r) => r,
            None => Store::open_reader(&self.db_path).map_err(|e| e.payload())?,
        };
        let result = f(&reader);
        let mut idle = self.readers.lock().unwrap_or_else(|p| p.into_inner());
        if idle.len() < KEEP_READERS {
            idle.push(reader);
        }
        drop(idle);
        result.map_err(|e| {
            if e.is_damage() {
                self.found(Verdict::Damaged(e.to_string()));
            }
            e.payload()
        })
    }

    /// Acts on a verdict about the whole file (the check after start, damage met
    /// by a read): the writer learns it, and the window is told of damage.
    pub fn found(&self, verdict: Verdict) {
        let told = match &verdict {
            Verdict::Damaged(detail) => Some(folio::FolioError::Damaged {
                path: self.db_path.display().to_string(),
                detail: detail.clone(),
            }),
            Verdict::Whole => None,
        };
        {
            let mut guard = self.writer.lock().unwrap_or_else(|p| p.into_inner());
            if let Some(store) = guard.as_mut() {
                store.note_verdict(verdict);
            }
        }
        if let Some(e) = told {
            self.emit(DB_DAMAGED, e.payload());
        }
    }

    pub fn emit<P: serde::Serialize + Clone>(&self, event: &str, payload: P) {
        if let Some(h) = self.handle.get() {
            let _ = h.emit(event, payload);
        }
    }

    /// Makes the database the app was pointed at, after the user agreed
    /// (`db_create`): only when the file was missing.
    pub fn create(&self) -> CmdResult<AppStatus> {
        let mut error = self.open_error.lock().unwrap_or_else(|p| p.into_inner());
        if error.as_ref().map(|e| e.code) != Some(Code::DbMissing) {
            return Err(ErrorPayload {
                code: Code::DbError,
                message: "the database is already open, or cannot be made here".into(),
                field: None,
                params: None,
            });
        }
        let mode = OpenMode {
            create: true,
            window: true,
        };
        let store = Store::open_with(&self.db_path, mode).map_err(|e| e.payload())?;
        *self.writer.lock().unwrap_or_else(|p| p.into_inner()) = Some(store);
        *error = None;
        drop(error);
        Ok(self.status())
    }

    /// Closes the file in an order that lets SQLite fold its log in and mark
    /// the window's close as clean: the readers first, the writer last.
    pub fn close(&self) {
        self.readers
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clear();
        let store = self.writer.lock().unwrap_or_else(|p| p.into_inner()).take();
        drop(store);
    }

    /// What the UI needs at start-up, read like any other read; when the file is
    /// not open (or cannot be read), the status says why and counts nothing.
    pub fn status(&self) -> AppStatus {
        let db_path = self.db_path.display().to_string();
        let error = self.open_error();
        let status =
            |store: Option<&Store>| app::status(store, &db_path, self.os_language, error.clone());
        self.read(|s| Ok(status(Some(s))))
            .unwrap_or_else(|_| status(None))
    }
}
