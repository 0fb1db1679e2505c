//! Published wall-clock slots ("09:45-10:40" on a day, in a zone) to UTC instants.

use chrono::{DateTime, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

/// A slot as UTC instants.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Slot {
    /// Start.
    pub starts_at: DateTime<Utc>,
    /// End.
    pub ends_at: DateTime<Utc>,
}

/// Reads `"HH:MM-HH:MM"` on `day` in `zone`. The end must be after the start, on the same day.
pub fn parse_slot(text: &str, day: NaiveDate, zone: Tz) -> Result<Slot, String> {
    let (start, end) = text
        .split_once('-')
        .ok_or_else(|| format!("`{text}` is not of the form HH:MM-HH:MM"))?;
    let starts_at = instant(start.trim(), day, zone)?;
    let ends_at = instant(end.trim(), day, zone)?;
    if ends_at <= starts_at {
        return Err(format!("`{text}` ends before it starts"));
    }
    Ok(Slot { starts_at, ends_at })
}

fn instant(time: &str, day: NaiveDate, zone: Tz) -> Result<DateTime<Utc>, String> {
    let time = NaiveTime::parse_from_str(time, "%H:%M")
        .map_err(|_| format!("`{time}` is not a time of the form HH:MM"))?;
    zone.from_local_datetime(&day.and_time(time))
        .single()
        .map(|local| local.with_timezone(&Utc))
        .ok_or_else(|| format!("{day} {time} does not name one instant in {zone}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2023, 1, d).unwrap_or_default()
    }

    #[test]
    fn cet_and_jst_of_panel_1_are_the_same_utc_slot() {
        let cet = parse_slot("09:45-10:40", day(25), chrono_tz::Europe::Brussels);
        let jst = parse_slot("17:45-18:40", day(25), chrono_tz::Asia::Tokyo);
        assert_eq!(cet, jst);
        let slot = cet.unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(slot.starts_at.to_rfc3339(), "2023-01-25T08:45:00+00:00");
        assert_eq!(slot.ends_at.to_rfc3339(), "2023-01-25T09:40:00+00:00");
    }

    #[test]
    fn refuses_malformed_and_backwards_slots() {
        let zone = chrono_tz::Europe::Brussels;
        assert!(parse_slot("09:45", day(25), zone).is_err());
        assert!(parse_slot("9h45-10:40", day(25), zone).is_err());
        assert!(parse_slot("10:40-09:45", day(25), zone).is_err());
        assert!(parse_slot("10:40-10:40", day(25), zone).is_err());
    }

    #[test]
    fn refuses_a_wall_clock_time_skipped_by_daylight_saving() {
        let skipped = NaiveDate::from_ymd_opt(2023, 3, 26).unwrap_or_default();
        assert!(parse_slot("02:30-03:30", skipped, chrono_tz::Europe::Brussels).is_err());
    }
}
