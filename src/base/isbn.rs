//! ISBNs: what people type or scan (ISBN-13, ISBN-10, hyphens, spaces) to the one
//! canonical form we store, ISBN-13 digits only.

/// Why an ISBN was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IsbnError {
    /// Not 10 or 13 characters of digits (and X) once hyphens and spaces are gone.
    Shape,
    /// The check digit does not match.
    CheckDigit,
    /// Thirteen digits that do not start 978 or 979.
    Prefix,
}

impl std::fmt::Display for IsbnError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            IsbnError::Shape => "an ISBN has 13 digits (or 10, the last may be X)",
            IsbnError::CheckDigit => "the check digit is wrong (a typo, or a misread scan)",
            IsbnError::Prefix => "an ISBN-13 starts with 978 or 979",
        })
    }
}

/// The ISBN-13 check digit of the first twelve digits: weights 1,3,1,3…
pub fn check13(first12: &[u8]) -> u8 {
    let sum: u32 = first12
        .iter()
        .enumerate()
        .map(|(i, d)| *d as u32 * if i % 2 == 0 { 1 } else { 3 })
        .sum();
    ((10 - sum % 10) % 10) as u8
}

/// The ISBN-10 check value (0–10, 10 written X) of the first nine digits: weights 10…2.
pub fn check10(first9: &[u8]) -> u8 {
    let sum: u32 = first9
        .iter()
        .enumerate()
        .map(|(i, d)| *d as u32 * (10 - i as u32))
        .sum();
    ((11 - sum % 11) % 11) as u8
}

/// Parses an ISBN in any usual form into canonical ISBN-13 digits.
pub fn parse(input: &str) -> Result<String, IsbnError> {
    let cleaned: String = input
        .trim()
        .chars()
        .filter(|c| !matches!(c, '-' | ' ' | '\u{2010}' | '\u{2011}' | '\u{2013}'))
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            'x' | 'Ｘ' | 'ｘ' => 'X',
            _ => c,
        })
        .collect();
    let cleaned = cleaned
        .strip_prefix("ISBN:")
        .or_else(|| cleaned.strip_prefix("ISBN"))
        .unwrap_or(&cleaned)
        .to_string();
    // Byte lengths below are character lengths only for ASCII.
    if !cleaned.is_ascii() {
        return Err(IsbnError::Shape);
    }
    match cleaned.len() {
        13 => {
            if !cleaned.bytes().all(|b| b.is_ascii_digit()) {
                return Err(IsbnError::Shape);
            }
            let d: Vec<u8> = cleaned.bytes().map(|b| b - b'0').collect();
            if !(cleaned.starts_with("978") || cleaned.starts_with("979")) {
                return Err(IsbnError::Prefix);
            }
            if check13(&d[..12]) != d[12] {
                return Err(IsbnError::CheckDigit);
            }
            Ok(cleaned)
        }
        10 => {
            let (body, last) = cleaned.split_at(9);
            if !body.bytes().all(|b| b.is_ascii_digit()) {
                return Err(IsbnError::Shape);
            }
            let d: Vec<u8> = body.bytes().map(|b| b - b'0').collect();
            let check = match last {
                "X" => 10,
                l if l.as_bytes()[0].is_ascii_digit() => l.as_bytes()[0] - b'0',
                _ => return Err(IsbnError::Shape),
            };
            if check10(&d) != check {
                return Err(IsbnError::CheckDigit);
            }
            Ok(to13(body))
        }
        _ => Err(IsbnError::Shape),
    }
}

/// ISBN-10 body (nine digits) to ISBN-13: prefix 978 and recompute the check.
fn to13(body9: &str) -> String {
    let twelve = format!("978{body9}");
    let d: Vec<u8> = twelve.bytes().map(|b| b - b'0').collect();
    format!("{twelve}{}", check13(&d))
}

/// The ISBN-10 form of a canonical ISBN-13, when it has one (978 only).
pub fn to10(isbn13: &str) -> Option<String> {
    let body = isbn13.strip_prefix("978")?.get(..9)?;
    let d: Vec<u8> = body.bytes().map(|b| b - b'0').collect();
    let c = check10(&d);
    Some(format!(
        "{body}{}",
        if c == 10 {
            "X".to_string()
        } else {
            c.to_string()
        }
    ))
}

