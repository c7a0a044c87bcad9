//! The rules that make reminders by themselves: a customer gone quiet, money
//! overdue or over the limit, a birthday or a festival coming, stock at its
//! reorder point, a backorder whose stock is in, a consignment account not paid
//! for a while, a resolved case to follow up, the month-end statements.
//!
//! [`run`] evaluates every rule that is switched on in one write transaction, so
//! a crash leaves all of its work or none. Each rule works over whole tables at
//! once (one `GROUP BY` over the orders, one over the receivables ledger), never
//! a query per customer, so a run over 200,000 customers stays well under a second.
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
//! as it is, for the user to do or dismiss.
//!
//! Whatever a rule writes is in English (its note, the reason it closed); the
//! UI words the rule itself in the user's language from `rule`.

use std::collections::{HashMap, HashSet};

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
        // The backorders' stock test is the orders module's own predicate, read
        // through its function just before the transaction: a change in between
        // is caught by the next run.
        let ready = if settings.backorder_enabled {
            orders::backorder_ready(store)?
        } else {
            Vec::new()
        };
        let (created, closed) = store.write("reminders.run", "reminder", |tx| {
            let mut run = Run::new(tx, now.date_naive());
            run.all(&settings, &ready)?;
            Ok(((run.created, run.closed), None))
        })?;
        Ok(RunReport {
            created: fetch(store, &created)?,
            closed: fetch(store, &closed)?,
        })
    })
}

fn fetch(store: &Store, ids: &[i64]) -> Result<Vec<Reminder>> {
    ids.iter().map(|id| reminders::get(store, *id)).collect()
}

/// A reminder a rule wants to exist.
struct Want {
    key: String,
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
    fn new(key: String, customer_id: Option<i64>, kind: ReminderKind, due: NaiveDate) -> Want {
        Want {
            key,
            customer_id,
            kind,
            due,
            note: String::new(),
            title_id: None,
            order_id: None,
            case_id: None,
            customers: Vec::new(),
        }
    }

    fn note(mut self, note: String) -> Want {
        // Notes are short by construction; the cap is the one a note typed by hand has.
        self.note = note.chars().take(reminders::NOTE_MAX).collect();
        self
    }
}

/// What one customer's orders (not drafts, not cancelled) say, for the dormant
/// and festival rules. Only active customers who have ordered are kept.
struct Buyer {
    school: bool,
    last_order: NaiveDate,
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
    /// What is past its due date and not yet settled: credits settle the oldest
    /// items first, as in `receivables::aging`.
    overdue: i64,
    credit_limit: Option<i64>,
    consignment: Option<&'static str>,
    terms_days: i64,
    /// The latest payment's date, else the account's first entry: where the
    /// settlement rule counts its days from.
    paid_or_opened: NaiveDate,
    last_paid: Option<NaiveDate>,
}

fn date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s.get(..10)?, "%Y-%m-%d").ok()
}

struct Run<'t> {
    tx: &'t Transaction<'t>,
    today: NaiveDate,
    created: Vec<i64>,
    closed: Vec<i64>,
    buyers: Option<HashMap<i64, Buyer>>,
    accounts: Option<HashMap<i64, Account>>,
}

