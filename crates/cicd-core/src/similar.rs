//! "Did you mean …?": the closest known name to a misspelt one.

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
