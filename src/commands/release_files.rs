//! The files a release rewrites, as Release Please rewrites them:
//! CHANGELOG.md, the release type's version files, and `extra-files`. Several
//! updates of one file build on each other (a `.json` extra file gets its
//! `$.version` and then its markers).

use std::path::{Path, PathBuf};

use cicd_core::release::{self, ExtraFile, ExtraFileKind, FileKind, Updated};
use cicd_core::{changelog, history, version};
use serde::Serialize;
use serde_json::Value;

use super::release_args::{Loaded, read_if_exists};
use crate::error::{Error, warn};

/// One file the release rewrites.
#[derive(Clone, Serialize)]
pub(crate) struct FileUpdate {
    pub(crate) path: String,
    pub(crate) content: String,
    /// The text it replaces, for the plan's diff (read once, here).
    #[serde(skip)]
    pub(crate) before: String,
}

/// A setter of the version at a location (`release::set_json_path` and
/// kin): file name, text, location, version.
type SetAt = fn(&str, &str, &str, &version::Version) -> cicd_core::Result<Updated>;

/// The packages released together, by name, with their new versions.
pub(crate) type Versions = std::collections::BTreeMap<String, version::Version>;

/// What the packages released together change in each other's files.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Together<'a> {
    /// Crates, for `Cargo.lock`.
    pub(crate) crates: Option<&'a Versions>,
    /// `cargo-workspace`: pin them in dependencies with a `path`.
    pub(crate) cargo_dependencies: bool,
    /// `node-workspace`: node packages, for `package.json` dependencies and
    /// the root `package-lock.json`.
    pub(crate) node: Option<&'a Versions>,
    /// `node-workspace`'s `updatePeerDependencies`.
    pub(crate) node_peers: bool,
    /// `maven-workspace`: artifacts (`groupId:artifactId`), for the
    /// dependencies of a `maven` package's poms.
    pub(crate) maven: Option<&'a Versions>,
}

/// The update that sets `version` in a file of `kind`.
fn set_as(
    kind: FileKind,
    version: &version::Version,
) -> impl Fn(&str, &str) -> cicd_core::Result<Updated> + '_ {
    move |display, text| release::set_version(kind, display, text, version)
}

/// The update that sets a pom's dependencies on the artifacts of
/// `versions` (`maven-workspace`).
fn set_maven_dependencies_of(
    versions: &Versions,
) -> impl Fn(&str, &str) -> cicd_core::Result<Updated> + '_ {
    move |_, text| {
        Ok(Updated::Text(
            release::set_maven_dependencies(text, versions).0,
        ))
    }
}

/// A release type whose strategy rewrites one file of the package.
struct OwnFile {
    release_type: &'static str,
    /// The file, relative to the package.
    name: &'static str,
    kind: FileKind,
    missing: Missing,
    /// Whether `version-file` names it instead, as Release Please reads it.
    version_file: bool,
}

/// The release types that rewrite one file of their own (Release Please's go
/// strategy rewrites only CHANGELOG.md; the other types have code below).
const OWN_FILES: [OwnFile; 8] = [
    own(
        "simple",
        "version.txt",
        FileKind::VersionTxt,
        Missing::Warn,
        true,
    ),
    own(
        "helm",
        "Chart.yaml",
        FileKind::ChartYaml,
        Missing::Warn,
        false,
    ),
    own(
        "go-yoshi",
        "internal/version.go",
        FileKind::VersionGo,
        Missing::Quiet,
        false,
    ),
    own(
        "r",
        "DESCRIPTION",
        FileKind::Description,
        Missing::Warn,
        false,
    ),
    own(
        "sfdx",
        "sfdx-project.json",
        FileKind::SfdxProject,
        Missing::Warn,
        false,
    ),
    own(
        "bazel",
        "MODULE.bazel",
        FileKind::ModuleBazel,
        Missing::Warn,
        true,
    ),
    own(
        "dart",
        "pubspec.yaml",
        FileKind::Pubspec,
        Missing::Warn,
        false,
    ),
    own("elixir", "mix.exs", FileKind::MixExs, Missing::Warn, false),
];

