//! Release PRs on GitHub: the rewritten files committed to the release
//! branch through the git data API (so GitHub signs the commit), and the one
//! PR per branch opened or updated, labelled `autorelease: pending`.

use cicd_core::release::{Closed, ClosedPullRequest, Labels, SNOOZE_LABEL, overflow, read_closed};
use serde::Serialize;
use serde_json::{Value, json};

use super::{ApiError, Client, Method, escape};

/// A file of the release commit.
#[derive(Clone, Debug)]
pub(crate) struct FileChange<'a> {
    /// Relative to the repository root, `/`-separated.
    pub(crate) path: &'a str,
    pub(crate) content: &'a str,
    /// Keep the executable bit.
    pub(crate) executable: bool,
}

/// Where the release branch lives: the repository itself, or (`--fork`)
/// the token owner's fork of it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Head {
    /// `OWNER/NAME` of the repository that holds the branch.
    pub(crate) repository: String,
    /// Its owner, who names the branch in a PR's `head` (`owner:branch`).
    pub(crate) owner: String,
}

impl Head {
    /// The client's own repository.
    pub(crate) fn upstream(client: &Client) -> Self {
        let owner = client
            .repository
            .split_once('/')
            .map(|(owner, _)| owner)
            .unwrap_or(client.repository.as_str());
        Self {
            repository: client.repository.clone(),
            owner: owner.to_owned(),
        }
    }

    /// The PR's `head` for `branch`: the name alone in the repository
    /// itself, `owner:branch` from a fork.
    fn of(&self, client: &Client, branch: &str) -> String {
        if self.repository == client.repository {
            branch.to_owned()
        } else {
            format!("{}:{branch}", self.owner)
        }
    }
}

/// How many times a new fork is asked whether it is ready, with the waits
/// of [`retry::backoff`](super::retry::backoff) between (GitHub makes forks
/// in the background).
const FORK_READY_ATTEMPTS: u32 = 5;

/// The token owner's fork of the repository, made unless it exists (as
/// Release Please's `fork` option does), its `base` branch brought up to
/// date with the repository's when GitHub can.
pub(crate) fn fork(client: &Client, base: &str) -> Result<Head, ApiError> {
    let made = client.send_json(
        Method::Post,
        &client.repo_path("/forks"),
        &json!({"default_branch_only": true}),
    )?;
    let (Some(repository), Some(owner)) = (
        made.get("full_name").and_then(Value::as_str),
        made.pointer("/owner/login").and_then(Value::as_str),
    ) else {
        return Err(client.unexpected(
            Method::Post,
            "/forks",
            "without the fork's `full_name` and `owner.login`",
        ));
    };
    let head = Head {
        repository: repository.to_owned(),
        owner: owner.to_owned(),
    };
    let sync = super::path_in(&head.repository, "/merge-upstream");
    for attempt in 1..=FORK_READY_ATTEMPTS {
        match client.send_json(Method::Post, &sync, &json!({ "branch": base })) {
            Ok(_) => return Ok(head),
            // Not made yet: wait for it.
            Err(err) if err.status == Some(404) && attempt < FORK_READY_ATTEMPTS => {
                std::thread::sleep(super::retry::backoff(attempt));
            }
            // Diverged (409) or otherwise unsyncable (422): the release
            // commit is built on the repository's own base commit anyway.
            Err(err) if matches!(err.status, Some(409 | 422)) => {
                crate::error::warn(&format!(
                    "the fork `{}` could not be brought up to date ({err}); the release branch is built on this repository's `{base}` all the same",
                    head.repository
                ));
                return Ok(head);
            }
            Err(err) => return Err(err),
        }
    }
    Ok(head)
}

/// What to publish: the PR's text and where it goes.
#[derive(Debug)]
pub(crate) struct Proposal<'a> {
    pub(crate) title: &'a str,
    pub(crate) body: &'a str,
    /// The release branch, `release-please--branches--main`.
    pub(crate) branch: &'a str,
    /// The branch to merge into.
    pub(crate) base: &'a str,
    /// The commit the release commit goes on top of, and its tree.
    pub(crate) base_commit: &'a str,
    pub(crate) base_tree: &'a str,
    /// The release commit's message (the title, plus `Signed-off-by`).
    pub(crate) message: &'a str,
    pub(crate) draft: bool,
    /// `always-update`: push and edit even when the text is unchanged.
    pub(crate) always_update: bool,
    /// Where the branch is pushed.
    pub(crate) head: &'a Head,
    /// Closed release PRs with the snooze label: one on this branch is
    /// reopened when the notes change.
    pub(crate) snoozed: &'a [Value],
    /// The web root the notes file of a body too long is linked under
    /// (`https://github.com`).
    pub(crate) host: &'a str,
}

