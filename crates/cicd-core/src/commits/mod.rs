//! Conventional Commits 1.0.0: parse commit messages into owned data, and lint them.
//!
//! [`parse`] never fails: a message that is not conventional comes back as a
//! [`Commit`] whose [`Commit::invalid`] says why, so no commit is ever dropped
//! without trace. Merges, reverts and `fixup!`/`squash!`/`amend!` commits are
//! recognised as such ([`Commit::merge`], [`Commit::revert`],
//! [`Commit::autosquash`]), and a message that carries several changes
//! (Release Please's `BEGIN_NESTED_COMMIT` blocks, or several conventional
//! headers in one squash message) yields them all in [`Commit::nested`].
//!
//! ```
//! let commit = cicd_core::commits::parse("a1b2c3d", "feat(api)!: drop v1\n\nRefs: #12");
//! let change = commit.conventional.as_ref().expect("a conventional header");
//! assert_eq!(change.kind, "feat");
//! assert_eq!(change.scope.as_deref(), Some("api"));
//! assert!(change.breaking);
//! assert_eq!(change.references[0].issue, "12");
//! ```

mod cleanup;
mod conventional;
mod invalid;
pub mod lint;
mod person;
mod sections;
mod shape;
mod split;
mod superseded;

use serde::Serialize;

pub use cleanup::cleanup;
pub use conventional::{Deviation, Footer, Reference, parse_conventional};
pub use invalid::Invalid;
pub use person::Person;
pub use sections::{Section, Sections};
pub use shape::{Autosquash, AutosquashAction, Merge, Revert};
pub use split::split;
pub use superseded::{Trace, superseded, superseded_traces};

/// One commit message, classified.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Commit {
    /// The commit id (sha) the message came from.
    #[serde(rename = "sha")]
    pub id: String,
    /// The first line of the message, without its line ending.
    pub summary: String,
    /// The conventional reading of the message's main header; `None` when it is
    /// not conventional, and then [`Commit::invalid`] says why.
    pub conventional: Option<Conventional>,
    /// Why the main header is not conventional; `None` when it is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub invalid: Option<Invalid>,
    /// Further changes carried in the same message, as Release Please reads them:
    /// `type(scope)!:` lines among the main part's closing footers (`feat!: b`,
    /// `Fix: c`), then each further part (conventional headers that follow a
    /// blank line, then `BEGIN_NESTED_COMMIT` … `END_NESTED_COMMIT` blocks)
    /// after its own footer changes, in Release Please's order. Only those that
    /// parse are listed.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub nested: Vec<Conventional>,
    /// How many of [`Commit::nested`] are the main part's footer changes,
    /// which Release Please lists before the main header.
    #[serde(skip)]
    main_footers: usize,
    /// Set when the message is a merge commit's (git's, GitHub's, GitLab's,
    /// Bitbucket's or Azure DevOps' wording).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub merge: Option<Merge>,
    /// Set when the commit reverts another one (`revert: <header>` or git's
    /// `Revert "<header>"`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub revert: Option<Revert>,
    /// Set for `fixup!`, `squash!` and `amend!` commits, meant to be squashed
    /// away by `git rebase --autosquash`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub autosquash: Option<Autosquash>,
    /// The author, when read from history.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub author: Option<Person>,
    /// The author date, ISO 8601, when read from history.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Files the commit touched, when they were read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub files: Option<Vec<String>>,
}

