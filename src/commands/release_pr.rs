//! `cicd release-pr`: the release Release Please would propose, from git and
//! the configuration: version, notes, PR title, branch and body, and the files
//! it rewrites. `--dry-run` prints the plan; with a GitHub token the files are
//! committed to the release branch and the PR opened or updated; otherwise
//! they are rewritten in place (atomically).

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use cicd_core::changelog::{self, Release};
use cicd_core::release::{self, Naming, PullRequest, java};
use cicd_core::{commits, history, version};
use serde::Serialize;

use super::Global;
use super::github_args::GitHubArgs;
use super::release_args::{Loaded, ReleaseArgs};
use super::release_files::{
    FileUpdate, Target, Together, Versions, relative, rewritten_files, snapshot_files,
};
use super::source::{self, SourceArgs, read_input};
use crate::Outcome;
use crate::error::{Error, warn};
use crate::github::{
    self,
    pulls::{self, FileChange, Labels, Proposal, Published},
};
use crate::output::{Format, Stdout};
use crate::step_outputs::StepOutputs;

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

/// One package's release.
#[derive(Serialize)]
struct PackageRelease {
    path: String,
    component: Option<String>,
    version: String,
    previous_tag: Option<String>,
    /// The tag the release will get; empty for a snapshot.
    tag: String,
    /// A `java`/`maven` release PR to the next `-SNAPSHOT` version: no
    /// notes, no tag, no manifest entry.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    snapshot: bool,
    #[serde(skip)]
    notes: String,
    /// The files of this package the release rewrites.
    #[serde(skip)]
    files: Vec<FileUpdate>,
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
    let path = source::in_repo(&global.repo, ".release-please-manifest.json");
    if !path.is_file() {
        return Ok(None);
    }
    let committed = history::show(&global.repo, "HEAD", ".release-please-manifest.json")
        .ok()
        .flatten();
    Ok(Some(match committed {
        Some(text) => (text, relative(&path, &global.repo)),
        None => read_input(&path)?,
    }))
}

pub(crate) fn run(global: &Global, args: &Args) -> Result<Outcome, Error> {
    if global.format == Format::Github {
        return Err(Error::Usage(
            "`--format github` is not for `cicd release-pr`; use `text` or `json`".to_owned(),
        ));
    }
    let default_config = source::in_repo(&global.repo, "release-please-config.json");
    let packages = args.release.packages(Some(&default_config))?;
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
        first.changelog_host.as_deref(),
    )?;
    let client = if args.dry_run {
        None
    } else {
        args.github.client(Some(&repository))?
    };
    if client.is_none() {
        for loaded in &packages {
            if loaded.text("changelog-type") == Some("github") {
                warn(&format!(
                    "`{}`: `changelog-type: github` asks GitHub to write the notes, which needs a token (and no `--dry-run`); Release Please's default notes are written instead",
                    loaded.path
                ));
            }
        }
    }
    let labels = Labels::new(first.text("label"), first.text("release-label"))
        .with_extra(first.text("extra-label"), args.skip_labeling);
    // With a token: the merged PRs, whose bodies may override their merge
    // commits' messages (`BEGIN_COMMIT_OVERRIDE`), as Release Please reads them.
    let mut overrides = HashMap::new();
    let mut snoozed = Vec::new();
    if let Some(client) = &client {
        let closed = pulls::recently_closed(client, &args.target_branch)?;
        let merged = pulls::merged(&closed);
        snoozed = pulls::snoozed(&closed);
        overrides = pulls::commit_overrides(&merged);
        let outstanding = pulls::pending(merged, &labels);
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
    }

    let date = args.date.clone().unwrap_or_else(crate::clock::today);
    // The committed manifest is read while the history is.
    let (manifest, history) = crate::parallel::join(
        || read_manifest(global, args),
        || PackageHistory::read(global, args, &packages, &overrides),
    );
    let (manifest, history) = (manifest?, history?);
    let versions = match &manifest {
        Some((text, origin)) => release::read_manifest(text, origin)?,
        None => std::collections::BTreeMap::new(),
    };
    let no_logins = HashMap::new();
    let mut planner = Planner {
        global,
        args,
        history: &history,
        versions: &versions,
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
            let configured = packages[index].text("component");
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
            labels.with_snapshot(first.text("snapshot-label"), snapshots < chosen.len())
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
        for file in &files {
            crate::files::write_atomically(&global.repo.join(&file.path), &file.content)?;
        }
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

/// Where the release PRs go.
struct Destination<'a> {
    client: &'a github::Client,
    /// The repository that holds the branch (a fork with `--fork`).
    head: &'a pulls::Head,
    /// Snoozed release PRs, reopened when their notes change.
    snoozed: &'a [serde_json::Value],
    /// The web root that links point under (`https://github.com`).
    host: &'a str,
}

/// Each release PR committed to its branch and opened or updated on GitHub,
/// on top of HEAD.
fn publish(
    global: &Global,
    destination: &Destination<'_>,
    first: &Loaded,
    target_branch: &str,
    pull_requests: &[PullRequest],
    files: &[Vec<FileUpdate>],
    labels: &[Labels],
) -> Result<Vec<Published>, Error> {
    let missing =
        || Error::Usage("the repository has no commit to build the release on".to_owned());
    let base_commit = history::resolve(&global.repo, "HEAD")?.ok_or_else(missing)?;
    let base_tree = history::resolve(&global.repo, "HEAD^{tree}")?.ok_or_else(missing)?;
    let signoff = first.text("signoff");
    let mut published = Vec::new();
    for ((pull_request, files), labels) in pull_requests.iter().zip(files).zip(labels) {
        let message = match signoff {
            Some(who) => format!("{}\n\nSigned-off-by: {who}", pull_request.title),
            None => pull_request.title.clone(),
        };
        let changes: Vec<FileChange<'_>> = files
            .iter()
            .map(|file| FileChange {
                path: &file.path,
                content: &file.content,
                executable: executable(&global.repo.join(&file.path)),
            })
            .collect();
        let proposal = Proposal {
            title: &pull_request.title,
            body: &pull_request.body,
            branch: &pull_request.branch,
            base: target_branch,
            base_commit: &base_commit,
            base_tree: &base_tree,
            message: &message,
            draft: first.flag("draft-pull-request", false),
            always_update: first.flag("always-update", false),
            head: destination.head,
            snoozed: destination.snoozed,
            host: destination.host,
        };
        published.push(pulls::publish(
            destination.client,
            &proposal,
            &changes,
            labels,
        )?);
    }
    Ok(published)
}

