//! What kept the CLI from running a command, and how it is reported.

use std::error::Error as _;
use std::io::Write as _;

/// Why a command could not run (exit code 2).
#[derive(Debug, thiserror::Error)]
pub(crate) enum Error {
    /// The library could not do the job.
    #[error(transparent)]
    Core(#[from] cicd_core::Error),
    /// A file could not be written.
    #[error("could not write `{}`", path.display())]
    Write {
        path: std::path::PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// Writing the product to stdout failed.
    #[error("could not write to stdout")]
    Stdout(#[source] std::io::Error),
    /// GitHub refused a request or could not be reached.
    #[error(transparent)]
    GitHub(#[from] crate::github::ApiError),
    /// The job ran but refused part of what it was asked to do (a merged
    /// release PR whose text disagrees with itself).
    #[error("{0}")]
    Refused(String),
    /// The arguments make no sense together.
    #[error("{0}")]
    Usage(String),
}

impl Error {
    /// A reader that went away (`cicd commits | head`) is not a failure.
    pub(crate) fn is_broken_pipe(&self) -> bool {
        matches!(self, Self::Stdout(err) if err.kind() == std::io::ErrorKind::BrokenPipe)
    }
}

/// Print `err` and its causes on one stderr line.
pub(crate) fn report(err: &Error) {
    let mut line = format!("error: {err}");
    let mut source = err.source();
    while let Some(cause) = source {
        line.push_str(": ");
        line.push_str(&cause.to_string());
        source = cause.source();
    }
    let line = printable(&line);
    // Nothing more can be done when stderr itself is gone.
    let _ = writeln!(std::io::stderr().lock(), "{line}");
}

/// Print a warning on stderr, once: a package planned again (released
/// with others) meets the same warnings a second time.
pub(crate) fn warn(text: &str) {
    static SHOWN: std::sync::Mutex<Vec<u64>> = std::sync::Mutex::new(Vec::new());
    let key = {
        use std::hash::{Hash, Hasher};
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        text.hash(&mut hasher);
        hasher.finish()
    };
    if let Ok(mut shown) = SHOWN.lock() {
        if shown.contains(&key) {
            return;
        }
        shown.push(key);
    }
    let _ = writeln!(std::io::stderr().lock(), "warning: {}", printable(text));
}

/// `text` as one safe line: tokens masked, control characters (a newline
/// that would start a `::warning::` workflow command) escaped.
fn printable(text: &str) -> String {
    cicd_core::confined::escape_control(&crate::redact::redact(text))
}
