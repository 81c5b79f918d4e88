//! `cicd release-pr` and `cicd release` against a fake GitHub on loopback:
//! the PR opened once and updated after, the release created once, retries,
//! pages, and refusals.

use std::path::Path;

use cicd_test_support::Repo;
use cicd_test_support::github::{FakeGitHub, Fault};
use serde_json::{Value, json};
use snapbox::cmd::{Command, cargo_bin};

const TOKEN: &str = "ghs_fake_token_0123456789";

fn cicd(repo: &Path, github: &FakeGitHub) -> Command {
    Command::new(cargo_bin!("cicd"))
        .current_dir(repo)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("SOURCE_DATE_EPOCH", "1767225600")
        .env("GITHUB_API_URL", github.url())
        .env("GITHUB_TOKEN", TOKEN)
        .env("GITHUB_REPOSITORY", "acme/widget")
        .env_remove("GH_TOKEN")
        .env_remove("HTTPS_PROXY")
        .env_remove("https_proxy")
        .env_remove("HTTP_PROXY")
        .env_remove("http_proxy")
        .env_remove("ALL_PROXY")
        .env_remove("all_proxy")
}

/// A node package released as 1.0.0, then a feature.
fn package() -> Repo {
    package_with("{\n  \"packages\": {\n    \".\": {\"release-type\": \"node\"}\n  }\n}\n")
}

/// [`package`] with this `release-please-config.json`.
fn package_with(config: &str) -> Repo {
    let mut repo = Repo::new();
    repo.git(&[
        "remote",
        "add",
        "origin",
        "https://github.com/acme/widget.git",
    ]);
    repo.commit_files(
        "chore: init",
        &[
            (
                "package.json",
                "{\n  \"name\": \"widget\",\n  \"version\": \"1.0.0\"\n}\n",
            ),
            ("release-please-config.json", config),
            (
                ".release-please-manifest.json",
                "{\n  \".\": \"1.0.0\"\n}\n",
            ),
            ("CHANGELOG.md", "# Changelog\n"),
        ],
    );
    repo.tag("widget-v1.0.0");
    repo.commit_files("feat: add the widget", &[("src/index.js", "export {}\n")]);
    repo
}

/// The tags of a `cicd release` JSON report's releases, in its order.
fn tag_names(report: &Value) -> Vec<&str> {
    report["releases"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|release| release["tag_name"].as_str())
        .collect()
}

fn json_stdout(command: Command) -> Value {
    let output = command.output().expect("cicd runs");
    assert!(
        output.status.success(),
        "cicd failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("JSON on stdout")
}

#[test]
fn release_pr_opens_one_pull_request_and_updates_it_after() {
    let mut repo = package();
    let github = FakeGitHub::start("acme/widget", TOKEN);
    let head = repo.git(&["rev-parse", "HEAD"]);
    let plan = json_stdout(cicd(repo.path(), &github).args(["--format", "json", "release-pr"]));
    assert_eq!(plan["published"][0]["number"], 1);
    assert_eq!(plan["published"][0]["action"], "opened");

    let pulls = github.pulls();
    assert_eq!(pulls.len(), 1);
    assert_eq!(pulls[0]["title"], "chore(main): release widget 1.1.0");
    assert_eq!(
        pulls[0]["head"]["ref"],
        "release-please--branches--main--components--widget"
    );
    assert_eq!(pulls[0]["base"]["ref"], "main");
    assert_eq!(
        pulls[0]["labels"],
        json!([{"name": "autorelease: pending"}])
    );
    let body = pulls[0]["body"].as_str().unwrap_or_default();
    assert!(body.starts_with(":robot: I have created a release *beep* *boop*\n---\n\n\n## [1.1.0](https://github.com/acme/widget/compare/widget-v1.0.0...widget-v1.1.0) (2026-01-01)"), "{body}");
    assert!(body.contains("* add the widget ("), "{body}");

    // One commit on top of HEAD, with the three rewritten files.
    let trees = github.trees();
    assert_eq!(trees.len(), 1);
    assert_eq!(
        trees[0]["base_tree"],
        repo.git(&["rev-parse", "HEAD^{tree}"])
    );
    let files: Vec<(&str, &str)> = trees[0]["tree"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|entry| {
            (
                entry["path"].as_str().unwrap_or_default(),
                entry["content"].as_str().unwrap_or_default(),
            )
        })
        .collect();
    let paths: Vec<&str> = files.iter().map(|(path, _)| *path).collect();
    assert_eq!(
        paths,
        [
            "CHANGELOG.md",
            "package.json",
            ".release-please-manifest.json"
        ]
    );
    assert_eq!(
        files[1].1,
        "{\n  \"name\": \"widget\",\n  \"version\": \"1.1.0\"\n}\n"
    );
    assert_eq!(files[2].1, "{\n  \".\": \"1.1.0\"\n}\n");
    assert!(files[0].1.starts_with("# Changelog\n\n## [1.1.0]"));
    let commits = github.commits();
    assert_eq!(commits[0]["parents"], json!([head]));
    assert_eq!(commits[0]["message"], "chore(main): release widget 1.1.0");
    assert_eq!(
        github.refs()["refs/heads/release-please--branches--main--components--widget"],
        commits[0]["sha"].as_str().unwrap_or_default()
    );
    // The working tree is left alone: the release lives on the branch.
    assert_eq!(repo.git(&["status", "--porcelain"]), "");

    // A fix later: the same PR, its branch and body updated.
    repo.commit_files(
        "fix: handle empty input",
        &[("src/index.js", "export {};\n")],
    );
    github.clear_requests();
    cicd(repo.path(), &github)
        .arg("release-pr")
        .assert()
        .success();
    assert_eq!(
        github.writes(),
        [
            "POST /repos/acme/widget/git/trees",
            "POST /repos/acme/widget/git/commits",
            "PATCH /repos/acme/widget/git/refs/heads/release-please--branches--main--components--widget",
            "PATCH /repos/acme/widget/pulls/1",
        ]
    );
    let pulls = github.pulls();
    assert_eq!(pulls.len(), 1);
    assert!(
        pulls[0]["body"]
            .as_str()
            .unwrap_or_default()
            .contains("* handle empty input (")
    );

    // Nothing new: nothing written.
    github.clear_requests();
    cicd(repo.path(), &github)
        .arg("release-pr")
        .assert()
        .success();
    assert_eq!(github.writes(), Vec::<String>::new());
    assert_eq!(github.requests().len(), 2, "{:?}", github.requests());

    // Merged: `release` tags it once, comments and relabels.
    github.merge(1, &"m".repeat(40));
    let report = json_stdout(cicd(repo.path(), &github).args(["--format", "json", "release"]));
    let released = &report["releases"][0];
    assert_eq!(released["tag_name"], "widget-v1.1.0");
    assert_eq!(released["name"], "widget: v1.1.0");
    assert_eq!(released["version"], "1.1.0");
    assert_eq!(released["minor"], 1);
    assert_eq!(released["path"], ".");
    assert_eq!(released["pr_number"], 1);
    assert_eq!(released["created"], true);
    assert_eq!(
        released["html_url"],
        "https://github.com/acme/widget/releases/tag/widget-v1.1.0"
    );
    let releases = github.releases();
    assert_eq!(releases.len(), 1);
    assert_eq!(releases[0]["target_commitish"], "m".repeat(40));
    assert_eq!(releases[0]["prerelease"], false);
    let notes = releases[0]["body"].as_str().unwrap_or_default();
    assert!(notes.starts_with("## [1.1.0](https://github.com/acme/widget/compare/widget-v1.0.0...widget-v1.1.0) (2026-01-01)"));
    assert!(notes.contains("* handle empty input ("));
    assert_eq!(
        github.pulls()[0]["labels"],
        json!([{"name": "autorelease: tagged"}])
    );
    assert_eq!(
        github.comments(),
        [(
            1,
            "🤖 Created releases:\n\n- [widget-v1.1.0](https://github.com/acme/widget/releases/tag/widget-v1.1.0)\n\n:sunflower:".to_owned()
        )]
    );

    // A second run finds nothing to do.
    github.clear_requests();
    cicd(repo.path(), &github).arg("release").assert().success();
    assert_eq!(github.writes(), Vec::<String>::new());
    assert_eq!(github.releases().len(), 1);
}

#[test]
fn a_release_interrupted_half_way_is_finished_without_a_duplicate() {
    let repo = package();
    let github = FakeGitHub::start("acme/widget", TOKEN);
    cicd(repo.path(), &github)
        .arg("release-pr")
        .assert()
        .success();
    github.merge(1, &"a".repeat(40));
    // The release is made, then the comment fails on every attempt.
    let fault = Fault {
        status: 500,
        headers: vec![("Retry-After".to_owned(), "0".to_owned())],
        body: json!({"message": "Server Error"}),
    };
    github.fail_after(
        "POST /repos/acme/widget/releases",
        std::iter::repeat_n(fault, 4),
    );
    let output = cicd(repo.path(), &github)
        .arg("release")
        .output()
        .expect("cicd runs");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("error: GitHub: `POST /repos/acme/widget/issues/1/comments` failed with 500: Server Error"),
        "{stderr}"
    );
    assert_eq!(github.releases().len(), 1);
    assert_eq!(
        github.pulls()[0]["labels"],
        json!([{"name": "autorelease: pending"}])
    );

    // The next run finds the release there, and finishes the relabelling.
    let report = json_stdout(cicd(repo.path(), &github).args(["--format", "json", "release"]));
    assert_eq!(report["releases"][0]["created"], false);
    assert_eq!(github.releases().len(), 1);
    assert_eq!(
        github.pulls()[0]["labels"],
        json!([{"name": "autorelease: tagged"}])
    );
}

