//! The SQLite file: where it lives, how it is opened, migrated and written.
//!
//! Invariants kept here:
//! - A file that is not SQLite, is cut short, comes from a newer Folio, or is
//!   known to be damaged is never written to (not even the switch to WAL). What
//!   is known about damage is kept beside the file ([`check`]); a file no Folio
//!   has checked in full, or one whose last process did not close it (a window
//!   lock left `open`, a log left beside a file nobody has open), gets the full
//!   check before its first write.
//! - Opening does only what must come before the first write: the header, the
//!   schema version and the verdict beside the file. The full check runs behind
//!   it (the app's job runner) or in front of a write that needs it.
//! - Nothing makes a file except [`Store::open`] with [`OpenMode::create`]
//!   (`folio init`, `--create`, the app's first run): a mistyped path is refused.
//! - One desktop window per file ([`lock`]); CLI calls read and write beside
//!   it, each write waiting its turn.
//! - Before an existing file is migrated, a copy is taken with SQLite's backup API.
//! - Every write goes through [`Store::write`]: one transaction, one audit row.

pub mod check;
mod lock;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};

use crate::base::clock;
use crate::base::error::{FolioError, Result};
use crate::base::progress::{Progress, Quiet};

pub use check::Verdict;
pub use lock::real_path;

/// The embedded migrations; `PRAGMA user_version` is the number applied.
pub const MIGRATIONS: &[&str] = &[
    include_str!("migrations/0001_customers.sql"),
    include_str!("migrations/0002_catalogue.sql"),
    include_str!("migrations/0003_opening_and_write_off.sql"),
    include_str!("migrations/0004_orders.sql"),
    include_str!("migrations/0005_last_cost.sql"),
    include_str!("migrations/0006_title_sort.sql"),
    include_str!("migrations/0007_tag_keys.sql"),
    include_str!("migrations/0008_returns_and_receipts.sql"),
    include_str!("migrations/0009_follow_ups.sql"),
    include_str!("migrations/0010_rules.sql"),
    include_str!("migrations/0011_indexes.sql"),
    include_str!("migrations/0012_search_documents.sql"),
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// How long one write waits for another program's write to finish before it
/// gives up with [`FolioError::Busy`]. SQLite waits inside each attempt
/// ([`BUSY_STEP`]); the attempts are repeated up to this.
pub const BUSY_PATIENCE: Duration = Duration::from_secs(60);
const BUSY_STEP: Duration = Duration::from_secs(10);

/// Where the database lives unless `--db` or `FOLIO_DB` says otherwise:
/// `~/.local/share/folio/folio.sqlite` on Linux, the platform data directory elsewhere.
pub fn default_path() -> PathBuf {
    if let Ok(p) = std::env::var("FOLIO_DB") {
        if !p.trim().is_empty() {
            return PathBuf::from(p);
        }
    }
    standard_path()
}

/// Removes a scratch database and every file SQLite and Folio keep beside it
/// (its log, shared memory, window lock, users' lock and check verdict).
/// Missing ones are not an error: this is for files Folio made for itself and
/// no longer needs.
pub fn remove_with_side_files(path: &Path) {
    for suffix in ["", "-wal", "-shm", ".lock", ".users", ".check"] {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(p));
    }
}

/// The platform's place for the file, whatever `FOLIO_DB` says.
pub fn standard_path() -> PathBuf {
    dirs::data_dir()
        .unwrap_or_else(|| PathBuf::from("."))
        .join("folio")
        .join("folio.sqlite")
}

/// How [`Store::open_with`] treats the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OpenMode {
    /// Make the file (and its folder) when there is none. Otherwise a missing
    /// file is [`FolioError::Missing`].
    pub create: bool,
    /// Take the window lock: the desktop app, one window per file.
    pub window: bool,
}

