//! Sales orders (发货单). A draft is editable; confirming it takes the stock out,
//! posts what the customer owes and gives it its number, all in one transaction.
//! A confirmed order is never edited: cancelling it posts the reversal.

use chrono::NaiveDate;
use rusqlite::{params, OptionalExtension, Row, Transaction};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::base::clock;
use crate::base::error::{Code, FolioError, Result};
use crate::base::fields;
use crate::base::money;
use crate::base::text::{self, quote};
use crate::crm::customers::{self, Customer};
use crate::store::{next_sequence, Store};
use crate::trade::stock::{self, LineSpec, Source};
use crate::trade::{catalog, receivables};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum OrderStatus {
    Draft,
    Confirmed,
    Shipped,
    Completed,
    Cancelled,
}

impl OrderStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            OrderStatus::Draft => "draft",
            OrderStatus::Confirmed => "confirmed",
            OrderStatus::Shipped => "shipped",
            OrderStatus::Completed => "completed",
            OrderStatus::Cancelled => "cancelled",
        }
    }

    /// The status stored in a row. Only Folio writes this column (and a CHECK
    /// constraint keeps it to these words), so anything else means the file was
    /// changed behind Folio's back: every reader refuses it the same way.
    fn from_row(s: &str) -> rusqlite::Result<OrderStatus> {
        OrderStatus::parse(s).ok_or_else(|| {
            rusqlite::Error::FromSqlConversionFailure(
                2,
                rusqlite::types::Type::Text,
                format!("unknown order status {s:?}").into(),
            )
        })
    }

    fn parse(s: &str) -> Option<OrderStatus> {
        [
            OrderStatus::Draft,
            OrderStatus::Confirmed,
            OrderStatus::Shipped,
            OrderStatus::Completed,
            OrderStatus::Cancelled,
        ]
        .into_iter()
        .find(|v| v.as_str() == s)
    }
}

/// How the customer pays for an order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum PaymentMethod {
    Cash,
    BankTransfer,
    WechatAlipay,
    CashOnDelivery,
    OnAccount,
    Other,
}

impl PaymentMethod {
    pub const ALL: [PaymentMethod; 6] = [
        PaymentMethod::Cash,
        PaymentMethod::BankTransfer,
        PaymentMethod::WechatAlipay,
        PaymentMethod::CashOnDelivery,
        PaymentMethod::OnAccount,
        PaymentMethod::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            PaymentMethod::Cash => "cash",
            PaymentMethod::BankTransfer => "bank_transfer",
            PaymentMethod::WechatAlipay => "wechat_alipay",
            PaymentMethod::CashOnDelivery => "cash_on_delivery",
            PaymentMethod::OnAccount => "on_account",
            PaymentMethod::Other => "other",
        }
    }

    /// How an order is to be paid, as typed (`bank`, `wechat`, `cod` too); blank
    /// is on account (挂账), the trade's usual way.
    pub fn parse(field: &str, s: &str) -> Result<PaymentMethod> {
        let m = PaymentMethod::read(field, s, PaymentMethod::OnAccount)?;
        if m == PaymentMethod::Other {
            return Err(FolioError::invalid(
                Code::PaymentMethodInvalid,
                field,
                "an order is paid by cash, bank_transfer, wechat_alipay, cash_on_delivery or on_account",
            ));
        }
        Ok(m)
    }

    /// How a payment was received: the same words, blank is a bank transfer,
    /// and "on account" is refused, since money that came in is not owed.
    pub fn parse_received(field: &str, s: &str) -> Result<PaymentMethod> {
        let m = PaymentMethod::read(field, s, PaymentMethod::BankTransfer)?;
        if m == PaymentMethod::OnAccount {
            return Err(FolioError::invalid(
                Code::PaymentOnAccount,
                field,
                "a payment received cannot be on account; say how it was paid",
            ));
        }
        Ok(m)
    }

    /// The one list of words for a method, shared by orders and payments.
    fn read(field: &str, s: &str, blank: PaymentMethod) -> Result<PaymentMethod> {
        let t = s.trim().to_lowercase().replace(['-', ' '], "_");
        let found = match t.as_str() {
            "" => Some(blank),
            "on_account" | "account" | "credit" => Some(PaymentMethod::OnAccount),
            "cash" => Some(PaymentMethod::Cash),
            "bank" | "bank_transfer" | "transfer" => Some(PaymentMethod::BankTransfer),
            "wechat" | "alipay" | "wechat_alipay" => Some(PaymentMethod::WechatAlipay),
            "cod" | "cash_on_delivery" => Some(PaymentMethod::CashOnDelivery),
            "other" => Some(PaymentMethod::Other),
            _ => None,
        };
        found.ok_or_else(|| {
            FolioError::invalid(
                Code::PaymentMethodInvalid,
                field,
                format!(
                    "payment method {} is not one of cash, bank_transfer, wechat_alipay, cash_on_delivery, on_account, other",
                    quote(s)
                ),
            )
        })
    }
}

/// One line of an order, with its figures: on a draft, at the discount it would
/// get now; once confirmed, as posted.
#[derive(Debug, Clone, Serialize, TS)]
pub struct OrderLine {
    #[ts(type = "number")]
    pub line_no: i64,
    #[ts(type = "number")]
    pub title_id: i64,
    pub isbn: String,
    pub title: String,
    #[ts(type = "number")]
    pub list_price_fen: i64,
    #[ts(type = "number")]
    pub quantity: i64,
    /// The line's own discount, when it has one.
    #[ts(type = "number | null")]
    pub line_discount_bp: Option<i64>,
    /// The discount that applies: the line's, else the order's, else the customer's.
    #[ts(type = "number")]
    pub discount_bp: i64,
    /// 码洋 of the line: list price × quantity.
    #[ts(type = "number")]
    pub list_fen: i64,
    /// 实洋 of the line, rounded half up once.
    #[ts(type = "number")]
    pub net_fen: i64,
    /// Copies on hand now (what confirming could ship).
    #[ts(type = "number")]
    pub on_hand: i64,
    /// Copies of this line that came back on customer returns so far: what is
    /// left to return is `quantity - returned`.
    #[ts(type = "number")]
    pub returned: i64,
}

