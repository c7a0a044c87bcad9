//! Exports to .xlsx and CSV, checked by an independent reader: Python's openpyxl
//! opens each workbook (tests/exchange/read_xlsx.py) and the test reads what it saw.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Once;

use folio::base::progress::{Progress, Quiet};
use folio::crm::customers::{self, CustomerInput};
use folio::exchange::exports::Period;
use folio::exchange::{export, Encoding, Export, Format, Lang, Options};
use folio::trade::company::{self, Company};
use folio::trade::{orders, receivables, stock};
use folio::Store;
use serde_json::Value;

mod common;

/// Formula-injection payloads, as customer names.
const PAYLOADS: [&str; 4] = ["=HYPERLINK(\"http://x\",\"y\")", "+1", "-2+3", "@SUM(A1)"];

static OPENPYXL: Once = Once::new();

/// Makes sure openpyxl can be imported, installing it with pip when it cannot.
fn ensure_openpyxl() {
    OPENPYXL.call_once(|| {
        let ok = |args: &[&str]| {
            Command::new("python3")
                .args(args)
                .status()
                .map(|s| s.success())
                .unwrap_or(false)
        };
        if !ok(&["-c", "import openpyxl"]) {
            assert!(
                ok(&["-m", "pip", "install", "--quiet", "openpyxl"])
                    || ok(&[
                        "-m",
                        "pip",
                        "install",
                        "--quiet",
                        "--break-system-packages",
                        "openpyxl"
                    ]),
                "could not install openpyxl"
            );
        }
    });
}

/// What openpyxl sees in the workbook at `path`.
fn read_xlsx(path: &Path) -> Value {
    ensure_openpyxl();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/exchange/read_xlsx.py");
    let out = Command::new("python3")
        .arg(script)
        .arg(path)
        .output()
        .expect("run python3");
    assert!(
        out.status.success(),
        "openpyxl could not read {}: {}",
        path.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// A sample year of trade, a company name, and customers named like formulas.
fn sample() -> (Store, folio::base::clock::Pinned) {
    let now = common::pin("2026-11-23T10:00:00+08:00");
    let mut store = Store::open_in_memory().unwrap();
    folio_sample::load(&mut store, 120, 80, 7).unwrap();
    folio_sample::load_sales(&mut store, 250, 7).unwrap();
    company::set(
        &mut store,
        &Company {
            name: "成都书香图书发行有限公司".into(),
            ..Default::default()
        },
    )
    .unwrap();
    for name in PAYLOADS {
        customers::create(
            &mut store,
            &CustomerInput {
                name: name.into(),
                region: "-成都".into(),
                ..Default::default()
            },
        )
        .unwrap();
    }
    (store, now)
}

fn xlsx(lang: Lang) -> Options {
    Options::new(Format::Xlsx, lang)
}

fn all() -> Period {
    Period::default()
}

fn sheet(book: &Value) -> &Value {
    &book["sheets"][0]
}

fn rows(book: &Value) -> &Vec<Value> {
    sheet(book)["rows"].as_array().unwrap()
}

/// The header's column index of `name`.
fn col(book: &Value, name: &str) -> usize {
    rows(book)[0]
        .as_array()
        .unwrap()
        .iter()
        .position(|c| c["v"] == name)
        .unwrap_or_else(|| panic!("no column {name}"))
}

/// Column `c` of the data rows (not the header, not the totals row).
fn column(book: &Value, c: usize) -> Vec<&Value> {
    let rs = rows(book);
    rs[1..rs.len() - 1].iter().map(|r| &r[c]).collect()
}

fn yuan_sum(cells: &[&Value]) -> i64 {
    cells
        .iter()
        .filter_map(|c| c["v"].as_f64())
        .map(|v| (v * 100.0).round() as i64)
        .sum()
}

struct Case {
    what: Export,
    lang: Lang,
    sheet: &'static str,
    /// Headers that must be there, with the number format of their data cells
    /// ("text" for a string cell, "date" for a date).
    columns: &'static [(&'static str, &'static str)],
    /// Headers the totals row adds up with SUBTOTAL(109, …).
    totals: &'static [&'static str],
}

#[test]
fn every_export_is_a_proper_workbook() {
    let (store, _now) = sample();
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        Case {
            what: Export::Customers,
            lang: Lang::Zh,
            sheet: "客户",
            columns: &[
                ("客户编号", "text"),
                ("客户名称", "text"),
                ("电话", "text"),
                ("折扣", "0.0%"),
                ("余额", "#,##0.00"),
            ],
            totals: &["余额"],
        },
        Case {
            what: Export::Customers,
            lang: Lang::En,
            sheet: "Customers",
            columns: &[("Code", "text"), ("Name", "text"), ("Balance", "#,##0.00")],
            totals: &["Balance"],
        },
        Case {
            what: Export::Orders(all()),
            lang: Lang::Zh,
            sheet: "销售单",
            columns: &[
                ("单号", "text"),
                ("日期", "date"),
                ("册数", "#,##0"),
                ("码洋", "#,##0.00"),
                ("实洋", "#,##0.00"),
                ("平均折扣", "0.0%"),
            ],
            totals: &["品种数", "册数", "码洋", "实洋"],
        },
        Case {
            what: Export::Ledger(all()),
            lang: Lang::Zh,
            sheet: "销售明细",
            columns: &[
                ("日期", "date"),
                ("ISBN", "text"),
                ("书名", "text"),
                ("定价", "#,##0.00"),
                ("册数", "#,##0"),
                ("折扣", "0.0%"),
                ("实洋", "#,##0.00"),
            ],
            totals: &["册数", "码洋", "实洋"],
        },
        Case {
            what: Export::Returns(all()),
            lang: Lang::En,
            sheet: "Returns",
            columns: &[
                ("Number", "text"),
                ("Date", "date"),
                ("Credited", "#,##0.00"),
            ],
            totals: &["Copies", "List total", "Credited"],
        },
        Case {
            what: Export::Payments(all()),
            lang: Lang::Zh,
            sheet: "收款",
            columns: &[("单号", "text"), ("日期", "date"), ("金额", "#,##0.00")],
            totals: &["金额"],
        },
        Case {
            what: Export::Receivables,
            lang: Lang::Zh,
            sheet: "应收账龄",
            columns: &[
                ("客户编号", "text"),
                ("余额", "#,##0.00"),
                ("90天以上", "#,##0.00"),
            ],
            totals: &["余额", "未到期", "90天以上"],
        },
        Case {
            what: Export::Stock,
            lang: Lang::Zh,
            sheet: "库存",
            columns: &[
                ("ISBN", "text"),
                ("库存", "#,##0"),
                ("成本价", "#,##0.00"),
                ("成本金额", "#,##0.00"),
            ],
            totals: &["库存", "码洋", "成本金额"],
        },
    ];
    for (n, case) in cases.iter().enumerate() {
        let path = dir.path().join(format!("{n}.xlsx"));
        let done = export(&store, &case.what, &path, &xlsx(case.lang), &Quiet).unwrap();
        let book = read_xlsx(&path);
        let s = sheet(&book);
        let what = format!("{:?} {:?}", case.what, case.lang);
        assert_eq!(s["name"], case.sheet, "{what}");
        assert_eq!(s["freeze"], "A2", "{what}: header row frozen");
        let rs = rows(&book);
        assert!(done.rows > 0, "{what}: sample data has rows");
        assert_eq!(
            rs.len() as u64,
            done.rows + 2,
            "{what}: header, rows, totals"
        );
        let width = rs[0].as_array().unwrap().len();
        let last = (b'A' + width as u8 - 1) as char;
        assert_eq!(
            s["autofilter"],
            format!("A1:{last}{}", done.rows + 1),
            "{what}: the filter covers header and data, not the totals"
        );
        assert_eq!(
            book["properties"]["company"], "成都书香图书发行有限公司",
            "{what}"
        );
        assert!(
            book["properties"]["subject"].as_str().unwrap().len() > 4,
            "{what}: the period"
        );
        for (header, fmt) in case.columns {
            let c = col(&book, header);
            for cell in column(&book, c) {
                if cell["v"].is_null() {
                    continue;
                }
                match *fmt {
                    "text" => assert_eq!(cell["t"], "s", "{what} {header}: {cell}"),
                    "date" => {
                        assert_eq!(cell["date"], true, "{what} {header}: {cell}");
                        assert_eq!(cell["fmt"], "yyyy-mm-dd", "{what} {header}");
                    }
                    f => {
                        assert_eq!(cell["t"], "n", "{what} {header}: a number, {cell}");
                        assert_eq!(cell["fmt"], f, "{what} {header}");
                    }
                }
            }
        }
        let total_row = rs.last().unwrap();
        assert_eq!(total_row[0]["v"], case.lang.pick("Total", "合计"), "{what}");
        for header in case.totals {
            let c = col(&book, header);
            let letter = (b'A' + c as u8) as char;
            assert_eq!(
                total_row[c]["v"],
                format!("=SUBTOTAL(109,{letter}2:{letter}{})", done.rows + 1),
                "{what} {header}"
            );
            assert_eq!(total_row[c]["t"], "f", "{what} {header}");
        }
        // Wide (CJK) columns are wider than a code column.
        if case.lang == Lang::Zh && case.sheet == "客户" {
            let widths = &s["widths"];
            assert!(
                widths["B"].as_f64().unwrap() > widths["A"].as_f64().unwrap(),
                "{widths}"
            );
        }
    }
}

