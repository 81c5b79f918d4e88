//! `cicd release-pr --preview`: what merging a branch releases, checked by
//! merging it for real and planning the merged history.

use cicd_test_support::Repo;
use serde_json::Value;
use snapbox::cmd::{Command, cargo_bin};

const URL: &str = "https://github.com/acme/mono";

/// A monorepo of `web` and `api`, released once, `main` with a fix to
/// `api` since, and a branch `feature` off the release with two `web`
/// commits, the second a breaking change.
fn repo() -> Repo {
    let mut repo = Repo::new();
    repo.commit_files(
        "chore: initial import",
        &[
            (
                "web/package.json",
                "{\n  \"name\": \"web\",\n  \"version\": \"1.0.0\"\n}\n",
            ),
            (
                "api/package.json",
                "{\n  \"name\": \"api\",\n  \"version\": \"2.0.0\"\n}\n",
            ),
            (
                "release-please-config.json",
                "{\"packages\": {\"web\": {}, \"api\": {}}}\n",
            ),
            (
                ".release-please-manifest.json",
                "{\n  \"web\": \"1.0.0\",\n  \"api\": \"2.0.0\"\n}\n",
            ),
        ],
    );
    repo.tag("web-v1.0.0");
    repo.tag("api-v2.0.0");
    repo.git(&["branch", "feature"]);
    repo.commit_files("fix(api): keep the cache", &[("api/cache.js", "1\n")]);
    repo.git(&["checkout", "-q", "feature"]);
    repo.commit_files("feat(web): a new button", &[("web/button.js", "1\n")]);
    repo.commit_files("feat(web)!: drop the old props", &[("web/props.js", "1\n")]);
    repo
}

