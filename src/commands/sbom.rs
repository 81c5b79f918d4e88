//! `cicd sbom`: the lockfiles of a tree as one CycloneDX 1.6 (default) or
//! SPDX 2.3 document, written atomically (`--output`) or to stdout, with a
//! summary on stderr. The same tree gives the same bytes: paths are relative,
//! the time is `SOURCE_DATE_EPOCH`'s or the `HEAD` commit's.

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
pub(crate) struct Args {
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

pub(crate) fn run(global: &Global, args: &Args) -> Result<Outcome, Error> {
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
    let text = if spdx {
        document.spdx()
    } else {
        document.cyclonedx()
    };
    match &args.output {
        Some(path) => crate::files::write_atomically(path, &text)?,
        None => {
            let mut out = Stdout::new();
            out.write(&text)?;
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
        kinds.join(", "),
        started.elapsed().as_millis()
    );
    Ok(if failed { Outcome::Fail } else { Outcome::Pass })
}
