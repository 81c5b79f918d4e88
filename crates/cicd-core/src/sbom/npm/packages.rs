//! The packages of a lockfile gathered entry by entry: each one becomes its
//! component as soon as it is read, keeping only the names it depends on
//! until every install path is known. The raw entries are never all held at
//! once, so a lockfile of 230,000 packages costs its text and its
//! components, not a third copy in between.

use std::borrow::Cow;
use std::fmt;

use serde::de::{DeserializeSeed, MapAccess, Visitor};

use super::raw::{Borrowed, Object, RawEntry};
use super::{Entry, component, entry};
use crate::sbom::Component;

/// What a lockfile's packages hold, as read.
#[derive(Default)]
pub(super) struct Packages<'a> {
    /// The `""` entry: the project itself.
    pub(super) root: Option<Entry<'a>>,
    /// The installed packages in the order read, `depends_on` still empty.
    components: Vec<Component>,
    /// The names each component depends on, by its position.
    wants: Vec<Vec<Cow<'a, str>>>,
    /// Links by install path, with their targets.
    links: Vec<(Cow<'a, str>, Option<Cow<'a, str>>)>,
    /// Whether the project's own entry (`""`) is listed twice.
    root_twice: bool,
}

/// The packages with their dependencies resolved.
pub(super) struct Resolved<'a> {
    /// The project's entry, when the lockfile has one.
    pub(super) root: Option<(Entry<'a>, Vec<String>)>,
    /// The installed packages, sorted by install path.
    pub(super) components: Vec<Component>,
    /// How many dependency names were resolved to a package.
    pub(super) edges: usize,
}

impl<'a> Packages<'a> {
    /// Take the entry at `install` (`""` is the project).
    pub(super) fn add(&mut self, install: Cow<'a, str>, entry: Entry<'a>) {
        if install.is_empty() {
            self.root_twice |= self.root.is_some();
            self.root = Some(entry);
        } else if entry.link {
            self.links.push((install, entry.resolved));
        } else {
            self.components
                .push(component(&install, &entry, Vec::new()));
            let mut wants = entry.dependencies;
            wants.extend(entry.peers);
            wants.shrink_to_fit();
            self.wants.push(wants);
        }
    }

    /// Resolve every dependency name as Node does: the nearest
    /// `node_modules` up the install path, a link standing for its target.
    /// Each lookup is a binary search, and each install path is walked up
    /// once for all its names, so the work stays within a fixed multiple of
    /// the lockfile's size whatever it holds.
    ///
    /// # Errors
    ///
    /// What is wrong, when an install path is listed twice or nested
    /// deeper than [`MAX_NESTING`].
    pub(super) fn resolve(mut self) -> Result<Resolved<'a>, String> {
        if self.root_twice {
            return Err(
                "the project's own entry (`\"\"` in `packages`) is listed twice: which one npm reads is not known"
                    .to_owned(),
            );
        }
        self.links.sort_by(|a, b| a.0.cmp(&b.0));
        let mut order: Vec<usize> = (0..self.components.len()).collect();
        order.sort_unstable_by(|&a, &b| self.components[a].key.cmp(&self.components[b].key));
        let components = &self.components;
        let links = &self.links;
        let twice_package = order
            .windows(2)
            .find(|pair| components[pair[0]].key == components[pair[1]].key)
            .map(|pair| components[pair[0]].key.as_str());
        let twice_link = links
            .windows(2)
            .find(|pair| pair[0].0 == pair[1].0)
            .map(|pair| pair[0].0.as_ref());
        if let Some(install) = twice_package.or(twice_link) {
            return Err(twice(install));
        }
        let package = |install: &str| {
            order
                .binary_search_by(|&at| components[at].key.as_str().cmp(install))
                .is_ok()
        };
        let link = |install: &str| {
            links
                .binary_search_by(|(path, _)| path.as_ref().cmp(install))
                .ok()
        };
        if let Some((path, _)) = links.iter().find(|(path, _)| package(path)) {
            return Err(twice(path));
        }
        let installed = Installed::new(components, links)?;
        let resolve = |levels: &[u32], name: &str| -> Option<String> {
            Some(match installed.find(levels, name)? {
                Slot::Package(at) => components[at].key.clone(),
                Slot::Link(at) => {
                    let (path, target) = &links[at];
                    match target {
                        Some(target) if package(target) || link(target).is_some() => {
                            target.to_string()
                        }
                        _ => path.to_string(),
                    }
                }
            })
        };
        let mut edges = 0;
        let mut depends = |from: &str, names: &[Cow<'_, str>]| -> Vec<String> {
            let levels = installed.levels(from);
            let found: Vec<String> = names
                .iter()
                .filter_map(|name| resolve(&levels, name))
                .collect();
            edges += found.len();
            found
        };
        let depends_on: Vec<Vec<String>> = components
            .iter()
            .zip(&self.wants)
            .map(|(component, names)| depends(&component.key, names))
            .collect();
        let root = self.root.take().map(|root| {
            let mut names = root.dependencies.clone();
            names.extend(root.peers.iter().cloned());
            let found = depends("", &names);
            (root, found)
        });
        drop(installed);
        drop(self.wants);
        let mut components = self.components;
        components.shrink_to_fit();
        for (component, found) in components.iter_mut().zip(depends_on) {
            component.depends_on = found;
        }
        // By install path, as the lockfile's are listed: sorted where they
        // lie, never copied.
        permute(&mut components, order);
        Ok(Resolved {
            root,
            components,
            edges,
        })
    }
}

