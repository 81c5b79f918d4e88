//! Which release each commit belongs to, by graph reachability: the lowest
//! release whose tag reaches it. Tags on other branches and merged release
//! branches don't misplace commits, as ordering by date does (git-cliff #498,
//! cocogitto #504).

use super::id::{Id, IdMap};
use super::{RawCommit, Tag};

/// The commits of one release, and those of no release yet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Assigned {
    /// Releases, newest (highest version) first, each with the indices of its
    /// commits in the input (newest first).
    pub releases: Vec<(Tag, Vec<usize>)>,
    /// Commits no release tag reaches (`HEAD`'s unreleased work).
    pub unreleased: Vec<usize>,
}

/// A commit graph kept small: ids once, parents as indices. Built as `git
/// log` streams (children come before their parents), so a history of any
/// length is assigned to releases without keeping its messages.
#[derive(Clone, Debug, Default)]
pub struct Graph {
    index: IdMap<u32>,
    /// For each node, the range of its parents in `parent_list`; `None` for
    /// ids seen only as a parent.
    parents: Vec<Option<(u32, u32)>>,
    parent_list: Vec<u32>,
    /// Node of each read commit, in reading order.
    order: Vec<u32>,
}

impl Graph {
    /// Add a commit read from the log; returns its position in reading order.
    pub fn push(&mut self, id: &str, parents: &[String]) -> usize {
        let node = self.node(id);
        let start = u32::try_from(self.parent_list.len()).unwrap_or(u32::MAX);
        for parent in parents {
            let parent = self.node(parent);
            self.parent_list.push(parent);
        }
        let end = u32::try_from(self.parent_list.len()).unwrap_or(u32::MAX);
        self.parents[node as usize] = Some((start, end));
        self.order.push(node);
        self.order.len() - 1
    }

    /// Whether `id` was read or is the parent of a commit read.
    pub fn contains(&self, id: &str) -> bool {
        self.index.contains_key(&Id::of(id))
    }

    fn node(&mut self, id: &str) -> u32 {
        let key = Id::of(id);
        if let Some(&node) = self.index.get(&key) {
            return node;
        }
        let node = u32::try_from(self.parents.len()).unwrap_or(u32::MAX);
        self.index.insert(key, node);
        self.parents.push(None);
        node
    }

    fn parents_of(&self, node: usize) -> &[u32] {
        match self.parents[node] {
            Some((start, end)) => &self.parent_list[start as usize..end as usize],
            None => &[],
        }
    }

    /// Assign the commits read to the release tags in `tags` whose component
    /// is `component`; positions are in reading order.
    ///
    /// Tags are taken lowest version first; each claims every commit it
    /// reaches that no lower release claimed. Tags that point outside the
    /// commits read claim nothing.
    pub fn assign(&self, tags: &[Tag], component: Option<&str>) -> Assigned {
        let mut releases: Vec<&Tag> = tags
            .iter()
            .filter(|tag| {
                tag.release
                    .as_ref()
                    .is_some_and(|release| release.component.as_deref() == component)
            })
            .collect();
        releases.sort_by(|a, b| {
            let version = |tag: &Tag| tag.release.as_ref().map(|release| release.version.clone());
            version(a)
                .cmp(&version(b))
                .then_with(|| a.name.cmp(&b.name))
        });
        // u32 and a sentinel rather than usize and Option: half the memory.
        const NONE: u32 = u32::MAX;
        let mut position = vec![NONE; self.parents.len()];
        for (at, &node) in self.order.iter().enumerate() {
            position[node as usize] = u32::try_from(at).unwrap_or(NONE);
        }
        let mut owner = vec![NONE; self.parents.len()];
        let mut claimed: Vec<(Tag, Vec<usize>)> = Vec::new();
        for tag in releases {
            let Some(start) = self
                .index
                .get(&Id::of(&tag.target))
                .map(|&node| node as usize)
                .filter(|&node| self.parents[node].is_some())
            else {
                continue;
            };
            if owner[start] != NONE {
                // Another release already reaches this commit (two tags on one commit).
                claimed.push(((*tag).clone(), Vec::new()));
                continue;
            }
            let release = claimed.len();
            let mut members = Vec::new();
            let mut stack = vec![start];
            let release = u32::try_from(release).unwrap_or(NONE - 1);
            owner[start] = release;
            while let Some(node) = stack.pop() {
                members.push(position[node] as usize);
                for &parent in self.parents_of(node) {
                    let parent = parent as usize;
                    if owner[parent] == NONE && self.parents[parent].is_some() {
                        owner[parent] = release;
                        stack.push(parent);
                    }
                }
            }
            members.sort_unstable();
            claimed.push(((*tag).clone(), members));
        }
        let unreleased = self
            .order
            .iter()
            .enumerate()
            .filter(|(_, node)| owner[**node as usize] == NONE)
            .map(|(at, _)| at)
            .collect();
        claimed.reverse();
        Assigned {
            releases: claimed,
            unreleased,
        }
    }
}

/// Assign `commits` (with their parents, as `git log` gives them, newest
/// first) to the release tags in `tags` whose component is `component`; see
/// [`Graph::assign`]. Positions are indices into `commits`.
pub fn assign(commits: &[RawCommit], tags: &[Tag], component: Option<&str>) -> Assigned {
    let mut graph = Graph::default();
    for commit in commits {
        graph.push(&commit.id, &commit.parents);
    }
    graph.assign(tags, component)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::history::parse_tag_name;

    fn commit(id: &str, parents: &[&str]) -> RawCommit {
        RawCommit {
            id: id.to_owned(),
            message: format!("fix: {id}"),
            parents: parents.iter().map(|parent| (*parent).to_owned()).collect(),
            ..RawCommit::default()
        }
    }

    fn tag(name: &str, target: &str) -> Tag {
        Tag {
            name: name.to_owned(),
            target: target.to_owned(),
            release: parse_tag_name(name),
            date: None,
        }
    }

    #[test]
    fn a_commit_belongs_to_the_lowest_release_that_reaches_it() {
        // a - b - c (v1.0.0) - m (merge of x) - e (HEAD)
        //      \- x (v1.1.0 on a branch) -/
        let commits = [
            commit("e", &["m"]),
            commit("m", &["c", "x"]),
            commit("x", &["b"]),
            commit("c", &["b"]),
            commit("b", &["a"]),
            commit("a", &[]),
        ];
        let tags = [
            tag("v1.1.0", "x"),
            tag("v1.0.0", "c"),
            tag("nightly", "e"),
            tag("api-v9.0.0", "a"),
        ];
        let assigned = assign(&commits, &tags, None);
        let names: Vec<(&str, Vec<&str>)> = assigned
            .releases
            .iter()
            .map(|(tag, members)| {
                (
                    tag.name.as_str(),
                    members.iter().map(|&at| commits[at].id.as_str()).collect(),
                )
            })
            .collect();
        assert_eq!(
            names,
            [("v1.1.0", vec!["x"]), ("v1.0.0", vec!["c", "b", "a"])]
        );
        let unreleased: Vec<&str> = assigned
            .unreleased
            .iter()
            .map(|&at| commits[at].id.as_str())
            .collect();
        assert_eq!(unreleased, ["e", "m"]);
        let api = assign(&commits, &tags, Some("api"));
        assert_eq!(api.releases[0].1.len(), 1);
    }
}
