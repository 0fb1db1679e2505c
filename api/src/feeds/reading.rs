//! How a programme document is read: its language and the zone of its times. One rule for the
//! widget, its structured data and the calendars' links back to the widget: without a zone, a
//! Japanese reader gets Japan time and an English one the event's first published zone.

use chrono_tz::Tz;

use super::language::Lang;

/// The zone an English reading shows where none is asked for: the first zone the event page
/// publishes (CET, served as Europe/Brussels).
pub const ENGLISH_ZONE: Tz = chrono_tz::Europe::Brussels;

/// The zone a Japanese reading shows where none is asked for: JST.
pub const JAPANESE_ZONE: Tz = chrono_tz::Asia::Tokyo;

/// A language and a zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reading {
    /// The language.
    pub lang: Lang,
    /// The zone of the times.
    pub zone: Tz,
}

impl Reading {
    /// The reading of `lang` (English without one) in `zone` (the language's without one).
    pub fn new(lang: Option<Lang>, zone: Option<Tz>) -> Self {
        let lang = lang.unwrap_or_default();
        Self {
            lang,
            zone: zone.unwrap_or_else(|| default_zone(lang)),
        }
    }

    /// `tz` and `lang` as query parameters, both always given (a link that must read the same
    /// whoever follows it).
    pub fn pairs(self) -> [(&'static str, String); 2] {
        [
            ("tz", self.zone.name().to_owned()),
            ("lang", self.lang.tag().to_owned()),
        ]
    }

    /// Only the parameters that differ from the defaults (English; the language's zone): the
    /// shortest name of this reading.
    pub fn distinct_pairs(self) -> Vec<(&'static str, String)> {
        let mut pairs = Vec::new();
        if self.zone != default_zone(self.lang) {
            pairs.push(("tz", self.zone.name().to_owned()));
        }
        if self.lang != Lang::En {
            pairs.push(("lang", self.lang.tag().to_owned()));
        }
        pairs
    }
}

/// The zone of `lang` where none is asked for.
pub fn default_zone(lang: Lang) -> Tz {
    match lang {
        Lang::Ja => JAPANESE_ZONE,
        Lang::En => ENGLISH_ZONE,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_language_has_its_zone_and_only_differences_name_a_reading() {
        let japanese = Reading::new(Some(Lang::Ja), None);
        assert_eq!(japanese.zone, chrono_tz::Asia::Tokyo);
        assert_eq!(japanese.distinct_pairs(), vec![("lang", "ja".to_owned())]);
        let english = Reading::new(None, None);
        assert_eq!(english.zone, chrono_tz::Europe::Brussels);
        assert!(english.distinct_pairs().is_empty());
        let english_in_tokyo = Reading::new(None, Some(chrono_tz::Asia::Tokyo));
        assert_eq!(
            english_in_tokyo.distinct_pairs(),
            vec![("tz", "Asia/Tokyo".to_owned())]
        );
    }
}