/// Another order this one is linked to (its backorder, or the order it is the
/// backorder of), enough to show and open it.
#[derive(Debug, Clone, Serialize, TS)]
pub struct OrderLink {
    #[ts(type = "number")]
    pub id: i64,
    pub number: Option<String>,
    pub status: OrderStatus,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct Order {
    #[ts(type = "number")]
    pub id: i64,
    /// `SO-YYYYMMDD-NNNN` once confirmed.
    pub number: Option<String>,
    pub status: OrderStatus,
    #[ts(type = "number")]
    pub customer_id: i64,
    pub customer_code: String,
    pub customer_name: String,
    pub order_date: String,
    pub due_date: Option<String>,
    /// The order's own discount, when it has one.
    #[ts(type = "number | null")]
    pub discount_bp: Option<i64>,
    pub payment_method: PaymentMethod,
    pub credit_override: String,
    /// The order this one is the unshipped remainder of (its number).
    pub backorder_of: Option<String>,
    /// The same order, to open it.
    pub origin: Option<OrderLink>,
    /// The backorders made of this order's shortages.
    pub backorders: Vec<OrderLink>,
    /// For a backorder still in draft: whether the stock for every line has come
    /// in (see [`backorder_ready`]); `None` for any other order.
    pub stock_in: Option<bool>,
    pub carrier: String,
    pub tracking: String,
    pub shipped_on: Option<String>,
    pub cancel_reason: String,
    pub notes: String,
    pub lines: Vec<OrderLine>,
    /// 品种数: distinct items.
    #[ts(type = "number")]
    pub titles: i64,
    /// 册数
    #[ts(type = "number")]
    pub copies: i64,
    /// 码洋
    #[ts(type = "number")]
    pub list_total_fen: i64,
    /// 实洋: the sum of the lines' nets.
    #[ts(type = "number")]
    pub net_total_fen: i64,
    /// 平均折扣 = 实洋 ÷ 码洋, in basis points (0 for an empty order).
    #[ts(type = "number")]
    pub average_discount_bp: i64,
}

/// An order as the app or the CLI sends it; numbers as typed.
#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(default)]
pub struct OrderInput {
    /// The customer's code.
    pub customer: String,
    /// The order's discount; blank takes the customer's.
    pub discount: String,
    /// Blank means on account.
    pub payment_method: String,
    pub notes: String,
    pub lines: Vec<OrderLineInput>,
}

#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(default)]
pub struct OrderLineInput {
    #[ts(type = "number")]
    pub title_id: i64,
    pub quantity: String,
    /// The line's discount; blank takes the order's.
    pub discount: String,
}

/// What confirming may do beyond the plain case.
#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(default)]
pub struct ConfirmOptions {
    /// Ship what is in stock and keep the rest as a backorder (a new draft).
    pub ship_available: bool,
    /// Why the credit limit may be exceeded; blank means it may not.
    pub credit_override: String,
}

/// A confirmed order and, when only part could ship, the draft holding the rest.
#[derive(Debug, Clone, Serialize, TS)]
pub struct Confirmed {
    pub order: Order,
    pub backorder: Option<Order>,
}

struct Draft {
    customer: Customer,
    discount_bp: Option<i64>,
    method: PaymentMethod,
    notes: String,
    lines: Vec<LineSpec>,
}

/// The customer a document names by code, or an error on the `customer` field.
pub(crate) fn customer_for(store: &Store, code: &str) -> Result<Customer> {
    let code = code.trim();
    if code.is_empty() {
        return Err(FolioError::invalid(
            Code::CustomerRequired,
            "customer",
            "choose a customer",
        ));
    }
    match customers::get_by_code(store, code) {
        Ok(c) => Ok(c),
        Err(FolioError::NotFound { .. }) => Err(FolioError::invalid(
            Code::CustomerUnknown,
            "customer",
            format!("there is no customer with code {}", quote(code)),
        )),
        Err(e) => Err(e),
    }
}

fn optional_discount(field: &str, text: &str) -> Result<Option<i64>> {
    match text.trim() {
        "" => Ok(None),
        t => Ok(Some(catalog::parse_discount_field(field, t)?)),
    }
}

fn check_draft(store: &Store, input: &OrderInput, lines: Vec<LineSpec>) -> Result<Draft> {
    let customer = customer_for(store, &input.customer)?;
    let discount_bp = optional_discount("discount", &input.discount)?;
    let method = PaymentMethod::parse("payment_method", &input.payment_method)?;
    let notes = text::note("notes", &input.notes, 2000)?;
    Ok(Draft {
        customer,
        discount_bp,
        method,
        notes,
        lines,
    })
}

/// The app's lines, checked: errors name `lines.2.quantity` and so on. A draft
/// may have no lines yet.
fn app_lines(input: &OrderInput) -> Result<Vec<LineSpec>> {
    stock::check_line_count(input.lines.len())?;
    input
        .lines
        .iter()
        .enumerate()
        .map(|(i, l)| stock::app_line(i, l.title_id, &l.quantity, &l.discount, 1))
        .collect()
}

/// Starts a draft order from the app.
pub fn create(store: &mut Store, input: &OrderInput) -> Result<Order> {
    let lines = app_lines(input)?;
    let draft = check_draft(store, input, lines)?;
    save_draft(store, None, &draft)
}

/// Starts a draft order from command-line lines (`ISBN[@PRICE]:QTY[:DISCOUNT]`).
pub fn create_from_lines(store: &mut Store, input: &OrderInput, lines: &[String]) -> Result<Order> {
    let specs = stock::check_lines(lines)?;
    let draft = check_draft(store, input, specs)?;
    save_draft(store, None, &draft)
}

/// Replaces a draft's customer, terms and lines (a draft is saved as it is typed).
pub fn update_draft(store: &mut Store, id: i64, input: &OrderInput) -> Result<Order> {
    let lines = app_lines(input)?;
    let draft = check_draft(store, input, lines)?;
    save_draft(store, Some(id), &draft)
}

fn save_draft(store: &mut Store, id: Option<i64>, d: &Draft) -> Result<Order> {
    let action = if id.is_some() {
        "orders.update_draft"
    } else {
        "orders.create"
    };
    let id = store.write(action, "order", |tx| {
        let id = save_draft_in(tx, id, d)?;
        Ok((id, Some(id)))
    })?;
    get(store, id)
}

/// Writes a draft (new, or replacing one) inside the caller's transaction.
fn save_draft_in(tx: &Transaction, id: Option<i64>, d: &Draft) -> Result<i64> {
    let now = clock::stamp();
    let id = match id {
        Some(id) => {
            let status = status_of(tx, id)?;
            if status != OrderStatus::Draft {
                return Err(not_draft(id, status));
            }
            tx.execute(
                "UPDATE orders SET customer_id = ?2, discount_bp = ?3, payment_method = ?4,
                    notes = ?5, updated_at = ?6 WHERE id = ?1",
                params![
                    id,
                    d.customer.id,
                    d.discount_bp,
                    d.method.as_str(),
                    d.notes,
                    now
                ],
            )?;
            tx.execute("DELETE FROM order_lines WHERE order_id = ?1", [id])?;
            id
        }
        None => {
            tx.execute(
                "INSERT INTO orders (customer_id, status, order_date, discount_bp, payment_method,
                    notes, created_at, updated_at)
                 VALUES (?1, 'draft', ?2, ?3, ?4, ?5, ?6, ?6)",
                params![
                    d.customer.id,
                    clock::today().to_string(),
                    d.discount_bp,
                    d.method.as_str(),
                    d.notes,
                    now
                ],
            )?;
            tx.last_insert_rowid()
        }
    };
    for (i, spec) in d.lines.iter().enumerate() {
        let title_id = stock::resolve(tx, &spec.field, spec)?;
        insert_line(
            tx,
            id,
            i as i64 + 1,
            title_id,
            spec.quantity,
            spec.discount_bp,
        )?;
    }
    Ok(id)
}

fn insert_line(
    tx: &Transaction,
    order_id: i64,
    line_no: i64,
    title_id: i64,
    quantity: i64,
    discount_bp: Option<i64>,
) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO order_lines (order_id, line_no, title_id, quantity, list_price_fen, discount_bp)
         VALUES (?1, ?2, ?3, ?4, (SELECT list_price_fen FROM titles WHERE id = ?3), ?5)",
    )?
    .execute(params![order_id, line_no, title_id, quantity, discount_bp])?;
    Ok(())
}

fn status_of(tx: &Transaction, id: i64) -> Result<OrderStatus> {
    let s: Option<String> = tx
        .query_row("SELECT status FROM orders WHERE id = ?1", [id], |r| {
            r.get(0)
        })
        .optional()?;
    let s = s.ok_or_else(|| FolioError::NotFound {
        what: "order",
        key: id.to_string(),
    })?;
    Ok(OrderStatus::from_row(&s)?)
}

fn not_draft(id: i64, status: OrderStatus) -> FolioError {
    FolioError::invalid(
        Code::OrderNotDraft,
        "status",
        format!(
            "order {id} is {}; only a draft can be changed or confirmed",
            status.as_str()
        ),
    )
}

/// What a customer owes now: the sum of their receivable entries.
pub(crate) fn balance_of(tx: &rusqlite::Connection, customer_id: i64) -> Result<i64> {
    Ok(tx
        .prepare_cached(
            "SELECT coalesce(sum(amount_fen), 0) FROM receivable_entries WHERE customer_id = ?1",
        )?
        .query_row([customer_id], |r| r.get(0))?)
}

