//! `cicd version next`: the next version, as Release Please decides it.

use std::path::PathBuf;

use cicd_core::commits;
use cicd_core::release::Config;
use cicd_core::version::{self, Options, Versioning};

use super::Global;
use super::source::{SourceArgs, read_input};
use crate::Outcome;
use crate::error::{Error, warn};
use crate::output::{Format, Stdout};

/// Arguments of `cicd version`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, clap::Subcommand)]
enum Command {
    /// Print the next version (text: the version alone; json: the decision,
    /// with the effect of every change).
    Next(NextArgs),
}

/// How versions move, as `--versioning` takes it.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
enum VersioningArg {
    Default,
    AlwaysBumpPatch,
    AlwaysBumpMinor,
    AlwaysBumpMajor,
    ServicePack,
    Prerelease,
}

impl From<VersioningArg> for Versioning {
    fn from(arg: VersioningArg) -> Self {
        match arg {
            VersioningArg::Default => Self::Default,
            VersioningArg::AlwaysBumpPatch => Self::AlwaysBumpPatch,
            VersioningArg::AlwaysBumpMinor => Self::AlwaysBumpMinor,
            VersioningArg::AlwaysBumpMajor => Self::AlwaysBumpMajor,
            VersioningArg::ServicePack => Self::ServicePack,
            VersioningArg::Prerelease => Self::Prerelease,
        }
    }
}

#[derive(Debug, clap::Args)]
struct NextArgs {
    /// The current version [default: that of the last release tag, when
    /// reading git; none (a first release) otherwise]
    #[arg(long, value_name = "VERSION")]
    current: Option<String>,
    #[command(flatten)]
    source: SourceArgs,
    /// A `release-please-config.json` to read the options from (flags win).
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// The package's path in the configuration's `packages`.
    #[arg(long, value_name = "PATH", default_value = ".")]
    path: String,
    /// The release type (initial version, default sections) [default: node]
    #[arg(long, value_name = "TYPE")]
    release_type: Option<String>,
    /// The versioning strategy.
    #[arg(long, value_enum)]
    versioning: Option<VersioningArg>,
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

pub(crate) fn run(global: &Global, args: &Args) -> Result<Outcome, Error> {
    match &args.command {
        Command::Next(args) => next(global, args),
    }
}

fn next(global: &Global, args: &NextArgs) -> Result<Outcome, Error> {
    if global.format == Format::Github {
        return Err(Error::Usage(
            "`--format github` is not for `cicd version`; use `text` or `json`".to_owned(),
        ));
    }
    let options = options(args)?;
    let current = match &args.current {
        Some(text) => Some(version::parse(text)?),
        None => None,
    };
    let (raw, release) = args.source.open_with_release(&global.repo)?;
    let current = current.or_else(|| {
        release
            .and_then(|tag| tag.release)
            .map(|release| release.version)
    });
    let commits = raw
        .map(|raw| raw.map(|raw| commits::parse_raw(&raw)))
        .collect::<cicd_core::Result<Vec<_>>>()?;
    let decision = version::next(current.as_ref(), &commits, &options)?;
    for warning in &decision.warnings {
        warn(warning);
    }
    let mut out = Stdout::new();
    match global.format {
        Format::Json => out.json(&decision)?,
        _ => out.write(&format!("{}\n", decision.version))?,
    }
    out.flush()?;
    Ok(Outcome::Pass)
}

/// The configuration's options for the package, then the flags over them.
fn options(args: &NextArgs) -> Result<Options, Error> {
    let mut options = match &args.config {
        Some(path) => {
            let (text, origin) = read_input(path)?;
            let (config, warnings) = Config::parse(&text, &origin)?;
            for warning in warnings {
                warn(&warning.to_string());
            }
            if !config.packages.is_empty() && !config.packages.contains_key(&args.path) {
                return Err(Error::Usage(format!(
                    "`{origin}` has no package `{}`; it has {}",
                    args.path,
                    config
                        .packages
                        .keys()
                        .map(|path| format!("`{path}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )));
            }
            config.version_options(&args.path, &origin)?
        }
        None => Options::default(),
    };
    if let Some(release_type) = &args.release_type {
        options.release_type = Some(release_type.clone());
    }
    if let Some(versioning) = args.versioning {
        options.versioning = versioning.into();
    }
    options.bump_minor_pre_major |= args.bump_minor_pre_major;
    options.bump_patch_for_minor_pre_major |= args.bump_patch_for_minor_pre_major;
    options.prerelease |= args.prerelease;
    if let Some(kind) = &args.prerelease_type {
        options.prerelease_type = Some(kind.clone());
    }
    if let Some(value) = &args.release_as {
        options.release_as = Some(value.clone());
    }
    if let Some(value) = &args.initial_version {
        options.initial_version = Some(value.clone());
    }
    Ok(options)
}
