//! The call log (联系记录): each phone call, visit, WeChat, email, meeting or
//! note with a customer. Logging one may in the same transaction make its next
//! step a reminder, mark the reminder it was logged from done, record the
//! satisfaction the customer gave, and count as a case's first response.

use chrono::NaiveDateTime;
use rusqlite::{params, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::base::clock;
use crate::base::error::{Code, FolioError, Result};
use crate::base::text::{self, quote};
use crate::crm::reminders::{self, NewReminder, ReminderKind};
use crate::crm::satisfaction::{self, ScoreKind};
use crate::store::Store;
use crate::trade::orders;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum InteractionKind {
    Phone,
    Visit,
    Wechat,
    Email,
    Meeting,
    Note,
}

impl InteractionKind {
    pub const ALL: [InteractionKind; 6] = [
        InteractionKind::Phone,
        InteractionKind::Visit,
        InteractionKind::Wechat,
        InteractionKind::Email,
        InteractionKind::Meeting,
        InteractionKind::Note,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            InteractionKind::Phone => "phone",
            InteractionKind::Visit => "visit",
            InteractionKind::Wechat => "wechat",
            InteractionKind::Email => "email",
            InteractionKind::Meeting => "meeting",
            InteractionKind::Note => "note",
        }
    }

    pub fn parse(s: &str) -> Option<InteractionKind> {
        Self::ALL.into_iter().find(|k| k.as_str() == s.trim())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Interaction {
    #[ts(type = "number")]
    pub id: i64,
    pub customer: String,
    pub customer_name: String,
    pub kind: InteractionKind,
    /// Local, `YYYY-MM-DDTHH:MM`.
    pub happened_at: String,
    pub who: String,
    pub summary: String,
    pub outcome: String,
    pub next_step: String,
    /// The order it was about (its number).
    pub order: Option<String>,
    #[ts(type = "number | null")]
    pub case_id: Option<i64>,
    /// The reminder its next step made.
    #[ts(type = "number | null")]
    pub next_reminder_id: Option<i64>,
    pub created_at: String,
}

/// What the quick-add form or the CLI sends.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct InteractionInput {
    pub customer: String,
    /// `phone`, `visit`, `wechat`, `email`, `meeting`, `note`; blank: `phone`.
    pub kind: String,
    /// `YYYY-MM-DD HH:MM` (or with `T`); blank: now.
    pub happened_at: String,
    pub who: String,
    pub summary: String,
    pub outcome: String,
    pub next_step: String,
    /// A date (and time) for the next step: makes a reminder in the same transaction.
    pub next_date: String,
    /// The next step's reminder type; blank: `call`.
    pub next_kind: String,
    /// The order it was about: its number (`SO-20261123-0001`) or `#id`.
    pub order: String,
    #[ts(type = "number | null")]
    pub case_id: Option<i64>,
    /// Logged from this reminder ("done, and log the call"): it is marked done.
    #[ts(type = "number | null")]
    pub reminder_id: Option<i64>,
    /// Satisfaction given on the call: CSAT 1–5, NPS 0–10; blank: none asked.
    pub csat: String,
    pub nps: String,
}

pub const SUMMARY_MAX: usize = 2000;
pub const LINE_MAX: usize = 200;

/// The order a number names (`SO-…`, or `#12` for a draft); blank is none.
pub(crate) fn order_id(store: &Store, field: &str, number: &str) -> Result<Option<i64>> {
    let n = number.trim();
    if n.is_empty() {
        return Ok(None);
    }
    let id: Option<i64> = match n.strip_prefix('#').map(str::parse::<i64>) {
        Some(Ok(id)) => store
            .conn()
            .query_row("SELECT id FROM orders WHERE id = ?1", [id], |r| r.get(0))
            .optional()?,
        _ => store
            .conn()
            .query_row(
                "SELECT id FROM orders WHERE number = ?1 COLLATE NOCASE",
                [n],
                |r| r.get(0),
            )
            .optional()?,
    };
    id.map(Some).ok_or_else(|| {
        FolioError::invalid(
            Code::OrderUnknown,
            field,
            format!("there is no order {}", quote(n)),
        )
    })
}

/// When it happened, as typed; blank is now. Kept to the minute, local.
pub(crate) fn happened_at(field: &str, input: &str) -> Result<String> {
    let s = input.trim();
    if s.is_empty() {
        return Ok(clock::now()
            .naive_local()
            .format("%Y-%m-%dT%H:%M")
            .to_string());
    }
    let (date, time) = reminders::parse_due(field, s)?;
    Ok(match time {
        Some(t) => format!("{date}T{}", t.format("%H:%M")),
        None => format!("{date}T00:00"),
    })
}

struct Checked {
    customer_id: i64,
    kind: InteractionKind,
    happened_at: String,
    who: String,
    summary: String,
    outcome: String,
    next_step: String,
    next: Option<NewReminder>,
    order_id: Option<i64>,
    case_id: Option<i64>,
    reminder_id: Option<i64>,
    csat: Option<i64>,
    nps: Option<i64>,
}

fn check(store: &Store, input: &InteractionInput) -> Result<Checked> {
    let customer = orders::customer_for(store, &input.customer)?;
    let kind = match input.kind.trim() {
        "" => InteractionKind::Phone,
        k => InteractionKind::parse(k).ok_or_else(|| {
            FolioError::invalid(
                Code::InteractionKindInvalid,
                "kind",
                format!(
                    "type {} is not one of phone, visit, wechat, email, meeting, note",
                    quote(k)
                ),
            )
        })?,
    };
    let happened_at = happened_at("happened_at", &input.happened_at)?;
    let summary = text::note("summary", &input.summary, SUMMARY_MAX)?;
    if summary.is_empty() {
        return Err(FolioError::invalid(
            Code::SummaryRequired,
            "summary",
            "write what was said or done",
        ));
    }
    let who = text::line("who", &input.who, LINE_MAX)?;
    let outcome = text::note("outcome", &input.outcome, SUMMARY_MAX)?;
    let next_step = text::note("next_step", &input.next_step, reminders::NOTE_MAX)?;
    let next = if input.next_date.trim().is_empty() {
        None
    } else {
        let (due, time) = reminders::parse_due("next_date", &input.next_date)?;
        let kind = match input.next_kind.trim() {
            "" => ReminderKind::Call,
            k => ReminderKind::parse(k).ok_or_else(|| {
                FolioError::invalid(
                    Code::ReminderKindInvalid,
                    "next_kind",
                    format!("type {} is not a reminder type", quote(k)),
                )
            })?,
        };
        Some(NewReminder {
            customer_id: Some(customer.id),
            kind,
            due,
            time,
            every: None,
            note: if next_step.is_empty() {
                summary.chars().take(reminders::NOTE_MAX).collect()
            } else {
                next_step.clone()
            },
            interaction_id: None,
        })
    };
    let order_id = order_id(store, "order", &input.order)?;
    if let Some(id) = order_id {
        let owner: i64 =
            store
                .conn()
                .query_row("SELECT customer_id FROM orders WHERE id = ?1", [id], |r| {
                    r.get(0)
                })?;
        if owner != customer.id {
            return Err(FolioError::invalid(
                Code::OrderOtherCustomer,
                "order",
                format!("order {} is another customer's", quote(&input.order)),
            ));
        }
    }
    if let Some(id) = input.case_id {
        let owner: Option<i64> = store
            .conn()
            .query_row("SELECT customer_id FROM cases WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .optional()?;
        if owner != Some(customer.id) {
            return Err(FolioError::invalid(
                Code::CaseUnknown,
                "case_id",
                format!("{} has no case {id}", customer.code),
            ));
        }
    }
    if let Some(id) = input.reminder_id {
        let r = reminders::get(store, id)?;
        if !matches!(
            r.status,
            reminders::ReminderStatus::Open | reminders::ReminderStatus::Snoozed
        ) {
            return Err(FolioError::invalid(
                Code::ReminderNotOpen,
                "reminder_id",
                format!("reminder {id} is {} already", r.status.as_str()),
            ));
        }
    }
    let csat = satisfaction::parse_score("csat", ScoreKind::Csat, &input.csat)?;
    let nps = satisfaction::parse_score("nps", ScoreKind::Nps, &input.nps)?;
    Ok(Checked {
        customer_id: customer.id,
        kind,
        happened_at,
        who,
        summary,
        outcome,
        next_step,
        next,
        order_id,
        case_id: input.case_id,
        reminder_id: input.reminder_id,
        csat,
        nps,
    })
}

/// Logs an interaction, with everything it brings, in one transaction.
pub fn add(store: &mut Store, input: &InteractionInput) -> Result<Interaction> {
    let c = check(store, input)?;
    let id = store.write("interactions.add", "interaction", |tx| {
        let id = insert(tx, &c)?;
        Ok((id, Some(id)))
    })?;
    get(store, id)
}

fn insert(tx: &Transaction, c: &Checked) -> Result<i64> {
    let now = clock::stamp();
    tx.prepare_cached(
        "INSERT INTO interactions (customer_id, kind, happened_at, who, summary, outcome, next_step,
             order_id, case_id, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute(params![
        c.customer_id,
        c.kind.as_str(),
        c.happened_at,
        c.who,
        c.summary,
        c.outcome,
        c.next_step,
        c.order_id,
        c.case_id,
        now,
    ])?;
    let id = tx.last_insert_rowid();
    if let Some(next) = &c.next {
        let next = NewReminder {
            interaction_id: Some(id),
            ..next.clone()
        };
        next.insert(tx)?;
    }
    if let Some(r) = c.reminder_id {
        reminders::done_in(tx, r)?;
    }
    if let Some(case) = c.case_id {
        // A call about a case is its first response, if it had none.
        tx.execute(
            "UPDATE cases SET first_response_at = coalesce(first_response_at, ?2),
                 status = CASE status WHEN 'open' THEN 'in_progress' ELSE status END,
                 updated_at = ?2
             WHERE id = ?1",
            params![case, now],
        )?;
    }
    for (kind, score) in [(ScoreKind::Csat, c.csat), (ScoreKind::Nps, c.nps)] {
        if let Some(score) = score {
            satisfaction::insert(tx, c.customer_id, kind, score, "", c.case_id, Some(id))?;
        }
    }
    Ok(id)
}

const SELECT: &str = "SELECT i.id, c.code, c.name, i.kind, i.happened_at, i.who, i.summary, i.outcome,
        i.next_step, (SELECT coalesce(o.number, '#' || o.id) FROM orders o WHERE o.id = i.order_id),
        i.case_id, (SELECT r.id FROM reminders r WHERE r.interaction_id = i.id ORDER BY r.id LIMIT 1),
        i.created_at
     FROM interactions i JOIN customers c ON c.id = i.customer_id";

fn row(r: &rusqlite::Row) -> rusqlite::Result<Interaction> {
    Ok(Interaction {
        id: r.get(0)?,
        customer: r.get(1)?,
        customer_name: r.get(2)?,
        kind: InteractionKind::parse(&r.get::<_, String>(3)?).unwrap_or(InteractionKind::Note),
        happened_at: r.get(4)?,
        who: r.get(5)?,
        summary: r.get(6)?,
        outcome: r.get(7)?,
        next_step: r.get(8)?,
        order: r.get(9)?,
        case_id: r.get(10)?,
        next_reminder_id: r.get(11)?,
        created_at: r.get(12)?,
    })
}

pub fn get(store: &Store, id: i64) -> Result<Interaction> {
    store
        .conn()
        .prepare_cached(&format!("{SELECT} WHERE i.id = ?1"))?
        .query_row([id], row)
        .optional()?
        .ok_or_else(|| FolioError::NotFound {
            what: "interaction",
            key: id.to_string(),
        })
}

/// A customer's interactions, newest first.
pub fn list(store: &Store, customer: &str, limit: i64) -> Result<Vec<Interaction>> {
    let customer = orders::customer_for(store, customer)?;
    let mut stmt = store.conn().prepare_cached(&format!(
        "{SELECT} WHERE i.customer_id = ?1 ORDER BY i.happened_at DESC, i.id DESC LIMIT ?2"
    ))?;
    let rows = stmt.query_map(params![customer.id, limit.clamp(1, 10_000)], row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// When the customer was last in touch (an interaction), as a local date.
pub fn last_contact(store: &Store, customer_id: i64) -> Result<Option<chrono::NaiveDate>> {
    let at: Option<String> = store
        .conn()
        .prepare_cached("SELECT max(happened_at) FROM interactions WHERE customer_id = ?1")?
        .query_row([customer_id], |r| r.get(0))?;
    Ok(at.and_then(|s| {
        NaiveDateTime::parse_from_str(&s, "%Y-%m-%dT%H:%M")
            .ok()
            .map(|t| t.date())
    }))
}
