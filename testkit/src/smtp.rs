//! An in-process SMTP server for tests, and helpers to read the messages it received.
//!
//! The SMTP conversation is `mailin`'s state machine (the engine of `mailin-embedded`); the
//! socket loop is ours, because `mailin_embedded::Server::serve` runs forever and never frees
//! its port, and tests need "the mail server goes down, then comes back on the same port":
//!
//! ```no_run
//! # fn demo() -> anyhow::Result<()> {
//! let smtp = crosstalk_testkit::start_smtp()?;
//! let url = smtp.url(); // smtp://127.0.0.1:PORT, for crosstalk_core::mail::Mailer::new
//! let addr = smtp.addr;
//! smtp.stop(); // connections are now refused
//! let smtp = crosstalk_testkit::smtp::start_smtp_on(addr)?; // back, same port
//! # Ok(()) }
//! ```
//!
//! It speaks plain SMTP (no STARTTLS). [`start_smtp_with_auth`] requires AUTH PLAIN or LOGIN
//! with [`SMTP_USER`] / [`SMTP_PASSWORD`]. Dropping the server stops it.

use std::collections::HashSet;
use std::io::{BufRead, BufReader, ErrorKind, Write};
use std::net::{IpAddr, Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::Duration;

use anyhow::Context as _;
use mailin::{response, AuthMechanism, Handler, Response, SessionBuilder};

/// User accepted by [`start_smtp_with_auth`].
pub const SMTP_USER: &str = "crosstalk-mailer";
/// Password accepted by [`start_smtp_with_auth`]; it needs percent-encoding in a URL.
pub const SMTP_PASSWORD: &str = "s3cret p@ss/word";

/// How often the accept loop and idle sessions look at the stop flag.
const POLL: Duration = Duration::from_millis(20);

/// One message as the server received it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceivedMail {
    /// Envelope sender (MAIL FROM).
    pub from: String,
    /// Envelope recipients (RCPT TO).
    pub to: Vec<String>,
    /// The raw RFC 5322 message, dot-unstuffed, with CRLF line ends.
    pub data: Vec<u8>,
}

#[derive(Default)]
struct Shared {
    received: Mutex<Vec<ReceivedMail>>,
    refused_recipients: Mutex<HashSet<String>>,
    stop: AtomicBool,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panicking session thread must not hide the mail already received.
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// A running SMTP server on 127.0.0.1. Dropping it (or [`SmtpServer::stop`]) closes the
/// listening socket and every open session, so the port refuses connections and can be bound again.
pub struct SmtpServer {
    pub addr: SocketAddr,
    /// Whether AUTH is required (see [`start_smtp_with_auth`]).
    pub auth: bool,
    shared: Arc<Shared>,
    thread: Option<JoinHandle<()>>,
}

impl SmtpServer {
    /// `smtp://127.0.0.1:PORT`, with the test credentials when the server requires them.
    pub fn url(&self) -> String {
        if self.auth {
            format!("smtp://{SMTP_USER}:{}@{}", percent_encode(SMTP_PASSWORD), self.addr)
        } else {
            format!("smtp://{}", self.addr)
        }
    }

    /// Every message received so far, oldest first.
    pub fn received(&self) -> Vec<ReceivedMail> {
        lock(&self.shared.received).clone()
    }

    /// Answers `550 Mailbox unavailable` to RCPT TO for this address from now on (a permanent failure).
    pub fn refuse_recipient(&self, address: &str) {
        lock(&self.shared.refused_recipients).insert(address.to_ascii_lowercase());
    }

    /// Stops the server and waits until its port is free.
    pub fn stop(mut self) {
        self.shutdown();
    }

