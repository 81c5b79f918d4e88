//! Merging CycloneDX documents: components flattened and matched by purl,
//! dependencies rewritten to the merged references.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde_json::{Map, Value, json};

use super::{
    Identifiers, Input, Merged, SbomFormat, canonical, invalid, newest, sort_array, union_array,
};
use crate::Result;

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

pub(super) fn merge_cyclonedx(inputs: &[Input], name: &str, created: &str) -> Result<Merged> {
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
    let digest = crate::sbom::encoding::sha256_hex(bom.to_string().as_bytes());
    bom["serialNumber"] = json!(format!(
        "urn:uuid:{}",
        crate::sbom::cyclonedx::uuid(&digest)
    ));
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