/// The figures in the sheets are the areas' own: the ledger adds up to the orders,
/// the stock sheet to `stock::value`, the aging to the balances.
#[test]
fn exported_figures_agree_with_the_areas() {
    let (store, _now) = sample();
    let dir = tempfile::tempdir().unwrap();
    let get = |what: Export, name: &str| {
        let path = dir.path().join(name);
        export(&store, &what, &path, &xlsx(Lang::En), &Quiet).unwrap();
        read_xlsx(&path)
    };
    let orders_book = get(Export::Orders(all()), "o.xlsx");
    let ledger = get(Export::Ledger(all()), "l.xlsx");
    let net_orders = yuan_sum(&column(&orders_book, col(&orders_book, "Net total")));
    let net_lines = yuan_sum(&column(&ledger, col(&ledger, "Net total")));
    assert_eq!(net_orders, net_lines);
    let posted: i64 = store
        .conn()
        .query_row(
            "SELECT sum(net_fen) FROM order_lines l JOIN orders o ON o.id = l.order_id
             WHERE o.status <> 'draft'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(net_lines, posted);

    let stock_book = get(Export::Stock, "s.xlsx");
    let v = stock::value(&store).unwrap();
    assert_eq!(
        yuan_sum(&column(&stock_book, col(&stock_book, "Cost value"))),
        v.cost_value_fen
    );
    assert_eq!(
        yuan_sum(&column(&stock_book, col(&stock_book, "List value"))),
        v.list_value_fen
    );

    let aging_book = get(Export::Receivables, "a.xlsx");
    let aging = receivables::aging(&store).unwrap();
    assert_eq!(
        yuan_sum(&column(&aging_book, col(&aging_book, "Balance"))),
        aging.iter().map(|a| a.balance_fen).sum::<i64>()
    );

    // A statement: opening row, the documents, closing row; the running balance
    // ends at the closing balance.
    let code = &aging[0].code;
    let st = receivables::statement(&store, code, "2025-01-01", "2026-11-23").unwrap();
    let book = get(
        Export::Statement {
            customer: code.clone(),
            from: "2025-01-01".into(),
            to: "2026-11-23".into(),
        },
        "st.xlsx",
    );
    let rs = rows(&book);
    assert_eq!(rs.len(), st.lines.len() + 4);
    let bal = col(&book, "Balance");
    let closing = &rs[rs.len() - 2];
    assert_eq!(closing[1]["v"], "Closing balance");
    assert_eq!(
        (closing[bal]["v"].as_f64().unwrap() * 100.0).round() as i64,
        st.closing_balance_fen
    );
    assert_eq!(
        yuan_sum(&column(&book, col(&book, "Debit"))),
        st.total_debit_fen
    );
    assert_eq!(
        rs.last().unwrap()[bal]["v"],
        Value::Null,
        "a balance is not added up"
    );

    // A period picks its orders by date.
    let period = Period {
        from: "2026-09-01".into(),
        to: "2026-09-30".into(),
    };
    let sept = get(Export::Orders(period.clone()), "sept.xlsx");
    let dates = column(&sept, col(&sept, "Date"));
    assert!(!dates.is_empty());
    for d in dates {
        assert!(d["v"].as_str().unwrap().starts_with("2026-09"), "{d}");
    }
    let mut n = 0;
    orders::each_in_period(
        &store,
        folio::base::fields::date("from", "2026-09-01").unwrap(),
        folio::base::fields::date("to", "2026-09-30").unwrap(),
        |_| {
            n += 1;
            Ok(())
        },
    )
    .unwrap();
    assert_eq!(rows(&sept).len(), n + 2);
}

/// Rows past what a sheet holds go on on the next sheet, each with its header,
/// filter and totals; together the sheets hold every row once.
#[test]
fn rows_past_a_sheet_go_on_on_the_next() {
    let (store, _now) = sample();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("l.xlsx");
    let mut opts = xlsx(Lang::Zh);
    opts.sheet_rows = 700;
    let done = export(&store, &Export::Ledger(all()), &path, &opts, &Quiet).unwrap();
    assert!(done.rows > 1400, "three sheets' worth: {}", done.rows);
    let book = read_xlsx(&path);
    let sheets = book["sheets"].as_array().unwrap();
    assert_eq!(sheets.len() as u64, done.rows.div_ceil(700));
    let mut seen = 0;
    for (k, s) in sheets.iter().enumerate() {
        let name = if k == 0 {
            "销售明细".to_string()
        } else {
            format!("销售明细 ({})", k + 1)
        };
        assert_eq!(s["name"], name);
        assert_eq!(s["freeze"], "A2");
        let rs = s["rows"].as_array().unwrap();
        let data = rs.len() as u64 - 2;
        assert_eq!(s["autofilter"], format!("A1:L{}", data + 1));
        assert_eq!(rs[0][0]["v"], "日期");
        assert_eq!(
            rs.last().unwrap()[11]["v"],
            format!("=SUBTOTAL(109,L2:L{})", data + 1)
        );
        seen += data;
    }
    assert_eq!(seen, done.rows);
}

#[test]
fn text_that_looks_like_a_formula_stays_text() {
    let (store, _now) = sample();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.xlsx");
    export(&store, &Export::Customers, &path, &xlsx(Lang::En), &Quiet).unwrap();
    let book = read_xlsx(&path);
    let names: Vec<&Value> = column(&book, col(&book, "Name"));
    for payload in PAYLOADS {
        let cell = names
            .iter()
            .find(|c| c["v"] == payload)
            .unwrap_or_else(|| panic!("{payload} comes back as written"));
        assert_eq!(cell["t"], "s", "{payload}: a string cell, not a formula");
    }
    // The only formulas in the sheet are the totals row's (one per added-up column).
    assert_eq!(sheet(&book)["formulas"], 1);

    // In CSV such a text gets a quote in front; numbers (negative ones too) do not.
    let csv = dir.path().join("c.csv");
    let opts = Options::new(Format::Csv(Encoding::Utf8Bom), Lang::En);
    export(&store, &Export::Customers, &csv, &opts, &Quiet).unwrap();
    let text = std::fs::read_to_string(&csv).unwrap();
    for (payload, written) in [
        ("=HYPERLINK", "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""),
        ("+1", ",'+1,"),
        ("-2+3", ",'-2+3,"),
        ("@SUM", ",'@SUM(A1),"),
    ] {
        assert!(text.contains(written), "{payload}: {written} in the CSV");
    }
}

#[test]
fn csv_in_utf8_with_bom_and_in_gbk() {
    let (mut store, _now) = sample();
    let dir = tempfile::tempdir().unwrap();
    let utf8 = dir.path().join("u.csv");
    let gbk = dir.path().join("g.csv");
    for (path, enc) in [(&utf8, Encoding::Utf8Bom), (&gbk, Encoding::Gbk)] {
        let opts = Options::new(Format::Csv(enc), Lang::Zh);
        export(&store, &Export::Ledger(all()), path, &opts, &Quiet).unwrap();
    }
    let u = std::fs::read(&utf8).unwrap();
    assert!(u.starts_with(b"\xEF\xBB\xBF"), "UTF-8 starts with a BOM");
    let u = std::str::from_utf8(&u[3..]).unwrap();
    let g = std::fs::read(&gbk).unwrap();
    assert!(!g.starts_with(b"\xEF\xBB\xBF"), "GBK has no BOM");
    let (decoded, _, bad) = encoding_rs::GBK.decode(&g);
    assert!(!bad);
    assert_eq!(decoded, u, "the same text in both encodings");
    assert!(
        u.starts_with("日期,单号,客户编号,客户名称,状态,ISBN,书名,定价,册数,折扣,码洋,实洋\r\n")
    );
    assert!(!u.replace("\r\n", "").contains('\n'), "CRLF line ends");
    // Money plain with two decimals, discounts as percentages, dates as stored.
    let first: Vec<&str> = u.lines().nth(1).unwrap().split(',').collect();
    assert!(
        first[0].len() == 10 && first[0].as_bytes()[4] == b'-',
        "{first:?}"
    );
    assert!(
        first[7].contains('.') && first[7].split('.').nth(1).unwrap().len() == 2,
        "{first:?}"
    );
    assert!(first[9].ends_with('%'), "{first:?}");
    assert!(!u.contains('¥'));

    // A character GBK cannot hold is an error naming the row and column; no file is left.
    let c = customers::create(
        &mut store,
        &CustomerInput {
            name: "书店😀".into(),
            ..Default::default()
        },
    )
    .unwrap();
    let path = dir.path().join("bad.csv");
    let opts = Options::new(Format::Csv(Encoding::Gbk), Lang::Zh);
    let e = export(&store, &Export::Customers, &path, &opts, &Quiet).unwrap_err();
    let msg = e.to_string();
    assert!(
        msg.contains("row ") && msg.contains("客户名称") && msg.contains("GBK"),
        "{msg}"
    );
    let _ = c;
    assert!(!path.exists());
    assert_eq!(leftovers(dir.path()), 0);
}

/// Progress that cancels once `after` rows have been reported.
struct CancelAfter {
    after: u64,
    seen: AtomicU64,
}

impl Progress for CancelAfter {
    fn report(&self, done: u64, _total: u64) {
        self.seen.store(done, Ordering::SeqCst);
    }
    fn is_cancelled(&self) -> bool {
        self.seen.load(Ordering::SeqCst) >= self.after
    }
}

/// Files in `dir` that are an export's temporary file.
fn leftovers(dir: &Path) -> usize {
    std::fs::read_dir(dir)
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .ends_with(".folio-tmp")
        })
        .count()
}

