//! Bumps: which one the changes ask for, and how each strategy applies it.

use semver::{BuildMetadata, Prerelease, Version};
use serde::Serialize;

use super::{Options, Versioning};
use crate::commits::Conventional;
use crate::{Error, Result};

/// A version bump; `Patch < Minor < Major`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Bump {
    /// `x.y.Z`.
    Patch,
    /// `x.Y.0`.
    Minor,
    /// `X.0.0`.
    Major,
}

/// What one change asks for: breaking → major; `feat`/`feature` → minor (the
/// type compared as written, as Release Please does: `Feat:` is a patch);
/// anything else → patch.
pub(super) fn of(change: &Conventional) -> Bump {
    if change.breaking {
        Bump::Major
    } else if change.kind == "feat" || change.kind == "feature" {
        Bump::Minor
    } else {
        Bump::Patch
    }
}

/// The bump the strategy applies to `current`.
pub(super) fn required<'a>(
    current: &Version,
    changes: impl Iterator<Item = &'a Conventional>,
    options: &Options,
) -> Bump {
    let asked = changes.map(of).max().unwrap_or(Bump::Patch);
    let pre_major = current.major < 1;
    match options.versioning {
        Versioning::AlwaysBumpPatch | Versioning::ServicePack => Bump::Patch,
        Versioning::AlwaysBumpMinor => Bump::Minor,
        Versioning::AlwaysBumpMajor => Bump::Major,
        Versioning::Default | Versioning::Prerelease => match asked {
            Bump::Major if pre_major && options.bump_minor_pre_major => Bump::Minor,
            Bump::Minor if pre_major && options.bump_patch_for_minor_pre_major => Bump::Patch,
            other => other,
        },
    }
}

/// Apply `bump` to `current` under the strategy.
///
/// Like Release Please, the plain strategies keep a pre-release
/// (`1.0.0-beta.1` + fix → `1.0.1-beta.1`). Unlike it, build metadata is
/// dropped, with a warning, rather than carried over silently.
pub(super) fn apply(
    current: &Version,
    bump: Bump,
    options: &Options,
    warnings: &mut Vec<String>,
) -> Result<Version> {
    let mut next = match options.versioning {
        Versioning::ServicePack => service_pack(current)?,
        Versioning::Prerelease => {
            let next = prerelease(
                current,
                bump,
                options.prerelease_type.as_deref().unwrap_or_default(),
            )?;
            if options.prerelease {
                next
            } else {
                Version::new(next.major, next.minor, next.patch)
            }
        }
        _ => plain(current, bump),
    };
    if !current.build.is_empty() && !next.build.is_empty() {
        warnings.push(format!(
            "build metadata `+{}` of {current} is not carried over to the next version",
            current.build
        ));
        next.build = BuildMetadata::EMPTY;
    }
    Ok(next)
}

/// Whether the release type's versions leave a `-SNAPSHOT` behind on
/// release, as Release Please's Java strategies (`java`, `maven` and
/// Google's variants) wrap their versioning in `JavaSnapshot`.
pub(super) fn leaves_snapshots(release_type: &str) -> bool {
    matches!(
        release_type,
        "java"
            | "maven"
            | "java-yoshi"
            | "java-yoshi-mono-repo"
            | "java-backport"
            | "java-bom"
            | "java-lts"
    )
}

/// Whether `version` is a snapshot: its pre-release says `SNAPSHOT`.
pub(crate) fn is_snapshot(version: &Version) -> bool {
    version.pre.as_str().contains("SNAPSHOT")
}

