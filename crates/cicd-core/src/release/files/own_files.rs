//! The version files of the release types that keep their version in one
//! file of their own, each as Release Please's updater rewrites it: an R
//! `DESCRIPTION`, Go's `version.go`, Bazel's `MODULE.bazel`, Dart's
//! `pubspec.yaml`, Elixir's `mix.exs`.

use super::{Updated, dotted_digits, is_line_end, line_starts};

/// Release Please's `/^Version:\s*[0-9]+\.[0-9]+\.[0-9]+(?:\.[0-9]+)?\s*$/m`
/// on an R `DESCRIPTION`: the first such line becomes `Version: X.Y.Z`.
/// As there, the trailing `\s*` also takes the blank lines that follow, up
/// to the last line end it can reach.
pub(super) fn r_description(text: &str, version: &str) -> Updated {
    for start in line_starts(text) {
        if let Some(span) = description_version(&text[start..], is_line_end) {
            return Updated::Text(format!(
                "{}Version: {version}{}",
                &text[..start],
                &text[start + span..]
            ));
        }
    }
    Updated::Skipped("no `Version: X.Y.Z` line, as Release Please expects".to_owned())
}

/// The length of the `Version: X.Y.Z(.W)` match at the start of `line` (with
/// the whitespace the pattern takes), if it matches.
pub(super) fn description_version(line: &str, line_end: impl Fn(char) -> bool) -> Option<usize> {
    let rest = line.strip_prefix("Version:")?;
    let start = "Version:".len() + (rest.len() - rest.trim_start().len());
    // `X.Y.Z`, then an optional `.W`.
    let bytes = line.as_bytes();
    let at = dotted_digits(bytes, start, 3)?;
    let at = match bytes.get(at) {
        Some(b'.') => dotted_digits(bytes, at + 1, 1).unwrap_or(at),
        _ => at,
    };
    // `\s*$`: the longest run of whitespace after which a line ends.
    let space: Vec<(usize, char)> = line[at..]
        .char_indices()
        .take_while(|(_, c)| c.is_whitespace())
        .collect();
    let ends = |offset: usize| line[at + offset..].chars().next().is_none_or(&line_end);
    let total: usize = space.iter().map(|(_, c)| c.len_utf8()).sum();
    let mut taken = total;
    loop {
        if ends(taken) {
            return Some(at + taken);
        }
        let &(offset, _) = space.iter().rev().find(|(offset, _)| *offset < taken)?;
        taken = offset;
    }
}

/// Release Please's `VersionGo`: the first `const Version = "X.Y.Z"`, with an
/// optional `-pre.release` of dot-separated `[0-9A-Za-z-]+` identifiers,
/// names the version.
pub(super) fn version_go(text: &str, version: &str) -> Updated {
    const PREFIX: &str = "const Version = \"";
    for (at, _) in text.match_indices(PREFIX) {
        let start = at + PREFIX.len();
        let bytes = text.as_bytes();
        let Some(mut end) = dotted_digits(bytes, start, 3) else {
            continue;
        };
        // `(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?`, then the closing quote.
        let identifier = |from: usize| {
            let length = bytes[from..]
                .iter()
                .take_while(|byte| byte.is_ascii_alphanumeric() || **byte == b'-')
                .count();
            (length > 0).then_some(from + length)
        };
        if bytes.get(end) == Some(&b'-') {
            if let Some(after) = identifier(end + 1) {
                end = after;
                while bytes.get(end) == Some(&b'.') {
                    match identifier(end + 1) {
                        Some(after) => end = after,
                        None => break,
                    }
                }
            }
        }
        if bytes.get(end) == Some(&b'"') {
            return Updated::Text(format!(
                "{}{PREFIX}{version}\"{}",
                &text[..at],
                &text[end + 1..]
            ));
        }
    }
    Updated::Skipped("no `const Version = \"X.Y.Z\"`".to_owned())
}

/// Release Please's `ModuleBazel`: from the first `module`, past the first
/// `(` after it, the first `version = "…"` (or `'…'`) on one line; the first
/// appearance of that old version inside the match becomes the new one
/// (even inside the module's name, as there).
pub(super) fn module_bazel(text: &str, version: &str) -> Updated {
    let skipped = || Updated::Skipped("no `module(… version = \"…\")`".to_owned());
    let Some(module) = text.find("module") else {
        return skipped();
    };
    let Some(open) = text[module..].find('(').map(|at| module + at) else {
        return skipped();
    };
    for (at, _) in text[open..].match_indices("version") {
        let after = &text[open + at + "version".len()..];
        let rest = after.trim_start();
        let Some(rest) = rest.strip_prefix('=') else {
            continue;
        };
        let rest = rest.trim_start();
        let Some(quote) = rest.chars().next().filter(|c| *c == '"' || *c == '\'') else {
            continue;
        };
        let value = &rest[1..];
        let Some(close) = value.find([quote, '\n', '\r']) else {
            continue;
        };
        if !value[close..].starts_with(quote) {
            continue;
        }
        let old = &value[..close];
        let end = text.len() - value.len() + close + 1;
        let matched = &text[module..end];
        return Updated::Text(format!(
            "{}{}{}",
            &text[..module],
            matched.replacen(old, version, 1),
            &text[end..]
        ));
    }
    skipped()
}

/// `pubspec.yaml`: the first `version:` line becomes the version, with
/// the old build number plus one when it is a number (its leading digits,
/// as `parseInt` reads them), the old build text when it is not.
pub(super) fn pubspec(text: &str, version: &str) -> Result<Updated, String> {
    let mut out = String::with_capacity(text.len() + 8);
    let mut done = false;
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
        if done || !body.starts_with("version: ") {
            out.push_str(line);
            continue;
        }
        let old = &body["version: ".len()..];
        let digits = old
            .bytes()
            .take_while(|b| b.is_ascii_digit() || *b == b'.')
            .count();
        let build = if digits > 0 {
            let rest = &old[digits..];
            let rest = rest.strip_prefix('+').unwrap_or(rest);
            // `parseInt`: leading blanks, then digits.
            let leading: String = rest
                .trim_start()
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            match leading.parse::<u64>() {
                Ok(number) => format!("+{}", number.saturating_add(1)),
                Err(_) if !rest.is_empty() => format!("+{rest}"),
                Err(_) => String::new(),
            }
        } else {
            String::new()
        };
        out.push_str(&format!("version: {version}{build}"));
        out.push_str(&line[body.len()..]);
        done = true;
    }
    if done {
        Ok(Updated::Text(out))
    } else {
        Ok(Updated::Skipped("no `version:` line".to_owned()))
    }
}

/// `mix.exs`: the first `@version "…"`, else the first `version: "…",`.
pub(super) fn mix_exs(text: &str, version: &str) -> Result<Updated, String> {
    let allowed = |c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '+' | '.' | '~');
    let replace = |prefix: &str, suffix: &str| -> Option<String> {
        let mut from = 0;
        while let Some(found) = text[from..].find(prefix) {
            let start = from + found + prefix.len();
            let value_len = text[start..].chars().take_while(|c| allowed(*c)).count();
            let end = start + value_len;
            if value_len > 0 && text[end..].starts_with(suffix) {
                return Some(format!("{}{version}{}", &text[..start], &text[end..]));
            }
            from = start;
        }
        None
    };
    Ok(replace("@version \"", "\"")
        .or_else(|| replace("version: \"", "\","))
        .map(Updated::Text)
        .unwrap_or_else(|| {
            Updated::Skipped("no `@version \"…\"` nor `version: \"…\",`".to_owned())
        }))
}
