//! Configuration: built-in defaults, then `crosstalk.toml` if present, then `CROSSTALK_*` env, then flags.

use std::path::{Path, PathBuf};

use anyhow::Context as _;
use figment::providers::{Env, Format as _, Serialized, Toml};
use figment::Figment;
use secrecy::{ExposeSecret as _, SecretString};
use serde::{Deserialize, Serialize};

pub const DEFAULT_FRAME_ANCESTORS: &str = "'self'";

/// `frame-ancestors` sources go into a header: no separators or control characters that could
/// end the directive or the header.
fn check_frame_ancestors(v: &str) -> anyhow::Result<()> {
    let ok = !v.trim().is_empty() && v.chars().all(|c| c.is_ascii_graphic() && c != ';' && c != ',' || c == ' ');
    anyhow::ensure!(ok, "frame_ancestors must be CSP sources separated by spaces, e.g. 'self' https://lms.example.org");
    Ok(())
}

pub const DEFAULT_MAIL_FROM: &str = "Crosstalk <no-reply@crosstalk.localhost>";

/// Every setting, with its env var and default (see the README's Configuration section).
#[derive(Debug, Clone, Deserialize)]
pub struct Config {
    /// CROSSTALK_DATA_DIR / `--data-dir`; default `./data`.
    pub data_dir: PathBuf,
    /// CROSSTALK_LISTEN / `--listen`; default `127.0.0.1:8080`.
    pub listen: String,
    /// CROSSTALK_DATABASE_URL; default `sqlite://DATA/crosstalk.db`.
    pub database_url: Option<SecretString>,
    /// CROSSTALK_DATABASE_POOL_SIZE: connections per process, default 10.
    pub database_pool_size: u32,
    /// CROSSTALK_DATABASE_ACQUIRE_TIMEOUT_MS: longest a request waits for a database connection
    /// before it gets 503 `database_unavailable`, default 3000.
    pub database_acquire_timeout_ms: u64,
    /// CROSSTALK_STORAGE_URL; default `file://DATA/media`.
    pub storage_url: Option<String>,
    /// CROSSTALK_SMTP_URL; default none (mail written as .eml files under DATA/mail).
    pub smtp_url: Option<SecretString>,
    /// CROSSTALK_PUBLIC_URL; default `http://LISTEN`.
    pub public_url: Option<String>,
    /// CROSSTALK_WORKER_SLOTS; default 1.
    pub worker_slots: u32,
    /// CROSSTALK_SIGNING_SECRET (or CROSSTALK_SIGNING_SECRET_FILE); default: created once and
    /// kept in the database so every instance shares it.
    pub signing_secret: Option<SecretString>,
    /// CROSSTALK_LOG_FORMAT: `text` (default) or `json`.
    pub log_format: String,
    /// CROSSTALK_MAX_JSON_BYTES: largest JSON body accepted, default 262144 (the roster PUT takes 16x).
    pub max_json_bytes: usize,
    /// CROSSTALK_UPLOAD_MAX_BYTES: Tus-Max-Size, default 2 GiB.
    pub upload_max_bytes: u64,
    /// CROSSTALK_UPLOADS_OPEN_PER_MEMBER: unfinished uploads a member may have, default 5.
    pub uploads_open_per_member: u64,
    /// CROSSTALK_UPLOAD_EXPIRY_HOURS: an unfinished upload expires after this, default 24.
    pub upload_expiry_hours: i64,
    /// CROSSTALK_MEDIA_URL_TTL_SECONDS: lifetime of signed playback URLs, default 3600.
    pub media_url_ttl_seconds: u64,
    /// CROSSTALK_JOB_LEASE_SECONDS: a claimed job is re-claimable this long after its last heartbeat, default 60.
    pub job_lease_seconds: u64,
    /// CROSSTALK_JOB_BACKOFF_SECONDS: first retry delay of a failed job (doubles each attempt), default 10.
    pub job_backoff_seconds: u64,
    /// CROSSTALK_MAIL_FROM: sender of notification mail, default `Crosstalk <no-reply@crosstalk.localhost>`.
    pub mail_from: String,
    /// CROSSTALK_DIGEST_INTERVAL_MINUTES: how often a facilitator may get the queue digest, default 1440 (daily).
    pub digest_interval_minutes: u64,
    /// CROSSTALK_DELIVERY_BACKOFF_SECONDS: first retry delay of a mail or webhook (doubles, at most 1 h, for 24 h), default 30.
    pub delivery_backoff_seconds: u64,
    /// CROSSTALK_WEBHOOK_ALLOW_PRIVATE: let webhooks target loopback and private addresses, default false.
    pub webhook_allow_private: bool,
    /// CROSSTALK_WEBHOOK_PROXY: `http(s)://[user:pass@]host:port` of a proxy for webhook requests;
    /// default none (webhooks connect directly: `HTTP_PROXY`/`HTTPS_PROXY` are not used for them).
    pub webhook_proxy: Option<SecretString>,
    /// CROSSTALK_FRAME_ANCESTORS: who may embed the pages in a frame (CSP `frame-ancestors`), default `'self'`;
    /// e.g. `'self' https://lms.example.org` for an LMS.
    pub frame_ancestors: String,
    /// CROSSTALK_RATE_LIMIT_WINDOW_SECONDS: the fixed window of the rate limits below, default 3600.
    pub rate_limit_window_seconds: u64,
    /// CROSSTALK_RATE_LIMIT_UPLOADS: uploads a member may create per window, default 120 (0: no limit).
    pub rate_limit_uploads: u64,
    /// CROSSTALK_RATE_LIMIT_POSTS: answers to prompts a member may post per window, default 60.
    pub rate_limit_posts: u64,
    /// CROSSTALK_RATE_LIMIT_REPLIES: replies a member may post per window, default 300.
    pub rate_limit_replies: u64,
    /// CROSSTALK_RATE_LIMIT_FLAGS: flags a member may raise per window, default 120.
    pub rate_limit_flags: u64,
    /// CROSSTALK_RATE_LIMIT_SIGN_IN_LINKS: sign-in links a team may mint for one member per window, default 60.
    pub rate_limit_sign_in_links: u64,
    /// CROSSTALK_RATE_LIMIT_TEAM: creations of each kind above by a team and all its members per window,
    /// default 100000.
    pub rate_limit_team: u64,
    /// CROSSTALK_UPLOAD_DAILY_BYTES: bytes of uploads (their Upload-Length) a member may start per UTC day,
    /// default 20 GiB (0: no limit).
    pub upload_daily_bytes: u64,
    /// CROSSTALK_COURSE_STORAGE_BYTES: what a course may hold (uploads, originals, videos), default 1 TiB
    /// (0: no limit).
    pub course_storage_bytes: u64,
}

