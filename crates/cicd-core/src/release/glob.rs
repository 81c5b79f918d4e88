//! Path globs as `minimatch` reads them (Release Please's `extra-files`
//! with `glob: true`; Cargo's `[workspace] members`): `*` and `?` within a
//! path segment, `[a-z]` / `[!a-z]` classes, `**` as a whole segment for any
//! number of folders, `{a,b}` alternatives (nested too). A segment starting
//! with `.` is matched only by a pattern segment that starts with `.`
//! itself, so `*` and `**` pass over hidden files and folders.

/// A compiled glob.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Glob {
    /// One list of segments per `{…}` alternative.
    alternatives: Vec<Vec<Segment>>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Segment {
    /// `**`: any number of segments, none hidden.
    Any,
    /// A segment pattern.
    Pattern(Vec<Token>),
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Token {
    Star,
    Question,
    Class {
        negated: bool,
        ranges: Vec<(char, char)>,
    },
    Literal(char),
}

impl Glob {
    /// Compile `pattern` (`/`-separated; a leading `./` is dropped).
    pub fn new(pattern: &str) -> Self {
        let pattern = pattern.trim_start_matches("./");
        let alternatives = expand_braces(pattern)
            .iter()
            .map(|expanded| {
                expanded
                    .split('/')
                    .filter(|segment| !segment.is_empty() && *segment != ".")
                    .map(|segment| match segment {
                        "**" => Segment::Any,
                        segment => Segment::Pattern(tokens(segment)),
                    })
                    .collect()
            })
            .collect();
        Self { alternatives }
    }

    /// Whether `path` (`/`-separated, relative) matches.
    pub fn matches(&self, path: &str) -> bool {
        let names: Vec<&str> = path
            .split('/')
            .filter(|name| !name.is_empty() && *name != ".")
            .collect();
        self.alternatives
            .iter()
            .any(|segments| match_segments(segments, &names))
    }
}

/// Whether the file or folder `name` matches one glob segment (`*-sys`).
pub fn segment_matches(pattern: &str, name: &str) -> bool {
    Glob::new(pattern).matches(name) && !name.contains('/')
}

fn match_segments(segments: &[Segment], names: &[&str]) -> bool {
    match segments.split_first() {
        None => names.is_empty(),
        Some((Segment::Any, rest)) => {
            // Zero segments, or one more (not hidden) and `**` again.
            match_segments(rest, names)
                || names.split_first().is_some_and(|(name, tail)| {
                    !name.starts_with('.') && match_segments(segments, tail)
                })
        }
        Some((Segment::Pattern(tokens), rest)) => {
            names.split_first().is_some_and(|(name, tail)| {
                let hidden_ok =
                    !name.starts_with('.') || matches!(tokens.first(), Some(Token::Literal('.')));
                hidden_ok && match_tokens(tokens, name) && match_segments(rest, tail)
            })
        }
    }
}

/// Wildcard matching with backtracking to the last `*`.
fn match_tokens(tokens: &[Token], name: &str) -> bool {
    let chars: Vec<char> = name.chars().collect();
    let (mut t, mut c) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while c < chars.len() {
        match tokens.get(t) {
            Some(Token::Star) => {
                star = Some((t, c));
                t += 1;
                continue;
            }
            Some(token) if token_matches(token, chars[c]) => {
                t += 1;
                c += 1;
                continue;
            }
            _ => {}
        }
        match star {
            Some((star_at, matched)) => {
                t = star_at + 1;
                c = matched + 1;
                star = Some((star_at, matched + 1));
            }
            None => return false,
        }
    }
    tokens[t.min(tokens.len())..]
        .iter()
        .all(|token| *token == Token::Star)
}

fn token_matches(token: &Token, c: char) -> bool {
    match token {
        Token::Star => true,
        Token::Question => true,
        Token::Literal(literal) => *literal == c,
        Token::Class { negated, ranges } => {
            ranges.iter().any(|(low, high)| (*low..=*high).contains(&c)) != *negated
        }
    }
}

fn tokens(segment: &str) -> Vec<Token> {
    let chars: Vec<char> = segment.chars().collect();
    let mut out = Vec::new();
    let mut at = 0;
    while at < chars.len() {
        match chars[at] {
            '*' => {
                if out.last() != Some(&Token::Star) {
                    out.push(Token::Star);
                }
            }
            '?' => out.push(Token::Question),
            '\\' if at + 1 < chars.len() => {
                at += 1;
                out.push(Token::Literal(chars[at]));
            }
            '[' => match class(&chars[at..]) {
                Some((token, length)) => {
                    out.push(token);
                    at += length;
                    continue;
                }
                None => out.push(Token::Literal('[')),
            },
            c => out.push(Token::Literal(c)),
        }
        at += 1;
    }
    out
}

/// A `[…]` class at the start of `chars`, and how many characters it takes.
fn class(chars: &[char]) -> Option<(Token, usize)> {
    let mut at = 1;
    let negated = matches!(chars.get(at), Some('!' | '^'));
    if negated {
        at += 1;
    }
    let mut ranges = Vec::new();
    let mut first = true;
    while let Some(&c) = chars.get(at) {
        if c == ']' && !first {
            return Some((Token::Class { negated, ranges }, at + 1));
        }
        first = false;
        match (chars.get(at + 1), chars.get(at + 2)) {
            (Some('-'), Some(&high)) if high != ']' => {
                ranges.push((c, high));
                at += 3;
            }
            _ => {
                ranges.push((c, c));
                at += 1;
            }
        }
    }
    None
}

/// `a{b,c{d,e}}f` → `abf`, `acdf`, `acef`; a brace without a comma, or
/// unclosed, stays as written.
fn expand_braces(pattern: &str) -> Vec<String> {
    let chars: Vec<char> = pattern.chars().collect();
    let Some(open) = chars.iter().position(|c| *c == '{') else {
        return vec![pattern.to_owned()];
    };
    let mut depth = 0;
    let mut commas = Vec::new();
    let mut close = None;
    for (at, c) in chars.iter().enumerate().skip(open) {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    close = Some(at);
                    break;
                }
            }
            ',' if depth == 1 => commas.push(at),
            _ => {}
        }
    }
    let prefix: String = chars[..open].iter().collect();
    let Some(close) = close.filter(|_| !commas.is_empty()) else {
        // Not an alternative: keep the brace, expand what follows it.
        let rest: String = chars[open + 1..].iter().collect();
        return expand_braces(&rest)
            .into_iter()
            .map(|tail| format!("{prefix}{{{tail}"))
            .collect();
    };
    let suffix: String = chars[close + 1..].iter().collect();
    let mut bounds = vec![open];
    bounds.extend(&commas);
    bounds.push(close);
    let mut out = Vec::new();
    for window in bounds.windows(2) {
        let choice: String = chars[window[0] + 1..window[1]].iter().collect();
        for expanded in expand_braces(&format!("{prefix}{choice}{suffix}")) {
            if !out.contains(&expanded) {
                out.push(expanded);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{Glob, segment_matches};

    proptest::proptest! {
        /// Any pattern against any path: an answer, never a panic.
        #[test]
        fn any_glob_answers(pattern in "\\PC{0,24}", path in "\\PC{0,24}") {
            let _ = Glob::new(&pattern).matches(&path);
        }

        /// A path with no glob characters matches itself, and `**` matches
        /// it unless a segment is hidden.
        #[test]
        fn plain_paths_match_themselves(path in "[a-z0-9._-]{1,8}(/[a-z0-9._-]{1,8}){0,3}") {
            proptest::prop_assert!(Glob::new(&path).matches(&path));
            let hidden = path
                .split('/')
                .any(|segment| segment.starts_with('.') && segment != ".");
            proptest::prop_assert_eq!(Glob::new("**").matches(&path), !hidden);
        }
    }

    #[test]
    fn globs_match_as_minimatch_does() {
        let cases: &[(&str, &str, bool)] = &[
            ("*.json", "a.json", true),
            ("*.json", "dir/a.json", false),
            ("**/*.json", "a.json", true),
            ("**/*.json", "dir/sub/a.json", true),
            ("**/*.json", ".hidden/a.json", false),
            ("**/*.json", "dir/.a.json", false),
            (".github/**/*.yml", ".github/workflows/ci.yml", true),
            ("charts/*/Chart.yaml", "charts/api/Chart.yaml", true),
            ("charts/*/Chart.yaml", "charts/api/sub/Chart.yaml", false),
            ("src/{a,b}.txt", "src/b.txt", true),
            ("src/{a,b{c,d}}.txt", "src/bd.txt", true),
            ("src/{a}.txt", "src/{a}.txt", true),
            ("v?.txt", "v1.txt", true),
            ("v?.txt", "v10.txt", false),
            ("[a-c]*.md", "beta.md", true),
            ("[!a-c]*.md", "beta.md", false),
            ("docs/**", "docs/a/b.md", true),
            ("./pkg/*.toml", "pkg/a.toml", true),
            ("a*b*c", "axxbyyc", true),
            ("a*b*c", "axxbyy", false),
        ];
        for (pattern, path, expected) in cases {
            assert_eq!(
                Glob::new(pattern).matches(path),
                *expected,
                "{pattern} {path}"
            );
        }
        assert!(segment_matches("acme-*", "acme-core"));
        assert!(!segment_matches("acme-*", "core"));
        assert!(segment_matches("c?re", "core"));
        assert!(!segment_matches("", "x"));
    }
}
