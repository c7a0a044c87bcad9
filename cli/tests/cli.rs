//! The `folio` command line, run as a user would run it.

use std::path::Path;
use std::process::{Command, Output};

/// Runs `folio --db DB ARGS…`, making the file first (with `init`, as a user
/// would) when there is none: only `init` and `--create` make one.
fn folio(db: &Path, args: &[&str]) -> Output {
    if !db.exists() && args.first() != Some(&"init") {
        assert!(raw(db, &["init"]).status.success());
    }
    raw(db, args)
}

/// `folio --db DB ARGS…` exactly as given.
fn raw(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_folio"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("FOLIO_DB")
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

fn json(db: &Path, args: &[&str]) -> serde_json::Value {
    serde_json::from_str(&ok(db, args)).unwrap()
}

#[test]
fn add_list_show_search_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("f.sqlite");
    assert!(ok(&db, &["init"]).contains("schema"));
    let code = ok(
        &db,
        &[
            "customers",
            "add",
            "--name",
            "成都新华书店",
            "--type",
            "bookshop",
            "--phone",
            "028-8666 1234",
            "--discount",
            "6.5折",
            "--credit",
            "￥5,000",
            "--terms",
            "30",
        ],
    );
    assert_eq!(code.trim(), "C0001");
    ok(
        &db,
        &[
            "customers",
            "add",
            "--name",
            "Waterstones Leeds",
            "--code",
            "UK-LEEDS",
            "--discount",
            "0.6",
        ],
    );

    let list = json(&db, &["customers", "list", "--json"]);
    let rows = list.as_array().unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["code"], "C0001");
    assert_eq!(rows[0]["discount_bp"], 6500);
    assert_eq!(rows[0]["credit_limit_fen"], 500_000);
    assert_eq!(rows[1]["credit_limit_fen"], serde_json::Value::Null);

    let found = json(&db, &["customers", "search", "xhsd", "--json"]);
    assert_eq!(found[0]["name"], "成都新华书店");
    assert_eq!(found[0]["discount_bp"], 6500);
    assert_eq!(found[0]["credit_limit_fen"], 500_000);
    let by_phone = json(&db, &["customers", "search", "86661234", "--json"]);
    assert_eq!(by_phone[0]["code"], "C0001");

    let shown = json(&db, &["customers", "show", "UK-LEEDS", "--json"]);
    assert_eq!(shown["discount_bp"], 6000);
    assert_eq!(shown["kind"], "bookshop");
    let text = ok(&db, &["customers", "show", "C0001"]);
    assert!(
        text.contains("6.5折") && text.contains("¥5,000.00"),
        "{text}"
    );

    ok(&db, &["customers", "archive", "C0001"]);
    assert_eq!(
        json(&db, &["customers", "list", "--json"])
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        json(&db, &["customers", "list", "--all", "--json"])
            .as_array()
            .unwrap()
            .len(),
        2
    );
}

#[test]
fn bad_input_fails_with_one_line_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("f.sqlite");
    ok(&db, &["init"]);
    let cases: &[(&[&str], &str)] = &[
        (
            &["customers", "add", "--name", "A", "--discount", "0"],
            "discount",
        ),
        (
            &["customers", "add", "--name", "A", "--discount", "6"],
            "discount",
        ),
        (
            &["customers", "add", "--name", "A", "--credit", "-1"],
            "credit limit",
        ),
        (
            &["customers", "add", "--name", "A", "--credit", "abc"],
            "credit limit",
        ),
        (
            &["customers", "add", "--name", "", "--discount", "6折"],
            "name",
        ),
        (
            &["customers", "add", "--name", "A", "--type", "pub"],
            "type",
        ),
        (
            &["customers", "add", "--name", "A", "--terms", "x"],
            "payment terms",
        ),
        (
            &["customers", "add", "--name", "A", "--phone", "ring me"],
            "phone",
        ),
        (&["customers", "show", "C9999"], "not found"),
    ];
    for (args, needle) in cases {
        let out = folio(&db, args);
        assert!(!out.status.success(), "{args:?} should fail");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(err.trim().lines().count(), 1, "one line: {err}");
        assert!(err.contains(needle), "{args:?}: {err}");
    }
    assert_eq!(
        json(&db, &["customers", "list", "--all", "--json"])
            .as_array()
            .unwrap()
            .len(),
        0
    );
}

#[test]
fn a_damaged_file_gets_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("f.sqlite");
    std::fs::write(
        &db,
        b"definitely not sqlite, but long enough to look like a header",
    )
    .unwrap();
    let out = folio(&db, &["customers", "list"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("damaged"), "{err}");
}

#[test]
fn folio_db_environment_variable_picks_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("env.sqlite");
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_folio"))
            .args(args)
            .env("FOLIO_DB", &db)
            .output()
            .unwrap()
    };
    let out = run(&["customers", "add", "--name", "Env Books"]);
    assert!(!out.status.success(), "a mistyped FOLIO_DB makes no file");
    assert!(!db.exists());
    assert!(run(&["init"]).status.success());
    assert!(run(&["customers", "add", "--name", "Env Books"])
        .status
        .success());
    assert!(db.exists());
}

/// Only `init` and `--create` make a file; anything else on a missing path says
/// so, exits non-zero and leaves nothing behind.
#[test]
fn a_missing_database_is_named_not_made() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("typo.sqlite");
    for args in [
        &["customers", "list"][..],
        &["customers", "add", "--name", "新华书店"],
        &["demo", "--customers", "5", "--titles", "5"],
        &["check"],
        &["stock", "list"],
    ] {
        let out = raw(&db, args);
        assert!(!out.status.success(), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(err.trim().lines().count(), 1, "{err}");
        assert!(
            err.starts_with(&format!("folio: no Folio database at {}", db.display())),
            "{args:?}: {err}"
        );
        assert!(!db.exists(), "{args:?} made a file");
    }
    let out = raw(&db, &["--create", "customers", "add", "--name", "新华书店"]);
    assert!(out.status.success());
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "C0001");
}

#[cfg(unix)]
#[test]
fn init_in_a_read_only_folder_does_not_claim_success() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("ro");
    std::fs::create_dir(&folder).unwrap();
    std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o555)).unwrap();
    let db = folder.join("f.sqlite");
    let out = raw(&db, &["init"]);
    std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o755)).unwrap();
    assert!(!out.status.success());
    assert!(
        out.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("read-only") && err.contains(&folder.display().to_string()),
        "{err}"
    );
    assert!(!db.exists());
}

