//! The files a release rewrites: [`cicd_core::release::strategy`] over the
//! work tree, its warnings said on stderr.

use std::path::Path;

use cicd_core::release::strategy::{self, Package, Rewritten, Source, WorkTree};
pub(crate) use cicd_core::release::strategy::{FileUpdate, Target, Together, Versions};
use cicd_core::version;

use super::release_args::Loaded;
use crate::error::{Error, warn};

/// The files, once their warnings are said.
fn said(rewritten: Rewritten) -> Vec<FileUpdate> {
    for warning in &rewritten.warnings {
        warn(warning);
    }
    rewritten.files
}

/// The package `loaded` describes, as the strategies take it.
fn package(loaded: &Loaded) -> Package<'_> {
    Package {
        config: &loaded.package,
        release_type: loaded.options.release_type(),
    }
}

/// CHANGELOG.md, the release type's version files and `extra-files`,
/// rewritten for `target` with these `notes`.
pub(crate) fn rewritten_files(
    loaded: &Loaded,
    repo: &Path,
    target: Target<'_>,
    notes: &str,
    together: Together<'_>,
) -> Result<Vec<FileUpdate>, Error> {
    let source = WorkTree::new(repo);
    Ok(said(strategy::rewritten_files(
        &source,
        package(loaded),
        target,
        notes,
        together,
    )?))
}

/// The files of a `java` or `maven` package's snapshot release PR.
pub(crate) fn snapshot_files(
    loaded: &Loaded,
    repo: &Path,
    version: &version::Version,
    date: &str,
    together: Together<'_>,
) -> Result<Vec<FileUpdate>, Error> {
    let source = WorkTree::new(repo);
    Ok(said(strategy::snapshot_files(
        &source,
        package(loaded),
        version,
        date,
        together,
    )?))
}

/// The files of an artifact that the `maven-workspace` plugin releases and
/// no package holds.
pub(crate) fn artifact_files(
    repo: &Path,
    folder: &str,
    version: &version::Version,
    versions: &Versions,
    entry: &str,
) -> Result<Vec<FileUpdate>, Error> {
    let source = WorkTree::new(repo);
    Ok(said(strategy::artifact_files(
        &source, folder, version, versions, entry,
    )?))
}

/// The files under `folder` (`.` for all), repository-relative: those git
/// tracks, or outside a repository every file under it but `.git`.
pub(crate) fn package_files(repo: &Path, folder: &str) -> Vec<String> {
    WorkTree::new(repo).files(folder).unwrap_or_default()
}

/// `path` relative to the repository, with `/` separators.
pub(crate) fn relative(path: &Path, repo: &Path) -> String {
    let relative = path.strip_prefix(repo).unwrap_or(path);
    let text = relative.to_string_lossy().replace('\\', "/");
    text.strip_prefix("./").map(str::to_owned).unwrap_or(text)
}
