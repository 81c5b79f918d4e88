//! The release PR as Release Please names and words it: tag, title, branch
//! and body.

use semver::Version;
use serde::Serialize;

/// How a package's releases are named (`release-please-config.json` keys).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Naming {
    /// The component in tags and titles (`api` in `api-v1.2.3`); `None` when
    /// `include-component-in-tag` is off or the package has none.
    pub component: Option<String>,
    /// The component in the PR branch, which Release Please keeps even when
    /// tags leave it out.
    pub branch_component: Option<String>,
    /// `tag-separator`, `-` by default.
    pub separator: String,
    /// `include-v-in-tag`, on by default.
    pub include_v: bool,
    /// `component-no-space`: `release api1.2.3` rather than `release api 1.2.3`.
    pub component_no_space: bool,
    /// The branch releases are cut from (`main`).
    pub target_branch: String,
    /// `pull-request-title-pattern`: Release Please's
    /// [`TITLE_PATTERN`] when `None`.
    pub title_pattern: Option<String>,
    /// `pull-request-header`: [`HEADER`] when `None`.
    pub header: Option<String>,
    /// `pull-request-footer`: [`FOOTER`] when `None`.
    pub footer: Option<String>,
}

/// Release Please's defaults: no component, `-`, a `v`, branch `main`, the
/// default title and body.
impl Default for Naming {
    fn default() -> Self {
        Self {
            component: None,
            branch_component: None,
            separator: "-".to_owned(),
            include_v: true,
            component_no_space: false,
            target_branch: "main".to_owned(),
            title_pattern: None,
            header: None,
            footer: None,
        }
    }
}

/// Release Please's branch for the release PRs of `target_branch`
/// (`release-please--branches--main`); a package's and a group's add
/// `--components--…` and `--groups--…`.
#[must_use]
pub fn release_branch(target_branch: &str) -> String {
    format!("release-please--branches--{target_branch}")
}

/// Release Please's title of a release PR for one package.
pub const TITLE_PATTERN: &str = "chore${scope}: release${component} ${version}";

/// Release Please's title of the one PR for several packages.
pub const GROUP_TITLE_PATTERN: &str = "chore: release ${branch}";

/// Release Please's first line of a release PR's body.
pub const HEADER: &str = ":robot: I have created a release *beep* *boop*";

/// Release Please's last line of a release PR's body.
pub const FOOTER: &str = "This PR was generated with [Release Please](https://github.com/googleapis/release-please). \
                          See [documentation](https://github.com/googleapis/release-please#release-please).";

/// A title from a pattern, as Release Please fills one: the first
/// `${scope}` becomes `(target)`, the first `${component}` ` component`
/// (`component` with `no_space`; with `no_space` and no component, the
/// first `${component} ` goes), the first `${version}` the version and the
/// first `${branch}` the target branch; the result is trimmed.
pub fn title(
    pattern: &str,
    component: Option<&str>,
    target_branch: &str,
    version: Option<&Version>,
    no_space: bool,
) -> String {
    let mut pattern = pattern.to_owned();
    let component = match component.filter(|component| !component.is_empty()) {
        Some(component) if no_space => component.to_owned(),
        Some(component) => format!(" {component}"),
        None => {
            if no_space {
                pattern = pattern.replacen("${component} ", "", 1);
            }
            String::new()
        }
    };
    let scope = if target_branch.is_empty() {
        String::new()
    } else {
        format!("({target_branch})")
    };
    let version = version.map(ToString::to_string).unwrap_or_default();
    pattern
        .replacen("${scope}", &scope, 1)
        .replacen("${component}", &component, 1)
        .replacen("${version}", &version, 1)
        .replacen("${branch}", target_branch, 1)
        .trim()
        .to_owned()
}

/// What a release PR's title says, read back as Release Please reads it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Title {
    /// The branch in `chore(main): …`.
    pub branch: Option<String>,
    /// The component (`api` in `release api 1.2.3`).
    pub component: Option<String>,
    /// The text after the component (and an optional `v`), from its first
    /// digit to the end: `1.2.4-SNAPSHOT`.
    pub version: String,
}

/// A piece of a title pattern.
#[derive(Clone, Copy, Debug)]
enum Piece<'a> {
    Text(&'a str),
    /// `${scope}`: `(branch)` or nothing.
    Scope,
    /// `${component}`: an optional space (unless `no_space`), then
    /// `@?[\w-./]*`, absent when empty.
    Component,
    /// `${version}`: an optional `v`, a digit, then anything.
    Version,
    /// `${branch}`: `[\w-./]+` or nothing.
    Branch,
    /// One character or none: with `component-no-space`, Release Please's
    /// `?` before the component makes the pattern's character before it
    /// optional.
    Optional(char),
}

