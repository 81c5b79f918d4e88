//! The history of a monorepo's packages read at once: one `git log` with the
//! files each commit touched, from the newest commit every package has
//! released, then split by package folder and by each package's last
//! release. As Release Please splits the commits it reads by path, and faster
//! than a `git log -- PATH` per package, which diffs every commit again.

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
}

impl Packages {
    /// From commits read newest first, with parents and files.
    pub fn new(commits: Vec<RawCommit>) -> Self {
        let mut graph = Graph::default();
        for commit in &commits {
            graph.push(&commit.id, &commit.parents);
        }
        Self { commits, graph }
    }

    /// Whether `HEAD` is known to reach `commit`: it was read, or it is the
    /// parent of one read (where reading stopped). `false` says nothing.
    pub fn reaches(&self, commit: &str) -> bool {
        self.graph.contains(commit)
    }

    /// Read `HEAD`'s commits in `repo` that some package has not released:
    /// those that the common ancestor of every `last` release does not reach
    /// (all of `HEAD`'s history when a package has no release).
    ///
    /// # Errors
    ///
    /// [`crate::Error::Git`] and the errors of [`read`].
    pub fn read(repo: &Path, last: &[Option<&Tag>], first_parent: bool) -> Result<Self> {
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
        };
        Ok(Self::new(read(repo, &query)?))
    }

    /// The commits, newest first, that touch a file under `path` (every
    /// commit for the root, `.`) and that `last` does not reach.
    pub fn unreleased(&self, path: &str, last: Option<&Tag>) -> Vec<&RawCommit> {
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
        let folder = path.trim_start_matches("./").trim_end_matches('/');
        let prefix = format!("{folder}/");
        positions
            .into_iter()
            .map(|at| &self.commits[at])
            .filter(|commit| {
                folder == "."
                    || folder.is_empty()
                    || commit
                        .files
                        .iter()
                        .flatten()
                        .any(|file| file.starts_with(&prefix))
            })
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
        // d (api, web) ← c (web) ← b (api) ← a (api, apiary)
        let packages = Packages::new(vec![
            commit("d", &["c"], &["packages/api/x", "packages/web/y"]),
            commit("c", &["b"], &["packages/web/y"]),
            commit("b", &["a"], &["packages/api/x"]),
            commit("a", &[], &["packages/api/x", "packages/apiary/z"]),
        ]);
        let api_tag = Tag {
            name: "api-v1.0.0".to_owned(),
            target: "b".to_owned(),
            release: parse_tag_name("api-v1.0.0"),
            date: None,
        };
        assert_eq!(
            ids(&packages.unreleased("packages/api", Some(&api_tag))),
            ["d"]
        );
        assert_eq!(
            ids(&packages.unreleased("packages/api/", None)),
            ["d", "b", "a"]
        );
        assert_eq!(ids(&packages.unreleased("packages/web", None)), ["d", "c"]);
        assert_eq!(ids(&packages.unreleased("packages/apiary", None)), ["a"]);
        assert_eq!(ids(&packages.unreleased(".", Some(&api_tag))), ["d", "c"]);
    }
}
