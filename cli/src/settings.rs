//! `folio settings`: what the file is set to, shown or changed.
//!
//! `folio settings vouchers` shows how vouchers are booked (accounts, VAT rate,
//! voucher word, standard); each flag given changes that field, all of them in
//! one write or none. An account is given as its code, optionally followed by
//! its name: `--bank "100201 银行存款-工行"`; a code alone keeps the name.

use clap::{Args, Subcommand};

use folio::trade::accounting::{self, Account, VoucherSettings, VoucherSettingsInput};
use folio::FolioError;

use crate::{print_json, Ctx};

#[derive(Subcommand)]
pub enum SettingsCmd {
    /// Accounts, VAT rate and voucher word for `folio export vouchers`.
    Vouchers(VoucherArgs),
}

#[derive(Args)]
pub struct VoucherArgs {
    /// small (小企业会计准则, revenue 5001) or enterprise (企业会计准则, revenue 6001).
    #[arg(long)]
    standard: Option<String>,
    /// VAT rate: 9% (books), 3%, 1%, 0 (no tax line); 0 to 20%.
    #[arg(long, allow_hyphen_values = true)]
    vat_rate: Option<String>,
    /// 凭证字, e.g. 记.
    #[arg(long)]
    word: Option<String>,
    /// 制单人 on every voucher line (blank: none).
    #[arg(long)]
    preparer: Option<String>,
    /// 应收账款: "CODE [NAME]".
    #[arg(long, allow_hyphen_values = true)]
    receivable: Option<String>,
    /// 主营业务收入: "CODE [NAME]".
    #[arg(long, allow_hyphen_values = true)]
    revenue: Option<String>,
    /// 应交税费-销项税额: "CODE [NAME]".
    #[arg(long, allow_hyphen_values = true)]
    output_vat: Option<String>,
    /// 银行存款: "CODE [NAME]".
    #[arg(long, allow_hyphen_values = true)]
    bank: Option<String>,
    /// 库存现金: "CODE [NAME]".
    #[arg(long, allow_hyphen_values = true)]
    cash: Option<String>,
    /// Xero's revenue AccountCode (default 200).
    #[arg(long)]
    xero_account: Option<String>,
    /// Xero's TaxType, the tax rate's name in the organisation.
    #[arg(long)]
    xero_tax_type: Option<String>,
}

pub fn run(ctx: &Ctx, cmd: SettingsCmd) -> Result<(), FolioError> {
    match cmd {
        SettingsCmd::Vouchers(a) => vouchers(ctx, a),
    }
}

fn vouchers(ctx: &Ctx, a: VoucherArgs) -> Result<(), FolioError> {
    let mut store = ctx.open()?;
    let now = accounting::get(&store)?;
    // "CODE NAME" or "CODE": a code alone keeps the account's name.
    let account = |typed: &Option<String>, current: &Account| {
        typed.as_ref().map(|t| {
            let t = t.trim();
            match t.split_once(char::is_whitespace) {
                Some((code, name)) => Account {
                    code: code.to_string(),
                    name: name.trim().to_string(),
                },
                None => Account {
                    code: t.to_string(),
                    name: current.name.clone(),
                },
            }
        })
    };
    let input = VoucherSettingsInput {
        standard: a.standard.clone(),
        receivable: account(&a.receivable, &now.receivable),
        revenue: account(&a.revenue, &now.revenue),
        output_vat: account(&a.output_vat, &now.output_vat),
        bank: account(&a.bank, &now.bank),
        cash: account(&a.cash, &now.cash),
        vat_rate: a.vat_rate.clone(),
        voucher_word: a.word.clone(),
        preparer: a.preparer.clone(),
        xero_account_code: a.xero_account.clone(),
        xero_tax_type: a.xero_tax_type.clone(),
    };
    let settings = if input == VoucherSettingsInput::default() {
        now
    } else {
        accounting::set(&mut store, &input)?
    };
    if ctx.json {
        print_json(&settings);
    } else {
        show(&settings);
    }
    Ok(())
}

fn show(s: &VoucherSettings) {
    let standard = match s.standard {
        accounting::Standard::Small => "small (小企业会计准则)",
        accounting::Standard::Enterprise => "enterprise (企业会计准则)",
    };
    println!("standard      {standard}");
    println!(
        "vat rate      {}.{:02}%",
        s.vat_rate_bp / 100,
        s.vat_rate_bp % 100
    );
    println!("voucher word  {}", s.voucher_word);
    println!("preparer      {}", s.preparer);
    for (label, a) in [
        ("receivable", &s.receivable),
        ("revenue", &s.revenue),
        ("output vat", &s.output_vat),
        ("bank", &s.bank),
        ("cash", &s.cash),
    ] {
        println!("{label:<13} {} {}", a.code, a.name);
    }
    println!("xero account  {}", s.xero_account_code);
    println!("xero tax type {}", s.xero_tax_type);
}
