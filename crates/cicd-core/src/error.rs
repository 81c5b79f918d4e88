//! The one error type of `cicd-core`: what kept a job from being done.

use std::path::PathBuf;

/// A `Result` whose error defaults to [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Why `cicd-core` could not do a job.
///
/// Findings (a commit that is not conventional, a lint violation) are values in
/// reports, never an `Error`.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A file could not be read.
    #[error("could not read `{}`", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The repository directory does not exist.
    #[error("`{}` is not a directory; expected a git repository", path.display())]
    NotADirectory {
        /// The path given.
        path: PathBuf,
    },
    /// The `git` program could not be started or its output could not be read.
    #[error("could not run `git {args}`; is git installed and on PATH?")]
    GitSpawn {
        /// The arguments given to git.
        args: String,
        /// The cause.
        source: std::io::Error,
    },
    /// `git` ran but reported failure.
    #[error("`git {args}` failed in `{}`: {stderr}", dir.display())]
    Git {
        /// The arguments given to git.
        args: String,
        /// The directory git ran in.
        dir: PathBuf,
        /// What git wrote to stderr, trimmed.
        stderr: String,
    },
    /// A revision names no commit of a history held in memory.
    #[error("unknown revision `{revision}`: no commit or tag of the history given names it")]
    UnknownRevision {
        /// The revision, as asked.
        revision: String,
    },
    /// `git` printed something other than what was asked for.
    #[error("unexpected output from `git {args}`: {what}")]
    GitOutput {
        /// The arguments given to git.
        args: String,
        /// What was wrong with it.
        what: String,
    },
    /// A JSON commit list did not have the expected shape.
    #[error(
        "`{origin}` is not a commit list: {what}; expected a JSON array of \
         {{\"sha\": \"…\", \"message\": \"…\"}} objects, newest first"
    )]
    CommitList {
        /// Where the list came from: a path or `-` for stdin.
        origin: String,
        /// What the JSON parser found wrong, with line and column.
        what: String,
    },
    /// A version could not be read or computed.
    #[error("invalid version `{value}`: {what}")]
    Version {
        /// The text given.
        value: String,
        /// What was wrong and what was expected.
        what: String,
    },
    /// An SBOM to merge is not CycloneDX or SPDX JSON, or not of the others'
    /// format.
    #[error("`{path}`: {what}")]
    SbomDocument {
        /// The document.
        path: String,
        /// What was wrong and what was expected.
        what: String,
    },
    /// A lockfile could not be read as its kind.
    #[error("`{path}{}`: {what}", line.map(|line| format!(":{line}")).unwrap_or_default())]
    Lockfile {
        /// The lockfile, relative to the scanned folder.
        path: String,
        /// The line at fault, when known.
        line: Option<usize>,
        /// What was wrong and what was expected.
        what: String,
    },
    /// A changelog template could not be compiled or rendered.
    #[error("template `{origin}`{}: {what}", line.map(|line| format!(" line {line}")).unwrap_or_default())]
    Template {
        /// The template file.
        origin: String,
        /// The line, when known.
        line: Option<usize>,
        /// What went wrong.
        what: String,
    },
    /// A version file could not be updated.
    #[error("cannot set the version in `{path}`: {what}")]
    VersionFile {
        /// The file.
        path: String,
        /// What was wrong.
        what: String,
    },
    /// A configuration file is invalid.
    #[error("invalid configuration in `{origin}`: {what}")]
    Config {
        /// The file, with a key path where known.
        origin: String,
        /// What was wrong and what was expected.
        what: String,
    },
    /// A path was refused: it would lead outside the repository (or the
    /// scanned folder), or through a symbolic link.
    #[error("refused `{path}`: {what}")]
    Confined {
        /// The path, as given (control characters escaped).
        path: String,
        /// Why, and what was expected.
        what: String,
    },
    /// A text file is not UTF-8.
    #[error(
        "`{path}` is not UTF-8 text: invalid byte at offset {offset}; expected UTF-8 (convert it, e.g. with `iconv -f latin1 -t utf-8`)"
    )]
    Encoding {
        /// The file.
        path: String,
        /// The offset of the first invalid byte.
        offset: usize,
    },
}
