//! Configuration: command-line options, each also readable from the environment.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::{ArgAction, Args, Parser, Subcommand, ValueEnum};

/// Where the service keeps its SQLite file unless told otherwise (created on first start).
pub const DEFAULT_DATABASE_URL: &str = "sqlite://var/cities-api.sqlite?mode=rwc";

/// The command line of the `cities-api` binary.
#[derive(Debug, Parser)]
#[command(
    name = "cities-api",
    version,
    about = "GraphQL API for the programme of the EU-Japan 100 Cities Event on Climate Action"
)]
pub struct Cli {
    /// What to do (default: serve).
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Options shared by every command.
    #[command(flatten)]
    pub config: Config,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the API (migrates, and loads the built-in dataset into an empty database).
    Serve,
    /// Validate the dataset files of a data folder and replace the programme with them.
    LoadData {
        /// The data folder (laid out like the repository's `data/`).
        #[arg(long, env = "DATA_DIR", default_value = "data")]
        data_dir: PathBuf,
    },
    /// Validate the dataset files of a data folder without touching any database.
    CheckData {
        /// The data folder (laid out like the repository's `data/`).
        #[arg(long, env = "DATA_DIR", default_value = "data")]
        data_dir: PathBuf,
    },
    /// Write the archive of the loaded dataset (what `GET /export/dataset.zip` serves, the same
    /// bytes) to a file, without a server.
    ExportDataset {
        /// Where to write it (`-` for standard output).
        #[arg(long)]
        out: PathBuf,
    },
    /// Print the GraphQL schema (SDL), as recorded in `schema.graphql`.
    PrintSchema,
    /// Exit 0 if the service at `--listen` answers `/readyz` with 200 (for container health checks).
    Healthcheck,
}

/// Settings of the service. `--listen`, `--database-url` and `--log-format` are global: every
/// command accepts them before or after its name, and lists them in its `--help`.
#[derive(Debug, Clone, Args)]
pub struct Config {
    /// Address to listen on.
    #[arg(
        long = "listen",
        env = "LISTEN_ADDR",
        default_value = "127.0.0.1:8000",
        global = true
    )]
    pub listen: SocketAddr,
    /// Database URL: `sqlite://PATH?mode=rwc` or `postgres://...`.
    #[arg(long, env = "DATABASE_URL", default_value = DEFAULT_DATABASE_URL, global = true)]
    pub database_url: String,
    /// Log format.
    #[arg(long, env = "LOG_FORMAT", value_enum, default_value_t = LogFormat::Text, global = true)]
    pub log_format: LogFormat,
    /// Serve from a database opened read-only (no migration, no load; the file must be ready).
    #[arg(long, env = "READ_ONLY", default_value_t = false, action = ArgAction::Set)]
    pub read_only: bool,
    /// Connections in the database pool (at least 2 on PostgreSQL: the start-up lock holds one
    /// while the migrations and the first load use another).
    #[arg(long, env = "DB_MAX_CONNECTIONS", default_value_t = 8)]
    pub db_max_connections: u32,
    /// How long a request may wait for a database connection when all are busy (first come,
    /// first served) before it is shed with 503 `SERVICE_OVERLOADED` and `Retry-After`, e.g.
    /// `2s`. Requests running statements at once: one fewer than `--db-max-connections` (one is
    /// kept for the service's own reads), at least one.
    #[arg(long, env = "DB_QUEUE_TIMEOUT", default_value = "2s", value_parser = parse_duration)]
    pub db_queue_timeout: Duration,
    /// Operation limits of the GraphQL endpoint.
    #[command(flatten)]
    pub limits: Limits,
    /// HTTP protections.
    #[command(flatten)]
    pub http: HttpSettings,
    /// Public surface: introspection, suggestions, GraphiQL, CORS.
    #[command(flatten)]
    pub surface: Surface,
    /// Calendar and schedule feeds, and the embeddable widget.
    #[command(flatten)]
    pub feeds: FeedSettings,
    /// Subscriptions over WebSocket (`GET /graphql` with `Upgrade: websocket`).
    #[command(flatten)]
    pub websocket: WebSocketSettings,
}

impl Config {
    /// The public base URL that feeds write (no trailing slash): `--public-url`, else `http://`
    /// and `--listen`, with `localhost` for an unspecified address (0.0.0.0, ::).
    pub fn public_url(&self) -> String {
        match &self.feeds.public_url {
            Some(url) => url.clone(),
            None if self.listen.ip().is_unspecified() => {
                format!("http://localhost:{}", self.listen.port())
            }
            None => format!("http://{}", self.listen),
        }
    }
}

