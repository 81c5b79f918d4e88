//! Python's text version files: `setup.cfg`, `setup.py` and modules'
//! `__version__`, as Release Please's updaters read them.

use super::{Updated, version_end};

/// The first `version = 1.2.3` (`setup.cfg`) or `version="1.2.3"` (`quoted`,
/// `setup.py`), with at most one space on each side of `=`, as Release
/// Please reads them; unlike it, a pre-release such as `-rc.1` is replaced
/// whole (it leaves `.1` behind).
pub(super) fn python_setup(text: &str, version: &str, quoted: bool) -> Result<Updated, String> {
    for (at, _) in text.match_indices("version") {
        let mut cursor = at + "version".len();
        let bytes = text.as_bytes();
        let space = |cursor: &mut usize| {
            if bytes.get(*cursor) == Some(&b' ') {
                *cursor += 1;
            }
        };
        space(&mut cursor);
        if bytes.get(cursor) != Some(&b'=') {
            continue;
        }
        cursor += 1;
        space(&mut cursor);
        let quote = if quoted {
            match bytes.get(cursor) {
                Some(&quote @ (b'"' | b'\'')) => {
                    cursor += 1;
                    Some(quote)
                }
                _ => continue,
            }
        } else {
            None
        };
        let Some(end) = version_end(text, cursor) else {
            continue;
        };
        if quote.is_some_and(|quote| bytes.get(end) != Some(&quote)) {
            continue;
        }
        return Ok(Updated::Text(format!(
            "{}{version}{}",
            &text[..cursor],
            &text[end..]
        )));
    }
    Err(if quoted {
        "no `version=\"X.Y.Z\"`".to_owned()
    } else {
        "no `version = X.Y.Z`".to_owned()
    })
}

/// `__version__ = "1.2.3"` (either quote) becomes the version.
pub(super) fn python_version(text: &str, version: &str) -> Result<Updated, String> {
    let mut out = String::with_capacity(text.len());
    let mut found = false;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let assignment = trimmed
            .strip_prefix("__version__")
            .map(str::trim_start)
            .and_then(|rest| rest.strip_prefix('='))
            .map(str::trim_start);
        match assignment.and_then(|value| {
            value
                .chars()
                .next()
                .filter(|c| *c == '"' || *c == '\'')
                .map(|quote| (value, quote))
        }) {
            Some((value, quote)) if !found => {
                let inner = &value[1..];
                let Some(close) = inner.find(quote) else {
                    out.push_str(line);
                    continue;
                };
                let start = line.len() - value.len() + 1;
                out.push_str(&line[..start]);
                out.push_str(version);
                out.push_str(&line[start + close..]);
                found = true;
            }
            _ => out.push_str(line),
        }
    }
    if found {
        Ok(Updated::Text(out))
    } else {
        Err("no `__version__ = \"…\"`".to_owned())
    }
}
