//! Search keys for one search box: codes, names, pinyin and phone digits.
//!
//! Everything is normalised the same way on the way in (keys) and on the way
//! out (queries): lower case, letters and digits only. Pinyin is generated for
//! every reading of a polyphonic character (重庆 gives both `cq` and `zq`), up to
//! a cap on combinations so that a long name cannot blow up the index.

use pinyin::{ToPinyin, ToPinyinMulti};
use rusqlite::OptionalExtension;

/// What a key was made from. Stored as an integer; only used to explain ranking.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyKind {
    Code = 0,
    Name = 1,
    NameWord = 2,
    Initials = 3,
    Pinyin = 4,
    Phone = 5,
    ContactName = 6,
    Tag = 7,
}

/// Most combinations of readings indexed for one name.
const MAX_INITIALS: usize = 16;
const MAX_FULL_PINYIN: usize = 4;
/// Names longer than this (in characters) only index their first part as grams.
const MAX_GRAM_CHARS: usize = 40;

/// Lower case, letters and digits only (CJK counts as letters).
pub fn normalize(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// A sort key that orders codes the way people read them: `C999` < `C1000`.
/// Letters compare without case; each run of digits is padded to 12 places.
pub fn natural_key(code: &str) -> String {
    let mut out = String::with_capacity(code.len() + 12);
    let mut run = String::new();
    let flush = |run: &mut String, out: &mut String| {
        if !run.is_empty() {
            for _ in run.len()..12 {
                out.push('0');
            }
            out.push_str(run);
            run.clear();
        }
    };
    for c in code.chars() {
        if c.is_ascii_digit() {
            run.push(c);
        } else {
            flush(&mut run, &mut out);
            out.extend(c.to_lowercase());
        }
    }
    flush(&mut run, &mut out);
    out
}

/// A sort key that puts names in the order a Chinese reader looks for them: by
/// pinyin, syllable by syllable (两宋 "liang song" before 人间 "ren jian"), with
/// Latin letters compared without case and numbers by value (第2版 before 第10版).
/// A character with several readings takes its first.
///
/// Stored keys depend on this function: `titles.title_sort` is written with it
/// (and migration 6 computed it for existing titles through `folio_sort_key`,
/// which calls this). So a change to the order it gives must come with a new
/// migration that recomputes `title_sort = folio_sort_key(title)`; the ordered
/// table in the tests below fails first when the order changes.
pub fn sort_key(name: &str) -> String {
    let mut words: Vec<String> = Vec::new();
    let mut word = String::new();
    for (c, p) in name.chars().zip(name.to_pinyin()) {
        match p {
            Some(p) => {
                if !word.is_empty() {
                    words.push(std::mem::take(&mut word));
                }
                words.push(p.plain().to_string());
            }
            None if c.is_alphanumeric() => word.push(c),
            None => {
                if !word.is_empty() {
                    words.push(std::mem::take(&mut word));
                }
            }
        }
    }
    if !word.is_empty() {
        words.push(word);
    }
    words
        .iter()
        .map(|w| natural_key(w))
        .collect::<Vec<_>>()
        .join(" ")
}

pub fn digits(s: &str) -> String {
    s.chars().filter(char::is_ascii_digit).collect()
}

fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FFFF)
}

/// Readings of each character: pinyin without tones for Han characters, the
/// character itself (lower case) for letters and digits, nothing for the rest.
fn readings(name: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    for (c, multi) in name.chars().zip(name.to_pinyin_multi()) {
        match multi {
            Some(m) => {
                let mut rs: Vec<String> = Vec::new();
                for p in m {
                    let r = p.plain().to_string();
                    if !rs.contains(&r) {
                        rs.push(r);
                    }
                }
                if !rs.is_empty() {
                    out.push(rs);
                }
            }
            None if c.is_alphanumeric() => {
                out.push(c.to_lowercase().map(|l| l.to_string()).collect());
            }
            None => {}
        }
    }
    out
}

