//! Delivery of rendered mail: SMTP (`smtp://`, `smtps://`) through lettre, or .eml files.

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{bail, Context as _};
use lettre::message::header::{HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Tls, TlsParameters};
use lettre::{AsyncSmtpTransport, AsyncTransport as _, Message, Tokio1Executor};
use percent_encoding::percent_decode_str;

use super::Rendered;

/// How long one SMTP command may take before the attempt counts as failed (transient).
const SMTP_TIMEOUT: Duration = Duration::from_secs(15);

/// A message to one member.
#[derive(Debug, Clone)]
pub struct Outgoing {
    pub to_email: String,
    pub to_name: String,
    pub rendered: Rendered,
    /// The Message-ID's local part, so that a resend of the same delivery carries the same id:
    /// `<{message_id}@crosstalk>`, with anything but `[A-Za-z0-9._-]` replaced by `_`. With the
    /// file transport it also names the file, so a resend overwrites rather than duplicates.
    pub message_id: String,
    /// One-click unsubscribe (RFC 8058): when set, `List-Unsubscribe: <url>` and
    /// `List-Unsubscribe-Post: List-Unsubscribe=One-Click` are added.
    pub unsubscribe_url: Option<String>,
    /// Extra headers, e.g. `("X-Crosstalk-Event", "evt_...")`.
    pub headers: Vec<(String, String)>,
}

/// Why a message was not delivered.
#[derive(Debug, thiserror::Error)]
pub enum SendError {
    /// Nothing was delivered and trying later may work (connection refused, timeout, 4xx reply,
    /// credentials refused: an operator can fix them).
    #[error("temporary mail failure: {0}")]
    Transient(String),
    /// The server refused the message for good (5xx: bad address...), or the message is invalid.
    #[error("permanent mail failure: {0}")]
    Permanent(String),
}

#[derive(Clone)]
enum Transport {
    Smtp { transport: AsyncSmtpTransport<Tokio1Executor>, described: String },
    Files { dir: PathBuf },
}

/// Sends [`Outgoing`] messages through SMTP or into a directory of .eml files.
#[derive(Clone)]
pub struct Mailer {
    transport: Transport,
    from: Mailbox,
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Mailer").field("transport", &self.describe()).field("from", &self.from.to_string()).finish()
    }
}

impl Mailer {
    /// The directory of .eml files when mail is written to files (no SMTP), for erasure.
    pub fn files_dir(&self) -> Option<&Path> {
        match &self.transport {
            Transport::Files { dir } => Some(dir),
            _ => None,
        }
    }

    /// `smtp_url`: `None` writes each message to `mail_dir/{message_id}.eml` (the directory is
    /// created if missing). `smtp://[user:pass@]host[:port]` speaks plain SMTP (port 25 by
    /// default; no TLS, for a relay on a trusted network or a test server);
    /// `smtps://[user:pass@]host[:port]` speaks SMTP over TLS from the first byte (port 465 by
    /// default), checking the certificate against the web PKI roots. User and password are
    /// percent-decoded. `from` is the sender, e.g. `Crosstalk <no-reply@crosstalk.localhost>`.
    pub fn new(smtp_url: Option<&str>, mail_dir: &Path, from: &str) -> anyhow::Result<Self> {
        let from: Mailbox = from.parse().with_context(|| format!("invalid mail sender address {from:?}"))?;
        let transport = match smtp_url.map(str::trim).filter(|u| !u.is_empty()) {
            None => {
                std::fs::create_dir_all(mail_dir)
                    .with_context(|| format!("creating the mail directory {}", mail_dir.display()))?;
                Transport::Files { dir: mail_dir.to_path_buf() }
            }
            Some(url) => smtp_transport(url)?,
        };
        Ok(Mailer { transport, from })
    }

    /// Where mail goes, without credentials: `smtp://host:port` or `files in DIR`.
    pub fn describe(&self) -> String {
        match &self.transport {
            Transport::Smtp { described, .. } => described.clone(),
            Transport::Files { dir } => format!("files in {}", dir.display()),
        }
    }

    /// Delivers one message. Nothing is retried here: a [`SendError::Transient`] is for the
    /// caller to try again later.
    #[tracing::instrument(skip_all, fields(message_id = %m.message_id, via = %self.describe()), err)]
    pub async fn send(&self, m: &Outgoing) -> Result<(), SendError> {
        let message = self.build(m)?;
        match &self.transport {
            Transport::Smtp { transport, .. } => {
                transport.send(message).await.map_err(classify)?;
            }
            Transport::Files { dir } => {
                let path = dir.join(format!("{}.eml", sanitize(&m.message_id)));
                write_atomically(&path, &message.formatted())
                    .await
                    .map_err(|e| SendError::Transient(format!("writing {}: {e}", path.display())))?;
            }
        }
        Ok(())
    }

