//! The ground every area stands on: money in fen and basis points, ISBNs, the
//! field checks several forms share, the one clock, the error type and search keys.
//! Nothing here touches the database except through a `Store` it is handed.

pub mod clock;
pub mod error;
pub mod fields;
pub mod isbn;
pub mod money;
pub mod progress;
pub mod rows;
pub mod search;
pub mod text;
