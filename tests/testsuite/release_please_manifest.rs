//! `cicd release-pr` against Release Please's manifest mode: monorepo cases
//! from `scripts/release-please-manifest-cases.py` (nested packages, the root
//! package, `exclude-paths`, `separate-pull-requests`, empty and top-level
//! commits), with the PRs the real Release Please would open. Titles,
//! branches, bodies and rewritten files must be identical.

use std::collections::BTreeMap;

use cicd_core::changelog::Repository;
use cicd_core::history::{self, InMemory, RawCommit};
use cicd_core::release::plan::{self, PackageHistory, Request};
use cicd_core::release::strategy::Snapshot;
use cicd_test_support::Repo;
use serde_json::Value;
use snapbox::cmd::{Command, cargo_bin};

const CASES: &str = include_str!("../fixtures/release-please-manifest-cases.json");

/// The `linked-versions` plugin's cases (a group merged or not, alone or
/// merged again with the others, a member with nothing to release).
const LINKED: &str = include_str!("../fixtures/release-please-linked-versions-cases.json");

/// The `cargo-workspace` plugin's cases (dependents released with a patch,
/// `path` + `version` dependencies pinned, target tables, renamed crates).
const CARGO: &str = include_str!("../fixtures/release-please-cargo-workspace-cases.json");

/// The `node-workspace` plugin's cases (ranges followed, protocol specs
/// left alone, peer dependencies, versioning strategies, the root lockfile).
const NODE: &str = include_str!("../fixtures/release-please-node-workspace-cases.json");

/// The `maven-workspace` plugin's cases (configured dependents, artifacts
/// no package holds, `considerAllArtifacts`, snapshots, multi-module
/// packages, separate PRs).
const MAVEN: &str = include_str!("../fixtures/release-please-maven-workspace-cases.json");

/// Release types with files of their own (`r`, `bazel`, `sfdx`, `expo`,
/// `ocaml`, `krm-blueprint`), from
/// `scripts/release-please-type-cases.py`.
const TYPES: &str = include_str!("../fixtures/release-please-release-type-cases.json");

/// Where a package's last release comes from when the tags and the
/// manifest disagree (a stray newer tag, an untagged manifest version, a
/// package the manifest lacks, another spelling, the root's tag), from
/// `scripts/release-please-start-cases.py`: real git histories.
const START: &str = include_str!("../fixtures/release-please-start-cases.json");

/// A PR's title, branch and body.
type Pull = (String, String, String);

/// Our PRs, our files (path to content), and the generated commit ids
/// with the ones our history has (none when the case's commits are used as
/// they are).
type Ours = (Vec<Pull>, BTreeMap<String, String>, Vec<(String, String)>);

