//! Packages released together: `linked-versions`, the `cargo-workspace`,
//! `node-workspace` and `maven-workspace` plugins, and `group-priority`.

use std::collections::BTreeMap;

use super::draft::{Forced, Planned, Planner};
use super::maven::{self, in_scope};
use super::{Package, PackageRelease, cargo_members};
use crate::release::strategy::{Source, Together, Versions};
use crate::release::{self, LinkedGroup, Naming, WorkspaceKind, WorkspacePlugin};
use crate::{Result, commits, version};

/// `linked-versions`: when a member of `group` releases, every member
/// releases at the highest version any of them reaches; a member with
/// nothing of its own gets a `Synchronize` chore that carries it.
pub(super) fn link_versions(
    planner: &Planner<'_>,
    group: &LinkedGroup,
    planned: &mut [Planned],
    forced: &mut BTreeMap<usize, Forced>,
) -> Result<()> {
    let packages = &planner.request.packages;
    let members: Vec<usize> = (0..packages.len())
        .filter(|&index| {
            planner.history.namings[index]
                .branch_component
                .as_ref()
                .is_some_and(|component| group.components.contains(component))
        })
        .collect();
    let mut reached = Vec::new();
    for &index in &members {
        if let Some((release, _)) = &planned[index] {
            reached.push(version::parse(&release.version)?);
        }
    }
    let Some(linked) = release::linked_version(&reached).cloned() else {
        return Ok(());
    };
    for &index in &members {
        let synchronize = match &planned[index] {
            Some(_) => None,
            None => planner.history.namings[index]
                .branch_component
                .as_deref()
                .map(|component| group.synchronize_message(component, &linked)),
        };
        let current = planner.versions.get(packages[index].path());
        if current.is_some_and(|current| *current > linked) {
            planner.said.warn(format!(
                "linked-versions `{}`: `{}` goes from {} down to {linked}, the group's version (as Release Please does)",
                group.name,
                packages[index].path(),
                current.map(ToString::to_string).unwrap_or_default()
            ));
        }
        let force = Forced {
            version: linked.clone(),
            synchronize,
        };
        planned[index] = planner.plan(index, Some(&force))?;
        forced.insert(index, force);
    }
    Ok(())
}

