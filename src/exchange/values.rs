//! A cell of a user's file as the text the core's own parsers read: the same
//! rules as typed input (`base::money`, `base::fields`, `base::isbn`) then
//! apply, so nothing here decides whether a value is allowed, only how a
//! spreadsheet carried it.
//!
//! What a cell may carry, by the kind of field:
//! - money: text as typed (`￥1,234.50`, `¥45.00`, `"5,000.00"`) or a number
//!   cell. A number cell is written out as its shortest decimal (never
//!   multiplied as a float); more than two decimals is refused, never
//!   rounded, as is text with more than two (`12.345`).
//! - discounts: what `money::parse_discount` reads (`6.5折`, `65%`, `0.65`,
//!   a percent-formatted number cell, which holds 0.65). Basis points (`6500`)
//!   are Folio's own unit, not something people write, and are refused as out
//!   of range by the core.
//! - dates: text (`2024/3/7`, `2024-03-07`) or a date or number cell read as an
//!   Excel serial day.
//! - ISBNs: text with hyphens, ISBN-10, or a number cell holding the whole
//!   13 (or 10) digits. A number that lost digits (`9.78754E+12` as text, a
//!   number cell that is not a whole number, or one that ends in six or more
//!   zeros, as a number typed from its rounded display does) is refused.
//! - codes and phones: text, or a whole number cell written without decimals.

use chrono::{Duration, NaiveDate};

use super::read::Value;

/// How a field's cells are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Carry {
    Text,
    /// A code, a phone, a tax id: a number cell is its digits.
    Code,
    Isbn,
    Money,
    Discount,
    Quantity,
    Date,
    /// A publication date: a year (a number cell 2008), a month or a date.
    PubDate,
}

/// The text the core reads for cell `v` of a field carried as `carry`, or why
/// the cell cannot be read as one.
pub fn text(carry: Carry, v: &Value) -> Result<String, String> {
    match v {
        Value::Empty => Ok(String::new()),
        Value::Formula(f) => Err(format!(
            "the cell holds a formula ({}); import values, not formulas (paste as values first)",
            crate::base::text::quote(&format!("={}", f.trim_start_matches('=')))
        )),
        Value::Error(e) => Err(format!("the cell shows an error ({e})")),
        Value::Bool(_) => Err("the cell is TRUE/FALSE, which is not a value here".to_string()),
        Value::Text(s) => from_text(carry, s),
        Value::Int(i) => from_number(carry, *i as f64, Some(*i)),
        Value::Float(f) => from_number(carry, *f, None),
        Value::Date(d) => match carry {
            Carry::Date | Carry::PubDate | Carry::Text => {
                serial_date(*d).ok_or_else(|| format!("the date cell ({d}) is not a real date"))
            }
            _ => Err("the cell is a date, which is not a value here".to_string()),
        },
    }
}

fn from_text(carry: Carry, s: &str) -> Result<String, String> {
    let t = s.trim();
    match carry {
        Carry::Isbn if lost_digits(t) => Err(format!(
            "ISBN {} has lost digits (the spreadsheet showed a number in E notation); format the column as text and type the ISBN again",
            crate::base::text::quote(t)
        )),
        Carry::Money if decimals(t) > 2 => Err(format!(
            "{} has more than two decimals; money is kept to the fen (0.01)",
            crate::base::text::quote(t)
        )),
        _ => Ok(s.to_string()),
    }
}

/// `9.78754E+12`: a number shown in E notation, as a spreadsheet shows a long one.
fn lost_digits(t: &str) -> bool {
    let up = t.to_ascii_uppercase();
    match up.split_once('E') {
        Some((m, e)) => {
            !m.is_empty()
                && m.chars().all(|c| c.is_ascii_digit() || c == '.')
                && e.trim_start_matches(['+', '-'])
                    .chars()
                    .all(|c| c.is_ascii_digit())
                && !e.is_empty()
        }
        None => false,
    }
}

/// How many digits a number written as text has after its decimal point.
fn decimals(t: &str) -> usize {
    let t = t.trim_end_matches(|c: char| !c.is_ascii_digit());
    match t.rsplit_once('.') {
        Some((_, f)) if f.chars().all(|c| c.is_ascii_digit()) => f.len(),
        _ => 0,
    }
}

fn from_number(carry: Carry, f: f64, int: Option<i64>) -> Result<String, String> {
    if !f.is_finite() {
        return Err("the cell is not a finite number".to_string());
    }
    let whole = f.fract() == 0.0 && f.abs() < 9.0e15;
    let digits = || match int {
        Some(i) => i.to_string(),
        None => format!("{f:.0}"),
    };
    match carry {
        Carry::Isbn => {
            if !whole {
                return Err(format!(
                    "ISBN {f} has lost digits (it is not a whole number); format the column as text and type the ISBN again"
                ));
            }
            let d = digits();
            if d.len() >= 10 && d.ends_with("000000") {
                return Err(format!(
                    "ISBN {d} looks like a number that lost its last digits; format the column as text and type the ISBN again"
                ));
            }
            Ok(d)
        }
        Carry::Code | Carry::Quantity if whole => Ok(digits()),
        Carry::PubDate if whole && (1000.0..=9999.0).contains(&f) => Ok(digits()),
        Carry::Date | Carry::PubDate => {
            serial_date(f).ok_or_else(|| format!("the number {f} is not a date"))
        }
        Carry::Money => {
            // The shortest decimal that reads back as this number: what the user typed.
            let s = match int {
                Some(i) => i.to_string(),
                None => f.to_string(),
            };
            if decimals(&s) > 2 {
                return Err(format!(
                    "{s} has more than two decimals; money is kept to the fen (0.01)"
                ));
            }
            Ok(s)
        }
        _ => Ok(match int {
            Some(i) => i.to_string(),
            None => f.to_string(),
        }),
    }
}

/// An Excel serial day (1900 date system; its day 60 is the 29 February 1900
/// that never was) as `YYYY-MM-DD`; the time of day is left out.
pub fn serial_date(serial: f64) -> Option<String> {
    if !serial.is_finite() || !(1.0..3_000_000.0).contains(&serial) {
        return None;
    }
    let days = serial.floor() as i64;
    let base = if days < 60 {
        NaiveDate::from_ymd_opt(1899, 12, 31)?
    } else if days == 60 {
        return None;
    } else {
        NaiveDate::from_ymd_opt(1899, 12, 30)?
    };
    base.checked_add_signed(Duration::days(days))
        .map(|d| d.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serials() {
        for (s, want) in [
            (1.0, Some("1900-01-01")),
            (59.0, Some("1900-02-28")),
            (60.0, None),
            (61.0, Some("1900-03-01")),
            (45358.0, Some("2024-03-07")),
            (45358.75, Some("2024-03-07")),
            (0.0, None),
            (-3.0, None),
            (f64::NAN, None),
        ] {
            assert_eq!(serial_date(s).as_deref(), want, "{s}");
        }
    }
}