/// The conventional reading of one header and the text below it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Conventional {
    /// The type as written (`feat`, `Fix`); compare with [`Conventional::is`],
    /// which ignores case as the specification requires.
    #[serde(rename = "type")]
    pub kind: String,
    /// The scope, without its parentheses.
    pub scope: Option<String>,
    /// Whether the header has a `!` right before the `:`.
    pub bang: bool,
    /// The description: what follows `: ` on the header line.
    pub description: String,
    /// The body: the free text between the header and the footers.
    pub body: Option<String>,
    /// The footers (`Token: value` or `Token #value`), in order.
    pub footers: Vec<Footer>,
    /// Whether the change is breaking: a `!` before the `:`, or a
    /// `BREAKING CHANGE` / `BREAKING-CHANGE` footer (upper case only, as the
    /// specification requires). Always agrees with the footers' own flags.
    pub breaking: bool,
    /// What breaks: the `BREAKING CHANGE` footer's value (the last, when
    /// there are several, as Release Please reads them), else the
    /// description of a `!` header.
    pub breaking_description: Option<String>,
    /// Issues referenced from footers (`Fixes #12`, `Refs: #56`).
    pub references: Vec<Reference>,
    /// The issues Release Please links after the change's entry
    /// (`, refs #N`): the `#N` values (`Fixes #12`, `Refs: #56`, not lists)
    /// of the footers that end the message, in order. Footers earlier in the
    /// message, followed by prose, link nothing, though the specification
    /// reads them as footers.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub linked_issues: Vec<String>,
    /// The value of a `Release-As:` footer, trimmed.
    pub release_as: Option<String>,
    /// Where the message departs from the specification although its meaning is
    /// clear (a missing blank line, no space after the colon): parsed anyway,
    /// reported so that lint can flag it.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub deviations: Vec<Deviation>,
}

impl Conventional {
    /// Whether the type is `kind`, ignoring case (rule 15 of the specification).
    pub fn is(&self, kind: &str) -> bool {
        self.kind.eq_ignore_ascii_case(kind)
            || (!self.kind.is_ascii() && self.kind.to_lowercase() == kind.to_lowercase())
    }

    /// The header as it reads back: `type(scope)!: description`.
    pub fn header(&self) -> String {
        let mut header = self.kind.clone();
        if let Some(scope) = &self.scope {
            header.push('(');
            header.push_str(scope);
            header.push(')');
        }
        if self.bang {
            header.push('!');
        }
        header.push_str(": ");
        header.push_str(&self.description);
        header
    }
}

impl Commit {
    /// Every conventional change the message carries, in Release Please's
    /// order: each part's footer changes before its header (so the main
    /// part's footer changes, the main header, then the other parts).
    pub fn changes(&self) -> impl Iterator<Item = &Conventional> {
        let (footers, parts) = self
            .nested
            .split_at(self.main_footers.min(self.nested.len()));
        footers.iter().chain(&self.conventional).chain(parts)
    }
}

/// Parse a commit message as Release Please and the Conventional Commits
/// specification read it.
///
/// The message is split into its main part and nested changes ([`split`]); each
/// part is read with [`parse_conventional`]; merges, reverts and autosquash
/// commits are recognised from the whole message.
pub fn parse(id: &str, message: &str) -> Commit {
    let normalized = conventional::normalize(message);
    let parts = split(&normalized);
    let (conventional, invalid) = match parse_conventional(&parts.main) {
        Ok(conventional) => (Some(conventional), None),
        Err(invalid) => (None, Some(invalid)),
    };
    let mut nested = Vec::new();
    if conventional.is_some() {
        nested.extend(from_footers(&parts.main));
    }
    let main_footers = nested.len();
    for part in &parts.nested {
        if let Ok(change) = parse_conventional(part) {
            nested.extend(from_footers(part));
            nested.push(change);
        }
    }
    Commit {
        id: id.to_owned(),
        summary: summary(message).to_owned(),
        merge: shape::merge(message),
        revert: shape::revert(message, conventional.as_ref()),
        autosquash: shape::autosquash(message),
        conventional,
        invalid,
        nested,
        main_footers,
        author: None,
        date: None,
        files: None,
    }
}

/// The changes Release Please finds in a part's footers (`feat!: b` as the
/// last paragraph, `fix: y` under a body).
fn from_footers(part: &str) -> impl Iterator<Item = Conventional> {
    split::footer_changes(part)
        .into_iter()
        .filter_map(|text| parse_conventional(&text).ok())
}

/// The first line of a message, without its line ending.
pub fn summary(message: &str) -> &str {
    let line = message.split('\n').next().unwrap_or_default();
    line.strip_suffix('\r').unwrap_or(line)
}

#[cfg(test)]
mod tests;
