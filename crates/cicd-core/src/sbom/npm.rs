//! `package-lock.json` and `npm-shrinkwrap.json`, v1 to v3: packages by
//! install path (`node_modules/a/node_modules/b`; workspaces by folder), each
//! dependency resolved as Node resolves it (the nearest `node_modules` up
//! the path), links followed to their targets; v1's nested `dependencies`
//! read into the same paths. One version installed at two paths is two
//! components with one purl, so the graph stays exact.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::purl::Purl;
use super::{Component, LockKind, Lockfile, Scope, Source, encoding, invalid, line_of};
use crate::Result;

/// One `packages` entry, as read.
struct Entry {
    name: String,
    version: Option<String>,
    resolved: Option<String>,
    integrity: Option<String>,
    link: bool,
    scope: Scope,
    /// Names it depends on (`dependencies`, `optionalDependencies`, and the
    /// `peerDependencies` that are installed).
    dependencies: Vec<String>,
    peers: Vec<String>,
}

pub(super) fn read(path: &str, text: &str, folder: &str) -> Result<Lockfile> {
    let json: Value = serde_json::from_str(text).map_err(|err| {
        let offset = text
            .lines()
            .take(err.line().saturating_sub(1))
            .map(|line| line.len() + 1)
            .sum::<usize>();
        invalid(
            path,
            Some(line_of(text, offset)),
            format!("not valid JSON: {err}"),
        )
    })?;
    let Some(object) = json.as_object() else {
        return Err(invalid(path, Some(1), "expected a JSON object"));
    };
    let version = object.get("lockfileVersion").and_then(Value::as_u64);
    if let Some(version) = version.filter(|version| !(1..=3).contains(version)) {
        return Err(invalid(
            path,
            None,
            format!("lockfileVersion {version} is not one cicd reads (1 to 3)"),
        ));
    }
    let mut entries: BTreeMap<String, Entry> = BTreeMap::new();
    match object.get("packages").and_then(Value::as_object) {
        Some(packages) => {
            for (install, value) in packages {
                let Some(value) = value.as_object() else {
                    return Err(invalid(
                        path,
                        None,
                        format!("`packages[\"{install}\"]` is not an object"),
                    ));
                };
                entries.insert(install.clone(), entry(install, value));
            }
        }
        None => {
            // v1: the root, then `dependencies` nested by install path.
            let mut root = entry("", object);
            root.dependencies = object
                .get("dependencies")
                .and_then(Value::as_object)
                .map(|dependencies| dependencies.keys().cloned().collect())
                .unwrap_or_default();
            entries.insert(String::new(), root);
            if let Some(dependencies) = object.get("dependencies").and_then(Value::as_object) {
                nested(path, "", dependencies, &mut entries)?;
            }
        }
    }
    let root_entry = entries.remove("").unwrap_or_else(|| Entry {
        name: super::cargo::folder_name(folder),
        ..empty()
    });
    let key = |install: &str| install.to_owned();
    let resolve = |from: &str, name: &str| -> Option<String> {
        let mut base = from.to_owned();
        loop {
            let candidate = if base.is_empty() {
                format!("node_modules/{name}")
            } else {
                format!("{base}/node_modules/{name}")
            };
            if let Some(found) = entries.get(&candidate) {
                // A link stands for its target's entry.
                return Some(match (&found.link, &found.resolved) {
                    (true, Some(target)) if entries.contains_key(target) => key(target),
                    _ => key(&candidate),
                });
            }
            if base.is_empty() {
                return None;
            }
            base = match base.rfind("/node_modules/") {
                Some(at) => base[..at].to_owned(),
                None if base.starts_with("node_modules/") => String::new(),
                // A workspace folder resolves from the root next.
                None => String::new(),
            };
        }
    };
    let mut lock_edges = 0;
    let mut edges = |install: &str, entry: &Entry| -> Vec<String> {
        let mut out = Vec::new();
        for name in &entry.dependencies {
            if let Some(target) = resolve(install, name) {
                out.push(target);
                lock_edges += 1;
            }
        }
        for name in &entry.peers {
            if let Some(target) = resolve(install, name) {
                out.push(target);
                lock_edges += 1;
            }
        }
        out
    };
    let mut components = Vec::new();
    for (install, entry) in &entries {
        if entry.link {
            continue;
        }
        let depends_on = edges(install, entry);
        components.push(component(install, entry, depends_on));
    }
    let root_depends = edges("", &root_entry);
    let mut root = component("", &root_entry, root_depends);
    root.key = format!("{folder}/");
    root.source = Source::Path(String::new());
    Ok(Lockfile {
        path: path.to_owned(),
        kind: LockKind::Npm,
        format_version: version.map(|version| version.to_string()),
        sha256: String::new(),
        root,
        components,
        lock_edges,
    })
}

