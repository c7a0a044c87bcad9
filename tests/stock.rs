//! Titles, suppliers and the stock ledger through the core API.

use folio::trade::catalog::{self, TitleInput};
use folio::trade::stock;
use folio::Store;
use proptest::prelude::*;

mod common;
use common::{lines, A, B};

fn setup() -> Store {
    let mut store = Store::open_in_memory().unwrap();
    common::supplier(&mut store, "人民文学出版社", "6折");
    common::titles(
        &mut store,
        &[
            (A, "59.70", "红楼梦"),
            (B, "39.50", "百年孤独"),
            (B, "55.00", "百年孤独（精装）"),
        ],
    );
    store
}

fn on_hand(store: &Store, isbn: &str, price_fen: i64) -> i64 {
    catalog::titles_by_isbn(store, isbn)
        .unwrap()
        .into_iter()
        .find(|t| t.list_price_fen == price_fen)
        .unwrap()
        .quantity
}

#[test]
fn receipt_costs_and_totals() {
    let mut store = setup();
    let d = stock::receive(
        &mut store,
        "人民文学出版社",
        &lines(&["7-02-000220-X:5", "9787544253994@39.50:3:0.55"]),
    )
    .unwrap();
    assert!(d.number.starts_with("PR-"));
    assert_eq!(d.copies, 8);
    // 59.70 × 5 × 0.60 = 179.10; 39.50 × 3 × 0.55 = 65.175 → 65.18.
    assert_eq!(d.lines[0].net_fen, 17_910);
    assert_eq!(d.lines[1].net_fen, 6_518);
    assert_eq!(d.net_total_fen, 17_910 + 6_518);
    assert_eq!(d.list_total_fen, 5970 * 5 + 3950 * 3);
    assert_eq!(on_hand(&store, A, 5970), 5);
    assert!(stock::check(&store).unwrap().is_empty());
}

#[test]
fn bad_lines_name_the_line_and_write_nothing() {
    let cases: &[(&[&str], &str, &str)] = &[
        (&["9787020002208:5"], "isbn_check_digit", "line 1"),
        (&["978702000220:5"], "isbn_invalid", "line 1"),
        (&["1234567890128:5"], "isbn_prefix", "line 1"),
        (&[A, "9787020002207:0"], "line_invalid", "line 1"),
        (
            &["9787020002207:5", "9787020002207:0"],
            "quantity_invalid",
            "line 2",
        ),
        (&["9787020002207:-3"], "quantity_invalid", "line 1"),
        (&["9787111111115:1"], "isbn_unknown", "line 1"),
        (&["9787544253994:1"], "isbn_ambiguous", "line 1"),
        (&["9787544253994@40.00:1"], "price_unknown", "line 1"),
        (&["9787020002207:1:0"], "discount_range", "line 1"),
    ];
    let mut store = setup();
    for (ls, code, field) in cases {
        let err = stock::receive(&mut store, "人民文学出版社", &lines(ls)).unwrap_err();
        assert_eq!(
            (err.code().as_str(), err.field()),
            (*code, Some(*field)),
            "{ls:?}: {err}"
        );
    }
    let err = stock::receive(&mut store, "Nobody Press", &lines(&["9787020002207:1"])).unwrap_err();
    assert_eq!(err.code().as_str(), "supplier_unknown");
    let n: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM stock_movements", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 0);
    let n: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM stock_documents", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 0, "a failed document leaves no trace");
}