const fn own(
    release_type: &'static str,
    name: &'static str,
    kind: FileKind,
    missing: Missing,
    version_file: bool,
) -> OwnFile {
    OwnFile {
        release_type,
        name,
        kind,
        missing,
        version_file,
    }
}

/// Whether a missing file is worth a warning.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Missing {
    /// The release type expects it (`package.json` of a node package).
    Warn,
    /// Updated when the package has one (`setup.py`, `package-lock.json`).
    Quiet,
}

/// The files rewritten so far.
struct Rewrites<'a> {
    repo: &'a Path,
    files: Vec<FileUpdate>,
}

impl Rewrites<'_> {
    /// Apply `update` to the file at `path`: to its text as rewritten so
    /// far, else as on disk.
    fn update(
        &mut self,
        path: &Path,
        missing: Missing,
        update: impl FnOnce(&str, &str) -> cicd_core::Result<Updated>,
    ) -> Result<(), Error> {
        self.update_if(path, missing, |_, _| true, update)
    }

    /// [`Self::update`], for a file whose text `wanted` accepts (given its
    /// name and text, read once); other files are left out silently.
    fn update_if(
        &mut self,
        path: &Path,
        missing: Missing,
        wanted: impl FnOnce(&str, &str) -> bool,
        update: impl FnOnce(&str, &str) -> cicd_core::Result<Updated>,
    ) -> Result<(), Error> {
        let display = relative(path, self.repo);
        let index = self.files.iter().position(|file| file.path == display);
        let text = match index {
            Some(index) => self.files[index].content.clone(),
            None => match read_if_exists(self.repo, path)? {
                Some(text) => text,
                None => {
                    if missing == Missing::Warn {
                        warn(&format!("`{display}` does not exist; skipped"));
                    }
                    return Ok(());
                }
            },
        };
        if !wanted(&display, &text) {
            return Ok(());
        }
        match update(&display, &text)? {
            Updated::Text(content) => match index {
                Some(index) => self.files[index].content = content,
                None => self.files.push(FileUpdate {
                    path: display,
                    content,
                    before: text,
                }),
            },
            Updated::Skipped(why) => warn(&format!("`{display}` left as it is: {why}")),
        }
        Ok(())
    }
}

/// The release that files are rewritten for.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Target<'a> {
    pub(crate) version: &'a version::Version,
    /// The last release's version, if any (a `krm-blueprint` replaces only
    /// references to it).
    pub(crate) previous: Option<&'a version::Version>,
    /// The release date, for date markers.
    pub(crate) date: &'a str,
    /// The component, which names a Ruby gem.
    pub(crate) component: Option<&'a str>,
}

