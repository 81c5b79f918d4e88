//! `cicd release-pr`: the release Release Please would propose, from git and
//! the configuration: version, notes, PR title, branch and body, and the files
//! it rewrites. `--dry-run` prints the plan; with a GitHub token the files are
//! committed to the release branch and the PR opened or updated; otherwise
//! they are rewritten in place (atomically).

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use cicd_core::history;
use cicd_core::release::plan::{self, Facts, Manifest, PackageHistory, Plan, Request};
use cicd_core::release::strategy::{FileUpdate, WorkTree};
use cicd_core::release::{ChangelogType, Labels, PullRequest};
use serde::Serialize;

use super::Global;
use super::github_args::GitHubArgs;
use super::release_args::ReleaseArgs;
use super::source::{self, SourceArgs, read_input};
use crate::Outcome;
use crate::error::{Error, warn};
use crate::github::{
    self,
    pulls::{self, Published},
};
use crate::output::{Format, Stdout};
use crate::step_outputs::StepOutputs;

mod on_github;
mod preview;

use on_github::{ClosedPulls, Destination, closed_pulls, publish};

/// Arguments of `cicd release-pr`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    #[command(flatten)]
    source: SourceArgs,
    #[command(flatten)]
    release: ReleaseArgs,
    #[command(flatten)]
    github: GitHubArgs,
    /// The manifest of current versions [default: `.release-please-manifest.json`
    /// in the repository, when present; else the last release tag]
    #[arg(long, value_name = "FILE")]
    manifest: Option<PathBuf>,
    /// The current version, overriding the manifest and tags.
    #[arg(long, value_name = "VERSION")]
    current: Option<String>,
    /// The branch releases are cut from.
    #[arg(long, value_name = "BRANCH", default_value = "main")]
    target_branch: String,
    /// Where links point [default: the `origin` remote, else
    /// `GITHUB_SERVER_URL`/`GITHUB_REPOSITORY`]
    #[arg(long, value_name = "URL")]
    repository_url: Option<String>,
    /// The release date, `YYYY-MM-DD` [default: today (UTC), or `SOURCE_DATE_EPOCH`'s]
    #[arg(long, value_name = "DATE")]
    date: Option<String>,
    /// Print the plan; change no file and nothing on GitHub.
    #[arg(long)]
    dry_run: bool,
    /// Append the outputs of Release Please's action (`prs_created`, `pr`,
    /// `prs`) to this file (`$GITHUB_OUTPUT`).
    #[arg(long, value_name = "FILE")]
    pub(super) github_output: Option<PathBuf>,
    /// Put no label on a new release PR (Release Please's `--skip-labeling`;
    /// `cicd release` then cannot tell it from another PR).
    #[arg(long)]
    skip_labeling: bool,
    /// Push the release branch to the token owner's fork (made if need be)
    /// and open the PR from there, as Release Please's `fork` option does:
    /// for a token that may not push to the repository.
    #[arg(long)]
    fork: bool,
    #[command(flatten)]
    preview: preview::PreviewArgs,
}

/// The plan, as JSON shows it.
#[derive(Serialize)]
struct Shown<'a> {
    releasable: bool,
    releases: &'a [plan::PackageRelease],
    pull_requests: Vec<&'a PullRequest>,
    files: &'a [FileUpdate],
    /// What happened on GitHub (with a token).
    #[serde(skip_serializing_if = "Option::is_none")]
    published: Option<&'a [Published]>,
}

/// The current versions: the manifest as committed at HEAD (so a second
/// local run, after the first rewrote it, plans the same release), where
/// it is in the repository.
fn read_manifest(global: &Global, args: &Args) -> Result<Option<Manifest>, Error> {
    if let Some(path) = &args.manifest {
        let (text, _) = read_input(path)?;
        return Ok(Some(Manifest::parse(&text, &relative(path, &global.repo))?));
    }
    let name = ".release-please-manifest.json";
    let Some((on_disk, _)) = source::read_in_repo(&global.repo, name)? else {
        return Ok(None);
    };
    let committed = history::show(&global.repo, "HEAD", name).ok().flatten();
    Ok(Some(Manifest::parse(&committed.unwrap_or(on_disk), name)?))
}

/// `path` relative to the repository, with `/` separators.
fn relative(path: &Path, repo: &Path) -> String {
    let relative = path.strip_prefix(repo).unwrap_or(path);
    let text = relative.to_string_lossy().replace('\\', "/");
    text.strip_prefix("./").map(str::to_owned).unwrap_or(text)
}

