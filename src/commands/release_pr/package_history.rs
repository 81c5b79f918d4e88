//! The history a release PR is planned from: each package's last release
//! and commits, read once for all of them.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;

use cicd_core::changelog::{self};
use cicd_core::release::{self, Naming, Previous};
use cicd_core::{commits, history, version};

use super::Args;
use super::plan::cutoff;
use crate::commands::Global;
use crate::commands::release_args::Loaded;
use crate::error::{Error, warn};

/// Each package's naming and last release, and for a monorepo the history
/// of all its packages read at once.
pub(super) struct PackageHistory {
    pub(super) namings: Vec<Naming>,
    /// The release each package's next one starts from: with a manifest,
    /// its version's (tagged or not); without, the highest tag `HEAD`
    /// reaches. With `--commits` or `--range`, the manifest's version.
    pub(super) previous: Vec<Previous>,
    /// Every release tag of the repository (none with `--commits` or
    /// `--range`), to tell when a version is not above one.
    pub(super) tags: Vec<history::Tag>,
    /// The commits of every package, split by folder, when there are
    /// several packages or `exclude-paths`.
    pub(super) packages: Option<history::Packages<LazyCommit>>,
    /// Commits older than any release: `last-release-sha`, or
    /// `bootstrap-sha` when a package has no release yet.
    pub(super) cutoff: Vec<String>,
    /// Whether the release tags were read (not with `--commits` or
    /// `--range`, where the manifest alone says what was released).
    pub(super) tags_read: bool,
    /// Messages that merged PRs set for their merge commits, by commit id.
    pub(super) overrides: HashMap<String, String>,
}

/// `raw` with the message a merged PR's body sets for it, if any.
pub(super) fn overridden(
    mut raw: history::RawCommit,
    overrides: &HashMap<String, String>,
) -> history::RawCommit {
    if let Some(message) = overrides.get(&raw.id) {
        raw.message.clone_from(message);
    }
    raw
}

/// The manifest's versions, by package path; `None` without a manifest.
pub(super) type Recorded<'a> = Option<&'a BTreeMap<String, version::Version>>;

impl PackageHistory {
    /// The release tag package `index` starts from, if any.
    pub(super) fn last(&self, index: usize) -> Option<&history::Tag> {
        self.previous.get(index).and_then(Previous::tag)
    }

    pub(super) fn read(
        global: &Global,
        args: &Args,
        packages: &[Loaded],
        recorded: Recorded<'_>,
        overrides: &HashMap<String, String>,
    ) -> Result<Self, Error> {
        let configured = packages;
        let mut namings = Vec::new();
        for loaded in packages {
            if !loaded.dir(&global.repo).is_dir() {
                return Err(Error::Usage(format!(
                    "the package path `{}` is not a directory",
                    loaded.path
                )));
            }
            namings.push(loaded.naming(&global.repo, &args.target_branch)?);
        }
        let excludes: Vec<&[String]> = packages
            .iter()
            .map(|loaded| loaded.package.exclude_paths.as_slice())
            .collect();
        // Split by folder as Release Please does whenever a package is not
        // the root alone (its empty commits belong to every package, which
        // `git log -- PATH` would drop).
        let split = packages.iter().any(|loaded| loaded.path != ".")
            || excludes.iter().any(|paths| !paths.is_empty());
        let folders: Vec<history::Folder<'_>> = packages
            .iter()
            .zip(&excludes)
            .map(|(loaded, exclude)| history::Folder {
                path: &loaded.path,
                exclude,
            })
            .collect();
        let parse = |raw| LazyCommit::new(overridden(raw, overrides));
        let from_git = args.source.commits.is_none() && args.source.range.is_none();
        if !from_git {
            let packages_read = if split {
                let raw: Vec<history::RawCommit> = match &args.source.range {
                    Some(range) => history::read(
                        &global.repo,
                        &history::Query {
                            range: Some(range.clone()),
                            first_parent: args.source.first_parent,
                            files: true,
                            tags: false,
                            paths: Vec::new(),
                            exclude: Vec::new(),
                            ..history::Query::default()
                        },
                    )?,
                    None => args
                        .source
                        .open(&global.repo)?
                        .collect::<cicd_core::Result<_>>()?,
                };
                Some(history::Packages::new(raw, &folders, parse))
            } else {
                None
            };
            // No tags: the manifest alone says what was released.
            let previous = release::previous_releases(&[], &keyed(packages, &namings), recorded);
            return Ok(Self {
                previous,
                namings,
                tags: Vec::new(),
                packages: packages_read,
                cutoff: Vec::new(),
                tags_read: false,
                overrides: overrides.clone(),
            });
        }
        let keyed = keyed(packages, &namings);
        let choose = |tags: &[history::Tag]| release::previous_releases(tags, &keyed, recorded);
        // The cut-off, resolved once for each choice of releases, and the
        // monorepo's history read down to them.
        let read = |previous: &[Previous]| -> Result<(Option<history::Packages<LazyCommit>>, Vec<String>), Error> {
            let boundaries: Vec<Option<&history::Tag>> =
                previous.iter().map(Previous::tag).collect();
            let cutoff = cutoff(&global.repo, configured, &boundaries)?;
            if !split {
                return Ok((None, cutoff));
            }
            let packages = history::Packages::read(
                &global.repo,
                &folders,
                &boundaries,
                args.source.first_parent,
                &cutoff,
                parse,
            )?;
            Ok((Some(packages), cutoff))
        };
        let tags = history::tags(&global.repo)?;
        let mut previous = choose(&tags);
        let (mut packages_read, mut cutoff) = read(&previous)?;
        // Each release tag checked to be `HEAD`'s after reading (cheaper
        // than asking git which tags `HEAD` reaches).
        let mut astray = Vec::new();
        for (index, tag) in previous.iter().enumerate() {
            let Some(tag) = tag.tag() else { continue };
            let read = packages_read
                .as_ref()
                .is_some_and(|packages| packages.reaches(&tag.target));
            if !read && !history::is_ancestor(&global.repo, &tag.target, "HEAD")? {
                astray.push(index);
            }
        }
        if !astray.is_empty() {
            if recorded.is_some() {
                // The manifest's release is tagged off this branch: its
                // version stands, its commits are not told apart.
                for index in astray {
                    if let Some(tag) = previous[index].tag() {
                        warn(&format!(
                            "`{}`, the tag of the version the manifest records for `{}`, is not in `HEAD`'s history: the notes take every commit back to the cut-off",
                            tag.name, packages[index].path
                        ));
                    }
                    previous[index] = previous[index].without_tag();
                }
            } else {
                // A newer release is tagged on another branch: the last
                // ones `HEAD` reaches, then.
                previous = choose(&history::reachable_tags(&global.repo, "HEAD")?);
            }
            (packages_read, cutoff) = read(&previous)?;
        }
        Ok(Self {
            namings,
            previous,
            tags,
            packages: packages_read,
            cutoff,
            tags_read: true,
            overrides: overrides.clone(),
        })
    }