/// Whether a file has its executable bit set (kept in the release commit).
fn executable(path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        path.metadata()
            .is_ok_and(|metadata| metadata.permissions().mode() & 0o111 != 0)
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        false
    }
}

/// The release PRs, as Release Please makes them: one per package with
/// `separate-pull-requests` (or a single package), a merged `linked-versions`
/// group as one `chore(main): release <group> libraries` PR; otherwise one PR
/// for all, `chore: release main`, each package's notes in a `<details>`
/// block (those outside merged groups first). Each PR comes with the indexes
/// of the releases it holds.
fn pull_requests(
    config: Option<&release::Config>,
    target_branch: &str,
    releases: &[PackageRelease],
    namings: &[Naming],
    (merged_groups, workspace_merged): (&[(&release::LinkedGroup, Vec<usize>)], &WorkspaceMerged),
) -> Result<Vec<(PullRequest, Vec<usize>)>, Error> {
    let separate = config
        .and_then(|config| config.defaults.get("separate-pull-requests"))
        .and_then(serde_json::Value::as_bool)
        .unwrap_or(false);
    let several = config.is_some_and(|config| config.order.len() > 1);
    let grouped: Vec<usize> = merged_groups
        .iter()
        .flat_map(|(_, members)| members.iter().copied())
        .collect();
    let alone: Vec<usize> = (0..releases.len())
        .filter(|index| !grouped.contains(index))
        .collect();
    // Separate PRs: the workspaces' dependency-only releases share one.
    let gathered = if separate {
        workspace_merged.members.as_slice()
    } else {
        &[]
    };
    if several && !separate {
        let order: Vec<usize> = alone.iter().copied().chain(grouped).collect();
        // `group-pull-request-title-pattern`, filled with the root package's
        // component and version when it releases; the header, footer and
        // `component-no-space` of the first package in the configuration.
        let root = order.iter().find(|&&index| releases[index].path == ".");
        let root_version = root
            .map(|&index| version::parse(&releases[index].version))
            .transpose()?;
        let first_key = |key: &str| {
            config.and_then(|config| {
                config
                    .order
                    .first()
                    .and_then(|path| config.value(path, key))
            })
        };
        let text = |key: &str| first_key(key).and_then(serde_json::Value::as_str);
        let pattern = config
            .and_then(|config| config.defaults.get("group-pull-request-title-pattern"))
            .and_then(serde_json::Value::as_str)
            .unwrap_or(release::GROUP_TITLE_PATTERN);
        return Ok(vec![(
            PullRequest {
                title: release::title(
                    pattern,
                    root.and_then(|&index| namings[index].component.as_deref()),
                    target_branch,
                    root_version.as_ref(),
                    first_key("component-no-space")
                        .and_then(serde_json::Value::as_bool)
                        .unwrap_or(false),
                ),
                branch: format!("release-please--branches--{target_branch}"),
                tag: String::new(),
                body: release::body_with(
                    text("pull-request-header"),
                    text("pull-request-footer"),
                    &details(releases, &order),
                ),
            },
            order,
        )]);
    }
    let mut out = Vec::new();
    // Before the workspaces' own PRs, as Release Please lists it.
    let mut gathered_pending = !gathered.is_empty();
    for index in alone {
        if gathered_pending && workspace_merged.at.is_some_and(|at| index >= at) {
            out.push(workspace_pull_request(target_branch, releases, gathered));
            gathered_pending = false;
        }
        if gathered.contains(&index) {
            continue;
        }
        let (release, naming) = (&releases[index], &namings[index]);
        let version = version::parse(&release.version)?;
        let pull_request = if release.snapshot {
            // Release Please words a snapshot PR its own way: the default
            // title, header and footer, whatever the package configures.
            let plain = Naming {
                title_pattern: None,
                component_no_space: false,
                header: None,
                footer: None,
                ..naming.clone()
            };
            let mut pull_request = plain.pull_request(&version, &release.notes);
            pull_request.tag.clear();
            pull_request
        } else {
            naming.pull_request(&version, &release.notes)
        };
        out.push((pull_request, vec![index]));
    }
    if gathered_pending {
        out.push(workspace_pull_request(target_branch, releases, gathered));
    }
    for (group, members) in merged_groups {
        out.push((
            PullRequest {
                title: group.title(target_branch),
                branch: group.branch(target_branch),
                tag: String::new(),
                body: release::body(&details(releases, members)),
            },
            members.clone(),
        ));
    }
    Ok(out)
}

/// Where the workspace plugins' dependency-only releases go: their
/// positions among the releases, and where the workspaces' releases start.
#[derive(Debug, Default)]
struct WorkspaceMerged {
    members: Vec<usize>,
    at: Option<usize>,
}

