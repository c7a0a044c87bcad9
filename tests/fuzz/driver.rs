//! The import fuzz driver, shared by `examples/fuzz_import.rs` (`make fuzz`) and a
//! short run in the test suite (`tests/fuzz_import.rs`). Stable Rust has no
//! cargo-fuzz, so this mutates seed files itself (bit flips, byte sets, cuts,
//! splices, repeats, inserted bytes) with a small xorshift generator and feeds each
//! to the reader, the preview and the import. It fails on a panic that escapes, or
//! on a refused file or row that wrote anything.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;
use std::time::{Duration, Instant};

use folio::base::progress::Quiet;
use folio::exchange::imports::{self, ImportKind, ImportOptions};
use folio::exchange::read;
use folio::Store;

/// xorshift64*: enough randomness for mutations, no dependency, reproducible by seed.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }

    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

/// The seeds: (file name, bytes).
pub fn seeds(dir: &Path) -> Vec<(&'static str, Vec<u8>)> {
    let csv = "客户编号,客户名称,电话,折扣,信用额度,日期\r\nC001,新华书店,028-1234567,6.5折,\"5,000.00\",2024/3/7\r\nC002,=SUM(A1),13800000000,65%,￥1.5,2024-03-07\r\n";
    let (gbk, _, _) = encoding_rs::GBK.encode(csv);
    let books =
        "ISBN,书名,定价,数量\n9787020002207,红楼梦,59.70,3\n978-7-5442-5399-4,百年孤独,39.5,1\n";
    let xlsx = dir.join("seed.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in ["客户名称", "电话", "折扣", "信用额度", "日期"]
        .iter()
        .enumerate()
    {
        ws.write_string(0, c as u16, *h).expect("seed");
    }
    for r in 1..20u32 {
        ws.write_string(r, 0, format!("书店{r}")).expect("seed");
        ws.write_number(r, 1, 13_800_000_000.0 + f64::from(r))
            .expect("seed");
        ws.write_number(r, 2, 0.65).expect("seed");
        ws.write_number(r, 3, 1234.5).expect("seed");
        ws.write_number(r, 4, 45358.0).expect("seed");
    }
    wb.save(&xlsx).expect("seed");
    vec![
        ("seed.csv", csv.as_bytes().to_vec()),
        ("seed_gbk.csv", gbk.into_owned()),
        ("books.csv", books.as_bytes().to_vec()),
        ("seed.xlsx", std::fs::read(&xlsx).expect("seed")),
    ]
}

fn mutate(rng: &mut Rng, seed: &[u8], other: &[u8]) -> Vec<u8> {
    let mut b = seed.to_vec();
    for _ in 0..=rng.below(8) {
        let len = b.len();
        match rng.below(7) {
            0 if len > 0 => {
                let i = rng.below(len);
                b[i] ^= 1 << rng.below(8);
            }
            1 if len > 0 => {
                let i = rng.below(len);
                b[i] = [0, 0xFF, b'"', b',', b'\n', b'=', 0x80, b'9'][rng.below(8)];
            }
            2 => b.truncate(rng.below(len + 1)),
            3 if !other.is_empty() => {
                let at = rng.below(len + 1);
                let from = rng.below(other.len());
                let n = rng.below(other.len() - from + 1).min(4096);
                b.splice(at..at, other[from..from + n].iter().copied());
            }
            4 if len > 0 => {
                let from = rng.below(len);
                let n = rng.below(len - from + 1).min(2048);
                let chunk = b[from..from + n].to_vec();
                for _ in 0..rng.below(4) {
                    b.splice(from..from, chunk.iter().copied());
                }
            }
            5 => {
                let at = rng.below(len + 1);
                let n = rng.below(16);
                let junk: Vec<u8> = (0..n).map(|_| rng.next() as u8).collect();
                b.splice(at..at, junk);
            }
            _ if len > 1 => {
                let from = rng.below(len);
                let to = (from + rng.below(64)).min(len);
                b.drain(from..to);
            }
            _ => {}
        }
    }
    b
}

fn writes(store: &Store) -> i64 {
    store
        .conn()
        .query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0))
        .expect("count")
}

/// What a run found.
#[derive(Debug, Default)]
pub struct Findings {
    pub files: u64,
    pub read_ok: u64,
    pub imported: u64,
}

/// Runs for `seconds`, from `seed`; panics (with the file kept in `dir`) on a finding.
pub fn run(dir: &Path, seconds: u64, seed: u64) -> Findings {
    let seeds = seeds(dir);
    let mut rng = Rng::new(seed);
    let mut found = Findings::default();
    let end = Instant::now() + Duration::from_secs(seconds);
    let kinds = [
        ImportKind::Customers,
        ImportKind::Books,
        ImportKind::Stock,
        ImportKind::Receivables,
    ];
    // One store for the whole run (a fresh one per file would spend the run on
    // migrations); what good files import stays in it, as it would for a user.
    let mut store = Store::open_in_memory().expect("store");
    while Instant::now() < end {
        let (name, bytes) = &seeds[rng.below(seeds.len())];
        let (_, other) = &seeds[rng.below(seeds.len())];
        let data = mutate(&mut rng, bytes, other);
        // The same bytes under each name a user might give them.
        let ext = ["csv", "xlsx", "xls"][rng.below(3)];
        let ext = if rng.below(2) == 0 {
            name.rsplit('.').next().unwrap_or(ext)
        } else {
            ext
        };
        let path = dir.join(format!("case.{ext}"));
        std::fs::write(&path, &data).expect("write case");
        found.files += 1;
        let kind = kinds[rng.below(kinds.len())];
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            let read_ok = read::read(&path).is_ok();
            let before = writes(&store);
            let preview = imports::preview(&store, kind, &path, &ImportOptions::default(), &Quiet);
            assert_eq!(writes(&store), before, "a preview wrote");
            let r = imports::import(&mut store, kind, &path, &ImportOptions::default(), &Quiet);
            let wrote = writes(&store) != before;
            match &r {
                Ok(rep) if !rep.refused => {}
                _ => assert!(!wrote, "a refused file wrote: {r:?}"),
            }
            if let (Ok(p), Ok(rep)) = (&preview, &r) {
                assert_eq!(
                    p.errors.is_empty(),
                    !rep.refused,
                    "preview and import disagree"
                );
            }
            (read_ok, matches!(r, Ok(rep) if !rep.refused))
        }));
        match outcome {
            Ok((read_ok, imported)) => {
                found.read_ok += u64::from(read_ok);
                found.imported += u64::from(imported);
            }
            Err(_) => {
                let keep = dir.join(format!("crash-{}.{ext}", found.files));
                let _ = std::fs::copy(&path, &keep);
                panic!("a panic on {} ({kind:?}), kept as {}", name, keep.display());
            }
        }
    }
    found
}
