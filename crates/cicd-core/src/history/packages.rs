//! The history of a monorepo's packages read at once: one `git log` with the
//! files each commit touched, from the newest commit every package has
//! released, then split by package folder and by each package's last
//! release. Each commit is kept as the caller prepares it while git writes
//! the next ones. Faster than a `git log -- PATH` per package, which diffs
//! every commit again, and split as Release Please splits (its `CommitSplit`
//! and `CommitExclude`):
//!
//! - a file belongs to the package with the longest path above it
//!   (`packages/a/sub/x` to `packages/a/sub`, not `packages/a`); files at the
//!   top level belong to no package;
//! - a commit that touched no file belongs to every package;
//! - the root package (`.`) has every commit;
//! - a package's `exclude-paths` drop the commits whose files in the package
//!   are all under them.

use super::git::Query;
use super::releases::Graph;
use super::source::History;
use super::{RawCommit, Tag};
use crate::Result;

/// One package as the split sees it: its folder and its `exclude-paths`.
#[derive(Clone, Copy, Debug)]
pub struct Folder<'a> {
    /// The package's path (`packages/api`, `.` for the root).
    pub path: &'a str,
    /// Its `exclude-paths`: a commit whose files in the package all lie
    /// under them is not the package's.
    pub exclude: &'a [String],
}

impl<'a> Folder<'a> {
    /// The package at `path`, with no `exclude-paths`.
    pub fn new(path: &'a str) -> Self {
        Self { path, exclude: &[] }
    }
}

/// Commits of several packages, each kept as `prepare` made it (a parsed
/// commit, say) while `git log` was still writing the next ones.
#[derive(Debug)]
pub struct Packages<T> {
    items: Vec<T>,
    graph: Graph,
    /// The packages each commit belongs to (indices into the folders given),
    /// for commit `n` at `owner_list[owner_start[n]..owner_start[n + 1]]`.
    owner_list: Vec<u16>,
    owner_start: Vec<u32>,
    packages: usize,
}

/// How files map to packages: the folders normalised, longest first.
struct Split {
    paths: Vec<String>,
    excludes: Vec<Vec<String>>,
    /// Indices of the folders other than the root, longest path first, so
    /// the first one above a file is its package.
    by_length: Vec<usize>,
    /// Indices of root folders (`.`): they have every commit.
    roots: Vec<usize>,
}

/// `path` without leading `./` or `/`, nor trailing `/`; `.` for the root.
fn normalise(path: &str) -> String {
    crate::confined::folder(path).to_owned()
}

/// Whether `file` is under `folder` (everything is under the root).
fn under(file: &str, folder: &str) -> bool {
    folder == "."
        || file
            .strip_prefix(folder)
            .is_some_and(|rest| rest.starts_with('/'))
}

impl Split {
    fn new(folders: &[Folder<'_>]) -> Self {
        let paths: Vec<String> = folders
            .iter()
            .map(|folder| normalise(folder.path))
            .collect();
        let excludes = folders
            .iter()
            .map(|folder| folder.exclude.iter().map(|path| normalise(path)).collect())
            .collect();
        let mut by_length: Vec<usize> = (0..paths.len()).filter(|&at| paths[at] != ".").collect();
        by_length.sort_by_key(|&at| std::cmp::Reverse(paths[at].len()));
        let roots = (0..paths.len()).filter(|&at| paths[at] == ".").collect();
        Self {
            paths,
            excludes,
            by_length,
            roots,
        }
    }

    /// Append to `out` the packages `files` belong to, ascending.
    fn owners(&self, files: &[String], out: &mut Vec<u16>) {
        let mut owned: Vec<usize> = if files.is_empty() {
            // A commit that touched no file belongs to every package.
            self.by_length.clone()
        } else {
            files
                .iter()
                .filter(|file| file.contains('/'))
                .filter_map(|file| {
                    self.by_length
                        .iter()
                        .copied()
                        .find(|&at| under(file, &self.paths[at]))
                })
                .collect()
        };
        owned.extend(&self.roots);
        owned.sort_unstable();
        owned.dedup();
        out.extend(
            owned
                .into_iter()
                .filter(|&at| self.keeps(at, files))
                .filter_map(|at| u16::try_from(at).ok()),
        );
    }

    /// Whether package `at` keeps a commit that touched `files`: not when
    /// its files in the package all lie under the package's `exclude-paths`
    /// (nor, then, when it touched no file, as in Release Please).
    fn keeps(&self, at: usize, files: &[String]) -> bool {
        let exclude = &self.excludes[at];
        let folder = &self.paths[at];
        exclude.is_empty()
            || !files
                .iter()
                .filter(|file| under(file, folder))
                .all(|file| exclude.iter().any(|path| under(file, path)))
    }
}

impl<T> Packages<T> {
    fn empty(packages: usize) -> Self {
        Self {
            items: Vec::new(),
            graph: Graph::default(),
            owner_list: Vec::new(),
            owner_start: vec![0],
            packages,
        }
    }

