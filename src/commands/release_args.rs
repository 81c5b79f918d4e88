//! The Release Please options every release command takes: a
//! `release-please-config.json`, then flags over it.

use std::path::{Path, PathBuf};

use cicd_core::changelog;
use cicd_core::release::{self, Config, FileKind, Naming, PackageConfig};
use cicd_core::version::{Options, Versioning};

use super::source::read_input;
use crate::error::{Error, warn};

/// `--versioning`, read as the configuration's `versioning` values are.
fn versioning(text: &str) -> Result<Versioning, String> {
    serde_json::from_value(serde_json::Value::String(text.to_owned())).map_err(|_| {
        "expected default, always-bump-patch, always-bump-minor, always-bump-major, service-pack or prerelease"
            .to_owned()
    })
}

/// Options of `release-please-config.json`, as flags.
#[derive(Debug, clap::Args)]
pub(crate) struct ReleaseArgs {
    /// A `release-please-config.json` to read the options from (flags win).
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Read no `release-please-config.json`, not even the repository's (as
    /// Release Please's action does when given a `release-type`).
    #[arg(long, conflicts_with = "config")]
    no_config: bool,
    /// Put the component in tags and titles (`api-v1.2.3`), as the
    /// configuration's `include-component-in-tag`.
    #[arg(long, value_name = "BOOL")]
    include_component_in_tag: Option<bool>,
    /// The package's path in the configuration's `packages` [default: `.`;
    /// for `release-pr`, every package of the configuration]
    #[arg(long, value_name = "PATH")]
    pub(crate) path: Option<String>,
    /// The release type (initial version, default sections) [default: node]
    #[arg(long, value_name = "TYPE")]
    release_type: Option<String>,
    /// The versioning strategy: default, always-bump-patch, always-bump-minor,
    /// always-bump-major, service-pack or prerelease.
    #[arg(long, value_name = "STRATEGY", value_parser = versioning)]
    versioning: Option<Versioning>,
    /// Below 1.0.0, a breaking change bumps the minor.
    #[arg(long)]
    bump_minor_pre_major: bool,
    /// Below 1.0.0, a feature bumps the patch.
    #[arg(long)]
    bump_patch_for_minor_pre_major: bool,
    /// With `--versioning prerelease`, stay on pre-releases.
    #[arg(long)]
    prerelease: bool,
    /// The identifier of a new pre-release (`rc`, `beta`).
    #[arg(long, value_name = "ID")]
    prerelease_type: Option<String>,
    /// Force the next version.
    #[arg(long, value_name = "VERSION")]
    release_as: Option<String>,
    /// The first version when there is no release yet.
    #[arg(long, value_name = "VERSION")]
    initial_version: Option<String>,
}

/// What the options resolve to.
pub(crate) struct Loaded {
    pub(crate) options: Options,
    /// The `sentence-case` plugin's special words, when the plugin is on.
    pub(crate) sentence_case: Option<Vec<String>>,
    /// The configuration read, if any, for its top-level keys and the
    /// other packages.
    pub(crate) config: Option<Config>,
    /// The package's path in the configuration.
    pub(crate) path: String,
    /// The package's keys, typed, with the flags over them.
    pub(crate) package: PackageConfig,
}

impl Loaded {
    /// A top-level key of the configuration, when there is one.
    pub(crate) fn top<'a, T>(&'a self, read: impl FnOnce(&'a Config) -> Option<T>) -> Option<T> {
        self.config.as_ref().and_then(read)
    }

    /// Whether notes name each commit's author (`include-commit-authors`).
    pub(crate) fn authors(&self) -> changelog::Authors {
        if self.package.include_commit_authors {
            changelog::Authors::Shown
        } else {
            changelog::Authors::Hidden
        }
    }

    /// The package's directory in `repo`.
    pub(crate) fn dir(&self, repo: &Path) -> PathBuf {
        repo.join(&self.path)
    }

    /// Tag, title and branch naming from the configuration: `component` or
    /// the package's own name (`package-name`, else package.json's,
    /// Cargo.toml's, Chart.yaml's, pubspec.yaml's or sfdx-project.json's).
    /// `tag-separator`, `-` by default (Release Please's ruby strategy
    /// always tags `gem/v1.2.3`).
    pub(crate) fn tag_separator(&self) -> &str {
        if self.options.release_type() == "ruby" {
            "/"
        } else {
            self.package.tag_separator.as_deref().unwrap_or("-")
        }
    }

    /// How `component`'s tags are named (`tag-separator`,
    /// `include-v-in-tag`), with no file read: for a changelog.
    pub(crate) fn tag_naming(&self, component: Option<&str>) -> Naming {
        Naming {
            component: component.map(str::to_owned),
            separator: self.tag_separator().to_owned(),
            include_v: self.package.include_v_in_tag,
            ..Naming::default()
        }
    }

