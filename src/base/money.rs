//! Money and discounts, in integers only.
//!
//! Money is fen (`i64`): `¥12.90` is `1290`. A discount is the share of list
//! price the customer pays, in basis points: 6.5折 = 65% = 0.65 = `6500`.
//! Parsing accepts what people type (full-width digits, `¥`/`￥`, thousands
//! commas) and rejects anything it would have to guess at.

/// Normalise full-width digits and punctuation that Chinese input methods produce.
fn halfwidth(s: &str) -> String {
    s.trim()
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '．' | '。' => '.',
            '，' => ',',
            '％' => '%',
            '－' => '-',
            _ => c,
        })
        .collect()
}

/// Why a number of money (or a discount) was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AmountError {
    /// Not a number written the way we accept.
    Shape,
    /// Written right, but with more digits than any stated range takes (and more
    /// than an `i64` holds): too large, whatever the field.
    TooLarge,
}

/// The most fen any parse returns: more is [`AmountError::TooLarge`] before any
/// field's own range is looked at (about ¥10^16, far above every range).
const PARSE_CEILING: i64 = 1_000_000_000_000_000_000;

/// Parses an unsigned decimal into an integer scaled by 10^`scale`, refusing
/// more fractional digits than `scale` allows (we never round user input).
fn parse_scaled(s: &str, scale: u32) -> Result<i64, AmountError> {
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i, f),
        None => (s, ""),
    };
    if int.is_empty() && frac.is_empty() {
        return Err(AmountError::Shape);
    }
    if !int.chars().all(|c| c.is_ascii_digit()) || !frac.chars().all(|c| c.is_ascii_digit()) {
        return Err(AmountError::Shape);
    }
    if frac.len() > scale as usize {
        return Err(AmountError::Shape);
    }
    // Leading zeros say nothing; more than 18 significant digits is too large.
    let int = int.trim_start_matches('0');
    if int.len() > 18 {
        return Err(AmountError::TooLarge);
    }
    let int_val: i64 = if int.is_empty() {
        0
    } else {
        int.parse().map_err(|_| AmountError::TooLarge)?
    };
    let mut frac_val: i64 = if frac.is_empty() {
        0
    } else {
        frac.parse().map_err(|_| AmountError::Shape)?
    };
    for _ in frac.len()..scale as usize {
        frac_val *= 10;
    }
    int_val
        .checked_mul(10i64.pow(scale))
        .and_then(|v| v.checked_add(frac_val))
        .filter(|v| *v < PARSE_CEILING)
        .ok_or(AmountError::TooLarge)
}

/// Parses an amount in yuan (`5000`, `5000.00`, `￥5,000`, `-12.5`) into fen.
pub fn parse_yuan(input: &str) -> Option<i64> {
    parse_yuan_checked(input).ok()
}

/// [`parse_yuan`], saying whether a refused amount was badly written or only too
/// large, so that messages at the limits say the right thing.
pub fn parse_yuan_checked(input: &str) -> Result<i64, AmountError> {
    let s = halfwidth(input);
    let s = s.trim_start_matches(['¥', '￥']).trim();
    let (neg, s) = match s.strip_prefix('-') {
        Some(rest) => (true, rest.trim_start_matches(['¥', '￥']).trim()),
        None => (false, s),
    };
    // Thousands separators are only allowed in the integer part, in groups of three.
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (s, None),
    };
    let int = if int.contains(',') {
        let groups: Vec<&str> = int.split(',').collect();
        let ok = !groups[0].is_empty()
            && groups[0].len() <= 3
            && groups[1..].iter().all(|g| g.len() == 3);
        if !ok {
            return Err(AmountError::Shape);
        }
        groups.concat()
    } else {
        int.to_string()
    };
    let joined = match frac {
        Some(f) => format!("{int}.{f}"),
        None => int,
    };
    let v = parse_scaled(&joined, 2)?;
    Ok(if neg { -v } else { v })
}