#[test]
fn a_cancelled_or_failed_export_leaves_no_file_and_keeps_the_old_one() {
    let (store, _now) = sample();
    let dir = tempfile::tempdir().unwrap();
    let csv = Options::new(Format::Csv(Encoding::Utf8Bom), Lang::Zh);
    for (name, opts) in [("new.xlsx", xlsx(Lang::Zh)), ("new.csv", csv.clone())] {
        let path = dir.path().join(name);
        let p = CancelAfter {
            after: 200,
            seen: AtomicU64::new(0),
        };
        let e = export(&store, &Export::Ledger(all()), &path, &opts, &p).unwrap_err();
        assert_eq!(e.code().as_str(), "cancelled", "{name}");
        assert!(!path.exists(), "{name}: no file");
        // An existing file is left as it was.
        std::fs::write(&path, "keep me").unwrap();
        export(&store, &Export::Ledger(all()), &path, &opts, &p).unwrap_err();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "keep me", "{name}");
    }
    assert_eq!(leftovers(dir.path()), 0);

    // Bad input is refused before any file is made.
    let target = dir.path().join("bad.xlsx");
    let cases: Vec<(Export, &str)> = vec![
        (
            Export::Orders(Period {
                from: "2026-10-01".into(),
                to: "2026-09-01".into(),
            }),
            "period_invalid",
        ),
        (
            Export::Ledger(Period {
                from: "2026-02-30".into(),
                to: String::new(),
            }),
            "date_invalid",
        ),
        (
            Export::Statement {
                customer: "NOPE".into(),
                from: "2026-01-01".into(),
                to: "2026-02-01".into(),
            },
            "customer_unknown",
        ),
    ];
    for (what, code) in cases {
        let e = export(&store, &what, &target, &xlsx(Lang::Zh), &Quiet).unwrap_err();
        assert_eq!(e.code().as_str(), code, "{what:?}: {e}");
        assert!(!target.exists());
    }
    // A folder that is not there, or a folder as the target.
    for path in [
        dir.path().join("no/such/dir/x.xlsx"),
        dir.path().to_path_buf(),
    ] {
        let e = export(&store, &Export::Stock, &path, &xlsx(Lang::Zh), &Quiet).unwrap_err();
        assert_eq!(e.code().as_str(), "io_error", "{}: {e}", path.display());
    }
    assert_eq!(leftovers(dir.path()), 0);
    let _: PathBuf = target;
}

