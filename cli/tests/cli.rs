//! The `folio` command line, run as a user would run it.

use std::path::Path;
use std::process::{Command, Output};

fn folio(db: &Path, args: &[&str]) -> Output {
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
            &["customers", "add", "--name", "A", "--discount", "65"],
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
    let out = Command::new(env!("CARGO_BIN_EXE_folio"))
        .args(["customers", "add", "--name", "Env Books"])
        .env("FOLIO_DB", &db)
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(db.exists());
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
            "above zero",
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
            "--json",
        ],
    );
    for (part, kinds) in [("customers", 13), ("titles", 16)] {
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
    run(&[
        "stock",
        "receive",
        "--supplier",
        "人民文学出版社",
        "--line",
        "9787532731077:10",
    ]);

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
}
