//! A programme copied many times inside one dataset: what the benchmark harness's cost-growth
//! run loads (issue 12; `bench/grow.sh`), so that the cost of page-sized queries can be
//! compared on the real programme and on one a few hundred times larger. Never served by the
//! service: the facts of a copy are the original's under other ids.
//!
//! Each copy `k` repeats the local governments (with their programme memberships), the
//! organisations, speakers, sessions and appearances, their ids (and the local governments'
//! unique seed names) suffixed `~k`; countries,
//! themes, the event, sources and the reference lists are shared. The derived tables (the
//! city pairings and the search index) are then derived again, as a load derives them.

use super::Dataset;
use super::derive::derive;

/// The suffix of copy `copy`'s ids.
fn suffixed(id: &str, copy: usize) -> String {
    format!("{id}~{copy}")
}

impl Dataset {
    /// This dataset with its programme repeated `copies` more times (see the module). The
    /// version is this one's, marked with the number of copies.
    pub fn replicated(&self, copies: usize) -> Dataset {
        let mut grown = self.clone();
        grown.version = format!("{}x{}", self.version, copies + 1);
        for copy in 1..=copies {
            let id = |id: &str| suffixed(id, copy);
            let id_of = |id: &Option<String>| id.as_deref().map(|value| suffixed(value, copy));
            grown
                .local_governments
                .extend(self.local_governments.iter().map(|row| {
                    let mut row = row.clone();
                    row.id = id(&row.id);
                    row.seed_name = id(&row.seed_name); // unique
                    row
                }));
            grown.memberships.extend(self.memberships.iter().map(|row| {
                let mut row = row.clone();
                row.local_government_id = id(&row.local_government_id);
                row
            }));
            grown
                .organisations
                .extend(self.organisations.iter().map(|row| {
                    let mut row = row.clone();
                    row.id = id(&row.id);
                    row.local_government_id = id_of(&row.local_government_id);
                    row
                }));
            grown.speakers.extend(self.speakers.iter().map(|row| {
                let mut row = row.clone();
                row.id = id(&row.id);
                row.organisation_id = id_of(&row.organisation_id);
                row.local_government_id = id_of(&row.local_government_id);
                row
            }));
            grown.sessions.extend(self.sessions.iter().map(|row| {
                let mut row = row.clone();
                row.id = id(&row.id);
                row
            }));
            grown.appearances.extend(self.appearances.iter().map(|row| {
                let mut row = row.clone();
                row.session_id = id(&row.session_id);
                row.speaker_id = id(&row.speaker_id);
                row
            }));
        }
        grown.derived = derive(&grown);
        grown
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use crate::dataset::DatasetFiles;

    #[test]
    fn every_copy_repeats_the_programme_under_its_own_ids_and_derives_again() {
        let original = DatasetFiles::embedded()
            .validate()
            .unwrap_or_else(|error| panic!("{error}"));
        let grown = original.replicated(3);
        assert_eq!(grown.sessions.len(), 4 * original.sessions.len());
        assert_eq!(grown.speakers.len(), 4 * original.speakers.len());
        assert_eq!(grown.appearances.len(), 4 * original.appearances.len());
        assert_eq!(
            grown.local_governments.len(),
            4 * original.local_governments.len()
        );
        assert_eq!(grown.countries.len(), original.countries.len());
        let ids: HashSet<&str> = grown.sessions.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids.len(), grown.sessions.len(), "no id twice");
        let speakers: HashSet<&str> = grown.speakers.iter().map(|s| s.id.as_str()).collect();
        assert!(
            grown
                .appearances
                .iter()
                .all(|a| ids.contains(a.session_id.as_str())
                    && speakers.contains(a.speaker_id.as_str())),
            "every appearance joins rows of its own copy"
        );
        // A copy's speakers share sessions only with their own copy: the pairings repeat.
        assert_eq!(
            grown.derived.pairings.len(),
            4 * original.derived.pairings.len()
        );
        assert_eq!(
            grown.derived.search_entries.len(),
            4 * original.derived.search_entries.len()
                - 3 * original
                    .derived
                    .search_entries
                    .iter()
                    .filter(|entry| !copied_kind(&entry.kind))
                    .count()
        );
        assert_ne!(grown.version, original.version);
    }

    /// Whether search entries of `kind` are copied (sessions, speakers, organisations and
    /// cities are; nothing else is indexed).
    fn copied_kind(kind: &str) -> bool {
        matches!(kind, "session" | "speaker" | "organisation" | "city")
    }
}