/// Progress that keeps every report.
#[derive(Default)]
struct Recorder(std::sync::Mutex<Vec<(u64, u64)>>);

impl Progress for Recorder {
    fn report(&self, done: u64, total: u64) {
        self.0.lock().unwrap().push((done, total));
    }
    fn is_cancelled(&self) -> bool {
        false
    }
}

/// Progress counts up to the number of rows the area says are coming, for a bar.
#[test]
fn progress_knows_how_many_rows_are_coming() {
    let (store, _now) = sample();
    let dir = tempfile::tempdir().unwrap();
    for what in [
        Export::Customers,
        Export::Orders(all()),
        Export::Ledger(all()),
        Export::Returns(all()),
        Export::Payments(all()),
        Export::Receivables,
        Export::Stock,
    ] {
        let p = Recorder::default();
        let path = dir.path().join("p.xlsx");
        let done = export(&store, &what, &path, &xlsx(Lang::En), &p).unwrap();
        let reports = p.0.into_inner().unwrap();
        assert_eq!(reports.last(), Some(&(done.rows, done.rows)), "{what:?}");
        for (d, t) in &reports {
            assert_eq!(*t, done.rows, "{what:?}: the total is known from the start");
            assert!(d <= t);
        }
    }
}

// ---------------------------------------------------------------------------
// The monthly accountant pack

