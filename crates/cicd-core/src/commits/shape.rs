//! Messages with a meaning of their own: merges, reverts, autosquash commits.

use serde::Serialize;

use super::{Conventional, summary};

/// A merge commit, as far as its message tells.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Merge {
    /// The pull (merge) request number, when the forge wrote one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pull_request: Option<u64>,
    /// What was merged: a branch, `owner/branch`, a tag or a commit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Where it was merged into, when the message says.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
}

/// A commit that undoes another.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Revert {
    /// The header of the reverted commit (`feat: add x`).
    pub header: String,
    /// The reverted commit's id, from `This reverts commit <sha>.` or a
    /// `Refs: <sha>` footer.
    #[serde(rename = "sha", skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
}

/// A commit meant to be folded into another by `git rebase --autosquash`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Autosquash {
    /// `fixup!`, `squash!` or `amend!`.
    pub action: AutosquashAction,
    /// The summary of the commit it folds into.
    pub target: String,
}

/// The three autosquash prefixes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum AutosquashAction {
    /// `fixup! <summary>`.
    Fixup,
    /// `squash! <summary>`.
    Squash,
    /// `amend! <summary>`.
    Amend,
}

/// Recognise the merge wordings of git, GitHub, GitLab, Bitbucket and Azure DevOps.
pub(crate) fn merge(message: &str) -> Option<Merge> {
    let line = summary(message);
    if let Some(rest) = line.strip_prefix("Merge pull request #") {
        // GitHub: `Merge pull request #12 from owner/branch`.
        let (number, rest) = rest.split_once(' ').unwrap_or((rest, ""));
        return Some(Merge {
            pull_request: number.parse().ok(),
            source: rest
                .strip_prefix("from ")
                .map(|source| source.trim().to_owned()),
            target: None,
        });
    }
    if let Some(rest) = line.strip_prefix("Merged PR ") {
        // Azure DevOps: `Merged PR 123: title`.
        let number = rest.split(':').next().unwrap_or_default();
        return Some(Merge {
            pull_request: number.trim().parse().ok(),
            ..Merge::default()
        });
    }
    if let Some(rest) = line.strip_prefix("Merged in ") {
        // Bitbucket: `Merged in branch (pull request #7)`.
        let (source, pull) = rest.split_once(" (pull request #").unwrap_or((rest, ""));
        return Some(Merge {
            pull_request: pull.trim_end_matches(')').parse().ok(),
            source: Some(source.trim().to_owned()),
            target: None,
        });
    }
    for prefix in [
        "Merge remote-tracking branch ",
        "Merge branches ",
        "Merge branch ",
        "Merge tag ",
        "Merge commit ",
    ] {
        if let Some(rest) = line
            .strip_prefix(prefix)
            .filter(|rest| rest.starts_with('\''))
        {
            return Some(merge_of(rest));
        }
    }
    if let Some(rest) = line
        .strip_prefix("Merge ")
        .filter(|rest| rest.contains(" into "))
    {
        return Some(merge_of(rest));
    }
    for prefix in ["Automatic merge", "Auto-merged "] {
        if line.starts_with(prefix) {
            return Some(Merge::default());
        }
    }
    None
}

/// `'source'[ of url][ into target]`.
fn merge_of(rest: &str) -> Merge {
    let (source, target) = match rest.rsplit_once(" into ") {
        Some((source, target)) => (source, Some(unquote(target))),
        None => (rest, None),
    };
    let source = source.split(" of ").next().unwrap_or(source);
    let source = unquote(source);
    Merge {
        pull_request: None,
        source: (!source.is_empty()).then_some(source),
        target,
    }
}

fn unquote(text: &str) -> String {
    let text = text.trim();
    text.strip_prefix('\'')
        .and_then(|inner| inner.strip_suffix('\''))
        .unwrap_or(text)
        .to_owned()
}

/// `revert: <header>` (with the type in any case) or git's `Revert "<header>"`.
pub(crate) fn revert(message: &str, conventional: Option<&Conventional>) -> Option<Revert> {
    let reverted_id = reverted_id(message);
    if let Some(change) = conventional.filter(|change| change.is("revert")) {
        let id = reverted_id.or_else(|| {
            change
                .footers
                .iter()
                .filter(|footer| footer.token.eq_ignore_ascii_case("refs"))
                .map(|footer| footer.value.as_str())
                .find(|value| is_hex_id(value))
                .map(str::to_owned)
        });
        return Some(Revert {
            header: change.description.clone(),
            id,
        });
    }
    let quoted = summary(message).strip_prefix("Revert \"")?;
    let header = quoted.strip_suffix('"').unwrap_or(quoted);
    Some(Revert {
        header: header.to_owned(),
        id: reverted_id,
    })
}

/// The sha in git's `This reverts commit <sha>.` line.
fn reverted_id(message: &str) -> Option<String> {
    message.lines().find_map(|line| {
        let rest = line.trim().strip_prefix("This reverts commit ")?;
        let id = rest
            .trim_end_matches(['.', ','])
            .split_whitespace()
            .next()?;
        is_hex_id(id).then(|| id.to_owned())
    })
}

fn is_hex_id(text: &str) -> bool {
    (7..=64).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_hexdigit())
}

/// `fixup! <summary>`, `squash! <summary>`, `amend! <summary>`.
pub(crate) fn autosquash(message: &str) -> Option<Autosquash> {
    let line = summary(message);
    [
        ("fixup!", AutosquashAction::Fixup),
        ("squash!", AutosquashAction::Squash),
        ("amend!", AutosquashAction::Amend),
    ]
    .into_iter()
    .find_map(|(prefix, action)| {
        let target = line.strip_prefix(prefix)?;
        Some(Autosquash {
            action,
            target: target.trim().to_owned(),
        })
    })
}
