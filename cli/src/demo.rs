//! `folio demo`: fill an empty database with sample data.

use clap::Args;

use folio::base::progress::Quiet;
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

/// Builds the sample in a scratch file beside the database and puts it in with
/// one write, as the app does: a full disk or a Ctrl+C part way leaves the
/// database as it was, and the command can simply be run again.
pub fn run(ctx: &Ctx, a: DemoArgs) -> Result<(), FolioError> {
    let mut store = ctx.open()?;
    // Said at once, not after minutes of building; `install` checks again.
    sample::check_empty(&store)?;
    let mut scratch = store.path().as_os_str().to_owned();
    scratch.push(".sample.tmp");
    let sizes = sample::Sizes {
        customers: a.customers,
        titles: a.titles,
        orders: a.orders,
    };
    let prepared = sample::prepare(std::path::Path::new(&scratch), sizes, a.seed, &Quiet)?;
    let sales = prepared.sales().clone();
    let r = prepared.install(&mut store)?;
    if ctx.json {
        let sales = (a.orders > 0).then_some(sales);
        print_json(&serde_json::json!({ "loaded": r, "sales": sales }));
        return Ok(());
    }
    println!(
        "loaded {} sample customers, {} suppliers, {} titles and {} copies into {}",
        r.customers,
        r.suppliers,
        r.titles,
        r.copies,
        store.path().display()
    );
    if a.orders > 0 {
        println!(
            "and a year of trade: {} orders ({} lines), {} returns, {} payments, {} restocking receipts",
            sales.orders, sales.order_lines, sales.returns, sales.payments, sales.restocks
        );
    }
    Ok(())
}
