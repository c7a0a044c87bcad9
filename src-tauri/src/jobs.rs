//! The job runner: long work (sample data today; exports, imports, backups and
//! reminder runs to come) runs on a thread of its own, never on the command
//! thread and never holding a lock other commands need. It sends its progress
//! to the window as `job` events and can be cancelled; a cancelled job leaves
//! the file as it was. Writes still go through the core's one write door.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde::Serialize;
use tauri::{Emitter, Manager};
use ts_rs::TS;

use folio::base::error::Code;
use folio::base::progress::Progress;
use folio::{ErrorPayload, FolioError};

use crate::state::{AppState, CmdResult};

/// What a start command returns: the id its `job` events carry.
#[derive(Debug, Clone, Serialize, TS)]
pub struct JobStarted {
    #[ts(type = "number")]
    pub id: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum JobState {
    Running,
    Done,
    Failed,
    Cancelled,
}

/// The `job` event: sent as a job makes progress (at most every 50 ms) and once
/// when it ends.
#[derive(Debug, Clone, Serialize, TS)]
pub struct JobEvent {
    #[ts(type = "number")]
    pub id: u64,
    /// What the job does: `sample`, later `export`, `import`, `backup`, ….
    pub kind: String,
    pub state: JobState,
    #[ts(type = "number")]
    pub done: u64,
    #[ts(type = "number")]
    pub total: u64,
    pub error: Option<ErrorPayload>,
    /// What a job that is done made (an export's file and row count), as the
    /// core's result type; null while running and for jobs with nothing to say.
    #[ts(type = "unknown")]
    pub result: Option<serde_json::Value>,
}

/// The running jobs, by id, with the flag that cancels each.
#[derive(Default)]
pub struct Jobs {
    next: AtomicU64,
    running: Mutex<HashMap<u64, (String, Arc<AtomicBool>)>>,
}

impl Jobs {
    /// Starts `work` on a thread of its own. One job of a kind at a time. What
    /// it returns goes to the window with the `done` event.
    pub fn start<T: Serialize>(
        &self,
        app: &tauri::AppHandle,
        kind: &str,
        work: impl FnOnce(&AppState, &dyn Progress) -> CmdResult<T> + Send + 'static,
    ) -> CmdResult<JobStarted> {
        let cancel = Arc::new(AtomicBool::new(false));
        let id = {
            let mut running = self.running.lock().unwrap_or_else(|p| p.into_inner());
            if running.values().any(|(k, _)| k == kind) {
                return Err(FolioError::invalid(
                    Code::JobRunning,
                    "",
                    format!("a {kind} job is already running"),
                )
                .payload());
            }
            let id = self.next.fetch_add(1, Ordering::Relaxed) + 1;
            running.insert(id, (kind.to_string(), Arc::clone(&cancel)));
            id
        };
        let progress = JobProgress {
            app: app.clone(),
            id,
            kind: kind.to_string(),
            cancel,
            last: Mutex::new((Instant::now() - Duration::from_secs(1), 0, 0)),
        };
        let app = app.clone();
        std::thread::spawn(move || {
            let state = app.state::<AppState>();
            let result = work(&state, &progress);
            state
                .jobs
                .running
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .remove(&id);
            let (_, done, total) = *progress.last.lock().unwrap_or_else(|p| p.into_inner());
            let (state, error, result) = match result {
                Ok(v) => (
                    JobState::Done,
                    None,
                    serde_json::to_value(v).ok().filter(|v| !v.is_null()),
                ),
                Err(e) if e.code == Code::Cancelled => (JobState::Cancelled, None, None),
                Err(e) => (JobState::Failed, Some(e), None),
            };
            let done = if state == JobState::Done { total } else { done };
            progress.emit_end(state, done, total, error, result);
        });
        Ok(JobStarted { id })
    }

    /// Asks job `id` to stop; unknown or finished jobs are ignored.
    pub fn cancel(&self, id: u64) {
        if let Some((_, flag)) = self
            .running
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(&id)
        {
            flag.store(true, Ordering::Relaxed);
        }
    }
}

struct JobProgress {
    app: tauri::AppHandle,
    id: u64,
    kind: String,
    cancel: Arc<AtomicBool>,
    /// When the last event went out, and the last step reported.
    last: Mutex<(Instant, u64, u64)>,
}

impl JobProgress {
    fn emit(&self, state: JobState, done: u64, total: u64, error: Option<ErrorPayload>) {
        self.emit_end(state, done, total, error, None);
    }

