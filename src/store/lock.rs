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
//!
//! Every process that has the file open (a window, a CLI call, a job's reader)
//! also holds a shared lock on `<file>.users`. A write-ahead log left beside the
//! file says the last process to have it died only when nobody holds that lock:
//! while another process has the file open, its log is simply in use.

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
    beside(path, ".lock")
}

fn beside(path: &Path, suffix: &str) -> PathBuf {
    let mut name = real_path(path).into_os_string();
    name.push(suffix);
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

/// Who else has the file open, as a process taking its share finds it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Company {
    /// Nobody: whatever is beside the file was left by processes now gone.
    Alone,
    /// Another process (or another store in this one) has it open.
    Others,
    /// The `.users` file could not be opened or locked (a folder we may not
    /// write to, a file system without locks): nothing is known.
    Unknown,
}

/// A share in the file, held for as long as a [`Store`](super::Store) is open
/// on it, so that another process opening it knows it is not alone.
#[derive(Debug)]
pub(crate) struct Share {
    _file: File,
}

/// Takes a share in the file at `path`, after `settle` has learnt who else has
/// it open. When this process is alone, `settle` runs with the lock held
/// exclusively, so what it concludes from that (a verdict forgotten) is done
/// before any other process gets past this point on the same file. The share
/// is `None` where there is no `.users` file to lock.
pub(crate) fn take_share<T>(path: &Path, settle: impl FnOnce(Company) -> T) -> (Option<Share>, T) {
    let users = beside(path, ".users");
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&users)
        // A `.users` file someone else made, that this user may only read, can
        // still be locked.
        .or_else(|_| OpenOptions::new().read(true).open(&users));
    let Ok(file) = file else {
        return (None, settle(Company::Unknown));
    };
    match file.try_lock() {
        Ok(()) => {
            let settled = settle(Company::Alone);
            // Down to a share. std has no atomic downgrade, so another process
            // may find the file alone in the moment between; at worst it then
            // checks a file that did not need it.
            let _ = file.unlock();
            match file.lock_shared() {
                Ok(()) => (Some(Share { _file: file }), settled),
                Err(_) => (None, settled),
            }
        }
        Err(std::fs::TryLockError::WouldBlock) => {
            // Waits only while another process is settling (it holds the lock
            // alone for that moment), so that what it concluded is seen here.
            match file.lock_shared() {
                Ok(()) => (Some(Share { _file: file }), settle(Company::Others)),
                Err(_) => (None, settle(Company::Unknown)),
            }
        }
        Err(std::fs::TryLockError::Error(_)) => (None, settle(Company::Unknown)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_share_tells_the_next_process_it_is_not_alone() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("folio.sqlite");
        std::fs::write(&path, b"").unwrap();
        let company = |p: &Path| take_share(p, |c| c);
        let (first, found) = company(&path);
        assert!(first.is_some());
        assert_eq!(found, Company::Alone);
        let (second, found) = company(&path);
        assert_eq!(found, Company::Others, "the first share is held");
        drop(first);
        assert_eq!(company(&path).1, Company::Others, "the second still is");
        drop(second);
        assert_eq!(company(&path).1, Company::Alone, "both let go");
        // The window's lock is a lock of its own: a share does not stop a
        // window, nor a window a share.
        let (share, _) = company(&path);
        let window = WindowLock::acquire(&path).unwrap();
        assert_eq!(company(&path).1, Company::Others);
        drop((share, window));
        assert_eq!(company(&path).1, Company::Alone);
    }
}
