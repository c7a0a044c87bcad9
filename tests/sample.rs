//! The first-run sample data as the desktop loads it: built in a scratch file
//! beside the user's, then put in with one write. Cancelling leaves the user's
//! file as it was, and readers beside the writer see it before or after, never
//! between.

use std::sync::atomic::{AtomicU64, Ordering};

use folio::base::progress::Progress;
use folio::Store;
use folio_sample::{prepare, Sizes};

const SMALL: Sizes = Sizes {
    customers: 40,
    titles: 30,
    orders: 25,
};

/// Counts the reports and asks to stop after `stop_after` of them.
struct Stopper {
    seen: AtomicU64,
    last_total: AtomicU64,
    stop_after: u64,
}

impl Progress for Stopper {
    fn report(&self, _done: u64, total: u64) {
        self.seen.fetch_add(1, Ordering::Relaxed);
        self.last_total.store(total, Ordering::Relaxed);
    }
    fn is_cancelled(&self) -> bool {
        self.seen.load(Ordering::Relaxed) >= self.stop_after
    }
}

fn stopper(stop_after: u64) -> Stopper {
    Stopper {
        seen: AtomicU64::new(0),
        last_total: AtomicU64::new(0),
        stop_after,
    }
}

fn customers(store: &Store) -> i64 {
    folio::crm::customers::count(store).unwrap()
}

#[test]
fn a_prepared_sample_goes_in_with_one_write_and_readers_see_it_after() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("folio.sqlite");
    let scratch = dir.path().join("folio.sqlite.sample.tmp");
    let mut store = Store::open(&db).unwrap();
    let reader = Store::open_reader(&db).unwrap();
    let progress = stopper(u64::MAX);

    let prepared = prepare(&scratch, SMALL, 1, &progress).unwrap();
    // One report before the first order and one per order.
    assert_eq!(progress.seen.load(Ordering::Relaxed), 26);
    assert_eq!(progress.last_total.load(Ordering::Relaxed), 25);
    assert_eq!(customers(&reader), 0, "nothing is in the user's file yet");

    let report = prepared.install(&mut store).unwrap();
    assert_eq!(report.customers, 40);
    assert_eq!(customers(&store), 40);
    assert_eq!(customers(&reader), 40);
    assert!(!scratch.exists(), "the scratch file is removed");
    let orders = folio::trade::orders::list(&store, &Default::default()).unwrap();
    assert!(!orders.is_empty());
    assert!(folio::trade::stock::check(&store).unwrap().is_empty());

    // Only into a file that holds no records.
    let again = prepare(&scratch, SMALL, 2, &stopper(u64::MAX)).unwrap();
    assert_eq!(
        again.install(&mut store).unwrap_err().code().as_str(),
        "demo_not_empty"
    );
    assert_eq!(customers(&store), 40);
    assert!(!scratch.exists());
}

#[test]
fn a_cancelled_sample_leaves_the_file_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("folio.sqlite");
    let scratch = dir.path().join("folio.sqlite.sample.tmp");
    let store = Store::open(&db).unwrap();
    let before = std::fs::read(&db).unwrap();
    for stop_after in [1, 5, 20] {
        let err = prepare(&scratch, SMALL, 1, &stopper(stop_after))
            .err()
            .expect("cancelled");
        assert_eq!(err.code().as_str(), "cancelled", "after {stop_after}");
        assert!(!scratch.exists(), "after {stop_after}");
    }
    assert_eq!(customers(&store), 0);
    assert_eq!(std::fs::read(&db).unwrap(), before);
}

#[test]
fn a_reader_cannot_write() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("folio.sqlite");
    let _writer = Store::open(&db).unwrap();
    let reader = Store::open_reader(&db).unwrap();
    assert!(reader.conn().execute("DELETE FROM customers", []).is_err());
}
