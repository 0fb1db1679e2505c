//! The programme as the documents render it (calendar, conference-app schedule, embeddable
//! widget, exports): the event, its themes, and a selection of sessions with every appearance,
//! speaker, body, local government and country they show, taken from the programme of one
//! revision in memory (`store::programme`), as GraphQL answers are: no statement.

use std::collections::HashSet;
use std::sync::Arc;

use chrono::NaiveDate;
use entity::{appearance, country, event, local_government, organisation, session, speaker, theme};

use super::filters::SessionFilter;
use super::programme::Programme;

/// Which sessions a feed shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selection {
    /// The programme, narrowed to one day and/or one theme (by slug).
    Programme {
        /// Programme day.
        day: Option<NaiveDate>,
        /// Theme slug.
        theme: Option<String>,
    },
    /// One session, by its slug.
    Session(String),
    /// The sessions of one speaker, by the speaker's slug.
    Speaker(String),
}

/// What a feed renders.
#[derive(Debug, Clone)]
pub struct Schedule {
    /// The event.
    pub event: Arc<event::Model>,
    /// Every theme of the programme, in programme order (also those no selected session has).
    pub themes: Vec<Arc<theme::Model>>,
    /// The selected sessions, in programme order (start instant, then id).
    pub sessions: Vec<ScheduledSession>,
}

/// A session with what the feeds show of it.
#[derive(Debug, Clone)]
pub struct ScheduledSession {
    /// The session.
    pub session: Arc<session::Model>,
    /// Its theme, if any.
    pub theme: Option<Arc<theme::Model>>,
    /// Its appearances, in published order.
    pub appearances: Vec<Appearance>,
}

/// One speaker's appearance in a session, with the speaker's body and place.
#[derive(Debug, Clone)]
pub struct Appearance {
    /// The appearance (presentation mark, talk title, remark).
    pub appearance: Arc<appearance::Model>,
    /// The speaker.
    pub speaker: Arc<speaker::Model>,
    /// The body the speaker represents.
    pub organisation: Option<Arc<organisation::Model>>,
    /// The local government the speaker represents, if any.
    pub city: Option<Arc<local_government::Model>>,
    /// The country of the speaker's body, if the sources give one.
    pub country: Option<Arc<country::Model>>,
}

impl Schedule {
    /// The schedule of `selection` in `programme`; `None` when it holds no event.
    pub fn of(programme: &Programme, selection: &Selection) -> Option<Self> {
        let event = programme.event()?.clone();
        let sessions: Vec<&Arc<session::Model>> = match selection {
            Selection::Programme { day, theme } => programme.sessions_matching(&SessionFilter {
                theme: theme.clone(),
                day: *day,
                ..SessionFilter::default()
            }),
            Selection::Session(id) => programme.session(id).into_iter().collect(),
            Selection::Speaker(id) => {
                let of_speaker: HashSet<&str> = programme
                    .appearances_of(id)
                    .iter()
                    .map(|appearance| appearance.session_id.as_str())
                    .collect();
                programme
                    .sessions()
                    .iter()
                    .filter(|session| of_speaker.contains(session.id.as_str()))
                    .collect()
            }
        };
        let sessions = sessions
            .into_iter()
            .map(|session| ScheduledSession {
                theme: session
                    .theme_id
                    .as_deref()
                    .and_then(|id| programme.theme(id))
                    .cloned(),
                appearances: programme
                    .appearances_in(&session.id)
                    .iter()
                    .filter_map(|appearance| Appearance::of(programme, appearance))
                    .collect(),
                session: session.clone(),
            })
            .collect();
        Some(Self {
            event,
            themes: programme.themes().to_vec(),
            sessions,
        })
    }
}

impl Appearance {
    /// `appearance` with its speaker's body, local government and country.
    fn of(programme: &Programme, appearance: &Arc<appearance::Model>) -> Option<Self> {
        let speaker = programme.speaker(&appearance.speaker_id)?.clone();
        Some(Self {
            organisation: speaker
                .organisation_id
                .as_deref()
                .and_then(|id| programme.organisation(id))
                .cloned(),
            city: speaker
                .local_government_id
                .as_deref()
                .and_then(|id| programme.city(id))
                .cloned(),
            country: speaker
                .country_code
                .as_deref()
                .and_then(|code| programme.country(code))
                .cloned(),
            speaker,
            appearance: appearance.clone(),
        })
    }
}
