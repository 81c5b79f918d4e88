//! The `node-workspace` plugin: when a package of the configuration
//! releases, every node package that depends on it releases too (the bump
//! its versioning gives a change), with the new versions in its
//! `package.json` (range prefixes kept, `workspace:` and other protocol specs
//! left to the package manager), in the root `package-lock.json`, and a
//! `### Dependencies` section in its notes.

use std::collections::{BTreeMap, BTreeSet};

use semver::Version;
use serde_json::Value;

use super::json_edit;
use super::workspace::{DependencyChange, Member};
use crate::{Error, Result};

/// The dependency maps of a `package.json`, in the order Release Please
/// lists them in notes.
const KINDS: [&str; 4] = [
    "dependencies",
    "devDependencies",
    "peerDependencies",
    "optionalDependencies",
];

fn parse(path: &str, text: &str) -> Result<Value> {
    serde_json::from_str(text).map_err(|err| Error::VersionFile {
        path: path.to_owned(),
        what: format!("not JSON: {err}"),
    })
}

/// The package a `package.json` declares, and the packages it depends on
/// (`peerDependencies` only with `peers`).
///
/// # Errors
///
/// [`Error::VersionFile`] when the text is not JSON.
pub fn node_member(path: &str, text: &str, folder: &str, peers: bool) -> Result<Option<Member>> {
    let json = parse(path, text)?;
    let Some(name) = json.get("name").and_then(Value::as_str) else {
        return Ok(None);
    };
    let version = json
        .get("version")
        .and_then(Value::as_str)
        .and_then(|version| Version::parse(version).ok());
    let depends_on: BTreeSet<String> = KINDS
        .iter()
        .filter(|kind| peers || **kind != "peerDependencies")
        .filter_map(|kind| json.get(*kind).and_then(Value::as_object))
        .flat_map(|map| map.keys().cloned())
        .collect();
    Ok(Some(Member {
        name: name.to_owned(),
        path: folder.to_owned(),
        version,
        depends_on,
    }))
}

/// The range that follows `version` as `spec` followed the old one: its
/// prefix (`^`, `~`, `>=`, `<=`, `>`, `<`) and the new version; `None` for a
/// protocol spec (`workspace:`, `file:`, `npm:`…), which is left as it is.
fn follow(spec: &str, version: &Version) -> Option<String> {
    let protocol = spec.split_once(':').is_some_and(|(scheme, _)| {
        !scheme.is_empty() && scheme.bytes().all(|b| b.is_ascii_lowercase())
    });
    if protocol {
        return None;
    }
    let prefix = ["^", "~", ">=", "<=", ">", "<"]
        .into_iter()
        .find(|prefix| spec.starts_with(prefix))
        .unwrap_or("");
    Some(format!("{prefix}{version}"))
}

/// A node package's `samples/package.json`, as Release Please's node
/// strategy updates it: its `dependencies` entry on `name`, when set, becomes
/// `^version`; every other byte is kept.
///
/// ```
/// let text = "{\n  \"dependencies\": {\"@acme/widget\": \"^1.2.3\", \"left\": \"1\"}\n}\n";
/// let version = semver::Version::new(1, 3, 0);
/// let updated = cicd_core::release::set_samples_dependency("samples/package.json", text, "@acme/widget", &version)?;
/// assert_eq!(updated, text.replace("^1.2.3", "^1.3.0"));
/// # Ok::<(), cicd_core::Error>(())
/// ```
///
/// # Errors
///
/// [`Error::VersionFile`] when the text is not JSON.
pub fn set_samples_dependency(
    path: &str,
    text: &str,
    name: &str,
    version: &Version,
) -> Result<String> {
    let json = parse(path, text)?;
    // Release Please skips an unset or empty entry (JavaScript's truth).
    let set = json
        .get("dependencies")
        .and_then(|dependencies| dependencies.get(name))
        .is_some_and(super::files::js_truthy);
    let steps = [
        json_edit::Step::Key("dependencies"),
        json_edit::Step::Key(name),
    ];
    match json_edit::value_span_at(text, &steps).filter(|_| set) {
        Some((start, end)) => Ok(format!(
            "{}{}{}",
            &text[..start],
            Value::String(format!("^{version}")),
            &text[end..]
        )),
        None => Ok(text.to_owned()),
    }
}

/// In a `package.json`, every dependency on a package of `versions` follows
/// its new version (`peerDependencies` only with `peers`); every other byte
/// is kept. The changes, with `workspace:` specs reported as `bumped to` the
/// version the package manager will write.
///
/// # Errors
///
/// [`Error::VersionFile`] when the text is not JSON.
pub fn set_node_dependencies(
    path: &str,
    text: &str,
    versions: &BTreeMap<String, Version>,
    peers: bool,
) -> Result<(String, Vec<DependencyChange>)> {
    let json = parse(path, text)?;
    let mut out = text.to_owned();
    let mut changes = Vec::new();
    for kind in KINDS {
        if kind == "peerDependencies" && !peers {
            continue;
        }
        let Some(map) = json.get(kind).and_then(Value::as_object) else {
            continue;
        };
        let order = json_edit::object_keys(text, &[kind]).unwrap_or_default();
        for name in order {
            let (Some(version), Some(spec)) =
                (versions.get(&name), map.get(&name).and_then(Value::as_str))
            else {
                continue;
            };
            match follow(spec, version) {
                Some(new) if new != spec => {
                    if let Some(updated) = json_edit::replace_string(&out, &[kind, &name], &new) {
                        out = updated;
                        changes.push(DependencyChange {
                            kind,
                            name: name.clone(),
                            from: spec.to_owned(),
                            to: new,
                        });
                    }
                }
                Some(_) => {}
                None if spec.starts_with("workspace:") => changes.push(DependencyChange {
                    kind,
                    name: name.clone(),
                    from: String::new(),
                    to: version.to_string(),
                }),
                None => {}
            }
        }
    }
    Ok((out, changes))
}

