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

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde_json::{Map, Value, json};

use super::purl::Purl;
use super::{cyclonedx, encoding, spdx};
use crate::{Error, Result};

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

/// A CycloneDX component and, flattened after it, the ones nested in it.
fn flatten(component: &Value, out: &mut Vec<Map<String, Value>>) {
    let Some(object) = component.as_object() else {
        return;
    };
    let mut copy = object.clone();
    copy.remove("components");
    out.push(copy);
    for nested in object
        .get("components")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        flatten(nested, out);
    }
}

/// A component's bom-ref, else `name@version`.
fn bom_ref_of(component: &Map<String, Value>) -> String {
    match component.get("bom-ref").and_then(Value::as_str) {
        Some(reference) => reference.to_owned(),
        None => format!(
            "{}@{}",
            component
                .get("name")
                .and_then(Value::as_str)
                .unwrap_or_default(),
            component
                .get("version")
                .and_then(Value::as_str)
                .unwrap_or_default()
        ),
    }
}

fn merge_cyclonedx(inputs: &[Input], name: &str, created: &str) -> Result<Merged> {
    // Every input's components, its subject first.
    let mut per_input: Vec<Vec<Map<String, Value>>> = Vec::new();
    let mut subjects: Vec<Option<String>> = Vec::new();
    for input in inputs {
        let mut components = Vec::new();
        let subject = input.document.pointer("/metadata/component");
        if let Some(subject) = subject {
            flatten(subject, &mut components);
        }
        subjects.push(subject.and_then(Value::as_object).map(bom_ref_of));
        match input.document.get("components") {
            None | Some(Value::Null) => {}
            Some(Value::Array(list)) => {
                for component in list {
                    flatten(component, &mut components);
                }
            }
            Some(_) => return Err(invalid(&input.path, "`components` is not an array")),
        }
        per_input.push(components);
    }
    let unpurled: Vec<BTreeSet<String>> = per_input
        .iter()
        .map(|components| {
            components
                .iter()
                .filter(|component| {
                    canonical(component.get("purl").and_then(Value::as_str)).is_none()
                })
                .map(bom_ref_of)
                .collect()
        })
        .collect();
    let identifiers = Identifiers::new(&unpurled);
    let purls: BTreeSet<String> = per_input
        .iter()
        .flatten()
        .filter_map(|component| canonical(component.get("purl").and_then(Value::as_str)))
        .collect();
    let subject_ref = ["merged", "merged-sbom", "cicd-merged-sbom"]
        .into_iter()
        .find(|candidate| {
            !purls.contains(*candidate) && !unpurled.iter().any(|refs| refs.contains(*candidate))
        })
        .unwrap_or("cicd-merged-sbom");

    let mut merged: BTreeMap<String, Map<String, Value>> = BTreeMap::new();
    let mut maps: Vec<HashMap<String, String>> = Vec::new();
    let mut folded = 0;
    for (at, components) in per_input.iter().enumerate() {
        let mut map = HashMap::new();
        for component in components {
            let old = bom_ref_of(component);
            let new = match canonical(component.get("purl").and_then(Value::as_str)) {
                Some(purl) => purl,
                None if identifiers.is_shared(&old) || old == subject_ref => {
                    format!("{}:{old}", at + 1)
                }
                None => old.clone(),
            };
            map.insert(old, new.clone());
            match merged.get_mut(&new) {
                Some(existing) => {
                    folded += 1;
                    for key in ["hashes", "externalReferences", "properties", "licenses"] {
                        if key != "licenses" || !existing.contains_key(key) {
                            union_array(existing, component, key);
                        }
                    }
                    let scope = |map: &Map<String, Value>| {
                        map.get("scope").and_then(Value::as_str).map(str::to_owned)
                    };
                    match (scope(existing).as_deref(), scope(component).as_deref()) {
                        (_, None | Some("required")) => {
                            existing.remove("scope");
                        }
                        (Some("excluded"), Some("optional")) => {
                            existing.insert("scope".to_owned(), json!("optional"));
                        }
                        _ => {}
                    }
                }
                None => {
                    let mut copy = component.clone();
                    copy.insert("bom-ref".to_owned(), json!(new));
                    if let Some(purl) = canonical(component.get("purl").and_then(Value::as_str)) {
                        copy.insert("purl".to_owned(), json!(purl));
                    }
                    merged.insert(new, copy);
                }
            }
        }
        maps.push(map);
    }

    // Every graph, rewritten.
    let mut graph: BTreeMap<String, BTreeSet<String>> = merged
        .keys()
        .map(|reference| (reference.clone(), BTreeSet::new()))
        .collect();
    for (at, input) in inputs.iter().enumerate() {
        let map = &maps[at];
        let dependencies = match input.document.get("dependencies") {
            None | Some(Value::Null) => continue,
            Some(Value::Array(list)) => list,
            Some(_) => return Err(invalid(&input.path, "`dependencies` is not an array")),
        };
        for dependency in dependencies {
            let Some(from) = dependency
                .get("ref")
                .and_then(Value::as_str)
                .and_then(|reference| map.get(reference))
            else {
                continue;
            };
            let targets = dependency
                .get("dependsOn")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(|target| map.get(target.as_str()?))
                .cloned();
            graph.entry(from.clone()).or_default().extend(targets);
        }
    }
    let subject_targets: BTreeSet<String> = subjects
        .iter()
        .enumerate()
        .filter_map(|(at, subject)| maps[at].get(subject.as_deref()?).cloned())
        .collect();
    graph.insert(subject_ref.to_owned(), subject_targets);

    let components: Vec<Value> = merged
        .into_values()
        .map(|mut component| {
            for key in ["hashes", "externalReferences", "properties"] {
                if let Some(list) = component.get_mut(key) {
                    sort_array(list);
                }
            }
            Value::Object(component)
        })
        .collect();
    let edges = graph.values().map(BTreeSet::len).sum();
    let dependencies: Vec<Value> = graph
        .into_iter()
        .map(|(reference, targets)| json!({"ref": reference, "dependsOn": targets}))
        .collect();
    let count = components.len() + 1;
    let mut bom = json!({
        "$schema": "http://cyclonedx.org/schema/bom-1.6.schema.json",
        "bomFormat": "CycloneDX",
        "specVersion": "1.6",
        "version": 1,
        "metadata": {
            "timestamp": newest(inputs, "/metadata/timestamp", created),
            "tools": {"components": [{
                "type": "application",
                "name": "cicd-core",
                "version": env!("CARGO_PKG_VERSION"),
                "purl": format!("pkg:cargo/cicd-core@{}", env!("CARGO_PKG_VERSION")),
            }]},
            "component": {"type": "application", "bom-ref": subject_ref, "name": name},
        },
        "components": components,
        "dependencies": dependencies,
    });
    let digest = encoding::sha256_hex(bom.to_string().as_bytes());
    bom["serialNumber"] = json!(format!("urn:uuid:{}", cyclonedx::uuid(&digest)));
    let mut text = serde_json::to_string_pretty(&bom).unwrap_or_default();
    text.push('\n');
    Ok(Merged {
        format: SbomFormat::CycloneDx,
        text,
        components: count,
        edges,
        folded,
    })
}

