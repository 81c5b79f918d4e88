//! The policy against the workflows that must produce its checks: every
//! required check some workflow can report, for pull requests (and merge
//! queues when the policy says so), without filters that leave it Expected,
//! failing rather than being skipped when a needed job fails, and from one
//! workflow only.

use serde::Serialize;

use super::file::Policy;
use super::workflows::{Produced, Workflow};

/// How bad a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth a look; the policy can still work.
    Warning,
    /// The policy cannot be met as it stands.
    Error,
}

/// One finding, where it is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// Error or warning.
    pub severity: Severity,
    /// The file at fault (the policy's, or a workflow's).
    pub file: String,
    /// The line, when known.
    pub line: Option<usize>,
    /// The required check it is about (`Workflow / check`), when one.
    pub check: Option<String>,
    /// What is wrong and what to do.
    pub message: String,
}

/// A workflow file to lint: its path and text.
#[derive(Clone, Debug)]
pub struct WorkflowFile {
    /// `.github/workflows/ci.yml`.
    pub path: String,
    /// Its YAML.
    pub text: String,
}

/// Lint `policy` (read from `policy_path`) against `files`. A file that is
/// not a workflow is a finding of its own; the others are still read.
pub fn lint(policy: &Policy, policy_path: &str, files: &[WorkflowFile]) -> Vec<Finding> {
    let mut findings = Vec::new();
    let mut workflows = Vec::new();
    for file in files {
        match Workflow::parse(&file.path, &file.text) {
            Ok(workflow) => workflows.push(workflow),
            Err((line, what)) => findings.push(Finding {
                severity: Severity::Error,
                file: file.path.clone(),
                line: Some(line),
                check: None,
                message: format!("not a workflow cicd can read: {what}"),
            }),
        }
    }
    // Each reusable workflow parsed once, however often it is called.
    let parsed: std::cell::RefCell<std::collections::HashMap<String, Option<Workflow>>> =
        std::cell::RefCell::default();
    let load = |path: &str| -> Option<Workflow> {
        let path = path.split('@').next().unwrap_or(path);
        if let Some(known) = parsed.borrow().get(path) {
            return known.clone();
        }
        let workflow = files
            .iter()
            .find(|file| {
                file.path == path
                    || file.path.ends_with(&format!("/{path}"))
                    || path.ends_with(&file.path)
            })
            .and_then(|file| Workflow::parse(&file.path, &file.text).ok());
        parsed
            .borrow_mut()
            .insert(path.to_owned(), workflow.clone());
        workflow
    };
    for workflow in &workflows {
        for (job, line, count) in workflow.oversized_matrices() {
            findings.push(Finding {
                severity: Severity::Error,
                file: workflow.path.clone(),
                line: Some(line),
                check: None,
                message: format!(
                    "job `{job}`: its matrix makes {count} combinations or more; GitHub runs at most {} jobs per matrix and fails the workflow: split the matrix or exclude combinations",
                    super::workflows::MAX_MATRIX_JOBS
                ),
            });
        }
    }
    // Reusable workflows (only `workflow_call`) report through their callers.
    let producing: Vec<(&Workflow, Vec<Produced>)> = workflows
        .iter()
        .filter(|workflow| !(workflow.on.len() == 1 && workflow.on.contains_key("workflow_call")))
        .map(|workflow| (workflow, workflow.produces(&load)))
        .collect();
    // The required checks each workflow produces, for its trigger findings.
    let mut required_from: Vec<(&Workflow, Vec<String>)> = Vec::new();
    for requirement in &policy.requirements {
        if requirement.external {
            continue;
        }
        let shown = requirement.display();
        let candidates: Vec<(&Workflow, &Produced)> = producing
            .iter()
            .filter(|(workflow, _)| {
                requirement
                    .workflow
                    .as_ref()
                    .is_none_or(|name| *name == workflow.name)
            })
            .flat_map(|(workflow, produced)| {
                produced.iter().map(move |produced| (*workflow, produced))
            })
            .collect();
        let exact: Vec<&(&Workflow, &Produced)> = candidates
            .iter()
            .filter(|(_, produced)| produced.name == requirement.check)
            .collect();
        if exact.is_empty() {
            let dynamic: Vec<&(&Workflow, &Produced)> = candidates
                .iter()
                .filter(|(_, produced)| produced.dynamic)
                .collect();
            if let Some((workflow, produced)) = dynamic.first() {
                findings.push(Finding {
                    severity: Severity::Warning,
                    file: workflow.path.clone(),
                    line: Some(produced.line),
                    check: Some(shown.clone()),
                    message: format!(
                        "`{shown}` is produced by no job by name; job `{}` has a name GitHub fills at run time (`{}`), so it cannot be proved here",
                        produced.job, produced.name
                    ),
                });
                continue;
            }
            let names: Vec<&str> = producing
                .iter()
                .flat_map(|(_, produced)| produced.iter().map(|produced| produced.name.as_str()))
                .collect();
            let hint = hint(&requirement.check, &names)
                .map(|closest| format!("; did you mean `{closest}`?"))
                .unwrap_or_default();
            let scope = match &requirement.workflow {
                Some(workflow) if !workflows.iter().any(|known| known.name == *workflow) => {
                    format!("no workflow is named `{workflow}`")
                }
                Some(workflow) => format!("no job of `{workflow}` produces it"),
                None => "no job of any workflow produces it".to_owned(),
            };
            findings.push(Finding {
                severity: Severity::Error,
                file: policy_path.to_owned(),
                line: None,
                check: Some(shown.clone()),
                message: format!("`{shown}` would stay Expected forever: {scope}{hint}"),
            });
            continue;
        }
        let producers: std::collections::BTreeSet<&str> = exact
            .iter()
            .map(|(workflow, _)| workflow.path.as_str())
            .collect();
        if producers.len() > 1 {
            let (workflow, produced) = exact[1];
            findings.push(Finding {
                severity: Severity::Warning,
                file: workflow.path.clone(),
                line: Some(produced.line),
                check: Some(shown.clone()),
                message: format!(
                    "`{}` is produced by {} workflows ({}): GitHub requires whichever reports; name the workflow in the policy and give the jobs distinct names",
                    requirement.check,
                    producers.len(),
                    producers.iter().copied().collect::<Vec<_>>().join(", ")
                ),
            });
        }
        for (workflow, produced) in exact {
            match required_from
                .iter_mut()
                .find(|(known, _)| known.path == workflow.path)
            {
                Some((_, checks)) => checks.push(shown.clone()),
                None => required_from.push((workflow, vec![shown.clone()])),
            }
            if produced.skips_on_failure {
                findings.push(Finding {
                    severity: Severity::Warning,
                    file: workflow.path.clone(),
                    line: Some(produced.line),
                    check: Some(shown.clone()),
                    message: format!(
                        "job `{}` has `needs` but no `always()` in its `if`: when a needed job fails it is skipped, and a skipped required check passes; add `if: always()` and check the needed results",
                        produced.job
                    ),
                });
            }
        }
    }
    for (workflow, checks) in required_from {
        let listed = checks
            .iter()
            .map(|check| format!("`{check}`"))
            .collect::<Vec<_>>()
            .join(", ");
        let check = (checks.len() == 1).then(|| checks[0].clone());
        if !workflow.on_pull_requests() {
            findings.push(Finding {
                severity: Severity::Error,
                file: workflow.path.clone(),
                line: Some(workflow.on_line),
                check: check.clone(),
                message: format!(
                    "`{}` does not run on `pull_request`: the required {listed} would stay Expected on pull requests",
                    workflow.name
                ),
            });
        }
        if policy.merge_queue && !workflow.on_merge_group() {
            findings.push(Finding {
                severity: Severity::Error,
                file: workflow.path.clone(),
                line: Some(workflow.on_line),
                check: check.clone(),
                message: format!(
                    "`{}` does not run on `merge_group`: the merge queue would wait for the required {listed} until it times out",
                    workflow.name
                ),
            });
        }
        for (filter, line) in workflow.pull_request_filters() {
            findings.push(Finding {
                severity: Severity::Warning,
                file: workflow.path.clone(),
                line: Some(line),
                check: check.clone(),
                message: format!(
                    "`{}` has `on.{filter}`: a pull request it skips leaves the required {listed} Expected; filter inside the job instead",
                    workflow.name
                ),
            });
        }
    }
    findings
}

/// The produced name a required one most likely means: its matrix
/// variants (`unit-tests (3.12)`), its place in a reusable workflow
/// (`scan / gitleaks`), else the closest by spelling.
fn hint<'a>(check: &str, names: &[&'a str]) -> Option<&'a str> {
    let matrix = format!("{check} (");
    let reused = format!(" / {check}");
    names
        .iter()
        .copied()
        .find(|name| name.starts_with(&matrix) || name.ends_with(&reused))
        .or_else(|| crate::similar::closest(check, names.iter().copied()))
}

#[cfg(test)]
mod tests;
