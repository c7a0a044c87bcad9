//! Imports: values as real files carry them, every kind, round trips through the
//! exports, and malformed or hostile files, each refused with one clear line and
//! nothing written.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use folio::base::error::Code;
use folio::base::progress::{Progress, Quiet};
use folio::crm::customers::{self, Contact, CustomerInput};
use folio::exchange::imports::{self, ImportKind, ImportOptions};
use folio::exchange::read::{self, Value};
use folio::exchange::{export, Encoding, Export, Format, Lang, Options};
use folio::trade::{catalog, receivables};
use folio::Store;
use rust_xlsxwriter::{Formula, Workbook};

mod common;

fn store() -> Store {
    Store::open_in_memory().unwrap()
}

/// Audit rows: every write leaves one, so an unchanged count is nothing written.
fn writes(store: &Store) -> i64 {
    store
        .conn()
        .query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0))
        .unwrap()
}

fn dir() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

fn file(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

/// A cell of a test workbook.
enum X<'a> {
    S(&'a str),
    N(f64),
    F(&'a str),
}

fn xlsx(dir: &Path, name: &str, rows: &[Vec<X>]) -> PathBuf {
    let p = dir.join(name);
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            let (r, c) = (r as u32, c as u16);
            match v {
                X::S(s) => ws.write_string(r, c, *s).map(|_| ()),
                X::N(n) => ws.write_number(r, c, *n).map(|_| ()),
                X::F(f) => ws.write_formula(r, c, Formula::new(*f)).map(|_| ()),
            }
            .unwrap();
        }
    }
    wb.save(&p).unwrap();
    p
}

fn opts() -> ImportOptions {
    ImportOptions::default()
}

fn run(store: &mut Store, kind: ImportKind, path: &Path) -> imports::ImportReport {
    imports::import(store, kind, path, &opts(), &Quiet).unwrap()
}

fn one_customer(store: &Store) -> customers::Customer {
    let page = customers::list(store, &Default::default()).unwrap();
    customers::get(store, page.rows[0].id).unwrap()
}

#[test]
fn discounts_and_money_as_files_carry_them() {
    // (discount cell, credit limit cell, discount bp, credit limit fen), or the error code.
    type Want = Result<(i64, Option<i64>), Code>;
    let cases: &[(&str, &str, Want)] = &[
        ("6.5折", "￥1,234.50", Ok((6500, Some(123_450)))),
        ("65%", "¥45.00", Ok((6500, Some(4500)))),
        ("0.65", "1234.5", Ok((6500, Some(123_450)))),
        ("六五折", "5,000.00", Ok((6500, Some(500_000)))),
        ("", "", Ok((10_000, None))),
        ("6500", "", Err(Code::DiscountRange)),
        ("0", "", Err(Code::DiscountRange)),
        ("6", "", Err(Code::DiscountInvalid)),
        ("", "12.345", Err(Code::ImportCell)),
        ("", "NaN", Err(Code::CreditInvalid)),
        ("", "inf", Err(Code::CreditInvalid)),
        ("", "-5", Err(Code::CreditNegative)),
    ];
    let d = dir();
    for (discount, credit, want) in cases {
        let mut s = store();
        let p = file(
            d.path(),
            "c.csv",
            format!("名称,折扣,信用额度\r\n新华书店,{discount},\"{credit}\"\r\n").as_bytes(),
        );
        let r = run(&mut s, ImportKind::Customers, &p);
        match want {
            Ok((bp, limit)) => {
                assert!(!r.refused, "{discount} {credit}: {:?}", r.errors);
                let c = one_customer(&s);
                assert_eq!(
                    (c.discount_bp, c.credit_limit_fen),
                    (*bp, *limit),
                    "{discount} {credit}"
                );
            }
            Err(code) => {
                assert!(r.refused, "{discount} {credit} was taken");
                assert_eq!(
                    r.errors[0].code, *code,
                    "{discount} {credit}: {:?}",
                    r.errors
                );
                assert_eq!(r.errors[0].row, 2);
                assert_eq!(customers::count(&s).unwrap(), 0);
            }
        }
    }
}

#[test]
fn number_cells_from_excel() {
    // (price cell, ISBN cell, pub date cell, list price fen or error code)
    let isbn = X::S(common::A);
    let cases: Vec<(X, X, X, Result<i64, Code>)> = vec![
        (X::N(45.0), X::N(9787020002207.0), X::N(2008.0), Ok(4500)),
        (
            X::N(12.9),
            X::S("978-7-02-000220-7"),
            X::S("2008-07"),
            Ok(1290),
        ),
        (X::S("￥59.70"), X::S("702000220X"), X::N(45358.0), Ok(5970)),
        (
            X::N(12.345),
            X::S(common::A),
            X::S(""),
            Err(Code::ImportCell),
        ),
        (
            X::N(0.1 + 0.2),
            X::S(common::A),
            X::S(""),
            Err(Code::ImportCell),
        ),
        (
            X::N(45.0),
            X::S("9.78702E+12"),
            X::S(""),
            Err(Code::ImportCell),
        ),
        (
            X::N(45.0),
            X::N(9787020000000.0),
            X::S(""),
            Err(Code::ImportCell),
        ),
        (
            X::N(45.0),
            X::N(978702000220.7),
            X::S(""),
            Err(Code::ImportCell),
        ),
        (
            X::N(45.0),
            X::S("9787020002208"),
            X::S(""),
            Err(Code::IsbnCheckDigit),
        ),
        (X::N(-1.0), isbn, X::S(""), Err(Code::PriceRange)),
    ];
    let d = dir();
    for (i, (price, isbn, date, want)) in cases.into_iter().enumerate() {
        let mut s = store();
        let p = xlsx(
            d.path(),
            "b.xlsx",
            &[
                vec![X::S("ISBN"), X::S("书名"), X::S("定价"), X::S("出版日期")],
                vec![isbn, X::S("红楼梦"), price, date],
            ],
        );
        let r = run(&mut s, ImportKind::Books, &p);
        match want {
            Ok(fen) => {
                assert!(!r.refused, "case {i}: {:?}", r.errors);
                let t = catalog::titles_by_isbn(&s, common::A).unwrap();
                assert_eq!(t[0].list_price_fen, fen, "case {i}");
            }
            Err(code) => {
                assert!(r.refused, "case {i} was taken");
                assert_eq!(r.errors[0].code, code, "case {i}: {:?}", r.errors);
                assert_eq!(catalog::title_count(&s).unwrap(), 0);
            }
        }
    }
}

