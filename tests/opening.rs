//! Opening a file: only when asked is one made, read-only files and folders are
//! named, one desktop window per file whatever path reaches it, and CLI writers
//! beside it wait their turn instead of failing. A log left beside the file is
//! taken for a crash only when nobody has the file open.

use std::path::Path;
use std::time::{Duration, Instant};

use folio::base::progress::Quiet;
use folio::crm::customers::{self, CustomerInput, ListQuery};
use folio::store::{OpenMode, Store};

const WINDOW: OpenMode = OpenMode::WINDOW;

fn input(name: &str) -> CustomerInput {
    CustomerInput {
        name: name.into(),
        ..CustomerInput::default()
    }
}

fn code(r: folio::Result<Store>) -> String {
    match r {
        Ok(_) => "opened".into(),
        Err(e) => e.code().as_str().to_string(),
    }
}

fn count(store: &Store) -> i64 {
    customers::list(store, &ListQuery::default()).unwrap().total
}

fn made(dir: &Path) -> std::path::PathBuf {
    let path = dir.join("folio.sqlite");
    drop(Store::open(&path).unwrap());
    path
}

/// A file made at `path` and checked whole once, its verdict kept beside it.
fn checked(path: &Path) {
    drop(Store::open(path).unwrap());
    Store::open_with(path, OpenMode::EXISTING)
        .unwrap()
        .verify(&Quiet)
        .unwrap();
    assert!(kept_whole(path));
}

/// Whether a verdict of whole is kept beside the file.
fn kept_whole(path: &Path) -> bool {
    std::fs::read_to_string(format!("{}.check", path.display()))
        .is_ok_and(|v| v.starts_with("whole "))
}

fn side(path: &Path, suffix: &str) -> std::path::PathBuf {
    std::path::PathBuf::from(format!("{}{suffix}", path.display()))
}

/// A write-ahead log with pages in it is beside the file.
fn log_left(path: &Path) -> bool {
    std::fs::metadata(side(path, "-wal")).is_ok_and(|m| m.len() > 0)
}

#[test]
fn only_create_makes_a_file() {
    let dir = tempfile::tempdir().unwrap();
    for path in [
        dir.path().join("typo.sqlite"),
        dir.path().join("no-such-folder/folio.sqlite"),
    ] {
        let err = Store::open_with(&path, OpenMode::EXISTING).unwrap_err();
        assert_eq!(err.code().as_str(), "db_missing");
        assert_eq!(
            err.to_string().split(" (").next().unwrap(),
            format!("no Folio database at {}", path.display())
        );
        assert_eq!(code(Store::open_with(&path, WINDOW)), "db_missing");
        assert!(!path.exists(), "nothing made at {}", path.display());
        assert!(!path.parent().unwrap().join("folio.sqlite-wal").exists());
    }
    assert!(!dir.path().join("no-such-folder").exists());
    let path = dir.path().join("new/folio.sqlite");
    Store::open_with(&path, OpenMode::CREATE).unwrap();
    assert!(path.exists());
}

#[cfg(unix)]
#[test]
fn read_only_files_and_folders_are_named() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = made(dir.path());
    let before = std::fs::read(&path).unwrap();

    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).unwrap();
    let err = Store::open_with(&path, OpenMode::EXISTING).unwrap_err();
    assert_eq!(err.code().as_str(), "db_read_only");
    assert!(err.to_string().contains("file"), "{err}");
    assert!(
        err.to_string().contains(&path.display().to_string()),
        "{err}"
    );
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();

    let folder = dir.path().join("locked");
    std::fs::create_dir(&folder).unwrap();
    std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o555)).unwrap();
    let inside = folder.join("folio.sqlite");
    let err = Store::open(&inside).unwrap_err();
    assert_eq!(err.code().as_str(), "db_read_only");
    assert!(err.to_string().contains("folder"), "{err}");
    assert!(!inside.exists());
    std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[cfg(unix)]
