//! What the documents of the programme read: a selection of the schedule, checked (a day,
//! theme, session or speaker that names nothing is `NOT_FOUND`), with the name a calendar
//! gives it; and the whole dataset, for the exports and the figure.

use crate::error::{ErrorCode, Refusal, quoted};
use crate::store::export::{self, ExportData};
use crate::store::schedule::{self, Schedule, Selection};

use super::document::Source;

/// The schedule of `selection` and its name (`EU-Japan ...: Energy (25 January 2023)`).
pub async fn read(
    source: &Source<'_>,
    selection: &Selection,
) -> Result<(Schedule, String), Refusal> {
    let Some(schedule) = schedule::read(source.db, selection).await? else {
        return Err(not_loaded());
    };
    let name = checked_name(source, &schedule, selection).await?;
    Ok((schedule, name))
}

/// What the exports and the figure are rendered from.
pub async fn whole(source: &Source<'_>) -> Result<ExportData, Refusal> {
    export::read(source.db).await?.ok_or_else(not_loaded)
}

/// 503 for a database that holds no programme yet.
pub fn not_loaded() -> Refusal {
    Refusal::new(ErrorCode::ServiceUnavailable, "no programme is loaded yet")
}

/// 404 where the selection names nothing; otherwise the calendar's name.
async fn checked_name(
    source: &Source<'_>,
    schedule: &Schedule,
    selection: &Selection,
) -> Result<String, Refusal> {
    let event = &schedule.event;
    match selection {
        Selection::Programme { day, theme } => {
            let mut name = event.name.clone();
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
                name.push_str(&format!(" ({})", day.format("%-d %B %Y")));
            }
            Ok(name)
        }
        Selection::Session(_) => match schedule.sessions.first() {
            Some(found) => Ok(format!("{}: {}", event.name, found.session.title)),
            None => Err(Refusal::not_found("no session has this id or slug")),
        },
        Selection::Speaker(id) => match schedule::speaker(source.db, id).await? {
            Some(speaker) => Ok(format!("{}: sessions of {}", event.name, speaker.name)),
            None => Err(Refusal::not_found("no speaker has this id or slug")),
        },
    }
}
