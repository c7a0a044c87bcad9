//! Possible duplicates among customers, and merging one into another.

use folio::crm::customers::{self, Contact, CustomerInput, CustomerStatus};
use folio::crm::duplicates::{self, DuplicateReason};
use folio::crm::{cases, interactions, reminders, satisfaction};
use folio::trade::catalog;
use folio::trade::orders::{self, ConfirmOptions, OrderInput};
use folio::trade::receivables::{self, PaymentInput, ReturnInput};
use folio::trade::stock;
use folio::Store;
use proptest::prelude::*;

mod common;
use common::{lines, A, B};

/// Every table column that refers to a customer, and what a merge does with it.
/// The test below reads the schema's foreign keys and fails on one not listed
/// here, so a new table that points at customers cannot be forgotten by merge.
const MOVED: &[(&str, &str)] = &[
    ("orders", "customer_id"),
    ("customer_returns", "customer_id"),
    ("payments", "customer_id"),
    ("receivable_entries", "customer_id"),
    ("interactions", "customer_id"),
    ("cases", "customer_id"),
    ("satisfaction", "customer_id"),
    ("reminders", "customer_id"),
    ("reminder_customers", "customer_id"),
];
/// The merged customer's own record: its contacts (those the kept customer
/// lacked are copied) and its search keys stay with it, archived.
const KEPT: &[(&str, &str)] = &[
    ("customer_contacts", "customer_id"),
    ("customer_keys", "customer_id"),
];

fn customer(store: &mut Store, code: &str, name: &str, phone: &str, tax_id: &str) -> i64 {
    customers::create(
        store,
        &CustomerInput {
            code: code.into(),
            name: name.into(),
            tax_id: tax_id.into(),
            contacts: vec![Contact {
                name: "王经理".into(),
                phone: phone.into(),
                ..Contact::default()
            }],
            ..Default::default()
        },
    )
    .unwrap()
    .id
}

/// A store with 红楼梦 and 百年孤独 in stock, 1,000 copies each.
fn stocked() -> Store {
    let mut store = Store::open_in_memory().unwrap();
    common::supplier(&mut store, "人民文学出版社", "");
    common::titles(
        &mut store,
        &[(A, "59.70", "红楼梦"), (B, "39.50", "百年孤独")],
    );
    stock::receive(
        &mut store,
        "人民文学出版社",
        &[format!("{A}:1000"), format!("{B}:1000")],
    )
    .unwrap();
    store
}

fn order(store: &mut Store, code: &str, qty: u32) -> String {
    orders::create_and_confirm(
        store,
        &OrderInput {
            customer: code.into(),
            ..Default::default()
        },
        &lines(&[&format!("{A}:{qty}")]),
        &ConfirmOptions::default(),
    )
    .unwrap()
    .order
    .number
    .unwrap()
}

fn count(store: &Store, sql: &str, id: i64) -> i64 {
    store.conn().query_row(sql, [id], |r| r.get(0)).unwrap()
}

fn ledger_total(store: &Store) -> i64 {
    store
        .conn()
        .query_row(
            "SELECT coalesce(sum(amount_fen), 0) FROM receivable_entries",
            [],
            |r| r.get(0),
        )
        .unwrap()
}

fn on_hand(store: &Store) -> Vec<i64> {
    [A, B]
        .iter()
        .map(|isbn| catalog::titles_by_isbn(store, isbn).unwrap()[0].quantity)
        .collect()
}

/// Rows of every moved table that still refer to customer `id`.
fn references(store: &Store, id: i64) -> Vec<String> {
    MOVED
        .iter()
        .filter(|(table, column)| {
            count(
                store,
                &format!("SELECT count(*) FROM {table} WHERE {column} = ?1"),
                id,
            ) > 0
        })
        .map(|(table, _)| table.to_string())
        .collect()
}

