//! Sample data: believable customers for a first look, and the same generator at
//! 200,000 for the benchmark. Deterministic for a given seed.

use std::path::{Path, PathBuf};

mod words;
pub use words::{Class, Publisher, CLASSES, PUBLISHERS};

use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};

use folio::base::clock;
use folio::base::error::{Code, FolioError, Result};
use folio::base::progress::{Progress, Quiet};
use folio::crm::customers::{self, Contact, CustomerInput, CustomerKind, Settlement};
use folio::store::Store;
use folio::trade::catalog;
use folio::trade::stock;

fn pick<'a>(rng: &mut SmallRng, xs: &[&'a str]) -> &'a str {
    xs[rng.random_range(0..xs.len())]
}

fn cn_person(rng: &mut SmallRng) -> String {
    format!(
        "{}{}",
        pick(rng, words::list("surnames")),
        pick(rng, words::list("given"))
    )
}

fn cn_mobile(rng: &mut SmallRng) -> String {
    let second = [3, 5, 7, 8, 9][rng.random_range(0..5)];
    format!("1{second}{:09}", rng.random_range(0..1_000_000_000u32))
}

/// One made-up customer. About one in five is English-speaking (a UK shop or school).
pub fn customer(rng: &mut SmallRng) -> CustomerInput {
    let kind = match rng.random_range(0..100) {
        0..=39 => CustomerKind::Bookshop,
        40..=59 => CustomerKind::School,
        60..=69 => CustomerKind::Library,
        70..=84 => CustomerKind::Company,
        85..=92 => CustomerKind::Distributor,
        _ => CustomerKind::Individual,
    };
    let english = rng.random_range(0..5) == 0;
    let (name, region, contact, phone, role) = if english {
        let town = pick(rng, words::list("uk_towns"));
        let person = format!(
            "{} {}",
            pick(rng, words::list("uk_first")),
            pick(rng, words::list("uk_last"))
        );
        let name = match kind {
            CustomerKind::Bookshop => format!("{} {town}", pick(rng, words::list("uk_shops"))),
            CustomerKind::School => format!(
                "{} {town}",
                [
                    "St Mary's Primary School",
                    "King Edward's School",
                    "Park View Academy",
                    "Grammar School"
                ][rng.random_range(0..4)]
            ),
            CustomerKind::Library => format!("{town} Central Library"),
            CustomerKind::Company => format!("{town} Learning Ltd"),
            CustomerKind::Distributor => format!("Northern Book Distributors {town}"),
            CustomerKind::Individual => person.clone(),
        };
        let phone = format!(
            "01{:03} {:06}",
            rng.random_range(100..999),
            rng.random_range(0..1_000_000)
        );
        (name, town.to_string(), person, phone, "Buyer".to_string())
    } else {
        let city = pick(rng, words::list("cities"));
        let person = cn_person(rng);
        let name = match kind {
            CustomerKind::Bookshop => {
                format!(
                    "{city}{}{}",
                    pick(rng, words::list("shop_brands")),
                    pick(rng, words::list("shop_suffix"))
                )
            }
            CustomerKind::School => format!("{city}{}", pick(rng, words::list("school_names"))),
            CustomerKind::Library => format!("{city}{}", pick(rng, words::list("library_suffix"))),
            CustomerKind::Company => {
                format!(
                    "{city}{}{}",
                    pick(rng, words::list("company_words")),
                    pick(rng, words::list("company_suffix"))
                )
            }
            CustomerKind::Distributor => {
                format!("{city}{}", pick(rng, words::list("distributor_suffix")))
            }
            CustomerKind::Individual => person.clone(),
        };
        let role = pick(rng, words::list("roles_zh")).to_string();
        (name, city.to_string(), person, cn_mobile(rng), role)
    };
    let discount = match kind {
        CustomerKind::Distributor => ["5.5折", "5.8折", "6折"][rng.random_range(0..3)],
        CustomerKind::Bookshop => ["6.5折", "6.8折", "7折", "7.2折"][rng.random_range(0..4)],
        CustomerKind::Library | CustomerKind::School => {
            ["7.5折", "7.8折", "8折"][rng.random_range(0..3)]
        }
        CustomerKind::Company => ["8折", "8.5折"][rng.random_range(0..2)],
        CustomerKind::Individual => ["9折", "10折"][rng.random_range(0..2)],
    };
    let credit = match kind {
        CustomerKind::Individual => String::new(),
        CustomerKind::Distributor => format!("{}", rng.random_range(10..50) * 10_000),
        _ => format!("{}", rng.random_range(1..30) * 1_000),
    };
    let settlement = match kind {
        CustomerKind::Bookshop if rng.random_range(0..3) == 0 => Settlement::SaleOrReturn,
        CustomerKind::Distributor if rng.random_range(0..4) == 0 => Settlement::Consignment,
        _ => Settlement::Firm,
    };
    let mut tags = Vec::new();
    if rng.random_range(0..4) == 0 {
        tags.push(pick(rng, words::list("tags")).to_string());
    }
    let birthday = if rng.random_range(0..3) == 0 {
        format!(
            "{:02}-{:02}",
            rng.random_range(1..13),
            rng.random_range(1..29)
        )
    } else {
        String::new()
    };
    CustomerInput {
        name,
        kind,
        contacts: vec![Contact {
            name: contact,
            role,
            phone,
            email: String::new(),
            wechat: String::new(),
            ..Contact::default()
        }],
        region,
        discount: discount.to_string(),
        credit_limit: credit,
        payment_terms_days: ["0", "30", "60", "90"][rng.random_range(0..4)].to_string(),
        settlement,
        tags,
        // About one in three birthdays is kept in the lunar calendar (农历), as
        // many customers here keep theirs; taken from the day drawn, so the
        // sample's random stream (and every figure after it) stays as it was.
        birthday_lunar: birthday.ends_with(['3', '6', '9']),
        birthday,
        ..CustomerInput::default()
    }
}

