//! Any repository held in memory (a configuration, a manifest, files, and a
//! history of any messages touching any paths, tagged anywhere) is planned
//! or refused with a typed error, never a panic; every file a plan rewrites
//! lies inside the repository.
//!
//! The input is split on NUL bytes: the configuration, the manifest, the
//! history (one commit per line, newest first: `paths|message`, `\n` in a
//! message written `\\n`; a line `tag NAME` tags the commit above it), then
//! `path\ncontent` files.
#![no_main]

use cicd_core::changelog::Repository;
use cicd_core::confined::relative_path;
use cicd_core::history::{InMemory, RawCommit};
use cicd_core::release::plan::{self, PackageHistory, Request};
use cicd_core::release::strategy::Snapshot;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let mut parts = text.split('\0');
    let config = parts.next().unwrap_or_default();
    let manifest = parts.next().unwrap_or_default();
    let log = parts.next().unwrap_or_default();
    let mut files: Vec<(String, String)> = vec![
        ("release-please-config.json".to_owned(), config.to_owned()),
        (".release-please-manifest.json".to_owned(), manifest.to_owned()),
    ];
    for file in parts.take(64) {
        let (path, content) = file.split_once('\n').unwrap_or((file, ""));
        files.push((path.to_owned(), content.to_owned()));
    }
    let mut commits: Vec<RawCommit> = Vec::new();
    let mut tags: Vec<(String, String)> = Vec::new();
    let lines: Vec<&str> = log.lines().take(256).collect();
    let count = lines.iter().filter(|line| !line.starts_with("tag ")).count();
    for line in lines {
        if let Some(name) = line.strip_prefix("tag ") {
            if let Some(commit) = commits.last() {
                tags.push((name.to_owned(), commit.id.clone()));
            }
            continue;
        }
        let (paths, message) = line.split_once('|').unwrap_or(("", line));
        // Newest first: each commit's parent is the next line's.
        let position = count - commits.len();
        commits.push(RawCommit {
            id: format!("{position:040x}"),
            message: message.replace("\\n", "\n"),
            parents: (position > 1)
                .then(|| format!("{:040x}", position - 1))
                .into_iter()
                .collect(),
            files: Some(paths.split(',').filter(|path| !path.is_empty()).map(str::to_owned).collect()),
            ..RawCommit::default()
        });
    }
    let repo = Snapshot::new(files).with_history(InMemory::new(commits.clone(), tags));
    let links = Repository::from_url("https://github.com/acme/mono").expect("a URL");
    let Ok((mut request, _)) = Request::from_source(&repo, links, "2024-05-01") else {
        return;
    };
    // Half the inputs planned from the commits as given, half from the
    // history with its tags.
    if text.len() % 2 == 0 {
        request.commits = Some(commits);
    }
    let Ok(history) = PackageHistory::read(&repo, &request) else {
        return;
    };
    let Ok(planned) = plan::plan(&repo, &request, &history) else {
        return;
    };
    for file in &planned.files {
        let clean = relative_path(&file.path).expect("a plan rewrites files inside the repository");
        assert!(!clean.split('/').any(|part| part == ".."), "{:?}", file.path);
    }
    assert_eq!(planned.releasable(), !planned.pull_requests.is_empty());
});
