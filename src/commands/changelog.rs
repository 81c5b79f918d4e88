//! `cicd changelog`: the release section in Release Please's Markdown, and
//! CHANGELOG.md kept up to date.

use std::path::PathBuf;

use cicd_core::changelog::{self, Release, Repository};
use cicd_core::{commits, history, version};
use serde::Serialize;

use super::Global;
use super::release_args::ReleaseArgs;
use super::source::{SourceArgs, read_input};
use crate::Outcome;
use crate::error::{Error, warn};
use crate::output::{Format, Stdout};

/// Arguments of `cicd changelog`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    #[command(flatten)]
    source: SourceArgs,
    /// The current version, before this release [default: that of the last
    /// release tag, when reading git]
    #[arg(long, value_name = "VERSION")]
    current: Option<String>,
    /// The version of the release [default: the next version, decided as
    /// `cicd version next` does]
    #[arg(long, value_name = "VERSION")]
    version: Option<String>,
    /// The previous release's tag, for the compare link [default: the last
    /// release tag, when reading git]
    #[arg(long, value_name = "TAG")]
    previous_tag: Option<String>,
    /// This release's tag [default: `v` and the version, after `COMPONENT-`
    /// with `--component`]
    #[arg(long, value_name = "TAG")]
    tag: Option<String>,
    /// The release date, `YYYY-MM-DD` [default: today (UTC), or
    /// `SOURCE_DATE_EPOCH`'s]
    #[arg(long, value_name = "DATE")]
    date: Option<String>,
    /// Where links point, `https://github.com/OWNER/NAME` [default: the
    /// `origin` remote]
    #[arg(long, value_name = "URL")]
    repository_url: Option<String>,
    /// Insert the section into this CHANGELOG.md (created when missing), as
    /// Release Please does; a section for the same version is replaced.
    #[arg(long, value_name = "FILE")]
    prepend: Option<PathBuf>,
    #[command(flatten)]
    release: ReleaseArgs,
}

/// The JSON form: the release and its notes.
#[derive(Serialize)]
struct Rendered<'a> {
    release: &'a Release,
    notes: &'a str,
}

pub(crate) fn run(global: &Global, args: &Args) -> Result<Outcome, Error> {
    if global.format == Format::Github {
        return Err(Error::Usage(
            "`--format github` is not for `cicd changelog`; use `text` or `json`".to_owned(),
        ));
    }
    let loaded = args.release.load()?;
    let (raw, last) = args.source.open_with_release(&global.repo)?;
    let commits = raw
        .map(|raw| raw.map(|raw| commits::parse_raw(&raw)))
        .collect::<cicd_core::Result<Vec<_>>>()?;
    let commits = match &loaded.sentence_case {
        Some(words) => changelog::sentence_case(commits, words),
        None => commits,
    };
    let current = match &args.current {
        Some(text) => Some(version::parse(text)?),
        None => last
            .as_ref()
            .and_then(|tag| tag.release.as_ref())
            .map(|release| release.version.clone()),
    };
    let version = match &args.version {
        Some(text) => version::parse(text)?,
        None => {
            let decision = version::next(current.as_ref(), &commits, &loaded.options)?;
            for warning in &decision.warnings {
                warn(warning);
            }
            decision.version
        }
    };
    let tag = args
        .tag
        .clone()
        .unwrap_or_else(|| match &args.source.component {
            Some(component) => format!("{component}-v{version}"),
            None => format!("v{version}"),
        });
    let release = Release {
        version: version.to_string(),
        // Release Please's default: the last tag, else `v` and the current version.
        previous_tag: args
            .previous_tag
            .clone()
            .or_else(|| last.map(|tag| tag.name))
            .or_else(|| current.map(|current| format!("v{current}"))),
        tag,
        date: args.date.clone().unwrap_or_else(crate::clock::today),
        repository: repository(global, args, loaded.changelog_host.as_deref())?,
    };
    let notes = changelog::render(&release, &commits, &loaded.options.sections());
    if let Some(path) = &args.prepend {
        let existing = if path.exists() {
            Some(read_input(path)?.0)
        } else {
            None
        };
        let updated = changelog::insert(existing.as_deref(), &notes);
        if existing.as_deref() != Some(updated.as_str()) {
            crate::files::write_atomically(path, &updated)?;
        }
    }
    let mut out = Stdout::new();
    match global.format {
        Format::Json => out.json(&Rendered {
            release: &release,
            notes: &notes,
        })?,
        _ => out.write(&format!("{notes}\n"))?,
    }
    out.flush()?;
    Ok(Outcome::Pass)
}

/// `--repository-url`, else the `origin` remote; `changelog-host` replaces
/// the host.
fn repository(global: &Global, args: &Args, host: Option<&str>) -> Result<Repository, Error> {
    let url = match &args.repository_url {
        Some(url) => url.clone(),
        None => history::remote_url(&global.repo)
            .ok()
            .flatten()
            .ok_or_else(|| Error::Usage("no `origin` remote to link to: give `--repository-url https://github.com/OWNER/NAME`".to_owned()))?,
    };
    let mut repository = Repository::from_url(&url)?;
    if let Some(host) = host {
        repository.host = host.trim_end_matches('/').to_owned();
    }
    Ok(repository)
}
