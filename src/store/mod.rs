//! The SQLite file: where it lives, how it is opened, migrated and written.
//!
//! Invariants kept here:
//! - A file that fails `quick_check`, is not SQLite, or comes from a newer Folio is
//!   refused before anything is written to it (not even the WAL switch).
//! - One process at a time: an OS lock on `<file>.lock` is held for the life of the
//!   `Store`, and released by the OS if the process dies.
//! - Before an existing file is migrated, a copy is taken with SQLite's backup API.
//! - Every write goes through [`Store::write`]: one transaction, one audit row.

use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};
use std::time::Duration;

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};

use crate::base::clock;
use crate::base::error::{FolioError, Result};

/// The embedded migrations; `PRAGMA user_version` is the number applied.
pub const MIGRATIONS: &[&str] = &[
    include_str!("migrations/0001_customers.sql"),
    include_str!("migrations/0002_catalogue.sql"),
    include_str!("migrations/0003_opening_and_write_off.sql"),
    include_str!("migrations/0004_orders.sql"),
    include_str!("migrations/0005_last_cost.sql"),
    include_str!("migrations/0006_title_sort.sql"),
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// Where the database lives unless `--db` or `FOLIO_DB` says otherwise:
/// `~/.local/share/folio/folio.sqlite` on Linux, the platform data directory elsewhere.
pub fn default_path() -> PathBuf {
    if let Ok(p) = std::env::var("FOLIO_DB") {
        if !p.trim().is_empty() {
            return PathBuf::from(p);
        }
    }
    dirs::data_dir()
        .unwrap_or_else(|| PathBuf::from("."))
        .join("folio")
        .join("folio.sqlite")
}

/// An open, checked, migrated database.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// Held for its OS lock; dropped with the store.
    _lock: Option<File>,
    actor: String,
    /// When the last write committed (see [`Store::checkpoint_if_idle`]).
    last_write: Option<std::time::Instant>,
    /// Pages in the write-ahead log not yet folded back into the file, as SQLite
    /// reports them after each commit.
    log_pages: Arc<AtomicI64>,
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
    /// Opens (creating if needed) the database at `path`.
    pub fn open(path: &Path) -> Result<Store> {
        Store::open_with_migrations(path, MIGRATIONS)
    }

    /// [`Store::open`] with a given list of migrations, so tests can play an older
    /// or newer Folio against the same file.
    #[doc(hidden)]
    pub fn open_with_migrations(path: &Path, migrations: &[&str]) -> Result<Store> {
        if let Some(dir) = path.parent() {
            if !dir.as_os_str().is_empty() {
                std::fs::create_dir_all(dir)?;
            }
        }
        let lock = acquire_lock(path)?;
        let existed = path.exists() && std::fs::metadata(path)?.len() > 0;
        if existed {
            check_header(path)?;
        }
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| corrupt_or(path, e))?;
        conn.busy_timeout(Duration::from_secs(5))?;
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
            _lock: Some(lock),
            actor: default_actor(),
            last_write: None,
            log_pages: Arc::new(AtomicI64::new(0)),
        };
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
        conn.busy_timeout(Duration::from_secs(5))?;
        conn.execute_batch("PRAGMA query_only = ON; PRAGMA temp_store = MEMORY;")?;
        tune_for_speed(&conn, path)?;
        Ok(Store {
            conn,
            path: path.to_path_buf(),
            _lock: None,
            actor: default_actor(),
            last_write: None,
            log_pages: Arc::new(AtomicI64::new(0)),
        })
    }

    /// Replaces everything in this file with the contents of `source`, a Folio
    /// file of the same schema that was prepared beside it (sample data is built
    /// that way, so that cancelling it leaves this file as it was). The copy is
    /// one write: readers see the old contents until it is complete, and then
    /// the new. An audit row records it.
    pub fn replace_with(&mut self, source: &Path, action: &str) -> Result<()> {
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
            actor: default_actor(),
            last_write: None,
            log_pages: Arc::new(AtomicI64::new(0)),
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
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let (value, entity_id) = f(&tx)?;
        tx.prepare_cached(
            "INSERT INTO audit_log (at, actor, action, entity, entity_id) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?
        .execute((clock::stamp(), &self.actor, action, entity, entity_id))?;
        tx.commit()?;
        self.last_write = Some(std::time::Instant::now());
        Ok(value)
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
        if !quiet || self.log_pages.load(Ordering::Relaxed) < FOLD_LOG_PAGES {
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
        let check: String = self
            .conn
            .query_row("PRAGMA quick_check(1)", [], |r| r.get(0))
            .map_err(|e| corrupt_or(&self.path, e))?;
        if check != "ok" {
            return Err(FolioError::Corrupt {
                path,
                detail: check,
            });
        }
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

        if self.path != Path::new(":memory:") {
            // WAL keeps readers off the writer's back; FULL makes a commit durable on power loss.
            self.conn
                .query_row("PRAGMA journal_mode = WAL", [], |_| Ok(()))?;
        }
        self.conn.execute_batch(
            "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA temp_store = MEMORY;",
        )?;
        // Migrations compute sort keys with the same code as the app.
        self.conn.create_scalar_function(
            "folio_sort_key",
            1,
            rusqlite::functions::FunctionFlags::SQLITE_UTF8
                | rusqlite::functions::FunctionFlags::SQLITE_DETERMINISTIC,
            |ctx| Ok(crate::base::search::sort_key(&ctx.get::<String>(0)?)),
        )?;
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

    /// Why this file is known to be damaged, if it is: writes are then refused.
    pub fn damage(&self) -> Option<String> {
        None
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

fn acquire_lock(path: &Path) -> Result<File> {
    let mut lock_path = path.as_os_str().to_owned();
    lock_path.push(".lock");
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(PathBuf::from(lock_path))?;
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(std::fs::TryLockError::WouldBlock) => Err(FolioError::Locked {
            path: path.display().to_string(),
        }),
        Err(std::fs::TryLockError::Error(e)) => Err(e.into()),
    }
}

/// Refuses a non-empty file that does not start with SQLite's magic header.
fn check_header(path: &Path) -> Result<()> {
    use std::io::Read;
    let mut head = [0u8; 16];
    let mut f = File::open(path)?;
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
