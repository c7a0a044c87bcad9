//! After-sales cases (投诉/售后): a wrong title, damaged copies, a short
//! shipment, a late delivery, a price or discount query. A case goes open →
//! in progress → resolved → closed (after a follow-up call); its first response
//! and resolution times are kept. Credit is given through the documents that
//! already exist (a customer return), never by editing a balance: the case only
//! names the return.

use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::base::clock;
use crate::base::error::{Code, FolioError, Result};
use crate::base::text::{self, quote};
use crate::crm::interactions;
use crate::crm::satisfaction::{self, ScoreKind};
use crate::store::Store;
use crate::trade::orders;

macro_rules! word_enum {
    ($(#[$m:meta])* $name:ident { $($variant:ident = $wire:literal,)* }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
        pub enum $name {
            $(#[serde(rename = $wire)] $variant,)*
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant,)*];

            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $wire,)*
                }
            }

            pub fn parse(s: &str) -> Option<$name> {
                Self::ALL.iter().copied().find(|k| k.as_str() == s.trim())
            }

            fn words() -> String {
                Self::ALL.iter().map(|k| k.as_str()).collect::<Vec<_>>().join(", ")
            }
        }
    };
}

word_enum! {
    /// What went wrong.
    CaseCategory {
        WrongTitle = "wrong_title",
        Damaged = "damaged",
        ShortShipment = "short_shipment",
        Late = "late",
        Price = "price",
        Other = "other",
    }
}

word_enum! {
    CasePriority {
        Low = "low",
        Normal = "normal",
        High = "high",
    }
}

