//! A release plan as data: what Release Please would propose for a
//! repository, computed from its files and history alone. Each package's
//! release (version, notes, tag, the files it rewrites), the release PRs
//! they go in as Release Please groups them, and the warnings, as values.
//!
//! ```no_run
//! use cicd_core::changelog::Repository;
//! use cicd_core::release::plan::{self, Package, PackageHistory, Request};
//! use cicd_core::release::strategy::WorkTree;
//!
//! let repo = WorkTree::new(".");
//! let links = Repository::from_url("https://github.com/acme/app")?;
//! let request = Request::new(vec![Package::unconfigured(".")], links, "2026-01-31");
//! let history = PackageHistory::read(&repo, &request)?;
//! let plan = plan::plan(&repo, &request, &history)?;
//! for pull_request in &plan.pull_requests {
//!     println!("{}\n\n{}", pull_request.pull_request.title, pull_request.pull_request.body);
//! }
//! # Ok::<(), cicd_core::Error>(())
//! ```
//!
//! Facts only GitHub knows come in as [`Facts`]; a plan says which it
//! lacked ([`Plan::wanted`]), so that a caller with a token can fetch
//! them and plan again from the same [`PackageHistory`].

mod cargo_members;
mod draft;
mod grouping;
mod history;
mod maven;
mod merged;
mod package;
pub mod preview;
mod together;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Mutex;

use serde::Serialize;

pub use grouping::{WorkspaceMerged, details, prefer_group, pull_requests, workspace_pull_request};
pub use history::PackageHistory;
pub use merged::{GitHubRelease, Merged, MergedPullRequest, releases_of_merged};
pub use package::Package;

use super::strategy::{FileUpdate, Repository, Rewritten, Source, Together};
use super::{
    Config, Labels, LinkedGroup, Naming, PullRequest, linked_groups, set_manifest_version,
};
use crate::history::RawCommit;
use crate::version::{self, Version};
use crate::{Result, changelog};

/// One package's release.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PackageRelease {
    /// The package's path (`.` for the root).
    pub path: String,
    /// Its component, when it has one.
    pub component: Option<String>,
    /// The version it releases.
    pub version: String,
    /// The tag its notes compare from.
    pub previous_tag: Option<String>,
    /// The tag the release will get; empty for a snapshot.
    pub tag: String,
    /// A `java`/`maven` release PR to the next `-SNAPSHOT` version: no
    /// notes, no tag, no manifest entry.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub snapshot: bool,
    /// Its notes (a rendered release section).
    #[serde(skip)]
    pub notes: String,
    /// The files of this package the release rewrites.
    #[serde(skip)]
    pub files: Vec<FileUpdate>,
    /// Every conventional change it releases, newest first, with the bump
    /// each asks for and why: what explains its version.
    #[serde(skip)]
    pub effects: Vec<version::Effect>,
}

/// What to plan.
#[derive(Clone, Debug)]
pub struct Request {
    /// `release-please-config.json`, when there is one: its top-level keys
    /// (linked versions, plugins, grouping, cut-offs).
    pub config: Option<Config>,
    /// Where the configuration was read, for errors.
    pub config_origin: String,
    /// The packages, in the configuration's order.
    pub packages: Vec<Package>,
    /// The manifest of current versions (Release Please's manifest mode);
    /// without one, each package's last release is its highest tag.
    pub manifest: Option<Manifest>,
    /// The branch releases are cut from (`main`).
    pub target_branch: String,
    /// The release date, `YYYY-MM-DD`.
    pub date: String,
    /// Where links point.
    pub repository: changelog::Repository,
    /// The version bumped from, over the manifest's and the tags'.
    pub current: Option<Version>,
    /// The commits to plan from, newest first, instead of the history's
    /// (no tag is read then: the manifest alone says what was released).
    pub commits: Option<Vec<RawCommit>>,
    /// Follow only the first parent of merges.
    pub first_parent: bool,
    /// Put no label on a new release PR (`--skip-labeling`).
    pub skip_labeling: bool,
    /// What GitHub knows.
    pub facts: Facts,
}

