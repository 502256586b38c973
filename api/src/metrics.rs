//! Prometheus metrics: request counts and latencies by route.

use std::time::Instant;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::web;
use prometheus::{
    Encoder as _, Histogram, HistogramOpts, HistogramVec, IntCounter, IntCounterVec, IntGaugeVec, Opts, Registry,
    TextEncoder,
};

use crate::state::AppState;

#[derive(Clone)]
pub struct Metrics {
    pub registry: Registry,
    requests: IntCounterVec,
    latency: HistogramVec,
    /// Bytes received by tus PATCHes.
    pub upload_bytes: IntCounter,
    /// Jobs by state, refreshed from the database at each scrape.
    pub queue_depth: IntGaugeVec,
    /// Wall time of finished jobs by kind and outcome.
    pub job_seconds: HistogramVec,
    /// Transcode wall time divided by media duration.
    pub transcode_ratio: Histogram,
    /// Notification deliveries by channel and state, refreshed from the database at each scrape.
    pub deliveries: IntGaugeVec,
    /// What retention deleted: `original` uploads, `course` purges started.
    pub retention_deleted: IntCounterVec,
    /// Creations refused by a rate limit, by action and by whose limit (`member`, `team`).
    pub rate_limited: IntCounterVec,
    /// Uploads refused by a quota: `daily_upload_volume`, `course_storage`.
    pub quota_exceeded: IntCounterVec,
}

impl Metrics {
    pub fn new() -> anyhow::Result<Self> {
        let registry = Registry::new();
        let requests = IntCounterVec::new(
            Opts::new("crosstalk_http_requests_total", "HTTP requests by route, method and status"),
            &["method", "route", "status"],
        )?;
        let latency = HistogramVec::new(
            HistogramOpts::new("crosstalk_http_request_duration_seconds", "HTTP request latency by route")
                .buckets(vec![0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0]),
            &["method", "route"],
        )?;
        let upload_bytes = IntCounter::new("crosstalk_upload_bytes_total", "Bytes received by tus PATCH requests")?;
        let queue_depth = IntGaugeVec::new(Opts::new("crosstalk_jobs", "Jobs in the queue by state"), &["state"])?;
        let job_seconds = HistogramVec::new(
            HistogramOpts::new("crosstalk_job_duration_seconds", "Wall time of jobs by kind and outcome")
                .buckets(vec![0.1, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 180.0, 600.0]),
            &["kind", "outcome"],
        )?;
        let transcode_ratio = Histogram::with_opts(
            HistogramOpts::new(
                "crosstalk_transcode_seconds_per_media_second",
                "Transcode wall time per second of video",
            )
            .buckets(vec![0.01, 0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 4.0]),
        )?;
        let deliveries = IntGaugeVec::new(
            Opts::new("crosstalk_deliveries", "Mail and webhook deliveries by channel and state"),
            &["channel", "state"],
        )?;
        registry.register(Box::new(deliveries.clone()))?;
        let retention_deleted = IntCounterVec::new(
            Opts::new("crosstalk_retention_deleted_total", "Original uploads deleted and courses purged by retention"),
            &["kind"],
        )?;
        registry.register(Box::new(retention_deleted.clone()))?;
        let rate_limited = IntCounterVec::new(
            Opts::new("crosstalk_rate_limited_total", "Creations refused with 429 rate_limited, by action and scope"),
            &["action", "scope"],
        )?;
        registry.register(Box::new(rate_limited.clone()))?;
        let quota_exceeded = IntCounterVec::new(
            Opts::new(
                "crosstalk_quota_exceeded_total",
                "Uploads refused by the daily volume or the course storage quota",
            ),
            &["quota"],
        )?;
        registry.register(Box::new(quota_exceeded.clone()))?;
        registry.register(Box::new(requests.clone()))?;
        registry.register(Box::new(latency.clone()))?;
        registry.register(Box::new(upload_bytes.clone()))?;
        registry.register(Box::new(queue_depth.clone()))?;
        registry.register(Box::new(job_seconds.clone()))?;
        registry.register(Box::new(transcode_ratio.clone()))?;
        Ok(Metrics {
            registry,
            requests,
            latency,
            upload_bytes,
            queue_depth,
            job_seconds,
            transcode_ratio,
            deliveries,
            retention_deleted,
            rate_limited,
            quota_exceeded,
        })
    }

    pub fn render(&self) -> String {
        let mut buf = Vec::new();
        if let Err(e) = TextEncoder::new().encode(&self.registry.gather(), &mut buf) {
            tracing::warn!(error = %e, "encoding metrics");
        }
        String::from_utf8(buf).unwrap_or_default()
    }
}

/// Adds `Server-Timing: app;dur=<ms>` (W3C Server Timing) to every response: the time from the
/// request reaching the application (this middleware is the outermost) to its response being
/// ready -- handler, extractors, database and the JSON body serialized; not the socket write, nor
/// a streamed body (media, tus) after its head.
pub async fn server_timing(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let start = Instant::now();
    let mut res = next.call(req).await?;
    let dur = format!("app;dur={:.3}", start.elapsed().as_secs_f64() * 1000.0);
    if let Ok(v) = HeaderValue::from_str(&dur) {
        res.headers_mut().append(HeaderName::from_static("server-timing"), v);
    }
    Ok(res)
}

/// Records every request under its route pattern (never the raw path, which would explode cardinality).
pub async fn record(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let start = Instant::now();
    let route = req.match_pattern().unwrap_or_else(|| "unmatched".to_owned());
    let method = req.method().as_str().to_owned();
    let metrics = req.app_data::<web::Data<AppState>>().map(|s| s.metrics.clone());
    let res = next.call(req).await;
    if let Some(m) = metrics {
        let status = match &res {
            Ok(r) => r.status().as_u16(),
            Err(e) => e.as_response_error().status_code().as_u16(),
        };
        m.requests.with_label_values(&[method.as_str(), route.as_str(), &status.to_string()]).inc();
        m.latency.with_label_values(&[method.as_str(), route.as_str()]).observe(start.elapsed().as_secs_f64());
    }
    res
}
