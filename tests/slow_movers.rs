//! The slow-movers filter (the stock list's "no sale in N days", `folio stock
//! list --slow N`) against a table of cases, and on the sample data, whose stock
//! must be on file before the sales it feeds for the filter to find anything.

use folio::base::clock;
use folio::crm::customers::{self, CustomerInput};
use folio::trade::catalog::{self, StockFilter, TitleInput};
use folio::trade::orders::{self, ConfirmOptions, OrderInput};
use folio::trade::stock;
use folio::Store;

mod common;

/// The day the cases are looked at from.
const TODAY: &str = "2026-06-30T15:00:00+08:00";

/// The look backs the app offers.
const LOOK_BACKS: [i64; 3] = [30, 90, 365];

struct Case {
    name: &'static str,
    /// Days before today the title went on file (and its copies came in).
    on_file: i64,
    /// Copies received the day it went on file.
    received: i64,
    /// Days before today of each one-copy sale.
    sold: &'static [i64],
    /// Days before today of a one-copy sale on an order cancelled later.
    cancelled: &'static [i64],
    /// Whether it is a slow mover for each of [`LOOK_BACKS`].
    slow: [bool; 3],
}

const CASES: &[Case] = &[
    Case {
        name: "on file two years, never sold",
        on_file: 730,
        received: 5,
        sold: &[],
        cancelled: &[],
        slow: [true, true, true],
    },
    Case {
        name: "on file two years, sold yesterday",
        on_file: 730,
        received: 5,
        sold: &[1],
        cancelled: &[],
        slow: [false, false, false],
    },
    Case {
        name: "last sold 45 days ago",
        on_file: 730,
        received: 5,
        sold: &[200, 45],
        cancelled: &[],
        slow: [true, false, false],
    },
    Case {
        name: "last sold 200 days ago",
        on_file: 730,
        received: 5,
        sold: &[200],
        cancelled: &[],
        slow: [true, true, false],
    },
    Case {
        name: "on file 60 days, never sold: too new for 90 days",
        on_file: 60,
        received: 5,
        sold: &[],
        cancelled: &[],
        slow: [true, false, false],
    },
    Case {
        name: "on file 10 days: too new for any",
        on_file: 10,
        received: 5,
        sold: &[],
        cancelled: &[],
        slow: [false, false, false],
    },
    Case {
        name: "none in stock is not a slow mover",
        on_file: 730,
        received: 0,
        sold: &[],
        cancelled: &[],
        slow: [false, false, false],
    },
    Case {
        name: "sold out long ago",
        on_file: 730,
        received: 1,
        sold: &[400],
        cancelled: &[],
        slow: [false, false, false],
    },
    Case {
        name: "its only recent order was cancelled: no sale",
        on_file: 730,
        received: 5,
        sold: &[],
        cancelled: &[5],
        slow: [true, true, true],
    },
    Case {
        name: "a cancelled order beside a standing sale",
        on_file: 730,
        received: 5,
        sold: &[20],
        cancelled: &[5],
        slow: [false, false, false],
    },
];

/// `days` before [`TODAY`], at the same time of day.
fn days_ago(days: i64) -> clock::Pinned {
    clock::pin(clock::parse(TODAY).unwrap() - chrono::Duration::days(days))
}

fn sell(store: &mut Store, customer: &str, isbn: &str) -> i64 {
    orders::create_and_confirm(
        store,
        &OrderInput {
            customer: customer.into(),
            ..Default::default()
        },
        &[format!("{isbn}:1")],
        &ConfirmOptions::default(),
    )
    .unwrap()
    .order
    .id
}

fn slow(store: &Store, days: i64) -> Vec<String> {
    let mut isbns: Vec<String> = catalog::stock_page(
        store,
        &StockFilter {
            slow_days: days,
            limit: 1000,
            ..Default::default()
        },
    )
    .unwrap()
    .rows
    .into_iter()
    .map(|t| t.isbn)
    .collect();
    isbns.sort();
    isbns
}