/// CHANGELOG.md, the release type's version files and `extra-files`,
/// rewritten for `target` with these `notes`.
pub(crate) fn rewritten_files(
    loaded: &Loaded,
    repo: &Path,
    target: Target<'_>,
    notes: &str,
    together: Together<'_>,
) -> Result<Vec<FileUpdate>, Error> {
    let Target {
        version,
        previous,
        date,
        component,
    } = target;
    let package_dir = loaded.dir(repo);
    let mut rewrites = Rewrites {
        repo,
        files: Vec::new(),
    };
    if !loaded.package.skip_changelog {
        // An R package's notes go to NEWS.md, placed as R packages keep it.
        let r = loaded.options.release_type() == "r";
        let default = match loaded.options.release_type() {
            "r" => "NEWS.md",
            "go-yoshi" => "CHANGES.md",
            _ => "CHANGELOG.md",
        };
        let path = package_dir.join(loaded.package.changelog_path.as_deref().unwrap_or(default));
        let existing = read_if_exists(repo, &path)?;
        rewrites.files.push(FileUpdate {
            path: relative(&path, repo),
            content: if r {
                changelog::insert_news(existing.as_deref(), notes)
            } else {
                changelog::insert(existing.as_deref(), notes)
            },
            before: existing.unwrap_or_default(),
        });
    }
    let set = |kind| set_as(kind, version);
    match loaded.options.release_type() {
        "node" | "expo" => {
            rewrites.update(
                &package_dir.join("package.json"),
                Missing::Warn,
                set(FileKind::PackageJson),
            )?;
            for lock in ["package-lock.json", "npm-shrinkwrap.json"] {
                rewrites.update(
                    &package_dir.join(lock),
                    Missing::Quiet,
                    set(FileKind::PackageLock),
                )?;
            }
            // `node-workspace`: its dependencies on released packages, and
            // their entries in the root lockfile.
            if let Some(versions) = together.node {
                let peers = together.node_peers;
                rewrites.update(
                    &package_dir.join("package.json"),
                    Missing::Quiet,
                    |display, text| {
                        release::set_node_dependencies(display, text, versions, peers)
                            .map(|(text, _)| Updated::Text(text))
                    },
                )?;
                rewrites.update(
                    &repo.join("package-lock.json"),
                    Missing::Quiet,
                    |display, text| {
                        release::set_node_lock_versions(display, text, versions, peers)
                            .map(Updated::Text)
                    },
                )?;
            }
            // `samples/package.json`'s dependency on the package.
            let manifest_path = package_dir.join("package.json");
            let manifest = read_if_exists(repo, &manifest_path)?;
            if let Some(name) = manifest
                .as_deref()
                .and_then(|text| release::package_name(FileKind::PackageJson, text))
            {
                rewrites.update(
                    &package_dir.join("samples/package.json"),
                    Missing::Quiet,
                    |display, text| {
                        release::set_samples_dependency(display, text, &name, version)
                            .map(Updated::Text)
                    },
                )?;
            }
            if loaded.options.release_type() == "expo" {
                // The Expo SDK's major version, from package.json as it was.
                let sdk = match &manifest {
                    Some(text) => release::expo_sdk_version(text)
                        .map_err(|why| format!("{}: {why}", relative(&manifest_path, repo))),
                    None => Ok(version::Version::new(0, 0, 0)),
                };
                rewrites.update(
                    &package_dir.join("app.json"),
                    Missing::Warn,
                    |display, text| release::set_expo_app_json(display, text, version, &sdk),
                )?;
            }
        }
        // Release Please's go strategy rewrites only CHANGELOG.md.
        "go" => {}
        "php" => {
            // composer.json's `version` when it has one; a `VERSION` file
            // when there is one.
            rewrites.update(
                &package_dir.join("composer.json"),
                Missing::Warn,
                |display, text| {
                    Ok(
                        release::set_version(FileKind::PackageJson, display, text, version)
                            .unwrap_or(Updated::Skipped("no top-level `version`".to_owned())),
                    )
                },
            )?;
            rewrites.update(
                &package_dir.join("VERSION"),
                Missing::Quiet,
                set(FileKind::VersionTxt),
            )?;
        }
        "ruby" => {
            // `version-file`, else `lib/<component, - as />/version.rb`.
            let component = component.unwrap_or_default();
            let file = loaded
                .package
                .version_file
                .clone()
                .unwrap_or_else(|| format!("lib/{}/version.rb", component.replace('-', "/")));
            rewrites.update(
                &package_dir.join(file),
                Missing::Warn,
                set(FileKind::VersionRb),
            )?;
            rewrites.update(
                &package_dir.join("Gemfile.lock"),
                Missing::Quiet,
                |_, text| Ok(release::set_gemfile_lock_version(text, component, version)),
            )?;
        }
        "python" => python_files(loaded, repo, version, &mut rewrites)?,
        "rust" => {
            rewrites.update(
                &package_dir.join("Cargo.toml"),
                Missing::Warn,
                set(FileKind::CargoToml),
            )?;
            // `cargo-workspace`: its dependencies on released crates too.
            if let (true, Some(versions)) = (together.cargo_dependencies, together.crates) {
                rewrites.update(
                    &package_dir.join("Cargo.toml"),
                    Missing::Quiet,
                    |display, text| {
                        release::set_cargo_dependencies(display, text, versions)
                            .map(|(text, _)| Updated::Text(text))
                    },
                )?;
            }
        }
        "terraform-module" => {
            // Every README.md, versions.tf(.tmpl) and metadata.yaml git
            // tracks in the module, submodules too.
            for file in &package_files(repo, &loaded.path) {
                let name = file.rsplit('/').next().unwrap_or(file);
                if matches!(
                    name,
                    "README.md"
                        | "readme.md"
                        | "versions.tf"
                        | "versions.tf.tmpl"
                        | "metadata.yaml"
                ) {
                    rewrites.update(&repo.join(file), Missing::Quiet, |_, text| {
                        Ok(release::set_terraform_file(name, text, version))
                    })?;
                }
            }
        }
        "ocaml" => ocaml_files(loaded, repo, version, &mut rewrites)?,
        "krm-blueprint" => {
            // Every `.yaml` the blueprint tracks that carries its annotation.
            for file in &package_files(repo, &loaded.path) {
                if !file.ends_with(".yaml") {
                    continue;
                }
                rewrites.update_if(
                    &repo.join(file),
                    Missing::Quiet,
                    |_, text| text.contains(release::KRM_BLUEPRINT_ANNOTATION),
                    |_, text| Ok(release::set_krm_blueprint(text, version, previous)),
                )?;
            }
        }
        "java" | "maven" => {
            // `x-release-please-released-*` markers, on releases only.
            for path in plain_extra_files(loaded, &package_dir, rewrites.repo) {
                rewrites.update(&path, Missing::Quiet, |_, text| {
                    Ok(release::set_released_markers(text, version))
                })?;
            }
            if loaded.options.release_type() == "maven" {
                let poms = Poms {
                    released: true,
                    dependencies: together.maven,
                };
                maven_poms(loaded, rewrites.repo, version, poms, &mut rewrites)?;
            }
        }
        other => match OWN_FILES.iter().find(|own| own.release_type == other) {
            Some(own) => {
                let name = if own.version_file {
                    loaded.package.version_file.as_deref().unwrap_or(own.name)
                } else {
                    own.name
                };
                rewrites.update(&package_dir.join(name), own.missing, set(own.kind))?;
            }
            None => warn(&format!(
                "`{}`: release type `{other}` rewrites CHANGELOG.md, the manifest and `extra-files` only; Release Please's `{other}` strategy also updates files of its own (list them as `extra-files`)",
                loaded.path
            )),
        },
    }
    // `maven-workspace`: a Java package of another type keeps its version
    // where its strategy keeps it, but its pom's dependencies follow.
    if let Some(versions) = together.maven {
        let kind = loaded.options.release_type();
        if release::in_maven_workspace(kind) && kind != "maven" {
            rewrites.update(
                &package_dir.join("pom.xml"),
                Missing::Quiet,
                set_maven_dependencies_of(versions),
            )?;
        }
    }
    let stamp = Stamp::new(loaded, version, date);
    extra_files(loaded, &package_dir, &stamp, &mut rewrites)?;
    if loaded.options.release_type() == "rust" {
        let crate_name = read_if_exists(repo, &package_dir.join("Cargo.toml"))?
            .and_then(|text| release::package_name(FileKind::CargoToml, &text));
        // Every crate released with this one, so that all PRs agree on it.
        let mut versions = together.crates.cloned().unwrap_or_default();
        if let Some(name) = crate_name {
            versions.insert(name, version.clone());
        }
        if !versions.is_empty() {
            rewrites.update(&repo.join("Cargo.lock"), Missing::Quiet, |display, text| {
                release::set_lock_versions(display, text, &versions).map(Updated::Text)
            })?;
        }
    }
    Ok(rewrites.files)
}

