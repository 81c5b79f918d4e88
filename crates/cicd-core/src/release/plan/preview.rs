//! What merging a pull request would release, before it is merged: the
//! plan of the base branch with the pull request's branch merged as GitHub
//! merges it (a merge commit, a squash, a rebase), against the plan of the
//! base branch alone, computed in memory from both branches' files and
//! histories.

use std::collections::BTreeSet;

use serde::Serialize;

use super::{PackageHistory, Plan, Request, plan};
use crate::Result;
use crate::history::{History, InMemory, RawCommit, Tag};
use crate::release::strategy::{Repository, Source};
use crate::version::{Bump, Effect};

/// How GitHub merges the pull request.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MergeMethod {
    /// A merge commit: the branch's commits, and the merge.
    Merge,
    /// One commit whose message is the pull request's title and body: the
    /// branch's commits are not in the history.
    #[default]
    Squash,
    /// The branch's commits replayed on the base.
    Rebase,
}

impl MergeMethod {
    /// All three, in a fixed order.
    pub const ALL: [Self; 3] = [Self::Merge, Self::Squash, Self::Rebase];

    /// Its name as GitHub's settings say it.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Merge => "merge",
            Self::Squash => "squash",
            Self::Rebase => "rebase",
        }
    }

    /// The merge it makes, in words.
    #[must_use]
    pub fn described(self) -> &'static str {
        match self {
            Self::Merge => "a merge commit",
            Self::Squash => "a squash merge",
            Self::Rebase => "a rebase merge",
        }
    }
}

/// The digit the merge commit's made-up id repeats: no commit has it.
const MERGE_COMMIT: &str = "0";

/// A squash commit's title, as the repository's settings say it
/// (`squash_merge_commit_title`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SquashTitle {
    /// The pull request's title.
    PullRequestTitle,
    /// The commit's subject for a pull request of one commit, else its
    /// title: GitHub's default.
    #[default]
    CommitOrPullRequestTitle,
}

/// A squash commit's message body, as the repository's settings say it
/// (`squash_merge_commit_message`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SquashMessage {
    /// The pull request's description.
    PullRequestBody,
    /// The branch's commit messages, each a `* ` item, oldest first (for
    /// one commit, its body): GitHub's default. A `BREAKING CHANGE:` in
    /// one of them breaks in the squash too.
    #[default]
    CommitMessages,
    /// None.
    Blank,
}

/// The pull request to merge.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Merging {
    /// How it is merged.
    pub method: MergeMethod,
    /// A squash commit's title.
    pub squash_title: SquashTitle,
    /// A squash commit's message body.
    pub squash_message: SquashMessage,
    /// Its title: a squash commit's first line.
    pub title: String,
    /// Its description: the rest of a squash commit's message.
    pub body: String,
    /// Its number, when it has one: a squash commit's title ends ` (#N)`,
    /// as GitHub writes it.
    pub number: Option<u64>,
}

/// The two sides of a pull request, read by the caller: the base branch's
/// files, commits (newest first, its head first) and tags, and the
/// branch's files and its commits since the base (newest first, its head
/// first).
pub struct Sides<'a> {
    /// The base branch's files.
    pub base_files: &'a dyn Source,
    /// The base branch's history, newest first.
    pub base_commits: Vec<RawCommit>,
    /// The pull request branch's files.
    pub head_files: &'a dyn Source,
    /// The branch's commits that the base lacks, newest first.
    pub branch_commits: Vec<RawCommit>,
    /// Every tag of the repository.
    pub tags: Vec<Tag>,
}

impl std::fmt::Debug for Sides<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sides")
            .field("base_commits", &self.base_commits.len())
            .field("branch_commits", &self.branch_commits.len())
            .field("tags", &self.tags.len())
            .finish_non_exhaustive()
    }
}

/// One package whose release the merge changes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Change {
    /// The package's path.
    pub path: String,
    /// Its component, when it has one.
    pub component: Option<String>,
    /// The version the base branch alone would release, if any.
    pub before: Option<String>,
    /// The version it releases with the merge, if any.
    pub after: Option<String>,
    /// The changes the pull request brings that decide it, the strongest
    /// first: what to read to see why.
    pub causes: Vec<Effect>,
}

