//! What a merged release PR releases, as Release Please's `github-release`
//! reads it back: one GitHub release per version its body lists, each named
//! and tagged as its package's configuration says, after every one was
//! checked against the PR's title, branch and merged manifest.

use std::collections::BTreeMap;

use super::Package;
use crate::release::{self, Naming, Proposed, java};
use crate::version::Version;

/// A merged release PR, as GitHub shows it.
#[derive(Clone, Copy, Debug)]
pub struct MergedPullRequest<'a> {
    /// Its number.
    pub number: u64,
    /// Its title.
    pub title: &'a str,
    /// Its head branch (`release-please--branches--main`).
    pub branch: &'a str,
    /// Its body (the notes file's text when the body links to one).
    pub body: &'a str,
}

/// A GitHub release to make.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GitHubRelease {
    /// The package's path.
    pub path: String,
    /// The version released.
    pub version: Version,
    /// The tag (`api-v1.2.0`).
    pub tag: String,
    /// The release's name (`api: v1.2.0` with `include-v-in-release-name`).
    pub name: String,
    /// The notes, as the PR shows them.
    pub notes: String,
    /// `draft`.
    pub draft: bool,
    /// `prerelease`, for a pre-release or a 0.x version.
    pub prerelease: bool,
    /// `force-tag-creation`.
    pub force_tag: bool,
}

/// Why a merged release PR releases nothing, or what it skips.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Merged {
    /// The releases to make, and what was skipped (a component no package
    /// is, a snapshot).
    Releases {
        /// The releases, in the body's order.
        releases: Vec<GitHubRelease>,
        /// Warnings, in order.
        warnings: Vec<String>,
    },
    /// The body names no version: not a release PR after all.
    NoVersion,
    /// A release disagrees with the PR's title, branch or manifest: none is
    /// made.
    Refused(String),
}

/// The releases `pull` stands for, for `packages` named by `namings` (in
/// the same order), checked against the versions `recorded` in the
/// manifest at its merge commit, when the clone has it.
#[must_use]
pub fn releases_of_merged(
    pull: &MergedPullRequest<'_>,
    packages: &[Package],
    namings: &[Naming],
    recorded: Option<&BTreeMap<String, Version>>,
) -> Merged {
    let number = pull.number;
    let proposed = release::parse_pull_request(pull.branch, pull.body);
    if proposed.is_empty() {
        return Merged::NoVersion;
    }
    let mut warnings = Vec::new();
    let mut chosen = Vec::new();
    for wanted in &proposed {
        let Some((package, naming)) = package_of(wanted, packages, namings) else {
            let component = wanted.component.as_deref().unwrap_or(".");
            // `groupId:artifactId`: an artifact `maven-workspace` moved.
            if !component.contains(':') {
                warnings.push(format!(
                    "PR #{number} releases `{component}`, which no package of the configuration is; skipped"
                ));
            }
            continue;
        };
        if package.keys.skip_github_release {
            continue;
        }
        let version = &wanted.version;
        if java::has_snapshots(package.release_type()) && !java::is_published(version) {
            warnings.push(format!(
                "PR #{number} moves `{}` to {version}, a snapshot: not released",
                package.path()
            ));
            continue;
        }
        chosen.push((wanted, package, naming));
    }
    // Every release of the PR checked before any is made.
    for &(wanted, package, naming) in &chosen {
        let pattern = naming
            .title_pattern
            .as_deref()
            .unwrap_or(release::TITLE_PATTERN);
        let title = release::parse_title(pull.title, pattern, naming.component_no_space);
        let recorded = recorded.and_then(|versions| versions.get(package.path()));
        if let Err(why) = release::confirm(wanted, title.as_ref(), pull.branch, recorded) {
            let component = wanted.component.as_deref().unwrap_or(package.path());
            return Merged::Refused(format!("`{component}` {}: {why}", wanted.version));
        }
    }
    let releases = chosen
        .into_iter()
        .map(|(wanted, package, naming)| {
            let version = &wanted.version;
            let v = if package.keys.include_v_in_release_name {
                "v"
            } else {
                ""
            };
            GitHubRelease {
                path: package.path().to_owned(),
                version: version.clone(),
                tag: naming.tag(version),
                name: match &naming.component {
                    Some(component) => format!("{component}: {v}{version}"),
                    None => format!("{v}{version}"),
                },
                notes: wanted.notes.clone(),
                draft: package.keys.draft,
                prerelease: package.keys.prerelease
                    && (!version.pre.is_empty() || version.major == 0),
                force_tag: package.keys.force_tag_creation,
            }
        })
        .collect();
    Merged::Releases { releases, warnings }
}