/// The files of a `java` or `maven` package's snapshot release PR (Release
/// Please's `isSnapshot` updates): every `pom.xml` of a `maven` package and
/// the `extra-files`, set to the `-SNAPSHOT` `version`; no CHANGELOG.md.
pub(crate) fn snapshot_files(
    loaded: &Loaded,
    repo: &Path,
    version: &version::Version,
    date: &str,
    together: Together<'_>,
) -> Result<Vec<FileUpdate>, Error> {
    let mut rewrites = Rewrites {
        repo,
        files: Vec::new(),
    };
    if loaded.options.release_type() == "maven" {
        let poms = Poms {
            released: false,
            dependencies: together.maven,
        };
        maven_poms(loaded, repo, version, poms, &mut rewrites)?;
    }
    let stamp = Stamp::new(loaded, version, date);
    extra_files(loaded, &loaded.dir(repo), &stamp, &mut rewrites)?;
    Ok(rewrites.files)
}

/// How a `maven` package's poms are rewritten: for a release (not a
/// snapshot), and with the `maven-workspace` artifacts they depend on.
#[derive(Clone, Copy)]
struct Poms<'a> {
    released: bool,
    dependencies: Option<&'a Versions>,
}

/// Every `pom.xml` git tracks in a `maven` package: its project's (else its
/// parent's) `<version>`, then on a release its
/// `x-release-please-released-*` markers, then its `x-release-please-*`
/// ones, as Release Please's `maven` strategy updates them; with
/// `maven-workspace`, its dependencies on the artifacts released with it
/// (every pom of the package, where Release Please sets its root pom's
/// only and leaves a module's dependency on a sibling behind).
fn maven_poms(
    loaded: &Loaded,
    repo: &Path,
    version: &version::Version,
    poms: Poms<'_>,
    rewrites: &mut Rewrites<'_>,
) -> Result<(), Error> {
    for file in package_files(repo, &loaded.path)
        .iter()
        .filter(|file| file.rsplit('/').next() == Some("pom.xml"))
    {
        let path = repo.join(file);
        rewrites.update(&path, Missing::Quiet, |display, text| {
            release::set_pom_version(display, text, version)
        })?;
        if poms.released {
            rewrites.update(&path, Missing::Quiet, |_, text| {
                Ok(release::set_released_markers(text, version))
            })?;
        }
        rewrites.update(&path, Missing::Quiet, |display, text| {
            release::set_version(FileKind::Generic, display, text, version)
        })?;
        if let Some(versions) = poms.dependencies {
            rewrites.update(&path, Missing::Quiet, set_maven_dependencies_of(versions))?;
        }
    }
    Ok(())
}

