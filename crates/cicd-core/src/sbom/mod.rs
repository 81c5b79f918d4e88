//! Software bills of materials assembled from lockfiles: every package each
//! lockfile pins, with its purl, hashes, scope and source, and the dependency
//! graph exactly as that lockfile states it (one graph per lockfile, never a
//! union across them). Rendered as CycloneDX 1.6 or SPDX 2.3 JSON, byte for
//! byte the same for the same input wherever the checkout lives.
//!
//! ```
//! use cicd_core::sbom::{self, Document};
//!
//! let lock = "version = 4\n\n[[package]]\nname = \"app\"\nversion = \"0.1.0\"\ndependencies = [\"itoa\"]\n\n\
//!             [[package]]\nname = \"itoa\"\nversion = \"1.0.15\"\nsource = \"registry+https://github.com/rust-lang/crates.io-index\"\n\
//!             checksum = \"4a5f13b858c8d314ee3e8f639011f7ccefe71f97f96e50151fb991f267928e2c\"\n";
//! let manifest = "[package]\nname = \"app\"\nversion = \"0.1.0\"\n";
//! let lockfile = sbom::read_lockfile("Cargo.lock", lock.as_bytes(), Some(manifest))?;
//! assert_eq!(lockfile.root.name, "app");
//! assert_eq!(lockfile.components[0].purl.as_deref(), Some("pkg:cargo/itoa@1.0.15"));
//! let document = Document::new("app", vec![lockfile], "2026-01-01T00:00:00Z");
//! assert!(document.cyclonedx().contains("\"specVersion\": \"1.6\""));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod cargo;
mod cyclonedx;
mod encoding;
mod lazy;
pub mod merge;
mod npm;
mod pip;
mod pnpm;
pub mod purl;
mod python;
mod scan;
mod spdx;
mod yarn;

use std::collections::{BTreeMap, BTreeSet, VecDeque};

pub use scan::{Found, MAX_LOCKFILE_BYTES, Scanned, find, scan};

use crate::{Error, Result};

/// What kind of lockfile a file is, by its name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum LockKind {
    /// `Cargo.lock`, v1 to v4.
    Cargo,
    /// `package-lock.json` or `npm-shrinkwrap.json`, v1 to v3.
    Npm,
    /// `poetry.lock`.
    Poetry,
    /// `uv.lock`.
    Uv,
    /// `Pipfile.lock`.
    Pipenv,
    /// `pdm.lock`.
    Pdm,
    /// `requirements.txt`, `requirements-dev.txt` and the like.
    Requirements,
    /// `yarn.lock`, classic (v1) and Berry.
    Yarn,
    /// `pnpm-lock.yaml`, lockfile versions 5.x, 6.0 and 9.0.
    Pnpm,
}

impl LockKind {
    /// The kind a file name says, if it is a lockfile we read.
    pub fn of(file_name: &str) -> Option<Self> {
        match file_name {
            "Cargo.lock" => Some(Self::Cargo),
            "package-lock.json" | "npm-shrinkwrap.json" => Some(Self::Npm),
            "poetry.lock" => Some(Self::Poetry),
            "uv.lock" => Some(Self::Uv),
            "Pipfile.lock" => Some(Self::Pipenv),
            "yarn.lock" => Some(Self::Yarn),
            "pnpm-lock.yaml" => Some(Self::Pnpm),
            "pdm.lock" => Some(Self::Pdm),
            name if name.starts_with("requirements") && name.ends_with(".txt") => {
                Some(Self::Requirements)
            }
            _ => None,
        }
    }

    /// The manifest beside the lockfile that names the project.
    pub fn manifest(self) -> &'static str {
        match self {
            Self::Cargo => "Cargo.toml",
            Self::Npm | Self::Yarn | Self::Pnpm => "package.json",
            Self::Poetry | Self::Uv | Self::Pdm | Self::Requirements => "pyproject.toml",
            Self::Pipenv => "Pipfile",
        }
    }

    /// The purl type of its packages.
    pub fn purl_type(self) -> &'static str {
        match self {
            Self::Cargo => "cargo",
            Self::Npm | Self::Yarn | Self::Pnpm => "npm",
            Self::Poetry | Self::Uv | Self::Pipenv | Self::Pdm | Self::Requirements => "pypi",
        }
    }
}