#[test]
fn slow_movers_match_the_table_of_cases() {
    let mut store = Store::open_in_memory().unwrap();
    let customer = {
        let _then = days_ago(800);
        common::supplier(&mut store, "人民文学出版社", "6折");
        customers::create(
            &mut store,
            &CustomerInput {
                name: "成都新华书店".into(),
                ..Default::default()
            },
        )
        .unwrap()
        .code
    };
    let isbn = |i: usize| folio_sample::isbn_for("7020", i as u64);
    for (i, case) in CASES.iter().enumerate() {
        {
            let _then = days_ago(case.on_file);
            catalog::create_title(
                &mut store,
                &TitleInput {
                    isbn: isbn(i),
                    list_price: "30.00".into(),
                    title: case.name.into(),
                    ..Default::default()
                },
            )
            .unwrap();
            if case.received > 0 {
                stock::receive(
                    &mut store,
                    "人民文学出版社",
                    &[format!("{}:{}", isbn(i), case.received)],
                )
                .unwrap();
            }
        }
        // Sales in date order, each on the day it was made, whether cancelled or not.
        let mut sales: Vec<(i64, bool)> = case.sold.iter().map(|&d| (d, false)).collect();
        sales.extend(case.cancelled.iter().map(|&d| (d, true)));
        sales.sort_by_key(|&(d, _)| std::cmp::Reverse(d));
        for (d, cancel) in sales {
            let _then = days_ago(d);
            let id = sell(&mut store, &customer, &isbn(i));
            if cancel {
                orders::cancel(&mut store, id, "ordered twice").unwrap();
            }
        }
    }
    let _now = common::pin(TODAY);
    for (k, &days) in LOOK_BACKS.iter().enumerate() {
        let found = slow(&store, days);
        for (i, case) in CASES.iter().enumerate() {
            assert_eq!(
                found.contains(&isbn(i)),
                case.slow[k],
                "{} (no sale in {days} days)",
                case.name
            );
        }
    }
}

#[test]
fn the_sample_stock_is_on_file_before_its_sales_and_slow_movers_find_titles() {
    let mut store = Store::open_in_memory().unwrap();
    let _now = common::pin(TODAY);
    folio_sample::load(&mut store, 40, 60, 1).unwrap();
    folio_sample::load_sales(&mut store, 25, 1).unwrap();
    // Every title is on file before the first sale, and no receipt comes after
    // the last one: restocks are posted with the sale that needs them, and the
    // first stock went in before any sale.
    let late: i64 = store
        .conn()
        .query_row(
            "WITH s AS (SELECT min(at) AS first, max(at) AS last
                          FROM stock_movements WHERE kind = 'sale')
             SELECT (SELECT count(*) FROM titles, s WHERE created_at >= s.first)
                  + (SELECT count(*) FROM stock_movements, s
                      WHERE kind = 'receipt' AND at > s.last)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(
        late, 0,
        "titles or receipts dated after the sales they feed"
    );
    // A year back, the titles have been on file all of it (at 09:00, before the hour
    // they went on file): a title no order took all year would be found.
    {
        let _early = common::pin("2026-06-30T09:00:00+08:00");
        let on_file_a_year: i64 = store
            .conn()
            .query_row(
                "SELECT count(*) FROM titles WHERE created_at <= ?1",
                [(clock::now() - chrono::Duration::days(365))
                    .to_rfc3339_opts(chrono::SecondsFormat::Secs, false)],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(on_file_a_year, 60);
    }
    for days in [30, 90] {
        let found = slow(&store, days);
        assert!(!found.is_empty(), "no slow movers at {days} days");
        // Each one found is in stock with no sale in those days; each in-stock
        // title not found sold in them.
        let cutoff = (clock::now() - chrono::Duration::days(days))
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, false);
        let in_stock = catalog::stock_page(
            &store,
            &StockFilter {
                limit: 1000,
                ..Default::default()
            },
        )
        .unwrap()
        .rows;
        for t in in_stock.iter().filter(|t| t.quantity > 0) {
            let sold: i64 = store
                .conn()
                .query_row(
                    "SELECT count(*) FROM stock_movements
                      WHERE title_id = ?1 AND kind = 'sale' AND quantity < 0 AND at > ?2",
                    rusqlite::params![t.id, cutoff],
                    |r| r.get(0),
                )
                .unwrap();
            assert_eq!(
                found.contains(&t.isbn),
                sold == 0,
                "{} at {days} days",
                t.isbn
            );
        }
    }
}