/// The files of an artifact that the `maven-workspace` plugin releases for
/// its dependencies (`considerAllArtifacts`) and that no package of the
/// configuration holds: its pom's version and dependencies, and `entry`
/// in its CHANGELOG.md when it keeps one.
pub(crate) fn artifact_files(
    repo: &Path,
    folder: &str,
    version: &version::Version,
    versions: &Versions,
    entry: &str,
) -> Result<Vec<FileUpdate>, Error> {
    let mut rewrites = Rewrites {
        repo,
        files: Vec::new(),
    };
    let dir = if folder == "." {
        repo.to_path_buf()
    } else {
        repo.join(folder)
    };
    let pom = dir.join("pom.xml");
    rewrites.update(&pom, Missing::Warn, |display, text| {
        release::set_pom_version(display, text, version)
    })?;
    rewrites.update(&pom, Missing::Quiet, set_maven_dependencies_of(versions))?;
    let changelog = dir.join("CHANGELOG.md");
    if let Some(existing) = read_if_exists(repo, &changelog)? {
        rewrites.files.push(FileUpdate {
            path: relative(&changelog, repo),
            content: changelog::insert(Some(&existing), entry),
            before: existing,
        });
    }
    Ok(rewrites.files)
}

/// The files under `folder` (`.` for all), repository-relative: those git
/// tracks (as Release Please lists the branch's), or outside a repository
/// every file under it but `.git`.
pub(crate) fn package_files(repo: &Path, folder: &str) -> Vec<String> {
    let folder = folder.trim_start_matches("./").trim_matches('/');
    let folder = if folder.is_empty() { "." } else { folder };
    history::tracked_files(repo, folder).unwrap_or_else(|_| files_in(&repo.join(folder), folder))
}

