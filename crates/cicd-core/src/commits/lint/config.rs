//! Lint configuration: commitlint's `config-conventional` by default, a
//! `.commitlintrc.json`, or a `[lint]` table in `cicd.toml`.

use std::collections::BTreeMap;
use std::fmt;

use serde::Serialize;
use serde_json::Value as Json;

use super::rules::{ValueKind, kind_of};
use super::{Config, Level, RULES, Rule, Value, When};
use crate::commits::Commit;
pub use crate::similar::UnknownKey;
use crate::{Error, Result};

/// Messages not linted at all; commitlint ignores all four by default.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Ignore {
    /// Merge commits (git's and the forges' wordings).
    Merges,
    /// Git's `Revert "…"` and `Reapply "…"` messages (a `revert:` commit is linted).
    Reverts,
    /// `fixup!`, `squash!` and `amend!` commits.
    Autosquash,
    /// A bare version such as `1.2.3` or `v1.2.3` (npm's release commits).
    Versions,
}

impl Ignore {
    const ALL: [Self; 4] = [
        Self::Merges,
        Self::Reverts,
        Self::Autosquash,
        Self::Versions,
    ];

    fn name(self) -> &'static str {
        match self {
            Self::Merges => "merges",
            Self::Reverts => "reverts",
            Self::Autosquash => "autosquash",
            Self::Versions => "versions",
        }
    }

    /// Whether `commit` (parsed from `message`) is of this kind.
    pub fn matches(self, commit: &Commit, message: &str) -> bool {
        match self {
            Self::Merges => commit.merge.is_some(),
            Self::Reverts => {
                (commit.revert.is_some() && commit.conventional.is_none())
                    || commit.summary.starts_with("Reapply \"")
            }
            Self::Autosquash => commit.autosquash.is_some(),
            Self::Versions => {
                let line = message.trim();
                let version = line.strip_prefix('v').unwrap_or(line);
                !line.contains('\n') && semver::Version::parse(version).is_ok()
            }
        }
    }
}

impl fmt::Display for Ignore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

const CONVENTIONAL_TYPES: [&str; 11] = [
    "build", "chore", "ci", "docs", "feat", "fix", "perf", "refactor", "revert", "style", "test",
];

impl Default for Config {
    /// commitlint's `@commitlint/config-conventional`.
    fn default() -> Self {
        let rule = |level, when, value| Rule { level, when, value };
        let list =
            |items: &[&str]| Value::List(items.iter().map(|item| (*item).to_owned()).collect());
        let rules = [
            (
                "body-leading-blank",
                rule(Level::Warning, When::Always, Value::None),
            ),
            (
                "body-max-line-length",
                rule(Level::Error, When::Always, Value::Number(100)),
            ),
            (
                "footer-leading-blank",
                rule(Level::Warning, When::Always, Value::None),
            ),
            (
                "footer-max-line-length",
                rule(Level::Error, When::Always, Value::Number(100)),
            ),
            (
                "header-max-length",
                rule(Level::Error, When::Always, Value::Number(100)),
            ),
            ("header-trim", rule(Level::Error, When::Always, Value::None)),
            (
                "subject-case",
                rule(
                    Level::Error,
                    When::Never,
                    list(&["sentence-case", "start-case", "pascal-case", "upper-case"]),
                ),
            ),
            (
                "subject-empty",
                rule(Level::Error, When::Never, Value::None),
            ),
            (
                "subject-full-stop",
                rule(Level::Error, When::Never, Value::Text(".".to_owned())),
            ),
            (
                "type-case",
                rule(
                    Level::Error,
                    When::Always,
                    Value::Text("lower-case".to_owned()),
                ),
            ),
            ("type-empty", rule(Level::Error, When::Never, Value::None)),
            (
                "type-enum",
                rule(Level::Error, When::Always, list(&CONVENTIONAL_TYPES)),
            ),
        ];
        Self {
            rules: rules
                .into_iter()
                .map(|(name, rule)| (name.to_owned(), rule))
                .collect(),
            ignore: Ignore::ALL.to_vec(),
        }
    }
}

impl Config {
    /// No rules, no ignores: the base for a configuration that extends nothing.
    pub fn empty() -> Self {
        Self {
            rules: BTreeMap::new(),
            ignore: Vec::new(),
        }
    }