#[derive(Serialize)]
struct Defaults {
    data_dir: PathBuf,
    listen: String,
    database_pool_size: u32,
    database_acquire_timeout_ms: u64,
    worker_slots: u32,
    log_format: String,
    max_json_bytes: usize,
    upload_max_bytes: u64,
    uploads_open_per_member: u64,
    upload_expiry_hours: i64,
    media_url_ttl_seconds: u64,
    job_lease_seconds: u64,
    job_backoff_seconds: u64,
    mail_from: String,
    digest_interval_minutes: u64,
    delivery_backoff_seconds: u64,
    webhook_allow_private: bool,
    frame_ancestors: String,
    rate_limit_window_seconds: u64,
    rate_limit_uploads: u64,
    rate_limit_posts: u64,
    rate_limit_replies: u64,
    rate_limit_flags: u64,
    rate_limit_sign_in_links: u64,
    rate_limit_team: u64,
    upload_daily_bytes: u64,
    course_storage_bytes: u64,
}

/// Values given on the command line, applied last.
#[derive(Debug, Default, Clone, Serialize)]
pub struct Overrides {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data_dir: Option<PathBuf>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub listen: Option<String>,
}

impl Config {
    /// Loads the layers; `config_file` defaults to `./crosstalk.toml` (skipped when absent).
    pub fn load(config_file: Option<&Path>, overrides: &Overrides) -> anyhow::Result<Self> {
        let defaults = Defaults {
            data_dir: PathBuf::from("./data"),
            listen: "127.0.0.1:8080".into(),
            database_pool_size: 10,
            database_acquire_timeout_ms: 3000,
            worker_slots: 1,
            log_format: "text".into(),
            max_json_bytes: 256 * 1024,
            upload_max_bytes: 2 << 30,
            uploads_open_per_member: 5,
            upload_expiry_hours: 24,
            media_url_ttl_seconds: 3600,
            job_lease_seconds: 60,
            job_backoff_seconds: 10,
            mail_from: DEFAULT_MAIL_FROM.into(),
            digest_interval_minutes: 1440,
            delivery_backoff_seconds: 30,
            webhook_allow_private: false,
            frame_ancestors: DEFAULT_FRAME_ANCESTORS.into(),
            rate_limit_window_seconds: 3600,
            rate_limit_uploads: 120,
            rate_limit_posts: 60,
            rate_limit_replies: 300,
            rate_limit_flags: 120,
            rate_limit_sign_in_links: 60,
            rate_limit_team: 100_000,
            upload_daily_bytes: 20 << 30,
            course_storage_bytes: 1 << 40,
        };
        let file = config_file.map_or_else(|| PathBuf::from("crosstalk.toml"), Path::to_path_buf);
        if config_file.is_some() && !file.exists() {
            anyhow::bail!("config file {} does not exist", file.display());
        }
        let mut config: Config = Figment::new()
            .merge(Serialized::defaults(defaults))
            .merge(Toml::file(&file))
            .merge(Env::prefixed("CROSSTALK_").ignore(&["test_database_url"]))
            .merge(Serialized::defaults(overrides))
            .extract()
            .context("reading configuration")?;
        if config.signing_secret.is_none() {
            if let Ok(path) = std::env::var("CROSSTALK_SIGNING_SECRET_FILE") {
                let s = std::fs::read_to_string(&path).with_context(|| format!("reading {path}"))?;
                config.signing_secret = Some(SecretString::from(s.trim().to_owned()));
            }
        }
        if config.worker_slots == 0 || config.worker_slots > 64 {
            anyhow::bail!("worker_slots must be between 1 and 64");
        }
        if config.job_lease_seconds < 3 || config.upload_expiry_hours < 1 || config.media_url_ttl_seconds < 10 {
            anyhow::bail!(
                "job_lease_seconds >= 3, upload_expiry_hours >= 1 and media_url_ttl_seconds >= 10 are required"
            );
        }
        config.webhook_proxy().context("webhook_proxy")?;
        check_frame_ancestors(&config.frame_ancestors)?;
        if config.rate_limit_window_seconds == 0 {
            anyhow::bail!("rate_limit_window_seconds must be at least 1");
        }
        if !(100..=60_000).contains(&config.database_acquire_timeout_ms) {
            anyhow::bail!("database_acquire_timeout_ms must be between 100 and 60000");
        }
        if config.digest_interval_minutes == 0 {
            anyhow::bail!("digest_interval_minutes must be at least 1");
        }
        Ok(config)
    }

