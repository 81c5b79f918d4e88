//! Release PR bodies too long for GitHub (65,536 characters), as Release
//! Please handles them: the whole body goes to `release-notes.md` on a branch
//! of its own (`<release branch>--release-notes`), and the PR's body links
//! to it; reading a merged PR back follows the link.

/// The longest body GitHub takes, in UTF-16 code units (JavaScript's length).
pub const MAX_BODY: usize = 65_536;

/// The file that holds a body too long for its PR.
pub const NOTES_FILE: &str = "release-notes.md";

/// Release Please's body of a PR whose notes are elsewhere, before the link.
pub const OVERFLOW_MESSAGE: &str = "This release is too large to preview in the pull request body. View the full release notes here:";

/// Whether `body` is too long for a PR.
pub fn overflows(body: &str) -> bool {
    body.encode_utf16().count() > MAX_BODY
}

/// The branch that holds the notes of the release PR on `branch`.
pub fn notes_branch(branch: &str) -> String {
    format!("{branch}--release-notes")
}

/// The PR body that links to the notes at `url`.
pub fn overflow_body(url: &str) -> String {
    format!("{OVERFLOW_MESSAGE} {url}")
}

/// Where a PR body that links to its notes says they are: the repository
/// (`owner/name`) and the branch of the `…/owner/name/blob/<branch>/release-notes.md`
/// link; `None` for a body that holds its notes.
pub fn overflow_source(body: &str) -> Option<(String, String)> {
    let (_, after) = body.split_once(OVERFLOW_MESSAGE)?;
    let url = after.strip_prefix(' ')?.lines().next()?.trim();
    // `scheme://host/owner/name/blob/<branch>/release-notes.md`.
    let path = url.split_once("://").map(|(_, rest)| rest).unwrap_or(url);
    let (_, path) = path.split_once('/')?;
    let (repository, rest) = path.split_once("/blob/")?;
    let branch = rest.strip_suffix(&format!("/{NOTES_FILE}"))?;
    let valid = repository.split('/').count() == 2 && !branch.is_empty();
    valid.then(|| (repository.to_owned(), branch.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::{MAX_BODY, notes_branch, overflow_body, overflow_source, overflows};

    #[test]
    fn a_long_body_is_told_by_its_utf16_length() {
        assert!(!overflows(&"a".repeat(MAX_BODY)));
        assert!(overflows(&"a".repeat(MAX_BODY + 1)));
        // Two code units each, as GitHub and Release Please count them.
        assert!(overflows(&"😀".repeat(MAX_BODY / 2 + 1)));
        assert!(!overflows(&"é".repeat(MAX_BODY)));
    }

    #[test]
    fn the_link_reads_back_as_repository_and_branch() {
        let branch = notes_branch("release-please--branches--release/v1");
        let body = overflow_body(&format!(
            "https://github.com/acme/widget/blob/{branch}/release-notes.md"
        ));
        assert_eq!(
            overflow_source(&body),
            Some(("acme/widget".to_owned(), branch))
        );
        assert_eq!(overflow_source("## 1.0.0\n\n* notes"), None);
        assert_eq!(
            overflow_source(&overflow_body("https://github.com/acme/widget/tree/x")),
            None
        );
    }
}
