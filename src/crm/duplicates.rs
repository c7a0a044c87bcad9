//! Possible duplicates among the customers on file, and merging two into one.
//!
//! A duplicate is found by what two records share: a phone (its digits, a
//! +86/0086 country code ignored), a tax id, or the name once normalised as the
//! search box normalises it. Each group says why and lists its customers with
//! what the user needs to choose which to keep: balance, orders, last order.
//!
//! A merge moves everything that refers to one customer onto the other in one
//! transaction and archives the first. The merge is recorded in its audit row
//! (`customers.merge: merged C0012 into C0007 …`, its entity the merged
//! customer): that row is how the duplicates list knows to leave a merged
//! customer out, and how a merged customer's page says which customer it went
//! into ([`merged_into`]), so no table of merges is needed.

use std::collections::{HashMap, HashSet};

use rusqlite::{params, OptionalExtension, Transaction};
use serde::Serialize;
use ts_rs::TS;

use crate::base::clock;
use crate::base::error::{Code, FolioError, Result};
use crate::base::search;
use crate::crm::customers::{self, Contact, CustomerStatus};
use crate::store::Store;
use crate::trade::receivables;

/// Why the customers of a group look like one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum DuplicateReason {
    /// The same tax id: the strongest sign, a tax id belongs to one business.
    TaxId,
    /// A contact phone with the same digits.
    Phone,
    /// The same name once normalised (case, spaces and punctuation ignored).
    Name,
}

impl DuplicateReason {
    pub fn as_str(self) -> &'static str {
        match self {
            DuplicateReason::TaxId => "tax_id",
            DuplicateReason::Phone => "phone",
            DuplicateReason::Name => "name",
        }
    }
}

/// One thing the customers of a group share, as the first of them has it written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct DuplicateMatch {
    pub reason: DuplicateReason,
    pub value: String,
}

/// A customer in a group, with what helps choose the one to keep.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct DuplicateMember {
    #[ts(type = "number")]
    pub id: i64,
    pub code: String,
    pub name: String,
    /// Archived customers are listed (marked so): an old record may be the
    /// duplicate of a new one. A group needs at least one active customer.
    pub status: CustomerStatus,
    #[ts(type = "number")]
    pub balance_fen: i64,
    /// Orders that are not drafts or cancelled.
    #[ts(type = "number")]
    pub order_count: i64,
    /// The latest of those orders' dates, `YYYY-MM-DD`.
    pub last_order_date: Option<String>,
}

/// Customers that look like one: every reason they share, then the customers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct DuplicateGroup {
    pub reasons: Vec<DuplicateMatch>,
    /// The first [`MAX_MEMBERS`], in code order.
    pub members: Vec<DuplicateMember>,
    /// How many customers the group has in all.
    #[ts(type = "number")]
    pub member_count: i64,
}

/// A page of groups: those with more reasons first, then the stronger reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct DuplicatePage {
    #[ts(type = "number")]
    pub total: i64,
    #[ts(type = "number")]
    pub offset: i64,
    pub groups: Vec<DuplicateGroup>,
}

/// Most customers listed in one group. A larger group is a shared switchboard
/// or a placeholder phone more often than one business typed in many times.
pub const MAX_MEMBERS: usize = 50;

/// Most groups on one page.
pub const MAX_PAGE: i64 = 200;

/// The key two phones share when they are one number: the digits, with a
/// country code of +86 or 0086 taken off. A landline written internationally
/// (+86 28 8666 1234) loses its trunk 0 there, so it gets it back to match the
/// domestic form (028-8666 1234); a mobile (11 digits from 1) has none.
pub fn phone_key(phone: &str) -> String {
    let digits = search::digits(phone);
    let national = if phone.trim_start().starts_with('+') {
        digits.strip_prefix("86")
    } else if let Some(rest) = digits.strip_prefix("0086") {
        Some(rest)
    } else if digits.len() == 13 && digits.starts_with("861") {
        // A mobile with the country code and no +: 8613800000000.
        digits.strip_prefix("86")
    } else {
        None
    };
    match national {
        Some(rest) if rest.is_empty() || rest.starts_with('0') => rest.to_string(),
        Some(rest) if rest.len() == 11 && rest.starts_with('1') => rest.to_string(),
        Some(rest) => format!("0{rest}"),
        None => digits,
    }
}

