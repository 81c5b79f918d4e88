//! `Cargo.lock`, v1 to v4: `[[package]]` entries with their sources and
//! checksums (in `[metadata]` for v1), and dependencies written `name`,
//! `name version` or `name version (source)`; target-specific ones included,
//! as the lock is the union over platforms.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::purl::Purl;
use super::{Algorithm, Component, Hash, LockKind, Lockfile, Source, invalid, toml_error, tops};
use crate::Result;

#[derive(Deserialize)]
struct Lock {
    version: Option<toml::Value>,
    #[serde(default)]
    package: Vec<Package>,
    #[serde(default)]
    metadata: BTreeMap<String, toml::Value>,
}

#[derive(Deserialize)]
struct Package {
    name: String,
    version: String,
    source: Option<String>,
    checksum: Option<String>,
    #[serde(default)]
    dependencies: Vec<String>,
}

#[derive(Deserialize)]
struct Manifest {
    package: Option<ManifestPackage>,
}

#[derive(Deserialize)]
struct ManifestPackage {
    name: String,
}

const CRATES_IO: &str = "registry+https://github.com/rust-lang/crates.io-index";

pub(super) fn read(
    path: &str,
    text: &str,
    manifest: Option<&str>,
    folder: &str,
) -> Result<Lockfile> {
    let lock: Lock = toml::from_str(text).map_err(|err| toml_error(path, text, &err))?;
    let format_version = match &lock.version {
        Some(toml::Value::Integer(version)) if (3..=4).contains(version) => {
            Some(version.to_string())
        }
        Some(other) => {
            return Err(invalid(
                path,
                None,
                format!("lockfile version {other} is not one cicd reads (1 to 4)"),
            ));
        }
        None if lock
            .package
            .iter()
            .any(|package| package.checksum.is_some()) =>
        {
            Some("2".to_owned())
        }
        None => Some("1".to_owned()),
    };
    // Keys: `name@version`, with the source when two packages share both.
    let mut seen: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    for package in &lock.package {
        *seen.entry((&package.name, &package.version)).or_default() += 1;
    }
    let key = |package: &Package| {
        if seen[&(package.name.as_str(), package.version.as_str())] > 1 {
            format!(
                "{}@{} ({})",
                package.name,
                package.version,
                package.source.as_deref().unwrap_or("path")
            )
        } else {
            format!("{}@{}", package.name, package.version)
        }
    };
    let keys: Vec<String> = lock.package.iter().map(key).collect();
    let mut by_name: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (at, package) in lock.package.iter().enumerate() {
        by_name.entry(&package.name).or_default().push(at);
    }
    let resolve = |entry: &str| -> Option<usize> {
        let mut parts = entry.splitn(3, ' ');
        let name = parts.next()?;
        let version = parts.next();
        let source = parts
            .next()
            .map(|source| source.trim_start_matches('(').trim_end_matches(')'));
        let candidates = by_name.get(name)?;
        candidates.iter().copied().find(|&at| {
            let package = &lock.package[at];
            version.is_none_or(|version| package.version == version)
                && source.is_none_or(|source| package.source.as_deref() == Some(source))
        })
    };
    let mut lock_edges = 0;
    let mut components = Vec::with_capacity(lock.package.len());
    for (at, package) in lock.package.iter().enumerate() {
        let mut depends_on = Vec::with_capacity(package.dependencies.len());
        for entry in &package.dependencies {
            let target = resolve(entry).ok_or_else(|| {
                invalid(
                    path,
                    None,
                    format!(
                        "`{}` depends on `{entry}`, which the lockfile does not hold",
                        keys[at]
                    ),
                )
            })?;
            depends_on.push(keys[target].clone());
            lock_edges += 1;
        }
        let checksum = package.checksum.clone().or_else(|| {
            // v1: `"checksum name version (source)" = "<hex>"` in `[metadata]`.
            let source = package.source.as_deref()?;
            let key = format!("checksum {} {} ({source})", package.name, package.version);
            lock.metadata.get(&key)?.as_str().map(str::to_owned)
        });
        let hashes = checksum
            .filter(|hex| hex.len() == 64 && hex.bytes().all(|b| b.is_ascii_hexdigit()))
            .map(|hex| Hash {
                algorithm: Algorithm::Sha256,
                hex: hex.to_ascii_lowercase(),
            })
            .into_iter()
            .collect();
        let (source, purl) = source_and_purl(package);
        components.push(Component {
            key: keys[at].clone(),
            name: package.name.clone(),
            version: Some(package.version.clone()),
            purl,
            hashes,
            source,
            depends_on,
            ..Component::default()
        });
    }
    let root_name = manifest
        .and_then(|text| toml::from_str::<Manifest>(text).ok())
        .and_then(|manifest| manifest.package)
        .map(|package| package.name);
    let root_at = root_name.as_deref().and_then(|name| {
        components.iter().position(|component| {
            component.name == name && component.source == Source::Path(String::new())
        })
    });
    let root = match root_at {
        Some(at) => components.remove(at),
        None => {
            // A virtual workspace: the members nothing else depends on.
            let members: Vec<Component> = components
                .iter()
                .filter(|component| matches!(&component.source, Source::Path(_)))
                .cloned()
                .collect();
            Component {
                key: format!("{folder}/"),
                name: folder_name(folder),
                depends_on: tops(&members),
                source: Source::Path(String::new()),
                ..Component::default()
            }
        }
    };
    Ok(Lockfile {
        path: path.to_owned(),
        kind: LockKind::Cargo,
        format_version,
        sha256: String::new(),
        root,
        components,
        lock_edges,
    })
}

