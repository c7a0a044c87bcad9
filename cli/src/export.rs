//! `folio export`: a spreadsheet for the accountant, .xlsx (the default) or CSV.
//!
//! `folio export KIND OUT.xlsx` writes a workbook; `--csv`, `--encoding` or an
//! `OUT.csv` name write CSV instead (UTF-8 with a BOM unless `--encoding gbk`).
//! Sheet names, headers and words are in `--lang en|zh`, by default the
//! language the file's UI is set to, Chinese when none was chosen. Nothing is
//! written unless the whole export is: the rows go to a temporary file beside
//! OUT that is renamed over it at the end.

use std::path::PathBuf;

use clap::{Args, Subcommand};

use folio::base::error::Code;
use folio::base::progress::Progress;
use folio::exchange::exports::Period;
use folio::exchange::vouchers::Layout;
use folio::exchange::{export, Encoding, Export, Format, Lang, Options};
use folio::FolioError;

use crate::{print_json, Ctx};

#[derive(Subcommand)]
pub enum ExportCmd {
    /// Every customer, archived ones too, with their balance.
    Customers(Out),
    /// A row per confirmed order (cancelled ones marked) in the period.
    Orders(Ranged),
    /// The sales ledger: a row per line of the confirmed orders in the period.
    Ledger(Ranged),
    /// A row per customer return in the period.
    Returns(Ranged),
    /// A row per payment received in the period.
    Payments(Ranged),
    /// Receivables aging: every customer with a balance, as of today.
    Receivables(Out),
    /// A customer statement (对账单) for a period.
    Statement(StatementOut),
    /// Every item on hand and its value at list price and at cost.
    Stock(Out),
    /// The monthly accountant pack: Sales, Returns, Payments, Receivables,
    /// Stock and Reconciliation in one workbook (.xlsx only).
    Pack(MonthOut),
    /// The month's vouchers (凭证) for Kingdee KIS or Yonyou T3, or its sales
    /// invoices or credit notes for Xero (always CSV).
    Vouchers(VouchersOut),
}

#[derive(Args)]
pub struct MonthOut {
    #[command(flatten)]
    out: Out,
    /// The month, YYYY-MM.
    #[arg(long, allow_hyphen_values = true)]
    month: String,
}

#[derive(Args)]
pub struct VouchersOut {
    #[command(flatten)]
    out: Out,
    /// The month, YYYY-MM.
    #[arg(long, allow_hyphen_values = true)]
    month: String,
    /// kingdee (the default), yonyou, xero (sales invoices) or xero-credit-notes (returns).
    #[arg(long, default_value = "kingdee")]
    format: String,
}

#[derive(Args)]
pub struct Out {
    /// The file to write (.xlsx, or .csv for CSV).
    out: PathBuf,
    /// Write CSV rather than .xlsx.
    #[arg(long)]
    csv: bool,
    /// CSV encoding: utf8 (with a BOM, the default) or gbk. Implies --csv.
    #[arg(long)]
    encoding: Option<String>,
    /// Language of sheet names and headers: en or zh (default: the file's UI language, else zh).
    #[arg(long)]
    lang: Option<String>,
}

#[derive(Args)]
pub struct Ranged {
    #[command(flatten)]
    out: Out,
    /// First day (YYYY-MM-DD); blank: from the start.
    #[arg(long, allow_hyphen_values = true, default_value = "")]
    from: String,
    /// Last day (YYYY-MM-DD); blank: to the end.
    #[arg(long, allow_hyphen_values = true, default_value = "")]
    to: String,
}

#[derive(Args)]
pub struct StatementOut {
    #[command(flatten)]
    out: Out,
    #[arg(long, allow_hyphen_values = true)]
    customer: String,
    #[arg(long, allow_hyphen_values = true)]
    from: String,
    #[arg(long, allow_hyphen_values = true)]
    to: String,
}

pub fn run(ctx: &Ctx, cmd: ExportCmd) -> Result<(), FolioError> {
    let period = |r: &Ranged| Period {
        from: r.from.clone(),
        to: r.to.clone(),
    };
    let (what, out) = match &cmd {
        ExportCmd::Customers(o) => (Export::Customers, o),
        ExportCmd::Orders(r) => (Export::Orders(period(r)), &r.out),
        ExportCmd::Ledger(r) => (Export::Ledger(period(r)), &r.out),
        ExportCmd::Returns(r) => (Export::Returns(period(r)), &r.out),
        ExportCmd::Payments(r) => (Export::Payments(period(r)), &r.out),
        ExportCmd::Receivables(o) => (Export::Receivables, o),
        ExportCmd::Statement(s) => (
            Export::Statement {
                customer: s.customer.clone(),
                from: s.from.clone(),
                to: s.to.clone(),
            },
            &s.out,
        ),
        ExportCmd::Stock(o) => (Export::Stock, o),
        ExportCmd::Pack(m) => (
            Export::Pack {
                month: m.month.clone(),
            },
            &m.out,
        ),
        ExportCmd::Vouchers(v) => (
            Export::Vouchers {
                month: v.month.clone(),
                layout: Layout::parse(&v.format)?,
            },
            &v.out,
        ),
    };
    let format = match (&out.encoding, out.csv) {
        (Some(e), _) => Format::Csv(Encoding::parse(e)?),
        (None, true) => Format::Csv(Encoding::Utf8Bom),
        (None, false) => Format::for_path(&out.out),
    };
    // Xero imports CSV alone; a file named .xlsx holding CSV would only mislead.
    if matches!(
        what,
        Export::Vouchers {
            layout: Layout::Xero | Layout::XeroCreditNotes,
            ..
        }
    ) && format == Format::Xlsx
        && out
            .out
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))
    {
        return Err(FolioError::invalid(
            Code::KindInvalid,
            "format",
            "Xero imports invoices from CSV: name the file .csv",
        ));
    }
    let store = ctx.open()?;
    let lang = match &out.lang {
        Some(l) => Lang::parse(l)?,
        None => Lang::of_store(&store)?,
    };
    let done = export(
        &store,
        &what,
        &out.out,
        &Options::new(format, lang),
        &Interrupt::watch(),
    )?;
    if ctx.json {
        print_json(&done);
    } else {
        println!("wrote {} rows to {}", done.rows, done.path.display());
    }
    Ok(())
}

/// Ctrl+C during an export cancels it, like the app's cancel button: the core
/// stops between rows and removes its temporary file, so no half-written file is
/// left beside OUT (being killed outright would leave the hidden `.OUT…folio-tmp`).
pub(crate) struct Interrupt;

static INTERRUPTED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

#[cfg(unix)]
extern "C" fn on_interrupt(_: libc::c_int) {
    // Only an atomic store: all a signal handler may safely do.
    INTERRUPTED.store(true, std::sync::atomic::Ordering::SeqCst);
}

impl Interrupt {
    pub(crate) fn watch() -> Interrupt {
        #[cfg(unix)]
        // SAFETY: the handler only stores to an atomic, which is async-signal-safe.
        unsafe {
            libc::signal(
                libc::SIGINT,
                on_interrupt as extern "C" fn(libc::c_int) as libc::sighandler_t,
            );
            libc::signal(
                libc::SIGTERM,
                on_interrupt as extern "C" fn(libc::c_int) as libc::sighandler_t,
            );
        }
        Interrupt
    }
}

impl Progress for Interrupt {
    fn report(&self, _done: u64, _total: u64) {}
    fn is_cancelled(&self) -> bool {
        INTERRUPTED.load(std::sync::atomic::Ordering::SeqCst)
    }
}
