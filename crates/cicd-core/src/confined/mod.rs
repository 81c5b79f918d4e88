//! Files read on a user's behalf, confined to one directory tree: the
//! repository, or the folder an SBOM is made of.
//!
//! Everything in that tree may have been written by a stranger (a merged
//! pull request), so a path from it or from its configuration is taken only
//! when it stays inside: relative, without `..`, and without a symbolic link
//! on the way (a committed `CHANGELOG.md -> /proc/self/environ` would
//! otherwise be read, prepended to and published). Text files are read as
//! strict UTF-8 and their line endings and byte-order mark are remembered in
//! a [`Style`], so that a rewrite changes only the lines it means to.
//!
//! ```
//! use cicd_core::confined;
//!
//! assert_eq!(confined::relative_path("./docs//CHANGELOG.md").as_deref(), Ok("docs/CHANGELOG.md"));
//! assert!(confined::relative_path("../outside.md").is_err());
//! assert!(confined::relative_path("/etc/passwd").is_err());
//! ```

use std::io::Read as _;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

mod text;

pub use text::{Style, Text, decode};

/// A directory tree files are read from and written to, and nothing outside.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Root {
    dir: PathBuf,
}

/// The largest file read through a [`Root`]: every file we rewrite or parse
/// is far smaller, and a bigger one is refused rather than held in memory.
pub const MAX_FILE_SIZE: u64 = 256 << 20;

impl Root {
    /// The tree under `dir` (itself not checked: the user chose it).
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        Self { dir: dir.into() }
    }

    /// The directory the tree starts at.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The full path of `relative` (with `/` separators), checked: relative,
    /// no `..`, and no symbolic link on any part of it that exists. A path
    /// that does not exist (yet) is returned as it would be.
    ///
    /// # Errors
    ///
    /// [`Error::Confined`] naming the path and why it was refused.
    pub fn resolve(&self, relative: &str) -> Result<PathBuf> {
        let clean = relative_path(relative).map_err(|what| Error::Confined {
            path: escape_control(relative),
            what: what.to_owned(),
        })?;
        let mut full = self.dir.clone();
        if clean.is_empty() {
            return Ok(full);
        }
        let mut so_far = String::new();
        for part in clean.split('/') {
            full.push(part);
            if !so_far.is_empty() {
                so_far.push('/');
            }
            so_far.push_str(part);
            match std::fs::symlink_metadata(&full) {
                Ok(metadata) if metadata.file_type().is_symlink() => {
                    return Err(Error::Confined {
                        path: escape_control(&clean),
                        what: format!(
                            "`{}` is a symbolic link; files are read and written only inside the repository, never through a link",
                            escape_control(&so_far)
                        ),
                    });
                }
                Ok(_) => {}
                // The rest does not exist: nothing on it can be a link.
                Err(_) => break,
            }
        }
        Ok(full)
    }

    /// The path of `full` (a path under [`Self::dir`]) relative to the
    /// tree, checked as [`Self::resolve`] checks it.
    ///
    /// # Errors
    ///
    /// [`Error::Confined`] when `full` is not under the tree.
    pub fn relative_of(&self, full: &Path) -> Result<String> {
        // `a/b` is under `.` as much as `./a/b` is.
        let under_current = self.dir == Path::new(".") && full.is_relative();
        let inside = full.strip_prefix(&self.dir);
        let inside = match inside {
            Err(_) if under_current => Ok(full),
            inside => inside,
        };
        let inside = inside.map_err(|_| Error::Confined {
            path: escape_control(&full.display().to_string()),
            what: format!(
                "outside `{}`; expected a path inside the repository",
                self.dir.display()
            ),
        })?;
        let text = inside.to_string_lossy().replace('\\', "/");
        relative_path(&text).map_err(|what| Error::Confined {
            path: escape_control(&text),
            what: what.to_owned(),
        })
    }

    /// The bytes of `relative`, or `None` when it does not exist; a symbolic
    /// link on the way, a directory or a file over [`MAX_FILE_SIZE`] is
    /// refused.
    ///
    /// # Errors
    ///
    /// [`Error::Confined`] for a refused path, [`Error::Read`] when it exists
    /// but cannot be read.
    pub fn read(&self, relative: &str) -> Result<Option<Vec<u8>>> {
        let full = self.resolve(relative)?;
        match std::fs::symlink_metadata(&full) {
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(source) => return Err(Error::Read { path: full, source }),
            Ok(metadata) if !metadata.is_file() => {
                return Err(Error::Confined {
                    path: escape_control(relative),
                    what: "not a regular file".to_owned(),
                });
            }
            Ok(_) => {}
        }
        read_no_follow(&full, relative).map(Some)
    }

    /// The names of the regular files directly in the folder `relative`,
    /// sorted; links and folders in it are left out.
    ///
    /// # Errors
    ///
    /// [`Error::Confined`] for a refused path, [`Error::Read`] when the
    /// folder cannot be listed.
    pub fn files_in(&self, relative: &str) -> Result<Vec<String>> {
        let full = self.resolve(relative)?;
        let entries = std::fs::read_dir(&full).map_err(|source| Error::Read {
            path: full.clone(),
            source,
        })?;
        let mut names: Vec<String> = entries
            .flatten()
            .filter(|entry| entry.file_type().is_ok_and(|kind| kind.is_file()))
            .filter_map(|entry| entry.file_name().into_string().ok())
            .collect();
        names.sort();
        Ok(names)
    }

    /// The text of `relative` (strict UTF-8, line endings as LF, the
    /// byte-order mark dropped, each remembered in its [`Style`]), or `None`
    /// when it does not exist.
    ///
    /// # Errors
    ///
    /// As [`Self::read`], and [`Error::Encoding`] for text that is not UTF-8.
    pub fn read_text(&self, relative: &str) -> Result<Option<Text>> {
        match self.read(relative)? {
            Some(bytes) => decode(relative, bytes).map(Some),
            None => Ok(None),
        }
    }
}

