//! The word lists and publishers the sample data is made of, kept as text in
//! `assets/sample/` (so they can be read and changed without reading code) and
//! embedded in the binary. Each list keeps its order: the sample is the same
//! for the same seed.

use std::collections::HashMap;
use std::sync::LazyLock;

/// A sample publisher: its name, ISBN prefix after 978, and purchase discount.
#[derive(Debug, Clone, Copy)]
pub struct Publisher {
    pub name: &'static str,
    pub prefix: &'static str,
    pub discount: &'static str,
}

/// A 中图法 class with the words titles in it are made of.
#[derive(Debug, Clone)]
pub struct Class {
    pub code: &'static str,
    pub name: &'static str,
    pub words: Vec<&'static str>,
}

/// Every `[section]` of `words.txt`, by name.
pub static WORDS: LazyLock<HashMap<&'static str, Vec<&'static str>>> =
    LazyLock::new(|| sections(include_str!("../../assets/sample/words.txt")));

pub static PUBLISHERS: LazyLock<Vec<Publisher>> = LazyLock::new(|| {
    rows(include_str!("../../assets/sample/publishers.tsv"))
        .map(|f| Publisher {
            name: f[0],
            prefix: f[1],
            discount: f[2],
        })
        .collect()
});

pub static CLASSES: LazyLock<Vec<Class>> = LazyLock::new(|| {
    rows(include_str!("../../assets/sample/classes.tsv"))
        .map(|f| Class {
            code: f[0],
            name: f[1],
            words: f[2..].to_vec(),
        })
        .collect()
});

/// One list of `words.txt`. The files are part of the build, so a missing
/// section is a programming error, caught by the tests on their first use.
pub fn list(name: &str) -> &'static [&'static str] {
    WORDS
        .get(name)
        .unwrap_or_else(|| panic!("assets/sample/words.txt has no [{name}]"))
}

fn sections(text: &'static str) -> HashMap<&'static str, Vec<&'static str>> {
    let mut out: HashMap<&'static str, Vec<&'static str>> = HashMap::new();
    let mut current = "";
    for line in text.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            current = name;
            out.entry(current).or_default();
        } else {
            let word = if line == "\"\"" { "" } else { line };
            out.entry(current).or_default().push(word);
        }
    }
    out
}

fn rows(text: &'static str) -> impl Iterator<Item = Vec<&'static str>> {
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| l.split('\t').collect())
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_list_is_there_and_well_formed() {
        for name in [
            "cities",
            "shop_brands",
            "shop_suffix",
            "school_names",
            "library_suffix",
            "company_words",
            "company_suffix",
            "distributor_suffix",
            "surnames",
            "given",
            "roles_zh",
            "uk_towns",
            "uk_shops",
            "uk_first",
            "uk_last",
            "tags",
            "suffixes",
        ] {
            assert!(!super::list(name).is_empty(), "{name}");
        }
        assert_eq!(super::PUBLISHERS.len(), 10);
        for p in super::PUBLISHERS.iter() {
            assert!(p.prefix.chars().all(|c| c.is_ascii_digit()), "{p:?}");
        }
        assert_eq!(super::CLASSES.len(), 8);
        assert!(super::CLASSES.iter().all(|c| c.words.len() >= 2));
    }
}
