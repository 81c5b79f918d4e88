//! Merging SBOMs, ours or another tool's, into one document of the same
//! format: CycloneDX (any 1.x JSON, written as 1.6) or SPDX (2.x JSON,
//! written as 2.3).
//!
//! - Packages are matched by their purl, in canonical form
//!   ([`Purl::parse`]): one component or package per purl, with the union of
//!   the hashes, references and properties the inputs give it; the first
//!   input's other fields win. Nested CycloneDX components are flattened.
//! - Everything without a purl keeps its identifier, made unique with the
//!   input's number (`2:project`) where two inputs use the same one.
//! - Every graph is kept: each input's dependencies (CycloneDX) or
//!   relationships (SPDX), rewritten to the merged identifiers, their union.
//!   References to nothing in their input are dropped.
//! - A new subject depends on (CycloneDX) or is described with (SPDX) each
//!   input's own subject.
//! - The time is the newest input's, so merging the same files gives the
//!   same bytes; lists are sorted; the serial number and namespace come from
//!   the content.

use std::collections::BTreeSet;

use serde_json::{Map, Value};

use super::purl::Purl;
use crate::{Error, Result};

mod cyclonedx;
mod spdx;

use cyclonedx::merge_cyclonedx;
use spdx::merge_spdx;

/// The format of an SBOM.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SbomFormat {
    /// CycloneDX JSON.
    CycloneDx,
    /// SPDX 2.x JSON.
    Spdx,
}

impl std::fmt::Display for SbomFormat {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::CycloneDx => "CycloneDX",
            Self::Spdx => "SPDX",
        })
    }
}

/// One document to merge.
#[derive(Clone, Debug)]
pub struct Input {
    /// Where it came from, for messages.
    pub path: String,
    /// Its JSON.
    pub document: Value,
}

/// The merged document.
#[derive(Clone, Debug)]
pub struct Merged {
    /// Its format.
    pub format: SbomFormat,
    /// Its JSON text.
    pub text: String,
    /// Components (CycloneDX) or packages and files (SPDX), the subject
    /// included.
    pub components: usize,
    /// Dependency edges (CycloneDX) or relationships (SPDX).
    pub edges: usize,
    /// How many input entries were folded into another with the same purl.
    pub folded: usize,
}

fn invalid(path: &str, what: impl Into<String>) -> Error {
    Error::SbomDocument {
        path: path.to_owned(),
        what: what.into(),
    }
}

/// The format `document` (read from `path`) is in.
///
/// # Errors
///
/// [`Error::SbomDocument`] when it is neither CycloneDX nor SPDX 2.x JSON.
pub fn format_of(path: &str, document: &Value) -> Result<SbomFormat> {
    if document.get("bomFormat").and_then(Value::as_str) == Some("CycloneDX") {
        let version = document.get("specVersion").and_then(Value::as_str);
        return match version {
            Some(version) if version.starts_with("1.") => Ok(SbomFormat::CycloneDx),
            _ => Err(invalid(
                path,
                format!(
                    "CycloneDX `specVersion` {}: expected 1.x",
                    version.unwrap_or("missing")
                ),
            )),
        };
    }
    match document.get("spdxVersion").and_then(Value::as_str) {
        Some(version) if version.starts_with("SPDX-2.") => Ok(SbomFormat::Spdx),
        Some(version) => Err(invalid(
            path,
            format!("`spdxVersion` {version}: cicd merges SPDX 2.x JSON"),
        )),
        None => Err(invalid(
            path,
            "neither CycloneDX JSON (`bomFormat`) nor SPDX JSON (`spdxVersion`)",
        )),
    }
}

/// Merge `inputs` (at least one, all of one format) into one document for
/// the project `name`; `created` is the time used when no input has one.
///
/// # Errors
///
/// [`Error::SbomDocument`] when an input is not an SBOM, or not of the
/// first input's format.
pub fn merge(inputs: &[Input], name: &str, created: &str) -> Result<Merged> {
    let Some(first) = inputs.first() else {
        return Err(invalid("-", "nothing to merge"));
    };
    let format = format_of(&first.path, &first.document)?;
    for input in inputs {
        let this = format_of(&input.path, &input.document)?;
        if this != format {
            return Err(invalid(
                &input.path,
                format!(
                    "is {this} but `{}` is {format}: merge documents of one format",
                    first.path
                ),
            ));
        }
    }
    match format {
        SbomFormat::CycloneDx => merge_cyclonedx(inputs, name, created),
        SbomFormat::Spdx => merge_spdx(inputs, name, created),
    }
}

/// The canonical form of a purl, when it parses.
fn canonical(purl: Option<&str>) -> Option<String> {
    Purl::parse(purl?).ok()?.build().ok()
}

/// Add the items of `extra` missing from `into[key]` (arrays compared by
/// value).
fn union_array(into: &mut Map<String, Value>, extra: &Map<String, Value>, key: &str) {
    let Some(more) = extra.get(key).and_then(Value::as_array) else {
        return;
    };
    let list = into
        .entry(key.to_owned())
        .or_insert_with(|| Value::Array(Vec::new()));
    if let Some(list) = list.as_array_mut() {
        for item in more {
            if !list.contains(item) {
                list.push(item.clone());
            }
        }
    }
}

