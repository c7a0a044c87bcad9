//! The things a user can export, each a [`Table`] filled from its area's
//! streaming reader. Figures are the areas' own (posted nets, the aging and the
//! statement as `trade::receivables` works them out); nothing here adds up money
//! except the totals row, which is the spreadsheet's own SUBTOTAL.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::Serialize;

use crate::base::clock;
use crate::base::error::{Code, FolioError, Result};
use crate::base::fields;
use crate::base::progress::Progress;
use crate::crm::customers;
use crate::store::Store;
use crate::trade::{company, orders, receivables, stock};

use super::sheet::{Cell, Column, Kind, Lang, Table};
use super::write::{write_table, Emit, Options};

/// A date range as typed; a blank end is open (from the first day on file, to the last).
#[derive(Debug, Clone, Default)]
pub struct Period {
    pub from: String,
    pub to: String,
}

/// What to export.
#[derive(Debug, Clone)]
pub enum Export {
    Customers,
    /// A row per confirmed order in the period.
    Orders(Period),
    /// A row per line of the confirmed orders in the period (the sales ledger).
    Ledger(Period),
    /// A row per customer return in the period.
    Returns(Period),
    /// A row per payment received in the period.
    Payments(Period),
    /// Every customer with a balance, and how old it is, as of today.
    Receivables,
    /// One customer's statement (对账单) for a period.
    Statement {
        customer: String,
        from: String,
        to: String,
    },
    /// Every item on hand and its value, at list price and at cost.
    Stock,
    /// The monthly accountant pack of a month `YYYY-MM` (see [`super::pack`]).
    Pack {
        month: String,
    },
    /// The vouchers (凭证) of a month `YYYY-MM` for Kingdee or Yonyou, or its
    /// sales invoices for Xero (see [`super::vouchers`]).
    Vouchers {
        month: String,
        layout: super::vouchers::Layout,
    },
}

/// What an export wrote.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct Exported {
    #[ts(type = "string")]
    pub path: PathBuf,
    /// Data rows (not the header or the totals row).
    #[ts(type = "number")]
    pub rows: u64,
}

