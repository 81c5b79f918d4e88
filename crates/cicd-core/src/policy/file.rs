//! `.github/required-checks.toml`: the checks a branch requires, grouped by
//! the workflow that produces them, with optional app pins, outside
//! services' status contexts, and the checks allowed to fail or be skipped.
//!
//! ```toml
//! merge-queue = true                     # the workflows must also run on merge_group
//! required = ["Security / gitleaks"]     # "Workflow / check", or a bare check
//!
//! [workflows.CI]
//! checks = ["preflight", "lint-python"]
//! app = "github-actions"                 # or an app id (15368)
//!
//! [external]                             # commit statuses of outside services
//! checks = ["continuous-integration/jenkins"]
//!
//! [allow]
//! failure = ["nightly-compat"]           # may fail (re-actors/alls-green's allowed-failures)
//! skipped = ["deploy-preview"]           # may be skipped when `skipped-fails = true`
//! ```

use std::collections::BTreeMap;

use toml::Value;

use crate::similar::UnknownKey;
use crate::{Error, Result};

/// Who must have produced a check.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum App {
    /// By id (`15368` for GitHub Actions).
    Id(u64),
    /// By slug (`github-actions`).
    Slug(String),
}

impl App {
    /// Whether a check run's app (`id`, `slug`) is this one.
    pub fn matches(&self, id: Option<u64>, slug: Option<&str>) -> bool {
        match self {
            // GitHub Actions is known by both.
            Self::Id(wanted) => {
                id == Some(*wanted) || (*wanted == 15_368 && slug == Some("github-actions"))
            }
            Self::Slug(wanted) => {
                slug == Some(wanted.as_str()) || (wanted == "github-actions" && id == Some(15_368))
            }
        }
    }
}

impl std::fmt::Display for App {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Id(id) => write!(f, "app {id}"),
            Self::Slug(slug) => write!(f, "app `{slug}`"),
        }
    }
}

/// One required check.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Requirement {
    /// The name GitHub matches: a check run's `name` or a status's `context`.
    pub check: String,
    /// The workflow that must produce it (its `name:`), when known.
    pub workflow: Option<String>,
    /// The app that must produce it, when pinned.
    pub app: Option<App>,
    /// A commit status of an outside service, not a workflow's job.
    pub external: bool,
    /// May fail without failing the policy.
    pub allow_failure: bool,
    /// May be skipped when skipped checks fail (`skipped-fails`).
    pub allow_skipped: bool,
}

impl Requirement {
    /// `Workflow / check`, as the merge box shows it, or the bare check.
    pub fn display(&self) -> String {
        match &self.workflow {
            Some(workflow) => format!("{workflow} / {}", self.check),
            None => self.check.clone(),
        }
    }
}

/// A required-check policy.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Policy {
    /// The required checks, in the file's order.
    pub requirements: Vec<Requirement>,
    /// The branch is merged through a merge queue: producers must run on
    /// `merge_group`.
    pub merge_queue: bool,
    /// A skipped check fails unless allowed (re-actors/alls-green); GitHub
    /// itself counts a skipped check as passed.
    pub skipped_fails: bool,
}

const TOP: &[&str] = &[
    "merge-queue",
    "required",
    "skipped-fails",
    "workflows",
    "external",
    "allow",
];
const WORKFLOW: &[&str] = &["checks", "app", "allow-failure", "allow-skipped"];
const ALLOW: &[&str] = &["failure", "skipped"];

fn strings(origin: &str, key: &str, value: &Value) -> Result<Vec<String>> {
    let invalid = || Error::Config {
        origin: format!("{origin}: {key}"),
        what: "expected a list of strings".to_owned(),
    };
    value
        .as_array()
        .ok_or_else(invalid)?
        .iter()
        .map(|item| item.as_str().map(str::to_owned).ok_or_else(invalid))
        .collect()
}

