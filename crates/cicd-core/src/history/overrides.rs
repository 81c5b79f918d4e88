//! Release Please's commit overrides: a merged pull request whose body holds
//! a `BEGIN_COMMIT_OVERRIDE` … `END_COMMIT_OVERRIDE` section has its merge
//! commit read with that text as its message (to mend a squashed message
//! after the merge, or to split it into several changes).

/// The message a pull request `body` sets for its merge commit: the trimmed
/// text between the first `BEGIN_COMMIT_OVERRIDE` and the next
/// `END_COMMIT_OVERRIDE` (or the body's end); `None` when there is none or
/// it is blank.
///
/// ```
/// use cicd_core::history::commit_override;
///
/// let body = "Fixes #12\n\nBEGIN_COMMIT_OVERRIDE\nfix: the real change\n\nfeat: and another\nEND_COMMIT_OVERRIDE\n";
/// assert_eq!(commit_override(body), Some("fix: the real change\n\nfeat: and another"));
/// assert_eq!(commit_override("no override"), None);
/// ```
pub fn commit_override(body: &str) -> Option<&str> {
    let (_, after) = body.split_once("BEGIN_COMMIT_OVERRIDE")?;
    let text = after
        .split_once("END_COMMIT_OVERRIDE")
        .map(|(text, _)| text)
        .unwrap_or(after);
    // JavaScript's `trim`: white space and line ends, as `char::is_whitespace`.
    let text = text.trim();
    (!text.is_empty()).then_some(text)
}

#[cfg(test)]
mod tests {
    use super::commit_override;

    #[test]
    fn the_first_section_is_the_message_trimmed() {
        assert_eq!(
            commit_override("BEGIN_COMMIT_OVERRIDE  feat: a  "),
            Some("feat: a")
        );
        assert_eq!(
            commit_override(
                "x BEGIN_COMMIT_OVERRIDE\r\nfix: b\r\nEND_COMMIT_OVERRIDE BEGIN_COMMIT_OVERRIDE feat: c"
            ),
            Some("fix: b")
        );
        assert_eq!(
            commit_override("BEGIN_COMMIT_OVERRIDE\n \nEND_COMMIT_OVERRIDE"),
            None
        );
        assert_eq!(commit_override("END_COMMIT_OVERRIDE"), None);
    }
}
