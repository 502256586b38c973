//! sea-orm entities, one per table; behaviour lives beside them in the domain modules.

pub mod api_key;
pub mod audit_entry;
pub mod caption;
pub mod cohort;
pub mod cohort_member;
pub mod course;
pub mod delivery;
pub mod digest;
pub mod event;
pub mod flag;
pub mod idempotency_key;
pub mod job;
pub mod member;
pub mod module;
pub mod mute;
pub mod notification_pref;
pub mod nudge;
pub mod post;
pub mod prompt;
pub mod seen_mark;
pub mod setting;
pub mod team;
pub mod upload;
pub mod upload_part;
pub mod video;
pub mod webhook;