fn cicd(repo: &Repo, args: &[&str]) -> Value {
    let output = Command::new(cargo_bin!("cicd"))
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env_remove("GITHUB_TOKEN")
        .env_remove("GH_TOKEN")
        .env_remove("GITHUB_EVENT_PATH")
        .arg("-C")
        .arg(repo.path())
        .args(["--format", "json", "release-pr"])
        .args(args)
        .args(["--date", "2026-12-08", "--repository-url", URL])
        .output()
        .expect("cicd runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("JSON")
}

/// Each release's path and version.
fn versions(releases: &Value) -> Vec<(String, String)> {
    releases
        .as_array()
        .into_iter()
        .flatten()
        .map(|release| {
            let text = |key: &str| release[key].as_str().unwrap_or_default().to_owned();
            (text("path"), text("version"))
        })
        .collect()
}

/// A PR body without its commit links, which name commits GitHub has not
/// made yet.
fn unlinked(body: &str) -> String {
    body.lines()
        .map(|line| line.split(" ([").next().unwrap_or(line))
        .collect::<Vec<_>>()
        .join("\n")
}

fn bodies(plan: &Value) -> Vec<String> {
    plan["pull_requests"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|pull| unlinked(pull["body"].as_str().unwrap_or_default()))
        .collect()
}

#[test]
fn a_merge_commit_previews_what_merging_releases() {
    let mut repo = repo();
    let title = "feat(web): buttons";
    let preview = cicd(
        &repo,
        &[
            "--preview",
            "--base",
            "main",
            "--merge-method",
            "merge",
            "--title",
            title,
        ],
    );
    assert_eq!(preview["releasable"], true);
    assert_eq!(
        versions(&preview["releases"]),
        [
            ("web".into(), "2.0.0".into()),
            ("api".into(), "2.0.1".into())
        ]
    );
    // Only what the branch changes: `api`'s fix is the base's own.
    let changes = preview["changes"].as_array().unwrap();
    assert_eq!(changes.len(), 1);
    assert_eq!(changes[0]["path"], "web");
    assert_eq!(changes[0]["before"], Value::Null);
    assert_eq!(
        changes[0]["causes"][0]["header"],
        "feat(web)!: drop the old props"
    );
    let summary = preview["summary"].as_str().unwrap();
    assert!(
        summary.starts_with(
            "Merging this releases:\n\n- `web` 2.0.0\n  - breaking change: `feat(web)!: drop the old props` ("
        ),
        "{summary}"
    );
    // Squashed, the title alone would be the change: a minor.
    assert_eq!(
        preview["otherwise"],
        serde_json::json!([{"merge_method": "squash", "path": "web", "version": "1.1.0"}])
    );
    assert!(
        summary
            .contains("With a squash merge instead of a merge commit, `web` would release 1.1.0."),
        "{summary}"
    );
    // Merged for real, the release PR is the one previewed.
    repo.git(&["checkout", "-q", "main"]);
    repo.merge(
        "feature",
        &format!("Merge pull request #7 from acme/feature\n\n{title}"),
    );
    let plan = cicd(&repo, &["--dry-run"]);
    assert_eq!(versions(&plan["releases"]), versions(&preview["releases"]));
    assert_eq!(bodies(&plan), bodies(&preview));
}

#[test]
fn a_squash_releases_what_its_title_says() {
    let mut repo = repo();
    let title = "fix(web): tidy the buttons";
    let preview = cicd(&repo, &["--preview", "--base", "main", "--title", title]);
    assert_eq!(
        versions(&preview["releases"]),
        [
            ("web".into(), "1.0.1".into()),
            ("api".into(), "2.0.1".into())
        ]
    );
    let otherwise: Vec<(&str, &str)> = preview["otherwise"]
        .as_array()
        .unwrap()
        .iter()
        .map(|other| {
            (
                other["merge_method"].as_str().unwrap(),
                other["version"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(otherwise, [("merge", "2.0.0"), ("rebase", "2.0.0")]);
    // Squashed as GitHub squashes by default: the title, then the
    // branch's commit messages.
    repo.git(&["checkout", "-q", "main"]);
    repo.git(&["merge", "-q", "--squash", "feature"]);
    repo.commit(&format!(
        "{title}\n\n* feat(web): a new button\n\n* feat(web)!: drop the old props"
    ));
    let plan = cicd(&repo, &["--dry-run"]);
    assert_eq!(versions(&plan["releases"]), versions(&preview["releases"]));
    assert_eq!(bodies(&plan), bodies(&preview));
}

#[test]
fn a_branch_behind_a_release_previews_from_the_release() {
    let mut repo = repo();
    // `main` releases `api` 2.0.1 after the branch left it.
    repo.git(&["checkout", "-q", "main"]);
    repo.commit_files(
        "chore: release main",
        &[
            (
                "api/package.json",
                "{\n  \"name\": \"api\",\n  \"version\": \"2.0.1\"\n}\n",
            ),
            (
                ".release-please-manifest.json",
                "{\n  \"web\": \"1.0.0\",\n  \"api\": \"2.0.1\"\n}\n",
            ),
        ],
    );
    repo.tag("api-v2.0.1");
    repo.git(&["checkout", "-q", "feature"]);
    let preview = cicd(
        &repo,
        &["--preview", "--base", "main", "--merge-method", "rebase"],
    );
    assert_eq!(
        versions(&preview["releases"]),
        [("web".into(), "2.0.0".into())]
    );
    assert!(versions(&preview["base_releases"]).is_empty());
}

#[test]
fn a_branch_of_chores_releases_nothing() {
    let mut repo = Repo::new();
    repo.commit_files(
        "chore: initial import",
        &[
            (
                "package.json",
                "{\n  \"name\": \"tool\",\n  \"version\": \"1.0.0\"\n}\n",
            ),
            (
                ".release-please-manifest.json",
                "{\n  \".\": \"1.0.0\"\n}\n",
            ),
        ],
    );
    repo.tag("v1.0.0");
    repo.git(&["checkout", "-q", "-b", "chores"]);
    repo.commit_files("chore: tidy", &[("notes.txt", "1\n")]);
    let preview = cicd(&repo, &["--preview", "--base", "main"]);
    assert_eq!(preview["releasable"], false);
    assert_eq!(
        preview["summary"].as_str().unwrap(),
        "Merging this releases nothing.\n"
    );
}

/// `--preview --comment` against the fake GitHub, for pull request #7.
fn comment(repo: &Repo, github: &cicd_test_support::github::FakeGitHub, title: &str) {
    let summary = tempfile::NamedTempFile::new().expect("a summary file");
    let output = Command::new(cargo_bin!("cicd"))
        .current_dir(repo.path())
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GITHUB_API_URL", github.url())
        .env("GITHUB_TOKEN", "ghs_fake_preview_token")
        .env("GITHUB_REPOSITORY", "acme/mono")
        .env_remove("GH_TOKEN")
        .env_remove("GITHUB_EVENT_PATH")
        .env_remove("HTTPS_PROXY")
        .env_remove("https_proxy")
        .args([
            "release-pr",
            "--preview",
            "--base",
            "main",
            "--title",
            title,
        ])
        .args(["--comment", "--pull-request", "7", "--step-summary"])
        .arg(summary.path())
        .args(["--date", "2026-12-08", "--repository-url", URL])
        .output()
        .expect("cicd runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let written = std::fs::read_to_string(summary.path()).expect("the summary");
    assert!(written.starts_with("### Release preview\n\n"), "{written}");
}

#[test]
fn one_comment_is_kept_up_to_date_then_removed() {
    let github =
        cicd_test_support::github::FakeGitHub::start("acme/mono", "ghs_fake_preview_token");
    // A person quoting the marker: not ours, never edited nor deleted.
    github.add_comment(
        7,
        "<!-- cicd release-pr --preview --> me too",
        "mallory",
        "User",
    );
    let repo = repo();
    comment(&repo, &github, "feat(web): buttons");
    let ours = |github: &cicd_test_support::github::FakeGitHub| -> Vec<String> {
        github
            .comments()
            .into_iter()
            .filter(|(_, body)| body.contains("### Release preview"))
            .map(|(number, body)| {
                assert_eq!(number, 7);
                body
            })
            .collect()
    };
    let first = ours(&github);
    assert_eq!(first.len(), 1, "{first:?}");
    assert!(first[0].contains("- `web` 1.1.0"), "{}", first[0]);
    // Another title: the same comment, edited.
    comment(&repo, &github, "feat(web)!: buttons");
    let second = ours(&github);
    assert_eq!(second.len(), 1);
    assert!(second[0].contains("- `web` 2.0.0"), "{}", second[0]);
    let patches = github
        .writes()
        .iter()
        .filter(|write| write.starts_with("PATCH /repos/acme/mono/issues/comments/"))
        .count();
    assert_eq!(patches, 1);
    // Two jobs raced and left two: the next run keeps one.
    github.add_comment(
        7,
        "<!-- cicd release-pr --preview -->\n### Release preview\n\nstale",
        "github-actions[bot]",
        "Bot",
    );
    comment(&repo, &github, "feat(web)!: buttons");
    assert_eq!(ours(&github).len(), 1);
    // The same again: nothing written.
    let before = github.writes().len();
    comment(&repo, &github, "feat(web)!: buttons");
    assert_eq!(github.writes().len(), before);
    // Nothing released any more (a chore title): the comment goes.
    repo.git(&["checkout", "-q", "main"]);
    repo.git(&["checkout", "-q", "-b", "chores"]);
    comment(&repo, &github, "chore: tidy");
    assert!(ours(&github).is_empty());
    assert_eq!(github.comments().len(), 1, "the person's comment stays");
}

#[test]
fn a_read_only_token_leaves_the_step_summary() {
    let github =
        cicd_test_support::github::FakeGitHub::start("acme/mono", "ghs_fake_preview_token");
    // A fork's pull request: the token may read, not comment.
    github.fail_next([cicd_test_support::github::Fault {
        status: 403,
        headers: Vec::new(),
        body: serde_json::json!({"message": "Resource not accessible by integration"}),
    }]);
    let repo = repo();
    comment(&repo, &github, "feat(web): buttons");
    assert!(github.comments().is_empty());
}

#[test]
fn a_hostile_title_stays_text_and_mentions_no_one() {
    let repo = repo();
    let title = "feat(web): hi @everyone ``` <img src=x onerror=alert(1)>";
    let preview = cicd(&repo, &["--preview", "--base", "main", "--title", title]);
    let summary = preview["summary"].as_str().unwrap();
    // The cause line: one code span, fenced past the backticks inside.
    assert!(
        summary.contains(
            "  - feature: ````feat(web): hi @everyone ``` <img src=x onerror=alert(1)>```` ("
        ),
        "{summary}"
    );
    // The notes: no mention reaches anyone, no tag is HTML.
    assert!(summary.contains("hi [@\u{2060}everyone]"), "{summary}");
    assert!(summary.contains("&lt;img src=x"), "{summary}");
    // A title that is not one line, from a forged event, is read as text.
    let event = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(
        event.path(),
        "{\"pull_request\": {\"title\": [1], \"base\": \"x\"}}",
    )
    .unwrap();
    let output = Command::new(cargo_bin!("cicd"))
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GITHUB_EVENT_PATH", event.path())
        .env_remove("GITHUB_TOKEN")
        .env_remove("GH_TOKEN")
        .arg("-C")
        .arg(repo.path())
        .args(["release-pr", "--preview", "--repository-url", URL])
        .output()
        .expect("cicd runs");
    assert_eq!(output.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("`--preview` needs `--base REF`"),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn a_breaking_footer_survives_the_default_squash_message() {
    let mut repo = repo();
    repo.commit_files(
        "fix(web): rename the event\n\nBREAKING CHANGE: `click` is now `press`",
        &[("web/events.js", "1\n")],
    );
    let title = "fix(web): events";
    // GitHub's default squash message lists the commits: the footer comes
    // along, and the squash breaks.
    let listed = cicd(&repo, &["--preview", "--base", "main", "--title", title]);
    assert_eq!(
        versions(&listed["releases"])[0],
        ("web".into(), "2.0.0".into())
    );
    // With the pull request's description as the message, it does not.
    let described = cicd(
        &repo,
        &[
            "--preview",
            "--base",
            "main",
            "--title",
            title,
            "--squash-message",
            "pr-body",
        ],
    );
    assert_eq!(
        versions(&described["releases"])[0],
        ("web".into(), "1.0.1".into())
    );
}

#[test]
fn a_lone_commit_squashes_under_its_own_subject() {
    let mut repo = Repo::new();
    repo.commit_files(
        "chore: initial import",
        &[
            ("version.txt", "1.0.0\n"),
            (
                "release-please-config.json",
                "{\"release-type\": \"simple\"}\n",
            ),
            (".release-please-manifest.json", "{\".\": \"1.0.0\"}\n"),
        ],
    );
    repo.tag("v1.0.0");
    repo.git(&["checkout", "-q", "-b", "topic"]);
    repo.commit_files("feat: one thing", &[("a.txt", "1\n")]);
    // No title needed: GitHub titles the squash with the commit's subject.
    let preview = cicd(&repo, &["--preview", "--base", "main"]);
    assert_eq!(
        versions(&preview["releases"]),
        [(".".into(), "1.1.0".into())]
    );
    // Titled by the pull request instead, as a setting may say.
    let titled = cicd(
        &repo,
        &[
            "--preview",
            "--base",
            "main",
            "--title",
            "fix: a thing",
            "--squash-title",
            "pr-title",
        ],
    );
    assert_eq!(
        versions(&titled["releases"]),
        [(".".into(), "1.0.1".into())]
    );
}

#[test]
fn a_rebase_previews_what_the_replayed_commits_release() {
    let repo = repo();
    let preview = cicd(
        &repo,
        &["--preview", "--base", "main", "--merge-method", "rebase"],
    );
    assert_eq!(
        crate::git::plan_versions(&preview),
        [("web", "2.0.0"), ("api", "2.0.1")]
    );
    // Rebased for real and fast-forwarded, as GitHub's rebase merge does.
    repo.git(&["rebase", "-q", "main"]);
    repo.git(&["checkout", "-q", "main"]);
    repo.git(&["merge", "-q", "--ff-only", "feature"]);
    let plan = cicd(&repo, &["--dry-run"]);
    assert_eq!(
        crate::git::plan_versions(&plan),
        crate::git::plan_versions(&preview)
    );
    assert_eq!(bodies(&plan), bodies(&preview));
}
