//! The stock API the desktop app uses: filtered stock pages, scans, typed
//! documents with per-field errors, the item card and the documents list.

use folio::base::error::Code;
use folio::trade::catalog::{self, StockFilter, SupplierInput, TitleInput};
use folio::trade::stock::{self, DocumentInput, DocumentLineInput, DocumentQuery};
use folio::{FolioError, Store};

mod common;
use common::{A, B};

/// Two suppliers' worth of titles in two bins and two classes; B has two prices.
fn setup() -> (Store, Vec<i64>) {
    let mut store = Store::open_in_memory().unwrap();
    catalog::create_supplier(
        &mut store,
        &SupplierInput {
            name: "人民文学出版社".into(),
            discount: "6折".into(),
            payment_terms_days: "60".into(),
            ..Default::default()
        },
    )
    .unwrap();
    let mut ids = Vec::new();
    for (isbn, price, title, publisher, class, bin, reorder) in [
        (A, "59.70", "红楼梦", "人民文学出版社", "I242", "A-01", "5"),
        (B, "39.50", "百年孤独", "南海出版公司", "I775", "B-02", "0"),
        (
            B,
            "55.00",
            "百年孤独（精装）",
            "南海出版公司",
            "I775",
            "B-02",
            "0",
        ),
    ] {
        let t = catalog::create_title(
            &mut store,
            &TitleInput {
                isbn: isbn.into(),
                list_price: price.into(),
                title: title.into(),
                publisher: publisher.into(),
                category_code: class.into(),
                category_name: "小说".into(),
                bin: bin.into(),
                reorder_point: reorder.into(),
                ..Default::default()
            },
        )
        .unwrap();
        ids.push(t.id);
    }
    (store, ids)
}

fn line(title_id: i64, quantity: &str, discount: &str) -> DocumentLineInput {
    DocumentLineInput {
        title_id,
        quantity: quantity.into(),
        discount: discount.into(),
    }
}

fn receipt(lines: Vec<DocumentLineInput>) -> DocumentInput {
    DocumentInput {
        supplier: "人民文学出版社".into(),
        reason: String::new(),
        lines,
        ..Default::default()
    }
}

fn isbns(store: &Store, f: StockFilter) -> Vec<(String, i64)> {
    catalog::stock_page(store, &f)
        .unwrap()
        .rows
        .into_iter()
        .map(|t| (t.isbn, t.list_price_fen))
        .collect()
}

