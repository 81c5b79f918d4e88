//! The history of a monorepo's packages read at once: one `git log` with the
//! files each commit touched, from the newest commit every package has
//! released, then split by package folder and by each package's last
//! release. Faster than a `git log -- PATH` per package, which diffs every
//! commit again, and split as Release Please splits (its `CommitSplit` and
//! `CommitExclude`):
//!
//! - a file belongs to the package with the longest path above it
//!   (`packages/a/sub/x` to `packages/a/sub`, not `packages/a`); files at the
//!   top level belong to no package;
//! - a commit that touched no file belongs to every package;
//! - the root package (`.`) has every commit;
//! - a package's `exclude-paths` drop the commits whose files in the package
//!   are all under them.

use std::path::Path;

use super::git::{Query, read};
use super::releases::Graph;
use super::tags::merge_base;
use super::{RawCommit, Tag};
use crate::Result;

/// Commits of several packages, with their files and parents.
#[derive(Debug, Default)]
pub struct Packages {
    commits: Vec<RawCommit>,
    graph: Graph,
    /// The package folders, normalised (no leading or trailing `/`).
    paths: Vec<String>,
    /// For each commit, the indices (into `paths`) of the packages whose
    /// folders it touched.
    owners: Vec<Vec<usize>>,
}

/// `path` without leading `./` or `/`, nor trailing `/`; `.` for the root.
fn normalise(path: &str) -> String {
    let trimmed = path.trim_start_matches("./").trim_matches('/');
    if trimmed.is_empty() {
        ".".to_owned()
    } else {
        trimmed.to_owned()
    }
}

/// Whether `file` is under `folder` (everything is under the root).
fn under(file: &str, folder: &str) -> bool {
    folder == "."
        || file
            .strip_prefix(folder)
            .is_some_and(|rest| rest.starts_with('/'))
}

impl Packages {
    /// From commits read newest first, with parents and files, for the
    /// packages at `paths`. A commit without a file list counts as one that
    /// touched no file.
    pub fn new(commits: Vec<RawCommit>, paths: &[&str]) -> Self {
        let paths: Vec<String> = paths.iter().map(|path| normalise(path)).collect();
        // Longest first, so the first folder above a file is its package.
        let mut by_length: Vec<usize> = (0..paths.len()).filter(|&at| paths[at] != ".").collect();
        by_length.sort_by_key(|&at| std::cmp::Reverse(paths[at].len()));
        let mut graph = Graph::default();
        let mut owners = Vec::with_capacity(commits.len());
        for commit in &commits {
            graph.push(&commit.id, &commit.parents);
            let files = commit.files.as_deref().unwrap_or_default();
            let mut owned: Vec<usize> = if files.is_empty() {
                by_length.clone()
            } else {
                files
                    .iter()
                    .filter(|file| file.contains('/'))
                    .filter_map(|file| {
                        by_length
                            .iter()
                            .copied()
                            .find(|&at| under(file, &paths[at]))
                    })
                    .collect()
            };
            owned.sort_unstable();
            owned.dedup();
            owners.push(owned);
        }
        Self {
            commits,
            graph,
            paths,
            owners,
        }
    }

    /// Whether `HEAD` is known to reach `commit`: it was read, or it is the
    /// parent of one read (where reading stopped). `false` says nothing.
    pub fn reaches(&self, commit: &str) -> bool {
        self.graph.contains(commit)
    }

    /// Read `HEAD`'s commits in `repo` that some of the packages at `paths`
    /// has not released: those that the common ancestor of every `last`
    /// release does not reach (all of `HEAD`'s history when a package has no
    /// release), less those the `exclude` revisions reach.
    ///
    /// # Errors
    ///
    /// [`crate::Error::Git`] and the errors of [`read`].
    pub fn read(
        repo: &Path,
        paths: &[&str],
        last: &[Option<&Tag>],
        first_parent: bool,
        exclude: &[String],
    ) -> Result<Self> {
        let targets: Option<Vec<&str>> = last
            .iter()
            .map(|tag| tag.map(|tag| tag.target.as_str()))
            .collect();
        let base = match targets {
            Some(targets) if !targets.is_empty() => merge_base(repo, &targets)?,
            _ => None,
        };
        let query = Query {
            range: base.map(|base| format!("{base}..HEAD")),
            first_parent,
            files: true,
            tags: false,
            paths: Vec::new(),
            exclude: exclude.to_vec(),
        };
        Ok(Self::new(read(repo, &query)?, paths))
    }

