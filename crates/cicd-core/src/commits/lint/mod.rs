//! Lint commit messages with commitlint's rules
//! (`@commitlint/config-conventional` by default).
//!
//! Rules carry commitlint's names, configuration shape (`[level, "always" |
//! "never", value]`) and messages, so a `.commitlintrc.json` ports as it is
//! ([`Config::from_commitlint_json`]), and a `[lint]` table in `cicd.toml`
//! says the same in TOML ([`Config::apply_cicd_toml`]). Rules read the message
//! as [`super::parse`] does: a header that is not conventional fails
//! `type-empty` and `subject-empty` with the reason, so everything Release
//! Please would drop is caught.
//!
//! ```
//! use cicd_core::commits::lint::{Config, Level, lint};
//!
//! let report = lint("Feat: Add thing.", &Config::default());
//! let rules: Vec<_> = report.violations.iter().map(|v| v.rule.as_str()).collect();
//! assert_eq!(rules, ["type-case", "type-enum", "subject-case", "subject-full-stop"]);
//! assert!(report.violations.iter().all(|v| v.level == Level::Error));
//! ```

mod case;
mod config;
mod parts;
mod rules;

use std::collections::BTreeMap;
use std::fmt;

use serde::Serialize;

pub use case::Case;
pub use config::{Ignore, UnknownKey};
pub use rules::RULES;

use super::Commit;
use parts::Parts;

/// How much a rule matters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// `0`: not checked.
    Off,
    /// `1`: reported, does not fail.
    Warning,
    /// `2`: fails the lint.
    Error,
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Off => "off",
            Self::Warning => "warning",
            Self::Error => "error",
        })
    }
}

/// Whether the condition must hold (`always`) or must not (`never`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum When {
    /// The condition must hold.
    Always,
    /// The condition must not hold.
    Never,
}

/// A rule's value: a length, a text, a case, or a list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Value {
    /// No value.
    None,
    /// A length.
    Number(usize),
    /// A text: a full stop, a trailer, a case name.
    Text(String),
    /// A list: allowed types or scopes, cases.
    List(Vec<String>),
}

/// One configured rule.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Rule {
    /// How much it matters.
    pub level: Level,
    /// `always` or `never`.
    pub when: When,
    /// Its value.
    pub value: Value,
}

/// What to lint and how.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Config {
    /// Rules by commitlint name.
    pub rules: BTreeMap<String, Rule>,
    /// Messages that are not linted at all (commitlint's default ignores).
    pub ignore: Vec<Ignore>,
}

/// One broken rule.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Violation {
    /// The rule's name (`type-enum`).
    pub rule: String,
    /// `error` or `warning`.
    pub level: Level,
    /// What is wrong, in commitlint's words, with our reason where we know more.
    pub message: String,
    /// The line of the message it concerns, from 1.
    pub line: usize,
    /// The column (in characters), from 1.
    pub column: usize,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{} {} {} [{}]",
            self.line, self.column, self.level, self.message, self.rule
        )
    }
}

/// The verdict on one message.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Report {
    /// Why the message was not linted, when it was ignored.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ignored: Option<Ignore>,
    /// The broken rules, in the order of the message (then by rule name).
    pub violations: Vec<Violation>,
}

impl Report {
    /// Whether any violation is an error.
    pub fn failed(&self) -> bool {
        self.violations
            .iter()
            .any(|violation| violation.level == Level::Error)
    }
}

/// Lint one message.
pub fn lint(message: &str, config: &Config) -> Report {
    lint_commit(&super::parse("", message), message, config)
}

/// Lint a message already parsed into `commit` (parsing once serves both
/// `cicd commits` and lint).
pub fn lint_commit(commit: &Commit, message: &str, config: &Config) -> Report {
    if let Some(ignore) = config
        .ignore
        .iter()
        .copied()
        .find(|ignore| ignore.matches(commit, message))
    {
        return Report {
            ignored: Some(ignore),
            violations: Vec::new(),
        };
    }
    let parts = Parts::new(commit, message);
    let mut violations: Vec<Violation> = config
        .rules
        .iter()
        .filter(|(_, rule)| rule.level != Level::Off)
        .filter_map(|(name, rule)| rules::check(name, rule, &parts))
        .collect();
    violations.sort_by_key(|violation| (violation.line, violation.column));
    Report {
        ignored: None,
        violations,
    }
}

#[cfg(test)]
mod tests;
