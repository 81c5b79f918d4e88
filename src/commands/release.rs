//! `cicd release`: after a release PR is merged, the GitHub releases it
//! stands for, each tagged on the merge commit with the PR's notes; then the
//! PR is commented on and relabelled `autorelease: tagged`. A second run
//! finds no pending PR and creates nothing.

use std::collections::BTreeMap;

use cicd_core::history;
use cicd_core::release::{self, Config, Proposed};
use cicd_core::version::Version;
use serde::Serialize;
use serde_json::Value;

use super::Global;
use super::github_args::GitHubArgs;
use super::release_args::{Loaded, ReleaseArgs};
use super::source;
use crate::Outcome;
use crate::error::{Error, warn};
use crate::github::pulls::{self, Labels};
use crate::github::releases::{self, Made, Wanted};
use crate::output::{Format, Stdout};
use crate::step_outputs::StepOutputs;

/// Arguments of `cicd release`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    #[command(flatten)]
    release: ReleaseArgs,
    #[command(flatten)]
    github: GitHubArgs,
    /// The branch release PRs were merged into.
    #[arg(long, value_name = "BRANCH", default_value = "main")]
    target_branch: String,
    /// Print the releases it would create; create nothing.
    #[arg(long)]
    dry_run: bool,
    /// Append the outputs of Release Please's action (`releases_created`,
    /// `tag_name`, `<path>--version`…) to this file (`$GITHUB_OUTPUT`).
    #[arg(long, value_name = "FILE")]
    github_output: Option<std::path::PathBuf>,
}

/// One release, with what the action's outputs need.
#[derive(Debug, Serialize)]
struct Released {
    path: String,
    version: String,
    major: u64,
    minor: u64,
    patch: u64,
    tag_name: String,
    name: String,
    body: String,
    /// The merge commit it is tagged on.
    sha: String,
    pr_number: u64,
    /// Empty in `--dry-run`.
    #[serde(flatten)]
    made: Option<Made>,
}

/// The result, as JSON shows it.
#[derive(Serialize)]
struct Report<'a> {
    releases: &'a [Released],
    /// The release PRs handled.
    pull_requests: &'a [u64],
}

