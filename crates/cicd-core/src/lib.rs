//! `cicd-core`: the release and CI-gate work of Release Please, git-cliff,
//! commitlint and Syft as pure functions over plain data.
//!
//! Reading git or files happens in a few functions at the edges (named `read`,
//! `load`, `scan`); everything else takes owned data and returns owned data.
//! The library never prints and never touches the network.
//!
//! ```
//! use cicd_core::history;
//!
//! let raw = history::from_json(
//!     r#"[{"sha": "b2", "message": "feat(api)!: drop v1\n\nRefs: #12"},
//!         {"sha": "a1", "message": "Update README.md"}]"#,
//!     "commits.json",
//! )?;
//! let parsed: Vec<_> = raw.iter().map(history::RawCommit::parse).collect();
//! assert!(parsed[0].conventional.as_ref().is_some_and(|change| change.breaking));
//! assert!(parsed[1].invalid.is_some()); // reported, never dropped
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#![warn(missing_docs)]
// The library never prints: stdout and stderr belong to the CLI.
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod changelog;
pub mod commits;
pub mod confined;
mod error;
pub mod history;
mod parallel;
pub mod policy;
pub mod release;
pub mod sbom;
mod similar;
pub mod version;

pub use error::{Error, Result};

#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
