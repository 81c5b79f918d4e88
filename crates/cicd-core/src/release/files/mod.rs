//! Version files, rewritten as Release Please rewrites them, keeping their
//! formatting and comments: `version.txt`, `pyproject.toml`, `Cargo.toml`,
//! `Cargo.lock`, `package.json`, `package-lock.json`, and files with
//! `x-release-please-version` markers.

use semver::Version;

use super::json_edit;
use crate::{Error, Result};

mod expo;
mod json_files;
mod krm;
mod markers;
mod ocaml;
mod own_files;
mod paths;
mod python;
mod ruby;
mod terraform;
mod toml_files;

pub use expo::expo_sdk_version;
pub(crate) use json_files::js_truthy;
pub use json_files::set_json_path;
use json_files::{json, sfdx_project};
pub use krm::KRM_BLUEPRINT_ANNOTATION;
pub use markers::{DATE_FORMAT, MarkerDate, set_generic, set_released_markers};
use markers::{GENERIC, generic, version_end};
use own_files::{mix_exs, module_bazel, pubspec, r_description, version_go};
pub use paths::{set_toml_path, set_xml_path, set_yaml_path, xml_path_text};
use python::{python_setup, python_version};
pub use ruby::set_gemfile_lock_version;
use ruby::version_rb;
pub use terraform::set_terraform_file;
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

#[cfg(test)]
mod tests;