/// The deepest an install path may nest (`node_modules/` in it): more than
/// a file system holds (a 4,096-byte path has at most 273).
pub(super) const MAX_NESTING: usize = 256;

fn twice(install: &str) -> String {
    format!("`{install}` is listed twice: which one npm installs is not known")
}

/// What is installed at an install path: a package or a link, by position.
#[derive(Clone, Copy)]
enum Slot {
    Package(usize),
    Link(usize),
}

impl Slot {
    /// The flag that marks a link's position in [`Installed::names`].
    const LINK: u32 = 1 << 31;

    fn pack(self) -> Option<u32> {
        let (at, flag) = match self {
            Self::Package(at) => (at, 0),
            Self::Link(at) => (at, Self::LINK),
        };
        u32::try_from(at)
            .ok()
            .filter(|at| at & Self::LINK == 0)
            .map(|at| at | flag)
    }

    fn unpack(packed: u32) -> Self {
        let at = (packed & !Self::LINK) as usize;
        if packed & Self::LINK == 0 {
            Self::Package(at)
        } else {
            Self::Link(at)
        }
    }
}

/// Every package and link by the folder whose `node_modules` holds it and
/// its name there, sorted for binary search; 24 bytes a package.
struct Installed<'s> {
    /// The folders (`""` for the project's own `node_modules`), sorted.
    folders: Vec<&'s str>,
    /// (folder's position, packed [`Slot`], name), sorted by folder and name.
    names: Vec<(u32, u32, &'s str)>,
}

impl<'s> Installed<'s> {
    fn new(
        components: &'s [Component],
        links: &'s [(Cow<'_, str>, Option<Cow<'_, str>>)],
    ) -> Result<Self, String> {
        let paths = || {
            components
                .iter()
                .enumerate()
                .map(|(at, component)| (component.key.as_str(), Slot::Package(at)))
                .chain(
                    links
                        .iter()
                        .enumerate()
                        .map(|(at, (path, _))| (path.as_ref(), Slot::Link(at))),
                )
        };
        let mut folders = Vec::new();
        for (path, _) in paths() {
            let nesting = path.matches("node_modules/").count();
            if nesting > MAX_NESTING {
                // Named by its start: the whole path is many kilobytes.
                let start: String = path.chars().take(80).collect();
                return Err(format!(
                    "`{start}…` is nested {nesting} `node_modules` deep; cicd reads at most {MAX_NESTING}"
                ));
            }
            folders.extend(folder_and_name(path).map(|(folder, _)| folder));
        }
        folders.sort_unstable();
        folders.dedup();
        folders.shrink_to_fit();
        let mut names = Vec::with_capacity(components.len() + links.len());
        for (path, slot) in paths() {
            let Some((folder, name)) = folder_and_name(path) else {
                continue;
            };
            let folder = folders
                .binary_search(&folder)
                .ok()
                .and_then(|at| u32::try_from(at).ok());
            if let (Some(folder), Some(slot)) = (folder, slot.pack()) {
                names.push((folder, slot, name));
            }
        }
        names.sort_unstable_by(|a, b| (a.0, a.2).cmp(&(b.0, b.2)));
        Ok(Self { folders, names })
    }