/// Formats fen as `¥1,234.50`, negatives as `-¥12.00`.
pub fn format_fen(fen: i64) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    let abs = fen.unsigned_abs();
    let yuan = (abs / 100).to_string();
    let mut grouped = String::new();
    for (i, c) in yuan.chars().enumerate() {
        if i > 0 && (yuan.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("{sign}¥{grouped}.{:02}", abs % 100)
}

/// Why a discount was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DiscountError {
    /// Not one of the shapes we accept.
    Shape,
    /// Zero, or above list price.
    Range,
}

/// The most a list price may be: ¥1,000,000.00. With [`MAX_QUANTITY`] copies a
/// line is at most 10^14 fen, and a document of [`MAX_LINES`] lines 10^18: no
/// product or sum of a document's lines can overflow.
///
/// [`MAX_QUANTITY`]: crate::trade::stock::MAX_QUANTITY
/// [`MAX_LINES`]: crate::trade::stock::MAX_LINES
pub const MAX_PRICE_FEN: i64 = 100_000_000;

/// The most a payment, an opening balance or a credit limit may be:
/// ¥1,000,000,000.00 (an opening balance may also be as far below zero).
pub const MAX_AMOUNT_FEN: i64 = 100_000_000_000;

/// The lowest discount accepted: 0.01 of list price.
pub const MIN_DISCOUNT_BP: i64 = 100;
/// Full list price. Anything above needs an explicit override (a later issue).
pub const MAX_DISCOUNT_BP: i64 = 10_000;

/// Reads a discount written in Chinese numerals before 折 (`六折`, `六五折`, `六点五折`, `对折`)
/// as the digits it stands for (`6`, `6.5`, `6.5`, `5`), or `None` when it is not one.
/// `六五折` is how the trade says 6.5折: the first numeral is the whole 折, the rest its tenths.
fn chinese_zhe(n: &str) -> Option<String> {
    if n == "对" {
        return Some("5".into());
    }
    if n == "十" {
        return Some("10".into());
    }
    let digit = |c: char| match c {
        '〇' => Some(0),
        _ => "零一二三四五六七八九".chars().position(|d| d == c),
    };
    let mut out = String::new();
    let mut chars = n.chars().peekable();
    let first = digit(*chars.peek()?)?;
    chars.next();
    out.push_str(&first.to_string());
    let rest: Vec<char> = chars.collect();
    let rest = match rest.first() {
        Some('点') => &rest[1..],
        _ => &rest[..],
    };
    if !rest.is_empty() {
        out.push('.');
        for c in rest {
            out.push_str(&digit(*c)?.to_string());
        }
    }
    Some(out)
}

/// Parses a discount into basis points. Accepted, as the trade writes them:
/// - `6.5折`, `6折`, `六折`, `六五折`, `六点五折`, `对折`: 折, tenths of list price;
/// - `65%`, `65.5%`: a percentage of list price;
/// - a bare number, read by its size, where only one reading is possible:
///   up to 1 is a fraction of list price (`0.65`, `1`); a decimal from 2 to 10 is 折 (`5.8`
///   is 5.8折, never 5.8%); a number from 11 to 100 is a percentage (`58` is 58%, never 58折,
///   which does not exist).
///
/// Refused as not understood, because two readings are both possible: a whole number from 2
/// to 10 (`6`: 6折 or 6%? `10`: 10折 or 10%?). Refused as out of range: a bare decimal between
/// 1 and 2 (`1.5` is above list price as a fraction, and 1.5折 is more likely a slip than a
/// giveaway), zero, anything above list price, and anything below zero.
pub fn parse_discount(input: &str) -> Result<i64, DiscountError> {
    let s = halfwidth(input).replace(' ', "");
    // A discount below zero is out of range, however it is written (-0.5, -5折).
    let (negative, s) = match s.strip_prefix('-') {
        Some(rest) => (true, rest.to_string()),
        None => (false, s),
    };
    let scaled = |n: &str, scale| match parse_scaled(n, scale) {
        Ok(v) => Ok(v),
        Err(AmountError::Shape) => Err(DiscountError::Shape),
        Err(AmountError::TooLarge) => Err(DiscountError::Range),
    };
    let bp = if let Some(n) = s.strip_suffix('折') {
        // 6.5折 = 65%: one 折 is 1000 bp.
        match chinese_zhe(n) {
            Some(digits) => scaled(&digits, 3)?,
            None => scaled(n, 3)?,
        }
    } else if let Some(n) = s.strip_suffix('%') {
        scaled(n, 2)?
    } else {
        // A bare number: its size says which way it is written. v is in ten-thousandths.
        let v = scaled(&s, 4)?;
        if negative {
            return Err(DiscountError::Range);
        }
        let decimal = s.contains('.');
        match v {
            // 0.65, 1: a fraction of list price.
            ..=10_000 => v,
            // 1.5: above list price as a fraction; as 折 too unlikely to take unasked.
            10_001..=19_999 => return Err(DiscountError::Range),
            // 5.8 is 5.8折; a whole 2…10 could be 折 or %.
            20_000..=100_000 if decimal => scaled(&s, 3)?,
            20_000..=100_000 => return Err(DiscountError::Shape),
            // 58, 65.5: a percentage.
            100_001..=1_000_000 => scaled(&s, 2)?,
            _ => return Err(DiscountError::Range),
        }
    };
    if negative {
        return Err(DiscountError::Range);
    }
    // The floor is 0.01 (1折 is already a giveaway; 0.01 catches typos such as 0.0065).
    if !(MIN_DISCOUNT_BP..=MAX_DISCOUNT_BP).contains(&bp) {
        return Err(DiscountError::Range);
    }
    Ok(bp)
}

