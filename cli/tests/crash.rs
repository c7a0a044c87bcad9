//! Never lose an order: a process confirming orders in a loop is killed with
//! SIGKILL at random moments, again and again. Afterwards the file is intact,
//! every order is whole (lines, stock movements, receivable) or absent, and
//! on-hand stock equals the ledger. A killed process's log is taken for a crash,
//! a running one's is not.

#![cfg(unix)]

use std::io::BufRead;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use rand::{Rng, SeedableRng};

fn folio(db: &Path, args: &[&str]) {
    let out = Command::new(env!("CARGO_BIN_EXE_folio"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("FOLIO_DB")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "folio {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn killing_the_process_mid_confirmation_never_leaves_half_an_order() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("crash.sqlite");
    folio(&db, &["init"]);
    folio(
        &db,
        &[
            "customers",
            "add",
            "--name",
            "成都新华书店",
            "--discount",
            "6.5折",
        ],
    );
    folio(&db, &["suppliers", "add", "--name", "人民文学出版社"]);
    let isbns = ["9787020002207", "9787544253994", "9787532731077"];
    for (i, isbn) in isbns.iter().enumerate() {
        folio(
            &db,
            &[
                "books",
                "add",
                "--isbn",
                isbn,
                "--title",
                &format!("书{i}"),
                "--price",
                "12.90",
            ],
        );
    }
    let receipt: Vec<String> = isbns
        .iter()
        .flat_map(|i| ["--line".to_string(), format!("{i}:1000000")])
        .collect();
    let mut args = vec!["stock", "receive", "--supplier", "人民文学出版社"];
    args.extend(receipt.iter().map(String::as_str));
    folio(&db, &args);

    let lines: Vec<String> = isbns
        .iter()
        .enumerate()
        .flat_map(|(k, i)| ["--line".to_string(), format!("{i}:{}", k + 1)])
        .collect();
    let mut rng = rand::rngs::SmallRng::seed_from_u64(20261123);
    let kills = 120;
    for _ in 0..kills {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_folio"));
        cmd.arg("--db")
            .arg(&db)
            .args(["orders", "soak", "--customer", "C0001"]);
        cmd.args(&lines)
            .env_remove("FOLIO_DB")
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        let mut child = cmd.spawn().unwrap();
        // Past start-up (open, checks) into the loop, then at a random moment.
        std::thread::sleep(Duration::from_millis(rng.random_range(20..120)));
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
    }

    // The file is intact, and nothing of it was left to recover by hand.
    let conn = rusqlite::Connection::open(&db).unwrap();
    let ok: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(ok, "ok");
    let confirmed: i64 = conn
        .query_row(
            "SELECT count(*) FROM orders WHERE status = 'confirmed'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(
        confirmed >= kills / 2,
        "only {confirmed} orders got through in {kills} runs"
    );
    // Every order is whole: three lines with their nets, one movement per line
    // taking exactly its quantity out, one receivable of the lines' total.
    let broken: i64 = conn
        .query_row(
            "SELECT count(*) FROM orders o WHERE
                (SELECT count(*) FROM order_lines l WHERE l.order_id = o.id AND l.net_fen IS NOT NULL) <> 3
             OR (SELECT count(*) FROM stock_movements m WHERE m.order_id = o.id) <> 3
             OR (SELECT sum(quantity) FROM stock_movements m WHERE m.order_id = o.id)
                <> -(SELECT sum(quantity) FROM order_lines l WHERE l.order_id = o.id)
             OR (SELECT count(*) FROM receivable_entries e WHERE e.order_id = o.id) <> 1
             OR (SELECT amount_fen FROM receivable_entries e WHERE e.order_id = o.id)
                <> (SELECT sum(net_fen) FROM order_lines l WHERE l.order_id = o.id)
             OR o.status <> 'confirmed' OR o.number IS NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(broken, 0, "orders that are not whole");
    let orphans: i64 = conn
        .query_row(
            "SELECT (SELECT count(*) FROM stock_movements WHERE kind = 'sale'
                        AND order_id NOT IN (SELECT id FROM orders))
                  + (SELECT count(*) FROM receivable_entries WHERE order_id NOT IN (SELECT id FROM orders))",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(orphans, 0);
    drop(conn);
    let out = Command::new(env!("CARGO_BIN_EXE_folio"))
        .arg("--db")
        .arg(&db)
        .args(["stock", "check"])
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("agrees"),
        "on-hand equals the ledger"
    );
}

/// The reminder rules killed mid-run, again and again, on a year of sample trade:
/// no half-made reminder (each has its history line and its customers), never two
/// open ones for the same rule and key, and a run after them all finds nothing
/// left to make twice.
#[test]
fn killing_the_rules_mid_run_never_leaves_a_duplicate_or_half_a_reminder() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("rules.sqlite");
    folio(&db, &["init"]);
    folio(
        &db,
        &[
            "demo",
            "--customers",
            "300",
            "--titles",
            "100",
            "--orders",
            "300",
        ],
    );
    let mut rng = rand::rngs::SmallRng::seed_from_u64(20261201);
    for _ in 0..40 {
        let mut child = Command::new(env!("CARGO_BIN_EXE_folio"))
            .arg("--db")
            .arg(&db)
            .args(["reminders", "run"])
            .env_remove("FOLIO_DB")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(rng.random_range(5..150)));
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        // Now and then the condition of some rules changes between runs.
        if rng.random_bool(0.2) {
            folio(
                &db,
                &["payments", "add", "--customer", "C0001", "--amount", "10"],
            );
        }
    }
    folio(&db, &["reminders", "run"]);
    let conn = rusqlite::Connection::open(&db).unwrap();
    let ok: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(ok, "ok");
    let count = |sql: &str| -> i64 { conn.query_row(sql, [], |r| r.get(0)).unwrap() };
    assert!(count("SELECT count(*) FROM reminders WHERE rule IS NOT NULL") > 0);
    assert_eq!(
        count(
            "SELECT count(*) FROM (SELECT rule, rule_key FROM reminders
             WHERE rule IS NOT NULL AND status IN ('open', 'snoozed')
             GROUP BY rule, rule_key HAVING count(*) > 1)"
        ),
        0,
        "two open reminders for one rule and key"
    );
    assert_eq!(
        count(
            "SELECT count(*) FROM reminders r WHERE NOT EXISTS
             (SELECT 1 FROM reminder_events e WHERE e.reminder_id = r.id AND e.event = 'created')"
        ),
        0,
        "a reminder without its history"
    );
    assert_eq!(
        count(
            "SELECT count(*) FROM reminders r WHERE r.rule = 'festival' AND NOT EXISTS
             (SELECT 1 FROM reminder_customers c WHERE c.reminder_id = r.id)"
        ),
        0,
        "a festival's reminder without its customers"
    );
    drop(conn);
    // Nothing left to make: a run now makes nothing.
    let out = Command::new(env!("CARGO_BIN_EXE_folio"))
        .arg("--db")
        .arg(&db)
        .args(["reminders", "run", "--json"])
        .env_remove("FOLIO_DB")
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["created"].as_array().unwrap().len(), 0, "{report}");
}

