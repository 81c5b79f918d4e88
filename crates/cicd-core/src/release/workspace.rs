//! The `cargo-workspace` plugin: when a crate of a Cargo workspace releases,
//! every crate that depends on it (through any dependency table, target ones
//! included) releases too, with a patch bump; the dependents' manifests get
//! the new versions where they pin one next to a `path`, and their notes a
//! `### Dependencies` section saying what moved.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use semver::Version;
use toml_edit::{DocumentMut, Item};

use super::files::set_string;
use crate::{Error, Result};

/// A crate of the workspace.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Member {
    /// Its `[package].name`.
    pub name: String,
    /// Its folder, relative to the repository (`.` for the root).
    pub path: String,
    /// Its `[package].version`, when it is a plain version.
    pub version: Option<Version>,
    /// The members it depends on, by name (any table, renamed ones by their
    /// `package`).
    pub depends_on: BTreeSet<String>,
}

/// The dependency tables of a manifest, as `(kind, table)`: the three
/// top-level ones, then each target's.
fn dependency_tables(document: &DocumentMut) -> Vec<(&'static str, &dyn toml_edit::TableLike)> {
    const KINDS: [&str; 3] = ["dependencies", "dev-dependencies", "build-dependencies"];
    let mut tables = Vec::new();
    for kind in KINDS {
        if let Some(table) = document.get(kind).and_then(Item::as_table_like) {
            tables.push((kind, table));
        }
    }
    if let Some(targets) = document.get("target").and_then(Item::as_table_like) {
        for (_, target) in targets.iter() {
            for kind in KINDS {
                if let Some(table) = target.get(kind).and_then(Item::as_table_like) {
                    tables.push((kind, table));
                }
            }
        }
    }
    tables
}

/// The crate a member's manifest declares; `None` for a virtual manifest
/// (no `[package]`).
///
/// # Errors
///
/// [`Error::VersionFile`] when the text is not TOML.
pub fn cargo_member(path: &str, text: &str, folder: &str) -> Result<Option<Member>> {
    let document: DocumentMut = text.parse().map_err(|err| Error::VersionFile {
        path: path.to_owned(),
        what: format!("not TOML: {err}"),
    })?;
    let Some(package) = document.get("package") else {
        return Ok(None);
    };
    let Some(name) = package.get("name").and_then(Item::as_str) else {
        return Ok(None);
    };
    let version = package
        .get("version")
        .and_then(Item::as_str)
        .and_then(|version| Version::parse(version).ok());
    let mut depends_on = BTreeSet::new();
    for (_, table) in dependency_tables(&document) {
        for (key, value) in table.iter() {
            let renamed = value
                .as_table_like()
                .and_then(|spec| spec.get("package"))
                .and_then(Item::as_str);
            depends_on.insert(renamed.unwrap_or(key).to_owned());
        }
    }
    Ok(Some(Member {
        name: name.to_owned(),
        path: folder.to_owned(),
        version,
        depends_on,
    }))
}

/// The members that depend, directly or not, on one of `released` (names)
/// and are not among them, sorted by name as Release Please sorts them.
pub fn dependents(members: &[Member], released: &[&str]) -> Vec<String> {
    let names: BTreeSet<&str> = members.iter().map(|member| member.name.as_str()).collect();
    let mut reverse: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for member in members {
        for dependency in &member.depends_on {
            if names.contains(dependency.as_str()) {
                reverse.entry(dependency).or_default().push(&member.name);
            }
        }
    }
    let mut seen: BTreeSet<&str> = released.iter().copied().collect();
    let mut queue: VecDeque<&str> = released.iter().copied().collect();
    let mut found = Vec::new();
    while let Some(name) = queue.pop_front() {
        for &dependent in reverse.get(name).into_iter().flatten() {
            if seen.insert(dependent) {
                found.push(dependent.to_owned());
                queue.push_back(dependent);
            }
        }
    }
    found.sort_by(|a, b| crate::changelog::collation_order(a, b));
    found
}

/// Compare package names as Release Please orders them (`localeCompare`).
pub fn name_order(a: &str, b: &str) -> std::cmp::Ordering {
    crate::changelog::collation_order(a, b)
}

/// A dependency requirement a release changed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DependencyChange {
    /// `dependencies`, `dev-dependencies` or `build-dependencies` (a
    /// target's tables under the same names).
    pub kind: &'static str,
    /// The dependency's key.
    pub name: String,
    /// The requirement before (`=2.0.0`, `0.3`).
    pub from: String,
    /// The version after.
    pub to: String,
}

