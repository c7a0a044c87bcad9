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

/// Where one kind of record keeps its search index: `{prefix}_keys` (with a
/// `{prefix}_id` column), its trigram table `{prefix}_keys_fts`, and `{prefix}_grams`,
/// all pointing at `owner`.
pub struct Index {
    pub owner: &'static str,
    pub prefix: &'static str,
}

/// Keys and grams set aside by [`write_index`] while a [`Deferred`] is alive.
struct Pending {
    prefix: &'static str,
    keys: Vec<(i64, i64, String)>,
    grams: Vec<(String, i64)>,
}

thread_local! {
    static DEFERRED: std::cell::RefCell<Option<Pending>> = const { std::cell::RefCell::new(None) };
}

/// Rows per statement when set-aside keys and grams are written.
const ROWS_PER_INSERT: usize = 200;

/// Keys written in bulk (an import): while this is alive, [`write_index`] on
/// this thread keeps the keys and grams of `idx` in memory, and
/// [`Deferred::flush`] writes them a few hundred rows per statement. The
/// trigram index is fed by a trigger on the keys table, and FTS5 writes out a
/// segment at the end of every statement that fed it: a statement per key made
/// a segment per key (and the merges of all of them). Everything is written in
/// the caller's transaction, so a rollback takes it too.
pub struct Deferred {
    prefix: &'static str,
}

impl Deferred {
    pub fn start(idx: &Index) -> Deferred {
        DEFERRED.with(|d| {
            *d.borrow_mut() = Some(Pending {
                prefix: idx.prefix,
                keys: Vec::new(),
                grams: Vec::new(),
            })
        });
        Deferred { prefix: idx.prefix }
    }

    /// Writes the keys and grams set aside so far.
    pub fn flush(&self, tx: &rusqlite::Transaction) -> crate::Result<()> {
        let (keys, grams) = DEFERRED.with(|d| match d.borrow_mut().as_mut() {
            Some(p) => (std::mem::take(&mut p.keys), std::mem::take(&mut p.grams)),
            None => (Vec::new(), Vec::new()),
        });
        let p = self.prefix;
        for chunk in keys.chunks(ROWS_PER_INSERT) {
            let sql = format!(
                "INSERT INTO {p}_keys ({p}_id, kind, key) VALUES {}",
                vec!["(?, ?, ?)"; chunk.len()].join(", ")
            );
            let args: Vec<&dyn rusqlite::ToSql> = chunk
                .iter()
                .flat_map(|(id, kind, key)| {
                    [
                        id as &dyn rusqlite::ToSql,
                        kind as &dyn rusqlite::ToSql,
                        key,
                    ]
                })
                .collect();
            tx.prepare_cached(&sql)?.execute(args.as_slice())?;
        }
        for chunk in grams.chunks(ROWS_PER_INSERT) {
            let sql = format!(
                "INSERT OR IGNORE INTO {p}_grams (gram, {p}_id) VALUES {}",
                vec!["(?, ?)"; chunk.len()].join(", ")
            );
            let args: Vec<&dyn rusqlite::ToSql> = chunk
                .iter()
                .flat_map(|(g, id)| [g as &dyn rusqlite::ToSql, id as &dyn rusqlite::ToSql])
                .collect();
            tx.prepare_cached(&sql)?.execute(args.as_slice())?;
        }
        Ok(())
    }

    /// Writes what is left and stops setting keys aside.
    pub fn finish(self, tx: &rusqlite::Transaction) -> crate::Result<()> {
        self.flush(tx)
    }
}

impl Drop for Deferred {
    fn drop(&mut self) {
        DEFERRED.with(|d| *d.borrow_mut() = None);
    }
}

/// Search keys of many new records (an import) set aside in a temporary table and
/// then written by one statement, so that the trigram index is fed once: FTS5 writes
/// out what it holds at the start of every statement that feeds it, and whenever that
/// grows past its hash size (1 MB unless set), and merges the segments it wrote as
/// they pile up. Fed by one statement, with the hash size raised for that statement,
/// a hundred thousand customers' keys make a few segments instead of hundreds, and
/// nearly nothing to merge. The hash size is put back as it was (the setting lives in
/// the index's own config table) in the same transaction, which also holds everything
/// else: a rollback takes it all.
pub struct KeyStage<'t> {
    tx: &'t rusqlite::Connection,
    prefix: &'static str,
}

/// The hash size FTS5 is given while staged keys go in: what a few hundred thousand
/// keys take, and a bound on the memory it holds before it writes a segment.
const STAGED_HASH_SIZE: i64 = 16 * 1024 * 1024;

