//! `folio export`, run as a user would: every kind to .xlsx and CSV, --json,
//! and bad input refused in one line with no file left behind.

use std::path::Path;
use std::process::{Command, Output};

fn folio(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_folio"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("FOLIO_DB")
        .env("FOLIO_NOW", "2026-11-23T10:00:00+08:00")
        .output()
        .expect("run folio")
}

fn ok(db: &Path, args: &[&str]) -> String {
    let out = folio(db, args);
    assert!(
        out.status.success(),
        "folio {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// A file with sample customers, titles and a few months of orders.
fn sample(dir: &Path) -> std::path::PathBuf {
    let db = dir.join("f.sqlite");
    ok(&db, &["init"]);
    ok(
        &db,
        &[
            "demo",
            "--customers",
            "60",
            "--titles",
            "40",
            "--orders",
            "120",
        ],
    );
    db
}

#[test]
fn every_kind_exports_to_xlsx_and_csv() {
    let dir = tempfile::tempdir().unwrap();
    let db = sample(dir.path());
    let list: serde_json::Value =
        serde_json::from_str(&ok(&db, &["--json", "customers", "list"])).unwrap();
    let code = list[0]["code"].as_str().unwrap().to_string();
    let statement = [
        "statement",
        "--customer",
        code.as_str(),
        "--from",
        "2025-01-01",
        "--to",
        "2026-11-23",
    ];
    let cases: Vec<Vec<&str>> = vec![
        vec!["customers"],
        vec!["orders", "--from", "2026-01-01", "--to", "2026-11-23"],
        vec!["ledger"],
        vec!["returns"],
        vec!["payments", "--to", "2026-11-23"],
        vec!["receivables"],
        statement.to_vec(),
        vec!["stock"],
    ];
    for case in &cases {
        for (ext, extra) in [
            ("xlsx", vec![]),
            ("xlsx", vec!["--lang", "en"]),
            ("csv", vec![]),
            ("txt", vec!["--csv", "--encoding", "gbk"]),
        ] {
            let out = dir
                .path()
                .join(format!("{}-{}.{ext}", case[0], extra.len()));
            let mut args = vec!["--json", "export"];
            args.extend(case);
            args.push(out.to_str().unwrap());
            args.extend(&extra);
            let v: serde_json::Value = serde_json::from_str(&ok(&db, &args)).unwrap();
            assert_eq!(v["path"], out.to_str().unwrap(), "{args:?}");
            let rows = v["rows"].as_u64().unwrap();
            let bytes = std::fs::read(&out).unwrap();
            match (ext, extra.len()) {
                ("xlsx", _) => assert!(bytes.starts_with(b"PK"), "{args:?}: a zip"),
                ("csv", _) => {
                    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "{args:?}: BOM");
                    let text = std::str::from_utf8(&bytes[3..]).unwrap();
                    assert_eq!(text.matches("\r\n").count() as u64, rows + 1, "{args:?}");
                }
                _ => {
                    let (text, _, bad) = encoding_rs::GBK.decode(&bytes);
                    assert!(!bad && !text.starts_with('\u{feff}'), "{args:?}");
                    assert!(
                        text.contains("日期") || text.contains("客户编号") || text.contains("ISBN")
                    );
                }
            }
        }
    }
}

#[test]
fn bad_input_is_one_line_and_leaves_no_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = sample(dir.path());
    let out = dir.path().join("out.xlsx");
    let o = out.to_str().unwrap();
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec![
                "statement",
                "--customer",
                "NOPE",
                "--from",
                "2026-01-01",
                "--to",
                "2026-02-01",
                o,
            ],
            "NOPE",
        ),
        (vec!["orders", o, "--from", "2026-02-30"], "from"),
        (
            vec!["ledger", o, "--from", "2026-05-01", "--to", "2026-04-01"],
            "before its start",
        ),
        (vec!["payments", o, "--to", "yesterday"], "to"),
        (vec!["stock", "/no/such/folder/x.xlsx"], "cannot write"),
        (vec!["stock", o, "--encoding", "latin1"], "encoding"),
        (vec!["stock", o, "--lang", "fr"], "language"),
    ];
    for (args, says) in cases {
        let mut all = vec!["export"];
        all.extend(&args);
        let r = folio(&db, &all);
        assert!(!r.status.success(), "{all:?}");
        let err = String::from_utf8_lossy(&r.stderr);
        assert_eq!(err.trim_end().lines().count(), 1, "{all:?}: {err}");
        assert!(err.contains(says), "{all:?}: {err}");
        assert!(!out.exists(), "{all:?}: no file");
    }
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".folio-tmp"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}
