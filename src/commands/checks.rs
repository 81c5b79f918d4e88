//! `cicd checks`: required-check policies. `evaluate` judges a commit's
//! check runs and statuses (from files, or with `--sha` from GitHub, waiting
//! with `--wait` until decided); `import` writes a policy from GitHub's
//! branch rules or protection.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use cicd_core::policy::{self, Evaluation, Policy, Reports, Verdict};

use super::Global;
use super::github_args::GitHubArgs;
use super::source::{self, read_input};
use crate::Outcome;
use crate::error::{Error, warn};
use crate::output::{Format, Stdout};

/// Arguments of `cicd checks`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, clap::Subcommand)]
enum Command {
    /// Judge a commit's checks against the policy: pass (0), fail or still
    /// pending (1).
    #[command(
        after_help = "Exit codes:\n  0  every required check passed\n  1  a required check failed, or is still pending\n  2  could not run"
    )]
    Evaluate(EvaluateArgs),
    /// Write a policy from GitHub's rules or protection of a branch.
    Import(ImportArgs),
    /// Prove from the workflows that every required check can be produced:
    /// errors (exit 1) for checks that would stay Expected, warnings for the
    /// ways they could.
    Lint(LintArgs),
}

#[derive(Debug, clap::Args)]
struct LintArgs {
    /// The policy [default: `.github/required-checks.toml` in the repository]
    #[arg(long, value_name = "FILE")]
    policy: Option<PathBuf>,
    /// The workflows folder [default: `.github/workflows` in the repository]
    #[arg(long, value_name = "DIR")]
    workflows: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
struct EvaluateArgs {
    /// The policy [default: `.github/required-checks.toml` in the repository]
    #[arg(long, value_name = "FILE")]
    policy: Option<PathBuf>,
    /// Check runs: `GET …/commits/{sha}/check-runs` (pages, as `gh api
    /// --paginate` prints them, or an array).
    #[arg(
        long,
        value_name = "FILE",
        required_unless_present = "sha",
        conflicts_with = "sha"
    )]
    check_runs: Option<PathBuf>,
    /// Commit statuses: `GET …/commits/{sha}/status` or `…/statuses`.
    #[arg(long, value_name = "FILE", requires = "check_runs")]
    statuses: Option<PathBuf>,
    /// Workflow runs (`GET …/actions/runs?head_sha=…`), to tell which
    /// workflow produced each check.
    #[arg(long, value_name = "FILE", requires = "check_runs")]
    workflow_runs: Option<PathBuf>,
    /// Read the commit's checks from GitHub (needs a token).
    #[arg(long, value_name = "SHA")]
    sha: Option<String>,
    /// With `--sha`: ask again, backing off, until every check is decided.
    #[arg(long, requires = "sha")]
    wait: bool,
    /// With `--wait`: give up after this long (`90s`, `20m`, `1h`).
    #[arg(long, value_name = "DURATION", default_value = "20m", value_parser = duration)]
    timeout: Duration,
    #[command(flatten)]
    github: GitHubArgs,
}

#[derive(Debug, clap::Args)]
struct ImportArgs {
    /// The rules of a branch (`GET /repos/{o}/{r}/rules/branches/{b}`) or its
    /// protection, as JSON.
    #[arg(long, value_name = "FILE", conflicts_with = "branch")]
    from: Option<PathBuf>,
    /// Read the rules of this branch from GitHub (needs a token).
    #[arg(long, value_name = "BRANCH", required_unless_present = "from")]
    branch: Option<String>,
    /// Write the policy here (atomically) instead of stdout.
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
    #[command(flatten)]
    github: GitHubArgs,
}

/// `90s`, `20m`, `1h`, or seconds.
fn duration(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    let (number, unit) = text
        .find(|c: char| !c.is_ascii_digit())
        .map(|at| text.split_at(at))
        .unwrap_or((text, "s"));
    let number: u64 = number
        .parse()
        .map_err(|_| format!("`{text}`: expected a duration like 90s, 20m or 1h"))?;
    let seconds = match unit {
        "s" | "" => number,
        "m" => number * 60,
        "h" => number * 3600,
        _ => return Err(format!("`{text}`: expected a duration like 90s, 20m or 1h")),
    };
    Ok(Duration::from_secs(seconds))
}

