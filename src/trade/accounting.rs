//! How the wholesaler's accountant books Folio's documents: the accounts
//! (科目) vouchers post to, the VAT rate, the voucher word (凭证字), and the
//! accounting standard, which picks the default revenue account. Kept in the
//! settings table, one key per field (`vouchers.*`); a field never set reads
//! as its default, so a file that never saw this screen still exports.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::base::error::{Code, FolioError, Result};
use crate::base::text::{self, quote};
use crate::store::Store;

/// The accounting standard the books are kept under.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Standard {
    /// 小企业会计准则: revenue 5001, what most small wholesalers keep.
    Small,
    /// 企业会计准则: revenue 6001.
    Enterprise,
}

impl Standard {
    pub fn as_str(self) -> &'static str {
        match self {
            Standard::Small => "small",
            Standard::Enterprise => "enterprise",
        }
    }

    /// `small` / `小企业会计准则`, `enterprise` / `企业会计准则`.
    pub fn parse(s: &str) -> Result<Standard> {
        match s.trim().to_ascii_lowercase().as_str() {
            "small" | "小企业会计准则" | "小企业" => Ok(Standard::Small),
            "enterprise" | "企业会计准则" | "企业" => Ok(Standard::Enterprise),
            _ => Err(FolioError::invalid(
                Code::KindInvalid,
                "standard",
                format!(
                    "standard {} must be small (小企业会计准则) or enterprise (企业会计准则)",
                    quote(s)
                ),
            )),
        }
    }

    /// 主营业务收入 under this standard.
    fn revenue(self) -> Account {
        match self {
            Standard::Small => Account::new("5001", "主营业务收入"),
            Standard::Enterprise => Account::new("6001", "主营业务收入"),
        }
    }
}

/// One account of the chart: its code and name as the accountant's software has them.
/// (`LedgerAccount` in TypeScript, beside the receivables' customer `Account`.)
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(rename = "LedgerAccount")]
pub struct Account {
    pub code: String,
    pub name: String,
}

impl Account {
    fn new(code: &str, name: &str) -> Account {
        Account {
            code: code.into(),
            name: name.into(),
        }
    }
}

/// Everything a voucher export needs to know.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct VoucherSettings {
    pub standard: Standard,
    /// 应收账款, debited by a sale and credited by a payment.
    pub receivable: Account,
    /// 主营业务收入, credited by a sale with its amount before tax.
    pub revenue: Account,
    /// 应交税费-应交增值税-销项税额, credited by a sale with its output VAT.
    pub output_vat: Account,
    /// 银行存款, debited by a payment by transfer, WeChat/Alipay and the rest.
    pub bank: Account,
    /// 库存现金, debited by a payment in cash.
    pub cash: Account,
    /// VAT in basis points of the amount before tax: 900 = 9% (books, a general
    /// taxpayer); 0 writes no tax line. 0 to [`MAX_VAT_BP`].
    #[ts(type = "number")]
    pub vat_rate_bp: i64,
    /// 凭证字: 记, or 收/转 where the books keep several words.
    pub voucher_word: String,
    /// 制单人 written on every voucher line; blank leaves it to the importer.
    pub preparer: String,
    /// Xero: the revenue account's code (Xero's default chart: 200 Sales).
    pub xero_account_code: String,
    /// Xero: the tax rate's name as the organisation has it.
    pub xero_tax_type: String,
}

/// What [`set`] changes: each field given is checked and saved, the rest kept.
/// The rate is as typed: `9%`, `9`, `0`, `1.5%` (percent, at most two decimals).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct VoucherSettingsInput {
    pub standard: Option<String>,
    pub receivable: Option<Account>,
    pub revenue: Option<Account>,
    pub output_vat: Option<Account>,
    pub bank: Option<Account>,
    pub cash: Option<Account>,
    pub vat_rate: Option<String>,
    pub voucher_word: Option<String>,
    pub preparer: Option<String>,
    pub xero_account_code: Option<String>,
    pub xero_tax_type: Option<String>,
}

/// The highest VAT rate taken: 20%, above any rate China has levied on goods.
pub const MAX_VAT_BP: i64 = 2000;
/// An account code: 1 to 20 digits (Kingdee and Yonyou codes are digits, a
/// sub-account's appended to its parent's: 222101).
pub const MAX_CODE_LEN: usize = 20;
pub const MAX_NAME_LEN: usize = 40;
const MAX_WORD_LEN: usize = 4;
const MAX_PREPARER_LEN: usize = 20;
const MAX_XERO_LEN: usize = 50;

const DEFAULT_VAT_BP: i64 = 900;

fn key(field: &str) -> String {
    format!("vouchers.{field}")
}

