//! Files the CLI rewrites, all or none.
//!
//! Each file of a job is staged first: a new temporary file beside its
//! target, with a random name, created new (so a link planted under that
//! name is never followed), given the target's mode and, for text, its line
//! endings and byte-order mark. Only when every file is staged are they
//! renamed over their targets; when a rename fails, the files renamed before
//! it get their old bytes back. A reader never sees half a CHANGELOG.md, and
//! a failed release leaves the tree as it was.
//!
//! Paths from the repository or its configuration go through
//! [`cicd_core::confined::Root`]: never outside the repository, never
//! through a symbolic link. Paths the user typed (`--output`) may be
//! anywhere, but their last part may not be a link either.

use std::io::{BufWriter, Write as _};
use std::path::{Path, PathBuf};

use cicd_core::confined::{Root, Style};
use tempfile::NamedTempFile;

use crate::error::Error;

/// The name every temporary file of ours starts with, then the process id.
const TEMP_PREFIX: &str = ".cicd-";
/// The name every temporary file of ours ends with.
const TEMP_SUFFIX: &str = ".tmp";

/// Rewrite each `(path, text)` under `root`: the text (edited, `\n`
/// endings) in the style of the file it replaces, all or none.
pub(crate) fn write_all(root: &Root, files: &[(&str, &str)]) -> Result<(), Error> {
    let mut staged = Vec::with_capacity(files.len());
    let mut cleaned: Vec<PathBuf> = Vec::new();
    for (path, text) in files {
        let target = root.resolve(path)?;
        let (directory, _) = split(&target);
        if !cleaned.contains(&directory) {
            remove_stale_temporaries(&directory);
            cleaned.push(directory);
        }
        staged.push(Staged::new(target, Content::Text(text))?);
    }
    commit_all(staged)
}

/// `text` (edited, `\n` endings) laid out as the file at `path` under
/// `root` is: its line endings and byte-order mark. For content sent
/// elsewhere (a commit through GitHub's API).
pub(crate) fn in_style_of(root: &Root, path: &str, text: &str) -> Result<String, Error> {
    let style = match root.read(path)? {
        Some(bytes) => Style::of(&bytes),
        None => Style::default(),
    };
    Ok(style.apply(text))
}

/// Append `text` (tokens masked) to the file at `path`, made when missing:
/// a step summary.
pub(crate) fn append(path: &Path, text: &str) -> Result<(), Error> {
    use std::io::Write as _;
    let write = |source| Error::Write {
        path: path.to_owned(),
        source,
    };
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .map_err(write)?;
    file.write_all(crate::redact::redact(text).as_bytes())
        .map_err(write)
}

/// Replace `path` (given on the command line) with `text` (edited, `\n`
/// endings) atomically, in the style of the file it replaces.
pub(crate) fn write_atomically(path: &Path, text: &str) -> Result<(), Error> {
    let target = checked_user_path(path)?;
    remove_stale_temporaries(&split(&target).0);
    commit_all(vec![Staged::new(target, Content::Text(text))?])
}

/// The text of `path` (given on the command line), `None` when it does not
/// exist; as [`write_atomically`] checks it, and strict UTF-8.
pub(crate) fn read_user_text(path: &Path) -> Result<Option<String>, Error> {
    let path = checked_user_path(path)?;
    let (directory, name) = split(&path);
    Ok(Root::new(directory)
        .read_text(&name)?
        .map(|text| text.content))
}

/// The bytes of a file the user named, read as [`read_user_text`] reads
/// (its last part never a link, at most the confined layer's size), when
/// it exists.
pub(crate) fn read_user_bytes(path: &Path) -> Result<Option<Vec<u8>>, Error> {
    let path = checked_user_path(path)?;
    let (directory, name) = split(&path);
    Ok(Root::new(directory).read(&name)?)
}

