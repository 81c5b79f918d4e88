//! SPDX 2.3 JSON: the project described by the document, a package per
//! lockfile project and per locked package (`filesAnalyzed: false`, purls as
//! `PACKAGE-MANAGER` references), and the graphs as `DEPENDS_ON`, with
//! `DEV_DEPENDENCY_OF` and `OPTIONAL_DEPENDENCY_OF` for those scopes.
//! Identifiers are derived from the content, so the same input gives the
//! same bytes; the namespace is the SHA-256 of the rest.

use serde::Serialize;

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

/// The document, typed and borrowing from the [`Document`], serialized
/// straight to text (never a JSON tree); fields in byte order, so the keys
/// come out sorted.
#[derive(Serialize)]
struct Spdx<'a> {
    #[serde(rename = "SPDXID")]
    spdx_id: &'static str,
    #[serde(rename = "creationInfo")]
    creation_info: CreationInfo<'a>,
    #[serde(rename = "dataLicense")]
    data_license: &'static str,
    #[serde(rename = "documentNamespace", skip_serializing_if = "Option::is_none")]
    document_namespace: Option<String>,
    name: &'a str,
    packages: Vec<Package<'a>>,
    relationships: Vec<Relationship>,
    #[serde(rename = "spdxVersion")]
    spdx_version: &'static str,
}

#[derive(Serialize)]
struct CreationInfo<'a> {
    created: &'a str,
    creators: [String; 1],
}

#[derive(Serialize)]
struct Package<'a> {
    #[serde(rename = "SPDXID")]
    spdx_id: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    checksums: Vec<Checksum<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    comment: Option<String>,
    #[serde(rename = "copyrightText")]
    copyright_text: &'static str,
    #[serde(rename = "downloadLocation")]
    download_location: String,
    #[serde(rename = "externalRefs", skip_serializing_if = "Vec::is_empty")]
    external_refs: Vec<ExternalRef<'a>>,
    #[serde(rename = "filesAnalyzed")]
    files_analyzed: bool,
    #[serde(rename = "licenseConcluded")]
    license_concluded: &'static str,
    #[serde(rename = "licenseDeclared")]
    license_declared: &'static str,
    name: &'a str,
    #[serde(rename = "primaryPackagePurpose")]
    primary_package_purpose: &'static str,
    #[serde(rename = "versionInfo", skip_serializing_if = "Option::is_none")]
    version_info: Option<&'a str>,
}

#[derive(Serialize)]
struct Checksum<'a> {
    algorithm: &'static str,
    #[serde(rename = "checksumValue")]
    checksum_value: &'a str,
}

#[derive(Serialize)]
struct ExternalRef<'a> {
    #[serde(rename = "referenceCategory")]
    reference_category: &'static str,
    #[serde(rename = "referenceLocator")]
    reference_locator: &'a str,
    #[serde(rename = "referenceType")]
    reference_type: &'static str,
}

#[derive(Serialize, PartialEq, Eq)]
struct Relationship {
    #[serde(rename = "relatedSpdxElement")]
    related_spdx_element: String,
    #[serde(rename = "relationshipType")]
    relationship_type: &'static str,
    #[serde(rename = "spdxElementId")]
    spdx_element_id: String,
}

impl Relationship {
    fn new(from: &str, kind: &'static str, to: &str) -> Self {
        Self {
            related_spdx_element: to.to_owned(),
            relationship_type: kind,
            spdx_element_id: from.to_owned(),
        }
    }
}

/// The document's text.
pub(super) fn render(document: &Document) -> String {
    let mut text = Vec::new();
    // Writing to memory cannot fail.
    let _ = write(document, &mut text);
    String::from_utf8(text).unwrap_or_default()
}

/// The document written to `out` as it is serialized, never held whole.
pub(super) fn write(document: &Document, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let mut packages = vec![Package {
        spdx_id: PROJECT.to_owned(),
        checksums: Vec::new(),
        comment: None,
        copyright_text: "NOASSERTION",
        download_location: "NOASSERTION".to_owned(),
        external_refs: Vec::new(),
        files_analyzed: false,
        license_concluded: "NOASSERTION",
        license_declared: "NOASSERTION",
        name: &document.name,
        primary_package_purpose: "APPLICATION",
        version_info: None,
    }];
    let mut relationships = vec![Relationship::new("SPDXRef-DOCUMENT", "DESCRIBES", PROJECT)];
    for lockfile in &document.lockfiles {
        let root_id = id(&lockfile.path);
        packages.push(package(&root_id, &lockfile.root, Some(lockfile)));
        relationships.push(Relationship::new(PROJECT, "CONTAINS", &root_id));
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
                    Scope::Required => Relationship::new(from, "DEPENDS_ON", &target),
                    Scope::Optional => Relationship::new(&target, "OPTIONAL_DEPENDENCY_OF", from),
                    Scope::Dev => Relationship::new(&target, "DEV_DEPENDENCY_OF", from),
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
    // Sorted by their compact JSON, as text.
    packages.sort_by_cached_key(|package| serde_json::to_string(package).unwrap_or_default());
    relationships
        .sort_by_cached_key(|relationship| serde_json::to_string(relationship).unwrap_or_default());
    relationships.dedup();
    let mut spdx = Spdx {
        spdx_id: "SPDXRef-DOCUMENT",
        creation_info: CreationInfo {
            created: &document.created,
            creators: [format!("Tool: cicd-core-{}", env!("CARGO_PKG_VERSION"))],
        },
        data_license: "CC0-1.0",
        document_namespace: None,
        name: &document.name,
        packages,
        relationships,
        spdx_version: "SPDX-2.3",
    };
    // The namespace: the SHA-256 of the compact text without it, hashed as
    // it is written rather than held.
    let mut digest = encoding::Sha256Writer::default();
    let _ = serde_json::to_writer(&mut digest, &spdx);
    spdx.document_namespace = Some(format!(
        "https://spdx.org/spdxdocs/{}-{}",
        namespace_name(&document.name),
        digest.hex()
    ));
    serde_json::to_writer_pretty(&mut *out, &spdx)?;
    out.write_all(b"\n")
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

fn package<'a>(
    spdx_id: &str,
    component: &'a Component,
    lockfile: Option<&Lockfile>,
) -> Package<'a> {
    let download = match &component.source {
        Source::Git { url, revision } => match revision {
            Some(revision) => format!("git+{url}@{revision}"),
            None => format!("git+{url}"),
        },
        Source::Registry(Some(url)) if url.starts_with("http") => url.clone(),
        _ => "NOASSERTION".to_owned(),
    };
    Package {
        spdx_id: spdx_id.to_owned(),
        checksums: component
            .hashes
            .iter()
            .map(|hash| Checksum {
                algorithm: algorithm(hash.algorithm),
                checksum_value: &hash.hex,
            })
            .collect(),
        comment: lockfile.map(|lockfile| {
            format!(
                "the project locked by {} (sha256 {})",
                lockfile.path, lockfile.sha256
            )
        }),
        copyright_text: "NOASSERTION",
        download_location: download,
        external_refs: component
            .purl
            .iter()
            .map(|purl| ExternalRef {
                reference_category: "PACKAGE-MANAGER",
                reference_locator: purl,
                reference_type: "purl",
            })
            .collect(),
        files_analyzed: false,
        license_concluded: "NOASSERTION",
        license_declared: "NOASSERTION",
        name: &component.name,
        primary_package_purpose: if lockfile.is_some() {
            "APPLICATION"
        } else {
            "LIBRARY"
        },
        version_info: component.version.as_deref(),
    }
}
