//! Buying and selling books: the catalogue (suppliers and titles), the stock
//! ledger, sales orders, customer returns, payments and the receivables ledger,
//! and the wholesaler's own details printed on their documents.

pub mod accounting;
pub mod catalog;
pub mod company;
pub mod orders;
pub mod receivables;
pub mod stock;
