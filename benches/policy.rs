//! Required-check policies: judging 1,000 check runs, and linting 50
//! workflows.

use std::hint::black_box;

use cicd_core::policy::{self, Policy, Reports, WorkflowFile};
use criterion::{Criterion, criterion_group, criterion_main};

/// 1,000 check runs over 100 names (10 attempts each), and a policy that
/// requires 50 of the names.
fn reports() -> (Policy, Reports) {
    let mut runs = Vec::new();
    for attempt in 0..10 {
        for name in 0..100 {
            runs.push(serde_json::json!({
                "id": attempt * 1000 + name, "name": format!("check-{name}"),
                "status": "completed",
                "conclusion": if attempt == 9 { "success" } else { "failure" },
                "started_at": format!("2026-05-04T01:{attempt:02}:00Z"),
                "check_suite": {"id": 501}, "app": {"id": 15368, "slug": "github-actions"},
            }));
        }
    }
    let text = serde_json::json!({"total_count": runs.len(), "check_runs": runs}).to_string();
    let check_runs = policy::check_runs_from_json(&text, "runs").expect("runs");
    let required: Vec<String> = (0..50).map(|name| format!("\"check-{name}\"")).collect();
    let (policy, _) = Policy::parse(
        &format!(
            "[workflows.CI]\nchecks = [{}]\napp = \"github-actions\"\n",
            required.join(", ")
        ),
        "policy",
    )
    .expect("policy");
    (
        policy,
        Reports {
            check_runs,
            ..Reports::default()
        },
    )
}

/// 50 workflows of 4 jobs (one matrix of 6), and a policy requiring one job
/// of each.
fn workflows() -> (Policy, Vec<WorkflowFile>) {
    let files: Vec<WorkflowFile> = (0..50)
        .map(|index| WorkflowFile {
            path: format!(".github/workflows/w{index}.yml"),
            text: format!(
                "name: W{index}\non:\n  pull_request:\n  merge_group:\njobs:\n  lint:\n    runs-on: ubuntu-latest\n    steps: [{{run: 'true'}}]\n  test:\n    strategy:\n      matrix:\n        python: ['3.11', '3.12', '3.13']\n        os: [ubuntu-latest, macos-latest]\n    runs-on: ${{{{ matrix.os }}}}\n    steps: [{{run: pytest}}]\n  build:\n    needs: [lint, test]\n    if: ${{{{ always() }}}}\n    runs-on: ubuntu-latest\n    steps: [{{run: make}}]\n  docs:\n    name: Docs\n    runs-on: ubuntu-latest\n    steps: [{{run: make docs}}]\n"
            ),
        })
        .collect();
    let groups: Vec<String> = (0..50)
        .map(|index| {
            format!("[workflows.W{index}]\nchecks = [\"build\", \"test (3.12, macos-latest)\"]\n")
        })
        .collect();
    let (policy, _) = Policy::parse(
        &format!("merge-queue = true\n{}", groups.join("\n")),
        "policy",
    )
    .expect("policy");
    (policy, files)
}

fn bench(c: &mut Criterion) {
    let (policy, reports) = reports();
    c.bench_function("policy/evaluate 1,000 check runs", |b| {
        b.iter(|| policy::evaluate(black_box(&policy), black_box(&reports)));
    });
    let (policy, files) = workflows();
    assert!(policy::lint(&policy, "policy", &files).is_empty());
    c.bench_function("policy/lint 50 workflows", |b| {
        b.iter(|| policy::lint(black_box(&policy), "policy", black_box(&files)));
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
