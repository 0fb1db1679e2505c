//! `reference/event-pages.csv`: the event's own pages. The English page's title must be the
//! event's name (the seed transcribes that page); the Japanese page's title is the event's
//! official Japanese name (`event.name_ja`), recorded with its provenance. Nothing else of the
//! Japanese page is transcribed (see `event-pages.md`) but its time line (`event.time_line_ja`).

use super::Validator;
use crate::dataset::DataFile;
use crate::dataset::sources::SourceId;

impl Validator<'_> {
    /// Checks the pages against the event and takes the Japanese name.
    pub(super) fn event_pages(&mut self) {
        let file = self.inputs.names.of(DataFile::EventPages);
        let Some(event) = self.out.event.as_ref() else {
            return;
        };
        let (event_id, event_name) = (event.id.clone(), event.name.clone());
        let pages = &self.inputs.event_pages;
        for page in pages {
            if page.lang != "en" && page.lang != "ja" {
                self.problem_in(
                    file.clone(),
                    &format!("lang={}", page.lang),
                    Some("lang"),
                    "is neither en nor ja: the event published two pages",
                );
            }
        }
        match pages.iter().find(|page| page.lang == "en") {
            Some(english) if english.title != event_name => self.problem_in(
                file.clone(),
                "lang=en",
                Some("title"),
                format!(
                    "`{}` is not the event's name `{event_name}` (the seed transcribes this page)",
                    english.title
                ),
            ),
            Some(_) => {}
            None => self.problem_in(file.clone(), "lang=en", None, "the English page is missing"),
        }
        let Some(japanese) = pages.iter().find(|page| page.lang == "ja") else {
            self.problem_in(file, "lang=ja", None, "the Japanese page is missing");
            return;
        };
        let (title, time_line, url, consulted) = (
            japanese.title.clone(),
            japanese.time_line.clone(),
            japanese.url.clone(),
            japanese.consulted,
        );
        if let Some(event) = self.out.event.as_mut() {
            event.name_ja = Some(title.clone());
            event.time_line_ja = Some(time_line.clone());
        }
        self.provenance(
            "event",
            &event_id,
            Some("time_line_ja"),
            SourceId::EventPages,
            format!("{file}: row lang=ja, column time_line ({url}, consulted {consulted})"),
            Some(time_line),
            None,
        );
        self.provenance(
            "event",
            &event_id,
            Some("name_ja"),
            SourceId::EventPages,
            format!("{file}: row lang=ja, column title ({url}, consulted {consulted})"),
            Some(title),
            None,
        );
    }
}
