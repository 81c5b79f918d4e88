//! The repository a release is planned in: the files a strategy reads and
//! the history a plan reads, from a work tree on disk (read only inside it,
//! through no link; its history asked of git), or a snapshot in memory.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::Result;
use crate::confined::Root;
use crate::history::{self, Git, History, InMemory};

/// The files of the repository at the planned revision. Paths are
/// repository-relative with `/` separators.
pub trait Source: Sync {
    /// The text of the file at `path` (`\n` line endings, no byte-order
    /// mark: a rewrite puts the file's own back), `None` when there is
    /// none.
    ///
    /// # Errors
    ///
    /// When the file cannot be read, is not text, or lies outside the
    /// repository.
    fn read(&self, path: &str) -> Result<Option<String>>;

    /// The files under `folder` (`.` for all), repository-relative, in
    /// name order: those the branch has.
    ///
    /// # Errors
    ///
    /// When they cannot be listed.
    fn files(&self, folder: &str) -> Result<Vec<String>>;
}

/// A repository a release is planned in: its files and its history.
pub trait Repository: Source {
    /// Its history.
    fn history(&self) -> &dyn History;
}

/// A work tree on disk: files read through [`Root`] (inside it, through no
/// link), listed as git tracks them (every file but `.git`'s outside a
/// repository); its history asked of git.
#[derive(Clone, Debug)]
pub struct WorkTree {
    root: Root,
    git: Git,
}

impl WorkTree {
    /// The work tree at `dir`.
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        let dir = dir.into();
        Self {
            git: Git::new(&dir),
            root: Root::new(dir),
        }
    }

    /// Its directory.
    #[must_use]
    pub fn dir(&self) -> &Path {
        self.root.dir()
    }
}

impl Source for WorkTree {
    fn read(&self, path: &str) -> Result<Option<String>> {
        Ok(self.root.read_text(path)?.map(|text| text.content))
    }

    fn files(&self, folder: &str) -> Result<Vec<String>> {
        let folder = crate::confined::folder(folder);
        Ok(history::tracked_files(self.dir(), folder)
            .unwrap_or_else(|_| files_in(&self.dir().join(folder), folder)))
    }
}

impl Repository for WorkTree {
    fn history(&self) -> &dyn History {
        &self.git
    }
}

/// The files of a repository at a revision, read from its git objects (no
/// checkout): what a branch or a merge base holds.
#[derive(Clone, Debug)]
pub struct AtRevision {
    dir: PathBuf,
    revision: String,
}

impl AtRevision {
    /// The files of the repository at `dir` at `revision` (a commit id).
    pub fn new(dir: impl Into<PathBuf>, revision: &str) -> Self {
        Self {
            dir: dir.into(),
            revision: revision.to_owned(),
        }
    }
}

impl Source for AtRevision {
    fn read(&self, path: &str) -> Result<Option<String>> {
        let path = crate::confined::relative_path(path).map_err(|what| crate::Error::Confined {
            path: crate::confined::escape_control(path),
            what: what.to_owned(),
        })?;
        match history::show(&self.dir, &self.revision, &path)? {
            Some(text) => Ok(Some(
                crate::confined::decode(&path, text.into_bytes())?.content,
            )),
            None => Ok(None),
        }
    }

    fn files(&self, folder: &str) -> Result<Vec<String>> {
        history::tree_files(&self.dir, &self.revision, folder)
    }
}

/// The files under `dir` (`prefix` its repository path), not following
/// links, in name order (as git lists files: the same on every file
/// system).
fn files_in(dir: &Path, prefix: &str) -> Vec<String> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    let mut entries: Vec<std::fs::DirEntry> = entries.flatten().collect();
    entries.sort_by_key(std::fs::DirEntry::file_name);
    for entry in entries {
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = if prefix == "." {
            name.clone()
        } else {
            format!("{prefix}/{name}")
        };
        match entry.file_type() {
            Ok(kind) if kind.is_dir() && name != ".git" => {
                out.extend(files_in(&entry.path(), &path));
            }
            Ok(kind) if kind.is_file() => out.push(path),
            _ => {}
        }
    }
    out
}

