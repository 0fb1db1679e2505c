//! HTTP caching of GET answers (GraphQL and the feeds): strong ETags computed without executing,
//! 304 on a matching `If-None-Match`, `Cache-Control` by outcome, and one tag per content
//! encoding.
//!
//! [`response_key`] is the one key function of a response: the data version (read in the
//! request's snapshot), what names the representation (for GraphQL: document text, variables,
//! operation name and negotiated media type; for a feed: its path, parameters, media type and
//! public URL) and the schema/build identity. The ETag is it; the response cache of the
//! performance issue is to key on it too.

use std::time::Duration;

use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

use crate::error::MediaType;
use crate::text::hex;

/// The key of one response (hex SHA-256): what names the representation (see
/// [`graphql_representation`], or a feed's path, parameters and media type), the
/// schema/build identity, and the data version the answer is read from. Each part is
/// length-prefixed, so that no two different requests can run together into the same bytes.
pub fn response_key<S: AsRef<str>>(
    data_version: &str,
    representation: impl IntoIterator<Item = S>,
    schema_identity: &str,
) -> String {
    Representation::of(representation, schema_identity).key(data_version)
}

/// A response's key with the data version still to come: hashed once, keyed for each revision
/// it is looked up or stored at.
#[derive(Clone)]
pub struct Representation(Sha256);

impl Representation {
    /// The representation named by `parts` under `schema_identity`.
    pub fn of<S: AsRef<str>>(parts: impl IntoIterator<Item = S>, schema_identity: &str) -> Self {
        let mut hash = Sha256::new();
        for part in parts {
            length_prefixed(&mut hash, part.as_ref());
        }
        length_prefixed(&mut hash, schema_identity);
        Self(hash)
    }

    /// The key of this representation read at `data_version`.
    pub fn key(&self, data_version: &str) -> String {
        let mut hash = self.0.clone();
        length_prefixed(&mut hash, data_version);
        hex(&hash.finalize())
    }
}

fn length_prefixed(hash: &mut Sha256, text: &str) {
    hash.update(text.len().to_le_bytes());
    hash.update(text.as_bytes());
}

/// What names a GraphQL answer: the document text, the variables, the operation name and the
/// negotiated media type (borrowed from the request where it can be).
pub fn graphql_representation(
    request: &async_graphql::Request,
    media: MediaType,
) -> [std::borrow::Cow<'_, str>; 4] {
    use std::borrow::Cow;
    let variables = if request.variables.is_empty() {
        Cow::Borrowed("{}")
    } else {
        Cow::Owned(serde_json::to_string(&request.variables).unwrap_or_default())
    };
    let media = match media {
        MediaType::Json => "application/json",
        MediaType::GraphqlResponseJson => "application/graphql-response+json",
    };
    [
        Cow::Borrowed(request.query.as_str()),
        variables,
        Cow::Borrowed(request.operation_name.as_deref().unwrap_or_default()),
        Cow::Borrowed(media),
    ]
}

/// `Cache-Control` of a successful GET answer for `--cache-max-age` (made once, at start):
/// `public, max-age=<seconds>`, or `public, no-cache` (revalidate every time) for zero.
pub fn freshness(max_age: Duration) -> HeaderValue {
    if max_age.as_secs() == 0 {
        return HeaderValue::from_static("public, no-cache");
    }
    HeaderValue::from_str(&format!("public, max-age={}", max_age.as_secs()))
        .unwrap_or(HeaderValue::from_static("public, no-cache"))
}

/// The validators and freshness of a cacheable GET answer: its strong ETag `tag`,
/// `Cache-Control: public, max-age`, and `Vary` (what the answer depends on besides the URL).
pub fn cacheable(response: &mut Response, tag: &str, freshness: &HeaderValue, vary: &'static str) {
    let headers = response.headers_mut();
    if let Ok(tag) = HeaderValue::from_str(tag) {
        headers.insert(header::ETAG, tag);
    }
    headers.insert(header::CACHE_CONTROL, freshness.clone());
    headers.insert(header::VARY, HeaderValue::from_static(vary));
}

/// 304: the client's copy (named by `tag`) is current.
pub fn not_modified(tag: &str, freshness: &HeaderValue, vary: &'static str) -> Response {
    let mut response = StatusCode::NOT_MODIFIED.into_response();
    cacheable(&mut response, tag, freshness, vary);
    response
}

