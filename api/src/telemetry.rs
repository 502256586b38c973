//! Logging: human-readable by default, JSON lines when `log_format = "json"`. No secret reaches a
//! log: the request span records a redacted target and no credential header, and every line
//! written is scrubbed ([`crate::redact`]).

use std::io::Write;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::HttpMessage as _;
use tracing::Span;
use tracing_actix_web::{DefaultRootSpanBuilder, RequestId, RootSpanBuilder};
use tracing_subscriber::fmt::format::FmtSpan;
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::EnvFilter;

use crate::redact;

pub fn init(format: &str) {
    use std::io::IsTerminal as _;
    init_with(format, std::io::stderr, std::io::stderr().is_terminal(), FmtSpan::NONE);
}

/// [`init`] writing to `writer`; `span_events` adds lines for spans (tests read the request
/// span's fields from its close line).
pub fn init_with<W>(format: &str, writer: W, ansi: bool, span_events: FmtSpan)
where
    W: for<'a> MakeWriter<'a> + Send + Sync + 'static,
{
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,sea_orm=warn"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(Scrubbed(writer))
        .with_span_events(span_events)
        .with_ansi(ansi);
    let _ = if format == "json" { builder.json().try_init() } else { builder.try_init() };
}

/// Writes each line through [`redact::scrub`]. The formatter writes one event in one call.
struct Scrubbed<W>(W);

impl<'a, W: MakeWriter<'a>> MakeWriter<'a> for Scrubbed<W> {
    type Writer = ScrubbedWriter<W::Writer>;

    fn make_writer(&'a self) -> Self::Writer {
        ScrubbedWriter(self.0.make_writer())
    }
}

pub struct ScrubbedWriter<W>(W);

impl<W: Write> Write for ScrubbedWriter<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let text = String::from_utf8_lossy(buf);
        self.0.write_all(redact::scrub(&text).as_bytes())?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush()
    }
}

/// The request span of `tracing-actix-web`, with the target's secret query values redacted and
/// without the client's headers (no `Authorization`, no `Cookie`).
pub struct RedactedRootSpan;

impl RootSpanBuilder for RedactedRootSpan {
    fn on_request_start(request: &ServiceRequest) -> Span {
        let method = request.method().as_str().to_owned();
        let route = request.match_pattern().unwrap_or_else(|| "default".into());
        let target = request.uri().path_and_query().map(|p| p.as_str()).unwrap_or("");
        let request_id = request.extensions().get::<RequestId>().map(ToString::to_string).unwrap_or_default();
        let user_agent = request.headers().get("User-Agent").and_then(|h| h.to_str().ok()).unwrap_or("");
        tracing::info_span!(
            "HTTP request",
            http.method = %method,
            http.route = %route,
            http.target = %redact::target(target),
            http.user_agent = %user_agent,
            http.status_code = tracing::field::Empty,
            otel.name = %format!("{method} {route}"),
            otel.kind = "server",
            otel.status_code = tracing::field::Empty,
            request_id = %request_id,
            exception.message = tracing::field::Empty,
            exception.details = tracing::field::Empty,
        )
    }

    fn on_request_end<B: MessageBody>(span: Span, outcome: &Result<ServiceResponse<B>, actix_web::Error>) {
        DefaultRootSpanBuilder::on_request_end(span, outcome);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};

    /// The span itself holds no secret: read through a writer that does not scrub.
    #[test]
    fn the_request_span_records_a_redacted_target_and_no_credentials() {
        let buf: Arc<Mutex<Vec<u8>>> = Arc::default();
        let sink = buf.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_writer(move || WriteTo(sink.clone()))
            .with_span_events(FmtSpan::CLOSE)
            .with_ansi(false)
            .finish();
        tracing::subscriber::with_default(subscriber, || {
            let req = actix_web::test::TestRequest::get()
                .uri("/media/videos/v/out.mp4?exp=9&sig=S3CR3T-SIG")
                .insert_header(("Authorization", "Bearer ctk_T0P"))
                .insert_header(("Cookie", "sid=C00KIE"))
                .to_srv_request();
            let span = RedactedRootSpan::on_request_start(&req);
            drop(span.enter());
        });
        let text = String::from_utf8_lossy(&buf.lock().unwrap_or_else(|e| e.into_inner())).into_owned();
        assert!(text.contains("http.target=/media/videos/v/out.mp4?exp=9&sig=[redacted]"), "{text}");
        for secret in ["S3CR3T", "ctk_T0P", "C00KIE"] {
            assert!(!text.contains(secret), "{secret} in {text}");
        }
    }

    struct WriteTo(Arc<Mutex<Vec<u8>>>);

    impl Write for WriteTo {
        fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap_or_else(|e| e.into_inner()).extend_from_slice(b);
            Ok(b.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
}