/// The cartesian product of per-character choices, first readings first, capped.
fn combinations(choices: &[Vec<String>], cap: usize) -> Vec<String> {
    let mut acc = vec![String::new()];
    for options in choices {
        let mut next = Vec::with_capacity((acc.len() * options.len()).min(cap));
        'outer: for prefix in &acc {
            for o in options {
                if next.len() >= cap {
                    break 'outer;
                }
                next.push(format!("{prefix}{o}"));
            }
        }
        acc = next;
    }
    acc
}

/// Pinyin initials for every reading combination: 重庆 → ["zq", "cq"].
pub fn initials(name: &str) -> Vec<String> {
    let choices: Vec<Vec<String>> = readings(name)
        .into_iter()
        .map(|rs| {
            let mut firsts: Vec<String> = Vec::new();
            for r in rs {
                let f: String = r.chars().take(1).collect();
                if !firsts.contains(&f) {
                    firsts.push(f);
                }
            }
            firsts
        })
        .collect();
    combinations(&choices, MAX_INITIALS)
}

/// Full pinyin, no spaces, for every reading combination: 银行 → ["yinxing", "yinhang"].
pub fn full_pinyin(name: &str) -> Vec<String> {
    combinations(&readings(name), MAX_FULL_PINYIN)
}

/// All search keys for a customer, deduplicated: code, name and its words and pinyin, contacts
/// and phones, and tags (so that 重点, or zhongdian, finds the customers tagged 重点).
pub fn customer_keys(
    code: &str,
    name: &str,
    contacts: &[(String, String)],
    tags: &[String],
) -> Vec<(KeyKind, String)> {
    let mut keys: Vec<(KeyKind, String)> = Vec::new();
    let mut push = |kind: KeyKind, key: String| {
        if !key.is_empty() && !keys.iter().any(|(_, k)| *k == key) {
            keys.push((kind, key));
        }
    };
    push(KeyKind::Code, normalize(code));
    push(KeyKind::Name, normalize(name));
    // Later words of a Latin name get their own key, so "leeds" finds "Waterstones Leeds".
    for word in name.split_whitespace().skip(1) {
        push(KeyKind::NameWord, normalize(word));
    }
    if name.chars().any(is_han) {
        for k in initials(name) {
            push(KeyKind::Initials, k);
        }
        for k in full_pinyin(name) {
            push(KeyKind::Pinyin, k);
        }
    }
    for (contact, phone) in contacts {
        push(KeyKind::ContactName, normalize(contact));
        if contact.chars().any(is_han) {
            for k in full_pinyin(contact).into_iter().take(2) {
                push(KeyKind::ContactName, k);
            }
        }
        push(KeyKind::Phone, digits(phone));
    }
    for k in tag_keys(tags) {
        push(KeyKind::Tag, k);
    }
    keys
}

/// The search keys of a customer's tags: each tag normalised and, for a Chinese
/// tag, its full pinyin. Migration 0007 calls it (as `folio_tag_keys`) to index
/// the tags of customers saved before tags were searchable.
pub fn tag_keys(tags: &[String]) -> Vec<String> {
    let mut keys = Vec::new();
    for tag in tags {
        keys.push(normalize(tag));
        if tag.chars().any(is_han) {
            keys.extend(full_pinyin(tag).into_iter().take(2));
        }
    }
    keys.retain(|k| !k.is_empty());
    keys
}

/// Single characters and pairs of the Han part of a name: the index that serves
/// one- and two-character queries such as 新华, which a trigram index cannot.
pub fn name_grams(name: &str) -> Vec<String> {
    let chars: Vec<char> = normalize(name).chars().take(MAX_GRAM_CHARS).collect();
    let mut grams: Vec<String> = Vec::new();
    for i in 0..chars.len() {
        if !is_han(chars[i]) {
            continue;
        }
        grams.push(chars[i].to_string());
        if i + 1 < chars.len() && is_han(chars[i + 1]) {
            grams.push(chars[i..i + 2].iter().collect());
        }
    }
    grams.sort();
    grams.dedup();
    grams
}

/// True when a (normalised) query is one or two characters with Han in it.
pub fn wants_grams(q: &str) -> bool {
    let n = q.chars().count();
    (1..=2).contains(&n) && q.chars().any(is_han)
}

