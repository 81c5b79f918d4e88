//! The seed's four workflows (CI, dbt CI, Security, Schema Quality) and its
//! policy: clean as they are, and each drift caught with its message.

use super::*;

const POLICY: &str = r#"
[workflows.CI]
checks = ["preflight", "lint-python", "unit-tests"]

[workflows.Security]
checks = ["gitleaks"]

[workflows."dbt CI"]
checks = ["dbt compile & parse"]

[workflows."Schema Quality"]
checks = ["validate-dbml"]
"#;

const CI: &str = "name: CI\non:\n  pull_request:\n  push:\n    branches: [main]\njobs:\n  preflight:\n    runs-on: ubuntu-latest\n    steps: [{run: 'true'}]\n  lint-python:\n    runs-on: ubuntu-latest\n    steps: [{run: ruff .}]\n  unit-tests:\n    runs-on: ubuntu-latest\n    steps: [{run: pytest}]\n";
const DBT: &str = "name: dbt CI\non: [pull_request]\njobs:\n  compile:\n    name: dbt compile & parse\n    runs-on: ubuntu-latest\n    steps: [{run: dbt parse}]\n";
const SECURITY: &str = "name: Security\non:\n  pull_request:\n  schedule:\n    - cron: '0 3 * * *'\njobs:\n  gitleaks:\n    runs-on: ubuntu-latest\n    steps: [{uses: gitleaks/gitleaks-action@v2}]\n";
const SCHEMA: &str = "name: Schema Quality\non:\n  pull_request:\njobs:\n  validate-dbml:\n    runs-on: ubuntu-latest\n    steps: [{run: dbml2sql schema.dbml}]\n";

fn files(changed: &[(&str, &str)]) -> Vec<WorkflowFile> {
    let mut files: Vec<(String, String)> = [
        (".github/workflows/ci.yml", CI),
        (".github/workflows/dbt-ci.yml", DBT),
        (".github/workflows/security.yml", SECURITY),
        (".github/workflows/schema-quality.yml", SCHEMA),
    ]
    .iter()
    .map(|(path, text)| ((*path).to_owned(), (*text).to_owned()))
    .collect();
    for (path, text) in changed {
        match files.iter_mut().find(|(known, _)| known == path) {
            Some(file) => file.1 = (*text).to_owned(),
            None => files.push(((*path).to_owned(), (*text).to_owned())),
        }
    }
    files
        .into_iter()
        .map(|(path, text)| WorkflowFile { path, text })
        .collect()
}

fn run(policy_text: &str, changed: &[(&str, &str)]) -> Vec<String> {
    let (policy, _) = Policy::parse(policy_text, ".github/required-checks.toml").unwrap();
    lint(&policy, ".github/required-checks.toml", &files(changed))
        .iter()
        .map(|finding| {
            format!(
                "{:?} {}:{} {}",
                finding.severity,
                finding.file,
                finding
                    .line
                    .map(|line| line.to_string())
                    .unwrap_or_default(),
                finding.message
            )
        })
        .collect()
}

#[test]
fn the_seed_workflows_produce_every_required_check() {
    assert_eq!(run(POLICY, &[]), Vec::<String>::new());
}

#[test]
fn a_renamed_job_is_caught_with_the_closest_name() {
    let renamed = CI.replace("  lint-python:", "  lint-py:");
    assert_eq!(
        run(POLICY, &[(".github/workflows/ci.yml", &renamed)]),
        [
            "Error .github/required-checks.toml: `CI / lint-python` would stay Expected forever: no job of `CI` produces it; did you mean `lint-py`?"
        ]
    );
}

#[test]
fn a_matrix_renames_the_check() {
    let matrix = CI.replace(
        "  unit-tests:\n    runs-on: ubuntu-latest\n",
        "  unit-tests:\n    runs-on: ubuntu-latest\n    strategy:\n      matrix:\n        python: ['3.11', '3.12']\n",
    );
    assert_eq!(
        run(POLICY, &[(".github/workflows/ci.yml", &matrix)]),
        [
            "Error .github/required-checks.toml: `CI / unit-tests` would stay Expected forever: no job of `CI` produces it; did you mean `unit-tests (3.11)`?"
        ]
    );
    let listed = POLICY.replace(
        "\"unit-tests\"]",
        "\"unit-tests (3.11)\", \"unit-tests (3.12)\"]",
    );
    assert_eq!(
        run(&listed, &[(".github/workflows/ci.yml", &matrix)]),
        Vec::<String>::new()
    );
}

