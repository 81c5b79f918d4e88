//! Putting a release section into an existing CHANGELOG.md where Release Please
//! puts it, without ever adding the same version twice.

/// The new CHANGELOG.md text with `section` (a rendered release, heading
/// first) added to `existing` (`None`: there is no file yet).
///
/// Placement is Release Please's: above the first version heading (`## 1.2.3`,
/// `## [1.2.3]`, `### [1.2.3]`, `## v1.2.3`), below any preamble; with no
/// version heading, under a new `# Changelog` title, the old text's H1s demoted
/// to H2. Unlike Release Please, when the file already has a section for the
/// same version it is replaced, not stacked: running twice gives one section.
///
/// ```
/// use cicd_core::changelog::insert;
///
/// let first = insert(None, "## 1.0.0 (2026-01-01)\n\n\n### Features\n\n* a");
/// assert_eq!(first, "# Changelog\n\n## 1.0.0 (2026-01-01)\n\n\n### Features\n\n* a\n");
/// let second = insert(Some(&first), "## [1.1.0](u) (2026-02-01)\n\n\n### Bug Fixes\n\n* b");
/// assert!(second.starts_with("# Changelog\n\n## [1.1.0](u)"));
/// assert_eq!(insert(Some(&second), "## [1.1.0](u) (2026-02-01)\n\n\n### Bug Fixes\n\n* b"), second);
/// ```
pub fn insert(existing: Option<&str>, section: &str) -> String {
    let section = section.trim();
    let Some(existing) = existing else {
        return format!("# Changelog\n\n{section}\n");
    };
    if let Some(version) = heading_version(section.lines().next().unwrap_or_default()) {
        if let Some(replaced) = replace_version(existing, &version, section) {
            return replaced;
        }
    }
    match first_version_heading(existing) {
        Some(newline) => {
            let mut out = String::with_capacity(existing.len() + section.len() + 2);
            out.push_str(&existing[..newline]);
            out.push('\n');
            out.push_str(section);
            out.push('\n');
            out.push_str(&existing[newline..]);
            format!("{}\n", out.trim())
        }
        None => {
            let demoted: Vec<String> = existing
                .lines()
                .map(|line| match line.strip_prefix("# ") {
                    Some(rest) => format!("## {rest}"),
                    None => line.to_owned(),
                })
                .collect();
            format!(
                "{}\n",
                format!("# Changelog\n\n{section}\n\n{}", demoted.join("\n")).trim()
            )
        }
    }
}

/// The new NEWS.md text of an R package (Release Please's `News` updater):
/// `section` above the first `### 1…`/`### [1…` heading; with none, on top
/// of the old text with its H1s demoted (no title added); no file: the
/// section alone. As [`insert`], a section for the same version is
/// replaced, not stacked.
///
/// ```
/// use cicd_core::changelog::insert_news;
///
/// let news = insert_news(Some("# widget 1.0.0\n\n* first\n"), "## 1.1.0 (2026-02-01)\n\n* b");
/// assert_eq!(news, "## 1.1.0 (2026-02-01)\n\n* b\n\n## widget 1.0.0\n\n* first\n");
/// assert_eq!(insert_news(Some(&news), "## 1.1.0 (2026-02-01)\n\n* b"), news);
/// ```
pub fn insert_news(existing: Option<&str>, section: &str) -> String {
    let section = section.trim();
    let existing = existing.unwrap_or_default();
    if existing.is_empty() {
        return format!("{section}\n");
    }
    if let Some(version) = heading_version(section.lines().next().unwrap_or_default()) {
        if let Some(replaced) = replace_version(existing, &version, section) {
            return replaced;
        }
    }
    // Release Please's `/\n### v?[0-9[]/`: H3 version headings only.
    let h3 = existing.match_indices('\n').map(|(at, _)| at).find(|&at| {
        existing[at + 1..]
            .strip_prefix("### ")
            .map(|rest| rest.strip_prefix('v').unwrap_or(rest))
            .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit() || c == '['))
    });
    match h3 {
        Some(newline) => format!(
            "{}\n",
            format!(
                "{}\n{section}\n{}",
                &existing[..newline],
                &existing[newline..]
            )
            .trim()
        ),
        None => {
            // `/^#(\s)/gm` → `##$1`: a `#` that starts a line, then a space.
            let mut demoted = String::with_capacity(existing.len() + 8);
            for line in existing.split_inclusive('\n') {
                if line.starts_with('#') && line[1..].starts_with(char::is_whitespace) {
                    demoted.push('#');
                }
                demoted.push_str(line);
            }
            format!("{section}\n\n{}\n", demoted.trim())
        }
    }
}

/// Replace the section whose heading names `version`, up to the next H1 or
/// H2 whatever it names (`## widget 1.0.0`, an old title demoted), or the
/// next version heading (`### v1.2.3`); `None` when there is no such
/// section.
fn replace_version(text: &str, version: &str, section: &str) -> Option<String> {
    let mut lines = std::iter::once(0).chain(text.match_indices('\n').map(|(at, _)| at + 1));
    let start = lines.find(|&at| {
        heading_version(text[at..].lines().next().unwrap_or_default()).as_deref() == Some(version)
    })?;
    let end = lines
        .find(|&at| {
            let line = text[at..].lines().next().unwrap_or_default();
            line.starts_with("# ") || line.starts_with("## ") || heading_version(line).is_some()
        })
        .unwrap_or(text.len());
    Some(format!(
        "{}\n",
        format!("{}{section}\n\n{}", &text[..start], &text[end..]).trim()
    ))
}

