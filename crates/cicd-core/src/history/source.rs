//! The history a release is planned from, as a plan asks about it: the
//! release tags, the commits of a range, which commits `HEAD` reaches. Read
//! from git ([`Git`]), or from commits and tags held in memory
//! ([`InMemory`]) for a program, a test or a fuzzer with no repository.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use super::{Query, RawCommit, Tag, parse_tag_name};
use crate::Result;

/// A repository's history at its `HEAD`.
pub trait History: Sync {
    /// Every tag of the repository, with the release each one names.
    ///
    /// # Errors
    ///
    /// When the tags cannot be listed.
    fn tags(&self) -> Result<Vec<Tag>>;

    /// The tags whose commit `HEAD` reaches.
    ///
    /// # Errors
    ///
    /// When the tags cannot be listed.
    fn reachable_tags(&self) -> Result<Vec<Tag>>;

    /// The commit `revision` names (a commit id, a tag, `HEAD`), `None`
    /// when it names none.
    ///
    /// # Errors
    ///
    /// When the history cannot be asked.
    fn resolve_commit(&self, revision: &str) -> Result<Option<String>>;

    /// Whether `HEAD` reaches `commit` (or is it).
    ///
    /// # Errors
    ///
    /// When `commit` is unknown.
    fn head_reaches(&self, commit: &str) -> Result<bool>;

    /// The best common ancestor of all `commits`, `None` when they share
    /// no history.
    ///
    /// # Errors
    ///
    /// When a commit is unknown.
    fn merge_base(&self, commits: &[&str]) -> Result<Option<String>>;

    /// Every commit `query` selects, newest first, given to `each` as it
    /// is read.
    ///
    /// # Errors
    ///
    /// When the commits cannot be read (an unknown revision).
    fn walk(&self, query: &Query, each: &mut dyn FnMut(RawCommit)) -> Result<()>;
}

/// The history of the git repository at a directory, asked of `git`.
#[derive(Clone, Debug)]
pub struct Git {
    dir: PathBuf,
}

impl Git {
    /// The repository at `dir`.
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        Self { dir: dir.into() }
    }

    /// Its directory.
    #[must_use]
    pub fn dir(&self) -> &Path {
        &self.dir
    }
}

impl History for Git {
    fn tags(&self) -> Result<Vec<Tag>> {
        super::tags(&self.dir)
    }

    fn reachable_tags(&self) -> Result<Vec<Tag>> {
        super::reachable_tags(&self.dir, "HEAD")
    }

    fn resolve_commit(&self, revision: &str) -> Result<Option<String>> {
        super::resolve(&self.dir, &format!("{revision}^{{commit}}"))
    }

    fn head_reaches(&self, commit: &str) -> Result<bool> {
        super::is_ancestor(&self.dir, commit, "HEAD")
    }

    fn merge_base(&self, commits: &[&str]) -> Result<Option<String>> {
        super::merge_base(&self.dir, commits)
    }

    fn walk(&self, query: &Query, each: &mut dyn FnMut(RawCommit)) -> Result<()> {
        for commit in super::log(&self.dir, query)? {
            each(commit?);
        }
        Ok(())
    }
}

/// A history held in memory: commits newest first (each with its parents,
/// and its files when known), `HEAD` the first, and the tags.
///
/// Ranges are read as git reads them (`A..B`, `^A` exclusions,
/// `--first-parent`); a path limit keeps the commits that touched a file
/// under it, without git's simplification of merges.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct InMemory {
    /// The commits, newest first; `HEAD` is the first.
    pub commits: Vec<RawCommit>,
    /// The tags: name and commit.
    pub tags: Vec<Tag>,
}

impl InMemory {
    /// A history of `commits` (newest first) and `tags` as `(name, commit)`
    /// pairs, each read as a release tag where its name is one.
    pub fn new<N: Into<String>, C: Into<String>>(
        commits: Vec<RawCommit>,
        tags: impl IntoIterator<Item = (N, C)>,
    ) -> Self {
        let tags = tags
            .into_iter()
            .map(|(name, target)| {
                let name = name.into();
                Tag {
                    release: parse_tag_name(&name),
                    name,
                    target: target.into(),
                    date: None,
                }
            })
            .collect();
        Self { commits, tags }
    }

    fn positions(&self) -> HashMap<&str, usize> {
        self.commits
            .iter()
            .enumerate()
            .map(|(at, commit)| (commit.id.as_str(), at))
            .collect()
    }

