//! What the documents of the programme read: a selection of the schedule, checked (a day,
//! theme, session or speaker that names nothing is `NOT_FOUND`), with the name a calendar
//! gives it; and the whole dataset, for the exports and the figure. Both from the programme
//! in memory; the reference lists from the database, for the exports that show them.

use crate::error::{ErrorCode, Refusal, quoted};
use crate::store::export::{ExportData, Lists};
use crate::store::schedule::{Schedule, Selection};

use super::document::Source;
use super::language::Lang;

/// The schedule of `selection` and its name (`EU-Japan ...: Energy (25 January 2023)`).
pub fn read(source: &Source<'_>, selection: &Selection) -> Result<(Schedule, String), Refusal> {
    read_in(source, selection, Lang::En)
}

/// [`read`], the name in `lang`: in Japanese the event's Japanese name (its Japanese page's
/// title) and the day as CLDR writes it; a theme's or a session's title stays as published.
pub fn read_in(
    source: &Source<'_>,
    selection: &Selection,
    lang: Lang,
) -> Result<(Schedule, String), Refusal> {
    let Some(schedule) = Schedule::of(source.programme, selection) else {
        return Err(not_loaded());
    };
    let name = checked_name(source, &schedule, selection, lang)?;
    Ok((schedule, name))
}

/// What the exports and the figure are rendered from; with `lists`, the reference lists,
/// sources and provenance too, read in the request's snapshot.
pub async fn whole(source: &Source<'_>, lists: bool) -> Result<ExportData, Refusal> {
    let lists = if lists {
        Lists::read(source.database()?).await?
    } else {
        Lists::default()
    };
    ExportData::of(source.programme, lists).ok_or_else(not_loaded)
}

/// 503 for a database that holds no programme yet.
pub fn not_loaded() -> Refusal {
    Refusal::new(ErrorCode::ServiceUnavailable, "no programme is loaded yet")
}

/// 404 where the selection names nothing; otherwise the calendar's name.
fn checked_name(
    source: &Source<'_>,
    schedule: &Schedule,
    selection: &Selection,
    lang: Lang,
) -> Result<String, Refusal> {
    let event = &schedule.event;
    let event_name = lang.event_name(event);
    match selection {
        Selection::Programme { day, theme } => {
            let mut name = event_name.to_owned();
            if let Some(theme) = theme {
                let Some(found) = schedule.themes.iter().find(|t| &t.id == theme) else {
                    return Err(Refusal::not_found(format!(
                        "{} is not a theme slug (the `themes` query lists them)",
                        quoted(theme)
                    )));
                };
                name.push_str(&format!(": {}", found.name));
            }
            if let Some(day) = day {
                if *day < event.start_date || *day > event.end_date {
                    return Err(Refusal::not_found(format!(
                        "the programme has no day {day}: its days are {} to {}",
                        event.start_date, event.end_date
                    )));
                }
                let day = match lang {
                    Lang::Ja => lang.long_date(*day),
                    Lang::En => day.format("%-d %B %Y").to_string(),
                };
                name.push_str(&format!(" ({day})"));
            }
            Ok(name)
        }
        Selection::Session(_) => match schedule.sessions.first() {
            Some(found) => Ok(format!("{event_name}: {}", found.session.title)),
            None => Err(Refusal::not_found("no session has this id or slug")),
        },
        Selection::Speaker(id) => match source.programme.speaker(id) {
            Some(speaker) => Ok(match lang {
                Lang::Ja => format!("{event_name}: {}", speaker.name),
                Lang::En => format!("{event_name}: sessions of {}", speaker.name),
            }),
            None => Err(Refusal::not_found("no speaker has this id or slug")),
        },
    }
}
