//! `pnpm-lock.yaml`, lockfile versions 5.x, 6.0 and 9.0.
//!
//! - `importers` maps each workspace folder (`.` the root) to its
//!   `dependencies`, `devDependencies` and `optionalDependencies`, each a
//!   name and a reference (`{specifier, version}`; a bare version in 5.x).
//!   A project without workspaces has those maps at the top instead.
//! - A reference names a package instance: `1.2.3` (with the peers it was
//!   resolved with, `1.2.3(react@18.2.0)`), an alias (`string-width@4.2.3`;
//!   `/string-width@4.2.3` in 6.0), a URL or `file:` id, or `link:../dir`,
//!   another workspace folder.
//! - Instances are keyed `name@version(peers)` in 9.0 (`/name@version(peers)`
//!   in 6.0, `/name/version_peers` in 5.x). 9.0 keeps their edges under
//!   `snapshots` and the package data (resolution, version) under
//!   `packages` without the peers; earlier versions keep both under
//!   `packages`.
//! - pnpm 11 writes two YAML documents: the first, the "env lockfile", pins
//!   pnpm itself (`packageManagerDependencies`); the project's is the other.
//!
//! Each instance is a component (one version resolved with two sets of peers
//! is two components with one purl, so the graph stays exact); each
//! workspace folder is one too, named from its `package.json`. Which
//! packages are for development is decided by reachability from the
//! importers' `devDependencies` (9.0 has no `dev` flag).

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashSet};

use saphyr::{LoadableYamlNode, Scalar, Yaml};
use serde_json::Value;

use super::npm::npm_purl;
use super::{Component, LockKind, Lockfile, Scope, Source, assign_scopes, encoding, invalid};
use crate::Result;

/// The key grammar of a lockfile version.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Grammar {
    /// 5.x: `/name/version_peers`.
    V5,
    /// 6.0: `/name@version(peers)`.
    V6,
    /// 9.0: `name@version(peers)`, edges under `snapshots`.
    V9,
}

/// What a dependency reference points at.
#[derive(Debug, PartialEq, Eq)]
enum Target {
    /// A package instance, by its key.
    Instance(String),
    /// A folder, relative to the lockfile's (a workspace member).
    Folder(String),
}

/// A scalar as text (keys and values are strings, numbers or booleans).
fn text<'a>(node: &'a Yaml<'_>) -> Option<Cow<'a, str>> {
    match node {
        Yaml::Value(Scalar::String(text)) => Some(Cow::Borrowed(text.as_ref())),
        Yaml::Value(Scalar::Integer(number)) => Some(Cow::Owned(number.to_string())),
        Yaml::Value(Scalar::FloatingPoint(number)) => Some(Cow::Owned(number.to_string())),
        Yaml::Value(Scalar::Boolean(flag)) => Some(Cow::Owned(flag.to_string())),
        Yaml::Representation(text, _, _) => Some(Cow::Borrowed(text.as_ref())),
        Yaml::Tagged(_, inner) => text(inner),
        _ => None,
    }
}

/// A mapping's entries with their keys as text (nothing for another node).
fn entries<'a, 'input>(
    node: Option<&'a Yaml<'input>>,
) -> impl Iterator<Item = (Cow<'a, str>, &'a Yaml<'input>)> {
    node.and_then(Yaml::as_mapping)
        .into_iter()
        .flatten()
        .filter_map(|(key, value)| Some((text(key)?, value)))
}

fn get<'a, 'input>(node: &'a Yaml<'input>, key: &str) -> Option<&'a Yaml<'input>> {
    node.as_mapping_get(key)
}

fn flag(node: &Yaml<'_>, key: &str) -> bool {
    get(node, key).and_then(Yaml::as_bool).unwrap_or(false)
}

