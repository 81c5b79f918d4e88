//! `package-lock.json` and `npm-shrinkwrap.json`, v1 to v3: packages by
//! install path (`node_modules/a/node_modules/b`; workspaces by folder), each
//! dependency resolved as Node resolves it (the nearest `node_modules` up
//! the path), links followed to their targets; v1's nested `dependencies`
//! read into the same paths. One version installed at two paths is two
//! components with one purl, so the graph stays exact.

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde::Deserialize;
use serde::de::DeserializeSeed as _;

use super::purl::Purl;
use super::{Component, LockKind, Lockfile, Scope, Source, encoding, invalid};
use crate::Result;

mod packages;
mod raw;

use packages::{Packages, WithCapacity};
use raw::{Object, RawEntry, RawLock, RawNested};

/// One `packages` entry, as read; its text borrowed from the lockfile's
/// wherever it has no escapes, and kept only until it is made a component.
struct Entry<'a> {
    name: Cow<'a, str>,
    version: Option<Cow<'a, str>>,
    resolved: Option<Cow<'a, str>>,
    integrity: Option<Cow<'a, str>>,
    link: bool,
    scope: Scope,
    /// Names it depends on (`dependencies` and `optionalDependencies`).
    dependencies: Vec<Cow<'a, str>>,
    /// Its `peerDependencies`: depended on when they are installed.
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
    let mut packages = match lock.packages {
        Some(raw) => {
            // Install paths (all but workspace folders) start so: room is
            // made for that many, once, up to a bound (the text is not ours
            // to trust; past it the list grows as lists do).
            let capacity = raw
                .get()
                .matches("\"node_modules/")
                .count()
                .min(MAX_RESERVED);
            within(path, text, raw, |deserializer| {
                WithCapacity(capacity).deserialize(deserializer)
            })?
        }
        None => {
            // v1: the root, then `dependencies` nested by install path.
            let dependencies = match lock.dependencies {
                Some(raw) => within(path, text, raw, |deserializer| {
                    BTreeMap::<Cow<'_, str>, Object<RawNested<'_>>>::deserialize(deserializer)
                })?,
                None => BTreeMap::new(),
            };
            let mut packages = Packages::default();
            packages.root = Some(Entry {
                name: lock
                    .name
                    .clone()
                    .unwrap_or_else(|| Cow::Owned(super::cargo::folder_name(folder))),
                version: lock.version.clone(),
                dependencies: dependencies.keys().cloned().collect(),
                ..empty()
            });
            nested("", dependencies, &mut packages);
            packages
        }
    };
    // A project entry without a name takes the lockfile's, then the folder's.
    if let Some(root) = packages.root.as_mut().filter(|root| root.name.is_empty()) {
        root.name = lock
            .name
            .clone()
            .filter(|name| !name.is_empty())
            .unwrap_or_else(|| Cow::Owned(super::cargo::folder_name(folder)));
    }
    let resolved = packages
        .resolve()
        .map_err(|what| invalid(path, None, what))?;
    let (root_entry, root_depends) = resolved.root.unwrap_or_else(|| {
        let root = Entry {
            name: Cow::Owned(super::cargo::folder_name(folder)),
            ..empty()
        };
        (root, Vec::new())
    });
    let mut root = component("", &root_entry, root_depends);
    root.key = format!("{folder}/");
    root.source = Source::Path(String::new());
    Ok(Lockfile {
        path: path.to_owned(),
        kind: LockKind::Npm,
        format_version: version.map(|version| version.to_string()),
        sha256: String::new(),
        root,
        components: resolved.components,
        lock_edges: resolved.edges,
    })
}

/// The most packages room is made for before reading (about 60 MB of
/// components).
const MAX_RESERVED: usize = 1 << 18;

