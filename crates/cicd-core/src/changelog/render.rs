//! One release's notes in Release Please's exact Markdown.

use std::fmt::Write as _;

use serde::Serialize;

use super::markup::{html_escape, link_first_issue, link_issues, link_users, note_text};
use super::repository::{Repository, Sha};
use super::{Sections, collate};
use crate::commits::{Commit, Conventional};

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
    /// Whether entries name their commit's author.
    #[serde(skip_serializing_if = "Authors::is_hidden")]
    pub authors: Authors,
}

/// Whether each entry names its commit's author, as Release Please's
/// `include-commit-authors` does: `(@login)` when the GitHub login is known
/// ([`crate::commits::Person::login`]), else `(name)`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Authors {
    /// Release Please's default.
    #[default]
    Hidden,
    /// `include-commit-authors: true`.
    Shown,
}

impl Authors {
    /// Release Please's default: no author shown.
    pub fn is_hidden(&self) -> bool {
        *self == Self::Hidden
    }
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
/// changes, `Release-As`), ready to render with links into `repository`,
/// with their author when `authors` says so.
pub fn prepare(
    commit: &Commit,
    sections: &Sections,
    repository: &Repository,
    authors: Authors,
) -> Vec<Prepared> {
    let base = repository.url();
    // After the subject, as Release Please means to append it; a name is
    // escaped as subjects are (Release Please appends it raw, where GitHub
    // would hide `<Doe>` as a tag).
    let author = match (authors, &commit.author) {
        (Authors::Shown, Some(person)) => Some(match person.login() {
            Some(login) => format!(" (@{login})"),
            None => format!(" ({})", html_escape(&person.name)),
        }),
        _ => None,
    };
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
                    // Escaped as subjects are (Release Please leaves notes
                    // as written): a note cannot render as HTML in a PR body.
                    let text = link_first_issue(&html_escape(&note_text(text)), &base);
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
            let (mut subject, references) = subject_and_references(change, &base);
            if let Some(author) = &author {
                subject.push_str(author);
            }
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
        .flat_map(|(commit, _)| prepare(commit, sections, &release.repository, release.authors))
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
    for (title, entries) in groups {
        // Sorted by scope and text together, as Release Please sorts.
        let mut entries: Vec<(&Prepared, String, String)> = entries
            .into_iter()
            .map(|entry| {
                let text = linked(entry);
                (entry, format!("{}{text}", entry.scope), text)
            })
            .collect();
        entries.sort_by(|(_, a, _), (_, b, _)| collate::compare(a, b));
        let _ = write!(out, "\n### {title}\n\n");
        for (entry, _, text) in entries {
            out.push('*');
            if !entry.scope.is_empty() {
                let _ = write!(out, " **{}:**", entry.scope);
            }
            let sha = entry.sha.text();
            let short = sha.get(..7).unwrap_or(&sha);
            if sha.is_empty() {
                // A commit made up for the notes (linked versions) has no link.
                let _ = write!(out, " {text}");
            } else {
                let _ = write!(out, " {text} ([{short}]({base}/commit/{sha}))");
            }
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
        .linked_issues
        .iter()
        .filter(|issue| !linked.contains(*issue))
        .map(|issue| issue.as_str().into())
        .collect();
    (subject, references)
}

#[cfg(test)]
mod tests {
    use super::{Authors, Release, render};
    use crate::changelog::{Repository, Sections};
    use crate::commits::Person;
    use crate::commits::parse;

    fn release(authors: Authors) -> Release {
        Release {
            version: "1.1.0".to_owned(),
            previous_tag: None,
            tag: "v1.1.0".to_owned(),
            date: "2026-01-01".to_owned(),
            repository: Repository::from_url("https://github.com/acme/widget").unwrap(),
            authors,
        }
    }

    #[test]
    fn authors_follow_the_subject_as_login_or_escaped_name() {
        let mut linked = parse("a1", "feat: add x (#12)");
        linked.author = Some(Person {
            name: "Octo Cat".to_owned(),
            email: "1+octocat@users.noreply.github.com".to_owned(),
            username: None,
        });
        let mut named = parse("b2", "fix: y");
        named.author = Some(Person {
            name: "Jane <Doe>".to_owned(),
            email: "jane@example.com".to_owned(),
            username: None,
        });
        let anonymous = parse("c3", "fix: z");
        let commits = [linked, named, anonymous];
        let shown = render(
            &release(Authors::Shown),
            &commits,
            &Sections::for_release_type("node"),
        );
        assert!(
            shown.contains("* add x ([#12](https://github.com/acme/widget/issues/12)) ([@octocat](https://github.com/octocat)) ([a1]"),
            "{shown}"
        );
        assert!(shown.contains("* y (Jane &lt;Doe&gt;) ([b2]"), "{shown}");
        assert!(shown.contains("* z ([c3]"), "{shown}");
        let hidden = render(
            &release(Authors::Hidden),
            &commits,
            &Sections::for_release_type("node"),
        );
        assert!(
            !hidden.contains("octocat") && !hidden.contains("Jane"),
            "{hidden}"
        );
    }
}
