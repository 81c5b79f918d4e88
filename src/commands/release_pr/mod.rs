//! `cicd release-pr`: the release Release Please would propose, from git and
//! the configuration: version, notes, PR title, branch and body, and the files
//! it rewrites. `--dry-run` prints the plan; with a GitHub token the files are
//! committed to the release branch and the PR opened or updated; otherwise
//! they are rewritten in place (atomically).

use std::collections::HashMap;
use std::path::PathBuf;

use cicd_core::changelog::{self, Release};
use cicd_core::release::{self, ChangelogType, Config, Naming, PullRequest};
use cicd_core::{history, version};
use serde::Serialize;

use super::Global;
use super::github_args::GitHubArgs;
use super::release_args::ReleaseArgs;
use super::release_files::{FileUpdate, Together, relative};
use super::source::{self, SourceArgs, read_input};
use crate::Outcome;
use crate::error::{Error, warn};
use crate::github::{
    self,
    pulls::{self, Labels, Published},
};
use crate::output::{Format, Stdout};
use crate::step_outputs::StepOutputs;

mod maven;
mod on_github;
mod package_history;
mod plan;
mod together;

use cicd_core::release::plan::{PackageRelease, WorkspaceMerged, prefer_group, pull_requests};
use on_github::{ClosedPulls, Destination, closed_pulls, publish};
use package_history::PackageHistory;
use plan::author_logins;
use together::{link_versions, release_together};

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
    github_output: Option<PathBuf>,
    /// Put no label on a new release PR (Release Please's `--skip-labeling`;
    /// `cicd release` then cannot tell it from another PR).
    #[arg(long)]
    skip_labeling: bool,
    /// Push the release branch to the token owner's fork (made if need be)
    /// and open the PR from there, as Release Please's `fork` option does:
    /// for a token that may not push to the repository.
    #[arg(long)]
    fork: bool,
}

/// The plan, as JSON shows it.
#[derive(Serialize)]
struct Plan<'a> {
    releasable: bool,
    releases: &'a [PackageRelease],
    pull_requests: &'a [PullRequest],
    files: &'a [FileUpdate],
    /// What happened on GitHub (with a token).
    #[serde(skip_serializing_if = "Option::is_none")]
    published: Option<&'a [Published]>,
}

/// The current versions: the manifest as committed at HEAD (so a second
/// local run, after the first rewrote it, plans the same release); its text
/// and where it was read.
fn read_manifest(global: &Global, args: &Args) -> Result<Option<(String, String)>, Error> {
    if let Some(path) = &args.manifest {
        return Ok(Some(read_input(path)?));
    }
    let name = ".release-please-manifest.json";
    let Some(on_disk) = source::read_in_repo(&global.repo, name)? else {
        return Ok(None);
    };
    let committed = history::show(&global.repo, "HEAD", name).ok().flatten();
    Ok(Some(match committed {
        Some(text) => (text, name.to_owned()),
        None => on_disk,
    }))
}