/// The source of a package and its purl: crates.io ones plain, other
/// registries with `repository_url`, git ones with `vcs_url`.
fn source_and_purl(package: &Package) -> (Source, Option<String>) {
    let purl = Purl::new("cargo", &package.name, Some(&package.version));
    let (source, purl) = match package.source.as_deref() {
        None => (Source::Path(String::new()), purl),
        Some(CRATES_IO) | Some("sparse+https://index.crates.io/") => {
            (Source::Registry(Some("https://crates.io".to_owned())), purl)
        }
        Some(source) => match source.split_once('+') {
            Some(("git", url)) => {
                let (url, revision) = match url.split_once('#') {
                    Some((url, revision)) => (url, Some(revision.to_owned())),
                    None => (url, None),
                };
                let repository = url.split('?').next().unwrap_or(url);
                let vcs = match &revision {
                    Some(revision) => format!("git+{repository}@{revision}"),
                    None => format!("git+{repository}"),
                };
                (
                    Source::Git {
                        url: repository.to_owned(),
                        revision,
                    },
                    purl.with_qualifier("vcs_url", &vcs),
                )
            }
            Some((_, url)) => (
                Source::Registry(Some(url.to_owned())),
                purl.with_qualifier("repository_url", url),
            ),
            None => (Source::Unknown, purl),
        },
    };
    (source, purl.build().ok())
}

/// The last segment of a folder path (`.` for the scanned folder itself).
pub(super) fn folder_name(folder: &str) -> String {
    folder
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .filter(|name| !name.is_empty())
        .unwrap_or(".")
        .to_owned()
}

#[cfg(test)]
mod tests {
    use crate::sbom::read_lockfile;

