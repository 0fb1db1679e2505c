//! Serving the documents of `feeds::registry`: transport only. Each document gets a GET route
//! derived from its path, with the caching of the GraphQL GETs (strong ETag keyed like them,
//! 304 on a match before any rendering, `Cache-Control: public, max-age`; refusals
//! `no-store`), read in one snapshot. What a document reads and writes is its own.
//!
//! Parameters are the document's (`feeds::params`): an unknown or repeated one, or a malformed
//! value, is 400 `BAD_USER_INPUT`; a well-formed one that names nothing is 404 `NOT_FOUND`;
//! both in the API's JSON error shape, or in the document's own form where it has one (the
//! widget's page).

use std::collections::BTreeMap;

use axum::Router;
use axum::extract::{RawPathParams, RawQuery, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use super::AppState;
use super::caching;
use super::respond;
use crate::dataset::publication;
use crate::error::{MediaType, Refusal, quoted};
use crate::feeds::document::{Document, Params, Source, Visit};
use crate::feeds::params::Query;
use crate::feeds::{Publication, registry};
use crate::store::programme::Programme;
use crate::store::snapshot::Snapshot;
use chrono::{DateTime, SecondsFormat, Utc};
use sea_orm::DatabaseTransaction;

/// The header naming the dataset version a document was rendered from.
pub const DATASET_VERSION: HeaderName = HeaderName::from_static("dataset-version");
/// The header naming when that version was loaded.
pub const DATASET_LOADED_AT: HeaderName = HeaderName::from_static("dataset-loaded-at");

/// `router` with a GET route for every document of the registry, and, for each folder of
/// documents (`/export/`), a 404 that lists what the folder holds.
pub fn routes(router: Router<AppState>) -> Router<AppState> {
    struct Routes {
        router: Router<AppState>,
        folders: BTreeMap<&'static str, Vec<&'static str>>,
    }
    impl Visit for Routes {
        fn document<D: Document>(&mut self) {
            let (route, _) = route_of(D::PATH);
            self.router = std::mem::take(&mut self.router).route(&route, get(serve::<D>));
            if let Some((folder, file)) = D::PATH.rsplit_once('/')
                && !folder.is_empty()
                && !D::PATH.contains('{')
            {
                self.folders.entry(folder).or_default().push(file);
            }
        }
    }
    let mut routes = Routes {
        router,
        folders: BTreeMap::new(),
    };
    registry::each(&mut routes);
    let mut router = routes.router;
    for (folder, files) in routes.folders {
        let listing = files.join(", ");
        router = router.route(
            &format!("{folder}/{{file}}"),
            get(move |uri: Uri| async move {
                let file = uri.path().rsplit('/').next().unwrap_or_default();
                Refusal::not_found(format!(
                    "no document {} here: {folder}/ holds {listing}",
                    quoted(file)
                ))
                .into_response()
            }),
        );
    }
    router
}

/// The axum route of a document path and the suffix its `{id}` segment carries: a parameter
/// fills a whole segment in axum, so `/sessions/{id}.ics` routes as `/sessions/{id}` and the
/// handler strips `.ics`.
fn route_of(path: &str) -> (String, Option<&str>) {
    match path.split_once("{id}") {
        Some((before, suffix)) if !suffix.is_empty() && !suffix.contains('/') => {
            (format!("{before}{{id}}"), Some(suffix))
        }
        _ => (path.to_owned(), None),
    }
}

/// `GET` of document `D`.
async fn serve<D: Document>(
    State(state): State<AppState>,
    path_params: RawPathParams,
    uri: Uri,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    let id = path_params.iter().next().map(|(_, value)| value);
    let params = match read_params::<D>(id, query.as_deref(), &headers) {
        Ok(params) => params,
        Err(refusal) => return refuse::<D>(&state, refusal, query.as_deref(), &headers),
    };
    D::record(&params, &state.metrics);
    if !D::READS_DATABASE {
        // From the programme of the revision in memory, as GraphQL answers: no statement.
        let answered = match state.programme.current(&state.db).await {
            Ok(programme) => {
                answer::<D>(&state, &headers, uri.path(), &params, &programme, None).await
            }
            Err(error) => Err(Refusal::from(crate::error::ApiError::from(error))),
        };
        return answered
            .unwrap_or_else(|refusal| refuse::<D>(&state, refusal, query.as_deref(), &headers));
    }
    let snapshot = match Snapshot::admitted(&state.gate, &state.db).await {
        Ok(snapshot) => snapshot,
        Err(shed) => return respond::database_busy(&state.metrics, shed),
    };
    let answered = async {
        // The programme of the revision the snapshot reads, so that both parts agree.
        let db = snapshot.connection().await?;
        let revision = snapshot.revision().await?;
        let programme = state
            .programme
            .of_transaction(revision.as_deref(), db)
            .await?;
        answer::<D>(&state, &headers, uri.path(), &params, &programme, Some(db)).await
    };
    let response = answered
        .await
        .unwrap_or_else(|refusal| refuse::<D>(&state, refusal, query.as_deref(), &headers));
    Snapshot::finish(snapshot).await;
    response
}

/// The typed parameters of a request for `D`: its `{id}` (without the path's suffix: 404
/// where the segment does not end in it) and its query.
fn read_params<D: Document>(
    id: Option<&str>,
    query: Option<&str>,
    headers: &HeaderMap,
) -> Result<D::Params, Refusal> {
    let id = match (id, route_of(D::PATH).1) {
        (Some(segment), Some(suffix)) => Some(segment.strip_suffix(suffix).ok_or_else(|| {
            Refusal::not_found(format!("no such path: this document is {}", D::PATH))
        })?),
        (id, _) => id,
    };
    let query = Query::parse(query, <D::Params as Params>::NAMES)?;
    D::Params::read(id, query, headers)
}

/// Version and tag of `programme`'s revision, 304 on a match, else the rendering (with `db`,
/// the request's snapshot of that revision, for a document that reads the database).
async fn answer<D: Document>(
    state: &AppState,
    headers: &HeaderMap,
    path: &str,
    params: &D::Params,
    programme: &Programme,
    db: Option<&DatabaseTransaction>,
) -> Result<Response, Refusal> {
    let (Some(version_row), Some(revision)) = (programme.version(), programme.revision()) else {
        return Err(crate::feeds::not_loaded());
    };
    let version = version_row.version.clone();
    // Set by every load and by the migration that added it; the epoch only for a row that
    // someone edited by hand.
    let revised_at = version_row.loaded_at.unwrap_or_default();
    let public_url = state.config.public_url();
    // Every input of the rendering names the representation; tracking parameters are not in
    // `params`, so they are not in the key.
    let representation = [
        path.to_owned(),
        format!("{params:?}"),
        D::MEDIA_TYPE.to_owned(),
        public_url.clone(),
    ];
    let key = caching::response_key(revision, representation, &state.schema_identity);
    let revalidated = caching::matching_tag(headers, &key);
    // `If-None-Match: *` matches only a representation that exists: it waits for the rendering
    // (a day, theme or id of nothing is still a 404). A named tag was issued for a 200.
    if let Some(tag) = revalidated
        .as_ref()
        .filter(|_| !caching::names_any(headers))
    {
        let mut response = not_modified::<D>(state, tag);
        add_version(&mut response, &version, revised_at);
        return Ok(response);
    }
    let source = Source {
        programme,
        db,
        publication: Publication {
            public_url: &public_url,
            revised_at,
            version: &version,
        },
    };
    let body = D::render(&source, params).await?;
    if let Some(tag) = &revalidated {
        let mut response = not_modified::<D>(state, tag);
        add_version(&mut response, &version, revised_at);
        return Ok(response);
    }
    let mut response = ([(header::CONTENT_TYPE, D::MEDIA_TYPE)], body).into_response();
    caching::cacheable(
        &mut response,
        &caching::etag(&key),
        &state.freshness,
        D::VARY,
    );
    add_headers::<D>(state, &mut response);
    if let Some(value) = D::file_name(params)
        .and_then(|name| HeaderValue::from_str(&format!("inline; filename=\"{name}\"")).ok())
    {
        response
            .headers_mut()
            .insert(header::CONTENT_DISPOSITION, value);
    }
    add_version(&mut response, &version, revised_at);
    Ok(response)
}

/// A refusal of a request for `D`: in the document's own form where it has one (with its
/// headers and `no-store`), else in the API's JSON error shape.
fn refuse<D: Document>(
    state: &AppState,
    refusal: Refusal,
    query: Option<&str>,
    headers: &HeaderMap,
) -> Response {
    let Some(page) = D::refusal_page(&refusal, query, headers) else {
        return refusal.into_response();
    };
    let status = refusal.code.status(MediaType::GraphqlResponseJson);
    let mut response = (status, [(header::CONTENT_TYPE, D::MEDIA_TYPE)], page).into_response();
    add_headers::<D>(state, &mut response);
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// 304 with the validators and headers of the answer it stands for.
fn not_modified<D: Document>(state: &AppState, tag: &str) -> Response {
    let mut response = caching::not_modified(tag, &state.freshness, D::VARY);
    add_headers::<D>(state, &mut response);
    response
}

fn add_headers<D: Document>(state: &AppState, response: &mut Response) {
    let headers = response.headers_mut();
    for (name, value) in D::headers(&state.config) {
        headers.insert(name, value);
    }
}

/// `Dataset-Version` (the version the document was rendered from, as `dataset { version }`
/// gives it) and `Dataset-Loaded-At` (RFC 3339, when that version was loaded).
/// `response` with the version and load time of `revision` (`VersionRow::revision`) in
/// `Dataset-Version` and `Dataset-Loaded-At`, as GraphQL answers and documents carry them.
pub(super) fn name_version(response: &mut Response, revision: &str) {
    let (version, loaded_at) = crate::store::snapshot::revision_parts(revision);
    add_version(response, version, loaded_at.unwrap_or_default());
}

fn add_version(response: &mut Response, version: &str, loaded_at: DateTime<Utc>) {
    let headers = response.headers_mut();
    if let Some(named) = headers
        .get(header::CONTENT_DISPOSITION)
        .and_then(|value| value.to_str().ok())
        .map(|value| versioned_file_name(value, publication::short_version(version)))
        && let Ok(value) = HeaderValue::from_str(&named)
    {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    if let Ok(value) = HeaderValue::from_str(version) {
        headers.insert(DATASET_VERSION, value);
    }
    if let Ok(value) = HeaderValue::from_str(&loaded_at.to_rfc3339_opts(SecondsFormat::Secs, true))
    {
        headers.insert(DATASET_LOADED_AT, value);
    }
}

/// `disposition` (`inline; filename="sessions.csv"`) with `short_version` before the file
/// name's extension (`sessions-b69a1ab24573.csv`), so that a file saved from a browser still
/// says which version it holds.
fn versioned_file_name(disposition: &str, short_version: &str) -> String {
    let Some((before, name)) = disposition.split_once("filename=\"") else {
        return disposition.to_owned();
    };
    let name = name.trim_end_matches('"');
    let named = match name.rsplit_once('.') {
        Some((stem, extension)) => format!("{stem}-{short_version}.{extension}"),
        None => format!("{name}-{short_version}"),
    };
    format!("{before}filename=\"{named}\"")
}

#[cfg(test)]
mod tests {
    use super::{route_of, versioned_file_name};

    #[test]
    fn a_file_name_carries_the_short_version_before_its_extension() {
        assert_eq!(
            versioned_file_name("inline; filename=\"sessions.csv\"", "b69a1ab24573"),
            "inline; filename=\"sessions-b69a1ab24573.csv\""
        );
        assert_eq!(
            versioned_file_name("inline; filename=\"pairings.geojson\"", "0c9c"),
            "inline; filename=\"pairings-0c9c.geojson\""
        );
        assert_eq!(versioned_file_name("inline", "0c9c"), "inline");
    }

    #[test]
    fn an_id_segment_with_a_suffix_routes_as_the_whole_segment() {
        assert_eq!(
            route_of("/sessions/{id}.ics"),
            ("/sessions/{id}".to_owned(), Some(".ics"))
        );
        assert_eq!(
            route_of("/schedule.ics"),
            ("/schedule.ics".to_owned(), None)
        );
    }
}
