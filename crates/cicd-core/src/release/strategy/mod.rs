//! The files a release rewrites, as Release Please's strategies rewrite
//! them: CHANGELOG.md, the release type's version files, and
//! `extra-files`. Several updates of one file build on each other (a
//! `.json` extra file gets its `$.version` and then its markers). Files are
//! read from a [`Source`]; nothing is written here.

mod extra;
mod maven;
mod python;
mod source;

use semver::Version;
use serde::Serialize;

pub use maven::{artifact_files, snapshot_files};
use source::in_folder as under;
pub use source::{AtRevision, Repository, Snapshot, Source, WorkTree, in_folder};

use super::{FileKind, PackageConfig, Updated};
use crate::{Result, changelog, release};

/// One file the release rewrites.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FileUpdate {
    /// Its repository-relative path.
    pub path: String,
    /// Its new text (`\n` line endings: a writer puts the file's own back).
    pub content: String,
    /// The text it replaces, for a plan's diff.
    #[serde(skip)]
    pub before: String,
}

/// The files a release rewrites, and what it had to say about them
/// (a file the release type expects that does not exist, one left alone).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Rewritten {
    /// The files, in the order they were first rewritten.
    pub files: Vec<FileUpdate>,
    /// Warnings, in order.
    pub warnings: Vec<String>,
}

/// A setter of the version at a location (`release::set_json_path` and
/// kin): file name, text, location, version.
type SetAt = fn(&str, &str, &str, &Version) -> Result<Updated>;

/// The packages released together, by name, with their new versions.
pub type Versions = std::collections::BTreeMap<String, Version>;

/// The package whose files a release rewrites.
#[derive(Clone, Copy, Debug)]
pub struct Package<'a> {
    /// Its keys (path, `extra-files`, `version-file`, …).
    pub config: &'a PackageConfig,
    /// Its release type (`node`, `simple`, …).
    pub release_type: &'a str,
}

impl Package<'_> {
    /// Its folder, repository-relative (`.` for the root).
    fn dir(&self) -> &str {
        &self.config.path
    }
}

/// What the packages released together change in each other's files.
#[derive(Clone, Copy, Debug, Default)]
pub struct Together<'a> {
    /// Crates, for `Cargo.lock`.
    pub crates: Option<&'a Versions>,
    /// `cargo-workspace`: pin them in dependencies with a `path`.
    pub cargo_dependencies: bool,
    /// `node-workspace`: node packages, for `package.json` dependencies and
    /// the root `package-lock.json`.
    pub node: Option<&'a Versions>,
    /// `node-workspace`'s `updatePeerDependencies`.
    pub node_peers: bool,
    /// `maven-workspace`: artifacts (`groupId:artifactId`), for the
    /// dependencies of a `maven` package's poms.
    pub maven: Option<&'a Versions>,
}

/// The update that sets `version` in a file of `kind`.
pub(super) fn set_as(
    kind: FileKind,
    version: &Version,
) -> impl Fn(&str, &str) -> Result<Updated> + '_ {
    move |display, text| release::set_version(kind, display, text, version)
}

/// The update that sets a pom's dependencies on the artifacts of
/// `versions` (`maven-workspace`).
pub(super) fn set_maven_dependencies_of(
    versions: &Versions,
) -> impl Fn(&str, &str) -> Result<Updated> + '_ {
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
pub(super) enum Missing {
    /// The release type expects it (`package.json` of a node package).
    Warn,
    /// Updated when the package has one (`setup.py`, `package-lock.json`).
    Quiet,
}

/// The files rewritten so far, and the warnings.
pub(super) struct Rewrites<'a> {
    pub(super) source: &'a dyn Source,
    pub(super) out: Rewritten,
}

impl<'a> Rewrites<'a> {
    pub(super) fn new(source: &'a dyn Source) -> Self {
        Self {
            source,
            out: Rewritten::default(),
        }
    }

    /// Say `warning`.
    pub(super) fn warn(&mut self, warning: String) {
        self.out.warnings.push(warning);
    }

    /// Apply `update` to the file at `path`: to its text as rewritten so
    /// far, else as the source has it.
    pub(super) fn update(
        &mut self,
        path: &str,
        missing: Missing,
        update: impl FnOnce(&str, &str) -> Result<Updated>,
    ) -> Result<()> {
        self.update_if(path, missing, |_, _| Ok(true), update)
    }

