//! Customers: the bookshops, schools, libraries, companies, distributors and
//! people who buy from the wholesaler.
//!
//! The form (and the CLI) sends [`CustomerInput`] with numbers as the user typed
//! them, so that every parse error can name its field. Stored values are typed:
//! discount in basis points, credit limit in fen.

use std::collections::HashMap;

use rusqlite::{params, OptionalExtension, Row, Transaction};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::base::clock;
use crate::base::error::{Code, ErrorPayload, FolioError, Result};
use crate::base::fields;
use crate::base::money;
use crate::base::search;
use crate::base::text::{self, quote};
use crate::store::{next_sequence, Store};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum CustomerKind {
    Bookshop,
    School,
    Library,
    Company,
    Distributor,
    Individual,
}

impl CustomerKind {
    pub const ALL: [CustomerKind; 6] = [
        CustomerKind::Bookshop,
        CustomerKind::School,
        CustomerKind::Library,
        CustomerKind::Company,
        CustomerKind::Distributor,
        CustomerKind::Individual,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            CustomerKind::Bookshop => "bookshop",
            CustomerKind::School => "school",
            CustomerKind::Library => "library",
            CustomerKind::Company => "company",
            CustomerKind::Distributor => "distributor",
            CustomerKind::Individual => "individual",
        }
    }

    pub fn parse(s: &str) -> Option<CustomerKind> {
        let s = s.trim().to_lowercase();
        CustomerKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// How the customer settles: 整批结算 / 实销实结 / 寄销·代销.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Settlement {
    Firm,
    SaleOrReturn,
    Consignment,
}

impl Settlement {
    pub const ALL: [Settlement; 3] = [
        Settlement::Firm,
        Settlement::SaleOrReturn,
        Settlement::Consignment,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Settlement::Firm => "firm",
            Settlement::SaleOrReturn => "sale_or_return",
            Settlement::Consignment => "consignment",
        }
    }

    pub fn parse(s: &str) -> Option<Settlement> {
        let s = s.trim().to_lowercase().replace('-', "_");
        Settlement::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum CustomerStatus {
    Active,
    Archived,
}

impl CustomerStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            CustomerStatus::Active => "active",
            CustomerStatus::Archived => "archived",
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct Contact {
    pub name: String,
    pub role: String,
    pub phone: String,
    pub email: String,
    pub wechat: String,
    /// `YYYY-MM-DD` or `MM-DD`; blank: not known. In the lunar calendar (农历)
    /// when `birthday_lunar` is set.
    pub birthday: String,
    pub birthday_lunar: bool,
}

impl Contact {
    fn is_blank(&self) -> bool {
        [
            &self.name,
            &self.role,
            &self.phone,
            &self.email,
            &self.wechat,
            &self.birthday,
        ]
        .iter()
        .all(|s| s.trim().is_empty())
    }
}

/// A stored customer, as the detail view and `customers show --json` see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Customer {
    #[ts(type = "number")]
    pub id: i64,
    pub code: String,
    pub name: String,
    pub kind: CustomerKind,
    pub contacts: Vec<Contact>,
    pub address: String,
    pub region: String,
    pub tax_id: String,
    #[ts(type = "number")]
    pub discount_bp: i64,
    /// `None`: no credit limit.
    #[ts(type = "number | null")]
    pub credit_limit_fen: Option<i64>,
    #[ts(type = "number")]
    pub payment_terms_days: i64,
    pub settlement: Settlement,
    pub tags: Vec<String>,
    pub notes: String,
    /// The main contact's birthday: `YYYY-MM-DD`, or `MM-DD` when the year is
    /// not known; a lunar (农历) month and day when `birthday_lunar` is set.
    pub birthday: Option<String>,
    pub birthday_lunar: bool,
    pub status: CustomerStatus,
    pub created_at: String,
    pub updated_at: String,
}

/// One row of the customer list or of search results.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct CustomerSummary {
    #[ts(type = "number")]
    pub id: i64,
    pub code: String,
    pub name: String,
    pub kind: CustomerKind,
    pub region: String,
    pub contact: String,
    pub phone: String,
    #[ts(type = "number")]
    pub discount_bp: i64,
    #[ts(type = "number | null")]
    pub credit_limit_fen: Option<i64>,
    pub status: CustomerStatus,
    /// What the customer owes now: the sum of their receivables ledger (negative when
    /// in credit). Read per row through the ledger's customer index, so a page costs a
    /// few index reads per customer however many customers are on file.
    #[ts(type = "number")]
    pub balance_fen: i64,
}

/// What the form or the CLI sends. Numbers are text as typed; blanks take defaults.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct CustomerInput {
    /// Blank: the next free `C0001`-style code.
    pub code: String,
    pub name: String,
    pub kind: CustomerKind,
    pub contacts: Vec<Contact>,
    pub address: String,
    pub region: String,
    pub tax_id: String,
    /// `6.5折`, `65%` or `0.65`; blank means full list price.
    pub discount: String,
    /// Yuan (`5000`, `￥5,000.00`); blank means no limit.
    pub credit_limit: String,
    /// Whole days; blank means due at once.
    pub payment_terms_days: String,
    pub settlement: Settlement,
    pub tags: Vec<String>,
    pub notes: String,
    pub birthday: String,
    /// The birthday is a lunar (农历) date.
    pub birthday_lunar: bool,
}

impl Default for CustomerInput {
    fn default() -> Self {
        CustomerInput {
            code: String::new(),
            name: String::new(),
            kind: CustomerKind::Bookshop,
            contacts: Vec::new(),
            address: String::new(),
            region: String::new(),
            tax_id: String::new(),
            discount: String::new(),
            credit_limit: String::new(),
            payment_terms_days: String::new(),
            settlement: Settlement::Firm,
            tags: Vec::new(),
            notes: String::new(),
            birthday: String::new(),
            birthday_lunar: false,
        }
    }
}

impl From<&Customer> for CustomerInput {
    /// The form's starting values when editing.
    fn from(c: &Customer) -> Self {
        CustomerInput {
            code: c.code.clone(),
            name: c.name.clone(),
            kind: c.kind,
            contacts: c.contacts.clone(),
            address: c.address.clone(),
            region: c.region.clone(),
            tax_id: c.tax_id.clone(),
            discount: money::format_discount_zhe(c.discount_bp),
            credit_limit: c
                .credit_limit_fen
                .map(|f| format!("{}.{:02}", f / 100, f % 100))
                .unwrap_or_default(),
            payment_terms_days: c.payment_terms_days.to_string(),
            settlement: c.settlement,
            tags: c.tags.clone(),
            notes: c.notes.clone(),
            birthday: c.birthday.clone().unwrap_or_default(),
            birthday_lunar: c.birthday_lunar,
        }
    }
}

