//! Orders, returns, payments and receivables through the core API.

use folio::base::clock::Pinned;
use folio::crm::customers::{self, CustomerInput};
use folio::trade::catalog;
use folio::trade::orders::{
    self, ConfirmOptions, OrderInput, OrderLineInput, OrderQuery, OrderStatus, ShipInput,
};
use folio::trade::receivables::{self, PaymentInput, ReturnInput, ReturnLineInput};
use folio::trade::stock;
use folio::{FolioError, Store};

mod common;
use common::{lines, A, B, C};

fn code(e: FolioError) -> (&'static str, String) {
    match e {
        FolioError::Invalid { code, field, .. } => (code.as_str(), field),
        other => panic!("expected an Invalid error, got {other:?}"),
    }
}

/// A customer C0001 at 6.5折 with 30 days' terms and a credit limit of ¥1,000, and
/// three items with 10 copies each.
/// The clock stays at 2 March 2026 for as long as the returned guard lives.
fn setup() -> (Store, Pinned) {
    let now = common::pin("2026-03-02T10:00:00+08:00");
    let mut store = Store::open_in_memory().unwrap();
    customers::create(
        &mut store,
        &CustomerInput {
            name: "成都新华书店".into(),
            discount: "6.5折".into(),
            credit_limit: "1000".into(),
            payment_terms_days: "30".into(),
            ..Default::default()
        },
    )
    .unwrap();
    common::supplier(&mut store, "人民文学出版社", "");
    common::titles(
        &mut store,
        &[
            (A, "59.70", "红楼梦"),
            (B, "39.50", "百年孤独"),
            (C, "12.90", "小王子"),
        ],
    );
    stock::receive(
        &mut store,
        "人民文学出版社",
        &[format!("{A}:10"), format!("{B}:10"), format!("{C}:10")],
    )
    .unwrap();
    (store, now)
}

fn input(discount: &str) -> OrderInput {
    OrderInput {
        customer: "C0001".into(),
        discount: discount.into(),
        ..Default::default()
    }
}

fn on_hand(store: &Store, isbn: &str) -> i64 {
    catalog::titles_by_isbn(store, isbn).unwrap()[0].quantity
}

fn balance(store: &Store) -> i64 {
    receivables::balance(store, "C0001").unwrap()
}

#[test]
fn totals_follow_the_rounding_rule_and_discount_precedence() {
    let (mut store, _now) = setup();
    // 12.90 × 5 at 6.5折 = 4192.5 fen → 4193 (domain.md's example).
    let o =
        orders::create_from_lines(&mut store, &input(""), &lines(&[&format!("{C}:5")])).unwrap();
    assert_eq!(o.status, OrderStatus::Draft);
    assert_eq!(o.number, None);
    assert_eq!(o.lines[0].net_fen, 4193);
    // The order's discount overrides the customer's; a line's overrides the order's.
    let o = orders::create_from_lines(
        &mut store,
        &input("6折"),
        &lines(&[&format!("{A}:2"), &format!("{B}:3:0.5")]),
    )
    .unwrap();
    assert_eq!(o.lines[0].discount_bp, 6000);
    assert_eq!(o.lines[1].discount_bp, 5000);
    assert_eq!((o.titles, o.copies), (2, 5));
    assert_eq!(o.list_total_fen, 5970 * 2 + 3950 * 3);
    assert_eq!(o.net_total_fen, 7164 + 5925);
    // 平均折扣 = 实洋 ÷ 码洋 = 13089 / 23790 = 0.55019… → 5502 bp.
    assert_eq!(o.average_discount_bp, 5502);
}

/// The orders list (and the customer's recent orders, which read it) shows a
/// draft's totals as its lines add up now, by the rule its page uses; once
/// confirmed, the posted figures.
#[test]
fn the_orders_list_totals_a_draft_as_its_page_does() {
    let (mut store, _now) = setup();
    let draft = orders::create_from_lines(
        &mut store,
        &input("6折"),
        &lines(&[&format!("{A}:2"), &format!("{B}:3:0.5"), &format!("{C}:5")]),
    )
    .unwrap();
    let row = |store: &Store| {
        let rows = orders::list(
            store,
            &OrderQuery {
                customer: "C0001".into(),
                ..Default::default()
            },
        )
        .unwrap();
        let r = rows.iter().find(|r| r.id == draft.id).unwrap();
        (r.list_total_fen, r.net_total_fen)
    };
    // 59.70 × 2 × 0.6 = 71.64; 39.50 × 3 × 0.5 = 59.25; 12.90 × 5 × 0.6 = 38.70.
    assert_eq!(draft.net_total_fen, 7164 + 5925 + 3870);
    assert_eq!(row(&store), (draft.list_total_fen, draft.net_total_fen));
    // With no discount of its own the order takes the customer's 6.5折, rounded
    // half up per line: 12.90 × 5 × 0.65 = 41.925 → 41.93.
    let plain =
        orders::create_from_lines(&mut store, &input(""), &lines(&[&format!("{C}:5")])).unwrap();
    let all = orders::list(&store, &OrderQuery::default()).unwrap();
    let listed = all.iter().find(|r| r.id == plain.id).unwrap();
    assert_eq!(listed.net_total_fen, 4193);
    orders::cancel(&mut store, plain.id, "").unwrap();
    let done = orders::confirm(&mut store, draft.id, &ConfirmOptions::default()).unwrap();
    assert_eq!(
        row(&store),
        (done.order.list_total_fen, done.order.net_total_fen)
    );
}

