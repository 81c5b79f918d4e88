//! Files the CLI rewrites are written atomically: a temporary file beside the
//! target, then a rename, so a reader never sees half a CHANGELOG.md.

use std::io::Write as _;
use std::path::Path;

use crate::error::Error;

/// Replace `path`'s content with `text` atomically.
pub(crate) fn write_atomically(path: &Path, text: &str) -> Result<(), Error> {
    let directory = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temporary = directory.join(format!(".{name}.cicd-{}", std::process::id()));
    let written = std::fs::File::create(&temporary)
        .and_then(|mut file| {
            file.write_all(text.as_bytes())?;
            file.sync_all()
        })
        .and_then(|()| std::fs::rename(&temporary, path));
    written.map_err(|source| {
        let _ = std::fs::remove_file(&temporary);
        Error::Write {
            path: path.to_owned(),
            source,
        }
    })
}
