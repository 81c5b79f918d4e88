//! A release plan as data: each package's release, and the release PRs
//! they go in, as Release Please groups them.

mod grouping;

use serde::Serialize;

pub use grouping::{WorkspaceMerged, details, prefer_group, pull_requests, workspace_pull_request};

use super::strategy::FileUpdate;

/// One package's release.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PackageRelease {
    /// The package's path (`.` for the root).
    pub path: String,
    /// Its component, when it has one.
    pub component: Option<String>,
    /// The version it releases.
    pub version: String,
    /// The tag its notes compare from.
    pub previous_tag: Option<String>,
    /// The tag the release will get; empty for a snapshot.
    pub tag: String,
    /// A `java`/`maven` release PR to the next `-SNAPSHOT` version: no
    /// notes, no tag, no manifest entry.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub snapshot: bool,
    /// Its notes (a rendered release section).
    #[serde(skip)]
    pub notes: String,
    /// The files of this package the release rewrites.
    #[serde(skip)]
    pub files: Vec<FileUpdate>,
}
