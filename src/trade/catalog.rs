//! The catalogue: suppliers (publishers) and titles. A title here is a stock item,
//! one ISBN at one list price; a reprint at a new price is its own item.

use rusqlite::{params, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::base::clock;
use crate::base::error::{Code, FolioError, Result};
use crate::base::fields;
use crate::base::isbn;
use crate::base::money::{self, DiscountError};
use crate::base::search;
use crate::base::text::{self, quote};
use crate::store::Store;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Supplier {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    pub contact: String,
    pub phone: String,
    pub email: String,
    #[ts(type = "number")]
    pub default_discount_bp: i64,
    #[ts(type = "number")]
    pub payment_terms_days: i64,
    pub notes: String,
}

/// What the supplier form or CLI sends; numbers as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct SupplierInput {
    pub name: String,
    pub contact: String,
    pub phone: String,
    pub email: String,
    /// Purchase discount: `6折`, `60%`, `0.6`; blank means 6折.
    pub discount: String,
    pub payment_terms_days: String,
    pub notes: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Title {
    #[ts(type = "number")]
    pub id: i64,
    pub isbn: String,
    #[ts(type = "number")]
    pub list_price_fen: i64,
    pub title: String,
    pub subtitle: String,
    pub authors: String,
    pub translator: String,
    pub publisher: String,
    pub edition: String,
    pub pub_date: String,
    pub category_code: String,
    pub category_name: String,
    pub binding: String,
    pub format: String,
    pub language: String,
    pub tags: Vec<String>,
    pub bin: String,
    #[ts(type = "number")]
    pub reorder_point: i64,
    pub supplier: Option<String>,
    #[ts(type = "number")]
    pub quantity: i64,
}

/// What the title form or CLI sends; ISBN and price as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct TitleInput {
    pub isbn: String,
    /// Yuan: `45.00`, `￥45`.
    pub list_price: String,
    pub title: String,
    pub subtitle: String,
    pub authors: String,
    pub translator: String,
    pub publisher: String,
    pub edition: String,
    pub pub_date: String,
    pub category_code: String,
    pub category_name: String,
    pub binding: String,
    pub format: String,
    pub language: String,
    pub tags: Vec<String>,
    pub bin: String,
    pub reorder_point: String,
    /// A supplier's name; blank for none.
    pub supplier: String,
}

/// The code for what is wrong with an ISBN: a wrong check digit (a typo, or a
/// misread scan) is not the same mistake as a wrong number of digits, and the
/// user is told which.
pub(crate) fn isbn_code(e: isbn::IsbnError) -> Code {
    match e {
        isbn::IsbnError::Shape => Code::IsbnInvalid,
        isbn::IsbnError::CheckDigit => Code::IsbnCheckDigit,
        isbn::IsbnError::Prefix => Code::IsbnPrefix,
    }
}

/// Parses a typed ISBN, with a message that says what is wrong with it.
pub fn parse_isbn(field: &str, input: &str) -> Result<String> {
    isbn::parse(input).map_err(|e| isbn_error(field, input, e))
}

fn isbn_error(field: &str, input: &str, e: isbn::IsbnError) -> FolioError {
    FolioError::invalid(
        isbn_code(e),
        field,
        format!("ISBN {} is not valid: {e}", quote(input)),
    )
}

/// Parses a list price in yuan: from ¥0.01 to [`money::MAX_PRICE_FEN`].
pub fn parse_price(field: &str, input: &str) -> Result<i64> {
    fields::yuan(
        field,
        "list price",
        input,
        (1, money::MAX_PRICE_FEN),
        Code::PriceInvalid,
        Code::PriceRange,
    )
}

/// Parses a purchase or sale discount with messages naming `field`.
pub fn parse_discount_field(field: &str, input: &str) -> Result<i64> {
    money::parse_discount(input).map_err(|e| match e {
        DiscountError::Shape => FolioError::invalid(
            Code::DiscountInvalid,
            field,
            format!(
                "discount {} is not understood: write 6.5折, 65% or 0.65",
                quote(input)
            ),
        ),
        DiscountError::Range => FolioError::invalid(
            Code::DiscountRange,
            field,
            format!(
                "discount {} is out of range: it must be from 0.01 (0.1折) to 1 (10折) of list price",
                quote(input)
            ),
        ),
    })
}

/// A supplier's fields once checked: name, contact, phone, email, discount, terms, notes.
struct ValidSupplier {
    name: String,
    contact: String,
    phone: String,
    email: String,
    discount: i64,
    terms: i64,
    notes: String,
}

