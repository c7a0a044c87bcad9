//! `folio import`, run as a user would: a bad row refuses the whole file with the
//! row named (human and --json), nothing written, the exit status non-zero; fixed,
//! it goes in; --dry-run writes nothing; --skip-invalid writes the report; --map
//! is remembered; an export imports back into a fresh file.

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

fn json(db: &Path, args: &[&str]) -> (bool, serde_json::Value) {
    let out = folio(db, args);
    let v = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "folio {args:?}: {e}: {}",
            String::from_utf8_lossy(&out.stdout)
        )
    });
    (out.status.success(), v)
}

fn customers(db: &Path) -> usize {
    let v: serde_json::Value =
        serde_json::from_str(&ok(db, &["--json", "customers", "list"])).unwrap();
    v.as_array().unwrap().len()
}

#[test]
fn a_bad_row_refuses_the_file_then_the_fixed_file_goes_in() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("f.sqlite");
    ok(&db, &["init"]);
    let file = dir.path().join("c.csv");
    std::fs::write(
        &file,
        "客户编号,客户名称,电话,折扣\nC001,新华书店,028-1234567,6.5折\nC002,文轩书店,not a phone,65%\n",
    )
    .unwrap();
    let f = file.to_str().unwrap();

    let out = folio(&db, &["import", "customers", f]);
    assert!(!out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("row 3, 电话: "), "{stdout}");
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("folio: "));
    assert_eq!(customers(&db), 0);

    let (success, v) = json(&db, &["--json", "import", "customers", f]);
    assert!(!success);
    assert_eq!(v["imported"], 0);
    assert_eq!(v["errors"][0]["row"], 3);
    assert_eq!(v["errors"][0]["column"], "电话");

    let (success, v) = json(&db, &["--json", "import", "customers", f, "--dry-run"]);
    assert!(!success);
    assert_eq!(v["would_import"], 1);
    assert_eq!(customers(&db), 0, "a dry run writes nothing");

    let (success, v) = json(&db, &["--json", "import", "customers", f, "--skip-invalid"]);
    assert!(!success, "a row was refused, so the status says so");
    assert_eq!(v["imported"], 1);
    assert!(dir.path().join("c.errors.xlsx").exists());
    assert_eq!(customers(&db), 1);

    std::fs::write(&file, "客户编号,客户名称,电话\nC002,文轩书店,028-7654321\n").unwrap();
    let (success, v) = json(&db, &["--json", "import", "customers", f]);
    assert!(success, "{v}");
    assert_eq!(v["imported"], 1);
    assert_eq!(customers(&db), 2);
    // Again: the code is on file now.
    let (success, v) = json(&db, &["--json", "import", "customers", f]);
    assert!(!success);
    assert_eq!(v["errors"][0]["code"], "import_on_file");
    let (success, v) = json(&db, &["--json", "import", "customers", f, "--update"]);
    assert!(success, "{v}");
    assert_eq!(v["updated"], 1);
}

#[test]
fn map_is_remembered_and_unreadable_files_are_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("f.sqlite");
    ok(&db, &["init"]);
    let file = dir.path().join("c.csv");
    std::fs::write(&file, "店名,联系电话\n新华书店,028-1234567\n").unwrap();
    let f = file.to_str().unwrap();
    let out = folio(&db, &["import", "customers", f]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("客户名称 (name)"), "{err}");
    ok(&db, &["import", "customers", f, "--map", "店名=name"]);
    std::fs::write(&file, "店名,联系电话\n文轩书店,028-7654321\n").unwrap();
    ok(&db, &["import", "customers", f]);
    assert_eq!(customers(&db), 2);

    let junk = dir.path().join("junk.xlsx");
    std::fs::write(&junk, "not a workbook").unwrap();
    let out = folio(&db, &["import", "books", junk.to_str().unwrap()]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("junk.xlsx: is not an Excel workbook"), "{err}");
}

#[test]
fn an_export_imports_into_a_fresh_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("f.sqlite");
    ok(&db, &["init"]);
    ok(
        &db,
        &[
            "demo",
            "--customers",
            "40",
            "--titles",
            "10",
            "--orders",
            "0",
        ],
    );
    let out = dir.path().join("c.xlsx");
    ok(&db, &["export", "customers", out.to_str().unwrap()]);
    let fresh = dir.path().join("g.sqlite");
    ok(&fresh, &["init"]);
    let (success, v) = json(
        &fresh,
        &["--json", "import", "customers", out.to_str().unwrap()],
    );
    assert!(success, "{v}");
    assert_eq!(v["imported"], 40);
    let before = ok(&db, &["--json", "customers", "list", "--all"]);
    let after = ok(&fresh, &["--json", "customers", "list", "--all"]);
    let strip = |s: &str| {
        let v: serde_json::Value = serde_json::from_str(s).unwrap();
        v.as_array()
            .unwrap()
            .iter()
            .map(|c| {
                (
                    c["code"].clone(),
                    c["name"].clone(),
                    c["phone"].clone(),
                    c["discount_bp"].clone(),
                )
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(strip(&before), strip(&after));
}
