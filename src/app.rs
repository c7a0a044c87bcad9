//! What the desktop shell reports about itself to the UI at start-up.

use serde::Serialize;
use ts_rs::TS;

use crate::base::error::{Code, ErrorPayload, FolioError, Result};
use crate::crm::customers;
use crate::store::Store;
use crate::trade::{catalog, stock};

/// The state of the app as the UI first sees it. When the database could not be
/// opened, `error` says why and the UI shows an error screen instead of the app.
#[derive(Debug, Clone, Serialize, TS)]
pub struct AppStatus {
    pub version: String,
    pub db_path: String,
    pub schema_version: i64,
    /// `en` or `zh-CN`: the saved choice, else the OS locale.
    pub language: String,
    pub customer_count: i64,
    pub title_count: i64,
    /// Whether stock may go below zero (Settings; off by default).
    pub allow_negative_stock: bool,
    /// Whether reminders falling due are told by a desktop notification
    /// (Settings; on by default).
    pub notifications: bool,
    pub error: Option<ErrorPayload>,
    /// When the file has been found damaged (by the full check after start, or by
    /// SQLite while reading): why. Reads keep working; every write is refused
    /// with `db_damaged` until the file passes a full check again.
    pub damage: Option<String>,
}

/// Maps an OS locale such as `zh_CN.UTF-8` or `en-GB` to a UI language.
pub fn language_for_locale(locale: &str) -> &'static str {
    if locale.to_lowercase().starts_with("zh") {
        "zh-CN"
    } else {
        "en"
    }
}

/// The languages the UI speaks.
pub const LANGUAGES: &[&str] = &["en", "zh-CN"];

/// What the app reports at start-up. `store` is `None` when the file could not be
/// opened; `error` then says why, and the counts are zero.
pub fn status(
    store: Option<&Store>,
    db_path: &str,
    os_language: &str,
    error: Option<ErrorPayload>,
) -> AppStatus {
    let notifications = store.is_none_or(|s| notifications_enabled(s).unwrap_or(true));
    let (schema_version, language, customer_count, title_count, allow_negative_stock) = match store
    {
        Some(s) => (
            s.schema_version().unwrap_or(0),
            s.setting("language")
                .ok()
                .flatten()
                .unwrap_or_else(|| os_language.to_string()),
            customers::count(s).unwrap_or(0),
            catalog::title_count(s).unwrap_or(0),
            stock::allow_negative_stock(s).unwrap_or(false),
        ),
        None => (0, os_language.to_string(), 0, 0, false),
    };
    AppStatus {
        version: env!("CARGO_PKG_VERSION").to_string(),
        db_path: db_path.to_string(),
        schema_version,
        language,
        customer_count,
        title_count,
        allow_negative_stock,
        notifications,
        error,
        damage: store.and_then(|s| s.damage()),
    }
}

/// Whether the file holds any customers, titles or suppliers (sample data only
/// goes into a file that holds none).
pub fn has_records(store: &Store) -> Result<bool> {
    Ok(store.conn().query_row(
        "SELECT EXISTS (SELECT 1 FROM customers) OR EXISTS (SELECT 1 FROM titles)
            OR EXISTS (SELECT 1 FROM suppliers)",
        [],
        |r| r.get(0),
    )?)
}

/// Whether reminders are told by desktop notifications (on unless switched off).
pub fn notifications_enabled(store: &Store) -> Result<bool> {
    Ok(store.setting("notifications")?.as_deref() != Some("off"))
}

/// Switches desktop notifications on or off (Settings).
pub fn set_notifications(store: &mut Store, on: bool) -> Result<()> {
    store.set_setting("notifications", if on { "on" } else { "off" })
}

/// Saves the UI language chosen in Settings.
pub fn set_language(store: &mut Store, language: &str) -> Result<()> {
    if !LANGUAGES.contains(&language) {
        return Err(FolioError::invalid(
            Code::LanguageInvalid,
            "language",
            "language must be en or zh-CN",
        ));
    }
    store.set_setting("language", language)
}

#[cfg(test)]
mod tests {
    #[test]
    fn locale_mapping() {
        assert_eq!(super::language_for_locale("zh_CN.UTF-8"), "zh-CN");
        assert_eq!(super::language_for_locale("zh-TW"), "zh-CN");
        assert_eq!(super::language_for_locale("en-GB"), "en");
        assert_eq!(super::language_for_locale(""), "en");
    }

    #[test]
    fn language_is_one_the_ui_speaks() {
        let mut store = crate::Store::open_in_memory().unwrap();
        for (language, ok) in [("en", true), ("zh-CN", true), ("fr", false), ("", false)] {
            assert_eq!(
                super::set_language(&mut store, language).is_ok(),
                ok,
                "{language}"
            );
        }
        assert_eq!(store.setting("language").unwrap().as_deref(), Some("zh-CN"));
    }
}
