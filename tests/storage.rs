//! The database file: creation, migration with a backup, and refusal of files we
//! must not touch (not ours, from a newer Folio). Opening a file by its paths,
//! beside other processes, is in tests/opening.rs; damage in tests/damage.rs.

use folio::crm::customers::{self, CustomerInput};
use folio::store::{Store, MIGRATIONS, SCHEMA_VERSION};
use folio::FolioError;

fn input(name: &str) -> CustomerInput {
    CustomerInput {
        name: name.into(),
        ..CustomerInput::default()
    }
}

#[test]
fn fresh_file_gets_schema_wal_and_foreign_keys() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nested/folio.sqlite");
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    let mode: String = store
        .conn()
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    let sync: i64 = store
        .conn()
        .query_row("PRAGMA synchronous", [], |r| r.get(0))
        .unwrap();
    assert_eq!(sync, 2, "synchronous=FULL");
    let fk: i64 = store
        .conn()
        .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
        .unwrap();
    assert_eq!(fk, 1);
}

#[test]
fn reopening_keeps_data_and_takes_no_backup_when_current() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("folio.sqlite");
    {
        let mut store = Store::open(&path).unwrap();
        customers::create(&mut store, &input("成都新华书店")).unwrap();
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(
        customers::get_by_code(&store, "C0001").unwrap().name,
        "成都新华书店"
    );
    let backups = std::fs::read_dir(dir.path())
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .ends_with(".bak")
        })
        .count();
    assert_eq!(backups, 0);
}

#[test]
fn migrating_an_existing_file_backs_it_up_first() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("folio.sqlite");
    {
        let mut store = Store::open(&path).unwrap();
        customers::create(&mut store, &input("Waterstones Leeds")).unwrap();
    }
    // A later Folio with one more migration opens the file.
    let mut newer: Vec<&str> = MIGRATIONS.to_vec();
    newer.push("CREATE TABLE later_feature (id INTEGER PRIMARY KEY);");
    {
        let store = Store::open_with_migrations(&path, &newer).unwrap();
        assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION + 1);
        assert_eq!(
            customers::get_by_code(&store, "C0001").unwrap().name,
            "Waterstones Leeds"
        );
    }
    let backup = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.to_string_lossy().ends_with(".bak"))
        .expect("a backup file next to the database");
    // The backup is a whole, readable database at the old version.
    let conn = rusqlite::Connection::open(&backup).unwrap();
    let v: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(v, SCHEMA_VERSION);
    let n: i64 = conn
        .query_row("SELECT count(*) FROM customers", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 1);
}

#[test]
fn a_file_from_a_newer_folio_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("folio.sqlite");
    let mut newer: Vec<&str> = MIGRATIONS.to_vec();
    newer.push("CREATE TABLE later_feature (id INTEGER PRIMARY KEY);");
    drop(Store::open_with_migrations(&path, &newer).unwrap());
    let before = std::fs::read(&path).unwrap();
    match Store::open(&path) {
        Err(FolioError::TooNew { found, known, .. }) => {
            assert_eq!(found, SCHEMA_VERSION + 1);
            assert_eq!(known, SCHEMA_VERSION);
        }
        other => panic!("expected TooNew, got {other:?}"),
    }
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "file must not change"
    );
}

#[test]
fn garbage_and_damaged_files_are_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    // Not SQLite at all.
    let junk = dir.path().join("junk.sqlite");
    std::fs::write(&junk, b"this is a spreadsheet, not a database").unwrap();
    let err = Store::open(&junk).unwrap_err();
    assert_eq!(err.code().as_str(), "db_corrupt");
    assert_eq!(
        std::fs::read(&junk).unwrap(),
        b"this is a spreadsheet, not a database"
    );

    // Damaged Folio files are in tests/damage.rs.
}

#[test]
fn a_foreign_sqlite_file_is_not_adopted() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("other.sqlite");
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch("CREATE TABLE invoices (id INTEGER);")
        .unwrap();
    drop(conn);
    assert_eq!(
        Store::open(&path).unwrap_err().code().as_str(),
        "db_corrupt"
    );
}

