//! `release-please-config.json`: top-level defaults, packages by path.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

pub use crate::similar::UnknownKey;
use crate::version::Options;
use crate::{Error, Result};

/// A `release-please-config.json`, read.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Config {
    /// The top-level keys that also apply to packages (defaults).
    pub defaults: Map<String, Value>,
    /// Each package's own keys, by path (`.` for the repository root).
    pub packages: BTreeMap<String, Map<String, Value>>,
    /// The package paths in the order the file lists them (Release Please's
    /// order for the notes of a combined release PR).
    pub order: Vec<String>,
}

/// Keys allowed only at the top level.
pub(super) const TOP_LEVEL: &[&str] = &[
    "$schema",
    "packages",
    "plugins",
    "bootstrap-sha",
    "last-release-sha",
    "always-link-local",
    "signoff",
    "group-pull-request-title-pattern",
    "release-search-depth",
    "commit-search-depth",
    "commit-batch-size",
    "sequential-calls",
    "label",
    "release-label",
    "snapshot-label",
    "always-update",
];

/// Keys allowed at the top level (as defaults) and per package.
pub(super) const PACKAGE: &[&str] = &[
    "release-type",
    "versioning",
    "bump-minor-pre-major",
    "bump-patch-for-minor-pre-major",
    "prerelease-type",
    "prerelease",
    "release-as",
    "changelog-sections",
    "changelog-path",
    "changelog-type",
    "changelog-host",
    "include-commit-authors",
    "skip-changelog",
    "skip-github-release",
    "draft",
    "force-tag-creation",
    "draft-pull-request",
    "component",
    "package-name",
    "include-component-in-tag",
    "include-v-in-tag",
    "include-v-in-release-name",
    "tag-separator",
    "pull-request-title-pattern",
    "pull-request-header",
    "pull-request-footer",
    "component-no-space",
    "separate-pull-requests",
    "extra-files",
    "exclude-paths",
    "extra-label",
    "version-file",
    "initial-version",
    "date-format",
    "skip-snapshot",
];

/// The keys that decide versions, read into [`Options`].
const VERSION_KEYS: &[&str] = &[
    "release-type",
    "versioning",
    "bump-minor-pre-major",
    "bump-patch-for-minor-pre-major",
    "prerelease",
    "prerelease-type",
    "release-as",
    "initial-version",
    "changelog-sections",
];

impl Config {
    /// Read the text of a `release-please-config.json`; `origin` names it in
    /// messages. Unknown keys (Release Please ignores them silently) come back
    /// as warnings with the closest known key.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] when the text is not a JSON object or `packages` is not
    /// an object of objects.
    pub fn parse(text: &str, origin: &str) -> Result<(Self, Vec<UnknownKey>)> {
        let error = |what: String| Error::Config {
            origin: origin.to_owned(),
            what,
        };
        let value: Value =
            serde_json::from_str(text).map_err(|err| error(format!("not JSON: {err}")))?;
        let Value::Object(mut top) = value else {
            return Err(error("expected a JSON object".to_owned()));
        };
        let mut warnings = Vec::new();
        let mut packages = BTreeMap::new();
        if let Some(value) = top.remove("packages") {
            let Value::Object(entries) = value else {
                return Err(error(
                    "`packages`: expected an object of package paths".to_owned(),
                ));
            };
            for (path, package) in entries {
                super::config_check::package_path(&path).map_err(error)?;
                let Value::Object(package) = package else {
                    return Err(error(format!("`packages.{path}`: expected an object")));
                };
                let at = format!("packages[\"{}\"].", crate::confined::escape_control(&path));
                for (key, value) in &package {
                    super::config_check::check(&at, key, value).map_err(error)?;
                    if !PACKAGE.contains(&key.as_str()) {
                        warnings.push(warning(
                            origin,
                            &format!("packages[\"{path}\"].{key}"),
                            key,
                            PACKAGE,
                        ));
                    }
                }
                packages.insert(path, package);
            }
        }
        if let Some(plugins) = top.get("plugins") {
            check_plugins(plugins).map_err(error)?;
        }
        for (key, value) in &top {
            super::config_check::check("", key, value).map_err(error)?;
        }
        let mut known: Vec<&str> = TOP_LEVEL.to_vec();
        known.extend(PACKAGE);
        for key in top.keys() {
            if !known.contains(&key.as_str()) {
                warnings.push(warning(origin, key, key, &known));
            }
        }
        let order = super::json_edit::object_keys(text, &["packages"])
            .unwrap_or_else(|| packages.keys().cloned().collect());
        Ok((
            Self {
                defaults: top,
                packages,
                order,
            },
            warnings,
        ))
    }

    /// The version options of the package at `path` (its keys over the
    /// top-level ones).
    ///
    /// # Errors
    ///
    /// [`Error::Config`] when a key has the wrong type (`"versioning": 3`).
    pub fn version_options(&self, path: &str, origin: &str) -> Result<Options> {
        let mut merged = Map::new();
        let package = self.packages.get(path);
        for key in VERSION_KEYS {
            let value = package
                .and_then(|package| package.get(*key))
                .or_else(|| self.defaults.get(*key));
            if let Some(value) = value {
                merged.insert((*key).to_owned(), value.clone());
            }
        }
        serde_json::from_value(Value::Object(merged)).map_err(|err| Error::Config {
            origin: origin.to_owned(),
            what: format!("package `{path}`: {err}"),
        })
    }
}

