//! Folio's core: the domain, its SQLite storage and everything the desktop app
//! and the `folio` command line share. It never depends on Tauri: the desktop
//! shell and the CLI are thin adapters over these functions.

pub mod app;
pub mod bench;
pub mod catalog;
pub mod clock;
pub mod company;
pub mod customers;
pub mod db;
pub mod demo;
pub mod error;
pub mod fields;
pub mod isbn;
pub mod money;
pub mod orders;
pub mod receivables;
pub mod search;
pub mod stock;

pub use db::Store;
pub use error::{ErrorPayload, FolioError, Result};
