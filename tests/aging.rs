//! Aging of receivables: every row's buckets and credit add up to its balance, and so do the
//! totals, for customers who owe and customers in credit alike.

use folio::crm::customers::{self, CustomerInput};
use folio::trade::receivables::{self, Aging, PaymentInput};
use folio::Store;

mod common;

/// What one customer's ledger holds: opening balances `(yuan, date)` (due on their date) and
/// payments `(yuan, date)`.
struct Case {
    name: &'static str,
    openings: &'static [(&'static str, &'static str)],
    payments: &'static [(&'static str, &'static str)],
    /// balance, current, 1–30, 31–60, 61–90, over 90, credit (fen).
    want: [i64; 7],
}

/// Today is 2026-12-01 in every case.
const CASES: &[Case] = &[
    Case {
        name: "owes, one item not yet due",
        openings: &[("100.00", "2026-12-01")],
        payments: &[],
        want: [10000, 10000, 0, 0, 0, 0, 0],
    },
    Case {
        name: "owes across buckets, a payment settles the oldest first",
        openings: &[
            ("100.00", "2026-07-01"),
            ("200.00", "2026-10-15"),
            ("300.00", "2026-11-20"),
        ],
        payments: &[("150.00", "2026-11-25")],
        want: [45000, 0, 30000, 15000, 0, 0, 0],
    },
    Case {
        name: "in credit: paid more than was owed (the issue's −¥1,564.46)",
        openings: &[("500.00", "2026-08-01")],
        payments: &[("2064.46", "2026-11-30")],
        want: [-156446, 0, 0, 0, 0, 0, -156446],
    },
    Case {
        name: "in credit with nothing ever owed",
        openings: &[],
        payments: &[("20.00", "2026-11-30")],
        want: [-2000, 0, 0, 0, 0, 0, -2000],
    },
    Case {
        name: "owes over 90 days, partly paid",
        openings: &[("80.00", "2026-01-10"), ("20.00", "2026-12-01")],
        payments: &[("30.00", "2026-11-30")],
        want: [7000, 2000, 0, 0, 0, 5000, 0],
    },
];

fn row(a: &Aging) -> [i64; 7] {
    [
        a.balance_fen,
        a.current_fen,
        a.days_1_30_fen,
        a.days_31_60_fen,
        a.days_61_90_fen,
        a.over_90_fen,
        a.credit_fen,
    ]
}

fn parts(a: &Aging) -> i64 {
    a.current_fen
        + a.days_1_30_fen
        + a.days_31_60_fen
        + a.days_61_90_fen
        + a.over_90_fen
        + a.credit_fen
}

#[test]
fn rows_and_totals_reconcile_for_customers_in_credit() {
    let _now = common::pin("2026-12-01T10:00:00+08:00");
    let mut store = Store::open_in_memory().unwrap();
    let mut codes = Vec::new();
    for case in CASES {
        let c = customers::create(
            &mut store,
            &CustomerInput {
                name: case.name.into(),
                payment_terms_days: "30".into(),
                ..Default::default()
            },
        )
        .unwrap();
        for (amount, date) in case.openings {
            receivables::add_opening(&mut store, &c.code, amount, date).unwrap();
        }
        for (amount, date) in case.payments {
            receivables::add_payment(
                &mut store,
                &PaymentInput {
                    customer: c.code.clone(),
                    amount: amount.to_string(),
                    date: date.to_string(),
                    ..Default::default()
                },
            )
            .unwrap();
        }
        codes.push(c.code);
    }

    let aging = receivables::aging(&store).unwrap();
    assert_eq!(aging.len(), CASES.len());
    let mut totals = [0i64; 7];
    for (case, code) in CASES.iter().zip(&codes) {
        let a = aging.iter().find(|a| &a.code == code).unwrap();
        assert_eq!(row(a), case.want, "{}", case.name);
        assert_eq!(parts(a), a.balance_fen, "row adds up: {}", case.name);
        for (t, v) in totals.iter_mut().zip(row(a)) {
            *t += v;
        }
    }
    // The totals row: its parts add up to the total balance, the credits included.
    assert_eq!(totals[1..].iter().sum::<i64>(), totals[0]);
    assert_eq!(totals[6], -158446);
}

/// The receivables list names each customer's credit limit and latest payment, and the
/// customer list shows what each one owes, from the same ledger.
#[test]
fn rows_name_the_credit_limit_last_payment_and_the_customer_list_the_balance() {
    let _now = common::pin("2026-12-01T10:00:00+08:00");
    let mut store = Store::open_in_memory().unwrap();
    struct Row {
        limit: &'static str,
        opening: &'static str,
        payments: &'static [(&'static str, &'static str)],
        want_limit: Option<i64>,
        want_last: Option<(&'static str, i64)>,
        want_balance: i64,
    }
    let rows = [
        Row {
            limit: "5000",
            opening: "300.00",
            payments: &[
                ("100.00", "2026-11-02"),
                ("50.00", "2026-11-20"),
                ("10.00", "2026-10-01"),
            ],
            want_limit: Some(500_000),
            want_last: Some(("2026-11-20", 5000)),
            want_balance: 14000,
        },
        Row {
            limit: "",
            opening: "80.00",
            payments: &[],
            want_limit: None,
            want_last: None,
            want_balance: 8000,
        },
        Row {
            limit: "0",
            opening: "10.00",
            payments: &[("25.00", "2026-11-30"), ("1.00", "2026-11-30")],
            want_limit: Some(0),
            // Two on one day: the one posted later.
            want_last: Some(("2026-11-30", 100)),
            want_balance: -1600,
        },
        // No ledger entries at all: nothing owed, and no row in the receivables list.
        Row {
            limit: "",
            opening: "",
            payments: &[],
            want_limit: None,
            want_last: None,
            want_balance: 0,
        },
    ];
    let mut codes = Vec::new();
    for (i, r) in rows.iter().enumerate() {
        let c = customers::create(
            &mut store,
            &CustomerInput {
                name: format!("客户{i}"),
                credit_limit: r.limit.into(),
                ..Default::default()
            },
        )
        .unwrap();
        if !r.opening.is_empty() {
            receivables::add_opening(&mut store, &c.code, r.opening, "2026-09-01").unwrap();
        }
        for (amount, date) in r.payments {
            receivables::add_payment(
                &mut store,
                &PaymentInput {
                    customer: c.code.clone(),
                    amount: amount.to_string(),
                    date: date.to_string(),
                    ..Default::default()
                },
            )
            .unwrap();
        }
        codes.push(c.code);
    }
    let aging = receivables::aging(&store).unwrap();
    let page = customers::list(
        &store,
        &customers::ListQuery {
            limit: 50,
            ..Default::default()
        },
    )
    .unwrap();
    for (r, code) in rows.iter().zip(&codes) {
        let listed = page.rows.iter().find(|c| &c.code == code).unwrap();
        assert_eq!(
            listed.balance_fen, r.want_balance,
            "{code} in the customer list"
        );
        let found = customers::search(&store, code, 5).unwrap();
        assert_eq!(
            found[0].balance_fen, r.want_balance,
            "{code} found by search"
        );
        let Some(a) = aging.iter().find(|a| &a.code == code) else {
            assert_eq!(r.want_balance, 0, "{code} is missing from the receivables");
            continue;
        };
        assert_eq!(a.credit_limit_fen, r.want_limit, "{code}");
        let last = a.last_payment_date.as_deref().zip(a.last_payment_fen);
        assert_eq!(last, r.want_last, "{code}");
    }
}
