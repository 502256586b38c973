//! Static assets: every file under `web/assets/` is built into the binary and served under a
//! name carrying a hash of its content (`app.css` -> `/assets/app.1a2b3c4d5e.css`), so it can be
//! cached for a year and a new build still reaches every browser at once.

use std::collections::HashMap;
use std::sync::OnceLock;

use actix_web::http::header;
use actix_web::{web, HttpResponse};

#[derive(rust_embed::Embed)]
#[folder = "assets/"]
struct Files;

struct Index {
    /// logical name (`vendor/tus.min.js`) -> URL path (`/assets/vendor/tus.min.0123456789.js`)
    urls: HashMap<String, String>,
    /// hashed name (`vendor/tus.min.0123456789.js`) -> logical name
    files: HashMap<String, String>,
}

fn hashed_name(name: &str, hash: &str) -> String {
    // The hash goes before the last extension: `tus.min.js` -> `tus.min.HASH.js`.
    let (dir, file) = name.rsplit_once('/').map_or(("", name), |(d, f)| (d, f));
    let file = match file.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => format!("{stem}.{hash}.{ext}"),
        _ => format!("{file}.{hash}"),
    };
    if dir.is_empty() {
        file
    } else {
        format!("{dir}/{file}")
    }
}

fn index() -> &'static Index {
    static INDEX: OnceLock<Index> = OnceLock::new();
    INDEX.get_or_init(|| {
        let mut urls = HashMap::new();
        let mut files = HashMap::new();
        for name in Files::iter() {
            let Some(f) = Files::get(&name) else { continue };
            let hash = hex::encode(&f.metadata.sha256_hash()[..5]);
            let hashed = hashed_name(&name, &hash);
            urls.insert(name.to_string(), format!("/assets/{hashed}"));
            files.insert(hashed, name.to_string());
        }
        Index { urls, files }
    })
}

/// The URL of an asset by its name under `web/assets/`; templates use it for every asset.
pub fn url(name: &str) -> String {
    index().urls.get(name).cloned().unwrap_or_else(|| {
        tracing::warn!(name, "unknown asset");
        format!("/assets/{name}")
    })
}

/// Whether an asset exists (the recorder's files are added by their own commits).
pub fn exists(name: &str) -> bool {
    index().urls.contains_key(name)
}

/// `GET /assets/{hashed name}`: immutable for a year; unknown or unhashed names are 404.
pub async fn serve(path: web::Path<String>) -> HttpResponse {
    let Some(file) = index().files.get(path.as_str()).and_then(|name| Files::get(name).map(|f| (name, f))) else {
        return HttpResponse::NotFound()
            .insert_header((header::CACHE_CONTROL, "no-store"))
            .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
            .content_type("text/plain; charset=utf-8")
            .body("not found");
    };
    let (name, f) = file;
    let mime = mime_guess::from_path(name).first_or_octet_stream();
    let ct = if mime.type_() == "text" || mime.subtype() == "javascript" {
        format!("{mime}; charset=utf-8")
    } else {
        mime.to_string()
    };
    HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "public, max-age=31536000, immutable"))
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .content_type(ct)
        .body(f.data.into_owned())
}

#[cfg(test)]
mod tests {
    #[test]
    fn hashed_names() {
        assert_eq!(super::hashed_name("app.css", "abc"), "app.abc.css");
        assert_eq!(super::hashed_name("vendor/tus.min.js", "abc"), "vendor/tus.min.abc.js");
        assert_eq!(super::hashed_name("LICENSE", "abc"), "LICENSE.abc");
        assert!(super::url("app.css").starts_with("/assets/app."));
    }
}