/// A repository in memory: each file's text by path, and its history.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Snapshot {
    /// The files at `HEAD`, by repository-relative path.
    pub files: BTreeMap<String, String>,
    /// The commits and tags.
    pub history: InMemory,
}

impl Snapshot {
    /// A snapshot of these `(path, text)` files.
    pub fn new<P: Into<String>, T: Into<String>>(files: impl IntoIterator<Item = (P, T)>) -> Self {
        Self {
            files: files
                .into_iter()
                .map(|(path, text)| (path.into(), text.into()))
                .collect(),
            history: InMemory::default(),
        }
    }

    /// This snapshot with `history`.
    #[must_use]
    pub fn with_history(self, history: InMemory) -> Self {
        Self { history, ..self }
    }
}

impl Repository for Snapshot {
    fn history(&self) -> &dyn History {
        &self.history
    }
}

impl Source for Snapshot {
    fn read(&self, path: &str) -> Result<Option<String>> {
        Ok(self.files.get(path).cloned())
    }

    fn files(&self, folder: &str) -> Result<Vec<String>> {
        let folder = crate::confined::folder(folder);
        Ok(self
            .files
            .keys()
            .filter(|path| {
                folder == "."
                    || path
                        .strip_prefix(folder)
                        .is_some_and(|rest| rest.starts_with('/'))
            })
            .cloned()
            .collect())
    }
}

/// `name` in the package folder `dir` (`.` for the repository root).
pub fn in_folder(dir: &str, name: &str) -> String {
    if dir == "." || dir.is_empty() {
        name.to_owned()
    } else {
        format!("{}/{name}", dir.trim_end_matches('/'))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_snapshot_lists_a_folder_s_files_only() {
        let snapshot = Snapshot::new([
            ("a/x", "1"),
            ("ab/y", "2"),
            ("a/b/z", "3"),
            ("README.md", "r"),
        ]);
        assert_eq!(snapshot.files("a").unwrap(), ["a/b/z", "a/x"]);
        assert_eq!(snapshot.files(".").unwrap().len(), 4);
        assert_eq!(snapshot.read("a/x").unwrap().as_deref(), Some("1"));
        assert_eq!(snapshot.read("a/none").unwrap(), None);
        assert_eq!(in_folder(".", "b"), "b");
        assert_eq!(in_folder("a/", "b"), "a/b");
    }

    #[test]
    fn a_work_tree_reads_inside_itself_only() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("pkg")).unwrap();
        std::fs::write(dir.path().join("pkg/version.txt"), "1.0.0\r\n").unwrap();
        let tree = WorkTree::new(dir.path());
        assert_eq!(
            tree.read("pkg/version.txt").unwrap().as_deref(),
            Some("1.0.0\n")
        );
        assert_eq!(tree.read("pkg/none").unwrap(), None);
        assert!(tree.read("../outside").is_err());
        assert!(tree.read("/etc/passwd").is_err());
        assert_eq!(tree.files("pkg").unwrap(), ["pkg/version.txt"]);
    }

    /// A version file planted as a link to a file outside is refused, not
    /// read (nor, later, written through).
    #[cfg(unix)]
    #[test]
    fn a_work_tree_refuses_links() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret"), "token\n").unwrap();
        let dir = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(
            outside.path().join("secret"),
            dir.path().join("version.txt"),
        )
        .unwrap();
        std::os::unix::fs::symlink(outside.path(), dir.path().join("pkg")).unwrap();
        let tree = WorkTree::new(dir.path());
        assert!(tree.read("version.txt").is_err());
        assert!(tree.read("pkg/secret").is_err());
        // Listed outside a repository: the links are not followed.
        assert!(tree.files(".").unwrap().is_empty());
    }
}
