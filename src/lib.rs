//! Folio's core: the domain, its SQLite storage and everything the desktop app
//! and the `folio` command line share. It never depends on Tauri: the desktop
//! shell and the CLI are thin adapters over these functions.
//!
//! One module folder per area (see ARCHITECTURE.md):
//! - [`base`]: money, ISBNs, shared field checks, the clock, errors, search keys;
//! - [`store`]: opening the file, migrations, the one write door and its audit row;
//! - [`crm`]: customers (and, to come, interactions, cases and reminders);
//! - [`trade`]: catalogue, stock, orders, returns, payments and receivables;
//! - [`app`]: what the desktop shell reports about itself.

pub mod app;
pub mod base;
pub mod crm;
pub mod exchange;
pub mod store;
pub mod trade;

pub use base::error::{ErrorPayload, FolioError, Result};
pub use store::Store;
