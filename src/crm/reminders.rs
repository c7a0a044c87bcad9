//! Reminders: what to do for a customer, and when. Made by hand (a call to
//! return, a payment to collect), by an interaction's next step, or by the
//! rules (`crm::rules`, through [`run`]). Due dates are the PC's local calendar
//! dates, so "today" is today here, never a UTC day; a reminder may also carry
//! a local time. A recurring reminder moves to its next occurrence when done.
//!
//! The buckets on Today (overdue, today, upcoming) are worked out from the
//! effective due date: the snoozed-until date while snoozed, else the due date.

use chrono::{DateTime, Datelike, Duration, FixedOffset, Months, NaiveDate, NaiveTime};
use rusqlite::{params, Transaction};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::base::clock;
use crate::base::error::{Code, FolioError, Result};
use crate::base::fields;
use crate::base::text::{self, quote};
use crate::store::Store;
use crate::trade::orders;

/// What kind of thing is to be done.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ReminderKind {
    Call,
    Visit,
    /// Collect a payment.
    Collect,
    /// Send a catalogue.
    Catalogue,
    /// Care: a birthday, a festival, a thank-you.
    Care,
    Other,
}

impl ReminderKind {
    pub const ALL: [ReminderKind; 6] = [
        ReminderKind::Call,
        ReminderKind::Visit,
        ReminderKind::Collect,
        ReminderKind::Catalogue,
        ReminderKind::Care,
        ReminderKind::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ReminderKind::Call => "call",
            ReminderKind::Visit => "visit",
            ReminderKind::Collect => "collect",
            ReminderKind::Catalogue => "catalogue",
            ReminderKind::Care => "care",
            ReminderKind::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<ReminderKind> {
        Self::ALL.into_iter().find(|k| k.as_str() == s.trim())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ReminderStatus {
    Open,
    Done,
    Snoozed,
    /// Closed by its rule when its condition cleared (or by hand, dismissed).
    Closed,
}

impl ReminderStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ReminderStatus::Open => "open",
            ReminderStatus::Done => "done",
            ReminderStatus::Snoozed => "snoozed",
            ReminderStatus::Closed => "closed",
        }
    }

    fn parse(s: &str) -> ReminderStatus {
        match s {
            "done" => ReminderStatus::Done,
            "snoozed" => ReminderStatus::Snoozed,
            "closed" => ReminderStatus::Closed,
            _ => ReminderStatus::Open,
        }
    }
}

/// Where an open reminder stands against today's local date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Bucket {
    Overdue,
    Today,
    Upcoming,
}

/// Every `n` days, weeks, months or years.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Recurrence {
    pub n: u32,
    pub unit: char,
}

/// The most a recurrence may count (`999d`).
pub const MAX_EVERY: u32 = 999;

impl Recurrence {
    /// `30d`, `2w`, `3m`, `1y` (also `30 days`, `2 weeks`…); blank is none.
    pub fn parse(field: &str, input: &str) -> Result<Option<Recurrence>> {
        let s = input.trim().to_lowercase();
        if s.is_empty() {
            return Ok(None);
        }
        let bad = |why: &str| {
            FolioError::invalid(
                Code::RecurrenceInvalid,
                field,
                format!("repeat {} {why}", quote(input)),
            )
        };
        let digits: String = s.chars().take_while(|c| c.is_ascii_digit()).collect();
        let rest = s[digits.len()..].trim();
        let unit = match rest {
            "d" | "day" | "days" | "天" => 'd',
            "w" | "week" | "weeks" | "周" => 'w',
            "m" | "month" | "months" | "月" | "个月" => 'm',
            "y" | "year" | "years" | "年" => 'y',
            _ => return Err(bad("is not a repeat: write it as 30d, 2w, 3m or 1y")),
        };
        let n: u32 = digits
            .parse()
            .map_err(|_| bad("is not a repeat: write it as 30d, 2w, 3m or 1y"))?;
        if n == 0 || n > MAX_EVERY {
            return Err(bad(&format!(
                "must be every 1 to {MAX_EVERY} days, weeks, months or years"
            ))
            .with("min", 1)
            .with("max", MAX_EVERY));
        }
        Ok(Some(Recurrence { n, unit }))
    }

    pub fn text(self) -> String {
        format!("{}{}", self.n, self.unit)
    }

    /// The occurrence after `from`, keeping `anchor_day` for months and years
    /// (the 31st is each month's last day; 29 February is the 28th in other years).
    pub fn next(self, from: NaiveDate, anchor_day: u32) -> NaiveDate {
        match self.unit {
            'd' => from + Duration::days(self.n as i64),
            'w' => from + Duration::weeks(self.n as i64),
            unit => {
                let months = if unit == 'y' { self.n * 12 } else { self.n };
                let first = NaiveDate::from_ymd_opt(from.year(), from.month(), 1)
                    .expect("the first of a month exists")
                    + Months::new(months);
                let last = last_day_of_month(first);
                first
                    .with_day(anchor_day.clamp(1, last))
                    .expect("a day within the month")
            }
        }
    }
}