    #[test]
    fn all_four_lockfile_versions_read_alike() {
        let v1 = "[[package]]\nname = \"app\"\nversion = \"0.1.0\"\ndependencies = [\n \"itoa 1.0.15 (registry+https://github.com/rust-lang/crates.io-index)\",\n]\n\n[[package]]\nname = \"itoa\"\nversion = \"1.0.15\"\nsource = \"registry+https://github.com/rust-lang/crates.io-index\"\n\n[metadata]\n\"checksum itoa 1.0.15 (registry+https://github.com/rust-lang/crates.io-index)\" = \"4a5f13b858c8d314ee3e8f639011f7ccefe71f97f96e50151fb991f267928e2c\"\n";
        let v3 = "version = 3\n\n[[package]]\nname = \"app\"\nversion = \"0.1.0\"\ndependencies = [\n \"itoa\",\n]\n\n[[package]]\nname = \"itoa\"\nversion = \"1.0.15\"\nsource = \"registry+https://github.com/rust-lang/crates.io-index\"\nchecksum = \"4a5f13b858c8d314ee3e8f639011f7ccefe71f97f96e50151fb991f267928e2c\"\n";
        let manifest = "[package]\nname = \"app\"\n";
        let one = read_lockfile("Cargo.lock", v1.as_bytes(), Some(manifest)).unwrap();
        let three = read_lockfile("Cargo.lock", v3.as_bytes(), Some(manifest)).unwrap();
        assert_eq!(one.format_version.as_deref(), Some("1"));
        assert_eq!(three.format_version.as_deref(), Some("3"));
        assert_eq!(one.components, three.components);
        assert_eq!(one.root.depends_on, ["itoa@1.0.15"]);
        assert_eq!(one.components[0].hashes[0].hex.len(), 64);
        assert_eq!(one.lock_edges, 1);
    }

    #[test]
    fn duplicate_names_git_sources_and_virtual_workspaces() {
        let lock = "version = 4\n\n[[package]]\nname = \"a\"\nversion = \"0.1.0\"\ndependencies = [\"dup 1.0.0\", \"dup 2.0.0\", \"g\"]\n\n[[package]]\nname = \"b\"\nversion = \"0.1.0\"\ndependencies = [\"a\"]\n\n[[package]]\nname = \"dup\"\nversion = \"1.0.0\"\nsource = \"registry+https://github.com/rust-lang/crates.io-index\"\n\n[[package]]\nname = \"dup\"\nversion = \"2.0.0\"\nsource = \"registry+https://github.com/rust-lang/crates.io-index\"\n\n[[package]]\nname = \"g\"\nversion = \"0.3.0\"\nsource = \"git+https://github.com/acme/g?branch=main#0123abc\"\n";
        let read = read_lockfile("ws/Cargo.lock", lock.as_bytes(), None).unwrap();
        assert_eq!(read.root.name, "ws");
        assert_eq!(read.root.depends_on, ["b@0.1.0"]);
        let a = &read.components[0];
        assert_eq!(a.depends_on, ["dup@1.0.0", "dup@2.0.0", "g@0.3.0"]);
        let g = read.components.iter().find(|c| c.name == "g").unwrap();
        assert_eq!(
            g.purl.as_deref(),
            Some("pkg:cargo/g@0.3.0?vcs_url=git%2Bhttps:%2F%2Fgithub.com%2Facme%2Fg%400123abc")
        );
        assert!(g.hashes.is_empty());
        assert_eq!(read.lock_edges, 4);
    }

    #[test]
    fn broken_locks_are_errors_with_the_line() {
        let err =
            read_lockfile("Cargo.lock", b"version = 4\n[[package]]\nname = \n", None).unwrap_err();
        assert!(err.to_string().contains("Cargo.lock:3"), "{err}");
        let err = read_lockfile("Cargo.lock", b"version = 9\n", None).unwrap_err();
        assert!(err.to_string().contains("lockfile version 9"), "{err}");
        let dangling = "version = 4\n[[package]]\nname = \"a\"\nversion = \"1.0.0\"\ndependencies = [\"ghost\"]\n";
        let err = read_lockfile("Cargo.lock", dangling.as_bytes(), None).unwrap_err();
        assert!(
            err.to_string().contains("`a@1.0.0` depends on `ghost`"),
            "{err}"
        );
        assert!(read_lockfile("Cargo.lock", &[0xff, 0xfe], None).is_err());
    }
}
