//! A customer's timeline: interactions, orders, returns, payments, cases and
//! satisfaction scores in date order, newest first, as the customer page shows
//! them. Documents come from the receivables ledger (one row per posting, read
//! through its customer index), so a customer with years of trade costs an
//! index walk, not a scan.

use rusqlite::params;
use serde::Serialize;
use ts_rs::TS;

use crate::base::error::Result;
use crate::store::Store;
use crate::trade::orders;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum TimelineKind {
    Interaction,
    Order,
    Return,
    Payment,
    Cancellation,
    Opening,
    Case,
    Satisfaction,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct TimelineEntry {
    pub kind: TimelineKind,
    /// A date (`YYYY-MM-DD`) or a local time (`YYYY-MM-DDTHH:MM`).
    pub at: String,
    /// The row it comes from: an interaction's, a case's, a document's number.
    #[ts(type = "number")]
    pub id: i64,
    /// The document's number, the interaction's type, the case's category, the score's kind.
    pub label: String,
    /// What was said, the case's summary, the score.
    pub summary: String,
    /// The posting's amount (what the customer owes more, or less when negative).
    #[ts(type = "number | null")]
    pub amount_fen: Option<i64>,
    /// A case's status; an interaction's next step.
    pub detail: String,
}

/// The most entries the timeline returns.
pub const TIMELINE_CAP: i64 = 500;

pub fn timeline(store: &Store, customer: &str, limit: i64) -> Result<Vec<TimelineEntry>> {
    let customer = orders::customer_for(store, customer)?;
    let limit = limit.clamp(1, TIMELINE_CAP);
    // Each part is limited on its own first, so a customer with thousands of
    // postings reads only the newest `limit` of each.
    let sql = "
        SELECT * FROM (
            SELECT 'interaction', happened_at, id, kind, summary, NULL, next_step
            FROM interactions WHERE customer_id = ?1 ORDER BY happened_at DESC LIMIT ?2)
        UNION ALL SELECT * FROM (
            SELECT kind, entry_date, coalesce(order_id, return_id, payment_id, id), reference, '',
                   amount_fen, ''
            FROM receivable_entries WHERE customer_id = ?1 ORDER BY entry_date DESC, id DESC LIMIT ?2)
        UNION ALL SELECT * FROM (
            SELECT 'case', substr(opened_at, 1, 16), id, category, summary, NULL, status
            FROM cases WHERE customer_id = ?1 ORDER BY id DESC LIMIT ?2)
        UNION ALL SELECT * FROM (
            SELECT 'satisfaction', substr(recorded_at, 1, 16), id, kind, CAST(score AS TEXT), NULL, comment
            FROM satisfaction WHERE customer_id = ?1 ORDER BY id DESC LIMIT ?2)
        ORDER BY 2 DESC, 3 DESC LIMIT ?2";
    let mut stmt = store.conn().prepare_cached(sql)?;
    let rows = stmt.query_map(params![customer.id, limit], |r| {
        let kind = match r.get::<_, String>(0)?.as_str() {
            "interaction" => TimelineKind::Interaction,
            "order" => TimelineKind::Order,
            "return" => TimelineKind::Return,
            "payment" => TimelineKind::Payment,
            "cancellation" => TimelineKind::Cancellation,
            "case" => TimelineKind::Case,
            "satisfaction" => TimelineKind::Satisfaction,
            _ => TimelineKind::Opening,
        };
        Ok(TimelineEntry {
            kind,
            at: r.get(1)?,
            id: r.get(2)?,
            label: r.get(3)?,
            summary: r.get(4)?,
            amount_fen: r.get(5)?,
            detail: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