/// A valid ISBN-13 under a publisher prefix (digits after 978), from a serial number.
pub fn isbn_for(prefix: &str, serial: u64) -> String {
    let body_len = 12 - 3 - prefix.len();
    let serial = serial % 10u64.pow(body_len as u32);
    let twelve = format!("978{prefix}{serial:0width$}", width = body_len);
    let d: Vec<u8> = twelve.bytes().map(|b| b - b'0').collect();
    format!("{twelve}{}", folio::base::isbn::check13(&d))
}

/// The `i`th sample title's publisher (an index into [`PUBLISHERS`]) and ISBN.
pub fn sample_isbn(i: usize) -> (usize, String) {
    let p = i % PUBLISHERS.len();
    (
        p,
        isbn_for(PUBLISHERS[p].prefix, (i / PUBLISHERS.len()) as u64 * 7 + 11),
    )
}

/// The most sample titles the publisher prefixes have room for.
pub const MAX_TITLES: usize = 100_000;

/// What `folio demo` made.
#[derive(Debug, Clone, Default, serde::Serialize, ts_rs::TS)]
pub struct DemoReport {
    #[ts(type = "number")]
    pub customers: i64,
    #[ts(type = "number")]
    pub suppliers: i64,
    #[ts(type = "number")]
    pub titles: i64,
    /// Copies put into stock by the sample purchase receipts.
    #[ts(type = "number")]
    pub copies: i64,
}

/// How many days the sample year of trade covers, ending today.
const TRADE_DAYS: i64 = 365;

/// Ten in the morning, local time, on `day` (or now, on the rare day a time zone
/// skips that hour).
fn morning_of(day: chrono::NaiveDate) -> chrono::DateTime<chrono::FixedOffset> {
    use chrono::TimeZone;
    clock::now()
        .timezone()
        .from_local_datetime(&day.and_hms_opt(10, 0, 0).expect("10:00 exists"))
        .single()
        .unwrap_or_else(clock::now)
}

/// When the sample's customers, titles and first stock go on file: two days before
/// the sample year of trade starts, a year and a day before today. Dated today, the
/// stock would arrive after the sales it feeds, and no title would have been on file
/// long enough for the slow-movers filter to find it; a year and a day keeps a look
/// back of 365 days inside the time on file at any hour of today.
pub fn on_file_from() -> chrono::NaiveDate {
    clock::today() - chrono::Duration::days(TRADE_DAYS + 1)
}

/// Fills an empty database with `n` sample customers and `n_titles` titles from
/// sample publishers, with stock received through ordinary purchase receipts, all
/// dated [`on_file_from`], before any sample sale.
pub fn load(store: &mut Store, n: usize, n_titles: usize, seed: u64) -> Result<DemoReport> {
    check_empty(store)?;
    clock::at(morning_of(on_file_from()), || {
        load_on_file(store, n, n_titles, seed)
    })
}

