//! A commit against the policy, with GitHub's semantics: a required name is
//! matched by check runs (`name`, exactly) and commit statuses (`context`,
//! ignoring case); the newest run of a name per workflow counts; `success`,
//! `neutral` and `skipped` pass, every other conclusion fails (an unknown one
//! too); a name that is both a check run and a status needs both; a check
//! from another app than the pinned one fails; a check that never reported
//! is pending, never passed.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;

use super::file::{Policy, Requirement};
use crate::{Error, Result};

/// A check run, as the Checks API gives it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CheckRun {
    /// Its id (newer runs have larger ids).
    pub id: u64,
    /// The name GitHub matches.
    pub name: String,
    /// `queued`, `in_progress`, `completed`…
    pub status: String,
    /// `success`, `failure`… once completed.
    pub conclusion: Option<String>,
    /// When it started or completed, RFC 3339, for ordering attempts.
    pub started_at: Option<String>,
    /// The app that created it.
    pub app_id: Option<u64>,
    /// Its slug.
    pub app_slug: Option<String>,
    /// Its check suite, to find the workflow run.
    pub check_suite: Option<u64>,
    /// Its page (`html_url`, else `details_url`).
    pub url: Option<String>,
}

/// A commit status.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Status {
    /// Its id (newer statuses have larger ids).
    pub id: u64,
    /// The name GitHub matches (without regard to case).
    pub context: String,
    /// `success`, `failure`, `error`, `pending`.
    pub state: String,
    /// When it was set.
    pub created_at: Option<String>,
    /// Where it links (`target_url`).
    pub url: Option<String>,
}

/// What GitHub reported for a commit; `workflows` maps check suites to the
/// workflow (`name`) that ran them, when known.
#[derive(Clone, Debug, Default)]
pub struct Reports {
    /// The check runs.
    pub check_runs: Vec<CheckRun>,
    /// The commit statuses.
    pub statuses: Vec<Status>,
    /// Check suite id → workflow name.
    pub workflows: BTreeMap<u64, String>,
}

/// The verdict on one required check, or on all.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// Reported and passing (or allowed to fail).
    Pass,
    /// Not reported yet, or still running.
    Pending,
    /// Reported and not passing.
    Fail,
}

/// One required check's verdict, with why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Outcome {
    /// The requirement, `Workflow / check`.
    pub check: String,
    /// Pass, pending or fail.
    pub verdict: Verdict,
    /// Why, in words: `success`, `failure (run 4004)`, `not reported`.
    pub reason: String,
    /// The link to what reported it, when one did.
    pub url: Option<String>,
}

/// The policy's verdict on a commit.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Evaluation {
    /// The worst of the checks' verdicts (pass when there are none).
    pub verdict: Verdict,
    /// Each required check's, in the policy's order.
    pub checks: Vec<Outcome>,
}

/// A check run's or status's verdict, and its words.
fn judge_run(run: &CheckRun, skipped_fails: bool, allow_skipped: bool) -> (Verdict, String) {
    if run.status != "completed" {
        return (Verdict::Pending, run.status.replace('_', " "));
    }
    match run.conclusion.as_deref() {
        Some("success" | "neutral") => (Verdict::Pass, run.conclusion.clone().unwrap_or_default()),
        Some("skipped") if skipped_fails && !allow_skipped => (
            Verdict::Fail,
            "skipped (skipped checks fail in this policy)".to_owned(),
        ),
        Some("skipped") => (Verdict::Pass, "skipped".to_owned()),
        Some(
            conclusion @ ("failure" | "cancelled" | "timed_out" | "action_required" | "stale"
            | "startup_failure"),
        ) => (Verdict::Fail, conclusion.replace('_', " ")),
        Some(other) => (
            Verdict::Fail,
            format!("unknown conclusion `{other}`, not a pass"),
        ),
        None => (Verdict::Fail, "completed without a conclusion".to_owned()),
    }
}

