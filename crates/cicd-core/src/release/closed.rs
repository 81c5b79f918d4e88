//! What the recently closed pull requests into the target branch say
//! before a release PR is planned, as Release Please reads them: merged
//! release PRs not yet released (no release PR is made then), release PRs
//! closed with the snooze label, and the messages merged PRs' descriptions
//! set for their merge commits.

use std::collections::HashMap;

use super::Labels;
use crate::history::commit_override;

/// The label that snoozes a closed release PR: it is reopened (and the
/// label taken off) only when its notes change.
pub const SNOOZE_LABEL: &str = "autorelease: snooze";

/// A closed pull request, as the release state machine reads it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ClosedPullRequest {
    /// Its number.
    pub number: u64,
    /// Whether it was merged (else closed unmerged).
    pub merged: bool,
    /// Its labels' names.
    pub labels: Vec<String>,
    /// The commit its merge made, when merged.
    pub merge_commit: Option<String>,
    /// Its description.
    pub body: Option<String>,
}

/// What [`read_closed`] finds, each by position in the list given.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Closed {
    /// Merged PRs that still carry every pending label: releases not yet
    /// tagged.
    pub pending: Vec<usize>,
    /// PRs closed unmerged with the snooze label.
    pub snoozed: Vec<usize>,
    /// The messages merged PRs' descriptions set for their merge commits
    /// (`BEGIN_COMMIT_OVERRIDE` … `END_COMMIT_OVERRIDE`), by commit id.
    pub overrides: HashMap<String, String>,
}

/// Read `closed` (newest update first) with the state machine's `labels`.
#[must_use]
pub fn read_closed(closed: &[ClosedPullRequest], labels: &Labels) -> Closed {
    let mut read = Closed::default();
    for (at, pull) in closed.iter().enumerate() {
        if !pull.merged {
            if pull.labels.iter().any(|label| label == SNOOZE_LABEL) {
                read.snoozed.push(at);
            }
            continue;
        }
        if labels
            .pending
            .iter()
            .all(|label| pull.labels.contains(label))
        {
            read.pending.push(at);
        }
        let message = pull.body.as_deref().and_then(commit_override);
        if let (Some(commit), Some(message)) = (&pull.merge_commit, message) {
            read.overrides.insert(commit.clone(), message.to_owned());
        }
    }
    read
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closed_pull_requests_are_pending_snoozed_or_overriding() {
        let pull = |number, merged, labels: &[&str], body: Option<&str>| ClosedPullRequest {
            number,
            merged,
            labels: labels.iter().map(|label| (*label).to_owned()).collect(),
            merge_commit: merged.then(|| format!("{number:040}")),
            body: body.map(str::to_owned),
        };
        let closed = [
            pull(1, true, &["autorelease: pending"], None),
            pull(2, true, &["autorelease: tagged"], None),
            pull(3, false, &[SNOOZE_LABEL], None),
            pull(4, false, &[], None),
            pull(
                5,
                true,
                &[],
                Some(
                    "Fixes it.\n\nBEGIN_COMMIT_OVERRIDE\nfix: the real message\nEND_COMMIT_OVERRIDE",
                ),
            ),
            // Unmerged: its override is no message of any commit.
            pull(
                6,
                false,
                &[],
                Some("BEGIN_COMMIT_OVERRIDE\nfeat!: x\nEND_COMMIT_OVERRIDE"),
            ),
        ];
        let read = read_closed(&closed, &Labels::new(None, None));
        assert_eq!(read.pending, [0]);
        assert_eq!(read.snoozed, [2]);
        assert_eq!(read.overrides.len(), 1);
        assert_eq!(
            read.overrides[&format!("{:040}", 5)],
            "fix: the real message"
        );
    }
}