#[test]
fn opening_receivables_with_dates() {
    let cases: &[(&str, &str, Result<i64, Code>)] = &[
        ("2024/3/7", "1,200.00", Ok(120_000)),
        ("2024-03-07", "-50", Ok(-5000)),
        ("45358", "10", Ok(1000)),
        ("2024/2/30", "10", Err(Code::DateInvalid)),
        ("2024-03-07", "10.001", Err(Code::ImportCell)),
    ];
    let d = dir();
    for (date, balance, want) in cases {
        let mut s = store();
        customers::create(
            &mut s,
            &CustomerInput {
                code: "C001".into(),
                name: "新华书店".into(),
                ..Default::default()
            },
        )
        .unwrap();
        let p = xlsx(
            d.path(),
            "r.xlsx",
            &[
                vec![X::S("客户编号"), X::S("期初余额"), X::S("日期")],
                vec![
                    X::S("C001"),
                    X::S(balance),
                    match date.parse::<f64>() {
                        Ok(n) => X::N(n),
                        Err(_) => X::S(date),
                    },
                ],
            ],
        );
        let r = run(&mut s, ImportKind::Receivables, &p);
        match want {
            Ok(fen) => {
                assert!(!r.refused, "{date}: {:?}", r.errors);
                assert_eq!(receivables::balance(&s, "C001").unwrap(), *fen);
                let again = run(&mut s, ImportKind::Receivables, &p);
                assert_eq!(again.errors[0].code, Code::ImportOnFile, "{date}");
                assert_eq!(receivables::balance(&s, "C001").unwrap(), *fen);
            }
            Err(code) => {
                assert!(r.refused);
                assert_eq!(r.errors[0].code, *code, "{date}: {:?}", r.errors);
                assert_eq!(receivables::balance(&s, "C001").unwrap(), 0);
            }
        }
    }
}

#[test]
fn opening_stock_needs_titles_on_file_and_takes_cost_or_discount() {
    let d = dir();
    let mut s = store();
    common::titles(
        &mut s,
        &[
            (common::A, "59.70", "红楼梦"),
            (common::B, "40.00", "百年孤独"),
        ],
    );
    let p = file(
        d.path(),
        "s.csv",
        format!(
            "ISBN,数量,成本价\n{},10,35.82\n{},-3,\n9787532731077,5,\n",
            common::A,
            common::B
        )
        .as_bytes(),
    );
    let before = writes(&s);
    let r = run(&mut s, ImportKind::Stock, &p);
    assert!(r.refused);
    let codes: Vec<(u32, Code)> = r.errors.iter().map(|e| (e.row, e.code)).collect();
    assert_eq!(
        codes,
        vec![(3, Code::QuantityInvalid), (4, Code::TitleUnknown)]
    );
    assert_eq!(writes(&s), before);

    let p = file(
        d.path(),
        "s.csv",
        format!(
            "ISBN,数量,成本价\n{},10,35.82\n{},3,24\n",
            common::A,
            common::B
        )
        .as_bytes(),
    );
    let r = run(&mut s, ImportKind::Stock, &p);
    assert!(!r.refused, "{:?}", r.errors);
    assert_eq!(r.documents.len(), 1);
    assert_eq!(writes(&s), before + 1, "one import, one write");
    let a = &catalog::titles_by_isbn(&s, common::A).unwrap()[0];
    assert_eq!(a.quantity, 10);
    let v = folio::trade::stock::value(&s).unwrap();
    assert_eq!(v.cost_value_fen, 3582 * 10 + 2400 * 3);
    // The same file again would count the copies twice.
    let r = run(&mut s, ImportKind::Stock, &p);
    assert!(r.refused);
    assert_eq!(r.errors.len(), 2);
    assert!(r.errors.iter().all(|e| e.code == Code::ImportOnFile));
}

#[test]
fn csv_encodings_are_detected() {
    let d = dir();
    let text = "客户编号,客户名称,电话\r\nC001,新华书店,028-1234567\r\n";
    let (gbk, _, bad) = encoding_rs::GBK.encode(text);
    assert!(!bad);
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(text.as_bytes());
    for (name, bytes) in [
        ("utf8.csv", text.as_bytes().to_vec()),
        ("bom.csv", bom),
        ("gbk.csv", gbk.into_owned()),
    ] {
        let mut s = store();
        let p = file(d.path(), name, &bytes);
        let r = run(&mut s, ImportKind::Customers, &p);
        assert!(!r.refused, "{name}: {:?}", r.errors);
        let c = one_customer(&s);
        assert_eq!(
            (c.code.as_str(), c.name.as_str()),
            ("C001", "新华书店"),
            "{name}"
        );
        assert_eq!(c.contacts[0].phone, "028-1234567");
    }
}