/// The customers a merge archived (and that are still archived), from the
/// merges' audit rows.
fn merged_away(conn: &rusqlite::Connection) -> Result<HashSet<i64>> {
    let mut stmt = conn.prepare_cached(
        "SELECT a.entity_id FROM audit_log a JOIN customers c ON c.id = a.entity_id
         WHERE a.action LIKE 'customers.merge:%' AND a.entity = 'customer'
             AND c.status = 'archived'",
    )?;
    let ids = stmt
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(ids)
}

/// The customer a merged one went into, as the merge's audit row names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct MergedInto {
    /// The customer kept, when one still holds the code the merge recorded
    /// (and was on file then); `None` when its code has since been changed.
    #[ts(type = "number | null")]
    pub id: Option<i64>,
    /// The kept customer's code as the merge recorded it.
    pub code: String,
    /// The kept customer's name now; blank when `id` is `None`.
    pub name: String,
    /// When the merge was made: its audit row's time.
    pub at: String,
}

/// The code a merge's audit row says the customer went into: the row reads
/// `customers.merge: merged C0012 into C0007: …`, and a code has no spaces or
/// colons (`customers::validate`).
fn into_code(action: &str) -> Option<&str> {
    let rest = action.strip_prefix("customers.merge: merged ")?;
    let mut words = rest.split_whitespace();
    let (_from, into, code) = (words.next()?, words.next()?, words.next()?);
    let code = code.strip_suffix(':').unwrap_or(code);
    (into == "into" && !code.is_empty()).then_some(code)
}

