//! Files the CLI rewrites are written atomically: a temporary file beside the
//! target, then a rename, so a reader never sees half a CHANGELOG.md.

use std::fs::File;
use std::io::{BufWriter, Write as _};
use std::path::{Path, PathBuf};

use crate::error::Error;

/// Replace `path`'s content with `text` atomically.
pub(crate) fn write_atomically(path: &Path, text: &str) -> Result<(), Error> {
    let mut file = AtomicFile::create(path)?;
    file.write(text)?;
    file.commit()
}

/// A file being written beside its target, renamed over it on [`commit`];
/// dropped without committing, it is removed.
///
/// [`commit`]: AtomicFile::commit
pub(crate) struct AtomicFile {
    target: PathBuf,
    temporary: PathBuf,
    writer: Option<BufWriter<File>>,
}

impl AtomicFile {
    pub(crate) fn create(target: &Path) -> Result<Self, Error> {
        let directory = match target.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent,
            _ => Path::new("."),
        };
        let name = target
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default();
        let temporary = directory.join(format!(".{name}.cicd-{}", std::process::id()));
        let file = File::create(&temporary).map_err(|source| Error::Write {
            path: target.to_owned(),
            source,
        })?;
        Ok(Self {
            target: target.to_owned(),
            temporary,
            writer: Some(BufWriter::with_capacity(1 << 16, file)),
        })
    }

    pub(crate) fn write(&mut self, text: &str) -> Result<(), Error> {
        let writer = self.writer.as_mut().expect("written before commit");
        writer
            .write_all(text.as_bytes())
            .map_err(|source| Error::Write {
                path: self.target.clone(),
                source,
            })
    }

    pub(crate) fn commit(mut self) -> Result<(), Error> {
        let writer = self.writer.take().expect("committed once");
        let done = writer
            .into_inner()
            .map_err(std::io::IntoInnerError::into_error)
            .and_then(|file| file.sync_all())
            .and_then(|()| std::fs::rename(&self.temporary, &self.target));
        done.map_err(|source| Error::Write {
            path: self.target.clone(),
            source,
        })
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if self.writer.is_some() || self.temporary.exists() {
            // Not committed (or the rename failed): leave the target as it was.
            let _ = std::fs::remove_file(&self.temporary);
        }
    }
}