/// The PR that a workspace plugin's `merge` gathers its dependency-only
/// releases into, as Release Please words it whatever the configuration:
/// `chore: release main` on `release-please--branches--main`, the default
/// header and footer.
fn workspace_pull_request(
    target_branch: &str,
    releases: &[PackageRelease],
    members: &[usize],
) -> (PullRequest, Vec<usize>) {
    (
        PullRequest {
            title: release::title(
                release::GROUP_TITLE_PATTERN,
                None,
                target_branch,
                None,
                false,
            ),
            branch: format!("release-please--branches--{target_branch}"),
            tag: String::new(),
            body: release::body(&details(releases, members)),
        },
        members.to_vec(),
    )
}

/// The `<details><summary>component: version</summary>` block of each
/// release, in `order`.
fn details(releases: &[PackageRelease], order: &[usize]) -> String {
    order
        .iter()
        .map(|&index| {
            let release = &releases[index];
            let summary = match &release.component {
                Some(component) => format!("{component}: {}", release.version),
                None => release.version.clone(),
            };
            format!(
                "<details><summary>{summary}</summary>\n\n{}\n</details>",
                release.notes
            )
        })
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// `linked-versions`: when a member of `group` releases, every member
/// releases at the highest version any of them reaches; a member with
/// nothing of its own gets a `Synchronize` chore that carries it.
fn link_versions(
    planner: &Planner<'_>,
    packages: &[Loaded],
    group: &release::LinkedGroup,
    planned: &mut [Option<(PackageRelease, Naming)>],
    forced: &mut Vec<(usize, Forced)>,
) -> Result<(), Error> {
    let members: Vec<usize> = (0..packages.len())
        .filter(|&index| {
            planner.history.namings[index]
                .branch_component
                .as_ref()
                .is_some_and(|component| group.components.contains(component))
        })
        .collect();
    let mut reached = Vec::new();
    for &index in &members {
        if let Some((release, _)) = &planned[index] {
            reached.push(version::parse(&release.version)?);
        }
    }
    let Some(linked) = release::linked_version(&reached).cloned() else {
        return Ok(());
    };
    for &index in &members {
        let synchronize = match &planned[index] {
            Some(_) => None,
            None => planner.history.namings[index]
                .branch_component
                .as_deref()
                .map(|component| group.synchronize_message(component, &linked)),
        };
        let current = planner.versions.get(&packages[index].path);
        if current.is_some_and(|current| *current > linked) {
            warn(&format!(
                "linked-versions `{}`: `{}` goes from {} down to {linked}, the group's version (as Release Please does)",
                group.name,
                packages[index].path,
                current.map(ToString::to_string).unwrap_or_default()
            ));
        }
        let force = Forced {
            version: linked.clone(),
            synchronize,
        };
        planned[index] = planner.plan(index, &packages[index], Some(&force))?;
        forced.retain(|(at, _)| *at != index);
        forced.push((index, force));
    }
    Ok(())
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

/// Packages released together. Each `Cargo.lock` update holds every released
/// crate's version. With `cargo-workspace`, the crates that depend on a
/// released one release too (a patch); with `node-workspace`, the node
/// packages that depend on a released one (the bump their versioning gives a
/// change); their manifests and notes say which dependency moved, and they
/// come in name order after the other packages, as Release Please orders
/// them.
fn release_together(
    planner: &Planner<'_>,
    packages: &[Loaded],
    config: Option<&release::Config>,
    planned: &mut [Option<(PackageRelease, Naming)>],
    forced: &mut Vec<(usize, Forced)>,
) -> Result<Joined, Error> {
    let repo = &planner.global.repo;
    let cargo_plugin = config.and_then(|config| plugin(config, "cargo-workspace"));
    let cargo_workspace = cargo_plugin.is_some();
    // `updateAllPackages`: every package of the workspace releases.
    let all = |plugin: Option<&serde_json::Value>| {
        plugin
            .and_then(|plugin| plugin.get("updateAllPackages"))
            .and_then(serde_json::Value::as_bool)
            .unwrap_or(false)
    };
    let node_plugin = config.and_then(|config| plugin(config, "node-workspace"));
    if config
        .and_then(|config| plugin(config, "maven-workspace"))
        .is_some()
    {
        warn(
            "release-please-config.json: the `maven-workspace` plugin is not supported yet; ignored",
        );
    }
    let node_peers = node_plugin
        .and_then(|plugin| plugin.get("updatePeerDependencies"))
        .and_then(serde_json::Value::as_bool)
        .unwrap_or(false);
    // Each package's name in its ecosystem: crate or npm package.
    let mut names: Vec<Option<String>> = Vec::with_capacity(packages.len());
    for loaded in packages {
        let (file, kind) = match loaded.options.release_type() {
            "rust" => ("Cargo.toml", release::FileKind::CargoToml),
            "node" => ("package.json", release::FileKind::PackageJson),
            _ => {
                names.push(None);
                continue;
            }
        };
        names.push(
            super::release_args::read_if_exists(&loaded.dir(repo).join(file))?
                .and_then(|text| release::package_name(kind, &text)),
        );
    }
    let released = |kind: &str| -> Result<Versions, Error> {
        let mut versions = Versions::new();
        for (index, plan) in planned.iter().enumerate() {
            if packages[index].options.release_type() != kind {
                continue;
            }
            if let (Some(name), Some((release, _))) = (&names[index], plan) {
                versions.insert(name.clone(), version::parse(&release.version)?);
            }
        }
        Ok(versions)
    };
    let mut crates = released("rust")?;
    let mut node = released("node")?;
    // A dependency's bump, unless the package releases at a version already.
    let mut bump = |index: usize, version: version::Version| {
        if !forced.iter().any(|(at, _)| *at == index) {
            forced.push((
                index,
                Forced {
                    version,
                    synchronize: None,
                },
            ));
        }
    };
    if cargo_workspace {
        let members = super::release_workspace::cargo_members(repo)?;
        let started: Vec<&str> = crates.keys().map(String::as_str).collect();
        let mut moving = release::dependents(&members, &started);
        if all(cargo_plugin) {
            moving = members
                .iter()
                .map(|member| member.name.clone())
                .filter(|name| !crates.contains_key(name))
                .collect();
        }
        for name in moving {
            let Some(member) = members.iter().find(|member| member.name == name) else {
                continue;
            };
            let configured = packages.iter().position(|loaded| {
                loaded.path.trim_start_matches("./").trim_end_matches('/') == member.path
            });
            match (configured, &member.version) {
                (Some(index), Some(current)) => {
                    let next = release::dependency_bump(current);
                    crates.insert(name.clone(), next.clone());
                    bump(index, next);
                }
                (None, _) => warn(&format!(
                    "`cargo-workspace`: `{name}` ({}) depends on a released crate but is not a package of the configuration; not released",
                    member.path
                )),
                (Some(_), None) => warn(&format!(
                    "`cargo-workspace`: `{name}` has no plain `[package].version` (`version.workspace = true`?); not released"
                )),
            }
        }
    }
    if node_plugin.is_some() {
        // The node packages of the configuration, by their package.json.
        let mut members = Vec::new();
        let mut indexes = Vec::new();
        for (index, loaded) in packages.iter().enumerate() {
            if loaded.options.release_type() != "node" {
                continue;
            }
            let manifest = loaded.dir(repo).join("package.json");
            let Some(text) = super::release_args::read_if_exists(&manifest)? else {
                continue;
            };
            if let Some(member) =
                release::node_member(&relative(&manifest, repo), &text, &loaded.path, node_peers)?
            {
                members.push(member);
                indexes.push(index);
            }
        }
        let started: Vec<&str> = node.keys().map(String::as_str).collect();
        let mut moving = release::dependents(&members, &started);
        if all(node_plugin) {
            moving = members
                .iter()
                .map(|member| member.name.clone())
                .filter(|name| !node.contains_key(name))
                .collect();
        }
        for name in moving {
            let Some(at) = members.iter().position(|member| member.name == name) else {
                continue;
            };
            let index = indexes[at];
            let Some(current) = &members[at].version else {
                warn(&format!(
                    "`node-workspace`: `{name}` has no valid `version`; not released"
                ));
                continue;
            };
            // The bump the package's versioning gives one change.
            let change = commits::parse("", "fix: update dependencies");
            let next = version::next(Some(current), &[change], &packages[index].options)?.version;
            node.insert(name.clone(), next.clone());
            bump(index, next);
        }
    }
    let together = Together {
        crates: Some(&crates).filter(|crates| !crates.is_empty()),
        cargo_dependencies: cargo_workspace,
        node: Some(&node).filter(|node| node_plugin.is_some() && !node.is_empty()),
        node_peers,
    };
    let replan = crates.len() > 1 || cargo_workspace || together.node.is_some();
    let planned_before: Vec<bool> = planned.iter().map(Option::is_some).collect();
    if replan {
        let planner = Planner {
            together,
            ..*planner
        };
        for index in 0..packages.len() {
            let map = match packages[index].options.release_type() {
                "rust" => &crates,
                "node" if together.node.is_some() => &node,
                _ => continue,
            };
            if !names[index]
                .as_ref()
                .is_some_and(|name| map.contains_key(name))
            {
                continue;
            }
            let force = forced
                .iter()
                .find(|(at, _)| *at == index)
                .map(|(_, force)| force);
            if force.is_some() || planned[index].is_some() {
                planned[index] = planner.plan(index, &packages[index], force)?;
            }
        }
    }
    let mut order: Vec<usize> = (0..packages.len()).collect();
    let in_workspace = |index: usize| match packages[index].options.release_type() {
        "rust" => cargo_workspace,
        "node" => node_plugin.is_some(),
        _ => false,
    };
    // The plugin's `merge: true` gathers the packages it makes release, with
    // nothing of their own, into one PR even when the PRs are separate (its
    // default, `!separate-pull-requests`, gathers them only when everything
    // is in one PR anyway).
    let merges = |plugin: Option<&serde_json::Value>| {
        plugin.is_some_and(|plugin| {
            plugin.get("merge").and_then(serde_json::Value::as_bool) == Some(true)
        })
    };
    let merged: Vec<bool> = (0..packages.len())
        .map(|index| {
            let plugin = match packages[index].options.release_type() {
                "rust" => cargo_plugin,
                "node" => node_plugin,
                _ => None,
            };
            in_workspace(index)
                && merges(plugin)
                && !planned_before[index]
                && planned[index].is_some()
        })
        .collect();
    let workspace: Vec<bool> = (0..packages.len()).map(in_workspace).collect();
    // Other packages first, in the configuration's order; then the
    // workspaces' packages by name.
    order.sort_by(|&a, &b| match (in_workspace(a), in_workspace(b)) {
        (true, true) => release::name_order(
            names[a].as_deref().unwrap_or_default(),
            names[b].as_deref().unwrap_or_default(),
        ),
        (true, false) => std::cmp::Ordering::Greater,
        (false, true) => std::cmp::Ordering::Less,
        (false, false) => a.cmp(&b),
    });
    Ok(Joined {
        order,
        workspace,
        merged,
    })
}

/// The `group-priority` plugin: when releases of a group it lists are
/// planned (the first such group in its order), only they are made this
/// run, as Release Please does. Snapshot releases of `java` and `maven`
/// packages are the group `snapshot`; other releases belong to none.
fn prefer_group(
    config: Option<&release::Config>,
    planned: &mut [Option<(PackageRelease, Naming)>],
) {
    let Some(groups) = config
        .and_then(|config| plugin(config, "group-priority"))
        .and_then(|plugin| plugin.get("groups"))
        .and_then(serde_json::Value::as_array)
    else {
        return;
    };
    let group_of = |release: &PackageRelease| release.snapshot.then_some("snapshot");
    let preferred = groups
        .iter()
        .filter_map(serde_json::Value::as_str)
        .find(|group| {
            planned
                .iter()
                .flatten()
                .any(|(release, _)| group_of(release) == Some(*group))
        });
    if let Some(group) = preferred {
        for plan in planned.iter_mut() {
            if plan
                .as_ref()
                .is_some_and(|(release, _)| group_of(release) != Some(group))
            {
                *plan = None;
            }
        }
    }
}

/// The releases' order and grouping that [`release_together`] decides.
struct Joined {
    /// The packages in the order of their releases: the others first, in the
    /// configuration's order, then the workspaces' by name.
    order: Vec<usize>,
    /// Whether each package belongs to a workspace plugin.
    workspace: Vec<bool>,
    /// Whether each package releases only for a workspace dependency, with
    /// the plugin's `merge: true`: Release Please gathers those into one PR
    /// when the PRs are otherwise separate.
    merged: Vec<bool>,
}

/// The `### Dependencies` notes of a package released with others: what
/// `cargo-workspace` or `node-workspace` changes in its manifest.
fn dependency_notes(
    repo: &Path,
    loaded: &Loaded,
    release_type: &str,
    together: Together<'_>,
) -> Result<String, Error> {
    let (file, versions) = match (release_type, together.cargo_dependencies) {
        ("rust", true) => ("Cargo.toml", together.crates),
        ("node", _) => ("package.json", together.node),
        _ => return Ok(String::new()),
    };
    let Some(versions) = versions else {
        return Ok(String::new());
    };
    let manifest = loaded.dir(repo).join(file);
    let Some(text) = super::release_args::read_if_exists(&manifest)? else {
        return Ok(String::new());
    };
    let display = relative(&manifest, repo);
    Ok(if release_type == "rust" {
        release::dependency_notes(&release::set_cargo_dependencies(&display, &text, versions)?.1)
    } else {
        release::dependency_notes(
            &release::set_node_dependencies(&display, &text, versions, together.node_peers)?.1,
        )
    })
}

/// The configuration's plugin of `kind`, as an object (`{}` for `"kind"`).
fn plugin<'a>(config: &'a release::Config, kind: &str) -> Option<&'a serde_json::Value> {
    static EMPTY: OnceLock<serde_json::Value> = OnceLock::new();
    config
        .defaults
        .get("plugins")
        .and_then(serde_json::Value::as_array)?
        .iter()
        .find_map(|plugin| {
            if plugin.as_str() == Some(kind) {
                Some(EMPTY.get_or_init(|| serde_json::json!({})))
            } else if plugin.get("type").and_then(serde_json::Value::as_str) == Some(kind) {
                Some(plugin)
            } else {
                None
            }
        })
}