fn judge_status(status: &Status) -> (Verdict, String) {
    match status.state.as_str() {
        "success" => (Verdict::Pass, "success".to_owned()),
        "pending" => (Verdict::Pending, "pending".to_owned()),
        "failure" | "error" => (Verdict::Fail, status.state.clone()),
        other => (
            Verdict::Fail,
            format!("unknown state `{other}`, not a pass"),
        ),
    }
}

/// Newest first: the later start, then the larger id.
fn newer(a: &CheckRun, b: &CheckRun) -> bool {
    (a.started_at.as_deref(), a.id) > (b.started_at.as_deref(), b.id)
}

/// Judge `reports` against `policy`.
pub fn evaluate(policy: &Policy, reports: &Reports) -> Evaluation {
    let checks: Vec<Outcome> = policy
        .requirements
        .iter()
        .map(|requirement| judge(policy, requirement, reports))
        .collect();
    let verdict = checks
        .iter()
        .map(|outcome| outcome.verdict)
        .max()
        .unwrap_or(Verdict::Pass);
    Evaluation { verdict, checks }
}

fn judge(policy: &Policy, requirement: &Requirement, reports: &Reports) -> Outcome {
    let mut parts: Vec<(Verdict, String, Option<String>)> = Vec::new();
    // Check runs of that name: the newest per workflow (per check suite's
    // workflow when known, else all runs of the name as one).
    let runs: Vec<&CheckRun> = reports
        .check_runs
        .iter()
        .filter(|run| run.name == requirement.check)
        .collect();
    let workflow_of = |run: &CheckRun| {
        run.check_suite
            .and_then(|suite| reports.workflows.get(&suite))
    };
    let mut wrong_app = Vec::new();
    let mut newest: BTreeMap<Option<&String>, &CheckRun> = BTreeMap::new();
    for run in runs {
        if let Some(app) = &requirement.app {
            if !app.matches(run.app_id, run.app_slug.as_deref()) {
                wrong_app.push(run);
                continue;
            }
        }
        let workflow = workflow_of(run);
        if let (Some(wanted), Some(actual)) = (&requirement.workflow, workflow) {
            if wanted != actual {
                continue;
            }
        }
        match newest.get(&workflow) {
            Some(known) if !newer(run, known) => {}
            _ => {
                newest.insert(workflow, run);
            }
        }
    }
    for (workflow, run) in &newest {
        let (verdict, reason) = judge_run(run, policy.skipped_fails, requirement.allow_skipped);
        let producer = match (workflow, newest.len() > 1) {
            (Some(workflow), true) => format!(" in {workflow}"),
            _ => String::new(),
        };
        parts.push((
            verdict,
            format!("{reason} (check run {}{producer})", run.id),
            run.url.clone(),
        ));
    }
    if newest.is_empty() {
        if let (Some(app), Some(run)) = (&requirement.app, wrong_app.first()) {
            let by = run
                .app_slug
                .clone()
                .or_else(|| run.app_id.map(|id| id.to_string()))
                .unwrap_or_else(|| "an unknown app".to_owned());
            parts.push((
                Verdict::Fail,
                format!("set by {by}, not the expected {app}"),
                run.url.clone(),
            ));
        }
    }
    // The newest status of the context, without regard to case.
    let status = reports
        .statuses
        .iter()
        .filter(|status| status.context.eq_ignore_ascii_case(&requirement.check))
        .max_by(|a, b| (a.created_at.as_deref(), a.id).cmp(&(b.created_at.as_deref(), b.id)));
    if let Some(status) = status {
        let (verdict, reason) = judge_status(status);
        parts.push((verdict, format!("{reason} (status)"), status.url.clone()));
    }
    // The worst part decides, and its link is the one to follow.
    let (mut verdict, mut reason, url) = match parts.iter().max_by_key(|(verdict, _, _)| *verdict) {
        Some((verdict, _, url)) => (
            *verdict,
            parts
                .iter()
                .map(|(_, reason, _)| reason.clone())
                .collect::<Vec<_>>()
                .join("; "),
            url.clone(),
        ),
        None => (
            Verdict::Pending,
            "expected: waiting for it to be reported".to_owned(),
            None,
        ),
    };
    if verdict == Verdict::Fail && requirement.allow_failure {
        verdict = Verdict::Pass;
        reason = format!("{reason}; allowed to fail");
    }
    Outcome {
        check: requirement.display(),
        verdict,
        reason,
        url,
    }
}

