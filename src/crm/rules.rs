//! The rules that make reminders by themselves: a customer gone quiet, money
//! overdue or over the limit, a birthday or a festival coming, stock at its
//! reorder point, a backorder whose stock is in, a consignment account not paid
//! for a while, a resolved case to follow up, the month-end statements.
//!
//! [`run`] evaluates every rule that is switched on in one write transaction, so
//! a crash leaves all of its work or none. The rules read the books in a few
//! passes shared between them (the customers through a narrow index, the orders,
//! the receivables ledger; birthdays through their month-and-day indexes), never
//! a query per customer.
//!
//! Every reminder a rule makes carries the rule and a key (`C12`, `T7`, `O40`,
//! `K3`, `spring:2027`, `statement:2026-11`, `C12:main:2026-12-03`). Two kinds of rule:
//!
//! - **Condition rules** (dormant, overdue, over_credit, low_stock, backorder,
//!   settlement, case_follow_up) hold while something is true of the books. The
//!   rule makes one reminder when the condition starts to hold and closes it,
//!   with the reason in its history, when the condition clears. A reminder the
//!   user marked done (or dismissed) while the condition still holds stands for
//!   its key until the condition clears once (`reminders.cleared_at` records
//!   when the rule saw it clear): a customer called about an overdue sum who has
//!   not paid yet is not reminded of again the next morning, but is once they
//!   have paid and fallen overdue again.
//! - **Dated rules** (birthday, festival, statement) have the date in the key,
//!   so a reminder for that date is made once, whatever becomes of it.
//!
//! A rule switched off neither makes nor closes reminders: what it made stays
//! as it is, for the user to do or dismiss. A condition rule's reminder is due
//! the day it is made; a dated one on its day less the lead, never before today.
//!
//! What each rule takes as its condition:
//! - dormant: an active customer with an order (not a draft, not cancelled)
//!   whose latest order or logged contact is more than their threshold ago:
//!   `dormant_factor` times the median gap between their order days (orders on
//!   one day are one visit) once they have three order days, else `dormant_days`.
//! - overdue: the part of the balance past its due date by the payment terms,
//!   as `receivables::aging` has it (credits settle the oldest items first).
//! - over_credit: a balance above a credit limit (a limit of 0: anything owed).
//! - settlement: a sale-or-return or consignment account that owes, with no
//!   payment for `settlement_days` since the last one (never paid: since the
//!   account's first entry, so a new account is not chased on its first day).
//! - statement: customers on account (terms above 0) who owe, this month from
//!   `statement_days` before its last day; last month's still, up to ten days
//!   after it, when no run made it in time. It closes ten days after the month
//!   or once none of the customers it names owes.
//! - birthday: each contact's and the customer's own (skipped when it is the
//!   first contact's, copied), active customers only.
//! - festival: named customers are the active ones who ordered within
//!   `festival_recent_days` (schools alone for Teachers' Day); with none, no
//!   reminder.
//!
//! Money rules (overdue, over_credit, settlement, statement) look at archived
//! customers too: what they owe is still owed. The others look at active ones.
//!
//! Whatever a rule writes is in English (its note, the reason it closed); the
//! UI words the rule itself in the user's language from `rule`.

use std::collections::{HashMap, HashSet};
use std::hash::BuildHasherDefault;

use chrono::{DateTime, Datelike, Duration, FixedOffset, Months, NaiveDate};
use rusqlite::{params, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::base::clock;
use crate::base::error::{Code, FolioError, Result};
use crate::base::money;
use crate::crm::lunar;
use crate::crm::reminders::{self, Reminder, ReminderKind};
use crate::store::Store;
use crate::trade::orders;

/// The key in `settings` the rules' switches and thresholds are kept under, as JSON.
pub const SETTINGS_KEY: &str = "reminder_rules";

/// The rules, as `reminders.rule` names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    Dormant,
    Overdue,
    OverCredit,
    Birthday,
    Festival,
    LowStock,
    Backorder,
    Settlement,
    CaseFollowUp,
    Statement,
}

impl Rule {
    pub const ALL: [Rule; 10] = [
        Rule::Dormant,
        Rule::Overdue,
        Rule::OverCredit,
        Rule::Birthday,
        Rule::Festival,
        Rule::LowStock,
        Rule::Backorder,
        Rule::Settlement,
        Rule::CaseFollowUp,
        Rule::Statement,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Rule::Dormant => "dormant",
            Rule::Overdue => "overdue",
            Rule::OverCredit => "over_credit",
            Rule::Birthday => "birthday",
            Rule::Festival => "festival",
            Rule::LowStock => "low_stock",
            Rule::Backorder => "backorder",
            Rule::Settlement => "settlement",
            Rule::CaseFollowUp => "case_follow_up",
            Rule::Statement => "statement",
        }
    }
}

/// Which rules run, and their thresholds. Kept as JSON under [`SETTINGS_KEY`];
/// a field missing there (a file from before the field) takes its default.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct RuleSettings {
    /// A customer who has ordered before and has gone quiet.
    pub dormant_enabled: bool,
    /// Quiet for longer than this many days, for a customer with fewer than
    /// three order days to judge their own rhythm by.
    #[ts(type = "number")]
    pub dormant_days: i64,
    /// Otherwise quiet for longer than this many times their usual (median)
    /// gap between orders.
    #[ts(type = "number")]
    pub dormant_factor: i64,
    /// Money past its due date by the customer's payment terms.
    pub overdue_enabled: bool,
    /// A balance above the credit limit.
    pub over_credit_enabled: bool,
    /// Contacts' and customers' birthdays, Gregorian or lunar.
    pub birthday_enabled: bool,
    /// How many days ahead a birthday is told of.
    #[ts(type = "number")]
    pub birthday_days: i64,
    /// Spring Festival, Mid-Autumn, Teachers' Day (schools), New Year.
    pub festival_enabled: bool,
    /// How many days ahead a festival is told of.
    #[ts(type = "number")]
    pub festival_days: i64,
    /// A festival names the active customers who ordered within this many days.
    #[ts(type = "number")]
    pub festival_recent_days: i64,
    /// A title at or below its reorder point.
    pub low_stock_enabled: bool,
    /// A backorder whose stock has come in.
    pub backorder_enabled: bool,
    /// A sale-or-return or consignment account owing, with no payment for a while.
    pub settlement_enabled: bool,
    /// No payment for this many days.
    #[ts(type = "number")]
    pub settlement_days: i64,
    /// A case resolved and not yet closed: ask whether the customer is content.
    pub case_follow_up_enabled: bool,
    /// Days after a case was resolved.
    #[ts(type = "number")]
    pub case_follow_up_days: i64,
    /// Month-end statements for customers on account.
    pub statement_enabled: bool,
    /// How many days before the month's last day.
    #[ts(type = "number")]
    pub statement_days: i64,
}

