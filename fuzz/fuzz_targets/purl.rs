//! Any text parses as a purl or fails cleanly, and a parsed purl builds
//! back to a purl that parses to the same string.
#![no_main]

use cicd_core::sbom::purl::Purl;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Ok(built) = Purl::parse(text).and_then(|purl| purl.build()) {
        let again = Purl::parse(&built).and_then(|purl| purl.build());
        assert_eq!(again.as_deref(), Ok(built.as_str()), "{text:?}");
    }
});
