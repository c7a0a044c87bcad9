//! An export as the app asks for it: what, for which period or customer, in
//! which file format. The app sends this one value and gets back the name to
//! suggest in the Save dialog; the shell then runs [`run`] on its job runner.
//! The CLI builds an [`Export`] from its own arguments instead.

use std::path::Path;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::base::error::Result;
use crate::base::progress::Progress;
use crate::store::Store;

use super::exports::{export, Export, Exported, Period};
use super::sheet::Lang;
use super::vouchers::Layout;
use super::write::{Encoding, Format, Options};

/// What can be exported from the app.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ExportKind {
    Customers,
    Orders,
    Ledger,
    Returns,
    Payments,
    Receivables,
    Statement,
    Stock,
    /// The monthly accountant pack: one workbook of the month.
    Pack,
    /// The month's vouchers (凭证) for Kingdee or Yonyou, or invoices for Xero.
    Vouchers,
}

/// The file an export writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ExportFile {
    Xlsx,
    /// UTF-8 with a byte-order mark, which Excel and WPS read as UTF-8.
    CsvUtf8,
    /// GBK, for older tools that expect what Chinese Excel writes.
    CsvGbk,
}

impl ExportFile {
    pub fn extension(self) -> &'static str {
        match self {
            ExportFile::Xlsx => "xlsx",
            ExportFile::CsvUtf8 | ExportFile::CsvGbk => "csv",
        }
    }
}

/// One export, as the app's export page fills it in. Fields a kind does not use
/// are ignored (a period for the customer list, a customer for the ledger).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ExportRequest {
    pub kind: ExportKind,
    /// First day, `YYYY-MM-DD`; blank: from the start.
    #[serde(default)]
    pub from: String,
    /// Last day, `YYYY-MM-DD`; blank: to the end.
    #[serde(default)]
    pub to: String,
    /// The customer's code, for a statement.
    #[serde(default)]
    pub customer: String,
    /// The month, `YYYY-MM`, for the accountant pack and the vouchers.
    #[serde(default)]
    pub month: String,
    /// Whose import layout the vouchers take; Kingdee when not given.
    #[serde(default)]
    pub layout: Option<Layout>,
    /// The language of sheet names and headers: the window's (`en`, `zh-CN`),
    /// else the file's setting.
    #[serde(default)]
    pub lang: Option<String>,
    pub file: ExportFile,
}

impl ExportRequest {
    /// The core's export this request asks for.
    pub fn export(&self) -> Export {
        let period = || Period {
            from: self.from.clone(),
            to: self.to.clone(),
        };
        match self.kind {
            ExportKind::Customers => Export::Customers,
            ExportKind::Orders => Export::Orders(period()),
            ExportKind::Ledger => Export::Ledger(period()),
            ExportKind::Returns => Export::Returns(period()),
            ExportKind::Payments => Export::Payments(period()),
            ExportKind::Receivables => Export::Receivables,
            ExportKind::Statement => Export::Statement {
                customer: self.customer.clone(),
                from: self.from.clone(),
                to: self.to.clone(),
            },
            ExportKind::Stock => Export::Stock,
            ExportKind::Pack => Export::Pack {
                month: self.month.clone(),
            },
            ExportKind::Vouchers => Export::Vouchers {
                month: self.month.clone(),
                layout: self.layout.unwrap_or(Layout::Kingdee),
            },
        }
    }