/// A validated input, ready to store.
#[derive(Debug, Clone)]
pub(crate) struct Valid {
    code: Option<String>,
    name: String,
    kind: CustomerKind,
    contacts: Vec<Contact>,
    address: String,
    region: String,
    tax_id: String,
    discount_bp: i64,
    credit_limit_fen: Option<i64>,
    payment_terms_days: i64,
    settlement: Settlement,
    tags: Vec<String>,
    notes: String,
    birthday: Option<String>,
    birthday_lunar: bool,
}

impl Valid {
    /// The code as typed; `None` when a new customer is to get the next free one.
    pub(crate) fn code(&self) -> Option<&str> {
        self.code.as_deref()
    }

    pub(crate) fn name(&self) -> &str {
        &self.name
    }

    pub(crate) fn tax_id(&self) -> &str {
        &self.tax_id
    }

    /// The contacts' phones, as written.
    pub(crate) fn phones(&self) -> impl Iterator<Item = &str> {
        self.contacts
            .iter()
            .map(|c| c.phone.as_str())
            .filter(|p| !p.is_empty())
    }
}

/// What tells one customer on file from another, for an import to find the rows that
/// look like someone already on file (the same phone, tax id or normalised name).
#[derive(Debug, Clone)]
pub(crate) struct Identity {
    pub(crate) id: i64,
    pub(crate) code: String,
    pub(crate) name: String,
    pub(crate) tax_id: String,
    pub(crate) phones: Vec<String>,
}

