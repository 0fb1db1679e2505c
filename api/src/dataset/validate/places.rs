//! Countries, local governments (from the participants file) with their programme
//! membership, and the other organisations.

use crate::dataset::DataFile;
use std::collections::HashSet;

use entity::{
    LocalGovernmentKind, OrganisationKind, Programme, Region, country, local_government,
    organisation, programme_membership,
};
use sea_orm::ActiveEnum;

use super::{Validator, record_name, sort_key};
use crate::dataset::file::{CountryRecord, LocalGovernmentRecord, OrganisationRecord};
use crate::dataset::reference::{OrganisationSeatRow, ParticipantRow};
use crate::dataset::sources::SourceId;

impl Validator<'_> {
    pub(super) fn countries(&mut self, records: &[CountryRecord]) {
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
            match (&record.source_text, &record.seat_of, &country_name) {
                (Some(quote), None, _) => {
                    self.trace(&name, "source_text", "country", &code, quote, None)
                }
                (None, Some(seed_name), Some(country_name)) => {
                    self.country_from_seat(&name, &code, country_name, seed_name)
                }
                (None, Some(_), None) => {}
                _ => self.problem(
                    &name,
                    Some("source_text"),
                    "give exactly one of `source_text` (a quote of the seed) and `seat_of`",
                ),
            }
            if let Some(note) = &record.region_note {
                self.provenance(
                    "country",
                    &code,
                    Some("region"),
                    SourceId::Editorial,
                    name.clone(),
                    None,
                    Some(note.clone()),
                );
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

    /// A country named by the source of an organisations.csv row (not by the seed).
    fn country_from_seat(&mut self, record: &str, code: &str, name: &str, seed_name: &str) {
        let Some((index, row)) = self.seat_row(record, "seat_of", seed_name) else {
            return;
        };
        if row.country_code != code || !row.source.contains(name) {
            self.problem(
                record,
                Some("seat_of"),
                format!("that row's country is not `{code}`, or its source does not name `{name}`"),
            );
            return;
        }
        self.provenance(
            "country",
            code,
            None,
            SourceId::OrganisationSeats,
            format!("row {}", index + 1),
            Some(row.source.clone()),
            Some(row.provenance_note()),
        );
        self.cites(&row.source_url);
    }

    /// The organisations.csv row whose `seed_name` is `seed_name`, with its index.
    fn seat_row(
        &mut self,
        record: &str,
        field: &str,
        seed_name: &str,
    ) -> Option<(usize, OrganisationSeatRow)> {
        let found = self
            .inputs
            .organisation_seats
            .iter()
            .position(|row| row.seed_name == seed_name);
        match found {
            Some(index) => Some((index, self.inputs.organisation_seats[index].clone())),
            None => {
                let file = self.inputs.names.of(DataFile::Organisations);
                self.problem(
                    record,
                    Some(field),
                    format!("no row of {file} has seed_name `{seed_name}`"),
                );
                None
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

    pub(super) fn local_governments(&mut self, records: &[LocalGovernmentRecord]) {
        let participants_file = self.inputs.names.of(DataFile::Participants);
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
                        row.iso2,
                        self.inputs.names.of(DataFile::Programme)
                    ),
                );
                continue;
            };
            let (Some(id), Some(kind)) = (id, kind) else {
                continue;
            };
            if !wording_gives(&participant, kind) && record.kind_note.is_none() {
                self.problem(
                    &name,
                    Some("kind_note"),
                    "is missing: the seed's wording of the participant does not give its kind",
                );
                continue;
            }
            if let Some(note) = &record.kind_note {
                self.provenance(
                    "local_government",
                    &id,
                    Some("kind"),
                    SourceId::Editorial,
                    name.clone(),
                    None,
                    Some(note.clone()),
                );
            }
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
            self.membership(&name, record, &id, &row, &row_name);
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
                name_ja: row.name_ja.clone(),
                kind: OrganisationKind::LocalGovernment,
                country_code: Some(row.iso2),
                region,
                local_government_id: Some(id),
            });
        }
    }

    /// The programme membership of a participant, cross-checked against the reference list:
    /// a served name that differs from the list's needs the record's `name_note`.
    fn membership(
        &mut self,
        name: &str,
        record: &LocalGovernmentRecord,
        id: &str,
        row: &ParticipantRow,
        row_name: &str,
    ) {
        let file = self.inputs.names.of(DataFile::Participants);
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
            Programme::JapanDecarbonizationLeadingArea => self
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
        if let Some(note) = &record.programme_note {
            self.provenance(
                "programme_membership",
                &format!("{id}/{}", row.programme),
                Some("round"),
                SourceId::Editorial,
                name.to_owned(),
                None,
                Some(note.clone()),
            );
            if let Some(url) = &record.programme_note_url {
                self.cites(url);
            }
        } else if record.programme_note_url.is_some() {
            self.problem(
                name,
                Some("programme_note_url"),
                "is given without the `programme_note` that cites it",
            );
        }
        let listed_name = match list {
            SourceId::EuCitiesMission => self.inputs.mission_cities.get(at).map(|c| c.city.clone()),
            _ => None,
        };
        match (listed_name, &record.name_note) {
            (Some(listed), None) if listed != row.name_en => self.problem(
                name,
                Some("name_note"),
                format!(
                    "is missing: the served name `{}` differs from the reference list's `{listed}`",
                    row.name_en
                ),
            ),
            (_, Some(note)) => self.provenance(
                "local_government",
                id,
                Some("name"),
                SourceId::Editorial,
                name.to_owned(),
                None,
                Some(note.clone()),
            ),
            _ => {}
        }
        self.out.memberships.push(programme_membership::Model {
            local_government_id: id.to_owned(),
            programme,
            round: row.programme_round,
            announced: row.programme_announced,
            source_id: SourceId::Participants.id().to_owned(),
            list_row: i32::try_from(at + 1).ok(),
        });
    }

    pub(super) fn organisations(&mut self, records: &[OrganisationRecord]) {
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
            let kind_note = self.text(&name, "kind_note", &record.kind_note);
            if country.as_ref().is_ok_and(Option::is_none) && record.region_note.is_none() {
                self.problem(
                    &name,
                    Some("region_note"),
                    "is missing: without a country, the region is an editorial classification",
                );
                continue;
            }
            let seat = match &record.seat {
                None => None,
                Some(seed_name) => match self.seat_row(&name, "seat", seed_name) {
                    Some((index, row))
                        if country.as_ref().ok() == Some(&Some(row.country_code.clone())) =>
                    {
                        Some((index, row))
                    }
                    Some(_) => {
                        self.problem(&name, Some("country"), "differs from the seat's country");
                        continue;
                    }
                    None => continue,
                },
            };
            let (
                Some(id),
                Some(org_name),
                Some(kind),
                Some(kind_note),
                Some(region),
                Ok(country),
                Some(quote),
            ) = (id, org_name, kind, kind_note, region, country, quote)
            else {
                continue;
            };
            self.provenance(
                "organisation",
                &id,
                Some("kind"),
                SourceId::Editorial,
                name.clone(),
                None,
                Some(kind_note),
            );
            let mut name_ja = None;
            if let Some((index, row)) = seat {
                self.provenance(
                    "organisation",
                    &id,
                    Some("country"),
                    SourceId::OrganisationSeats,
                    format!("row {}", index + 1),
                    Some(format!("{} (seat: {})", row.source, row.seat)),
                    Some(row.provenance_note()),
                );
                self.cites(&row.source_url);
                if let Some(japanese) = &row.name_ja {
                    self.provenance(
                        "organisation",
                        &id,
                        Some("name_ja"),
                        SourceId::OrganisationSeats,
                        format!("row {}", index + 1),
                        Some(row.source.clone()),
                        Some(row.provenance_note()),
                    );
                    self.cites(&row.source_url);
                    name_ja = Some(japanese.clone());
                }
            }
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
                name_ja,
                kind,
                country_code: country,
                region,
                local_government_id: None,
            });
        }
    }
}

/// True when the seed's wording of a participant names its kind ("City of Kyoto", "Kamishihoro
/// Town", "Akita Prefecture", "Grenoble-Alpes Metropole").
fn wording_gives(participant: &str, kind: LocalGovernmentKind) -> bool {
    let word = match kind {
        LocalGovernmentKind::City => "City",
        LocalGovernmentKind::Town => "Town",
        LocalGovernmentKind::Prefecture => "Prefecture",
        LocalGovernmentKind::MetropolitanAuthority => "Metropole",
    };
    participant.split_whitespace().any(|w| w == word)
}