fn validate_supplier(input: &SupplierInput) -> Result<ValidSupplier> {
    let name = fields::required_name("name", &input.name, 100)?;
    let discount = if input.discount.trim().is_empty() {
        6000
    } else {
        parse_discount_field("discount", &input.discount)?
    };
    let terms = fields::payment_terms("payment_terms_days", &input.payment_terms_days)?;
    Ok(ValidSupplier {
        name,
        contact: text::line("contact", &input.contact, 50)?,
        phone: text::line("phone", &input.phone, 30)?,
        email: text::line("email", &input.email, 100)?,
        discount,
        terms,
        notes: text::note("notes", &input.notes, 2000)?,
    })
}

fn refuse_taken_name(tx: &rusqlite::Transaction, name: &str, except: i64) -> Result<()> {
    let taken: bool = tx.query_row(
        "SELECT EXISTS (SELECT 1 FROM suppliers WHERE name = ?1 AND id <> ?2)",
        params![name, except],
        |r| r.get(0),
    )?;
    if taken {
        return Err(FolioError::invalid(
            Code::SupplierTaken,
            "name",
            format!("a supplier named {name} already exists"),
        ));
    }
    Ok(())
}

pub fn create_supplier(store: &mut Store, input: &SupplierInput) -> Result<Supplier> {
    let v = validate_supplier(input)?;
    let id = store.write("suppliers.create", "supplier", |tx| {
        refuse_taken_name(tx, &v.name, 0)?;
        let now = clock::stamp();
        tx.execute(
            "INSERT INTO suppliers (name, contact, phone, email, default_discount_bp,
                payment_terms_days, notes, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
            params![v.name, v.contact, v.phone, v.email, v.discount, v.terms, v.notes, now],
        )?;
        let id = tx.last_insert_rowid();
        Ok((id, Some(id)))
    })?;
    supplier(store, id)
}

/// Changes a supplier. Posted documents keep pointing at it, so a rename shows on them.
pub fn update_supplier(store: &mut Store, id: i64, input: &SupplierInput) -> Result<Supplier> {
    supplier(store, id)?;
    let v = validate_supplier(input)?;
    store.write("suppliers.update", "supplier", |tx| {
        refuse_taken_name(tx, &v.name, id)?;
        tx.execute(
            "UPDATE suppliers SET name = ?2, contact = ?3, phone = ?4, email = ?5,
                default_discount_bp = ?6, payment_terms_days = ?7, notes = ?8, updated_at = ?9
             WHERE id = ?1",
            params![
                id,
                v.name,
                v.contact,
                v.phone,
                v.email,
                v.discount,
                v.terms,
                v.notes,
                clock::stamp()
            ],
        )?;
        Ok(((), Some(id)))
    })?;
    supplier(store, id)
}

fn supplier_row(r: &Row) -> rusqlite::Result<Supplier> {
    Ok(Supplier {
        id: r.get(0)?,
        name: r.get(1)?,
        contact: r.get(2)?,
        phone: r.get(3)?,
        email: r.get(4)?,
        default_discount_bp: r.get(5)?,
        payment_terms_days: r.get(6)?,
        notes: r.get(7)?,
    })
}

const SUPPLIER_COLUMNS: &str =
    "id, name, contact, phone, email, default_discount_bp, payment_terms_days, notes";

pub fn supplier(store: &Store, id: i64) -> Result<Supplier> {
    store
        .conn()
        .query_row(
            &format!("SELECT {SUPPLIER_COLUMNS} FROM suppliers WHERE id = ?1"),
            [id],
            supplier_row,
        )
        .optional()?
        .ok_or_else(|| FolioError::NotFound {
            what: "supplier",
            key: id.to_string(),
        })
}

/// A supplier by name (any case); the error names `field`.
pub fn supplier_by_name(store: &Store, field: &str, name: &str) -> Result<Supplier> {
    store
        .conn()
        .query_row(
            &format!("SELECT {SUPPLIER_COLUMNS} FROM suppliers WHERE name = ?1"),
            [text::visible(name)],
            supplier_row,
        )
        .optional()?
        .ok_or_else(|| {
            FolioError::invalid(
                Code::SupplierUnknown,
                field,
                format!("no supplier named {}: add it first", quote(name)),
            )
        })
}

/// How many titles are in the catalogue.
pub fn title_count(store: &Store) -> Result<i64> {
    Ok(store
        .conn()
        .query_row("SELECT count(*) FROM titles", [], |r| r.get(0))?)
}