#[test]
fn a_paths_filter_can_leave_a_check_expected() {
    let filtered = SCHEMA.replace(
        "  pull_request:\n",
        "  pull_request:\n    paths: ['schema/**']\n",
    );
    assert_eq!(
        run(
            POLICY,
            &[(".github/workflows/schema-quality.yml", &filtered)]
        ),
        [
            "Warning .github/workflows/schema-quality.yml:4 `Schema Quality` has `on.pull_request.paths`: a pull request it skips leaves the required `Schema Quality / validate-dbml` Expected; filter inside the job instead"
        ]
    );
}

#[test]
fn a_check_moved_into_a_reusable_workflow_gets_the_caller_s_prefix() {
    let caller = "name: Security\non: [pull_request]\njobs:\n  scan:\n    uses: ./.github/workflows/gitleaks.yml\n";
    let callee = "on: workflow_call\njobs:\n  gitleaks:\n    runs-on: ubuntu-latest\n";
    let moved = [
        (".github/workflows/security.yml", caller),
        (".github/workflows/gitleaks.yml", callee),
    ];
    assert_eq!(
        run(POLICY, &moved),
        [
            "Error .github/required-checks.toml: `Security / gitleaks` would stay Expected forever: no job of `Security` produces it; did you mean `scan / gitleaks`?"
        ]
    );
    let fixed = POLICY.replace("checks = [\"gitleaks\"]", "checks = [\"scan / gitleaks\"]");
    assert_eq!(run(&fixed, &moved), Vec::<String>::new());
}

#[test]
fn triggers_needs_duplicates_and_broken_files() {
    let push_only = DBT.replace("on: [pull_request]", "on: [push]");
    let queue = format!("merge-queue = true\n{POLICY}");
    let findings = run(&queue, &[(".github/workflows/dbt-ci.yml", &push_only)]);
    assert!(findings.iter().any(|f| f == "Error .github/workflows/dbt-ci.yml:2 `dbt CI` does not run on `pull_request`: the required `dbt CI / dbt compile & parse` would stay Expected on pull requests"), "{findings:#?}");
    assert!(findings.iter().any(|f| f.contains("the required `CI / preflight`, `CI / lint-python`, `CI / unit-tests` until it times out")), "{findings:#?}");
    assert_eq!(
        findings
            .iter()
            .filter(|f| f.contains("does not run on `merge_group`"))
            .count(),
        4
    );

    let needs = CI.replace(
        "  unit-tests:\n    runs-on:",
        "  unit-tests:\n    needs: preflight\n    runs-on:",
    );
    assert_eq!(
        run(POLICY, &[(".github/workflows/ci.yml", &needs)]),
        [
            "Warning .github/workflows/ci.yml:13 job `unit-tests` has `needs` but no `always()` in its `if`: when a needed job fails it is skipped, and a skipped required check passes; add `if: always()` and check the needed results"
        ]
    );
    let always = needs.replace(
        "    needs: preflight\n",
        "    needs: preflight\n    if: ${{ always() }}\n",
    );
    assert_eq!(
        run(POLICY, &[(".github/workflows/ci.yml", &always)]),
        Vec::<String>::new()
    );

    let nightly =
        "name: Nightly\non: [pull_request]\njobs:\n  gitleaks:\n    runs-on: ubuntu-latest\n";
    let loose = POLICY
        .replace(
            "[workflows.Security]\nchecks = [\"gitleaks\"]",
            "required = []",
        )
        .replace("required = []", "");
    let loose = format!("required = [\"gitleaks\"]\n{loose}");
    let findings = run(&loose, &[(".github/workflows/nightly.yml", nightly)]);
    assert!(
        findings
            .iter()
            .any(|f| f.contains("`gitleaks` is produced by 2 workflows")),
        "{findings:#?}"
    );

    let findings = run(POLICY, &[(".github/workflows/broken.yml", "jobs: [\n")]);
    assert_eq!(findings.len(), 1, "{findings:#?}");
    assert!(
        findings[0].starts_with("Error .github/workflows/broken.yml:"),
        "{findings:#?}"
    );
}