/// The preview: both plans, and what the merge changes.
#[derive(Clone, Debug)]
pub struct Preview {
    /// The plan of the base branch alone.
    pub base: Plan,
    /// The plan with the pull request merged as asked.
    pub merged: Plan,
    /// Each package whose release the merge adds or changes.
    pub changes: Vec<Change>,
    /// What the other merge methods would release instead, where it
    /// differs: `(method, path, version)`; `None` for no release.
    pub otherwise: Vec<(MergeMethod, String, Option<String>)>,
}

/// The history of the base branch with `branch` merged on top of its head
/// as `merging` says, newest first: a merge commit and the branch's
/// commits, one squash commit, or the branch's commits replayed. Each new
/// commit's files are all those the branch touched.
#[must_use]
pub fn merged_history(
    base: &[RawCommit],
    branch: &[RawCommit],
    merging: &Merging,
) -> Vec<RawCommit> {
    let base_head = base.first().map(|commit| commit.id.clone());
    let files: Vec<String> = branch
        .iter()
        .flat_map(|commit| commit.files.iter().flatten().cloned())
        .collect::<BTreeSet<String>>()
        .into_iter()
        .collect();
    let Some(head) = branch.first() else {
        return base.to_vec();
    };
    let mut out = Vec::with_capacity(base.len() + branch.len() + 1);
    match merging.method {
        MergeMethod::Merge => {
            let message = match merging.number {
                Some(number) => format!("Merge pull request #{number}\n\n{}", merging.title),
                None => format!("Merge branch\n\n{}", merging.title),
            };
            out.push(RawCommit {
                // No commit has it: GitHub names the merge once it is made.
                id: MERGE_COMMIT.repeat(40),
                message,
                parents: base_head.into_iter().chain([head.id.clone()]).collect(),
                files: Some(files),
                ..RawCommit::default()
            });
            out.extend(branch.iter().cloned());
        }
        MergeMethod::Squash => {
            let message = squash_message(branch, merging);
            out.push(RawCommit {
                // The branch's head stands for the squash, which has no id
                // yet: its links lead to the pull request's last commit.
                id: head.id.clone(),
                message,
                parents: base_head.into_iter().collect(),
                files: Some(files),
                author: head.author.clone(),
                ..RawCommit::default()
            });
        }
        MergeMethod::Rebase => {
            let oldest = branch.len() - 1;
            for (at, commit) in branch.iter().enumerate() {
                let mut commit = commit.clone();
                commit.parents = if at == oldest {
                    base_head.clone().into_iter().collect()
                } else {
                    vec![branch[at + 1].id.clone()]
                };
                out.push(commit);
            }
        }
    }
    out.extend(base.iter().cloned());
    out
}

/// The message of the commit that squashes `branch` (newest first), as
/// GitHub writes it: the title with ` (#N)`, then the body the settings
/// say.
fn squash_message(branch: &[RawCommit], merging: &Merging) -> String {
    let (subject, rest) = match branch {
        [only] => {
            let (subject, rest) = only.message.split_once('\n').unwrap_or((&only.message, ""));
            (Some(subject.trim_end()), rest.trim())
        }
        _ => (None, ""),
    };
    let title = match (merging.squash_title, subject) {
        (SquashTitle::CommitOrPullRequestTitle, Some(subject)) => subject,
        _ => merging.title.as_str(),
    };
    let title = match merging.number {
        Some(number) => format!("{title} (#{number})"),
        None => title.to_owned(),
    };
    let body = match merging.squash_message {
        SquashMessage::PullRequestBody => merging.body.trim().to_owned(),
        SquashMessage::Blank => String::new(),
        SquashMessage::CommitMessages if subject.is_some() => rest.to_owned(),
        SquashMessage::CommitMessages => branch
            .iter()
            .rev()
            .map(|commit| format!("* {}", commit.message.trim()))
            .collect::<Vec<_>>()
            .join("\n\n"),
    };
    if body.is_empty() {
        title
    } else {
        format!("{title}\n\n{body}")
    }
}