    fn push(&mut self, split: &Split, commit: RawCommit, prepare: &mut impl FnMut(RawCommit) -> T) {
        self.graph.push(&commit.id, &commit.parents);
        split.owners(
            commit.files.as_deref().unwrap_or_default(),
            &mut self.owner_list,
        );
        self.owner_start
            .push(u32::try_from(self.owner_list.len()).unwrap_or(u32::MAX));
        self.items.push(prepare(commit));
    }

    /// From commits read newest first, with parents and files, for the
    /// packages in `folders`; each kept as `prepare` makes it. A commit
    /// without a file list counts as one that touched no file.
    pub fn new(
        commits: impl IntoIterator<Item = RawCommit>,
        folders: &[Folder<'_>],
        mut prepare: impl FnMut(RawCommit) -> T,
    ) -> Self {
        let split = Split::new(folders);
        let mut packages = Self::empty(folders.len());
        for commit in commits {
            packages.push(&split, commit, &mut prepare);
        }
        packages
    }

    /// Whether `HEAD` is known to reach `commit`: it was read, or it is the
    /// parent of one read (where reading stopped). `false` says nothing.
    pub fn reaches(&self, commit: &str) -> bool {
        self.graph.contains(commit)
    }

    /// Read `HEAD`'s commits in `history` that some of the packages in
    /// `folders` has not released: those that the common ancestor of every
    /// `last` release does not reach (all of `HEAD`'s history when a package
    /// has no release), less those the `exclude` revisions reach. Each
    /// commit is split and prepared as git writes the next ones.
    ///
    /// # Errors
    ///
    /// The errors of [`History::walk`] and [`History::merge_base`].
    pub fn read(
        history: &dyn History,
        folders: &[Folder<'_>],
        last: &[Option<&Tag>],
        first_parent: bool,
        exclude: &[String],
        mut prepare: impl FnMut(RawCommit) -> T,
    ) -> Result<Self> {
        let targets: Option<Vec<&str>> = last
            .iter()
            .map(|tag| tag.map(|tag| tag.target.as_str()))
            .collect();
        let base = match targets {
            Some(targets) if !targets.is_empty() => history.merge_base(&targets)?,
            _ => None,
        };
        let query = Query {
            range: base.map(|base| format!("{base}..HEAD")),
            first_parent,
            files: true,
            tags: false,
            paths: Vec::new(),
            exclude: exclude.to_vec(),
            ..Query::default()
        };
        let split = Split::new(folders);
        let mut packages = Self::empty(folders.len());
        history.walk(&query, &mut |commit| {
            packages.push(&split, commit, &mut prepare);
        })?;
        Ok(packages)
    }

    /// The commits of package `index` (its position in the folders given),
    /// newest first, that `last` does not reach, without those that only
    /// touch its `exclude-paths`.
    pub fn unreleased(&self, index: usize, last: Option<&Tag>) -> Vec<&T> {
        if index >= self.packages {
            return Vec::new();
        }
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
            None => (0..self.items.len()).collect(),
        };
        positions
            .into_iter()
            .filter(|&at| {
                let start = self.owner_start[at] as usize;
                let end = self.owner_start[at + 1] as usize;
                self.owner_list[start..end]
                    .iter()
                    .any(|&owner| usize::from(owner) == index)
            })
            .map(|at| &self.items[at])
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::history::parse_tag_name;
    use crate::history::test_commit as commit;

    fn ids(commits: &[&RawCommit]) -> Vec<String> {
        commits.iter().map(|commit| commit.id.clone()).collect()
    }

    fn split(commits: Vec<RawCommit>, folders: &[Folder<'_>]) -> Packages<RawCommit> {
        Packages::new(commits, folders, |commit| commit)
    }

    fn folders<'a>(paths: &[&'a str]) -> Vec<Folder<'a>> {
        paths.iter().map(|path| Folder::new(path)).collect()
    }