fn empty() -> Entry {
    Entry {
        name: String::new(),
        version: None,
        resolved: None,
        integrity: None,
        link: false,
        scope: Scope::Required,
        dependencies: Vec::new(),
        peers: Vec::new(),
    }
}

/// An entry of `packages` (or the v1 root).
fn entry(install: &str, value: &Map<String, Value>) -> Entry {
    let text = |key: &str| value.get(key).and_then(Value::as_str).map(str::to_owned);
    let flag = |key: &str| value.get(key).and_then(Value::as_bool).unwrap_or(false);
    let names = |key: &str| -> Vec<String> {
        value
            .get(key)
            .and_then(Value::as_object)
            .map(|map| map.keys().cloned().collect())
            .unwrap_or_default()
    };
    let name = text("name").unwrap_or_else(|| match install.rfind("node_modules/") {
        Some(at) => install[at + "node_modules/".len()..].to_owned(),
        None => install.rsplit('/').next().unwrap_or(install).to_owned(),
    });
    let scope = if flag("dev") || flag("devOptional") {
        Scope::Dev
    } else if flag("optional") {
        Scope::Optional
    } else {
        Scope::Required
    };
    let mut dependencies = names("dependencies");
    dependencies.extend(names("optionalDependencies"));
    Entry {
        name,
        version: text("version"),
        resolved: text("resolved"),
        integrity: text("integrity"),
        link: flag("link"),
        scope,
        dependencies,
        peers: names("peerDependencies"),
    }
}

/// v1's nested `dependencies`, under the install path `parent`.
fn nested(
    path: &str,
    parent: &str,
    dependencies: &Map<String, Value>,
    entries: &mut BTreeMap<String, Entry>,
) -> Result<()> {
    for (name, value) in dependencies {
        let Some(value) = value.as_object() else {
            return Err(invalid(
                path,
                None,
                format!("`dependencies[\"{name}\"]` is not an object"),
            ));
        };
        let install = if parent.is_empty() {
            format!("node_modules/{name}")
        } else {
            format!("{parent}/node_modules/{name}")
        };
        let mut read = entry(&install, value);
        read.name = name.clone();
        // v1 `requires`: name → range, resolved like v2 `dependencies`.
        read.dependencies = value
            .get("requires")
            .and_then(Value::as_object)
            .map(|requires| requires.keys().cloned().collect())
            .unwrap_or_default();
        entries.insert(install.clone(), read);
        if let Some(children) = value.get("dependencies").and_then(Value::as_object) {
            nested(path, &install, children, entries)?;
        }
    }
    Ok(())
}

/// The purl of an npm package (`@scope/name` as namespace and name), with
/// its repository as `vcs_url` when it comes from git; shared by the npm,
/// yarn and pnpm readers.
pub(super) fn npm_purl(name: &str, version: Option<&str>, source: &Source) -> Option<String> {
    let (namespace, bare) = match name.split_once('/') {
        Some((scope, bare)) if scope.starts_with('@') => (Some(scope), bare),
        _ => (None, name),
    };
    let mut purl = Purl::new("npm", bare, version);
    if let Some(namespace) = namespace {
        purl = purl.with_namespace(namespace);
    }
    if let Source::Git { url, revision } = source {
        let vcs = match revision {
            Some(revision) => format!("{url}@{revision}"),
            None => url.clone(),
        };
        purl = purl.with_qualifier("vcs_url", &vcs);
    }
    purl.build().ok()
}

fn component(install: &str, entry: &Entry, depends_on: Vec<String>) -> Component {
    let version = entry
        .version
        .as_deref()
        .filter(|version| !version.starts_with("file:") && !version.starts_with("link:"));
    let source = match entry.resolved.as_deref() {
        Some(url) if url.starts_with("git+") || url.starts_with("git:") => {
            let (url, revision) = match url.split_once('#') {
                Some((url, revision)) => (url.to_owned(), Some(revision.to_owned())),
                None => (url.to_owned(), None),
            };
            Source::Git { url, revision }
        }
        Some(url) if url.starts_with("http://") || url.starts_with("https://") => {
            Source::Registry(Some(url.to_owned()))
        }
        Some(other) => Source::Path(other.to_owned()),
        None if !install.contains("node_modules/") && !install.is_empty() => {
            Source::Path(install.to_owned())
        }
        None => Source::Registry(None),
    };
    Component {
        key: install.to_owned(),
        name: entry.name.clone(),
        version: entry.version.clone(),
        purl: npm_purl(&entry.name, version, &source),
        hashes: entry
            .integrity
            .as_deref()
            .map(encoding::sri)
            .unwrap_or_default(),
        scope: entry.scope,
        source,
        depends_on,
        ..Component::default()
    }
}

