//! Every rule: its name, the value it takes, and its check.

use super::case::Case;
use super::parts::{Parts, Piece};
use super::{Rule, Value, Violation, When};

/// The kind of value a rule takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ValueKind {
    /// No value.
    None,
    /// A length.
    Number,
    /// A text (a full stop, a trailer).
    Text,
    /// A case name or a list of case names.
    Cases,
    /// A list of allowed names.
    List,
}

/// The rules `cicd lint` knows, with the value each takes: commitlint's names.
pub const RULES: &[(&str, ValueKind)] = &[
    ("body-case", ValueKind::Cases),
    ("body-empty", ValueKind::None),
    ("body-full-stop", ValueKind::Text),
    ("body-leading-blank", ValueKind::None),
    ("body-max-length", ValueKind::Number),
    ("body-max-line-length", ValueKind::Number),
    ("body-min-length", ValueKind::Number),
    ("breaking-change-exclamation-mark", ValueKind::None),
    ("footer-empty", ValueKind::None),
    ("footer-leading-blank", ValueKind::None),
    ("footer-max-length", ValueKind::Number),
    ("footer-max-line-length", ValueKind::Number),
    ("footer-min-length", ValueKind::Number),
    ("header-case", ValueKind::Cases),
    ("header-full-stop", ValueKind::Text),
    ("header-max-length", ValueKind::Number),
    ("header-min-length", ValueKind::Number),
    ("header-trim", ValueKind::None),
    ("references-empty", ValueKind::None),
    ("scope-case", ValueKind::Cases),
    ("scope-empty", ValueKind::None),
    ("scope-enum", ValueKind::List),
    ("scope-max-length", ValueKind::Number),
    ("scope-min-length", ValueKind::Number),
    ("signed-off-by", ValueKind::Text),
    ("subject-case", ValueKind::Cases),
    ("subject-empty", ValueKind::None),
    ("subject-exclamation-mark", ValueKind::None),
    ("subject-full-stop", ValueKind::Text),
    ("subject-max-length", ValueKind::Number),
    ("subject-min-length", ValueKind::Number),
    ("trailer-exists", ValueKind::Text),
    ("type-case", ValueKind::Cases),
    ("type-empty", ValueKind::None),
    ("type-enum", ValueKind::List),
    ("type-max-length", ValueKind::Number),
    ("type-min-length", ValueKind::Number),
];

/// The value kind of a known rule.
pub(super) fn kind_of(name: &str) -> Option<ValueKind> {
    RULES
        .iter()
        .find(|(rule, _)| *rule == name)
        .map(|(_, kind)| *kind)
}

/// A finding before the rule's name and level are attached.
struct Finding {
    message: String,
    line: usize,
    column: usize,
}

fn at(message: String, line: usize, column: usize) -> Option<Finding> {
    Some(Finding {
        message,
        line,
        column,
    })
}

/// Check one rule; `None` when it holds.
pub(super) fn check(name: &str, rule: &Rule, parts: &Parts<'_>) -> Option<Violation> {
    let finding = match name.split_once('-') {
        Some(("type", check)) => type_rule(check, rule, parts),
        Some(("scope", check)) => scope_rule(check, rule, parts),
        Some(("subject", check)) => subject_rule(check, rule, parts),
        Some(("header", check)) => header_rule(check, rule, parts),
        Some(("body", check)) => piece_rule("body", check, rule, parts.body.as_ref(), parts),
        Some(("footer", check)) => piece_rule("footer", check, rule, parts.footer.as_ref(), parts),
        _ => message_rule(name, rule, parts),
    }?;
    Some(Violation {
        rule: name.to_owned(),
        level: rule.level,
        message: finding.message,
        line: finding.line,
        column: finding.column,
    })
}

fn must(when: When) -> &'static str {
    match when {
        When::Always => "must",
        When::Never => "must not",
    }
}

/// `holds` is whether the condition is true; the rule fails when that
/// disagrees with `always`/`never`.
fn fails(when: When, holds: bool) -> bool {
    match when {
        When::Always => !holds,
        When::Never => holds,
    }
}

fn number(value: &Value) -> usize {
    match value {
        Value::Number(number) => *number,
        _ => usize::MAX,
    }
}

fn text(value: &Value, default: &str) -> String {
    match value {
        Value::Text(text) => text.clone(),
        _ => default.to_owned(),
    }
}

fn list(value: &Value) -> Vec<String> {
    match value {
        Value::List(items) => items.clone(),
        Value::Text(item) => vec![item.clone()],
        _ => Vec::new(),
    }
}

fn chars(text: &str) -> usize {
    text.chars().count()
}

/// Lengths as commitlint counts them: UTF-16 code units (an emoji counts 2).
fn length(text: &str) -> usize {
    text.encode_utf16().count()
}

