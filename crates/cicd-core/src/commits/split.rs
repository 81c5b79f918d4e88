//! Release Please's reading of one message as several changes.

use std::borrow::Cow;

/// A message split into its main part and the further changes it carries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Parts<'a> {
    /// The main message: the text outside `BEGIN_NESTED_COMMIT` blocks, up to
    /// the first further conventional header.
    pub main: Cow<'a, str>,
    /// Each further header with the text below it, then each nested block.
    pub nested: Vec<Cow<'a, str>>,
}

/// The types whose header, after a blank line, starts another change in the same
/// message (Release Please's list; case-sensitive, and no `!`: a `feat!:` there
/// stays in the body).
const SPLIT_TYPES: [&str; 11] = [
    "feat", "fix", "docs", "style", "refactor", "perf", "test", "build", "ci", "chore", "revert",
];

/// Split a message as Release Please does before parsing it.
///
/// Every `BEGIN_NESTED_COMMIT` … `END_NESTED_COMMIT` block becomes a change of
/// its own (a `BEGIN` without `END` takes the rest of the message; text after
/// `END_NESTED_COMMIT` goes back to the main message); the main message is then
/// cut before every blank line that is followed by a header such as
/// `fix(scope): ` (a type from Release Please's fixed list). Nested blocks are
/// not cut further, and come after the main message's parts.
///
/// ```
/// let parts = cicd_core::commits::split("feat: a\n\nfix(b): c\n\nmore about c");
/// assert_eq!(parts.main, "feat: a");
/// assert_eq!(parts.nested, ["fix(b): c\n\nmore about c"]);
/// ```
pub fn split(message: &str) -> Parts<'_> {
    let mut blocks = message.split("BEGIN_NESTED_COMMIT");
    let mut main = Cow::Borrowed(blocks.next().unwrap_or_default());
    let mut nested = Vec::new();
    for block in blocks {
        let mut pieces = block.split("END_NESTED_COMMIT");
        nested.push(Cow::Borrowed(pieces.next().unwrap_or_default()));
        let after: Vec<&str> = pieces.collect();
        if !after.is_empty() {
            // Release Please joins what follows with `,` (JavaScript's `join()`).
            main.to_mut().push_str(&after.join(","));
        }
    }
    let headers = match &main {
        Cow::Borrowed(text) => split_headers(text).into_iter().map(Cow::Borrowed).collect(),
        Cow::Owned(text) => split_headers(text)
            .into_iter()
            .map(|part| Cow::Owned(part.to_owned()))
            .collect(),
    };
    let mut headers: Vec<Cow<'_, str>> = headers;
    let main = headers.remove(0);
    // Release Please's order: the main message's parts, then the nested blocks.
    headers.extend(nested);
    Parts {
        main,
        nested: headers,
    }
}

/// Cut `text` before each blank line followed by a splitting header.
fn split_headers(text: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut start = 0;
    let mut search = 0;
    while let Some(found) = text[search..].find('\n') {
        let newline = search + found;
        search = newline + 1;
        let Some(blank_end) = blank_line_end(text, newline) else {
            continue;
        };
        if starts_header(&text[blank_end..]) {
            let cut = if newline > 0 && text.as_bytes()[newline - 1] == b'\r' {
                newline - 1
            } else {
                newline
            };
            parts.push(&text[start..cut]);
            start = blank_end;
            search = blank_end;
        }
    }
    parts.push(&text[start..]);
    parts
}

/// If a blank line follows the newline at `newline` (`\n\n` or `\n\r\n`), where
/// the next line starts.
fn blank_line_end(text: &str, newline: usize) -> Option<usize> {
    let rest = &text[newline + 1..];
    if rest.starts_with('\n') {
        Some(newline + 2)
    } else if rest.starts_with("\r\n") {
        Some(newline + 3)
    } else {
        None
    }
}

/// `type: ` or `type(scope): ` with a type from [`SPLIT_TYPES`].
fn starts_header(line: &str) -> bool {
    SPLIT_TYPES.iter().any(|kind| {
        let Some(rest) = line.strip_prefix(kind) else {
            return false;
        };
        match rest.strip_prefix('(') {
            // `\(.*?\)` backtracks: any `)` on the line that is followed by `: `.
            Some(scope) => {
                let line = scope.split('\n').next().unwrap_or_default();
                line.match_indices(')')
                    .any(|(close, _)| line[close + 1..].starts_with(": "))
            }
            None => rest.starts_with(": "),
        }
    })
}

/// The footers of a part that Release Please reads again as changes of their
/// own: in the run of footer-like lines that ends the part (blank lines and
/// indented continuations allowed, no blank line needed before it), every
/// `type(scope)!: text` whose type could make a release (`fix`, `Feat`,
/// `deps`, …) or that has a scope or `!`. Trailers such as `Signed-off-by:`
/// are left out: Release Please reads them as hidden types.
pub(crate) fn footer_changes(part: &str) -> Vec<String> {
    closing_footers(part)
        .filter(|footer| footer.token.makes_a_change())
        .map(|footer| footer.text)
        .collect()
}