impl Default for RuleSettings {
    fn default() -> Self {
        RuleSettings {
            dormant_enabled: true,
            dormant_days: 60,
            dormant_factor: 2,
            overdue_enabled: true,
            over_credit_enabled: true,
            birthday_enabled: true,
            birthday_days: 3,
            festival_enabled: true,
            festival_days: 7,
            festival_recent_days: 365,
            low_stock_enabled: true,
            backorder_enabled: true,
            settlement_enabled: true,
            settlement_days: 30,
            case_follow_up_enabled: true,
            case_follow_up_days: 2,
            statement_enabled: true,
            statement_days: 3,
        }
    }
}

/// A threshold's name (its field), the range it must be in, and where it is.
type Threshold<'a> = (&'static str, i64, i64, &'a mut i64);

impl RuleSettings {
    /// Every threshold with its range. Leads (how many days ahead) may be 0, the
    /// day itself; they stay under two months (a statement's under one), so that a
    /// window never reaches the same date of the next year. Other counts of days
    /// run from 1 to ten years.
    fn thresholds(&mut self) -> [Threshold<'_>; 8] {
        [
            ("dormant_days", 1, 3650, &mut self.dormant_days),
            ("dormant_factor", 1, 10, &mut self.dormant_factor),
            ("birthday_days", 0, 60, &mut self.birthday_days),
            ("festival_days", 0, 60, &mut self.festival_days),
            (
                "festival_recent_days",
                1,
                3650,
                &mut self.festival_recent_days,
            ),
            ("settlement_days", 1, 3650, &mut self.settlement_days),
            ("case_follow_up_days", 0, 365, &mut self.case_follow_up_days),
            ("statement_days", 0, 27, &mut self.statement_days),
        ]
    }

    /// Refuses the first threshold out of its range, naming it.
    pub fn check(&self) -> Result<()> {
        for (field, min, max, value) in self.clone().thresholds() {
            if !(min..=max).contains(value) {
                return Err(FolioError::invalid(
                    Code::RuleSettingInvalid,
                    field,
                    format!("{field} {value} is out of range: it must be from {min} to {max}"),
                )
                .with("min", min)
                .with("max", max));
            }
        }
        Ok(())
    }
}

/// The rules' settings: the defaults, with what was saved over them. A value
/// out of range (the file edited by hand) takes its default, so the rules never
/// run on a threshold [`set_settings`] would refuse.
pub fn settings(store: &Store) -> Result<RuleSettings> {
    let mut saved = match store.setting(SETTINGS_KEY)? {
        Some(json) => serde_json::from_str::<RuleSettings>(&json).unwrap_or_default(),
        None => RuleSettings::default(),
    };
    let mut defaults = RuleSettings::default();
    for ((_, min, max, value), (_, _, _, default)) in
        saved.thresholds().into_iter().zip(defaults.thresholds())
    {
        if !(min..=max).contains(value) {
            *value = *default;
        }
    }
    Ok(saved)
}

/// Saves the rules' settings, each threshold checked against its range.
pub fn set_settings(store: &mut Store, new: &RuleSettings) -> Result<RuleSettings> {
    new.check()?;
    let json = serde_json::to_string(new).expect("settings serialise");
    store.write("reminders.rules", "setting", |tx| {
        tx.execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![SETTINGS_KEY, json],
        )?;
        Ok(((), None))
    })?;
    settings(store)
}

/// What one run of the rules did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct RunReport {
    /// The reminders it made, in the order it made them.
    pub created: Vec<Reminder>,
    /// The reminders it closed because their condition cleared (or their date
    /// passed); each one's history says why.
    pub closed: Vec<Reminder>,
}

/// Runs every rule that is switched on, as of `now`, in one transaction: makes
/// the reminders whose condition has started to hold and closes those whose
/// condition has cleared. Running it again at once makes and closes nothing.
pub fn run(store: &mut Store, now: DateTime<FixedOffset>) -> Result<RunReport> {
    // Everything written (stamps, the history, the audit row) and the report's
    // buckets go by `now`, whatever the clock says.
    clock::at(now, || {
        let settings = settings(store)?;
        let (created, closed) = store.write("reminders.run", "reminder", |tx| {
            // The backorders' stock test is the orders module's own predicate,
            // read through its function inside the run's transaction.
            let ready = if settings.backorder_enabled {
                orders::backorder_ready_in(tx)?
            } else {
                Vec::new()
            };
            let mut run = Run::new(tx, now.date_naive());
            run.all(&settings, &ready)?;
            Ok(((run.created, run.closed), None))
        })?;
        Ok(RunReport {
            created: made(store, &created)?,
            closed: closed
                .iter()
                .map(|id| reminders::get(store, *id))
                .collect::<Result<_>>()?,
        })
    })
}

/// The reminders a run made, read back in one pass. The run held the write
/// lock while it made them, so their ids are every id from the first to the
/// last: one range, where reading them one by one would cost more than making
/// them on the first run over a large file.
fn made(store: &Store, ids: &[i64]) -> Result<Vec<Reminder>> {
    let (Some(first), Some(last)) = (ids.first(), ids.last()) else {
        return Ok(Vec::new());
    };
    debug_assert_eq!(ids.len() as i64, last - first + 1);
    reminders::read(
        store.conn(),
        "WHERE r.id BETWEEN ?1 AND ?2 ORDER BY r.id",
        [first, last],
        clock::today(),
    )
}

/// A reminder a rule wants to exist.
struct Want {
    customer_id: Option<i64>,
    kind: ReminderKind,
    due: NaiveDate,
    note: String,
    title_id: Option<i64>,
    order_id: Option<i64>,
    case_id: Option<i64>,
    /// The customers it concerns beyond its own (`reminder_customers`).
    customers: Vec<i64>,
}

impl Want {
    fn new(customer_id: Option<i64>, kind: ReminderKind, due: NaiveDate, note: String) -> Want {
        Want {
            customer_id,
            kind,
            due,
            // Notes are short by construction; the cap is the one a note typed by hand has.
            note: note.chars().take(reminders::NOTE_MAX).collect(),
            title_id: None,
            order_id: None,
            case_id: None,
            customers: Vec::new(),
        }
    }
}

