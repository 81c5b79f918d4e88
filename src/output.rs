//! stdout is the product: one buffered writer, errors mapped for the exit code.

use std::io::{BufWriter, StdoutLock, Write};

use clap::ValueEnum;

use crate::error::Error;

/// How results are printed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    /// For people.
    #[default]
    Text,
    /// The serde form of the library's types.
    Json,
    /// GitHub Actions workflow commands (`::error`/`::warning` annotations).
    Github,
    /// CycloneDX 1.6 JSON (`cicd sbom`).
    Cyclonedx,
    /// SPDX 2.3 JSON (`cicd sbom`).
    Spdx,
}

/// Buffered stdout.
pub(crate) struct Stdout(BufWriter<StdoutLock<'static>>);

impl Stdout {
    pub(crate) fn new() -> Self {
        Self(BufWriter::with_capacity(1 << 16, std::io::stdout().lock()))
    }

    /// Write `text` as it is, but for tokens ([`crate::redact`]).
    pub(crate) fn write(&mut self, text: &str) -> Result<(), Error> {
        self.0
            .write_all(crate::redact::redact(text).as_bytes())
            .map_err(Error::Stdout)
    }

    /// Write `value` as pretty JSON and a newline, as it is serialized
    /// (each piece redacted, through the `Write` impl below).
    pub(crate) fn json<T: serde::Serialize>(&mut self, value: &T) -> Result<(), Error> {
        serde_json::to_writer_pretty(&mut *self, value).map_err(|err| Error::Stdout(err.into()))?;
        self.write("\n")
    }

    pub(crate) fn flush(&mut self) -> Result<(), Error> {
        self.0.flush().map_err(Error::Stdout)
    }
}

/// For documents written as they are made (a large SBOM): each piece is
/// redacted as [`Stdout::write`] redacts text.
impl Write for Stdout {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        match std::str::from_utf8(bytes) {
            Ok(text) if crate::redact::any() => {
                self.0.write_all(crate::redact::redact(text).as_bytes())?;
            }
            _ => self.0.write_all(bytes)?,
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush()
    }
}