#[test]
fn every_write_leaves_an_audit_row() {
    let mut store = Store::open_in_memory().unwrap();
    let c = customers::create(&mut store, &input("A")).unwrap();
    customers::archive(&mut store, c.id).unwrap();
    let actions: Vec<String> = store
        .conn()
        .prepare("SELECT action FROM audit_log ORDER BY id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(actions, ["customers.create", "customers.archive"]);
}

#[test]
fn schema_2_files_with_stock_migrate_to_3_keeping_documents_and_references() {
    use folio::trade::catalog;
    use folio::trade::stock;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("folio.sqlite");
    // A file as schema 2 left it: a receipt and its reversal, written as that
    // version's code wrote them.
    let number = "PR-20261101-0001";
    {
        let store = Store::open_with_migrations(&path, &MIGRATIONS[..2]).unwrap();
        store
            .conn()
            .execute_batch(
                "INSERT INTO suppliers (id, name, created_at, updated_at)
                     VALUES (1, '中华书局', '2026-11-01T09:00:00+08:00', '2026-11-01T09:00:00+08:00');
                 INSERT INTO titles (id, isbn, list_price_fen, title, created_at, updated_at, on_hand)
                     VALUES (1, '9787020002207', 5970, '红楼梦', '2026-11-01T09:00:00+08:00',
                         '2026-11-01T09:00:00+08:00', 0);
                 INSERT INTO stock_documents (id, number, kind, supplier_id, doc_date, status, reason, created_at)
                     VALUES (1, 'PR-20261101-0001', 'receipt', 1, '2026-11-01', 'reversed', '', '2026-11-01T09:00:00+08:00'),
                            (2, 'PR-20261101-0002', 'receipt', 1, '2026-11-01', 'posted',
                                'reverses PR-20261101-0001', '2026-11-01T09:00:00+08:00');
                 UPDATE stock_documents SET reverses_id = 1 WHERE id = 2;
                 INSERT INTO stock_document_lines (document_id, line_no, title_id, quantity,
                         list_price_fen, discount_bp, unit_cost_fen, net_fen)
                     VALUES (1, 1, 1, 5, 5970, 6000, 3582, 17910), (2, 1, 1, -5, 5970, 6000, 3582, -17910);
                 INSERT INTO stock_movements (title_id, at, kind, quantity, unit_cost_fen, document_id, reason)
                     VALUES (1, '2026-11-01T09:00:00+08:00', 'receipt', 5, 3582, 1, ''),
                            (1, '2026-11-01T09:00:00+08:00', 'receipt', -5, 3582, 2, 'reverses PR-20261101-0001');",
            )
            .unwrap();
    }
    let mut store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    let docs = stock::documents(&store, &Default::default()).unwrap();
    assert_eq!(docs.len(), 2);
    assert_eq!(docs[0].reverses.as_deref(), Some(number));
    assert_eq!(docs[1].status, "reversed");
    assert_eq!(stock::document(&store, number).unwrap().lines.len(), 1);
    // The rebuilt table takes the new kinds, and foreign keys are on again.
    stock::opening(&mut store, &["9787020002207:3".into()], "").unwrap();
    assert_eq!(catalog::title_by_id(&store, 1).unwrap().quantity, 3);
    let fk: i64 = store
        .conn()
        .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
        .unwrap();
    assert_eq!(fk, 1);
    let broken: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(broken, 0);
    assert!(stock::check(&store).unwrap().is_empty());
}

#[test]
fn schema_4_files_get_last_cost_from_their_ledger() {
    use folio::trade::stock;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("folio.sqlite");
    // Schema 4 looked the last cost up in the ledger: the last receipt or opening
    // balance that brought copies in. A reversal, a sale or a stocktake does not count.
    {
        let store = Store::open_with_migrations(&path, &MIGRATIONS[..4]).unwrap();
        store
            .conn()
            .execute_batch(
                "INSERT INTO titles (id, isbn, list_price_fen, title, created_at, updated_at, on_hand)
                     VALUES (1, '9787020002207', 5970, '红楼梦', '2026-11-01', '2026-11-01', 4),
                            (2, '9787101003048', 3000, '史记', '2026-11-01', '2026-11-01', 3),
                            (3, '9787544253994', 3950, '百年孤独', '2026-11-01', '2026-11-01', 0);
                 INSERT INTO stock_movements (title_id, at, kind, quantity, unit_cost_fen, reason)
                     VALUES (1, '2026-11-01', 'receipt', 5, 3582, ''),
                            (1, '2026-11-02', 'receipt', 3, 4000, ''),
                            (1, '2026-11-03', 'receipt', -3, 4000, 'reverses'),
                            (1, '2026-11-04', 'sale', -1, 4000, ''),
                            (2, '2026-11-01', 'opening', 2, 1000, ''),
                            (2, '2026-11-02', 'adjustment', 1, 500, 'count');",
            )
            .unwrap();
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    let cost = |id: i64| stock::item_card(&store, id).unwrap().last_cost_fen;
    assert_eq!((cost(1), cost(2), cost(3)), (4000, 1000, 0));
    assert!(stock::check(&store).unwrap().is_empty());
    // Sales have no document, so the index of documents leaves them out.
    let sql: String = store
        .conn()
        .query_row(
            "SELECT sql FROM sqlite_master WHERE name = 'stock_movements_document'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(sql.ends_with("WHERE document_id IS NOT NULL"), "{sql}");

    // A kept cost that drifts from the ledger is reported, as on-hand is.
    store
        .conn()
        .execute("UPDATE titles SET last_cost_fen = 1 WHERE id = 1", [])
        .unwrap();
    let bad = stock::check(&store).unwrap();
    assert_eq!(bad.len(), 1);
    assert_eq!(
        (
            bad[0].on_hand,
            bad[0].ledger,
            bad[0].last_cost_fen,
            bad[0].ledger_last_cost_fen
        ),
        (4, 4, 1, 4000)
    );
}

#[test]
fn the_log_is_folded_back_only_when_idle_and_grown() {
    use folio::store::FOLD_LOG_PAGES;
    use std::time::Duration;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("folio.sqlite");
    let mut store = Store::open(&path).unwrap();
    let put = |store: &mut Store, key: &str, bytes: usize| {
        store
            .write("test.put", "setting", |tx| {
                tx.execute(
                    "INSERT OR REPLACE INTO settings (key, value) VALUES (?1, ?2)",
                    (key, "x".repeat(bytes)),
                )?;
                Ok(((), None))
            })
            .unwrap();
    };
    let unfolded = |store: &Store| -> i64 {
        // A PASSIVE checkpoint of nothing new reports what the log holds and what
        // of it is already in the file.
        let (log, done): (i64, i64) = store
            .conn()
            .query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |r| {
                Ok((r.get(1)?, r.get(2)?))
            })
            .unwrap();
        log - done
    };
    // A small write stays in the log: folding it would cost more than it saves.
    put(&mut store, "small", 100);
    assert!(!store.checkpoint_if_idle(Duration::ZERO).unwrap());

    // Past the mark, but the app is not idle yet: still nothing.
    put(&mut store, "big", (FOLD_LOG_PAGES as usize + 100) * 4096);
    assert!(!store.checkpoint_if_idle(Duration::from_secs(3600)).unwrap());
    // Idle: folded, and once is enough.
    assert!(store.checkpoint_if_idle(Duration::ZERO).unwrap());
    assert_eq!(unfolded(&store), 0);
    assert!(!store.checkpoint_if_idle(Duration::ZERO).unwrap());
    drop(store);
    let store = Store::open(&path).unwrap();
    assert_eq!(
        store.setting("big").unwrap().map(|v| v.len()),
        Some((FOLD_LOG_PAGES as usize + 100) * 4096)
    );
}

#[test]
fn cached_statements_are_not_planned_again_for_each_value() {
    use rusqlite::StatementStatus;
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("folio.sqlite")).unwrap();
    let sql = "SELECT o.id, c.code FROM orders o JOIN customers c ON c.id = o.customer_id
               WHERE o.id = ?1";
    for id in 1..20i64 {
        let mut stmt = store.conn().prepare_cached(sql).unwrap();
        let mut rows = stmt.query([id]).unwrap();
        while rows.next().unwrap().is_some() {}
    }
    let stmt = store.conn().prepare_cached(sql).unwrap();
    assert_eq!(stmt.get_status(StatementStatus::RePrepare), 0);
}

#[test]
fn schema_5_files_list_their_titles_in_pinyin_order() {
    use folio::trade::catalog::{self, StockFilter};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("folio.sqlite");
    {
        let store = Store::open_with_migrations(&path, &MIGRATIONS[..5]).unwrap();
        store
            .conn()
            .execute_batch(
                "INSERT INTO titles (id, isbn, list_price_fen, title, created_at, updated_at)
                     VALUES (1, '9787020002207', 5970, '人间词话', '2026-11-01', '2026-11-01'),
                            (2, '9787101003048', 3000, '红楼梦', '2026-11-01', '2026-11-01'),
                            (3, '9787544253994', 3950, '百年孤独', '2026-11-01', '2026-11-01');",
            )
            .unwrap();
    }
    let store = Store::open(&path).unwrap();
    let titles: Vec<String> = catalog::stock_page(&store, &StockFilter::default())
        .unwrap()
        .rows
        .into_iter()
        .map(|t| t.title)
        .collect();
    assert_eq!(titles, ["百年孤独", "红楼梦", "人间词话"]);
}

/// Migration 8: a return booked as damaged as a whole before it keeps that on
/// each of its lines, a saleable one stays saleable, and a receipt has no
/// supplier invoice.
#[test]
fn schema_6_returns_keep_their_damaged_flag_on_every_line() {
    use folio::trade::{receivables, stock};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("folio.sqlite");
    {
        let store = Store::open_with_migrations(&path, &MIGRATIONS[..6]).unwrap();
        store
            .conn()
            .execute_batch(
                "INSERT INTO customers (id, code, code_sort, name, kind, created_at, updated_at)
                     VALUES (1, 'C0001', 'C0001', '新华书店', 'bookshop', '2026-11-01', '2026-11-01');
                 INSERT INTO titles (id, isbn, list_price_fen, title, title_sort, created_at, updated_at)
                     VALUES (1, '9787020002207', 5970, '红楼梦', 'hong', '2026-11-01', '2026-11-01');
                 INSERT INTO customer_returns (id, number, customer_id, return_date, damaged, created_at)
                     VALUES (1, 'RT-1', 1, '2026-11-02', 1, '2026-11-02'),
                            (2, 'RT-2', 1, '2026-11-02', 0, '2026-11-02');
                 INSERT INTO customer_return_lines (return_id, line_no, title_id, quantity,
                         list_price_fen, discount_bp, net_fen)
                     VALUES (1, 1, 1, 2, 5970, 6000, 7164), (1, 2, 1, 1, 5970, 6000, 3582),
                            (2, 1, 1, 1, 5970, 6000, 3582);
                 INSERT INTO stock_documents (id, number, kind, doc_date, created_at)
                     VALUES (1, 'PR-1', 'receipt', '2026-11-01', '2026-11-01');",
            )
            .unwrap();
    }
    let store = Store::open(&path).unwrap();
    let flags = |n: &str| -> Vec<bool> {
        receivables::return_by_number(&store, n)
            .unwrap()
            .lines
            .iter()
            .map(|l| l.damaged)
            .collect()
    };
    assert_eq!(flags("RT-1"), [true, true]);
    assert_eq!(flags("RT-2"), [false]);
    let receipt = stock::document(&store, "PR-1").unwrap();
    assert_eq!(
        (
            receipt.supplier_invoice.as_str(),
            receipt.supplier_invoice_date
        ),
        ("", None)
    );
}

/// The migration files and the `MIGRATIONS` list agree: numbered 0001, 0002, …
/// with no gap, each embedded once and in order, so a file added without its
/// line (or the other way round) fails here rather than on a user's machine.
#[test]
fn migration_files_and_the_list_agree() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/store/migrations");
    let mut files: Vec<(String, String)> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| {
            let path = e.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(&path).unwrap())
        })
        .collect();
    files.sort();
    assert_eq!(files.len(), MIGRATIONS.len(), "{files:?}");
    assert_eq!(SCHEMA_VERSION as usize, MIGRATIONS.len());
    for (i, ((name, sql), embedded)) in files.iter().zip(MIGRATIONS).enumerate() {
        assert!(
            name.starts_with(&format!("{:04}_", i + 1)) && name.ends_with(".sql"),
            "{name} should be migration {}",
            i + 1
        );
        assert_eq!(
            sql,
            embedded,
            "{name} is not the migration embedded at {}",
            i + 1
        );
    }
}

