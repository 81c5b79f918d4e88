//! A whole history's changelog: every release the tags mark, by graph
//! reachability, built as the commits come (newest first, as `git log`
//! writes them). Only the graph and what the notes show are kept (the
//! parsed commits too when asked, for JSON and templates); each release's
//! notes are rendered when its turn comes, so a long history is never held
//! as text.

use super::{Authors, Prepared, Release, Repository, prepare, render_prepared, sentence_case};
use crate::commits::{Commit, Sections, Trace, superseded_traces};
use crate::history::{Assigned, Graph, RawCommit, Tag};

/// How the notes of a whole history are written.
#[derive(Clone, Debug)]
pub struct WholeOptions {
    /// The sections (`changelog-sections`).
    pub sections: Sections,
    /// Where links point.
    pub repository: Repository,
    /// Whether entries name their authors.
    pub authors: Authors,
    /// The `sentence-case` plugin's special words, when it is on.
    pub sentence_case: Option<Vec<String>>,
    /// Keep every parsed commit ([`WholeHistory::commit`]).
    pub keep_commits: bool,
}

/// A history read commit by commit, ready to be split into releases.
#[derive(Debug)]
pub struct WholeHistory {
    options: WholeOptions,
    graph: Graph,
    /// Every commit's shown changes, one flat list; `starts[i]` is where
    /// commit `i`'s begin.
    prepared: Chunked<Prepared>,
    starts: Vec<u32>,
    /// What tells reverted pairs and repeating merges apart.
    traces: Chunked<Trace>,
    kept: Vec<Commit>,
}

/// One release of the history, its notes rendered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReleaseNotes<'a> {
    /// The release: version, tags, date, links.
    pub release: Release,
    /// Its notes (a release section).
    pub notes: String,
    /// Its commits, as positions in the history (newest first).
    pub members: &'a [usize],
}

impl WholeHistory {
    /// An empty history.
    #[must_use]
    pub fn new(options: WholeOptions) -> Self {
        Self {
            options,
            graph: Graph::default(),
            prepared: Chunked::default(),
            starts: Vec::new(),
            traces: Chunked::default(),
            kept: Vec::new(),
        }
    }

    /// Add the next (older) commit.
    pub fn push(&mut self, raw: &RawCommit) {
        self.graph.push(&raw.id, &raw.parents);
        let mut commit = raw.parse();
        if let Some(words) = &self.options.sentence_case {
            commit = sentence_case(vec![commit], words).remove(0);
        }
        self.starts
            .push(u32::try_from(self.prepared.len()).unwrap_or(u32::MAX));
        let options = &self.options;
        for change in prepare(
            &commit,
            &options.sections,
            &options.repository,
            options.authors,
        ) {
            self.prepared.push(change);
        }
        self.traces.push(Trace::of(&commit));
        if self.options.keep_commits {
            self.kept.push(commit);
        }
    }

    /// The commit at `at` (a position in the history), when commits are
    /// kept.
    #[must_use]
    pub fn commit(&self, at: usize) -> Option<&Commit> {
        self.kept.get(at)
    }

    /// The commits split into the releases of `tags` (those of
    /// `component`), by reachability.
    #[must_use]
    pub fn assign(&self, tags: &[Tag], component: Option<&str>) -> Assigned {
        self.graph.assign(tags, component)
    }

