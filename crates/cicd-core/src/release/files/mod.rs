//! Version files, rewritten as Release Please rewrites them, keeping their
//! formatting and comments: `version.txt`, `pyproject.toml`, `Cargo.toml`,
//! `Cargo.lock`, `package.json`, `package-lock.json`, and files with
//! `x-release-please-version` markers.

use semver::Version;

use super::json_edit;
use crate::{Error, Result};

mod expo;
mod krm;
mod markers;
mod ocaml;
mod paths;
mod python;
mod ruby;
mod toml_files;

pub use expo::expo_sdk_version;
pub use krm::KRM_BLUEPRINT_ANNOTATION;
pub use markers::{DATE_FORMAT, MarkerDate, set_generic, set_released_markers};
use markers::{GENERIC, find_version, generic, version_end};
pub use paths::{set_toml_path, set_xml_path, set_yaml_path, xml_path_text};
use python::{python_setup, python_version};
pub use ruby::set_gemfile_lock_version;
use ruby::version_rb;
pub(crate) use toml_files::set_string;
use toml_files::{cargo_toml, child, pyproject, toml};
pub use toml_files::{set_lock_versions, set_uv_lock_version};

/// What a version file holds, and so how its version is found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum FileKind {
    /// The whole file is the version (`version.txt`).
    VersionTxt,
    /// `[project].version`, else `[tool.poetry].version`.
    PyProject,
    /// `[package].version`, and `[workspace.package].version` in a workspace root.
    CargoToml,
    /// The top-level `version`.
    PackageJson,
    /// The top-level `version` and `packages[""].version`.
    PackageLock,
    /// A Python module's `__version__ = "X.Y.Z"` (`__init__.py`, `version.py`).
    PythonVersion,
    /// `setup.cfg`: the first `version = X.Y.Z`.
    SetupCfg,
    /// `setup.py`: the first `version="X.Y.Z"` (either quote).
    SetupPy,
    /// A Helm chart's `Chart.yaml`: its top-level `version` (not
    /// `appVersion`).
    ChartYaml,
    /// A Dart or Flutter `pubspec.yaml`: its `version:` line, a numeric
    /// build number (`+12`) counted up, another kept.
    Pubspec,
    /// An Elixir `mix.exs`: its `@version "…"` attribute, else its
    /// `version: "…",` keyword.
    MixExs,
    /// A Ruby gem's `version.rb`: the first quoted version.
    VersionRb,
    /// An R package's `DESCRIPTION`: its `Version:` line.
    Description,
    /// A Bazel `MODULE.bazel`: the `version` of its `module(…)`.
    ModuleBazel,
    /// A Salesforce DX `sfdx-project.json`: the `versionNumber`
    /// (`1.2.3.NEXT`) of each default package directory.
    SfdxProject,
    /// An OCaml `*.opam` (or `*.opam.locked`) file: its first
    /// `version: "…"` line.
    Opam,
    /// An OCaml `dune-project`: its first `(version …)` line.
    DuneProject,
    /// An esy manifest (`esy.json`, or any JSON an OCaml package versions):
    /// its top-level `version`, of any type, becomes a string.
    EsyJson,
    /// A Go module's `internal/version.go`: its first
    /// `const Version = "X.Y.Z"` (a pre-release included).
    VersionGo,
    /// Lines marked `x-release-please-version` (or `-major`, `-minor`,
    /// `-patch`), and blocks between `x-release-please-start-…` and
    /// `x-release-please-end`.
    Generic,
}

