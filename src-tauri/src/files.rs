//! The Save and Open dialogs. The window never sees a path it did not get from
//! here or from the user's own typing, and the core never shows a dialog.
//!
//! `FOLIO_SAVE_DIR`, when set, answers the Save dialog without showing it (the
//! suggested name in that folder), and `FOLIO_OPEN_FILE` the Open dialog. The
//! end-to-end tests use them, since a native dialog is outside the web view
//! that WebDriver drives.

use std::path::PathBuf;
use std::sync::Mutex;

use tauri_plugin_dialog::DialogExt;

use folio::exchange::ExportRequest;

use crate::state::{AppState, CmdResult};

/// The folder the last file was saved in, offered first the next time.
static LAST_FOLDER: Mutex<Option<PathBuf>> = Mutex::new(None);

/// Asks where to save `request`'s export, offering the name the core suggests.
/// `None` when the user closed the dialog.
pub fn pick_export(
    state: &AppState,
    app: &tauri::AppHandle,
    request: &ExportRequest,
) -> CmdResult<Option<String>> {
    let lang = state.read(|s| request.language(s))?;
    let today = folio::base::clock::today().to_string();
    let name = request.suggested_name(lang, &today);
    if let Some(dir) = std::env::var_os("FOLIO_SAVE_DIR") {
        return Ok(Some(
            PathBuf::from(dir).join(name).to_string_lossy().into_owned(),
        ));
    }
    let ext = request.extension();
    let mut dialog = app
        .dialog()
        .file()
        .set_file_name(&name)
        .add_filter(if ext == "csv" { "CSV" } else { "Excel" }, &[ext]);
    if let Some(dir) = start_folder() {
        dialog = dialog.set_directory(dir);
    }
    let Some(picked) = dialog.blocking_save_file() else {
        return Ok(None);
    };
    let Ok(mut path) = picked.into_path() else {
        return Ok(None);
    };
    // A name typed without the extension gets it, so the file opens in Excel.
    if path.extension().is_none() {
        path.set_extension(ext);
    }
    remember_folder(&path);
    Ok(Some(path.to_string_lossy().into_owned()))
}

/// Where a dialog opens: the folder of the last file saved or opened, else Documents.
fn start_folder() -> Option<PathBuf> {
    let last = LAST_FOLDER
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .clone();
    last.or_else(dirs_documents)
}

fn remember_folder(path: &std::path::Path) {
    if let Some(parent) = path.parent() {
        *LAST_FOLDER.lock().unwrap_or_else(|p| p.into_inner()) = Some(parent.to_path_buf());
    }
}

fn dirs_documents() -> Option<PathBuf> {
    std::env::var_os("HOME")
        .map(|h| PathBuf::from(h).join("Documents"))
        .filter(|p| p.is_dir())
}

/// Asks which spreadsheet to import (.xlsx, .xls or .csv). `None` when the
/// user closed the dialog. `FOLIO_OPEN_FILE`, when set, is the answer without
/// a dialog, for the end-to-end tests.
pub fn pick_import(app: &tauri::AppHandle) -> CmdResult<Option<String>> {
    if let Some(file) = std::env::var_os("FOLIO_OPEN_FILE") {
        return Ok(Some(PathBuf::from(file).to_string_lossy().into_owned()));
    }
    let mut dialog = app
        .dialog()
        .file()
        .add_filter("Excel / CSV", &["xlsx", "xls", "csv"]);
    if let Some(dir) = start_folder() {
        dialog = dialog.set_directory(dir);
    }
    let Some(picked) = dialog.blocking_pick_file() else {
        return Ok(None);
    };
    let Ok(path) = picked.into_path() else {
        return Ok(None);
    };
    remember_folder(&path);
    Ok(Some(path.to_string_lossy().into_owned()))
}
