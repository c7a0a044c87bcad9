//! The wholesaler's own details, printed at the top of delivery notes and
//! statements. Kept in the settings table, one key per field.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::base::error::Result;
use crate::base::text;
use crate::store::Store;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct Company {
    pub name: String,
    pub address: String,
    pub phone: String,
    pub tax_id: String,
    /// Bank and account number, for customers paying by transfer.
    pub bank: String,
}

const FIELDS: [(&str, usize); 5] = [
    ("name", 100),
    ("address", 200),
    ("phone", 50),
    ("tax_id", 30),
    ("bank", 200),
];

fn values(c: &Company) -> [&String; 5] {
    [&c.name, &c.address, &c.phone, &c.tax_id, &c.bank]
}

pub fn get(store: &Store) -> Result<Company> {
    let mut c = Company::default();
    let read = |k: &str| -> Result<String> {
        Ok(store.setting(&format!("company.{k}"))?.unwrap_or_default())
    };
    c.name = read("name")?;
    c.address = read("address")?;
    c.phone = read("phone")?;
    c.tax_id = read("tax_id")?;
    c.bank = read("bank")?;
    Ok(c)
}

/// Saves every field at once (one transaction), after cleaning them (one line
/// each, invisible characters out) and checking their lengths.
pub fn set(store: &mut Store, c: &Company) -> Result<Company> {
    let cleaned = FIELDS
        .iter()
        .zip(values(c))
        .map(|((field, max), v)| text::line(field, v, *max))
        .collect::<Result<Vec<_>>>()?;
    store.write("company.set", "setting", |tx| {
        for ((field, _), v) in FIELDS.iter().zip(&cleaned) {
            tx.execute(
                "INSERT INTO settings (key, value) VALUES (?1, ?2)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (format!("company.{field}"), v),
            )?;
        }
        Ok(((), None))
    })?;
    get(store)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_length_check() {
        let mut store = Store::open_in_memory().unwrap();
        assert_eq!(get(&store).unwrap(), Company::default());
        let c = Company {
            name: " 成都蓉城图书批发部 ".into(),
            phone: "028-8765 4321".into(),
            ..Default::default()
        };
        let saved = set(&mut store, &c).unwrap();
        assert_eq!(saved.name, "成都蓉城图书批发部");
        let long = Company {
            address: "路".repeat(201),
            ..c
        };
        assert!(set(&mut store, &long).is_err());
        assert_eq!(get(&store).unwrap().name, "成都蓉城图书批发部");
    }
}
