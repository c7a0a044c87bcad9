//! `folio stock`: receipts, returns to supplier, stocktakes, opening stock,
//! write-offs, reversals, the stock list and its value, and the ledger check.

use clap::Subcommand;

use folio::base::error::Code;
use folio::base::money;
use folio::base::text::for_terminal as cell;
use folio::trade::catalog::{self, StockFilter};
use folio::trade::stock;
use folio::FolioError;

use crate::books::print_titles;
use crate::{print_json, Ctx};

#[derive(Subcommand)]
pub enum StockCmd {
    /// Post a purchase receipt (进货单): --line ISBN[@PRICE]:QTY[:DISCOUNT], repeatable.
    Receive {
        #[arg(long, allow_hyphen_values = true)]
        supplier: String,
        #[arg(long = "line", required = true, allow_hyphen_values = true)]
        lines: Vec<String>,
        /// The supplier's invoice number (发票号) the receipt is booked from.
        #[arg(long, default_value = "", allow_hyphen_values = true)]
        invoice: String,
        /// The invoice's date, YYYY-MM-DD.
        #[arg(long, default_value = "", allow_hyphen_values = true)]
        invoice_date: String,
    },
    /// Post a return to supplier: --line ISBN[@PRICE]:QTY[:DISCOUNT], repeatable.
    Return {
        #[arg(long, allow_hyphen_values = true)]
        supplier: String,
        #[arg(long = "line", required = true, allow_hyphen_values = true)]
        lines: Vec<String>,
        #[arg(long, default_value = "", allow_hyphen_values = true)]
        reason: String,
    },
    /// Post counted quantities (盘点): --line ISBN[@PRICE]:COUNTED, repeatable.
    Adjust {
        #[arg(long = "line", required = true, allow_hyphen_values = true)]
        lines: Vec<String>,
        #[arg(long, allow_hyphen_values = true)]
        reason: String,
    },
    /// Reverse a posted document by its number.
    Reverse { number: String },
    /// Show a posted document.
    Show { number: String },
    /// The stock list; --low for items at or below their reorder point.
    List {
        #[arg(long)]
        low: bool,
        #[arg(long)]
        out: bool,
        /// Slow movers: in stock with no sale in this many days.
        #[arg(
            long,
            value_name = "DAYS",
            default_value = "",
            allow_hyphen_values = true
        )]
        slow: String,
        /// A class or its prefix (I2 takes in I247).
        #[arg(long, default_value = "", allow_hyphen_values = true)]
        category: String,
        #[arg(long, default_value = "", allow_hyphen_values = true)]
        publisher: String,
        #[arg(long, default_value = "", allow_hyphen_values = true)]
        bin: String,
        /// Search text: an ISBN in any form, title, pinyin, author or publisher.
        #[arg(long, default_value = "", allow_hyphen_values = true)]
        search: String,
    },
    /// Opening balances (期初库存) brought over from another system.
    Opening {
        /// ISBN[@PRICE]:QTY[:DISCOUNT]; the discount sets the cost (default: the
        /// preferred supplier's, else 6折).
        #[arg(long = "line", required = true, allow_hyphen_values = true)]
        lines: Vec<String>,
        #[arg(long, default_value = "", allow_hyphen_values = true)]
        reason: String,
    },
    /// Write off damaged or lost copies (报损).
    WriteOff {
        /// ISBN[@PRICE]:QTY
        #[arg(long = "line", required = true, allow_hyphen_values = true)]
        lines: Vec<String>,
        #[arg(long, allow_hyphen_values = true)]
        reason: String,
    },
    /// Posted stock documents, newest first.
    Documents {
        /// receipt, supplier_return, stocktake, opening or write_off; all when left out.
        #[arg(long, default_value = "", allow_hyphen_values = true)]
        kind: String,
    },
    /// Stock value at cost and at list price (码洋).
    Value,
    /// Rebuild on-hand from the ledger and report any item that disagrees.
    Check,
}

fn print_document(d: &stock::StockDocument, json: bool) {
    if json {
        print_json(d);
        return;
    }
    println!(
        "{} {} {} {} copies, list {} net {}",
        d.number,
        d.kind,
        cell(d.supplier.as_deref().unwrap_or("")),
        d.copies,
        money::format_fen(d.list_total_fen),
        money::format_fen(d.net_total_fen)
    );
    if !d.supplier_invoice.is_empty() || d.supplier_invoice_date.is_some() {
        println!(
            "  invoice {} {}",
            cell(&d.supplier_invoice),
            d.supplier_invoice_date.as_deref().unwrap_or("")
        );
    }
    for l in &d.lines {
        println!(
            "  {}\t{}\t{}\t{}\t{}\t{}",
            l.isbn,
            cell(&l.title),
            money::format_fen(l.list_price_fen),
            l.quantity,
            money::format_discount_zhe(l.discount_bp),
            money::format_fen(l.net_fen)
        );
    }
}