#[test]
fn headers_match_by_alias_mapping_and_memory() {
    let d = dir();
    let mut s = store();
    // Full-width letters, spaces, case and a unit in brackets.
    let p = file(
        d.path(),
        "c.csv",
        "Ｎａｍｅ , PHONE,信用额度(元),店铺等级\n新华书店,13800000001,100\n".as_bytes(),
    );
    let pv = imports::preview(&s, ImportKind::Customers, &p, &opts(), &Quiet).unwrap();
    assert_eq!(pv.unknown, vec!["店铺等级".to_string()]);
    assert_eq!(pv.new, 1);
    assert!(pv.errors.is_empty(), "{:?}", pv.errors);

    // A file whose name column is called something else: refused, naming the field.
    let p = file(
        d.path(),
        "c2.csv",
        "店名,电话\n新华书店,13800000002\n".as_bytes(),
    );
    let e = imports::import(&mut s, ImportKind::Customers, &p, &opts(), &Quiet).unwrap_err();
    assert_eq!(e.code(), Code::ImportColumnsMissing);
    assert!(e.to_string().contains("客户名称 (name)"), "{e}");
    // Mapped by the caller, it goes in, and the mapping is remembered.
    let mut o = opts();
    o.mapping = BTreeMap::from([("店名".to_string(), "name".to_string())]);
    let r = imports::import(&mut s, ImportKind::Customers, &p, &o, &Quiet).unwrap();
    assert_eq!(r.imported, 1);
    let p = file(
        d.path(),
        "c3.csv",
        "店名,电话\n文轩书店,13800000003\n".as_bytes(),
    );
    let pv = imports::preview(&s, ImportKind::Customers, &p, &opts(), &Quiet).unwrap();
    assert!(pv.missing.is_empty());
    assert_eq!(pv.columns[0].by, "remembered");
    // A mapping to a field that does not exist is an error, not a guess.
    o.mapping = BTreeMap::from([("店名".to_string(), "nmae".to_string())]);
    let e = imports::preview(&s, ImportKind::Customers, &p, &o, &Quiet).unwrap_err();
    assert_eq!(e.code(), Code::ImportMappingInvalid);
}

#[test]
fn preview_names_customers_already_on_file() {
    let d = dir();
    let mut s = store();
    customers::create(
        &mut s,
        &CustomerInput {
            name: "新华书店（成都）".into(),
            tax_id: "91510100MA61234567".into(),
            contacts: vec![Contact {
                phone: "028-8888 8888".into(),
                ..Default::default()
            }],
            ..Default::default()
        },
    )
    .unwrap();
    let p = file(
        d.path(),
        "c.csv",
        "名称,电话,税号\n别的名字,02888888888,\n另一个,,91510100ma61234567\n新华书店(成都),,\n全新客户,13900000000,\n"
            .as_bytes(),
    );
    let before = writes(&s);
    let pv = imports::preview(&s, ImportKind::Customers, &p, &opts(), &Quiet).unwrap();
    let found: Vec<(u32, &str)> = pv.existing.iter().map(|e| (e.row, e.by.as_str())).collect();
    assert_eq!(found, vec![(2, "phone"), (3, "tax_id"), (4, "name")]);
    assert_eq!(writes(&s), before, "a preview writes nothing");
}

#[test]
fn codes_on_file_are_errors_unless_update() {
    let d = dir();
    let mut s = store();
    let p = file(d.path(), "c.csv", "编号,名称\nC001,新华书店\n".as_bytes());
    run(&mut s, ImportKind::Customers, &p);
    let initials = |s: &Store| -> i64 {
        s.conn()
            .query_row(
                "SELECT count(*) FROM customer_keys WHERE key = 'xhsd'",
                [],
                |r| r.get(0),
            )
            .unwrap()
    };
    assert_eq!(initials(&s), 1);
    let p = file(
        d.path(),
        "c.csv",
        "编号,名称\nC001,新华书店总店\n".as_bytes(),
    );
    let r = run(&mut s, ImportKind::Customers, &p);
    assert_eq!(r.errors[0].code, Code::ImportOnFile);
    let mut o = opts();
    o.update = true;
    let r = imports::import(&mut s, ImportKind::Customers, &p, &o, &Quiet).unwrap();
    assert_eq!((r.imported, r.updated), (1, 1));
    assert_eq!(one_customer(&s).name, "新华书店总店");
    assert_eq!(customers::count(&s).unwrap(), 1);
    // Its search keys are the new name's, and only those.
    assert_eq!(customers::search(&s, "总店", 5).unwrap().len(), 1);
    assert_eq!(customers::search(&s, "xhsdzd", 5).unwrap().len(), 1);
    assert_eq!(initials(&s), 0, "the old name's initials are gone");
}