/// What happened to the release PR.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Published {
    pub(crate) number: u64,
    pub(crate) html_url: String,
    /// `opened`, `updated`, `unchanged`, `reopened` (a snoozed PR whose
    /// notes changed) or `snoozed` (one whose notes did not).
    pub(crate) action: &'static str,
    pub(crate) title: String,
    pub(crate) body: String,
    #[serde(rename = "headBranchName")]
    pub(crate) head_branch_name: String,
    #[serde(rename = "baseBranchName")]
    pub(crate) base_branch_name: String,
    pub(crate) labels: Vec<String>,
    pub(crate) files: Vec<String>,
}

/// The 200 most recently updated closed PRs into `base`, newest update
/// first.
pub(crate) fn recently_closed(client: &Client, base: &str) -> Result<Vec<Value>, ApiError> {
    let path = client.repo_path(&format!(
        "/pulls?state=closed&base={}&sort=updated&direction=desc&per_page=100",
        escape(base)
    ));
    client.get_all(&path, 200)
}

/// A closed PR as the release state machine reads it.
pub(crate) fn closed_pull_request(pull: &Value) -> ClosedPullRequest {
    let text = |key: &str| pull.get(key).and_then(Value::as_str).map(str::to_owned);
    ClosedPullRequest {
        number: number(pull),
        merged: pull
            .get("merged_at")
            .is_some_and(|merged| !merged.is_null()),
        labels: label_names(pull),
        merge_commit: text("merge_commit_sha"),
        body: text("body"),
    }
}

/// What the 200 most recently updated closed PRs into `base` say
/// ([`read_closed`]), and the PRs themselves.
pub(crate) fn closed(
    client: &Client,
    base: &str,
    labels: &Labels,
) -> Result<(Vec<Value>, Closed), ApiError> {
    let pulls = recently_closed(client, base)?;
    let typed: Vec<ClosedPullRequest> = pulls.iter().map(closed_pull_request).collect();
    let read = read_closed(&typed, labels);
    Ok((pulls, read))
}

/// Merged PRs into `base` that still carry every pending label: releases
/// not yet tagged (the 200 most recently updated closed PRs are read).
pub(crate) fn merged_pending(
    client: &Client,
    base: &str,
    labels: &Labels,
) -> Result<Vec<Value>, ApiError> {
    let (pulls, read) = closed(client, base, labels)?;
    Ok(read.pending.iter().map(|&at| pulls[at].clone()).collect())
}

