//! One sticky comment on a pull request, kept by a hidden marker: made
//! once, edited afterwards, deleted when there is nothing to say. Only the
//! bot's own comments count (a person's comment that quotes the marker is
//! left alone), and a duplicate is removed, so there is at most one.

use serde_json::Value;

use super::{ApiError, Client};

/// The most comments read on a pull request (ten pages).
const MOST: usize = 1000;

/// What became of the comment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Sticky {
    Created,
    Updated,
    Unchanged,
    Deleted,
    /// None was there and none was wanted.
    Absent,
}

impl Sticky {
    pub(crate) fn word(self) -> &'static str {
        match self {
            Self::Created => "created",
            Self::Updated => "updated",
            Self::Unchanged => "unchanged",
            Self::Deleted => "deleted",
            Self::Absent => "none",
        }
    }
}

/// Keep the comment marked `marker` on issue `number` saying `body`
/// (which must contain the marker), or remove it when `body` is `None`.
pub(crate) fn keep(
    client: &Client,
    number: u64,
    marker: &str,
    body: Option<&str>,
) -> Result<Sticky, ApiError> {
    let listed = client.get_all(
        &client.repo_path(&format!("/issues/{number}/comments?per_page=100")),
        MOST,
    )?;
    let ours: Vec<&Value> = listed
        .iter()
        .filter(|comment| {
            comment.pointer("/user/type").and_then(Value::as_str) == Some("Bot")
                && comment
                    .get("body")
                    .and_then(Value::as_str)
                    .is_some_and(|text| text.contains(marker))
        })
        .collect();
    let id = |comment: &Value| {
        comment
            .get("id")
            .and_then(Value::as_u64)
            .unwrap_or_default()
    };
    // Duplicates (two jobs raced): the first one stays.
    for extra in ours.iter().skip(1) {
        client.delete(&client.repo_path(&format!("/issues/comments/{}", id(extra))))?;
    }
    match (ours.first(), body) {
        (None, None) => Ok(Sticky::Absent),
        (Some(comment), None) => {
            client.delete(&client.repo_path(&format!("/issues/comments/{}", id(comment))))?;
            Ok(Sticky::Deleted)
        }
        (Some(comment), Some(body))
            if comment.get("body").and_then(Value::as_str) == Some(body) =>
        {
            Ok(Sticky::Unchanged)
        }
        (Some(comment), Some(body)) => {
            client.send_json(
                super::Method::Patch,
                &client.repo_path(&format!("/issues/comments/{}", id(comment))),
                &serde_json::json!({ "body": body }),
            )?;
            Ok(Sticky::Updated)
        }
        (None, Some(body)) => {
            client.send_json(
                super::Method::Post,
                &client.repo_path(&format!("/issues/{number}/comments")),
                &serde_json::json!({ "body": body }),
            )?;
            Ok(Sticky::Created)
        }
    }
}