/// The files after the merge: the branch's where it changed them, the
/// base's elsewhere (a merge without conflicts).
struct MergedFiles<'a> {
    base: &'a dyn Source,
    head: &'a dyn Source,
    changed: BTreeSet<String>,
}

impl Source for MergedFiles<'_> {
    fn read(&self, path: &str) -> Result<Option<String>> {
        if self.changed.contains(path) {
            self.head.read(path)
        } else {
            self.base.read(path)
        }
    }

    fn files(&self, folder: &str) -> Result<Vec<String>> {
        let mut files: BTreeSet<String> = self
            .base
            .files(folder)?
            .into_iter()
            .filter(|path| !self.changed.contains(path))
            .collect();
        files.extend(
            self.head
                .files(folder)?
                .into_iter()
                .filter(|path| self.changed.contains(path)),
        );
        Ok(files.into_iter().collect())
    }
}

/// A repository of some files and a history in memory.
struct Assembled<'a> {
    files: &'a dyn Source,
    history: InMemory,
}

impl Source for Assembled<'_> {
    fn read(&self, path: &str) -> Result<Option<String>> {
        self.files.read(path)
    }

    fn files(&self, folder: &str) -> Result<Vec<String>> {
        self.files.files(folder)
    }
}

impl Repository for Assembled<'_> {
    fn history(&self) -> &dyn History {
        &self.history
    }
}

/// The request for `template` (its date, links, target branch, facts)
/// with the configuration and manifest `files` hold.
fn request_of(files: &dyn Source, template: &Request) -> Result<Request> {
    let (mut request, _) =
        Request::from_source(files, template.repository.clone(), &template.date)?;
    request.target_branch.clone_from(&template.target_branch);
    request.first_parent = template.first_parent;
    request.skip_labeling = template.skip_labeling;
    request.facts = template.facts.clone();
    Ok(request)
}

/// The plan of `request` in `repo`.
fn plan_of(repo: &Assembled<'_>, request: &Request) -> Result<Plan> {
    let history = PackageHistory::read(repo, request)?;
    plan(repo, request, &history)
}

