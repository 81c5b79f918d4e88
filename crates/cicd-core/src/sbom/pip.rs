//! The other Python lockfiles: `Pipfile.lock` (flat, with hashes; its
//! `develop` packages for development), `pdm.lock` (groups, PEP 508
//! dependency strings) and pip's `requirements*.txt` (pins, `--hash`
//! options, `-r` includes, editable and VCS entries, and the `# via`
//! comments pip-tools and uv write, which give the graph).

use std::collections::{BTreeMap, BTreeSet};

use serde::Deserialize;
use serde_json::Value;

use super::purl::{Purl, pep503};
use super::python::{project, requirement_name};
use super::{
    Component, Distribution, LockKind, Lockfile, Scope, Source, assign_scopes, encoding, invalid,
    toml_error,
};
use crate::Result;

/// `Pipfile.lock`: `default` and `develop` maps of name → `{version:
/// "==x", hashes, index, git, ref}`; the root depends on what the `Pipfile`
/// beside it declares.
pub(super) fn read_pipenv(
    path: &str,
    text: &str,
    manifest: Option<&str>,
    folder: &str,
) -> Result<Lockfile> {
    let json: Value = serde_json::from_str(text)
        .map_err(|err| invalid(path, Some(err.line()), format!("not valid JSON: {err}")))?;
    let Some(object) = json.as_object() else {
        return Err(invalid(
            path,
            Some(1),
            "expected a JSON object with `default` and `develop`",
        ));
    };
    let format_version = object
        .get("_meta")
        .and_then(|meta| meta.get("pipfile-spec"))
        .map(|spec| spec.to_string());
    let indexes: BTreeMap<String, String> = object
        .get("_meta")
        .and_then(|meta| meta.get("sources"))
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|source| {
            Some((
                source.get("name")?.as_str()?.to_owned(),
                source.get("url")?.as_str()?.to_owned(),
            ))
        })
        .collect();
    let mut components: BTreeMap<String, Component> = BTreeMap::new();
    for (section, scope) in [("default", Scope::Required), ("develop", Scope::Dev)] {
        let Some(entries) = object.get(section).and_then(Value::as_object) else {
            continue;
        };
        for (name, entry) in entries {
            let key = pep503(name);
            if let Some(known) = components.get_mut(&key) {
                // In both: needed at run time.
                known.scope = known.scope.min(scope);
                continue;
            }
            let text = |field: &str| entry.get(field).and_then(Value::as_str);
            let version = text("version").map(|pin| pin.trim_start_matches('=').to_owned());
            let source = match (text("git"), text("path")) {
                (Some(url), _) => Source::Git {
                    url: url.to_owned(),
                    revision: text("ref").map(str::to_owned),
                },
                (None, Some(folder)) => Source::Path(folder.to_owned()),
                (None, None) => {
                    Source::Registry(text("index").and_then(|index| indexes.get(index)).cloned())
                }
            };
            let hashes: Vec<super::Hash> = entry
                .get("hashes")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .filter_map(encoding::prefixed)
                .collect();
            let index_url = match &source {
                Source::Registry(Some(url)) => url.trim_end_matches('/').to_owned(),
                _ => "https://pypi.org/simple".to_owned(),
            };
            components.insert(
                key.clone(),
                Component {
                    key: key.clone(),
                    name: name.clone(),
                    purl: python_purl(name, version.as_deref(), &source),
                    version,
                    distributions: if hashes.is_empty() {
                        Vec::new()
                    } else {
                        vec![Distribution {
                            url: format!("{index_url}/{key}/"),
                            hashes,
                        }]
                    },
                    scope,
                    source,
                    ..Component::default()
                },
            );
        }
    }
    // The `Pipfile` (TOML) names the direct dependencies.
    let declared = |table: &str| -> Vec<String> {
        manifest
            .and_then(|text| text.parse::<toml::Table>().ok())
            .and_then(|pipfile| pipfile.get(table).and_then(toml::Value::as_table).cloned())
            .map(|table| table.keys().map(|name| pep503(name)).collect())
            .unwrap_or_default()
    };
    let mut depends_on: Vec<String> = declared("packages");
    depends_on.extend(declared("dev-packages"));
    depends_on.retain(|key| components.contains_key(key));
    Ok(Lockfile {
        path: path.to_owned(),
        kind: LockKind::Pipenv,
        format_version,
        sha256: String::new(),
        root: root(folder, None, None, depends_on),
        components: components.into_values().collect(),
        lock_edges: 0,
    })
}