/// A small file whose October has every kind of receivable entry: a balance
/// brought into the month, an opening balance posted in it, sales, a return,
/// payments by cash and by bank, and an order cancelled; with trade before
/// and after the month that must stay out of it.
fn october() -> (Store, Vec<String>) {
    let mut store = Store::open_in_memory().unwrap();
    let code = |store: &mut Store, name: &str| {
        customers::create(
            store,
            &CustomerInput {
                name: name.into(),
                ..Default::default()
            },
        )
        .unwrap()
        .code
    };
    let order = |store: &mut Store, c: &str, lines: &[&str]| {
        orders::create_and_confirm(
            store,
            &orders::OrderInput {
                customer: c.into(),
                ..Default::default()
            },
            &common::lines(lines),
            &orders::ConfirmOptions::default(),
        )
        .unwrap()
        .order
    };
    let pay = |store: &mut Store, c: &str, amount: &str, method: &str| {
        receivables::add_payment(
            store,
            &receivables::PaymentInput {
                customer: c.into(),
                amount: amount.into(),
                method: method.into(),
                ..Default::default()
            },
        )
        .unwrap();
    };
    let (x, y, z);
    let september;
    {
        let _t = common::pin("2026-09-10T10:00:00+08:00");
        common::supplier(&mut store, "人民文学出版社", "60%");
        common::titles(
            &mut store,
            &[
                (common::A, "59.70", "红楼梦"),
                (common::C, "12.90", "小王子"),
            ],
        );
        stock::receive(
            &mut store,
            "人民文学出版社",
            &common::lines(&[&format!("{}:50", common::A), &format!("{}:100", common::C)]),
        )
        .unwrap();
        x = code(&mut store, "成都新华书店");
        y = code(&mut store, "=HYPERLINK(\"http://x\",\"y\")");
        z = code(&mut store, "绵阳实验学校");
        receivables::add_opening(&mut store, &x, "1000.00", "2026-09-01").unwrap();
        september = order(&mut store, &x, &[&format!("{}:2", common::A)]);
    }
    {
        let _t = common::pin("2026-10-05T10:00:00+08:00");
        order(
            &mut store,
            &x,
            &[&format!("{}:5", common::C), &format!("{}:1", common::A)],
        );
        order(&mut store, &y, &[&format!("{}:3", common::A)]);
    }
    {
        let _t = common::pin("2026-10-08T10:00:00+08:00");
        receivables::add_opening(&mut store, &z, "200.00", "").unwrap();
    }
    {
        let _t = common::pin("2026-10-10T10:00:00+08:00");
        receivables::add_return(
            &mut store,
            &receivables::ReturnInput {
                customer: x.clone(),
                order: september.number.clone().unwrap(),
                ..Default::default()
            },
            &common::lines(&[&format!("{}:1", common::A)]),
        )
        .unwrap();
        pay(&mut store, &x, "500.00", "cash");
        pay(&mut store, &y, "50.00", "bank_transfer");
    }
    {
        let _t = common::pin("2026-10-15T10:00:00+08:00");
        let o = order(&mut store, &y, &[&format!("{}:2", common::C)]);
        let _u = common::pin("2026-10-16T10:00:00+08:00");
        orders::cancel(&mut store, o.id, "ordered twice").unwrap();
    }
    {
        let _t = common::pin("2026-11-02T10:00:00+08:00");
        order(&mut store, &x, &[&format!("{}:1", common::A)]);
        pay(&mut store, &y, "10.00", "");
    }
    (store, vec![x, y, z])
}

fn fen(c: &Value) -> i64 {
    (c.as_f64().unwrap_or(0.0) * 100.0).round() as i64
}

/// The sheet named `name`.
fn sheet_named<'a>(book: &'a Value, name: &str) -> &'a Value {
    book["sheets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == name)
        .unwrap_or_else(|| panic!("no sheet {name}"))
}

