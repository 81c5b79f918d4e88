//! `x-release-please-*` line markers, as Release Please's `Generic`
//! updater reads them, and the versions and dates they point at.

use semver::Version;

use super::Updated;

/// The release date for `x-release-please-date` markers: the day and
/// Release Please's `date-format` (`%Y`, `%m`, `%d`; `%Y-%m-%d` by default).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MarkerDate<'a> {
    /// `YYYY-MM-DD`.
    pub day: &'a str,
    /// `date-format`.
    pub format: &'a str,
}

/// Release Please's default `date-format`.
pub const DATE_FORMAT: &str = "%Y-%m-%d";

/// Rewrite a file's `x-release-please-*` markers (`extra-files` of type
/// `generic`), dates too: `x-release-please-date` replaces the first date
/// written in `date.format` on the line, `x-release-please-version-date`
/// that date and the version.
pub fn set_generic(text: &str, version: &Version, date: MarkerDate<'_>) -> Updated {
    Updated::Text(generic(text, &version.to_string(), Some(date), &GENERIC))
}

/// Rewrite a file's `x-release-please-released-*` markers (`-version`,
/// `-major`, `-minor`, `-patch`, and `-start-…` … `-end` blocks), which
/// Release Please's `java` and `maven` strategies set on releases only,
/// never to a `-SNAPSHOT`.
pub fn set_released_markers(text: &str, version: &Version) -> Updated {
    Updated::Text(generic(text, &version.to_string(), None, &RELEASED))
}

/// A family of line markers: their prefix, and the kinds after it (longest
/// first where one begins another).
pub(super) struct Markers {
    prefix: &'static str,
    kinds: &'static [&'static str],
}

/// `x-release-please-version` and its kin (`extra-files` of type `generic`).
pub(super) const GENERIC: Markers = Markers {
    prefix: "x-release-please-",
    // `version-date` before `version`, as Release Please's alternation has it.
    kinds: &["major", "minor", "patch", "version-date", "version", "date"],
};

/// `x-release-please-released-version` and its kin (Java releases).
const RELEASED: Markers = Markers {
    prefix: "x-release-please-released-",
    kinds: &["major", "minor", "patch", "version"],
};

/// Release Please's markers: on a line marked `x-release-please-version`
/// the first `X.Y.Z[-pre][+build]` becomes the version; `-major`, `-minor`,
/// `-patch` set that number only; `x-release-please-start-…` …
/// `x-release-please-end` marks every line between (and the end line).
pub(super) fn generic(
    text: &str,
    version: &str,
    date: Option<MarkerDate<'_>>,
    markers: &Markers,
) -> String {
    let parsed = crate::version::parse(version).ok();
    let formatted = date.and_then(|date| format_date(date.format, date.day));
    let mut block: Option<&str> = None;
    let mut lines = Vec::new();
    for line in text.split('\n') {
        let marker = marker(line, markers);
        let kind = match (marker, block) {
            (Some(("start", kind)), _) => {
                block = Some(kind);
                lines.push(line.to_owned());
                continue;
            }
            (Some(("end", _)), Some(kind)) => {
                block = None;
                Some(kind)
            }
            (Some(("inline", kind)), _) => Some(kind),
            (_, Some(kind)) => Some(kind),
            _ => None,
        };
        let dated = |line: &str| match (date, &formatted) {
            (Some(date), Some(formatted)) => replace_date(line, date.format, formatted),
            _ => line.to_owned(),
        };
        let replaced = match (kind, &parsed) {
            (Some("version"), _) => replace_version(line, version),
            (Some("date"), _) => dated(line),
            (Some("version-date"), _) => replace_version(&dated(line), version),
            (Some("major"), Some(parsed)) => replace_number(line, parsed.major),
            (Some("minor"), Some(parsed)) => replace_number(line, parsed.minor),
            (Some("patch"), Some(parsed)) => replace_number(line, parsed.patch),
            _ => line.to_owned(),
        };
        lines.push(replaced);
    }
    lines.join("\n")
}

/// `("inline" | "start" | "end", kind)` for a line marked with one of
/// `markers`.
fn marker(line: &str, markers: &Markers) -> Option<(&'static str, &'static str)> {
    let at = line.find(markers.prefix)?;
    let rest = &line[at + markers.prefix.len()..];
    if rest.starts_with("end") {
        return Some(("end", ""));
    }
    let (position, rest) = match rest.strip_prefix("start-") {
        Some(rest) => ("start", rest),
        None => ("inline", rest),
    };
    markers
        .kinds
        .iter()
        .find(|kind| rest.starts_with(*kind))
        .map(|kind| (position, *kind))
}

