//! `.release-please-manifest.json`: each package path's current version.

use std::collections::BTreeMap;

use semver::Version;

use super::json_edit;
use crate::{Error, Result};

/// Read a manifest: `{"<path>": "<version>"}`; `origin` names it in errors.
///
/// # Errors
///
/// [`Error::Config`] when the text is not such an object or a version is not
/// semver.
pub fn read_manifest(text: &str, origin: &str) -> Result<BTreeMap<String, Version>> {
    let error = |what: String| Error::Config {
        origin: origin.to_owned(),
        what,
    };
    let map: BTreeMap<String, String> = serde_json::from_str(text)
        .map_err(|err| error(format!("expected {{\"<path>\": \"<version>\"}}: {err}")))?;
    map.into_iter()
        .map(|(path, version)| {
            let parsed = Version::parse(&version)
                .map_err(|err| error(format!("`{path}`: `{version}` is not a version: {err}")))?;
            Ok((path, parsed))
        })
        .collect()
}

/// The manifest text with `path`'s version set, every other byte kept; a new
/// path is added at the end with the file's indentation.
///
/// ```
/// let text = "{\n  \".\": \"1.2.3\"\n}\n";
/// let updated = cicd_core::release::set_manifest_version(text, ".", &semver::Version::new(1, 3, 0));
/// assert_eq!(updated, "{\n  \".\": \"1.3.0\"\n}\n");
/// ```
pub fn set_manifest_version(text: &str, path: &str, version: &Version) -> String {
    let version = version.to_string();
    if let Some(updated) = json_edit::replace_string(text, &[path], &version) {
        return updated;
    }
    let key = serde_json::to_string(path).unwrap_or_default();
    let value = serde_json::to_string(&version).unwrap_or_default();
    let indent = text
        .lines()
        .nth(1)
        .map(|line| &line[..line.len() - line.trim_start().len()])
        .filter(|indent| !indent.is_empty())
        .unwrap_or("  ");
    let Some(close) = text.rfind('}') else {
        return format!("{{\n{indent}{key}: {value}\n}}\n");
    };
    let before = text[..close].trim_end();
    let comma = if before.ends_with('{') { "" } else { "," };
    let open = text.find('{').unwrap_or(0);
    if !before.ends_with('{') && !text[open..close].contains('\n') {
        // A one-line object stays on one line, in its own spacing.
        let separator = if text[open..close].contains(": ") {
            ": "
        } else {
            ":"
        };
        let space = if text[open..close].contains(", ") {
            " "
        } else {
            ""
        };
        return format!("{before},{space}{key}{separator}{value}{}", &text[close..]);
    }
    format!(
        "{before}{comma}\n{indent}{key}: {value}\n{}",
        &text[close..]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manifests_are_read_and_updated_in_place() {
        let text = "{\n    \".\": \"1.2.3\",\n    \"crates/core\": \"0.4.1\"\n}\n";
        let versions = read_manifest(text, "m.json").unwrap();
        assert_eq!(versions["crates/core"], Version::new(0, 4, 1));
        assert_eq!(
            set_manifest_version(text, "crates/core", &Version::new(0, 5, 0)),
            text.replace("0.4.1", "0.5.0")
        );
        assert_eq!(
            set_manifest_version(text, "web", &Version::new(1, 0, 0)),
            "{\n    \".\": \"1.2.3\",\n    \"crates/core\": \"0.4.1\",\n    \"web\": \"1.0.0\"\n}\n"
        );
        assert_eq!(
            set_manifest_version(
                "{\"a\": \"1.0.0\", \"b\": \"2.0.0\"}\n",
                "c",
                &Version::new(0, 1, 0)
            ),
            "{\"a\": \"1.0.0\", \"b\": \"2.0.0\", \"c\": \"0.1.0\"}\n"
        );
        assert_eq!(
            set_manifest_version("{\"a\":\"1.0.0\"}", "c", &Version::new(0, 1, 0)),
            "{\"a\":\"1.0.0\",\"c\":\"0.1.0\"}"
        );
        assert_eq!(
            set_manifest_version("{}\n", ".", &Version::new(1, 0, 0)),
            "{\n  \".\": \"1.0.0\"\n}\n"
        );
        let err = read_manifest("{\".\": \"one\"}", "m.json")
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("invalid configuration in `m.json`: `.`: `one` is not a version"),
            "{err}"
        );
    }
}