/// Confirms a draft: checks stock and credit, numbers it, takes the stock out and
/// posts the receivable, in one transaction. With `ship_available`, lines short of
/// stock ship what there is and the rest becomes a new draft (the backorder).
pub fn confirm(store: &mut Store, id: i64, opts: &ConfirmOptions) -> Result<Confirmed> {
    check_override(opts)?;
    let (order_id, backorder_id) = store.write("orders.confirm", "order", |tx| {
        let done = confirm_in(tx, id, opts)?;
        Ok((done, Some(id)))
    })?;
    confirmed(store, order_id, backorder_id)
}

/// Takes an order and confirms it in one transaction: if it cannot be confirmed,
/// no draft is left behind either (what the CLI's `orders add --confirm` does).
pub fn create_and_confirm(
    store: &mut Store,
    input: &OrderInput,
    lines: &[String],
    opts: &ConfirmOptions,
) -> Result<Confirmed> {
    let specs = stock::check_lines(lines)?;
    let draft = check_draft(store, input, specs)?;
    check_override(opts)?;
    let (order_id, backorder_id) = store.write("orders.create_and_confirm", "order", |tx| {
        let id = save_draft_in(tx, None, &draft)?;
        let done = confirm_in(tx, id, opts)?;
        Ok((done, Some(id)))
    })?;
    confirmed(store, order_id, backorder_id)
}

fn check_override(opts: &ConfirmOptions) -> Result<()> {
    text::line("credit_override", &opts.credit_override, 500).map(|_| ())
}

fn confirmed(store: &Store, order_id: i64, backorder_id: Option<i64>) -> Result<Confirmed> {
    Ok(Confirmed {
        order: get(store, order_id)?,
        backorder: backorder_id.map(|b| get(store, b)).transpose()?,
    })
}

/// What confirming needs to know of the customer, read inside the transaction.
struct Terms {
    id: i64,
    code: String,
    discount_bp: i64,
    credit_limit_fen: Option<i64>,
    payment_terms_days: i64,
}

fn confirm_in(tx: &Transaction, id: i64, opts: &ConfirmOptions) -> Result<(i64, Option<i64>)> {
    let draft = load(tx, id)?;
    if draft.status != OrderStatus::Draft {
        return Err(not_draft(id, draft.status));
    }
    let customer = tx.prepare_cached(
        "SELECT id, code, discount_bp, credit_limit_fen, payment_terms_days FROM customers WHERE id = ?1",
    )?.query_row(
        [draft.customer_id],
        |r| {
            Ok(Terms {
                id: r.get(0)?,
                code: r.get(1)?,
                discount_bp: r.get(2)?,
                credit_limit_fen: r.get(3)?,
                payment_terms_days: r.get(4)?,
            })
        },
    )?;
    let override_reason = text::line("credit_override", &opts.credit_override, 500)?;
    if draft.lines.is_empty() {
        return Err(FolioError::invalid(
            Code::LinesRequired,
            "lines",
            "an order needs at least one line",
        ));
    }
    let allow_negative = stock::negative_allowed(tx)?;
    // What each line can ship, taking earlier lines of the same item into account.
    let mut left: std::collections::HashMap<i64, i64> = std::collections::HashMap::new();
    let mut plan: Vec<(i64, i64)> = Vec::new(); // (ship, backorder) per line
    let mut short: Vec<String> = Vec::new();
    let mut first_short: Option<usize> = None;
    for (i, l) in draft.lines.iter().enumerate() {
        // On hand as `load` read it, inside this transaction.
        let avail = left.entry(l.title_id).or_insert(l.on_hand.max(0));
        if allow_negative || *avail >= l.quantity {
            *avail = (*avail - l.quantity).max(0);
            plan.push((l.quantity, 0));
        } else {
            short.push(format!(
                "line {}: {} {} wanted {}, {} in stock",
                i + 1,
                l.isbn,
                l.title,
                l.quantity,
                avail
            ));
            first_short.get_or_insert(i);
            plan.push((*avail, l.quantity - *avail));
            *avail = 0;
        }
    }
    if let Some(i) = first_short {
        if !opts.ship_available {
            return Err(FolioError::invalid(
                Code::StockShort,
                format!("lines.{i}"),
                format!("not enough stock: {}", short.join("; ")),
            ));
        }
    }
    let shipping: i64 = plan.iter().map(|(s, _)| s).sum();
    if shipping == 0 {
        return Err(FolioError::invalid(
            Code::NothingToShip,
            "lines",
            "none of the order's lines is in stock",
        ));
    }
    // The figures as posted: each line's discount resolved, its net rounded once.
    let order_bp = draft.discount_bp.unwrap_or(customer.discount_bp);
    let mut total = 0i64;
    let mut nets = Vec::new();
    for (l, (ship, _)) in draft.lines.iter().zip(&plan) {
        let bp = l.line_discount_bp.unwrap_or(order_bp);
        let net = money::line_net_fen(l.list_price_fen, *ship, bp);
        total += net;
        nets.push((bp, net));
    }
    // One pass over the customer's entries gives the balance the credit limit is
    // checked against and what the account adds up to, which has a bound of its
    // own (a confirmed order is the hot path: no second pass for either).
    let (open, turnover) = receivables::account_sums(tx, customer.id)?;
    receivables::refuse_turnover(turnover.saturating_add(total.abs()), "lines")?;
    let mut over_limit = false;
    if let Some(limit) = customer.credit_limit_fen {
        over_limit = open + total > limit;
        if over_limit && override_reason.is_empty() {
            return Err(FolioError::invalid(
                Code::CreditExceeded,
                "credit_override",
                format!(
                    "{} owes {} and this order is {}: over the credit limit of {}; give a reason to override",
                    customer.code,
                    money::format_fen(open),
                    money::format_fen(total),
                    money::format_fen(limit)
                ),
            )
            .with("customer", &customer.code)
            .with("balance_fen", open)
            .with("total_fen", total)
            .with("limit_fen", limit));
        }
    }
    let today = clock::today();
    let number = {
        let day = today.format("%Y%m%d").to_string();
        let n = next_sequence(tx, &format!("SO-{day}"))?;
        format!("SO-{day}-{n:04}")
    };
    let due = today + chrono::Duration::days(customer.payment_terms_days);
    // Lines that ship nothing leave this order for the backorder; the rest ship.
    let mut backorder_lines: Vec<(i64, i64, Option<i64>)> = Vec::new();
    let mut removed = false;
    for (l, ((ship, rest), (bp, net))) in draft.lines.iter().zip(plan.iter().zip(&nets)) {
        if *rest > 0 {
            backorder_lines.push((l.title_id, *rest, l.line_discount_bp));
        }
        if *ship == 0 {
            tx.execute(
                "DELETE FROM order_lines WHERE order_id = ?1 AND line_no = ?2",
                params![id, l.line_no],
            )?;
            removed = true;
            continue;
        }
        tx.prepare_cached(
            "UPDATE order_lines SET quantity = ?3, applied_bp = ?4, net_fen = ?5
             WHERE order_id = ?1 AND line_no = ?2",
        )?
        .execute(params![id, l.line_no, ship, bp, net])?;
        stock::move_stock(
            tx,
            &format!("lines.{}", l.line_no - 1),
            l.title_id,
            "sale",
            -ship,
            None,
            Source::Order(id),
            "",
            allow_negative,
        )?;
    }
    if removed {
        renumber_lines(tx, id)?;
    }
    // The reason is kept only when it was needed.
    let credit_override = if over_limit {
        override_reason.clone()
    } else {
        String::new()
    };
    tx.prepare_cached(
        "UPDATE orders SET number = ?2, status = 'confirmed', order_date = ?3, due_date = ?4,
            credit_override = ?5, updated_at = ?6 WHERE id = ?1",
    )?
    .execute(params![
        id,
        number,
        today.to_string(),
        due.to_string(),
        credit_override,
        clock::stamp()
    ])?;
    if total != 0 {
        tx.prepare_cached(
            "INSERT INTO receivable_entries (customer_id, kind, entry_date, due_date, amount_fen,
                reference, order_id, created_at)
             VALUES (?1, 'order', ?2, ?3, ?4, ?5, ?6, ?7)",
        )?
        .execute(params![
            customer.id,
            today.to_string(),
            due.to_string(),
            total,
            number,
            id,
            clock::stamp()
        ])?;
    }
    let backorder = if backorder_lines.is_empty() {
        None
    } else {
        let now = clock::stamp();
        tx.execute(
            "INSERT INTO orders (customer_id, status, order_date, discount_bp, payment_method,
                backorder_of, notes, created_at, updated_at)
             SELECT customer_id, 'draft', ?2, discount_bp, payment_method, id, notes, ?3, ?3
             FROM orders WHERE id = ?1",
            params![id, today.to_string(), now],
        )?;
        let b = tx.last_insert_rowid();
        for (k, (title_id, qty, bp)) in backorder_lines.iter().enumerate() {
            insert_line(tx, b, k as i64 + 1, *title_id, *qty, *bp)?;
        }
        Some(b)
    };
    Ok((id, backorder))
}