/// Every supplier, in the order a Chinese clerk looks for them: by pinyin, as
/// titles and customers are (`search::sort_key`: 北京 before 人民 before 商务,
/// Latin names among them without case). A wholesaler has tens of suppliers, not
/// thousands, so they are sorted here rather than by a kept sort column.
pub fn suppliers(store: &Store) -> Result<Vec<Supplier>> {
    let mut stmt = store.conn().prepare(&format!(
        "SELECT {SUPPLIER_COLUMNS} FROM suppliers ORDER BY name"
    ))?;
    let mut rows: Vec<(String, Supplier)> = stmt
        .query_map([], supplier_row)?
        .map(|r| r.map(|s| (search::sort_key(&s.name), s)))
        .collect::<rusqlite::Result<_>>()?;
    rows.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.name.cmp(&b.1.name)));
    Ok(rows.into_iter().map(|(_, s)| s).collect())
}

/// The highest reorder point: a line's most copies.
pub const MAX_REORDER_POINT: i64 = crate::trade::stock::MAX_QUANTITY;

/// The most tags a title (or a customer) may carry.
pub const MAX_TAGS: usize = 20;

/// The most stock items the catalogue holds. With each item's stock worth at most
/// [`MAX_ON_HAND_VALUE_FEN`](crate::trade::stock::MAX_ON_HAND_VALUE_FEN), the
/// value of all stock (10^18 fen at most) cannot overflow.
pub const MAX_TITLES: i64 = 1_000_000;

/// A title's fields once checked, ready to store.
pub(crate) struct ValidTitle {
    pub(crate) isbn: String,
    pub(crate) price: i64,
    text: [String; 13],
    tags: String,
    reorder: i64,
    supplier_id: Option<i64>,
}

/// The text columns in the order `ValidTitle::text` holds them.
const TITLE_TEXT_COLUMNS: [&str; 13] = [
    "title",
    "subtitle",
    "authors",
    "translator",
    "publisher",
    "edition",
    "pub_date",
    "category_code",
    "category_name",
    "binding",
    "format",
    "language",
    "bin",
];

pub(crate) fn validate_title(store: &Store, input: &TitleInput) -> Result<ValidTitle> {
    let isbn = parse_isbn("isbn", &input.isbn)?;
    let price = parse_price("list_price", &input.list_price)?;
    text::required(
        "title",
        &input.title,
        200,
        Code::TitleRequired,
        "title is required",
    )?;
    let values = [
        (&input.title, 200),
        (&input.subtitle, 200),
        (&input.authors, 200),
        (&input.translator, 100),
        (&input.publisher, 100),
        (&input.edition, 50),
        (&input.pub_date, 20),
        (&input.category_code, 20),
        (&input.category_name, 50),
        (&input.binding, 20),
        (&input.format, 20),
        (&input.language, 20),
        (&input.bin, 20),
    ];
    let mut text: [String; 13] = Default::default();
    for (k, (v, max)) in values.iter().enumerate() {
        text[k] = text::line(TITLE_TEXT_COLUMNS[k], v, *max)?;
    }
    // A publication date is a real one, kept as YYYY, YYYY-MM or YYYY-MM-DD.
    text[6] = fields::pub_date("pub_date", &text[6])?;
    // Classes are written upper case (I247), whatever was typed.
    text[7] = text[7].to_uppercase();
    let reorder = match input.reorder_point.trim() {
        "" => 0,
        t => fields::whole(t, 0, MAX_REORDER_POINT).map_err(|_| {
            FolioError::invalid(
                Code::ReorderInvalid,
                "reorder_point",
                format!(
                    "reorder point {} must be a whole number of copies from 0 to {MAX_REORDER_POINT}",
                    quote(t)
                ),
            )
        })?,
    };
    let supplier_id = if input.supplier.trim().is_empty() {
        None
    } else {
        Some(supplier_by_name(store, "supplier", &input.supplier)?.id)
    };
    let mut tags: Vec<String> = Vec::new();
    for t in &input.tags {
        let t = text::line("tags", t, 30)?;
        if !t.is_empty() && !tags.contains(&t) {
            tags.push(t);
        }
    }
    if tags.len() > MAX_TAGS {
        return Err(FolioError::invalid(
            Code::TooManyTags,
            "tags",
            format!("at most {MAX_TAGS} tags"),
        ));
    }
    Ok(ValidTitle {
        isbn,
        price,
        text,
        tags: serde_json::to_string(&tags).expect("tags serialise"),
        reorder,
        supplier_id,
    })
}

