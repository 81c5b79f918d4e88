//! Any text parses to exactly one verdict, without panicking.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|message: &str| {
    let commit = cicd_core::commits::parse("0000000", message);
    assert!(commit.conventional.is_some() != commit.invalid.is_some());
    let _ = cicd_core::commits::cleanup(message, '#');
});
