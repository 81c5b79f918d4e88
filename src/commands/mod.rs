//! One module per subcommand: its `Args` and its `run`.

pub(crate) mod changelog;
pub(crate) mod checks;
pub(crate) mod commits;
mod github_args;
pub(crate) mod lint;
pub(crate) mod release;
mod release_args;
pub(crate) mod release_pr;
pub(crate) mod sbom;
mod source;
pub(crate) mod version;

use std::path::PathBuf;

use crate::output::Format;

/// Options every subcommand takes.
#[derive(Debug)]
pub(crate) struct Global {
    pub(crate) format: Format,
    pub(crate) repo: PathBuf,
}
