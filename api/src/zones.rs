//! Time zones by name: any IANA name (case-insensitive), plus the labels the event page
//! publishes its times in (`CET`, `JST`), which name the zones the dataset serves them as
//! (`data/programme.toml`, `time_zones_note`). One rule for GraphQL's `timeZone` arguments and
//! the documents' `tz` parameter.

use chrono_tz::Tz;

/// The event page's labels and the zones they stand for, in the order the page gives them.
pub const EVENT_ZONES: [(&str, Tz); 2] = [
    ("CET", chrono_tz::Europe::Brussels),
    ("JST", chrono_tz::Asia::Tokyo),
];

/// The zone `name` names: an event label ([`EVENT_ZONES`], any case) or an IANA name (any
/// case); `None` for anything else.
pub fn by_name(name: &str) -> Option<Tz> {
    EVENT_ZONES
        .iter()
        .find(|(label, _)| label.eq_ignore_ascii_case(name))
        .map(|(_, zone)| *zone)
        .or_else(|| Tz::from_str_insensitive(name).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_and_iana_names_both_name_zones() {
        assert_eq!(by_name("JST"), Some(chrono_tz::Asia::Tokyo));
        assert_eq!(by_name("jst"), Some(chrono_tz::Asia::Tokyo));
        assert_eq!(by_name("CET"), Some(chrono_tz::Europe::Brussels));
        assert_eq!(by_name("asia/tokyo"), Some(chrono_tz::Asia::Tokyo));
        assert_eq!(
            by_name("America/New_York"),
            Some(chrono_tz::America::New_York)
        );
        assert_eq!(by_name("Mars/Olympus"), None);
        assert_eq!(by_name("EST5EDT"), Some(chrono_tz::EST5EDT));
    }
}
