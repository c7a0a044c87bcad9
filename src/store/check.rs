//! Knowing whether a file is whole: the full integrity check, and what it last
//! found, kept beside the file.
//!
//! `PRAGMA integrity_check` reads every page and every index, so on a big file
//! it takes seconds; it cannot run in front of every start or every CLI call.
//! Instead its verdict is kept in `<file>.check`, a small text file beside the
//! database, tied to the file's identity (device and inode), so that:
//! - the app checks the whole file on its job runner after every start, and
//!   every process on the machine (the CLI included) learns the verdict;
//! - a file that was damaged stays refused for writing, by every process, until
//!   a full check passes again;
//! - a file no Folio has checked yet (copied in from elsewhere, or from before
//!   this was kept) is checked before its first write.
//!
//! The verdict is a hint about the file, never a part of it: the database is not
//! written to record it, and a folder where it cannot be written only means the
//! next process checks again.

use std::path::{Path, PathBuf};

use rusqlite::Connection;

use crate::base::clock;
use crate::base::error::Result;
use crate::base::progress::Progress;

/// What the last full check of a file found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    Whole,
    Damaged(String),
}

/// Which file on disk this is, whatever path reached it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Identity {
    dev: u64,
    ino: u64,
}

pub(crate) fn identity(path: &Path) -> Option<Identity> {
    let meta = std::fs::metadata(path).ok()?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        Some(Identity {
            dev: meta.dev(),
            ino: meta.ino(),
        })
    }
    #[cfg(not(unix))]
    {
        // Without inode numbers the path stands for the file.
        let _ = meta;
        Some(Identity { dev: 0, ino: 0 })
    }
}

/// Where the verdict for the database at `path` is kept.
pub(crate) fn verdict_path(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".check");
    PathBuf::from(name)
}

/// The last verdict on this very file, if one was kept.
pub(crate) fn last_verdict(path: &Path) -> Option<Verdict> {
    let text = std::fs::read_to_string(verdict_path(path)).ok()?;
    let mut lines = text.lines();
    let mut head = lines.next()?.split(' ');
    let (state, dev, ino) = (head.next()?, head.next()?, head.next()?);
    let id = Identity {
        dev: dev.parse().ok()?,
        ino: ino.parse().ok()?,
    };
    if Some(id) != identity(path) {
        return None;
    }
    let _at = lines.next();
    match state {
        "whole" => Some(Verdict::Whole),
        "damaged" => Some(Verdict::Damaged(
            lines.collect::<Vec<_>>().join("; ").trim().to_string(),
        )),
        _ => None,
    }
}

/// Keeps `verdict` beside the file. Written to a scratch file and renamed, so a
/// reader never sees half of it; a failure only means the next process checks
/// again, so it is not reported.
pub(crate) fn keep_verdict(path: &Path, verdict: &Verdict) {
    let Some(id) = identity(path) else { return };
    let (state, detail) = match verdict {
        Verdict::Whole => ("whole", ""),
        Verdict::Damaged(d) => ("damaged", d.as_str()),
    };
    let text = format!(
        "{state} {} {}\n{}\n{detail}\n",
        id.dev,
        id.ino,
        clock::stamp()
    );
    let target = verdict_path(path);
    let mut scratch = target.as_os_str().to_owned();
    scratch.push(".tmp");
    let scratch = PathBuf::from(scratch);
    if std::fs::write(&scratch, text).is_ok() && std::fs::rename(&scratch, &target).is_err() {
        let _ = std::fs::remove_file(&scratch);
    }
}

/// Forgets a verdict of whole (a verdict of damage stays until a check passes).
pub(crate) fn forget_verdict(path: &Path) {
    if last_verdict(path) == Some(Verdict::Whole) {
        let _ = std::fs::remove_file(verdict_path(path));
    }
}

/// How many problems the check lists before it stops: enough to say what is
/// wrong, and it stops early on a badly damaged file.
const PROBLEMS_SHOWN: usize = 10;

/// Reads the whole file through `conn` and says whether it is whole. SQLite
/// cannot say how far it has got, so progress is reported as work without a
/// known end; a cancel interrupts the check (an `Err` with `cancelled`).
pub(crate) fn full_check(conn: &Connection, progress: &dyn Progress) -> Result<Verdict> {
    use std::sync::atomic::{AtomicBool, Ordering};
    progress.report(0, 0);
    let finished = AtomicBool::new(false);
    let interrupt = conn.get_interrupt_handle();
    let result: rusqlite::Result<Vec<String>> = std::thread::scope(|scope| {
        // SQLite cannot ask whether to stop, so a watcher interrupts it.
        scope.spawn(|| {
            while !finished.load(Ordering::Relaxed) {
                if progress.is_cancelled() {
                    interrupt.interrupt();
                    return;
                }
                std::thread::sleep(std::time::Duration::from_millis(50));
            }
        });
        let result = (|| {
            let mut stmt = conn.prepare(&format!("PRAGMA integrity_check({PROBLEMS_SHOWN})"))?;
            let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
            rows.collect()
        })();
        finished.store(true, Ordering::Relaxed);
        result
    });
    if progress.is_cancelled() {
        return Err(crate::base::progress::cancelled());
    }
    match result {
        Ok(lines) if lines.len() == 1 && lines[0] == "ok" => Ok(Verdict::Whole),
        Ok(lines) => Ok(Verdict::Damaged(lines.join("; "))),
        Err(e) if is_damage(&e) => Ok(Verdict::Damaged(e.to_string())),
        Err(e) => Err(e.into()),
    }
}

/// Whether SQLite's error means the file is damaged.
pub fn is_damage(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(rusqlite::ErrorCode::DatabaseCorrupt) | Some(rusqlite::ErrorCode::NotADatabase)
    )
}

/// Whether a write-ahead log with pages in it is beside the file: SQLite folds
/// it in and removes it when the last connection closes cleanly.
pub(crate) fn log_left(path: &Path) -> bool {
    let mut log = path.as_os_str().to_owned();
    log.push("-wal");
    std::fs::metadata(PathBuf::from(log)).is_ok_and(|m| m.len() > 0)
}

/// Whether the file is shorter than its own header says: a copy cut off, or a
/// disk that lost its end. Cheap (the first 100 bytes), so it runs at every
/// open. When a write-ahead log is beside the file the header may be ahead of
/// it until the log is folded in, so then it says nothing.
pub(crate) fn truncated(path: &Path) -> bool {
    use std::io::Read;
    if log_left(path) {
        return false;
    }
    let Ok(mut f) = std::fs::File::open(path) else {
        return false;
    };
    let mut head = [0u8; 100];
    if f.read_exact(&mut head).is_err() {
        return true;
    }
    let page_size = match u16::from_be_bytes([head[16], head[17]]) {
        1 => 65536,
        n => u64::from(n),
    };
    let pages = u64::from(u32::from_be_bytes([head[28], head[29], head[30], head[31]]));
    // The count is valid only while its "valid-for" number matches the change
    // counter (SQLite's file format, section 1.3.7).
    let valid = head[24..28] == head[92..96];
    let len = f.metadata().map(|m| m.len()).unwrap_or(0);
    valid && pages > 0 && len < pages * page_size
}