/// Formats basis points the way the trade says it: `6500` → `6.5折`.
pub fn format_discount_zhe(bp: i64) -> String {
    let whole = bp / 1000;
    let rest = bp % 1000;
    if rest == 0 {
        format!("{whole}折")
    } else {
        let frac = format!("{rest:03}");
        format!("{whole}.{}折", frac.trim_end_matches('0'))
    }
}

/// Formats basis points as a percentage: `6500` → `65%`, `6550` → `65.5%`.
pub fn format_discount_percent(bp: i64) -> String {
    let whole = bp / 100;
    let rest = bp % 100;
    if rest == 0 {
        format!("{whole}%")
    } else {
        let frac = format!("{rest:02}");
        format!("{whole}.{}%", frac.trim_end_matches('0'))
    }
}

/// A line's net amount: round-half-up(list price × qty × discount / 10000), once, to the fen.
/// `i128` keeps the product exact for any realistic order.
pub fn line_net_fen(list_price_fen: i64, quantity: i64, discount_bp: i64) -> i64 {
    let product = list_price_fen as i128 * quantity as i128 * discount_bp as i128;
    let q = product.div_euclid(10_000);
    let r = product.rem_euclid(10_000);
    (if r * 2 >= 10_000 { q + 1 } else { q }) as i64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yuan_parsing_table() {
        let cases: &[(&str, Option<i64>)] = &[
            ("5000", Some(500_000)),
            ("5000.00", Some(500_000)),
            ("￥5,000", Some(500_000)),
            ("¥1,234.5", Some(123_450)),
            ("０.５", Some(50)),
            ("12.9", Some(1290)),
            ("-12", Some(-1200)),
            ("0", Some(0)),
            ("1.234", None),
            ("12,34", None),
            ("abc", None),
            ("", None),
            ("1e5", None),
            ("99999999999999999999", None),
            ("007", Some(700)),
        ];
        for (input, want) in cases {
            assert_eq!(parse_yuan(input), *want, "input {input:?}");
        }
    }

    #[test]
    fn too_large_is_told_apart_from_badly_written() {
        use AmountError::*;
        for (input, want) in [
            ("99999999999.99", Ok(9_999_999_999_999)),
            ("99999999999999999999", Err(TooLarge)),
            ("9223372036854775807", Err(TooLarge)),
            ("-9223372036854775808", Err(TooLarge)),
            ("10000000000000000.00", Err(TooLarge)),
            ("1.234", Err(Shape)),
            ("1e30", Err(Shape)),
        ] {
            assert_eq!(parse_yuan_checked(input), want, "{input:?}");
        }
    }

    #[test]
    fn fen_formatting_table() {
        assert_eq!(format_fen(123_450), "¥1,234.50");
        assert_eq!(format_fen(-1200), "-¥12.00");
        assert_eq!(format_fen(0), "¥0.00");
        assert_eq!(format_fen(5), "¥0.05");
        assert_eq!(format_fen(100_000_000), "¥1,000,000.00");
    }

    #[test]
    fn discount_parsing_table() {
        use DiscountError::*;
        let cases: &[(&str, Result<i64, DiscountError>)] = &[
            ("6.5折", Ok(6500)),
            ("6折", Ok(6000)),
            ("６.５折", Ok(6500)),
            ("65%", Ok(6500)),
            ("65.5%", Ok(6550)),
            ("0.65", Ok(6500)),
            ("1", Ok(10_000)),
            ("10折", Ok(10_000)),
            ("100%", Ok(10_000)),
            ("0.01", Ok(100)),
            ("0.0099", Err(Range)),
            ("0", Err(Range)),
            ("0折", Err(Range)),
            ("11折", Err(Range)),
            ("101%", Err(Range)),
            // Chinese numerals before 折, as people say them.
            ("六折", Ok(6000)),
            ("六五折", Ok(6500)),
            ("六点五折", Ok(6500)),
            ("七五折", Ok(7500)),
            ("九五折", Ok(9500)),
            ("对折", Ok(5000)),
            ("十折", Ok(10_000)),
            ("六x折", Err(Shape)),
            ("点五折", Err(Shape)),
            // A bare number, read by its size where only one reading is possible.
            ("5.8", Ok(5800)),
            ("6.5", Ok(6500)),
            ("2.5", Ok(2500)),
            ("10.0", Ok(10_000)),
            ("58", Ok(5800)),
            ("65", Ok(6500)),
            ("65.5", Ok(6550)),
            ("11", Ok(1100)),
            ("100", Ok(10_000)),
            ("５８", Ok(5800)),
            // Two readings (6折 or 6%? 10折 or 10%?): refused, never guessed.
            ("2", Err(Shape)),
            ("6", Err(Shape)),
            ("10", Err(Shape)),
            // Above list price as a fraction, and too unlikely as 折 to take unasked.
            ("1.5", Err(Range)),
            ("1.0001", Err(Range)),
            ("1.99", Err(Range)),
            ("101", Err(Range)),
            ("6500", Err(Range)),
            ("5.8125", Err(Shape)),
            ("58.125", Err(Shape)),
            ("-58", Err(Range)),
            ("-6", Err(Range)),
            ("0.65555", Err(Shape)),
            ("abc", Err(Shape)),
            ("", Err(Shape)),
            ("-0.5", Err(Range)),
            ("-6折", Err(Range)),
            ("-", Err(Shape)),
            ("99999999999999999999999折", Err(Range)),
        ];
        for (input, want) in cases {
            assert_eq!(parse_discount(input), *want, "input {input:?}");
        }
    }

    #[test]
    fn discount_formatting() {
        assert_eq!(format_discount_zhe(6500), "6.5折");
        assert_eq!(format_discount_zhe(6000), "6折");
        assert_eq!(format_discount_zhe(6550), "6.55折");
        assert_eq!(format_discount_percent(6550), "65.5%");
    }

    #[test]
    fn line_net_rounds_half_up_once() {
        // The worked example from the domain notes: 12.90 × 5 × 6.5折 = 41.925 → 41.93.
        assert_eq!(line_net_fen(1290, 5, 6500), 4193);
        assert_eq!(line_net_fen(1000, 1, 10_000), 1000);
        assert_eq!(line_net_fen(1, 1, 4999), 0);
        assert_eq!(line_net_fen(1, 1, 5000), 1);
    }

    proptest::proptest! {
        #[test]
        fn discount_roundtrips_through_both_formats(bp in 100i64..=10_000) {
            proptest::prop_assert_eq!(parse_discount(&format_discount_zhe(bp)), Ok(bp));
            proptest::prop_assert_eq!(parse_discount(&format_discount_percent(bp)), Ok(bp));
        }

        #[test]
        fn fen_roundtrips_through_formatting(fen in -10_000_000_000i64..10_000_000_000) {
            proptest::prop_assert_eq!(parse_yuan(&format_fen(fen)), Some(fen));
        }
    }
}