/// No test changes the process's environment (`FOLIO_NOW`, `FOLIO_DB`): plain
/// `cargo test` runs the tests of a file as threads of one process, so a
/// variable set by one would be seen by the others. Tests pin the clock for
/// their own thread (`clock::pin`, `clock::at`) and pass `--db` or `.env()` to
/// the processes they start.
#[test]
fn no_test_sets_process_wide_variables() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for dir in ["tests", "tests/common", "cli/tests"] {
        for entry in std::fs::read_dir(root.join(dir)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                let needle = ["std::env::", "set_var("].concat();
                assert!(
                    !text.contains(&needle),
                    "{} sets a process-wide variable",
                    path.display()
                );
            }
        }
    }
}

/// Customers tagged before tags were searchable (schema 6) are found by their
/// tags once the file is opened by this version, as if saved today.
#[test]
fn schema_6_files_find_customers_by_their_tags() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("folio.sqlite");
    let tagged = |name: &str, tags: &[&str]| CustomerInput {
        name: name.into(),
        tags: tags.iter().map(|t| t.to_string()).collect(),
        ..Default::default()
    };
    {
        let mut store = Store::open_with_migrations(&path, &MIGRATIONS[..6]).unwrap();
        // Today's code writes columns later schemas added; they are lent to the
        // file while it is filled and taken away after, leaving a schema-6 file.
        let lent = [
            ("customers", "birthday_lunar INTEGER NOT NULL DEFAULT 0"),
            ("customer_contacts", "birthday TEXT"),
            (
                "customer_contacts",
                "birthday_lunar INTEGER NOT NULL DEFAULT 0",
            ),
        ];
        for (table, column) in lent {
            store
                .conn()
                .execute_batch(&format!("ALTER TABLE {table} ADD COLUMN {column}"))
                .unwrap();
        }
        // And the search tables of schema 12 (the file's own trigram index is fed
        // by its trigger on customer_keys, as schema 6 fed it).
        store
            .conn()
            .execute_batch(
                "CREATE VIRTUAL TABLE customer_text USING fts5 (keys, content = '',
                     contentless_delete = 1, tokenize = 'trigram');
                 CREATE VIRTUAL TABLE customer_chars USING fts5 (grams, content = '',
                     contentless_delete = 1, detail = none, tokenize = 'unicode61');",
            )
            .unwrap();
        for (name, tags) in [
            ("成都新华书店", &["重点", "华西"][..]),
            ("实验学校", &["重点"][..]),
            ("西西弗书店", &[][..]),
            ("Waterstones", &["VIP", "Waterstones"][..]),
        ] {
            customers::create(&mut store, &tagged(name, tags)).unwrap();
        }
        // What a schema-6 Folio wrote: no tag keys at all.
        store
            .conn()
            .execute("DELETE FROM customer_keys WHERE kind = 7", [])
            .unwrap();
        store
            .conn()
            .execute_batch("DROP TABLE customer_text; DROP TABLE customer_chars;")
            .unwrap();
        for (table, column) in lent {
            let name = column.split(' ').next().unwrap();
            store
                .conn()
                .execute_batch(&format!("ALTER TABLE {table} DROP COLUMN {name}"))
                .unwrap();
        }
    }
    let store = Store::open(&path).unwrap();
    let found = |q: &str| -> Vec<String> {
        let mut v: Vec<String> = customers::search(&store, q, 50)
            .unwrap()
            .into_iter()
            .map(|c| c.name)
            .collect();
        v.sort();
        v
    };
    let cases: &[(&str, &[&str])] = &[
        ("重点", &["实验学校", "成都新华书店"]),
        ("zhongdian", &["实验学校", "成都新华书店"]),
        ("华西", &["成都新华书店"]),
        ("vip", &["Waterstones"]),
    ];
    for (q, want) in cases {
        assert_eq!(found(q), *want, "query {q:?}");
    }
    // A tag equal to a key the customer has (its name) is not indexed twice.
    let twice: i64 = store
        .conn()
        .query_row(
            "SELECT count(*) FROM customer_keys GROUP BY customer_id, key ORDER BY count(*) DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(twice, 1);
}

