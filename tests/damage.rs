//! Damage caught: a corpus of damaged files (an index, a table, the free list,
//! a file cut short), each refused for writing and none written, whether the
//! damage is met by a CLI call's first write or by the app's full check after
//! it starts.

use std::path::{Path, PathBuf};

use folio::base::progress::Quiet;
use folio::crm::customers::{self, CustomerInput, ListQuery};
use folio::store::{OpenMode, Store, Verdict};

const WINDOW: OpenMode = OpenMode::WINDOW;

fn input(name: &str) -> CustomerInput {
    CustomerInput {
        name: name.into(),
        ..CustomerInput::default()
    }
}

/// A healthy Folio file with some hundreds of customers, some of them deleted
/// again so that it has free pages, folded and closed (no log beside it).
fn healthy(dir: &Path) -> PathBuf {
    let path = dir.join("folio.sqlite");
    let mut store = Store::open(&path).unwrap();
    store
        .without_waiting_for_disk(|store| {
            for i in 0..400 {
                let name = format!("书店 {i} {}", "长名".repeat(20));
                customers::create(store, &input(&name))?;
            }
            Ok(())
        })
        .unwrap();
    store
        .conn()
        .execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")
        .unwrap();
    drop(store);
    // Free pages, made behind Folio's back (nothing in Folio deletes this much).
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch(
        "PRAGMA foreign_keys = OFF; DELETE FROM customers WHERE id > 200; PRAGMA wal_checkpoint(TRUNCATE);",
    )
    .unwrap();
    drop(conn);
    assert!(!Path::new(&format!("{}-wal", path.display())).exists());
    path
}

fn page_size(bytes: &[u8]) -> usize {
    match u16::from_be_bytes([bytes[16], bytes[17]]) {
        1 => 65536,
        n => n as usize,
    }
}

/// The root page of an index of the customers whose entries are all on it.
fn leaf_index_page(path: &Path, bytes: &[u8]) -> usize {
    let conn = rusqlite::Connection::open(path).unwrap();
    let mut stmt = conn
        .prepare(
            "SELECT rootpage FROM sqlite_master
              WHERE type = 'index' AND tbl_name = 'customers' AND rootpage > 0",
        )
        .unwrap();
    let roots: Vec<usize> = stmt
        .query_map([], |r| r.get::<_, i64>(0))
        .unwrap()
        .map(|r| r.unwrap() as usize)
        .collect();
    let size = page_size(bytes);
    *roots
        .iter()
        .find(|&&p| {
            let page = &bytes[(p - 1) * size..];
            page[0] == 0x0A && u16::from_be_bytes([page[3], page[4]]) > 100
        })
        .expect("an index on one page")
}

/// One way of damaging the file, as a bit flip or a bad copy would.
fn damage(kind: &str, path: &Path) {
    let mut bytes = std::fs::read(path).unwrap();
    let size = page_size(&bytes);
    match kind {
        // The last byte of a leaf index page is the row id of its first entry:
        // the entry then points at another row. `quick_check` does not see it.
        "index" => {
            let page = leaf_index_page(path, &bytes);
            bytes[page * size - 1] ^= 0x01;
        }
        // Pages in the middle of the customers table overwritten.
        "table" => {
            for b in &mut bytes[size * 2..size * 6] {
                *b = 0xA5;
            }
        }
        // The header's count of free pages no longer matches the free list.
        "freelist" => {
            let free = u32::from_be_bytes([bytes[36], bytes[37], bytes[38], bytes[39]]);
            assert!(free > 0, "the file has free pages");
            bytes[36..40].copy_from_slice(&(free + 3).to_be_bytes());
        }
        // A copy cut off half way.
        "truncated" => bytes.truncate(bytes.len() / 2),
        _ => unreachable!(),
    }
    std::fs::write(path, &bytes).unwrap();
}

const KINDS: &[&str] = &["index", "table", "freelist", "truncated"];

fn refused(r: folio::Result<impl Sized>) -> String {
    match r {
        Ok(_) => "written".into(),
        Err(e) => e.code().as_str().to_string(),
    }
}

