//! `folio bench`: search speed on generated data, p50 and p95 per kind of query.
//! Queries are drawn from the generated customers themselves, so each kind is
//! measured on what people really type against data that really matches.

use std::time::Instant;

use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};
use serde::Serialize;

use chrono::NaiveDate;
use folio::base::error::Result;
use folio::base::search;
use folio::crm::customers;
use folio::crm::duplicates;
use folio::store::Store;
use folio::trade::catalog;
use folio::FolioError;
use folio_sample as sample;

use crate::{print_json, Ctx};

#[derive(Debug, Clone, Serialize)]
pub struct BenchRow {
    pub kind: String,
    pub example: String,
    pub queries: usize,
    pub p50_ms: f64,
    pub p95_ms: f64,
    pub max_ms: f64,
    pub mean_hits: f64,
}

struct Sample {
    code: String,
    name: String,
    phone: String,
}

fn samples(store: &Store, n: usize, rng: &mut SmallRng) -> Result<Vec<Sample>> {
    let total: i64 =
        store
            .conn()
            .query_row("SELECT coalesce(max(id), 0) FROM customers", [], |r| {
                r.get(0)
            })?;
    let mut stmt = store.conn().prepare(
        "SELECT c.code, c.name, coalesce((SELECT phone FROM customer_contacts WHERE customer_id = c.id LIMIT 1), '')
         FROM customers c WHERE c.id = ?1",
    )?;
    let mut out = Vec::new();
    while out.len() < n && total > 0 {
        let id = rng.random_range(1..=total);
        if let Ok(s) = stmt.query_row([id], |r| {
            Ok(Sample {
                code: r.get(0)?,
                name: r.get(1)?,
                phone: r.get(2)?,
            })
        }) {
            out.push(s);
        }
    }
    Ok(out)
}

fn han_chars(s: &str) -> Vec<char> {
    s.chars()
        .filter(|c| !c.is_ascii() && c.is_alphanumeric())
        .collect()
}

fn slice(chars: &[char], start: usize, len: usize) -> Option<String> {
    (chars.len() >= start + len).then(|| chars[start..start + len].iter().collect())
}

/// Builds the query of one kind for one sample customer, when the sample has one.
fn query_for(kind: &str, s: &Sample, rng: &mut SmallRng) -> Option<String> {
    let han = han_chars(&s.name);
    if kind.contains("pinyin") && han.is_empty() {
        return None;
    }
    let digits = search::digits(&s.phone);
    match kind {
        "exact code" => Some(s.code.clone()),
        "code prefix" => Some(s.code[..s.code.len().saturating_sub(2)].to_string()),
        "pinyin initials (2)" => search::initials(&s.name)
            .first()
            .map(|k| k.chars().take(2).collect()),
        "pinyin initials (4)" => search::initials(&s.name)
            .first()
            .map(|k| k.chars().take(4).collect()),
        "full pinyin prefix" => search::full_pinyin(&s.name)
            .first()
            .map(|k| k.chars().take(7).collect()),
        "1 Chinese character" => {
            (!han.is_empty()).then(|| han[rng.random_range(0..han.len())].to_string())
        }
        "2 Chinese characters" => {
            if han.len() < 3 {
                return None;
            }
            slice(&han, rng.random_range(1..han.len() - 1), 2)
        }
        "Chinese substring (3+)" => {
            if han.len() < 5 {
                return None;
            }
            slice(&han, 2, 3)
        }
        "English word" => s.name.is_ascii().then(|| {
            s.name
                .split_whitespace()
                .last()
                .unwrap_or("")
                .to_lowercase()
        }),
        "English substring" => {
            if !s.name.is_ascii() || s.name.len() < 8 {
                return None;
            }
            Some(s.name[2..7].to_lowercase())
        }
        "phone prefix (4)" => (digits.len() >= 4).then(|| digits[..4].to_string()),
        "phone digits (middle 6)" => (digits.len() >= 9).then(|| digits[3..9].to_string()),
        "no match" => Some(format!("qqzx{}", rng.random_range(0..1000))),
        _ => None,
    }
}

pub const KINDS: &[&str] = &[
    "exact code",
    "code prefix",
    "pinyin initials (2)",
    "pinyin initials (4)",
    "full pinyin prefix",
    "1 Chinese character",
    "2 Chinese characters",
    "Chinese substring (3+)",
    "English word",
    "English substring",
    "phone prefix (4)",
    "phone digits (middle 6)",
    "no match",
];

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}

/// A row of timings, sorted here.
fn timed(kind: &str, example: &str, mut times: Vec<f64>, hits: usize) -> BenchRow {
    times.sort_by(|a, b| a.total_cmp(b));
    let n = times.len().max(1);
    BenchRow {
        kind: kind.into(),
        example: example.into(),
        queries: times.len(),
        p50_ms: percentile(&times, 0.5),
        p95_ms: percentile(&times, 0.95),
        max_ms: times.last().copied().unwrap_or(0.0),
        mean_hits: hits as f64 / n as f64,
    }
}

