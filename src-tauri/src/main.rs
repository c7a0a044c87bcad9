//! Folio's desktop shell. Each command is a thin adapter declared once in
//! `commands.rs`: typed input in, one core call, typed result or
//! `{code, message, field?}` out. No SQL and no business rules here.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

// Both only serve tests: the generated TypeScript and the build script's view of
// the command table are checked against the code.
#[cfg(test)]
mod bindings;
#[cfg(test)]
mod command_names;
mod commands;
mod files;
mod jobs;
mod notify;
mod state;

/// mimalloc, which spends about half the time the system's malloc does on the
/// many small strings of an import (100,000 customers: 5.1 s → 4.0 s).
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

use folio::app::language_for_locale;
use folio::store::{self as db, OpenMode};
use folio::Store;

use state::AppState;

/// The value of `--NAME VALUE` or `--NAME=VALUE` on the command line.
fn arg(name: &str) -> Option<String> {
    let flag = format!("--{name}");
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        if a == flag {
            return args.next();
        } else if let Some(v) = a.strip_prefix(&format!("{flag}=")) {
            return Some(v.to_string());
        }
    }
    None
}

/// `--db PATH` on the command line wins over `FOLIO_DB` and the default location,
/// as it does for the CLI.
fn db_path_from_args() -> std::path::PathBuf {
    arg("db").map(Into::into).unwrap_or_else(db::default_path)
}

/// The first-run sample, with `--sample-orders N` for a longer year of trade
/// (the end-to-end test uses it to have time to watch and cancel the job).
fn sample_sizes_from_args() -> folio_sample::Sizes {
    let mut sizes = folio_sample::FIRST_RUN;
    if let Some(n) = arg("sample-orders").and_then(|n| n.parse().ok()) {
        sizes.orders = n;
    }
    sizes
}

/// Every few seconds, if nothing has been written for a second and the database's
/// write-ahead log has grown, folds it back into the file, so that no user action
/// pays for it (see `Store::checkpoint_if_idle`). A command that is writing holds
/// the writer; the timer then simply tries again next time.
fn fold_log_when_idle(app: tauri::AppHandle) {
    use tauri::Manager;
    std::thread::spawn(move || loop {
        std::thread::sleep(std::time::Duration::from_secs(3));
        app.state::<AppState>().try_write(|store| {
            let _ = store.checkpoint_if_idle(std::time::Duration::from_secs(1));
        });
    });
}

/// Every second, asks SQLite whether another program (the CLI, say) committed
/// to the file since last time (`PRAGMA data_version`, which the app's own
/// writes do not move), and if so tells the window, which refreshes what it
/// shows.
fn watch_outside_changes(app: tauri::AppHandle) {
    use tauri::Manager;
    // The first reading is taken at once and waits for the writer: a baseline
    // taken later (the writer busy, or a second gone) would count a commit made
    // in between as already seen, and the window would never hear of it.
    let mut last: Option<i64> = app
        .state::<AppState>()
        .write(|store| store.data_version())
        .ok();
    std::thread::spawn(move || loop {
        std::thread::sleep(std::time::Duration::from_secs(1));
        let state = app.state::<AppState>();
        let mut changed = false;
        state.try_write(|store| {
            if let Ok(v) = store.data_version() {
                changed = last.is_some_and(|l| l != v);
                last = Some(v);
            }
        });
        if changed {
            state.emit(state::DATA_CHANGED, ());
        }
    });
}

/// How often the reminder rules run while the app is open.
const RULES_EVERY: std::time::Duration = std::time::Duration::from_secs(5 * 60);

/// Runs the reminder rules at start and then every `every`, on the job runner
/// (a run still going when the next is due is left to finish: one at a time).
fn run_rules_every(app: tauri::AppHandle, every: std::time::Duration) {
    use tauri::Manager;
    tauri::async_runtime::spawn(async move {
        let mut tick = tokio::time::interval(every);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            // The first tick is at once: the rules run as the app starts.
            tick.tick().await;
            let state = app.state::<AppState>();
            let _ = state.start_rules(&app);
        }
    });
}

/// The app makes a file unasked only on its first run at the standard place;
/// given a path (`--db`, `FOLIO_DB`) where there is none, it asks first.
fn open_mode(path: &std::path::Path) -> OpenMode {
    OpenMode {
        create: path == db::standard_path(),
        window: true,
    }
}