fn last_day_of_month(first: NaiveDate) -> u32 {
    let next = first + Months::new(1);
    (next - Duration::days(1)).day()
}

/// A reminder as Today, the customer page and `reminders list --json` see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Reminder {
    #[ts(type = "number")]
    pub id: i64,
    /// The rule that made it (`dormant`, `overdue`, …); `None`: made by hand.
    pub rule: Option<String>,
    /// The customer's code, when it is about one customer.
    pub customer: Option<String>,
    pub customer_name: Option<String>,
    pub kind: ReminderKind,
    /// `YYYY-MM-DD`, or `YYYY-MM-DDTHH:MM` when it has a time.
    pub due: String,
    pub status: ReminderStatus,
    /// While snoozed: when it comes back.
    pub snoozed_until: Option<String>,
    /// Where it stands against today (from `snoozed_until` while snoozed);
    /// `None` once done or closed.
    pub bucket: Option<Bucket>,
    pub note: String,
    /// `30d`, `2w`, `3m`, `1y`; `None`: once.
    pub every: Option<String>,
    /// Other customers it concerns (a festival's or a statement's list), as
    /// `code name`: the first [`NAMES_SHOWN`] of them, by when they were added.
    pub customers: Vec<String>,
    /// How many customers it concerns in all (the list above may stop short).
    #[ts(type = "number")]
    pub customers_total: i64,
    /// The title (ISBN and title) of a stock reminder, the order number of a
    /// backorder's, the case of a follow-up's.
    pub title: Option<String>,
    pub order: Option<String>,
    #[ts(type = "number | null")]
    pub case_id: Option<i64>,
    pub created_at: String,
    pub closed_at: Option<String>,
}

/// One line of a reminder's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ReminderEvent {
    pub at: String,
    /// `created`, `snoozed`, `done`, `next`, `closed`, `reopened`.
    pub event: String,
    pub note: String,
}

/// What the form or the CLI sends to make a reminder by hand.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct ReminderInput {
    /// The customer's code; blank: about no one customer.
    pub customer: String,
    /// `call`, `visit`, `collect`, `catalogue`, `care`, `other`; blank: `call`.
    pub kind: String,
    /// `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM` (also with a space before the time).
    pub due: String,
    /// `30d`, `2w`, `3m`, `1y`; blank: once.
    pub every: String,
    pub note: String,
}

/// The most characters a reminder's note keeps.
pub const NOTE_MAX: usize = 500;

/// A due date and optional time as typed: `2026-11-23`, `2026-11-23T09:30`,
/// `2026-11-23 9:30`.
pub fn parse_due(field: &str, input: &str) -> Result<(NaiveDate, Option<NaiveTime>)> {
    let s = input.trim();
    if s.is_empty() {
        return Err(FolioError::invalid(
            Code::DateInvalid,
            field,
            format!("{field} is required: write it as YYYY-MM-DD"),
        ));
    }
    let (date, time) = match s.split_once(['T', ' ']) {
        Some((d, t)) => (d, Some(t.trim())),
        None => (s, None),
    };
    let date = fields::date(field, date)?;
    let time = match time {
        None | Some("") => None,
        Some(t) => Some(NaiveTime::parse_from_str(t, "%H:%M").map_err(|_| {
            FolioError::invalid(
                Code::TimeInvalid,
                field,
                format!("time {} is not a time of day; write it as HH:MM", quote(t)),
            )
        })?),
    };
    Ok((date, time))
}

fn due_text(date: NaiveDate, time: Option<NaiveTime>) -> String {
    match time {
        Some(t) => format!("{date}T{}", t.format("%H:%M")),
        None => date.to_string(),
    }
}

fn kind_of(field: &str, s: &str) -> Result<ReminderKind> {
    if s.trim().is_empty() {
        return Ok(ReminderKind::Call);
    }
    ReminderKind::parse(s).ok_or_else(|| {
        FolioError::invalid(
            Code::ReminderKindInvalid,
            field,
            format!(
                "type {} is not one of call, visit, collect, catalogue, care, other",
                quote(s)
            ),
        )
    })
}

/// The customer's id for a code; blank is none.
fn customer_id(store: &Store, code: &str) -> Result<Option<i64>> {
    if code.trim().is_empty() {
        return Ok(None);
    }
    Ok(Some(orders::customer_for(store, code)?.id))
}

/// Writes a history line (inside the caller's transaction).
pub(crate) fn event(tx: &Transaction, id: i64, what: &str, note: &str) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO reminder_events (reminder_id, at, event, note) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![id, clock::stamp(), what, note])?;
    Ok(())
}