#[cfg(test)]
mod tests {
    use crate::sbom::{Scope, read_lockfile};

    const V3: &str = r#"{
  "name": "app",
  "version": "1.0.0",
  "lockfileVersion": 3,
  "requires": true,
  "packages": {
    "": {"name": "app", "version": "1.0.0", "workspaces": ["packages/ui"], "dependencies": {"@acme/ui": "*", "ms": "^2.1.0"}, "devDependencies": {"tap": "^1"}},
    "node_modules/@acme/ui": {"resolved": "packages/ui", "link": true},
    "node_modules/ms": {"version": "2.1.3", "resolved": "https://registry.npmjs.org/ms/-/ms-2.1.3.tgz", "integrity": "sha512-6FlzubTLZG3J2a/NVCAleEhjzq5oxgHyaCU9yYXvcLsvoVaHJq/s5xXI6/XXP6tz7R9xAOtHnSO/tXtF3WRTlA=="},
    "node_modules/tap": {"version": "1.0.0", "dev": true, "dependencies": {"ms": "^2.0.0"}},
    "node_modules/tap/node_modules/ms": {"version": "2.0.0", "dev": true},
    "packages/ui": {"name": "@acme/ui", "version": "0.2.0", "dependencies": {"ms": "^2.1.0"}}
  }
}"#;

    #[test]
    fn install_paths_links_and_nested_versions() {
        let lock = read_lockfile("package-lock.json", V3.as_bytes(), None).unwrap();
        assert_eq!(lock.root.name, "app");
        assert_eq!(lock.root.depends_on, ["node_modules/ms", "packages/ui"]);
        let find = |key: &str| lock.components.iter().find(|c| c.key == key).unwrap();
        assert_eq!(
            find("node_modules/tap").depends_on,
            ["node_modules/tap/node_modules/ms"]
        );
        assert_eq!(find("node_modules/tap").scope, Scope::Dev);
        assert_eq!(
            find("packages/ui").purl.as_deref(),
            Some("pkg:npm/%40acme/ui@0.2.0")
        );
        assert_eq!(find("packages/ui").depends_on, ["node_modules/ms"]);
        assert_eq!(find("node_modules/ms").hashes[0].hex.len(), 128);
        assert_eq!(lock.components.len(), 4);
        assert_eq!(lock.lock_edges, 4);
    }

    #[test]
    fn version_one_nests_dependencies() {
        let v1 = r#"{"name": "app", "version": "1.0.0", "lockfileVersion": 1, "dependencies": {
            "a": {"version": "1.0.0", "requires": {"b": "^2"}, "dependencies": {"b": {"version": "2.0.0"}}},
            "b": {"version": "3.0.0", "dev": true}}}"#;
        let lock = read_lockfile("package-lock.json", v1.as_bytes(), None).unwrap();
        let keys: Vec<&str> = lock.components.iter().map(|c| c.key.as_str()).collect();
        assert_eq!(
            keys,
            [
                "node_modules/a",
                "node_modules/a/node_modules/b",
                "node_modules/b"
            ]
        );
        assert_eq!(
            lock.components[0].depends_on,
            ["node_modules/a/node_modules/b"]
        );
        assert_eq!(lock.root.depends_on, ["node_modules/a", "node_modules/b"]);
    }

    #[test]
    fn broken_locks_are_errors_with_the_line() {
        let err = read_lockfile(
            "package-lock.json",
            b"{\n  \"packages\": {\n    \"\": [}\n",
            None,
        )
        .unwrap_err();
        assert!(err.to_string().contains("package-lock.json:3"), "{err}");
        let err =
            read_lockfile("package-lock.json", br#"{"lockfileVersion": 7}"#, None).unwrap_err();
        assert!(err.to_string().contains("lockfileVersion 7"), "{err}");
        assert!(read_lockfile("package-lock.json", b"[]", None).is_err());
    }
}