/// Adds a stock item. The same ISBN may be added again at another list price.
pub fn create_title(store: &mut Store, input: &TitleInput) -> Result<Title> {
    let v = validate_title(store, input)?;
    let id = store.write("titles.create", "title", |tx| {
        let id = insert_title(tx, &v, &clock::stamp())?;
        Ok((id, Some(id)))
    })?;
    title_by_id(store, id)
}

/// Adds many titles in one transaction (sample data, and later imports): every
/// one is checked as [`create_title`] checks it, and any refusal writes none.
pub fn create_titles(store: &mut Store, inputs: &[TitleInput]) -> Result<usize> {
    let valid = inputs
        .iter()
        .map(|input| validate_title(store, input))
        .collect::<Result<Vec<_>>>()?;
    let now = clock::stamp();
    store.write("titles.create_many", "title", |tx| {
        // Their search rows set aside and written together (see `search::Deferred`).
        let mut rows = search::Deferred::start(tx, &INDEX, valid.len())?;
        for (n, v) in valid.iter().enumerate() {
            insert_title(tx, v, &now)?;
            if n % 1000 == 999 {
                rows.flush()?;
            }
        }
        rows.finish()?;
        Ok((valid.len(), None))
    })
}

pub(crate) fn insert_title(tx: &rusqlite::Transaction, v: &ValidTitle, now: &str) -> Result<i64> {
    // Titles are never deleted, so the highest id is the number on file.
    let on_file: i64 = tx
        .prepare_cached("SELECT coalesce(max(id), 0) FROM titles")?
        .query_row([], |r| r.get(0))?;
    if on_file >= MAX_TITLES {
        return Err(FolioError::invalid(
            Code::TotalRange,
            "isbn",
            format!("the catalogue is full: at most {MAX_TITLES} stock items"),
        ));
    }
    let taken: bool = tx
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM titles WHERE isbn = ?1 AND list_price_fen = ?2)",
        )?
        .query_row(params![v.isbn, v.price], |r| r.get(0))?;
    if taken {
        return Err(FolioError::invalid(
            Code::TitleTaken,
            "isbn",
            format!(
                "ISBN {} at {} is already on file",
                v.isbn,
                money::format_fen(v.price)
            ),
        ));
    }
    tx.prepare_cached(
        "INSERT INTO titles (isbn, list_price_fen, title, tags, reorder_point, supplier_id,
            created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
    )?
    .execute(params![
        v.isbn,
        v.price,
        v.text[0],
        v.tags,
        v.reorder,
        v.supplier_id,
        now
    ])?;
    let id = tx.last_insert_rowid();
    write_title_text(tx, id, v)?;
    Ok(id)
}

/// Changes a stock item's details. Its ISBN and list price are what it is: a new
/// price is a new item (a reprint), so they cannot change here.
pub fn update_title(store: &mut Store, id: i64, input: &TitleInput) -> Result<Title> {
    let old = title_by_id(store, id)?;
    let v = validate_title(store, input)?;
    if v.isbn != old.isbn {
        return Err(FolioError::invalid(
            Code::IsbnFixed,
            "isbn",
            "the ISBN of a stock item cannot change; add a new title instead",
        ));
    }
    if v.price != old.list_price_fen {
        return Err(FolioError::invalid(
            Code::PriceFixed,
            "list_price",
            "a new list price is a new stock item (a reprint); add it as a new title",
        ));
    }
    store.write("titles.update", "title", |tx| {
        update_valid_title(tx, id, &v, &clock::stamp())?;
        Ok(((), Some(id)))
    })?;
    title_by_id(store, id)
}

/// Writes a checked title's details onto item `id` (whose ISBN and price are
/// the title's), inside the caller's transaction.
pub(crate) fn update_valid_title(
    tx: &rusqlite::Transaction,
    id: i64,
    v: &ValidTitle,
    now: &str,
) -> Result<()> {
    tx.prepare_cached(
        "UPDATE titles SET tags = ?2, reorder_point = ?3, supplier_id = ?4, updated_at = ?5
         WHERE id = ?1",
    )?
    .execute(params![id, v.tags, v.reorder, v.supplier_id, now])?;
    write_title_text(tx, id, v)
}