fn load_on_file(store: &mut Store, n: usize, n_titles: usize, seed: u64) -> Result<DemoReport> {
    // Each publisher prefix leaves room for 10,000 distinct ISBNs (stride 7 is coprime
    // with 10^4, so serials do not collide below that).
    if n_titles > MAX_TITLES {
        return Err(FolioError::invalid(
            Code::DemoTooMany,
            "titles",
            format!("at most {MAX_TITLES} sample titles"),
        ));
    }
    let mut rng = SmallRng::seed_from_u64(seed);
    let inputs: Vec<CustomerInput> = (0..n).map(|_| customer(&mut rng)).collect();
    customers::create_many(store, &inputs)?;
    let n_suppliers = if n_titles == 0 { 0 } else { PUBLISHERS.len() };
    for publisher in &PUBLISHERS[..n_suppliers] {
        catalog::create_supplier(
            store,
            &catalog::SupplierInput {
                name: publisher.name.to_string(),
                discount: publisher.discount.to_string(),
                payment_terms_days: ["30", "60", "90"][rng.random_range(0..3)].to_string(),
                ..Default::default()
            },
        )?;
    }
    // Titles go in as one transaction; each publisher's stock arrives on receipts.
    let mut lines: Vec<Vec<String>> = vec![Vec::new(); n_suppliers];
    let mut titles = Vec::with_capacity(n_titles);
    for i in 0..n_titles {
        let (p, isbn) = sample_isbn(i);
        let publisher = PUBLISHERS[p].name;
        let class = &CLASSES[rng.random_range(0..CLASSES.len())];
        let (code, words) = (class.code, &class.words);
        let class = class.name;
        let first = rng.random_range(0..words.len());
        let second = (first + rng.random_range(1..words.len())) % words.len();
        let title = format!(
            "{}{}{}",
            words[first],
            words[second],
            words::list("suffixes")[rng.random_range(0..words::list("suffixes").len())]
        );
        let english = PUBLISHERS[p].prefix.starts_with('0');
        let price =
            (rng.random_range(15..=128) * 100 + [0, 50, 80, 90][rng.random_range(0..4)]) as i64;
        let list_price = format!("{}.{:02}", price / 100, price % 100);
        titles.push(catalog::TitleInput {
            isbn: isbn.clone(),
            list_price: list_price.clone(),
            title,
            authors: if english {
                format!(
                    "{} {}",
                    pick(&mut rng, words::list("uk_first")),
                    pick(&mut rng, words::list("uk_last"))
                )
            } else {
                cn_person(&mut rng)
            },
            publisher: publisher.to_string(),
            category_code: code.to_string(),
            category_name: class.to_string(),
            binding: ["平装", "精装"][rng.random_range(0..2)].to_string(),
            format: ["16开", "32开", "大32开"][rng.random_range(0..3)].to_string(),
            language: if english { "English" } else { "中文" }.to_string(),
            bin: format!(
                "{}-{:02}-{}",
                (b'A' + rng.random_range(0..6u8)) as char,
                rng.random_range(1..20),
                rng.random_range(1..6)
            ),
            reorder_point: (rng.random_range(0..4) * 5).to_string(),
            pub_date: format!(
                "20{:02}-{:02}",
                rng.random_range(10..26),
                rng.random_range(1..13)
            ),
            supplier: publisher.to_string(),
            ..Default::default()
        });
        let qty = rng.random_range(0..60);
        if qty > 0 {
            lines[p].push(format!("{isbn}@{list_price}:{qty}"));
        }
    }
    catalog::create_titles(store, &titles)?;
    let mut copies = 0;
    for (p, ls) in lines.iter().enumerate() {
        for chunk in ls.chunks(200) {
            copies += stock::receive(store, PUBLISHERS[p].name, chunk)?.copies;
        }
    }
    Ok(DemoReport {
        customers: n as i64,
        suppliers: n_suppliers as i64,
        titles: n_titles as i64,
        copies,
    })
}

/// What [`load_sales`] added.
#[derive(Debug, Clone, Default, serde::Serialize, ts_rs::TS)]
pub struct SalesReport {
    #[ts(type = "number")]
    pub orders: i64,
    #[ts(type = "number")]
    pub order_lines: i64,
    #[ts(type = "number")]
    pub returns: i64,
    #[ts(type = "number")]
    pub payments: i64,
    #[ts(type = "number")]
    pub restocks: i64,
}

