//! Maven: every pom of a `maven` package, its snapshot releases, and the
//! artifacts the `maven-workspace` plugin releases that no package holds.

use semver::Version;

use super::extra::{Stamp, extra_files};
use super::source::in_folder as under;
use super::{
    Missing, Package, Rewrites, Rewritten, Source, Together, Versions, set_maven_dependencies_of,
};
use crate::Result;
use crate::release::{self, FileKind};

/// The files of a `java` or `maven` package's snapshot release PR (Release
/// Please's `isSnapshot` updates): every `pom.xml` of a `maven` package and
/// the `extra-files`, set to the `-SNAPSHOT` `version`; no CHANGELOG.md.
///
/// # Errors
///
/// When a file cannot be read, or a pom cannot be parsed.
pub fn snapshot_files(
    source: &dyn Source,
    package: Package<'_>,
    version: &Version,
    date: &str,
    together: Together<'_>,
) -> Result<Rewritten> {
    let mut rewrites = Rewrites::new(source);
    if package.release_type == "maven" {
        let poms = Poms {
            released: false,
            dependencies: together.maven,
        };
        maven_poms(package, version, poms, &mut rewrites)?;
    }
    let stamp = Stamp::new(package, version, date);
    extra_files(package, &stamp, &mut rewrites)?;
    Ok(rewrites.out)
}

/// How a `maven` package's poms are rewritten: for a release (not a
/// snapshot), and with the `maven-workspace` artifacts they depend on.
#[derive(Clone, Copy)]
pub(super) struct Poms<'a> {
    pub(super) released: bool,
    pub(super) dependencies: Option<&'a Versions>,
}

/// Every `pom.xml` git tracks in a `maven` package: its project's (else its
/// parent's) `<version>`, then on a release its
/// `x-release-please-released-*` markers, then its `x-release-please-*`
/// ones, as Release Please's `maven` strategy updates them; with
/// `maven-workspace`, its dependencies on the artifacts released with it
/// (every pom of the package, where Release Please sets its root pom's
/// only and leaves a module's dependency on a sibling behind).
pub(super) fn maven_poms(
    package: Package<'_>,
    version: &Version,
    poms: Poms<'_>,
    rewrites: &mut Rewrites<'_>,
) -> Result<()> {
    for path in rewrites
        .source
        .files(package.dir())?
        .iter()
        .filter(|file| file.rsplit('/').next() == Some("pom.xml"))
    {
        rewrites.update(path, Missing::Quiet, |display, text| {
            release::set_pom_version(display, text, version)
        })?;
        if poms.released {
            rewrites.update(path, Missing::Quiet, |_, text| {
                Ok(release::set_released_markers(text, version))
            })?;
        }
        rewrites.update(path, Missing::Quiet, |display, text| {
            release::set_version(FileKind::Generic, display, text, version)
        })?;
        if let Some(versions) = poms.dependencies {
            rewrites.update(path, Missing::Quiet, set_maven_dependencies_of(versions))?;
        }
    }
    Ok(())
}

/// The files of an artifact that the `maven-workspace` plugin releases for
/// its dependencies (`considerAllArtifacts`) and that no package of the
/// configuration holds: its pom's version and dependencies, and `entry`
/// in its CHANGELOG.md when it keeps one.
///
/// # Errors
///
/// When a file cannot be read, or the pom cannot be parsed.
pub fn artifact_files(
    source: &dyn Source,
    folder: &str,
    version: &Version,
    versions: &Versions,
    entry: &str,
) -> Result<Rewritten> {
    let mut rewrites = Rewrites::new(source);
    let pom = under(folder, "pom.xml");
    rewrites.update(&pom, Missing::Warn, |display, text| {
        release::set_pom_version(display, text, version)
    })?;
    rewrites.update(&pom, Missing::Quiet, set_maven_dependencies_of(versions))?;
    let changelog = under(folder, "CHANGELOG.md");
    if source.read(&changelog)?.is_some() {
        rewrites.changelog(&changelog, entry, false)?;
    }
    Ok(rewrites.out)
}