fn write_title_text(tx: &rusqlite::Transaction, id: i64, v: &ValidTitle) -> Result<()> {
    let sets: Vec<String> = TITLE_TEXT_COLUMNS
        .iter()
        .enumerate()
        .map(|(k, c)| format!("{c} = ?{}", k + 2))
        .collect();
    let mut args: Vec<&dyn rusqlite::ToSql> = vec![&id];
    args.extend(v.text.iter().map(|t| t as &dyn rusqlite::ToSql));
    tx.execute(
        &format!("UPDATE titles SET {} WHERE id = ?1", sets.join(", ")),
        args.as_slice(),
    )?;
    index_title(tx, id)
}

/// What a scan or a typed word in a document's entry box found.
#[derive(Debug, Clone, Serialize, TS)]
pub struct Scan {
    /// The canonical ISBN-13 when the text was an ISBN (on file or not).
    pub isbn: Option<String>,
    /// The matching items: every price of the ISBN, or the best search hits.
    pub titles: Vec<Title>,
}

/// Resolves what a scanner or the keyboard put in an entry box. Digits that
/// look like an ISBN but fail its check are an error (a misread scan), not a
/// search; an ISBN not on file comes back with no titles so the user can add it.
pub fn scan(store: &Store, text: &str) -> Result<Scan> {
    let t = text.trim();
    match isbn::parse(t) {
        Ok(isbn) => {
            let titles = titles_by_isbn(store, &isbn)?;
            Ok(Scan {
                isbn: Some(isbn),
                titles,
            })
        }
        Err(e) => {
            let digits = t.chars().filter(|c| c.is_ascii_digit()).count();
            let isbn_like = t
                .chars()
                .all(|c| c.is_ascii_digit() || matches!(c, '-' | ' ' | 'x' | 'X'));
            if isbn_like && (digits >= 10 || e != isbn::IsbnError::Shape) {
                return Err(isbn_error("isbn", t, e));
            }
            Ok(Scan {
                isbn: None,
                titles: search_titles(store, t, 20)?,
            })
        }
    }
}

const TITLE_COLUMNS: &str = "t.id, t.isbn, t.list_price_fen, t.title, t.subtitle, t.authors,
    t.translator, t.publisher, t.edition, t.pub_date, t.category_code, t.category_name,
    t.binding, t.format, t.language, t.tags, t.bin, t.reorder_point,
    (SELECT name FROM suppliers WHERE id = t.supplier_id), t.on_hand";

fn title_row(r: &Row) -> rusqlite::Result<Title> {
    let tags: String = r.get(15)?;
    Ok(Title {
        id: r.get(0)?,
        isbn: r.get(1)?,
        list_price_fen: r.get(2)?,
        title: r.get(3)?,
        subtitle: r.get(4)?,
        authors: r.get(5)?,
        translator: r.get(6)?,
        publisher: r.get(7)?,
        edition: r.get(8)?,
        pub_date: r.get(9)?,
        category_code: r.get(10)?,
        category_name: r.get(11)?,
        binding: r.get(12)?,
        format: r.get(13)?,
        language: r.get(14)?,
        tags: serde_json::from_str(&tags).unwrap_or_default(),
        bin: r.get(16)?,
        reorder_point: r.get(17)?,
        supplier: r.get(18)?,
        quantity: r.get(19)?,
    })
}

pub fn title_by_id(store: &Store, id: i64) -> Result<Title> {
    store
        .conn()
        .query_row(
            &format!("SELECT {TITLE_COLUMNS} FROM titles t WHERE t.id = ?1"),
            [id],
            title_row,
        )
        .optional()?
        .ok_or_else(|| FolioError::NotFound {
            what: "title",
            key: id.to_string(),
        })
}

