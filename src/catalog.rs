//! The catalogue: suppliers (publishers) and titles. A title here is a stock item,
//! one ISBN at one list price; a reprint at a new price is its own item.

use rusqlite::{params, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::clock;
use crate::customers::too_long;
use crate::db::Store;
use crate::error::{FolioError, Result};
use crate::isbn;
use crate::money::{self, DiscountError};
use crate::search;

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

/// Parses a typed ISBN, with a message that says what is wrong with it.
pub fn parse_isbn(field: &str, input: &str) -> Result<String> {
    isbn::parse(input).map_err(|e| {
        FolioError::invalid(
            "isbn_invalid",
            field,
            format!("ISBN {:?} is not valid: {e}", input.trim()),
        )
    })
}

/// Parses a list price in yuan; it must be above zero.
pub fn parse_price(field: &str, input: &str) -> Result<i64> {
    match money::parse_yuan(input) {
        Some(f) if f > 0 && f <= 100_000_000 => Ok(f),
        Some(_) => Err(FolioError::invalid(
            "price_range",
            field,
            format!("list price {:?} must be above zero", input.trim()),
        )),
        None => Err(FolioError::invalid(
            "price_invalid",
            field,
            format!(
                "list price {:?} is not an amount in yuan, such as 45.00",
                input.trim()
            ),
        )),
    }
}

/// Parses a purchase or sale discount with messages naming `field`.
pub fn parse_discount_field(field: &str, input: &str) -> Result<i64> {
    money::parse_discount(input).map_err(|e| match e {
        DiscountError::Shape => FolioError::invalid(
            "discount_invalid",
            field,
            format!(
                "discount {:?} is not understood: write 6.5折, 65% or 0.65",
                input.trim()
            ),
        ),
        DiscountError::Range => FolioError::invalid(
            "discount_range",
            field,
            "discount must be between 0.01 and 1 of list price",
        ),
    })
}

fn parse_days(field: &str, input: &str) -> Result<i64> {
    let t = input.trim();
    if t.is_empty() {
        return Ok(0);
    }
    match t.parse::<i64>() {
        Ok(d) if (0..=3650).contains(&d) => Ok(d),
        _ => Err(FolioError::invalid(
            "terms_invalid",
            field,
            format!("payment terms {t:?} must be a whole number of days from 0 to 3650"),
        )),
    }
}

pub fn create_supplier(store: &mut Store, input: &SupplierInput) -> Result<Supplier> {
    let name = input.name.trim().to_string();
    if name.is_empty() {
        return Err(FolioError::invalid(
            "name_required",
            "name",
            "name is required",
        ));
    }
    too_long("name", &name, 100)?;
    let discount = if input.discount.trim().is_empty() {
        6000
    } else {
        parse_discount_field("discount", &input.discount)?
    };
    let terms = parse_days("payment_terms_days", &input.payment_terms_days)?;
    for (f, v, max) in [
        ("contact", &input.contact, 50),
        ("phone", &input.phone, 30),
        ("email", &input.email, 100),
        ("notes", &input.notes, 2000),
    ] {
        too_long(f, v.trim(), max)?;
    }
    let id = store.write("suppliers.create", "supplier", |tx| {
        let taken: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM suppliers WHERE name = ?1)",
            [&name],
            |r| r.get(0),
        )?;
        if taken {
            return Err(FolioError::invalid(
                "supplier_taken",
                "name",
                format!("a supplier named {name} already exists"),
            ));
        }
        let now = clock::stamp();
        tx.execute(
            "INSERT INTO suppliers (name, contact, phone, email, default_discount_bp,
                payment_terms_days, notes, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
            params![
                name,
                input.contact.trim(),
                input.phone.trim(),
                input.email.trim(),
                discount,
                terms,
                input.notes.trim(),
                now
            ],
        )?;
        let id = tx.last_insert_rowid();
        Ok((id, Some(id)))
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
            [name.trim()],
            supplier_row,
        )
        .optional()?
        .ok_or_else(|| {
            FolioError::invalid(
                "supplier_unknown",
                field,
                format!("no supplier named {:?}: add it first", name.trim()),
            )
        })
}

