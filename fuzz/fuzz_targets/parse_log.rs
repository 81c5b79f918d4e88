//! Any bytes from `git log` give commits or an error, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (files, bytes) = data
        .split_first()
        .map(|(first, rest)| (first % 2 == 0, rest))
        .unwrap_or((false, data));
    let _ = cicd_core::history::parse_log(bytes, files);
});