impl FileKind {
    /// The kind a file's name implies (`pyproject.toml`, `Cargo.toml`, …);
    /// anything else is read for markers.
    pub fn of(name: &str) -> Self {
        let name = name.rsplit('/').next().unwrap_or(name);
        if [".opam", ".opam.locked"]
            .iter()
            .any(|end| name.len() > end.len() && name.ends_with(end))
        {
            return Self::Opam;
        }
        match name {
            "dune-project" => Self::DuneProject,
            "esy.json" => Self::EsyJson,
            "version.txt" => Self::VersionTxt,
            "Chart.yaml" => Self::ChartYaml,
            "pubspec.yaml" => Self::Pubspec,
            "mix.exs" => Self::MixExs,
            "version.rb" => Self::VersionRb,
            "DESCRIPTION" => Self::Description,
            "MODULE.bazel" => Self::ModuleBazel,
            "sfdx-project.json" => Self::SfdxProject,
            "pyproject.toml" => Self::PyProject,
            "Cargo.toml" => Self::CargoToml,
            "package.json" => Self::PackageJson,
            "package-lock.json" | "npm-shrinkwrap.json" => Self::PackageLock,
            "__init__.py" | "version.py" => Self::PythonVersion,
            "setup.cfg" => Self::SetupCfg,
            "setup.py" => Self::SetupPy,
            _ => Self::Generic,
        }
    }
}

/// The result of updating one file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Updated {
    /// The new text (which may equal the old when it already had the version).
    Text(String),
    /// Left as it was, and why (a dynamic version, a version inherited from
    /// the workspace).
    Skipped(String),
}

/// Set the version in the text of a file of `kind`; `path` names the file in
/// errors.
///
/// ```
/// use cicd_core::release::{FileKind, Updated, set_version};
///
/// let text = "[project]\nname = \"w\"\nversion = \"1.2.3\"  # bumped by cicd\n";
/// let version = semver::Version::new(1, 3, 0);
/// let updated = set_version(FileKind::PyProject, "pyproject.toml", text, &version)?;
/// assert_eq!(updated, Updated::Text("[project]\nname = \"w\"\nversion = \"1.3.0\"  # bumped by cicd\n".into()));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
///
/// [`Error::VersionFile`] when the file is not of its kind (bad TOML or JSON)
/// or has no version where one is expected.
pub fn set_version(kind: FileKind, path: &str, text: &str, version: &Version) -> Result<Updated> {
    let error = |what: String| Error::VersionFile {
        path: path.to_owned(),
        what,
    };
    let semver = version;
    let version = version.to_string();
    match kind {
        FileKind::VersionTxt => Ok(Updated::Text(format!("{version}\n"))),
        FileKind::PyProject => pyproject(text, &version).map_err(error),
        FileKind::CargoToml => cargo_toml(text, &version).map_err(error),
        FileKind::PackageJson => json(text, &[&["version"]], &version).map_err(error),
        FileKind::PackageLock => json(
            text,
            &[&["version"], &["packages", "", "version"]],
            &version,
        )
        .map_err(error),
        FileKind::PythonVersion => python_version(text, &version).map_err(error),
        FileKind::SetupCfg => python_setup(text, &version, false).map_err(error),
        FileKind::SetupPy => python_setup(text, &version, true).map_err(error),
        FileKind::ChartYaml => set_yaml_path(path, text, "$.version", semver),
        FileKind::Pubspec => pubspec(text, &version).map_err(error),
        FileKind::MixExs => mix_exs(text, &version).map_err(error),
        FileKind::VersionRb => Ok(version_rb(text, &version)),
        FileKind::Description => Ok(r_description(text, &version)),
        FileKind::ModuleBazel => Ok(module_bazel(text, &version)),
        FileKind::SfdxProject => sfdx_project(text, &version).map_err(error),
        FileKind::Opam => Ok(ocaml::opam(text, &version)),
        FileKind::DuneProject => Ok(ocaml::dune_project(text, &version)),
        FileKind::EsyJson => ocaml::esy_json(text, &version).map_err(error),
        FileKind::VersionGo => Ok(version_go(text, &version)),
        FileKind::Generic => Ok(Updated::Text(generic(text, &version, None, &GENERIC))),
    }
}