/// Times `search` (which returns its number of hits) over `queries`, after warming
/// the statement cache and pages once, as a running app would be.
fn measure(
    kind: &str,
    queries: &[String],
    search: impl Fn(&str) -> Result<usize>,
) -> Result<BenchRow> {
    for q in queries.iter().take(5) {
        search(q)?;
    }
    let mut times = Vec::with_capacity(queries.len());
    let mut hits = 0usize;
    for q in queries {
        let t = Instant::now();
        hits += search(q)?;
        times.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    let example = queries.first().map(String::as_str).unwrap_or_default();
    Ok(timed(kind, example, times, hits))
}

/// Runs `per_kind` searches (top `limit`) of every kind against `store`.
pub fn run(store: &Store, per_kind: usize, limit: usize, seed: u64) -> Result<Vec<BenchRow>> {
    let mut rng = SmallRng::seed_from_u64(seed);
    let pool = samples(store, per_kind * 8, &mut rng)?;
    let mut rows = Vec::new();
    for kind in KINDS {
        let mut queries = Vec::new();
        for s in &pool {
            if queries.len() >= per_kind {
                break;
            }
            if let Some(q) = query_for(kind, s, &mut rng) {
                if !q.is_empty() {
                    queries.push(q);
                }
            }
        }
        rows.push(measure(kind, &queries, |q| {
            Ok(customers::search(store, q, limit)?.len())
        })?);
    }
    // The possible duplicates' first page: a scan of the customers and one of their
    // contacts, grouped in memory (`crm::duplicates`); "hits" are the groups shown.
    let runs = vec![String::new(); 10];
    rows.push(measure("possible duplicates, 50", &runs, |_| {
        Ok(duplicates::possible_duplicates(store, 0, 50)?.groups.len())
    })?);
    Ok(rows)
}

/// Title search kinds, queries drawn from the generated titles.
pub const TITLE_KINDS: &[&str] = &[
    "ISBN scan (13 digits)",
    "ISBN hyphenated",
    "ISBN-10",
    "1 Chinese character",
    "2 Chinese characters",
    "title substring (3)",
    "pinyin initials (3)",
    "author",
    "publisher (2 characters)",
    "no match",
];

/// Runs `per_kind` title searches (top `limit`) of every kind against `store`.
pub fn run_titles(
    store: &Store,
    per_kind: usize,
    limit: usize,
    seed: u64,
) -> Result<Vec<BenchRow>> {
    let mut rng = SmallRng::seed_from_u64(seed);
    let max: i64 = store
        .conn()
        .query_row("SELECT coalesce(max(id), 0) FROM titles", [], |r| r.get(0))?;
    let mut stmt = store
        .conn()
        .prepare("SELECT isbn, title, authors, publisher FROM titles WHERE id = ?1")?;
    let mut pool = Vec::new();
    while pool.len() < per_kind * 4 && max > 0 {
        let id = rng.random_range(1..=max);
        if let Ok(row) = stmt.query_row([id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
            ))
        }) {
            pool.push(row);
        }
    }
    let mut rows = Vec::new();
    for kind in TITLE_KINDS {
        let mut queries = Vec::new();
        for (isbn, title, authors, publisher) in &pool {
            if queries.len() >= per_kind {
                break;
            }
            let han = han_chars(title);
            let q = match *kind {
                "ISBN scan (13 digits)" => Some(isbn.clone()),
                "ISBN hyphenated" => Some(format!(
                    "{}-{}-{}-{}",
                    &isbn[..3],
                    &isbn[3..4],
                    &isbn[4..12],
                    &isbn[12..]
                )),
                "ISBN-10" => folio::base::isbn::to10(isbn),
                "1 Chinese character" => {
                    (!han.is_empty()).then(|| han[rng.random_range(0..han.len())].to_string())
                }
                "2 Chinese characters" => (han.len() >= 3).then(|| han[1..3].iter().collect()),
                "title substring (3)" => (han.len() >= 4).then(|| han[1..4].iter().collect()),
                "pinyin initials (3)" => (!han.is_empty())
                    .then(|| {
                        search::initials(title)
                            .first()
                            .map(|k| k.chars().take(3).collect::<String>())
                    })
                    .flatten(),
                "author" => Some(authors.clone()),
                "publisher (2 characters)" => {
                    let p = han_chars(publisher);
                    (p.len() >= 4).then(|| p[2..4].iter().collect())
                }
                "no match" => Some(format!("qqzx{}", rng.random_range(0..1000))),
                _ => None,
            };
            if let Some(q) = q.filter(|q| !q.is_empty()) {
                queries.push(q);
            }
        }
        rows.push(measure(kind, &queries, |q| {
            Ok(catalog::search_titles(store, q, limit)?.len())
        })?);
    }
    rows.extend(stock_list_rows(store, &pool, per_kind, &mut rng)?);
    Ok(rows)
}