/// Where customer `id` went if a merge archived it: the latest merge's audit
/// row, read as [`merged_away`] reads them. `None` for a customer no merge
/// archived, or one restored since (it is told apart again).
///
/// The row records the kept customer by code, which can be changed later; the
/// customer holding that code now is named only if it was on file at the
/// merge, so a code given to a newer customer is never taken for the kept one.
///
/// The audit log has no index by entity, so this reads it through: about 55 ms
/// for a million rows, asked only when an archived customer's page opens.
pub fn merged_into(store: &Store, id: i64) -> Result<Option<MergedInto>> {
    let conn = store.conn();
    let row: Option<(String, String)> = conn
        .prepare_cached(
            "SELECT a.action, a.at FROM audit_log a JOIN customers c ON c.id = a.entity_id
             WHERE a.entity_id = ?1 AND a.action LIKE 'customers.merge:%'
                 AND a.entity = 'customer' AND c.status = 'archived'
             ORDER BY a.id DESC LIMIT 1",
        )?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let Some((action, at)) = row else {
        return Ok(None);
    };
    let Some(code) = into_code(&action) else {
        return Ok(None);
    };
    let kept: Option<(i64, String)> = conn
        .prepare_cached(
            "SELECT id, name FROM customers
             WHERE code = ?1 AND id <> ?2 AND julianday(created_at) <= julianday(?3)",
        )?
        .query_row(params![code, id, at], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let (kept_id, name) = match kept {
        Some((i, n)) => (Some(i), n),
        None => (None, String::new()),
    };
    Ok(Some(MergedInto {
        id: kept_id,
        code: code.to_string(),
        name,
        at,
    }))
}

/// Customers sharing one value, in id order, with the value as the first wrote it.
#[derive(Default)]
struct Bucket {
    value: String,
    ids: Vec<i64>,
}

fn add(map: &mut HashMap<String, Bucket>, key: String, id: i64, written: &str) {
    if key.is_empty() {
        return;
    }
    let b = map.entry(key).or_default();
    if b.ids.is_empty() {
        b.value = written.to_string();
    }
    if b.ids.last() != Some(&id) {
        b.ids.push(id);
    }
}

/// Every group, strongest first, each with its member ids in id order.
fn all_groups(conn: &rusqlite::Connection) -> Result<Vec<(Vec<DuplicateMatch>, Vec<i64>)>> {
    let merged = merged_away(conn)?;
    let mut active: HashMap<i64, bool> = HashMap::new();
    let mut names: HashMap<String, Bucket> = HashMap::new();
    let mut taxes: HashMap<String, Bucket> = HashMap::new();
    let mut phones: HashMap<String, Bucket> = HashMap::new();
    // One pass over the customers and one over the contacts, grouped here.
    // Grouping in SQL would need the normalised name and the phone key stored
    // and indexed, which is a migration. On a 200,000-customer file the first
    // page takes 0.8 s in a release build (`folio bench`), a fifth of it the two
    // scans and the rest hashing; the view is opened by hand, not per keystroke.
    let mut stmt = conn
        .prepare_cached("SELECT id, name, tax_id, status = 'active' FROM customers ORDER BY id")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        if merged.contains(&id) {
            continue;
        }
        let name: String = r.get(1)?;
        let tax: String = r.get(2)?;
        active.insert(id, r.get(3)?);
        add(&mut names, search::normalize(&name), id, &name);
        add(&mut taxes, tax.clone(), id, &tax);
    }
    let mut stmt = conn.prepare_cached(
        "SELECT customer_id, phone FROM customer_contacts WHERE phone <> ''
         ORDER BY customer_id, position",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        if !active.contains_key(&id) {
            continue;
        }
        let phone: String = r.get(1)?;
        add(&mut phones, phone_key(&phone), id, &phone);
    }

    // Groups with the same customers are one group with several reasons.
    let mut by_members: HashMap<Vec<i64>, Vec<DuplicateMatch>> = HashMap::new();
    for (reason, map) in [
        (DuplicateReason::TaxId, taxes),
        (DuplicateReason::Phone, phones),
        (DuplicateReason::Name, names),
    ] {
        for (_, b) in map {
            let any_active = b.ids.iter().any(|id| active.get(id) == Some(&true));
            if b.ids.len() < 2 || !any_active {
                continue;
            }
            by_members.entry(b.ids).or_default().push(DuplicateMatch {
                reason,
                value: b.value,
            });
        }
    }
    let mut groups: Vec<(Vec<DuplicateMatch>, Vec<i64>)> = by_members
        .into_iter()
        .map(|(ids, mut reasons)| {
            reasons.sort_by_key(|m| m.reason);
            (reasons, ids)
        })
        .collect();
    groups.sort_by(|a, b| {
        b.0.len()
            .cmp(&a.0.len())
            .then(a.0[0].reason.cmp(&b.0[0].reason))
            .then(a.1.cmp(&b.1))
    });
    Ok(groups)
}

fn member(conn: &rusqlite::Connection, id: i64) -> Result<DuplicateMember> {
    let (code, name, status): (String, String, String) = conn
        .prepare_cached("SELECT code, name, status FROM customers WHERE id = ?1")?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    let balance_fen = receivables::account_sums(conn, id)?.0;
    let (order_count, last_order_date): (i64, Option<String>) = conn
        .prepare_cached(
            "SELECT count(*), max(order_date) FROM orders
             WHERE customer_id = ?1 AND status NOT IN ('draft', 'cancelled')",
        )?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(DuplicateMember {
        id,
        code,
        name,
        status: if status == "archived" {
            CustomerStatus::Archived
        } else {
            CustomerStatus::Active
        },
        balance_fen,
        order_count,
        last_order_date,
    })
}

/// A page of the customers that look like duplicates (`limit` 1 to [`MAX_PAGE`]).
/// A customer archived by a merge is left out; other archived ones are listed,
/// marked, in groups that have an active customer to merge them into.
pub fn possible_duplicates(store: &Store, offset: i64, limit: i64) -> Result<DuplicatePage> {
    let conn = store.conn();
    let offset = offset.max(0);
    let limit = limit.clamp(1, MAX_PAGE);
    let groups = all_groups(conn)?;
    let total = groups.len() as i64;
    let mut out = Vec::new();
    for (reasons, ids) in groups
        .into_iter()
        .skip(offset as usize)
        .take(limit as usize)
    {
        let mut members = Vec::new();
        for id in ids.iter().take(MAX_MEMBERS) {
            members.push(member(conn, *id)?);
        }
        members.sort_by_key(|m| search::natural_key(&m.code));
        out.push(DuplicateGroup {
            reasons,
            members,
            member_count: ids.len() as i64,
        });
    }
    Ok(DuplicatePage {
        total,
        offset,
        groups: out,
    })
}

