//! A KRM blueprint's YAML files, as Release Please's `krm-blueprint`
//! strategy rewrites them: every `cnrm/…/vX.Y.Z` reference (after the
//! previous release, only those naming its version) names the new version.
//!
//! Release Please does this with the regular expression
//! `(cnrm/.*/)(v[0-9]+.[0-9]+.[0-9]+)+(-w+)?` (`v` and the previous version
//! in place of the digits after a release; its dots match any character, and
//! `-w+` is a literal `-w…`), replacing each match with the first group and
//! `v` and the version. This module finds the same matches, by the same
//! backtracking order, without a regular expression engine.

use semver::Version;

use super::{Updated, is_line_end};

/// The annotation that marks a file as part of a blueprint.
pub const KRM_BLUEPRINT_ANNOTATION: &str = "cnrm.cloud.google.com/blueprint";

/// One element of the version pattern.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Atom {
    /// `[0-9]`.
    Digit,
    /// `.`: any character but a line end.
    Any,
    /// The character itself.
    Char(char),
}

/// An atom, once or (`+`) as many times as it can.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Piece {
    atom: Atom,
    repeated: bool,
}

/// `v[0-9]+.[0-9]+.[0-9]+`, or `v` and `previous` read as a pattern.
fn pattern(previous: Option<&Version>) -> Vec<Piece> {
    let once = |atom| Piece {
        atom,
        repeated: false,
    };
    let mut pieces = vec![once(Atom::Char('v'))];
    match previous {
        None => {
            let digits = Piece {
                atom: Atom::Digit,
                repeated: true,
            };
            pieces.extend([digits, once(Atom::Any), digits, once(Atom::Any), digits]);
        }
        Some(version) => {
            for c in version.to_string().chars() {
                match (c, pieces.last_mut()) {
                    ('+', Some(last)) => last.repeated = true,
                    ('.', _) => pieces.push(once(Atom::Any)),
                    (c, _) => pieces.push(once(Atom::Char(c))),
                }
            }
        }
    }
    pieces
}

impl Atom {
    fn accepts(self, c: char) -> bool {
        match self {
            Self::Digit => c.is_ascii_digit(),
            Self::Any => !is_line_end(c),
            Self::Char(own) => c == own,
        }
    }
}

/// Where `pieces` matching at `at` ends, by the first way a backtracking
/// engine finds (each `+` as long as it can be).
fn match_at(text: &str, at: usize, pieces: &[Piece]) -> Option<usize> {
    let Some((piece, rest)) = pieces.split_first() else {
        return Some(at);
    };
    let mut ends = Vec::new();
    let mut end = at;
    for c in text[at..].chars() {
        if !piece.atom.accepts(c) {
            break;
        }
        end += c.len_utf8();
        ends.push(end);
        if !piece.repeated {
            break;
        }
    }
    ends.into_iter()
        .rev()
        .find_map(|end| match_at(text, end, rest))
}

/// The match starting at `start` (on `cnrm/`): the end of its first group
/// (after the last `/` that a version follows) and of the whole match.
fn match_from(text: &str, start: usize, pieces: &[Piece]) -> Option<(usize, usize)> {
    let line = &text[start..];
    let line = &line[..line.find(is_line_end).unwrap_or(line.len())];
    // `cnrm/.*/`: the `.*` as long as it can be.
    let slashes = line
        .match_indices('/')
        .map(|(at, _)| start + at)
        .filter(|&at| at >= start + "cnrm/".len());
    let (group, mut end) = slashes
        .rev()
        .find_map(|slash| Some((slash + 1, match_at(text, slash + 1, pieces)?)))?;
    // `(…)+`: more versions straight after, then `(-w+)?`.
    while let Some(next) = match_at(text, end, pieces) {
        end = next;
    }
    if text[end..].starts_with("-w") {
        end += 1 + text[end + 1..]
            .find(|c| c != 'w')
            .unwrap_or(text.len() - end - 1);
    }
    Some((group, end))
}

/// A blueprint file for `version`; `previous` is the last release's version
/// (Release Please then replaces only references to it).
pub(super) fn blueprint(text: &str, version: &Version, previous: Option<&Version>) -> Updated {
    let pieces = pattern(previous);
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    let mut from = 0;
    while let Some(found) = text[from..].find("cnrm/") {
        let start = from + found;
        match match_from(text, start, &pieces) {
            Some((group, end)) => {
                out.push_str(&text[copied..group]);
                out.push('v');
                out.push_str(&version.to_string());
                copied = end;
                from = end;
            }
            None => from = start + 1,
        }
    }
    out.push_str(&text[copied..]);
    Updated::Text(out)
}

#[cfg(test)]
mod tests {
    use semver::Version;

    use super::{Updated, blueprint};

    fn run(text: &str, previous: Option<&str>) -> String {
        let previous = previous.map(|v| Version::parse(v).unwrap());
        match blueprint(text, &Version::new(1, 3, 0), previous.as_ref()) {
            Updated::Text(text) => text,
            Updated::Skipped(why) => panic!("{why}"),
        }
    }

    #[test]
    fn references_name_the_new_version() {
        let file = "metadata:\n  annotations:\n    cnrm.cloud.google.com/blueprint: cnrm/landing-zone:networking/v1.2.3\n    other: cnrm/a/b/v0.1.0-www x\n";
        assert_eq!(
            run(file, None),
            "metadata:\n  annotations:\n    cnrm.cloud.google.com/blueprint: cnrm/landing-zone:networking/v1.3.0\n    other: cnrm/a/b/v1.3.0 x\n"
        );
    }

    #[test]
    fn the_last_slash_a_version_follows_ends_the_first_group() {
        // Greedy `.*`: the later slash wins when a version follows it.
        assert_eq!(
            run("cnrm/a/v1.0.0/b/v2.0.0\n", None),
            "cnrm/a/v1.0.0/b/v1.3.0\n"
        );
        // Else an earlier one; repeated versions and dots as any character.
        assert_eq!(run("cnrm/a/v1.0.0v2x3y4/b\n", None), "cnrm/a/v1.3.0/b\n");
        // No match across lines, nor without a version.
        assert_eq!(
            run("cnrm/a/\nv1.0.0 cnrm/x\n", None),
            "cnrm/a/\nv1.0.0 cnrm/x\n"
        );
    }

    #[test]
    fn after_a_release_only_its_version_is_replaced() {
        let file = "a: cnrm/x/v1.2.3\nb: cnrm/y/v0.9.0\nc: cnrm/z/v1x2y3\n";
        assert_eq!(
            run(file, Some("1.2.3")),
            "a: cnrm/x/v1.3.0\nb: cnrm/y/v0.9.0\nc: cnrm/z/v1.3.0\n"
        );
        // A `+` in the version repeats the character before it.
        assert_eq!(
            run("cnrm/x/v1.2.33b cnrm/x/v1.2.3+b\n", Some("1.2.3+b")),
            "cnrm/x/v1.3.0 cnrm/x/v1.2.3+b\n"
        );
    }
}