/// A discarded draft is gone, lines and all, and leaves no cancelled row in the
/// list; the audit trail still says it was there. Only a draft can be discarded.
#[test]
fn discarding_a_draft_removes_it_and_keeps_the_audit_row() {
    let (mut store, _now) = setup();
    let draft =
        orders::create_from_lines(&mut store, &input(""), &lines(&[&format!("{A}:2")])).unwrap();
    orders::discard_draft(&mut store, draft.id).unwrap();
    assert!(matches!(
        orders::get(&store, draft.id),
        Err(FolioError::NotFound { .. })
    ));
    assert!(orders::list(&store, &OrderQuery::default())
        .unwrap()
        .is_empty());
    let lines_left: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM order_lines", [], |r| r.get(0))
        .unwrap();
    assert_eq!(lines_left, 0);
    let audit: Vec<(String, Option<i64>)> = store
        .conn()
        .prepare("SELECT action, entity_id FROM audit_log WHERE entity = 'order' ORDER BY id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        audit,
        vec![
            ("orders.create".to_string(), Some(draft.id)),
            ("orders.discard_draft".to_string(), Some(draft.id)),
        ]
    );
    // A confirmed order was posted: it is cancelled (reversed), never removed.
    let posted =
        orders::create_from_lines(&mut store, &input(""), &lines(&[&format!("{B}:1")])).unwrap();
    orders::confirm(&mut store, posted.id, &ConfirmOptions::default()).unwrap();
    let e = orders::discard_draft(&mut store, posted.id).unwrap_err();
    assert_eq!(code(e).0, "order_not_draft");
    assert_eq!(
        orders::get(&store, posted.id).unwrap().status,
        OrderStatus::Confirmed
    );
    assert!(matches!(
        orders::discard_draft(&mut store, 999),
        Err(FolioError::NotFound { .. })
    ));
}

