//! Publishing the release PRs on GitHub: each committed to its branch
//! (or a fork's) and opened, updated, or reopened from its snooze.

use std::collections::HashMap;
use std::path::Path;

use cicd_core::history;
use cicd_core::release::plan::ReleasePullRequest;
use cicd_core::release::{Config, Labels};

use crate::commands::Global;
use crate::commands::release_args::Loaded;
use crate::error::Error;
use crate::github::{
    self,
    pulls::{self, FileChange, Proposal, Published},
};

/// What the recently closed PRs into the target branch say before the
/// plan: merged release PRs not released yet (no release PR is made then),
/// snoozed release PRs, and the messages merged PRs' bodies set for their
/// merge commits (`BEGIN_COMMIT_OVERRIDE`).
#[derive(Debug, Default)]
pub(super) struct ClosedPulls {
    pub(super) outstanding: Vec<serde_json::Value>,
    pub(super) snoozed: Vec<serde_json::Value>,
    pub(super) overrides: HashMap<String, String>,
}

/// [`ClosedPulls`], from the 200 most recently updated closed PRs.
pub(super) fn closed_pulls(
    client: &github::Client,
    base: &str,
    labels: &Labels,
) -> Result<ClosedPulls, Error> {
    let (pulls, read) = pulls::closed(client, base, labels)?;
    let pick = |positions: &[usize]| -> Vec<serde_json::Value> {
        positions.iter().map(|&at| pulls[at].clone()).collect()
    };
    Ok(ClosedPulls {
        outstanding: pick(&read.pending),
        snoozed: pick(&read.snoozed),
        overrides: read.overrides,
    })
}

/// Where the release PRs go.
pub(super) struct Destination<'a> {
    pub(super) client: &'a github::Client,
    /// The repository that holds the branch (a fork with `--fork`).
    pub(super) head: &'a pulls::Head,
    /// Snoozed release PRs, reopened when their notes change.
    pub(super) snoozed: &'a [serde_json::Value],
    /// The web root that links point under (`https://github.com`).
    pub(super) host: &'a str,
}

/// Each release PR committed to its branch and opened or updated on GitHub,
/// on top of HEAD.
pub(super) fn publish(
    global: &Global,
    destination: &Destination<'_>,
    first: &Loaded,
    target_branch: &str,
    pull_requests: &[ReleasePullRequest],
) -> Result<Vec<Published>, Error> {
    let missing =
        || Error::Usage("the repository has no commit to build the release on".to_owned());
    let base_commit = history::resolve(&global.repo, "HEAD")?.ok_or_else(missing)?;
    let base_tree = history::resolve(&global.repo, "HEAD^{tree}")?.ok_or_else(missing)?;
    let signoff = first.top(Config::signoff);
    let root = cicd_core::confined::Root::new(&global.repo);
    let mut published = Vec::new();
    for planned in pull_requests {
        let (pull_request, files) = (&planned.pull_request, &planned.files);
        let message = match signoff {
            Some(who) => format!("{}\n\nSigned-off-by: {who}", pull_request.title),
            None => pull_request.title.clone(),
        };
        // Each file in its own line endings and byte-order mark.
        let contents = files
            .iter()
            .map(|file| crate::files::in_style_of(&root, &file.path, &file.content))
            .collect::<Result<Vec<String>, Error>>()?;
        let changes: Vec<FileChange<'_>> = files
            .iter()
            .zip(&contents)
            .map(|(file, content)| FileChange {
                path: &file.path,
                content,
                executable: executable(&global.repo.join(&file.path)),
            })
            .collect();
        let proposal = Proposal {
            title: &pull_request.title,
            body: &pull_request.body,
            branch: &pull_request.branch,
            base: target_branch,
            base_commit: &base_commit,
            base_tree: &base_tree,
            message: &message,
            draft: first.package.keys.draft_pull_request,
            always_update: first.config.as_ref().is_some_and(Config::always_update),
            head: destination.head,
            snoozed: destination.snoozed,
            host: destination.host,
        };
        published.push(pulls::publish(
            destination.client,
            &proposal,
            &changes,
            &planned.labels,
        )?);
    }
    Ok(published)
}

/// Whether a file has its executable bit set (kept in the release commit).
pub(super) fn executable(path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        path.metadata()
            .is_ok_and(|metadata| metadata.permissions().mode() & 0o111 != 0)
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        false
    }
}
