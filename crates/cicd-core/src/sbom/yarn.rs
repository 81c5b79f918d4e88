//! `yarn.lock`, classic (v1, its own indented format) and Berry (v2+, YAML
//! of the same shape): entries keyed by the specifiers they satisfy
//! (`"ms@^2.1.1, ms@2.1.2"`, `"ms@npm:^2.1.1"`), each with its version,
//! dependencies (name → range, resolved through those specifiers), and for
//! classic its SRI `integrity`. Berry's `checksum` hashes yarn's cache zip,
//! not the npm tarball, so it is not given as the package's hash. Which
//! packages are for development comes from `package.json`.

use std::collections::BTreeMap;

use serde_json::Value;

use super::{Component, LockKind, Lockfile, Source, assign_scopes, encoding, invalid};
use crate::Result;

/// One entry as read.
#[derive(Debug, Default)]
struct Entry {
    line: usize,
    specifiers: Vec<String>,
    fields: BTreeMap<String, String>,
    dependencies: Vec<(String, String)>,
}

/// A field value without its quotes.
///
/// # Errors
///
/// What is wrong with a value that is no string: an unterminated quote
/// (`"1.0.0`), or a YAML list or map (`[1]`) where a string belongs.
fn unquote(text: &str) -> std::result::Result<String, String> {
    let text = text.trim();
    for quote in ['"', '\''] {
        if let Some(inner) = text.strip_prefix(quote) {
            return match inner.strip_suffix(quote) {
                Some(inner) => Ok(inner.replace("\\\"", "\"")),
                None => Err(format!(
                    "`{text}` has an unterminated quote; expected a quoted string"
                )),
            };
        }
    }
    if text.starts_with(['[', '{']) {
        return Err(format!("`{text}` is a list or map; expected a string"));
    }
    Ok(text.to_owned())
}

/// `key value` (classic) or `key: value` (Berry); `None` for a key in
/// quotes that do not close.
fn pair(text: &str) -> Option<(String, std::result::Result<String, String>)> {
    let text = text.trim();
    let (key, value) = if let Some(rest) = text.strip_prefix('"') {
        let end = rest.find('"')?;
        let value = rest[end + 1..].trim_start();
        (
            rest[..end].to_owned(),
            value.strip_prefix(':').unwrap_or(value),
        )
    } else {
        let end = text.find([' ', ':']).unwrap_or(text.len());
        let value = text[end..].trim_start();
        (
            text[..end].to_owned(),
            value.strip_prefix(':').unwrap_or(value),
        )
    };
    Some((key, unquote(value)))
}

fn entries(path: &str, text: &str) -> Result<(Vec<Entry>, Option<String>)> {
    let mut entries: Vec<Entry> = Vec::new();
    let mut format = None;
    let mut section: Option<String> = None;
    let mut in_metadata = false;
    for (index, raw) in text.lines().enumerate() {
        let number = index + 1;
        let line = raw.trim_end();
        if line.starts_with("# yarn lockfile v1") {
            format = Some("1".to_owned());
        }
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        let indent = line.len() - line.trim_start().len();
        match indent {
            0 => {
                let Some(keys) = line.strip_suffix(':') else {
                    return Err(invalid(
                        path,
                        Some(number),
                        format!("expected `specifiers:`, found `{line}`"),
                    ));
                };
                in_metadata = keys == "__metadata";
                section = None;
                if in_metadata {
                    continue;
                }
                let keys = keys.trim();
                let keys = if keys.len() >= 2
                    && keys.starts_with('"')
                    && keys.ends_with('"')
                    && !keys[1..keys.len() - 1].contains('"')
                {
                    &keys[1..keys.len() - 1]
                } else {
                    keys
                };
                let specifiers = keys
                    .split(',')
                    .map(unquote)
                    .collect::<std::result::Result<Vec<String>, String>>()
                    .map_err(|what| invalid(path, Some(number), what))?;
                entries.push(Entry {
                    line: number,
                    specifiers: specifiers
                        .into_iter()
                        .filter(|key| !key.is_empty())
                        .collect(),
                    ..Entry::default()
                });
            }
            2 => {
                let Some((key, value)) = pair(line) else {
                    return Err(invalid(
                        path,
                        Some(number),
                        format!("expected `field value`, found `{}`", line.trim()),
                    ));
                };
                let value = value
                    .map_err(|what| invalid(path, Some(number), format!("`{key}`: {what}")))?;
                if in_metadata {
                    if key == "version" {
                        format = Some(value);
                    }
                    continue;
                }
                let Some(entry) = entries.last_mut() else {
                    return Err(invalid(path, Some(number), "a field before any entry"));
                };
                if value.is_empty() {
                    section = Some(key);
                } else {
                    section = None;
                    entry.fields.insert(key, value);
                }
            }
            _ => {
                if in_metadata {
                    continue;
                }
                let (Some(entry), Some(section)) = (entries.last_mut(), &section) else {
                    return Err(invalid(
                        path,
                        Some(number),
                        "an indented line outside a block",
                    ));
                };
                if matches!(section.as_str(), "dependencies" | "optionalDependencies") {
                    if let Some((name, range)) = pair(line) {
                        let range = range.map_err(|what| {
                            invalid(path, Some(number), format!("`{section}.{name}`: {what}"))
                        })?;
                        entry.dependencies.push((name, range));
                    }
                }
            }
        }
    }
    Ok((entries, format))
}

