//! Any JSON documents merge or fail cleanly, never a panic.
#![no_main]

use cicd_core::sbom::merge::{Input, merge};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let inputs: Vec<Input> = text
        .split('\u{0}')
        .filter_map(|part| serde_json::from_str(part).ok())
        .enumerate()
        .map(|(at, document)| Input {
            path: format!("{at}.json"),
            document,
        })
        .collect();
    let _ = merge(&inputs, "fuzz", "2026-01-01T00:00:00Z");
});