    #[test]
    fn commits_split_by_folder_and_by_each_package_s_last_release() {
        // e (nothing) ← d (api, web) ← c (web, README) ← b (api) ← a (api, apiary)
        let packages = split(
            vec![
                commit("e", &["d"], &[]),
                commit("d", &["c"], &["packages/api/x", "packages/web/y"]),
                commit("c", &["b"], &["packages/web/y", "README.md"]),
                commit("b", &["a"], &["packages/api/x"]),
                commit("a", &[], &["packages/api/x", "packages/apiary/z"]),
            ],
            &folders(&["packages/api/", "./packages/web", "packages/apiary", "."]),
        );
        let api_tag = Tag {
            name: "api-v1.0.0".to_owned(),
            target: "b".to_owned(),
            release: parse_tag_name("api-v1.0.0"),
            date: None,
        };
        assert_eq!(ids(&packages.unreleased(0, Some(&api_tag))), ["e", "d"]);
        assert_eq!(ids(&packages.unreleased(0, None)), ["e", "d", "b", "a"]);
        assert_eq!(ids(&packages.unreleased(1, None)), ["e", "d", "c"]);
        assert_eq!(ids(&packages.unreleased(2, None)), ["e", "a"]);
        assert_eq!(
            ids(&packages.unreleased(3, Some(&api_tag))),
            ["e", "d", "c"]
        );
        assert!(packages.unreleased(9, None).is_empty());
        assert!(packages.reaches("a") && packages.reaches("e") && !packages.reaches("z"));
    }

    #[test]
    fn the_longest_package_path_owns_a_file() {
        let packages = split(
            vec![
                commit("b", &["a"], &["packages/a/sub/x"]),
                commit("a", &[], &["packages/a/x"]),
            ],
            &folders(&["packages/a", "packages/a/sub"]),
        );
        assert_eq!(ids(&packages.unreleased(0, None)), ["a"]);
        assert_eq!(ids(&packages.unreleased(1, None)), ["b"]);
    }

    #[test]
    fn exclude_paths_drop_commits_that_only_touch_them() {
        let commits = || {
            vec![
                commit("c", &["b"], &["pkg/docs/a.md", "pkg/src/x"]),
                commit("b", &["a"], &["pkg/docs/a.md", "other/y"]),
                commit("a", &[], &[]),
            ]
        };
        let docs = ["pkg/docs".to_owned()];
        let both = ["other/".to_owned(), "pkg/docs".to_owned()];
        let excluded = split(
            commits(),
            &[
                Folder {
                    path: "pkg",
                    exclude: &docs,
                },
                Folder {
                    path: ".",
                    exclude: &both,
                },
            ],
        );
        assert_eq!(ids(&excluded.unreleased(0, None)), ["c"]);
        assert_eq!(ids(&excluded.unreleased(1, None)), ["c"]);
        let whole = split(commits(), &folders(&["pkg", "."]));
        assert_eq!(ids(&whole.unreleased(1, None)), ["c", "b", "a"]);
    }
}