    fn shutdown(&mut self) {
        self.shared.stop.store(true, Ordering::SeqCst);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        self.shutdown();
    }
}

/// Starts a server on a free port of 127.0.0.1.
pub fn start_smtp() -> anyhow::Result<SmtpServer> {
    start(SocketAddr::from(([127, 0, 0, 1], 0)), false)
}

/// Starts a server on `addr`, e.g. the address of a server stopped earlier.
pub fn start_smtp_on(addr: SocketAddr) -> anyhow::Result<SmtpServer> {
    start(addr, false)
}

/// Starts a server on a free port that requires AUTH PLAIN or LOGIN with [`SMTP_USER`] and
/// [`SMTP_PASSWORD`] (offered over plain text: it is a test server).
pub fn start_smtp_with_auth() -> anyhow::Result<SmtpServer> {
    start(SocketAddr::from(([127, 0, 0, 1], 0)), true)
}

fn start(addr: SocketAddr, auth: bool) -> anyhow::Result<SmtpServer> {
    let listener = TcpListener::bind(addr).with_context(|| format!("binding the test SMTP server to {addr}"))?;
    let addr = listener.local_addr()?;
    listener.set_nonblocking(true).context("making the SMTP listener non-blocking")?;
    let mut sessions = SessionBuilder::new("crosstalk-test-smtp");
    if auth {
        sessions.enable_auth(AuthMechanism::Plain).enable_auth(AuthMechanism::Login).insecure_enable_plaintext_auth();
    }
    let shared = Arc::new(Shared::default());
    let thread = std::thread::Builder::new()
        .name(format!("smtp-{}", addr.port()))
        .spawn({
            let shared = Arc::clone(&shared);
            move || accept_loop(&listener, &sessions, &shared)
        })
        .context("spawning the SMTP server thread")?;
    Ok(SmtpServer { addr, auth, shared, thread: Some(thread) })
}

fn accept_loop(listener: &TcpListener, sessions: &SessionBuilder, shared: &Arc<Shared>) {
    let mut running: Vec<JoinHandle<()>> = Vec::new();
    while !shared.stop.load(Ordering::SeqCst) {
        match listener.accept() {
            Ok((stream, peer)) => {
                let sessions = sessions.clone();
                let shared = Arc::clone(shared);
                if let Ok(handle) = std::thread::Builder::new()
                    .name("smtp-session".into())
                    .spawn(move || serve_session(stream, peer.ip(), &sessions, &shared))
                {
                    running.push(handle);
                }
                running.retain(|h| !h.is_finished());
            }
            Err(e) if e.kind() == ErrorKind::WouldBlock => std::thread::sleep(POLL),
            Err(_) => std::thread::sleep(POLL),
        }
    }
    // The listener is dropped by the caller's closure after this returns; sessions see the
    // stop flag within one poll and close their sockets.
    for handle in running {
        let _ = handle.join();
    }
}

fn serve_session(stream: TcpStream, peer: IpAddr, sessions: &SessionBuilder, shared: &Arc<Shared>) {
    let _ = stream.set_nonblocking(false);
    let _ = stream.set_read_timeout(Some(POLL));
    let Ok(mut writer) = stream.try_clone() else { return };
    let mut reader = BufReader::new(stream);
    let mut session = sessions.build(peer, Recorder::new(Arc::clone(shared)));
    if write_response(&mut writer, &session.greeting()).is_err() {
        return;
    }
    let mut line = Vec::new();
    loop {
        if shared.stop.load(Ordering::SeqCst) {
            break;
        }
        match reader.read_until(b'\n', &mut line) {
            Ok(0) => break,
            Ok(_) if !line.ends_with(b"\n") => continue, // timed out mid-line; keep what came
            Ok(_) => {}
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => continue,
            Err(_) => break,
        }
        let res = session.process(&line);
        line.clear();
        match res.action {
            mailin::Action::Reply | mailin::Action::UpgradeTls => {
                if write_response(&mut writer, &res).is_err() {
                    break;
                }
            }
            mailin::Action::Close => {
                let _ = write_response(&mut writer, &res);
                break;
            }
            mailin::Action::NoReply => {}
        }
    }
    let _ = writer.shutdown(Shutdown::Both);
}

fn write_response(writer: &mut TcpStream, res: &Response) -> std::io::Result<()> {
    res.write_to(writer)?;
    writer.flush()
}

/// Records each message of one session into the server's list.
struct Recorder {
    shared: Arc<Shared>,
    from: String,
    to: Vec<String>,
    data: Vec<u8>,
}

impl Recorder {
    fn new(shared: Arc<Shared>) -> Self {
        Recorder { shared, from: String::new(), to: Vec::new(), data: Vec::new() }
    }
}

impl Handler for Recorder {
    fn rcpt(&mut self, to: &str) -> Response {
        if lock(&self.shared.refused_recipients).contains(&to.to_ascii_lowercase()) {
            response::NO_MAILBOX
        } else {
            response::OK
        }
    }

    fn data_start(&mut self, _domain: &str, from: &str, _is8bit: bool, to: &[String]) -> Response {
        self.from = from.to_owned();
        self.to = to.to_vec();
        self.data.clear();
        response::OK
    }

    fn data(&mut self, buf: &[u8]) -> std::io::Result<()> {
        self.data.extend_from_slice(buf);
        Ok(())
    }

    fn data_end(&mut self) -> Response {
        let mail = ReceivedMail {
            from: std::mem::take(&mut self.from),
            to: std::mem::take(&mut self.to),
            data: std::mem::take(&mut self.data),
        };
        lock(&self.shared.received).push(mail);
        response::OK
    }

    fn auth_plain(&mut self, _authorization_id: &str, authentication_id: &str, password: &str) -> Response {
        self.auth_login(authentication_id, password)
    }

    fn auth_login(&mut self, username: &str, password: &str) -> Response {
        if username == SMTP_USER && password == SMTP_PASSWORD {
            response::AUTH_OK
        } else {
            response::INVALID_CREDENTIALS
        }
    }
}

fn percent_encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The decoded value of the first header `name` (case-insensitive) of a raw message, with
/// RFC 2047 encoded words decoded and folded lines unfolded. Address headers come back as
/// written (`"Name" <a@b>`), list headers such as List-Unsubscribe verbatim.
pub fn header(raw: &[u8], name: &str) -> Option<String> {
    let message = mail_parser::MessageParser::default().parse(raw)?;
    let value = message.header_raw(name)?;
    // header_raw keeps the folding and encoded words; decode them the way a mail client would.
    let unfolded = value.replace("\r\n", "").replace('\n', "");
    let unfolded = unfolded.trim();
    if unfolded.contains("=?") {
        let probe = format!("Subject: {unfolded}\r\n\r\n");
        if let Some(decoded) = mail_parser::MessageParser::default().parse(probe.as_bytes()) {
            if let Some(subject) = decoded.subject() {
                return Some(subject.to_owned());
            }
        }
    }
    Some(unfolded.to_owned())
}

/// The decoded text/plain and text/html parts of a raw message.
pub fn parts(raw: &[u8]) -> (Option<String>, Option<String>) {
    let Some(message) = mail_parser::MessageParser::default().parse(raw) else { return (None, None) };
    let text = message
        .text_bodies()
        .find(|p| p.is_text() && !p.is_text_html())
        .and_then(|p| p.text_contents())
        .map(str::to_owned);
    let html = message.html_bodies().find(|p| p.is_text_html()).and_then(|p| p.text_contents()).map(str::to_owned);
    (text, html)
}
