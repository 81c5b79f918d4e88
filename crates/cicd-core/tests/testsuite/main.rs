//! Library tests through the public API only, on real temporary git repositories.

mod history;
mod release_please;
mod sbom;
