// Reads the command names out of `src/commands.rs` as text. Shared by `build.rs`
// (which declares a permission per command and writes the capability file) and
// by a test that checks it against the `COMMANDS` the macro made.

/// The names of the commands declared in `commands_rs` (the text of
/// `src/commands.rs`): every entry inside `commands! { … }` starts with its kind
/// (`read`, `write` or `shell`) and then its name.
pub fn command_names(commands_rs: &str) -> Vec<String> {
    let Some(start) = commands_rs.find("\ncommands! {") else {
        return Vec::new();
    };
    commands_rs[start..]
        .lines()
        .filter_map(|line| {
            let mut words = line.trim_start().splitn(2, ' ');
            match (words.next(), words.next()) {
                (Some("read" | "write" | "shell"), Some(rest)) => {
                    let name: String = rest
                        .chars()
                        .take_while(|c| c.is_ascii_lowercase() || *c == '_')
                        .collect();
                    rest[name.len()..].starts_with('(').then_some(name)
                }
                _ => None,
            }
        })
        .collect()
}

/// The capability file: the main window may call exactly these commands.
pub fn capability_json(names: &[String]) -> String {
    let mut permissions = vec!["core:event:default".to_string()];
    permissions.extend(
        names
            .iter()
            .map(|n| format!("allow-{}", n.replace('_', "-"))),
    );
    let list: Vec<String> = permissions.iter().map(|p| format!("    \"{p}\"")).collect();
    format!(
        "{{\n  \"$schema\": \"../gen/schemas/desktop-schema.json\",\n  \"identifier\": \"default\",\n  \"description\": \"The main window may call Folio's own commands and nothing else. Written by build.rs from src/commands.rs.\",\n  \"windows\": [\n    \"main\"\n  ],\n  \"permissions\": [\n{}\n  ]\n}}\n",
        list.join(",\n")
    )
}
