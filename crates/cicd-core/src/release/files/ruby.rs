//! Ruby: a gem's `version.rb` and its `Gemfile.lock` entry.

use semver::Version;

use super::Updated;

/// The end of a Ruby gem version at `at` as Release Please's
/// `(\d+).(\d)+.(\d+)` reads it (a `.` there is any character but a line
/// break).
fn ruby_triplet(bytes: &[u8], at: usize) -> Option<usize> {
    let mut at = at;
    for part in 0..3 {
        if part > 0 {
            let next = *bytes.get(at)?;
            if next == b'\n' {
                return None;
            }
            at += 1;
        }
        let digits = bytes[at.min(bytes.len())..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        if digits == 0 {
            return None;
        }
        at += digits;
    }
    Some(at)
}

/// Where a Ruby version ending its `X.Y.Z` at `end` is closed: Release
/// Please's optional `(.\w+.*)` suffix is greedy (any character, a word
/// character, then the rest of the line back to its last closing
/// character), else the closing character must follow at once.
fn ruby_close(text: &str, end: usize, is_close: impl Fn(u8) -> bool) -> Option<usize> {
    let bytes = text.as_bytes();
    let line_end = text[end..]
        .find('\n')
        .map(|at| end + at)
        .unwrap_or(text.len());
    let suffixed = bytes
        .get(end + 1)
        .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_')
        .then(|| (end + 2..line_end).rev().find(|&at| is_close(bytes[at])))
        .flatten();
    suffixed.or_else(|| {
        bytes
            .get(end)
            .copied()
            .filter(|b| is_close(*b))
            .map(|_| end)
    })
}

/// `version.rb`: the first quoted version becomes `version`, with the
/// opening quote on both sides (Release Please's `$1…$1`). After the
/// `X.Y.Z`, a suffix (`.pre`, `.beta.1`) reaches the last quote of the line.
pub(super) fn version_rb(text: &str, version: &str) -> Updated {
    let bytes = text.as_bytes();
    let is_quote = |b: u8| b == b'"' || b == b'\'';
    for (open, &quote) in bytes.iter().enumerate() {
        if !is_quote(quote) {
            continue;
        }
        let Some(end) = ruby_triplet(bytes, open + 1) else {
            continue;
        };
        let Some(close) = ruby_close(text, end, is_quote) else {
            continue;
        };
        let quote = char::from(quote);
        return Updated::Text(format!(
            "{}{quote}{version}{quote}{}",
            &text[..open],
            &text[close + 1..]
        ));
    }
    Updated::Skipped("no quoted version".to_owned())
}

/// A gem's own entry in `Gemfile.lock` (`my-gem (1.2.0)`) at `version`, as
/// Bundler writes it (`1.3.0-beta` as `1.3.0.pre.beta`); the first entry of
/// the gem only, as Release Please sets it.
pub fn set_gemfile_lock_version(text: &str, gem: &str, version: &Version) -> Updated {
    if gem.is_empty() {
        return Updated::Skipped("no gem name".to_owned());
    }
    let written = version.to_string().replace('-', ".pre.");
    let needle = format!("{gem} (");
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(found) = text[from..].find(&needle) {
        let start = from + found + needle.len();
        if let Some(end) = ruby_triplet(bytes, start) {
            if let Some(close) = ruby_close(text, end, |b| b == b')') {
                return Updated::Text(format!("{}{written}{}", &text[..start], &text[close..]));
            }
        }
        from = start;
    }
    Updated::Skipped(format!("no `{gem} (…)` entry"))
}
