//! Required-check policies: which checks a branch requires
//! (`.github/required-checks.toml`), and a commit's verdict against them
//! with GitHub's own semantics.

mod evaluate;
mod file;

pub use evaluate::{
    CheckRun, Evaluation, Outcome, Reports, Status, Verdict, check_runs_from_json,
    check_runs_from_values, evaluate, policy_from_settings, statuses_from_json,
    statuses_from_values, workflows_from_json, workflows_from_values,
};
pub use file::{App, Policy, Requirement};