/// The smallest string greater than every string that starts with `prefix`,
/// for index range scans (`key >= prefix AND key < upper`).
pub fn prefix_upper(prefix: &str) -> String {
    format!("{prefix}\u{10FFFF}")
}

/// Quotes a query for FTS5 so that it is matched as a literal substring.
pub fn fts_literal(q: &str) -> String {
    format!("\"{}\"", q.replace('"', "\"\""))
}

/// Where one kind of record keeps its search index, all pointing at `owner`:
/// `{prefix}_keys` (a row per key, with a `{prefix}_id` column) for prefix search,
/// and two full-text tables of one row per record, whose rowid is the record's id:
/// `{prefix}_text` (its keys, trigram-indexed, for substrings of three or more
/// characters) and `{prefix}_chars` (its grams, for one or two Chinese
/// characters). Migration 12 says why they are one row per record.
pub struct Index {
    pub owner: &'static str,
    pub prefix: &'static str,
}

/// A record's row in `{prefix}_text` (its keys) or `{prefix}_chars` (its grams):
/// the words joined by spaces. Keys are normalised, so a query never holds a
/// space and cannot match across two keys; each gram is a token of its own.
fn join_words<'a>(words: impl IntoIterator<Item = &'a str>) -> String {
    let mut out = String::new();
    for w in words {
        if w.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// The search rows of one record, ready to be written.
pub struct Entry {
    pub id: i64,
    pub keys: Vec<(KeyKind, String)>,
    pub text: String,
    pub chars: String,
}

impl Entry {
    pub fn new(id: i64, keys: Vec<(KeyKind, String)>, grams: &[String]) -> Entry {
        let text = join_words(keys.iter().map(|(_, k)| k.as_str()));
        let mut grams: Vec<&str> = grams.iter().map(String::as_str).collect();
        grams.sort_unstable();
        grams.dedup();
        Entry {
            id,
            keys,
            text,
            chars: join_words(grams),
        }
    }
}

/// Search rows of many records written together (an import): the keys go into
/// `{prefix}_keys` a statement's worth at a time, and the two full-text rows of
/// each record are set aside in a temporary table, then written by one statement
/// per index in [`Bulk::finish`], in the order of their ids. FTS5 writes out what it
/// holds at the start of every statement that feeds it, and whenever that grows
/// past its hash size (1 MB unless set), and merges the segments it wrote as they
/// pile up: fed by one statement, with the hash size raised for that statement, a
/// hundred thousand records make a few segments instead of hundreds, and nearly
/// nothing to merge. The hash size is put back as it was (the setting lives in the
/// index's own config table) in the same transaction, which also holds everything
/// else: a rollback takes it all.
///
/// When the records written are many beside those already indexed (the first
/// import into a new file), the index of `{prefix}_keys` by key is dropped at the
/// start and made again at the end: a key index built by one sort takes a
/// fraction of the time of a million keys put into it one by one, each at a
/// random place in a B-tree larger than SQLite's cache.
pub struct Bulk<'t> {
    tx: &'t rusqlite::Connection,
    prefix: &'static str,
    keys: Vec<(i64, i64, String)>,
    docs: Vec<(i64, String, String)>,
    /// The key index's own `CREATE INDEX`, while it is dropped.
    key_index: Option<String>,
}

/// Records of keys beyond which (per record written in bulk) the key index is
/// kept and written into rather than made again: a record has about ten keys,
/// and a sort is several times quicker than as many inserts at random places.
const REBUILD_KEYS_PER_RECORD: i64 = 20;

/// The hash size FTS5 is given while staged rows go in: what a few hundred thousand
/// records take, and a bound on the memory it holds before it writes a segment.
const STAGED_HASH_SIZE: i64 = 16 * 1024 * 1024;

/// FTS5's hash size when none is set (`FTS5_DEFAULT_HASHSIZE`).
const FTS5_HASH_SIZE: i64 = 1024 * 1024;

impl<'t> Bulk<'t> {
    /// Starts a bulk write of about `expected` records.
    pub fn start(
        tx: &'t rusqlite::Connection,
        idx: &Index,
        expected: usize,
    ) -> crate::Result<Bulk<'t>> {
        let p = idx.prefix;
        tx.execute_batch(&format!(
            "CREATE TEMP TABLE staged_{p} (id INTEGER NOT NULL, text TEXT NOT NULL,
                 chars TEXT NOT NULL)"
        ))?;
        let mut key_index = None;
        let existing: i64 =
            tx.query_row(&format!("SELECT count(*) FROM {p}_keys"), [], |r| r.get(0))?;
        if existing < (expected as i64).saturating_mul(REBUILD_KEYS_PER_RECORD) {
            let name = format!("{p}_keys_key");
            key_index = tx
                .query_row(
                    "SELECT sql FROM sqlite_schema WHERE type = 'index' AND name = ?1",
                    [&name],
                    |r| r.get::<_, String>(0),
                )
                .optional()?;
            if key_index.is_some() {
                tx.execute_batch(&format!("DROP INDEX {name}"))?;
            }
        }
        Ok(Bulk {
            tx,
            prefix: p,
            keys: Vec::new(),
            docs: Vec::new(),
            key_index,
        })
    }

    /// Adds one record's rows, writing whole statements of them as they fill.
    pub fn add(&mut self, e: Entry) -> crate::Result<()> {
        let id = e.id;
        self.keys
            .extend(e.keys.into_iter().map(|(kind, k)| (id, kind as i64, k)));
        self.docs.push((id, e.text, e.chars));
        self.write(false)
    }

    /// Writes what has been added; all of it when `all`, else whole statements.
    fn write(&mut self, all: bool) -> crate::Result<()> {
        use crate::base::rows;
        let p = self.prefix;
        rows::insert_whole(
            self.tx,
            &format!("INSERT INTO {p}_keys ({p}_id, kind, key) VALUES"),
            "(?, ?, ?)",
            &mut self.keys,
            all,
            |b, (id, kind, key)| {
                b.put(id)?;
                b.put(kind)?;
                b.put(key)
            },
        )?;
        rows::insert_whole(
            self.tx,
            &format!("INSERT INTO temp.staged_{p} (id, text, chars) VALUES"),
            "(?, ?, ?)",
            &mut self.docs,
            all,
            |b, (id, text, chars)| {
                b.put(id)?;
                b.put(text)?;
                b.put(chars)
            },
        )
    }

    /// Writes everything added, the full-text rows by one statement per index.
    pub fn finish(mut self) -> crate::Result<()> {
        self.write(true)?;
        let p = self.prefix;
        // (the index, its column, the staged column)
        for (index, column, staged) in [("text", "keys", "text"), ("chars", "grams", "chars")] {
            let table = format!("{p}_{index}");
            with_hash_size(self.tx, &table, || {
                self.tx.execute_batch(&format!(
                    "INSERT INTO {table} (rowid, {column})
                         SELECT id, {staged} FROM temp.staged_{p} WHERE {staged} <> ''
                         ORDER BY id"
                ))?;
                Ok(())
            })?;
        }
        self.tx
            .execute_batch(&format!("DROP TABLE temp.staged_{p}"))?;
        if let Some(sql) = self.key_index.take() {
            self.tx.execute_batch(&sql)?;
        }
        Ok(())
    }
}