/// A call or a case about a draft does not stop the draft being thrown away:
/// both are kept, without the order (and the case without its lines).
#[test]
fn discarding_a_draft_named_by_a_call_or_a_case_keeps_them_without_it() {
    use folio::crm::cases::{self, CaseInput};
    use folio::crm::interactions::{self, InteractionInput};
    let (mut store, _now) = setup();
    let draft = orders::create_from_lines(
        &mut store,
        &input(""),
        &lines(&[&format!("{A}:2"), &format!("{B}:1")]),
    )
    .unwrap();
    let number = format!("#{}", draft.id);
    let call = interactions::add(
        &mut store,
        &InteractionInput {
            customer: "C0001".into(),
            summary: "asked for the draft".into(),
            order: number.clone(),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(call.order.as_deref(), Some(number.as_str()));
    let case = cases::add(
        &mut store,
        &CaseInput {
            customer: "C0001".into(),
            order: number.clone(),
            lines: vec![1, 2],
            category: "price".into(),
            summary: "the discount on the draft".into(),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(case.lines, vec![1, 2]);
    orders::discard_draft(&mut store, draft.id).unwrap();
    assert_eq!(interactions::get(&store, call.id).unwrap().order, None);
    let case = cases::get(&store, case.id).unwrap();
    assert_eq!((case.order, case.lines), (None, vec![]));
}

#[test]
fn confirming_numbers_the_order_takes_stock_and_posts_the_receivable_together() {
    let (mut store, _now) = setup();
    let draft = orders::create_from_lines(
        &mut store,
        &input(""),
        &lines(&[&format!("{A}:2"), &format!("{C}:5")]),
    )
    .unwrap();
    let done = orders::confirm(&mut store, draft.id, &ConfirmOptions::default()).unwrap();
    let o = done.order;
    assert!(done.backorder.is_none());
    assert_eq!(o.number.as_deref(), Some("SO-20260302-0001"));
    assert_eq!(o.status, OrderStatus::Confirmed);
    assert_eq!(o.due_date.as_deref(), Some("2026-04-01"), "30 days' terms");
    // 59.70 × 2 × 0.65 = 77.61; 12.90 × 5 × 0.65 = 41.925 → 41.93
    assert_eq!(o.net_total_fen, 7761 + 4193);
    assert_eq!((on_hand(&store, A), on_hand(&store, C)), (8, 5));
    assert_eq!(balance(&store), 11954);
    assert!(stock::check(&store).unwrap().is_empty());
    // A confirmed order is not a draft any more.
    let again = orders::confirm(&mut store, draft.id, &ConfirmOptions::default()).unwrap_err();
    assert_eq!(code(again).0, "order_not_draft");
    let second =
        orders::create_from_lines(&mut store, &input(""), &lines(&[&format!("{B}:1")])).unwrap();
    let n = orders::confirm(&mut store, second.id, &ConfirmOptions::default()).unwrap();
    assert_eq!(n.order.number.as_deref(), Some("SO-20260302-0002"));
}

#[test]
fn a_shortage_blocks_confirmation_or_ships_what_is_there_with_a_backorder() {
    let (mut store, _now) = setup();
    let draft = orders::create_from_lines(
        &mut store,
        &input(""),
        &lines(&[&format!("{A}:12"), &format!("{B}:3"), &format!("{A}:1")]),
    )
    .unwrap();
    let (c, field) =
        code(orders::confirm(&mut store, draft.id, &ConfirmOptions::default()).unwrap_err());
    assert_eq!((c, field.as_str()), ("stock_short", "lines.0"));
    assert_eq!(on_hand(&store, A), 10, "nothing was written");
    assert_eq!(balance(&store), 0);
    assert_eq!(
        orders::get(&store, draft.id).unwrap().status,
        OrderStatus::Draft
    );

    let done = orders::confirm(
        &mut store,
        draft.id,
        &ConfirmOptions {
            ship_available: true,
            ..Default::default()
        },
    )
    .unwrap();
    // 10 of the 12 ship, all 3 of B; the later line of A finds none left.
    let shipped: Vec<(String, i64)> = done
        .order
        .lines
        .iter()
        .map(|l| (l.isbn.clone(), l.quantity))
        .collect();
    assert_eq!(shipped, vec![(A.to_string(), 10), (B.to_string(), 3)]);
    assert_eq!(done.order.lines[1].line_no, 2, "lines renumbered");
    let back = done.backorder.expect("a backorder for the rest");
    assert_eq!(back.status, OrderStatus::Draft);
    assert_eq!(back.backorder_of, done.order.number);
    let rest: Vec<(String, i64)> = back
        .lines
        .iter()
        .map(|l| (l.isbn.clone(), l.quantity))
        .collect();
    assert_eq!(rest, vec![(A.to_string(), 2), (A.to_string(), 1)]);
    assert_eq!(on_hand(&store, A), 0);
    // Nothing in stock at all: nothing to ship.
    let (c, _) = code(
        orders::confirm(
            &mut store,
            back.id,
            &ConfirmOptions {
                ship_available: true,
                ..Default::default()
            },
        )
        .unwrap_err(),
    );
    assert_eq!(c, "nothing_to_ship");
    assert!(stock::check(&store).unwrap().is_empty());
}

#[test]
fn the_credit_limit_blocks_unless_overridden_with_a_reason() {
    let (mut store, _now) = setup();
    // 59.70 × 10 × 0.65 = 388.05, plus 39.50 × 10 × 0.65 = 256.75: 644.80, then
    // 12.90 × 10 × 0.65 = 83.85 more is still within ¥1,000; a second big order is not.
    let first = orders::create_from_lines(
        &mut store,
        &input(""),
        &lines(&[&format!("{A}:10"), &format!("{B}:10")]),
    )
    .unwrap();
    orders::confirm(&mut store, first.id, &ConfirmOptions::default()).unwrap();
    receivables::add_opening(&mut store, "C0001", "300", "2026-01-01").unwrap();
    let second =
        orders::create_from_lines(&mut store, &input(""), &lines(&[&format!("{C}:10")])).unwrap();
    let refused = orders::confirm(&mut store, second.id, &ConfirmOptions::default()).unwrap_err();
    // The UI says this in its own language from the figures, not the English message.
    let params = refused.payload().params.unwrap();
    let figure = |k: &str| params.get(k).map(String::as_str);
    assert_eq!(figure("balance_fen"), Some("94480"));
    assert_eq!(figure("total_fen"), Some("8385"));
    assert_eq!(figure("limit_fen"), Some("100000"));
    let (c, field) = code(refused);
    assert_eq!((c, field.as_str()), ("credit_exceeded", "credit_override"));
    assert_eq!(on_hand(&store, C), 10);
    let done = orders::confirm(
        &mut store,
        second.id,
        &ConfirmOptions {
            credit_override: "pays on Friday, agreed by phone".into(),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(
        done.order.credit_override,
        "pays on Friday, agreed by phone"
    );
    assert_eq!(balance(&store), 64480 + 30000 + 8385);
}

#[test]
fn cancelling_a_confirmed_order_reverses_stock_and_receivable() {
    let (mut store, _now) = setup();
    let o =
        orders::create_from_lines(&mut store, &input(""), &lines(&[&format!("{A}:4")])).unwrap();
    let o = orders::confirm(&mut store, o.id, &ConfirmOptions::default())
        .unwrap()
        .order;
    let c = orders::cancel(&mut store, o.id, "customer changed their mind").unwrap();
    assert_eq!(c.status, OrderStatus::Cancelled);
    assert_eq!(on_hand(&store, A), 10);
    assert_eq!(balance(&store), 0);
    assert!(stock::check(&store).unwrap().is_empty());
    assert_eq!(
        code(orders::cancel(&mut store, o.id, "").unwrap_err()).0,
        "order_not_cancellable"
    );
    // A shipped order is returned, not cancelled.
    let o =
        orders::create_from_lines(&mut store, &input(""), &lines(&[&format!("{A}:1")])).unwrap();
    let o = orders::confirm(&mut store, o.id, &ConfirmOptions::default())
        .unwrap()
        .order;
    let s = orders::ship(
        &mut store,
        o.id,
        &ShipInput {
            carrier: "顺丰".into(),
            tracking: "SF1234567890".into(),
            date: String::new(),
        },
    )
    .unwrap();
    assert_eq!(
        (s.status, s.shipped_on.as_deref()),
        (OrderStatus::Shipped, Some("2026-03-02"))
    );
    assert_eq!(
        code(orders::cancel(&mut store, o.id, "").unwrap_err()).0,
        "order_not_cancellable"
    );
    assert_eq!(
        orders::complete(&mut store, o.id).unwrap().status,
        OrderStatus::Completed
    );
}

#[test]
fn returns_against_an_order_are_credited_at_its_prices_and_limited_to_what_shipped() {
    let (mut store, _now) = setup();
    let o = orders::create_from_lines(
        &mut store,
        &input("6折"),
        &lines(&[&format!("{A}:5"), &format!("{C}:3")]),
    )
    .unwrap();
    let o = orders::confirm(&mut store, o.id, &ConfirmOptions::default())
        .unwrap()
        .order;
    let number = o.number.clone().unwrap();
    let ret = |damaged: bool| ReturnInput {
        customer: "C0001".into(),
        order: number.clone(),
        damaged,
        ..Default::default()
    };
    let r = receivables::add_return(&mut store, &ret(false), &lines(&[&format!("{A}:2")])).unwrap();
    assert!(r.number.starts_with("RT-20260302-"));
    assert_eq!(r.net_total_fen, 7164, "59.70 × 2 at the order's 6折");
    assert_eq!(
        on_hand(&store, A),
        7,
        "saleable copies are back on the shelf"
    );
    let (c, field) = code(
        receivables::add_return(&mut store, &ret(false), &lines(&[&format!("{A}:4")])).unwrap_err(),
    );
    assert_eq!((c, field.as_str()), ("return_too_many", "line 1.quantity"));
    let (c, _) = code(
        receivables::add_return(&mut store, &ret(false), &lines(&[&format!("{B}:1")])).unwrap_err(),
    );
    assert_eq!(c, "return_not_on_order");
    // Damaged copies are credited but written off: stock does not change.
    receivables::add_return(&mut store, &ret(true), &lines(&[&format!("{C}:1")])).unwrap();
    assert_eq!(on_hand(&store, C), 7);
    // 17910 + 2322 shipped; 7164 + 774 came back.
    assert_eq!(balance(&store), 17910 + 2322 - 7164 - 774);
    assert!(stock::check(&store).unwrap().is_empty());
    assert_eq!(
        code(orders::cancel(&mut store, o.id, "").unwrap_err()).0,
        "order_has_returns"
    );
    // A return without an order is credited at the customer's discount.
    let loose = ReturnInput {
        customer: "C0001".into(),
        ..Default::default()
    };
    let r = receivables::add_return(&mut store, &loose, &lines(&[&format!("{B}:1")])).unwrap();
    assert_eq!(r.net_total_fen, 2568, "39.50 at 6.5折 = 25.675 → 25.68");
}

#[test]
fn payments_settle_the_oldest_items_first_and_statements_chain() {
    let (mut store, _now) = setup();
    receivables::add_opening(&mut store, "C0001", "100", "2026-01-10").unwrap();
    let o =
        orders::create_from_lines(&mut store, &input(""), &lines(&[&format!("{A}:2")])).unwrap();
    orders::confirm(&mut store, o.id, &ConfirmOptions::default()).unwrap();
    let p = receivables::add_payment(
        &mut store,
        &PaymentInput {
            customer: "C0001".into(),
            amount: "￥120.00".into(),
            method: "wechat".into(),
            date: "2026/3/5".into(),
            reference: "微信转账".into(),
        },
    )
    .unwrap();
    assert_eq!(p.balance_fen, 10000 + 7761 - 12000);
    assert_eq!(p.method, "wechat_alipay");
    // On 15 May: the opening balance (due 10 Jan) is paid; 57.61 of the order (due
    // 1 April) is open and 44 days late.
    let _may = common::pin("2026-05-15T10:00:00+08:00");
    let aging = receivables::aging(&store).unwrap();
    assert_eq!(aging.len(), 1);
    let a = &aging[0];
    assert_eq!((a.code.as_str(), a.balance_fen), ("C0001", 5761));
    assert_eq!(
        (
            a.current_fen,
            a.days_1_30_fen,
            a.days_31_60_fen,
            a.over_90_fen
        ),
        (0, 0, 5761, 0)
    );

    let feb = receivables::statement(&store, "C0001", "2026-02-01", "2026-02-28").unwrap();
    let march = receivables::statement(&store, "C0001", "2026-03-01", "2026-03-31").unwrap();
    assert_eq!(feb.opening_balance_fen, 10000);
    assert_eq!(
        feb.closing_balance_fen, march.opening_balance_fen,
        "one period's close opens the next"
    );
    let kinds: Vec<(&str, i64, i64, i64)> = march
        .lines
        .iter()
        .map(|l| (l.kind.as_str(), l.debit_fen, l.credit_fen, l.balance_fen))
        .collect();
    assert_eq!(
        kinds,
        vec![("order", 7761, 0, 17761), ("payment", 0, 12000, 5761)]
    );
    // 码洋 and the average discount stand beside the order; a payment has neither.
    let list_and_discount: Vec<(Option<i64>, Option<i64>)> = march
        .lines
        .iter()
        .map(|l| (l.list_total_fen, l.discount_bp))
        .collect();
    assert_eq!(
        list_and_discount,
        vec![(Some(11940), Some(6500)), (None, None)]
    );
    assert_eq!(march.closing_balance_fen, 5761);
    let (c, _) =
        code(receivables::statement(&store, "C0001", "2026-03-31", "2026-03-01").unwrap_err());
    assert_eq!(c, "period_invalid");
}

#[test]
fn bad_input_names_the_field_and_writes_nothing() {
    let (mut store, _now) = setup();
    let cases: Vec<(OrderInput, Vec<String>, &str, &str)> = vec![
        (
            OrderInput {
                customer: "C9999".into(),
                ..Default::default()
            },
            lines(&[&format!("{A}:1")]),
            "customer_unknown",
            "customer",
        ),
        (
            input("11折"),
            lines(&[&format!("{A}:1")]),
            "discount_range",
            "discount",
        ),
        (
            OrderInput {
                payment_method: "barter".into(),
                ..input("")
            },
            lines(&[&format!("{A}:1")]),
            "payment_method_invalid",
            "payment_method",
        ),
        (
            input(""),
            lines(&["9787111111115:1"]),
            "isbn_unknown",
            "line 1",
        ),
        (
            input(""),
            lines(&[&format!("{A}:0")]),
            "quantity_invalid",
            "line 1",
        ),
    ];
    for (inp, l, want, field) in cases {
        let (c, f) = code(orders::create_from_lines(&mut store, &inp, &l).unwrap_err());
        assert_eq!((c, f.as_str()), (want, field));
    }
    let (c, f) = code(
        orders::create(
            &mut store,
            &OrderInput {
                lines: vec![OrderLineInput {
                    title_id: 1,
                    quantity: "x".into(),
                    discount: String::new(),
                }],
                ..input("")
            },
        )
        .unwrap_err(),
    );
    assert_eq!((c, f.as_str()), ("quantity_invalid", "lines.0.quantity"));
    let (c, f) = code(
        receivables::add_payment(
            &mut store,
            &PaymentInput {
                customer: "C0001".into(),
                amount: "0".into(),
                ..Default::default()
            },
        )
        .unwrap_err(),
    );
    assert_eq!((c, f.as_str()), ("amount_not_positive", "amount"));
    assert!(orders::list(&store, &Default::default())
        .unwrap()
        .is_empty());
    assert_eq!(balance(&store), 0);
}

#[test]
fn a_pasted_wechat_list_fills_lines_and_lists_what_it_cannot_use() {
    let (store, _now) = setup();
    let text = "ISBN\t数量\n978-7-02-000220-7\t3\n9787544253994 2\n\n9787532731077\n9787111111115\t4\n9787020002208\t1\n9787544253994\tlots\n";
    let p = orders::parse_paste(&store, text).unwrap();
    let got: Vec<(String, i64)> = p
        .lines
        .iter()
        .map(|l| (l.isbn.clone(), l.quantity))
        .collect();
    assert_eq!(
        got,
        vec![(A.to_string(), 3), (B.to_string(), 2), (C.to_string(), 1)]
    );
    let problems: Vec<(i64, &str)> = p
        .problems
        .iter()
        .map(|x| (x.line, x.code.as_str()))
        .collect();
    assert_eq!(
        problems,
        vec![
            (6, "isbn_unknown"),
            (7, "isbn_check_digit"),
            (8, "quantity_invalid")
        ]
    );
}

/// Every pasted line, in the forms people type, lands in exactly one place: added
/// (an ISBN at one price), a title to confirm (a title search, one hit or several;
/// an ISBN at several prices), or not added with its reason.
#[test]
fn every_pasted_line_is_added_matched_or_listed_with_its_reason() {
    let (mut store, _now) = setup();
    common::titles(
        &mut store,
        &[
            ("9787020002214", "45.00", "红楼梦脂评本"),
            (B, "55.00", "百年孤独"),
        ],
    );
    #[derive(Debug, PartialEq)]
    enum Got {
        Added(String, i64),
        Match(Vec<String>, i64),
        Problem(&'static str),
    }
    use Got::*;
    let cases: Vec<(String, Got)> = vec![
        (format!("{A}\t3"), Added(A.into(), 3)),
        (format!("{A} 10本"), Added(A.into(), 10)),
        (format!("{A}，8"), Added(A.into(), 8)),
        (format!("{A} x5"), Added(A.into(), 5)),
        (format!("{A}×5"), Added(A.into(), 5)),
        (format!("{C} 10册"), Added(C.into(), 10)),
        (format!("x2 {C}"), Added(C.into(), 2)),
        (C.to_string(), Added(C.into(), 1)),
        ("978-7-5327-3107-7".to_string(), Added(C.into(), 1)),
        ("小王子 10本".to_string(), Match(vec![C.into()], 10)),
        ("小王子".to_string(), Match(vec![C.into()], 1)),
        ("10本 小王子".to_string(), Match(vec![C.into()], 10)),
        ("小王子 x4".to_string(), Match(vec![C.into()], 4)),
        (
            "红楼梦 2册".to_string(),
            Match(vec![A.into(), "9787020002214".into()], 2),
        ),
        (format!("{B}\t6"), Match(vec![B.into(), B.into()], 6)),
        ("没有这本书 3本".to_string(), Problem("title_unknown")),
        ("9787111111115\t4".to_string(), Problem("isbn_unknown")),
        ("9787020002208\t1".to_string(), Problem("isbn_check_digit")),
        ("978702000220\t1".to_string(), Problem("isbn_invalid")),
        (format!("{C}\tlots"), Problem("quantity_invalid")),
        (format!("{C} 0本"), Problem("quantity_invalid")),
    ];
    for (text, want) in &cases {
        let p = orders::parse_paste(&store, text).unwrap();
        let mut got: Vec<Got> = Vec::new();
        got.extend(p.lines.iter().map(|l| Added(l.isbn.clone(), l.quantity)));
        got.extend(p.matches.iter().map(|m| {
            let mut isbns: Vec<String> = m.candidates.iter().map(|c| c.isbn.clone()).collect();
            isbns.sort();
            assert!(m.candidates.iter().all(|c| c.quantity == m.quantity));
            Match(isbns, m.quantity)
        }));
        got.extend(p.problems.iter().map(|x| Problem(x.code.as_str())));
        assert_eq!(got.len(), 1, "{text:?}: {got:?}");
        assert_eq!(&got[0], want, "{text:?}");
    }
    // A list of them: nothing is left out, and each keeps its line number.
    let all: Vec<&str> = cases.iter().map(|(t, _)| t.as_str()).collect();
    let text = format!("书名\t数量\n{}\n\n", all.join("\n"));
    let p = orders::parse_paste(&store, &text).unwrap();
    let mut numbers: Vec<i64> = p.lines.iter().map(|l| l.line).collect();
    numbers.extend(p.matches.iter().map(|m| m.line));
    numbers.extend(p.problems.iter().map(|x| x.line));
    numbers.sort();
    assert_eq!(numbers, (2..2 + cases.len() as i64).collect::<Vec<_>>());
}

#[test]
fn the_account_shows_documents_balance_and_return_rate() {
    let (mut store, _now) = setup();
    let o =
        orders::create_from_lines(&mut store, &input(""), &lines(&[&format!("{A}:8")])).unwrap();
    let o = orders::confirm(&mut store, o.id, &ConfirmOptions::default())
        .unwrap()
        .order;
    let ret = ReturnInput {
        customer: "C0001".into(),
        order: o.number.clone().unwrap(),
        ..Default::default()
    };
    receivables::add_return(&mut store, &ret, &lines(&[&format!("{A}:2")])).unwrap();
    receivables::add_payment(
        &mut store,
        &PaymentInput {
            customer: "C0001".into(),
            amount: "100".into(),
            ..Default::default()
        },
    )
    .unwrap();
    receivables::add_payment(
        &mut store,
        &PaymentInput {
            customer: "C0001".into(),
            amount: "50".into(),
            ..Default::default()
        },
    )
    .unwrap();
    let a = receivables::account(&store, "C0001", 0).unwrap();
    // 59.70 × 8 × 0.65 = 310.44; 2 back = 77.61.
    assert_eq!(a.balance_fen, 31044 - 7761 - 15000);
    assert_eq!(
        (a.orders.len(), a.returns.len(), a.payments.len()),
        (1, 1, 2)
    );
    assert_eq!(
        a.payments[0].balance_fen, a.balance_fen,
        "the newest payment left the current balance"
    );
    assert_eq!(a.payments[1].balance_fen, a.balance_fen + 5000);
    assert_eq!(
        (a.copies_sold, a.copies_returned, a.return_rate_bp),
        (8, 2, 2500)
    );
}

#[test]
fn a_sample_year_of_trade_agrees_with_every_ledger() {
    let _now = common::pin("2026-11-23T10:00:00+08:00");
    let mut store = Store::open_in_memory().unwrap();
    folio_sample::load(&mut store, 200, 150, 3).unwrap();
    let r = folio_sample::load_sales(&mut store, 400, 3).unwrap();
    assert_eq!(r.orders, 400);
    assert!(r.returns > 0 && r.payments > 0, "{r:?}");
    assert!(
        stock::check(&store).unwrap().is_empty(),
        "stock agrees with its ledger"
    );
    let conn = store.conn();
    // Orders fall on their own dates across the year, busier in September than June.
    let month = |m: &str| -> i64 {
        conn.query_row(
            "SELECT count(*) FROM orders WHERE substr(order_date, 6, 2) = ?1",
            [m],
            |r| r.get(0),
        )
        .unwrap()
    };
    assert!(
        month("09") > month("06"),
        "Sept {} vs June {}",
        month("09"),
        month("06")
    );
    let first: String = conn
        .query_row("SELECT min(order_date) FROM orders", [], |r| r.get(0))
        .unwrap();
    assert!(
        first.as_str() >= "2025-11-24" && first.as_str() < "2026-01-01",
        "{first}"
    );
    // Receivables: every balance is its entries, and aging buckets add up to it.
    for a in receivables::aging(&store).unwrap() {
        let buckets =
            a.current_fen + a.days_1_30_fen + a.days_31_60_fen + a.days_61_90_fen + a.over_90_fen;
        if a.balance_fen > 0 {
            assert_eq!(buckets, a.balance_fen, "{}", a.code);
        }
        let st = receivables::statement(&store, &a.code, "2025-01-01", "2026-11-23").unwrap();
        assert_eq!(st.closing_balance_fen, a.balance_fen);
    }
    // The sample ran with the disk checks off; it must turn them back on.
    let sync: i64 = conn
        .query_row("PRAGMA synchronous", [], |r| r.get(0))
        .unwrap();
    assert_eq!(sync, 2, "synchronous = FULL again");

    // The orders list, under every combination of filters, is the whole list
    // filtered: each combination has a statement of its own.
    let all = orders::list(
        &store,
        &orders::OrderQuery {
            limit: 10_000,
            ..Default::default()
        },
    )
    .unwrap();
    assert!(all.len() >= 400, "{} orders", all.len());
    let busiest = receivables::aging(&store).unwrap()[0].code.clone();
    for customer in ["", busiest.as_str()] {
        for status in [
            "",
            "draft",
            "confirmed",
            "shipped",
            "completed",
            "cancelled",
        ] {
            let q = orders::OrderQuery {
                customer: customer.into(),
                status: status.into(),
                limit: 10,
                ..Default::default()
            };
            let got: Vec<i64> = orders::list(&store, &q)
                .unwrap()
                .iter()
                .map(|o| o.id)
                .collect();
            let want: Vec<i64> = all
                .iter()
                .filter(|o| customer.is_empty() || o.customer_code == customer)
                .filter(|o| status.is_empty() || o.status.as_str() == status)
                .take(10)
                .map(|o| o.id)
                .collect();
            assert_eq!(got, want, "customer {customer:?} status {status:?}");
        }
    }
}

/// Item 19: a return says per line whether its copies are saleable (back on the
/// shelf) or damaged (written off), the customer is credited the same either
/// way, and the order's lines say how many copies came back already.
#[test]
fn a_return_line_is_saleable_or_damaged_and_the_order_counts_what_came_back() {
    let (mut store, _now) = setup();
    let o = orders::create_from_lines(
        &mut store,
        &input("6折"),
        &lines(&[&format!("{A}:5"), &format!("{C}:3")]),
    )
    .unwrap();
    let o = orders::confirm(&mut store, o.id, &ConfirmOptions::default())
        .unwrap()
        .order;
    let line = |title_id: i64, q: &str, damaged: bool| ReturnLineInput {
        title_id,
        quantity: q.into(),
        damaged,
        ..Default::default()
    };
    let r = receivables::add_return_items(
        &mut store,
        &ReturnInput {
            customer: "C0001".into(),
            order: o.number.clone().unwrap(),
            lines: vec![
                line(o.lines[0].title_id, "2", false),
                line(o.lines[1].title_id, "1", true),
            ],
            ..Default::default()
        },
    )
    .unwrap();
    let marks: Vec<(String, i64, bool)> = r
        .lines
        .iter()
        .map(|l| (l.isbn.clone(), l.quantity, l.damaged))
        .collect();
    assert_eq!(
        marks,
        vec![(A.to_string(), 2, false), (C.to_string(), 1, true)]
    );
    assert!(!r.damaged, "not every line is damaged");
    // Saleable: 5 + 2 back on the shelf; damaged: written off, C stays at 7.
    assert_eq!((on_hand(&store, A), on_hand(&store, C)), (7, 7));
    // Credited alike: 59.70 × 2 and 12.90 × 1 at the order's 6折.
    assert_eq!(r.net_total_fen, 7164 + 774);
    assert!(stock::check(&store).unwrap().is_empty());

    let returned: Vec<(i64, i64)> = orders::get(&store, o.id)
        .unwrap()
        .lines
        .iter()
        .map(|l| (l.quantity, l.returned))
        .collect();
    assert_eq!(returned, vec![(5, 2), (3, 1)]);
    // What is left to return is all the core takes: 3 of A, 2 of C.
    for (q, ok) in [("3", true), ("1", false)] {
        let res = receivables::add_return_items(
            &mut store,
            &ReturnInput {
                customer: "C0001".into(),
                order: o.number.clone().unwrap(),
                lines: vec![line(o.lines[0].title_id, q, false)],
                ..Default::default()
            },
        );
        assert_eq!(res.is_ok(), ok, "returning {q} more of A");
        if !ok {
            assert_eq!(
                code(res.unwrap_err()),
                ("return_too_many", "lines.0.quantity".to_string())
            );
        }
    }
    // The command line marks lines by number; a number past the lines is refused.
    let cli = ReturnInput {
        customer: "C0001".into(),
        order: o.number.clone().unwrap(),
        ..Default::default()
    };
    let r = receivables::add_return_marked(&mut store, &cli, &lines(&[&format!("{C}:1")]), &[1])
        .unwrap();
    assert!(r.damaged && r.lines[0].damaged);
    assert_eq!(
        code(
            receivables::add_return_marked(&mut store, &cli, &lines(&[&format!("{C}:1")]), &[2])
                .unwrap_err()
        ),
        ("line_invalid", "damaged_line".to_string())
    );
}

/// Item 20: a shortage's backorder and its order link to each other, and the
/// backorder says (on its page, in the list and in `backorder_ready`) once the
/// stock for all its lines has come in.
#[test]
fn a_backorder_links_to_its_order_and_says_when_its_stock_is_in() {
    let (mut store, _now) = setup();
    let draft = orders::create_from_lines(
        &mut store,
        &input(""),
        &lines(&[&format!("{A}:12"), &format!("{B}:3"), &format!("{A}:1")]),
    )
    .unwrap();
    let done = orders::confirm(
        &mut store,
        draft.id,
        &ConfirmOptions {
            ship_available: true,
            ..Default::default()
        },
    )
    .unwrap();
    let back = done.backorder.unwrap();
    let origin = orders::get(&store, done.order.id).unwrap();
    assert_eq!(
        origin.backorders.iter().map(|b| b.id).collect::<Vec<_>>(),
        vec![back.id]
    );
    assert_eq!(origin.stock_in, None, "a confirmed order is not waiting");
    assert_eq!(back.origin.as_ref().map(|o| o.id), Some(origin.id));
    assert_eq!(back.origin.as_ref().unwrap().number, origin.number);

    let listed = |store: &Store| {
        orders::list(store, &OrderQuery::default())
            .unwrap()
            .into_iter()
            .map(|r| (r.id, r.stock_in))
            .collect::<Vec<_>>()
    };
    // The backorder wants 3 copies of A (2 + 1 on two lines); receipts bring them in.
    for (received, ready) in [(0, false), (2, false), (1, true)] {
        if received > 0 {
            stock::receive(&mut store, "人民文学出版社", &[format!("{A}:{received}")]).unwrap();
        }
        assert_eq!(
            orders::get(&store, back.id).unwrap().stock_in,
            Some(ready),
            "after {received} more"
        );
        assert!(listed(&store).contains(&(back.id, Some(ready))));
        assert!(listed(&store).contains(&(origin.id, None)));
        let ids: Vec<i64> = orders::backorder_ready(&store)
            .unwrap()
            .iter()
            .map(|b| b.id)
            .collect();
        assert_eq!(ids, if ready { vec![back.id] } else { vec![] });
    }
    let ready = orders::backorder_ready(&store).unwrap();
    assert_eq!(ready[0].origin, origin.number);
    assert_eq!(ready[0].customer_code, "C0001");
    // Once confirmed it is no longer waiting for anything.
    orders::confirm(&mut store, back.id, &ConfirmOptions::default()).unwrap();
    assert!(orders::backorder_ready(&store).unwrap().is_empty());
    assert_eq!(orders::get(&store, back.id).unwrap().stock_in, None);
}

/// The orders list's search box finds orders by customer (code, name, pinyin initials) and
/// by any part of the order number, within the status chosen.
#[test]
fn the_orders_list_finds_orders_by_customer_and_number() {
    let (mut store, _now) = setup();
    customers::create(
        &mut store,
        &CustomerInput {
            name: "北京图书大厦".into(),
            ..Default::default()
        },
    )
    .unwrap();
    let mut numbers = Vec::new();
    for customer in ["C0001", "C0002", "C0001"] {
        let o = orders::create_from_lines(
            &mut store,
            &OrderInput {
                customer: customer.into(),
                ..Default::default()
            },
            &lines(&[&format!("{C}:1")]),
        )
        .unwrap();
        let c = orders::confirm(&mut store, o.id, &ConfirmOptions::default()).unwrap();
        numbers.push(c.order.number.clone().unwrap());
    }
    let draft = orders::create_from_lines(
        &mut store,
        &OrderInput {
            customer: "C0002".into(),
            ..Default::default()
        },
        &lines(&[&format!("{C}:1")]),
    )
    .unwrap();
    let n = |i: usize| numbers[i].clone();
    // The end of a number with its day: "0002" alone also finds customer C0002's orders (the
    // customer search finds codes by substring), which a search of both rightly gives.
    let tail = |i: usize| numbers[i][numbers[i].len() - 9..].to_string();
    let draft_id = format!("#{}", draft.id);
    // (query, status, orders found newest first: numbers, or "#id" for the draft)
    let cases: Vec<(String, &str, Vec<String>)> = vec![
        ("xhsd".into(), "", vec![n(2), n(0)]),
        ("新华".into(), "", vec![n(2), n(0)]),
        ("BJTS".into(), "", vec![draft_id.clone(), n(1)]),
        ("北京图书大厦".into(), "draft", vec![draft_id.clone()]),
        ("c0002".into(), "confirmed", vec![n(1)]),
        (tail(1), "", vec![n(1)]),
        (n(2).to_lowercase(), "", vec![n(2)]),
        ("SO-".into(), "", vec![n(2), n(1), n(0)]),
        ("zzzz".into(), "", vec![]),
        ("100%".into(), "", vec![]),
    ];
    for (query, status, want) in cases {
        let got: Vec<String> = orders::list(
            &store,
            &orders::OrderQuery {
                query: query.clone(),
                status: status.into(),
                ..Default::default()
            },
        )
        .unwrap()
        .into_iter()
        .map(|o| o.number.unwrap_or_else(|| format!("#{}", o.id)))
        .collect();
        assert_eq!(got, want, "{query:?} {status:?}");
    }
    // Paging a search: the second order found is the first of the second page.
    let second = orders::list(
        &store,
        &orders::OrderQuery {
            query: "xhsd".into(),
            limit: 1,
            offset: 1,
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(second[0].number.as_deref(), Some(n(0).as_str()));
}