pub(crate) fn run(global: &Global, args: &Args) -> Result<Outcome, Error> {
    match &args.command {
        Command::Evaluate(evaluate) => run_evaluate(global, evaluate),
        Command::Import(import) => run_import(global, import),
        Command::Lint(lint) => run_lint(global, lint),
    }
}

/// Where a repository keeps its required-check policy.
const POLICY: &str = ".github/required-checks.toml";

/// Where a repository keeps its workflows.
const WORKFLOWS: &str = ".github/workflows";

fn read_policy(global: &Global, path: Option<&PathBuf>) -> Result<Policy, Error> {
    let (text, origin) = match path {
        Some(path) => read_input(path)?,
        None => source::read_in_repo(&global.repo, POLICY)?.ok_or_else(|| {
            Error::Usage(format!(
                "no `{}`: give the policy with `--policy FILE`",
                source::in_repo(&global.repo, POLICY).display()
            ))
        })?,
    };
    let (policy, warnings) = Policy::parse(&text, &origin)?;
    for warning in warnings {
        warn(&warning.to_string());
    }
    if policy.requirements.is_empty() {
        return Err(Error::Usage(format!("`{origin}` requires no check")));
    }
    Ok(policy)
}

fn run_evaluate(global: &Global, args: &EvaluateArgs) -> Result<Outcome, Error> {
    let policy = read_policy(global, args.policy.as_ref())?;
    let evaluation = match (&args.check_runs, &args.sha) {
        (Some(runs), _) => {
            let (text, origin) = read_input(runs)?;
            let mut reports = Reports {
                check_runs: policy::check_runs_from_json(&text, &origin)?,
                ..Reports::default()
            };
            if let Some(statuses) = &args.statuses {
                let (text, origin) = read_input(statuses)?;
                reports.statuses = policy::statuses_from_json(&text, &origin)?;
            }
            if let Some(workflow_runs) = &args.workflow_runs {
                let (text, origin) = read_input(workflow_runs)?;
                reports.workflows = policy::workflows_from_json(&text, &origin)?;
            }
            policy::evaluate(&policy, &reports)
        }
        (None, Some(sha)) => {
            let links = source::repository(&global.repo, None, None).ok();
            let client = args.github.required_client(links.as_ref())?;
            let started = Instant::now();
            let mut attempt = 0;
            loop {
                let reports = fetch(&client, sha)?;
                let evaluation = policy::evaluate(&policy, &reports);
                if !args.wait || evaluation.verdict != Verdict::Pending {
                    break evaluation;
                }
                let elapsed = started.elapsed();
                if elapsed >= args.timeout {
                    warn(&format!("still pending after {} s", elapsed.as_secs()));
                    break evaluation;
                }
                attempt += 1;
                // 10 s, 20 s, 40 s…, at most a minute, never past the timeout.
                let wait = Duration::from_secs((10u64 << attempt.min(3)).min(60))
                    .min(args.timeout.saturating_sub(elapsed));
                std::thread::sleep(wait);
            }
        }
        (None, None) => {
            return Err(Error::Usage(
                "give `--check-runs FILE` or `--sha SHA`".to_owned(),
            ));
        }
    };
    report(global, &evaluation)?;
    Ok(if evaluation.verdict == Verdict::Pass {
        Outcome::Pass
    } else {
        Outcome::Fail
    })
}

/// A commit's check runs, statuses and workflow runs, from GitHub.
fn fetch(client: &crate::github::Client, sha: &str) -> Result<Reports, Error> {
    let sha = crate::github::escape(sha);
    let runs = client.get_pages(
        &client.repo_path(&format!("/commits/{sha}/check-runs?per_page=100")),
        20,
    )?;
    let statuses = client.get_pages(
        &client.repo_path(&format!("/commits/{sha}/status?per_page=100")),
        20,
    )?;
    let workflows = client.get_pages(
        &client.repo_path(&format!("/actions/runs?head_sha={sha}&per_page=100")),
        10,
    )?;
    Ok(Reports {
        check_runs: policy::check_runs_from_values(runs, "GitHub check runs")?,
        statuses: policy::statuses_from_values(statuses, "GitHub statuses")?,
        workflows: policy::workflows_from_values(workflows),
    })
}