/// Runs `f` with full-text table `table`'s hash size raised to [`STAGED_HASH_SIZE`],
/// and puts it back after; a file that had no setting is left with none (FTS5's
/// own default). Setting it again tells every connection to read the index's
/// config anew.
fn with_hash_size(
    tx: &rusqlite::Connection,
    table: &str,
    f: impl FnOnce() -> crate::Result<()>,
) -> crate::Result<()> {
    let config = format!("{table}_config");
    let was: Option<i64> = tx
        .query_row(
            &format!("SELECT v FROM {config} WHERE k = 'hashsize'"),
            [],
            |r| r.get(0),
        )
        .optional()?;
    let set = |n: i64| {
        tx.execute(
            &format!("INSERT INTO {table} ({table}, rank) VALUES ('hashsize', ?1)"),
            [n],
        )
    };
    set(STAGED_HASH_SIZE.max(was.unwrap_or(0)))?;
    f()?;
    set(was.unwrap_or(FTS5_HASH_SIZE))?;
    if was.is_none() {
        tx.execute(&format!("DELETE FROM {config} WHERE k = 'hashsize'"), [])?;
    }
    Ok(())
}

/// Records' search rows set aside by [`write_index`] while a [`Deferred`] is alive.
struct Pending {
    prefix: &'static str,
    entries: Vec<Entry>,
}

