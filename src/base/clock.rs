//! The one clock. Everything that needs "now" asks here, so tests, demos and
//! the later reminder rules can pin time with `FOLIO_NOW` (RFC 3339, e.g.
//! `2026-03-01T09:00:00+08:00`, a local time `2026-03-01T09:00:00`, or a plain
//! date `2026-03-01`, at 09:00).

use chrono::{DateTime, FixedOffset, Local, NaiveDate, TimeZone};

thread_local! {
    /// A time pinned for this thread by [`at`]: sample data written "in the past".
    static PINNED: std::cell::Cell<Option<DateTime<FixedOffset>>> = const { std::cell::Cell::new(None) };
}

/// Runs `f` with the clock pinned to `t` on this thread (how sample data posts a
/// year of documents on their own dates through the ordinary code).
pub fn at<T>(t: DateTime<FixedOffset>, f: impl FnOnce() -> T) -> T {
    let _pinned = pin(t);
    f()
}

/// Pins the clock to `t` on this thread until the guard is dropped, when the
/// time pinned before (if any) comes back. Tests use it rather than setting
/// `FOLIO_NOW`, which is process-wide and would leak into tests running beside.
#[must_use = "the clock is pinned only while the guard lives"]
pub fn pin(t: DateTime<FixedOffset>) -> Pinned {
    Pinned {
        before: PINNED.with(|p| p.replace(Some(t))),
    }
}

/// The guard [`pin`] returns.
pub struct Pinned {
    before: Option<DateTime<FixedOffset>>,
}

impl Drop for Pinned {
    fn drop(&mut self) {
        PINNED.with(|p| p.set(self.before));
    }
}

/// The current time: pinned by [`at`], else `FOLIO_NOW` when it is set and parses.
pub fn now() -> DateTime<FixedOffset> {
    if let Some(t) = PINNED.with(|p| p.get()) {
        return t;
    }
    if let Ok(s) = std::env::var("FOLIO_NOW") {
        if let Some(t) = parse(&s) {
            return t;
        }
    }
    Local::now().fixed_offset()
}

/// Today's date in local time (or the date `FOLIO_NOW` names).
pub fn today() -> NaiveDate {
    now().date_naive()
}

/// Timestamp text as stored in the database: RFC 3339 with seconds.
pub fn stamp() -> String {
    now().to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
}

/// Reads a time as `FOLIO_NOW` takes it: RFC 3339, or a plain date (9:00 local).
pub fn parse(s: &str) -> Option<DateTime<FixedOffset>> {
    let s = s.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(t);
    }
    // A time without an offset is the PC's local time, as a date alone is: it
    // must not be taken for "not set" and leave the real clock running.
    let naive = match chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S")
        .or_else(|_| chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S"))
    {
        Ok(t) => t,
        Err(_) => NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .ok()?
            .and_hms_opt(9, 0, 0)?,
    };
    Local
        .from_local_datetime(&naive)
        .single()
        .map(|t| t.fixed_offset())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_rfc3339_and_plain_dates() {
        assert_eq!(
            parse("2026-03-01T09:00:00+08:00").unwrap().to_rfc3339(),
            "2026-03-01T09:00:00+08:00"
        );
        assert_eq!(
            parse("2026-03-01").unwrap().date_naive(),
            NaiveDate::from_ymd_opt(2026, 3, 1).unwrap()
        );
        for naive in ["2026-03-01T17:30:00", "2026-03-01 17:30:00"] {
            let t = parse(naive).unwrap();
            assert_eq!(
                t.naive_local().to_string(),
                "2026-03-01 17:30:00",
                "{naive}"
            );
        }
        assert!(parse("yesterday").is_none());
        assert!(parse("2026-03-01T25:00:00").is_none());
    }
}