fn root(
    folder: &str,
    name: Option<String>,
    version: Option<String>,
    depends_on: Vec<String>,
) -> Component {
    Component {
        key: format!("{folder}/"),
        name: name.unwrap_or_else(|| super::cargo::folder_name(folder)),
        version,
        source: Source::Path(String::new()),
        depends_on,
        ..Component::default()
    }
}

/// A PyPI purl, with `vcs_url` for a git source.
fn python_purl(name: &str, version: Option<&str>, source: &Source) -> Option<String> {
    let purl = Purl::new("pypi", name, version);
    let purl = match source {
        Source::Git { url, revision } => {
            let url = if url.starts_with("git+") {
                url.clone()
            } else {
                format!("git+{url}")
            };
            let vcs = match revision {
                Some(revision) => format!("{url}@{revision}"),
                None => url,
            };
            purl.with_qualifier("vcs_url", &vcs)
        }
        _ => purl,
    };
    purl.build().ok()
}

#[derive(Deserialize)]
struct PdmLock {
    #[serde(default)]
    package: Vec<PdmPackage>,
    #[serde(default)]
    metadata: toml::Table,
}

#[derive(Deserialize)]
struct PdmPackage {
    name: String,
    version: Option<String>,
    #[serde(default)]
    groups: Vec<String>,
    #[serde(default)]
    dependencies: Vec<String>,
    #[serde(default)]
    files: Vec<PdmFile>,
    git: Option<String>,
    revision: Option<String>,
    path: Option<String>,
}

#[derive(Deserialize)]
struct PdmFile {
    file: Option<String>,
    url: Option<String>,
    hash: Option<String>,
}