/// Commit `files` to the release branch and open or update its PR.
///
/// An open PR whose title and body already match is left alone (as Release
/// Please does, unless `always-update`): a second run changes nothing.
pub(crate) fn publish(
    client: &Client,
    proposal: &Proposal<'_>,
    files: &[FileChange<'_>],
    labels: &Labels,
) -> Result<Published, ApiError> {
    let open = client.get_all(
        &client.repo_path(&format!(
            "/pulls?state=open&head={}&base={}&per_page=100",
            escape(&format!("{}:{}", proposal.head.owner, proposal.branch)),
            escape(proposal.base)
        )),
        100,
    )?;
    let on_branch =
        |pull: &Value| pull.pointer("/head/ref").and_then(Value::as_str) == Some(proposal.branch);
    let existing = open.into_iter().find(|pull| on_branch(pull));
    // A snoozed PR stays closed until its notes change (Release Please
    // compares the body alone), then is reopened without the label.
    let snoozed = match &existing {
        Some(_) => None,
        None => proposal.snoozed.iter().find(|pull| on_branch(pull)),
    };
    let file_names: Vec<String> = files.iter().map(|file| file.path.to_owned()).collect();
    if let Some(pull) = &existing {
        let same = pull.get("title").and_then(Value::as_str) == Some(proposal.title)
            && full_body(client, pull)?.as_deref() == Some(proposal.body);
        if same && !proposal.always_update {
            return Ok(published(pull, "unchanged", proposal, file_names));
        }
    }
    if let Some(pull) = snoozed {
        let same = full_body(client, pull)?.as_deref() == Some(proposal.body);
        if same && !proposal.always_update {
            return Ok(published(pull, "snoozed", proposal, file_names));
        }
    }
    let changes: Vec<(&str, &str, bool)> = files
        .iter()
        .map(|file| (file.path, file.content, file.executable))
        .collect();
    let commit = commit_files(client, proposal, &changes, proposal.message)?;
    move_branch(client, proposal.head, proposal.branch, &commit)?;
    let body = pull_request_body(client, proposal)?;
    let body = body.as_str();
    if let Some(pull) = snoozed {
        reopen(client, pull, proposal.title, body)?;
        let mut reopened = published(pull, "reopened", proposal, file_names);
        reopened.labels.retain(|name| name != SNOOZE_LABEL);
        return Ok(reopened);
    }
    let pull = match existing {
        Some(pull) => {
            let number = number(&pull);
            client.send_json(
                Method::Patch,
                &client.repo_path(&format!("/pulls/{number}")),
                &json!({"title": proposal.title, "body": body}),
            )?;
            return Ok(published(&pull, "updated", proposal, file_names));
        }
        None => client.send_json(
            Method::Post,
            &client.repo_path("/pulls"),
            &json!({
                "title": proposal.title,
                "head": proposal.head.of(client, proposal.branch),
                "base": proposal.base,
                "body": body,
                "draft": proposal.draft,
                "maintainer_can_modify": true,
            }),
        )?,
    };
    if number(&pull) == 0 {
        return Err(client.unexpected(Method::Post, "/pulls", "without the new PR's `number`"));
    }
    let on_open = labels.on_open();
    if !on_open.is_empty() {
        client.send_json(
            Method::Post,
            &client.repo_path(&format!("/issues/{}/labels", number(&pull))),
            &json!({ "labels": on_open }),
        )?;
    }
    let mut opened = published(&pull, "opened", proposal, file_names);
    opened.labels = on_open;
    Ok(opened)
}

/// The body the PR gets: the notes, or, when they are too long for GitHub,
/// a link to `release-notes.md`, committed on a branch of its own.
fn pull_request_body(client: &Client, proposal: &Proposal<'_>) -> Result<String, ApiError> {
    if !overflow::overflows(proposal.body) {
        return Ok(proposal.body.to_owned());
    }
    let branch = overflow::notes_branch(proposal.branch);
    let notes = [(overflow::NOTES_FILE, proposal.body, false)];
    let commit = commit_files(client, proposal, &notes, "Saving release notes")?;
    move_branch(client, proposal.head, &branch, &commit)?;
    Ok(overflow::overflow_body(&format!(
        "{}/{}/blob/{branch}/{}",
        proposal.host.trim_end_matches('/'),
        proposal.head.repository,
        overflow::NOTES_FILE
    )))
}

/// Reopen a snoozed PR with its new title and body, the snooze label off.
fn reopen(client: &Client, pull: &Value, title: &str, body: &str) -> Result<(), ApiError> {
    let number = number(pull);
    client.send_json(
        Method::Patch,
        &client.repo_path(&format!("/pulls/{number}")),
        &json!({"title": title, "body": body, "state": "open"}),
    )?;
    let label = client.repo_path(&format!("/issues/{number}/labels/{}", escape(SNOOZE_LABEL)));
    match client.delete(&label) {
        Ok(()) => Ok(()),
        Err(err) if err.status == Some(404) => Ok(()),
        Err(err) => Err(err),
    }
}

/// A tree of `files` (path, content, executable) over the base tree, and a
/// commit of it with `message` on top of the base commit; its id.
fn commit_files(
    client: &Client,
    proposal: &Proposal<'_>,
    files: &[(&str, &str, bool)],
    message: &str,
) -> Result<String, ApiError> {
    let entries: Vec<Value> = files
        .iter()
        .map(|&(path, content, executable)| {
            json!({
                "path": path,
                "mode": if executable { "100755" } else { "100644" },
                "type": "blob",
                "content": content,
            })
        })
        .collect();
    let repository = &proposal.head.repository;
    let tree = client.send_json(
        Method::Post,
        &super::path_in(repository, "/git/trees"),
        &json!({"base_tree": proposal.base_tree, "tree": entries}),
    )?;
    let tree = sha(client, "/git/trees", &tree)?;
    let commit = client.send_json(
        Method::Post,
        &super::path_in(repository, "/git/commits"),
        &json!({
            "message": message,
            "tree": tree,
            "parents": [proposal.base_commit],
        }),
    )?;
    sha(client, "/git/commits", &commit)
}

/// Point `branch` at `commit` (forced, as every update rebuilds the release
/// commit on the current base), creating it when it does not exist.
fn move_branch(client: &Client, head: &Head, branch: &str, commit: &str) -> Result<(), ApiError> {
    let moved = client.send_json(
        Method::Patch,
        &super::path_in(&head.repository, &format!("/git/refs/heads/{branch}")),
        &json!({"sha": commit, "force": true}),
    );
    match moved {
        Ok(_) => Ok(()),
        Err(err) if err.not_found() => client
            .send_json(
                Method::Post,
                &super::path_in(&head.repository, "/git/refs"),
                &json!({"ref": format!("refs/heads/{branch}"), "sha": commit}),
            )
            .map(|_| ()),
        Err(err) => Err(err),
    }
}

fn published(
    pull: &Value,
    action: &'static str,
    proposal: &Proposal<'_>,
    files: Vec<String>,
) -> Published {
    Published {
        number: number(pull),
        html_url: pull
            .get("html_url")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned(),
        action,
        title: proposal.title.to_owned(),
        body: proposal.body.to_owned(),
        head_branch_name: proposal.branch.to_owned(),
        base_branch_name: proposal.base.to_owned(),
        labels: label_names(pull),
        files,
    }
}

/// A PR's body as Release Please reads it: the notes file it links to when
/// its notes were too long for it (`None` when that file cannot be read).
pub(crate) fn full_body(client: &Client, pull: &Value) -> Result<Option<String>, ApiError> {
    let body = pull.get("body").and_then(Value::as_str).unwrap_or_default();
    match overflow::overflow_source(body) {
        Some((repository, branch)) => notes_file(client, &repository, &branch),
        None => Ok(Some(body.to_owned())),
    }
}

/// `release-notes.md` on `branch` of `repository`, through the contents
/// API; `None` when it is not there.
fn notes_file(client: &Client, repository: &str, branch: &str) -> Result<Option<String>, ApiError> {
    let path = super::path_in(
        repository,
        &format!("/contents/{}?ref={}", overflow::NOTES_FILE, escape(branch)),
    );
    let file = match client.get(&path) {
        Ok(file) => file,
        Err(err) if err.status == Some(404) => return Ok(None),
        Err(err) => return Err(err),
    };
    let encoded: String = file
        .get("content")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .chars()
        .filter(|c| !c.is_ascii_whitespace())
        .collect();
    let bytes = base64::Engine::decode(&base64::engine::general_purpose::STANDARD, encoded)
        .map_err(|err| {
            client.unexpected(
                Method::Get,
                &format!("/contents/{}", overflow::NOTES_FILE),
                &format!("with content that is not base64 ({err})"),
            )
        })?;
    Ok(Some(String::from_utf8_lossy(&bytes).into_owned()))
}

/// A PR's or issue's `number` (0 when GitHub sent none).
pub(crate) fn number(pull: &Value) -> u64 {
    pull.get("number")
        .and_then(Value::as_u64)
        .unwrap_or_default()
}

/// The names of a PR's labels.
pub(crate) fn label_names(pull: &Value) -> Vec<String> {
    pull.get("labels")
        .and_then(Value::as_array)
        .map(|labels| {
            labels
                .iter()
                .filter_map(|label| label.get("name").and_then(Value::as_str))
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

/// The `sha` of what `POST path` created.
fn sha(client: &Client, path: &str, object: &Value) -> Result<String, ApiError> {
    object
        .get("sha")
        .and_then(Value::as_str)
        .map(str::to_owned)
        .ok_or_else(|| client.unexpected(Method::Post, path, "without the `sha` of what it made"))
}