#[test]
fn every_column_that_refers_to_a_customer_is_moved_or_kept_on_purpose() {
    let store = Store::open_in_memory().unwrap();
    let conn = store.conn();
    let mut found: Vec<(String, String)> = conn
        .prepare(
            "SELECT t.name, f.\"from\" FROM sqlite_schema t, pragma_foreign_key_list(t.name) f
             WHERE t.type = 'table' AND f.\"table\" = 'customers' ORDER BY 1, 2",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    found.sort();
    let mut listed: Vec<(String, String)> = MOVED
        .iter()
        .chain(KEPT)
        .map(|(t, c)| (t.to_string(), c.to_string()))
        .collect();
    listed.sort();
    assert_eq!(
        found, listed,
        "a table refers to customers that duplicates::merge does not know about"
    );
}

#[test]
fn a_merge_moves_every_document_and_follow_up_and_keeps_the_balances() {
    let _now = common::pin("2026-03-02T10:00:00+08:00");
    let mut store = stocked();
    let into = customer(&mut store, "C0007", "成都新华书店", "028-8666 1234", "");
    let from = customer(&mut store, "C0012", "成都 新华书店", "+86 28 8666 1234", "");
    // A second contact of the merged one, which the kept one lacks.
    let mut input = CustomerInput::from(&customers::get(&store, from).unwrap());
    input.contacts.push(Contact {
        name: "李会计".into(),
        phone: "13800000000".into(),
        ..Contact::default()
    });
    input.tags = vec!["重点".into()];
    input.notes = "月结".into();
    input.address = "春熙路1号".into();
    customers::update(&mut store, from, &input).unwrap();

    let number = order(&mut store, "C0012", 5);
    order(&mut store, "C0007", 1);
    receivables::add_opening(&mut store, "C0012", "100", "2026-01-01").unwrap();
    receivables::add_payment(
        &mut store,
        &PaymentInput {
            customer: "C0012".into(),
            amount: "50".into(),
            ..Default::default()
        },
    )
    .unwrap();
    receivables::add_return(
        &mut store,
        &ReturnInput {
            customer: "C0012".into(),
            order: number.clone(),
            reason: "破损".into(),
            ..Default::default()
        },
        &lines(&[&format!("{A}:1")]),
    )
    .unwrap();
    interactions::add(
        &mut store,
        &interactions::InteractionInput {
            customer: "C0012".into(),
            summary: "问了新书目".into(),
            next_step: "寄书目".into(),
            next_date: "2026-03-09".into(),
            ..Default::default()
        },
    )
    .unwrap();
    cases::add(
        &mut store,
        &cases::CaseInput {
            customer: "C0012".into(),
            order: number.clone(),
            category: "damaged".into(),
            summary: "两本破损".into(),
            ..Default::default()
        },
    )
    .unwrap();
    satisfaction::record(
        &mut store,
        &satisfaction::SatisfactionInput {
            customer: "C0012".into(),
            kind: "csat".into(),
            score: "4".into(),
            ..Default::default()
        },
    )
    .unwrap();
    // A rule's open reminder about the merged customer, and a statement's list
    // that names both.
    store
        .conn()
        .execute_batch(&format!(
            "INSERT INTO reminders (customer_id, kind, due_date, rule, rule_key, created_at, updated_at)
                 VALUES ({from}, 'collect', '2026-03-02', 'overdue', 'C{from}', 'x', 'x');
             INSERT INTO reminders (kind, due_date, rule, rule_key, created_at, updated_at)
                 VALUES ('other', '2026-03-31', 'statement', 'statement:2026-03', 'x', 'x');
             INSERT INTO reminder_customers (reminder_id, customer_id)
                 SELECT id, {from} FROM reminders WHERE rule = 'statement';
             INSERT INTO reminder_customers (reminder_id, customer_id)
                 SELECT id, {into} FROM reminders WHERE rule = 'statement';"
        ))
        .unwrap();

    let total = ledger_total(&store);
    let stock_before = on_hand(&store);
    let from_balance = receivables::balance(&store, "C0012").unwrap();
    let into_balance = receivables::balance(&store, "C0007").unwrap();
    assert_ne!(from_balance, 0);

    let r = duplicates::merge(&mut store, from, into).unwrap();
    assert_eq!(
        (
            r.orders,
            r.returns,
            r.payments,
            r.ledger_entries,
            r.interactions,
            r.cases,
            r.scores,
            r.reminders,
            r.reminders_closed,
            r.reminder_lists,
            r.contacts,
            r.tags
        ),
        // Ledger: the order, the opening, the payment, the return. Reminders:
        // the interaction's next step and the rule's. The first contact is the
        // kept one's phone written with +86; the accountant is new.
        (1, 1, 1, 4, 1, 1, 1, 2, 1, 1, 1, 1)
    );
    assert_eq!(r.balance_moved_fen, from_balance);
    assert_eq!(r.balance_fen, from_balance + into_balance);
    assert_eq!(
        receivables::balance(&store, "C0007").unwrap(),
        r.balance_fen
    );
    assert_eq!(receivables::balance(&store, "C0012").unwrap(), 0);
    assert_eq!(ledger_total(&store), total);
    assert_eq!(on_hand(&store), stock_before, "stock is not touched");
    assert_eq!(references(&store, from), Vec::<String>::new());

    // The posted order keeps its number and figures; only its customer moved.
    let o = orders::by_number(&store, &number).unwrap();
    assert_eq!(o.customer_code, "C0007");

    let kept = customers::get(&store, into).unwrap();
    assert_eq!(kept.contacts.len(), 2);
    assert_eq!(kept.tags, vec!["重点".to_string()]);
    assert_eq!(kept.notes, "C0012 成都 新华书店: 月结");
    assert_eq!(kept.address, "春熙路1号");
    let merged = customers::get(&store, from).unwrap();
    assert_eq!(merged.status, CustomerStatus::Archived);
    assert_eq!(merged.contacts.len(), 2, "the merged record keeps its own");
    // The new tag finds the kept customer.
    let found = customers::search(&store, "重点", 10).unwrap();
    assert_eq!(
        found.iter().map(|c| c.code.as_str()).collect::<Vec<_>>(),
        ["C0007"]
    );

    // The rule's reminder is closed, saying why, and holds nothing back.
    let (status, cleared): (String, Option<String>) = store
        .conn()
        .query_row(
            "SELECT status, cleared_at FROM reminders WHERE rule = 'overdue'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(status, "closed");
    assert!(cleared.is_some());
    let id: i64 = store
        .conn()
        .query_row("SELECT id FROM reminders WHERE rule = 'overdue'", [], |r| {
            r.get(0)
        })
        .unwrap();
    let history = reminders::history(&store, id).unwrap();
    assert!(history
        .iter()
        .any(|e| e.note == "customer merged into C0007"));
    assert_eq!(
        count(
            &store,
            "SELECT count(*) FROM reminder_customers WHERE customer_id = ?1",
            into
        ),
        1
    );

    let audit: (String, i64) = store
        .conn()
        .query_row(
            "SELECT action, entity_id FROM audit_log ORDER BY id DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert!(
        audit
            .0
            .starts_with("customers.merge: merged C0012 into C0007: orders 1, returns 1, payments 1, ledger entries 4"),
        "{}",
        audit.0
    );
    assert_eq!(audit.1, from);

    // Merged, it is no longer a possible duplicate of the one it went into.
    let page = duplicates::possible_duplicates(&store, 0, 50).unwrap();
    assert_eq!(page.total, 0, "{page:?}");
}

#[test]
fn a_merge_is_refused_with_a_reason_and_writes_nothing() {
    let mut store = Store::open_in_memory().unwrap();
    let a = customer(&mut store, "C0001", "新华书店", "13800000000", "");
    let b = customer(&mut store, "C0002", "新华书店", "13800000000", "");
    let archived = customer(&mut store, "C0003", "新华书店", "13800000000", "");
    customers::archive(&mut store, archived).unwrap();
    let audit = |store: &Store| -> i64 {
        store
            .conn()
            .query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0))
            .unwrap()
    };
    let before = audit(&store);
    let cases: &[(i64, i64, &str)] = &[
        (a, a, "merge_same"),
        (a, archived, "merge_into_archived"),
        (a, 999, "not_found"),
        (999, a, "not_found"),
    ];
    for (from, into, code) in cases {
        let e = duplicates::merge(&mut store, *from, *into).unwrap_err();
        assert_eq!(e.code().as_str(), *code, "{from} into {into}: {e}");
    }
    assert_eq!(audit(&store), before);
    assert_eq!(
        customers::get(&store, a).unwrap().status,
        CustomerStatus::Active
    );
    // From an archived one into an active one is allowed.
    duplicates::merge(&mut store, archived, b).unwrap();
}

