//! One error type for the whole core. It crosses every boundary (CLI, IPC) as
//! `{code, message, field?}`: `code` is stable and machine-readable so the UI can
//! show its own translated text, `message` is a plain English sentence for the CLI
//! and logs, and `field` names the input that was wrong, when there is one.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Declares [`Code`], its wire names and the list of all of them in one place, so
/// that a code cannot be added without the UI's dictionaries being checked for it.
macro_rules! codes {
    ($($name:ident = $wire:literal,)*) => {
        /// Every stable error code the core sends. The UI translates each one (the
        /// i18n test walks [`Code::ALL`], exported as `ERROR_CODES`), so adding a
        /// variant means adding its text in both languages.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
        pub enum Code {
            $(#[serde(rename = $wire)] $name,)*
        }

        impl Code {
            pub const ALL: &'static [Code] = &[$(Code::$name,)*];

            /// The code as it crosses IPC and as the CLI prints it.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Code::$name => $wire,)*
                }
            }
        }
    };
}

codes! {
    Cancelled = "cancelled",
    JobRunning = "job_running",
    AlreadyReversed = "already_reversed",
    AmountInvalid = "amount_invalid",
    AmountNotPositive = "amount_not_positive",
    AmountRange = "amount_range",
    BirthdayInvalid = "birthday_invalid",
    CodeInvalid = "code_invalid",
    CodeTaken = "code_taken",
    CountInvalid = "count_invalid",
    CreditExceeded = "credit_exceeded",
    CreditInvalid = "credit_invalid",
    CreditNegative = "credit_negative",
    CreditRange = "credit_range",
    CustomerReferenced = "customer_referenced",
    CustomerDuplicate = "customer_duplicate",
    CustomerRequired = "customer_required",
    CustomerUnknown = "customer_unknown",
    DateInvalid = "date_invalid",
    DbBusy = "db_busy",
    DbCorrupt = "db_corrupt",
    DbDamaged = "db_damaged",
    DbError = "db_error",
    DbLocked = "db_locked",
    DbMissing = "db_missing",
    DbReadOnly = "db_read_only",
    DbTooNew = "db_too_new",
    DemoNotEmpty = "demo_not_empty",
    DemoTooMany = "demo_too_many",
    DiscountInvalid = "discount_invalid",
    DiscountRange = "discount_range",
    EmailInvalid = "email_invalid",
    IoError = "io_error",
    IsbnAmbiguous = "isbn_ambiguous",
    IsbnCheckDigit = "isbn_check_digit",
    IsbnFixed = "isbn_fixed",
    IsbnInvalid = "isbn_invalid",
    IsbnPrefix = "isbn_prefix",
    IsbnUnknown = "isbn_unknown",
    KindInvalid = "kind_invalid",
    LanguageInvalid = "language_invalid",
    LedgerMismatch = "ledger_mismatch",
    LineInvalid = "line_invalid",
    LinesRequired = "lines_required",
    MergeIntoArchived = "merge_into_archived",
    MergeSame = "merge_same",
    NameRequired = "name_required",
    NotFound = "not_found",
    NumberRange = "number_range",
    NothingToShip = "nothing_to_ship",
    OrderHasReturns = "order_has_returns",
    OrderNotCancellable = "order_not_cancellable",
    OrderNotConfirmed = "order_not_confirmed",
    OrderNotDraft = "order_not_draft",
    OrderNotShipped = "order_not_shipped",
    OrderOtherCustomer = "order_other_customer",
    OrderUnknown = "order_unknown",
    PaymentMethodInvalid = "payment_method_invalid",
    PaymentOnAccount = "payment_on_account",
    PeriodInvalid = "period_invalid",
    PhoneInvalid = "phone_invalid",
    PriceFixed = "price_fixed",
    PriceInvalid = "price_invalid",
    PriceRange = "price_range",
    PriceUnknown = "price_unknown",
    QuantityInvalid = "quantity_invalid",
    ReasonRequired = "reason_required",
    ReorderInvalid = "reorder_invalid",
    ReturnNotOnOrder = "return_not_on_order",
    ReturnTooMany = "return_too_many",
    ReverseReversal = "reverse_reversal",
    SettlementInvalid = "settlement_invalid",
    StockNegative = "stock_negative",
    StockShort = "stock_short",
    SupplierTaken = "supplier_taken",
    SupplierUnknown = "supplier_unknown",
    TaxIdInvalid = "tax_id_invalid",
    TermsInvalid = "terms_invalid",
    TextInvalid = "text_invalid",
    TermsRange = "terms_range",
    TitleRequired = "title_required",
    TitleTaken = "title_taken",
    TitleUnknown = "title_unknown",
    TooLong = "too_long",
    TooManyLines = "too_many_lines",
    TooManyTags = "too_many_tags",
    CaseCategoryInvalid = "case_category_invalid",
    CaseClosed = "case_closed",
    CasePriorityInvalid = "case_priority_invalid",
    CaseStatusInvalid = "case_status_invalid",
    CaseUnknown = "case_unknown",
    InteractionKindInvalid = "interaction_kind_invalid",
    RecurrenceInvalid = "recurrence_invalid",
    ReminderKindInvalid = "reminder_kind_invalid",
    ReminderNotOpen = "reminder_not_open",
    ReturnUnknown = "return_unknown",
    RuleSettingInvalid = "rule_setting_invalid",
    ScoreRange = "score_range",
    SummaryRequired = "summary_required",
    TimeInvalid = "time_invalid",
    TotalRange = "total_range",
    ImportCell = "import_cell",
    ImportColumnTwice = "import_column_twice",
    ImportColumnsMissing = "import_columns_missing",
    ImportDuplicate = "import_duplicate",
    ImportFileEmpty = "import_file_empty",
    ImportFileTooLarge = "import_file_too_large",
    ImportFileUnreadable = "import_file_unreadable",
    ImportFormatUnknown = "import_format_unknown",
    ImportMappingInvalid = "import_mapping_invalid",
    ImportNoRows = "import_no_rows",
    ImportOnFile = "import_on_file",
    ImportRefused = "import_refused",
    ImportTooManyColumns = "import_too_many_columns",
    ImportTooManyRows = "import_too_many_rows",
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The shape every error takes when it leaves the core.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ErrorPayload {
    /// One of [`Code`]; typed as a plain string in TypeScript because the UI also
    /// makes payloads of its own (`unknown`) from what a failed `invoke` threw.
    #[ts(type = "string")]
    pub code: Code,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub field: Option<String>,
    /// The figures the message is made of (a balance, a limit, a line number),
    /// so the UI can say the same in its own language instead of showing the
    /// core's English `message`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub params: Option<BTreeMap<String, String>>,
}

#[derive(Debug, thiserror::Error)]
pub enum FolioError {
    /// User input that breaks a rule. Nothing has been written.
    #[error("{message}")]
    Invalid {
        code: Code,
        field: String,
        message: String,
        /// Named figures for the UI's translation; see [`ErrorPayload::params`].
        params: BTreeMap<String, String>,
    },
    #[error("{what} not found: {}", crate::base::text::quote(key))]
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
    /// The file was found damaged after it was opened (by the full check, or by
    /// SQLite on the way): reads go on, writes are refused.
    #[error("the database file {path} is damaged ({detail}); Folio will not write to it. You can still look things up; restore a backup or open another file.")]
    Damaged { path: String, detail: String },
    /// Another Folio window already has this file open.
    #[error("the database file {path} is already open in another Folio window")]
    Locked { path: String },
    /// No file at the path, and the caller did not ask for one to be made.
    #[error("no Folio database at {path} (nothing was created; check the path, or run `folio init` or pass --create to make one)")]
    Missing { path: String },
    /// The file, or the folder it is in, cannot be written.
    #[error("the database {what} {path} is read-only, so Folio cannot write to it")]
    ReadOnly { what: &'static str, path: String },
    /// Another program held the write lock for longer than Folio waits.
    #[error("the database file {path} was kept busy by another program for {seconds} s; nothing was changed, try again")]
    Busy { path: String, seconds: u64 },
    #[error("database error: {0}")]
    Db(#[from] rusqlite::Error),
    #[error("file error: {0}")]
    Io(#[from] std::io::Error),
}

pub type Result<T, E = FolioError> = std::result::Result<T, E>;

impl FolioError {
    pub fn invalid(code: Code, field: impl Into<String>, message: impl Into<String>) -> Self {
        FolioError::Invalid {
            code,
            field: field.into(),
            message: message.into(),
            params: BTreeMap::new(),
        }
    }

    /// Adds a named figure for the UI's translation of this error (only
    /// [`FolioError::Invalid`] carries them; others are returned unchanged).
    pub fn with(mut self, name: &str, value: impl ToString) -> Self {
        if let FolioError::Invalid { params, .. } = &mut self {
            params.insert(name.to_string(), value.to_string());
        }
        self
    }

    /// The stable code the UI translates.
    pub fn code(&self) -> Code {
        match self {
            FolioError::Invalid { code, .. } => *code,
            FolioError::NotFound { .. } => Code::NotFound,
            FolioError::Corrupt { .. } => Code::DbCorrupt,
            FolioError::TooNew { .. } => Code::DbTooNew,
            FolioError::Damaged { .. } => Code::DbDamaged,
            FolioError::Locked { .. } => Code::DbLocked,
            FolioError::Missing { .. } => Code::DbMissing,
            FolioError::ReadOnly { .. } => Code::DbReadOnly,
            FolioError::Busy { .. } => Code::DbBusy,
            FolioError::Db(_) => Code::DbError,
            FolioError::Io(_) => Code::IoError,
        }
    }

    /// Whether this says the file is damaged: refused as such, or SQLite
    /// meeting a broken page or index on the way.
    pub fn is_damage(&self) -> bool {
        match self {
            FolioError::Corrupt { .. } | FolioError::Damaged { .. } => true,
            FolioError::Db(e) => crate::store::check::is_damage(e),
            _ => false,
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
            code: self.code(),
            message: self.to_string(),
            field: self.field().map(str::to_string),
            params: match self {
                FolioError::Invalid { params, .. } if !params.is_empty() => Some(params.clone()),
                _ => None,
            },
        }
    }
}

impl Serialize for FolioError {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        self.payload().serialize(s)
    }
}

#[cfg(test)]
mod tests {
    use super::Code;

    #[test]
    fn wire_names_are_unique_snake_case_and_round_trip() {
        let mut seen = std::collections::HashSet::new();
        for &code in Code::ALL {
            let wire = code.as_str();
            assert!(seen.insert(wire), "{wire} twice");
            assert!(
                wire.chars().all(|c| c.is_ascii_lowercase() || c == '_'),
                "{wire}"
            );
            let json = serde_json::to_string(&code).unwrap();
            assert_eq!(json, format!("\"{wire}\""));
            assert_eq!(serde_json::from_str::<Code>(&json).unwrap(), code);
        }
    }
}
