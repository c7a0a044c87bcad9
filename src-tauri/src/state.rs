//! The shell's state: the one writer, a few read connections beside it, and the
//! job runner. Nothing here knows a business rule; it only decides which
//! connection a core call runs on.

use std::path::PathBuf;
use std::sync::Mutex;

use folio::app::{self, AppStatus};
use folio::base::error::Code;
use folio::{ErrorPayload, Store};

use crate::jobs::Jobs;

pub type CmdResult<T> = Result<T, ErrorPayload>;

/// How many idle read connections are kept for the next read.
const KEEP_READERS: usize = 4;

/// The open database, or why it could not be opened (shown as an error screen).
pub struct AppState {
    /// The one connection that writes. Held only for the length of one write.
    writer: Mutex<Option<Store>>,
    /// Idle read connections. A read takes one (or opens one) and gives it back,
    /// so lists stay quick while a write or a long job is running.
    readers: Mutex<Vec<Store>>,
    open_error: Option<ErrorPayload>,
    db_path: PathBuf,
    os_language: &'static str,
    /// How much sample data the first-run button loads.
    pub sample: folio_sample::Sizes,
    pub jobs: Jobs,
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
            open_error,
            db_path,
            os_language,
            sample,
            jobs: Jobs::default(),
        }
    }

    pub fn db_path(&self) -> &std::path::Path {
        &self.db_path
    }

    fn closed(&self) -> ErrorPayload {
        self.open_error.clone().unwrap_or_else(|| ErrorPayload {
            code: Code::DbError,
            message: "the database is not open".into(),
            field: None,
        })
    }

    /// Runs one write on the writer.
    pub fn write<T>(&self, f: impl FnOnce(&mut Store) -> folio::Result<T>) -> CmdResult<T> {
        let mut guard = self.writer.lock().unwrap_or_else(|p| p.into_inner());
        match guard.as_mut() {
            Some(store) => f(store).map_err(|e| e.payload()),
            None => Err(self.closed()),
        }
    }

    /// Tries the writer without waiting (the idle timer's log fold).
    pub fn try_write(&self, f: impl FnOnce(&mut Store)) {
        if let Ok(mut guard) = self.writer.try_lock() {
            if let Some(store) = guard.as_mut() {
                f(store);
            }
        }
    }

    /// Runs one read on a read connection of its own.
    pub fn read<T>(&self, f: impl FnOnce(&Store) -> folio::Result<T>) -> CmdResult<T> {
        if self.open_error.is_some() {
            return Err(self.closed());
        }
        let reader = self.readers.lock().unwrap_or_else(|p| p.into_inner()).pop();
        let reader = match reader {
            Some(r) => r,
            None => Store::open_reader(&self.db_path).map_err(|e| e.payload())?,
        };
        let result = f(&reader).map_err(|e| e.payload());
        let mut idle = self.readers.lock().unwrap_or_else(|p| p.into_inner());
        if idle.len() < KEEP_READERS {
            idle.push(reader);
        }
        result
    }

    /// What the UI needs at start-up, read like any other read; when the file is
    /// not open (or cannot be read), the status says why and counts nothing.
    pub fn status(&self) -> AppStatus {
        let db_path = self.db_path.display().to_string();
        let status = |store: Option<&Store>| {
            app::status(store, &db_path, self.os_language, self.open_error.clone())
        };
        self.read(|s| Ok(status(Some(s))))
            .unwrap_or_else(|_| status(None))
    }
}