    /// Read a `.commitlintrc.json`: `extends` (config-conventional or
    /// nothing), `rules` (`[level, "always" | "never", value]`) and
    /// `defaultIgnores`. `origin` names the file in errors.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] when the text is not JSON or a rule is malformed.
    pub fn from_commitlint_json(text: &str, origin: &str) -> Result<(Self, Vec<UnknownKey>)> {
        let json: Json = serde_json::from_str(text)
            .map_err(|err| config_error(origin, format!("not JSON: {err}")))?;
        let Json::Object(object) = json else {
            return Err(config_error(origin, "expected a JSON object".to_owned()));
        };
        let extends_conventional = match object.get("extends") {
            Some(Json::String(name)) => is_conventional(name),
            Some(Json::Array(names)) => names.iter().filter_map(Json::as_str).any(is_conventional),
            _ => false,
        };
        let mut config = if extends_conventional {
            Self::default()
        } else {
            Self::empty()
        };
        if let Some(ignores) = object.get("defaultIgnores") {
            match ignores {
                Json::Bool(true) => config.ignore = Ignore::ALL.to_vec(),
                Json::Bool(false) => config.ignore.clear(),
                _ => {
                    return Err(config_error(
                        origin,
                        "`defaultIgnores`: expected true or false".to_owned(),
                    ));
                }
            }
        } else {
            config.ignore = Ignore::ALL.to_vec();
        }
        let unknown = match object.get("rules") {
            Some(rules) => config.apply_rules(rules, origin, "rules")?,
            None => Vec::new(),
        };
        Ok((config, unknown))
    }

    /// Apply the `[lint]` table of a `cicd.toml` over this configuration:
    /// `extends = "conventional" | "none"`, `ignore = [...]` (of `merges`,
    /// `reverts`, `autosquash`, `versions`) and `[lint.rules]`, where a rule is
    /// commitlint's array (`[2, "always", 72]`), a level alone (`"off"`,
    /// `"warning"`, `"error"` or 0–2) or a table `{ level, when, value }`.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] when the text is not TOML or a key is malformed.
    pub fn apply_cicd_toml(&mut self, text: &str, origin: &str) -> Result<Vec<UnknownKey>> {
        let table: toml::Table = text
            .parse()
            .map_err(|err| config_error(origin, format!("not TOML: {err}")))?;
        let Some(lint) = table.get("lint") else {
            return Ok(Vec::new());
        };
        let lint =
            serde_json::to_value(lint).map_err(|err| config_error(origin, err.to_string()))?;
        let Json::Object(lint) = lint else {
            return Err(config_error(origin, "`lint`: expected a table".to_owned()));
        };
        let mut unknown = Vec::new();
        for (key, value) in &lint {
            match key.as_str() {
                "extends" => match value.as_str() {
                    Some("conventional") => {
                        *self = Self {
                            ignore: self.ignore.clone(),
                            ..Self::default()
                        }
                    }
                    Some("none") => self.rules.clear(),
                    _ => {
                        return Err(config_error(
                            origin,
                            "`lint.extends`: expected \"conventional\" or \"none\"".to_owned(),
                        ));
                    }
                },
                "ignore" => self.ignore = ignores(value, origin)?,
                "rules" => unknown.extend(self.apply_rules(value, origin, "lint.rules")?),
                other => {
                    return Err(config_error(
                        origin,
                        format!(
                            "unknown key `lint.{other}`; expected `extends`, `ignore` or `rules`"
                        ),
                    ));
                }
            }
        }
        Ok(unknown)
    }

    fn apply_rules(&mut self, rules: &Json, origin: &str, path: &str) -> Result<Vec<UnknownKey>> {
        let Json::Object(rules) = rules else {
            return Err(config_error(
                origin,
                format!("`{path}`: expected a table of rules"),
            ));
        };
        let mut unknown = Vec::new();
        for (name, value) in rules {
            let Some(kind) = kind_of(name) else {
                unknown.push(UnknownKey::new(
                    origin,
                    "lint rule",
                    name,
                    name,
                    RULES.iter().map(|(rule, _)| *rule),
                ));
                continue;
            };
            let rule = rule(value, kind)
                .map_err(|what| config_error(origin, format!("`{path}.{name}`: {what}")))?;
            self.rules.insert(name.clone(), rule);
        }
        Ok(unknown)
    }
}

