//! One case per rule of GitHub's semantics, on payloads shaped like the API's.

use super::*;

fn policy(text: &str) -> Policy {
    Policy::parse(text, "policy.toml")
        .expect("the policy reads")
        .0
}

fn run(id: u64, name: &str, status: &str, conclusion: Option<&str>, started: &str) -> Value {
    serde_json::json!({
        "id": id, "name": name, "head_sha": "ce587453ced02b1526dfb4cb910479d431683101",
        "status": status, "conclusion": conclusion, "started_at": started,
        "completed_at": if status == "completed" { Some(started) } else { None },
        "check_suite": {"id": 501}, "app": {"id": 15368, "slug": "github-actions", "name": "GitHub Actions"},
    })
}

fn reports(runs: &[Value], statuses: &[Value]) -> Reports {
    let page = serde_json::json!({"total_count": runs.len(), "check_runs": runs}).to_string();
    let combined = serde_json::json!({"state": "pending", "statuses": statuses}).to_string();
    Reports {
        check_runs: check_runs_from_json(&page, "check-runs.json").unwrap(),
        statuses: statuses_from_json(&combined, "status.json").unwrap(),
        workflows: BTreeMap::new(),
    }
}

fn verdicts(evaluation: &Evaluation) -> Vec<(String, Verdict)> {
    evaluation
        .checks
        .iter()
        .map(|outcome| (outcome.check.clone(), outcome.verdict))
        .collect()
}

#[test]
fn success_neutral_and_skipped_pass() {
    let policy = policy("required = [\"a\", \"b\", \"c\"]\n");
    let evaluation = evaluate(
        &policy,
        &reports(
            &[
                run(1, "a", "completed", Some("success"), "2026-05-04T01:00:00Z"),
                run(2, "b", "completed", Some("neutral"), "2026-05-04T01:00:00Z"),
                run(3, "c", "completed", Some("skipped"), "2026-05-04T01:00:00Z"),
            ],
            &[],
        ),
    );
    assert_eq!(evaluation.verdict, Verdict::Pass);
}

#[test]
fn every_other_conclusion_fails_an_unknown_one_too() {
    for conclusion in [
        "failure",
        "cancelled",
        "timed_out",
        "action_required",
        "stale",
        "brand_new",
    ] {
        let evaluation = evaluate(
            &policy("required = [\"a\"]\n"),
            &reports(
                &[run(
                    1,
                    "a",
                    "completed",
                    Some(conclusion),
                    "2026-05-04T01:00:00Z",
                )],
                &[],
            ),
        );
        assert_eq!(evaluation.verdict, Verdict::Fail, "{conclusion}");
    }
    let unknown = evaluate(
        &policy("required = [\"a\"]\n"),
        &reports(
            &[run(
                1,
                "a",
                "completed",
                Some("brand_new"),
                "2026-05-04T01:00:00Z",
            )],
            &[],
        ),
    );
    assert_eq!(
        unknown.checks[0].reason,
        "unknown conclusion `brand_new`, not a pass (check run 1)"
    );
}

#[test]
fn missing_and_running_checks_are_pending_never_passed() {
    let evaluation = evaluate(
        &policy("required = [\"a\", \"b\"]\n"),
        &reports(
            &[run(1, "a", "in_progress", None, "2026-05-04T01:00:00Z")],
            &[],
        ),
    );
    assert_eq!(
        verdicts(&evaluation),
        [
            ("a".to_owned(), Verdict::Pending),
            ("b".to_owned(), Verdict::Pending)
        ]
    );
    assert_eq!(
        evaluation.checks[1].reason,
        "expected: waiting for it to be reported"
    );
    assert_eq!(evaluation.verdict, Verdict::Pending);
}

#[test]
fn the_newest_attempt_wins() {
    let retried = [
        run(1, "a", "completed", Some("failure"), "2026-05-04T01:00:00Z"),
        run(2, "a", "completed", Some("success"), "2026-05-04T01:10:00Z"),
    ];
    assert_eq!(
        evaluate(&policy("required = [\"a\"]\n"), &reports(&retried, &[])).verdict,
        Verdict::Pass
    );
    let regressed = [
        run(3, "a", "completed", Some("failure"), "2026-05-04T01:20:00Z"),
        run(2, "a", "completed", Some("success"), "2026-05-04T01:10:00Z"),
    ];
    assert_eq!(
        evaluate(&policy("required = [\"a\"]\n"), &reports(&regressed, &[])).verdict,
        Verdict::Fail
    );
}