impl OpenMode {
    /// A CLI call on an existing file, beside whatever else has it open.
    pub const EXISTING: OpenMode = OpenMode {
        create: false,
        window: false,
    };
    /// The desktop app on an existing file.
    pub const WINDOW: OpenMode = OpenMode {
        create: false,
        window: true,
    };
    /// `folio init`, `--create`, tests: the file is made if it is not there.
    pub const CREATE: OpenMode = OpenMode {
        create: true,
        window: false,
    };
}

/// An open, checked, migrated database.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// The app's window lock; dropped after the connection (fields drop in order).
    _lock: Option<lock::WindowLock>,
    /// This process's share in the file ([`lock::take_share`]). Let go after the
    /// connection has closed, and with it folded and removed the log when it was
    /// the last, so that nobody finds that log while the file seems free.
    _share: Option<lock::Share>,
    actor: String,
    /// When the last write committed (see [`Store::checkpoint_if_idle`]).
    last_write: Option<std::time::Instant>,
    /// Pages in the write-ahead log not yet folded back into the file, as SQLite
    /// reports them after each commit.
    log_pages: Arc<AtomicI64>,
    /// Why the file is known to be damaged; every write is then refused.
    damage: Option<String>,
    /// The file has not been checked in full since it was last closed cleanly:
    /// the first write checks it first.
    check_before_write: bool,
    /// A read connection ([`Store::open_reader`]): never writes, whatever the file.
    reader: bool,
}

/// When the app is idle and the write-ahead log holds this many pages (16 MB),
/// they are folded back into the database file.
///
/// By default SQLite does this inside whichever commit takes the log past 1000
/// pages, so about one order in ten paid for writing and fsyncing the database
/// file as well as its own log: 20 ms and more on top of a few. Folding often
/// has a cost too: the first commit after a fold starts the log afresh, and
/// fsyncs its header before its pages. At this mark that is one order in forty.
pub const FOLD_LOG_PAGES: i64 = 4096;

/// SQLite's checkpoint on commit, kept as a backstop for a log that grows with no
/// idle moment to fold it (a long import, say).
const BACKSTOP_LOG_PAGES: i64 = 16384;

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.path).finish()
    }
}

impl Store {
    /// Opens the database at `path`, making it if there is none (`folio init`,
    /// tests). Callers that must not make a file use [`Store::open_with`].
    pub fn open(path: &Path) -> Result<Store> {
        Store::open_with(path, OpenMode::CREATE)
    }

    pub fn open_with(path: &Path, mode: OpenMode) -> Result<Store> {
        Store::open_migrating(path, mode, MIGRATIONS)
    }

    /// [`Store::open`] with a given list of migrations, so tests can play an older
    /// or newer Folio against the same file.
    #[doc(hidden)]
    pub fn open_with_migrations(path: &Path, migrations: &[&str]) -> Result<Store> {
        Store::open_migrating(path, OpenMode::CREATE, migrations)
    }