    fn build(&self, m: &Outgoing) -> Result<Message, SendError> {
        let invalid = |what: &str, e: &dyn std::fmt::Display| SendError::Permanent(format!("{what}: {e}"));
        let address = m.to_email.trim().parse().map_err(|e| invalid("invalid recipient address", &e))?;
        let name = m.to_name.trim();
        let to = Mailbox::new((!name.is_empty()).then(|| name.to_owned()), address);
        let mut builder = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(m.rendered.subject.clone())
            .message_id(Some(format!("<{}@crosstalk>", sanitize(&m.message_id))))
            .raw_header(raw_header("Content-Language", m.rendered.lang)?);
        if let Some(url) = &m.unsubscribe_url {
            builder = builder
                .raw_header(raw_header("List-Unsubscribe", &format!("<{url}>"))?)
                .raw_header(raw_header("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")?);
        }
        for (name, value) in &m.headers {
            builder = builder.raw_header(raw_header(name, value)?);
        }
        builder
            .multipart(MultiPart::alternative_plain_html(m.rendered.text.clone(), m.rendered.html.clone()))
            .map_err(|e| invalid("building the message", &e))
    }
}

fn raw_header(name: &str, value: &str) -> Result<HeaderValue, SendError> {
    let name = HeaderName::new_from_ascii(name.to_owned())
        .map_err(|e| SendError::Permanent(format!("invalid header name {name:?}: {e}")))?;
    if value.contains(['\r', '\n']) {
        return Err(SendError::Permanent(format!("header {name} has a line break in its value")));
    }
    Ok(HeaderValue::new(name, value.to_owned()))
}

fn smtp_transport(url: &str) -> anyhow::Result<Transport> {
    let parsed = url::Url::parse(url)
        .context("CROSSTALK_SMTP_URL is not a URL (expected smtp://host:port or smtps://user:pass@host:port)")?;
    let host = parsed.host_str().filter(|h| !h.is_empty()).context("CROSSTALK_SMTP_URL has no host")?;
    // IPv6 literals come back bracketed; the socket layer wants them bare.
    let host = host.trim_start_matches('[').trim_end_matches(']').to_owned();
    let (tls, default_port) = match parsed.scheme() {
        "smtp" => (None, 25),
        "smtps" => (Some(TlsParameters::new(host.clone()).context("setting up TLS for SMTP")?), 465),
        other => bail!("CROSSTALK_SMTP_URL has scheme {other:?}; expected smtp:// or smtps://"),
    };
    let port = parsed.port().unwrap_or(default_port);
    let mut builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host.clone())
        .port(port)
        .timeout(Some(SMTP_TIMEOUT))
        .tls(tls.map_or(Tls::None, Tls::Wrapper));
    if !parsed.username().is_empty() {
        let user =
            percent_decode_str(parsed.username()).decode_utf8().context("CROSSTALK_SMTP_URL user is not UTF-8")?;
        let password = percent_decode_str(parsed.password().unwrap_or(""))
            .decode_utf8()
            .context("CROSSTALK_SMTP_URL password is not UTF-8")?;
        builder = builder.credentials(Credentials::new(user.into_owned(), password.into_owned()));
    }
    let described = if host.contains(':') {
        format!("{}://[{host}]:{port}", parsed.scheme())
    } else {
        format!("{}://{host}:{port}", parsed.scheme())
    };
    Ok(Transport::Smtp { transport: builder.build(), described })
}

/// Sorts lettre's errors: a 5xx reply is permanent, except a refusal of our credentials (an
/// operator can fix them, and the mail should go out then); everything else (no connection,
/// timeout, TLS, 4xx) may work later.
fn classify(e: lettre::transport::smtp::Error) -> SendError {
    let auth_refused =
        e.status().is_some_and(|code| matches!(code.to_string().as_str(), "530" | "534" | "535" | "538"));
    if e.is_permanent() && !auth_refused {
        SendError::Permanent(error_chain(&e))
    } else {
        SendError::Transient(error_chain(&e))
    }
}

fn error_chain(e: &dyn std::error::Error) -> String {
    let mut out = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        out.push_str(": ");
        out.push_str(&s.to_string());
        source = s.source();
    }
    out
}

/// Keeps `[A-Za-z0-9._-]`, replaces the rest with `_`: safe in a Message-ID and a file name.
fn sanitize(id: &str) -> String {
    let s: String =
        id.chars().map(|c| if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') { c } else { '_' }).collect();
    let s = s.trim_matches('.').to_owned();
    if s.is_empty() {
        "message".to_owned()
    } else {
        s
    }
}

/// Writes through a temporary file and a rename, so that a reader never sees half a message.
async fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let tmp = path.with_extension(format!("eml.{}.tmp", uuid::Uuid::new_v4().simple()));
    tokio::fs::write(&tmp, bytes).await?;
    if let Err(e) = tokio::fs::rename(&tmp, path).await {
        let _ = tokio::fs::remove_file(&tmp).await;
        return Err(e);
    }
    Ok(())
}
