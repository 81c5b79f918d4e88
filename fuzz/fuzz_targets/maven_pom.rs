//! Any text reads as a Maven artifact or says what it lacks, and setting
//! its dependencies' versions changes nothing else: with no version to
//! set the text is kept whole, and the artifact read back depends on the
//! same artifacts.
#![no_main]

use std::collections::BTreeMap;

use cicd_core::release::{maven_artifact, set_maven_dependencies};
use cicd_core::version::Version;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let (kept, moved) = set_maven_dependencies(text, &BTreeMap::new());
    assert_eq!(kept, text);
    assert!(moved.is_empty());
    let Ok(artifact) = maven_artifact(text, ".") else {
        return;
    };
    let versions: BTreeMap<String, Version> = artifact
        .depends_on
        .iter()
        .map(|name| (name.clone(), Version::new(9, 8, 7)))
        .collect();
    let (set, moved) = set_maven_dependencies(text, &versions);
    assert!(moved.iter().all(|(name, version)| versions.contains_key(name) && version == "9.8.7"));
    let again = maven_artifact(&set, ".").expect("still an artifact");
    assert_eq!(again.name, artifact.name, "{text:?}");
    assert_eq!(again.depends_on, artifact.depends_on, "{text:?}");
    // Set again: nothing moves.
    assert!(set_maven_dependencies(&set, &versions).1.is_empty(), "{text:?}");
});
