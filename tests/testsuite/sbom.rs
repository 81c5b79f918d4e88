//! `cicd sbom` on a tree with Cargo, npm, yarn, pnpm, poetry, uv, Pipenv, PDM and
//! pip lockfiles
//! (`tests/fixtures/sbom-tree`): the same bytes wherever the tree lives,
//! nothing written when a lockfile is broken, the rest with `--keep-going`.

use std::path::Path;

use snapbox::cmd::{Command, cargo_bin};

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create the folder");
    for entry in std::fs::read_dir(from).expect("read the folder") {
        let entry = entry.expect("an entry");
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy the file");
        }
    }
}

fn tree() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sbom-tree");
    copy_tree(&source, &dir.path().join("acme"));
    dir
}

fn cicd() -> Command {
    Command::new(cargo_bin!("cicd"))
        .env("SOURCE_DATE_EPOCH", "1767225600")
        .env("GIT_CEILING_DIRECTORIES", std::env::temp_dir())
}

#[test]
fn the_same_tree_gives_the_same_bytes_wherever_it_is() {
    let (one, two) = (tree(), tree());
    let run = |dir: &Path, format: &str| {
        let output = cicd()
            .args(["--format", format, "sbom"])
            .arg(dir.join("acme"))
            .output()
            .expect("cicd runs");
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        assert!(
            stderr.starts_with("cicd sbom: 9 lockfile(s): Cargo.lock (v4), pdm/pdm.lock (v4.5.0), pipenv/Pipfile.lock (v6), pnpmapp/pnpm-lock.yaml (v9.0), py/poetry.lock (v2.1), reqs/requirements.txt, svc/uv.lock (v1.3), web/package-lock.json (v3), yarnapp/yarn.lock (v1), 38 components, 32 dependency edges, "),
            "{stderr}"
        );
        output.stdout
    };
    for format in ["cyclonedx", "spdx"] {
        let first = run(one.path(), format);
        assert_eq!(first, run(two.path(), format), "{format}");
        let text = String::from_utf8_lossy(&first);
        assert!(text.contains("2026-01-01T00:00:00Z"), "{format}");
        assert!(
            !text.contains(&one.path().display().to_string()),
            "no absolute path"
        );
    }
}

#[test]
fn a_broken_lockfile_writes_nothing_unless_told_to_keep_going() {
    let dir = tree();
    let root = dir.path().join("acme");
    std::fs::write(root.join("web/package-lock.json"), "{\n  \"packages\": [\n").expect("break it");
    let output = root.join("sbom.json");
    let run = cicd()
        .arg("sbom")
        .arg(&root)
        .arg("-o")
        .arg(&output)
        .output()
        .expect("cicd runs");
    assert_eq!(run.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        stderr.contains("error: `web/package-lock.json:3`: not valid JSON"),
        "{stderr}"
    );
    assert!(!output.exists(), "no partial output");

    let run = cicd()
        .arg("sbom")
        .arg(&root)
        .args(["--keep-going", "-o"])
        .arg(&output)
        .output()
        .expect("cicd runs");
    assert_eq!(run.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        stderr.contains("warning: skipped: `web/package-lock.json:3`"),
        "{stderr}"
    );
    let bom: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&output).expect("written")).expect("JSON");
    assert_eq!(bom["components"].as_array().map(Vec::len), Some(34));
}

#[test]
fn formats_belong_to_their_commands() {
    let dir = tree();
    cicd()
        .args(["--format", "github", "sbom"])
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr_eq(snapbox::str![[r#"
error: `cicd sbom` writes `--format cyclonedx` (the default) or `--format spdx`

"#]]);
    cicd()
        .args(["--format", "spdx", "lint", "--message", "feat: x"])
        .assert()
        .code(2)
        .stderr_eq(snapbox::str![[r#"
error: `--format cyclonedx` and `--format spdx` are for `cicd sbom`

"#]]);
}

#[test]
fn merge_folds_another_tools_sbom_into_ours() {
    let dir = tree();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sbom-merge");
    for (format, extension) in [("cyclonedx", "cdx"), ("spdx", "spdx")] {
        let ours = dir.path().join(format!("ours.{extension}.json"));
        cicd()
            .args(["--format", format, "sbom"])
            .arg(dir.path().join("acme"))
            .arg("-o")
            .arg(&ours)
            .assert()
            .success();
        let theirs = fixtures.join(format!("other-tool.{extension}.json"));
        let merged = dir.path().join(format!("all.{extension}.json"));
        let run = || {
            let output = cicd()
                .args(["sbom", "merge"])
                .arg(&ours)
                .arg(&theirs)
                .arg("-o")
                .arg(&merged)
                .output()
                .expect("cicd runs");
            let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
            assert!(output.status.success(), "{stderr}");
            assert!(
                stderr.starts_with("cicd sbom merge: 2 document(s)"),
                "{stderr}"
            );
            std::fs::read(&merged).expect("written")
        };
        let first = run();
        assert_eq!(first, run(), "{format}: the same bytes");
        let document: serde_json::Value = serde_json::from_slice(&first).expect("JSON");
        let text = document.to_string();
        // The other tool's package without a purl is kept, under its own id.
        assert!(
            text.contains("internal-lib") || text.contains("index.js"),
            "{format}"
        );
        if format == "cyclonedx" {
            assert_eq!(document["metadata"]["component"]["name"], "all");
            let ms = document["components"]
                .as_array()
                .expect("components")
                .iter()
                .find(|c| c["bom-ref"] == "pkg:npm/ms@2.1.3")
                .expect("ms, once");
            let algorithms: Vec<&str> = ms["hashes"]
                .as_array()
                .expect("hashes")
                .iter()
                .filter_map(|hash| hash["alg"].as_str())
                .collect();
            assert_eq!(algorithms, ["SHA-1", "SHA-512"], "both tools' hashes");
        }
    }
    // One format at a time, and no conversion.
    cicd()
        .args(["sbom", "merge"])
        .arg(dir.path().join("ours.cdx.json"))
        .arg(fixtures.join("other-tool.spdx.json"))
        .assert()
        .code(2)
        .stderr_eq(snapbox::str![[r#"
error: `[..]other-tool.spdx.json`: is SPDX but `[..]ours.cdx.json` is CycloneDX: merge documents of one format

"#]]);
    cicd()
        .args(["--format", "spdx", "sbom", "merge"])
        .arg(dir.path().join("ours.cdx.json"))
        .assert()
        .code(2)
        .stderr_eq(snapbox::str![[r#"
error: `[..]ours.cdx.json` is CycloneDX and `cicd sbom merge` does not convert: drop `--format` or give `--format cyclonedx`

"#]]);
    let broken = dir.path().join("broken.json");
    std::fs::write(&broken, "{\n  \"bomFormat\": \n").expect("write");
    cicd()
        .args(["sbom", "merge"])
        .arg(&broken)
        .assert()
        .code(2)
        .stderr_eq(snapbox::str![[r#"
error: `[..]broken.json:3`: not valid JSON: EOF while parsing a value at line 3 column 0

"#]]);
}