/// Our PRs and files for a case's commits, given to `--commits`.
fn ours(case: &Value) -> Ours {
    let input = &case["input"];
    let dir = tempfile::tempdir().expect("a temporary directory");
    for (path, text) in input["files"].as_object().into_iter().flatten() {
        let path = dir.path().join(path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create the folder");
        }
        std::fs::write(path, text.as_str().unwrap_or_default()).expect("write the file");
    }
    let commits = dir.path().join("commits.json");
    std::fs::write(&commits, input["commits"].to_string()).expect("write the commits");
    let output = Command::new(cargo_bin!("cicd"))
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CEILING_DIRECTORIES", dir.path())
        .env_remove("GITHUB_TOKEN")
        .env_remove("GH_TOKEN")
        .arg("-C")
        .arg(dir.path())
        .args([
            "--format",
            "json",
            "release-pr",
            "--dry-run",
            "--date",
            "2024-05-01",
        ])
        .args([
            "--repository-url",
            "https://github.com/acme/mono",
            "--commits",
        ])
        .arg(&commits)
        .output()
        .expect("cicd runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let plan: Value = serde_json::from_slice(&output.stdout).expect("a JSON plan");
    (plan_pulls(&plan), crate::git::plan_files(&plan), Vec::new())
}

/// Our PRs and files for a case's commits, planned by the library alone
/// over an in-memory snapshot of its files: what a Rust program gets.
fn ours_from_library(case: &Value) -> Ours {
    let input = &case["input"];
    let snapshot = Snapshot::new(
        input["files"]
            .as_object()
            .into_iter()
            .flatten()
            .map(|(path, text)| (path.clone(), text.as_str().unwrap_or_default().to_owned())),
    );
    let commits =
        history::from_json(&input["commits"].to_string(), "commits").expect("the case's commits");
    library_plan(case, &snapshot, Some(commits))
}

/// Our PRs and files for a case given as a history, planned by the library
/// alone from an in-memory history of the same commits and tags (each
/// commit's files are those whose text it changed, as git has them).
fn ours_from_memory(case: &Value) -> Ours {
    let mut files: BTreeMap<String, String> = BTreeMap::new();
    let mut commits: Vec<RawCommit> = Vec::new();
    for step in case["history"]["steps"].as_array().into_iter().flatten() {
        let mut touched = Vec::new();
        for (path, text) in step["files"].as_object().into_iter().flatten() {
            let text = text.as_str().unwrap_or_default().to_owned();
            if files.get(path) != Some(&text) {
                touched.push(path.clone());
                files.insert(path.clone(), text);
            }
        }
        let sha = step["sha"].as_str().unwrap_or_default().to_owned();
        commits.insert(
            0,
            RawCommit {
                parents: commits
                    .first()
                    .map(|head| head.id.clone())
                    .into_iter()
                    .collect(),
                id: sha,
                message: step["message"].as_str().unwrap_or_default().to_owned(),
                files: Some(touched),
                ..RawCommit::default()
            },
        );
    }
    let tags: Vec<(String, String)> = case["history"]["tags"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|tag| {
            let text = |key: &str| tag[key].as_str().unwrap_or_default().to_owned();
            (text("name"), text("at"))
        })
        .collect();
    let snapshot = Snapshot::new(files).with_history(InMemory::new(commits, tags));
    library_plan(case, &snapshot, None)
}

/// The plan of `snapshot` as [`Request::from_source`] reads it, from
/// `commits` when given, else from its history.
fn library_plan(case: &Value, snapshot: &Snapshot, commits: Option<Vec<RawCommit>>) -> Ours {
    let links = Repository::from_url("https://github.com/acme/mono").expect("a URL");
    let (mut request, _) =
        Request::from_source(snapshot, links, "2024-05-01").expect("the configuration");
    request.commits = commits;
    let planned = PackageHistory::read(snapshot, &request)
        .and_then(|history| plan::plan(snapshot, &request, &history))
        .unwrap_or_else(|err| panic!("{}: {err}", case["id"]));
    let pulls = planned
        .pull_requests
        .iter()
        .map(|pull| {
            let pull = &pull.pull_request;
            (pull.title.clone(), pull.branch.clone(), pull.body.clone())
        })
        .collect();
    let files = planned
        .files
        .iter()
        .map(|file| (file.path.clone(), file.content.clone()))
        .collect();
    (pulls, files, Vec::new())
}

/// The title, branch and body of each PR of a `--format json` plan.
fn plan_pulls(plan: &Value) -> Vec<Pull> {
    plan["pull_requests"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|pull| {
            let text = |key: &str| pull[key].as_str().unwrap_or_default().to_owned();
            (text("title"), text("branch"), text("body"))
        })
        .collect()
}

/// `text` with every generated commit id of `shas` (whole, then its short
/// form) turned into ours.
fn with_shas(text: &str, shas: &[(String, String)]) -> String {
    let mut text = text.to_owned();
    for (generated, ours) in shas {
        text = text.replace(generated.as_str(), ours);
    }
    for (generated, ours) in shas {
        text = text.replace(&generated[..7], &ours[..7]);
    }
    text
}

/// Our PRs and files for a case given as a history: built as a real git
/// repository commit by commit (its files naming our commit ids), tagged,
/// and planned from the tags as a user's clone is.
fn ours_from_git(case: &Value) -> Ours {
    let mut repo = Repo::new();
    let mut shas: Vec<(String, String)> = Vec::new();
    for step in case["history"]["steps"].as_array().into_iter().flatten() {
        let files: Vec<(String, String)> = step["files"]
            .as_object()
            .into_iter()
            .flatten()
            .map(|(path, text)| {
                (
                    path.clone(),
                    with_shas(text.as_str().unwrap_or_default(), &shas),
                )
            })
            .collect();
        let files: Vec<(&str, &str)> = files
            .iter()
            .map(|(path, text)| (path.as_str(), text.as_str()))
            .collect();
        let ours = repo.commit_files(step["message"].as_str().unwrap_or_default(), &files);
        let generated = step["sha"].as_str().unwrap_or_default().to_owned();
        shas.push((generated, ours));
    }
    for tag in case["history"]["tags"].as_array().into_iter().flatten() {
        let at = with_shas(tag["at"].as_str().unwrap_or_default(), &shas);
        repo.git(&["tag", tag["name"].as_str().unwrap_or_default(), &at]);
    }
    let output = Command::new(cargo_bin!("cicd"))
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env_remove("GITHUB_TOKEN")
        .env_remove("GH_TOKEN")
        .arg("-C")
        .arg(repo.path())
        .args(["--format", "json", "release-pr", "--dry-run"])
        .args(["--date", "2024-05-01"])
        .args(["--repository-url", "https://github.com/acme/mono"])
        .output()
        .expect("cicd runs");
    assert!(
        output.status.success(),
        "{}: {}",
        case["id"],
        String::from_utf8_lossy(&output.stderr)
    );
    let plan: Value = serde_json::from_slice(&output.stdout).expect("a JSON plan");
    (plan_pulls(&plan), crate::git::plan_files(&plan), shas)
}

#[test]
fn monorepo_release_prs_are_identical_to_release_please_s() {
    compare(CASES, 100);
}

#[test]
fn each_package_starts_from_the_release_release_please_starts_from() {
    compare_with(START, 60, ours_from_git);
    compare_with(START, 60, ours_from_memory);
}

#[test]
fn linked_versions_are_identical_to_release_please_s() {
    compare(LINKED, 4);
}

#[test]
fn cargo_workspaces_are_identical_to_release_please_s() {
    compare(CARGO, 8);
}

#[test]
fn node_workspaces_are_identical_to_release_please_s() {
    compare(NODE, 11);
}

#[test]
fn maven_workspaces_are_identical_to_release_please_s() {
    compare(MAVEN, 12);
}

#[test]
fn release_types_with_files_of_their_own_are_identical_to_release_please_s() {
    compare(TYPES, 30);
}

/// Release Please's `text` as we deliberately write it: the case's
/// `deliberate.replace` pairs (`[theirs, ours]`) applied in order.
fn deliberate_text(case: &Value, text: &str) -> String {
    let mut text = text.to_owned();
    for pair in case["deliberate"]["replace"]
        .as_array()
        .into_iter()
        .flatten()
    {
        if let (Some(theirs), Some(ours)) = (pair[0].as_str(), pair[1].as_str()) {
            text = text.replace(theirs, ours);
        }
    }
    text
}

/// Run every case of a fixture and compare with Release Please's PRs.
fn compare(fixture: &str, at_least: usize) {
    compare_with(fixture, at_least, ours);
    compare_with(fixture, at_least, ours_from_library);
}

/// [`compare`], with our side computed by `ours`.
fn compare_with(fixture: &str, at_least: usize, ours: fn(&Value) -> Ours) {
    let cases: Value = serde_json::from_str(fixture).expect("the cases parse");
    let cases = cases["cases"].as_array().cloned().unwrap_or_default();
    assert!(cases.len() >= at_least);
    let mut failures = Vec::new();
    for case in &cases {
        let expected = case["expected"]["pull_requests"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        let (pulls, files, shas) = ours(case);
        // Where Release Please has a bug we don't copy, the case says what
        // we do instead.
        if let Some(contains) = case["deliberate"]["ours_contains"].as_str() {
            if !pulls.iter().any(|(_, _, body)| body.contains(contains)) {
                failures.push(format!(
                    "{}: expected a body with `{contains}` ({})",
                    case["id"], case["deliberate"]["why"]
                ));
            }
            continue;
        }
        // Where we deliberately word something otherwise, the case lists
        // the replacements that turn Release Please's text into ours; the
        // rest must be identical.
        let ours_for = |theirs: &str| with_shas(&deliberate_text(case, theirs), &shas);
        let wanted: Vec<Pull> = expected
            .iter()
            .map(|pull| {
                let text = |key: &str| ours_for(pull[key].as_str().unwrap_or_default());
                (text("title"), text("branch"), text("body"))
            })
            .collect();
        if pulls != wanted {
            failures.push(format!(
                "{}: PRs differ\nours:   {pulls:#?}\ntheirs: {wanted:#?}",
                case["id"]
            ));
            continue;
        }
        // Every file Release Please rewrites, rewritten the same; with one
        // PR per package its manifest holds that package's version alone,
        // and a file two PRs rewrite (a root maven package sets every pom)
        // is one of theirs in our list of all files.
        for pull in &expected {
            for (path, text) in pull["updates"].as_object().into_iter().flatten() {
                if expected.len() > 1 && path == ".release-please-manifest.json" {
                    continue;
                }
                let ours = files.get(path).map(String::as_str);
                // A file we deliberately write otherwise, as the case says.
                if let Some(deliberate) = case["deliberate"]["files"][path].as_str() {
                    if ours != Some(deliberate) {
                        failures.push(format!(
                            "{}: `{path}` is not the deliberate {deliberate:?} ({}): {ours:?}",
                            case["id"], case["deliberate"]["why"]
                        ));
                    }
                    continue;
                }
                let theirs_elsewhere = expected.iter().any(|other| {
                    other["updates"][path].as_str().map(ours_for).as_deref() == ours
                        && ours.is_some()
                });
                // A file Release Please "rewrites" to what it was is no
                // change, which we leave out.
                let unchanged =
                    ours.is_none() && case["input"]["files"][path].as_str() == text.as_str();
                let text = text.as_str().map(ours_for);
                if ours != text.as_deref() && !theirs_elsewhere && !unchanged {
                    failures.push(format!(
                        "{}: `{path}` differs\nours:   {:?}\ntheirs: {:?}",
                        case["id"],
                        files.get(path),
                        text
                    ));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases differ:\n{}",
        failures.len(),
        cases.len(),
        failures
            .iter()
            .take(3)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n\n")
    );
}
