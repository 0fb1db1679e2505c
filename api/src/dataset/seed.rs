//! The seed text (the event page), searchable with white space folded, so that every quote in
//! the dataset can be checked and traced to its line.

/// The seed, folded: runs of white space (including no-break spaces and line breaks) become
/// one space, and each byte of the folded text remembers its line in the original.
pub struct SeedText {
    folded: String,
    line_of_byte: Vec<usize>,
}

impl SeedText {
    /// Folds `text`.
    pub fn new(text: &str) -> Self {
        let mut folded = String::with_capacity(text.len());
        let mut line_of_byte = Vec::with_capacity(text.len());
        let mut line = 1;
        let mut pending_space = false;
        for ch in text.chars() {
            if ch.is_whitespace() {
                pending_space = !folded.is_empty();
            } else {
                if pending_space {
                    folded.push(' ');
                    line_of_byte.push(line);
                    pending_space = false;
                }
                folded.push(ch);
                line_of_byte.extend(std::iter::repeat_n(line, ch.len_utf8()));
            }
            if ch == '\n' {
                line += 1;
            }
        }
        Self {
            folded,
            line_of_byte,
        }
    }

    /// The 1-based line on which `quote` (white space folded) first starts, if the seed has it.
    pub fn line_of(&self, quote: &str) -> Option<usize> {
        let quote = fold(quote);
        if quote.is_empty() {
            return None;
        }
        let at = self.folded.find(&quote)?;
        self.line_of_byte.get(at).copied()
    }
}

/// `text` with runs of white space folded to one space and trimmed.
pub fn fold(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_quotes_across_line_breaks_and_odd_spaces() {
        let seed = SeedText::new("Title\n\nJordi  Peris\u{a0}Blanes\nCoordinator\n");
        assert_eq!(seed.line_of("Title"), Some(1));
        assert_eq!(seed.line_of("Jordi Peris Blanes Coordinator"), Some(3));
        assert_eq!(seed.line_of("Coordinator"), Some(4));
        assert_eq!(seed.line_of("Peris Blanes Director"), None);
        assert_eq!(seed.line_of("   "), None);
    }
}