/// How busy each month is, January first: school terms start in late February and
/// September (textbooks and class sets), and shops stock up for the year end.
const MONTH_WEIGHT: [u32; 12] = [8, 14, 16, 10, 9, 8, 10, 16, 17, 10, 11, 14];

enum Event {
    Order,
    Return { order_id: i64 },
    Payment { code: String, amount_fen: i64 },
}

/// A year of trade ending today over the sample customers and titles: `n_orders`
/// orders spread with the seasons, shipped and (when old enough) completed, with
/// returns and payments after them, all posted through the ordinary code on their
/// own dates (so ledgers, stock and receivables agree by construction). Stock that
/// runs short is restocked by a purchase receipt that day.
pub fn load_sales(store: &mut Store, n_orders: usize, seed: u64) -> Result<SalesReport> {
    load_sales_with(store, n_orders, seed, &Quiet)
}

/// [`load_sales`], reporting each order to `progress` and stopping when it is
/// cancelled (what was posted stays: [`prepare`] builds into a file of its own).
pub fn load_sales_with(
    store: &mut Store,
    n_orders: usize,
    seed: u64,
    progress: &dyn Progress,
) -> Result<SalesReport> {
    // Sample data is thousands of small transactions; waiting for the disk after each
    // one would take minutes and protect nothing of value. Durability is restored
    // before returning, whatever happens.
    store.without_waiting_for_disk(|store| simulate_sales(store, n_orders, seed, progress))
}

