//! The `maven-workspace` plugin: when a `java` or `maven` package releases,
//! every Maven artifact of the repository that depends on one of its
//! artifacts (through `<dependencies>` or `<dependencyManagement>`, with a
//! version) releases too: a package of the configuration with a patch (or
//! its `-SNAPSHOT` dropped), an artifact no package holds likewise, its
//! pom and CHANGELOG.md rewritten (Release Please's `considerAllArtifacts`,
//! on by default).
//!
//! Where Release Please's plugin loses a release, this one keeps it:
//! - a package released only for a dependency gets a release of its own
//!   (its heading, its component, its tag); Release Please words it under
//!   the artifact's name with no heading, so its own release step never
//!   tags it;
//! - a `java` package with no `pom.xml` at its root keeps its release,
//!   which Release Please's plugin drops.

use super::draft::Planned;
use super::{Package, PackageRelease, Said};
use crate::Result;
use crate::release::strategy::{Source, Versions, artifact_files, in_folder};
use crate::release::{self, Member, Naming, WorkspacePlugin};
use crate::version::Version;

/// The release types the plugin follows.
pub(super) fn in_scope(release_type: &str) -> bool {
    release::in_maven_workspace(release_type)
}

/// A package's folder as artifacts name theirs: `.` for the root, no `./`
/// or trailing `/`.
fn folder(package: &Package) -> &str {
    package.folder()
}

/// Whether `path` is `folder` or under it (the root holds only itself, as
/// Release Please compares paths).
fn under(path: &str, folder: &str) -> bool {
    path == folder
        || path
            .strip_prefix(folder)
            .is_some_and(|rest| rest.starts_with('/'))
}

/// What the plugin adds to the planned releases.
#[derive(Debug, Default)]
pub(super) struct MavenWorkspace {
    /// Every artifact released, by name, at its new version: what the poms
    /// that depend on it are set to.
    pub(super) versions: Versions,
    /// Packages of the configuration released only for their
    /// dependencies, with the version each gets.
    pub(super) dependents: Vec<(usize, Version)>,
    /// Artifacts no package holds, released for their dependencies.
    pub(super) artifacts: Vec<(Member, Version)>,
}

/// The artifacts of the repository, read once for the plugin: every
/// tracked `pom.xml` that names its own coordinates, only those of
/// configured packages' folders unless `considerAllArtifacts` (the
/// default), and the poms left out for lacking one.
#[derive(Debug, Default)]
pub(super) struct Artifacts {
    members: Vec<Member>,
    left_out: Vec<String>,
}

impl Artifacts {
    /// Read the poms the plugin's options say.
    pub(super) fn read(
        repo: &dyn Source,
        packages: &[Package],
        plugin: WorkspacePlugin,
    ) -> Result<Self> {
        let all = plugin.consider_all_artifacts;
        let folders: Vec<&str> = packages.iter().map(folder).collect();
        let mut artifacts = Self::default();
        for file in repo.files(".")? {
            let (dir, name) = file.rsplit_once('/').unwrap_or((".", file.as_str()));
            if name != "pom.xml" || !(all || folders.contains(&dir)) {
                continue;
            }
            let Some(text) = repo.read(&file)? else {
                continue;
            };
            match release::maven_artifact(&text, dir) {
                Ok(member) => artifacts.members.push(member),
                Err(missing) => artifacts.left_out.push(format!("`{file}` ({missing})")),
            }
        }
        Ok(artifacts)
    }

    /// The name (`groupId:artifactId`) of the artifact at a package's folder.
    pub(super) fn name_of(&self, package: &Package) -> Option<String> {
        let folder = folder(package);
        self.members
            .iter()
            .find(|member| member.path == folder)
            .map(|member| member.name.clone())
    }
}