/// `pdm.lock`: `[[package]]` with `groups` (`default` is run time) and PEP
/// 508 `dependencies` strings.
pub(super) fn read_pdm(
    path: &str,
    text: &str,
    manifest: Option<&str>,
    folder: &str,
) -> Result<Lockfile> {
    let lock: PdmLock = toml::from_str(text).map_err(|err| toml_error(path, text, &err))?;
    let format_version = lock
        .metadata
        .get("lock_version")
        .and_then(toml::Value::as_str)
        .map(str::to_owned);
    if let Some(version) = format_version
        .as_deref()
        .filter(|version| !version.starts_with('4'))
    {
        return Err(invalid(
            path,
            None,
            format!("lock_version {version} is not one cicd reads (4.x)"),
        ));
    }
    let key_of = |package: &PdmPackage| match &package.version {
        Some(version) => format!("{}@{version}", pep503(&package.name)),
        None => pep503(&package.name),
    };
    let mut by_name: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for package in &lock.package {
        by_name
            .entry(pep503(&package.name))
            .or_default()
            .push(key_of(package));
    }
    let mut lock_edges = 0;
    let mut components = Vec::new();
    let mut seen = BTreeSet::new();
    for package in &lock.package {
        let key = key_of(package);
        if !seen.insert(key.clone()) {
            continue;
        }
        let mut depends_on = Vec::new();
        for requirement in &package.dependencies {
            for target in requirement_name(requirement)
                .and_then(|name| by_name.get(&name))
                .into_iter()
                .flatten()
            {
                depends_on.push(target.clone());
                lock_edges += 1;
            }
        }
        let source = match (&package.git, &package.path) {
            (Some(url), _) => Source::Git {
                url: url.clone(),
                revision: package.revision.clone(),
            },
            (None, Some(folder)) => Source::Path(folder.clone()),
            (None, None) => Source::Registry(None),
        };
        components.push(Component {
            key,
            name: package.name.clone(),
            purl: python_purl(&package.name, package.version.as_deref(), &source),
            version: package.version.clone(),
            distributions: package
                .files
                .iter()
                .filter_map(|file| {
                    Distribution::of_file(
                        file.url.as_ref(),
                        file.file.as_ref(),
                        file.hash.as_deref(),
                    )
                })
                .collect(),
            scope: if package.groups.is_empty()
                || package.groups.iter().any(|group| group == "default")
            {
                Scope::Required
            } else {
                Scope::Dev
            },
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
            .cloned()
            .collect()
    };
    let mut depends_on = resolve(&project.runtime);
    depends_on.extend(resolve(&project.dev));
    Ok(Lockfile {
        path: path.to_owned(),
        kind: LockKind::Pdm,
        format_version,
        sha256: String::new(),
        root: root(folder, project.name, project.version, depends_on),
        components,
        lock_edges,
    })
}

/// One requirement of a requirements file, as read.
#[derive(Debug, Default)]
struct Requirement {
    name: String,
    version: Option<String>,
    source: Source,
    hashes: Vec<super::Hash>,
    /// The packages `# via` names as its parents (`-r` for the file itself).
    parents: Vec<String>,
}

/// Reads `-r` includes: the text of a file by its path from the scanned
/// folder, `None` when there is no such file.
pub(super) type Include<'a> = &'a dyn Fn(&str) -> Result<Option<String>>;

/// `requirements*.txt`: pins (`==`, `===`), `--hash` options, `\`
/// continuations, `-r` includes (through `include`), `-e` editable paths and
/// VCS URLs, direct references (`name @ url`); the `# via` comments of
/// pip-tools and uv give the edges.
pub(super) fn read_requirements(
    path: &str,
    text: &str,
    folder: &str,
    include: Include<'_>,
) -> Result<Lockfile> {
    let mut requirements = Vec::new();
    let mut visited = BTreeSet::from([path.to_owned()]);
    requirements_of(path, text, include, &mut visited, &mut requirements, 0)?;
    let key_of = |requirement: &Requirement| match &requirement.version {
        Some(version) => format!("{}@{version}", pep503(&requirement.name)),
        None => pep503(&requirement.name),
    };
    let mut by_name: BTreeMap<String, String> = BTreeMap::new();
    for requirement in &requirements {
        by_name
            .entry(pep503(&requirement.name))
            .or_insert_with(|| key_of(requirement));
    }
    let mut components: BTreeMap<String, Component> = BTreeMap::new();
    let mut root_depends = Vec::new();
    let mut lock_edges = 0;
    let mut children: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for requirement in &requirements {
        let key = key_of(requirement);
        let mut direct = requirement.parents.is_empty();
        for parent in &requirement.parents {
            if parent.starts_with("-r") || parent.starts_with("-c") {
                direct = true;
            } else if let Some(parent) = by_name.get(&pep503(parent)) {
                children
                    .entry(parent.clone())
                    .or_default()
                    .push(key.clone());
                lock_edges += 1;
            }
        }
        if direct {
            root_depends.push(key.clone());
        }
        components.entry(key.clone()).or_insert_with(|| Component {
            key: key.clone(),
            name: requirement.name.clone(),
            version: requirement.version.clone(),
            purl: python_purl(
                &requirement.name,
                requirement.version.as_deref(),
                &requirement.source,
            ),
            distributions: if requirement.hashes.is_empty() {
                Vec::new()
            } else {
                vec![Distribution {
                    url: format!("https://pypi.org/simple/{}/", pep503(&requirement.name)),
                    hashes: requirement.hashes.clone(),
                }]
            },
            source: requirement.source.clone(),
            ..Component::default()
        });
    }
    for (parent, keys) in children {
        if let Some(component) = components.get_mut(&parent) {
            component.depends_on.extend(keys);
        }
    }
    let mut components: Vec<Component> = components.into_values().collect();
    assign_scopes(&mut components, &root_depends, &[]);
    Ok(Lockfile {
        path: path.to_owned(),
        kind: LockKind::Requirements,
        format_version: None,
        sha256: String::new(),
        root: root(folder, None, None, root_depends),
        components,
        lock_edges,
    })
}

fn requirements_of(
    path: &str,
    text: &str,
    include: Include<'_>,
    visited: &mut BTreeSet<String>,
    out: &mut Vec<Requirement>,
    depth: usize,
) -> Result<()> {
    if depth > 16 {
        return Err(invalid(path, None, "`-r` includes nest more than 16 deep"));
    }
    // Logical lines: `\` at the end joins the next.
    let mut logical: Vec<(usize, String)> = Vec::new();
    let mut pending: Option<(usize, String)> = None;
    for (number, line) in text.lines().enumerate() {
        let (start, mut joined) = pending.take().unwrap_or((number + 1, String::new()));
        match line.strip_suffix('\\') {
            Some(head) => {
                joined.push_str(head);
                joined.push(' ');
                pending = Some((start, joined));
            }
            None => {
                joined.push_str(line);
                logical.push((start, joined));
            }
        }
    }
    logical.extend(pending);
    for (number, line) in logical {
        let trimmed = line.trim();
        // `# via` comments belong to the requirement above them.
        if let Some(comment) = trimmed.strip_prefix('#') {
            let comment = comment.trim();
            let parent = comment.strip_prefix("via").map(str::trim).or_else(|| {
                // `#   parent` under a bare `# via`.
                (line.starts_with("    #") && !comment.is_empty()).then_some(comment)
            });
            if let (Some(parent), Some(last)) = (parent, out.last_mut()) {
                if !parent.is_empty() {
                    last.parents.push(
                        parent
                            .split_whitespace()
                            .take(2)
                            .collect::<Vec<_>>()
                            .join(" "),
                    );
                }
            }
            continue;
        }
        let content = match trimmed.find(" #") {
            Some(at) => trimmed[..at].trim(),
            None => trimmed,
        };
        if content.is_empty() {
            continue;
        }
        let mut words = content.split_whitespace();
        let first = words.next().unwrap_or_default();
        match first {
            "-r" | "--requirement" => {
                let Some(name) = words.next() else {
                    return Err(invalid(path, Some(number), "`-r` without a file"));
                };
                // pip reads it relative to this file, and so do we, never
                // outside the scanned folder: a file left out would be a
                // hole in the SBOM, so it is an error, as it is to pip.
                let base = path
                    .rsplit_once('/')
                    .map(|(folder, _)| folder)
                    .unwrap_or("");
                let refused = |what: String| {
                    invalid(
                        path,
                        Some(number),
                        format!("`-r {}`: {what}", crate::confined::escape_control(name)),
                    )
                };
                let target =
                    crate::confined::join(base, name).map_err(|what| refused(what.to_owned()))?;
                if visited.insert(target.clone()) {
                    match include(&target).map_err(|err| refused(err.to_string()))? {
                        Some(text) => {
                            requirements_of(&target, &text, include, visited, out, depth + 1)?;
                        }
                        None => {
                            return Err(refused(format!(
                                "no such file `{target}` in the scanned folder"
                            )));
                        }
                    }
                }
                continue;
            }
            "-e" | "--editable" => {
                let Some(target) = words.next() else {
                    return Err(invalid(path, Some(number), "`-e` without a path or URL"));
                };
                out.push(editable(target));
                continue;
            }
            _ if first.starts_with('-') => continue, // index and other options
            _ => {}
        }
        let mut requirement = Requirement::default();
        let (spec, options) = match content.find(" --") {
            Some(at) => (&content[..at], &content[at..]),
            None => (content, ""),
        };
        for option in options.split_whitespace() {
            if let Some(hash) = option.strip_prefix("--hash=").and_then(encoding::prefixed) {
                requirement.hashes.push(hash);
            }
        }
        let spec = spec.split(';').next().unwrap_or(spec).trim();
        if let Some((name, url)) = spec.split_once(" @ ") {
            requirement.name = name.split('[').next().unwrap_or(name).trim().to_owned();
            requirement.source = url_source(url.trim());
        } else {
            let name_end = spec
                .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-')))
                .unwrap_or(spec.len());
            requirement.name = spec[..name_end].to_owned();
            let rest = spec[name_end..].trim_start();
            let rest = match rest.strip_prefix('[') {
                Some(extras) => extras
                    .split_once(']')
                    .map(|(_, after)| after.trim_start())
                    .unwrap_or(""),
                None => rest,
            };
            if let Some(pin) = rest.strip_prefix("===").or_else(|| rest.strip_prefix("==")) {
                let pin = pin.split(',').next().unwrap_or(pin).trim();
                if !pin.contains('*') {
                    requirement.version = Some(pin.to_owned());
                }
            }
            requirement.source = Source::Registry(None);
        }
        if requirement.name.is_empty() {
            return Err(invalid(
                path,
                Some(number),
                format!("`{content}` is no requirement: expected `name==version` or an option"),
            ));
        }
        out.push(requirement);
    }
    Ok(())
}

/// A `-e` entry: a VCS URL (`git+https://…@rev#egg=name`) or a folder.
fn editable(target: &str) -> Requirement {
    let egg = target
        .split_once("#egg=")
        .map(|(_, egg)| egg.split('&').next().unwrap_or(egg).to_owned());
    let name = egg.unwrap_or_else(|| {
        target
            .trim_end_matches('/')
            .rsplit('/')
            .next()
            .unwrap_or(target)
            .to_owned()
    });
    Requirement {
        name,
        source: url_source(target),
        ..Requirement::default()
    }
}

fn url_source(url: &str) -> Source {
    let url = url.split('#').next().unwrap_or(url);
    if let Some(rest) = url.strip_prefix("git+") {
        let (repository, revision) = match rest.rsplit_once('@') {
            Some((repository, revision)) if !revision.contains('/') => {
                (repository.to_owned(), Some(revision.to_owned()))
            }
            _ => (rest.to_owned(), None),
        };
        return Source::Git {
            url: repository,
            revision,
        };
    }
    if url.starts_with("http://") || url.starts_with("https://") {
        return Source::Registry(Some(url.to_owned()));
    }
    Source::Path(url.to_owned())
}

#[cfg(test)]
mod tests {
    use crate::sbom::{Scope, read_lockfile, read_lockfile_with};

    #[test]
    fn pipfile_lock_sections_and_declared_packages() {
        let lock = r#"{"_meta": {"pipfile-spec": 6, "sources": [{"name": "pypi", "url": "https://pypi.org/simple", "verify_ssl": true}]},
            "default": {"requests": {"version": "==2.32.3", "index": "pypi", "hashes": ["sha256:70761cfe03c773ceb22aa2f671b4757976145175cdfca038c02654d061d6dcc6"]},
                        "idna": {"version": "==3.10"},
                        "tool": {"git": "https://github.com/acme/tool.git", "ref": "abc123", "editable": true}},
            "develop": {"pytest": {"version": "==8.3.0"}, "idna": {"version": "==3.10"}}}"#;
        let pipfile = "[packages]\nrequests = \"*\"\n\n[dev-packages]\npytest = \"*\"\n";
        let read = read_lockfile("Pipfile.lock", lock.as_bytes(), Some(pipfile)).unwrap();
        assert_eq!(read.root.depends_on, ["pytest", "requests"]);
        let find = |key: &str| read.components.iter().find(|c| c.key == key).unwrap();
        assert_eq!(
            find("requests").purl.as_deref(),
            Some("pkg:pypi/requests@2.32.3")
        );
        assert_eq!(find("requests").distributions[0].hashes.len(), 1);
        assert_eq!(find("idna").scope, Scope::Required);
        assert_eq!(find("pytest").scope, Scope::Dev);
        assert_eq!(
            find("tool").purl.as_deref(),
            Some("pkg:pypi/tool?vcs_url=git%2Bhttps:%2F%2Fgithub.com%2Facme%2Ftool.git%40abc123")
        );
        assert!(read_lockfile("Pipfile.lock", b"[", None).is_err());
    }

    #[test]
    fn pdm_lock_groups_and_requirement_strings() {
        let lock = "[metadata]\ngroups = [\"default\", \"dev\"]\nlock_version = \"4.5.0\"\n\n[[package]]\nname = \"requests\"\nversion = \"2.32.3\"\ngroups = [\"default\"]\ndependencies = [\"charset-normalizer<4,>=2\", \"PySocks!=1.5.7,>=1.5.6; extra == \\\"socks\\\"\"]\nfiles = [{file = \"requests-2.32.3.tar.gz\", hash = \"sha256:55365417734eb18255590a9ff9eb97e9e1da868d4ccd6402399eaf68af20a760\"}]\n\n[[package]]\nname = \"charset-normalizer\"\nversion = \"3.4.0\"\ngroups = [\"default\"]\n\n[[package]]\nname = \"pytest\"\nversion = \"8.3.0\"\ngroups = [\"dev\"]\n";
        let read = read_lockfile(
            "pdm.lock",
            lock.as_bytes(),
            Some("[project]\nname = \"app\"\ndependencies = [\"requests\"]\n"),
        )
        .unwrap();
        assert_eq!(read.format_version.as_deref(), Some("4.5.0"));
        assert_eq!(read.root.depends_on, ["requests@2.32.3"]);
        let find = |key: &str| read.components.iter().find(|c| c.key == key).unwrap();
        assert_eq!(
            find("requests@2.32.3").depends_on,
            ["charset-normalizer@3.4.0"]
        );
        assert_eq!(find("pytest@8.3.0").scope, Scope::Dev);
        assert_eq!(read.lock_edges, 1);
        assert!(read_lockfile("pdm.lock", b"[metadata]\nlock_version = \"3.0\"\n", None).is_err());
    }

    #[test]
    fn requirements_pins_hashes_and_via_comments() {
        let text = "# uv pip compile requirements.in --generate-hashes\n--index-url https://pypi.org/simple\ncertifi==2024.8.30 \\\n    --hash=sha256:922820b53db7a7257ffbda3f597266d435245903d80737e34f8a45ff3e3230d8\n    # via requests\nrequests[socks]==2.32.3 ; python_version >= \"3.8\" \\\n    --hash=sha256:70761cfe03c773ceb22aa2f671b4757976145175cdfca038c02654d061d6dcc6\n    # via\n    #   -r requirements.in\n    #   httpx\nhttpx==0.28.1\n    # via -r requirements.in\n-e git+https://github.com/acme/tool.git@v1.2#egg=acme-tool\nflask>=2  # a range\n-r requirements-dev.txt\n";
        let dev = |path: &str| Ok((path == "requirements-dev.txt").then(|| "# none\n".to_owned()));
        let read = read_lockfile_with("requirements.txt", text.as_bytes(), None, &dev).unwrap();
        let find = |key: &str| read.components.iter().find(|c| c.key == key).unwrap();
        assert_eq!(
            read.root.depends_on,
            ["acme-tool", "flask", "httpx@0.28.1", "requests@2.32.3"]
        );
        assert_eq!(find("requests@2.32.3").depends_on, ["certifi@2024.8.30"]);
        assert_eq!(find("httpx@0.28.1").depends_on, ["requests@2.32.3"]);
        assert_eq!(find("certifi@2024.8.30").distributions[0].hashes.len(), 1);
        assert_eq!(find("flask").version, None);
        assert!(
            find("acme-tool")
                .purl
                .as_deref()
                .unwrap()
                .contains("vcs_url=git%2Bhttps")
        );
        assert_eq!(read.lock_edges, 2);
        let err = read_lockfile("requirements.txt", b"ok==1\n==2\n", None).unwrap_err();
        assert!(err.to_string().contains("requirements.txt:2"), "{err}");
    }

    #[test]
    fn includes_are_read_from_their_folder_and_never_dropped_silently() {
        let files = |path: &str| {
            Ok(match path {
                "common.txt" => Some("six==1.16.0\n".to_owned()),
                "api/dev.txt" => Some("-r ../common.txt\npytest==8.0.0\n".to_owned()),
                _ => None,
            })
        };
        let read = |text: &str| {
            read_lockfile_with("api/requirements.txt", text.as_bytes(), None, &files)
                .map(|lock| lock.root.depends_on)
                .map_err(|err| err.to_string())
        };
        assert_eq!(
            read("-r dev.txt\nflask==3.0.0\n").unwrap(),
            ["flask@3.0.0", "pytest@8.0.0", "six@1.16.0"]
        );
        assert_eq!(
            read("ok==1\n-r ../../outside.txt\n").unwrap_err(),
            "`api/requirements.txt:2`: `-r ../../outside.txt`: `..` climbs out of the folder; expected a path inside the repository"
        );
        assert_eq!(
            read("-r /etc/passwd\n").unwrap_err(),
            "`api/requirements.txt:1`: `-r /etc/passwd`: an absolute path; expected a path relative to the repository"
        );
        assert_eq!(
            read("-r gone.txt\n").unwrap_err(),
            "`api/requirements.txt:1`: `-r gone.txt`: no such file `api/gone.txt` in the scanned folder"
        );
        let err = read_lockfile("requirements.txt", b"-r dev.txt\n", None).unwrap_err();
        assert!(
            err.to_string()
                .contains("`read_lockfile` reads the lockfile alone"),
            "{err}"
        );
    }
}