thread_local! {
    static DEFERRED: std::cell::RefCell<Option<Pending>> = const { std::cell::RefCell::new(None) };
}

/// Records updated in bulk (an import with update): while this is alive,
/// [`write_index`] on this thread takes the old rows of a record of `idx` away at
/// once but keeps its new ones in memory, and [`Deferred::flush`] hands them to a
/// [`Bulk`], which [`Deferred::finish`] finishes. Everything is written in the
/// caller's transaction, so a rollback takes it too.
pub struct Deferred<'t> {
    bulk: Option<Bulk<'t>>,
}

impl<'t> Deferred<'t> {
    /// Starts setting aside the rows of about `expected` records.
    pub fn start(
        tx: &'t rusqlite::Connection,
        idx: &Index,
        expected: usize,
    ) -> crate::Result<Deferred<'t>> {
        let bulk = Bulk::start(tx, idx, expected)?;
        DEFERRED.with(|d| {
            *d.borrow_mut() = Some(Pending {
                prefix: idx.prefix,
                entries: Vec::new(),
            })
        });
        Ok(Deferred { bulk: Some(bulk) })
    }

    /// Writes (or stages) the rows set aside so far.
    pub fn flush(&mut self) -> crate::Result<()> {
        let entries = DEFERRED.with(|d| match d.borrow_mut().as_mut() {
            Some(p) => std::mem::take(&mut p.entries),
            None => Vec::new(),
        });
        if let Some(bulk) = self.bulk.as_mut() {
            for e in entries {
                bulk.add(e)?;
            }
        }
        Ok(())
    }

    /// Writes what is left and stops setting rows aside.
    pub fn finish(mut self) -> crate::Result<()> {
        self.flush()?;
        DEFERRED.with(|d| *d.borrow_mut() = None);
        match self.bulk.take() {
            Some(bulk) => bulk.finish(),
            None => Ok(()),
        }
    }
}

impl Drop for Deferred<'_> {
    fn drop(&mut self) {
        DEFERRED.with(|d| *d.borrow_mut() = None);
    }
}

/// Replaces the search rows of record `id`.
pub fn write_index(
    tx: &rusqlite::Transaction,
    idx: &Index,
    id: i64,
    keys: &[(KeyKind, String)],
    grams: &[String],
) -> crate::Result<()> {
    let p = idx.prefix;
    let had = tx
        .prepare_cached(&format!("DELETE FROM {p}_keys WHERE {p}_id = ?1"))?
        .execute([id])?;
    // A record with no keys was never indexed (every record has a code or an
    // ISBN), so a new one costs no deletes in the full-text tables.
    if had > 0 {
        for table in ["text", "chars"] {
            tx.prepare_cached(&format!("DELETE FROM {p}_{table} WHERE rowid = ?1"))?
                .execute([id])?;
        }
    }
    let entry = Entry::new(id, keys.to_vec(), grams);
    // In a bulk write the rows are kept for `Deferred::flush`.
    let entry = DEFERRED.with(|d| match d.borrow_mut().as_mut() {
        Some(pending) if pending.prefix == p => {
            pending.entries.push(entry);
            None
        }
        _ => Some(entry),
    });
    let Some(e) = entry else {
        return Ok(());
    };
    let mut key = tx.prepare_cached(&format!(
        "INSERT INTO {p}_keys ({p}_id, kind, key) VALUES (?1, ?2, ?3)"
    ))?;
    for (kind, k) in &e.keys {
        key.execute(rusqlite::params![id, *kind as i64, k])?;
    }
    if !e.text.is_empty() {
        tx.prepare_cached(&format!(
            "INSERT INTO {p}_text (rowid, keys) VALUES (?1, ?2)"
        ))?
        .execute(rusqlite::params![id, e.text])?;
    }
    if !e.chars.is_empty() {
        tx.prepare_cached(&format!(
            "INSERT INTO {p}_chars (rowid, grams) VALUES (?1, ?2)"
        ))?
        .execute(rusqlite::params![id, e.chars])?;
    }
    Ok(())
}