#[test]
fn check_reports_a_whole_file_and_damage() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("f.sqlite");
    ok(&db, &["demo", "--customers", "300", "--titles", "20"]);
    assert!(ok(&db, &["check"]).contains("whole"));
    corrupt_an_index(&db);
    let out = folio(&db, &["check"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("damaged"), "{err}");
    let before = std::fs::read(&db).unwrap();
    let out = folio(&db, &["customers", "add", "--name", "新书店"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("Folio will not write to it"));
    assert!(
        ok(&db, &["customers", "list"]).contains("C0001"),
        "reads still work"
    );
    assert_eq!(std::fs::read(&db).unwrap(), before, "not written");
}

/// Makes one index entry point at the wrong row, as a flipped bit would: the
/// rows stay readable, the index no longer matches them, and `quick_check`
/// does not look.
fn corrupt_an_index(db: &Path) {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")
        .unwrap();
    let (root, size): (i64, i64) = conn
        .query_row(
            "SELECT (SELECT rootpage FROM sqlite_master
                      WHERE type = 'index' AND tbl_name = 'customers'
                      ORDER BY rootpage LIMIT 1),
                    (SELECT page_size FROM pragma_page_size)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    drop(conn);
    let mut bytes = std::fs::read(db).unwrap();
    // Down the leftmost children to a leaf.
    let mut page = root as usize;
    loop {
        let at = (page - 1) * size as usize;
        match bytes[at] {
            0x0A => break,
            0x02 => {
                let cell = u16::from_be_bytes([bytes[at + 12], bytes[at + 13]]) as usize;
                let p = &bytes[at + cell..at + cell + 4];
                page = u32::from_be_bytes([p[0], p[1], p[2], p[3]]) as usize;
            }
            t => panic!("page type {t}"),
        }
    }
    let at = (page - 1) * size as usize;
    let cell = u16::from_be_bytes([bytes[at + 8], bytes[at + 9]]) as usize;
    // The cell is its payload's length (one byte for a short key) and the
    // record, whose last byte is the lowest of the row id.
    let len = bytes[at + cell] as usize;
    bytes[at + cell + len] ^= 0x01;
    std::fs::write(db, &bytes).unwrap();
}

#[test]
fn demo_then_search_by_pinyin() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("f.sqlite");
    assert!(ok(&db, &["demo", "--customers", "200", "--seed", "5"]).contains("200"));
    let all = json(&db, &["customers", "list", "--json"]);
    assert_eq!(all.as_array().unwrap().len(), 200);
    // Whatever the generator made, its first Chinese name is found by its initials.
    let name = all
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap().to_string())
        .find(|n| !n.is_ascii())
        .unwrap();
    let initials = folio::base::search::initials(&name)[0].clone();
    let found = json(
        &db,
        &["customers", "search", &initials, "--json", "--limit", "200"],
    );
    assert!(found
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["name"] == name.as_str()));
    // Running demo again on a non-empty file is refused.
    assert!(!folio(&db, &["demo"]).status.success());
}

#[test]
fn books_suppliers_and_stock_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("f.sqlite");
    ok(
        &db,
        &[
            "suppliers",
            "add",
            "--name",
            "人民文学出版社",
            "--discount",
            "6折",
            "--terms",
            "60",
        ],
    );
    ok(
        &db,
        &[
            "books",
            "add",
            "--isbn",
            "978-7-02-000220-7",
            "--title",
            "红楼梦",
            "--price",
            "59.70",
            "--author",
            "曹雪芹",
            "--category",
            "i242",
            "--reorder",
            "10",
        ],
    );
    ok(
        &db,
        &[
            "books",
            "add",
            "--isbn",
            "9787544253994",
            "--title",
            "百年孤独",
            "--price",
            "39.50",
        ],
    );
    ok(
        &db,
        &[
            "books",
            "add",
            "--isbn",
            "9787544253994",
            "--title",
            "百年孤独（精装）",
            "--price",
            "55",
        ],
    );

    let doc = json(
        &db,
        &[
            "stock",
            "receive",
            "--supplier",
            "人民文学出版社",
            "--line",
            "702000220X:20",
            "--line",
            "9787544253994@39.50:4:0.55",
            "--json",
        ],
    );
    assert_eq!(doc["copies"], 24);
    assert_eq!(doc["lines"][1]["net_fen"], 8690); // 39.50 × 4 × 0.55

    let list = json(&db, &["stock", "list", "--json"]);
    let hlm = list
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["title"] == "红楼梦")
        .unwrap();
    assert_eq!(hlm["isbn"], "9787020002207");
    assert_eq!(hlm["list_price_fen"], 5970);
    assert_eq!(hlm["quantity"], 20);
    assert_eq!(hlm["category_code"], "I242");

    ok(
        &db,
        &[
            "stock",
            "adjust",
            "--line",
            "9787020002207:8",
            "--reason",
            "stocktake",
        ],
    );
    let low = json(&db, &["stock", "list", "--low", "--json"]);
    assert!(low
        .as_array()
        .unwrap()
        .iter()
        .any(|t| t["title"] == "红楼梦" && t["quantity"] == 8));
    assert!(ok(&db, &["stock", "check"]).contains("agrees"));
    let class = json(&db, &["stock", "list", "--category", "I2", "--json"]);
    assert_eq!(class.as_array().unwrap().len(), 1);
    let searched = json(&db, &["stock", "list", "--search", "bngd", "--json"]);
    assert_eq!(
        searched.as_array().unwrap().len(),
        2,
        "both prices of 百年孤独"
    );
    let ob = json(
        &db,
        &[
            "stock",
            "opening",
            "--line",
            "9787544253994@55.00:2",
            "--json",
        ],
    );
    assert!(ob["number"].as_str().unwrap().starts_with("OB-"));
    let out = folio(
        &db,
        &[
            "stock",
            "write-off",
            "--line",
            "9787020002207:1",
            "--reason",
            " ",
        ],
    );
    assert!(!out.status.success(), "a write-off needs a reason");
    let wo = json(
        &db,
        &[
            "stock",
            "write-off",
            "--line",
            "9787020002207:1",
            "--reason",
            "water damage",
            "--json",
        ],
    );
    assert_eq!(wo["copies"], -1);
    let docs = json(
        &db,
        &["stock", "documents", "--kind", "stocktake", "--json"],
    );
    assert_eq!(docs.as_array().unwrap().len(), 1);
    let all = json(&db, &["stock", "documents", "--json"]);
    let kinds: Vec<&str> = all
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["write_off", "opening", "stocktake", "receipt"]);
    assert_eq!(all[3]["copies"], 24);
    let found = json(&db, &["books", "search", "红楼", "--json"]);
    assert_eq!(found[0]["isbn"], "9787020002207");
    assert!(ok(&db, &["books", "show", "9787020002207"]).contains("adjustment"));

    // Bad input: non-zero exit, one line naming the problem, nothing written.
    let before = json(&db, &["stock", "list", "--json"]);
    let cases: &[(&[&str], &str)] = &[
        (
            &[
                "books",
                "add",
                "--isbn",
                "9787020002208",
                "--title",
                "X",
                "--price",
                "1",
            ],
            "check digit",
        ),
        (
            &[
                "books",
                "add",
                "--isbn",
                "9787020002207",
                "--title",
                "X",
                "--price",
                "0",
            ],
            "too small",
        ),
        (
            &[
                "stock",
                "receive",
                "--supplier",
                "Nobody",
                "--line",
                "9787020002207:1",
            ],
            "no supplier",
        ),
        (
            &[
                "stock",
                "receive",
                "--supplier",
                "人民文学出版社",
                "--line",
                "9787020002207:0",
            ],
            "line 1",
        ),
        (
            &[
                "stock",
                "receive",
                "--supplier",
                "人民文学出版社",
                "--line",
                "9787020002207:2",
                "--line",
                "9787020002207:-1",
            ],
            "line 2",
        ),
        (
            &[
                "stock",
                "receive",
                "--supplier",
                "人民文学出版社",
                "--line",
                "9787544253994:1",
            ],
            "several list prices",
        ),
        (
            &[
                "stock",
                "adjust",
                "--line",
                "9787020002207:x",
                "--reason",
                "r",
            ],
            "counted",
        ),
        (
            &[
                "stock",
                "return",
                "--supplier",
                "人民文学出版社",
                "--line",
                "9787020002207:9",
            ],
            "in stock",
        ),
    ];
    for (args, needle) in cases {
        let out = folio(&db, args);
        assert!(!out.status.success(), "{args:?} should fail");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(err.trim().lines().count(), 1, "one line: {err}");
        assert!(err.contains(needle), "{args:?}: {err}");
    }
    assert_eq!(json(&db, &["stock", "list", "--json"]), before);
}

