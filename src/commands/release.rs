//! `cicd release`: after a release PR is merged, the GitHub releases it
//! stands for, each tagged on the merge commit with the PR's notes; then the
//! PR is commented on and relabelled `autorelease: tagged`. A second run
//! finds no pending PR and creates nothing.

use std::collections::BTreeMap;

use cicd_core::history;
use cicd_core::release::plan::{Merged, MergedPullRequest, Package, releases_of_merged};
use cicd_core::release::{self, Labels};
use cicd_core::version::Version;
use serde::Serialize;
use serde_json::Value;

use super::Global;
use super::github_args::GitHubArgs;
use super::release_args::ReleaseArgs;
use super::source;
use crate::Outcome;
use crate::error::{Error, warn};
use crate::github::pulls;
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
    let labels = Labels::of(first.config.as_ref(), None, false);
    let namings = packages
        .iter()
        .map(|loaded| loaded.naming(&global.repo, &args.target_branch))
        .collect::<Result<Vec<_>, _>>()?;

    let configured: Vec<Package> = packages
        .iter()
        .map(|loaded| loaded.package.clone())
        .collect();
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
        let sha = text("/merge_commit_sha").to_owned();
        // The merge commit, when the clone has it: its manifest confirms
        // the releases, and it learns their tags.
        let merged_here = !sha.is_empty() && history::resolve(&global.repo, &sha)?.is_some();
        let pull_request = MergedPullRequest {
            number,
            title: text("/title"),
            branch: text("/head/ref"),
            body: &body,
        };
        let outcome = match recorded_versions(global, merged_here.then_some(sha.as_str())) {
            Ok(recorded) => {
                releases_of_merged(&pull_request, &configured, &namings, recorded.as_ref())
            }
            // A manifest that does not read refuses the releases the body
            // lists, if it lists any.
            Err(why) => match releases_of_merged(&pull_request, &configured, &namings, None) {
                Merged::NoVersion => Merged::NoVersion,
                _ => Merged::Refused(why),
            },
        };
        let chosen = match outcome {
            Merged::Releases { releases, warnings } => {
                for warning in &warnings {
                    warn(warning);
                }
                releases
            }
            Merged::NoVersion => {
                warn(&format!(
                    "PR #{number} is labelled as a release but its body names no version; left as it is"
                ));
                continue;
            }
            Merged::Refused(why) => {
                warn(&format!(
                    "PR #{number} is not released: {why}; nothing was released for it, and it stays labelled until a maintainer looks"
                ));
                refused.push(number);
                continue;
            }
        };
        let mut made = Vec::new();
        for wanted in chosen {
            let version = &wanted.version;
            let mut entry = Released {
                path: wanted.path.clone(),
                version: version.to_string(),
                major: version.major,
                minor: version.minor,
                patch: version.patch,
                tag_name: wanted.tag.clone(),
                name: wanted.name.clone(),
                body: wanted.notes.clone(),
                sha: sha.clone(),
                pr_number: number,
                made: None,
            };
            if !args.dry_run {
                let release = releases::create(
                    &client,
                    &Wanted {
                        tag: &wanted.tag,
                        name: &wanted.name,
                        notes: &wanted.notes,
                        commit: &sha,
                        draft: wanted.draft,
                        prerelease: wanted.prerelease,
                        force_tag: wanted.force_tag,
                    },
                )?;
                made.push(release.clone());
                entry.made = Some(release);
                // The clone learns the tag too, so a `release-pr` after this
                // in the same job starts from this release.
                if merged_here {
                    history::ensure_tag(&global.repo, &wanted.tag, &sha)?;
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