fn is_conventional(name: &str) -> bool {
    name == "@commitlint/config-conventional" || name == "conventional"
}

fn config_error(origin: &str, what: String) -> Error {
    Error::Config {
        origin: origin.to_owned(),
        what,
    }
}

fn ignores(value: &Json, origin: &str) -> Result<Vec<Ignore>> {
    let expected = "expected a list of \"merges\", \"reverts\", \"autosquash\", \"versions\"";
    let Json::Array(items) = value else {
        return Err(config_error(origin, format!("`lint.ignore`: {expected}")));
    };
    items
        .iter()
        .map(|item| {
            Ignore::ALL
                .into_iter()
                .find(|ignore| item.as_str() == Some(ignore.name()))
                .ok_or_else(|| config_error(origin, format!("`lint.ignore`: `{item}`: {expected}")))
        })
        .collect()
}

/// One rule in any of the accepted shapes.
fn rule(value: &Json, kind: ValueKind) -> std::result::Result<Rule, String> {
    let (level, when, rule_value) = match value {
        Json::Array(items) => (items.first(), items.get(1), items.get(2)),
        Json::Object(table) => {
            if let Some(key) = table
                .keys()
                .find(|key| !["level", "when", "value"].contains(&key.as_str()))
            {
                return Err(format!(
                    "unknown key `{key}`; expected `level`, `when` and `value`"
                ));
            }
            (table.get("level"), table.get("when"), table.get("value"))
        }
        level => (Some(level), None, None),
    };
    let level = match level {
        Some(Json::Number(number)) => match number.as_u64() {
            Some(0) => Level::Off,
            Some(1) => Level::Warning,
            Some(2) => Level::Error,
            _ => return Err(format!("level `{number}`: expected 0, 1 or 2")),
        },
        Some(Json::String(name)) => match name.as_str() {
            "off" => Level::Off,
            "warning" | "warn" => Level::Warning,
            "error" => Level::Error,
            _ => {
                return Err(format!(
                    "level `{name}`: expected \"off\", \"warning\" or \"error\""
                ));
            }
        },
        _ => return Err("expected `[level, \"always\" | \"never\", value]`".to_owned()),
    };
    let when = match when.map(|when| when.as_str()) {
        None | Some(Some("always")) => When::Always,
        Some(Some("never")) => When::Never,
        Some(_) => return Err("expected \"always\" or \"never\" as the second item".to_owned()),
    };
    let value = rule_value_of(rule_value, kind, level)?;
    Ok(Rule { level, when, value })
}

fn rule_value_of(
    value: Option<&Json>,
    kind: ValueKind,
    level: Level,
) -> std::result::Result<Value, String> {
    let strings = |items: &Vec<Json>| -> std::result::Result<Vec<String>, String> {
        items
            .iter()
            .map(|item| {
                item.as_str()
                    .map(str::to_owned)
                    .ok_or_else(|| format!("`{item}` is not a text"))
            })
            .collect()
    };
    match (kind, value) {
        (ValueKind::None, _) => Ok(Value::None),
        (ValueKind::Number, Some(Json::Number(number))) => number
            .as_u64()
            .and_then(|number| usize::try_from(number).ok())
            .map(Value::Number)
            .ok_or_else(|| format!("`{number}`: expected a whole number")),
        (ValueKind::Text, Some(Json::String(text))) => Ok(Value::Text(text.clone())),
        (ValueKind::Text, None) => Ok(Value::None),
        (ValueKind::List, Some(Json::Array(items))) => strings(items).map(Value::List),
        (ValueKind::Cases, Some(Json::String(name))) => {
            name.parse::<super::Case>()?;
            Ok(Value::List(vec![name.clone()]))
        }
        (ValueKind::Cases, Some(Json::Array(items))) => {
            let names = strings(items)?;
            for name in &names {
                name.parse::<super::Case>()?;
            }
            Ok(Value::List(names))
        }
        (_, None) if level == Level::Off => Ok(Value::None),
        (kind, found) => {
            let expected = match kind {
                ValueKind::Number => "a length",
                ValueKind::Text => "a text",
                ValueKind::List => "a list of names",
                _ => "a case name or a list of them",
            };
            let found = found
                .map(ToString::to_string)
                .unwrap_or_else(|| "nothing".to_owned());
            Err(format!(
                "expected {expected} as the third item, found {found}"
            ))
        }
    }
}
