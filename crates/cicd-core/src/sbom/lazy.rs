//! A JSON array made from an iterator each time it is serialized, so a
//! document's 230,000 entries are made one at a time as they are written,
//! never all held.

use serde::{Serialize, Serializer};

/// An array of what `F` makes, made again on every serialization (the
/// writers serialize twice: once for the digest, once for the text).
pub(super) struct Lazy<F>(pub(super) F);

impl<F, I> Serialize for Lazy<F>
where
    F: Fn() -> I,
    I: Iterator,
    I::Item: Serialize,
{
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq((self.0)())
    }
}

#[cfg(test)]
mod tests {
    use super::Lazy;

    #[test]
    fn made_again_each_time() {
        let lazy = Lazy(|| (1..4).map(|n| n * 2));
        assert_eq!(serde_json::to_string(&lazy).unwrap(), "[2,4,6]");
        assert_eq!(serde_json::to_string(&lazy).unwrap(), "[2,4,6]");
        let empty = Lazy(std::iter::empty::<u8>);
        assert_eq!(serde_json::to_string_pretty(&empty).unwrap(), "[]");
    }
}
