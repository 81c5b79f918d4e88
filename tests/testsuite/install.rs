//! `actions/install.sh`, the way every action gets `cicd`: a `cicd` of the
//! action's version already on PATH, one in the tool cache, a release asset
//! verified against `checksums.txt` (served here from a `file://` "server")
//! and its build-provenance attestation (a stand-in `gh`),
//! or a build from source; and a clear `::error::` for an unsupported OS or
//! architecture, a checksum mismatch, or no asset and no cargo. The runner's
//! `uname` and the binaries are stand-ins, so every case runs anywhere.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const VERSION: &str = "0.9.1";

/// A sandbox: the action's folder (`install.sh` and a `Cargo.toml` of
/// `VERSION`), a `bin` with a stand-in `uname`, a tool cache, a "server".
struct Sandbox {
    dir: tempfile::TempDir,
}

fn write_script(path: &Path, text: &str) {
    use std::os::unix::fs::PermissionsExt as _;
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("create the folder");
    }
    std::fs::write(path, text).expect("write the script");
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).expect("chmod");
}

impl Sandbox {
    fn new(os: &str, arch: &str) -> Self {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("actions/install.sh");
        let action = dir.path().join("action");
        std::fs::create_dir_all(action.join("actions")).expect("create the action");
        std::fs::copy(source, action.join("actions/install.sh")).expect("copy install.sh");
        std::fs::write(
            action.join("Cargo.toml"),
            format!("[workspace.package]\nversion = \"{VERSION}\"\n"),
        )
        .expect("write Cargo.toml");
        // A stand-in `gh attestation verify`: records its arguments, and
        // refuses when `gh-refuses` exists.
        write_script(
            &dir.path().join("bin/gh"),
            "#!/bin/sh\necho \"$@\" > \"$HOME/gh-args\"\n[ -f \"$HOME/gh-refuses\" ] && exit 1\nexit 0\n",
        );
        write_script(
            &dir.path().join("bin/uname"),
            &format!(
                "#!/bin/sh\ncase \"$1\" in -s) echo {os} ;; -m) echo {arch} ;; *) echo {os} ;; esac\n"
            ),
        );
        Self { dir }
    }

    fn path(&self, relative: &str) -> PathBuf {
        self.dir.path().join(relative)
    }

    /// A release `tag` of `acme/cicd-core` on the file server with the asset
    /// for `target` (a `cicd` printing `version`) and a `checksums.txt`
    /// (tampered with when `honest` is false).
    fn release(&self, tag: &str, target: &str, version: &str, honest: bool) {
        let build = self.path("build");
        write_script(
            &build.join("cicd"),
            &format!("#!/bin/sh\necho \"cicd {version}\"\n"),
        );
        let folder = self.path(&format!("server/acme/cicd-core/releases/download/{tag}"));
        std::fs::create_dir_all(&folder).expect("create the release");
        let asset = format!("cicd-{target}.tar.gz");
        let status = Command::new("tar")
            .arg("-czf")
            .arg(folder.join(&asset))
            .arg("-C")
            .arg(&build)
            .arg("cicd")
            .status()
            .expect("tar runs");
        assert!(status.success());
        let digest = Command::new("sha256sum")
            .arg(folder.join(&asset))
            .output()
            .expect("sha256sum runs");
        let digest = String::from_utf8_lossy(&digest.stdout)
            .split_whitespace()
            .next()
            .unwrap_or_default()
            .to_owned();
        let digest = if honest { digest } else { "0".repeat(64) };
        std::fs::write(
            folder.join("checksums.txt"),
            format!("{digest}  {asset}\n{}  cicd-other.tar.gz\n", "1".repeat(64)),
        )
        .expect("write checksums.txt");
    }

    /// Run install.sh; `extra_path` comes first on PATH, then the
    /// stand-ins, then the system's folders (no cargo, no cicd).
    fn install(&self, extra_path: Option<&Path>, tag: Option<&str>) -> (Output, String) {
        let mut path = Vec::new();
        path.extend(extra_path.map(Path::to_path_buf));
        path.push(self.path("bin"));
        path.push(PathBuf::from("/usr/bin"));
        path.push(PathBuf::from("/bin"));
        let github_path = self.path("github-path");
        let _ = std::fs::remove_file(&github_path);
        let mut command = Command::new("bash");
        command
            .arg(self.path("action/actions/install.sh"))
            .env_clear()
            .env("PATH", std::env::join_paths(path).expect("a PATH"))
            .env("HOME", self.dir.path())
            .env("RUNNER_TOOL_CACHE", self.path("tool-cache"))
            .env("GITHUB_PATH", &github_path)
            .env("GH_TOKEN", "ghs_install_token")
            .env(
                "GITHUB_SERVER_URL",
                format!("file://{}", self.path("server").display()),
            );
        if let Some(tag) = tag {
            command
                .env("GITHUB_ACTION_REPOSITORY", "acme/cicd-core")
                .env("GITHUB_ACTION_REF", tag);
        }
        let output = command.output().expect("bash runs");
        let published = std::fs::read_to_string(&github_path).unwrap_or_default();
        (output, published)
    }
}

