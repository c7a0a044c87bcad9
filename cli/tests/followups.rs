//! Follow-ups from the command line, as a user would run them, with the clock
//! pinned by `FOLIO_NOW`: reminders, the call log and cases.

use std::path::Path;
use std::process::{Command, Output};

/// Monday 23 November 2026, 09:00 in Chengdu.
const NOW: &str = "2026-11-23T09:00:00+08:00";

fn raw(db: &Path, now: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_folio"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("FOLIO_DB")
        .env("FOLIO_NOW", now)
        .output()
        .expect("run folio")
}

fn ok_at(db: &Path, now: &str, args: &[&str]) -> String {
    let out = raw(db, now, args);
    assert!(
        out.status.success(),
        "folio {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn ok(db: &Path, args: &[&str]) -> String {
    ok_at(db, NOW, args)
}

fn json(db: &Path, args: &[&str]) -> serde_json::Value {
    let mut all = args.to_vec();
    all.push("--json");
    serde_json::from_str(&ok(db, &all)).unwrap()
}

/// A file with two customers.
fn setup(dir: &Path) -> std::path::PathBuf {
    let db = dir.join("f.sqlite");
    ok(&db, &["init"]);
    ok(
        &db,
        &[
            "customers",
            "add",
            "--name",
            "成都新华书店",
            "--type",
            "school",
        ],
    );
    ok(&db, &["customers", "add", "--name", "Waterstones Leeds"]);
    db
}

/// Everything the file holds that a follow-up command could write.
fn snapshot(db: &Path) -> String {
    [
        "reminders list --due all",
        "cases list",
        "interactions list --customer C0001",
    ]
    .iter()
    .map(|c| ok(db, &c.split(' ').chain(["--json"]).collect::<Vec<_>>()))
    .collect()
}

#[test]
fn reminders_are_added_listed_by_local_date_done_and_snoozed() {
    let dir = tempfile::tempdir().unwrap();
    let db = setup(dir.path());
    let id = |out: String| out.trim().to_string();
    let yesterday = id(ok(
        &db,
        &[
            "reminders",
            "add",
            "--customer",
            "C0001",
            "--due",
            "2026-11-22",
            "--note",
            "回访",
        ],
    ));
    let now = id(ok(
        &db,
        &[
            "reminders",
            "add",
            "--customer",
            "C0002",
            "--due",
            "2026-11-23T08:30",
            "--type",
            "visit",
        ],
    ));
    let late = id(ok(
        &db,
        &[
            "reminders",
            "add",
            "--customer",
            "C0001",
            "--due",
            "2026-11-23T23:59",
        ],
    ));
    let monthly = id(ok(
        &db,
        &[
            "reminders",
            "add",
            "--customer",
            "C0001",
            "--due",
            "2026-10-31",
            "--every",
            "1m",
            "--type",
            "collect",
        ],
    ));
    let next_week = id(ok(
        &db,
        &[
            "reminders",
            "add",
            "--due",
            "2026-11-30",
            "--type",
            "catalogue",
        ],
    ));
    // (filter, the reminders it lists, in due order)
    let cases: &[(&str, &[&str])] = &[
        ("overdue", &[&monthly, &yesterday]),
        ("today", &[&now, &late]),
        ("upcoming", &[&next_week]),
        ("open", &[&monthly, &yesterday, &now, &late, &next_week]),
    ];
    for (due, want) in cases {
        let rows = json(&db, &["reminders", "list", "--due", due]);
        let ids: Vec<String> = rows
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["id"].to_string())
            .collect();
        assert_eq!(ids, *want, "--due {due}");
    }
    let first = &json(&db, &["reminders", "list", "--due", "today"])[0];
    for field in ["id", "rule", "customer", "due", "status", "note"] {
        assert!(first.get(field).is_some(), "no {field} in {first}");
    }
    assert_eq!(first["rule"], serde_json::Value::Null);
    assert_eq!(first["customer"], "C0002");
    assert_eq!(first["due"], "2026-11-23T08:30");

    // A monthly one done late moves to its next date after today, at the month's end.
    let out = ok(&db, &["reminders", "done", &monthly]);
    assert_eq!(out.trim(), format!("done {monthly}; next on 2026-11-30"));
    // Done once is done: a second time is refused.
    ok(&db, &["reminders", "done", &yesterday]);
    let again = raw(&db, NOW, &["reminders", "done", &yesterday]);
    assert!(!again.status.success());
    // Done and schedule the next in one step.
    let out = ok(
        &db,
        &[
            "reminders",
            "done",
            &now,
            "--next",
            "2026-12-01",
            "--next-note",
            "再访",
        ],
    );
    assert!(out.contains("next is"), "{out}");
    // Snoozed until tomorrow: not today's any more, tomorrow it is.
    ok(&db, &["reminders", "snooze", &late, "--until", "tomorrow"]);
    let today = json(&db, &["reminders", "list", "--due", "today"]);
    assert_eq!(today.as_array().unwrap().len(), 0, "{today}");
    let tomorrow: serde_json::Value = serde_json::from_str(&ok_at(
        &db,
        "2026-11-24T00:01:00+08:00",
        &["reminders", "list", "--due", "today", "--json"],
    ))
    .unwrap();
    assert_eq!(tomorrow[0]["id"].to_string(), late);
    assert_eq!(tomorrow[0]["status"], "snoozed");
    let history = ok(&db, &["reminders", "history", &monthly]);
    assert!(history.contains("next\t2026-11-30"), "{history}");
}

