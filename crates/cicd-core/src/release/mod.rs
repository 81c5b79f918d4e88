//! Releases: `release-please-config.json` and, as the project grows, release
//! plans and the files they rewrite.

mod config;

pub use config::{Config, ConfigWarning};
