//! Never lose an order: a process confirming orders in a loop is killed with
//! SIGKILL at random moments, again and again. Afterwards the file is intact,
//! every order is whole (lines, stock movements, receivable) or absent, and
//! on-hand stock equals the ledger.

#![cfg(unix)]

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
