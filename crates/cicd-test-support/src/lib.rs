//! Real temporary git repositories for tests: fixed identities and dates, no
//! user or system configuration, so equal histories give equal hashes.

pub mod github;

use std::path::Path;
use std::process::Command;

/// A git repository in a temporary directory, removed on drop.
#[derive(Debug)]
pub struct Repo {
    dir: tempfile::TempDir,
    /// Seconds since the epoch of the next commit.
    clock: u64,
}

impl Default for Repo {
    fn default() -> Self {
        Self::new()
    }
}

impl Repo {
    /// `git init` on branch `main`.
    pub fn new() -> Self {
        let repo = Self {
            dir: tempfile::tempdir().expect("a temporary directory"),
            clock: 1_767_225_600, // 2026-01-01T00:00:00Z
        };
        repo.git(&["init", "-q", "-b", "main"]);
        repo
    }

    /// The work tree.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Run git with the fixed environment and return its trimmed stdout.
    ///
    /// # Panics
    ///
    /// When git fails: a test fixture that cannot be built is a broken test.
    pub fn git(&self, args: &[&str]) -> String {
        let date = format!("@{} +0000", self.clock);
        let output = Command::new("git")
            .args([
                "-c",
                "commit.gpgsign=false",
                "-c",
                "tag.gpgsign=false",
                "-c",
                "core.autocrlf=false",
            ])
            .args(args)
            .current_dir(self.path())
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_AUTHOR_NAME", "Dev")
            .env("GIT_AUTHOR_EMAIL", "dev@example.com")
            .env("GIT_COMMITTER_NAME", "Dev")
            .env("GIT_COMMITTER_EMAIL", "dev@example.com")
            .env("GIT_AUTHOR_DATE", &date)
            .env("GIT_COMMITTER_DATE", &date)
            .output()
            .expect("git runs");
        assert!(
            output.status.success(),
            "git {args:?} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8_lossy(&output.stdout).trim().to_owned()
    }

    /// Commit with `message` (no file changes) and return the new sha.
    pub fn commit(&mut self, message: &str) -> String {
        self.commit_files(message, &[])
    }

    /// Write `files` (path, content), commit them with `message`, return the sha.
    pub fn commit_files(&mut self, message: &str, files: &[(&str, &str)]) -> String {
        for (path, content) in files {
            let path = self.path().join(path);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).expect("create the file's directory");
            }
            std::fs::write(&path, content).expect("write the file");
        }
        self.git(&["add", "-A"]);
        self.clock += 60;
        // Through a file: a message may be larger than one argument can be.
        let file = self.path().join(".git").join("TEST_COMMIT_MSG");
        std::fs::write(&file, message).expect("write the message");
        let file = file.to_str().expect("a UTF-8 temporary path");
        self.git(&[
            "commit",
            "-q",
            "--allow-empty",
            "--cleanup=verbatim",
            "-F",
            file,
        ]);
        self.git(&["rev-parse", "HEAD"])
    }

    /// A lightweight tag on `HEAD`.
    pub fn tag(&self, name: &str) {
        self.git(&["tag", name]);
    }

    /// An annotated tag on `HEAD`.
    pub fn annotated_tag(&self, name: &str) {
        self.git(&["tag", "-a", name, "-m", name]);
    }

    /// Merge `branch` into the current branch with a merge commit.
    pub fn merge(&mut self, branch: &str, message: &str) -> String {
        self.clock += 60;
        self.git(&["merge", "-q", "--no-ff", "-m", message, branch]);
        self.git(&["rev-parse", "HEAD"])
    }
}
