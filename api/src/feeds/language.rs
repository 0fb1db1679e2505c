//! The widget's two languages, the event's working languages: English and Japanese. The
//! widget's own words are ours ([`Labels`]); dates and country names in Japanese come from
//! CLDR through ICU4X, never from a hand table. Nothing the sources give only in English
//! (titles, names, roles, bodies) is translated: a Japanese page shows it as published.

use chrono::{DateTime, Datelike, NaiveDate, Offset, Utc};
use chrono_tz::Tz;
use icu::datetime::fieldsets::zone::GenericLong;
use icu::datetime::fieldsets::{MDE, YMDE};
use icu::datetime::input::{Date, TimeZone, UtcOffset};
use icu::datetime::{DateTimeFormatter, DateTimeFormatterPreferences, NoCalendarFormatter};
use icu::experimental::displaynames::DisplayNamesOptions;
use icu::experimental::displaynames::multi::RegionDisplayNames;
use icu::locale::locale;
use icu::locale::subtags::Region;
use icu::time::zone::ZoneNameTimestamp;
use serde::Deserialize;

/// A language of the widget.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// English, the language of the page the seed transcribes.
    #[default]
    En,
    /// Japanese.
    Ja,
}

impl Lang {
    /// The BCP 47 tag (`<html lang>`, the `lang` parameter).
    pub fn tag(self) -> &'static str {
        match self {
            Self::En => "en",
            Self::Ja => "ja",
        }
    }

    /// The language an `Accept-Language` header prefers among the two (highest quality first,
    /// then the order the header gives; `ja-JP` counts as `ja`); English without one.
    pub fn negotiate(accept_language: Option<&str>) -> Self {
        let mut best: Option<(f32, Self)> = None;
        for range in accept_language.unwrap_or_default().split(',') {
            let mut parts = range.split(';');
            let tag = parts.next().unwrap_or_default().trim().to_ascii_lowercase();
            let quality = parts
                .filter_map(|p| p.trim().strip_prefix("q="))
                .find_map(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            let lang = match tag.split('-').next().unwrap_or_default() {
                "ja" => Self::Ja,
                "en" => Self::En,
                _ => continue,
            };
            if quality > 0.0 && best.is_none_or(|(q, _)| quality > q) {
                best = Some((quality, lang));
            }
        }
        best.map_or(Self::En, |(_, lang)| lang)
    }

    /// The widget's own words in this language.
    pub fn labels(self) -> &'static Labels {
        match self {
            Self::En => &ENGLISH,
            Self::Ja => &JAPANESE,
        }
    }

    /// A programme day as a heading: `Wednesday 25 January 2023`, `2023年1月25日水曜日`.
    pub fn long_date(self, day: NaiveDate) -> String {
        let japanese = (self == Self::Ja)
            .then(|| {
                JA_LONG
                    .with(|formatter| Some(formatter.as_ref()?.format(&icu_date(day)?).to_string()))
            })
            .flatten();
        japanese.unwrap_or_else(|| day.format("%A %-d %B %Y").to_string())
    }

    /// A day in a filter or beside a time: `Wed 25 Jan`, `1月25日(水)`.
    pub fn short_date(self, day: NaiveDate) -> String {
        let japanese = (self == Self::Ja)
            .then(|| {
                JA_SHORT
                    .with(|formatter| Some(formatter.as_ref()?.format(&icu_date(day)?).to_string()))
            })
            .flatten();
        japanese.unwrap_or_else(|| day.format("%a %-d %b").to_string())
    }

    /// The event's days: `25–26 January 2023`; in Japanese the first day in full and the
    /// last as a day in a filter (`2023年1月25日水曜日 – 1月26日(木)`).
    pub fn date_range(self, start: NaiveDate, end: NaiveDate) -> String {
        if self == Self::Ja {
            return if start == end {
                self.long_date(start)
            } else {
                format!("{} – {}", self.long_date(start), self.short_date(end))
            };
        }
        let day_month_year = |day: NaiveDate| day.format("%-d %B %Y").to_string();
        if start == end {
            day_month_year(start)
        } else if (start.year(), start.month()) == (end.year(), end.month()) {
            format!("{}–{}", start.day(), day_month_year(end))
        } else {
            format!("{} – {}", day_month_year(start), day_month_year(end))
        }
    }

    /// A country's name: in Japanese CLDR's (`FI` → フィンランド) where it has one, else the
    /// name the dataset gives (`english`).
    pub fn country_name(self, code: &str, english: &str) -> String {
        let localized = (self == Self::Ja)
            .then(|| {
                JA_REGIONS.with(|names| {
                    let region = code.parse::<Region>().ok()?;
                    names.as_ref()?.of(region).map(str::to_owned)
                })
            })
            .flatten();
        localized.unwrap_or_else(|| english.to_owned())
    }
}

