//! `cicd sbom`: the lockfiles of a tree as one CycloneDX 1.6 (default) or
//! SPDX 2.3 document, written atomically (`--output`) or to stdout, with a
//! summary on stderr. The same tree gives the same bytes: paths are relative,
//! the time is `SOURCE_DATE_EPOCH`'s or the `HEAD` commit's.
//!
//! `cicd sbom merge`: SBOMs of one format, ours or another tool's, as one.

use std::io::Write as _;
use std::path::PathBuf;
use std::time::Instant;

use cicd_core::history;
use cicd_core::sbom::{self, Document};

use super::Global;
use crate::Outcome;
use crate::error::{Error, warn};
use crate::output::{Format, Stdout};

/// Arguments of `cicd sbom`.
#[derive(Debug, clap::Args)]
#[command(args_conflicts_with_subcommands = true)]
pub(crate) struct Args {
    #[command(subcommand)]
    action: Option<Action>,
    /// The folder to scan [default: the repository, `-C`]
    #[arg(value_name = "DIR")]
    dir: Option<PathBuf>,
    /// Write the document to this file (atomically) instead of stdout.
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Report a lockfile that cannot be read and assemble the others (exit 1)
    /// instead of writing nothing (exit 2).
    #[arg(long)]
    keep_going: bool,
    /// The project's name in the document [default: the folder's name]
    #[arg(long, value_name = "NAME")]
    name: Option<String>,
}

/// What `cicd sbom` can do besides scanning.
#[derive(Debug, clap::Subcommand)]
enum Action {
    /// Merge SBOMs of one format (CycloneDX or SPDX JSON, from any tool) into
    /// one: packages matched by purl, every graph kept
    Merge(MergeArgs),
}

/// Arguments of `cicd sbom merge`.
#[derive(Debug, clap::Args)]
struct MergeArgs {
    /// The SBOMs to merge (`-` for stdin, once)
    #[arg(value_name = "FILE", required = true, num_args = 1..)]
    files: Vec<PathBuf>,
    /// Write the document to this file (atomically) instead of stdout.
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
    /// The merged project's name [default: the output file's stem, else
    /// `merged`]
    #[arg(long, value_name = "NAME")]
    name: Option<String>,
}

pub(crate) fn run(global: &Global, args: &Args) -> Result<Outcome, Error> {
    if let Some(Action::Merge(merge)) = &args.action {
        return run_merge(global, merge);
    }
    let spdx = match global.format {
        Format::Spdx => true,
        Format::Text | Format::Json | Format::Cyclonedx => false,
        Format::Github => {
            return Err(Error::Usage(
                "`cicd sbom` writes `--format cyclonedx` (the default) or `--format spdx`"
                    .to_owned(),
            ));
        }
    };
    let started = Instant::now();
    let dir = args.dir.clone().unwrap_or_else(|| global.repo.clone());
    if !dir.is_dir() {
        return Err(Error::Usage(format!(
            "`{}` is not a folder to scan",
            dir.display()
        )));
    }
    let scanned = sbom::scan(&dir)?;
    let failed = !scanned.errors.is_empty();
    if failed && !args.keep_going {
        let count = scanned.errors.len();
        for err in scanned.errors {
            crate::error::report(&Error::Core(err));
        }
        return Err(Error::Usage(format!(
            "{count} lockfile(s) could not be read; nothing written (`--keep-going` writes the rest)"
        )));
    }
    for err in &scanned.errors {
        warn(&format!("skipped: {err}"));
    }
    let name = args.name.clone().unwrap_or_else(|| {
        std::fs::canonicalize(&dir)
            .ok()
            .and_then(|path| {
                path.file_name()
                    .map(|name| name.to_string_lossy().into_owned())
            })
            .unwrap_or_else(|| "project".to_owned())
    });
    let created = crate::clock::timestamp(history::commit_time(&dir, "HEAD").ok().flatten());
    let kinds: Vec<String> = scanned
        .lockfiles
        .iter()
        .map(|lockfile| match &lockfile.format_version {
            Some(version) => format!("{} (v{version})", lockfile.path),
            None => lockfile.path.clone(),
        })
        .collect();
    let document = Document::new(&name, scanned.lockfiles, &created);
    // Written as it is made: a document of 230,000 components is never
    // held whole.
    let write = |out: &mut dyn std::io::Write| {
        if spdx {
            document.write_spdx(out)
        } else {
            document.write_cyclonedx(out)
        }
    };
    match &args.output {
        Some(path) => {
            let mut file = crate::files::AtomicFile::create(path)?;
            write(&mut file).map_err(|source| Error::Write {
                path: path.clone(),
                source,
            })?;
            file.commit()?;
        }
        None => {
            let mut out = Stdout::new();
            write(&mut out).map_err(Error::Stdout)?;
            out.flush()?;
        }
    }
    let (components, edges) = document.counts();
    if kinds.is_empty() {
        warn(&format!("no lockfile under `{}`", dir.display()));
    }
    let _ = writeln!(
        std::io::stderr().lock(),
        "cicd sbom: {} lockfile(s){}{}, {components} components, {edges} dependency edges, {} ms",
        kinds.len(),
        if kinds.is_empty() { "" } else { ": " },
        // A lockfile's path may hold a newline: never a line of its own.
        cicd_core::confined::escape_control(&kinds.join(", ")),
        started.elapsed().as_millis()
    );
    Ok(if failed { Outcome::Fail } else { Outcome::Pass })
}

