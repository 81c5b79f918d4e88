//! `cicd release-pr --preview`: what merging the checked-out branch into
//! `--base` would release, offline, with nothing written
//! ([`cicd_core::release::plan::preview`]).

use std::path::PathBuf;

use cicd_core::history::{self, Query, RawCommit};
use cicd_core::release::plan::preview::{
    self, MergeMethod, Merging, Preview, Sides, SquashMessage, SquashTitle,
};
use cicd_core::release::plan::{PackageRelease, Request};
use cicd_core::release::strategy::AtRevision;
use serde::Serialize;
use serde_json::Value;

use super::Args;
use crate::Outcome;
use crate::commands::{Global, source};
use crate::error::{Error, warn};
use crate::github;
use crate::output::{Format, Stdout};
use crate::step_outputs::StepOutputs;

/// The options of `--preview`.
#[derive(Debug, clap::Args)]
pub(crate) struct PreviewArgs {
    /// Print what merging `HEAD`'s branch into `--base` would release (the
    /// release PR after the merge, against the base branch's own), from
    /// git alone; nothing is written.
    #[arg(long)]
    pub(crate) preview: bool,
    /// The branch the pull request merges into [default: the
    /// `pull_request` event's base, in GitHub Actions]
    #[arg(long, value_name = "REF")]
    base: Option<String>,
    /// How the pull request is merged: `merge`, `squash` or `rebase`.
    #[arg(long, value_name = "METHOD", value_parser = ["merge", "squash", "rebase"], default_value = "squash")]
    merge_method: String,
    /// The pull request's title: the squash commit's message [default: the
    /// event's, else the branch's only commit's subject]
    #[arg(long, value_name = "TITLE")]
    title: Option<String>,
    /// A squash commit's title, as the repository's settings say:
    /// `commit-or-pr-title` (GitHub's default: a lone commit's subject) or
    /// `pr-title`.
    #[arg(long, value_name = "SETTING", value_parser = ["commit-or-pr-title", "pr-title"], default_value = "commit-or-pr-title")]
    squash_title: String,
    /// A squash commit's message, as the repository's settings say:
    /// `commit-messages` (GitHub's default: the branch's commit messages),
    /// `pr-body` or `blank`.
    #[arg(long, value_name = "SETTING", value_parser = ["commit-messages", "pr-body", "blank"], default_value = "commit-messages")]
    squash_message: String,
    /// The pull request's description: the rest of the squash commit's
    /// message [default: the event's]
    #[arg(long, value_name = "TEXT")]
    body: Option<String>,
    /// The pull request's branch, read from git objects alone (no
    /// checkout: with `pull_request_target`, fetch it, never check it
    /// out) [default: `HEAD`]
    #[arg(long, value_name = "REF")]
    head: Option<String>,
    /// Keep one comment on the pull request saying what merging it
    /// releases: made once, edited afterwards, deleted when it releases
    /// nothing (needs a token with `pull-requests: write`).
    #[arg(long)]
    comment: bool,
    /// The pull request to comment on [default: the event's]
    #[arg(long, value_name = "NUMBER")]
    pull_request: Option<u64>,
    /// Append the preview to this Markdown file (`$GITHUB_STEP_SUMMARY`).
    #[arg(long, value_name = "FILE")]
    step_summary: Option<PathBuf>,
}

/// The hidden line that marks the preview's comment.
const MARKER: &str = "<!-- cicd release-pr --preview -->";

/// The pull request of the `pull_request` event GitHub Actions ran for,
/// when there is one: its title, body, number and base.
fn event_pull_request() -> Option<Value> {
    let path = std::env::var_os("GITHUB_EVENT_PATH").map(PathBuf::from)?;
    let (text, _) = source::read_input(&path).ok()?;
    let event: Value = serde_json::from_str(&text).ok()?;
    event.get("pull_request").cloned()
}

/// The preview, as JSON shows it.
#[derive(Serialize)]
struct Shown<'a> {
    releasable: bool,
    merge_method: MergeMethod,
    changes: &'a [preview::Change],
    otherwise: Vec<Otherwise<'a>>,
    /// The release PRs after the merge.
    pull_requests: Vec<&'a cicd_core::release::PullRequest>,
    releases: &'a [PackageRelease],
    /// What the base branch alone releases.
    base_releases: &'a [PackageRelease],
    /// The preview in words (Markdown).
    summary: String,
}

/// What another merge method releases instead.
#[derive(Serialize)]
struct Otherwise<'a> {
    merge_method: MergeMethod,
    path: &'a str,
    version: Option<&'a str>,
}

