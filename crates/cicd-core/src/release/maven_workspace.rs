//! The `maven-workspace` plugin: the Maven artifacts of a repository (one
//! per `pom.xml` that names its own `groupId`, `artifactId` and `version`),
//! what each depends on, and the edits a release makes to the poms that
//! depend on a released artifact.
//!
//! An artifact is named `groupId:artifactId`, as Release Please names it.
//! It depends on the artifacts its `<dependencies>` and
//! `<dependencyManagement>` list with a `<version>` (a dependency without
//! one follows a parent's or a BOM's, which Release Please leaves to Maven).

use std::collections::{BTreeMap, BTreeSet};

use semver::Version;

use super::workspace::Member;
use super::xml::{Step, text_elements};
use crate::{Error, Result};

/// Whether the `maven-workspace` plugin follows packages of this release
/// type (Release Please's list: `java`, `java-bom`, `java-yoshi`,
/// `java-yoshi-mono-repo` and `maven`).
pub fn in_maven_workspace(release_type: &str) -> bool {
    matches!(
        release_type,
        "java" | "java-bom" | "java-yoshi" | "java-yoshi-mono-repo" | "maven"
    )
}

/// The coordinate a `pom.xml` lacks to be an artifact of the workspace.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MissingCoordinate {
    /// No `<project><groupId>` (one inherited from `<parent>` is not read,
    /// as Release Please does not read it).
    GroupId,
    /// No `<project><artifactId>`.
    ArtifactId,
    /// No `<project><version>`.
    Version,
}

impl std::fmt::Display for MissingCoordinate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let element = match self {
            Self::GroupId => "groupId",
            Self::ArtifactId => "artifactId",
            Self::Version => "version",
        };
        write!(f, "no `<project><{element}>`")
    }
}

/// A dependency a pom declares with a version (in `<dependencies>` or
/// `<dependencyManagement>`): its name and its version element's text span.
#[derive(Debug)]
struct Dependency {
    name: String,
    version: (usize, usize),
}

/// The text of a dependency's child elements, gathered as the scan meets
/// them.
#[derive(Default)]
struct Parts {
    group: Option<(usize, usize)>,
    artifact: Option<(usize, usize)>,
    version: Option<(usize, usize)>,
}

/// Where a dependency's child sits: `project/dependencies/dependency/x` or
/// `project/dependencyManagement/dependencies/dependency/x`; the
/// dependency element's ordinal and the child's name.
fn dependency_child<'a>(path: &[Step<'a>]) -> Option<(usize, &'a str)> {
    let names: Vec<&str> = path.iter().map(|step| step.name).collect();
    match names.as_slice() {
        ["project", "dependencies", "dependency", child] => Some((path[2].ordinal, child)),
        [
            "project",
            "dependencyManagement",
            "dependencies",
            "dependency",
            child,
        ] => Some((path[3].ordinal, child)),
        _ => None,
    }
}

/// The dependencies of a pom that have a version, in document order.
fn dependencies(text: &str) -> Vec<Dependency> {
    let mut parts: BTreeMap<usize, Parts> = BTreeMap::new();
    text_elements(text, |path, span| {
        let Some((ordinal, child)) = dependency_child(path) else {
            return;
        };
        let entry = parts.entry(ordinal).or_default();
        match child {
            "groupId" => entry.group = Some(span),
            "artifactId" => entry.artifact = Some(span),
            "version" => entry.version = Some(span),
            _ => {}
        }
    });
    parts
        .into_values()
        .filter_map(|parts| {
            let version = parts.version.filter(|(start, end)| end > start)?;
            let text_of = |span: Option<(usize, usize)>| {
                span.and_then(|(start, end)| text.get(start..end))
                    .unwrap_or("")
            };
            Some(Dependency {
                name: format!("{}:{}", text_of(parts.group), text_of(parts.artifact)),
                version,
            })
        })
        .collect()
}

/// The first text at `project/<element>`.
fn project_text<'a>(text: &'a str, element: &str) -> Option<&'a str> {
    let mut found = None;
    text_elements(text, |path, (start, end)| {
        if found.is_none()
            && path.len() == 2
            && path[0].name == "project"
            && path[1].name == element
        {
            found = text.get(start..end);
        }
    });
    found
}