/// The env lockfile pnpm 11 writes first: it pins pnpm, not the project.
fn is_env_lockfile(document: &Yaml<'_>) -> bool {
    let Some(root) = get(document, "importers").and_then(|importers| get(importers, ".")) else {
        return false;
    };
    let pins_pnpm = ["packageManagerDependencies", "configDependencies"]
        .iter()
        .any(|key| get(root, key).is_some());
    let declares = ["dependencies", "devDependencies", "optionalDependencies"]
        .iter()
        .any(|key| get(root, key).is_some());
    pins_pnpm && !declares
}

/// The part of a key or reference before its peers (`(…)` or `_…`).
fn without_peers(grammar: Grammar, text: &str) -> &str {
    let end = match grammar {
        Grammar::V6 | Grammar::V9 => text.find('('),
        // Only after the version's `/`: names hold no `_` there, but
        // may elsewhere (`/lodash_fork/1.0.0`).
        Grammar::V5 => {
            let version = text.rfind('/').unwrap_or(0);
            text[version..].find('_').map(|at| version + at)
        }
    };
    end.map(|end| &text[..end]).unwrap_or(text)
}

/// Whether a reference (without peers) names a version of the package
/// itself, rather than an alias, a URL or a file id.
fn is_plain_version(reference: &str) -> bool {
    !reference.is_empty()
        && !reference.contains([':', '/', '@'])
        && reference
            .chars()
            .next()
            .is_some_and(|first| first.is_ascii_digit() || first == 'v')
}

/// The folder `link` (relative to the importer `from`) names, relative to
/// the lockfile's folder (`../x` when it is outside).
fn join_folder(from: &str, link: &str) -> String {
    let mut parts: Vec<&str> = from
        .split('/')
        .filter(|part| !part.is_empty() && *part != ".")
        .collect();
    for part in link.split('/') {
        match part {
            "" | "." => {}
            ".." if parts.last().is_some_and(|last| *last != "..") => {
                parts.pop();
            }
            part => parts.push(part),
        }
    }
    if parts.is_empty() {
        ".".to_owned()
    } else {
        parts.join("/")
    }
}

/// Where the dependency `name` with reference `reference`, declared by the
/// importer `importer` (`None` inside a package), points.
fn target(grammar: Grammar, importer: &str, name: &str, reference: &str) -> Option<Target> {
    if let Some(link) = reference.strip_prefix("link:") {
        return Some(Target::Folder(join_folder(importer, link)));
    }
    let base = without_peers(grammar, reference);
    let key = match grammar {
        Grammar::V9 if is_plain_version(base) => format!("{name}@{reference}"),
        // An alias (`string-width@4.2.3`) is the instance's own key.
        Grammar::V9 if !base.contains(':') && base.rfind('@').is_some_and(|at| at > 0) => {
            reference.to_owned()
        }
        Grammar::V9 => format!("{name}@{reference}"),
        Grammar::V6 if is_plain_version(base) => format!("/{name}@{reference}"),
        Grammar::V5 if is_plain_version(base) => format!("/{name}/{reference}"),
        // Aliases (`/string-width@4.2.3`) and non-registry ids
        // (`github.com/…`, `file:…`) are keys as they stand.
        Grammar::V6 | Grammar::V5 => reference.to_owned(),
    };
    Some(Target::Instance(key))
}

/// A dependency map's references: `{name: {specifier, version}}`, or
/// `{name: version}` (5.x, and packages' own dependencies).
///
/// # Errors
///
/// What is wrong with a reference that is not text (`version: [1]`), named
/// `{at}.{name}`.
fn references<'a>(
    path: &str,
    at: &str,
    node: Option<&'a Yaml<'_>>,
) -> Result<Vec<(Cow<'a, str>, Cow<'a, str>)>> {
    entries(node)
        .map(|(name, value)| {
            let (reference, shown) = match get(value, "version") {
                Some(version) => (text(version), format!("{at}.{name}.version")),
                None => (text(value), format!("{at}.{name}")),
            };
            let reference = reference.ok_or_else(|| {
                invalid(path, None, format!("`{shown}`: expected a version string"))
            })?;
            Ok((name, reference))
        })
        .collect()
}