    /// The commits of package `index` since `last`: from the monorepo's
    /// history, from `--commits` / `--range`, or for a single package from
    /// `git log`.
    pub(super) fn commits(
        &self,
        global: &Global,
        args: &Args,
        (index, loaded): (usize, &Loaded),
        last: Option<&history::Tag>,
    ) -> Result<Vec<Cow<'_, commits::Commit>>, Error> {
        let commits: Vec<Cow<'_, commits::Commit>> = if let Some(packages) = &self.packages {
            packages
                .unreleased(index, last)
                .into_iter()
                .map(|commit| Cow::Borrowed(commit.parsed()))
                .collect()
        } else {
            // Parsed as git writes the next ones.
            let parse = |raw| Cow::Owned(overridden(raw, &self.overrides).into_commit());
            if args.source.commits.is_some() || args.source.range.is_some() {
                args.source
                    .open(&global.repo)?
                    .map(|raw| raw.map(parse))
                    .collect::<cicd_core::Result<_>>()?
            } else {
                let query = history::Query {
                    range: last.map(|tag| format!("{}..HEAD", tag.name)),
                    first_parent: args.source.first_parent,
                    files: false,
                    tags: false,
                    paths: if loaded.path == "." {
                        Vec::new()
                    } else {
                        vec![loaded.path.clone()]
                    },
                    exclude: self.cutoff.clone(),
                    ..history::Query::default()
                };
                history::log(&global.repo, &query)?
                    .map(|raw| raw.map(parse))
                    .collect::<cicd_core::Result<_>>()?
            }
        };
        Ok(match &loaded.sentence_case {
            Some(words) => {
                let owned = commits.into_iter().map(Cow::into_owned).collect();
                changelog::sentence_case(owned, words)
                    .into_iter()
                    .map(Cow::Owned)
                    .collect()
            }
            None => commits,
        })
    }
}

/// Each package's keys with its naming.
fn keyed<'a>(
    packages: &'a [Loaded],
    namings: &'a [Naming],
) -> Vec<(&'a release::PackageConfig, &'a Naming)> {
    packages
        .iter()
        .map(|loaded| &loaded.package)
        .zip(namings)
        .collect()
}

/// A commit of a monorepo's history, parsed when a package first needs it:
/// the commits that every package released already are never parsed.
#[derive(Debug)]
pub(super) struct LazyCommit {
    raw: history::RawCommit,
    parsed: OnceLock<commits::Commit>,
}

impl LazyCommit {
    pub(super) fn new(raw: history::RawCommit) -> Self {
        Self {
            raw,
            parsed: OnceLock::new(),
        }
    }

    pub(super) fn parsed(&self) -> &commits::Commit {
        self.parsed.get_or_init(|| self.raw.parse())
    }
}