#[test]
fn a_merged_customer_says_which_customer_it_went_into() {
    use chrono::DateTime;
    use folio::base::clock;
    let at = |day: &str| DateTime::parse_from_rfc3339(&format!("{day}T09:00:00+08:00")).unwrap();
    let mut store = Store::open_in_memory().unwrap();
    let (kept, merged, other, never) = clock::at(at("2026-01-05"), || {
        (
            customer(&mut store, "C0007", "成都新华书店", "13800000007", ""),
            customer(&mut store, "C0012", "成都新华书店 二店", "13800000012", ""),
            customer(&mut store, "C0003", "西南书城", "13800000003", ""),
            customer(&mut store, "C0020", "未合并书店", "13800000020", ""),
        )
    });
    let into = |store: &Store, id: i64| {
        duplicates::merged_into(store, id)
            .unwrap()
            .map(|m| (m.id, m.code, m.name))
    };
    let named =
        |id: i64, code: &str, name: &str| Some((Some(id), code.to_string(), name.to_string()));

    clock::at(at("2026-02-01"), || {
        duplicates::merge(&mut store, merged, kept)
    })
    .unwrap();
    assert_eq!(into(&store, merged), named(kept, "C0007", "成都新华书店"));
    let m = duplicates::merged_into(&store, merged).unwrap().unwrap();
    assert_eq!(m.at, "2026-02-01T09:00:00+08:00");
    // Neither the customer kept nor one no merge touched has gone anywhere;
    // nor has a customer that is not on file.
    assert_eq!(into(&store, kept), None);
    assert_eq!(into(&store, never), None);
    assert_eq!(into(&store, 999), None);

    // The kept one merged in turn: each names the step it took, so the page
    // of the first leads to the second and from there to the last.
    clock::at(at("2026-03-01"), || {
        duplicates::merge(&mut store, kept, other)
    })
    .unwrap();
    assert_eq!(into(&store, merged), named(kept, "C0007", "成都新华书店"));
    assert_eq!(into(&store, kept), named(other, "C0003", "西南书城"));

    // Restored, a merged customer is told apart again and says nothing; merged
    // again, it names the latest merge.
    clock::at(at("2026-04-01"), || customers::restore(&mut store, merged)).unwrap();
    assert_eq!(into(&store, merged), None);
    clock::at(at("2026-04-02"), || {
        duplicates::merge(&mut store, merged, other)
    })
    .unwrap();
    assert_eq!(into(&store, merged), named(other, "C0003", "西南书城"));

    // The kept customer's code changed after the merge and given to a newer
    // customer: the code recorded is still said, but the newcomer is not
    // taken for the customer kept.
    clock::at(at("2026-05-01"), || {
        let mut input = CustomerInput::from(&customers::get(&store, other).unwrap());
        input.code = "XN-01".into();
        customers::update(&mut store, other, &input).unwrap();
        customer(&mut store, "C0003", "新来的书店", "13800000099", "");
    });
    assert_eq!(
        into(&store, merged),
        Some((None, "C0003".to_string(), String::new()))
    );
}