#[test]
fn the_monthly_pack_reconciles_per_customer_and_in_total() {
    let (store, codes) = october();
    let _now = common::pin("2026-11-23T10:00:00+08:00");
    let dir = tempfile::tempdir().unwrap();
    for (lang, names) in [
        (
            Lang::Zh,
            ["销售", "退货", "收款", "应收账款", "库存", "核对"],
        ),
        (
            Lang::En,
            [
                "Sales",
                "Returns",
                "Payments",
                "Receivables",
                "Stock",
                "Reconciliation",
            ],
        ),
    ] {
        let path = dir.path().join(format!("pack-{lang:?}.xlsx"));
        let what = Export::Pack {
            month: "2026-10".into(),
        };
        export(&store, &what, &path, &xlsx(lang), &Quiet).unwrap();
        let book = read_xlsx(&path);
        let got: Vec<&str> = book["sheets"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["name"].as_str().unwrap())
            .collect();
        assert_eq!(got, names, "{lang:?}");
        for s in book["sheets"].as_array().unwrap() {
            assert_eq!(s["freeze"], "A2", "{}", s["name"]);
        }
        assert_eq!(book["properties"]["subject"], "2026-10-01 – 2026-10-31");
        if lang == Lang::Zh {
            continue;
        }
        // The reconciliation, read from the cells' values.
        let rec = sheet_named(&book, "Reconciliation")["rows"]
            .as_array()
            .unwrap();
        // The sheet is as wide as its widest table (the stock row below).
        let header: Vec<&str> = rec[0]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|c| c["v"].as_str())
            .collect();
        assert_eq!(
            header,
            [
                "Customer code",
                "Customer",
                "Opening balance",
                "Opening balances posted",
                "Sales",
                "Returns",
                "Payments",
                "Cancellations",
                "Closing balance",
                "Difference"
            ]
        );
        let data: Vec<&Vec<Value>> = rec[1..]
            .iter()
            .map(|r| r.as_array().unwrap())
            .take_while(|r| r[0]["v"] != "Total")
            .collect();
        assert_eq!(data.len(), 3, "the three customers: {data:?}");
        let mut sums = [0i64; 8];
        for (i, r) in data.iter().enumerate() {
            let v: Vec<i64> = (2..10).map(|c| fen(&r[c]["c"])).collect();
            assert_eq!(
                v[0] + v[1] + v[2] - v[3] - v[4] - v[5],
                v[6],
                "row {i} holds: {r:?}"
            );
            assert_eq!(v[7], 0, "the difference's cached result");
            assert_eq!(
                r[9]["v"],
                format!("=C{n}+D{n}+E{n}-F{n}-G{n}-H{n}-I{n}", n = i + 2)
            );
            // Opening and closing are the statement's, the ledger's own balances.
            let code = r[0]["v"].as_str().unwrap();
            assert!(codes.iter().any(|c| c == code));
            let st = receivables::statement(&store, code, "2026-10-01", "2026-10-31").unwrap();
            assert_eq!(v[0], st.opening_balance_fen, "{code}");
            assert_eq!(v[6], st.closing_balance_fen, "{code}");
            for (s, x) in sums.iter_mut().zip(&v) {
                *s += x;
            }
        }
        // Every kind of entry is there; the sums are checked against the other sheets.
        assert_eq!(sums[1], 20_000, "the opening balance posted in October");
        assert!(sums[5] > 0, "a cancellation");
        assert_eq!(
            sums[0] + sums[1] + sums[2] - sums[3] - sums[4] - sums[5],
            sums[6]
        );
        let total = &rec[data.len() + 1];
        assert_eq!(total[0]["v"], "Total");
        for (c, s) in (2..10).zip(&sums) {
            assert_eq!(fen(&total[c]["c"]), *s, "total of column {c}");
            assert_eq!(total[c]["t"], "f");
        }
        // The sheets agree with the reconciliation's columns.
        let net = |name: &str, header: &str| {
            let rows = sheet_named(&book, name)["rows"].as_array().unwrap();
            let c = rows[0]
                .as_array()
                .unwrap()
                .iter()
                .position(|c| c["v"] == header)
                .unwrap();
            fen(&rows.last().unwrap()[c]["c"])
        };
        assert_eq!(net("Sales", "Net total"), sums[2]);
        assert_eq!(net("Returns", "Credited"), sums[3]);
        assert_eq!(net("Payments", "Amount"), sums[4], "cash 500 + bank 50");
        assert_eq!(sums[4], 55_000);
        assert_eq!(net("Receivables", "Balance"), sums[6]);
        // Stock: the reconciliation's row below, and the Stock sheet's totals.
        let at = rec
            .iter()
            .position(|r| r[0]["v"] == "Stock at cost")
            .expect("the stock row");
        let s: Vec<i64> = (1..11)
            .map(|c| {
                let cell = &rec[at][c];
                if cell["fmt"] == "#,##0.00" {
                    fen(&cell["c"])
                } else {
                    cell["c"].as_i64().unwrap()
                }
            })
            .collect();
        assert_eq!(s[0] + s[1] - s[2], s[3], "copies: {s:?}");
        assert_eq!(s[4] + s[5] - s[6], s[7], "at cost: {s:?}");
        assert_eq!((s[8], s[9]), (0, 0));
        assert_eq!(rec[at - 1][0]["v"], "Stock", "its own header");
        assert_eq!(rec[at][1]["fmt"], "#,##0", "copies keep their own format");
        assert_eq!(rec[at][5]["fmt"], "#,##0.00");
        // 150 received in September, less 2 sold then: 148 at the start of October;
        // out 5 + 1 + 3 + 2 (the cancelled order), in 1 back + 2 from the cancellation.
        assert_eq!(&s[..4], &[148, 3, 11, 140]);
        let stock_rows = sheet_named(&book, "Stock")["rows"].as_array().unwrap();
        let last = stock_rows.last().unwrap();
        assert_eq!(last[0]["v"], "Total");
        assert_eq!(last[3]["c"].as_i64(), Some(s[0]));
        assert_eq!(last[6]["c"].as_i64(), Some(s[3]));
        assert_eq!(fen(&last[10]["c"]), s[7]);
        assert_eq!(fen(&last[7]["c"]), s[4]);
        // The note says how stock is valued.
        assert!(rec.iter().any(|r| r[0]["v"]
            .as_str()
            .is_some_and(|t| t.starts_with("Stock is valued at the cost"))));
    }
    // A pack is six sheets: CSV cannot hold it, and nothing is written.
    let path = dir.path().join("pack.csv");
    let e = export(
        &store,
        &Export::Pack {
            month: "2026-10".into(),
        },
        &path,
        &Options::new(Format::Csv(Encoding::Utf8Bom), Lang::En),
        &Quiet,
    )
    .unwrap_err();
    assert!(e.to_string().contains("CSV"), "{e}");
    assert!(!path.exists());
    for bad in ["2026-13", "10/2026", ""] {
        let e = export(
            &store,
            &Export::Pack { month: bad.into() },
            &dir.path().join("x.xlsx"),
            &xlsx(Lang::En),
            &Quiet,
        )
        .unwrap_err();
        assert_eq!(e.code().as_str(), "period_invalid", "{bad}");
    }
}

/// Σ debit, Σ credit and the lines (account code, debit, credit) of one voucher.
type Voucher = (i64, i64, Vec<(String, i64, i64)>);