/// Ranked ids for what was typed in a search box: an exact match first (a code, an
/// ISBN: `exact` is a query selecting `o.id` with `?1`, and whether a hit there is
/// the whole answer, as a scanned ISBN is), then a prefix of any key in
/// key order, then a substring (trigram index for three or more characters, the gram
/// table for one or two Chinese characters). `filter` is extra SQL on the owner row
/// `o`, such as `AND o.status = 'active'`.
///
/// Each step walks its index and stops as soon as `limit` distinct records are
/// found, which keeps short, common queries fast on hundreds of thousands of rows.
/// The owner is looked up only after the index (CROSS JOIN fixes that order): left
/// to itself, the planner would rather walk every owner row, which is 200,000
/// probes for a one-letter query.
pub fn ranked_ids(
    conn: &rusqlite::Connection,
    idx: &Index,
    exact: Option<(&str, String, bool)>,
    query: &str,
    filter: &str,
    limit: usize,
) -> crate::Result<Vec<i64>> {
    let q = normalize(query);
    if q.is_empty() || limit == 0 {
        return Ok(Vec::new());
    }
    let (owner, p) = (idx.owner, idx.prefix);
    let mut found: Vec<i64> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    // Adds what one query finds and says how many records have been found so far.
    let mut take = |sql: &str, params: &[&dyn rusqlite::ToSql]| -> crate::Result<usize> {
        let mut stmt = conn.prepare_cached(sql)?;
        let mut rows = stmt.query(params)?;
        while let Some(r) = rows.next()? {
            let id: i64 = r.get(0)?;
            if seen.insert(id) {
                found.push(id);
                if found.len() >= limit {
                    break;
                }
            }
        }
        Ok(found.len())
    };
    if let Some((sql, value, conclusive)) = exact {
        let n = take(sql, &[&value])?;
        if n >= limit || (conclusive && n > 0) {
            return Ok(found);
        }
    }
    let prefix_sql = format!(
        "SELECT k.{p}_id FROM {p}_keys k CROSS JOIN {owner} o ON o.id = k.{p}_id
         WHERE k.key >= ?1 AND k.key < ?2 {filter} ORDER BY k.key"
    );
    if take(&prefix_sql, &[&q, &prefix_upper(&q)])? >= limit {
        return Ok(found);
    }
    if wants_grams(&q) {
        let sql = format!(
            "SELECT g.rowid FROM {p}_chars g CROSS JOIN {owner} o ON o.id = g.rowid
             WHERE {p}_chars MATCH ?1 {filter}"
        );
        take(&sql, &[&fts_literal(&q)])?;
    } else if q.chars().count() >= 3 {
        let sql = format!(
            "SELECT f.rowid FROM {p}_text f CROSS JOIN {owner} o ON o.id = f.rowid
             WHERE {p}_text MATCH ?1 {filter}"
        );
        take(&sql, &[&fts_literal(&q)])?;
    }
    Ok(found)
}