/// A record's rows in both full-text indexes are replaced when it changes, by an
/// import with update (rows set aside, then written in bulk) or by hand (at once),
/// and new ones go in beside many already on file (the key index kept, not made
/// again): each query finds what the record is now, and nothing it was.
#[test]
fn search_rows_follow_a_record_through_import_update_and_edit() {
    let d = dir();
    let mut s = store();
    let many: Vec<CustomerInput> = (0..60)
        .map(|i| CustomerInput {
            name: format!("Bookshop number {i}"),
            ..Default::default()
        })
        .collect();
    customers::create_many(&mut s, &many).unwrap();
    let p = file(
        d.path(),
        "a.csv",
        "编号,名称,电话\nA1,成都文轩书店,028-8111 2222\nA2,重庆西西弗书店,023-6333 4444\n"
            .as_bytes(),
    );
    assert_eq!(run(&mut s, ImportKind::Customers, &p).imported, 2);
    let p = file(
        d.path(),
        "b.csv",
        "编号,名称,电话\nA1,北京三联书店,010-6555 6666\nA2,重庆西西弗书店,023-6333 4444\n"
            .as_bytes(),
    );
    let mut o = opts();
    o.update = true;
    let r = imports::import(&mut s, ImportKind::Customers, &p, &o, &Quiet).unwrap();
    assert_eq!((r.imported, r.updated), (2, 2), "{:?}", r.errors);
    let found = |s: &Store, q: &str| -> Vec<String> {
        customers::search(s, q, 10)
            .unwrap()
            .into_iter()
            .map(|c| c.code)
            .collect()
    };
    let after_import: &[(&str, &[&str])] = &[
        ("文轩", &[]),
        ("文轩书", &[]),
        ("81112222", &[]),
        ("cdwxsd", &[]),
        ("三联", &["A1"]),
        ("三联书", &["A1"]),
        ("sanlian", &["A1"]),
        ("65556666", &["A1"]),
        ("西西弗", &["A2"]),
        ("xixifu", &["A2"]),
        ("弗", &["A2"]),
        ("number 42", &["C0043"]),
    ];
    for (q, want) in after_import {
        assert_eq!(found(&s, q), *want, "after the import: {q}");
    }
    let id = customers::get_by_code(&s, "A2").unwrap().id;
    let mut input = CustomerInput::from(&customers::get(&s, id).unwrap());
    input.name = "广州购书中心".into();
    customers::update(&mut s, id, &input).unwrap();
    let after_edit: &[(&str, &[&str])] = &[
        ("西西弗", &[]),
        ("弗", &[]),
        ("xixifu", &[]),
        ("购书中", &["A2"]),
        ("购书", &["A2"]),
        ("goushu", &["A2"]),
        ("63334444", &["A2"]),
        ("三联", &["A1"]),
    ];
    for (q, want) in after_edit {
        assert_eq!(found(&s, q), *want, "after the edit: {q}");
    }
    for table in ["customer_text", "customer_chars"] {
        s.conn()
            .execute_batch(&format!(
                "INSERT INTO {table} ({table}) VALUES ('integrity-check')"
            ))
            .unwrap();
    }
    let key_index: i64 = s
        .conn()
        .query_row(
            "SELECT count(*) FROM sqlite_schema WHERE name = 'customer_keys_key'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(key_index, 1);
}

#[test]
fn skip_invalid_writes_a_report_that_imports_again_once_fixed() {
    let d = dir();
    let mut s = store();
    let p = file(
        d.path(),
        "c.csv",
        "编号,名称,电话\nC001,新华书店,028-1\nC002,文轩,电话号码\nC003,,123456\n".as_bytes(),
    );
    let mut o = opts();
    o.skip_invalid = true;
    let r = imports::import(&mut s, ImportKind::Customers, &p, &o, &Quiet).unwrap();
    assert_eq!((r.imported, r.skipped), (1, 2));
    let report = r.report.clone().unwrap();
    assert_eq!(report, d.path().join("c.errors.xlsx"));
    let grid = read::read(&report).unwrap();
    assert_eq!(grid.headers, vec!["编号", "名称", "电话", "错误原因"]);
    assert_eq!(grid.rows[0].cells[0], Value::Text("C002".into()));
    assert_eq!(grid.rows[1].cells[0], Value::Text("C003".into()));
    // As it is, the report is refused for the same two rows and nothing else
    // (its totals row is not a record).
    let again = run(&mut s, ImportKind::Customers, &report);
    let rows: Vec<u32> = again.errors.iter().map(|e| e.row).collect();
    assert_eq!(rows, vec![2, 3], "{:?}", again.errors);
    // Fixed by hand (here: the bad cells replaced), it imports as it is.
    let fixed = xlsx(
        d.path(),
        "fixed.xlsx",
        &[
            vec![X::S("编号"), X::S("名称"), X::S("电话"), X::S("错误原因")],
            vec![X::S("C002"), X::S("文轩"), X::S("028-2"), X::S("电话: ...")],
            vec![
                X::S("C003"),
                X::S("西西弗"),
                X::S("123456"),
                X::S("名称: ..."),
            ],
        ],
    );
    let r = run(&mut s, ImportKind::Customers, &fixed);
    assert!(!r.refused, "{:?}", r.errors);
    assert_eq!(customers::count(&s).unwrap(), 3);
}

#[test]
fn a_cancel_writes_nothing() {
    struct Cancel;
    impl Progress for Cancel {
        fn report(&self, _: u64, _: u64) {}
        fn is_cancelled(&self) -> bool {
            true
        }
    }
    let d = dir();
    let mut s = store();
    let p = file(d.path(), "c.csv", "名称\n新华书店\n".as_bytes());
    let before = writes(&s);
    let e = imports::import(&mut s, ImportKind::Customers, &p, &opts(), &Cancel).unwrap_err();
    assert_eq!(e.code(), Code::Cancelled);
    assert_eq!(writes(&s), before);
}

#[test]
fn customers_export_then_import_round_trip() {
    let d = dir();
    let mut s = store();
    folio_sample::load(&mut s, 60, 5, 3).unwrap();
    customers::create(
        &mut s,
        &CustomerInput {
            name: "=HYPERLINK(\"http://x\",\"y\")".into(),
            region: "-成都".into(),
            discount: "6.5折".into(),
            credit_limit: "1234.56".into(),
            ..Default::default()
        },
    )
    .unwrap();
    let view = |s: &Store| {
        let mut out = Vec::new();
        customers::each(s, |c| {
            out.push((
                c.code.clone(),
                c.name.clone(),
                c.kind,
                c.region.clone(),
                c.contact.clone(),
                c.phone.clone(),
                c.discount_bp,
                c.credit_limit_fen,
            ));
            Ok(())
        })
        .unwrap();
        out
    };
    for (name, format) in [
        ("c.xlsx", Format::Xlsx),
        ("c.csv", Format::Csv(Encoding::Gbk)),
        ("c8.csv", Format::Csv(Encoding::Utf8Bom)),
    ] {
        for lang in [Lang::Zh, Lang::En] {
            let path = d.path().join(name);
            export(
                &s,
                &Export::Customers,
                &path,
                &Options::new(format, lang),
                &Quiet,
            )
            .unwrap();
            let mut fresh = store();
            let r = run(&mut fresh, ImportKind::Customers, &path);
            assert!(
                !r.refused,
                "{name}: {:?}",
                &r.errors[..r.errors.len().min(3)]
            );
            assert_eq!(view(&fresh), view(&s), "{name} {lang:?}");
        }
    }
    // The formula payload stays text going in, and a text cell going out.
    let mut fresh = store();
    let path = d.path().join("c.xlsx");
    export(
        &s,
        &Export::Customers,
        &path,
        &Options::new(Format::Xlsx, Lang::Zh),
        &Quiet,
    )
    .unwrap();
    run(&mut fresh, ImportKind::Customers, &path);
    let again = d.path().join("again.xlsx");
    export(
        &fresh,
        &Export::Customers,
        &again,
        &Options::new(Format::Xlsx, Lang::Zh),
        &Quiet,
    )
    .unwrap();
    let grid = read::read(&again).unwrap();
    assert!(grid
        .rows
        .iter()
        .any(|l| l.cells[1] == Value::Text("=HYPERLINK(\"http://x\",\"y\")".into())));
}

#[test]
fn blank_rows_keep_the_row_numbers_the_user_sees() {
    let d = dir();
    let mut s = store();
    let p = xlsx(
        d.path(),
        "c.xlsx",
        &[
            vec![],
            vec![X::S("名称"), X::S("电话")],
            vec![X::S("新华书店"), X::S("028-1")],
            vec![],
            vec![X::S(""), X::S("")],
            vec![X::S("文轩"), X::S("bad")],
        ],
    );
    let r = run(&mut s, ImportKind::Customers, &p);
    assert_eq!(r.errors.len(), 1);
    assert_eq!((r.errors[0].row, r.errors[0].column.as_str()), (6, "电话"));
}

/// A file-level refusal: one line, the code, nothing written.
fn refused_file(kind: ImportKind, path: &Path, code: Code) {
    let mut s = store();
    if kind == ImportKind::Receivables {
        customers::create(
            &mut s,
            &CustomerInput {
                code: "C001".into(),
                name: "x".into(),
                ..Default::default()
            },
        )
        .unwrap();
    }
    let before = writes(&s);
    let e = imports::import(&mut s, kind, path, &opts(), &Quiet)
        .err()
        .unwrap_or_else(|| panic!("{} was imported", path.display()));
    assert_eq!(e.code(), code, "{}: {e}", path.display());
    let msg = e.to_string();
    assert!(!msg.is_empty() && !msg.contains('\n'), "{msg}");
    assert_eq!(writes(&s), before, "{}", path.display());
}

/// A row-level refusal: the whole file refused, the row and column named.
fn refused_row(kind: ImportKind, path: &Path, row: u32, code: Code) {
    let mut s = store();
    let before = writes(&s);
    let r = imports::import(&mut s, kind, path, &opts(), &Quiet).unwrap();
    assert!(r.refused, "{} was imported", path.display());
    assert!(
        r.errors.iter().any(|e| e.row == row && e.code == code),
        "{}: {:?}",
        path.display(),
        r.errors
    );
    assert!(r.errors.iter().all(|e| !e.message.contains('\n')));
    assert_eq!(writes(&s), before);
}

#[test]
fn hostile_files_are_refused_whole() {
    let d = dir();
    let dp = d.path();
    let cust = ImportKind::Customers;
    refused_file(cust, &file(dp, "empty.csv", b""), Code::ImportFileEmpty);
    refused_file(
        cust,
        &file(dp, "bom.csv", b"\xEF\xBB\xBF"),
        Code::ImportFileEmpty,
    );
    refused_file(
        cust,
        &file(dp, "blank.csv", b"\r\n\r\n  \n"),
        Code::ImportFileEmpty,
    );
    refused_file(
        cust,
        &file(dp, "header.csv", "名称,电话\r\n".as_bytes()),
        Code::ImportNoRows,
    );
    let junk: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
        .collect();
    refused_file(
        cust,
        &file(dp, "junk.csv", &junk),
        Code::ImportFileUnreadable,
    );
    refused_file(
        cust,
        &file(dp, "junk.xlsx", &junk),
        Code::ImportFileUnreadable,
    );
    refused_file(
        cust,
        &file(dp, "junk.xls", &junk),
        Code::ImportFileUnreadable,
    );
    let good = xlsx(
        dp,
        "good.xlsx",
        &[vec![X::S("名称")], vec![X::S("新华书店")]],
    );
    let bytes = std::fs::read(&good).unwrap();
    refused_file(
        cust,
        &file(dp, "cut.xlsx", &bytes[..bytes.len() / 2]),
        Code::ImportFileUnreadable,
    );
    refused_file(
        cust,
        &file(dp, "cut2.xlsx", &bytes[..40]),
        Code::ImportFileUnreadable,
    );
    refused_file(
        cust,
        &file(dp, "csv.xlsx", "名称\n新华书店\n".as_bytes()),
        Code::ImportFileUnreadable,
    );
    refused_file(
        cust,
        &file(dp, "text.xls", "名称\t电话\n".as_bytes()),
        Code::ImportFileUnreadable,
    );
    refused_file(
        cust,
        &file(dp, "a.pdf", b"%PDF-1.4"),
        Code::ImportFormatUnknown,
    );
    refused_file(cust, &dp.join("missing.csv"), Code::ImportFileUnreadable);
    std::fs::create_dir(dp.join("folder.csv")).unwrap();
    refused_file(cust, &dp.join("folder.csv"), Code::ImportFileUnreadable);
    // A zip that is not a workbook.
    let mut z = zip::ZipWriter::new(std::fs::File::create(dp.join("notbook.xlsx")).unwrap());
    z.start_file("hello.txt", zip::write::SimpleFileOptions::default())
        .unwrap();
    z.write_all(b"hello").unwrap();
    z.finish().unwrap();
    refused_file(cust, &dp.join("notbook.xlsx"), Code::ImportFileUnreadable);
    // A zip bomb: 24 MB of zeros that pack to a few kilobytes.
    let mut z = zip::ZipWriter::new(std::fs::File::create(dp.join("bomb.xlsx")).unwrap());
    z.start_file(
        "xl/worksheets/sheet1.xml",
        zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated),
    )
    .unwrap();
    let zeros = vec![0u8; 1 << 20];
    for _ in 0..24 {
        z.write_all(&zeros).unwrap();
    }
    z.finish().unwrap();
    refused_file(cust, &dp.join("bomb.xlsx"), Code::ImportFileTooLarge);
    // Over 50 MB (a sparse file: nothing is written to disk).
    let big = std::fs::File::create(dp.join("big.csv")).unwrap();
    big.set_len(50 * 1024 * 1024 + 1).unwrap();
    refused_file(cust, &dp.join("big.csv"), Code::ImportFileTooLarge);
    // 1,048,577 rows.
    let mut rows = String::with_capacity(3 * 1_048_577);
    rows.push_str("名称\n");
    for _ in 0..1_048_576 {
        rows.push_str("a\n");
    }
    refused_file(
        cust,
        &file(dp, "rows.csv", rows.as_bytes()),
        Code::ImportTooManyRows,
    );
    // A line of a thousand cells.
    let wide = format!("名称{}\nx\n", ",".repeat(1000));
    refused_file(
        cust,
        &file(dp, "wide.csv", wide.as_bytes()),
        Code::ImportTooManyColumns,
    );
    // UTF-8 lines in a GBK file.
    let (mut mixed, _, _) = encoding_rs::GBK.encode("名称,电话\r\n新华书店,1\r\n");
    let mut mixed = mixed.to_mut().clone();
    mixed.extend_from_slice("文轩书店,2\r\n".as_bytes());
    refused_file(
        cust,
        &file(dp, "mixed.csv", &mixed),
        Code::ImportFileUnreadable,
    );
    // A BOM that says UTF-8 over bytes that are not.
    refused_file(
        cust,
        &file(dp, "liar.csv", b"\xEF\xBB\xBF\xC3\x28,x\n"),
        Code::ImportFileUnreadable,
    );
    // No header row: the data starts at once.
    refused_file(
        cust,
        &file(dp, "nohead.csv", "C001,新华书店\nC002,文轩\n".as_bytes()),
        Code::ImportColumnsMissing,
    );
    // Two columns that are the same field.
    refused_file(
        cust,
        &file(dp, "twice.csv", "名称,电话,手机\nx,1,2\n".as_bytes()),
        Code::ImportColumnTwice,
    );
    // NUL bytes in what claims to be text.
    refused_file(
        cust,
        &file(dp, "nul.csv", b"name\nab\0cd\n"),
        Code::ImportFileUnreadable,
    );
}