/// Shared checks for a part that is a single value (type, scope, subject, header).
fn value_check(
    part: &str,
    check: &str,
    rule: &Rule,
    value: &str,
    position: (usize, usize),
) -> Option<Finding> {
    let (line, column) = position;
    let length = length(value);
    // commitlint gives the current length for the header only.
    let current = if part == "header" {
        format!(", current length is {length}")
    } else {
        String::new()
    };
    match check {
        "max-length" => {
            let max = number(&rule.value);
            (length > max).then(|| Finding {
                message: format!("{part} must not be longer than {max} characters{current}"),
                line,
                column: column
                    + value
                        .chars()
                        .take_while({
                            let mut units = 0;
                            move |c| {
                                units += c.len_utf16();
                                units <= max
                            }
                        })
                        .count(),
            })
        }
        "min-length" => {
            let min = number(&rule.value);
            (length < min).then(|| Finding {
                message: format!("{part} must not be shorter than {min} characters{current}"),
                line,
                column,
            })
        }
        "case" => case_check(part, rule, value, position),
        "full-stop" => {
            let stop = text(&rule.value, ".");
            // An ellipsis is not a full stop.
            let ends = value.ends_with(&stop) && !(stop == "." && value.ends_with("..."));
            if !fails(rule.when, ends) {
                return None;
            }
            let ending = if rule.when == When::Never {
                "may not end with full stop"
            } else {
                "must end with full stop"
            };
            at(
                format!("{part} {ending}"),
                line,
                column + chars(value).saturating_sub(1),
            )
        }
        _ => None,
    }
}

fn case_check(
    part: &str,
    rule: &Rule,
    value: &str,
    (line, column): (usize, usize),
) -> Option<Finding> {
    let cases: Vec<Case> = list(&rule.value)
        .iter()
        .filter_map(|name| name.parse().ok())
        .collect();
    if cases.is_empty() {
        return None;
    }
    let matched = cases.iter().any(|case| case.matches(value));
    if !fails(rule.when, matched) {
        return None;
    }
    let names: Vec<String> = cases.iter().map(ToString::to_string).collect();
    at(
        format!("{part} {} be {}", must(rule.when), names.join(", ")),
        line,
        column,
    )
}

fn empty_check(
    part: &str,
    rule: &Rule,
    empty: bool,
    position: (usize, usize),
    reason: Option<&str>,
) -> Option<Finding> {
    // `never` empty: must be present.
    if !fails(rule.when, empty) {
        return None;
    }
    let mut message = match rule.when {
        When::Never => format!("{part} may not be empty"),
        When::Always => format!("{part} must be empty"),
    };
    if let Some(reason) = reason.filter(|_| rule.when == When::Never) {
        message.push_str(&format!(" ({reason})"));
    }
    at(message, position.0, position.1)
}

fn enum_check(
    part: &str,
    rule: &Rule,
    values: &[&str],
    position: (usize, usize),
) -> Option<Finding> {
    let allowed = list(&rule.value);
    if values.is_empty() || allowed.is_empty() {
        return None;
    }
    let listed = values
        .iter()
        .all(|value| allowed.iter().any(|item| item == value));
    if !fails(rule.when, listed) {
        return None;
    }
    at(
        format!(
            "{part} {} be one of [{}]",
            must(rule.when),
            allowed.join(", ")
        ),
        position.0,
        position.1,
    )
}

fn type_rule(check: &str, rule: &Rule, parts: &Parts<'_>) -> Option<Finding> {
    let position = (1, 1);
    if check == "empty" {
        return empty_check(
            "type",
            rule,
            parts.kind.is_none(),
            position,
            parts.header_problem.as_deref(),
        );
    }
    let kind = parts.kind?;
    match check {
        "enum" => enum_check("type", rule, &[kind], position),
        _ => value_check("type", check, rule, kind, position),
    }
}

fn scope_rule(check: &str, rule: &Rule, parts: &Parts<'_>) -> Option<Finding> {
    let column = parts.kind.map(|kind| chars(kind) + 2).unwrap_or(1);
    let position = (1, column);
    if check == "empty" {
        return parts
            .kind
            .and_then(|_| empty_check("scope", rule, parts.scope.is_none(), position, None));
    }
    let scope = parts.scope.filter(|_| parts.kind.is_some())?;
    match check {
        "enum" => {
            // commitlint splits `a/b`, `a\b` and `a, b` into several scopes.
            let scopes: Vec<&str> = scope.split(['/', '\\', ',']).map(str::trim).collect();
            enum_check("scope", rule, &scopes, position)
        }
        _ => value_check("scope", check, rule, scope, position),
    }
}