    /// Defaults for a given data dir, as tests and `--data-dir` want them.
    pub fn for_data_dir(data_dir: &Path) -> Self {
        Config {
            data_dir: data_dir.to_path_buf(),
            listen: "127.0.0.1:0".into(),
            database_url: None,
            database_pool_size: 4,
            database_acquire_timeout_ms: 3000,
            storage_url: None,
            smtp_url: None,
            public_url: None,
            worker_slots: 1,
            signing_secret: None,
            log_format: "text".into(),
            max_json_bytes: 256 * 1024,
            upload_max_bytes: 2 << 30,
            uploads_open_per_member: 5,
            upload_expiry_hours: 24,
            media_url_ttl_seconds: 3600,
            job_lease_seconds: 60,
            job_backoff_seconds: 10,
            mail_from: DEFAULT_MAIL_FROM.into(),
            digest_interval_minutes: 1440,
            delivery_backoff_seconds: 30,
            webhook_allow_private: false,
            webhook_proxy: None,
            frame_ancestors: DEFAULT_FRAME_ANCESTORS.into(),
            rate_limit_window_seconds: 3600,
            rate_limit_uploads: 120,
            rate_limit_posts: 60,
            rate_limit_replies: 300,
            rate_limit_flags: 120,
            rate_limit_sign_in_links: 60,
            rate_limit_team: 100_000,
            upload_daily_bytes: 20 << 30,
            course_storage_bytes: 1 << 40,
        }
    }

    /// The webhook proxy, checked (a malformed URL stops the process at start).
    pub fn webhook_proxy(&self) -> anyhow::Result<Option<crosstalk_core::notify::WebhookProxy>> {
        self.webhook_proxy.as_ref().map(|u| crosstalk_core::notify::WebhookProxy::parse(u.expose_secret())).transpose()
    }

    pub fn database_url(&self) -> String {
        match &self.database_url {
            Some(u) => u.expose_secret().to_owned(),
            None => format!("sqlite://{}", self.data_dir.join("crosstalk.db").display()),
        }
    }

    pub fn public_url(&self) -> String {
        self.public_url.clone().unwrap_or_else(|| format!("http://{}", self.listen)).trim_end_matches('/').to_owned()
    }

    pub fn storage_url(&self) -> String {
        self.storage_url.clone().unwrap_or_else(|| format!("file://{}", self.data_dir.join("media").display()))
    }
}
