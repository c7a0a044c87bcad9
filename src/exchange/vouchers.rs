//! Vouchers (凭证) of a month for the accountant's own software, and, for
//! English-speaking users, the month's sales invoices and credit notes (its
//! returns) in Xero's import columns.
//!
//! One voucher per entry of the receivables ledger in the month, numbered 1, 2,
//! 3… in date order (the order they were posted within a day) under the one
//! voucher word of the settings:
//! - a sale debits 应收账款 with the order's net total and credits 主营业务收入
//!   with net ÷ (1 + rate), rounded half-up to the fen, and 应交税费-销项税额
//!   with the rest, so the voucher balances to the fen; a rate of 0 (or a tax
//!   that rounds to nothing) writes no tax line;
//! - a payment debits 库存现金 when it was paid in cash, else 银行存款 (bank
//!   transfer, WeChat/Alipay, cash on delivery as the courier remits it,
//!   other), and credits 应收账款;
//! - a customer return and the cancellation of a confirmed order reverse a
//!   sale in red ink (红字冲销): the sale's lines on the same sides with negative
//!   amounts. That is what both Kingdee KIS and Yonyou T3 take on import and
//!   what an accountant writes by hand; swapped sides would overstate the
//!   month's turnover on both sides of 应收账款.
//! - opening balances brought over from another system are left out: they are
//!   the accountant's own opening balances, not the month's business.
//!
//! The columns are those of Kingdee KIS 标准版's 引入凭证 Excel template (日期,
//! 凭证字, 凭证号, 附单据数, 摘要, 科目代码, 科目名称, 借方金额, 贷方金额, 币别,
//! 汇率, 制单人), and for Yonyou T3 (总账工具 凭证引入) the fields of its voucher
//! table under their Chinese names (制单日期, 凭证类别, 凭证号, 附单据数, 摘要,
//! 科目编码, 科目名称, 借方金额, 贷方金额, 制单人). The headers stay Chinese in
//! an English export too, as the importers match them by name. No totals row:
//! an importer would read it as a voucher line.

use std::path::Path;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::base::error::{Code, FolioError, Result};
use crate::base::progress::Progress;
use crate::base::text::quote;
use crate::store::Store;
use crate::trade::accounting::{self, Account, VoucherSettings};
use crate::trade::{orders, receivables};

use super::pack::month;
use super::sheet::{Cell, Column, Kind, Table};
use super::write::{write_table, Emit, Encoding, Format, Options};

/// Which software the vouchers are for (`kingdee`, `yonyou`, `xero` on the wire).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Layout {
    Kingdee,
    Yonyou,
    /// Xero's sales-invoice import (CSV), a row per order line.
    Xero,
    /// Xero's credit-note import (CSV), a row per line of the month's returns.
    XeroCreditNotes,
}

impl Layout {
    pub fn parse(s: &str) -> Result<Layout> {
        match s.trim().to_ascii_lowercase().as_str() {
            "" | "kingdee" | "kis" | "金蝶" => Ok(Layout::Kingdee),
            "yonyou" | "t3" | "ufida" | "用友" => Ok(Layout::Yonyou),
            "xero" => Ok(Layout::Xero),
            "xero-credit-notes" | "xero_credit_notes" => Ok(Layout::XeroCreditNotes),
            _ => Err(FolioError::invalid(
                Code::KindInvalid,
                "format",
                format!(
                    "voucher format {} must be kingdee, yonyou, xero or xero-credit-notes",
                    quote(s)
                ),
            )),
        }
    }
}

/// Xero imports CSV only: a workbook asked for is written as CSV in UTF-8.
fn xero_csv(opts: &Options) -> Options {
    let mut opts = opts.clone();
    if opts.format == Format::Xlsx {
        opts.format = Format::Csv(Encoding::Utf8Bom);
    }
    opts
}

/// One line of a voucher.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VoucherLine {
    pub date: String,
    pub number: i64,
    pub summary: String,
    pub account: Account,
    /// Fen; negative in red ink. One of debit and credit is 0.
    pub debit_fen: i64,
    pub credit_fen: i64,
}

