//! The NUL-separated `git log` format and its streaming parser.

use std::io::BufRead;

use super::{Person, RawCommit};
use crate::{Error, Result};

/// Marks the start of each record, so that the file names that follow a
/// message (`--name-only -z`) cannot be mistaken for the next record.
const RECORD_START: u8 = 0x1e;

/// The `--format` that [`LogReader`] parses: record marker, id, tree,
/// parents, author name, author e-mail, author date, raw message; with `-z`
/// each field ends in NUL.
pub const FORMAT: &str = "--format=%x1e%H%x00%T%x00%P%x00%an%x00%ae%x00%aI%x00%B";

/// Parse the complete output of `git log -z` with [`FORMAT`] (and
/// `--name-only` when `files` is set).
///
/// # Errors
///
/// [`Error::GitOutput`] when the text is not in that format.
pub fn parse_log(output: &[u8], files: bool) -> Result<Vec<RawCommit>> {
    LogReader::new(output, files).collect()
}

/// Parses `git log -z` output record by record as it is read.
#[derive(Debug)]
pub struct LogReader<R> {
    input: R,
    files: bool,
    /// The field last read, without its NUL (one buffer for all: each value
    /// kept is copied out at its exact size).
    field: Vec<u8>,
    /// `field` was read ahead: the start of the next record, met while
    /// reading files.
    pending: bool,
    done: bool,
}

impl<R: BufRead> LogReader<R> {
    /// Read records from `input`; `files` says whether `--name-only` was given.
    pub fn new(input: R, files: bool) -> Self {
        Self {
            input,
            files,
            field: Vec::with_capacity(1 << 10),
            pending: false,
            done: false,
        }
    }

    /// Read the next NUL-terminated field into `self.field`; `false` at the
    /// end.
    fn next_field(&mut self) -> Result<bool> {
        if self.pending {
            self.pending = false;
            return Ok(true);
        }
        self.field.clear();
        let read = self
            .input
            .read_until(0, &mut self.field)
            .map_err(|err| output_error(format!("could not read it: {err}")))?;
        if read == 0 {
            return Ok(false);
        }
        if self.field.last() == Some(&0) {
            self.field.pop();
        }
        Ok(true)
    }

    fn required(&mut self, what: &str) -> Result<String> {
        if self.next_field()? {
            Ok(text(&self.field))
        } else {
            Err(output_error(format!("the output ended before the {what}")))
        }
    }

    /// The record whose first field is in `self.field`.
    fn record(&mut self) -> Result<RawCommit> {
        let start = &self.field;
        let Some(id) = start.strip_prefix(&[RECORD_START]) else {
            let shown = String::from_utf8_lossy(&start[..start.len().min(40)]).into_owned();
            return Err(output_error(format!(
                "expected a record start, found `{shown}`"
            )));
        };
        let id = text(id);
        let tree = self.required("tree")?;
        let parents = self.required("parents")?;
        let name = self.required("author name")?;
        let email = self.required("author e-mail")?;
        let date = self.required("author date")?;
        let message = self.required("message")?;
        let files = if self.files {
            Some(self.file_names()?)
        } else {
            None
        };
        Ok(RawCommit {
            id,
            tree: (!tree.is_empty()).then_some(tree),
            message,
            parents: parents.split_whitespace().map(str::to_owned).collect(),
            author: Some(Person {
                name,
                email,
                username: None,
            }),
            date: (!date.is_empty()).then_some(date),
            files,
        })
    }

    /// The names after a message: the first starts with a newline; the list
    /// ends where the next record starts.
    fn file_names(&mut self) -> Result<Vec<String>> {
        let mut names = Vec::new();
        while self.next_field()? {
            if self.field.first() == Some(&RECORD_START) {
                self.pending = true;
                break;
            }
            let name = self.field.strip_prefix(b"\n").unwrap_or(&self.field);
            if !name.is_empty() {
                names.push(text(name));
            }
        }
        Ok(names)
    }
}

impl<R: BufRead> Iterator for LogReader<R> {
    type Item = Result<RawCommit>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        loop {
            match self.next_field() {
                Ok(true) if self.field.is_empty() || self.field == b"\n" => continue,
                Ok(true) => break,
                Ok(false) => {
                    self.done = true;
                    return None;
                }
                Err(err) => {
                    self.done = true;
                    return Some(Err(err));
                }
            }
        }
        let record = self.record();
        if record.is_err() {
            self.done = true;
        }
        Some(record)
    }
}

/// The bytes as text, invalid UTF-8 replaced (checked the fast way first:
/// git's output nearly always is UTF-8).
pub(super) fn text(bytes: &[u8]) -> String {
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_owned(),
        Err(_) => String::from_utf8_lossy(bytes).into_owned(),
    }
}

fn output_error(what: String) -> Error {
    Error::GitOutput {
        args: "log".to_owned(),
        what,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(id: &str, parents: &str, message: &str) -> String {
        format!(
            "\u{1e}{id}\0t{id}\0{parents}\0Dev\0dev@example.com\02026-02-05T10:00:00+00:00\0{message}\0"
        )
    }

    #[test]
    fn records_split_on_nul_keep_their_messages_whole() {
        let out = record("b2", "a1", "feat: x\n\nbody\n") + &record("a1", "", "Update\n");
        let commits = parse_log(out.as_bytes(), false).unwrap();
        assert_eq!(commits.len(), 2);
        assert_eq!(commits[0].id, "b2");
        assert_eq!(commits[0].parents, ["a1"]);
        assert_eq!(commits[0].tree.as_deref(), Some("tb2"));
        assert_eq!(commits[0].message, "feat: x\n\nbody\n");
        assert_eq!(commits[1].parents, Vec::<String>::new());
        assert_eq!(
            commits[1].date.as_deref(),
            Some("2026-02-05T10:00:00+00:00")
        );
    }

    #[test]
    fn file_names_follow_the_message_until_the_next_record() {
        let out = record("b2", "a1", "fix: b\n") + "\nb\0d/c\0" + &record("a1", "", "empty\n");
        let commits = parse_log(out.as_bytes(), true).unwrap();
        assert_eq!(
            commits[0].files.as_deref(),
            Some(&["b".to_owned(), "d/c".to_owned()][..])
        );
        assert_eq!(commits[1].files.as_deref(), Some(&[][..]));
    }

    #[test]
    fn truncated_output_is_an_error_not_a_panic() {
        let err = parse_log(b"\x1eabc\0tree\0def", false).unwrap_err();
        assert!(
            err.to_string().contains("ended before the author name"),
            "{err}"
        );
        let err = parse_log(b"garbage\0", false).unwrap_err();
        assert!(err.to_string().contains("expected a record start"), "{err}");
    }

    #[test]
    fn invalid_utf8_is_replaced_not_fatal() {
        let mut out = record("b2", "", "fix: caf").into_bytes();
        out.splice(out.len() - 1..out.len() - 1, [0xe9, b'\n']);
        let commits = parse_log(&out, false).unwrap();
        assert_eq!(commits[0].message, "fix: caf\u{fffd}\n");
    }

    proptest::proptest! {
        #[test]
        fn any_bytes_give_records_or_an_error(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..512), files: bool) {
            let _ = parse_log(&bytes, files);
        }
    }

    #[test]
    fn empty_output_is_an_empty_history() {
        assert!(parse_log(b"", true).unwrap().is_empty());
    }
}
