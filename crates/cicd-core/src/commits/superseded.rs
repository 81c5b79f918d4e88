//! Commits that a release should not show: reverted pairs and the copies of
//! branch commits in merge messages. Release Please shows both (its
//! reverts never cancel; a merge repeats every change); we leave them out.

use std::collections::HashSet;
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

use super::Commit;

/// What [`superseded`] needs to know of a commit, small enough to keep for a
/// whole history: its id, and hashes of its summary and change headers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Trace {
    id: Box<str>,
    summary: u64,
    /// The reverted commit: its id when the message names it, else its header's hash.
    reverts: Option<(Option<Box<str>>, u64)>,
    merge: bool,
    /// Whether the main header is conventional (a merge's own changes count then).
    conventional: bool,
    headers: Box<[u64]>,
    nested: usize,
}

impl Trace {
    /// The trace of `commit`.
    pub fn of(commit: &Commit) -> Self {
        Self {
            id: commit.id.as_str().into(),
            summary: hash(&commit.summary),
            reverts: commit
                .revert
                .as_ref()
                .map(|revert| (revert.id.as_deref().map(Into::into), hash(&revert.header))),
            merge: commit.merge.is_some(),
            conventional: commit.conventional.is_some(),
            headers: commit
                .changes()
                .map(|change| hash(&change.header()))
                .collect(),
            nested: commit.nested.len(),
        }
    }
}

fn hash(text: &str) -> u64 {
    let mut hasher = DefaultHasher::new();
    text.hash(&mut hasher);
    hasher.finish()
}

/// Which of `commits` (one release's, newest first) to leave out: each revert
/// together with the commit it reverts, when both are in the list (the revert
/// of a revert cancels the first revert, so the original stays); and a merge
/// commit whose changes other commits of the list already carry.
///
/// ```
/// use cicd_core::commits::{parse, superseded};
///
/// let commits = [
///     parse("c3", "Revert \"feat: add x\"\n\nThis reverts commit a1a1a1a."),
///     parse("b2", "fix: keep y"),
///     parse("a1a1a1a", "feat: add x"),
/// ];
/// assert_eq!(superseded(&commits), [true, false, true]);
/// ```
pub fn superseded<'a>(commits: impl IntoIterator<Item = &'a Commit>) -> Vec<bool> {
    let traces: Vec<Trace> = commits.into_iter().map(Trace::of).collect();
    superseded_traces(traces.iter())
}

/// [`superseded`] over traces kept from a long history.
pub fn superseded_traces<'a>(traces: impl IntoIterator<Item = &'a Trace>) -> Vec<bool> {
    let traces: Vec<&Trace> = traces.into_iter().collect();
    let mut out = vec![false; traces.len()];
    for at in 0..traces.len() {
        let Some((id, header)) = &traces[at].reverts else {
            continue;
        };
        if out[at] {
            continue;
        }
        let target = (at + 1..traces.len()).find(|&older| {
            let candidate = traces[older];
            !out[older]
                && match id {
                    // Either may be abbreviated (7+ hex digits).
                    Some(id) => {
                        candidate.id.starts_with(&**id)
                            || (candidate.id.len() >= 7 && id.starts_with(&*candidate.id))
                    }
                    None => candidate.summary == *header,
                }
        });
        if let Some(older) = target {
            out[at] = true;
            out[older] = true;
        }
    }
    let headers: HashSet<u64> = traces
        .iter()
        .zip(&out)
        .filter(|(trace, gone)| !trace.merge && !**gone)
        .flat_map(|(trace, _)| trace.headers.iter().copied())
        .collect();
    for (at, trace) in traces.iter().enumerate() {
        if trace.merge
            && !trace.conventional
            && trace.nested > 0
            && trace.headers.iter().all(|header| headers.contains(header))
        {
            out[at] = true;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::superseded;
    use crate::commits::parse;

    #[test]
    fn a_revert_and_its_commit_cancel_out() {
        let commits = [
            parse("r2", "revert: feat: add x\n\nRefs: a1a1a1a"),
            parse("a1a1a1a1", "feat: add x"),
            parse("z", "Revert \"fix: never here\""),
        ];
        assert_eq!(superseded(&commits), [true, true, false]);
        let by_header = [
            parse("r", "Revert \"feat: add x\""),
            parse("a", "feat: add x"),
        ];
        assert_eq!(superseded(&by_header), [true, true]);
    }

    #[test]
    fn reverting_a_revert_brings_the_original_back() {
        let commits = [
            parse(
                "r2",
                "Revert \"Revert \"feat: add x\"\"\n\nThis reverts commit r1r1r1r.",
            ),
            parse(
                "r1r1r1r",
                "Revert \"feat: add x\"\n\nThis reverts commit a1a1a1a.",
            ),
            parse("a1a1a1a", "feat: add x"),
        ];
        assert_eq!(superseded(&commits), [true, true, false]);
    }

    #[test]
    fn a_merge_that_repeats_its_branch_is_left_out() {
        let with_branch = [
            parse("m", "Merge pull request #5 from acme/x\n\nfeat: add x"),
            parse("b", "feat: add x"),
        ];
        assert_eq!(superseded(&with_branch), [true, false]);
        // Alone (squash-like, or --first-parent), the merge is the only record.
        let alone = [parse(
            "m",
            "Merge pull request #5 from acme/x\n\nfeat: add x",
        )];
        assert_eq!(superseded(&alone), [false]);
    }
}