fn app(origin: &str, key: &str, value: &Value) -> Result<App> {
    match value {
        Value::Integer(id) => u64::try_from(*id).map(App::Id).map_err(|_| Error::Config {
            origin: format!("{origin}: {key}"),
            what: format!("`{id}` is no app id"),
        }),
        Value::String(slug) if !slug.is_empty() => Ok(App::Slug(slug.clone())),
        _ => Err(Error::Config {
            origin: format!("{origin}: {key}"),
            what: "expected an app id (15368) or slug (\"github-actions\")".to_owned(),
        }),
    }
}

impl Policy {
    /// Read a policy file; `origin` names it in messages. Unknown keys come
    /// back as warnings with the closest known key.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] when the text is not TOML (with line and column) or a
    /// key holds the wrong kind of value.
    pub fn parse(text: &str, origin: &str) -> Result<(Self, Vec<UnknownKey>)> {
        let table: toml::Table = text.parse().map_err(|err: toml::de::Error| {
            let place = err
                .span()
                .map(|span| {
                    let before = &text[..span.start.min(text.len())];
                    let line = before.matches('\n').count() + 1;
                    let column =
                        before.len() - before.rfind('\n').map(|at| at + 1).unwrap_or(0) + 1;
                    format!(":{line}:{column}")
                })
                .unwrap_or_default();
            Error::Config {
                origin: format!("{origin}{place}"),
                what: format!("not valid TOML: {}", err.message()),
            }
        })?;
        let mut warnings = Vec::new();
        let mut policy = Self::default();
        for key in table.keys().filter(|key| !TOP.contains(&key.as_str())) {
            warnings.push(UnknownKey::new(
                origin,
                "key",
                key,
                key,
                TOP.iter().copied(),
            ));
        }
        let flag = |key: &str| -> Result<bool> {
            match table.get(key) {
                None => Ok(false),
                Some(Value::Boolean(value)) => Ok(*value),
                Some(_) => Err(Error::Config {
                    origin: format!("{origin}: {key}"),
                    what: "expected true or false".to_owned(),
                }),
            }
        };
        policy.merge_queue = flag("merge-queue")?;
        policy.skipped_fails = flag("skipped-fails")?;
        let mut allowed_failure = Vec::new();
        let mut allowed_skipped = Vec::new();
        if let Some(allow) = table.get("allow") {
            let allow = allow.as_table().ok_or_else(|| Error::Config {
                origin: format!("{origin}: allow"),
                what: "expected a table with `failure` and `skipped`".to_owned(),
            })?;
            for key in allow.keys().filter(|key| !ALLOW.contains(&key.as_str())) {
                warnings.push(UnknownKey::new(
                    origin,
                    "key",
                    &format!("allow.{key}"),
                    key,
                    ALLOW.iter().copied(),
                ));
            }
            if let Some(value) = allow.get("failure") {
                allowed_failure = strings(origin, "allow.failure", value)?;
            }
            if let Some(value) = allow.get("skipped") {
                allowed_skipped = strings(origin, "allow.skipped", value)?;
            }
        }
        if let Some(required) = table.get("required") {
            let items = required.as_array().ok_or_else(|| Error::Config {
                origin: format!("{origin}: required"),
                what: "expected a list of \"Workflow / check\" strings or { check, workflow, app } tables".to_owned(),
            })?;
            for (at, item) in items.iter().enumerate() {
                let key = format!("required[{at}]");
                let requirement = match item {
                    Value::String(text) => match text.split_once(" / ") {
                        Some((workflow, check)) => Requirement {
                            check: check.to_owned(),
                            workflow: Some(workflow.to_owned()),
                            ..blank()
                        },
                        None => Requirement {
                            check: text.clone(),
                            ..blank()
                        },
                    },
                    Value::Table(spec) => Requirement {
                        check: spec
                            .get("check")
                            .and_then(Value::as_str)
                            .map(str::to_owned)
                            .ok_or_else(|| Error::Config {
                                origin: format!("{origin}: {key}"),
                                what: "expected a `check` name".to_owned(),
                            })?,
                        workflow: spec
                            .get("workflow")
                            .and_then(Value::as_str)
                            .map(str::to_owned),
                        app: spec
                            .get("app")
                            .map(|value| app(origin, &key, value))
                            .transpose()?,
                        ..blank()
                    },
                    _ => {
                        return Err(Error::Config {
                            origin: format!("{origin}: {key}"),
                            what: "expected a \"Workflow / check\" string or a { check, workflow, app } table".to_owned(),
                        });
                    }
                };
                policy.requirements.push(requirement);
            }
        }
        if let Some(workflows) = table.get("workflows") {
            let workflows = workflows.as_table().ok_or_else(|| Error::Config {
                origin: format!("{origin}: workflows"),
                what: "expected tables `[workflows.<name>]`".to_owned(),
            })?;
            // In the file's order (a `toml::Table` sorts its keys).
            let order: Vec<String> = text
                .parse::<toml_edit::DocumentMut>()
                .ok()
                .and_then(|document| {
                    document
                        .get("workflows")
                        .and_then(toml_edit::Item::as_table_like)
                        .map(|table| table.iter().map(|(key, _)| key.to_owned()).collect())
                })
                .unwrap_or_else(|| workflows.keys().cloned().collect());
            for name in &order {
                let Some(spec) = workflows.get(name) else {
                    continue;
                };
                let spec = spec.as_table().ok_or_else(|| Error::Config {
                    origin: format!("{origin}: workflows.{name}"),
                    what: "expected a table with `checks`".to_owned(),
                })?;
                for key in spec.keys().filter(|key| !WORKFLOW.contains(&key.as_str())) {
                    warnings.push(UnknownKey::new(
                        origin,
                        "key",
                        &format!("workflows.{name}.{key}"),
                        key,
                        WORKFLOW.iter().copied(),
                    ));
                }
                let pinned = spec
                    .get("app")
                    .map(|value| app(origin, &format!("workflows.{name}.app"), value))
                    .transpose()?;
                let mut failing = Vec::new();
                let mut skipping = Vec::new();
                if let Some(value) = spec.get("allow-failure") {
                    failing = strings(origin, &format!("workflows.{name}.allow-failure"), value)?;
                }
                if let Some(value) = spec.get("allow-skipped") {
                    skipping = strings(origin, &format!("workflows.{name}.allow-skipped"), value)?;
                }
                let checks = match spec.get("checks") {
                    Some(value) => strings(origin, &format!("workflows.{name}.checks"), value)?,
                    None => Vec::new(),
                };
                for check in checks {
                    policy.requirements.push(Requirement {
                        allow_failure: failing.contains(&check),
                        allow_skipped: skipping.contains(&check),
                        check,
                        workflow: Some(name.clone()),
                        app: pinned.clone(),
                        ..blank()
                    });
                }
            }
        }
        if let Some(external) = table.get("external") {
            let checks = external
                .as_table()
                .and_then(|table| table.get("checks"))
                .ok_or_else(|| Error::Config {
                    origin: format!("{origin}: external"),
                    what: "expected a table with `checks`".to_owned(),
                })?;
            for check in strings(origin, "external.checks", checks)? {
                policy.requirements.push(Requirement {
                    check,
                    external: true,
                    ..blank()
                });
            }
        }
        for requirement in &mut policy.requirements {
            requirement.allow_failure |= allowed_failure.contains(&requirement.check);
            requirement.allow_skipped |= allowed_skipped.contains(&requirement.check);
        }
        Ok((policy, warnings))
    }

