//! The types and paths of a `release-please-config.json`, checked once as
//! it is read: a known key with a value of the wrong type, and a path that
//! would lead outside the repository, are errors naming the key.
//!
//! Release Please ignores some wrong types silently (`"extra-files": "x"`)
//! and stops on others; here every one stops, with what was expected. The
//! configuration is written by whoever lands a pull request, and the release
//! job that reads it holds a write token: a package path `../evil` or a
//! `changelog-path` of `/etc/x` is refused before anything is read.

use serde_json::Value;

use crate::confined::relative_path;

/// What a key's value must be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Text,
    Flag,
    Number,
    /// A path relative to the package (or, with `/` first where noted,
    /// the repository).
    Path,
    /// A version like `1.0.0`.
    Version,
    /// A list of `{type, section, hidden?}` objects.
    Sections,
    /// A list of paths or `{type?, path, ...}` objects.
    ExtraFiles,
    /// A list of strings.
    Texts,
    /// Checked on its own (`plugins`, `packages`).
    Other,
}

/// Each known key and what its value must be.
const KINDS: &[(&str, Kind)] = &[
    ("$schema", Kind::Text),
    ("always-link-local", Kind::Flag),
    ("always-update", Kind::Flag),
    ("bootstrap-sha", Kind::Text),
    ("bump-minor-pre-major", Kind::Flag),
    ("bump-patch-for-minor-pre-major", Kind::Flag),
    ("changelog-host", Kind::Text),
    ("changelog-path", Kind::Path),
    ("changelog-sections", Kind::Sections),
    ("changelog-type", Kind::Text),
    ("commit-batch-size", Kind::Number),
    ("commit-search-depth", Kind::Number),
    ("component", Kind::Text),
    ("component-no-space", Kind::Flag),
    ("date-format", Kind::Text),
    ("draft", Kind::Flag),
    ("draft-pull-request", Kind::Flag),
    ("exclude-paths", Kind::Texts),
    ("extra-files", Kind::ExtraFiles),
    ("extra-label", Kind::Text),
    ("force-tag-creation", Kind::Flag),
    ("group-pull-request-title-pattern", Kind::Text),
    ("include-commit-authors", Kind::Flag),
    ("include-component-in-tag", Kind::Flag),
    ("include-v-in-release-name", Kind::Flag),
    ("include-v-in-tag", Kind::Flag),
    ("initial-version", Kind::Version),
    ("label", Kind::Text),
    ("last-release-sha", Kind::Text),
    ("package-name", Kind::Text),
    ("packages", Kind::Other),
    ("plugins", Kind::Other),
    ("prerelease", Kind::Flag),
    ("prerelease-type", Kind::Text),
    ("pull-request-footer", Kind::Text),
    ("pull-request-header", Kind::Text),
    ("pull-request-title-pattern", Kind::Text),
    ("release-as", Kind::Text),
    ("release-label", Kind::Text),
    ("release-search-depth", Kind::Number),
    ("release-type", Kind::Text),
    ("separate-pull-requests", Kind::Flag),
    ("sequential-calls", Kind::Flag),
    ("signoff", Kind::Text),
    ("skip-changelog", Kind::Flag),
    ("skip-github-release", Kind::Flag),
    ("skip-snapshot", Kind::Flag),
    ("snapshot-label", Kind::Text),
    ("tag-separator", Kind::Text),
    ("version-file", Kind::Path),
    ("versioning", Kind::Text),
];

/// A package path (a key of `packages`), checked: inside the repository.
///
/// # Errors
///
/// What is wrong, naming `packages["{path}"]`.
pub(super) fn package_path(path: &str) -> Result<(), String> {
    relative_path(path).map(|_| ()).map_err(|why| {
        format!(
            "`packages[\"{}\"]`: {why}",
            crate::confined::escape_control(path)
        )
    })
}