/// The name and version an instance key states (`None` for ids that are
/// not `name@version`, whose package data names them).
fn name_and_version(grammar: Grammar, key: &str) -> Option<(String, Option<String>)> {
    let bare = match grammar {
        Grammar::V9 => key,
        Grammar::V6 | Grammar::V5 => key.strip_prefix('/')?,
    };
    if grammar == Grammar::V5 {
        let (name, version) = bare.rsplit_once('/')?;
        let version = without_peers(grammar, &format!("/{version}"))[1..].to_owned();
        return Some((name.to_owned(), Some(version)));
    }
    // A name holds `@` only as its scope's first character.
    let at = bare.char_indices().skip(1).find(|(_, c)| *c == '@')?.0;
    let version = without_peers(grammar, &bare[at + 1..]);
    Some((
        bare[..at].to_owned(),
        is_plain_version(version).then(|| version.to_owned()),
    ))
}

/// The package's source and hashes from its `resolution`.
fn resolution(node: Option<&Yaml<'_>>) -> (Source, Vec<super::Hash>) {
    let Some(node) = node else {
        return (Source::Registry(None), Vec::new());
    };
    let field = |key: &str| get(node, key).and_then(text).map(Cow::into_owned);
    let hashes = field("integrity")
        .map(|integrity| encoding::sri(&integrity))
        .unwrap_or_default();
    let source = match (field("type").as_deref(), field("tarball")) {
        (Some("git"), _) => Source::Git {
            url: field("repo").unwrap_or_default(),
            revision: field("commit"),
        },
        (Some("directory"), _) => Source::Path(field("directory").unwrap_or_default()),
        (_, Some(tarball)) if tarball.starts_with("file:") => {
            Source::Path(tarball["file:".len()..].to_owned())
        }
        (_, Some(tarball)) if flag(node, "gitHosted") => Source::Git {
            revision: tarball.rsplit('/').next().map(str::to_owned),
            url: tarball,
        },
        (_, Some(tarball)) => Source::Registry(Some(tarball)),
        _ => Source::Registry(None),
    };
    (source, hashes)
}

/// A `package.json`'s `name` and `version`, when it has them.
fn name_and_version_of(package: Option<&Value>) -> (Option<String>, Option<String>) {
    let field = |key: &str| {
        package
            .and_then(|package| package.get(key))
            .and_then(Value::as_str)
            .map(str::to_owned)
    };
    (field("name"), field("version"))
}

/// The lockfile's project document and its key grammar.
fn project_document<'a, 'input>(
    path: &str,
    documents: &'a [Yaml<'input>],
) -> Result<(&'a Yaml<'input>, String, Grammar)> {
    let mappings: Vec<&Yaml<'_>> = documents.iter().filter(|doc| doc.is_mapping()).collect();
    let document = mappings
        .iter()
        .rev()
        .find(|doc| !is_env_lockfile(doc))
        .or_else(|| mappings.last())
        .copied()
        .ok_or_else(|| invalid(path, Some(1), "expected a mapping with `lockfileVersion`"))?;
    let version = get(document, "lockfileVersion")
        .and_then(text)
        .map(Cow::into_owned)
        .ok_or_else(|| invalid(path, None, "no `lockfileVersion`: is it a pnpm lockfile?"))?;
    let grammar = match version.split('.').next() {
        Some("5") => Grammar::V5,
        Some("6") => Grammar::V6,
        Some("9") => Grammar::V9,
        _ => {
            return Err(invalid(
                path,
                None,
                format!("lockfileVersion {version} is not one cicd reads (5.x, 6.0, 9.0)"),
            ));
        }
    };
    Ok((document, version, grammar))
}

/// The dependency maps of an importer, and whether each is for development.
const DEPENDENCY_MAPS: [(&str, bool); 3] = [
    ("dependencies", false),
    ("optionalDependencies", false),
    ("devDependencies", true),
];

