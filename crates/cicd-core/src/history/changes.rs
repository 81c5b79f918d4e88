//! The files each commit changed, asked of a second git process while the
//! first one is still writing the log.
//!
//! `git log --name-only` walks the history and diffs every commit in one
//! process, one after the other. Here `git log` only walks (and gives each
//! commit's tree), and `git diff-tree --stdin` diffs each commit's tree
//! against its parent's as they arrive, on another core. The files are
//! those `git log --name-only` lists, renames under their new name: a
//! merge's first parent's diff (`--diff-merges=first-parent`, as GitHub
//! lists a merge commit's files), but none when the log is limited to paths
//! (where git's own history simplification decides which merges show),
//! every file for a root commit.
//!
//! `diff-tree` answers a tree pair with the pair (`<old> <new>\n`), then the
//! file names (`-z`: each ends in NUL). An answer ends where the next pair's
//! starts, or at the end of the output: a reading thread splits them and
//! hands each over as soon as the next one begins.

use std::io::{BufWriter, Read, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::mpsc::{Receiver, Sender, TryRecvError, channel};
use std::thread::JoinHandle;

use super::id::{Id, IdMap};
use crate::{Error, Result};

/// The arguments given to `git`, as messages show them.
const ARGS: &str = "diff-tree --stdin -r -z --name-only -M";

/// The empty tree's id in SHA-1 and SHA-256 repositories: a root commit's
/// files are its tree's, diffed against it.
const EMPTY_TREE_SHA1: &str = "4b825dc642cb6eb9a060e54bf8d69288fbee4904";
const EMPTY_TREE_SHA256: &str = "6ef19b41225c5369f1c104d45d8d85efa9b057b53b14b4b9b939dd74decc5321";

/// A commit's files: its position in the log, and the names.
type Answer = (usize, Vec<String>);

/// One running `git diff-tree --stdin`, fed commit by commit.
#[derive(Debug)]
pub(super) struct Changes {
    child: Child,
    requests: Option<BufWriter<ChildStdin>>,
    /// The pair asked for each commit, in the order asked, to the reader.
    asked: Option<Sender<(usize, String)>>,
    answers: Receiver<Result<Answer>>,
    reader: Option<JoinHandle<()>>,
    stderr: Option<JoinHandle<String>>,
    /// Each commit read, by id: its tree.
    trees: IdMap<Box<str>>,
    /// Commits waiting for their parent's tree, by parent id: their
    /// positions and trees.
    waiting: IdMap<Vec<(usize, Box<str>)>>,
    /// Files known without asking (unchanged trees), by position.
    known: Vec<Answer>,
    /// Whether a merge's files are its first parent's diff (else none).
    merges_diffed: bool,
}

impl Changes {
    /// Start `git diff-tree --stdin` in `repo`, listing only the files
    /// under `paths` when there are some (as `git log -- PATH` lists them).
    pub(super) fn start(repo: &Path, paths: &[String]) -> Result<Self> {
        let mut child = Command::new("git")
            .args(["diff-tree", "--stdin", "-r", "-z", "--name-only", "-M"])
            .arg("--")
            .args(paths)
            .current_dir(repo)
            // Answers in full buffers, not one write each: the log is read
            // ahead while they come.
            .env("GIT_FLUSH", "0")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|source| Error::GitSpawn {
                args: ARGS.to_owned(),
                source,
            })?;
        let stdin = child.stdin.take().expect("stdin was piped");
        let stdout = child.stdout.take().expect("stdout was piped");
        let mut stderr = child.stderr.take().expect("stderr was piped");
        let (asked, expected) = channel();
        let (answer, answers) = channel();
        let reader = std::thread::spawn(move || read_answers(stdout, &expected, &answer));
        // Drained all along: a git that writes many warnings never blocks.
        let stderr = std::thread::spawn(move || {
            let mut text = String::new();
            let _ = stderr.read_to_string(&mut text);
            text
        });
        Ok(Self {
            child,
            requests: Some(BufWriter::with_capacity(1 << 14, stdin)),
            asked: Some(asked),
            answers,
            reader: Some(reader),
            stderr: Some(stderr),
            trees: IdMap::default(),
            waiting: IdMap::default(),
            known: Vec::new(),
            merges_diffed: paths.is_empty(),
        })
    }

    /// Ask for the files of the commit at `position` in the log, whose tree
    /// is `tree`: now if its parent's tree is known, else once it is.
    pub(super) fn commit(
        &mut self,
        position: usize,
        id: &str,
        tree: &str,
        parents: &[String],
    ) -> Result<()> {
        let key = Id::of(id);
        if let Some(children) = self.waiting.remove(&key) {
            for (child, child_tree) in children {
                self.ask(child, tree, &child_tree)?;
            }
        }
        self.trees.insert(key, tree.into());
        match parents {
            [] => {
                let empty = if tree.len() == EMPTY_TREE_SHA256.len() {
                    EMPTY_TREE_SHA256
                } else {
                    EMPTY_TREE_SHA1
                };
                self.ask(position, empty, tree)
            }
            [_, _, ..] if !self.merges_diffed => {
                self.known.push((position, Vec::new()));
                Ok(())
            }
            [parent, ..] => {
                let key = Id::of(parent);
                if let Some(parent_tree) = self.trees.get(&key) {
                    let parent_tree = parent_tree.clone();
                    return self.ask(position, &parent_tree, tree);
                }
                self.waiting
                    .entry(key)
                    .or_default()
                    .push((position, tree.into()));
                Ok(())
            }
        }
    }

    fn ask(&mut self, position: usize, old: &str, new: &str) -> Result<()> {
        if old == new {
            self.known.push((position, Vec::new()));
            return Ok(());
        }
        let (Some(asked), Some(requests)) = (&self.asked, &mut self.requests) else {
            return Ok(());
        };
        let mut pair = String::with_capacity(old.len() + new.len() + 1);
        pair.push_str(old);
        pair.push(' ');
        pair.push_str(new);
        let written = requests
            .write_all(pair.as_bytes())
            .and_then(|()| requests.write_all(b"\n"));
        if let Err(err) = written {
            return Err(self.failure(format!("could not write to it: {err}")));
        }
        // Sent after the writing: should git answer first, the reader
        // waits for it here.
        if asked.send((position, pair)).is_err() {
            return Err(self.failure("the reader of its answers stopped".to_owned()));
        }
        Ok(())
    }

    /// The log is read: ask for the commits whose parents lie outside it
    /// (their trees come from `git cat-file`), and let git finish.
    pub(super) fn finish_requests(&mut self, repo: &Path) -> Result<()> {
        let mut parents: Vec<String> = self.waiting.keys().map(Id::to_string).collect();
        parents.sort_unstable();
        if !parents.is_empty() {
            let input: String = parents
                .iter()
                .map(|id| format!("{id}^{{tree}}\n"))
                .collect();
            let output = super::git::run_with_input(
                repo,
                &["cat-file", "--batch-check=%(objectname)"],
                input.as_bytes(),
            )?;
            let output = String::from_utf8_lossy(&output);
            for (parent, line) in parents.iter().zip(output.lines()) {
                let tree = line.trim();
                if tree.ends_with("missing") || tree.contains(' ') {
                    return Err(Error::GitOutput {
                        args: "cat-file --batch-check".to_owned(),
                        what: format!("the tree of `{parent}` is missing: fetch the whole history"),
                    });
                }
                for (child, child_tree) in self.waiting.remove(&Id::of(parent)).unwrap_or_default()
                {
                    self.ask(child, tree, &child_tree)?;
                }
            }
        }
        self.asked = None;
        if let Some(mut requests) = self.requests.take() {
            requests
                .flush()
                .map_err(|err| self.failure(format!("could not write to it: {err}")))?;
        }
        Ok(())
    }

    /// Files known so far, without waiting.
    pub(super) fn ready(&mut self) -> Result<Vec<Answer>> {
        let mut ready = std::mem::take(&mut self.known);
        loop {
            match self.answers.try_recv() {
                Ok(answer) => ready.push(answer?),
                Err(TryRecvError::Empty | TryRecvError::Disconnected) => return Ok(ready),
            }
        }
    }

    /// The next files to come, waiting for them (after
    /// [`Self::finish_requests`]); `None` when every answer is in.
    pub(super) fn next(&mut self) -> Option<Result<Answer>> {
        if let Some(answer) = self.known.pop() {
            return Some(Ok(answer));
        }
        match self.answers.recv() {
            Ok(answer) => Some(answer),
            Err(_) => self.wait().err().map(Err),
        }
    }

    /// Wait for git and the reader; git's failure as an error.
    fn wait(&mut self) -> Result<()> {
        self.requests = None;
        self.asked = None;
        if let Some(reader) = self.reader.take() {
            let _ = reader.join();
        }
        let status = self.child.wait().map_err(|source| Error::GitSpawn {
            args: ARGS.to_owned(),
            source,
        })?;
        let stderr = self
            .stderr
            .take()
            .and_then(|handle| handle.join().ok())
            .unwrap_or_default();
        if status.success() {
            Ok(())
        } else {
            Err(Error::GitOutput {
                args: ARGS.to_owned(),
                what: format!("git failed: {}", stderr.trim()),
            })
        }
    }

    /// An error about talking to git, with what git said if it failed.
    fn failure(&mut self, what: String) -> Error {
        let _ = self.child.kill();
        match self.wait() {
            Err(err) => err,
            Ok(()) => Error::GitOutput {
                args: ARGS.to_owned(),
                what,
            },
        }
    }
}

