//! The contract's scalars: `DateTime` (an instant with an explicit offset) and `Date`.

use async_graphql::{InputValueError, InputValueResult, Scalar, ScalarType, Value};
use chrono::{DateTime as ChronoDateTime, FixedOffset, NaiveDate, SecondsFormat};

/// An instant, RFC 3339 with an explicit offset, e.g. 2023-01-25T17:45:00+09:00.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateTime(pub ChronoDateTime<FixedOffset>);

/// An instant, RFC 3339 with an explicit offset, e.g. 2023-01-25T17:45:00+09:00.
#[Scalar(
    name = "DateTime",
    specified_by_url = "https://datatracker.ietf.org/doc/html/rfc3339#section-5.6"
)]
impl ScalarType for DateTime {
    fn parse(value: Value) -> InputValueResult<Self> {
        match &value {
            Value::String(text) => {
                ChronoDateTime::parse_from_rfc3339(text)
                    .map(Self)
                    .map_err(|_| {
                        InputValueError::custom(format!(
                            "{} is not an RFC 3339 instant",
                            crate::error::quoted(text)
                        ))
                    })
            }
            _ => Err(InputValueError::expected_type(value)),
        }
    }

    fn to_value(&self) -> Value {
        Value::String(self.0.to_rfc3339_opts(SecondsFormat::Secs, false))
    }
}

/// A calendar date, ISO 8601, e.g. 2023-01-25.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Date(pub NaiveDate);

/// A calendar date, ISO 8601, e.g. 2023-01-25.
#[Scalar(
    name = "Date",
    specified_by_url = "https://www.iso.org/iso-8601-date-and-time-format.html"
)]
impl ScalarType for Date {
    fn parse(value: Value) -> InputValueResult<Self> {
        match &value {
            Value::String(text) => NaiveDate::parse_from_str(text, "%Y-%m-%d")
                .map(Self)
                .map_err(|_| {
                    InputValueError::custom(format!(
                        "`{text}` is not a date of the form YYYY-MM-DD"
                    ))
                }),
            _ => Err(InputValueError::expected_type(value)),
        }
    }

    fn to_value(&self) -> Value {
        Value::String(self.0.format("%Y-%m-%d").to_string())
    }
}