/// Open `full` without following a link at its last part (a link planted
/// between the check and the open is refused too), and read it whole.
fn read_no_follow(full: &Path, relative: &str) -> Result<Vec<u8>> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.custom_flags(libc::O_NOFOLLOW);
    }
    let read_error = |source| Error::Read {
        path: full.to_owned(),
        source,
    };
    let file = options.open(full).map_err(read_error)?;
    let size = file.metadata().map_err(read_error)?.len();
    if size > MAX_FILE_SIZE {
        return Err(Error::Confined {
            path: escape_control(relative),
            what: format!("{size} bytes; files over {MAX_FILE_SIZE} bytes are not read"),
        });
    }
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    file.take(MAX_FILE_SIZE + 1)
        .read_to_end(&mut bytes)
        .map_err(read_error)?;
    if bytes.len() as u64 > MAX_FILE_SIZE {
        return Err(Error::Confined {
            path: escape_control(relative),
            what: format!("grew past {MAX_FILE_SIZE} bytes while read"),
        });
    }
    Ok(bytes)
}

/// `path` (from a configuration or a repository, `/` separators) as a clean
/// relative path: `.` and empty parts dropped, `""` for the root itself.
///
/// # Errors
///
/// Why it cannot be inside the tree: an absolute path, a `..` part, a
/// drive or a NUL or other control character.
pub fn relative_path(path: &str) -> Result<String, &'static str> {
    if path.starts_with('/') || path.starts_with('\\') {
        return Err("an absolute path; expected a path relative to the repository");
    }
    if path.chars().any(char::is_control) {
        return Err("a control character in a path; expected a plain relative path");
    }
    let mut parts = Vec::new();
    for part in path.split(['/', '\\']) {
        match part {
            "" | "." => {}
            ".." => {
                return Err("`..` climbs out of the folder; expected a path inside the repository");
            }
            // Anywhere: a joined `api/C:/x` would still be a drive on Windows.
            part if part.len() >= 2 && part.as_bytes()[1] == b':' => {
                return Err("a drive path; expected a path relative to the repository");
            }
            part => parts.push(part),
        }
    }
    Ok(parts.join("/"))
}

/// A package folder as the configuration may write it (`./api/`, `api`,
/// `.`, or empty), written one way: no leading `./` or `/`, no trailing
/// `/`, `.` for the root.
///
/// ```
/// use cicd_core::confined::folder;
/// assert_eq!(folder("./api/"), "api");
/// assert_eq!(folder("/"), ".");
/// assert_eq!(folder("packages/web"), "packages/web");
/// ```
#[must_use]
pub fn folder(path: &str) -> &str {
    let trimmed = path.trim_start_matches("./").trim_matches('/');
    if trimmed.is_empty() { "." } else { trimmed }
}

/// `reference`, a path one file gives relative to its `folder` (a
/// requirements file's `-r ../common.txt`), as a clean path from the root:
/// its `..` parts may climb within the root, never above it.
///
/// ```
/// use cicd_core::confined;
///
/// assert_eq!(confined::join("api", "../common.txt").as_deref(), Ok("common.txt"));
/// assert_eq!(confined::join("", "./dev.txt").as_deref(), Ok("dev.txt"));
/// assert!(confined::join("api", "../../outside.txt").is_err());
/// assert!(confined::join("api", "/etc/passwd").is_err());
/// ```
///
/// # Errors
///
/// As [`relative_path`], and when the `..` parts climb above the root.
pub fn join(folder: &str, reference: &str) -> Result<String, &'static str> {
    let folder = relative_path(folder)?;
    if reference.starts_with('/') || reference.starts_with('\\') {
        return Err("an absolute path; expected a path relative to the repository");
    }
    let mut parts: Vec<&str> = folder.split('/').filter(|part| !part.is_empty()).collect();
    for part in reference.split(['/', '\\']) {
        match part {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    return Err(
                        "`..` climbs out of the folder; expected a path inside the repository",
                    );
                }
            }
            part => parts.push(part),
        }
    }
    // The rest of the checks (control characters, drives) on the result.
    relative_path(&parts.join("/"))
}

/// `text` with its control characters (newlines, escapes) written as
/// `\n`, `\u{1b}`: safe in a message, a log or a GitHub workflow command.
pub fn escape_control(text: &str) -> String {
    if !text.chars().any(char::is_control) {
        return text.to_owned();
    }
    text.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_default().collect()
            } else {
                c.to_string()
            }
        })
        .collect()
}

#[cfg(test)]
mod tests;