pub fn run(ctx: &Ctx, cmd: StockCmd) -> Result<(), FolioError> {
    let json = ctx.json;
    match cmd {
        StockCmd::Receive {
            supplier,
            lines,
            invoice,
            invoice_date,
        } => {
            let invoice = stock::Invoice::parse(&invoice, &invoice_date)?;
            let mut store = ctx.open()?;
            print_document(
                &stock::receive_invoiced(&mut store, &supplier, &lines, &invoice)?,
                json,
            );
        }
        StockCmd::Return {
            supplier,
            lines,
            reason,
        } => {
            let mut store = ctx.open()?;
            print_document(
                &stock::return_to_supplier(&mut store, &supplier, &lines, &reason)?,
                json,
            );
        }
        StockCmd::Adjust { lines, reason } => {
            let mut store = ctx.open()?;
            print_document(&stock::adjust(&mut store, &lines, &reason)?, json);
        }
        StockCmd::Reverse { number } => {
            let mut store = ctx.open()?;
            print_document(&stock::reverse(&mut store, &number)?, json);
        }
        StockCmd::Show { number } => {
            let store = ctx.open()?;
            print_document(&stock::document(&store, &number)?, json);
        }
        StockCmd::List {
            low,
            out,
            slow,
            category,
            publisher,
            bin,
            search,
        } => {
            let store = ctx.open()?;
            let rows = catalog::list_titles(
                &store,
                &StockFilter {
                    low,
                    out_of_stock: out,
                    slow_days: catalog::parse_slow_days(&slow)?,
                    category,
                    publisher,
                    bin,
                    query: search,
                    ..StockFilter::default()
                },
            )?;
            if json {
                print_json(&rows);
            } else {
                print_titles(&rows);
            }
        }
        StockCmd::Opening { lines, reason } => {
            let mut store = ctx.open()?;
            print_document(&stock::opening(&mut store, &lines, &reason)?, json);
        }
        StockCmd::WriteOff { lines, reason } => {
            let mut store = ctx.open()?;
            print_document(&stock::write_off(&mut store, &lines, &reason)?, json);
        }
        StockCmd::Documents { kind } => {
            let store = ctx.open()?;
            let docs = stock::documents(
                &store,
                &stock::DocumentQuery {
                    kind,
                    supplier_id: None,
                    limit: 10_000,
                    offset: 0,
                },
            )?;
            if json {
                print_json(&docs);
            } else {
                for d in &docs {
                    println!(
                        "{}  {}  {:<15}  {:<8}  {} lines  {} copies  net {}{}",
                        d.number,
                        d.date,
                        d.kind,
                        d.status,
                        d.lines,
                        d.copies,
                        money::format_fen(d.net_total_fen),
                        d.supplier
                            .as_deref()
                            .map(|s| format!("  {}", cell(s)))
                            .unwrap_or_default()
                    );
                }
            }
        }
        StockCmd::Value => {
            let store = ctx.open()?;
            let v = stock::value(&store)?;
            if json {
                print_json(&v);
            } else {
                println!(
                    "{} titles, {} copies; at list price (码洋) {}, at cost {}",
                    v.titles,
                    v.copies,
                    money::format_fen(v.list_value_fen),
                    money::format_fen(v.cost_value_fen)
                );
            }
        }
        StockCmd::Check => {
            let store = ctx.open()?;
            let bad = stock::check(&store)?;
            if json {
                // The items that disagree, `[]` when none; the exit code still
                // says whether the ledger agrees.
                print_json(&bad);
            } else if bad.is_empty() {
                println!("stock agrees with the ledger");
            } else {
                for m in &bad {
                    eprintln!(
                        "{} at {}: on hand {}, ledger {}; last cost {}, ledger {}",
                        m.isbn,
                        money::format_fen(m.list_price_fen),
                        m.on_hand,
                        m.ledger,
                        money::format_fen(m.last_cost_fen),
                        money::format_fen(m.ledger_last_cost_fen)
                    );
                }
            }
            if !bad.is_empty() {
                return Err(FolioError::invalid(
                    Code::LedgerMismatch,
                    "stock",
                    format!("{} items disagree with the ledger", bad.len()),
                ));
            }
        }
    }
    Ok(())
}
