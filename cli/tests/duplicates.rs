//! `folio customers duplicates` and `folio customers merge`, run as a user would.

use std::path::Path;
use std::process::{Command, Output};

fn raw(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_folio"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("FOLIO_DB")
        .env("FOLIO_NOW", "2026-03-02T10:00:00+08:00")
        .output()
        .expect("run folio")
}

fn ok(db: &Path, args: &[&str]) -> String {
    let out = raw(db, args);
    assert!(
        out.status.success(),
        "folio {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn json(db: &Path, args: &[&str]) -> serde_json::Value {
    serde_json::from_str(&ok(db, args)).unwrap()
}

/// C0001 and C0002: the same bookshop typed twice, one phone with +86; C0003 another.
fn setup(dir: &Path) -> std::path::PathBuf {
    let db = dir.join("f.sqlite");
    ok(&db, &["init"]);
    for (name, phone) in [
        ("成都新华书店", "028-8666 1234"),
        ("成都 新华书店", "+86 28 8666 1234"),
        ("文轩书店", "13800000000"),
    ] {
        ok(&db, &["customers", "add", "--name", name, "--phone", phone]);
    }
    ok(
        &db,
        &[
            "receivables",
            "opening",
            "--customer",
            "C0002",
            "--amount",
            "120",
            "--date",
            "2026-01-01",
        ],
    );
    ok(
        &db,
        &[
            "receivables",
            "opening",
            "--customer",
            "C0001",
            "--amount",
            "30",
            "--date",
            "2026-01-01",
        ],
    );
    db
}

#[test]
fn duplicates_are_listed_then_merged_away() {
    let dir = tempfile::tempdir().unwrap();
    let db = setup(dir.path());

    let text = ok(&db, &["customers", "duplicates"]);
    assert!(
        text.starts_with("same phone 028-8666 1234, same name 成都新华书店\n"),
        "{text}"
    );
    assert!(text.contains("  C0001\t成都新华书店\tactive\t¥30.00\t0 orders\tno orders\n"));
    assert!(text.contains("  C0002\t成都 新华书店\tactive\t¥120.00\t0 orders\tno orders\n"));
    assert!(!text.contains("C0003"));

    let page = json(&db, &["customers", "duplicates", "--json"]);
    assert_eq!(page["total"], 1);
    let group = &page["groups"][0];
    assert_eq!(group["reasons"][0]["reason"], "phone");
    assert_eq!(group["reasons"][1]["reason"], "name");
    assert_eq!(group["members"][1]["balance_fen"], 12000);

    let merged = ok(&db, &["customers", "merge", "C0002", "C0001"]);
    assert_eq!(
        merged,
        "merged C0002 into C0001: ledger entries 1; balance moved ¥120.00\n\
         C0002 is archived; C0001 now owes ¥150.00\n"
    );
    let shown = json(&db, &["customers", "show", "C0002", "--json"]);
    assert_eq!(shown["status"], "archived");
    assert_eq!(
        ok(&db, &["customers", "duplicates"]),
        "no possible duplicates\n"
    );
    let aging = json(&db, &["receivables", "--json"]);
    let balances: Vec<(String, i64)> = aging
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["code"].as_str().unwrap().to_string(),
                a["balance_fen"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(balances, vec![("C0001".to_string(), 15000)]);
}

#[test]
fn a_refused_merge_says_why_in_one_line_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = setup(dir.path());
    ok(&db, &["customers", "archive", "C0003"]);
    let cases: &[(&[&str], &str)] = &[
        (
            &["customers", "merge", "C0001", "C0001"],
            "a customer cannot be merged into itself",
        ),
        (
            &["customers", "merge", "C0001", "C0003"],
            "C0003 is archived: restore it first",
        ),
        (&["customers", "merge", "C0001", "C9999"], "C9999"),
        (&["customers", "duplicates", "--limit", "0"], "limit"),
        (&["customers", "duplicates", "--offset", "-1"], "offset"),
    ];
    let before = ok(&db, &["customers", "list", "--all", "--json"]);
    for (args, says) in cases {
        let out = raw(&db, args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{args:?} should fail");
        assert!(err.contains(says), "{args:?}: {err}");
        assert_eq!(err.trim().lines().count(), 1, "{args:?}: {err}");
    }
    assert_eq!(ok(&db, &["customers", "list", "--all", "--json"]), before);
}
