//! Sessions: their slots (CET and JST must agree), titles and appearances.

use crate::dataset::DataFile;
use std::collections::HashSet;

use chrono::NaiveDate;
use chrono_tz::Tz;
use entity::{SessionKind, appearance, session};

use super::{Validator, count, record_name};
use crate::dataset::error::Problem;
use crate::dataset::file::{AppearanceRecord, SessionRecord};
use crate::dataset::sources::SourceId;
use crate::dataset::times::{Slot, parse_slot};

impl Validator<'_> {
    pub(super) fn sessions(&mut self, records: &[SessionRecord]) {
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
                self.trace_served(&name, "description", "session", &id, description);
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
                    file: self.inputs.names.of(DataFile::Programme),
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
                self.trace_served(
                    &name,
                    "talk_title",
                    "appearance",
                    &format!("{session_id}/{speaker_id}"),
                    talk_title,
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
}