#[test]
fn every_voucher_balances_and_splits_its_vat() {
    use folio::exchange::vouchers::Layout;
    use folio::trade::accounting::{self, VoucherSettingsInput};
    let (mut store, _codes) = october();
    let _now = common::pin("2026-11-23T10:00:00+08:00");
    let dir = tempfile::tempdir().unwrap();
    for (rate, layout) in [
        ("9%", Layout::Kingdee),
        ("0", Layout::Kingdee),
        ("9%", Layout::Yonyou),
    ] {
        accounting::set(
            &mut store,
            &VoucherSettingsInput {
                vat_rate: Some(rate.into()),
                ..Default::default()
            },
        )
        .unwrap();
        let path = dir.path().join(format!("v-{rate}-{layout:?}.xlsx"));
        let what = Export::Vouchers {
            month: "2026-10".into(),
            layout,
        };
        let done = export(&store, &what, &path, &xlsx(Lang::En), &Quiet).unwrap();
        let book = read_xlsx(&path);
        let s = sheet(&book);
        assert_eq!(s["name"], "凭证");
        let rs = rows(&book);
        assert_eq!(rs.len() as u64, done.rows + 1, "a header and no totals row");
        let h = |name: &str| col(&book, name);
        let (code_col, date_col) = match layout {
            Layout::Yonyou => (h("科目编码"), h("制单日期")),
            _ => (h("科目代码"), h("日期")),
        };
        let (no, dr, cr) = (h("凭证号"), h("借方金额"), h("贷方金额"));
        // Voucher number → (Σ debit, Σ credit, lines).
        let mut vouchers: std::collections::BTreeMap<i64, Voucher> = Default::default();
        let mut last_date = String::new();
        let mut last_no = 0;
        for r in &rs[1..] {
            let n = r[no]["v"].as_i64().unwrap();
            let date = r[date_col]["v"].as_str().unwrap().to_string();
            assert_eq!(r[date_col]["date"], true);
            assert!(date.starts_with("2026-10-"), "{date}");
            assert!(n >= last_no && date >= last_date, "numbered in date order");
            (last_no, last_date) = (n, date);
            assert_eq!(r[code_col]["t"], "s", "account codes are text");
            let (d, c) = (fen(&r[dr]["v"]), fen(&r[cr]["v"]));
            let v = vouchers.entry(n).or_default();
            v.0 += d;
            v.1 += c;
            v.2.push((r[code_col]["v"].as_str().unwrap().to_string(), d, c));
        }
        // 3 sales (one later cancelled), a return, 2 payments, a cancellation; the
        // opening balance posted in the month is not a voucher.
        assert_eq!(vouchers.len(), 7, "{vouchers:?}");
        assert_eq!(
            vouchers.keys().copied().collect::<Vec<_>>(),
            (1..=7).collect::<Vec<_>>()
        );
        let mut cash = 0;
        let mut red = 0;
        for (n, (d, c, lines)) in &vouchers {
            assert_eq!(d, c, "voucher {n} balances: {lines:?}");
            let receivable = lines.iter().find(|l| l.0 == "1122").expect("应收账款");
            if receivable.1 != 0 {
                // A sale (or one in red): 1122 = 5001 + 222101 exactly, VAT at the rate.
                let revenue = lines.iter().find(|l| l.0 == "5001").unwrap().2;
                let tax = lines.iter().find(|l| l.0 == "222101").map_or(0, |l| l.2);
                assert_eq!(revenue + tax, receivable.1, "voucher {n}");
                let net = receivable.1.abs() as i128;
                let want = (net * 20_000 + 10_000 + if rate == "0" { 0 } else { 900 })
                    / (2 * (10_000 + if rate == "0" { 0 } else { 900 }));
                assert_eq!(revenue.abs() as i128, want, "voucher {n}: half-up");
                if rate == "0" {
                    assert_eq!(lines.len(), 2, "no tax line at 0%: {lines:?}");
                } else {
                    assert_eq!(lines.len(), 3, "{lines:?}");
                    assert!(tax != 0);
                }
                if receivable.1 < 0 {
                    red += 1;
                    assert!(
                        lines.iter().all(|l| l.1 <= 0 && l.2 <= 0),
                        "red ink: {lines:?}"
                    );
                }
            } else {
                // A payment: cash to 1001, bank to 1002, credited to 1122.
                assert_eq!(lines.len(), 2);
                if lines.iter().any(|l| l.0 == "1001") {
                    cash += 1;
                    assert_eq!(receivable.2, 50_000);
                } else {
                    assert!(lines.iter().any(|l| l.0 == "1002"));
                }
            }
        }
        assert_eq!(
            (cash, red),
            (1, 2),
            "a cash payment; a return and a cancellation in red"
        );
    }

    // Xero: a row per line of the month's orders not cancelled, in its columns, CSV.
    let path = dir.path().join("xero.csv");
    let what = Export::Vouchers {
        month: "2026-10".into(),
        layout: Layout::Xero,
    };
    let done = export(&store, &what, &path, &xlsx(Lang::En), &Quiet).unwrap();
    assert_eq!(done.rows, 3);
    let text = std::fs::read_to_string(&path).unwrap();
    let mut lines = text.trim_start_matches('\u{feff}').lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    for c in [
        "*ContactName",
        "*InvoiceNumber",
        "*InvoiceDate",
        "*DueDate",
        "*Description",
        "*Quantity",
        "*UnitAmount",
        "*AccountCode",
        "*TaxType",
    ] {
        assert!(header.contains(&c), "{c} in {header:?}");
    }
    let first = lines.next().unwrap();
    assert!(first.contains("/10/2026"), "dates as DD/MM/YYYY: {first}");
    assert!(first.contains(",200,Tax on Sales,"), "{first}");
    // The customer named like a formula stays inert in CSV.
    assert!(text.contains("'=HYPERLINK"), "{text}");

    // The month's return as a Xero credit note: its one line, amounts positive.
    let path = dir.path().join("credit.csv");
    let what = Export::Vouchers {
        month: "2026-10".into(),
        layout: Layout::XeroCreditNotes,
    };
    let done = export(&store, &what, &path, &xlsx(Lang::En), &Quiet).unwrap();
    assert_eq!(done.rows, 1);
    let text = std::fs::read_to_string(&path).unwrap();
    let mut lines = text.trim_start_matches('\u{feff}').lines();
    let header = lines.next().unwrap();
    assert!(
        header.contains("*CreditNoteNumber,Reference,*CreditNoteDate"),
        "{header}"
    );
    assert!(!header.contains("DueDate"));
    let row = lines.next().unwrap();
    assert!(
        row.contains(",10/10/2026,") && row.contains(",1,59.70,"),
        "{row}"
    );
}