impl Request {
    /// A plan of `packages` released on `date` (`YYYY-MM-DD`), linking to
    /// `repository`: from `main`, with no configuration, no manifest and
    /// no facts from GitHub.
    #[must_use]
    pub fn new(packages: Vec<Package>, repository: changelog::Repository, date: &str) -> Self {
        Self {
            config: None,
            config_origin: CONFIG.to_owned(),
            packages,
            manifest: None,
            target_branch: "main".to_owned(),
            date: date.to_owned(),
            repository,
            current: None,
            commits: None,
            first_parent: false,
            skip_labeling: false,
            facts: Facts::default(),
        }
    }

    /// The request Release Please's manifest mode makes of `source`: its
    /// `release-please-config.json` (every package, in order; the root
    /// alone without one) and `.release-please-manifest.json`. The
    /// configuration's unknown keys come back as warnings.
    ///
    /// # Errors
    ///
    /// When either file cannot be read or is invalid.
    pub fn from_source(
        source: &dyn Source,
        repository: changelog::Repository,
        date: &str,
    ) -> Result<(Self, Vec<String>)> {
        let mut request = Self::new(Vec::new(), repository, date);
        let mut warnings = Vec::new();
        match source.read(CONFIG)? {
            Some(text) => {
                let (config, unknown) = Config::parse(&text, CONFIG)?;
                warnings.extend(unknown.iter().map(ToString::to_string));
                let order = match config.order.is_empty() {
                    true => vec![".".to_owned()],
                    false => config.order.clone(),
                };
                request.packages = order
                    .iter()
                    .map(|path| Package::configured(&config, path, CONFIG))
                    .collect::<Result<_>>()?;
                request.config = Some(config);
            }
            None => request.packages = vec![Package::unconfigured(".")],
        }
        request.manifest = source
            .read(MANIFEST)?
            .map(|text| Manifest::parse(&text, MANIFEST))
            .transpose()?;
        Ok((request, warnings))
    }
}

/// Where Release Please's configuration is.
const CONFIG: &str = "release-please-config.json";

/// Where Release Please's manifest is.
const MANIFEST: &str = ".release-please-manifest.json";

/// `.release-please-manifest.json`: its text, where it is, and the
/// versions it records.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Manifest {
    /// Its repository-relative path.
    pub path: String,
    /// Its text, as committed.
    pub text: String,
    /// Each package path's version.
    pub versions: BTreeMap<String, Version>,
}

impl Manifest {
    /// Read the manifest `text` at `path`.
    ///
    /// # Errors
    ///
    /// [`crate::Error::Config`] when it is not a manifest.
    pub fn parse(text: &str, path: &str) -> Result<Self> {
        Ok(Self {
            versions: super::read_manifest(text, path)?,
            path: path.to_owned(),
            text: text.to_owned(),
        })
    }
}

/// Facts from GitHub, as plain data.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Facts {
    /// Messages that merged PRs set for their merge commits
    /// (`BEGIN_COMMIT_OVERRIDE`), by commit id.
    pub overrides: HashMap<String, String>,
    /// Commit authors' logins, by commit id (`include-commit-authors`).
    pub logins: HashMap<String, String>,
    /// The notes GitHub generates for a release (`changelog-type: github`),
    /// by the release's tag.
    pub generated_notes: HashMap<String, String>,
}

/// The facts a plan lacked: ask GitHub, then plan again.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Wanted {
    /// Commits whose author's login would be shown.
    pub logins: BTreeSet<String>,
    /// Releases whose notes GitHub writes.
    pub generated_notes: Vec<GeneratedNotes>,
}

impl Wanted {
    /// Whether nothing is wanted.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.logins.is_empty() && self.generated_notes.is_empty()
    }
}

/// A release whose notes GitHub generates.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GeneratedNotes {
    /// The release's tag.
    pub tag: String,
    /// The tag they compare from.
    pub previous_tag: Option<String>,
}

/// A release PR of the plan.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ReleasePullRequest {
    /// Its title, branch, tag and body.
    #[serde(flatten)]
    pub pull_request: PullRequest,
    /// The positions of its releases in [`Plan::releases`].
    #[serde(skip)]
    pub releases: Vec<usize>,
    /// Its labels: `autorelease: pending`, or `autorelease: snapshot` for
    /// one that moves packages to a `-SNAPSHOT` (both when it also
    /// releases), so that the release step leaves a snapshot alone.
    #[serde(skip)]
    pub labels: Labels,
    /// The files it rewrites (the manifest's too).
    #[serde(skip)]
    pub files: Vec<FileUpdate>,
}