#[test]
fn stock_list_filters_narrow_and_count() {
    let (mut store, ids) = setup();
    stock::receive_items(
        &mut store,
        &receipt(vec![line(ids[0], "3", ""), line(ids[1], "10", "")]),
    )
    .unwrap();
    let all = catalog::stock_page(&store, &StockFilter::default()).unwrap();
    assert_eq!(all.total, 3);
    // A has 3 on hand against a reorder point of 5; B@55 has none.
    let low = isbns(
        &store,
        StockFilter {
            low: true,
            ..Default::default()
        },
    );
    assert_eq!(low, vec![(B.to_string(), 5500), (A.to_string(), 5970)]);
    let out = isbns(
        &store,
        StockFilter {
            out_of_stock: true,
            ..Default::default()
        },
    );
    assert_eq!(out, vec![(B.to_string(), 5500)]);
    let bin = isbns(
        &store,
        StockFilter {
            bin: "A-01".into(),
            ..Default::default()
        },
    );
    assert_eq!(bin, vec![(A.to_string(), 5970)]);
    let class = isbns(
        &store,
        StockFilter {
            category: "i7".into(),
            ..Default::default()
        },
    );
    assert_eq!(class.len(), 2, "a class prefix takes in its subclasses");
    let publisher = isbns(
        &store,
        StockFilter {
            publisher: "南海出版公司".into(),
            low: true,
            ..Default::default()
        },
    );
    assert_eq!(publisher, vec![(B.to_string(), 5500)], "filters combine");
    // The text filter is the ranked search: pinyin initials and a 10-digit ISBN.
    assert_eq!(
        isbns(
            &store,
            StockFilter {
                query: "hlm".into(),
                ..Default::default()
            }
        )
        .len(),
        1
    );
    assert_eq!(
        isbns(
            &store,
            StockFilter {
                query: "7-5442-5399-6".into(),
                ..Default::default()
            }
        )
        .len(),
        2
    );
    let page = catalog::stock_page(
        &store,
        &StockFilter {
            limit: 1,
            offset: 1,
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!((page.total, page.rows.len()), (3, 1));

    let facets = catalog::stock_facets(&store).unwrap();
    let bins: Vec<_> = facets
        .bins
        .iter()
        .map(|f| (f.value.as_str(), f.count))
        .collect();
    assert_eq!(bins, vec![("A-01", 1), ("B-02", 2)]);
    assert_eq!(
        facets.publishers[0].value, "南海出版公司",
        "busiest publisher first"
    );
    assert_eq!(facets.categories[0].label, "小说");
}

#[test]
fn slow_movers_are_in_stock_and_on_file_long_enough() {
    let (mut store, ids) = setup();
    stock::receive_items(&mut store, &receipt(vec![line(ids[0], "3", "")])).unwrap();
    let slow = |store: &Store| {
        isbns(
            store,
            StockFilter {
                slow_days: 30,
                ..Default::default()
            },
        )
    };
    // Everything was added just now, so nothing has had 30 days to sell.
    assert!(slow(&store).is_empty());
    let found = {
        let _later = common::pin("2099-01-01");
        slow(&store)
    };
    assert_eq!(found, vec![(A.to_string(), 5970)], "only the item in stock");
}

#[test]
fn scan_tells_isbns_misreads_and_words_apart() {
    let (store, _) = setup();
    let s = catalog::scan(&store, "9787544253994").unwrap();
    assert_eq!(s.isbn.as_deref(), Some(B));
    assert_eq!(
        s.titles.len(),
        2,
        "both prices of the ISBN, for the user to pick"
    );
    let s = catalog::scan(&store, "9787111213826").unwrap();
    assert_eq!(s.isbn.as_deref(), Some("9787111213826"));
    assert!(s.titles.is_empty(), "a valid ISBN not on file");
    match catalog::scan(&store, "9787544253995") {
        Err(FolioError::Invalid { code, field, .. }) => {
            assert_eq!(
                (code.as_str(), field.as_str()),
                ("isbn_check_digit", "isbn")
            )
        }
        other => panic!("a misread check digit must be an error, got {other:?}"),
    }
    let s = catalog::scan(&store, "bngd").unwrap();
    assert_eq!(s.isbn, None);
    assert_eq!(s.titles.len(), 2, "pinyin initials search");
    assert!(
        catalog::scan(&store, "9787").unwrap().isbn.is_none(),
        "short digits search"
    );
}

#[test]
fn update_title_keeps_isbn_and_price() {
    let (mut store, ids) = setup();
    let t = catalog::title_by_id(&store, ids[0]).unwrap();
    let mut input = TitleInput {
        isbn: t.isbn.clone(),
        list_price: "59.70".into(),
        title: "红楼梦（校注本）".into(),
        bin: "C-03".into(),
        reorder_point: "8".into(),
        supplier: "人民文学出版社".into(),
        ..Default::default()
    };
    let u = catalog::update_title(&mut store, t.id, &input).unwrap();
    assert_eq!((u.bin.as_str(), u.reorder_point), ("C-03", 8));
    assert_eq!(u.supplier.as_deref(), Some("人民文学出版社"));
    assert_eq!(
        catalog::search_titles(&store, "校注", 5).unwrap()[0].id,
        t.id,
        "reindexed"
    );
    input.list_price = "65.00".into();
    let err = catalog::update_title(&mut store, t.id, &input).unwrap_err();
    assert!(
        matches!(
            err,
            FolioError::Invalid {
                code: Code::PriceFixed,
                ..
            }
        ),
        "{err:?}"
    );
    input.list_price = "59.70".into();
    input.isbn = B.into();
    let err = catalog::update_title(&mut store, t.id, &input).unwrap_err();
    assert!(
        matches!(
            err,
            FolioError::Invalid {
                code: Code::IsbnFixed,
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(catalog::title_by_id(&store, t.id).unwrap().bin, "C-03");
}

#[test]
fn app_documents_name_the_field_and_write_nothing() {
    let (mut store, ids) = setup();
    let cases: Vec<(DocumentInput, &str, &str)> = vec![
        (receipt(vec![]), "lines_required", "lines"),
        (
            receipt(vec![line(ids[0], "1", ""), line(ids[1], "0", "")]),
            "quantity_invalid",
            "lines.1.quantity",
        ),
        (
            receipt(vec![line(ids[0], "two", "")]),
            "quantity_invalid",
            "lines.0.quantity",
        ),
        (
            receipt(vec![line(ids[0], "1", "11折")]),
            "discount_range",
            "lines.0.discount",
        ),
        (
            receipt(vec![line(ids[0], "1", "cheap")]),
            "discount_invalid",
            "lines.0.discount",
        ),
        (
            receipt(vec![line(ids[0], "1", ""), line(999, "1", "")]),
            "title_unknown",
            "lines.1",
        ),
        (
            DocumentInput {
                supplier: "Nobody".into(),
                ..receipt(vec![line(ids[0], "1", "")])
            },
            "supplier_unknown",
            "supplier",
        ),
    ];
    for (input, want_code, want_field) in cases {
        match stock::receive_items(&mut store, &input) {
            Err(FolioError::Invalid { code, field, .. }) => {
                assert_eq!((code.as_str(), field.as_str()), (want_code, want_field))
            }
            other => panic!("expected {want_code}, got {other:?}"),
        }
    }
    // A return of more than is on hand names the line.
    match stock::return_items(&mut store, &receipt(vec![line(ids[0], "1", "")])) {
        Err(FolioError::Invalid { code, field, .. }) => {
            assert_eq!(
                (code.as_str(), field.as_str()),
                ("stock_negative", "lines.0")
            )
        }
        other => panic!("expected stock_negative, got {other:?}"),
    }
    let stocktake = DocumentInput {
        reason: " ".into(),
        ..receipt(vec![line(ids[0], "0", "")])
    };
    assert!(matches!(
        stock::stocktake_items(&mut store, &stocktake),
        Err(FolioError::Invalid {
            code: Code::ReasonRequired,
            ..
        })
    ));
    assert!(stock::documents(&store, &DocumentQuery::default())
        .unwrap()
        .is_empty());
    assert!(stock::check(&store).unwrap().is_empty());
}

#[test]
fn app_receipt_stocktake_card_and_documents_list() {
    let (mut store, ids) = setup();
    let doc = stock::receive_items(
        &mut store,
        &receipt(vec![line(ids[0], "3", ""), line(ids[1], "7", "6.5折")]),
    )
    .unwrap();
    assert!(doc.number.starts_with("PR-"));
    // 59.70 × 3 × 0.6 = 107.46; 39.50 × 7 × 0.65 = 179.725 → 179.73 (half up).
    assert_eq!(doc.lines[0].net_fen, 10746);
    assert_eq!(doc.lines[1].net_fen, 17973);
    assert!(doc.below_zero.is_empty());

    let count = DocumentInput {
        supplier: String::new(),
        reason: "year-end count".into(),
        lines: vec![line(ids[0], "2", ""), line(ids[2], "0", "")],
        ..Default::default()
    };
    let st = stock::stocktake_items(&mut store, &count).unwrap();
    assert_eq!(st.lines[0].counted, Some(2));
    assert_eq!(st.lines[0].quantity, -1, "the difference is posted");

    let card = stock::item_card(&store, ids[0]).unwrap();
    assert_eq!(card.title.quantity, 2);
    assert_eq!(card.last_cost_fen, 3582, "59.70 at 6折");
    assert_eq!((card.cost_value_fen, card.list_value_fen), (7164, 11940));
    let kinds: Vec<_> = card.movements.iter().map(|m| m.kind.as_str()).collect();
    assert_eq!(kinds, vec!["adjustment", "receipt"], "newest first");
    assert_eq!(card.movement_count, 2);

    let rev = stock::reverse(&mut store, &st.number).unwrap();
    assert_eq!(rev.reverses.as_deref(), Some(st.number.as_str()));
    let docs = stock::documents(&store, &DocumentQuery::default()).unwrap();
    assert_eq!(docs.len(), 3);
    assert_eq!(docs[0].reverses.as_deref(), Some(st.number.as_str()));
    assert_eq!(docs[1].status, "reversed");
    assert_eq!(
        (docs[2].lines, docs[2].copies, docs[2].net_total_fen),
        (2, 10, 28719)
    );
    let receipts = stock::documents(
        &store,
        &DocumentQuery {
            kind: "receipt".into(),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(receipts.len(), 1);
    assert!(stock::check(&store).unwrap().is_empty());
}

#[test]
fn negative_stock_when_allowed_posts_and_warns() {
    let (mut store, ids) = setup();
    assert!(!stock::allow_negative_stock(&store).unwrap());
    stock::set_allow_negative_stock(&mut store, true).unwrap();
    let input = DocumentInput {
        reason: "damaged".into(),
        ..receipt(vec![line(ids[0], "2", "")])
    };
    let doc = stock::return_items(&mut store, &input).unwrap();
    assert_eq!(doc.below_zero, vec![A.to_string()]);
    assert_eq!(catalog::title_by_id(&store, ids[0]).unwrap().quantity, -2);
    stock::set_allow_negative_stock(&mut store, false).unwrap();
    assert!(stock::return_items(&mut store, &input).is_err());
    assert!(stock::check(&store).unwrap().is_empty());
}

#[test]
fn opening_balances_and_write_offs_post_reverse_and_check() {
    let (mut store, ids) = setup();
    // Opening stock without a discount costs 6折, or the preferred supplier's default.
    let opening = DocumentInput {
        supplier: String::new(),
        reason: "from the old system".into(),
        lines: vec![line(ids[0], "10", ""), line(ids[1], "4", "5折")],
        ..Default::default()
    };
    let ob = stock::opening_items(&mut store, &opening).unwrap();
    assert!(ob.number.starts_with("OB-"), "{}", ob.number);
    assert_eq!(ob.supplier, None);
    assert_eq!(ob.lines[0].unit_cost_fen, 3582, "59.70 at 6折");
    assert_eq!(ob.lines[1].unit_cost_fen, 1975, "39.50 at 5折");

    let write_off = DocumentInput {
        supplier: String::new(),
        reason: String::new(),
        lines: vec![line(ids[0], "2", "")],
        ..Default::default()
    };
    assert!(matches!(
        stock::write_off_items(&mut store, &write_off),
        Err(FolioError::Invalid {
            code: Code::ReasonRequired,
            ..
        })
    ));
    let wo = stock::write_off_items(
        &mut store,
        &DocumentInput {
            reason: "water damage".into(),
            ..write_off.clone()
        },
    )
    .unwrap();
    assert!(wo.number.starts_with("WO-"));
    assert_eq!(wo.lines[0].quantity, -2);
    assert_eq!(catalog::title_by_id(&store, ids[0]).unwrap().quantity, 8);
    // More than is on hand cannot be written off.
    let too_many = DocumentInput {
        reason: "lost".into(),
        lines: vec![line(ids[1], "5", "")],
        ..write_off
    };
    assert!(matches!(
        stock::write_off_items(&mut store, &too_many),
        Err(FolioError::Invalid {
            code: Code::StockNegative,
            ..
        })
    ));
    let card = stock::item_card(&store, ids[0]).unwrap();
    let kinds: Vec<_> = card.movements.iter().map(|m| m.kind.as_str()).collect();
    assert_eq!(kinds, vec!["write_off", "opening"]);

    stock::reverse(&mut store, &wo.number).unwrap();
    stock::reverse(&mut store, &ob.number).unwrap();
    assert_eq!(catalog::title_by_id(&store, ids[0]).unwrap().quantity, 0);
    assert!(stock::check(&store).unwrap().is_empty());
    let kinds: Vec<_> = stock::documents(&store, &DocumentQuery::default())
        .unwrap()
        .into_iter()
        .map(|d| d.kind)
        .collect();
    assert_eq!(kinds, vec!["opening", "write_off", "write_off", "opening"]);
}

#[test]
fn suppliers_are_edited_with_the_same_checks() {
    let (mut store, _) = setup();
    let other = catalog::create_supplier(
        &mut store,
        &SupplierInput {
            name: "南海出版公司".into(),
            ..Default::default()
        },
    )
    .unwrap();
    let mut input = SupplierInput {
        name: "南海出版公司".into(),
        contact: "李经理".into(),
        discount: "55%".into(),
        payment_terms_days: "90".into(),
        ..Default::default()
    };
    let s = catalog::update_supplier(&mut store, other.id, &input).unwrap();
    assert_eq!((s.default_discount_bp, s.payment_terms_days), (5500, 90));
    assert_eq!(s.contact, "李经理");
    input.name = "人民文学出版社".into();
    assert!(matches!(
        catalog::update_supplier(&mut store, other.id, &input),
        Err(FolioError::Invalid {
            code: Code::SupplierTaken,
            ..
        })
    ));
    input.name = "南海出版公司".into();
    input.payment_terms_days = "4000".into();
    assert!(matches!(
        catalog::update_supplier(&mut store, other.id, &input),
        Err(FolioError::Invalid {
            code: Code::TermsRange,
            ..
        })
    ));
    assert!(matches!(
        catalog::update_supplier(&mut store, 999, &input),
        Err(FolioError::NotFound { .. })
    ));
    assert_eq!(
        catalog::supplier(&store, other.id)
            .unwrap()
            .payment_terms_days,
        90
    );
}

#[test]
fn the_stock_list_is_in_pinyin_order_and_a_renamed_title_moves() {
    let mut store = Store::open_in_memory().unwrap();
    // In code-point order 人 and 作 would come before 百 and 红. Latin titles take
    // their place among the pinyin ones: bai < harry < hong.
    let mut ids = Vec::new();
    for (i, title) in ["作文", "百年孤独", "人间词话", "红楼梦", "Harry Potter"]
        .iter()
        .enumerate()
    {
        let t = catalog::create_title(
            &mut store,
            &TitleInput {
                isbn: folio_sample::sample_isbn(i).1,
                list_price: "30.00".into(),
                title: (*title).into(),
                ..Default::default()
            },
        )
        .unwrap();
        ids.push(t.id);
    }
    let titles = |store: &Store| -> Vec<String> {
        catalog::stock_page(store, &StockFilter::default())
            .unwrap()
            .rows
            .into_iter()
            .map(|t| t.title)
            .collect()
    };
    assert_eq!(
        titles(&store),
        ["百年孤独", "Harry Potter", "红楼梦", "人间词话", "作文"]
    );
    let mut input = TitleInput {
        isbn: folio_sample::sample_isbn(0).1,
        list_price: "30.00".into(),
        title: "阿Q正传".into(),
        ..Default::default()
    };
    catalog::update_title(&mut store, ids[0], &input).unwrap();
    assert_eq!(
        titles(&store),
        ["阿Q正传", "百年孤独", "Harry Potter", "红楼梦", "人间词话"]
    );
    input.title = "作文".into();
    catalog::update_title(&mut store, ids[0], &input).unwrap();
    assert_eq!(titles(&store).last().map(String::as_str), Some("作文"));
}

/// Item 22: a receipt keeps the supplier's invoice number and date, checked as
/// typed (length, a real date), and shows them on the document and in the list;
/// a supplier's documents are its purchase history.
#[test]
fn a_receipt_keeps_the_supplier_invoice_and_the_supplier_its_history() {
    let (mut store, ids) = setup();
    catalog::create_supplier(
        &mut store,
        &SupplierInput {
            name: "南海出版公司".into(),
            ..Default::default()
        },
    )
    .unwrap();
    let with_invoice = |number: &str, date: &str| DocumentInput {
        invoice: number.into(),
        invoice_date: date.into(),
        ..receipt(vec![line(ids[0], "2", "")])
    };
    for (number, date, code, field) in [
        ("FP-1", "2026-02-30", "date_invalid", "invoice_date"),
        ("FP-1", "yesterday", "date_invalid", "invoice_date"),
        (&"9".repeat(41)[..], "", "too_long", "invoice"),
    ] {
        let err = stock::receive_items(&mut store, &with_invoice(number, date)).unwrap_err();
        match err {
            FolioError::Invalid {
                code: c, field: f, ..
            } => assert_eq!((c.as_str(), f.as_str()), (code, field), "{number} {date}"),
            other => panic!("{other:?}"),
        }
    }
    assert!(
        stock::documents(&store, &DocumentQuery::default())
            .unwrap()
            .is_empty(),
        "nothing was written"
    );
    let d = stock::receive_items(&mut store, &with_invoice(" 04417788 ", "2026-02-27")).unwrap();
    assert_eq!(d.supplier_invoice, "04417788");
    assert_eq!(d.supplier_invoice_date.as_deref(), Some("2026-02-27"));
    let plain = stock::receive_items(&mut store, &receipt(vec![line(ids[0], "1", "")])).unwrap();
    assert_eq!(
        (plain.supplier_invoice.as_str(), plain.supplier_invoice_date),
        ("", None)
    );
    let shown = stock::document(&store, &d.number).unwrap();
    assert_eq!(shown.supplier_invoice, "04417788");
    let listed = stock::documents(&store, &DocumentQuery::default()).unwrap();
    let row = listed.iter().find(|r| r.number == d.number).unwrap();
    assert_eq!(
        (
            row.supplier_invoice.as_str(),
            row.supplier_invoice_date.as_deref()
        ),
        ("04417788", Some("2026-02-27"))
    );

    // The purchase history: one supplier's documents only.
    let rmwx = catalog::supplier_by_name(&store, "supplier", "人民文学出版社").unwrap();
    let nanhai = catalog::supplier_by_name(&store, "supplier", "南海出版公司").unwrap();
    let history = |id: i64| {
        stock::documents(
            &store,
            &DocumentQuery {
                supplier_id: Some(id),
                ..Default::default()
            },
        )
        .unwrap()
        .len()
    };
    assert_eq!((history(rmwx.id), history(nanhai.id)), (2, 0));
}

/// Item 22: suppliers are listed by pinyin, as titles and customers are, not
/// by the characters' code points (which put 人 before 北 and 商 after 南).
#[test]
fn suppliers_are_listed_in_pinyin_order() {
    let mut store = Store::open_in_memory().unwrap();
    for name in [
        "商务印书馆",
        "人民文学出版社",
        "北京大学出版社",
        "Penguin",
        "南海出版公司",
    ] {
        catalog::create_supplier(
            &mut store,
            &SupplierInput {
                name: name.into(),
                ..Default::default()
            },
        )
        .unwrap();
    }
    let names: Vec<String> = catalog::suppliers(&store)
        .unwrap()
        .into_iter()
        .map(|s| s.name)
        .collect();
    assert_eq!(
        names,
        [
            "北京大学出版社",
            "南海出版公司",
            "Penguin",
            "人民文学出版社",
            "商务印书馆"
        ]
    );
}