/// The releases the plugin adds to `planned` (per package, in the
/// configuration's order), as its options (`considerAllArtifacts`,
/// `updateAllPackages`) say; `released` holds the packages' versions.
pub(super) fn plan_workspace(
    (artifacts, plugin): (&Artifacts, WorkspacePlugin),
    packages: &[Package],
    planned: &[Planned],
    released: &Versions,
    said: &Said,
) -> Result<MavenWorkspace> {
    let consider_all = plugin.consider_all_artifacts;
    let update_all = plugin.update_all_packages;
    let folders: Vec<&str> = packages.iter().map(folder).collect();
    // The releases of the packages the plugin follows, by index.
    let candidates: Vec<(usize, &PackageRelease)> = planned
        .iter()
        .enumerate()
        .filter_map(|(index, plan)| {
            let (release, _) = plan.as_ref()?;
            in_scope(packages[index].release_type()).then_some((index, release))
        })
        .collect();
    let mut workspace = MavenWorkspace::default();
    if candidates.is_empty() {
        return Ok(workspace);
    }
    if !artifacts.left_out.is_empty() {
        said.warn(format!(
            "`maven-workspace`: {} left out of the workspace, as Release Please leaves them: a pom must name its own groupId, artifactId and version",
            artifacts.left_out.join(", ")
        ));
    }
    let members = artifacts.members.as_slice();
    // Each released package's artifact: the one at its folder.
    let own = |index: usize| members.iter().find(|member| member.path == folders[index]);
    for &(index, release) in &candidates {
        let version = crate::version::parse(&release.version)?;
        // A `maven` package sets every pom under its folder to its version.
        if packages[index].release_type() == "maven" {
            let root = folders[index] == ".";
            for member in members {
                if root || under(&member.path, folders[index]) {
                    workspace
                        .versions
                        .insert(member.name.clone(), version.clone());
                }
            }
        }
        if let Some(member) = own(index) {
            workspace.versions.insert(member.name.clone(), version);
        }
    }
    let started: Vec<&str> = members
        .iter()
        .filter(|member| {
            if consider_all {
                candidates
                    .iter()
                    .any(|&(index, _)| under(&member.path, folders[index]))
            } else {
                update_all
                    || candidates
                        .iter()
                        .any(|&(index, _)| own(index) == Some(*member))
            }
        })
        .map(|member| member.name.as_str())
        .collect();
    for name in release::maven_release_order(members, &started)? {
        if workspace.versions.contains_key(&name) {
            continue;
        }
        let Some(member) = members.iter().find(|member| member.name == name) else {
            continue;
        };
        let Some(current) = &member.version else {
            said.warn(format!(
                "`maven-workspace`: `{name}` ({}/pom.xml) has no semver `<version>`; not released",
                member.path
            ));
            continue;
        };
        let version = release::maven_dependency_bump(current);
        workspace.versions.insert(name.clone(), version.clone());
        // A module under a released package's folder is released with it.
        let adopted = candidates.iter().any(|&(index, _)| {
            own(index).is_some() && member.path.starts_with(&format!("{}/", folders[index]))
        });
        if adopted {
            continue;
        }
        match folders.iter().position(|folder| *folder == member.path) {
            Some(index) if planned[index].is_none() => {
                let version = after_release(packages[index].path(), version, released, said);
                workspace.dependents.push((index, version));
            }
            Some(_) => {}
            None => workspace.artifacts.push((member.clone(), version)),
        }
    }
    Ok(workspace)
}

/// The version a package released for a dependency gets: `version`, from
/// its pom, unless that is not after the package's last release
/// (`4.0.0-SNAPSHOT` after 4.0.0), which would release that version again:
/// then the next patch, with a warning.
fn after_release(path: &str, version: Version, current: &Versions, said: &Said) -> Version {
    match current.get(path) {
        Some(released) if version <= *released => {
            let next = release::dependency_bump(released);
            said.warn(format!(
                "`maven-workspace`: `{path}`'s pom says {version}, not after its release {released}; released as {next}"
            ));
            next
        }
        _ => version,
    }
}

/// The release of an artifact no package holds (`considerAllArtifacts`):
/// notes that say which dependencies moved, its pom and CHANGELOG.md; no
/// tag, as no package of the configuration releases it. The notes are
/// Release Please's; the CHANGELOG.md entry has a heading with the version
/// and date, where Release Please writes the list alone.
pub(super) fn artifact_release(
    repo: &dyn Source,
    (member, version): &(Member, Version),
    versions: &Versions,
    (date, target_branch): (&str, &str),
    said: &Said,
) -> Result<(PackageRelease, Naming)> {
    let pom = in_folder(&member.path, "pom.xml");
    let moved = repo
        .read(&pom)?
        .map(|text| release::set_maven_dependencies(&text, versions).1)
        .unwrap_or_default();
    let notes = release::with_dependency_notes("", &release::maven_dependency_notes(&moved));
    let entry = release::with_dependency_notes(
        &format!("## {version} ({date})"),
        &release::maven_dependency_notes(&moved),
    );
    let files = said.files(artifact_files(
        repo,
        &member.path,
        version,
        versions,
        &entry,
    )?);
    let release = PackageRelease {
        path: member.path.clone(),
        component: Some(member.name.clone()),
        version: version.to_string(),
        previous_tag: None,
        tag: String::new(),
        snapshot: false,
        notes,
        files,
        effects: Vec::new(),
    };
    let naming = Naming {
        component: None,
        branch_component: None,
        separator: "-".to_owned(),
        include_v: true,
        component_no_space: false,
        target_branch: target_branch.to_owned(),
        title_pattern: None,
        header: None,
        footer: None,
    };
    Ok((release, naming))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_holds_itself_and_what_is_under_it() {
        assert!(under("lib", "lib"));
        assert!(under("lib/a", "lib"));
        assert!(!under("library", "lib"));
        assert!(under(".", "."));
        assert!(!under("core", "."));
    }
}