/// Release Please's `/^Version:\s*[0-9]+\.[0-9]+\.[0-9]+(?:\.[0-9]+)?\s*$/m`
/// on an R `DESCRIPTION`: the first such line becomes `Version: X.Y.Z`.
/// As there, the trailing `\s*` also takes the blank lines that follow, up
/// to the last line end it can reach.
fn r_description(text: &str, version: &str) -> Updated {
    for start in line_starts(text) {
        if let Some(span) = description_version(&text[start..], is_line_end) {
            return Updated::Text(format!(
                "{}Version: {version}{}",
                &text[..start],
                &text[start + span..]
            ));
        }
    }
    Updated::Skipped("no `Version: X.Y.Z` line, as Release Please expects".to_owned())
}

/// Whether a character ends a line for a JavaScript regular expression's
/// `^` and `$` (multiline) and `.`.
pub(super) fn is_line_end(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}')
}

/// Where each line of `text` starts, lines ended as JavaScript's multiline
/// `^` reads them ([`is_line_end`]; `\r\n` ends a line and starts an empty one).
pub(super) fn line_starts(text: &str) -> impl Iterator<Item = usize> + '_ {
    std::iter::once(0).chain(
        text.char_indices()
            .filter(|&(_, c)| is_line_end(c))
            .map(|(at, c)| at + c.len_utf8()),
    )
}

/// Each line of `text` with its start, without its end.
pub(super) fn js_lines(text: &str) -> impl Iterator<Item = (usize, &str)> + '_ {
    line_starts(text).map(move |start| {
        let line = &text[start..];
        (start, &line[..line.find(is_line_end).unwrap_or(line.len())])
    })
}

/// The length of the `Version: X.Y.Z(.W)` match at the start of `line` (with
/// the whitespace the pattern takes), if it matches.
fn description_version(line: &str, line_end: impl Fn(char) -> bool) -> Option<usize> {
    let rest = line.strip_prefix("Version:")?;
    let start = "Version:".len() + (rest.len() - rest.trim_start().len());
    // `X.Y.Z`, then an optional `.W`.
    let bytes = line.as_bytes();
    let at = dotted_digits(bytes, start, 3)?;
    let at = match bytes.get(at) {
        Some(b'.') => dotted_digits(bytes, at + 1, 1).unwrap_or(at),
        _ => at,
    };
    // `\s*$`: the longest run of whitespace after which a line ends.
    let space: Vec<(usize, char)> = line[at..]
        .char_indices()
        .take_while(|(_, c)| c.is_whitespace())
        .collect();
    let ends = |offset: usize| line[at + offset..].chars().next().is_none_or(&line_end);
    let total: usize = space.iter().map(|(_, c)| c.len_utf8()).sum();
    let mut taken = total;
    loop {
        if ends(taken) {
            return Some(at + taken);
        }
        let &(offset, _) = space.iter().rev().find(|(offset, _)| *offset < taken)?;
        taken = offset;
    }
}

