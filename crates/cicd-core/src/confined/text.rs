//! A text file's bytes as text to edit, and back: strict UTF-8, with its
//! line endings and byte-order mark kept.

use crate::error::{Error, Result};

/// UTF-8's byte-order mark.
const BOM: &str = "\u{feff}";

/// UTF-8's byte-order mark, as bytes.
const BOM_BYTES: &[u8] = BOM.as_bytes();

/// How a text file is laid out in bytes, beyond its text: what a rewrite
/// must keep so that only the edited lines change.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Style {
    /// The file starts with a UTF-8 byte-order mark.
    pub bom: bool,
    /// Every line ends with `\r\n` (a file that mixes endings is kept as
    /// it is, with new lines ending in `\n`).
    pub crlf: bool,
}

/// A text file's content as edited: line endings as `\n`, no byte-order
/// mark; its [`Style`] puts them back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Text {
    /// The text.
    pub content: String,
    /// How it was laid out.
    pub style: Style,
}

/// The text of `bytes` (read from `path`, named in errors).
///
/// # Errors
///
/// [`Error::Encoding`] naming the byte offset of the first byte that is
/// not UTF-8: a Latin-1 `é` is refused, not turned into `�`.
pub fn decode(path: &str, bytes: Vec<u8>) -> Result<Text> {
    let text = String::from_utf8(bytes).map_err(|err| Error::Encoding {
        path: super::escape_control(path),
        offset: err.utf8_error().valid_up_to(),
    })?;
    Ok(Style::of(text.as_bytes()).strip(text))
}

impl Style {
    /// The style of a file's bytes (UTF-8 or not: only the mark and the
    /// line ends are looked at).
    pub fn of(bytes: &[u8]) -> Self {
        let body = bytes.strip_prefix(BOM_BYTES).unwrap_or(bytes);
        let mut newlines = 0;
        let mut crlf = 0;
        for (at, byte) in body.iter().enumerate() {
            if *byte == b'\n' {
                newlines += 1;
                if at > 0 && body[at - 1] == b'\r' {
                    crlf += 1;
                }
            }
        }
        Self {
            bom: body.len() != bytes.len(),
            crlf: newlines > 0 && crlf == newlines,
        }
    }

    /// `text` as edited: without the mark, with `\n` endings.
    fn strip(self, mut text: String) -> Text {
        if self.bom {
            text.drain(..BOM.len());
        }
        if self.crlf {
            text = text.replace("\r\n", "\n");
        }
        Text {
            content: text,
            style: self,
        }
    }

    /// `content` (edited, `\n` endings) laid out in this style.
    pub fn apply(self, content: &str) -> String {
        let mut out = String::with_capacity(content.len() + content.len() / 32 + BOM.len());
        if self.bom {
            out.push_str(BOM);
        }
        if self.crlf {
            out.push_str(&content.replace('\n', "\r\n"));
        } else {
            out.push_str(content);
        }
        out
    }
}
