//! `cicd commits`: parsed commits, as text or JSON.

use std::fmt::Write as _;

use cicd_core::commits::Commit;

use super::Global;
use super::source::SourceArgs;
use crate::Outcome;
use crate::error::Error;
use crate::output::{Format, Stdout};

/// Arguments of `cicd commits`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    #[command(flatten)]
    source: SourceArgs,
}

pub(crate) fn run(global: &Global, args: &Args) -> Result<Outcome, Error> {
    if global.format == Format::Github {
        return Err(Error::Usage(
            "`--format github` is for `cicd lint`; use `text` or `json` with `cicd commits`"
                .to_owned(),
        ));
    }
    let mut out = Stdout::new();
    let mut first = true;
    if global.format == Format::Json {
        out.write("[")?;
    }
    for raw in args.source.open(&global.repo)? {
        let commit = raw?.into_commit();
        match global.format {
            Format::Json => {
                out.write(if first { "\n" } else { ",\n" })?;
                let json = serde_json::to_string_pretty(&commit)
                    .map_err(|err| Error::Stdout(err.into()))?;
                out.write(&indent(&json))?;
            }
            _ => out.write(&line(&commit))?,
        }
        first = false;
    }
    if global.format == Format::Json {
        out.write(if first { "]\n" } else { "\n]\n" })?;
    }
    out.flush()?;
    Ok(Outcome::Pass)
}

fn indent(json: &str) -> String {
    let mut out = String::with_capacity(json.len() + json.len() / 8);
    for (i, line) in json.lines().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str("  ");
        out.push_str(line);
    }
    out
}

/// `1a2b3c4 feat(api)!: drop v1  [breaking]`: the short id, the summary as
/// written, then what else is known about the commit; nested changes below.
fn line(commit: &Commit) -> String {
    let short = commit.id.get(..7).unwrap_or(&commit.id);
    let mut text = format!("{short} ");
    let mut marks = Vec::new();
    match (&commit.conventional, &commit.invalid) {
        (Some(change), _) => {
            text.push_str(&commit.summary);
            if change.breaking {
                marks.push("breaking".to_owned());
            }
            marks.extend(
                change
                    .deviations
                    .iter()
                    .map(|deviation| format!("deviation: {deviation}")),
            );
        }
        (None, Some(invalid)) => {
            text.push_str(&commit.summary);
            marks.push(format!("not conventional: {invalid}"));
        }
        (None, None) => text.push_str(&commit.summary),
    }
    if let Some(merge) = &commit.merge {
        marks.push(match merge.pull_request {
            Some(number) => format!("merge #{number}"),
            None => "merge".to_owned(),
        });
    }
    if let Some(revert) = &commit.revert {
        marks.push(format!("reverts \"{}\"", revert.header));
    }
    if let Some(autosquash) = &commit.autosquash {
        marks.push(format!("{:?}", autosquash.action).to_lowercase());
    }
    if !marks.is_empty() {
        let _ = write!(text, "  [{}]", marks.join("; "));
    }
    text.push('\n');
    for change in &commit.nested {
        let _ = writeln!(
            text,
            "{:width$} + {}",
            "",
            change.header(),
            width = short.len()
        );
    }
    text
}