/// Groups an ISBN-13 for reading: 978-7-02-000000-0 would need the range tables, so
/// we only split prefix and check digit: `978-702000000-0`... kept simple on purpose.
pub fn display(isbn13: &str) -> String {
    if isbn13.len() == 13 {
        format!("{}-{}-{}", &isbn13[..3], &isbn13[3..12], &isbn13[12..])
    } else {
        isbn13.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn parse_table() {
        let cases: &[(&str, Result<&str, IsbnError>)] = &[
            ("9787020002207", Ok("9787020002207")),
            ("978-7-02-000220-7", Ok("9787020002207")),
            ("978 7 02 000220 7", Ok("9787020002207")),
            ("ISBN 978-7-02-000220-7", Ok("9787020002207")),
            ("702000220X", Ok("9787020002207")),
            ("7-02-000220-x", Ok("9787020002207")),
            ("080442957X", Ok("9780804429573")),
            ("080442957x", Ok("9780804429573")),
            ("９７８７０２０００２２０７", Ok("9787020002207")),
            ("9791032300824", Ok("9791032300824")),
            ("9787020002208", Err(IsbnError::CheckDigit)),
            ("7020002207", Err(IsbnError::CheckDigit)),
            ("1234567890123", Err(IsbnError::Prefix)),
            ("978702000220", Err(IsbnError::Shape)),
            ("97870200022071", Err(IsbnError::Shape)),
            ("978702000220X", Err(IsbnError::Shape)),
            ("X020002207", Err(IsbnError::Shape)),
            ("", Err(IsbnError::Shape)),
            ("hello world!!", Err(IsbnError::Shape)),
        ];
        for (input, want) in cases {
            assert_eq!(parse(input).as_deref().map_err(|e| *e), *want, "{input:?}");
        }
    }

    #[test]
    fn ten_and_back() {
        assert_eq!(to10("9787020002207").as_deref(), Some("702000220X"));
        assert_eq!(to10("9780804429573").as_deref(), Some("080442957X"));
        assert_eq!(to10("9791032300824"), None, "979 ISBNs have no ISBN-10");
    }

    fn digits(n: usize) -> impl Strategy<Value = Vec<u8>> {
        proptest::collection::vec(0u8..10, n)
    }

    fn s(d: &[u8]) -> String {
        d.iter().map(|x| char::from(b'0' + x)).collect()
    }

    proptest! {
        #[test]
        fn every_valid_isbn13_parses_to_itself(prefix in prop_oneof![Just("978"), Just("979")], body in digits(9)) {
            let twelve = format!("{prefix}{}", s(&body));
            let d: Vec<u8> = twelve.bytes().map(|b| b - b'0').collect();
            let isbn = format!("{twelve}{}", check13(&d));
            prop_assert_eq!(parse(&isbn), Ok(isbn.clone()));
            // Hyphens anywhere do not matter.
            let hyphenated = format!("{}-{}-{}", &isbn[..3], &isbn[3..8], &isbn[8..]);
            prop_assert_eq!(parse(&hyphenated), Ok(isbn.clone()));
        }

        #[test]
        fn isbn10_and_13_round_trip(body in digits(9)) {
            let c = check10(&body);
            let ten = format!("{}{}", s(&body), if c == 10 { "X".to_string() } else { c.to_string() });
            let thirteen = parse(&ten).unwrap();
            prop_assert!(thirteen.starts_with("978"));
            prop_assert_eq!(parse(&thirteen), Ok(thirteen.clone()));
            prop_assert_eq!(to10(&thirteen), Some(ten));
        }

        #[test]
        fn any_single_digit_typo_is_caught(prefix in prop_oneof![Just("978"), Just("979")], body in digits(9), pos in 3usize..13, delta in 1u8..10) {
            let twelve = format!("{prefix}{}", s(&body));
            let d: Vec<u8> = twelve.bytes().map(|b| b - b'0').collect();
            let mut isbn: Vec<u8> = format!("{twelve}{}", check13(&d)).into_bytes();
            isbn[pos] = b'0' + (isbn[pos] - b'0' + delta) % 10;
            let typo = String::from_utf8(isbn).unwrap();
            prop_assert_eq!(parse(&typo), Err(IsbnError::CheckDigit));
        }

        #[test]
        fn parse_never_panics(input in "\\PC{0,30}") {
            let _ = parse(&input);
        }
    }
}
