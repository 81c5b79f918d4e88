//! The library alone computes what the CLI shows: `examples/release_plan.rs`
//! (the plan from `cicd_core` and nothing else) prints the very JSON
//! `cicd release-pr --dry-run --format json` prints, on a generated
//! monorepo with tags, a manifest, linked versions and a cargo workspace.

use std::path::PathBuf;

use cicd_test_support::Repo;
use snapbox::cmd::{Command, cargo_bin};

/// The example's binary, which `cargo test` builds beside the tests.
fn example(name: &str) -> PathBuf {
    let exe = std::env::current_exe().expect("the test binary");
    let dir = exe
        .parent()
        .and_then(|deps| deps.parent())
        .expect("the target directory");
    let path = dir.join("examples").join(name);
    assert!(
        path.is_file(),
        "`{}` is not built: run the tests with `cargo test` (which builds the examples)",
        path.display()
    );
    path
}

/// A monorepo of two crates in a cargo workspace, a node package and a
/// simple one, linked versions for two of them, released once and changed
/// since.
fn monorepo() -> Repo {
    let mut repo = Repo::new();
    let crate_manifest = |name: &str, extra: &str| {
        format!("[package]\nname = \"{name}\"\nversion = \"1.0.0\"\nedition = \"2021\"\n{extra}")
    };
    let core = crate_manifest("core", "");
    let cli = crate_manifest(
        "cli",
        "\n[dependencies]\ncore = { path = \"../core\", version = \"1.0.0\" }\n",
    );
    repo.commit_files(
        "chore: initial import",
        &[
            ("Cargo.toml", "[workspace]\nmembers = [\"crates/*\"]\n"),
            ("crates/core/Cargo.toml", &core),
            ("crates/cli/Cargo.toml", &cli),
            ("web/package.json", "{\n  \"name\": \"web\",\n  \"version\": \"1.0.0\"\n}\n"),
            ("docs/version.txt", "1.0.0\n"),
            (
                "release-please-config.json",
                r#"{
  "plugins": ["cargo-workspace", {"type": "linked-versions", "groupName": "front", "components": ["web", "docs"]}],
  "packages": {
    "crates/core": {"release-type": "rust"},
    "crates/cli": {"release-type": "rust"},
    "web": {"release-type": "node"},
    "docs": {"release-type": "simple", "component": "docs"}
  }
}
"#,
            ),
            (
                ".release-please-manifest.json",
                "{\n  \"crates/core\": \"1.0.0\",\n  \"crates/cli\": \"1.0.0\",\n  \"web\": \"1.0.0\",\n  \"docs\": \"1.0.0\"\n}\n",
            ),
        ],
    );
    for tag in ["core-v1.0.0", "cli-v1.0.0", "web-v1.0.0", "docs-v1.0.0"] {
        repo.git(&["tag", tag]);
    }
    repo.commit_files(
        "feat(core): stream the parser",
        &[("crates/core/src/lib.rs", "1\n")],
    );
    repo.commit_files("fix(web): keep the cache", &[("web/index.js", "2\n")]);
    repo.commit_files("docs: say more", &[("README.md", "3\n")]);
    repo
}

#[test]
fn the_example_plans_exactly_what_release_pr_shows() {
    let repo = monorepo();
    let url = "https://github.com/acme/mono";
    let cli = Command::new(cargo_bin!("cicd"))
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env_remove("GITHUB_TOKEN")
        .env_remove("GH_TOKEN")
        .arg("-C")
        .arg(repo.path())
        .args(["--format", "json", "release-pr", "--dry-run"])
        .args(["--date", "2024-05-01", "--repository-url", url])
        .output()
        .expect("cicd runs");
    assert!(
        cli.status.success(),
        "{}",
        String::from_utf8_lossy(&cli.stderr)
    );
    let library = Command::new(example("release_plan"))
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .arg(repo.path())
        .args([url, "2024-05-01"])
        .output()
        .expect("the example runs");
    assert!(
        library.status.success(),
        "{}",
        String::from_utf8_lossy(&library.stderr)
    );
    let plan: serde_json::Value = serde_json::from_slice(&cli.stdout).expect("a JSON plan");
    let versions = crate::git::plan_versions(&plan);
    // The crate, the crate that depends on it, and the linked pair.
    assert_eq!(
        versions,
        [
            ("web", "1.0.1"),
            ("docs", "1.0.1"),
            ("crates/cli", "1.0.1"),
            ("crates/core", "1.1.0"),
        ]
    );
    assert_eq!(
        String::from_utf8_lossy(&library.stdout),
        String::from_utf8_lossy(&cli.stdout)
    );
}