    /// The file's extension: Xero's invoices are CSV whatever was chosen, and
    /// the pack a workbook.
    pub fn extension(&self) -> &'static str {
        match (self.kind, self.layout) {
            (ExportKind::Vouchers, Some(Layout::Xero | Layout::XeroCreditNotes)) => "csv",
            (ExportKind::Pack | ExportKind::Vouchers, _) => "xlsx",
            _ => self.file.extension(),
        }
    }

    /// The language the request names, else the one the file's UI is set to.
    pub fn language(&self, store: &Store) -> Result<Lang> {
        match &self.lang {
            Some(l) => Lang::parse(l),
            None => Lang::of_store(store),
        }
    }

    /// The format written, which follows [`ExportRequest::extension`].
    pub fn format(&self) -> Format {
        match (self.extension(), self.file) {
            ("xlsx", _) => Format::Xlsx,
            (_, ExportFile::CsvGbk) => Format::Csv(Encoding::Gbk),
            _ => Format::Csv(Encoding::Utf8Bom),
        }
    }

    /// The file name the Save dialog offers: what it is and for when, in the
    /// file's language, such as `销售明细 2026-11-01–2026-11-30.xlsx` or
    /// `Customers 2026-12-01.xlsx`. Only characters every file system takes.
    pub fn suggested_name(&self, lang: Lang, today: &str) -> String {
        let what = match self.kind {
            ExportKind::Customers => lang.pick("Customers", "客户"),
            ExportKind::Orders => lang.pick("Orders", "销售单"),
            ExportKind::Ledger => lang.pick("Sales ledger", "销售明细"),
            ExportKind::Returns => lang.pick("Returns", "退货单"),
            ExportKind::Payments => lang.pick("Payments", "收款"),
            ExportKind::Receivables => lang.pick("Receivables", "应收账龄"),
            ExportKind::Statement => lang.pick("Statement", "对账单"),
            ExportKind::Stock => lang.pick("Stock", "库存"),
            ExportKind::Pack => lang.pick("Monthly pack", "月度会计资料"),
            ExportKind::Vouchers => match self.layout {
                Some(Layout::Xero) => "Xero invoices",
                Some(Layout::XeroCreditNotes) => "Xero credit notes",
                Some(Layout::Yonyou) => lang.pick("Vouchers (Yonyou)", "凭证（用友）"),
                _ => lang.pick("Vouchers (Kingdee)", "凭证（金蝶）"),
            },
        };
        let ranged = matches!(
            self.kind,
            ExportKind::Orders
                | ExportKind::Ledger
                | ExportKind::Returns
                | ExportKind::Payments
                | ExportKind::Statement
        );
        let when = if matches!(self.kind, ExportKind::Pack | ExportKind::Vouchers) {
            self.month.trim().to_string()
        } else if ranged {
            match (self.from.trim(), self.to.trim()) {
                ("", "") => String::new(),
                (f, t) => format!("{f}–{t}"),
            }
        } else {
            today.to_string()
        };
        let mut name = what.to_string();
        if self.kind == ExportKind::Statement && !self.customer.trim().is_empty() {
            name.push(' ');
            name.push_str(self.customer.trim());
        }
        if !when.is_empty() {
            name.push(' ');
            name.push_str(&when);
        }
        let safe: String = name
            .chars()
            .map(|c| match c {
                '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' => '_',
                c if c.is_control() => '_',
                c => c,
            })
            .collect();
        format!("{safe}.{}", self.extension())
    }
}

/// Writes the export `req` asks for to `dest`, in the language the file's UI
/// is set to, reporting to `progress` and stopping when it is cancelled.
pub fn run(
    store: &Store,
    req: &ExportRequest,
    dest: &Path,
    progress: &dyn Progress,
) -> Result<Exported> {
    let opts = Options::new(req.format(), req.language(store)?);
    export(store, &req.export(), dest, &opts, progress)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(
        kind: ExportKind,
        from: &str,
        to: &str,
        customer: &str,
        file: ExportFile,
    ) -> ExportRequest {
        ExportRequest {
            kind,
            from: from.into(),
            to: to.into(),
            customer: customer.into(),
            month: from.get(..7).unwrap_or_default().into(),
            layout: None,
            lang: None,
            file,
        }
    }

    #[test]
    fn suggested_names() {
        use ExportFile::*;
        use ExportKind::*;
        for (r, lang, want) in [
            (
                req(Customers, "", "", "", Xlsx),
                Lang::Zh,
                "客户 2026-12-01.xlsx",
            ),
            (
                req(Customers, "2020-01-01", "", "", Xlsx),
                Lang::En,
                "Customers 2026-12-01.xlsx",
            ),
            (
                req(Ledger, "2026-11-01", "2026-11-30", "", CsvGbk),
                Lang::Zh,
                "销售明细 2026-11-01–2026-11-30.csv",
            ),
            (req(Orders, "", "", "", CsvUtf8), Lang::En, "Orders.csv"),
            (
                req(Statement, "2026-11-01", "2026-11-30", " C/01 ", Xlsx),
                Lang::En,
                "Statement C_01 2026-11-01–2026-11-30.xlsx",
            ),
            (
                req(Payments, "2026-11-01", "", "", Xlsx),
                Lang::En,
                "Payments 2026-11-01–.xlsx",
            ),
            (
                req(Pack, "2026-11-01", "", "", CsvGbk),
                Lang::Zh,
                "月度会计资料 2026-11.xlsx",
            ),
            (
                req(Vouchers, "2026-11-01", "", "", CsvUtf8),
                Lang::Zh,
                "凭证（金蝶） 2026-11.xlsx",
            ),
            (
                ExportRequest {
                    layout: Some(Layout::Xero),
                    ..req(Vouchers, "2026-11-01", "", "", Xlsx)
                },
                Lang::En,
                "Xero invoices 2026-11.csv",
            ),
        ] {
            assert_eq!(r.suggested_name(lang, "2026-12-01"), want);
        }
    }

    #[test]
    fn requests_read_as_the_app_sends_them() {
        let r: ExportRequest =
            serde_json::from_str(r#"{"kind":"statement","customer":"C1","file":"csv_gbk"}"#)
                .unwrap();
        assert_eq!(r.kind, ExportKind::Statement);
        assert_eq!(r.format(), Format::Csv(Encoding::Gbk));
        assert!(matches!(r.export(), Export::Statement { customer, .. } if customer == "C1"));
    }
}