/// What every package's plan reads.
struct Planner<'a> {
    global: &'a Global,
    args: &'a Args,
    history: &'a PackageHistory,
    versions: &'a std::collections::BTreeMap<String, version::Version>,
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
    last: Option<history::Tag>,
    decision: version::Decision,
    /// The release and its notes; `None` when nothing shows in the notes
    /// (and the release is not forced).
    release: Option<(Release, String)>,
    /// A `java`/`maven` snapshot release ([`java::needs_snapshot`]).
    snapshot: bool,
}

impl Planner<'_> {
    /// One package: its last release, its commits, the version, the notes and the
    /// files to rewrite; `None` when nothing of it shows in the notes.
    fn plan(
        &self,
        index: usize,
        loaded: &Loaded,
        forced: Option<&Forced>,
    ) -> Result<Option<(PackageRelease, Naming)>, Error> {
        let draft = self.draft(index, loaded, forced)?;
        self.finish(loaded, forced, draft)
    }

    /// [`Self::plan`] for every package, unforced: the drafts made in
    /// parallel, then finished in order (warnings and errors come as a
    /// sequential run gives them).
    fn plan_all(
        &self,
        packages: &[Loaded],
    ) -> Result<Vec<Option<(PackageRelease, Naming)>>, Error> {
        let drafts =
            crate::parallel::map(packages, |index, loaded| self.draft(index, loaded, None));
        packages
            .iter()
            .zip(drafts)
            .map(|(loaded, draft)| self.finish(loaded, None, draft?))
            .collect()
    }

    /// The version and notes of package `index`; no output, no file read
    /// but its history.
    fn draft(
        &self,
        index: usize,
        loaded: &Loaded,
        forced: Option<&Forced>,
    ) -> Result<Draft, Error> {
        let Self {
            global,
            args,
            history,
            versions,
            repository,
            date,
            ..
        } = *self;
        let from_manifest = versions.get(&loaded.path);
        let naming = history.namings[index].clone();
        let last = history.last[index].clone();
        let current = match &args.current {
            Some(text) => Some(version::parse(text)?),
            None => from_manifest.cloned().or_else(|| {
                last.as_ref()
                    .and_then(|tag| tag.release.as_ref())
                    .map(|release| release.version.clone())
            }),
        };
        let mut commits = history.commits(global, args, (index, loaded), last.as_ref())?;
        if loaded.authors() == changelog::Authors::Shown {
            with_logins(&mut commits, self.logins);
        }
        let mut options = loaded.options.clone();
        if let Some(forced) = forced {
            options.release_as = Some(forced.version.to_string());
            if let Some(message) = &forced.synchronize {
                commits.push(Cow::Owned(commits::parse("", message)));
            }
        }
        // The last release: its tag's version; without tags (`--commits`,
        // `--range`), the manifest's.
        let last_version = last
            .as_ref()
            .and_then(|tag| tag.release.as_ref())
            .map(|release| &release.version)
            .or_else(|| from_manifest.filter(|_| !history.tags_read));
        if forced.is_none() && self.needs_snapshot(loaded, &naming, last_version, &commits) {
            if let Some(last_version) = last_version.cloned() {
                return self.snapshot_draft(naming, last, &last_version, &options);
            }
        }
        let decision = version::next(current.as_ref(), &commits, &options)?;
        // A forced release (linked versions, a dependency's) releases anyway.
        let release = (decision.releasable || forced.is_some()).then(|| {
            let release = Release {
                version: decision.version.to_string(),
                previous_tag: last
                    .as_ref()
                    .map(|tag| tag.name.clone())
                    .or_else(|| current.as_ref().map(|current| naming.tag(current))),
                tag: naming.tag(&decision.version),
                date: date.to_owned(),
                repository: repository.clone(),
                authors: loaded.authors(),
            };
            let notes = changelog::render(
                &release,
                commits.iter().map(|commit| &**commit),
                &options.sections(),
            );
            (release, notes)
        });
        // `changelog-type: github`: the notes GitHub writes, under Release
        // Please's heading.
        let release = match (release, self.client) {
            (Some((release, _)), Some(client))
                if loaded.text("changelog-type") == Some("github") =>
            {
                let body = github::releases::generated_notes(
                    client,
                    &release.tag,
                    &args.target_branch,
                    release.previous_tag.as_deref(),
                )?;
                let notes = format!("## {} ({})\n\n{body}", release.version, release.date);
                Some((release, notes))
            }
            (release, _) => release,
        };
        Ok(Draft {
            naming,
            last,
            decision,
            release,
            snapshot: false,
        })
    }

    /// Whether a `java` or `maven` package is due its snapshot release PR:
    /// after a release, until a merged release PR of the commits since
    /// names a `-SNAPSHOT` of it (the commit's first line is the PR's
    /// title, GitHub's ` (#12)` aside; a merge commit's change lines too).
    fn needs_snapshot(
        &self,
        loaded: &Loaded,
        naming: &Naming,
        last: Option<&version::Version>,
        commits: &[Cow<'_, commits::Commit>],
    ) -> bool {
        if !java::has_snapshots(loaded.options.release_type()) {
            return false;
        }
        // A maven package whose pom already says `-SNAPSHOT` has had its
        // snapshot, whatever the merged PR was titled (a combined PR's
        // `chore: release main` names no version; Release Please would
        // propose the snapshot again and again).
        if loaded.options.release_type() == "maven" {
            let pom =
                super::release_args::read_if_exists(&loaded.dir(&self.global.repo).join("pom.xml"))
                    .ok()
                    .flatten();
            let version = pom.as_deref().and_then(release::pom_version);
            if version.is_some_and(|version| version.contains("SNAPSHOT")) {
                return false;
            }
        }
        let mut titles: Vec<String> = Vec::new();
        for commit in commits {
            titles.push(java::pull_request_title(&commit.summary).to_owned());
            if commit.merge.is_some() {
                titles.extend(
                    commit
                        .changes()
                        .map(|change| java::pull_request_title(&change.header()).to_owned()),
                );
            }
        }
        java::needs_snapshot(
            last,
            loaded.flag("skip-snapshot", false),
            titles.iter().map(String::as_str),
            (
                naming
                    .title_pattern
                    .as_deref()
                    .unwrap_or(release::TITLE_PATTERN),
                naming.component_no_space,
            ),
            naming.component.as_deref(),
        )
    }

    /// The snapshot release after `last_version`: the version a fix would
    /// give, with `-SNAPSHOT` (Release Please's `JavaAddSnapshot`), and its
    /// fixed notes.
    fn snapshot_draft(
        &self,
        naming: Naming,
        last: Option<history::Tag>,
        last_version: &version::Version,
        options: &version::Options,
    ) -> Result<Draft, Error> {
        let mut plain = options.clone();
        plain.release_as = None;
        let fix = commits::parse("", "fix: fake fix");
        let mut decision = version::next(Some(last_version), &[fix], &plain)?;
        decision.version = java::with_snapshot(&decision.version);
        decision.warnings.clear();
        let release = Release {
            version: decision.version.to_string(),
            previous_tag: last.as_ref().map(|tag| tag.name.clone()),
            tag: String::new(),
            date: self.date.to_owned(),
            repository: self.repository.clone(),
            authors: changelog::Authors::Hidden,
        };
        Ok(Draft {
            naming,
            last,
            decision,
            release: Some((release, java::SNAPSHOT_NOTES.to_owned())),
            snapshot: true,
        })
    }

    /// The warnings of `draft`, then its dependency notes and files.
    fn finish(
        &self,
        loaded: &Loaded,
        forced: Option<&Forced>,
        draft: Draft,
    ) -> Result<Option<(PackageRelease, Naming)>, Error> {
        let Draft {
            naming,
            last,
            decision,
            release,
            snapshot,
        } = draft;
        let from_manifest = self.versions.get(&loaded.path);
        if let (Some(manifest), Some(tag), None) = (from_manifest, &last, forced) {
            let tagged = tag.release.as_ref().map(|release| &release.version);
            if tagged != Some(manifest) {
                warn(&format!(
                    "the manifest says `{}` is at {manifest} but its last tag here is `{}`: the notes start there; fetch the tags (`git fetch --tags`) if `{}` exists",
                    loaded.path,
                    tag.name,
                    naming.tag(manifest)
                ));
            }
        }
        if forced.is_none() {
            for warning in &decision.warnings {
                warn(warning);
            }
        }
        let Some((release, notes)) = release else {
            return Ok(None);
        };
        let repo = &self.global.repo;
        if snapshot {
            let package = PackageRelease {
                path: loaded.path.clone(),
                component: naming.component.clone(),
                version: release.version,
                previous_tag: release.previous_tag,
                tag: String::new(),
                snapshot: true,
                files: snapshot_files(loaded, repo, &decision.version, self.date)?,
                notes,
            };
            return Ok(Some((package, naming)));
        }
        let notes = release::with_dependency_notes(
            &notes,
            &dependency_notes(repo, loaded, loaded.options.release_type(), self.together)?,
        );
        let target = Target {
            version: &decision.version,
            previous: decision.previous.as_ref(),
            date: self.date,
            component: naming.branch_component.as_deref(),
        };
        let files = rewritten_files(loaded, repo, target, &notes, self.together)?;
        let package = PackageRelease {
            path: loaded.path.clone(),
            component: naming.component.clone(),
            version: release.version,
            previous_tag: release.previous_tag,
            tag: release.tag,
            snapshot: false,
            notes,
            files,
        };
        Ok(Some((package, naming)))
    }
}

