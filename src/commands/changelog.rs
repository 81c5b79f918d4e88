//! `cicd changelog`: the release section in Release Please's Markdown, and
//! CHANGELOG.md kept up to date.

use std::path::PathBuf;

use cicd_core::changelog::{self, Release, Repository};
use cicd_core::{commits, history, version};
use serde::Serialize;

use super::Global;
use super::release_args::{Loaded, ReleaseArgs};
use super::source::{SourceArgs, read_input};
use crate::Outcome;
use crate::error::{Error, warn};
use crate::output::{Format, Stdout};
use crate::step_outputs::StepOutputs;

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
    #[arg(long, value_name = "FILE", conflicts_with = "all")]
    prepend: Option<PathBuf>,
    /// Every release from the tags, newest first, as a whole CHANGELOG.md: each
    /// commit under the lowest release whose tag reaches it.
    #[arg(long, conflicts_with_all = ["commits", "range", "version", "previous_tag", "tag", "date"])]
    all: bool,
    /// The next release's section from the commits no release tag reaches (by
    /// graph reachability, not `LAST_TAG..HEAD`: tags on other branches count).
    #[arg(long, conflicts_with_all = ["commits", "range", "all"])]
    unreleased: bool,
    /// Render this Jinja2 template (`MiniJinja`) over the changelog
    /// context instead of Release Please's Markdown: `releases` (each with
    /// `version`, `tag`, `previous_tag`, `date`, `repository`, `notes`,
    /// `commits`) and `unreleased`; `--format json` shows the context.
    #[arg(long, value_name = "FILE", conflicts_with = "prepend")]
    template: Option<PathBuf>,
    /// With `--all`, write the changelog to this file (atomically) instead of stdout.
    #[arg(long, value_name = "FILE", requires = "all")]
    output: Option<PathBuf>,
    /// Append the release as GitHub Actions step outputs (`version`, `tag`,
    /// `previous_tag`, `releasable`, `notes`) to this file (`$GITHUB_OUTPUT`).
    #[arg(long, value_name = "FILE", conflicts_with = "all")]
    github_output: Option<PathBuf>,
    #[command(flatten)]
    release: ReleaseArgs,
}

pub(crate) fn run(global: &Global, args: &Args) -> Result<Outcome, Error> {
    if global.format == Format::Github {
        return Err(Error::Usage(
            "`--format github` is not for `cicd changelog`; use `text` or `json`".to_owned(),
        ));
    }
    let loaded = args.release.load()?;
    if args.all || args.unreleased {
        return all(global, args, &loaded);
    }
    let (raw, last) = args.source.open_with_release(&global.repo)?;
    let commits = raw
        .map(|raw| raw.map(history::RawCommit::into_commit))
        .collect::<cicd_core::Result<Vec<_>>>()?;
    let commits = match &loaded.package.sentence_case {
        Some(words) => changelog::sentence_case(commits, words),
        None => commits,
    };
    let repository = repository(global, args, loaded.package.keys.changelog_host.as_deref())?;
    single(global, args, &loaded, &commits, last, repository)
}

/// One release's section: the version decided (or given), rendered, printed,
/// and put into `--prepend`'s file.
fn single(
    global: &Global,
    args: &Args,
    loaded: &Loaded,
    commits: &[commits::Commit],
    last: Option<history::Tag>,
    repository: Repository,
) -> Result<Outcome, Error> {
    let current = match &args.current {
        Some(text) => Some(version::parse(text)?),
        None => last
            .as_ref()
            .and_then(|tag| tag.release.as_ref())
            .map(|release| release.version.clone()),
    };
    // Whether the notes would show anything, as Release Please decides
    // whether to propose a release; a given version is always releasable.
    let (version, releasable) = match &args.version {
        Some(text) => (version::parse(text)?, true),
        None => {
            let decision = version::next(current.as_ref(), commits, &loaded.package.options)?;
            for warning in &decision.warnings {
                warn(warning);
            }
            (decision.version, decision.releasable)
        }
    };
    // Tags as the configuration names them (`tag-separator`,
    // `include-v-in-tag`), for `--component`'s releases.
    let naming = loaded.package.tag_naming(args.source.component.as_deref());
    let tag = args.tag.clone().unwrap_or_else(|| naming.tag(&version));
    let release = Release {
        version: version.to_string(),
        // Release Please's default: the last tag, else the current version's.
        previous_tag: args
            .previous_tag
            .clone()
            .or_else(|| last.map(|tag| tag.name))
            .or_else(|| current.map(|current| naming.tag(&current))),
        tag,
        date: args.date.clone().unwrap_or_else(crate::clock::today),
        repository,
        authors: loaded.package.authors(),
    };
    let notes = changelog::render(&release, commits, &loaded.package.options.sections());
    if let Some(path) = &args.prepend {
        let existing = crate::files::read_user_text(path)?;
        let updated = changelog::insert(existing.as_deref(), &notes);
        if existing.as_deref() != Some(updated.as_str()) {
            crate::files::write_atomically(path, &updated)?;
        }
    }
    if let Some(path) = &args.github_output {
        let mut outputs = StepOutputs::default();
        outputs.set("version", &release.version);
        outputs.set("tag", &release.tag);
        outputs.set(
            "previous_tag",
            release.previous_tag.as_deref().unwrap_or_default(),
        );
        outputs.set("releasable", releasable);
        outputs.set("notes", &notes);
        outputs.append_to(path)?;
    }
    let context = || Context {
        schema: SCHEMA,
        releases: vec![Section {
            release: release.clone(),
            notes: notes.clone(),
            commits: commits.iter().collect(),
        }],
        unreleased: Vec::new(),
    };
    let mut out = Stdout::new();
    match (&args.template, global.format) {
        (Some(path), _) => out.write(&template(path, &context())?)?,
        (None, Format::Json) => out.json(&context())?,
        (None, _) => out.write(&format!("{notes}\n"))?,
    }
    out.flush()?;
    Ok(Outcome::Pass)
}

