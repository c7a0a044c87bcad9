//! `make fuzz`: mutated CSV, .xlsx and .xls files thrown at the import readers for
//! FUZZ_SECONDS (default 60), from FUZZ_SEED (default: the clock). A finding is a
//! panic naming the file it kept (`target/fuzz-import/crash-N.*`).

#[path = "../tests/fuzz/driver.rs"]
mod driver;

fn main() {
    let seconds = std::env::var("FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(60);
    let seed = std::env::var("FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(1, |d| d.as_nanos() as u64)
        });
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/fuzz-import");
    std::fs::create_dir_all(&dir).expect("make target/fuzz-import");
    // The readers' own panics are caught and turned into errors; keep their
    // messages out of the way of the summary.
    std::panic::set_hook(Box::new(|_| {}));
    eprintln!("fuzzing the import readers for {seconds} s from seed {seed}");
    let found = driver::run(&dir, seconds, seed);
    println!(
        "{} files, {} read, {} imported; no panic, nothing written by a refused file",
        found.files, found.read_ok, found.imported
    );
}