/// Hashes ids (integers that are spread already) with one multiplication, and
/// the rules' short keys (`C12`) a byte at a time. The rules keep maps over
/// every customer, and the default hasher, which guards maps keyed by what
/// outsiders type, costs more there than reading the rows. Nothing a user types
/// is a key here.
#[derive(Default, Clone, Copy)]
struct IdHasher(u64);

impl std::hash::Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(*b)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }

    fn write_i64(&mut self, n: i64) {
        self.0 = (n as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

/// A map by customer (or other) id.
type Ids<T> = HashMap<i64, T, BuildHasherDefault<IdHasher>>;
type IdSet = HashSet<i64, BuildHasherDefault<IdHasher>>;
/// The ids whose condition holds, each with what its reminder is made of.
type Firing<T> = Vec<(i64, T)>;
/// A map by reminder key.
type Keys<T> = HashMap<String, T, BuildHasherDefault<IdHasher>>;

/// A day as a number (days from the common era), for dates read by the
/// hundred thousand: cheaper to compare and subtract than text or dates.
type Day = i32;

fn day_of(s: &str) -> Option<Day> {
    let b = s.as_bytes();
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        b[r].iter().try_fold(0u32, |n, c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    NaiveDate::from_ymd_opt(num(0..4)? as i32, num(5..7)?, num(8..10)?)
        .map(|d| d.num_days_from_ce())
}

fn date_of(day: Day) -> NaiveDate {
    NaiveDate::from_num_days_from_ce_opt(day).unwrap_or_default()
}

fn date(s: &str) -> Option<NaiveDate> {
    day_of(s).map(date_of)
}

/// What the money rules need of a customer, from one pass over the table.
struct Customer {
    credit_limit: Option<i64>,
    /// How their account is settled, in words, when it is not a firm sale.
    consignment: Option<&'static str>,
    terms_days: i64,
}

/// A customer with no credit limit, on a firm sale, due at once: what one not
/// read by [`load_customers`] is.
const PLAIN: Customer = Customer {
    credit_limit: None,
    consignment: None,
    terms_days: 0,
};

/// What one active customer's orders (not drafts, not cancelled) say, for the
/// dormant and festival rules.
struct Buyer {
    last_order: Day,
    /// Distinct days they ordered on.
    order_days: usize,
    /// The median gap in days between consecutive order days (of two middle
    /// gaps, their mean rounded down); `None` with fewer than two gaps.
    median_gap: Option<i64>,
}

/// A customer's receivables, in one pass over the ledger. Only customers who
/// owe (a balance above zero) are kept.
struct Account {
    balance: i64,
    /// What is past its due date and not yet settled (see [`load_accounts`]).
    overdue: i64,
    last_paid: Option<Day>,
    /// The account's first entry.
    opened: Day,
}

struct Run<'t> {
    tx: &'t Transaction<'t>,
    today: NaiveDate,
    created: Vec<i64>,
    closed: Vec<i64>,
    customers: Option<Ids<Customer>>,
    buyers: Option<Ids<Buyer>>,
    accounts: Option<Ids<Account>>,
    schools: Option<IdSet>,
}

impl<'t> Run<'t> {
    fn new(tx: &'t Transaction<'t>, today: NaiveDate) -> Run<'t> {
        Run {
            tx,
            today,
            created: Vec::new(),
            closed: Vec::new(),
            customers: None,
            buyers: None,
            accounts: None,
            schools: None,
        }
    }

    fn all(&mut self, s: &RuleSettings, ready: &[orders::ReadyBackorder]) -> Result<()> {
        if s.dormant_enabled {
            self.dormant(s)?;
        }
        if s.overdue_enabled {
            self.overdue()?;
        }
        if s.over_credit_enabled {
            self.over_credit()?;
        }
        if s.birthday_enabled {
            self.birthday(s)?;
        }
        if s.festival_enabled {
            self.festival(s)?;
        }
        if s.low_stock_enabled {
            self.low_stock()?;
        }
        if s.backorder_enabled {
            self.backorder(ready)?;
        }
        if s.settlement_enabled {
            self.settlement(s)?;
        }
        if s.case_follow_up_enabled {
            self.case_follow_up(s)?;
        }
        if s.statement_enabled {
            self.statement(s)?;
        }
        Ok(())
    }

    // -----------------------------------------------------------------------
    // What the rules read, once per run, each in one pass over its table

    fn load_buyers(&mut self) -> Result<()> {
        if self.buyers.is_none() {
            self.buyers = Some(load_buyers(self.tx)?);
        }
        Ok(())
    }

    fn load_accounts(&mut self) -> Result<()> {
        if self.customers.is_none() {
            self.customers = Some(load_customers(self.tx)?);
        }
        if self.accounts.is_none() {
            self.accounts = Some(load_accounts(self.tx, self.today)?);
        }
        Ok(())
    }

    /// The active schools, for Teachers' Day.
    fn load_schools(&mut self) -> Result<()> {
        if self.schools.is_none() {
            let mut stmt = self.tx.prepare_cached(
                "SELECT id FROM customers WHERE status = 'active' AND kind = 'school'",
            )?;
            let ids = stmt.query_map([], |r| r.get(0))?;
            self.schools = Some(ids.collect::<rusqlite::Result<_>>()?);
        }
        Ok(())
    }

    /// Every customer who owes, with what the rules need of them, by id.
    fn owing(&mut self) -> Result<Vec<(i64, &Account, &Customer)>> {
        self.load_accounts()?;
        let (accounts, customers) = (
            self.accounts.as_ref().expect("loaded above"),
            self.customers.as_ref().expect("loaded above"),
        );
        let mut out: Vec<(i64, &Account, &Customer)> = accounts
            .iter()
            .map(|(id, a)| (*id, a, customers.get(id).unwrap_or(&PLAIN)))
            .collect();
        out.sort_unstable_by_key(|(id, _, _)| *id);
        Ok(out)
    }

    // -----------------------------------------------------------------------
    // Making, closing and remembering

    /// The open (or snoozed) reminders of a condition rule, by the id in
    /// their key (`C12`: 12).
    fn open_ids(&self, rule: Rule) -> Result<Ids<i64>> {
        let mut out = Ids::default();
        for (key, id) in self.open(rule)? {
            if let Some(of) = id_in(&key) {
                out.insert(of, id);
            }
        }
        Ok(out)
    }

    /// The open (or snoozed) reminders of `rule`, by key. (Here and below,
    /// `rule IS NOT NULL` repeats the partial indexes' own condition, so that
    /// SQLite sees it may read them.)
    fn open(&self, rule: Rule) -> Result<Keys<i64>> {
        let mut stmt = self.tx.prepare_cached(
            "SELECT rule_key, id FROM reminders
             WHERE rule = ?1 AND rule IS NOT NULL AND status IN ('open', 'snoozed')",
        )?;
        let rows = stmt.query_map([rule.as_str()], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The done or dismissed reminders of a condition rule that still stand for
    /// their key (the rule has not seen the condition clear since), by the id
    /// in their key.
    fn held(&self, rule: Rule) -> Result<Ids<Vec<i64>>> {
        let mut stmt = self.tx.prepare_cached(
            "SELECT rule_key, id FROM reminders
             WHERE rule = ?1 AND rule IS NOT NULL AND status IN ('done', 'closed')
                 AND cleared_at IS NULL",
        )?;
        let mut held: Ids<Vec<i64>> = Ids::default();
        for row in stmt.query_map([rule.as_str()], |r| Ok((r.get::<_, String>(0)?, r.get(1)?)))? {
            let (key, id) = row?;
            if let Some(of) = id_in(&key) {
                held.entry(of).or_default().push(id);
            }
        }
        Ok(held)
    }

    /// Whether any reminder stands for `key`: open, or done or dismissed.
    fn stands(&self, rule: Rule, key: &str) -> Result<bool> {
        Ok(self
            .tx
            .prepare_cached(
                "SELECT EXISTS (SELECT 1 FROM reminders WHERE rule = ?1 AND rule IS NOT NULL
                     AND rule_key = ?2 AND status IN ('open', 'snoozed'))
                 OR EXISTS (SELECT 1 FROM reminders WHERE rule = ?1 AND rule IS NOT NULL
                     AND rule_key = ?2 AND status IN ('done', 'closed') AND cleared_at IS NULL)",
            )?
            .query_row(params![rule.as_str(), key], |r| r.get(0))?)
    }

    fn create(&mut self, rule: Rule, key: &str, w: &Want) -> Result<()> {
        let now = clock::stamp();
        // The partial unique index on (rule, rule_key) of open reminders has the
        // last word: a second open one for the same key is never written.
        let made = self
            .tx
            .prepare_cached(
                "INSERT INTO reminders (customer_id, kind, due_date, note, rule, rule_key,
                     title_id, order_id, case_id, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)
                 ON CONFLICT DO NOTHING",
            )?
            .execute(params![
                w.customer_id,
                w.kind.as_str(),
                w.due.to_string(),
                w.note,
                rule.as_str(),
                key,
                w.title_id,
                w.order_id,
                w.case_id,
                now,
            ])?;
        if made == 0 {
            return Ok(());
        }
        let id = self.tx.last_insert_rowid();
        reminders::event(self.tx, id, "created", "")?;
        let mut named = self.tx.prepare_cached(
            "INSERT INTO reminder_customers (reminder_id, customer_id) VALUES (?1, ?2)
             ON CONFLICT DO NOTHING",
        )?;
        for c in &w.customers {
            named.execute(params![id, c])?;
        }
        self.created.push(id);
        Ok(())
    }

    /// Closes an open reminder, saying why. `cleared`: the rule's condition
    /// cleared, so a later episode may make a new one.
    fn close(&mut self, id: i64, why: &str, cleared: bool) -> Result<()> {
        let now = clock::stamp();
        self.tx
            .prepare_cached(
                "UPDATE reminders SET status = 'closed', closed_at = ?2, updated_at = ?2,
                     cleared_at = CASE WHEN ?3 THEN ?2 END
                 WHERE id = ?1",
            )?
            .execute(params![id, now, cleared])?;
        reminders::event(self.tx, id, "closed", why)?;
        self.closed.push(id);
        Ok(())
    }

    /// A condition rule's step. `firing` is every customer, title, order or
    /// case (by id) whose condition holds now, in the order to make them, with
    /// what `make` makes its reminder of (only for those made: most of a large
    /// firing set is open already); its key is `prefix` and the id. `why` says,
    /// for an open one no longer firing (by the id in its key and its own id),
    /// why its condition cleared.
    fn condition<T>(
        &mut self,
        rule: Rule,
        prefix: char,
        firing: Firing<T>,
        make: impl Fn(&T) -> Want,
        why: impl Fn(&Transaction, i64, i64) -> Result<String>,
    ) -> Result<()> {
        let open = self.open_ids(rule)?;
        let held = self.held(rule)?;
        let ids: IdSet = firing.iter().map(|(id, _)| *id).collect();
        let mut closing: Vec<(i64, i64)> = open
            .iter()
            .filter(|(of, _)| !ids.contains(of))
            .map(|(of, id)| (*of, *id))
            .collect();
        closing.sort_unstable_by_key(|(_, id)| *id);
        for (of, id) in closing {
            let reason = why(self.tx, of, id)?;
            self.close(id, &reason, true)?;
        }
        let mut clear = self.tx.prepare_cached(
            "UPDATE reminders SET cleared_at = ?2 WHERE id = ?1 AND cleared_at IS NULL",
        )?;
        let now = clock::stamp();
        for (of, reminder_ids) in &held {
            if !ids.contains(of) {
                for id in reminder_ids {
                    clear.execute(params![id, now])?;
                }
            }
        }
        for (of, t) in &firing {
            if !open.contains_key(of) && !held.contains_key(of) {
                self.create(rule, &format!("{prefix}{of}"), &make(t))?;
            }
        }
        Ok(())
    }

    /// A dated rule's step: makes each wanted reminder no reminder stands for
    /// yet, and closes the open ones `over` says are over (with why).
    fn dated(
        &mut self,
        rule: Rule,
        wanted: Vec<(String, Want)>,
        over: impl Fn(&str) -> Option<String>,
    ) -> Result<()> {
        let mut open: Vec<(String, i64)> = self.open(rule)?.into_iter().collect();
        open.sort_by_key(|(_, id)| *id);
        for (key, id) in open {
            if let Some(why) = over(&key) {
                self.close(id, &why, false)?;
            }
        }
        for (key, w) in &wanted {
            if !self.stands(rule, key)? {
                self.create(rule, key, w)?;
            }
        }
        Ok(())
    }

    // -----------------------------------------------------------------------
    // The rules

    fn dormant(&mut self, s: &RuleSettings) -> Result<()> {
        let today = self.today.num_days_from_ce();
        let mut contacted: Ids<Day> = Ids::default();
        {
            let mut stmt = self.tx.prepare_cached(
                "SELECT customer_id, max(happened_at) FROM interactions GROUP BY customer_id",
            )?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                if let Some(d) = r.get_ref(1)?.as_str().ok().and_then(day_of) {
                    contacted.insert(r.get(0)?, d);
                }
            }
        }
        self.load_buyers()?;
        let buyers = self.buyers.as_ref().expect("loaded above");
        // (quiet days, the usual gap when their own rhythm set the threshold)
        let mut firing: Firing<(i64, i64, Option<i64>)> = Vec::new();
        for (id, b) in buyers {
            let last = contacted
                .get(id)
                .map_or(b.last_order, |c| (*c).max(b.last_order));
            let quiet = i64::from(today - last);
            let (threshold, usual) = match b.median_gap {
                Some(gap) if b.order_days >= 3 => (gap * s.dormant_factor, Some(gap)),
                _ => (s.dormant_days, None),
            };
            if quiet > threshold {
                firing.push((*id, (*id, quiet, usual)));
            }
        }
        firing.sort_unstable_by_key(|(id, _)| *id);
        let due = self.today;
        self.condition(
            Rule::Dormant,
            'C',
            firing,
            |&(id, quiet, usual)| {
                let note = match usual {
                    Some(gap) => format!(
                        "no order or contact for {quiet} days (usually an order every {gap} days)"
                    ),
                    None => format!("no order or contact for {quiet} days"),
                };
                Want::new(Some(id), ReminderKind::Call, due, note)
            },
            |tx, of, _| {
                let status: Option<String> = tx
                    .prepare_cached("SELECT status FROM customers WHERE id = ?1")?
                    .query_row([of], |r| r.get(0))
                    .optional()?;
                Ok(match status.as_deref() {
                    Some("active") => "a new order or contact came in",
                    _ => "customer archived",
                }
                .to_string())
            },
        )
    }

    fn overdue(&mut self) -> Result<()> {
        let due = self.today;
        let firing: Firing<(i64, i64, i64)> = self
            .owing()?
            .into_iter()
            .filter(|(_, a, _)| a.overdue > 0)
            .map(|(id, a, _)| (id, (id, a.overdue, a.balance)))
            .collect();
        self.condition(
            Rule::Overdue,
            'C',
            firing,
            |&(id, overdue, balance)| {
                let note = format!(
                    "{} overdue (balance {})",
                    money::format_fen(overdue),
                    money::format_fen(balance)
                );
                Want::new(Some(id), ReminderKind::Collect, due, note)
            },
            |tx, of, id| {
                let paid: bool = tx
                    .prepare_cached(
                        "SELECT EXISTS (SELECT 1 FROM receivable_entries e
                             JOIN reminders r ON r.id = ?2
                         WHERE e.customer_id = ?1 AND e.kind = 'payment'
                             AND e.created_at >= r.created_at)",
                    )?
                    .query_row(params![of, id], |r| r.get(0))?;
                Ok(if paid {
                    "payment posted: nothing overdue"
                } else {
                    "nothing overdue any more"
                }
                .to_string())
            },
        )
    }

    fn over_credit(&mut self) -> Result<()> {
        let due = self.today;
        let firing: Firing<(i64, i64, i64)> = self
            .owing()?
            .into_iter()
            .filter_map(|(id, a, c)| {
                let limit = c.credit_limit?;
                (a.balance > limit).then_some((id, (id, a.balance, limit)))
            })
            .collect();
        self.condition(
            Rule::OverCredit,
            'C',
            firing,
            |&(id, balance, limit)| {
                let note = format!(
                    "balance {} is over the credit limit of {}",
                    money::format_fen(balance),
                    money::format_fen(limit)
                );
                Want::new(Some(id), ReminderKind::Collect, due, note)
            },
            |_, _, _| Ok("balance back within the credit limit".to_string()),
        )
    }

    fn birthday(&mut self, s: &RuleSettings) -> Result<()> {
        let today = self.today;
        let lead = s.birthday_days;
        // Every date of the window, by what a birthday would be written as to
        // fall on it (its month and day, Gregorian and lunar), in date order.
        let mut gregorian: Vec<(String, NaiveDate)> = Vec::new();
        let mut lunar_days: Vec<(String, NaiveDate)> = Vec::new();
        for n in 0..=lead {
            let d = today + Duration::days(n);
            gregorian.push((d.format("%m-%d").to_string(), d));
            // 29 February is kept on 28 February in other years.
            if d.month() == 2 && d.day() == 28 && NaiveDate::from_ymd_opt(d.year(), 2, 29).is_none()
            {
                gregorian.push(("02-29".into(), d));
            }
            if let Some(l) = lunar::from_gregorian(d).filter(|l| !l.leap) {
                lunar_days.push((format!("{:02}-{:02}", l.month, l.day), d));
                // A 30th falls on the 29th of a month that has only 29 days.
                if l.day == 29 && l.month_days == 29 {
                    lunar_days.push((format!("{:02}-30", l.month), d));
                }
            }
        }
        let mut found: Vec<((i64, i64), String, Want)> = Vec::new();
        // Birthdays are read by month and day through their indexes, a range of
        // `MM-DD` at a time: the window's days rise in that order but at the
        // year's turn, where a range ends and the next begins.
        for (lunar, days) in [(false, &gregorian), (true, &lunar_days)] {
            let on: HashMap<&str, NaiveDate> = days.iter().map(|(k, d)| (k.as_str(), *d)).collect();
            let mut ranges: Vec<(&str, &str)> = Vec::new();
            for (k, _) in days.iter() {
                match ranges.last_mut() {
                    Some((_, hi)) if k.as_str() >= *hi => *hi = k,
                    _ => ranges.push((k, k)),
                }
            }
            // Whether the customer is active is read, not asked: asked, SQLite
            // would walk the active customers instead of the birthday index.
            let mut stmt = self.tx.prepare_cached(
                "SELECT c.id, -1, c.birthday, '', c.status = 'active' FROM customers c
                 WHERE c.birthday IS NOT NULL AND substr(c.birthday, -5) BETWEEN ?1 AND ?2
                     AND c.birthday_lunar = ?3
                     AND NOT EXISTS (SELECT 1 FROM customer_contacts k WHERE k.customer_id = c.id
                         AND k.position = 0 AND k.birthday = c.birthday
                         AND k.birthday_lunar = c.birthday_lunar)
                 UNION ALL
                 SELECT k.customer_id, k.position, k.birthday, k.name, c.status = 'active'
                 FROM customer_contacts k CROSS JOIN customers c ON c.id = k.customer_id
                 WHERE k.birthday IS NOT NULL AND substr(k.birthday, -5) BETWEEN ?1 AND ?2
                     AND k.birthday_lunar = ?3",
            )?;
            for (lo, hi) in ranges {
                let mut rows = stmt.query(params![lo, hi, lunar])?;
                while let Some(r) = rows.next()? {
                    if !r.get::<_, bool>(4)? {
                        continue;
                    }
                    let birthday = r.get_ref(2)?.as_str().unwrap_or("");
                    let month_day = birthday
                        .get(birthday.len().saturating_sub(5)..)
                        .unwrap_or("");
                    let Some(day) = on.get(month_day).copied() else {
                        continue;
                    };
                    let calendar = if lunar {
                        format!(" (lunar {month_day})")
                    } else {
                        String::new()
                    };
                    let (id, position): (i64, i64) = (r.get(0)?, r.get(1)?);
                    let name = r.get_ref(3)?.as_str().unwrap_or("");
                    let whose = if name.is_empty() {
                        "birthday".to_string()
                    } else {
                        format!("{name}'s birthday")
                    };
                    let who = if position < 0 {
                        "main".to_string()
                    } else {
                        position.to_string()
                    };
                    let due = (day - Duration::days(lead)).max(today);
                    found.push((
                        (id, position),
                        format!("C{id}:{who}:{day}"),
                        Want::new(
                            Some(id),
                            ReminderKind::Care,
                            due,
                            format!("{whose} on {day}{calendar}"),
                        ),
                    ));
                }
            }
        }
        // Made customer by customer: the main birthday, then the contacts'.
        found.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(&b.1)));
        let wanted = found.into_iter().map(|(_, key, w)| (key, w)).collect();
        self.dated(Rule::Birthday, wanted, |key| {
            let on = key.rsplit(':').next().and_then(date)?;
            (on < today).then(|| "birthday passed".to_string())
        })
    }

    fn festival(&mut self, s: &RuleSettings) -> Result<()> {
        let today = self.today;
        let lead = s.festival_days;
        let since = (today - Duration::days(s.festival_recent_days)).num_days_from_ce();
        let mut wanted = Vec::new();
        for year in [today.year(), today.year() + 1] {
            for f in Festival::ALL {
                let Some(on) = f.date(year) else { continue };
                if on < today || on - Duration::days(lead) > today {
                    continue;
                }
                self.load_buyers()?;
                if f.schools_only() {
                    self.load_schools()?;
                }
                let (buyers, schools) = (
                    self.buyers.as_ref().expect("loaded above"),
                    self.schools.as_ref(),
                );
                let mut named: Vec<i64> = buyers
                    .iter()
                    .filter(|(id, b)| {
                        b.last_order >= since
                            && (!f.schools_only() || schools.is_some_and(|s| s.contains(id)))
                    })
                    .map(|(id, _)| *id)
                    .collect();
                // A greeting for no one is no reminder.
                if named.is_empty() {
                    continue;
                }
                named.sort_unstable();
                let due = (on - Duration::days(lead)).max(today);
                let note = format!(
                    "{} on {on}: greetings to {} customers",
                    f.name(),
                    named.len()
                );
                let mut w = Want::new(None, ReminderKind::Care, due, note);
                w.customers = named;
                wanted.push((f.key(year), w));
            }
        }
        self.dated(Rule::Festival, wanted, |key| {
            let (name, year) = key.split_once(':')?;
            let f = Festival::ALL.into_iter().find(|f| f.code() == name)?;
            let on = f.date(year.parse().ok()?)?;
            (on < today).then(|| format!("{} passed", f.name()))
        })
    }

    fn low_stock(&mut self) -> Result<()> {
        let due = self.today;
        let mut stmt = self.tx.prepare_cached(
            "SELECT id, on_hand, reorder_point FROM titles
             WHERE reorder_point > 0 AND on_hand <= reorder_point ORDER BY id",
        )?;
        let firing = stmt
            .query_map([], |r| {
                let id: i64 = r.get(0)?;
                Ok((id, (id, r.get::<_, i64>(1)?, r.get::<_, i64>(2)?)))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        drop(stmt);
        self.condition(
            Rule::LowStock,
            'T',
            firing,
            |&(id, on_hand, point)| {
                let note = format!("{on_hand} on hand, reorder point {point}");
                let mut w = Want::new(None, ReminderKind::Other, due, note);
                w.title_id = Some(id);
                w
            },
            |tx, of, _| {
                let point: Option<i64> = tx
                    .prepare_cached("SELECT reorder_point FROM titles WHERE id = ?1")?
                    .query_row([of], |r| r.get(0))
                    .optional()?;
                Ok(match point {
                    Some(p) if p > 0 => "stock back above the reorder point",
                    _ => "no reorder point any more",
                }
                .to_string())
            },
        )
    }

    fn backorder(&mut self, ready: &[orders::ReadyBackorder]) -> Result<()> {
        let due = self.today;
        let mut firing = Vec::new();
        let mut owner = self.tx.prepare_cached(
            "SELECT customer_id FROM orders
             WHERE id = ?1 AND status = 'draft' AND backorder_of IS NOT NULL",
        )?;
        for b in ready {
            // Read just before the transaction: an order gone since is skipped.
            let Some(customer) = owner.query_row([b.id], |r| r.get(0)).optional()? else {
                continue;
            };
            firing.push((b.id, (b.id, customer, b.origin.clone())));
        }
        drop(owner);
        self.condition(
            Rule::Backorder,
            'O',
            firing,
            |(id, customer, origin)| {
                let of = origin.as_deref().unwrap_or("an order");
                let note = format!("backorder of {of}: every title is in stock");
                let mut w = Want::new(Some(*customer), ReminderKind::Call, due, note);
                w.order_id = Some(*id);
                w
            },
            |tx, of, _| {
                let status: Option<String> = tx
                    .prepare_cached("SELECT status FROM orders WHERE id = ?1")?
                    .query_row([of], |r| r.get(0))
                    .optional()?;
                Ok(match status.as_deref() {
                    Some("draft") => "stock no longer in for every title",
                    Some("cancelled") => "backorder cancelled",
                    Some(_) => "backorder confirmed",
                    None => "backorder discarded",
                }
                .to_string())
            },
        )
    }

    fn settlement(&mut self, s: &RuleSettings) -> Result<()> {
        let due = self.today;
        let today = self.today.num_days_from_ce();
        let days = s.settlement_days;
        // Counted from the latest payment, or, never paid, from the account's
        // first entry: a new consignment account is not chased on its first day.
        let firing: Firing<(i64, &'static str, i64, Option<Day>)> = self
            .owing()?
            .into_iter()
            .filter_map(|(id, a, c)| {
                let mode = c.consignment?;
                let since = a.last_paid.unwrap_or(a.opened);
                (i64::from(today - since) >= days)
                    .then_some((id, (id, mode, a.balance, a.last_paid)))
            })
            .collect();
        self.condition(
            Rule::Settlement,
            'C',
            firing,
            |&(id, mode, balance, last_paid)| {
                let since = match last_paid {
                    Some(d) => format!("no payment since {}", date_of(d)),
                    None => "no payment yet".to_string(),
                };
                let note = format!("{mode}: {} owed, {since}", money::format_fen(balance));
                Want::new(Some(id), ReminderKind::Collect, due, note)
            },
            |tx, of, _| {
                let owes: bool = tx
                    .prepare_cached(
                        "SELECT coalesce(sum(amount_fen), 0) > 0 FROM receivable_entries
                         WHERE customer_id = ?1",
                    )?
                    .query_row([of], |r| r.get(0))?;
                Ok(if owes {
                    "payment posted"
                } else {
                    "nothing owed any more"
                }
                .to_string())
            },
        )
    }

    fn case_follow_up(&mut self, s: &RuleSettings) -> Result<()> {
        let due = self.today;
        let by = (self.today - Duration::days(s.case_follow_up_days)).to_string();
        let mut stmt = self.tx.prepare_cached(
            "SELECT id, customer_id, substr(resolved_at, 1, 10) FROM cases
             WHERE status = 'resolved' AND substr(resolved_at, 1, 10) <= ?1 ORDER BY id",
        )?;
        let firing = stmt
            .query_map([by], |r| {
                let id: i64 = r.get(0)?;
                Ok((id, (id, r.get::<_, i64>(1)?, r.get::<_, String>(2)?)))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        drop(stmt);
        self.condition(
            Rule::CaseFollowUp,
            'K',
            firing,
            |(id, customer, on)| {
                let note = format!("case {id} resolved on {on}: ask whether all is well now");
                let mut w = Want::new(Some(*customer), ReminderKind::Call, due, note);
                w.case_id = Some(*id);
                w
            },
            |tx, of, _| {
                let status: Option<String> = tx
                    .prepare_cached("SELECT status FROM cases WHERE id = ?1")?
                    .query_row([of], |r| r.get(0))
                    .optional()?;
                Ok(match status.as_deref() {
                    Some("closed") | None => "case closed",
                    Some(_) => "case reopened",
                }
                .to_string())
            },
        )
    }

    fn statement(&mut self, s: &RuleSettings) -> Result<()> {
        let today = self.today;
        let owing = self.owing()?;
        let on_account: Vec<i64> = owing
            .iter()
            .filter(|(_, _, c)| c.terms_days > 0)
            .map(|(id, _, _)| *id)
            .collect();
        let owes: IdSet = owing.iter().map(|(id, _, _)| *id).collect();
        let mut wanted = Vec::new();
        // This month's from `statement_days` before its last day; last month's
        // still, within the ten days it stays open, when no run made it in time.
        let this_month = month_start(today);
        for first in [this_month - Months::new(1), this_month] {
            let last = first + Months::new(1) - Duration::days(1);
            if today < last - Duration::days(s.statement_days) || today > last + Duration::days(10)
            {
                continue;
            }
            if on_account.is_empty() {
                continue;
            }
            let note = format!(
                "month-end statements for {}: {} customers on account owe",
                first.format("%B %Y"),
                on_account.len()
            );
            let mut w = Want::new(None, ReminderKind::Other, last, note);
            w.customers = on_account.clone();
            wanted.push((format!("statement:{}", first.format("%Y-%m")), w));
        }
        // Whom each open one names, to tell when none of them owes any more.
        let mut named: HashMap<String, Vec<i64>> = HashMap::new();
        {
            let mut stmt = self.tx.prepare_cached(
                "SELECT r.rule_key, rc.customer_id FROM reminders r
                 JOIN reminder_customers rc ON rc.reminder_id = r.id
                 WHERE r.rule = 'statement' AND r.rule IS NOT NULL
                     AND r.status IN ('open', 'snoozed')",
            )?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                named.entry(r.get(0)?).or_default().push(r.get(1)?);
            }
        }
        self.dated(Rule::Statement, wanted, |key| {
            let month = key.strip_prefix("statement:")?;
            let first = date(&format!("{month}-01"))?;
            let last = first + Months::new(1) - Duration::days(1);
            if today > last + Duration::days(10) {
                return Some("month over".to_string());
            }
            let still = named
                .get(key)
                .is_some_and(|ids| ids.iter().any(|id| owes.contains(id)));
            (!still).then(|| "nothing owed any more".to_string())
        })
    }
}

fn month_start(d: NaiveDate) -> NaiveDate {
    NaiveDate::from_ymd_opt(d.year(), d.month(), 1).expect("the first of a month exists")
}

/// The id in a condition rule's key: `C12`, `T7`, `O40`, `K3`.
fn id_in(key: &str) -> Option<i64> {
    key.get(1..)?.parse().ok()
}

/// The customers whose account is not plain (a credit limit, payment terms,
/// or a settlement other than a firm sale), in one pass over the narrow
/// `customers_rules` index.
fn load_customers(tx: &Transaction) -> Result<Ids<Customer>> {
    let mut stmt = tx.prepare_cached(
        "SELECT id, credit_limit_fen, settlement, payment_terms_days FROM customers
         WHERE credit_limit_fen IS NOT NULL OR settlement <> 'firm' OR payment_terms_days > 0",
    )?;
    let mut out = Ids::default();
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let consignment = match r.get_ref(2)?.as_str().unwrap_or("") {
            "sale_or_return" => Some("sale or return"),
            "consignment" => Some("consignment"),
            _ => None,
        };
        out.insert(
            r.get(0)?,
            Customer {
                credit_limit: r.get(1)?,
                consignment,
                terms_days: r.get(3)?,
            },
        );
    }
    Ok(out)
}

/// Every active customer's orders (not drafts, not cancelled), in one pass
/// over the table and a sort: cheaper than walking `orders_customer_date` and
/// looking up each order's status, or letting SQLite sort them. The few
/// customers who are not active are left out inside SQLite.
fn load_buyers(tx: &Transaction) -> Result<Ids<Buyer>> {
    let mut stmt = tx.prepare_cached(
        "SELECT customer_id, order_date FROM orders
         WHERE status NOT IN ('draft', 'cancelled')
             AND customer_id NOT IN (SELECT id FROM customers WHERE status <> 'active')",
    )?;
    let mut sold: Vec<(i64, Day)> = Vec::new();
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        if let Some(day) = r.get_ref(1)?.as_str().ok().and_then(day_of) {
            sold.push((r.get(0)?, day));
        }
    }
    // Orders on one day are one visit: the rhythm is of days.
    sold.sort_unstable();
    sold.dedup();
    let mut out = Ids::default();
    for orders in sold.chunk_by(|a, b| a.0 == b.0) {
        let mut gaps: Vec<i64> = orders
            .windows(2)
            .map(|w| i64::from(w[1].1 - w[0].1))
            .collect();
        gaps.sort_unstable();
        let median_gap = match gaps.len() {
            0 | 1 => None,
            n if n % 2 == 1 => Some(gaps[n / 2]),
            n => Some((gaps[n / 2 - 1] + gaps[n / 2]) / 2),
        };
        let last = orders.last().expect("a chunk is never empty");
        out.insert(
            last.0,
            Buyer {
                last_order: last.1,
                order_days: orders.len(),
                median_gap,
            },
        );
    }
    Ok(out)
}

/// Every customer who owes, from one pass over the receivables ledger.
///
/// Overdue, as `receivables::aging` works it out: credits settle the open items
/// in due-date order, and every item past its due date comes before every item
/// not yet due in that order, so what is overdue and unsettled is the sum of the
/// items past due less every credit, when that is above zero.
fn load_accounts(tx: &Transaction, today: NaiveDate) -> Result<Ids<Account>> {
    struct Sums {
        balance: i64,
        overdue: i64,
        last_paid: Option<Day>,
        opened: Day,
    }
    // What counts towards overdue is told by SQLite (a credit, or an item past
    // its due date: dates as stored, `YYYY-MM-DD`, compare as text), which is
    // cheaper than handing each due date over.
    let mut stmt = tx.prepare_cached(
        "SELECT customer_id, amount_fen, amount_fen < 0 OR due_date < ?1, kind = 'payment',
             entry_date
         FROM receivable_entries",
    )?;
    let mut sums: Ids<Sums> = Ids::default();
    let mut rows = stmt.query([today.to_string()])?;
    while let Some(r) = rows.next()? {
        let amount: i64 = r.get(1)?;
        let Some(entry) = r.get_ref(4)?.as_str().ok().and_then(day_of) else {
            continue;
        };
        let s = sums.entry(r.get(0)?).or_insert(Sums {
            balance: 0,
            overdue: 0,
            last_paid: None,
            opened: entry,
        });
        s.balance += amount;
        if r.get(2)? {
            s.overdue += amount;
        }
        if r.get(3)? {
            s.last_paid = s.last_paid.max(Some(entry));
        }
        s.opened = s.opened.min(entry);
    }
    Ok(sums
        .into_iter()
        .filter(|(_, s)| s.balance > 0)
        .map(|(id, s)| {
            (
                id,
                Account {
                    balance: s.balance,
                    overdue: s.overdue,
                    last_paid: s.last_paid,
                    opened: s.opened,
                },
            )
        })
        .collect())
}

/// The festivals the rule knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Festival {
    /// 春节, lunar 1-1.
    Spring,
    /// 中秋, lunar 8-15.
    MidAutumn,
    /// 教师节, 10 September: for schools.
    Teachers,
    /// 元旦, 1 January.
    NewYear,
}

