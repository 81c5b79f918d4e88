//! `cicd lint`: commit messages against commitlint-style rules.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use cicd_core::commits::lint::{self, Config, Level, Report};
use cicd_core::commits::{self, Commit};
use serde::Serialize;

use super::Global;
use super::source::{SourceArgs, read_input};
use crate::Outcome;
use crate::error::Error;
use crate::output::{Format, Stdout};

/// Arguments of `cicd lint`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Lint this message (the PR title, say).
    #[arg(long, value_name = "TEXT", conflicts_with_all = ["message_file", "range", "commits"])]
    message: Option<String>,
    /// Lint the message in this file, cleaned up as git does (comments and the
    /// scissors line dropped): the `commit-msg` hook's `$1`. `-` for stdin.
    #[arg(long, value_name = "FILE|-", conflicts_with_all = ["range", "commits"])]
    message_file: Option<PathBuf>,
    /// The `cicd.toml` whose `[lint]` table configures the rules [default:
    /// `cicd.toml` in the repository directory, when present]
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// The comment character git strips from `--message-file`.
    #[arg(long, value_name = "CHAR", default_value_t = '#')]
    comment_char: char,
    #[command(flatten)]
    source: SourceArgs,
}

pub(crate) fn run(global: &Global, args: &Args) -> Result<Outcome, Error> {
    let config = load_config(&global.repo, args.config.as_deref())?;
    let mut printer = Printer::new(global.format);
    if let Some(message) = &args.message {
        printer.add(&commits::parse("", message), message, &config, None)?;
    } else if let Some(path) = &args.message_file {
        let (text, origin) = read_input(path)?;
        let message = commits::cleanup(&text, args.comment_char);
        // stdin has no name worth showing, and no file to annotate.
        let file = (origin != "-").then_some(origin.as_str());
        let commit = commits::parse(file.unwrap_or_default(), &message);
        printer.add(&commit, &message, &config, file)?;
    } else {
        for raw in args.source.open(&global.repo)? {
            let raw = raw?;
            printer.add(&raw.parse(), &raw.message, &config, None)?;
        }
    }
    printer.finish()
}

/// The default rules, then `.commitlintrc.json` (or `.commitlintrc`) when
/// present, then the `[lint]` table of `cicd.toml`. Unknown rules are warned
/// about on stderr.
fn load_config(repo: &Path, explicit: Option<&Path>) -> Result<Config, Error> {
    let mut config = Config::default();
    let mut unknown = Vec::new();
    for name in [".commitlintrc.json", ".commitlintrc"] {
        if let Some((text, origin)) = super::source::read_in_repo(repo, name)? {
            let (loaded, warnings) = Config::from_commitlint_json(&text, &origin)?;
            config = loaded;
            unknown.extend(warnings);
            break;
        }
    }
    let toml = match explicit {
        Some(path) => Some(read_input(path)?),
        None => super::source::read_in_repo(repo, "cicd.toml")?,
    };
    if let Some((text, origin)) = toml {
        unknown.extend(config.apply_cicd_toml(&text, &origin)?);
    }
    for warning in unknown {
        crate::error::warn(&warning.to_string());
    }
    Ok(config)
}

/// One linted message, as JSON shows it.
#[derive(Serialize)]
struct Linted {
    /// The commit, or the file; `None` for `--message`.
    sha: Option<String>,
    summary: String,
    #[serde(flatten)]
    report: Report,
}

/// The whole run, as JSON shows it.
#[derive(Serialize)]
struct Summary {
    checked: usize,
    ignored: usize,
    failed: usize,
    errors: usize,
    warnings: usize,
    commits: Vec<Linted>,
}

/// Prints reports as they come (text, github) or at the end (json).
struct Printer {
    format: Format,
    out: Stdout,
    summary: Summary,
}

impl Printer {
    fn new(format: Format) -> Self {
        Self {
            format,
            out: Stdout::new(),
            summary: Summary {
                checked: 0,
                ignored: 0,
                failed: 0,
                errors: 0,
                warnings: 0,
                commits: Vec::new(),
            },
        }
    }

