//! The commands of the `cities-api` binary.

use std::process::ExitCode;

use crate::config::{Cli, Command};
use crate::dataset::{DatasetFiles, LoadOutcome};
use crate::{db, graphql, telemetry};

/// Runs the command line; the binary's `main` calls only this.
pub async fn main(cli: Cli) -> ExitCode {
    telemetry::init(cli.config.log_format);
    let outcome = match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => crate::run(cli.config.clone())
            .await
            .map_err(|e| e.to_string()),
        Command::PrintSchema => print_schema(),
        Command::Healthcheck => crate::healthcheck::check(cli.config.listen).await,
        Command::CheckData { data_dir } => check_data(&data_dir),
        Command::LoadData { data_dir } => load_data(&cli.config.database_url, &data_dir).await,
        Command::ExportDataset { out } => export_dataset(&cli.config, &out).await,
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

/// Writes the SDL to standard output (the one place the binary prints a result).
fn print_schema() -> Result<(), String> {
    use std::io::Write;
    std::io::stdout()
        .write_all(graphql::sdl().as_bytes())
        .map_err(|e| format!("cannot write the schema: {e}"))
}

/// Writes the archive of the dataset in `--database-url` to `out` (`-`: standard output).
async fn export_dataset(
    config: &crate::config::Config,
    out: &std::path::Path,
) -> Result<(), String> {
    use std::io::Write;
    let connection = db::connect(&config.database_url)
        .await
        .map_err(|e| e.to_string())?;
    let archive = crate::feeds::export::archive_of(&connection, &config.public_url()).await?;
    if out == std::path::Path::new("-") {
        return std::io::stdout()
            .write_all(&archive)
            .map_err(|e| format!("cannot write the archive: {e}"));
    }
    std::fs::write(out, &archive)
        .map_err(|e| format!("cannot write the archive to {}: {e}", out.display()))?;
    eprintln!("wrote {} ({} bytes)", out.display(), archive.len());
    Ok(())
}

fn check_data(data_dir: &std::path::Path) -> Result<(), String> {
    let dataset = DatasetFiles::from_dir(data_dir)
        .and_then(|files| files.validate())
        .map_err(|e| e.to_string())?;
    eprintln!(
        "valid: {} sessions, {} speakers, {} local governments (version {})",
        dataset.sessions.len(),
        dataset.speakers.len(),
        dataset.local_governments.len(),
        dataset.version
    );
    Ok(())
}

async fn load_data(database_url: &str, data_dir: &std::path::Path) -> Result<(), String> {
    // Validate before touching the database at all.
    let dataset = DatasetFiles::from_dir(data_dir)
        .and_then(|files| files.validate())
        .map_err(|e| e.to_string())?;
    let connection = db::connect(database_url).await.map_err(|e| e.to_string())?;
    <migration::Migrator as migration::MigratorTrait>::up(&connection, None)
        .await
        .map_err(|e| format!("cannot migrate the database: {e}"))?;
    match crate::dataset::load(&connection, &dataset)
        .await
        .map_err(|e| e.to_string())?
    {
        LoadOutcome::Unchanged { version } => {
            eprintln!("unchanged: the database already holds version {version}")
        }
        LoadOutcome::Replaced {
            version,
            sessions,
            speakers,
        } => {
            eprintln!("loaded version {version}: {sessions} sessions, {speakers} speakers");
        }
    }
    // The data is committed; make the file whole (no programme left in the WAL) so that it can
    // be served read-only or copied, then close the pool.
    match db::checkpoint(&connection).await {
        Ok(db::Checkpoint::Busy) => eprintln!(
            "note: the database file is open elsewhere (a running server?), so its WAL was not emptied; the data is committed"
        ),
        Ok(db::Checkpoint::Complete | db::Checkpoint::NotApplicable) => {}
        Err(e) => eprintln!("note: the WAL checkpoint failed ({e}); the data is committed"),
    }
    connection
        .close()
        .await
        .map_err(|e| format!("cannot close the database: {e}"))
}
