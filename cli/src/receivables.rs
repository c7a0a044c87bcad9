//! `folio receivables`: what customers owe, with aging, and `receivables opening`
//! for a balance brought over from another system.

use clap::{Args, Subcommand};

use folio::base::money;
use folio::base::text::for_terminal as cell;
use folio::trade::receivables;
use folio::FolioError;

use crate::{print_json, Ctx};

#[derive(Args)]
pub struct ReceivablesArgs {
    #[command(subcommand)]
    cmd: Option<ReceivablesCmd>,
}

#[derive(Subcommand)]
pub enum ReceivablesCmd {
    /// Record what a customer owed when their account came from another system.
    Opening {
        #[arg(long, allow_hyphen_values = true)]
        customer: String,
        #[arg(long, allow_hyphen_values = true)]
        amount: String,
        #[arg(long, default_value = "", allow_hyphen_values = true)]
        date: String,
    },
}

pub fn run(ctx: &Ctx, args: ReceivablesArgs) -> Result<(), FolioError> {
    let mut store = ctx.open()?;
    match args.cmd {
        Some(ReceivablesCmd::Opening {
            customer,
            amount,
            date,
        }) => {
            let balance = receivables::add_opening(&mut store, &customer, &amount, &date)?;
            if ctx.json {
                print_json(&serde_json::json!({
                    "customer": customer,
                    "balance_fen": balance,
                }));
            } else {
                println!(
                    "{} now owes {}",
                    cell(&customer),
                    money::format_fen(balance)
                );
            }
        }
        None => {
            let rows = receivables::aging(&store)?;
            if ctx.json {
                print_json(&rows);
            } else {
                println!("code\tname\tbalance\tcurrent\t1-30\t31-60\t61-90\t>90\tcredit");
                for a in rows {
                    println!(
                        "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
                        cell(&a.code),
                        cell(&a.name),
                        money::format_fen(a.balance_fen),
                        money::format_fen(a.current_fen),
                        money::format_fen(a.days_1_30_fen),
                        money::format_fen(a.days_31_60_fen),
                        money::format_fen(a.days_61_90_fen),
                        money::format_fen(a.over_90_fen),
                        money::format_fen(a.credit_fen)
                    );
                }
            }
        }
    }
    Ok(())
}
