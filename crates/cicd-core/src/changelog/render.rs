//! One release's notes in Release Please's exact Markdown.

use std::fmt::Write as _;

use serde::Serialize;

use super::Sections;
use super::collate;
use crate::commits::{Commit, Conventional};
use crate::{Error, Result};

/// Where links point: `{host}/{owner}/{name}/commit/…`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Repository {
    /// `https://github.com`, or a GitHub Enterprise host (`changelog-host`).
    pub host: String,
    /// The owner.
    pub owner: String,
    /// The repository name.
    pub name: String,
}

impl Repository {
    /// Read `https://github.com/OWNER/NAME` (a trailing `.git` or `/` is fine),
    /// or a remote's `git@github.com:OWNER/NAME.git` or `ssh://…` form (links
    /// then use `https://`).
    ///
    /// # Errors
    ///
    /// [`Error::Config`] when the URL has no host, owner and name.
    pub fn from_url(url: &str) -> Result<Self> {
        let error = || Error::Config {
            origin: "--repository-url".to_owned(),
            what: format!("`{url}`: expected a URL like `https://github.com/OWNER/NAME`"),
        };
        let trimmed = url.trim().trim_end_matches('/');
        let trimmed = trimmed.strip_suffix(".git").unwrap_or(trimmed);
        let scp;
        let (scheme, rest) = match trimmed.split_once("://") {
            Some(("ssh" | "git", rest)) => (
                "https",
                rest.split_once('@').map(|(_, host)| host).unwrap_or(rest),
            ),
            Some(parts) => parts,
            None => {
                // `git@host:owner/name`
                let (user_host, path) = trimmed.split_once(':').ok_or_else(error)?;
                let host = user_host
                    .split_once('@')
                    .map(|(_, host)| host)
                    .unwrap_or(user_host);
                scp = format!("{host}/{path}");
                ("https", scp.as_str())
            }
        };
        let mut parts = rest.split('/');
        let (Some(host), Some(owner), Some(name), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(error());
        };
        if host.is_empty() || owner.is_empty() || name.is_empty() {
            return Err(error());
        }
        Ok(Self {
            host: format!("{scheme}://{host}"),
            owner: owner.to_owned(),
            name: name.to_owned(),
        })
    }

    fn url(&self) -> String {
        format!("{}/{}/{}", self.host, self.owner, self.name)
    }
}

/// What a release section needs besides its commits.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Release {
    /// The version (`1.3.0`).
    pub version: String,
    /// The previous release's tag; without it the heading has no compare link.
    pub previous_tag: Option<String>,
    /// This release's tag.
    pub tag: String,
    /// The date, `YYYY-MM-DD`.
    pub date: String,
    /// Where links point.
    pub repository: Repository,
}

/// One change as the notes show it, computed once from its commit: what
/// [`render_prepared`] needs, and nothing more (whole histories stay small).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Prepared {
    /// The heading it goes under: the section (an index into the sections it
    /// was prepared with), else the raw type in `kind`.
    section: Option<u16>,
    kind: Box<str>,
    /// The `⚠ BREAKING CHANGES` line, when breaking.
    #[allow(
        clippy::box_collection,
        reason = "a thin pointer: few entries have one, and histories keep every entry"
    )]
    note: Option<Box<String>>,
    scope: Box<str>,
    /// The subject after escaping; issues and users are linked when rendered.
    subject: Box<str>,
    sha: Sha,
    /// Issue numbers, when the footers reference any (rare: boxed to keep
    /// the common entry small).
    #[allow(
        clippy::box_collection,
        reason = "a thin pointer: few entries have one, and histories keep every entry"
    )]
    references: Option<Box<Vec<Box<str>>>>,
}

/// A commit id kept in 20 bytes when it is a SHA-1 in (lower-case) hex.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Sha {
    Sha1([u8; 20]),
    Text(Box<str>),
}

impl Sha {
    fn of(id: &str) -> Self {
        let bytes = id.as_bytes();
        let nibble = |b: u8| match b {
            b'0'..=b'9' => Some(b - b'0'),
            b'a'..=b'f' => Some(b - b'a' + 10),
            _ => None,
        };
        if bytes.len() == 40 {
            let mut sha = [0u8; 20];
            let decoded = sha.iter_mut().enumerate().all(|(at, byte)| {
                match (nibble(bytes[2 * at]), nibble(bytes[2 * at + 1])) {
                    (Some(high), Some(low)) => {
                        *byte = high << 4 | low;
                        true
                    }
                    _ => false,
                }
            });
            if decoded {
                return Self::Sha1(sha);
            }
        }
        Self::Text(id.into())
    }