/// What a merge moved from one customer to the other.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
pub struct MergeReport {
    pub from_code: String,
    pub into_code: String,
    #[ts(type = "number")]
    pub orders: i64,
    #[ts(type = "number")]
    pub returns: i64,
    #[ts(type = "number")]
    pub payments: i64,
    /// Rows of the receivables ledger: orders, returns, payments, opening
    /// balances and cancellations.
    #[ts(type = "number")]
    pub ledger_entries: i64,
    #[ts(type = "number")]
    pub interactions: i64,
    #[ts(type = "number")]
    pub cases: i64,
    #[ts(type = "number")]
    pub scores: i64,
    #[ts(type = "number")]
    pub reminders: i64,
    /// Of those, the open ones a rule had made about the merged customer
    /// (overdue, dormant, a birthday…), closed: the rules look at the merged
    /// account afresh on their next run.
    #[ts(type = "number")]
    pub reminders_closed: i64,
    /// Reminders that named the merged customer in their list (a statement's).
    #[ts(type = "number")]
    pub reminder_lists: i64,
    /// Contacts copied that the customer kept did not have (by phone, or by
    /// name for a contact with no phone).
    #[ts(type = "number")]
    pub contacts: i64,
    #[ts(type = "number")]
    pub tags: i64,
    /// The merged customer's balance, now the kept one's too.
    #[ts(type = "number")]
    pub balance_moved_fen: i64,
    /// The kept customer's balance after the merge.
    #[ts(type = "number")]
    pub balance_fen: i64,
}

impl MergeReport {
    /// The sentence of the audit row and the CLI: `merged C0012 into C0007:
    /// orders 3, payments 2, …; balance moved ¥1,234.50`, naming what moved.
    pub fn sentence(&self) -> String {
        let counts = [
            (self.orders, "orders"),
            (self.returns, "returns"),
            (self.payments, "payments"),
            (self.ledger_entries, "ledger entries"),
            (self.interactions, "interactions"),
            (self.cases, "cases"),
            (self.scores, "scores"),
            (self.reminders, "reminders"),
            (self.reminder_lists, "reminder lists"),
            (self.contacts, "contacts"),
            (self.tags, "tags"),
        ];
        let moved: Vec<String> = counts
            .iter()
            .filter(|(n, _)| *n > 0)
            .map(|(n, what)| format!("{what} {n}"))
            .collect();
        let moved = if moved.is_empty() {
            "nothing to move".to_string()
        } else {
            moved.join(", ")
        };
        format!(
            "merged {} into {}: {moved}; balance moved {}",
            self.from_code,
            self.into_code,
            crate::base::money::format_fen(self.balance_moved_fen)
        )
    }
}

/// The fields of a customer a merge reads and may fill.
struct Head {
    code: String,
    name: String,
    archived: bool,
    address: String,
    region: String,
    tax_id: String,
    tags: Vec<String>,
    notes: String,
    birthday: Option<String>,
    birthday_lunar: bool,
}

fn head(tx: &Transaction, id: i64) -> Result<Head> {
    tx.query_row(
        "SELECT code, name, status, address, region, tax_id, tags, notes, birthday, birthday_lunar
         FROM customers WHERE id = ?1",
        [id],
        |r| {
            let tags: String = r.get(6)?;
            Ok(Head {
                code: r.get(0)?,
                name: r.get(1)?,
                archived: r.get::<_, String>(2)? == "archived",
                address: r.get(3)?,
                region: r.get(4)?,
                tax_id: r.get(5)?,
                tags: serde_json::from_str(&tags).unwrap_or_default(),
                notes: r.get(7)?,
                birthday: r.get(8)?,
                birthday_lunar: r.get(9)?,
            })
        },
    )
    .optional()?
    .ok_or_else(|| FolioError::NotFound {
        what: "customer",
        key: id.to_string(),
    })
}