/// Line numbers stay 1, 2, 3… after lines that shipped nothing left the order.
fn renumber_lines(tx: &Transaction, order_id: i64) -> Result<()> {
    tx.execute(
        "UPDATE order_lines SET line_no = -line_no WHERE order_id = ?1",
        [order_id],
    )?;
    tx.execute(
        "UPDATE order_lines SET line_no = (SELECT count(*) FROM order_lines o
             WHERE o.order_id = order_lines.order_id AND o.line_no >= order_lines.line_no)
         WHERE order_id = ?1",
        [order_id],
    )?;
    Ok(())
}

fn id_by_number(store: &Store, number: &str) -> Result<i64> {
    store
        .conn()
        .query_row(
            "SELECT id FROM orders WHERE number = ?1",
            [number.trim()],
            |r| r.get(0),
        )
        .optional()?
        .ok_or_else(|| FolioError::NotFound {
            what: "order",
            key: number.trim().to_string(),
        })
}

pub fn by_number(store: &Store, number: &str) -> Result<Order> {
    get(store, id_by_number(store, number)?)
}

/// Cancels an order. A draft is simply dropped from the work list; a confirmed
/// order is reversed: its stock comes back and what the customer owes goes down,
/// in one transaction. A shipped order is not cancelled but returned.
pub fn cancel(store: &mut Store, id: i64, reason: &str) -> Result<Order> {
    let order = get(store, id)?;
    let reason = text::line("reason", reason, 500)?;
    match order.status {
        OrderStatus::Draft | OrderStatus::Confirmed => {}
        other => {
            return Err(FolioError::invalid(
                Code::OrderNotCancellable,
                "status",
                format!(
                    "{} is {}; books that have left are booked back with a return",
                    order.number.as_deref().unwrap_or("the order"),
                    other.as_str()
                ),
            ))
        }
    }
    store.write("orders.cancel", "order", |tx| {
        if order.status == OrderStatus::Confirmed {
            let number = order.number.clone().unwrap_or_default();
            let returned: bool = tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM customer_returns WHERE order_id = ?1)",
                [id],
                |r| r.get(0),
            )?;
            if returned {
                return Err(FolioError::invalid(
                    Code::OrderHasReturns,
                    "status",
                    format!("{number} has returns booked against it; it cannot be cancelled"),
                ));
            }
            let allow = stock::negative_allowed(tx)?;
            for l in &order.lines {
                stock::move_stock(
                    tx,
                    &format!("lines.{}", l.line_no - 1),
                    l.title_id,
                    "sale",
                    l.quantity,
                    None,
                    Source::Order(id),
                    &format!("cancels {number}"),
                    allow,
                )?;
            }
            if order.net_total_fen != 0 {
                let today = clock::today().to_string();
                tx.execute(
                    "INSERT INTO receivable_entries (customer_id, kind, entry_date, due_date,
                        amount_fen, reference, order_id, created_at)
                     VALUES (?1, 'cancellation', ?2, ?2, ?3, ?4, ?5, ?6)",
                    params![
                        order.customer_id,
                        today,
                        -order.net_total_fen,
                        number,
                        id,
                        clock::stamp()
                    ],
                )?;
                receivables::check_turnover(tx, order.customer_id, "status")?;
            }
        }
        tx.execute(
            "UPDATE orders SET status = 'cancelled', cancel_reason = ?2, updated_at = ?3 WHERE id = ?1",
            params![id, reason, clock::stamp()],
        )?;
        Ok(((), Some(id)))
    })?;
    get(store, id)
}

/// Removes a draft the clerk threw away. A draft was never posted (no number, no
/// stock moved, nothing owed), so nothing else points at it and keeping it as a
/// cancelled order would only clutter the list; the audit row of this write says
/// it was there. Anything past a draft is cancelled or returned instead.
pub fn discard_draft(store: &mut Store, id: i64) -> Result<()> {
    store.write("orders.discard_draft", "order", |tx| {
        let status = status_of(tx, id)?;
        if status != OrderStatus::Draft {
            return Err(not_draft(id, status));
        }
        tx.execute("DELETE FROM order_lines WHERE order_id = ?1", [id])?;
        tx.execute("DELETE FROM orders WHERE id = ?1", [id])?;
        Ok(((), Some(id)))
    })
}

/// How an order left: carrier, tracking number and date (today when blank).
#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(default)]
pub struct ShipInput {
    pub carrier: String,
    pub tracking: String,
    /// `YYYY-MM-DD`; blank means today.
    pub date: String,
}

/// Parses a date as people type it (`2026-03-07`, `2026/3/7`): the core's one
/// date reader, [`fields::date`], with its range.
pub fn parse_date(field: &str, text: &str) -> Result<NaiveDate> {
    fields::date(field, text)
}

pub fn ship(store: &mut Store, id: i64, input: &ShipInput) -> Result<Order> {
    let order = get(store, id)?;
    if order.status != OrderStatus::Confirmed {
        return Err(FolioError::invalid(
            Code::OrderNotConfirmed,
            "status",
            format!(
                "only a confirmed order can be shipped; this one is {}",
                order.status.as_str()
            ),
        ));
    }
    let date = match input.date.trim() {
        "" => clock::today(),
        t => parse_date("date", t)?,
    };
    let carrier = text::line("carrier", &input.carrier, 50)?;
    let tracking = text::line("tracking", &input.tracking, 50)?;
    store.write("orders.ship", "order", |tx| {
        tx.execute(
            "UPDATE orders SET status = 'shipped', carrier = ?2, tracking = ?3, shipped_on = ?4,
                updated_at = ?5 WHERE id = ?1",
            params![id, carrier, tracking, date.to_string(), clock::stamp()],
        )?;
        Ok(((), Some(id)))
    })?;
    get(store, id)
}

pub fn complete(store: &mut Store, id: i64) -> Result<Order> {
    let order = get(store, id)?;
    if order.status != OrderStatus::Shipped {
        return Err(FolioError::invalid(
            Code::OrderNotShipped,
            "status",
            format!(
                "only a shipped order can be completed; this one is {}",
                order.status.as_str()
            ),
        ));
    }
    store.write("orders.complete", "order", |tx| {
        tx.execute(
            "UPDATE orders SET status = 'completed', updated_at = ?2 WHERE id = ?1",
            params![id, clock::stamp()],
        )?;
        Ok(((), Some(id)))
    })?;
    get(store, id)
}

const ORDER_COLUMNS: &str = "o.id, o.number, o.status, o.customer_id, c.code, c.name,
    o.order_date, o.due_date, o.discount_bp, o.payment_method, o.credit_override,
    (SELECT number FROM orders b WHERE b.id = o.backorder_of), o.carrier, o.tracking,
    o.shipped_on, o.cancel_reason, o.notes, c.discount_bp";