    fn text(&self) -> std::borrow::Cow<'_, str> {
        match self {
            Self::Sha1(bytes) => bytes
                .iter()
                .map(|byte| format!("{byte:02x}"))
                .collect::<String>()
                .into(),
            Self::Text(text) => std::borrow::Cow::Borrowed(text),
        }
    }
}

impl Prepared {
    /// The heading: the section's title, or the raw type.
    fn title<'a>(&'a self, sections: &'a Sections) -> &'a str {
        self.section
            .and_then(|index| sections.0.get(usize::from(index)))
            .map(|section| section.section.as_str())
            .unwrap_or(&self.kind)
    }
}

/// The changes of `commit` that show in the notes (visible sections, breaking
/// changes, `Release-As`), ready to render with links into `repository`.
pub fn prepare(commit: &Commit, sections: &Sections, repository: &Repository) -> Vec<Prepared> {
    let base = repository.url();
    commit
        .changes()
        .filter_map(|change| {
            let section = sections.find(&change.kind);
            let shown = change.breaking
                || change.release_as.is_some()
                || section.is_some_and(|section| !section.hidden);
            if !shown {
                return None;
            }
            let scope = change
                .scope
                .as_deref()
                .filter(|scope| *scope != "*")
                .unwrap_or_default();
            let note = change
                .breaking_description
                .as_deref()
                .filter(|_| change.breaking)
                .map(|text| {
                    let text = link_first_issue(&note_text(text), &base);
                    let line = if scope.is_empty() {
                        text
                    } else {
                        format!("**{scope}:** {text}")
                    };
                    Box::new(line)
                });
            let index = sections
                .0
                .iter()
                .position(|candidate| Some(candidate) == section);
            let kind = if index.is_some() {
                Box::default()
            } else {
                change.kind.as_str().into()
            };
            let (subject, references) = subject_and_references(change, &base);
            Some(Prepared {
                section: index.and_then(|index| u16::try_from(index).ok()),
                kind,
                note,
                scope: scope.into(),
                subject: subject.into_boxed_str(),
                sha: Sha::of(&commit.id),
                references: (!references.is_empty()).then(|| Box::new(references)),
            })
        })
        .collect()
}

/// The release section for `commits` (newest first), byte for byte as Release
/// Please writes it: heading with compare link and date, `⚠ BREAKING CHANGES`,
/// then a group per visible section in `sections` order, entries sorted by
/// scope and subject, issue and commit links. Unlike Release Please, reverted
/// pairs and merges that repeat their branch are left out
/// ([`crate::commits::superseded`]).
pub fn render<'a>(
    release: &Release,
    commits: impl IntoIterator<Item = &'a Commit>,
    sections: &Sections,
) -> String {
    let commits: Vec<&Commit> = commits.into_iter().collect();
    let gone = crate::commits::superseded(commits.iter().copied());
    let prepared: Vec<Prepared> = commits
        .iter()
        .zip(gone)
        .filter(|(_, gone)| !gone)
        .flat_map(|(commit, _)| prepare(commit, sections, &release.repository))
        .collect();
    render_prepared(release, &prepared, sections)
}

/// The release section from changes already [`prepare`]d (newest first).
pub fn render_prepared<'a>(
    release: &Release,
    changes: impl IntoIterator<Item = &'a Prepared>,
    sections: &Sections,
) -> String {
    let base = release.repository.url();
    let linked = |entry: &Prepared| {
        link_users(
            &link_issues(&entry.subject, &base, &mut Vec::new()),
            &release.repository.host,
        )
    };
    let mut notes = Vec::new();
    let mut groups: Vec<(&str, Vec<&Prepared>)> = Vec::new();
    for change in changes {
        if let Some(note) = &change.note {
            notes.push(note);
        }
        match groups
            .iter_mut()
            .find(|(title, _)| *title == change.title(sections))
        {
            Some((_, entries)) => entries.push(change),
            None => groups.push((change.title(sections), vec![change])),
        }
    }
    let rank = |title: &str| {
        sections
            .0
            .iter()
            .position(|section| section.section == title)
    };
    // Titles outside the list rank -1 in Release Please: before all others.
    groups.sort_by_key(|(title, _)| rank(title).map(|index| index + 1).unwrap_or(0));

    let mut out = heading(release, &base);
    out.push_str("\n\n");
    if !notes.is_empty() {
        out.push_str("\n### ⚠ BREAKING CHANGES\n\n");
        for note in &notes {
            let _ = writeln!(out, "* {note}");
        }
    }
    for (title, mut entries) in groups {
        entries
            .sort_by_cached_key(|entry| collate::key(format!("{}{}", entry.scope, linked(entry))));
        let _ = write!(out, "\n### {title}\n\n");
        for entry in entries {
            out.push('*');
            if !entry.scope.is_empty() {
                let _ = write!(out, " **{}:**", entry.scope);
            }
            let sha = entry.sha.text();
            let short = sha.get(..7).unwrap_or(&sha);
            let _ = write!(out, " {} ([{short}]({base}/commit/{sha}))", linked(entry));
            if let Some(references) = &entry.references {
                out.push_str(", refs");
                for issue in references.iter() {
                    let _ = write!(out, " [#{issue}]({base}/issues/{issue})");
                }
            }
            out.push('\n');
        }
        out.push('\n');
    }
    out.trim().to_owned()
}