pub(super) fn run(global: &Global, args: &Args) -> Result<Outcome, Error> {
    let flags = &args.preview;
    let event = event_pull_request();
    let text = |pointer: &str| {
        event
            .as_ref()
            .and_then(|event| event.pointer(pointer))
            .and_then(Value::as_str)
            .map(str::to_owned)
    };
    let base_name = flags
        .base
        .clone()
        .or_else(|| text("/base/sha"))
        .ok_or_else(|| Error::Usage("`--preview` needs `--base REF`".to_owned()))?;
    let repo = &global.repo;
    let missing = |what: &str| Error::Usage(format!("`{what}` names no commit of this clone"));
    let base = history::resolve(repo, &format!("{base_name}^{{commit}}"))?
        .ok_or_else(|| missing(&base_name))?;
    let head_name = flags.head.clone().unwrap_or_else(|| "HEAD".to_owned());
    let head = history::resolve(repo, &format!("{head_name}^{{commit}}"))?
        .ok_or_else(|| missing(&head_name))?;
    let read = |range: String| {
        history::read(
            repo,
            &Query {
                range: Some(range),
                first_parent: args.source.first_parent,
                files: true,
                ..Query::default()
            },
        )
    };
    let base_commits = read(base.clone())?;
    let branch_commits: Vec<RawCommit> = read(format!("{base}..{head}"))?;
    let title = flags
        .title
        .clone()
        .or_else(|| text("/title"))
        .unwrap_or_default();
    let method = match flags.merge_method.as_str() {
        "merge" => MergeMethod::Merge,
        "rebase" => MergeMethod::Rebase,
        _ => MergeMethod::Squash,
    };
    let merging = Merging {
        method,
        squash_title: match flags.squash_title.as_str() {
            "pr-title" => SquashTitle::PullRequestTitle,
            _ => SquashTitle::CommitOrPullRequestTitle,
        },
        squash_message: match flags.squash_message.as_str() {
            "pr-body" => SquashMessage::PullRequestBody,
            "blank" => SquashMessage::Blank,
            _ => SquashMessage::CommitMessages,
        },
        title,
        body: flags
            .body
            .clone()
            .or_else(|| text("/body"))
            .unwrap_or_default(),
        number: event
            .as_ref()
            .and_then(|event| event.get("number"))
            .and_then(Value::as_u64),
    };
    let lone =
        branch_commits.len() == 1 && merging.squash_title == SquashTitle::CommitOrPullRequestTitle;
    if method == MergeMethod::Squash
        && merging.title.is_empty()
        && !branch_commits.is_empty()
        && !lone
    {
        return Err(Error::Usage(
            "a squash merge's commit is titled with the pull request's title: give `--title` (the branch has several commits)"
                .to_owned(),
        ));
    }
    let repository = source::repository(repo, args.repository_url.as_deref(), None)?;
    let date = args.date.clone().unwrap_or_else(crate::clock::today);
    let mut template = Request::new(Vec::new(), repository, &date);
    template.target_branch.clone_from(&args.target_branch);
    template.first_parent = args.source.first_parent;
    let base_files = AtRevision::new(repo, &base);
    let head_files = AtRevision::new(repo, &head);
    let sides = Sides {
        base_files: &base_files,
        base_commits,
        head_files: &head_files,
        branch_commits,
        tags: history::tags(repo)?,
    };
    let preview = preview::preview(sides, &merging, &template)?;
    for warning in &preview.merged.warnings {
        warn(warning);
    }
    let summary = preview::summary(&preview, &merging);
    if let Some(path) = &flags.step_summary {
        crate::files::append(path, &format!("### Release preview\n\n{summary}\n"))?;
    }
    if flags.comment {
        let links = source::repository(repo, args.repository_url.as_deref(), None).ok();
        let client = args.github.required_client(links.as_ref())?;
        let number = flags.pull_request.or(merging.number).ok_or_else(|| {
            Error::Usage(
                "`--comment` needs `--pull-request NUMBER` (or a `pull_request` event)".to_owned(),
            )
        })?;
        let body = (!preview.changes.is_empty())
            .then(|| format!("{MARKER}\n### Release preview\n\n{summary}"));
        match github::comments::keep(&client, number, MARKER, body.as_deref()) {
            Ok(done) => warn(&format!(
                "the preview comment on #{number}: {}; GitHub: {} requests",
                done.word(),
                client.requests()
            )),
            // A pull request from a fork gets a read-only token: the step
            // summary says it all the same.
            Err(err) if err.status == Some(403) => warn(&format!(
                "no preview comment on #{number}: the token may not comment ({err}); the step summary has the preview"
            )),
            Err(err) => return Err(err.into()),
        }
    }
    show(global, args, &preview, &merging, summary)?;
    Ok(Outcome::Pass)
}

/// Print the preview: its summary, or JSON.
/// Print the preview, as JSON or its summary; with `--github-output`,
/// `releasable` and the JSON as step outputs too.
fn show(
    global: &Global,
    args: &Args,
    preview: &Preview,
    merging: &Merging,
    summary: String,
) -> Result<(), Error> {
    let text = (global.format != Format::Json).then(|| summary.clone());
    let shown = Shown {
        releasable: !preview.changes.is_empty(),
        merge_method: merging.method,
        changes: &preview.changes,
        otherwise: preview
            .otherwise
            .iter()
            .map(|(method, path, version)| Otherwise {
                merge_method: *method,
                path,
                version: version.as_deref(),
            })
            .collect(),
        pull_requests: preview
            .merged
            .pull_requests
            .iter()
            .map(|pull| &pull.pull_request)
            .collect(),
        releases: &preview.merged.releases,
        base_releases: &preview.base.releases,
        summary,
    };
    if let Some(path) = &args.github_output {
        let mut outputs = StepOutputs::default();
        outputs.set("releasable", shown.releasable);
        outputs.set_json("preview", &shown);
        outputs.append_to(path)?;
    }
    let mut out = Stdout::new();
    match text {
        Some(text) => out.write(&text)?,
        None => out.json(&shown)?,
    }
    out.flush()
}
