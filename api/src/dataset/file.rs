//! The shape of `data/programme.toml`, as written by people.
//!
//! Required fields are `Option`s here so that validation, not the TOML parser, reports a
//! missing one, naming the record by its id. Unknown keys are refused by the parser (with the
//! line), which catches misspelt field names.

use chrono::NaiveDate;
use serde::Deserialize;

/// The whole file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProgrammeFile {
    pub event: Option<EventRecord>,
    #[serde(default)]
    pub countries: Vec<CountryRecord>,
    #[serde(default)]
    pub organisations: Vec<OrganisationRecord>,
    #[serde(default)]
    pub local_governments: Vec<LocalGovernmentRecord>,
    #[serde(default)]
    pub themes: Vec<ThemeRecord>,
    #[serde(default)]
    pub speakers: Vec<SpeakerRecord>,
    #[serde(default)]
    pub sessions: Vec<SessionRecord>,
}

/// `[event]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventRecord {
    pub id: Option<String>,
    pub name: Option<String>,
    #[serde(default, deserialize_with = "toml_date")]
    pub start_date: Option<NaiveDate>,
    #[serde(default, deserialize_with = "toml_date")]
    pub end_date: Option<NaiveDate>,
    #[serde(default)]
    pub time_zones: Vec<String>,
    /// Why the page's "CET" and "JST" are served as these IANA zones.
    pub time_zones_note: Option<String>,
    pub languages: Option<String>,
    #[serde(default)]
    pub organisers: Vec<String>,
    pub source_text: Option<String>,
    pub description: Option<String>,
    /// The page's background paragraphs, each quoted from the seed.
    #[serde(default)]
    pub background: Vec<String>,
    pub contact: Option<ContactRecord>,
}

/// `[event.contact]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContactRecord {
    pub name: Option<String>,
    pub organisation: Option<String>,
    pub address: Option<String>,
    pub email: Option<String>,
    pub source_text: Option<String>,
}

/// `[[countries]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CountryRecord {
    pub code: Option<String>,
    pub name: Option<String>,
    pub region: Option<String>,
    pub region_note: Option<String>,
    /// The quote of the seed that names the country, or else
    pub source_text: Option<String>,
    /// the `seed_name` of the organisations.csv row whose seat is in it (its `source` must
    /// contain the country's name).
    pub seat_of: Option<String>,
}

/// `[[organisations]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrganisationRecord {
    pub id: Option<String>,
    pub name: Option<String>,
    pub short_name: Option<String>,
    pub kind: Option<String>,
    /// Why the body is of that kind (every organisation kind is an editorial classification).
    pub kind_note: Option<String>,
    pub country: Option<String>,
    /// The `seed_name` of the organisations.csv row that gives the body's seat and country.
    pub seat: Option<String>,
    pub region: Option<String>,
    pub region_note: Option<String>,
    pub source_text: Option<String>,
    pub correction: Option<String>,
}

/// `[[local_governments]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LocalGovernmentRecord {
    pub id: Option<String>,
    pub participant: Option<String>,
    pub kind: Option<String>,
    /// Required where the seed's wording (City, Town, Prefecture, Metropole) does not give the
    /// kind.
    pub kind_note: Option<String>,
    /// Required where the served name (participants.csv's `name_en`) differs from the name in
    /// the programme's reference list: why the two spellings differ.
    pub name_note: Option<String>,
    /// What the programme membership rests on, beyond the reference list's row (a source that
    /// was looked for and not found, an official page that confirms it).
    pub programme_note: Option<String>,
    /// The address of the document `programme_note` cites.
    pub programme_note_url: Option<String>,
}

/// `[[themes]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ThemeRecord {
    pub id: Option<String>,
    pub name: Option<String>,
    pub description: Option<String>,
}

/// `[[speakers]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpeakerRecord {
    pub id: Option<String>,
    pub name: Option<String>,
    pub role: Option<String>,
    pub organisation: Option<String>,
    pub organisation_note: Option<String>,
    pub local_government: Option<String>,
    pub source_text: Option<String>,
    pub correction: Option<String>,
}

/// `[[sessions]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SessionRecord {
    pub id: Option<String>,
    #[serde(default, deserialize_with = "toml_date")]
    pub day: Option<NaiveDate>,
    pub cet: Option<String>,
    pub jst: Option<String>,
    pub kind: Option<String>,
    pub theme: Option<String>,
    pub title: Option<String>,
    pub title_note: Option<String>,
    pub source_text: Option<String>,
    pub correction: Option<String>,
    pub description: Option<String>,
    #[serde(default)]
    pub speakers: Vec<AppearanceRecord>,
}

/// One entry of a session's `speakers`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AppearanceRecord {
    pub speaker: Option<String>,
    #[serde(default)]
    pub presentation: bool,
    pub talk_title: Option<String>,
    pub note: Option<String>,
}

/// A TOML local date (`day = 2023-01-25`, unquoted) as a calendar date; a date-time or a time
/// is refused.
fn toml_date<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<NaiveDate>, D::Error> {
    let Some(value) = Option::<toml::value::Datetime>::deserialize(deserializer)? else {
        return Ok(None);
    };
    match (value.date, value.time) {
        (Some(date), None) => NaiveDate::from_ymd_opt(
            i32::from(date.year),
            u32::from(date.month),
            u32::from(date.day),
        )
        .map(Some)
        .ok_or_else(|| serde::de::Error::custom(format!("{value} is not a calendar date"))),
        _ => Err(serde::de::Error::custom(format!(
            "{value} is not a date of the form YYYY-MM-DD"
        ))),
    }
}
