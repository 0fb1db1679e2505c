//! What every request handler shares.

use sea_orm::DatabaseConnection;

use crate::graphql::{ApiSchema, schema};

/// The application state: the database pool and the schema built over it.
#[derive(Clone)]
pub struct AppState {
    /// The database connection pool.
    pub db: DatabaseConnection,
    /// The GraphQL schema.
    pub schema: ApiSchema,
}

impl AppState {
    /// The state serving from `db`.
    pub fn new(db: DatabaseConnection) -> Self {
        Self {
            schema: schema(db.clone()),
            db,
        }
    }
}
