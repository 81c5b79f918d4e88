//! "Did you mean …?": the closest known name to a misspelt one, and the
//! warning that carries it.

use std::fmt;

/// A key (a lint rule, a configuration key) that a file uses and `cicd` does
/// not know; it is left out, with the closest known name as a hint.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownKey {
    /// The file.
    pub origin: String,
    /// What kind of key: `lint rule`, `key`.
    pub kind: &'static str,
    /// The key as used (with its place, as `packages["x"].versionning`).
    pub key: String,
    /// The closest known key, when one is close.
    pub closest: Option<&'static str>,
}

impl UnknownKey {
    /// An unknown `key` (its bare `name` compared with `known`) in `origin`.
    pub(crate) fn new(
        origin: &str,
        kind: &'static str,
        key: &str,
        name: &str,
        known: impl IntoIterator<Item = &'static str>,
    ) -> Self {
        Self {
            origin: origin.to_owned(),
            kind,
            key: key.to_owned(),
            closest: closest(name, known),
        }
    }
}

impl fmt::Display for UnknownKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "`{}`: unknown {} `{}`, ignored",
            self.origin, self.kind, self.key
        )?;
        if let Some(closest) = self.closest {
            write!(f, "; did you mean `{closest}`?")?;
        }
        Ok(())
    }
}

/// The candidate closest to `name` by edit distance, when it is close enough
/// (at most a third of its length, or a prefix/suffix match like
/// `versioning-strategy` for `versioning`).
pub(crate) fn closest<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|candidate| {
            let affix = name.starts_with(candidate) || name.ends_with(candidate);
            let distance = if affix { 0 } else { distance(name, candidate) };
            (distance, candidate)
        })
        .filter(|(distance, candidate)| *distance <= candidate.len() / 3)
        .min()
        .map(|(_, candidate)| candidate)
}

fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let current = row[j + 1];
            row[j + 1] = (previous + usize::from(ca != *cb))
                .min(row[j] + 1)
                .min(current + 1);
            previous = current;
        }
    }
    row[b.len()]
}