/// Read `title` with `pattern` (`${scope}`, `${component}`, `${version}`,
/// `${branch}`, the first of each), as Release Please's
/// `PullRequestTitle.parse` matches its regular expression: the whole
/// title, greedy placeholders, the first reading that fits.
pub fn parse_title(title: &str, pattern: &str, no_space: bool) -> Option<Title> {
    if title.contains(['\n', '\r']) {
        return None;
    }
    let mut pieces = Vec::new();
    let mut rest = pattern;
    let mut seen = [false; 4];
    while !rest.is_empty() {
        let next = ["${scope}", "${component}", "${version}", "${branch}"]
            .iter()
            .enumerate()
            .filter(|(at, _)| !seen[*at])
            .filter_map(|(at, name)| rest.find(name).map(|start| (start, at, name.len())))
            .min();
        match next {
            Some((start, at, len)) => {
                if start > 0 {
                    let text = &rest[..start];
                    match text.chars().next_back() {
                        Some(last) if no_space && at == 1 => {
                            let kept = &text[..text.len() - last.len_utf8()];
                            if !kept.is_empty() {
                                pieces.push(Piece::Text(kept));
                            }
                            pieces.push(Piece::Optional(last));
                        }
                        _ => pieces.push(Piece::Text(text)),
                    }
                }
                seen[at] = true;
                pieces.push(
                    [
                        Piece::Scope,
                        Piece::Component,
                        Piece::Version,
                        Piece::Branch,
                    ][at],
                );
                rest = &rest[start + len..];
            }
            None => {
                pieces.push(Piece::Text(rest));
                rest = "";
            }
        }
    }
    let mut found = Title {
        branch: None,
        component: None,
        version: String::new(),
    };
    matches(&pieces, title, no_space, &mut found).then_some(found)
}

/// `[\w-./]`: what a branch or component is made of.
fn name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '/')
}

/// The length of the longest run of `name_char`s at the start of `text`.
fn name_run(text: &str) -> usize {
    text.find(|c: char| !name_char(c)).unwrap_or(text.len())
}

/// Whether `pieces` match all of `text`, trying the longest reading of each
/// placeholder first; the captures of the reading that fits go in `found`.
fn matches(pieces: &[Piece<'_>], text: &str, no_space: bool, found: &mut Title) -> bool {
    let Some((piece, rest)) = pieces.split_first() else {
        return text.is_empty();
    };
    match *piece {
        Piece::Text(literal) => text
            .strip_prefix(literal)
            .is_some_and(|text| matches(rest, text, no_space, found)),
        Piece::Optional(c) => {
            text.strip_prefix(c)
                .is_some_and(|text| matches(rest, text, no_space, found))
                || matches(rest, text, no_space, found)
        }
        Piece::Scope => {
            if let Some(inner) = text.strip_prefix('(') {
                let run = name_run(inner);
                for len in (1..=run).rev() {
                    if let Some(after) = inner[len..].strip_prefix(')') {
                        if matches(rest, after, no_space, found) {
                            found.branch = Some(inner[..len].to_owned());
                            return true;
                        }
                    }
                }
            }
            matches(rest, text, no_space, found)
        }
        Piece::Branch => {
            let run = name_run(text);
            for len in (1..=run).rev() {
                if matches(rest, &text[len..], no_space, found) {
                    found.branch = Some(text[..len].to_owned());
                    return true;
                }
            }
            matches(rest, text, no_space, found)
        }
        Piece::Component => {
            let spaced = if no_space {
                vec![text]
            } else {
                text.strip_prefix(' ').into_iter().chain([text]).collect()
            };
            for text in spaced {
                let at = usize::from(text.starts_with('@'));
                let run = at + name_run(&text[at..]);
                // An empty component is no component (a `?` never takes an
                // empty match).
                for len in (1..=run).rev() {
                    if matches(rest, &text[len..], no_space, found) {
                        found.component = Some(text[..len].to_owned());
                        return true;
                    }
                }
                if matches(rest, text, no_space, found) {
                    return true;
                }
            }
            false
        }
        Piece::Version => {
            for text in text.strip_prefix('v').into_iter().chain([text]) {
                if !text.starts_with(|c: char| c.is_ascii_digit()) {
                    continue;
                }
                for len in (1..=text.len())
                    .rev()
                    .filter(|&len| text.is_char_boundary(len))
                {
                    if matches(rest, &text[len..], no_space, found) {
                        found.version = text[..len].to_owned();
                        return true;
                    }
                }
            }
            false
        }
    }
}

/// A release PR's text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PullRequest {
    /// `chore(main): release 1.3.0`.
    pub title: String,
    /// `release-please--branches--main` (`--components--api` with a component).
    pub branch: String,
    /// The tag the release will get.
    pub tag: String,
    /// The body: Release Please's header, the notes, its footer.
    pub body: String,
}