#[test]
fn negative_stock_is_refused_and_reversal_restores() {
    let mut store = setup();
    let r = stock::receive(&mut store, "人民文学出版社", &lines(&["9787020002207:5"])).unwrap();
    let err = stock::return_to_supplier(
        &mut store,
        "人民文学出版社",
        &lines(&["9787020002207:6"]),
        "damaged",
    )
    .unwrap_err();
    assert_eq!(err.code().as_str(), "stock_negative");
    assert_eq!(on_hand(&store, A, 5970), 5);
    stock::return_to_supplier(
        &mut store,
        "人民文学出版社",
        &lines(&["9787020002207:2"]),
        "damaged",
    )
    .unwrap();
    assert_eq!(on_hand(&store, A, 5970), 3);
    // Reversing the receipt would take out 5 of the 3 left: refused.
    assert_eq!(
        stock::reverse(&mut store, &r.number)
            .unwrap_err()
            .code()
            .as_str(),
        "stock_negative"
    );
    // A stocktake finds 7; reversing it goes back to 3.
    let st = stock::adjust(&mut store, &lines(&["9787020002207:7"]), "found a box").unwrap();
    assert_eq!(st.lines[0].quantity, 4);
    assert_eq!(on_hand(&store, A, 5970), 7);
    let rv = stock::reverse(&mut store, &st.number).unwrap();
    assert_eq!(rv.lines[0].quantity, -4);
    assert_eq!(on_hand(&store, A, 5970), 3);
    assert_eq!(
        stock::document(&store, &st.number).unwrap().status,
        "reversed"
    );
    assert_eq!(
        stock::reverse(&mut store, &st.number)
            .unwrap_err()
            .code()
            .as_str(),
        "already_reversed"
    );
    assert!(stock::check(&store).unwrap().is_empty());
    // Counting zero is a real count.
    stock::adjust(&mut store, &lines(&["9787020002207:0"]), "stocktake").unwrap();
    assert_eq!(on_hand(&store, A, 5970), 0);
    assert_eq!(
        stock::adjust(&mut store, &lines(&["9787020002207:1"]), " ")
            .unwrap_err()
            .code()
            .as_str(),
        "reason_required"
    );
}

#[derive(Debug, Clone)]
enum Op {
    Receive(usize, i64),
    Return(usize, i64),
    Count(usize, i64),
    Opening(usize, i64),
    WriteOff(usize, i64),
    ReverseLast,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (0usize..3, 1i64..20).prop_map(|(i, q)| Op::Receive(i, q)),
        (0usize..3, 1i64..20).prop_map(|(i, q)| Op::Return(i, q)),
        (0usize..3, 0i64..30).prop_map(|(i, q)| Op::Count(i, q)),
        (0usize..3, 1i64..20).prop_map(|(i, q)| Op::Opening(i, q)),
        (0usize..3, 1i64..10).prop_map(|(i, q)| Op::WriteOff(i, q)),
        Just(Op::ReverseLast),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]
    /// Whatever sequence of documents is posted (or refused), on-hand equals the
    /// ledger and matches a model kept beside it, and never goes negative.
    #[test]
    fn ledger_and_on_hand_agree(ops in proptest::collection::vec(op(), 1..25)) {
        let mut store = setup();
        let items = ["9787020002207@59.70", "9787544253994@39.50", "9787544253994@55.00"];
        let mut model = [0i64; 3];
        let mut posted: Vec<(String, [i64; 3])> = Vec::new();
        for op in ops {
            let before = model;
            let result = match op {
                Op::Receive(i, q) => {
                    model[i] += q;
                    stock::receive(&mut store, "人民文学出版社", &[format!("{}:{q}", items[i])])
                }
                Op::Return(i, q) => {
                    model[i] -= q;
                    stock::return_to_supplier(&mut store, "人民文学出版社", &[format!("{}:{q}", items[i])], "r")
                }
                Op::Count(i, q) => {
                    model[i] = q;
                    stock::adjust(&mut store, &[format!("{}:{q}", items[i])], "count")
                }
                Op::Opening(i, q) => {
                    model[i] += q;
                    stock::opening(&mut store, &[format!("{}:{q}", items[i])], "")
                }
                Op::WriteOff(i, q) => {
                    model[i] -= q;
                    stock::write_off(&mut store, &[format!("{}:{q}", items[i])], "damaged")
                }
                Op::ReverseLast => match posted.last() {
                    Some((number, delta)) => {
                        for k in 0..3 { model[k] -= delta[k]; }
                        let number = number.clone();
                        stock::reverse(&mut store, &number)
                    }
                    None => continue,
                },
            };
            match result {
                Ok(doc) => {
                    if matches!(op, Op::ReverseLast) {
                        posted.pop();
                    } else {
                        let delta = [model[0] - before[0], model[1] - before[1], model[2] - before[2]];
                        posted.push((doc.number, delta));
                    }
                }
                Err(e) => {
                    // A refused reversal leaves its document posted, to be tried again later.
                    prop_assert_eq!(e.code().as_str(), "stock_negative");
                    prop_assert!(model.iter().any(|m| *m < 0));
                    model = before;
                }
            }
            prop_assert!(stock::check(&store).unwrap().is_empty());
            prop_assert_eq!(on_hand(&store, A, 5970), model[0]);
            prop_assert_eq!(on_hand(&store, B, 3950), model[1]);
            prop_assert_eq!(on_hand(&store, B, 5500), model[2]);
        }
    }
}