/// Sort a JSON array by each item's text.
fn sort_array(value: &mut Value) {
    if let Some(list) = value.as_array_mut() {
        list.sort_by_cached_key(Value::to_string);
    }
}

/// The newest of the inputs' times at `pointer`, else `fallback`.
fn newest(inputs: &[Input], pointer: &str, fallback: &str) -> String {
    inputs
        .iter()
        .filter_map(|input| input.document.pointer(pointer)?.as_str())
        .max()
        .unwrap_or(fallback)
        .to_owned()
}

/// Identifiers without a purl: kept where one input alone uses them, else
/// marked with the input's number (from 1).
struct Identifiers {
    shared: BTreeSet<String>,
}

impl Identifiers {
    fn new(per_input: &[BTreeSet<String>]) -> Self {
        let mut seen = BTreeSet::new();
        let mut shared = BTreeSet::new();
        for identifiers in per_input {
            for identifier in identifiers {
                if !seen.insert(identifier.clone()) {
                    shared.insert(identifier.clone());
                }
            }
        }
        Self { shared }
    }

    fn is_shared(&self, identifier: &str) -> bool {
        self.shared.contains(identifier)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::{Input, SbomFormat, merge};

    fn input(path: &str, document: Value) -> Input {
        Input {
            path: path.to_owned(),
            document,
        }
    }

    fn ours() -> Input {
        input(
            "ours.cdx.json",
            json!({
                "bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1,
                "metadata": {"timestamp": "2026-01-01T00:00:00Z",
                             "component": {"type": "application", "bom-ref": "project", "name": "app"}},
                "components": [
                    {"type": "library", "bom-ref": "web/package-lock.json#node_modules/@s/x", "name": "x", "group": "@s",
                     "version": "1.0.0", "purl": "pkg:npm/%40s/x@1.0.0", "scope": "excluded",
                     "hashes": [{"alg": "SHA-512", "content": "aa"}]},
                    {"type": "library", "bom-ref": "web/package-lock.json#node_modules/y", "name": "y",
                     "version": "2.0.0", "purl": "pkg:npm/y@2.0.0"}
                ],
                "dependencies": [
                    {"ref": "project", "dependsOn": ["web/package-lock.json#node_modules/@s/x"]},
                    {"ref": "web/package-lock.json#node_modules/@s/x", "dependsOn": ["web/package-lock.json#node_modules/y"]}
                ]
            }),
        )
    }

    fn theirs() -> Input {
        input(
            "theirs.cdx.json",
            json!({
                "bomFormat": "CycloneDX", "specVersion": "1.4", "version": 1,
                "metadata": {"timestamp": "2026-03-01T00:00:00Z",
                             "component": {"type": "application", "bom-ref": "project", "name": "app"}},
                "components": [
                    {"type": "library", "bom-ref": "x", "name": "x", "group": "@s", "version": "1.0.0",
                     "purl": "pkg:npm/@s/x@1.0.0", "hashes": [{"alg": "SHA-1", "content": "bb"}],
                     "components": [{"type": "library", "bom-ref": "z", "name": "z", "version": "3"}]}
                ],
                "dependencies": [
                    {"ref": "project", "dependsOn": ["x"]},
                    {"ref": "x", "dependsOn": ["z", "nowhere"]}
                ]
            }),
        )
    }

    #[test]
    fn cyclonedx_folds_by_purl_and_keeps_every_graph() {
        let merged = merge(&[ours(), theirs()], "all", "2020-01-01T00:00:00Z").unwrap();
        assert_eq!(merged.format, SbomFormat::CycloneDx);
        let bom: Value = serde_json::from_str(&merged.text).unwrap();
        assert_eq!(bom["specVersion"], "1.6");
        assert_eq!(bom["metadata"]["timestamp"], "2026-03-01T00:00:00Z");
        let refs: Vec<&str> = bom["components"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["bom-ref"].as_str().unwrap())
            .collect();
        assert_eq!(
            refs,
            [
                "1:project",
                "2:project",
                "pkg:npm/%40s/x@1.0.0",
                "pkg:npm/y@2.0.0",
                "z"
            ]
        );
        assert_eq!(merged.folded, 1);
        let x = &bom["components"][2];
        assert_eq!(x["hashes"].as_array().unwrap().len(), 2, "{x}");
        assert!(x.get("scope").is_none(), "required in one input: required");
        assert!(
            x.get("components").is_none(),
            "nested components are flattened"
        );
        let deps = |reference: &str| -> Vec<String> {
            bom["dependencies"]
                .as_array()
                .unwrap()
                .iter()
                .find(|d| d["ref"] == reference)
                .map(|d| {
                    d["dependsOn"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|t| t.as_str().unwrap().to_owned())
                        .collect()
                })
                .unwrap_or_default()
        };
        // Both graphs, the dangling `nowhere` dropped.
        assert_eq!(deps("pkg:npm/%40s/x@1.0.0"), ["pkg:npm/y@2.0.0", "z"]);
        assert_eq!(deps("merged"), ["1:project", "2:project"]);
        assert_eq!(bom["metadata"]["component"]["bom-ref"], "merged");
        let again = merge(&[ours(), theirs()], "all", "2020-01-01T00:00:00Z").unwrap();
        assert_eq!(merged.text, again.text, "the same bytes");
    }

    fn spdx(path: &str, package_id: &str, purl: &str) -> Input {
        input(
            path,
            json!({
                "spdxVersion": "SPDX-2.3", "dataLicense": "CC0-1.0", "SPDXID": "SPDXRef-DOCUMENT",
                "name": "x", "documentNamespace": "https://example.com/x",
                "creationInfo": {"created": "2026-01-01T00:00:00Z", "creators": ["Tool: t"]},
                "documentDescribes": ["SPDXRef-app"],
                "packages": [
                    {"SPDXID": "SPDXRef-app", "name": "app", "downloadLocation": "NOASSERTION",
                     "hasFiles": ["SPDXRef-file"]},
                    {"SPDXID": package_id, "name": "ms", "versionInfo": "2.1.3", "downloadLocation": "NOASSERTION",
                     "checksums": [{"algorithm": "SHA1", "checksumValue": path}],
                     "externalRefs": [{"referenceCategory": "PACKAGE-MANAGER", "referenceType": "purl", "referenceLocator": purl}]}
                ],
                "files": [{"SPDXID": "SPDXRef-file", "fileName": "./a.js",
                           "checksums": [{"algorithm": "SHA1", "checksumValue": "cc"}]}],
                "relationships": [
                    {"spdxElementId": "SPDXRef-app", "relationshipType": "DEPENDS_ON", "relatedSpdxElement": package_id},
                    {"spdxElementId": "SPDXRef-app", "relationshipType": "DEPENDS_ON", "relatedSpdxElement": "SPDXRef-gone"}
                ]
            }),
        )
    }

    #[test]
    fn spdx_folds_by_purl_and_renames_shared_identifiers() {
        let merged = merge(
            &[
                spdx("a.spdx.json", "SPDXRef-ms", "pkg:npm/ms@2.1.3"),
                spdx("b.spdx.json", "SPDXRef-Package-npm-ms", "pkg:NPM/ms@2.1.3"),
            ],
            "all",
            "2020-01-01T00:00:00Z",
        )
        .unwrap();
        let document: Value = serde_json::from_str(&merged.text).unwrap();
        assert_eq!(merged.folded, 1);
        let ids: Vec<&str> = document["packages"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["SPDXID"].as_str().unwrap())
            .collect();
        assert_eq!(ids.len(), 3, "{ids:?}");
        assert!(
            ids.contains(&"SPDXRef-1-app") && ids.contains(&"SPDXRef-2-app"),
            "{ids:?}"
        );
        let ms = document["packages"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["name"] == "ms")
            .unwrap();
        assert_eq!(ms["checksums"].as_array().unwrap().len(), 2);
        let app = document["packages"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["SPDXID"] == "SPDXRef-2-app")
            .unwrap();
        assert_eq!(app["hasFiles"], json!(["SPDXRef-2-file"]));
        let relationships = document["relationships"].as_array().unwrap();
        let describes = relationships
            .iter()
            .filter(|r| r["relationshipType"] == "DESCRIBES")
            .count();
        assert_eq!(describes, 2);
        assert!(
            relationships
                .iter()
                .all(|r| r["relatedSpdxElement"] != "SPDXRef-gone"),
            "dangling relationships are dropped"
        );
        assert_eq!(merged.edges, 4);
    }

    #[test]
    fn inputs_of_other_formats_or_shapes_are_errors() {
        let err = merge(
            &[ours(), spdx("b.spdx.json", "SPDXRef-ms", "pkg:npm/ms@1")],
            "x",
            "t",
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.contains("`b.spdx.json`: is SPDX but `ours.cdx.json` is CycloneDX"),
            "{err}"
        );
        for (document, expected) in [
            (json!({"name": "x"}), "neither CycloneDX JSON"),
            (
                json!({"bomFormat": "CycloneDX", "specVersion": "2.0"}),
                "expected 1.x",
            ),
            (json!({"spdxVersion": "SPDX-3.0"}), "SPDX 2.x"),
            (
                json!({"bomFormat": "CycloneDX", "specVersion": "1.5", "components": {}}),
                "not an array",
            ),
            (
                json!({"spdxVersion": "SPDX-2.3", "packages": [{"name": "x"}]}),
                "no `SPDXID`",
            ),
        ] {
            let err = merge(&[input("bad.json", document)], "x", "t")
                .unwrap_err()
                .to_string();
            assert!(err.contains(expected), "{err}");
        }
        assert!(merge(&[], "x", "t").is_err());
    }
}