    fn open_migrating(path: &Path, mode: OpenMode, migrations: &[&str]) -> Result<Store> {
        let shown = || path.display().to_string();
        let meta = std::fs::metadata(path).ok();
        if meta.is_none() && !mode.create {
            return Err(FolioError::Missing { path: shown() });
        }
        let dir = path
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        if meta.is_none() {
            std::fs::create_dir_all(dir)?;
        }
        // Said plainly up front: SQLite would only fail later, at the first write
        // or at the switch to WAL, with "attempt to write a readonly database".
        // Permission bits, not access(2), so that the answer is the same for root.
        if meta.as_ref().is_some_and(|m| m.permissions().readonly()) {
            return Err(FolioError::ReadOnly {
                what: "file",
                path: shown(),
            });
        }
        if std::fs::metadata(dir).is_ok_and(|m| m.permissions().readonly()) {
            return Err(FolioError::ReadOnly {
                what: "folder",
                path: dir.display().to_string(),
            });
        }
        let lock = if mode.window {
            Some(lock::WindowLock::acquire(path)?)
        } else {
            None
        };
        let existed = meta.is_some_and(|m| m.len() > 0);
        if existed {
            check_header(path)?;
            if check::truncated(path) {
                return Err(FolioError::Corrupt {
                    path: shown(),
                    detail: "the file is shorter than its header says".into(),
                });
            }
        }
        // Settled before this process's connection touches the file.
        let (share, unclean) = lock::take_share(path, |company| {
            let unclean = match &lock {
                Some(l) => l.unclean,
                None => {
                    let (window_open, window_unclean) = lock::window_state(path);
                    // A log left beside a file nobody has open means the last
                    // process to have it did not close it. While another has
                    // it open the log is simply in use, and says nothing.
                    let left = company != lock::Company::Others && check::log_left(path);
                    !window_open && (window_unclean || left)
                }
            };
            if unclean {
                // What was checked before the crash says nothing about now;
                // until a full check runs, every process must see the file as
                // unchecked.
                check::forget_verdict(path);
            }
            unclean
        });
        let mut flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        if mode.create {
            flags |= OpenFlags::SQLITE_OPEN_CREATE;
        }
        let conn = Connection::open_with_flags(path, flags).map_err(|e| corrupt_or(path, e))?;
        conn.busy_timeout(BUSY_STEP)?;
        let (damage, whole) = match check::last_verdict(path) {
            Some(Verdict::Damaged(d)) => (Some(d), false),
            Some(Verdict::Whole) => (None, true),
            None => (None, false),
        };
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
            _lock: lock,
            _share: share,
            actor: default_actor(),
            last_write: None,
            log_pages: Arc::new(AtomicI64::new(0)),
            damage,
            check_before_write: existed && (unclean || !whole),
            reader: false,
        };
        if store.damage.is_some() {
            store.guard_damaged()?;
        }
        store.check_and_migrate(existed, migrations)?;
        store.watch_log()?;
        Ok(store)
    }

    /// A second connection to a file the writer (a [`Store::open`] in this
    /// process) has already checked and migrated: for reads that must not wait
    /// on the writer, such as the desktop's lists while a long job runs, and for
    /// the long jobs themselves. WAL lets it read beside the writer, each statement
    /// seeing only committed data; it can never write (`query_only`).
    pub fn open_reader(path: &Path) -> Result<Store> {
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| corrupt_or(path, e))?;
        // A reader counts as having the file open: a job's reader may be the
        // last in its process to let go. Taken once the file is known to be
        // there (opening a missing one fails above), before anything is read.
        let (share, ()) = lock::take_share(path, |_| ());
        conn.busy_timeout(Duration::from_secs(5))?;
        conn.execute_batch("PRAGMA query_only = ON; PRAGMA temp_store = MEMORY;")?;
        tune_for_speed(&conn, path)?;
        Ok(Store {
            conn,
            path: path.to_path_buf(),
            _lock: None,
            _share: share,
            actor: default_actor(),
            last_write: None,
            log_pages: Arc::new(AtomicI64::new(0)),
            damage: None,
            check_before_write: false,
            reader: true,
        })
    }

    /// Replaces everything in this file with the contents of `source`, a Folio
    /// file of the same schema that was prepared beside it (sample data is built
    /// that way, so that cancelling it leaves this file as it was). The copy is
    /// one write: readers see the old contents until it is complete, and then
    /// the new. An audit row records it.
    pub fn replace_with(&mut self, source: &Path, action: &str) -> Result<()> {
        self.ready_to_write()?;
        let src = Connection::open_with_flags(source, OpenFlags::SQLITE_OPEN_READ_ONLY)
            .map_err(|e| corrupt_or(source, e))?;
        let version: i64 = src.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if version != self.schema_version()? {
            return Err(FolioError::Corrupt {
                path: source.display().to_string(),
                detail: format!("schema {version} is not this file's"),
            });
        }
        {
            // One step (-1 pages) is one transaction on this file.
            let backup = rusqlite::backup::Backup::new(&src, &mut self.conn)?;
            backup.step(-1)?;
        }
        self.write(action, "database", |_| Ok(((), None)))
    }

    /// A private in-memory database, for tests.
    pub fn open_in_memory() -> Result<Store> {
        let conn = Connection::open_in_memory()?;
        let mut store = Store {
            conn,
            path: PathBuf::from(":memory:"),
            _lock: None,
            _share: None,
            actor: default_actor(),
            last_write: None,
            log_pages: Arc::new(AtomicI64::new(0)),
            damage: None,
            check_before_write: false,
            reader: false,
        };
        store.check_and_migrate(false, MIGRATIONS)?;
        Ok(store)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Read access. Writes must go through [`Store::write`].
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Runs one user action that writes, as one transaction with one audit row.
    /// This is the single place where a role check will go when users arrive.
    pub fn write<T>(
        &mut self,
        action: &str,
        entity: &str,
        f: impl FnOnce(&Transaction) -> Result<(T, Option<i64>)>,
    ) -> Result<T> {
        self.write_described(action, entity, |tx| {
            let (value, entity_id) = f(tx)?;
            Ok((value, entity_id, String::new()))
        })
    }

    /// [`Store::write`] for an action whose audit row must say what it did, which
    /// is known only inside its transaction (a merge's counts of what moved): `f`
    /// also returns that sentence, and the row's action reads `action: sentence`.
    pub fn write_described<T>(
        &mut self,
        action: &str,
        entity: &str,
        f: impl FnOnce(&Transaction) -> Result<(T, Option<i64>, String)>,
    ) -> Result<T> {
        self.ready_to_write()?;
        let actor = self.actor.clone();
        let result = (|| {
            let tx = self.begin()?;
            let (value, entity_id, detail) = f(&tx)?;
            let action = if detail.is_empty() {
                action.to_string()
            } else {
                format!("{action}: {detail}")
            };
            tx.prepare_cached(
                "INSERT INTO audit_log (at, actor, action, entity, entity_id) VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute((clock::stamp(), &actor, action, entity, entity_id))?;
            tx.commit()?;
            Ok(value)
        })();
        match result {
            Ok(value) => {
                self.last_write = Some(std::time::Instant::now());
                Ok(value)
            }
            Err(e) => Err(self.noticing_damage(e)),
        }
    }

    /// Begins a write, waiting for another program's write to finish: SQLite
    /// waits up to [`BUSY_STEP`] inside each attempt, and the attempts go on up
    /// to [`BUSY_PATIENCE`]. (A CLI beside the app, or two CLIs, then take
    /// turns instead of one of them failing at once.)
    fn begin(&self) -> Result<Transaction<'_>> {
        let started = Instant::now();
        loop {
            // `new_unchecked` only because it borrows the connection shared, which
            // lets the loop try again; nothing else here opens a transaction.
            match Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate) {
                Ok(tx) => return Ok(tx),
                Err(e) if is_busy(&e) && started.elapsed() < BUSY_PATIENCE => continue,
                Err(e) if is_busy(&e) => {
                    return Err(FolioError::Busy {
                        path: self.path.display().to_string(),
                        seconds: started.elapsed().as_secs(),
                    })
                }
                Err(e) => return Err(e.into()),
            }
        }
    }

    /// Refuses to write to a file known to be damaged, and checks in full one
    /// that needs it (never checked here, or not closed cleanly) before its
    /// first write.
    fn ready_to_write(&mut self) -> Result<()> {
        if self.check_before_write && self.damage.is_none() {
            self.verify(&Quiet)?;
        }
        match &self.damage {
            Some(detail) => Err(FolioError::Damaged {
                path: self.path.display().to_string(),
                detail: detail.clone(),
            }),
            None => Ok(()),
        }
    }

    /// When SQLite found damage on the way, that is kept (so every later write,
    /// here and in other processes, is refused) and said as such.
    fn noticing_damage(&mut self, e: FolioError) -> FolioError {
        match &e {
            FolioError::Db(db) if check::is_damage(db) => {
                let detail = db.to_string();
                self.note_verdict(Verdict::Damaged(detail.clone()));
                FolioError::Damaged {
                    path: self.path.display().to_string(),
                    detail,
                }
            }
            _ => e,
        }
    }

    /// Reads the whole file and says whether it is whole (`PRAGMA
    /// integrity_check`: every page, every index, the free list). The verdict is
    /// kept beside the file for every process, and this store acts on it. Works
    /// on a reader too, so the app runs it on its job runner without holding
    /// the writer; the writer then learns it through [`Store::note_verdict`].
    pub fn verify(&mut self, progress: &dyn Progress) -> Result<Verdict> {
        let verdict = check::full_check(&self.conn, progress)?;
        self.note_verdict(verdict.clone());
        Ok(verdict)
    }

    /// Acts on a verdict reached elsewhere (a reader's full check, damage met by
    /// a read), and keeps it beside the file.
    pub fn note_verdict(&mut self, verdict: Verdict) {
        check::keep_verdict(&self.path, &verdict);
        match verdict {
            Verdict::Whole => {
                if self.damage.take().is_some() && !self.reader {
                    let _ = self.conn.execute_batch("PRAGMA query_only = OFF;");
                    let _ = self.conn.set_db_config(
                        rusqlite::config::DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE,
                        false,
                    );
                }
                self.check_before_write = false;
            }
            Verdict::Damaged(detail) => {
                self.damage = Some(detail);
                let _ = self.guard_damaged();
            }
        }
    }

    /// Why this file is known to be damaged, if it is: writes are then refused.
    /// Reads the verdict beside the file too, so a reader (or a process that
    /// opened the file before the damage was found) sees it.
    pub fn damage(&self) -> Option<String> {
        if self.path == Path::new(":memory:") {
            return None;
        }
        self.damage
            .clone()
            .or_else(|| match check::last_verdict(&self.path) {
                Some(Verdict::Damaged(d)) => Some(d),
                _ => None,
            })
    }

    /// Whether the first write will check the whole file first.
    pub fn checks_before_write(&self) -> bool {
        self.check_before_write
    }

    /// A connection to a damaged file refuses writes of its own accord too, and
    /// does not fold its log into the file when it closes.
    fn guard_damaged(&self) -> Result<()> {
        self.conn.execute_batch("PRAGMA query_only = ON;")?;
        self.conn.set_db_config(
            rusqlite::config::DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE,
            true,
        )?;
        Ok(())
    }

    /// A number that changes whenever another connection (another process, the
    /// CLI) commits to the file; the app polls it to refresh what it shows.
    pub fn data_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA data_version", [], |r| r.get(0))?)
    }

    /// Runs `f` with commits that do not wait for the disk, then makes commits
    /// durable again, whatever `f` returned. Only for work that can be made again
    /// if power fails: sample data is thousands of small transactions, and waiting
    /// for the disk after each would take minutes and protect nothing of value.
    pub fn without_waiting_for_disk<T>(
        &mut self,
        f: impl FnOnce(&mut Store) -> Result<T>,
    ) -> Result<T> {
        self.conn.execute_batch("PRAGMA synchronous = OFF;")?;
        let result = f(self);
        self.conn.execute_batch("PRAGMA synchronous = FULL;")?;
        result
    }

    /// Counts the pages each commit adds to the write-ahead log, and folds them
    /// back into the file inside a commit only past the backstop. This replaces
    /// SQLite's own checkpoint on commit (the two share one hook).
    fn watch_log(&mut self) -> Result<()> {
        if self.path == Path::new(":memory:") {
            return Ok(());
        }
        let log_pages = Arc::clone(&self.log_pages);
        self.conn.wal_hook(Some(
            move |wal: &mut rusqlite::hooks::Wal, pages: std::ffi::c_int| {
                let pages = i64::from(pages);
                log_pages.store(pages, Ordering::Relaxed);
                if pages >= BACKSTOP_LOG_PAGES {
                    // PASSIVE, like SQLite's own: it never waits on a reader.
                    wal.checkpoint()?;
                    log_pages.store(0, Ordering::Relaxed);
                }
                Ok(())
            },
        ))?;
        Ok(())
    }

    /// Folds committed pages from the write-ahead log back into the database file
    /// when the log has grown past [`FOLD_LOG_PAGES`] and nothing has been written
    /// for `idle`. The app calls this from a timer, so the work happens between
    /// user actions rather than inside one. Returns whether it ran. A commit is
    /// durable either way: it is in the fsynced log before [`Store::write`] returns.
    pub fn checkpoint_if_idle(&mut self, idle: Duration) -> Result<bool> {
        let quiet = self.last_write.is_none_or(|t| t.elapsed() >= idle);
        if !quiet
            || self.damage.is_some()
            || self.log_pages.load(Ordering::Relaxed) < FOLD_LOG_PAGES
        {
            return Ok(false);
        }
        // PASSIVE never waits on anyone; what it cannot fold now it folds next time.
        let (busy, log, done): (i64, i64, i64) =
            self.conn
                .query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?))
                })?;
        let left = if busy != 0 { log } else { log - done };
        self.log_pages.store(left.max(0), Ordering::Relaxed);
        Ok(true)
    }

    fn check_and_migrate(&mut self, existed: bool, migrations: &[&str]) -> Result<()> {
        let latest = migrations.len() as i64;
        let path = self.path.display().to_string();
        // Read-only checks first: nothing may be written to a file we refuse.
        let version: i64 = self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(|e| corrupt_or(&self.path, e))?;
        if version > latest {
            return Err(FolioError::TooNew {
                path,
                found: version,
                known: latest,
            });
        }
        if existed && version == 0 {
            // A valid SQLite file that is not ours: refuse rather than mix tables in.
            let tables: i64 = self.conn.query_row(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table'",
                [],
                |r| r.get(0),
            )?;
            if tables > 0 {
                return Err(FolioError::Corrupt {
                    path,
                    detail: "not a Folio database".into(),
                });
            }
        }

        // A file known to be damaged is opened for reading only: no switch to
        // WAL, no migration.
        if let Some(detail) = &self.damage {
            if version < latest {
                return Err(FolioError::Corrupt {
                    path,
                    detail: detail.clone(),
                });
            }
            self.conn
                .execute_batch("PRAGMA foreign_keys = ON; PRAGMA temp_store = MEMORY;")?;
            self.add_functions()?;
            return tune_for_speed(&self.conn, &self.path);
        }
        if version < latest && self.check_before_write {
            // A migration is a write: the file must be whole first.
            if let Verdict::Damaged(detail) = self.verify(&Quiet)? {
                return Err(FolioError::Corrupt { path, detail });
            }
        }
        if self.path != Path::new(":memory:") {
            // WAL keeps readers off the writer's back; FULL makes a commit durable on power loss.
            self.conn
                .query_row("PRAGMA journal_mode = WAL", [], |_| Ok(()))?;
        }
        self.conn.execute_batch(
            "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA temp_store = MEMORY;",
        )?;
        self.add_functions()?;
        tune_for_speed(&self.conn, &self.path)?;

        if version < latest {
            if existed && version > 0 {
                self.backup_before_migration(version)?;
            }
            // Foreign keys are off while migrations run, so a migration may rebuild a
            // table others refer to (SQLite's way to change a constraint); each one
            // must leave every reference intact before it commits.
            self.conn.execute_batch("PRAGMA foreign_keys = OFF;")?;
            let result = (|| -> Result<()> {
                for (i, sql) in migrations.iter().enumerate().skip(version as usize) {
                    let tx = self.conn.transaction()?;
                    tx.execute_batch(sql)?;
                    let broken: i64 =
                        tx.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
                            r.get(0)
                        })?;
                    if broken > 0 {
                        return Err(FolioError::Corrupt {
                            path: self.path.display().to_string(),
                            detail: format!(
                                "migration {} would leave {broken} broken references",
                                i + 1
                            ),
                        });
                    }
                    tx.pragma_update(None, "user_version", (i + 1) as i64)?;
                    tx.commit()?;
                }
                Ok(())
            })();
            self.conn.execute_batch("PRAGMA foreign_keys = ON;")?;
            result?;
        }
        Ok(())
    }

    fn add_functions(&self) -> Result<()> {
        // Migrations compute sort keys with the same code as the app.
        self.conn.create_scalar_function(
            "folio_sort_key",
            1,
            rusqlite::functions::FunctionFlags::SQLITE_UTF8
                | rusqlite::functions::FunctionFlags::SQLITE_DETERMINISTIC,
            |ctx| Ok(crate::base::search::sort_key(&ctx.get::<String>(0)?)),
        )?;
        // A customer's tags (a JSON array) to their search keys (a JSON array).
        // Tags that are not an array of strings give no keys rather than an error:
        // a migration must not fail on a value an older version let through.
        self.conn.create_scalar_function(
            "folio_tag_keys",
            1,
            rusqlite::functions::FunctionFlags::SQLITE_UTF8
                | rusqlite::functions::FunctionFlags::SQLITE_DETERMINISTIC,
            |ctx| {
                let tags: Vec<String> =
                    serde_json::from_str(&ctx.get::<String>(0)?).unwrap_or_default();
                Ok(serde_json::to_string(&crate::base::search::tag_keys(&tags))
                    .unwrap_or_else(|_| "[]".into()))
            },
        )?;
        Ok(())
    }

    /// Copies the whole file next to itself before a migration touches it.
    fn backup_before_migration(&self, from_version: i64) -> Result<PathBuf> {
        let stamp = clock::now().format("%Y%m%d-%H%M%S");
        let name = format!(
            "{}.v{from_version}-{stamp}.bak",
            self.path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| "folio.sqlite".into())
        );
        let target = self.path.with_file_name(name);
        self.backup_to(&target)?;
        Ok(target)
    }

    /// A consistent copy of the database, taken while it is open.
    pub fn backup_to(&self, target: &Path) -> Result<()> {
        let mut dst = Connection::open(target)?;
        let backup = rusqlite::backup::Backup::new(&self.conn, &mut dst)?;
        backup.run_to_completion(256, Duration::from_millis(0), None)?;
        Ok(())
    }

    /// Turns the memory map off until the guard is dropped, for a read that goes
    /// through much of the file once (an export). Through the map every page such
    /// a read touched would stay mapped into the process and count as its memory,
    /// hundreds of megabytes for a million order lines; read through SQLite's own
    /// page cache instead (a bounded 16 MB while the guard lives), the pages stay
    /// in the OS's cache, where another program can have them back, and the
    /// process's memory stays flat.
    pub fn reading_once_through(&self) -> Result<MapOff<'_>> {
        use rusqlite::OptionalExtension;
        // A file in memory has no map, and says nothing when asked.
        let was: Option<i64> = self
            .conn
            .query_row("PRAGMA mmap_size", [], |r| r.get(0))
            .optional()?;
        if was.is_some_and(|w| w > 0) {
            set_mmap(&self.conn, 0)?;
        }
        // A ledger's lines look up their customer and title all over those
        // tables: with SQLite's default 2 MB of cache most lookups went back to
        // the OS for their pages (a third of an export's time on a million
        // lines, in the kernel). 16 MB holds the pages they keep coming back to.
        let cache: i64 = self.conn.query_row("PRAGMA cache_size", [], |r| r.get(0))?;
        self.conn
            .execute_batch(&format!("PRAGMA cache_size = -{READ_ONCE_CACHE_KIB}"))?;
        Ok(MapOff {
            conn: &self.conn,
            was: was.unwrap_or(0),
            cache,
        })
    }

    pub fn schema_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    pub fn setting(&self, key: &str) -> Result<Option<String>> {
        use rusqlite::OptionalExtension;
        Ok(self
            .conn
            .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
                r.get(0)
            })
            .optional()?)
    }

    pub fn set_setting(&mut self, key: &str, value: &str) -> Result<()> {
        self.write("settings.set", "setting", |tx| {
            tx.execute(
                "INSERT INTO settings (key, value) VALUES (?1, ?2)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, value),
            )?;
            Ok(((), None))
        })
    }
}