#[test]
fn hostile_rows_are_refused_with_their_row() {
    let d = dir();
    let dp = d.path();
    let cust = ImportKind::Customers;
    let formula = xlsx(
        dp,
        "f.xlsx",
        &[vec![X::S("名称")], vec![X::F("=HYPERLINK(\"http://x\")")]],
    );
    refused_row(cust, &formula, 2, Code::ImportCell);
    let huge = format!("名称\n{}\n", "书".repeat(1 << 20));
    refused_row(
        cust,
        &file(dp, "huge.csv", huge.as_bytes()),
        2,
        Code::TooLong,
    );
    refused_row(
        cust,
        &file(dp, "ctl.csv", "名称\n新华\u{7}书店\n".as_bytes()),
        2,
        Code::TextInvalid,
    );
    refused_row(
        cust,
        &file(
            dp,
            "inv.csv",
            "名称,电话\n\u{200B}\u{FEFF},1234\n".as_bytes(),
        ),
        2,
        Code::NameRequired,
    );
    refused_row(
        cust,
        &file(dp, "dup.csv", "编号,名称\nC1,a\nC2,b\nC1,c\n".as_bytes()),
        4,
        Code::ImportDuplicate,
    );
    refused_row(
        cust,
        &file(
            dp,
            "twohead.csv",
            "名称,电话\nx,123\n名称,电话\n".as_bytes(),
        ),
        3,
        Code::ImportCell,
    );
    refused_row(
        cust,
        &file(dp, "inf.csv", "名称,信用额度\nx,inf\n".as_bytes()),
        2,
        Code::CreditInvalid,
    );
    let books = ImportKind::Books;
    let lost = xlsx(
        dp,
        "lost.xlsx",
        &[
            vec![X::S("ISBN"), X::S("书名"), X::S("定价")],
            vec![X::N(9.78754e12), X::S("x"), X::N(10.0)],
        ],
    );
    refused_row(books, &lost, 2, Code::ImportCell);
    let dup = format!(
        "ISBN,书名,定价\n{a},x,10\n978-7-02-000220-7,y,10.00\n",
        a = common::A
    );
    refused_row(
        books,
        &file(dp, "dupisbn.csv", dup.as_bytes()),
        3,
        Code::ImportDuplicate,
    );
    let cents = format!("ISBN,书名,定价\n{},x,10.005\n", common::A);
    refused_row(
        books,
        &file(dp, "cents.csv", cents.as_bytes()),
        2,
        Code::ImportCell,
    );
    refused_row(
        ImportKind::Receivables,
        &file(dp, "nobody.csv", "客户编号,余额\nC404,10\n".as_bytes()),
        2,
        Code::CustomerUnknown,
    );
}

