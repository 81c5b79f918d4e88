//! The Release Please options every release command takes: a
//! `release-please-config.json`, then flags over it.

use std::path::{Path, PathBuf};

use cicd_core::release::plan::Package;
use cicd_core::release::strategy::WorkTree;
use cicd_core::release::{Config, Naming};
use cicd_core::version::Versioning;

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

/// What the options resolve to: the package, and the configuration read
/// (for its top-level keys and the other packages).
pub(crate) struct Loaded {
    /// The configuration read, if any.
    pub(crate) config: Option<Config>,
    /// Where it was read.
    pub(crate) origin: String,
    /// The package's keys and options, with the flags over them.
    pub(crate) package: Package,
}

impl Loaded {
    /// A top-level key of the configuration, when there is one.
    pub(crate) fn top<'a, T>(&'a self, read: impl FnOnce(&'a Config) -> Option<T>) -> Option<T> {
        self.config.as_ref().and_then(read)
    }

    /// The package's path in the configuration.
    pub(crate) fn path(&self) -> &str {
        self.package.path()
    }

    /// Tag, title and branch naming, reading the package's own name from
    /// the work tree at `repo`.
    pub(crate) fn naming(&self, repo: &Path, target_branch: &str) -> Result<Naming, Error> {
        Ok(self.package.naming(&WorkTree::new(repo), target_branch)?)
    }
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

    /// The options of `path` in `config`, then the flags over them.
    fn with_config(&self, config: Option<(Config, String)>, path: &str) -> Result<Loaded, Error> {
        let (mut package, config, origin) = match config {
            Some((config, origin)) => (
                Package::configured(&config, path, &origin)?,
                Some(config),
                origin,
            ),
            None => (
                Package::unconfigured(path),
                None,
                "release-please-config.json".to_owned(),
            ),
        };
        if let Some(include) = self.include_component_in_tag {
            package.keys.include_component_in_tag = include;
        }
        let options = &mut package.options;
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
            config,
            origin,
            package,
        })
    }
}