/// `day` (`YYYY-MM-DD`) written in `format` (`%Y`, `%m`, `%d`); `None`
/// for a day that is not one.
fn format_date(format: &str, day: &str) -> Option<String> {
    let mut parts = day.splitn(3, '-');
    let (year, month, date) = (parts.next()?, parts.next()?, parts.next()?);
    let valid = year.len() == 4
        && month.len() == 2
        && date.len() == 2
        && [year, month, date]
            .iter()
            .all(|part| part.bytes().all(|b| b.is_ascii_digit()));
    valid.then(|| {
        format
            .replace("%Y", year)
            .replace("%m", month)
            .replace("%d", date)
    })
}

/// The first text on the line shaped as `format` (`%Y` four digits, `%m`
/// and `%d` two; a `.` any character, as in Release Please's regular
/// expression; the rest as written) becomes `formatted`.
fn replace_date(line: &str, format: &str, formatted: &str) -> String {
    enum Part {
        Digits(usize),
        Any,
        Char(char),
    }
    let mut pattern = Vec::new();
    let mut chars = format.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, chars.peek()) {
            ('%', Some('Y')) => {
                chars.next();
                pattern.push(Part::Digits(4));
            }
            ('%', Some('m' | 'd')) => {
                chars.next();
                pattern.push(Part::Digits(2));
            }
            ('.', _) => pattern.push(Part::Any),
            (c, _) => pattern.push(Part::Char(c)),
        }
    }
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    let matches_at = |start: usize| -> Option<usize> {
        let mut at = start;
        for part in &pattern {
            match part {
                Part::Digits(count) => {
                    for _ in 0..*count {
                        chars.get(at).filter(|(_, c)| c.is_ascii_digit())?;
                        at += 1;
                    }
                }
                Part::Any => {
                    chars.get(at)?;
                    at += 1;
                }
                Part::Char(expected) => {
                    chars.get(at).filter(|(_, c)| c == expected)?;
                    at += 1;
                }
            }
        }
        Some(at)
    };
    for start in 0..chars.len() {
        if let Some(end) = matches_at(start) {
            let from = chars[start].0;
            let to = chars.get(end).map(|(at, _)| *at).unwrap_or(line.len());
            return format!("{}{formatted}{}", &line[..from], &line[to..]);
        }
    }
    line.to_owned()
}

/// The first `\d+\.\d+\.\d+(-[\w.]+)?(\+[-\w.]+)?` on the line becomes `version`.
fn replace_version(line: &str, version: &str) -> String {
    match find_version(line) {
        Some((start, end)) => format!("{}{version}{}", &line[..start], &line[end..]),
        None => line.to_owned(),
    }
}

/// Where the first `X.Y.Z[-pre][+build]` of `text` is.
pub(super) fn find_version(text: &str) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    (0..bytes.len()).find_map(|start| {
        let digit_start =
            bytes[start].is_ascii_digit() && (start == 0 || !bytes[start - 1].is_ascii_digit());
        digit_start
            .then(|| version_end(text, start))
            .flatten()
            .map(|end| (start, end))
    })
}

pub(super) fn version_end(line: &str, start: usize) -> Option<usize> {
    let bytes = line.as_bytes();
    let mut at = start;
    for part in 0..3 {
        if part > 0 {
            if bytes.get(at) != Some(&b'.') {
                return None;
            }
            at += 1;
        }
        let digits = bytes[at..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        if digits == 0 {
            return None;
        }
        at += digits;
    }
    let word = |b: &u8| b.is_ascii_alphanumeric() || *b == b'_' || *b == b'.';
    if bytes.get(at) == Some(&b'-') && bytes.get(at + 1).is_some_and(word) {
        at += 1 + bytes[at + 1..].iter().take_while(|b| word(b)).count();
    }
    if bytes.get(at) == Some(&b'+') && bytes.get(at + 1).is_some_and(|b| word(b) || *b == b'-') {
        at += 1 + bytes[at + 1..]
            .iter()
            .take_while(|b| word(b) || **b == b'-')
            .count();
    }
    Some(at)
}

/// The first whole number on the line becomes `number`.
fn replace_number(line: &str, number: u64) -> String {
    let bytes = line.as_bytes();
    let Some(start) = (0..bytes.len()).find(|&at| {
        bytes[at].is_ascii_digit() && (at == 0 || !bytes[at - 1].is_ascii_alphanumeric())
    }) else {
        return line.to_owned();
    };
    let end = start
        + bytes[start..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
    format!("{}{number}{}", &line[..start], &line[end..])
}
