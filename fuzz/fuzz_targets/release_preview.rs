//! Any pull request over any repository held in memory is previewed or
//! refused with a typed error, never a panic, with each merge method; the
//! summary it writes keeps every commit header inside one code span.
//!
//! The input is split on NUL bytes: the configuration, the manifest, the
//! base branch's commits, the pull request's commits (one per line, newest
//! first: `paths|message`), the title, then `path\ncontent` files (the
//! branch's; the base has the configuration and manifest alone).
#![no_main]

use cicd_core::changelog::Repository;
use cicd_core::history::RawCommit;
use cicd_core::release::plan::Request;
use cicd_core::release::plan::preview::{self, MergeMethod, Merging, Sides};
use cicd_core::release::strategy::Snapshot;
use libfuzzer_sys::fuzz_target;

/// Commits from `log`, newest first, ids from `prefix`, the oldest's
/// parent `root`.
fn commits(log: &str, prefix: char, root: Option<&str>) -> Vec<RawCommit> {
    let lines: Vec<&str> = log.lines().take(64).collect();
    let id = |at: usize| format!("{prefix}{at:039x}");
    lines
        .iter()
        .enumerate()
        .map(|(at, line)| {
            let (paths, message) = line.split_once('|').unwrap_or(("", line));
            let parent = if at + 1 < lines.len() {
                Some(id(at + 1))
            } else {
                root.map(str::to_owned)
            };
            RawCommit {
                id: id(at),
                message: message.replace("\\n", "\n"),
                parents: parent.into_iter().collect(),
                files: Some(paths.split(',').filter(|path| !path.is_empty()).map(str::to_owned).collect()),
                ..RawCommit::default()
            }
        })
        .collect()
}

fuzz_target!(|text: &str| {
    let mut parts = text.split('\0');
    let config = parts.next().unwrap_or_default();
    let manifest = parts.next().unwrap_or_default();
    let base_log = parts.next().unwrap_or_default();
    let branch_log = parts.next().unwrap_or_default();
    let title = parts.next().unwrap_or_default();
    let mut files = vec![
        ("release-please-config.json".to_owned(), config.to_owned()),
        (".release-please-manifest.json".to_owned(), manifest.to_owned()),
    ];
    let base_files = Snapshot::new(files.clone());
    for file in parts.take(32) {
        let (path, content) = file.split_once('\n').unwrap_or((file, ""));
        files.push((path.to_owned(), content.to_owned()));
    }
    let head_files = Snapshot::new(files);
    let base_commits = commits(base_log, 'b', None);
    let root = base_commits.first().map(|commit| commit.id.clone());
    let branch_commits = commits(branch_log, 'p', root.as_deref());
    let links = Repository::from_url("https://github.com/acme/mono").expect("a URL");
    let template = Request::new(Vec::new(), links, "2024-05-01");
    for method in MergeMethod::ALL {
        let merging = Merging {
            method,
            title: title.to_owned(),
            number: Some(7),
            ..Merging::default()
        };
        let sides = Sides {
            base_files: &base_files,
            base_commits: base_commits.clone(),
            head_files: &head_files,
            branch_commits: branch_commits.clone(),
            tags: Vec::new(),
        };
        let Ok(previewed) = preview::preview(sides, &merging, &template) else {
            continue;
        };
        let summary = preview::summary(&previewed, &merging);
        assert!(summary.is_empty() || summary.ends_with('\n'));
        assert_eq!(previewed.merged.releasable(), !previewed.merged.pull_requests.is_empty());
    }
});