/// The artifact a `pom.xml` in `folder` (`.` for the root) declares: its
/// name, version (when it is semver, `-SNAPSHOT` included) and the
/// artifacts it depends on with a version.
///
/// # Errors
///
/// The coordinate the pom lacks; Release Please leaves such a pom out of
/// the workspace, with a warning.
pub fn maven_artifact(text: &str, folder: &str) -> std::result::Result<Member, MissingCoordinate> {
    let group = project_text(text, "groupId").ok_or(MissingCoordinate::GroupId)?;
    let artifact = project_text(text, "artifactId").ok_or(MissingCoordinate::ArtifactId)?;
    let version = project_text(text, "version").ok_or(MissingCoordinate::Version)?;
    Ok(Member {
        name: format!("{group}:{artifact}"),
        path: folder.to_owned(),
        version: Version::parse(version).ok(),
        depends_on: dependencies(text)
            .into_iter()
            .map(|dependency| dependency.name)
            .collect(),
    })
}

/// The artifacts to release together: those of `started` and every artifact
/// that depends on one of them, directly or not, in name order (Release
/// Please's `localeCompare`).
///
/// # Errors
///
/// [`Error::Config`] when the dependencies from a started artifact run in
/// a cycle (which Maven refuses too), naming it.
pub fn maven_release_order(members: &[Member], started: &[&str]) -> Result<Vec<String>> {
    let names: BTreeSet<&str> = members.iter().map(|member| member.name.as_str()).collect();
    let mut dependents: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for member in members {
        for dependency in &member.depends_on {
            if let Some(&known) = names.get(dependency.as_str()) {
                dependents.entry(known).or_default().push(&member.name);
            }
        }
    }
    // Depth first from each started artifact, along dependents, with the
    // path walked so far: a name met again on it closes a cycle.
    let mut found: BTreeSet<&str> = BTreeSet::new();
    let mut finished: BTreeSet<&str> = BTreeSet::new();
    for &start in started {
        let Some(&start) = names.get(start) else {
            continue;
        };
        let mut path: Vec<(&str, usize)> = vec![(start, 0)];
        while let Some((name, next)) = path.last_mut() {
            let name = *name;
            let children = dependents.get(name).map(Vec::as_slice).unwrap_or_default();
            if finished.contains(name) || *next >= children.len() {
                finished.insert(name);
                found.insert(name);
                path.pop();
                continue;
            }
            let child = children[*next];
            *next += 1;
            if let Some(at) = path.iter().position(|(on_path, _)| *on_path == child) {
                // Walked along dependents: reversed, each depends on the next.
                let mut cycle: Vec<&str> = path[at..]
                    .iter()
                    .map(|(name, _)| *name)
                    .chain([child])
                    .collect();
                cycle.reverse();
                return Err(Error::Config {
                    origin: "release-please-config.json".to_owned(),
                    what: format!(
                        "`maven-workspace`: the poms' dependencies run in a cycle ({}, each depending on the next); Maven refuses it too: remove one of them",
                        cycle.join(" -> ")
                    ),
                });
            }
            path.push((child, 0));
        }
    }
    let mut order: Vec<String> = found.into_iter().map(str::to_owned).collect();
    order.sort_by(|a, b| crate::changelog::collation_order(a, b));
    Ok(order)
}

/// The version an artifact released only for a dependency gets: its
/// `-SNAPSHOT` dropped (`1.2.4-SNAPSHOT` → `1.2.4`), else the next patch,
/// as Release Please's `JavaSnapshot` over `AlwaysBumpPatch` gives it.
pub fn maven_dependency_bump(version: &Version) -> Version {
    if crate::version::is_snapshot(version) {
        return crate::version::without_snapshot(version.clone());
    }
    let mut next = version.clone();
    next.patch += 1;
    next
}

/// In a pom, set every dependency (managed or not) on an artifact of
/// `versions` to its new version, where it has a `<version>` that differs;
/// the text after, and each artifact moved with its new version (once,
/// in name order).
pub fn set_maven_dependencies(
    text: &str,
    versions: &BTreeMap<String, Version>,
) -> (String, Vec<(String, String)>) {
    let mut out = String::with_capacity(text.len() + 16);
    let mut done = 0;
    let mut moved: BTreeMap<String, String> = BTreeMap::new();
    for dependency in dependencies(text) {
        let Some(version) = versions.get(&dependency.name) else {
            continue;
        };
        let (start, end) = dependency.version;
        let to = version.to_string();
        if text.get(start..end) == Some(to.as_str()) {
            continue;
        }
        out.push_str(&text[done..start]);
        out.push_str(&to);
        done = end;
        moved.insert(dependency.name, to);
    }
    out.push_str(&text[done..]);
    (out, moved.into_iter().collect())
}