/// A hash algorithm, as CycloneDX names them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Algorithm {
    /// SHA-1 (old npm `integrity`).
    Sha1,
    /// SHA-256.
    Sha256,
    /// SHA-384.
    Sha384,
    /// SHA-512.
    Sha512,
}

/// A digest, in lower-case hex.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Hash {
    /// How it was computed.
    pub algorithm: Algorithm,
    /// The digest in hex.
    pub hex: String,
}

/// Whether a package is needed at run time.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Scope {
    /// Needed at run time (or not known otherwise).
    #[default]
    Required,
    /// Installed only when wanted (npm `optional`, a Python extra).
    Optional,
    /// Only for development and tests (CycloneDX `excluded`).
    Dev,
}

/// Where a package comes from.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Source {
    /// A package registry, by its URL when the lockfile names it.
    Registry(Option<String>),
    /// A git repository at a revision.
    Git {
        /// The repository.
        url: String,
        /// The commit or reference, when pinned.
        revision: Option<String>,
    },
    /// A folder of the checkout (a workspace member, a path dependency).
    Path(String),
    /// Not stated.
    #[default]
    Unknown,
}

/// One file a package is distributed as (a wheel, an sdist), with its hashes.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Distribution {
    /// Its URL, or its file name when the lockfile gives no URL.
    pub url: String,
    /// Its digests.
    pub hashes: Vec<Hash>,
}

impl Distribution {
    /// A lockfile's file entry: its URL, else its file name or path, with
    /// its `algorithm:hex` digest when it has one; `None` without either
    /// name.
    pub(crate) fn of_file(
        url: Option<&String>,
        file: Option<&String>,
        hash: Option<&str>,
    ) -> Option<Self> {
        Some(Self {
            url: url.or(file)?.clone(),
            hashes: hash.and_then(encoding::prefixed).into_iter().collect(),
        })
    }
}

/// A package a lockfile pins.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Component {
    /// Unique within its lockfile: `name@version`, or the install path for
    /// npm (where one version can be installed at several paths).
    pub key: String,
    /// The package name (`@scope/name` for npm).
    pub name: String,
    /// Its version, when the lockfile pins one.
    pub version: Option<String>,
    /// Its package URL.
    pub purl: Option<String>,
    /// Digests of the package itself (a crate, an npm tarball).
    pub hashes: Vec<Hash>,
    /// Digests per distribution file (Python wheels and sdists).
    pub distributions: Vec<Distribution>,
    /// Run time, optional or development only.
    pub scope: Scope,
    /// Where it comes from.
    pub source: Source,
    /// The keys of the packages it depends on, sorted.
    pub depends_on: Vec<String>,
}

/// Everything one lockfile says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lockfile {
    /// Its path relative to the scanned folder, `/`-separated.
    pub path: String,
    /// What kind of lockfile it is.
    pub kind: LockKind,
    /// The format version it declares (`4`, `3`, `2.1`), when it does.
    pub format_version: Option<String>,
    /// SHA-256 of its bytes.
    pub sha256: String,
    /// The project it locks: its own entry, or one made from the folder's
    /// name that depends on the packages nothing else depends on.
    pub root: Component,
    /// The packages it pins, sorted by key.
    pub components: Vec<Component>,
    /// How many dependency entries of the lockfile were resolved to a
    /// package: its own graph, for checking against it.
    pub lock_edges: usize,
}

