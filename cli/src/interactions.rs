//! `folio interactions`: the call log (联系记录).

use clap::{Args, Subcommand};

use folio::base::text::for_terminal as cell;
use folio::crm::interactions::{self, InteractionInput};
use folio::FolioError;

use crate::{print_json, Ctx};

#[derive(Subcommand)]
pub enum InteractionsCmd {
    /// Log a call, visit, WeChat, email, meeting or note; prints its id.
    Add(Box<AddArgs>),
    /// A customer's interactions, newest first.
    List {
        #[arg(long, allow_hyphen_values = true)]
        customer: String,
    },
}

#[derive(Args)]
pub struct AddArgs {
    #[arg(long, allow_hyphen_values = true)]
    customer: String,
    /// phone, visit, wechat, email, meeting or note.
    #[arg(long = "type", default_value = "phone", allow_hyphen_values = true)]
    kind: String,
    #[arg(long, allow_hyphen_values = true)]
    summary: String,
    /// When it happened: YYYY-MM-DD HH:MM; blank: now.
    #[arg(long, default_value = "", allow_hyphen_values = true)]
    at: String,
    /// Who was spoken to.
    #[arg(long, default_value = "", allow_hyphen_values = true)]
    who: String,
    #[arg(long, default_value = "", allow_hyphen_values = true)]
    outcome: String,
    /// The order it was about (its number).
    #[arg(long, default_value = "", allow_hyphen_values = true)]
    order: String,
    /// The case it was about (its id).
    #[arg(long)]
    case: Option<i64>,
    /// A date (YYYY-MM-DD or YYYY-MM-DDTHH:MM) for the next step: makes a reminder.
    #[arg(long, default_value = "", allow_hyphen_values = true)]
    next_date: String,
    /// What the next step is.
    #[arg(long, default_value = "", allow_hyphen_values = true)]
    next_note: String,
    /// The next step's reminder type: call, visit, collect, catalogue, care or other.
    #[arg(long, default_value = "", allow_hyphen_values = true)]
    next_type: String,
    /// Logged from this reminder, which is marked done.
    #[arg(long)]
    reminder: Option<i64>,
    /// CSAT given on the call, 1 to 5.
    #[arg(long, default_value = "", allow_hyphen_values = true)]
    csat: String,
    /// NPS given on the call, 0 to 10.
    #[arg(long, default_value = "", allow_hyphen_values = true)]
    nps: String,
}

pub fn run(ctx: &Ctx, cmd: InteractionsCmd) -> Result<(), FolioError> {
    let mut store = ctx.open()?;
    match cmd {
        InteractionsCmd::Add(a) => {
            let AddArgs {
                customer,
                kind,
                summary,
                at,
                who,
                outcome,
                order,
                case,
                next_date,
                next_note,
                next_type,
                reminder,
                csat,
                nps,
            } = *a;
            let i = interactions::add(
                &mut store,
                &InteractionInput {
                    customer,
                    kind,
                    happened_at: at,
                    who,
                    summary,
                    outcome,
                    next_step: next_note,
                    next_date,
                    next_kind: next_type,
                    order,
                    case_id: case,
                    reminder_id: reminder,
                    csat,
                    nps,
                },
            )?;
            if ctx.json {
                print_json(&i);
            } else {
                println!("{}", i.id);
            }
        }
        InteractionsCmd::List { customer } => {
            let rows = interactions::list(&store, &customer, 500)?;
            if ctx.json {
                print_json(&rows);
            } else {
                for i in rows {
                    println!(
                        "{}\t{}\t{}\t{}\t{}",
                        i.id,
                        i.happened_at,
                        i.kind.as_str(),
                        cell(&i.summary),
                        cell(&i.next_step)
                    );
                }
            }
        }
    }
    Ok(())
}