#[test]
fn a_name_that_is_a_check_run_and_a_status_needs_both() {
    let statuses = [
        serde_json::json!({"id": 9, "context": "A", "state": "failure", "created_at": "2026-05-04T01:19:13Z"}),
    ];
    let evaluation = evaluate(
        &policy("required = [\"a\"]\n"),
        &reports(
            &[run(
                1,
                "a",
                "completed",
                Some("success"),
                "2026-05-04T01:00:00Z",
            )],
            &statuses,
        ),
    );
    assert_eq!(
        evaluation.verdict,
        Verdict::Fail,
        "statuses match without regard to case"
    );
    assert_eq!(
        evaluation.checks[0].reason,
        "success (check run 1); failure (status)"
    );
    let only_status = evaluate(
        &policy("[external]\nchecks = [\"ci/jenkins\"]\n"),
        &reports(
            &[],
            &[serde_json::json!({"id": 1, "context": "ci/jenkins", "state": "success"})],
        ),
    );
    assert_eq!(only_status.verdict, Verdict::Pass);
}

#[test]
fn a_check_from_the_wrong_app_fails_with_that_reason() {
    let mut impostor = run(1, "a", "completed", Some("success"), "2026-05-04T01:00:00Z");
    impostor["app"] = serde_json::json!({"id": 99, "slug": "some-bot"});
    let evaluation = evaluate(
        &policy("[workflows.CI]\nchecks = [\"a\"]\napp = \"github-actions\"\n"),
        &reports(&[impostor.clone()], &[]),
    );
    assert_eq!(evaluation.verdict, Verdict::Fail);
    assert_eq!(
        evaluation.checks[0].reason,
        "set by some-bot, not the expected app `github-actions`"
    );
    // The right app's run counts; the impostor's is ignored.
    let genuine = run(2, "a", "completed", Some("success"), "2026-05-04T00:00:00Z");
    let evaluation = evaluate(
        &policy("[workflows.CI]\nchecks = [\"a\"]\napp = 15368\n"),
        &reports(&[impostor, genuine], &[]),
    );
    assert_eq!(evaluation.verdict, Verdict::Pass);
}

#[test]
fn one_name_from_two_workflows_needs_both_unless_the_workflow_is_named() {
    let mut other = run(
        2,
        "check",
        "completed",
        Some("failure"),
        "2026-05-04T01:00:00Z",
    );
    other["check_suite"] = serde_json::json!({"id": 502});
    let mut reports = reports(
        &[
            run(
                1,
                "check",
                "completed",
                Some("success"),
                "2026-05-04T01:00:00Z",
            ),
            other,
        ],
        &[],
    );
    let runs = r#"{"total_count": 2, "workflow_runs": [{"id": 77, "name": "CI", "check_suite_id": 501}]}
{"total_count": 2, "workflow_runs": [{"id": 78, "name": "Nightly", "check_suite_id": 502}]}"#;
    reports.workflows = workflows_from_json(runs, "runs.json").unwrap();
    let strict = evaluate(&policy("required = [\"check\"]\n"), &reports);
    assert_eq!(strict.verdict, Verdict::Fail);
    assert!(
        strict.checks[0].reason.contains("in Nightly"),
        "{}",
        strict.checks[0].reason
    );
    let pinned = evaluate(&policy("[workflows.CI]\nchecks = [\"check\"]\n"), &reports);
    assert_eq!(pinned.verdict, Verdict::Pass);
}