    /// The folders a package at `from` looks in, nearest first, by their
    /// positions: its own `node_modules`, then each one up its install
    /// path, then the project's (a workspace folder goes straight there).
    /// Folders with nothing installed are left out.
    fn levels(&self, from: &str) -> Vec<u32> {
        let mut levels = Vec::new();
        let mut base = from;
        loop {
            if let Some(at) = self
                .folders
                .binary_search(&base)
                .ok()
                .and_then(|at| u32::try_from(at).ok())
            {
                levels.push(at);
            }
            if base.is_empty() {
                return levels;
            }
            base = match base.rfind("/node_modules/") {
                Some(at) => &base[..at],
                None => "",
            };
        }
    }

    /// What `name` resolves to from the folders `levels`.
    fn find(&self, levels: &[u32], name: &str) -> Option<Slot> {
        levels.iter().find_map(|&folder| {
            self.names
                .binary_search_by(|(at, _, installed)| (*at, *installed).cmp(&(folder, name)))
                .ok()
                .map(|found| Slot::unpack(self.names[found].1))
        })
    }
}

/// The folder whose `node_modules` holds `path`, and the name there:
/// `node_modules/a/node_modules/@s/b` is `@s/b` in `node_modules/a`. A
/// path not in a `node_modules` (a workspace folder) is `None`.
fn folder_and_name(path: &str) -> Option<(&str, &str)> {
    let at = path.rfind("node_modules/")?;
    let folder = match &path[..at] {
        "" => "",
        before => before.strip_suffix('/')?,
    };
    Some((folder, &path[at + "node_modules/".len()..]))
}

/// Reads a `packages` object with room made for `capacity` packages (the
/// list of 230,000 is never grown by copying).
pub(super) struct WithCapacity(pub(super) usize);

impl<'de> DeserializeSeed<'de> for WithCapacity {
    type Value = Packages<'de>;

    fn deserialize<D: serde::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Self::Value, D::Error> {
        struct PackagesVisitor(usize);

        impl<'de> Visitor<'de> for PackagesVisitor {
            type Value = Packages<'de>;

            fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
                formatter.write_str("an object of packages by install path")
            }

            fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<Self::Value, M::Error> {
                let mut packages = Packages {
                    components: Vec::with_capacity(self.0),
                    wants: Vec::with_capacity(self.0),
                    ..Packages::default()
                };
                while let Some(Borrowed(install)) = map.next_key::<Borrowed<'de>>()? {
                    let Object(raw) = map.next_value::<Object<RawEntry<'de>>>()?;
                    let read = entry(&install, raw);
                    packages.add(install, read);
                }
                Ok(packages)
            }
        }

        deserializer.deserialize_map(PackagesVisitor(self.0))
    }
}

/// Put `items` in the order `order` gives (the item at `order[i]` goes to
/// `i`; each position once), in place: each cycle of the permutation is
/// followed once, `order` marked as it goes.
fn permute<T>(items: &mut [T], mut order: Vec<usize>) {
    for start in 0..items.len().min(order.len()) {
        let mut at = start;
        loop {
            let from = order[at];
            order[at] = at;
            if from == start || from == at || from >= items.len() {
                break;
            }
            items.swap(at, from);
            at = from;
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::permute;

    proptest! {
        #[test]
        fn permuting_in_place_is_sorting(items in proptest::collection::vec(any::<u32>(), 0..64)) {
            let mut order: Vec<usize> = (0..items.len()).collect();
            order.sort_by_key(|&at| items[at]);
            let mut permuted = items.clone();
            permute(&mut permuted, order);
            let mut sorted = items;
            sorted.sort_unstable();
            prop_assert_eq!(permuted, sorted);
        }
    }
}