    fn emit_end(
        &self,
        state: JobState,
        done: u64,
        total: u64,
        error: Option<ErrorPayload>,
        result: Option<serde_json::Value>,
    ) {
        let _ = self.app.emit(
            "job",
            JobEvent {
                id: self.id,
                kind: self.kind.clone(),
                state,
                done,
                total,
                error,
                result,
            },
        );
    }
}

impl Progress for JobProgress {
    fn report(&self, done: u64, total: u64) {
        let mut last = self.last.lock().unwrap_or_else(|p| p.into_inner());
        let due = last.0.elapsed() >= Duration::from_millis(50);
        *last = (if due { Instant::now() } else { last.0 }, done, total);
        drop(last);
        if due {
            self.emit(JobState::Running, done, total, None);
        }
    }

    fn is_cancelled(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }
}

impl AppState {
    /// The first-run sample data, built beside the user's file and put in with
    /// one write at the end, so that cancelling leaves the file as it was and the
    /// app reads it normally meanwhile.
    pub fn start_sample(&self, app: &tauri::AppHandle) -> CmdResult<JobStarted> {
        // Said at once rather than after building it all; `install` checks again,
        // since a customer may be added while the job runs.
        self.read(folio_sample::check_empty)?;
        let scratch = scratch_path(self.db_path(), "sample");
        let sizes = self.sample;
        self.jobs.start(app, "sample", move |state, progress| {
            let prepared =
                folio_sample::prepare(&scratch, sizes, 1, progress).map_err(|e| e.payload())?;
            if progress.is_cancelled() {
                return Err(folio::base::progress::cancelled().payload());
            }
            state.write(|s| prepared.install(s)).map(|_| ())
        })
    }

    /// An export, written on the job runner from a read connection of its own,
    /// so the window goes on meanwhile. The core writes a temporary file beside
    /// `path` and renames it over `path` only at the end: a cancelled or failed
    /// export leaves no file, and an existing one as it was.
    pub fn start_export(
        &self,
        app: &tauri::AppHandle,
        request: folio::exchange::ExportRequest,
        path: String,
    ) -> CmdResult<JobStarted> {
        self.jobs.start(app, "export", move |state, progress| {
            state.read(|s| folio::exchange::request::run(s, &request, path.as_ref(), progress))
        })
    }

    /// An import's dry run (on a read connection of its own: nothing is
    /// written) or the import itself (through the one write door, in one
    /// transaction; a cancel writes nothing). Both report their progress row by
    /// row. After an import that wrote, the window is told as for any change.
    pub fn start_import(
        &self,
        app: &tauri::AppHandle,
        kind: folio::exchange::ImportKind,
        path: String,
        options: folio::exchange::ImportOptions,
        dry_run: bool,
    ) -> CmdResult<JobStarted> {
        use folio::exchange::imports;
        self.jobs.start(app, "import", move |state, progress| {
            let path = std::path::Path::new(&path);
            if dry_run {
                return state
                    .read(|s| imports::preview(s, kind, path, &options, progress))
                    .map(|p| serde_json::to_value(p).unwrap_or_default());
            }
            let report = state.write(|s| imports::import(s, kind, path, &options, progress))?;
            Ok(serde_json::to_value(report).unwrap_or_default())
        })
    }
}

impl AppState {
    /// Runs the reminder rules now (at start, every few minutes, or asked): on
    /// the job runner, so the window never waits for it, and through the core's
    /// one write door, one transaction. When it made or closed reminders, the
    /// window is told as for any change to the file.
    pub fn start_rules(&self, app: &tauri::AppHandle) -> CmdResult<JobStarted> {
        self.jobs.start(app, "rules", move |state, _progress| {
            let report = state.write(|s| folio::crm::rules::run(s, folio::base::clock::now()))?;
            if !report.created.is_empty() || !report.closed.is_empty() {
                state.emit(crate::state::DATA_CHANGED, ());
            }
            Ok(())
        })
    }
}

impl AppState {
    /// The full check of the file, after every start: on a reader, so the app
    /// is usable at once and writes go on meanwhile. What it finds is kept beside
    /// the file and acted on by the writer (damage stops every write).
    pub fn start_check(&self, app: &tauri::AppHandle) -> CmdResult<JobStarted> {
        let path = self.db_path().to_path_buf();
        self.jobs.start(app, "check", move |state, progress| {
            let mut reader = folio::Store::open_reader(&path).map_err(|e| e.payload())?;
            let verdict = reader.verify(progress).map_err(|e| e.payload())?;
            state.found(verdict);
            Ok(())
        })
    }
}

/// A scratch file beside the database (same disk, so a copy is quick).
fn scratch_path(db: &std::path::Path, what: &str) -> std::path::PathBuf {
    let mut name = db.file_name().unwrap_or_default().to_owned();
    name.push(format!(".{what}.tmp"));
    db.with_file_name(name)
}
