//! How long work reports how far it has got, and learns that the user cancelled.
//!
//! The core does long work (sample data today; exports, imports, backups and
//! reminder runs to come) without knowing who watches: the desktop shell's job
//! runner sends each report to the window as an event, the CLI ignores them.

use crate::base::error::{Code, FolioError, Result};

pub trait Progress: Sync {
    /// `done` of `total` steps are finished.
    fn report(&self, done: u64, total: u64);
    /// Whether the user asked to stop. Work checks this between steps and stops
    /// with [`cancelled`] leaving nothing half-written.
    fn is_cancelled(&self) -> bool;

    /// Reports, then fails with [`cancelled`] if the user asked to stop.
    fn step(&self, done: u64, total: u64) -> Result<()> {
        self.report(done, total);
        if self.is_cancelled() {
            return Err(cancelled());
        }
        Ok(())
    }
}

/// Progress nobody watches.
pub struct Quiet;

impl Progress for Quiet {
    fn report(&self, _done: u64, _total: u64) {}
    fn is_cancelled(&self) -> bool {
        false
    }
}

/// The error long work stops with when the user cancelled it.
pub fn cancelled() -> FolioError {
    FolioError::invalid(Code::Cancelled, "", "cancelled; nothing was changed")
}