pub(crate) fn run(global: &Global, args: &Args) -> Result<Outcome, Error> {
    if global.format == Format::Github {
        return Err(Error::Usage(
            "`--format github` is not for `cicd release-pr`; use `text` or `json`".to_owned(),
        ));
    }
    let packages = args.release.packages(Some(&global.repo))?;
    let Some(first) = packages.first() else {
        return Err(Error::Usage(
            "the configuration names no package".to_owned(),
        ));
    };
    let manifest_path = args.manifest.clone().or_else(|| {
        Some(source::in_repo(
            &global.repo,
            ".release-please-manifest.json",
        ))
        .filter(|path| path.is_file())
    });
    let repository = source::repository(
        &global.repo,
        args.repository_url.as_deref(),
        first.package.changelog_host.as_deref(),
    )?;
    let client = if args.dry_run {
        None
    } else {
        args.github.client(Some(&repository))?
    };
    if client.is_none() {
        for loaded in &packages {
            if loaded.package.changelog_type == ChangelogType::Github {
                warn(&format!(
                    "`{}`: `changelog-type: github` asks GitHub to write the notes, which needs a token (and no `--dry-run`); Release Please's default notes are written instead",
                    loaded.path
                ));
            }
        }
    }
    let labels = Labels::new(first.top(Config::label), first.top(Config::release_label))
        .with_extra(first.package.extra_label.as_deref(), args.skip_labeling);
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

    let date = args.date.clone().unwrap_or_else(crate::clock::today);
    let manifest = read_manifest(global, args)?;
    let versions = match &manifest {
        Some((text, origin)) => release::read_manifest(text, origin)?,
        None => std::collections::BTreeMap::new(),
    };
    let recorded = manifest.as_ref().map(|_| &versions);
    let history = PackageHistory::read(global, args, &packages, recorded, &overrides)?;
    let no_logins = HashMap::new();
    let mut planner = Planner {
        global,
        args,
        history: &history,
        versions: &versions,
        recorded: manifest.is_some(),
        repository: &repository,
        date: &date,
        together: Together::default(),
        logins: &no_logins,
        client: client.as_ref(),
    };
    // `include-commit-authors` names authors by their GitHub login: asked of
    // GitHub when there is a token (else a no-reply address's, or the name).
    let logins = match &client {
        Some(client)
            if packages
                .iter()
                .any(|loaded| loaded.authors() == changelog::Authors::Shown) =>
        {
            author_logins(&planner, &packages, client)?
        }
        _ => HashMap::new(),
    };
    planner.logins = &logins;
    let mut planned = planner.plan_all(&packages)?;
    let groups = first
        .config
        .as_ref()
        .map(release::linked_groups)
        .unwrap_or_default();
    let mut forced: Vec<(usize, Forced)> = Vec::new();
    for group in &groups {
        link_versions(&planner, &packages, group, &mut planned, &mut forced)?;
    }
    let joined = release_together(
        &planner,
        &packages,
        first.config.as_ref(),
        &mut planned,
        &mut forced,
    )?;
    prefer_group(first.config.as_ref(), &mut planned);
    // The history is not needed any more, and the process ends soon:
    // freeing its thousands of commits one by one would be wasted time.
    crate::leak_at_exit(history);
    // Which releases each merged group holds, by position among the releases.
    let mut merged_groups: Vec<(&release::LinkedGroup, Vec<usize>)> = Vec::new();
    let mut releases = Vec::new();
    let mut namings = Vec::new();
    let mut planned: Vec<Option<(PackageRelease, Naming)>> = planned;
    // The workspace packages' PR, by position among the releases, and where
    // the workspaces' releases start.
    let mut workspace_merged = WorkspaceMerged::default();
    for &index in &joined.order {
        let Some((release, naming)) = planned[index].take() else {
            continue;
        };
        if joined.workspace[index] && workspace_merged.at.is_none() {
            workspace_merged.at = Some(releases.len());
        }
        if joined.merged[index] {
            workspace_merged.members.push(releases.len());
        }
        for group in groups.iter().filter(|group| group.merge) {
            // As Release Please: merged by the configured `component` key.
            let configured = packages
                .get(index)
                .and_then(|loaded| loaded.package.component.as_deref());
            if configured.is_some_and(|component| group.components.iter().any(|c| c == component)) {
                match merged_groups.iter_mut().find(|(known, _)| *known == group) {
                    Some((_, members)) => members.push(releases.len()),
                    None => merged_groups.push((group, vec![releases.len()])),
                }
                break;
            }
        }
        releases.push(release);
        namings.push(naming);
    }
    let mut out = Stdout::new();
    if releases.is_empty() {
        write_step_outputs(args, &[])?;
        warn("nothing to release: no change since the last release shows in the notes");
        if global.format == Format::Json {
            out.json(&Plan {
                releasable: false,
                releases: &[],
                pull_requests: &[],
                files: &[],
                published: None,
            })?;
        }
        out.flush()?;
        return Ok(Outcome::Pass);
    }
    let manifest_file = |chosen: &[&PackageRelease]| -> Result<Option<FileUpdate>, Error> {
        let (Some((before, _)), Some(path)) = (&manifest, &manifest_path) else {
            return Ok(None);
        };
        // A snapshot is no release: the manifest keeps the last one.
        let chosen: Vec<&&PackageRelease> =
            chosen.iter().filter(|release| !release.snapshot).collect();
        if chosen.is_empty() {
            return Ok(None);
        }
        let mut text = before.clone();
        for release in chosen {
            text = release::set_manifest_version(
                &text,
                &release.path,
                &version::parse(&release.version)?,
            );
        }
        Ok(Some(FileUpdate {
            path: relative(path, &global.repo),
            content: text,
            before: before.clone(),
        }))
    };
    let groups = pull_requests(
        first.config.as_ref(),
        &args.target_branch,
        &releases,
        &namings,
        (&merged_groups, &workspace_merged),
    )?;
    let mut pull_requests = Vec::new();
    let mut per_pull_request = Vec::new();
    let mut pull_request_labels = Vec::new();
    for (pull_request, members) in groups {
        let chosen: Vec<&PackageRelease> = members.iter().map(|&index| &releases[index]).collect();
        // A snapshot PR is labelled `autorelease: snapshot`, so that
        // `cicd release` leaves it; one that also releases carries both.
        let snapshots = chosen.iter().filter(|release| release.snapshot).count();
        pull_request_labels.push(if snapshots == 0 {
            labels.clone()
        } else {
            labels.with_snapshot(first.top(Config::snapshot_label), snapshots < chosen.len())
        });
        let mut files = unique_files(chosen.iter().flat_map(|release| release.files.clone()));
        files.extend(manifest_file(&chosen)?);
        pull_requests.push(pull_request);
        per_pull_request.push(files);
    }
    let all: Vec<&PackageRelease> = releases.iter().collect();
    let mut files = unique_files(releases.iter().flat_map(|release| release.files.clone()));
    files.extend(manifest_file(&all)?);

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
            &pull_requests,
            &per_pull_request,
            &pull_request_labels,
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
    match global.format {
        Format::Json => out.json(&Plan {
            releasable: true,
            releases: &releases,
            pull_requests: &pull_requests,
            files: &files,
            published: published.as_deref(),
        })?,
        _ => {
            out.write(&text_plan(&pull_requests, &files))?;
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

/// One file per path: a later update of a path (the same `Cargo.lock` from
/// two crates) replaces the earlier, in the earlier's place.
fn unique_files(files: impl IntoIterator<Item = FileUpdate>) -> Vec<FileUpdate> {
    let mut unique: Vec<FileUpdate> = Vec::new();
    for file in files {
        match unique.iter_mut().find(|known| known.path == file.path) {
            Some(known) => known.content = file.content,
            None => unique.push(file),
        }
    }
    unique
}

/// What every package's plan reads.
struct Planner<'a> {
    global: &'a Global,
    args: &'a Args,
    history: &'a PackageHistory,
    versions: &'a std::collections::BTreeMap<String, version::Version>,
    /// Whether there is a manifest (Release Please's manifest mode).
    recorded: bool,
    repository: &'a changelog::Repository,
    date: &'a str,
    /// The packages released together (`Cargo.lock`, the workspace plugins).
    together: Together<'a>,
    /// Commit authors' GitHub logins, by commit id, for
    /// `include-commit-authors` (read from GitHub when a token is given).
    logins: &'a HashMap<String, String>,
    /// GitHub, when a token is given: `changelog-type: github` notes.
    client: Option<&'a github::Client>,
}

/// The version a package must release at (its linked group's), and the
/// commit that carries it when the package has nothing of its own.
#[derive(Clone, Debug)]
struct Forced {
    version: version::Version,
    synchronize: Option<String>,
}

/// What a package's plan computes from its history alone, with no output:
/// the version, and the notes when it releases. The costly part of a plan,
/// made for every package at once, one per core.
struct Draft {
    naming: Naming,
    previous: release::Previous,
    decision: version::Decision,
    /// The release and its notes; `None` when nothing shows in the notes
    /// (and the release is not forced).
    release: Option<(Release, String)>,
    /// A `java`/`maven` snapshot release ([`release::java::needs_snapshot`]).
    snapshot: bool,
}

/// Title, branch and tag, the body, then each file's changed lines.
fn text_plan(pull_requests: &[PullRequest], files: &[FileUpdate]) -> String {
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
