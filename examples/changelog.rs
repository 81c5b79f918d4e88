//! Print this repository's changelog (or another's): every release from its
//! tags, commits assigned by graph reachability, in Release Please's format.
//!
//! ```sh
//! cargo run --example changelog -- [REPO] [https://github.com/OWNER/NAME]
//! ```

use std::path::PathBuf;

use cicd_core::changelog::{self, Release, Repository, Sections};
use cicd_core::history::{self, Graph, Query};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let repo = PathBuf::from(args.next().unwrap_or_else(|| ".".to_owned()));
    let url = args
        .next()
        .unwrap_or_else(|| "https://github.com/cicd-core/cicd-core".to_owned());
    let repository = Repository::from_url(&url)?;
    let sections = Sections::for_release_type("rust");
    let query = Query {
        tags: true,
        ..Query::default()
    };
    let mut graph = Graph::default();
    let mut parsed = Vec::new();
    for raw in history::log(&repo, &query)? {
        let raw = raw?;
        graph.push(&raw.id, &raw.parents);
        parsed.push(raw.parse());
    }
    let assigned = graph.assign(&history::tags(&repo)?, None);
    println!("# Changelog");
    if !assigned.unreleased.is_empty() {
        println!("\n{} commits not released yet", assigned.unreleased.len());
    }
    for (position, (tag, members)) in assigned.releases.iter().enumerate() {
        let Some(release) = &tag.release else {
            continue;
        };
        let release = Release {
            version: release.version.to_string(),
            previous_tag: assigned
                .releases
                .get(position + 1)
                .map(|(tag, _)| tag.name.clone()),
            tag: tag.name.clone(),
            date: tag.date.clone().unwrap_or_default(),
            repository: repository.clone(),
            authors: changelog::Authors::Hidden,
        };
        let notes = changelog::render(&release, members.iter().map(|&at| &parsed[at]), &sections);
        println!("\n{notes}");
    }
    Ok(())
}
