//! The UI's TypeScript types are generated from the Rust types and committed.
//! This test fails when they are stale; `UPDATE_BINDINGS=1` rewrites them.

#[test]
fn typescript_bindings_are_fresh() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/src/lib/bindings.ts");
    let want = folio::app::typescript_bindings();
    if std::env::var("UPDATE_BINDINGS").is_ok() {
        std::fs::write(&path, &want).unwrap();
        return;
    }
    let have = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        have == want,
        "ui/src/lib/bindings.ts is stale: run `UPDATE_BINDINGS=1 cargo test --test bindings` and commit it"
    );
}