pub(crate) fn run(global: &Global, args: &Args) -> Result<Outcome, Error> {
    if global.format == Format::Github {
        return Err(Error::Usage(
            "`--format github` is not for `cicd release`; use `text` or `json`".to_owned(),
        ));
    }
    let packages = args.release.packages(Some(&global.repo))?;
    let Some(first) = packages.first() else {
        return Err(Error::Usage(
            "the configuration names no package".to_owned(),
        ));
    };
    let links = source::repository(&global.repo, None, None).ok();
    let client = args.github.required_client(links.as_ref())?;
    let labels = Labels::new(first.top(Config::label), first.top(Config::release_label));
    let namings = packages
        .iter()
        .map(|loaded| loaded.naming(&global.repo, &args.target_branch))
        .collect::<Result<Vec<_>, _>>()?;

    let mut merged = pulls::merged_pending(&client, &args.target_branch, &labels)?;
    merged.sort_by_key(pulls::number);
    let mut released = Vec::new();
    let mut handled = Vec::new();
    let mut refused = Vec::new();
    for pull in &merged {
        let number = pulls::number(pull);
        let text = |key: &str| {
            pull.pointer(key)
                .and_then(Value::as_str)
                .unwrap_or_default()
        };
        // A body too long for GitHub links to its notes file: read that.
        let Some(body) = pulls::full_body(&client, pull)? else {
            warn(&format!(
                "PR #{number} links to release notes that cannot be read; left as it is"
            ));
            continue;
        };
        let proposed = release::parse_pull_request(text("/head/ref"), &body);
        if proposed.is_empty() {
            warn(&format!(
                "PR #{number} is labelled as a release but its body names no version; left as it is"
            ));
            continue;
        }
        let sha = text("/merge_commit_sha").to_owned();
        // The merge commit, when the clone has it: its manifest confirms
        // the releases, and it learns their tags.
        let merged_here = !sha.is_empty() && history::resolve(&global.repo, &sha)?.is_some();
        let chosen = releases_to_make(number, &proposed, &packages, &namings);
        // Every release of the PR checked before any is made.
        let confirmed = recorded_versions(global, merged_here.then_some(sha.as_str()))
            .and_then(|recorded| confirm_all(&chosen, pull, recorded.as_ref()));
        if let Err(why) = confirmed {
            warn(&format!(
                "PR #{number} is not released: {why}; nothing was released for it, and it stays labelled until a maintainer looks"
            ));
            refused.push(number);
            continue;
        }
        let mut made = Vec::new();
        for (wanted, loaded, naming) in chosen {
            let version = &wanted.version;
            let prefix = if loaded.package.keys.include_v_in_release_name {
                "v"
            } else {
                ""
            };
            let name = match &naming.component {
                Some(component) => format!("{component}: {prefix}{version}"),
                None => format!("{prefix}{version}"),
            };
            let tag = naming.tag(version);
            let mut entry = Released {
                path: loaded.path().to_owned(),
                version: version.to_string(),
                major: version.major,
                minor: version.minor,
                patch: version.patch,
                tag_name: tag.clone(),
                name: name.clone(),
                body: wanted.notes.clone(),
                sha: sha.clone(),
                pr_number: number,
                made: None,
            };
            if !args.dry_run {
                let release = releases::create(
                    &client,
                    &Wanted {
                        tag: &tag,
                        name: &name,
                        notes: &wanted.notes,
                        commit: &sha,
                        draft: loaded.package.keys.draft,
                        prerelease: loaded.package.keys.prerelease
                            && (!version.pre.is_empty() || version.major == 0),
                        force_tag: loaded.package.keys.force_tag_creation,
                    },
                )?;
                made.push(release.clone());
                entry.made = Some(release);
                // The clone learns the tag too, so a `release-pr` after this
                // in the same job starts from this release.
                if merged_here {
                    history::ensure_tag(&global.repo, &tag, &sha)?;
                }
            }
            released.push(entry);
        }
        if !args.dry_run {
            releases::close_out(&client, number, &made, &labels, &pulls::label_names(pull))?;
        }
        handled.push(number);
    }
    if !args.dry_run {
        warn(&format!("GitHub: {} requests", client.requests()));
    }
    if released.is_empty() && refused.is_empty() {
        warn("nothing to release: no merged release PR is waiting");
    }
    if let Some(path) = &args.github_output {
        step_outputs(&released).append_to(path)?;
    }
    let mut out = Stdout::new();
    match global.format {
        Format::Json => out.json(&Report {
            releases: &released,
            pull_requests: &handled,
        })?,
        _ => {
            for entry in &released {
                let what = match &entry.made {
                    Some(made) if made.created => format!("created {}", made.html_url),
                    Some(made) => format!("already there: {}", made.html_url),
                    None => "would be created".to_owned(),
                };
                out.write(&format!(
                    "{} ({}, PR #{}): {what}\n",
                    entry.tag_name, entry.path, entry.pr_number
                ))?;
            }
        }
    }
    out.flush()?;
    // After the report: the releases of the other PRs were made, and are
    // said, whatever was refused.
    if !refused.is_empty() {
        let numbers: Vec<String> = refused.iter().map(|number| format!("#{number}")).collect();
        return Err(Error::Refused(format!(
            "refused to release {}: the body of a release PR disagrees with its title, branch or manifest",
            numbers.join(", ")
        )));
    }
    Ok(Outcome::Pass)
}

/// The releases of a merged PR `number` that are to be made, with their
/// package and naming: not an artifact or component no package has, not a
/// package with `skip-github-release`, not a snapshot (each skip but the
/// second said on stderr).
fn releases_to_make<'a>(
    number: u64,
    proposed: &'a [Proposed],
    packages: &'a [Loaded],
    namings: &'a [release::Naming],
) -> Vec<(&'a Proposed, &'a Loaded, &'a release::Naming)> {
    let mut chosen = Vec::new();
    for wanted in proposed {
        let Some((loaded, naming)) = package_of(wanted, packages, namings) else {
            let component = wanted.component.as_deref().unwrap_or(".");
            // `groupId:artifactId`: an artifact `maven-workspace` moved.
            if !component.contains(':') {
                warn(&format!(
                    "PR #{number} releases `{component}`, which no package of the configuration is; skipped"
                ));
            }
            continue;
        };
        if loaded.package.keys.skip_github_release {
            continue;
        }
        let version = &wanted.version;
        if release::java::has_snapshots(loaded.package.options.release_type())
            && !release::java::is_published(version)
        {
            warn(&format!(
                "PR #{number} moves `{}` to {version}, a snapshot: not released",
                loaded.path()
            ));
            continue;
        }
        chosen.push((wanted, loaded, naming));
    }
    chosen
}

