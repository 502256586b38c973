//! Crosstalk's HTTP API (actix-web) and what the `crosstalk` binary wires together.
#![forbid(unsafe_code)]

pub mod body_errors;
pub mod cli;
pub mod config;
pub mod error;
pub mod extract;
pub mod idempotency;
pub mod limits;
pub mod media;
pub mod metrics;
pub mod openapi;
pub mod pages;
pub mod redact;
pub mod retry;
pub mod routes;
pub mod startup;
pub mod state;
pub mod telemetry;
pub mod worker;
