//! Release types whose files are found among those the package tracks:
//! Python's modules and `version.py` files, OCaml's opam and esy files.

use semver::Version;
use serde_json::Value;

use super::source::in_folder as under;
use super::{Missing, Package, Rewrites, set_as};
use crate::Result;
use crate::release::{self, FileKind};

/// An OCaml package's version files, as Release Please's `ocaml` strategy
/// finds them: each tracked `.json` with a top-level `version` (esy
/// manifests), `.opam` and `.opam.locked` file outside `esy.lock`, and
/// `dune-project`.
pub(super) fn ocaml_files(
    package: Package<'_>,
    version: &Version,
    rewrites: &mut Rewrites<'_>,
) -> Result<()> {
    let set = |kind| set_as(kind, version);
    let folder = package.dir();
    for file in &rewrites.source.files(folder)? {
        let inside = match folder {
            "" | "." => file.as_str(),
            folder => file
                .strip_prefix(folder)
                .and_then(|rest| rest.strip_prefix('/'))
                .unwrap_or(file),
        };
        if inside.starts_with("esy.lock") {
            continue;
        }
        if file.ends_with(".json") {
            // Those with a top-level `version`, as Release Please picks them.
            let versioned = |display: &str, text: &str| match serde_json::from_str::<Value>(text) {
                Ok(json) => Ok(json.get("version").is_some()),
                Err(err) => Err(format!("`{display}` is not JSON ({err}); skipped")),
            };
            rewrites.update_if(file, Missing::Quiet, versioned, set(FileKind::EsyJson))?;
        } else if FileKind::of(file) == FileKind::Opam {
            rewrites.update(file, Missing::Quiet, set(FileKind::Opam))?;
        }
    }
    rewrites.update(
        &under(folder, "dune-project"),
        Missing::Quiet,
        set(FileKind::DuneProject),
    )
}

/// A Python package: `setup.cfg`, `setup.py`, `pyproject.toml`, the
/// `__version__` of `{name}/__init__.py` and `src/{name}/__init__.py` (the
/// name as is and with `_` for `-`) and of every tracked `version.py`, as
/// Release Please updates them; and `uv.lock`, which it leaves behind.
pub(super) fn python_files(
    package: Package<'_>,
    version: &Version,
    rewrites: &mut Rewrites<'_>,
) -> Result<()> {
    let dir = package.dir();
    let at = |name: &str| under(dir, name);
    let set = |kind| set_as(kind, version);
    rewrites.update(&at("setup.cfg"), Missing::Quiet, set(FileKind::SetupCfg))?;
    rewrites.update(&at("setup.py"), Missing::Quiet, set(FileKind::SetupPy))?;
    let pyproject = rewrites.source.read(&at("pyproject.toml"))?;
    rewrites.update(
        &at("pyproject.toml"),
        Missing::Warn,
        set(FileKind::PyProject),
    )?;
    let name = pyproject
        .as_deref()
        .and_then(|text| release::package_name(FileKind::PyProject, text))
        .or_else(|| package.config.package_name.clone())
        .or_else(|| package.config.component.clone());
    let mut modules: Vec<String> = Vec::new();
    if let Some(name) = &name {
        for variant in [name.clone(), name.replace('-', "_")] {
            for module in [
                format!("{variant}/__init__.py"),
                format!("src/{variant}/__init__.py"),
            ] {
                if !modules.contains(&module) {
                    modules.push(module);
                }
            }
        }
    }
    for module in &modules {
        rewrites.update(&at(module), Missing::Quiet, set(FileKind::PythonVersion))?;
    }
    // Every `version.py` git tracks in the package.
    for file in rewrites
        .source
        .files(dir)?
        .iter()
        .filter(|file| file.rsplit('/').next() == Some("version.py"))
    {
        rewrites.update(file, Missing::Quiet, set(FileKind::PythonVersion))?;
    }
    if let Some(name) = name {
        let mut locks = vec![at("uv.lock")];
        if dir != "." {
            locks.push("uv.lock".to_owned());
        }
        for lock in locks {
            rewrites.update(&lock, Missing::Quiet, |display, text| {
                release::set_uv_lock_version(display, text, &name, version)
            })?;
        }
    }
    Ok(())
}
