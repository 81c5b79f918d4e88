//! Digests and their encodings: SHA-256 of bytes, npm's SRI `integrity`
//! (base64) as hex, `sha256:<hex>` prefixes.

use sha2::{Digest as _, Sha256};

use super::{Algorithm, Hash};

/// SHA-256 of `bytes`, in lower-case hex.
pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// A writer that hashes what is written to it (SHA-256) and keeps nothing
/// else: the digest of a document without holding its text.
#[derive(Default)]
pub(crate) struct Sha256Writer(Sha256);

impl Sha256Writer {
    /// The lower-case hex digest of everything written.
    pub(crate) fn hex(self) -> String {
        hex(&self.0.finalize())
    }
}

impl std::io::Write for Sha256Writer {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        sha2::Digest::update(&mut self.0, bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Lower-case hex of `bytes`.
pub(crate) fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        out.push(char::from(DIGITS[usize::from(byte >> 4)]));
        out.push(char::from(DIGITS[usize::from(byte & 0xf)]));
    }
    out
}

/// The bytes of standard base64 (padding optional); `None` when it is not.
fn base64(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let mut buffer = 0u32;
    let mut bits = 0;
    for byte in text.trim_end_matches('=').bytes() {
        let value = match byte {
            b'A'..=b'Z' => byte - b'A',
            b'a'..=b'z' => byte - b'a' + 26,
            b'0'..=b'9' => byte - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            _ => return None,
        };
        buffer = (buffer << 6) | u32::from(value);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push(u8::try_from((buffer >> bits) & 0xff).ok()?);
        }
    }
    Some(out)
}

/// The digests of an SRI string (`sha512-<base64> sha1-<base64>`); parts
/// with an unknown algorithm or a bad encoding are left out.
pub(crate) fn sri(integrity: &str) -> Vec<Hash> {
    let mut hashes: Vec<Hash> = integrity
        .split_whitespace()
        .filter_map(|part| {
            let (algorithm, digest) = part.split_once('-')?;
            let (algorithm, length) = match algorithm {
                "sha1" => (Algorithm::Sha1, 20),
                "sha256" => (Algorithm::Sha256, 32),
                "sha384" => (Algorithm::Sha384, 48),
                "sha512" => (Algorithm::Sha512, 64),
                _ => return None,
            };
            // Options after `?` are allowed by SRI and carry no digest.
            let digest = digest.split('?').next().unwrap_or(digest);
            let bytes = base64(digest).filter(|bytes| bytes.len() == length)?;
            Some(Hash {
                algorithm,
                hex: hex(&bytes),
            })
        })
        .collect();
    // Held once per package of a lockfile: no spare capacity.
    hashes.shrink_to_fit();
    hashes
}

/// A `sha256:<hex>` (or bare hex of the right length) digest.
pub(crate) fn prefixed(text: &str) -> Option<Hash> {
    let (algorithm, digest) = text.split_once(':').unwrap_or(("sha256", text));
    let (algorithm, length) = match algorithm {
        "sha256" => (Algorithm::Sha256, 64),
        "sha384" => (Algorithm::Sha384, 96),
        "sha512" => (Algorithm::Sha512, 128),
        "sha1" => (Algorithm::Sha1, 40),
        _ => return None,
    };
    let digest = digest.to_ascii_lowercase();
    (digest.len() == length && digest.bytes().all(|b| b.is_ascii_hexdigit())).then_some(Hash {
        algorithm,
        hex: digest,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sri_digests_decode_to_hex() {
        // `sha512-` of the empty string.
        let empty = "sha512-z4PhNX7vuL3xVChQ1m2AB9Yg5AULVxXcg/SpIdNs6c5H0NE8XYXysP+DGNKHfuwvY7kxvUdBeoGlODJ6+SfaPg==";
        assert_eq!(
            sri(empty),
            vec![Hash {
                algorithm: Algorithm::Sha512,
                hex: "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e".to_owned(),
            }]
        );
        assert_eq!(
            sri("sha1-2jmj7l5rSw0yVb/vlWAYkK/YBwk= md5-x sha512-!!"),
            vec![Hash {
                algorithm: Algorithm::Sha1,
                hex: "da39a3ee5e6b4b0d3255bfef95601890afd80709".to_owned(),
            }]
        );
        assert_eq!(
            sha256_hex(b""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert!(
            prefixed("sha256:E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855")
                .is_some()
        );
        assert!(prefixed("sha256:abc").is_none());
        assert!(prefixed("md5:abc").is_none());
    }
}
