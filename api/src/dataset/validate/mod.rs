//! Checks the whole dataset and turns it into database rows, or lists every problem found.
//!
//! Nothing here touches the database: a dataset is either entirely valid (and then written in
//! one transaction) or refused with the list of its problems. The checks of each part of the
//! dataset live in a submodule: `places` (countries, local governments, organisations),
//! `references` (the reference lists), `programme` (themes, speakers, the event), `sessions`.

mod event_pages;
mod places;
mod programme;
mod references;
mod sessions;

use crate::dataset::DataFile;
use std::collections::{HashMap, HashSet};

use entity::{Region, provenance};
use sea_orm::ActiveEnum;

use crate::dataset::error::Problem;
use crate::dataset::file::ProgrammeFile;
use crate::dataset::reference::{
    EventPageRow, LeadingAreaRow, MissionCityRow, OrganisationSeatRow, ParticipantRow,
};
use crate::dataset::seed::SeedText;
use crate::dataset::sources::{self, SourceId};
use crate::dataset::{Completeness, Dataset, FileNames};

/// The parsed inputs, before validation.
pub struct Inputs<'a> {
    pub names: &'a FileNames,
    pub programme: ProgrammeFile,
    pub completeness: Completeness,
    pub participants: Vec<ParticipantRow>,
    pub mission_cities: Vec<MissionCityRow>,
    pub leading_areas: Vec<LeadingAreaRow>,
    pub organisation_seats: Vec<OrganisationSeatRow>,
    pub event_pages: Vec<EventPageRow>,
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
        Some(record) => {
            v.event(record);
            v.event_pages();
        }
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
                sources: sources::all(inputs.names, &inputs.event_pages),
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
        self.problem_in(
            self.inputs.names.of(DataFile::Programme),
            record,
            field,
            message,
        );
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

    /// Checks that `quote` is in the seed and records the fact's provenance there, with the
    /// quote as the published text (the served text differs from it or was inferred from it).
    fn trace(
        &mut self,
        record: &str,
        field: &str,
        entity: &str,
        entity_id: &str,
        quote: &str,
        note: Option<String>,
    ) {
        self.locate(record, field, entity, entity_id, quote, note, true);
    }

    /// As [`Self::trace`] for a field served as the page publishes it (`served` is its text):
    /// no published text, which the schema keeps for a text that differs.
    fn trace_served(
        &mut self,
        record: &str,
        field: &str,
        entity: &str,
        entity_id: &str,
        served: &str,
    ) {
        self.locate(record, field, entity, entity_id, served, None, false);
    }

    #[expect(
        clippy::too_many_arguments,
        reason = "trace's arguments, and whether the quote is published text"
    )]
    fn locate(
        &mut self,
        record: &str,
        field: &str,
        entity: &str,
        entity_id: &str,
        quote: &str,
        note: Option<String>,
        published: bool,
    ) {
        match self.inputs.seed.line_of(quote) {
            Some(line) => self.provenance(
                entity,
                entity_id,
                Some(field).filter(|f| *f != "source_text"),
                SourceId::Seed,
                format!("line {line}"),
                Some(crate::dataset::seed::fold(quote)).filter(|_| published),
                note,
            ),
            None => self.problem(
                record,
                Some(field),
                format!(
                    "`{quote}` is not in the seed text ({})",
                    self.inputs.names.of(DataFile::Seed)
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
            url: None,
        });
    }

    /// The last provenance record cites the document at `url`.
    fn cites(&mut self, url: &str) {
        if let Some(record) = self.out.provenance.last_mut() {
            record.url = Some(url.to_owned());
        }
    }

    // ---- sections --------------------------------------------------------------------------

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
