//! Release Please's Java cycle, for the `java` and `maven` release types:
//! after each release, a release PR that moves the package to the next
//! `-SNAPSHOT` version (no notes, no tag, labelled `autorelease: snapshot`);
//! once that is merged, the next release PR drops the suffix again.

use semver::{Prerelease, Version};

use super::files::dotted_digits;
use super::pull_request::parse_title;

/// The notes of a snapshot release PR, as Release Please words them.
pub const SNAPSHOT_NOTES: &str =
    "### Updating meta-information for bleeding-edge SNAPSHOT release.";

/// The label of a snapshot release PR (`snapshot-label` replaces it).
pub const SNAPSHOT_LABEL: &str = "autorelease: snapshot";

/// Whether the release type follows the cycle.
pub fn has_snapshots(release_type: &str) -> bool {
    matches!(release_type, "java" | "maven")
}

/// Whether `version` is a published one: its pre-release does not say
/// `SNAPSHOT`.
pub fn is_published(version: &Version) -> bool {
    !crate::version::is_snapshot(version)
}

/// `next` (the version a fix would give) as a snapshot: `1.2.4-SNAPSHOT`,
/// `1.2.4-beta-SNAPSHOT` after a pre-release.
pub fn with_snapshot(next: &Version) -> Version {
    let pre = if next.pre.is_empty() {
        "SNAPSHOT".to_owned()
    } else {
        format!("{}-SNAPSHOT", next.pre)
    };
    let mut version = next.clone();
    version.pre = Prerelease::new(&pre).unwrap_or(Prerelease::EMPTY);
    version
}

/// Whether a release PR `title` (read with `pattern`) names a snapshot of
/// `component`: its version's pre-release says `SNAPSHOT`, as Release
/// Please's `Version.parse` reads it (the first `X.Y.Z`, then `-` and
/// anything up to a `+`).
pub fn is_snapshot_title(
    title: &str,
    pattern: &str,
    no_space: bool,
    component: Option<&str>,
) -> bool {
    let Some(parsed) = parse_title(title, pattern, no_space) else {
        return false;
    };
    if parsed.component.as_deref().unwrap_or_default() != component.unwrap_or_default() {
        return false;
    }
    pre_release(&parsed.version).is_some_and(|pre| pre.contains("SNAPSHOT"))
}

/// The pre-release after the first `X.Y.Z` in `text`: `SNAPSHOT (#12)` in
/// `1.2.4-SNAPSHOT (#12)`.
fn pre_release(text: &str) -> Option<&str> {
    let end = (0..text.len()).find_map(|start| dotted_digits(text.as_bytes(), start, 3))?;
    let rest = text.get(end..)?.strip_prefix('-')?;
    Some(rest.split('+').next().unwrap_or(rest))
}

/// Whether a package needs a snapshot release PR, as Release Please's
/// `needsSnapshot`: not with `skip-snapshot`, nor before its first release,
/// nor when its last release is a snapshot, nor when one of the `titles` of
/// the commits since (their release PR titles) already names a snapshot of
/// it.
pub fn needs_snapshot<'a>(
    last: Option<&Version>,
    skip: bool,
    titles: impl IntoIterator<Item = &'a str>,
    (pattern, no_space): (&str, bool),
    component: Option<&str>,
) -> bool {
    if skip || !last.is_some_and(is_published) {
        return false;
    }
    !titles
        .into_iter()
        .any(|title| is_snapshot_title(title, pattern, no_space, component))
}

/// The title GitHub gave the pull request a squash-merged `summary` came
/// from: the summary without the ` (#12)` GitHub appends.
pub fn pull_request_title(summary: &str) -> &str {
    let trimmed = summary.trim_end();
    if let Some(open) = trimmed.rfind(" (#") {
        let number = &trimmed[open + 3..];
        if number.len() > 1
            && number.ends_with(')')
            && number[..number.len() - 1]
                .bytes()
                .all(|b| b.is_ascii_digit())
        {
            return &trimmed[..open];
        }
    }
    trimmed
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::release::TITLE_PATTERN;

    fn version(text: &str) -> Version {
        Version::parse(text).unwrap()
    }

    #[test]
    fn snapshots_follow_the_next_patch() {
        assert_eq!(
            with_snapshot(&version("1.2.4")).to_string(),
            "1.2.4-SNAPSHOT"
        );
        assert_eq!(
            with_snapshot(&version("1.2.4-beta")).to_string(),
            "1.2.4-beta-SNAPSHOT"
        );
        assert!(is_published(&version("1.2.3")));
        assert!(!is_published(&version("1.2.4-SNAPSHOT")));
    }

    #[test]
    fn a_merged_snapshot_pr_stops_the_next_one() {
        let default = (TITLE_PATTERN, false);
        let last = version("1.2.3");
        assert!(needs_snapshot(
            Some(&last),
            false,
            ["fix: x"],
            default,
            None
        ));
        assert!(!needs_snapshot(
            Some(&last),
            false,
            ["fix: x", "chore(main): release 1.2.4-SNAPSHOT"],
            default,
            None
        ));
        // Another component's snapshot does not count.
        assert!(needs_snapshot(
            Some(&last),
            false,
            ["chore(main): release api 1.2.4-SNAPSHOT"],
            default,
            Some("web")
        ));
        assert!(!needs_snapshot(
            Some(&last),
            false,
            ["chore(main): release web 1.2.4-SNAPSHOT"],
            default,
            Some("web")
        ));
        assert!(!needs_snapshot(None, false, ["fix: x"], default, None));
        assert!(!needs_snapshot(
            Some(&last),
            true,
            ["fix: x"],
            default,
            None
        ));
        assert!(!needs_snapshot(
            Some(&version("1.2.4-SNAPSHOT")),
            false,
            [],
            default,
            None
        ));
    }

    #[test]
    fn squash_titles_lose_github_s_number() {
        assert_eq!(
            pull_request_title("chore(main): release 1.2.4-SNAPSHOT (#12)"),
            "chore(main): release 1.2.4-SNAPSHOT"
        );
        assert_eq!(pull_request_title("fix: keep (#x)"), "fix: keep (#x)");
        assert_eq!(pre_release("1.2.4-SNAPSHOT (#12)"), Some("SNAPSHOT (#12)"));
        assert_eq!(pre_release("v2 and 1.2.3+build"), None);
        assert_eq!(pre_release("10.20.30-rc.1+b"), Some("rc.1"));
    }
}