/// Release Please's cut-offs: `last-release-sha`, or `bootstrap-sha` when a
/// package has no release yet. Commits either reaches are older than any
/// release to be made; an unknown commit is an error.
fn cutoff(
    repo: &Path,
    packages: &[Loaded],
    last: &[Option<history::Tag>],
) -> Result<Vec<String>, Error> {
    let key = |name: &str| packages.first().and_then(|loaded| loaded.text(name));
    let (name, sha) = match (key("last-release-sha"), key("bootstrap-sha")) {
        (Some(sha), _) => ("last-release-sha", sha),
        (None, Some(sha)) if last.iter().any(Option::is_none) => ("bootstrap-sha", sha),
        _ => return Ok(Vec::new()),
    };
    match history::resolve(repo, &format!("{sha}^{{commit}}"))? {
        Some(commit) => Ok(vec![commit]),
        None => Err(Error::Usage(format!(
            "`{name}` `{sha}` is not a commit of this clone: fetch the whole history (`fetch-depth: 0`) or correct release-please-config.json"
        ))),
    }
}

/// Each package's naming and last release, and for a monorepo the history
/// of all its packages read at once.
struct PackageHistory {
    namings: Vec<Naming>,
    /// Each package's last release tag that `HEAD` reaches (none when the
    /// commits come from `--commits` or `--range`).
    last: Vec<Option<history::Tag>>,
    /// The commits of every package, split by folder, when there are
    /// several packages or `exclude-paths`.
    packages: Option<history::Packages<LazyCommit>>,
    /// Commits older than any release: `last-release-sha`, or
    /// `bootstrap-sha` when a package has no release yet.
    cutoff: Vec<String>,
    /// Whether the release tags were read (not with `--commits` or
    /// `--range`, where the manifest alone says what was released).
    tags_read: bool,
    /// Messages that merged PRs set for their merge commits, by commit id.
    overrides: HashMap<String, String>,
}

