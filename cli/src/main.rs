//! `folio`: the command line over the same core calls the desktop app makes.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use folio::base::error::Code;
use folio::base::money;
use folio::crm::customers::{
    self, Contact, CustomerInput, CustomerKind, CustomerSummary, ListQuery, Settlement,
};
use folio::store as db;
use folio::trade::catalog::{self, StockFilter, SupplierInput, TitleInput};
use folio::trade::stock;
use folio::{FolioError, Store};
use folio_sample as demo;

mod bench;

mod sales;
use sales::{OrdersCmd, PaymentsCmd, ReceivablesCmd, ReturnsCmd};

#[derive(Parser)]
#[command(
    name = "folio",
    version,
    about = "Folio: an offline CRM for book wholesalers"
)]
struct Cli {
    /// The database file (default: $FOLIO_DB, else ~/.local/share/folio/folio.sqlite).
    #[arg(long, global = true, value_name = "PATH")]
    db: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Create (or migrate) the database file.
    Init,
    /// Customer records.
    #[command(subcommand)]
    Customers(Box<CustomersCmd>),
    /// Titles (stock items: one ISBN at one list price).
    #[command(subcommand)]
    Books(Box<BooksCmd>),
    /// Suppliers and publishers.
    #[command(subcommand)]
    Suppliers(Box<SuppliersCmd>),
    /// Stock: receipts, returns to supplier, stocktake adjustments, the stock list.
    #[command(subcommand)]
    Stock(Box<StockCmd>),
    /// Sales orders (发货单): take, confirm, ship, cancel, list.
    #[command(subcommand)]
    Orders(Box<OrdersCmd>),
    /// Customer returns (退货单).
    #[command(subcommand)]
    Returns(Box<ReturnsCmd>),
    /// Payments received (收款).
    #[command(subcommand)]
    Payments(Box<PaymentsCmd>),
    /// What customers owe, with aging; `receivables opening` records an opening balance.
    Receivables {
        #[command(subcommand)]
        cmd: Option<ReceivablesCmd>,
        #[arg(long)]
        json: bool,
    },
    /// A customer statement (对账单) for a period.
    Statement {
        #[arg(long)]
        customer: String,
        #[arg(long)]
        from: String,
        #[arg(long)]
        to: String,
        #[arg(long)]
        json: bool,
    },
    /// Fill an empty database with sample data.
    Demo {
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
    },
    /// Measure search speed on generated data (a temporary database unless --db is given).
    Bench {
        #[arg(long, default_value_t = 200_000)]
        customers: usize,
        /// Titles for the title-search part (0 skips it).
        #[arg(long, default_value_t = 100_000)]
        titles: usize,
        /// A year of orders for the order-entry part (0 skips it); about 10 lines each.
        #[arg(long, default_value_t = 0)]
        orders: usize,
        #[arg(long, default_value_t = 200)]
        per_kind: usize,
        #[arg(long, default_value_t = 50)]
        top: usize,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
enum CustomersCmd {
    /// Add a customer; prints its code.
    Add(Box<AddArgs>),
    /// List active customers (with --all, archived ones too).
    List {
        #[arg(long)]
        all: bool,
        #[arg(long)]
        json: bool,
    },
    /// Show one customer by code.
    Show {
        code: String,
        #[arg(long)]
        json: bool,
    },
    /// Search by code, name, pinyin initials, full pinyin or phone digits.
    Search {
        query: String,
        #[arg(long, default_value_t = 50)]
        limit: usize,
        #[arg(long)]
        json: bool,
    },
    /// Archive a customer: hidden from lists and search, nothing lost.
    Archive { code: String },
    /// Bring an archived customer back.
    Restore { code: String },
}

#[derive(Subcommand)]
enum BooksCmd {
    /// Add a title; the same ISBN may be added again at another list price.
    Add(Box<BookArgs>),
    /// List every title with its stock.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Find titles by ISBN (any form) or part of the title, author or publisher.
    Search {
        query: String,
        #[arg(long)]
        json: bool,
    },
    /// Show every price item of an ISBN, with its stock movements.
    Show {
        isbn: String,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Args)]
struct BookArgs {
    #[arg(long)]
    isbn: String,
    #[arg(long)]
    title: String,
    /// List price (定价) in yuan.
    #[arg(long, allow_hyphen_values = true)]
    price: String,
    #[arg(long, default_value = "")]
    subtitle: String,
    #[arg(long = "author", default_value = "")]
    authors: String,
    #[arg(long, default_value = "")]
    translator: String,
    #[arg(long, default_value = "")]
    publisher: String,
    #[arg(long, default_value = "")]
    edition: String,
    #[arg(long, default_value = "")]
    pub_date: String,
    /// 中图法 class such as I247.
    #[arg(long, default_value = "")]
    category: String,
    #[arg(long, default_value = "")]
    category_name: String,
    #[arg(long, default_value = "")]
    binding: String,
    #[arg(long, default_value = "")]
    format: String,
    #[arg(long, default_value = "")]
    language: String,
    /// Bin location (库位).
    #[arg(long, default_value = "")]
    bin: String,
    #[arg(long, default_value = "")]
    reorder: String,
    /// Preferred supplier's name.
    #[arg(long, default_value = "")]
    supplier: String,
}

#[derive(Subcommand)]
enum SuppliersCmd {
    /// Add a supplier or publisher.
    Add {
        #[arg(long)]
        name: String,
        /// Default purchase discount: 6折, 60%, 0.6.
        #[arg(long, default_value = "", allow_hyphen_values = true)]
        discount: String,
        #[arg(long, default_value = "", allow_hyphen_values = true)]
        terms: String,
        #[arg(long, default_value = "")]
        contact: String,
        #[arg(long, default_value = "")]
        phone: String,
    },
    List {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
enum StockCmd {
    /// Post a purchase receipt (进货单): --line ISBN[@PRICE]:QTY[:DISCOUNT], repeatable.
    Receive {
        #[arg(long)]
        supplier: String,
        #[arg(long = "line", required = true)]
        lines: Vec<String>,
        #[arg(long)]
        json: bool,
    },
    /// Post a return to supplier: --line ISBN[@PRICE]:QTY[:DISCOUNT], repeatable.
    Return {
        #[arg(long)]
        supplier: String,
        #[arg(long = "line", required = true)]
        lines: Vec<String>,
        #[arg(long, default_value = "")]
        reason: String,
        #[arg(long)]
        json: bool,
    },
    /// Post counted quantities (盘点): --line ISBN[@PRICE]:COUNTED, repeatable.
    Adjust {
        #[arg(long = "line", required = true)]
        lines: Vec<String>,
        #[arg(long)]
        reason: String,
        #[arg(long)]
        json: bool,
    },
    /// Reverse a posted document by its number.
    Reverse {
        number: String,
        #[arg(long)]
        json: bool,
    },
    /// Show a posted document.
    Show {
        number: String,
        #[arg(long)]
        json: bool,
    },
    /// The stock list; --low for items at or below their reorder point.
    List {
        #[arg(long)]
        low: bool,
        #[arg(long)]
        out: bool,
        /// Slow movers: in stock with no sale in this many days.
        #[arg(long, value_name = "DAYS", default_value_t = 0)]
        slow: i64,
        /// A class or its prefix (I2 takes in I247).
        #[arg(long, default_value = "")]
        category: String,
        #[arg(long, default_value = "")]
        publisher: String,
        #[arg(long, default_value = "")]
        bin: String,
        /// Search text: an ISBN in any form, title, pinyin, author or publisher.
        #[arg(long, default_value = "")]
        search: String,
        #[arg(long)]
        json: bool,
    },
    /// Opening balances (期初库存) brought over from another system.
    Opening {
        /// ISBN[@PRICE]:QTY[:DISCOUNT]; the discount sets the cost (default: the
        /// preferred supplier's, else 6折).
        #[arg(long = "line", required = true)]
        lines: Vec<String>,
        #[arg(long, default_value = "")]
        reason: String,
        #[arg(long)]
        json: bool,
    },
    /// Write off damaged or lost copies (报损).
    WriteOff {
        /// ISBN[@PRICE]:QTY
        #[arg(long = "line", required = true)]
        lines: Vec<String>,
        #[arg(long)]
        reason: String,
        #[arg(long)]
        json: bool,
    },
    /// Posted stock documents, newest first.
    Documents {
        /// receipt, supplier_return or stocktake; all when left out.
        #[arg(long, default_value = "")]
        kind: String,
        #[arg(long)]
        json: bool,
    },
    /// Stock value at cost and at list price (码洋).
    Value {
        #[arg(long)]
        json: bool,
    },
    /// Rebuild on-hand from the ledger and report any item that disagrees.
    Check,
}

#[derive(Args)]
struct AddArgs {
    #[arg(long)]
    name: String,
    /// Blank: the next free code (C0001, C0002, ...).
    #[arg(long, default_value = "")]
    code: String,
    /// bookshop, school, library, company, distributor or individual.
    #[arg(long = "type", default_value = "bookshop")]
    kind: String,
    #[arg(long, default_value = "")]
    contact: String,
    #[arg(long, default_value = "")]
    phone: String,
    #[arg(long, default_value = "")]
    email: String,
    #[arg(long, default_value = "")]
    wechat: String,
    /// 6.5折, 65% or 0.65.
    #[arg(long, default_value = "", allow_hyphen_values = true)]
    discount: String,
    /// Credit limit in yuan (5000, 5000.00, ￥5,000).
    #[arg(long, default_value = "", allow_hyphen_values = true)]
    credit: String,
    /// Payment terms in days.
    #[arg(long, default_value = "", allow_hyphen_values = true)]
    terms: String,
    /// firm, sale_or_return or consignment.
    #[arg(long, default_value = "firm")]
    settlement: String,
    #[arg(long, default_value = "")]
    region: String,
    #[arg(long, default_value = "")]
    address: String,
    #[arg(long = "tag")]
    tags: Vec<String>,
    #[arg(long, default_value = "")]
    notes: String,
}

fn main() -> ExitCode {
    // Like other Unix tools, end quietly when the reader of our output goes away
    // (`folio stock list | head`) instead of panicking on a broken pipe.
    #[cfg(unix)]
    // SAFETY: restoring the default disposition of one signal before any threads start.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("folio: {e}");
            ExitCode::FAILURE
        }
    }
}

fn open(db: &Option<PathBuf>) -> Result<Store, FolioError> {
    let path = db.clone().unwrap_or_else(db::default_path);
    Store::open(&path)
}

fn print_json<T: serde::Serialize>(v: &T) {
    println!("{}", serde_json::to_string_pretty(v).expect("serialisable"));
}

fn print_table(rows: &[CustomerSummary]) {
    for c in rows {
        println!(
            "{}\t{}\t{}\t{}\t{}\t{}",
            c.code,
            c.name,
            c.kind_str(),
            money::format_discount_zhe(c.discount_bp),
            c.credit_limit_fen
                .map(money::format_fen)
                .unwrap_or_else(|| "-".into()),
            c.phone
        );
    }
}

trait KindStr {
    fn kind_str(&self) -> &'static str;
}
impl KindStr for CustomerSummary {
    fn kind_str(&self) -> &'static str {
        self.kind.as_str()
    }
}

fn run(cli: Cli) -> Result<(), FolioError> {
    match cli.command {
        Command::Init => {
            let store = open(&cli.db)?;
            println!(
                "database ready: {} (schema {})",
                store.path().display(),
                store.schema_version()?
            );
        }
        Command::Customers(cmd) => customers_cmd(&cli.db, *cmd)?,
        Command::Books(cmd) => books_cmd(&cli.db, *cmd)?,
        Command::Suppliers(cmd) => suppliers_cmd(&cli.db, *cmd)?,
        Command::Stock(cmd) => stock_cmd(&cli.db, *cmd)?,
        Command::Orders(cmd) => sales::orders_cmd(&cli.db, *cmd)?,
        Command::Returns(cmd) => sales::returns_cmd(&cli.db, *cmd)?,
        Command::Payments(cmd) => sales::payments_cmd(&cli.db, *cmd)?,
        Command::Receivables { cmd, json } => sales::receivables_cmd(&cli.db, cmd, json)?,
        Command::Statement {
            customer,
            from,
            to,
            json,
        } => sales::statement_cmd(&cli.db, &customer, &from, &to, json)?,
        Command::Demo {
            customers,
            titles,
            orders,
            seed,
        } => {
            let mut store = open(&cli.db)?;
            let r = demo::load(&mut store, customers, titles, seed)?;
            println!(
                "loaded {} sample customers, {} suppliers, {} titles and {} copies into {}",
                r.customers,
                r.suppliers,
                r.titles,
                r.copies,
                store.path().display()
            );
            if orders > 0 {
                let s = demo::load_sales(&mut store, orders, seed)?;
                println!(
                    "and a year of trade: {} orders ({} lines), {} returns, {} payments, {} restocking receipts",
                    s.orders, s.order_lines, s.returns, s.payments, s.restocks
                );
            }
        }
        Command::Bench {
            customers,
            titles,
            orders,
            per_kind,
            top,
            json,
        } => {
            let tmp;
            let path = match &cli.db {
                Some(p) => p.clone(),
                None => {
                    tmp = std::env::temp_dir()
                        .join(format!("folio-bench-{}.sqlite", std::process::id()));
                    tmp.clone()
                }
            };
            let mut store = Store::open(&path)?;
            let have: i64 = store
                .conn()
                .query_row("SELECT count(*) FROM customers", [], |r| r.get(0))?;
            if have == 0 {
                let t = std::time::Instant::now();
                demo::load(&mut store, customers, titles, 42)?;
                eprintln!(
                    "generated {customers} customers in {:.1} s",
                    t.elapsed().as_secs_f64()
                );
            }
            let have_orders: i64 =
                store
                    .conn()
                    .query_row("SELECT count(*) FROM orders", [], |r| r.get(0))?;
            if orders > 0 && (have_orders as usize) < orders {
                let t = std::time::Instant::now();
                let s = demo::load_sales(&mut store, orders - have_orders as usize, 42)?;
                eprintln!(
                    "generated {} orders ({} lines) in {:.1} s",
                    s.orders,
                    s.order_lines,
                    t.elapsed().as_secs_f64()
                );
            }
            let rows = bench::run(&store, per_kind, top, 7)?;
            let title_rows = bench::run_titles(&store, per_kind, top, 7)?;
            let sales_rows = if orders > 0 {
                bench::run_sales(&mut store, per_kind, 7)?
            } else {
                Vec::new()
            };
            if json {
                print_json(
                    &serde_json::json!({ "customers": rows, "titles": title_rows, "sales": sales_rows }),
                );
            } else {
                println!(
                    "search, top {top}, {} customers, {per_kind} queries per kind",
                    have.max(customers as i64)
                );
                println!(
                    "{:<26} {:>8} {:>8} {:>8} {:>6}  example",
                    "kind", "p50 ms", "p95 ms", "max ms", "hits"
                );
                for r in &rows {
                    println!(
                        "{:<26} {:>8.3} {:>8.3} {:>8.3} {:>6.1}  {}",
                        r.kind, r.p50_ms, r.p95_ms, r.max_ms, r.mean_hits, r.example
                    );
                }
                if !title_rows.is_empty() {
                    println!("\ntitle search, top {top}");
                    for r in &title_rows {
                        println!(
                            "{:<26} {:>8.3} {:>8.3} {:>8.3} {:>6.1}  {}",
                            r.kind, r.p50_ms, r.p95_ms, r.max_ms, r.mean_hits, r.example
                        );
                    }
                }
                if !sales_rows.is_empty() {
                    println!("\norder entry and receivables (the first row is the floor)");
                    for r in &sales_rows {
                        println!(
                            "{:<26} {:>8.3} {:>8.3} {:>8.3} {:>6.1}  {}",
                            r.kind, r.p50_ms, r.p95_ms, r.max_ms, r.mean_hits, r.example
                        );
                    }
                }
            }
            if cli.db.is_none() {
                drop(store);
                for suffix in ["", "-wal", "-shm", ".lock"] {
                    let mut p = path.as_os_str().to_owned();
                    p.push(suffix);
                    let _ = std::fs::remove_file(PathBuf::from(p));
                }
            }
        }
    }
    Ok(())
}

fn customers_cmd(db: &Option<PathBuf>, cmd: CustomersCmd) -> Result<(), FolioError> {
    match cmd {
        CustomersCmd::Add(a) => {
            let a = *a;
            let kind = CustomerKind::parse(&a.kind).ok_or_else(|| {
                FolioError::invalid(
                    Code::KindInvalid,
                    "type",
                    format!(
                        "type {:?} is not one of bookshop, school, library, company, distributor, individual",
                        a.kind
                    ),
                )
            })?;
            let settlement = Settlement::parse(&a.settlement).ok_or_else(|| {
                FolioError::invalid(
                    Code::SettlementInvalid,
                    "settlement",
                    format!(
                        "settlement {:?} is not one of firm, sale_or_return, consignment",
                        a.settlement
                    ),
                )
            })?;
            let input = CustomerInput {
                code: a.code,
                name: a.name,
                kind,
                contacts: vec![Contact {
                    name: a.contact,
                    role: String::new(),
                    phone: a.phone,
                    email: a.email,
                    wechat: a.wechat,
                }],
                address: a.address,
                region: a.region,
                discount: a.discount,
                credit_limit: a.credit,
                payment_terms_days: a.terms,
                settlement,
                tags: a.tags,
                notes: a.notes,
                ..CustomerInput::default()
            };
            let mut store = open(db)?;
            let c = customers::create(&mut store, &input)?;
            println!("{}", c.code);
        }
        CustomersCmd::List { all, json } => {
            let store = open(db)?;
            let mut rows = Vec::new();
            let mut offset = 0;
            loop {
                let page = customers::list(
                    &store,
                    &ListQuery {
                        query: String::new(),
                        offset,
                        limit: 500,
                        include_archived: all,
                    },
                )?;
                let n = page.rows.len() as i64;
                rows.extend(page.rows);
                offset += n;
                if n == 0 || offset >= page.total {
                    break;
                }
            }
            if json {
                print_json(&rows);
            } else {
                print_table(&rows);
            }
        }
        CustomersCmd::Show { code, json } => {
            let store = open(db)?;
            let c = customers::get_by_code(&store, &code)?;
            if json {
                print_json(&c);
            } else {
                println!("code:          {}", c.code);
                println!("name:          {}", c.name);
                println!("type:          {}", c.kind.as_str());
                println!("status:        {:?}", c.status);
                println!(
                    "discount:      {} ({})",
                    money::format_discount_zhe(c.discount_bp),
                    money::format_discount_percent(c.discount_bp)
                );
                println!(
                    "credit limit:  {}",
                    c.credit_limit_fen
                        .map(money::format_fen)
                        .unwrap_or_else(|| "none".into())
                );
                println!("payment terms: {} days", c.payment_terms_days);
                println!("settlement:    {}", c.settlement.as_str());
                for ct in &c.contacts {
                    println!(
                        "contact:       {} {} {} {} {}",
                        ct.name, ct.role, ct.phone, ct.email, ct.wechat
                    );
                }
                if !c.region.is_empty() {
                    println!("region:        {}", c.region);
                }
                if !c.address.is_empty() {
                    println!("address:       {}", c.address);
                }
                if !c.tags.is_empty() {
                    println!("tags:          {}", c.tags.join(", "));
                }
            }
        }
        CustomersCmd::Search { query, limit, json } => {
            let store = open(db)?;
            let rows = customers::search(&store, &query, limit.clamp(1, 1000))?;
            if json {
                print_json(&rows);
            } else {
                print_table(&rows);
            }
        }
        CustomersCmd::Archive { code } => {
            let mut store = open(db)?;
            let c = customers::get_by_code(&store, &code)?;
            customers::archive(&mut store, c.id)?;
            println!("archived {}", c.code);
        }
        CustomersCmd::Restore { code } => {
            let mut store = open(db)?;
            let c = customers::get_by_code(&store, &code)?;
            customers::restore(&mut store, c.id)?;
            println!("restored {}", c.code);
        }
    }
    Ok(())
}

fn print_titles(rows: &[catalog::Title]) {
    for t in rows {
        println!(
            "{}\t{}\t{}\t{}\t{}\t{}",
            t.isbn,
            t.title,
            money::format_fen(t.list_price_fen),
            t.quantity,
            t.bin,
            t.publisher
        );
    }
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
        d.supplier.as_deref().unwrap_or(""),
        d.copies,
        money::format_fen(d.list_total_fen),
        money::format_fen(d.net_total_fen)
    );
    for l in &d.lines {
        println!(
            "  {}\t{}\t{}\t{}\t{}\t{}",
            l.isbn,
            l.title,
            money::format_fen(l.list_price_fen),
            l.quantity,
            money::format_discount_zhe(l.discount_bp),
            money::format_fen(l.net_fen)
        );
    }
}