fn order_row(r: &Row) -> rusqlite::Result<(Order, i64)> {
    let status: String = r.get(2)?;
    let method: String = r.get(9)?;
    Ok((
        Order {
            id: r.get(0)?,
            number: r.get(1)?,
            status: OrderStatus::from_row(&status)?,
            customer_id: r.get(3)?,
            customer_code: r.get(4)?,
            customer_name: r.get(5)?,
            order_date: r.get(6)?,
            due_date: r.get(7)?,
            discount_bp: r.get(8)?,
            payment_method: PaymentMethod::ALL
                .into_iter()
                .find(|m| m.as_str() == method)
                .unwrap_or(PaymentMethod::OnAccount),
            credit_override: r.get(10)?,
            backorder_of: r.get(11)?,
            origin: None,
            backorders: Vec::new(),
            stock_in: None,
            carrier: r.get(12)?,
            tracking: r.get(13)?,
            shipped_on: r.get(14)?,
            cancel_reason: r.get(15)?,
            notes: r.get(16)?,
            lines: Vec::new(),
            titles: 0,
            copies: 0,
            list_total_fen: 0,
            net_total_fen: 0,
            average_discount_bp: 0,
        },
        r.get(17)?,
    ))
}

/// An order with its lines and totals.
pub fn get(store: &Store, id: i64) -> Result<Order> {
    load(store.conn(), id)
}