#[test]
fn server_errors_and_rate_limits_are_retried() {
    let repo = package();
    let github = FakeGitHub::start("acme/widget", TOKEN);
    github.fail_next([
        Fault {
            status: 502,
            headers: vec![("Retry-After".to_owned(), "0".to_owned())],
            body: json!({"message": "Bad Gateway"}),
        },
        Fault {
            status: 403,
            headers: vec![
                ("x-ratelimit-remaining".to_owned(), "0".to_owned()),
                ("Retry-After".to_owned(), "0".to_owned()),
            ],
            body: json!({"message": "API rate limit exceeded"}),
        },
    ]);
    cicd(repo.path(), &github)
        .arg("release-pr")
        .assert()
        .success();
    let requests = github.requests();
    assert_eq!(requests[0].path, requests[1].path);
    assert_eq!(requests[1].path, requests[2].path);
    assert_eq!(github.pulls().len(), 1);
}

#[test]
fn refusals_name_the_request_and_never_the_token() {
    let repo = package();
    let github = FakeGitHub::start("acme/widget", "another-token");
    let output = cicd(repo.path(), &github)
        .arg("release-pr")
        .output()
        .expect("cicd runs");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("error: GitHub: `GET /repos/acme/widget/pulls?state=closed&base=main&sort=updated&direction=desc&per_page=100` failed with 401: Bad credentials; check that GITHUB_TOKEN (or GH_TOKEN) holds a valid token"),
        "{stderr}"
    );
    assert!(!stderr.contains(TOKEN));
    assert!(github.pulls().is_empty());

    let github = FakeGitHub::start("acme/elsewhere", TOKEN);
    let output = cicd(repo.path(), &github)
        .arg("release")
        .output()
        .expect("cicd runs");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("failed with 404: Not Found; check GITHUB_REPOSITORY"),
        "{stderr}"
    );

    // `release` needs GitHub; `release-pr` without a token works locally.
    cicd(repo.path(), &github)
        .env_remove("GITHUB_TOKEN")
        .arg("release")
        .assert()
        .code(2)
        .stderr_eq(snapbox::str![[r#"
error: this command works on GitHub: set GITHUB_TOKEN (or GH_TOKEN) to a token with `contents: write` and `pull-requests: write`

"#]]);
}

#[test]
fn an_untagged_merged_release_blocks_a_new_release_pr() {
    let repo = package();
    let github = FakeGitHub::start("acme/widget", TOKEN);
    // Many closed PRs, two per page: the pending one is on the last page.
    for index in 0..5 {
        let number = github.add_pull(&format!("topic-{index}"), "main", "feat: x", "", &[]);
        github.merge(number, &"b".repeat(40));
    }
    let number = github.add_pull(
        "release-please--branches--main--components--widget",
        "main",
        "chore(main): release widget 1.0.1",
        "x\n---\n\n\n## [1.0.1](u) (d)\n\n* y\n\n---\nz",
        &["autorelease: pending"],
    );
    github.merge(number, &"c".repeat(40));
    for index in 0..5 {
        let number = github.add_pull(&format!("late-{index}"), "main", "fix: x", "", &[]);
        github.merge(number, &"d".repeat(40));
    }
    github.set_page_size(2);
    cicd(repo.path(), &github)
        .arg("release-pr")
        .assert()
        .success()
        .stderr_eq(snapbox::str![[r#"
warning: merged release PRs are not released yet (#6): run `cicd release` first; no release PR made

"#]]);
    assert_eq!(github.pulls().len(), 11);

    let report = json_stdout(cicd(repo.path(), &github).args(["--format", "json", "release"]));
    assert_eq!(report["releases"][0]["tag_name"], "widget-v1.0.1");
    assert_eq!(report["releases"][0]["sha"], "c".repeat(40));
    assert_eq!(report["pull_requests"], json!([6]));
}

#[test]
fn a_monorepo_gets_one_combined_pull_request_and_a_release_per_package() {
    let mut repo = Repo::new();
    repo.commit_files(
        "chore: init",
        &[
            ("packages/api/package.json", "{\"name\": \"@acme/api\", \"version\": \"1.0.0\"}\n"),
            ("packages/web/package.json", "{\"name\": \"@acme/web\", \"version\": \"2.0.0\"}\n"),
            (
                "release-please-config.json",
                "{\"release-type\": \"node\", \"packages\": {\"packages/api\": {}, \"packages/web\": {}}}\n",
            ),
            (
                ".release-please-manifest.json",
                "{\"packages/api\": \"1.0.0\", \"packages/web\": \"2.0.0\"}\n",
            ),
        ],
    );
    repo.tag("api-v1.0.0");
    repo.tag("web-v2.0.0");
    repo.commit_files(
        "feat(api): list widgets",
        &[("packages/api/index.js", "1\n")],
    );
    repo.commit_files(
        "fix(web): render <b> tags",
        &[("packages/web/index.js", "2\n")],
    );
    let github = FakeGitHub::start("acme/widget", TOKEN);
    cicd(repo.path(), &github)
        .arg("release-pr")
        .assert()
        .success();
    let pulls = github.pulls();
    assert_eq!(pulls.len(), 1);
    assert_eq!(pulls[0]["title"], "chore: release main");
    assert_eq!(pulls[0]["head"]["ref"], "release-please--branches--main");
    let body = pulls[0]["body"].as_str().unwrap_or_default();
    assert!(
        body.contains("<details><summary>api: 1.1.0</summary>"),
        "{body}"
    );
    assert!(
        body.contains("<details><summary>web: 2.0.1</summary>"),
        "{body}"
    );
    let trees = github.trees();
    let paths: Vec<&str> = trees[0]["tree"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|entry| entry["path"].as_str())
        .collect();
    assert_eq!(
        paths,
        [
            "packages/api/CHANGELOG.md",
            "packages/api/package.json",
            "packages/web/CHANGELOG.md",
            "packages/web/package.json",
            ".release-please-manifest.json",
        ]
    );

    github.merge(1, &"e".repeat(40));
    let report = json_stdout(cicd(repo.path(), &github).args(["--format", "json", "release"]));
    let tags = tag_names(&report);
    assert_eq!(tags, ["api-v1.1.0", "web-v2.0.1"]);
    assert_eq!(report["releases"][1]["path"], "packages/web");
    assert_eq!(report["releases"][1]["name"], "web: v2.0.1");
    // The notes stay as written: `<b>` escaped, not turned into a tag.
    let web = &github.releases()[1];
    assert!(
        web["body"]
            .as_str()
            .unwrap_or_default()
            .contains("render &lt;b&gt; tags"),
        "{web}"
    );
    assert!(
        web["body"].as_str().unwrap_or_default().starts_with(
            "## [2.0.1](https://github.com/acme/widget/compare/web-v2.0.0...web-v2.0.1)"
        )
    );
    assert_eq!(github.comments().len(), 1);
}

#[test]
fn permission_and_validation_refusals_stop_with_what_to_do() {
    let repo = package();
    let github = FakeGitHub::start("acme/widget", TOKEN);
    // The token may read but not write contents.
    github.fail_after(
        "GET /repos/acme/widget/pulls?state=open&head=acme:release-please--branches--main--components--widget&base=main&per_page=100",
        [Fault {
            status: 403,
            headers: vec![("x-ratelimit-remaining".to_owned(), "4999".to_owned())],
            body: json!({"message": "Resource not accessible by integration"}),
        }],
    );
    let output = cicd(repo.path(), &github)
        .arg("release-pr")
        .output()
        .expect("cicd runs");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("error: GitHub: `POST /repos/acme/widget/git/trees` failed with 403: Resource not accessible by integration; the token lacks a permission: grant it `contents: write` and `pull-requests: write`"),
        "{stderr}"
    );
    assert!(github.pulls().is_empty());
    assert!(github.refs().is_empty());

    // GitHub refuses the PR (a base branch that does not exist): the branch
    // is there, and the next run, with the right base, opens the PR on it.
    github.fail_after(
        "POST /repos/acme/widget/git/refs",
        [Fault {
            status: 422,
            headers: Vec::new(),
            body: json!({"message": "Validation Failed", "errors": [{"resource": "PullRequest", "field": "base", "code": "invalid"}]}),
        }],
    );
    let output = cicd(repo.path(), &github)
        .arg("release-pr")
        .output()
        .expect("cicd runs");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("error: GitHub: `POST /repos/acme/widget/pulls` failed with 422: Validation Failed (invalid)"),
        "{stderr}"
    );
    assert_eq!(github.refs().len(), 1);
    cicd(repo.path(), &github)
        .arg("release-pr")
        .assert()
        .success();
    assert_eq!(github.pulls().len(), 1);
    assert_eq!(
        github.pulls()[0]["labels"],
        json!([{"name": "autorelease: pending"}])
    );
}

#[test]
fn checks_are_read_from_github_and_waited_for() {
    let repo = package();
    std::fs::create_dir_all(repo.path().join(".github")).expect("the folder");
    std::fs::write(
        repo.path().join(".github/required-checks.toml"),
        "[workflows.CI]\nchecks = [\"lint\", \"test\"]\napp = \"github-actions\"\n",
    )
    .expect("the policy");
    let github = FakeGitHub::start("acme/widget", TOKEN);
    let sha = "ce587453ced02b1526dfb4cb910479d431683101";
    let run = |id: u64, name: &str, status: &str, conclusion: Option<&str>| {
        json!({"id": id, "name": name, "head_sha": sha, "status": status, "conclusion": conclusion,
               "started_at": "2026-05-04T01:14:52Z", "check_suite": {"id": 501},
               "html_url": format!("https://github.com/acme/widget/actions/runs/77/job/{id}"),
               "app": {"id": 15368, "slug": "github-actions"}})
    };
    github.add_check_run(run(1, "lint", "completed", Some("success")));
    github.add_check_run(run(2, "test", "in_progress", None));
    github
        .add_workflow_run(json!({"id": 77, "name": "CI", "check_suite_id": 501, "head_sha": sha}));
    github.set_page_size(1);
    // Pending: exit 1 once the timeout passes, having asked more than once.
    let started = std::time::Instant::now();
    let output = cicd(repo.path(), &github)
        .args([
            "checks",
            "evaluate",
            "--sha",
            sha,
            "--wait",
            "--timeout",
            "1s",
        ])
        .output()
        .expect("cicd runs");
    assert_eq!(output.status.code(), Some(1));
    assert!(started.elapsed() < std::time::Duration::from_secs(20));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains("pending CI / test  in progress (check run 2)"),
        "{stdout}"
    );
    assert!(String::from_utf8_lossy(&output.stderr).contains("still pending after"));
    let asked = github
        .requests()
        .iter()
        .filter(|request| {
            request
                .path
                .starts_with(&format!("/repos/acme/widget/commits/{sha}/check-runs"))
        })
        .count();
    assert!(asked >= 4, "two pages, at least twice: {asked}");

    // Done: exit 0 at once.
    github.add_check_run(run(3, "test", "completed", Some("success")));
    cicd(repo.path(), &github)
        .args(["checks", "evaluate", "--sha", sha, "--wait"])
        .assert()
        .success();

    // The branch's rules, imported.
    github.set_rules(
        "main",
        json!([{"type": "required_status_checks", "parameters": {"required_status_checks": [{"context": "lint", "integration_id": 15368}]}}]),
    );
    cicd(repo.path(), &github)
        .args(["checks", "import", "--branch", "main"])
        .assert()
        .success()
        .stdout_eq(snapbox::str![[r#"
# Required checks, imported from the rules of `main` in acme/widget by `cicd checks import`.
# Group them under the workflows that produce them ([workflows.CI] checks = [...])
# so that `cicd checks lint` can prove each one can be reported.
merge-queue = false
required = [
  { check = "lint", app = 15368 },
]

"#]]);
}

#[test]
fn extra_labels_join_the_pending_one_and_skip_labeling_puts_none() {
    let repo = package_with(
        "{\n  \"extra-label\": \"release, autorelease: pending,team: web\",\n  \"packages\": {\n    \".\": {\"release-type\": \"node\"}\n  }\n}\n",
    );
    let github = FakeGitHub::start("acme/widget", TOKEN);
    cicd(repo.path(), &github)
        .arg("release-pr")
        .assert()
        .success();
    assert_eq!(
        github.pulls()[0]["labels"],
        json!([{"name": "autorelease: pending"}, {"name": "release"}, {"name": "team: web"}])
    );

    let other = FakeGitHub::start("acme/widget", TOKEN);
    cicd(repo.path(), &other)
        .args(["release-pr", "--skip-labeling"])
        .assert()
        .success();
    assert_eq!(other.pulls().len(), 1);
    assert_eq!(other.pulls()[0]["labels"], json!([]));
    assert!(
        !other
            .requests()
            .iter()
            .any(|request| request.path.contains("/labels")),
        "{:?}",
        other.requests()
    );
}

/// A maven package released as 1.2.3 (a parent pom and a module), then a fix.
fn maven_package() -> Repo {
    let mut repo = Repo::new();
    repo.git(&[
        "remote",
        "add",
        "origin",
        "https://github.com/acme/widget.git",
    ]);
    repo.commit_files(
        "chore(main): release 1.2.3",
        &[
            (
                "pom.xml",
                "<project>\n  <artifactId>widget</artifactId>\n  <version>1.2.3</version>\n  <properties>\n    <stable>1.2.3</stable><!-- x-release-please-released-version -->\n  </properties>\n</project>\n",
            ),
            (
                "core/pom.xml",
                "<project>\n  <parent>\n    <artifactId>widget</artifactId>\n    <version>1.2.3</version>\n  </parent>\n  <artifactId>core</artifactId>\n</project>\n",
            ),
            (
                "release-please-config.json",
                "{\n  \"release-type\": \"maven\",\n  \"packages\": {\".\": {}}\n}\n",
            ),
            (".release-please-manifest.json", "{\n  \".\": \"1.2.3\"\n}\n"),
            ("CHANGELOG.md", "# Changelog\n"),
        ],
    );
    repo.tag("v1.2.3");
    repo.commit_files(
        "fix: keep the cache",
        &[("core/Cache.java", "class Cache {}\n")],
    );
    repo
}

#[test]
fn a_maven_release_is_followed_by_a_snapshot_pull_request_that_is_never_released() {
    let mut repo = maven_package();
    let github = FakeGitHub::start("acme/widget", TOKEN);
    let plan = json_stdout(cicd(repo.path(), &github).args(["--format", "json", "release-pr"]));
    assert_eq!(plan["releases"][0]["version"], "1.2.4-SNAPSHOT");
    assert_eq!(plan["releases"][0]["snapshot"], true);
    assert_eq!(plan["releases"][0]["tag"], "");
    let files: Vec<&str> = plan["files"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|file| file["path"].as_str())
        .collect();
    // Every pom, no CHANGELOG.md, no manifest.
    assert_eq!(files, ["core/pom.xml", "pom.xml"]);
    let pulls = github.pulls();
    assert_eq!(pulls[0]["title"], "chore(main): release 1.2.4-SNAPSHOT");
    assert_eq!(
        pulls[0]["labels"],
        json!([{"name": "autorelease: snapshot"}])
    );
    assert!(
        pulls[0]["body"]
            .as_str()
            .unwrap_or_default()
            .contains("\n### Updating meta-information for bleeding-edge SNAPSHOT release.\n")
    );

    // Merged: no release for a snapshot.
    github.merge(1, &"m".repeat(40));
    let report = json_stdout(cicd(repo.path(), &github).args(["--format", "json", "release"]));
    assert_eq!(report["releases"], json!([]));
    assert!(github.releases().is_empty());

    // The snapshot on main (as GitHub squashes it), then a feature: the
    // next release PR drops the suffix and releases.
    Command::new(cargo_bin!("cicd"))
        .current_dir(repo.path())
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env_remove("GITHUB_TOKEN")
        .env_remove("GH_TOKEN")
        .arg("release-pr")
        .assert()
        .success();
    let pom = std::fs::read_to_string(repo.path().join("core/pom.xml")).unwrap_or_default();
    assert!(pom.contains("<version>1.2.4-SNAPSHOT</version>"), "{pom}");
    repo.commit_files("chore(main): release 1.2.4-SNAPSHOT (#1)", &[]);
    repo.commit_files(
        "feat: warm the cache",
        &[("core/Warm.java", "class Warm {}\n")],
    );
    let plan = json_stdout(cicd(repo.path(), &github).args(["--format", "json", "release-pr"]));
    assert_eq!(plan["releases"][0]["version"], "1.3.0");
    assert!(plan["releases"][0].get("snapshot").is_none());
    let pulls = github.pulls();
    assert_eq!(pulls.len(), 2);
    assert_eq!(pulls[1]["title"], "chore(main): release 1.3.0");
    assert_eq!(
        pulls[1]["labels"],
        json!([{"name": "autorelease: pending"}])
    );
    let pom = plan["files"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|file| file["path"] == "pom.xml")
        .and_then(|file| file["content"].as_str())
        .unwrap_or_default()
        .to_owned();
    assert!(pom.contains("<version>1.3.0</version>"), "{pom}");
    assert!(pom.contains("<stable>1.3.0</stable>"), "{pom}");

    github.merge(2, &"n".repeat(40));
    let report = json_stdout(cicd(repo.path(), &github).args(["--format", "json", "release"]));
    assert_eq!(report["releases"][0]["tag_name"], "v1.3.0");
}

#[test]
fn with_fork_the_branch_is_pushed_to_the_token_owner_s_fork() {
    let mut repo = package();
    let github = FakeGitHub::start("acme/widget", TOKEN);
    // GitHub makes forks in the background: the first sync finds none.
    github.fork_not_ready(1);
    let plan =
        json_stdout(cicd(repo.path(), &github).args(["--format", "json", "release-pr", "--fork"]));
    assert_eq!(plan["published"][0]["action"], "opened");
    let branch = "release-please--branches--main--components--widget";
    assert_eq!(
        github.writes(),
        [
            "POST /repos/acme/widget/forks".to_owned(),
            "POST /repos/cicd-bot/widget/merge-upstream".to_owned(),
            "POST /repos/cicd-bot/widget/merge-upstream".to_owned(),
            "POST /repos/cicd-bot/widget/git/trees".to_owned(),
            "POST /repos/cicd-bot/widget/git/commits".to_owned(),
            format!("PATCH /repos/cicd-bot/widget/git/refs/heads/{branch}"),
            "POST /repos/cicd-bot/widget/git/refs".to_owned(),
            "POST /repos/acme/widget/pulls".to_owned(),
            "POST /repos/acme/widget/issues/1/labels".to_owned(),
        ]
    );
    let pulls = github.pulls();
    assert_eq!(pulls.len(), 1);
    assert_eq!(pulls[0]["head"]["label"], format!("cicd-bot:{branch}"));
    // The branch is the fork's, not the repository's.
    let commit = github.commits()[0]["sha"].clone();
    assert_eq!(github.fork_refs()[&format!("refs/heads/{branch}")], commit);
    assert!(!github.refs().contains_key(&format!("refs/heads/{branch}")));

    // A fix later: the fork's branch moves, the same PR is updated.
    repo.commit_files(
        "fix: handle empty input",
        &[("src/index.js", "export {};\n")],
    );
    github.clear_requests();
    cicd(repo.path(), &github)
        .args(["release-pr", "--fork"])
        .assert()
        .success();
    let writes = github.writes();
    assert!(
        writes.contains(&format!(
            "PATCH /repos/cicd-bot/widget/git/refs/heads/{branch}"
        )),
        "{writes:?}"
    );
    assert!(writes.contains(&"PATCH /repos/acme/widget/pulls/1".to_owned()));
    assert!(!writes.contains(&"POST /repos/acme/widget/pulls".to_owned()));
    assert_eq!(github.pulls().len(), 1);

    // Merged: released in the repository itself.
    github.merge(1, &"m".repeat(40));
    let report = json_stdout(cicd(repo.path(), &github).args(["--format", "json", "release"]));
    assert_eq!(report["releases"][0]["tag_name"], "widget-v1.1.0");
}

#[test]
fn a_fork_that_cannot_be_synced_is_still_used_and_a_failed_fork_stops() {
    let repo = package();
    let github = FakeGitHub::start("acme/widget", TOKEN);
    github.fail_after(
        "POST /repos/acme/widget/forks",
        [Fault {
            status: 409,
            headers: Vec::new(),
            body: json!({"message": "There are merge conflicts"}),
        }],
    );
    let output = cicd(repo.path(), &github)
        .args(["release-pr", "--fork"])
        .output()
        .expect("cicd runs");
    assert!(output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("the fork `cicd-bot/widget` could not be brought up to date"),
        "{stderr}"
    );
    assert_eq!(github.pulls().len(), 1);

    // Forking refused (a token that may not fork): exit 2, nothing made.
    let github = FakeGitHub::start("acme/widget", TOKEN);
    let closed_pulls = "GET /repos/acme/widget/pulls?state=closed&base=main&sort=updated&direction=desc&per_page=100";
    github.fail_after(
        closed_pulls,
        [Fault {
            status: 403,
            headers: Vec::new(),
            body: json!({"message": "Resource not accessible by integration"}),
        }],
    );
    let output = cicd(repo.path(), &github)
        .args(["release-pr", "--fork"])
        .output()
        .expect("cicd runs");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("POST /repos/acme/widget/forks"), "{stderr}");
    assert!(github.pulls().is_empty());
    assert!(github.commits().is_empty());
}

#[test]
fn commit_authors_are_named_by_their_github_login_when_github_links_them() {
    let mut repo = package_with(
        "{\n  \"include-commit-authors\": true,\n  \"packages\": {\n    \".\": {\"release-type\": \"node\"}\n  }\n}\n",
    );
    let linked = repo.git(&["rev-parse", "HEAD"]);
    let unlinked = repo.commit_files("fix: a crash", &[("b.js", "b\n")]);
    let github = FakeGitHub::start("acme/widget", TOKEN);
    github.add_listed_commit(&unlinked, None);
    github.add_listed_commit(&linked, Some("octocat"));
    // Offline, the notes name the git author.
    let offline = cicd(repo.path(), &github)
        .env_remove("GITHUB_TOKEN")
        .args(["release-pr", "--dry-run"])
        .output()
        .expect("cicd runs");
    let text = String::from_utf8_lossy(&offline.stdout);
    assert!(text.contains("* add the widget (Dev) (["), "{text}");
    // With a token, by login where GitHub links the commit to a user.
    cicd(repo.path(), &github)
        .arg("release-pr")
        .assert()
        .success();
    let body = github.pulls()[0]["body"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert!(
        body.contains("* add the widget ([@octocat](https://github.com/octocat)) (["),
        "{body}"
    );
    assert!(body.contains("* a crash (Dev) (["), "{body}");
    let listed: Vec<String> = github
        .requests()
        .iter()
        .filter(|request| request.path.contains("/commits?"))
        .map(|request| request.path.clone())
        .collect();
    assert_eq!(
        listed,
        [format!(
            "/repos/acme/widget/commits?sha={unlinked}&per_page=100"
        )]
    );
}

#[test]
fn changelog_type_github_takes_the_notes_github_writes() {
    let repo = package_with(
        "{\n  \"changelog-type\": \"github\",\n  \"packages\": {\n    \".\": {\"release-type\": \"node\"}\n  }\n}\n",
    );
    let github = FakeGitHub::start("acme/widget", TOKEN);
    cicd(repo.path(), &github)
        .arg("release-pr")
        .assert()
        .success();
    let asked: Vec<Value> = github
        .requests()
        .into_iter()
        .filter(|request| request.path.ends_with("/releases/generate-notes"))
        .map(|request| request.body)
        .collect();
    assert_eq!(
        asked,
        [json!({
            "tag_name": "widget-v1.1.0",
            "target_commitish": "main",
            "previous_tag_name": "widget-v1.0.0",
        })]
    );
    let body = github.pulls()[0]["body"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert!(
        body.contains("---\n\n\n## 1.1.0 (2026-01-01)\n\n## What's Changed\n* Add the widget by @dev in https://github.com/acme/widget/pull/1\n\n\n**Full Changelog**: https://github.com/acme/widget/compare/widget-v1.0.0...widget-v1.1.0\n\n---"),
        "{body}"
    );
    let changelog = github.trees()[0]["tree"][0]["content"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert!(
        changelog.starts_with("# Changelog\n\n## 1.1.0 (2026-01-01)\n\n## What's Changed\n"),
        "{changelog}"
    );
    // Merged: released with those notes.
    github.merge(1, &"m".repeat(40));
    let report = json_stdout(cicd(repo.path(), &github).args(["--format", "json", "release"]));
    assert_eq!(report["releases"][0]["tag_name"], "widget-v1.1.0");
    let notes = github.releases()[0]["body"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert!(
        notes.starts_with("## 1.1.0 (2026-01-01)\n\n## What's Changed\n"),
        "{notes}"
    );

    // Without a token: the default notes, and a warning saying why.
    let output = cicd(repo.path(), &github)
        .env_remove("GITHUB_TOKEN")
        .args(["release-pr", "--dry-run"])
        .output()
        .expect("cicd runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("`changelog-type: github` asks GitHub to write the notes"),
        "{stderr}"
    );
    assert!(String::from_utf8_lossy(&output.stdout).contains("### Features"));
}

#[test]
fn a_merged_pull_request_body_overrides_its_commit_message() {
    let mut repo = package();
    let squashed = repo.commit_files("fix: typo'd mesage (#5)", &[("b.js", "b\n")]);
    let github = FakeGitHub::start("acme/widget", TOKEN);
    let number = github.add_pull(
        "fix-things",
        "main",
        "fix: typo'd mesage",
        "Details.\n\nBEGIN_COMMIT_OVERRIDE\nfix: the real message\n\nfeat(api): and another\nEND_COMMIT_OVERRIDE\n",
        &[],
    );
    github.merge(number, &squashed);
    cicd(repo.path(), &github)
        .arg("release-pr")
        .assert()
        .success();
    let body = github
        .pulls()
        .iter()
        .find(|pull| pull["state"] == "open")
        .and_then(|pull| pull["body"].as_str())
        .unwrap_or_default()
        .to_owned();
    assert!(body.contains("* the real message (["), "{body}");
    assert!(body.contains("* **api:** and another (["), "{body}");
    assert!(!body.contains("mesage"), "{body}");
    // The feature from before is still there.
    assert!(body.contains("* add the widget (["), "{body}");
}

#[test]
fn a_snoozed_release_pull_request_is_reopened_only_when_its_notes_change() {
    let mut repo = package();
    let github = FakeGitHub::start("acme/widget", TOKEN);
    cicd(repo.path(), &github)
        .arg("release-pr")
        .assert()
        .success();
    // Snoozed: closed with the label.
    let body = github.pulls()[0]["body"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let branch = "release-please--branches--main--components--widget";
    let snoozed = github.add_pull(branch, "main", "old title", &body, &["autorelease: snooze"]);
    github.close(1);
    github.close(snoozed);

    // Nothing new: it stays snoozed, and nothing is written.
    github.clear_requests();
    let plan = json_stdout(cicd(repo.path(), &github).args(["--format", "json", "release-pr"]));
    assert_eq!(plan["published"][0]["action"], "snoozed");
    assert_eq!(github.writes(), Vec::<String>::new());

    // A fix: reopened with the new notes, the label off, no new PR.
    repo.commit_files("fix: handle empty input", &[("src/index.js", "x\n")]);
    github.clear_requests();
    let plan = json_stdout(cicd(repo.path(), &github).args(["--format", "json", "release-pr"]));
    assert_eq!(plan["published"][0]["action"], "reopened");
    assert_eq!(plan["published"][0]["number"], snoozed);
    let pulls = github.pulls();
    assert_eq!(pulls.len(), 2);
    let pull = &pulls[usize::try_from(snoozed - 1).unwrap_or_default()];
    assert_eq!(pull["state"], "open");
    assert!(
        pull["body"]
            .as_str()
            .unwrap_or_default()
            .contains("* handle empty input (")
    );
    assert_eq!(pull["labels"], json!([]));
    assert!(
        github
            .writes()
            .contains(&format!("PATCH /repos/acme/widget/pulls/{snoozed}"))
    );
}

#[test]
fn notes_too_long_for_a_pull_request_body_go_to_a_file_of_their_own() {
    let mut repo = package();
    // About 80,000 characters of notes: more than GitHub takes in a body.
    for at in 0..40 {
        let subject = format!("fix: change {at} {}", "word ".repeat(400));
        repo.commit_files(subject.trim_end(), &[(&format!("src/{at}.js"), "x\n")]);
    }
    let github = FakeGitHub::start("acme/widget", TOKEN);
    cicd(repo.path(), &github)
        .arg("release-pr")
        .assert()
        .success();
    let branch = "release-please--branches--main--components--widget--release-notes";
    let pulls = github.pulls();
    assert_eq!(
        pulls[0]["body"],
        format!(
            "This release is too large to preview in the pull request body. View the full release notes here: https://github.com/acme/widget/blob/{branch}/release-notes.md"
        )
    );
    let notes_commit = &github.refs()[&format!("refs/heads/{branch}")];
    let notes_tree = github
        .commits()
        .into_iter()
        .find(|commit| commit["sha"] == notes_commit.as_str())
        .map(|commit| commit["tree"].clone())
        .unwrap_or_default();
    let notes = github
        .trees()
        .into_iter()
        .find(|tree| tree["sha"] == notes_tree)
        .and_then(|tree| tree["tree"][0]["content"].as_str().map(str::to_owned))
        .unwrap_or_default();
    assert!(notes.len() > 65_536, "{}", notes.len());
    assert!(notes.contains("* change 39 word word"));

    // Nothing new: the notes are read back from their file, nothing written.
    github.clear_requests();
    cicd(repo.path(), &github)
        .arg("release-pr")
        .assert()
        .success();
    assert_eq!(github.writes(), Vec::<String>::new());

    // Merged: released with the whole notes.
    github.merge(1, &"m".repeat(40));
    let report = json_stdout(cicd(repo.path(), &github).args(["--format", "json", "release"]));
    assert_eq!(report["releases"][0]["tag_name"], "widget-v1.1.0");
    let released = github.releases()[0]["body"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert!(released.len() > 65_536, "{}", released.len());
    assert!(released.starts_with("## [1.1.0]"), "{}", &released[..80]);
}

/// A pom of `com.acme:{artifact}` at `version`, depending on `depends_on`
/// (`artifact`, version) — managed ones in `<dependencyManagement>`.
fn pom(artifact: &str, version: &str, depends_on: &[(&str, &str)], managed: bool) -> String {
    let dependencies: String = depends_on
        .iter()
        .map(|(name, version)| {
            format!("      <dependency>\n        <groupId>com.acme</groupId>\n        <artifactId>{name}</artifactId>\n        <version>{version}</version>\n      </dependency>\n")
        })
        .collect();
    let block = match (depends_on.is_empty(), managed) {
        (true, _) => String::new(),
        (false, false) => format!("  <dependencies>\n{dependencies}  </dependencies>\n"),
        (false, true) => format!(
            "  <dependencyManagement>\n    <dependencies>\n{dependencies}    </dependencies>\n  </dependencyManagement>\n"
        ),
    };
    format!(
        "<project>\n  <groupId>com.acme</groupId>\n  <artifactId>{artifact}</artifactId>\n  <version>{version}</version>\n{block}</project>\n"
    )
}

#[test]
fn a_maven_workspace_releases_the_dependents_and_tags_only_its_packages() {
    let mut repo = Repo::new();
    repo.git(&[
        "remote",
        "add",
        "origin",
        "https://github.com/acme/widget.git",
    ]);
    let app = pom("app", "2.0.0", &[("core", "1.0.0")], false);
    let bom = pom("bom", "5.0.0-SNAPSHOT", &[("core", "1.0.0")], true);
    repo.commit_files(
        "chore: init",
        &[
            ("core/pom.xml", pom("core", "1.0.0", &[], false).as_str()),
            ("app/pom.xml", app.as_str()),
            ("tools/bom/pom.xml", bom.as_str()),
            (
                "release-please-config.json",
                "{\n  \"skip-snapshot\": true,\n  \"plugins\": [\"maven-workspace\"],\n  \"packages\": {\n    \"core\": {\"release-type\": \"maven\", \"component\": \"core\"},\n    \"app\": {\"release-type\": \"maven\", \"component\": \"app\"}\n  }\n}\n",
            ),
            (
                ".release-please-manifest.json",
                "{\n  \"core\": \"1.0.0\",\n  \"app\": \"2.0.0\"\n}\n",
            ),
        ],
    );
    repo.tag("core-v1.0.0");
    repo.tag("app-v2.0.0");
    repo.commit_files(
        "fix(core): keep the cache",
        &[("core/Cache.java", "class Cache {}\n")],
    );
    let github = FakeGitHub::start("acme/widget", TOKEN);
    let plan = json_stdout(cicd(repo.path(), &github).args(["--format", "json", "release-pr"]));
    let versions = crate::git::plan_versions(&plan);
    // By artifact name (`com.acme:bom` before `com.acme:core`); the BOM
    // no package holds drops its `-SNAPSHOT`.
    assert_eq!(
        versions,
        [("app", "2.0.1"), ("tools/bom", "5.0.0"), ("core", "1.0.1")]
    );
    let pulls = github.pulls();
    assert_eq!(pulls.len(), 1);
    let body = pulls[0]["body"].as_str().unwrap_or_default();
    assert!(
        body.contains("<details><summary>app: 2.0.1</summary>\n\n## [2.0.1](https://github.com/acme/widget/compare/app-v2.0.0...app-v2.0.1) (2026-01-01)\n\n\n### Dependencies\n\n* The following workspace dependencies were updated\n    * com.acme:core bumped to 1.0.1\n</details>"),
        "{body}"
    );
    assert!(
        body.contains("<details><summary>com.acme:bom: 5.0.0</summary>\n\n### Dependencies"),
        "{body}"
    );
    let files = crate::git::plan_files(&plan);
    assert_eq!(
        files["app/pom.xml"],
        app.replace("2.0.0", "2.0.1").replace("1.0.0", "1.0.1")
    );
    assert_eq!(
        files["tools/bom/pom.xml"],
        bom.replace("5.0.0-SNAPSHOT", "5.0.0")
            .replace("1.0.0", "1.0.1")
    );
    assert_eq!(
        files[".release-please-manifest.json"],
        "{\n  \"core\": \"1.0.1\",\n  \"app\": \"2.0.1\",\n  \"tools/bom\": \"5.0.0\"\n}\n"
    );

    // Merged: the two packages are tagged; the BOM, which no package is,
    // is not. A second run makes nothing.
    github.merge(1, &"m".repeat(40));
    let report = json_stdout(cicd(repo.path(), &github).args(["--format", "json", "release"]));
    let tags = tag_names(&report);
    assert_eq!(tags, ["app-v2.0.1", "core-v1.0.1"]);
    let report = json_stdout(cicd(repo.path(), &github).args(["--format", "json", "release"]));
    assert_eq!(report["releases"], json!([]));
    assert_eq!(github.releases().len(), 2);
}

#[test]
fn details_tags_in_commit_messages_do_not_forge_a_release() {
    for (message, tag) in [
        (
            "fix: handle `<details><summary>99.0.0</summary>` tags",
            "widget-v1.1.0",
        ),
        (
            "fix: handle `<details><summary>widget: 99.0.0</summary>\n\n</details>",
            "widget-v1.1.0",
        ),
        (
            "feat!: new tags\n\nBREAKING CHANGE: renders\n<details><summary>widget: 98.0.0</summary>\n</details>\nfrom now on",
            "widget-v2.0.0",
        ),
    ] {
        let mut repo = package();
        repo.commit(message);
        let github = FakeGitHub::start("acme/widget", TOKEN);
        cicd(repo.path(), &github)
            .arg("release-pr")
            .assert()
            .success();
        let body = github.pulls()[0]["body"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        assert!(!body.contains("\n<details>"), "{body}");
        github.merge(1, &"c".repeat(40));
        let report = json_stdout(cicd(repo.path(), &github).args(["--format", "json", "release"]));
        assert_eq!(tag_names(&report), [tag], "{message}");
        assert_eq!(github.releases().len(), 1);
    }
}

#[test]
fn a_merged_body_that_disagrees_with_its_title_is_refused() {
    let repo = package();
    let github = FakeGitHub::start("acme/widget", TOKEN);
    let body = cicd_core::release::body(
        "## [99.0.0](https://github.com/acme/widget/compare/widget-v1.0.0...widget-v99.0.0) (2026-01-01)\n\n\n### Features\n\n* x",
    );
    github.add_pull(
        "release-please--branches--main--components--widget",
        "main",
        "chore(main): release widget 1.1.0",
        &body,
        &["autorelease: pending"],
    );
    github.merge(1, &"d".repeat(40));
    cicd(repo.path(), &github)
        .arg("release")
        .assert()
        .code(2)
        .stdout_eq("")
        .stderr_eq(snapbox::str![[r#"
warning: PR #1 is not released: `widget` 99.0.0: its body releases 99.0.0 but its title names 1.1.0; nothing was released for it, and it stays labelled until a maintainer looks
warning: GitHub: 1 requests
error: refused to release #1: the body of a release PR disagrees with its title, branch or manifest

"#]]);
    assert!(github.releases().is_empty());
    assert_eq!(
        github.pulls()[0]["labels"],
        json!([{"name": "autorelease: pending"}])
    );
}

#[test]
fn a_next_page_on_another_origin_is_not_followed_with_the_token() {
    let repo = package();
    let github = FakeGitHub::start("acme/widget", TOKEN);
    let elsewhere = FakeGitHub::start("acme/widget", "another");
    github.fail_next([Fault {
        status: 200,
        headers: vec![(
            "link".to_owned(),
            format!(
                "<{}/repos/acme/widget/pulls?page=2>; rel=\"next\"",
                elsewhere.url()
            ),
        )],
        body: json!([]),
    }]);
    let output = cicd(repo.path(), &github)
        .arg("release")
        .output()
        .expect("cicd runs");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("answered with a next page on another origin"),
        "{stderr}"
    );
    assert!(
        elsewhere.requests().is_empty(),
        "the other origin was asked"
    );
}

#[test]
fn a_server_that_echoes_the_token_never_gets_it_printed() {
    let repo = package();
    let github = FakeGitHub::start("acme/widget", TOKEN);
    github.fail_next([Fault {
        status: 401,
        headers: Vec::new(),
        body: json!({"message": format!("Bad credentials: {TOKEN}")}),
    }]);
    let output = cicd(repo.path(), &github)
        .args(["--format", "json", "release"])
        .output()
        .expect("cicd runs");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("failed with 401: Bad credentials: ***"),
        "{stderr}"
    );
    assert!(!stderr.contains(TOKEN), "{stderr}");
    assert!(!String::from_utf8_lossy(&output.stdout).contains(TOKEN));
}
