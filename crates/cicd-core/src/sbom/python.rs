//! Python lockfiles: `poetry.lock` and `uv.lock`. Names are PEP 503
//! normalised on both sides of every edge (the lockfiles' dependency keys are
//! not: `charset_normalizer`, `jaraco.classes`); extras become edges only
//! where something activates them; per-file hashes go on the distributions.
//! Which packages are for development comes from the lockfile's `groups`, or
//! from `pyproject.toml`'s dependency groups by reachability.

use std::collections::{BTreeMap, BTreeSet};

use serde::Deserialize;
use toml::Value;

use super::purl::{Purl, pep503};
use super::{
    Component, Distribution, LockKind, Lockfile, Scope, Source, assign_scopes, encoding, invalid,
    toml_error,
};
use crate::Result;

/// The project a `pyproject.toml` declares: its name and version, and the
/// names it depends on at run time and for development.
#[derive(Debug, Default)]
pub(super) struct Project {
    pub(super) name: Option<String>,
    pub(super) version: Option<String>,
    pub(super) runtime: Vec<String>,
    pub(super) dev: Vec<String>,
}

/// The distribution name at the start of a PEP 508 requirement
/// (`requests[socks]>=2 ; python_version>"3"` → `requests`).
pub(super) fn requirement_name(requirement: &str) -> Option<String> {
    let name: String = requirement
        .trim()
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
        .collect();
    (!name.is_empty()).then(|| pep503(&name))
}

pub(super) fn project(manifest: Option<&str>) -> Project {
    let Some(document) = manifest.and_then(|text| text.parse::<toml::Table>().ok()) else {
        return Project::default();
    };
    let mut project = Project::default();
    let strings = |value: Option<&Value>| -> Vec<String> {
        value
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .filter_map(requirement_name)
            .collect()
    };
    if let Some(table) = document.get("project").and_then(Value::as_table) {
        project.name = table.get("name").and_then(Value::as_str).map(str::to_owned);
        project.version = table
            .get("version")
            .and_then(Value::as_str)
            .map(str::to_owned);
        project.runtime.extend(strings(table.get("dependencies")));
    }
    if let Some(groups) = document.get("dependency-groups").and_then(Value::as_table) {
        for group in groups.values() {
            project.dev.extend(strings(Some(group)));
        }
    }
    let poetry = document
        .get("tool")
        .and_then(|tool| tool.get("poetry"))
        .and_then(Value::as_table);
    if let Some(poetry) = poetry {
        project.name = project.name.or_else(|| {
            poetry
                .get("name")
                .and_then(Value::as_str)
                .map(str::to_owned)
        });
        project.version = project.version.or_else(|| {
            poetry
                .get("version")
                .and_then(Value::as_str)
                .map(str::to_owned)
        });
        let keys = |table: Option<&Value>| -> Vec<String> {
            table
                .and_then(Value::as_table)
                .into_iter()
                .flat_map(|table| table.keys())
                .filter(|key| *key != "python")
                .map(|key| pep503(key))
                .collect()
        };
        project.runtime.extend(keys(poetry.get("dependencies")));
        project.dev.extend(keys(poetry.get("dev-dependencies")));
        if let Some(groups) = poetry.get("group").and_then(Value::as_table) {
            for (name, group) in groups {
                let names = keys(group.get("dependencies"));
                if name == "main" {
                    project.runtime.extend(names);
                } else {
                    project.dev.extend(names);
                }
            }
        }
    }
    project
}

/// `name@version` keys, with a number when a name and version repeat.
fn keys<'a>(packages: impl Iterator<Item = (&'a str, &'a str)>) -> Vec<String> {
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    packages
        .map(|(name, version)| {
            let key = format!("{}@{version}", pep503(name));
            let count = seen.entry(key.clone()).or_default();
            *count += 1;
            if *count > 1 {
                format!("{key} ({count})")
            } else {
                key
            }
        })
        .collect()
}

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