impl Default for Config {
    /// The defaults, as the command line gives them with no flag and no variable.
    fn default() -> Self {
        Cli::parse_from(["cities-api"]).config
    }
}

/// Limits on one GraphQL request. Each answers with `OPERATION_LIMIT_EXCEEDED` and names
/// itself in `extensions.limit`.
#[derive(Debug, Clone, Args)]
pub struct Limits {
    /// Longest query document, in bytes (checked before parsing).
    #[arg(long, env = "MAX_QUERY_BYTES", default_value_t = 16 * 1024)]
    pub max_query_bytes: usize,
    /// Most lexical tokens in a query document (checked before parsing).
    #[arg(long, env = "MAX_QUERY_TOKENS", default_value_t = 2_000)]
    pub max_query_tokens: usize,
    /// Deepest selection nesting of data fields.
    #[arg(long, env = "MAX_DEPTH", default_value_t = 10)]
    pub max_depth: usize,
    /// Deepest nesting inside `__schema` and `__type` (the standard introspection query that
    /// codegen tools and GraphiQL send needs about 13).
    #[arg(long, env = "MAX_INTROSPECTION_DEPTH", default_value_t = 20)]
    pub max_introspection_depth: usize,
    /// Highest complexity: each field costs 1, a connection costs `first` times its selection,
    /// a list costs 10 times its selection.
    #[arg(long, env = "MAX_COMPLEXITY", default_value_t = 20_000)]
    pub max_complexity: usize,
    /// Most aliased fields in one document.
    #[arg(long, env = "MAX_ALIASES", default_value_t = 30)]
    pub max_aliases: usize,
    /// Most root fields in one operation.
    #[arg(long, env = "MAX_ROOT_FIELDS", default_value_t = 20)]
    pub max_root_fields: usize,
    /// Most directives on one field.
    #[arg(long, env = "MAX_DIRECTIVES_PER_FIELD", default_value_t = 4)]
    pub max_directives_per_field: usize,
    /// Deepest recursion of the parser (nested lists, objects and selections).
    #[arg(long, env = "MAX_RECURSION_DEPTH", default_value_t = 32)]
    pub max_recursion_depth: usize,
    /// Most operations in one batched request (a JSON array); 0 turns batching off.
    #[arg(long, env = "MAX_BATCH_SIZE", default_value_t = 0)]
    pub max_batch_size: usize,
    /// Largest answer, in bytes of its JSON body: an answer that grows past it is stopped
    /// while it executes and refused (`responseBytes`).
    #[arg(long, env = "MAX_RESPONSE_BYTES", default_value_t = DEFAULT_MAX_RESPONSE_BYTES)]
    pub max_response_bytes: usize,
}

/// The default of `--max-response-bytes`: eight times the largest legitimate answer measured
/// (graphql-js's full introspection query, about 131 KB).
pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 1024 * 1024;

