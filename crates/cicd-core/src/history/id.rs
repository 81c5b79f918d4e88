//! Object ids kept small: a SHA-1 in 20 bytes rather than a 40-byte
//! string, hashed cheaply.

use std::collections::HashMap;
use std::fmt;
use std::hash::{BuildHasherDefault, Hasher};

/// A map keyed by object id.
pub(super) type IdMap<V> = HashMap<Id, V, BuildHasherDefault<IdHasher>>;

/// Hashes commit ids with a multiply and a rotate per eight bytes: their
/// bytes are already uniform, and a commit graph is not attacker-chosen
/// keys (a crafted one would only be slower).
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct IdHasher(u64);

impl Hasher for IdHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(word))
                .wrapping_mul(0x517c_c1b7_2722_0a95);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// A commit id, stored in 20 bytes when it is a SHA-1 in hex.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(super) enum Id {
    Sha1([u8; 20]),
    Other(Box<str>),
}

impl Id {
    /// The id written `text` (lower-case hex, or anything else kept whole).
    pub(super) fn of(text: &str) -> Self {
        let bytes = text.as_bytes();
        if bytes.len() == 40 {
            let mut sha = [0u8; 20];
            let decoded = sha
                .iter_mut()
                .zip(bytes.chunks_exact(2))
                .all(|(byte, pair)| match (nibble(pair[0]), nibble(pair[1])) {
                    (Some(high), Some(low)) => {
                        *byte = high << 4 | low;
                        true
                    }
                    _ => false,
                });
            if decoded {
                return Self::Sha1(sha);
            }
        }
        Self::Other(text.into())
    }
}

/// The value of a lower-case hex digit (upper case is kept as text, so that
/// an id reads back as written).
fn nibble(digit: u8) -> Option<u8> {
    match digit {
        b'0'..=b'9' => Some(digit - b'0'),
        b'a'..=b'f' => Some(digit - b'a' + 10),
        _ => None,
    }
}

impl fmt::Display for Id {
    /// The id as git writes it: lower-case hex, or the text kept whole.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Sha1(bytes) => bytes.iter().try_for_each(|byte| write!(f, "{byte:02x}")),
            Self::Other(text) => f.write_str(text),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Id;

    #[test]
    fn ids_read_back_as_written() {
        let sha = "4b825dc642cb6eb9a060e54bf8d69288fbee4904";
        assert!(matches!(Id::of(sha), Id::Sha1(_)));
        assert_eq!(Id::of(sha).to_string(), sha);
        // Upper case, short or other: kept as text.
        for text in ["4B825DC642CB6EB9A060E54BF8D69288FBEE4904", "abc", "main"] {
            assert!(matches!(Id::of(text), Id::Other(_)));
            assert_eq!(Id::of(text).to_string(), text);
        }
    }
}
