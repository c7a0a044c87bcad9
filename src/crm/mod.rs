//! Keeping customers: their records and contacts today; interactions, after-sales
//! cases, satisfaction and reminders will live here too.

pub mod customers;
