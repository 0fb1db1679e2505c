//! The reference lists (EU Cities Mission, Japan DLA) and how complete they are.

use crate::dataset::DataFile;
use std::collections::BTreeMap;

use chrono::NaiveDate;
use entity::{leading_area, leading_area_round, mission_city, reference_list};

use super::{Validator, count};
use crate::dataset::sources::SourceId;

impl Validator<'_> {
    pub(super) fn reference_lists(&mut self) {
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
                    names.of(DataFile::JapanDla),
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
                    names.of(DataFile::Completeness),
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
}
