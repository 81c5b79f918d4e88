//! Hostile input: what a stranger can put in a repository through a merged
//! pull request (links, paths, encodings), tried against the release flow.
//! Each case failed on the build before the confined file layer.

use std::path::Path;

use cicd_test_support::Repo;
use snapbox::cmd::{Command, cargo_bin};
use snapbox::str;

fn cicd(repo: &Path) -> Command {
    Command::new(cargo_bin!("cicd"))
        .current_dir(repo)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("SOURCE_DATE_EPOCH", "1767225600")
        .env_remove("GITHUB_TOKEN")
        .env_remove("GH_TOKEN")
}

/// A `simple` package released as 1.0.0 with this config, then a fix.
fn simple_with(config: &str) -> Repo {
    let mut repo = Repo::new();
    repo.commit_files(
        "chore: init",
        &[
            ("version.txt", "1.0.0\n"),
            ("CHANGELOG.md", "# Changelog\n"),
            ("release-please-config.json", config),
            (".release-please-manifest.json", "{\".\": \"1.0.0\"}\n"),
        ],
    );
    repo.tag("v1.0.0");
    repo.commit("fix: handle empty input");
    repo
}

const SIMPLE: &str = r#"{"packages": {".": {"release-type": "simple"}}}"#;

fn release_pr(repo: &Repo) -> Command {
    cicd(repo.path()).args([
        "release-pr",
        "--repository-url",
        "https://github.com/acme/widget",
    ])
}

/// A file outside the repository, and its path.
fn outside(text: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("secret");
    std::fs::write(&path, text).expect("write");
    (dir, path)
}

#[cfg(unix)]
fn link(repo: &Repo, target: &Path, name: &str) {
    let at = repo.path().join(name);
    let _ = std::fs::remove_file(&at);
    std::os::unix::fs::symlink(target, at).expect("link");
}

#[cfg(unix)]
#[test]
fn a_changelog_linked_outside_is_neither_read_nor_written() {
    let (_dir, secret) = outside("GITHUB_TOKEN=ghs_secret\n");
    let mut repo = simple_with(SIMPLE);
    link(&repo, &secret, "CHANGELOG.md");
    repo.commit("chore: link the changelog");
    for dry_run in [true, false] {
        let mut command = release_pr(&repo);
        if dry_run {
            command = command.arg("--dry-run");
        }
        let output = command.output().expect("runs");
        assert_eq!(output.status.code(), Some(2));
        assert!(!String::from_utf8_lossy(&output.stdout).contains("ghs_secret"));
        assert_eq!(
            String::from_utf8_lossy(&output.stderr),
            "error: refused `CHANGELOG.md`: `CHANGELOG.md` is a symbolic link; files are read and written only inside the repository, never through a link\n"
        );
    }
    assert_eq!(
        std::fs::read_to_string(&secret).expect("read"),
        "GITHUB_TOKEN=ghs_secret\n"
    );
    assert_eq!(repo.git(&["status", "--porcelain"]), "");
}