/// The strong ETag of `key` (before the encoding suffix).
pub fn etag(key: &str) -> String {
    format!("\"{key}\"")
}

/// The tag of `If-None-Match` that names the representation of `key` this request would get,
/// as our own tag: `*`; `"key"` (the identity representation, which answers too short to
/// compress always are); or `"key-<coding>"` for the content coding the request negotiates
/// ([`negotiated_coding`]). A tag we never issued (`"key-evil"`), or one for a coding the
/// request does not take, matches nothing: the answer is a 200 that carries our tag.
pub fn matching_tag(headers: &HeaderMap, key: &str) -> Option<String> {
    let header = headers.get(header::IF_NONE_MATCH)?.to_str().ok()?;
    let coded = negotiated_coding(headers).map(|coding| format!("{key}-{coding}"));
    header.split(',').map(str::trim).find_map(|tag| {
        if tag == "*" {
            return Some(etag(coded.as_deref().unwrap_or(key)));
        }
        let opaque = tag.trim_start_matches("W/").trim_matches('"');
        (opaque == key || coded.as_deref() == Some(opaque)).then(|| etag(opaque))
    })
}

/// True when `If-None-Match` is `*` (any representation): it matches only an answer that
/// exists, so it waits for the answer (a refused request is never a 304). A named tag was
/// issued for a successful answer of the same key.
pub fn names_any(headers: &HeaderMap) -> bool {
    headers
        .get(header::IF_NONE_MATCH)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.split(',').any(|tag| tag.trim() == "*"))
}

/// The content codings the compression layer offers, in its order of preference on equal
/// q-values (tower-http's: the later wins).
const CODINGS: [&str; 3] = ["deflate", "gzip", "br"];

/// The content coding tower-http's compression layer chooses for a request: the highest
/// q-value above 0 among `deflate`, `gzip` (`x-gzip`) and `br`, `br` before `gzip` before
/// `deflate` on a tie; `None` for identity (nothing acceptable, or `identity` preferred).
pub fn negotiated_coding(headers: &HeaderMap) -> Option<&'static str> {
    let mut best: Option<(u16, usize)> = None;
    for value in headers.get_all(header::ACCEPT_ENCODING) {
        let Ok(value) = value.to_str() else { continue };
        for item in value.split(',') {
            let mut parts = item.splitn(2, ';');
            let name = parts.next().unwrap_or("").trim().to_ascii_lowercase();
            let rank = match name.as_str() {
                "identity" => 0,
                "deflate" => 1,
                "gzip" | "x-gzip" => 2,
                "br" => 3,
                _ => continue,
            };
            let quality = match parts.next() {
                Some(q) => match q_value(q.trim()) {
                    Some(q) => q,
                    None => continue,
                },
                None => 1000,
            };
            if quality > 0 && best.is_none_or(|b| (quality, rank) > b) {
                best = Some((quality, rank));
            }
        }
    }
    best.and_then(|(_, rank)| rank.checked_sub(1))
        .and_then(|index| CODINGS.get(index).copied())
}

/// A q-value (`q=0.5`) in thousandths, as tower-http reads it (at most three decimals).
fn q_value(text: &str) -> Option<u16> {
    let number = text
        .strip_prefix("q=")
        .or_else(|| text.strip_prefix("Q="))?;
    let (whole, fraction) = number.split_once('.').unwrap_or((number, ""));
    if fraction.len() > 3 || !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let thousandths = format!("{fraction:0<3}").parse::<u16>().ok()?;
    match whole {
        "0" => Some(thousandths),
        "1" if thousandths == 0 => Some(1000),
        _ => None,
    }
}

