//! Search keys for one search box: codes, names, pinyin and phone digits.
//!
//! Everything is normalised the same way on the way in (keys) and on the way
//! out (queries): lower case, letters and digits only. Pinyin is generated for
//! every reading of a polyphonic character (重庆 gives both `cq` and `zq`), up to
//! a cap on combinations so that a long name cannot blow up the index.

use pinyin::ToPinyinMulti;

/// What a key was made from. Stored as an integer; only used to explain ranking.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyKind {
    Code = 0,
    Name = 1,
    NameWord = 2,
    Initials = 3,
    Pinyin = 4,
    Phone = 5,
    ContactName = 6,
}

/// Most combinations of readings indexed for one name.
const MAX_INITIALS: usize = 16;
const MAX_FULL_PINYIN: usize = 4;
/// Names longer than this (in characters) only index their first part as grams.
const MAX_GRAM_CHARS: usize = 40;

/// Lower case, letters and digits only (CJK counts as letters).
pub fn normalize(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// A sort key that orders codes the way people read them: `C999` < `C1000`.
/// Letters compare without case; each run of digits is padded to 12 places.
pub fn natural_key(code: &str) -> String {
    let mut out = String::with_capacity(code.len() + 12);
    let mut run = String::new();
    let flush = |run: &mut String, out: &mut String| {
        if !run.is_empty() {
            for _ in run.len()..12 {
                out.push('0');
            }
            out.push_str(run);
            run.clear();
        }
    };
    for c in code.chars() {
        if c.is_ascii_digit() {
            run.push(c);
        } else {
            flush(&mut run, &mut out);
            out.extend(c.to_lowercase());
        }
    }
    flush(&mut run, &mut out);
    out
}

pub fn digits(s: &str) -> String {
    s.chars().filter(char::is_ascii_digit).collect()
}

fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FFFF)
}

/// Readings of each character: pinyin without tones for Han characters, the
/// character itself (lower case) for letters and digits, nothing for the rest.
fn readings(name: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    for (c, multi) in name.chars().zip(name.to_pinyin_multi()) {
        match multi {
            Some(m) => {
                let mut rs: Vec<String> = Vec::new();
                for p in m {
                    let r = p.plain().to_string();
                    if !rs.contains(&r) {
                        rs.push(r);
                    }
                }
                if !rs.is_empty() {
                    out.push(rs);
                }
            }
            None if c.is_alphanumeric() => {
                out.push(c.to_lowercase().map(|l| l.to_string()).collect());
            }
            None => {}
        }
    }
    out
}

/// The cartesian product of per-character choices, first readings first, capped.
fn combinations(choices: &[Vec<String>], cap: usize) -> Vec<String> {
    let mut acc = vec![String::new()];
    for options in choices {
        let mut next = Vec::with_capacity((acc.len() * options.len()).min(cap));
        'outer: for prefix in &acc {
            for o in options {
                if next.len() >= cap {
                    break 'outer;
                }
                next.push(format!("{prefix}{o}"));
            }
        }
        acc = next;
    }
    acc
}

/// Pinyin initials for every reading combination: 重庆 → ["zq", "cq"].
pub fn initials(name: &str) -> Vec<String> {
    let choices: Vec<Vec<String>> = readings(name)
        .into_iter()
        .map(|rs| {
            let mut firsts: Vec<String> = Vec::new();
            for r in rs {
                let f: String = r.chars().take(1).collect();
                if !firsts.contains(&f) {
                    firsts.push(f);
                }
            }
            firsts
        })
        .collect();
    combinations(&choices, MAX_INITIALS)
}

/// Full pinyin, no spaces, for every reading combination: 银行 → ["yinxing", "yinhang"].
pub fn full_pinyin(name: &str) -> Vec<String> {
    combinations(&readings(name), MAX_FULL_PINYIN)
}