#[test]
fn an_xls_workbook_is_read() {
    // Made by tests/exchange/make_xls.py (xlwt): Rust has no .xls writer.
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/exchange/customers.xls");
    let mut s = store();
    let pv = imports::preview(&s, ImportKind::Customers, &path, &opts(), &Quiet).unwrap();
    assert_eq!(pv.unknown, vec!["开户日期".to_string()]);
    let r = run(&mut s, ImportKind::Customers, &path);
    assert_eq!(r.imported, 2, "{r:?}");
    assert!(!r.refused, "{:?}", r.errors);
    let mut got: Vec<(String, String, String, i64, Option<i64>)> = Vec::new();
    customers::each(&s, |c| {
        got.push((
            c.code.clone(),
            c.name.clone(),
            c.phone.clone(),
            c.discount_bp,
            c.credit_limit_fen,
        ));
        Ok(())
    })
    .unwrap();
    assert_eq!(
        got,
        vec![
            (
                "C001".into(),
                "成都新华书店".into(),
                "2886661234".into(),
                6500,
                Some(500_000)
            ),
            (
                "C002".into(),
                "Chapter One Leeds".into(),
                "0113 496 0000".into(),
                7000,
                Some(123_450)
            ),
        ]
    );
    let grid = read::read(&path).unwrap();
    assert_eq!(grid.rows[0].cells[5], Value::Date(45358.0));
}