/// Writes `what` to `dest` in the format and language of `opts`, reporting to
/// `progress` and stopping when it is cancelled. Input is checked before any
/// file is made; a failed or cancelled export leaves `dest` as it was.
pub fn export(
    store: &Store,
    what: &Export,
    dest: &Path,
    opts: &Options,
    progress: &dyn Progress,
) -> Result<Exported> {
    let company = company::get(store)?.name;
    let lang = opts.lang;
    // The rows are read once, from one end of the file to the other: see
    // `reading_once_through` for why not through the memory map.
    let _once = store.reading_once_through()?;
    let w = |t: &Table, fill: &mut dyn FnMut(&mut Emit) -> Result<()>| {
        write_table(dest, t, t.expected, &company, opts, progress, fill)
    };
    let rows = match what {
        Export::Pack { month } => super::pack::write(store, month, dest, &company, opts, progress)?,
        Export::Vouchers { month, layout } => {
            super::vouchers::write(store, month, *layout, dest, &company, opts, progress)?
        }
        Export::Customers => w(
            &table("Customers", "客户", CUSTOMERS, today(lang)).expecting(customers::count(store)?),
            &mut |emit| {
                customers::each(store, |c| {
                    emit(&[
                        Cell::text(&c.code),
                        Cell::text(&c.name),
                        Cell::text(word(lang, c.kind.as_str())),
                        Cell::text(&c.region),
                        Cell::text(&c.contact),
                        Cell::text(&c.phone),
                        Cell::Int(c.discount_bp),
                        Cell::opt_int(c.credit_limit_fen),
                        Cell::Int(c.balance_fen),
                        Cell::text(word(lang, c.status.as_str())),
                    ])
                })
            },
        )?,
        Export::Orders(p) => {
            let (from, to, period) = period(p, lang)?;
            w(
                &table("Orders", "销售单", ORDERS, period)
                    .expecting(orders::count_in_period(store, from, to)?.0),
                &mut |emit| orders::each_in_period(store, from, to, |o| emit(&order_row(lang, o))),
            )?
        }
        Export::Ledger(p) => {
            let (from, to, period) = period(p, lang)?;
            w(
                &table("Sales ledger", "销售明细", LEDGER, period)
                    .expecting(orders::count_in_period(store, from, to)?.1),
                &mut |emit| {
                    orders::each_line_in_period(store, from, to, |l| {
                        emit(&[
                            Cell::Date(l.order_date.clone()),
                            Cell::text(&l.number),
                            Cell::text(&l.customer_code),
                            Cell::text(&l.customer_name),
                            Cell::text(word(lang, l.status.as_str())),
                            Cell::text(&l.isbn),
                            Cell::text(&l.title),
                            Cell::Int(l.list_price_fen),
                            Cell::Int(l.quantity),
                            Cell::Int(l.discount_bp),
                            Cell::Int(l.list_fen),
                            Cell::Int(l.net_fen),
                        ])
                    })
                },
            )?
        }
        Export::Returns(p) => {
            let (from, to, period) = period(p, lang)?;
            w(
                &table("Returns", "退货单", RETURNS, period)
                    .expecting(receivables::count_in_period(store, from, to)?.0),
                &mut |emit| {
                    receivables::each_return(store, from, to, |r| emit(&return_row(lang, r)))
                },
            )?
        }
        Export::Payments(p) => {
            let (from, to, period) = period(p, lang)?;
            w(
                &table("Payments", "收款", PAYMENTS, period)
                    .expecting(receivables::count_in_period(store, from, to)?.1),
                &mut |emit| {
                    receivables::each_payment(store, from, to, |p| emit(&payment_row(lang, p)))
                },
            )?
        }
        Export::Receivables => {
            // The aging is worked out per customer by `receivables::aging`; its rows are
            // few (customers with a balance), so it returns them whole.
            let rows = receivables::aging(store)?;
            w(
                &table("Receivables", "应收账龄", AGING, today(lang)).expecting(rows.len() as i64),
                &mut |emit| {
                    for a in &rows {
                        emit(&aging_row(a))?;
                    }
                    Ok(())
                },
            )?
        }
        Export::Statement { customer, from, to } => {
            let s = receivables::statement(store, customer, from, to)?;
            let period = format!("{} {} – {}", s.code, s.from, s.to);
            w(
                &table("Statement", "对账单", STATEMENT, period)
                    .expecting(s.lines.len() as i64 + 2),
                &mut |emit| {
                    // The opening and closing balances are rows of their own with no debit
                    // or credit, so the totals row adds up the period's documents alone.
                    emit(&[
                        Cell::Date(s.from.clone()),
                        Cell::text(word(lang, "opening")),
                        Cell::Empty,
                        Cell::Empty,
                        Cell::Empty,
                        Cell::Empty,
                        Cell::Empty,
                        Cell::Int(s.opening_balance_fen),
                    ])?;
                    for l in &s.lines {
                        emit(&[
                            Cell::Date(l.date.clone()),
                            Cell::text(word(lang, &l.kind)),
                            Cell::text(&l.reference),
                            Cell::opt_int(l.list_total_fen),
                            Cell::opt_int(l.discount_bp),
                            if l.debit_fen != 0 {
                                Cell::Int(l.debit_fen)
                            } else {
                                Cell::Empty
                            },
                            if l.credit_fen != 0 {
                                Cell::Int(l.credit_fen)
                            } else {
                                Cell::Empty
                            },
                            Cell::Int(l.balance_fen),
                        ])?;
                    }
                    emit(&[
                        Cell::Date(s.to.clone()),
                        Cell::text(word(lang, "closing")),
                        Cell::Empty,
                        Cell::Empty,
                        Cell::Empty,
                        Cell::Empty,
                        Cell::Empty,
                        Cell::Int(s.closing_balance_fen),
                    ])
                },
            )?
        }
        Export::Stock => w(
            &table("Stock", "库存", STOCK, today(lang)).expecting(stock::value(store)?.titles),
            &mut |emit| {
                stock::each_value(store, |i| {
                    emit(&[
                        Cell::text(&i.isbn),
                        Cell::text(&i.title),
                        Cell::text(&i.publisher),
                        Cell::text(&i.bin),
                        Cell::Int(i.list_price_fen),
                        Cell::Int(i.on_hand),
                        Cell::Int(i.last_cost_fen),
                        Cell::Int(i.list_value_fen),
                        Cell::Int(i.cost_value_fen),
                    ])
                })
            },
        )?,
    };
    Ok(Exported {
        path: dest.to_path_buf(),
        rows,
    })
}

/// A row of the orders export (and of the pack's Sales sheet).
pub(super) fn order_row(lang: Lang, o: &orders::OrderSummary) -> [Cell; 10] {
    [
        Cell::text(o.number.clone().unwrap_or_default()),
        Cell::Date(o.order_date.clone()),
        Cell::text(&o.customer_code),
        Cell::text(&o.customer_name),
        Cell::text(word(lang, o.status.as_str())),
        Cell::Int(o.titles),
        Cell::Int(o.copies),
        Cell::Int(o.list_total_fen),
        Cell::Int(o.net_total_fen),
        Cell::Int(orders::average_bp(o.net_total_fen, o.list_total_fen)),
    ]
}