/// A reminder checked and ready to insert, by hand or by an interaction's next step.
#[derive(Debug, Clone)]
pub(crate) struct NewReminder {
    pub customer_id: Option<i64>,
    pub kind: ReminderKind,
    pub due: NaiveDate,
    pub time: Option<NaiveTime>,
    pub every: Option<Recurrence>,
    pub note: String,
    pub interaction_id: Option<i64>,
}

impl NewReminder {
    pub(crate) fn check(store: &Store, input: &ReminderInput) -> Result<NewReminder> {
        let customer_id = customer_id(store, &input.customer)?;
        let kind = kind_of("kind", &input.kind)?;
        let (due, time) = parse_due("due", &input.due)?;
        let every = Recurrence::parse("every", &input.every)?;
        let note = text::note("note", &input.note, NOTE_MAX)?;
        Ok(NewReminder {
            customer_id,
            kind,
            due,
            time,
            every,
            note,
            interaction_id: None,
        })
    }

    pub(crate) fn insert(&self, tx: &Transaction) -> Result<i64> {
        let now = clock::stamp();
        tx.prepare_cached(
            "INSERT INTO reminders (customer_id, kind, due_date, due_time, note, every_n, every_unit,
                 anchor_day, interaction_id, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)",
        )?
        .execute(params![
            self.customer_id,
            self.kind.as_str(),
            self.due.to_string(),
            self.time.map(|t| t.format("%H:%M").to_string()),
            self.note,
            self.every.map(|e| e.n),
            self.every.map(|e| e.unit.to_string()),
            self.every.map(|_| self.due.day()),
            self.interaction_id,
            now,
        ])?;
        let id = tx.last_insert_rowid();
        event(tx, id, "created", "")?;
        Ok(id)
    }
}

/// Makes a reminder by hand.
pub fn add(store: &mut Store, input: &ReminderInput) -> Result<Reminder> {
    let new = NewReminder::check(store, input)?;
    let id = store.write("reminders.add", "reminder", |tx| {
        let id = new.insert(tx)?;
        Ok((id, Some(id)))
    })?;
    get(store, id)
}

const SELECT: &str =
    "SELECT r.id, r.rule, c.code, c.name, r.kind, r.due_date, r.due_time, r.status,
        r.snoozed_until, r.note, r.every_n, r.every_unit, r.case_id, r.created_at, r.closed_at,
        (SELECT t.isbn || ' ' || t.title FROM titles t WHERE t.id = r.title_id),
        (SELECT coalesce(o.number, '#' || o.id) FROM orders o WHERE o.id = r.order_id),
        (SELECT count(*) FROM reminder_customers rc WHERE rc.reminder_id = r.id)
     FROM reminders r LEFT JOIN customers c ON c.id = r.customer_id";

/// The most customers a reminder read back names. A month-end statement's
/// reminder on a large file names tens of thousands of customers on account:
/// a screen or a notification shows a few and the count, and reading every
/// name for each reminder on Today would cost more than the rest of Today.
pub const NAMES_SHOWN: i64 = 50;

