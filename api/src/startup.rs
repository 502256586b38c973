//! Building and running the HTTP application.

use std::net::TcpListener;

use actix_web::dev::Server;
use actix_web::http::StatusCode;
use actix_web::middleware::{from_fn, ErrorHandlerResponse, ErrorHandlers};
use actix_web::{web, App, HttpRequest, HttpServer};
use anyhow::Context as _;
use crosstalk_core::auth::SigningKey;
use sea_orm::DatabaseConnection;
use secrecy::ExposeSecret as _;
use tracing_actix_web::TracingLogger;

use crate::config::Config;
use crate::error::problem;
use crate::metrics::Metrics;
use crate::state::AppState;
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
    let db = crosstalk_core::db::connect(&config.database_url()).await?;
    crosstalk_core::db::migrate(&db).await?;
    let media_dir = match config.storage_url().strip_prefix("file://") {
        Some(dir) => {
            std::fs::create_dir_all(dir).with_context(|| format!("creating media dir {dir}"))?;
            Some(dir.into())
        }
        None => anyhow::bail!("storage_url must be file://DIR (S3 storage is not available in this version)"),
    };
    let key = match &config.signing_secret {
        Some(s) if s.expose_secret().len() >= 32 => SigningKey::from_bytes(s.expose_secret().as_bytes()),
        Some(_) => anyhow::bail!("signing_secret must be at least 32 characters"),
        None => SigningKey::load_or_create(&db).await?,
    };
    Ok(AppState { db, key, metrics: Metrics::new()?, media_dir })
}

impl Application {
    pub async fn build(config: &Config) -> anyhow::Result<Self> {
        let state = prepare(config).await?;
        let listener = TcpListener::bind(&config.listen).with_context(|| format!("binding {}", config.listen))?;
        let port = listener.local_addr()?.port();
        let server = run(listener, state.clone(), config.max_json_bytes)?;
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

pub fn run(listener: TcpListener, state: AppState, max_json: usize) -> anyhow::Result<Server> {
    let data = web::Data::new(state);
    let server = HttpServer::new(move || {
        App::new()
            .app_data(data.clone())
            .app_data(web::JsonConfig::default().limit(max_json).error_handler(extract::json_error))
            .app_data(web::PayloadConfig::default().limit(max_json))
            .app_data(web::QueryConfig::default().error_handler(extract::query_error))
            .app_data(web::PathConfig::default().error_handler(extract::path_error))
            .wrap(from_fn(idempotency::idempotency))
            .wrap(ErrorHandlers::new().handler(StatusCode::METHOD_NOT_ALLOWED, rewrite_405))
            .wrap(from_fn(metrics::record))
            .wrap(TracingLogger::default())
            .configure(routes::configure)
            .default_service(web::to(not_found))
    })
    .listen(listener)?
    .run();
    Ok(server)
}