/// The memory map's size as it was, put back when a long read is over.
/// SQLite's page cache, in KiB, while [`Store::reading_once_through`] is in force.
const READ_ONCE_CACHE_KIB: i64 = 16 * 1024;

pub struct MapOff<'a> {
    conn: &'a Connection,
    was: i64,
    cache: i64,
}

impl Drop for MapOff<'_> {
    fn drop(&mut self) {
        if self.was > 0 {
            let _ = set_mmap(self.conn, self.was);
        }
        let _ = self
            .conn
            .execute_batch(&format!("PRAGMA cache_size = {}", self.cache));
    }
}

/// `PRAGMA mmap_size = n`, which answers with a row (or none) that is not needed.
fn set_mmap(conn: &Connection, n: i64) -> Result<()> {
    let mut st = conn.prepare(&format!("PRAGMA mmap_size = {n}"))?;
    let mut rows = st.query([])?;
    while rows.next()?.is_some() {}
    Ok(())
}

/// The next value of a named counter, inside the caller's transaction.
pub fn next_sequence(tx: &Transaction, name: &str) -> Result<i64> {
    tx.prepare_cached(
        "INSERT INTO sequences (name, next_value) VALUES (?1, 1) ON CONFLICT (name) DO NOTHING",
    )?
    .execute([name])?;
    let v: i64 = tx
        .prepare_cached(
            "UPDATE sequences SET next_value = next_value + 1 WHERE name = ?1 RETURNING next_value - 1",
        )?
        .query_row([name], |r| r.get(0))?;
    Ok(v)
}