#[test]
fn the_damage_is_real_and_quick_check_misses_the_index() {
    for &kind in KINDS {
        let dir = tempfile::tempdir().unwrap();
        let path = healthy(dir.path());
        damage(kind, &path);
        let conn = rusqlite::Connection::open(&path).unwrap();
        let full: String = conn
            .query_row("PRAGMA integrity_check(1)", [], |r| r.get(0))
            .unwrap_or_else(|e| e.to_string());
        assert_ne!(full, "ok", "{kind}");
        if kind == "index" {
            let quick: String = conn
                .query_row("PRAGMA quick_check(1)", [], |r| r.get(0))
                .unwrap();
            assert_eq!(quick, "ok", "quick_check cannot see index damage");
        }
    }
}

/// A CLI call on a file no Folio has checked: its first write checks first.
#[test]
fn a_damaged_file_is_refused_at_the_first_write() {
    for &kind in KINDS {
        let dir = tempfile::tempdir().unwrap();
        let path = healthy(dir.path());
        damage(kind, &path);
        let before = std::fs::read(&path).unwrap();
        match Store::open_with(&path, OpenMode::EXISTING) {
            // Refused at the door (not SQLite any more, or cut short).
            Err(e) => assert_eq!(e.code().as_str(), "db_corrupt", "{kind}: {e}"),
            Ok(mut store) => {
                let got = refused(customers::create(&mut store, &input("新书店")));
                assert_eq!(got, "db_damaged", "{kind}");
                drop(store);
                // Known now to every process: refused at once, reads still work.
                let mut again = Store::open_with(&path, OpenMode::EXISTING).unwrap();
                assert!(again.damage().is_some(), "{kind}");
                assert_eq!(
                    refused(customers::create(&mut again, &input("新书店"))),
                    "db_damaged"
                );
                if kind != "table" {
                    assert!(customers::list(&again, &ListQuery::default()).is_ok());
                }
            }
        }
        assert_eq!(std::fs::read(&path).unwrap(), before, "{kind}: not written");
    }
}

/// The app: the window opens (quickly, without the full check), the job runner
/// checks the whole file on a reader, and from then on no write goes in.
#[test]
fn the_apps_check_after_start_stops_every_write() {
    for &kind in KINDS {
        let dir = tempfile::tempdir().unwrap();
        let path = healthy(dir.path());
        // Checked whole once, so the window has no reason to check before a write.
        Store::open_with(&path, OpenMode::EXISTING)
            .unwrap()
            .verify(&Quiet)
            .unwrap();
        damage(kind, &path);
        let before = std::fs::read(&path).unwrap();
        let mut window = match Store::open_with(&path, WINDOW) {
            Err(e) => {
                assert_eq!(e.code().as_str(), "db_corrupt", "{kind}: {e}");
                continue;
            }
            Ok(w) => w,
        };
        assert!(!window.checks_before_write(), "{kind}");
        let mut reader = Store::open_reader(&path).unwrap();
        let verdict = reader.verify(&Quiet).unwrap();
        assert!(
            matches!(verdict, Verdict::Damaged(_)),
            "{kind}: {verdict:?}"
        );
        window.note_verdict(verdict);
        assert!(window.damage().is_some());
        assert_eq!(
            refused(customers::create(&mut window, &input("新书店"))),
            "db_damaged",
            "{kind}"
        );
        // The CLI beside it refuses with the same message.
        let mut cli = Store::open_with(&path, OpenMode::EXISTING).unwrap();
        let err = customers::create(&mut cli, &input("新书店")).unwrap_err();
        assert_eq!(err.code().as_str(), "db_damaged");
        assert!(
            err.to_string().contains("Folio will not write to it"),
            "{err}"
        );
        drop(cli);
        drop(window);
        assert_eq!(std::fs::read(&path).unwrap(), before, "{kind}: not written");
    }
}

#[test]
fn a_whole_file_passes_and_a_passing_check_lifts_the_refusal() {
    let dir = tempfile::tempdir().unwrap();
    let path = healthy(dir.path());
    let mut store = Store::open_with(&path, OpenMode::EXISTING).unwrap();
    assert_eq!(store.verify(&Quiet).unwrap(), Verdict::Whole);
    store.note_verdict(Verdict::Damaged("found by a read".into()));
    assert_eq!(
        refused(customers::create(&mut store, &input("新书店"))),
        "db_damaged"
    );
    // Restored (here: it was never really damaged), the next full check clears it.
    assert_eq!(store.verify(&Quiet).unwrap(), Verdict::Whole);
    customers::create(&mut store, &input("新书店")).unwrap();
}