#[test]
fn demo_catalogue_is_valid_and_its_stock_agrees_with_the_ledger() {
    let mut store = Store::open_in_memory().unwrap();
    let r = folio_sample::load(&mut store, 20, 200, 9).unwrap();
    assert_eq!((r.suppliers, r.titles), (10, 200));
    assert!(r.copies > 1000, "{}", r.copies);
    let all = catalog::list_titles(&store, &Default::default()).unwrap();
    assert_eq!(all.len(), 200);
    for t in &all {
        assert_eq!(
            folio::base::isbn::parse(&t.isbn).as_deref(),
            Ok(t.isbn.as_str())
        );
        assert!(t.list_price_fen >= 1500 && !t.category_code.is_empty() && t.supplier.is_some());
    }
    assert!(stock::check(&store).unwrap().is_empty());
    assert_eq!(stock::value(&store).unwrap().copies, r.copies);
    // Sample titles are searchable like any other: by title and by pinyin initials.
    let t = &all[17];
    let found = catalog::search_titles(&store, &t.title, 50).unwrap();
    assert!(
        found.iter().any(|f| f.id == t.id),
        "{} not found by its title",
        t.title
    );
    let initials = folio::base::search::initials(&t.title)[0].clone();
    let found = catalog::search_titles(&store, &initials, 200).unwrap();
    assert!(
        found.iter().any(|f| f.id == t.id),
        "{} not found by {initials}",
        t.title
    );
    assert_eq!(
        folio_sample::load(&mut store, 0, 5, 9)
            .unwrap_err()
            .code()
            .as_str(),
        "demo_not_empty"
    );
}

#[test]
fn title_search_by_isbn_title_pinyin_author_and_publisher() {
    let mut store = setup();
    catalog::create_title(
        &mut store,
        &TitleInput {
            isbn: "9787108009821".into(),
            list_price: "38".into(),
            title: "万历十五年".into(),
            authors: "黄仁宇".into(),
            publisher: "生活·读书·新知三联书店".into(),
            category_code: "K248".into(),
            ..Default::default()
        },
    )
    .unwrap();
    let first = |q: &str| -> Vec<String> {
        catalog::search_titles(&store, q, 20)
            .unwrap()
            .into_iter()
            .map(|t| t.title)
            .collect()
    };
    let cases: &[(&str, &str)] = &[
        ("9787108009821", "万历十五年"),     // a scan
        ("978-7-108-00982-1", "万历十五年"), // hyphenated
        ("710800982X", "万历十五年"),        // ISBN-10
        ("万历", "万历十五年"),              // two characters, prefix
        ("十五", "万历十五年"),              // two characters, mid-title
        ("年", "万历十五年"),                // one character
        ("十五年", "万历十五年"),            // substring
        ("wlswn", "万历十五年"),             // pinyin initials
        ("wanli", "万历十五年"),             // full pinyin
        ("黄仁宇", "万历十五年"),            // author
        ("huangrenyu", "万历十五年"),        // author pinyin
        ("三联", "万历十五年"),              // publisher, mid-name
        ("k248", "万历十五年"),              // class
        ("hlm", "红楼梦"),
        ("百年", "百年孤独"),
    ];
    for (q, want) in cases {
        let got = first(q);
        assert!(
            got.iter().any(|t| t == want),
            "{q:?} should find {want}, got {got:?}"
        );
    }
    // Both price items of one ISBN come back for a scan, cheapest first.
    let both = catalog::search_titles(&store, "9787544253994", 20).unwrap();
    assert_eq!(
        both.iter().map(|t| t.list_price_fen).collect::<Vec<_>>(),
        [3950, 5500]
    );
    assert!(first("qqzzxx").is_empty());
}

