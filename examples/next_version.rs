//! Print the next version of a repository, as Release Please would decide it,
//! with the effect of every change since the last release tag.
//!
//! ```sh
//! cargo run --example next_version -- [REPO] [RELEASE-TYPE]
//! ```

use std::path::PathBuf;

use cicd_core::history::{self, Query};
use cicd_core::version;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let repo = PathBuf::from(args.next().unwrap_or_else(|| ".".to_owned()));
    let options = version::Options {
        release_type: args.next(),
        ..version::Options::default()
    };
    let last = history::last_release(&repo, "HEAD", None)?;
    let query = Query {
        range: last.as_ref().map(|tag| format!("{}..HEAD", tag.name)),
        ..Query::default()
    };
    let commits: Vec<_> = history::read(&repo, &query)?
        .iter()
        .map(history::RawCommit::parse)
        .collect();
    let current = last
        .and_then(|tag| tag.release)
        .map(|release| release.version);
    let decision = version::next(current.as_ref(), &commits, &options)?;
    for effect in &decision.effects {
        let short = effect.sha.get(..7).unwrap_or(&effect.sha);
        println!(
            "{short} {:<40} {:?}: {}",
            effect.header, effect.bump, effect.reason
        );
    }
    let from = current
        .map(|version| version.to_string())
        .unwrap_or_else(|| "nothing".to_owned());
    let verdict = if decision.releasable {
        ""
    } else {
        " (nothing shows in the notes: no release)"
    };
    println!("{from} -> {}{verdict}", decision.version);
    Ok(())
}