/// A sale's net total split into revenue and output VAT: revenue is net ÷ (1 +
/// rate) rounded half-up to the fen (half away from zero for a negative net),
/// and the tax is the rest, so the two always add up to the net exactly.
pub fn split_vat(net_fen: i64, rate_bp: i64) -> (i64, i64) {
    let rate = rate_bp.clamp(0, accounting::MAX_VAT_BP) as i128;
    let n = (net_fen as i128).abs();
    let base = (n * 20_000 + 10_000 + rate) / (2 * (10_000 + rate));
    let base = if net_fen < 0 { -base } else { base } as i64;
    (base, net_fen - base)
}

/// The voucher lines of one ledger entry (none for an opening balance).
pub fn voucher_of(e: &receivables::EntryRow, number: i64, s: &VoucherSettings) -> Vec<VoucherLine> {
    let line = |summary: &str, account: &Account, debit: i64, credit: i64| VoucherLine {
        date: e.date.clone(),
        number,
        summary: summary.to_string(),
        account: account.clone(),
        debit_fen: debit,
        credit_fen: credit,
    };
    let sale = |summary: String, net: i64| {
        let (base, tax) = split_vat(net, s.vat_rate_bp);
        let mut v = vec![
            line(&summary, &s.receivable, net, 0),
            line(&summary, &s.revenue, 0, base),
        ];
        if tax != 0 {
            v.push(line(&summary, &s.output_vat, 0, tax));
        }
        v
    };
    let who = &e.customer_name;
    match e.kind.as_str() {
        "order" => sale(format!("销售 {} {who}", e.reference), e.amount_fen),
        // Both are credits in the ledger (negative): the sale again, in red.
        "return" => sale(format!("退货 {} {who}", e.reference), e.amount_fen),
        "cancellation" => sale(format!("取消销售 {} {who}", e.reference), e.amount_fen),
        "payment" => {
            let amount = -e.amount_fen;
            let into = match e.method.as_deref() {
                Some("cash") => &s.cash,
                _ => &s.bank,
            };
            let summary = format!("收款 {} {who}", e.reference);
            vec![
                line(&summary, into, amount, 0),
                line(&summary, &s.receivable, 0, amount),
            ]
        }
        _ => Vec::new(),
    }
}

/// Every voucher line of the month, in voucher order, handed to `f`.
pub fn each_line(
    store: &Store,
    from: NaiveDate,
    to: NaiveDate,
    s: &VoucherSettings,
    mut f: impl FnMut(&VoucherLine) -> Result<()>,
) -> Result<()> {
    let mut number = 0;
    receivables::each_entry(store, from, to, |e| {
        if e.kind == "opening" {
            return Ok(());
        }
        number += 1;
        for l in voucher_of(e, number, s) {
            f(&l)?;
        }
        Ok(())
    })
}

