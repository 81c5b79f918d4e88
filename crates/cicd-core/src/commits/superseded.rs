//! Commits that a release should not show: reverted pairs and the copies of
//! branch commits in merge messages. Release Please shows both (its
//! reverts never cancel; a merge repeats every change); we leave them out.

use std::collections::HashSet;
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

use super::Commit;

/// What [`superseded`] needs to know of a commit, small enough to keep for a
/// whole history (about 50 bytes): its id's first 16 hex digits, and hashes of
/// its summary and change headers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Trace {
    id: u64,
    summary: u64,
    /// The first change's header hash (most commits have one change).
    first: u64,
    /// The reverted commit: its id when the message names it, and its header's hash.
    reverts: Option<Box<(Option<IdPrefix>, u64)>>,
    /// The other changes' header hashes (rare: nested changes).
    #[allow(
        clippy::box_collection,
        reason = "a thin pointer: few commits have more than one change"
    )]
    more: Option<Box<Vec<u64>>>,
    nested: u32,
    id_digits: u8,
    has_first: bool,
    merge: bool,
    /// Whether the main header is conventional (a merge's own changes count then).
    conventional: bool,
}

/// Up to 16 leading hex digits of an id, and how many there are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct IdPrefix {
    value: u64,
    digits: u8,
}

impl IdPrefix {
    fn of(id: &str) -> Self {
        let mut value = 0u64;
        let mut digits = 0u8;
        for c in id.chars().take(16) {
            let Some(digit) = c.to_digit(16) else {
                // Not hex: fall back to a hash, matched whole.
                return Self {
                    value: hash(id),
                    digits: 0,
                };
            };
            value = value << 4 | u64::from(digit);
            digits += 1;
        }
        Self { value, digits }
    }

    /// Whether one id abbreviates the other (7+ digits), or they are equal.
    fn matches(self, other: Self) -> bool {
        if self.digits == 0 || other.digits == 0 {
            return self == other;
        }
        let shorter = self.digits.min(other.digits);
        if shorter < 7 && self.digits != other.digits {
            return false;
        }
        let shift = |prefix: Self| prefix.value >> (4 * u32::from(prefix.digits - shorter));
        shift(self) == shift(other)
    }
}

impl Trace {
    /// The trace of `commit`.
    pub fn of(commit: &Commit) -> Self {
        let mut headers = commit.changes().map(|change| hash(&change.header()));
        let first = headers.next();
        let more: Vec<u64> = headers.collect();
        let id = IdPrefix::of(&commit.id);
        Self {
            id: id.value,
            summary: hash(&commit.summary),
            first: first.unwrap_or_default(),
            reverts: commit.revert.as_ref().map(|revert| {
                Box::new((revert.id.as_deref().map(IdPrefix::of), hash(&revert.header)))
            }),
            more: (!more.is_empty()).then(|| Box::new(more)),
            nested: u32::try_from(commit.nested.len()).unwrap_or(u32::MAX),
            id_digits: id.digits,
            has_first: first.is_some(),
            merge: commit.merge.is_some(),
            conventional: commit.conventional.is_some(),
        }
    }

    fn id(&self) -> IdPrefix {
        IdPrefix {
            value: self.id,
            digits: self.id_digits,
        }
    }

    fn headers(&self) -> impl Iterator<Item = u64> + '_ {
        let first = self.has_first.then_some(self.first);
        first
            .into_iter()
            .chain(self.more.iter().flat_map(|more| more.iter().copied()))
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
    let commits: Vec<&Commit> = commits.into_iter().collect();
    // Only a revert or a merge carrying changes can leave anything out: most
    // releases have neither, and need no traces.
    if !commits.iter().any(|commit| {
        commit.revert.is_some()
            || (commit.merge.is_some()
                && commit.conventional.is_none()
                && !commit.nested.is_empty())
    }) {
        return vec![false; commits.len()];
    }
    let traces: Vec<Trace> = commits.into_iter().map(Trace::of).collect();
    superseded_traces(traces.iter())
}

/// [`superseded`] over traces kept from a long history.
pub fn superseded_traces<'a>(traces: impl IntoIterator<Item = &'a Trace>) -> Vec<bool> {
    let traces: Vec<&Trace> = traces.into_iter().collect();
    let mut out = vec![false; traces.len()];
    for at in 0..traces.len() {
        let Some(reverts) = &traces[at].reverts else {
            continue;
        };
        let (id, header) = &**reverts;
        if out[at] {
            continue;
        }
        let target = (at + 1..traces.len()).find(|&older| {
            let candidate = traces[older];
            !out[older]
                && match id {
                    // Either may be abbreviated (7+ hex digits).
                    Some(id) => id.matches(candidate.id()),
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
        .flat_map(|(trace, _)| trace.headers())
        .collect();
    for (at, trace) in traces.iter().enumerate() {
        if trace.merge
            && !trace.conventional
            && trace.nested > 0
            && trace.headers().all(|header| headers.contains(&header))
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