/// Search keys for a title: ISBN-13 and ISBN-10, title, pinyin of the title,
/// each author (and the pinyin of a Chinese name), publisher and its initials,
/// and the 中图法 class.
pub fn title_keys(
    isbn: &str,
    title: &str,
    authors: &str,
    publisher: &str,
    category: &str,
) -> Vec<(KeyKind, String)> {
    let mut keys: Vec<(KeyKind, String)> = Vec::new();
    let mut push = |kind: KeyKind, key: String| {
        if !key.is_empty() && !keys.iter().any(|(_, k)| *k == key) {
            keys.push((kind, key));
        }
    };
    push(KeyKind::Code, isbn.to_string());
    if let Some(ten) = crate::base::isbn::to10(isbn) {
        push(KeyKind::Code, normalize(&ten));
    }
    push(KeyKind::Name, normalize(title));
    for word in title.split_whitespace().skip(1) {
        push(KeyKind::NameWord, normalize(word));
    }
    if title.chars().any(is_han) {
        for k in initials(title).into_iter().take(4) {
            push(KeyKind::Initials, k);
        }
        for k in full_pinyin(title).into_iter().take(2) {
            push(KeyKind::Pinyin, k);
        }
    }
    for a in authors.split([',', '，', '、', '/', ';']) {
        push(KeyKind::ContactName, normalize(a));
        if a.chars().any(is_han) {
            if let Some(k) = full_pinyin(a).into_iter().next() {
                push(KeyKind::ContactName, k);
            }
        }
    }
    push(KeyKind::NameWord, normalize(publisher));
    if publisher.chars().any(is_han) {
        if let Some(k) = initials(publisher).into_iter().next() {
            push(KeyKind::Initials, k);
        }
    }
    push(KeyKind::NameWord, normalize(category));
    keys
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sort_keys_order_names_by_pinyin_then_number() {
        // Each name sorts before the next.
        let ordered = [
            "3D打印入门",
            "Harry Potter",
            "harry potter 2",
            "两宋风雅",
            "两宋名家",
            "人间词话",
            "人间值得",
            "写作阅读（第2版）",
            "写作阅读（第10版）",
            "作文",
        ];
        for pair in ordered.windows(2) {
            assert!(
                sort_key(pair[0]) < sort_key(pair[1]),
                "{} ({}) before {} ({})",
                pair[0],
                sort_key(pair[0]),
                pair[1],
                sort_key(pair[1])
            );
        }
        assert_eq!(sort_key("两宋"), "liang song");
        assert_eq!(sort_key("ABC书店"), "abc shu dian");
    }

    #[test]
    fn initials_cover_every_reading() {
        let cases: &[(&str, &str)] = &[
            ("新华书店", "xhsd"),
            ("重庆", "cq"),
            ("重庆", "zq"),
            ("银行", "yh"),
            ("银行", "yx"),
            ("长沙", "cs"),
            ("长沙", "zs"),
            ("ABC书店", "abcsd"),
        ];
        for (name, want) in cases {
            let got = initials(name);
            assert!(
                got.iter().any(|k| k == want),
                "{name}: {got:?} lacks {want}"
            );
        }
    }

    #[test]
    fn full_pinyin_has_no_tones_or_spaces() {
        assert!(full_pinyin("新华书店").contains(&"xinhuashudian".to_string()));
        assert!(full_pinyin("银行").contains(&"yinhang".to_string()));
    }

    #[test]
    fn combinations_are_capped() {
        // A long name of polyphonic characters must not explode.
        let name = "重行长重行长重行长重行长重行长";
        assert!(initials(name).len() <= MAX_INITIALS);
        assert!(full_pinyin(name).len() <= MAX_FULL_PINYIN);
    }

    #[test]
    fn grams_are_han_only() {
        let g = name_grams("成都新华书店 Ltd");
        assert!(g.contains(&"新华".to_string()));
        assert!(g.contains(&"新".to_string()));
        assert!(!g.iter().any(|x| x.contains('l')));
        assert!(name_grams("Waterstones").is_empty());
    }

    #[test]
    fn natural_order_of_codes() {
        let mut codes = vec![
            "C10000", "C0999", "c1000", "C9999", "UK-2", "UK-10", "C0001",
        ];
        codes.sort_by_key(|c| natural_key(c));
        assert_eq!(
            codes,
            ["C0001", "C0999", "c1000", "C9999", "C10000", "UK-2", "UK-10"]
        );
    }

    #[test]
    fn normalisation() {
        assert_eq!(normalize(" Waterstones, Leeds "), "waterstonesleeds");
        assert_eq!(digits("138-0013 8000"), "13800138000");
        assert!(wants_grams("新华"));
        assert!(!wants_grams("xh"));
        assert!(!wants_grams("新华书"));
    }
}
