//! Excel and CSV in and out: what the accountant is handed, and (to come) the
//! user's own spreadsheets read in.
//!
//! An export is a [`sheet::Table`]: columns that each know their kind (text, a
//! code, money, a quantity, a discount, a date) and their header in both
//! languages, and rows streamed one at a time from the reading function of the
//! area that owns the data. [`write`] turns a table into an .xlsx workbook or a
//! CSV file without ever holding the rows, through a temporary file beside the
//! target that is renamed over it only when every row is written: a cancelled
//! or failed export leaves no file behind and never touches an existing one.
//! [`exports`] holds one table per thing the user can export; the SQL stays in
//! the areas (`crm::customers`, `trade::*`), and money figures are the ones
//! those areas compute, never worked out again here.

pub mod exports;
pub mod imports;
pub mod pack;
pub mod read;
pub mod request;
pub mod sheet;
pub mod values;
pub mod vouchers;
pub mod write;

pub use exports::{export, Export, Exported};
pub use imports::{import, preview, ImportKind, ImportOptions, ImportPreview, ImportReport};
pub use request::{ExportFile, ExportKind, ExportRequest};
pub use sheet::Lang;
pub use write::{Encoding, Format, Options};
