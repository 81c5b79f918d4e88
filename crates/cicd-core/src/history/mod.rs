//! Commits and tags from git (the `git` CLI, one streamed process) or from JSON.
//!
//! [`read`] runs `git log` once for a whole range and parses its NUL-separated
//! output as it arrives ([`LogReader`], tested without git through
//! [`parse_log`]); the files each commit touched, when asked for, come from
//! that log (`--name-only`) or from a `git diff-tree --stdin` that diffs the
//! commits beside it, on another core ([`FilesFrom`]);
//! [`from_json`] reads the same commits from the JSON list that
//! `--commits FILE|-` takes. [`tags`] and [`last_release`] find release tags
//! (`v1.2.3`, `1.2.3`, `api-v1.2.3`, `api/v1.2.3`).

mod changes;
mod git;
mod id;
mod log;
mod overrides;
mod packages;
mod releases;
mod source;
mod tags;

use serde::{Deserialize, Serialize};

pub use crate::commits::Person;
use crate::commits::{self, Commit, Merge};
pub use git::{FilesFrom, Log, Query, log, read, tracked_files, tree_files};
pub use log::{FORMAT, LogReader, parse_log};
pub use overrides::commit_override;
pub use packages::{Folder, Packages};
pub use releases::{Assigned, Graph, assign};
pub use source::{Git, History, InMemory};
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

impl RawCommit {
    /// The parsed commit ([`commits::parse`]), with its author, date and
    /// files, and the merge flag for any commit with several parents,
    /// whatever its message says.
    #[must_use]
    pub fn parse(&self) -> Commit {
        let mut commit = commits::parse(&self.id, &self.message);
        if self.parents.len() > 1 && commit.merge.is_none() {
            commit.merge = Some(Merge::default());
        }
        commit.author.clone_from(&self.author);
        commit.date.clone_from(&self.date);
        commit.files.clone_from(&self.files);
        commit
    }

    /// [`Self::parse`], keeping the commit's author, date and files rather
    /// than copying them: for whole histories.
    #[must_use]
    pub fn into_commit(self) -> Commit {
        let mut commit = commits::parse(&self.id, &self.message);
        if self.parents.len() > 1 && commit.merge.is_none() {
            commit.merge = Some(Merge::default());
        }
        commit.id = self.id;
        commit.author = self.author;
        commit.date = self.date;
        commit.files = self.files;
        commit
    }
}

/// A commit `id` with these `parents` that touched `files`, for tests.
#[cfg(test)]
pub(crate) fn test_commit(id: &str, parents: &[&str], files: &[&str]) -> RawCommit {
    RawCommit {
        id: id.to_owned(),
        message: format!("fix: {id}"),
        parents: parents.iter().map(|parent| (*parent).to_owned()).collect(),
        files: Some(files.iter().map(|file| (*file).to_owned()).collect()),
        ..RawCommit::default()
    }
}

/// Read a JSON commit list: an array of `{"sha", "message", "files"?,
/// "author"?, "date"?, "parents"?, "pullRequest"?}` objects, newest first. A
/// `pullRequest.body` with a `BEGIN_COMMIT_OVERRIDE` section replaces the
/// message, as Release Please reads it ([`commit_override`]).
///
/// `origin` names the input (a path, or `-` for stdin) in errors.
///
/// # Errors
///
/// [`crate::Error::CommitList`], with line and column, when the text is not
/// such an array.
pub fn from_json(text: &str, origin: &str) -> crate::Result<Vec<RawCommit>> {
    let listed: Vec<Listed> =
        serde_json::from_str(text).map_err(|err| crate::Error::CommitList {
            origin: origin.to_owned(),
            what: err.to_string(),
        })?;
    Ok(listed
        .into_iter()
        .map(
            |Listed {
                 mut commit,
                 pull_request,
             }| {
                let body = pull_request.map(|pull| pull.body).unwrap_or_default();
                if let Some(message) = commit_override(&body) {
                    commit.message = message.to_owned();
                }
                commit
            },
        )
        .collect())
}

/// A commit of a JSON list, with the pull request Release Please's commits
/// carry (its body may override the message).
#[derive(Deserialize)]
struct Listed {
    #[serde(flatten)]
    commit: RawCommit,
    #[serde(default, rename = "pullRequest")]
    pull_request: Option<ListedPullRequest>,
}

#[derive(Deserialize)]
struct ListedPullRequest {
    #[serde(default)]
    body: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_merge_flag_comes_from_parents_too() {
        let raw = RawCommit {
            id: "c".to_owned(),
            message: "feat: x".to_owned(),
            parents: vec!["a".to_owned(), "b".to_owned()],
            files: Some(vec!["a/x".to_owned()]),
            ..RawCommit::default()
        };
        assert_eq!(raw.parse().merge, Some(Merge::default()));
        let parsed = raw.clone().into_commit();
        assert_eq!(parsed, raw.parse());
        assert_eq!(parsed.files.as_deref(), Some(&["a/x".to_owned()][..]));
    }
}