/// In a root `package-lock.json` (v2, v3), each workspace package of
/// `versions` (`node_modules/<name>`, followed through its link) gets its new
/// version and its dependencies follow theirs, as in its `package.json`.
///
/// # Errors
///
/// [`Error::VersionFile`] when the text is not JSON.
pub fn set_node_lock_versions(
    path: &str,
    text: &str,
    versions: &BTreeMap<String, Version>,
    peers: bool,
) -> Result<String> {
    let json = parse(path, text)?;
    let Some(packages) = json.get("packages").and_then(Value::as_object) else {
        return Ok(text.to_owned());
    };
    let mut out = text.to_owned();
    for (name, version) in versions {
        let installed = format!("node_modules/{name}");
        let Some(entry) = packages.get(&installed) else {
            continue;
        };
        let key = match (
            entry.get("link").and_then(Value::as_bool),
            entry.get("resolved").and_then(Value::as_str),
        ) {
            (Some(true), Some(target)) if packages.contains_key(target) => target.to_owned(),
            _ => installed,
        };
        if let Some(updated) =
            json_edit::replace_string(&out, &["packages", &key, "version"], &version.to_string())
        {
            out = updated;
        }
        let Some(target) = packages.get(&key) else {
            continue;
        };
        for kind in KINDS {
            if kind == "peerDependencies" && !peers {
                continue;
            }
            let Some(map) = target.get(kind).and_then(Value::as_object) else {
                continue;
            };
            for (dependency, spec) in map {
                let (Some(new_version), Some(spec)) = (versions.get(dependency), spec.as_str())
                else {
                    continue;
                };
                if let Some(new) = follow(spec, new_version).filter(|new| new != spec) {
                    if let Some(updated) =
                        json_edit::replace_string(&out, &["packages", &key, kind, dependency], &new)
                    {
                        out = updated;
                    }
                }
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn versions() -> BTreeMap<String, Version> {
        [("@acme/a", "1.1.0"), ("@acme/b", "2.0.1")]
            .into_iter()
            .map(|(name, version)| (name.to_owned(), Version::parse(version).unwrap()))
            .collect()
    }

    #[test]
    fn ranges_follow_and_protocols_stay() {
        let package = "{\n  \"name\": \"@acme/c\",\n  \"version\": \"0.3.0\",\n  \"dependencies\": {\"@acme/b\": \"~2.0.0\", \"left\": \"^1\", \"@acme/a\": \"workspace:*\"},\n  \"devDependencies\": {\"@acme/a\": \">= 1.0.0\"},\n  \"peerDependencies\": {\"@acme/b\": \"*\"},\n  \"optionalDependencies\": {\"@acme/a\": \"file:../a\"}\n}\n";
        let (text, changes) =
            set_node_dependencies("c/package.json", package, &versions(), false).unwrap();
        assert_eq!(
            text,
            package
                .replace("\"~2.0.0\"", "\"~2.0.1\"")
                .replace("\">= 1.0.0\"", "\">=1.1.0\"")
        );
        assert_eq!(
            super::super::workspace::dependency_notes(&changes),
            "* The following workspace dependencies were updated\n  * dependencies\n    * @acme/b bumped from ~2.0.0 to ~2.0.1\n    * @acme/a bumped to 1.1.0\n  * devDependencies\n    * @acme/a bumped from >= 1.0.0 to >=1.1.0"
        );
        let (peered, _) =
            set_node_dependencies("c/package.json", package, &versions(), true).unwrap();
        assert!(peered.contains("\"peerDependencies\": {\"@acme/b\": \"2.0.1\"}"));
        let member = node_member("c/package.json", package, "c", false)
            .unwrap()
            .unwrap();
        assert!(member.depends_on.contains("@acme/a") && !member.depends_on.contains("@acme/x"));
    }

    #[test]
    fn lockfiles_follow_links_to_the_workspace_entries() {
        let lock = "{\n  \"lockfileVersion\": 3,\n  \"packages\": {\n    \"\": {\"name\": \"mono\"},\n    \"node_modules/@acme/a\": {\"resolved\": \"packages/a\", \"link\": true},\n    \"node_modules/@acme/b\": {\"resolved\": \"packages/b\", \"link\": true},\n    \"packages/a\": {\"name\": \"@acme/a\", \"version\": \"1.0.0\"},\n    \"packages/b\": {\"name\": \"@acme/b\", \"version\": \"2.0.0\", \"dependencies\": {\"@acme/a\": \"^1.0.0\"}}\n  }\n}\n";
        let updated =
            set_node_lock_versions("package-lock.json", lock, &versions(), false).unwrap();
        assert_eq!(
            updated,
            lock.replace("\"version\": \"1.0.0\"", "\"version\": \"1.1.0\"")
                .replace("\"version\": \"2.0.0\"", "\"version\": \"2.0.1\"")
                .replace("\"^1.0.0\"", "\"^1.1.0\"")
        );
        assert!(set_node_lock_versions("package-lock.json", "{", &versions(), false).is_err());
    }
}
