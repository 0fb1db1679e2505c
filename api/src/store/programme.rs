//! The programme in memory: one immutable copy per data revision.
//!
//! The event, its organisers, themes, sessions, appearances, speakers, organisations, local
//! governments with their programme memberships, countries and the stored pairings are read
//! in one read transaction when the revision changes ([`Programme::read`]), indexed once, and
//! shared by every request of that revision (see `store::programme_watch`). Resolvers of the
//! programme read it without a statement. The research lists (participation, search,
//! reference lists, provenance) stay SQL, in the request's transaction.
//!
//! Orders are those the SQL used to give, computed here once: names by `sort_name` then id
//! (byte order, which is SQLite's; PostgreSQL's collation no longer matters), sessions by start
//! then id, themes and organisers and pairings by their published position.

use foldhash::{HashMap, HashMapExt};
use std::sync::Arc;

use chrono::{DateTime, Utc};
use entity::{
    appearance, city_pairing, city_pairing_session, country, event, event_organiser,
    local_government, organisation, programme_membership, session, speaker, theme,
};
use sea_orm::{ActiveEnum, ConnectionTrait, DbErr, EntityTrait};

use super::Window;
use super::filters::{CityFilter, OrganisationFilter, SessionFilter, SpeakerFilter};
use super::pairings::Pairing;
use super::snapshot::VersionRow;
use super::{Cursor, Page};
use crate::error::ApiResult;

/// One revision of the programme, indexed for the resolvers.
#[derive(Default)]
pub struct Programme {
    revision: Option<Arc<str>>,
    version: Option<VersionRow>,
    event: Option<Arc<event::Model>>,
    organisers: Vec<Arc<organisation::Model>>,
    themes: Vec<Arc<theme::Model>>,
    sessions: Vec<Arc<session::Model>>,
    speakers: Vec<Arc<speaker::Model>>,
    cities: Vec<Arc<local_government::Model>>,
    countries: Vec<Arc<country::Model>>,
    pairings: Vec<Arc<Pairing>>,
    theme_by_id: HashMap<String, Arc<theme::Model>>,
    session_by_id: HashMap<String, Arc<session::Model>>,
    speaker_by_id: HashMap<String, Arc<speaker::Model>>,
    city_by_id: HashMap<String, Arc<local_government::Model>>,
    country_by_code: HashMap<String, Arc<country::Model>>,
    organisation_by_id: HashMap<String, Arc<organisation::Model>>,
    organisations: Vec<Arc<organisation::Model>>,
    pairing_by_id: HashMap<String, Arc<Pairing>>,
    appearances_in_session: HashMap<String, Vec<Arc<appearance::Model>>>,
    appearances_of_speaker: HashMap<String, Vec<Arc<appearance::Model>>>,
    sessions_of_theme: HashMap<String, Vec<Arc<session::Model>>>,
    sessions_of_city: HashMap<String, Vec<Arc<session::Model>>>,
    speakers_of_city: HashMap<String, Vec<Arc<speaker::Model>>>,
    speakers_of_country: HashMap<String, Vec<Arc<speaker::Model>>>,
    cities_of_country: HashMap<String, Vec<Arc<local_government::Model>>>,
    memberships: Vec<Arc<programme_membership::Model>>,
    memberships_of_city: HashMap<String, Vec<Arc<programme_membership::Model>>>,
    pairings_of_city: HashMap<String, Vec<Arc<Pairing>>>,
}

/// The rows of one revision, as read.
struct Rows {
    version: Option<VersionRow>,
    events: Vec<event::Model>,
    organisers: Vec<event_organiser::Model>,
    themes: Vec<theme::Model>,
    sessions: Vec<session::Model>,
    appearances: Vec<appearance::Model>,
    speakers: Vec<speaker::Model>,
    organisations: Vec<organisation::Model>,
    cities: Vec<local_government::Model>,
    memberships: Vec<programme_membership::Model>,
    countries: Vec<country::Model>,
    pairings: Vec<city_pairing::Model>,
    pairing_sessions: Vec<city_pairing_session::Model>,
}

