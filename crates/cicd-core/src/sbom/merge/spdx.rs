//! Merging SPDX documents: packages matched by purl, files and snippets
//! kept, relationships rewritten to the merged identifiers.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde_json::{Map, Value, json};

use super::{
    Identifiers, Input, Merged, SbomFormat, canonical, invalid, newest, sort_array, union_array,
};
use crate::Result;

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

pub(super) fn merge_spdx(inputs: &[Input], name: &str, created: &str) -> Result<Merged> {
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
                    &crate::sbom::encoding::sha256_hex(purl.as_bytes())[..24]
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
    let digest = crate::sbom::encoding::sha256_hex(document.to_string().as_bytes());
    document["documentNamespace"] = json!(format!(
        "https://spdx.org/spdxdocs/{}-{digest}",
        crate::sbom::spdx::namespace_name(name)
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