/// The issues Release Please links after a change's entry (`, refs #N`):
/// each footer of the run that ends the part whose value is `#N` (after
/// `Token: ` or `Token #`), N digits only. A continuation line stands for
/// the value (`Closes #3` with an indented line below links nothing), and
/// footers earlier in the message, followed by prose, link nothing.
pub(crate) fn trailer_issues(part: &str) -> Vec<String> {
    closing_footers(part)
        .filter(|footer| !footer.token.is_breaking())
        .filter_map(|footer| {
            let value = footer
                .text
                .lines()
                .skip(1)
                .last()
                .unwrap_or(footer.token.value)
                .trim();
            let issue = match value.strip_prefix('#') {
                Some(issue) => issue,
                None if footer.token.hash && footer.continued == 0 => value,
                None => return None,
            };
            (!issue.is_empty() && issue.bytes().all(|b| b.is_ascii_digit()))
                .then(|| issue.to_owned())
        })
        .collect()
}

/// The breaking-change note of a part as Release Please reads it: the
/// last `BREAKING CHANGE:` (or `BREAKING-CHANGE:`) footer of the run that
/// ends the part, with its continuation lines; else `in_body` of the text
/// between the header and that run (a marker followed by prose is body).
pub(crate) fn breaking_note(
    part: &str,
    in_body: impl Fn(&str) -> Option<String>,
) -> Option<String> {
    let footer = closing_footers(part)
        .filter(|footer| footer.token.is_breaking())
        .filter_map(|footer| {
            let mut note = footer.token.value.trim().to_owned();
            for more in footer.text.lines().skip(1) {
                note.push('\n');
                note.push_str(more);
            }
            let note = note.trim().to_owned();
            (!note.is_empty()).then_some(note)
        })
        .last();
    footer.or_else(|| {
        let lines = lines_of(part);
        in_body(&lines[1.min(lines.len())..closing_start(&lines)].join("\n"))
    })
}

/// A footer of the run that ends a part, with its continuation lines.
struct ClosingFooter<'a> {
    token: Token<'a>,
    /// Its line and continuation lines.
    text: String,
    /// How many continuation lines it has.
    continued: usize,
}

/// A part's lines, as Release Please reads them: trimmed first, so line 0
/// is the header.
fn lines_of(part: &str) -> Vec<&str> {
    part.trim().split('\n').collect()
}

/// Where the run of footer-like lines that ends a part starts, as Release
/// Please reads it: blank lines and indented continuations allowed, no blank
/// line needed before it; anything else ends it. `lines.len()` when there
/// is none.
fn closing_start(lines: &[&str]) -> usize {
    let mut start = lines.len();
    for (index, line) in lines.iter().enumerate().skip(1).rev() {
        if footer_token(line).is_some() {
            start = index;
        } else if !(line.trim().is_empty() || line.starts_with(char::is_whitespace)) {
            break;
        }
    }
    start
}

/// The footers of the run that ends a part ([`closing_start`]).
fn closing_footers(part: &str) -> impl Iterator<Item = ClosingFooter<'_>> {
    let lines = lines_of(part);
    let mut index = closing_start(&lines);
    std::iter::from_fn(move || {
        while index < lines.len() {
            let line = lines[index];
            let continued = lines[index + 1..]
                .iter()
                .take_while(|more| more.starts_with(char::is_whitespace) && !more.trim().is_empty())
                .count();
            let at = index;
            index += 1 + continued;
            if let Some(token) = footer_token(line) {
                return Some(ClosingFooter {
                    token,
                    text: lines[at..=at + continued].join("\n"),
                    continued,
                });
            }
        }
        None
    })
}

/// The token of a footer-like line: `type(scope)!` before `:` or ` #`.
struct Token<'a> {
    kind: &'a str,
    scoped: bool,
    bang: bool,
    hash: bool,
    /// What follows the `:` or ` #`.
    value: &'a str,
}

impl Token<'_> {
    /// `BREAKING CHANGE` or `BREAKING-CHANGE`: a note, never an issue link.
    fn is_breaking(&self) -> bool {
        matches!(self.kind, "BREAKING CHANGE" | "BREAKING-CHANGE")
    }

    fn makes_a_change(&self) -> bool {
        const RELEASING: [&str; 13] = [
            "feat", "feature", "fix", "perf", "revert", "deps", "docs", "style", "chore",
            "refactor", "test", "build", "ci",
        ];
        !self.hash
            && (self.scoped || self.bang || RELEASING.contains(&self.kind.to_lowercase().as_str()))
    }
}

fn footer_token(line: &str) -> Option<Token<'_>> {
    if let Some(value) = line
        .strip_prefix("BREAKING CHANGE:")
        .or_else(|| line.strip_prefix("BREAKING CHANGE #"))
    {
        return Some(Token {
            kind: "BREAKING CHANGE",
            scoped: false,
            bang: false,
            hash: true,
            value,
        });
    }
    let end = line
        .find(|c: char| c.is_whitespace() || "():!".contains(c))
        .unwrap_or(line.len());
    let (kind, mut rest) = line.split_at(end);
    if kind.is_empty() {
        return None;
    }
    let scoped = rest.starts_with('(');
    if scoped {
        let close = rest.find(')')?;
        if close == 1 || rest[1..close].contains('(') {
            return None;
        }
        rest = &rest[close + 1..];
    }
    let bang = rest.starts_with('!');
    if bang {
        rest = &rest[1..];
    }
    let hash = rest.starts_with(" #");
    let value = match rest.strip_prefix(':') {
        Some(value) => value,
        None => rest.strip_prefix(" #")?,
    };
    Some(Token {
        kind,
        scoped,
        bang,
        hash,
        value,
    })
}
