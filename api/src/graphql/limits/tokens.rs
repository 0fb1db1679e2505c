//! A rough lexer of GraphQL documents: enough to count tokens and bracket nesting in one
//! linear pass, before the real parser (which recurses per nesting level) sees the text.

/// What the scanner needs to tell apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Token {
    /// `{`, `[` or `(`.
    Open,
    /// `}`, `]` or `)`.
    Close,
    /// Anything else.
    Other,
}

/// The lexical tokens of a GraphQL document, roughly (exact enough to count): names,
/// numbers, strings and block strings, punctuators; white space, commas and comments skipped.
pub struct Tokens<'a> {
    rest: &'a [u8],
}

impl<'a> Tokens<'a> {
    /// The tokens of `text`.
    pub fn new(text: &'a str) -> Self {
        Self {
            rest: text.as_bytes(),
        }
    }

    fn skip_while(&mut self, keep: impl Fn(u8) -> bool) {
        let n = self
            .rest
            .iter()
            .position(|&b| !keep(b))
            .unwrap_or(self.rest.len());
        self.rest = &self.rest[n..];
    }
}

impl Iterator for Tokens<'_> {
    type Item = Token;

    fn next(&mut self) -> Option<Token> {
        loop {
            self.skip_while(|b| b.is_ascii_whitespace() || b == b',');
            if self.rest.first() == Some(&b'#') {
                self.skip_while(|b| b != b'\n');
            } else {
                break;
            }
        }
        let (&first, tail) = self.rest.split_first()?;
        match first {
            b'{' | b'[' | b'(' => {
                self.rest = tail;
                Some(Token::Open)
            }
            b'}' | b']' | b')' => {
                self.rest = tail;
                Some(Token::Close)
            }
            b'"' if self.rest.starts_with(b"\"\"\"") => {
                let body = &self.rest[3..];
                let end = body
                    .windows(3)
                    .position(|w| w == b"\"\"\"")
                    .map_or(body.len(), |at| at + 3);
                self.rest = &body[end..];
                Some(Token::Other)
            }
            b'"' => {
                let mut at = 0;
                while let Some(&b) = tail.get(at) {
                    at += 1;
                    match b {
                        b'\\' => at += 1,
                        b'"' | b'\n' => break,
                        _ => {}
                    }
                }
                self.rest = tail.get(at..).unwrap_or_default();
                Some(Token::Other)
            }
            b'.' if self.rest.starts_with(b"...") => {
                self.rest = &self.rest[3..];
                Some(Token::Other)
            }
            b if b.is_ascii_alphanumeric() || b == b'_' || b == b'-' => {
                self.rest = tail;
                self.skip_while(|b| {
                    b.is_ascii_alphanumeric() || b == b'_' || b == b'.' || b == b'+' || b == b'-'
                });
                Some(Token::Other)
            }
            _ => {
                // Any other byte (punctuator, or something the parser will refuse) is a token;
                // skip a whole UTF-8 character.
                let len = std::str::from_utf8(&self.rest[..self.rest.len().min(4)])
                    .ok()
                    .or_else(|| std::str::from_utf8(&self.rest[..1]).ok())
                    .and_then(|s| s.chars().next())
                    .map_or(1, char::len_utf8);
                self.rest = &self.rest[len.min(self.rest.len())..];
                Some(Token::Other)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(text: &str) -> usize {
        Tokens::new(text).count()
    }

    #[test]
    fn tokens_are_counted_like_the_grammar_counts_them() {
        assert_eq!(tokens("{ a }"), 3);
        assert_eq!(
            tokens("query Q($n: Int = 5) { a(x: \"s t\", y: -1.5e3) @skip(if: true) }"),
            28
        );
        assert_eq!(tokens("{ a # a comment { { {\n b }"), 4);
        assert_eq!(tokens("{ a(s: \"\"\"block \" string\"\"\") }"), 8);
        assert_eq!(tokens("{ ...F } fragment F on Q { a }"), 11);
        assert_eq!(tokens("{ a(s: \"escaped \\\" quote\") }"), 8);
        assert_eq!(tokens("{ é }"), 3);
    }
}