impl Rows {
    /// Every row of the programme's tables, through `db` (a read transaction: one version).
    async fn read(db: &impl ConnectionTrait) -> Result<Self, DbErr> {
        Ok(Self {
            version: VersionRow::read(db).await?,
            events: event::Entity::find().all(db).await?,
            organisers: event_organiser::Entity::find().all(db).await?,
            themes: theme::Entity::find().all(db).await?,
            sessions: session::Entity::find().all(db).await?,
            appearances: appearance::Entity::find().all(db).await?,
            speakers: speaker::Entity::find().all(db).await?,
            organisations: organisation::Entity::find().all(db).await?,
            cities: local_government::Entity::find().all(db).await?,
            memberships: programme_membership::Entity::find().all(db).await?,
            countries: country::Entity::find().all(db).await?,
            pairings: city_pairing::Entity::find().all(db).await?,
            pairing_sessions: city_pairing_session::Entity::find().all(db).await?,
        })
    }
}

/// `rows` as shared values, with an index by `key`.
fn indexed<T>(rows: Vec<T>, key: impl Fn(&T) -> String) -> (Vec<Arc<T>>, HashMap<String, Arc<T>>) {
    let rows: Vec<Arc<T>> = rows.into_iter().map(Arc::new).collect();
    let index = rows.iter().map(|row| (key(row), row.clone())).collect();
    (rows, index)
}

/// `rows` (in the wanted order) grouped by `key`, where it has one.
fn grouped<T>(rows: &[Arc<T>], key: impl Fn(&T) -> Option<&str>) -> HashMap<String, Vec<Arc<T>>> {
    let mut groups: HashMap<String, Vec<Arc<T>>> = HashMap::new();
    for row in rows {
        if let Some(key) = key(row) {
            groups.entry(key.to_owned()).or_default().push(row.clone());
        }
    }
    groups
}

/// The list `key` names in `groups`; empty when there is none.
fn list<'a, T>(groups: &'a HashMap<String, Vec<Arc<T>>>, key: &str) -> &'a [Arc<T>] {
    groups.get(key).map_or(&[], Vec::as_slice)
}

impl Programme {
    /// Reads and indexes the programme through `db`, which must be one read transaction (so
    /// that the revision and the rows are of one version).
    pub async fn read(db: &impl ConnectionTrait) -> Result<Self, DbErr> {
        Ok(Self::from_rows(Rows::read(db).await?))
    }