pub(super) fn read_poetry(
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
            .unwrap_or_else(|| super::cargo::folder_name(folder)),
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

pub(super) fn read_uv(
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
                Some(Distribution {
                    url: file.url.clone().or_else(|| file.path.clone())?,
                    hashes: file
                        .hash
                        .as_deref()
                        .and_then(encoding::prefixed)
                        .into_iter()
                        .collect(),
                })
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
            name: super::cargo::folder_name(folder),
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

#[cfg(test)]
mod tests {
    use crate::sbom::{Scope, read_lockfile};

    #[test]
    fn poetry_names_normalise_and_extras_are_no_edges() {
        let lock = r#"
[[package]]
name = "requests"
version = "2.32.3"
optional = false
groups = ["main"]
files = [{file = "requests-2.32.3-py3-none-any.whl", hash = "sha256:70761cfe03c773ceb22aa2f671b4757976145175cdfca038c02654d061d6dcc6"}]

[package.dependencies]
charset_normalizer = ">=2,<4"
PySocks = {version = ">=1.5.6", optional = true}

[package.extras]
socks = ["PySocks (>=1.5.6,!=1.5.7)"]
use-chardet = ["chardet (>=3.0.2,<6)"]

[[package]]
name = "charset-normalizer"
version = "3.4.0"
optional = false
groups = ["main"]
files = []

[[package]]
name = "pytest"
version = "8.3.0"
optional = false
groups = ["dev"]
files = []

[metadata]
lock-version = "2.1"
"#;
        let read = read_lockfile(
            "poetry.lock",
            lock.as_bytes(),
            Some("[project]\nname = \"app\"\ndependencies = [\"requests\"]\n"),
        )
        .unwrap();
        let requests = read
            .components
            .iter()
            .find(|c| c.name == "requests")
            .unwrap();
        assert_eq!(requests.depends_on, ["charset-normalizer@3.4.0"]);
        assert_eq!(requests.purl.as_deref(), Some("pkg:pypi/requests@2.32.3"));
        assert_eq!(requests.distributions[0].hashes[0].hex.len(), 64);
        assert_eq!(read.root.name, "app");
        assert_eq!(read.root.depends_on, ["requests@2.32.3"]);
        assert_eq!(
            read.components
                .iter()
                .find(|c| c.name == "pytest")
                .unwrap()
                .scope,
            Scope::Dev
        );
        assert_eq!(read.lock_edges, 1);
    }

    #[test]
    fn uv_projects_forks_extras_and_dev_groups() {
        let lock = r#"version = 1
revision = 3
requires-python = ">=3.11"

[[package]]
name = "app"
version = "0.1.0"
source = { editable = "." }
dependencies = [{ name = "httpx", extra = ["http2"] }, { name = "zope-interface", version = "8.0.1", source = { registry = "https://pypi.org/simple" }, marker = "python_full_version < '3.12'" }]

[package.dev-dependencies]
dev = [{ name = "pytest" }]

[[package]]
name = "httpx"
version = "0.28.1"
source = { registry = "https://pypi.org/simple" }
dependencies = [{ name = "anyio" }]
sdist = { url = "https://files.pythonhosted.org/httpx-0.28.1.tar.gz", hash = "sha256:75e98c5f16b0f35b567856f597f06ff2270a374470a5c2392242528e3e3e42fc", size = 141406 }

[package.optional-dependencies]
http2 = [{ name = "h2" }]
brotli = [{ name = "brotli" }]

[[package]]
name = "anyio"
version = "4.0.0"
source = { registry = "https://pypi.org/simple" }

[[package]]
name = "h2"
version = "4.1.0"
source = { registry = "https://pypi.org/simple" }

[[package]]
name = "pytest"
version = "8.3.0"
source = { registry = "https://pypi.org/simple" }
dependencies = [{ name = "anyio" }]

[[package]]
name = "zope-interface"
version = "8.0.1"
source = { registry = "https://pypi.org/simple" }

[[package]]
name = "zope-interface"
version = "8.7"
source = { registry = "https://pypi.org/simple" }
"#;
        let read = read_lockfile("uv.lock", lock.as_bytes(), None).unwrap();
        assert_eq!(read.format_version.as_deref(), Some("1.3"));
        assert_eq!(read.root.name, "app");
        assert_eq!(
            read.root.depends_on,
            ["httpx@0.28.1", "pytest@8.3.0", "zope-interface@8.0.1"]
        );
        let find = |key: &str| read.components.iter().find(|c| c.key == key).unwrap();
        assert_eq!(find("httpx@0.28.1").depends_on, ["anyio@4.0.0", "h2@4.1.0"]);
        assert_eq!(find("pytest@8.3.0").scope, Scope::Dev);
        assert_eq!(find("anyio@4.0.0").scope, Scope::Required);
        assert_eq!(find("httpx@0.28.1").distributions[0].hashes.len(), 1);
        assert_eq!(read.components.len(), 6);
        assert_eq!(read.lock_edges, 6);
        assert!(read_lockfile("uv.lock", b"version = 2\n", None).is_err());
    }
}
