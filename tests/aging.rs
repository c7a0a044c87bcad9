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
