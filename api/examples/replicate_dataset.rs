//! Loads the programme repeated many times into a database, for the benchmark harness's
//! cost-growth run (`bench/grow.sh`; see `Dataset::replicated`). Not part of the service.
//!
//! ```text
//! cargo run --release --example replicate_dataset -- --copies 299 \
//!     --database-url 'sqlite://grown.sqlite?mode=rwc'
//! ```

use std::path::PathBuf;
use std::process::ExitCode;

use api::dataset::DatasetFiles;
use clap::Parser;

/// Loads `--copies` extra copies of the programme of `--data-dir` into `--database-url`.
#[derive(Debug, Parser)]
struct Args {
    /// Extra copies of the programme (299: the programme 300 times).
    #[arg(long)]
    copies: usize,
    /// The database to migrate and load.
    #[arg(long)]
    database_url: String,
    /// The dataset folder.
    #[arg(long, default_value = "data")]
    data_dir: PathBuf,
}

#[tokio::main]
async fn main() -> ExitCode {
    match run(Args::parse()).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn run(args: Args) -> Result<(), String> {
    let dataset = DatasetFiles::from_dir(&args.data_dir)
        .and_then(|files| files.validate())
        .map_err(|e| e.to_string())?
        .replicated(args.copies);
    let connection = api::db::connect(&args.database_url)
        .await
        .map_err(|e| e.to_string())?;
    <migration::Migrator as migration::MigratorTrait>::up(&connection, None)
        .await
        .map_err(|e| format!("cannot migrate the database: {e}"))?;
    api::dataset::replace(&connection, &dataset)
        .await
        .map_err(|e| e.to_string())?;
    eprintln!(
        "loaded {} sessions, {} speakers, {} local governments, {} pairings",
        dataset.sessions.len(),
        dataset.speakers.len(),
        dataset.local_governments.len(),
        dataset.derived.pairings.len()
    );
    connection.close().await.map_err(|e| e.to_string())
}
