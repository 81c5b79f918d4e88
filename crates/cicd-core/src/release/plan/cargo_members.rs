//! The crates of a Cargo workspace, for the `cargo-workspace` plugin: the
//! folders the root manifest's `[workspace] members` globs name (less
//! `exclude`), each with its own `Cargo.toml` the branch has, and the root
//! package.

use toml::Value;

use super::Said;
use crate::release::strategy::Source;
use crate::release::{Member, cargo_member, glob};
use crate::{Error, Result};

/// The workspace's crates; none (and a warning) when the repository has no
/// root `Cargo.toml` with a `[workspace]`.
pub(super) fn cargo_members(source: &dyn Source, said: &Said) -> Result<Vec<Member>> {
    let Some(text) = source.read("Cargo.toml")? else {
        said.warn(
            "`cargo-workspace`: the repository has no root Cargo.toml; no workspace to follow",
        );
        return Ok(Vec::new());
    };
    let root: toml::Table = text
        .parse()
        .map_err(|err: toml::de::Error| Error::VersionFile {
            path: "Cargo.toml".to_owned(),
            what: format!("not TOML: {}", err.message()),
        })?;
    let Some(workspace) = root.get("workspace").and_then(Value::as_table) else {
        said.warn(
            "`cargo-workspace`: the root Cargo.toml has no `[workspace]`; no workspace to follow",
        );
        return Ok(Vec::new());
    };
    let patterns = |key: &str| -> Vec<String> {
        workspace
            .get(key)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .map(|pattern| {
                pattern
                    .trim_start_matches("./")
                    .trim_end_matches('/')
                    .to_owned()
            })
            .collect()
    };
    // Every folder below the root with a Cargo.toml, by name.
    let crates: Vec<String> = source
        .files(".")?
        .into_iter()
        .filter_map(|file| file.strip_suffix("/Cargo.toml").map(str::to_owned))
        .collect();
    let excluded = patterns("exclude");
    let mut folders: Vec<String> = Vec::new();
    for pattern in patterns("members") {
        let segments: Vec<&str> = pattern
            .split('/')
            .filter(|segment| !segment.is_empty())
            .collect();
        let mut found: Vec<&String> = crates
            .iter()
            .filter(|folder| {
                let names: Vec<&str> = folder.split('/').collect();
                matches(&segments, &names)
            })
            .collect();
        found.sort();
        for folder in found {
            if !folders.contains(folder) && !excluded.contains(folder) {
                folders.push(folder.clone());
            }
        }
    }
    if root.contains_key("package") {
        folders.push(".".to_owned());
    }
    let mut members = Vec::new();
    for folder in folders {
        let manifest = if folder == "." {
            "Cargo.toml".to_owned()
        } else {
            format!("{folder}/Cargo.toml")
        };
        let Some(text) = source.read(&manifest)? else {
            continue;
        };
        if let Some(member) = cargo_member(&manifest, &text, &folder)? {
            members.push(member);
        }
    }
    Ok(members)
}

/// Whether the folder `names` matches the pattern `segments`: `**` any
/// number of folders, a glob segment one folder (not hidden, not
/// `target`), any other segment that folder itself.
fn matches(segments: &[&str], names: &[&str]) -> bool {
    let wild = |name: &str| !name.starts_with('.') && name != "target";
    match (segments.split_first(), names.split_first()) {
        (None, None) => true,
        (None, Some(_)) => false,
        (Some((&"**", rest)), _) => {
            matches(rest, names)
                || names
                    .split_first()
                    .is_some_and(|(name, more)| wild(name) && matches(segments, more))
        }
        (Some(_), None) => false,
        (Some((segment, rest)), Some((name, more))) => {
            let one = if segment.contains(['*', '?', '[']) {
                wild(name) && glob::segment_matches(segment, name)
            } else {
                segment == name
            };
            one && matches(rest, more)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::release::strategy::Snapshot;

    fn manifest(name: &str) -> String {
        format!("[package]\nname = \"{name}\"\nversion = \"1.0.0\"\n")
    }

    #[test]
    fn members_are_the_globbed_folders_the_branch_has() {
        let source = Snapshot::new([
            (
                "Cargo.toml".to_owned(),
                "[workspace]\nmembers = [\"crates/*\", \"tools/**\"]\nexclude = [\"crates/old\"]\n"
                    .to_owned(),
            ),
            ("crates/b/Cargo.toml".to_owned(), manifest("b")),
            ("crates/a/Cargo.toml".to_owned(), manifest("a")),
            ("crates/old/Cargo.toml".to_owned(), manifest("old")),
            ("crates/.hidden/Cargo.toml".to_owned(), manifest("hidden")),
            ("tools/x/y/Cargo.toml".to_owned(), manifest("y")),
            ("other/Cargo.toml".to_owned(), manifest("other")),
        ]);
        let said = Said::default();
        let names: Vec<String> = cargo_members(&source, &said)
            .unwrap()
            .into_iter()
            .map(|member| member.name)
            .collect();
        assert_eq!(names, ["a", "b", "y"]);
        let none = Snapshot::new([("Cargo.toml", "[package]\nname = \"x\"\n")]);
        assert!(cargo_members(&none, &said).unwrap().is_empty());
        assert!(said.warnings()[0].contains("has no `[workspace]`"));
    }

    #[test]
    fn a_double_star_matches_any_depth() {
        assert!(matches(&["**"], &["a", "b"]));
        assert!(matches(&["a", "**", "c"], &["a", "c"]));
        assert!(matches(&["a", "**", "c"], &["a", "b", "x", "c"]));
        assert!(!matches(&["a", "*"], &["a", ".git"]));
        assert!(!matches(&["a"], &["a", "b"]));
    }
}