/// A second call while another `folio` is running finds that process's log
/// beside the file and goes on, the last check's verdict standing; once that
/// process is killed, its log is a crash's, and the verdict is forgotten (the
/// next write checks the file in full first).
#[test]
fn a_running_process_log_is_not_a_crash_but_a_killed_ones_is() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("live.sqlite");
    folio(&db, &["init"]);
    folio(&db, &["customers", "add", "--name", "成都新华书店"]);
    folio(&db, &["suppliers", "add", "--name", "人民文学出版社"]);
    folio(
        &db,
        &[
            "books",
            "add",
            "--isbn",
            "9787020002207",
            "--title",
            "书",
            "--price",
            "12.90",
        ],
    );
    folio(
        &db,
        &[
            "stock",
            "receive",
            "--supplier",
            "人民文学出版社",
            "--line",
            "9787020002207:100000",
        ],
    );
    folio(&db, &["check"]);
    let verdict = dir.path().join("live.sqlite.check");
    let log = dir.path().join("live.sqlite-wal");
    let whole = || std::fs::read_to_string(&verdict).is_ok_and(|v| v.starts_with("whole "));
    assert!(whole());

    let mut soak = Command::new(env!("CARGO_BIN_EXE_folio"))
        .arg("--db")
        .arg(&db)
        .args([
            "orders",
            "soak",
            "--customer",
            "C0001",
            "--line",
            "9787020002207:1",
        ])
        .env_remove("FOLIO_DB")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // One order made: it has the file open and its log has pages.
    let mut first = String::new();
    std::io::BufReader::new(soak.stdout.as_mut().unwrap())
        .read_line(&mut first)
        .unwrap();
    assert!(!first.trim().is_empty(), "the soak made an order");
    assert!(std::fs::metadata(&log).is_ok_and(|m| m.len() > 0));
    // A read, which would not check again: had it taken the log for a crash,
    // the verdict would be gone.
    folio(&db, &["customers", "list"]);
    assert!(whole(), "the verdict stands beside a running process");
    folio(&db, &["customers", "add", "--name", "西西弗"]);
    assert!(whole());

    soak.kill().unwrap(); // SIGKILL
    soak.wait().unwrap();
    assert!(
        std::fs::metadata(&log).is_ok_and(|m| m.len() > 0),
        "its log is left"
    );
    folio(&db, &["customers", "list"]);
    assert!(!whole(), "a killed process's log is a crash's");
    folio(&db, &["customers", "add", "--name", "三联"]);
    assert!(whole(), "the write checked the file first");
}