#[test]
fn bench_runs_every_kind_of_query_on_small_data() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("bench.sqlite");
    let out = json(
        &db,
        &[
            "bench",
            "--customers",
            "300",
            "--titles",
            "300",
            "--per-kind",
            "5",
            "--orders",
            "40",
            "--import-rows",
            "500",
            "--json",
        ],
    );
    // The exports run as processes of their own, each with its peak memory; the
    // Python writer's row is there whether or not Python could run it.
    let export = out["export"].as_array().unwrap();
    let kinds: Vec<&str> = export.iter().map(|r| r["kind"].as_str().unwrap()).collect();
    assert_eq!(
        kinds,
        [
            "ledger, rows read only",
            "ledger to CSV (UTF-8)",
            "ledger to .xlsx",
            "Python XlsxWriter"
        ]
    );
    let lines = export[0]["rows"].as_u64().unwrap();
    assert!(lines > 40, "{lines} lines");
    for r in &export[1..3] {
        assert_eq!(r["rows"].as_u64(), Some(lines));
        assert!(r["bytes"].as_u64().unwrap() > 0);
        assert!(r["peak_rss_mb"].as_f64().unwrap() > 1.0, "{r}");
        assert!(r["cpu_seconds"].as_f64().is_some(), "{r}");
    }
    assert_eq!(out["import"].as_array().unwrap().len(), 3);
    for (part, kinds) in [("customers", 14), ("titles", 16)] {
        let rows = out[part].as_array().unwrap();
        assert_eq!(rows.len(), kinds, "{part}");
        for r in rows {
            assert!(
                r["queries"].as_u64().unwrap() > 0,
                "{part} {}: no queries",
                r["kind"]
            );
            assert!(r["p95_ms"].as_f64().unwrap() >= r["p50_ms"].as_f64().unwrap());
        }
    }
    // The exact kinds find what they were drawn from.
    let titles = out["titles"].as_array().unwrap();
    assert!(titles
        .iter()
        .filter(|r| r["kind"].as_str().unwrap().contains("ISBN"))
        .all(|r| r["mean_hits"] == 1.0));
}

