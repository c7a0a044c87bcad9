//! `folio suppliers`: suppliers and publishers.

use clap::{Args, Subcommand};

use folio::base::money;
use folio::base::text::for_terminal as cell;
use folio::store::Store;
use folio::trade::catalog::{self, Supplier, SupplierInput};
use folio::FolioError;

use crate::customers::set;
use crate::{print_json, Ctx};

#[derive(Subcommand)]
pub enum SuppliersCmd {
    /// Add a supplier or publisher.
    Add {
        #[arg(long, allow_hyphen_values = true)]
        name: String,
        /// Default purchase discount: 6折, 60%, 0.6.
        #[arg(long, default_value = "", allow_hyphen_values = true)]
        discount: String,
        #[arg(long, default_value = "", allow_hyphen_values = true)]
        terms: String,
        #[arg(long, default_value = "", allow_hyphen_values = true)]
        contact: String,
        #[arg(long, default_value = "", allow_hyphen_values = true)]
        phone: String,
    },
    /// Change a supplier (by name or id): only the fields given change.
    Update(Box<SupplierUpdateArgs>),
    List,
}

// The fields of `add`, each optional: a flag left out keeps what is stored.
#[derive(Args)]
pub struct SupplierUpdateArgs {
    /// The supplier's current name, or its id.
    #[arg(value_name = "NAME-or-ID")]
    target: String,
    /// A new name.
    #[arg(long, allow_hyphen_values = true)]
    name: Option<String>,
    /// Default purchase discount: 6折, 60%, 0.6.
    #[arg(long, allow_hyphen_values = true)]
    discount: Option<String>,
    #[arg(long, allow_hyphen_values = true)]
    terms: Option<String>,
    #[arg(long, allow_hyphen_values = true)]
    contact: Option<String>,
    #[arg(long, allow_hyphen_values = true)]
    phone: Option<String>,
}

/// A supplier by its name, else by its id when the text is a number: a name is
/// what people type, the id is what `suppliers list --json` shows.
fn find(store: &Store, text: &str) -> Result<Supplier, FolioError> {
    match catalog::supplier_by_name(store, "supplier", text) {
        Ok(s) => Ok(s),
        Err(e) => match text.trim().trim_start_matches('#').parse::<i64>() {
            Ok(id) => catalog::supplier(store, id),
            Err(_) => Err(e),
        },
    }
}

pub fn run(ctx: &Ctx, cmd: SuppliersCmd) -> Result<(), FolioError> {
    match cmd {
        SuppliersCmd::Add {
            name,
            discount,
            terms,
            contact,
            phone,
        } => {
            let mut store = ctx.open()?;
            let s = catalog::create_supplier(
                &mut store,
                &SupplierInput {
                    name,
                    discount,
                    payment_terms_days: terms,
                    contact,
                    phone,
                    ..SupplierInput::default()
                },
            )?;
            if ctx.json {
                print_json(&s);
            } else {
                println!("{}", cell(&s.name));
            }
        }
        SuppliersCmd::Update(a) => {
            let a = *a;
            let mut store = ctx.open()?;
            let s = find(&store, &a.target)?;
            let mut input = SupplierInput::from(&s);
            set(&mut input.name, a.name);
            set(&mut input.discount, a.discount);
            set(&mut input.payment_terms_days, a.terms);
            set(&mut input.contact, a.contact);
            set(&mut input.phone, a.phone);
            let s = catalog::update_supplier(&mut store, s.id, &input)?;
            if ctx.json {
                print_json(&s);
            } else {
                println!("updated {}", cell(&s.name));
            }
        }
        SuppliersCmd::List => {
            let store = ctx.open()?;
            let rows = catalog::suppliers(&store)?;
            if ctx.json {
                print_json(&rows);
            } else {
                for s in rows {
                    println!(
                        "{}\t{}\t{} days",
                        cell(&s.name),
                        money::format_discount_zhe(s.default_discount_bp),
                        s.payment_terms_days
                    );
                }
            }
        }
    }
    Ok(())
}
