//! Keeping customers: their records and contacts, the call log, after-sales
//! cases, satisfaction, reminders (by hand and by the rules) and the timeline
//! that shows them together.

pub mod cases;
pub mod customers;
pub mod duplicates;
pub mod interactions;
pub mod lunar;
pub mod reminders;
pub mod rules;
pub mod satisfaction;
pub mod timeline;