#[test]
fn a_call_with_a_next_step_makes_its_reminder_and_closes_the_one_it_came_from() {
    let dir = tempfile::tempdir().unwrap();
    let db = setup(dir.path());
    let from = ok(
        &db,
        &[
            "reminders",
            "add",
            "--customer",
            "C0001",
            "--due",
            "2026-11-23",
        ],
    );
    let i = json(
        &db,
        &[
            "interactions",
            "add",
            "--customer",
            "C0001",
            "--type",
            "phone",
            "--summary",
            "问了春季书目",
            "--next-date",
            "2026-11-26",
            "--next-note",
            "寄书目",
            "--reminder",
            from.trim(),
            "--csat",
            "5",
        ],
    );
    assert_eq!(i["kind"], "phone");
    assert_eq!(i["next_step"], "寄书目");
    let open = json(&db, &["reminders", "list"]);
    let open = open.as_array().unwrap();
    assert_eq!(open.len(), 1, "{open:?}");
    assert_eq!(open[0]["due"], "2026-11-26");
    assert_eq!(open[0]["note"], "寄书目");
    assert_eq!(open[0]["id"], i["next_reminder_id"]);
    let listed = json(&db, &["interactions", "list", "--customer", "C0001"]);
    assert_eq!(listed[0]["summary"], "问了春季书目");
}

#[test]
fn a_case_goes_open_to_closed_with_its_times_and_a_score() {
    let dir = tempfile::tempdir().unwrap();
    let db = setup(dir.path());
    let id = ok(
        &db,
        &[
            "cases",
            "add",
            "--customer",
            "C0002",
            "--category",
            "damaged",
            "--summary",
            "Two copies torn",
            "--priority",
            "high",
        ],
    );
    let id = id.trim();
    // Closing before it is resolved is refused; resolving needs a resolution.
    for args in [
        &[
            "cases",
            "update",
            id,
            "--status",
            "closed",
            "--resolution",
            "x",
        ][..],
        &["cases", "update", id, "--status", "resolved"][..],
    ] {
        let out = raw(&db, NOW, args);
        assert!(!out.status.success(), "{args:?}");
    }
    ok(&db, &["cases", "update", id, "--status", "in_progress"]);
    ok(
        &db,
        &[
            "cases",
            "update",
            id,
            "--status",
            "resolved",
            "--resolution",
            "Two sent again",
        ],
    );
    ok_at(
        &db,
        "2026-11-25T10:00:00+08:00",
        &["cases", "update", id, "--status", "closed", "--csat", "4"],
    );
    let c = &json(&db, &["cases", "list"])[0];
    assert_eq!(c["status"], "closed");
    assert_eq!(c["first_response_at"], NOW);
    assert_eq!(c["resolved_at"], NOW);
    assert_eq!(c["closed_at"], "2026-11-25T10:00:00+08:00");
    let open = json(&db, &["cases", "list", "--open"]);
    assert_eq!(open.as_array().unwrap().len(), 0);
    let after = raw(
        &db,
        NOW,
        &["cases", "update", id, "--status", "in_progress"],
    );
    assert!(!after.status.success(), "a closed case stays closed");
}