/// The package a proposed release belongs to: the one whose component it
/// names, or the only one for a release that names none (a release PR of
/// one package). A component no package has (an artifact that
/// `maven-workspace` released) belongs to none.
fn package_of<'a>(
    wanted: &Proposed,
    packages: &'a [Package],
    namings: &'a [Naming],
) -> Option<(&'a Package, &'a Naming)> {
    let pairs = || packages.iter().zip(namings);
    let named = |naming: &Naming| {
        let own = [&naming.component, &naming.branch_component];
        match &wanted.component {
            Some(component) => own.iter().any(|name| name.as_deref() == Some(component)),
            None => naming.component.is_none(),
        }
    };
    pairs().find(|(_, naming)| named(naming)).or_else(|| {
        (packages.len() == 1 && wanted.component.is_none())
            .then(|| pairs().next())
            .flatten()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::release::Config;
    use crate::release::strategy::Snapshot;

    fn packages() -> (Vec<Package>, Vec<Naming>) {
        let (config, _) = Config::parse(
            r#"{"include-v-in-release-name": true, "packages": {"api": {"component": "api", "prerelease": true}, "lib": {"component": "lib", "release-type": "java"}}}"#,
            "rp.json",
        )
        .unwrap();
        let packages: Vec<Package> = ["api", "lib"]
            .iter()
            .map(|path| Package::configured(&config, path, "rp.json").unwrap())
            .collect();
        let source = Snapshot::default();
        let namings = packages
            .iter()
            .map(|package| package.naming(&source, "main").unwrap())
            .collect();
        (packages, namings)
    }

    fn body(blocks: &[(&str, &str)]) -> String {
        let mut body = String::from(":robot: I have created a release *beep* *boop*\n---\n\n\n");
        for (summary, notes) in blocks {
            body.push_str(&format!(
                "<details><summary>{summary}</summary>\n\n{notes}\n</details>\n\n"
            ));
        }
        body.push_str("---\nThis PR was generated with Release Please.");
        body
    }

    #[test]
    fn each_listed_version_is_a_release_named_as_configured() {
        let (packages, namings) = packages();
        let text = body(&[
            (
                "api: 0.3.0",
                "## [0.3.0](https://x/compare/api-v0.2.0...api-v0.3.0) (2024-05-01)\n\n* a",
            ),
            (
                "lib: 2.1.0-SNAPSHOT",
                "### Updating meta-information for bleeding-edge SNAPSHOT release.",
            ),
            ("web: 1.0.0", "## 1.0.0"),
        ]);
        let pull = MergedPullRequest {
            number: 7,
            title: "chore: release main",
            branch: "release-please--branches--main",
            body: &text,
        };
        let Merged::Releases { releases, warnings } =
            releases_of_merged(&pull, &packages, &namings, None)
        else {
            panic!("releases");
        };
        assert_eq!(releases.len(), 1);
        assert_eq!(releases[0].tag, "api-v0.3.0");
        assert_eq!(releases[0].name, "api: v0.3.0");
        assert!(releases[0].prerelease, "0.x with `prerelease`");
        assert_eq!(warnings.len(), 2, "{warnings:?}");
        assert!(warnings[0].contains("a snapshot"));
        assert!(warnings[1].contains("`web`"));
        let recorded = BTreeMap::from([("api".to_owned(), Version::new(0, 2, 9))]);
        assert!(matches!(
            releases_of_merged(&pull, &packages, &namings, Some(&recorded)),
            Merged::Refused(why) if why.starts_with("`api` 0.3.0")
        ));
        let empty = MergedPullRequest {
            body: "no notes",
            ..pull
        };
        assert_eq!(
            releases_of_merged(&empty, &packages, &namings, None),
            Merged::NoVersion
        );
    }
}