/// `value`, the value of `key` at `at` (`packages["web"].` or empty),
/// checked against what the key must be; unknown keys pass (they are
/// warned about elsewhere), and so does `null` (as good as absent).
///
/// # Errors
///
/// What is wrong and what was expected, naming the key.
pub(super) fn check(at: &str, key: &str, value: &Value) -> Result<(), String> {
    let Some(&(_, kind)) = KINDS.iter().find(|(known, _)| *known == key) else {
        return Ok(());
    };
    if value.is_null() {
        return Ok(());
    }
    let name = format!("{at}{key}");
    let expected = |what: &str| format!("`{name}`: expected {what}, found {}", shown(value));
    match kind {
        Kind::Text => value
            .is_string()
            .then_some(())
            .ok_or_else(|| expected("a string")),
        Kind::Flag => value
            .is_boolean()
            .then_some(())
            .ok_or_else(|| expected("true or false")),
        Kind::Number => value
            .as_u64()
            .map(|_| ())
            .ok_or_else(|| expected("a whole number")),
        Kind::Path => {
            let path = value.as_str().ok_or_else(|| expected("a path"))?;
            relative_path(path).map(|_| ()).map_err(|why| {
                format!(
                    "`{name}`: `{}`: {why}",
                    crate::confined::escape_control(path)
                )
            })
        }
        Kind::Version => {
            let text = value
                .as_str()
                .ok_or_else(|| expected("a version like \"1.0.0\""))?;
            crate::version::parse(text).map(|_| ()).map_err(|_| {
                format!("`{name}`: `{text}` is not a version; expected one like \"1.0.0\"")
            })
        }
        Kind::Texts => list(value, &name)?
            .iter()
            .enumerate()
            .try_for_each(|(index, item)| {
                item.is_string().then_some(()).ok_or_else(|| {
                    format!(
                        "`{name}[{index}]`: expected a string, found {}",
                        shown(item)
                    )
                })
            }),
        Kind::Sections => list(value, &name)?
            .iter()
            .enumerate()
            .try_for_each(|(index, item)| section(&format!("{name}[{index}]"), item)),
        Kind::ExtraFiles => list(value, &name)?
            .iter()
            .enumerate()
            .try_for_each(|(index, item)| extra_file(&format!("{name}[{index}]"), item)),
        Kind::Other => Ok(()),
    }
}

/// The items of a list.
fn list<'a>(value: &'a Value, name: &str) -> Result<&'a [Value], String> {
    value
        .as_array()
        .map(Vec::as_slice)
        .ok_or_else(|| format!("`{name}`: expected a list, found {}", shown(value)))
}

/// One `changelog-sections` entry: `{"type": "feat", "section": "Features", "hidden"?: bool}`.
fn section(name: &str, item: &Value) -> Result<(), String> {
    let Some(object) = item.as_object() else {
        return Err(format!(
            "`{name}`: expected an object like {{\"type\": \"feat\", \"section\": \"Features\"}}, found {}",
            shown(item)
        ));
    };
    for (key, want_string) in [
        ("type", true),
        ("section", true),
        ("hidden", false),
        ("scope", true),
    ] {
        match object.get(key) {
            None | Some(Value::Null) => {}
            Some(Value::String(_)) if want_string => {}
            Some(Value::Bool(_)) if !want_string => {}
            Some(other) => {
                let what = if want_string {
                    "a string"
                } else {
                    "true or false"
                };
                return Err(format!(
                    "`{name}.{key}`: expected {what}, found {}",
                    shown(other)
                ));
            }
        }
    }
    if !object.get("type").is_some_and(Value::is_string) {
        return Err(format!("`{name}`: expected a string `type`"));
    }
    Ok(())
}

/// One `extra-files` entry: a path (`/` first: from the repository root),
/// or an object with a `path` and optional `type`, `jsonpath`/`xpath`,
/// `glob`.
fn extra_file(name: &str, item: &Value) -> Result<(), String> {
    let path = match item {
        Value::String(path) => path,
        Value::Object(object) => {
            for key in ["type", "jsonpath", "xpath"] {
                if let Some(value) = object.get(key).filter(|value| !value.is_string()) {
                    return Err(format!(
                        "`{name}.{key}`: expected a string, found {}",
                        shown(value)
                    ));
                }
            }
            if let Some(kind) = object.get("type").and_then(Value::as_str) {
                if super::ExtraFileKind::named(kind).is_none() {
                    return Err(format!(
                        "`{name}.type`: unknown type `{}`; expected generic, json, yaml, toml, xml or pom",
                        crate::confined::escape_control(kind)
                    ));
                }
            }
            if let Some(value) = object.get("glob").filter(|value| !value.is_boolean()) {
                return Err(format!(
                    "`{name}.glob`: expected true or false, found {}",
                    shown(value)
                ));
            }
            match object.get("path") {
                Some(Value::String(path)) => path,
                Some(other) => {
                    return Err(format!(
                        "`{name}.path`: expected a path, found {}",
                        shown(other)
                    ));
                }
                None => return Err(format!("`{name}`: expected a `path`")),
            }
        }
        other => {
            return Err(format!(
                "`{name}`: expected a path or an object with a `path`, found {}",
                shown(other)
            ));
        }
    };
    // A leading `/` means "from the repository root", as Release Please reads it.
    let inside = path.strip_prefix('/').unwrap_or(path);
    if inside.is_empty() {
        return Err(format!("`{name}`: expected a path, found an empty one"));
    }
    relative_path(inside).map(|_| ()).map_err(|why| {
        format!(
            "`{name}`: `{}`: {why}",
            crate::confined::escape_control(path)
        )
    })
}