/// The settings, each field as saved or its default.
pub fn get(store: &Store) -> Result<VoucherSettings> {
    let read = |field: &str| store.setting(&key(field));
    let standard = match read("standard")? {
        Some(s) => Standard::parse(&s).unwrap_or(Standard::Small),
        None => Standard::Small,
    };
    let account = |field: &str, default: Account| -> Result<Account> {
        Ok(Account {
            code: read(&format!("{field}.code"))?.unwrap_or(default.code),
            name: read(&format!("{field}.name"))?.unwrap_or(default.name),
        })
    };
    Ok(VoucherSettings {
        standard,
        receivable: account("receivable", Account::new("1122", "应收账款"))?,
        // Revenue follows the standard until the accountant names an account of their own.
        revenue: account("revenue", standard.revenue())?,
        output_vat: account(
            "output_vat",
            Account::new("222101", "应交税费-应交增值税-销项税额"),
        )?,
        bank: account("bank", Account::new("1002", "银行存款"))?,
        cash: account("cash", Account::new("1001", "库存现金"))?,
        vat_rate_bp: read("vat_rate_bp")?
            .and_then(|v| v.parse().ok())
            .filter(|v| (0..=MAX_VAT_BP).contains(v))
            .unwrap_or(DEFAULT_VAT_BP),
        voucher_word: read("voucher_word")?.unwrap_or_else(|| "记".into()),
        preparer: read("preparer")?.unwrap_or_default(),
        xero_account_code: read("xero_account_code")?.unwrap_or_else(|| "200".into()),
        xero_tax_type: read("xero_tax_type")?.unwrap_or_else(|| "Tax on Sales".into()),
    })
}

/// Checks every field given and saves them all in one write, or none.
pub fn set(store: &mut Store, input: &VoucherSettingsInput) -> Result<VoucherSettings> {
    let mut rows: Vec<(String, String)> = Vec::new();
    if let Some(s) = &input.standard {
        rows.push((key("standard"), Standard::parse(s)?.as_str().into()));
    }
    for (field, a) in [
        ("receivable", &input.receivable),
        ("revenue", &input.revenue),
        ("output_vat", &input.output_vat),
        ("bank", &input.bank),
        ("cash", &input.cash),
    ] {
        if let Some(a) = a {
            let code_field = format!("{field}.code");
            let name_field = format!("{field}.name");
            rows.push((key(&code_field), account_code(&code_field, &a.code)?));
            rows.push((
                key(&name_field),
                required(&name_field, &a.name, MAX_NAME_LEN)?,
            ));
        }
    }
    if let Some(r) = &input.vat_rate {
        rows.push((key("vat_rate_bp"), vat_rate("vat_rate", r)?.to_string()));
    }
    if let Some(w) = &input.voucher_word {
        rows.push((
            key("voucher_word"),
            required("voucher_word", w, MAX_WORD_LEN)?,
        ));
    }
    if let Some(p) = &input.preparer {
        rows.push((
            key("preparer"),
            text::line("preparer", p, MAX_PREPARER_LEN)?,
        ));
    }
    if let Some(c) = &input.xero_account_code {
        rows.push((
            key("xero_account_code"),
            required("xero_account_code", c, MAX_XERO_LEN)?,
        ));
    }
    if let Some(t) = &input.xero_tax_type {
        rows.push((
            key("xero_tax_type"),
            required("xero_tax_type", t, MAX_XERO_LEN)?,
        ));
    }
    store.write("vouchers.settings", "setting", |tx| {
        for (k, v) in &rows {
            tx.execute(
                "INSERT INTO settings (key, value) VALUES (?1, ?2)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (k, v),
            )?;
        }
        Ok(((), None))
    })?;
    get(store)
}

fn account_code(field: &str, code: &str) -> Result<String> {
    let c = code.trim();
    if c.is_empty() || c.len() > MAX_CODE_LEN || !c.bytes().all(|b| b.is_ascii_digit()) {
        return Err(FolioError::invalid(
            Code::CodeInvalid,
            field,
            format!(
                "{field}: account code {} must be 1 to {MAX_CODE_LEN} digits",
                quote(code)
            ),
        ));
    }
    Ok(c.to_string())
}

/// One line of text, not blank, at most `max` characters.
fn required(field: &str, value: &str, max: usize) -> Result<String> {
    let v = text::line(field, value, max)?;
    if v.is_empty() {
        return Err(FolioError::invalid(
            Code::NameRequired,
            field,
            format!("{field} must not be blank"),
        ));
    }
    Ok(v)
}