    /// The commit a revision names: `HEAD`, a tag, a whole commit id, or an
    /// unambiguous prefix (4 hex digits or more) of one this history has;
    /// `~`/`^` suffixes are not read.
    fn commit_of<'a>(&'a self, revision: &'a str) -> Option<&'a str> {
        let revision = revision.strip_suffix("^{commit}").unwrap_or(revision);
        if revision == "HEAD" {
            return self.commits.first().map(|commit| commit.id.as_str());
        }
        let tag = revision.strip_prefix("refs/tags/").unwrap_or(revision);
        if let Some(tag) = self.tags.iter().find(|known| known.name == tag) {
            return Some(tag.target.as_str());
        }
        if revision.len() < 4 || !revision.bytes().all(|byte| byte.is_ascii_hexdigit()) {
            return None;
        }
        // A whole id names its commit even when this history lacks it (a
        // commit of another branch): it then reaches nothing here.
        if revision.len() == 40 {
            return Some(revision);
        }
        let mut matches = self
            .commits
            .iter()
            .filter(|commit| commit.id.starts_with(revision));
        match (matches.next(), matches.next()) {
            (Some(commit), None) => Some(commit.id.as_str()),
            _ => None,
        }
    }

    /// The positions of the commits `start` reaches (itself included),
    /// through first parents only when `first_parent`.
    fn reach(
        &self,
        positions: &HashMap<&str, usize>,
        start: &str,
        first_parent: bool,
    ) -> HashSet<usize> {
        let mut seen = HashSet::new();
        let mut pending: Vec<usize> = positions.get(start).copied().into_iter().collect();
        while let Some(at) = pending.pop() {
            if !seen.insert(at) {
                continue;
            }
            let parents = &self.commits[at].parents;
            let parents = if first_parent {
                &parents[..parents.len().min(1)]
            } else {
                &parents[..]
            };
            pending.extend(
                parents
                    .iter()
                    .filter_map(|parent| positions.get(parent.as_str())),
            );
        }
        seen
    }

    fn unknown(revision: &str) -> crate::Error {
        crate::Error::UnknownRevision {
            revision: revision.to_owned(),
        }
    }
}

impl History for InMemory {
    fn tags(&self) -> Result<Vec<Tag>> {
        Ok(self.tags.clone())
    }

    fn reachable_tags(&self) -> Result<Vec<Tag>> {
        let Some(head) = self.commits.first() else {
            return Ok(Vec::new());
        };
        let positions = self.positions();
        let reached = self.reach(&positions, &head.id, false);
        Ok(self
            .tags
            .iter()
            .filter(|tag| {
                positions
                    .get(tag.target.as_str())
                    .is_some_and(|at| reached.contains(at))
            })
            .cloned()
            .collect())
    }

    fn resolve_commit(&self, revision: &str) -> Result<Option<String>> {
        Ok(self.commit_of(revision).map(str::to_owned))
    }

    fn head_reaches(&self, commit: &str) -> Result<bool> {
        let Some(head) = self.commits.first() else {
            return Ok(false);
        };
        let Some(commit) = self.commit_of(commit) else {
            return Err(Self::unknown(commit));
        };
        // A commit this history lacks is one `HEAD` does not reach.
        let positions = self.positions();
        Ok(match positions.get(commit) {
            Some(at) => self.reach(&positions, &head.id, false).contains(at),
            None => false,
        })
    }

    fn merge_base(&self, commits: &[&str]) -> Result<Option<String>> {
        let positions = self.positions();
        let mut common: Option<HashSet<usize>> = None;
        for commit in commits {
            let id = self
                .commit_of(commit)
                .ok_or_else(|| Self::unknown(commit))?;
            let reached = self.reach(&positions, id, false);
            common = Some(match common {
                Some(known) => known.intersection(&reached).copied().collect(),
                None => reached,
            });
        }
        // Newest first: the first common commit is the best.
        Ok(common
            .and_then(|common| common.into_iter().min())
            .map(|at| self.commits[at].id.clone()))
    }

