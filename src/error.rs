//! One error type for the whole core. It crosses every boundary (CLI, IPC) as
//! `{code, message, field?}`: `code` is stable and machine-readable so the UI can
//! show its own translated text, `message` is a plain English sentence for the CLI
//! and logs, and `field` names the input that was wrong, when there is one.

use serde::Serialize;
use ts_rs::TS;

/// The shape every error takes when it leaves the core.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ErrorPayload {
    pub code: String,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub field: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum FolioError {
    /// User input that breaks a rule. Nothing has been written.
    #[error("{message}")]
    Invalid {
        code: &'static str,
        field: String,
        message: String,
    },
    #[error("{what} not found: {key}")]
    NotFound { what: &'static str, key: String },
    /// The database file is damaged; we refuse to touch it.
    #[error("the database file {path} is damaged ({detail}); Folio will not write to it. Restore a backup or open another file.")]
    Corrupt { path: String, detail: String },
    /// The file was written by a newer Folio whose schema we do not know.
    #[error("the database file {path} was created by a newer version of Folio (schema {found}, this version knows up to {known}); update Folio to open it")]
    TooNew {
        path: String,
        found: i64,
        known: i64,
    },
    /// Another Folio process already has this file open.
    #[error("the database file {path} is already open in another Folio window or process")]
    Locked { path: String },
    #[error("database error: {0}")]
    Db(#[from] rusqlite::Error),
    #[error("file error: {0}")]
    Io(#[from] std::io::Error),
}

pub type Result<T, E = FolioError> = std::result::Result<T, E>;

impl FolioError {
    pub fn invalid(
        code: &'static str,
        field: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        FolioError::Invalid {
            code,
            field: field.into(),
            message: message.into(),
        }
    }

    /// The stable code the UI translates.
    pub fn code(&self) -> &'static str {
        match self {
            FolioError::Invalid { code, .. } => code,
            FolioError::NotFound { .. } => "not_found",
            FolioError::Corrupt { .. } => "db_corrupt",
            FolioError::TooNew { .. } => "db_too_new",
            FolioError::Locked { .. } => "db_locked",
            FolioError::Db(_) => "db_error",
            FolioError::Io(_) => "io_error",
        }
    }

    pub fn field(&self) -> Option<&str> {
        match self {
            FolioError::Invalid { field, .. } => Some(field),
            _ => None,
        }
    }

    pub fn payload(&self) -> ErrorPayload {
        ErrorPayload {
            code: self.code().to_string(),
            message: self.to_string(),
            field: self.field().map(str::to_string),
        }
    }
}

impl Serialize for FolioError {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        self.payload().serialize(s)
    }
}
