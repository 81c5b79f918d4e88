//! Git's own clean-up of a message being committed (`git commit --cleanup=strip`).

/// The message as git would store it: everything from the scissors line
/// (`# ------------------------ >8 ------------------------`) on is cut, lines
/// starting with `comment_char` are dropped, trailing whitespace is trimmed,
/// runs of blank lines become one, and leading and trailing blank lines go.
///
/// A `commit-msg` hook sees the message before this clean-up; lint it after.
///
/// ```
/// let raw = "feat: x  \n\n\n# Please enter the commit message\nbody\n\n";
/// assert_eq!(cicd_core::commits::cleanup(raw, '#'), "feat: x\n\nbody\n");
/// ```
pub fn cleanup(message: &str, comment_char: char) -> String {
    let scissors = format!("{comment_char} ------------------------ >8 ------------------------");
    let mut out = String::with_capacity(message.len());
    let mut pending_blank = false;
    for line in message.lines() {
        if line == scissors {
            break;
        }
        if line.starts_with(comment_char) {
            continue;
        }
        let line = line.trim_end();
        if line.is_empty() {
            pending_blank = !out.is_empty();
            continue;
        }
        if pending_blank {
            out.push('\n');
            pending_blank = false;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}
