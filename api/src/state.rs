//! What every request handler shares.

use std::path::PathBuf;

use crosstalk_core::auth::SigningKey;
use sea_orm::DatabaseConnection;

use crate::metrics::Metrics;

#[derive(Clone)]
pub struct AppState {
    pub db: DatabaseConnection,
    pub key: SigningKey,
    pub metrics: Metrics,
    /// Root of the local media store (`file://` storage).
    pub media_dir: Option<PathBuf>,
}