/// Read one lockfile: `path` names it (and its kind, by file name) in
/// messages and in the document; `manifest` is the text of the manifest
/// beside it (`Cargo.toml`, `package.json`, `pyproject.toml`), for the
/// project's name and which dependencies are for development.
///
/// It reads no other file: a requirements file's `-r` includes are an
/// error here, and pnpm workspace members are named by their folders
/// ([`read_lockfile_with`] reads them).
///
/// # Errors
///
/// [`Error::Lockfile`] when the file is not of its kind, with the line.
pub fn read_lockfile(path: &str, bytes: &[u8], manifest: Option<&str>) -> Result<Lockfile> {
    read_lockfile_with(path, bytes, manifest, &|relative| {
        Err(Error::Confined {
            path: crate::confined::escape_control(relative),
            what: "not read: `read_lockfile` reads the lockfile alone (`read_lockfile_with` reads the files it includes)".to_owned(),
        })
    })
}

/// As [`read_lockfile`], reading the files a lockfile refers to through
/// `include`, by their clean path from the scanned folder (never `..` nor
/// absolute): the files a requirements file includes (`-r other.txt`), the
/// `package.json` of each pnpm workspace member. `include` gives `Ok(None)`
/// when there is no such file.
///
/// # Errors
///
/// [`Error::Lockfile`] when the file is not of its kind, with the line; a
/// `-r` include that climbs out of the scanned folder, is missing, or that
/// `include` refuses is one too (pip stops on those as well).
pub fn read_lockfile_with(
    path: &str,
    bytes: &[u8],
    manifest: Option<&str>,
    include: &dyn Fn(&str) -> Result<Option<String>>,
) -> Result<Lockfile> {
    let file_name = path.rsplit('/').next().unwrap_or(path);
    let kind = LockKind::of(file_name).ok_or_else(|| Error::Lockfile {
        path: path.to_owned(),
        line: None,
        what: "not a lockfile name cicd reads (Cargo.lock, package-lock.json, npm-shrinkwrap.json, poetry.lock, uv.lock, Pipfile.lock, pdm.lock, requirements*.txt, yarn.lock, pnpm-lock.yaml)".to_owned(),
    })?;
    let text = std::str::from_utf8(bytes).map_err(|err| Error::Lockfile {
        path: path.to_owned(),
        line: Some(
            1 + bytes[..err.valid_up_to()]
                .iter()
                .filter(|b| **b == b'\n')
                .count(),
        ),
        what: "not UTF-8 text: is it a binary file?".to_owned(),
    })?;
    let folder = path
        .rsplit_once('/')
        .map(|(folder, _)| folder)
        .unwrap_or(".");
    let mut lockfile = match kind {
        LockKind::Cargo => cargo::read(path, text, manifest, folder)?,
        LockKind::Npm => npm::read(path, text, folder)?,
        LockKind::Poetry => python::read_poetry(path, text, manifest, folder)?,
        LockKind::Uv => python::read_uv(path, text, manifest, folder)?,
        LockKind::Pipenv => pip::read_pipenv(path, text, manifest, folder)?,
        LockKind::Pdm => pip::read_pdm(path, text, manifest, folder)?,
        LockKind::Requirements => pip::read_requirements(path, text, folder, include)?,
        LockKind::Yarn => yarn::read(path, text, manifest, folder)?,
        LockKind::Pnpm => pnpm::read(path, text, manifest, folder, include)?,
    };
    lockfile.sha256 = encoding::sha256_hex(bytes);
    // Most readers give them sorted already: sorting is then skipped, and
    // with it a scratch copy of half the components.
    if !lockfile.components.is_sorted_by(|a, b| a.key <= b.key) {
        lockfile.components.sort_by(|a, b| a.key.cmp(&b.key));
    }
    for component in lockfile
        .components
        .iter_mut()
        .chain(std::iter::once(&mut lockfile.root))
    {
        component.depends_on.sort();
        component.depends_on.dedup();
    }
    Ok(lockfile)
}

/// A lockfile error at `line` (1-based) of `path`.
pub(crate) fn invalid(path: &str, line: Option<usize>, what: impl Into<String>) -> Error {
    Error::Lockfile {
        path: path.to_owned(),
        line,
        what: what.into(),
    }
}