#[test]
fn duplicates_are_grouped_by_phone_tax_id_and_name_with_every_reason() {
    let mut store = Store::open_in_memory().unwrap();
    // Name and phone (+86 ignored): one group with two reasons.
    let a = customer(&mut store, "C0001", "Xinhua Books", "138 0000 0000", "");
    let b = customer(&mut store, "C0002", "xinhua-books", "+86 138-0000-0000", "");
    // The same tax id only.
    let c = customer(
        &mut store,
        "C0003",
        "成都书城",
        "028-1111 1111",
        "91510100MA6C1",
    );
    let d = customer(
        &mut store,
        "C0004",
        "成都购书中心",
        "028-2222 2222",
        "91510100ma6c1",
    );
    // The same name only, one of them archived: listed, marked.
    let e = customer(&mut store, "C0005", "文轩", "021-1", "");
    let f = customer(&mut store, "C0006", "文 轩", "021-2", "");
    customers::archive(&mut store, f).unwrap();
    // Both archived: nothing to merge into, not listed.
    let g = customer(&mut store, "C0007", "西西弗", "010-1", "");
    let h = customer(&mut store, "C0008", "西西弗", "010-2", "");
    customers::archive(&mut store, g).unwrap();
    customers::archive(&mut store, h).unwrap();
    // One customer with the same phone twice is no group.
    let mut input = CustomerInput::from(&customers::get(&store, e).unwrap());
    input.contacts.push(Contact {
        name: "二号".into(),
        phone: "0211".into(),
        ..Contact::default()
    });
    customers::update(&mut store, e, &input).unwrap();

    let page = duplicates::possible_duplicates(&store, 0, 50).unwrap();
    let shape: Vec<(Vec<DuplicateReason>, Vec<i64>)> = page
        .groups
        .iter()
        .map(|g| {
            (
                g.reasons.iter().map(|m| m.reason).collect(),
                g.members.iter().map(|m| m.id).collect(),
            )
        })
        .collect();
    assert_eq!(
        shape,
        vec![
            (
                vec![DuplicateReason::Phone, DuplicateReason::Name],
                vec![a, b]
            ),
            (vec![DuplicateReason::TaxId], vec![c, d]),
            (vec![DuplicateReason::Name], vec![e, f]),
        ]
    );
    assert_eq!(page.total, 3);
    assert_eq!(page.groups[0].reasons[0].value, "138 0000 0000");
    assert_eq!(page.groups[1].reasons[0].value, "91510100MA6C1");
    assert_eq!(page.groups[2].members[1].status, CustomerStatus::Archived);

    let second = duplicates::possible_duplicates(&store, 1, 1).unwrap();
    assert_eq!((second.total, second.offset), (3, 1));
    assert_eq!(second.groups, page.groups[1..2].to_vec());
}