/// An SPDX package's purl, from its `PACKAGE-MANAGER` references.
fn spdx_purl(package: &Map<String, Value>) -> Option<String> {
    package
        .get("externalRefs")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter(|reference| reference.get("referenceType").and_then(Value::as_str) == Some("purl"))
        .find_map(|reference| canonical(reference.get("referenceLocator")?.as_str()))
}

/// An SPDX element with its purl references in canonical form.
fn with_canonical_purls(element: &Map<String, Value>) -> Map<String, Value> {
    let mut copy = element.clone();
    if let Some(references) = copy.get_mut("externalRefs").and_then(Value::as_array_mut) {
        for reference in references {
            let is_purl = reference.get("referenceType").and_then(Value::as_str) == Some("purl");
            let purl = canonical(reference.get("referenceLocator").and_then(Value::as_str));
            if let (true, Some(purl)) = (is_purl, purl) {
                reference["referenceLocator"] = json!(purl);
            }
        }
    }
    copy
}

/// The elements (packages, files, snippets) of an SPDX document, by kind.
const ELEMENTS: [&str; 3] = ["packages", "files", "snippets"];

/// Every element of a (checked) SPDX document, with its kind.
fn spdx_elements(document: &Value) -> impl Iterator<Item = (&'static str, &Map<String, Value>)> {
    ELEMENTS.into_iter().flat_map(move |kind| {
        document
            .get(kind)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_object)
            .map(move |element| (kind, element))
    })
}