/// `--repository-url`, else the `origin` remote; `changelog-host` replaces
/// the host.
fn repository(global: &Global, args: &Args, host: Option<&str>) -> Result<Repository, Error> {
    super::source::repository(&global.repo, args.repository_url.as_deref(), host)
}

/// The version of the context's shape, for templates and JSON consumers.
const SCHEMA: &str = "cicd.changelog/1";

/// Render the template at `path` over `context`.
fn template(path: &std::path::Path, context: &Context<'_>) -> Result<String, Error> {
    let (text, origin) = read_input(path)?;
    Ok(changelog::render_template(&text, &origin, context)?)
}

/// One release, as JSON and templates see it.
#[derive(Serialize)]
struct Section<'a> {
    #[serde(flatten)]
    release: Release,
    notes: String,
    commits: Vec<&'a commits::Commit>,
}

/// The `--all` context: a versioned schema, releases newest first.
#[derive(Serialize)]
struct Context<'a> {
    schema: &'static str,
    releases: Vec<Section<'a>>,
    unreleased: Vec<&'a commits::Commit>,
}

/// Every release from the tags, by graph reachability, in one `git log`
/// ([`changelog::WholeHistory`]): commits are parsed and prepared while git
/// writes them, and each release is written as it is rendered.
fn all(global: &Global, args: &Args, loaded: &Loaded) -> Result<Outcome, Error> {
    let query = history::Query {
        range: None,
        first_parent: args.source.first_parent,
        files: args.source.files,
        tags: true,
        paths: Vec::new(),
        exclude: Vec::new(),
        ..history::Query::default()
    };
    let repository = repository(global, args, loaded.package.keys.changelog_host.as_deref())?;
    let json = global.format == Format::Json || args.template.is_some() || args.unreleased;
    let mut whole = changelog::WholeHistory::new(changelog::WholeOptions {
        sections: loaded.package.options.sections(),
        repository: repository.clone(),
        authors: loaded.package.authors(),
        sentence_case: loaded.package.sentence_case.clone(),
        keep_commits: json,
    });
    for raw in history::log(&global.repo, &query)? {
        whole.push(&raw?);
    }
    let tags = history::tags(&global.repo)?;
    let assigned = whole.assign(&tags, args.source.component.as_deref());
    let kept = |positions: &[usize]| -> Vec<&commits::Commit> {
        positions
            .iter()
            .filter_map(|&at| whole.commit(at))
            .collect()
    };
    if args.unreleased {
        let pending: Vec<commits::Commit> =
            kept(&assigned.unreleased).into_iter().cloned().collect();
        let last = assigned
            .releases
            .iter()
            .find(|(_, members)| !members.is_empty())
            .map(|(tag, _)| tag);
        return single(global, args, loaded, &pending, last.cloned(), repository);
    }
    let mut sink = Sink::open(args.output.as_deref())?;
    if !json {
        sink.write("# Changelog\n")?;
    }
    let mut sections_out = Vec::new();
    for section in whole.releases(&assigned) {
        if json {
            sections_out.push(Section {
                commits: kept(section.members),
                release: section.release,
                notes: section.notes,
            });
        } else {
            // Written as rendered: a whole history is never held as text.
            sink.write("\n")?;
            sink.write(&section.notes)?;
            sink.write("\n")?;
        }
    }
    if json {
        let context = Context {
            schema: SCHEMA,
            releases: sections_out,
            unreleased: kept(&assigned.unreleased),
        };
        let text = match &args.template {
            Some(path) => template(path, &context)?,
            None => {
                serde_json::to_string_pretty(&context).map_err(|err| Error::Stdout(err.into()))?
                    + "\n"
            }
        };
        sink.write(&text)?;
    }
    sink.finish()?;
    Ok(Outcome::Pass)
}

/// Where `--all` writes: stdout, or a file replaced atomically.
enum Sink {
    Stdout(Stdout),
    File(crate::files::AtomicFile),
}

impl Sink {
    fn open(path: Option<&std::path::Path>) -> Result<Self, Error> {
        Ok(match path {
            Some(path) => Self::File(crate::files::AtomicFile::create(path)?),
            None => Self::Stdout(Stdout::new()),
        })
    }

    fn write(&mut self, text: &str) -> Result<(), Error> {
        match self {
            Self::Stdout(out) => out.write(text),
            Self::File(file) => file.write(text),
        }
    }

    fn finish(self) -> Result<(), Error> {
        match self {
            Self::Stdout(mut out) => out.flush(),
            Self::File(file) => file.commit(),
        }
    }
}
