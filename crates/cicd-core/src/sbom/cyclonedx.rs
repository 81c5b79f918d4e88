//! CycloneDX 1.6 JSON: the project as `metadata.component`, one application
//! component per lockfile (its path and SHA-256 as properties) depending on
//! what that lockfile's project depends on, a library per locked package, and
//! every graph in `dependencies`. Keys sorted, arrays sorted; the serial
//! number is a UUID made from the SHA-256 of the rest, so the same input gives
//! the same bytes.

use serde_json::{Value, json};

use super::{Algorithm, Component, Document, Lockfile, Scope, Source, encoding};

/// The `bom-ref` of the project.
const PROJECT: &str = "project";

pub(super) fn render(document: &Document) -> String {
    let mut components = Vec::new();
    let mut dependencies = vec![json!({
        "ref": PROJECT,
        "dependsOn": document
            .lockfiles
            .iter()
            .map(|lockfile| lockfile.path.clone())
            .collect::<Vec<_>>(),
    })];
    for lockfile in &document.lockfiles {
        components.push(root(lockfile));
        dependencies.push(json!({
            "ref": lockfile.path,
            "dependsOn": refs(lockfile, &lockfile.root.depends_on),
        }));
        for component in &lockfile.components {
            components.push(library(lockfile, component));
            dependencies.push(json!({
                "ref": bom_ref(lockfile, &component.key),
                "dependsOn": refs(lockfile, &component.depends_on),
            }));
        }
    }
    let mut bom = json!({
        "$schema": "http://cyclonedx.org/schema/bom-1.6.schema.json",
        "bomFormat": "CycloneDX",
        "specVersion": "1.6",
        "version": 1,
        "metadata": {
            "timestamp": document.created,
            "lifecycles": [{"phase": "pre-build"}],
            "tools": {"components": [{
                "type": "application",
                "name": "cicd-core",
                "version": env!("CARGO_PKG_VERSION"),
                "purl": format!("pkg:cargo/cicd-core@{}", env!("CARGO_PKG_VERSION")),
            }]},
            "component": {"type": "application", "bom-ref": PROJECT, "name": document.name},
        },
        "components": components,
        "dependencies": dependencies,
    });
    let digest = encoding::sha256_hex(bom.to_string().as_bytes());
    bom["serialNumber"] = json!(format!("urn:uuid:{}", uuid(&digest)));
    let mut text = serde_json::to_string_pretty(&bom).unwrap_or_default();
    text.push('\n');
    text
}

/// A name-based UUID (version 5 layout) from the first 128 bits of a hex
/// digest.
pub(super) fn uuid(digest: &str) -> String {
    let hex: Vec<char> = digest.chars().take(32).collect();
    let mut text: String = hex.iter().collect();
    // Version 5, RFC 4122 variant.
    text.replace_range(12..13, "5");
    let variant = u8::from_str_radix(&text[16..17], 16).unwrap_or(0) & 0x3 | 0x8;
    text.replace_range(16..17, &format!("{variant:x}"));
    format!(
        "{}-{}-{}-{}-{}",
        &text[0..8],
        &text[8..12],
        &text[12..16],
        &text[16..20],
        &text[20..32]
    )
}

fn bom_ref(lockfile: &Lockfile, key: &str) -> String {
    format!("{}#{key}", lockfile.path)
}

fn refs(lockfile: &Lockfile, keys: &[String]) -> Vec<String> {
    let mut refs: Vec<String> = keys.iter().map(|key| bom_ref(lockfile, key)).collect();
    refs.sort();
    refs.dedup();
    refs
}

/// CycloneDX's name of an algorithm.
pub(super) fn algorithm(algorithm: Algorithm) -> &'static str {
    match algorithm {
        Algorithm::Sha1 => "SHA-1",
        Algorithm::Sha256 => "SHA-256",
        Algorithm::Sha384 => "SHA-384",
        Algorithm::Sha512 => "SHA-512",
    }
}

fn hashes(component_hashes: &[super::Hash]) -> Vec<Value> {
    component_hashes
        .iter()
        .map(|hash| json!({"alg": algorithm(hash.algorithm), "content": hash.hex}))
        .collect()
}

/// The application component that stands for a lockfile's project.
fn root(lockfile: &Lockfile) -> Value {
    let mut component = json!({
        "type": "application",
        "bom-ref": lockfile.path,
        "name": lockfile.root.name,
        "properties": [
            {"name": "cicd-core:lockfile", "value": lockfile.path},
            {"name": "cicd-core:lockfile:sha256", "value": lockfile.sha256},
        ],
    });
    if let Some(version) = &lockfile.root.version {
        component["version"] = json!(version);
    }
    if let Some(purl) = &lockfile.root.purl {
        component["purl"] = json!(purl);
    }
    if let Some(format) = &lockfile.format_version {
        if let Some(properties) = component["properties"].as_array_mut() {
            properties.push(json!({"name": "cicd-core:lockfile:version", "value": format}));
        }
    }
    component
}

fn library(lockfile: &Lockfile, component: &Component) -> Value {
    let (group, name) = match component.name.split_once('/') {
        Some((scope, name)) if scope.starts_with('@') => (Some(scope), name),
        _ => (None, component.name.as_str()),
    };
    let mut value = json!({
        "type": "library",
        "bom-ref": bom_ref(lockfile, &component.key),
        "name": name,
        "scope": match component.scope {
            Scope::Required => "required",
            Scope::Optional => "optional",
            Scope::Dev => "excluded",
        },
    });
    if let Some(group) = group {
        value["group"] = json!(group);
    }
    if let Some(version) = &component.version {
        value["version"] = json!(version);
    }
    if let Some(purl) = &component.purl {
        value["purl"] = json!(purl);
    }
    if !component.hashes.is_empty() {
        value["hashes"] = json!(hashes(&component.hashes));
    }
    let mut references: Vec<Value> = component
        .distributions
        .iter()
        .map(|distribution| {
            let mut reference = json!({"type": "distribution", "url": distribution.url});
            if !distribution.hashes.is_empty() {
                reference["hashes"] = json!(hashes(&distribution.hashes));
            }
            reference
        })
        .collect();
    match &component.source {
        Source::Git { url, .. } => references.push(json!({"type": "vcs", "url": url})),
        Source::Registry(Some(url)) if component.distributions.is_empty() => {
            references.push(json!({"type": "distribution", "url": url}));
        }
        _ => {}
    }
    if !references.is_empty() {
        value["externalReferences"] = json!(references);
    }
    if component.key.contains("node_modules/") || matches!(component.source, Source::Path(_)) {
        value["properties"] = json!([{"name": "cicd-core:location", "value": component.key}]);
    }
    value
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serial_numbers_are_uuids_of_the_content() {
        let id = uuid("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assert_eq!(id, "e3b0c442-98fc-5c14-9afb-f4c8996fb924");
    }
}