/// The reminders `{SELECT} {tail}` finds, in its order, each with the customers
/// it names (up to [`NAMES_SHOWN`], in the order the customer ids run, which
/// an index gives without sorting) and their count. Only a festival's or a
/// statement's reminder names any, so those are looked up one by one and the
/// rest cost nothing more; every reader of reminders (the rules' too) goes
/// through here, so all read them alike.
pub(crate) fn read(
    conn: &rusqlite::Connection,
    tail: &str,
    params: impl rusqlite::Params,
    today: NaiveDate,
) -> Result<Vec<Reminder>> {
    let mut stmt = conn.prepare_cached(&format!("{SELECT} {tail}"))?;
    let rows = stmt
        .query_map(params, |r| {
            let mut reminder = row(r, today)?;
            reminder.customers_total = r.get(17)?;
            Ok(reminder)
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    drop(stmt);
    let mut named = conn.prepare_cached(&format!(
        "SELECT c.code || ' ' || c.name FROM reminder_customers rc
         JOIN customers c ON c.id = rc.customer_id WHERE rc.reminder_id = ?1
         ORDER BY rc.customer_id LIMIT {NAMES_SHOWN}"
    ))?;
    rows.into_iter()
        .map(|mut r| {
            if r.customers_total > 0 {
                r.customers = named
                    .query_map([r.id], |row| row.get(0))?
                    .collect::<rusqlite::Result<_>>()?;
            }
            Ok(r)
        })
        .collect()
}

fn row(r: &rusqlite::Row, today: NaiveDate) -> rusqlite::Result<Reminder> {
    let status = ReminderStatus::parse(&r.get::<_, String>(7)?);
    let due_date: String = r.get(5)?;
    let due_time: Option<String> = r.get(6)?;
    let snoozed_until: Option<String> = r.get(8)?;
    let every_n: Option<u32> = r.get(10)?;
    let every_unit: Option<String> = r.get(11)?;
    let effective = snoozed_until.clone().unwrap_or_else(|| due_date.clone());
    let bucket = match status {
        ReminderStatus::Open | ReminderStatus::Snoozed => Some(bucket_of(&effective, today)),
        _ => None,
    };
    Ok(Reminder {
        id: r.get(0)?,
        rule: r.get(1)?,
        customer: r.get(2)?,
        customer_name: r.get(3)?,
        kind: ReminderKind::parse(&r.get::<_, String>(4)?).unwrap_or(ReminderKind::Other),
        due: match due_time {
            Some(t) => format!("{due_date}T{t}"),
            None => due_date,
        },
        status,
        snoozed_until,
        bucket,
        note: r.get(9)?,
        every: every_n.zip(every_unit).map(|(n, u)| format!("{n}{u}")),
        customers: Vec::new(),
        customers_total: 0,
        case_id: r.get(12)?,
        created_at: r.get(13)?,
        closed_at: r.get(14)?,
        title: r.get(15)?,
        order: r.get(16)?,
    })
}

/// Overdue before today's date, today on it, upcoming after; `due` is a date
/// or a date and time, and only its date counts.
pub fn bucket_of(due: &str, today: NaiveDate) -> Bucket {
    let day = due.get(..10).unwrap_or(due);
    let today = today.to_string();
    match day.cmp(today.as_str()) {
        std::cmp::Ordering::Less => Bucket::Overdue,
        std::cmp::Ordering::Equal => Bucket::Today,
        std::cmp::Ordering::Greater => Bucket::Upcoming,
    }
}

pub fn get(store: &Store, id: i64) -> Result<Reminder> {
    read(store.conn(), "WHERE r.id = ?1", [id], clock::today())?
        .pop()
        .ok_or_else(|| FolioError::NotFound {
            what: "reminder",
            key: id.to_string(),
        })
}

pub fn history(store: &Store, id: i64) -> Result<Vec<ReminderEvent>> {
    get(store, id)?;
    let mut stmt = store.conn().prepare_cached(
        "SELECT at, event, note FROM reminder_events WHERE reminder_id = ?1 ORDER BY id",
    )?;
    let rows = stmt.query_map([id], |r| {
        Ok(ReminderEvent {
            at: r.get(0)?,
            event: r.get(1)?,
            note: r.get(2)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Which reminders a list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum DueFilter {
    Overdue,
    Today,
    Upcoming,
    /// Every open and snoozed one.
    Open,
    /// Every one, done and closed too.
    All,
}

impl DueFilter {
    pub fn parse(s: &str) -> Option<DueFilter> {
        match s.trim() {
            "overdue" => Some(DueFilter::Overdue),
            "today" => Some(DueFilter::Today),
            "upcoming" => Some(DueFilter::Upcoming),
            "open" => Some(DueFilter::Open),
            "all" => Some(DueFilter::All),
            _ => None,
        }
    }
}

/// The most reminders one list returns.
pub const LIST_CAP: i64 = 5000;

/// When an open reminder is due, as text that sorts in time order: its snooze
/// if snoozed, else its due date with `T` and its time when it has one
/// (`2026-11-23` sorts before `2026-11-23T09:00`, which sorts before
/// `2026-11-24`). The index `reminders_open_when` (schema 11) is on this very
/// expression for open and snoozed reminders, so Today and the lists read the
/// first rows in order instead of sorting every open reminder.
const WHEN: &str = "coalesce(r.snoozed_until, r.due_date || coalesce('T' || r.due_time, ''))";

/// The condition the index `reminders_open_when` is made for; a query must say
/// it in these words for SQLite to use that index.
const OPEN: &str = "r.status IN ('open', 'snoozed')";

/// Reminders in due order (effective due date, then time), for one customer or all.
pub fn list(store: &Store, due: DueFilter, customer: &str) -> Result<Vec<Reminder>> {
    let customer_id = customer_id(store, customer)?;
    let today = clock::today();
    let tomorrow = (today + Duration::days(1)).to_string();
    let when = match due {
        DueFilter::Overdue => format!("{OPEN} AND {WHEN} < ?1 AND ?3 IS NOT NULL"),
        DueFilter::Today => format!("{OPEN} AND {WHEN} >= ?1 AND {WHEN} < ?3"),
        DueFilter::Upcoming => format!("{OPEN} AND {WHEN} >= ?3 AND ?1 IS NOT NULL"),
        DueFilter::Open => format!("{OPEN} AND ?1 IS NOT NULL AND ?3 IS NOT NULL"),
        DueFilter::All => "?1 IS NOT NULL AND ?3 IS NOT NULL".to_string(),
    };
    read(
        store.conn(),
        &format!(
            "WHERE {when} AND (?2 IS NULL OR r.customer_id = ?2)
             ORDER BY {WHEN}, r.id LIMIT {LIST_CAP}"
        ),
        params![today.to_string(), customer_id, tomorrow],
        today,
    )
}

fn open_one(store: &Store, id: i64) -> Result<Reminder> {
    let r = get(store, id)?;
    if !matches!(r.status, ReminderStatus::Open | ReminderStatus::Snoozed) {
        return Err(FolioError::invalid(
            Code::ReminderNotOpen,
            "status",
            format!("reminder {id} is {} already", r.status.as_str()),
        ));
    }
    Ok(r)
}

/// What "done" may also do: schedule the next one (for a reminder that does not
/// repeat by itself) in the same step.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct DoneInput {
    /// Blank: nothing next (a recurring reminder moves to its next occurrence anyway).
    pub next_due: String,
    pub next_note: String,
}

/// Marks a reminder done. A recurring one moves to its next occurrence after
/// today instead (its history says so); `next_due` makes a new one as well.
pub fn done(store: &mut Store, id: i64, input: &DoneInput) -> Result<Reminder> {
    let r = open_one(store, id)?;
    let next = if input.next_due.trim().is_empty() {
        None
    } else {
        let (due, time) = parse_due("next_due", &input.next_due)?;
        let note = text::note("next_note", &input.next_note, NOTE_MAX)?;
        Some((due, time, note))
    };
    let kind = r.kind;
    let follow = store.write("reminders.done", "reminder", |tx| {
        let follow = done_in(tx, id)?;
        let made = match &next {
            Some((due, time, note)) => {
                let customer_id: Option<i64> = tx.query_row(
                    "SELECT customer_id FROM reminders WHERE id = ?1",
                    [id],
                    |r| r.get(0),
                )?;
                let new = NewReminder {
                    customer_id,
                    kind,
                    due: *due,
                    time: *time,
                    every: None,
                    note: note.clone(),
                    interaction_id: None,
                };
                Some(new.insert(tx)?)
            }
            None => None,
        };
        Ok((made.unwrap_or(follow), Some(id)))
    })?;
    get(store, follow)
}

/// Done inside a transaction (also used when an interaction is logged from a
/// reminder): a recurring reminder moves on, any other is done. Returns its id.
pub(crate) fn done_in(tx: &Transaction, id: i64) -> Result<i64> {
    let (status, due_date, every_n, every_unit, anchor): (
        String,
        String,
        Option<u32>,
        Option<String>,
        Option<u32>,
    ) = tx.query_row(
        "SELECT status, due_date, every_n, every_unit, anchor_day FROM reminders WHERE id = ?1",
        [id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
    )?;
    if status != "open" && status != "snoozed" {
        return Err(FolioError::invalid(
            Code::ReminderNotOpen,
            "status",
            format!("reminder {id} is {status} already"),
        ));
    }
    let now = clock::stamp();
    let recurrence = every_n
        .zip(every_unit)
        .and_then(|(n, u)| u.chars().next().map(|unit| Recurrence { n, unit }));
    match recurrence {
        Some(every) => {
            let today = clock::today();
            let mut due = NaiveDate::parse_from_str(&due_date, "%Y-%m-%d").unwrap_or(today);
            let anchor = anchor.unwrap_or(due.day());
            // Missed occurrences are skipped: done late, the next is the first after today.
            loop {
                due = every.next(due, anchor);
                if due > today {
                    break;
                }
            }
            tx.execute(
                "UPDATE reminders SET due_date = ?2, status = 'open', snoozed_until = NULL,
                     notified_at = NULL, updated_at = ?3 WHERE id = ?1",
                params![id, due.to_string(), now],
            )?;
            event(tx, id, "done", "")?;
            event(tx, id, "next", &due.to_string())?;
        }
        None => {
            tx.execute(
                "UPDATE reminders SET status = 'done', closed_at = ?2, updated_at = ?2 WHERE id = ?1",
                params![id, now],
            )?;
            event(tx, id, "done", "")?;
        }
    }
    Ok(id)
}

/// Closes a reminder without doing it (dismissed by hand).
pub fn dismiss(store: &mut Store, id: i64) -> Result<Reminder> {
    open_one(store, id)?;
    store.write("reminders.dismiss", "reminder", |tx| {
        let now = clock::stamp();
        tx.execute(
            "UPDATE reminders SET status = 'closed', closed_at = ?2, updated_at = ?2 WHERE id = ?1",
            params![id, now],
        )?;
        event(tx, id, "closed", "dismissed")?;
        Ok(((), Some(id)))
    })?;
    get(store, id)
}

/// When a snooze ends: `later_today` (three hours from now, or this evening),
/// `tomorrow`, `next_week` (Monday), or a date / date and time.
pub fn snooze_until(field: &str, input: &str, now: DateTime<FixedOffset>) -> Result<String> {
    let today = now.date_naive();
    Ok(match input.trim() {
        "later_today" => {
            let later = now.naive_local() + Duration::hours(3);
            if later.date() == today {
                format!("{today}T{}", later.format("%H:%M"))
            } else {
                format!("{today}T23:59")
            }
        }
        "tomorrow" => (today + Duration::days(1)).to_string(),
        "next_week" => {
            let ahead = 7 - today.weekday().num_days_from_monday() as i64;
            (today + Duration::days(ahead)).to_string()
        }
        other => {
            let (date, time) = parse_due(field, other)?;
            if date < today {
                return Err(FolioError::invalid(
                    Code::DateInvalid,
                    field,
                    format!("{field} {} is in the past", quote(other)),
                ));
            }
            due_text(date, time)
        }
    })
}

/// Puts a reminder off until `until` (see [`snooze_until`]).
pub fn snooze(store: &mut Store, id: i64, until: &str) -> Result<Reminder> {
    open_one(store, id)?;
    let until = snooze_until("until", until, clock::now())?;
    store.write("reminders.snooze", "reminder", |tx| {
        tx.execute(
            "UPDATE reminders SET status = 'snoozed', snoozed_until = ?2, notified_at = NULL,
                 updated_at = ?3 WHERE id = ?1",
            params![id, until, clock::stamp()],
        )?;
        event(tx, id, "snoozed", &until)?;
        Ok(((), Some(id)))
    })?;
    get(store, id)
}

/// Today's screen: what is overdue, what is due today, and the week ahead.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct TodayReminders {
    /// The core's today (`YYYY-MM-DD`, the PC's local date; `FOLIO_NOW` pins it),
    /// which the buckets were made against: the window counts "overdue by N
    /// days" from it, not from its own clock.
    pub date: String,
    pub overdue: Vec<Reminder>,
    pub today: Vec<Reminder>,
    /// Due in the next seven days.
    pub upcoming: Vec<Reminder>,
    /// Every open reminder overdue or due today, however many the lists show.
    #[ts(type = "number")]
    pub due_count: i64,
}

/// The most reminders each of Today's lists shows.
pub const TODAY_CAP: i64 = 200;

/// Open reminders due from `?1` until before `?2`, up to Today's cap: a range
/// of the index on WHEN, read in its order, so the cap stops the read.
fn due_between_sql() -> String {
    format!(
        "WHERE {OPEN} AND {WHEN} >= ?1 AND {WHEN} < ?2
         ORDER BY {WHEN}, r.id LIMIT {TODAY_CAP}"
    )
}

fn due_count_sql() -> String {
    format!("SELECT count(*) FROM reminders r WHERE {OPEN} AND {WHEN} < ?1")
}

pub fn today(store: &Store) -> Result<TodayReminders> {
    let today = clock::today();
    let day = |n| (today + Duration::days(n)).to_string();
    let fetch = |from: &str, until: &str| {
        read(
            store.conn(),
            &due_between_sql(),
            params![from, until],
            today,
        )
    };
    // The empty string sorts before every date: overdue is everything before today.
    let overdue = fetch("", &day(0))?;
    let due_today = fetch(&day(0), &day(1))?;
    let upcoming = fetch(&day(1), &day(8))?;
    let due_count = due_count(store)?;
    Ok(TodayReminders {
        date: day(0),
        overdue,
        today: due_today,
        upcoming,
        due_count,
    })
}

/// Reminders that have fallen due by `now` (their date, and their time when
/// they have one) and have not been told of yet, for the desktop notifications.
pub fn due_unnotified(store: &Store, now: DateTime<FixedOffset>) -> Result<Vec<Reminder>> {
    let today = now.date_naive();
    let at = now.naive_local().format("%Y-%m-%dT%H:%M").to_string();
    read(store.conn(), &unnotified_sql(), [at], today)
}

fn unnotified_sql() -> String {
    format!(
        "WHERE {OPEN} AND r.notified_at IS NULL AND {WHEN} <= ?1
         ORDER BY {WHEN}, r.id LIMIT {TODAY_CAP}"
    )
}

/// Notes that the desktop told of these reminders, so it tells once.
pub fn mark_notified(store: &mut Store, ids: &[i64]) -> Result<()> {
    if ids.is_empty() {
        return Ok(());
    }
    store.write("reminders.notified", "reminder", |tx| {
        let now = clock::stamp();
        let mut stmt = tx.prepare_cached("UPDATE reminders SET notified_at = ?2 WHERE id = ?1")?;
        for id in ids {
            stmt.execute(params![id, now])?;
        }
        Ok(((), None))
    })
}

/// Open reminders overdue or due today: the count on the navigation.
pub fn due_count(store: &Store) -> Result<i64> {
    let tomorrow = (clock::today() + Duration::days(1)).to_string();
    Ok(store
        .conn()
        .prepare_cached(&due_count_sql())?
        .query_row([tomorrow], |r| r.get(0))?)
}

/// What fell due while the app was not opened: the reminders whose (effective)
/// due date came after the last day the app was opened and before today.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Away {
    /// The last day the app was opened before today; `None` on the first run
    /// or when it was opened earlier today or yesterday (nothing to catch up).
    pub since: Option<String>,
    pub fell_due: Vec<Reminder>,
}

/// The setting that keeps the last day [`away`] was asked.
const LAST_SEEN: &str = "reminders.last_seen";

/// Says what fell due while the user was away (two days or more, a weekend, a
/// holiday), and notes today as seen, so the same summary is given once.
pub fn away(store: &mut Store) -> Result<Away> {
    let today = clock::today();
    let last: Option<NaiveDate> = store
        .setting(LAST_SEEN)?
        .and_then(|s| NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok());
    if last == Some(today) {
        return Ok(Away {
            since: None,
            fell_due: Vec::new(),
        });
    }
    let fell_due = match last {
        Some(last) if last < today - Duration::days(1) => read(
            store.conn(),
            &format!(
                "WHERE substr({WHEN}, 1, 10) > ?1 AND {WHEN} < ?2
                         AND (r.status IN ('open', 'snoozed') OR r.closed_at >= ?1)
                     ORDER BY {WHEN}, r.id LIMIT {TODAY_CAP}"
            ),
            params![last.to_string(), today.to_string()],
            today,
        )?,
        _ => Vec::new(),
    };
    let since = last
        .filter(|l| *l < today - Duration::days(1))
        .map(|l| l.to_string());
    store.write("reminders.seen", "setting", |tx| {
        tx.execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![LAST_SEEN, today.to_string()],
        )?;
        Ok(((), None))
    })?;
    Ok(Away { since, fell_due })
}

pub use crate::crm::rules::run;

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn recurrence_across_month_ends_and_leap_days() {
        // (every, from, anchor day, next)
        let cases = [
            ("30d", "2026-01-31", 31, "2026-03-02"),
            ("2w", "2026-12-24", 24, "2027-01-07"),
            ("1m", "2026-01-31", 31, "2026-02-28"),
            ("1m", "2026-02-28", 31, "2026-03-31"),
            ("1m", "2028-01-31", 31, "2028-02-29"),
            ("3m", "2026-11-30", 30, "2027-02-28"),
            ("1m", "2026-12-15", 15, "2027-01-15"),
            ("1y", "2028-02-29", 29, "2029-02-28"),
            ("1y", "2031-02-28", 29, "2032-02-29"),
            ("4y", "2024-02-29", 29, "2028-02-29"),
        ];
        for (every, from, anchor, next) in cases {
            let r = Recurrence::parse("every", every).unwrap().unwrap();
            assert_eq!(r.next(d(from), anchor), d(next), "{every} from {from}");
        }
    }

    #[test]
    fn recurrence_text_is_checked() {
        for bad in ["0d", "1000d", "d", "3x", "-1w", "1.5m"] {
            let e = Recurrence::parse("every", bad).unwrap_err();
            assert_eq!(e.code(), Code::RecurrenceInvalid, "{bad}");
            assert_eq!(e.field(), Some("every"));
        }
        assert_eq!(Recurrence::parse("every", "").unwrap(), None);
        assert_eq!(
            Recurrence::parse("every", " 2 weeks ")
                .unwrap()
                .unwrap()
                .text(),
            "2w"
        );
    }

    /// Today's lists and count read a range of the index on WHEN in its order,
    /// so a file with a hundred thousand open reminders is read no further than
    /// each list's cap; a change to WHEN or OPEN that left the index behind
    /// would sort every open reminder again.
    #[test]
    fn today_reads_the_index_in_order() {
        let store = Store::open_in_memory().unwrap();
        let cases = [
            (
                format!("{SELECT} {}", due_between_sql()),
                "reminders_open_when",
            ),
            (due_count_sql(), "reminders_open_when"),
            (
                format!("{SELECT} {}", unnotified_sql()),
                "reminders_unnotified",
            ),
        ];
        for (sql, index) in cases {
            let mut stmt = store
                .conn()
                .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
                .unwrap();
            let blanks = vec![""; stmt.parameter_count()];
            let plan: Vec<String> = stmt
                .query_map(rusqlite::params_from_iter(blanks), |r| r.get(3))
                .unwrap()
                .collect::<rusqlite::Result<_>>()
                .unwrap();
            let plan = plan.join("; ");
            assert!(plan.contains(index), "{index} not used: {plan}");
            assert!(!plan.contains("TEMP B-TREE"), "sorts: {plan}");
        }
    }

    #[test]
    fn today_lists_in_due_order_by_the_local_date() {
        let _pinned =
            clock::pin(DateTime::parse_from_rfc3339("2026-11-23T09:00:00+08:00").unwrap());
        let mut store = Store::open_in_memory().unwrap();
        let add = |store: &mut Store, due: &str| {
            add(
                store,
                &ReminderInput {
                    due: due.into(),
                    note: due.into(),
                    ..Default::default()
                },
            )
            .unwrap()
            .id
        };
        for due in [
            "2026-11-30T08:00",
            "2026-11-23T14:00",
            "2026-11-22T23:59",
            "2026-11-23",
            "2026-12-01",
            "2026-11-24T00:00",
            "2026-11-20",
            "2026-11-23T09:30",
        ] {
            add(&mut store, due);
        }
        let snoozed = add(&mut store, "2026-11-21");
        snooze(&mut store, snoozed, "2026-11-23T10:00").unwrap();
        let notes = |v: &[Reminder]| v.iter().map(|r| r.note.clone()).collect::<Vec<_>>();
        let t = today(&store).unwrap();
        assert_eq!(notes(&t.overdue), ["2026-11-20", "2026-11-22T23:59"]);
        assert_eq!(
            notes(&t.today),
            [
                "2026-11-23",
                "2026-11-23T09:30",
                "2026-11-21",
                "2026-11-23T14:00"
            ]
        );
        assert_eq!(notes(&t.upcoming), ["2026-11-24T00:00", "2026-11-30T08:00"]);
        assert_eq!(t.due_count, 6);
        assert_eq!(due_count(&store).unwrap(), 6);
        let late = DateTime::parse_from_rfc3339("2026-11-23T10:00:00+08:00").unwrap();
        assert_eq!(
            notes(&due_unnotified(&store, late).unwrap()),
            [
                "2026-11-20",
                "2026-11-22T23:59",
                "2026-11-23",
                "2026-11-23T09:30",
                "2026-11-21"
            ]
        );
    }

    /// A reminder naming more customers than a screen shows reads back the
    /// first of them by id and the count of all.
    #[test]
    fn a_long_list_of_customers_is_cut_and_counted() {
        let _pinned =
            clock::pin(DateTime::parse_from_rfc3339("2026-11-23T09:00:00+08:00").unwrap());
        let mut store = Store::open_in_memory().unwrap();
        let id = add(
            &mut store,
            &ReminderInput {
                due: "2026-11-23".into(),
                note: "statements".into(),
                ..Default::default()
            },
        )
        .unwrap()
        .id;
        let n = NAMES_SHOWN + 7;
        for i in 1..=n {
            let c = crate::crm::customers::create(
                &mut store,
                &crate::crm::customers::CustomerInput {
                    name: format!("第{i}书店"),
                    ..Default::default()
                },
            )
            .unwrap();
            store
                .write("test", "reminder", |tx| {
                    tx.execute(
                        "INSERT INTO reminder_customers (reminder_id, customer_id) VALUES (?1, ?2)",
                        [id, c.id],
                    )?;
                    Ok(((), None))
                })
                .unwrap();
        }
        let r = get(&store, id).unwrap();
        assert_eq!(r.customers_total, n);
        assert_eq!(r.customers.len() as i64, NAMES_SHOWN);
        assert_eq!(r.customers[0], "C0001 第1书店");
        let t = today(&store).unwrap();
        assert_eq!(t.today[0].customers_total, n);
        assert_eq!(t.today[0].customers.len() as i64, NAMES_SHOWN);
    }

    #[test]
    fn buckets_go_by_the_local_date() {
        let today = d("2026-11-23");
        let cases = [
            ("2026-11-22", Bucket::Overdue),
            ("2026-11-22T23:59", Bucket::Overdue),
            ("2026-11-23", Bucket::Today),
            ("2026-11-23T00:00", Bucket::Today),
            ("2026-11-23T23:59", Bucket::Today),
            ("2026-11-24T00:00", Bucket::Upcoming),
        ];
        for (due, want) in cases {
            assert_eq!(bucket_of(due, today), want, "{due}");
        }
    }

    #[test]
    fn snooze_choices() {
        let at = |s: &str| DateTime::parse_from_rfc3339(s).unwrap();
        // Monday 23 November 2026
        let now = at("2026-11-23T10:15:00+08:00");
        assert_eq!(
            snooze_until("until", "later_today", now).unwrap(),
            "2026-11-23T13:15"
        );
        assert_eq!(
            snooze_until("until", "tomorrow", now).unwrap(),
            "2026-11-24"
        );
        assert_eq!(
            snooze_until("until", "next_week", now).unwrap(),
            "2026-11-30"
        );
        let late = at("2026-11-23T22:30:00+08:00");
        assert_eq!(
            snooze_until("until", "later_today", late).unwrap(),
            "2026-11-23T23:59"
        );
        assert_eq!(
            snooze_until("until", "2026-12-01 9:05", now).unwrap(),
            "2026-12-01T09:05"
        );
        assert!(snooze_until("until", "2026-11-20", now).is_err());
        assert!(snooze_until("until", "2026-02-30", now).is_err());
    }
}
