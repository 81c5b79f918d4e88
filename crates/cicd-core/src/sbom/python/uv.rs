//! `uv.lock`: packages, their distributions' hashes, and the workspace's
//! dependency groups for scopes.

use std::collections::{BTreeMap, BTreeSet};

use serde::Deserialize;
use toml::Value;

use super::{keys, project};
use crate::Result;
use crate::sbom::purl::{Purl, pep503};
use crate::sbom::{
    Component, Distribution, LockKind, Lockfile, Scope, Source, assign_scopes, invalid, toml_error,
};

#[derive(Deserialize)]
struct UvLock {
    version: Option<i64>,
    revision: Option<i64>,
    #[serde(default)]
    package: Vec<UvPackage>,
}

#[derive(Deserialize)]
struct UvPackage {
    name: String,
    version: Option<String>,
    #[serde(default)]
    source: toml::Table,
    #[serde(default)]
    dependencies: Vec<UvDependency>,
    #[serde(default, rename = "optional-dependencies")]
    optional_dependencies: BTreeMap<String, Vec<UvDependency>>,
    #[serde(default, rename = "dev-dependencies")]
    dev_dependencies: BTreeMap<String, Vec<UvDependency>>,
    sdist: Option<UvFile>,
    #[serde(default)]
    wheels: Vec<UvFile>,
}

#[derive(Deserialize)]
struct UvDependency {
    name: String,
    version: Option<String>,
    #[serde(default)]
    extra: Vec<String>,
}

#[derive(Deserialize)]
struct UvFile {
    url: Option<String>,
    path: Option<String>,
    hash: Option<String>,
}

