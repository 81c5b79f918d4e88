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
mod tags;

use serde::{Deserialize, Serialize};

pub use git::{FilesFrom, Log, Query, log, read, tracked_files};
pub use log::{FORMAT, LogReader, parse_log};
pub use overrides::commit_override;
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
    /// The GitHub login, when known (`username` or `login` in a JSON
    /// commit list, as Release Please's commits carry it).
    #[serde(default, alias = "login", skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
}

impl Person {
    /// The GitHub login: [`Self::username`], else the one GitHub's no-reply
    /// address names (`12345+octocat@users.noreply.github.com`).
    pub fn login(&self) -> Option<&str> {
        if let Some(username) = self.username.as_deref().filter(|name| !name.is_empty()) {
            return Some(username);
        }
        let local = self.email.strip_suffix("@users.noreply.github.com")?;
        let login = local
            .split_once('+')
            .map(|(_, login)| login)
            .unwrap_or(local);
        let valid = !login.is_empty()
            && login.len() <= 39
            && !login.starts_with('-')
            && login
                .bytes()
                .all(|byte| byte.is_ascii_alphanumeric() || byte == b'-');
        valid.then_some(login)
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
    use super::Person;

    fn person(email: &str, username: Option<&str>) -> Person {
        Person {
            name: "Octo Cat".to_owned(),
            email: email.to_owned(),
            username: username.map(str::to_owned),
        }
    }

    #[test]
    fn logins_come_from_the_username_or_a_no_reply_address() {
        let login = |email, username| person(email, username).login().map(str::to_owned);
        assert_eq!(
            login("a@example.com", Some("octo")).as_deref(),
            Some("octo")
        );
        assert_eq!(
            login("583231+octocat@users.noreply.github.com", None).as_deref(),
            Some("octocat")
        );
        assert_eq!(
            login("octo-cat@users.noreply.github.com", None).as_deref(),
            Some("octo-cat")
        );
        for email in [
            "octocat@example.com",
            "@users.noreply.github.com",
            "1+-bad@users.noreply.github.com",
            "a_b@users.noreply.github.com",
        ] {
            assert_eq!(login(email, None), None, "{email}");
        }
        assert_eq!(login("a@example.com", Some("")), None);
    }
}
