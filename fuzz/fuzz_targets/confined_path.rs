//! Any path either is refused or cleans to one inside the root: no `..`,
//! not absolute, no control character; and any bytes decode to text whose
//! style puts them back byte for byte, or are refused as not UTF-8.
#![no_main]

use cicd_core::confined::{decode, relative_path};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(path) = std::str::from_utf8(data) {
        if let Ok(clean) = relative_path(path) {
            assert!(!clean.starts_with('/'), "{path:?}");
            assert!(clean.split('/').all(|part| part != ".." && part != "." && (!part.is_empty() || clean.is_empty())), "{path:?}");
            assert!(!clean.chars().any(char::is_control), "{path:?}");
            assert_eq!(relative_path(&clean).as_deref(), Ok(clean.as_str()), "cleaning is idempotent");
        }
    }
    if let Ok(text) = decode("f", data.to_vec()) {
        assert_eq!(text.style.apply(&text.content).as_bytes(), data);
    }
});