#[test]
fn orders_returns_payments_and_statements_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("f.sqlite");
    ok(&db, &["init"]);
    let at = |args: &[&str]| -> Output {
        Command::new(env!("CARGO_BIN_EXE_folio"))
            .arg("--db")
            .arg(&db)
            .args(args)
            .env_remove("FOLIO_DB")
            .env("FOLIO_NOW", "2026-03-02T10:00:00+08:00")
            .output()
            .expect("run folio")
    };
    let run = |args: &[&str]| -> serde_json::Value {
        let out = at(args);
        assert!(
            out.status.success(),
            "folio {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap_or(serde_json::Value::Null)
    };
    let fails = |args: &[&str], needle: &str| {
        let out = at(args);
        assert!(!out.status.success(), "folio {args:?} should fail");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(err.trim().lines().count(), 1, "one line: {err}");
        assert!(
            err.contains(needle),
            "{args:?}: {err:?} should mention {needle:?}"
        );
    };
    run(&[
        "customers",
        "add",
        "--name",
        "成都新华书店",
        "--discount",
        "6.5折",
        "--credit",
        "80",
        "--terms",
        "30",
    ]);
    run(&["suppliers", "add", "--name", "人民文学出版社"]);
    run(&[
        "books",
        "add",
        "--isbn",
        "9787532731077",
        "--title",
        "小王子",
        "--price",
        "12.90",
    ]);
    fails(
        &[
            "stock",
            "receive",
            "--supplier",
            "人民文学出版社",
            "--line",
            "9787532731077:10",
            "--invoice-date",
            "2026-02-30",
        ],
        "invoice_date",
    );
    let receipt = run(&[
        "stock",
        "receive",
        "--supplier",
        "人民文学出版社",
        "--line",
        "9787532731077:10",
        "--invoice",
        "04417788",
        "--invoice-date",
        "2026-02-27",
        "--json",
    ]);
    assert_eq!(receipt["supplier_invoice"], "04417788");
    assert_eq!(receipt["supplier_invoice_date"], "2026-02-27");

    let o = run(&[
        "orders",
        "add",
        "--customer",
        "C0001",
        "--line",
        "9787532731077:5",
        "--confirm",
        "--json",
    ]);
    assert_eq!(o["number"], "SO-20260302-0001");
    assert_eq!(o["status"], "confirmed");
    assert_eq!(o["titles"], 1);
    assert_eq!(o["copies"], 5);
    assert_eq!(o["list_total_fen"], 6450);
    assert_eq!(o["net_total_fen"], 4193);
    assert_eq!(o["lines"][0]["isbn"], "9787532731077");
    assert_eq!(o["lines"][0]["quantity"], 5);
    assert_eq!(o["lines"][0]["discount_bp"], 6500);
    assert_eq!(o["lines"][0]["net_fen"], 4193);

    // Refusals: one line each, and nothing written.
    fails(
        &[
            "orders",
            "add",
            "--customer",
            "C0001",
            "--line",
            "9787532731077:6",
            "--confirm",
        ],
        "not enough stock",
    );
    fails(
        &[
            "orders",
            "add",
            "--customer",
            "C0001",
            "--line",
            "9787532731077:4",
            "--line",
            "9787532731077@12.90:1",
            "--confirm",
        ],
        "credit limit",
    );
    fails(
        &[
            "orders",
            "add",
            "--customer",
            "C0001",
            "--line",
            "9787111111115:1",
        ],
        "not in the catalogue",
    );
    fails(
        &[
            "orders",
            "add",
            "--customer",
            "C0404",
            "--line",
            "9787532731077:1",
        ],
        "no customer",
    );
    let list = run(&["orders", "list", "--json"]);
    assert_eq!(
        list.as_array().unwrap().len(),
        1,
        "refused orders leave no drafts"
    );
    assert_eq!(run(&["stock", "list", "--json"])[0]["quantity"], 5);

    // Over the limit with a reason.
    let o2 = run(&[
        "orders",
        "add",
        "--customer",
        "C0001",
        "--line",
        "9787532731077:5",
        "--confirm",
        "--override-credit",
        "regular customer",
        "--json",
    ]);
    assert_eq!(o2["credit_override"], "regular customer");
    run(&[
        "orders",
        "ship",
        "SO-20260302-0002",
        "--carrier",
        "顺丰",
        "--tracking",
        "SF1",
    ]);
    let r = run(&[
        "returns",
        "add",
        "--customer",
        "C0001",
        "--order",
        "SO-20260302-0001",
        "--line",
        "9787532731077:2",
        "--json",
    ]);
    assert_eq!(r["net_total_fen"], 1677, "12.90 × 2 × 0.65");
    assert_eq!(r["lines"][0]["damaged"], false);
    fails(
        &[
            "returns",
            "add",
            "--customer",
            "C0001",
            "--order",
            "SO-20260302-0001",
            "--line",
            "9787532731077:1",
            "--damaged-line",
            "2",
        ],
        "damaged line 2",
    );
    run(&[
        "payments",
        "add",
        "--customer",
        "C0001",
        "--amount",
        "50",
        "--method",
        "cash",
    ]);
    let rec = run(&["receivables", "--json"]);
    assert_eq!(rec[0]["code"], "C0001");
    assert_eq!(rec[0]["balance_fen"], 4193 * 2 - 1677 - 5000);
    assert_eq!(rec[0]["current_fen"], 4193 * 2 - 1677 - 5000);
    let st = run(&[
        "statement",
        "--customer",
        "C0001",
        "--from",
        "2026-03-01",
        "--to",
        "2026-03-31",
        "--json",
    ]);
    assert_eq!(st["opening_balance_fen"], 0);
    assert_eq!(st["lines"].as_array().unwrap().len(), 4);
    assert_eq!(st["closing_balance_fen"], rec[0]["balance_fen"]);
    fails(&["orders", "cancel", "SO-20260302-0001"], "returns");

    // A draft is thrown away, not cancelled: it leaves no row behind. A posted
    // order cannot be discarded.
    let draft = run(&[
        "orders",
        "add",
        "--customer",
        "C0001",
        "--line",
        "9787532731077:1",
        "--json",
    ]);
    assert_eq!(draft["status"], "draft");
    let id = draft["id"].as_i64().unwrap();
    let before = run(&["orders", "list", "--json"]).as_array().unwrap().len();
    assert_eq!(
        run(&["orders", "discard", &format!("#{id}"), "--json"])["discarded"],
        id
    );
    let after = run(&["orders", "list", "--json"]);
    assert_eq!(after.as_array().unwrap().len(), before - 1);
    assert!(after.as_array().unwrap().iter().all(|o| o["id"] != id));
    fails(&["orders", "discard", "SO-20260302-0001"], "draft");
}

/// A database with records of each noun that `update` and `delete` can work on:
/// customers C0001 (every field set, with a payment on file) and C0002 (nothing
/// refers to it), suppliers 人民文学出版社 (id 1) and 中华书局 (id 2), title
/// 9787020002207 at one price and 9787544253994 at two.
fn records_to_edit(db: &Path) {
    ok(
        db,
        &[
            "suppliers",
            "add",
            "--name",
            "人民文学出版社",
            "--discount",
            "6折",
            "--terms",
            "60",
            "--contact",
            "王编辑",
            "--phone",
            "010-6523 4567",
        ],
    );
    ok(db, &["suppliers", "add", "--name", "中华书局"]);
    ok(
        db,
        &[
            "customers",
            "add",
            "--name",
            "成都新华书店",
            "--type",
            "school",
            "--contact",
            "李老师",
            "--phone",
            "028-8666 1234",
            "--email",
            "li@example.cn",
            "--wechat",
            "li_cd",
            "--discount",
            "6.5折",
            "--credit",
            "5000",
            "--terms",
            "30",
            "--settlement",
            "sale_or_return",
            "--region",
            "四川",
            "--address",
            "春熙路1号",
            "--tag",
            "重点",
            "--notes",
            "每月对账",
        ],
    );
    ok(db, &["customers", "add", "--name", "Waterstones Leeds"]);
    ok(
        db,
        &["payments", "add", "--customer", "C0001", "--amount", "100"],
    );
    ok(
        db,
        &[
            "books",
            "add",
            "--isbn",
            "9787020002207",
            "--title",
            "红楼梦",
            "--price",
            "59.70",
            "--author",
            "曹雪芹",
            "--publisher",
            "人民文学出版社",
            "--category",
            "I242",
            "--bin",
            "A-01",
            "--reorder",
            "10",
            "--supplier",
            "人民文学出版社",
        ],
    );
    for (title, price) in [("百年孤独", "39.50"), ("百年孤独（精装）", "55")] {
        ok(
            db,
            &[
                "books",
                "add",
                "--isbn",
                "9787544253994",
                "--title",
                title,
                "--price",
                price,
            ],
        );
    }
}