pub(crate) fn run(global: &Global, args: &Args) -> Result<Outcome, Error> {
    if global.format == Format::Github {
        return Err(Error::Usage(
            "`--format github` is not for `cicd release-pr`; use `text` or `json`".to_owned(),
        ));
    }
    if args.preview.preview {
        return preview::run(global, args);
    }
    let packages = args.release.packages(Some(&global.repo))?;
    let Some(first) = packages.first() else {
        return Err(Error::Usage(
            "the configuration names no package".to_owned(),
        ));
    };
    for loaded in &packages {
        if !global.repo.join(loaded.path()).is_dir() {
            return Err(Error::Usage(format!(
                "the package path `{}` is not a directory",
                loaded.path()
            )));
        }
    }
    let repository = source::repository(
        &global.repo,
        args.repository_url.as_deref(),
        first.package.keys.changelog_host.as_deref(),
    )?;
    let client = if args.dry_run {
        None
    } else {
        args.github.client(Some(&repository))?
    };
    if client.is_none() {
        for loaded in &packages {
            if loaded.package.keys.changelog_type == ChangelogType::Github {
                warn(&format!(
                    "`{}`: `changelog-type: github` asks GitHub to write the notes, which needs a token (and no `--dry-run`); Release Please's default notes are written instead",
                    loaded.path()
                ));
            }
        }
    }
    let labels = Labels::of(
        first.config.as_ref(),
        first.package.keys.extra_label.as_deref(),
        args.skip_labeling,
    );
    let ClosedPulls {
        outstanding,
        snoozed,
        overrides,
    } = match &client {
        Some(client) => closed_pulls(client, &args.target_branch, &labels)?,
        None => ClosedPulls::default(),
    };
    if !outstanding.is_empty() {
        let numbers: Vec<String> = outstanding
            .iter()
            .map(|pull| format!("#{}", pulls::number(pull)))
            .collect();
        warn(&format!(
            "merged release PRs are not released yet ({}): run `cicd release` first; no release PR made",
            numbers.join(", ")
        ));
        return Ok(Outcome::Pass);
    }

    let mut request = Request::new(
        packages
            .iter()
            .map(|loaded| loaded.package.clone())
            .collect(),
        repository.clone(),
        &args.date.clone().unwrap_or_else(crate::clock::today),
    );
    request.config.clone_from(&first.config);
    request.config_origin.clone_from(&first.origin);
    request.target_branch.clone_from(&args.target_branch);
    request.manifest = read_manifest(global, args)?;
    request.current = args
        .current
        .as_deref()
        .map(cicd_core::version::parse)
        .transpose()?;
    request.commits = given_commits(global, &args.source)?;
    request.first_parent = args.source.first_parent;
    request.skip_labeling = args.skip_labeling;
    request.facts = Facts {
        overrides,
        ..Facts::default()
    };
    let repo = WorkTree::new(&global.repo);
    let history = PackageHistory::read(&repo, &request)?;
    let mut planned = plan::plan(&repo, &request, &history)?;
    if let Some(client) = &client {
        if !planned.wanted.is_empty() {
            request.facts = facts(client, &request, &planned, global)?;
            planned = plan::plan(&repo, &request, &history)?;
        }
    }
    // The history is not needed any more, and the process ends soon:
    // freeing its thousands of commits one by one would be wasted time.
    crate::leak_at_exit(history);
    for warning in &planned.warnings {
        warn(warning);
    }
    let mut out = Stdout::new();
    if !planned.releasable() {
        write_step_outputs(args, &[])?;
        warn("nothing to release: no change since the last release shows in the notes");
        if global.format == Format::Json {
            out.json(&Shown {
                releasable: false,
                releases: &[],
                pull_requests: Vec::new(),
                files: &[],
                published: None,
            })?;
        }
        out.flush()?;
        return Ok(Outcome::Pass);
    }
    let Plan {
        releases,
        pull_requests,
        files,
        ..
    } = &planned;
    let mut published = None;
    if let Some(client) = &client {
        let head = if args.fork {
            pulls::fork(client, &args.target_branch)?
        } else {
            pulls::Head::upstream(client)
        };
        let destination = Destination {
            client,
            head: &head,
            snoozed: &snoozed,
            host: &repository.host,
        };
        published = Some(publish(
            global,
            &destination,
            first,
            &args.target_branch,
            pull_requests,
        )?);
        warn(&format!("GitHub: {} requests", client.requests()));
    } else if !args.dry_run {
        let root = cicd_core::confined::Root::new(&global.repo);
        let all: Vec<(&str, &str)> = files
            .iter()
            .map(|file| (file.path.as_str(), file.content.as_str()))
            .collect();
        crate::files::write_all(&root, &all)?;
    }
    write_step_outputs(args, published.as_deref().unwrap_or_default())?;
    let shown: Vec<&PullRequest> = pull_requests
        .iter()
        .map(|planned| &planned.pull_request)
        .collect();
    match global.format {
        Format::Json => out.json(&Shown {
            releasable: true,
            releases,
            pull_requests: shown,
            files,
            published: published.as_deref(),
        })?,
        _ => {
            out.write(&text_plan(&shown, files))?;
            for pull in published.iter().flatten() {
                out.write(&format!(
                    "\npull request #{} {}: {}\n",
                    pull.number, pull.action, pull.html_url
                ))?;
            }
        }
    }
    out.flush()?;
    Ok(Outcome::Pass)
}