#[cfg(unix)]
#[test]
fn a_linked_version_file_is_refused_not_replaced() {
    let (_dir, secret) = outside("1.0.0\n");
    let mut repo = simple_with(SIMPLE);
    link(&repo, &secret, "version.txt");
    repo.commit("chore: link the version");
    release_pr(&repo).assert().code(2).stderr_eq(str![[r#"
error: refused `version.txt`: `version.txt` is a symbolic link; files are read and written only inside the repository, never through a link

"#]]);
    assert!(
        std::fs::symlink_metadata(repo.path().join("version.txt"))
            .expect("stat")
            .file_type()
            .is_symlink()
    );
    assert_eq!(std::fs::read_to_string(&secret).expect("read"), "1.0.0\n");
    assert_eq!(repo.git(&["status", "--porcelain"]), "");
}

#[cfg(unix)]
#[test]
fn an_extra_file_under_a_linked_folder_is_refused() {
    let (dir, secret) = outside("version: 1.0.0 # x-release-please-version\n");
    let mut repo = simple_with(
        r#"{"packages": {".": {"release-type": "simple", "extra-files": ["deploy/secret"]}}}"#,
    );
    link(&repo, dir.path(), "deploy");
    repo.commit("chore: link deploy");
    release_pr(&repo).assert().code(2).stderr_eq(str![[r#"
error: refused `deploy/secret`: `deploy` is a symbolic link; files are read and written only inside the repository, never through a link

"#]]);
    assert_eq!(
        std::fs::read_to_string(&secret).expect("read"),
        "version: 1.0.0 # x-release-please-version\n"
    );
    assert_eq!(repo.git(&["status", "--porcelain"]), "");
}

#[test]
fn configured_paths_outside_the_repository_are_refused_with_their_key() {
    let cases = [
        (
            r#"{"packages": {".": {"release-type": "simple", "changelog-path": "../outside.md"}}}"#,
            "error: invalid configuration in `release-please-config.json`: `packages[\".\"].changelog-path`: `../outside.md`: `..` climbs out of the folder; expected a path inside the repository\n",
        ),
        (
            r#"{"packages": {".": {"release-type": "simple", "changelog-path": "/tmp/cicd-outside.md"}}}"#,
            "error: invalid configuration in `release-please-config.json`: `packages[\".\"].changelog-path`: `/tmp/cicd-outside.md`: an absolute path; expected a path relative to the repository\n",
        ),
        (
            r#"{"packages": {"../evil": {"release-type": "simple"}}}"#,
            "error: invalid configuration in `release-please-config.json`: `packages[\"../evil\"]`: `..` climbs out of the folder; expected a path inside the repository\n",
        ),
        (
            r#"{"packages": {"/abs": {"release-type": "simple"}}}"#,
            "error: invalid configuration in `release-please-config.json`: `packages[\"/abs\"]`: an absolute path; expected a path relative to the repository\n",
        ),
        (
            r#"{"packages": {".": {"release-type": "simple", "version-file": "../../o/v.txt"}}}"#,
            "error: invalid configuration in `release-please-config.json`: `packages[\".\"].version-file`: `../../o/v.txt`: `..` climbs out of the folder; expected a path inside the repository\n",
        ),
        (
            r#"{"packages": {".": {"release-type": "simple", "extra-files": "version.txt"}}}"#,
            "error: invalid configuration in `release-please-config.json`: `packages[\".\"].extra-files`: expected a list, found \"version.txt\"\n",
        ),
        (
            r#"{"bootstrap-sha": 5, "packages": {".": {"release-type": "simple"}}}"#,
            "error: invalid configuration in `release-please-config.json`: `bootstrap-sha`: expected a string, found 5\n",
        ),
        (
            r#"{"packages": {".": {"release-type": "simple", "initial-version": "x.y"}}}"#,
            "error: invalid configuration in `release-please-config.json`: `packages[\".\"].initial-version`: `x.y` is not a version; expected one like \"1.0.0\"\n",
        ),
    ];
    for (config, message) in cases {
        let repo = simple_with(config);
        let output = release_pr(&repo).output().expect("runs");
        assert_eq!(output.status.code(), Some(2), "{config}");
        assert_eq!(String::from_utf8_lossy(&output.stderr), message, "{config}");
        assert_eq!(repo.git(&["status", "--porcelain"]), "", "{config}");
    }
    assert!(!Path::new("/tmp/cicd-outside.md").exists());
}

#[test]
fn rewritten_files_keep_their_line_endings_mark_and_mode() {
    let mut repo = Repo::new();
    repo.commit_files(
        "chore: init",
        &[
            (
                "Cargo.toml",
                "\u{feff}[package]\r\nname = \"widget\"\r\nversion = \"1.0.0\" # kept\r\n",
            ),
            ("CHANGELOG.md", "# Changelog\r\n\r\n## 1.0.0\r\n\r\n* first\r\n"),
            (
                "release-please-config.json",
                r#"{"packages": {".": {"release-type": "rust", "include-component-in-tag": false}}}"#,
            ),
            (".release-please-manifest.json", "{\".\": \"1.0.0\"}\n"),
        ],
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let path = repo.path().join("Cargo.toml");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).expect("chmod");
        repo.commit("chore: executable manifest");
    }
    repo.tag("v1.0.0");
    repo.commit("fix: handle empty input");
    release_pr(&repo)
        .arg("--date")
        .arg("2026-02-05")
        .assert()
        .success();
    let cargo = std::fs::read_to_string(repo.path().join("Cargo.toml")).expect("read");
    assert_eq!(
        cargo,
        "\u{feff}[package]\r\nname = \"widget\"\r\nversion = \"1.0.1\" # kept\r\n"
    );
    let changelog = std::fs::read_to_string(repo.path().join("CHANGELOG.md")).expect("read");
    assert!(
        changelog.starts_with("# Changelog\r\n\r\n## [1.0.1]"),
        "{changelog:?}"
    );
    assert!(
        changelog.ends_with("## 1.0.0\r\n\r\n* first\r\n"),
        "{changelog:?}"
    );
    assert!(
        !changelog.replace("\r\n", "").contains('\n'),
        "{changelog:?}"
    );
    // Only the version line changed in Cargo.toml.
    let diff = repo.git(&["diff", "--numstat", "--", "Cargo.toml"]);
    assert_eq!(
        diff.split_whitespace().take(2).collect::<Vec<_>>(),
        ["1", "1"]
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(repo.path().join("Cargo.toml"))
            .expect("stat")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o755);
    }
}

#[test]
fn a_changelog_that_is_not_utf8_is_refused_at_its_offset() {
    let mut repo = simple_with(SIMPLE);
    std::fs::write(
        repo.path().join("CHANGELOG.md"),
        b"# Changelog\n\ncaf\xe9\n",
    )
    .expect("write");
    repo.commit("docs: latin-1");
    release_pr(&repo).assert().code(2).stderr_eq(str![[r#"
error: `CHANGELOG.md` is not UTF-8 text: invalid byte at offset 16; expected UTF-8 (convert it, e.g. with `iconv -f latin1 -t utf-8`)

"#]]);
    assert_eq!(repo.git(&["status", "--porcelain"]), "");
}

#[test]
fn requirement_includes_outside_the_scanned_folder_are_not_read() {
    let (_dir, secret) = outside("DB_PASSWORD==hunter2\n");
    let tree = tempfile::tempdir().expect("temp dir");
    #[cfg(unix)]
    {
        std::fs::create_dir(tree.path().join("extra")).expect("mkdir");
        std::os::unix::fs::symlink(&secret, tree.path().join("extra/linked.txt")).expect("link");
    }
    let mut cases = vec![
        (
            format!("-r {}", secret.display()),
            "an absolute path; expected a path relative to the repository".to_owned(),
        ),
        (
            "-r ../secret".to_owned(),
            "`..` climbs out of the folder; expected a path inside the repository".to_owned(),
        ),
    ];
    if cfg!(unix) {
        cases.push((
            "-r extra/linked.txt".to_owned(),
            "refused `extra/linked.txt`: `extra/linked.txt` is a symbolic link; files are read and written only inside the repository, never through a link".to_owned(),
        ));
    }
    for (include, why) in cases {
        std::fs::write(
            tree.path().join("requirements.txt"),
            format!("requests==2.32.3\n{include}\n"),
        )
        .expect("write");
        let output = Command::new(cargo_bin!("cicd"))
            .args(["sbom"])
            .arg(tree.path())
            .output()
            .expect("runs");
        let (stdout, stderr) = (
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr),
        );
        assert_eq!(output.status.code(), Some(2), "{include}: {stderr}");
        assert_eq!(stdout, "", "{include}");
        assert!(
            stderr.starts_with(&format!(
                "error: `requirements.txt:2`: `{include}`: {why}\n"
            )),
            "{include}: {stderr}"
        );
        assert!(!stderr.contains("hunter2") && !stderr.to_lowercase().contains("db_password"));
    }
}

#[test]
fn a_template_that_never_ends_is_stopped() {
    let mut repo = simple_with(SIMPLE);
    repo.commit_files(
        "chore: template",
        &[(
            "loop.j2",
            "{% for a in range(100000) %}{% for b in range(100000) %}x{% endfor %}{% endfor %}",
        )],
    );
    let started = std::time::Instant::now();
    let output = cicd(repo.path())
        .args([
            "changelog",
            "--repository-url",
            "https://github.com/acme/widget",
            "--template",
            "loop.j2",
        ])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("engine ran out of fuel"),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(started.elapsed() < std::time::Duration::from_secs(120));
}
