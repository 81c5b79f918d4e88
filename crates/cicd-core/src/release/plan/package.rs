//! A package as a plan takes it: its keys, its version options and its
//! changelog plugins, read once from `release-please-config.json`.

use crate::changelog;
use crate::release::strategy::{self, Source};
use crate::release::{Config, FileKind, Naming, PackageConfig, component_of, package_name};
use crate::version::Options;
use crate::{Error, Result};

/// One package of the configuration (or the repository root with none).
#[derive(Clone, Debug)]
pub struct Package {
    /// Its keys (`path`, `component`, `extra-files`, …).
    pub keys: PackageConfig,
    /// How its versions are computed (`release-type`, `versioning`, …).
    pub options: Options,
    /// The `sentence-case` plugin's special words, when the plugin is on.
    pub sentence_case: Option<Vec<String>>,
}

impl Package {
    /// The package at `path` as `config` (read from `origin`) configures
    /// it.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] when the configuration has packages but not this
    /// one, or when its version options are invalid.
    pub fn configured(config: &Config, path: &str, origin: &str) -> Result<Self> {
        if !config.packages.is_empty() && !config.packages.contains_key(path) {
            let known: Vec<String> = config
                .packages
                .keys()
                .map(|path| format!("`{path}`"))
                .collect();
            return Err(Error::Config {
                origin: format!("{origin}: packages"),
                what: format!("no package `{path}`; it has {}", known.join(", ")),
            });
        }
        let plugins = config.defaults.get("plugins").cloned().unwrap_or_default();
        Ok(Self {
            keys: config.package(path),
            options: config.version_options(path, origin)?,
            sentence_case: changelog::sentence_case_words(&plugins),
        })
    }

    /// The package at `path` with no configuration: Release Please's
    /// defaults.
    #[must_use]
    pub fn unconfigured(path: &str) -> Self {
        Self {
            keys: PackageConfig::unconfigured(path),
            options: Options::default(),
            sentence_case: None,
        }
    }

    /// Its path in the configuration (`.` for the root).
    #[must_use]
    pub fn path(&self) -> &str {
        &self.keys.path
    }

    /// Its folder as files name it: `.` for the root, no `./` or trailing
    /// `/`.
    #[must_use]
    pub fn folder(&self) -> &str {
        crate::confined::folder(&self.keys.path)
    }

    /// The repository path of `name` in its folder.
    #[must_use]
    pub fn file(&self, name: &str) -> String {
        strategy::in_folder(self.folder(), name)
    }

    /// Its release type (`node` when none is configured).
    #[must_use]
    pub fn release_type(&self) -> &str {
        self.options.release_type()
    }

    /// Whether notes name each commit's author (`include-commit-authors`).
    #[must_use]
    pub fn authors(&self) -> changelog::Authors {
        if self.keys.include_commit_authors {
            changelog::Authors::Shown
        } else {
            changelog::Authors::Hidden
        }
    }

    /// Between the component and the version in tags: `tag-separator`,
    /// `-` by default (Release Please's ruby strategy always tags
    /// `gem/v1.2.3`).
    #[must_use]
    pub fn tag_separator(&self) -> &str {
        if self.release_type() == "ruby" {
            "/"
        } else {
            self.keys.tag_separator.as_deref().unwrap_or("-")
        }
    }

    /// How `component`'s tags are named (`tag-separator`,
    /// `include-v-in-tag`), with no file read: for a changelog.
    #[must_use]
    pub fn tag_naming(&self, component: Option<&str>) -> Naming {
        Naming {
            component: component.map(str::to_owned),
            separator: self.tag_separator().to_owned(),
            include_v: self.keys.include_v_in_tag,
            ..Naming::default()
        }
    }

    /// Tag, title and branch naming from the configuration: `component` or
    /// the package's own name (`package-name`, else package.json's,
    /// Cargo.toml's, Chart.yaml's, pubspec.yaml's or sfdx-project.json's,
    /// as `source` has them).
    ///
    /// # Errors
    ///
    /// When the file naming the package cannot be read.
    pub fn naming(&self, source: &dyn Source, target_branch: &str) -> Result<Naming> {
        let own = match self.release_type() {
            "node" | "expo" => Some(("package.json", FileKind::PackageJson)),
            "rust" => Some(("Cargo.toml", FileKind::CargoToml)),
            "helm" => Some(("Chart.yaml", FileKind::ChartYaml)),
            "dart" => Some(("pubspec.yaml", FileKind::Pubspec)),
            "sfdx" => Some(("sfdx-project.json", FileKind::SfdxProject)),
            _ => None,
        };
        let own_name = match own {
            Some((name, kind)) => source
                .read(&self.file(name))?
                .and_then(|text| package_name(kind, &text)),
            None => None,
        };
        let keys = &self.keys;
        let branch_component = keys.component.clone().or_else(|| {
            keys.package_name
                .clone()
                .or(own_name)
                .as_deref()
                .and_then(component_of)
        });
        Ok(Naming {
            component: branch_component
                .clone()
                .filter(|_| keys.include_component_in_tag),
            branch_component,
            separator: self.tag_separator().to_owned(),
            include_v: keys.include_v_in_tag,
            component_no_space: keys.component_no_space,
            target_branch: target_branch.to_owned(),
            title_pattern: keys.title_pattern.clone(),
            header: keys.header.clone(),
            footer: keys.footer.clone(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::release::strategy::Snapshot;

    #[test]
    fn a_package_is_named_from_its_manifest_unless_configured() {
        let (config, _) = Config::parse(
            r#"{"packages": {"web": {"release-type": "node"}, "api": {"release-type": "rust", "component": "core", "tag-separator": "/"}}}"#,
            "rp.json",
        )
        .unwrap();
        let source = Snapshot::new([
            (
                "web/package.json",
                r#"{"name": "@acme/web", "version": "1.0.0"}"#,
            ),
            (
                "api/Cargo.toml",
                "[package]\nname = \"api\"\nversion = \"1.0.0\"\n",
            ),
        ]);
        let web = Package::configured(&config, "web", "rp.json").unwrap();
        let naming = web.naming(&source, "main").unwrap();
        assert_eq!(naming.component.as_deref(), Some("web"));
        assert_eq!(web.file("package.json"), "web/package.json");
        let api = Package::configured(&config, "api", "rp.json").unwrap();
        let naming = api.naming(&source, "main").unwrap();
        assert_eq!(naming.component.as_deref(), Some("core"));
        assert_eq!(naming.separator, "/");
        let err = Package::configured(&config, "cli", "rp.json").unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid configuration in `rp.json: packages`: no package `cli`; it has `api`, `web`"
        );
        assert_eq!(Package::unconfigured(".").folder(), ".");
    }
}
