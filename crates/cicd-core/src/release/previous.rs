//! The release a package's next one starts from.
//!
//! With a manifest, Release Please takes a package's last release from the
//! manifest alone: the release tagged with the manifest's version, whatever
//! newer tags exist; when no tag has that version, the version itself (the
//! notes then go back to `bootstrap-sha`, the compare link still starts at
//! the version's tag name); with no version (or `0.0.0`), none. Without a
//! manifest, the package's highest release tag.

use std::collections::BTreeMap;

use semver::Version;

use super::{Naming, PackageConfig};
use crate::history::Tag;

/// Where a package's next release starts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Previous {
    /// A release tag: the commits since it, the compare link from it.
    Tagged(Tag),
    /// A version the manifest records that no tag has: every commit up to
    /// the cut-off (`bootstrap-sha`), the compare link from the tag the
    /// version would have.
    Untagged(Version),
    /// No release yet: the initial version, every commit, no compare link.
    First,
}

impl Previous {
    /// The release tag, when there is one.
    #[must_use]
    pub fn tag(&self) -> Option<&Tag> {
        match self {
            Self::Tagged(tag) => Some(tag),
            Self::Untagged(_) | Self::First => None,
        }
    }

    /// The version the next one is bumped from.
    #[must_use]
    pub fn version(&self) -> Option<&Version> {
        match self {
            Self::Tagged(tag) => tag.release.as_ref().map(|release| &release.version),
            Self::Untagged(version) => Some(version),
            Self::First => None,
        }
    }

    /// The same release when its tag cannot be used (it is not in the
    /// history being planned): its version untagged, so the notes read
    /// back to the cut-off.
    #[must_use]
    pub fn without_tag(&self) -> Self {
        match self.version() {
            Some(version) => Self::Untagged(version.clone()),
            None => Self::First,
        }
    }

    /// The tag the compare link starts from: the tag's own name (however
    /// it is spelled), or the name `naming` gives the untagged version.
    #[must_use]
    pub fn tag_name(&self, naming: &Naming) -> Option<String> {
        match self {
            Self::Tagged(tag) => Some(tag.name.clone()),
            Self::Untagged(version) => Some(naming.tag(version)),
            Self::First => None,
        }
    }
}

/// The release a package's next one starts from, in manifest mode: of
/// `tags`, the one `naming` gives `recorded` (the manifest's version), else
/// any other spelling of the same component and version (`api@1.2.3` for
/// `api-v1.2.3`), else, for a package whose releases are the root
/// package's (`skip-github-release`), the tag `root` gives the version;
/// else the version untagged. `None` or `0.0.0` untagged is no release.
///
/// A newer tag of the package never counts: the manifest says what was
/// released (a tag made by hand on a feature commit is not a release).
///
/// ```
/// use cicd_core::history::{Tag, parse_tag_name};
/// use cicd_core::release::{Naming, Previous, previous_release};
///
/// let tag = |name: &str| Tag {
///     name: name.to_owned(),
///     target: "0".repeat(40),
///     release: parse_tag_name(name),
///     date: None,
/// };
/// let tags = [tag("ui-v1.2.0"), tag("ui-v1.3.0")];
/// let naming = Naming {
///     component: Some("ui".to_owned()),
///     ..Naming::default()
/// };
/// let recorded = semver::Version::new(1, 2, 0);
/// let previous = previous_release(&tags, &naming, Some(&recorded), None);
/// assert_eq!(previous, Previous::Tagged(tag("ui-v1.2.0")));
/// let missing = semver::Version::new(1, 1, 0);
/// let previous = previous_release(&tags, &naming, Some(&missing), None);
/// assert_eq!(previous.tag_name(&naming).as_deref(), Some("ui-v1.1.0"));
/// ```
#[must_use]
pub fn previous_release(
    tags: &[Tag],
    naming: &Naming,
    recorded: Option<&Version>,
    root: Option<&Naming>,
) -> Previous {
    let Some(version) = recorded else {
        return Previous::First;
    };
    let named = |naming: &Naming| {
        let name = naming.tag(version);
        tags.iter().find(|tag| tag.name == name)
    };
    let spelled = || {
        tags.iter()
            .filter(|tag| {
                tag.release.as_ref().is_some_and(|release| {
                    release.component == naming.component && release.version == *version
                })
            })
            .min_by(|a, b| a.name.cmp(&b.name))
    };
    let found = named(naming)
        .or_else(spelled)
        .or_else(|| root.and_then(named));
    match found {
        Some(tag) => Previous::Tagged(tag.clone()),
        None if *version == Version::new(0, 0, 0) => Previous::First,
        None => Previous::Untagged(version.clone()),
    }
}

