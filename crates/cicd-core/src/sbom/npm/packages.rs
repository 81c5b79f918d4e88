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
    /// The first install path listed twice.
    repeated: Option<String>,
}

/// The packages with their dependencies resolved.
pub(super) struct Resolved<'a> {
    /// The project's entry, when the lockfile has one.
    pub(super) root: Option<(Entry<'a>, Vec<String>)>,
    /// The installed packages, in the order read.
    pub(super) components: Vec<Component>,
    /// How many dependency names were resolved to a package.
    pub(super) edges: usize,
}

impl<'a> Packages<'a> {
    /// Take the entry at `install` (`""` is the project).
    pub(super) fn add(&mut self, install: Cow<'a, str>, entry: Entry<'a>) {
        if install.is_empty() {
            if self.root.is_some() {
                self.repeat(&install);
            }
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

    fn repeat(&mut self, install: &str) {
        self.repeated.get_or_insert_with(|| install.to_owned());
    }

    /// Resolve every dependency name as Node does: the nearest
    /// `node_modules` up the install path, a link standing for its target.
    ///
    /// # Errors
    ///
    /// The install path listed twice, when one is.
    pub(super) fn resolve(mut self) -> Result<Resolved<'a>, String> {
        self.links.sort_by(|a, b| a.0.cmp(&b.0));
        let mut order: Vec<usize> = (0..self.components.len()).collect();
        order.sort_unstable_by(|&a, &b| self.components[a].key.cmp(&self.components[b].key));
        let components = &self.components;
        let package = |install: &str| {
            order
                .binary_search_by(|&at| components[at].key.as_str().cmp(install))
                .is_ok()
        };
        let links = &self.links;
        let link = |install: &str| {
            links
                .binary_search_by(|(path, _)| path.as_ref().cmp(install))
                .ok()
                .map(|at| &links[at].1)
        };
        let mut repeated = self.repeated.clone();
        for pair in order.windows(2) {
            let (a, b) = (&components[pair[0]].key, &components[pair[1]].key);
            if a == b {
                repeated.get_or_insert_with(|| a.clone());
            }
        }
        for pair in links.windows(2) {
            if pair[0].0 == pair[1].0 {
                repeated.get_or_insert_with(|| pair[0].0.to_string());
            }
        }
        if let Some((path, _)) = links.iter().find(|(path, _)| package(path)) {
            repeated.get_or_insert_with(|| path.to_string());
        }
        if let Some(install) = repeated {
            return Err(install);
        }
        let resolve = |from: &str, name: &str| -> Option<String> {
            let mut base = from;
            loop {
                let candidate = if base.is_empty() {
                    format!("node_modules/{name}")
                } else {
                    format!("{base}/node_modules/{name}")
                };
                if package(&candidate) {
                    return Some(candidate);
                }
                if let Some(target) = link(&candidate) {
                    return Some(match target {
                        Some(target) if package(target) || link(target).is_some() => {
                            target.to_string()
                        }
                        _ => candidate,
                    });
                }
                if base.is_empty() {
                    return None;
                }
                // Up one `node_modules`; a workspace folder resolves from
                // the root next.
                base = match base.rfind("/node_modules/") {
                    Some(at) => &base[..at],
                    None => "",
                };
            }
        };
        let mut edges = 0;
        let mut depends = |from: &str, names: &[Cow<'_, str>]| -> Vec<String> {
            let found: Vec<String> = names
                .iter()
                .filter_map(|name| resolve(from, name))
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