impl Naming {
    /// The tag of `version`: `v1.2.3`, or `api-v1.2.3` with a component.
    pub fn tag(&self, version: &Version) -> String {
        let v = if self.include_v { "v" } else { "" };
        match &self.component {
            Some(component) => format!("{component}{}{v}{version}", self.separator),
            None => format!("{v}{version}"),
        }
    }

    /// The release PR for `version` with these `notes` (a rendered section).
    pub fn pull_request(&self, version: &Version, notes: &str) -> PullRequest {
        let mut branch = release_branch(&self.target_branch);
        if let Some(component) = &self.branch_component {
            branch.push_str("--components--");
            branch.push_str(component);
        }
        PullRequest {
            title: title(
                self.title_pattern.as_deref().unwrap_or(TITLE_PATTERN),
                self.component.as_deref(),
                &self.target_branch,
                Some(version),
                self.component_no_space,
            ),
            branch,
            tag: self.tag(version),
            body: body_with(self.header.as_deref(), self.footer.as_deref(), notes),
        }
    }
}

/// Release Please's PR body around the notes.
pub fn body(notes: &str) -> String {
    body_with(None, None, notes)
}

/// A PR body with this header and footer (Release Please's when `None` or
/// empty) around the notes.
pub fn body_with(header: Option<&str>, footer: Option<&str>, notes: &str) -> String {
    let header = header.filter(|header| !header.is_empty()).unwrap_or(HEADER);
    let footer = footer.filter(|footer| !footer.is_empty()).unwrap_or(FOOTER);
    format!("{header}\n---\n\n\n{notes}\n\n---\n{footer}")
}

/// A component from a package name, as Release Please derives it: the name
/// without an npm scope (`@acme/widget` → `widget`).
pub fn component_of(package_name: &str) -> Option<String> {
    let name = match package_name.strip_prefix('@') {
        Some(scoped) => scoped
            .split_once('/')
            .map(|(_, name)| name)
            .unwrap_or(scoped),
        None => package_name,
    };
    (!name.is_empty()).then(|| name.to_owned())
}

/// One release a merged release PR stands for, read back from its text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Proposed {
    /// The component of a `<details>` block (`api: 1.2.0`), or of the
    /// branch (`--components--api`) for a PR with one release.
    pub component: Option<String>,
    /// The version it releases.
    pub version: Version,
    /// The release notes, as the PR shows them.
    pub notes: String,
}

/// The releases a release PR's `branch` and `body` stand for, as Release
/// Please reads them back when the PR is merged: one per
/// `<details><summary>component: 1.2.0</summary>` block, else a single one
/// whose version is the notes' first `## [1.2.0]` heading. The text between
/// the first and the last `---` line is the notes; a body without them, or
/// without a version, stands for no release.
///
/// Release Please decodes HTML entities in `<details>` notes (`&lt;` becomes
/// `<`, which GitHub then hides as a tag); the notes here stay as written, as
/// its single-release reading keeps them.
pub fn parse_pull_request(branch: &str, body: &str) -> Vec<Proposed> {
    let lines: Vec<&str> = body.trim().lines().collect();
    let (Some(first), Some(last)) = (
        lines.iter().position(|line| line.trim_end() == "---"),
        lines.iter().rposition(|line| line.trim_end() == "---"),
    ) else {
        return Vec::new();
    };
    let content = if last > first {
        lines[first + 1..last].join("\n")
    } else {
        lines[first + 1..].join("\n")
    };
    let blocks = details_blocks(&content);
    if !blocks.is_empty() {
        return blocks;
    }
    let notes = content.trim();
    let Some(version) = notes.lines().find_map(heading_version) else {
        return Vec::new();
    };
    vec![Proposed {
        component: branch_component(branch),
        version,
        notes: notes.to_owned(),
    }]
}