/// The package name of a specifier (`@scope/name@range` → `@scope/name`).
fn name_of(specifier: &str) -> &str {
    let search_from = usize::from(specifier.starts_with('@'));
    match specifier[search_from..].find('@') {
        Some(at) => &specifier[..search_from + at],
        None => specifier,
    }
}

pub(super) fn read(
    path: &str,
    text: &str,
    manifest: Option<&str>,
    folder: &str,
) -> Result<Lockfile> {
    let (entries, format_version) = entries(path, text)?;
    let berry = format_version
        .as_deref()
        .is_some_and(|version| version != "1");
    let mut by_specifier: BTreeMap<&str, usize> = BTreeMap::new();
    for (at, entry) in entries.iter().enumerate() {
        for specifier in &entry.specifiers {
            by_specifier.insert(specifier, at);
        }
    }
    let key_of = |entry: &Entry| {
        let name = entry
            .specifiers
            .first()
            .map(|specifier| name_of(specifier))
            .unwrap_or_default();
        match entry.fields.get("version") {
            Some(version) => format!("{name}@{version}"),
            None => entry.specifiers.first().cloned().unwrap_or_default(),
        }
    };
    let keys: Vec<String> = entries.iter().map(key_of).collect();
    let resolve = |name: &str, range: &str| -> Option<usize> {
        [format!("{name}@{range}"), format!("{name}@npm:{range}")]
            .iter()
            .find_map(|specifier| by_specifier.get(specifier.as_str()).copied())
    };
    let mut lock_edges = 0;
    let mut components: Vec<Component> = Vec::new();
    let mut root_at = None;
    for (at, entry) in entries.iter().enumerate() {
        if entry.specifiers.is_empty() {
            return Err(invalid(
                path,
                Some(entry.line),
                "an entry without specifiers",
            ));
        }
        let mut depends_on = Vec::new();
        for (name, range) in &entry.dependencies {
            if let Some(target) = resolve(name, range) {
                depends_on.push(keys[target].clone());
                lock_edges += 1;
            }
        }
        let name = name_of(&entry.specifiers[0]).to_owned();
        let version = entry.fields.get("version").cloned();
        let resolution = entry
            .fields
            .get("resolution")
            .or_else(|| entry.fields.get("resolved"))
            .cloned()
            .unwrap_or_default();
        let source = if resolution.contains("@workspace:") {
            if resolution.ends_with("@workspace:.") {
                root_at = Some(components.len());
            }
            Source::Path(
                resolution
                    .rsplit("@workspace:")
                    .next()
                    .unwrap_or(".")
                    .to_owned(),
            )
        } else if resolution.starts_with("http") {
            Source::Registry(Some(
                resolution
                    .split('#')
                    .next()
                    .unwrap_or(&resolution)
                    .to_owned(),
            ))
        } else if resolution.contains("git") {
            Source::Git {
                url: resolution.clone(),
                revision: None,
            }
        } else {
            Source::Registry(None)
        };
        let mut hashes = entry
            .fields
            .get("integrity")
            .map(|integrity| encoding::sri(integrity))
            .unwrap_or_default();
        if hashes.is_empty() && !berry {
            // Classic `resolved` URLs end with `#<sha1>` of the tarball.
            if let Some(sha1) = resolution
                .rsplit_once('#')
                .and_then(|(_, hash)| encoding::prefixed(&format!("sha1:{hash}")))
            {
                hashes.push(sha1);
            }
        }
        components.push(Component {
            key: keys[at].clone(),
            purl: super::npm::npm_purl(&name, version.as_deref(), &source),
            name,
            version,
            hashes,
            source,
            depends_on,
            ..Component::default()
        });
    }
    // Development-only packages: reachable only from `devDependencies`.
    let package: Option<Value> = manifest.and_then(|text| serde_json::from_str(text).ok());
    let declared = |field: &str| -> Vec<String> {
        package
            .as_ref()
            .and_then(|package| package.get(field))
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
            .filter_map(|(name, range)| resolve(name, range.as_str()?))
            .map(|at| keys[at].clone())
            .collect()
    };
    let mut runtime = declared("dependencies");
    runtime.extend(declared("optionalDependencies"));
    let dev = declared("devDependencies");
    let root = match root_at {
        Some(at) => {
            let mut root = components.remove(at);
            runtime.extend(root.depends_on.iter().cloned());
            root.key = format!("{folder}/");
            root
        }
        None => {
            let mut depends_on = runtime.clone();
            depends_on.extend(dev.iter().cloned());
            Component {
                key: format!("{folder}/"),
                name: package
                    .as_ref()
                    .and_then(|package| package.get("name"))
                    .and_then(Value::as_str)
                    .map(str::to_owned)
                    .unwrap_or_else(|| super::cargo::folder_name(folder)),
                version: package
                    .as_ref()
                    .and_then(|package| package.get("version"))
                    .and_then(Value::as_str)
                    .map(str::to_owned),
                source: Source::Path(String::new()),
                depends_on,
                ..Component::default()
            }
        }
    };
    if !dev.is_empty() {
        assign_scopes(&mut components, &runtime, &dev);
    }
    Ok(Lockfile {
        path: path.to_owned(),
        kind: LockKind::Yarn,
        format_version,
        sha256: String::new(),
        root,
        components,
        lock_edges,
    })
}