impl Config {
    /// A key of the package at `path`, or the top-level default.
    pub fn value(&self, path: &str, key: &str) -> Option<&Value> {
        self.packages
            .get(path)
            .and_then(|package| package.get(key))
            .or_else(|| self.defaults.get(key))
    }
}

/// The plugins Release Please knows; `cicd` follows them all.
const PLUGINS: [&str; 6] = [
    "linked-versions",
    "cargo-workspace",
    "node-workspace",
    "sentence-case",
    "maven-workspace",
    "group-priority",
];

/// `plugins`: a list of names, or objects with a `type`, each a plugin
/// Release Please knows (it refuses others).
fn check_plugins(plugins: &Value) -> std::result::Result<(), String> {
    let Value::Array(plugins) = plugins else {
        return Err("`plugins`: expected a list".to_owned());
    };
    for (at, plugin) in plugins.iter().enumerate() {
        let name = match plugin {
            Value::String(name) => name.as_str(),
            Value::Object(object) => match object.get("type") {
                Some(Value::String(name)) => name.as_str(),
                _ => return Err(format!("`plugins[{at}]`: expected a string `type`")),
            },
            _ => {
                return Err(format!(
                    "`plugins[{at}]`: expected a plugin name or an object with a `type`"
                ));
            }
        };
        if !PLUGINS.contains(&name) {
            let hint = crate::similar::closest(name, PLUGINS)
                .map(|closest| format!("; did you mean `{closest}`?"))
                .unwrap_or_default();
            return Err(format!(
                "`plugins[{at}]`: unknown plugin type `{name}`, which Release Please refuses too{hint}"
            ));
        }
    }
    Ok(())
}

fn warning(origin: &str, key: &str, name: &str, known: &[&'static str]) -> UnknownKey {
    UnknownKey::new(origin, "key", key, name, known.iter().copied())
}

#[cfg(test)]
mod plugin_tests {
    use super::Config;

    #[test]
    fn unknown_plugin_types_are_refused_with_the_closest_known_one() {
        let parse = |plugins: &str| {
            Config::parse(
                &format!(r#"{{"plugins": {plugins}, "packages": {{".": {{}}}}}}"#),
                "c.json",
            )
            .map(|_| ())
            .map_err(|err| err.to_string())
        };
        assert!(parse(r#"["sentence-case", {"type": "node-workspace", "merge": true}]"#).is_ok());
        assert!(parse(r#"["maven-workspace"]"#).is_ok());
        let err = parse(r#"["sentence-case", "node-worskpace"]"#).unwrap_err();
        assert!(
            err.contains("`plugins[1]`: unknown plugin type `node-worskpace`"),
            "{err}"
        );
        assert!(err.contains("did you mean `node-workspace`?"), "{err}");
        assert!(
            parse(r#"[{"merge": true}]"#)
                .unwrap_err()
                .contains("`plugins[0]`: expected a string `type`")
        );
        assert!(
            parse(r#""sentence-case""#)
                .unwrap_err()
                .contains("`plugins`: expected a list")
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::version::Versioning;

    #[test]
    fn package_keys_override_the_top_level_ones() {
        let text = r#"{
            "release-type": "rust",
            "bump-minor-pre-major": true,
            "packages": {".": {"versioning": "prerelease", "prerelease-type": "rc"}, "web": {"release-type": "node"}}
        }"#;
        let (config, warnings) = Config::parse(text, "release-please-config.json").unwrap();
        assert!(warnings.is_empty());
        let root = config
            .version_options(".", "release-please-config.json")
            .unwrap();
        assert_eq!(root.release_type.as_deref(), Some("rust"));
        assert_eq!(root.versioning, Versioning::Prerelease);
        assert!(root.bump_minor_pre_major);
        let web = config
            .version_options("web", "release-please-config.json")
            .unwrap();
        assert_eq!(web.release_type.as_deref(), Some("node"));
    }

    #[test]
    fn unknown_keys_are_warned_about_with_the_closest_known_one() {
        let text = r#"{"versioning-strategy": "prerelease", "packages": {".": {"bump-minor-pre-majr": true}}}"#;
        let (_, warnings) = Config::parse(text, "rp.json").unwrap();
        let shown: Vec<String> = warnings.iter().map(ToString::to_string).collect();
        assert_eq!(
            shown,
            [
                "`rp.json`: unknown key `packages[\".\"].bump-minor-pre-majr`, ignored; did you mean `bump-minor-pre-major`?",
                "`rp.json`: unknown key `versioning-strategy`, ignored; did you mean `versioning`?",
            ]
        );
    }

    #[test]
    fn wrong_types_say_which_key() {
        let err = Config::parse(r#"{"versioning": 3}"#, "rp.json")
            .unwrap_err()
            .to_string();
        assert_eq!(
            err,
            "invalid configuration in `rp.json`: `versioning`: expected a string, found 3"
        );
        let err = Config::parse("[]", "rp.json").unwrap_err().to_string();
        assert_eq!(
            err,
            "invalid configuration in `rp.json`: expected a JSON object"
        );
    }
}
