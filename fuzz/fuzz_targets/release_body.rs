//! A merged release PR's body reads back into releases or none, never a
//! panic; and notes rendered from any commit message never add a release to
//! the body they are put in: a commit cannot forge a release.
#![no_main]

use cicd_core::release::{body, parse_pull_request};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: (&str, &str)| {
    let (branch, text) = input;
    let _ = parse_pull_request(branch, text);
    // `text` as what a commit can put in the notes: every line an entry.
    let entries: String = text
        .lines()
        .map(|line| format!("* {line}\n"))
        .collect();
    let notes = format!("## [1.0.1](https://x/compare/v1.0.0...v1.0.1) (2026-01-01)\n\n\n### Bug Fixes\n\n{entries}");
    let proposed = parse_pull_request("release-please--branches--main", &body(&notes));
    assert_eq!(proposed.len(), 1, "{text:?}");
    assert_eq!(proposed[0].version.to_string(), "1.0.1", "{text:?}");
});
