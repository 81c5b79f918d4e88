//! Why a header is not conventional, said precisely.

use std::fmt;

use serde::Serialize;

/// Why a header is not conventional.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Invalid {
    /// Nothing but whitespace.
    Empty,
    /// The header starts with whitespace.
    LeadingWhitespace,
    /// No `:` on the header line.
    MissingColon,
    /// Nothing before the `:`.
    MissingType,
    /// The text before the `:` has whitespace in it, so it is no type.
    TypeWithWhitespace {
        /// What stood before the `:`.
        prefix: String,
    },
    /// `feat : x`.
    SpaceBeforeColon,
    /// `feat!(scope): x`: the `!` must come right before the `:`.
    BangBeforeScope,
    /// `feat(): x`.
    EmptyScope,
    /// A `(` with no `)` before the `:`.
    UnclosedScope,
    /// Text between the scope's `)` and the `:` (`feat(a)(b): x`).
    TextAfterScope {
        /// The text found.
        text: String,
    },
    /// Nothing after `type:`.
    MissingDescription,
    /// Any other departure from the grammar, as `git-conventional` reports it.
    Other {
        /// The parser's message.
        message: String,
    },
}

impl Invalid {
    /// A stable kebab-case name for the reason, used in JSON.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Empty => "empty",
            Self::LeadingWhitespace => "leading-whitespace",
            Self::MissingColon => "missing-colon",
            Self::MissingType => "missing-type",
            Self::TypeWithWhitespace { .. } => "type-with-whitespace",
            Self::SpaceBeforeColon => "space-before-colon",
            Self::BangBeforeScope => "bang-before-scope",
            Self::EmptyScope => "empty-scope",
            Self::UnclosedScope => "unclosed-scope",
            Self::TextAfterScope { .. } => "text-after-scope",
            Self::MissingDescription => "missing-description",
            Self::Other { .. } => "other",
        }
    }
}

impl fmt::Display for Invalid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const SHAPE: &str = "expected `type(scope)!: description`";
        match self {
            Self::Empty => write!(f, "the message is empty; {SHAPE}"),
            Self::LeadingWhitespace => write!(f, "the header starts with whitespace; {SHAPE}"),
            Self::MissingColon => write!(f, "no `:` after a type; {SHAPE}"),
            Self::MissingType => write!(f, "no type before `:`; {SHAPE}"),
            Self::TypeWithWhitespace { prefix } => write!(
                f,
                "`{prefix}` is not a type: a type is one word before `:`; {SHAPE}"
            ),
            Self::SpaceBeforeColon => write!(f, "space before `:`; {SHAPE}"),
            Self::BangBeforeScope => write!(f, "`!` must come right before `:`; {SHAPE}"),
            Self::EmptyScope => write!(f, "empty scope `()`; drop it or name a scope"),
            Self::UnclosedScope => write!(f, "the scope has no closing `)`; {SHAPE}"),
            Self::TextAfterScope { text } => {
                write!(f, "unexpected `{text}` between the scope and `:`; {SHAPE}")
            }
            Self::MissingDescription => write!(f, "no description after `:`; {SHAPE}"),
            Self::Other { message } => write!(f, "{message}"),
        }
    }
}

impl Serialize for Invalid {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Repr<'a> {
            reason: &'a str,
            message: String,
        }
        Repr {
            reason: self.code(),
            message: self.to_string(),
        }
        .serialize(serializer)
    }
}

/// Say precisely why a header is not conventional.
pub(super) fn classify(header: &str, err: &git_conventional::Error) -> Invalid {
    if header.trim().is_empty() {
        return Invalid::Empty;
    }
    if header.starts_with(char::is_whitespace) {
        return Invalid::LeadingWhitespace;
    }
    let Some((prefix, description)) = header.split_once(':') else {
        let unclosed = header
            .split_once('(')
            .is_some_and(|(kind, rest)| !kind.contains(char::is_whitespace) && !rest.contains(')'));
        return if unclosed {
            Invalid::UnclosedScope
        } else {
            Invalid::MissingColon
        };
    };
    if prefix.is_empty() {
        return Invalid::MissingType;
    }
    if prefix.ends_with(char::is_whitespace) && !prefix.trim().contains(char::is_whitespace) {
        return Invalid::SpaceBeforeColon;
    }
    let kind = prefix.split('(').next().unwrap_or_default();
    if kind.contains(char::is_whitespace) {
        return Invalid::TypeWithWhitespace {
            prefix: prefix.to_owned(),
        };
    }
    if kind.is_empty() {
        return Invalid::MissingType;
    }
    if let Some(after) = prefix
        .strip_prefix(kind)
        .and_then(|rest| rest.strip_prefix('('))
    {
        if kind.ends_with('!') {
            return Invalid::BangBeforeScope;
        }
        let Some((scope, tail)) = after.split_once(')') else {
            return Invalid::UnclosedScope;
        };
        if scope.is_empty() {
            return Invalid::EmptyScope;
        }
        if !tail.is_empty() && tail != "!" {
            return Invalid::TextAfterScope {
                text: tail.to_owned(),
            };
        }
    }
    if description.trim().is_empty() {
        return Invalid::MissingDescription;
    }
    Invalid::Other {
        message: err.to_string(),
    }
}
