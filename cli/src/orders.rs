//! `folio orders`: sales orders (发货单), thin wrappers over the core's `orders`.

use clap::Subcommand;

use folio::base::money;
use folio::base::text::for_terminal as cell;
use folio::trade::orders::{self, ConfirmOptions, Order, OrderInput, OrderQuery, ShipInput};
use folio::FolioError;

use crate::{print_json, Ctx};

#[derive(Subcommand)]
pub enum OrdersCmd {
    /// Take an order: --line ISBN[@PRICE]:QTY[:DISCOUNT], repeatable. It is saved
    /// as a draft unless --confirm.
    Add {
        #[arg(long, allow_hyphen_values = true)]
        customer: String,
        #[arg(long = "line", required = true, allow_hyphen_values = true)]
        lines: Vec<String>,
        /// The order's discount (default: the customer's).
        #[arg(long, default_value = "", allow_hyphen_values = true)]
        discount: String,
        /// cash, bank_transfer, wechat_alipay, cash_on_delivery, on_account (default).
        #[arg(long, default_value = "", allow_hyphen_values = true)]
        method: String,
        #[arg(long, default_value = "", allow_hyphen_values = true)]
        notes: String,
        /// Confirm at once: stock out and receivable posted.
        #[arg(long)]
        confirm: bool,
        /// When stock is short, ship what there is and keep the rest as a backorder.
        #[arg(long)]
        ship_available: bool,
        /// Confirm over the credit limit, for this reason.
        #[arg(
            long,
            value_name = "REASON",
            default_value = "",
            allow_hyphen_values = true
        )]
        override_credit: String,
    },
    /// Confirm a draft (by its id, e.g. 12 or #12).
    Confirm {
        order: String,
        #[arg(long)]
        ship_available: bool,
        #[arg(
            long,
            value_name = "REASON",
            default_value = "",
            allow_hyphen_values = true
        )]
        override_credit: String,
    },
    /// Record that a confirmed order has left.
    Ship {
        number: String,
        #[arg(long, default_value = "", allow_hyphen_values = true)]
        carrier: String,
        #[arg(long, default_value = "", allow_hyphen_values = true)]
        tracking: String,
        #[arg(long, default_value = "", allow_hyphen_values = true)]
        date: String,
    },
    /// Mark a shipped order completed.
    Complete { number: String },
    /// Throw a draft away (`#ID`, as `orders list` shows it): it was never posted,
    /// so it is removed, as the app's "Discard draft" does.
    Discard { draft: String },
    /// Cancel a draft, or reverse a confirmed order (stock back, receivable reversed).
    Cancel {
        number: String,
        #[arg(long, default_value = "", allow_hyphen_values = true)]
        reason: String,
    },
    /// Take and confirm the same order again and again (for the crash test that
    /// kills this process at random moments).
    #[command(hide = true)]
    Soak {
        #[arg(long, allow_hyphen_values = true)]
        customer: String,
        #[arg(long = "line", required = true, allow_hyphen_values = true)]
        lines: Vec<String>,
        #[arg(long, default_value_t = 1_000_000)]
        count: u64,
    },
    /// Orders, newest first.
    List {
        #[arg(long, default_value = "", allow_hyphen_values = true)]
        customer: String,
        #[arg(long, default_value = "", allow_hyphen_values = true)]
        status: String,
        /// A customer (code, name, pinyin initials, phone) or part of an order number.
        #[arg(long, default_value = "", allow_hyphen_values = true)]
        search: String,
    },
    /// One order with its lines.
    Show { number: String },
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
        cell(&o.customer_code),
        cell(&o.customer_name),
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
            cell(&l.title),
            money::format_fen(l.list_price_fen),
            l.quantity,
            money::format_discount_zhe(l.discount_bp),
            money::format_fen(l.net_fen)
        );
    }
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

pub fn run(ctx: &Ctx, cmd: OrdersCmd) -> Result<(), FolioError> {
    let json = ctx.json;
    let mut store = ctx.open()?;
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
        OrdersCmd::Complete { number } => {
            let o = orders::find(&store, &number)?;
            print_order(&orders::complete(&mut store, o.id)?, json);
        }
        OrdersCmd::Discard { draft } => {
            let o = orders::find(&store, &draft)?;
            orders::discard_draft(&mut store, o.id)?;
            if json {
                print_json(&serde_json::json!({ "discarded": o.id }));
            } else {
                println!("draft #{} discarded", o.id);
            }
        }
        OrdersCmd::Cancel { number, reason } => {
            let o = orders::find(&store, &number)?;
            print_order(&orders::cancel(&mut store, o.id, &reason)?, json);
        }
        OrdersCmd::List {
            customer,
            status,
            search,
        } => {
            let rows = orders::list(
                &store,
                &OrderQuery {
                    customer,
                    status,
                    query: search,
                    limit: 10_000,
                    offset: 0,
                },
            )?;
            if json {
                print_json(&rows);
            } else {
                for o in rows {
                    println!(
                        "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
                        o.number.unwrap_or_else(|| format!("#{}", o.id)),
                        o.status.as_str(),
                        o.order_date,
                        cell(&o.customer_code),
                        cell(&o.customer_name),
                        o.copies,
                        money::format_fen(o.list_total_fen),
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
            // The crash test reads one order number a line as they are made, so
            // this prints plain numbers whatever --json says.
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
        OrdersCmd::Show { number } => print_order(&orders::find(&store, &number)?, json),
    }
    Ok(())
}