    /// The commits of package `index` (its position in the paths given),
    /// newest first, that `last` does not reach, without those that only
    /// touch its `exclude` paths.
    pub fn unreleased(
        &self,
        index: usize,
        last: Option<&Tag>,
        exclude: &[&str],
    ) -> Vec<&RawCommit> {
        let Some(folder) = self.paths.get(index) else {
            return Vec::new();
        };
        let positions: Vec<usize> = match last {
            Some(tag) => {
                let component = tag
                    .release
                    .as_ref()
                    .and_then(|release| release.component.as_deref());
                self.graph
                    .assign(std::slice::from_ref(tag), component)
                    .unreleased
            }
            None => (0..self.commits.len()).collect(),
        };
        let exclude: Vec<String> = exclude.iter().map(|path| normalise(path)).collect();
        positions
            .into_iter()
            .filter(|&at| folder == "." || self.owners[at].contains(&index))
            .filter(|&at| {
                let files = self.commits[at].files.as_deref().unwrap_or_default();
                exclude.is_empty()
                    || !files
                        .iter()
                        .filter(|file| under(file, folder))
                        .all(|file| exclude.iter().any(|path| under(file, path)))
            })
            .map(|at| &self.commits[at])
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::history::parse_tag_name;

    fn commit(id: &str, parents: &[&str], files: &[&str]) -> RawCommit {
        RawCommit {
            id: id.to_owned(),
            message: format!("fix: {id}"),
            parents: parents.iter().map(|parent| (*parent).to_owned()).collect(),
            files: Some(files.iter().map(|file| (*file).to_owned()).collect()),
            ..RawCommit::default()
        }
    }

    fn ids(commits: &[&RawCommit]) -> Vec<String> {
        commits.iter().map(|commit| commit.id.clone()).collect()
    }

    #[test]
    fn commits_split_by_folder_and_by_each_package_s_last_release() {
        // e (nothing) ← d (api, web) ← c (web, README) ← b (api) ← a (api, apiary)
        let packages = Packages::new(
            vec![
                commit("e", &["d"], &[]),
                commit("d", &["c"], &["packages/api/x", "packages/web/y"]),
                commit("c", &["b"], &["packages/web/y", "README.md"]),
                commit("b", &["a"], &["packages/api/x"]),
                commit("a", &[], &["packages/api/x", "packages/apiary/z"]),
            ],
            &["packages/api/", "./packages/web", "packages/apiary", "."],
        );
        let api_tag = Tag {
            name: "api-v1.0.0".to_owned(),
            target: "b".to_owned(),
            release: parse_tag_name("api-v1.0.0"),
            date: None,
        };
        assert_eq!(
            ids(&packages.unreleased(0, Some(&api_tag), &[])),
            ["e", "d"]
        );
        assert_eq!(
            ids(&packages.unreleased(0, None, &[])),
            ["e", "d", "b", "a"]
        );
        assert_eq!(ids(&packages.unreleased(1, None, &[])), ["e", "d", "c"]);
        assert_eq!(ids(&packages.unreleased(2, None, &[])), ["e", "a"]);
        assert_eq!(
            ids(&packages.unreleased(3, Some(&api_tag), &[])),
            ["e", "d", "c"]
        );
        assert!(packages.unreleased(9, None, &[]).is_empty());
        assert!(packages.reaches("a") && packages.reaches("e") && !packages.reaches("z"));
    }

    #[test]
    fn the_longest_package_path_owns_a_file() {
        let packages = Packages::new(
            vec![
                commit("b", &["a"], &["packages/a/sub/x"]),
                commit("a", &[], &["packages/a/x"]),
            ],
            &["packages/a", "packages/a/sub"],
        );
        assert_eq!(ids(&packages.unreleased(0, None, &[])), ["a"]);
        assert_eq!(ids(&packages.unreleased(1, None, &[])), ["b"]);
    }

    #[test]
    fn exclude_paths_drop_commits_that_only_touch_them() {
        let packages = Packages::new(
            vec![
                commit("c", &["b"], &["pkg/docs/a.md", "pkg/src/x"]),
                commit("b", &["a"], &["pkg/docs/a.md", "other/y"]),
                commit("a", &[], &[]),
            ],
            &["pkg", "."],
        );
        assert_eq!(ids(&packages.unreleased(0, None, &["pkg/docs"])), ["c"]);
        assert_eq!(
            ids(&packages.unreleased(1, None, &["other/", "pkg/docs"])),
            ["c"]
        );
        assert_eq!(ids(&packages.unreleased(1, None, &[])), ["c", "b", "a"]);
    }
}