pub(super) fn return_row(lang: Lang, r: &receivables::ReturnRow) -> [Cell; 10] {
    [
        Cell::text(&r.number),
        Cell::Date(r.date.clone()),
        Cell::text(&r.customer_code),
        Cell::text(&r.customer_name),
        Cell::text(r.order.clone().unwrap_or_default()),
        Cell::text(if r.damaged {
            lang.pick("yes", "是")
        } else {
            ""
        }),
        Cell::text(&r.reason),
        Cell::Int(r.copies),
        Cell::Int(r.list_total_fen),
        Cell::Int(r.net_total_fen),
    ]
}

pub(super) fn payment_row(lang: Lang, p: &receivables::PaymentRow) -> [Cell; 7] {
    [
        Cell::text(&p.number),
        Cell::Date(p.date.clone()),
        Cell::text(&p.customer_code),
        Cell::text(&p.customer_name),
        Cell::Int(p.amount_fen),
        Cell::text(word(lang, &p.method)),
        Cell::text(&p.reference),
    ]
}

pub(super) fn aging_row(a: &receivables::Aging) -> [Cell; 12] {
    [
        Cell::text(&a.code),
        Cell::text(&a.name),
        Cell::Int(a.balance_fen),
        Cell::Int(a.current_fen),
        Cell::Int(a.days_1_30_fen),
        Cell::Int(a.days_31_60_fen),
        Cell::Int(a.days_61_90_fen),
        Cell::Int(a.over_90_fen),
        Cell::Int(a.credit_fen),
        Cell::opt_int(a.credit_limit_fen),
        Cell::opt_date(a.last_payment_date.clone()),
        Cell::opt_int(a.last_payment_fen),
    ]
}

pub(super) fn table(
    en: &'static str,
    zh: &'static str,
    columns: &'static [Column],
    period: String,
) -> Table {
    Table {
        name_en: en,
        name_zh: zh,
        columns,
        period,
        expected: 0,
    }
}

fn today(lang: Lang) -> String {
    format!("{} {}", lang.pick("as at", "截至"), clock::today())
}

/// The dates of a period, checked: each a real date, the end not before the start.
fn period(p: &Period, lang: Lang) -> Result<(NaiveDate, NaiveDate, String)> {
    let from = match p.from.trim() {
        "" => None,
        s => Some(fields::date("from", s)?),
    };
    let to = match p.to.trim() {
        "" => None,
        s => Some(fields::date("to", s)?),
    };
    if let (Some(f), Some(t)) = (from, to) {
        if t < f {
            return Err(FolioError::invalid(
                Code::PeriodInvalid,
                "to",
                format!("the end of the period ({t}) is before its start ({f})"),
            ));
        }
    }
    let text = match (from, to) {
        (None, None) => lang.pick("all dates", "全部日期").to_string(),
        (f, t) => format!(
            "{} – {}",
            f.map_or(String::new(), |d| d.to_string()),
            t.map_or(String::new(), |d| d.to_string())
        ),
    };
    Ok((
        // Open ends as the widest dates written as `YYYY-MM-DD`, which the stored
        // dates are compared with as text.
        from.unwrap_or(NaiveDate::from_ymd_opt(1, 1, 1).expect("a date")),
        to.unwrap_or(NaiveDate::from_ymd_opt(9999, 12, 31).expect("a date")),
        text,
    ))
}

/// The words for what the store keeps as codes: kinds, statuses, methods, entry kinds.
pub(super) fn word(lang: Lang, code: &str) -> &str {
    let (en, zh) = match code {
        "bookshop" => ("Bookshop", "书店"),
        "school" => ("School", "学校"),
        "library" => ("Library", "图书馆"),
        "company" => ("Company", "企业"),
        "distributor" => ("Distributor", "经销商"),
        "individual" => ("Individual", "个人"),
        "active" => ("Active", "正常"),
        "archived" => ("Archived", "已归档"),
        "draft" => ("Draft", "草稿"),
        "confirmed" => ("Confirmed", "已确认"),
        "shipped" => ("Shipped", "已发货"),
        "completed" => ("Completed", "已完成"),
        "cancelled" => ("Cancelled", "已取消"),
        "cash" => ("Cash", "现金"),
        "bank_transfer" => ("Bank transfer", "银行转账"),
        "wechat_alipay" => ("WeChat/Alipay", "微信/支付宝"),
        "cash_on_delivery" => ("Cash on delivery", "货到付款"),
        "on_account" => ("On account", "挂账"),
        "other" => ("Other", "其他"),
        "opening" => ("Opening balance", "期初余额"),
        "closing" => ("Closing balance", "期末余额"),
        "order" => ("Sales order", "销售单"),
        "return" => ("Return", "退货单"),
        "payment" => ("Payment received", "收款"),
        "cancellation" => ("Cancellation", "取消"),
        _ => return code,
    };
    lang.pick(en, zh)
}

