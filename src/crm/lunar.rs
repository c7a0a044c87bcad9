//! The Chinese calendar (农历) for birthdays and festivals, through `tyme4rs`
//! (a well-kept library built on the 寿星天文历 astronomy): no hand-made tables.
//!
//! Birthdays are kept as a lunar month and day without a leap flag, so they fall
//! in the ordinary month of that number; a 30th falls on the 29th of a month that
//! has only 29 days that year.

use chrono::{Datelike, NaiveDate};
use tyme4rs::tyme::lunar::{LunarDay, LunarMonth};
use tyme4rs::tyme::solar::SolarDay;

/// The years this module converts. The library reaches further, but `fields::date`
/// keeps every date Folio stores within these, and outside them a conversion is
/// refused (`None`) rather than left to the library's panics.
const YEARS: std::ops::RangeInclusive<i32> = 1900..=2200;

/// A day of the lunar calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LunarDate {
    /// The lunar year: the Gregorian year its first month begins in.
    pub year: i32,
    pub month: u32,
    pub day: u32,
    /// A day of a leap month (闰月).
    pub leap: bool,
    /// The number of days of its month (29 or 30).
    pub month_days: u32,
}

/// The lunar date of a Gregorian date.
pub fn from_gregorian(date: NaiveDate) -> Option<LunarDate> {
    if !YEARS.contains(&date.year()) {
        return None;
    }
    let solar = SolarDay::new(
        date.year() as isize,
        date.month() as usize,
        date.day() as usize,
    )
    .ok()?;
    let lunar = solar.get_lunar_day();
    let month = lunar.get_lunar_month();
    Some(LunarDate {
        year: month.get_year() as i32,
        month: month.get_month() as u32,
        day: lunar.get_day() as u32,
        leap: month.is_leap(),
        month_days: month.get_day_count() as u32,
    })
}

/// The Gregorian date of lunar `month`-`day` of lunar year `year`, in the
/// ordinary (not leap) month; day 30 of a 29-day month is its 29th.
pub fn to_gregorian(year: i32, month: u32, day: u32) -> Option<NaiveDate> {
    if !YEARS.contains(&year) || !(1..=12).contains(&month) || !(1..=30).contains(&day) {
        return None;
    }
    let lunar_month = LunarMonth::new(year as isize, month as isize).ok()?;
    let day = day.min(lunar_month.get_day_count() as u32);
    let solar = LunarDay::new(year as isize, month as isize, day as usize)
        .ok()?
        .get_solar_day();
    NaiveDate::from_ymd_opt(
        solar.get_year() as i32,
        solar.get_month() as u32,
        solar.get_day() as u32,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn round_trips_through_the_library() {
        // 2023 has a leap second month (闰二月): its days are not the ordinary month's.
        let leap = from_gregorian(d("2023-04-05")).unwrap();
        assert!(leap.leap, "{leap:?}");
        assert_eq!((leap.year, leap.month, leap.day), (2023, 2, 15));
        let ordinary = from_gregorian(d("2023-03-06")).unwrap();
        assert_eq!(
            (ordinary.year, ordinary.month, ordinary.day, ordinary.leap),
            (2023, 2, 15, false)
        );
        assert_eq!(to_gregorian(2023, 2, 15), Some(d("2023-03-06")));
        // A lunar date before Spring Festival belongs to the previous lunar year.
        let before = from_gregorian(d("2026-02-16")).unwrap();
        assert_eq!((before.year, before.month), (2025, 12));
    }

    #[test]
    fn out_of_range_is_none_not_a_panic() {
        assert_eq!(to_gregorian(2026, 13, 1), None);
        assert_eq!(to_gregorian(2026, 1, 31), None);
        assert_eq!(to_gregorian(1800, 1, 1), None);
        assert_eq!(from_gregorian(d("1850-01-01")), None);
    }
}