/// All search keys for a customer, deduplicated.
pub fn customer_keys(
    code: &str,
    name: &str,
    contacts: &[(String, String)],
) -> Vec<(KeyKind, String)> {
    let mut keys: Vec<(KeyKind, String)> = Vec::new();
    let mut push = |kind: KeyKind, key: String| {
        if !key.is_empty() && !keys.iter().any(|(_, k)| *k == key) {
            keys.push((kind, key));
        }
    };
    push(KeyKind::Code, normalize(code));
    push(KeyKind::Name, normalize(name));
    // Later words of a Latin name get their own key, so "leeds" finds "Waterstones Leeds".
    for word in name.split_whitespace().skip(1) {
        push(KeyKind::NameWord, normalize(word));
    }
    if name.chars().any(is_han) {
        for k in initials(name) {
            push(KeyKind::Initials, k);
        }
        for k in full_pinyin(name) {
            push(KeyKind::Pinyin, k);
        }
    }
    for (contact, phone) in contacts {
        push(KeyKind::ContactName, normalize(contact));
        if contact.chars().any(is_han) {
            for k in full_pinyin(contact).into_iter().take(2) {
                push(KeyKind::ContactName, k);
            }
        }
        push(KeyKind::Phone, digits(phone));
    }
    keys
}

/// Single characters and pairs of the Han part of a name: the index that serves
/// one- and two-character queries such as 新华, which a trigram index cannot.
pub fn name_grams(name: &str) -> Vec<String> {
    let chars: Vec<char> = normalize(name).chars().take(MAX_GRAM_CHARS).collect();
    let mut grams: Vec<String> = Vec::new();
    for i in 0..chars.len() {
        if !is_han(chars[i]) {
            continue;
        }
        grams.push(chars[i].to_string());
        if i + 1 < chars.len() && is_han(chars[i + 1]) {
            grams.push(chars[i..i + 2].iter().collect());
        }
    }
    grams.sort();
    grams.dedup();
    grams
}

/// True when a (normalised) query is one or two characters with Han in it.
pub fn wants_grams(q: &str) -> bool {
    let n = q.chars().count();
    (1..=2).contains(&n) && q.chars().any(is_han)
}

/// The smallest string greater than every string that starts with `prefix`,
/// for index range scans (`key >= prefix AND key < upper`).
pub fn prefix_upper(prefix: &str) -> String {
    format!("{prefix}\u{10FFFF}")
}

/// Quotes a query for FTS5 so that it is matched as a literal substring.
pub fn fts_literal(q: &str) -> String {
    format!("\"{}\"", q.replace('"', "\"\""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn initials_cover_every_reading() {
        let cases: &[(&str, &str)] = &[
            ("新华书店", "xhsd"),
            ("重庆", "cq"),
            ("重庆", "zq"),
            ("银行", "yh"),
            ("银行", "yx"),
            ("长沙", "cs"),
            ("长沙", "zs"),
            ("ABC书店", "abcsd"),
        ];
        for (name, want) in cases {
            let got = initials(name);
            assert!(
                got.iter().any(|k| k == want),
                "{name}: {got:?} lacks {want}"
            );
        }
    }

    #[test]
    fn full_pinyin_has_no_tones_or_spaces() {
        assert!(full_pinyin("新华书店").contains(&"xinhuashudian".to_string()));
        assert!(full_pinyin("银行").contains(&"yinhang".to_string()));
    }

    #[test]
    fn combinations_are_capped() {
        // A long name of polyphonic characters must not explode.
        let name = "重行长重行长重行长重行长重行长";
        assert!(initials(name).len() <= MAX_INITIALS);
        assert!(full_pinyin(name).len() <= MAX_FULL_PINYIN);
    }

    #[test]
    fn grams_are_han_only() {
        let g = name_grams("成都新华书店 Ltd");
        assert!(g.contains(&"新华".to_string()));
        assert!(g.contains(&"新".to_string()));
        assert!(!g.iter().any(|x| x.contains('l')));
        assert!(name_grams("Waterstones").is_empty());
    }

    #[test]
    fn natural_order_of_codes() {
        let mut codes = vec![
            "C10000", "C0999", "c1000", "C9999", "UK-2", "UK-10", "C0001",
        ];
        codes.sort_by_key(|c| natural_key(c));
        assert_eq!(
            codes,
            ["C0001", "C0999", "c1000", "C9999", "C10000", "UK-2", "UK-10"]
        );
    }

    #[test]
    fn normalisation() {
        assert_eq!(normalize(" Waterstones, Leeds "), "waterstonesleeds");
        assert_eq!(digits("138-0013 8000"), "13800138000");
        assert!(wants_grams("新华"));
        assert!(!wants_grams("xh"));
        assert!(!wants_grams("新华书"));
    }
}