/// Every foreign key has an index that starts with its column, so that a
/// document's page finds what points at it (its backorders, its returns)
/// without reading the whole child table, and deleting a draft checks its
/// children by index. A missing one made the order page scan every order on a
/// large file (30 ms per confirmation instead of 3).
#[test]
fn every_foreign_key_is_indexed() {
    let store = Store::open_in_memory().unwrap();
    let conn = store.conn();
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut missing = Vec::new();
    for table in &tables {
        let fks: Vec<(String, String)> = conn
            .prepare(&format!(
                "SELECT \"from\", \"table\" FROM pragma_foreign_key_list('{table}')"
            ))
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        // The first column of each index on the table, the primary key's too.
        let mut leading: Vec<String> = conn
            .prepare(&format!(
                "SELECT (SELECT name FROM pragma_index_info(l.name) WHERE seqno = 0)
                 FROM pragma_index_list('{table}') l"
            ))
            .unwrap()
            .query_map([], |r| r.get::<_, Option<String>>(0))
            .unwrap()
            .filter_map(|r| r.unwrap())
            .collect();
        leading.extend(
            conn.prepare(&format!(
                "SELECT name FROM pragma_table_info('{table}') WHERE pk = 1"
            ))
            .unwrap()
            .query_map([], |r| r.get::<_, String>(0))
            .unwrap()
            .map(|r| r.unwrap()),
        );
        for (column, parent) in fks {
            if !leading.contains(&column) {
                missing.push(format!("{table}.{column} → {parent}"));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "foreign keys with no index: {missing:#?}"
    );
}

/// A file of schema 11 kept a trigram row per key and a table of grams; schema 12
/// keeps one row per record in each index. What schema 11 wrote (here by its own
/// triggers and tables) is found by every kind of query after the migration.
#[test]
fn schema_11_search_rows_move_to_one_document_per_record() {
    use folio::trade::catalog;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("folio.sqlite");
    {
        let store = Store::open_with_migrations(&path, &MIGRATIONS[..11]).unwrap();
        store
            .conn()
            .execute_batch(
                "INSERT INTO customers (id, code, code_sort, name, kind, created_at, updated_at)
                     VALUES (1, 'C0001', 'c000000000001', '成都新华书店', 'bookshop', 'x', 'x'),
                            (2, 'C0002', 'c000000000002', 'Waterstones Leeds', 'bookshop', 'x', 'x');
                 INSERT INTO customer_keys (customer_id, kind, key) VALUES
                     (1, 0, 'c0001'), (1, 1, '成都新华书店'), (1, 3, 'cdxhsd'),
                     (1, 4, 'chengduxinhuashudian'), (1, 5, '02886661234'),
                     (2, 0, 'c0002'), (2, 1, 'waterstonesleeds'), (2, 2, 'leeds');
                 INSERT INTO customer_grams (gram, customer_id) VALUES
                     ('成', 1), ('成都', 1), ('都', 1), ('都新', 1), ('新', 1), ('新华', 1),
                     ('华', 1), ('华书', 1), ('书', 1), ('书店', 1), ('店', 1);
                 INSERT INTO titles (id, isbn, list_price_fen, title, created_at, updated_at, on_hand)
                     VALUES (1, '9787020002207', 5970, '红楼梦', 'x', 'x', 0);
                 INSERT INTO title_keys (title_id, kind, key) VALUES
                     (1, 0, '9787020002207'), (1, 1, '红楼梦'), (1, 2, 'hongloumeng');
                 INSERT INTO title_grams (gram, title_id) VALUES
                     ('红', 1), ('红楼', 1), ('楼', 1), ('楼梦', 1), ('梦', 1);",
            )
            .unwrap();
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    let found = |q: &str| -> Vec<String> {
        customers::search(&store, q, 10)
            .unwrap()
            .into_iter()
            .map(|c| c.code)
            .collect()
    };
    let cases: &[(&str, &[&str])] = &[
        ("新华书", &["C0001"]),  // a substring of the name (trigrams)
        ("uashud", &["C0001"]),  // inside the pinyin
        ("6661", &["C0001"]),    // inside the phone
        ("新华", &["C0001"]),    // two characters (grams)
        ("店", &["C0001"]),      // one
        ("cdx", &["C0001"]),     // a prefix of the initials
        ("terston", &["C0002"]), // inside a Latin name
        ("leeds", &["C0002"]),   // a later word
        ("c0001成都", &[]),      // across two keys: no key holds it
        ("华华", &[]),
    ];
    for (q, want) in cases {
        assert_eq!(found(q), *want, "{q}");
    }
    let titles = |q: &str| -> Vec<String> {
        catalog::search_titles(&store, q, 10)
            .unwrap()
            .into_iter()
            .map(|t| t.title)
            .collect()
    };
    assert_eq!(titles("楼梦"), ["红楼梦"]);
    assert_eq!(titles("loumen"), ["红楼梦"]);
    assert_eq!(titles("楼"), ["红楼梦"]);
    for table in [
        "customer_text",
        "customer_chars",
        "title_text",
        "title_chars",
    ] {
        store
            .conn()
            .execute_batch(&format!(
                "INSERT INTO {table} ({table}) VALUES ('integrity-check')"
            ))
            .unwrap();
    }
}