fn run_merge(global: &Global, args: &MergeArgs) -> Result<Outcome, Error> {
    let started = Instant::now();
    let wanted = match global.format {
        Format::Text => None,
        Format::Cyclonedx | Format::Json => Some(sbom::merge::SbomFormat::CycloneDx),
        Format::Spdx => Some(sbom::merge::SbomFormat::Spdx),
        Format::Github => {
            return Err(Error::Usage(
                "`cicd sbom merge` writes the inputs' format: `--format cyclonedx` or `--format spdx`"
                    .to_owned(),
            ));
        }
    };
    let mut inputs = Vec::new();
    for path in &args.files {
        let (text, origin) = super::source::read_input(path)?;
        let document: serde_json::Value = serde_json::from_str(&text).map_err(|err| {
            Error::Core(cicd_core::Error::SbomDocument {
                path: format!("{origin}:{}", err.line()),
                what: format!("not valid JSON: {err}"),
            })
        })?;
        inputs.push(sbom::merge::Input {
            path: origin,
            document,
        });
    }
    if let (Some(wanted), Some(first)) = (wanted, inputs.first()) {
        let found = sbom::merge::format_of(&first.path, &first.document)?;
        if found != wanted {
            return Err(Error::Usage(format!(
                "`{}` is {found} and `cicd sbom merge` does not convert: drop `--format` or give `--format {}`",
                first.path,
                if found == sbom::merge::SbomFormat::Spdx {
                    "spdx"
                } else {
                    "cyclonedx"
                }
            )));
        }
    }
    let name = args.name.clone().unwrap_or_else(|| {
        args.output
            .as_deref()
            .and_then(|path| path.file_name())
            .map(|name| name.to_string_lossy())
            .and_then(|name| name.split('.').next().map(str::to_owned))
            .filter(|stem| !stem.is_empty())
            .unwrap_or_else(|| "merged".to_owned())
    });
    let created = crate::clock::timestamp(None);
    let merged = sbom::merge::merge(&inputs, &name, &created)?;
    match &args.output {
        Some(path) => crate::files::write_atomically(path, &merged.text)?,
        None => {
            let mut out = Stdout::new();
            out.write(&merged.text)?;
            out.flush()?;
        }
    }
    let _ = writeln!(
        std::io::stderr().lock(),
        "cicd sbom merge: {} document(s) ({}), {} components, {} dependency edges, {} folded by purl, {} ms",
        inputs.len(),
        merged.format,
        merged.components,
        merged.edges,
        merged.folded,
        started.elapsed().as_millis()
    );
    Ok(Outcome::Pass)
}
