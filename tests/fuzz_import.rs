//! A short run of the import fuzz driver (`make fuzz` runs it for a minute):
//! mutated files, no panic, nothing written by one refused.

#[path = "fuzz/driver.rs"]
mod driver;

#[test]
fn mutated_files_never_panic_or_half_write() {
    let dir = tempfile::tempdir().unwrap();
    let found = driver::run(dir.path(), 5, 0x5eed);
    assert!(found.files > 20, "{found:?}");
    assert!(found.read_ok > 0, "no mutated file read at all: {found:?}");
}