/// The commits `--commits` or `--range` give, with the files each touched;
/// `None` to read the history.
fn given_commits(
    global: &Global,
    source: &SourceArgs,
) -> Result<Option<Vec<history::RawCommit>>, Error> {
    if let Some(range) = &source.range {
        let query = history::Query {
            range: Some(range.clone()),
            first_parent: source.first_parent,
            files: true,
            ..history::Query::default()
        };
        return Ok(Some(history::read(&global.repo, &query)?));
    }
    match &source.commits {
        Some(_) => Ok(Some(
            source
                .open(&global.repo)?
                .collect::<cicd_core::Result<_>>()?,
        )),
        None => Ok(None),
    }
}

/// What GitHub knows that `planned` wanted: the logins of commit authors
/// and the notes it generates.
fn facts(
    client: &github::Client,
    request: &Request,
    planned: &Plan,
    global: &Global,
) -> Result<Facts, Error> {
    let mut facts = request.facts.clone();
    let wanted: HashSet<String> = planned.wanted.logins.iter().cloned().collect();
    if !wanted.is_empty() {
        if let Some(head) = history::resolve(&global.repo, "HEAD")? {
            facts
                .logins
                .extend(github::commits::logins(client, &head, &wanted)?);
        }
    }
    for notes in &planned.wanted.generated_notes {
        let body = github::releases::generated_notes(
            client,
            &notes.tag,
            &request.target_branch,
            notes.previous_tag.as_deref(),
        )?;
        facts.generated_notes.insert(notes.tag.clone(), body);
    }
    Ok(facts)
}

/// `prs_created`, and the first PR (`pr`) and all (`prs`) opened or updated,
/// as JSON, as Release Please's action sets them.
fn write_step_outputs(args: &Args, published: &[Published]) -> Result<(), Error> {
    let Some(path) = &args.github_output else {
        return Ok(());
    };
    // Release Please counts the PRs it opened or updated (a snoozed one
    // whose notes did not change is neither).
    let changed: Vec<&Published> = published
        .iter()
        .filter(|pull| !matches!(pull.action, "unchanged" | "snoozed"))
        .collect();
    let mut outputs = StepOutputs::default();
    outputs.set("prs_created", !changed.is_empty());
    if let Some(first) = changed.first() {
        outputs.set_json("pr", first);
        outputs.set_json("prs", &changed);
    }
    outputs.append_to(path)
}

/// Title, branch and tag, the body, then each file's changed lines.
fn text_plan(pull_requests: &[&PullRequest], files: &[FileUpdate]) -> String {
    let mut out = String::new();
    for pull_request in pull_requests {
        out.extend(["title:  ", &pull_request.title, "\n"]);
        out.extend(["branch: ", &pull_request.branch, "\n"]);
        if !pull_request.tag.is_empty() {
            out.extend(["tag:    ", &pull_request.tag, "\n"]);
        }
        out.extend(["\n", &pull_request.body, "\n"]);
    }
    for file in files {
        out.extend(["\n--- ", &file.path, "\n+++ ", &file.path, "\n"]);
        out.push_str(&changed_lines(&file.before, &file.content));
    }
    out
}

/// The lines that differ between `before` and `after`, after their common
/// first and last lines: `-` removed, `+` added.
fn changed_lines(before: &str, after: &str) -> String {
    let old: Vec<&str> = before.lines().collect();
    let new: Vec<&str> = after.lines().collect();
    let head = old.iter().zip(&new).take_while(|(a, b)| a == b).count();
    let tail = old[head..]
        .iter()
        .rev()
        .zip(new[head..].iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let mut out = String::new();
    let lines = [
        ('-', &old[head..old.len() - tail]),
        ('+', &new[head..new.len() - tail]),
    ];
    for (sign, lines) in lines {
        for line in lines {
            out.push(sign);
            out.push_str(line);
            out.push('\n');
        }
    }
    if out.is_empty() {
        out.push_str(" (unchanged)\n");
    }
    out
}
