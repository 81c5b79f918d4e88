//! Releases: `release-please-config.json`, and the version files a release
//! rewrites (format-preserving); release plans come next.

mod config;
mod files;
mod json_edit;

pub use config::{Config, ConfigWarning};
pub use files::{FileKind, Updated, set_lock_versions, set_version};