/// Each release `chosen` from the merged `pull` checked against the PR's
/// title and branch and the versions `recorded` in the manifest at its merge
/// commit, by [`release::confirm`].
fn confirm_all(
    chosen: &[(&Proposed, &Loaded, &release::Naming)],
    pull: &Value,
    recorded: Option<&BTreeMap<String, Version>>,
) -> Result<(), String> {
    let text = |key: &str| {
        pull.pointer(key)
            .and_then(Value::as_str)
            .unwrap_or_default()
    };
    for (wanted, loaded, naming) in chosen {
        let pattern = naming
            .title_pattern
            .as_deref()
            .unwrap_or(release::TITLE_PATTERN);
        let title = release::parse_title(text("/title"), pattern, naming.component_no_space);
        let recorded = recorded.and_then(|versions| versions.get(loaded.path()));
        release::confirm(wanted, title.as_ref(), text("/head/ref"), recorded).map_err(|why| {
            let component = wanted.component.as_deref().unwrap_or(loaded.path());
            format!("`{component}` {}: {why}", wanted.version)
        })?;
    }
    Ok(())
}

/// The versions `.release-please-manifest.json` records at the merge
/// commit `sha` (one the clone has), when there is one and it has that file.
///
/// # Errors
///
/// Why a manifest that is there cannot vouch for a release: it does not
/// read as one.
fn recorded_versions(
    global: &Global,
    sha: Option<&str>,
) -> Result<Option<BTreeMap<String, Version>>, String> {
    const MANIFEST: &str = ".release-please-manifest.json";
    let Some(text) = sha.and_then(|sha| history::show(&global.repo, sha, MANIFEST).ok().flatten())
    else {
        return Ok(None);
    };
    release::read_manifest(&text, MANIFEST)
        .map(Some)
        .map_err(|err| format!("the manifest it merged does not read: {err}"))
}

/// The package a proposed release belongs to: the one whose component it
/// names, or the only one for a release that names none (a release PR of
/// one package). A component no package has (an artifact that
/// `maven-workspace` released) belongs to none.
fn package_of<'a>(
    wanted: &Proposed,
    packages: &'a [Loaded],
    namings: &'a [release::Naming],
) -> Option<(&'a Loaded, &'a release::Naming)> {
    let pairs = || packages.iter().zip(namings);
    let named = |naming: &release::Naming| {
        let own = [&naming.component, &naming.branch_component];
        match &wanted.component {
            Some(component) => own.iter().any(|name| name.as_deref() == Some(component)),
            None => naming.component.is_none(),
        }
    };
    pairs().find(|(_, naming)| named(naming)).or_else(|| {
        (packages.len() == 1 && wanted.component.is_none())
            .then(|| pairs().next())
            .flatten()
    })
}

/// The outputs of Release Please's action: `releases_created` and
/// `paths_released`, then each release's keys, unprefixed for the root
/// package and `{path}--{key}` for the others; and all of them as one JSON
/// object in `releases`.
fn step_outputs(released: &[Released]) -> StepOutputs {
    let mut outputs = StepOutputs::default();
    outputs.set("releases_created", !released.is_empty());
    let mut paths: Vec<&str> = Vec::new();
    for entry in released {
        if !paths.contains(&entry.path.as_str()) {
            paths.push(&entry.path);
        }
        let key = |name: &str| {
            if entry.path == "." {
                name.to_owned()
            } else {
                format!("{}--{name}", entry.path)
            }
        };
        outputs.set(key("release_created"), true);
        if let Some(made) = &entry.made {
            outputs.set(key("id"), made.id);
            outputs.set(key("html_url"), &made.html_url);
            outputs.set(key("upload_url"), &made.upload_url);
            outputs.set(key("draft"), made.draft);
        }
        outputs.set(key("name"), &entry.name);
        outputs.set(key("tag_name"), &entry.tag_name);
        outputs.set(key("sha"), &entry.sha);
        outputs.set(key("body"), &entry.body);
        outputs.set(key("path"), &entry.path);
        outputs.set(key("version"), &entry.version);
        outputs.set(key("major"), entry.major);
        outputs.set(key("minor"), entry.minor);
        outputs.set(key("patch"), entry.patch);
        outputs.set(key("prNumber"), entry.pr_number);
    }
    outputs.set_json("paths_released", &paths);
    // A composite action declares its outputs, so the `{path}--{key}` ones
    // also come as one JSON object under their own names.
    let all = outputs.to_json();
    outputs.set_json("releases", &all);
    outputs
}