fn simulate_sales(
    store: &mut Store,
    n_orders: usize,
    seed: u64,
    progress: &dyn Progress,
) -> Result<SalesReport> {
    use chrono::{Datelike, Duration, NaiveDate};
    use folio::trade::orders::{self, ConfirmOptions, OrderInput, ShipInput};
    use folio::trade::receivables::{self, PaymentInput, ReturnInput};

    let mut rng = SmallRng::seed_from_u64(seed ^ 0x5a1e5);
    // Customers and titles in the order they were made (by id), so that the same
    // seed gives the same year.
    let mut active = Vec::new();
    loop {
        let page = folio::crm::customers::list(
            store,
            &folio::crm::customers::ListQuery {
                offset: active.len() as i64,
                limit: 500,
                ..Default::default()
            },
        )?;
        if page.rows.is_empty() {
            break;
        }
        active.extend(page.rows);
    }
    active.sort_by_key(|c| c.id);
    let customers: Vec<(String, String)> = active
        .into_iter()
        .map(|c| (c.code, c.kind.as_str().to_string()))
        .collect();
    let mut all_titles = catalog::stock_page(store, &catalog::StockFilter::default())?.rows;
    all_titles.sort_by_key(|t| t.id);
    let mut on_hand: std::collections::HashMap<String, i64> = all_titles
        .iter()
        .map(|t| (format!("{}@{}", t.isbn, t.list_price_fen), t.quantity))
        .collect();
    let titles: Vec<(String, i64, String)> = all_titles
        .into_iter()
        .filter_map(|t| Some((t.isbn, t.list_price_fen, t.supplier?)))
        .collect();
    let mut terms_of: std::collections::HashMap<String, i64> = Default::default();
    let mut report = SalesReport::default();
    if customers.is_empty() || titles.is_empty() || n_orders == 0 {
        return Ok(report);
    }
    let today = clock::today();
    let start = today - Duration::days(TRADE_DAYS - 1);
    // Each day's weight: its month's, and weekends are quiet.
    let days: Vec<(NaiveDate, u32)> = (0..TRADE_DAYS)
        .map(|k| {
            let d = start + Duration::days(k);
            let w = MONTH_WEIGHT[d.month0() as usize];
            let w = if d.weekday().number_from_monday() >= 6 {
                w / 4
            } else {
                w
            };
            (d, w.max(1))
        })
        .collect();
    let total: u32 = days.iter().map(|(_, w)| w).sum();
    let mut events: std::collections::BTreeMap<NaiveDate, Vec<Event>> = Default::default();
    for _ in 0..n_orders {
        let mut x = rng.random_range(0..total);
        let day = days
            .iter()
            .find(|(_, w)| {
                if x < *w {
                    true
                } else {
                    x -= w;
                    false
                }
            })
            .map(|(d, _)| *d)
            .unwrap_or(today);
        events.entry(day).or_default().push(Event::Order);
    }
    // Some customers buy far more often than others.
    let pick_customer = |rng: &mut SmallRng| {
        let u: f64 = rng.random();
        &customers[((u * u) * customers.len() as f64) as usize % customers.len()]
    };
    let override_reason = "示例数据 sample data".to_string();
    while let Some((day, list)) = events.pop_first() {
        if day > today {
            break;
        }
        let when = morning_of(day);
        for ev in list {
            clock::at(when, || -> Result<()> {
                match ev {
                    Event::Order => {
                        let (code, kind) = pick_customer(&mut rng).clone();
                        let school = kind == "school" || kind == "library";
                        let n_lines = if school {
                            rng.random_range(5..30)
                        } else {
                            rng.random_range(1..15)
                        };
                        let mut lines = Vec::new();
                        // By supplier name, in order, so the same seed posts the same receipts.
                        let mut restock: std::collections::BTreeMap<String, Vec<String>> =
                            Default::default();
                        let mut seen = std::collections::HashSet::new();
                        for _ in 0..n_lines {
                            let (isbn, price, supplier) =
                                &titles[rng.random_range(0..titles.len())];
                            if !seen.insert(isbn.clone()) {
                                continue;
                            }
                            let qty = if school {
                                rng.random_range(5..40)
                            } else {
                                rng.random_range(1..12)
                            };
                            let item = format!("{isbn}@{}.{:02}", price / 100, price % 100);
                            let have = on_hand.entry(format!("{isbn}@{price}")).or_insert(0);
                            if *have < qty {
                                // Reorder well above what is needed, as a wholesaler does.
                                let more = qty - *have + rng.random_range(100..400);
                                restock
                                    .entry(supplier.clone())
                                    .or_default()
                                    .push(format!("{item}:{more}"));
                                *have += more;
                            }
                            *have -= qty;
                            lines.push(format!("{item}:{qty}"));
                        }
                        for (supplier, ls) in restock {
                            stock::receive(store, &supplier, &ls)?;
                            report.restocks += 1;
                        }
                        let done = orders::create_and_confirm(
                            store,
                            &OrderInput {
                                customer: code.clone(),
                                ..Default::default()
                            },
                            &lines,
                            &ConfirmOptions {
                                ship_available: true,
                                credit_override: override_reason.clone(),
                            },
                        )?;
                        let o = done.order;
                        report.orders += 1;
                        progress.step(report.orders as u64, n_orders as u64)?;
                        report.order_lines += o.lines.len() as i64;
                        let age = (today - day).num_days();
                        if age >= 2 || rng.random_bool(0.5) {
                            orders::ship(
                                store,
                                o.id,
                                &ShipInput {
                                    carrier: ["顺丰", "中通", "德邦", "自提"]
                                        [rng.random_range(0..4)]
                                    .into(),
                                    tracking: format!(
                                        "{}",
                                        rng.random_range(100_000_000u64..999_999_999)
                                    ),
                                    date: String::new(),
                                },
                            )?;
                            if age >= 30 {
                                orders::complete(store, o.id)?;
                            }
                        }
                        if rng.random_bool(0.07) {
                            let back = day + Duration::days(rng.random_range(3..45));
                            events
                                .entry(back)
                                .or_default()
                                .push(Event::Return { order_id: o.id });
                        }
                        if rng.random_bool(0.9) {
                            let terms = match terms_of.get(&code) {
                                Some(&t) => t,
                                None => {
                                    let t = folio::crm::customers::get_by_code(store, &code)?
                                        .payment_terms_days;
                                    terms_of.insert(code.clone(), t);
                                    t
                                }
                            };
                            let paid =
                                day + Duration::days((terms + rng.random_range(-10..50)).max(0));
                            events.entry(paid).or_default().push(Event::Payment {
                                code: code.clone(),
                                amount_fen: o.net_total_fen,
                            });
                        }
                    }
                    Event::Return { order_id } => {
                        let o = orders::get(store, order_id)?;
                        let l = &o.lines[rng.random_range(0..o.lines.len())];
                        let qty = rng.random_range(1..=l.quantity.min(5));
                        receivables::add_return(
                            store,
                            &ReturnInput {
                                customer: o.customer_code.clone(),
                                order: o.number.clone().unwrap_or_default(),
                                damaged: rng.random_bool(0.2),
                                reason: ["破损", "发错书", "滞销退货", "重复订购"]
                                    [rng.random_range(0..4)]
                                .into(),
                                lines: Vec::new(),
                            },
                            &[format!(
                                "{}@{}.{:02}:{qty}",
                                l.isbn,
                                l.list_price_fen / 100,
                                l.list_price_fen % 100
                            )],
                        )?;
                        report.returns += 1;
                    }
                    Event::Payment { code, amount_fen } => {
                        if amount_fen > 0 {
                            receivables::add_payment(
                                store,
                                &PaymentInput {
                                    customer: code,
                                    amount: format!("{}.{:02}", amount_fen / 100, amount_fen % 100),
                                    method: ["bank_transfer", "wechat_alipay", "cash"]
                                        [rng.random_range(0..3)]
                                    .into(),
                                    date: String::new(),
                                    reference: String::new(),
                                },
                            )?;
                            report.payments += 1;
                        }
                    }
                }
                Ok(())
            })?;
        }
    }
    simulate_follow_ups(store, &customers, seed)?;
    Ok(report)
}