impl Drop for Changes {
    fn drop(&mut self) {
        // Stopped early: don't leave git or the reader behind.
        self.requests = None;
        self.asked = None;
        let _ = self.child.kill();
        let _ = self.child.wait();
        if let Some(reader) = self.reader.take() {
            let _ = reader.join();
        }
        if let Some(stderr) = self.stderr.take() {
            let _ = stderr.join();
        }
    }
}

/// Split git's output into answers, each sent once the next one starts.
fn read_answers(
    stdout: ChildStdout,
    expected: &Receiver<(usize, String)>,
    answers: &Sender<Result<Answer>>,
) {
    let mut input = Input::new(stdout);
    let mut current: Option<(usize, Vec<String>)> = None;
    loop {
        let step = input.next_item();
        let item = match step {
            Ok(item) => item,
            Err(err) => {
                let _ = answers.send(Err(err));
                return;
            }
        };
        match item {
            Item::End => {
                if let Some(answer) = current.take() {
                    let _ = answers.send(Ok(answer));
                }
                return;
            }
            Item::Pair(range) => {
                // Bytes of the next answer exist, so its pair was written,
                // and is sent (or about to be).
                let Ok((position, asked)) = expected.recv() else {
                    let _ = answers.send(Err(output_error("an answer nobody asked for")));
                    return;
                };
                let pair = &input.buffer[range];
                if pair != asked.as_bytes() {
                    let _ = answers.send(Err(output_error(&format!(
                        "expected the answer to `{asked}`, found `{}`",
                        String::from_utf8_lossy(pair)
                    ))));
                    return;
                }
                if let Some(answer) = current.replace((position, Vec::new())) {
                    if answers.send(Ok(answer)).is_err() {
                        return;
                    }
                }
            }
            Item::Name(name) => match &mut current {
                Some((_, names)) => names.push(name),
                None => {
                    let _ = answers.send(Err(output_error(&format!(
                        "a file name before any answer: `{name}`"
                    ))));
                    return;
                }
            },
        }
    }
}

