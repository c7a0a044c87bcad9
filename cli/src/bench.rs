//! `folio bench`: search speed on generated data, p50 and p95 per kind of query.
//! Queries are drawn from the generated customers themselves, so each kind is
//! measured on what people really type against data that really matches.

use std::time::Instant;

use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};
use serde::Serialize;

use folio::base::error::Result;
use folio::base::search;
use folio::crm::customers;
use folio::crm::duplicates;
use folio::store::Store;
use folio::trade::catalog;
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

/// One export measured: how long it took and the most memory the process held meanwhile.
#[derive(Debug, Clone, Serialize)]
pub struct ExportRow {
    pub kind: String,
    pub rows: u64,
    pub seconds: f64,
    pub bytes: u64,
    /// Peak resident set size during this export (VmHWM, reset before it through
    /// /proc/self/clear_refs); `None` where Linux's /proc is not there to ask.
    pub peak_rss_mb: Option<f64>,
}

/// Resets the process's peak RSS (Linux: writing 5 to clear_refs), so that VmHWM
/// afterwards says what the work in between needed.
fn reset_peak_rss() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

/// The whole sales ledger (every confirmed order line on the file) read alone (the
/// floor: the SQL and the rows), written to CSV, and written to .xlsx in constant
/// memory, one after the other in this run, into a temporary folder removed after.
pub fn run_export(store: &Store) -> Result<Vec<ExportRow>> {
    use folio::base::progress::Quiet;
    use folio::exchange::exports::Period;
    use folio::exchange::{export, Encoding, Export, Format, Lang, Options};
    let dir = std::env::temp_dir().join(format!("folio-bench-export-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let mut rows = Vec::new();
    let measure = |kind: &str, work: &mut dyn FnMut() -> Result<(u64, u64)>| -> Result<ExportRow> {
        let can_reset = reset_peak_rss();
        let t = Instant::now();
        let (n, bytes) = work()?;
        Ok(ExportRow {
            kind: kind.into(),
            rows: n,
            seconds: t.elapsed().as_secs_f64(),
            bytes,
            peak_rss_mb: if can_reset { peak_rss_mb() } else { None },
        })
    };
    let result = (|| -> Result<()> {
        rows.push(measure("ledger, rows read only", &mut || {
            let mut n = 0u64;
            folio::trade::orders::each_line_in_period(
                store,
                chrono::NaiveDate::from_ymd_opt(1, 1, 1).expect("a date"),
                chrono::NaiveDate::from_ymd_opt(9999, 12, 31).expect("a date"),
                |l| {
                    std::hint::black_box(l);
                    n += 1;
                    Ok(())
                },
            )?;
            Ok((n, 0))
        })?);
        for (kind, name, format) in [
            (
                "ledger to CSV (UTF-8)",
                "ledger.csv",
                Format::Csv(Encoding::Utf8Bom),
            ),
            ("ledger to .xlsx", "ledger.xlsx", Format::Xlsx),
        ] {
            let path = dir.join(name);
            rows.push(measure(kind, &mut || {
                let done = export(
                    store,
                    &Export::Ledger(Period::default()),
                    &path,
                    &Options::new(format, Lang::Zh),
                    &Quiet,
                )?;
                Ok((done.rows, std::fs::metadata(&path)?.len()))
            })?);
        }
        Ok(())
    })();
    let _ = std::fs::remove_dir_all(&dir);
    result?;
    Ok(rows)
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
    if ctx.json {
        print_json(&serde_json::json!({
            "start": start_rows, "customers": rows, "titles": title_rows, "sales": sales_rows,
            "export": export_rows
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
            "{:<26} {:>10} {:>8} {:>10} {:>12}",
            "kind", "rows", "s", "MB", "peak RSS MB"
        );
        for r in &export_rows {
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
