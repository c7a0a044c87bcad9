//! `folio payments`: payments received (收款).

use clap::Subcommand;

use folio::base::money;
use folio::trade::receivables::{self, PaymentInput};
use folio::FolioError;

use crate::{print_json, Ctx};

#[derive(Subcommand)]
pub enum PaymentsCmd {
    /// Record a payment received.
    Add {
        #[arg(long, allow_hyphen_values = true)]
        customer: String,
        #[arg(long, allow_hyphen_values = true)]
        amount: String,
        /// cash, bank_transfer (default), wechat_alipay, cash_on_delivery, other.
        #[arg(long, default_value = "", allow_hyphen_values = true)]
        method: String,
        #[arg(long, default_value = "", allow_hyphen_values = true)]
        date: String,
        #[arg(long, default_value = "", allow_hyphen_values = true)]
        reference: String,
    },
}

pub fn run(ctx: &Ctx, cmd: PaymentsCmd) -> Result<(), FolioError> {
    let mut store = ctx.open()?;
    match cmd {
        PaymentsCmd::Add {
            customer,
            amount,
            method,
            date,
            reference,
        } => {
            let p = receivables::add_payment(
                &mut store,
                &PaymentInput {
                    customer,
                    amount,
                    method,
                    date,
                    reference,
                },
            )?;
            if ctx.json {
                print_json(&p);
            } else {
                println!(
                    "{}  {} received; {} now owes {}",
                    p.number,
                    money::format_fen(p.amount_fen),
                    p.customer_code,
                    money::format_fen(p.balance_fen)
                );
            }
        }
    }
    Ok(())
}
