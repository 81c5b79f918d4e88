//! Python lockfiles: `poetry.lock` and `uv.lock`. Names are PEP 503
//! normalised on both sides of every edge (the lockfiles' dependency keys are
//! not: `charset_normalizer`, `jaraco.classes`); extras become edges only
//! where something activates them; per-file hashes go on the distributions.
//! Which packages are for development comes from the lockfile's `groups`, or
//! from `pyproject.toml`'s dependency groups by reachability.

use std::collections::BTreeMap;

use toml::Value;

use super::purl::pep503;

mod poetry;
mod uv;

pub(super) use poetry::read_poetry;
pub(super) use uv::read_uv;

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