    fn from_rows(mut rows: Rows) -> Self {
        rows.themes.sort_by_key(|theme| theme.position);
        rows.sessions
            .sort_by(|a, b| (a.starts_at, &a.id).cmp(&(b.starts_at, &b.id)));
        rows.speakers
            .sort_by(|a, b| (&a.sort_name, &a.id).cmp(&(&b.sort_name, &b.id)));
        rows.cities
            .sort_by(|a, b| (&a.sort_name, &a.id).cmp(&(&b.sort_name, &b.id)));
        rows.countries.sort_by(|a, b| a.code.cmp(&b.code));
        rows.organisations
            .sort_by_cached_key(|o| ((ORGANISATIONS.key)(o), o.id.clone()));
        rows.organisers
            .sort_by(|a, b| (&a.event_id, a.position).cmp(&(&b.event_id, b.position)));
        rows.appearances
            .sort_by(|a, b| (&a.session_id, a.position).cmp(&(&b.session_id, b.position)));
        rows.memberships
            .sort_by_key(|membership| membership.programme.to_value());
        rows.pairings.sort_by_key(|pairing| pairing.position);
        rows.pairing_sessions
            .sort_by(|a, b| (&a.pairing_id, a.position).cmp(&(&b.pairing_id, b.position)));

        let (themes, theme_by_id) = indexed(rows.themes, |t| t.id.clone());
        let (sessions, session_by_id) = indexed(rows.sessions, |s| s.id.clone());
        let (speakers, speaker_by_id) = indexed(rows.speakers, |s| s.id.clone());
        let (cities, city_by_id) = indexed(rows.cities, |c| c.id.clone());
        let (countries, country_by_code) = indexed(rows.countries, |c| c.code.clone());
        let (organisations, organisation_by_id) = indexed(rows.organisations, |o| o.id.clone());
        let memberships: Vec<Arc<programme_membership::Model>> =
            rows.memberships.into_iter().map(Arc::new).collect();
        let appearances: Vec<Arc<appearance::Model>> =
            rows.appearances.into_iter().map(Arc::new).collect();

        let appearances_in_session = grouped(&appearances, |a| Some(&a.session_id));
        let mut appearances_of_speaker: HashMap<String, Vec<Arc<appearance::Model>>> =
            HashMap::new();
        let mut sessions_of_city: HashMap<String, Vec<Arc<session::Model>>> = HashMap::new();
        for session in &sessions {
            for appearance in list(&appearances_in_session, &session.id) {
                appearances_of_speaker
                    .entry(appearance.speaker_id.clone())
                    .or_default()
                    .push(appearance.clone());
                let city = speaker_by_id
                    .get(&appearance.speaker_id)
                    .and_then(|speaker| speaker.local_government_id.clone());
                if let Some(city) = city {
                    let of_city = sessions_of_city.entry(city).or_default();
                    // Two speakers of one city in one session: the session once.
                    if of_city.last().is_none_or(|last| last.id != session.id) {
                        of_city.push(session.clone());
                    }
                }
            }
        }

        let mut sessions_of_pairing: HashMap<&str, Vec<(String, Option<String>)>> = HashMap::new();
        for row in &rows.pairing_sessions {
            if let Some(session) = session_by_id.get(&row.session_id) {
                sessions_of_pairing
                    .entry(row.pairing_id.as_str())
                    .or_default()
                    .push((session.id.clone(), session.theme_id.clone()));
            }
        }
        // A pairing is stored with its sessions; one without any is not served.
        let pairings: Vec<Arc<Pairing>> = rows
            .pairings
            .iter()
            .filter_map(|row| {
                Some(Arc::new(Pairing {
                    id: row.id.clone(),
                    eu_city: row.eu_city_id.clone(),
                    japan_city: row.japan_city_id.clone(),
                    sessions: sessions_of_pairing.remove(row.id.as_str())?,
                }))
            })
            .collect();
        let mut pairings_of_city: HashMap<String, Vec<Arc<Pairing>>> = HashMap::new();
        for pairing in &pairings {
            for city in [&pairing.japan_city, &pairing.eu_city] {
                pairings_of_city
                    .entry(city.clone())
                    .or_default()
                    .push(pairing.clone());
            }
        }

        let event = rows.events.into_iter().next().map(Arc::new);
        let organisers = rows
            .organisers
            .iter()
            .filter(|row| event.as_ref().is_some_and(|event| event.id == row.event_id))
            .filter_map(|row| organisation_by_id.get(&row.organisation_id).cloned())
            .collect();

        Self {
            revision: rows.version.as_ref().map(|v| Arc::from(v.revision())),
            version: rows.version,
            event,
            organisers,
            sessions_of_theme: grouped(&sessions, |s| s.theme_id.as_deref()),
            speakers_of_city: grouped(&speakers, |s| s.local_government_id.as_deref()),
            speakers_of_country: grouped(&speakers, |s| s.country_code.as_deref()),
            cities_of_country: grouped(&cities, |c| Some(&c.country_code)),
            memberships_of_city: grouped(&memberships, |m| Some(&m.local_government_id)),
            memberships,
            pairing_by_id: pairings.iter().map(|p| (p.id.clone(), p.clone())).collect(),
            themes,
            sessions,
            speakers,
            cities,
            countries,
            pairings,
            theme_by_id,
            session_by_id,
            speaker_by_id,
            city_by_id,
            country_by_code,
            organisation_by_id,
            organisations,
            appearances_in_session,
            appearances_of_speaker,
            sessions_of_city,
            pairings_of_city,
        }
    }

    /// The revision this copy was read at (see `Snapshot::revision`); `None` for a database
    /// that holds no data.
    pub fn revision(&self) -> Option<&Arc<str>> {
        self.revision.as_ref()
    }

    /// The dataset version and load time this copy was read at; `None` for a database that
    /// holds no data.
    pub fn version(&self) -> Option<&VersionRow> {
        self.version.as_ref()
    }

    /// The event (a database holds one).
    pub fn event(&self) -> Option<&Arc<event::Model>> {
        self.event.as_ref()
    }

    /// The event's organisers, in published order.
    pub fn organisers(&self) -> &[Arc<organisation::Model>] {
        &self.organisers
    }

