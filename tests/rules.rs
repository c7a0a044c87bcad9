//! The reminder rules (`crm::rules`): for every rule, with the clock pinned, that
//! it fires, does not fire twice, closes itself when its condition clears (and
//! the history says why), and keeps to its switch and threshold. Festivals and
//! lunar birthdays against published Gregorian dates; a property test that a
//! second run straight after a first never makes or closes anything.

use chrono::{DateTime, Duration, FixedOffset, NaiveDate};
use folio::base::clock;
use folio::base::money;
use folio::crm::cases::{self, CaseInput, CaseUpdate};
use folio::crm::customers::{self, Contact, CustomerInput, CustomerKind, Settlement};
use folio::crm::interactions::{self, InteractionInput};
use folio::crm::reminders::{self, DoneInput, ReminderKind, ReminderStatus};
use folio::crm::rules::{self, birthday_in, Festival, Rule, RuleSettings, RunReport};
use folio::trade::catalog::{self, TitleInput};
use folio::trade::orders::{self, ConfirmOptions, OrderInput};
use folio::trade::receivables::{self, PaymentInput};
use folio::trade::stock;
use folio::{FolioError, Store};

mod common;
use common::{A, B, C};

/// 09:00 in Beijing on `day`.
fn at(day: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(&format!("{day}T09:00:00+08:00")).unwrap()
}

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn plus(day: &str, n: i64) -> String {
    (d(day) + Duration::days(n)).to_string()
}

/// A file with a supplier and three titles, 1,000 copies of each received on
/// 1 January 2024, and the clock pinned there for the set-up.
fn books() -> (Store, clock::Pinned) {
    let pinned = clock::pin(at("2024-01-01"));
    let mut store = Store::open_in_memory().unwrap();
    common::supplier(&mut store, "人民文学出版社", "");
    common::titles(
        &mut store,
        &[
            (A, "59.70", "红楼梦"),
            (B, "39.50", "百年孤独"),
            (C, "12.90", "小王子"),
        ],
    );
    stock::receive(
        &mut store,
        "人民文学出版社",
        &[
            format!("{A}:1000"),
            format!("{B}:1000"),
            format!("{C}:1000"),
        ],
    )
    .unwrap();
    (store, pinned)
}

/// A customer made on 1 January 2024; `tweak` fills in what the case needs.
fn customer(store: &mut Store, name: &str, tweak: impl FnOnce(&mut CustomerInput)) -> String {
    let mut input = CustomerInput {
        name: name.into(),
        ..Default::default()
    };
    tweak(&mut input);
    clock::at(at("2024-01-01"), || customers::create(store, &input))
        .unwrap()
        .code
}

fn id_of(store: &Store, code: &str) -> i64 {
    store
        .conn()
        .query_row("SELECT id FROM customers WHERE code = ?1", [code], |r| {
            r.get(0)
        })
        .unwrap()
}

/// Confirms an order on `day` of `copies` of 红楼梦 (¥59.70 each, full price),
/// over any credit limit; returns its id.
fn order(store: &mut Store, code: &str, day: &str, copies: i64) -> i64 {
    clock::at(at(day), || {
        let o = orders::create_from_lines(
            store,
            &OrderInput {
                customer: code.into(),
                ..Default::default()
            },
            &[format!("{A}:{copies}")],
        )
        .unwrap();
        orders::confirm(
            store,
            o.id,
            &ConfirmOptions {
                credit_override: "test".into(),
                ..Default::default()
            },
        )
        .unwrap();
        o.id
    })
}

fn archive(store: &mut Store, code: &str, day: &str) {
    let id = id_of(store, code);
    clock::at(at(day), || customers::archive(store, id)).unwrap();
}

fn pay(store: &mut Store, code: &str, yuan: &str, day: &str) {
    clock::at(at(day), || {
        receivables::add_payment(
            store,
            &PaymentInput {
                customer: code.into(),
                amount: yuan.into(),
                date: day.into(),
                ..Default::default()
            },
        )
    })
    .unwrap();
}

fn contact(store: &mut Store, code: &str, day: &str) {
    clock::at(at(day), || {
        interactions::add(
            store,
            &InteractionInput {
                customer: code.into(),
                happened_at: format!("{day} 10:00"),
                summary: "called about the new catalogue".into(),
                ..Default::default()
            },
        )
    })
    .unwrap();
}

fn run(store: &mut Store, day: &str) -> RunReport {
    rules::run(store, at(day)).unwrap()
}

/// Only `rule` switched on, with `tweak` applied to the defaults.
fn only(store: &mut Store, rule: Rule, tweak: impl FnOnce(&mut RuleSettings)) {
    let mut s = RuleSettings {
        dormant_enabled: rule == Rule::Dormant,
        overdue_enabled: rule == Rule::Overdue,
        over_credit_enabled: rule == Rule::OverCredit,
        birthday_enabled: rule == Rule::Birthday,
        festival_enabled: rule == Rule::Festival,
        low_stock_enabled: rule == Rule::LowStock,
        backorder_enabled: rule == Rule::Backorder,
        settlement_enabled: rule == Rule::Settlement,
        case_follow_up_enabled: rule == Rule::CaseFollowUp,
        statement_enabled: rule == Rule::Statement,
        ..Default::default()
    };
    tweak(&mut s);
    rules::set_settings(store, &s).unwrap();
}