/// Packages released together. Each `Cargo.lock` update holds every released
/// crate's version. With `cargo-workspace`, the crates that depend on a
/// released one release too (a patch); with `node-workspace`, the node
/// packages that depend on a released one (the bump their versioning gives a
/// change); with `maven-workspace`, the Maven artifacts that depend on a
/// released one (a patch, or their `-SNAPSHOT` dropped), those no package
/// holds among them, as releases added after the packages'. Their manifests
/// and notes say which dependency moved, and they come in name order after
/// the other packages, as Release Please orders them.
pub(super) fn release_together(
    planner: &Planner<'_>,
    planned: &mut [Planned],
    forced: &mut BTreeMap<usize, Forced>,
) -> Result<Joined> {
    let repo = planner.repo;
    let packages = &planner.request.packages;
    let config = planner.request.config.as_ref();
    let plugin = |kind| config.and_then(|config| config.workspace_plugin(kind));
    let cargo_plugin = plugin(WorkspaceKind::Cargo);
    let cargo_workspace = cargo_plugin.is_some();
    // `updateAllPackages`: every package of the workspace releases.
    let all =
        |plugin: Option<WorkspacePlugin>| plugin.is_some_and(|plugin| plugin.update_all_packages);
    let node_plugin = plugin(WorkspaceKind::Node);
    let maven_plugin = plugin(WorkspaceKind::Maven);
    let node_peers = node_plugin.is_some_and(|plugin| plugin.update_peer_dependencies);
    // Each package's name in its ecosystem: crate, npm package or Maven
    // artifact (`groupId:artifactId`).
    let artifacts = match maven_plugin {
        Some(plugin) => maven::Artifacts::read(repo, packages, plugin)?,
        None => maven::Artifacts::default(),
    };
    let mut names: Vec<Option<String>> = Vec::with_capacity(packages.len());
    for package in packages {
        if maven_plugin.is_some() && in_scope(package.release_type()) {
            names.push(artifacts.name_of(package));
            continue;
        }
        let (file, kind) = match package.release_type() {
            "rust" => ("Cargo.toml", release::FileKind::CargoToml),
            "node" => ("package.json", release::FileKind::PackageJson),
            _ => {
                names.push(None);
                continue;
            }
        };
        names.push(
            repo.read(&package.file(file))?
                .and_then(|text| release::package_name(kind, &text)),
        );
    }
    let released = |kind: &str| -> Result<Versions> {
        let mut versions = Versions::new();
        for (index, plan) in planned.iter().enumerate() {
            if packages[index].release_type() != kind {
                continue;
            }
            if let (Some(name), Some((release, _))) = (&names[index], plan) {
                versions.insert(name.clone(), version::parse(&release.version)?);
            }
        }
        Ok(versions)
    };
    let mut crates = released("rust")?;
    let mut node = released("node")?;
    // A dependency's bump, unless the package releases at a version already.
    let mut bump = |index: usize, version: version::Version| {
        forced.entry(index).or_insert(Forced {
            version,
            synchronize: None,
        });
    };
    if cargo_workspace {
        let members = cargo_members::cargo_members(repo, planner.said)?;
        let started: Vec<&str> = crates.keys().map(String::as_str).collect();
        let mut moving = release::dependents(&members, &started);
        if all(cargo_plugin) {
            moving = members
                .iter()
                .map(|member| member.name.clone())
                .filter(|name| !crates.contains_key(name))
                .collect();
        }
        for name in moving {
            let Some(member) = members.iter().find(|member| member.name == name) else {
                continue;
            };
            let configured = packages
                .iter()
                .position(|package| package.folder() == member.path);
            match (configured, &member.version) {
                (Some(index), Some(current)) => {
                    let next = release::dependency_bump(current);
                    crates.insert(name.clone(), next.clone());
                    bump(index, next);
                }
                (None, _) => planner.said.warn(format!(
                    "`cargo-workspace`: `{name}` ({}) depends on a released crate but is not a package of the configuration; not released",
                    member.path
                )),
                (Some(_), None) => planner.said.warn(format!(
                    "`cargo-workspace`: `{name}` has no plain `[package].version` (`version.workspace = true`?); not released"
                )),
            }
        }
    }
    if node_plugin.is_some() {
        // The node packages of the configuration, by their package.json.
        let mut members = Vec::new();
        let mut indexes = Vec::new();
        for (index, package) in packages.iter().enumerate() {
            if package.release_type() != "node" {
                continue;
            }
            let manifest = package.file("package.json");
            let Some(text) = repo.read(&manifest)? else {
                continue;
            };
            if let Some(member) =
                release::node_member(&manifest, &text, package.path(), node_peers)?
            {
                members.push(member);
                indexes.push(index);
            }
        }
        let started: Vec<&str> = node.keys().map(String::as_str).collect();
        let mut moving = release::dependents(&members, &started);
        if all(node_plugin) {
            moving = members
                .iter()
                .map(|member| member.name.clone())
                .filter(|name| !node.contains_key(name))
                .collect();
        }
        for name in moving {
            let Some(at) = members.iter().position(|member| member.name == name) else {
                continue;
            };
            let index = indexes[at];
            let Some(current) = &members[at].version else {
                planner.said.warn(format!(
                    "`node-workspace`: `{name}` has no valid `version`; not released"
                ));
                continue;
            };
            // The bump the package's versioning gives one change.
            let change = commits::parse("", "fix: update dependencies");
            let next = version::next(Some(current), &[change], &packages[index].options)?.version;
            node.insert(name.clone(), next.clone());
            bump(index, next);
        }
    }
    let mut maven_workspace = maven::MavenWorkspace::default();
    if let Some(plugin) = maven_plugin {
        maven_workspace = maven::plan_workspace(
            (&artifacts, plugin),
            packages,
            planned,
            planner.versions,
            planner.said,
        )?;
        for (index, version) in std::mem::take(&mut maven_workspace.dependents) {
            bump(index, version);
        }
    }
    let maven_versions = &maven_workspace.versions;
    let together = Together {
        crates: Some(&crates).filter(|crates| !crates.is_empty()),
        cargo_dependencies: cargo_workspace,
        node: Some(&node).filter(|node| node_plugin.is_some() && !node.is_empty()),
        node_peers,
        maven: Some(maven_versions).filter(|versions| !versions.is_empty()),
    };
    let replan =
        crates.len() > 1 || cargo_workspace || together.node.is_some() || together.maven.is_some();
    let planned_before: Vec<bool> = planned.iter().map(Option::is_some).collect();
    if replan {
        let planner = Planner {
            together,
            ..*planner
        };
        for index in 0..packages.len() {
            let map = match packages[index].release_type() {
                "rust" => &crates,
                "node" if together.node.is_some() => &node,
                kind if in_scope(kind) && together.maven.is_some() => maven_versions,
                _ => continue,
            };
            if !names[index]
                .as_ref()
                .is_some_and(|name| map.contains_key(name))
            {
                continue;
            }
            let force = forced.get(&index);
            if force.is_some() || planned[index].is_some() {
                planned[index] = planner.plan(index, force)?;
            }
        }
    }
    // The artifacts no package holds come after the packages.
    let mut artifacts = Vec::new();
    for artifact in &maven_workspace.artifacts {
        artifacts.push(maven::artifact_release(
            repo,
            artifact,
            maven_versions,
            (&planner.request.date, &planner.request.target_branch),
            planner.said,
        )?);
    }
    let in_workspace = |releaser: Releaser| match releaser {
        Releaser::Artifact(_) => true,
        Releaser::Package(index) => match packages[index].release_type() {
            "rust" => cargo_workspace,
            "node" => node_plugin.is_some(),
            kind => maven_plugin.is_some() && in_scope(kind),
        },
    };
    // The plugin's `merge: true` gathers the packages it makes release, with
    // nothing of their own, into one PR even when the PRs are separate (its
    // default, `!separate-pull-requests`, gathers them only when everything
    // is in one PR anyway). An artifact no package holds has no PR of its
    // own: with separate PRs it goes in the one that gathers.
    let merges = |plugin: Option<WorkspacePlugin>| plugin.is_some_and(|plugin| plugin.merge);
    let merged = |releaser: Releaser| match releaser {
        Releaser::Artifact(_) => true,
        Releaser::Package(index) => {
            let plugin = match packages[index].release_type() {
                "rust" => cargo_plugin,
                "node" => node_plugin,
                kind if in_scope(kind) => maven_plugin,
                _ => None,
            };
            in_workspace(releaser)
                && merges(plugin)
                && !planned_before[index]
                && planned[index].is_some()
        }
    };
    let name = |releaser: Releaser| match releaser {
        Releaser::Package(index) => names[index].as_deref().unwrap_or_default(),
        Releaser::Artifact(at) => maven_workspace.artifacts[at].0.name.as_str(),
    };
    let mut order: Vec<Releaser> = (0..packages.len())
        .map(Releaser::Package)
        .chain((0..artifacts.len()).map(Releaser::Artifact))
        .collect();
    // Other packages first, in the configuration's order; then the
    // workspaces' packages by name.
    order.sort_by(|&a, &b| match (in_workspace(a), in_workspace(b)) {
        (true, true) => release::name_order(name(a), name(b)),
        (true, false) => std::cmp::Ordering::Greater,
        (false, true) => std::cmp::Ordering::Less,
        (false, false) => a.cmp(&b),
    });
    let order = order
        .into_iter()
        .map(|releaser| Joining {
            releaser,
            workspace: in_workspace(releaser),
            merged: merged(releaser),
        })
        .collect();
    Ok(Joined { order, artifacts })
}

