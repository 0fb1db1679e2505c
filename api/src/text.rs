//! Text as search compares it: one folding for the index (built by a load) and for queries
//! (read by a request), so that both sides always agree.

use std::collections::BTreeSet;

use unicode_normalization::UnicodeNormalization;

/// `text` folded: compatibility forms unified (NFKC: full-width letters, half-width katakana),
/// Latin accents removed (`Umeå` → `umea`, `Métropole` → `metropole`), lower case, a hyphen,
/// dash or apostrophe that joins two words as a space (`Jean-Eric` → `jean eric`, `San'in` →
/// `san in`, as the data writes `San-in`; a dash on its own stays text), runs of white space as one space, trimmed. Japanese text keeps its voiced marks (ガ stays ガ): only
/// the combining diacritics of U+0300–U+036F are removed.
pub fn fold(text: &str) -> String {
    let stripped: String = text
        .nfkd()
        .filter(|c| !('\u{0300}'..='\u{036f}').contains(c))
        .collect();
    let lowered: Vec<char> = stripped
        .nfkc()
        .collect::<String>()
        .to_lowercase()
        .chars()
        .collect();
    let joins_words = |at: usize| {
        let word = |c: Option<&char>| c.is_some_and(|c| !c.is_whitespace() && !joins(*c));
        at > 0 && word(lowered.get(at - 1)) && word(lowered.get(at + 1))
    };
    let spaced: String = lowered
        .iter()
        .enumerate()
        .map(|(at, &c)| if joins(c) && joins_words(at) { ' ' } else { c })
        .collect();
    spaced.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A hyphen or dash of Latin text (`-`, U+2010 to U+2015), or an apostrophe (`'`, `’`, `ʼ`),
/// which romanisations write between syllables (`San'in`) where others write a hyphen; the
/// Japanese long vowel mark ー is a letter, not a dash.
fn joins(c: char) -> bool {
    c == '-'
        || ('\u{2010}'..='\u{2015}').contains(&c)
        || matches!(c, '\'' | '\u{2019}' | '\u{02bc}')
}

/// The distinct pairs of consecutive characters of `folded` (none for a shorter text).
pub fn bigrams(folded: &str) -> BTreeSet<String> {
    let characters: Vec<char> = folded.chars().collect();
    characters
        .windows(2)
        .map(|pair| pair.iter().collect())
        .collect()
}

/// Lower-case hexadecimal of `bytes` (a digest, as keys and tags carry it).
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        out.push(char::from(DIGITS[usize::from(byte >> 4)]));
        out.push(char::from(DIGITS[usize::from(byte & 0x0f)]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_removes_latin_accents_and_case_and_keeps_japanese() {
        assert_eq!(fold("Umeå"), "umea");
        assert_eq!(
            fold("  Grenoble-Alpes   Métropole "),
            "grenoble alpes metropole"
        );
        assert_eq!(fold("Annika Dalén"), "annika dalen");
        assert_eq!(fold("Jean-Eric"), "jean eric");
        assert_eq!(fold("San'in"), "san in", "an apostrophe between syllables");
        assert_eq!(fold("San’in"), fold("San-in"));
        assert_eq!(fold("'"), "'", "an apostrophe on its own stays text");
        assert_eq!(fold("-"), "-", "a dash on its own stays text");
        assert_eq!(fold("1=1 --"), "1=1 --");
        assert_eq!(fold("ＧＲＥＮＯＢＬＥ"), "grenoble");
        assert_eq!(fold("京都市"), "京都市");
        assert_eq!(fold("ガス"), "ガス", "voiced marks are not accents");
        assert_eq!(fold("ｶﾞｽ"), "ガス", "half-width katakana unified");
    }

    #[test]
    fn hex_is_two_lower_case_digits_a_byte() {
        assert_eq!(hex(&[0x00, 0x0f, 0xa5, 0xff]), "000fa5ff");
        assert_eq!(hex(&[]), "");
    }

    #[test]
    fn bigrams_are_pairs_of_characters() {
        let grams: Vec<String> = bigrams("京都市").into_iter().collect();
        assert_eq!(grams, vec!["京都", "都市"]);
        assert!(bigrams("a").is_empty());
        assert_eq!(bigrams("umea").len(), 3);
    }
}
