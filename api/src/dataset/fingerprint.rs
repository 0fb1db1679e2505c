//! The dataset version: a SHA-256 over what the files say, not how they are written.
//!
//! Each file is hashed by its kind:
//! - a TOML file as parsed: tables with their keys sorted, values with their types, so that
//!   comments, layout, quoting and key order do not count;
//! - a CSV file as records of fields, so that quoting and line endings do not count (white space
//!   inside a field does: the loader reads it);
//! - any other file (the seed page) as its text, whose lines are the provenance locators.
//!
//! A file that does not parse is hashed as its bytes: validation refuses it anyway. The rule has
//! a name ([`RULE`]) hashed first, so that a new rule gives every dataset a new version.

use sha2::{Digest, Sha256};

/// The name of the hashing rule, changed whenever the rule does.
const RULE: &str = "content-v1";

/// How one file's content is read for the version.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Content {
    /// Parsed TOML.
    Toml,
    /// CSV records.
    Csv,
    /// The text as it is.
    Text,
}

impl Content {
    /// The kind of the file at `path`, by its extension.
    pub fn of_path(path: &str) -> Self {
        if path.ends_with(".toml") {
            Self::Toml
        } else if path.ends_with(".csv") {
            Self::Csv
        } else {
            Self::Text
        }
    }
}

/// Hashes `(path, kind, text)` triples, in order, into the hexadecimal SHA-256 version.
pub fn version<'a>(files: impl IntoIterator<Item = (&'a str, Content, &'a str)>) -> String {
    let mut hash = Sha256::new();
    bytes(&mut hash, RULE.as_bytes());
    for (path, content, text) in files {
        bytes(&mut hash, path.as_bytes());
        match content {
            Content::Toml => match text.parse::<toml::Table>() {
                Ok(table) => {
                    hash.update(b"T");
                    table_content(&mut hash, &table);
                }
                Err(_) => raw(&mut hash, text),
            },
            Content::Csv => match csv_records(text) {
                Some(records) => {
                    hash.update(b"C");
                    length(&mut hash, records.len());
                    for record in &records {
                        length(&mut hash, record.len());
                        for field in record {
                            bytes(&mut hash, field.as_bytes());
                        }
                    }
                }
                None => raw(&mut hash, text),
            },
            Content::Text => raw(&mut hash, text),
        }
    }
    hash.finalize()
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// Every record of a CSV text, the header included; `None` where it does not parse.
fn csv_records(text: &str) -> Option<Vec<csv::StringRecord>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes())
        .records()
        .collect::<Result<_, _>>()
        .ok()
}

fn raw(hash: &mut Sha256, text: &str) {
    hash.update(b"B");
    bytes(hash, text.as_bytes());
}

fn length(hash: &mut Sha256, length: usize) {
    hash.update(u64::try_from(length).unwrap_or(u64::MAX).to_le_bytes());
}

fn bytes(hash: &mut Sha256, bytes: &[u8]) {
    length(hash, bytes.len());
    hash.update(bytes);
}

fn table_content(hash: &mut Sha256, table: &toml::Table) {
    let mut keys: Vec<&String> = table.keys().collect();
    keys.sort();
    length(hash, keys.len());
    for key in keys {
        bytes(hash, key.as_bytes());
        if let Some(value) = table.get(key) {
            value_content(hash, value);
        }
    }
}

fn value_content(hash: &mut Sha256, value: &toml::Value) {
    match value {
        toml::Value::String(text) => {
            hash.update(b"s");
            bytes(hash, text.as_bytes());
        }
        toml::Value::Integer(number) => {
            hash.update(b"i");
            hash.update(number.to_le_bytes());
        }
        toml::Value::Float(number) => {
            hash.update(b"f");
            hash.update(number.to_bits().to_le_bytes());
        }
        toml::Value::Boolean(flag) => {
            hash.update(if *flag { b"1" } else { b"0" });
        }
        toml::Value::Datetime(datetime) => {
            hash.update(b"d");
            bytes(hash, datetime.to_string().as_bytes());
        }
        toml::Value::Array(items) => {
            hash.update(b"a");
            length(hash, items.len());
            for item in items {
                value_content(hash, item);
            }
        }
        toml::Value::Table(table) => {
            hash.update(b"t");
            table_content(hash, table);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Content, version};

    fn one(path: &str, text: &str) -> String {
        version([(path, Content::of_path(path), text)])
    }

    #[test]
    fn toml_comments_layout_quoting_and_key_order_do_not_count() {
        let base = one("a.toml", "[x]\nname = \"Kyoto\"\nround = 2\n");
        assert_eq!(
            base,
            one(
                "a.toml",
                "# a comment\n[x]\nround   = 2 # why\nname = 'Kyoto'\n\n"
            )
        );
        assert_eq!(base, one("a.toml", "x = { round = 2, name = \"Kyoto\" }\n"));
        assert_ne!(base, one("a.toml", "[x]\nname = \"Kyoto \"\nround = 2\n"));
        assert_ne!(
            base,
            one("a.toml", "[x]\nname = \"Kyoto\"\nround = \"2\"\n")
        );
        assert_ne!(base, one("a.toml", "[x]\nname = \"Kyoto\"\nround = 2.0\n"));
    }

    #[test]
    fn csv_quoting_and_line_endings_do_not_count_but_fields_do() {
        let base = one("a.csv", "name,round\nKyoto,2\n");
        assert_eq!(base, one("a.csv", "\"name\",\"round\"\r\nKyoto,\"2\""));
        assert_ne!(base, one("a.csv", "name,round\nKyoto ,2\n"));
        assert_ne!(base, one("a.csv", "name,round\nKyoto,2\nKyoto,2\n"));
        // Fields are delimited: moving a character between two fields counts.
        assert_ne!(base, one("a.csv", "nam,eround\nKyoto,2\n"));
    }

    #[test]
    fn text_files_count_every_byte_and_the_path_counts() {
        assert_ne!(one("seed.txt", "a\nb\n"), one("seed.txt", "a\n\nb\n"));
        assert_ne!(one("a.csv", "x\n"), one("b.csv", "x\n"));
        // A file that does not parse still has a version, from its bytes.
        assert_ne!(one("a.toml", "[x"), one("a.toml", "[x "));
    }
}
