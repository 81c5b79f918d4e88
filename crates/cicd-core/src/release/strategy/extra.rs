//! `extra-files`: a package's other files with its version, as Release
//! Please reads them.

use semver::Version;

use super::source::in_folder as under;
use super::{Missing, Package, Rewrites, SetAt};
use crate::Result;
use crate::release::{self, ExtraFile, ExtraFileKind, Updated};

/// The version and the release date `extra-files` markers are set to.
pub(super) struct Stamp<'a> {
    pub(super) version: &'a Version,
    pub(super) date: release::MarkerDate<'a>,
}

impl<'a> Stamp<'a> {
    /// `version` released on `date`, in the package's `date-format`.
    pub(super) fn new(package: Package<'a>, version: &'a Version, date: &'a str) -> Self {
        Self {
            version,
            date: release::MarkerDate {
                day: date,
                format: package
                    .config
                    .date_format
                    .as_deref()
                    .unwrap_or(release::DATE_FORMAT),
            },
        }
    }
}

/// `extra-files`, as Release Please reads them: a path (`/` first: from the
/// repository root) with `x-release-please-*` markers, whose `$.version` is
/// set too when it is a `.json`, `.yaml`/`.yml` or `.toml` file (`/*/version`
/// for `.xml`) and has one; or `{"type": "generic" | "json" | "yaml" |
/// "toml" | "xml" | "pom", "path", "jsonpath" | "xpath"}`.
pub(super) fn extra_files(
    package: Package<'_>,
    stamp: &Stamp<'_>,
    rewrites: &mut Rewrites<'_>,
) -> Result<()> {
    for extra in &package.config.extra_files {
        let entry = &extra.entry;
        let Some(full) = extra_file_path(&extra.path, package.dir()) else {
            rewrites.warn(format!(
                "`extra-files` entry `{entry}` skipped: expected a path inside the repository"
            ));
            continue;
        };
        let paths = if extra.glob {
            let found = glob_files(rewrites, package.dir(), &extra.path)?;
            if found.is_empty() {
                rewrites.warn(format!(
                    "`extra-files` entry `{entry}`: the glob matches no file"
                ));
            }
            found
        } else {
            vec![full]
        };
        for full in paths {
            extra_file(extra, &full, stamp, rewrites)?;
        }
    }
    Ok(())
}

/// The files an `extra-files` glob names: from the repository root when it
/// starts with `/`, else from the package's folder. Release Please matches
/// a package's glob against repository paths, so one relative to the
/// package finds nothing; here it is relative to the package, as its
/// documentation says. The files are those git tracks (those in the folder
/// outside a repository), as Release Please reads the branch's tree.
fn glob_files(rewrites: &Rewrites<'_>, package: &str, pattern: &str) -> Result<Vec<String>> {
    let (base, pattern) = match pattern.strip_prefix('/') {
        Some(from_root) => (".", from_root),
        None => (package, pattern),
    };
    let base = crate::confined::folder(base);
    let glob = release::glob::Glob::new(pattern);
    let files = rewrites.source.files(base)?;
    let mut found: Vec<String> = files
        .iter()
        .filter_map(|file| {
            let relative = if base == "." {
                file.as_str()
            } else {
                file.strip_prefix(base)?.strip_prefix('/')?
            };
            glob.matches(relative).then(|| file.clone())
        })
        .collect();
    found.sort();
    Ok(found)
}

/// One `extra-files` file: its structured version when it has one (bare
/// paths), else the entry's type, then markers.
pub(super) fn extra_file(
    extra: &ExtraFile,
    full: &str,
    stamp: &Stamp<'_>,
    rewrites: &mut Rewrites<'_>,
) -> Result<()> {
    let version = stamp.version;
    let generic = |_: &str, text: &str| Ok(release::set_generic(text, version, stamp.date));
    let Some(kind) = extra.kind else {
        // A bare path: its structured version when it has one, then markers.
        let structured: Option<(&str, SetAt)> = match extra.path.rsplit('.').next() {
            Some("json") => Some(("$.version", release::set_json_path)),
            Some("yaml" | "yml") => Some(("$.version", release::set_yaml_path)),
            Some("toml") => Some(("$.version", release::set_toml_path)),
            Some("xml") => Some(("/*/version", release::set_xml_path)),
            _ => None,
        };
        if let Some((location, set)) = structured {
            rewrites.update(full, Missing::Quiet, |display, text| {
                Ok(set(display, text, location, version).unwrap_or(Updated::Text(text.to_owned())))
            })?;
        }
        rewrites.update(full, Missing::Warn, generic)?;
        return Ok(());
    };
    let location = extra
        .location
        .as_deref()
        .unwrap_or(if kind == ExtraFileKind::Xml {
            "/*/version"
        } else {
            "$.version"
        });
    let set: SetAt = match kind {
        ExtraFileKind::Generic => return rewrites.update(full, Missing::Warn, generic),
        ExtraFileKind::Json => release::set_json_path,
        ExtraFileKind::Yaml => release::set_yaml_path,
        ExtraFileKind::Toml => release::set_toml_path,
        ExtraFileKind::Xml => release::set_xml_path,
        ExtraFileKind::Pom => {
            return rewrites.update(full, Missing::Warn, |display, text| {
                release::set_xml_path(display, text, "/project/version", version)
            });
        }
    };
    rewrites.update(full, Missing::Warn, |display, text| {
        set(display, text, location, version)
    })
}

/// The `extra-files` given as plain paths (not objects), where Release
/// Please's `java` strategy looks for `x-release-please-released-*`
/// markers.
pub(super) fn plain_extra_files(package: Package<'_>) -> Vec<String> {
    package
        .config
        .extra_files
        .iter()
        .filter(|file| file.kind.is_none())
        .filter_map(|file| extra_file_path(&file.path, package.dir()))
        .collect()
}

/// Where an `extra-files` path points: under the package, or (with a
/// leading `/`) under the repository; `None` for an empty path or one that
/// climbs out with `..`.
fn extra_file_path(path: &str, package_dir: &str) -> Option<String> {
    if path.is_empty() || path.split('/').any(|part| part == "..") {
        return None;
    }
    Some(match path.strip_prefix('/') {
        Some(from_root) => from_root.to_owned(),
        None => under(package_dir, path),
    })
}