/// A value as a message shows it: its JSON, cut short.
fn shown(value: &Value) -> String {
    let text = value.to_string();
    let text = crate::confined::escape_control(&text);
    if text.chars().count() > 40 {
        format!("{}…", text.chars().take(40).collect::<String>())
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::super::Config;
    use super::super::config::{PACKAGE, TOP_LEVEL};
    use super::KINDS;

    #[test]
    fn every_known_key_has_a_type_and_every_type_a_known_key() {
        let known: Vec<&str> = TOP_LEVEL.iter().chain(PACKAGE).copied().collect();
        for key in &known {
            assert!(
                KINDS.iter().any(|(name, _)| name == key),
                "`{key}` has no type"
            );
        }
        for (name, _) in KINDS {
            assert!(
                known.contains(name),
                "`{name}` is typed but not a known key"
            );
        }
    }

    fn error(text: &str) -> String {
        Config::parse(text, "rp.json")
            .map(|_| ())
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn paths_that_leave_the_repository_are_refused_with_their_key() {
        assert_eq!(
            error(r#"{"packages": {"../evil": {}}}"#),
            "invalid configuration in `rp.json`: `packages[\"../evil\"]`: `..` climbs out of the folder; expected a path inside the repository"
        );
        assert!(error(r#"{"packages": {"/abs": {}}}"#).contains("an absolute path"));
        assert_eq!(
            error(r#"{"packages": {".": {"changelog-path": "../outside.md"}}}"#),
            "invalid configuration in `rp.json`: `packages[\".\"].changelog-path`: `../outside.md`: `..` climbs out of the folder; expected a path inside the repository"
        );
        assert!(
            error(r#"{"changelog-path": "/tmp/x.md", "packages": {".": {}}}"#)
                .contains("`changelog-path`: `/tmp/x.md`: an absolute path")
        );
        assert!(
            error(r#"{"packages": {".": {"version-file": "../../o/v.txt"}}}"#)
                .contains("`packages[\".\"].version-file`: `../../o/v.txt`")
        );
        assert!(
            error(r#"{"packages": {".": {"extra-files": ["a", {"path": "/../x"}]}}}"#)
                .contains("`packages[\".\"].extra-files[1]`: `/../x`: `..` climbs out")
        );
    }

    #[test]
    fn a_leading_slash_in_extra_files_is_the_repository_root() {
        assert!(
            Config::parse(
                r#"{"packages": {"web": {"extra-files": ["/VERSION", {"type": "json", "path": "/a/b.json", "jsonpath": "$.v", "glob": false}]}}}"#,
                "rp.json"
            )
            .is_ok()
        );
    }

    #[test]
    fn known_keys_of_the_wrong_type_are_errors() {
        assert_eq!(
            error(r#"{"packages": {".": {"extra-files": "x"}}}"#),
            "invalid configuration in `rp.json`: `packages[\".\"].extra-files`: expected a list, found \"x\""
        );
        assert_eq!(
            error(r#"{"bootstrap-sha": 5, "packages": {".": {}}}"#),
            "invalid configuration in `rp.json`: `bootstrap-sha`: expected a string, found 5"
        );
        assert_eq!(
            error(r#"{"packages": {".": {"initial-version": "x.y"}}}"#),
            "invalid configuration in `rp.json`: `packages[\".\"].initial-version`: `x.y` is not a version; expected one like \"1.0.0\""
        );
        assert!(
            error(r#"{"draft": "yes", "packages": {".": {}}}"#)
                .contains("`draft`: expected true or false, found \"yes\"")
        );
        assert!(
            error(r#"{"changelog-sections": [{"section": "x"}], "packages": {".": {}}}"#)
                .contains("`changelog-sections[0]`: expected a string `type`")
        );
        assert!(Config::parse(r#"{"draft": null, "packages": {".": {}}}"#, "rp.json").is_ok());
    }
}