fn contacts(tx: &Transaction, id: i64) -> Result<Vec<Contact>> {
    let mut stmt = tx.prepare_cached(
        "SELECT name, role, phone, email, wechat, coalesce(birthday, ''), birthday_lunar
         FROM customer_contacts WHERE customer_id = ?1 ORDER BY position",
    )?;
    let rows = stmt
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
    Ok(rows)
}

/// Whether two contacts are one person: the same phone, or with no phone on
/// either, the same name.
fn same_contact(a: &Contact, b: &Contact) -> bool {
    let (pa, pb) = (phone_key(&a.phone), phone_key(&b.phone));
    if !pa.is_empty() || !pb.is_empty() {
        return pa == pb;
    }
    let (na, nb) = (search::normalize(&a.name), search::normalize(&b.name));
    !na.is_empty() && na == nb
}

/// The longest notes a customer keeps (as `customers::validate` allows).
const NOTES_MAX: usize = 2000;

/// Moves everything that refers to customer `from_id` onto `into_id` and
/// archives `from_id`, in one transaction whose audit row says what moved.
///
/// - Orders (drafts too), returns, payments, receivable entries (opening
///   balances and cancellations included), interactions, cases, satisfaction
///   scores and reminders change customer; so `into`'s balance becomes the sum
///   of both and `from`'s is nothing, and what all customers owe is unchanged.
///   This is the one sanctioned re-link of posted documents: their figures,
///   numbers, dates and due dates stay as posted, only the customer they belong
///   to moves, and the audit row records it.
/// - Open reminders a rule made about `from` are closed (the rule sees the
///   merged account on its next run), then moved like the rest; a reminder
///   that listed `from` (a statement's) lists `into` instead.
/// - `from`'s contacts that `into` lacks are copied, its tags added (up to the
///   most a customer has), and its notes appended under its code; an address,
///   region, tax id or birthday `into` has blank is taken from `from`.
/// - `from` itself keeps its own fields, contacts and search keys, archived,
///   so that it can still be looked up and, by hand, told apart again.
///
/// Stock is not touched. Refused: a customer into itself, into an archived
/// one, an unknown id, or a combined account past `MAX_TURNOVER_FEN`.
pub fn merge(store: &mut Store, from_id: i64, into_id: i64) -> Result<MergeReport> {
    if from_id == into_id {
        return Err(FolioError::invalid(
            Code::MergeSame,
            "into",
            "a customer cannot be merged into itself",
        ));
    }
    store.write_described("customers.merge", "customer", |tx| {
        let report = merge_in(tx, from_id, into_id)?;
        let sentence = report.sentence();
        Ok((report, Some(from_id), sentence))
    })
}

