//! CycloneDX 1.6 JSON: the project as `metadata.component`, one application
//! component per lockfile (its path and SHA-256 as properties) depending on
//! what that lockfile's project depends on, a library per locked package, and
//! every graph in `dependencies`. Keys sorted, arrays sorted; the serial
//! number is a UUID made from the SHA-256 of the rest, so the same input gives
//! the same bytes.

use serde::Serialize;

use super::lazy::Lazy;
use super::{Algorithm, Component, Document, Lockfile, Scope, Source, encoding};

/// The `bom-ref` of the project.
const PROJECT: &str = "project";

/// The document, typed and borrowing from the [`Document`]: serialized
/// straight to text, never built as a JSON tree (which cost seven times the
/// text), its components made one at a time as they are written. Every
/// struct lists its fields in byte order, so the keys come out sorted.
#[derive(Serialize)]
struct Bom<'a, C, D> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    #[serde(rename = "bomFormat")]
    bom_format: &'static str,
    /// [`Library`] items, made as they are written.
    components: C,
    /// [`Dependency`] items, made as they are written.
    dependencies: D,
    metadata: Metadata<'a>,
    #[serde(rename = "serialNumber", skip_serializing_if = "Option::is_none")]
    serial_number: Option<String>,
    #[serde(rename = "specVersion")]
    spec_version: &'static str,
    version: u32,
}

#[derive(Serialize)]
struct Metadata<'a> {
    component: Project<'a>,
    lifecycles: [Lifecycle; 1],
    timestamp: &'a str,
    tools: Tools,
}

#[derive(Serialize)]
struct Project<'a> {
    #[serde(rename = "bom-ref")]
    bom_ref: &'static str,
    name: &'a str,
    #[serde(rename = "type")]
    kind: &'static str,
}

#[derive(Serialize)]
struct Lifecycle {
    phase: &'static str,
}

#[derive(Serialize)]
struct Tools {
    components: [Tool; 1],
}

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    purl: String,
    #[serde(rename = "type")]
    kind: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct Dependency<'a> {
    #[serde(rename = "dependsOn")]
    depends_on: Vec<String>,
    #[serde(rename = "ref")]
    reference: std::borrow::Cow<'a, str>,
}

/// A component: a lockfile's project (`application`) or a locked package
/// (`library`).
#[derive(Serialize)]
struct Library<'a> {
    #[serde(rename = "bom-ref")]
    bom_ref: std::borrow::Cow<'a, str>,
    #[serde(rename = "externalReferences", skip_serializing_if = "Vec::is_empty")]
    external_references: Vec<Reference<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    group: Option<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    hashes: Vec<HashValue<'a>>,
    name: &'a str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    properties: Vec<Property<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    purl: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    scope: Option<&'static str>,
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    version: Option<&'a str>,
}

#[derive(Serialize)]
struct Reference<'a> {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    hashes: Vec<HashValue<'a>>,
    #[serde(rename = "type")]
    kind: &'static str,
    url: &'a str,
}

#[derive(Serialize)]
struct HashValue<'a> {
    alg: &'static str,
    content: &'a str,
}