pub fn suppliers(store: &Store) -> Result<Vec<Supplier>> {
    let mut stmt = store.conn().prepare(&format!(
        "SELECT {SUPPLIER_COLUMNS} FROM suppliers ORDER BY name"
    ))?;
    let rows = stmt
        .query_map([], supplier_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Adds a stock item. The same ISBN may be added again at another list price.
pub fn create_title(store: &mut Store, input: &TitleInput) -> Result<Title> {
    let isbn = parse_isbn("isbn", &input.isbn)?;
    let price = parse_price("list_price", &input.list_price)?;
    let title = input.title.trim().to_string();
    if title.is_empty() {
        return Err(FolioError::invalid(
            "title_required",
            "title",
            "title is required",
        ));
    }
    too_long("title", &title, 200)?;
    for (f, v, max) in [
        ("subtitle", &input.subtitle, 200),
        ("authors", &input.authors, 200),
        ("translator", &input.translator, 100),
        ("publisher", &input.publisher, 100),
        ("edition", &input.edition, 50),
        ("pub_date", &input.pub_date, 20),
        ("category_code", &input.category_code, 20),
        ("category_name", &input.category_name, 50),
        ("binding", &input.binding, 20),
        ("format", &input.format, 20),
        ("language", &input.language, 20),
        ("bin", &input.bin, 20),
    ] {
        too_long(f, v.trim(), max)?;
    }
    let reorder = match input.reorder_point.trim() {
        "" => 0,
        t => t.parse::<i64>().ok().filter(|n| *n >= 0).ok_or_else(|| {
            FolioError::invalid(
                "reorder_invalid",
                "reorder_point",
                format!("reorder point {t:?} must be a whole number of copies"),
            )
        })?,
    };
    let supplier_id = if input.supplier.trim().is_empty() {
        None
    } else {
        Some(supplier_by_name(store, "supplier", &input.supplier)?.id)
    };
    let tags: Vec<String> = input
        .tags
        .iter()
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty())
        .collect();
    let id = store.write("titles.create", "title", |tx| {
        let taken: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM titles WHERE isbn = ?1 AND list_price_fen = ?2)",
            params![isbn, price],
            |r| r.get(0),
        )?;
        if taken {
            return Err(FolioError::invalid(
                "title_taken",
                "isbn",
                format!(
                    "ISBN {isbn} at {} is already on file",
                    money::format_fen(price)
                ),
            ));
        }
        let now = clock::stamp();
        tx.execute(
            "INSERT INTO titles (isbn, list_price_fen, title, subtitle, authors, translator,
                publisher, edition, pub_date, category_code, category_name, binding, format,
                language, tags, bin, reorder_point, supplier_id, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,
                ?17, ?18, ?19, ?19)",
            params![
                isbn,
                price,
                title,
                input.subtitle.trim(),
                input.authors.trim(),
                input.translator.trim(),
                input.publisher.trim(),
                input.edition.trim(),
                input.pub_date.trim(),
                input.category_code.trim().to_uppercase(),
                input.category_name.trim(),
                input.binding.trim(),
                input.format.trim(),
                input.language.trim(),
                serde_json::to_string(&tags).expect("tags serialise"),
                input.bin.trim(),
                reorder,
                supplier_id,
                now,
            ],
        )?;
        let id = tx.last_insert_rowid();
        index_title(tx, id)?;
        Ok((id, Some(id)))
    })?;
    title_by_id(store, id)
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

/// Filters for the stock list.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct StockFilter {
    /// Only items at or below their reorder point (and out of stock).
    pub low: bool,
    pub out_of_stock: bool,
    /// Text: an ISBN in any form, or part of the title, author or publisher.
    pub query: String,
    #[ts(type = "number")]
    pub limit: i64,
    #[ts(type = "number")]
    pub offset: i64,
}

/// The stock list, by title, with its filters. `query` here is a plain filter
/// (ISBN, or part of title, author or publisher); the search box uses
/// [`search_titles`], which is ranked and indexed.
pub fn list_titles(store: &Store, f: &StockFilter) -> Result<Vec<Title>> {
    let mut wheres: Vec<String> = Vec::new();
    let mut args: Vec<String> = Vec::new();
    if f.low {
        wheres.push("t.on_hand <= t.reorder_point".into());
    }
    if f.out_of_stock {
        wheres.push("t.on_hand <= 0".into());
    }
    let q = f.query.trim();
    if !q.is_empty() {
        if let Ok(isbn) = isbn::parse(q) {
            args.push(isbn);
            wheres.push(format!("t.isbn = ?{}", args.len()));
        } else {
            args.push(format!("%{}%", q.replace(['%', '_'], "")));
            let n = args.len();
            wheres.push(format!(
                "(t.title LIKE ?{n} OR t.authors LIKE ?{n} OR t.publisher LIKE ?{n} OR t.isbn LIKE ?{n})"
            ));
        }
    }
    let filter = if wheres.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", wheres.join(" AND "))
    };
    let limit = if f.limit <= 0 { 1_000_000 } else { f.limit };
    let sql = format!(
        "SELECT {TITLE_COLUMNS} FROM titles t {filter} ORDER BY t.title, t.isbn, t.list_price_fen
         LIMIT {limit} OFFSET {}",
        f.offset.max(0)
    );
    let mut stmt = store.conn().prepare(&sql)?;
    let rows = stmt
        .query_map(rusqlite::params_from_iter(args.iter()), title_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Where titles keep their search index.
const INDEX: search::Index = search::Index {
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
pub fn search_titles(store: &Store, query: &str, limit: usize) -> Result<Vec<Title>> {
    let exact = isbn::parse(query).ok().map(|i| {
        (
            "SELECT o.id FROM titles o WHERE o.isbn = ?1 ORDER BY o.list_price_fen",
            i,
            true,
        )
    });
    let ids = search::ranked_ids(store.conn(), &INDEX, exact, query, "", limit)?;
    let mut stmt = store.conn().prepare_cached(&format!(
        "SELECT {TITLE_COLUMNS} FROM titles t WHERE t.id = ?1"
    ))?;
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        out.push(stmt.query_row([id], title_row)?);
    }
    Ok(out)
}