/// Every customer's [`Identity`], read in two passes over the tables rather than a
/// query per row of a file (an import of 100,000 rows checks each against all).
pub(crate) fn identities(conn: &rusqlite::Connection) -> Result<Vec<Identity>> {
    let mut out: Vec<Identity> = conn
        .prepare("SELECT id, code, name, tax_id FROM customers ORDER BY id")?
        .query_map([], |r| {
            Ok(Identity {
                id: r.get(0)?,
                code: r.get(1)?,
                name: r.get(2)?,
                tax_id: r.get(3)?,
                phones: Vec::new(),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let at: HashMap<i64, usize> = out.iter().enumerate().map(|(i, c)| (c.id, i)).collect();
    let mut contacts =
        conn.prepare("SELECT customer_id, phone FROM customer_contacts WHERE phone <> ''")?;
    let rows = contacts.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?;
    for row in rows {
        let (id, phone) = row?;
        if let Some(&i) = at.get(&id) {
            out[i].phones.push(phone);
        }
    }
    Ok(out)
}

/// Writes a checked input over customer `id`, inside the caller's transaction (an
/// import's `--update`); a blank code keeps the one it has.
pub(crate) fn update_valid(tx: &Transaction, id: i64, v: &Valid, now: &str) -> Result<()> {
    let current: String = tx
        .query_row("SELECT code FROM customers WHERE id = ?1", [id], |r| {
            r.get(0)
        })
        .optional()?
        .ok_or_else(|| not_found(id))?;
    let code = match &v.code {
        Some(c) => {
            ensure_code_free(tx, c, Some(id))?;
            c.clone()
        }
        None => current,
    };
    write_record(tx, id, &code, v, now)
}

/// Checks every field and returns the first problem, naming the field.
pub(crate) fn validate(input: &CustomerInput) -> Result<Valid> {
    let code = text::line("code", &input.code, 20)?;
    if !code
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return Err(FolioError::invalid(
            Code::CodeInvalid,
            "code",
            "code may only use letters, digits, - and _",
        ));
    }
    let name = fields::required_name("name", &input.name, 100)?;

    let mut contacts = Vec::new();
    for (i, c) in input.contacts.iter().enumerate() {
        if c.is_blank() {
            continue;
        }
        let f = |part: &'static str| contact_field(i, part);
        let c = Contact {
            name: text::line(&f("name"), &c.name, 50)?,
            role: text::line(&f("role"), &c.role, 50)?,
            phone: text::line(&f("phone"), &c.phone, 30)?,
            email: text::line(&f("email"), &c.email, 100)?,
            wechat: text::line(&f("wechat"), &c.wechat, 50)?,
            birthday: parse_birthday(
                &f("birthday"),
                &text::line(&f("birthday"), &c.birthday, 20)?,
                c.birthday_lunar,
            )?
            .unwrap_or_default(),
            birthday_lunar: c.birthday_lunar && !c.birthday.trim().is_empty(),
        };
        // A contact of nothing but invisible characters is no contact.
        if c.is_blank() {
            continue;
        }
        if !c.phone.is_empty()
            && (!c
                .phone
                .chars()
                .all(|ch| ch.is_ascii_digit() || " +-()".contains(ch))
                || search::digits(&c.phone).len() < 3)
        {
            return Err(FolioError::invalid(
                Code::PhoneInvalid,
                f("phone"),
                format!(
                    "contact {}: phone may only hold digits, spaces, +, - and brackets",
                    i + 1
                ),
            ));
        }
        if !c.email.is_empty() {
            let ok = match c.email.split_once('@') {
                Some((local, domain)) => {
                    !local.is_empty()
                        && domain.contains('.')
                        && !domain.starts_with('.')
                        && !domain.ends_with('.')
                        && !c.email.contains(char::is_whitespace)
                }
                None => false,
            };
            if !ok {
                return Err(FolioError::invalid(
                    Code::EmailInvalid,
                    f("email"),
                    format!(
                        "contact {}: {} is not an email address",
                        i + 1,
                        quote(&c.email)
                    ),
                ));
            }
        }
        contacts.push(c);
    }

    let address = text::line("address", &input.address, 200)?;
    let region = text::line("region", &input.region, 50)?;
    let tax_id = text::line("tax_id", &input.tax_id, 30)?.to_uppercase();
    if !tax_id.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(FolioError::invalid(
            Code::TaxIdInvalid,
            "tax_id",
            "tax id may only use letters and digits",
        ));
    }

    let discount_bp = if input.discount.trim().is_empty() {
        money::MAX_DISCOUNT_BP
    } else {
        crate::trade::catalog::parse_discount_field("discount", &input.discount)?
    };

    let credit_limit_fen = if input.credit_limit.trim().is_empty() {
        None
    } else {
        // The words of a refusal are made only for one (an import checks every row).
        let range = || {
            format!(
                "from {} to {}",
                money::format_fen(0),
                money::format_fen(money::MAX_AMOUNT_FEN)
            )
        };
        let given = || quote(&input.credit_limit);
        match money::parse_yuan_checked(&input.credit_limit) {
            Ok(f) if f < 0 => {
                return Err(FolioError::invalid(
                    Code::CreditNegative,
                    "credit_limit",
                    format!(
                        "credit limit {} cannot be negative: it must be {}",
                        given(),
                        range()
                    ),
                ))
            }
            Err(money::AmountError::TooLarge) if input.credit_limit.trim().starts_with('-') => {
                return Err(FolioError::invalid(
                    Code::CreditNegative,
                    "credit_limit",
                    format!(
                        "credit limit {} cannot be negative: it must be {}",
                        given(),
                        range()
                    ),
                ))
            }
            Ok(f) if f > money::MAX_AMOUNT_FEN => {
                return Err(FolioError::invalid(
                    Code::CreditRange,
                    "credit_limit",
                    format!(
                        "credit limit {} is too large: it must be {}",
                        given(),
                        range()
                    ),
                ))
            }
            Err(money::AmountError::TooLarge) => {
                return Err(FolioError::invalid(
                    Code::CreditRange,
                    "credit_limit",
                    format!(
                        "credit limit {} is too large: it must be {}",
                        given(),
                        range()
                    ),
                ))
            }
            Ok(f) => Some(f),
            Err(money::AmountError::Shape) => {
                return Err(FolioError::invalid(
                    Code::CreditInvalid,
                    "credit_limit",
                    format!(
                        "credit limit {} is not an amount in yuan, such as 5000 or 5,000.00",
                        given()
                    ),
                ))
            }
        }
    };

    let payment_terms_days =
        fields::payment_terms("payment_terms_days", &input.payment_terms_days)?;

    let mut tags: Vec<String> = Vec::new();
    for t in &input.tags {
        let t = text::line("tags", t, 30)?;
        if t.is_empty() || tags.contains(&t) {
            continue;
        }
        tags.push(t);
    }
    let max_tags = crate::trade::catalog::MAX_TAGS;
    if tags.len() > max_tags {
        return Err(FolioError::invalid(
            Code::TooManyTags,
            "tags",
            format!("at most {max_tags} tags"),
        ));
    }
    let notes = text::note("notes", &input.notes, 2000)?;

    let birthday = parse_birthday(
        "birthday",
        &text::line("birthday", &input.birthday, 20)?,
        input.birthday_lunar,
    )?;
    let birthday_lunar = input.birthday_lunar && birthday.is_some();

    Ok(Valid {
        code: if code.is_empty() { None } else { Some(code) },
        name,
        kind: input.kind,
        contacts,
        address,
        region,
        tax_id,
        discount_bp,
        credit_limit_fen,
        payment_terms_days,
        settlement: input.settlement,
        tags,
        notes,
        birthday,
        birthday_lunar,
    })
}

/// The field name of part `part` of contact `i`, `contacts.0.phone`: written out for the
/// first contact (the one an import gives), made for the others.
fn contact_field(i: usize, part: &'static str) -> std::borrow::Cow<'static, str> {
    let first = match part {
        "name" => "contacts.0.name",
        "role" => "contacts.0.role",
        "phone" => "contacts.0.phone",
        "email" => "contacts.0.email",
        "wechat" => "contacts.0.wechat",
        "birthday" => "contacts.0.birthday",
        _ => "",
    };
    if i == 0 && !first.is_empty() {
        first.into()
    } else {
        format!("contacts.{i}.{part}").into()
    }
}

/// `YYYY-MM-DD` or `MM-DD` (a birthday without a year); blank is none. A lunar
/// (农历) birthday is a month 1–12 and a day 1–30 (a lunar month has 29 or 30
/// days), with a year or without.
fn parse_birthday(field: &str, s: &str, lunar: bool) -> Result<Option<String>> {
    if s.is_empty() {
        return Ok(None);
    }
    let bad = |why: &str| {
        FolioError::invalid(
            Code::BirthdayInvalid,
            field,
            format!("birthday {} {why}", quote(s)),
        )
    };
    if lunar {
        let parts: Vec<&str> = s.split(['-', '/', '.']).collect();
        let num = |p: &str| p.trim().parse::<u32>().ok();
        let (year, month, day) = match parts.as_slice() {
            [m, d] => (None, num(m), num(d)),
            [y, m, d] => (Some(num(y)), num(m), num(d)),
            _ => return Err(bad("is not a lunar date: write 05-17 or 1980-05-17")),
        };
        let this_year = chrono::Datelike::year(&clock::today()) as u32;
        return match (year, month, day) {
            (None, Some(m @ 1..=12), Some(d @ 1..=30)) => Ok(Some(format!("{m:02}-{d:02}"))),
            (Some(Some(y)), Some(m @ 1..=12), Some(d @ 1..=30)) if (1900..=this_year).contains(&y) => {
                Ok(Some(format!("{y:04}-{m:02}-{d:02}")))
            }
            _ => Err(bad(
                "is not a lunar date: a month from 1 to 12 and a day from 1 to 30 (05-17 or 1980-05-17)",
            )),
        };
    }
    // A birthday without a year: month and day of a leap year, so that 02-29 is taken.
    let parts: Vec<&str> = s.split(['-', '/', '.']).collect();
    if parts.len() == 2 {
        return match fields::date(field, &format!("2000-{s}")) {
            Ok(d) => Ok(Some(d.format("%m-%d").to_string())),
            Err(_) => Err(bad("is not a date: write 1980-05-17 or 05-17")),
        };
    }
    match fields::date(field, s) {
        Ok(d) if d > clock::today() => Err(bad("is in the future")),
        Ok(d) => Ok(Some(d.to_string())),
        Err(_) => Err(bad(&format!(
            "is not a date from {} to today: write 1980-05-17 or 05-17",
            fields::MIN_DATE
        ))),
    }
}

fn code_taken(code: &str) -> FolioError {
    FolioError::invalid(
        Code::CodeTaken,
        "code",
        format!("code {code} is already used by another customer"),
    )
}

/// The next free generated code, `C0001` onwards, skipping codes typed by hand.
fn generate_code(tx: &Transaction) -> Result<String> {
    loop {
        let n = next_sequence(tx, "customer_code")?;
        let code = format!("C{n:04}");
        let taken: bool = tx
            .prepare_cached("SELECT EXISTS (SELECT 1 FROM customers WHERE code = ?1)")?
            .query_row([&code], |r| r.get(0))?;
        if !taken {
            return Ok(code);
        }
    }
}

fn write_children(tx: &Transaction, id: i64, code: &str, v: &Valid) -> Result<()> {
    tx.prepare_cached("DELETE FROM customer_contacts WHERE customer_id = ?1")?
        .execute([id])?;
    let mut ins = tx.prepare_cached(
        "INSERT INTO customer_contacts (customer_id, position, name, role, phone, email, wechat,
             birthday, birthday_lunar)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?;
    for (i, c) in v.contacts.iter().enumerate() {
        let birthday = Some(c.birthday.as_str()).filter(|b| !b.is_empty());
        ins.execute(params![
            id,
            i as i64,
            c.name,
            c.role,
            c.phone,
            c.email,
            c.wechat,
            birthday,
            c.birthday_lunar
        ])?;
    }
    index_customer(tx, id, code, &v.name, &v.contacts, &v.tags)
}

/// Writes the search keys and grams of one customer.
pub(crate) fn index_customer(
    tx: &Transaction,
    id: i64,
    code: &str,
    name: &str,
    contacts: &[Contact],
    tags: &[String],
) -> Result<()> {
    let (keys, grams) = index_entries(code, name, contacts, tags);
    search::write_index(tx, &INDEX, id, &keys, &grams)
}

/// The search keys and name grams of a customer: the one place they are made, for a
/// customer saved by hand and one imported alike.
fn index_entries(
    code: &str,
    name: &str,
    contacts: &[Contact],
    tags: &[String],
) -> (Vec<(search::KeyKind, String)>, Vec<String>) {
    let pairs: Vec<(String, String)> = contacts
        .iter()
        .map(|c| (c.name.clone(), c.phone.clone()))
        .collect();
    (
        search::customer_keys(code, name, &pairs, tags),
        search::name_grams(name),
    )
}

/// Refuses a code another customer (other than `except`) already has.
fn ensure_code_free(tx: &Transaction, code: &str, except: Option<i64>) -> Result<()> {
    let taken: bool = tx
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM customers WHERE code = ?1 AND id IS NOT ?2)")?
        .query_row(params![code, except], |r| r.get(0))?;
    if taken {
        return Err(code_taken(code));
    }
    Ok(())
}

/// Writes every field of a validated input onto customer `id`, with its contacts
/// and search keys: the one place both create and update store a record.
fn write_record(tx: &Transaction, id: i64, code: &str, v: &Valid, now: &str) -> Result<()> {
    tx.prepare_cached(
        "UPDATE customers SET code = ?2, name = ?3, kind = ?4, address = ?5, region = ?6,
            tax_id = ?7, discount_bp = ?8, credit_limit_fen = ?9, payment_terms_days = ?10,
            settlement = ?11, tags = ?12, notes = ?13, birthday = ?14, updated_at = ?15,
            code_sort = ?16, birthday_lunar = ?17
         WHERE id = ?1",
    )?
    .execute(params![
        id,
        code,
        v.name,
        v.kind.as_str(),
        v.address,
        v.region,
        v.tax_id,
        v.discount_bp,
        v.credit_limit_fen,
        v.payment_terms_days,
        v.settlement.as_str(),
        serde_json::to_string(&v.tags).expect("tags serialise"),
        v.notes,
        v.birthday,
        now,
        search::natural_key(code),
        v.birthday_lunar,
    ])?;
    write_children(tx, id, code, v)
}

pub(crate) fn insert_valid(tx: &Transaction, v: &Valid, now: &str) -> Result<i64> {
    let code = match &v.code {
        Some(c) => {
            ensure_code_free(tx, c, None)?;
            c.clone()
        }
        None => generate_code(tx)?,
    };
    tx.prepare_cached(
        "INSERT INTO customers (code, code_sort, name, kind, status, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, 'active', ?5, ?5)",
    )?
    .execute(params![
        code,
        search::natural_key(&code),
        v.name,
        v.kind.as_str(),
        now
    ])?;
    let id = tx.last_insert_rowid();
    write_record(tx, id, &code, v, now)?;
    Ok(id)
}

/// New customers written in bulk, for an import: each stored exactly as [`insert_valid`]
/// stores one (the same row, contacts, search keys and grams, and a code from the same
/// sequence), in a few statements per thousand customers instead of a dozen per
/// customer. `done` hears how many are written after each thousand, and may stop the
/// write with an error (a cancel). Everything is in the caller's transaction.
///
/// The search keys (pinyin for every reading of a name) are made on a second thread
/// while this one writes the rows; their full-text rows go in by one statement at
/// the end (see [`search::Bulk`]), which feeds each full-text index once.
pub(crate) fn insert_many_valid(
    tx: &Transaction,
    vs: &[&Valid],
    now: &str,
    mut done: impl FnMut(usize) -> Result<()>,
) -> Result<()> {
    const CHUNK: usize = 1000;
    if vs.is_empty() {
        return Ok(());
    }
    let codes = new_codes(tx, vs)?;
    // Ids are given, as SQLite would give them (one past the largest), so that
    // contacts and keys can point at their customer without reading it back.
    let first: i64 = tx
        .prepare_cached("SELECT coalesce(max(id), 0) + 1 FROM customers")?
        .query_row([], |r| r.get(0))?;
    let rows: Vec<(i64, &str, &Valid)> = vs
        .iter()
        .zip(&codes)
        .enumerate()
        .map(|(i, (v, code))| (first + i as i64, code.as_str(), *v))
        .collect();
    std::thread::scope(|scope| {
        // A few chunks ahead at most; it stops when this side hangs up (an error).
        let (send, made) = std::sync::mpsc::sync_channel::<Vec<search::Entry>>(4);
        let rows = &rows;
        scope.spawn(move || {
            for chunk in rows.chunks(CHUNK) {
                let entries = chunk
                    .iter()
                    .map(|(id, code, v)| {
                        let (keys, grams) = index_entries(code, &v.name, &v.contacts, &v.tags);
                        search::Entry::new(*id, keys, &grams)
                    })
                    .collect();
                if send.send(entries).is_err() {
                    return;
                }
            }
        });
        let mut bulk = search::Bulk::start(tx, &INDEX, rows.len())?;
        let mut written = 0;
        for chunk in rows.chunks(CHUNK) {
            insert_rows(tx, chunk, now)?;
            // The other side only hangs up early by dying, which the scope reports.
            let entries = made.recv().map_err(|_| {
                FolioError::Io(std::io::Error::other(
                    "the search keys of an import were not made",
                ))
            })?;
            for e in entries {
                bulk.add(e)?;
            }
            written += chunk.len();
            done(written)?;
        }
        bulk.finish()
    })
}

/// The customers' rows and their contacts.
fn insert_rows(tx: &Transaction, chunk: &[(i64, &str, &Valid)], now: &str) -> Result<()> {
    use crate::base::rows;
    rows::insert(
        tx,
        "INSERT INTO customers (id, code, code_sort, name, kind, address, region, tax_id,
             discount_bp, credit_limit_fen, payment_terms_days, settlement, tags, notes,
             birthday, status, created_at, updated_at, birthday_lunar)
         VALUES",
        "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'active', ?, ?, ?)",
        chunk,
        |b, (id, code, v)| {
            b.put(id)?;
            b.put(code)?;
            b.put(search::natural_key(code))?;
            b.put(&v.name)?;
            b.put(v.kind.as_str())?;
            b.put(&v.address)?;
            b.put(&v.region)?;
            b.put(&v.tax_id)?;
            b.put(v.discount_bp)?;
            b.put(v.credit_limit_fen)?;
            b.put(v.payment_terms_days)?;
            b.put(v.settlement.as_str())?;
            b.put(serde_json::to_string(&v.tags).expect("tags serialise"))?;
            b.put(&v.notes)?;
            b.put(&v.birthday)?;
            b.put(now)?;
            b.put(now)?;
            b.put(v.birthday_lunar)
        },
    )?;
    let contacts: Vec<(i64, i64, &Contact)> = chunk
        .iter()
        .flat_map(|(id, _, v)| {
            v.contacts
                .iter()
                .enumerate()
                .map(move |(i, c)| (*id, i as i64, c))
        })
        .collect();
    rows::insert(
        tx,
        "INSERT INTO customer_contacts (customer_id, position, name, role, phone, email,
             wechat, birthday, birthday_lunar)
         VALUES",
        "(?, ?, ?, ?, ?, ?, ?, ?, ?)",
        &contacts,
        |b, (id, position, c)| {
            b.put(id)?;
            b.put(position)?;
            b.put(&c.name)?;
            b.put(&c.role)?;
            b.put(&c.phone)?;
            b.put(&c.email)?;
            b.put(&c.wechat)?;
            b.put(Some(c.birthday.as_str()).filter(|b| !b.is_empty()))?;
            b.put(c.birthday_lunar)
        },
    )
}

