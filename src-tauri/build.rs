include!("src/command_names.rs");

fn main() {
    // The commands are declared once, in src/commands.rs. Each becomes a
    // permission, and the capability file allows exactly those for the main
    // window; it is written here so that it cannot fall behind.
    println!("cargo:rerun-if-changed=src/commands.rs");
    let text = std::fs::read_to_string("src/commands.rs").expect("src/commands.rs");
    let names = command_names(&text);
    assert!(!names.is_empty(), "no commands found in src/commands.rs");
    let capability = capability_json(&names);
    let path = "capabilities/default.json";
    if std::fs::read_to_string(path).ok().as_deref() != Some(capability.as_str()) {
        std::fs::write(path, capability).expect("write capabilities/default.json");
    }
    // The manifest wants a 'static list; a build script runs once, so leaking is fine.
    let names: &'static [&'static str] = Box::leak(
        names
            .into_iter()
            .map(|n| &*Box::leak(n.into_boxed_str()))
            .collect::<Vec<_>>()
            .into_boxed_slice(),
    );
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(names)),
    )
    .expect("tauri build script failed");
}