/// Writes the vouchers of `month` (`YYYY-MM`) in `layout` to `dest`: .xlsx or
/// CSV as `opts` says for Kingdee and Yonyou, always CSV (UTF-8 unless GBK was
/// asked for) for Xero. Returns the rows written.
pub fn write(
    store: &Store,
    month_text: &str,
    layout: Layout,
    dest: &Path,
    company: &str,
    opts: &Options,
    progress: &dyn Progress,
) -> Result<u64> {
    let (from, to) = month(month_text)?;
    let s = accounting::get(store)?;
    let period = format!("{from} – {to}");
    match layout {
        Layout::Kingdee | Layout::Yonyou => {
            let columns = if layout == Layout::Kingdee {
                KINGDEE
            } else {
                YONYOU
            };
            let t = Table {
                name_en: "凭证",
                name_zh: "凭证",
                columns,
                period,
                expected: 0,
            };
            // About three lines a voucher: what progress counts up to.
            let expected = receivables::count_entries(store, from, to)?.saturating_mul(3);
            write_table(
                dest,
                &t,
                expected.max(0) as u64,
                company,
                opts,
                progress,
                |emit| each_line(store, from, to, &s, |l| emit(&row(layout, l, &s))),
            )
        }
        Layout::XeroCreditNotes => {
            let opts = xero_csv(opts);
            let t = Table {
                name_en: "Credit notes",
                name_zh: "Credit notes",
                columns: XERO_CREDIT,
                period,
                expected: 0,
            };
            let returns = receivables::count_in_period(store, from, to)?.0;
            write_table(
                dest,
                &t,
                returns.max(0) as u64,
                company,
                &opts,
                progress,
                |emit| xero_credit_rows(store, from, to, &s, emit),
            )
        }
        Layout::Xero => {
            let opts = xero_csv(opts);
            let t = Table {
                name_en: "Sales invoices",
                name_zh: "Sales invoices",
                columns: XERO,
                period,
                expected: 0,
            };
            let lines = orders::count_in_period(store, from, to)?.1;
            write_table(
                dest,
                &t,
                lines.max(0) as u64,
                company,
                &opts,
                progress,
                |emit| xero_rows(store, from, to, &s, emit),
            )
        }
    }
}

fn row(layout: Layout, l: &VoucherLine, s: &VoucherSettings) -> Vec<Cell> {
    let mut r = vec![
        Cell::Date(l.date.clone()),
        Cell::text(&s.voucher_word),
        Cell::Int(l.number),
        Cell::Int(1),
        Cell::text(&l.summary),
        Cell::text(&l.account.code),
        Cell::text(&l.account.name),
        Cell::Int(l.debit_fen),
        Cell::Int(l.credit_fen),
    ];
    if layout == Layout::Kingdee {
        r.push(Cell::text("人民币"));
        r.push(Cell::Int(1));
    }
    r.push(Cell::text(&s.preparer));
    r
}

/// A row per line of the month's orders, in Xero's sales-invoice columns.
/// Prices are tax inclusive (choose so when importing): the unit amount is the
/// list price and the discount the share off it, so Xero's line amount is the
/// line's net as Folio rounded it. Cancelled orders are left out (Xero voids an
/// invoice rather than importing it), and so are returns: Xero imports credit
/// notes from a template of their own ([`Layout::XeroCreditNotes`]).
fn xero_rows(
    store: &Store,
    from: NaiveDate,
    to: NaiveDate,
    s: &VoucherSettings,
    emit: &mut Emit,
) -> Result<()> {
    orders::each_line_in_period(store, from, to, |l| {
        if l.status == orders::OrderStatus::Cancelled {
            return Ok(());
        }
        let off = 10_000 - l.discount_bp.clamp(0, 10_000);
        let mut r = vec![Cell::text(&l.customer_name)];
        r.extend(std::iter::repeat_n(Cell::Empty, 9));
        r.extend([
            Cell::text(&l.number),
            Cell::text(&l.customer_code),
            Cell::text(dmy(&l.order_date)),
            Cell::text(dmy(l.due_date.as_deref().unwrap_or(&l.order_date))),
            Cell::Empty,
            Cell::text(format!("{} {}", l.isbn, l.title)),
            Cell::Int(l.quantity),
            Cell::Int(l.list_price_fen),
            Cell::text(format!("{}.{:02}", off / 100, off % 100)),
            Cell::text(&s.xero_account_code),
            Cell::text(&s.xero_tax_type),
            Cell::Empty,
            Cell::Empty,
            Cell::Empty,
            Cell::Empty,
            Cell::text("CNY"),
            Cell::Empty,
        ]);
        emit(&r)
    })
}