    /// The themes, in programme order.
    pub fn themes(&self) -> &[Arc<theme::Model>] {
        &self.themes
    }

    /// Every session, in programme order.
    pub fn sessions(&self) -> &[Arc<session::Model>] {
        &self.sessions
    }

    /// Every speaker, by name.
    pub fn speakers(&self) -> &[Arc<speaker::Model>] {
        &self.speakers
    }

    /// Every local government, by name.
    pub fn cities(&self) -> &[Arc<local_government::Model>] {
        &self.cities
    }

    /// The countries, by ISO code.
    pub fn countries(&self) -> &[Arc<country::Model>] {
        &self.countries
    }

    /// Every pairing, in pairing order.
    pub fn pairings(&self) -> &[Arc<Pairing>] {
        &self.pairings
    }

    /// A theme by id.
    pub fn theme(&self, id: &str) -> Option<&Arc<theme::Model>> {
        self.theme_by_id.get(id)
    }

    /// A session by id.
    pub fn session(&self, id: &str) -> Option<&Arc<session::Model>> {
        self.session_by_id.get(id)
    }

    /// A speaker by id.
    pub fn speaker(&self, id: &str) -> Option<&Arc<speaker::Model>> {
        self.speaker_by_id.get(id)
    }

    /// A local government by id.
    pub fn city(&self, id: &str) -> Option<&Arc<local_government::Model>> {
        self.city_by_id.get(id)
    }

    /// A country by ISO code.
    pub fn country(&self, code: &str) -> Option<&Arc<country::Model>> {
        self.country_by_code.get(code)
    }

    /// The organisations matching `filter`, by name.
    pub fn organisations_matching(
        &self,
        filter: &OrganisationFilter,
    ) -> Vec<&Arc<organisation::Model>> {
        self.organisations
            .iter()
            .filter(|o| filter.kind.is_none_or(|kind| o.kind == kind))
            .filter(|o| filter.region.is_none_or(|region| o.region == region))
            .filter(|o| {
                filter
                    .country
                    .as_ref()
                    .is_none_or(|code| o.country_code.as_ref() == Some(code))
            })
            .collect()
    }

    /// Every body a speaker represents, by name (lower-cased), then id.
    pub fn organisations(&self) -> &[Arc<organisation::Model>] {
        &self.organisations
    }

    /// How many bodies the programme holds.
    pub fn organisation_count(&self) -> usize {
        self.organisations.len()
    }

    /// An organisation by id.
    pub fn organisation(&self, id: &str) -> Option<&Arc<organisation::Model>> {
        self.organisation_by_id.get(id)
    }

    /// A pairing by id.
    pub fn pairing(&self, id: &str) -> Option<&Arc<Pairing>> {
        self.pairing_by_id.get(id)
    }

    /// The appearances in a session, in published order.
    pub fn appearances_in(&self, session: &str) -> &[Arc<appearance::Model>] {
        list(&self.appearances_in_session, session)
    }

    /// A speaker's appearances, in programme order of their sessions.
    pub fn appearances_of(&self, speaker: &str) -> &[Arc<appearance::Model>] {
        list(&self.appearances_of_speaker, speaker)
    }

    /// A theme's sessions, in programme order.
    pub fn sessions_of_theme(&self, theme: &str) -> &[Arc<session::Model>] {
        list(&self.sessions_of_theme, theme)
    }

    /// The sessions in which a local government was represented, in programme order.
    pub fn sessions_of_city(&self, city: &str) -> &[Arc<session::Model>] {
        list(&self.sessions_of_city, city)
    }

    /// The speakers representing a local government, by name.
    pub fn speakers_of_city(&self, city: &str) -> &[Arc<speaker::Model>] {
        list(&self.speakers_of_city, city)
    }

    /// The speakers whose body is in a country, by name.
    pub fn speakers_of_country(&self, code: &str) -> &[Arc<speaker::Model>] {
        list(&self.speakers_of_country, code)
    }

    /// The local governments of a country, by name.
    pub fn cities_of_country(&self, code: &str) -> &[Arc<local_government::Model>] {
        list(&self.cities_of_country, code)
    }

    /// Every programme membership, by programme.
    pub fn memberships(&self) -> &[Arc<programme_membership::Model>] {
        &self.memberships
    }

