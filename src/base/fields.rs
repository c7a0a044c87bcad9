//! Checks on typed fields that several forms share (customers, suppliers, titles),
//! so the same mistake gets the same error code wherever it is made.

use crate::base::error::{Code, FolioError, Result};

/// Refuses text longer than `max` characters, naming the field.
pub(crate) fn too_long(field: &str, value: &str, max: usize) -> Result<()> {
    if value.chars().count() > max {
        return Err(FolioError::invalid(
            Code::TooLong,
            field,
            format!("{field} is too long: at most {max} characters"),
        ));
    }
    Ok(())
}

/// A name that must be given: trimmed, not blank, at most `max` characters.
pub(crate) fn required_name(field: &str, value: &str, max: usize) -> Result<String> {
    let name = value.trim().to_string();
    if name.is_empty() {
        return Err(FolioError::invalid(
            Code::NameRequired,
            field,
            format!("{field} is required"),
        ));
    }
    too_long(field, &name, max)?;
    Ok(name)
}

/// Payment terms (账期) in whole days, 0 to 3650; blank means 0 (cash).
pub(crate) fn payment_terms(field: &str, input: &str) -> Result<i64> {
    let t = input.trim();
    if t.is_empty() {
        return Ok(0);
    }
    match t.parse::<i64>() {
        Ok(d) if (0..=3650).contains(&d) => Ok(d),
        Ok(_) => Err(FolioError::invalid(
            Code::TermsRange,
            field,
            "payment terms must be between 0 and 3650 days",
        )),
        Err(_) => Err(FolioError::invalid(
            Code::TermsInvalid,
            field,
            format!("payment terms {t:?} is not a whole number of days"),
        )),
    }
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
            ("3651", "terms_range"),
            ("-1", "terms_range"),
            ("thirty", "terms_invalid"),
            ("30.5", "terms_invalid"),
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
}
