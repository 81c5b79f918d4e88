//! Scan a folder's lockfiles and print what `cicd sbom` would put in the
//! document: per lockfile its format, package count and graph size, then the
//! CycloneDX JSON on stdout.
//!
//! ```text
//! cargo run --example sbom -- path/to/repository > sbom.cdx.json
//! ```

use std::path::PathBuf;

use cicd_core::sbom::{self, Document};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::args_os()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("."));
    let scanned = sbom::scan(&dir)?;
    for err in &scanned.errors {
        eprintln!("skipped: {err}");
    }
    for lockfile in &scanned.lockfiles {
        eprintln!(
            "{} ({:?} v{}): {} packages, {} edges, sha256 {}",
            lockfile.path,
            lockfile.kind,
            lockfile.format_version.as_deref().unwrap_or("?"),
            lockfile.components.len(),
            lockfile.lock_edges,
            lockfile.sha256
        );
    }
    let document = Document::new("example", scanned.lockfiles, "2026-01-01T00:00:00Z");
    print!("{}", document.cyclonedx());
    Ok(())
}
