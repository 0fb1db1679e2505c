//! GraphQL over HTTP (the GraphQL-over-HTTP specification): what a request asks for and in
//! which media type it wants the answer, read from the method, `Accept`, `Content-Type`, the
//! query string (GET) or the JSON body (POST). Pure functions; the endpoint acts on them.

use axum::http::{HeaderMap, Method, header};
use serde_json::Value;

use crate::error::{ErrorCode, MediaType, Refusal};
use crate::graphql::pipeline::Incoming;

/// `application/graphql-response+json`.
pub const GRAPHQL_RESPONSE_JSON: &str = "application/graphql-response+json";

/// The media type to answer in, from `Accept`: the acceptable one of highest quality among
/// `application/graphql-response+json` and `application/json` (`*/*`, `application/*` and a
/// missing header mean `application/json`, as the specification asks for compatibility).
/// `None` when `Accept` admits neither: 406.
pub fn negotiate(headers: &HeaderMap) -> Option<MediaType> {
    let Some(accept) = headers.get(header::ACCEPT) else {
        return Some(MediaType::Json);
    };
    let accept = accept.to_str().ok()?;
    if accept.trim().is_empty() {
        return Some(MediaType::Json);
    }
    let mut best: Option<(f32, u8, MediaType)> = None;
    for range in accept.split(',') {
        let mut parts = range.split(';');
        let name = parts.next().unwrap_or("").trim().to_ascii_lowercase();
        let quality = parts
            .filter_map(|p| p.trim().strip_prefix("q="))
            .find_map(|q| q.trim().parse::<f32>().ok())
            .unwrap_or(1.0);
        // Among equal qualities the more specific range wins; graphql-response+json first.
        let (media, specificity) = match name.as_str() {
            GRAPHQL_RESPONSE_JSON => (MediaType::GraphqlResponseJson, 3),
            "application/json" => (MediaType::Json, 2),
            "application/*" | "*/*" => (MediaType::Json, 1),
            _ => continue,
        };
        if quality <= 0.0 {
            continue;
        }
        if best.is_none_or(|(q, s, _)| quality > q || (quality == q && specificity > s)) {
            best = Some((quality, specificity, media));
        }
    }
    best.map(|(_, _, media)| media)
}

/// The `Content-Type` value of an answer in `media`.
pub fn content_type(media: MediaType) -> &'static str {
    match media {
        MediaType::Json => "application/json; charset=utf-8",
        MediaType::GraphqlResponseJson => "application/graphql-response+json; charset=utf-8",
    }
}

/// One GraphQL request or, where the body is an array, several.
#[derive(Debug)]
pub enum Requests {
    /// One operation; over GET, with the revision token it names (`revision=`), if any.
    Single(Box<Incoming>, Option<String>),
    /// A batch (a JSON array body).
    Batch(Vec<Incoming>),
}

/// The query parameter of a GET that names the revision its answer is for
/// (`Dataset.revision`): a content-addressed URL.
pub const REVISION: &str = "revision";

/// True for the methods that read a GraphQL request from the query string: GET, and HEAD
/// (the same answer without its body).
pub fn reads_the_query_string(method: &Method) -> bool {
    method == Method::GET || method == Method::HEAD
}