/// A year of follow-ups over the sample's trade, so Today and the customer page are
/// alive on first run: calls and visits logged (some with a next step, most of those
/// done on their day, a few left due), after-sales cases on real orders moving
/// open → closed with a CSAT, NPS scores, and reminders made by hand (one repeating
/// monthly). A random stream of its own, so the trade above stays what it was.
fn simulate_follow_ups(store: &mut Store, customers: &[(String, String)], seed: u64) -> Result<()> {
    use chrono::Duration;
    use folio::crm::{cases, interactions, reminders};

    if customers.is_empty() {
        return Ok(());
    }
    let mut rng = SmallRng::seed_from_u64(seed ^ 0xf011_0775);
    let today = clock::today();
    let kinds = [
        "phone", "phone", "phone", "wechat", "wechat", "visit", "email", "meeting",
    ];
    let n_calls = (customers.len() / 4).clamp(10, 400);
    for i in 0..n_calls {
        let (code, _) = &customers[rng.random_range(0..customers.len().min(60))];
        let day = today - Duration::days(rng.random_range(0..TRADE_DAYS));
        let next = rng
            .random_bool(0.4)
            .then(|| day + Duration::days(rng.random_range(2..15)));
        let made = clock::at(morning_of(day), || {
            interactions::add(
                store,
                &interactions::InteractionInput {
                    customer: code.clone(),
                    kind: kinds[rng.random_range(0..kinds.len())].into(),
                    summary: pick(&mut rng, words::list("call_summaries")).into(),
                    outcome: pick(&mut rng, words::list("call_outcomes")).into(),
                    next_step: if next.is_some() {
                        pick(&mut rng, words::list("next_steps")).into()
                    } else {
                        String::new()
                    },
                    next_date: next.map(|d| d.to_string()).unwrap_or_default(),
                    nps: if i % 7 == 0 {
                        rng.random_range(5..=10).to_string()
                    } else {
                        String::new()
                    },
                    ..Default::default()
                },
            )
        })?;
        // Most next steps were done on their day; the few of the last days are still due.
        if let (Some(next), Some(rid)) = (next, made.next_reminder_id) {
            if next < today - Duration::days(3) || (next < today && rng.random_bool(0.5)) {
                clock::at(morning_of(next), || {
                    reminders::done(store, rid, &reminders::DoneInput::default())
                })?;
            }
        }
    }
    // Cases on real orders, the oldest first.
    let numbers: Vec<(String, String, String)> = {
        let mut stmt = store.conn().prepare(
            "SELECT o.number, c.code, o.order_date FROM orders o JOIN customers c ON c.id = o.customer_id
             WHERE o.number IS NOT NULL ORDER BY o.id",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        rows.collect::<std::result::Result<_, _>>()?
    };
    let categories = [
        "damaged",
        "wrong_title",
        "short_shipment",
        "late",
        "price",
        "other",
    ];
    let n_cases = (numbers.len() / 25).clamp(0, 40);
    for _ in 0..n_cases {
        let (number, code, date) = &numbers[rng.random_range(0..numbers.len())];
        let Ok(opened) = chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d") else {
            continue;
        };
        let opened = opened + Duration::days(rng.random_range(2..6));
        if opened > today {
            continue;
        }
        // What went wrong, and what was said and done about it, in the word lists' order.
        let k = rng.random_range(0..categories.len());
        let case = clock::at(morning_of(opened), || {
            cases::add(
                store,
                &cases::CaseInput {
                    customer: code.clone(),
                    order: number.clone(),
                    lines: vec![1],
                    category: categories[k].into(),
                    priority: ["low", "normal", "normal", "high"][rng.random_range(0..4)].into(),
                    summary: words::list("case_summaries")[k].into(),
                    ..Default::default()
                },
            )
        })?;
        // (days after opening, the status it moves to) while that day has come.
        let steps = [(1, "in_progress"), (3, "resolved"), (6, "closed")];
        for (after, status) in steps {
            let day = opened + Duration::days(after);
            if day > today {
                break;
            }
            clock::at(morning_of(day), || {
                cases::update(
                    store,
                    case.id,
                    &cases::CaseUpdate {
                        status: status.into(),
                        resolution: if status == "resolved" {
                            words::list("case_resolutions")[k].into()
                        } else {
                            String::new()
                        },
                        csat: if status == "closed" {
                            rng.random_range(3..=5).to_string()
                        } else {
                            String::new()
                        },
                        ..Default::default()
                    },
                )
            })?;
        }
    }
    // Reminders made by hand for the best customers: today, this week, and one monthly.
    for (k, days_ahead) in [0i64, 0, 1, 3, 6].into_iter().enumerate() {
        let (code, _) = &customers[k % customers.len()];
        reminders::add(
            store,
            &reminders::ReminderInput {
                customer: code.clone(),
                kind: ["call", "catalogue", "collect", "visit", "care"][k].into(),
                due: (today + Duration::days(days_ahead)).to_string(),
                every: if k == 2 { "1m".into() } else { String::new() },
                note: words::list("reminder_notes")[k % words::list("reminder_notes").len()].into(),
            },
        )?;
    }
    Ok(())
}