/// The `### Dependencies` entry for the artifacts a pom's dependencies
/// moved to, in Release Please's words; empty when none moved. (Release
/// Please separates the lines with commas, an artefact of joining them as
/// a list; they are left out here.)
pub fn maven_dependency_notes(moved: &[(String, String)]) -> String {
    if moved.is_empty() {
        return String::new();
    }
    let mut out = String::from("* The following workspace dependencies were updated");
    for (name, version) in moved {
        out.push_str(&format!("\n    * {name} bumped to {version}"));
    }
    out
}

#[cfg(test)]
mod tests {
    use proptest::strategy::Strategy;

    use super::*;

    const APP: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <parent>
    <groupId>com.acme</groupId>
    <artifactId>parent</artifactId>
    <version>1.0.0</version>
  </parent>
  <groupId>com.acme</groupId>
  <artifactId>app</artifactId>
  <version>2.0.1-SNAPSHOT</version><!-- x-release-please-version -->
  <dependencyManagement>
    <dependencies>
      <dependency>
        <groupId>com.acme</groupId>
        <artifactId>bom</artifactId>
        <version>3.0.0</version>
        <type>pom</type>
      </dependency>
    </dependencies>
  </dependencyManagement>
  <dependencies>
    <dependency>
      <artifactId>core</artifactId>
      <groupId>com.acme</groupId>
      <version> 1.0.0 </version>
    </dependency>
    <dependency>
      <groupId>com.acme</groupId>
      <artifactId>util</artifactId>
    </dependency>
    <dependency>
      <groupId>junit</groupId>
      <artifactId>junit</artifactId>
      <version>4.13</version>
      <scope>test</scope>
    </dependency>
  </dependencies>
</project>
"#;

    fn versions(pairs: &[(&str, &str)]) -> BTreeMap<String, Version> {
        pairs
            .iter()
            .map(|(name, version)| ((*name).to_owned(), Version::parse(version).unwrap()))
            .collect()
    }

    #[test]
    fn an_artifact_is_its_own_coordinates_and_versioned_dependencies() {
        let member = maven_artifact(APP, "app").unwrap();
        assert_eq!(member.name, "com.acme:app");
        assert_eq!(member.path, "app");
        assert_eq!(
            member.version,
            Some(Version::parse("2.0.1-SNAPSHOT").unwrap())
        );
        let depends_on: Vec<&str> = member.depends_on.iter().map(String::as_str).collect();
        // `util` has no version of its own: it is not a dependency here.
        assert_eq!(depends_on, ["com.acme:bom", "com.acme:core", "junit:junit"]);
    }

    #[test]
    fn a_pom_that_inherits_its_group_is_no_artifact() {
        let module = "<project><parent><groupId>g</groupId></parent><artifactId>a</artifactId><version>1.0.0</version></project>";
        assert_eq!(
            maven_artifact(module, "a").unwrap_err(),
            MissingCoordinate::GroupId
        );
        assert_eq!(
            maven_artifact(
                "<project><groupId>g</groupId><artifactId>a</artifactId></project>",
                "."
            )
            .unwrap_err()
            .to_string(),
            "no `<project><version>`"
        );
    }

    #[test]
    fn dependencies_move_to_the_new_versions_and_nothing_else_changes() {
        let (text, moved) = set_maven_dependencies(
            APP,
            &versions(&[
                ("com.acme:core", "1.0.1"),
                ("com.acme:bom", "3.0.0"),
                ("com.acme:util", "9.9.9"),
                ("com.acme:app", "7.0.0"),
            ]),
        );
        assert_eq!(
            text,
            APP.replace("<version> 1.0.0 </version>", "<version> 1.0.1 </version>")
        );
        // `bom` is already there; `util` has no version to set; the pom's
        // own version is not a dependency's.
        assert_eq!(moved, [("com.acme:core".to_owned(), "1.0.1".to_owned())]);
        assert_eq!(
            maven_dependency_notes(&moved),
            "* The following workspace dependencies were updated\n    * com.acme:core bumped to 1.0.1"
        );
        assert_eq!(maven_dependency_notes(&[]), "");
    }