fn log(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

#[test]
fn a_cicd_of_the_version_on_path_is_used() {
    let sandbox = Sandbox::new("Linux", "x86_64");
    write_script(
        &sandbox.path("preinstalled/cicd"),
        &format!("#!/bin/sh\necho \"cicd {VERSION}\"\n"),
    );
    let (output, published) = sandbox.install(Some(&sandbox.path("preinstalled")), None);
    assert!(output.status.success(), "{}", log(&output));
    assert!(
        log(&output).contains("(already on PATH)"),
        "{}",
        log(&output)
    );
    assert_eq!(published, "");
}

#[test]
fn a_release_asset_is_verified_then_cached() {
    let sandbox = Sandbox::new("Linux", "aarch64");
    sandbox.release("v0.9.1", "aarch64-unknown-linux-gnu", VERSION, true);
    // Another version on PATH is not taken.
    write_script(
        &sandbox.path("old/cicd"),
        "#!/bin/sh\necho \"cicd 0.1.0\"\n",
    );
    let (output, published) = sandbox.install(Some(&sandbox.path("old")), Some("v0.9.1"));
    assert!(output.status.success(), "{}", log(&output));
    assert!(
        log(&output).contains(
            "(release asset cicd-aarch64-unknown-linux-gnu.tar.gz of acme/cicd-core@v0.9.1, sha256 and build provenance verified)"
        ),
        "{}",
        log(&output)
    );
    let bin = sandbox.path(&format!(
        "tool-cache/cicd/{VERSION}/aarch64-unknown-linux-gnu/bin"
    ));
    assert_eq!(published.trim(), bin.display().to_string());
    let gh = std::fs::read_to_string(sandbox.path("gh-args")).expect("gh ran");
    assert!(gh.starts_with("attestation verify "), "{gh}");
    assert!(
        gh.contains(
            "cicd-aarch64-unknown-linux-gnu.tar.gz --repo acme/cicd-core --signer-workflow acme/cicd-core/.github/workflows/release.yml"
        ),
        "{gh}"
    );
    assert!(bin.join("cicd").is_file());
    // The next action of the job finds it without downloading.
    std::fs::remove_dir_all(sandbox.path("server")).expect("take the server down");
    let (output, _) = sandbox.install(None, Some("v0.9.1"));
    assert!(output.status.success(), "{}", log(&output));
    assert!(
        log(&output).contains("(from the tool cache)"),
        "{}",
        log(&output)
    );
}

#[test]
fn a_checksum_mismatch_is_never_run() {
    let sandbox = Sandbox::new("Darwin", "arm64");
    sandbox.release("v0.9.1", "aarch64-apple-darwin", VERSION, false);
    let (output, published) = sandbox.install(None, Some("v0.9.1"));
    assert_eq!(output.status.code(), Some(1), "{}", log(&output));
    let log = log(&output);
    assert!(
        log.contains("::error title=cicd install::cicd-aarch64-apple-darwin.tar.gz of acme/cicd-core@v0.9.1 has sha256 "),
        "{log}"
    );
    assert!(
        log.contains(&format!(
            "but checksums.txt says {}: not running it",
            "0".repeat(64)
        )),
        "{log}"
    );
    assert_eq!(published, "");
    assert!(
        !sandbox
            .path(&format!(
                "tool-cache/cicd/{VERSION}/aarch64-apple-darwin/bin/cicd"
            ))
            .exists(),
        "nothing unverified is unpacked"
    );
}

#[test]
fn an_asset_of_another_version_is_refused() {
    let sandbox = Sandbox::new("Linux", "amd64");
    sandbox.release("v0.9.1", "x86_64-unknown-linux-gnu", "0.8.0", true);
    let (output, _) = sandbox.install(None, Some("v0.9.1"));
    assert_eq!(output.status.code(), Some(1));
    assert!(
        log(&output).contains(&format!(
            "cicd-x86_64-unknown-linux-gnu.tar.gz of acme/cicd-core@v0.9.1 is not cicd {VERSION}"
        )),
        "{}",
        log(&output)
    );
}

#[test]
fn no_asset_and_no_cargo_says_what_to_do() {
    let sandbox = Sandbox::new("Linux", "x86_64");
    let (output, _) = sandbox.install(None, Some("v0.9.1"));
    assert_eq!(output.status.code(), Some(1));
    let log = log(&output);
    assert!(
        log.contains("::notice title=cicd install::no release asset cicd-x86_64-unknown-linux-gnu.tar.gz at file://"),
        "{log}"
    );
    assert!(
        log.contains(
            "::error title=cicd install::no release asset for this ref and no cargo to build cicd"
        ),
        "{log}"
    );
}

#[test]
fn unsupported_systems_and_architectures_are_named() {
    for (os, arch, expected) in [
        (
            "FreeBSD",
            "x86_64",
            "no cicd build for FreeBSD: the actions run on Linux and macOS runners",
        ),
        (
            "Linux",
            "riscv64",
            "no cicd build for the riscv64 architecture: use an x86_64 or aarch64 runner",
        ),
    ] {
        let sandbox = Sandbox::new(os, arch);
        let (output, _) = sandbox.install(None, Some("v0.9.1"));
        assert_eq!(output.status.code(), Some(1));
        assert!(
            log(&output).contains(&format!("::error title=cicd install::{expected}")),
            "{}",
            log(&output)
        );
    }
}

#[test]
fn without_an_asset_cargo_builds_the_actions_own_source() {
    let sandbox = Sandbox::new("Linux", "x86_64");
    // A stand-in cargo: records its arguments and installs a `cicd` of the
    // version into `--root`.
    let record = sandbox.path("cargo-args");
    write_script(
        &sandbox.path("tools/cargo"),
        &format!(
            "#!/bin/sh\necho \"$@\" > {}\nwhile [ $# -gt 0 ]; do [ \"$1\" = --root ] && root=$2; shift; done\nmkdir -p \"$root/bin\"\nprintf '#!/bin/sh\\necho \"cicd {VERSION}\"\\n' > \"$root/bin/cicd\"\nchmod +x \"$root/bin/cicd\"\n",
            record.display()
        ),
    );
    let (output, published) = sandbox.install(Some(&sandbox.path("tools")), Some("v0.9.1"));
    assert!(output.status.success(), "{}", log(&output));
    assert!(
        log(&output).contains("(built from source with cargo)"),
        "{}",
        log(&output)
    );
    let args = std::fs::read_to_string(record).expect("cargo ran");
    assert!(
        args.starts_with(&format!(
            "install --locked --quiet --path {} --root ",
            sandbox.path("action").display()
        )),
        "{args}"
    );
    assert!(published.contains("tool-cache/cicd/0.9.1/x86_64-unknown-linux-gnu/bin"));
}

#[test]
fn an_asset_without_the_release_workflow_s_attestation_is_never_run() {
    let sandbox = Sandbox::new("Linux", "x86_64");
    sandbox.release("v0.9.1", "x86_64-unknown-linux-gnu", VERSION, true);
    std::fs::write(sandbox.path("gh-refuses"), "").expect("write");
    let (output, published) = sandbox.install(None, Some("v0.9.1"));
    assert_eq!(output.status.code(), Some(1), "{}", log(&output));
    assert!(
        log(&output).contains("::error title=cicd install::cicd-x86_64-unknown-linux-gnu.tar.gz of acme/cicd-core@v0.9.1 has no build-provenance attestation signed by acme/cicd-core/.github/workflows/release.yml: not running it"),
        "{}",
        log(&output)
    );
    assert_eq!(published, "");
    assert!(
        !sandbox
            .path(&format!(
                "tool-cache/cicd/{VERSION}/x86_64-unknown-linux-gnu/bin/cicd"
            ))
            .exists()
    );
}

#[test]
fn an_asset_that_cannot_be_verified_here_is_not_used() {
    let sandbox = Sandbox::new("Linux", "x86_64");
    sandbox.release("v0.9.1", "x86_64-unknown-linux-gnu", VERSION, true);
    std::fs::remove_file(sandbox.path("bin/gh")).expect("no gh");
    let (output, published) = sandbox.install(None, Some("v0.9.1"));
    // No cargo either: a clear failure, and nothing unverified on PATH.
    assert_eq!(output.status.code(), Some(1), "{}", log(&output));
    assert!(
        log(&output).contains("::notice title=cicd install::gh or a token (GH_TOKEN) is missing to verify the build provenance of cicd-x86_64-unknown-linux-gnu.tar.gz; building from source"),
        "{}",
        log(&output)
    );
    assert_eq!(published, "");
}
