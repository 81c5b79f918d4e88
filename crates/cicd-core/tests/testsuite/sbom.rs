//! SBOMs of real lockfiles and the purl specification's own test vectors,
//! read from `../shared/data` (beside the checkout, as in `.ci/run`).
//!
//! A checkout without that folder (GitHub's runners) skips these tests with a
//! message; `CICD_REQUIRE_SHARED=1`, set by `.ci/run`, makes them fail instead.

use std::path::PathBuf;

use cicd_core::sbom::{self, Document, purl::Purl};
use proptest::prelude::*;
use serde_json::Value;

fn shared(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data")
        .join(path)
}

/// Whether `../shared/data` is there; when it is not, says so and, under
/// `CICD_REQUIRE_SHARED=1`, fails.
fn shared_data_present() -> bool {
    if shared("").is_dir() {
        return true;
    }
    assert!(
        std::env::var_os("CICD_REQUIRE_SHARED").is_none(),
        "CICD_REQUIRE_SHARED is set but {} is missing",
        shared("").display()
    );
    eprintln!(
        "skipped: {} is not beside this checkout",
        shared("").display()
    );
    false
}

fn read(path: &str, name: &str) -> sbom::Lockfile {
    let bytes = std::fs::read(shared(path)).expect("the shared lockfile");
    sbom::read_lockfile(name, &bytes, None).expect("the lockfile reads")
}

#[test]
fn reth_cargo_lock_has_its_whole_graph() {
    if !shared_data_present() {
        return;
    }
    let lock = read("lockfiles/reth-Cargo.lock", "Cargo.lock");
    // 1,130 packages, 6,019 dependency entries, target-specific ones too.
    assert_eq!(lock.components.len(), 1_130);
    assert_eq!(lock.lock_edges, 6_019);
    let edges: usize = lock.components.iter().map(|c| c.depends_on.len()).sum();
    assert_eq!(edges, 6_019);
    let hashed = lock
        .components
        .iter()
        .filter(|c| !c.hashes.is_empty())
        .count();
    assert_eq!(hashed, 980, "every registry crate has its checksum");
    assert!(lock.components.iter().all(|c| c.purl.is_some()));
    let windows = lock
        .components
        .iter()
        .filter(|c| c.depends_on.iter().any(|dep| dep.starts_with("windows_")))
        .count();
    assert!(windows > 0, "target-specific edges are kept");
}

#[test]
fn poetry_lock_edges_normalise_names_and_leave_extras_out() {
    if !shared_data_present() {
        return;
    }
    let lock = read("lockfiles/poetry-poetry.lock", "poetry.lock");
    assert_eq!(lock.components.len(), 78);
    assert_eq!(lock.lock_edges, 87);
    // Keys written `charset_normalizer` / `jaraco.classes` still resolve.
    let requests = lock
        .components
        .iter()
        .find(|c| c.name == "requests")
        .unwrap();
    assert!(
        requests
            .depends_on
            .iter()
            .any(|dep| dep.starts_with("charset-normalizer@"))
    );
}

/// The purl specification's build tests for the types we emit.
#[test]
fn purls_pass_the_specification_build_tests() {
    if !shared_data_present() {
        return;
    }
    let mut checked = 0;
    for file in ["cargo", "npm", "pypi", "generic", "github", "specification"] {
        let text = std::fs::read_to_string(shared(&format!("purl-spec/{file}-test.json"))).unwrap();
        let tests: Value = serde_json::from_str(&text).unwrap();
        for test in tests["tests"].as_array().unwrap() {
            if test["test_type"] != "build" {
                continue;
            }
            let input = &test["input"];
            let text = |key: &str| input[key].as_str();
            let mut purl = Purl::new(
                text("type").unwrap_or(""),
                text("name").unwrap_or(""),
                text("version"),
            );
            if let Some(namespace) = text("namespace") {
                purl = purl.with_namespace(namespace);
            }
            for (key, value) in input["qualifiers"].as_object().into_iter().flatten() {
                purl = purl.with_qualifier(key, value.as_str().unwrap_or_default());
            }
            purl.subpath = text("subpath").map(str::to_owned);
            let built = purl.build();
            if test["expected_failure"] == true {
                assert!(built.is_err(), "{}: {built:?}", test["description"]);
            } else {
                assert_eq!(
                    built.as_deref().ok(),
                    test["expected_output"].as_str(),
                    "{}",
                    test["description"]
                );
            }
            checked += 1;
        }
    }
    assert!(checked >= 25, "{checked} vectors");
}

