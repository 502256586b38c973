//! The pages and the recorder's endpoints, one file per page or concern.

pub mod actions;
pub mod course;
pub mod my_posts;
pub mod name;
pub mod own;
pub mod prompt;
pub mod recorder;
pub mod signin;
pub mod thread;

/// A form body parsed leniently: unknown fields are ignored, a malformed body is an empty form.
pub fn form<T: serde::de::DeserializeOwned + Default>(body: &[u8]) -> T {
    serde_urlencoded::from_bytes(body).unwrap_or_default()
}