impl Festival {
    pub const ALL: [Festival; 4] = [
        Festival::Spring,
        Festival::MidAutumn,
        Festival::Teachers,
        Festival::NewYear,
    ];

    /// Its name in a key (`spring:2027`).
    pub fn code(self) -> &'static str {
        match self {
            Festival::Spring => "spring",
            Festival::MidAutumn => "mid_autumn",
            Festival::Teachers => "teachers",
            Festival::NewYear => "new_year",
        }
    }

    fn name(self) -> &'static str {
        match self {
            Festival::Spring => "Spring Festival",
            Festival::MidAutumn => "Mid-Autumn Festival",
            Festival::Teachers => "Teachers' Day",
            Festival::NewYear => "New Year's Day",
        }
    }

    fn schools_only(self) -> bool {
        self == Festival::Teachers
    }

    fn key(self, year: i32) -> String {
        format!("{}:{year}", self.code())
    }

    /// Its Gregorian date in `year` (a lunar festival's lunar year begins in it).
    pub fn date(self, year: i32) -> Option<NaiveDate> {
        match self {
            Festival::Spring => lunar::to_gregorian(year, 1, 1),
            Festival::MidAutumn => lunar::to_gregorian(year, 8, 15),
            Festival::Teachers => NaiveDate::from_ymd_opt(year, 9, 10),
            Festival::NewYear => NaiveDate::from_ymd_opt(year, 1, 1),
        }
    }
}

/// When a Gregorian or lunar birthday written `MM-DD` (or `YYYY-MM-DD`) falls
/// in `year`: 29 February on the 28th in other years; a lunar one in lunar year
/// `year`, in its ordinary month, a 30th on the 29th of a short month.
pub fn birthday_in(birthday: &str, lunar: bool, year: i32) -> Option<NaiveDate> {
    let md = birthday.get(birthday.len().checked_sub(5)?..)?;
    let (m, d) = md.split_once('-')?;
    let (m, d): (u32, u32) = (m.parse().ok()?, d.parse().ok()?);
    if lunar {
        return lunar::to_gregorian(year, m, d);
    }
    NaiveDate::from_ymd_opt(year, m, d).or_else(|| {
        (m == 2 && d == 29)
            .then(|| NaiveDate::from_ymd_opt(year, 2, 28))
            .flatten()
    })
}
