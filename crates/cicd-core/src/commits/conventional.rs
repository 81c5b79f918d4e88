//! One header and the text below it, read on `git-conventional`.

use std::borrow::Cow;
use std::fmt;

use serde::Serialize;

use super::Conventional;
use super::invalid::{Invalid, classify};

/// A footer: `Token: value` or `Token #value`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Footer {
    /// The token, as written (`Refs`, `BREAKING CHANGE`).
    pub token: String,
    /// The separator: `": "` or `" #"`.
    pub separator: String,
    /// The value, which may span several lines.
    pub value: String,
    /// Whether this is a `BREAKING CHANGE` / `BREAKING-CHANGE` footer (upper case
    /// only; `Breaking-Change` is an ordinary footer, as rule 15 says).
    pub breaking: bool,
}

/// An issue referenced from a footer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Reference {
    /// The footer token that makes the reference: `Fixes`, `Refs`, `Closes`.
    pub action: String,
    /// `owner/name` when the issue lives in another repository.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub repository: Option<String>,
    /// The issue number, without `#`.
    pub issue: String,
}

/// Where a conventional message departs from the specification although its
/// meaning is clear. Such a message is still read; lint reports the deviation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Deviation {
    /// Whitespace (or a byte-order mark) before the header.
    LeadingWhitespace,
    /// `feat:x`: rule 1 asks for a colon *and* a space.
    MissingSpaceAfterColon,
    /// `feat:` with no description (rule 5 requires one).
    EmptyDescription,
    /// A `BREAKING CHANGE:` line inside the body rather than in the footers;
    /// read as breaking, as Release Please does.
    BreakingChangeInBody,
    /// The body starts on the line right after the header (rule 6 asks for a
    /// blank line).
    BodyWithoutBlankLine,
    /// A footer token with no value (`BREAKING CHANGE:` alone on its line); an
    /// empty `BREAKING CHANGE` does not make the commit breaking.
    EmptyFooter {
        /// The token.
        token: String,
    },
    /// The text below the header could not be split into body and footers; it
    /// is all kept as the body.
    UnparsedFooters {
        /// The parser's message.
        reason: String,
    },
}

impl fmt::Display for Deviation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::LeadingWhitespace => f.write_str("whitespace before the header"),
            Self::MissingSpaceAfterColon => f.write_str("no space after `:` in the header"),
            Self::EmptyDescription => f.write_str("no description after `:`"),
            Self::BreakingChangeInBody => f.write_str(
                "`BREAKING CHANGE:` inside the body; put it in the footers, after a blank line",
            ),
            Self::BodyWithoutBlankLine => {
                f.write_str("the body must begin one blank line after the header")
            }
            Self::EmptyFooter { token } => write!(f, "the footer `{token}:` has no value"),
            Self::UnparsedFooters { reason } => {
                write!(f, "the footers could not be read ({reason}); kept as body")
            }
        }
    }
}

/// Read one message (a header and what follows it) as a conventional commit.
///
/// Lenient where the meaning is clear and Release Please reads the message the
/// same way (no blank line before the body, no space after the colon, an empty
/// footer value): such messages parse, with a [`Deviation`] recorded.
///
/// # Errors
///
/// [`Invalid`] when the header is not `type(scope)!: description`.
pub fn parse_conventional(message: &str) -> Result<Conventional, Invalid> {
    let message = normalize(message);
    let mut deviations = Vec::new();
    let trimmed = message.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
    let first_line = message.split('\n').next().unwrap_or_default();
    if trimmed.len() != message.len() && !first_line.trim().is_empty() {
        deviations.push(Deviation::LeadingWhitespace);
    }
    let message = trimmed;
    let header = message.split('\n').next().unwrap_or_default();
    let head = match git_conventional::Commit::parse(header) {
        Ok(head) => head,
        Err(err) => match classify(header, &err) {
            // `feat:` alone: the type is clear, the description is missing.
            Invalid::MissingDescription => {
                deviations.push(Deviation::EmptyDescription);
                return Ok(without_description(header, deviations));
            }
            invalid => return Err(invalid),
        },
    };
    if missing_space_after_colon(header) {
        deviations.push(Deviation::MissingSpaceAfterColon);
    }
    let (body, footers) = body_and_footers(message, &mut deviations);
    deviations.extend(
        footers
            .iter()
            .filter(|footer| footer.value.is_empty())
            .map(|footer| Deviation::EmptyFooter {
                token: footer.token.clone(),
            }),
    );
    let mut change = assemble(&head, body, footers, deviations);
    // What Release Please renders comes from the footers that end the
    // message; footers followed by prose are body text to it.
    change.linked_issues = super::split::trailer_issues(message);
    if change.breaking {
        if let Some(note) = super::split::breaking_note(message, breaking_in_body) {
            change.breaking_description = Some(note);
        }
    }
    Ok(change)
}