/// How each noun's stored record is read back, as JSON.
#[derive(Clone, Copy, Debug)]
enum Record {
    Customer(&'static str),
    /// By id: `suppliers list --json` is the only way to see one.
    Supplier(i64),
    /// One price item of an ISBN, by its list price in fen.
    Title(&'static str, i64),
}

fn read(db: &Path, r: Record) -> serde_json::Value {
    match r {
        Record::Customer(code) => json(db, &["customers", "show", code, "--json"]),
        Record::Supplier(id) => json(db, &["suppliers", "list", "--json"])
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["id"] == id)
            .cloned()
            .unwrap_or_else(|| panic!("no supplier {id}")),
        Record::Title(isbn, fen) => json(db, &["books", "show", isbn, "--json"])
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["list_price_fen"] == fen)
            .cloned()
            .unwrap_or_else(|| panic!("no item {isbn} at {fen}")),
    }
}

#[test]
fn update_changes_the_fields_given_and_keeps_the_rest() {
    use serde_json::json as v;
    use Record::{Customer, Supplier, Title};
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("f.sqlite");
    records_to_edit(&db);
    // (update command, the record it changes, the JSON field that changes, its new value)
    // One case a line, so that the table reads as one.
    #[rustfmt::skip]
    let cases: &[(&[&str], Record, &str, serde_json::Value)] = &[
        (&["customers", "update", "C0001", "--name", "成都文轩书店"], Customer("C0001"), "/name", v!("成都文轩书店")),
        (&["customers", "update", "C0001", "--type", "library"], Customer("C0001"), "/kind", v!("library")),
        (&["customers", "update", "C0001", "--contact", "张老师"], Customer("C0001"), "/contacts/0/name", v!("张老师")),
        (&["customers", "update", "C0001", "--phone", "13900000000"], Customer("C0001"), "/contacts/0/phone", v!("13900000000")),
        (&["customers", "update", "C0001", "--email", "zhang@example.cn"], Customer("C0001"), "/contacts/0/email", v!("zhang@example.cn")),
        (&["customers", "update", "C0001", "--wechat", "zhang_cd"], Customer("C0001"), "/contacts/0/wechat", v!("zhang_cd")),
        (&["customers", "update", "C0001", "--discount", "60%"], Customer("C0001"), "/discount_bp", v!(6000)),
        (&["customers", "update", "C0001", "--credit", "￥8,000.50"], Customer("C0001"), "/credit_limit_fen", v!(800_050)),
        (&["customers", "update", "C0001", "--credit", ""], Customer("C0001"), "/credit_limit_fen", v!(null)),
        (&["customers", "update", "C0001", "--terms", "45"], Customer("C0001"), "/payment_terms_days", v!(45)),
        (&["customers", "update", "C0001", "--settlement", "consignment"], Customer("C0001"), "/settlement", v!("consignment")),
        (&["customers", "update", "C0001", "--region", "重庆"], Customer("C0001"), "/region", v!("重庆")),
        (&["customers", "update", "C0001", "--address", "解放碑2号"], Customer("C0001"), "/address", v!("解放碑2号")),
        (&["customers", "update", "C0001", "--tag", "学校", "--tag", "西南"], Customer("C0001"), "/tags", v!(["学校", "西南"])),
        (&["customers", "update", "C0001", "--tag", ""], Customer("C0001"), "/tags", v!([])),
        (&["customers", "update", "C0001", "--notes", "季度对账"], Customer("C0001"), "/notes", v!("季度对账")),
        // A customer added with no contact details gets a first contact.
        (&["customers", "update", "C0002", "--phone", "0113 245 0000"], Customer("C0002"), "/contacts", v!([{"name": "", "role": "", "phone": "0113 245 0000", "email": "", "wechat": "", "birthday": "", "birthday_lunar": false}])),
        (&["customers", "update", "C0001", "--birthday", "1980-05-17"], Customer("C0001"), "/birthday", v!("1980-05-17")),
        (&["customers", "update", "C0001", "--birthday", "08-15"], Customer("C0001"), "/birthday", v!("08-15")),
        // --lunar alone: the birthday on file is a lunar (农历) date.
        (&["customers", "update", "C0001", "--lunar"], Customer("C0001"), "/birthday_lunar", v!(true)),
        (&["suppliers", "update", "人民文学出版社", "--discount", "55%"], Supplier(1), "/default_discount_bp", v!(5500)),
        (&["suppliers", "update", "人民文学出版社", "--terms", "90"], Supplier(1), "/payment_terms_days", v!(90)),
        (&["suppliers", "update", "人民文学出版社", "--contact", "赵经理"], Supplier(1), "/contact", v!("赵经理")),
        (&["suppliers", "update", "人民文学出版社", "--phone", "010-0000 0000"], Supplier(1), "/phone", v!("010-0000 0000")),
        // By id, and a rename.
        (&["suppliers", "update", "2", "--name", "中华书局（北京）"], Supplier(2), "/name", v!("中华书局（北京）")),
        (&["books", "update", "9787020002207", "--title", "红楼梦（新版）"], Title("9787020002207", 5970), "/title", v!("红楼梦（新版）")),
        (&["books", "update", "978-7-02-000220-7", "--author", "曹雪芹 高鹗"], Title("9787020002207", 5970), "/authors", v!("曹雪芹 高鹗")),
        (&["books", "update", "9787020002207", "--category", "i207"], Title("9787020002207", 5970), "/category_code", v!("I207")),
        (&["books", "update", "9787020002207", "--bin", "B-02"], Title("9787020002207", 5970), "/bin", v!("B-02")),
        (&["books", "update", "9787020002207", "--reorder", "3"], Title("9787020002207", 5970), "/reorder_point", v!(3)),
        (&["books", "update", "9787020002207", "--supplier", "中华书局（北京）"], Title("9787020002207", 5970), "/supplier", v!("中华书局（北京）")),
        (&["books", "update", "9787020002207", "--supplier", ""], Title("9787020002207", 5970), "/supplier", v!(null)),
        (&["books", "update", "9787020002207", "--edition", "3", "--json"], Title("9787020002207", 5970), "/edition", v!("3")),
        // ISBN@PRICE picks one of two items and leaves the other alone.
        (&["books", "update", "9787544253994@55", "--binding", "精装"], Title("9787544253994", 5500), "/binding", v!("精装")),
    ];
    for (args, record, field, value) in cases {
        let before = read(&db, *record);
        let out = ok(&db, args);
        let after = read(&db, *record);
        let mut expected = before.clone();
        *expected
            .pointer_mut(field)
            .unwrap_or_else(|| panic!("{args:?}: no {field}")) = value.clone();
        if let Some(stamp) = after.get("updated_at") {
            expected["updated_at"] = stamp.clone();
        }
        assert_eq!(after, expected, "{args:?}");
        if args.contains(&"--json") {
            let printed: serde_json::Value = serde_json::from_str(&out).unwrap();
            assert_eq!(printed.pointer(field), Some(value), "{args:?}: {out}");
        } else {
            assert!(out.starts_with("updated "), "{args:?}: {out}");
        }
    }
    // The other price item of the ISBN was not touched.
    assert_eq!(read(&db, Title("9787544253994", 3950))["binding"], "");
    // A new code: the customer is found under it, with nothing else changed.
    let before = read(&db, Customer("C0002"));
    ok(&db, &["customers", "update", "C0002", "--code", "UK-LEEDS"]);
    let after = read(&db, Customer("UK-LEEDS"));
    assert_eq!(after["id"], before["id"]);
    assert_eq!(after["name"], before["name"]);
    assert!(!folio(&db, &["customers", "show", "C0002"]).status.success());
}