/// Every price item of an ISBN (in any form), cheapest first.
pub fn titles_by_isbn(store: &Store, isbn_text: &str) -> Result<Vec<Title>> {
    let isbn = parse_isbn("isbn", isbn_text)?;
    let mut stmt = store.conn().prepare_cached(&format!(
        "SELECT {TITLE_COLUMNS} FROM titles t WHERE t.isbn = ?1 ORDER BY t.list_price_fen"
    ))?;
    let rows = stmt
        .query_map([isbn], title_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Filters for the stock list. Every filter narrows; blank means "any".
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct StockFilter {
    /// Only items at or below their reorder point (and out of stock).
    pub low: bool,
    pub out_of_stock: bool,
    /// Slow movers: in stock, on file for at least this many days, and no sale in
    /// them. 0 turns the filter off.
    #[ts(type = "number")]
    pub slow_days: i64,
    /// 中图法 class or the user's own category: `I2` takes in `I247`.
    pub category: String,
    pub publisher: String,
    pub bin: String,
    /// What was typed or scanned: ranked like the search box (ISBN in any form,
    /// title, pinyin, author, publisher). Blank lists by title.
    pub query: String,
    #[ts(type = "number")]
    pub limit: i64,
    #[ts(type = "number")]
    pub offset: i64,
}

/// One page of the stock list and how many items match in all.
#[derive(Debug, Clone, Serialize, TS)]
pub struct StockPage {
    #[ts(type = "number")]
    pub total: i64,
    pub rows: Vec<Title>,
}

/// The longest look back of the slow-movers filter: a hundred years.
pub const MAX_SLOW_DAYS: i64 = 36_500;

fn slow_days_error(input: &str) -> FolioError {
    FolioError::invalid(
        Code::NumberRange,
        "slow_days",
        format!(
            "slow movers: {} must be a whole number of days from 0 to {MAX_SLOW_DAYS}",
            quote(input)
        ),
    )
}

/// Reads the slow-movers filter as typed (`--slow 90`): 0 to [`MAX_SLOW_DAYS`]
/// days, blank is 0 (off).
pub fn parse_slow_days(input: &str) -> Result<i64> {
    if input.trim().is_empty() {
        return Ok(0);
    }
    fields::whole(input, 0, MAX_SLOW_DAYS).map_err(|_| slow_days_error(input))
}

/// How many ranked search hits a text filter looks at before the other filters.
const QUERY_CAP: usize = 2000;

/// The stock list, by title (or by search rank when `query` is given), with its filters.
pub fn list_titles(store: &Store, f: &StockFilter) -> Result<Vec<Title>> {
    Ok(stock_page(store, f)?.rows)
}

/// The stock list as the app pages through it.
pub fn stock_page(store: &Store, f: &StockFilter) -> Result<StockPage> {
    let mut wheres: Vec<String> = Vec::new();
    let mut args: Vec<Box<dyn rusqlite::ToSql>> = Vec::new();
    let mut arg = |v: Box<dyn rusqlite::ToSql>| {
        args.push(v);
        format!("?{}", args.len())
    };
    if f.low {
        wheres.push("t.on_hand <= t.reorder_point".into());
    }
    if f.out_of_stock {
        wheres.push("t.on_hand <= 0".into());
    }
    if !(0..=MAX_SLOW_DAYS).contains(&f.slow_days) {
        return Err(slow_days_error(&f.slow_days.to_string()));
    }
    if f.slow_days > 0 {
        let cutoff = (clock::now() - chrono::Duration::days(f.slow_days))
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, false);
        let c = arg(Box::new(cutoff));
        // A sale is copies going out on an order that still stands: cancelling an
        // order puts its copies back with movements of the same kind, and neither
        // those nor the sale they undo mean the title sold.
        wheres.push(format!(
            "t.on_hand > 0 AND t.created_at <= {c} AND NOT EXISTS (SELECT 1 FROM stock_movements m
               WHERE m.title_id = t.id AND m.kind = 'sale' AND m.quantity < 0 AND m.at > {c}
                 AND NOT EXISTS (SELECT 1 FROM orders o
                                  WHERE o.id = m.order_id AND o.status = 'cancelled'))"
        ));
    }
    // Classes are stored upper case, so a prefix is a range on the class index:
    // I2 takes in everything from "I2" up to (not including) "I3".
    let category = f.category.trim().to_uppercase();
    if !category.is_empty() {
        let mut end = category.clone();
        let last = end
            .pop()
            .map(|c| char::from_u32(c as u32 + 1).unwrap_or(char::MAX));
        end.extend(last);
        let lo = arg(Box::new(category));
        let hi = arg(Box::new(end));
        wheres.push(format!(
            "t.category_code >= {lo} AND t.category_code < {hi}"
        ));
    }
    if !f.publisher.trim().is_empty() {
        let p = arg(Box::new(f.publisher.trim().to_string()));
        wheres.push(format!("t.publisher = {p}"));
    }
    if !f.bin.trim().is_empty() {
        let b = arg(Box::new(f.bin.trim().to_string()));
        wheres.push(format!("t.bin = {b}"));
    }
    // A text filter goes through the ranked search index, and its rank is the order.
    let mut from = "titles t".to_string();
    let mut order = "t.title_sort, t.title, t.isbn, t.list_price_fen".to_string();
    if !f.query.trim().is_empty() {
        let ids: Vec<i64> = search_ids(store, &f.query, QUERY_CAP)?;
        let j = arg(Box::new(
            serde_json::to_string(&ids).expect("ids serialise"),
        ));
        from = format!("json_each({j}) r CROSS JOIN titles t ON t.id = r.value");
        order = "r.key".into();
    }
    let filter = if wheres.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", wheres.join(" AND "))
    };
    let params = rusqlite::params_from_iter(args.iter().map(|a| a.as_ref()));
    let total: i64 = store.conn().query_row(
        &format!("SELECT count(*) FROM {from} {filter}"),
        params.clone(),
        |r| r.get(0),
    )?;
    let limit = if f.limit <= 0 { 1_000_000 } else { f.limit };
    let sql = format!(
        "SELECT {TITLE_COLUMNS} FROM {from} {filter} ORDER BY {order} LIMIT {limit} OFFSET {}",
        f.offset.max(0)
    );
    let mut stmt = store.conn().prepare(&sql)?;
    let rows = stmt
        .query_map(params, title_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(StockPage { total, rows })
}