fn books_cmd(db: &Option<PathBuf>, cmd: BooksCmd) -> Result<(), FolioError> {
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
            let mut store = open(db)?;
            let t = catalog::create_title(&mut store, &input)?;
            println!("{} {}", t.isbn, money::format_fen(t.list_price_fen));
        }
        BooksCmd::List { json } => {
            let store = open(db)?;
            let rows = catalog::list_titles(&store, &StockFilter::default())?;
            if json {
                print_json(&rows);
            } else {
                print_titles(&rows);
            }
        }
        BooksCmd::Search { query, json } => {
            let store = open(db)?;
            let rows = catalog::search_titles(&store, &query, 50)?;
            if json {
                print_json(&rows);
            } else {
                print_titles(&rows);
            }
        }
        BooksCmd::Show { isbn, json } => {
            let store = open(db)?;
            let items = catalog::titles_by_isbn(&store, &isbn)?;
            if items.is_empty() {
                return Err(FolioError::NotFound {
                    what: "title",
                    key: isbn,
                });
            }
            if json {
                print_json(&items);
            } else {
                for t in &items {
                    println!(
                        "{} {} {}",
                        t.isbn,
                        t.title,
                        money::format_fen(t.list_price_fen)
                    );
                    println!(
                        "  on hand {}  bin {}  publisher {}",
                        t.quantity, t.bin, t.publisher
                    );
                    for m in stock::history(&store, t)? {
                        println!(
                            "  {}\t{}\t{:+}\t{}\t{}",
                            m.at,
                            m.kind,
                            m.quantity,
                            m.document.unwrap_or_default(),
                            m.reason
                        );
                    }
                }
            }
        }
    }
    Ok(())
}

