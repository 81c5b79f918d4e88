//! `package-lock.json` and `npm-shrinkwrap.json`, v1 to v3: packages by
//! install path (`node_modules/a/node_modules/b`; workspaces by folder), each
//! dependency resolved as Node resolves it (the nearest `node_modules` up
//! the path), links followed to their targets; v1's nested `dependencies`
//! read into the same paths. One version installed at two paths is two
//! components with one purl, so the graph stays exact.

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde::Deserialize;

use super::purl::Purl;
use super::{Component, LockKind, Lockfile, Scope, Source, encoding, invalid};
use crate::Result;

mod raw;

use raw::{Object, RawEntry, RawLock, RawNested};

/// One `packages` entry, as read; its text borrowed from the lockfile's
/// wherever it has no escapes, so a lockfile of 230,000 packages costs a
/// few times its size, not twenty.
struct Entry<'a> {
    name: Cow<'a, str>,
    version: Option<Cow<'a, str>>,
    resolved: Option<Cow<'a, str>>,
    integrity: Option<Cow<'a, str>>,
    link: bool,
    scope: Scope,
    /// Names it depends on (`dependencies`, `optionalDependencies`, and the
    /// `peerDependencies` that are installed).
    dependencies: Vec<Cow<'a, str>>,
    peers: Vec<Cow<'a, str>>,
}

pub(super) fn read(path: &str, text: &str, folder: &str) -> Result<Lockfile> {
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let Object(lock) = Object::<RawLock<'_>>::deserialize(&mut deserializer)
        .and_then(|lock| deserializer.end().map(|()| lock))
        .map_err(|err| {
            // Broken JSON is said first, wherever a value of the wrong type
            // stopped the typed reading (checked without building anything).
            let syntax = serde_json::from_str::<serde::de::IgnoredAny>(text).err();
            let (err, what) = match syntax {
                Some(syntax) => (syntax, "not valid JSON"),
                None => (err, "not a package-lock.json"),
            };
            invalid(path, Some(err.line().max(1)), format!("{what}: {err}"))
        })?;
    let version = lock.lockfile_version;
    if let Some(version) = version.filter(|version| !(1..=3).contains(version)) {
        return Err(invalid(
            path,
            None,
            format!("lockfileVersion {version} is not one cicd reads (1 to 3)"),
        ));
    }
    let mut entries: BTreeMap<Cow<'_, str>, Entry<'_>> = BTreeMap::new();
    match lock.packages {
        Some(packages) => {
            for (install, Object(raw)) in packages {
                let entry = entry(&install, raw);
                entries.insert(install, entry);
            }
        }
        None => {
            // v1: the root, then `dependencies` nested by install path.
            let dependencies = lock.dependencies.unwrap_or_default();
            let root = Entry {
                name: lock
                    .name
                    .unwrap_or_else(|| Cow::Owned(super::cargo::folder_name(folder))),
                version: lock.version,
                dependencies: dependencies.keys().cloned().collect(),
                ..empty()
            };
            entries.insert(Cow::Borrowed(""), root);
            nested("", dependencies, &mut entries);
        }
    }
    let root_entry = entries.remove("").unwrap_or_else(|| Entry {
        name: Cow::Owned(super::cargo::folder_name(folder)),
        ..empty()
    });
    let resolve = |from: &str, name: &str| -> Option<String> {
        let mut base = from.to_owned();
        loop {
            let candidate = if base.is_empty() {
                format!("node_modules/{name}")
            } else {
                format!("{base}/node_modules/{name}")
            };
            if let Some(found) = entries.get(candidate.as_str()) {
                // A link stands for its target's entry.
                return Some(match (&found.link, &found.resolved) {
                    (true, Some(target)) if entries.contains_key(target.as_ref()) => {
                        target.to_string()
                    }
                    _ => candidate,
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
    let mut edges = |install: &str, entry: &Entry<'_>| -> Vec<String> {
        let mut out = Vec::new();
        for name in entry.dependencies.iter().chain(&entry.peers) {
            if let Some(target) = resolve(install, name) {
                out.push(target);
                lock_edges += 1;
            }
        }
        out
    };
    let mut components = Vec::with_capacity(entries.len());
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

fn empty<'a>() -> Entry<'a> {
    Entry {
        name: Cow::Borrowed(""),
        version: None,
        resolved: None,
        integrity: None,
        link: false,
        scope: Scope::Required,
        dependencies: Vec::new(),
        peers: Vec::new(),
    }
}

/// An entry of `packages`.
fn entry<'a>(install: &str, raw: RawEntry<'a>) -> Entry<'a> {
    let name = raw.name.unwrap_or_else(|| {
        Cow::Owned(match install.rfind("node_modules/") {
            Some(at) => install[at + "node_modules/".len()..].to_owned(),
            None => install.rsplit('/').next().unwrap_or(install).to_owned(),
        })
    });
    let mut dependencies = raw.dependencies.0;
    dependencies.extend(raw.optional_dependencies.0);
    Entry {
        name,
        version: raw.version,
        resolved: raw.resolved,
        integrity: raw.integrity,
        link: raw.link,
        scope: scope(raw.dev || raw.dev_optional, raw.optional),
        dependencies,
        peers: raw.peer_dependencies.0,
    }
}

fn scope(dev: bool, optional: bool) -> Scope {
    if dev {
        Scope::Dev
    } else if optional {
        Scope::Optional
    } else {
        Scope::Required
    }
}

/// v1's nested `dependencies`, under the install path `parent`.
fn nested<'a>(
    parent: &str,
    dependencies: BTreeMap<Cow<'a, str>, Object<RawNested<'a>>>,
    entries: &mut BTreeMap<Cow<'a, str>, Entry<'a>>,
) {
    for (name, Object(raw)) in dependencies {
        let install = if parent.is_empty() {
            format!("node_modules/{name}")
        } else {
            format!("{parent}/node_modules/{name}")
        };
        entries.insert(
            Cow::Owned(install.clone()),
            Entry {
                name,
                version: raw.version,
                resolved: raw.resolved,
                integrity: raw.integrity,
                link: false,
                scope: scope(raw.dev, raw.optional),
                // v1 `requires`: name → range, resolved like v2 `dependencies`.
                dependencies: raw.requires.0,
                peers: Vec::new(),
            },
        );
        nested(&install, raw.dependencies, entries);
    }
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

fn component(install: &str, entry: &Entry<'_>, depends_on: Vec<String>) -> Component {
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
        name: entry.name.to_string(),
        version: entry.version.as_deref().map(str::to_owned),
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
        // A malformed value is an error with its line, never a purl.
        let err = read_lockfile(
            "package-lock.json",
            b"{\"lockfileVersion\": 3, \"packages\": {\n  \"node_modules/a\": {\"version\": [1]}}}",
            None,
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "`package-lock.json:2`: not a package-lock.json: invalid type: sequence, expected a string at line 2 column 32"
        );
        let err = read_lockfile(
            "package-lock.json",
            b"{\"lockfileVersion\": 3, \"packages\": {\"node_modules/a\": [\"a\", \"1.0.0\"]}}",
            None,
        )
        .unwrap_err();
        assert!(err.to_string().contains("expected an object"), "{err}");
    }
}