impl<'t> KeyStage<'t> {
    pub fn start(tx: &'t rusqlite::Transaction<'_>, idx: &Index) -> crate::Result<KeyStage<'t>> {
        let p = idx.prefix;
        tx.execute_batch(&format!(
            "CREATE TEMP TABLE staged_{p}_keys ({p}_id INTEGER NOT NULL, kind INTEGER NOT NULL,
                 key TEXT NOT NULL)"
        ))?;
        Ok(KeyStage { tx, prefix: p })
    }

    /// Sets `keys` (record id, [`KeyKind`] as a number, key) aside, in order.
    pub fn add(&self, keys: &[(i64, i64, String)]) -> crate::Result<()> {
        let p = self.prefix;
        crate::base::rows::insert(
            self.tx,
            &format!("INSERT INTO temp.staged_{p}_keys ({p}_id, kind, key) VALUES"),
            "(?, ?, ?)",
            keys,
            |b, (id, kind, key)| {
                b.put(id)?;
                b.put(kind)?;
                b.put(key)
            },
        )
    }

    /// Writes every key set aside, in the order they were added.
    pub fn finish(self) -> crate::Result<()> {
        let p = self.prefix;
        let tx = self.tx;
        let config = format!("{p}_keys_fts_config");
        let was: Option<i64> = tx
            .query_row(
                &format!("SELECT v FROM {config} WHERE k = 'hashsize'"),
                [],
                |r| r.get(0),
            )
            .optional()?;
        let set = |n: i64| {
            tx.execute(
                &format!("INSERT INTO {p}_keys_fts ({p}_keys_fts, rank) VALUES ('hashsize', ?1)"),
                [n],
            )
        };
        set(STAGED_HASH_SIZE.max(was.unwrap_or(0)))?;
        tx.execute_batch(&format!(
            "INSERT INTO {p}_keys ({p}_id, kind, key)
                 SELECT {p}_id, kind, key FROM temp.staged_{p}_keys ORDER BY rowid;
             DROP TABLE temp.staged_{p}_keys;"
        ))?;
        // Setting it again tells every connection to read the index's config anew;
        // a file that had no setting is left with none (FTS5's own default).
        set(was.unwrap_or(FTS5_HASH_SIZE))?;
        if was.is_none() {
            tx.execute(&format!("DELETE FROM {config} WHERE k = 'hashsize'"), [])?;
        }
        Ok(())
    }
}

/// FTS5's hash size when none is set (`FTS5_DEFAULT_HASHSIZE`).
const FTS5_HASH_SIZE: i64 = 1024 * 1024;

/// Replaces the search keys and grams of record `id`.
pub fn write_index(
    tx: &rusqlite::Transaction,
    idx: &Index,
    id: i64,
    keys: &[(KeyKind, String)],
    grams: &[String],
) -> crate::Result<()> {
    let p = idx.prefix;
    tx.prepare_cached(&format!("DELETE FROM {p}_keys WHERE {p}_id = ?1"))?
        .execute([id])?;
    tx.prepare_cached(&format!("DELETE FROM {p}_grams WHERE {p}_id = ?1"))?
        .execute([id])?;
    // In a bulk write the rows are kept for `Deferred::flush`.
    let kept = DEFERRED.with(|d| match d.borrow_mut().as_mut() {
        Some(pending) if pending.prefix == p => {
            pending
                .keys
                .extend(keys.iter().map(|(kind, k)| (id, *kind as i64, k.clone())));
            pending.grams.extend(grams.iter().map(|g| (g.clone(), id)));
            true
        }
        _ => false,
    });
    if kept {
        return Ok(());
    }
    let mut key = tx.prepare_cached(&format!(
        "INSERT INTO {p}_keys ({p}_id, kind, key) VALUES (?1, ?2, ?3)"
    ))?;
    for (kind, k) in keys {
        key.execute(rusqlite::params![id, *kind as i64, k])?;
    }
    let mut gram = tx.prepare_cached(&format!(
        "INSERT OR IGNORE INTO {p}_grams (gram, {p}_id) VALUES (?1, ?2)"
    ))?;
    for g in grams {
        gram.execute(rusqlite::params![g, id])?;
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
            "SELECT g.{p}_id FROM {p}_grams g CROSS JOIN {owner} o ON o.id = g.{p}_id
             WHERE g.gram = ?1 {filter}"
        );
        take(&sql, &[&q])?;
    } else if q.chars().count() >= 3 {
        let sql = format!(
            "SELECT k.{p}_id FROM {p}_keys_fts f
             CROSS JOIN {p}_keys k ON k.id = f.rowid
             CROSS JOIN {owner} o ON o.id = k.{p}_id
             WHERE {p}_keys_fts MATCH ?1 {filter}"
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