fn suppliers_cmd(db: &Option<PathBuf>, cmd: SuppliersCmd) -> Result<(), FolioError> {
    match cmd {
        SuppliersCmd::Add {
            name,
            discount,
            terms,
            contact,
            phone,
        } => {
            let mut store = open(db)?;
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
            println!("{}", s.name);
        }
        SuppliersCmd::List { json } => {
            let store = open(db)?;
            let rows = catalog::suppliers(&store)?;
            if json {
                print_json(&rows);
            } else {
                for s in rows {
                    println!(
                        "{}\t{}\t{} days",
                        s.name,
                        money::format_discount_zhe(s.default_discount_bp),
                        s.payment_terms_days
                    );
                }
            }
        }
    }
    Ok(())
}

fn stock_cmd(db: &Option<PathBuf>, cmd: StockCmd) -> Result<(), FolioError> {
    match cmd {
        StockCmd::Receive {
            supplier,
            lines,
            json,
        } => {
            let mut store = open(db)?;
            print_document(&stock::receive(&mut store, &supplier, &lines)?, json);
        }
        StockCmd::Return {
            supplier,
            lines,
            reason,
            json,
        } => {
            let mut store = open(db)?;
            print_document(
                &stock::return_to_supplier(&mut store, &supplier, &lines, &reason)?,
                json,
            );
        }
        StockCmd::Adjust {
            lines,
            reason,
            json,
        } => {
            let mut store = open(db)?;
            print_document(&stock::adjust(&mut store, &lines, &reason)?, json);
        }
        StockCmd::Reverse { number, json } => {
            let mut store = open(db)?;
            print_document(&stock::reverse(&mut store, &number)?, json);
        }
        StockCmd::Show { number, json } => {
            let store = open(db)?;
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
            json,
        } => {
            let store = open(db)?;
            let rows = catalog::list_titles(
                &store,
                &StockFilter {
                    low,
                    out_of_stock: out,
                    slow_days: slow,
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
        StockCmd::Opening {
            lines,
            reason,
            json,
        } => {
            let mut store = open(db)?;
            print_document(&stock::opening(&mut store, &lines, &reason)?, json);
        }
        StockCmd::WriteOff {
            lines,
            reason,
            json,
        } => {
            let mut store = open(db)?;
            print_document(&stock::write_off(&mut store, &lines, &reason)?, json);
        }
        StockCmd::Documents { kind, json } => {
            let store = open(db)?;
            let docs = stock::documents(
                &store,
                &stock::DocumentQuery {
                    kind,
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
                            .map(|s| format!("  {s}"))
                            .unwrap_or_default()
                    );
                }
            }
        }
        StockCmd::Value { json } => {
            let store = open(db)?;
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
            let store = open(db)?;
            let bad = stock::check(&store)?;
            if bad.is_empty() {
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