#[test]
fn bad_update_names_the_field_and_writes_nothing() {
    use Record::{Customer, Supplier, Title};
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("f.sqlite");
    records_to_edit(&db);
    let long = "x".repeat(21);
    // (update command, the record it must leave alone, what the one line must say)
    // One case a line, so that the table reads as one.
    #[rustfmt::skip]
    let cases: &[(&[&str], Record, &str)] = &[
        (&["customers", "update", "C0001", "--name", " "], Customer("C0001"), "name is required"),
        (&["customers", "update", "C0001", "--type", "pub"], Customer("C0001"), "type"),
        (&["customers", "update", "C0001", "--discount", "0"], Customer("C0001"), "discount"),
        (&["customers", "update", "C0001", "--credit", "-1"], Customer("C0001"), "credit limit"),
        (&["customers", "update", "C0001", "--terms", "x"], Customer("C0001"), "payment terms"),
        (&["customers", "update", "C0001", "--settlement", "cod"], Customer("C0001"), "settlement"),
        (&["customers", "update", "C0001", "--phone", "ring me"], Customer("C0001"), "phone"),
        (&["customers", "update", "C0001", "--email", "nope"], Customer("C0001"), "email"),
        (&["customers", "update", "C0001", "--code", "C 1"], Customer("C0001"), "code"),
        (&["customers", "update", "C0001", "--code", "C0002"], Customer("C0001"), "C0002"),
        // A good flag beside a bad one is not written either.
        (&["customers", "update", "C0001", "--notes", "x", "--discount", "6"], Customer("C0001"), "discount"),
        (&["customers", "update", "C9999", "--name", "A"], Customer("C0001"), "not found"),
        (&["suppliers", "update", "人民文学出版社", "--name", ""], Supplier(1), "name"),
        (&["suppliers", "update", "人民文学出版社", "--name", "中华书局"], Supplier(1), "named 中华书局"),
        (&["suppliers", "update", "人民文学出版社", "--discount", "0"], Supplier(1), "discount"),
        (&["suppliers", "update", "人民文学出版社", "--terms", "-3"], Supplier(1), "payment terms"),
        (&["suppliers", "update", "1", "--phone", "a".repeat(31).leak()], Supplier(1), "phone"),
        (&["suppliers", "update", "三联书店", "--terms", "3"], Supplier(1), "no supplier named"),
        (&["books", "update", "9787020002207", "--title", ""], Title("9787020002207", 5970), "title is required"),
        (&["books", "update", "9787020002207", "--reorder", "some"], Title("9787020002207", 5970), "reorder point"),
        (&["books", "update", "9787020002207", "--supplier", "三联书店"], Title("9787020002207", 5970), "supplier"),
        (&["books", "update", "9787020002207", "--category", &long], Title("9787020002207", 5970), "category_code"),
        (&["books", "update", "9787544253994", "--bin", "C-1"], Title("9787544253994", 5500), "several list prices"),
        (&["books", "update", "9787544253994@60", "--bin", "C-1"], Title("9787544253994", 5500), "not at ¥60.00"),
        (&["books", "update", "9787544253995", "--bin", "C-1"], Title("9787544253994", 3950), "ISBN"),
        (&["books", "update", "9787111111115", "--bin", "C-1"], Title("9787020002207", 5970), "not found"),
    ];
    for (args, record, needle) in cases {
        let before = read(&db, *record);
        let out = folio(&db, args);
        assert_eq!(out.status.code(), Some(1), "{args:?} should fail");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(err.trim().lines().count(), 1, "{args:?}: one line: {err}");
        assert!(err.contains(needle), "{args:?}: {err}");
        assert!(out.stdout.is_empty(), "{args:?}");
        assert_eq!(read(&db, *record), before, "{args:?} wrote something");
    }
}

#[test]
fn delete_removes_a_customer_nothing_refers_to_and_refuses_one_with_documents() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("f.sqlite");
    records_to_edit(&db);
    // (code, whether it is deleted, what stdout or the one line on stderr says)
    let cases = [
        ("C0002", true, "deleted C0002"),
        ("C0001", false, "archive it instead"),
        ("C0002", false, "not found"),
    ];
    for (code, deleted, needle) in cases {
        let out = folio(&db, &["customers", "delete", code]);
        if deleted {
            assert!(out.status.success(), "{code}: {out:?}");
            assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), needle);
        } else {
            assert_eq!(out.status.code(), Some(1), "{code}");
            let err = String::from_utf8_lossy(&out.stderr);
            assert_eq!(err.trim().lines().count(), 1, "one line: {err}");
            assert!(err.contains(needle), "{code}: {err}");
        }
    }
    // The refused one is still there, as it was.
    assert_eq!(
        json(&db, &["customers", "show", "C0001", "--json"])["status"],
        "active"
    );
    let codes: Vec<_> = json(&db, &["customers", "list", "--all", "--json"])
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["code"].clone())
        .collect();
    assert_eq!(codes, ["C0001"]);
}