/// `raw` with the message a merged PR's body sets for it, if any.
fn overridden(
    mut raw: history::RawCommit,
    overrides: &HashMap<String, String>,
) -> history::RawCommit {
    if let Some(message) = overrides.get(&raw.id) {
        raw.message.clone_from(message);
    }
    raw
}

impl PackageHistory {
    fn read(
        global: &Global,
        args: &Args,
        packages: &[Loaded],
        overrides: &HashMap<String, String>,
    ) -> Result<Self, Error> {
        let configured = packages;
        let mut namings = Vec::new();
        for loaded in packages {
            if !loaded.dir(&global.repo).is_dir() {
                return Err(Error::Usage(format!(
                    "the package path `{}` is not a directory",
                    loaded.path
                )));
            }
            namings.push(loaded.naming(&global.repo, &args.target_branch)?);
        }
        let excludes: Vec<Vec<String>> = packages
            .iter()
            .map(|loaded| {
                loaded
                    .value("exclude-paths")
                    .and_then(serde_json::Value::as_array)
                    .into_iter()
                    .flatten()
                    .filter_map(serde_json::Value::as_str)
                    .map(str::to_owned)
                    .collect()
            })
            .collect();
        // Split by folder as Release Please does whenever a package is not
        // the root alone (its empty commits belong to every package, which
        // `git log -- PATH` would drop).
        let split = packages.iter().any(|loaded| loaded.path != ".")
            || excludes.iter().any(|paths| !paths.is_empty());
        let folders: Vec<history::Folder<'_>> = packages
            .iter()
            .zip(&excludes)
            .map(|(loaded, exclude)| history::Folder {
                path: &loaded.path,
                exclude,
            })
            .collect();
        let parse = |raw| LazyCommit::new(overridden(raw, overrides));
        let from_git = args.source.commits.is_none() && args.source.range.is_none();
        if !from_git {
            let packages = if split {
                let raw: Vec<history::RawCommit> = match &args.source.range {
                    Some(range) => history::read(
                        &global.repo,
                        &history::Query {
                            range: Some(range.clone()),
                            first_parent: args.source.first_parent,
                            files: true,
                            tags: false,
                            paths: Vec::new(),
                            exclude: Vec::new(),
                        },
                    )?,
                    None => args
                        .source
                        .open(&global.repo)?
                        .collect::<cicd_core::Result<_>>()?,
                };
                Some(history::Packages::new(raw, &folders, parse))
            } else {
                None
            };
            return Ok(Self {
                last: vec![None; namings.len()],
                namings,
                packages,
                cutoff: Vec::new(),
                tags_read: false,
                overrides: overrides.clone(),
            });
        }
        // Each package's highest release tag; checked to be `HEAD`'s after
        // reading (cheaper than asking git which tags `HEAD` reaches).
        let latest = |tags: &[history::Tag]| -> Vec<Option<history::Tag>> {
            namings
                .iter()
                .map(|naming| history::latest_release(tags, naming.component.as_deref()).cloned())
                .collect()
        };
        let read = |last: &[Option<history::Tag>]| -> Result<Option<history::Packages<LazyCommit>>, Error> {
            if !split {
                return Ok(None);
            }
            let boundaries: Vec<Option<&history::Tag>> = last.iter().map(Option::as_ref).collect();
            Ok(Some(history::Packages::read(
                &global.repo,
                &folders,
                &boundaries,
                args.source.first_parent,
                &cutoff(&global.repo, configured, last)?,
                parse,
            )?))
        };
        let mut last = latest(&history::tags(&global.repo)?);
        let mut packages = read(&last)?;
        let mut reached = true;
        for tag in last.iter().flatten() {
            let read = packages
                .as_ref()
                .is_some_and(|packages| packages.reaches(&tag.target));
            if !read && !history::is_ancestor(&global.repo, &tag.target, "HEAD")? {
                reached = false;
                break;
            }
        }
        if !reached {
            // A newer release is tagged on another branch: the last ones
            // `HEAD` reaches, then.
            last = latest(&history::reachable_tags(&global.repo, "HEAD")?);
            packages = read(&last)?;
        }
        let cutoff = cutoff(&global.repo, configured, &last)?;
        Ok(Self {
            namings,
            last,
            packages,
            cutoff,
            tags_read: true,
            overrides: overrides.clone(),
        })
    }