/// What merging the pull request of `sides` as `merging` releases, against
/// what the base branch alone releases; and what the other merge methods
/// would release instead. `template` gives the date, the links and the
/// target branch; the configuration and manifest are each side's own.
///
/// # Errors
///
/// When either side's configuration or manifest is invalid, or a plan
/// fails.
pub fn preview(sides: Sides<'_>, merging: &Merging, template: &Request) -> Result<Preview> {
    let changed: BTreeSet<String> = sides
        .branch_commits
        .iter()
        .flat_map(|commit| commit.files.iter().flatten().cloned())
        .collect();
    // The commits the pull request brings: its own, and the merge commit
    // a merge makes.
    let merge_commit = MERGE_COMMIT.repeat(40);
    let branch_ids: BTreeSet<&str> = sides
        .branch_commits
        .iter()
        .map(|commit| commit.id.as_str())
        .chain([merge_commit.as_str()])
        .collect();
    let merged_files = MergedFiles {
        base: sides.base_files,
        head: sides.head_files,
        changed,
    };
    let base_repo = Assembled {
        files: sides.base_files,
        history: InMemory {
            commits: sides.base_commits.clone(),
            tags: sides.tags.clone(),
        },
    };
    let base = plan_of(&base_repo, &request_of(sides.base_files, template)?)?;
    // The merged files' configuration and manifest, read once for every
    // merge method.
    let merged_request = request_of(&merged_files, template)?;
    let merged_with = |method: MergeMethod| -> Result<Plan> {
        let merging = Merging {
            method,
            ..merging.clone()
        };
        let repo = Assembled {
            files: &merged_files,
            history: InMemory {
                commits: merged_history(&sides.base_commits, &sides.branch_commits, &merging),
                tags: sides.tags.clone(),
            },
        };
        plan_of(&repo, &merged_request)
    };
    let merged = merged_with(merging.method)?;
    let version_in = |plan: &Plan, path: &str| {
        plan.releases
            .iter()
            .find(|release| release.path == path)
            .map(|release| release.version.clone())
    };
    let mut changes = Vec::new();
    for release in &merged.releases {
        let before = version_in(&base, &release.path);
        let brought: Vec<&Effect> = release
            .effects
            .iter()
            .filter(|effect| branch_ids.contains(effect.sha.as_str()))
            .collect();
        if before.as_deref() == Some(release.version.as_str()) && brought.is_empty() {
            continue;
        }
        let mut causes: Vec<Effect> = brought.into_iter().cloned().collect();
        causes.sort_by_key(|effect| std::cmp::Reverse(strength(effect)));
        changes.push(Change {
            path: release.path.clone(),
            component: release.component.clone(),
            before,
            after: Some(release.version.clone()),
            causes,
        });
    }
    let mut otherwise = Vec::new();
    for method in MergeMethod::ALL {
        // A squash needs the pull request's title, its commit's message.
        let single = sides.branch_commits.len() == 1
            && merging.squash_title == SquashTitle::CommitOrPullRequestTitle;
        let untitled = method == MergeMethod::Squash && merging.title.trim().is_empty() && !single;
        if method == merging.method || untitled {
            continue;
        }
        let other = merged_with(method)?;
        let paths: BTreeSet<&str> = merged
            .releases
            .iter()
            .chain(&other.releases)
            .map(|release| release.path.as_str())
            .collect();
        for path in paths {
            let theirs = version_in(&other, path);
            if theirs != version_in(&merged, path) {
                otherwise.push((method, path.to_owned(), theirs));
            }
        }
    }
    Ok(Preview {
        base,
        merged,
        changes,
        otherwise,
    })
}

/// How strongly a change asks for a release: a visible change before a
/// hidden one, then by its bump.
fn strength(effect: &Effect) -> (bool, u8) {
    let bump = match effect.bump {
        Bump::Patch => 0,
        Bump::Minor => 1,
        Bump::Major => 2,
    };
    (effect.visible, bump)
}

/// The preview in words, for a step summary or a comment: what merging
/// releases and why, what the other merge methods would release instead,
/// and the release PR's notes.
#[must_use]
pub fn summary(preview: &Preview, merging: &Merging) -> String {
    let mut out = String::new();
    if preview.changes.is_empty() {
        out.push_str("Merging this releases nothing.\n");
    } else {
        out.push_str("Merging this releases:\n\n");
        for change in &preview.changes {
            let name = inline_code(change.component.as_deref().unwrap_or(&change.path));
            let after = change.after.as_deref().unwrap_or("nothing");
            let line = match &change.before {
                Some(before) if before != after => {
                    format!("- {name} {after} (without it, {before})")
                }
                Some(_) => format!("- {name} {after}, with more notes"),
                None => format!("- {name} {after}"),
            };
            out.push_str(&line);
            out.push('\n');
            for effect in change.causes.iter().filter(|effect| effect.visible).take(3) {
                let short: String = if effect.sha == MERGE_COMMIT.repeat(40) {
                    "the merge commit".to_owned()
                } else {
                    effect.sha.chars().take(7).collect()
                };
                out.push_str(&format!(
                    "  - {}: {} ({short})\n",
                    effect.reason,
                    inline_code(&effect.header)
                ));
            }
        }
    }
    for (method, path, version) in &preview.otherwise {
        let what = version.as_deref().unwrap_or("nothing");
        out.push_str(&format!(
            "\nWith {} instead of {}, {} would release {what}.\n",
            method.described(),
            merging.method.described(),
            inline_code(path)
        ));
    }
    for pull_request in &preview.merged.pull_requests {
        out.push_str(&format!(
            "\n<details><summary>{}</summary>\n\n{}\n</details>\n",
            html_text(&pull_request.pull_request.title),
            without_mentions(&pull_request.pull_request.body)
        ));
    }
    out
}