/// The stock list as the app asks for it: a page of 100 rows with its total count,
/// under each kind of filter.
fn stock_list_rows(
    store: &Store,
    pool: &[(String, String, String, String)],
    per_kind: usize,
    rng: &mut SmallRng,
) -> Result<Vec<BenchRow>> {
    use catalog::StockFilter;
    let total: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM titles", [], |r| r.get(0))?;
    let page = |f: StockFilter| StockFilter { limit: 100, ..f };
    let kinds: Vec<(&str, Vec<StockFilter>)> = vec![
        (
            "stock list: first page",
            vec![page(StockFilter::default()); per_kind],
        ),
        (
            "stock list: a page in the middle",
            (0..per_kind)
                .map(|_| {
                    page(StockFilter {
                        offset: rng.random_range(0..total.max(1)),
                        ..Default::default()
                    })
                })
                .collect(),
        ),
        (
            "stock list: low stock",
            vec![
                page(StockFilter {
                    low: true,
                    ..Default::default()
                });
                per_kind
            ],
        ),
        (
            "stock list: class prefix",
            (0..per_kind)
                .map(|i| {
                    page(StockFilter {
                        category: ["I2", "G6", "K", "TP3", "H3"][i % 5].into(),
                        ..Default::default()
                    })
                })
                .collect(),
        ),
        (
            "stock list: publisher + low",
            pool.iter()
                .take(per_kind)
                .map(|(_, _, _, p)| {
                    page(StockFilter {
                        publisher: p.clone(),
                        low: true,
                        ..Default::default()
                    })
                })
                .collect(),
        ),
        (
            "stock list: search text + in a class",
            pool.iter()
                .take(per_kind)
                .filter_map(|(_, title, _, _)| {
                    let han = han_chars(title);
                    (han.len() >= 2).then(|| {
                        page(StockFilter {
                            query: han[..2].iter().collect(),
                            category: "I".into(),
                            ..Default::default()
                        })
                    })
                })
                .collect(),
        ),
    ];
    let mut rows = Vec::new();
    for (kind, filters) in kinds {
        let keys: Vec<String> = (0..filters.len()).map(|i| i.to_string()).collect();
        let mut row = measure(kind, &keys, |k| {
            let f = &filters[k.parse::<usize>().unwrap_or(0)];
            Ok(catalog::stock_page(store, f)?.rows.len())
        })?;
        row.example = filters
            .first()
            .map(|f| {
                let mut parts = Vec::new();
                for (name, v) in [
                    ("q", &f.query),
                    ("class", &f.category),
                    ("publisher", &f.publisher),
                ] {
                    if !v.is_empty() {
                        parts.push(format!("{name}={v}"));
                    }
                }
                if f.low {
                    parts.push("low".into());
                }
                if f.offset > 0 {
                    parts.push(format!("offset={}", f.offset));
                }
                parts.join(" ")
            })
            .unwrap_or_default();
        rows.push(row);
    }
    Ok(rows)
}