/// Read `raw`, a value of the lockfile `text`, with `read`: its errors at
/// their line and column in the lockfile.
fn within<'a, T>(
    path: &str,
    text: &'a str,
    raw: &'a serde_json::value::RawValue,
    read: impl FnOnce(
        &mut serde_json::Deserializer<serde_json::de::StrRead<'a>>,
    ) -> serde_json::Result<T>,
) -> Result<T> {
    let mut deserializer = serde_json::Deserializer::from_str(raw.get());
    read(&mut deserializer).map_err(|err| {
        // The raw text is a slice of the lockfile: its lines count from
        // where it starts.
        let start = (raw.get().as_ptr() as usize).saturating_sub(text.as_ptr() as usize);
        let line = super::line_of(text, start) + err.line().max(1) - 1;
        // serde's own position counts from the slice: said again from the
        // lockfile's start, so the message names one place.
        let column = if err.line() <= 1 {
            let line_start = text[..start.min(text.len())]
                .rfind('\n')
                .map(|at| at + 1)
                .unwrap_or(0);
            err.column() + (start - line_start)
        } else {
            err.column()
        };
        let message = err.to_string();
        let message = message
            .strip_suffix(&format!(" at line {} column {}", err.line(), err.column()))
            .unwrap_or(&message);
        invalid(
            path,
            Some(line),
            format!("not a package-lock.json: {message} at line {line} column {column}"),
        )
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
    packages: &mut Packages<'a>,
) {
    for (name, Object(raw)) in dependencies {
        let install = if parent.is_empty() {
            format!("node_modules/{name}")
        } else {
            format!("{parent}/node_modules/{name}")
        };
        packages.add(
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
        nested(&install, raw.dependencies, packages);
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
    fn an_install_path_listed_twice_is_an_error() {
        for twice in [
            r#"{"lockfileVersion": 3, "packages": {"node_modules/a": {"version": "1.0.0"}, "node_modules/a": {"version": "2.0.0"}}}"#,
            r#"{"lockfileVersion": 3, "packages": {"node_modules/a": {"version": "1.0.0"}, "node_modules/a": {"resolved": "b", "link": true}}}"#,
            r#"{"lockfileVersion": 3, "packages": {"node_modules/a": {"resolved": "c", "link": true}, "node_modules/a": {"resolved": "b", "link": true}}}"#,
            r#"{"lockfileVersion": 3, "packages": {"": {"name": "x"}, "": {"name": "y"}}}"#,
        ] {
            let err = read_lockfile("package-lock.json", twice.as_bytes(), None).unwrap_err();
            assert!(err.to_string().contains("is listed twice"), "{err}");
        }
    }

    #[test]
    fn a_project_without_a_name_takes_the_lockfiles_or_the_folders() {
        let lock =
            r#"{"name": "top", "lockfileVersion": 3, "packages": {"": {"version": "1.0.0"}}}"#;
        let read = read_lockfile("package-lock.json", lock.as_bytes(), None).unwrap();
        assert_eq!(read.root.name, "top");
        let lock = r#"{"lockfileVersion": 3, "packages": {"": {}}}"#;
        let read = read_lockfile("web/package-lock.json", lock.as_bytes(), None).unwrap();
        assert_eq!(read.root.name, "web");
    }

    #[test]
    fn links_stand_for_their_targets_and_dependencies_resolve_upwards() {
        let lock = r#"{"lockfileVersion": 3, "packages": {
            "": {"name": "app", "dependencies": {"lib": "*", "b": "*"}},
            "node_modules/lib": {"resolved": "libs/lib", "link": true},
            "node_modules/gone": {"resolved": "nowhere", "link": true},
            "libs/lib": {"name": "lib", "version": "1.0.0", "dependencies": {"gone": "*", "c": "*"}},
            "node_modules/b": {"version": "1.0.0", "dependencies": {"c": "*"}, "peerDependencies": {"lib": "*", "absent": "*"}},
            "node_modules/b/node_modules/c": {"version": "2.0.0", "dependencies": {"b": "*"}},
            "node_modules/c": {"version": "1.0.0"}}}"#;
        let read = read_lockfile("package-lock.json", lock.as_bytes(), None).unwrap();
        let find = |key: &str| read.components.iter().find(|c| c.key == key).unwrap();
        assert_eq!(read.root.depends_on, ["libs/lib", "node_modules/b"]);
        assert_eq!(
            find("libs/lib").depends_on,
            ["node_modules/c", "node_modules/gone"]
        );
        assert_eq!(
            find("node_modules/b").depends_on,
            ["libs/lib", "node_modules/b/node_modules/c"]
        );
        assert_eq!(
            find("node_modules/b/node_modules/c").depends_on,
            ["node_modules/b"]
        );
        assert_eq!(read.components.len(), 4);
        assert_eq!(read.lock_edges, 7);
    }

    #[test]
    fn hostile_nesting_is_refused_and_long_paths_resolve_in_linear_time() {
        // 300 levels: deeper than any file system holds.
        let mut path = String::new();
        let mut lock = String::from(r#"{"lockfileVersion": 3, "packages": {"#);
        for level in 0..300 {
            if level > 0 {
                path.push('/');
                lock.push(',');
            }
            path.push_str(&format!("node_modules/p{level}"));
            lock.push_str(&format!(r#""{path}": {{"version": "1.0.0"}}"#));
        }
        lock.push_str("}}");
        let err = read_lockfile("package-lock.json", lock.as_bytes(), None).unwrap_err();
        assert!(
            err.to_string()
                .contains("is nested 257 `node_modules` deep; cicd reads at most 256"),
            "{err}"
        );
        // A path of 200 long levels with 20,000 names, none installed:
        // each name is looked up once per level, never by rebuilding the
        // path (that took 38 s for 1.5 MB).
        let long: Vec<String> = (0..200)
            .map(|level| format!("node_modules/{}{level}", "a".repeat(200)))
            .collect();
        let names: Vec<String> = (0..20_000).map(|at| format!(r#""n{at}": "*""#)).collect();
        let lock = format!(
            r#"{{"lockfileVersion": 3, "packages": {{"{}": {{"version": "1", "dependencies": {{{}}}}}, "node_modules/n7": {{"version": "1"}}}}}}"#,
            long.join("/"),
            names.join(",")
        );
        let started = std::time::Instant::now();
        let read = read_lockfile("package-lock.json", lock.as_bytes(), None).unwrap();
        assert_eq!(read.components[0].depends_on, ["node_modules/n7"]);
        assert!(started.elapsed().as_secs() < 20, "{:?}", started.elapsed());
    }

    #[test]
    fn version_one_errors_are_at_their_line_in_the_lockfile() {
        let v1 = "{\n  \"lockfileVersion\": 1,\n  \"dependencies\": {\n    \"a\": {\"version\": \"1.0.0\"},\n    \"b\": {\"version\": 2}\n  }\n}\n";
        let err = read_lockfile("package-lock.json", v1.as_bytes(), None).unwrap_err();
        assert!(
            err.to_string().starts_with("`package-lock.json:5`"),
            "{err}"
        );
        // One place, from the lockfile's start: not serde's, from the slice.
        assert!(err.to_string().contains(" at line 5 column "), "{err}");
        assert!(!err.to_string().contains(" at line 3 "), "{err}");
        // v2 keeps a v1 copy for old npm: it is not read at all.
        let v2 = r#"{"lockfileVersion": 2, "packages": {"node_modules/a": {"version": "1.0.0"}},
            "dependencies": {"a": {"version": 2}}}"#;
        let read = read_lockfile("package-lock.json", v2.as_bytes(), None).unwrap();
        assert_eq!(read.components[0].version.as_deref(), Some("1.0.0"));
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
