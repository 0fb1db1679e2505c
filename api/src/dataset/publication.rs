//! The dataset as a publication: its title, licence and how to cite it. The licence covers
//! this project's compilation (the selection, structure, corrections and classifications);
//! the sources' own terms travel with their facts (GeoNames' attribution with every
//! coordinate; "no licence stated" where a source states none): see `data/README.md`.

/// The dataset's title, as `CITATION.cff` and `datapackage.json` give it.
pub const TITLE: &str =
    "EU–Japan 100 Cities Event on Climate Action: programme and city participation dataset";

/// Who compiled it, as the citation names them.
pub const AUTHORS: &str = "EU–Japan 100 Cities API contributors";

/// The licence of the compilation, as an SPDX identifier.
pub const LICENCE: &str = "CC-BY-4.0";

/// The licence's text.
pub const LICENCE_URL: &str = "https://creativecommons.org/licenses/by/4.0/";

/// The event page the programme is compiled from (English; the Japanese page is
/// `https://www.iges.or.jp/jp/events/20230126`): `data/reference/event-pages.csv`.
pub const EVENT_PAGE_URL: &str = "https://www.iges.or.jp/en/events/20230126";

/// The short form of a version that a citation prints (the first 12 hexadecimal digits, like
/// a short commit id); the full SHA-256 identifies the files.
pub fn short_version(version: &str) -> &str {
    version.get(..12).unwrap_or(version)
}

/// The recommended citation of dataset version `version`, loaded on `loaded` (left out where
/// the database does not say), as retrieved from the service at `public_url`.
pub fn citation(version: &str, loaded: Option<chrono::NaiveDate>, public_url: &str) -> String {
    let dated = loaded.map_or_else(String::new, |day| format!(" ({})", day.format("%Y-%m-%d")));
    format!(
        "{AUTHORS}. {TITLE}, version {}{dated}. Retrieved from {public_url} \
         ({public_url}/export/dataset.zip). Licence {LICENCE} ({LICENCE_URL}). Compiled from the \
         public event page {EVENT_PAGE_URL}, with GeoNames coordinates (CC BY 4.0) and the \
         reference lists named in its sources.",
        short_version(version)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_citation_names_the_version_and_the_licence() {
        let day = chrono::NaiveDate::from_ymd_opt(2026, 12, 5);
        let text = citation(&"ab".repeat(32), day, "https://programme.example.org");
        assert!(
            text.contains("version abababababab (2026-12-05)."),
            "{text}"
        );
        assert!(
            text.contains("Retrieved from https://programme.example.org (https://programme.example.org/export/dataset.zip)."),
            "{text}"
        );
        let undated = citation(&"ab".repeat(32), None, "http://x");
        assert!(
            undated.contains("version abababababab. Retrieved"),
            "{undated}"
        );
        assert!(text.contains("CC-BY-4.0"));
        assert_eq!(short_version("short"), "short");
    }
}
