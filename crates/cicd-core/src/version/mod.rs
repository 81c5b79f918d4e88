//! The next version, from the current one and the commits, as Release Please
//! decides it: strategies (`versioning`), pre-1.0 options, pre-releases,
//! `release-as`, initial versions per release type, and whether there is
//! anything to release at all.
//!
//! [`next`] is a pure function that returns the version with the reason for it
//! and the effect of every change.
//!
//! ```
//! use cicd_core::{commits, version};
//!
//! let commits = [commits::parse("b", "feat: add x"), commits::parse("a", "fix: y")];
//! let current = version::parse("1.4.2")?;
//! let decision = version::next(Some(&current), &commits, &version::Options::default())?;
//! assert_eq!(decision.version.to_string(), "1.5.0");
//! assert_eq!(decision.bump, Some(version::Bump::Minor));
//! assert!(decision.releasable);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod bump;
mod parse;

use std::borrow::Borrow;

use serde::{Deserialize, Serialize};

pub use bump::Bump;
pub(crate) use bump::{is_snapshot, without_snapshot};
pub use parse::parse;
pub use semver::Version;

use crate::commits::Sections;
use crate::commits::{Commit, Conventional};
use crate::{Error, Result};

/// How versions move (Release Please's `versioning`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Versioning {
    /// Breaking → major, feature → minor, anything else → patch.
    #[default]
    Default,
    /// Always the patch, whatever the commits say.
    AlwaysBumpPatch,
    /// Always the minor.
    AlwaysBumpMinor,
    /// Always the major.
    AlwaysBumpMajor,
    /// `1.2.3` → `1.2.3-sp.1` → `1.2.3-sp.2`.
    ServicePack,
    /// Pre-release numbers move (`1.3.0-beta` → `1.3.0-beta.1`); with
    /// `prerelease: false` the version graduates (`1.3.0-beta.4` → `1.3.0`).
    Prerelease,
}

/// The options of `release-please-config.json` that decide versions.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", default)]
pub struct Options {
    /// The release type (`simple`, `node`, `python`, `rust`, …): initial version
    /// and default sections. `node` when not set, as in Release Please.
    pub release_type: Option<String>,
    /// The versioning strategy.
    pub versioning: Versioning,
    /// Below 1.0.0, a breaking change bumps the minor.
    pub bump_minor_pre_major: bool,
    /// Below 1.0.0, a feature bumps the patch.
    pub bump_patch_for_minor_pre_major: bool,
    /// With `versioning: prerelease`, stay on pre-releases.
    pub prerelease: bool,
    /// The pre-release identifier a new pre-release starts with (`beta`).
    pub prerelease_type: Option<String>,
    /// Force the next version (an empty text disables an inherited one).
    pub release_as: Option<String>,
    /// The first version when there is no release yet.
    pub initial_version: Option<String>,
    /// `changelog-sections`: which types show, and so make a release.
    pub changelog_sections: Option<Sections>,
}

impl Options {
    /// The release type, `node` by default.
    pub fn release_type(&self) -> &str {
        self.release_type.as_deref().unwrap_or("node")
    }

    /// The sections in force: configured, else the release type's defaults.
    pub fn sections(&self) -> Sections {
        self.changelog_sections
            .clone()
            .unwrap_or_else(|| Sections::for_release_type(self.release_type()))
    }
}

/// How the version was chosen.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Rule {
    /// The `release-as` option.
    ReleaseAsConfig,
    /// A `Release-As:` footer (the newest one).
    ReleaseAsFooter {
        /// The commit that carries it.
        sha: String,
    },
    /// No release yet: the initial version.
    Initial,
    /// The current version, bumped by the versioning strategy.
    Bumped,
}

/// What one change asks for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Effect {
    /// The commit.
    pub sha: String,
    /// The change's header (`feat(api): x`).
    pub header: String,
    /// The bump it asks for under the default strategy.
    pub bump: Bump,
    /// Whether it shows in the notes (and so makes a release).
    pub visible: bool,
    /// Why, in words.
    pub reason: String,
}

/// The next version and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Decision {
    /// The next version.
    pub version: Version,
    /// The current version, if there was a release.
    pub previous: Option<Version>,
    /// How the version was chosen.
    pub rule: Rule,
    /// The bump applied, when the version was bumped.
    pub bump: Option<Bump>,
    /// Whether anything shows in the notes: otherwise Release Please opens no
    /// release PR.
    pub releasable: bool,
    /// Every conventional change, newest first, with what it asks for.
    pub effects: Vec<Effect>,
    /// Things the user should know (build metadata dropped, …).
    pub warnings: Vec<String>,
}

