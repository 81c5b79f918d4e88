//! Planning each package: its commits, version and notes (drafted in
//! parallel), then its files and warnings (finished in order).

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::path::Path;

use cicd_core::changelog::{self, Release};
use cicd_core::release::{self, ChangelogType, Naming, Previous, java};
use cicd_core::{commits, history, version};

use super::together::dependency_notes;
use super::{Draft, Forced, Planner};
use crate::commands::release_args::Loaded;
use crate::commands::release_files::{Target, rewritten_files, snapshot_files};
use crate::error::{Error, warn};
use crate::github::{self};
use cicd_core::release::plan::PackageRelease;

impl Planner<'_> {
    /// One package: its last release, its commits, the version, the notes and the
    /// files to rewrite; `None` when nothing of it shows in the notes.
    pub(super) fn plan(
        &self,
        index: usize,
        loaded: &Loaded,
        forced: Option<&Forced>,
    ) -> Result<Option<(PackageRelease, Naming)>, Error> {
        let draft = self.draft(index, loaded, forced)?;
        self.finish(loaded, forced, draft)
    }

    /// [`Self::plan`] for every package, unforced: the drafts made in
    /// parallel, then finished in order (warnings and errors come as a
    /// sequential run gives them).
    pub(super) fn plan_all(
        &self,
        packages: &[Loaded],
    ) -> Result<Vec<Option<(PackageRelease, Naming)>>, Error> {
        let drafts =
            crate::parallel::map(packages, |index, loaded| self.draft(index, loaded, None));
        packages
            .iter()
            .zip(drafts)
            .map(|(loaded, draft)| self.finish(loaded, None, draft?))
            .collect()
    }

    /// The version and notes of package `index`; no output, no file read
    /// but its history.
    pub(super) fn draft(
        &self,
        index: usize,
        loaded: &Loaded,
        forced: Option<&Forced>,
    ) -> Result<Draft, Error> {
        let Self {
            global,
            args,
            history,
            repository,
            date,
            ..
        } = *self;
        let naming = history.namings[index].clone();
        let previous = &history.previous[index];
        // The version bumped from: `--current`, else the last release's
        // (the manifest's, in manifest mode).
        let current = match &args.current {
            Some(text) => Some(version::parse(text)?),
            None => previous.version().cloned(),
        };
        let mut commits = history.commits(global, args, (index, loaded), previous.tag())?;
        if loaded.authors() == changelog::Authors::Shown {
            with_logins(&mut commits, self.logins);
        }
        let mut options = loaded.options.clone();
        if let Some(forced) = forced {
            options.release_as = Some(forced.version.to_string());
            if let Some(message) = &forced.synchronize {
                commits.push(Cow::Owned(commits::parse("", message)));
            }
        }
        let last_version = previous.version();
        if forced.is_none() && self.needs_snapshot(loaded, &naming, last_version, &commits) {
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
                date: date.to_owned(),
                repository: repository.clone(),
                authors: loaded.authors(),
            };
            let notes = changelog::render(
                &release,
                commits.iter().map(|commit| &**commit),
                &options.sections(),
            );
            (release, notes)
        });
        // `changelog-type: github`: the notes GitHub writes, under Release
        // Please's heading.
        let release = match (release, self.client) {
            (Some((release, _)), Some(client))
                if loaded.package.changelog_type == ChangelogType::Github =>
            {
                let body = github::releases::generated_notes(
                    client,
                    &release.tag,
                    &args.target_branch,
                    release.previous_tag.as_deref(),
                )?;
                let notes = format!("## {} ({})\n\n{body}", release.version, release.date);
                Some((release, notes))
            }
            (release, _) => release,
        };
        Ok(Draft {
            naming,
            previous: previous.clone(),
            decision,
            release,
            snapshot: false,
        })
    }

    /// Whether a `java` or `maven` package is due its snapshot release PR:
    /// after a release, until a merged release PR of the commits since
    /// names a `-SNAPSHOT` of it (the commit's first line is the PR's
    /// title, GitHub's ` (#12)` aside; a merge commit's change lines too).
    pub(super) fn needs_snapshot(
        &self,
        loaded: &Loaded,
        naming: &Naming,
        last: Option<&version::Version>,
        commits: &[Cow<'_, commits::Commit>],
    ) -> bool {
        if !java::has_snapshots(loaded.options.release_type()) {
            return false;
        }
        // A maven package whose pom already says `-SNAPSHOT` has had its
        // snapshot, whatever the merged PR was titled (a combined PR's
        // `chore: release main` names no version; Release Please would
        // propose the snapshot again and again).
        if loaded.options.release_type() == "maven" {
            let pom = crate::commands::release_args::read_if_exists(
                &self.global.repo,
                &loaded.dir(&self.global.repo).join("pom.xml"),
            )
            .ok()
            .flatten();
            let version = pom.as_deref().and_then(release::pom_version);
            if version.is_some_and(|version| version.contains("SNAPSHOT")) {
                return false;
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
        java::needs_snapshot(
            last,
            loaded.package.skip_snapshot,
            titles.iter().map(String::as_str),
            (
                naming
                    .title_pattern
                    .as_deref()
                    .unwrap_or(release::TITLE_PATTERN),
                naming.component_no_space,
            ),
            naming.component.as_deref(),
        )
    }

    /// The snapshot release after `last_version`: the version a fix would
    /// give, with `-SNAPSHOT` (Release Please's `JavaAddSnapshot`), and its
    /// fixed notes.
    pub(super) fn snapshot_draft(
        &self,
        naming: Naming,
        previous: &Previous,
        last_version: &version::Version,
        options: &version::Options,
    ) -> Result<Draft, Error> {
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
            date: self.date.to_owned(),
            repository: self.repository.clone(),
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
    pub(super) fn finish(
        &self,
        loaded: &Loaded,
        forced: Option<&Forced>,
        draft: Draft,
    ) -> Result<Option<(PackageRelease, Naming)>, Error> {
        let Draft {
            naming,
            previous,
            decision,
            release,
            snapshot,
        } = draft;
        if forced.is_none() {
            self.warn_previous(loaded, &naming, &previous);
            for warning in &decision.warnings {
                warn(warning);
            }
        }
        if let Some(tag) = release::overtaken(&self.history.tags, &naming, &decision.version)
            .filter(|_| release.is_some() && !snapshot)
        {
            let from = previous
                .version()
                .map(|version| format!("the last release, {version}"))
                .unwrap_or_else(|| "no release".to_owned());
            let why = if self.recorded {
                format!(
                    "the manifest records {from}; a tag made by hand is not a release (if `{}` was released, record its version in the manifest)",
                    tag.name
                )
            } else {
                format!("`HEAD` reaches {from}; `{}` is on another branch", tag.name)
            };
            warn(&format!(
                "`{}` {} is not above its tag `{}`: {why}",
                loaded.path, decision.version, tag.name
            ));
        }
        let Some((release, notes)) = release else {
            return Ok(None);
        };
        let repo = &self.global.repo;
        let notes = release::with_dependency_notes(
            &notes,
            &dependency_notes(repo, loaded, loaded.options.release_type(), self.together)?,
        );
        if snapshot {
            let package = PackageRelease {
                path: loaded.path.clone(),
                component: naming.component.clone(),
                version: release.version,
                previous_tag: release.previous_tag,
                tag: String::new(),
                snapshot: true,
                files: snapshot_files(loaded, repo, &decision.version, self.date, self.together)?,
                notes,
            };
            return Ok(Some((package, naming)));
        }
        let target = Target {
            version: &decision.version,
            previous: decision.previous.as_ref(),
            date: self.date,
            component: naming.branch_component.as_deref(),
        };
        let files = rewritten_files(loaded, repo, target, &notes, self.together)?;
        let package = PackageRelease {
            path: loaded.path.clone(),
            component: naming.component.clone(),
            version: release.version,
            previous_tag: release.previous_tag,
            tag: release.tag,
            snapshot: false,
            notes,
            files,
        };
        Ok(Some((package, naming)))
    }
}

impl Planner<'_> {
    /// Say where a package's notes start when the manifest and the tags
    /// disagree: a version no tag marks, or a package the manifest lacks.
    fn warn_previous(&self, loaded: &Loaded, naming: &Naming, previous: &Previous) {
        if !self.history.tags_read || !self.recorded {
            return;
        }
        let cutoff = if self.history.cutoff.is_empty() {
            "the first commit"
        } else {
            "the cut-off"
        };
        // A tag of the version exists off `HEAD`'s history: said when it
        // was set aside.
        let tagged_elsewhere = |version: &version::Version| {
            self.history.tags.iter().any(|tag| {
                tag.release.as_ref().is_some_and(|release| {
                    release.component == naming.component && release.version == *version
                })
            })
        };
        match (previous, self.versions.get(&loaded.path)) {
            (Previous::Untagged(version), _) if !tagged_elsewhere(version) => warn(&format!(
                "the manifest says `{}` is at {version}, which no tag `{}` marks: its notes take every commit back to {cutoff}, as Release Please's do; fetch the tags (`git fetch --tags`) if it exists",
                loaded.path,
                naming.tag(version)
            )),
            (Previous::First, recorded) => {
                if let Some(tag) =
                    history::latest_release(&self.history.tags, naming.component.as_deref())
                {
                    let what = match recorded {
                        Some(version) => format!(
                            "the manifest says `{}` is at {version}, which is no release",
                            loaded.path
                        ),
                        None => format!("`{}` has no version in the manifest", loaded.path),
                    };
                    warn(&format!(
                        "{what}: planned as a first release from every commit back to {cutoff}, as Release Please plans it, though `{}` is tagged; record the package's released version in the manifest",
                        tag.name
                    ));
                }
            }
            _ => {}
        }
    }
}

/// Release Please's cut-off ([`release::Config::cutoff`]) as a commit of
/// this clone; an unknown commit is an error.
pub(super) fn cutoff(
    repo: &Path,
    packages: &[Loaded],
    last: &[Option<&history::Tag>],
) -> Result<Vec<String>, Error> {
    let config = packages.first().and_then(|loaded| loaded.config.as_ref());
    let unreleased = last.iter().any(Option::is_none);
    let Some((name, sha)) = config.and_then(|config| config.cutoff(unreleased)) else {
        return Ok(Vec::new());
    };
    match history::resolve(repo, &format!("{sha}^{{commit}}"))? {
        Some(commit) => Ok(vec![commit]),
        None => Err(Error::Usage(format!(
            "`{name}` `{sha}` is not a commit of this clone: fetch the whole history (`fetch-depth: 0`) or correct release-please-config.json"
        ))),
    }
}

/// Give each commit's author the GitHub login `logins` has for it, unless
/// the author has one already.
pub(super) fn with_logins(
    commits: &mut [Cow<'_, commits::Commit>],
    logins: &HashMap<String, String>,
) {
    for commit in commits {
        let known = commit
            .author
            .as_ref()
            .is_some_and(|author| author.login().is_some());
        if let (false, Some(login)) = (known, logins.get(&commit.id)) {
            if let Some(author) = &mut commit.to_mut().author {
                author.username = Some(login.clone());
            }
        }
    }
}

/// The GitHub logins of the authors of the commits that the packages with
/// `include-commit-authors` show, by commit id.
pub(super) fn author_logins(
    planner: &Planner<'_>,
    packages: &[Loaded],
    client: &github::Client,
) -> Result<HashMap<String, String>, Error> {
    let mut wanted = HashSet::new();
    for (index, loaded) in packages.iter().enumerate() {
        if loaded.authors() != changelog::Authors::Shown {
            continue;
        }
        let last = planner.history.last(index);
        let commits =
            planner
                .history
                .commits(planner.global, planner.args, (index, loaded), last)?;
        wanted.extend(commits.iter().map(|commit| commit.id.clone()));
    }
    let Some(head) = history::resolve(&planner.global.repo, "HEAD")? else {
        return Ok(HashMap::new());
    };
    Ok(github::commits::logins(client, &head, &wanted)?)
}