fn merge_in(tx: &Transaction, from_id: i64, into_id: i64) -> Result<MergeReport> {
    let from = head(tx, from_id)?;
    let into = head(tx, into_id)?;
    if into.archived {
        return Err(FolioError::invalid(
            Code::MergeIntoArchived,
            "into",
            format!(
                "{} is archived: restore it first, or merge into another customer",
                into.code
            ),
        )
        .with("code", &into.code));
    }
    let (from_balance, from_turnover) = receivables::account_sums(tx, from_id)?;
    let (into_balance, into_turnover) = receivables::account_sums(tx, into_id)?;
    // Each turnover is at most MAX_TURNOVER_FEN (10^18), so their sum fits in i64.
    receivables::refuse_turnover(from_turnover + into_turnover, "into")?;

    let mut r = MergeReport {
        from_code: from.code.clone(),
        into_code: into.code.clone(),
        ..MergeReport::default()
    };
    let now = clock::stamp();
    let relink = |table: &str| -> Result<i64> {
        let n = tx.execute(
            &format!("UPDATE {table} SET customer_id = ?2 WHERE customer_id = ?1"),
            params![from_id, into_id],
        )?;
        Ok(n as i64)
    };
    r.orders = relink("orders")?;
    r.returns = relink("customer_returns")?;
    r.payments = relink("payments")?;
    r.ledger_entries = relink("receivable_entries")?;
    r.interactions = relink("interactions")?;
    r.cases = relink("cases")?;
    r.scores = relink("satisfaction")?;

    // A rule's reminder about `from` stands for `from` in its key (`C12`): it
    // is closed and marked cleared, so that it holds nothing back, and the rule
    // decides afresh about `into`.
    let why = format!("customer merged into {}", into.code);
    let open_by_rule: Vec<i64> = tx
        .prepare_cached(
            "SELECT id FROM reminders WHERE customer_id = ?1 AND rule IS NOT NULL
                 AND status IN ('open', 'snoozed') ORDER BY id",
        )?
        .query_map([from_id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for id in &open_by_rule {
        tx.execute(
            "UPDATE reminders SET status = 'closed', closed_at = ?2, updated_at = ?2,
                 cleared_at = ?2
             WHERE id = ?1",
            params![id, now],
        )?;
        crate::crm::reminders::event(tx, *id, "closed", &why)?;
    }
    tx.execute(
        "UPDATE reminders SET cleared_at = ?2 WHERE customer_id = ?1 AND rule IS NOT NULL
             AND cleared_at IS NULL",
        params![from_id, now],
    )?;
    r.reminders_closed = open_by_rule.len() as i64;
    r.reminders = relink("reminders")?;
    // A list that named both keeps `into` once.
    r.reminder_lists = tx.execute(
        "UPDATE OR IGNORE reminder_customers SET customer_id = ?2 WHERE customer_id = ?1",
        params![from_id, into_id],
    )? as i64;
    r.reminder_lists += tx.execute(
        "DELETE FROM reminder_customers WHERE customer_id = ?1",
        [from_id],
    )? as i64;

    // Contacts `into` lacks are copied after its own.
    let mut kept = contacts(tx, into_id)?;
    for c in contacts(tx, from_id)? {
        if kept.iter().any(|k| same_contact(k, &c)) {
            continue;
        }
        tx.execute(
            "INSERT INTO customer_contacts (customer_id, position, name, role, phone, email,
                 wechat, birthday, birthday_lunar)
             VALUES (?1, (SELECT coalesce(max(position), -1) + 1 FROM customer_contacts
                          WHERE customer_id = ?1), ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                into_id,
                c.name,
                c.role,
                c.phone,
                c.email,
                c.wechat,
                Some(c.birthday.as_str()).filter(|b| !b.is_empty()),
                c.birthday_lunar
            ],
        )?;
        kept.push(c);
        r.contacts += 1;
    }

    let mut tags = into.tags.clone();
    for t in &from.tags {
        if tags.len() >= crate::trade::catalog::MAX_TAGS {
            break;
        }
        if !tags.contains(t) {
            tags.push(t.clone());
            r.tags += 1;
        }
    }
    let notes = merged_notes(&into.notes, &from);
    let fill = |mine: &str, theirs: &str| {
        if mine.is_empty() {
            theirs.to_string()
        } else {
            mine.to_string()
        }
    };
    let (birthday, birthday_lunar) = match &into.birthday {
        Some(b) => (Some(b.clone()), into.birthday_lunar),
        None => (from.birthday.clone(), from.birthday_lunar),
    };
    tx.execute(
        "UPDATE customers SET address = ?2, region = ?3, tax_id = ?4, tags = ?5, notes = ?6,
             birthday = ?7, birthday_lunar = ?8, updated_at = ?9
         WHERE id = ?1",
        params![
            into_id,
            fill(&into.address, &from.address),
            fill(&into.region, &from.region),
            fill(&into.tax_id, &from.tax_id),
            serde_json::to_string(&tags).expect("tags serialise"),
            notes,
            birthday,
            birthday_lunar,
            now
        ],
    )?;
    customers::index_customer(tx, into_id, &into.code, &into.name, &kept, &tags)?;
    tx.execute(
        "UPDATE customers SET status = 'archived', updated_at = ?2 WHERE id = ?1",
        params![from_id, now],
    )?;

    // The ledger moved whole: say so, or write nothing.
    let after_into = receivables::account_sums(tx, into_id)?.0;
    let after_from = receivables::account_sums(tx, from_id)?.0;
    if after_from != 0 || Some(after_into) != into_balance.checked_add(from_balance) {
        return Err(FolioError::invalid(
            Code::LedgerMismatch,
            "into",
            format!(
                "the merge would not keep the balances: {} owed {from_balance} fen and {} {into_balance} fen",
                from.code, into.code
            ),
        ));
    }
    r.balance_moved_fen = from_balance;
    r.balance_fen = after_into;
    Ok(r)
}

/// `into`'s notes with `from`'s appended under its code and name, cut (with an
/// ellipsis) to what a customer's notes may hold; `from` keeps its own in full.
fn merged_notes(into: &str, from: &Head) -> String {
    let theirs = from.notes.trim();
    if theirs.is_empty() {
        return into.to_string();
    }
    let sep = if into.is_empty() { "" } else { "\n\n" };
    let whole = format!("{into}{sep}{} {}: {theirs}", from.code, from.name);
    if whole.chars().count() <= NOTES_MAX {
        return whole;
    }
    let mut cut: String = whole.chars().take(NOTES_MAX - 1).collect();
    cut.push('…');
    cut
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_keys_ignore_the_country_code_and_punctuation() {
        let cases = [
            ("138 0000 0000", "13800000000"),
            ("+86 138 0000 0000", "13800000000"),
            ("+86-13800000000", "13800000000"),
            ("0086 138 0000 0000", "13800000000"),
            ("8613800000000", "13800000000"),
            ("028-8666 1234", "02886661234"),
            ("+86 28 8666 1234", "02886661234"),
            ("0086 (28) 8666-1234", "02886661234"),
            ("+86 10 6512 3456", "01065123456"),
            // Not China: left as typed.
            ("+44 113 496 0000", "441134960000"),
            ("01234 567890", "01234567890"),
            // 86 at the start of a local number is not a country code.
            ("8612 3456", "86123456"),
            ("", ""),
        ];
        for (phone, key) in cases {
            assert_eq!(phone_key(phone), key, "{phone}");
        }
    }

    #[test]
    fn the_kept_code_is_read_from_the_merge_sentence() {
        let kept = MergeReport {
            from_code: "C0012".into(),
            into_code: "K-7_b".into(),
            orders: 3,
            ..MergeReport::default()
        };
        let cases = [
            (
                format!("customers.merge: {}", kept.sentence()),
                Some("K-7_b"),
            ),
            (
                "customers.merge: merged C1 into C0007: nothing to move; balance moved ¥0.00"
                    .into(),
                Some("C0007"),
            ),
            ("customers.merge: merged C1 into".into(), None),
            ("customers.merge: merged C1 onto C7: x".into(), None),
            ("customers.update".into(), None),
            ("customers.merge: merged C1 into :".into(), None),
        ];
        for (action, want) in cases {
            assert_eq!(into_code(&action), want, "{action}");
        }
    }

    #[test]
    fn notes_are_appended_under_the_code_and_cut_to_fit() {
        let from = |notes: &str| Head {
            code: "C0012".into(),
            name: "新华书店".into(),
            archived: false,
            address: String::new(),
            region: String::new(),
            tax_id: String::new(),
            tags: Vec::new(),
            notes: notes.into(),
            birthday: None,
            birthday_lunar: false,
        };
        assert_eq!(merged_notes("kept", &from("")), "kept");
        assert_eq!(merged_notes("", &from("月结")), "C0012 新华书店: 月结");
        assert_eq!(
            merged_notes("kept", &from("月结")),
            "kept\n\nC0012 新华书店: 月结"
        );
        let long = merged_notes(&"a".repeat(1990), &from(&"b".repeat(100)));
        assert_eq!(long.chars().count(), NOTES_MAX);
        assert!(long.ends_with('…'));
    }
}
