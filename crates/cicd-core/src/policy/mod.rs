//! Required-check policies: which checks a branch requires
//! (`.github/required-checks.toml`), a commit's verdict against them with
//! GitHub's own semantics, and proof from the workflows that every required
//! check can be produced.

mod evaluate;
mod file;
mod lint;
mod workflows;

pub use evaluate::{
    CheckRun, Evaluation, Outcome, Reports, Status, Verdict, check_runs_from_json,
    check_runs_from_values, evaluate, policy_from_settings, statuses_from_json,
    statuses_from_values, workflows_from_json, workflows_from_values,
};
pub use file::{App, Policy, Requirement};
pub use lint::{Finding, Severity, WorkflowFile, lint};
pub use workflows::{Produced, Workflow};