#[test]
fn json_goes_before_or_after_the_subcommand() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("f.sqlite");
    records_to_edit(&db);
    let reads: &[&[&str]] = &[
        &["customers", "list"],
        &["customers", "show", "C0001"],
        &["customers", "search", "xhsd"],
        &["suppliers", "list"],
        &["books", "list"],
        &["books", "show", "9787544253994"],
        &["stock", "list", "--low"],
        &["stock", "value"],
        &["stock", "documents", "--kind", "receipt"],
        &["stock", "check"],
        &["orders", "list"],
        &["receivables"],
        &[
            "statement",
            "--customer",
            "C0001",
            "--from",
            "2020-01-01",
            "--to",
            "2099-12-31",
        ],
    ];
    for args in reads {
        let after = ok(&db, &[*args, &["--json"]].concat());
        let before = ok(&db, &[&["--json"], *args].concat());
        let between = ok(&db, &[&args[..1], &["--json"], &args[1..]].concat());
        assert_eq!(before, after, "{args:?}");
        assert_eq!(between, after, "{args:?}");
        serde_json::from_str::<serde_json::Value>(&after)
            .unwrap_or_else(|e| panic!("{args:?}: not JSON ({e}): {after}"));
        let text = ok(&db, args);
        assert!(
            serde_json::from_str::<serde_json::Value>(&text).is_err() || text.trim().is_empty(),
            "{args:?} printed JSON without --json: {text}"
        );
    }
    // Commands that write print what they wrote, wherever --json goes.
    // One case a line, so that the table reads as one.
    #[rustfmt::skip]
    let writes: &[(&[&str], &str, serde_json::Value)] = &[
        (&["--json", "customers", "add", "--name", "新客户"], "/code", serde_json::json!("C0003")),
        (&["customers", "archive", "C0003", "--json"], "/status", serde_json::json!("archived")),
        (&["customers", "--json", "restore", "C0003"], "/status", serde_json::json!("active")),
        (&["customers", "delete", "C0003", "--json"], "/deleted", serde_json::json!("C0003")),
        (&["suppliers", "add", "--name", "三联书店", "--json"], "/default_discount_bp", serde_json::json!(6000)),
        (&["--json", "books", "add", "--isbn", "9787108000002", "--title", "x", "--price", "1"], "/list_price_fen", serde_json::json!(100)),
        (&["init", "--json"], "/schema_version", serde_json::json!(json(&db, &["init", "--json"])["schema_version"])),
        (&["receivables", "opening", "--customer", "C0002", "--amount", "12", "--json"], "/balance_fen", serde_json::json!(1200)),
    ];
    for (args, field, value) in writes {
        let printed = json(&db, args);
        assert_eq!(printed.pointer(field), Some(value), "{args:?}: {printed}");
    }
}

/// Runs a command that must fail, and returns its one line of error.
fn refused(db: &Path, args: &[&str]) -> String {
    let out = folio(db, args);
    let err = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(!out.status.success(), "{args:?} should fail");
    assert_eq!(err.trim().lines().count(), 1, "{args:?}: one line: {err}");
    assert!(
        !err.contains("Usage"),
        "{args:?}: not a usage screen: {err}"
    );
    err
}

/// The overflow sequence from issue 10, and every number typed at the command
/// line at and past its limits, values that start with `-` included: each gets
/// the core's one-line error naming the field and the range, nothing is
/// written, and the lists and a further receipt keep working.
#[test]
fn numbers_at_their_limits_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("f.sqlite");
    ok(&db, &["suppliers", "add", "--name", "人民文学出版社"]);
    ok(&db, &["customers", "add", "--name", "成都新华书店"]);
    for (isbn, price) in [("9787020002207", "59.70"), ("9787544253994", "39.50")] {
        ok(
            &db,
            &[
                "books", "add", "--isbn", isbn, "--title", "书", "--price", price,
            ],
        );
    }
    ok(
        &db,
        &[
            "stock",
            "receive",
            "--supplier",
            "人民文学出版社",
            "--line",
            "9787544253994:5",
        ],
    );
    let snapshot = |db: &Path| {
        (
            json(db, &["stock", "list", "--json"]),
            json(db, &["stock", "documents", "--json"]),
            json(db, &["customers", "list", "--all", "--json"]),
            json(db, &["receivables", "--json"]),
            json(db, &["orders", "list", "--json"]),
        )
    };
    let before = snapshot(&db);
    // The probe: a barcode scanned into the count field.
    let err = refused(
        &db,
        &[
            "stock",
            "adjust",
            "--line",
            "9787544253994:9223372036854775807",
            "--reason",
            "c",
        ],
    );
    assert!(err.contains("line 1") && err.contains("1000000"), "{err}");
    let cases: &[(&[&str], &[&str])] = &[
        (
            &[
                "books",
                "add",
                "--isbn",
                "9787532731077",
                "--title",
                "X",
                "--price",
                "99999999999.99",
            ],
            &["list price", "too large", "¥1,000,000.00"],
        ),
        (
            &[
                "books",
                "add",
                "--isbn",
                "9787532731077",
                "--title",
                "X",
                "--price",
                "-1",
            ],
            &["list price", "too small", "¥0.01"],
        ),
        (
            &[
                "books",
                "add",
                "--isbn",
                "9787532731077",
                "--title",
                "X",
                "--price",
                "1",
                "--reorder",
                "-5",
            ],
            &["reorder point", "1000000"],
        ),
        (
            &[
                "books",
                "add",
                "--isbn",
                "9787532731077",
                "--title",
                "X",
                "--price",
                "1",
                "--pub-date",
                "2026-02-30",
            ],
            &["pub_date", "calendar"],
        ),
        (
            &["customers", "add", "--name", "A", "--discount", "-0.5"],
            &["discount", "out of range", "0.01"],
        ),
        (
            &[
                "customers",
                "add",
                "--name",
                "A",
                "--credit",
                "99999999999999999999",
            ],
            &["credit limit", "too large", "¥1,000,000,000.00"],
        ),
        (
            &[
                "customers",
                "add",
                "--name",
                "A",
                "--terms",
                "-9223372036854775809",
            ],
            &["payment terms", "3650"],
        ),
        (
            &["customers", "add", "--name", "\u{200B}\u{FEFF}"],
            &["name is required"],
        ),
        (
            &["customers", "add", "--name", "新华\n书店"],
            &["line break"],
        ),
        (
            &["suppliers", "add", "--name", "B", "--discount", "-6折"],
            &["discount", "out of range"],
        ),
        (
            &[
                "orders",
                "add",
                "--customer",
                "C0001",
                "--line",
                "9787544253994:1",
                "--discount",
                "-0.5",
            ],
            &["discount", "out of range"],
        ),
        (
            &[
                "orders",
                "add",
                "--customer",
                "C0001",
                "--line",
                "9787544253994:-1",
            ],
            &["line 1", "1000000"],
        ),
        (
            &["payments", "add", "--customer", "C0001", "--amount", "-5"],
            &["payment", "zero or less"],
        ),
        (
            &[
                "payments",
                "add",
                "--customer",
                "C0001",
                "--amount",
                "1",
                "--date",
                "+10000-01-01",
            ],
            &["date", "out of range"],
        ),
        (
            &[
                "receivables",
                "opening",
                "--customer",
                "C0001",
                "--amount",
                "-99999999999999999999",
            ],
            &["opening balance", "too small"],
        ),
        (
            &[
                "statement",
                "--customer",
                "C0001",
                "--from",
                "2026-02-30",
                "--to",
                "2026-03-31",
            ],
            &["from", "calendar"],
        ),
        (&["stock", "list", "--slow", "-1"], &["slow", "36500"]),
        (
            &["customers", "search", "x", "--limit", "-1"],
            &["limit", "1000"],
        ),
        (
            &[
                "stock",
                "write-off",
                "--line",
                "9787544253994:1",
                "--reason",
                "\u{2060}",
            ],
            &["needs a reason"],
        ),
    ];
    for (args, needles) in cases {
        let err = refused(&db, args);
        for n in *needles {
            assert!(err.contains(n), "{args:?}: {n:?} in {err}");
        }
    }
    assert_eq!(snapshot(&db), before, "nothing written");
    // The lists and totals the probe broke still work, and so do receipts.
    ok(&db, &["stock", "documents"]);
    ok(&db, &["stock", "value"]);
    ok(&db, &["stock", "check"]);
    ok(
        &db,
        &[
            "stock",
            "receive",
            "--supplier",
            "人民文学出版社",
            "--line",
            "9787544253994:1",
        ],
    );
    let value = json(&db, &["stock", "value", "--json"]);
    assert_eq!(value["copies"], 6);
}