#[test]
fn a_matrix_bomb_is_a_finding_not_gigabytes() {
    // 549 bytes, 5 keys of 30 values: 24.3 million combinations.
    let values: Vec<String> = (0..30).map(|value| value.to_string()).collect();
    let list = format!("[{}]", values.join(", "));
    let bomb = format!(
        "name: CI\non: [pull_request]\njobs:\n  preflight:\n    runs-on: ubuntu-latest\n    steps: [{{run: 'true'}}]\n  lint-python:\n    runs-on: ubuntu-latest\n    steps: [{{run: ruff .}}]\n  unit-tests:\n    runs-on: ubuntu-latest\n    steps: [{{run: pytest}}]\n  bomb:\n    strategy:\n      matrix:\n        a: {list}\n        b: {list}\n        c: {list}\n        d: {list}\n        e: {list}\n    runs-on: ubuntu-latest\n    steps: [{{run: 'true'}}]\n"
    );
    let started = std::time::Instant::now();
    let findings = run(POLICY, &[(".github/workflows/ci.yml", &bomb)]);
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
    assert_eq!(
        findings,
        [
            "Error .github/workflows/ci.yml:16 job `bomb`: its matrix makes 24300000 combinations or more; GitHub runs at most 256 jobs per matrix and fails the workflow: split the matrix or exclude combinations"
        ]
    );
    // 257 after its excludes: still too many.
    let over = CI.replace(
        "  unit-tests:\n",
        "  unit-tests:\n    strategy:\n      matrix:\n        a: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]\n        b: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]\n        exclude: [{a: 0, b: 0}, {a: 0, b: 1}, {a: 0, b: 2}, {a: 0, b: 3}, {a: 0, b: 4}, {a: 0, b: 5}, {a: 0, b: 6}, {a: 0, b: 7}, {a: 0, b: 8}, {a: 0, b: 9}, {a: 0, b: 10}, {a: 0, b: 11}, {a: 0, b: 12}, {a: 0, b: 13}, {a: 0, b: 14}]\n",
    );
    let findings = run(POLICY, &[(".github/workflows/ci.yml", &over)]);
    assert!(
        findings
            .iter()
            .any(|finding| finding.contains("job `unit-tests`: its matrix makes 257 combinations")),
        "{findings:?}"
    );
    // 30,000 includes that each add a combination: each was matched against
    // every combination before it; reading stops past GitHub's bound.
    let includes: Vec<String> = (0..30_000).map(|n| format!("{{a: {n}}}")).collect();
    let long = CI.replace(
        "  unit-tests:\n",
        &format!(
            "  unit-tests:\n    strategy:\n      matrix:\n        include: [{}]\n",
            includes.join(", ")
        ),
    );
    let started = std::time::Instant::now();
    let findings = run(POLICY, &[(".github/workflows/ci.yml", &long)]);
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
    assert!(
        findings.iter().any(|finding| finding
            .contains("job `unit-tests`: its matrix makes 257 combinations or more")),
        "{findings:?}"
    );
}

#[test]
fn workflows_that_call_each_other_stay_bounded() {
    // Each job of `loop.yml` calls `loop.yml` (GitHub refuses this): the
    // work is bounded, whatever the depth.
    let mut looping = String::from("name: Loop\non: [pull_request, workflow_call]\njobs:\n");
    for job in 0..40 {
        looping.push_str(&format!(
            "  j{job}:\n    uses: ./.github/workflows/loop.yml\n"
        ));
    }
    let started = std::time::Instant::now();
    let _ = run(POLICY, &[(".github/workflows/loop.yml", &looping)]);
    assert!(started.elapsed() < std::time::Duration::from_secs(10));
}
