//! Mounting the pages (`crosstalk-web`) beside the API: their state from the application's, the
//! signed media URLs they show, and the media origins their Content-Security-Policy allows.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use crosstalk_web::{MediaUrls, OwnExport, WebState};

use crate::config::Config;
use crate::state::AppState;

struct Media(AppState);

impl MediaUrls for Media {
    fn url<'a>(&'a self, key: &'a str) -> Pin<Box<dyn Future<Output = anyhow::Result<String>> + 'a>> {
        Box::pin(crate::media::url(&self.0, key))
    }
}

struct Export(AppState);

impl OwnExport for Export {
    fn member_zip(
        &self,
        member: crosstalk_core::entities::member::Model,
    ) -> Pin<Box<dyn Future<Output = anyhow::Result<actix_web::HttpResponse>> + '_>> {
        Box::pin(async move { Ok(crate::routes::exports::member_zip(&self.0, member).await?) })
    }
}

struct Limiter(AppState);

impl crosstalk_web::RateLimits for Limiter {
    fn take<'a>(
        &'a self,
        action: &'a str,
        principal: &'a crosstalk_core::auth::Principal,
    ) -> Pin<Box<dyn Future<Output = anyhow::Result<Option<u64>>> + 'a>> {
        Box::pin(async move {
            let action = match action {
                "post" => crate::limits::Action::Post,
                "reply" => crate::limits::Action::Reply,
                "flag" => crate::limits::Action::Flag,
                other => anyhow::bail!("no rate limit for {other}"),
            };
            match crate::limits::rate(&self.0, action, principal).await {
                Ok(()) => Ok(None),
                Err(crate::error::ApiError::Limited { retry_after, .. }) => Ok(Some(retry_after.unwrap_or(60))),
                // A database failure keeps its cause, so the page says "try again" (503).
                Err(crate::error::ApiError::Domain(crosstalk_core::Error::Unexpected(e))) => Err(e),
                Err(e) => Err(anyhow::anyhow!("{e}")),
            }
        })
    }
}

/// `scheme://host[:port]` of a URL.
fn origin(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let host = rest.split(['/', '?', '#']).next().filter(|h| !h.is_empty() && !h.contains('@'))?;
    Some(format!("{scheme}://{host}"))
}

/// Where media URLs may point: the public URL (signed `/media/...`) and the S3 endpoint
/// (virtual-hosted buckets are subdomains of it).
pub fn media_origins(config: &Config, public_url: &str) -> Vec<String> {
    let mut out: Vec<String> = origin(public_url).into_iter().collect();
    let storage = config.storage_url();
    if let Some(query) = storage.strip_prefix("s3://").map(|s| s.split_once('?').map_or("", |(_, q)| q)) {
        let param = |name: &str| {
            query.split('&').find_map(|kv| kv.strip_prefix(name).and_then(|v| v.strip_prefix('='))).map(str::to_owned)
        };
        let path_style = param("path_style").is_some_and(|v| v == "true");
        match param("endpoint").as_deref().and_then(origin) {
            Some(o) => {
                if !path_style {
                    if let Some((scheme, host)) = o.split_once("://") {
                        out.push(format!("{scheme}://*.{host}"));
                    }
                }
                out.push(o);
            }
            None => out.push("https://*.amazonaws.com".to_owned()),
        }
    }
    out
}

pub fn web_state(state: &AppState, config: &Config) -> WebState {
    WebState {
        db: state.db.clone(),
        listing_db: state.listing_db.clone(),
        key: state.key.clone(),
        public_url: state.public_url.clone(),
        frame_ancestors: config.frame_ancestors.clone(),
        media_origins: media_origins(config, &state.public_url),
        media: Arc::new(Media(state.clone())),
        export: Arc::new(Export(state.clone())),
        limits: Arc::new(Limiter(state.clone())),
        lti_egress: crosstalk_core::lti::egress::Egress::new(state.webhook_allow_private),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn media_origins_cover_the_store() {
        let mut c = Config::for_data_dir(std::path::Path::new("/tmp/x"));
        assert_eq!(media_origins(&c, "http://127.0.0.1:8080"), ["http://127.0.0.1:8080"]);
        c.storage_url = Some("s3://media?endpoint=http://127.0.0.1:9000&path_style=true".into());
        assert_eq!(media_origins(&c, "https://ct.example"), ["https://ct.example", "http://127.0.0.1:9000"]);
        c.storage_url = Some("s3://media?region=eu-west-1".into());
        assert_eq!(media_origins(&c, "https://ct.example")[1], "https://*.amazonaws.com");
    }
}