#[test]
fn a_member_shows_its_balance_orders_and_last_order() {
    let _now = common::pin("2026-03-02T10:00:00+08:00");
    let mut store = stocked();
    let a = customer(&mut store, "C0001", "新华书店", "13800000000", "");
    customer(&mut store, "C0002", "新华书店", "13900000000", "");
    order(&mut store, "C0001", 2);
    order(&mut store, "C0001", 1);
    let page = duplicates::possible_duplicates(&store, 0, 10).unwrap();
    let m = &page.groups[0].members[0];
    assert_eq!(m.id, a);
    assert_eq!(m.order_count, 2);
    assert_eq!(m.last_order_date.as_deref(), Some("2026-03-02"));
    assert_eq!(m.balance_fen, 3 * 5970);
    assert_eq!(page.groups[0].members[1].order_count, 0);
}

#[derive(Debug, Clone)]
enum Op {
    Order(usize, u32),
    Cancel(usize),
    Payment(usize, u32),
    Opening(usize, u32),
    Return(usize, u32),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (0..3usize, 1..5u32).prop_map(|(c, q)| Op::Order(c, q)),
        (0..3usize).prop_map(Op::Cancel),
        (0..3usize, 1..500u32).prop_map(|(c, a)| Op::Payment(c, a)),
        (0..3usize, 1..500u32).prop_map(|(c, a)| Op::Opening(c, a)),
        (0..3usize, 1..3u32).prop_map(|(c, q)| Op::Return(c, q)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// Whatever documents two customers have, merging one into the other keeps
    /// what all customers owe, gives the kept one the sum of both balances, and
    /// leaves nothing referring to the merged one.
    #[test]
    fn a_merge_keeps_the_ledger_whole(ops in prop::collection::vec(op(), 0..12), from in 0..3usize, step in 1..3usize) {
        let _now = common::pin("2026-03-02T10:00:00+08:00");
        let mut store = stocked();
        let codes = ["C0001", "C0002", "C0003"];
        let ids: Vec<i64> = codes
            .iter()
            .map(|c| customer(&mut store, c, "新华书店", "13800000000", ""))
            .collect();
        let mut placed: Vec<Vec<i64>> = vec![Vec::new(); 3];
        for op in ops {
            match op {
                Op::Order(c, q) => {
                    let n = order(&mut store, codes[c], q);
                    placed[c].push(orders::by_number(&store, &n).unwrap().id);
                }
                Op::Cancel(c) => {
                    if let Some(id) = placed[c].pop() {
                        orders::cancel(&mut store, id, "客户取消").unwrap();
                    }
                }
                Op::Payment(c, a) => {
                    receivables::add_payment(&mut store, &PaymentInput {
                        customer: codes[c].into(),
                        amount: a.to_string(),
                        ..Default::default()
                    }).unwrap();
                }
                Op::Opening(c, a) => {
                    receivables::add_opening(&mut store, codes[c], &a.to_string(), "2026-01-01").unwrap();
                }
                Op::Return(c, q) => {
                    receivables::add_return(&mut store, &ReturnInput {
                        customer: codes[c].into(),
                        reason: "退货".into(),
                        ..Default::default()
                    }, &lines(&[&format!("{B}:{q}")])).unwrap();
                }
            }
        }
        let into = (from + step) % 3;
        let total = ledger_total(&store);
        let stock_before = on_hand(&store);
        let before: Vec<i64> = codes.iter().map(|c| receivables::balance(&store, c).unwrap()).collect();
        duplicates::merge(&mut store, ids[from], ids[into]).unwrap();
        prop_assert_eq!(ledger_total(&store), total);
        prop_assert_eq!(on_hand(&store), stock_before);
        prop_assert_eq!(receivables::balance(&store, codes[from]).unwrap(), 0);
        prop_assert_eq!(receivables::balance(&store, codes[into]).unwrap(), before[from] + before[into]);
        let other = 3 - from - into;
        prop_assert_eq!(receivables::balance(&store, codes[other]).unwrap(), before[other]);
        prop_assert_eq!(references(&store, ids[from]), Vec::<String>::new());
    }
}
