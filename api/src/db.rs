//! Opening the database, migrating it, and loading the built-in dataset into an empty one.

use std::time::Duration;

use entity::dataset_version;
use migration::{Migrator, MigratorTrait};
use sea_orm::{ConnectOptions, Database, DatabaseConnection, DbBackend, EntityTrait};

use crate::config::DEFAULT_DATABASE_URL;
use crate::dataset::{DatasetFiles, LoadOutcome};

/// Why the database could not be prepared.
#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    /// The database could not be opened.
    #[error("cannot open the database {url}: {cause}")]
    Open {
        /// The URL, without credentials.
        url: String,
        /// The driver's message.
        cause: sea_orm::DbErr,
    },
    /// A migration failed.
    #[error("cannot migrate the database: {0}")]
    Migrate(sea_orm::DbErr),
    /// The built-in dataset could not be loaded.
    #[error("cannot load the built-in dataset: {0}")]
    Load(#[from] crate::dataset::DatasetError),
    /// The default data folder could not be created.
    #[error("cannot create the folder {folder}: {cause}")]
    Folder {
        /// The folder.
        folder: String,
        /// The system's message.
        cause: std::io::Error,
    },
}

/// Opens the database at `url`. SQLite gets WAL, a busy timeout and foreign keys.
pub async fn connect(url: &str) -> Result<DatabaseConnection, StartupError> {
    if url == DEFAULT_DATABASE_URL {
        std::fs::create_dir_all("var").map_err(|cause| StartupError::Folder {
            folder: "var".to_owned(),
            cause,
        })?;
    }
    let mut options = ConnectOptions::new(url.to_owned());
    options
        .max_connections(8)
        .min_connections(1)
        .acquire_timeout(Duration::from_secs(5))
        .sqlx_logging(false)
        .map_sqlx_sqlite_opts(|sqlite| {
            sqlite
                .journal_mode(sea_orm::sqlx::sqlite::SqliteJournalMode::Wal)
                .busy_timeout(Duration::from_secs(5))
                .foreign_keys(true)
        });
    Database::connect(options)
        .await
        .map_err(|cause| StartupError::Open {
            url: redact(url),
            cause,
        })
}

/// Applies pending migrations, then loads the built-in dataset if the database holds none.
pub async fn prepare(db: &DatabaseConnection) -> Result<(), StartupError> {
    Migrator::up(db, None)
        .await
        .map_err(StartupError::Migrate)?;
    let loaded = dataset_version::Entity::find_by_id(1)
        .one(db)
        .await
        .map_err(StartupError::Migrate)?;
    if loaded.is_none() {
        let dataset = DatasetFiles::embedded().validate()?;
        if let LoadOutcome::Replaced {
            version,
            sessions,
            speakers,
        } = crate::dataset::load(db, &dataset).await?
        {
            tracing::info!(%version, sessions, speakers, "loaded the built-in dataset into an empty database");
        }
    }
    Ok(())
}

/// The engine behind a connection, for log lines.
pub fn backend_name(db: &DatabaseConnection) -> &'static str {
    match db.get_database_backend() {
        DbBackend::Sqlite => "sqlite",
        DbBackend::Postgres => "postgres",
        _ => "other",
    }
}

/// `url` without a password, for messages.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            format!("{}://***{}", &url[..scheme], &url[at..])
        }
        _ => url.to_owned(),
    }
}
