//! Print the release PRs Release Please would open for a repository (a
//! monorepo too), computed by the library alone, offline: its
//! `release-please-config.json`, `.release-please-manifest.json`, tags and
//! history. The JSON is `cicd release-pr --dry-run --format json`'s.
//!
//! ```sh
//! cargo run --example release_plan -- [REPO] [https://github.com/OWNER/NAME] [YYYY-MM-DD]
//! ```
//!
//! The date defaults to that of the repository's last commit.

use std::path::PathBuf;

use cicd_core::changelog::Repository;
use cicd_core::history::{self, Query};
use cicd_core::release::PullRequest;
use cicd_core::release::plan::{self, PackageHistory, Request};
use cicd_core::release::strategy::{FileUpdate, WorkTree};
use serde::Serialize;

/// The plan as `cicd release-pr --format json` shows it.
#[derive(Serialize)]
struct Shown<'a> {
    releasable: bool,
    releases: &'a [plan::PackageRelease],
    pull_requests: Vec<&'a PullRequest>,
    files: &'a [FileUpdate],
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(args.next().unwrap_or_else(|| ".".to_owned()));
    let url = args
        .next()
        .unwrap_or_else(|| "https://github.com/cicd-core/cicd-core".to_owned());
    let date = match args.next() {
        Some(date) => date,
        None => last_commit_date(&dir)?,
    };
    let repo = WorkTree::new(&dir);
    let (request, warnings) = Request::from_source(&repo, Repository::from_url(&url)?, &date)?;
    let history = PackageHistory::read(&repo, &request)?;
    let planned = plan::plan(&repo, &request, &history)?;
    for warning in warnings.iter().chain(&planned.warnings) {
        eprintln!("warning: {warning}");
    }
    let pull_requests: Vec<_> = planned
        .pull_requests
        .iter()
        .map(|pull_request| &pull_request.pull_request)
        .collect();
    let shown = Shown {
        releasable: planned.releasable(),
        releases: &planned.releases,
        pull_requests,
        files: &planned.files,
    };
    println!("{}", serde_json::to_string_pretty(&shown)?);
    Ok(())
}

/// The author date of `HEAD`, `YYYY-MM-DD`.
fn last_commit_date(dir: &std::path::Path) -> Result<String, Box<dyn std::error::Error>> {
    let query = Query {
        range: Some("HEAD^!".to_owned()),
        ..Query::default()
    };
    let head = history::read(dir, &query)?;
    let date = head.first().and_then(|commit| commit.date.as_deref());
    Ok(date
        .and_then(|date| date.get(..10))
        .unwrap_or("1970-01-01")
        .to_owned())
}