fn report(global: &Global, evaluation: &Evaluation) -> Result<(), Error> {
    let mut out = Stdout::new();
    let word = |verdict: Verdict| match verdict {
        Verdict::Pass => "pass",
        Verdict::Pending => "pending",
        Verdict::Fail => "fail",
    };
    match global.format {
        Format::Json => out.json(evaluation)?,
        Format::Github => {
            for outcome in &evaluation.checks {
                let level = match outcome.verdict {
                    Verdict::Pass => continue,
                    Verdict::Pending => "warning",
                    Verdict::Fail => "error",
                };
                out.write(&format!(
                    "::{level} title=required check {}::{}\n",
                    escape_property(&outcome.check),
                    escape_data(&format!("{}: {}", word(outcome.verdict), outcome.reason))
                ))?;
            }
            let table = markdown(evaluation, word);
            match std::env::var_os("GITHUB_STEP_SUMMARY") {
                Some(path) => crate::files::append(std::path::Path::new(&path), &table)?,
                None => out.write(&table)?,
            }
        }
        _ => {
            let width = evaluation
                .checks
                .iter()
                .map(|outcome| outcome.check.chars().count())
                .max()
                .unwrap_or(0);
            for outcome in &evaluation.checks {
                out.write(&format!(
                    "{:<7} {:<width$}  {}\n",
                    word(outcome.verdict),
                    outcome.check,
                    outcome.reason
                ))?;
            }
            let count = |verdict| {
                evaluation
                    .checks
                    .iter()
                    .filter(|outcome| outcome.verdict == verdict)
                    .count()
            };
            out.write(&format!(
                "{}: {} passed, {} pending, {} failed\n",
                word(evaluation.verdict),
                count(Verdict::Pass),
                count(Verdict::Pending),
                count(Verdict::Fail)
            ))?;
        }
    }
    out.flush()
}

fn markdown(evaluation: &Evaluation, word: impl Fn(Verdict) -> &'static str) -> String {
    let mut table = format!(
        "### Required checks: {}\n\n| check | verdict | why |\n|---|---|---|\n",
        word(evaluation.verdict)
    );
    for outcome in &evaluation.checks {
        let cell = |text: &str| text.replace('|', "\\|");
        table.push_str(&format!(
            "| {} | {} | {} |\n",
            cell(&outcome.check),
            word(outcome.verdict),
            cell(&outcome.reason)
        ));
    }
    table
}

/// Workflow-command data: `%`, CR and LF escaped.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Workflow-command property: also `:` and `,`.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