/// How much sample data: the desktop's first-run button uses [`FIRST_RUN`].
#[derive(Debug, Clone, Copy)]
pub struct Sizes {
    pub customers: usize,
    pub titles: usize,
    pub orders: usize,
}

/// A first look: enough customers, titles and a year of orders to try every screen.
pub const FIRST_RUN: Sizes = Sizes {
    customers: 500,
    titles: 300,
    orders: 300,
};

/// Sample data built in a scratch file beside the user's, ready to go in.
/// Dropping it (after [`Prepared::install`], on cancel or on error) removes the
/// scratch file.
pub struct Prepared {
    path: PathBuf,
    report: DemoReport,
    sales: SalesReport,
}

/// Builds sample data of `sizes` into a new file at `scratch`, reporting each
/// order to `progress`. Nothing touches the user's file: that is what lets a
/// cancelled load leave it exactly as it was, while the app goes on reading it.
pub fn prepare(
    scratch: &Path,
    sizes: Sizes,
    seed: u64,
    progress: &dyn Progress,
) -> Result<Prepared> {
    remove_scratch(scratch);
    // Whatever happens from here, dropping `prepared` removes the scratch file.
    let mut prepared = Prepared {
        path: scratch.to_path_buf(),
        report: DemoReport::default(),
        sales: SalesReport::default(),
    };
    let mut store = Store::open(scratch)?;
    progress.step(0, sizes.orders as u64)?;
    prepared.report = load(&mut store, sizes.customers, sizes.titles, seed)?;
    prepared.sales = load_sales_with(&mut store, sizes.orders, seed, progress)?;
    drop(store);
    Ok(prepared)
}

impl Prepared {
    /// The year of trade that was made.
    pub fn sales(&self) -> &SalesReport {
        &self.sales
    }

    /// Puts the prepared data into `store`, which must still hold no records:
    /// one write, so readers see the file before or after it, never between.
    pub fn install(self, store: &mut Store) -> Result<DemoReport> {
        check_empty(store)?;
        store.replace_with(&self.path, "sample.load")?;
        Ok(self.report.clone())
    }
}

impl Drop for Prepared {
    fn drop(&mut self) {
        remove_scratch(&self.path);
    }
}

fn remove_scratch(path: &Path) {
    folio::store::remove_with_side_files(path);
}

/// Sample data only goes into a file with no customers, titles or suppliers.
pub fn check_empty(store: &Store) -> Result<()> {
    if folio::app::has_records(store)? {
        return Err(not_empty());
    }
    Ok(())
}

fn not_empty() -> FolioError {
    FolioError::invalid(
        Code::DemoNotEmpty,
        "database",
        "sample data only goes into an empty database; this one already has data",
    )
}