/// Release Please's `JavaSnapshot` after a snapshot (`1.2.4-SNAPSHOT`, the
/// last release or the manifest's): when the changes ask for no more than
/// a fix would, the snapshot's own version (`1.2.4`); else the bumped one
/// (`next`, `1.3.0-SNAPSHOT` for a feature) without its `SNAPSHOT`.
pub(super) fn out_of_snapshot(
    current: &Version,
    next: Version,
    options: &Options,
) -> Result<Version> {
    let fix = required(current, std::iter::empty(), options);
    let as_a_fix = apply(current, fix, options, &mut Vec::new())?;
    let base = if as_a_fix == next {
        current.clone()
    } else {
        next
    };
    Ok(without_snapshot(base))
}

/// `version` with the first `SNAPSHOT` of its pre-release taken out, and
/// the `-` before it (`1.2.4-SNAPSHOT` → `1.2.4`, `1.2.4-rc-SNAPSHOT` →
/// `1.2.4-rc`).
pub(crate) fn without_snapshot(mut version: Version) -> Version {
    let pre = version.pre.as_str();
    if let Some(at) = pre.find("SNAPSHOT") {
        let before = pre[..at].strip_suffix('-').unwrap_or(&pre[..at]);
        let after = &pre[at + "SNAPSHOT".len()..];
        version.pre = Prerelease::new(&format!("{before}{after}")).unwrap_or(Prerelease::EMPTY);
    }
    version
}

fn plain(current: &Version, bump: Bump) -> Version {
    let mut next = current.clone();
    match bump {
        Bump::Major => {
            next.major += 1;
            next.minor = 0;
            next.patch = 0;
        }
        Bump::Minor => {
            next.minor += 1;
            next.patch = 0;
        }
        Bump::Patch => next.patch += 1,
    }
    next
}

/// `-sp.N` → `-sp.N+1`; anything else → `-sp.1`.
fn service_pack(current: &Version) -> Result<Version> {
    let pre = current.pre.as_str();
    let number = pre.find("sp.").and_then(|at| {
        let digits: String = pre[at + 3..]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        digits.parse::<u64>().ok()
    });
    let mut next = current.clone();
    next.pre = prerelease_of(
        current,
        &format!("sp.{}", number.map(|n| n + 1).unwrap_or(1)),
    )?;
    Ok(next)
}

/// Release Please's pre-release bumps (`versioning: prerelease`).
fn prerelease(current: &Version, bump: Bump, kind: &str) -> Result<Version> {
    let has_pre = !current.pre.is_empty();
    let mut next = current.clone();
    let bump_number = match bump {
        Bump::Patch => has_pre,
        Bump::Minor => has_pre && current.patch == 0,
        Bump::Major => has_pre && current.patch == 0 && current.minor == 0,
    };
    if bump_number {
        next.pre = prerelease_of(current, &bump_prerelease_number(current.pre.as_str()))?;
        return Ok(next);
    }
    if has_pre {
        // A plain bump that keeps the pre-release (`1.0.1-beta.1` → `1.1.0-beta.1`).
        return Ok(plain(current, bump));
    }
    next = plain(current, bump);
    next.pre = prerelease_of(current, kind)?;
    Ok(next)
}

/// The last run of digits that only non-digits follow is incremented, keeping
/// its zero padding (`beta01` → `beta02`); without digits, `.1` is appended.
fn bump_prerelease_number(pre: &str) -> String {
    let end = pre.rfind(|c: char| c.is_ascii_digit()).map(|at| at + 1);
    let Some(end) = end else {
        return format!("{pre}.1");
    };
    let start = pre[..end]
        .rfind(|c: char| !c.is_ascii_digit())
        .map(|at| at + 1)
        .unwrap_or(0);
    let digits = &pre[start..end];
    let width = digits.len();
    let next = digits.parse::<u128>().map(|number| number + 1).unwrap_or(1);
    format!("{}{next:0width$}{}", &pre[..start], &pre[end..])
}

fn prerelease_of(current: &Version, text: &str) -> Result<Prerelease> {
    Prerelease::new(text).map_err(|err| Error::Version {
        value: current.to_string(),
        what: format!("the next pre-release `{text}` is not valid semver: {err}"),
    })
}
