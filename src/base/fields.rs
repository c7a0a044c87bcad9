//! Checks on typed fields that several forms share (customers, suppliers, titles,
//! documents), so the same mistake gets the same error code wherever it is made:
//! required names, whole numbers and sums of money with a stated range, payment
//! terms, and dates. The text rules themselves are in [`crate::base::text`].

use chrono::{Datelike, NaiveDate};

use crate::base::error::{Code, FolioError, Result};
use crate::base::money::{self, AmountError};
use crate::base::text::{self, quote};

/// A name that must be given: cleaned (invisible characters removed, control
/// characters refused), trimmed, not blank, at most `max` characters.
pub(crate) fn required_name(field: &str, value: &str, max: usize) -> Result<String> {
    text::required(
        field,
        value,
        max,
        Code::NameRequired,
        &format!("{field} is required"),
    )
}

/// The most days of payment terms: ten years.
pub const MAX_TERMS_DAYS: i64 = 3650;

/// Payment terms (账期) in whole days, 0 to [`MAX_TERMS_DAYS`]; blank means 0 (cash).
pub(crate) fn payment_terms(field: &str, input: &str) -> Result<i64> {
    if input.trim().is_empty() {
        return Ok(0);
    }
    whole(input, 0, MAX_TERMS_DAYS).map_err(|e| match e {
        Whole::Shape => FolioError::invalid(
            Code::TermsInvalid,
            field,
            format!(
                "payment terms {} is not a whole number of days",
                quote(input)
            ),
        ),
        Whole::Range => FolioError::invalid(
            Code::TermsRange,
            field,
            format!(
                "payment terms {} are out of range: from 0 to {MAX_TERMS_DAYS} days",
                quote(input)
            ),
        ),
    })
}

/// Why a whole number was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Whole {
    /// Not a whole number at all (`3.5`, `ten`, blank).
    Shape,
    /// A whole number outside the range, however far (`-1`, 10^30).
    Range,
}

/// Reads a whole number in `min..=max`: ASCII or full-width digits with an
/// optional sign. A number too long for an `i64` is out of range, not misshapen.
/// The caller words the error, naming its field and the range.
pub fn whole(input: &str, min: i64, max: i64) -> Result<i64, Whole> {
    let t: String = input
        .trim()
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '－' => '-',
            '＋' => '+',
            _ => c,
        })
        .collect();
    let digits = t.strip_prefix(['-', '+']).unwrap_or(&t);
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
        return Err(Whole::Shape);
    }
    match t.parse::<i64>() {
        Ok(n) if (min..=max).contains(&n) => Ok(n),
        _ => Err(Whole::Range),
    }
}

/// Reads a sum of money in yuan within `min..=max` fen. `label` is how the
/// message names it ("list price", "amount"); `invalid` and `range` are the
/// codes for a badly written and an out-of-range value. The message says which
/// way it is out and gives the range.
pub(crate) fn yuan(
    field: &str,
    label: &str,
    input: &str,
    (min, max): (i64, i64),
    invalid: Code,
    range: Code,
) -> Result<i64> {
    let out_of_range = |large: bool| {
        FolioError::invalid(
            range,
            field,
            format!(
                "{label} {} is too {}: it must be from {} to {}",
                quote(input),
                if large { "large" } else { "small" },
                money::format_fen(min),
                money::format_fen(max)
            ),
        )
    };
    match money::parse_yuan_checked(input) {
        Ok(f) if f > max => Err(out_of_range(true)),
        Ok(f) if f < min => Err(out_of_range(false)),
        Ok(f) => Ok(f),
        Err(AmountError::TooLarge) => Err(out_of_range(!input.trim().starts_with('-'))),
        Err(AmountError::Shape) => Err(FolioError::invalid(
            invalid,
            field,
            format!(
                "{label} {} is not an amount in yuan, such as 45.00",
                quote(input)
            ),
        )),
    }
}

/// The earliest date Folio takes, from a user or a file.
pub const MIN_DATE: NaiveDate = match NaiveDate::from_ymd_opt(1900, 1, 1) {
    Some(d) => d,
    None => panic!("a real date"),
};
/// The latest date Folio takes.
pub const MAX_DATE: NaiveDate = match NaiveDate::from_ymd_opt(2200, 12, 31) {
    Some(d) => d,
    None => panic!("a real date"),
};

/// The year, month and day of a date as typed (`2026-03-07`, `2026/3/7`,
/// `2026.3.7`, full-width digits too): a year of at least four digits (more, or
/// a `+`, is a year out of range, 0 here) and one or two digits of month and
/// day. Only the shape is checked here.
fn date_parts(input: &str) -> Option<(i32, Option<u32>, Option<u32>)> {
    let t: String = input
        .trim()
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '－' | '/' | '.' | '／' | '．' => '-',
            _ => c,
        })
        .collect();
    let parts: Vec<&str> = t.split('-').collect();
    let num = |s: &str, len: std::ops::RangeInclusive<usize>| {
        (len.contains(&s.len()) && s.chars().all(|c| c.is_ascii_digit()))
            .then(|| s.parse::<u32>().ok())
            .flatten()
    };
    let year_text = parts.first()?;
    let (plus, digits) = match year_text.strip_prefix('+') {
        Some(rest) => (true, rest),
        None => (false, *year_text),
    };
    let year = if digits.len() >= 4 && digits.chars().all(|c| c.is_ascii_digit()) {
        if plus || digits.len() > 4 {
            0
        } else {
            num(digits, 4..=4)? as i32
        }
    } else {
        return None;
    };
    match parts.as_slice() {
        [_] => Some((year, None, None)),
        [_, m] => Some((year, Some(num(m, 1..=2)?), None)),
        [_, m, d] => Some((year, Some(num(m, 1..=2)?), Some(num(d, 1..=2)?))),
        _ => None,
    }
}

