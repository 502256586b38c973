//! What every request handler and the worker share.

use std::path::PathBuf;
use std::time::Duration;

use crosstalk_core::auth::SigningKey;
use crosstalk_core::storage::Storage;
use crosstalk_core::uploads::UploadLimits;
use sea_orm::DatabaseConnection;

use crate::metrics::Metrics;

#[derive(Clone)]
pub struct AppState {
    pub db: DatabaseConnection,
    /// The listing pool ([`crosstalk_core::db::connect_listings`]): thread pages, the moderation
    /// queue and the lookups by key around them (bearer authentication, the prompt, the course).
    /// `db` itself on SQLite.
    pub listing_db: DatabaseConnection,
    pub key: SigningKey,
    pub metrics: Metrics,
    pub storage: Storage,
    /// Where PATCH bodies and worker inputs are spooled before they go to the store.
    pub tmp_dir: PathBuf,
    /// Base of URLs handed to clients (`Location`, signed `/media/...`).
    pub public_url: String,
    pub upload_limits: UploadLimits,
    pub media_url_ttl: Duration,
    pub job_lease: Duration,
    pub job_backoff: Duration,
    pub worker_slots: usize,
    /// Sends notification mail (SMTP or .eml files under DATA/mail).
    pub mailer: crosstalk_core::mail::Mailer,
    pub digest_interval: Duration,
    pub delivery_backoff: Duration,
    pub webhook_allow_private: bool,
    /// `CROSSTALK_WEBHOOK_PROXY`; none: webhooks connect directly, whatever `HTTP(S)_PROXY` says.
    pub webhook_proxy: Option<crosstalk_core::notify::WebhookProxy>,
    /// Rate limits and upload quotas (`crate::limits`).
    pub limits: crate::limits::Limits,
}