/// A row per line of the month's customer returns, in Xero's credit-note
/// columns (its invoice template with CreditNoteNumber and CreditNoteDate, and
/// no due date). Amounts are positive, as Xero books a credit note against the
/// customer itself; prices tax inclusive, the discount the share off list price.
fn xero_credit_rows(
    store: &Store,
    from: NaiveDate,
    to: NaiveDate,
    s: &VoucherSettings,
    emit: &mut Emit,
) -> Result<()> {
    receivables::each_return(store, from, to, |head| {
        let r = receivables::return_by_number(store, &head.number)?;
        for l in &r.lines {
            let off = 10_000 - l.discount_bp.clamp(0, 10_000);
            let mut row = vec![Cell::text(&r.customer_name)];
            row.extend(std::iter::repeat_n(Cell::Empty, 9));
            row.extend([
                Cell::text(&r.number),
                Cell::text(r.order.clone().unwrap_or_default()),
                Cell::text(dmy(&r.date)),
                Cell::Empty,
                Cell::text(format!("{} {}", l.isbn, l.title)),
                Cell::Int(l.quantity),
                Cell::Int(l.list_price_fen),
                Cell::text(format!("{}.{:02}", off / 100, off % 100)),
                Cell::text(&s.xero_account_code),
                Cell::text(&s.xero_tax_type),
                Cell::Empty,
                Cell::Empty,
                Cell::Empty,
                Cell::Empty,
                Cell::text("CNY"),
                Cell::Empty,
            ]);
            emit(&row)?;
        }
        Ok(())
    })
}

/// A stored date as Xero reads it, DD/MM/YYYY.
fn dmy(d: &str) -> String {
    match NaiveDate::parse_from_str(d, "%Y-%m-%d") {
        Ok(d) => d.format("%d/%m/%Y").to_string(),
        Err(_) => d.to_string(),
    }
}

use Kind::*;

const KINGDEE: &[Column] = &[
    Column::new(Date, "日期", "日期"),
    Column::new(Text, "凭证字", "凭证字"),
    Column::new(Quantity, "凭证号", "凭证号").no_total(),
    Column::new(Quantity, "附单据数", "附单据数").no_total(),
    Column::new(Text, "摘要", "摘要"),
    Column::new(Code, "科目代码", "科目代码"),
    Column::new(Text, "科目名称", "科目名称"),
    Column::new(Money, "借方金额", "借方金额").no_total(),
    Column::new(Money, "贷方金额", "贷方金额").no_total(),
    Column::new(Text, "币别", "币别"),
    Column::new(Quantity, "汇率", "汇率").no_total(),
    Column::new(Text, "制单人", "制单人"),
];

const YONYOU: &[Column] = &[
    Column::new(Date, "制单日期", "制单日期"),
    Column::new(Text, "凭证类别", "凭证类别"),
    Column::new(Quantity, "凭证号", "凭证号").no_total(),
    Column::new(Quantity, "附单据数", "附单据数").no_total(),
    Column::new(Text, "摘要", "摘要"),
    Column::new(Code, "科目编码", "科目编码"),
    Column::new(Text, "科目名称", "科目名称"),
    Column::new(Money, "借方金额", "借方金额").no_total(),
    Column::new(Money, "贷方金额", "贷方金额").no_total(),
    Column::new(Text, "制单人", "制单人"),
];

/// Xero's sales-invoice template, in its order; `*` marks what Xero requires.
const XERO: &[Column] = &[
    Column::new(Text, "*ContactName", "*ContactName"),
    Column::new(Text, "EmailAddress", "EmailAddress"),
    Column::new(Text, "POAddressLine1", "POAddressLine1"),
    Column::new(Text, "POAddressLine2", "POAddressLine2"),
    Column::new(Text, "POAddressLine3", "POAddressLine3"),
    Column::new(Text, "POAddressLine4", "POAddressLine4"),
    Column::new(Text, "POCity", "POCity"),
    Column::new(Text, "PORegion", "PORegion"),
    Column::new(Text, "POPostalCode", "POPostalCode"),
    Column::new(Text, "POCountry", "POCountry"),
    Column::new(Code, "*InvoiceNumber", "*InvoiceNumber"),
    Column::new(Code, "Reference", "Reference"),
    Column::new(Code, "*InvoiceDate", "*InvoiceDate"),
    Column::new(Code, "*DueDate", "*DueDate"),
    Column::new(Code, "InventoryItemCode", "InventoryItemCode"),
    Column::new(Text, "*Description", "*Description"),
    Column::new(Quantity, "*Quantity", "*Quantity").no_total(),
    Column::new(Money, "*UnitAmount", "*UnitAmount").no_total(),
    Column::new(Code, "Discount", "Discount"),
    Column::new(Code, "*AccountCode", "*AccountCode"),
    Column::new(Text, "*TaxType", "*TaxType"),
    Column::new(Text, "TrackingName1", "TrackingName1"),
    Column::new(Text, "TrackingOption1", "TrackingOption1"),
    Column::new(Text, "TrackingName2", "TrackingName2"),
    Column::new(Text, "TrackingOption2", "TrackingOption2"),
    Column::new(Code, "Currency", "Currency"),
    Column::new(Text, "BrandingTheme", "BrandingTheme"),
];