/// Decide the next version after `current` (`None`: no release yet), given the
/// commits since it, newest first.
///
/// Precedence, as in Release Please: the `release-as` option, then the newest
/// `Release-As:` footer, then the strategy's bump of `current`, then the
/// initial version. Unlike Release Please, a revert and the commit it reverts
/// cancel out, and a merge commit that repeats its branch's changes counts
/// once ([`crate::commits::superseded`]).
///
/// # Errors
///
/// [`Error::Version`] when a `release-as` value, the initial version or a bumped
/// pre-release is not a valid semantic version.
pub fn next<C: Borrow<Commit>>(
    current: Option<&Version>,
    commits: &[C],
    options: &Options,
) -> Result<Decision> {
    let sections = options.sections();
    // A reverted pair or a merge repeating its branch asks for nothing.
    let gone = crate::commits::superseded(commits.iter().map(Borrow::borrow));
    let changes: Vec<(&str, &Conventional)> = commits
        .iter()
        .map(Borrow::borrow)
        .zip(gone)
        .filter(|(_, gone)| !gone)
        .flat_map(|(commit, _)| {
            commit
                .changes()
                .map(move |change| (commit.id.as_str(), change))
        })
        .collect();
    let effects: Vec<Effect> = changes
        .iter()
        .map(|(sha, change)| effect(sha, change, &sections))
        .collect();
    let releasable = effects.iter().any(|effect| effect.visible);
    let mut warnings = Vec::new();

    let configured = options
        .release_as
        .as_deref()
        .filter(|value| !value.trim().is_empty());
    let footer = changes
        .iter()
        .find_map(|(sha, change)| change.release_as.as_deref().map(|value| (*sha, value)));
    let (version, rule, bump) = if let Some(value) = configured {
        (
            parse_as(value, "the `release-as` option")?,
            Rule::ReleaseAsConfig,
            None,
        )
    } else if let Some((sha, value)) = footer {
        let version = parse_as(value, &format!("the `Release-As:` footer of {sha}"))?;
        (
            version,
            Rule::ReleaseAsFooter {
                sha: sha.to_owned(),
            },
            None,
        )
    } else if let Some(current) = current {
        let bump = bump::required(current, changes.iter().map(|(_, change)| *change), options);
        let mut version = bump::apply(current, bump, options, &mut warnings)?;
        if bump::leaves_snapshots(options.release_type()) && is_snapshot(current) {
            version = bump::out_of_snapshot(current, version, options)?;
        }
        (version, Rule::Bumped, Some(bump))
    } else {
        (initial(options)?, Rule::Initial, None)
    };
    Ok(Decision {
        version,
        previous: current.cloned(),
        rule,
        bump,
        releasable,
        effects,
        warnings,
    })
}

fn parse_as(value: &str, origin: &str) -> Result<Version> {
    parse(value).map_err(|err| match err {
        Error::Version { value, what } => Error::Version {
            value,
            what: format!("{what} (in {origin})"),
        },
        other => other,
    })
}

/// `initial-version`, else the release type's first version: 0.1.0 for python,
/// rust and a few others, 1.0.0 for the rest.
fn initial(options: &Options) -> Result<Version> {
    if let Some(value) = &options.initial_version {
        return parse_as(value, "the `initial-version` option");
    }
    let zero_one = [
        "python",
        "rust",
        "r",
        "terraform-module",
        "krm-blueprint",
        "java-yoshi",
        "go-yoshi",
        "go-librarian",
    ];
    Ok(if zero_one.contains(&options.release_type()) {
        Version::new(0, 1, 0)
    } else {
        Version::new(1, 0, 0)
    })
}

fn effect(sha: &str, change: &Conventional, sections: &Sections) -> Effect {
    let visible = sections.shows(change);
    let bump = bump::of(change);
    let section = sections.find(&change.kind);
    let reason = match (bump, section) {
        (Bump::Major, _) => "breaking change".to_owned(),
        (Bump::Minor, _) => "feature".to_owned(),
        (Bump::Patch, _) if change.release_as.is_some() => "carries Release-As".to_owned(),
        (Bump::Patch, Some(section)) if section.hidden => {
            format!("`{}` is hidden: no release on its own", change.kind)
        }
        (Bump::Patch, Some(section)) => format!("shows under {}", section.section),
        (Bump::Patch, None) => format!("`{}` has no section: no release on its own", change.kind),
    };
    Effect {
        sha: sha.to_owned(),
        header: change.header(),
        bump,
        visible,
        reason,
    }
}

#[cfg(test)]
mod tests;