/// A header with nothing after `type(scope)!:`, read with an empty description.
fn without_description(header: &str, deviations: Vec<Deviation>) -> Conventional {
    let prefix = header.trim_end();
    let completed = format!("{prefix} -");
    let mut change = match git_conventional::Commit::parse(&completed) {
        Ok(head) => assemble(&head, None, Vec::new(), deviations),
        Err(_) => kind_only(prefix, deviations),
    };
    change.description.clear();
    if change.bang && change.breaking_description.is_some() {
        change.breaking_description = Some(String::new());
    }
    change
}

/// The type alone, for a header `git-conventional` would not complete (kept
/// as a value rather than a panic, should its grammar ever reject `type: -`).
fn kind_only(prefix: &str, deviations: Vec<Deviation>) -> Conventional {
    Conventional {
        kind: prefix.trim_end_matches(':').to_owned(),
        scope: None,
        bang: false,
        description: String::new(),
        body: None,
        footers: Vec::new(),
        breaking: false,
        breaking_description: None,
        references: Vec::new(),
        linked_issues: Vec::new(),
        release_as: None,
        deviations,
    }
}

/// Line endings as `\n`: CRLF messages read like LF ones.
/// A lone `\r` ends a line too, as in Release Please's parser.
pub(crate) fn normalize(message: &str) -> Cow<'_, str> {
    if message.contains('\r') {
        Cow::Owned(message.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        Cow::Borrowed(message)
    }
}

fn missing_space_after_colon(header: &str) -> bool {
    header
        .split_once(':')
        .is_some_and(|(_, rest)| !rest.is_empty() && !rest.starts_with(char::is_whitespace))
}

fn assemble(
    head: &git_conventional::Commit<'_>,
    body: Option<String>,
    footers: Vec<Footer>,
    deviations: Vec<Deviation>,
) -> Conventional {
    // The header was parsed alone, so `breaking()` is exactly its `!`.
    let bang = head.breaking();
    let description = head.description().trim().to_owned();
    let mut deviations = deviations;
    let in_body = body.as_deref().and_then(breaking_in_body);
    if in_body.is_some() {
        deviations.push(Deviation::BreakingChangeInBody);
    }
    // An empty `BREAKING CHANGE:` says nothing: Release Please ignores it too.
    // Of several, the last is the note, as Release Please reads them.
    let breaking_description = footers
        .iter()
        .rev()
        .find(|footer| footer.breaking && !footer.value.is_empty())
        .map(|footer| footer.value.clone())
        .or(in_body)
        .or_else(|| bang.then(|| description.clone()));
    let references = footers.iter().flat_map(references_of).collect();
    // A `Release-As:` with more text below it is body text to Release Please.
    let release_as = footers
        .iter()
        .find(|footer| {
            footer.token.eq_ignore_ascii_case("release-as") && !footer.value.contains('\n')
        })
        .map(|footer| footer.value.clone());
    Conventional {
        kind: head.type_().as_str().to_owned(),
        scope: head.scope().map(|scope| scope.as_str().to_owned()),
        bang,
        description,
        body,
        breaking: breaking_description.is_some(),
        breaking_description,
        references,
        linked_issues: Vec::new(),
        release_as,
        footers,
        deviations,
    }
}

/// A body line that starts with `BREAKING CHANGE:`, or has `BREAKING-CHANGE:`
/// anywhere: not a footer by the specification, but its meaning is plain and
/// Release Please counts it; the text from the marker to the end of its paragraph.
fn breaking_in_body(body: &str) -> Option<String> {
    let mut lines = body.lines();
    while let Some(line) = lines.next() {
        let text = line
            .strip_prefix("BREAKING CHANGE:")
            .or_else(|| line.split_once("BREAKING-CHANGE:").map(|(_, after)| after))
            .map(str::trim)
            .filter(|text| !text.is_empty());
        if let Some(text) = text {
            let mut paragraph = text.to_owned();
            for more in lines.by_ref().take_while(|more| !more.trim().is_empty()) {
                paragraph.push('\n');
                paragraph.push_str(more);
            }
            return Some(paragraph);
        }
    }
    None
}

