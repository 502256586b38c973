//! LTI 1.3 Advantage, the tool side: platform registrations, the tool's keys, OIDC login
//! state, launch validation, where a launched person arrives, the roster (Names and Roles)
//! and scores (Assignment and Grade Services).

pub mod ags;
pub mod claims;
pub mod deep_linking;
pub mod egress;
pub mod entities;
pub mod inactive;
pub mod jwt;
pub mod keys;
pub mod launch;
pub mod login;
pub mod nrps;
pub mod platform_keys;
pub mod provision;
pub mod registrations;
