//! The `folio` commands for selling: orders, customer returns, payments,
//! receivables and statements. Thin wrappers over `orders` and `receivables`.

use std::path::PathBuf;

use clap::Subcommand;

use folio::base::money;
use folio::trade::orders::{self, ConfirmOptions, Order, OrderInput, OrderQuery, ShipInput};
use folio::trade::receivables::{self, PaymentInput, ReturnInput};
use folio::FolioError;

use crate::{open, print_json};

#[derive(Subcommand)]
pub enum OrdersCmd {
    /// Take an order: --line ISBN[@PRICE]:QTY[:DISCOUNT], repeatable. It is saved
    /// as a draft unless --confirm.
    Add {
        #[arg(long)]
        customer: String,
        #[arg(long = "line", required = true)]
        lines: Vec<String>,
        /// The order's discount (default: the customer's).
        #[arg(long, default_value = "")]
        discount: String,
        /// cash, bank_transfer, wechat_alipay, cash_on_delivery, on_account (default).
        #[arg(long, default_value = "")]
        method: String,
        #[arg(long, default_value = "")]
        notes: String,
        /// Confirm at once: stock out and receivable posted.
        #[arg(long)]
        confirm: bool,
        /// When stock is short, ship what there is and keep the rest as a backorder.
        #[arg(long)]
        ship_available: bool,
        /// Confirm over the credit limit, for this reason.
        #[arg(long, value_name = "REASON", default_value = "")]
        override_credit: String,
        #[arg(long)]
        json: bool,
    },
    /// Confirm a draft (by its id, e.g. 12 or #12).
    Confirm {
        order: String,
        #[arg(long)]
        ship_available: bool,
        #[arg(long, value_name = "REASON", default_value = "")]
        override_credit: String,
        #[arg(long)]
        json: bool,
    },
    /// Record that a confirmed order has left.
    Ship {
        number: String,
        #[arg(long, default_value = "")]
        carrier: String,
        #[arg(long, default_value = "")]
        tracking: String,
        #[arg(long, default_value = "")]
        date: String,
        #[arg(long)]
        json: bool,
    },
    /// Mark a shipped order completed.
    Complete {
        number: String,
        #[arg(long)]
        json: bool,
    },
    /// Cancel a draft, or reverse a confirmed order (stock back, receivable reversed).
    Cancel {
        number: String,
        #[arg(long, default_value = "")]
        reason: String,
        #[arg(long)]
        json: bool,
    },
    /// Take and confirm the same order again and again (for the crash test that
    /// kills this process at random moments).
    #[command(hide = true)]
    Soak {
        #[arg(long)]
        customer: String,
        #[arg(long = "line", required = true)]
        lines: Vec<String>,
        #[arg(long, default_value_t = 1_000_000)]
        count: u64,
    },
    /// Orders, newest first.
    List {
        #[arg(long, default_value = "")]
        customer: String,
        #[arg(long, default_value = "")]
        status: String,
        #[arg(long)]
        json: bool,
    },
    /// One order with its lines.
    Show {
        number: String,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
pub enum ReturnsCmd {
    /// Book a customer return: --line ISBN[@PRICE]:QTY[:DISCOUNT], repeatable.
    Add {
        #[arg(long)]
        customer: String,
        /// The order the books came on; they are credited at its prices.
        #[arg(long, default_value = "")]
        order: String,
        #[arg(long = "line", required = true)]
        lines: Vec<String>,
        /// The copies are damaged: written off instead of going back on the shelf.
        #[arg(long)]
        damaged: bool,
        #[arg(long, default_value = "")]
        reason: String,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
pub enum PaymentsCmd {
    /// Record a payment received.
    Add {
        #[arg(long)]
        customer: String,
        #[arg(long, allow_hyphen_values = true)]
        amount: String,
        /// cash, bank_transfer (default), wechat_alipay, cash_on_delivery, other.
        #[arg(long, default_value = "")]
        method: String,
        #[arg(long, default_value = "")]
        date: String,
        #[arg(long, default_value = "")]
        reference: String,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
pub enum ReceivablesCmd {
    /// Record what a customer owed when their account came from another system.
    Opening {
        #[arg(long)]
        customer: String,
        #[arg(long, allow_hyphen_values = true)]
        amount: String,
        #[arg(long, default_value = "")]
        date: String,
    },
}

fn print_order(o: &Order, json: bool) {
    if json {
        print_json(o);
        return;
    }
    println!(
        "{}  {}  {} {}  {} titles, {} copies, list {} net {} (avg {})",
        o.number
            .clone()
            .unwrap_or_else(|| format!("draft #{}", o.id)),
        o.status.as_str(),
        o.customer_code,
        o.customer_name,
        o.titles,
        o.copies,
        money::format_fen(o.list_total_fen),
        money::format_fen(o.net_total_fen),
        money::format_discount_zhe(o.average_discount_bp),
    );
    for l in &o.lines {
        println!(
            "  {:>3}  {}  {}  {} × {}  {}  {}",
            l.line_no,
            l.isbn,
            l.title,
            money::format_fen(l.list_price_fen),
            l.quantity,
            money::format_discount_zhe(l.discount_bp),
            money::format_fen(l.net_fen)
        );
    }
}

pub fn orders_cmd(db: &Option<PathBuf>, cmd: OrdersCmd) -> Result<(), FolioError> {
    let mut store = open(db)?;
    match cmd {
        OrdersCmd::Add {
            customer,
            lines,
            discount,
            method,
            notes,
            confirm,
            ship_available,
            override_credit,
            json,
        } => {
            let input = OrderInput {
                customer,
                discount,
                payment_method: method,
                notes,
                lines: Vec::new(),
            };
            if !confirm {
                let draft = orders::create_from_lines(&mut store, &input, &lines)?;
                print_order(&draft, json);
                return Ok(());
            }
            // One command, one transaction: a draft that cannot be confirmed is not kept.
            let done = orders::create_and_confirm(
                &mut store,
                &input,
                &lines,
                &ConfirmOptions {
                    ship_available,
                    credit_override: override_credit,
                },
            )?;
            print_confirmed(&done, json);
        }
        OrdersCmd::Confirm {
            order,
            ship_available,
            override_credit,
            json,
        } => {
            let o = orders::find(&store, &order)?;
            let done = orders::confirm(
                &mut store,
                o.id,
                &ConfirmOptions {
                    ship_available,
                    credit_override: override_credit,
                },
            )?;
            print_confirmed(&done, json);
        }
        OrdersCmd::Ship {
            number,
            carrier,
            tracking,
            date,
            json,
        } => {
            let o = orders::find(&store, &number)?;
            let o = orders::ship(
                &mut store,
                o.id,
                &ShipInput {
                    carrier,
                    tracking,
                    date,
                },
            )?;
            print_order(&o, json);
        }
        OrdersCmd::Complete { number, json } => {
            let o = orders::find(&store, &number)?;
            print_order(&orders::complete(&mut store, o.id)?, json);
        }
        OrdersCmd::Cancel {
            number,
            reason,
            json,
        } => {
            let o = orders::find(&store, &number)?;
            print_order(&orders::cancel(&mut store, o.id, &reason)?, json);
        }
        OrdersCmd::List {
            customer,
            status,
            json,
        } => {
            let rows = orders::list(
                &store,
                &OrderQuery {
                    customer,
                    status,
                    limit: 10_000,
                    offset: 0,
                },
            )?;
            if json {
                print_json(&rows);
            } else {
                for o in rows {
                    println!(
                        "{}\t{}\t{}\t{}\t{}\t{}\t{}",
                        o.number.unwrap_or_else(|| format!("#{}", o.id)),
                        o.status.as_str(),
                        o.order_date,
                        o.customer_code,
                        o.customer_name,
                        o.copies,
                        money::format_fen(o.net_total_fen)
                    );
                }
            }
        }
        OrdersCmd::Soak {
            customer,
            lines,
            count,
        } => {
            use std::io::Write;
            let input = OrderInput {
                customer,
                ..Default::default()
            };
            for _ in 0..count {
                let done = orders::create_and_confirm(
                    &mut store,
                    &input,
                    &lines,
                    &ConfirmOptions::default(),
                )?;
                println!("{}", done.order.number.unwrap_or_default());
                std::io::stdout().flush().ok();
            }
        }
        OrdersCmd::Show { number, json } => print_order(&orders::find(&store, &number)?, json),
    }
    Ok(())
}

fn print_confirmed(done: &orders::Confirmed, json: bool) {
    if json {
        let mut v = serde_json::to_value(&done.order).expect("serialisable");
        v["backorder"] = match &done.backorder {
            Some(b) => serde_json::to_value(b).expect("serialisable"),
            None => serde_json::Value::Null,
        };
        print_json(&v);
        return;
    }
    print_order(&done.order, false);
    if let Some(b) = &done.backorder {
        println!("backorder: draft #{} with {} copies", b.id, b.copies);
    }
}

pub fn returns_cmd(db: &Option<PathBuf>, cmd: ReturnsCmd) -> Result<(), FolioError> {
    let mut store = open(db)?;
    match cmd {
        ReturnsCmd::Add {
            customer,
            order,
            lines,
            damaged,
            reason,
            json,
        } => {
            let r = receivables::add_return(
                &mut store,
                &ReturnInput {
                    customer,
                    order,
                    damaged,
                    reason,
                    lines: Vec::new(),
                },
                &lines,
            )?;
            if json {
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

pub fn payments_cmd(db: &Option<PathBuf>, cmd: PaymentsCmd) -> Result<(), FolioError> {
    let mut store = open(db)?;
    match cmd {
        PaymentsCmd::Add {
            customer,
            amount,
            method,
            date,
            reference,
            json,
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
            if json {
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

pub fn receivables_cmd(
    db: &Option<PathBuf>,
    cmd: Option<ReceivablesCmd>,
    json: bool,
) -> Result<(), FolioError> {
    let mut store = open(db)?;
    match cmd {
        Some(ReceivablesCmd::Opening {
            customer,
            amount,
            date,
        }) => {
            let balance = receivables::add_opening(&mut store, &customer, &amount, &date)?;
            println!("{customer} now owes {}", money::format_fen(balance));
        }
        None => {
            let rows = receivables::aging(&store)?;
            if json {
                print_json(&rows);
            } else {
                println!("code\tname\tbalance\tcurrent\t1-30\t31-60\t61-90\t>90");
                for a in rows {
                    println!(
                        "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
                        a.code,
                        a.name,
                        money::format_fen(a.balance_fen),
                        money::format_fen(a.current_fen),
                        money::format_fen(a.days_1_30_fen),
                        money::format_fen(a.days_31_60_fen),
                        money::format_fen(a.days_61_90_fen),
                        money::format_fen(a.over_90_fen)
                    );
                }
            }
        }
    }
    Ok(())
}

pub fn statement_cmd(
    db: &Option<PathBuf>,
    customer: &str,
    from: &str,
    to: &str,
    json: bool,
) -> Result<(), FolioError> {
    let store = open(db)?;
    let s = receivables::statement(&store, customer, from, to)?;
    if json {
        print_json(&s);
        return Ok(());
    }
    println!("{} {}  {} to {}", s.code, s.name, s.from, s.to);
    println!(
        "opening balance {}",
        money::format_fen(s.opening_balance_fen)
    );
    for l in &s.lines {
        println!(
            "{}  {:<12}  {:<18}  {:>12}  {:>12}  {:>12}",
            l.date,
            l.kind,
            l.reference,
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
