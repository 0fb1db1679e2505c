//! Configuration: command-line options, each also readable from the environment.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

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
    /// Print the GraphQL schema (SDL), as recorded in `schema.graphql`.
    PrintSchema,
    /// Exit 0 if the service at `--listen` answers `/readyz` with 200 (for container health checks).
    Healthcheck,
}

/// Settings of the service.
#[derive(Debug, Clone, Args)]
pub struct Config {
    /// Address to listen on.
    #[arg(long = "listen", env = "LISTEN_ADDR", default_value = "127.0.0.1:8000")]
    pub listen: SocketAddr,
    /// Database URL: `sqlite://PATH?mode=rwc` or `postgres://...`.
    #[arg(long, env = "DATABASE_URL", default_value = DEFAULT_DATABASE_URL)]
    pub database_url: String,
    /// Log format.
    #[arg(long, env = "LOG_FORMAT", value_enum, default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,
}

/// How logs are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    /// Human-readable lines.
    Text,
    /// One JSON object a line.
    Json,
}