/// The plan: the releases, the PRs, every file rewritten, and what there
/// was to say.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Plan {
    /// Each package that releases, in Release Please's order.
    pub releases: Vec<PackageRelease>,
    /// The release PRs.
    pub pull_requests: Vec<ReleasePullRequest>,
    /// Every file the releases rewrite, once each, the manifest last.
    pub files: Vec<FileUpdate>,
    /// Warnings, in order, each once.
    pub warnings: Vec<String>,
    /// Facts from GitHub the plan lacked.
    pub wanted: Wanted,
}

impl Plan {
    /// Whether anything releases.
    #[must_use]
    pub fn releasable(&self) -> bool {
        !self.releases.is_empty()
    }
}

/// What a plan says while it is made, from any thread: its warnings, once
/// each, and the facts it lacked.
#[derive(Debug, Default)]
pub(super) struct Said {
    warnings: Mutex<Vec<String>>,
    wanted: Mutex<Wanted>,
}

impl Said {
    /// Say `warning`, unless it was said (a package planned again, released
    /// with others, meets the same warnings).
    pub(super) fn warn(&self, warning: impl Into<String>) {
        let warning = warning.into();
        if let Ok(mut warnings) = self.warnings.lock() {
            if !warnings.contains(&warning) {
                warnings.push(warning);
            }
        }
    }

    /// The files of `rewritten`, its warnings said.
    pub(super) fn files(&self, rewritten: Rewritten) -> Vec<FileUpdate> {
        for warning in rewritten.warnings {
            self.warn(warning);
        }
        rewritten.files
    }

    fn want_login(&self, commit: &str) {
        if let Ok(mut wanted) = self.wanted.lock() {
            wanted.logins.insert(commit.to_owned());
        }
    }

    fn want_notes(&self, notes: GeneratedNotes) {
        if let Ok(mut wanted) = self.wanted.lock() {
            if !wanted.generated_notes.contains(&notes) {
                wanted.generated_notes.push(notes);
            }
        }
    }

    #[cfg(test)]
    fn warnings(&self) -> Vec<String> {
        self.warnings
            .lock()
            .map(|said| said.clone())
            .unwrap_or_default()
    }

    fn into_parts(self) -> (Vec<String>, Wanted) {
        (
            self.warnings.into_inner().unwrap_or_default(),
            self.wanted.into_inner().unwrap_or_default(),
        )
    }
}

