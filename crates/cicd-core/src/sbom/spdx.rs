//! SPDX 2.3 JSON: the project described by the document, a package per
//! lockfile project and per locked package (`filesAnalyzed: false`, purls as
//! `PACKAGE-MANAGER` references), and the graphs as `DEPENDS_ON`, with
//! `DEV_DEPENDENCY_OF` and `OPTIONAL_DEPENDENCY_OF` for those scopes.
//! Identifiers are derived from the content, so the same input gives the
//! same bytes; the namespace is the SHA-256 of the rest.

use serde_json::{Value, json};

use super::{Algorithm, Component, Document, Lockfile, Scope, Source, encoding};

const PROJECT: &str = "SPDXRef-Project";

/// An `SPDXRef-` identifier for a `bom-ref`-like key (letters, digits, `.`
/// and `-` only, as SPDX requires).
fn id(key: &str) -> String {
    format!(
        "SPDXRef-Package-{}",
        &encoding::sha256_hex(key.as_bytes())[..24]
    )
}

fn algorithm(algorithm: Algorithm) -> &'static str {
    match algorithm {
        Algorithm::Sha1 => "SHA1",
        Algorithm::Sha256 => "SHA256",
        Algorithm::Sha384 => "SHA384",
        Algorithm::Sha512 => "SHA512",
    }
}

pub(super) fn render(document: &Document) -> String {
    let mut packages = vec![json!({
        "SPDXID": PROJECT,
        "name": document.name,
        "downloadLocation": "NOASSERTION",
        "filesAnalyzed": false,
        "licenseConcluded": "NOASSERTION",
        "licenseDeclared": "NOASSERTION",
        "copyrightText": "NOASSERTION",
        "primaryPackagePurpose": "APPLICATION",
    })];
    let mut relationships = vec![json!({
        "spdxElementId": "SPDXRef-DOCUMENT",
        "relationshipType": "DESCRIBES",
        "relatedSpdxElement": PROJECT,
    })];
    for lockfile in &document.lockfiles {
        let root_id = id(&lockfile.path);
        packages.push(package(&root_id, &lockfile.root, Some(lockfile)));
        relationships.push(json!({
            "spdxElementId": PROJECT,
            "relationshipType": "CONTAINS",
            "relatedSpdxElement": root_id,
        }));
        let ids: std::collections::HashMap<&str, String> = lockfile
            .components
            .iter()
            .map(|component| {
                let key = component.key.as_str();
                (key, id(&format!("{}#{key}", lockfile.path)))
            })
            .collect();
        let key_id = |key: &str| {
            ids.get(key)
                .cloned()
                .unwrap_or_else(|| id(&format!("{}#{key}", lockfile.path)))
        };
        let scopes: std::collections::HashMap<&str, Scope> = lockfile
            .components
            .iter()
            .map(|component| (component.key.as_str(), component.scope))
            .collect();
        let scope_of = |key: &str| scopes.get(key).copied().unwrap_or_default();
        let mut edges = |from: &str, to: &[String]| {
            for key in to {
                let target = key_id(key);
                relationships.push(match scope_of(key) {
                    Scope::Required => json!({
                        "spdxElementId": from,
                        "relationshipType": "DEPENDS_ON",
                        "relatedSpdxElement": target,
                    }),
                    Scope::Optional => json!({
                        "spdxElementId": target,
                        "relationshipType": "OPTIONAL_DEPENDENCY_OF",
                        "relatedSpdxElement": from,
                    }),
                    Scope::Dev => json!({
                        "spdxElementId": target,
                        "relationshipType": "DEV_DEPENDENCY_OF",
                        "relatedSpdxElement": from,
                    }),
                });
            }
        };
        edges(&root_id, &lockfile.root.depends_on);
        for component in &lockfile.components {
            let from = key_id(&component.key);
            packages.push(package(&from, component, None));
            edges(&from, &component.depends_on);
        }
    }
    let key = |value: &Value| value.to_string();
    packages.sort_by_cached_key(key);
    relationships.sort_by_cached_key(key);
    relationships.dedup();
    let mut spdx = json!({
        "spdxVersion": "SPDX-2.3",
        "dataLicense": "CC0-1.0",
        "SPDXID": "SPDXRef-DOCUMENT",
        "name": document.name,
        "creationInfo": {
            "created": document.created,
            "creators": [format!("Tool: cicd-core-{}", env!("CARGO_PKG_VERSION"))],
        },
        "packages": packages,
        "relationships": relationships,
    });
    let digest = encoding::sha256_hex(spdx.to_string().as_bytes());
    spdx["documentNamespace"] = json!(format!(
        "https://spdx.org/spdxdocs/{}-{digest}",
        namespace_name(&document.name)
    ));
    let mut text = serde_json::to_string_pretty(&spdx).unwrap_or_default();
    text.push('\n');
    text
}

/// The project name as a URI path segment.
pub(super) fn namespace_name(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '-'
            }
        })
        .collect();
    if cleaned.is_empty() {
        "project".to_owned()
    } else {
        cleaned
    }
}

fn package(spdx_id: &str, component: &Component, lockfile: Option<&Lockfile>) -> Value {
    let download = match &component.source {
        Source::Git { url, revision } => match revision {
            Some(revision) => format!("git+{url}@{revision}"),
            None => format!("git+{url}"),
        },
        Source::Registry(Some(url)) if url.starts_with("http") => url.clone(),
        _ => "NOASSERTION".to_owned(),
    };
    let mut value = json!({
        "SPDXID": spdx_id,
        "name": component.name,
        "downloadLocation": download,
        "filesAnalyzed": false,
        "licenseConcluded": "NOASSERTION",
        "licenseDeclared": "NOASSERTION",
        "copyrightText": "NOASSERTION",
        "primaryPackagePurpose": if lockfile.is_some() { "APPLICATION" } else { "LIBRARY" },
    });
    if let Some(version) = &component.version {
        value["versionInfo"] = json!(version);
    }
    let checksums: Vec<Value> = component
        .hashes
        .iter()
        .map(|hash| json!({"algorithm": algorithm(hash.algorithm), "checksumValue": hash.hex}))
        .collect();
    if let Some(lockfile) = lockfile {
        value["comment"] = json!(format!(
            "the project locked by {} (sha256 {})",
            lockfile.path, lockfile.sha256
        ));
    }
    if !checksums.is_empty() {
        value["checksums"] = json!(checksums);
    }
    if let Some(purl) = &component.purl {
        value["externalRefs"] = json!([{
            "referenceCategory": "PACKAGE-MANAGER",
            "referenceType": "purl",
            "referenceLocator": purl,
        }]);
    }
    value
}