fn heading(release: &Release, base: &str) -> String {
    match &release.previous_tag {
        Some(previous) => format!(
            "## [{}]({base}/compare/{previous}...{}) ({})",
            release.version, release.tag, release.date
        ),
        None => format!("## {} ({})", release.version, release.date),
    }
}

/// The subject escaped (issues and users are linked when rendered) and the
/// footer references that the subject does not already link.
fn subject_and_references(change: &Conventional, base: &str) -> (String, Vec<Box<str>>) {
    let subject = if change.description.is_empty() {
        change.header()
    } else {
        html_escape(&change.description)
    };
    // Linked when rendered (a whole history keeps the shorter text); here only
    // to know which issues the subject already links.
    let mut linked = Vec::new();
    let _ = link_issues(&subject, base, &mut linked);
    let references = change
        .footers
        .iter()
        .filter_map(|footer| {
            let issue = match footer.separator.as_str() {
                " #" => footer.value.as_str(),
                _ => footer.value.strip_prefix('#')?,
            };
            (!issue.is_empty() && issue.bytes().all(|b| b.is_ascii_digit()))
                .then(|| issue.to_owned())
        })
        .filter(|issue| !linked.contains(issue))
        .map(String::into_boxed_str)
        .collect();
    (subject, references)
}

/// `<` and `>` as entities, except inside backtick spans.
fn html_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(['`', '<', '>']) {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        if rest.starts_with('<') {
            out.push_str("&lt;");
            rest = &rest[1..];
        } else if rest.starts_with('>') {
            out.push_str("&gt;");
            rest = &rest[1..];
        } else {
            let span = backtick_span(rest);
            out.push_str(&rest[..span]);
            rest = &rest[span..];
        }
    }
    out.push_str(rest);
    out
}

/// The length of the code span that starts `text` (which starts with a
/// backtick): ``` ``x…y`` ``` (greedy) or `` `…` ``; 1 when it does not close.
fn backtick_span(text: &str) -> usize {
    if let Some(inner) = text.strip_prefix("``") {
        if !inner.starts_with('`') {
            if let Some(close) = inner.rfind("``") {
                let before = inner[..close].chars().last();
                if close >= 2 && before.is_some_and(|c| c != '`') {
                    return 2 + close + 2;
                }
            }
        }
    }
    text[1..].find('`').map(|close| close + 2).unwrap_or(1)
}

/// `#123` becomes a link to the issue; the numbers linked are collected.
fn link_issues(text: &str, base: &str, linked: &mut Vec<String>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('#') {
        out.push_str(&rest[..at]);
        let digits = rest[at + 1..]
            .bytes()
            .take_while(u8::is_ascii_digit)
            .count();
        if digits == 0 {
            out.push('#');
            rest = &rest[at + 1..];
            continue;
        }
        let issue = &rest[at + 1..at + 1 + digits];
        let _ = write!(out, "[#{issue}]({base}/issues/{issue})");
        linked.push(issue.to_owned());
        rest = &rest[at + 1 + digits..];
    }
    out.push_str(rest);
    out
}

/// `@user` (lower-case GitHub logins, not inside a word) becomes a link.
fn link_users(text: &str, host: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut previous: Option<char> = None;
    while let Some(at) = rest.find('@') {
        out.push_str(&rest[..at]);
        if let Some(last) = rest[..at].chars().last() {
            previous = Some(last);
        }
        let after = &rest[at + 1..];
        let word_before = previous.is_some_and(|c| c.is_alphanumeric() || c == '_');
        let login = login_at(after);
        if word_before || login.is_empty() {
            out.push('@');
            previous = Some('@');
            rest = after;
            continue;
        }
        if login.contains('/') {
            let _ = write!(out, "@{login}");
        } else {
            let _ = write!(out, "[@{login}]({host}/{login})");
        }
        previous = login.chars().last();
        rest = &after[login.len()..];
    }
    out.push_str(rest);
    out
}