use Kind::*;

const CUSTOMERS: &[Column] = &[
    Column::new(Code, "Code", "客户编号"),
    Column::new(Text, "Name", "客户名称"),
    Column::new(Text, "Type", "类型"),
    Column::new(Text, "Region", "地区"),
    Column::new(Text, "Contact", "联系人"),
    Column::new(Code, "Phone", "电话"),
    Column::new(Discount, "Discount", "折扣"),
    Column::new(Money, "Credit limit", "信用额度").no_total(),
    Column::new(Money, "Balance", "余额"),
    Column::new(Text, "Status", "状态"),
];

pub(super) const ORDERS: &[Column] = &[
    Column::new(Code, "Number", "单号"),
    Column::new(Date, "Date", "日期"),
    Column::new(Code, "Customer code", "客户编号"),
    Column::new(Text, "Customer", "客户名称"),
    Column::new(Text, "Status", "状态"),
    Column::new(Quantity, "Titles", "品种数"),
    Column::new(Quantity, "Copies", "册数"),
    Column::new(Money, "List total", "码洋"),
    Column::new(Money, "Net total", "实洋"),
    Column::new(Discount, "Average discount", "平均折扣"),
];

const LEDGER: &[Column] = &[
    Column::new(Date, "Date", "日期"),
    Column::new(Code, "Number", "单号"),
    Column::new(Code, "Customer code", "客户编号"),
    Column::new(Text, "Customer", "客户名称"),
    Column::new(Text, "Status", "状态"),
    Column::new(Code, "ISBN", "ISBN"),
    Column::new(Text, "Title", "书名"),
    Column::new(Money, "List price", "定价").no_total(),
    Column::new(Quantity, "Copies", "册数"),
    Column::new(Discount, "Discount", "折扣"),
    Column::new(Money, "List total", "码洋"),
    Column::new(Money, "Net total", "实洋"),
];

pub(super) const RETURNS: &[Column] = &[
    Column::new(Code, "Number", "单号"),
    Column::new(Date, "Date", "日期"),
    Column::new(Code, "Customer code", "客户编号"),
    Column::new(Text, "Customer", "客户名称"),
    Column::new(Code, "Order", "原销售单"),
    Column::new(Text, "Damaged", "残损"),
    Column::new(Text, "Reason", "原因"),
    Column::new(Quantity, "Copies", "册数"),
    Column::new(Money, "List total", "码洋"),
    Column::new(Money, "Credited", "实洋"),
];

pub(super) const PAYMENTS: &[Column] = &[
    Column::new(Code, "Number", "单号"),
    Column::new(Date, "Date", "日期"),
    Column::new(Code, "Customer code", "客户编号"),
    Column::new(Text, "Customer", "客户名称"),
    Column::new(Money, "Amount", "金额"),
    Column::new(Text, "Method", "方式"),
    Column::new(Code, "Reference", "参考号"),
];

pub(super) const AGING: &[Column] = &[
    Column::new(Code, "Customer code", "客户编号"),
    Column::new(Text, "Customer", "客户名称"),
    Column::new(Money, "Balance", "余额"),
    Column::new(Money, "Not yet due", "未到期"),
    Column::new(Money, "1–30 days", "1–30天"),
    Column::new(Money, "31–60 days", "31–60天"),
    Column::new(Money, "61–90 days", "61–90天"),
    Column::new(Money, "Over 90 days", "90天以上"),
    Column::new(Money, "Credit", "预收/贷方"),
    Column::new(Money, "Credit limit", "信用额度").no_total(),
    Column::new(Date, "Last payment", "最近收款日"),
    Column::new(Money, "Last payment amount", "最近收款额").no_total(),
];

const STATEMENT: &[Column] = &[
    Column::new(Date, "Date", "日期"),
    Column::new(Text, "Document", "摘要"),
    Column::new(Code, "Number", "单号"),
    Column::new(Money, "List total", "码洋"),
    Column::new(Discount, "Discount", "折扣"),
    Column::new(Money, "Debit", "借方"),
    Column::new(Money, "Credit", "贷方"),
    Column::new(Money, "Balance", "余额").no_total(),
];

const STOCK: &[Column] = &[
    Column::new(Code, "ISBN", "ISBN"),
    Column::new(Text, "Title", "书名"),
    Column::new(Text, "Publisher", "出版社"),
    Column::new(Code, "Bin", "库位"),
    Column::new(Money, "List price", "定价").no_total(),
    Column::new(Quantity, "On hand", "库存"),
    Column::new(Money, "Unit cost", "成本价").no_total(),
    Column::new(Money, "List value", "码洋"),
    Column::new(Money, "Cost value", "成本金额"),
];
