//! `folio returns`: customer returns (退货单).

use clap::Subcommand;

use folio::base::money;
use folio::trade::receivables::{self, ReturnInput};
use folio::FolioError;

use crate::{print_json, Ctx};

#[derive(Subcommand)]
pub enum ReturnsCmd {
    /// Book a customer return: --line ISBN[@PRICE]:QTY[:DISCOUNT], repeatable.
    Add {
        #[arg(long, allow_hyphen_values = true)]
        customer: String,
        /// The order the books came on; they are credited at its prices.
        #[arg(long, default_value = "", allow_hyphen_values = true)]
        order: String,
        #[arg(long = "line", required = true, allow_hyphen_values = true)]
        lines: Vec<String>,
        /// The copies are damaged: written off instead of going back on the shelf.
        #[arg(long)]
        damaged: bool,
        /// Only this line (numbered from 1) is damaged; repeatable.
        #[arg(long = "damaged-line", value_name = "N", allow_hyphen_values = true)]
        damaged_lines: Vec<i64>,
        #[arg(long, default_value = "", allow_hyphen_values = true)]
        reason: String,
    },
}

pub fn run(ctx: &Ctx, cmd: ReturnsCmd) -> Result<(), FolioError> {
    let mut store = ctx.open()?;
    match cmd {
        ReturnsCmd::Add {
            customer,
            order,
            lines,
            damaged,
            damaged_lines,
            reason,
        } => {
            let r = receivables::add_return_marked(
                &mut store,
                &ReturnInput {
                    customer,
                    order,
                    damaged,
                    reason,
                    lines: Vec::new(),
                },
                &lines,
                &damaged_lines,
            )?;
            if ctx.json {
                print_json(&r);
            } else {
                println!(
                    "{}  {} copies, credited {}",
                    r.number,
                    r.copies,
                    money::format_fen(r.net_total_fen)
                );
            }
        }
    }
    Ok(())
}