fn subject_rule(check: &str, rule: &Rule, parts: &Parts<'_>) -> Option<Finding> {
    let position = (1, parts.subject_column);
    match check {
        // commitlint judges the full stop on the whole header, conventional or not,
        // except a header whose only `:` ends it.
        "full-stop"
            if parts
                .header
                .find(':')
                .is_some_and(|colon| colon + 1 == parts.header.len()) =>
        {
            None
        }
        "full-stop" => value_check("subject", check, rule, parts.header, (1, 1)),
        // Case applies to subjects that start with a letter that has a case.
        "case" => {
            let subject = parts.subject?;
            let cased = subject
                .chars()
                .next()
                .is_some_and(|c| c.is_lowercase() || c.is_uppercase());
            if !cased {
                return None;
            }
            value_check("subject", check, rule, subject, position)
        }
        "empty" => empty_check("subject", rule, parts.subject.is_none(), position, None),
        "exclamation-mark" => {
            if !fails(rule.when, parts.bang) {
                return None;
            }
            at(
                format!(
                    "subject {} have an exclamation mark in the subject to identify a breaking change",
                    must(rule.when)
                ),
                1,
                1,
            )
        }
        _ => value_check("subject", check, rule, parts.subject?, position),
    }
}

fn header_rule(check: &str, rule: &Rule, parts: &Parts<'_>) -> Option<Finding> {
    let header = parts.header;
    if check == "trim" {
        let start = header.len() > header.trim_start().len();
        let end = header.len() > header.trim_end().len();
        let message = match (start, end) {
            (true, true) => "header must not be surrounded by whitespace",
            (true, false) => "header must not start with whitespace",
            (false, true) => "header must not end with whitespace",
            (false, false) => return None,
        };
        let column = if start {
            1
        } else {
            chars(header.trim_end()) + 1
        };
        return at(message.to_owned(), 1, column);
    }
    value_check("header", check, rule, header, (1, 1))
}

fn piece_rule(
    part: &str,
    check: &str,
    rule: &Rule,
    piece: Option<&Piece>,
    parts: &Parts<'_>,
) -> Option<Finding> {
    match check {
        "empty" => {
            let line = piece
                .map(|piece| piece.line)
                .unwrap_or(parts.lines.len().max(1));
            empty_check(part, rule, piece.is_none(), (line, 1), None)
        }
        "leading-blank" => {
            let piece = piece?;
            let before = piece
                .line
                .checked_sub(2)
                .and_then(|index| parts.lines.get(index));
            let blank = before.is_some_and(|line| line.trim().is_empty());
            if !fails(rule.when, blank) {
                return None;
            }
            let verb = if rule.when == When::Always {
                "must have"
            } else {
                "may not have"
            };
            at(format!("{part} {verb} leading blank line"), piece.line, 1)
        }
        "max-line-length" => {
            let piece = piece?;
            let max = number(&rule.value);
            piece.text.lines().enumerate().find_map(|(offset, line)| {
                (length(line) > max && !has_url(line)).then(|| Finding {
                    message: format!("{part}'s lines must not be longer than {max} characters"),
                    line: piece.line + offset,
                    column: max + 1,
                })
            })
        }
        _ => {
            let piece = piece?;
            value_check(part, check, rule, &piece.text, (piece.line, 1))
        }
    }
}

/// commitlint exempts lines with a URL from line-length limits.
fn has_url(line: &str) -> bool {
    line.contains("http://") || line.contains("https://")
}

fn message_rule(name: &str, rule: &Rule, parts: &Parts<'_>) -> Option<Finding> {
    let last = parts.lines.len().max(1);
    match name {
        "references-empty" => {
            let empty = parts.references == 0;
            if !fails(rule.when, empty) {
                return None;
            }
            let verb = if rule.when == When::Never {
                "may not"
            } else {
                "must"
            };
            at(format!("references {verb} be empty"), last, 1)
        }
        "signed-off-by" => {
            let trailer = text(&rule.value, "Signed-off-by:");
            let signed = parts
                .lines
                .iter()
                .rev()
                .find(|line| !line.trim().is_empty() && !line.starts_with('#'))
                .is_some_and(|line| line.starts_with(&trailer));
            fails(rule.when, signed).then(|| Finding {
                message: format!("message {} be signed off", must(rule.when)),
                line: last,
                column: 1,
            })
        }
        "trailer-exists" => {
            let trailer = text(&rule.value, "Signed-off-by:");
            let exists = parts
                .footer
                .as_ref()
                .is_some_and(|footer| footer.text.lines().any(|line| line.starts_with(&trailer)));
            fails(rule.when, exists).then(|| Finding {
                message: format!("message {} have `{trailer}` trailer", must(rule.when)),
                line: last,
                column: 1,
            })
        }
        "breaking-change-exclamation-mark" => {
            parts.kind?;
            let both = parts.bang && parts.breaking_footer;
            let fail = match rule.when {
                When::Always => (parts.bang || parts.breaking_footer) && !both,
                When::Never => both,
            };
            fail.then(|| Finding {
                message: format!(
                    "breaking changes {} have both an exclamation mark in the header and BREAKING CHANGE \
                     in the footer to identify a breaking change",
                    must(rule.when)
                ),
                line: 1,
                column: 1,
            })
        }
        _ => None,
    }
}