#[test]
fn imported_customers_are_found_by_search() {
    // Past two batches of search keys (a thousand customers each) and a part batch.
    let d = dir();
    let mut s = store();
    let mut csv = String::from("名称,电话\n");
    for i in 0..2500 {
        csv.push_str(&format!("测试书店{i}号,139{i:08}\n"));
    }
    let p = file(d.path(), "many.csv", csv.as_bytes());
    let r = run(&mut s, ImportKind::Customers, &p);
    assert_eq!(r.imported, 2500);
    for i in [0, 999, 1000, 1999, 2499] {
        for q in [
            format!("139{i:08}"),
            format!("测试书店{i}号"),
            format!("书店{i}号"),
        ] {
            let hits = customers::search(&s, &q, 5).unwrap();
            assert!(
                hits.iter().any(|c| c.name == format!("测试书店{i}号")),
                "{q}: {hits:?}"
            );
        }
    }
    assert_eq!(customers::search(&s, "书店", 5000).unwrap().len(), 2500);
}

/// The first hundred customers in the list's order.
fn page() -> customers::ListQuery {
    customers::ListQuery {
        limit: 100,
        ..Default::default()
    }
}

/// A customer's search keys (code, kind, key) and grams (code, gram).
type SearchRows = (Vec<(String, i64, String)>, Vec<(String, String)>);

