//! The rules every stored piece of text follows, whichever door it comes in by
//! (the app's forms, the CLI, later imports):
//!
//! - Invisible characters (zero-width spaces and joiners, the soft hyphen, the
//!   byte-order mark, bidi controls, fillers such as U+3164) are removed, so text
//!   that looks filled but is not counts as blank, and two names that look the
//!   same are the same.
//! - Control characters (C0, DEL, C1) are refused; a multi-line note may hold
//!   line breaks and tabs.
//! - Every field has a length cap, in characters, counted after cleaning.
//!
//! Messages that quote what was typed quote at most [`QUOTE_CHARS`] characters
//! of it, escaped ([`quote`]); the CLI prints stored text through [`for_terminal`].

use crate::base::error::{Code, FolioError, Result};

/// How many characters of an input an error message quotes at most.
pub const QUOTE_CHARS: usize = 40;

/// Characters that draw nothing (or only move other text about) and are removed
/// from every stored text: zero-width spaces and joiners, the soft hyphen, the
/// byte-order mark, bidi embeddings, overrides, isolates and marks, Hangul and
/// half-width fillers, Mongolian selectors, invisible maths operators,
/// variation selectors and language tags.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{034F}'
            | '\u{061C}'
            | '\u{115F}'
            | '\u{1160}'
            | '\u{17B4}'
            | '\u{17B5}'
            | '\u{180B}'..='\u{180F}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{206F}'
            | '\u{2800}'
            | '\u{3164}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FEFF}'
            | '\u{FFA0}'
            | '\u{1D173}'..='\u{1D17A}'
            | '\u{E0000}'..='\u{E007F}'
            | '\u{E0100}'..='\u{E01EF}'
    )
}

/// C0 controls, DEL, C1 controls, and the Unicode line and paragraph separators
/// (line breaks in disguise).
pub fn is_control(c: char) -> bool {
    matches!(
        c,
        '\u{0000}'..='\u{001F}' | '\u{007F}'..='\u{009F}' | '\u{2028}' | '\u{2029}'
    )
}

/// Whether a field is one line (names, codes, references) or a note that may
/// hold line breaks and tabs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lines {
    One,
    Many,
}

/// Cleans one text field: invisible characters removed, `\r\n` made `\n`,
/// surrounding white space trimmed; refuses control characters (a note may keep
/// `\n` and `\t`) and text longer than `max` characters, naming `field`.
pub fn clean(field: &str, value: &str, max: usize, lines: Lines) -> Result<String> {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        if is_invisible(c) {
            continue;
        }
        if matches!(c, '\u{0085}' | '\u{2028}' | '\u{2029}') && lines == Lines::Many {
            out.push('\n');
            continue;
        }
        if c == '\r' && lines == Lines::Many {
            // \r\n and a lone \r are both one line break.
            if chars.peek() == Some(&'\n') {
                chars.next();
            }
            out.push('\n');
            continue;
        }
        out.push(c);
    }
    let text = out.trim();
    let bad = text
        .chars()
        .find(|&c| is_control(c) && !(lines == Lines::Many && (c == '\n' || c == '\t')));
    if let Some(c) = bad {
        let what = match c {
            '\n' | '\r' | '\u{0085}' | '\u{2028}' | '\u{2029}' => "a line break".to_string(),
            '\t' => "a tab".to_string(),
            c => format!("a control character ({})", c.escape_unicode()),
        };
        let rule = match lines {
            Lines::One => "it must be plain text on one line",
            Lines::Many => "it may hold line breaks and tabs, but no other control characters",
        };
        return Err(FolioError::invalid(
            Code::TextInvalid,
            field,
            format!("{field} holds {what}; {rule}"),
        ));
    }
    too_long(field, text, max)?;
    Ok(text.to_string())
}

/// What is typed to look a record up (a supplier's name, a code): invisible
/// characters removed and trimmed, as the stored text was, so the two match.
pub fn visible(value: &str) -> String {
    value
        .chars()
        .filter(|c| !is_invisible(*c))
        .collect::<String>()
        .trim()
        .to_string()
}

/// A one-line field that may be blank.
pub fn line(field: &str, value: &str, max: usize) -> Result<String> {
    clean(field, value, max, Lines::One)
}

/// A multi-line note that may be blank.
pub fn note(field: &str, value: &str, max: usize) -> Result<String> {
    clean(field, value, max, Lines::Many)
}

/// A one-line field that must be given: blank once cleaned is refused with
/// `code` (`name_required`, `reason_required`, `title_required`…).
pub fn required(field: &str, value: &str, max: usize, code: Code, what: &str) -> Result<String> {
    let text = line(field, value, max)?;
    if text.is_empty() {
        return Err(FolioError::invalid(code, field, what.to_string()));
    }
    Ok(text)
}

/// Refuses text longer than `max` characters, naming the field.
pub fn too_long(field: &str, value: &str, max: usize) -> Result<()> {
    if value.chars().count() > max {
        return Err(FolioError::invalid(
            Code::TooLong,
            field,
            format!("{field} is too long: at most {max} characters"),
        ));
    }
    Ok(())
}

/// What an error message shows of an input: at most [`QUOTE_CHARS`] characters
/// of it (trimmed), in quotes, with control and invisible characters escaped,
/// and `…` when it was cut.
pub fn quote(input: &str) -> String {
    let t = input.trim();
    let mut out = String::from("\"");
    for (n, c) in t.chars().enumerate() {
        if n == QUOTE_CHARS {
            out.push('…');
            break;
        }
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if is_control(c) || is_invisible(c) => escape(&mut out, c),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn escape(out: &mut String, c: char) {
    match c {
        '\t' => out.push_str("\\t"),
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        c => out.push_str(&c.escape_unicode().to_string()),
    }
}

/// Stored text as a terminal may show it in a table: tabs, line breaks, escape
/// sequences and other control or invisible characters written as `\t`, `\n`,
/// `\u{1b}`, so a cell stays one cell and cannot move the cursor or recolour
/// the screen.
pub fn for_terminal(s: &str) -> String {
    if !s.chars().any(|c| is_control(c) || is_invisible(c)) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if is_control(c) || is_invisible(c) {
            escape(&mut out, c);
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_are_short_and_escaped() {
        assert_eq!(quote(" abc "), "\"abc\"");
        assert_eq!(quote("a\tb\u{1b}[2J"), "\"a\\tb\\u{1b}[2J\"");
        let long = "x".repeat(100_000);
        assert_eq!(quote(&long).chars().count(), QUOTE_CHARS + 3);
        assert_eq!(for_terminal("a\tb\nc"), "a\\tb\\nc");
        assert_eq!(for_terminal("新华书店"), "新华书店");
    }
}