/// The purl specification's parse and round-trip tests, every type: what
/// `cicd sbom merge` relies on to match packages across tools.
#[test]
fn purls_pass_the_specification_parse_and_roundtrip_tests() {
    if !shared_data_present() {
        return;
    }
    let mut checked = 0;
    for entry in std::fs::read_dir(shared("purl-spec")).unwrap() {
        let path = entry.unwrap().path();
        if !path.to_string_lossy().ends_with("-test.json") {
            continue;
        }
        let tests: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        for test in tests["tests"].as_array().unwrap() {
            let input = test["input"].as_str().unwrap_or_default();
            let parsed = Purl::parse(input);
            let description = format!("{}: {input}", test["description"]);
            if test["expected_failure"] == true {
                assert!(
                    parsed.and_then(|purl| purl.build()).is_err(),
                    "{description}"
                );
                checked += 1;
                continue;
            }
            match test["test_type"].as_str() {
                Some("parse") => {
                    let purl = parsed.unwrap_or_else(|err| panic!("{description}: {err}"));
                    let expected = &test["expected_output"];
                    assert_eq!(
                        Some(purl.kind.as_str()),
                        expected["type"].as_str(),
                        "{description}"
                    );
                    assert_eq!(
                        purl.namespace.as_deref(),
                        expected["namespace"].as_str(),
                        "{description}"
                    );
                    assert_eq!(
                        Some(purl.name.as_str()),
                        expected["name"].as_str(),
                        "{description}"
                    );
                    assert_eq!(
                        purl.version.as_deref(),
                        expected["version"].as_str(),
                        "{description}"
                    );
                    assert_eq!(
                        purl.subpath.as_deref(),
                        expected["subpath"].as_str(),
                        "{description}"
                    );
                    let qualifiers: std::collections::BTreeMap<String, String> =
                        expected["qualifiers"]
                            .as_object()
                            .into_iter()
                            .flatten()
                            .map(|(key, value)| {
                                (key.clone(), value.as_str().unwrap_or_default().to_owned())
                            })
                            .collect();
                    assert_eq!(purl.qualifiers, qualifiers, "{description}");
                }
                Some("validate") => {
                    let built = parsed.and_then(|purl| purl.build());
                    assert_eq!(
                        built.as_deref().ok(),
                        test["expected_output"].as_str(),
                        "{description}"
                    );
                }
                _ => continue,
            }
            checked += 1;
        }
    }
    assert!(checked >= 70, "{checked} vectors");
}