fn output_error(what: &str) -> Error {
    Error::GitOutput {
        args: ARGS.to_owned(),
        what: what.to_owned(),
    }
}

/// What git writes: a pair line (where it lies in the buffer, until the
/// next item is read), a file name, or the end.
#[derive(Debug, PartialEq, Eq)]
enum Item {
    Pair(std::ops::Range<usize>),
    Name(String),
    End,
}

/// Git's output, buffered, read item by item.
struct Input<R> {
    source: R,
    buffer: Vec<u8>,
    start: usize,
    eof: bool,
}

impl<R: Read> Input<R> {
    fn new(source: R) -> Self {
        Self {
            source,
            buffer: Vec::with_capacity(1 << 16),
            start: 0,
            eof: false,
        }
    }

    /// Read more; `false` at the end of the output.
    fn fill(&mut self) -> Result<bool> {
        if self.eof {
            return Ok(false);
        }
        if self.start >= 1 << 15 {
            self.buffer.drain(..self.start);
            self.start = 0;
        }
        let end = self.buffer.len();
        self.buffer.resize(end + (1 << 15), 0);
        let read = loop {
            match self.source.read(&mut self.buffer[end..]) {
                Ok(read) => break read,
                Err(err) if err.kind() == std::io::ErrorKind::Interrupted => {}
                Err(err) => {
                    self.buffer.truncate(end);
                    return Err(output_error(&format!("could not read it: {err}")));
                }
            }
        };
        self.buffer.truncate(end + read);
        if read == 0 {
            self.eof = true;
            return Ok(false);
        }
        Ok(true)
    }