/// The `extra-files` given as plain paths (not objects), where Release
/// Please's `java` strategy looks for `x-release-please-released-*`
/// markers.
fn plain_extra_files(loaded: &Loaded, package_dir: &Path, repo: &Path) -> Vec<PathBuf> {
    loaded
        .package
        .extra_files
        .iter()
        .filter(|file| file.kind.is_none())
        .filter_map(|file| extra_file_path(&file.path, package_dir, repo))
        .collect()
}

/// Where an `extra-files` path points: under the package, or (with a
/// leading `/`) under the repository; `None` for an empty path or one that
/// climbs out with `..`.
fn extra_file_path(path: &str, package_dir: &Path, repo: &Path) -> Option<PathBuf> {
    if path.is_empty() || path.split('/').any(|part| part == "..") {
        return None;
    }
    Some(match path.strip_prefix('/') {
        Some(from_root) => repo.join(from_root),
        None => package_dir.join(path),
    })
}

/// An OCaml package's version files, as Release Please's `ocaml` strategy
/// finds them: each tracked `.json` with a top-level `version` (esy
/// manifests), `.opam` and `.opam.locked` file outside `esy.lock`, and
/// `dune-project`.
fn ocaml_files(
    loaded: &Loaded,
    repo: &Path,
    version: &version::Version,
    rewrites: &mut Rewrites<'_>,
) -> Result<(), Error> {
    let package_dir = loaded.dir(repo);
    let set = |kind| set_as(kind, version);
    let folder = relative(&package_dir, repo);
    for file in &package_files(repo, &loaded.path) {
        let inside = match folder.as_str() {
            "" | "." => file.as_str(),
            folder => file
                .strip_prefix(folder)
                .and_then(|rest| rest.strip_prefix('/'))
                .unwrap_or(file),
        };
        if inside.starts_with("esy.lock") {
            continue;
        }
        let path = repo.join(file);
        if file.ends_with(".json") {
            // Those with a top-level `version`, as Release Please picks them.
            let versioned = |display: &str, text: &str| match serde_json::from_str::<Value>(text) {
                Ok(json) => json.get("version").is_some(),
                Err(err) => {
                    warn(&format!("`{display}` is not JSON ({err}); skipped"));
                    false
                }
            };
            rewrites.update_if(&path, Missing::Quiet, versioned, set(FileKind::EsyJson))?;
        } else if FileKind::of(file) == FileKind::Opam {
            rewrites.update(&path, Missing::Quiet, set(FileKind::Opam))?;
        }
    }
    rewrites.update(
        &package_dir.join("dune-project"),
        Missing::Quiet,
        set(FileKind::DuneProject),
    )
}

/// A Python package: `setup.cfg`, `setup.py`, `pyproject.toml`, the
/// `__version__` of `{name}/__init__.py` and `src/{name}/__init__.py` (the
/// name as is and with `_` for `-`) and of every tracked `version.py`, as
/// Release Please updates them; and `uv.lock`, which it leaves behind.
fn python_files(
    loaded: &Loaded,
    repo: &Path,
    version: &version::Version,
    rewrites: &mut Rewrites<'_>,
) -> Result<(), Error> {
    let package_dir = loaded.dir(repo);
    let set = |kind| set_as(kind, version);
    rewrites.update(
        &package_dir.join("setup.cfg"),
        Missing::Quiet,
        set(FileKind::SetupCfg),
    )?;
    rewrites.update(
        &package_dir.join("setup.py"),
        Missing::Quiet,
        set(FileKind::SetupPy),
    )?;
    let pyproject = read_if_exists(repo, &package_dir.join("pyproject.toml"))?;
    rewrites.update(
        &package_dir.join("pyproject.toml"),
        Missing::Warn,
        set(FileKind::PyProject),
    )?;
    let name = pyproject
        .as_deref()
        .and_then(|text| release::package_name(FileKind::PyProject, text))
        .or_else(|| loaded.package.package_name.clone())
        .or_else(|| loaded.package.component.clone());
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
        rewrites.update(
            &package_dir.join(module),
            Missing::Quiet,
            set(FileKind::PythonVersion),
        )?;
    }
    // Every `version.py` git tracks in the package.
    for file in package_files(repo, &loaded.path)
        .iter()
        .filter(|file| file.rsplit('/').next() == Some("version.py"))
    {
        rewrites.update(
            &repo.join(file),
            Missing::Quiet,
            set(FileKind::PythonVersion),
        )?;
    }
    if let Some(name) = name {
        let mut locks = vec![package_dir.join("uv.lock")];
        if loaded.path != "." {
            locks.push(repo.join("uv.lock"));
        }
        for lock in locks {
            rewrites.update(&lock, Missing::Quiet, |display, text| {
                release::set_uv_lock_version(display, text, &name, version)
            })?;
        }
    }
    Ok(())
}