    /// The programme memberships of local government `city`, by programme.
    pub fn memberships_of(&self, city: &str) -> &[Arc<programme_membership::Model>] {
        list(&self.memberships_of_city, city)
    }

    /// A local government's pairings, in pairing order.
    pub fn pairings_of(&self, city: &str) -> &[Arc<Pairing>] {
        list(&self.pairings_of_city, city)
    }
}

/// The lists of the root queries, filtered in memory.
impl Programme {
    /// The sessions matching `filter`, in programme order.
    pub fn sessions_matching(&self, filter: &SessionFilter) -> Vec<&Arc<session::Model>> {
        let with_speaker = |session: &session::Model, about: &dyn Fn(&speaker::Model) -> bool| {
            self.appearances_in(&session.id).iter().any(|appearance| {
                self.speaker(&appearance.speaker_id)
                    .is_some_and(|speaker| about(speaker))
            })
        };
        // The narrowest index the filter names, then the whole filter.
        let candidates = match (&filter.theme, &filter.city) {
            (Some(theme), _) => self.sessions_of_theme(theme),
            (None, Some(city)) => self.sessions_of_city(city),
            (None, None) => &self.sessions,
        };
        candidates
            .iter()
            .filter(|s| {
                filter
                    .theme
                    .as_ref()
                    .is_none_or(|t| s.theme_id.as_ref() == Some(t))
            })
            .filter(|s| filter.day.is_none_or(|day| s.day == day))
            .filter(|s| filter.kind.is_none_or(|kind| s.kind == kind))
            .filter(|s| {
                filter.speaker_country.as_ref().is_none_or(|code| {
                    with_speaker(s, &|speaker| speaker.country_code.as_ref() == Some(code))
                })
            })
            .filter(|s| {
                filter.city.as_ref().is_none_or(|city| {
                    with_speaker(s, &|speaker| {
                        speaker.local_government_id.as_ref() == Some(city)
                    })
                })
            })
            .collect()
    }

    /// The speakers matching `filter`, by name.
    pub fn speakers_matching(&self, filter: &SpeakerFilter) -> Vec<&Arc<speaker::Model>> {
        let candidates = match (&filter.city, &filter.country) {
            (Some(city), _) => self.speakers_of_city(city),
            (None, Some(code)) => self.speakers_of_country(code),
            (None, None) => &self.speakers,
        };
        candidates
            .iter()
            .filter(|s| {
                filter
                    .country
                    .as_ref()
                    .is_none_or(|code| s.country_code.as_ref() == Some(code))
            })
            .filter(|s| filter.region.is_none_or(|region| s.region == region))
            .filter(|s| {
                filter
                    .city
                    .as_ref()
                    .is_none_or(|city| s.local_government_id.as_ref() == Some(city))
            })
            .filter(|s| {
                filter.organisation_kind.is_none_or(|kind| {
                    s.organisation_id
                        .as_deref()
                        .and_then(|id| self.organisation(id))
                        .is_some_and(|organisation| organisation.kind == kind)
                })
            })
            .collect()
    }

    /// The local governments matching `filter`, by name.
    pub fn cities_matching(&self, filter: &CityFilter) -> Vec<&Arc<local_government::Model>> {
        let candidates = match &filter.country {
            Some(code) => self.cities_of_country(code),
            None => &self.cities,
        };
        candidates
            .iter()
            .filter(|c| {
                filter
                    .country
                    .as_ref()
                    .is_none_or(|code| &c.country_code == code)
            })
            .filter(|c| filter.region.is_none_or(|region| c.region == region))
            .collect()
    }

    /// The pairings that involve `city` (all when `None`) and, with `theme`, that were made in
    /// at least one session of that theme; in pairing order. A pairing always carries every
    /// session the pair shared, however it was found.
    pub fn pairings_matching(&self, city: Option<&str>, theme: Option<&str>) -> Vec<Arc<Pairing>> {
        let candidates = match city {
            Some(city) => self.pairings_of(city),
            None => &self.pairings,
        };
        candidates
            .iter()
            .filter(|p| city.is_none_or(|city| p.eu_city == city || p.japan_city == city))
            .filter(|p| {
                theme.is_none_or(|theme| {
                    p.sessions
                        .iter()
                        .any(|(_, of)| of.as_deref() == Some(theme))
                })
            })
            .cloned()
            .collect()
    }
}

