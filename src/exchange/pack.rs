//! The monthly accountant pack (月度会计资料): one workbook with the month's
//! sales, returns, payments, receivables at the month's end, stock, and a
//! reconciliation proving that the figures hold together.
//!
//! Sales are a row per order, not per line: the accountant books a document
//! (its voucher is one per order), the per-line detail is the sales ledger
//! export, and a row per order keeps the pack of a busy month to thousands of
//! rows rather than millions. Cancelled orders are listed too, marked so, as
//! the receivables ledger keeps the sale and its cancellation as two entries;
//! the reconciliation shows the cancellations in a column of their own.
//!
//! Every figure is the areas' own: the orders, returns and payments as their
//! readers hand them, the receivables through `receivables::each_period_account`
//! and `aging_at`, the stock through `stock::each_item_period` and
//! `period_totals`. The checks in the Reconciliation sheet are formulas whose
//! results are written too, so a reader that does not recalculate sees them.

use std::path::Path;

use chrono::{Datelike, NaiveDate};

use crate::base::error::{Code, FolioError, Result};
use crate::base::fields;
use crate::base::progress::Progress;
use crate::base::text::quote;
use crate::store::Store;
use crate::trade::{orders, receivables, stock};

use super::exports::{
    aging_row, order_row, payment_row, return_row, table, AGING, ORDERS, PAYMENTS, RETURNS,
};
use super::sheet::{Cell, Column, Kind};
use super::write::{write_book, Book, Options, Sheet};