/// The codes of new customers, in order: a typed one if no customer on file has it
/// (nor an earlier row: codes compare without case), else the next free generated one,
/// as [`generate_code`] gives it, skipping the codes typed on any of the rows (so a
/// blank row never takes a code a later row types). The values are taken from the
/// sequence as many at a time as codes are still wanted.
fn new_codes(tx: &Transaction, vs: &[&Valid]) -> Result<Vec<String>> {
    let mut typed = std::collections::HashSet::new();
    for v in vs {
        if let Some(c) = &v.code {
            ensure_code_free(tx, c, None)?;
            if !typed.insert(c.to_ascii_uppercase()) {
                return Err(code_taken(c));
            }
        }
    }
    let mut wanted = vs.iter().filter(|v| v.code.is_none()).count() as i64;
    let mut block = 0..0;
    let mut taken = tx.prepare_cached("SELECT EXISTS (SELECT 1 FROM customers WHERE code = ?1)")?;
    let mut out = Vec::with_capacity(vs.len());
    for v in vs {
        if let Some(c) = &v.code {
            out.push(c.clone());
            continue;
        }
        let code = loop {
            let n = match block.next() {
                Some(n) => n,
                None => {
                    let start = take_sequence(tx, "customer_code", wanted)?;
                    block = start..start + wanted;
                    continue;
                }
            };
            let code = format!("C{n:04}");
            if !typed.contains(&code) && !taken.query_row([&code], |r| r.get::<_, bool>(0))? {
                break code;
            }
        };
        wanted -= 1;
        out.push(code);
    }
    Ok(out)
}