/// Each package's previous release, in the order of `packages` (each with
/// its keys and naming): with a manifest (`recorded`, versions by package
/// path), [`previous_release`] of the package's version, a
/// `skip-github-release` package finding the root package's tag too;
/// without one, [`highest_release`].
#[must_use]
pub fn previous_releases(
    tags: &[Tag],
    packages: &[(&PackageConfig, &Naming)],
    recorded: Option<&BTreeMap<String, Version>>,
) -> Vec<Previous> {
    let root = packages
        .iter()
        .find(|(package, _)| package.path == ".")
        .map(|(_, naming)| *naming);
    packages
        .iter()
        .map(|(package, naming)| match recorded {
            Some(versions) => previous_release(
                tags,
                naming,
                versions.get(&package.path),
                root.filter(|_| package.skip_github_release),
            ),
            None => highest_release(tags, naming),
        })
        .collect()
}

/// Without a manifest: the package's highest release tag of `tags`.
#[must_use]
pub fn highest_release(tags: &[Tag], naming: &Naming) -> Previous {
    crate::history::latest_release(tags, naming.component.as_deref())
        .cloned()
        .map(Previous::Tagged)
        .unwrap_or(Previous::First)
}

/// A tag of the package that the version about to be proposed does not
/// exceed: a release would collide with it or go backwards. The highest
/// such tag, to name in a warning.
#[must_use]
pub fn overtaken<'a>(tags: &'a [Tag], naming: &Naming, proposed: &Version) -> Option<&'a Tag> {
    crate::history::latest_release(tags, naming.component.as_deref()).filter(|tag| {
        tag.release
            .as_ref()
            .is_some_and(|release| release.version >= *proposed)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::history::parse_tag_name;

    fn tag(name: &str) -> Tag {
        Tag {
            name: name.to_owned(),
            target: format!("{:0>40}", name.len()),
            release: parse_tag_name(name),
            date: None,
        }
    }

    fn naming(component: Option<&str>) -> Naming {
        Naming {
            component: component.map(str::to_owned),
            ..Naming::default()
        }
    }

    fn version(text: &str) -> Version {
        Version::parse(text).expect("a version")
    }

    #[test]
    fn the_manifest_version_s_tag_wins_over_a_newer_one() {
        let tags = [tag("ui-v1.3.0"), tag("ui-v1.2.0"), tag("api-v9.0.0")];
        let previous = previous_release(&tags, &naming(Some("ui")), Some(&version("1.2.0")), None);
        assert_eq!(previous, Previous::Tagged(tag("ui-v1.2.0")));
        assert_eq!(previous.version(), Some(&version("1.2.0")));
    }

    #[test]
    fn another_spelling_of_the_version_counts_and_the_exact_one_first() {
        let ui = naming(Some("ui"));
        let tags = [tag("ui@1.2.0"), tag("ui/v1.2.0")];
        let previous = previous_release(&tags, &ui, Some(&version("1.2.0")), None);
        assert_eq!(previous.tag_name(&ui).as_deref(), Some("ui/v1.2.0"));
        let tags = [tag("ui@1.2.0"), tag("ui-v1.2.0")];
        let previous = previous_release(&tags, &ui, Some(&version("1.2.0")), None);
        assert_eq!(previous.tag_name(&ui).as_deref(), Some("ui-v1.2.0"));
        // Another component's tag of the version is not the package's.
        let tags = [tag("api-v1.2.0"), tag("v1.2.0")];
        let previous = previous_release(&tags, &ui, Some(&version("1.2.0")), None);
        assert_eq!(previous, Previous::Untagged(version("1.2.0")));
    }

    #[test]
    fn an_untagged_version_keeps_its_tag_name_for_the_link() {
        let ui = Naming {
            separator: "/".to_owned(),
            include_v: false,
            ..naming(Some("ui"))
        };
        let tags = [tag("ui/1.1.0"), tag("ui/1.3.0")];
        let previous = previous_release(&tags, &ui, Some(&version("1.2.0")), None);
        assert_eq!(previous, Previous::Untagged(version("1.2.0")));
        assert_eq!(previous.tag(), None);
        assert_eq!(previous.tag_name(&ui).as_deref(), Some("ui/1.2.0"));
        let tagged = Previous::Tagged(tag("ui/1.1.0"));
        assert_eq!(tagged.without_tag(), Previous::Untagged(version("1.1.0")));
    }

    #[test]
    fn no_version_or_an_untagged_zero_is_a_first_release() {
        let ui = naming(Some("ui"));
        let tags = [tag("ui-v1.3.0")];
        assert_eq!(previous_release(&tags, &ui, None, None), Previous::First);
        let zero = version("0.0.0");
        assert_eq!(
            previous_release(&tags, &ui, Some(&zero), None),
            Previous::First
        );
        assert_eq!(Previous::First.tag_name(&ui), None);
        // A tag of 0.0.0 is a release like any other.
        let tags = [tag("ui-v0.0.0")];
        let previous = previous_release(&tags, &ui, Some(&zero), None);
        assert_eq!(previous, Previous::Tagged(tag("ui-v0.0.0")));
    }

    #[test]
    fn a_package_released_with_the_root_finds_the_root_s_tag() {
        let tags = [tag("v2.0.0")];
        let root = naming(None);
        let previous = previous_release(
            &tags,
            &naming(Some("ui")),
            Some(&version("2.0.0")),
            Some(&root),
        );
        assert_eq!(previous, Previous::Tagged(tag("v2.0.0")));
    }

    #[test]
    fn every_package_from_the_manifest_or_else_the_highest_tag() {
        let root = PackageConfig::unconfigured(".");
        let ui = PackageConfig {
            skip_github_release: true,
            ..PackageConfig::unconfigured("ui")
        };
        let (root_naming, ui_naming) = (naming(None), naming(Some("ui")));
        let packages = [(&root, &root_naming), (&ui, &ui_naming)];
        let tags = [tag("v2.0.0"), tag("v2.1.0"), tag("ui-v9.0.0")];
        let recorded = BTreeMap::from([
            (".".to_owned(), version("2.0.0")),
            ("ui".to_owned(), version("2.0.0")),
        ]);
        // `ui` releases with the root: the root's tag of its version.
        assert_eq!(
            previous_releases(&tags, &packages, Some(&recorded)),
            [
                Previous::Tagged(tag("v2.0.0")),
                Previous::Tagged(tag("v2.0.0"))
            ]
        );
        assert_eq!(
            previous_releases(&tags, &packages, None),
            [
                Previous::Tagged(tag("v2.1.0")),
                Previous::Tagged(tag("ui-v9.0.0"))
            ]
        );
    }

    #[test]
    fn without_a_manifest_the_highest_tag() {
        let tags = [tag("v1.10.0"), tag("v1.9.0"), tag("ui-v3.0.0")];
        assert_eq!(
            highest_release(&tags, &naming(None)),
            Previous::Tagged(tag("v1.10.0"))
        );
        assert_eq!(highest_release(&[], &naming(None)), Previous::First);
    }

    #[test]
    fn a_proposal_at_or_below_an_existing_tag_is_overtaken() {
        let ui = naming(Some("ui"));
        let tags = [tag("ui-v1.2.0"), tag("ui-v1.3.0")];
        assert_eq!(
            overtaken(&tags, &ui, &version("1.2.1")),
            Some(&tag("ui-v1.3.0"))
        );
        assert_eq!(
            overtaken(&tags, &ui, &version("1.3.0")),
            Some(&tag("ui-v1.3.0"))
        );
        assert_eq!(overtaken(&tags, &ui, &version("1.3.1")), None);
    }
}
