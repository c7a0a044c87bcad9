//! `folio reminders`: reminders by hand, and the rules that make them.

use clap::Subcommand;

use folio::base::error::Code;
use folio::base::text::{for_terminal as cell, quote};
use folio::crm::reminders::{self, DoneInput, DueFilter, Reminder, ReminderInput};
use folio::FolioError;

use crate::{print_json, Ctx};

#[derive(Subcommand)]
pub enum RemindersCmd {
    /// Make a reminder by hand; prints its id.
    Add {
        #[arg(long, default_value = "", allow_hyphen_values = true)]
        customer: String,
        /// YYYY-MM-DD, or YYYY-MM-DDTHH:MM for a time of day.
        #[arg(long, allow_hyphen_values = true)]
        due: String,
        /// call, visit, collect, catalogue, care or other.
        #[arg(long = "type", default_value = "call", allow_hyphen_values = true)]
        kind: String,
        /// Repeat every 30d, 2w, 3m, 1y...
        #[arg(long, default_value = "", allow_hyphen_values = true)]
        every: String,
        #[arg(long, default_value = "", allow_hyphen_values = true)]
        note: String,
    },
    /// Reminders in due order: overdue, today, upcoming, open (the default) or all (done too).
    List {
        #[arg(long, default_value = "open", allow_hyphen_values = true)]
        due: String,
        #[arg(long, default_value = "", allow_hyphen_values = true)]
        customer: String,
    },
    /// Mark a reminder done (a repeating one moves to its next occurrence).
    Done {
        id: i64,
        /// Schedule the next one as well: its due date.
        #[arg(long, default_value = "", allow_hyphen_values = true)]
        next: String,
        #[arg(long, default_value = "", allow_hyphen_values = true)]
        next_note: String,
    },
    /// Put a reminder off: until a date (YYYY-MM-DD[THH:MM]), later_today, tomorrow or next_week.
    Snooze {
        id: i64,
        #[arg(long, allow_hyphen_values = true)]
        until: String,
    },
    /// Close a reminder without doing it.
    Dismiss { id: i64 },
    /// A reminder's history.
    History { id: i64 },
    /// Evaluate the rules now; prints the reminders they made and closed.
    Run,
}

fn print_rows(rows: &[Reminder]) {
    for r in rows {
        println!(
            "{}\t{}\t{}\t{}\t{}\t{}\t{}",
            r.id,
            r.snoozed_until.as_deref().unwrap_or(&r.due),
            r.status.as_str(),
            r.kind.as_str(),
            r.rule.as_deref().unwrap_or("-"),
            cell(r.customer.as_deref().unwrap_or("-")),
            cell(&r.note)
        );
    }
}

pub fn run(ctx: &Ctx, cmd: RemindersCmd) -> Result<(), FolioError> {
    let mut store = ctx.open()?;
    match cmd {
        RemindersCmd::Add {
            customer,
            due,
            kind,
            every,
            note,
        } => {
            let r = reminders::add(
                &mut store,
                &ReminderInput {
                    customer,
                    kind,
                    due,
                    every,
                    note,
                },
            )?;
            if ctx.json {
                print_json(&r);
            } else {
                println!("{}", r.id);
            }
        }
        RemindersCmd::List { due, customer } => {
            let filter = DueFilter::parse(&due).ok_or_else(|| {
                FolioError::invalid(
                    Code::PeriodInvalid,
                    "due",
                    format!(
                        "--due {} is not one of overdue, today, upcoming, open, all",
                        quote(&due)
                    ),
                )
            })?;
            let rows = reminders::list(&store, filter, &customer)?;
            if ctx.json {
                print_json(&rows);
            } else {
                print_rows(&rows);
            }
        }
        RemindersCmd::Done {
            id,
            next,
            next_note,
        } => {
            let r = reminders::done(
                &mut store,
                id,
                &DoneInput {
                    next_due: next,
                    next_note,
                },
            )?;
            if ctx.json {
                print_json(&r);
            } else if r.id != id {
                println!("done {id}; next is {} on {}", r.id, r.due);
            } else if r.status == reminders::ReminderStatus::Open {
                println!("done {id}; next on {}", r.due);
            } else {
                println!("done {id}");
            }
        }
        RemindersCmd::Snooze { id, until } => {
            let r = reminders::snooze(&mut store, id, &until)?;
            if ctx.json {
                print_json(&r);
            } else {
                println!(
                    "snoozed {id} until {}",
                    r.snoozed_until.as_deref().unwrap_or("")
                );
            }
        }
        RemindersCmd::Dismiss { id } => {
            let r = reminders::dismiss(&mut store, id)?;
            if ctx.json {
                print_json(&r);
            } else {
                println!("closed {id}");
            }
        }
        RemindersCmd::Run => {
            let report = reminders::run(&mut store, folio::base::clock::now())?;
            if ctx.json {
                print_json(&report);
            } else {
                for (what, rows) in [("made", &report.created), ("closed", &report.closed)] {
                    for r in rows.iter() {
                        print!("{what}\t");
                        print_rows(std::slice::from_ref(r));
                    }
                }
                println!(
                    "{} made, {} closed",
                    report.created.len(),
                    report.closed.len()
                );
            }
        }
        RemindersCmd::History { id } => {
            let rows = reminders::history(&store, id)?;
            if ctx.json {
                print_json(&rows);
            } else {
                for e in rows {
                    println!("{}\t{}\t{}", e.at, e.event, cell(&e.note));
                }
            }
        }
    }
    Ok(())
}