/// The version and the release date `extra-files` markers are set to.
struct Stamp<'a> {
    version: &'a version::Version,
    date: release::MarkerDate<'a>,
}

impl<'a> Stamp<'a> {
    /// `version` released on `date`, in the package's `date-format`.
    fn new(loaded: &'a Loaded, version: &'a version::Version, date: &'a str) -> Self {
        Self {
            version,
            date: release::MarkerDate {
                day: date,
                format: loaded
                    .package
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
fn extra_files(
    loaded: &Loaded,
    package_dir: &Path,
    stamp: &Stamp<'_>,
    rewrites: &mut Rewrites<'_>,
) -> Result<(), Error> {
    for extra in &loaded.package.extra_files {
        let entry = &extra.entry;
        let Some(full) = extra_file_path(&extra.path, package_dir, rewrites.repo) else {
            warn(&format!(
                "`extra-files` entry `{entry}` skipped: expected a path inside the repository"
            ));
            continue;
        };
        let paths = if extra.glob {
            let found = glob_files(rewrites.repo, &loaded.path, &extra.path);
            if found.is_empty() {
                warn(&format!(
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
fn glob_files(repo: &Path, package: &str, pattern: &str) -> Vec<PathBuf> {
    let (base, pattern) = match pattern.strip_prefix('/') {
        Some(from_root) => (".", from_root),
        None => (package, pattern),
    };
    let base = base.trim_start_matches("./").trim_matches('/');
    let base = if base.is_empty() { "." } else { base };
    let glob = release::glob::Glob::new(pattern);
    let files = package_files(repo, base);
    let mut found: Vec<PathBuf> = files
        .iter()
        .filter_map(|file| {
            let relative = if base == "." {
                file.as_str()
            } else {
                file.strip_prefix(base)?.strip_prefix('/')?
            };
            glob.matches(relative).then(|| repo.join(file))
        })
        .collect();
    found.sort();
    found
}

/// The files under `dir` (`prefix` its repository path), not following
/// links, outside a git repository.
fn files_in(dir: &Path, prefix: &str) -> Vec<String> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    // In name order, as git lists files: the same on every file system.
    let mut entries: Vec<std::fs::DirEntry> = entries.flatten().collect();
    entries.sort_by_key(std::fs::DirEntry::file_name);
    for entry in entries {
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = if prefix == "." {
            name.clone()
        } else {
            format!("{prefix}/{name}")
        };
        match entry.file_type() {
            Ok(kind) if kind.is_dir() && name != ".git" => {
                out.extend(files_in(&entry.path(), &path));
            }
            Ok(kind) if kind.is_file() => out.push(path),
            _ => {}
        }
    }
    out
}

/// One `extra-files` file: its structured version when it has one (bare
/// paths), else the entry's type, then markers.
fn extra_file(
    extra: &ExtraFile,
    full: &Path,
    stamp: &Stamp<'_>,
    rewrites: &mut Rewrites<'_>,
) -> Result<(), Error> {
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

/// `path` relative to the repository, with `/` separators.
pub(crate) fn relative(path: &Path, repo: &Path) -> String {
    let relative = path.strip_prefix(repo).unwrap_or(path);
    let text = relative.to_string_lossy().replace('\\', "/");
    text.strip_prefix("./").map(str::to_owned).unwrap_or(text)
}