/// Gives a compressed answer's ETag the encoding (`"key"` → `"key-gzip"`): a strong tag names
/// one exact representation, and each encoding is another. Also folds the `Vary` values that
/// the handler and the compression layer each add into one list without repeats.
pub fn tag_encoding(mut response: Response) -> Response {
    // One `Vary` and no encoding (an answer too short to compress): nothing to fold or tag.
    if response
        .headers()
        .get_all(header::VARY)
        .iter()
        .nth(1)
        .is_none()
        && !response.headers().contains_key(header::CONTENT_ENCODING)
    {
        return response;
    }
    let mut vary: Vec<String> = Vec::new();
    for value in response.headers().get_all(header::VARY) {
        for name in value.to_str().unwrap_or("").split(',') {
            let name = name.trim().to_ascii_lowercase();
            if !name.is_empty() && !vary.contains(&name) {
                vary.push(name);
            }
        }
    }
    if !vary.is_empty()
        && let Ok(value) = HeaderValue::from_str(&vary.join(", "))
    {
        response.headers_mut().insert(header::VARY, value);
    }
    let encoding = response
        .headers()
        .get(header::CONTENT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let tag = response
        .headers()
        .get(header::ETAG)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    if let (Some(encoding), Some(tag)) = (encoding, tag) {
        let opaque = tag.trim_matches('"');
        if let Ok(value) = HeaderValue::from_str(&format!("\"{opaque}-{encoding}\"")) {
            response.headers_mut().insert(header::ETAG, value);
        }
    }
    response
}

/// Any answer that is not a success (2xx) or a 304 must not be stored by any cache.
pub fn no_store_unless_success(mut response: Response) -> Response {
    let status = response.status();
    if !(status.is_success() || status == StatusCode::NOT_MODIFIED) {
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_differ_by_every_part_and_tags_match_any_encoding() {
        let request = |q: &str| async_graphql::Request::new(q);
        let key = |version: &str, request: &async_graphql::Request, media, schema: &str| {
            response_key(version, graphql_representation(request, media), schema)
        };
        let base = key("v1", &request("{ a }"), MediaType::Json, "s");
        assert_eq!(base, key("v1", &request("{ a }"), MediaType::Json, "s"));
        for other in [
            key("v2", &request("{ a }"), MediaType::Json, "s"),
            key("v1", &request("{ b }"), MediaType::Json, "s"),
            key("v1", &request("{ a }"), MediaType::GraphqlResponseJson, "s"),
            key("v1", &request("{ a }"), MediaType::Json, "t"),
            key(
                "v1",
                &request("{ a }").operation_name("A"),
                MediaType::Json,
                "s",
            ),
            key(
                "v1",
                &request("{ a }").variables(async_graphql::Variables::from_json(
                    serde_json::json!({ "x": 1 }),
                )),
                MediaType::Json,
                "s",
            ),
            response_key("v1", ["/schedule.ics", ""], "s"),
        ] {
            assert_ne!(base, other);
        }
        let mut headers = HeaderMap::new();
        let with = |value: &str, headers: &mut HeaderMap| {
            headers.insert(
                header::IF_NONE_MATCH,
                HeaderValue::from_str(value).unwrap_or(HeaderValue::from_static("x")),
            );
        };
        // Parts never run together: ("ab", "c") and ("a", "bc") differ.
        assert_ne!(
            response_key("v", ["ab", "c"], "s"),
            response_key("v", ["a", "bc"], "s")
        );
        // A coded tag matches only a request that negotiates that coding.
        with(&format!("\"other\", \"{base}-gzip\""), &mut headers);
        assert_eq!(matching_tag(&headers, &base), None);
        headers.insert(header::ACCEPT_ENCODING, HeaderValue::from_static("gzip"));
        assert_eq!(
            matching_tag(&headers, &base),
            Some(format!("\"{base}-gzip\""))
        );
        // A tag we never issued is no match, and the 304 never carries it.
        with(&format!("\"{base}-evil\""), &mut headers);
        assert_eq!(matching_tag(&headers, &base), None);
        with(&format!("W/\"{base}\""), &mut headers);
        assert_eq!(matching_tag(&headers, &base), Some(format!("\"{base}\"")));
        with("\"other\"", &mut headers);
        assert_eq!(matching_tag(&headers, &base), None);
    }

    #[test]
    fn the_negotiated_coding_follows_tower_http() {
        let coding = |accept: &str| {
            let mut headers = HeaderMap::new();
            if let Ok(value) = HeaderValue::from_str(accept) {
                headers.insert(header::ACCEPT_ENCODING, value);
            }
            negotiated_coding(&headers)
        };
        assert_eq!(coding(""), None);
        assert_eq!(coding("identity"), None);
        assert_eq!(coding("gzip, deflate, br"), Some("br"));
        assert_eq!(coding("gzip;q=1.0, br;q=0.5"), Some("gzip"));
        assert_eq!(coding("deflate, gzip;q=0"), Some("deflate"));
        assert_eq!(coding("x-gzip"), Some("gzip"));
        assert_eq!(coding("identity, gzip;q=0.5"), None);
        assert_eq!(coding("zstd"), None);
        assert_eq!(coding("br;q=2"), None);
    }
}