/// Every JSON value in `text`, one after the other (`gh api --paginate`
/// prints pages back to back).
fn values(text: &str, origin: &str) -> Result<Vec<Value>> {
    let mut out = Vec::new();
    for value in serde_json::Deserializer::from_str(text).into_iter::<Value>() {
        out.push(value.map_err(|err| Error::Config {
            origin: format!("{origin}:{}:{}", err.line(), err.column()),
            what: format!("not valid JSON: {err}"),
        })?);
    }
    Ok(out)
}

/// The items of pages of `key` (`check_runs`, `workflow_runs`), of arrays,
/// or single objects.
fn items(values: Vec<Value>, key: &str) -> Vec<Value> {
    let mut out = Vec::new();
    for value in values {
        match value {
            Value::Array(array) => {
                for item in array {
                    match item.get(key).and_then(Value::as_array) {
                        // `gh api --slurp`: an array of pages.
                        Some(inner) => out.extend(inner.iter().cloned()),
                        None => out.push(item),
                    }
                }
            }
            Value::Object(_) => match value.get(key).and_then(Value::as_array) {
                Some(inner) => out.extend(inner.iter().cloned()),
                None => out.push(value),
            },
            _ => {}
        }
    }
    out
}

fn text(value: &Value, key: &str) -> Option<String> {
    value.get(key).and_then(Value::as_str).map(str::to_owned)
}

/// Check runs from the text of `GET …/check-runs` (a page object, an array,
/// or concatenated pages).
///
/// # Errors
///
/// [`Error::Config`] when the text is not JSON, or an item has no `name`.
pub fn check_runs_from_json(text_in: &str, origin: &str) -> Result<Vec<CheckRun>> {
    check_runs_from_values(values(text_in, origin)?, origin)
}

/// As [`check_runs_from_json`], from pages already parsed.
///
/// # Errors
///
/// [`Error::Config`] when an item has no `name`.
pub fn check_runs_from_values(pages: Vec<Value>, origin: &str) -> Result<Vec<CheckRun>> {
    items(pages, "check_runs")
        .iter()
        .enumerate()
        .map(|(at, run)| {
            Ok(CheckRun {
                id: run.get("id").and_then(Value::as_u64).unwrap_or_default(),
                name: text(run, "name").ok_or_else(|| Error::Config {
                    origin: format!("{origin}: check run {at}"),
                    what: "no `name`: is this a check-runs response?".to_owned(),
                })?,
                status: text(run, "status").unwrap_or_else(|| "completed".to_owned()),
                conclusion: text(run, "conclusion"),
                started_at: text(run, "completed_at").or_else(|| text(run, "started_at")),
                app_id: run.pointer("/app/id").and_then(Value::as_u64),
                app_slug: run
                    .pointer("/app/slug")
                    .and_then(Value::as_str)
                    .map(str::to_owned),
                check_suite: run.pointer("/check_suite/id").and_then(Value::as_u64),
                url: text(run, "html_url").or_else(|| text(run, "details_url")),
            })
        })
        .collect()
}

/// Commit statuses from `GET …/status` (combined) or `…/statuses` (array).
///
/// # Errors
///
/// [`Error::Config`] when the text is not JSON, or an item has no `context`.
pub fn statuses_from_json(text_in: &str, origin: &str) -> Result<Vec<Status>> {
    statuses_from_values(values(text_in, origin)?, origin)
}

