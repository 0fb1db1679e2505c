//! The GraphiQL playground, served from the service itself: GraphiQL 3's UMD build and React
//! 18's production files are built into the binary (`api/assets/graphiql/`, with their
//! licences), so the page works without internet. The page's one inline script is allowed by
//! its hash in a Content-Security-Policy that permits nothing else from anywhere.

use std::sync::OnceLock;

use axum::extract::Path;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use sha2::{Digest, Sha256};

use crate::error::Refusal;

/// Where the assets are served; the version makes them safe to cache for good.
const ASSETS: &str = "/graphiql/assets/3.8.3";

/// The vendored files: name, content type, bytes.
const FILES: [(&str, &str, &[u8]); 4] = [
    (
        "graphiql.min.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../assets/graphiql/graphiql.min.js"),
    ),
    (
        "graphiql.min.css",
        "text/css; charset=utf-8",
        include_bytes!("../../assets/graphiql/graphiql.min.css"),
    ),
    (
        "react.production.min.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../assets/graphiql/react.production.min.js"),
    ),
    (
        "react-dom.production.min.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../assets/graphiql/react-dom.production.min.js"),
    ),
];

/// What the editor opens with: a theme's sessions in Tokyo time.
const DEFAULT_QUERY: &str =
    "# The EU-Japan 100 Cities Event on Climate Action: a theme's sessions, in Tokyo time.
# Press the run button (or Ctrl-Enter); the Docs button lists every query.
{
  sessions(filter: { theme: \"energy-security-and-resilience\" }) {
    nodes {
      title
      startsAt(timeZone: \"Asia/Tokyo\")
      endsAt(timeZone: \"Asia/Tokyo\")
      speakers {
        name
        organisation { name }
        city { name nameJa }
      }
    }
  }
}
";

/// The page, and its Content-Security-Policy (with the hash of its inline script).
fn page() -> &'static (String, String) {
    static PAGE: OnceLock<(String, String)> = OnceLock::new();
    PAGE.get_or_init(|| {
        let default_query =
            serde_json::to_string(DEFAULT_QUERY).unwrap_or_else(|_| "\"\"".to_owned());
        let script = format!(
            "const root = ReactDOM.createRoot(document.getElementById('graphiql'));\
             root.render(React.createElement(GraphiQL, {{ \
             fetcher: GraphiQL.createFetcher({{ url: '/graphql' }}), \
             defaultQuery: {default_query}, defaultEditorToolsVisibility: true }}));"
        );
        let hash = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(&script));
        let html = format!(
            "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <title>EU-Japan 100 Cities API · GraphiQL</title>\n\
             <link rel=\"icon\" href=\"data:,\">\n\
             <link rel=\"stylesheet\" href=\"{ASSETS}/graphiql.min.css\">\n\
             <style>body {{ margin: 0; }} #graphiql {{ height: 100vh; }}</style>\n\
             </head>\n<body>\n<div id=\"graphiql\">Loading…</div>\n\
             <script src=\"{ASSETS}/react.production.min.js\"></script>\n\
             <script src=\"{ASSETS}/react-dom.production.min.js\"></script>\n\
             <script src=\"{ASSETS}/graphiql.min.js\"></script>\n\
             <script>{script}</script>\n</body>\n</html>\n"
        );
        // The editor sets inline styles, so styles may be inline; scripts only ours.
        let policy = format!(
            "default-src 'none'; script-src 'self' 'sha256-{hash}'; style-src 'self' 'unsafe-inline'; \
             img-src 'self' data:; font-src 'self' data:; connect-src 'self'; base-uri 'none'; \
             form-action 'none'; frame-ancestors 'none'"
        );
        (html, policy)
    })
}

/// `GET /graphiql`.
pub async fn playground() -> Response {
    let (html, policy) = page();
    let mut response = (
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        html.clone(),
    )
        .into_response();
    let headers = response.headers_mut();
    if let Ok(policy) = HeaderValue::from_str(policy) {
        headers.insert(header::CONTENT_SECURITY_POLICY, policy);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    response
}

/// `GET /graphiql/assets/3.8.3/{file}`: immutable, cached for a year.
pub async fn asset(Path(file): Path<String>) -> Response {
    match FILES.iter().find(|(name, _, _)| *name == file) {
        Some((_, content_type, bytes)) => (
            StatusCode::OK,
            [
                (header::CONTENT_TYPE, *content_type),
                (header::CACHE_CONTROL, "public, max-age=31536000, immutable"),
            ],
            *bytes,
        )
            .into_response(),
        None => Refusal::not_found("no such GraphiQL asset").into_response(),
    }
}

/// The route of the assets.
pub fn asset_route() -> String {
    format!("{ASSETS}/{{file}}")
}