    /// The commits of package `index` since `last`: from the monorepo's
    /// history, from `--commits` / `--range`, or for a single package from
    /// `git log`.
    fn commits(
        &self,
        global: &Global,
        args: &Args,
        (index, loaded): (usize, &Loaded),
        last: Option<&history::Tag>,
    ) -> Result<Vec<Cow<'_, commits::Commit>>, Error> {
        let commits: Vec<Cow<'_, commits::Commit>> = if let Some(packages) = &self.packages {
            packages
                .unreleased(index, last)
                .into_iter()
                .map(|commit| Cow::Borrowed(commit.parsed()))
                .collect()
        } else {
            // Parsed as git writes the next ones.
            let parse = |raw| Cow::Owned(commits::from_raw(overridden(raw, &self.overrides)));
            if args.source.commits.is_some() || args.source.range.is_some() {
                args.source
                    .open(&global.repo)?
                    .map(|raw| raw.map(parse))
                    .collect::<cicd_core::Result<_>>()?
            } else {
                let query = history::Query {
                    range: last.map(|tag| format!("{}..HEAD", tag.name)),
                    first_parent: args.source.first_parent,
                    files: false,
                    tags: false,
                    paths: if loaded.path == "." {
                        Vec::new()
                    } else {
                        vec![loaded.path.clone()]
                    },
                    exclude: self.cutoff.clone(),
                };
                history::log(&global.repo, &query)?
                    .map(|raw| raw.map(parse))
                    .collect::<cicd_core::Result<_>>()?
            }
        };
        Ok(match &loaded.sentence_case {
            Some(words) => {
                let owned = commits.into_iter().map(Cow::into_owned).collect();
                changelog::sentence_case(owned, words)
                    .into_iter()
                    .map(Cow::Owned)
                    .collect()
            }
            None => commits,
        })
    }
}