pub(in crate::sbom) fn read_uv(
    path: &str,
    text: &str,
    manifest: Option<&str>,
    folder: &str,
) -> Result<Lockfile> {
    let lock: UvLock = toml::from_str(text).map_err(|err| toml_error(path, text, &err))?;
    if let Some(version) = lock.version.filter(|version| *version != 1) {
        return Err(invalid(
            path,
            None,
            format!("version {version} is not one cicd reads (1)"),
        ));
    }
    let format_version = lock.version.map(|version| match lock.revision {
        Some(revision) => format!("{version}.{revision}"),
        None => version.to_string(),
    });
    let keys = keys(
        lock.package
            .iter()
            .map(|p| (p.name.as_str(), p.version.as_deref().unwrap_or("0"))),
    );
    let mut by_name: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (at, package) in lock.package.iter().enumerate() {
        by_name.entry(pep503(&package.name)).or_default().push(at);
    }
    let resolve = |dependency: &UvDependency| -> Vec<usize> {
        by_name
            .get(&pep503(&dependency.name))
            .into_iter()
            .flatten()
            .copied()
            .filter(|&at| {
                dependency
                    .version
                    .as_deref()
                    .is_none_or(|version| lock.package[at].version.as_deref() == Some(version))
            })
            .collect()
    };
    // Extras some dependency entry asks for, per package.
    let mut activated: BTreeMap<usize, BTreeSet<&str>> = BTreeMap::new();
    for package in &lock.package {
        let entries = package
            .dependencies
            .iter()
            .chain(package.optional_dependencies.values().flatten())
            .chain(package.dev_dependencies.values().flatten());
        for dependency in entries {
            for target in resolve(dependency) {
                activated
                    .entry(target)
                    .or_default()
                    .extend(dependency.extra.iter().map(String::as_str));
            }
        }
    }
    let is_project = |package: &UvPackage| {
        package.source.contains_key("virtual") || package.source.contains_key("editable")
    };
    let mut lock_edges = 0;
    let mut components = Vec::with_capacity(lock.package.len());
    let mut runtime = Vec::new();
    let mut dev = Vec::new();
    let project_name = project(manifest).name.map(|name| pep503(&name));
    let mut root_at = None;
    for (at, package) in lock.package.iter().enumerate() {
        let mut depends_on = Vec::new();
        let mut edge = |dependency: &UvDependency, into: &mut Vec<String>| {
            for target in resolve(dependency) {
                into.push(keys[target].clone());
                lock_edges += 1;
            }
        };
        for dependency in &package.dependencies {
            edge(dependency, &mut depends_on);
        }
        for extra in activated.get(&at).into_iter().flatten() {
            for dependency in package
                .optional_dependencies
                .get(*extra)
                .into_iter()
                .flatten()
            {
                edge(dependency, &mut depends_on);
            }
        }
        let mut dev_edges = Vec::new();
        for dependency in package.dev_dependencies.values().flatten() {
            edge(dependency, &mut dev_edges);
        }
        if is_project(package) {
            runtime.extend(depends_on.iter().cloned());
            dev.extend(dev_edges.iter().cloned());
            if root_at.is_none()
                && project_name
                    .as_deref()
                    .is_none_or(|name| pep503(&package.name) == name)
            {
                root_at = Some(components.len());
            }
        }
        depends_on.extend(dev_edges);
        let (source, purl) = uv_source(package);
        let mut distributions: Vec<Distribution> = package
            .sdist
            .iter()
            .chain(&package.wheels)
            .filter_map(|file| {
                Distribution::of_file(file.url.as_ref(), file.path.as_ref(), file.hash.as_deref())
            })
            .collect();
        distributions.sort();
        components.push(Component {
            key: keys[at].clone(),
            name: package.name.clone(),
            version: package.version.clone(),
            purl,
            distributions,
            source,
            depends_on,
            ..Component::default()
        });
    }
    assign_scopes(&mut components, &runtime, &dev);
    let root = match root_at {
        Some(at) => {
            let mut root = components.remove(at);
            root.scope = Scope::Required;
            root
        }
        None => Component {
            key: format!("{folder}/"),
            name: crate::sbom::cargo::folder_name(folder),
            source: Source::Path(String::new()),
            depends_on: components
                .iter()
                .filter(|component| matches!(component.source, Source::Path(_)))
                .map(|component| component.key.clone())
                .collect(),
            ..Component::default()
        },
    };
    Ok(Lockfile {
        path: path.to_owned(),
        kind: LockKind::Uv,
        format_version,
        sha256: String::new(),
        root,
        components,
        lock_edges,
    })
}

fn uv_source(package: &UvPackage) -> (Source, Option<String>) {
    let purl = Purl::new("pypi", &package.name, package.version.as_deref());
    let text = |key: &str| {
        package
            .source
            .get(key)
            .and_then(Value::as_str)
            .map(str::to_owned)
    };
    if let Some(registry) = text("registry") {
        let purl = if registry.trim_end_matches('/') == "https://pypi.org/simple" {
            purl
        } else {
            purl.with_qualifier("repository_url", &registry)
        };
        return (Source::Registry(Some(registry)), purl.build().ok());
    }
    if let Some(git) = text("git") {
        let (url, revision) = match git.split_once('#') {
            Some((url, revision)) => (url.to_owned(), Some(revision.to_owned())),
            None => (git.clone(), None),
        };
        let repository = url.split('?').next().unwrap_or(&url).to_owned();
        let vcs = match &revision {
            Some(revision) => format!("git+{repository}@{revision}"),
            None => format!("git+{repository}"),
        };
        return (
            Source::Git {
                url: repository,
                revision,
            },
            purl.with_qualifier("vcs_url", &vcs).build().ok(),
        );
    }
    if let Some(url) = text("url") {
        return (
            Source::Registry(Some(url.clone())),
            purl.with_qualifier("download_url", &url).build().ok(),
        );
    }
    for key in ["virtual", "editable", "path", "directory"] {
        if let Some(folder) = text(key) {
            return (Source::Path(folder), purl.build().ok());
        }
    }
    (Source::Unknown, purl.build().ok())
}