#[test]
fn documents_are_the_same_bytes_for_the_same_lockfiles() {
    if !shared_data_present() {
        return;
    }
    let lock = || read("lockfiles/poetry-poetry.lock", "py/poetry.lock");
    let one = Document::new("p", vec![lock()], "2026-01-01T00:00:00Z");
    let two = Document::new("p", vec![lock()], "2026-01-01T00:00:00Z");
    assert_eq!(one.cyclonedx(), two.cyclonedx());
    assert_eq!(one.spdx(), two.spdx());
    let later = Document::new("p", vec![lock()], "2026-01-02T00:00:00Z");
    assert_ne!(
        one.cyclonedx(),
        later.cyclonedx(),
        "the serial number follows the content"
    );
    let bom: Value = serde_json::from_str(&one.cyclonedx()).unwrap();
    let refs: std::collections::BTreeSet<&str> = bom["components"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| c["bom-ref"].as_str())
        .collect();
    assert_eq!(refs.len(), 79, "unique bom-refs");
    for dependency in bom["dependencies"].as_array().unwrap() {
        for target in dependency["dependsOn"].as_array().unwrap() {
            assert!(refs.contains(target.as_str().unwrap()), "dangling {target}");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Any bytes under any lockfile name: a lockfile or an error, never a panic.
    #[test]
    fn any_bytes_read_or_fail_cleanly(
        bytes in proptest::collection::vec(any::<u8>(), 0..400),
        name in prop::sample::select(vec![
            "Cargo.lock", "package-lock.json", "poetry.lock", "uv.lock", "Pipfile.lock", "pdm.lock", "requirements.txt", "yarn.lock", "pnpm-lock.yaml",
        ]),
    ) {
        let _ = sbom::read_lockfile(name, &bytes, None);
    }

    /// A purl we build reads back to itself, whatever the parts hold.
    #[test]
    fn built_purls_parse_back_to_themselves(
        kind in prop::sample::select(vec!["npm", "pypi", "cargo", "generic", "github", "maven"]),
        namespace in proptest::option::of("[@a-zA-Z0-9._/ -]{1,12}"),
        name in "[a-zA-Z0-9._@#?% -]{1,16}",
        version in proptest::option::of("[a-zA-Z0-9.+:@/ -]{1,12}"),
        qualifier in proptest::option::of("[a-zA-Z0-9:/@&=+ -]{1,16}"),
        subpath in proptest::option::of("[a-z0-9]{1,5}(/[a-z0-9]{1,5}){0,2}"),
    ) {
        let mut purl = Purl::new(kind, &name, version.as_deref());
        if let Some(namespace) = &namespace {
            purl = purl.with_namespace(namespace);
        }
        if let Some(value) = &qualifier {
            purl = purl.with_qualifier("vcs_url", value);
        }
        purl.subpath = subpath;
        if let Ok(built) = purl.build() {
            let reparsed = Purl::parse(&built).and_then(|purl| purl.build());
            prop_assert_eq!(reparsed, Ok(built));
        }
    }

    /// Any text as a purl: a purl or an error, never a panic.
    #[test]
    fn any_text_parses_or_fails_cleanly(text in "\\PC{0,40}") {
        let _ = Purl::parse(&text);
    }

    /// Any JSON shaped like an SBOM merges or fails cleanly.
    #[test]
    fn sbom_shaped_json_merges_or_fails_cleanly(
        format in prop::sample::select(vec!["cyclonedx", "spdx"]),
        refs in proptest::collection::vec("[a-z@:/0-9.%-]{0,12}", 0..6),
        purl in proptest::option::of("pkg:[a-z]{1,4}/[a-z@%0-9]{0,6}(@[0-9.]{0,4})?"),
    ) {
        let document = if format == "cyclonedx" {
            serde_json::json!({
                "bomFormat": "CycloneDX", "specVersion": "1.5",
                "components": refs.iter().map(|r| serde_json::json!({"bom-ref": r, "name": r, "purl": purl})).collect::<Vec<_>>(),
                "dependencies": refs.iter().map(|r| serde_json::json!({"ref": r, "dependsOn": refs})).collect::<Vec<_>>(),
            })
        } else {
            serde_json::json!({
                "spdxVersion": "SPDX-2.3",
                "packages": refs.iter().map(|r| serde_json::json!({"SPDXID": r, "name": r,
                    "externalRefs": [{"referenceType": "purl", "referenceLocator": purl}]})).collect::<Vec<_>>(),
                "relationships": refs.iter().map(|r| serde_json::json!({"spdxElementId": r, "relationshipType": "DEPENDS_ON", "relatedSpdxElement": refs.first()})).collect::<Vec<_>>(),
            })
        };
        let input = |path: &str| sbom::merge::Input { path: path.to_owned(), document: document.clone() };
        let _ = sbom::merge::merge(&[input("a.json"), input("b.json")], "x", "2026-01-01T00:00:00Z");
    }

    /// Lockfile-shaped text with random values: never a panic.
    #[test]
    fn shaped_text_reads_or_fails_cleanly(
        name in "[a-z@/_.-]{0,12}",
        version in "[0-9a-z.+-]{0,10}",
        dependency in "[a-z0-9 ().+-]{0,20}",
    ) {
        let cargo = format!("version = 4\n[[package]]\nname = {name:?}\nversion = {version:?}\ndependencies = [{dependency:?}]\n");
        let _ = sbom::read_lockfile("Cargo.lock", cargo.as_bytes(), None);
        let npm = format!("{{\"lockfileVersion\": 3, \"packages\": {{\"node_modules/{name}\": {{\"version\": {version:?}, \"dependencies\": {{{dependency:?}: \"*\"}}}}}}}}");
        let _ = sbom::read_lockfile("package-lock.json", npm.as_bytes(), None);
        let uv = format!("version = 1\n[[package]]\nname = {name:?}\nversion = {version:?}\ndependencies = [{{ name = {dependency:?}, extra = [\"x\"] }}]\n");
        let _ = sbom::read_lockfile("uv.lock", uv.as_bytes(), None);
        for lockfile_version in ["5.4", "'6.0'", "'9.0'"] {
            let pnpm = format!("lockfileVersion: {lockfile_version}\nimporters:\n  {name:?}:\n    dependencies:\n      {name:?}: {{specifier: '*', version: {version:?}}}\npackages:\n  {name:?}:\n    dependencies:\n      {dependency:?}: {version:?}\nsnapshots:\n  {name:?}:\n    dependencies:\n      {dependency:?}: 'link:{version}'\n");
            let _ = sbom::read_lockfile("pnpm-lock.yaml", pnpm.as_bytes(), None);
        }
    }
}
