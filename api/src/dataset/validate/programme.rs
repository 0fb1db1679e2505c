//! Themes, speakers and the event.

use std::collections::HashSet;

use chrono_tz::Tz;
use entity::{event, event_organiser, organisation, speaker, theme};

use super::{Validator, count, record_name, sort_key};
use crate::dataset::file::{EventRecord, SpeakerRecord, ThemeRecord};
use crate::dataset::sources::SourceId;

impl Validator<'_> {
    pub(super) fn themes(&mut self, records: &[ThemeRecord]) {
        let mut seen = HashSet::new();
        for (index, record) in records.iter().enumerate() {
            let name = record_name("themes", index, record.id.as_deref());
            let id = self.id(&name, &record.id, &mut seen);
            let theme_name = self.text(&name, "name", &record.name);
            let (Some(id), Some(theme_name)) = (id, theme_name) else {
                continue;
            };
            self.trace_served(&name, "name", "theme", &id, &theme_name);
            self.theme_ids.insert(id.clone());
            self.out.themes.push(theme::Model {
                id,
                name: theme_name,
                description: record.description.clone(),
                position: count(index),
            });
        }
    }

    pub(super) fn speakers(&mut self, records: &[SpeakerRecord]) {
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
            if record.organisation_note.is_none()
                && record.correction.is_none()
                && let Some(role) = &record.role
                && ![", ", " of "]
                    .iter()
                    .any(|separator| quote.contains(&format!("{}{separator}", role.trim())))
            {
                self.problem(
                    &name,
                    Some("organisation_note"),
                    "is missing: the seed does not separate the role from the body (with `, ` or ` of `), so the split is an interpretation",
                );
                continue;
            }
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
            self.speaker_country_from_seat(&id, &body);
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

    /// A speaker's country where it is the seat of the speaker's organisation: the seat's
    /// provenance again, on the speaker, saying whose seat it is.
    fn speaker_country_from_seat(&mut self, speaker_id: &str, body: &organisation::Model) {
        let Some(seat) = self
            .out
            .provenance
            .iter()
            .find(|p| {
                p.entity == "organisation"
                    && p.entity_id == body.id
                    && p.field.as_deref() == Some("country")
                    && p.source_id == SourceId::OrganisationSeats.id()
            })
            .cloned()
        else {
            return;
        };
        let note = format!(
            "the country of the seat of the speaker's organisation, {}: {}",
            body.name,
            seat.note.as_deref().unwrap_or_default()
        );
        self.provenance(
            "speaker",
            speaker_id,
            Some("country"),
            SourceId::OrganisationSeats,
            seat.locator,
            seat.quote,
            Some(note),
        );
        if let Some(url) = &seat.url {
            self.cites(url);
        }
    }

    pub(super) fn event(&mut self, record: &EventRecord) {
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
            self.trace_served(name, "description", "event", &id, description);
        }
        for paragraph in &record.background {
            self.trace_served(name, "background", "event", &id, paragraph);
        }
        match &record.time_zones_note {
            Some(note) => self.provenance(
                "event",
                &id,
                Some("time_zones"),
                SourceId::Editorial,
                name.to_owned(),
                None,
                Some(note.clone()),
            ),
            None => self.problem(
                name,
                Some("time_zones_note"),
                "is missing: say why the page's zone abbreviations are served as these IANA zones",
            ),
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
            name_ja: None,
            time_line_ja: None,
            description: record
                .description
                .as_deref()
                .map(crate::dataset::seed::fold),
            background: (!record.background.is_empty()).then(|| {
                record
                    .background
                    .iter()
                    .map(|p| crate::dataset::seed::fold(p))
                    .collect::<Vec<_>>()
                    .join("\n\n")
            }),
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
}