    fn walk(&self, query: &Query, each: &mut dyn FnMut(RawCommit)) -> Result<()> {
        let (from, mut excluded) = match query.range.as_deref() {
            Some(range) => match range.split_once("..") {
                Some((start, end)) => (end, vec![start.to_owned()]),
                None => (range, Vec::new()),
            },
            None => ("HEAD", Vec::new()),
        };
        excluded.extend(query.exclude.iter().cloned());
        let Some(from) = self.commit_of(from) else {
            if self.commits.is_empty() {
                return Ok(());
            }
            return Err(Self::unknown(from));
        };
        let positions = self.positions();
        let mut selected = self.reach(&positions, from, query.first_parent);
        for revision in &excluded {
            let id = self
                .commit_of(revision)
                .ok_or_else(|| Self::unknown(revision))?;
            for at in self.reach(&positions, id, false) {
                selected.remove(&at);
            }
        }
        let mut order: Vec<usize> = selected.into_iter().collect();
        order.sort_unstable();
        for at in order {
            let mut commit = self.commits[at].clone();
            if !query.paths.is_empty() {
                let touches = commit.files.iter().flatten().any(|file| {
                    query.paths.iter().any(|path| {
                        let path = crate::confined::folder(path);
                        path == "."
                            || file
                                .strip_prefix(path)
                                .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
                    })
                });
                if !touches {
                    continue;
                }
            }
            if !query.files {
                commit.files = None;
            }
            each(commit);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::history::test_commit as commit;

    /// `a1` ← `b2` ← `c3` (main) and `a1` ← `d4` (a branch), merged by
    /// `e5`.
    fn history() -> InMemory {
        InMemory::new(
            vec![
                commit("e5e5", &["c3c3", "d4d4"], &["web/x"]),
                commit("d4d4", &["a1a1"], &["web/x"]),
                commit("c3c3", &["b2b2"], &["api/y"]),
                commit("b2b2", &["a1a1"], &["api/z"]),
                commit("a1a1", &[], &["README.md"]),
            ],
            [
                ("v1.0.0", "a1a1"),
                ("api-v1.1.0", "b2b2"),
                ("nightly", "d4d4"),
            ],
        )
    }

    fn ids(history: &InMemory, query: &Query) -> Vec<String> {
        let mut out = Vec::new();
        history
            .walk(query, &mut |commit| out.push(commit.id))
            .unwrap();
        out
    }

    #[test]
    fn ranges_read_as_git_reads_them() {
        let history = history();
        let all = Query::default();
        assert_eq!(
            ids(&history, &all),
            ["e5e5", "d4d4", "c3c3", "b2b2", "a1a1"]
        );
        let since = Query {
            range: Some("api-v1.1.0..HEAD".to_owned()),
            ..Query::default()
        };
        assert_eq!(ids(&history, &since), ["e5e5", "d4d4", "c3c3"]);
        let first_parent = Query {
            first_parent: true,
            exclude: vec!["a1a1".to_owned()],
            ..Query::default()
        };
        assert_eq!(ids(&history, &first_parent), ["e5e5", "c3c3", "b2b2"]);
        let api = Query {
            paths: vec!["api".to_owned()],
            ..Query::default()
        };
        assert_eq!(ids(&history, &api), ["c3c3", "b2b2"]);
        let unknown = Query {
            range: Some("v9..HEAD".to_owned()),
            ..Query::default()
        };
        assert!(history.walk(&unknown, &mut |_| {}).is_err());
    }

    #[test]
    fn revisions_tags_and_ancestry() {
        let history = history();
        assert_eq!(
            history.resolve_commit("HEAD").unwrap().as_deref(),
            Some("e5e5")
        );
        assert_eq!(history.resolve_commit("c3").unwrap(), None, "too short");
        assert_eq!(
            history.resolve_commit("c3c3^{commit}").unwrap().as_deref(),
            Some("c3c3")
        );
        assert_eq!(
            history.resolve_commit("v1.0.0").unwrap().as_deref(),
            Some("a1a1")
        );
        assert!(history.head_reaches("d4d4").unwrap());
        assert!(
            history.head_reaches("ffff").is_err(),
            "no commit has that prefix"
        );
        assert!(
            !history.head_reaches(&"f".repeat(40)).unwrap(),
            "another branch's"
        );
        assert_eq!(
            history.merge_base(&["c3c3", &"f".repeat(40)]).unwrap(),
            None
        );
        assert_eq!(
            history.merge_base(&["c3c3", "d4d4"]).unwrap().as_deref(),
            Some("a1a1")
        );
        assert_eq!(
            history.merge_base(&["c3c3", "b2b2"]).unwrap().as_deref(),
            Some("b2b2")
        );
        let releases: Vec<String> = history
            .reachable_tags()
            .unwrap()
            .into_iter()
            .filter(|tag| tag.release.is_some())
            .map(|tag| tag.name)
            .collect();
        assert_eq!(releases, ["v1.0.0", "api-v1.1.0"]);
    }

    #[test]
    fn a_detached_head_has_only_its_own_history() {
        let mut history = history();
        history.commits.remove(0);
        let reached: Vec<String> = history
            .reachable_tags()
            .unwrap()
            .into_iter()
            .map(|tag| tag.name)
            .collect();
        assert_eq!(reached, ["v1.0.0", "nightly"]);
        assert!(!history.head_reaches("c3c3").unwrap());
        assert!(
            InMemory::default()
                .walk(&Query::default(), &mut |_| {})
                .is_ok()
        );
    }
}