    /// The policy as TOML, in this module's format.
    pub fn to_toml(&self, header: &str) -> String {
        let mut out = String::new();
        for line in header.lines() {
            out.push_str(&format!("# {line}\n"));
        }
        out.push_str(&format!("merge-queue = {}\n", self.merge_queue));
        let mut by_workflow: BTreeMap<Option<&str>, Vec<&Requirement>> = BTreeMap::new();
        for requirement in &self.requirements {
            by_workflow
                .entry(requirement.workflow.as_deref())
                .or_default()
                .push(requirement);
        }
        let quote = |text: &str| Value::String(text.to_owned()).to_string();
        if let Some(bare) = by_workflow.remove(&None) {
            out.push_str("required = [\n");
            for requirement in bare {
                match &requirement.app {
                    Some(App::Id(id)) => out.push_str(&format!(
                        "  {{ check = {}, app = {id} }},\n",
                        quote(&requirement.check)
                    )),
                    Some(App::Slug(slug)) => out.push_str(&format!(
                        "  {{ check = {}, app = {} }},\n",
                        quote(&requirement.check),
                        quote(slug)
                    )),
                    None => out.push_str(&format!("  {},\n", quote(&requirement.check))),
                }
            }
            out.push_str("]\n");
        }
        for (workflow, requirements) in by_workflow {
            let Some(workflow) = workflow else { continue };
            out.push_str(&format!("\n[workflows.{}]\nchecks = [", quote(workflow)));
            let names: Vec<String> = requirements
                .iter()
                .map(|requirement| quote(&requirement.check))
                .collect();
            out.push_str(&names.join(", "));
            out.push_str("]\n");
        }
        out
    }
}