    fn next_item(&mut self) -> Result<Item> {
        loop {
            let pending = &self.buffer[self.start..];
            // A pair line ends in a newline; a name in NUL (and may hold
            // newlines).
            let end = pending.iter().position(|&byte| byte == 0 || byte == b'\n');
            if let Some(end) = end.filter(|&end| pending[end] == b'\n' && is_pair(&pending[..end]))
            {
                let pair = self.start..self.start + end;
                self.start += end + 1;
                return Ok(Item::Pair(pair));
            }
            let nul = end.and_then(|end| {
                pending[end..]
                    .iter()
                    .position(|&byte| byte == 0)
                    .map(|at| end + at)
            });
            if let Some(nul) = nul {
                let name = super::log::text(&pending[..nul]);
                self.start += nul + 1;
                return Ok(Item::Name(name));
            }
            if !self.fill()? {
                let rest = &self.buffer[self.start..];
                return if rest.is_empty() {
                    Ok(Item::End)
                } else {
                    Err(output_error(&format!(
                        "the output ended inside `{}`",
                        String::from_utf8_lossy(&rest[..rest.len().min(80)])
                    )))
                };
            }
        }
    }
}

/// `<hex> <hex>`: two object ids of the same length.
fn is_pair(line: &[u8]) -> bool {
    let hex = |id: &[u8]| {
        (id.len() == 40 || id.len() == 64)
            && id
                .iter()
                .all(|byte| byte.is_ascii_digit() || (b'a'..=b'f').contains(byte))
    };
    match line.iter().position(|&byte| byte == b' ') {
        Some(space) => {
            let (old, new) = (&line[..space], &line[space + 1..]);
            old.len() == new.len() && hex(old) && hex(new)
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The items of `bytes`, pairs as their text.
    fn items(bytes: &[u8]) -> Result<Vec<(&'static str, String)>> {
        let mut input = Input::new(bytes);
        let mut out = Vec::new();
        loop {
            match input.next_item()? {
                Item::End => return Ok(out),
                Item::Pair(range) => out.push((
                    "pair",
                    String::from_utf8_lossy(&input.buffer[range]).into_owned(),
                )),
                Item::Name(name) => out.push(("name", name)),
            }
        }
    }

    #[test]
    fn answers_split_on_pair_lines_and_nul_ended_names() {
        let a = "a".repeat(40);
        let b = "b".repeat(40);
        let c = "c".repeat(40);
        let output = format!("{a} {b}\nx/one\0x/two\n\0{b} {c}\n{c} {a}\ny\0");
        let parsed = items(output.as_bytes()).unwrap();
        assert_eq!(
            parsed,
            [
                ("pair", format!("{a} {b}")),
                ("name", "x/one".to_owned()),
                ("name", "x/two\n".to_owned()),
                ("pair", format!("{b} {c}")),
                ("pair", format!("{c} {a}")),
                ("name", "y".to_owned()),
            ]
        );
    }

    #[test]
    fn a_name_that_looks_like_a_pair_but_ends_in_nul_is_a_name() {
        let a = "a".repeat(40);
        let b = "b".repeat(40);
        let output = format!("{a} {b}\n{a} {b}\0");
        assert_eq!(
            items(output.as_bytes()).unwrap(),
            [("pair", format!("{a} {b}")), ("name", format!("{a} {b}"))]
        );
    }

    #[test]
    fn truncated_output_is_an_error() {
        let err = items(b"abc").unwrap_err();
        assert!(err.to_string().contains("ended inside `abc`"), "{err}");
    }

    proptest::proptest! {
        #[test]
        fn any_output_gives_items_or_an_error(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..400)) {
            let _ = items(&bytes);
        }
    }

    #[test]
    fn pairs_are_two_ids_of_one_length() {
        assert!(is_pair(
            format!("{} {}", "0".repeat(64), "f".repeat(64)).as_bytes()
        ));
        assert!(!is_pair(
            format!("{} {}", "0".repeat(40), "f".repeat(64)).as_bytes()
        ));
        assert!(!is_pair(b"packages/a b"));
        assert!(!is_pair(
            format!("{} {}", "A".repeat(40), "f".repeat(40)).as_bytes()
        ));
    }
}