/// The component of a release branch: `api` of
/// `release-please--branches--main--components--api`.
pub fn branch_component(branch: &str) -> Option<String> {
    branch
        .split_once("--components--")
        .map(|(_, component)| component.to_owned())
        .filter(|component| !component.is_empty())
}

/// The `<details><summary>{component}: {version}</summary>` … `</details>`
/// blocks as we render them: the opening tags alone on a line, the closing
/// tag alone on a later line. `<details>` anywhere else (in a commit subject,
/// a code span, a breaking-change note: every line of those starts with `* `
/// or spaces) is text, not a release; a block that does not close, or whose
/// summary holds no version, is skipped.
fn details_blocks(content: &str) -> Vec<Proposed> {
    let mut found = Vec::new();
    let mut open: Option<(&str, Vec<&str>)> = None;
    for line in content.lines() {
        let line = line.trim_end();
        if let Some(summary) = line
            .strip_prefix("<details><summary>")
            .and_then(|rest| rest.strip_suffix("</summary>"))
        {
            open = Some((summary, Vec::new()));
        } else if line == "</details>" {
            if let Some((summary, notes)) = open.take() {
                if let Some((component, version)) = summary_release(summary.trim()) {
                    found.push(Proposed {
                        component,
                        version,
                        notes: notes.join("\n").trim().to_owned(),
                    });
                }
            }
        } else if let Some((_, notes)) = &mut open {
            notes.push(line);
        }
    }
    found
}

/// Whether `proposed`, read back from the body of a merged release PR, is
/// what the PR's `title` (read with its pattern) and `branch` name, before
/// anything is released: the version of a PR of one release is its title's
/// when the title names one, and its component the branch's when the
/// branch names one; `recorded` is the version the manifest at the merge
/// commit gives the package, when it can be read.
///
/// Release Please takes the title's version over the body's; a release is
/// made here only when they agree, so text in a body cannot move a version.
///
/// # Errors
///
/// Why the release is refused.
pub fn confirm(
    proposed: &Proposed,
    title: Option<&Title>,
    branch: &str,
    recorded: Option<&Version>,
) -> Result<(), String> {
    // Checked whatever the body holds: how many releases it lists is the
    // body's to say, so it may not decide how strictly it is read.
    if let Some(title) = title.filter(|title| !title.version.is_empty()) {
        let named = Version::parse(&title.version).ok();
        if named.as_ref() != Some(&proposed.version) {
            return Err(format!(
                "its body releases {} but its title names {}",
                proposed.version, title.version
            ));
        }
    }
    if let (Some(body), Some(named)) = (&proposed.component, branch_component(branch)) {
        if *body != named {
            return Err(format!(
                "its body releases `{body}` but its branch `{branch}` names `{named}`"
            ));
        }
    }
    if let Some(recorded) = recorded.filter(|recorded| **recorded != proposed.version) {
        return Err(format!(
            "its body releases {} but the manifest it merged records {recorded}",
            proposed.version
        ));
    }
    Ok(())
}

/// `api: 1.2.0` or `1.2.0` (Release Please's `^(.*[^:]):? (\d+\.\d+\.\d+.*)$`).
fn summary_release(summary: &str) -> Option<(Option<String>, Version)> {
    if let Ok(version) = Version::parse(summary) {
        return Some((None, version));
    }
    let (component, version) = summary.rsplit_once(' ')?;
    let version = Version::parse(version).ok()?;
    let component = component.strip_suffix(':').unwrap_or(component);
    (!component.is_empty()).then(|| (Some(component.to_owned()), version))
}