fn merge_spdx(inputs: &[Input], name: &str, created: &str) -> Result<Merged> {
    let mut unpurled: Vec<BTreeSet<String>> = Vec::new();
    for input in inputs {
        let mut ids = BTreeSet::new();
        for kind in ELEMENTS {
            match input.document.get(kind) {
                None | Some(Value::Null) => {}
                Some(Value::Array(list)) => {
                    for element in list {
                        let Some(element) = element.as_object() else {
                            return Err(invalid(
                                &input.path,
                                format!("an entry of `{kind}` is not an object"),
                            ));
                        };
                        let Some(id) = element.get("SPDXID").and_then(Value::as_str) else {
                            return Err(invalid(
                                &input.path,
                                format!("an entry of `{kind}` has no `SPDXID`"),
                            ));
                        };
                        if spdx_purl(element).is_none() {
                            ids.insert(id.to_owned());
                        }
                    }
                }
                Some(_) => return Err(invalid(&input.path, format!("`{kind}` is not an array"))),
            }
        }
        unpurled.push(ids);
    }
    let identifiers = Identifiers::new(&unpurled);

    // First the new identifier of every element of every input.
    let mut maps: Vec<HashMap<String, String>> = Vec::new();
    for (at, input) in inputs.iter().enumerate() {
        let mut map = HashMap::new();
        map.insert("SPDXRef-DOCUMENT".to_owned(), "SPDXRef-DOCUMENT".to_owned());
        for (_, element) in spdx_elements(&input.document) {
            let old = element
                .get("SPDXID")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned();
            let new = match spdx_purl(element) {
                Some(purl) => format!(
                    "SPDXRef-Package-{}",
                    &encoding::sha256_hex(purl.as_bytes())[..24]
                ),
                None if identifiers.is_shared(&old) => {
                    format!("SPDXRef-{}-{}", at + 1, old.trim_start_matches("SPDXRef-"))
                }
                None => old.clone(),
            };
            map.insert(old, new);
        }
        maps.push(map);
    }
    // Then the elements, folded by identifier, with the ids they hold
    // (`hasFiles`, `snippetFromFile`) rewritten.
    let mut elements: BTreeMap<(&str, String), Map<String, Value>> = BTreeMap::new();
    let mut folded = 0;
    let mut licenses: BTreeMap<String, Value> = BTreeMap::new();
    let mut external_documents: BTreeMap<String, Value> = BTreeMap::new();
    for (at, input) in inputs.iter().enumerate() {
        let map = &maps[at];
        let rewrite = |id: &Value| -> Option<Value> { map.get(id.as_str()?).map(|id| json!(id)) };
        for (kind, element) in spdx_elements(&input.document) {
            let element = &with_canonical_purls(element);
            let old = element
                .get("SPDXID")
                .and_then(Value::as_str)
                .unwrap_or_default();
            let new = map.get(old).cloned().unwrap_or_else(|| old.to_owned());
            match elements.get_mut(&(kind, new.clone())) {
                Some(existing) => {
                    folded += 1;
                    union_array(existing, element, "checksums");
                    union_array(existing, element, "externalRefs");
                }
                None => {
                    let mut copy = element.clone();
                    copy.insert("SPDXID".to_owned(), json!(new));
                    if let Some(files) = copy.get("hasFiles").and_then(Value::as_array) {
                        let files: Vec<Value> = files.iter().filter_map(rewrite).collect();
                        copy.insert("hasFiles".to_owned(), Value::Array(files));
                    }
                    if let Some(file) = copy.get("snippetFromFile").and_then(rewrite) {
                        copy.insert("snippetFromFile".to_owned(), file);
                    }
                    elements.insert((kind, new), copy);
                }
            }
        }
        for info in input
            .document
            .get("hasExtractedLicensingInfos")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            if let Some(id) = info.get("licenseId").and_then(Value::as_str) {
                licenses
                    .entry(id.to_owned())
                    .or_insert_with(|| info.clone());
            }
        }
        for reference in input
            .document
            .get("externalDocumentRefs")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            if let Some(id) = reference.get("externalDocumentId").and_then(Value::as_str) {
                external_documents
                    .entry(id.to_owned())
                    .or_insert_with(|| reference.clone());
            }
        }
    }

    // Every relationship, rewritten; what each input described, described.
    let mut relationships: BTreeSet<(String, String, String)> = BTreeSet::new();
    for (at, input) in inputs.iter().enumerate() {
        let map = &maps[at];
        let element = |id: &str| -> Option<String> {
            match id {
                "NOASSERTION" | "NONE" => Some(id.to_owned()),
                id if id.starts_with("DocumentRef-") => Some(id.to_owned()),
                id => map.get(id).cloned(),
            }
        };
        for relationship in input
            .document
            .get("relationships")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let field = |key: &str| relationship.get(key).and_then(Value::as_str);
            let (Some(from), Some(kind), Some(to)) = (
                field("spdxElementId").and_then(element),
                field("relationshipType"),
                field("relatedSpdxElement").and_then(element),
            ) else {
                continue;
            };
            relationships.insert((from, kind.to_owned(), to));
        }
        for described in input
            .document
            .get("documentDescribes")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .filter_map(|id| map.get(id))
        {
            relationships.insert((
                "SPDXRef-DOCUMENT".to_owned(),
                "DESCRIBES".to_owned(),
                described.clone(),
            ));
        }
    }
    let count = elements.len();
    let mut by_kind: BTreeMap<&str, Vec<Value>> = BTreeMap::new();
    for ((kind, _), mut element) in elements {
        for key in ["checksums", "externalRefs"] {
            if let Some(list) = element.get_mut(key) {
                sort_array(list);
            }
        }
        by_kind
            .entry(kind)
            .or_default()
            .push(Value::Object(element));
    }
    let edges = relationships.len();
    let relationships: Vec<Value> = relationships
        .into_iter()
        .map(|(from, kind, to)| {
            json!({"spdxElementId": from, "relationshipType": kind, "relatedSpdxElement": to})
        })
        .collect();
    let mut document = json!({
        "spdxVersion": "SPDX-2.3",
        "dataLicense": "CC0-1.0",
        "SPDXID": "SPDXRef-DOCUMENT",
        "name": name,
        "creationInfo": {
            "created": newest(inputs, "/creationInfo/created", created),
            "creators": [format!("Tool: cicd-core-{}", env!("CARGO_PKG_VERSION"))],
        },
        "relationships": relationships,
    });
    for (kind, list) in by_kind {
        document[kind] = Value::Array(list);
    }
    if !licenses.is_empty() {
        document["hasExtractedLicensingInfos"] = Value::Array(licenses.into_values().collect());
    }
    if !external_documents.is_empty() {
        document["externalDocumentRefs"] = Value::Array(external_documents.into_values().collect());
    }
    let digest = encoding::sha256_hex(document.to_string().as_bytes());
    document["documentNamespace"] = json!(format!(
        "https://spdx.org/spdxdocs/{}-{digest}",
        spdx::namespace_name(name)
    ));
    let mut text = serde_json::to_string_pretty(&document).unwrap_or_default();
    text.push('\n');
    Ok(Merged {
        format: SbomFormat::Spdx,
        text,
        components: count,
        edges,
        folded,
    })
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