    fn add(
        &mut self,
        commit: &Commit,
        message: &str,
        config: &Config,
        file: Option<&str>,
    ) -> Result<(), Error> {
        let report = lint::lint_commit(commit, message, config);
        let count = |level| {
            report
                .violations
                .iter()
                .filter(|violation| violation.level == level)
                .count()
        };
        self.summary.checked += 1;
        self.summary.ignored += usize::from(report.ignored.is_some());
        self.summary.failed += usize::from(report.failed());
        self.summary.errors += count(Level::Error);
        self.summary.warnings += count(Level::Warning);
        match self.format {
            // `cicd` refuses the SBOM formats for other commands.
            Format::Text | Format::Cyclonedx | Format::Spdx => {
                self.out.write(&text(commit, &report))?;
            }
            Format::Github => self.out.write(&annotations(commit, &report, file))?,
            Format::Json => self.summary.commits.push(Linted {
                sha: (!commit.id.is_empty()).then(|| commit.id.clone()),
                summary: commit.summary.clone(),
                report,
            }),
        }
        Ok(())
    }

    fn finish(mut self) -> Result<Outcome, Error> {
        if self.format == Format::Json {
            self.out.json(&self.summary)?;
        } else {
            self.out.write(&self.closing_line())?;
        }
        self.out.flush()?;
        Ok(if self.summary.errors > 0 {
            Outcome::Fail
        } else {
            Outcome::Pass
        })
    }

    /// `✖ 2 errors, 1 warning in 1 of 3 messages (1 ignored)`.
    fn closing_line(&self) -> String {
        let Summary {
            checked,
            ignored,
            failed,
            errors,
            warnings,
            ..
        } = self.summary;
        let plural = |count: usize, word: &str| {
            format!("{count} {word}{}", if count == 1 { "" } else { "s" })
        };
        let mark = if errors > 0 { "✖" } else { "✔" };
        let mut line = format!(
            "{mark} {}, {} in {failed} of {}",
            plural(errors, "error"),
            plural(warnings, "warning"),
            plural(checked, "message")
        );
        if ignored > 0 {
            let _ = write!(line, " ({ignored} ignored)");
        }
        line.push('\n');
        line
    }
}

/// `1a2b3c4 feat: x` for a commit, `path feat: x` for a file, `feat: x` for `--message`.
fn label(commit: &Commit) -> String {
    let id = &commit.id;
    match id.len() {
        0 => commit.summary.clone(),
        40 | 64 if id.is_char_boundary(7) => format!("{} {}", &id[..7], commit.summary),
        _ => format!("{id} {}", commit.summary),
    }
}

/// The commit and each violation on its own line; nothing for a clean message.
fn text(commit: &Commit, report: &Report) -> String {
    if report.violations.is_empty() {
        return String::new();
    }
    let mut out = format!("{}\n", label(commit));
    for violation in &report.violations {
        let position = format!("{}:{}", violation.line, violation.column);
        let _ = writeln!(
            out,
            "  {position:<6} {:<8} {}  [{}]",
            violation.level.to_string(),
            violation.message,
            violation.rule
        );
    }
    out
}

/// GitHub workflow commands: `::error file=…,line=…,col=…,title=…::message`.
fn annotations(commit: &Commit, report: &Report, file: Option<&str>) -> String {
    let mut out = String::new();
    for violation in &report.violations {
        let command = if violation.level == Level::Error {
            "error"
        } else {
            "warning"
        };
        let mut properties = Vec::new();
        if let Some(file) = file {
            properties.push(format!("file={}", escape_property(file)));
            properties.push(format!("line={}", violation.line));
            properties.push(format!("col={}", violation.column));
        }
        properties.push(format!(
            "title={}",
            escape_property(&format!("commit message: {}", violation.rule))
        ));
        let text = format!("{}: {}", label(commit), violation.message);
        let _ = writeln!(
            out,
            "::{command} {}::{}",
            properties.join(","),
            escape_data(&text)
        );
    }
    out
}

fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}