fn main() {
    let path = db_path_from_args();
    let (store, open_error) = match Store::open_with(&path, open_mode(&path)) {
        Ok(s) => (Some(s), None),
        Err(e) => {
            eprintln!("folio: {e}");
            (None, Some(e.payload()))
        }
    };
    let opened = store.is_some();
    let os_language = language_for_locale(&sys_locale::get_locale().unwrap_or_default());
    let app = tauri::Builder::default()
        .manage(AppState::new(
            store,
            open_error,
            path,
            os_language,
            sample_sizes_from_args(),
        ))
        .plugin(tauri_plugin_dialog::init())
        .invoke_handler(commands::handler())
        .setup(move |app| {
            use tauri::Manager;
            let handle = app.handle().clone();
            let state = app.state::<AppState>();
            state.set_handle(handle.clone());
            if opened {
                let _ = state.start_check(&handle);
            }
            fold_log_when_idle(handle.clone());
            if opened {
                run_rules_every(handle.clone(), RULES_EVERY);
            }
            watch_outside_changes(handle);
            Ok(())
        })
        .build(tauri::generate_context!())
        .expect("error while building Folio");
    app.run(|handle, event| {
        if let tauri::RunEvent::Exit = event {
            use tauri::Manager;
            handle.state::<AppState>().close();
        }
    });
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::path::Path;

    use crate::command_names::{capability_json, command_names};
    use crate::commands::COMMANDS;

    fn root() -> &'static Path {
        Path::new(env!("CARGO_MANIFEST_DIR"))
    }

    fn read(path: &str) -> String {
        std::fs::read_to_string(root().join(path)).unwrap()
    }

    fn declared() -> Vec<String> {
        COMMANDS.iter().map(|c| c.name.to_string()).collect()
    }

    #[test]
    fn build_script_sees_every_command_in_the_table() {
        assert_eq!(command_names(&read("src/commands.rs")), declared());
    }

    #[test]
    fn capability_file_allows_exactly_the_commands() {
        assert_eq!(
            read("capabilities/default.json"),
            capability_json(&declared()),
            "run cargo build -p folio-desktop to rewrite it"
        );
    }

    /// One permission file per command, and none left over from a removed one.
    #[test]
    fn every_command_has_a_permission_and_no_other_is_left() {
        let mut files: Vec<String> = std::fs::read_dir(root().join("permissions/autogenerated"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        files.sort();
        let mut want: Vec<String> = COMMANDS
            .iter()
            .map(|c| format!("{}.toml", c.name))
            .collect();
        want.sort();
        assert_eq!(files, want);
    }

    /// `ui/src/lib/api.ts` calls exactly the commands in the table, each with the
    /// arguments it declares (Tauri turns `snake_case` names into `camelCase`).
    #[test]
    fn typescript_client_calls_exactly_the_commands() {
        let api = read("../ui/src/lib/api.ts");
        let mut called: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for part in api.split("call<").skip(1) {
            let Some(q) = part.find("('") else { continue };
            let rest = &part[q + 2..];
            let Some(end) = rest.find('\'') else { continue };
            let name = rest[..end].to_string();
            let after = &rest[end + 1..];
            let args = match (after.find('{'), after.find(')')) {
                (Some(open), Some(close)) if open < close => {
                    let close = after[open..].find('}').map(|c| c + open).unwrap_or(open);
                    after[open + 1..close]
                        .split(',')
                        .map(|a| a.split(':').next().unwrap_or("").trim().to_string())
                        .filter(|a| !a.is_empty())
                        .collect()
                }
                _ => Vec::new(),
            };
            assert!(called.insert(name.clone(), args).is_none(), "{name} twice");
        }
        let camel = |s: &str| {
            let mut out = String::new();
            let mut up = false;
            for ch in s.chars() {
                if ch == '_' {
                    up = true;
                } else if up {
                    out.extend(ch.to_uppercase());
                    up = false;
                } else {
                    out.push(ch);
                }
            }
            out
        };
        let want: BTreeMap<String, Vec<String>> = COMMANDS
            .iter()
            .map(|c| {
                (
                    c.name.to_string(),
                    c.args.iter().map(|a| camel(a)).collect(),
                )
            })
            .collect();
        assert_eq!(called, want);
    }
}