impl std::fmt::Debug for Programme {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Programme")
            .field("revision", &self.revision())
            .field("sessions", &self.sessions().len())
            .finish_non_exhaustive()
    }
}

/// How a list is ordered for pages: by a key, then the id, both ascending; the cursor carries
/// the key as text.
pub struct Order<T, K> {
    /// The list's name, carried in its cursors so that a cursor of one list is refused by another.
    pub list: &'static str,
    /// A row's sort key.
    pub key: fn(&T) -> K,
    /// A row's id, the tie-breaker.
    pub id: fn(&T) -> &str,
    /// A row's sort key as its cursor carries it.
    pub key_text: fn(&T) -> String,
    /// A cursor's key read back (`None`: not a key of this list).
    pub parse_key: fn(&str) -> Option<K>,
}

/// Sessions by start, then id.
pub const SESSIONS: Order<session::Model, DateTime<Utc>> = Order {
    list: "sessions",
    key: |session| session.starts_at,
    id: |session| &session.id,
    key_text: |session| session.starts_at.to_rfc3339(),
    parse_key: |key| {
        DateTime::parse_from_rfc3339(key)
            .ok()
            .map(|instant| instant.with_timezone(&Utc))
    },
};

/// Speakers by name, then id.
pub const SPEAKERS: Order<speaker::Model, String> = Order {
    list: "speakers",
    key: |speaker| speaker.sort_name.clone(),
    id: |speaker| &speaker.id,
    key_text: |speaker| speaker.sort_name.clone(),
    parse_key: |key| Some(key.to_owned()),
};

/// Organisations by lower-cased name, then id.
pub const ORGANISATIONS: Order<organisation::Model, String> = Order {
    list: "organisations",
    key: |organisation| organisation.name.to_lowercase(),
    id: |organisation| &organisation.id,
    key_text: |organisation| organisation.name.to_lowercase(),
    parse_key: |key| Some(key.to_owned()),
};

/// Local governments by name, then id.
pub const CITIES: Order<local_government::Model, String> = Order {
    list: "cities",
    key: |city| city.sort_name.clone(),
    id: |city| &city.id,
    key_text: |city| city.sort_name.clone(),
    parse_key: |key| Some(key.to_owned()),
};

/// The page of `window` of `rows` (the matching rows, in `order`). Both page flags are exact:
/// the rows are all here.
pub fn page<T, K: Ord>(
    rows: &[&Arc<T>],
    order: &Order<T, K>,
    window: &Window,
) -> ApiResult<Page<Arc<T>>> {
    // The number of rows before the cursor `text` (with its own row when `through`).
    let rows_before = |argument: &'static str, text: &str, through: bool| -> ApiResult<usize> {
        let cursor = Cursor::decode(order.list, argument, text)?;
        let key =
            (order.parse_key)(&cursor.key).ok_or_else(|| Cursor::malformed(argument, text))?;
        let position = (key, cursor.id.as_str());
        Ok(rows.partition_point(|row| {
            let here = ((order.key)(row), (order.id)(row));
            if through {
                here <= position
            } else {
                here < position
            }
        }))
    };
    let lower = match &window.after {
        None => 0,
        Some(text) => rows_before("after", text, true)?,
    };
    let upper = match &window.before {
        None => rows.len(),
        Some(text) => rows_before("before", text, false)?,
    }
    .max(lower);
    let wanted = usize::try_from(window.size).unwrap_or(usize::MAX);
    let (start, end) = if window.from_end {
        (upper.saturating_sub(wanted).max(lower), upper)
    } else {
        (lower, lower.saturating_add(wanted).min(upper))
    };
    Ok(Page {
        rows: rows[start..end]
            .iter()
            .map(|row| {
                let cursor = Cursor {
                    list: order.list,
                    key: (order.key_text)(row),
                    id: (order.id)(row).to_owned(),
                };
                (cursor, Arc::clone(row))
            })
            .collect(),
        has_next_page: end < rows.len(),
        has_previous_page: start > 0,
        total_count: rows.len() as u64,
    })
}