    /// [`Self::update`], for a file whose text `wanted` accepts (given its
    /// name and text, read once); other files are left out, with the
    /// warning `wanted` gives, if any.
    pub(super) fn update_if(
        &mut self,
        path: &str,
        missing: Missing,
        wanted: impl FnOnce(&str, &str) -> std::result::Result<bool, String>,
        update: impl FnOnce(&str, &str) -> Result<Updated>,
    ) -> Result<()> {
        // One name per file (`pkg/./VERSION` is `pkg/VERSION`); a path
        // that leaves the repository is refused when it is read.
        let clean = crate::confined::relative_path(path).unwrap_or_else(|_| path.to_owned());
        let path = clean.as_str();
        let index = self.out.files.iter().position(|file| file.path == path);
        let text = match index {
            Some(index) => self.out.files[index].content.clone(),
            None => match self.source.read(path)? {
                Some(text) => text,
                None => {
                    if missing == Missing::Warn {
                        self.warn(format!("`{path}` does not exist; skipped"));
                    }
                    return Ok(());
                }
            },
        };
        match wanted(path, &text) {
            Ok(true) => {}
            Ok(false) => return Ok(()),
            Err(warning) => {
                self.warn(warning);
                return Ok(());
            }
        }
        match update(path, &text)? {
            Updated::Text(content) => match index {
                Some(index) => self.out.files[index].content = content,
                None => self.out.files.push(FileUpdate {
                    path: path.to_owned(),
                    content,
                    before: text,
                }),
            },
            Updated::Skipped(why) => self.warn(format!("`{path}` left as it is: {why}")),
        }
        Ok(())
    }

    /// Put `notes` into the changelog at `path` (`news`: an R package's
    /// NEWS.md).
    pub(super) fn changelog(&mut self, path: &str, notes: &str, news: bool) -> Result<()> {
        let existing = self.source.read(path)?;
        self.out.files.push(FileUpdate {
            path: path.to_owned(),
            content: if news {
                changelog::insert_news(existing.as_deref(), notes)
            } else {
                changelog::insert(existing.as_deref(), notes)
            },
            before: existing.unwrap_or_default(),
        });
        Ok(())
    }
}

/// The release that files are rewritten for.
#[derive(Clone, Copy, Debug)]
pub struct Target<'a> {
    /// The new version.
    pub version: &'a Version,
    /// The last release's version, if any (a `krm-blueprint` replaces only
    /// references to it).
    pub previous: Option<&'a Version>,
    /// The release date, for date markers.
    pub date: &'a str,
    /// The component, which names a Ruby gem.
    pub component: Option<&'a str>,
}