fn date_error(field: &str, input: &str, why: &str) -> FolioError {
    FolioError::invalid(
        Code::DateInvalid,
        field,
        format!("{field}: {} {why}", quote(input)),
    )
}

fn in_range(field: &str, input: &str, d: NaiveDate) -> Result<NaiveDate> {
    if d < MIN_DATE || d > MAX_DATE {
        return Err(date_error(
            field,
            input,
            &format!("is out of range: dates run from {MIN_DATE} to {MAX_DATE}"),
        ));
    }
    Ok(d)
}

/// The one way a date is read, wherever it is typed or a file carries it: a real
/// calendar date between [`MIN_DATE`] and [`MAX_DATE`], written year first
/// (`2026-03-07`, `2026/3/7`). Stored and compared as `YYYY-MM-DD`
/// (`NaiveDate::to_string` gives that form for every year in range).
pub fn date(field: &str, input: &str) -> Result<NaiveDate> {
    let (y, m, d) = match date_parts(input) {
        Some((y, Some(m), Some(d))) => (y, m, d),
        _ => {
            return Err(date_error(
                field,
                input,
                "is not a date; write it as YYYY-MM-DD",
            ))
        }
    };
    if y == 0 {
        return in_range(field, input, NaiveDate::MIN);
    }
    let d = NaiveDate::from_ymd_opt(y, m, d)
        .ok_or_else(|| date_error(field, input, "is not a day of the calendar"))?;
    in_range(field, input, d)
}

/// A publication date: a year, a year and month, or a full date (`2008`,
/// `2008-07`, `2008-07-15`), each a real one in range; stored as `YYYY`,
/// `YYYY-MM` or `YYYY-MM-DD`. Blank is none.
pub fn pub_date(field: &str, input: &str) -> Result<String> {
    if input.trim().is_empty() {
        return Ok(String::new());
    }
    let bad = || {
        date_error(
            field,
            input,
            "is not a date; write 2008, 2008-07 or 2008-07-15",
        )
    };
    let (y, m, d) = date_parts(input).ok_or_else(bad)?;
    if y == 0 {
        in_range(field, input, NaiveDate::MIN)?;
    }
    let first = NaiveDate::from_ymd_opt(y, m.unwrap_or(1), d.unwrap_or(1))
        .ok_or_else(|| date_error(field, input, "is not a day of the calendar"))?;
    in_range(field, input, first)?;
    Ok(match (m, d) {
        (None, _) => format!("{:04}", first.year()),
        (Some(_), None) => format!("{:04}-{:02}", first.year(), first.month()),
        (Some(_), Some(_)) => first.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(r: Result<i64>) -> String {
        match r {
            Err(FolioError::Invalid { code, .. }) => code.to_string(),
            other => format!("{other:?}"),
        }
    }

    #[test]
    fn payment_terms_cases() {
        for (input, want) in [
            ("", "Ok(0)"),
            (" 30 ", "Ok(30)"),
            ("3650", "Ok(3650)"),
            ("３０", "Ok(30)"),
            ("3651", "terms_range"),
            ("-1", "terms_range"),
            ("9223372036854775807", "terms_range"),
            ("99999999999999999999", "terms_range"),
            ("-9223372036854775809", "terms_range"),
            ("thirty", "terms_invalid"),
            ("30.5", "terms_invalid"),
            ("-", "terms_invalid"),
        ] {
            assert_eq!(code(payment_terms("t", input)), want, "{input:?}");
        }
    }

    #[test]
    fn required_name_trims_and_refuses_blank() {
        assert_eq!(
            required_name("name", "  新华书店 ", 10).unwrap(),
            "新华书店"
        );
        assert!(matches!(
            required_name("name", "   ", 10),
            Err(FolioError::Invalid {
                code: Code::NameRequired,
                ..
            })
        ));
        assert!(matches!(
            required_name("name", "一二三四五六七八九十一", 10),
            Err(FolioError::Invalid {
                code: Code::TooLong,
                ..
            })
        ));
    }

    #[test]
    fn pub_dates_keep_their_precision() {
        for (input, want) in [
            ("2008", Ok("2008")),
            ("2008-7", Ok("2008-07")),
            ("2008/07/05", Ok("2008-07-05")),
            ("2026-02-30", Err(())),
            ("2026-13", Err(())),
            ("1899", Err(())),
            ("2201-01", Err(())),
            ("+10000-01-01", Err(())),
            ("08-07", Err(())),
        ] {
            assert_eq!(
                pub_date("pub_date", input).as_deref().map_err(|_| ()),
                want,
                "{input:?}"
            );
        }
    }
}
