//! `folio demo`: fill an empty database with sample data.

use clap::Args;

use folio::FolioError;
use folio_sample as sample;

use crate::{print_json, Ctx};

#[derive(Args)]
pub struct DemoArgs {
    #[arg(long, default_value_t = 500)]
    customers: usize,
    /// Titles from sample publishers, with stock received on purchase receipts.
    #[arg(long, default_value_t = 300)]
    titles: usize,
    /// A year of orders (with their returns and payments) over those customers and titles.
    #[arg(long, default_value_t = 0)]
    orders: usize,
    #[arg(long, default_value_t = 1)]
    seed: u64,
}

pub fn run(ctx: &Ctx, a: DemoArgs) -> Result<(), FolioError> {
    let mut store = ctx.open()?;
    let r = sample::load(&mut store, a.customers, a.titles, a.seed)?;
    // The first line is printed before the year of trade is made, as it always
    // was, so a long load shows what it has done so far.
    if !ctx.json {
        println!(
            "loaded {} sample customers, {} suppliers, {} titles and {} copies into {}",
            r.customers,
            r.suppliers,
            r.titles,
            r.copies,
            store.path().display()
        );
    }
    let s = if a.orders > 0 {
        Some(sample::load_sales(&mut store, a.orders, a.seed)?)
    } else {
        None
    };
    if ctx.json {
        print_json(&serde_json::json!({ "loaded": r, "sales": s }));
    } else if let Some(s) = s {
        println!(
            "and a year of trade: {} orders ({} lines), {} returns, {} payments, {} restocking receipts",
            s.orders, s.order_lines, s.returns, s.payments, s.restocks
        );
    }
    Ok(())
}