#[test]
fn allowed_failures_and_skips_as_alls_green_counts_them() {
    let runs = [
        run(
            1,
            "flaky",
            "completed",
            Some("failure"),
            "2026-05-04T01:00:00Z",
        ),
        run(
            2,
            "deploy",
            "completed",
            Some("skipped"),
            "2026-05-04T01:00:00Z",
        ),
        run(
            3,
            "docs",
            "completed",
            Some("skipped"),
            "2026-05-04T01:00:00Z",
        ),
    ];
    let text = "skipped-fails = true\nrequired = [\"flaky\", \"deploy\", \"docs\"]\n[allow]\nfailure = [\"flaky\"]\nskipped = [\"deploy\"]\n";
    let evaluation = evaluate(&policy(text), &reports(&runs, &[]));
    assert_eq!(
        verdicts(&evaluation),
        [
            ("flaky".to_owned(), Verdict::Pass),
            ("deploy".to_owned(), Verdict::Pass),
            ("docs".to_owned(), Verdict::Fail)
        ]
    );
    assert_eq!(
        evaluation.checks[0].reason,
        "failure (check run 1); allowed to fail"
    );
}

#[test]
fn payloads_in_every_shape_gh_prints_and_truncated_ones_fail() {
    let page = |id: u64| {
        serde_json::json!({"total_count": 2, "check_runs": [run(id, "a", "completed", Some("success"), "2026-05-04T01:00:00Z")]}).to_string()
    };
    let concatenated = format!("{}{}", page(1), page(2));
    assert_eq!(check_runs_from_json(&concatenated, "p").unwrap().len(), 2);
    let slurped = format!("[{},{}]", page(1), page(2));
    assert_eq!(check_runs_from_json(&slurped, "p").unwrap().len(), 2);
    let array = serde_json::json!([run(1, "a", "completed", Some("success"), "t")]).to_string();
    assert_eq!(check_runs_from_json(&array, "p").unwrap().len(), 1);
    let truncated = &page(1)[..40];
    let err = check_runs_from_json(truncated, "check-runs.json").unwrap_err();
    assert!(err.to_string().contains("check-runs.json:1:"), "{err}");
    let err = check_runs_from_json("[{\"id\": 1}]", "p").unwrap_err();
    assert!(err.to_string().contains("no `name`"), "{err}");
    let statuses = r#"[{"id": 2, "context": "x", "state": "success"}, {"id": 1, "context": "x", "state": "failure"}]"#;
    let statuses = statuses_from_json(statuses, "s").unwrap();
    let evaluation = evaluate(
        &policy("[external]\nchecks = [\"x\"]\n"),
        &Reports {
            statuses,
            ..Reports::default()
        },
    );
    assert_eq!(
        evaluation.verdict,
        Verdict::Pass,
        "the newest status counts"
    );
}

#[test]
fn settings_import_with_app_pins_and_the_merge_queue() {
    let rules = r#"[{"type": "required_status_checks", "ruleset_id": 42, "parameters": {"strict_required_status_checks_policy": true,
        "required_status_checks": [{"context": "preflight", "integration_id": 15368}, {"context": "gitleaks"}]}},
      {"type": "required_status_checks", "ruleset_id": 43, "parameters": {"required_status_checks": [{"context": "gitleaks"}, {"context": "dbt compile & parse"}]}},
      {"type": "merge_queue", "parameters": {"grouping_strategy": "ALLGREEN"}}]"#;
    let imported = policy_from_settings(rules, "rules.json").unwrap();
    assert!(imported.merge_queue);
    let names: Vec<&str> = imported
        .requirements
        .iter()
        .map(|r| r.check.as_str())
        .collect();
    assert_eq!(names, ["preflight", "gitleaks", "dbt compile & parse"]);
    assert_eq!(
        imported.requirements[0].app,
        Some(crate::policy::App::Id(15368))
    );
    let protection = r#"{"strict": true, "contexts": ["preflight", "gitleaks"], "checks": [{"context": "preflight", "app_id": 15368}, {"context": "gitleaks", "app_id": null}]}"#;
    let imported = policy_from_settings(protection, "protection.json").unwrap();
    assert_eq!(imported.requirements.len(), 2);
    assert!(!imported.merge_queue);
    assert!(policy_from_settings("[]", "rules.json").is_err());
    let text = imported.to_toml("Imported from protection.json.");
    assert!(
        text.contains("{ check = \"preflight\", app = 15368 }"),
        "{text}"
    );
}
