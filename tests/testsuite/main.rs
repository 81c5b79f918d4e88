//! End-to-end tests of the `cicd` binary: trycmd cases and real git repositories.

mod actions;
mod cli_cases;
mod git;
mod github;
mod hostile;
mod install;
mod library;
mod preview;
mod release_please_manifest;
mod sbom;