/// Protections of the HTTP server.
#[derive(Debug, Clone, Args)]
pub struct HttpSettings {
    /// Largest request body, in bytes (413 beyond).
    #[arg(long, env = "MAX_BODY_BYTES", default_value_t = 64 * 1024)]
    pub max_body_bytes: usize,
    /// Longest time to answer one request (503 beyond), e.g. `10s`, `500ms`.
    #[arg(long, env = "REQUEST_TIMEOUT", default_value = "10s", value_parser = parse_duration)]
    pub request_timeout: Duration,
    /// Requests served at once; more are shed at once with 503 and `Retry-After`.
    #[arg(long, env = "MAX_CONCURRENT_REQUESTS", default_value_t = 512)]
    pub max_concurrent_requests: usize,
    /// Requests per second allowed to one client address; 0 turns rate limiting off.
    #[arg(long, env = "RATE_LIMIT_PER_SECOND", default_value_t = 0)]
    pub rate_limit_per_second: u32,
    /// Requests one client may send in a burst above its rate.
    #[arg(long, env = "RATE_LIMIT_BURST", default_value_t = 20)]
    pub rate_limit_burst: u32,
    /// How many proxies in front of the service append to `X-Forwarded-For`: 0 (default)
    /// counts each client by the peer address; N counts it by the N-th address from the right
    /// of `X-Forwarded-For` (what the outermost of N trusted proxies saw), so that a client
    /// cannot choose its own bucket by sending the header. A request with fewer addresses is
    /// counted by the leftmost one there is.
    #[arg(long, env = "TRUSTED_PROXIES", default_value_t = 0)]
    pub trusted_proxies: usize,
    /// Replaced by `--trusted-proxies`: refused with a message saying so.
    #[arg(long, env = "RATE_LIMIT_TRUST_FORWARDED_FOR", hide = true, value_parser = replaced_by_trusted_proxies)]
    pub rate_limit_trust_forwarded_for: Option<bool>,
    /// Longest time a connection may take to send a request's head, and that a kept-alive
    /// connection waits for its next request, e.g. `10s`; a connection that sends nothing is
    /// closed after it too.
    #[arg(long, env = "HEADER_READ_TIMEOUT", default_value = "10s", value_parser = parse_duration)]
    pub header_read_timeout: Duration,
    /// Connections open at once; beyond it new ones are closed at accept (counted in
    /// `http_connections_refused_total`).
    #[arg(long, env = "MAX_CONNECTIONS", default_value_t = 4096)]
    pub max_connections: usize,
    /// Largest request head, in bytes: an HTTP/1 request line and headers (431 beyond; at
    /// least 8192, hyper's smallest buffer), an HTTP/2 header list (the stream is refused
    /// beyond). At most 100 header fields on HTTP/1 (hyper's fixed limit).
    #[arg(long, env = "MAX_HEADER_BYTES", default_value_t = 64 * 1024)]
    pub max_header_bytes: u32,
    /// Streams (requests) one HTTP/2 connection may have open at once
    /// (`SETTINGS_MAX_CONCURRENT_STREAMS`).
    #[arg(long, env = "HTTP2_MAX_STREAMS", default_value_t = 100)]
    pub http2_max_streams: u32,
    /// Longest time a request's body may take to arrive in full, from its head, e.g. `5s`:
    /// beyond it the request is answered 408 `BODY_TIMEOUT` and gives up its place among
    /// `--max-concurrent-requests` (a total deadline: a body that drips a byte at a time
    /// passes any timeout between its frames).
    #[arg(long, env = "REQUEST_BODY_TIMEOUT", default_value = "5s", value_parser = parse_positive_duration)]
    pub request_body_timeout: Duration,
    /// Where `/metrics` is served: `service` (default: on the service's own address), an
    /// address of its own (e.g. `127.0.0.1:9100`, then not on the service's), or `off`.
    #[arg(long, env = "METRICS_LISTEN", default_value = "service", value_parser = parse_metrics_listen)]
    pub metrics_listen: MetricsListen,
    /// How long shared caches and browsers may keep a successful GET answer without asking
    /// again, e.g. `60s` (`Cache-Control: public, max-age=60`); `0s` (the default) answers
    /// `public, no-cache`: every use revalidates with its ETag (a 304 costs no statement), so a
    /// reload is seen at once. A content-addressed GET (`revision=`) is kept for good instead.
    #[arg(long, env = "CACHE_MAX_AGE", default_value = "0s", value_parser = parse_duration)]
    pub cache_max_age: Duration,
    /// Successful GraphQL answers kept in memory (least recently used go first), answered
    /// again without parsing or executing while the data version is the same; 0 turns the
    /// response cache off.
    #[arg(long, env = "RESPONSE_CACHE_SIZE", default_value_t = 1000)]
    pub response_cache_size: usize,
    /// Bytes of answers the response cache keeps at most.
    #[arg(long, env = "RESPONSE_CACHE_BYTES", default_value_t = 8 * 1024 * 1024)]
    pub response_cache_bytes: usize,
    /// How long this process trusts the data version it last read before reading it again,
    /// e.g. `1s`, `0s` (every request): the bound within which a reload (by `load-data`, or on
    /// another replica) reaches cached answers and ETags. Executed answers always read it.
    #[arg(long, env = "DATA_VERSION_MAX_AGE", default_value = "1s", value_parser = parse_duration)]
    pub data_version_max_age: Duration,
    /// After SIGTERM or Ctrl-C, how long in-flight requests may take, and WebSockets may drain
    /// before they close with 1001, before the process exits.
    #[arg(long, env = "SHUTDOWN_TIMEOUT", default_value = "20s", value_parser = parse_duration)]
    pub shutdown_timeout: Duration,
}