/// `[a-z0-9](?:-?[a-z0-9/]){0,38}` at the start of `text`.
fn login_at(text: &str) -> &str {
    let bytes = text.as_bytes();
    let ok = |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit();
    if !bytes.first().copied().is_some_and(ok) {
        return "";
    }
    let mut end = 1;
    let mut count = 0;
    while count < 38 {
        let hyphen = usize::from(bytes.get(end) == Some(&b'-'));
        match bytes.get(end + hyphen) {
            Some(&b) if ok(b) || b == b'/' => {
                end += hyphen + 1;
                count += 1;
            }
            _ => break,
        }
    }
    &text[..end]
}

/// The first `(#N)` of a breaking-change note becomes a link.
fn link_first_issue(text: &str, base: &str) -> String {
    let Some(at) = text.find("(#") else {
        return text.to_owned();
    };
    let digits = text[at + 2..]
        .bytes()
        .take_while(u8::is_ascii_digit)
        .count();
    if digits == 0 || !text[at + 2 + digits..].starts_with(')') {
        // Release Please's pattern wants `(#digits)`; look further on.
        let rest = link_first_issue(&text[at + 2..], base);
        return format!("{}{rest}", &text[..at + 2]);
    }
    let issue = &text[at + 2..at + 2 + digits];
    format!(
        "{}([#{issue}]({base}/issues/{issue})){}",
        &text[..at],
        &text[at + 3 + digits..]
    )
}

/// A breaking-change note as Release Please lays it out: lines joined with
/// spaces up to the first blank line; a later line starting with `- `, `* ` or
/// `#### ` starts an indented block kept line by line.
fn note_text(text: &str) -> String {
    let mut out = String::new();
    let mut block = false;
    for (index, line) in text.split('\n').enumerate() {
        let starts_block =
            line.starts_with("- ") || line.starts_with("* ") || line.starts_with("#### ");
        if index > 0 && starts_block && !block {
            out = format!("{}\n", out.trim());
            block = true;
        }
        if line.is_empty() {
            break;
        }
        if block {
            let _ = writeln!(out, "    {line}");
        } else {
            out.push_str(line);
            out.push(' ');
        }
    }
    out.trim().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subjects_are_escaped_outside_code_and_linked() {
        assert_eq!(
            html_escape("add <Widget> and `<Code>`"),
            "add &lt;Widget&gt; and `<Code>`"
        );
        assert_eq!(html_escape("``a`b`` <x>"), "``a`b`` &lt;x&gt;");
        assert_eq!(html_escape("`unclosed <x>"), "`unclosed &lt;x&gt;");
        let mut linked = Vec::new();
        assert_eq!(
            link_issues("fix #12 (#3)", "https://h/o/r", &mut linked),
            "fix [#12](https://h/o/r/issues/12) ([#3](https://h/o/r/issues/3))"
        );
        assert_eq!(linked, ["12", "3"]);
        assert_eq!(
            link_users("thanks @octo-cat, not a@b or @acme/team", "https://h"),
            "thanks [@octo-cat](https://h/octo-cat), not a@b or @acme/team"
        );
    }

    #[test]
    fn notes_join_lines_until_a_blank_line() {
        assert_eq!(
            note_text("we were on Node 6\nsecond line\nthird line\n\nlater"),
            "we were on Node 6 second line third line"
        );
        assert_eq!(
            note_text(
                "there were breaking changes\n#### Deleted Endpoints\n- endpoint 1\n- endpoint 2"
            ),
            "there were breaking changes\n    #### Deleted Endpoints\n    - endpoint 1\n    - endpoint 2"
        );
        assert_eq!(
            link_first_issue("gone (#12) and (#13)", "https://h/o/r"),
            "gone ([#12](https://h/o/r/issues/12)) and (#13)"
        );
    }

    #[test]
    fn repository_urls_are_read_with_or_without_git() {
        let repository =
            Repository::from_url("https://github.example.com/acme/widget.git").unwrap();
        assert_eq!(repository.url(), "https://github.example.com/acme/widget");
        assert!(Repository::from_url("github.com/acme").is_err());
    }
}