impl Lang {
    /// The event's name in this language: in Japanese the title of its Japanese page where the
    /// dataset has it, else the name as published.
    pub fn event_name(self, event: &entity::event::Model) -> &str {
        match (self, &event.name_ja) {
            (Self::Ja, Some(name_ja)) => name_ja,
            _ => &event.name,
        }
    }

    /// A zone as words, in Japanese: CLDR's generic name at `at` (`Asia/Tokyo` → 日本時間,
    /// `Europe/Brussels` → 中央ヨーロッパ時間); `None` in English, or where CLDR has no name
    /// for the zone (it would fall back to an offset), so that the page shows the IANA id.
    pub fn zone_name(self, zone: Tz, at: DateTime<Utc>) -> Option<String> {
        if self != Self::Ja {
            return None;
        }
        let offset = at.with_timezone(&zone).offset().fix().local_minus_utc();
        let info = TimeZone::from_iana_id(zone.name())
            .with_offset(UtcOffset::try_from_seconds(offset).ok())
            .with_zone_name_timestamp(ZoneNameTimestamp::from_epoch_seconds(at.timestamp()));
        JA_ZONES
            .with(|formatter| Some(formatter.as_ref()?.format(&info).to_string()))
            .filter(|name| !name.starts_with("GMT"))
    }
}

fn icu_date(day: NaiveDate) -> Option<Date<icu::calendar::Gregorian>> {
    let month = u8::try_from(day.month()).ok()?;
    let date = u8::try_from(day.day()).ok()?;
    Date::try_new_gregorian(day.year(), month, date).ok()
}

fn japanese() -> DateTimeFormatterPreferences {
    locale!("ja").into()
}

thread_local! {
    // ICU4X's formatters are not `Sync` without its `sync` feature: one per thread, made on
    // first use from the compiled CLDR data (`None`, and English, if that data cannot load).

    /// `2023年1月25日水曜日`.
    static JA_LONG: Option<DateTimeFormatter<YMDE>> =
        DateTimeFormatter::try_new(japanese(), YMDE::long()).ok();

    /// `1月25日(水)`.
    static JA_SHORT: Option<DateTimeFormatter<MDE>> =
        DateTimeFormatter::try_new(japanese(), MDE::medium()).ok();

    /// Zone names in Japanese (`日本時間`).
    static JA_ZONES: Option<NoCalendarFormatter<GenericLong>> =
        NoCalendarFormatter::try_new(japanese(), GenericLong).ok();

    /// Country names in Japanese.
    static JA_REGIONS: Option<RegionDisplayNames> =
        RegionDisplayNames::try_new(locale!("ja").into(), DisplayNamesOptions::default()).ok();
}

/// The widget's own words.
#[derive(Debug)]
pub struct Labels {
    /// `<title>` prefix.
    pub programme: &'static str,
    /// Before the zone in the lede.
    pub times_in: &'static str,
    /// The zone switch's accessible name.
    pub time_zone: &'static str,
    /// The day filter.
    pub day: &'static str,
    /// Its "no filter" option.
    pub all_days: &'static str,
    /// The theme filter.
    pub theme: &'static str,
    /// Its "no filter" option.
    pub all_themes: &'static str,
    /// The filters' button.
    pub show: &'static str,
    /// Where nothing matches.
    pub no_session: &'static str,
    /// The speakers list's accessible name.
    pub speakers: &'static str,
    /// The presentation-material mark's explanation.
    pub material: &'static str,
    /// The per-session calendar link.
    pub add_to_calendar: &'static str,
    /// The per-session Google Calendar link.
    pub add_to_google: &'static str,
    /// The footer's source line, before the API's link.
    pub published: &'static str,
    /// The API's name in that link.
    pub api_name: &'static str,
    /// Before the subscription links.
    pub calendar_of_page: &'static str,
    /// The `webcal:` link.
    pub subscribe: &'static str,
    /// The Google Calendar link.
    pub add_by_url: &'static str,
    /// Between the last two links.
    pub or: &'static str,
    /// The download link.
    pub download: &'static str,
    /// The language switch's accessible name, and the other language's name in it.
    pub language: &'static str,
    /// In a sandboxed frame (an oEmbed in WordPress), before an address to copy instead of a
    /// link the sandbox blocks.
    pub copy_address: &'static str,
    /// The results' heading, for one session and for any other count (`{}`: the count).
    pub session_unit: (&'static str, &'static str),
}