/// A path the user typed, checked: its last part may not be a link, nor,
/// when it is relative and stays in the current folder, any part of it (a
/// committed `docs -> /etc` is the repository's, not the user's, choice).
pub(crate) fn checked_user_path(path: &Path) -> Result<PathBuf, Error> {
    if let Some(relative) = path
        .is_relative()
        .then(|| path.to_str())
        .flatten()
        .filter(|text| cicd_core::confined::relative_path(text).is_ok())
    {
        return Ok(Root::new(".").resolve(relative).map(|_| path.to_owned())?);
    }
    Ok(path.to_owned())
}

/// The folder and the name of `path`.
fn split(path: &Path) -> (PathBuf, String) {
    let directory = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_owned(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    (directory, name)
}

/// A file being written beside its target (given on the command line),
/// renamed over it on [`commit`]; dropped without committing, it is removed.
///
/// [`commit`]: AtomicFile::commit
pub(crate) struct AtomicFile {
    staged: Staged,
    writer: BufWriter<std::fs::File>,
}

impl AtomicFile {
    pub(crate) fn create(target: &Path) -> Result<Self, Error> {
        let target = checked_user_path(target)?;
        remove_stale_temporaries(&split(&target).0);
        let staged = Staged::new(target, Content::Streamed)?;
        let file = staged
            .temporary
            .as_file()
            .try_clone()
            .map_err(|source| staged.error(source))?;
        Ok(Self {
            staged,
            writer: BufWriter::with_capacity(1 << 16, file),
        })
    }

    pub(crate) fn write(&mut self, text: &str) -> Result<(), Error> {
        self.writer
            .write_all(text.as_bytes())
            .map_err(|source| self.staged.error(source))
    }

    pub(crate) fn commit(self) -> Result<(), Error> {
        let Self { staged, writer } = self;
        writer
            .into_inner()
            .map_err(std::io::IntoInnerError::into_error)
            .map_err(|source| staged.error(source))?;
        commit_all(vec![staged])
    }
}

impl std::io::Write for AtomicFile {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.writer.write(bytes)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.writer.flush()
    }
}

/// What a staged file holds.
enum Content<'a> {
    /// Text written now, in the target's style.
    Text(&'a str),
    /// Bytes written later, through [`AtomicFile`].
    Streamed,
}

/// One file written beside its target, not yet renamed over it.
struct Staged {
    target: PathBuf,
    temporary: NamedTempFile,
    /// The target before, to put back if a later rename fails.
    before: Before,
}

/// What a target held before it was written.
enum Before {
    /// No file.
    Absent,
    /// These bytes.
    Bytes(Vec<u8>),
    /// A file not read: one written alone (`AtomicFile`), which no later
    /// rename can fail after, so it is never put back. Its old content is
    /// not held beside the new (an SBOM's can be hundreds of megabytes).
    Unread,
}

impl Staged {
    fn new(target: PathBuf, content: Content<'_>) -> Result<Self, Error> {
        let (directory, name) = split(&target);
        let write_error = |source| Error::Write {
            path: target.clone(),
            source,
        };
        // The last part may not be a link (the rest was checked by the
        // root, or typed by the user).
        let folder = Root::new(&directory);
        let before = match content {
            Content::Text(_) => folder
                .read(&name)?
                .map(Before::Bytes)
                .unwrap_or(Before::Absent),
            Content::Streamed => {
                let resolved = folder.resolve(&name)?;
                if std::fs::symlink_metadata(resolved).is_ok() {
                    Before::Unread
                } else {
                    Before::Absent
                }
            }
        };
        let mut temporary =
            temporary_beside(&directory, existing_mode(&target)).map_err(write_error)?;
        if let Content::Text(text) = content {
            let style = match &before {
                Before::Bytes(bytes) => Style::of(bytes),
                Before::Absent | Before::Unread => Style::default(),
            };
            temporary
                .write_all(style.apply(text).as_bytes())
                .map_err(write_error)?;
        }
        Ok(Self {
            target,
            temporary,
            before,
        })
    }

