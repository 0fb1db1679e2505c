//! Reading the arguments that the contract constrains: pages, country codes, time zones.

use chrono::{DateTime as ChronoDateTime, Utc};
use chrono_tz::Tz;

use crate::error::{ApiError, ApiResult};
use crate::graphql::scalars::DateTime;
use crate::store::Window;

/// Page size when `first` is not given.
pub const DEFAULT_PAGE_SIZE: i32 = 20;
/// Largest `first` allowed.
pub const MAX_PAGE_SIZE: i32 = 100;

/// Complexity multiplier of a list field without pagination (at most 13 items here).
pub const LIST_COST: usize = 10;

/// Ceiling of one field's cost (`limits::complexity` adds with saturation as well): any
/// capped cost is far above every limit.
pub const COST_CAP: usize = 1 << 32;

/// Complexity of a connection: one for the field, plus the page size (`first` or `last` as it
/// will be read, default 20, bounded to 0..=100) times the cost of the selection of one page
/// item.
pub fn page_cost(size: Option<i32>, child_complexity: usize) -> usize {
    let size =
        usize::try_from(size.unwrap_or(DEFAULT_PAGE_SIZE).clamp(0, MAX_PAGE_SIZE)).unwrap_or(0);
    size.saturating_mul(child_complexity)
        .saturating_add(1)
        .min(COST_CAP)
}

/// Complexity of a list field: ten times its selection.
pub fn list_cost(child_complexity: usize) -> usize {
    LIST_COST
        .saturating_mul(child_complexity)
        .saturating_add(1)
        .min(COST_CAP)
}

/// The page a connection's arguments ask for: `first` (0 to 100, default 20) items after
/// `after`, or `last` items before `before` (`last` alone defaults like `first`). Both cursors
/// may be given to page within a range. `first` with `last`, or a size out of range, is
/// refused, never clamped.
pub fn window(
    first: Option<i32>,
    after: Option<String>,
    last: Option<i32>,
    before: Option<String>,
) -> ApiResult<Window> {
    let (argument, size, from_end) = match (first, last) {
        (Some(_), Some(_)) => {
            return Err(ApiError::bad_input(
                "last",
                "`first` and `last` cannot be used together: page forwards with `first` and \
                 `after`, backwards with `last` and `before`",
            ));
        }
        (None, Some(last)) => ("last", last, true),
        (first, None) => ("first", first.unwrap_or(DEFAULT_PAGE_SIZE), false),
    };
    if !(0..=MAX_PAGE_SIZE).contains(&size) {
        return Err(ApiError::bad_input(
            argument,
            format!("`{argument}` must be between 0 and {MAX_PAGE_SIZE}, got {size}"),
        ));
    }
    Ok(Window {
        size: u64::try_from(size).unwrap_or_default(),
        after,
        before,
        from_end,
    })
}

/// A `slug` argument: a well-formed slug ([`crate::ids::is_slug`]); anything else is refused
/// (a well-formed slug of nothing is the lookup's null, never an error).
pub fn slug(text: &str) -> ApiResult<&str> {
    if crate::ids::is_slug(text) {
        Ok(text)
    } else {
        Err(ApiError::bad_input(
            "slug",
            format!(
                "{} is not a slug (lower-case letters, digits and hyphens)",
                crate::error::quoted(text)
            ),
        ))
    }
}

/// An ISO 3166-1 alpha-2 code that ISO assigns, any case on input; upper case out. Codes ISO
/// leaves unassigned or user-assigned (`ZZ`, `XK`, `EU`) are refused like malformed ones: the
/// list is `rust_iso3166`'s, not a table of ours.
pub fn country_code(argument: &'static str, code: &str) -> ApiResult<String> {
    let upper = code.to_ascii_uppercase();
    if upper.len() == 2 && rust_iso3166::from_alpha2(&upper).is_some() {
        Ok(upper)
    } else {
        Err(ApiError::bad_input(
            argument,
            format!(
                "{} is not an ISO 3166-1 alpha-2 country code",
                crate::error::quoted(code)
            ),
        ))
    }
}

/// An IANA time zone name, in any case, or one of the event page's labels (`CET`, `JST`:
/// [`crate::zones`]); `None` is UTC. An unknown name is refused, never replaced.
pub fn time_zone(name: Option<&str>) -> ApiResult<Tz> {
    match name {
        None => Ok(Tz::UTC),
        Some(name) => crate::zones::by_name(name).ok_or_else(|| {
            ApiError::bad_input(
                "timeZone",
                format!(
                    "{} is not an IANA time zone name (nor CET or JST, the event's labels)",
                    crate::error::quoted(name)
                ),
            )
        }),
    }
}

/// `instant` shown in `zone`, with the offset that zone had at that instant.
pub fn in_zone(instant: ChronoDateTime<Utc>, zone: Tz) -> DateTime {
    DateTime(instant.with_timezone(&zone).fixed_offset())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn the_offset_follows_the_instant_across_daylight_saving() {
        let brussels = time_zone(Some("Europe/Brussels")).unwrap_or(Tz::UTC);
        let january = Utc.with_ymd_and_hms(2023, 1, 25, 8, 45, 0).single();
        let july = Utc.with_ymd_and_hms(2023, 7, 25, 8, 45, 0).single();
        let render =
            |t: Option<ChronoDateTime<Utc>>| t.map(|t| in_zone(t, brussels).0.to_rfc3339());
        assert_eq!(
            render(january).as_deref(),
            Some("2023-01-25T09:45:00+01:00")
        );
        assert_eq!(render(july).as_deref(), Some("2023-07-25T10:45:00+02:00"));
    }

    #[test]
    fn costs_multiply_then_stop_at_the_cap() {
        assert_eq!(page_cost(Some(100), 7), 701);
        assert_eq!(page_cost(None, 7), 141);
        assert_eq!(page_cost(Some(-5), 7), 1);
        assert_eq!(list_cost(3), 31);
        let mut cost = 1;
        for _ in 0..40 {
            cost = list_cost(page_cost(Some(100), cost));
        }
        assert_eq!(cost, COST_CAP);
        // Thousands of capped siblings still add up without overflow.
        assert!(COST_CAP.checked_mul(100_000).is_some());
    }

    #[test]
    fn page_size_country_and_zone_rules() {
        let size = |first, last| window(first, None, last, None).map(|w| (w.size, w.from_end));
        assert_eq!(size(None, None).ok(), Some((20, false)));
        assert_eq!(size(Some(0), None).ok(), Some((0, false)));
        assert_eq!(size(Some(100), None).ok(), Some((100, false)));
        assert_eq!(size(None, Some(5)).ok(), Some((5, true)));
        assert!(size(Some(101), None).is_err());
        assert!(size(Some(-1), None).is_err());
        assert!(size(None, Some(101)).is_err());
        assert!(size(Some(5), Some(5)).is_err());
        assert_eq!(country_code("country", "jp").ok().as_deref(), Some("JP"));
        assert!(country_code("country", "JPN").is_err());
        assert!(country_code("country", "1P").is_err());
        for unassigned in ["ZZ", "zz", "XK", "EU", "AA", "QM"] {
            assert!(country_code("country", unassigned).is_err(), "{unassigned}");
        }
        assert_eq!(country_code("country", "gb").ok().as_deref(), Some("GB"));
        assert!(time_zone(Some("Mars/Olympus")).is_err());
        assert_eq!(time_zone(Some("asia/tokyo")).ok(), Some(Tz::Asia__Tokyo));
        assert_eq!(time_zone(Some("utc")).ok(), Some(Tz::UTC));
        assert_eq!(time_zone(None).ok(), Some(Tz::UTC));
    }
}