impl Labels {
    /// The results' heading: how many sessions the page shows.
    pub fn sessions_shown(&self, count: usize) -> String {
        let unit = if count == 1 {
            self.session_unit.0
        } else {
            self.session_unit.1
        };
        unit.replace("{}", &count.to_string())
    }
}

const ENGLISH: Labels = Labels {
    programme: "Programme",
    times_in: "times in",
    time_zone: "Time zone",
    day: "Day",
    all_days: "All days",
    theme: "Theme",
    all_themes: "All themes",
    show: "Show",
    no_session: "No session matches these filters.",
    speakers: "Speakers",
    material: "Presentation material (PDF) published on the event page",
    add_to_calendar: "Add to calendar",
    add_to_google: "Google Calendar",
    published: "Programme as published on the event page (times in CET and JST), served by the ",
    api_name: "EU–Japan 100 Cities API",
    calendar_of_page: "Calendar of what this page shows: ",
    subscribe: "subscribe (webcal)",
    add_by_url: "add by URL to Google Calendar",
    or: ", or ",
    download: "download (.ics)",
    language: "Language",
    copy_address: "Copy this address",
    session_unit: ("1 session shown", "{} sessions shown"),
};

const JAPANESE: Labels = Labels {
    programme: "プログラム",
    times_in: "表示する時間帯:",
    time_zone: "時間帯",
    day: "開催日",
    all_days: "全日程",
    theme: "テーマ",
    all_themes: "全テーマ",
    show: "表示",
    no_session: "この条件に合うセッションはありません。",
    speakers: "登壇者",
    material: "イベントページで発表資料(PDF)が公開されています",
    add_to_calendar: "カレンダーに追加",
    add_to_google: "Googleカレンダー",
    published: "イベントページで公開されたプログラム(CETとJSTで掲載)。提供: ",
    api_name: "EU–Japan 100 Cities API",
    calendar_of_page: "このページの内容のカレンダー: ",
    subscribe: "購読 (webcal)",
    add_by_url: "Googleカレンダーに URL で追加",
    or: "、",
    download: "ダウンロード (.ics)",
    language: "言語",
    copy_address: "このアドレスをコピーしてください",
    session_unit: ("1件のセッションを表示", "{}件のセッションを表示"),
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_picks_the_preferred_of_the_two() {
        for (header, expected) in [
            (None, Lang::En),
            (Some("ja"), Lang::Ja),
            (Some("ja-JP,ja;q=0.9,en;q=0.8"), Lang::Ja),
            (Some("fr-FR,en;q=0.5,ja;q=0.4"), Lang::En),
            (Some("de, ja;q=0.1"), Lang::Ja),
            (Some("ja;q=0"), Lang::En),
        ] {
            assert_eq!(Lang::negotiate(header), expected, "{header:?}");
        }
    }

    #[test]
    fn japanese_dates_and_countries_come_from_cldr() {
        let day = NaiveDate::from_ymd_opt(2023, 1, 25).unwrap_or_default();
        assert_eq!(Lang::Ja.long_date(day), "2023年1月25日水曜日");
        assert_eq!(Lang::Ja.short_date(day), "1月25日(水)");
        assert_eq!(Lang::Ja.country_name("FI", "Finland"), "フィンランド");
        assert_eq!(Lang::En.country_name("FI", "Finland"), "Finland");
        assert_eq!(Lang::En.long_date(day), "Wednesday 25 January 2023");
    }

    #[test]
    fn japanese_zone_names_come_from_cldr() {
        let at = chrono::DateTime::from_timestamp(1_674_633_600, 0).unwrap_or_default();
        assert_eq!(
            Lang::Ja.zone_name(chrono_tz::Asia::Tokyo, at).as_deref(),
            Some("日本時間")
        );
        assert_eq!(
            Lang::Ja
                .zone_name(chrono_tz::Europe::Brussels, at)
                .as_deref(),
            Some("中央ヨーロッパ時間")
        );
        assert_eq!(Lang::En.zone_name(chrono_tz::Asia::Tokyo, at), None);
        // A zone CLDR names by an offset only keeps its IANA id.
        assert_eq!(Lang::Ja.zone_name(chrono_tz::Etc::GMTPlus5, at), None);
    }
}