impl<'t> Run<'t> {
    fn new(tx: &'t Transaction<'t>, today: NaiveDate) -> Run<'t> {
        Run {
            tx,
            today,
            created: Vec::new(),
            closed: Vec::new(),
            buyers: None,
            accounts: None,
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
    // What the rules read, once per run

    fn buyers(&mut self) -> Result<&HashMap<i64, Buyer>> {
        if self.buyers.is_none() {
            self.buyers = Some(load_buyers(self.tx)?);
        }
        Ok(self.buyers.as_ref().expect("loaded above"))
    }

    fn accounts(&mut self) -> Result<&HashMap<i64, Account>> {
        if self.accounts.is_none() {
            self.accounts = Some(load_accounts(self.tx, self.today)?);
        }
        Ok(self.accounts.as_ref().expect("loaded above"))
    }

    // -----------------------------------------------------------------------
    // Making, closing and remembering

    /// The open (or snoozed) reminders of `rule`, by key.
    fn open(&self, rule: Rule) -> Result<HashMap<String, i64>> {
        let mut stmt = self.tx.prepare_cached(
            "SELECT rule_key, id FROM reminders
             WHERE rule = ?1 AND rule IS NOT NULL AND status IN ('open', 'snoozed')",
        )?;
        let rows = stmt.query_map([rule.as_str()], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The done or dismissed reminders of `rule` that still stand for their key
    /// (the rule has not seen the condition clear since), by key.
    fn held(&self, rule: Rule) -> Result<HashMap<String, Vec<i64>>> {
        let mut stmt = self.tx.prepare_cached(
            "SELECT rule_key, id FROM reminders
             WHERE rule = ?1 AND rule IS NOT NULL AND status IN ('done', 'closed')
                 AND cleared_at IS NULL",
        )?;
        let mut held: HashMap<String, Vec<i64>> = HashMap::new();
        for row in stmt.query_map([rule.as_str()], |r| Ok((r.get::<_, String>(0)?, r.get(1)?)))? {
            let (key, id) = row?;
            held.entry(key).or_default().push(id);
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

    fn create(&mut self, rule: Rule, w: &Want) -> Result<()> {
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
                w.key,
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

    /// A condition rule's step: `firing` is every key whose condition holds now;
    /// `why` says, for a key no longer firing, why its condition cleared.
    fn condition(
        &mut self,
        rule: Rule,
        firing: Vec<Want>,
        why: impl Fn(&Transaction, &str, i64) -> Result<String>,
    ) -> Result<()> {
        let open = self.open(rule)?;
        let held = self.held(rule)?;
        let keys: HashSet<&str> = firing.iter().map(|w| w.key.as_str()).collect();
        let mut closing: Vec<(&String, &i64)> = open
            .iter()
            .filter(|(k, _)| !keys.contains(k.as_str()))
            .collect();
        closing.sort_by_key(|(_, id)| **id);
        for (key, id) in closing {
            let reason = why(self.tx, key, *id)?;
            self.close(*id, &reason, true)?;
        }
        let mut clear = self.tx.prepare_cached(
            "UPDATE reminders SET cleared_at = ?2 WHERE id = ?1 AND cleared_at IS NULL",
        )?;
        let now = clock::stamp();
        for (key, ids) in &held {
            if !keys.contains(key.as_str()) {
                for id in ids {
                    clear.execute(params![id, now])?;
                }
            }
        }
        for w in &firing {
            if !open.contains_key(&w.key) && !held.contains_key(&w.key) {
                self.create(rule, w)?;
            }
        }
        Ok(())
    }

    /// A dated rule's step: makes each wanted reminder no reminder stands for
    /// yet, and closes the open ones `over` says are over (with why).
    fn dated(
        &mut self,
        rule: Rule,
        wanted: Vec<Want>,
        over: impl Fn(&str) -> Option<String>,
    ) -> Result<()> {
        let mut open: Vec<(String, i64)> = self.open(rule)?.into_iter().collect();
        open.sort_by_key(|(_, id)| *id);
        for (key, id) in open {
            if let Some(why) = over(&key) {
                self.close(id, &why, false)?;
            }
        }
        for w in &wanted {
            if !self.stands(rule, &w.key)? {
                self.create(rule, w)?;
            }
        }
        Ok(())
    }

    // -----------------------------------------------------------------------
    // The rules

    fn dormant(&mut self, s: &RuleSettings) -> Result<()> {
        let today = self.today;
        let mut contacted: HashMap<i64, NaiveDate> = HashMap::new();
        {
            let mut stmt = self.tx.prepare_cached(
                "SELECT customer_id, max(happened_at) FROM interactions GROUP BY customer_id",
            )?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                let at: String = r.get(1)?;
                if let Some(d) = date(&at) {
                    contacted.insert(r.get(0)?, d);
                }
            }
        }
        let mut firing = Vec::new();
        let buyers = self.buyers()?;
        let mut ids: Vec<&i64> = buyers.keys().collect();
        ids.sort();
        for id in ids {
            let b = &buyers[id];
            let last = match contacted.get(id) {
                Some(c) if *c > b.last_order => *c,
                _ => b.last_order,
            };
            let quiet = (today - last).num_days();
            let (threshold, usual) = match b.median_gap {
                Some(gap) if b.order_days >= 3 => (gap * s.dormant_factor, Some(gap)),
                _ => (s.dormant_days, None),
            };
            if quiet > threshold {
                let note = match usual {
                    Some(gap) => format!(
                        "no order or contact for {quiet} days (usually an order every {gap} days)"
                    ),
                    None => format!("no order or contact for {quiet} days"),
                };
                firing.push(
                    Want::new(format!("C{id}"), Some(*id), ReminderKind::Call, today).note(note),
                );
            }
        }
        self.condition(Rule::Dormant, firing, |tx, key, _| {
            Ok(match customer_status(tx, key)?.as_deref() {
                Some("active") => "a new order or contact came in",
                _ => "customer archived",
            }
            .to_string())
        })
    }

    fn overdue(&mut self) -> Result<()> {
        let today = self.today;
        let accounts = self.accounts()?;
        let mut firing: Vec<Want> = accounts
            .iter()
            .filter(|(_, a)| a.overdue > 0)
            .map(|(id, a)| {
                Want::new(format!("C{id}"), Some(*id), ReminderKind::Collect, today).note(format!(
                    "{} overdue (balance {})",
                    money::format_fen(a.overdue),
                    money::format_fen(a.balance)
                ))
            })
            .collect();
        firing.sort_by_key(|w| w.customer_id);
        self.condition(Rule::Overdue, firing, |tx, key, id| {
            let paid: bool = tx
                .prepare_cached(
                    "SELECT EXISTS (SELECT 1 FROM receivable_entries e JOIN reminders r ON r.id = ?2
                     WHERE e.customer_id = ?1 AND e.kind = 'payment'
                         AND e.created_at >= r.created_at)",
                )?
                .query_row(params![id_of(key), id], |r| r.get(0))?;
            Ok(if paid {
                "payment posted: nothing overdue"
            } else {
                "nothing overdue any more"
            }
            .to_string())
        })
    }

    fn over_credit(&mut self) -> Result<()> {
        let today = self.today;
        let accounts = self.accounts()?;
        let mut firing: Vec<Want> = accounts
            .iter()
            .filter_map(|(id, a)| {
                let limit = a.credit_limit?;
                (a.balance > limit).then(|| {
                    Want::new(format!("C{id}"), Some(*id), ReminderKind::Collect, today).note(
                        format!(
                            "balance {} is over the credit limit of {}",
                            money::format_fen(a.balance),
                            money::format_fen(limit)
                        ),
                    )
                })
            })
            .collect();
        firing.sort_by_key(|w| w.customer_id);
        self.condition(Rule::OverCredit, firing, |_, _, _| {
            Ok("balance back within the credit limit".to_string())
        })
    }

    fn birthday(&mut self, s: &RuleSettings) -> Result<()> {
        let today = self.today;
        let lead = s.birthday_days;
        // Every date of the window, by what a birthday would be written as to
        // fall on it: the Gregorian month and day, and the lunar ones.
        let mut gregorian: HashMap<String, NaiveDate> = HashMap::new();
        let mut lunar_days: HashMap<String, NaiveDate> = HashMap::new();
        for n in 0..=lead {
            let d = today + Duration::days(n);
            gregorian.insert(d.format("%m-%d").to_string(), d);
            // 29 February is kept on 28 February in other years.
            if d.month() == 2 && d.day() == 28 && NaiveDate::from_ymd_opt(d.year(), 2, 29).is_none()
            {
                gregorian.insert("02-29".into(), d);
            }
            if let Some(l) = lunar::from_gregorian(d).filter(|l| !l.leap) {
                lunar_days.insert(format!("{:02}-{:02}", l.month, l.day), d);
                // A 30th falls on the 29th of a month that has only 29 days.
                if l.day == 29 && l.month_days == 29 {
                    lunar_days.insert(format!("{:02}-30", l.month), d);
                }
            }
        }
        let mut wanted = Vec::new();
        let mut stmt = self.tx.prepare_cached(
            "SELECT c.id, 'main', c.birthday, c.birthday_lunar, '' FROM customers c
             WHERE c.status = 'active' AND c.birthday IS NOT NULL
                 AND NOT EXISTS (SELECT 1 FROM customer_contacts k WHERE k.customer_id = c.id
                     AND k.position = 0 AND k.birthday = c.birthday
                     AND k.birthday_lunar = c.birthday_lunar)
             UNION ALL
             SELECT k.customer_id, k.position, k.birthday, k.birthday_lunar, k.name
             FROM customer_contacts k JOIN customers c ON c.id = k.customer_id
             WHERE c.status = 'active' AND k.birthday IS NOT NULL
             ORDER BY 1, 2",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let birthday: String = r.get(2)?;
            let lunar: bool = r.get(3)?;
            let month_day = birthday
                .get(birthday.len().saturating_sub(5)..)
                .unwrap_or("");
            let on = if lunar {
                lunar_days.get(month_day)
            } else {
                gregorian.get(month_day)
            };
            let Some(on) = on else { continue };
            let id: i64 = r.get(0)?;
            let who: String = match r.get_ref(1)? {
                rusqlite::types::ValueRef::Integer(p) => p.to_string(),
                _ => "main".into(),
            };
            let name: String = r.get(4)?;
            let whose = if name.is_empty() {
                "birthday".to_string()
            } else {
                format!("{name}'s birthday")
            };
            let calendar = if lunar {
                format!(" (lunar {month_day})")
            } else {
                String::new()
            };
            let due = (*on - Duration::days(lead)).max(today);
            wanted.push(
                Want::new(
                    format!("C{id}:{who}:{on}"),
                    Some(id),
                    ReminderKind::Care,
                    due,
                )
                .note(format!("{whose} on {on}{calendar}")),
            );
        }
        drop(rows);
        drop(stmt);
        self.dated(Rule::Birthday, wanted, |key| {
            let on = key.rsplit(':').next().and_then(date)?;
            (on < today).then(|| "birthday passed".to_string())
        })
    }

    fn festival(&mut self, s: &RuleSettings) -> Result<()> {
        let today = self.today;
        let lead = s.festival_days;
        let since = today - Duration::days(s.festival_recent_days);
        let mut wanted = Vec::new();
        for year in [today.year(), today.year() + 1] {
            for f in Festival::ALL {
                let Some(on) = f.date(year) else { continue };
                if on < today || on - Duration::days(lead) > today {
                    continue;
                }
                let buyers = self.buyers()?;
                let mut customers: Vec<i64> = buyers
                    .iter()
                    .filter(|(_, b)| b.last_order >= since && (!f.schools_only() || b.school))
                    .map(|(id, _)| *id)
                    .collect();
                // A greeting for no one is no reminder.
                if customers.is_empty() {
                    continue;
                }
                customers.sort();
                let due = (on - Duration::days(lead)).max(today);
                let mut w = Want::new(f.key(year), None, ReminderKind::Care, due).note(format!(
                    "{} on {on}: greetings to {} customers",
                    f.name(),
                    customers.len()
                ));
                w.customers = customers;
                wanted.push(w);
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
        let today = self.today;
        let mut stmt = self.tx.prepare_cached(
            "SELECT id, on_hand, reorder_point FROM titles
             WHERE reorder_point > 0 AND on_hand <= reorder_point ORDER BY id",
        )?;
        let firing = stmt
            .query_map([], |r| {
                let id: i64 = r.get(0)?;
                let on_hand: i64 = r.get(1)?;
                let point: i64 = r.get(2)?;
                let mut w = Want::new(format!("T{id}"), None, ReminderKind::Other, today)
                    .note(format!("{on_hand} on hand, reorder point {point}"));
                w.title_id = Some(id);
                Ok(w)
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        drop(stmt);
        self.condition(Rule::LowStock, firing, |tx, key, _| {
            let point: Option<i64> = tx
                .prepare_cached("SELECT reorder_point FROM titles WHERE id = ?1")?
                .query_row([id_of(key)], |r| r.get(0))
                .optional()?;
            Ok(match point {
                Some(p) if p > 0 => "stock back above the reorder point",
                _ => "no reorder point any more",
            }
            .to_string())
        })
    }

    fn backorder(&mut self, ready: &[orders::ReadyBackorder]) -> Result<()> {
        let today = self.today;
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
            let of = b.origin.as_deref().unwrap_or("an order");
            let mut w = Want::new(
                format!("O{}", b.id),
                Some(customer),
                ReminderKind::Call,
                today,
            )
            .note(format!("backorder of {of}: every title is in stock"));
            w.order_id = Some(b.id);
            firing.push(w);
        }
        drop(owner);
        self.condition(Rule::Backorder, firing, |tx, key, _| {
            let status: Option<String> = tx
                .prepare_cached("SELECT status FROM orders WHERE id = ?1")?
                .query_row([id_of(key)], |r| r.get(0))
                .optional()?;
            Ok(match status.as_deref() {
                Some("draft") => "stock no longer in for every title",
                Some("cancelled") => "backorder cancelled",
                Some(_) => "backorder confirmed",
                None => "backorder discarded",
            }
            .to_string())
        })
    }

    fn settlement(&mut self, s: &RuleSettings) -> Result<()> {
        let today = self.today;
        let days = s.settlement_days;
        let accounts = self.accounts()?;
        let mut firing: Vec<Want> = accounts
            .iter()
            .filter_map(|(id, a)| {
                let mode = a.consignment?;
                if (today - a.paid_or_opened).num_days() < days {
                    return None;
                }
                let since = match a.last_paid {
                    Some(d) => format!("no payment since {d}"),
                    None => "no payment yet".to_string(),
                };
                Some(
                    Want::new(format!("C{id}"), Some(*id), ReminderKind::Collect, today).note(
                        format!("{mode}: {} owed, {since}", money::format_fen(a.balance)),
                    ),
                )
            })
            .collect();
        firing.sort_by_key(|w| w.customer_id);
        self.condition(Rule::Settlement, firing, |tx, key, _| {
            let owes: bool = tx
                .prepare_cached(
                    "SELECT coalesce(sum(amount_fen), 0) > 0 FROM receivable_entries
                     WHERE customer_id = ?1",
                )?
                .query_row([id_of(key)], |r| r.get(0))?;
            Ok(if owes {
                "payment posted"
            } else {
                "nothing owed any more"
            }
            .to_string())
        })
    }

    fn case_follow_up(&mut self, s: &RuleSettings) -> Result<()> {
        let today = self.today;
        let by = (today - Duration::days(s.case_follow_up_days)).to_string();
        let mut stmt = self.tx.prepare_cached(
            "SELECT id, customer_id, substr(resolved_at, 1, 10) FROM cases
             WHERE status = 'resolved' AND substr(resolved_at, 1, 10) <= ?1 ORDER BY id",
        )?;
        let firing = stmt
            .query_map([by], |r| {
                let id: i64 = r.get(0)?;
                let on: String = r.get(2)?;
                let mut w = Want::new(format!("K{id}"), Some(r.get(1)?), ReminderKind::Call, today)
                    .note(format!(
                        "case {id} resolved on {on}: ask whether all is well now"
                    ));
                w.case_id = Some(id);
                Ok(w)
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        drop(stmt);
        self.condition(Rule::CaseFollowUp, firing, |tx, key, _| {
            let status: Option<String> = tx
                .prepare_cached("SELECT status FROM cases WHERE id = ?1")?
                .query_row([id_of(key)], |r| r.get(0))
                .optional()?;
            Ok(match status.as_deref() {
                Some("closed") | None => "case closed",
                Some(_) => "case reopened",
            }
            .to_string())
        })
    }

    fn statement(&mut self, s: &RuleSettings) -> Result<()> {
        let today = self.today;
        let accounts = self.accounts()?;
        let mut on_account: Vec<i64> = accounts
            .iter()
            .filter(|(_, a)| a.terms_days > 0)
            .map(|(id, _)| *id)
            .collect();
        on_account.sort();
        let owing: HashSet<i64> = accounts.keys().copied().collect();
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
            let month = first.format("%Y-%m").to_string();
            let mut w = Want::new(
                format!("statement:{month}"),
                None,
                ReminderKind::Other,
                last,
            )
            .note(format!(
                "month-end statements for {}: {} customers on account owe",
                first.format("%B %Y"),
                on_account.len()
            ));
            w.customers = on_account.clone();
            wanted.push(w);
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
                .is_some_and(|ids| ids.iter().any(|id| owing.contains(id)));
            (!still).then(|| "nothing owed any more".to_string())
        })
    }
}

fn month_start(d: NaiveDate) -> NaiveDate {
    NaiveDate::from_ymd_opt(d.year(), d.month(), 1).expect("the first of a month exists")
}

/// The id in a key such as `C12`, `T7`, `O40`, `K3`.
fn id_of(key: &str) -> i64 {
    key.get(1..).and_then(|n| n.parse().ok()).unwrap_or(0)
}

fn customer_status(tx: &Transaction, key: &str) -> Result<Option<String>> {
    Ok(tx
        .prepare_cached("SELECT status FROM customers WHERE id = ?1")?
        .query_row([id_of(key)], |r| r.get(0))
        .optional()?)
}

/// Every active customer's orders (not drafts, not cancelled), in one pass in
/// customer and date order over `orders_customer_date`.
fn load_buyers(tx: &Transaction) -> Result<HashMap<i64, Buyer>> {
    let mut stmt = tx.prepare_cached(
        "SELECT o.customer_id, c.kind = 'school', o.order_date
         FROM orders o JOIN customers c ON c.id = o.customer_id
         WHERE c.status = 'active' AND o.status NOT IN ('draft', 'cancelled')
         ORDER BY o.customer_id, o.order_date",
    )?;
    let mut out: HashMap<i64, Buyer> = HashMap::new();
    let mut rows = stmt.query([])?;
    let mut current: Option<(i64, bool, Vec<NaiveDate>)> = None;
    let finish = |out: &mut HashMap<i64, Buyer>,
                  (id, school, days): (i64, bool, Vec<NaiveDate>)| {
        let mut gaps: Vec<i64> = days.windows(2).map(|w| (w[1] - w[0]).num_days()).collect();
        gaps.sort_unstable();
        let median_gap = match gaps.len() {
            0 | 1 => None,
            n if n % 2 == 1 => Some(gaps[n / 2]),
            n => Some((gaps[n / 2 - 1] + gaps[n / 2]) / 2),
        };
        out.insert(
            id,
            Buyer {
                school,
                last_order: *days.last().expect("a buyer has an order"),
                order_days: days.len(),
                median_gap,
            },
        );
    };
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        let text = r.get_ref(2)?.as_str().unwrap_or("");
        let Some(day) = date(text) else { continue };
        match &mut current {
            Some((cur, _, days)) if *cur == id => {
                // Orders on one day are one visit: the rhythm is of days.
                if days.last() != Some(&day) {
                    days.push(day);
                }
            }
            _ => {
                if let Some(done) = current.take() {
                    finish(&mut out, done);
                }
                current = Some((id, r.get(1)?, vec![day]));
            }
        }
    }
    if let Some(done) = current.take() {
        finish(&mut out, done);
    }
    Ok(out)
}

/// Every customer who owes, from one `GROUP BY` over the receivables ledger.
///
/// Overdue, as `receivables::aging` works it out: credits settle the open items
/// in due-date order, and every item past its due date comes before every item
/// not yet due in that order, so what is overdue and unsettled is the sum of the
/// items past due less every credit, when that is above zero.
fn load_accounts(tx: &Transaction, today: NaiveDate) -> Result<HashMap<i64, Account>> {
    let mut stmt = tx.prepare_cached(
        "SELECT c.id, s.balance, s.overdue, c.credit_limit_fen, c.settlement,
             c.payment_terms_days, s.last_paid, s.opened
         FROM (SELECT customer_id, sum(amount_fen) AS balance,
                   sum(CASE WHEN amount_fen < 0 OR due_date < ?1 THEN amount_fen ELSE 0 END)
                       AS overdue,
                   max(CASE WHEN kind = 'payment' THEN entry_date END) AS last_paid,
                   min(entry_date) AS opened
               FROM receivable_entries GROUP BY customer_id) s
         JOIN customers c ON c.id = s.customer_id
         WHERE s.balance > 0",
    )?;
    let mut out = HashMap::new();
    let mut rows = stmt.query([today.to_string()])?;
    while let Some(r) = rows.next()? {
        let last_paid = r.get::<_, Option<String>>(6)?.as_deref().and_then(date);
        let opened = date(&r.get::<_, String>(7)?).unwrap_or(today);
        let consignment = match r.get_ref(4)?.as_str().unwrap_or("") {
            "sale_or_return" => Some("sale or return"),
            "consignment" => Some("consignment"),
            _ => None,
        };
        out.insert(
            r.get::<_, i64>(0)?,
            Account {
                balance: r.get(1)?,
                overdue: r.get(2)?,
                credit_limit: r.get(3)?,
                consignment,
                terms_days: r.get(5)?,
                paid_or_opened: last_paid.unwrap_or(opened),
                last_paid,
            },
        );
    }
    Ok(out)
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
