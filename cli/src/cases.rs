//! `folio cases`: after-sales cases (投诉/售后).

use clap::Subcommand;

use folio::base::text::for_terminal as cell;
use folio::crm::cases::{self, CaseInput, CaseUpdate};
use folio::FolioError;

use crate::{print_json, Ctx};

#[derive(Subcommand)]
pub enum CasesCmd {
    /// Open a case; prints its id.
    Add {
        #[arg(long, allow_hyphen_values = true)]
        customer: String,
        /// The order it is about (its number).
        #[arg(long, default_value = "", allow_hyphen_values = true)]
        order: String,
        /// A line number of that order; repeat for several.
        #[arg(long = "line")]
        lines: Vec<i64>,
        /// wrong_title, damaged, short_shipment, late, price or other.
        #[arg(long, allow_hyphen_values = true)]
        category: String,
        #[arg(long, allow_hyphen_values = true)]
        summary: String,
        /// low, normal or high.
        #[arg(long, default_value = "", allow_hyphen_values = true)]
        priority: String,
        #[arg(long, default_value = "", allow_hyphen_values = true)]
        owner: String,
    },
    /// Move a case on (open, in_progress, resolved, closed) or change its details.
    Update {
        id: i64,
        #[arg(long, default_value = "", allow_hyphen_values = true)]
        status: String,
        #[arg(long, default_value = "", allow_hyphen_values = true)]
        resolution: String,
        #[arg(long, default_value = "", allow_hyphen_values = true)]
        priority: String,
        #[arg(long, default_value = "", allow_hyphen_values = true)]
        owner: String,
        /// The customer return (its number) that gave the credit.
        #[arg(long = "return", default_value = "", allow_hyphen_values = true)]
        return_number: String,
        /// CSAT asked as it closes, 1 to 5.
        #[arg(long, default_value = "", allow_hyphen_values = true)]
        csat: String,
    },
    /// Cases, newest first (with --customer, one customer's; with --open, not closed ones).
    List {
        #[arg(long, default_value = "", allow_hyphen_values = true)]
        customer: String,
        #[arg(long)]
        open: bool,
    },
}

pub fn run(ctx: &Ctx, cmd: CasesCmd) -> Result<(), FolioError> {
    let mut store = ctx.open()?;
    match cmd {
        CasesCmd::Add {
            customer,
            order,
            lines,
            category,
            summary,
            priority,
            owner,
        } => {
            let c = cases::add(
                &mut store,
                &CaseInput {
                    customer,
                    order,
                    lines,
                    category,
                    priority,
                    owner,
                    summary,
                },
            )?;
            if ctx.json {
                print_json(&c);
            } else {
                println!("{}", c.id);
            }
        }
        CasesCmd::Update {
            id,
            status,
            resolution,
            priority,
            owner,
            return_number,
            csat,
        } => {
            let c = cases::update(
                &mut store,
                id,
                &CaseUpdate {
                    status,
                    resolution,
                    priority,
                    owner,
                    return_number,
                    csat,
                },
            )?;
            if ctx.json {
                print_json(&c);
            } else {
                println!("case {} is {}", c.id, c.status.as_str());
            }
        }
        CasesCmd::List { customer, open } => {
            let rows = cases::list(&store, &customer, open)?;
            if ctx.json {
                print_json(&rows);
            } else {
                for c in rows {
                    println!(
                        "{}\t{}\t{}\t{}\t{}\t{}",
                        c.id,
                        cell(&c.customer),
                        c.category.as_str(),
                        c.priority.as_str(),
                        c.status.as_str(),
                        cell(&c.summary)
                    );
                }
            }
        }
    }
    Ok(())
}
