//! `cicd`: release and CI-gate work from the command line.

mod cli;
mod clock;
mod commands;
mod error;
mod files;
mod github;
mod output;
mod parallel;
mod step_outputs;

use std::process::ExitCode;

use clap::Parser as _;

/// How a command that ran to the end judged its input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Outcome {
    /// Done, or the verdict is positive.
    Pass,
    /// The verdict is negative: lint violations, a failed policy.
    Fail,
}

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    match cli.run() {
        Ok(Outcome::Pass) => ExitCode::SUCCESS,
        Ok(Outcome::Fail) => ExitCode::from(1),
        Err(err) if err.is_broken_pipe() => ExitCode::SUCCESS,
        Err(err) => {
            error::report(&err);
            ExitCode::from(2)
        }
    }
}
