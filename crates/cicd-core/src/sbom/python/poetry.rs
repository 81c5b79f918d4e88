//! `poetry.lock`: packages, their files' hashes, and groups or
//! `pyproject.toml`'s dependency groups for scopes.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Value;

use super::{keys, project};
use crate::Result;
use crate::sbom::purl::{Purl, pep503};
use crate::sbom::{
    Component, Distribution, LockKind, Lockfile, Scope, Source, assign_scopes, encoding, invalid,
    toml_error,
};

#[derive(Deserialize)]
struct PoetryLock {
    #[serde(default)]
    package: Vec<PoetryPackage>,
    #[serde(default)]
    metadata: toml::Table,
}

#[derive(Deserialize)]
struct PoetryPackage {
    name: String,
    version: String,
    #[serde(default)]
    optional: bool,
    groups: Option<Vec<String>>,
    #[serde(default)]
    files: Vec<PoetryFile>,
    #[serde(default)]
    dependencies: toml::Table,
    source: Option<PoetrySource>,
}

#[derive(Deserialize)]
struct PoetryFile {
    file: String,
    hash: String,
}

#[derive(Deserialize)]
struct PoetrySource {
    #[serde(rename = "type")]
    kind: String,
    url: Option<String>,
    reference: Option<String>,
    resolved_reference: Option<String>,
}

pub(in crate::sbom) fn read_poetry(
    path: &str,
    text: &str,
    manifest: Option<&str>,
    folder: &str,
) -> Result<Lockfile> {
    let lock: PoetryLock = toml::from_str(text).map_err(|err| toml_error(path, text, &err))?;
    let format_version = lock
        .metadata
        .get("lock-version")
        .and_then(Value::as_str)
        .map(str::to_owned);
    if let Some(version) = &format_version {
        if !version.starts_with("1.") && !version.starts_with("2.") {
            return Err(invalid(
                path,
                None,
                format!("lock-version {version} is not one cicd reads (1.x, 2.x)"),
            ));
        }
    }
    let keys = keys(
        lock.package
            .iter()
            .map(|p| (p.name.as_str(), p.version.as_str())),
    );
    let mut by_name: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (at, package) in lock.package.iter().enumerate() {
        by_name.entry(pep503(&package.name)).or_default().push(at);
    }
    let mut lock_edges = 0;
    let mut components = Vec::with_capacity(lock.package.len());
    for (at, package) in lock.package.iter().enumerate() {
        // An optional dependency is an edge only when its extra is
        // activated: then the lockfile holds its package.
        let mut depends_on = Vec::new();
        for name in package.dependencies.keys() {
            for &target in by_name.get(&pep503(name)).into_iter().flatten() {
                depends_on.push(keys[target].clone());
                lock_edges += 1;
            }
        }
        let scope = match &package.groups {
            Some(groups) if !groups.iter().any(|group| group == "main") => Scope::Dev,
            _ if package.optional => Scope::Optional,
            _ => Scope::Required,
        };
        let (source, purl) = poetry_source(package);
        components.push(Component {
            key: keys[at].clone(),
            name: package.name.clone(),
            version: Some(package.version.clone()),
            purl,
            distributions: package
                .files
                .iter()
                .map(|file| Distribution {
                    url: file.file.clone(),
                    hashes: encoding::prefixed(&file.hash).into_iter().collect(),
                })
                .collect(),
            scope,
            source,
            depends_on,
            ..Component::default()
        });
    }
    let project = project(manifest);
    let resolve = |names: &[String]| -> Vec<String> {
        names
            .iter()
            .flat_map(|name| by_name.get(name).into_iter().flatten())
            .map(|&at| keys[at].clone())
            .collect()
    };
    let runtime = resolve(&project.runtime);
    let dev = resolve(&project.dev);
    if lock.package.iter().all(|package| package.groups.is_none()) {
        assign_scopes(&mut components, &runtime, &dev);
    }
    let mut depends_on = runtime;
    depends_on.extend(dev);
    let root = Component {
        key: format!("{folder}/"),
        name: project
            .name
            .unwrap_or_else(|| crate::sbom::cargo::folder_name(folder)),
        version: project.version,
        source: Source::Path(String::new()),
        depends_on,
        ..Component::default()
    };
    Ok(Lockfile {
        path: path.to_owned(),
        kind: LockKind::Poetry,
        format_version,
        sha256: String::new(),
        root,
        components,
        lock_edges,
    })
}

fn poetry_source(package: &PoetryPackage) -> (Source, Option<String>) {
    let purl = Purl::new("pypi", &package.name, Some(&package.version));
    let Some(source) = &package.source else {
        return (Source::Registry(None), purl.build().ok());
    };
    let url = source.url.clone().unwrap_or_default();
    match source.kind.as_str() {
        "git" => {
            let revision = source
                .resolved_reference
                .clone()
                .or_else(|| source.reference.clone());
            let vcs = match &revision {
                Some(revision) => format!("git+{url}@{revision}"),
                None => format!("git+{url}"),
            };
            (
                Source::Git { url, revision },
                purl.with_qualifier("vcs_url", &vcs).build().ok(),
            )
        }
        "directory" | "file" => (Source::Path(url), purl.build().ok()),
        "legacy" => (
            Source::Registry(Some(url.clone())),
            purl.with_qualifier("repository_url", &url).build().ok(),
        ),
        _ => (
            Source::Registry(Some(url.clone())),
            purl.with_qualifier("download_url", &url).build().ok(),
        ),
    }
}