/// Give each commit's author the GitHub login `logins` has for it, unless
/// the author has one already.
fn with_logins(commits: &mut [Cow<'_, commits::Commit>], logins: &HashMap<String, String>) {
    for commit in commits {
        let known = commit
            .author
            .as_ref()
            .is_some_and(|author| author.login().is_some());
        if let (false, Some(login)) = (known, logins.get(&commit.id)) {
            if let Some(author) = &mut commit.to_mut().author {
                author.username = Some(login.clone());
            }
        }
    }
}

/// The GitHub logins of the authors of the commits that the packages with
/// `include-commit-authors` show, by commit id.
fn author_logins(
    planner: &Planner<'_>,
    packages: &[Loaded],
    client: &github::Client,
) -> Result<HashMap<String, String>, Error> {
    let mut wanted = HashSet::new();
    for (index, loaded) in packages.iter().enumerate() {
        if loaded.authors() != changelog::Authors::Shown {
            continue;
        }
        let last = planner.history.last[index].as_ref();
        let commits =
            planner
                .history
                .commits(planner.global, planner.args, (index, loaded), last)?;
        wanted.extend(commits.iter().map(|commit| commit.id.clone()));
    }
    let Some(head) = history::resolve(&planner.global.repo, "HEAD")? else {
        return Ok(HashMap::new());
    };
    Ok(github::commits::logins(client, &head, &wanted)?)
}

/// A commit of a monorepo's history, parsed when a package first needs it:
/// the commits that every package released already are never parsed.
#[derive(Debug)]
struct LazyCommit {
    raw: history::RawCommit,
    parsed: OnceLock<commits::Commit>,
}

impl LazyCommit {
    fn new(raw: history::RawCommit) -> Self {
        Self {
            raw,
            parsed: OnceLock::new(),
        }
    }

    fn parsed(&self) -> &commits::Commit {
        self.parsed.get_or_init(|| commits::parse_raw(&self.raw))
    }
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