/// A VAT rate as typed, in basis points: `9%`, `9`, `1.5%`, `0`; 0 to 20%.
pub fn vat_rate(field: &str, typed: &str) -> Result<i64> {
    let t = typed.trim();
    let digits = t.strip_suffix('%').unwrap_or(t).trim();
    let bad = || {
        FolioError::invalid(
            Code::NumberRange,
            field,
            format!(
                "{field}: VAT rate {} must be a percentage from 0% to {}% with at most two decimals, like 9%",
                quote(typed),
                MAX_VAT_BP / 100
            ),
        )
    };
    let (whole, frac) = match digits.split_once('.') {
        Some((w, f)) => (w, f),
        None => (digits, ""),
    };
    let ok = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || whole.len() > 3 || frac.len() > 2 || !ok(whole) || !ok(frac) {
        return Err(bad());
    }
    let w: i64 = whole.parse().map_err(|_| bad())?;
    let f: i64 = format!("{frac:0<2}").parse().map_err(|_| bad())?;
    let bp = w * 100 + f;
    if !(0..=MAX_VAT_BP).contains(&bp) {
        return Err(bad());
    }
    Ok(bp)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vat_rates_as_typed() {
        for (typed, want) in [
            ("9%", Some(900)),
            ("9", Some(900)),
            (" 13 % ", Some(1300)),
            ("0", Some(0)),
            ("0%", Some(0)),
            ("1.5%", Some(150)),
            ("3.25", Some(325)),
            ("20%", Some(2000)),
            ("20.01%", None),
            ("-1%", None),
            ("9.999", None),
            ("", None),
            ("%", None),
            ("nine", None),
            ("1e2", None),
            (".5", None),
        ] {
            assert_eq!(vat_rate("vat_rate", typed).ok(), want, "{typed:?}");
        }
    }

    #[test]
    fn defaults_follow_the_standard_until_revenue_is_named() {
        let mut store = Store::open_in_memory().unwrap();
        let s = get(&store).unwrap();
        assert_eq!(s.standard, Standard::Small);
        assert_eq!(s.revenue.code, "5001");
        assert_eq!(s.receivable, Account::new("1122", "应收账款"));
        assert_eq!((s.vat_rate_bp, s.voucher_word.as_str()), (900, "记"));
        let s = set(
            &mut store,
            &VoucherSettingsInput {
                standard: Some("企业会计准则".into()),
                ..Default::default()
            },
        )
        .unwrap();
        assert_eq!(s.revenue.code, "6001");
        let s = set(
            &mut store,
            &VoucherSettingsInput {
                revenue: Some(Account::new("600101", "主营业务收入-图书")),
                standard: Some("small".into()),
                ..Default::default()
            },
        )
        .unwrap();
        assert_eq!(
            s.revenue.code, "600101",
            "named: kept whatever the standard"
        );
    }

    /// Each bad field is refused with its own field named, and nothing is saved,
    /// not even the good fields beside it.
    #[test]
    fn settings_are_checked_and_saved_whole() {
        let mut store = Store::open_in_memory().unwrap();
        let acct = |code: &str, name: &str| Some(Account::new(code, name));
        let good = || VoucherSettingsInput {
            vat_rate: Some("3%".into()),
            ..Default::default()
        };
        let cases: Vec<(VoucherSettingsInput, &str, &str)> = vec![
            (
                VoucherSettingsInput {
                    bank: acct("10O2", "银行存款"),
                    ..good()
                },
                "bank.code",
                "code_invalid",
            ),
            (
                VoucherSettingsInput {
                    cash: acct("", "库存现金"),
                    ..good()
                },
                "cash.code",
                "code_invalid",
            ),
            (
                VoucherSettingsInput {
                    receivable: acct(&"1".repeat(21), "应收账款"),
                    ..good()
                },
                "receivable.code",
                "code_invalid",
            ),
            (
                VoucherSettingsInput {
                    revenue: acct("5001", " "),
                    ..good()
                },
                "revenue.name",
                "name_required",
            ),
            (
                VoucherSettingsInput {
                    output_vat: acct("222101", &"税".repeat(41)),
                    ..good()
                },
                "output_vat.name",
                "too_long",
            ),
            (
                VoucherSettingsInput {
                    output_vat: acct("222101", "销项\n税额"),
                    ..good()
                },
                "output_vat.name",
                "text_invalid",
            ),
            (
                VoucherSettingsInput {
                    vat_rate: Some("21%".into()),
                    ..Default::default()
                },
                "vat_rate",
                "number_range",
            ),
            (
                VoucherSettingsInput {
                    voucher_word: Some("".into()),
                    ..good()
                },
                "voucher_word",
                "name_required",
            ),
            (
                VoucherSettingsInput {
                    standard: Some("ifrs".into()),
                    ..good()
                },
                "standard",
                "kind_invalid",
            ),
        ];
        for (input, field, code) in cases {
            let e = set(&mut store, &input).unwrap_err();
            assert_eq!(e.code().as_str(), code, "{field}: {e}");
            assert_eq!(e.field(), Some(field), "{e}");
            assert_eq!(get(&store).unwrap().vat_rate_bp, 900, "nothing saved");
        }
        let s = set(&mut store, &good()).unwrap();
        assert_eq!(s.vat_rate_bp, 300);
    }
}