#[cfg(test)]
mod tests {
    use crate::sbom::{Scope, read_lockfile};

    #[test]
    fn classic_entries_specifiers_and_hashes() {
        let lock = "# THIS IS AN AUTOGENERATED FILE. DO NOT EDIT THIS FILE DIRECTLY.\n# yarn lockfile v1\n\n\n\"@babel/highlight@^7.12.13\":\n  version \"7.12.13\"\n  resolved \"https://registry.yarnpkg.com/@babel/highlight/-/highlight-7.12.13.tgz#8ab538393e00370b26271b01fa08f7f27f2e795c\"\n  dependencies:\n    js-tokens \"^4.0.0\"\n\njs-tokens@^4.0.0, \"js-tokens@^3.0.0 || ^4.0.0\":\n  version \"4.0.0\"\n  resolved \"https://registry.yarnpkg.com/js-tokens/-/js-tokens-4.0.0.tgz\"\n  integrity sha512-z4PhNX7vuL3xVChQ1m2AB9Yg5AULVxXcg/SpIdNs6c5H0NE8XYXysP+DGNKHfuwvY7kxvUdBeoGlODJ6+SfaPg==\n\ntap@^1:\n  version \"1.0.0\"\n  dependencies:\n    js-tokens \"^3.0.0 || ^4.0.0\"\n";
        let package = r#"{"name": "app", "version": "1.0.0", "dependencies": {"@babel/highlight": "^7.12.13"}, "devDependencies": {"tap": "^1"}}"#;
        let read = read_lockfile("yarn.lock", lock.as_bytes(), Some(package)).unwrap();
        assert_eq!(read.format_version.as_deref(), Some("1"));
        assert_eq!(read.root.name, "app");
        assert_eq!(
            read.root.depends_on,
            ["@babel/highlight@7.12.13", "tap@1.0.0"]
        );
        let find = |key: &str| read.components.iter().find(|c| c.key == key).unwrap();
        let highlight = find("@babel/highlight@7.12.13");
        assert_eq!(
            highlight.purl.as_deref(),
            Some("pkg:npm/%40babel/highlight@7.12.13")
        );
        assert_eq!(highlight.depends_on, ["js-tokens@4.0.0"]);
        assert_eq!(
            highlight.hashes[0].hex,
            "8ab538393e00370b26271b01fa08f7f27f2e795c"
        );
        assert_eq!(find("js-tokens@4.0.0").hashes[0].hex.len(), 128);
        assert_eq!(find("tap@1.0.0").scope, Scope::Dev);
        assert_eq!(find("js-tokens@4.0.0").scope, Scope::Required);
        assert_eq!(read.lock_edges, 2);
    }

