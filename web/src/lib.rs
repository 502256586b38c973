//! Crosstalk's pages: sign-in links and sessions, the learner pages (course, prompt, thread, my
//! posts), the recorder's JSON endpoints, the Fluent message catalog and the embedded assets.
//! Pages call the domain (`crosstalk_core`) directly, never the REST API over HTTP.
#![forbid(unsafe_code)]

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use actix_web::web;
use crosstalk_core::auth::SigningKey;
use sea_orm::DatabaseConnection;

pub mod assets;
pub mod console;
pub mod i18n;
pub mod lti;
pub mod page;
pub mod pages;
pub mod session;
pub mod view;

/// Signed, short-lived URLs for stored media objects (the API's `/media/...` or presigned S3).
pub trait MediaUrls: Send + Sync {
    fn url<'a>(&'a self, key: &'a str) -> Pin<Box<dyn Future<Output = anyhow::Result<String>> + 'a>>;
}

/// A member's own export (the zip of `GET /v1/me/export`), streamed by the application that
/// owns the store, so the page's download and the API's are the same bytes.
pub trait OwnExport: Send + Sync {
    fn member_zip(
        &self,
        member: crosstalk_core::entities::member::Model,
    ) -> Pin<Box<dyn Future<Output = anyhow::Result<actix_web::HttpResponse>> + '_>>;
}

/// The application's abuse limits (rate limits per member and per team), counted for the
/// pages' own writes exactly as for the API's, in the same counters.
pub trait RateLimits: Send + Sync {
    /// Counts one `action` (`post`, `reply` or `flag`) by `principal`; `Some(seconds)` when it is
    /// refused, with how long until it may be done again (nothing is counted then).
    fn take<'a>(
        &'a self,
        action: &'a str,
        principal: &'a crosstalk_core::auth::Principal,
    ) -> Pin<Box<dyn Future<Output = anyhow::Result<Option<u64>>> + 'a>>;
}

/// What the pages need from the application that mounts them.
#[derive(Clone)]
pub struct WebState {
    pub db: DatabaseConnection,
    /// The listing pool (`crosstalk_core::db::connect_listings`): thread pages and the queue, with
    /// the listed prompt.
    pub listing_db: DatabaseConnection,
    pub key: SigningKey,
    /// Base of absolute URLs (sign-in links); `Secure` cookies when it is https.
    pub public_url: String,
    /// The CSP `frame-ancestors` sources (LMSs embedding the pages), e.g. `'self'`.
    pub frame_ancestors: String,
    /// Origins media URLs point to besides this one (the public URL, an S3 endpoint), for the CSP.
    pub media_origins: Vec<String>,
    pub media: Arc<dyn MediaUrls>,
    pub export: Arc<dyn OwnExport>,
    pub limits: Arc<dyn RateLimits>,
    /// How LTI calls to platforms pass the SSRF guard (the webhook guard's switch).
    pub lti_egress: crosstalk_core::lti::egress::Egress,
}

impl WebState {
    pub fn secure_cookies(&self) -> bool {
        self.public_url.starts_with("https://")
    }
}

/// Mounts the pages; the app must carry `web::Data<WebState>`.
pub fn configure(cfg: &mut web::ServiceConfig) {
    use web::{get, post, resource};
    // Assets only are compressed: pages carry a CSRF token, and compressing secrets beside
    // reflected input is what BREACH exploits.
    cfg.service(
        resource("/assets/{name:.+}").wrap(actix_web::middleware::Compress::default()).route(get().to(assets::serve)),
    )
    .service(resource("/").route(get().to(pages::signin::root)))
    .service(resource("/signin/{token}").route(get().to(pages::signin::open)))
    .service(resource("/signout").route(post().to(pages::signin::sign_out)))
    .service(resource("/courses/{course_id}").route(get().to(pages::course::home)))
    .service(resource("/prompts/{prompt_id}").route(get().to(pages::prompt::page)))
    .service(resource("/prompts/{prompt_id}/posts").route(post().to(pages::recorder::create_post)))
    .service(resource("/threads/{post_id}").route(get().to(pages::thread::page)))
    .service(resource("/posts/{post_id}/replies").route(post().to(pages::recorder::create_reply)))
    .service(resource("/posts/{post_id}/status").route(get().to(pages::recorder::status)))
    .service(resource("/posts/{post_id}/flag").route(post().to(pages::actions::flag)))
    .service(resource("/posts/{post_id}/delete").route(post().to(pages::actions::delete)))
    .service(resource("/me/posts").route(get().to(pages::my_posts::page)))
    .service(resource("/me/export").route(get().to(pages::own::export)))
    .service(resource("/me/erase").route(get().to(pages::own::confirm_erase)).route(post().to(pages::own::erase)))
    .service(resource("/me/name").route(get().to(pages::name::page)).route(post().to(pages::name::save)))
    .configure(lti::configure);
    console::configure(cfg);
}
