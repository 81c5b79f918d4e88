//! Commits and tags from git (the `git` CLI, one streamed process) or from JSON.
//!
//! [`read`] runs `git log` once for a whole range and parses its NUL-separated
//! output as it arrives ([`LogReader`], tested without git through
//! [`parse_log`]); the files each commit touched, when asked for, come from a
//! `git diff-tree --stdin` that diffs the commits beside it, on another core;
//! [`from_json`] reads the same commits from the JSON list that
//! `--commits FILE|-` takes. [`tags`] and [`last_release`] find release tags
//! (`v1.2.3`, `1.2.3`, `api-v1.2.3`, `api/v1.2.3`).

mod changes;
mod git;
mod id;
mod log;
mod packages;
mod releases;
mod tags;

use serde::{Deserialize, Serialize};

pub use git::{Log, Query, log, read, tracked_files};
pub use log::{FORMAT, LogReader, parse_log};
pub use packages::{Folder, Packages};
pub use releases::{Assigned, Graph, assign};
pub use tags::{
    ReleaseTag, Tag, commit_time, ensure_tag, is_ancestor, last_release, latest_release,
    merge_base, parse_tag_name, reachable_tags, remote_url, resolve, show, tags,
};

/// One commit as read from history, before its message is parsed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RawCommit {
    /// The commit id.
    #[serde(rename = "sha")]
    pub id: String,
    /// The id of the commit's tree, when read from git.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tree: Option<String>,
    /// The full message.
    pub message: String,
    /// The parents' ids (several for a merge); empty when unknown.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parents: Vec<String>,
    /// The author.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<Person>,
    /// The author date, ISO 8601 (`2026-02-05T10:00:00+01:00`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Files the commit touched (relative to the repository root), when asked for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub files: Option<Vec<String>>,
}

/// A commit author.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    /// The name.
    #[serde(default)]
    pub name: String,
    /// The e-mail address.
    #[serde(default)]
    pub email: String,
}

/// Read a JSON commit list: an array of `{"sha", "message", "files"?,
/// "author"?, "date"?, "parents"?}` objects, newest first.
///
/// `origin` names the input (a path, or `-` for stdin) in errors.
///
/// # Errors
///
/// [`crate::Error::CommitList`], with line and column, when the text is not
/// such an array.
pub fn from_json(text: &str, origin: &str) -> crate::Result<Vec<RawCommit>> {
    serde_json::from_str(text).map_err(|err| crate::Error::CommitList {
        origin: origin.to_owned(),
        what: err.to_string(),
    })
}