/// A value the stock list can be filtered by, with how many items have it.
#[derive(Debug, Clone, Serialize, TS)]
pub struct Facet {
    pub value: String,
    /// A category's name (from its titles); blank for publishers and bins.
    pub label: String,
    #[ts(type = "number")]
    pub count: i64,
}

/// The choices for the stock list's filters, taken from the titles on file.
#[derive(Debug, Clone, Serialize, TS)]
pub struct StockFacets {
    pub categories: Vec<Facet>,
    pub publishers: Vec<Facet>,
    pub bins: Vec<Facet>,
}

pub fn stock_facets(store: &Store) -> Result<StockFacets> {
    let facet = |sql: &str| -> Result<Vec<Facet>> {
        let mut stmt = store.conn().prepare(sql)?;
        let rows = stmt
            .query_map([], |r| {
                Ok(Facet {
                    value: r.get(0)?,
                    label: r.get(1)?,
                    count: r.get(2)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    };
    Ok(StockFacets {
        categories: facet(
            "SELECT category_code, max(category_name), count(*) FROM titles
             WHERE category_code <> '' GROUP BY category_code ORDER BY category_code",
        )?,
        publishers: facet(
            "SELECT publisher, '', count(*) FROM titles WHERE publisher <> ''
             GROUP BY publisher ORDER BY count(*) DESC, publisher",
        )?,
        bins: facet(
            "SELECT bin, '', count(*) FROM titles WHERE bin <> '' GROUP BY bin ORDER BY bin",
        )?,
    })
}

/// Where titles keep their search index.
pub(crate) const INDEX: search::Index = search::Index {
    owner: "titles",
    prefix: "title",
};

/// (Re)writes the search keys of title `id` from its stored fields.
pub(crate) fn index_title(tx: &rusqlite::Transaction, id: i64) -> Result<()> {
    let (isbn, title, authors, publisher, category): (String, String, String, String, String) = tx
        .query_row(
            "SELECT isbn, title, authors, publisher, category_code FROM titles WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )?;
    tx.prepare_cached("UPDATE titles SET title_sort = ?2 WHERE id = ?1")?
        .execute(params![id, search::sort_key(&title)])?;
    search::write_index(
        tx,
        &INDEX,
        id,
        &search::title_keys(&isbn, &title, &authors, &publisher, &category),
        // One or two characters may come from the title, an author or the publisher.
        &[title.as_str(), authors.as_str(), publisher.as_str()]
            .iter()
            .flat_map(|s| search::name_grams(s))
            .collect::<Vec<_>>(),
    )
}

/// Top `limit` titles for what was typed or scanned: an ISBN in any form first
/// (a scan resolves through the ISBN index alone), then prefix and substring of
/// title, pinyin, author, publisher and class.
fn search_ids(store: &Store, query: &str, limit: usize) -> Result<Vec<i64>> {
    let exact = isbn::parse(query).ok().map(|i| {
        (
            "SELECT o.id FROM titles o WHERE o.isbn = ?1 ORDER BY o.list_price_fen",
            i,
            true,
        )
    });
    search::ranked_ids(store.conn(), &INDEX, exact, query, "", limit)
}

pub fn search_titles(store: &Store, query: &str, limit: usize) -> Result<Vec<Title>> {
    let ids = search_ids(store, query, limit)?;
    let mut stmt = store.conn().prepare_cached(&format!(
        "SELECT {TITLE_COLUMNS} FROM titles t WHERE t.id = ?1"
    ))?;
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        out.push(stmt.query_row([id], title_row)?);
    }
    Ok(out)
}

// Stored records back into what a form or the CLI sends: the starting values of
// an edit, so that `folio suppliers update` and `folio books update` can change
// only the fields they are given and save the rest as they were.

impl From<&Supplier> for SupplierInput {
    fn from(s: &Supplier) -> Self {
        SupplierInput {
            name: s.name.clone(),
            contact: s.contact.clone(),
            phone: s.phone.clone(),
            email: s.email.clone(),
            discount: money::format_discount_zhe(s.default_discount_bp),
            payment_terms_days: s.payment_terms_days.to_string(),
            notes: s.notes.clone(),
        }
    }
}

impl From<&Title> for TitleInput {
    fn from(t: &Title) -> Self {
        TitleInput {
            isbn: t.isbn.clone(),
            // Plain yuan with two decimals, which `parse_price` reads back to the
            // same fen (the formatted `¥1,234.50` would work too, but this is what
            // a person would type).
            list_price: format!("{}.{:02}", t.list_price_fen / 100, t.list_price_fen % 100),
            title: t.title.clone(),
            subtitle: t.subtitle.clone(),
            authors: t.authors.clone(),
            translator: t.translator.clone(),
            publisher: t.publisher.clone(),
            edition: t.edition.clone(),
            pub_date: t.pub_date.clone(),
            category_code: t.category_code.clone(),
            category_name: t.category_name.clone(),
            binding: t.binding.clone(),
            format: t.format.clone(),
            language: t.language.clone(),
            tags: t.tags.clone(),
            bin: t.bin.clone(),
            reorder_point: t.reorder_point.to_string(),
            supplier: t.supplier.clone().unwrap_or_default(),
        }
    }
}

#[cfg(test)]
mod input_from_record_tests {
    use super::*;

    fn pinned<T>(f: impl FnOnce() -> T) -> T {
        let t = chrono::DateTime::parse_from_rfc3339("2026-03-01T09:00:00+08:00").unwrap();
        clock::at(t, f)
    }

    #[test]
    fn a_supplier_converted_back_and_saved_unchanged_stays_equal() {
        pinned(|| {
            let mut store = Store::open_in_memory().unwrap();
            let s = create_supplier(
                &mut store,
                &SupplierInput {
                    name: "人民文学出版社".into(),
                    contact: "王编辑".into(),
                    phone: "010-6523 4567".into(),
                    email: "sales@rw-cn.com".into(),
                    // An odd discount checks that the text form keeps every basis point.
                    discount: "58.35%".into(),
                    payment_terms_days: "45".into(),
                    notes: "月结".into(),
                },
            )
            .unwrap();
            let again = update_supplier(&mut store, s.id, &SupplierInput::from(&s)).unwrap();
            assert_eq!(again, s);
        });
    }

    #[test]
    fn a_title_converted_back_and_saved_unchanged_stays_equal() {
        pinned(|| {
            let mut store = Store::open_in_memory().unwrap();
            create_supplier(
                &mut store,
                &SupplierInput {
                    name: "人民文学出版社".into(),
                    ..SupplierInput::default()
                },
            )
            .unwrap();
            let t = create_title(
                &mut store,
                &TitleInput {
                    isbn: "978-7-02-000220-7".into(),
                    list_price: "￥1,234.05".into(),
                    title: "红楼梦".into(),
                    subtitle: "脂评本".into(),
                    authors: "曹雪芹".into(),
                    translator: "".into(),
                    publisher: "人民文学出版社".into(),
                    edition: "3".into(),
                    pub_date: "2008-07".into(),
                    category_code: "i242".into(),
                    category_name: "古典小说".into(),
                    binding: "精装".into(),
                    format: "16开".into(),
                    language: "中文".into(),
                    tags: vec!["经典".into(), "套装".into()],
                    bin: "A-03".into(),
                    reorder_point: "12".into(),
                    supplier: "人民文学出版社".into(),
                },
            )
            .unwrap();
            let again = update_title(&mut store, t.id, &TitleInput::from(&t)).unwrap();
            assert_eq!(again, t);
            // A title with no preferred supplier keeps none.
            let bare = create_title(
                &mut store,
                &TitleInput {
                    isbn: "9787020002207".into(),
                    list_price: "59.70".into(),
                    title: "红楼梦".into(),
                    ..TitleInput::default()
                },
            )
            .unwrap();
            let again = update_title(&mut store, bare.id, &TitleInput::from(&bare)).unwrap();
            assert_eq!(again, bare);
        });
    }
}
