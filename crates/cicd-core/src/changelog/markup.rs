//! The text of entries and notes: escaping, issue and user links, and
//! breaking-change notes laid out as Release Please lays them out.

use std::fmt::Write as _;

/// `<` and `>` as entities, except inside backtick spans.
pub(super) fn html_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(['`', '<', '>']) {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        if rest.starts_with('<') {
            out.push_str("&lt;");
            rest = &rest[1..];
        } else if rest.starts_with('>') {
            out.push_str("&gt;");
            rest = &rest[1..];
        } else {
            let span = backtick_span(rest);
            out.push_str(&rest[..span]);
            rest = &rest[span..];
        }
    }
    out.push_str(rest);
    out
}

/// The length of the code span that starts `text` (which starts with a
/// backtick): ``` ``x…y`` ``` (greedy) or `` `…` ``; 1 when it does not close.
fn backtick_span(text: &str) -> usize {
    if let Some(inner) = text.strip_prefix("``") {
        if !inner.starts_with('`') {
            if let Some(close) = inner.rfind("``") {
                let before = inner[..close].chars().last();
                if close >= 2 && before.is_some_and(|c| c != '`') {
                    return 2 + close + 2;
                }
            }
        }
    }
    text[1..].find('`').map(|close| close + 2).unwrap_or(1)
}

/// `#123` becomes a link to the issue; the numbers linked are collected.
pub(super) fn link_issues(text: &str, base: &str, linked: &mut Vec<String>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('#') {
        out.push_str(&rest[..at]);
        let digits = rest[at + 1..]
            .bytes()
            .take_while(u8::is_ascii_digit)
            .count();
        if digits == 0 {
            out.push('#');
            rest = &rest[at + 1..];
            continue;
        }
        let issue = &rest[at + 1..at + 1 + digits];
        let _ = write!(out, "[#{issue}]({base}/issues/{issue})");
        linked.push(issue.to_owned());
        rest = &rest[at + 1 + digits..];
    }
    out.push_str(rest);
    out
}

/// `@user` (lower-case GitHub logins, not inside a word) becomes a link.
pub(super) fn link_users(text: &str, host: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut previous: Option<char> = None;
    while let Some(at) = rest.find('@') {
        out.push_str(&rest[..at]);
        if let Some(last) = rest[..at].chars().last() {
            previous = Some(last);
        }
        let after = &rest[at + 1..];
        let word_before = previous.is_some_and(|c| c.is_alphanumeric() || c == '_');
        let login = login_at(after);
        if word_before || login.is_empty() {
            out.push('@');
            previous = Some('@');
            rest = after;
            continue;
        }
        if login.contains('/') {
            let _ = write!(out, "@{login}");
        } else {
            let _ = write!(out, "[@{login}]({host}/{login})");
        }
        previous = login.chars().last();
        rest = &after[login.len()..];
    }
    out.push_str(rest);
    out
}

/// `[a-z0-9](?:-?[a-z0-9/]){0,38}` at the start of `text`.
fn login_at(text: &str) -> &str {
    let bytes = text.as_bytes();
    let ok = |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit();
    if !bytes.first().copied().is_some_and(ok) {
        return "";
    }
    let mut end = 1;
    let mut count = 0;
    while count < 38 {
        let hyphen = usize::from(bytes.get(end) == Some(&b'-'));
        match bytes.get(end + hyphen) {
            Some(&b) if ok(b) || b == b'/' => {
                end += hyphen + 1;
                count += 1;
            }
            _ => break,
        }
    }
    &text[..end]
}

/// The first `(#N)` of a breaking-change note becomes a link.
pub(super) fn link_first_issue(text: &str, base: &str) -> String {
    let Some(at) = text.find("(#") else {
        return text.to_owned();
    };
    let digits = text[at + 2..]
        .bytes()
        .take_while(u8::is_ascii_digit)
        .count();
    if digits == 0 || !text[at + 2 + digits..].starts_with(')') {
        // Release Please's pattern wants `(#digits)`; look further on.
        let rest = link_first_issue(&text[at + 2..], base);
        return format!("{}{rest}", &text[..at + 2]);
    }
    let issue = &text[at + 2..at + 2 + digits];
    format!(
        "{}([#{issue}]({base}/issues/{issue})){}",
        &text[..at],
        &text[at + 3 + digits..]
    )
}

/// A breaking-change note as Release Please lays it out: lines joined with
/// spaces up to the first blank line; a later line starting with `- `, `* ` or
/// `#### ` starts an indented block kept line by line.
pub(super) fn note_text(text: &str) -> String {
    let mut out = String::new();
    let mut block = false;
    for (index, line) in text.split('\n').enumerate() {
        let starts_block =
            line.starts_with("- ") || line.starts_with("* ") || line.starts_with("#### ");
        if index > 0 && starts_block && !block {
            out = format!("{}\n", out.trim());
            block = true;
        }
        if line.is_empty() {
            break;
        }
        if block {
            let _ = writeln!(out, "    {line}");
        } else {
            out.push_str(line);
            out.push(' ');
        }
    }
    out.trim().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subjects_are_escaped_outside_code_and_linked() {
        assert_eq!(
            html_escape("add <Widget> and `<Code>`"),
            "add &lt;Widget&gt; and `<Code>`"
        );
        assert_eq!(html_escape("``a`b`` <x>"), "``a`b`` &lt;x&gt;");
        assert_eq!(html_escape("`unclosed <x>"), "`unclosed &lt;x&gt;");
        let mut linked = Vec::new();
        assert_eq!(
            link_issues("fix #12 (#3)", "https://h/o/r", &mut linked),
            "fix [#12](https://h/o/r/issues/12) ([#3](https://h/o/r/issues/3))"
        );
        assert_eq!(linked, ["12", "3"]);
        assert_eq!(
            link_users("thanks @octo-cat, not a@b or @acme/team", "https://h"),
            "thanks [@octo-cat](https://h/octo-cat), not a@b or @acme/team"
        );
    }

    #[test]
    fn notes_join_lines_until_a_blank_line() {
        assert_eq!(
            note_text("we were on Node 6\nsecond line\nthird line\n\nlater"),
            "we were on Node 6 second line third line"
        );
        assert_eq!(
            note_text(
                "there were breaking changes\n#### Deleted Endpoints\n- endpoint 1\n- endpoint 2"
            ),
            "there were breaking changes\n    #### Deleted Endpoints\n    - endpoint 1\n    - endpoint 2"
        );
        assert_eq!(
            link_first_issue("gone (#12) and (#13)", "https://h/o/r"),
            "gone ([#12](https://h/o/r/issues/12)) and (#13)"
        );
    }
}