fn run_lint(global: &Global, args: &LintArgs) -> Result<Outcome, Error> {
    let policy_path = args
        .policy
        .clone()
        .unwrap_or_else(|| source::in_repo(&global.repo, POLICY));
    let policy = read_policy(global, args.policy.as_ref())?;
    // The workflows named on the command line, else the repository's
    // (through no link: a workflow folder linked elsewhere is refused).
    let (root, folder) = match &args.workflows {
        Some(folder) => (
            cicd_core::confined::Root::new(crate::files::checked_user_path(folder)?),
            String::new(),
        ),
        None => (
            cicd_core::confined::Root::new(&global.repo),
            WORKFLOWS.to_owned(),
        ),
    };
    let mut files = Vec::new();
    for name in root.files_in(&folder)? {
        if !(name.ends_with(".yml") || name.ends_with(".yaml")) {
            continue;
        }
        let path = if folder.is_empty() {
            name
        } else {
            format!("{folder}/{name}")
        };
        let Some(text) = root.read_text(&path)? else {
            continue;
        };
        let display = root.dir().join(&path);
        let display = display
            .strip_prefix(&global.repo)
            .unwrap_or(&display)
            .to_string_lossy()
            .replace('\\', "/");
        files.push(policy::WorkflowFile {
            path: display.trim_start_matches("./").to_owned(),
            text: text.content,
        });
    }
    let shown_policy = policy_path.to_string_lossy().into_owned();
    let findings = policy::lint(&policy, &shown_policy, &files);
    let errors = findings
        .iter()
        .filter(|finding| finding.severity == policy::Severity::Error)
        .count();
    let mut out = Stdout::new();
    match global.format {
        Format::Json => out.json(&serde_json::json!({
            "passed": errors == 0,
            "workflows": files.len(),
            "required": policy.requirements.len(),
            "findings": findings,
        }))?,
        Format::Github => {
            for finding in &findings {
                let level = match finding.severity {
                    policy::Severity::Error => "error",
                    policy::Severity::Warning => "warning",
                };
                let line = finding
                    .line
                    .map(|line| format!(",line={line}"))
                    .unwrap_or_default();
                out.write(&format!(
                    "::{level} file={}{line},title=required checks::{}\n",
                    escape_property(&finding.file),
                    escape_data(&finding.message)
                ))?;
            }
        }
        _ => {
            for finding in &findings {
                let place = match finding.line {
                    Some(line) => format!("{}:{line}", finding.file),
                    None => finding.file.clone(),
                };
                let level = match finding.severity {
                    policy::Severity::Error => "error",
                    policy::Severity::Warning => "warning",
                };
                out.write(&format!("{place}: {level}: {}\n", finding.message))?;
            }
            out.write(&format!(
                "{} {} required checks against {} workflows: {errors} errors, {} warnings\n",
                if errors == 0 { "✔" } else { "✖" },
                policy.requirements.len(),
                files.len(),
                findings.len() - errors
            ))?;
        }
    }
    out.flush()?;
    Ok(if errors == 0 {
        Outcome::Pass
    } else {
        Outcome::Fail
    })
}

fn run_import(global: &Global, args: &ImportArgs) -> Result<Outcome, Error> {
    let (policy, origin) = match (&args.from, &args.branch) {
        (Some(path), _) => {
            let (text, origin) = read_input(path)?;
            (policy::policy_from_settings(&text, &origin)?, origin)
        }
        (None, Some(branch)) => {
            let links = source::repository(&global.repo, None, None).ok();
            let client = args.github.required_client(links.as_ref())?;
            let rules = client.get_pages(
                &client.repo_path(&format!(
                    "/rules/branches/{}?per_page=100",
                    crate::github::escape(branch)
                )),
                10,
            )?;
            let text = serde_json::Value::Array(
                rules
                    .into_iter()
                    .flat_map(|page| match page {
                        serde_json::Value::Array(items) => items,
                        other => vec![other],
                    })
                    .collect(),
            )
            .to_string();
            let origin = format!("the rules of `{branch}` in {}", client.repository);
            (policy::policy_from_settings(&text, &origin)?, origin)
        }
        (None, None) => {
            return Err(Error::Usage(
                "give `--from FILE` or `--branch BRANCH`".to_owned(),
            ));
        }
    };
    let header = format!(
        "Required checks, imported from {origin} by `cicd checks import`.\nGroup them under the workflows that produce them ([workflows.CI] checks = [...])\nso that `cicd checks lint` can prove each one can be reported."
    );
    let text = policy.to_toml(&header);
    match &args.output {
        Some(path) => crate::files::write_atomically(path, &text)?,
        None => {
            let mut out = Stdout::new();
            out.write(&text)?;
            out.flush()?;
        }
    }
    Ok(Outcome::Pass)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_and_escapes() {
        assert_eq!(duration("90s"), Ok(Duration::from_secs(90)));
        assert_eq!(duration("20m"), Ok(Duration::from_secs(1200)));
        assert_eq!(duration("2h"), Ok(Duration::from_secs(7200)));
        assert_eq!(duration("45"), Ok(Duration::from_secs(45)));
        assert!(duration("soon").is_err());
        assert_eq!(escape_property("CI / a, b: c"), "CI / a%2C b%3A c");
        assert_eq!(escape_data("50%\nx"), "50%25%0Ax");
    }
}