    /// Each release of `assigned` that has commits, newest first, with its
    /// notes: compared from the previous release that has commits, dated by
    /// its tag; reverted pairs and merges repeating their branch are left
    /// out within a release.
    pub fn releases<'a>(
        &'a self,
        assigned: &'a Assigned,
    ) -> impl Iterator<Item = ReleaseNotes<'a>> + 'a {
        let releases = &assigned.releases;
        releases
            .iter()
            .enumerate()
            .filter(|(_, (_, members))| !members.is_empty())
            .filter_map(move |(position, (tag, members))| {
                let version = tag.release.as_ref()?.version.to_string();
                let previous = releases[position + 1..]
                    .iter()
                    .find(|(_, members)| !members.is_empty())
                    .map(|(tag, _)| tag.name.clone());
                let release = Release {
                    version,
                    previous_tag: previous,
                    tag: tag.name.clone(),
                    date: tag.date.clone().unwrap_or_default(),
                    repository: self.options.repository.clone(),
                    authors: self.options.authors,
                };
                let notes = render_prepared(&release, self.shown(members), &self.options.sections);
                Some(ReleaseNotes {
                    release,
                    notes,
                    members,
                })
            })
    }

    /// The changes the notes of a release of `members` show.
    fn shown<'a>(&'a self, members: &'a [usize]) -> impl Iterator<Item = &'a Prepared> + 'a {
        let gone = superseded_traces(members.iter().map(|&at| self.traces.get(at)));
        let total = self.prepared.len();
        members
            .iter()
            .zip(gone)
            .filter(|(_, gone)| !gone)
            .flat_map(move |(&at, _)| {
                let start = self.starts[at] as usize;
                let end = self
                    .starts
                    .get(at + 1)
                    .map(|&end| end as usize)
                    .unwrap_or(total);
                (start..end).map(|index| self.prepared.get(index))
            })
    }
}

/// A list grown a fixed-size chunk at a time: no doubling on growth, so a
/// long history costs at most one chunk of slack.
#[derive(Debug)]
struct Chunked<T> {
    chunks: Vec<Vec<T>>,
}

impl<T> Default for Chunked<T> {
    fn default() -> Self {
        Self { chunks: Vec::new() }
    }
}

impl<T> Chunked<T> {
    const CHUNK: usize = 4096;

    fn push(&mut self, item: T) {
        match self.chunks.last_mut() {
            Some(chunk) if chunk.len() < Self::CHUNK => chunk.push(item),
            _ => {
                let mut chunk = Vec::with_capacity(Self::CHUNK);
                chunk.push(item);
                self.chunks.push(chunk);
            }
        }
    }

    fn len(&self) -> usize {
        self.chunks.iter().map(Vec::len).sum()
    }

    fn get(&self, index: usize) -> &T {
        &self.chunks[index / Self::CHUNK][index % Self::CHUNK]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::history::parse_tag_name;

    fn raw(id: &str, parent: Option<&str>, message: &str) -> RawCommit {
        RawCommit {
            id: id.repeat(40 / id.len()),
            message: message.to_owned(),
            parents: parent.map(|p| p.repeat(40 / p.len())).into_iter().collect(),
            ..RawCommit::default()
        }
    }

    fn tag(name: &str, id: &str) -> Tag {
        Tag {
            name: name.to_owned(),
            target: id.repeat(40 / id.len()),
            release: parse_tag_name(name),
            date: Some("2024-05-01".to_owned()),
        }
    }

    #[test]
    fn each_release_gets_its_own_commits_compared_from_the_last() {
        let mut whole = WholeHistory::new(WholeOptions {
            sections: Sections::for_release_type("node"),
            repository: Repository::from_url("https://github.com/acme/widget").expect("a URL"),
            authors: Authors::Hidden,
            sentence_case: None,
            keep_commits: true,
        });
        // Newest first, as git writes them.
        whole.push(&raw("d", Some("c"), "fix: after"));
        whole.push(&raw("c", Some("b"), "feat: second"));
        whole.push(&raw("b", Some("a"), "chore: release 1.0.0"));
        whole.push(&raw("a", None, "feat: first"));
        let tags = [tag("v1.0.0", "b"), tag("v1.1.0", "c")];
        let assigned = whole.assign(&tags, None);
        assert_eq!(assigned.unreleased, [0]);
        let releases: Vec<ReleaseNotes<'_>> = whole.releases(&assigned).collect();
        assert_eq!(releases.len(), 2);
        assert_eq!(releases[0].release.version, "1.1.0");
        assert_eq!(releases[0].release.previous_tag.as_deref(), Some("v1.0.0"));
        assert!(
            releases[0].notes.contains("* second"),
            "{}",
            releases[0].notes
        );
        assert!(
            !releases[0].notes.contains("first"),
            "{}",
            releases[0].notes
        );
        assert_eq!(releases[1].release.previous_tag, None);
        assert!(
            releases[1].notes.contains("* first"),
            "{}",
            releases[1].notes
        );
        assert_eq!(
            whole.commit(0).map(|commit| commit.summary.as_str()),
            Some("fix: after")
        );
    }
}
