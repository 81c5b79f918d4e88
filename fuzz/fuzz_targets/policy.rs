//! Any text as a policy, a workflow or check runs: read or refused with a
//! message, never a panic; a workflow that reads is linted.
#![no_main]

use cicd_core::policy::{self, Policy, Workflow};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((choice, bytes)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(bytes);
    match choice % 3 {
        0 => {
            let _ = Policy::parse(&text, "required-checks.toml");
        }
        1 => {
            if let Ok(workflow) = Workflow::parse(".github/workflows/ci.yml", &text) {
                // A reusable workflow calling itself must not loop forever.
                let same = workflow.clone();
                let _ = workflow.produces(&|_| Some(same.clone()));
                let _ = workflow.pull_request_filters();
            }
        }
        _ => {
            let _ = policy::check_runs_from_json(&text, "check-runs.json");
        }
    }
});
