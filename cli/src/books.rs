//! `folio books`: titles (stock items, one ISBN at one list price).

use clap::{Args, Subcommand};

use folio::base::error::Code;
use folio::base::money;
use folio::base::text::for_terminal as cell;
use folio::store::Store;
use folio::trade::catalog::{self, StockFilter, Title, TitleInput};
use folio::trade::stock;
use folio::FolioError;

use crate::customers::set;
use crate::{print_json, Ctx};

#[derive(Subcommand)]
pub enum BooksCmd {
    /// Add a title; the same ISBN may be added again at another list price.
    Add(Box<BookArgs>),
    /// Change a title's details (all but its ISBN and list price): only the fields
    /// given change. ISBN@PRICE picks one item when the ISBN has several prices.
    Update(Box<BookUpdateArgs>),
    /// List every title with its stock.
    List,
    /// Find titles by ISBN (any form) or part of the title, author or publisher.
    Search { query: String },
    /// Show every price item of an ISBN, with its stock movements.
    Show { isbn: String },
}

#[derive(Args)]
pub struct BookArgs {
    #[arg(long, allow_hyphen_values = true)]
    isbn: String,
    #[arg(long, allow_hyphen_values = true)]
    title: String,
    /// List price (定价) in yuan.
    #[arg(long, allow_hyphen_values = true)]
    price: String,
    #[arg(long, default_value = "", allow_hyphen_values = true)]
    subtitle: String,
    #[arg(long = "author", default_value = "", allow_hyphen_values = true)]
    authors: String,
    #[arg(long, default_value = "", allow_hyphen_values = true)]
    translator: String,
    #[arg(long, default_value = "", allow_hyphen_values = true)]
    publisher: String,
    #[arg(long, default_value = "", allow_hyphen_values = true)]
    edition: String,
    #[arg(long, default_value = "", allow_hyphen_values = true)]
    pub_date: String,
    /// 中图法 class such as I247.
    #[arg(long, default_value = "", allow_hyphen_values = true)]
    category: String,
    #[arg(long, default_value = "", allow_hyphen_values = true)]
    category_name: String,
    #[arg(long, default_value = "", allow_hyphen_values = true)]
    binding: String,
    #[arg(long, default_value = "", allow_hyphen_values = true)]
    format: String,
    #[arg(long, default_value = "", allow_hyphen_values = true)]
    language: String,
    /// Bin location (库位).
    #[arg(long, default_value = "", allow_hyphen_values = true)]
    bin: String,
    #[arg(long, default_value = "", allow_hyphen_values = true)]
    reorder: String,
    /// Preferred supplier's name.
    #[arg(long, default_value = "", allow_hyphen_values = true)]
    supplier: String,
}

// The fields of `add` but ISBN and list price, each optional: what a stock item is
// cannot change (a new price is a new item), and a flag left out keeps what is stored.
#[derive(Args)]
pub struct BookUpdateArgs {
    /// ISBN (any form), or ISBN@PRICE when it is on file at several list prices.
    #[arg(value_name = "ISBN[@PRICE]")]
    item: String,
    #[arg(long, allow_hyphen_values = true)]
    title: Option<String>,
    #[arg(long, allow_hyphen_values = true)]
    subtitle: Option<String>,
    #[arg(long = "author", allow_hyphen_values = true)]
    authors: Option<String>,
    #[arg(long, allow_hyphen_values = true)]
    translator: Option<String>,
    #[arg(long, allow_hyphen_values = true)]
    publisher: Option<String>,
    #[arg(long, allow_hyphen_values = true)]
    edition: Option<String>,
    #[arg(long, allow_hyphen_values = true)]
    pub_date: Option<String>,
    /// 中图法 class such as I247.
    #[arg(long, allow_hyphen_values = true)]
    category: Option<String>,
    #[arg(long, allow_hyphen_values = true)]
    category_name: Option<String>,
    #[arg(long, allow_hyphen_values = true)]
    binding: Option<String>,
    #[arg(long, allow_hyphen_values = true)]
    format: Option<String>,
    #[arg(long, allow_hyphen_values = true)]
    language: Option<String>,
    /// Bin location (库位).
    #[arg(long, allow_hyphen_values = true)]
    bin: Option<String>,
    #[arg(long, allow_hyphen_values = true)]
    reorder: Option<String>,
    /// Preferred supplier's name; blank for none.
    #[arg(long, allow_hyphen_values = true)]
    supplier: Option<String>,
}

impl BookUpdateArgs {
    /// Lays the flags given over the stored title's input.
    fn apply(self, input: &mut TitleInput) {
        set(&mut input.title, self.title);
        set(&mut input.subtitle, self.subtitle);
        set(&mut input.authors, self.authors);
        set(&mut input.translator, self.translator);
        set(&mut input.publisher, self.publisher);
        set(&mut input.edition, self.edition);
        set(&mut input.pub_date, self.pub_date);
        set(&mut input.category_code, self.category);
        set(&mut input.category_name, self.category_name);
        set(&mut input.binding, self.binding);
        set(&mut input.format, self.format);
        set(&mut input.language, self.language);
        set(&mut input.bin, self.bin);
        set(&mut input.reorder_point, self.reorder);
        set(&mut input.supplier, self.supplier);
    }
}

