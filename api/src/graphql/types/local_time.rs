//! `LocalDateTime`: an instant as a clock in one time zone shows it, in parts, so that a
//! front-end never cuts `hh:mm` out of an RFC 3339 string nor hard-codes a zone's label.

use async_graphql::SimpleObject;
use chrono::{DateTime as ChronoDateTime, NaiveDate, Offset, Utc};
use chrono_tz::{OffsetComponents, OffsetName, Tz};

use crate::graphql::scalars::{Date, DateTime};

/// An instant in one time zone: its local date and time, the zone's offset and abbreviation
/// at that instant, and the day of the event it falls on there.
#[derive(Clone, Debug, SimpleObject)]
pub struct LocalDateTime {
    /// The instant, RFC 3339 with the zone's offset (as `startsAt(timeZone:)` gives it).
    pub date_time: DateTime,
    /// The local date.
    pub date: Date,
    /// The local time of day, 24-hour `HH:MM` (`09:45`, `17:45`).
    pub time: String,
    /// The zone's offset from UTC at that instant, `+01:00`, `+09:00`, `-05:00`.
    pub offset: String,
    /// The zone's abbreviation at that instant as the IANA time zone database gives it
    /// (`CET`, `JST`, `EST`); where the database has none for the zone, the offset as the
    /// database writes it instead (`+04`, `+0530`).
    pub abbreviation: String,
    /// True when daylight saving time is in effect in the zone at that instant.
    pub daylight_saving: bool,
    /// The IANA name of the zone (`CET` and `JST`, the event page's labels, are answered as
    /// `Europe/Brussels` and `Asia/Tokyo`).
    pub time_zone: String,
    /// Which day of the event the local date is: 1 for the event's first date (25 January
    /// 2023), 2 for the next; null where the local date is none of the event's dates (24
    /// January in New York, for a morning session in Brussels).
    pub day_of_event: Option<i32>,
}

/// Which day of the event `day` is, counting the event's first date as 1 (before it: 0 or
/// less).
pub fn day_number(first_day: NaiveDate, day: NaiveDate) -> i32 {
    i32::try_from((day - first_day).num_days() + 1).unwrap_or(i32::MAX)
}

impl LocalDateTime {
    /// `instant` in `zone`, with `day_of_event` counted from `first_day` to `last_day`.
    pub fn new(
        instant: ChronoDateTime<Utc>,
        zone: Tz,
        first_day: NaiveDate,
        last_day: NaiveDate,
    ) -> Self {
        let local = instant.with_timezone(&zone);
        let offset = local.offset();
        let fixed = offset.fix();
        let date = local.date_naive();
        let day_of_event = (first_day..=last_day)
            .contains(&date)
            .then(|| day_number(first_day, date));
        Self {
            date_time: DateTime(local.fixed_offset()),
            date: Date(date),
            time: local.format("%H:%M").to_string(),
            offset: fixed.to_string(),
            abbreviation: offset.abbreviation().map_or_else(
                || numeric_abbreviation(fixed.local_minus_utc()),
                str::to_owned,
            ),
            daylight_saving: !offset.dst_offset().is_zero(),
            time_zone: zone.name().to_owned(),
            day_of_event,
        }
    }
}

/// An offset as the time zone database writes it where a zone has no letters: `+04`,
/// `+0530`, `-03`.
fn numeric_abbreviation(seconds: i32) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let minutes = seconds.unsigned_abs() / 60;
    match (minutes / 60, minutes % 60) {
        (hours, 0) => format!("{sign}{hours:02}"),
        (hours, minutes) => format!("{sign}{hours:02}{minutes:02}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(zone: Tz) -> Option<LocalDateTime> {
        let instant = Utc.with_ymd_and_hms(2023, 1, 25, 8, 0, 0).single()?;
        let first = NaiveDate::from_ymd_opt(2023, 1, 25)?;
        let last = NaiveDate::from_ymd_opt(2023, 1, 26)?;
        Some(LocalDateTime::new(instant, zone, first, last))
    }

    #[test]
    fn parts_follow_the_zone_database() {
        let brussels = at(chrono_tz::Europe::Brussels);
        let parts = brussels.as_ref().map(|t| {
            (
                t.time.as_str(),
                t.offset.as_str(),
                t.abbreviation.as_str(),
                t.day_of_event,
            )
        });
        assert_eq!(parts, Some(("09:00", "+01:00", "CET", Some(1))));
        let tokyo = at(chrono_tz::Asia::Tokyo);
        assert_eq!(tokyo.as_ref().map(|t| t.time.as_str()), Some("17:00"));
        assert_eq!(tokyo.as_ref().map(|t| t.abbreviation.as_str()), Some("JST"));
        let new_york = at(chrono_tz::America::New_York);
        assert_eq!(new_york.as_ref().map(|t| t.day_of_event), Some(Some(1)));
        assert_eq!(new_york.as_ref().map(|t| t.time.as_str()), Some("03:00"));
        let honolulu = at(chrono_tz::Pacific::Honolulu);
        assert_eq!(honolulu.as_ref().map(|t| t.day_of_event), Some(None));
        let dubai = at(chrono_tz::Asia::Dubai);
        assert_eq!(dubai.as_ref().map(|t| t.abbreviation.as_str()), Some("+04"));
        let kolkata = at(chrono_tz::Asia::Kolkata);
        assert_eq!(
            kolkata.as_ref().map(|t| t.abbreviation.as_str()),
            Some("IST")
        );
        assert_eq!(numeric_abbreviation(19_800), "+0530");
        assert_eq!(numeric_abbreviation(-10_800), "-03");
    }
}