/// What the public endpoint reveals.
#[derive(Debug, Clone, Args)]
pub struct Surface {
    /// Answer introspection queries (a public read-only API keeps them on). Default: on, but
    /// off with `--trusted-documents-only` unless set.
    #[arg(long, env = "INTROSPECTION", action = ArgAction::Set)]
    pub introspection: Option<bool>,
    /// Suggest field names in validation errors ("Did you mean ...?").
    #[arg(long, env = "FIELD_SUGGESTIONS", default_value_t = true, action = ArgAction::Set)]
    pub field_suggestions: bool,
    /// Serve the GraphiQL playground at /graphiql. Default: on, but off with
    /// `--trusted-documents-only` unless set.
    #[arg(long, env = "GRAPHIQL", action = ArgAction::Set)]
    pub graphiql: Option<bool>,
    /// Origins allowed to read responses (CORS), comma-separated; `*` for any.
    #[arg(
        long,
        env = "CORS_ALLOWED_ORIGINS",
        default_value = "*",
        value_delimiter = ','
    )]
    pub cors_allowed_origins: Vec<String>,
    /// Request headers browsers may send (CORS preflight), comma-separated; `*` reflects
    /// whatever a preflight asks for. The default covers what GraphQL clients and tracing
    /// libraries send.
    #[arg(
        long,
        env = "CORS_ALLOWED_HEADERS",
        default_value = DEFAULT_CORS_ALLOWED_HEADERS,
        value_delimiter = ','
    )]
    pub cors_allowed_headers: Vec<String>,
    /// Documents of Automatic Persisted Queries kept (least recently used go first); 0 turns
    /// APQ off. Safe to lose: a client whose hash is unknown retries with the text.
    #[arg(long, env = "PERSISTED_QUERY_CACHE_SIZE", default_value_t = 1000)]
    pub persisted_query_cache_size: usize,
    /// Bytes of document text the APQ store keeps at most.
    #[arg(long, env = "PERSISTED_QUERY_CACHE_BYTES", default_value_t = 4 * 1024 * 1024)]
    pub persisted_query_cache_bytes: usize,
    /// A trusted-documents manifest loaded at start: Apollo's persisted-query manifest, or
    /// Relay's `{ "<id>": "<text>" }` map. Requested by hash (APQ) or `doc_id`.
    #[arg(long, env = "TRUSTED_DOCUMENTS")]
    pub trusted_documents: Option<PathBuf>,
    /// Refuse any document that is not in the trusted documents (`PERSISTED_QUERY_NOT_IN_LIST`).
    #[arg(long, env = "TRUSTED_DOCUMENTS_ONLY", default_value_t = false, action = ArgAction::Set)]
    pub trusted_documents_only: bool,
}

impl Surface {
    /// Whether introspection is answered: as set, else on unless trusted documents only.
    pub fn introspection_enabled(&self) -> bool {
        self.introspection.unwrap_or(!self.trusted_documents_only)
    }

    /// Whether GraphiQL is served: as set, else on unless trusted documents only.
    pub fn graphiql_enabled(&self) -> bool {
        self.graphiql.unwrap_or(!self.trusted_documents_only)
    }
}

/// Limits of the WebSocket transport (graphql-transport-ws, and graphql-ws for older clients).
#[derive(Debug, Clone, Args)]
pub struct WebSocketSettings {
    /// WebSockets open at once; a further upgrade is refused with 503 `SERVICE_OVERLOADED`
    /// (`extensions.limit`: `sockets`) and `Retry-After`. Each also holds one of
    /// `--max-connections`.
    #[arg(long, env = "WEBSOCKET_MAX_SOCKETS", default_value_t = 1024)]
    pub websocket_max_sockets: usize,
    /// Operations running at once on one socket; a further `subscribe` is answered with
    /// `OPERATION_LIMIT_EXCEEDED` (`extensions.limit`: `subscriptions`).
    #[arg(long, env = "WEBSOCKET_MAX_SUBSCRIPTIONS", default_value_t = 20)]
    pub websocket_max_subscriptions: usize,
    /// How long a new socket may take to send `connection_init` before it is closed with
    /// 4408, e.g. `10s`.
    #[arg(long, env = "WEBSOCKET_INIT_TIMEOUT", default_value = "10s", value_parser = parse_duration)]
    pub websocket_init_timeout: Duration,
    /// How often the service pings an open socket (a WebSocket ping frame); a socket that
    /// sent nothing, pong included, for a whole interval after a ping is closed with 3008.
    #[arg(long, env = "WEBSOCKET_PING_INTERVAL", default_value = "30s", value_parser = parse_positive_duration)]
    pub websocket_ping_interval: Duration,
    /// Largest message a client may send, in bytes; a larger one closes the socket with 1009.
    #[arg(long, env = "WEBSOCKET_MAX_MESSAGE_BYTES", default_value_t = 64 * 1024)]
    pub websocket_max_message_bytes: usize,
    /// Origins whose pages may open a socket, comma-separated; `*` for any. A request
    /// without `Origin` (not from a browser) is let in. Default: `--cors-allowed-origins`.
    #[arg(long, env = "WEBSOCKET_ALLOWED_ORIGINS", value_delimiter = ',')]
    pub websocket_allowed_origins: Option<Vec<String>>,
}