/// The one stock item `ISBN[@PRICE]` means. Errors name the `isbn` field, as the
/// core's own checks of an ISBN do.
fn find_item(store: &Store, text: &str) -> Result<Title, FolioError> {
    let (isbn_text, price_text) = match text.split_once('@') {
        Some((i, p)) => (i, Some(p)),
        None => (text, None),
    };
    let isbn = catalog::parse_isbn("isbn", isbn_text)?;
    let price = price_text
        .map(|p| catalog::parse_price("list_price", p))
        .transpose()?;
    let mut items = catalog::titles_by_isbn(store, &isbn)?;
    let prices = items
        .iter()
        .map(|t| money::format_fen(t.list_price_fen))
        .collect::<Vec<_>>()
        .join(", ");
    if items.is_empty() {
        return Err(FolioError::NotFound {
            what: "title",
            key: isbn,
        });
    }
    match price {
        Some(p) => match items.iter().position(|t| t.list_price_fen == p) {
            Some(k) => Ok(items.swap_remove(k)),
            None => Err(FolioError::invalid(
                Code::PriceUnknown,
                "list_price",
                format!(
                    "ISBN {isbn} is on file at {}, not at {}",
                    prices,
                    money::format_fen(p)
                ),
            )),
        },
        None if items.len() == 1 => Ok(items.remove(0)),
        None => Err(FolioError::invalid(
            Code::IsbnAmbiguous,
            "isbn",
            format!(
                "ISBN {isbn} has several list prices ({}); write ISBN@PRICE",
                prices
            ),
        )),
    }
}

pub(crate) fn print_titles(rows: &[Title]) {
    for t in rows {
        println!(
            "{}\t{}\t{}\t{}\t{}\t{}",
            t.isbn,
            cell(&t.title),
            money::format_fen(t.list_price_fen),
            t.quantity,
            cell(&t.bin),
            cell(&t.publisher)
        );
    }
}

pub fn run(ctx: &Ctx, cmd: BooksCmd) -> Result<(), FolioError> {
    match cmd {
        BooksCmd::Add(a) => {
            let input = TitleInput {
                isbn: a.isbn,
                list_price: a.price,
                title: a.title,
                subtitle: a.subtitle,
                authors: a.authors,
                translator: a.translator,
                publisher: a.publisher,
                edition: a.edition,
                pub_date: a.pub_date,
                category_code: a.category,
                category_name: a.category_name,
                binding: a.binding,
                format: a.format,
                language: a.language,
                bin: a.bin,
                reorder_point: a.reorder,
                supplier: a.supplier,
                tags: Vec::new(),
            };
            let mut store = ctx.open()?;
            let t = catalog::create_title(&mut store, &input)?;
            if ctx.json {
                print_json(&t);
            } else {
                println!("{} {}", t.isbn, money::format_fen(t.list_price_fen));
            }
        }
        BooksCmd::Update(a) => {
            let mut store = ctx.open()?;
            let t = find_item(&store, &a.item)?;
            let mut input = TitleInput::from(&t);
            a.apply(&mut input);
            let t = catalog::update_title(&mut store, t.id, &input)?;
            if ctx.json {
                print_json(&t);
            } else {
                println!("updated {} {}", t.isbn, money::format_fen(t.list_price_fen));
            }
        }
        BooksCmd::List => {
            let store = ctx.open()?;
            let rows = catalog::list_titles(&store, &StockFilter::default())?;
            if ctx.json {
                print_json(&rows);
            } else {
                print_titles(&rows);
            }
        }
        BooksCmd::Search { query } => {
            let store = ctx.open()?;
            let rows = catalog::search_titles(&store, &query, 50)?;
            if ctx.json {
                print_json(&rows);
            } else {
                print_titles(&rows);
            }
        }
        BooksCmd::Show { isbn } => {
            let store = ctx.open()?;
            let items = catalog::titles_by_isbn(&store, &isbn)?;
            if items.is_empty() {
                return Err(FolioError::NotFound {
                    what: "title",
                    key: isbn,
                });
            }
            if ctx.json {
                print_json(&items);
            } else {
                for t in &items {
                    println!(
                        "{} {} {}",
                        t.isbn,
                        cell(&t.title),
                        money::format_fen(t.list_price_fen)
                    );
                    println!(
                        "  on hand {}  bin {}  publisher {}",
                        t.quantity,
                        cell(&t.bin),
                        cell(&t.publisher)
                    );
                    for m in stock::history(&store, t)? {
                        println!(
                            "  {}\t{}\t{:+}\t{}\t{}",
                            m.at,
                            m.kind,
                            m.quantity,
                            m.document.unwrap_or_default(),
                            cell(&m.reason)
                        );
                    }
                }
            }
        }
    }
    Ok(())
}
