//! Planning each package: its commits, version and notes (drafted in
//! parallel), then its files and warnings (finished in order).

use std::borrow::Cow;
use std::collections::BTreeMap;

use super::together::dependency_notes;
use super::{GeneratedNotes, Package, PackageHistory, PackageRelease, Request, Said};
use crate::changelog::{self, Release};
use crate::commits::{self, Commit};
use crate::release::strategy::{self, Repository, Target, Together};
use crate::release::{self, ChangelogType, Naming, Previous, java};
use crate::version::{self, Version};
use crate::{Result, history};

/// What every package's plan reads.
#[derive(Clone, Copy)]
pub(super) struct Planner<'a> {
    pub(super) repo: &'a dyn Repository,
    pub(super) request: &'a Request,
    pub(super) history: &'a PackageHistory,
    /// The manifest's versions, by package path (none without one).
    pub(super) versions: &'a BTreeMap<String, Version>,
    /// The packages released together (`Cargo.lock`, the workspace
    /// plugins).
    pub(super) together: Together<'a>,
    /// The warnings, and the facts wanted from GitHub.
    pub(super) said: &'a Said,
}

/// The version a package must release at (its linked group's), and the
/// commit that carries it when the package has nothing of its own.
#[derive(Clone, Debug)]
pub(super) struct Forced {
    pub(super) version: Version,
    pub(super) synchronize: Option<String>,
}

/// What a package's plan computes from its history alone: the version, and
/// the notes when it releases. The costly part of a plan, made for every
/// package at once, one per core.
pub(super) struct Draft {
    naming: Naming,
    previous: Previous,
    decision: version::Decision,
    /// The release and its notes; `None` when nothing shows in the notes
    /// (and the release is not forced).
    release: Option<(Release, String)>,
    /// A `java`/`maven` snapshot release ([`java::needs_snapshot`]).
    snapshot: bool,
}

/// A package's release and naming, when it releases.
pub(super) type Planned = Option<(PackageRelease, Naming)>;

