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

/// The month's pack and vouchers, and the voucher settings they are booked by.
#[test]
fn the_monthly_pack_vouchers_and_their_settings() {
    let dir = tempfile::tempdir().unwrap();
    let db = sample(dir.path());
    let path = |name: &str| dir.path().join(name).to_str().unwrap().to_string();
    let json = |args: &[&str]| -> serde_json::Value {
        let mut all = vec!["--json"];
        all.extend(args);
        serde_json::from_str(&ok(&db, &all)).unwrap()
    };
    let pack = path("pack.xlsx");
    let v = json(&["export", "pack", "--month", "2026-10", &pack]);
    assert!(v["rows"].as_u64().unwrap() > 0);
    assert!(std::fs::read(&pack).unwrap().starts_with(b"PK"));

    // Settings: the defaults, then a change, kept.
    let s = json(&["settings", "vouchers"]);
    assert_eq!(s["vat_rate_bp"], 900);
    assert_eq!(s["receivable"]["code"], "1122");
    assert_eq!(s["revenue"]["code"], "5001");
    let s = json(&[
        "settings",
        "vouchers",
        "--vat-rate",
        "3%",
        "--standard",
        "enterprise",
        "--bank",
        "100201 银行存款-工行",
        "--cash",
        "1001",
    ]);
    assert_eq!(s["vat_rate_bp"], 300);
    assert_eq!(s["revenue"]["code"], "6001");
    assert_eq!(s["bank"]["name"], "银行存款-工行");
    assert_eq!(s["cash"]["name"], "库存现金", "a code alone keeps the name");
    assert!(ok(&db, &["settings", "vouchers"]).contains("3.00%"));

    for (format, name, extra) in [
        ("kingdee", "k.xlsx", vec![]),
        ("yonyou", "y.csv", vec!["--encoding", "gbk"]),
        ("xero", "x.csv", vec![]),
        ("xero-credit-notes", "xc.csv", vec![]),
    ] {
        let out = path(name);
        let mut args = vec![
            "export", "vouchers", "--month", "2026-10", "--format", format,
        ];
        args.push(&out);
        args.extend(&extra);
        let v = json(&args);
        assert!(v["rows"].as_u64().unwrap() > 0, "{format}");
        let bytes = std::fs::read(&out).unwrap();
        match format {
            "kingdee" => assert!(bytes.starts_with(b"PK")),
            "yonyou" => {
                let (text, _, bad) = encoding_rs::GBK.decode(&bytes);
                assert!(!bad);
                assert!(text.starts_with("制单日期,凭证类别,凭证号"), "{text}");
                assert!(text.contains(",6001,"), "the enterprise revenue account");
            }
            _ => {
                let text = String::from_utf8(bytes).unwrap();
                assert!(text.starts_with("\u{feff}*ContactName,"), "{text}");
                let number = if format == "xero" {
                    "*InvoiceNumber"
                } else {
                    "*CreditNoteNumber"
                };
                assert!(text.contains(number), "{format}: {text}");
            }
        }
    }

    // Refused in one line, nothing written.
    let bad = path("bad.xlsx");
    let bad_csv = path("bad.csv");
    for (args, says) in [
        (vec!["export", "pack", "--month", "2026-13", &bad], "month"),
        (
            vec!["export", "pack", "--month", "2026-10", &bad_csv],
            "CSV",
        ),
        (
            vec![
                "export", "vouchers", "--month", "2026-10", "--format", "sage", &bad,
            ],
            "kingdee, yonyou, xero or xero-credit-notes",
        ),
        (
            vec![
                "export", "vouchers", "--month", "2026-10", "--format", "xero", &bad,
            ],
            ".csv",
        ),
        (
            vec!["settings", "vouchers", "--vat-rate", "25%"],
            "vat_rate",
        ),
        (vec!["settings", "vouchers", "--bank", "ABC"], "bank.code"),
    ] {
        let r = folio(&db, &args);
        assert!(!r.status.success(), "{args:?}");
        let err = String::from_utf8_lossy(&r.stderr);
        assert_eq!(err.trim_end().lines().count(), 1, "{args:?}: {err}");
        assert!(err.contains(says), "{args:?}: {err}");
    }
    assert!(!Path::new(&bad).exists() && !Path::new(&bad_csv).exists());
    assert_eq!(
        json(&["settings", "vouchers"])["vat_rate_bp"],
        300,
        "unchanged"
    );
}
