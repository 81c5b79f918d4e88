//! TOML version files: `pyproject.toml`, `Cargo.toml`, and the entries of
//! `Cargo.lock` and `uv.lock`, edited in place with `toml_edit`.

use std::collections::BTreeMap;

use semver::Version;
use toml_edit::{DocumentMut, Item, Value};

use super::Updated;
use crate::{Error, Result};

pub(super) fn toml(text: &str) -> std::result::Result<DocumentMut, String> {
    text.parse().map_err(|err| format!("not TOML: {err}"))
}

/// The item at `key` of a table (or inline table), without inserting one
/// (`Item::get_mut` inserts an empty item for a missing key).
pub(super) fn child<'a>(item: &'a mut Item, key: &str) -> Option<&'a mut Item> {
    item.as_table_like_mut()?.get_mut(key)
}

/// Replace a string value, keeping the spaces and comment around it.
pub(crate) fn set_string(item: &mut Item, version: &str) -> bool {
    let Some(value) = item.as_value_mut().filter(|value| value.is_str()) else {
        return false;
    };
    let decor = value.decor().clone();
    *value = Value::from(version);
    *value.decor_mut() = decor;
    true
}

pub(super) fn pyproject(text: &str, version: &str) -> std::result::Result<Updated, String> {
    let mut document = toml(text)?;
    for path in [&["project"][..], &["tool", "poetry"]] {
        let mut table = Some(document.as_item_mut());
        for key in path {
            table = table.and_then(|item| child(item, key));
        }
        let Some(table) = table else { continue };
        if let Some(item) = child(table, "version") {
            if set_string(item, version) {
                return Ok(Updated::Text(document.to_string()));
            }
            return Err(format!("`[{}].version` is not a string", path.join(".")));
        }
        let dynamic = table
            .get("dynamic")
            .and_then(Item::as_array)
            .is_some_and(|dynamic| dynamic.iter().any(|item| item.as_str() == Some("version")));
        if dynamic {
            return Ok(Updated::Skipped(
                "the version is dynamic (`dynamic = [\"version\"]`)".to_owned(),
            ));
        }
    }
    Err("no `version` in `[project]` or `[tool.poetry]`".to_owned())
}

pub(super) fn cargo_toml(text: &str, version: &str) -> std::result::Result<Updated, String> {
    let mut document = toml(text)?;
    let mut changed = false;
    let mut inherited = false;
    if let Some(item) =
        child(document.as_item_mut(), "package").and_then(|package| child(package, "version"))
    {
        if !set_string(item, version) {
            // `version.workspace = true`: the workspace root has the version.
            inherited = item.get("workspace").and_then(Item::as_bool) == Some(true);
            if !inherited {
                return Err(
                    "`[package].version` is neither a string nor `{ workspace = true }`".to_owned(),
                );
            }
        } else {
            changed = true;
        }
    }
    if let Some(item) = child(document.as_item_mut(), "workspace")
        .and_then(|workspace| child(workspace, "package"))
        .and_then(|package| child(package, "version"))
    {
        changed |= set_string(item, version);
    }
    match (changed, inherited) {
        (true, _) => Ok(Updated::Text(document.to_string())),
        (false, true) => Ok(Updated::Skipped(
            "`version.workspace = true`: the workspace root's `[workspace.package]` has the version".to_owned(),
        )),
        (false, false) => Err("no `[package].version` or `[workspace.package].version`".to_owned()),
    }
}

/// The versions of the named packages in a `Cargo.lock` (`[[package]]`
/// entries), keeping everything else.
///
/// # Errors
///
/// [`Error::VersionFile`] when the text is not TOML.
pub fn set_lock_versions(
    path: &str,
    text: &str,
    versions: &BTreeMap<String, Version>,
) -> Result<String> {
    let mut document = toml(text).map_err(|what| Error::VersionFile {
        path: path.to_owned(),
        what,
    })?;
    if let Some(packages) =
        child(document.as_item_mut(), "package").and_then(Item::as_array_of_tables_mut)
    {
        for package in packages.iter_mut() {
            let name = package
                .get("name")
                .and_then(Item::as_str)
                .map(str::to_owned);
            if let Some(version) = name.and_then(|name| versions.get(&name)) {
                if let Some(item) = package.get_mut("version") {
                    set_string(item, &version.to_string());
                }
            }
        }
    }
    Ok(document.to_string())
}

/// In a `uv.lock`, the version of the project `name` itself (its
/// `[[package]]` whose `source` is `editable` or `virtual`: the project, not
/// a dependency of that name), keeping everything else. Release Please
/// leaves `uv.lock` behind, so `uv sync --locked` fails after its release.
///
/// # Errors
///
/// [`Error::VersionFile`] when the text is not TOML.
pub fn set_uv_lock_version(
    path: &str,
    text: &str,
    name: &str,
    version: &Version,
) -> Result<Updated> {
    let mut document = toml(text).map_err(|what| Error::VersionFile {
        path: path.to_owned(),
        what,
    })?;
    let wanted = crate::sbom::purl::pep503(name);
    let mut found = false;
    if let Some(packages) =
        child(document.as_item_mut(), "package").and_then(Item::as_array_of_tables_mut)
    {
        for package in packages.iter_mut() {
            let named = package
                .get("name")
                .and_then(Item::as_str)
                .is_some_and(|name| crate::sbom::purl::pep503(name) == wanted);
            let local = package.get("source").is_some_and(|source| {
                source.get("editable").is_some() || source.get("virtual").is_some()
            });
            if named && local {
                if let Some(item) = package.get_mut("version") {
                    found |= set_string(item, &version.to_string());
                }
            }
        }
    }
    if found {
        Ok(Updated::Text(document.to_string()))
    } else {
        Ok(Updated::Skipped(format!(
            "no `[[package]]` `{name}` from the project itself"
        )))
    }
}