/// The version of a `## [1.2.0](…)` or `### 1.2.0 (…)` heading.
fn heading_version(line: &str) -> Option<Version> {
    let hashes = line.len() - line.trim_start_matches('#').len();
    if hashes < 2 {
        return None;
    }
    let rest = line[hashes..].strip_prefix(' ')?;
    let text = match rest.strip_prefix('[') {
        Some(bracketed) => bracketed.split_once(']')?.0,
        None => rest.split(' ').next().unwrap_or(rest),
    };
    Version::parse(text).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn naming(component: Option<&str>) -> Naming {
        Naming {
            component: component.map(str::to_owned),
            branch_component: component.map(str::to_owned),
            ..Naming::default()
        }
    }

    #[test]
    fn titles_branches_and_tags_as_release_please_names_them() {
        let version = Version::new(1, 3, 0);
        let plain = naming(None).pull_request(&version, "## 1.3.0");
        assert_eq!(plain.title, "chore(main): release 1.3.0");
        assert_eq!(plain.branch, "release-please--branches--main");
        assert_eq!(plain.tag, "v1.3.0");
        assert!(plain.body.starts_with(
            ":robot: I have created a release *beep* *boop*\n---\n\n\n## 1.3.0\n\n---\n"
        ));
        let api = naming(Some("api")).pull_request(&version, "");
        assert_eq!(api.title, "chore(main): release api 1.3.0");
        assert_eq!(
            api.branch,
            "release-please--branches--main--components--api"
        );
        assert_eq!(api.tag, "api-v1.3.0");
        assert_eq!(component_of("@acme/widget").as_deref(), Some("widget"));
        assert_eq!(component_of(""), None);
    }

    #[test]
    fn titles_and_bodies_follow_the_configured_patterns() {
        let version = Version::new(2, 0, 1);
        let fill = |pattern, component, no_space| {
            title(pattern, component, "main", Some(&version), no_space)
        };
        assert_eq!(
            fill(TITLE_PATTERN, Some("api"), false),
            "chore(main): release api 2.0.1"
        );
        assert_eq!(
            fill(TITLE_PATTERN, Some("api"), true),
            "chore(main): releaseapi 2.0.1"
        );
        assert_eq!(
            fill("deploy${scope}${component} ${version}", None, true),
            "deploy(main)2.0.1"
        );
        // Only the first of each placeholder is filled, as in Release Please.
        assert_eq!(
            fill("${version} and ${version}${branch}", None, false),
            "2.0.1 and ${version}main"
        );
        assert_eq!(
            title(GROUP_TITLE_PATTERN, None, "main", None, false),
            "chore: release main"
        );
        let mut custom = naming(Some("api"));
        custom.title_pattern = Some("release${component}: ${version}".to_owned());
        custom.header = Some("Releasing :rocket:".to_owned());
        custom.footer = Some(String::new());
        let pull = custom.pull_request(&version, "## 2.0.1");
        assert_eq!(pull.title, "release api: 2.0.1");
        assert_eq!(
            pull.body,
            format!("Releasing :rocket:\n---\n\n\n## 2.0.1\n\n---\n{FOOTER}")
        );
    }

    #[test]
    fn merged_pull_requests_read_back_into_their_releases() {
        let notes = "## [1.2.0](https://x/compare/v1.1.0...v1.2.0) (2026-01-01)\n\n\n### Features\n\n* add &lt;Widget&gt;";
        let single = parse_pull_request("release-please--branches--main", &body(notes));
        assert_eq!(
            single,
            vec![Proposed {
                component: None,
                version: Version::new(1, 2, 0),
                notes: notes.to_owned(),
            }]
        );
        let api = parse_pull_request(
            "release-please--branches--main--components--api",
            &body("### 2.0.0 (2026-01-01)\n\n* x"),
        );
        assert_eq!(api[0].component.as_deref(), Some("api"));
        assert_eq!(api[0].version, Version::new(2, 0, 0));

        let blocks = "<details><summary>api: 1.2.0</summary>\n\n## [1.2.0](u) (d)\n\n* a\n</details>\n\n\
                      <details><summary>web-ui: 2.0.0-rc.1</summary>\n\n## 2.0.0-rc.1\n\n* b\n</details>\n\n\
                      <details><summary>no version here</summary>\n\nx\n</details>";
        let grouped = parse_pull_request("release-please--branches--main", &body(blocks));
        assert_eq!(grouped.len(), 2);
        assert_eq!(grouped[0].component.as_deref(), Some("api"));
        assert_eq!(grouped[0].notes, "## [1.2.0](u) (d)\n\n* a");
        assert_eq!(grouped[1].component.as_deref(), Some("web-ui"));
        assert_eq!(grouped[1].version.to_string(), "2.0.0-rc.1");

        assert!(parse_pull_request("b", "no separators at all").is_empty());
        assert!(parse_pull_request("b", &body("no version heading")).is_empty());
        assert!(parse_pull_request("b", "---").is_empty());
    }

    #[test]
    fn details_inside_an_entry_are_text_not_a_release() {
        // What a commit subject, a code span or a note renders to: every
        // line starts with `* ` or spaces, or the tags share a line with text.
        for notes in [
            "## [1.0.1](u) (d)\n\n### Bug Fixes\n\n* handle `<details><summary>99.0.0</summary>` tags ([abc](u))",
            "## [1.0.1](u) (d)\n\n### Bug Fixes\n\n* handle `<details><summary>99.0.0</summary>\n</details>",
            "## [1.0.1](u) (d)\n\n### ⚠ BREAKING CHANGES\n\n* x\n    <details><summary>99.0.0</summary>\n    </details>",
            "## [1.0.1](u) (d)\n\n* a <details><summary>99.0.0</summary>\n</details>",
            // Opened and never closed.
            "## [1.0.1](u) (d)\n<details><summary>99.0.0</summary>\n\n* a",
        ] {
            let proposed = parse_pull_request("release-please--branches--main", &body(notes));
            assert_eq!(proposed.len(), 1, "{notes}");
            assert_eq!(proposed[0].version, Version::new(1, 0, 1), "{notes}");
        }
    }

    #[test]
    fn a_release_is_confirmed_only_when_title_branch_and_manifest_agree() {
        let proposed = |component: Option<&str>, version: &str| Proposed {
            component: component.map(str::to_owned),
            version: Version::parse(version).expect("version"),
            notes: String::new(),
        };
        let title = |text: &str| parse_title(text, TITLE_PATTERN, false);
        let branch = "release-please--branches--main--components--api";
        let ok = proposed(Some("api"), "1.0.1");
        assert_eq!(
            confirm(
                &ok,
                title("chore(main): release api 1.0.1").as_ref(),
                branch,
                None
            ),
            Ok(())
        );
        assert_eq!(
            confirm(
                &proposed(Some("api"), "99.0.0"),
                title("chore(main): release api 1.0.1").as_ref(),
                branch,
                None
            ),
            Err("its body releases 99.0.0 but its title names 1.0.1".to_owned())
        );
        assert_eq!(
            confirm(&proposed(Some("web"), "1.0.1"), None, branch, None),
            Err("its body releases `web` but its branch `release-please--branches--main--components--api` names `api`".to_owned())
        );
        // A combined PR's title names no version: the manifest decides.
        let group = parse_title("chore: release main", GROUP_TITLE_PATTERN, false);
        let recorded = Version::new(1, 0, 1);
        assert_eq!(
            confirm(
                &ok,
                group.as_ref(),
                "release-please--branches--main",
                Some(&recorded)
            ),
            Ok(())
        );
        assert_eq!(
            confirm(
                &proposed(Some("api"), "99.0.0"),
                group.as_ref(),
                "release-please--branches--main",
                Some(&recorded)
            ),
            Err("its body releases 99.0.0 but the manifest it merged records 1.0.1".to_owned())
        );
    }

    /// Titles read as Release Please 17.11's `PullRequestTitle.parse` reads
    /// them (checked with node).
    #[test]
    fn titles_read_back_as_release_please_reads_them() {
        let read = |title: &str, pattern: Option<&str>, no_space: bool| {
            parse_title(title, pattern.unwrap_or(TITLE_PATTERN), no_space).map(|title| {
                (
                    title.branch.unwrap_or_default(),
                    title.component.unwrap_or_default(),
                    title.version,
                )
            })
        };
        let owned = |branch: &str, component: &str, version: &str| {
            Some((branch.to_owned(), component.to_owned(), version.to_owned()))
        };
        assert_eq!(
            read("chore(main): release 1.2.4-SNAPSHOT", None, false),
            owned("main", "", "1.2.4-SNAPSHOT")
        );
        assert_eq!(
            read("chore(main): release api 1.2.4", None, false),
            owned("main", "api", "1.2.4")
        );
        assert_eq!(read("chore(main): release api1.2.4", None, true), None);
        assert_eq!(
            read("chore(main): releasapi 1.2.4", None, true),
            owned("main", "api", "1.2.4")
        );
        assert_eq!(
            read(
                "chore(main): release @scope/pkg v2.0.0-SNAPSHOT",
                None,
                false
            ),
            owned("main", "@scope/pkg", "2.0.0-SNAPSHOT")
        );
        assert_eq!(
            read("chore: release 1.0.0", None, false),
            owned("", "", "1.0.0")
        );
        assert_eq!(
            read("chore(main): release 1.2.4-SNAPSHOT (#12)", None, false),
            owned("main", "", "1.2.4-SNAPSHOT (#12)")
        );
        assert_eq!(
            read(
                "release: web 1.0.0 [main]",
                Some("release: ${component} ${version} [${branch}]"),
                false
            ),
            owned("main", "web", "1.0.0")
        );
        assert_eq!(read("chore(main): release", None, false), None);
        assert_eq!(read("chore(main): release 1.0.0\nbody", None, false), None);
    }
}
