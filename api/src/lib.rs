//! The EU-Japan 100 Cities programme service: a GraphQL API over the event's programme.
//!
//! [`app`] builds the HTTP application (for tests and for [`run`]); [`cli::main`] is what the
//! binary runs.

pub mod bootstrap;
pub mod bounded;
pub mod cli;
pub mod config;
pub mod dataset;
pub mod db;
pub mod error;
pub mod feeds;
pub mod graphql;
pub mod healthcheck;
pub mod http;
pub mod ids;
pub mod labels;
pub mod metrics;
pub mod store;
pub mod telemetry;
pub mod text;
pub mod zones;

pub use http::AppState;
pub use http::app;

use config::Config;

/// Why the service stopped with an error.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    /// The database could not be prepared.
    #[error(transparent)]
    Startup(#[from] db::StartupError),
    /// The trusted-documents manifest could not be loaded.
    #[error("{0}")]
    TrustedDocuments(String),
    /// The listening socket could not be opened or served.
    #[error("cannot serve on {addr}: {cause}")]
    Serve {
        /// The address.
        addr: std::net::SocketAddr,
        /// The system's message.
        cause: std::io::Error,
    },
}

/// Opens and prepares the database, then serves until Ctrl-C or SIGTERM. On the signal it
/// stops accepting, lets in-flight requests finish and WebSockets drain and close (1001) for
/// up to `shutdown_timeout`, and returns.
pub async fn run(config: Config) -> Result<(), RunError> {
    let shutdown = shutdown_signal();
    let options = db::OpenOptions {
        max_connections: config.db_max_connections,
        read_only: config.read_only,
    };
    let db = db::open(&config.database_url, options).await?;
    if config.read_only {
        db::check_ready(&db).await?;
    } else {
        bootstrap::prepare(&db).await?;
    }
    let addr = config.listen;
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|cause| RunError::Serve { addr, cause })?;
    let bound = http::server::bound_address(&listener, addr);
    // What it listens on (the port it was given where it asked for 0): the public URL's
    // default, and the address it logs.
    let mut config = config;
    config.listen = bound;
    let metrics_listener = match config.http.metrics_listen {
        config::MetricsListen::Address(metrics_addr) => Some(
            tokio::net::TcpListener::bind(metrics_addr)
                .await
                .map_err(|cause| RunError::Serve {
                    addr: metrics_addr,
                    cause,
                })?,
        ),
        config::MetricsListen::Service | config::MetricsListen::Off => None,
    };
    if let (Some(listener), config::MetricsListen::Address(configured)) =
        (&metrics_listener, config.http.metrics_listen)
    {
        let metrics_addr = http::server::bound_address(listener, configured);
        tracing::info!(addr = %metrics_addr, "serving /metrics");
    }
    tracing::info!(addr = %bound, database = db::backend_name(&db), read_only = config.read_only, public_url = %config.public_url(), "serving");
    let deadline = config.http.shutdown_timeout;
    let limits = http::server::ConnectionLimits {
        header_read_timeout: config.http.header_read_timeout,
        max_connections: config.http.max_connections,
        max_header_bytes: config.http.max_header_bytes,
        http2_max_streams: config.http.http2_max_streams,
    };
    let trusted = config
        .surface
        .trusted_documents
        .as_deref()
        .map(graphql::persisted::TrustedDocuments::load)
        .transpose()
        .map_err(RunError::TrustedDocuments)?;
    let state = AppState::new(db.clone(), config).with_trusted_documents(trusted);
    state.warm().await;
    let metrics = state.metrics.clone();
    let sockets = state.sockets.clone();
    let (signal, stopped) = tokio::sync::watch::channel(false);
    let until_stopped = |mut stopped: tokio::sync::watch::Receiver<bool>| async move {
        let _ = stopped.wait_for(|stop| *stop).await;
    };
    let metrics_server = metrics_listener.map(|listener| {
        let router = http::metrics_app(state.clone());
        let shutdown = until_stopped(stopped.clone());
        let metrics = metrics.clone();
        tokio::spawn(async move {
            http::server::serve(listener, router, limits, metrics, shutdown)
                .await
                .await;
        })
    });
    let closing = http::server::serve(
        listener,
        app(state),
        limits,
        metrics,
        until_stopped(stopped.clone()),
    );
    let signalled = async {
        shutdown.await;
        let _ = signal.send(true);
        // WebSockets are no longer hyper's: each drains, then closes with 1001.
        sockets.stop();
    };
    let (closing, ()) = tokio::join!(closing, signalled);
    let closed = async { tokio::join!(closing, sockets.all_closed()) };
    if tokio::time::timeout(deadline, closed).await.is_err() {
        tracing::warn!(
            ?deadline,
            "shutdown deadline passed with requests still in flight; exiting"
        );
    }
    if let Some(server) = metrics_server {
        server.abort();
    }
    if let Err(error) = db.close().await {
        tracing::warn!(%error, "closing the database pool");
    }
    tracing::info!("stopped");
    Ok(())
}
/// Installs the handlers of Ctrl-C and SIGTERM now, and resolves when either comes. Installed
/// before the service answers anything: a signal sent as soon as it answers (a test, an
/// orchestrator) must find the handler, not the default action that kills the process with no
/// shutdown.
fn shutdown_signal() -> impl std::future::Future<Output = ()> {
    #[cfg(unix)]
    let (interrupt, terminate) = {
        use tokio::signal::unix::{SignalKind, signal};
        (
            signal(SignalKind::interrupt()).ok(),
            signal(SignalKind::terminate()).ok(),
        )
    };
    async move {
        #[cfg(unix)]
        {
            let received = |signal: Option<tokio::signal::unix::Signal>| async move {
                match signal {
                    Some(mut signal) => {
                        signal.recv().await;
                    }
                    None => std::future::pending::<()>().await,
                }
            };
            tokio::select! {
                () = received(interrupt) => {}
                () = received(terminate) => {}
            }
        }
        #[cfg(not(unix))]
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
        tracing::info!("shutting down: finishing in-flight requests");
    }
}