/// As [`statuses_from_json`], from pages already parsed.
///
/// # Errors
///
/// [`Error::Config`] when an item has no `context`.
pub fn statuses_from_values(pages: Vec<Value>, origin: &str) -> Result<Vec<Status>> {
    items(pages, "statuses")
        .iter()
        .enumerate()
        .map(|(at, status)| {
            Ok(Status {
                id: status.get("id").and_then(Value::as_u64).unwrap_or_default(),
                context: text(status, "context").ok_or_else(|| Error::Config {
                    origin: format!("{origin}: status {at}"),
                    what: "no `context`: is this a statuses response?".to_owned(),
                })?,
                state: text(status, "state").unwrap_or_default(),
                created_at: text(status, "updated_at").or_else(|| text(status, "created_at")),
                url: text(status, "target_url"),
            })
        })
        .collect()
}

/// Check suite → workflow name, from `GET …/actions/runs`.
///
/// # Errors
///
/// [`Error::Config`] when the text is not JSON.
pub fn workflows_from_json(text_in: &str, origin: &str) -> Result<BTreeMap<u64, String>> {
    Ok(workflows_from_values(values(text_in, origin)?))
}

/// As [`workflows_from_json`], from pages already parsed.
pub fn workflows_from_values(pages: Vec<Value>) -> BTreeMap<u64, String> {
    items(pages, "workflow_runs")
        .iter()
        .filter_map(|run| Some((run.get("check_suite_id")?.as_u64()?, text(run, "name")?)))
        .collect()
}

/// A policy from GitHub's settings: the rules of a branch (`GET
/// /repos/{o}/{r}/rules/branches/{b}`: every `required_status_checks` rule,
/// and `merge_queue`) or its protection (`…/protection` or
/// `…/protection/required_status_checks`). Checks keep their app pins; which
/// workflow produces each is not in the settings.
///
/// # Errors
///
/// [`Error::Config`] when the text is not JSON or holds no required checks.
pub fn policy_from_settings(text_in: &str, origin: &str) -> Result<Policy> {
    use super::file::App;
    let mut policy = Policy::default();
    let mut seen = std::collections::BTreeSet::new();
    let mut add = |policy: &mut Policy, context: &str, app: Option<u64>| {
        if seen.insert(context.to_owned()) {
            policy.requirements.push(Requirement {
                check: context.to_owned(),
                workflow: None,
                app: app.map(App::Id),
                external: false,
                allow_failure: false,
                allow_skipped: false,
            });
        }
    };
    let mut found = false;
    for value in values(text_in, origin)? {
        let rules: Vec<Value> = match value {
            Value::Array(rules) => rules,
            other => vec![other],
        };
        for rule in rules {
            match rule.get("type").and_then(Value::as_str) {
                Some("required_status_checks") => {
                    found = true;
                    for check in rule
                        .pointer("/parameters/required_status_checks")
                        .and_then(Value::as_array)
                        .into_iter()
                        .flatten()
                    {
                        if let Some(context) = check.get("context").and_then(Value::as_str) {
                            add(
                                &mut policy,
                                context,
                                check.get("integration_id").and_then(Value::as_u64),
                            );
                        }
                    }
                }
                Some("merge_queue") => policy.merge_queue = true,
                Some(_) => {}
                None => {
                    // Branch protection: the whole object or its
                    // `required_status_checks` part.
                    let checks = rule.get("required_status_checks").unwrap_or(&rule);
                    if let Some(list) = checks.get("checks").and_then(Value::as_array) {
                        found = true;
                        for check in list {
                            if let Some(context) = check.get("context").and_then(Value::as_str) {
                                add(
                                    &mut policy,
                                    context,
                                    check.get("app_id").and_then(Value::as_u64),
                                );
                            }
                        }
                    }
                    if let Some(list) = checks.get("contexts").and_then(Value::as_array) {
                        found = true;
                        for context in list.iter().filter_map(Value::as_str) {
                            add(&mut policy, context, None);
                        }
                    }
                }
            }
        }
    }
    if !found {
        return Err(Error::Config {
            origin: origin.to_owned(),
            what: "no required status checks: expected the rules of a branch or its protection"
                .to_owned(),
        });
    }
    Ok(policy)
}

#[cfg(test)]
mod tests;
