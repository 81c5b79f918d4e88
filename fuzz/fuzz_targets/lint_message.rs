//! Linting any text reports violations, never panics.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|message: &str| {
    let config = cicd_core::commits::lint::Config::default();
    let _ = cicd_core::commits::lint::lint(message, &config);
});