/// CHANGELOG.md, the release type's version files and `extra-files` of
/// `package`, rewritten for `target` with these `notes`, as read from
/// `source`.
///
/// # Errors
///
/// When a file cannot be read, or a version file cannot be parsed.
pub fn rewritten_files(
    source: &dyn Source,
    package: Package<'_>,
    target: Target<'_>,
    notes: &str,
    together: Together<'_>,
) -> Result<Rewritten> {
    let Target {
        version,
        previous,
        date,
        component,
    } = target;
    let dir = package.dir();
    let at = |name: &str| under(dir, name);
    let mut rewrites = Rewrites::new(source);
    if !package.config.skip_changelog {
        // An R package's notes go to NEWS.md, placed as R packages keep it.
        let default = match package.release_type {
            "r" => "NEWS.md",
            "go-yoshi" => "CHANGES.md",
            _ => "CHANGELOG.md",
        };
        let path = at(package.config.changelog_path.as_deref().unwrap_or(default));
        rewrites.changelog(&path, notes, package.release_type == "r")?;
    }
    let set = |kind| set_as(kind, version);
    match package.release_type {
        "node" | "expo" => {
            rewrites.update(
                &at("package.json"),
                Missing::Warn,
                set(FileKind::PackageJson),
            )?;
            for lock in ["package-lock.json", "npm-shrinkwrap.json"] {
                rewrites.update(
                    &at(lock),
                    Missing::Quiet,
                    set(FileKind::PackageLock),
                )?;
            }
            // `node-workspace`: its dependencies on released packages, and
            // their entries in the root lockfile.
            if let Some(versions) = together.node {
                let peers = together.node_peers;
                rewrites.update(
                    &at("package.json"),
                    Missing::Quiet,
                    |display, text| {
                        release::set_node_dependencies(display, text, versions, peers)
                            .map(|(text, _)| Updated::Text(text))
                    },
                )?;
                rewrites.update(
                    "package-lock.json",
                    Missing::Quiet,
                    |display, text| {
                        release::set_node_lock_versions(display, text, versions, peers)
                            .map(Updated::Text)
                    },
                )?;
            }
            // `samples/package.json`'s dependency on the package.
            let manifest_path = at("package.json");
            let manifest = source.read(&manifest_path)?;
            if let Some(name) = manifest
                .as_deref()
                .and_then(|text| release::package_name(FileKind::PackageJson, text))
            {
                rewrites.update(
                    &at("samples/package.json"),
                    Missing::Quiet,
                    |display, text| {
                        release::set_samples_dependency(display, text, &name, version)
                            .map(Updated::Text)
                    },
                )?;
            }
            if package.release_type == "expo" {
                // The Expo SDK's major version, from package.json as it was.
                let sdk = match &manifest {
                    Some(text) => release::expo_sdk_version(text)
                        .map_err(|why| format!("{manifest_path}: {why}")),
                    None => Ok(Version::new(0, 0, 0)),
                };
                rewrites.update(
                    &at("app.json"),
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
                &at("composer.json"),
                Missing::Warn,
                |display, text| {
                    Ok(
                        release::set_version(FileKind::PackageJson, display, text, version)
                            .unwrap_or(Updated::Skipped("no top-level `version`".to_owned())),
                    )
                },
            )?;
            rewrites.update(
                &at("VERSION"),
                Missing::Quiet,
                set(FileKind::VersionTxt),
            )?;
        }
        "ruby" => {
            // `version-file`, else `lib/<component, - as />/version.rb`.
            let component = component.unwrap_or_default();
            let file = package
                .config
                .version_file
                .clone()
                .unwrap_or_else(|| format!("lib/{}/version.rb", component.replace('-', "/")));
            rewrites.update(
                &at(&file),
                Missing::Warn,
                set(FileKind::VersionRb),
            )?;
            rewrites.update(
                &at("Gemfile.lock"),
                Missing::Quiet,
                |_, text| Ok(release::set_gemfile_lock_version(text, component, version)),
            )?;
        }
        "python" => python::python_files(package, version, &mut rewrites)?,
        "rust" => {
            rewrites.update(
                &at("Cargo.toml"),
                Missing::Warn,
                set(FileKind::CargoToml),
            )?;
            // `cargo-workspace`: its dependencies on released crates too.
            if let (true, Some(versions)) = (together.cargo_dependencies, together.crates) {
                rewrites.update(
                    &at("Cargo.toml"),
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
            for file in &source.files(dir)? {
                let name = file.rsplit('/').next().unwrap_or(file);
                if matches!(
                    name,
                    "README.md"
                        | "readme.md"
                        | "versions.tf"
                        | "versions.tf.tmpl"
                        | "metadata.yaml"
                ) {
                    rewrites.update(file, Missing::Quiet, |_, text| {
                        Ok(release::set_terraform_file(name, text, version))
                    })?;
                }
            }
        }
        "ocaml" => python::ocaml_files(package, version, &mut rewrites)?,
        "krm-blueprint" => {
            // Every `.yaml` the blueprint tracks that carries its annotation.
            for file in &source.files(dir)? {
                if !file.ends_with(".yaml") {
                    continue;
                }
                rewrites.update_if(
                    file,
                    Missing::Quiet,
                    |_, text| Ok(text.contains(release::KRM_BLUEPRINT_ANNOTATION)),
                    |_, text| Ok(release::set_krm_blueprint(text, version, previous)),
                )?;
            }
        }
        "java" | "maven" => {
            // `x-release-please-released-*` markers, on releases only.
            for path in extra::plain_extra_files(package) {
                rewrites.update(&path, Missing::Quiet, |_, text| {
                    Ok(release::set_released_markers(text, version))
                })?;
            }
            if package.release_type == "maven" {
                let poms = maven::Poms {
                    released: true,
                    dependencies: together.maven,
                };
                maven::maven_poms(package, version, poms, &mut rewrites)?;
            }
        }
        other => match OWN_FILES.iter().find(|own| own.release_type == other) {
            Some(own) => {
                let name = if own.version_file {
                    package.config.version_file.as_deref().unwrap_or(own.name)
                } else {
                    own.name
                };
                rewrites.update(&at(name), own.missing, set(own.kind))?;
            }
            None => rewrites.warn(format!(
                "`{dir}`: release type `{other}` rewrites CHANGELOG.md, the manifest and `extra-files` only; Release Please's `{other}` strategy also updates files of its own (list them as `extra-files`)"
            )),
        },
    }
    // `maven-workspace`: a Java package of another type keeps its version
    // where its strategy keeps it, but its pom's dependencies follow.
    if let Some(versions) = together.maven {
        let kind = package.release_type;
        if release::in_maven_workspace(kind) && kind != "maven" {
            rewrites.update(
                &at("pom.xml"),
                Missing::Quiet,
                set_maven_dependencies_of(versions),
            )?;
        }
    }
    let stamp = extra::Stamp::new(package, version, date);
    extra::extra_files(package, &stamp, &mut rewrites)?;
    if package.release_type == "rust" {
        let crate_name = source
            .read(&at("Cargo.toml"))?
            .and_then(|text| release::package_name(FileKind::CargoToml, &text));
        // Every crate released with this one, so that all PRs agree on it.
        let mut versions = together.crates.cloned().unwrap_or_default();
        if let Some(name) = crate_name {
            versions.insert(name, version.clone());
        }
        if !versions.is_empty() {
            rewrites.update("Cargo.lock", Missing::Quiet, |display, text| {
                release::set_lock_versions(display, text, &versions).map(Updated::Text)
            })?;
        }
    }
    Ok(rewrites.out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::release::Config;

    fn version(text: &str) -> Version {
        Version::parse(text).expect("a version")
    }

    #[test]
    fn a_node_package_s_files_from_a_snapshot() {
        let (config, _) = Config::parse(
            r#"{"packages": {"web": {"release-type": "node", "extra-files": ["./README.md", "VERSIONS.md"]}}}"#,
            "rp.json",
        )
        .expect("a configuration");
        let web = config.package("web");
        let source = Snapshot::new([
            (
                "web/package.json",
                "{\n  \"name\": \"web\",\n  \"version\": \"1.0.0\"\n}\n",
            ),
            (
                "web/README.md",
                "npm i web@1.0.0 <!-- x-release-please-version -->\n",
            ),
            (
                "web/CHANGELOG.md",
                "# Changelog\n\n## 1.0.0 (2024-01-01)\n\n* first\n",
            ),
        ]);
        let new = version("1.1.0");
        let target = Target {
            version: &new,
            previous: None,
            date: "2024-05-01",
            component: Some("web"),
        };
        let package = Package {
            config: &web,
            release_type: "node",
        };
        let notes = "## 1.1.0 (2024-05-01)\n\n* second";
        let out = rewritten_files(&source, package, target, notes, Together::default())
            .expect("the files");
        let files: Vec<(&str, &str)> = out
            .files
            .iter()
            .map(|file| (file.path.as_str(), file.content.as_str()))
            .collect();
        assert_eq!(
            files,
            [
                (
                    "web/CHANGELOG.md",
                    "# Changelog\n\n## 1.1.0 (2024-05-01)\n\n* second\n\n## 1.0.0 (2024-01-01)\n\n* first\n"
                ),
                (
                    "web/package.json",
                    "{\n  \"name\": \"web\",\n  \"version\": \"1.1.0\"\n}\n"
                ),
                (
                    "web/README.md",
                    "npm i web@1.1.0 <!-- x-release-please-version -->\n"
                ),
            ]
        );
        assert_eq!(out.files[1].before, source.files["web/package.json"]);
        assert_eq!(out.warnings, ["`web/VERSIONS.md` does not exist; skipped"]);
    }

    #[test]
    fn a_release_type_with_no_files_of_its_own_is_said() {
        let package = PackageConfig::unconfigured(".");
        let new = version("2.0.0");
        let target = Target {
            version: &new,
            previous: None,
            date: "2024-05-01",
            component: None,
        };
        let out = rewritten_files(
            &Snapshot::default(),
            Package {
                config: &package,
                release_type: "cobol",
            },
            target,
            "## 2.0.0",
            Together::default(),
        )
        .expect("the files");
        assert_eq!(out.files.len(), 1, "only CHANGELOG.md");
        assert!(out.warnings[0].contains("release type `cobol` rewrites CHANGELOG.md"));
    }
}
