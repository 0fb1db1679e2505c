//! Checks the whole dataset and turns it into database rows, or lists every problem found.
//!
//! Nothing here touches the database: a dataset is either entirely valid (and then written in
//! one transaction) or refused with the list of its problems.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::NaiveDate;
use chrono_tz::Tz;
use entity::{
    LocalGovernmentKind, OrganisationKind, Programme, Region, SessionKind, appearance, country,
    event, event_organiser, leading_area, leading_area_round, local_government, mission_city,
    organisation, programme_membership, provenance, reference_list, session, speaker, theme,
};
use sea_orm::ActiveEnum;

use super::error::Problem;
use super::file::{
    AppearanceRecord, CountryRecord, EventRecord, LocalGovernmentRecord, OrganisationRecord,
    ProgrammeFile, SessionRecord, SpeakerRecord, ThemeRecord,
};
use super::reference::{LeadingAreaRow, MissionCityRow, ParticipantRow};
use super::seed::SeedText;
use super::sources::{self, SourceId};
use super::times::{Slot, parse_slot};
use super::{Completeness, Dataset, FileNames};

/// The parsed inputs, before validation.
pub struct Inputs<'a> {
    pub names: &'a FileNames,
    pub programme: ProgrammeFile,
    pub completeness: Completeness,
    pub participants: Vec<ParticipantRow>,
    pub mission_cities: Vec<MissionCityRow>,
    pub leading_areas: Vec<LeadingAreaRow>,
    pub seed: SeedText,
}

/// Validates `inputs` and builds every row, or returns every problem found.
pub fn validate(inputs: Inputs<'_>, version: String) -> Result<Dataset, Vec<Problem>> {
    let mut v = Validator::new(&inputs);
    v.countries(&inputs.programme.countries);
    v.local_governments(&inputs.programme.local_governments);
    v.organisations(&inputs.programme.organisations);
    v.reference_lists();
    v.themes(&inputs.programme.themes);
    v.speakers(&inputs.programme.speakers);
    match &inputs.programme.event {
        Some(record) => v.event(record),
        None => v.problem("[event]", None, "the section is missing"),
    }
    v.sessions(&inputs.programme.sessions);
    v.finish(version)
}

struct Validator<'a> {
    inputs: &'a Inputs<'a>,
    problems: Vec<Problem>,
    out: Dataset,
    country_regions: HashMap<String, Region>,
    organisation_index: HashMap<String, usize>,
    local_government_index: HashMap<String, usize>,
    theme_ids: HashSet<String>,
    speaker_index: HashMap<String, usize>,
    event_id: Option<String>,
}

impl<'a> Validator<'a> {
    fn new(inputs: &'a Inputs<'a>) -> Self {
        Self {
            inputs,
            problems: Vec::new(),
            out: Dataset {
                sources: sources::all(inputs.names),
                ..Dataset::default()
            },
            country_regions: HashMap::new(),
            organisation_index: HashMap::new(),
            local_government_index: HashMap::new(),
            theme_ids: HashSet::new(),
            speaker_index: HashMap::new(),
            event_id: None,
        }
    }

    // ---- reporting -------------------------------------------------------------------------

    fn problem(&mut self, record: &str, field: Option<&str>, message: impl Into<String>) {
        self.problem_in(self.inputs.names.programme.clone(), record, field, message);
    }

    fn problem_in(
        &mut self,
        file: String,
        record: &str,
        field: Option<&str>,
        message: impl Into<String>,
    ) {
        self.problems.push(Problem {
            file,
            record: record.to_owned(),
            field: field.map(str::to_owned),
            message: message.into(),
        });
    }