#[test]
fn sample_isbns_are_distinct_and_valid_at_full_size() {
    // The generator's ISBNs, not the database: 100,000 titles must not collide.
    let mut seen = std::collections::HashSet::new();
    for i in 0..folio_sample::MAX_TITLES {
        let prefixes = [
            "702", "7100", "7101", "7108", "75327", "75442", "75086", "7107", "75448", "0141",
        ];
        let isbn = folio_sample::isbn_for(prefixes[i % 10], (i / 10) as u64 * 7 + 11);
        assert!(seen.insert(isbn.clone()), "duplicate {isbn}");
        if i % 997 == 0 {
            assert_eq!(
                folio::base::isbn::parse(&isbn).as_deref(),
                Ok(isbn.as_str())
            );
        }
    }
}

/// Every way a quantity is typed — CLI lines of receipts, returns, opening
/// balances and write-offs, a stocktake's counted quantity — has one stated
/// range: 1 to `MAX_QUANTITY` copies (a count may also be 0). At the limits it is
/// taken; just past them, and at i64's extremes (a barcode scanned into the count
/// field), it is refused naming the line, and nothing is written. Afterwards the
/// stock value, the documents list and a further receipt still work.
#[test]
fn quantities_have_one_range_at_every_door() {
    use stock::MAX_QUANTITY;
    type Post = fn(&mut Store, &[String]) -> folio::Result<stock::StockDocument>;
    let doors: [(&str, Post, i64); 4] = [
        ("receipt", |s, l| stock::receive(s, "人民文学出版社", l), 1),
        ("opening", |s, l| stock::opening(s, l, "moved in"), 1),
        ("write_off", |s, l| stock::write_off(s, l, "damaged"), 1),
        ("stocktake", |s, l| stock::adjust(s, l, "counted"), 0),
    ];
    let too_big = [
        (MAX_QUANTITY + 1).to_string(),
        i64::MAX.to_string(),
        "9223372036854775808".to_string(),
        i64::MIN.to_string(),
        "9787544253994".to_string(),
    ];
    for (door, post, min) in doors {
        let mut store = setup();
        // Enough on hand that write-offs at both limits are not refused for stock.
        for _ in 0..2 {
            stock::receive(
                &mut store,
                "人民文学出版社",
                &[format!("{A}:{MAX_QUANTITY}")],
            )
            .unwrap();
        }
        let refused: Vec<String> = too_big
            .iter()
            .cloned()
            .chain([(min - 1).to_string()])
            .collect();
        for q in &refused {
            let err = post(&mut store, &[format!("{A}:{q}")]).unwrap_err();
            // A count may be 0, a quantity may not: each code's message says its own rule.
            let code = if min == 0 {
                "count_invalid"
            } else {
                "quantity_invalid"
            };
            assert_eq!(
                (err.code().as_str(), err.field()),
                (code, Some("line 1")),
                "{door} {q}"
            );
            assert!(
                err.to_string().contains(&MAX_QUANTITY.to_string()),
                "{door}: {err}"
            );
        }
        assert_eq!(
            on_hand(&store, A, 5970),
            2 * MAX_QUANTITY,
            "{door}: nothing written"
        );
        for q in [min, MAX_QUANTITY] {
            post(&mut store, &[format!("{A}:{q}")]).unwrap_or_else(|e| panic!("{door} {q}: {e}"));
        }
        stock::value(&store).unwrap();
        stock::documents(&store, &Default::default()).unwrap();
        assert!(stock::check(&store).unwrap().is_empty(), "{door}");
        stock::receive(&mut store, "人民文学出版社", &[format!("{A}:1")]).unwrap();
    }
}
