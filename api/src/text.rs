//! Text as search compares it: one folding for the index (built by a load) and for queries
//! (read by a request), so that both sides always agree.

use std::collections::BTreeSet;

use unicode_normalization::UnicodeNormalization;

/// `text` folded: compatibility forms unified (NFKC: full-width letters, half-width katakana),
/// Latin accents removed (`Umeå` → `umea`, `Métropole` → `metropole`), lower case, runs of
/// white space as one space, trimmed. Japanese text keeps its voiced marks (ガ stays ガ): only
/// the combining diacritics of U+0300–U+036F are removed.
pub fn fold(text: &str) -> String {
    let stripped: String = text
        .nfkd()
        .filter(|c| !('\u{0300}'..='\u{036f}').contains(c))
        .collect();
    let lowered = stripped.nfkc().collect::<String>().to_lowercase();
    lowered.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The distinct pairs of consecutive characters of `folded` (none for a shorter text).
pub fn bigrams(folded: &str) -> BTreeSet<String> {
    let characters: Vec<char> = folded.chars().collect();
    characters
        .windows(2)
        .map(|pair| pair.iter().collect())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_removes_latin_accents_and_case_and_keeps_japanese() {
        assert_eq!(fold("Umeå"), "umea");
        assert_eq!(
            fold("  Grenoble-Alpes   Métropole "),
            "grenoble-alpes metropole"
        );
        assert_eq!(fold("Annika Dalén"), "annika dalen");
        assert_eq!(fold("ＧＲＥＮＯＢＬＥ"), "grenoble");
        assert_eq!(fold("京都市"), "京都市");
        assert_eq!(fold("ガス"), "ガス", "voiced marks are not accents");
        assert_eq!(fold("ｶﾞｽ"), "ガス", "half-width katakana unified");
    }

    #[test]
    fn bigrams_are_pairs_of_characters() {
        let grams: Vec<String> = bigrams("京都市").into_iter().collect();
        assert_eq!(grams, vec!["京都", "都市"]);
        assert!(bigrams("a").is_empty());
        assert_eq!(bigrams("umea").len(), 3);
    }
}