/// Settings of the feeds (`/schedule.ics`, `/schedule.xml`, ...) and of `/embed`.
#[derive(Debug, Clone, Args)]
pub struct FeedSettings {
    /// The service's public base URL, e.g. `https://programme.example.org` (a path prefix is
    /// kept): every absolute URL in the feeds starts with it, never with a request's `Host`.
    /// Default: `http://` and `--listen`.
    #[arg(long, env = "PUBLIC_URL", value_parser = parse_public_url)]
    pub public_url: Option<String>,
    /// Who may frame `/embed`: the `frame-ancestors` sources of its Content-Security-Policy,
    /// space-separated (e.g. `https://partner.example 'self'`); `*` for any site, `'none'` for
    /// no site.
    #[arg(long, env = "EMBED_FRAME_ANCESTORS", default_value = "*", value_parser = parse_frame_ancestors)]
    pub embed_frame_ancestors: String,
}

/// An absolute `http(s)` URL without query or fragment, returned without a trailing slash.
fn parse_public_url(text: &str) -> Result<String, String> {
    let text = text.trim();
    let refused = |why: &str| {
        format!("`{text}` is not a public base URL ({why}), e.g. https://programme.example.org")
    };
    let rest = text
        .strip_prefix("https://")
        .or_else(|| text.strip_prefix("http://"))
        .ok_or_else(|| refused("it must start with http:// or https://"))?;
    let host = rest.split('/').next().unwrap_or("");
    if host.is_empty() {
        return Err(refused("it names no host"));
    }
    if text.contains(['?', '#']) || text.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(refused("no query, fragment or white space"));
    }
    Ok(text.trim_end_matches('/').to_owned())
}

/// CSP source expressions: printable, without the `;` and `,` that would end the directive.
fn parse_frame_ancestors(text: &str) -> Result<String, String> {
    let sources: Vec<&str> = text.split_whitespace().collect();
    if sources.is_empty()
        || sources
            .iter()
            .any(|source| source.contains([';', ',']) || !source.is_ascii())
    {
        return Err(format!(
            "`{text}` is not a list of frame-ancestors sources (space-separated, e.g. `https://partner.example 'self'`, or `*`)"
        ));
    }
    Ok(sources.join(" "))
}

/// The request headers a browser may send by default: content negotiation, request ids,
/// Apollo's client awareness and CSRF-prevention headers, W3C trace context and baggage,
/// Sentry tracing, and authorization (for gateways in front of this public API).
pub const DEFAULT_CORS_ALLOWED_HEADERS: &str = "content-type,accept,x-request-id,if-none-match,\
apollographql-client-name,apollographql-client-version,apollo-require-preflight,\
x-apollo-operation-name,traceparent,tracestate,baggage,sentry-trace,authorization";

/// Where `/metrics` is served.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MetricsListen {
    /// On the service's own address, beside the API.
    Service,
    /// On an address of its own (and not on the service's).
    Address(SocketAddr),
    /// Nowhere.
    Off,
}

fn parse_metrics_listen(text: &str) -> Result<MetricsListen, String> {
    match text.trim() {
        "service" => Ok(MetricsListen::Service),
        "off" => Ok(MetricsListen::Off),
        address => address.parse().map(MetricsListen::Address).map_err(|_| {
            format!("`{text}` is not `service`, `off` or an address such as 127.0.0.1:9100")
        }),
    }
}

fn replaced_by_trusted_proxies(_: &str) -> Result<bool, String> {
    Err(
        "--rate-limit-trust-forwarded-for (RATE_LIMIT_TRUST_FORWARDED_FOR) is replaced by \
--trusted-proxies N (TRUSTED_PROXIES): the number of proxies in front of the service, whose \
addresses X-Forwarded-For ends with"
            .to_owned(),
    )
}

/// `250ms`, `10s`, `2m`, `1m 30s`: a duration with its unit (humantime's syntax).
fn parse_duration(text: &str) -> Result<Duration, String> {
    humantime::parse_duration(text.trim())
        .map_err(|e| format!("`{text}` is not a duration such as 500ms, 10s or 2m: {e}"))
}

/// A duration above zero.
fn parse_positive_duration(text: &str) -> Result<Duration, String> {
    match parse_duration(text)? {
        duration if duration.is_zero() => Err(format!("`{text}` must be longer than zero")),
        duration => Ok(duration),
    }
}

/// How logs are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    /// Human-readable lines.
    Text,
    /// One JSON object a line.
    Json,
}