/// Xero's credit-note template, in its order.
const XERO_CREDIT: &[Column] = &[
    Column::new(Text, "*ContactName", "*ContactName"),
    Column::new(Text, "EmailAddress", "EmailAddress"),
    Column::new(Text, "POAddressLine1", "POAddressLine1"),
    Column::new(Text, "POAddressLine2", "POAddressLine2"),
    Column::new(Text, "POAddressLine3", "POAddressLine3"),
    Column::new(Text, "POAddressLine4", "POAddressLine4"),
    Column::new(Text, "POCity", "POCity"),
    Column::new(Text, "PORegion", "PORegion"),
    Column::new(Text, "POPostalCode", "POPostalCode"),
    Column::new(Text, "POCountry", "POCountry"),
    Column::new(Code, "*CreditNoteNumber", "*CreditNoteNumber"),
    Column::new(Code, "Reference", "Reference"),
    Column::new(Code, "*CreditNoteDate", "*CreditNoteDate"),
    Column::new(Code, "InventoryItemCode", "InventoryItemCode"),
    Column::new(Text, "*Description", "*Description"),
    Column::new(Quantity, "*Quantity", "*Quantity").no_total(),
    Column::new(Money, "*UnitAmount", "*UnitAmount").no_total(),
    Column::new(Code, "Discount", "Discount"),
    Column::new(Code, "*AccountCode", "*AccountCode"),
    Column::new(Text, "*TaxType", "*TaxType"),
    Column::new(Text, "TrackingName1", "TrackingName1"),
    Column::new(Text, "TrackingOption1", "TrackingOption1"),
    Column::new(Text, "TrackingName2", "TrackingName2"),
    Column::new(Text, "TrackingOption2", "TrackingOption2"),
    Column::new(Code, "Currency", "Currency"),
    Column::new(Text, "BrandingTheme", "BrandingTheme"),
];

#[cfg(test)]
mod tests {
    use super::*;

    /// Revenue + tax = net exactly, revenue rounded half-up, at 9%, 13%, 3%, 1% and 0.
    #[test]
    fn vat_splits_to_the_fen() {
        for (net, rate, base, tax) in [
            (10_900, 900, 10_000, 900),
            (100, 900, 92, 8),      // 91.74… → 92
            (1, 900, 1, 0),         // 0.917… → 1, and no tax left
            (4193, 900, 3847, 346), // 3846.78… → 3847
            (-4193, 900, -3847, -346),
            (11_300, 1300, 10_000, 1300),
            (10_300, 300, 10_000, 300),
            (5050, 100, 5000, 50),
            (4193, 0, 4193, 0),
            (3, 2000, 3, 0), // 2.5 exactly → 3
            (-3, 2000, -3, 0),
        ] {
            assert_eq!(split_vat(net, rate), (base, tax), "{net} at {rate}");
        }
        for net in [i64::MAX / 2, i64::MIN / 2, 7, 999_999_999_999] {
            let (b, t) = split_vat(net, 900);
            assert_eq!(b + t, net);
        }
    }
}