/// Order-entry speed on whatever sales the database holds, with the floor measured
/// in the same run: a bare transaction inserting 50 rows (synchronous=FULL, as every
/// write here is). The 50-line orders it confirms stay in the database, so run it
/// on a bench file, not on the books.
pub fn run_sales(store: &mut Store, per_kind: usize, seed: u64) -> Result<Vec<BenchRow>> {
    use folio::trade::orders::{self, ConfirmOptions, OrderInput, OrderQuery};
    use folio::trade::receivables;
    let mut rng = SmallRng::seed_from_u64(seed);
    let keys: Vec<String> = (0..per_kind).map(|i| i.to_string()).collect();
    let mut rows = Vec::new();

    store.conn().execute_batch(
        "CREATE TABLE IF NOT EXISTS bench_floor (id INTEGER PRIMARY KEY, a INTEGER, b TEXT);",
    )?;
    let floor = {
        let conn = store.conn();
        measure("bare transaction, 50 rows", &keys, |_| {
            conn.execute_batch("BEGIN IMMEDIATE")?;
            {
                let mut ins =
                    conn.prepare_cached("INSERT INTO bench_floor (a, b) VALUES (?1, ?2)")?;
                for i in 0..50 {
                    ins.execute(rusqlite::params![i, "floor"])?;
                }
            }
            conn.execute_batch("COMMIT")?;
            Ok(50)
        })?
    };
    store.conn().execute_batch("DROP TABLE bench_floor;")?;
    rows.push(floor);

    // The reminder rules over the whole file, next to the floor: the first run
    // makes whatever the books call for (on a fresh bench file, a reminder for
    // most customers); the runs after it find nothing new, as on a normal day.
    let t = Instant::now();
    let first = folio::crm::rules::run(store, folio::base::clock::now())?;
    rows.push(timed(
        "rule run",
        &format!(
            "every rule, one transaction: {} made, {} closed",
            first.created.len(),
            first.closed.len()
        ),
        vec![t.elapsed().as_secs_f64() * 1000.0],
        first.created.len(),
    ));
    let mut times = Vec::new();
    let mut made = 0;
    for _ in 0..5 {
        let t = Instant::now();
        made += folio::crm::rules::run(store, folio::base::clock::now())?
            .created
            .len();
        times.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    rows.push(timed(
        "rule run, again",
        "the same day: nothing new to make",
        times,
        made,
    ));

    // What Today's screen reads: the overdue, today's and the week ahead's
    // reminders with the count, after the rules have made theirs.
    let mut times = Vec::new();
    let mut shown = 0;
    for _ in 0..10 {
        let t = Instant::now();
        let today = folio::crm::reminders::today(store)?;
        shown = today.overdue.len() + today.today.len() + today.upcoming.len();
        times.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    rows.push(timed(
        "Today's reminders",
        "overdue, due today and the week ahead, with the count",
        times,
        shown,
    ));

    // Drafts of 50 in-stock items each, made first; only confirming is timed.
    let customers: Vec<String> = store
        .conn()
        .prepare("SELECT code FROM customers WHERE status = 'active' ORDER BY random() LIMIT ?1")?
        .query_map([per_kind as i64], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let stocked: Vec<String> = store
        .conn()
        .prepare(
            "SELECT isbn || '@' || (list_price_fen / 100) || '.' || printf('%02d', list_price_fen % 100)
             FROM titles WHERE on_hand >= ?1 ORDER BY random() LIMIT 2000",
        )?
        .query_map([per_kind as i64], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    if customers.is_empty() || stocked.len() < 50 {
        return Ok(rows);
    }
    let mut drafts = Vec::new();
    for k in 0..2 * per_kind {
        let start = rng.random_range(0..stocked.len() - 50);
        let lines: Vec<String> = stocked[start..start + 50]
            .iter()
            .map(|i| format!("{i}:1"))
            .collect();
        let input = OrderInput {
            customer: customers[k % customers.len()].clone(),
            ..Default::default()
        };
        drafts.push(orders::create_from_lines(store, &input, &lines)?.id);
    }
    let opts = ConfirmOptions {
        ship_available: true,
        credit_override: "bench".into(),
    };
    let (idle, back_to_back) = drafts.split_at(per_kind);
    // As in the app: a clerk confirms an order, the app is idle for a moment, and
    // when the write-ahead log has grown it is folded back into the file. The
    // folds are timed on their own.
    store.checkpoint_if_idle(std::time::Duration::ZERO)?;
    let mut k = 0;
    let mut times = Vec::with_capacity(per_kind);
    let mut folds = Vec::new();
    for id in idle {
        let t = Instant::now();
        k += orders::confirm(store, *id, &opts)?.order.lines.len();
        times.push(t.elapsed().as_secs_f64() * 1000.0);
        let t = Instant::now();
        if store.checkpoint_if_idle(std::time::Duration::ZERO)? {
            folds.push(t.elapsed().as_secs_f64() * 1000.0);
        }
    }
    rows.push(timed(
        "confirm a 50-line order",
        "lines, stock movements, receivable: one transaction",
        times,
        k,
    ));
    rows.push(timed(
        "fold the log, when idle",
        "the checkpoints between the orders above",
        folds,
        0,
    ));
    // With no pause at all, SQLite's backstop checkpoint lands inside some commits.
    let mut k = 0;
    let mut times = Vec::with_capacity(per_kind);
    for id in back_to_back {
        let t = Instant::now();
        k += orders::confirm(store, *id, &opts)?.order.lines.len();
        times.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    rows.push(timed(
        "confirm, back to back",
        "no idle moment between orders",
        times,
        k,
    ));

    // Statements over the last year of the customers who bought the most.
    let busy: Vec<String> = store
        .conn()
        .prepare(
            "SELECT c.code FROM orders o JOIN customers c ON c.id = o.customer_id
             GROUP BY o.customer_id ORDER BY count(*) DESC LIMIT ?1",
        )?
        .query_map([per_kind as i64], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let to = folio::base::clock::today();
    let from = (to - chrono::Duration::days(365)).to_string();
    let to = to.to_string();
    let mut row = measure("statement over a year", &busy, |code| {
        Ok(receivables::statement(store, code, &from, &to)?.lines.len())
    })?;
    row.example = format!("busiest customers, {from} to {to}");
    rows.push(row);
    let mut row = measure("orders list, first page", &keys, |_| {
        Ok(orders::list(
            store,
            &OrderQuery {
                limit: 50,
                ..Default::default()
            },
        )?
        .len())
    })?;
    row.example = "50 newest".into();
    rows.push(row);
    let mut row = measure("orders list, one customer", &busy, |code| {
        Ok(orders::list(
            store,
            &OrderQuery {
                customer: code.to_string(),
                limit: 50,
                ..Default::default()
            },
        )?
        .len())
    })?;
    row.example = "50 newest of a busy customer".into();
    rows.push(row);
    Ok(rows)
}

/// How long a start takes on this file, each next to the same on an empty file
/// (the floor), measured in the same run:
/// - a CLI call: a whole `folio customers show` process, as a user's script runs it;
/// - the app's part of a window coming up: opening the file as the window does
///   (its lock, the header, the schema, the verdict beside it), the status the
///   UI asks for first, and the first page of customers. (The window itself,
///   WebKit's part, is the same on any file.)
pub fn run_start(path: &std::path::Path, runs: usize) -> Result<Vec<BenchRow>> {
    let empty =
        std::env::temp_dir().join(format!("folio-bench-empty-{}.sqlite", std::process::id()));
    drop(Store::open(&empty)?);
    let rows = start_rows(path, &empty, runs);
    folio::store::remove_with_side_files(&empty);
    rows
}

fn start_rows(
    path: &std::path::Path,
    empty: &std::path::Path,
    runs: usize,
) -> Result<Vec<BenchRow>> {
    let exe = std::env::current_exe()?;
    let cli = |db: &std::path::Path| -> Result<f64> {
        let t = Instant::now();
        std::process::Command::new(&exe)
            .arg("--db")
            .arg(db)
            .args(["customers", "show", "C0001", "--json"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()?;
        Ok(t.elapsed().as_secs_f64() * 1000.0)
    };
    let window = |db: &std::path::Path| -> Result<f64> {
        let t = Instant::now();
        let store = Store::open_with(db, folio::store::OpenMode::WINDOW)?;
        let reader = Store::open_reader(db)?;
        let status = folio::app::status(Some(&reader), "", "en", None);
        let page = customers::list(&reader, &customers::ListQuery::default())?;
        std::hint::black_box((status, page));
        drop(reader);
        drop(store);
        Ok(t.elapsed().as_secs_f64() * 1000.0)
    };
    let mut rows = Vec::new();
    for (kind, db, f) in [
        (
            "CLI call, empty file",
            empty,
            &cli as &dyn Fn(&std::path::Path) -> Result<f64>,
        ),
        ("CLI call, this file", path, &cli),
        ("window's open, empty file", empty, &window),
        ("window's open, this file", path, &window),
    ] {
        f(db)?;
        let times = (0..runs).map(|_| f(db)).collect::<Result<Vec<_>>>()?;
        rows.push(timed(
            kind,
            "customers show C0001 / open+status+first page",
            times,
            1,
        ));
    }
    Ok(rows)
}

/// One export measured: how long it took and the most memory it held.
#[derive(Debug, Clone, Serialize)]
pub struct ExportRow {
    pub kind: String,
    pub rows: u64,
    /// Wall-clock seconds.
    pub seconds: f64,
    /// CPU seconds (user and system), which the other core's load does not inflate.
    pub cpu_seconds: Option<f64>,
    pub bytes: u64,
    /// Peak resident set size of the process that did the export alone (a
    /// `folio export` or `python3` of its own, so nothing the benchmark itself
    /// holds is counted); `None` where it could not be asked.
    pub peak_rss_mb: Option<f64>,
    pub note: String,
}

/// How many order lines the export part writes (the target is set for a million).
const EXPORT_LINES: i64 = 1_000_000;

/// The shortest period from the first order on file that holds at least `lines`
/// confirmed order lines (all of them when there are fewer), found by halving.
fn ledger_period(store: &Store, lines: i64) -> Result<(NaiveDate, NaiveDate)> {
    use folio::trade::orders::count_in_period;
    let first: Option<String> = store.conn().query_row(
        "SELECT min(order_date) FROM orders WHERE status <> 'draft'",
        [],
        |r| r.get(0),
    )?;
    let last: Option<String> = store.conn().query_row(
        "SELECT max(order_date) FROM orders WHERE status <> 'draft'",
        [],
        |r| r.get(0),
    )?;
    let (Some(first), Some(last)) = (first, last) else {
        return Ok((NaiveDate::MIN, NaiveDate::MAX));
    };
    let parse = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or(NaiveDate::MIN);
    let (from, mut lo, mut hi) = (parse(&first), parse(&first), parse(&last));
    if count_in_period(store, from, hi)?.1 <= lines {
        return Ok((from, hi));
    }
    while lo < hi {
        let mid = lo + chrono::Duration::days((hi - lo).num_days() / 2);
        if count_in_period(store, from, mid)?.1 >= lines {
            hi = mid;
        } else {
            lo = mid + chrono::Duration::days(1);
        }
    }
    Ok((from, hi))
}

/// Set in a child's environment, it makes `folio` say its own peak memory on
/// stderr as it exits (`peak_rss_kb=N`). The kernel's account of a child
/// (`wait4`'s ru_maxrss) cannot be used: it counts the memory of the process
/// that started it as it was at the moment of the fork, which for the benchmark
/// is the whole bench file's worth of pages.
pub const REPORT_PEAK_RSS: &str = "FOLIO_REPORT_PEAK_RSS";

/// This process's peak resident set since it started its program (VmHWM, which
/// belongs to the program's own memory and starts afresh at exec).
pub fn own_peak_rss_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// What a child process took: wall seconds, CPU seconds and its peak RSS in MB.
struct ChildRun {
    seconds: f64,
    cpu_seconds: Option<f64>,
    peak_rss_mb: Option<f64>,
    stdout: String,
}

/// Runs `program args` to its end: the kernel says the CPU time it used
/// (`wait4`), the child its own peak memory.
fn run_child(program: &std::path::Path, args: &[&std::ffi::OsStr]) -> Result<ChildRun> {
    use std::io::Read;
    let t = Instant::now();
    let mut child = std::process::Command::new(program)
        .args(args)
        .env(REPORT_PEAK_RSS, "1")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()?;
    // Both pipes are read to their ends, stderr on a thread of its own, so that
    // neither child writer can block on a full pipe.
    let err = child.stderr.take().map(|mut e| {
        std::thread::spawn(move || {
            let mut s = String::new();
            let _ = e.read_to_string(&mut s);
            s
        })
    });
    let mut stdout = String::new();
    if let Some(mut out) = child.stdout.take() {
        out.read_to_string(&mut stdout)?;
    }
    let stderr = err.and_then(|h| h.join().ok()).unwrap_or_default();
    // What the child said of its own peak (see REPORT_PEAK_RSS); the rest of
    // its stderr goes on to ours.
    let mut peak_rss_mb = None;
    for line in stderr.lines() {
        match line.strip_prefix("peak_rss_kb=").map(str::parse::<f64>) {
            Some(Ok(kb)) => peak_rss_mb = Some(kb / 1024.0),
            _ => eprintln!("{line}"),
        }
    }
    #[cfg(unix)]
    {
        let mut status: libc::c_int = 0;
        // SAFETY: `rusage` is plain data that wait4 fills in; the pid is our own child,
        // reaped here (std's `Child` is not waited on afterwards).
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        let pid = unsafe { libc::wait4(child.id() as libc::pid_t, &mut status, 0, &mut usage) };
        let seconds = t.elapsed().as_secs_f64();
        if pid <= 0 || !libc::WIFEXITED(status) || libc::WEXITSTATUS(status) != 0 {
            return Err(FolioError::invalid(
                folio::base::error::Code::IoError,
                "",
                format!("{} did not finish cleanly", program.display()),
            ));
        }
        let tv = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
        Ok(ChildRun {
            seconds,
            cpu_seconds: Some(tv(usage.ru_utime) + tv(usage.ru_stime)),
            peak_rss_mb,
            stdout,
        })
    }
    #[cfg(not(unix))]
    {
        let status = child.wait()?;
        if !status.success() {
            return Err(FolioError::invalid(
                folio::base::error::Code::IoError,
                "",
                format!("{} did not finish cleanly", program.display()),
            ));
        }
        Ok(ChildRun {
            seconds: t.elapsed().as_secs_f64(),
            cpu_seconds: None,
            peak_rss_mb,
            stdout,
        })
    }
}

/// A million order lines of the sales ledger (or all there are): read alone in
/// this process (the floor: the SQL and the rows), then written by `folio
/// export` to CSV and to .xlsx, each a process of its own so that its peak
/// memory is its own, and then by Python's XlsxWriter in constant-memory mode
/// from that CSV, where python3 and xlsxwriter are installed.
pub fn run_export(store: &Store) -> Result<Vec<ExportRow>> {
    let dir = std::env::temp_dir().join(format!("folio-bench-export-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let result = export_rows(store, &dir);
    let _ = std::fs::remove_dir_all(&dir);
    result
}

fn export_rows(store: &Store, dir: &std::path::Path) -> Result<Vec<ExportRow>> {
    let (from, to) = ledger_period(store, EXPORT_LINES)?;
    let period = format!("{from} – {to}");
    let mut rows = Vec::new();
    let t = Instant::now();
    let mut n = 0u64;
    folio::trade::orders::each_line_in_period(store, from, to, |l| {
        std::hint::black_box(l);
        n += 1;
        Ok(())
    })?;
    rows.push(ExportRow {
        kind: "ledger, rows read only".into(),
        rows: n,
        seconds: t.elapsed().as_secs_f64(),
        cpu_seconds: None,
        bytes: 0,
        peak_rss_mb: None,
        note: period.clone(),
    });
    let exe = std::env::current_exe()?;
    let db = store.path().as_os_str().to_owned();
    let (f, t) = (from.to_string(), to.to_string());
    for (kind, name, csv) in [
        ("ledger to CSV (UTF-8)", "ledger.csv", true),
        ("ledger to .xlsx", "ledger.xlsx", false),
    ] {
        let out = dir.join(name);
        let mut args: Vec<&std::ffi::OsStr> = vec![
            "--db".as_ref(),
            db.as_os_str(),
            "export".as_ref(),
            "ledger".as_ref(),
            out.as_os_str(),
            "--from".as_ref(),
            f.as_ref(),
            "--to".as_ref(),
            t.as_ref(),
            "--lang".as_ref(),
            "zh".as_ref(),
        ];
        if csv {
            args.push("--csv".as_ref());
        }
        let run = run_child(&exe, &args)?;
        rows.push(ExportRow {
            kind: kind.into(),
            rows: n,
            seconds: run.seconds,
            cpu_seconds: run.cpu_seconds,
            bytes: std::fs::metadata(&out)?.len(),
            peak_rss_mb: run.peak_rss_mb,
            note: "folio export, a process of its own".into(),
        });
    }
    rows.push(python_row(dir, n));
    Ok(rows)
}

/// Python's XlsxWriter on the same rows, or a row that says why it was not run.
fn python_row(dir: &std::path::Path, n: u64) -> ExportRow {
    let script = dir.join("xlsxwriter_ledger.py");
    let out = dir.join("ledger-python.xlsx");
    let mut row = ExportRow {
        kind: "Python XlsxWriter".into(),
        rows: n,
        seconds: 0.0,
        cpu_seconds: None,
        bytes: 0,
        peak_rss_mb: None,
        note: String::new(),
    };
    let ran = std::fs::write(&script, include_str!("bench/xlsxwriter_ledger.py"))
        .map_err(FolioError::from)
        .and_then(|_| {
            run_child(
                std::path::Path::new("python3"),
                &[
                    script.as_os_str(),
                    dir.join("ledger.csv").as_os_str(),
                    out.as_os_str(),
                ],
            )
        });
    match ran {
        Ok(run) => {
            let said: serde_json::Value =
                serde_json::from_str(run.stdout.trim()).unwrap_or_default();
            let parse = said["parse_seconds"].as_f64().unwrap_or(0.0);
            row.seconds = run.seconds;
            row.cpu_seconds = run.cpu_seconds;
            row.peak_rss_mb = run.peak_rss_mb;
            row.bytes = std::fs::metadata(&out).map(|m| m.len()).unwrap_or(0);
            row.note = format!(
                "constant_memory, from the CSV; {:.2} s of it reading the CSV",
                parse
            );
        }
        Err(e) => row.note = format!("not run: {e} (pip install xlsxwriter)"),
    }
    row
}

/// Resets the process's peak RSS (Linux: writing 5 to clear_refs), so that VmHWM
/// afterwards says what the work in between needed.
fn reset_peak_rss() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

fn peak_rss_mb() -> Option<f64> {
    own_peak_rss_kb().map(|kb| kb as f64 / 1024.0)
}

/// Importing `n` customers from .xlsx into an empty file: the file read alone (the
/// floor: unzipping and parsing the sheet), the preview (read, matched, every row
/// checked against the core's rules and the customers on file) and the import
/// (the preview again, then one write), each timed on its own in this run. The
/// workbook is written by the export machinery, with its totals row.
pub fn run_import(n: usize) -> Result<Vec<ExportRow>> {
    use folio::base::progress::Quiet;
    use folio::exchange::imports::{self, ImportKind, ImportOptions};
    use folio::exchange::sheet::{Cell, Column, Kind, Table};
    use folio::exchange::write::{write_table, Format, Options};
    use folio::exchange::Lang;
    const COLUMNS: &[Column] = &[
        Column::new(Kind::Text, "Name", "客户名称"),
        Column::new(Kind::Code, "Phone", "电话"),
        Column::new(Kind::Text, "Region", "地区"),
        Column::new(Kind::Text, "Contact", "联系人"),
        Column::new(Kind::Discount, "Discount", "折扣"),
        Column::new(Kind::Money, "Credit limit", "信用额度"),
    ];
    let dir = std::env::temp_dir().join(format!("folio-bench-import-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let file = dir.join("customers.xlsx");
    let result = (|| -> Result<Vec<ExportRow>> {
        let table = Table {
            name_en: "Customers",
            name_zh: "客户",
            columns: COLUMNS,
            period: String::new(),
            expected: n as u64,
        };
        let regions = ["成都", "重庆", "北京", "上海", "广州", "西安"];
        write_table(
            &file,
            &table,
            n as u64,
            "",
            &Options::new(Format::Xlsx, Lang::Zh),
            &Quiet,
            |emit| {
                for i in 0..n {
                    emit(&[
                        Cell::text(format!("{}新华书店第{i}分店", regions[i % regions.len()])),
                        Cell::text(format!("138{:08}", i)),
                        Cell::text(regions[i % regions.len()]),
                        Cell::text("张伟"),
                        Cell::Int(6500),
                        Cell::Int(500_000),
                    ])?;
                }
                Ok(())
            },
        )?;
        let bytes = std::fs::metadata(&file)?.len();
        let mut rows = Vec::new();
        let measure = |kind: &str, work: &mut dyn FnMut() -> Result<u64>| -> Result<ExportRow> {
            let can_reset = reset_peak_rss();
            let t = Instant::now();
            let got = work()?;
            Ok(ExportRow {
                kind: kind.into(),
                rows: got,
                seconds: t.elapsed().as_secs_f64(),
                cpu_seconds: None,
                bytes,
                peak_rss_mb: if can_reset { peak_rss_mb() } else { None },
                note: "in this process".into(),
            })
        };
        rows.push(measure("customers .xlsx, read only", &mut || {
            Ok(folio::exchange::read::read(&file)?.rows.len() as u64)
        })?);
        let db = dir.join("import.sqlite");
        let mut store = Store::open_with(&db, folio::store::OpenMode::CREATE)?;
        let opts = ImportOptions::default();
        rows.push(measure("customers .xlsx, preview", &mut || {
            let p = imports::preview(&store, ImportKind::Customers, &file, &opts, &Quiet)?;
            Ok(u64::from(p.new))
        })?);
        rows.push(measure("customers .xlsx, import", &mut || {
            let r = imports::import(&mut store, ImportKind::Customers, &file, &opts, &Quiet)?;
            Ok(u64::from(r.imported))
        })?);
        Ok(rows)
    })();
    let _ = std::fs::remove_dir_all(&dir);
    result
}

/// `folio bench`'s flags.
#[derive(clap::Args)]
pub struct BenchArgs {
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
    /// Customer rows for the import part, from .xlsx into an empty file (0 skips it).
    #[arg(long, default_value_t = 100_000)]
    import_rows: usize,
}

/// Runs the benchmark on `--db`, or on a temporary file it removes afterwards,
/// generating sample data first when the file has none.
pub fn command(ctx: &Ctx, a: BenchArgs) -> Result<()> {
    let BenchArgs {
        customers,
        titles,
        orders,
        per_kind,
        top,
        import_rows,
    } = a;
    let tmp;
    let path = match &ctx.db {
        Some(p) => p.clone(),
        None => {
            tmp = std::env::temp_dir().join(format!("folio-bench-{}.sqlite", std::process::id()));
            tmp.clone()
        }
    };
    let mut store = Store::open(&path)?;
    let have: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM customers", [], |r| r.get(0))?;
    if have == 0 {
        let t = Instant::now();
        sample::load(&mut store, customers, titles, 42)?;
        eprintln!(
            "generated {customers} customers in {:.1} s",
            t.elapsed().as_secs_f64()
        );
    }
    let have_orders: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM orders", [], |r| r.get(0))?;
    if orders > 0 && (have_orders as usize) < orders {
        let t = Instant::now();
        let s = sample::load_sales(&mut store, orders - have_orders as usize, 42)?;
        eprintln!(
            "generated {} orders ({} lines) in {:.1} s",
            s.orders,
            s.order_lines,
            t.elapsed().as_secs_f64()
        );
    }
    let start_rows = run_start(&path, 20)?;
    let rows = run(&store, per_kind, top, 7)?;
    let title_rows = run_titles(&store, per_kind, top, 7)?;
    let sales_rows = if orders > 0 {
        run_sales(&mut store, per_kind, 7)?
    } else {
        Vec::new()
    };
    let export_rows = if orders > 0 {
        run_export(&store)?
    } else {
        Vec::new()
    };
    let import_rows = if import_rows > 0 {
        run_import(import_rows)?
    } else {
        Vec::new()
    };
    if ctx.json {
        print_json(&serde_json::json!({
            "start": start_rows, "customers": rows, "titles": title_rows, "sales": sales_rows,
            "export": export_rows, "import": import_rows
        }));
    } else {
        println!("start (each next to its floor on an empty file)");
        println!(
            "{:<26} {:>8} {:>8} {:>8}",
            "kind", "p50 ms", "p95 ms", "max ms"
        );
        for r in &start_rows {
            println!(
                "{:<26} {:>8.3} {:>8.3} {:>8.3}",
                r.kind, r.p50_ms, r.p95_ms, r.max_ms
            );
        }
        println!();
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
            println!("\norder entry, rules and receivables (the first row is the floor)");
            for r in &sales_rows {
                println!(
                    "{:<26} {:>8.3} {:>8.3} {:>8.3} {:>6.1}  {}",
                    r.kind, r.p50_ms, r.p95_ms, r.max_ms, r.mean_hits, r.example
                );
            }
        }
    }
    if !ctx.json && !export_rows.is_empty() {
        println!("\nexport of the sales ledger (the first row is the floor: reading the rows)");
        println!(
            "{:<26} {:>10} {:>8} {:>8} {:>10} {:>12}  note",
            "kind", "rows", "s", "CPU s", "MB", "peak RSS MB"
        );
        let opt = |v: Option<f64>, p: usize| v.map_or("n/a".to_string(), |m| format!("{m:.p$}"));
        for r in &export_rows {
            println!(
                "{:<26} {:>10} {:>8.2} {:>8} {:>10.1} {:>12}  {}",
                r.kind,
                r.rows,
                r.seconds,
                opt(r.cpu_seconds, 2),
                r.bytes as f64 / 1e6,
                opt(r.peak_rss_mb, 1),
                r.note
            );
        }
    }
    if !ctx.json && !import_rows.is_empty() {
        println!(
            "\nimport of customers from .xlsx into an empty file (the first row is the floor: reading the file)"
        );
        println!(
            "{:<26} {:>10} {:>8} {:>10} {:>12}",
            "kind", "rows", "s", "MB", "peak RSS MB"
        );
        for r in &import_rows {
            println!(
                "{:<26} {:>10} {:>8.2} {:>10.1} {:>12}",
                r.kind,
                r.rows,
                r.seconds,
                r.bytes as f64 / 1e6,
                r.peak_rss_mb
                    .map_or("n/a".to_string(), |m| format!("{m:.1}"))
            );
        }
    }
    if ctx.db.is_none() {
        drop(store);
        folio::store::remove_with_side_files(&path);
    }
    Ok(())
}
