use std::path::Path;

use cicd_test_support::Repo;
use snapbox::cmd::{Command, cargo_bin};
use snapbox::str;

fn cicd(repo: &Path) -> Command {
    Command::new(cargo_bin!("cicd"))
        .current_dir(repo)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
}

/// The files of a `--format json` plan, by path: their new content.
pub(crate) fn plan_files(plan: &serde_json::Value) -> std::collections::BTreeMap<String, String> {
    plan["files"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|file| {
            (
                file["path"].as_str().unwrap_or_default().to_owned(),
                file["content"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

/// Each release of a `--format json` plan: its path and version.
pub(crate) fn plan_versions(plan: &serde_json::Value) -> Vec<(&str, &str)> {
    plan["releases"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|release| {
            (
                release["path"].as_str().unwrap_or_default(),
                release["version"].as_str().unwrap_or_default(),
            )
        })
        .collect()
}

/// A history with a release tag, a merge, a revert and a fixup.
fn history() -> Repo {
    let mut repo = Repo::new();
    repo.commit("chore: init");
    repo.annotated_tag("v1.0.0");
    repo.commit("feat(api): add the widget endpoint\n\nFixes #12");
    repo.git(&["checkout", "-q", "-b", "topic"]);
    repo.commit("fix: Handle empty input.");
    repo.commit("fixup! fix: Handle empty input.");
    repo.git(&["checkout", "-q", "main"]);
    repo.merge("topic", "Merge branch 'topic'");
    repo.commit("Revert \"feat(api): add the widget endpoint\"\n\nThis reverts commit 0000000000000000000000000000000000000000.");
    repo
}

#[test]
fn commits_reads_since_the_last_release_tag() {
    let repo = history();
    cicd(repo.path()).arg("commits").assert().success().stderr_eq(str![""]).stdout_eq(str![[r#"
[..] Revert "feat(api): add the widget endpoint"  [not conventional: `Revert "feat(api)` is not a type: a type is one word before `:`; expected `type(scope)!: description`; reverts "feat(api): add the widget endpoint"]
[..] Merge branch 'topic'  [not conventional: no `:` after a type; expected `type(scope)!: description`; merge]
[..] fixup! fix: Handle empty input.  [not conventional: `fixup! fix` is not a type: a type is one word before `:`; expected `type(scope)!: description`; fixup]
[..] fix: Handle empty input.
[..] feat(api): add the widget endpoint

"#]]);
    cicd(repo.path())
        .args(["commits", "--first-parent", "--range", "v1.0.0..HEAD"])
        .assert()
        .success()
        .stdout_eq(str![[r#"
[..] Revert "feat(api): add the widget endpoint"  [..]
[..] Merge branch 'topic'  [..]
[..] feat(api): add the widget endpoint

"#]]);
}

#[test]
fn lint_checks_a_range_and_skips_what_commitlint_skips() {
    let repo = history();
    cicd(repo.path()).arg("lint").assert().code(1).stdout_eq(str![[r#"
[..] fix: Handle empty input.
  1:6    error    subject must not be sentence-case, start-case, pascal-case, upper-case  [subject-case]
  1:24   error    subject may not end with full stop  [subject-full-stop]
✖ 2 errors, 0 warnings in 1 of 5 messages (3 ignored)

"#]]);
    cicd(repo.path())
        .args(["lint", "--range", "HEAD~1..HEAD"])
        .assert()
        .success();
}

#[test]
fn lint_is_a_commit_msg_hook() {
    let mut repo = Repo::new();
    repo.commit("chore: init");
    let hook = repo.path().join(".git/hooks/commit-msg");
    let binary = cargo_bin!("cicd");
    std::fs::write(
        &hook,
        format!(
            "#!/bin/sh\nexec '{}' lint --message-file \"$1\"\n",
            binary.display()
        ),
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        std::fs::set_permissions(&hook, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let commit = |message: &str| {
        Command::new("git")
            .current_dir(repo.path())
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .args([
                "-c",
                "user.name=Dev",
                "-c",
                "user.email=dev@example.com",
                "-c",
                "commit.gpgsign=false",
            ])
            .args(["commit", "--allow-empty", "-q", "-m", message])
    };
    // git shows a hook's stdout on stderr.
    commit("Update things").assert().failure().stderr_eq(str![[r#"
.git/COMMIT_EDITMSG Update things
  1:1    error    subject may not be empty  [subject-empty]
  1:1    error    type may not be empty (no `:` after a type; expected `type(scope)!: description`)  [type-empty]
✖ 2 errors, 0 warnings in 1 of 1 message

"#]]);
    commit("docs: explain the hook").assert().success();
    assert_eq!(
        repo.git(&["log", "-1", "--format=%s"]),
        "docs: explain the hook"
    );
}

#[test]
fn bad_repositories_and_ranges_exit_2_with_the_reason() {
    let repo = history();
    cicd(repo.path())
        .args(["commits", "--range", "v9.9.9..HEAD"])
        .assert()
        .code(2)
        .stdout_eq(str![""])
        .stderr_eq(str![[r#"
error: `git log v9.9.9..HEAD` failed in `.`: fatal: bad revision 'v9.9.9..HEAD'

"#]]);
    let empty = tempfile::tempdir().unwrap();
    cicd(empty.path()).arg("lint").assert().code(2).stderr_eq(str![[r#"
error: `git for-each-ref --merged=HEAD refs/tags` failed in `.`: fatal: not a git repository (or any of the parent directories): .git

"#]]);
    cicd(repo.path())
        .args(["commits", "-C", "missing"])
        .assert()
        .code(2)
        .stderr_eq(str![[r#"
error: `missing` is not a directory; expected a git repository

"#]]);
}

#[test]
fn version_next_starts_from_the_last_release_tag() {
    let mut repo = Repo::new();
    repo.commit("chore: init");
    repo.annotated_tag("v1.4.2");
    repo.commit("fix: handle empty input");
    repo.commit("feat(api): add the widget endpoint");
    cicd(repo.path())
        .args(["version", "next"])
        .assert()
        .success()
        .stdout_eq(str![[r#"
1.5.0

"#]]);
    repo.tag("api-v0.2.0");
    repo.commit("feat(api)!: drop v1");
    cicd(repo.path())
        .args([
            "version",
            "next",
            "--component",
            "api",
            "--bump-minor-pre-major",
        ])
        .assert()
        .success()
        .stdout_eq(str![[r#"
0.3.0

"#]]);
}

#[test]
fn changelog_prepends_once_from_the_last_release_tag() {
    let mut repo = Repo::new();
    repo.git(&["remote", "add", "origin", "git@github.com:acme/widget.git"]);
    repo.commit("chore: init");
    repo.annotated_tag("v1.4.2");
    repo.commit("fix: handle empty input\n\nFixes #7");
    repo.commit("feat(api): add the <Widget> endpoint (#12)");
    std::fs::write(
        repo.path().join("CHANGELOG.md"),
        "# Changelog\n\n## [1.4.2](u) (2026-01-01)\n\n* old\n",
    )
    .unwrap();
    let run = || {
        cicd(repo.path())
            .args([
                "changelog",
                "--prepend",
                "CHANGELOG.md",
                "--date",
                "2026-02-05",
            ])
            .assert()
            .success()
            .stderr_eq(str![""])
    };
    run().stdout_eq(str![[r#"
## [1.5.0](https://github.com/acme/widget/compare/v1.4.2...v1.5.0) (2026-02-05)


### Features

* **api:** add the &lt;Widget&gt; endpoint ([#12](https://github.com/acme/widget/issues/12)) ([..]](https://github.com/acme/widget/commit/[..]))


### Bug Fixes

* handle empty input ([..]](https://github.com/acme/widget/commit/[..])), refs [#7](https://github.com/acme/widget/issues/7)

"#]]);
    let once = std::fs::read_to_string(repo.path().join("CHANGELOG.md")).unwrap();
    run();
    let twice = std::fs::read_to_string(repo.path().join("CHANGELOG.md")).unwrap();
    assert_eq!(once, twice, "a second run adds nothing");
    assert!(once.starts_with("# Changelog\n\n## [1.5.0]"), "{once}");
    assert!(
        once.ends_with("\n\n## [1.4.2](u) (2026-01-01)\n\n* old\n"),
        "{once}"
    );
}

#[test]
fn changelog_writes_step_outputs() {
    let mut repo = Repo::new();
    repo.commit("chore: init");
    repo.annotated_tag("v1.4.2");
    repo.commit("docs: explain the widget");
    let outputs = repo.path().join(".git").join("github-output");
    let run = |repo: &Repo| {
        let _ = std::fs::remove_file(&outputs);
        cicd(repo.path())
            .args([
                "changelog",
                "--date",
                "2026-02-05",
                "--repository-url",
                "https://github.com/acme/widget",
                "--github-output",
            ])
            .arg(&outputs)
            .assert()
            .success();
        std::fs::read_to_string(&outputs).unwrap()
    };
    // Documentation only: the notes show nothing, so nothing to release.
    let text = run(&repo);
    assert!(
        text.starts_with(
            "version<<ghadelimiter_cicd\n1.4.3\nghadelimiter_cicd\n\
             tag<<ghadelimiter_cicd\nv1.4.3\nghadelimiter_cicd\n\
             previous_tag<<ghadelimiter_cicd\nv1.4.2\nghadelimiter_cicd\n\
             releasable<<ghadelimiter_cicd\nfalse\nghadelimiter_cicd\n\
             notes<<ghadelimiter_cicd\n## [1.4.3](https://github.com/acme/widget/compare/v1.4.2...v1.4.3) (2026-02-05)\n"
        ),
        "{text}"
    );
    repo.commit("fix: close the widget");
    assert!(run(&repo).contains("releasable<<ghadelimiter_cicd\ntrue\n"));
    cicd(repo.path())
        .args(["changelog", "--all", "--github-output", "out"])
        .assert()
        .code(2);
}

#[test]
fn changelog_all_assigns_commits_by_reachability() {
    let mut repo = Repo::new();
    repo.commit("feat: first feature");
    repo.tag("v1.0.0");
    repo.git(&["checkout", "-q", "-b", "maintenance"]);
    repo.commit("fix: backported fix");
    repo.tag("v1.0.1");
    repo.git(&["checkout", "-q", "main"]);
    repo.commit("feat: second feature");
    repo.merge("maintenance", "Merge branch 'maintenance'");
    repo.tag("v1.1.0");
    repo.commit("fix: not released yet");
    cicd(repo.path())
        .args([
            "changelog",
            "--all",
            "--repository-url",
            "https://github.com/acme/widget",
        ])
        .assert()
        .success()
        .stderr_eq(str![""])
        .stdout_eq(str![[r#"
# Changelog

## [1.1.0](https://github.com/acme/widget/compare/v1.0.1...v1.1.0) (2026-01-01)


### Features

* second feature ([..]](https://github.com/acme/widget/commit/[..]))

## [1.0.1](https://github.com/acme/widget/compare/v1.0.0...v1.0.1) (2026-01-01)


### Bug Fixes

* backported fix ([..]](https://github.com/acme/widget/commit/[..]))

## 1.0.0 (2026-01-01)


### Features

* first feature ([..]](https://github.com/acme/widget/commit/[..]))

"#]]);
}

#[test]
fn changelog_all_renders_a_template_over_every_release() {
    let mut repo = Repo::new();
    repo.commit("feat: first");
    repo.tag("v0.1.0");
    repo.commit("fix: second\n\nFixes #2");
    repo.tag("v0.1.1");
    repo.commit("docs: unreleased");
    std::fs::write(
        repo.path().join(".git/summary.j2"),
        "{% for r in releases %}{{ r.tag }} {{ r.commits | length }}\n{% endfor %}unreleased {{ unreleased | length }}\n",
    )
    .unwrap();
    cicd(repo.path())
        .args([
            "changelog",
            "--all",
            "--repository-url",
            "https://github.com/acme/widget",
            "--template",
            ".git/summary.j2",
        ])
        .assert()
        .success()
        .stdout_eq(str![[r#"
v0.1.1 1
v0.1.0 1
unreleased 1

"#]]);
}

#[test]
fn changelog_unreleased_counts_tags_on_other_branches() {
    let mut repo = Repo::new();
    repo.commit("feat: first feature");
    repo.tag("v1.0.0");
    repo.git(&["checkout", "-q", "-b", "maintenance"]);
    repo.commit("fix: backported fix");
    repo.tag("v1.0.1");
    repo.git(&["checkout", "-q", "main"]);
    repo.commit("feat: second feature");
    repo.tag("v1.1.0");
    repo.merge("maintenance", "Merge branch 'maintenance'");
    repo.commit("fix: pending fix");
    let changelog = |flag: &str| {
        let mut args = vec![
            "changelog",
            "--date",
            "2026-02-05",
            "--repository-url",
            "https://github.com/acme/widget",
        ];
        args.extend([flag].into_iter().filter(|flag| !flag.is_empty()));
        cicd(repo.path()).args(args).assert().success()
    };
    // `v1.1.0..HEAD` brings the fix released in 1.0.1 back through the merge.
    changelog("").stdout_eq(str![[r#"
## [1.1.1](https://github.com/acme/widget/compare/v1.1.0...v1.1.1) (2026-02-05)


### Bug Fixes

* backported fix ([..]](https://github.com/acme/widget/commit/[..]))
* pending fix ([..]](https://github.com/acme/widget/commit/[..]))

"#]]);
    changelog("--unreleased").stdout_eq(str![[r#"
## [1.1.1](https://github.com/acme/widget/compare/v1.1.0...v1.1.1) (2026-02-05)


### Bug Fixes

* pending fix ([..]](https://github.com/acme/widget/commit/[..]))

"#]]);
}

#[test]
fn release_pr_plans_and_rewrites_the_files_once() {
    let mut repo = Repo::new();
    repo.commit_files(
        "chore: release 0.3.0",
        &[
            ("Cargo.toml", "[package]\nname = \"widget\"\nversion = \"0.3.0\" # managed by cicd\nedition = \"2024\"\n"),
            ("Cargo.lock", "version = 4\n\n[[package]]\nname = \"widget\"\nversion = \"0.3.0\"\n"),
            ("CHANGELOG.md", "# Changelog\n\n## [0.3.0](u) (2026-01-01)\n\n* old\n"),
            ("release-please-config.json", "{\"packages\": {\".\": {\"release-type\": \"rust\", \"bump-minor-pre-major\": true}}}\n"),
            (".release-please-manifest.json", "{\n  \".\": \"0.3.0\"\n}\n"),
        ],
    );
    repo.tag("widget-v0.3.0");
    repo.commit("feat(api)!: drop v1");
    repo.commit("docs: explain");
    let release_pr = |dry_run: bool| {
        let mut args = vec![
            "release-pr",
            "--repository-url",
            "https://github.com/acme/widget",
            "--date",
            "2026-02-05",
        ];
        if dry_run {
            args.push("--dry-run");
        }
        cicd(repo.path())
            .args(args)
            .assert()
            .success()
            .stderr_eq(str![""])
    };
    release_pr(true).stdout_eq(str![[r#"
title:  chore(main): release widget 0.4.0
branch: release-please--branches--main--components--widget
tag:    widget-v0.4.0

:robot: I have created a release *beep* *boop*
---


## [0.4.0](https://github.com/acme/widget/compare/widget-v0.3.0...widget-v0.4.0) (2026-02-05)


### ⚠ BREAKING CHANGES

* **api:** drop v1

### Features

* **api:** drop v1 ([..]](https://github.com/acme/widget/commit/[..]))

---
This PR was generated with [Release Please](https://github.com/googleapis/release-please). See [documentation](https://github.com/googleapis/release-please#release-please).
...
"#]]);
    assert_eq!(
        repo.git(&["status", "--porcelain"]),
        "",
        "a dry run changes nothing"
    );
    release_pr(false);
    let files = [
        "Cargo.toml",
        "Cargo.lock",
        "CHANGELOG.md",
        ".release-please-manifest.json",
    ];
    let once: Vec<String> = files
        .iter()
        .map(|file| std::fs::read_to_string(repo.path().join(file)).unwrap())
        .collect();
    assert!(
        once[0].contains("version = \"0.4.0\" # managed by cicd"),
        "{}",
        once[0]
    );
    assert!(once[1].contains("version = \"0.4.0\""), "{}", once[1]);
    assert!(
        once[2].starts_with("# Changelog\n\n## [0.4.0]"),
        "{}",
        once[2]
    );
    assert_eq!(once[3], "{\n  \".\": \"0.4.0\"\n}\n");
    release_pr(false);
    let twice: Vec<String> = files
        .iter()
        .map(|file| std::fs::read_to_string(repo.path().join(file)).unwrap())
        .collect();
    assert_eq!(once, twice, "a second run plans the same release");
}

#[test]
fn release_pr_with_nothing_to_release_changes_nothing() {
    let mut repo = Repo::new();
    repo.commit_files("chore: init", &[("version.txt", "1.0.0\n")]);
    repo.tag("v1.0.0");
    repo.commit("docs: explain");
    cicd(repo.path())
        .args([
            "release-pr",
            "--release-type",
            "simple",
            "--repository-url",
            "https://github.com/acme/widget",
        ])
        .assert()
        .success()
        .stdout_eq(str![""])
        .stderr_eq(str![[r#"
warning: nothing to release: no change since the last release shows in the notes

"#]]);
    assert_eq!(repo.git(&["status", "--porcelain"]), "");
}

#[test]
fn release_pr_combines_the_packages_of_a_monorepo() {
    let mut repo = Repo::new();
    repo.commit_files(
        "chore: release main",
        &[
            (
                "release-please-config.json",
                "{\"packages\": {\"py/tool\": {\"release-type\": \"python\", \"package-name\": \"acme-tool\"}, \"crates/core\": {\"release-type\": \"simple\", \"component\": \"core\"}}}\n",
            ),
            (".release-please-manifest.json", "{\n  \"py/tool\": \"0.3.0\",\n  \"crates/core\": \"2.0.0\"\n}\n"),
            ("py/tool/pyproject.toml", "[project]\nname = \"acme-tool\"\nversion = \"0.3.0\"\n"),
            ("crates/core/version.txt", "2.0.0\n"),
        ],
    );
    repo.tag("acme-tool-v0.3.0");
    repo.tag("core-v2.0.0");
    repo.commit_files("docs(tool): usage", &[("py/tool/README.md", "usage")]);
    repo.commit_files(
        "fix(core): off-by-one",
        &[("crates/core/src/lib.rs", "fn main() {}")],
    );
    repo.commit_files(
        "feat(tool): add --json flag",
        &[("py/tool/acme_tool/cli.py", "")],
    );
    cicd(repo.path())
        .args(["release-pr", "--dry-run", "--repository-url", "https://github.com/acme/mono", "--date", "2024-05-01"])
        .assert()
        .success()
        .stderr_eq(str![""])
        .stdout_eq(str![[r#"
title:  chore: release main
branch: release-please--branches--main

:robot: I have created a release *beep* *boop*
---


<details><summary>acme-tool: 0.4.0</summary>

## [0.4.0](https://github.com/acme/mono/compare/acme-tool-v0.3.0...acme-tool-v0.4.0) (2024-05-01)


### Features

* **tool:** add --json flag ([..]](https://github.com/acme/mono/commit/[..]))


### Documentation

* **tool:** usage ([..]](https://github.com/acme/mono/commit/[..]))
</details>

<details><summary>core: 2.0.1</summary>

## [2.0.1](https://github.com/acme/mono/compare/core-v2.0.0...core-v2.0.1) (2024-05-01)


### Bug Fixes

* **core:** off-by-one ([..]](https://github.com/acme/mono/commit/[..]))
</details>

---
This PR was generated with [Release Please](https://github.com/googleapis/release-please). See [documentation](https://github.com/googleapis/release-please#release-please).

--- py/tool/CHANGELOG.md
...
--- .release-please-manifest.json
+++ .release-please-manifest.json
-  "py/tool": "0.3.0",
-  "crates/core": "2.0.0"
+  "py/tool": "0.4.0",
+  "crates/core": "2.0.1"

"#]]);
}

#[test]
fn release_pr_updates_python_modules_and_extra_files() {
    let mut repo = Repo::new();
    repo.commit_files(
        "chore: release 0.3.0",
        &[
            (
                "release-please-config.json",
                "{\"packages\": {\".\": {\"release-type\": \"python\", \"extra-files\": [\"acme_tool/consts.py\", {\"type\": \"json\", \"path\": \"meta.json\", \"jsonpath\": \"$.release.version\"}, \"chart/Chart.yaml\", {\"type\": \"yaml\", \"path\": \"chart/values.yaml\", \"jsonpath\": \"$.image.tag\"}, {\"type\": \"toml\", \"path\": \"tool.toml\", \"jsonpath\": \"$.tool.acme.version\"}, {\"type\": \"pom\", \"path\": \"java/pom.xml\"}]}}}\n",
            ),
            ("pyproject.toml", "[project]\nname = \"acme-tool\"\nversion = \"0.3.0\"\n"),
            ("acme_tool/__init__.py", "__version__ = \"0.3.0\"\n"),
            ("acme_tool/sub/version.py", "__version__ = '0.3.0'\n"),
            ("setup.py", "setup(name='acme-tool', version='0.3.0')\n"),
            ("setup.cfg", "[metadata]\nversion = 0.3.0\n"),
            (
                "uv.lock",
                "version = 1\n\n[[package]]\nname = \"acme-tool\"\nversion = \"0.3.0\"\nsource = { editable = \".\" }\n",
            ),
            ("chart/Chart.yaml", "name: acme # chart\nversion: 0.3.0\nappVersion: \"0.3.0\" # x-release-please-version\n"),
            ("chart/values.yaml", "image:\n  repository: acme/tool\n  tag: '0.3.0'\n"),
            ("tool.toml", "[tool.acme]\n# pinned\nversion = \"0.3.0\"\n"),
            ("java/pom.xml", "<project>\n  <version>0.3.0</version>\n</project>\n"),
            ("acme_tool/consts.py", "VERSION = \"0.3.0\"  # x-release-please-version\n"),
            ("meta.json", "{\n  \"release\": {\"version\": \"0.3.0\"}\n}\n"),
        ],
    );
    // No `package-name`: Release Please gives a python package no component.
    repo.tag("v0.3.0");
    repo.commit("fix: off-by-one");
    let output = cicd(repo.path())
        .args([
            "release-pr",
            "--dry-run",
            "--format",
            "json",
            "--repository-url",
            "https://github.com/acme/tool",
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let plan: serde_json::Value = serde_json::from_slice(&output).unwrap();
    let files = plan_files(&plan);
    let file = |path: &str| {
        files
            .get(path)
            .unwrap_or_else(|| panic!("{path} is rewritten"))
            .clone()
    };
    assert_eq!(plan["releases"][0]["tag"], "v0.3.1");
    assert_eq!(
        file("pyproject.toml"),
        "[project]\nname = \"acme-tool\"\nversion = \"0.3.1\"\n"
    );
    assert_eq!(file("acme_tool/__init__.py"), "__version__ = \"0.3.1\"\n");
    assert_eq!(
        file("acme_tool/consts.py"),
        "VERSION = \"0.3.1\"  # x-release-please-version\n"
    );
    // Formatting kept (Release Please re-serialises the JSON).
    assert_eq!(
        file("meta.json"),
        "{\n  \"release\": {\"version\": \"0.3.1\"}\n}\n"
    );
    assert_eq!(file("acme_tool/sub/version.py"), "__version__ = '0.3.1'\n");
    assert_eq!(
        file("setup.py"),
        "setup(name='acme-tool', version='0.3.1')\n"
    );
    assert_eq!(file("setup.cfg"), "[metadata]\nversion = 0.3.1\n");
    assert!(file("uv.lock").contains("name = \"acme-tool\"\nversion = \"0.3.1\""));
    // A bare `.yaml` path: its `$.version`, then its markers.
    assert_eq!(
        file("chart/Chart.yaml"),
        "name: acme # chart\nversion: 0.3.1\nappVersion: \"0.3.1\" # x-release-please-version\n"
    );
    assert_eq!(
        file("chart/values.yaml"),
        "image:\n  repository: acme/tool\n  tag: '0.3.1'\n"
    );
    assert_eq!(
        file("tool.toml"),
        "[tool.acme]\n# pinned\nversion = \"0.3.1\"\n"
    );
    assert_eq!(
        file("java/pom.xml"),
        "<project>\n  <version>0.3.1</version>\n</project>\n"
    );
}

/// `bootstrap-sha` bounds the history of a package never released;
/// `last-release-sha` bounds every package's, releases or not.
#[test]
fn release_pr_starts_after_the_bootstrap_and_last_release_commits() {
    let mut repo = Repo::new();
    repo.commit("feat: prehistoric feature");
    let bootstrap = repo.commit("chore: adopt release please");
    repo.commit("fix: first real fix");
    let config = |extra: &str| {
        format!("{{{extra}\"packages\": {{\".\": {{\"release-type\": \"simple\"}}}}}}\n")
    };
    let notes = |repo: &Repo| -> String {
        let output = cicd(repo.path())
            .args(["release-pr", "--dry-run", "--format", "json"])
            .args(["--repository-url", "https://github.com/acme/tool"])
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        let plan: serde_json::Value = serde_json::from_slice(&output).unwrap();
        plan["pull_requests"][0]["body"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    };
    repo.commit_files(
        "chore: configure",
        &[(
            "release-please-config.json",
            &config(&format!("\"bootstrap-sha\": \"{bootstrap}\", ")),
        )],
    );
    let body = notes(&repo);
    assert!(body.contains("first real fix"), "{body}");
    assert!(!body.contains("prehistoric feature"), "{body}");
    assert!(body.contains("## 1.0.0 ("), "a first release: {body}");

    // Released since: `bootstrap-sha` no longer applies, the tag does.
    repo.commit_files(
        "chore: release 1.0.0",
        &[(".release-please-manifest.json", "{\".\": \"1.0.0\"}\n")],
    );
    repo.tag("v1.0.0");
    repo.commit("feat: shiny feature");
    let cut = repo.commit("fix: already shipped by hand");
    repo.commit("fix: after the cut");
    assert!(notes(&repo).contains("shiny feature"));
    repo.commit_files(
        "chore: cut",
        &[(
            "release-please-config.json",
            &config(&format!("\"last-release-sha\": \"{cut}\", ")),
        )],
    );
    let body = notes(&repo);
    assert!(body.contains("after the cut"), "{body}");
    assert!(!body.contains("shiny feature"), "{body}");
    assert!(
        body.contains("## [1.0.1](https://github.com/acme/tool/compare/v1.0.0...v1.0.1)"),
        "{body}"
    );

    repo.commit_files(
        "chore: typo",
        &[(
            "release-please-config.json",
            &config("\"last-release-sha\": \"0123456789abcdef0123456789abcdef01234567\", "),
        )],
    );
    cicd(repo.path())
        .args(["release-pr", "--dry-run"])
        .args(["--repository-url", "https://github.com/acme/tool"])
        .assert()
        .code(2)
        .stderr_eq(snapbox::str![[r#"
error: invalid configuration in `release-please-config.json: last-release-sha`: `0123456789abcdef0123456789abcdef01234567` is not a commit of this clone: fetch the whole history (`fetch-depth: 0`) or correct the key

"#]]);
}

/// In a monorepo, the cut-off applies to the one history all packages are
/// read from.
#[test]
fn release_pr_bootstraps_every_package_of_a_monorepo() {
    let mut repo = Repo::new();
    repo.commit_files("feat(api): old api", &[("api/a.js", "1\n")]);
    let bootstrap = repo.commit_files("feat(web): old web", &[("web/a.js", "1\n")]);
    repo.commit_files("fix(api): new api", &[("api/a.js", "2\n")]);
    repo.commit_files("fix(web): new web", &[("web/a.js", "2\n")]);
    repo.commit_files(
        "chore: configure",
        &[(
            "release-please-config.json",
            &format!(
                "{{\"bootstrap-sha\": \"{bootstrap}\", \"packages\": {{\"api\": {{\"release-type\": \"simple\", \"component\": \"api\"}}, \"web\": {{\"release-type\": \"simple\", \"component\": \"web\"}}}}}}\n"
            ),
        )],
    );
    let output = cicd(repo.path())
        .args(["release-pr", "--dry-run", "--format", "json"])
        .args(["--repository-url", "https://github.com/acme/mono"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let plan: serde_json::Value = serde_json::from_slice(&output).unwrap();
    let body = plan["pull_requests"][0]["body"]
        .as_str()
        .unwrap_or_default();
    assert!(
        body.contains("new api") && body.contains("new web"),
        "{body}"
    );
    assert!(
        !body.contains("old api") && !body.contains("old web"),
        "{body}"
    );
}

/// `glob: true` extra-files: relative to the package (or, with a leading
/// `/`, to the repository), over the files git tracks, hidden folders and
/// untracked files left out.
#[test]
fn release_pr_expands_extra_file_globs() {
    let mut repo = Repo::new();
    repo.commit_files(
        "chore: release deploy 1.4.0",
        &[
            (
                "release-please-config.json",
                "{\"packages\": {\"deploy\": {\"release-type\": \"simple\", \"component\": \"deploy\", \"extra-files\": [{\"type\": \"yaml\", \"path\": \"charts/*/Chart.yaml\", \"jsonpath\": \"$.appVersion\", \"glob\": true}, {\"type\": \"generic\", \"path\": \"/docs/**/*.md\", \"glob\": true}, {\"type\": \"json\", \"path\": \"nothing/*.json\", \"glob\": true}]}}}\n",
            ),
            (".release-please-manifest.json", "{\"deploy\": \"1.4.0\"}\n"),
            ("deploy/version.txt", "1.4.0\n"),
            ("deploy/charts/api/Chart.yaml", "name: api\nappVersion: \"1.4.0\"\n"),
            ("deploy/charts/web/Chart.yaml", "name: web # the site\nappVersion: 1.4.0\n"),
            ("deploy/charts/web/sub/Chart.yaml", "appVersion: 1.4.0\n"),
            ("docs/install.md", "pip install deploy==1.4.0 <!-- x-release-please-version -->\n"),
            ("docs/guide/usage.md", "Version 1.4.0 <!-- x-release-please-version -->\n"),
            ("docs/.drafts/next.md", "Version 1.4.0 <!-- x-release-please-version -->\n"),
        ],
    );
    repo.tag("deploy-v1.4.0");
    repo.commit_files("feat: blue-green deploys", &[("deploy/run.sh", "echo\n")]);
    std::fs::write(
        repo.path().join("docs/untracked.md"),
        "Version 1.4.0 <!-- x-release-please-version -->\n",
    )
    .unwrap();
    let output = cicd(repo.path())
        .args(["release-pr", "--dry-run", "--format", "json"])
        .args(["--repository-url", "https://github.com/acme/deploy"])
        .assert()
        .success()
        .get_output()
        .clone();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("`extra-files` entry `{\"glob\":true,\"path\":\"nothing/*.json\",\"type\":\"json\"}`: the glob matches no file"),
        "{stderr}"
    );
    let plan: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let files = plan_files(&plan);
    assert_eq!(
        files.keys().map(String::as_str).collect::<Vec<_>>(),
        [
            ".release-please-manifest.json",
            "deploy/CHANGELOG.md",
            "deploy/charts/api/Chart.yaml",
            "deploy/charts/web/Chart.yaml",
            "deploy/version.txt",
            "docs/guide/usage.md",
            "docs/install.md",
        ]
    );
    let file = |path: &str| files[path].clone();
    assert_eq!(
        file("deploy/charts/web/Chart.yaml"),
        "name: web # the site\nappVersion: 1.5.0\n"
    );
    assert_eq!(
        file("docs/install.md"),
        "pip install deploy==1.5.0 <!-- x-release-please-version -->\n"
    );
}

/// Packages released at different times, a release tagged on a branch that
/// is not merged, and a commit touching two packages: each package gets the
/// commits since its own last release that `HEAD` reaches.
#[test]
fn release_pr_reads_each_package_from_its_own_last_release() {
    let mut repo = Repo::new();
    repo.commit_files(
        "chore: init",
        &[
            (
                "release-please-config.json",
                "{\"release-type\": \"simple\", \"packages\": {\"a\": {\"component\": \"a\"}, \"b\": {\"component\": \"b\"}}}\n",
            ),
            ("a/version.txt", "1.0.0\n"),
            ("b/version.txt", "1.0.0\n"),
        ],
    );
    repo.tag("a-v1.0.0");
    repo.tag("b-v1.0.0");
    repo.commit_files("fix(a): early fix", &[("a/x", "1")]);
    repo.tag("a-v1.0.1");
    // A release of `b` on a branch that never merged.
    repo.git(&["checkout", "-q", "-b", "hotfix"]);
    repo.commit_files("fix(b): hotfix only", &[("b/y", "1")]);
    repo.tag("b-v9.0.0");
    repo.git(&["checkout", "-q", "main"]);
    repo.commit_files("feat: both at once", &[("a/z", "1"), ("b/z", "1")]);
    repo.commit_files("fix(b): later fix", &[("b/y", "2")]);
    let output = cicd(repo.path())
        .args([
            "--format",
            "json",
            "release-pr",
            "--dry-run",
            "--repository-url",
            "https://github.com/acme/mono",
        ])
        .output()
        .expect("cicd runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let plan: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let releases: Vec<(String, String, String)> = plan["releases"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|release| {
            (
                release["path"].as_str().unwrap_or_default().to_owned(),
                release["version"].as_str().unwrap_or_default().to_owned(),
                release["previous_tag"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned(),
            )
        })
        .collect();
    assert_eq!(
        releases,
        [
            ("a".to_owned(), "1.1.0".to_owned(), "a-v1.0.1".to_owned()),
            ("b".to_owned(), "1.1.0".to_owned(), "b-v1.0.0".to_owned()),
        ]
    );
    let body = plan["pull_requests"][0]["body"]
        .as_str()
        .unwrap_or_default();
    assert!(!body.contains("early fix"), "{body}");
    assert!(!body.contains("hotfix only"), "{body}");
    assert_eq!(body.matches("both at once").count(), 2, "{body}");
    assert!(body.contains("later fix"), "{body}");
}

/// With a manifest, a package's last release is the manifest's version:
/// its tag when there is one, whatever newer tag was made by hand; when no
/// tag has it, every commit back to the first (the compare link still from
/// the version's tag name); a package the manifest lacks is a first
/// release. Each surprise is said on stderr.
#[test]
fn release_pr_starts_from_the_manifest_s_version_not_the_highest_tag() {
    let mut repo = Repo::new();
    repo.commit_files(
        "chore: init",
        &[
            (
                "release-please-config.json",
                "{\"release-type\": \"simple\", \"packages\": {\"ui\": {\"component\": \"ui\"}, \"api\": {\"component\": \"api\"}, \"cli\": {\"component\": \"cli\"}}}\n",
            ),
            (
                ".release-please-manifest.json",
                "{\"ui\": \"1.2.0\", \"api\": \"2.0.0\"}\n",
            ),
            ("ui/version.txt", "1.2.0\n"),
            ("api/version.txt", "2.0.0\n"),
            ("cli/version.txt", "0.4.0\n"),
        ],
    );
    repo.tag("ui-v1.2.0");
    repo.tag("api-v1.9.0");
    repo.tag("cli-v0.4.0");
    repo.commit_files("feat(ui): dark mode", &[("ui/a", "1")]);
    // Tagged by hand on a feature commit: not a release.
    repo.tag("ui-v1.3.0");
    repo.commit_files("fix(ui): contrast", &[("ui/a", "2")]);
    repo.commit_files("fix(api): timeout", &[("api/a", "1")]);
    repo.commit_files("fix(cli): flags", &[("cli/a", "1")]);
    let output = cicd(repo.path())
        .args(["--format", "json", "release-pr", "--dry-run"])
        .args(["--repository-url", "https://github.com/acme/mono"])
        .output()
        .expect("cicd runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    let plan: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let releases: Vec<(&str, &str, &str)> = plan["releases"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|release| {
            let text = |key: &str| release[key].as_str().unwrap_or_default();
            (text("path"), text("version"), text("previous_tag"))
        })
        .collect();
    assert_eq!(
        releases,
        [
            ("ui", "1.3.0", "ui-v1.2.0"),
            ("api", "2.0.1", "api-v2.0.0"),
            ("cli", "1.0.0", ""),
        ]
    );
    let body = plan["pull_requests"][0]["body"]
        .as_str()
        .unwrap_or_default();
    assert!(
        body.contains("dark mode") && body.contains("contrast"),
        "{body}"
    );
    assert!(
        body.contains("## [2.0.1](https://github.com/acme/mono/compare/api-v2.0.0...api-v2.0.1)"),
        "{body}"
    );
    assert!(body.contains("## 1.0.0 (20"), "{body}");
    for said in [
        "`ui` 1.3.0 is not above its tag `ui-v1.3.0`",
        "the manifest says `api` is at 2.0.0, which no tag `api-v2.0.0` marks",
        "`cli` has no version in the manifest",
    ] {
        assert!(stderr.contains(said), "{said}: {stderr}");
    }
}

/// The manifest version's tag on a branch `HEAD` does not reach: the
/// version stands, every commit is read, and the one warning says why
/// (not also that no tag marks it). A package at `0.0.0` with a tag is
/// said to be at `0.0.0`, not to lack a version.
#[test]
fn release_pr_says_once_why_a_manifest_tag_is_set_aside() {
    let mut repo = Repo::new();
    repo.git(&[
        "remote",
        "add",
        "origin",
        "https://github.com/acme/mono.git",
    ]);
    repo.commit_files(
        "chore: init",
        &[
            (
                "release-please-config.json",
                "{\"release-type\": \"simple\", \"packages\": {\"a\": {\"component\": \"a\"}, \"b\": {\"component\": \"b\"}}}\n",
            ),
            (".release-please-manifest.json", "{\"a\": \"1.0.0\", \"b\": \"0.0.0\"}\n"),
            ("a/version.txt", "1.0.0\n"),
            ("b/version.txt", "0.0.0\n"),
        ],
    );
    repo.tag("b-v0.4.0");
    repo.git(&["checkout", "-q", "-b", "release"]);
    repo.commit_files("chore: release a 1.0.0", &[("a/version.txt", "1.0.0\n")]);
    repo.tag("a-v1.0.0");
    repo.git(&["checkout", "-q", "main"]);
    repo.commit_files("fix(a): on main", &[("a/x", "1")]);
    repo.commit_files("fix(b): on main", &[("b/x", "1")]);
    let output = cicd(repo.path())
        .args(["--format", "json", "release-pr", "--dry-run"])
        .output()
        .expect("cicd runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert_eq!(
        stderr.matches("`a-v1.0.0`, the tag of the version the manifest records for `a`, is not in `HEAD`'s history").count(),
        1,
        "{stderr}"
    );
    assert!(
        !stderr.contains("which no tag `a-v1.0.0` marks"),
        "{stderr}"
    );
    assert!(
        stderr.contains("the manifest says `b` is at 0.0.0, which is no release"),
        "{stderr}"
    );
    let plan: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(plan["releases"][0]["version"], "1.0.1");
    assert_eq!(plan["releases"][0]["previous_tag"], "a-v1.0.0");
    assert_eq!(plan["releases"][1]["version"], "1.0.0");
}

/// A merge commit belongs to the packages its first parent's diff touches,
/// as GitHub lists its files: its change lines do not show in every
/// package's notes.
#[test]
fn release_pr_gives_a_merge_to_the_packages_it_brings_changes_to() {
    let mut repo = Repo::new();
    repo.git(&[
        "remote",
        "add",
        "origin",
        "https://github.com/acme/mono.git",
    ]);
    repo.commit_files(
        "chore: init",
        &[
            (
                "release-please-config.json",
                "{\"release-type\": \"simple\", \"packages\": {\"a\": {\"component\": \"a\"}, \"b\": {\"component\": \"b\"}}}\n",
            ),
            (".release-please-manifest.json", "{\"a\": \"1.0.0\", \"b\": \"1.0.0\"}\n"),
            ("a/version.txt", "1.0.0\n"),
            ("b/version.txt", "1.0.0\n"),
        ],
    );
    repo.tag("a-v1.0.0");
    repo.tag("b-v1.0.0");
    repo.git(&["checkout", "-q", "-b", "topic"]);
    repo.commit_files("work in progress", &[("a/x", "1")]);
    repo.git(&["checkout", "-q", "main"]);
    repo.commit_files("fix(b): on main", &[("b/y", "1")]);
    repo.merge(
        "topic",
        "Merge pull request #7 from dev/topic\n\nfeat: block until ready",
    );
    let plan = release_plan(repo.path());
    let body = plan["pull_requests"][0]["body"]
        .as_str()
        .unwrap_or_default();
    assert_eq!(body.matches("block until ready").count(), 1, "{body}");
    assert_eq!(plan_versions(&plan), [("a", "1.1.0"), ("b", "1.0.1")]);
}

/// `cicd changelog --config` names a component's tags as the configuration
/// does (`tag-separator`, `include-v-in-tag`), as `release-pr` names them.
#[test]
fn changelog_names_tags_as_the_configuration_does() {
    let mut repo = Repo::new();
    repo.commit_files(
        "chore: init",
        &[(
            "release-please-config.json",
            "{\"tag-separator\": \"/\", \"include-v-in-tag\": false, \"packages\": {\".\": {\"release-type\": \"simple\"}}}\n",
        )],
    );
    repo.tag("api/1.2.0");
    repo.commit("feat(api): widgets");
    cicd(repo.path())
        .args(["changelog", "--config", "release-please-config.json"])
        .args(["--component", "api", "--date", "2024-05-01"])
        .args(["--repository-url", "https://github.com/acme/mono"])
        .assert()
        .success()
        .stdout_eq(str![[r#"
## [1.3.0](https://github.com/acme/mono/compare/api/1.2.0...api/1.3.0) (2024-05-01)


### Features

* **api:** widgets ([..](https://github.com/acme/mono/commit/[..]))

"#]]);
    // No release yet: the previous tag is the current version's, named so.
    cicd(repo.path())
        .args(["changelog", "--config", "release-please-config.json"])
        .args(["--component", "web", "--current", "0.4.0"])
        .args(["--date", "2024-05-01", "--format", "json"])
        .args(["--repository-url", "https://github.com/acme/mono"])
        .assert()
        .success()
        .stdout_eq(str![[r#"
...
      "previous_tag": "web/0.4.0",
...
      "tag": "web/0.5.0",
...
"#]]);
}

/// The plan `release-pr --dry-run --format json` prints.
fn release_plan(repo: &Path) -> serde_json::Value {
    let output = cicd(repo)
        .args(["--format", "json", "release-pr", "--dry-run"])
        .output()
        .expect("cicd runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("JSON on stdout")
}

#[test]
fn a_maven_monorepo_s_combined_snapshot_pr_ends_the_cycle() {
    let mut repo = Repo::new();
    repo.git(&[
        "remote",
        "add",
        "origin",
        "https://github.com/acme/widget.git",
    ]);
    repo.commit_files(
        "chore: release main",
        &[
            ("a/pom.xml", "<project>\n  <version>1.0.0</version>\n</project>\n"),
            ("b/pom.xml", "<project>\n  <version>2.0.0</version>\n</project>\n"),
            (
                "release-please-config.json",
                r#"{"release-type": "maven", "packages": {"a": {"component": "a"}, "b": {"component": "b"}}}"#,
            ),
            (".release-please-manifest.json", r#"{"a": "1.0.0", "b": "2.0.0"}"#),
        ],
    );
    repo.tag("a-v1.0.0");
    repo.tag("b-v2.0.0");
    repo.commit_files("fix(a): x", &[("a/X.java", "class X {}\n")]);
    let plan = release_plan(repo.path());
    let versions: Vec<&str> = plan["releases"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|release| release["version"].as_str())
        .collect();
    assert_eq!(versions, ["1.0.1-SNAPSHOT", "2.0.1-SNAPSHOT"]);
    assert_eq!(plan["pull_requests"][0]["title"], "chore: release main");

    // Merged as one PR, whose title names no version: the poms say the
    // snapshot happened (Release Please would propose it again).
    cicd(repo.path())
        .env_remove("GITHUB_TOKEN")
        .env_remove("GH_TOKEN")
        .arg("release-pr")
        .assert()
        .success();
    repo.commit_files("chore: release main (#3)", &[]);
    repo.commit_files("feat(a): y", &[("a/Y.java", "class Y {}\n")]);
    let plan = release_plan(repo.path());
    assert_eq!(plan["releases"].as_array().map(Vec::len), Some(1), "{plan}");
    assert_eq!(plan["releases"][0]["version"], "1.1.0");
    assert!(plan["releases"][0].get("snapshot").is_none());
}

/// `ocaml` and `krm-blueprint` find their files among those git tracks in
/// the package: untracked and `esy.lock` ones, unversioned JSON and YAML
/// without the blueprint annotation are left alone.
#[test]
fn release_pr_finds_ocaml_and_blueprint_files_among_the_tracked_ones() {
    let mut repo = Repo::new();
    repo.commit_files(
        "chore: init",
        &[
            (
                "release-please-config.json",
                "{\"packages\": {\"ml\": {\"release-type\": \"ocaml\", \"component\": \"ml\"}, \"krm\": {\"release-type\": \"krm-blueprint\", \"component\": \"krm\"}}}\n",
            ),
            (".release-please-manifest.json", "{\"ml\": \"1.2.3\", \"krm\": \"0.2.0\"}\n"),
            ("ml/esy.json", "{\n  \"name\": \"w\",\n  \"version\": \"1.2.3\"\n}\n"),
            ("ml/esy.lock/index.json", "{\"version\": \"1.2.3\"}\n"),
            ("ml/tsconfig.json", "{\"strict\": true}\n"),
            ("ml/sub/w.opam", "opam-version: \"2.0\"\nversion: \"1.2.3\"\n"),
            ("ml/dune-project", "(lang dune 3.0)\n(version 1.2.3)\n"),
            (
                "krm/net.yaml",
                "metadata:\n  annotations:\n    cnrm.cloud.google.com/blueprint: cnrm/lz:net/v0.2.0\n",
            ),
            ("krm/plain.yaml", "image: cnrm/lz:net/v0.2.0\n"),
        ],
    );
    repo.tag("ml-v1.2.3");
    repo.tag("krm-v0.2.0");
    repo.commit_files(
        "feat: more",
        &[("ml/src/a.ml", "let a = 1\n"), ("krm/b.txt", "b\n")],
    );
    std::fs::write(
        repo.path().join("ml/untracked.opam"),
        "version: \"1.2.3\"\n",
    )
    .unwrap();
    let output = cicd(repo.path())
        .args(["release-pr", "--dry-run", "--format", "json"])
        .args(["--repository-url", "https://github.com/acme/mono"])
        .assert()
        .success()
        .get_output()
        .clone();
    let plan: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let files = plan_files(&plan);
    assert_eq!(
        files.keys().map(String::as_str).collect::<Vec<_>>(),
        [
            ".release-please-manifest.json",
            "krm/CHANGELOG.md",
            "krm/net.yaml",
            "ml/CHANGELOG.md",
            "ml/dune-project",
            "ml/esy.json",
            "ml/sub/w.opam",
        ]
    );
    assert_eq!(
        files["ml/sub/w.opam"],
        "opam-version: \"2.0\"\nversion: \"1.3.0\"\n"
    );
    assert!(files["krm/net.yaml"].contains("cnrm/lz:net/v0.3.0"));
    assert!(files["ml/esy.json"].contains("\"version\": \"1.3.0\""));
}