/// The next `n` values of a named counter at once (the first is returned), as `n`
/// calls of `store::next_sequence` would take them.
fn take_sequence(tx: &Transaction, name: &str, n: i64) -> Result<i64> {
    tx.prepare_cached(
        "INSERT INTO sequences (name, next_value) VALUES (?1, 1) ON CONFLICT (name) DO NOTHING",
    )?
    .execute([name])?;
    Ok(tx
        .prepare_cached(
            "UPDATE sequences SET next_value = next_value + ?2 WHERE name = ?1
             RETURNING next_value - ?2",
        )?
        .query_row(params![name, n], |r| r.get(0))?)
}

/// Every problem with a customer's fields at once, each naming its field, so that a form can
/// show them all together. [`validate`] stops at the first problem, so each field it refuses is
/// set aside (blanked, or a stand-in for the required name) and the rest checked again. Writes
/// nothing; an empty list means the fields would pass (a code already taken is found on saving).
pub fn check(input: &CustomerInput) -> Vec<ErrorPayload> {
    let mut probe = input.clone();
    let mut out: Vec<ErrorPayload> = Vec::new();
    // Each round sets one field aside, so there are at most as many rounds as fields.
    for _ in 0..(16 + 6 * input.contacts.len()) {
        let Err(e) = validate(&probe) else { break };
        let payload = e.payload();
        let again = out.iter().any(|p| p.field == payload.field);
        let set_aside = !again
            && payload
                .field
                .as_deref()
                .is_some_and(|f| set_aside(&mut probe, f));
        if !again {
            out.push(payload);
        }
        if !set_aside {
            break;
        }
    }
    out
}

/// Replaces the field named `field` with a value [`validate`] takes; false for a field it
/// does not know.
fn set_aside(p: &mut CustomerInput, field: &str) -> bool {
    match field {
        "name" => p.name = "x".into(),
        "code" => p.code.clear(),
        "address" => p.address.clear(),
        "region" => p.region.clear(),
        "tax_id" => p.tax_id.clear(),
        "discount" => p.discount.clear(),
        "credit_limit" => p.credit_limit.clear(),
        "payment_terms_days" => p.payment_terms_days.clear(),
        "notes" => p.notes.clear(),
        "birthday" => p.birthday.clear(),
        "tags" => p.tags.clear(),
        f => {
            let Some((i, part)) = f
                .strip_prefix("contacts.")
                .and_then(|r| r.split_once('.'))
                .and_then(|(i, part)| Some((i.parse::<usize>().ok()?, part)))
            else {
                return false;
            };
            let Some(c) = p.contacts.get_mut(i) else {
                return false;
            };
            match part {
                "name" => c.name.clear(),
                "role" => c.role.clear(),
                "phone" => c.phone.clear(),
                "email" => c.email.clear(),
                "wechat" => c.wechat.clear(),
                "birthday" => c.birthday.clear(),
                _ => return false,
            }
        }
    }
    true
}

/// Validates and stores a new customer; returns it as stored. It does not look for a
/// customer already on file with the same name and phone: the form and the CLI save
/// through [`create_checked`], which does.
pub fn create(store: &mut Store, input: &CustomerInput) -> Result<Customer> {
    create_checked(store, input, IfDuplicate::Save)
}

/// What a save does when a customer with the same name and phone is on file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum IfDuplicate {
    /// Refuse with [`Code::CustomerDuplicate`], naming the customer on file.
    Refuse,
    /// Save all the same: the user saw the warning and said the two are different.
    Save,
}