#[test]
fn one_window_per_file_by_any_path_and_the_cli_beside_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = made(dir.path());
    let sub = dir.path().join("sub");
    std::fs::create_dir(&sub).unwrap();
    let link = dir.path().join("link.sqlite");
    std::os::unix::fs::symlink(&path, &link).unwrap();

    let window = Store::open_with(&path, WINDOW).unwrap();
    for other in [
        path.clone(),
        link.clone(),
        sub.join("../folio.sqlite"),
        dir.path().join("./folio.sqlite"),
    ] {
        assert_eq!(
            code(Store::open_with(&other, WINDOW)),
            "db_locked",
            "{}",
            other.display()
        );
    }
    // The CLI reads and writes beside the window, by any path.
    for other in [path.clone(), link.clone()] {
        let mut cli = Store::open_with(&other, OpenMode::EXISTING).unwrap();
        customers::create(&mut cli, &input("新华书店")).unwrap();
    }
    assert_eq!(count(&window), 2);
    drop(window);
    drop(Store::open_with(&link, WINDOW).expect("free once the window closed"));
}

#[test]
fn writers_beside_each_other_wait_their_turn() {
    let dir = tempfile::tempdir().unwrap();
    let path = made(dir.path());
    let window = Store::open_with(&path, WINDOW).unwrap();
    std::thread::scope(|scope| {
        for loop_no in 0..2 {
            let path = &path;
            scope.spawn(move || {
                for i in 0..50 {
                    // A fresh store per add, as a CLI call opens one.
                    let mut cli = Store::open_with(path, OpenMode::EXISTING).unwrap();
                    customers::create(&mut cli, &input(&format!("书店 {loop_no}-{i}"))).unwrap();
                }
            });
        }
    });
    assert_eq!(count(&window), 100);
}

#[test]
fn a_write_waits_for_another_programs_long_write() {
    let dir = tempfile::tempdir().unwrap();
    let path = made(dir.path());
    let mut store = Store::open_with(&path, OpenMode::EXISTING).unwrap();
    let other = rusqlite::Connection::open(&path).unwrap();
    other.execute_batch("BEGIN IMMEDIATE").unwrap();
    let started = Instant::now();
    std::thread::scope(|scope| {
        scope.spawn(move || {
            std::thread::sleep(Duration::from_millis(1500));
            other.execute_batch("COMMIT").unwrap();
        });
        customers::create(&mut store, &input("等一等书店")).expect("waits, then writes");
    });
    assert!(started.elapsed() >= Duration::from_millis(1400));
    assert_eq!(count(&store), 1);
}

#[test]
fn a_file_is_checked_in_full_before_its_first_write_when_it_needs_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("folio.sqlite");
    // Made here: nothing to check.
    let mut store = Store::open(&path).unwrap();
    assert!(!store.checks_before_write());
    customers::create(&mut store, &input("新华书店")).unwrap();
    drop(store);

    // Never checked in full (made by another copy of Folio, say): checked once.
    let mut store = Store::open_with(&path, OpenMode::EXISTING).unwrap();
    assert!(store.checks_before_write());
    customers::create(&mut store, &input("西西弗")).unwrap();
    assert!(!store.checks_before_write());
    drop(store);
    let store = Store::open_with(&path, WINDOW).unwrap();
    assert!(!store.checks_before_write(), "the verdict was kept");
    drop(store);

    // A window that ended without closing (its lock file still says `open`).
    std::fs::write(dir.path().join("folio.sqlite.lock"), "open 4242\n").unwrap();
    let store = Store::open_with(&path, OpenMode::EXISTING).unwrap();
    assert!(
        store.checks_before_write(),
        "the CLI sees the unclean close"
    );
    drop(store);
    let store = Store::open_with(&path, WINDOW).unwrap();
    assert!(store.checks_before_write(), "so does the next window");
    drop(store);
    let mut store = Store::open_with(&path, WINDOW).unwrap();
    assert!(
        store.checks_before_write(),
        "a clean close with no check in between is not enough"
    );
    customers::create(&mut store, &input("三联")).unwrap();
    drop(store);
    let store = Store::open_with(&path, WINDOW).unwrap();
    assert!(!store.checks_before_write(), "checked, and closed cleanly");
}

/// A bind mount shows the file at a path no symlink leads to. Needs the right to
/// mount (root here); skipped where that is not given.
#[cfg(target_os = "linux")]
#[test]
fn a_bind_mounted_file_is_the_same_file() {
    use std::process::Command;
    let dir = tempfile::tempdir().unwrap();
    let path = made(dir.path());
    let elsewhere = dir.path().join("elsewhere.sqlite");
    std::fs::write(&elsewhere, b"").unwrap();
    let mounted = Command::new("mount")
        .arg("--bind")
        .arg(&path)
        .arg(&elsewhere)
        .output()
        .is_ok_and(|o| o.status.success());
    if !mounted {
        eprintln!("skipped: this user may not bind-mount");
        return;
    }
    let result = std::panic::catch_unwind(|| {
        let window = Store::open_with(&path, WINDOW).unwrap();
        assert_eq!(code(Store::open_with(&elsewhere, WINDOW)), "db_locked");
        drop(window);
    });
    let _ = Command::new("umount").arg(&elsewhere).status();
    result.unwrap();
}