fn load(conn: &rusqlite::Connection, id: i64) -> Result<Order> {
    // Cached: confirming an order loads it twice, and preparing this join took
    // longer than running it.
    let (mut order, customer_bp) = conn
        .prepare_cached(&format!(
            "SELECT {ORDER_COLUMNS} FROM orders o JOIN customers c ON c.id = o.customer_id
             WHERE o.id = ?1"
        ))?
        .query_row([id], order_row)
        .optional()?
        .ok_or_else(|| FolioError::NotFound {
            what: "order",
            key: id.to_string(),
        })?;
    let order_bp = order.discount_bp.unwrap_or(customer_bp);
    let mut stmt = conn.prepare_cached(
        "SELECT l.line_no, l.title_id, t.isbn, t.title, l.list_price_fen, l.quantity, l.discount_bp,
            l.applied_bp, l.net_fen, t.on_hand,
            (SELECT coalesce(sum(r.quantity), 0) FROM customer_return_lines r WHERE r.order_line_id = l.id)
         FROM order_lines l JOIN titles t ON t.id = l.title_id
         WHERE l.order_id = ?1 ORDER BY l.line_no",
    )?;
    order.lines = stmt
        .query_map([id], |r| {
            let price: i64 = r.get(4)?;
            let qty: i64 = r.get(5)?;
            let own: Option<i64> = r.get(6)?;
            let (bp, net) = line_figures(price, qty, own, r.get(7)?, r.get(8)?, order_bp);
            Ok(OrderLine {
                line_no: r.get(0)?,
                title_id: r.get(1)?,
                isbn: r.get(2)?,
                title: r.get(3)?,
                list_price_fen: price,
                quantity: qty,
                line_discount_bp: own,
                discount_bp: bp,
                list_fen: price * qty,
                net_fen: net,
                on_hand: r.get(9)?,
                returned: r.get(10)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let links = |sql: &str| -> Result<Vec<OrderLink>> {
        let mut stmt = conn.prepare_cached(sql)?;
        let rows = stmt
            .query_map([id], |r| {
                let status: String = r.get(2)?;
                Ok(OrderLink {
                    id: r.get(0)?,
                    number: r.get(1)?,
                    status: OrderStatus::from_row(&status)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    };
    order.origin = links(
        "SELECT b.id, b.number, b.status FROM orders o JOIN orders b ON b.id = o.backorder_of
         WHERE o.id = ?1",
    )?
    .pop();
    order.backorders =
        links("SELECT id, number, status FROM orders WHERE backorder_of = ?1 ORDER BY id")?;
    if order.status == OrderStatus::Draft {
        order.stock_in = backorder_stock_in(conn, id)?;
    }
    let distinct: std::collections::HashSet<i64> = order.lines.iter().map(|l| l.title_id).collect();
    order.titles = distinct.len() as i64;
    order.copies = order.lines.iter().map(|l| l.quantity).sum();
    order.list_total_fen = order.lines.iter().map(|l| l.list_fen).sum();
    order.net_total_fen = order.lines.iter().map(|l| l.net_fen).sum();
    order.average_discount_bp = average_bp(order.net_total_fen, order.list_total_fen);
    Ok(order)
}

/// Whether every item of order `o` has the copies on hand its lines ask for
/// (lines of the same item added up), as SQL over `o`. One predicate for the
/// order's page, the orders list and [`backorder_ready`], so they agree.
const STOCK_IN: &str = "NOT EXISTS (SELECT 1 FROM order_lines l JOIN titles t ON t.id = l.title_id
    WHERE l.order_id = o.id GROUP BY l.title_id HAVING sum(l.quantity) > max(t.on_hand))";

/// For a backorder (a draft made of another order's shortage): whether its
/// stock has come in. `None` for an order that is not a backorder draft.
fn backorder_stock_in(conn: &rusqlite::Connection, id: i64) -> Result<Option<bool>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {STOCK_IN} FROM orders o
             WHERE o.id = ?1 AND o.status = 'draft' AND o.backorder_of IS NOT NULL"
        ))?
        .query_row([id], |r| r.get(0))
        .optional()?)
}

/// A backorder whose stock has come in: every line's copies are on hand now,
/// so it can be confirmed and shipped in full.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ReadyBackorder {
    #[ts(type = "number")]
    pub id: i64,
    /// The number of the order it is the remainder of.
    pub origin: Option<String>,
    pub customer_code: String,
    pub customer_name: String,
    /// When the backorder was made.
    pub order_date: String,
}

/// The backorders (drafts of an order's shortage) whose stock has come in,
/// oldest first: what a clerk can now ship, and what a reminder will name.
pub fn backorder_ready(store: &Store) -> Result<Vec<ReadyBackorder>> {
    backorder_ready_in(store.conn())
}

/// [`backorder_ready`] on a connection or inside a transaction (the reminder
/// rules read it in theirs, so what they see cannot change under them).
pub(crate) fn backorder_ready_in(conn: &rusqlite::Connection) -> Result<Vec<ReadyBackorder>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT o.id, (SELECT number FROM orders b WHERE b.id = o.backorder_of), c.code, c.name,
            o.order_date
         FROM orders o JOIN customers c ON c.id = o.customer_id
         WHERE o.status = 'draft' AND o.backorder_of IS NOT NULL AND {STOCK_IN}
         ORDER BY o.id"
    ))?;
    let rows = stmt
        .query_map([], |r| {
            Ok(ReadyBackorder {
                id: r.get(0)?,
                origin: r.get(1)?,
                customer_code: r.get(2)?,
                customer_name: r.get(3)?,
                order_date: r.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// A line's discount and 实洋: as posted once confirmed; on a draft, the line's own
/// discount, else the order's (else the customer's, in `order_bp`), rounded half
/// up once, which is the figure confirming would post. The order's page and the
/// orders list both take it from here, so they cannot disagree.
fn line_figures(
    price: i64,
    qty: i64,
    own: Option<i64>,
    applied: Option<i64>,
    posted_net: Option<i64>,
    order_bp: i64,
) -> (i64, i64) {
    let bp = applied.unwrap_or(own.unwrap_or(order_bp));
    let net = posted_net.unwrap_or_else(|| money::line_net_fen(price, qty, bp));
    (bp, net)
}

/// The 实洋 of a draft's lines, by [`line_figures`]: a draft has no posted nets for
/// the list's sum to add up.
fn draft_net_fen(conn: &rusqlite::Connection, id: i64) -> Result<i64> {
    let mut stmt = conn.prepare_cached(
        "SELECT l.list_price_fen, l.quantity, l.discount_bp, l.applied_bp, l.net_fen,
            coalesce(o.discount_bp, c.discount_bp)
         FROM order_lines l JOIN orders o ON o.id = l.order_id
         JOIN customers c ON c.id = o.customer_id
         WHERE l.order_id = ?1",
    )?;
    let nets = stmt.query_map([id], |r| {
        Ok(line_figures(
            r.get(0)?,
            r.get(1)?,
            r.get(2)?,
            r.get(3)?,
            r.get(4)?,
            r.get(5)?,
        )
        .1)
    })?;
    let mut total = 0i64;
    for n in nets {
        total += n?;
    }
    Ok(total)
}

/// 实洋 ÷ 码洋 in basis points, rounded half up (0 when there is no list total).
pub fn average_bp(net_fen: i64, list_fen: i64) -> i64 {
    if list_fen == 0 {
        return 0;
    }
    ((net_fen as i128 * 20_000 + list_fen as i128) / (2 * list_fen as i128)) as i64
}

/// One row of the orders list.
#[derive(Debug, Clone, Serialize, TS)]
pub struct OrderSummary {
    #[ts(type = "number")]
    pub id: i64,
    pub number: Option<String>,
    pub status: OrderStatus,
    pub customer_code: String,
    pub customer_name: String,
    pub order_date: String,
    #[ts(type = "number")]
    pub titles: i64,
    #[ts(type = "number")]
    pub copies: i64,
    #[ts(type = "number")]
    pub list_total_fen: i64,
    #[ts(type = "number")]
    pub net_total_fen: i64,
    /// For a backorder draft: whether its stock has come in; else `None`.
    pub stock_in: Option<bool>,
}

#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(default)]
pub struct OrderQuery {
    /// A customer's code; blank for all.
    pub customer: String,
    /// One status; blank for all.
    pub status: String,
    /// What was typed in the list's search box: a customer (code, name, pinyin initials,
    /// phone, as the customer search finds them) or part of an order number; blank for all.
    pub query: String,
    #[ts(type = "number")]
    pub limit: i64,
    #[ts(type = "number")]
    pub offset: i64,
}

/// Customers a search of the orders list looks at: the best matches of the customer search.
const SEARCH_CUSTOMERS: usize = 50;

/// Orders newest first. Totals of confirmed orders are the posted ones; a draft's
/// are what its lines add up to now, by the same line rule as its page.
pub fn list(store: &Store, q: &OrderQuery) -> Result<Vec<OrderSummary>> {
    let customer_id = match q.customer.trim() {
        "" => None,
        code => Some(customer_for(store, code)?.id),
    };
    let limit = if q.limit <= 0 {
        100
    } else {
        q.limit.min(10_000)
    };
    let offset = q.offset.max(0);
    if !q.query.trim().is_empty() {
        let ids = search_ids(store, q, customer_id, limit + offset)?;
        let mut out = Vec::new();
        for id in ids.into_iter().skip(offset as usize).take(limit as usize) {
            out.extend(summaries(store, "o.id = ?1", Some(id), "", 1, 0)?);
        }
        return Ok(out);
    }
    // One statement per combination of filters, so each walks the index that
    // serves it: `(?1 IS NULL OR o.customer_id = ?1)` walked every order, newest
    // first, to find one customer's few. A customer's orders are few, so with both
    // filters the status is checked on them (`+` keeps the planner off the status
    // index). Every variant takes the same four values.
    let filter = match (customer_id.is_some(), q.status.trim().is_empty()) {
        (true, true) => "o.customer_id = ?1",
        (true, false) => "o.customer_id = ?1 AND +o.status = ?2",
        (false, false) => "o.status = ?2",
        (false, true) => "1",
    };
    summaries(store, filter, customer_id, q.status.trim(), limit, offset)
}

/// The orders a search of the list finds, newest first, at most `want`: the orders of the
/// customers the customer search finds, and those whose number holds what was typed. Each
/// part walks an index (a customer's orders, or the orders newest first until enough
/// numbers match), so a search stays quick on a file of many orders.
fn search_ids(
    store: &Store,
    q: &OrderQuery,
    customer_id: Option<i64>,
    want: i64,
) -> Result<Vec<i64>> {
    let query = q.query.trim();
    let status = q.status.trim();
    let conn = store.conn();
    let mut ids: Vec<i64> = Vec::new();
    let customers = match customer_id {
        Some(_) => Vec::new(),
        None => customers::search_ids(store, query, SEARCH_CUSTOMERS, true)?,
    };
    let mut of_customer = conn.prepare_cached(
        "SELECT o.id FROM orders o WHERE o.customer_id = ?1 AND (?2 = '' OR +o.status = ?2)
         ORDER BY o.id DESC LIMIT ?3",
    )?;
    for c in customers {
        let found = of_customer.query_map(params![c, status, want], |r| r.get::<_, i64>(0))?;
        for id in found {
            ids.push(id?);
        }
    }
    // Numbers are SO-YYYYMMDD-NNNN: only what could be part of one is looked for among
    // them, so a customer's name never walks the orders for a number it cannot be.
    if query
        .chars()
        .all(|c| c.is_ascii_digit() || "-sSoO".contains(c))
    {
        let mut by_number = conn.prepare_cached(
            "SELECT o.id FROM orders o
             WHERE o.number LIKE ?1 AND (?2 = '' OR +o.status = ?2)
               AND (?3 IS NULL OR o.customer_id = ?3)
             ORDER BY o.id DESC LIMIT ?4",
        )?;
        let found = by_number.query_map(
            params![format!("%{query}%"), status, customer_id, want],
            |r| r.get::<_, i64>(0),
        )?;
        for id in found {
            ids.push(id?);
        }
    }
    ids.sort_unstable_by(|a, b| b.cmp(a));
    ids.dedup();
    ids.truncate(want as usize);
    Ok(ids)
}

/// An order's head with its posted totals, over `o` joined to its customer `c`:
/// the columns [`summary_row`] reads, for the orders list and the export alike.
const SUMMARY: &str = "o.id, o.number, o.status, c.code, c.name, o.order_date,
        (SELECT count(DISTINCT title_id) FROM order_lines WHERE order_id = o.id),
        (SELECT coalesce(sum(quantity), 0) FROM order_lines WHERE order_id = o.id),
        (SELECT coalesce(sum(quantity * list_price_fen), 0) FROM order_lines WHERE order_id = o.id),
        (SELECT coalesce(sum(net_fen), 0) FROM order_lines WHERE order_id = o.id)
     FROM orders o JOIN customers c ON c.id = o.customer_id";

fn summary_row(r: &rusqlite::Row) -> rusqlite::Result<OrderSummary> {
    let status: String = r.get(2)?;
    Ok(OrderSummary {
        id: r.get(0)?,
        number: r.get(1)?,
        status: OrderStatus::from_row(&status)?,
        customer_code: r.get(3)?,
        customer_name: r.get(4)?,
        order_date: r.get(5)?,
        titles: r.get(6)?,
        copies: r.get(7)?,
        list_total_fen: r.get(8)?,
        net_total_fen: r.get(9)?,
        stock_in: None,
    })
}

/// The list's rows for one filter over `o` (which takes the values customer ?1, status ?2,
/// limit ?3 and offset ?4), newest first.
fn summaries(
    store: &Store,
    filter: &str,
    key: Option<i64>,
    status: &str,
    limit: i64,
    offset: i64,
) -> Result<Vec<OrderSummary>> {
    let mut stmt = store.conn().prepare_cached(&format!(
        "SELECT {SUMMARY} WHERE {filter} ORDER BY o.id DESC LIMIT ?3 OFFSET ?4"
    ))?;
    let rows = stmt
        .query_map(params![key, status, limit, offset], summary_row)?
        .collect::<rusqlite::Result<Vec<OrderSummary>>>()?;
    let mut rows = rows;
    // A draft's lines carry no posted net, so the sum above is zero for it; a clerk
    // keeps only a few drafts open, so working them out one by one costs little.
    for row in rows.iter_mut().filter(|r| r.status == OrderStatus::Draft) {
        row.net_total_fen = draft_net_fen(store.conn(), row.id)?;
        row.stock_in = backorder_stock_in(store.conn(), row.id)?;
    }
    Ok(rows)
}

/// Finds an order by its number or, for a draft, by `#id`/id.
pub fn find(store: &Store, key: &str) -> Result<Order> {
    let k = key.trim();
    if let Ok(id) = k.trim_start_matches('#').parse::<i64>() {
        return get(store, id);
    }
    by_number(store, k)
}

/// One line of the sales ledger: an order line with its order's head, as posted.
#[derive(Debug, Clone, Serialize)]
pub struct LedgerLine {
    pub order_date: String,
    /// When the order falls due (its date and the customer's terms).
    pub due_date: Option<String>,
    pub number: String,
    pub status: OrderStatus,
    pub customer_code: String,
    pub customer_name: String,
    pub line_no: i64,
    pub isbn: String,
    pub title: String,
    pub list_price_fen: i64,
    pub quantity: i64,
    /// The discount applied on confirmation.
    pub discount_bp: i64,
    /// 码洋: list price × quantity.
    pub list_fen: i64,
    /// 实洋, as posted (rounded once, on confirmation).
    pub net_fen: i64,
}

/// The confirmed orders (cancelled ones too, which the receivables ledger keeps
/// with their reversal) dated `from` (?1) to `to` (?2), in date order.
const IN_PERIOD: &str = "o.status <> 'draft' AND o.order_date >= ?1 AND o.order_date <= ?2
     ORDER BY o.order_date, o.id";

/// How many orders and order lines [`each_in_period`] and [`each_line_in_period`]
/// hand over for the same period: what an export's progress counts up to.
pub fn count_in_period(store: &Store, from: NaiveDate, to: NaiveDate) -> Result<(i64, i64)> {
    Ok(store.conn().query_row(
        "SELECT count(*), coalesce(sum((SELECT count(*) FROM order_lines WHERE order_id = o.id)), 0)
         FROM orders o
         WHERE o.status <> 'draft' AND o.order_date >= ?1 AND o.order_date <= ?2",
        params![from.to_string(), to.to_string()],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?)
}

/// Every confirmed order dated `from` to `to` (both inclusive; cancelled ones
/// too, marked so), in date order, with its posted totals, handed to `f` one at
/// a time. Drafts have no date of sale and no posted figures, so they are left out.
pub fn each_in_period(
    store: &Store,
    from: NaiveDate,
    to: NaiveDate,
    mut f: impl FnMut(&OrderSummary) -> Result<()>,
) -> Result<()> {
    let mut heads = store
        .conn()
        .prepare(&format!("SELECT {SUMMARY} WHERE {IN_PERIOD}"))?;
    let mut rows = heads.query(params![from.to_string(), to.to_string()])?;
    while let Some(r) = rows.next()? {
        f(&summary_row(r)?)?;
    }
    Ok(())
}

/// Every line of the confirmed orders dated `from` to `to` (as
/// [`each_in_period`] picks them), in date order and line order within an
/// order, handed to `f` one at a time. The orders are sorted (few) and each
/// one's lines read through their `(order_id, line_no)` index, so millions of
/// lines are never sorted.
pub fn each_line_in_period(
    store: &Store,
    from: NaiveDate,
    to: NaiveDate,
    mut f: impl FnMut(&LedgerLine) -> Result<()>,
) -> Result<()> {
    let conn = store.conn();
    // The heads alone: the lines carry their own figures, so the totals of
    // SUMMARY would be worked out for nothing.
    let mut heads = conn.prepare(&format!(
        "SELECT o.id, o.number, o.status, c.code, c.name, o.order_date, o.due_date
         FROM orders o JOIN customers c ON c.id = o.customer_id WHERE {IN_PERIOD}"
    ))?;
    let mut lines = conn.prepare_cached(
        "SELECT l.line_no, t.isbn, t.title, l.list_price_fen, l.quantity,
            coalesce(l.applied_bp, 0), l.quantity * l.list_price_fen, coalesce(l.net_fen, 0)
         FROM order_lines l JOIN titles t ON t.id = l.title_id
         WHERE l.order_id = ?1 ORDER BY l.line_no",
    )?;
    let mut rows = heads.query(params![from.to_string(), to.to_string()])?;
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        let status: String = r.get(2)?;
        let mut line = LedgerLine {
            number: r.get::<_, Option<String>>(1)?.unwrap_or_default(),
            status: OrderStatus::from_row(&status)?,
            customer_code: r.get(3)?,
            customer_name: r.get(4)?,
            order_date: r.get(5)?,
            due_date: r.get(6)?,
            line_no: 0,
            isbn: String::new(),
            title: String::new(),
            list_price_fen: 0,
            quantity: 0,
            discount_bp: 0,
            list_fen: 0,
            net_fen: 0,
        };
        let mut ls = lines.query([id])?;
        while let Some(l) = ls.next()? {
            line.line_no = l.get(0)?;
            line.isbn = l.get(1)?;
            line.title = l.get(2)?;
            line.list_price_fen = l.get(3)?;
            line.quantity = l.get(4)?;
            line.discount_bp = l.get(5)?;
            line.list_fen = l.get(6)?;
            line.net_fen = l.get(7)?;
            f(&line)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::PaymentMethod as M;

    /// Orders and payments read one list of words; each refuses the method
    /// that makes no sense for it, with a code of its own.
    #[test]
    fn payment_methods_share_one_list_of_words() {
        type Reading = Result<M, &'static str>;
        let cases: &[(&str, Reading, Reading)] = &[
            ("", Ok(M::OnAccount), Ok(M::BankTransfer)),
            ("cash", Ok(M::Cash), Ok(M::Cash)),
            ("Bank transfer", Ok(M::BankTransfer), Ok(M::BankTransfer)),
            ("wechat", Ok(M::WechatAlipay), Ok(M::WechatAlipay)),
            ("alipay", Ok(M::WechatAlipay), Ok(M::WechatAlipay)),
            ("cod", Ok(M::CashOnDelivery), Ok(M::CashOnDelivery)),
            ("on-account", Ok(M::OnAccount), Err("payment_on_account")),
            ("other", Err("payment_method_invalid"), Ok(M::Other)),
            (
                "cheque",
                Err("payment_method_invalid"),
                Err("payment_method_invalid"),
            ),
        ];
        for (text, order, received) in cases {
            let code = |r: crate::Result<M>| r.map_err(|e| e.code().as_str());
            assert_eq!(code(M::parse("m", text)), *order, "order {text:?}");
            assert_eq!(
                code(M::parse_received("m", text)),
                *received,
                "payment {text:?}"
            );
        }
    }

    #[test]
    fn average_discount_rounds_half_up() {
        assert_eq!(super::average_bp(0, 0), 0);
        assert_eq!(super::average_bp(650, 1000), 6500);
        // 2/3 = 0.66666… → 6667 bp
        assert_eq!(super::average_bp(2, 3), 6667);
        assert_eq!(super::average_bp(1, 8), 1250);
    }
}

/// One line of a pasted list that became an order line, or a title it may become.
#[derive(Debug, Clone, Serialize, TS)]
pub struct PastedLine {
    /// 1-based line of the pasted text.
    #[ts(type = "number")]
    pub line: i64,
    #[ts(type = "number")]
    pub title_id: i64,
    pub isbn: String,
    pub title: String,
    #[ts(type = "number")]
    pub list_price_fen: i64,
    #[ts(type = "number")]
    pub quantity: i64,
}

/// A pasted line that names a title the user must confirm: a title search (one
/// hit is the match to confirm, several ask which), or an ISBN with several list
/// prices. Each candidate carries the line's quantity.
#[derive(Debug, Clone, Serialize, TS)]
pub struct PasteMatch {
    /// 1-based line of the pasted text.
    #[ts(type = "number")]
    pub line: i64,
    pub text: String,
    #[ts(type = "number")]
    pub quantity: i64,
    pub candidates: Vec<PastedLine>,
}

/// A pasted line that could not be used, and why; it is listed, never dropped.
#[derive(Debug, Clone, Serialize, TS)]
pub struct PasteProblem {
    /// 1-based line of the pasted text.
    #[ts(type = "number")]
    pub line: i64,
    pub text: String,
    /// isbn_invalid, isbn_check_digit, isbn_prefix, isbn_unknown, title_unknown or
    /// quantity_invalid.
    pub code: Code,
}

/// A pasted list read: every line but blanks and a header row is in exactly one
/// of the three.
#[derive(Debug, Clone, Serialize, TS)]
pub struct Pasted {
    pub lines: Vec<PastedLine>,
    pub matches: Vec<PasteMatch>,
    pub problems: Vec<PasteProblem>,
}

/// How much of a pasted line a problem shows.
pub const PASTE_TEXT_CHARS: usize = 100;

/// How many titles a pasted title search offers.
pub const PASTE_CANDIDATES: usize = 8;

/// Between the book and its quantity: tabs (Excel), commas (both widths), 、,
/// colons, semicolons and spaces.
fn paste_separator(c: char) -> bool {
    c.is_whitespace() || matches!(c, ',' | '，' | '、' | ':' | '：' | ';' | '；')
}

/// The sign people put before or after a count: `x5`, `×5`, `*5`.
fn paste_mark(c: char) -> bool {
    matches!(c, 'x' | 'X' | '×' | '*' | '＊')
}

/// The units written after a count: 10本, 10册, 2套.
fn paste_unit(c: char) -> bool {
    matches!(c, '本' | '册' | '套' | '份' | '部')
}

/// Splits a pasted line into the book (an ISBN or a title) and its quantity as
/// written, when it has one: at the end (`红楼梦 10本`, `9787… x5`, `9787…，8`)
/// or, with a sign or a unit, at the start (`10本 红楼梦`, `x5 9787…`). A count
/// must stand apart from the book (a separator, a sign or a unit), since an ISBN
/// is itself digits.
fn split_paste_line(line: &str) -> (String, Option<String>) {
    let tail = line.trim_end_matches(paste_separator);
    let (rest, unit) = match tail.strip_suffix(paste_unit) {
        Some(r) => (r.trim_end(), true),
        None => (tail, false),
    };
    let digits = rest.len() - rest.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    // Ten digits or more at the end are an ISBN (`x2 9787…`), not a count.
    if (1..10).contains(&digits) {
        let (before, count) = rest.split_at(rest.len() - digits);
        let trimmed = before.trim_end();
        let (before, mark) = match trimmed.strip_suffix(paste_mark) {
            Some(b) => {
                // An ISBN-10 ends in X: `753290521X 2` keeps its X, `…x5` is a sign.
                let glued = trimmed.len() == before.len();
                let isbn_x = trimmed.ends_with(['x', 'X'])
                    && b.ends_with(|c: char| c.is_ascii_digit())
                    && !glued;
                if isbn_x {
                    (before, false)
                } else {
                    (b, true)
                }
            }
            None => (before, false),
        };
        let apart = unit || mark || before.ends_with(paste_separator);
        let book = before.trim_matches(paste_separator);
        if apart && !book.is_empty() {
            return (book.to_string(), Some(count.to_string()));
        }
    }
    // A count first, with its sign or unit.
    let head = line.trim_start_matches(paste_separator);
    let (after_mark, mark) = match head.strip_prefix(paste_mark) {
        Some(r) => (r.trim_start(), true),
        None => (head, false),
    };
    let digits = after_mark.len()
        - after_mark
            .trim_start_matches(|c: char| c.is_ascii_digit())
            .len();
    if digits > 0 {
        let (count, after) = after_mark.split_at(digits);
        let (after, unit) = match after.trim_start().strip_prefix(paste_unit) {
            Some(r) => (r, true),
            None => (after, false),
        };
        let after = after.trim_start();
        let (after, mark_after) = match after.strip_prefix(paste_mark) {
            Some(r) if !mark => (r, true),
            _ => (after, false),
        };
        let book = after.trim_matches(paste_separator);
        if (mark || unit || mark_after) && !book.is_empty() {
            return (book.to_string(), Some(count.to_string()));
        }
    }
    (line.to_string(), None)
}

/// Text that is an ISBN gone wrong (a misread digit, a digit too many) rather
/// than a title, as the scan box tells them apart.
fn isbn_like(text: &str, e: crate::base::isbn::IsbnError) -> bool {
    let digits = text.chars().filter(|c| c.is_ascii_digit()).count();
    text.chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '-' | ' ' | 'x' | 'X'))
        && (digits >= 10 || e != crate::base::isbn::IsbnError::Shape)
}

/// A first row of column names ("ISBN 数量", "书名\t册数") is no book.
fn paste_header(line: &str) -> bool {
    let l = line.to_lowercase();
    !l.chars().any(|c| c.is_ascii_digit())
        && [
            "isbn", "书号", "数量", "书名", "册数", "qty", "quantity", "title",
        ]
        .iter()
        .any(|w| l.contains(w))
}

/// Reads a list as customers send it on WeChat or copy from Excel: one book a
/// line, by ISBN or by title, with its quantity as people write it (`10`, `10本`,
/// `10册`, `x5`, `×5`, `，8`; none means 1); a header row and blank lines are
/// skipped. Every other line comes back in exactly one place: a line (an ISBN on
/// file at one price), a match for the user to confirm (a title search, or an
/// ISBN at several prices), or a problem with its reason.
pub fn parse_paste(store: &Store, text: &str) -> Result<Pasted> {
    stock::check_line_count(text.lines().filter(|l| !l.trim().is_empty()).count())?;
    let mut out = Pasted {
        lines: Vec::new(),
        matches: Vec::new(),
        problems: Vec::new(),
    };
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if line.is_empty() || (i == 0 && paste_header(line)) {
            continue;
        }
        let no = i as i64 + 1;
        let shown: String = line.chars().take(PASTE_TEXT_CHARS).collect();
        // The problem shows the line as pasted, cut to a length a list can show.
        let problem = |code: Code| PasteProblem {
            line: no,
            text: shown.clone(),
            code,
        };
        // An ISBN written with spaces is all book, though its last group looks
        // like a count.
        let (book, count) = if crate::base::isbn::parse(line).is_ok() {
            (line.to_string(), None)
        } else {
            split_paste_line(line)
        };
        let quantity = match count {
            None => {
                // `9787… lots`: an ISBN and something that is no count.
                let cut = line.rfind(paste_separator).map(|k| line[..k].trim());
                if cut.is_some_and(|b| crate::base::isbn::parse(b).is_ok()) {
                    out.problems.push(problem(Code::QuantityInvalid));
                    continue;
                }
                1
            }
            Some(c) => match c.parse::<i64>() {
                Ok(q) if (1..=stock::MAX_QUANTITY).contains(&q) => q,
                _ => {
                    out.problems.push(problem(Code::QuantityInvalid));
                    continue;
                }
            },
        };
        let candidate = |t: &catalog::Title| PastedLine {
            line: no,
            title_id: t.id,
            isbn: t.isbn.clone(),
            title: t.title.clone(),
            list_price_fen: t.list_price_fen,
            quantity,
        };
        let matched = |titles: &[catalog::Title]| PasteMatch {
            line: no,
            text: shown.clone(),
            quantity,
            candidates: titles.iter().map(candidate).collect(),
        };
        match crate::base::isbn::parse(&book) {
            Ok(isbn) => {
                let items = catalog::titles_by_isbn(store, &isbn)?;
                match items.as_slice() {
                    [] => out.problems.push(problem(Code::IsbnUnknown)),
                    [t] => out.lines.push(candidate(t)),
                    several => out.matches.push(matched(several)),
                }
            }
            Err(e) if isbn_like(&book, e) => out.problems.push(problem(catalog::isbn_code(e))),
            Err(_) => {
                let found = catalog::search_titles(store, &book, PASTE_CANDIDATES)?;
                if found.is_empty() {
                    out.problems.push(problem(Code::TitleUnknown));
                } else {
                    out.matches.push(matched(&found));
                }
            }
        }
    }
    Ok(out)
}