    #[test]
    fn a_dependency_release_drops_the_snapshot_or_bumps_the_patch() {
        let bump = |text: &str| maven_dependency_bump(&Version::parse(text).unwrap()).to_string();
        assert_eq!(bump("1.2.4-SNAPSHOT"), "1.2.4");
        assert_eq!(bump("1.2.4-rc1-SNAPSHOT"), "1.2.4-rc1");
        assert_eq!(bump("1.2.3"), "1.2.4");
        assert_eq!(bump("1.2.3-rc1"), "1.2.4-rc1");
    }

    fn member(name: &str, depends_on: &[&str]) -> Member {
        Member {
            name: name.to_owned(),
            path: name.to_owned(),
            version: None,
            depends_on: depends_on.iter().map(|name| (*name).to_owned()).collect(),
        }
    }

    #[test]
    fn the_release_order_is_the_started_and_their_dependents_by_name() {
        let members = [
            member("g:core", &[]),
            member("g:mid", &["g:core", "x:outside"]),
            member("g:app", &["g:mid"]),
            member("g:alone", &[]),
            member("g:other", &["g:alone"]),
        ];
        assert_eq!(
            maven_release_order(&members, &["g:core"]).unwrap(),
            ["g:app", "g:core", "g:mid"]
        );
        assert_eq!(
            maven_release_order(&members, &["g:mid", "g:alone", "g:unknown"]).unwrap(),
            ["g:alone", "g:app", "g:mid", "g:other"]
        );
    }

    /// Poms made of pieces of real ones, in any order and nesting.
    fn pom_like() -> impl Strategy<Value = String> {
        let pieces = proptest::sample::select(vec![
            "<project>",
            "</project>",
            "<dependencies>",
            "</dependencies>",
            "<dependencyManagement>",
            "</dependencyManagement>",
            "<dependency>",
            "</dependency>",
            "<groupId>g</groupId>",
            "<artifactId>a</artifactId>",
            "<artifactId>b</artifactId>",
            "<version>1.0.0</version>",
            "<version> 2.0.0-SNAPSHOT </version>",
            "<version></version>",
            "<!-- <version>0</version> -->",
            "<x:version>3</x:version>",
            "<scope>test</scope>",
            "<version/>",
            "\n  ",
            "<",
            ">",
        ]);
        proptest::collection::vec(pieces, 0..40).prop_map(|pieces| pieces.concat())
    }

    proptest::proptest! {
        #[test]
        fn setting_dependencies_changes_their_versions_alone(text in pom_like()) {
            let (kept, moved) = set_maven_dependencies(&text, &BTreeMap::new());
            proptest::prop_assert_eq!(&kept, &text);
            proptest::prop_assert!(moved.is_empty());
            let Ok(artifact) = maven_artifact(&text, ".") else {
                return Ok(());
            };
            let versions: BTreeMap<String, Version> = artifact
                .depends_on
                .iter()
                .map(|name| (name.clone(), Version::new(9, 8, 7)))
                .collect();
            let (set, _) = set_maven_dependencies(&text, &versions);
            let again = maven_artifact(&set, ".").expect("still an artifact");
            proptest::prop_assert_eq!(&again.name, &artifact.name);
            proptest::prop_assert_eq!(&again.depends_on, &artifact.depends_on);
            proptest::prop_assert!(set_maven_dependencies(&set, &versions).1.is_empty());
        }

        #[test]
        fn any_text_is_read_or_refused(text in proptest::prelude::any::<String>()) {
            let _ = maven_artifact(&text, ".");
            let _ = set_maven_dependencies(&text, &BTreeMap::new());
        }
    }

    #[test]
    fn a_cycle_is_an_error_that_names_it() {
        let members = [
            member("g:a", &["g:b"]),
            member("g:b", &["g:a"]),
            member("g:c", &[]),
        ];
        let error = maven_release_order(&members, &["g:a"])
            .unwrap_err()
            .to_string();
        assert!(error.contains("g:a -> g:b -> g:a"), "{error}");
        assert!(maven_release_order(&members, &["g:c"]).is_ok());
    }
}