/// The offset of the newline before the first `## v1…`/`### [1…` heading:
/// Release Please's `/\n###? v?[0-9[]/`.
fn first_version_heading(text: &str) -> Option<usize> {
    text.match_indices('\n').map(|(at, _)| at).find(|&at| {
        let line = &text[at + 1..];
        let rest = line
            .strip_prefix("### ")
            .or_else(|| line.strip_prefix("## "))
            .map(|rest| rest.strip_prefix('v').unwrap_or(rest));
        rest.is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit() || c == '['))
    })
}

/// The version a release heading names: `## [1.2.3](…) (…)` or `## 1.2.3 (…)`.
fn heading_version(line: &str) -> Option<String> {
    let rest = line
        .strip_prefix("### ")
        .or_else(|| line.strip_prefix("## "))?;
    let rest = rest.strip_prefix('[').unwrap_or(rest);
    let rest = rest.strip_prefix('v').unwrap_or(rest);
    let end = rest.find([']', ' ', '(']).unwrap_or(rest.len());
    let version = &rest[..end];
    version
        .starts_with(|c: char| c.is_ascii_digit())
        .then(|| version.to_owned())
}

#[cfg(test)]
mod tests {
    use super::{insert, insert_news};

    #[test]
    fn a_rerun_keeps_older_sections_that_name_no_version() {
        let entry = "## [1.3.0](u) (2024-05-01)\n\n### Features\n\n* a";
        let once = insert(Some("# widget 1.2.0\n\n* old\n"), entry);
        assert!(once.ends_with("## widget 1.2.0\n\n* old\n"), "{once}");
        assert_eq!(insert(Some(&once), entry), once);
    }

    #[test]
    fn news_takes_a_section_once_whatever_its_neighbours_are_called() {
        let entry = "## [1.3.0](u) (2024-05-01)\n\n### Features\n\n* a";
        for old in [
            "# widget 1.2.0\n\n* old\n",
            "# Changes\n\n### v1.2.3\n\n* old\n",
            "",
        ] {
            let once = insert_news(Some(old), entry);
            assert_eq!(insert_news(Some(&once), entry), once, "{old:?}");
            let changed = insert_news(Some(&once), &entry.replace("* a", "* a\n* b"));
            assert_eq!(changed, once.replace("* a\n", "* a\n* b\n"), "{old:?}");
        }
    }

    const ENTRY: &str =
        "## [1.3.0](https://x/compare/v1.2.3...v1.3.0) (2024-05-01)\n\n\n### Features\n\n* add x";

    #[test]
    fn the_entry_goes_above_the_newest_version_below_the_preamble() {
        let existing = "# Changelog\n\n[npm history][1]\n\n[1]: https://npm\n\n### [0.3.3](https://x) (2019-04-30)\n\n* old\n";
        assert_eq!(
            insert(Some(existing), ENTRY),
            format!(
                "# Changelog\n\n[npm history][1]\n\n[1]: https://npm\n\n{ENTRY}\n\n### [0.3.3](https://x) (2019-04-30)\n\n* old\n"
            )
        );
    }

    #[test]
    fn a_file_without_version_headings_gets_a_title_and_demoted_h1s() {
        assert_eq!(
            insert(Some("# Changelog\n"), ENTRY),
            format!("# Changelog\n\n{ENTRY}\n\n## Changelog\n")
        );
        assert_eq!(insert(Some(""), ENTRY), format!("# Changelog\n\n{ENTRY}\n"));
    }

    #[test]
    fn the_same_version_twice_replaces_its_section() {
        let once = insert(
            Some("# Changelog\n\n## [1.2.3](u) (2024-04-01)\n\n* old\n"),
            ENTRY,
        );
        let twice = insert(Some(&once), ENTRY);
        assert_eq!(once, twice);
        let redated = ENTRY.replace("2024-05-01", "2024-05-02");
        let updated = insert(Some(&twice), &redated);
        assert_eq!(updated.matches("## [1.3.0]").count(), 1);
        assert!(updated.contains("(2024-05-02)"));
        assert!(updated.contains("## [1.2.3](u) (2024-04-01)\n\n* old\n"));
    }

    proptest::proptest! {
        #[test]
        fn older_sections_are_kept_byte_for_byte(old in "[a-z \\n]{0,200}") {
            let existing = format!("# Changelog\n\n## [1.0.0](u) (2020-01-01)\n\n{old}");
            let updated = insert(Some(&existing), ENTRY);
            let kept = format!("## [1.0.0](u) (2020-01-01)\n\n{}", old.trim_end());
            proptest::prop_assert!(updated.contains(kept.trim_end()));
            proptest::prop_assert_eq!(insert(Some(&updated), ENTRY), updated);
        }
    }
}
