//! The database file: creation, migration with a backup, and refusal of files we
//! must not touch (damaged, from a newer Folio, already open elsewhere).

use folio::customers::{self, CustomerInput};
use folio::db::{Store, MIGRATIONS, SCHEMA_VERSION};
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
    assert_eq!(err.code(), "db_corrupt");
    assert_eq!(
        std::fs::read(&junk).unwrap(),
        b"this is a spreadsheet, not a database"
    );

    // A real Folio file with its pages overwritten in the middle.
    let path = dir.path().join("folio.sqlite");
    {
        let mut store = Store::open(&path).unwrap();
        for i in 0..300 {
            customers::create(&mut store, &input(&format!("书店 {i}"))).unwrap();
        }
        store
            .conn()
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
            .unwrap();
    }
    let mut bytes = std::fs::read(&path).unwrap();
    assert!(bytes.len() > 8 * 4096);
    for b in &mut bytes[4096 * 2..4096 * 6] {
        *b = 0xA5;
    }
    std::fs::write(&path, &bytes).unwrap();
    let err = Store::open(&path).unwrap_err();
    assert_eq!(err.code(), "db_corrupt", "{err}");
    assert_eq!(std::fs::read(&path).unwrap(), bytes, "file must not change");
}

#[test]
fn a_foreign_sqlite_file_is_not_adopted() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("other.sqlite");
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch("CREATE TABLE invoices (id INTEGER);")
        .unwrap();
    drop(conn);
    assert_eq!(Store::open(&path).unwrap_err().code(), "db_corrupt");
}

#[test]
fn a_second_store_on_the_same_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("folio.sqlite");
    let first = Store::open(&path).unwrap();
    let err = Store::open(&path).unwrap_err();
    assert_eq!(err.code(), "db_locked");
    drop(first);
    Store::open(&path).expect("free again once the first is closed");
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
    use folio::catalog;
    use folio::stock;
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