/// The plan of `request` in `repo`, from its `history` (read by
/// [`PackageHistory::read`]).
///
/// # Errors
///
/// When a file cannot be read or rewritten, a version cannot be computed,
/// or the configuration is invalid.
pub fn plan(repo: &dyn Repository, request: &Request, history: &PackageHistory) -> Result<Plan> {
    let said = Said::default();
    for warning in &history.warnings {
        said.warn(warning.clone());
    }
    let no_versions = BTreeMap::new();
    let versions = match &request.manifest {
        Some(manifest) => &manifest.versions,
        None => &no_versions,
    };
    let planner = draft::Planner {
        repo,
        request,
        history,
        versions,
        together: Together::default(),
        said: &said,
    };
    let mut planned = planner.plan_all()?;
    let config = request.config.as_ref();
    let groups = config.map(linked_groups).unwrap_or_default();
    let mut forced = BTreeMap::new();
    for group in &groups {
        together::link_versions(&planner, group, &mut planned, &mut forced)?;
    }
    let together::Joined { order, artifacts } =
        together::release_together(&planner, &mut planned, &mut forced)?;
    let mut artifacts: Vec<Option<(PackageRelease, Naming)>> =
        artifacts.into_iter().map(Some).collect();
    prefer_group(config, planned.iter_mut().chain(&mut artifacts));
    // Which releases each merged group holds, by position among the releases.
    let mut merged_groups: Vec<(&LinkedGroup, Vec<usize>)> = Vec::new();
    let mut releases = Vec::new();
    let mut namings: Vec<Naming> = Vec::new();
    // The workspace packages' PR, by position among the releases, and where
    // the workspaces' releases start.
    let mut workspace_merged = WorkspaceMerged::default();
    for joining in order {
        let (taken, configured) = match joining.releaser {
            together::Releaser::Package(index) => (
                planned[index].take(),
                request.packages[index].keys.component.as_deref(),
            ),
            together::Releaser::Artifact(at) => (artifacts[at].take(), None),
        };
        let Some((release, naming)) = taken else {
            continue;
        };
        if joining.workspace && workspace_merged.at.is_none() {
            workspace_merged.at = Some(releases.len());
        }
        if joining.merged {
            workspace_merged.members.push(releases.len());
        }
        // As Release Please: merged by the configured `component` key.
        let group = groups.iter().filter(|group| group.merge).find(|group| {
            configured.is_some_and(|component| group.components.iter().any(|c| c == component))
        });
        if let Some(group) = group {
            match merged_groups.iter_mut().find(|(known, _)| *known == group) {
                Some((_, members)) => members.push(releases.len()),
                None => merged_groups.push((group, vec![releases.len()])),
            }
        }
        releases.push(release);
        namings.push(naming);
    }
    let (warnings, wanted) = said.into_parts();
    if releases.is_empty() {
        return Ok(Plan {
            warnings,
            wanted,
            ..Plan::default()
        });
    }
    let grouped = pull_requests(
        config,
        &request.target_branch,
        &releases,
        &namings,
        (&merged_groups, &workspace_merged),
    )?;
    let manifest = request.manifest.as_ref();
    let extra_label = request
        .packages
        .first()
        .and_then(|package| package.keys.extra_label.as_deref());
    let labels = Labels::of(config, extra_label, request.skip_labeling);
    let mut pull_requests = Vec::new();
    for (pull_request, members) in grouped {
        let chosen: Vec<&PackageRelease> = members.iter().map(|&index| &releases[index]).collect();
        let mut files = unique_files(chosen.iter().flat_map(|release| release.files.clone()));
        files.extend(manifest_file(manifest, &chosen)?);
        let snapshots = chosen.iter().filter(|release| release.snapshot).count();
        let labels = match snapshots {
            0 => labels.clone(),
            _ => labels.with_snapshot(
                config.and_then(Config::snapshot_label),
                snapshots < chosen.len(),
            ),
        };
        pull_requests.push(ReleasePullRequest {
            pull_request,
            releases: members,
            labels,
            files,
        });
    }
    let all: Vec<&PackageRelease> = releases.iter().collect();
    let mut files = unique_files(releases.iter().flat_map(|release| release.files.clone()));
    files.extend(manifest_file(manifest, &all)?);
    Ok(Plan {
        releases,
        pull_requests,
        files,
        warnings,
        wanted,
    })
}

/// The manifest with the versions of the `chosen` releases; none without
/// a manifest, or when they are all snapshots (a snapshot is no release:
/// the manifest keeps the last one).
fn manifest_file(
    manifest: Option<&Manifest>,
    chosen: &[&PackageRelease],
) -> Result<Option<FileUpdate>> {
    let Some(manifest) = manifest else {
        return Ok(None);
    };
    let chosen: Vec<&&PackageRelease> = chosen.iter().filter(|release| !release.snapshot).collect();
    if chosen.is_empty() {
        return Ok(None);
    }
    let mut text = manifest.text.clone();
    for release in chosen {
        text = set_manifest_version(&text, &release.path, &version::parse(&release.version)?);
    }
    Ok(Some(FileUpdate {
        path: manifest.path.clone(),
        content: text,
        before: manifest.text.clone(),
    }))
}

/// One file per path: a later update of a path (the same `Cargo.lock` from
/// two crates) replaces the earlier, in the earlier's place.
fn unique_files(files: impl IntoIterator<Item = FileUpdate>) -> Vec<FileUpdate> {
    let mut unique: Vec<FileUpdate> = Vec::new();
    for file in files {
        match unique.iter_mut().find(|known| known.path == file.path) {
            Some(known) => known.content = file.content,
            None => unique.push(file),
        }
    }
    unique
}
