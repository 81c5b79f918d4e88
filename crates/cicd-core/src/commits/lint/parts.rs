//! The message cut into what rules look at, with positions.

use crate::commits::{Commit, Deviation};

/// A piece of the message and the line it starts on (from 1).
#[derive(Debug)]
pub(super) struct Piece {
    pub(super) text: String,
    pub(super) line: usize,
}

/// What the rules see.
#[derive(Debug)]
pub(super) struct Parts<'a> {
    /// The first line, as written.
    pub(super) header: &'a str,
    /// The type, when the header matches `type(scope)!: subject` strictly.
    pub(super) kind: Option<&'a str>,
    pub(super) scope: Option<&'a str>,
    pub(super) subject: Option<&'a str>,
    /// Column (from 1) where the subject starts.
    pub(super) subject_column: usize,
    pub(super) bang: bool,
    pub(super) breaking_footer: bool,
    pub(super) references: usize,
    pub(super) body: Option<Piece>,
    pub(super) footer: Option<Piece>,
    /// Why type and subject are missing, when the header is not conventional.
    pub(super) header_problem: Option<String>,
    /// The message's lines (line endings normalised).
    pub(super) lines: Vec<&'a str>,
}

impl<'a> Parts<'a> {
    pub(super) fn new(commit: &'a Commit, message: &'a str) -> Self {
        let lines: Vec<&str> = message.lines().collect();
        let header = lines.first().copied().unwrap_or_default();
        let Some(change) = &commit.conventional else {
            let rest = message
                .split_once('\n')
                .map(|(_, rest)| rest)
                .unwrap_or_default();
            let body = rest.trim();
            return Self {
                header,
                kind: None,
                scope: None,
                subject: None,
                subject_column: 1,
                bang: false,
                breaking_footer: false,
                references: 0,
                body: (!body.is_empty()).then(|| Piece {
                    text: body.to_owned(),
                    line: line_of(message, body, 0),
                }),
                footer: None,
                header_problem: commit.invalid.as_ref().map(ToString::to_string),
                lines,
            };
        };
        // commitlint's header pattern wants exactly `: `; we read `feat:x` and
        // `feat:` but lint them as commitlint does.
        let header_problem = change
            .deviations
            .iter()
            .find_map(|deviation| match deviation {
                Deviation::MissingSpaceAfterColon => {
                    Some(format!("{deviation}; expected `type(scope)!: description`"))
                }
                _ => None,
            });
        let subject_column = header
            .find(':')
            .map(|colon| {
                let after = &header[colon + 1..];
                let skipped = after.len() - after.trim_start().len();
                header[..colon + 1 + skipped].chars().count() + 1
            })
            .unwrap_or(1);
        let strict = header_problem.is_none();
        let body = change.body.as_deref().map(|body| Piece {
            text: body.to_owned(),
            line: line_of(message, body, 1),
        });
        let footer_line = match change.footers.first() {
            Some(first) => {
                let after = body.as_ref().map(|body| body.line).unwrap_or(1);
                Some(
                    lines
                        .iter()
                        .enumerate()
                        .skip(after)
                        .find(|(_, line)| line.starts_with(first.token.as_str()))
                        .map(|(index, _)| index + 1)
                        .unwrap_or(lines.len()),
                )
            }
            // Footer-like lines glued to the body (no blank line before them):
            // the specification reads them as body, commitlint and Release Please
            // as footers; lint them as footers so `footer-leading-blank` warns.
            None => body
                .as_ref()
                .and_then(|body| glued_footer_line(&lines, body.line)),
        };
        let footer = footer_line.map(|line| Piece {
            text: lines
                .get(line.saturating_sub(1)..)
                .unwrap_or_default()
                .join("\n"),
            line,
        });
        Self {
            header,
            kind: strict.then_some(change.kind.as_str()),
            scope: change.scope.as_deref(),
            subject: strict
                .then_some(change.description.as_str())
                .filter(|subject| !subject.is_empty()),
            subject_column,
            bang: change.bang,
            breaking_footer: change.footers.iter().any(|footer| footer.breaking),
            references: change.references.len(),
            body,
            footer,
            header_problem,
            lines,
        }
    }
}

/// The first line (from 1) of footer-like lines that end the message, or of a
/// `BREAKING CHANGE:` line, inside a body that starts at `body_line`, when the
/// line before is not blank.
fn glued_footer_line(lines: &[&str], body_line: usize) -> Option<usize> {
    let body = lines.get(body_line.saturating_sub(1)..)?;
    let breaking = body.iter().position(|line| {
        line.starts_with("BREAKING CHANGE:") || line.starts_with("BREAKING-CHANGE:")
    });
    let trailing = body
        .iter()
        .rev()
        .take_while(|line| looks_like_footer(line))
        .count();
    let start = match (breaking, trailing) {
        (Some(index), _) => index,
        (None, 0) => return None,
        (None, count) => body.len() - count,
    };
    let before = start.checked_sub(1).and_then(|index| body.get(index))?;
    (!before.trim().is_empty()).then_some(body_line + start)
}

/// `Token: value`, `Token #value` or `BREAKING CHANGE: value`.
fn looks_like_footer(line: &str) -> bool {
    if line.starts_with("BREAKING CHANGE:") {
        return true;
    }
    let token_end = line.find([':', ' ']).unwrap_or(line.len());
    let token = &line[..token_end];
    let separator = &line[token_end..];
    !token.is_empty()
        && !token.contains(['(', ')', '!'])
        && (separator.starts_with(": ") || separator.starts_with(" #"))
}

/// The line (from 1) on which `piece` starts in `message`, searching after
/// line `after` (0-based count of lines to skip).
fn line_of(message: &str, piece: &str, after: usize) -> usize {
    let skip: usize = message
        .split_inclusive('\n')
        .take(after)
        .map(str::len)
        .sum();
    let first = piece.lines().next().unwrap_or_default();
    message
        .get(skip..)
        .and_then(|rest| rest.find(first))
        .map(|offset| message[..skip + offset].matches('\n').count() + 1)
        .unwrap_or(after + 1)
}