word_enum! {
    CaseStatus {
        Open = "open",
        InProgress = "in_progress",
        Resolved = "resolved",
        Closed = "closed",
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Case {
    #[ts(type = "number")]
    pub id: i64,
    pub customer: String,
    pub customer_name: String,
    /// The order it is about (its number).
    pub order: Option<String>,
    /// The order's line numbers it is about.
    #[ts(type = "number[]")]
    pub lines: Vec<i64>,
    pub category: CaseCategory,
    pub priority: CasePriority,
    pub owner: String,
    pub status: CaseStatus,
    pub summary: String,
    pub resolution: String,
    /// The customer return that gave the credit, when one did.
    pub return_number: Option<String>,
    pub opened_at: String,
    pub first_response_at: Option<String>,
    pub resolved_at: Option<String>,
    pub closed_at: Option<String>,
    pub updated_at: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct CaseInput {
    pub customer: String,
    /// The order's number; blank: about no one order.
    pub order: String,
    /// Line numbers on that order.
    #[ts(type = "number[]")]
    pub lines: Vec<i64>,
    /// `wrong_title`, `damaged`, `short_shipment`, `late`, `price`, `other`.
    pub category: String,
    /// `low`, `normal`, `high`; blank: normal.
    pub priority: String,
    pub owner: String,
    pub summary: String,
}

/// A change to a case: each blank field is left as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct CaseUpdate {
    /// `open`, `in_progress`, `resolved`, `closed`.
    pub status: String,
    pub resolution: String,
    pub priority: String,
    pub owner: String,
    /// The customer return (its number) that gave the credit.
    pub return_number: String,
    /// Asked when the case closes: CSAT 1–5; blank: not asked.
    pub csat: String,
}

fn bad_word(code: Code, field: &str, input: &str, words: String) -> FolioError {
    FolioError::invalid(
        code,
        field,
        format!("{field} {} is not one of {words}", quote(input)),
    )
}

fn category(input: &str) -> Result<CaseCategory> {
    CaseCategory::parse(input).ok_or_else(|| {
        bad_word(
            Code::CaseCategoryInvalid,
            "category",
            input,
            CaseCategory::words(),
        )
    })
}

fn priority(input: &str) -> Result<CasePriority> {
    CasePriority::parse(input).ok_or_else(|| {
        bad_word(
            Code::CasePriorityInvalid,
            "priority",
            input,
            CasePriority::words(),
        )
    })
}

/// Opens a case.
pub fn add(store: &mut Store, input: &CaseInput) -> Result<Case> {
    let customer = orders::customer_for(store, &input.customer)?;
    let category = category(&input.category)?;
    let priority = match input.priority.trim() {
        "" => CasePriority::Normal,
        p => priority(p)?,
    };
    let owner = text::line("owner", &input.owner, 100)?;
    let summary = text::note("summary", &input.summary, interactions::SUMMARY_MAX)?;
    if summary.is_empty() {
        return Err(FolioError::invalid(
            Code::SummaryRequired,
            "summary",
            "say what the customer reported",
        ));
    }
    let order_id = interactions::order_id(store, "order", &input.order)?;
    let mut line_ids = Vec::new();
    if let Some(order) = order_id {
        let owner_id: i64 = store.conn().query_row(
            "SELECT customer_id FROM orders WHERE id = ?1",
            [order],
            |r| r.get(0),
        )?;
        if owner_id != customer.id {
            return Err(FolioError::invalid(
                Code::OrderOtherCustomer,
                "order",
                format!("order {} is another customer's", quote(&input.order)),
            ));
        }
        for &line_no in &input.lines {
            let id: Option<i64> = store
                .conn()
                .query_row(
                    "SELECT id FROM order_lines WHERE order_id = ?1 AND line_no = ?2",
                    params![order, line_no],
                    |r| r.get(0),
                )
                .optional()?;
            line_ids.push(id.ok_or_else(|| {
                FolioError::invalid(
                    Code::LineInvalid,
                    "lines",
                    format!("order {} has no line {line_no}", quote(&input.order)),
                )
                .with("line", line_no)
            })?);
        }
    } else if !input.lines.is_empty() {
        return Err(FolioError::invalid(
            Code::LineInvalid,
            "lines",
            "lines are of an order: name the order",
        ));
    }
    let id = store.write("cases.add", "case", |tx| {
        let now = clock::stamp();
        tx.execute(
            "INSERT INTO cases (customer_id, order_id, category, priority, owner, summary,
                 opened_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
            params![
                customer.id,
                order_id,
                category.as_str(),
                priority.as_str(),
                owner,
                summary,
                now
            ],
        )?;
        let id = tx.last_insert_rowid();
        for line in &line_ids {
            tx.execute(
                "INSERT OR IGNORE INTO case_lines (case_id, order_line_id) VALUES (?1, ?2)",
                params![id, line],
            )?;
        }
        Ok((id, Some(id)))
    })?;
    get(store, id)
}

/// Which moves a case may make: forward one or more steps, or back from
/// resolved to in progress (it was not resolved after all). Closed is final.
fn may_move(from: CaseStatus, to: CaseStatus) -> bool {
    use CaseStatus::*;
    match (from, to) {
        (a, b) if a == b => true,
        (Closed, _) => false,
        (Resolved, InProgress) => true,
        (_, Closed) => from == Resolved,
        (a, b) => (b as u8) > (a as u8),
    }
}

/// Changes a case: its status (with its times), resolution, priority, owner,
/// the return that credited it, and a CSAT asked as it closes.
pub fn update(store: &mut Store, id: i64, input: &CaseUpdate) -> Result<Case> {
    let case = get(store, id)?;
    let status = match input.status.trim() {
        "" => case.status,
        s => CaseStatus::parse(s)
            .ok_or_else(|| bad_word(Code::CaseStatusInvalid, "status", s, CaseStatus::words()))?,
    };
    if case.status == CaseStatus::Closed {
        return Err(FolioError::invalid(
            Code::CaseClosed,
            "status",
            format!("case {id} is closed"),
        ));
    }
    if !may_move(case.status, status) {
        return Err(FolioError::invalid(
            Code::CaseStatusInvalid,
            "status",
            format!(
                "case {id} is {}: it cannot go to {} (close it once resolved)",
                case.status.as_str(),
                status.as_str()
            ),
        ));
    }
    let resolution = if input.resolution.trim().is_empty() {
        case.resolution.clone()
    } else {
        text::note("resolution", &input.resolution, interactions::SUMMARY_MAX)?
    };
    if matches!(status, CaseStatus::Resolved | CaseStatus::Closed) && resolution.is_empty() {
        return Err(FolioError::invalid(
            Code::SummaryRequired,
            "resolution",
            "say how it was resolved",
        ));
    }
    let priority = match input.priority.trim() {
        "" => case.priority,
        p => priority(p)?,
    };
    let owner = if input.owner.trim().is_empty() {
        case.owner.clone()
    } else {
        text::line("owner", &input.owner, 100)?
    };
    let return_id: Option<i64> = match input.return_number.trim() {
        "" => None,
        n => {
            let found: Option<(i64, String)> = store
                .conn()
                .query_row(
                    "SELECT r.id, c.code FROM customer_returns r JOIN customers c ON c.id = r.customer_id
                     WHERE r.number = ?1 COLLATE NOCASE",
                    [n],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            match found {
                Some((rid, code)) if code == case.customer => Some(rid),
                Some(_) => {
                    return Err(FolioError::invalid(
                        Code::ReturnUnknown,
                        "return_number",
                        format!("return {} is another customer's", quote(n)),
                    ))
                }
                None => {
                    return Err(FolioError::invalid(
                        Code::ReturnUnknown,
                        "return_number",
                        format!("there is no return {}", quote(n)),
                    ))
                }
            }
        }
    };
    let csat = satisfaction::parse_score("csat", ScoreKind::Csat, &input.csat)?;
    let customer_id = orders::customer_for(store, &case.customer)?.id;
    store.write("cases.update", "case", |tx| {
        let now = clock::stamp();
        tx.execute(
            "UPDATE cases SET status = ?2, resolution = ?3, priority = ?4, owner = ?5,
                 return_id = coalesce(?6, return_id),
                 first_response_at = CASE WHEN ?2 <> 'open' THEN coalesce(first_response_at, ?7)
                     ELSE first_response_at END,
                 resolved_at = CASE WHEN ?2 IN ('resolved', 'closed') THEN coalesce(resolved_at, ?7)
                     ELSE NULL END,
                 closed_at = CASE WHEN ?2 = 'closed' THEN ?7 ELSE NULL END,
                 updated_at = ?7
             WHERE id = ?1",
            params![
                id,
                status.as_str(),
                resolution,
                priority.as_str(),
                owner,
                return_id,
                now
            ],
        )?;
        if let Some(score) = csat {
            satisfaction::insert(tx, customer_id, ScoreKind::Csat, score, "", Some(id), None)?;
        }
        Ok(((), Some(id)))
    })?;
    get(store, id)
}

const SELECT: &str = "SELECT k.id, c.code, c.name,
        (SELECT coalesce(o.number, '#' || o.id) FROM orders o WHERE o.id = k.order_id),
        k.category, k.priority, k.owner, k.status, k.summary, k.resolution,
        (SELECT r.number FROM customer_returns r WHERE r.id = k.return_id),
        k.opened_at, k.first_response_at, k.resolved_at, k.closed_at, k.updated_at,
        (SELECT group_concat(l.line_no) FROM case_lines cl JOIN order_lines l ON l.id = cl.order_line_id
             WHERE cl.case_id = k.id)
     FROM cases k JOIN customers c ON c.id = k.customer_id";

fn row(r: &rusqlite::Row) -> rusqlite::Result<Case> {
    let lines: Option<String> = r.get(16)?;
    let mut lines: Vec<i64> = lines
        .unwrap_or_default()
        .split(',')
        .filter_map(|s| s.parse().ok())
        .collect();
    lines.sort_unstable();
    Ok(Case {
        id: r.get(0)?,
        customer: r.get(1)?,
        customer_name: r.get(2)?,
        order: r.get(3)?,
        lines,
        category: CaseCategory::parse(&r.get::<_, String>(4)?).unwrap_or(CaseCategory::Other),
        priority: CasePriority::parse(&r.get::<_, String>(5)?).unwrap_or(CasePriority::Normal),
        owner: r.get(6)?,
        status: CaseStatus::parse(&r.get::<_, String>(7)?).unwrap_or(CaseStatus::Open),
        summary: r.get(8)?,
        resolution: r.get(9)?,
        return_number: r.get(10)?,
        opened_at: r.get(11)?,
        first_response_at: r.get(12)?,
        resolved_at: r.get(13)?,
        closed_at: r.get(14)?,
        updated_at: r.get(15)?,
    })
}

pub fn get(store: &Store, id: i64) -> Result<Case> {
    store
        .conn()
        .prepare_cached(&format!("{SELECT} WHERE k.id = ?1"))?
        .query_row([id], row)
        .optional()?
        .ok_or_else(|| FolioError::NotFound {
            what: "case",
            key: id.to_string(),
        })
}

/// Cases, newest first: one customer's (blank: everyone's), open ones only or all.
pub fn list(store: &Store, customer: &str, open_only: bool) -> Result<Vec<Case>> {
    let customer_id = match customer.trim() {
        "" => None,
        c => Some(orders::customer_for(store, c)?.id),
    };
    let mut stmt = store.conn().prepare_cached(&format!(
        "{SELECT} WHERE (?1 IS NULL OR k.customer_id = ?1)
             AND (?2 = 0 OR k.status <> 'closed')
         ORDER BY k.id DESC LIMIT 5000"
    ))?;
    let rows = stmt.query_map(params![customer_id, open_only], row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use CaseStatus::*;

    #[test]
    fn moves_a_case_may_make() {
        let cases = [
            (Open, InProgress, true),
            (Open, Resolved, true),
            (Open, Closed, false),
            (InProgress, Resolved, true),
            (InProgress, Open, false),
            (Resolved, InProgress, true),
            (Resolved, Closed, true),
            (Resolved, Open, false),
            (Closed, Open, false),
            (Closed, Resolved, false),
        ];
        for (from, to, ok) in cases {
            assert_eq!(may_move(from, to), ok, "{from:?} -> {to:?}");
        }
    }
}
