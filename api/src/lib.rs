//! The EU-Japan 100 Cities programme service: a GraphQL API over the event's programme.
//!
//! [`app`] builds the HTTP application (for tests and for [`run`]); [`cli::main`] is what the
//! binary runs.

pub mod cli;
pub mod config;
pub mod dataset;
pub mod db;
pub mod error;
pub mod graphql;
pub mod healthcheck;
pub mod routes;
pub mod state;
pub mod store;
pub mod telemetry;

pub use routes::app;
pub use state::AppState;

use config::Config;

/// Why the service stopped with an error.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    /// The database could not be prepared.
    #[error(transparent)]
    Startup(#[from] db::StartupError),
    /// The listening socket could not be opened or served.
    #[error("cannot serve on {addr}: {cause}")]
    Serve {
        /// The address.
        addr: std::net::SocketAddr,
        /// The system's message.
        cause: std::io::Error,
    },
}

/// Opens and prepares the database, then serves until Ctrl-C or SIGTERM.
pub async fn run(config: &Config) -> Result<(), RunError> {
    let db = db::connect(&config.database_url).await?;
    db::prepare(&db).await?;
    let listener = tokio::net::TcpListener::bind(config.listen)
        .await
        .map_err(|cause| RunError::Serve {
            addr: config.listen,
            cause,
        })?;
    tracing::info!(addr = %config.listen, database = db::backend_name(&db), "serving; GraphiQL at /graphiql");
    axum::serve(listener, app(AppState::new(db)))
        .with_graceful_shutdown(shutdown_signal())
        .await
        .map_err(|cause| RunError::Serve {
            addr: config.listen,
            cause,
        })
}

/// Resolves on Ctrl-C or SIGTERM.
async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = terminate => {}
    }
    tracing::info!("shutting down: finishing in-flight requests");
}
