//! Set-up the core's integration tests share. Each test file that wants it says
//! `mod common;`; not every file uses every helper.
#![allow(dead_code)]

use folio::base::clock;
use folio::trade::catalog::{self, SupplierInput, TitleInput};
use folio::Store;

/// 红楼梦 at 59.70.
pub const A: &str = "9787020002207";
/// 百年孤独 at 39.50 (and, in some set-ups, 55.00 hardback).
pub const B: &str = "9787544253994";
/// 小王子 at 12.90, for the rounding example.
pub const C: &str = "9787532731077";

/// Pins this thread's clock to `when` (RFC 3339 or a plain date) until the
/// guard is dropped. Never `FOLIO_NOW`: it is process-wide, so under plain
/// `cargo test` it would leak into the tests running beside this one.
pub fn pin(when: &str) -> clock::Pinned {
    clock::pin(clock::parse(when).expect("a time the clock can read"))
}

/// A supplier with the given discount (blank for none).
pub fn supplier(store: &mut Store, name: &str, discount: &str) {
    catalog::create_supplier(
        store,
        &SupplierInput {
            name: name.into(),
            discount: discount.into(),
            ..Default::default()
        },
    )
    .unwrap();
}

/// Titles from `(isbn, list price, title)`.
pub fn titles(store: &mut Store, list: &[(&str, &str, &str)]) {
    for (isbn, price, title) in list {
        catalog::create_title(
            store,
            &TitleInput {
                isbn: isbn.to_string(),
                list_price: price.to_string(),
                title: title.to_string(),
                ..Default::default()
            },
        )
        .unwrap();
    }
}

/// Document lines as the CLI takes them (`ISBN[@PRICE]:QTY`).
pub fn lines(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}