impl Planner<'_> {
    fn package(&self, index: usize) -> &Package {
        &self.request.packages[index]
    }

    /// Whether there is a manifest (Release Please's manifest mode).
    fn recorded(&self) -> bool {
        self.request.manifest.is_some()
    }

    /// Package `index`: its last release, its commits, the version, the
    /// notes and the files to rewrite; `None` when nothing of it shows in
    /// the notes.
    pub(super) fn plan(&self, index: usize, forced: Option<&Forced>) -> Result<Planned> {
        let draft = self.draft(index, forced)?;
        self.finish(index, forced, draft)
    }

    /// [`Self::plan`] for every package, unforced: the drafts made in
    /// parallel, then finished in order (warnings and errors come as a
    /// sequential run gives them).
    pub(super) fn plan_all(&self) -> Result<Vec<Planned>> {
        let drafts =
            crate::parallel::map(&self.request.packages, |index, _| self.draft(index, None));
        drafts
            .into_iter()
            .enumerate()
            .map(|(index, draft)| self.finish(index, None, draft?))
            .collect()
    }

    /// The version and notes of package `index`; no file read but its
    /// history.
    fn draft(&self, index: usize, forced: Option<&Forced>) -> Result<Draft> {
        let request = self.request;
        let package = self.package(index);
        let naming = self.history.namings[index].clone();
        let previous = &self.history.previous[index];
        // The version bumped from: the request's, else the last release's
        // (the manifest's, in manifest mode).
        let current = match &request.current {
            Some(version) => Some(version.clone()),
            None => previous.version().cloned(),
        };
        let mut commits =
            self.history
                .commits(self.repo, request, (index, package), previous.tag())?;
        if package.authors() == changelog::Authors::Shown {
            self.with_logins(&mut commits);
        }
        let mut options = package.options.clone();
        if let Some(forced) = forced {
            options.release_as = Some(forced.version.to_string());
            if let Some(message) = &forced.synchronize {
                commits.push(Cow::Owned(commits::parse("", message)));
            }
        }
        let last_version = previous.version();
        if forced.is_none() && self.needs_snapshot(package, &naming, last_version, &commits)? {
            if let Some(last_version) = last_version.cloned() {
                return self.snapshot_draft(naming, previous, &last_version, &options);
            }
        }
        let decision = version::next(current.as_ref(), &commits, &options)?;
        // A forced release (linked versions, a dependency's) releases anyway.
        let release = (decision.releasable || forced.is_some()).then(|| {
            let release = Release {
                version: decision.version.to_string(),
                previous_tag: previous
                    .tag_name(&naming)
                    .or_else(|| current.as_ref().map(|current| naming.tag(current))),
                tag: naming.tag(&decision.version),
                date: request.date.clone(),
                repository: request.repository.clone(),
                authors: package.authors(),
            };
            let notes = changelog::render(
                &release,
                commits.iter().map(|commit| &**commit),
                &options.sections(),
            );
            (release, notes)
        });
        // `changelog-type: github`: the notes GitHub writes, under Release
        // Please's heading, when they were given; else they are wanted.
        let release = match release {
            Some((release, notes)) if package.keys.changelog_type == ChangelogType::Github => {
                match request.facts.generated_notes.get(&release.tag) {
                    Some(body) => {
                        let notes = format!("## {} ({})\n\n{body}", release.version, release.date);
                        Some((release, notes))
                    }
                    None => {
                        self.said.want_notes(GeneratedNotes {
                            tag: release.tag.clone(),
                            previous_tag: release.previous_tag.clone(),
                        });
                        Some((release, notes))
                    }
                }
            }
            release => release,
        };
        Ok(Draft {
            naming,
            previous: previous.clone(),
            decision,
            release,
            snapshot: false,
        })
    }

    /// Give each commit's author the GitHub login the facts have for it,
    /// unless the author has one already; the commits the facts lack are
    /// wanted.
    fn with_logins(&self, commits: &mut [Cow<'_, Commit>]) {
        let logins = &self.request.facts.logins;
        for commit in commits {
            let Some(author) = &commit.author else {
                continue;
            };
            if commit.id.is_empty() {
                continue;
            }
            let known = author.login().is_some();
            match logins.get(&commit.id) {
                Some(login) if !known => {
                    if let Some(author) = &mut commit.to_mut().author {
                        author.username = Some(login.clone());
                    }
                }
                Some(_) => {}
                None => self.said.want_login(&commit.id),
            }
        }
    }

    /// Whether a `java` or `maven` package is due its snapshot release PR:
    /// after a release, until a merged release PR of the commits since
    /// names a `-SNAPSHOT` of it (the commit's first line is the PR's
    /// title, GitHub's ` (#12)` aside; a merge commit's change lines too).
    fn needs_snapshot(
        &self,
        package: &Package,
        naming: &Naming,
        last: Option<&Version>,
        commits: &[Cow<'_, Commit>],
    ) -> Result<bool> {
        if !java::has_snapshots(package.release_type()) {
            return Ok(false);
        }
        // A maven package whose pom already says `-SNAPSHOT` has had its
        // snapshot, whatever the merged PR was titled (a combined PR's
        // `chore: release main` names no version; Release Please would
        // propose the snapshot again and again).
        if package.release_type() == "maven" {
            let pom = self.repo.read(&package.file("pom.xml"))?;
            let version = pom.as_deref().and_then(release::pom_version);
            if version.is_some_and(|version| version.contains("SNAPSHOT")) {
                return Ok(false);
            }
        }
        let mut titles: Vec<String> = Vec::new();
        for commit in commits {
            titles.push(java::pull_request_title(&commit.summary).to_owned());
            if commit.merge.is_some() {
                titles.extend(
                    commit
                        .changes()
                        .map(|change| java::pull_request_title(&change.header()).to_owned()),
                );
            }
        }
        Ok(java::needs_snapshot(
            last,
            package.keys.skip_snapshot,
            titles.iter().map(String::as_str),
            (
                naming
                    .title_pattern
                    .as_deref()
                    .unwrap_or(release::TITLE_PATTERN),
                naming.component_no_space,
            ),
            naming.component.as_deref(),
        ))
    }

    /// The snapshot release after `last_version`: the version a fix would
    /// give, with `-SNAPSHOT` (Release Please's `JavaAddSnapshot`), and its
    /// fixed notes.
    fn snapshot_draft(
        &self,
        naming: Naming,
        previous: &Previous,
        last_version: &Version,
        options: &version::Options,
    ) -> Result<Draft> {
        let mut plain = options.clone();
        plain.release_as = None;
        let fix = commits::parse("", "fix: fake fix");
        let mut decision = version::next(Some(last_version), &[fix], &plain)?;
        decision.version = java::with_snapshot(&decision.version);
        decision.warnings.clear();
        let release = Release {
            version: decision.version.to_string(),
            previous_tag: previous.tag_name(&naming),
            tag: String::new(),
            date: self.request.date.clone(),
            repository: self.request.repository.clone(),
            authors: changelog::Authors::Hidden,
        };
        Ok(Draft {
            naming,
            previous: previous.clone(),
            decision,
            release: Some((release, java::SNAPSHOT_NOTES.to_owned())),
            snapshot: true,
        })
    }

    /// The warnings of `draft`, then its dependency notes and files.
    fn finish(&self, index: usize, forced: Option<&Forced>, draft: Draft) -> Result<Planned> {
        let Draft {
            naming,
            previous,
            decision,
            release,
            snapshot,
        } = draft;
        let package = self.package(index);
        if forced.is_none() {
            self.warn_previous(package, &naming, &previous);
            for warning in &decision.warnings {
                self.said.warn(warning.clone());
            }
        }
        if let Some(tag) = release::overtaken(&self.history.tags, &naming, &decision.version)
            .filter(|_| release.is_some() && !snapshot)
        {
            let from = previous
                .version()
                .map(|version| format!("the last release, {version}"))
                .unwrap_or_else(|| "no release".to_owned());
            let why = if self.recorded() {
                format!(
                    "the manifest records {from}; a tag made by hand is not a release (if `{}` was released, record its version in the manifest)",
                    tag.name
                )
            } else {
                format!("`HEAD` reaches {from}; `{}` is on another branch", tag.name)
            };
            self.said.warn(format!(
                "`{}` {} is not above its tag `{}`: {why}",
                package.path(),
                decision.version,
                tag.name
            ));
        }
        let Some((release, notes)) = release else {
            return Ok(None);
        };
        let notes = release::with_dependency_notes(
            &notes,
            &dependency_notes(self.repo, package, self.together)?,
        );
        let keys = strategy::Package {
            config: &package.keys,
            release_type: package.release_type(),
        };
        if snapshot {
            let files = strategy::snapshot_files(
                self.repo,
                keys,
                &decision.version,
                &self.request.date,
                self.together,
            )?;
            let package = PackageRelease {
                path: package.path().to_owned(),
                component: naming.component.clone(),
                version: release.version,
                previous_tag: release.previous_tag,
                tag: String::new(),
                snapshot: true,
                files: self.said.files(files),
                notes,
                effects: Vec::new(),
            };
            return Ok(Some((package, naming)));
        }
        let target = Target {
            version: &decision.version,
            previous: decision.previous.as_ref(),
            date: &self.request.date,
            component: naming.branch_component.as_deref(),
        };
        let files = strategy::rewritten_files(self.repo, keys, target, &notes, self.together)?;
        let package = PackageRelease {
            path: package.path().to_owned(),
            component: naming.component.clone(),
            version: release.version,
            previous_tag: release.previous_tag,
            tag: release.tag,
            snapshot: false,
            notes,
            files: self.said.files(files),
            effects: decision.effects,
        };
        Ok(Some((package, naming)))
    }

    /// Say where a package's notes start when the manifest and the tags
    /// disagree: a version no tag marks, or a package the manifest lacks.
    fn warn_previous(&self, package: &Package, naming: &Naming, previous: &Previous) {
        if !self.history.tags_read || !self.recorded() {
            return;
        }
        let cutoff = if self.history.cutoff.is_empty() {
            "the first commit"
        } else {
            "the cut-off"
        };
        // A tag of the version exists off `HEAD`'s history: said when it
        // was set aside.
        let tagged_elsewhere = |version: &Version| {
            self.history.tags.iter().any(|tag| {
                tag.release.as_ref().is_some_and(|release| {
                    release.component == naming.component && release.version == *version
                })
            })
        };
        let path = package.path();
        match (previous, self.versions.get(path)) {
            (Previous::Untagged(version), _) if !tagged_elsewhere(version) => self.said.warn(format!(
                "the manifest says `{path}` is at {version}, which no tag `{}` marks: its notes take every commit back to {cutoff}, as Release Please's do; fetch the tags (`git fetch --tags`) if it exists",
                naming.tag(version)
            )),
            (Previous::First, recorded) => {
                if let Some(tag) =
                    history::latest_release(&self.history.tags, naming.component.as_deref())
                {
                    let what = match recorded {
                        Some(version) => format!(
                            "the manifest says `{path}` is at {version}, which is no release"
                        ),
                        None => format!("`{path}` has no version in the manifest"),
                    };
                    self.said.warn(format!(
                        "{what}: planned as a first release from every commit back to {cutoff}, as Release Please plans it, though `{}` is tagged; record the package's released version in the manifest",
                        tag.name
                    ));
                }
            }
            _ => {}
        }
    }
}