#[derive(Serialize)]
struct Property<'a> {
    name: &'static str,
    value: &'a str,
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
    let lockfiles = &document.lockfiles;
    let components = Lazy(|| {
        lockfiles.iter().flat_map(|lockfile| {
            std::iter::once(root(lockfile)).chain(
                lockfile
                    .components
                    .iter()
                    .map(move |component| library(lockfile, component)),
            )
        })
    });
    let dependencies = Lazy(|| {
        let project = Dependency {
            depends_on: lockfiles
                .iter()
                .map(|lockfile| lockfile.path.clone())
                .collect(),
            reference: PROJECT.into(),
        };
        std::iter::once(project).chain(lockfiles.iter().flat_map(|lockfile| {
            let root = Dependency {
                depends_on: refs(lockfile, &lockfile.root.depends_on),
                reference: lockfile.path.as_str().into(),
            };
            std::iter::once(root).chain(lockfile.components.iter().map(move |component| {
                Dependency {
                    depends_on: refs(lockfile, &component.depends_on),
                    reference: bom_ref(lockfile, &component.key).into(),
                }
            }))
        }))
    });
    let mut bom = Bom {
        schema: "http://cyclonedx.org/schema/bom-1.6.schema.json",
        bom_format: "CycloneDX",
        components,
        dependencies,
        metadata: Metadata {
            component: Project {
                bom_ref: PROJECT,
                name: &document.name,
                kind: "application",
            },
            lifecycles: [Lifecycle { phase: "pre-build" }],
            timestamp: &document.created,
            tools: Tools {
                components: [Tool {
                    name: "cicd-core",
                    purl: format!("pkg:cargo/cicd-core@{}", env!("CARGO_PKG_VERSION")),
                    kind: "application",
                    version: env!("CARGO_PKG_VERSION"),
                }],
            },
        },
        serial_number: None,
        spec_version: "1.6",
        version: 1,
    };
    // The serial number: a UUID of the compact text without it, hashed as
    // it is written rather than held.
    let mut digest = encoding::Sha256Writer::default();
    let _ = serde_json::to_writer(&mut digest, &bom);
    bom.serial_number = Some(format!("urn:uuid:{}", uuid(&digest.hex())));
    serde_json::to_writer_pretty(&mut *out, &bom)?;
    out.write_all(b"\n")
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

fn hashes(component_hashes: &[super::Hash]) -> Vec<HashValue<'_>> {
    component_hashes
        .iter()
        .map(|hash| HashValue {
            alg: algorithm(hash.algorithm),
            content: &hash.hex,
        })
        .collect()
}

/// The application component that stands for a lockfile's project.
fn root(lockfile: &Lockfile) -> Library<'_> {
    let mut properties = vec![
        Property {
            name: "cicd-core:lockfile",
            value: &lockfile.path,
        },
        Property {
            name: "cicd-core:lockfile:sha256",
            value: &lockfile.sha256,
        },
    ];
    if let Some(format) = &lockfile.format_version {
        properties.push(Property {
            name: "cicd-core:lockfile:version",
            value: format,
        });
    }
    Library {
        bom_ref: lockfile.path.as_str().into(),
        external_references: Vec::new(),
        group: None,
        hashes: Vec::new(),
        name: &lockfile.root.name,
        properties,
        purl: lockfile.root.purl.as_deref(),
        scope: None,
        kind: "application",
        version: lockfile.root.version.as_deref(),
    }
}

fn library<'a>(lockfile: &'a Lockfile, component: &'a Component) -> Library<'a> {
    let (group, name) = match component.name.split_once('/') {
        Some((scope, name)) if scope.starts_with('@') => (Some(scope), name),
        _ => (None, component.name.as_str()),
    };
    let mut references: Vec<Reference<'_>> = component
        .distributions
        .iter()
        .map(|distribution| Reference {
            hashes: hashes(&distribution.hashes),
            kind: "distribution",
            url: &distribution.url,
        })
        .collect();
    match &component.source {
        Source::Git { url, .. } => references.push(Reference {
            hashes: Vec::new(),
            kind: "vcs",
            url,
        }),
        Source::Registry(Some(url)) if component.distributions.is_empty() => {
            references.push(Reference {
                hashes: Vec::new(),
                kind: "distribution",
                url,
            });
        }
        _ => {}
    }
    let located =
        component.key.contains("node_modules/") || matches!(component.source, Source::Path(_));
    Library {
        bom_ref: bom_ref(lockfile, &component.key).into(),
        external_references: references,
        group,
        hashes: hashes(&component.hashes),
        name,
        properties: if located {
            vec![Property {
                name: "cicd-core:location",
                value: &component.key,
            }]
        } else {
            Vec::new()
        },
        purl: component.purl.as_deref(),
        scope: Some(match component.scope {
            Scope::Required => "required",
            Scope::Optional => "optional",
            Scope::Dev => "excluded",
        }),
        kind: "library",
        version: component.version.as_deref(),
    }
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