/// The GraphQL request(s) of an HTTP request: GET (and HEAD) read `query`, `operationName`,
/// `variables`, `extensions` and `revision` from the query string; POST needs
/// `Content-Type: application/json` and a JSON object (or, for a batch, an array of them).
pub fn read(
    method: &Method,
    headers: &HeaderMap,
    query_string: Option<&str>,
    body: &[u8],
) -> Result<Requests, Refusal> {
    if reads_the_query_string(method) {
        let pairs: Vec<(String, String)> =
            serde_urlencoded::from_str(query_string.unwrap_or(""))
                .map_err(|_| Refusal::bad_request("the query string is not valid URL encoding"))?;
        let mut object = serde_json::Map::new();
        let mut revision = None;
        for (key, value) in pairs {
            if key == REVISION {
                revision = Some(value);
                continue;
            }
            let value = match key.as_str() {
                "variables" | "extensions" => serde_json::from_str(&value).map_err(|_| {
                    Refusal::bad_request(format!("the `{key}` parameter is not a JSON object"))
                })?,
                _ => Value::String(value),
            };
            object.insert(key, value);
        }
        return Incoming::from_json(Value::Object(object))
            .map(|r| Requests::Single(Box::new(r), revision));
    }
    let json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("application/json"));
    if !json {
        return Err(Refusal::new(
            ErrorCode::UnsupportedMediaType,
            "a POST body must be JSON, sent with `Content-Type: application/json`",
        ));
    }
    let value: Value = serde_json::from_slice(body)
        .map_err(|_| Refusal::bad_request("the request body is not valid JSON"))?;
    match value {
        Value::Array(items) => items
            .into_iter()
            .map(Incoming::from_json)
            .collect::<Result<_, _>>()
            .map(Requests::Batch),
        other => Incoming::from_json(other).map(|r| Requests::Single(Box::new(r), None)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn accept(value: Option<&str>) -> Option<MediaType> {
        let mut headers = HeaderMap::new();
        if let Some(value) = value {
            headers.insert(
                header::ACCEPT,
                HeaderValue::from_str(value).unwrap_or(HeaderValue::from_static("x/y")),
            );
        }
        negotiate(&headers)
    }

    #[test]
    fn accept_is_negotiated_with_qualities() {
        use MediaType::*;
        assert_eq!(accept(None), Some(Json));
        assert_eq!(accept(Some("*/*")), Some(Json));
        assert_eq!(accept(Some("application/json")), Some(Json));
        assert_eq!(
            accept(Some(GRAPHQL_RESPONSE_JSON)),
            Some(GraphqlResponseJson)
        );
        assert_eq!(
            accept(Some(
                "application/graphql-response+json, application/json;q=0.9"
            )),
            Some(GraphqlResponseJson)
        );
        assert_eq!(
            accept(Some(
                "application/graphql-response+json;q=0.5, application/json"
            )),
            Some(Json)
        );
        assert_eq!(accept(Some("application/json, */*")), Some(Json));
        assert_eq!(accept(Some("text/html")), None);
        assert_eq!(accept(Some("application/json;q=0")), None);
    }

    #[test]
    fn get_and_post_requests_are_read_and_bad_ones_refused() {
        let none = HeaderMap::new();
        let read_get = |q: &str| read(&Method::GET, &none, Some(q), b"");
        assert!(matches!(
            read_get("query=%7B%20themes%20%7B%20slug%20%7D%20%7D&variables=%7B%7D"),
            Ok(Requests::Single(..))
        ));
        assert_eq!(
            read_get("variables=%7B%7D").err().map(|r| r.code),
            Some(ErrorCode::BadRequest)
        );
        assert_eq!(
            read_get("query=x&variables=nope").err().map(|r| r.code),
            Some(ErrorCode::BadRequest)
        );
        let mut json = HeaderMap::new();
        json.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json; charset=utf-8"),
        );
        let post = |body: &str| {
            read(&Method::POST, &json, None, body.as_bytes())
                .err()
                .map(|r| r.code)
        };
        assert_eq!(post(r#"{"query":"{ themes { slug } }"}"#), None);
        assert_eq!(post(r#"{"query":1}"#), Some(ErrorCode::BadRequest));
        assert_eq!(
            post(r#"{"query":"{ a }","variables":[]}"#),
            Some(ErrorCode::BadRequest)
        );
        assert_eq!(
            post(r#"{"query":"{ a }","operationName":2}"#),
            Some(ErrorCode::BadRequest)
        );
        assert_eq!(post("not json"), Some(ErrorCode::BadRequest));
        assert_eq!(
            read(&Method::POST, &none, None, b"{}")
                .err()
                .map(|r| r.code),
            Some(ErrorCode::UnsupportedMediaType)
        );
    }
}