/// In a member's manifest, pin every dependency on a crate of `versions`
/// that has both a `path` and a `version` to its new version (other forms
/// follow the workspace by themselves), keeping the rest of the file; and
/// the changes made.
///
/// # Errors
///
/// [`Error::VersionFile`] when the text is not TOML.
pub fn set_cargo_dependencies(
    path: &str,
    text: &str,
    versions: &BTreeMap<String, Version>,
) -> Result<(String, Vec<DependencyChange>)> {
    let mut document: DocumentMut = text.parse().map_err(|err| Error::VersionFile {
        path: path.to_owned(),
        what: format!("not TOML: {err}"),
    })?;
    let mut changes = Vec::new();
    let mut edit = |kind: &'static str, table: &mut dyn toml_edit::TableLike| {
        for (key, value) in table.iter_mut() {
            let Some(spec) = value.as_table_like_mut() else {
                continue;
            };
            let crate_name = spec
                .get("package")
                .and_then(Item::as_str)
                .unwrap_or(key.get())
                .to_owned();
            let Some(version) = versions.get(&crate_name) else {
                continue;
            };
            if spec.get("path").is_none() {
                continue;
            }
            let Some(item) = spec.get_mut("version") else {
                continue;
            };
            let from = item.as_str().unwrap_or_default().to_owned();
            let to = version.to_string();
            if from != to && set_string(item, &to) {
                changes.push(DependencyChange {
                    kind,
                    name: key.get().to_owned(),
                    from,
                    to,
                });
            }
        }
    };
    const KINDS: [&str; 3] = ["dependencies", "dev-dependencies", "build-dependencies"];
    for kind in KINDS {
        if let Some(table) = document.get_mut(kind).and_then(Item::as_table_like_mut) {
            edit(kind, table);
        }
    }
    if let Some(targets) = document.get_mut("target").and_then(Item::as_table_like_mut) {
        for (_, target) in targets.iter_mut() {
            for kind in KINDS {
                if let Some(table) = target.get_mut(kind).and_then(Item::as_table_like_mut) {
                    edit(kind, table);
                }
            }
        }
    }
    Ok((document.to_string(), changes))
}

/// The notes of dependency changes, as Release Please words them:
/// `* The following workspace dependencies were updated`, then each kind and
/// its `<name> bumped from <old> to <new>` lines; empty without changes.
pub fn dependency_notes(changes: &[DependencyChange]) -> String {
    let mut kinds: Vec<(&str, Vec<String>)> = Vec::new();
    for change in changes {
        // A `workspace:` spec has no version of its own to come from.
        let line = if change.from.is_empty() {
            format!("    * {} bumped to {}", change.name, change.to)
        } else {
            format!(
                "    * {} bumped from {} to {}",
                change.name, change.from, change.to
            )
        };
        match kinds.iter_mut().find(|(kind, _)| *kind == change.kind) {
            Some((_, lines)) if lines.contains(&line) => {}
            Some((_, lines)) => lines.push(line),
            None => kinds.push((change.kind, vec![line])),
        }
    }
    if kinds.is_empty() {
        return String::new();
    }
    let mut out = String::from("* The following workspace dependencies were updated");
    for (kind, lines) in kinds {
        out.push_str(&format!("\n  * {kind}"));
        for line in lines {
            out.push('\n');
            out.push_str(&line);
        }
    }
    out
}

/// Release notes with `dependency_notes` added: at the end of their
/// `### Dependencies` section when they have one, else in a new one at the
/// end. (Release Please pastes the notes in a second time, losing the
/// dependency lines, when another section follows its `### Dependencies`.)
pub fn with_dependency_notes(notes: &str, dependency_notes: &str) -> String {
    if dependency_notes.is_empty() {
        return notes.to_owned();
    }
    if notes.trim().is_empty() {
        return format!("### Dependencies\n\n{dependency_notes}");
    }
    let lines: Vec<&str> = notes.split('\n').collect();
    let Some(start) = lines
        .iter()
        .position(|line| line.trim_end() == "### Dependencies")
    else {
        return format!("{notes}\n\n\n### Dependencies\n\n{dependency_notes}");
    };
    // The section ends at the next heading; its entries before the blank
    // lines that separate it from that heading.
    let next = lines[start + 1..]
        .iter()
        .position(|line| line.starts_with('#'))
        .map(|offset| start + 1 + offset);
    match next {
        None => format!("{}\n{dependency_notes}", notes.trim_end_matches('\n')),
        Some(next) => {
            let mut end = next;
            while end > start + 1 && lines[end - 1].trim().is_empty() {
                end -= 1;
            }
            let mut out: Vec<&str> = lines[..end].to_vec();
            out.push(dependency_notes);
            out.extend(&lines[end..]);
            out.join("\n")
        }
    }
}

/// The version a crate releases at when only its dependencies moved: the
/// next patch of its manifest's version, keeping a pre-release.
pub fn dependency_bump(version: &Version) -> Version {
    let mut next = version.clone();
    next.patch += 1;
    next
}