    fn error(&self, source: std::io::Error) -> Error {
        Error::Write {
            path: self.target.clone(),
            source,
        }
    }
}

/// Rename every staged file over its target; when one fails, put back the
/// targets renamed before it and report the failure.
fn commit_all(staged: Vec<Staged>) -> Result<(), Error> {
    for file in &staged {
        file.temporary
            .as_file()
            .sync_all()
            .map_err(|source| file.error(source))?;
    }
    let mut done: Vec<(PathBuf, Before)> = Vec::with_capacity(staged.len());
    for file in staged {
        let Staged {
            target,
            temporary,
            before,
        } = file;
        if let Err(err) = temporary.persist(&target) {
            for (path, before) in done.into_iter().rev() {
                restore(&path, &before);
            }
            return Err(Error::Write {
                path: target,
                source: err.error,
            });
        }
        done.push((target, before));
    }
    Ok(())
}

/// Put `before` back at `path` (or remove it when there was no file), as
/// well as can be: this runs only after another failure.
fn restore(path: &Path, before: &Before) {
    match before {
        Before::Bytes(bytes) => {
            let (directory, _) = split(path);
            if let Ok(mut temporary) = temporary_beside(&directory, existing_mode(path)) {
                if temporary.write_all(bytes).is_ok() {
                    let _ = temporary.persist(path);
                }
            }
        }
        Before::Absent => {
            let _ = std::fs::remove_file(path);
        }
        Before::Unread => {}
    }
}

/// A new temporary file of ours in `directory`, with a random name, created
/// new (never through a link planted there), given `mode` (a new file's
/// usual `0644` when `None`).
fn temporary_beside(directory: &Path, mode: Option<u32>) -> std::io::Result<NamedTempFile> {
    let temporary = tempfile::Builder::new()
        .prefix(&format!("{TEMP_PREFIX}{}-", std::process::id()))
        .suffix(TEMP_SUFFIX)
        .tempfile_in(directory)?;
    set_mode(temporary.as_file(), mode)?;
    Ok(temporary)
}

/// The permission bits of `path` (not following a link), if it exists.
fn existing_mode(path: &Path) -> Option<u32> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        std::fs::symlink_metadata(path)
            .ok()
            .filter(std::fs::Metadata::is_file)
            .map(|metadata| metadata.permissions().mode() & 0o7777)
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        None
    }
}

/// Give the temporary file the target's mode, or a new file's usual
/// `0644` (a temporary file starts at `0600`).
fn set_mode(file: &std::fs::File, mode: Option<u32>) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        file.set_permissions(std::fs::Permissions::from_mode(mode.unwrap_or(0o644)))
    }
    #[cfg(not(unix))]
    {
        let _ = (file, mode);
        Ok(())
    }
}

/// Remove temporary files of ours in `directory` left by a process that
/// no longer runs (killed mid-write), so that a later `git add -A` does not
/// commit them. Only regular files named as ours; a link is left alone.
fn remove_stale_temporaries(directory: &Path) {
    let Ok(entries) = std::fs::read_dir(directory) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name
            .to_str()
            .and_then(|name| name.strip_prefix(TEMP_PREFIX))
            .filter(|rest| rest.ends_with(TEMP_SUFFIX))
            .and_then(|rest| rest.split_once('-'))
            .and_then(|(pid, _)| pid.parse::<u32>().ok())
        else {
            continue;
        };
        let regular = entry.file_type().is_ok_and(|kind| kind.is_file());
        if regular && pid != std::process::id() && !process_runs(pid) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Whether process `pid` still runs (Linux: `/proc/PID` exists; elsewhere
/// assumed to, so nothing is removed that may be in use).
fn process_runs(pid: u32) -> bool {
    let proc = Path::new("/proc");
    if proc.join("self").exists() {
        proc.join(pid.to_string()).exists()
    } else {
        true
    }
}

#[cfg(test)]
mod tests;