    /// The value of a required field, or a "missing" problem.
    fn required<'v, T>(
        &mut self,
        record: &str,
        field: &str,
        value: &'v Option<T>,
    ) -> Option<&'v T> {
        if value.is_none() {
            self.problem(record, Some(field), "is missing");
        }
        value.as_ref()
    }

    /// A required, non-blank text field.
    fn text(&mut self, record: &str, field: &str, value: &Option<String>) -> Option<String> {
        let value = self.required(record, field, value)?;
        if value.trim().is_empty() {
            self.problem(record, Some(field), "is blank");
            return None;
        }
        Some(value.trim().to_owned())
    }

    /// A closed-vocabulary value, e.g. `kind = "PANEL"`.
    fn vocabulary<E: ActiveEnum<Value = String> + sea_orm::Iterable>(
        &mut self,
        record: &str,
        field: &str,
        value: &Option<String>,
    ) -> Option<E> {
        let value = self.required(record, field, value)?;
        match E::try_from_value(value) {
            Ok(parsed) => Some(parsed),
            Err(_) => {
                let allowed: Vec<String> = E::iter().map(|e| e.to_value()).collect();
                self.problem(
                    record,
                    Some(field),
                    format!("`{value}` is not one of {}", allowed.join(", ")),
                );
                None
            }
        }
    }

    /// A record's id: present, a lower-case slug, and not used before in `seen`.
    fn id(
        &mut self,
        record: &str,
        value: &Option<String>,
        seen: &mut HashSet<String>,
    ) -> Option<String> {
        let id = self.text(record, "id", value)?;
        let slug = id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if !slug {
            self.problem(
                record,
                Some("id"),
                format!("`{id}` is not a slug (a-z, 0-9, -)"),
            );
            return None;
        }
        if !seen.insert(id.clone()) {
            self.problem(
                record,
                Some("id"),
                format!("`{id}` is used by an earlier record"),
            );
            return None;
        }
        Some(id)
    }

    /// Checks that `quote` is in the seed and records the fact's provenance there.
    fn trace(
        &mut self,
        record: &str,
        field: &str,
        entity: &str,
        entity_id: &str,
        quote: &str,
        note: Option<String>,
    ) {
        match self.inputs.seed.line_of(quote) {
            Some(line) => self.provenance(
                entity,
                entity_id,
                Some(field).filter(|f| *f != "source_text"),
                SourceId::Seed,
                format!("line {line}"),
                Some(super::seed::fold(quote)),
                note,
            ),
            None => self.problem(
                record,
                Some(field),
                format!(
                    "`{quote}` is not in the seed text ({})",
                    self.inputs.names.seed
                ),
            ),
        }
    }

    #[expect(
        clippy::too_many_arguments,
        reason = "one provenance row has this many fields"
    )]
    fn provenance(
        &mut self,
        entity: &str,
        entity_id: &str,
        field: Option<&str>,
        source: SourceId,
        locator: String,
        quote: Option<String>,
        note: Option<String>,
    ) {
        let id = i32::try_from(self.out.provenance.len() + 1).unwrap_or(i32::MAX);
        self.out.provenance.push(provenance::Model {
            id,
            entity: entity.to_owned(),
            entity_id: entity_id.to_owned(),
            field: field.map(str::to_owned),
            source_id: source.id().to_owned(),
            locator,
            quote,
            note,
        });
    }

    // ---- sections --------------------------------------------------------------------------

    fn countries(&mut self, records: &[CountryRecord]) {
        let mut seen = HashSet::new();
        for (index, record) in records.iter().enumerate() {
            let name = record_name("countries", index, record.code.as_deref());
            let Some(code) = self.text(&name, "code", &record.code) else {
                continue;
            };
            if code.len() != 2 || !code.chars().all(|c| c.is_ascii_uppercase()) {
                self.problem(
                    &name,
                    Some("code"),
                    "is not an upper-case ISO 3166-1 alpha-2 code",
                );
                continue;
            }
            if !seen.insert(code.clone()) {
                self.problem(
                    &name,
                    Some("code"),
                    format!("`{code}` is used by an earlier record"),
                );
                continue;
            }
            let country_name = self.text(&name, "name", &record.name);
            let region = self.vocabulary::<Region>(&name, "region", &record.region);
            if let Some(quote) = self.text(&name, "source_text", &record.source_text) {
                self.trace(&name, "source_text", "country", &code, &quote, None);
            }
            if let (Some(country_name), Some(region)) = (country_name, region) {
                self.country_regions.insert(code.clone(), region);
                self.out.countries.push(country::Model {
                    code,
                    name: country_name,
                    region,
                });
            }
        }
    }

    /// An optional country code that must name a country of the dataset.
    fn country_ref(
        &mut self,
        record: &str,
        field: &str,
        code: &Option<String>,
    ) -> Result<Option<String>, ()> {
        match code {
            None => Ok(None),
            Some(code) if self.country_regions.contains_key(code) => Ok(Some(code.clone())),
            Some(code) => {
                self.problem(
                    record,
                    Some(field),
                    format!("`{code}` is not a code of [[countries]]"),
                );
                Err(())
            }
        }
    }

    fn local_governments(&mut self, records: &[LocalGovernmentRecord]) {
        let participants_file = self.inputs.names.participants.clone();
        let mut seen = HashSet::new();
        let mut used_rows = HashSet::new();
        for (index, record) in records.iter().enumerate() {
            let name = record_name("local_governments", index, record.id.as_deref());
            let id = self.id(&name, &record.id, &mut seen);
            let kind = self.vocabulary::<LocalGovernmentKind>(&name, "kind", &record.kind);
            let Some(participant) = self.text(&name, "participant", &record.participant) else {
                continue;
            };
            let found = self
                .inputs
                .participants
                .iter()
                .position(|row| row.seed_name == participant);
            let Some(row_index) = found else {
                self.problem(
                    &name,
                    Some("participant"),
                    format!("no row of {participants_file} has seed_name `{participant}`"),
                );
                continue;
            };
            if !used_rows.insert(row_index) {
                self.problem(
                    &name,
                    Some("participant"),
                    "names a row used by an earlier record",
                );
                continue;
            }
            let row = self.inputs.participants[row_index].clone();
            let row_name = format!("row {}", row_index + 1);
            let Some(region) = self.country_regions.get(&row.iso2).copied() else {
                self.problem_in(
                    participants_file.clone(),
                    &row_name,
                    Some("iso2"),
                    format!(
                        "`{}` is not a code of [[countries]] in {}",
                        row.iso2, self.inputs.names.programme
                    ),
                );
                continue;
            };
            let (Some(id), Some(kind)) = (id, kind) else {
                continue;
            };
            self.trace(
                &name,
                "participant",
                "local_government",
                &id,
                &participant,
                None,
            );
            self.provenance(
                "local_government",
                &id,
                None,
                SourceId::Participants,
                row_name.clone(),
                None,
                None,
            );
            if row.lat.is_some() || row.lon.is_some() {
                let locator = row
                    .geonames_id
                    .map_or_else(|| row_name.clone(), |g| format!("geonameId {g}"));
                self.provenance(
                    "local_government",
                    &id,
                    Some("coordinates"),
                    SourceId::GeoNames,
                    locator,
                    None,
                    row.coords_note.clone(),
                );
            }
            self.membership(&id, &row, &row_name);
            self.local_government_index
                .insert(id.clone(), self.out.local_governments.len());
            self.out.local_governments.push(local_government::Model {
                id: id.clone(),
                sort_name: sort_key(&row.name_en),
                name: row.name_en.clone(),
                name_ja: row.name_ja.clone(),
                kind,
                country_code: row.iso2.clone(),
                region,
                seed_name: row.seed_name.clone(),
                geonames_id: row.geonames_id,
                latitude: row.lat,
                longitude: row.lon,
                coordinates_note: row.coords_note.clone(),
            });
            // Every local government is also the organisation its speakers represent.
            self.organisation_index
                .insert(id.clone(), self.out.organisations.len());
            self.out.organisations.push(organisation::Model {
                id: id.clone(),
                name: row.name_en,
                short_name: None,
                kind: OrganisationKind::LocalGovernment,
                country_code: Some(row.iso2),
                region,
                local_government_id: Some(id),
            });
        }
    }

    /// The programme membership of a participant, cross-checked against the reference list.
    fn membership(&mut self, id: &str, row: &ParticipantRow, row_name: &str) {
        let file = self.inputs.names.participants.clone();
        let Ok(programme) = Programme::try_from_value(&row.programme) else {
            self.problem_in(
                file,
                row_name,
                Some("programme"),
                format!("`{}` is not a known programme", row.programme),
            );
            return;
        };
        let listed = match programme {
            Programme::EuCitiesMission => self
                .inputs
                .mission_cities
                .iter()
                .position(|city| city.geonames_id.is_some() && city.geonames_id == row.geonames_id)
                .map(|at| (SourceId::EuCitiesMission, at)),
            Programme::JapanDla => self
                .inputs
                .leading_areas
                .iter()
                .position(|area| {
                    Some(area.round) == row.programme_round
                        && row.name_ja.as_deref()
                            == Some(area.lead_municipality.trim_matches(['(', ')']))
                })
                .map(|at| (SourceId::JapanDla, at)),
        };
        let Some((list, at)) = listed else {
            self.problem_in(
                file,
                row_name,
                Some("programme"),
                "the local government is not in that programme's reference list (by GeoNames id, or by Japanese name and round)",
            );
            return;
        };
        self.provenance(
            "programme_membership",
            &format!("{id}/{}", row.programme),
            None,
            SourceId::Participants,
            row_name.to_owned(),
            None,
            None,
        );
        self.provenance(
            "programme_membership",
            &format!("{id}/{}", row.programme),
            None,
            list,
            format!("row {}", at + 1),
            None,
            None,
        );
        self.out.memberships.push(programme_membership::Model {
            local_government_id: id.to_owned(),
            programme,
            round: row.programme_round,
            announced: row.programme_announced,
            source_id: SourceId::Participants.id().to_owned(),
        });
    }

    fn organisations(&mut self, records: &[OrganisationRecord]) {
        let mut seen: HashSet<String> = self.organisation_index.keys().cloned().collect();
        for (index, record) in records.iter().enumerate() {
            let name = record_name("organisations", index, record.id.as_deref());
            let id = self.id(&name, &record.id, &mut seen);
            let org_name = self.text(&name, "name", &record.name);
            let kind = self.vocabulary::<OrganisationKind>(&name, "kind", &record.kind);
            let region = self.vocabulary::<Region>(&name, "region", &record.region);
            let country = self.country_ref(&name, "country", &record.country);
            if kind == Some(OrganisationKind::LocalGovernment) {
                self.problem(
                    &name,
                    Some("kind"),
                    "local governments belong in [[local_governments]]",
                );
                continue;
            }
            if let (Ok(Some(code)), Some(region)) = (&country, region)
                && self.country_regions.get(code) != Some(&region)
            {
                self.problem(
                    &name,
                    Some("region"),
                    format!("differs from the region of country `{code}`"),
                );
                continue;
            }
            let quote = self.text(&name, "source_text", &record.source_text);
            let (Some(id), Some(org_name), Some(kind), Some(region), Ok(country), Some(quote)) =
                (id, org_name, kind, region, country, quote)
            else {
                continue;
            };
            self.trace(
                &name,
                "source_text",
                "organisation",
                &id,
                &quote,
                record.correction.clone(),
            );
            if let Some(note) = &record.region_note {
                self.provenance(
                    "organisation",
                    &id,
                    Some("region"),
                    SourceId::Editorial,
                    name.clone(),
                    None,
                    Some(note.clone()),
                );
            }
            self.organisation_index
                .insert(id.clone(), self.out.organisations.len());
            self.out.organisations.push(organisation::Model {
                id,
                name: org_name,
                short_name: record.short_name.clone(),
                kind,
                country_code: country,
                region,
                local_government_id: None,
            });
        }
    }

    fn reference_lists(&mut self) {
        let names = self.inputs.names;
        let mission = &self.inputs.completeness.eu_cities_mission;
        let known = self.inputs.mission_cities.len();
        self.out.reference_lists.push(reference_list::Model {
            id: "eu-cities-mission".to_owned(),
            name: mission.name.clone(),
            source_id: SourceId::EuCitiesMission.id().to_owned(),
            known_count: count(known),
            expected_count: Some(mission.expected_count),
            complete: count(known) == mission.expected_count,
            completeness_note: mission.note.clone(),
        });
        for (index, row) in self.inputs.mission_cities.iter().enumerate() {
            self.out.mission_cities.push(mission_city::Model {
                row: count(index + 1),
                name: row.city.clone(),
                country_name: row.country.clone(),
                country_code: row.iso2.clone(),
                geonames_id: row.geonames_id,
                geonames_name: row.geonames_name.clone(),
                latitude: row.lat,
                longitude: row.lon,
                population: row.population,
                geonames_match: row.geonames_match.clone(),
            });
        }

        let dla = &self.inputs.completeness.japan_dla;
        self.out.reference_lists.push(reference_list::Model {
            id: "japan-dla".to_owned(),
            name: dla.name.clone(),
            source_id: SourceId::JapanDla.id().to_owned(),
            known_count: count(self.inputs.leading_areas.len()),
            // Later rounds may exist: the list as a whole has no known size.
            expected_count: None,
            complete: false,
            completeness_note: dla.note.clone(),
        });
        let mut rounds: BTreeMap<i32, (Option<NaiveDate>, usize)> = BTreeMap::new();
        for (index, row) in self.inputs.leading_areas.iter().enumerate() {
            let entry = rounds.entry(row.round).or_insert((row.announced, 0));
            if entry.0 != row.announced {
                self.problem_in(
                    names.japan_dla.clone(),
                    &format!("row {}", index + 1),
                    Some("announced"),
                    format!(
                        "differs from the date of earlier rows of round {}",
                        row.round
                    ),
                );
            }
            entry.1 += 1;
            self.out.leading_areas.push(leading_area::Model {
                row: count(index + 1),
                round: row.round,
                prefecture: row.prefecture.clone(),
                lead_municipality: row.lead_municipality.clone(),
                note: row.note.clone(),
                source_url: row.source_url.clone(),
            });
        }
        for (round, (announced, known)) in rounds {
            let expected = dla
                .rounds
                .iter()
                .find(|r| r.round == round)
                .map(|r| r.expected_count);
            if expected.is_none() {
                self.problem_in(
                    names.completeness.clone(),
                    &format!("japan_dla.rounds (round {round})"),
                    Some("expected_count"),
                    "the round has rows but no stated size",
                );
            }
            self.out
                .leading_area_rounds
                .push(leading_area_round::Model {
                    round,
                    announced,
                    known_count: count(known),
                    expected_count: expected,
                    complete: expected == Some(count(known)),
                });
        }
    }

    fn themes(&mut self, records: &[ThemeRecord]) {
        let mut seen = HashSet::new();
        for (index, record) in records.iter().enumerate() {
            let name = record_name("themes", index, record.id.as_deref());
            let id = self.id(&name, &record.id, &mut seen);
            let theme_name = self.text(&name, "name", &record.name);
            let (Some(id), Some(theme_name)) = (id, theme_name) else {
                continue;
            };
            self.trace(&name, "name", "theme", &id, &theme_name, None);
            self.theme_ids.insert(id.clone());
            self.out.themes.push(theme::Model {
                id,
                name: theme_name,
                description: record.description.clone(),
                position: count(index),
            });
        }
    }

    fn speakers(&mut self, records: &[SpeakerRecord]) {
        let mut seen = HashSet::new();
        for (index, record) in records.iter().enumerate() {
            let name = record_name("speakers", index, record.id.as_deref());
            let id = self.id(&name, &record.id, &mut seen);
            let speaker_name = self.text(&name, "name", &record.name);
            let quote = self.text(&name, "source_text", &record.source_text);
            // The body represented: a local government (which is also an organisation), or
            // another organisation. Country and region are that body's.
            let body = match (&record.local_government, &record.organisation) {
                (Some(_), Some(_)) => {
                    self.problem(
                        &name,
                        Some("organisation"),
                        "give either `organisation` or `local_government`, not both",
                    );
                    None
                }
                (None, None) => {
                    self.problem(
                        &name,
                        Some("organisation"),
                        "is missing (or give `local_government`)",
                    );
                    None
                }
                (Some(lg), None) => match self.local_government_index.get(lg) {
                    Some(_) => Some((lg.clone(), Some(lg.clone()))),
                    None => {
                        self.problem(
                            &name,
                            Some("local_government"),
                            format!("`{lg}` is not an id of [[local_governments]]"),
                        );
                        None
                    }
                },
                (None, Some(org)) => match self.organisation_index.get(org) {
                    Some(_) => Some((org.clone(), None)),
                    None => {
                        self.problem(
                            &name,
                            Some("organisation"),
                            format!("`{org}` is not an id of [[organisations]]"),
                        );
                        None
                    }
                },
            };
            let (
                Some(id),
                Some(speaker_name),
                Some(quote),
                Some((organisation_id, local_government_id)),
            ) = (id, speaker_name, quote, body)
            else {
                continue;
            };
            let Some(body) = self
                .organisation_index
                .get(&organisation_id)
                .and_then(|&at| self.out.organisations.get(at))
                .cloned()
            else {
                continue;
            };
            self.trace(
                &name,
                "source_text",
                "speaker",
                &id,
                &quote,
                record.correction.clone(),
            );
            if let Some(note) = &record.organisation_note {
                self.provenance(
                    "speaker",
                    &id,
                    Some("organisation"),
                    SourceId::Editorial,
                    name.clone(),
                    None,
                    Some(note.clone()),
                );
            }
            self.speaker_index
                .insert(id.clone(), self.out.speakers.len());
            self.out.speakers.push(speaker::Model {
                id,
                sort_name: sort_key(&speaker_name),
                name: speaker_name,
                role: record
                    .role
                    .as_ref()
                    .map(|r| r.trim().to_owned())
                    .filter(|r| !r.is_empty()),
                organisation_id: Some(organisation_id),
                local_government_id,
                country_code: body.country_code,
                region: body.region,
            });
        }
    }

    fn event(&mut self, record: &EventRecord) {
        let name = "[event]";
        let id = self.text(name, "id", &record.id);
        let event_name = self.text(name, "name", &record.name);
        let start = self
            .required(name, "start_date", &record.start_date)
            .copied();
        let end = self.required(name, "end_date", &record.end_date).copied();
        if let (Some(start), Some(end)) = (start, end)
            && end < start
        {
            self.problem(name, Some("end_date"), "is before start_date");
        }
        for zone in &record.time_zones {
            if zone.parse::<Tz>().is_err() {
                self.problem(
                    name,
                    Some("time_zones"),
                    format!("`{zone}` is not an IANA time zone"),
                );
            }
        }
        if record.time_zones.len() != 2 {
            self.problem(
                name,
                Some("time_zones"),
                "must name the two published zones (CET first, JST second)",
            );
        }
        let mut organisers = Vec::new();
        for organiser in &record.organisers {
            if self.organisation_index.contains_key(organiser) {
                organisers.push(organiser.clone());
            } else {
                self.problem(
                    name,
                    Some("organisers"),
                    format!("`{organiser}` is not an id of [[organisations]]"),
                );
            }
        }
        let quote = self.text(name, "source_text", &record.source_text);
        let contact = record.contact.as_ref();
        let contact_organisation = contact.and_then(|c| c.organisation.clone());
        if let Some(org) = &contact_organisation
            && !self.organisation_index.contains_key(org)
        {
            self.problem(
                "[event.contact]",
                Some("organisation"),
                format!("`{org}` is not an id of [[organisations]]"),
            );
        }
        let (Some(id), Some(event_name), Some(start), Some(end), Some(quote)) =
            (id, event_name, start, end, quote)
        else {
            return;
        };
        self.trace(name, "source_text", "event", &id, &quote, None);
        if let Some(description) = &record.description {
            self.trace(name, "description", "event", &id, description, None);
        }
        if let Some(languages) = &record.languages {
            self.trace(name, "languages", "event", &id, languages, None);
        }
        if let Some(contact_quote) = contact.and_then(|c| c.source_text.clone()) {
            self.trace(
                "[event.contact]",
                "contact",
                "event",
                &id,
                &contact_quote,
                None,
            );
        }
        for (position, organisation_id) in organisers.into_iter().enumerate() {
            self.out.organisers.push(event_organiser::Model {
                event_id: id.clone(),
                organisation_id,
                position: count(position),
            });
        }
        self.event_id = Some(id.clone());
        self.out.event = Some(event::Model {
            id,
            name: event_name,
            description: record.description.as_deref().map(super::seed::fold),
            start_date: start,
            end_date: end,
            time_zones: record.time_zones.join(","),
            languages: record.languages.clone(),
            contact_name: contact.and_then(|c| c.name.clone()),
            contact_organisation_id: contact_organisation,
            contact_address: contact.and_then(|c| c.address.clone()),
            contact_email: contact.and_then(|c| c.email.clone()),
        });
    }

    fn sessions(&mut self, records: &[SessionRecord]) {
        let Some(event) = self.out.event.clone() else {
            return;
        };
        let zones: Vec<Tz> = event
            .time_zones
            .split(',')
            .filter_map(|z| z.parse().ok())
            .collect();
        let (Some(&cet_zone), Some(&jst_zone)) = (zones.first(), zones.get(1)) else {
            return;
        };
        let mut seen = HashSet::new();
        let mut appearing = HashSet::new();
        for (index, record) in records.iter().enumerate() {
            let name = record_name("sessions", index, record.id.as_deref());
            // A speaker listed in a refused session still appears: report the session only.
            appearing.extend(record.speakers.iter().filter_map(|a| a.speaker.clone()));
            let id = self.id(&name, &record.id, &mut seen);
            let kind = self.vocabulary::<SessionKind>(&name, "kind", &record.kind);
            let title = self.text(&name, "title", &record.title);
            let day = self.required(&name, "day", &record.day).copied();
            if let Some(day) = day
                && (day < event.start_date || day > event.end_date)
            {
                self.problem(
                    &name,
                    Some("day"),
                    format!("{day} is outside the event's dates"),
                );
            }
            let slot = day.and_then(|day| self.slot(&name, record, day, cet_zone, jst_zone));
            if let Some(theme) = &record.theme
                && !self.theme_ids.contains(theme)
            {
                self.problem(
                    &name,
                    Some("theme"),
                    format!("`{theme}` is not an id of [[themes]]"),
                );
            }
            let (Some(id), Some(kind), Some(title), Some(day), Some(slot)) =
                (id, kind, title, day, slot)
            else {
                continue;
            };
            match (&record.source_text, &record.title_note) {
                (Some(quote), _) => self.trace(
                    &name,
                    "source_text",
                    "session",
                    &id,
                    quote,
                    record.correction.clone(),
                ),
                (None, Some(note)) => self.provenance(
                    "session",
                    &id,
                    Some("title"),
                    SourceId::Editorial,
                    name.clone(),
                    None,
                    Some(note.clone()),
                ),
                (None, None) => self.problem(
                    &name,
                    Some("source_text"),
                    "is missing (or give `title_note` for an untitled slot)",
                ),
            }
            if let Some(description) = &record.description {
                self.trace(&name, "description", "session", &id, description, None);
            }
            self.appearances(&name, &id, &record.speakers);
            self.out.sessions.push(session::Model {
                id,
                event_id: event.id.clone(),
                title,
                kind,
                theme_id: record.theme.clone(),
                description: record.description.clone(),
                day,
                starts_at: slot.starts_at,
                ends_at: slot.ends_at,
            });
        }
        for speaker in &self.out.speakers {
            if !appearing.contains(&speaker.id) {
                self.problems.push(Problem {
                    file: self.inputs.names.programme.clone(),
                    record: format!("speakers \"{}\"", speaker.id),
                    field: None,
                    message: "appears in no session".to_owned(),
                });
            }
        }
    }

    /// The session's slot, from both published zones, which must agree to the minute.
    fn slot(
        &mut self,
        name: &str,
        record: &SessionRecord,
        day: NaiveDate,
        cet_zone: Tz,
        jst_zone: Tz,
    ) -> Option<Slot> {
        let cet_text = self.text(name, "cet", &record.cet)?;
        let jst_text = self.text(name, "jst", &record.jst)?;
        let cet = parse_slot(&cet_text, day, cet_zone)
            .map_err(|e| self.problem(name, Some("cet"), e))
            .ok()?;
        let jst = parse_slot(&jst_text, day, jst_zone)
            .map_err(|e| self.problem(name, Some("jst"), e))
            .ok()?;
        if cet != jst {
            self.problem(
                name,
                Some("jst"),
                format!(
                    "{jst_text} JST is not the same slot as {cet_text} CET ({} to {} UTC)",
                    cet.starts_at.format("%H:%M"),
                    cet.ends_at.format("%H:%M")
                ),
            );
            return None;
        }
        let published = format!("CET: {cet_text} JST: {jst_text}");
        let Some(id) = &record.id else {
            return Some(cet);
        };
        self.trace(name, "cet", "session", id, &published, None);
        Some(cet)
    }

    fn appearances(&mut self, session_name: &str, session_id: &str, records: &[AppearanceRecord]) {
        let mut in_session = HashSet::new();
        for (position, record) in records.iter().enumerate() {
            let name = format!("{session_name} speakers[{position}]");
            let Some(speaker_id) = self.text(&name, "speaker", &record.speaker) else {
                continue;
            };
            if !self.speaker_index.contains_key(&speaker_id) {
                self.problem(
                    &name,
                    Some("speaker"),
                    format!("`{speaker_id}` is not an id of [[speakers]]"),
                );
                continue;
            }
            if !in_session.insert(speaker_id.clone()) {
                self.problem(
                    &name,
                    Some("speaker"),
                    format!("`{speaker_id}` is listed twice in the session"),
                );
                continue;
            }
            if let Some(talk_title) = &record.talk_title {
                self.trace(
                    &name,
                    "talk_title",
                    "appearance",
                    &format!("{session_id}/{speaker_id}"),
                    talk_title,
                    None,
                );
            }
            self.out.appearances.push(appearance::Model {
                session_id: session_id.to_owned(),
                speaker_id,
                position: count(position),
                has_presentation: record.presentation,
                talk_title: record.talk_title.clone(),
                note: record.note.clone(),
            });
        }
    }

    fn finish(mut self, version: String) -> Result<Dataset, Vec<Problem>> {
        if self.event_id.is_some() && self.out.sessions.is_empty() && self.problems.is_empty() {
            self.problem("[[sessions]]", None, "the programme has no session");
        }
        if self.problems.is_empty() {
            self.out.version = version;
            Ok(self.out)
        } else {
            Err(self.problems)
        }
    }
}

/// `sessions[2] "day1-panel-1"`: how problems name a record.
fn record_name(section: &str, index: usize, id: Option<&str>) -> String {
    match id {
        Some(id) => format!("{section}[{index}] \"{id}\""),
        None => format!("{section}[{index}]"),
    }
}

/// The ordering key of a name: case-insensitive, so that pages do not depend on the engine's
/// collation.
pub fn sort_key(name: &str) -> String {
    name.to_lowercase()
}

/// A row count or position as stored (the dataset is far below `i32::MAX`).
fn count(n: usize) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}