/// A customer on file that one being saved looks like: the same name once normalised
/// (case, spaces and punctuation ignored, as the search box does) and a phone with the
/// same digits. Two branches of one chain share a name but not a phone, so both must match.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct LikelyDuplicate {
    #[ts(type = "number")]
    pub id: i64,
    pub code: String,
    pub name: String,
    /// The phone in common, as the customer on file has it written.
    pub phone: String,
    pub status: CustomerStatus,
}

/// The most likely duplicates named for one save; more would not help the user decide.
const MAX_DUPLICATES: usize = 5;

/// Customers on file (other than `except`, the one being edited) that `input` looks like.
/// Nothing is found for an input that does not validate: its errors come first.
pub fn duplicates(
    store: &Store,
    input: &CustomerInput,
    except: Option<i64>,
) -> Result<Vec<LikelyDuplicate>> {
    let Ok(v) = validate(input) else {
        return Ok(Vec::new());
    };
    find_duplicates(store.conn(), &v, except)
}

fn find_duplicates(
    conn: &rusqlite::Connection,
    v: &Valid,
    except: Option<i64>,
) -> Result<Vec<LikelyDuplicate>> {
    let name = search::normalize(&v.name);
    let phones: Vec<String> = v
        .contacts
        .iter()
        .map(|c| search::digits(&c.phone))
        .filter(|d| !d.is_empty())
        .collect();
    if name.is_empty() || phones.is_empty() {
        return Ok(Vec::new());
    }
    // The name key is the normalised name (kind 1), or the code's key when the two are
    // the same and the index kept one of them (kind 0); the key index finds the few
    // customers with it, and each is checked in full below.
    let mut candidates = conn.prepare_cached(
        "SELECT DISTINCT k.customer_id FROM customer_keys k
         WHERE k.key = ?1 AND k.kind IN (0, 1) AND k.customer_id IS NOT ?2
         ORDER BY k.customer_id LIMIT 50",
    )?;
    let ids: Vec<i64> = candidates
        .query_map(params![name, except], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut head = conn.prepare_cached("SELECT code, name, status FROM customers WHERE id = ?1")?;
    let mut contact_phones = conn.prepare_cached(
        "SELECT phone FROM customer_contacts WHERE customer_id = ?1 ORDER BY position",
    )?;
    let mut out = Vec::new();
    for id in ids {
        let (code, stored_name, status): (String, String, String) =
            head.query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        if search::normalize(&stored_name) != name {
            continue;
        }
        let stored: Vec<String> = contact_phones
            .query_map([id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let Some(phone) = stored
            .into_iter()
            .find(|p| phones.contains(&search::digits(p)))
        else {
            continue;
        };
        out.push(LikelyDuplicate {
            id,
            code,
            name: stored_name,
            phone,
            status: parse_status(&status),
        });
        if out.len() == MAX_DUPLICATES {
            break;
        }
    }
    Ok(out)
}

/// The refusal [`IfDuplicate::Refuse`] gives, naming the first customer found.
fn duplicate_error(found: &[LikelyDuplicate]) -> FolioError {
    let first = &found[0];
    let more = match found.len() {
        1 => String::new(),
        n => format!(" (and {} more)", n - 1),
    };
    FolioError::invalid(
        Code::CustomerDuplicate,
        "name",
        format!(
            "customer {} {} with phone {} is already on file{more}; save anyway only if this is another customer",
            first.code,
            quote(&first.name),
            quote(&first.phone)
        ),
    )
}

/// Validates and stores a new customer, first looking for one on file with the same name
/// and phone (in the same transaction, so two saves cannot both miss each other).
pub fn create_checked(
    store: &mut Store,
    input: &CustomerInput,
    if_duplicate: IfDuplicate,
) -> Result<Customer> {
    let v = validate(input)?;
    let id = store.write("customers.create", "customer", |tx| {
        if if_duplicate == IfDuplicate::Refuse {
            let found = find_duplicates(tx, &v, None)?;
            if !found.is_empty() {
                return Err(duplicate_error(&found));
            }
        }
        let id = insert_valid(tx, &v, &clock::stamp())?;
        Ok((id, Some(id)))
    })?;
    get(store, id)
}

/// Adds many customers in one transaction (sample data, and later imports):
/// every one is checked as [`create`] checks it, and any refusal writes none.
pub fn create_many(store: &mut Store, inputs: &[CustomerInput]) -> Result<usize> {
    let valid = inputs.iter().map(validate).collect::<Result<Vec<_>>>()?;
    let now = clock::stamp();
    // In bulk, as an import writes them: the same rows a statement's worth at a
    // time. A typed code another customer (or an earlier one here) has is refused
    // first, as `create` refuses it, where the bulk write would give the row a
    // generated code instead.
    let refs: Vec<&Valid> = valid.iter().collect();
    store.write("customers.create_many", "customer", |tx| {
        let mut typed = std::collections::HashSet::new();
        for code in refs.iter().filter_map(|v| v.code()) {
            if !typed.insert(code.to_lowercase()) {
                return Err(code_taken(code));
            }
            ensure_code_free(tx, code, None)?;
        }
        insert_many_valid(tx, &refs, &now, |_| Ok(()))?;
        Ok((valid.len(), None))
    })
}

/// Validates and replaces a customer's fields; the code may change if it stays unique.
pub fn update(store: &mut Store, id: i64, input: &CustomerInput) -> Result<Customer> {
    update_checked(store, id, input, IfDuplicate::Save)
}

/// [`update`], first looking for another customer with the same name and phone, as
/// [`create_checked`] does: an edit can make two records look alike too.
pub fn update_checked(
    store: &mut Store,
    id: i64,
    input: &CustomerInput,
    if_duplicate: IfDuplicate,
) -> Result<Customer> {
    let v = validate(input)?;
    store.write("customers.update", "customer", |tx| {
        if if_duplicate == IfDuplicate::Refuse {
            let found = find_duplicates(tx, &v, Some(id))?;
            if !found.is_empty() {
                return Err(duplicate_error(&found));
            }
        }
        let current: Option<String> = tx
            .query_row("SELECT code FROM customers WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .optional()?;
        let current = current.ok_or_else(|| not_found(id))?;
        let code = match &v.code {
            Some(c) => {
                ensure_code_free(tx, c, Some(id))?;
                c.clone()
            }
            // Blanking the code on edit keeps the one it had.
            None => current,
        };
        write_record(tx, id, &code, &v, &clock::stamp())?;
        Ok(((), Some(id)))
    })?;
    get(store, id)
}

fn set_status(store: &mut Store, id: i64, status: CustomerStatus) -> Result<Customer> {
    let action = match status {
        CustomerStatus::Active => "customers.restore",
        CustomerStatus::Archived => "customers.archive",
    };
    store.write(action, "customer", |tx| {
        let n = tx.execute(
            "UPDATE customers SET status = ?2, updated_at = ?3 WHERE id = ?1",
            params![id, status.as_str(), clock::stamp()],
        )?;
        if n == 0 {
            return Err(not_found(id));
        }
        Ok(((), Some(id)))
    })?;
    get(store, id)
}

/// Hides a customer from lists and search; nothing about them is lost.
pub fn archive(store: &mut Store, id: i64) -> Result<Customer> {
    set_status(store, id, CustomerStatus::Archived)
}

pub fn restore(store: &mut Store, id: i64) -> Result<Customer> {
    set_status(store, id, CustomerStatus::Active)
}

/// Whether any document refers to this customer. Once one does, the customer can
/// only be archived.
pub fn is_referenced(store: &Store, id: i64) -> Result<bool> {
    Ok(store.conn().query_row(
        "SELECT EXISTS (SELECT 1 FROM orders WHERE customer_id = ?1)
             OR EXISTS (SELECT 1 FROM customer_returns WHERE customer_id = ?1)
             OR EXISTS (SELECT 1 FROM payments WHERE customer_id = ?1)
             OR EXISTS (SELECT 1 FROM receivable_entries WHERE customer_id = ?1)
             OR EXISTS (SELECT 1 FROM interactions WHERE customer_id = ?1)
             OR EXISTS (SELECT 1 FROM cases WHERE customer_id = ?1)
             OR EXISTS (SELECT 1 FROM satisfaction WHERE customer_id = ?1)",
        [id],
        |r| r.get(0),
    )?)
}

/// Deletes a customer nothing refers to (a record typed by mistake).
pub fn delete(store: &mut Store, id: i64) -> Result<()> {
    get(store, id)?;
    if is_referenced(store, id)? {
        return Err(FolioError::invalid(
            Code::CustomerReferenced,
            "id",
            "this customer has documents; archive it instead",
        ));
    }
    store.write("customers.delete", "customer", |tx| {
        // Its reminders (a birthday's, one made by hand) go with it, and it leaves
        // the lists of the reminders that named it (a festival's). Calls, cases and
        // scores are a record of dealings: a customer with any is archived instead.
        tx.execute(
            "DELETE FROM reminder_events WHERE reminder_id IN
                 (SELECT id FROM reminders WHERE customer_id = ?1)",
            [id],
        )?;
        tx.execute(
            "DELETE FROM reminder_customers WHERE customer_id = ?1 OR reminder_id IN
                 (SELECT id FROM reminders WHERE customer_id = ?1)",
            [id],
        )?;
        tx.execute("DELETE FROM reminders WHERE customer_id = ?1", [id])?;
        tx.execute("DELETE FROM customers WHERE id = ?1", [id])?;
        Ok(((), Some(id)))
    })
}

fn not_found(id: i64) -> FolioError {
    FolioError::NotFound {
        what: "customer",
        key: id.to_string(),
    }
}

fn parse_kind(s: String) -> CustomerKind {
    // The CHECK constraint guarantees one of the known values.
    CustomerKind::parse(&s).unwrap_or(CustomerKind::Company)
}

fn parse_status(s: &str) -> CustomerStatus {
    if s == "archived" {
        CustomerStatus::Archived
    } else {
        CustomerStatus::Active
    }
}

pub fn get(store: &Store, id: i64) -> Result<Customer> {
    let conn = store.conn();
    let mut c = conn
        .query_row(
            "SELECT id, code, name, kind, address, region, tax_id, discount_bp, credit_limit_fen,
                payment_terms_days, settlement, tags, notes, birthday, status, created_at, updated_at,
                birthday_lunar
             FROM customers WHERE id = ?1",
            [id],
            |r| {
                let tags: String = r.get(11)?;
                Ok(Customer {
                    id: r.get(0)?,
                    code: r.get(1)?,
                    name: r.get(2)?,
                    kind: parse_kind(r.get(3)?),
                    contacts: Vec::new(),
                    address: r.get(4)?,
                    region: r.get(5)?,
                    tax_id: r.get(6)?,
                    discount_bp: r.get(7)?,
                    credit_limit_fen: r.get(8)?,
                    payment_terms_days: r.get(9)?,
                    settlement: Settlement::parse(&r.get::<_, String>(10)?)
                        .unwrap_or(Settlement::Firm),
                    tags: serde_json::from_str(&tags).unwrap_or_default(),
                    notes: r.get(12)?,
                    birthday: r.get(13)?,
                    birthday_lunar: r.get(17)?,
                    status: parse_status(&r.get::<_, String>(14)?),
                    created_at: r.get(15)?,
                    updated_at: r.get(16)?,
                })
            },
        )
        .optional()?
        .ok_or_else(|| not_found(id))?;
    let mut stmt = conn.prepare_cached(
        "SELECT name, role, phone, email, wechat, coalesce(birthday, ''), birthday_lunar
         FROM customer_contacts WHERE customer_id = ?1 ORDER BY position",
    )?;
    c.contacts = stmt
        .query_map([id], |r| {
            Ok(Contact {
                name: r.get(0)?,
                role: r.get(1)?,
                phone: r.get(2)?,
                email: r.get(3)?,
                wechat: r.get(4)?,
                birthday: r.get(5)?,
                birthday_lunar: r.get(6)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(c)
}

pub fn get_by_code(store: &Store, code: &str) -> Result<Customer> {
    let id: Option<i64> = store
        .conn()
        .query_row(
            "SELECT id FROM customers WHERE code = ?1",
            [text::visible(code)],
            |r| r.get(0),
        )
        .optional()?;
    match id {
        Some(id) => get(store, id),
        None => Err(FolioError::NotFound {
            what: "customer",
            key: code.trim().to_string(),
        }),
    }
}

const SUMMARY_COLUMNS: &str = "c.id, c.code, c.name, c.kind, c.region,
    coalesce((SELECT name FROM customer_contacts WHERE customer_id = c.id ORDER BY position LIMIT 1), ''),
    coalesce((SELECT phone FROM customer_contacts WHERE customer_id = c.id ORDER BY position LIMIT 1), ''),
    c.discount_bp, c.credit_limit_fen, c.status,
    coalesce((SELECT sum(amount_fen) FROM receivable_entries WHERE customer_id = c.id), 0)";

fn summary_row(r: &Row) -> rusqlite::Result<CustomerSummary> {
    Ok(CustomerSummary {
        id: r.get(0)?,
        code: r.get(1)?,
        name: r.get(2)?,
        kind: parse_kind(r.get(3)?),
        region: r.get(4)?,
        contact: r.get(5)?,
        phone: r.get(6)?,
        discount_bp: r.get(7)?,
        credit_limit_fen: r.get(8)?,
        status: parse_status(&r.get::<_, String>(9)?),
        balance_fen: r.get(10)?,
    })
}

/// A page of the customer list, or of search results when `query` is set.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct ListQuery {
    pub query: String,
    #[ts(type = "number")]
    pub offset: i64,
    #[ts(type = "number")]
    pub limit: i64,
    pub include_archived: bool,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct CustomerPage {
    /// Rows in the whole list (for a search: the number of results found, up to the cap).
    #[ts(type = "number")]
    pub total: i64,
    #[ts(type = "number")]
    pub offset: i64,
    pub rows: Vec<CustomerSummary>,
}

/// Most search results returned; a search is for finding, the list is for browsing.
pub const SEARCH_CAP: usize = 200;

/// The most results a search may be asked for (`folio customers search --limit`).
pub const MAX_SEARCH_LIMIT: i64 = 1000;

/// Reads how many search results are wanted: 1 to [`MAX_SEARCH_LIMIT`].
pub fn parse_search_limit(input: &str) -> Result<usize> {
    fields::whole(input, 1, MAX_SEARCH_LIMIT)
        .map(|n| n as usize)
        .map_err(|_| {
            FolioError::invalid(
                Code::NumberRange,
                "limit",
                format!(
                    "limit {} must be a whole number from 1 to {MAX_SEARCH_LIMIT}",
                    quote(input)
                ),
            )
        })
}

/// The customer list in natural code order (C999 before C1000), or search results in rank order.
pub fn list(store: &Store, q: &ListQuery) -> Result<CustomerPage> {
    let limit = q.limit.clamp(1, 500);
    let offset = q.offset.max(0);
    if !q.query.trim().is_empty() {
        let ids = search_ids(store, &q.query, SEARCH_CAP, q.include_archived)?;
        let total = ids.len() as i64;
        let page: Vec<i64> = ids
            .into_iter()
            .skip(offset as usize)
            .take(limit as usize)
            .collect();
        return Ok(CustomerPage {
            total,
            offset,
            rows: summaries(store, &page)?,
        });
    }
    let conn = store.conn();
    let (filter, total): (&str, i64) = if q.include_archived {
        (
            "",
            conn.query_row("SELECT count(*) FROM customers", [], |r| r.get(0))?,
        )
    } else {
        (
            "WHERE c.status = 'active'",
            conn.query_row(
                "SELECT count(*) FROM customers WHERE status = 'active'",
                [],
                |r| r.get(0),
            )?,
        )
    };
    let sql = format!(
        "SELECT {SUMMARY_COLUMNS} FROM customers c {filter} ORDER BY c.code_sort LIMIT ?1 OFFSET ?2"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt
        .query_map([limit, offset], summary_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(CustomerPage {
        total,
        offset,
        rows,
    })
}

/// Top `limit` customers for what was typed in the search box.
pub fn search(store: &Store, query: &str, limit: usize) -> Result<Vec<CustomerSummary>> {
    let ids = search_ids(store, query, limit, false)?;
    summaries(store, &ids)
}

fn summaries(store: &Store, ids: &[i64]) -> Result<Vec<CustomerSummary>> {
    let mut stmt = store.conn().prepare_cached(&format!(
        "SELECT {SUMMARY_COLUMNS} FROM customers c WHERE c.id = ?1"
    ))?;
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        out.push(stmt.query_row([id], summary_row)?);
    }
    Ok(out)
}

/// Where customers keep their search index.
pub(crate) const INDEX: search::Index = search::Index {
    owner: "customers",
    prefix: "customer",
};

/// Ranked ids: exact code, then prefix of any key (code, name, name word, pinyin
/// initials, full pinyin, contact, phone, tag), then substring. See [`search::ranked_ids`].
pub fn search_ids(
    store: &Store,
    query: &str,
    limit: usize,
    include_archived: bool,
) -> Result<Vec<i64>> {
    let filter = if include_archived {
        ""
    } else {
        "AND o.status = 'active'"
    };
    // Codes are unique and compared without case, as typed.
    let exact = format!("SELECT o.id FROM customers o WHERE o.code = ?1 {filter}");
    search::ranked_ids(
        store.conn(),
        &INDEX,
        Some((&exact, query.trim().to_string(), false)),
        query,
        filter,
        limit,
    )
}
/// How many customers are on file, archived ones included.
pub fn count(store: &Store) -> Result<i64> {
    Ok(store
        .conn()
        .query_row("SELECT count(*) FROM customers", [], |r| r.get(0))?)
}

/// Every customer, archived ones too, in the list's code order, each with its
/// balance, handed to `f` one at a time (an export streams them; the list pages).
pub fn each(store: &Store, mut f: impl FnMut(&CustomerSummary) -> Result<()>) -> Result<()> {
    let mut stmt = store.conn().prepare(&format!(
        "SELECT {SUMMARY_COLUMNS} FROM customers c ORDER BY c.code_sort"
    ))?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        f(&summary_row(r)?)?;
    }
    Ok(())
}

#[cfg(test)]
mod input_from_record_tests {
    use super::*;

    #[test]
    fn a_customer_converted_back_and_saved_unchanged_stays_equal() {
        // The clock is pinned so that the update stamps the same time as the create.
        let t = chrono::DateTime::parse_from_rfc3339("2026-03-01T09:00:00+08:00").unwrap();
        clock::at(t, || {
            let mut store = Store::open_in_memory().unwrap();
            let c = create(
                &mut store,
                &CustomerInput {
                    code: "CD-XH".into(),
                    name: "成都新华书店".into(),
                    kind: CustomerKind::School,
                    contacts: vec![
                        Contact {
                            name: "李老师".into(),
                            role: "采购".into(),
                            phone: "028-8666 1234".into(),
                            email: "li@example.cn".into(),
                            wechat: "li_cd".into(),
                            birthday: "08-15".into(),
                            birthday_lunar: true,
                        },
                        Contact {
                            name: "王会计".into(),
                            phone: "13800000000".into(),
                            ..Contact::default()
                        },
                    ],
                    address: "成都市锦江区春熙路1号".into(),
                    region: "四川".into(),
                    tax_id: "91510100MA6C123456".into(),
                    // Odd amounts check that the text forms keep every basis point and fen.
                    discount: "63.45%".into(),
                    credit_limit: "￥5,000.07".into(),
                    payment_terms_days: "45".into(),
                    settlement: Settlement::SaleOrReturn,
                    tags: vec!["重点".into(), "学校".into()],
                    notes: "每月对账".into(),
                    birthday: "03-15".into(),
                    birthday_lunar: false,
                },
            )
            .unwrap();
            let again = update(&mut store, c.id, &CustomerInput::from(&c)).unwrap();
            assert_eq!(again, c);
        });
    }
}