/// Every search row of the file, in the order written: a customer's keys and the
/// grams that find it by the customer's code, so that two files can be compared.
/// (The full-text tables keep no text to read back: the grams are the name's, each
/// asked of the index.)
fn index_of(s: &Store) -> SearchRows {
    let conn = s.conn();
    let keys = conn
        .prepare(
            "SELECT c.code, k.kind, k.key FROM customer_keys k JOIN customers c ON c.id = k.customer_id
             ORDER BY k.id",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let names: Vec<String> = conn
        .prepare("SELECT name FROM customers")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut grams: Vec<(String, String)> = Vec::new();
    for gram in names
        .iter()
        .flat_map(|n| folio::base::search::name_grams(n))
    {
        let mut found = conn
            .prepare(
                "SELECT c.code FROM customer_chars g JOIN customers c ON c.id = g.rowid
                 WHERE customer_chars MATCH ?1",
            )
            .unwrap();
        let codes: Vec<String> = found
            .query_map([format!("\"{gram}\"")], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        grams.extend(codes.into_iter().map(|c| (c, gram.clone())));
    }
    grams.sort();
    grams.dedup();
    (keys, grams)
}

#[test]
fn an_imported_customer_is_stored_and_found_as_one_typed_in() {
    let _t = common::pin("2026-03-01T09:00:00+08:00");
    let rows = [
        (
            "",
            "成都新华书店",
            "李老师",
            "028-8666 1234",
            "6.5折",
            "5000",
        ),
        ("CQ-01", "重庆银行书店", "王伟", "13800138000", "", ""),
        (
            "",
            "Waterstones Leeds",
            "Ann Lee",
            "+44 113 244 4588",
            "80%",
            "",
        ),
    ];
    let d = dir();
    let mut csv = String::from("编号,名称,联系人,电话,折扣,信用额度\n");
    for (code, name, contact, phone, discount, credit) in rows {
        csv.push_str(&format!(
            "{code},{name},{contact},{phone},{discount},{credit}\n"
        ));
    }
    let p = file(d.path(), "c.csv", csv.as_bytes());
    let mut imported = store();
    assert_eq!(run(&mut imported, ImportKind::Customers, &p).imported, 3);
    let mut typed = store();
    for (code, name, contact, phone, discount, credit) in rows {
        customers::create(
            &mut typed,
            &CustomerInput {
                code: code.into(),
                name: name.into(),
                contacts: vec![Contact {
                    name: contact.into(),
                    phone: phone.into(),
                    ..Default::default()
                }],
                discount: discount.into(),
                credit_limit: credit.into(),
                ..Default::default()
            },
        )
        .unwrap();
    }
    // The same records, codes and search rows, key for key.
    let all = |s: &Store| -> Vec<customers::Customer> {
        customers::list(s, &page())
            .unwrap()
            .rows
            .iter()
            .map(|r| customers::get(s, r.id).unwrap())
            .collect()
    };
    assert_eq!(all(&imported), all(&typed));
    assert_eq!(index_of(&imported), index_of(&typed));
    // The full-text indexes are whole, and keep none of the import's own setting.
    imported
        .conn()
        .execute_batch(
            "INSERT INTO customer_text (customer_text) VALUES ('integrity-check');
             INSERT INTO customer_chars (customer_chars) VALUES ('integrity-check');",
        )
        .unwrap();
    let settings = |s: &Store| -> Vec<(String, String)> {
        s.conn()
            .prepare(
                "SELECT 'text', k, v FROM customer_text_config
                 UNION ALL SELECT 'chars', k, v FROM customer_chars_config ORDER BY 1, 2",
            )
            .unwrap()
            .query_map([], |r| {
                Ok((
                    format!("{}.{}", r.get::<_, String>(0)?, r.get::<_, String>(1)?),
                    r.get::<_, rusqlite::types::Value>(2)
                        .map(|v| format!("{v:?}"))?,
                ))
            })
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    assert_eq!(settings(&imported), settings(&typed));
    let codes: Vec<String> = all(&imported).into_iter().map(|c| c.code).collect();
    assert_eq!(codes, ["C0001", "C0002", "CQ-01"]);
    // And the search box finds each the same way in both.
    let cases: &[(&str, &str)] = &[
        ("成都新华书店", "C0001"), // the name
        ("新华书", "C0001"),       // a substring (trigrams)
        ("新华", "C0001"),         // two characters (grams)
        ("都", "C0001"),           // one character (grams)
        ("cdxhsd", "C0001"),       // pinyin initials
        ("xhsd", "C0001"),         // initials inside the name's
        ("chengdu", "C0001"),      // full pinyin
        ("86661234", "C0001"),     // the phone's digits, inside them
        ("028", "C0001"),          // the phone's start
        ("c0001", "C0001"),        // a generated code, any case
        ("李老师", "C0001"),       // the contact
        ("CQ-01", "CQ-01"),        // a typed code
        ("zqyhsd", "CQ-01"),       // initials of another reading (重 zhong, 行 hang)
        ("cqyxsd", "CQ-01"),
        ("13800138000", "CQ-01"),
        ("wangwei", "CQ-01"), // the contact's pinyin
        ("leeds", "C0002"),   // a later word of a Latin name
        ("aterst", "C0002"),  // inside a Latin name
        ("4588", "C0002"),
    ];
    for (q, code) in cases {
        let found = |s: &Store| -> Vec<String> {
            customers::search(s, q, 10)
                .unwrap()
                .into_iter()
                .map(|c| c.code)
                .collect()
        };
        let got = found(&imported);
        assert!(got.iter().any(|c| c == code), "{q}: {got:?}");
        assert_eq!(got, found(&typed), "{q}");
    }
}

#[test]
fn a_write_that_fails_half_way_leaves_nothing() {
    let d = dir();
    let mut s = store();
    let mut csv = String::from("名称,联系人,电话\n");
    for i in 0..3000 {
        csv.push_str(&format!("测试书店{i}号,张伟,139{i:08}\n"));
    }
    let p = file(d.path(), "many.csv", csv.as_bytes());
    let counts = |s: &Store| -> Vec<i64> {
        [
            "SELECT count(*) FROM customers",
            "SELECT count(*) FROM customer_contacts",
            "SELECT count(*) FROM customer_keys",
            "SELECT count(*) FROM customer_text_data",
            "SELECT count(*) FROM customer_text_docsize",
            "SELECT count(*) FROM customer_chars_data",
            // The key index dropped for the import and made again, and the
            // temporary table the full-text rows waited in.
            "SELECT count(*) FROM sqlite_schema WHERE name = 'customer_keys_key'",
            "SELECT count(*) FROM sqlite_temp_schema WHERE name <> 'fail_late'",
            "SELECT count(*) FROM audit_log",
            "SELECT coalesce(sum(next_value), 0) FROM sequences",
            "SELECT count(*) FROM settings",
        ]
        .iter()
        .map(|q| s.conn().query_row(q, [], |r| r.get(0)).unwrap())
        .collect()
    };
    let before = counts(&s);
    // The file is good; the write fails (as a full disk would) at its very end,
    // when its audit row goes in: by then the rows, contacts, keys, both full-text
    // indexes and the key index made again have been written in the transaction.
    s.conn()
        .execute_batch(
            "CREATE TEMP TRIGGER fail_late AFTER INSERT ON audit_log
             WHEN new.action LIKE 'import.%'
             BEGIN SELECT RAISE(ABORT, 'the disk is full'); END;",
        )
        .unwrap();
    let e = imports::import(&mut s, ImportKind::Customers, &p, &opts(), &Quiet).unwrap_err();
    assert!(e.to_string().contains("the disk is full"), "{e}");
    assert_eq!(counts(&s), before);
    s.conn().execute_batch("DROP TRIGGER fail_late").unwrap();
    assert!(customers::search(&s, "测试书店", 5).unwrap().is_empty());
    assert!(customers::search(&s, "书店", 5).unwrap().is_empty());
    s.conn()
        .execute_batch(
            "INSERT INTO customer_text (customer_text) VALUES ('integrity-check');
             INSERT INTO customer_chars (customer_chars) VALUES ('integrity-check');",
        )
        .unwrap();
    // The same file then goes in whole, codes from C0001 on.
    assert_eq!(run(&mut s, ImportKind::Customers, &p).imported, 3000);
    assert_eq!(
        customers::search(&s, "测试书店2999号", 5).unwrap()[0].code,
        "C3000"
    );
    assert_eq!(customers::search(&s, "书店", 5000).unwrap().len(), 3000);
}

#[test]
fn a_generated_code_skips_one_typed_further_down() {
    let d = dir();
    let mut s = store();
    customers::create(
        &mut s,
        &CustomerInput {
            code: "C0001".into(),
            name: "已有客户".into(),
            ..Default::default()
        },
    )
    .unwrap();
    let p = file(
        d.path(),
        "c.csv",
        "编号,名称\n,甲书店\n,乙书店\nc0003,丙书店\n,丁书店\n".as_bytes(),
    );
    assert_eq!(run(&mut s, ImportKind::Customers, &p).imported, 4);
    let page = customers::list(&s, &page()).unwrap();
    let got: Vec<(&str, &str)> = page
        .rows
        .iter()
        .map(|c| (c.code.as_str(), c.name.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("C0001", "已有客户"),
            ("C0002", "甲书店"),
            ("c0003", "丙书店"),
            ("C0004", "乙书店"),
            ("C0005", "丁书店"),
        ]
    );
    // The next one typed in carries on from the sequence.
    let next = customers::create(
        &mut s,
        &CustomerInput {
            name: "戊书店".into(),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(next.code, "C0006");
}