/// The first and last day of a month typed as `YYYY-MM` (`2026-10`).
pub fn month(text: &str) -> Result<(NaiveDate, NaiveDate)> {
    let t = text.trim();
    let bad = || {
        FolioError::invalid(
            Code::PeriodInvalid,
            "month",
            format!("month {} must be a year and month, like 2026-10", quote(t)),
        )
    };
    let shaped = t.len() == 7
        && t.as_bytes().get(4) == Some(&b'-')
        && t.bytes()
            .enumerate()
            .all(|(i, b)| i == 4 || b.is_ascii_digit());
    if !shaped {
        return Err(bad());
    }
    let first = fields::date("month", &format!("{t}-01")).map_err(|_| bad())?;
    let next = if first.month() == 12 {
        NaiveDate::from_ymd_opt(first.year() + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(first.year(), first.month() + 1, 1)
    };
    let last = next.and_then(|d| d.pred_opt()).ok_or_else(bad)?;
    Ok((first, last))
}

/// Writes the pack of `month` (`YYYY-MM`) to `dest`. Returns the data rows of
/// all its sheets. A pack is a workbook of six sheets: CSV cannot hold it.
pub fn write(
    store: &Store,
    month_text: &str,
    dest: &Path,
    company: &str,
    opts: &Options,
    progress: &dyn Progress,
) -> Result<u64> {
    let (from, to) = month(month_text)?;
    let lang = opts.lang;
    let period = format!("{from} – {to}");
    let (order_count, _) = orders::count_in_period(store, from, to)?;
    let (return_count, payment_count) = receivables::count_in_period(store, from, to)?;
    let aging = receivables::aging_at(store, to)?;
    let totals = stock::period_totals(store, from, to)?;
    let book = Book {
        title_en: "Monthly pack",
        title_zh: "月度会计资料",
        period: period.clone(),
    };
    let sheets = vec![
        Sheet::new(
            table("Sales", "销售", ORDERS, period.clone()).expecting(order_count),
            move |emit| orders::each_in_period(store, from, to, |o| emit(&order_row(lang, o))),
        ),
        Sheet::new(
            table("Returns", "退货", RETURNS, period.clone()).expecting(return_count),
            move |emit| receivables::each_return(store, from, to, |r| emit(&return_row(lang, r))),
        ),
        Sheet::new(
            table("Payments", "收款", PAYMENTS, period.clone()).expecting(payment_count),
            move |emit| receivables::each_payment(store, from, to, |p| emit(&payment_row(lang, p))),
        ),
        Sheet::new(
            table("Receivables", "应收账款", AGING, period.clone()).expecting(aging.len() as i64),
            move |emit| {
                for a in &aging {
                    emit(&aging_row(a))?;
                }
                Ok(())
            },
        ),
        Sheet::new(
            table("Stock", "库存", STOCK_PERIOD, period.clone()),
            move |emit| {
                stock::each_item_period(store, from, to, |i| {
                    emit(&[
                        Cell::text(&i.isbn),
                        Cell::text(&i.title),
                        Cell::Int(i.list_price_fen),
                        Cell::Int(i.opening),
                        Cell::Int(i.r#in),
                        Cell::Int(i.out),
                        Cell::Int(i.closing),
                        Cell::Int(i.opening_cost_fen),
                        Cell::Int(i.in_cost_fen),
                        Cell::Int(i.out_cost_fen),
                        Cell::Int(i.closing_cost_fen),
                    ])
                })
            },
        ),
        Sheet::new(
            table("Reconciliation", "核对", RECONCILIATION, period.clone()),
            move |emit| {
                receivables::each_period_account(store, from, to, |a| {
                    let difference =
                        a.opening_fen as i128 + a.openings_fen as i128 + a.sales_fen as i128
                            - a.returns_fen as i128
                            - a.payments_fen as i128
                            - a.cancellations_fen as i128
                            - a.closing_fen as i128;
                    emit(&[
                        Cell::text(&a.code),
                        Cell::text(&a.name),
                        Cell::Int(a.opening_fen),
                        Cell::Int(a.openings_fen),
                        Cell::Int(a.sales_fen),
                        Cell::Int(a.returns_fen),
                        Cell::Int(a.payments_fen),
                        Cell::Int(a.cancellations_fen),
                        Cell::Int(a.closing_fen),
                        Cell::Formula(
                            "=C{r}+D{r}+E{r}-F{r}-G{r}-H{r}-I{r}".into(),
                            clamp(difference),
                        ),
                    ])
                })
            },
        )
        .with_below(
            table("Stock", "库存", STOCK_CHECK, period.clone()).expecting(1),
            move |emit| {
                let t = &totals;
                emit(&[
                    Cell::text(lang.pick("Stock at cost", "库存（成本）")),
                    Cell::Int(t.opening),
                    Cell::Int(t.r#in),
                    Cell::Int(t.out),
                    Cell::Int(t.closing),
                    Cell::Int(t.opening_cost_fen),
                    Cell::Int(t.in_cost_fen),
                    Cell::Int(t.out_cost_fen),
                    Cell::Int(t.closing_cost_fen),
                    Cell::Formula(
                        "=B{r}+C{r}-D{r}-E{r}".into(),
                        clamp(
                            t.opening as i128 + t.r#in as i128 - t.out as i128 - t.closing as i128,
                        ),
                    ),
                    Cell::Formula(
                        "=F{r}+G{r}-H{r}-I{r}".into(),
                        clamp(
                            t.opening_cost_fen as i128 + t.in_cost_fen as i128
                                - t.out_cost_fen as i128
                                - t.closing_cost_fen as i128,
                        ),
                    ),
                ])
            },
        )
        .with_below(
            table("Notes", "说明", NOTES, period).expecting(NOTE_LINES.len() as i64),
            move |emit| {
                for (en, zh) in NOTE_LINES {
                    emit(&[Cell::text(lang.pick(en, zh))])?;
                }
                Ok(())
            },
        ),
    ];
    let rows = write_book(dest, &book, sheets, company, opts, progress)?;
    Ok(rows.iter().sum())
}

/// A difference that cannot be (the ledger's sums are bounded far inside i64)
/// still lands in a cell rather than wrapping.
fn clamp(v: i128) -> i64 {
    v.clamp(i64::MIN as i128, i64::MAX as i128) as i64
}

const NOTE_LINES: [(&str, &str); 3] = [
    (
        "Difference = opening balance + opening balances posted + sales − returns − payments − cancellations − closing balance: 0 on every row when the ledger holds together.",
        "差额 = 期初余额 + 本月录入期初 + 销售 − 退货 − 收款 − 取消 − 期末余额；账目相符时每行为 0。",
    ),
    (
        "Stock is valued at the cost each movement was posted at (a receipt or an opening balance at its own cost; sales, returns and write-offs at the item's last cost then), so opening + in − out = closing exactly. The stock export values what is on hand today at the last cost, which can differ.",
        "库存按每笔出入库记账时的成本计价（进货、期初按其成本；销售、退货、报损按当时最近进价），故期初 + 入库 − 出库 = 期末；库存导出按当前最近进价计价，两者可能不同。",
    ),
    (
        "Sales are a row per order of the month, cancelled ones too (marked); their cancellation is its own column in the reconciliation.",
        "销售按本月销售单逐单列出，含已取消的单（已标明）；取消在核对表中单列。",
    ),
];

use Kind::*;

const STOCK_PERIOD: &[Column] = &[
    Column::new(Code, "ISBN", "ISBN"),
    Column::new(Text, "Title", "书名"),
    Column::new(Money, "List price", "定价").no_total(),
    Column::new(Quantity, "Opening", "期初数量"),
    Column::new(Quantity, "In", "入库数量"),
    Column::new(Quantity, "Out", "出库数量"),
    Column::new(Quantity, "Closing", "期末数量"),
    Column::new(Money, "Opening at cost", "期初成本"),
    Column::new(Money, "In at cost", "入库成本"),
    Column::new(Money, "Out at cost", "出库成本"),
    Column::new(Money, "Closing at cost", "期末成本"),
];

const RECONCILIATION: &[Column] = &[
    Column::new(Code, "Customer code", "客户编号"),
    Column::new(Text, "Customer", "客户名称"),
    Column::new(Money, "Opening balance", "期初余额"),
    Column::new(Money, "Opening balances posted", "本月录入期初"),
    Column::new(Money, "Sales", "销售"),
    Column::new(Money, "Returns", "退货"),
    Column::new(Money, "Payments", "收款"),
    Column::new(Money, "Cancellations", "取消"),
    Column::new(Money, "Closing balance", "期末余额"),
    Column::new(Money, "Difference", "差额"),
];

const STOCK_CHECK: &[Column] = &[
    Column::new(Text, "Stock", "库存"),
    Column::new(Quantity, "Opening", "期初数量").no_total(),
    Column::new(Quantity, "In", "入库数量").no_total(),
    Column::new(Quantity, "Out", "出库数量").no_total(),
    Column::new(Quantity, "Closing", "期末数量").no_total(),
    Column::new(Money, "Opening at cost", "期初成本").no_total(),
    Column::new(Money, "In at cost", "入库成本").no_total(),
    Column::new(Money, "Out at cost", "出库成本").no_total(),
    Column::new(Money, "Closing at cost", "期末成本").no_total(),
    Column::new(Quantity, "Difference (copies)", "差额（数量）").no_total(),
    Column::new(Money, "Difference (cost)", "差额（成本）").no_total(),
];

const NOTES: &[Column] = &[Column::new(Text, "Notes", "说明")];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        for (text, want) in [
            ("2026-10", Some((d("2026-10-01"), d("2026-10-31")))),
            (" 2026-02 ", Some((d("2026-02-01"), d("2026-02-28")))),
            ("2028-02", Some((d("2028-02-01"), d("2028-02-29")))),
            ("2026-12", Some((d("2026-12-01"), d("2026-12-31")))),
            ("2026-13", None),
            ("2026-00", None),
            ("2026-1", None),
            ("2026/10", None),
            ("1899-12", None),
            ("", None),
            ("２０２６-10", None),
        ] {
            assert_eq!(month(text).ok(), want, "{text:?}");
        }
    }
}