/// The line of a byte offset.
pub(crate) fn line_of(text: &str, offset: usize) -> usize {
    1 + text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|byte| **byte == b'\n')
        .count()
}

/// A TOML parse error with its line.
pub(crate) fn toml_error(path: &str, text: &str, err: &toml::de::Error) -> Error {
    let line = err.span().map(|span| line_of(text, span.start));
    invalid(path, line, format!("not valid TOML: {}", err.message()))
}

/// Give every component reachable from `runtime` (keys) the scope
/// `Required`, then those reachable only from `dev` the scope `Dev`; the
/// rest keep theirs.
pub(crate) fn assign_scopes(components: &mut [Component], runtime: &[String], dev: &[String]) {
    let index: BTreeMap<&str, usize> = components
        .iter()
        .enumerate()
        .map(|(at, component)| (component.key.as_str(), at))
        .collect();
    let reach = |start: &[String]| -> BTreeSet<usize> {
        let mut seen = BTreeSet::new();
        let mut queue: VecDeque<usize> = start
            .iter()
            .filter_map(|key| index.get(key.as_str()).copied())
            .collect();
        while let Some(at) = queue.pop_front() {
            if seen.insert(at) {
                for key in &components[at].depends_on {
                    if let Some(&next) = index.get(key.as_str()) {
                        queue.push_back(next);
                    }
                }
            }
        }
        seen
    };
    let required = reach(runtime);
    let development = reach(dev);
    for at in development.difference(&required) {
        components[*at].scope = Scope::Dev;
    }
}

/// The packages nothing else in `components` depends on: the top of a
/// workspace without a root package.
pub(crate) fn tops(components: &[Component]) -> Vec<String> {
    let depended: BTreeSet<&str> = components
        .iter()
        .flat_map(|component| component.depends_on.iter().map(String::as_str))
        .collect();
    components
        .iter()
        .filter(|component| !depended.contains(component.key.as_str()))
        .map(|component| component.key.clone())
        .collect()
}

/// A document: the lockfiles of one project, with its creation time.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Document {
    /// The project (the scanned folder's name).
    pub name: String,
    /// Its lockfiles, sorted by path.
    pub lockfiles: Vec<Lockfile>,
    /// When it was made, `YYYY-MM-DDThh:mm:ssZ`.
    pub created: String,
}

impl Document {
    /// A document of `lockfiles` for the project `name`, made at `created`.
    pub fn new(name: &str, mut lockfiles: Vec<Lockfile>, created: &str) -> Self {
        lockfiles.sort_by(|a, b| a.path.cmp(&b.path));
        Self {
            name: name.to_owned(),
            lockfiles,
            created: created.to_owned(),
        }
    }

    /// The CycloneDX 1.6 JSON.
    pub fn cyclonedx(&self) -> String {
        cyclonedx::render(self)
    }

    /// The SPDX 2.3 JSON.
    pub fn spdx(&self) -> String {
        spdx::render(self)
    }

    /// The CycloneDX 1.6 JSON, written to `out` as it is made: a document
    /// of 230,000 components is never held whole.
    ///
    /// # Errors
    ///
    /// What `out` reports.
    pub fn write_cyclonedx(&self, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        cyclonedx::write(self, out)
    }

    /// The SPDX 2.3 JSON, written to `out` as it is made.
    ///
    /// # Errors
    ///
    /// What `out` reports.
    pub fn write_spdx(&self, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        spdx::write(self, out)
    }

    /// How many components (lockfile roots included) and dependency edges.
    pub fn counts(&self) -> (usize, usize) {
        let components = self
            .lockfiles
            .iter()
            .map(|lockfile| lockfile.components.len() + 1)
            .sum();
        let edges = self
            .lockfiles
            .iter()
            .flat_map(|lockfile| {
                lockfile
                    .components
                    .iter()
                    .chain(std::iter::once(&lockfile.root))
            })
            .map(|component| component.depends_on.len())
            .sum();
        (components, edges)
    }
}