/// What releases: a package of the configuration (by its position), or an
/// artifact that `maven-workspace` releases and no package holds (by its
/// position among [`Joined::artifacts`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Releaser {
    Package(usize),
    Artifact(usize),
}

/// One releaser in the order of the releases, and how it is grouped.
#[derive(Clone, Copy, Debug)]
pub(super) struct Joining {
    pub(super) releaser: Releaser,
    /// Whether it belongs to a workspace plugin.
    pub(super) workspace: bool,
    /// Whether it releases only for a workspace dependency, with the
    /// plugin's `merge: true`: Release Please gathers those into one PR
    /// when the PRs are otherwise separate.
    pub(super) merged: bool,
}

/// The releases' order and grouping that [`release_together`] decides, and
/// the artifacts' releases.
pub(super) struct Joined {
    /// Every releaser in the order of the releases: the packages outside
    /// workspaces first, in the configuration's order, then the
    /// workspaces' by name.
    pub(super) order: Vec<Joining>,
    /// The releases of the artifacts no package holds.
    pub(super) artifacts: Vec<(PackageRelease, Naming)>,
}

/// The `### Dependencies` notes of a package released with others: what
/// `cargo-workspace` or `node-workspace` changes in its manifest.
pub(super) fn dependency_notes(
    repo: &dyn Source,
    package: &Package,
    together: Together<'_>,
) -> Result<String> {
    let release_type = package.release_type();
    let (file, versions) = match (release_type, together.cargo_dependencies) {
        ("rust", true) => ("Cargo.toml", together.crates),
        ("node", _) => ("package.json", together.node),
        (kind, _) if in_scope(kind) => ("pom.xml", together.maven),
        _ => return Ok(String::new()),
    };
    let Some(versions) = versions else {
        return Ok(String::new());
    };
    let display = package.file(file);
    let Some(text) = repo.read(&display)? else {
        return Ok(String::new());
    };
    if file == "pom.xml" {
        let moved = release::set_maven_dependencies(&text, versions).1;
        return Ok(release::maven_dependency_notes(&moved));
    }
    Ok(if release_type == "rust" {
        release::dependency_notes(&release::set_cargo_dependencies(&display, &text, versions)?.1)
    } else {
        release::dependency_notes(
            &release::set_node_dependencies(&display, &text, versions, together.node_peers)?.1,
        )
    })
}