/// Read a `pnpm-lock.yaml`; `manifest` is the `package.json` beside it and
/// `include` reads a workspace member's (by path from the scanned folder).
pub(super) fn read(
    path: &str,
    text_in: &str,
    manifest: Option<&str>,
    folder: &str,
    include: &dyn Fn(&str) -> Result<Option<String>>,
) -> Result<Lockfile> {
    let documents = Yaml::load_from_str(text_in).map_err(|err| {
        invalid(
            path,
            Some(err.marker().line()),
            format!("not valid YAML: {}", err.info()),
        )
    })?;
    let (document, version, grammar) = project_document(path, &documents)?;
    let packages = get(document, "packages");
    // 9.0: instances under `snapshots`, their data under `packages` by the
    // key without peers; before, both under `packages`.
    let instances = match grammar {
        Grammar::V9 => get(document, "snapshots"),
        Grammar::V6 | Grammar::V5 => packages,
    };
    for (name, node) in [("packages", packages), ("snapshots", instances)] {
        if node.is_some_and(|node| !node.is_mapping() && !node.is_null()) {
            return Err(invalid(path, None, format!("`{name}` is not a mapping")));
        }
    }

    // The importers: workspace folders (`.` the root), or the top of the
    // document for a single project.
    let mut importers: Vec<(String, &Yaml<'_>)> = entries(get(document, "importers"))
        .map(|(folder, importer)| (folder.into_owned(), importer))
        .collect();
    if importers.is_empty() {
        importers.push((".".to_owned(), document));
    }
    let importer_folders: BTreeSet<String> =
        importers.iter().map(|(folder, _)| folder.clone()).collect();
    let instance_keys: HashSet<Cow<'_, str>> = entries(instances).map(|(key, _)| key).collect();

    let lock_folder = folder;
    let mut lock_edges = 0;
    // Folders linked to that are no importer: path components, named by
    // the first dependency naming them.
    let mut linked: BTreeMap<String, String> = BTreeMap::new();
    let mut resolve = |from: &str, name: &str, reference: &str| -> Option<String> {
        let key = match target(grammar, from, name, reference)? {
            Target::Instance(key) => instance_keys.contains(key.as_str()).then_some(key)?,
            // The root is keyed by the lockfile's folder, as in every lockfile.
            Target::Folder(folder) if folder == "." => format!("{lock_folder}/"),
            Target::Folder(folder) => {
                if !importer_folders.contains(&folder) {
                    linked
                        .entry(folder.clone())
                        .or_insert_with(|| name.to_owned());
                }
                folder
            }
        };
        lock_edges += 1;
        Some(key)
    };

    let mut components: Vec<Component> = Vec::new();
    let mut optional = Vec::new();
    for (key, instance) in entries(instances) {
        let data = match grammar {
            Grammar::V9 => {
                packages.and_then(|packages| get(packages, without_peers(grammar, &key)))
            }
            Grammar::V6 | Grammar::V5 => Some(instance),
        };
        let field = |name: &str| data.and_then(|data| get(data, name)).and_then(text);
        let (name, version) = match name_and_version(grammar, &key) {
            Some((name, version)) => (
                name,
                version.or_else(|| field("version").map(Cow::into_owned)),
            ),
            None => (
                field("name")
                    .map(Cow::into_owned)
                    .unwrap_or_else(|| key.to_string()),
                field("version").map(Cow::into_owned),
            ),
        };
        let (source, hashes) = resolution(data.and_then(|data| get(data, "resolution")));
        let mut depends_on = Vec::new();
        for map in ["dependencies", "optionalDependencies"] {
            for (dependency, reference) in references(
                path,
                &format!("packages[\"{key}\"].{map}"),
                get(instance, map),
            )? {
                // Inside a package, `link:` is relative to the root.
                if let Some(target) = resolve(".", &dependency, &reference) {
                    depends_on.push(target);
                }
            }
        }
        if flag(instance, "optional") || data.is_some_and(|data| flag(data, "optional")) {
            optional.push(key.to_string());
        }
        components.push(Component {
            key: key.to_string(),
            purl: npm_purl(&name, version.as_deref(), &source),
            name,
            version,
            hashes,
            source,
            depends_on,
            ..Component::default()
        });
    }

    // Importers: the root and the workspace members, with their edges.
    let member = |importer: &str| -> Option<Value> {
        let manifest_path = if folder == "." {
            format!("{importer}/package.json")
        } else {
            format!("{folder}/{importer}/package.json")
        };
        // A member's package.json only names it and tells its development
        // dependencies apart: one that is missing, refused or not JSON
        // leaves those unknown, and the lockfile is still read.
        include(&manifest_path)
            .ok()
            .flatten()
            .and_then(|text| serde_json::from_str(&text).ok())
    };
    let mut runtime = Vec::new();
    let mut dev = Vec::new();
    let mut root = None;
    for (importer, node) in &importers {
        let mut depends_on = Vec::new();
        for (map, for_development) in DEPENDENCY_MAPS {
            for (dependency, reference) in references(
                path,
                &format!("importers[\"{importer}\"].{map}"),
                get(node, map),
            )? {
                if let Some(target) = resolve(importer, &dependency, &reference) {
                    if for_development {
                        dev.push(target.clone());
                    } else {
                        runtime.push(target.clone());
                    }
                    depends_on.push(target);
                }
            }
        }
        let package = if importer == "." {
            manifest.and_then(|text| serde_json::from_str(text).ok())
        } else {
            member(importer)
        };
        let (name, version) = name_and_version_of(package.as_ref());
        let name = name.unwrap_or_else(|| {
            super::cargo::folder_name(if importer == "." { folder } else { importer })
        });
        let component = Component {
            key: importer.clone(),
            purl: npm_purl(&name, version.as_deref(), &Source::Unknown),
            name,
            version,
            source: Source::Path(if importer == "." {
                String::new()
            } else {
                importer.clone()
            }),
            depends_on,
            ..Component::default()
        };
        if importer == "." {
            root = Some(component);
        } else {
            runtime.push(importer.clone());
            components.push(component);
        }
    }
    for (linked_folder, name) in linked {
        let (own_name, version) = name_and_version_of(member(&linked_folder).as_ref());
        let name = own_name.unwrap_or(name);
        components.push(Component {
            key: linked_folder.clone(),
            purl: npm_purl(&name, version.as_deref(), &Source::Unknown),
            name,
            version,
            source: Source::Path(linked_folder),
            ..Component::default()
        });
    }
    let mut root = root.unwrap_or_else(|| {
        // A workspace whose root declares nothing: it stands over the members.
        let package = manifest.and_then(|text| serde_json::from_str::<Value>(text).ok());
        let name = name_and_version_of(package.as_ref())
            .0
            .unwrap_or_else(|| super::cargo::folder_name(folder));
        Component {
            name,
            source: Source::Path(String::new()),
            depends_on: importer_folders.iter().cloned().collect(),
            ..Component::default()
        }
    });
    root.key = format!("{folder}/");
    assign_scopes(&mut components, &runtime, &dev);
    let optional: BTreeSet<String> = optional.into_iter().collect();
    for component in &mut components {
        if component.scope == Scope::Required && optional.contains(&component.key) {
            component.scope = Scope::Optional;
        }
    }
    Ok(Lockfile {
        path: path.to_owned(),
        kind: LockKind::Pnpm,
        format_version: Some(version),
        sha256: String::new(),
        root,
        components,
        lock_edges,
    })
}

#[cfg(test)]
mod tests {
    use crate::sbom::{Scope, Source, read_lockfile, read_lockfile_with};

    const A: &str = "sha512-lyuxPGr/Wfhrlem2CL/UcnUc1zcqKAImBDzukY7Y5F/yQiNdko6+fRLevlw1HgMySw7f611UIY408EtxRSoK3Q==";
    const B: &str = "sha512-wKyQRQpjJ0sIp62ErSZdGsjMJWsap5oRNihHhu6G7JVO/9jIB6UyevL+tXuOqrng8j/cxKTWyWUwvSTriiZz/g==";
    const GIT: &str = "https://codeload.github.com/kevva/is-negative/tar.gz/1d7e288222b53a0cab90a331f1865220ec29560c";

    /// A 9.0 workspace: a member linked from the root, an instance with
    /// peers, an alias, a git-hosted tarball, a development tool with an
    /// optional dependency.
    fn v9() -> String {
        format!(
            "lockfileVersion: '9.0'

settings:
  autoInstallPeers: true
  excludeLinksFromLockfile: false

importers:

  .:
    dependencies:
      '@acme/ui':
        specifier: workspace:*
        version: link:packages/ui
      react-dom:
        specifier: ^18.2.0
        version: 18.2.0(react@18.2.0)
      string-width-cjs:
        specifier: npm:string-width@^4.2.0
        version: string-width@4.2.3
    devDependencies:
      tap:
        specifier: ^1.0.0
        version: 1.0.0

  packages/ui:
    dependencies:
      is-negative:
        specifier: github:kevva/is-negative#master
        version: {GIT}
      react:
        specifier: ^18.2.0
        version: 18.2.0

packages:

  is-negative@{GIT}:
    resolution: {{gitHosted: true, tarball: {GIT}}}
    version: 2.1.0

  loose-envify@1.4.0:
    resolution: {{integrity: {A}}}
    hasBin: true

  react-dom@18.2.0:
    resolution: {{integrity: {B}}}
    peerDependencies:
      react: ^18.2.0

  react@18.2.0:
    resolution: {{integrity: {A}}}

  string-width@4.2.3:
    resolution: {{integrity: {B}}}

  tap@1.0.0:
    resolution: {{integrity: {A}}}

  fsevents@2.3.3:
    resolution: {{integrity: {B}}}
    os: [darwin]

snapshots:

  is-negative@{GIT}: {{}}

  loose-envify@1.4.0: {{}}

  react-dom@18.2.0(react@18.2.0):
    dependencies:
      loose-envify: 1.4.0
      react: 18.2.0

  react@18.2.0:
    dependencies:
      loose-envify: 1.4.0

  string-width@4.2.3: {{}}

  tap@1.0.0:
    optionalDependencies:
      fsevents: 2.3.3

  fsevents@2.3.3:
    optional: true
"
        )
    }

    #[test]
    fn version_9_workspaces_peers_aliases_and_scopes() {
        let member = |path: &str| {
            Ok((path == "packages/ui/package.json")
                .then(|| r#"{"name": "@acme/ui", "version": "0.2.0"}"#.to_owned()))
        };
        let lock = read_lockfile_with(
            "pnpm-lock.yaml",
            v9().as_bytes(),
            Some(r#"{"name": "app", "version": "1.0.0"}"#),
            &member,
        )
        .unwrap();
        assert_eq!(lock.format_version.as_deref(), Some("9.0"));
        assert_eq!(lock.root.name, "app");
        assert_eq!(lock.root.key, "./");
        assert_eq!(
            lock.root.depends_on,
            [
                "packages/ui",
                "react-dom@18.2.0(react@18.2.0)",
                "string-width@4.2.3",
                "tap@1.0.0"
            ]
        );
        let find = |key: &str| lock.components.iter().find(|c| c.key == key).unwrap();
        let react_dom = find("react-dom@18.2.0(react@18.2.0)");
        assert_eq!(react_dom.purl.as_deref(), Some("pkg:npm/react-dom@18.2.0"));
        assert_eq!(react_dom.depends_on, ["loose-envify@1.4.0", "react@18.2.0"]);
        assert_eq!(react_dom.hashes[0].hex.len(), 128);
        let ui = find("packages/ui");
        assert_eq!(ui.purl.as_deref(), Some("pkg:npm/%40acme/ui@0.2.0"));
        assert_eq!(ui.source, Source::Path("packages/ui".to_owned()));
        assert_eq!(
            ui.depends_on,
            [format!("is-negative@{GIT}"), "react@18.2.0".to_owned()]
        );
        let git = find(&format!("is-negative@{GIT}"));
        assert_eq!(git.version.as_deref(), Some("2.1.0"));
        assert!(
            matches!(&git.source, Source::Git { revision: Some(r), .. } if r.starts_with("1d7e2882"))
        );
        assert!(
            git.purl.as_deref().unwrap().contains("vcs_url="),
            "{:?}",
            git.purl
        );
        assert_eq!(find("string-width@4.2.3").name, "string-width");
        assert_eq!(find("tap@1.0.0").scope, Scope::Dev);
        // Only a development tool needs it: development, before optional.
        assert_eq!(find("fsevents@2.3.3").scope, Scope::Dev);
        assert_eq!(find("react@18.2.0").scope, Scope::Required);
        assert_eq!(lock.components.len(), 8);
        // 6 importer references and 4 instance references.
        assert_eq!(lock.lock_edges, 10);
    }

    #[test]
    fn version_6_single_project() {
        let lock = format!(
            "lockfileVersion: '6.0'

settings:
  autoInstallPeers: true
  excludeLinksFromLockfile: false

dependencies:
  react-dom:
    specifier: ^18.2.0
    version: 18.2.0(react@18.2.0)
  wrap-cjs:
    specifier: npm:wrap@1.0.0
    version: /wrap@1.0.0

optionalDependencies:
  fsevents:
    specifier: ^2.3.3
    version: 2.3.3

devDependencies:
  '@types/node':
    specifier: ^20
    version: 20.1.0

packages:

  /@types/node@20.1.0:
    resolution: {{integrity: {A}}}
    dev: true

  /fsevents@2.3.3:
    resolution: {{integrity: {B}}}
    dev: false
    optional: true

  /loose-envify@1.4.0:
    resolution: {{integrity: {A}}}
    dev: false

  /react-dom@18.2.0(react@18.2.0):
    resolution: {{integrity: {B}}}
    peerDependencies:
      react: ^18.2.0
    dependencies:
      loose-envify: 1.4.0
      react: 18.2.0
    dev: false

  /react@18.2.0:
    resolution: {{integrity: {A}}}
    dependencies:
      loose-envify: 1.4.0
    dev: false

  /wrap@1.0.0:
    resolution: {{integrity: {B}}}
    dev: false
"
        );
        let lock = read_lockfile("web/pnpm-lock.yaml", lock.as_bytes(), None).unwrap();
        assert_eq!(lock.root.name, "web");
        assert_eq!(lock.root.key, "web/");
        assert_eq!(
            lock.root.depends_on,
            [
                "/@types/node@20.1.0",
                "/fsevents@2.3.3",
                "/react-dom@18.2.0(react@18.2.0)",
                "/wrap@1.0.0"
            ]
        );
        let find = |key: &str| lock.components.iter().find(|c| c.key == key).unwrap();
        let types = find("/@types/node@20.1.0");
        assert_eq!(types.purl.as_deref(), Some("pkg:npm/%40types/node@20.1.0"));
        assert_eq!(types.scope, Scope::Dev);
        assert_eq!(find("/fsevents@2.3.3").scope, Scope::Optional);
        assert_eq!(
            find("/react-dom@18.2.0(react@18.2.0)").depends_on,
            ["/loose-envify@1.4.0", "/react@18.2.0"]
        );
        assert_eq!(find("/wrap@1.0.0").version.as_deref(), Some("1.0.0"));
        assert_eq!(lock.lock_edges, 7);
    }

    #[test]
    fn version_5_keys() {
        let lock = format!(
            "lockfileVersion: 5.4

specifiers:
  '@types/react-dom': ^18
  react-dom: ^18.2.0

dependencies:
  '@types/react-dom': 18.0.0
  react-dom: 18.2.0_react@18.2.0

packages:

  /@types/react-dom/18.0.0:
    resolution: {{integrity: {A}}}
    dev: false

  /react-dom/18.2.0_react@18.2.0:
    resolution: {{integrity: {B}}}
    dependencies:
      react: 18.2.0
    dev: false

  /react/18.2.0:
    resolution: {{integrity: {A}}}
    dev: false
"
        );
        let lock = read_lockfile("pnpm-lock.yaml", lock.as_bytes(), None).unwrap();
        assert_eq!(lock.format_version.as_deref(), Some("5.4"));
        assert_eq!(
            lock.root.depends_on,
            ["/@types/react-dom/18.0.0", "/react-dom/18.2.0_react@18.2.0"]
        );
        let find = |key: &str| lock.components.iter().find(|c| c.key == key).unwrap();
        let react_dom = find("/react-dom/18.2.0_react@18.2.0");
        assert_eq!(react_dom.version.as_deref(), Some("18.2.0"));
        assert_eq!(react_dom.depends_on, ["/react/18.2.0"]);
        assert_eq!(
            find("/@types/react-dom/18.0.0").purl.as_deref(),
            Some("pkg:npm/%40types/react-dom@18.0.0")
        );
        assert_eq!(lock.lock_edges, 3);
    }

    #[test]
    fn the_env_lockfile_document_is_not_the_project() {
        let lock = format!(
            "---
lockfileVersion: '9.0'

importers:

  .:
    configDependencies: {{}}
    packageManagerDependencies:
      pnpm:
        specifier: 11.0.0
        version: 11.0.0

packages:

  pnpm@11.0.0:
    resolution: {{integrity: {A}}}

snapshots:

  pnpm@11.0.0: {{}}

---
lockfileVersion: '9.0'

importers:

  .:
    dependencies:
      react:
        specifier: ^18.2.0
        version: 18.2.0

packages:

  react@18.2.0:
    resolution: {{integrity: {A}}}

snapshots:

  react@18.2.0: {{}}
"
        );
        let lock = read_lockfile("pnpm-lock.yaml", lock.as_bytes(), None).unwrap();
        let keys: Vec<&str> = lock.components.iter().map(|c| c.key.as_str()).collect();
        assert_eq!(keys, ["react@18.2.0"]);
        assert_eq!(lock.root.depends_on, ["react@18.2.0"]);
    }

    #[test]
    fn broken_locks_are_errors_with_the_line() {
        let err = read_lockfile(
            "pnpm-lock.yaml",
            b"lockfileVersion: '9.0'\nimporters:\n  .: {\n    dependencies\n",
            None,
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("pnpm-lock.yaml:"), "{err}");
        assert!(err.contains("not valid YAML"), "{err}");
        let err = read_lockfile("pnpm-lock.yaml", b"lockfileVersion: '4.0'\n", None)
            .unwrap_err()
            .to_string();
        assert!(err.contains("lockfileVersion 4.0"), "{err}");
        for bad in [
            &b""[..],
            b"- a\n",
            b"packages: {}\n",
            b"lockfileVersion: '9.0'\nsnapshots: [1]\n",
        ] {
            assert!(
                read_lockfile("pnpm-lock.yaml", bad, None).is_err(),
                "{bad:?}"
            );
        }
        // A reference to nothing the lockfile holds is no edge.
        let lock = read_lockfile(
            "pnpm-lock.yaml",
            b"lockfileVersion: '9.0'\nimporters:\n  .:\n    dependencies:\n      gone:\n        specifier: ^1\n        version: 1.0.0\n",
            None,
        )
        .unwrap();
        assert!(lock.root.depends_on.is_empty());
        assert_eq!(lock.lock_edges, 0);
    }

    #[test]
    fn a_version_that_is_not_text_is_an_error_not_a_purl() {
        let lock = "lockfileVersion: '9.0'\n\nimporters:\n  .:\n    dependencies:\n      a:\n        specifier: ^1.0.0\n        version: [1]\n\npackages:\n  a@1.0.0:\n    resolution: {integrity: sha512-x}\n";
        let err = read_lockfile("pnpm-lock.yaml", lock.as_bytes(), None).unwrap_err();
        assert_eq!(
            err.to_string(),
            "`pnpm-lock.yaml`: `importers[\".\"].dependencies.a.version`: expected a version string"
        );
    }
}