/// `text` (a commit's, so anyone's) as one Markdown code span: on one
/// line, fenced by more backticks than any run inside it, so nothing in it
/// is read as Markdown, HTML or a mention.
fn inline_code(text: &str) -> String {
    let line: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let mut longest = 0;
    let mut run = 0;
    for c in line.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    let pad = if line.starts_with('`') || line.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{line}{pad}{fence}")
}

/// `text` with every `@name` kept from mentioning anyone (a word joiner
/// after the `@`): a comment made on every push must not let a commit
/// message ping people or teams.
fn without_mentions(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        out.push(c);
        if c == '@' && chars.peek().is_some_and(char::is_ascii_alphanumeric) {
            out.push('\u{2060}');
        }
    }
    out
}

/// `text` as HTML text: no tag, no entity of its own.
fn html_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn commit(id: &str, parent: Option<&str>, message: &str, files: &[&str]) -> RawCommit {
        RawCommit {
            id: id.to_owned(),
            message: message.to_owned(),
            parents: parent.map(str::to_owned).into_iter().collect(),
            files: Some(files.iter().map(|file| (*file).to_owned()).collect()),
            ..RawCommit::default()
        }
    }

    #[test]
    fn each_merge_method_makes_its_own_history() {
        let base = vec![
            commit("b2", Some("b1"), "fix: base", &["x"]),
            commit("b1", None, "chore: init", &["x"]),
        ];
        let branch = vec![
            commit("p2", Some("p1"), "feat!: drop the old API", &["a"]),
            commit("p1", Some("b1"), "fix: a", &["b"]),
        ];
        let merging = Merging {
            method: MergeMethod::Squash,
            title: "fix: tidy the API".to_owned(),
            number: Some(7),
            ..Merging::default()
        };
        let squash = merged_history(&base, &branch, &merging);
        assert_eq!(squash.len(), 3);
        // GitHub's default: the title, then every commit's message.
        assert_eq!(
            squash[0].message,
            "fix: tidy the API (#7)\n\n* fix: a\n\n* feat!: drop the old API"
        );
        let plain = Merging {
            squash_message: SquashMessage::PullRequestBody,
            body: "Tidies.".to_owned(),
            ..merging.clone()
        };
        assert_eq!(
            merged_history(&base, &branch, &plain)[0].message,
            "fix: tidy the API (#7)\n\nTidies."
        );
        let one = Merging {
            squash_message: SquashMessage::CommitMessages,
            ..merging.clone()
        };
        let single = &branch[1..];
        assert_eq!(
            merged_history(&base, single, &one)[0].message,
            "fix: a (#7)"
        );
        assert_eq!(squash[0].parents, ["b2"]);
        assert_eq!(
            squash[0].files.as_deref(),
            Some(&["a".to_owned(), "b".to_owned()][..])
        );
        let merge = merged_history(
            &base,
            &branch,
            &Merging {
                method: MergeMethod::Merge,
                ..merging.clone()
            },
        );
        assert_eq!(merge.len(), 5);
        assert_eq!(merge[0].parents, ["b2", "p2"]);
        let rebase = merged_history(
            &base,
            &branch,
            &Merging {
                method: MergeMethod::Rebase,
                ..merging
            },
        );
        assert_eq!(
            rebase[1].parents,
            ["b2"],
            "the oldest replayed on the base's head"
        );
        assert_eq!(rebase[0].parents, ["p1"]);
    }

    #[test]
    fn commit_text_stays_text() {
        assert_eq!(inline_code("feat: `x`"), "`` feat: `x` ``");
        assert_eq!(inline_code("fix: a\n@evil"), "`fix: a @evil`");
        assert_eq!(html_text("<img src=x>&"), "&lt;img src=x&gt;&amp;");
        assert_eq!(
            without_mentions("thanks @org/team, a@b"),
            "thanks @\u{2060}org/team, a@\u{2060}b"
        );
        assert_eq!(without_mentions("@ alone"), "@ alone");
    }
}
