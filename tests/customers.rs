//! Customers through the core API: validation, codes, search, archive.

use folio::crm::customers::{self, Contact, CustomerInput, CustomerKind, ListQuery, Settlement};
use folio::Store;

fn input(name: &str) -> CustomerInput {
    CustomerInput {
        name: name.into(),
        ..CustomerInput::default()
    }
}

fn count(store: &Store) -> i64 {
    store
        .conn()
        .query_row("SELECT count(*) FROM customers", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn create_stores_typed_values_and_generates_codes() {
    let mut store = Store::open_in_memory().unwrap();
    let c = customers::create(
        &mut store,
        &CustomerInput {
            name: "  成都新华书店  ".into(),
            kind: CustomerKind::Bookshop,
            discount: "6.5折".into(),
            credit_limit: "￥5,000".into(),
            payment_terms_days: "30".into(),
            settlement: Settlement::SaleOrReturn,
            contacts: vec![
                Contact {
                    name: "王芳".into(),
                    phone: "138 0013 8000".into(),
                    ..Contact::default()
                },
                Contact::default(),
            ],
            tags: vec!["VIP".into(), " VIP ".into(), "".into()],
            birthday: "05-17".into(),
            ..CustomerInput::default()
        },
    )
    .unwrap();
    assert_eq!(c.code, "C0001");
    assert_eq!(c.name, "成都新华书店");
    assert_eq!(c.discount_bp, 6500);
    assert_eq!(c.credit_limit_fen, Some(500_000));
    assert_eq!(c.payment_terms_days, 30);
    assert_eq!(c.contacts.len(), 1, "blank contact rows are dropped");
    assert_eq!(c.tags, ["VIP"]);
    assert_eq!(c.birthday.as_deref(), Some("05-17"));
    let d = customers::create(&mut store, &input("Waterstones Leeds")).unwrap();
    assert_eq!(d.code, "C0002");
    assert_eq!(d.discount_bp, 10_000, "blank discount is full price");
    assert_eq!(d.credit_limit_fen, None, "blank credit limit is no limit");
}

#[test]
fn generated_codes_skip_codes_typed_by_hand() {
    let mut store = Store::open_in_memory().unwrap();
    customers::create(
        &mut store,
        &CustomerInput {
            code: "C0001".into(),
            ..input("A")
        },
    )
    .unwrap();
    let b = customers::create(&mut store, &input("B")).unwrap();
    assert_eq!(b.code, "C0002");
    let err = customers::create(
        &mut store,
        &CustomerInput {
            code: "c0002".into(),
            ..input("C")
        },
    )
    .unwrap_err();
    assert_eq!(
        (err.code().as_str(), err.field()),
        ("code_taken", Some("code"))
    );
}

#[test]
fn bad_input_names_the_field_and_writes_nothing() {
    let cases: Vec<(CustomerInput, &str, &str)> = vec![
        (input("   "), "name_required", "name"),
        (input(&"长".repeat(101)), "too_long", "name"),
        (
            CustomerInput {
                discount: "0".into(),
                ..input("A")
            },
            "discount_range",
            "discount",
        ),
        (
            CustomerInput {
                discount: "2".into(),
                ..input("A")
            },
            "discount_invalid",
            "discount",
        ),
        (
            // Plainly a fraction of list price, and above it.
            CustomerInput {
                discount: "1.5".into(),
                ..input("A")
            },
            "discount_range",
            "discount",
        ),
        (
            CustomerInput {
                discount: "11折".into(),
                ..input("A")
            },
            "discount_range",
            "discount",
        ),
        (
            CustomerInput {
                discount: "cheap".into(),
                ..input("A")
            },
            "discount_invalid",
            "discount",
        ),
        (
            CustomerInput {
                credit_limit: "-5".into(),
                ..input("A")
            },
            "credit_negative",
            "credit_limit",
        ),
        (
            CustomerInput {
                credit_limit: "lots".into(),
                ..input("A")
            },
            "credit_invalid",
            "credit_limit",
        ),
        (
            CustomerInput {
                payment_terms_days: "30.5".into(),
                ..input("A")
            },
            "terms_invalid",
            "payment_terms_days",
        ),
        (
            CustomerInput {
                payment_terms_days: "9999".into(),
                ..input("A")
            },
            "terms_range",
            "payment_terms_days",
        ),
        (
            CustomerInput {
                code: "C 01".into(),
                ..input("A")
            },
            "code_invalid",
            "code",
        ),
        (
            CustomerInput {
                birthday: "02-30".into(),
                ..input("A")
            },
            "birthday_invalid",
            "birthday",
        ),
        (
            CustomerInput {
                contacts: vec![Contact {
                    phone: "call me".into(),
                    ..Contact::default()
                }],
                ..input("A")
            },
            "phone_invalid",
            "contacts.0.phone",
        ),
        (
            CustomerInput {
                contacts: vec![
                    Contact {
                        name: "a".into(),
                        ..Contact::default()
                    },
                    Contact {
                        email: "no-at-sign".into(),
                        ..Contact::default()
                    },
                ],
                ..input("A")
            },
            "email_invalid",
            "contacts.1.email",
        ),
    ];
    let mut store = Store::open_in_memory().unwrap();
    for (inp, code, field) in cases {
        let err = customers::create(&mut store, &inp).unwrap_err();
        assert_eq!(
            (err.code().as_str(), err.field()),
            (code, Some(field)),
            "{inp:?}"
        );
        assert_eq!(count(&store), 0);
    }
}

#[test]
fn update_changes_fields_and_reindexes_search() {
    let mut store = Store::open_in_memory().unwrap();
    let c = customers::create(
        &mut store,
        &CustomerInput {
            discount: "6.5折".into(),
            ..input("成都新华书店")
        },
    )
    .unwrap();
    let mut edit = CustomerInput::from(&c);
    assert_eq!(edit.discount, "6.5折");
    edit.discount = "60%".into();
    edit.name = "重庆文轩书店".into();
    let u = customers::update(&mut store, c.id, &edit).unwrap();
    assert_eq!(u.discount_bp, 6000);
    assert_eq!(u.code, c.code);
    assert!(customers::search(&store, "xhsd", 10).unwrap().is_empty());
    assert_eq!(customers::search(&store, "cqwx", 10).unwrap()[0].id, c.id);
    // A failed update changes nothing.
    edit.discount = "0".into();
    assert!(customers::update(&mut store, c.id, &edit).is_err());
    assert_eq!(customers::get(&store, c.id).unwrap().discount_bp, 6000);
}

#[test]
fn search_finds_by_every_kind_of_key() {
    let mut store = Store::open_in_memory().unwrap();
    let names = [
        "成都新华书店",
        "重庆大学图书馆",
        "中国银行培训中心",
        "长沙博库书城",
        "Waterstones Leeds",
        "北京新华文轩",
    ];
    for n in names {
        customers::create(
            &mut store,
            &CustomerInput {
                contacts: vec![Contact {
                    name: "王芳".into(),
                    phone: "13800138000".into(),
                    ..Contact::default()
                }],
                ..input(n)
            },
        )
        .unwrap();
    }
    customers::create(
        &mut store,
        &CustomerInput {
            contacts: vec![Contact {
                phone: "0113 496 0000".into(),
                ..Contact::default()
            }],
            ..input("Leeds Central Library")
        },
    )
    .unwrap();
    let first = |q: &str| -> Vec<String> {
        customers::search(&store, q, 50)
            .unwrap()
            .into_iter()
            .map(|c| c.name)
            .collect()
    };
    let cases: &[(&str, &str)] = &[
        ("xhsd", "成都新华书店"),       // initials
        ("cdxh", "成都新华书店"),       // initials from the start
        ("cq", "重庆大学图书馆"),       // polyphonic 重: chong
        ("zq", "重庆大学图书馆"),       // and zhong
        ("zgyh", "中国银行培训中心"),   // 行: hang
        ("zgyx", "中国银行培训中心"),   // and xing
        ("yhpx", "中国银行培训中心"),   // initials, mid-name
        ("chengdu", "成都新华书店"),    // full pinyin
        ("xinhua", "成都新华书店"),     // full pinyin substring
        ("新华", "成都新华书店"),       // two Chinese characters, mid-name
        ("博", "长沙博库书城"),         // one Chinese character
        ("大学图书", "重庆大学图书馆"), // longer substring
        ("leeds", "Waterstones Leeds"),
        ("waterst", "Waterstones Leeds"),
        ("0113", "Leeds Central Library"),    // phone prefix
        ("4960000", "Leeds Central Library"), // phone digits
        ("C0003", "中国银行培训中心"),        // exact code
        ("wangfang", "成都新华书店"),         // contact name pinyin
    ];
    for (q, want) in cases {
        let got = first(q);
        assert!(
            got.iter().any(|n| n == want),
            "{q:?} should find {want}, got {got:?}"
        );
    }
    assert!(first("qqzzxx").is_empty());
    assert!(first("  ").is_empty());
    assert!(
        first("\"'%_*").is_empty(),
        "FTS/LIKE syntax in a query is literal"
    );
}

#[test]
fn ranking_is_exact_code_then_prefix_then_substring() {
    let mut store = Store::open_in_memory().unwrap();
    // "C0001" exactly; names that contain or start with "c0001" do not outrank it.
    customers::create(&mut store, &input("ABC0001 Books")).unwrap(); // C0001, substring
    customers::create(&mut store, &input("C0001 Stationers")).unwrap(); // C0002, name prefix
    let got: Vec<String> = customers::search(&store, "c0001", 10)
        .unwrap()
        .into_iter()
        .map(|c| c.code)
        .collect();
    assert_eq!(got, ["C0001", "C0002"]);
    let got: Vec<String> = customers::search(&store, "books", 10)
        .unwrap()
        .into_iter()
        .map(|c| c.name)
        .collect();
    assert_eq!(got, ["ABC0001 Books"]);

    let mut store = Store::open_in_memory().unwrap();
    customers::create(&mut store, &input("成都新华书店")).unwrap();
    customers::create(&mut store, &input("新华文轩")).unwrap();
    let got: Vec<String> = customers::search(&store, "新华", 10)
        .unwrap()
        .into_iter()
        .map(|c| c.name)
        .collect();
    assert_eq!(got, ["新华文轩", "成都新华书店"], "prefix before substring");
}

#[test]
fn archived_customers_leave_the_list_and_search_but_stay_on_file() {
    let mut store = Store::open_in_memory().unwrap();
    let a = customers::create(&mut store, &input("成都新华书店")).unwrap();
    customers::create(&mut store, &input("Foyles York")).unwrap();
    customers::archive(&mut store, a.id).unwrap();
    let page = customers::list(
        &store,
        &ListQuery {
            limit: 50,
            ..ListQuery::default()
        },
    )
    .unwrap();
    assert_eq!(page.total, 1);
    assert!(customers::search(&store, "xhsd", 10).unwrap().is_empty());
    let all = customers::list(
        &store,
        &ListQuery {
            limit: 50,
            include_archived: true,
            ..ListQuery::default()
        },
    )
    .unwrap();
    assert_eq!(all.total, 2);
    let found = customers::list(
        &store,
        &ListQuery {
            query: "xhsd".into(),
            limit: 50,
            include_archived: true,
            ..ListQuery::default()
        },
    )
    .unwrap();
    assert_eq!(found.rows.len(), 1);
    customers::restore(&mut store, a.id).unwrap();
    assert_eq!(customers::search(&store, "xhsd", 10).unwrap().len(), 1);
}

#[test]
fn list_pages_in_code_order() {
    let mut store = Store::open_in_memory().unwrap();
    for i in 0..25 {
        customers::create(&mut store, &input(&format!("Shop {i}"))).unwrap();
    }
    let p = customers::list(
        &store,
        &ListQuery {
            offset: 10,
            limit: 10,
            ..ListQuery::default()
        },
    )
    .unwrap();
    assert_eq!(p.total, 25);
    assert_eq!(p.rows.first().unwrap().code, "C0011");
    assert_eq!(p.rows.len(), 10);
    // Codes past C9999 keep their place.
    customers::create(
        &mut store,
        &CustomerInput {
            code: "C10000".into(),
            ..input("Big")
        },
    )
    .unwrap();
    customers::create(
        &mut store,
        &CustomerInput {
            code: "C999".into(),
            ..input("Small")
        },
    )
    .unwrap();
    let p = customers::list(
        &store,
        &ListQuery {
            offset: 24,
            limit: 10,
            ..ListQuery::default()
        },
    )
    .unwrap();
    let codes: Vec<&str> = p.rows.iter().map(|r| r.code.as_str()).collect();
    assert_eq!(codes, ["C0025", "C999", "C10000"]);
}

#[test]
fn demo_fills_an_empty_database_only() {
    let mut store = Store::open_in_memory().unwrap();
    let r = folio_sample::load(&mut store, 300, 0, 3).unwrap();
    assert_eq!(r.customers, 300);
    assert_eq!(count(&store), 300);
    // Every kind of customer is there, with Chinese and English names.
    for kind in [
        "bookshop",
        "school",
        "library",
        "company",
        "distributor",
        "individual",
    ] {
        let n: i64 = store
            .conn()
            .query_row(
                "SELECT count(*) FROM customers WHERE kind = ?1",
                [kind],
                |r| r.get(0),
            )
            .unwrap();
        assert!(n > 0, "no {kind}");
    }
    let english: i64 = store
        .conn()
        .query_row(
            "SELECT count(*) FROM customers WHERE name GLOB '[A-Z]*'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(english > 10 && english < 150, "{english}");
    let err = folio_sample::load(&mut store, 10, 0, 3).unwrap_err();
    assert_eq!(err.code().as_str(), "demo_not_empty");
    assert_eq!(count(&store), 300);
}

#[test]
fn tags_are_found_by_the_search_box() {
    let mut store = Store::open_in_memory().unwrap();
    let tagged = |name: &str, tags: &[&str]| CustomerInput {
        tags: tags.iter().map(|t| t.to_string()).collect(),
        ..input(name)
    };
    let mut create = |c: CustomerInput| customers::create(&mut store, &c).unwrap().id;
    let a = create(tagged("成都新华书店", &["重点", "华西"]));
    let b = create(tagged("实验学校", &["重点"]));
    let c = create(tagged("博库书城", &["VIP"]));
    // An update keeps the tags findable, and a tag taken off is no longer found.
    let d = create(tagged("西西弗书店", &["重点"]));
    customers::update(&mut store, d, &tagged("西西弗书店", &["华东"])).unwrap();

    let ids = |q: &str| -> Vec<i64> {
        let mut v: Vec<i64> = customers::search(&store, q, 50)
            .unwrap()
            .into_iter()
            .map(|c| c.id)
            .collect();
        v.sort();
        v
    };
    let cases: &[(&str, Vec<i64>)] = &[
        ("重点", vec![a, b]),      // the tag as typed
        ("zhongdian", vec![a, b]), // its pinyin
        ("vip", vec![c]),          // without case
        ("华东", vec![d]),         // the tag it has now
        ("华西", vec![a]),
    ];
    for (q, want) in cases {
        assert_eq!(&ids(q), want, "query {q:?}");
    }
}

#[test]
fn check_names_every_field_in_error_at_once_and_writes_nothing() {
    let store = Store::open_in_memory().unwrap();
    let bad = CustomerInput {
        name: " ".into(),
        discount: "12折".into(),
        credit_limit: "abc".into(),
        payment_terms_days: "x".into(),
        contacts: vec![
            Contact::default(),
            Contact {
                name: "王芳".into(),
                phone: "ring me".into(),
                email: "nope".into(),
                ..Contact::default()
            },
        ],
        ..CustomerInput::default()
    };
    let got: Vec<(String, String)> = customers::check(&bad)
        .into_iter()
        .map(|e| (e.code.as_str().to_string(), e.field.unwrap_or_default()))
        .collect();
    let want: Vec<(String, String)> = [
        ("name_required", "name"),
        ("phone_invalid", "contacts.1.phone"),
        ("email_invalid", "contacts.1.email"),
        ("discount_range", "discount"),
        ("credit_invalid", "credit_limit"),
        ("terms_invalid", "payment_terms_days"),
    ]
    .iter()
    .map(|(c, f)| (c.to_string(), f.to_string()))
    .collect();
    assert_eq!(got, want);
    // The first is the one a save reports.
    let mut store = store;
    let refused = customers::create(&mut store, &bad).unwrap_err();
    assert_eq!(refused.field(), Some("name"));
    assert_eq!(count(&store), 0);
    // Good fields: nothing to say.
    assert!(customers::check(&input("新华书店")).is_empty());
}

fn with_phone(name: &str, phone: &str) -> CustomerInput {
    CustomerInput {
        name: name.into(),
        contacts: vec![Contact {
            name: "王芳".into(),
            phone: phone.into(),
            ..Contact::default()
        }],
        ..CustomerInput::default()
    }
}

/// A new customer with the name and a phone of one on file is a likely duplicate: names
/// compare as the search box normalises them, phones by their digits, and both must match.
#[test]
fn likely_duplicates_match_name_and_phone_as_normalised() {
    use customers::IfDuplicate;
    let mut store = Store::open_in_memory().unwrap();
    let on_file =
        customers::create(&mut store, &with_phone("成都新华书店", "028-8666 1234")).unwrap();
    let second = customers::create(
        &mut store,
        &CustomerInput {
            contacts: vec![
                Contact {
                    name: "李".into(),
                    phone: "13800000000".into(),
                    ..Contact::default()
                },
                Contact {
                    name: "赵".into(),
                    phone: "(010) 555-0101".into(),
                    ..Contact::default()
                },
            ],
            ..input("Waterstones Leeds")
        },
    )
    .unwrap();
    // (name, phone, the code found or none)
    let cases: &[(&str, &str, Option<&str>)] = &[
        ("成都新华书店", "028-8666 1234", Some("C0001")),
        (" 成都 新华书店 ", "02886661234", Some("C0001")),
        ("成都新华书店", "(028) 8666-1234", Some("C0001")),
        ("成都新华书店", "028-8666 1235", None),
        ("成都新华书店二店", "028-8666 1234", None),
        ("成都新华书店", "", None),
        ("waterstones-leeds", "0105550101", Some("C0002")),
        ("WATERSTONES LEEDS", "+86 138 0000 0000", None),
        ("Waterstones  Leeds", "138 0000 0000", Some("C0002")),
        ("Waterstones York", "13800000000", None),
    ];
    for (name, phone, want) in cases {
        let probe = if phone.is_empty() {
            input(name)
        } else {
            with_phone(name, phone)
        };
        let found = customers::duplicates(&store, &probe, None).unwrap();
        let got = found.first().map(|d| d.code.as_str());
        assert_eq!(got, *want, "{name:?} {phone:?}");
        let before = count(&store);
        let saved = customers::create_checked(&mut store, &probe, IfDuplicate::Refuse);
        match want {
            Some(code) => {
                let e = saved.unwrap_err();
                assert_eq!(e.code().as_str(), "customer_duplicate", "{name:?}");
                assert!(e.to_string().contains(code), "{e}");
                assert_eq!(count(&store), before, "nothing written for {name:?}");
            }
            None => {
                let c = saved.unwrap();
                customers::delete(&mut store, c.id).unwrap();
            }
        }
    }
    // The phone named is the one in common, as written on file.
    let d = customers::duplicates(&store, &with_phone("Waterstones Leeds", "0105550101"), None)
        .unwrap();
    assert_eq!(d[0].phone, "(010) 555-0101");
    assert_eq!(d[0].name, "Waterstones Leeds");
    // Saving anyway stores a second customer.
    let again = customers::create_checked(
        &mut store,
        &with_phone("成都新华书店", "028-8666 1234"),
        IfDuplicate::Save,
    )
    .unwrap();
    assert_ne!(again.id, on_file.id);
    // An edit is checked against the others, never against itself.
    let mut edit = CustomerInput::from(&second);
    edit.notes = "每月对账".into();
    customers::update_checked(&mut store, second.id, &edit, IfDuplicate::Refuse).unwrap();
    let mut edit = CustomerInput::from(&second);
    edit.name = "成都新华书店".into();
    edit.contacts[0].phone = "028 8666 1234".into();
    let e =
        customers::update_checked(&mut store, second.id, &edit, IfDuplicate::Refuse).unwrap_err();
    assert_eq!(e.code().as_str(), "customer_duplicate");
    assert_eq!(
        customers::get(&store, second.id).unwrap().name,
        "Waterstones Leeds",
        "a refused edit changes nothing"
    );
    let found = customers::duplicates(&store, &edit, Some(second.id)).unwrap();
    assert_eq!(
        found.len(),
        2,
        "both customers of that name and phone are named"
    );
    customers::update_checked(&mut store, second.id, &edit, IfDuplicate::Save).unwrap();
}

/// A customer typed by mistake is deleted with its reminders, even one the rules
/// made; one with a call logged is archived instead.
#[test]
fn delete_takes_the_customers_reminders_and_refuses_one_with_dealings() {
    use folio::crm::{interactions, reminders};
    let t = chrono::DateTime::parse_from_rfc3339("2026-11-23T09:00:00+08:00").unwrap();
    let _pinned = folio::base::clock::pin(t);
    let mut store = Store::open_in_memory().unwrap();
    let typo = customers::create(
        &mut store,
        &CustomerInput {
            name: "成都新华书店（错）".into(),
            birthday: "11-25".into(),
            ..Default::default()
        },
    )
    .unwrap();
    reminders::add(
        &mut store,
        &reminders::ReminderInput {
            customer: typo.code.clone(),
            due: "2026-11-30".into(),
            ..Default::default()
        },
    )
    .unwrap();
    let made = reminders::run(&mut store, t).unwrap();
    assert!(
        made.created
            .iter()
            .any(|r| r.rule.as_deref() == Some("birthday")),
        "{made:?}"
    );
    customers::delete(&mut store, typo.id).unwrap();
    let left: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM reminders", [], |r| r.get(0))
        .unwrap();
    assert_eq!(left, 0);

    let called = customers::create(
        &mut store,
        &CustomerInput {
            name: "实验学校".into(),
            ..Default::default()
        },
    )
    .unwrap();
    interactions::add(
        &mut store,
        &interactions::InteractionInput {
            customer: called.code.clone(),
            summary: "问教材".into(),
            ..Default::default()
        },
    )
    .unwrap();
    let e = customers::delete(&mut store, called.id).unwrap_err();
    assert_eq!(e.code().as_str(), "customer_referenced");
}