    pub(crate) fn naming(&self, repo: &Path, target_branch: &str) -> Result<Naming, Error> {
        let package_dir = self.dir(repo);
        let own_name = match self.options.release_type() {
            "node" | "expo" => read_if_exists(repo, &package_dir.join("package.json"))?
                .and_then(|text| release::package_name(FileKind::PackageJson, &text)),
            "rust" => read_if_exists(repo, &package_dir.join("Cargo.toml"))?
                .and_then(|text| release::package_name(FileKind::CargoToml, &text)),
            "helm" => read_if_exists(repo, &package_dir.join("Chart.yaml"))?
                .and_then(|text| release::package_name(FileKind::ChartYaml, &text)),
            "dart" => read_if_exists(repo, &package_dir.join("pubspec.yaml"))?
                .and_then(|text| release::package_name(FileKind::Pubspec, &text)),
            "sfdx" => read_if_exists(repo, &package_dir.join("sfdx-project.json"))?
                .and_then(|text| release::package_name(FileKind::SfdxProject, &text)),
            _ => None,
        };
        let package = &self.package;
        let branch_component = package.component.clone().or_else(|| {
            package
                .package_name
                .clone()
                .or(own_name)
                .as_deref()
                .and_then(release::component_of)
        });
        Ok(Naming {
            component: branch_component
                .clone()
                .filter(|_| package.include_component_in_tag),
            branch_component,
            separator: self.tag_separator().to_owned(),
            include_v: package.include_v_in_tag,
            component_no_space: package.component_no_space,
            target_branch: target_branch.to_owned(),
            title_pattern: package.title_pattern.clone(),
            header: package.header.clone(),
            footer: package.footer.clone(),
        })
    }
}

/// The text of `path`, a file in the repository `repo` (edited with `\n`
/// line endings; a rewrite puts the file's own back), `None` when it does
/// not exist. Read only inside the repository and never through a link.
pub(crate) fn read_if_exists(repo: &Path, path: &Path) -> Result<Option<String>, Error> {
    let root = cicd_core::confined::Root::new(repo);
    let relative = root.relative_of(path)?;
    Ok(root.read_text(&relative)?.map(|text| text.content))
}

impl ReleaseArgs {
    /// The configuration's options for the package (`--path`, else `.`),
    /// then the flags over them; unknown keys are warned about on stderr.
    pub(crate) fn load(&self) -> Result<Loaded, Error> {
        let config = self.read_config(None)?;
        self.with_config(config, self.path.as_deref().unwrap_or("."))
    }

    /// Every package to release: `--path`, else each package of the
    /// configuration in its order, else the repository root. The
    /// configuration is read (and warned about) once.
    pub(crate) fn packages(&self, repo: Option<&Path>) -> Result<Vec<Loaded>, Error> {
        let config = self.read_config(repo)?;
        let paths = match (&self.path, &config) {
            (Some(path), _) => vec![path.clone()],
            (None, Some((config, _))) if !config.order.is_empty() => config.order.clone(),
            _ => vec![".".to_owned()],
        };
        paths
            .iter()
            .map(|path| self.with_config(config.clone(), path))
            .collect()
    }

    /// `--config`, else `release-please-config.json` in the repository
    /// `repo` when given and there; unknown keys warned about.
    fn read_config(&self, repo: Option<&Path>) -> Result<Option<(Config, String)>, Error> {
        if self.no_config {
            return Ok(None);
        }
        let read = match (&self.config, repo) {
            (Some(path), _) => Some(read_input(path)?),
            (None, Some(repo)) => super::source::read_in_repo(repo, "release-please-config.json")?,
            (None, None) => None,
        };
        let Some((text, origin)) = read else {
            return Ok(None);
        };
        let (config, warnings) = Config::parse(&text, &origin)?;
        for warning in warnings {
            warn(&warning.to_string());
        }
        Ok(Some((config, origin)))
    }

    /// The options of `package` in `config`, then the flags over them.
    fn with_config(
        &self,
        config: Option<(Config, String)>,
        package: &str,
    ) -> Result<Loaded, Error> {
        let mut config_read = None;
        let (mut options, mut keys, sentence_case) = match config {
            Some((config, origin)) => {
                if !config.packages.is_empty() && !config.packages.contains_key(package) {
                    return Err(Error::Usage(format!(
                        "`{origin}` has no package `{}`; it has {}",
                        package,
                        config
                            .packages
                            .keys()
                            .map(|path| format!("`{path}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )));
                }
                let plugins = config.defaults.get("plugins").cloned().unwrap_or_default();
                let loaded = (
                    config.version_options(package, &origin)?,
                    config.package(package),
                    changelog::sentence_case_words(&plugins),
                );
                config_read = Some(config);
                loaded
            }
            None => (
                Options::default(),
                PackageConfig::unconfigured(package),
                None,
            ),
        };
        if let Some(include) = self.include_component_in_tag {
            keys.include_component_in_tag = include;
        }
        if let Some(release_type) = &self.release_type {
            options.release_type = Some(release_type.clone());
        }
        if let Some(versioning) = self.versioning {
            options.versioning = versioning;
        }
        options.bump_minor_pre_major |= self.bump_minor_pre_major;
        options.bump_patch_for_minor_pre_major |= self.bump_patch_for_minor_pre_major;
        options.prerelease |= self.prerelease;
        if let Some(kind) = &self.prerelease_type {
            options.prerelease_type = Some(kind.clone());
        }
        if let Some(value) = &self.release_as {
            options.release_as = Some(value.clone());
        }
        if let Some(value) = &self.initial_version {
            options.initial_version = Some(value.clone());
        }
        Ok(Loaded {
            options,
            sentence_case,
            config: config_read,
            path: package.to_owned(),
            package: keys,
        })
    }
}
