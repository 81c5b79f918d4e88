//! Finding lockfiles in a tree: a walk that skips `.git`, installed
//! dependencies and build output, never follows symbolic links, and reads
//! each lockfile with the manifest beside it.

use std::path::Path;

use walkdir::WalkDir;

use super::{LockKind, Lockfile, read_lockfile_with};
use crate::{Error, Result};

/// Folders never walked into: version control, installed dependencies,
/// virtual environments, build output, caches.
const SKIPPED: &[&str] = &[
    ".git",
    ".hg",
    ".svn",
    "node_modules",
    "bower_components",
    "target",
    ".venv",
    "venv",
    ".tox",
    ".nox",
    "__pycache__",
    ".mypy_cache",
    ".pytest_cache",
    ".ruff_cache",
    ".yarn",
    ".pnpm-store",
];

/// The largest lockfile read (a bigger file of that name is reported): the
/// confined layer's bound on every file it reads.
pub const MAX_LOCKFILE_BYTES: u64 = crate::confined::MAX_FILE_SIZE;

/// A lockfile found by a scan.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found {
    /// Its path relative to the scanned folder, `/`-separated.
    pub path: String,
    /// What kind it is.
    pub kind: LockKind,
}

/// What a scan read, and the lockfiles it could not.
#[derive(Debug, Default)]
pub struct Scanned {
    /// The lockfiles read, sorted by path.
    pub lockfiles: Vec<Lockfile>,
    /// The lockfiles that could not be read, with why.
    pub errors: Vec<Error>,
}

/// Every lockfile under `root`, sorted by path.
///
/// # Errors
///
/// [`Error::Read`] when `root` cannot be walked.
pub fn find(root: &Path) -> Result<Vec<Found>> {
    let mut found = Vec::new();
    let walk = WalkDir::new(root)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| {
            entry.depth() == 0
                || !(entry.file_type().is_dir()
                    && entry
                        .file_name()
                        .to_str()
                        .is_some_and(|name| SKIPPED.contains(&name)))
        });
    for entry in walk {
        let entry = entry.map_err(|err| Error::Read {
            path: err.path().unwrap_or(root).to_owned(),
            source: err.into(),
        })?;
        if !entry.file_type().is_file() {
            continue;
        }
        let Some(kind) = entry.file_name().to_str().and_then(LockKind::of) else {
            continue;
        };
        let relative = entry.path().strip_prefix(root).unwrap_or(entry.path());
        let path = relative
            .components()
            .map(|part| part.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        found.push(Found { path, kind });
    }
    found.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(found)
}

/// Find and read every lockfile under `root`; a lockfile that cannot be
/// read is reported in [`Scanned::errors`] and the others are still read.
///
/// # Errors
///
/// [`Error::Read`] when `root` cannot be walked.
pub fn scan(root: &Path) -> Result<Scanned> {
    let mut scanned = Scanned::default();
    for found in find(root)? {
        match read_found(root, &found) {
            Ok(lockfile) => scanned.lockfiles.push(lockfile),
            Err(err) => scanned.errors.push(err),
        }
    }
    Ok(scanned)
}

fn read_found(root: &Path, found: &Found) -> Result<Lockfile> {
    // Everything is read inside the scanned folder, through no link, and
    // at most `MAX_LOCKFILE_BYTES` of it.
    let tree = crate::confined::Root::new(root);
    let bytes = tree.read(&found.path)?.ok_or_else(|| Error::Read {
        path: root.join(&found.path),
        source: std::io::ErrorKind::NotFound.into(),
    })?;
    let manifest = match found.path.rsplit_once('/') {
        Some((folder, _)) => format!("{folder}/{}", found.kind.manifest()),
        None => found.kind.manifest().to_owned(),
    };
    // The manifest only names the project and its development
    // dependencies: one that cannot be read leaves them unknown.
    let manifest = tree
        .read_text(&manifest)
        .ok()
        .flatten()
        .map(|text| text.content);
    // Includes, by their path from the scanned folder: never outside it
    // (`..`, an absolute path) nor through a link.
    let include = |relative: &str| -> Result<Option<String>> {
        Ok(tree.read_text(relative)?.map(|text| text.content))
    };
    read_lockfile_with(&found.path, &bytes, manifest.as_deref(), &include)
}
