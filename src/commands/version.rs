//! `cicd version next`: the next version, as Release Please decides it.

use cicd_core::history;
use cicd_core::version;

use super::Global;
use super::release_args::ReleaseArgs;
use super::source::SourceArgs;
use crate::Outcome;
use crate::error::{Error, warn};
use crate::output::{Format, Stdout};

/// Arguments of `cicd version`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, clap::Subcommand)]
enum Command {
    /// Print the next version (text: the version alone; json: the decision,
    /// with the effect of every change).
    Next(NextArgs),
}

#[derive(Debug, clap::Args)]
struct NextArgs {
    /// The current version [default: that of the last release tag, when
    /// reading git; none (a first release) otherwise]
    #[arg(long, value_name = "VERSION")]
    current: Option<String>,
    #[command(flatten)]
    source: SourceArgs,
    #[command(flatten)]
    release: ReleaseArgs,
}

pub(crate) fn run(global: &Global, args: &Args) -> Result<Outcome, Error> {
    match &args.command {
        Command::Next(args) => next(global, args),
    }
}

fn next(global: &Global, args: &NextArgs) -> Result<Outcome, Error> {
    if global.format == Format::Github {
        return Err(Error::Usage(
            "`--format github` is not for `cicd version`; use `text` or `json`".to_owned(),
        ));
    }
    let options = args.release.load()?.package.options;
    let current = match &args.current {
        Some(text) => Some(version::parse(text)?),
        None => None,
    };
    let (raw, release) = args.source.open_with_release(&global.repo)?;
    let current = current.or_else(|| {
        release
            .and_then(|tag| tag.release)
            .map(|release| release.version)
    });
    let commits = raw
        .map(|raw| raw.map(history::RawCommit::into_commit))
        .collect::<cicd_core::Result<Vec<_>>>()?;
    let decision = version::next(current.as_ref(), &commits, &options)?;
    for warning in &decision.warnings {
        warn(warning);
    }
    let mut out = Stdout::new();
    match global.format {
        Format::Json => out.json(&decision)?,
        _ => out.write(&format!("{}\n", decision.version))?,
    }
    out.flush()?;
    Ok(Outcome::Pass)
}
