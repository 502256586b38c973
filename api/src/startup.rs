//! Building and running the HTTP application.

use std::net::TcpListener;

use actix_web::dev::Server;
use actix_web::http::StatusCode;
use actix_web::middleware::{from_fn, ErrorHandlerResponse, ErrorHandlers};
use actix_web::{web, App, HttpRequest, HttpServer};
use anyhow::Context as _;
use std::time::Duration;

use crosstalk_core::auth::SigningKey;
use crosstalk_core::storage::Storage;
use crosstalk_core::uploads::UploadLimits;
use crosstalk_web::WebState;
use sea_orm::DatabaseConnection;
use secrecy::ExposeSecret as _;
use tracing_actix_web::TracingLogger;

use crate::config::Config;
use crate::error::problem;
use crate::metrics::Metrics;
use crate::state::AppState;
use crate::telemetry::RedactedRootSpan;
use crate::{extract, idempotency, metrics, routes};

pub struct Application {
    port: u16,
    server: Server,
    pub state: AppState,
}

/// Connects and migrates the database, creates the data directories and loads the signing key.
pub async fn prepare(config: &Config) -> anyhow::Result<AppState> {
    std::fs::create_dir_all(&config.data_dir)
        .with_context(|| format!("creating data dir {}", config.data_dir.display()))?;
    let acquire = Duration::from_millis(config.database_acquire_timeout_ms);
    let db = crosstalk_core::db::connect_with(&config.database_url(), config.database_pool_size, acquire).await?;
    crosstalk_core::db::migrate(&db).await?;
    let listing_db =
        crosstalk_core::db::connect_listings(&db, &config.database_url(), config.database_pool_size, acquire).await?;
    let storage = Storage::from_url(&config.storage_url()).await?;
    let tmp_dir = match &storage {
        // Same filesystem as the store, so a finished part is moved into place, not copied.
        Storage::Local(s) => s.temp_dir(),
        Storage::S3(_) => config.data_dir.join("tmp"),
    };
    std::fs::create_dir_all(&tmp_dir).with_context(|| format!("creating {}", tmp_dir.display()))?;
    let key = match &config.signing_secret {
        Some(s) if s.expose_secret().len() >= 32 => SigningKey::from_bytes(s.expose_secret().as_bytes()),
        Some(_) => anyhow::bail!("signing_secret must be at least 32 characters"),
        None => SigningKey::load_or_create(&db).await?,
    };
    let sealed = crosstalk_core::idempotency::seal_plain_bodies(&db, &key)
        .await
        .context("sealing stored idempotent responses")?;
    let sealed_hooks =
        crosstalk_core::webhook_secret::seal_plain(&db, &key).await.context("sealing stored webhook secrets")?;
    if sealed + sealed_hooks > 0 {
        tracing::info!(sealed, sealed_hooks, "sealed what an earlier version stored in plain text");
    }
    let smtp_url = config.smtp_url.as_ref().map(|u| u.expose_secret().to_owned());
    let mailer =
        crosstalk_core::mail::Mailer::new(smtp_url.as_deref(), &config.data_dir.join("mail"), &config.mail_from)
            .context("configuring mail (CROSSTALK_SMTP_URL)")?;
    Ok(AppState {
        db,
        listing_db,
        key,
        metrics: Metrics::new()?,
        storage,
        tmp_dir,
        public_url: config.public_url(),
        upload_limits: UploadLimits {
            max_size: config.upload_max_bytes,
            max_open_per_member: config.uploads_open_per_member,
            expires_after: chrono::Duration::hours(config.upload_expiry_hours),
        },
        media_url_ttl: Duration::from_secs(config.media_url_ttl_seconds),
        job_lease: Duration::from_secs(config.job_lease_seconds),
        job_backoff: Duration::from_secs(config.job_backoff_seconds),
        worker_slots: config.worker_slots as usize,
        mailer,
        digest_interval: Duration::from_secs(config.digest_interval_minutes * 60),
        delivery_backoff: Duration::from_secs(config.delivery_backoff_seconds),
        webhook_allow_private: config.webhook_allow_private,
        webhook_proxy: config.webhook_proxy()?,
        limits: crate::limits::Limits::from_config(config),
    })
}

impl Application {
    pub async fn build(config: &Config) -> anyhow::Result<Self> {
        Self::with_state(config, prepare(config).await?)
    }

    /// Serves an already prepared state (database migrated, store open).
    pub fn with_state(config: &Config, mut state: AppState) -> anyhow::Result<Self> {
        let listener = TcpListener::bind(&config.listen).with_context(|| format!("binding {}", config.listen))?;
        let port = listener.local_addr()?.port();
        if config.public_url.is_none() {
            // With `listen = ...:0` only the bound socket knows the port.
            state.public_url = format!("http://{}", listener.local_addr()?);
        }
        let pages = crate::pages::web_state(&state, config);
        let server = run(listener, state.clone(), pages, config.max_json_bytes)?;
        Ok(Application { port, server, state })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn db(&self) -> &DatabaseConnection {
        &self.state.db
    }

    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.server.await
    }
}

fn rewrite_405<B>(res: actix_web::dev::ServiceResponse<B>) -> actix_web::Result<ErrorHandlerResponse<B>> {
    let is_problem = res
        .headers()
        .get(actix_web::http::header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/problem+json"));
    if is_problem {
        return Ok(ErrorHandlerResponse::Response(res.map_into_left_body()));
    }
    let (req, _) = res.into_parts();
    let body = problem(StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed", "this method is not allowed on this path");
    Ok(ErrorHandlerResponse::Response(actix_web::dev::ServiceResponse::new(req, body).map_into_right_body()))
}

async fn not_found(_req: HttpRequest) -> actix_web::HttpResponse {
    problem(StatusCode::NOT_FOUND, "not_found", "no such endpoint")
}

pub fn run(listener: TcpListener, state: AppState, pages: WebState, max_json: usize) -> anyhow::Result<Server> {
    let data = web::Data::new(state);
    let pages = web::Data::new(pages);
    let server = HttpServer::new(move || {
        App::new()
            .app_data(data.clone())
            .app_data(pages.clone())
            .app_data(web::JsonConfig::default().limit(max_json).error_handler(extract::json_error))
            .app_data(web::PayloadConfig::default().limit(max_json))
            .app_data(web::QueryConfig::default().error_handler(extract::query_error))
            .app_data(web::PathConfig::default().error_handler(extract::path_error))
            .wrap(from_fn(idempotency::idempotency))
            .wrap(ErrorHandlers::new().handler(StatusCode::METHOD_NOT_ALLOWED, rewrite_405))
            .wrap(from_fn(metrics::record))
            .wrap(TracingLogger::<RedactedRootSpan>::new())
            .wrap(from_fn(metrics::server_timing))
            .configure(routes::configure)
            .configure(crosstalk_web::configure)
            .default_service(web::to(not_found))
    })
    .listen(listener)?
    .run();
    Ok(server)
}