/// The body and footers of a message whose header parsed, recovering from the
/// departures Release Please tolerates; what cannot be split is kept as body.
fn body_and_footers(
    message: &str,
    deviations: &mut Vec<Deviation>,
) -> (Option<String>, Vec<Footer>) {
    let first_error = match git_conventional::Commit::parse(message) {
        Ok(commit) => return owned_parts(&commit),
        Err(err) => err.to_string(),
    };
    let Some((header, rest)) = message.split_once('\n') else {
        return (None, Vec::new());
    };
    let mut text = Cow::Borrowed(message);
    if !rest.starts_with('\n') && !rest.trim().is_empty() {
        deviations.push(Deviation::BodyWithoutBlankLine);
        text = Cow::Owned(format!("{header}\n\n{rest}"));
        if let Ok(commit) = git_conventional::Commit::parse(&text) {
            return owned_parts(&commit);
        }
    }
    // A trailing `Token:` with no value fails the whole message in
    // `git-conventional`; read the rest and keep the token as an empty footer.
    let mut kept = text.trim_end();
    let mut empty = Vec::new();
    while let Some((before, last)) = kept.rsplit_once('\n') {
        match empty_footer_token(last) {
            Some(token) => {
                empty.push(token);
                kept = before.trim_end();
            }
            None => break,
        }
    }
    if !empty.is_empty() {
        if let Ok(commit) = git_conventional::Commit::parse(kept) {
            let (body, mut footers) = owned_parts(&commit);
            footers.extend(empty.iter().rev().map(|token| footer_of(token, ":", "")));
            return (body, footers);
        }
    }
    deviations.push(Deviation::UnparsedFooters {
        reason: first_error,
    });
    let rest = rest.trim();
    ((!rest.is_empty()).then(|| rest.to_owned()), Vec::new())
}

fn empty_footer_token(line: &str) -> Option<&str> {
    let token = line.trim_end().strip_suffix(':')?;
    let valid = token == "BREAKING CHANGE"
        || (!token.is_empty()
            && !token.contains(|c: char| c.is_whitespace() || "():!".contains(c)));
    valid.then_some(token)
}

fn owned_parts(commit: &git_conventional::Commit<'_>) -> (Option<String>, Vec<Footer>) {
    let body = commit.body().map(str::to_owned);
    let footers = commit
        .footers()
        .iter()
        .map(|footer| {
            footer_of(
                footer.token().as_str(),
                footer.separator().as_str(),
                footer.value(),
            )
        })
        .collect();
    (body, footers)
}

fn footer_of(token: &str, separator: &str, value: &str) -> Footer {
    Footer {
        token: token.to_owned(),
        separator: if separator == ":" {
            ": ".to_owned()
        } else {
            separator.to_owned()
        },
        value: value.trim().to_owned(),
        breaking: token == "BREAKING CHANGE" || token == "BREAKING-CHANGE",
    }
}

/// Issue references in a footer: `Fixes #12`, `Refs: #56`, `Closes: #1, #2`,
/// `Fixes owner/name#3`.
fn references_of(footer: &Footer) -> Vec<Reference> {
    let value = if footer.separator == " #" {
        Cow::Owned(format!("#{}", footer.value))
    } else {
        Cow::Borrowed(footer.value.as_str())
    };
    let mut references = Vec::new();
    for word in value.split(|c: char| c == ',' || c.is_whitespace()) {
        if word.is_empty() {
            continue;
        }
        let Some((repository, issue)) = word.split_once('#') else {
            break;
        };
        if issue.is_empty() || !issue.bytes().all(|b| b.is_ascii_digit()) {
            break;
        }
        let repository = match repository {
            "" => None,
            name if name.split('/').count() == 2
                && !name.starts_with('/')
                && !name.ends_with('/') =>
            {
                Some(name.to_owned())
            }
            _ => break,
        };
        references.push(Reference {
            action: footer.token.clone(),
            repository,
            issue: issue.to_owned(),
        });
    }
    references
}