    #[test]
    fn berry_workspaces_and_protocols() {
        let lock = "# This file is generated by running \"yarn install\" inside your project.\n\n__metadata:\n  version: 8\n  cacheKey: 10c0\n\n\"app@workspace:.\":\n  version: 0.0.0-use.local\n  resolution: \"app@workspace:.\"\n  dependencies:\n    ms: \"npm:^2.1.1\"\n    ui: \"workspace:*\"\n  languageName: unknown\n  linkType: soft\n\n\"ms@npm:^2.1.1\":\n  version: 2.1.3\n  resolution: \"ms@npm:2.1.3\"\n  checksum: 10c0/d924b57e7312b3b63ad21fc5b3dc0af5e78d61a1fc7cfb5457edaf26326bf62be5307cc87ffb6862ef1c2b33b0233cdb5d4f01c4c958cc0d660948b65a287a48\n  languageName: node\n  linkType: hard\n\n\"ui@workspace:*, ui@workspace:packages/ui\":\n  version: 0.0.0-use.local\n  resolution: \"ui@workspace:packages/ui\"\n  languageName: unknown\n  linkType: soft\n";
        let read = read_lockfile("yarn.lock", lock.as_bytes(), None).unwrap();
        assert_eq!(read.format_version.as_deref(), Some("8"));
        assert_eq!(read.root.name, "app");
        assert_eq!(read.root.depends_on, ["ms@2.1.3", "ui@0.0.0-use.local"]);
        let ms = read.components.iter().find(|c| c.name == "ms").unwrap();
        assert!(ms.hashes.is_empty(), "a cache checksum is no package hash");
        assert!(read_lockfile("yarn.lock", b"  orphan field\n", None).is_err());
        // Found by fuzzing: a lone quote as the specifiers panicked; it is
        // an unterminated quote, as is a version's.
        let read = read_lockfile("yarn.lock", b"\":\n", None);
        assert_eq!(
            read.map(|_| ()).map_err(|err| err.to_string()),
            Err(
                "`yarn.lock:1`: `\"` has an unterminated quote; expected a quoted string"
                    .to_owned()
            )
        );
        let unterminated = "# yarn lockfile v1\n\na@^1.0.0:\n  version \"1.0.0\n";
        let err = read_lockfile("yarn.lock", unterminated.as_bytes(), None).unwrap_err();
        assert_eq!(
            err.to_string(),
            "`yarn.lock:4`: `version`: `\"1.0.0` has an unterminated quote; expected a quoted string"
        );
        let list = "__metadata:\n  version: 6\n\n\"a@npm:^1.0.0\":\n  version: [1]\n";
        let err = read_lockfile("yarn.lock", list.as_bytes(), None).unwrap_err();
        assert_eq!(
            err.to_string(),
            "`yarn.lock:5`: `version`: `[1]` is a list or map; expected a string"
        );
        assert!(read_lockfile("yarn.lock", b"no colon here\n", None).is_err());
    }
}
