//! The GitHub logins of commit authors, for `include-commit-authors`: read
//! from the repository's commit list, which links each commit to the
//! GitHub user its author e-mail belongs to.

use std::collections::{HashMap, HashSet};

use serde_json::Value;

use super::{ApiError, Client, escape};

/// The most commits read for their authors (ten pages).
const MOST: usize = 1000;

/// The login of each commit of `wanted` whose author GitHub links to a
/// user, reading the commit list from `head` back (newest first) until
/// every one is found or [`MOST`] commits were read; the others are left
/// out (their notes show the author's name).
pub(crate) fn logins(
    client: &Client,
    head: &str,
    wanted: &HashSet<String>,
) -> Result<HashMap<String, String>, ApiError> {
    if wanted.is_empty() {
        return Ok(HashMap::new());
    }
    let path = client.repo_path(&format!("/commits?sha={}&per_page=100", escape(head)));
    // The list is newest first: the unreleased commits come first, and a
    // little more is read for commits of merged branches dated earlier.
    let limit = (wanted.len() + 100).min(MOST);
    let listed = client.get_all(&path, limit)?;
    Ok(listed
        .iter()
        .filter_map(|commit| {
            let sha = commit.get("sha").and_then(Value::as_str)?;
            let login = commit.pointer("/author/login").and_then(Value::as_str)?;
            wanted
                .contains(sha)
                .then(|| (sha.to_owned(), login.to_owned()))
        })
        .collect())
}