fn blank() -> Requirement {
    Requirement {
        check: String::new(),
        workflow: None,
        app: None,
        external: false,
        allow_failure: false,
        allow_skipped: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEED: &str = r#"
merge-queue = true
required = ["Security / gitleaks", { check = "codeql", app = 57789 }]

[workflows.CI]
checks = ["preflight", "lint-python", "unit-tests (3.12)"]
app = "github-actions"
allow-failure = ["lint-python"]

[workflows."dbt CI"]
checks = ["dbt compile & parse"]

[external]
checks = ["continuous-integration/jenkins"]

[allow]
skipped = ["preflight"]
"#;

    #[test]
    fn the_seed_policy_reads() {
        let (policy, warnings) = Policy::parse(SEED, "required-checks.toml").unwrap();
        assert!(warnings.is_empty());
        assert!(policy.merge_queue);
        let shown: Vec<String> = policy
            .requirements
            .iter()
            .map(Requirement::display)
            .collect();
        assert_eq!(
            shown,
            [
                "Security / gitleaks",
                "codeql",
                "CI / preflight",
                "CI / lint-python",
                "CI / unit-tests (3.12)",
                "dbt CI / dbt compile & parse",
                "continuous-integration/jenkins"
            ]
        );
        assert_eq!(policy.requirements[1].app, Some(App::Id(57789)));
        assert_eq!(
            policy.requirements[2].app,
            Some(App::Slug("github-actions".to_owned()))
        );
        assert!(policy.requirements[2].allow_skipped && policy.requirements[3].allow_failure);
        assert!(policy.requirements[6].external);
        assert!(App::Id(15368).matches(None, Some("github-actions")));
    }

    #[test]
    fn bad_files_say_where_and_unknown_keys_warn() {
        let err = Policy::parse("[workflows.CI]\nchecks = [\"a\"\n", "p.toml").unwrap_err();
        assert!(err.to_string().contains("p.toml:2:"), "{err}");
        let err = Policy::parse("required = [1]\n", "p.toml").unwrap_err();
        assert!(err.to_string().contains("required[0]"), "{err}");
        let (_, warnings) = Policy::parse(
            "merge_queue = true\n[workflows.CI]\nchecks = []\napps = 1\n",
            "p.toml",
        )
        .unwrap();
        let text: Vec<String> = warnings.iter().map(ToString::to_string).collect();
        assert_eq!(
            text,
            [
                "`p.toml`: unknown key `merge_queue`, ignored; did you mean `merge-queue`?",
                "`p.toml`: unknown key `workflows.CI.apps`, ignored; did you mean `app`?"
            ]
        );
    }

    #[test]
    fn policies_write_back_as_toml() {
        let (policy, _) = Policy::parse(SEED, "p.toml").unwrap();
        let text = policy.to_toml("Imported.");
        let (again, _) = Policy::parse(&text, "again.toml").unwrap();
        let names = |policy: &Policy| {
            policy
                .requirements
                .iter()
                .map(Requirement::display)
                .collect::<std::collections::BTreeSet<_>>()
        };
        let mut expected = names(&policy);
        expected.remove("continuous-integration/jenkins");
        expected.insert("continuous-integration/jenkins".to_owned());
        assert_eq!(names(&again), expected);
    }
}