#[test]
fn bad_input_fails_with_one_line_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = setup(dir.path());
    let before = snapshot(&db);
    // (command, words the one-line error must hold)
    let cases: &[(&[&str], &str)] = &[
        (
            &[
                "reminders",
                "add",
                "--customer",
                "C9999",
                "--due",
                "2026-11-30",
            ],
            "no customer",
        ),
        (
            &[
                "reminders",
                "add",
                "--customer",
                "C0001",
                "--due",
                "2026-02-30",
            ],
            "not a day of the calendar",
        ),
        (
            &[
                "reminders",
                "add",
                "--customer",
                "C0001",
                "--due",
                "2026-11-30T25:00",
            ],
            "not a time of day",
        ),
        (
            &[
                "reminders",
                "add",
                "--customer",
                "C0001",
                "--due",
                "tomorrow",
            ],
            "not a date",
        ),
        (
            &[
                "reminders",
                "add",
                "--customer",
                "C0001",
                "--due",
                "2026-11-30",
                "--every",
                "0d",
            ],
            "every 1 to 999",
        ),
        (
            &[
                "reminders",
                "add",
                "--customer",
                "C0001",
                "--due",
                "2026-11-30",
                "--every",
                "3x",
            ],
            "not a repeat",
        ),
        (
            &[
                "reminders",
                "add",
                "--customer",
                "C0001",
                "--due",
                "2026-11-30",
                "--type",
                "party",
            ],
            "not one of",
        ),
        (&["reminders", "done", "99"], "not found"),
        (
            &["reminders", "snooze", "99", "--until", "tomorrow"],
            "not found",
        ),
        (&["reminders", "list", "--due", "soon"], "not one of"),
        (
            &[
                "interactions",
                "add",
                "--customer",
                "C0001",
                "--summary",
                "",
            ],
            "write what was said",
        ),
        (
            &[
                "interactions",
                "add",
                "--customer",
                "C0001",
                "--summary",
                "x",
                "--type",
                "fax",
            ],
            "not one of",
        ),
        (
            &[
                "interactions",
                "add",
                "--customer",
                "C0001",
                "--summary",
                "x",
                "--next-date",
                "2026-13-01",
            ],
            "not a day",
        ),
        (
            &[
                "interactions",
                "add",
                "--customer",
                "C0001",
                "--summary",
                "x",
                "--csat",
                "6",
            ],
            "from 1 to 5",
        ),
        (
            &[
                "interactions",
                "add",
                "--customer",
                "C0001",
                "--summary",
                "x",
                "--nps",
                "-1",
            ],
            "from 0 to 10",
        ),
        (
            &[
                "interactions",
                "add",
                "--customer",
                "C0001",
                "--summary",
                "x",
                "--order",
                "SO-1",
            ],
            "no order",
        ),
        (
            &[
                "cases",
                "add",
                "--customer",
                "C0001",
                "--category",
                "lost",
                "--summary",
                "x",
            ],
            "not one of",
        ),
        (
            &[
                "cases",
                "add",
                "--customer",
                "C0001",
                "--category",
                "late",
                "--summary",
                " ",
            ],
            "say what",
        ),
        (
            &[
                "cases",
                "add",
                "--customer",
                "C0001",
                "--category",
                "late",
                "--summary",
                "x",
                "--line",
                "1",
            ],
            "name the order",
        ),
        (&["cases", "update", "7", "--status", "closed"], "not found"),
    ];
    for (args, words) in cases {
        let out = raw(&db, NOW, args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{args:?} should fail");
        assert_eq!(err.trim().lines().count(), 1, "{args:?}: {err}");
        assert!(err.contains(words), "{args:?}: {err}");
    }
    assert_eq!(snapshot(&db), before, "nothing written");
}

#[test]
fn the_rules_run_from_the_cli_make_a_reminder_once_and_close_it_when_it_clears() {
    let dir = tempfile::tempdir().unwrap();
    let db = setup(dir.path());
    // Over its credit limit: the limit is 100 yuan and it owes 150.
    ok(&db, &["customers", "update", "C0002", "--credit", "100"]);
    ok(
        &db,
        &[
            "receivables",
            "opening",
            "--customer",
            "C0002",
            "--amount",
            "150",
        ],
    );
    let first = json(&db, &["reminders", "run"]);
    let made: Vec<&serde_json::Value> = first["created"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["rule"] == "over_credit")
        .collect();
    assert_eq!(made.len(), 1, "{first}");
    assert_eq!(made[0]["customer"], "C0002");
    let again = json(&db, &["reminders", "run"]);
    assert_eq!(again["created"].as_array().unwrap().len(), 0, "{again}");
    ok(
        &db,
        &["payments", "add", "--customer", "C0002", "--amount", "150"],
    );
    let cleared = json(&db, &["reminders", "run"]);
    let closed: Vec<&serde_json::Value> = cleared["closed"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["rule"] == "over_credit")
        .collect();
    assert_eq!(closed.len(), 1, "{cleared}");
    assert_eq!(closed[0]["status"], "closed");
}
