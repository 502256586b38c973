//! The Crosstalk domain: entities, tenancy and exchange rules, credentials, and the course structure.
#![forbid(unsafe_code)]

pub mod access;
pub mod auth;
pub use crosstalk_cohort_gen as cohort_gen;
pub mod captions;
pub mod cohorts;
pub mod course_modules;
pub mod courses;
pub mod db;
pub mod demo;
pub mod entities;
pub mod erasure;
pub mod error;
pub mod export;
pub mod fault;
pub mod idempotency;
pub mod ids;
pub mod jobs;
pub mod learner;
pub mod limits;
pub mod listing;
pub mod lti;
pub mod mail;
pub mod members;
pub mod moderation;
pub mod notify;
pub mod outbox;
pub mod pagination;
pub mod participation;
pub mod posts;
pub mod prompts;
pub mod pseudonyms;
pub mod retention;
pub mod sealed;
pub mod sessions;
pub mod storage;
pub mod teams;
pub mod testing;
pub mod threads;
pub mod uploads;
pub mod validate;
pub mod visibility;
pub mod webhook_secret;

pub use error::{Error, Result};
