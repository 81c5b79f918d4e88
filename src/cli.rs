//! The command line: global options and one subcommand per capability.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::Outcome;
use crate::commands;
use crate::error::Error;
use crate::output::Format;

const EXIT_CODES: &str = "\
Exit codes:
  0  done; the verdict is positive
  1  ran; the verdict is negative (lint violations)
  2  could not run (usage, bad input, I/O, git)";

/// Offline, fast release and CI-gate work: Conventional Commits, versions,
/// changelogs, release PRs, required checks, SBOMs.
#[derive(Debug, Parser)]
#[command(name = "cicd", version, about, after_help = EXIT_CODES)]
pub(crate) struct Cli {
    /// How to print results.
    #[arg(long, global = true, value_enum, default_value_t = Format::Text)]
    pub(crate) format: Format,
    /// The repository to read (any directory inside it).
    #[arg(
        short = 'C',
        long = "repo",
        global = true,
        value_name = "DIR",
        default_value = "."
    )]
    pub(crate) repo: PathBuf,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Print commits parsed as Conventional Commits (merges, reverts and
    /// fixups flagged; non-conventional ones with the reason).
    Commits(commands::commits::Args),
    /// Check commit messages against commitlint-style rules (usable as a
    /// `commit-msg` hook).
    #[command(after_help = EXIT_CODES)]
    Lint(commands::lint::Args),
    /// Versions: the next one, as Release Please decides it.
    Version(commands::version::Args),
    /// The release section in Release Please's Markdown; `--prepend` keeps
    /// CHANGELOG.md up to date.
    Changelog(commands::changelog::Args),
    /// The release Release Please would propose: version, notes, PR title,
    /// branch and body, and the files it rewrites (in place, or `--dry-run`).
    ReleasePr(commands::release_pr::Args),
    /// After a release PR is merged: the GitHub releases (and tags) it
    /// stands for; the PR is then relabelled `autorelease: tagged`.
    Release(commands::release::Args),
    /// Required-check policies: judge a commit against one, or import one
    /// from GitHub's branch rules.
    Checks(commands::checks::Args),
    /// A CycloneDX 1.6 (default) or SPDX 2.3 SBOM of the lockfiles in a tree:
    /// Cargo.lock, package-lock.json, poetry.lock, uv.lock.
    Sbom(commands::sbom::Args),
}

impl Cli {
    pub(crate) fn run(self) -> Result<Outcome, Error> {
        let sbom_format = matches!(self.format, Format::Cyclonedx | Format::Spdx);
        if sbom_format && !matches!(self.command, Command::Sbom(_)) {
            return Err(Error::Usage(
                "`--format cyclonedx` and `--format spdx` are for `cicd sbom`".to_owned(),
            ));
        }
        let global = commands::Global {
            format: self.format,
            repo: self.repo,
        };
        match self.command {
            Command::Commits(args) => commands::commits::run(&global, &args),
            Command::Lint(args) => commands::lint::run(&global, &args),
            Command::Version(args) => commands::version::run(&global, &args),
            Command::Changelog(args) => commands::changelog::run(&global, &args),
            Command::ReleasePr(args) => commands::release_pr::run(&global, &args),
            Command::Release(args) => commands::release::run(&global, &args),
            Command::Sbom(args) => commands::sbom::run(&global, &args),
            Command::Checks(args) => commands::checks::run(&global, &args),
        }
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory as _;

    use super::Cli;

    #[test]
    fn the_command_line_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
