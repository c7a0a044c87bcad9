//! One desktop window per file.
//!
//! Two windows on one file would each show the other's changes late and race
//! on drafts, so the app holds an OS lock on `<file>.lock` for as long as it is
//! open, and a second window is refused. The CLI takes no such lock: SQLite
//! lets it read and write beside the app, one write at a time.
//!
//! The lock is taken beside the file's real path (symlinks and `..` resolved),
//! so every path that reaches one file reaches one lock; a folder bind-mounted
//! elsewhere shows the same lock file. On Unix a second lock is taken on the
//! file's identity (device and inode, in the temporary folder), which also
//! catches a single file mounted at another path.
//!
//! The lock file also says whether the last window closed cleanly: it reads
//! `open` while a window has the file, and `closed` once it let go. Finding
//! `open` on a lock nobody holds means the last window ended without closing
//! (a crash, a power cut), and the file gets a full check before its first write.

use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use crate::base::error::{FolioError, Result};

/// The file's real path, for a file that may not exist yet (its folder must).
pub fn real_path(path: &Path) -> PathBuf {
    if let Ok(p) = std::fs::canonicalize(path) {
        return p;
    }
    match (path.parent(), path.file_name()) {
        (Some(dir), Some(name)) => {
            let dir = if dir.as_os_str().is_empty() {
                Path::new(".")
            } else {
                dir
            };
            std::fs::canonicalize(dir)
                .map(|d| d.join(name))
                .unwrap_or_else(|_| path.to_path_buf())
        }
        _ => path.to_path_buf(),
    }
}

fn lock_path(path: &Path) -> PathBuf {
    let mut name = real_path(path).into_os_string();
    name.push(".lock");
    PathBuf::from(name)
}

/// A held window lock. Dropping it marks the close as clean and lets go.
#[derive(Debug)]
pub(crate) struct WindowLock {
    file: File,
    /// The lock on the file's identity, held as long as `file`'s.
    _identity: Option<File>,
    /// The last window on this file did not close cleanly.
    pub(crate) unclean: bool,
}

impl WindowLock {
    pub(crate) fn acquire(path: &Path) -> Result<WindowLock> {
        let mut file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .read(true)
            .write(true)
            .open(lock_path(path))?;
        match file.try_lock() {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => {
                return Err(FolioError::Locked {
                    path: path.display().to_string(),
                })
            }
            Err(std::fs::TryLockError::Error(e)) => return Err(e.into()),
        }
        let identity = identity_lock(path)?;
        let mut was = String::new();
        let _ = file.read_to_string(&mut was);
        let unclean = was.starts_with("open");
        mark(&mut file, &format!("open {}\n", std::process::id()))?;
        // Durable, so that a power cut while the window is open is known next time.
        file.sync_data()?;
        Ok(WindowLock {
            file,
            _identity: identity,
            unclean,
        })
    }
}

/// The lock on the file's device and inode (none for a file not made yet, or
/// where there are no inodes).
fn identity_lock(path: &Path) -> Result<Option<File>> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let Ok(meta) = std::fs::metadata(path) else {
            return Ok(None);
        };
        let name = format!("folio-window-{}-{}.lock", meta.dev(), meta.ino());
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(std::env::temp_dir().join(name))?;
        match file.try_lock() {
            Ok(()) => Ok(Some(file)),
            Err(std::fs::TryLockError::WouldBlock) => Err(FolioError::Locked {
                path: path.display().to_string(),
            }),
            Err(std::fs::TryLockError::Error(e)) => Err(e.into()),
        }
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        Ok(None)
    }
}

impl Drop for WindowLock {
    fn drop(&mut self) {
        let _ = mark(&mut self.file, "closed\n");
        let _ = self.file.sync_data();
    }
}

fn mark(file: &mut File, text: &str) -> std::io::Result<()> {
    file.set_len(0)?;
    file.seek(SeekFrom::Start(0))?;
    file.write_all(text.as_bytes())
}

/// Whether a window has the file open now, and whether the last one left
/// without closing: what a CLI call needs to know before it writes.
pub(crate) fn window_state(path: &Path) -> (bool, bool) {
    let Ok(mut file) = OpenOptions::new().read(true).open(lock_path(path)) else {
        return (false, false);
    };
    match file.try_lock_shared() {
        Ok(()) => {
            let mut was = String::new();
            let _ = file.read_to_string(&mut was);
            let _ = file.unlock();
            (false, was.starts_with("open"))
        }
        Err(_) => (true, false),
    }
}