/// Release Please's `SfdxProjectJson`: every package directory marked
/// `default` (as JavaScript reads truth) gets `versionNumber` `X.Y.Z.NEXT`,
/// in place.
fn sfdx_project(text: &str, version: &str) -> std::result::Result<Updated, String> {
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
pub(super) fn js_truthy(value: &serde_json::Value) -> bool {
    match value {
        serde_json::Value::Null => false,
        serde_json::Value::Bool(flag) => *flag,
        serde_json::Value::Number(number) => number.as_f64().is_some_and(|n| n != 0.0),
        serde_json::Value::String(text) => !text.is_empty(),
        _ => true,
    }
}

/// An Expo project's `app.json` for `version`: `expo.version`, and, when
/// set, `expo.ios.buildNumber` and `expo.android.versionCode` (Release
/// Please's `AppJson`), in place. `sdk` is [`expo_sdk_version`] of the
/// project's `package.json`, needed for `versionCode` only.
///
/// # Errors
///
/// [`Error::VersionFile`] when the text is not JSON, or it has a
/// `versionCode` and `sdk` is an error.
pub fn set_expo_app_json(
    path: &str,
    text: &str,
    version: &Version,
    sdk: &std::result::Result<Version, String>,
) -> Result<Updated> {
    expo::app_json(text, version, sdk).map_err(|what| Error::VersionFile {
        path: path.to_owned(),
        what,
    })
}

/// A KRM blueprint YAML file for `version` (Release Please's
/// `KRMBlueprintVersion`): each `cnrm/…/vX.Y.Z` names it; after a release
/// (`previous`), only references to that release do.
pub fn set_krm_blueprint(text: &str, version: &Version, previous: Option<&Version>) -> Updated {
    krm::blueprint(text, version, previous)
}

/// Release Please's `VersionGo`: the first `const Version = "X.Y.Z"`, with an
/// optional `-pre.release` of dot-separated `[0-9A-Za-z-]+` identifiers,
/// names the version.
fn version_go(text: &str, version: &str) -> Updated {
    const PREFIX: &str = "const Version = \"";
    for (at, _) in text.match_indices(PREFIX) {
        let start = at + PREFIX.len();
        let bytes = text.as_bytes();
        let Some(mut end) = dotted_digits(bytes, start, 3) else {
            continue;
        };
        // `(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?`, then the closing quote.
        let identifier = |from: usize| {
            let length = bytes[from..]
                .iter()
                .take_while(|byte| byte.is_ascii_alphanumeric() || **byte == b'-')
                .count();
            (length > 0).then_some(from + length)
        };
        if bytes.get(end) == Some(&b'-') {
            if let Some(after) = identifier(end + 1) {
                end = after;
                while bytes.get(end) == Some(&b'.') {
                    match identifier(end + 1) {
                        Some(after) => end = after,
                        None => break,
                    }
                }
            }
        }
        if bytes.get(end) == Some(&b'"') {
            return Updated::Text(format!(
                "{}{PREFIX}{version}\"{}",
                &text[..at],
                &text[end + 1..]
            ));
        }
    }
    Updated::Skipped("no `const Version = \"X.Y.Z\"`".to_owned())
}

/// Release Please's `ModuleBazel`: from the first `module`, past the first
/// `(` after it, the first `version = "…"` (or `'…'`) on one line; the first
/// appearance of that old version inside the match becomes the new one
/// (even inside the module's name, as there).
fn module_bazel(text: &str, version: &str) -> Updated {
    let skipped = || Updated::Skipped("no `module(… version = \"…\")`".to_owned());
    let Some(module) = text.find("module") else {
        return skipped();
    };
    let Some(open) = text[module..].find('(').map(|at| module + at) else {
        return skipped();
    };
    for (at, _) in text[open..].match_indices("version") {
        let after = &text[open + at + "version".len()..];
        let rest = after.trim_start();
        let Some(rest) = rest.strip_prefix('=') else {
            continue;
        };
        let rest = rest.trim_start();
        let Some(quote) = rest.chars().next().filter(|c| *c == '"' || *c == '\'') else {
            continue;
        };
        let value = &rest[1..];
        let Some(close) = value.find([quote, '\n', '\r']) else {
            continue;
        };
        if !value[close..].starts_with(quote) {
            continue;
        }
        let old = &value[..close];
        let end = text.len() - value.len() + close + 1;
        let matched = &text[module..end];
        return Updated::Text(format!(
            "{}{}{}",
            &text[..module],
            matched.replacen(old, version, 1),
            &text[end..]
        ));
    }
    skipped()
}

/// A Maven `pom.xml`: the project's own `<version>`, else its parent's, as
/// Release Please's `PomXml` sets them; every other byte is kept.
///
/// # Errors
///
/// [`Error::VersionFile`] when neither element is there.
pub fn set_pom_version(path: &str, text: &str, version: &Version) -> Result<Updated> {
    set_xml_path(path, text, "/project/version", version)
        .or_else(|_| set_xml_path(path, text, "/project/parent/version", version))
        .map_err(|_| Error::VersionFile {
            path: path.to_owned(),
            what: "no `<version>` in `<project>` nor in its `<parent>`".to_owned(),
        })
}

/// A Maven `pom.xml`'s version: its project's `<version>`, else its
/// parent's (as [`set_pom_version`] finds them).
pub fn pom_version(text: &str) -> Option<&str> {
    xml_path_text(text, "/project/version")
        .or_else(|| xml_path_text(text, "/project/parent/version"))
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

/// The package name a version file declares: `package.json`'s `name`,
/// `Cargo.toml`'s `[package].name`, `pyproject.toml`'s `[project].name` (or
/// `[tool.poetry].name`); `None` for other kinds or when absent.
pub fn package_name(kind: FileKind, text: &str) -> Option<String> {
    match kind {
        FileKind::PackageJson | FileKind::SfdxProject => {
            let json: serde_json::Value = serde_json::from_str(text).ok()?;
            json.get("name")?.as_str().map(str::to_owned)
        }
        FileKind::CargoToml => {
            let document = toml(text).ok()?;
            document
                .get("package")?
                .get("name")?
                .as_str()
                .map(str::to_owned)
        }
        FileKind::PyProject => {
            let document = toml(text).ok()?;
            let project = document
                .get("project")
                .or_else(|| document.get("tool")?.get("poetry"))?;
            project.get("name")?.as_str().map(str::to_owned)
        }
        FileKind::ChartYaml | FileKind::Pubspec => text.lines().find_map(|line| {
            let value = line.strip_prefix("name:")?;
            let value = value.split(" #").next().unwrap_or(value).trim();
            let value = value.trim_matches(|c| c == '"' || c == '\'');
            (!value.is_empty()).then(|| value.to_owned())
        }),
        _ => None,
    }
}

fn json(text: &str, paths: &[&[&str]], version: &str) -> std::result::Result<Updated, String> {
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

/// `pubspec.yaml`: the first `version:` line becomes the version, with
/// the old build number plus one when it is a number (its leading digits,
/// as `parseInt` reads them), the old build text when it is not.
fn pubspec(text: &str, version: &str) -> std::result::Result<Updated, String> {
    let mut out = String::with_capacity(text.len() + 8);
    let mut done = false;
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
        if done || !body.starts_with("version: ") {
            out.push_str(line);
            continue;
        }
        let old = &body["version: ".len()..];
        let digits = old
            .bytes()
            .take_while(|b| b.is_ascii_digit() || *b == b'.')
            .count();
        let build = if digits > 0 {
            let rest = &old[digits..];
            let rest = rest.strip_prefix('+').unwrap_or(rest);
            // `parseInt`: leading blanks, then digits.
            let leading: String = rest
                .trim_start()
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            match leading.parse::<u64>() {
                Ok(number) => format!("+{}", number.saturating_add(1)),
                Err(_) if !rest.is_empty() => format!("+{rest}"),
                Err(_) => String::new(),
            }
        } else {
            String::new()
        };
        out.push_str(&format!("version: {version}{build}"));
        out.push_str(&line[body.len()..]);
        done = true;
    }
    if done {
        Ok(Updated::Text(out))
    } else {
        Ok(Updated::Skipped("no `version:` line".to_owned()))
    }
}

/// The end of `parts` runs of digits joined by literal dots (`\d+(\.\d+)*`)
/// at `at` in `bytes`.
pub(super) fn dotted_digits(bytes: &[u8], at: usize, parts: usize) -> Option<usize> {
    let mut at = at;
    for part in 0..parts {
        if part > 0 {
            if bytes.get(at) != Some(&b'.') {
                return None;
            }
            at += 1;
        }
        let digits = bytes
            .get(at..)?
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        if digits == 0 {
            return None;
        }
        at += digits;
    }
    Some(at)
}

/// The end of `\d+\.\d+\.\d+(-\w+)?` at `at` (dots literal).
fn dotted_version_end(bytes: &[u8], at: usize) -> Option<usize> {
    let mut at = dotted_digits(bytes, at, 3)?;
    let word = |b: &u8| b.is_ascii_alphanumeric() || *b == b'_';
    if bytes.get(at) == Some(&b'-') && bytes.get(at + 1).is_some_and(word) {
        at += 1 + bytes[at + 1..].iter().take_while(|b| word(b)).count();
    }
    Some(at)
}

/// Every `<prefix>X.Y.Z[-word]` of `text` as `<prefix><version>`.
fn replace_all_prefixed(text: &str, prefix: &str, version: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut from = 0;
    let mut search = 0;
    while let Some(found) = text[search..].find(prefix) {
        let start = search + found;
        match dotted_version_end(bytes, start + prefix.len()) {
            Some(end) => {
                out.push_str(&text[from..start]);
                out.push_str(prefix);
                out.push_str(version);
                from = end;
                search = end;
            }
            None => search = start + prefix.len(),
        }
    }
    out.push_str(&text[from..]);
    out
}

/// A Terraform module's files, as Release Please's `terraform-module`
/// strategy rewrites them: in a `README.md`, the first
/// `version = "~> X.Y"` gets the new major and minor; in `versions.tf` (and
/// `versions.tf.tmpl`) every `vX.Y.Z[-word]` becomes `v<version>`; in
/// `metadata.yaml` every `version: X.Y.Z[-word]` the version.
pub fn set_terraform_file(file_name: &str, text: &str, version: &Version) -> Updated {
    match file_name {
        "README.md" | "readme.md" => {
            let bytes = text.as_bytes();
            let needle = "version = \"~> ";
            let mut search = 0;
            while let Some(found) = text[search..].find(needle) {
                let start = search + found + needle.len();
                // `[\d]+.[\d]+"`, the `.` any character: a shorter major
                // when the greedy one leaves no minor, as the regex backtracks.
                let digits = bytes[start..]
                    .iter()
                    .take_while(|b| b.is_ascii_digit())
                    .count();
                let close = (1..=digits).rev().find_map(|major| {
                    let any = start + major;
                    let &skipped = bytes.get(any)?;
                    if skipped == b'\n' {
                        return None;
                    }
                    let minor = bytes[any + 1..]
                        .iter()
                        .take_while(|b| b.is_ascii_digit())
                        .count();
                    let close = any + 1 + minor;
                    (minor > 0 && bytes.get(close) == Some(&b'"')).then_some(close)
                });
                if let Some(close) = close {
                    return Updated::Text(format!(
                        "{}{}.{}{}",
                        &text[..start],
                        version.major,
                        version.minor,
                        &text[close..]
                    ));
                }
                search = start;
            }
            // Most READMEs pin no version: left as they are, quietly.
            Updated::Text(text.to_owned())
        }
        "versions.tf" | "versions.tf.tmpl" => {
            Updated::Text(replace_all_prefixed(text, "v", &version.to_string()))
        }
        "metadata.yaml" => Updated::Text(replace_all_prefixed(
            text,
            "version: ",
            &version.to_string(),
        )),
        _ => Updated::Skipped(format!("`{file_name}` is no Terraform module file")),
    }
}

/// `mix.exs`: the first `@version "…"`, else the first `version: "…",`.
fn mix_exs(text: &str, version: &str) -> std::result::Result<Updated, String> {
    let allowed = |c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '+' | '.' | '~');
    let replace = |prefix: &str, suffix: &str| -> Option<String> {
        let mut from = 0;
        while let Some(found) = text[from..].find(prefix) {
            let start = from + found + prefix.len();
            let value_len = text[start..].chars().take_while(|c| allowed(*c)).count();
            let end = start + value_len;
            if value_len > 0 && text[end..].starts_with(suffix) {
                return Some(format!("{}{version}{}", &text[..start], &text[end..]));
            }
            from = start;
        }
        None
    };
    Ok(replace("@version \"", "\"")
        .or_else(|| replace("version: \"", "\","))
        .map(Updated::Text)
        .unwrap_or_else(|| {
            Updated::Skipped("no `@version \"…\"` nor `version: \"…\",`".to_owned())
        }))
}

#[cfg(test)]
mod tests;