/// The pack is one file like any export: progress over all six sheets, and a
/// cancel anywhere leaves no file behind and an existing one as it was.
#[test]
fn a_cancelled_pack_leaves_no_file() {
    let (store, _now) = sample();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("pack.xlsx");
    let what = Export::Pack {
        month: "2026-10".into(),
    };
    let p = Recorder::default();
    let done = export(&store, &what, &path, &xlsx(Lang::Zh), &p).unwrap();
    let reports = p.0.into_inner().unwrap();
    let (last, total) = *reports.last().unwrap();
    assert_eq!(last, total);
    assert!(
        last > done.rows,
        "the tables below the reconciliation count too"
    );
    for after in [1, 100] {
        std::fs::write(&path, "keep me").unwrap();
        let p = CancelAfter {
            after,
            seen: AtomicU64::new(0),
        };
        let e = export(&store, &what, &path, &xlsx(Lang::Zh), &p).unwrap_err();
        assert_eq!(e.code().as_str(), "cancelled");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "keep me");
    }
    assert_eq!(leftovers(dir.path()), 0);
}

/// The workbook is written on a thread of its own, fed rows in batches: every
/// row lands once, in order, on the right sheet and below the right table,
/// whatever the batches; and when the writer fails part way (a text longer
/// than a cell holds, on a row well past the first batch) the export fails with
/// its reason and leaves no file.
#[test]
fn rows_reach_the_writer_in_order_and_its_failure_stops_the_export() {
    use folio::exchange::sheet::{Cell, Column, Kind, Table};
    use folio::exchange::write::{write_book, Book, Sheet};
    const COLUMNS: &[Column] = &[
        Column::new(Kind::Quantity, "N", "N"),
        Column::new(Kind::Text, "Text", "Text"),
    ];
    let table = |name: &'static str, n: u64| Table {
        name_en: name,
        name_zh: name,
        columns: COLUMNS,
        period: String::new(),
        expected: n,
    };
    let rows = |n: u64, bad_at: Option<u64>| {
        move |emit: &mut folio::exchange::write::Emit| -> folio::Result<()> {
            for i in 1..=n {
                let text = if Some(i) == bad_at {
                    "x".repeat(40_000)
                } else {
                    format!("r{i}")
                };
                // A short row is made as wide as its table.
                if i % 97 == 0 {
                    emit(&[Cell::Int(i as i64)])?;
                } else {
                    emit(&[Cell::Int(i as i64), Cell::Text(text)])?;
                }
            }
            Ok(())
        }
    };
    let book = Book {
        title_en: "T",
        title_zh: "T",
        period: String::new(),
    };
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("b.xlsx");
    let sheets = vec![
        Sheet::new(table("One", 1000), rows(1000, None))
            .with_below(table("Below", 300), rows(300, None)),
        Sheet::new(table("Two", 10), rows(10, None)),
    ];
    let counts = write_book(&path, &book, sheets, "", &xlsx(Lang::En), &Quiet).unwrap();
    assert_eq!(counts, vec![1000, 10]);
    let got = read_xlsx(&path);
    let sheets = got["sheets"].as_array().unwrap();
    assert_eq!(sheets.len(), 2);
    let one = sheets[0]["rows"].as_array().unwrap();
    // Header, 1000 rows, a blank row, header, 300 rows (a table whose only
    // number is its first column has no totals row).
    assert_eq!(one.len(), 1 + 1000 + 1 + 1 + 300);
    for (at, first, n) in [(1usize, 1u64, 1000u64), (1003, 1, 300)] {
        for k in 0..n {
            let row = &one[at + k as usize];
            let i = first + k;
            assert_eq!(
                row[0]["v"].as_f64(),
                Some(i as f64),
                "row {}",
                at + k as usize
            );
            let want = if i % 97 == 0 {
                Value::Null
            } else {
                Value::from(format!("r{i}"))
            };
            assert_eq!(row[1]["v"], want, "row {}", at + k as usize);
        }
    }
    assert_eq!(sheets[1]["rows"].as_array().unwrap().len(), 1 + 10);

    let bad = dir.path().join("bad.xlsx");
    let sheets = vec![Sheet::new(table("One", 2000), rows(2000, Some(1500)))];
    let e = write_book(&bad, &book, sheets, "", &xlsx(Lang::En), &Quiet).unwrap_err();
    assert_eq!(e.code().as_str(), "io_error", "{e}");
    assert!(e.to_string().contains("cannot write the workbook"), "{e}");
    assert!(!bad.exists());
    assert_eq!(leftovers(dir.path()), 0, "no temporary file left");
}
