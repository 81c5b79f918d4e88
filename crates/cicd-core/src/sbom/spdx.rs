//! SPDX 2.3 JSON: the project described by the document, a package per
//! lockfile project and per locked package (`filesAnalyzed: false`, purls as
//! `PACKAGE-MANAGER` references), and the graphs as `DEPENDS_ON`, with
//! `DEV_DEPENDENCY_OF` and `OPTIONAL_DEPENDENCY_OF` for those scopes.
//! Identifiers are derived from the content, so the same input gives the
//! same bytes; the namespace is the SHA-256 of the rest.

use std::fmt;

use serde::Serialize;
use sha2::Digest as _;

use super::lazy::Lazy;
use super::{Algorithm, Component, Document, Lockfile, Scope, Source, encoding};

const PROJECT: &str = "SPDXRef-Project";

/// An element of the document: what a relationship names. Ordered as
/// their identifiers are as text (`SPDXRef-DOCUMENT` < `SPDXRef-Package-…`
/// < `SPDXRef-Project`; package identifiers all of one length, their hex in
/// the order of their bytes), so sorting these sorts the JSON.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Element {
    Document,
    /// `SPDXRef-Package-` and the first 96 bits of the SHA-256 of a
    /// `bom-ref`-like key (letters, digits and `-` only, as SPDX requires).
    Package([u8; 12]),
    Project,
}

impl Element {
    /// The package of a `bom-ref`-like key.
    fn package(key: &str) -> Self {
        let digest = sha2::Sha256::digest(key.as_bytes());
        let mut id = [0; 12];
        id.copy_from_slice(&digest[..12]);
        Self::Package(id)
    }

    /// The package of a lockfile's component.
    fn component(lockfile: &Lockfile, key: &str) -> Self {
        Self::package(&format!("{}#{key}", lockfile.path))
    }
}

impl fmt::Display for Element {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Document => formatter.write_str("SPDXRef-DOCUMENT"),
            Self::Project => formatter.write_str(PROJECT),
            Self::Package(id) => {
                formatter.write_str("SPDXRef-Package-")?;
                id.iter()
                    .try_for_each(|byte| write!(formatter, "{byte:02x}"))
            }
        }
    }
}

impl Serialize for Element {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
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
struct Spdx<'a, P> {
    #[serde(rename = "SPDXID")]
    spdx_id: &'static str,
    #[serde(rename = "creationInfo")]
    creation_info: CreationInfo<'a>,
    #[serde(rename = "dataLicense")]
    data_license: &'static str,
    #[serde(rename = "documentNamespace", skip_serializing_if = "Option::is_none")]
    document_namespace: Option<String>,
    name: &'a str,
    /// [`Package`] items, made as they are written.
    packages: P,
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
    spdx_id: Element,
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

/// A relationship; its fields in the order of the JSON's keys, so sorting
/// these sorts the JSON (no identifier or type is a prefix of another).
#[derive(Serialize, PartialEq, Eq, PartialOrd, Ord)]
struct Relationship {
    #[serde(rename = "relatedSpdxElement")]
    related_spdx_element: Element,
    #[serde(rename = "relationshipType")]
    relationship_type: &'static str,
    #[serde(rename = "spdxElementId")]
    spdx_element_id: Element,
}

impl Relationship {
    fn new(from: Element, kind: &'static str, to: Element) -> Self {
        Self {
            related_spdx_element: to,
            relationship_type: kind,
            spdx_element_id: from,
        }
    }
}

/// What a package of the document stands for.
#[derive(Clone, Copy)]
enum Described {
    /// The scanned project.
    Project,
    /// The project a lockfile locks, by the lockfile's position.
    Root(usize),
    /// A locked package: the lockfile's position, then the component's.
    Component(usize, usize),
}

/// The document's text.
pub(super) fn render(document: &Document) -> String {
    let mut text = Vec::new();
    // Writing to memory cannot fail.
    let _ = write(document, &mut text);
    String::from_utf8(text).unwrap_or_default()
}

/// The document written to `out` as it is serialized, never held whole:
/// the packages are put in order by their identifiers alone, and each is
/// made as it is written.
pub(super) fn write(document: &Document, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let mut order = vec![(Element::Project, Described::Project)];
    let mut relationships = vec![Relationship::new(
        Element::Document,
        "DESCRIBES",
        Element::Project,
    )];
    for (at, lockfile) in document.lockfiles.iter().enumerate() {
        let root = Element::package(&lockfile.path);
        order.push((root, Described::Root(at)));
        relationships.push(Relationship::new(Element::Project, "CONTAINS", root));
        let ids: Vec<Element> = lockfile
            .components
            .iter()
            .map(|component| Element::component(lockfile, &component.key))
            .collect();
        // Components by key; of a key listed twice, the last.
        let mut by_key: Vec<usize> = (0..lockfile.components.len()).rev().collect();
        by_key.sort_by(|&a, &b| lockfile.components[a].key.cmp(&lockfile.components[b].key));
        by_key.dedup_by(|a, b| lockfile.components[*a].key == lockfile.components[*b].key);
        let find = |key: &str| {
            by_key
                .binary_search_by(|&at| lockfile.components[at].key.as_str().cmp(key))
                .ok()
                .map(|found| by_key[found])
        };
        let mut edges = |from: Element, to: &[String]| {
            for key in to {
                let (target, scope) = match find(key) {
                    Some(found) => (ids[found], lockfile.components[found].scope),
                    None => (Element::component(lockfile, key), Scope::default()),
                };
                relationships.push(match scope {
                    Scope::Required => Relationship::new(from, "DEPENDS_ON", target),
                    Scope::Optional => Relationship::new(target, "OPTIONAL_DEPENDENCY_OF", from),
                    Scope::Dev => Relationship::new(target, "DEV_DEPENDENCY_OF", from),
                });
            }
        };
        edges(root, &lockfile.root.depends_on);
        for (component, id) in lockfile.components.iter().zip(&ids) {
            edges(*id, &component.depends_on);
        }
        order.extend(
            ids.into_iter()
                .enumerate()
                .map(|(component, id)| (id, Described::Component(at, component))),
        );
    }
    let package_of = |(id, described): &(Element, Described)| match *described {
        Described::Project => project(&document.name),
        Described::Root(at) => {
            let lockfile = &document.lockfiles[at];
            package(*id, &lockfile.root, Some(lockfile))
        }
        Described::Component(at, component) => {
            package(*id, &document.lockfiles[at].components[component], None)
        }
    };
    // Sorted by their compact JSON: by identifier, which leads it, and the
    // rest of the text only between packages of one identifier.
    order.sort_by(|a, b| {
        a.0.cmp(&b.0).then_with(|| {
            let text = |item| serde_json::to_string(&package_of(item)).unwrap_or_default();
            text(a).cmp(&text(b))
        })
    });
    relationships.sort();
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
        packages: Lazy(|| order.iter().map(package_of)),
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

/// The package of the scanned project.
fn project(name: &str) -> Package<'_> {
    Package {
        spdx_id: Element::Project,
        checksums: Vec::new(),
        comment: None,
        copyright_text: "NOASSERTION",
        download_location: "NOASSERTION".to_owned(),
        external_refs: Vec::new(),
        files_analyzed: false,
        license_concluded: "NOASSERTION",
        license_declared: "NOASSERTION",
        name,
        primary_package_purpose: "APPLICATION",
        version_info: None,
    }
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
    spdx_id: Element,
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
        spdx_id,
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
