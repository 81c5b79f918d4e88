//! Print the commits of a repository since its last release tag, parsed, as
//! `cicd commits` does: one line each, with what is not conventional and why.
//!
//! ```sh
//! cargo run --example commits -- [REPO]
//! ```

use std::path::PathBuf;

use cicd_core::history::{self, Query};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let repo = PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| ".".to_owned()));
    let since = history::last_release(&repo, "HEAD", None)?;
    let query = Query {
        range: since.as_ref().map(|tag| format!("{}..HEAD", tag.name)),
        ..Query::default()
    };
    let mut counts = (0, 0);
    for raw in history::log(&repo, &query)? {
        let commit = raw?.parse();
        let short = commit.id.get(..7).unwrap_or(&commit.id);
        match (&commit.conventional, &commit.invalid) {
            (Some(change), _) => {
                counts.0 += 1;
                println!("{short} {:<10} {}", change.kind, change.description);
            }
            (None, Some(invalid)) => {
                counts.1 += 1;
                println!("{short} {:<10} {} ({invalid})", "-", commit.summary);
            }
            (None, None) => {}
        }
    }
    let since = since
        .map(|tag| tag.name)
        .unwrap_or_else(|| "the first commit".to_owned());
    println!("{} conventional, {} not, since {since}", counts.0, counts.1);
    Ok(())
}
