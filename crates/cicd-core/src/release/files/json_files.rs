//! JSON version files, every other byte kept: `package.json` and its
//! lockfiles, Salesforce's `sfdx-project.json`, and a `json` extra file's
//! JSON path.

use semver::Version;

use super::markers::find_version;
use super::{Updated, json_edit, paths};
use crate::{Error, Result};

pub(super) fn json(
    text: &str,
    paths: &[&[&str]],
    version: &str,
) -> std::result::Result<Updated, String> {
    serde_json::from_str::<serde_json::Value>(text).map_err(|err| format!("not JSON: {err}"))?;
    let mut out = text.to_owned();
    let mut found = false;
    for path in paths {
        if let Some(updated) = json_edit::replace_string(&out, path, version) {
            out = updated;
            found = true;
        }
    }
    if found {
        Ok(Updated::Text(out))
    } else {
        Err("no top-level `\"version\"` string".to_owned())
    }
}

/// Release Please's `SfdxProjectJson`: every package directory marked
/// `default` (as JavaScript reads truth) gets `versionNumber` `X.Y.Z.NEXT`,
/// in place.
pub(super) fn sfdx_project(text: &str, version: &str) -> std::result::Result<Updated, String> {
    let json: serde_json::Value =
        serde_json::from_str(text).map_err(|err| format!("not JSON: {err}"))?;
    let directories = json
        .get("packageDirectories")
        .and_then(serde_json::Value::as_array)
        .ok_or("no `packageDirectories` list")?;
    let next = serde_json::to_string(&format!("{version}.NEXT")).map_err(|err| err.to_string())?;
    let mut out = text.to_owned();
    // From the last, so that earlier spans keep their offsets.
    for (index, directory) in directories.iter().enumerate().rev() {
        if !directory.get("default").is_some_and(js_truthy) {
            continue;
        }
        let steps = [
            json_edit::Step::Key("packageDirectories"),
            json_edit::Step::Index(index),
            json_edit::Step::Key("versionNumber"),
        ];
        let Some((start, end)) = json_edit::string_span_at(&out, &steps) else {
            return Ok(Updated::Skipped(format!(
                "the default package directory {index} has no `versionNumber` string"
            )));
        };
        out.replace_range(start..end, &next);
    }
    Ok(Updated::Text(out))
}

/// Whether a JSON value is true as JavaScript reads it.
pub(crate) fn js_truthy(value: &serde_json::Value) -> bool {
    match value {
        serde_json::Value::Null => false,
        serde_json::Value::Bool(flag) => *flag,
        serde_json::Value::Number(number) => number.as_f64().is_some_and(|n| n != 0.0),
        serde_json::Value::String(text) => !text.is_empty(),
        _ => true,
    }
}

/// Set the version inside the string at a JSON path (`$.release.version`,
/// `$['a'].b`; keys only) in an `extra-files` entry of type `json`, as
/// Release Please does (`"^1.2.3"` becomes `"^1.3.0"`), keeping every other
/// byte; a string without a version is left alone.
///
/// # Errors
///
/// [`Error::VersionFile`] when the path is not a key path, the text is not
/// JSON, or no string is at the path.
pub fn set_json_path(path: &str, text: &str, jsonpath: &str, version: &Version) -> Result<Updated> {
    let error = |what: String| Error::VersionFile {
        path: path.to_owned(),
        what,
    };
    let keys = paths::keys(jsonpath).ok_or_else(|| {
        error(format!(
            "`{jsonpath}`: only key paths like `$.release.version` are supported"
        ))
    })?;
    serde_json::from_str::<serde_json::Value>(text)
        .map_err(|err| error(format!("not JSON: {err}")))?;
    let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
    let (start, end) = json_edit::string_value_span(text, &keys)
        .ok_or_else(|| error(format!("no string at `{jsonpath}`")))?;
    let old: String = serde_json::from_str(&text[start..end])
        .map_err(|err| error(format!("the string at `{jsonpath}` does not parse: {err}")))?;
    // As Release Please: the version inside the string (`^1.2.3`, `v1.2.3`).
    let Some((from, to)) = find_version(&old) else {
        return Ok(Updated::Skipped(format!(
            "the string at `{jsonpath}` holds no version"
        )));
    };
    let new = format!("{}{version}{}", &old[..from], &old[to..]);
    let escaped = serde_json::to_string(&new).map_err(|err| error(err.to_string()))?;
    Ok(Updated::Text(format!(
        "{}{escaped}{}",
        &text[..start],
        &text[end..]
    )))
}
