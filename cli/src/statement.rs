//! `folio statement`: a customer statement (对账单) for a period.

use clap::Args;

use folio::base::money;
use folio::base::text::for_terminal as cell;
use folio::trade::receivables;
use folio::FolioError;

use crate::{print_json, Ctx};

#[derive(Args)]
pub struct StatementArgs {
    #[arg(long, allow_hyphen_values = true)]
    customer: String,
    #[arg(long, allow_hyphen_values = true)]
    from: String,
    #[arg(long, allow_hyphen_values = true)]
    to: String,
}

pub fn run(ctx: &Ctx, a: StatementArgs) -> Result<(), FolioError> {
    let store = ctx.open()?;
    let s = receivables::statement(&store, &a.customer, &a.from, &a.to)?;
    if ctx.json {
        print_json(&s);
        return Ok(());
    }
    println!(
        "{} {}  {} to {}",
        cell(&s.code),
        cell(&s.name),
        s.from,
        s.to
    );
    println!(
        "opening balance {}",
        money::format_fen(s.opening_balance_fen)
    );
    for l in &s.lines {
        println!(
            "{}  {:<12}  {:<18}  {:>12}  {:>12}  {:>12}",
            l.date,
            l.kind,
            cell(&l.reference),
            if l.debit_fen != 0 {
                money::format_fen(l.debit_fen)
            } else {
                String::new()
            },
            if l.credit_fen != 0 {
                money::format_fen(l.credit_fen)
            } else {
                String::new()
            },
            money::format_fen(l.balance_fen)
        );
    }
    println!(
        "closing balance {}",
        money::format_fen(s.closing_balance_fen)
    );
    Ok(())
}
