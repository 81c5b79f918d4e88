//! commitlint's cases (`lower-case`, `sentence-case`, …) and how a text is
//! checked against one.

use std::fmt;
use std::str::FromStr;

/// A letter case commitlint knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Case {
    /// `lower-case`.
    Lower,
    /// `upper-case`.
    Upper,
    /// `camel-case`: `fooBar`.
    Camel,
    /// `kebab-case`: `foo-bar`.
    Kebab,
    /// `pascal-case`: `FooBar`.
    Pascal,
    /// `sentence-case`: first letter upper case.
    Sentence,
    /// `snake-case`: `foo_bar`.
    Snake,
    /// `start-case`: `Foo Bar`.
    Start,
}

impl FromStr for Case {
    type Err = String;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        Ok(match name {
            "lower-case" | "lowercase" | "lowerCase" => Self::Lower,
            "upper-case" | "uppercase" => Self::Upper,
            "camel-case" => Self::Camel,
            "kebab-case" => Self::Kebab,
            "pascal-case" => Self::Pascal,
            "sentence-case" | "sentencecase" => Self::Sentence,
            "snake-case" => Self::Snake,
            "start-case" => Self::Start,
            other => {
                return Err(format!(
                    "unknown case `{other}`; expected one of lower-case, upper-case, camel-case, \
                     kebab-case, pascal-case, sentence-case, snake-case, start-case"
                ));
            }
        })
    }
}

impl fmt::Display for Case {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Lower => "lower-case",
            Self::Upper => "upper-case",
            Self::Camel => "camel-case",
            Self::Kebab => "kebab-case",
            Self::Pascal => "pascal-case",
            Self::Sentence => "sentence-case",
            Self::Snake => "snake-case",
            Self::Start => "start-case",
        })
    }
}

impl Case {
    /// Whether `text` is in this case, as commitlint decides: quoted parts
    /// (`` `Eslint` ``, `"X"`, `'y'`) are left out, and a text that is empty or
    /// starts with a digit once converted is in every case.
    pub fn matches(self, text: &str) -> bool {
        let input = without_quoted(text);
        let input = input.trim();
        let converted = self.convert(input);
        converted.is_empty()
            || converted.starts_with(|c: char| c.is_ascii_digit())
            || converted == input
    }

    fn convert(self, input: &str) -> String {
        match self {
            Self::Lower => input.to_lowercase(),
            Self::Upper => input.to_uppercase(),
            Self::Sentence => upper_first(input),
            Self::Camel => {
                let mut out = String::new();
                for (index, word) in words(input).iter().enumerate() {
                    let lower = word.to_lowercase();
                    out.push_str(&if index == 0 {
                        lower
                    } else {
                        upper_first(&lower)
                    });
                }
                out
            }
            Self::Pascal => words(input)
                .iter()
                .map(|word| upper_first(&word.to_lowercase()))
                .collect(),
            Self::Kebab => join_lower(input, "-"),
            Self::Snake => join_lower(input, "_"),
            Self::Start => words(input)
                .iter()
                .map(|word| upper_first(word))
                .collect::<Vec<_>>()
                .join(" "),
        }
    }
}

fn join_lower(input: &str, separator: &str) -> String {
    words(input)
        .iter()
        .map(|word| word.to_lowercase())
        .collect::<Vec<_>>()
        .join(separator)
}

fn upper_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Remove `` `…` ``, `"…"` and `'…'` spans (non-greedy, as commitlint does).
fn without_quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(['`', '"', '\'']) {
        let quote = rest[start..].chars().next().unwrap_or('"');
        let after = &rest[start + 1..];
        // `.*?` needs at least one character before the closing quote.
        let close = after
            .char_indices()
            .skip(1)
            .find(|(_, c)| *c == quote)
            .map(|(at, _)| at);
        match close {
            Some(close) => {
                out.push_str(&rest[..start]);
                rest = &after[close + 1..];
            }
            None => {
                out.push_str(&rest[..start + 1]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Split into words the way lodash does: on anything not a letter or digit,
/// between a lower-case letter and an upper-case one, before the last capital
/// of a run followed by a lower-case letter, and between letters and digits.
fn words(input: &str) -> Vec<String> {
    let chars: Vec<char> = input.chars().collect();
    let mut words = Vec::new();
    let mut current = String::new();
    for (index, &c) in chars.iter().enumerate() {
        if !c.is_alphanumeric() {
            if !current.is_empty() {
                words.push(std::mem::take(&mut current));
            }
            continue;
        }
        if let Some(&previous) = index.checked_sub(1).and_then(|at| chars.get(at)) {
            let next = chars.get(index + 1).copied();
            let boundary = (previous.is_lowercase() && c.is_uppercase())
                || (previous.is_uppercase()
                    && c.is_uppercase()
                    && next.is_some_and(char::is_lowercase))
                || (previous.is_alphabetic() && c.is_numeric())
                || (previous.is_numeric() && c.is_alphabetic());
            if boundary && !current.is_empty() {
                words.push(std::mem::take(&mut current));
            }
        }
        current.push(c);
    }
    if !current.is_empty() {
        words.push(current);
    }
    words
}

#[cfg(test)]
mod tests {
    use super::Case;

    #[test]
    fn cases_decide_as_commitlint_does() {
        let table = [
            (Case::Lower, "add a thing", true),
            (Case::Lower, "add a Thing", false),
            (Case::Upper, "ADD", true),
            (Case::Sentence, "Add a thing", true),
            (Case::Sentence, "add a thing", false),
            (Case::Start, "Add A Thing", true),
            (Case::Start, "Add a thing", false),
            (Case::Pascal, "AddThing", true),
            (Case::Pascal, "Add thing", false),
            (Case::Camel, "addThing", true),
            (Case::Kebab, "add-thing", true),
            (Case::Snake, "add_thing", true),
            (Case::Snake, "add-thing", false),
            // Quoted names are left out; digits and empty texts pass.
            (Case::Lower, "rename `Eslint` config", true),
            (Case::Upper, "2fa support", true),
            (Case::Upper, "`X`", true),
        ];
        for (case, text, expected) in table {
            assert_eq!(case.matches(text), expected, "{case} {text:?}");
        }
    }
}