/// Stored text reaches the terminal escaped: a title that an older file holds
/// with a tab, a line break and an escape sequence in it stays one row of the
/// table, and the terminal gets no control character.
#[test]
fn tables_escape_what_the_file_holds() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("f.sqlite");
    ok(
        &db,
        &[
            "books",
            "add",
            "--isbn",
            "9787020002207",
            "--title",
            "红楼梦",
            "--price",
            "59.70",
        ],
    );
    ok(&db, &["customers", "add", "--name", "成都新华书店"]);
    {
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.execute(
            "UPDATE titles SET title = 'red\tchamber\n\u{1b}[2Jdream', publisher = 'x\u{202E}y'",
            [],
        )
        .unwrap();
        conn.execute("UPDATE customers SET name = 'shop\u{7}\r'", [])
            .unwrap();
    }
    for args in [
        &["books", "list"][..],
        &["stock", "list"],
        &["customers", "list"],
    ] {
        let out = ok(&db, args);
        assert_eq!(out.lines().count(), 1, "{args:?}: one row: {out:?}");
        assert!(
            !out.trim_end().chars().any(|c| c.is_control() && c != '\t'),
            "{args:?}: {out:?}"
        );
    }
    let books = ok(&db, &["books", "list"]);
    assert!(books.contains("red\\tchamber\\n\\u{1b}[2Jdream"), "{books}");
    assert!(books.contains("x\\u{202e}y"), "{books}");
}

/// `folio demo` on a disk that fills up part way leaves the database as it was,
/// with no scratch file, so it can simply be run again once there is room. Needs
/// the right to mount a small tmpfs (root here); skipped where that is not given.
#[cfg(target_os = "linux")]
#[test]
fn demo_on_a_full_disk_leaves_the_file_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let disk = dir.path().join("small-disk");
    std::fs::create_dir(&disk).unwrap();
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=1200k", "tmpfs"])
        .arg(&disk)
        .output()
        .is_ok_and(|o| o.status.success());
    if !mounted {
        eprintln!("skipped: this user may not mount a tmpfs");
        return;
    }
    let result = std::panic::catch_unwind(|| {
        let db = disk.join("f.sqlite");
        ok(&db, &["init"]);
        let before = std::fs::read(&db).unwrap();
        let out = folio(&db, &["demo", "--customers", "3000", "--titles", "300"]);
        assert!(!out.status.success(), "the disk is too small for this");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(err.trim().lines().count(), 1, "{err}");
        assert_eq!(std::fs::read(&db).unwrap(), before, "the file as it was");
        let left: Vec<_> = std::fs::read_dir(&disk)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains(".sample.tmp"))
            .collect();
        assert!(left.is_empty(), "scratch left: {left:?}");
        assert_eq!(
            json(&db, &["customers", "list", "--json"])
                .as_array()
                .unwrap()
                .len(),
            0
        );
        // Room again: the same command goes through.
        let grown = Command::new("mount")
            .args(["-o", "remount,size=128m"])
            .arg(&disk)
            .status()
            .unwrap();
        assert!(grown.success());
        let out = ok(&db, &["demo", "--customers", "3000", "--titles", "300"]);
        assert!(out.contains("3000 sample customers"), "{out}");
    });
    let _ = Command::new("umount").arg(&disk).status();
    result.unwrap();
}

/// `customers add` refuses a customer whose name and phone match one on file, naming it, and
/// adds it with `--allow-duplicate`; `update` is checked the same way. `orders list --search`
/// finds a customer's orders by pinyin initials.
#[test]
fn a_likely_duplicate_customer_is_refused_unless_allowed() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("f.sqlite");
    assert_eq!(
        ok(
            &db,
            &[
                "customers",
                "add",
                "--name",
                "成都新华书店",
                "--phone",
                "028-8666 1234"
            ]
        )
        .trim(),
        "C0001"
    );
    // The same name with a space, and the phone in other punctuation.
    let mut argv = vec![
        "customers",
        "add",
        "--name",
        "成都 新华书店",
        "--phone",
        "(028) 8666-1234",
    ];
    let err = refused(&db, &argv);
    assert!(err.contains("already on file"), "{err}");
    assert!(err.contains("C0001"), "{err}");
    assert!(err.contains("成都新华书店"), "{err}");
    assert!(err.contains("028-8666 1234"), "{err}");
    assert!(err.contains("--allow-duplicate"), "{err}");
    let list = json(&db, &["customers", "list", "--json"]);
    assert_eq!(list.as_array().unwrap().len(), 1, "nothing written");
    argv.push("--allow-duplicate");
    assert_eq!(ok(&db, &argv).trim(), "C0002");
    // Another phone is another customer.
    ok(
        &db,
        &[
            "customers",
            "add",
            "--name",
            "成都新华书店",
            "--phone",
            "028-8666 9999",
        ],
    );
    let err = refused(
        &db,
        &["customers", "update", "C0003", "--phone", "02886661234"],
    );
    assert!(err.contains("C0001"), "{err}");
    ok(
        &db,
        &[
            "customers",
            "update",
            "C0003",
            "--phone",
            "02886661234",
            "--allow-duplicate",
        ],
    );
}