#[cfg(test)]
mod tests {
    use super::*;

    const APP: &str = "[package]\nname = \"acme-app\"\nversion = \"0.4.0\"\n\n[dependencies]\nacme-core = { path = \"../core\", version = \"1.2.3\" }  # keep comment\nacme-sys = { version = \"=2.0.0\", path = \"../sys\", features = [\"x\"] }\nserde = \"1\"\nacme-str = \"1.2.3\"\n\n[dev-dependencies]\nacme-util = { path = \"../util\", version = \"0.3\" }\n\n[target.'cfg(unix)'.dependencies]\nacme-tgt = { path = \"../tgt\", version = \"0.1.0\" }\n\n[dependencies.renamed]\npackage = \"acme-ren\"\npath = \"../ren\"\nversion = '1.0.0'\n";

    fn versions() -> BTreeMap<String, Version> {
        [
            ("acme-core", "1.2.4"),
            ("acme-sys", "2.0.1"),
            ("acme-util", "0.3.1"),
            ("acme-str", "1.2.4"),
            ("acme-tgt", "0.1.1"),
            ("acme-ren", "1.1.0"),
        ]
        .into_iter()
        .map(|(name, version)| (name.to_owned(), Version::parse(version).unwrap()))
        .collect()
    }

    #[test]
    fn path_and_version_dependencies_move_and_say_so() {
        let (text, changes) = set_cargo_dependencies("app/Cargo.toml", APP, &versions()).unwrap();
        assert_eq!(
            text,
            APP.replace(
                "version = \"1.2.3\" }  # keep",
                "version = \"1.2.4\" }  # keep"
            )
            .replace("\"=2.0.0\"", "\"2.0.1\"")
            .replace("\"0.3\"", "\"0.3.1\"")
            .replace("\"0.1.0\" }", "\"0.1.1\" }")
            .replace("'1.0.0'", "\"1.1.0\"")
        );
        assert_eq!(
            dependency_notes(&changes),
            "* The following workspace dependencies were updated\n  * dependencies\n    * acme-core bumped from 1.2.3 to 1.2.4\n    * acme-sys bumped from =2.0.0 to 2.0.1\n    * renamed bumped from 1.0.0 to 1.1.0\n    * acme-tgt bumped from 0.1.0 to 0.1.1\n  * dev-dependencies\n    * acme-util bumped from 0.3 to 0.3.1"
        );
        assert_eq!(dependency_notes(&[]), "");
    }

    #[test]
    fn dependents_are_found_through_every_table_and_sorted() {
        let member = |name: &str, deps: &[&str]| Member {
            name: name.to_owned(),
            path: name.to_owned(),
            version: Some(Version::new(1, 0, 0)),
            depends_on: deps.iter().map(|dep| (*dep).to_owned()).collect(),
        };
        let members = [
            member("core", &[]),
            member("zeta", &["mid"]),
            member("mid", &["core", "serde"]),
            member("Alpha", &["core"]),
            member("lonely", &[]),
        ];
        assert_eq!(dependents(&members, &["core"]), ["Alpha", "mid", "zeta"]);
        assert!(dependents(&members, &["lonely"]).is_empty());
        let parsed = cargo_member("app/Cargo.toml", APP, "app").unwrap().unwrap();
        assert!(parsed.depends_on.contains("acme-ren") && parsed.depends_on.contains("acme-tgt"));
        assert_eq!(
            cargo_member("Cargo.toml", "[workspace]\nmembers = []\n", ".").unwrap(),
            None
        );
        assert_eq!(
            dependency_bump(&Version::parse("1.0.0-alpha.1").unwrap()).to_string(),
            "1.0.1-alpha.1"
        );
    }

    #[test]
    fn dependency_notes_join_the_notes() {
        let dependencies = "* The following workspace dependencies were updated\n  * dependencies\n    * a bumped from 1 to 2";
        let header = "## [0.3.1](https://x/compare/a...b) (2024-05-01)";
        assert_eq!(
            with_dependency_notes(header, dependencies),
            format!("{header}\n\n\n### Dependencies\n\n{dependencies}")
        );
        let existing = format!(
            "{header}\n\n\n### Dependencies\n\n* **app:** bump serde\n\n\n### Bug Fixes\n\n* x"
        );
        assert_eq!(
            with_dependency_notes(&existing, dependencies),
            format!(
                "{header}\n\n\n### Dependencies\n\n* **app:** bump serde\n{dependencies}\n\n\n### Bug Fixes\n\n* x"
            )
        );
        let last = format!("{header}\n\n\n### Dependencies\n\n* **app:** bump serde");
        assert_eq!(
            with_dependency_notes(&last, dependencies),
            format!("{last}\n{dependencies}")
        );
        assert_eq!(with_dependency_notes(header, ""), header);
    }
}