/// `(rule_key, status)` of every reminder `rule` made, in the order made.
fn made(store: &Store, rule: Rule) -> Vec<(String, String)> {
    let mut stmt = store
        .conn()
        .prepare("SELECT rule_key, status FROM reminders WHERE rule = ?1 ORDER BY id")
        .unwrap();
    stmt.query_map([rule.as_str()], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

fn id_by_key(store: &Store, rule: Rule, key: &str) -> i64 {
    store
        .conn()
        .query_row(
            "SELECT max(id) FROM reminders WHERE rule = ?1 AND rule_key = ?2",
            [rule.as_str(), key],
            |r| r.get(0),
        )
        .unwrap()
}

/// The last event of a reminder and its note.
fn last_event(store: &Store, id: i64) -> (String, String) {
    let h = reminders::history(store, id).unwrap();
    let e = h.last().unwrap();
    (e.event.clone(), e.note.clone())
}

/// The keys a run on `day` made.
fn created(store: &mut Store, day: &str) -> Vec<String> {
    let report = run(store, day);
    report
        .created
        .iter()
        .map(|r| {
            store
                .conn()
                .query_row(
                    "SELECT rule_key FROM reminders WHERE id = ?1",
                    [r.id],
                    |x| x.get(0),
                )
                .unwrap()
        })
        .collect()
}

/// Runs on `day` and expects exactly these keys made and these closed.
fn expect(store: &mut Store, day: &str, created: &[&str], closed: &[&str], why: &str) {
    let report = run(store, day);
    let key_of = |id: i64| -> String {
        store
            .conn()
            .query_row("SELECT rule_key FROM reminders WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .unwrap()
    };
    let made: Vec<String> = report.created.iter().map(|r| key_of(r.id)).collect();
    let gone: Vec<String> = report.closed.iter().map(|r| key_of(r.id)).collect();
    assert_eq!(made, created, "{why}: made on {day}");
    assert_eq!(gone, closed, "{why}: closed on {day}");
    for r in &report.closed {
        assert_eq!(r.status, ReminderStatus::Closed, "{why}");
        assert!(r.closed_at.is_some(), "{why}");
    }
    // The report reads them as the reminders module does.
    for r in report.created.iter().chain(&report.closed) {
        let _now = clock::pin(at(day));
        assert_eq!(r, &reminders::get(store, r.id).unwrap(), "{why}");
    }
    // A second run at once changes nothing.
    let again = run(store, day);
    assert!(
        again.created.is_empty() && again.closed.is_empty(),
        "{why}: a second run on {day} made {:?} and closed {:?}",
        again.created,
        again.closed
    );
}

// ---------------------------------------------------------------------------
// Settings

#[test]
fn settings_default_round_trip_and_refuse_each_threshold_out_of_range() {
    let (mut store, _pinned) = books();
    assert_eq!(rules::settings(&store).unwrap(), RuleSettings::default());
    let d = RuleSettings::default();
    assert_eq!(
        (
            d.dormant_days,
            d.dormant_factor,
            d.birthday_days,
            d.festival_days,
            d.festival_recent_days,
            d.settlement_days,
            d.case_follow_up_days,
            d.statement_days
        ),
        (60, 2, 3, 7, 365, 30, 2, 3)
    );
    let changed = RuleSettings {
        dormant_enabled: false,
        dormant_days: 90,
        statement_days: 0,
        ..Default::default()
    };
    assert_eq!(rules::set_settings(&mut store, &changed).unwrap(), changed);
    assert_eq!(rules::settings(&store).unwrap(), changed);

    type Set = fn(&mut RuleSettings, i64);
    // (field, setter, lowest allowed, highest allowed)
    let cases: [(&str, Set, i64, i64); 8] = [
        ("dormant_days", |s, v| s.dormant_days = v, 1, 3650),
        ("dormant_factor", |s, v| s.dormant_factor = v, 1, 10),
        ("birthday_days", |s, v| s.birthday_days = v, 0, 60),
        ("festival_days", |s, v| s.festival_days = v, 0, 60),
        (
            "festival_recent_days",
            |s, v| s.festival_recent_days = v,
            1,
            3650,
        ),
        ("settlement_days", |s, v| s.settlement_days = v, 1, 3650),
        (
            "case_follow_up_days",
            |s, v| s.case_follow_up_days = v,
            0,
            365,
        ),
        ("statement_days", |s, v| s.statement_days = v, 0, 27),
    ];
    for (field, set, min, max) in cases {
        for ok in [min, max] {
            let mut s = RuleSettings::default();
            set(&mut s, ok);
            rules::set_settings(&mut store, &s).unwrap_or_else(|e| panic!("{field} {ok}: {e}"));
        }
        for bad in [min - 1, max + 1] {
            let mut s = RuleSettings::default();
            set(&mut s, bad);
            match rules::set_settings(&mut store, &s).unwrap_err() {
                FolioError::Invalid {
                    code,
                    field: f,
                    params,
                    message,
                } => {
                    assert_eq!(code.as_str(), "rule_setting_invalid", "{field}");
                    assert_eq!(f, field);
                    assert_eq!(params["min"], min.to_string(), "{field}");
                    assert_eq!(params["max"], max.to_string(), "{field}");
                    assert!(message.contains(field), "{message}");
                }
                other => panic!("{field}: {other:?}"),
            }
        }
    }
    // What was saved last stays: the refusals wrote nothing.
    let last = RuleSettings {
        statement_days: 27,
        ..Default::default()
    };
    assert_eq!(rules::settings(&store).unwrap(), last);
}

#[test]
fn settings_edited_by_hand_fall_back_to_defaults_where_they_are_wrong() {
    let (mut store, _pinned) = books();
    store
        .set_setting(
            rules::SETTINGS_KEY,
            r#"{"dormant_days": 0, "birthday_days": 10, "overdue_enabled": false}"#,
        )
        .unwrap();
    let s = rules::settings(&store).unwrap();
    assert_eq!(s.dormant_days, 60, "out of range: the default");
    assert_eq!(s.birthday_days, 10, "in range: kept");
    assert!(!s.overdue_enabled);
    assert!(s.dormant_enabled, "missing: the default");
    store.set_setting(rules::SETTINGS_KEY, "not json").unwrap();
    assert_eq!(rules::settings(&store).unwrap(), RuleSettings::default());
}

// ---------------------------------------------------------------------------
// Dormant

#[test]
fn dormant_goes_by_the_default_threshold_or_the_customers_own_rhythm() {
    let (mut store, _pinned) = books();
    only(&mut store, Rule::Dormant, |_| {});
    let once = customer(&mut store, "一次书店", |_| {});
    let regular = customer(&mut store, "常客书店", |_| {});
    let never = customer(&mut store, "未订书店", |_| {});
    let archived = customer(&mut store, "停业书店", |_| {});
    order(&mut store, &once, "2026-01-10", 1);
    // Every ten days: four order days, three gaps of 10.
    for day in ["2026-01-01", "2026-01-11", "2026-01-21", "2026-01-31"] {
        order(&mut store, &regular, day, 1);
    }
    // Two orders on one day are one order day.
    order(&mut store, &regular, "2026-01-31", 1);
    order(&mut store, &archived, "2026-01-10", 1);
    archive(&mut store, &archived, "2026-01-12");
    let (once_key, regular_key) = (
        format!("C{}", id_of(&store, &once)),
        format!("C{}", id_of(&store, &regular)),
    );
    let _ = never;
    // The regular customer: twice the median gap of 10 days, 20 days after 31 January.
    expect(
        &mut store,
        "2026-02-20",
        &[],
        &[],
        "quiet 20 days, threshold 20",
    );
    expect(
        &mut store,
        "2026-02-21",
        &[&regular_key],
        &[],
        "quiet 21 days, threshold 20",
    );
    // The one-order customer: the 60-day default.
    expect(&mut store, "2026-03-11", &[], &[], "quiet 60 days");
    expect(&mut store, "2026-03-12", &[&once_key], &[], "quiet 61 days");
    let r = reminders::get(&store, id_by_key(&store, Rule::Dormant, &once_key)).unwrap();
    assert_eq!(r.kind, ReminderKind::Call);
    assert_eq!(r.due, "2026-03-12");
    assert_eq!(r.customer.as_deref(), Some(once.as_str()));
    assert_eq!(r.note, "no order or contact for 61 days");
    let r = reminders::get(&store, id_by_key(&store, Rule::Dormant, &regular_key)).unwrap();
    assert!(
        r.note.contains("usually an order every 10 days"),
        "{}",
        r.note
    );

    // An order clears one, a call logged clears the other.
    order(&mut store, &once, "2026-03-13", 1);
    contact(&mut store, &regular, "2026-03-13");
    expect(
        &mut store,
        "2026-03-13",
        &[],
        &[&regular_key, &once_key],
        "an order and a call came in",
    );
    for key in [&once_key, &regular_key] {
        let id = id_by_key(&store, Rule::Dormant, key);
        assert_eq!(
            last_event(&store, id),
            ("closed".into(), "a new order or contact came in".into())
        );
    }
    // The call counts as activity: quiet again 61 days after it, for the
    // regular one (rhythm unchanged: the call is not an order).
    expect(
        &mut store,
        "2026-04-02",
        &[],
        &[],
        "quiet 20 days after the call",
    );
    expect(
        &mut store,
        "2026-04-03",
        &[&regular_key],
        &[],
        "quiet 21 days after the call: a new episode",
    );
    assert_eq!(made(&store, Rule::Dormant).len(), 3);
}

#[test]
fn dormant_respects_its_switch_and_thresholds() {
    let (mut store, _pinned) = books();
    let once = customer(&mut store, "一次书店", |_| {});
    let regular = customer(&mut store, "常客书店", |_| {});
    order(&mut store, &once, "2026-01-10", 1);
    for day in ["2026-01-01", "2026-01-11", "2026-01-21", "2026-01-31"] {
        order(&mut store, &regular, day, 1);
    }
    let (once_key, regular_key) = (
        format!("C{}", id_of(&store, &once)),
        format!("C{}", id_of(&store, &regular)),
    );
    only(&mut store, Rule::Dormant, |s| {
        s.dormant_days = 30;
        s.dormant_factor = 3;
    });
    expect(&mut store, "2026-02-09", &[], &[], "30 days and 9");
    expect(
        &mut store,
        "2026-02-10",
        &[&once_key],
        &[],
        "31 days > 30; 10 days < 3 × 10",
    );
    expect(&mut store, "2026-03-02", &[], &[], "30 days = 3 × 10");
    expect(
        &mut store,
        "2026-03-03",
        &[&regular_key],
        &[],
        "31 days > 3 × 10",
    );
    // Switched off, it closes nothing either.
    only(&mut store, Rule::Dormant, |s| s.dormant_enabled = false);
    order(&mut store, &once, "2026-03-04", 1);
    expect(&mut store, "2026-03-04", &[], &[], "off: nothing closes");
    expect(&mut store, "2026-06-01", &[], &[], "off: nothing made");
}

#[test]
fn a_reminder_done_by_hand_is_not_made_again_until_its_condition_has_cleared() {
    let (mut store, _pinned) = books();
    only(&mut store, Rule::Dormant, |_| {});
    let code = customer(&mut store, "一次书店", |_| {});
    let key = format!("C{}", id_of(&store, &code));
    order(&mut store, &code, "2026-01-10", 1);
    expect(&mut store, "2026-03-12", &[&key], &[], "quiet 61 days");
    let id = id_by_key(&store, Rule::Dormant, &key);
    clock::at(at("2026-03-12"), || {
        reminders::done(&mut store, id, &DoneInput::default())
    })
    .unwrap();
    expect(
        &mut store,
        "2026-03-13",
        &[],
        &[],
        "done, still quiet: not again",
    );
    expect(
        &mut store,
        "2026-04-30",
        &[],
        &[],
        "done, still quiet: not again",
    );
    // An order clears it; quiet for 61 days after that is a new episode.
    order(&mut store, &code, "2026-05-01", 1);
    expect(
        &mut store,
        "2026-05-01",
        &[],
        &[],
        "cleared: nothing open to close",
    );
    let held: Option<String> = store
        .conn()
        .query_row(
            "SELECT cleared_at FROM reminders WHERE id = ?1",
            [id],
            |r| r.get(0),
        )
        .unwrap();
    assert!(held.is_some(), "the done one no longer stands for its key");
    expect(
        &mut store,
        "2026-07-01",
        &[&key],
        &[],
        "quiet 61 days again",
    );
    // Dismissed is the same as done.
    let id = id_by_key(&store, Rule::Dormant, &key);
    clock::at(at("2026-07-01"), || reminders::dismiss(&mut store, id)).unwrap();
    expect(&mut store, "2026-07-02", &[], &[], "dismissed: not again");
}

#[test]
fn a_snoozed_reminder_still_counts_as_open_and_closes_when_cleared() {
    let (mut store, _pinned) = books();
    only(&mut store, Rule::Dormant, |_| {});
    let code = customer(&mut store, "一次书店", |_| {});
    let key = format!("C{}", id_of(&store, &code));
    order(&mut store, &code, "2026-01-10", 1);
    expect(&mut store, "2026-03-12", &[&key], &[], "quiet 61 days");
    let id = id_by_key(&store, Rule::Dormant, &key);
    clock::at(at("2026-03-12"), || {
        reminders::snooze(&mut store, id, "2026-03-20")
    })
    .unwrap();
    expect(
        &mut store,
        "2026-03-15",
        &[],
        &[],
        "snoozed: not a second one",
    );
    order(&mut store, &code, "2026-03-16", 1);
    expect(
        &mut store,
        "2026-03-16",
        &[],
        &[&key],
        "snoozed, then an order",
    );
}

// ---------------------------------------------------------------------------
// Overdue, over the credit limit, settlement

#[test]
fn overdue_goes_by_payment_terms_and_closes_when_paid() {
    let (mut store, _pinned) = books();
    only(&mut store, Rule::Overdue, |_| {});
    let terms = customer(&mut store, "账期书店", |c| {
        c.payment_terms_days = "30".into()
    });
    let cash = customer(&mut store, "现结书店", |_| {});
    let key = format!("C{}", id_of(&store, &terms));
    let cash_key = format!("C{}", id_of(&store, &cash));
    // ¥597.00 on 1 March, due 31 March; ¥119.40 on 20 March, due 19 April.
    order(&mut store, &terms, "2026-03-01", 10);
    order(&mut store, &terms, "2026-03-20", 2);
    // Terms 0: due on the day, overdue the next.
    order(&mut store, &cash, "2026-03-01", 1);
    expect(&mut store, "2026-03-01", &[], &[], "nothing past due yet");
    expect(
        &mut store,
        "2026-03-02",
        &[&cash_key],
        &[],
        "terms 0: a day late",
    );
    expect(
        &mut store,
        "2026-03-31",
        &[],
        &[],
        "due today is not overdue",
    );
    // Part paid: the oldest is settled first, ¥97.00 of it still overdue.
    pay(&mut store, &terms, "500", "2026-03-25");
    expect(&mut store, "2026-04-01", &[&key], &[], "a day late");
    let r = reminders::get(&store, id_by_key(&store, Rule::Overdue, &key)).unwrap();
    assert_eq!(r.kind, ReminderKind::Collect);
    assert!(
        r.note
            .starts_with(&format!("{} overdue", money::format_fen(9700))),
        "{}",
        r.note
    );
    // The same figure as the aging report's columns past due.
    let aging = clock::at(at("2026-04-01"), || receivables::aging(&store)).unwrap();
    let a = aging.iter().find(|a| a.code == terms).unwrap();
    assert_eq!(
        a.days_1_30_fen + a.days_31_60_fen + a.days_61_90_fen + a.over_90_fen,
        9700
    );
    // More falls due while it is open: still the one reminder.
    expect(
        &mut store,
        "2026-04-20",
        &[],
        &[],
        "more overdue, same episode",
    );
    pay(&mut store, &terms, "97", "2026-04-21");
    expect(
        &mut store,
        "2026-04-21",
        &[],
        &[],
        "the April item is still overdue",
    );
    pay(&mut store, &terms, "119.40", "2026-04-22");
    pay(&mut store, &cash, "59.70", "2026-04-22");
    expect(&mut store, "2026-04-22", &[], &[&cash_key, &key], "paid up");
    let id = id_by_key(&store, Rule::Overdue, &key);
    assert_eq!(
        last_event(&store, id),
        ("closed".into(), "payment posted: nothing overdue".into())
    );
    // Switched off: nothing made however late.
    order(&mut store, &cash, "2026-05-01", 1);
    only(&mut store, Rule::Overdue, |s| s.overdue_enabled = false);
    expect(&mut store, "2026-06-01", &[], &[], "switched off");
}

#[test]
fn over_credit_fires_above_the_limit_and_closes_back_under_it() {
    let (mut store, _pinned) = books();
    only(&mut store, Rule::OverCredit, |_| {});
    let limited = customer(&mut store, "限额书店", |c| {
        c.credit_limit = "100".into()
    });
    let nothing = customer(&mut store, "现款书店", |c| c.credit_limit = "0".into());
    let free = customer(&mut store, "无限书店", |_| {});
    let key = format!("C{}", id_of(&store, &limited));
    let nothing_key = format!("C{}", id_of(&store, &nothing));
    order(&mut store, &limited, "2026-03-01", 1); // ¥59.70: under ¥100
    order(&mut store, &free, "2026-03-01", 100);
    expect(
        &mut store,
        "2026-03-01",
        &[],
        &[],
        "under the limit, or none",
    );
    order(&mut store, &limited, "2026-03-02", 1); // ¥119.40
    order(&mut store, &nothing, "2026-03-02", 1); // limit 0: nothing on account
    expect(
        &mut store,
        "2026-03-02",
        &[&key, &nothing_key],
        &[],
        "over the limit",
    );
    let r = reminders::get(&store, id_by_key(&store, Rule::OverCredit, &key)).unwrap();
    assert_eq!(r.kind, ReminderKind::Collect);
    assert_eq!(
        r.note,
        "balance ¥119.40 is over the credit limit of ¥100.00"
    );
    pay(&mut store, &limited, "19.40", "2026-03-03"); // exactly at the limit
    expect(&mut store, "2026-03-03", &[], &[&key], "back at the limit");
    assert_eq!(
        last_event(&store, id_by_key(&store, Rule::OverCredit, &key)),
        (
            "closed".into(),
            "balance back within the credit limit".into()
        )
    );
    only(&mut store, Rule::OverCredit, |s| {
        s.over_credit_enabled = false
    });
    order(&mut store, &limited, "2026-03-04", 10);
    expect(&mut store, "2026-03-04", &[], &[], "switched off");
}

#[test]
fn settlement_accounts_unpaid_for_a_while_are_chased() {
    let (mut store, _pinned) = books();
    only(&mut store, Rule::Settlement, |_| {});
    let consign = customer(&mut store, "寄销书店", |c| {
        c.settlement = Settlement::Consignment
    });
    let sor = customer(&mut store, "实销书店", |c| {
        c.settlement = Settlement::SaleOrReturn
    });
    let firm = customer(&mut store, "整批书店", |_| {});
    let (ck, sk) = (
        format!("C{}", id_of(&store, &consign)),
        format!("C{}", id_of(&store, &sor)),
    );
    order(&mut store, &consign, "2026-03-01", 10);
    order(&mut store, &sor, "2026-03-01", 10);
    order(&mut store, &firm, "2026-03-01", 10);
    pay(&mut store, &sor, "100", "2026-03-10");
    expect(
        &mut store,
        "2026-03-30",
        &[],
        &[],
        "29 days since the account opened",
    );
    expect(&mut store, "2026-03-31", &[&ck], &[], "30 days, never paid");
    expect(
        &mut store,
        "2026-04-09",
        &[&sk],
        &[],
        "30 days since the payment",
    );
    let r = reminders::get(&store, id_by_key(&store, Rule::Settlement, &sk)).unwrap();
    assert_eq!(r.kind, ReminderKind::Collect);
    assert_eq!(
        r.note,
        "sale or return: ¥497.00 owed, no payment since 2026-03-10"
    );
    pay(&mut store, &consign, "100", "2026-04-10");
    pay(&mut store, &sor, "497", "2026-04-10");
    expect(&mut store, "2026-04-10", &[], &[&ck, &sk], "paid");
    assert_eq!(
        last_event(&store, id_by_key(&store, Rule::Settlement, &ck)),
        ("closed".into(), "payment posted".into())
    );
    assert_eq!(
        last_event(&store, id_by_key(&store, Rule::Settlement, &sk)),
        ("closed".into(), "nothing owed any more".into())
    );
    // A new episode 30 days after the last payment; threshold 60 holds it off.
    only(&mut store, Rule::Settlement, |s| s.settlement_days = 60);
    expect(&mut store, "2026-05-10", &[], &[], "30 days < 60");
    expect(&mut store, "2026-06-09", &[&ck], &[], "60 days");
    only(&mut store, Rule::Settlement, |s| {
        s.settlement_enabled = false
    });
    order(&mut store, &sor, "2026-06-09", 1);
    expect(&mut store, "2026-12-01", &[], &[], "switched off");
}

// ---------------------------------------------------------------------------
// Birthdays

/// A customer with a main birthday and contacts' birthdays (lunar when flagged).
fn with_birthdays(
    store: &mut Store,
    name: &str,
    main: (&str, bool),
    contacts: &[(&str, &str, bool)],
) -> String {
    customer(store, name, |c| {
        c.birthday = main.0.into();
        c.birthday_lunar = main.1;
        c.contacts = contacts
            .iter()
            .map(|(who, day, lunar)| Contact {
                name: who.to_string(),
                birthday: day.to_string(),
                birthday_lunar: *lunar,
                ..Default::default()
            })
            .collect();
    })
}

#[test]
fn birthdays_are_told_ahead_and_close_once_past() {
    let (mut store, _pinned) = books();
    only(&mut store, Rule::Birthday, |_| {});
    let code = with_birthdays(
        &mut store,
        "生日书店",
        ("1975-12-05", false),
        &[("张经理", "12-03", false), ("李会计", "", false)],
    );
    let id = id_of(&store, &code);
    let (k0, main) = (
        format!("C{id}:0:2026-12-03"),
        format!("C{id}:main:2026-12-05"),
    );
    expect(&mut store, "2026-11-29", &[], &[], "four days ahead");
    expect(&mut store, "2026-11-30", &[&k0], &[], "three days ahead");
    let r = reminders::get(&store, id_by_key(&store, Rule::Birthday, &k0)).unwrap();
    assert_eq!((r.kind, r.due.as_str()), (ReminderKind::Care, "2026-11-30"));
    assert_eq!(r.note, "张经理's birthday on 2026-12-03");
    expect(
        &mut store,
        "2026-12-02",
        &[&main],
        &[],
        "main, three days ahead",
    );
    let r = reminders::get(&store, id_by_key(&store, Rule::Birthday, &main)).unwrap();
    assert_eq!(r.due, "2026-12-02");
    expect(&mut store, "2026-12-03", &[], &[], "on the day: still open");
    expect(&mut store, "2026-12-04", &[], &[&k0], "the day after");
    assert_eq!(
        last_event(&store, id_by_key(&store, Rule::Birthday, &k0)),
        ("closed".into(), "birthday passed".into())
    );
    // Done on the day: not made again for that date; next year's is its own.
    let mid = id_by_key(&store, Rule::Birthday, &main);
    clock::at(at("2026-12-04"), || {
        reminders::done(&mut store, mid, &DoneInput::default())
    })
    .unwrap();
    expect(&mut store, "2026-12-05", &[], &[], "done: not again");
    expect(
        &mut store,
        "2027-11-30",
        &[&format!("C{id}:0:2027-12-03")],
        &[],
        "next year",
    );
}

#[test]
fn birthdays_keep_to_their_switch_lead_and_active_customers() {
    let (mut store, _pinned) = books();
    let code = with_birthdays(
        &mut store,
        "生日书店",
        ("", false),
        &[("张经理", "12-03", false)],
    );
    let gone = with_birthdays(&mut store, "停业书店", ("12-03", false), &[]);
    archive(&mut store, &gone, "2026-01-01");
    let key = format!("C{}:0:2026-12-03", id_of(&store, &code));
    only(&mut store, Rule::Birthday, |s| s.birthday_enabled = false);
    expect(&mut store, "2026-12-03", &[], &[], "switched off");
    only(&mut store, Rule::Birthday, |s| s.birthday_days = 0);
    expect(
        &mut store,
        "2026-12-02",
        &[],
        &[],
        "lead 0: not the day before",
    );
    expect(&mut store, "2026-12-03", &[&key], &[], "lead 0: on the day");
    let r = reminders::get(&store, id_by_key(&store, Rule::Birthday, &key)).unwrap();
    assert_eq!(r.due, "2026-12-03");
}

#[test]
fn the_main_birthday_copied_on_the_first_contact_is_one_reminder() {
    let (mut store, _pinned) = books();
    only(&mut store, Rule::Birthday, |_| {});
    let code = with_birthdays(
        &mut store,
        "生日书店",
        ("12-03", false),
        &[("张经理", "12-03", false), ("李会计", "12-03", true)],
    );
    let id = id_of(&store, &code);
    // The lunar 12-03 is another day (in January); the Gregorian main one is
    // contact 0's.
    expect(
        &mut store,
        "2026-12-01",
        &[&format!("C{id}:0:2026-12-03")],
        &[],
        "main = contact 0",
    );
}

#[test]
fn lunar_birthdays_fall_on_their_lunar_day_in_the_ordinary_month() {
    let (mut store, _pinned) = books();
    only(&mut store, Rule::Birthday, |s| s.birthday_days = 0);
    // Lunar 1-1 is Spring Festival, 8-15 Mid-Autumn: published dates. 2023 has
    // a leap second month (闰二月): lunar 2-15 is 6 March, not the leap month's
    // 5 April. Lunar 12-30 in a year whose twelfth month has 29 days falls on
    // the 29th: 除夕 (the eve of Spring Festival) of 2025 to 2029, the years
    // without a 30th of the twelfth month.
    let code = with_birthdays(
        &mut store,
        "农历书店",
        ("", false),
        &[
            ("春", "01-01", true),
            ("秋", "1960-08-15", true),
            ("闰", "02-15", true),
            ("除", "12-30", true),
        ],
    );
    let id = id_of(&store, &code);
    // In date order: each run also closes the one before, whose day has passed.
    let cases = [
        ("2023-03-06", "2"),
        ("2025-01-28", "3"),
        ("2025-01-29", "0"),
        ("2025-10-06", "1"),
        ("2026-02-16", "3"),
        ("2026-02-17", "0"),
        ("2026-09-25", "1"),
        ("2027-02-05", "3"),
        ("2027-02-06", "0"),
        ("2027-09-15", "1"),
        ("2028-01-25", "3"),
        ("2028-01-26", "0"),
    ];
    for (day, who) in cases {
        let key = format!("C{id}:{who}:{day}");
        assert_eq!(
            created(&mut store, &plus(day, -1)),
            Vec::<String>::new(),
            "before {key}"
        );
        assert_eq!(created(&mut store, day), vec![key.clone()], "{key}");
        let r = reminders::get(&store, id_by_key(&store, Rule::Birthday, &key)).unwrap();
        assert!(r.note.contains("(lunar "), "{}", r.note);
    }
    // The leap month's 15th (5 April 2023) is not the birthday.
    assert_eq!(created(&mut store, "2023-04-05"), Vec::<String>::new());
    // The same through `birthday_in`, year by year.
    for (birthday, year, on) in [
        ("01-01", 2025, "2025-01-29"),
        ("01-01", 2028, "2028-01-26"),
        ("08-15", 2026, "2026-09-25"),
        ("02-15", 2023, "2023-03-06"),
        ("12-30", 2025, "2026-02-16"),
    ] {
        assert_eq!(
            birthday_in(birthday, true, year),
            Some(d(on)),
            "{birthday} {year}"
        );
    }
}

#[test]
fn gregorian_29_february_falls_on_the_28th_in_other_years() {
    let (mut store, _pinned) = books();
    only(&mut store, Rule::Birthday, |s| s.birthday_days = 0);
    let code = with_birthdays(&mut store, "闰日书店", ("2000-02-29", false), &[]);
    let id = id_of(&store, &code);
    expect(
        &mut store,
        "2027-02-28",
        &[&format!("C{id}:main:2027-02-28")],
        &[],
        "2027 has no 29 February",
    );
    expect(
        &mut store,
        "2028-02-28",
        &[],
        &[&format!("C{id}:main:2027-02-28")],
        "2028 has",
    );
    expect(
        &mut store,
        "2028-02-29",
        &[&format!("C{id}:main:2028-02-29")],
        &[],
        "2028 has",
    );
    assert_eq!(birthday_in("02-29", false, 2027), Some(d("2027-02-28")));
    assert_eq!(birthday_in("02-29", false, 2028), Some(d("2028-02-29")));
}

// ---------------------------------------------------------------------------
// Festivals

#[test]
fn festivals_fall_on_their_published_dates() {
    // Spring Festival and Mid-Autumn from the lunar calendar, as published.
    let cases = [
        (Festival::Spring, 2023, "2023-01-22"),
        (Festival::Spring, 2025, "2025-01-29"),
        (Festival::Spring, 2026, "2026-02-17"),
        (Festival::Spring, 2027, "2027-02-06"),
        (Festival::Spring, 2028, "2028-01-26"),
        (Festival::MidAutumn, 2023, "2023-09-29"),
        (Festival::MidAutumn, 2025, "2025-10-06"),
        (Festival::MidAutumn, 2026, "2026-09-25"),
        (Festival::MidAutumn, 2027, "2027-09-15"),
        (Festival::MidAutumn, 2028, "2028-10-03"),
        (Festival::Teachers, 2026, "2026-09-10"),
        (Festival::NewYear, 2027, "2027-01-01"),
    ];
    for (f, year, on) in cases {
        assert_eq!(f.date(year), Some(d(on)), "{f:?} {year}");
    }
}

#[test]
fn festivals_name_recent_customers_once_a_year_and_close_after_the_day() {
    let (mut store, _pinned) = books();
    only(&mut store, Rule::Festival, |_| {});
    let shop = customer(&mut store, "新华书店", |_| {});
    let school = customer(&mut store, "实验中学", |c| {
        c.kind = CustomerKind::School
    });
    let old = customer(&mut store, "老客书店", |_| {});
    let gone = customer(&mut store, "停业书店", |_| {});
    let quiet = customer(&mut store, "从未订书", |_| {});
    let _ = quiet;
    order(&mut store, &shop, "2026-06-01", 1);
    order(&mut store, &school, "2026-06-01", 1);
    order(&mut store, &old, "2025-06-01", 1);
    order(&mut store, &gone, "2026-06-01", 1);
    archive(&mut store, &gone, "2026-06-02");
    let names = |store: &Store, key: &str| -> Vec<String> {
        let r = reminders::get(store, id_by_key(store, Rule::Festival, key)).unwrap();
        assert_eq!(r.kind, ReminderKind::Care);
        assert_eq!(r.customer, None);
        r.customers
            .iter()
            .map(|c| c.split(' ').next().unwrap().to_string())
            .collect()
    };
    // Teachers' Day, 10 September, for schools: seven days ahead.
    expect(&mut store, "2026-09-02", &[], &[], "eight days ahead");
    expect(
        &mut store,
        "2026-09-03",
        &["teachers:2026"],
        &[],
        "seven days ahead",
    );
    assert_eq!(names(&store, "teachers:2026"), vec![school.clone()]);
    let r = reminders::get(&store, id_by_key(&store, Rule::Festival, "teachers:2026")).unwrap();
    assert_eq!(r.due, "2026-09-03");
    expect(&mut store, "2026-09-10", &[], &[], "on the day");
    expect(
        &mut store,
        "2026-09-11",
        &[],
        &["teachers:2026"],
        "the day after",
    );
    assert_eq!(
        last_event(&store, id_by_key(&store, Rule::Festival, "teachers:2026")),
        ("closed".into(), "Teachers' Day passed".into())
    );
    // Mid-Autumn 2026 is 25 September.
    expect(&mut store, "2026-09-17", &[], &[], "eight days ahead");
    expect(
        &mut store,
        "2026-09-18",
        &["mid_autumn:2026"],
        &[],
        "seven days ahead",
    );
    assert_eq!(
        names(&store, "mid_autumn:2026"),
        vec![shop.clone(), school.clone()]
    );
    expect(
        &mut store,
        "2026-09-26",
        &[],
        &["mid_autumn:2026"],
        "after Mid-Autumn",
    );
    // New Year 2027 across the year's end; Spring Festival 2027 is 6 February.
    expect(
        &mut store,
        "2026-12-25",
        &["new_year:2027"],
        &[],
        "seven days ahead",
    );
    let ny = id_by_key(&store, Rule::Festival, "new_year:2027");
    clock::at(at("2026-12-26"), || {
        reminders::done(&mut store, ny, &DoneInput::default())
    })
    .unwrap();
    expect(&mut store, "2026-12-27", &[], &[], "done: once a year");
    expect(
        &mut store,
        "2027-01-29",
        &[],
        &[],
        "eight days before Spring Festival",
    );
    expect(
        &mut store,
        "2027-01-30",
        &["spring:2027"],
        &[],
        "seven days ahead",
    );
    // Ordered within the last 365 days as of the run: the shop, the school.
    assert_eq!(
        names(&store, "spring:2027"),
        vec![shop.clone(), school.clone()]
    );
}

#[test]
fn festivals_keep_to_their_switch_lead_and_list() {
    let (mut store, _pinned) = books();
    let shop = customer(&mut store, "新华书店", |_| {});
    order(&mut store, &shop, "2026-06-01", 1);
    only(&mut store, Rule::Festival, |s| s.festival_enabled = false);
    expect(&mut store, "2026-09-20", &[], &[], "switched off");
    only(&mut store, Rule::Festival, |s| {
        s.festival_days = 1;
        s.festival_recent_days = 30;
    });
    expect(&mut store, "2026-09-23", &[], &[], "two days ahead, lead 1");
    expect(
        &mut store,
        "2026-09-24",
        &[],
        &[],
        "no customer ordered within 30 days: no reminder",
    );
    only(&mut store, Rule::Festival, |s| s.festival_days = 1);
    expect(
        &mut store,
        "2026-09-24",
        &["mid_autumn:2026"],
        &[],
        "lead 1",
    );
    // No school: no Teachers' Day reminder.
    expect(&mut store, "2026-09-10", &[], &[], "no schools");
}

// ---------------------------------------------------------------------------
// Stock and backorders

#[test]
fn low_stock_fires_at_the_reorder_point_and_closes_above_it() {
    let (mut store, _pinned) = books();
    only(&mut store, Rule::LowStock, |_| {});
    let title = catalog::create_title(
        &mut store,
        &TitleInput {
            isbn: "9787530213582".into(),
            list_price: "20".into(),
            title: "平凡的世界".into(),
            reorder_point: "5".into(),
            ..Default::default()
        },
    )
    .unwrap();
    let key = format!("T{}", title.id);
    let isbn = "9787530213582";
    stock::receive(&mut store, "人民文学出版社", &[format!("{isbn}:8")]).unwrap();
    expect(&mut store, "2026-03-01", &[], &[], "8 on hand > 5");
    let shop = customer(&mut store, "新华书店", |_| {});
    clock::at(at("2026-03-02"), || {
        let o = orders::create_from_lines(
            &mut store,
            &OrderInput {
                customer: shop.clone(),
                ..Default::default()
            },
            &[format!("{isbn}:3")],
        )
        .unwrap();
        orders::confirm(&mut store, o.id, &ConfirmOptions::default()).unwrap();
    });
    expect(
        &mut store,
        "2026-03-02",
        &[&key],
        &[],
        "5 on hand: at the point",
    );
    let r = reminders::get(&store, id_by_key(&store, Rule::LowStock, &key)).unwrap();
    assert_eq!((r.kind, r.customer.as_deref()), (ReminderKind::Other, None));
    assert_eq!(r.title.as_deref(), Some("9787530213582 平凡的世界"));
    assert_eq!(r.note, "5 on hand, reorder point 5");
    stock::receive(&mut store, "人民文学出版社", &[format!("{isbn}:1")]).unwrap();
    expect(&mut store, "2026-03-03", &[], &[&key], "6 on hand");
    assert_eq!(
        last_event(&store, id_by_key(&store, Rule::LowStock, &key)),
        ("closed".into(), "stock back above the reorder point".into())
    );
    // The titles with no reorder point (A, B, C) never fire, even at 0.
    stock::write_off(&mut store, &[format!("{C}:1000")], "flood").unwrap();
    only(&mut store, Rule::LowStock, |s| s.low_stock_enabled = false);
    stock::write_off(&mut store, &[format!("{isbn}:6")], "flood").unwrap();
    expect(&mut store, "2026-03-04", &[], &[], "switched off");
    only(&mut store, Rule::LowStock, |_| {});
    expect(&mut store, "2026-03-04", &[&key], &[], "switched on, at 0");
}

#[test]
fn backorders_fire_when_their_stock_is_in_and_close_once_dealt_with() {
    let (mut store, _pinned) = books();
    only(&mut store, Rule::Backorder, |_| {});
    let shop = customer(&mut store, "新华书店", |_| {});
    let other = customer(&mut store, "另一书店", |_| {});
    // 1,005 copies asked for, 1,000 on hand: a backorder of 5.
    let ship_short = |store: &mut Store, code: &str, day: &str, copies: i64| -> i64 {
        clock::at(at(day), || {
            let o = orders::create_from_lines(
                store,
                &OrderInput {
                    customer: code.into(),
                    ..Default::default()
                },
                &[format!("{B}:{copies}")],
            )
            .unwrap();
            orders::confirm(
                store,
                o.id,
                &ConfirmOptions {
                    ship_available: true,
                    ..Default::default()
                },
            )
            .unwrap()
            .backorder
            .expect("a backorder")
            .id
        })
    };
    let back = ship_short(&mut store, &shop, "2026-03-01", 1005);
    let key = format!("O{back}");
    expect(&mut store, "2026-03-01", &[], &[], "no stock yet");
    stock::receive(&mut store, "人民文学出版社", &[format!("{B}:5")]).unwrap();
    expect(&mut store, "2026-03-02", &[&key], &[], "stock in");
    let r = reminders::get(&store, id_by_key(&store, Rule::Backorder, &key)).unwrap();
    assert_eq!(r.kind, ReminderKind::Call);
    assert_eq!(r.customer.as_deref(), Some(shop.as_str()));
    assert!(r.order.is_some());
    // The stock goes to another customer: no longer ready.
    order_of(&mut store, &other, "2026-03-03", B, 5);
    expect(&mut store, "2026-03-03", &[], &[&key], "stock gone");
    assert_eq!(
        last_event(&store, id_by_key(&store, Rule::Backorder, &key)),
        ("closed".into(), "stock no longer in for every title".into())
    );
    stock::receive(&mut store, "人民文学出版社", &[format!("{B}:10")]).unwrap();
    expect(
        &mut store,
        "2026-03-04",
        &[&key],
        &[],
        "in again: a new episode",
    );
    clock::at(at("2026-03-05"), || {
        orders::confirm(&mut store, back, &ConfirmOptions::default())
    })
    .unwrap();
    expect(&mut store, "2026-03-05", &[], &[&key], "confirmed");
    assert_eq!(
        last_event(&store, id_by_key(&store, Rule::Backorder, &key)),
        ("closed".into(), "backorder confirmed".into())
    );
    only(&mut store, Rule::Backorder, |s| s.backorder_enabled = false);
    let back = ship_short(&mut store, &shop, "2026-03-06", 10);
    stock::receive(&mut store, "人民文学出版社", &[format!("{B}:100")]).unwrap();
    expect(&mut store, "2026-03-07", &[], &[], "switched off");
    only(&mut store, Rule::Backorder, |_| {});
    let key = format!("O{back}");
    expect(&mut store, "2026-03-07", &[&key], &[], "on");
    // A backorder thrown away: the reminder lets go of it and closes.
    orders::discard_draft(&mut store, back).unwrap();
    expect(&mut store, "2026-03-08", &[], &[&key], "discarded");
    assert_eq!(
        last_event(&store, id_by_key(&store, Rule::Backorder, &key)),
        ("closed".into(), "backorder discarded".into())
    );
}

fn order_of(store: &mut Store, code: &str, day: &str, isbn: &str, copies: i64) {
    clock::at(at(day), || {
        let o = orders::create_from_lines(
            store,
            &OrderInput {
                customer: code.into(),
                ..Default::default()
            },
            &[format!("{isbn}:{copies}")],
        )
        .unwrap();
        orders::confirm(store, o.id, &ConfirmOptions::default()).unwrap();
    });
}

// ---------------------------------------------------------------------------
// Cases and statements

#[test]
fn resolved_cases_are_followed_up_and_close_with_the_case() {
    let (mut store, _pinned) = books();
    only(&mut store, Rule::CaseFollowUp, |_| {});
    let shop = customer(&mut store, "新华书店", |_| {});
    let open_case = |store: &mut Store, day: &str| -> i64 {
        clock::at(at(day), || {
            let k = cases::add(
                store,
                &CaseInput {
                    customer: shop.clone(),
                    category: "damaged".into(),
                    summary: "two copies arrived wet".into(),
                    ..Default::default()
                },
            )
            .unwrap();
            cases::update(
                store,
                k.id,
                &CaseUpdate {
                    status: "resolved".into(),
                    resolution: "credited".into(),
                    ..Default::default()
                },
            )
            .unwrap();
            k.id
        })
    };
    let one = open_case(&mut store, "2026-03-01");
    let two = open_case(&mut store, "2026-03-01");
    let (k1, k2) = (format!("K{one}"), format!("K{two}"));
    expect(&mut store, "2026-03-02", &[], &[], "resolved a day ago");
    expect(
        &mut store,
        "2026-03-03",
        &[&k1, &k2],
        &[],
        "resolved two days ago",
    );
    let r = reminders::get(&store, id_by_key(&store, Rule::CaseFollowUp, &k1)).unwrap();
    assert_eq!((r.kind, r.case_id), (ReminderKind::Call, Some(one)));
    assert_eq!(r.customer.as_deref(), Some(shop.as_str()));
    clock::at(at("2026-03-04"), || {
        cases::update(
            &mut store,
            one,
            &CaseUpdate {
                status: "closed".into(),
                ..Default::default()
            },
        )
        .unwrap();
        cases::update(
            &mut store,
            two,
            &CaseUpdate {
                status: "in_progress".into(),
                ..Default::default()
            },
        )
        .unwrap();
    });
    expect(
        &mut store,
        "2026-03-04",
        &[],
        &[&k1, &k2],
        "closed, reopened",
    );
    assert_eq!(
        last_event(&store, id_by_key(&store, Rule::CaseFollowUp, &k1)),
        ("closed".into(), "case closed".into())
    );
    assert_eq!(
        last_event(&store, id_by_key(&store, Rule::CaseFollowUp, &k2)),
        ("closed".into(), "case reopened".into())
    );
    only(&mut store, Rule::CaseFollowUp, |s| {
        s.case_follow_up_days = 5
    });
    let three = open_case(&mut store, "2026-03-10");
    expect(&mut store, "2026-03-14", &[], &[], "four days < 5");
    expect(
        &mut store,
        "2026-03-15",
        &[&format!("K{three}")],
        &[],
        "five days",
    );
    only(&mut store, Rule::CaseFollowUp, |s| {
        s.case_follow_up_enabled = false
    });
    open_case(&mut store, "2026-03-10");
    expect(&mut store, "2026-04-15", &[], &[], "switched off");
}

#[test]
fn month_end_statements_name_the_customers_on_account_who_owe() {
    let (mut store, _pinned) = books();
    only(&mut store, Rule::Statement, |_| {});
    let terms = customer(&mut store, "账期书店", |c| {
        c.payment_terms_days = "30".into()
    });
    let terms2 = customer(&mut store, "月结书店", |c| {
        c.payment_terms_days = "60".into()
    });
    let cash = customer(&mut store, "现结书店", |_| {});
    let paid = customer(&mut store, "结清书店", |c| {
        c.payment_terms_days = "30".into()
    });
    order(&mut store, &terms, "2026-11-02", 1);
    order(&mut store, &terms2, "2026-11-02", 1);
    order(&mut store, &cash, "2026-11-02", 1);
    order(&mut store, &paid, "2026-11-02", 1);
    pay(&mut store, &paid, "59.70", "2026-11-03");
    expect(
        &mut store,
        "2026-11-26",
        &[],
        &[],
        "four days before the month's end",
    );
    expect(
        &mut store,
        "2026-11-27",
        &["statement:2026-11"],
        &[],
        "three days before",
    );
    let r = reminders::get(
        &store,
        id_by_key(&store, Rule::Statement, "statement:2026-11"),
    )
    .unwrap();
    assert_eq!(
        (r.kind, r.due.as_str()),
        (ReminderKind::Other, "2026-11-30")
    );
    assert_eq!(r.customer, None);
    let listed: Vec<&str> = r
        .customers
        .iter()
        .map(|c| c.split(' ').next().unwrap())
        .collect();
    assert_eq!(listed, vec![terms.as_str(), terms2.as_str()]);
    expect(
        &mut store,
        "2026-12-10",
        &[],
        &[],
        "ten days after the month's end",
    );
    expect(
        &mut store,
        "2026-12-11",
        &[],
        &["statement:2026-11"],
        "eleven days after",
    );
    assert_eq!(
        last_event(
            &store,
            id_by_key(&store, Rule::Statement, "statement:2026-11")
        ),
        ("closed".into(), "month over".into())
    );
    // No run in December's last days: made late, on 2 January, for December.
    expect(
        &mut store,
        "2027-01-02",
        &["statement:2026-12"],
        &[],
        "late",
    );
    pay(&mut store, &terms, "59.70", "2027-01-03");
    pay(&mut store, &terms2, "59.70", "2027-01-03");
    expect(
        &mut store,
        "2027-01-03",
        &[],
        &["statement:2026-12"],
        "all paid",
    );
    assert_eq!(
        last_event(
            &store,
            id_by_key(&store, Rule::Statement, "statement:2026-12")
        ),
        ("closed".into(), "nothing owed any more".into())
    );
    // Threshold and switch.
    order(&mut store, &terms, "2027-01-05", 1);
    only(&mut store, Rule::Statement, |s| s.statement_days = 0);
    expect(
        &mut store,
        "2027-01-30",
        &[],
        &[],
        "lead 0: not the day before",
    );
    expect(
        &mut store,
        "2027-01-31",
        &["statement:2027-01"],
        &[],
        "lead 0: the last day",
    );
    only(&mut store, Rule::Statement, |s| s.statement_enabled = false);
    expect(&mut store, "2027-02-28", &[], &[], "switched off");
}

// ---------------------------------------------------------------------------
// All together

#[test]
fn every_rule_at_once_in_one_run_with_one_audit_row() {
    let (mut store, _pinned) = books();
    let shop = with_birthdays(&mut store, "新华书店", ("12-03", false), &[]);
    clock::at(at("2026-01-01"), || {
        let mut c = customers::get(&store, id_of(&store, &shop)).unwrap();
        c.payment_terms_days = 30;
        let mut input = CustomerInput::from(&c);
        input.credit_limit = "10".into();
        input.settlement = Settlement::Consignment;
        customers::update(&mut store, c.id, &input).unwrap();
    });
    order(&mut store, &shop, "2026-09-01", 2);
    let audits = |store: &Store| -> i64 {
        store
            .conn()
            .query_row(
                "SELECT count(*) FROM audit_log WHERE action = 'reminders.run'",
                [],
                |r| r.get(0),
            )
            .unwrap()
    };
    let report = run(&mut store, "2026-11-30");
    let rules: Vec<String> = report
        .created
        .iter()
        .map(|r| r.rule.clone().unwrap())
        .collect();
    assert_eq!(
        rules,
        [
            "dormant",
            "overdue",
            "over_credit",
            "birthday",
            "settlement",
            "statement"
        ],
    );
    assert_eq!(audits(&store), 1);
    assert!(run(&mut store, "2026-11-30").created.is_empty());
    assert_eq!(audits(&store), 2);
    // The re-export the rest of the app calls.
    assert!(reminders::run(&mut store, at("2026-11-30"))
        .unwrap()
        .created
        .is_empty());
}

mod twice {
    //! Whatever happens to the books between runs, a run straight after a run
    //! makes and closes nothing.
    use super::*;
    use proptest::prelude::*;

    #[derive(Debug, Clone)]
    enum Step {
        Order(usize, i64),
        Pay(usize, i64),
        Contact(usize),
        Receive(i64),
        WriteOff(i64),
        Days(i64),
        DoneFirstOpen,
    }

    fn step() -> impl Strategy<Value = Step> {
        prop_oneof![
            (0..4usize, 1..30i64).prop_map(|(c, n)| Step::Order(c, n)),
            (0..4usize, 1..3000i64).prop_map(|(c, y)| Step::Pay(c, y)),
            (0..4usize).prop_map(Step::Contact),
            (1..50i64).prop_map(Step::Receive),
            (1..50i64).prop_map(Step::WriteOff),
            (1..90i64).prop_map(Step::Days),
            Just(Step::DoneFirstOpen),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]
        #[test]
        fn a_second_run_changes_nothing(steps in proptest::collection::vec(step(), 1..25)) {
            let (mut store, _pinned) = books();
            let isbn = "9787530213582";
            catalog::create_title(&mut store, &TitleInput {
                isbn: isbn.into(),
                list_price: "20".into(),
                title: "平凡的世界".into(),
                reorder_point: "20".into(),
                ..Default::default()
            }).unwrap();
            stock::receive(&mut store, "人民文学出版社", &[format!("{isbn}:40")]).unwrap();
            let codes: Vec<String> = [
                ("甲", Settlement::Consignment, "30", "500", "11-20"),
                ("乙", Settlement::Firm, "0", "", "02-29"),
                ("丙", Settlement::SaleOrReturn, "60", "0", ""),
                ("丁", Settlement::Firm, "90", "", "08-15"),
            ].into_iter().enumerate().map(|(i, (name, settlement, terms, limit, birthday))| {
                customer(&mut store, &format!("{name}书店"), |c| {
                    c.settlement = settlement;
                    c.payment_terms_days = terms.into();
                    c.credit_limit = limit.into();
                    c.birthday = birthday.into();
                    c.birthday_lunar = i == 3;
                    c.kind = if i == 2 { CustomerKind::School } else { CustomerKind::Bookshop };
                })
            }).collect();
            let mut day = d("2026-08-01");
            for s in steps {
                let today = day.to_string();
                match s {
                    Step::Order(c, n) => clock::at(at(&today), || {
                        let o = orders::create_from_lines(&mut store, &OrderInput {
                            customer: codes[c].clone(), ..Default::default()
                        }, &[format!("{isbn}:{n}"), format!("{A}:1")]).unwrap();
                        orders::confirm(&mut store, o.id, &ConfirmOptions {
                            ship_available: true, credit_override: "test".into(),
                        }).unwrap();
                    }),
                    Step::Pay(c, y) => pay(&mut store, &codes[c], &y.to_string(), &today),
                    Step::Contact(c) => contact(&mut store, &codes[c], &today),
                    Step::Receive(n) => {
                        clock::at(at(&today), || stock::receive(
                            &mut store, "人民文学出版社", &[format!("{isbn}:{n}")]
                        )).unwrap();
                    }
                    Step::WriteOff(n) => {
                        let _ = clock::at(at(&today), || stock::write_off(
                            &mut store, &[format!("{isbn}:{n}")], "damaged"
                        ));
                    }
                    Step::Days(n) => day += Duration::days(n),
                    Step::DoneFirstOpen => {
                        let first: Option<i64> = store.conn().query_row(
                            "SELECT min(id) FROM reminders WHERE status = 'open'", [], |r| r.get(0)
                        ).unwrap();
                        if let Some(id) = first {
                            clock::at(at(&today), || reminders::done(
                                &mut store, id, &DoneInput::default()
                            )).unwrap();
                        }
                    }
                }
                let today = day.to_string();
                run(&mut store, &today);
                let again = run(&mut store, &today);
                prop_assert!(again.created.is_empty(), "made {:?} on {}", again.created, today);
                prop_assert!(again.closed.is_empty(), "closed {:?} on {}", again.closed, today);
                // Never two open for one rule and key.
                let doubled: i64 = store.conn().query_row(
                    "SELECT count(*) FROM (SELECT 1 FROM reminders WHERE status IN ('open', 'snoozed')
                     AND rule IS NOT NULL GROUP BY rule, rule_key HAVING count(*) > 1)",
                    [], |r| r.get(0)).unwrap();
                prop_assert_eq!(doubled, 0);
            }
        }
    }
}

#[test]
fn schema_9_files_gain_the_rules_memory_and_keep_their_reminders() {
    use folio::store::MIGRATIONS;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("folio.sqlite");
    let _pinned = clock::pin(at("2026-03-01"));
    {
        let mut store = Store::open_with_migrations(&path, &MIGRATIONS[..9]).unwrap();
        // The customer as schema 9 held it (today's code writes search rows that
        // schema does not have yet).
        store
            .conn()
            .execute_batch(
                "INSERT INTO customers (id, code, code_sort, name, kind, created_at, updated_at)
                     VALUES (1, 'C0001', 'c000000000001', '新华书店', 'bookshop',
                         '2026-03-01T09:00:00+08:00', '2026-03-01T09:00:00+08:00')",
            )
            .unwrap();
        reminders::add(
            &mut store,
            &reminders::ReminderInput {
                customer: "C0001".into(),
                due: "2026-03-02".into(),
                note: "call back".into(),
                ..Default::default()
            },
        )
        .unwrap();
    }
    let mut store = Store::open(&path).unwrap();
    assert_eq!(
        store.schema_version().unwrap(),
        folio::store::SCHEMA_VERSION
    );
    let (note, cleared): (String, Option<String>) = store
        .conn()
        .query_row("SELECT note, cleared_at FROM reminders", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert_eq!((note.as_str(), cleared), ("call back", None));
    // The rules run on it at once.
    assert!(rules::run(&mut store, at("2026-03-01")).is_ok());
}
