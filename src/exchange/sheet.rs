//! The table model every export is written through: typed columns with their
//! headers in both languages, and cells that keep money in fen until the very
//! cell of the spreadsheet.

use crate::base::error::{Code, FolioError, Result};

/// The language of an export's sheet names, headers and words (status, kind).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    En,
    Zh,
}

impl Lang {
    /// `en`, or `zh` / `zh-CN` (the UI's setting spells it `zh-CN`).
    pub fn parse(s: &str) -> Result<Lang> {
        match s.trim().to_ascii_lowercase().as_str() {
            "en" => Ok(Lang::En),
            "zh" | "zh-cn" => Ok(Lang::Zh),
            _ => Err(FolioError::invalid(
                Code::LanguageInvalid,
                "lang",
                "language must be en or zh",
            )),
        }
    }

    /// The language a file's UI is set to (Settings); Chinese when none was chosen,
    /// as the users are Chinese wholesalers and their accountants.
    pub fn of_store(store: &crate::Store) -> Result<Lang> {
        Ok(match store.setting("language")?.as_deref() {
            Some("en") => Lang::En,
            _ => Lang::Zh,
        })
    }

    /// Picks the word of this language.
    pub fn pick(self, en: &'static str, zh: &'static str) -> &'static str {
        match self {
            Lang::En => en,
            Lang::Zh => zh,
        }
    }
}

/// What a column holds, which decides how its cells are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Free text: names, notes. Always a string cell, never a formula.
    Text,
    /// A code, an ISBN, a phone number, a document number: text, so that no
    /// spreadsheet drops a leading zero or turns 13 digits into 9.78754E+12.
    Code,
    /// Fen, shown as yuan with two decimals.
    Money,
    /// A whole count: copies, titles.
    Quantity,
    /// Basis points of list price paid, shown as a percentage.
    Discount,
    /// A calendar date, `YYYY-MM-DD` in the store.
    Date,
    /// A local date and time, `YYYY-MM-DDTHH:MM[:SS]` or with a space.
    Timestamp,
}

/// One column: its kind, its header in both languages, and whether the totals
/// row adds it up (a running balance or a unit price is not added up).
#[derive(Debug, Clone, Copy)]
pub struct Column {
    pub kind: Kind,
    pub en: &'static str,
    pub zh: &'static str,
    pub total: bool,
}

impl Column {
    pub const fn new(kind: Kind, en: &'static str, zh: &'static str) -> Column {
        // Money and quantities are added up unless said otherwise.
        let total = matches!(kind, Kind::Money | Kind::Quantity);
        Column {
            kind,
            en,
            zh,
            total,
        }
    }

    /// The same column, left out of the totals row.
    pub const fn no_total(self) -> Column {
        Column {
            total: false,
            ..self
        }
    }

    pub fn header(&self, lang: Lang) -> &'static str {
        lang.pick(self.en, self.zh)
    }
}

/// One cell of a row. Money, quantities and discounts stay integers here; the
/// writers turn them into a spreadsheet number (or CSV text) at the cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell {
    Empty,
    Text(String),
    /// Fen, a count, or basis points, as the column's kind says.
    Int(i64),
    /// `YYYY-MM-DD`, or a timestamp for a [`Kind::Timestamp`] column.
    Date(String),
    /// A formula of Folio's own making (never text from a user or a file), in
    /// which `{r}` stands for the 1-based row it lands on, with its result in
    /// the column's unit as [`Cell::Int`] holds it: .xlsx writes the formula
    /// with that result cached, CSV writes the result.
    Formula(String, i64),
}

impl Cell {
    pub fn text(s: impl Into<String>) -> Cell {
        Cell::Text(s.into())
    }

    pub fn opt_int(v: Option<i64>) -> Cell {
        v.map_or(Cell::Empty, Cell::Int)
    }

    pub fn opt_date(v: Option<String>) -> Cell {
        v.map_or(Cell::Empty, Cell::Date)
    }
}

/// What an export writes: a sheet name, the columns, and what the document
/// properties say about it (its title and period).
#[derive(Debug, Clone)]
pub struct Table {
    pub name_en: &'static str,
    pub name_zh: &'static str,
    pub columns: &'static [Column],
    /// The period the rows cover, for the document properties (`2026-01-01 – 2026-01-31`).
    pub period: String,
    /// How many rows are coming, for progress reports (0: not known).
    pub expected: u64,
}

impl Table {
    /// The same table, saying how many rows are coming (a count from the area).
    pub fn expecting(mut self, rows: i64) -> Table {
        self.expected = rows.max(0) as u64;
        self
    }

    pub fn name(&self, lang: Lang) -> &'static str {
        lang.pick(self.name_en, self.name_zh)
    }
}

/// The width of text as a spreadsheet shows it, in character cells: a CJK
/// (wide) character takes two, as it does in Excel's and WPS's default fonts.
pub fn display_width(s: &str) -> usize {
    s.chars().map(|c| if is_wide(c) { 2 } else { 1 }).sum()
}

fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F      // Hangul Jamo
        | 0x2E80..=0x303E    // CJK radicals, punctuation
        | 0x3041..=0x33FF    // kana, CJK symbols
        | 0x3400..=0x4DBF    // CJK extension A
        | 0x4E00..=0x9FFF    // CJK unified ideographs
        | 0xA000..=0xA4CF    // Yi
        | 0xAC00..=0xD7A3    // Hangul syllables
        | 0xF900..=0xFAFF    // CJK compatibility ideographs
        | 0xFE30..=0xFE4F    // CJK compatibility forms
        | 0xFF00..=0xFF60    // full-width forms
        | 0xFFE0..=0xFFE6
        | 0x20000..=0x3FFFD) // CJK extensions B and later
}

/// Whether a spreadsheet could take this text for a formula (or a DDE call)
/// when it is typed in or read from CSV: it starts with `=`, `+`, `-`, `@`, a
/// tab, a carriage return or a line feed (OWASP's list).
pub fn looks_like_formula(s: &str) -> bool {
    matches!(
        s.chars().next(),
        Some('=' | '+' | '-' | '@' | '\t' | '\r' | '\n')
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_count_cjk_as_two() {
        for (s, w) in [
            ("", 0),
            ("abc", 3),
            ("新华书店", 8),
            ("C001 书", 7),
            ("（）", 4),
        ] {
            assert_eq!(display_width(s), w, "{s}");
        }
    }

    #[test]
    fn formula_starts() {
        for (s, f) in [
            ("=1+1", true),
            ("+1", true),
            ("-2+3", true),
            ("@SUM(A1)", true),
            ("\tx", true),
            ("\rx", true),
            ("\nx", true),
            ("新华=书店", false),
            ("", false),
            ("C001", false),
        ] {
            assert_eq!(looks_like_formula(s), f, "{s:?}");
        }
    }
}