/// A second CLI call while another process has the file open finds that
/// process's log beside it: a log in use, not the leftover of a crash. Whoever
/// holds the file (a CLI call, a job's reader whose writer has gone, a window),
/// the verdict stands and the second call writes without a full check.
#[test]
fn a_log_in_use_is_not_taken_for_a_crash() {
    for holder in ["a CLI call", "a reader", "a window"] {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("folio.sqlite");
        checked(&path);
        let mut first = Store::open_with(&path, OpenMode::EXISTING).unwrap();
        assert!(!first.checks_before_write(), "{holder}: checked already");
        customers::create(&mut first, &input("新华书店")).unwrap();
        let held = match holder {
            "a CLI call" => first,
            "a reader" => {
                // Mid-read, as a job's export is, so the writer cannot fold
                // the log in as it closes.
                let reader = Store::open_reader(&path).unwrap();
                reader.conn().execute_batch("BEGIN").unwrap();
                assert_eq!(count(&reader), 1);
                drop(first);
                reader
            }
            _ => {
                drop(first);
                let mut window = Store::open_with(&path, WINDOW).unwrap();
                customers::create(&mut window, &input("西西弗")).unwrap();
                window
            }
        };
        assert!(log_left(&path), "{holder}: its log is beside the file");
        let mut second = Store::open_with(&path, OpenMode::EXISTING).unwrap();
        assert!(!second.checks_before_write(), "{holder}: no check");
        assert!(kept_whole(&path), "{holder}: the verdict stands");
        customers::create(&mut second, &input("三联")).unwrap();
        drop(second);
        drop(held);
        assert!(kept_whole(&path), "{holder}");
    }
}

/// A log left beside a file nobody has open is what a process that died (or
/// a power cut) leaves: the verdict is forgotten and the next call checks the
/// file in full before its first write. Played two ways: a connection that
/// ends without folding its log in, and a copy of a file and its log taken
/// while a store had it open (what a crash leaves on disk).
#[test]
fn a_log_left_with_nobody_holding_the_file_is_a_crash() {
    for how in ["ended without folding", "copied while open"] {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("folio.sqlite");
        checked(&path);
        match how {
            "ended without folding" => {
                let mut store = Store::open_with(&path, OpenMode::EXISTING).unwrap();
                customers::create(&mut store, &input("新华书店")).unwrap();
                drop(store);
                let conn = rusqlite::Connection::open(&path).unwrap();
                conn.set_db_config(
                    rusqlite::config::DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE,
                    true,
                )
                .unwrap();
                // A real change: SQLite writes nothing for one that is not.
                conn.execute("UPDATE customers SET name = name || ' 分店'", [])
                    .unwrap();
                drop(conn);
            }
            _ => {
                // The copy goes over a checked file in place (its identity, and
                // so its verdict, stay), from one a store has open and wrote to.
                let live = dir.path().join("live.sqlite");
                drop(Store::open(&live).unwrap());
                let mut store = Store::open_with(&live, OpenMode::EXISTING).unwrap();
                customers::create(&mut store, &input("新华书店")).unwrap();
                assert!(log_left(&live));
                std::fs::copy(&live, &path).unwrap();
                std::fs::copy(side(&live, "-wal"), side(&path, "-wal")).unwrap();
                drop(store);
                assert!(
                    kept_whole(&path),
                    "{how}: the copy's verdict is still there"
                );
            }
        }
        assert!(log_left(&path), "{how}: a log is left");
        let mut store = Store::open_with(&path, OpenMode::EXISTING).unwrap();
        assert!(store.checks_before_write(), "{how}: checked before a write");
        assert!(!kept_whole(&path), "{how}: the verdict is forgotten");
        // Until the check, every other process sees the file unchecked too.
        let other = Store::open_with(&path, OpenMode::EXISTING).unwrap();
        assert!(other.checks_before_write(), "{how}");
        drop(other);
        customers::create(&mut store, &input("西西弗")).unwrap();
        assert!(kept_whole(&path), "{how}: checked, and whole");
        assert_eq!(count(&store), 2, "{how}: what was in the log is there");
    }
}