fn default_actor() -> String {
    std::env::var("USER").unwrap_or_else(|_| "local".into())
}

/// What every connection Folio opens (the writer and the readers) sets for speed.
fn tune_for_speed(conn: &Connection, path: &Path) -> Result<()> {
    // A plan that never depends on the values bound to it. Without this SQLite
    // marks some statements to be planned again whenever a value is rebound, and
    // the statement cache clears the values of every statement it takes back,
    // so loading an order was planned from scratch on every call.
    conn.set_db_config(
        rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG,
        true,
    )?;
    // Reads straight from the OS's page cache instead of a copy per page: an
    // order's lines land on pages all over the items and the ledger, and copying
    // them in was a third of the time it took to confirm one. SQLite caps the
    // size at what it was built for (2 GB); writes still go through the log.
    if path != Path::new(":memory:") {
        conn.query_row("PRAGMA mmap_size = 2147418112", [], |_| Ok(()))?;
    }
    // Room for every statement a document posts per line, so a long order
    // prepares each of them once, not once per line.
    conn.set_prepared_statement_cache_capacity(128);
    Ok(())
}

fn is_busy(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(rusqlite::ErrorCode::DatabaseBusy) | Some(rusqlite::ErrorCode::DatabaseLocked)
    )
}

/// Refuses a non-empty file that does not start with SQLite's magic header.
fn check_header(path: &Path) -> Result<()> {
    use std::io::Read;
    let mut head = [0u8; 16];
    let mut f = std::fs::File::open(path)?;
    let n = f.read(&mut head)?;
    if n < 16 || &head != b"SQLite format 3\0" {
        return Err(FolioError::Corrupt {
            path: path.display().to_string(),
            detail: "not an SQLite database".into(),
        });
    }
    Ok(())
}

/// SQLite reports damage as NOTADB or CORRUPT; everything else stays a plain DB error.
fn corrupt_or(path: &Path, e: rusqlite::Error) -> FolioError {
    use rusqlite::ErrorCode;
    match e.sqlite_error_code() {
        Some(ErrorCode::NotADatabase) | Some(ErrorCode::DatabaseCorrupt) => FolioError::Corrupt {
            path: path.display().to_string(),
            detail: e.to_string(),
        },
        _ => FolioError::Db(e),
    }
}
