//! The Release Please options every release command takes: a
//! `release-please-config.json`, then flags over it.

use std::path::PathBuf;

use cicd_core::changelog;
use cicd_core::release::Config;
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
    /// `changelog-host`, when configured.
    pub(crate) changelog_host: Option<String>,
    /// The `sentence-case` plugin's special words, when the plugin is on.
    pub(crate) sentence_case: Option<Vec<String>>,
    /// The configuration read, if any, for the package's other keys.
    pub(crate) config: Option<Config>,
    /// The package's path in the configuration.
    pub(crate) path: String,
}

impl Loaded {
    /// A key of the package (or the top-level default), when configured.
    pub(crate) fn value(&self, key: &str) -> Option<&serde_json::Value> {
        self.config
            .as_ref()
            .and_then(|config| config.value(&self.path, key))
    }
}

impl ReleaseArgs {
    /// The configuration's options for the package, then the flags over them;
    /// unknown keys are warned about on stderr.
    pub(crate) fn load(&self) -> Result<Loaded, Error> {
        self.load_or(None)
    }

    /// As [`load`](Self::load), reading `default` when no `--config` is given
    /// and that file exists.
    pub(crate) fn load_or(&self, default: Option<&std::path::Path>) -> Result<Loaded, Error> {
        self.load_package(default, self.path.as_deref().unwrap_or("."))
    }

    /// The package paths of the configuration (`--config`, else `default`
    /// when it exists), in its order; `None` without a configuration.
    pub(crate) fn package_paths(
        &self,
        default: Option<&std::path::Path>,
    ) -> Result<Option<Vec<String>>, Error> {
        let discovered = default
            .filter(|path| path.is_file())
            .map(std::path::Path::to_path_buf);
        let Some(path) = self.config.as_ref().or(discovered.as_ref()) else {
            return Ok(None);
        };
        let (text, origin) = read_input(path)?;
        let (config, _) = Config::parse(&text, &origin)?;
        Ok(Some(config.order))
    }

    /// As [`load_or`](Self::load_or), for the package at `path`.
    pub(crate) fn load_package(
        &self,
        default: Option<&std::path::Path>,
        package: &str,
    ) -> Result<Loaded, Error> {
        let discovered = default
            .filter(|path| path.is_file())
            .map(std::path::Path::to_path_buf);
        let mut config_read = None;
        let (mut options, changelog_host, sentence_case) =
            match self.config.as_ref().or(discovered.as_ref()) {
                Some(path) => {
                    let (text, origin) = read_input(path)?;
                    let (config, warnings) = Config::parse(&text, &origin)?;
                    for warning in warnings {
                        warn(&warning.to_string());
                    }
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
                    let host = config
                        .value(package, "changelog-host")
                        .and_then(|value| value.as_str())
                        .map(str::to_owned);
                    let plugins = config.defaults.get("plugins").cloned().unwrap_or_default();
                    let loaded = (
                        config.version_options(package, &origin)?,
                        host,
                        changelog::sentence_case_words(&plugins),
                    );
                    config_read = Some(config);
                    loaded
                }
                None => (Options::default(), None, None),
            };
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
            changelog_host,
            sentence_case,
            config: config_read,
            path: package.to_owned(),
        })
    }
}
