//! The history a release plan reads: each package's last release and
//! commits, read once for all of them.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::OnceLock;

use super::{Package, Request};
use crate::commits::Commit;
use crate::history::{self, Folder, Query, RawCommit, Tag};
use crate::release::strategy::Repository;
use crate::release::{Naming, PackageConfig, Previous, previous_releases};
use crate::{Error, Result, changelog};

/// Each package's naming and last release, and for a monorepo the history
/// of all its packages, read once: [`super::plan`] may plan from it several
/// times (with more facts from GitHub), and a program that ends soon after
/// may keep it from being freed.
#[derive(Debug)]
pub struct PackageHistory {
    pub(super) namings: Vec<Naming>,
    /// The release each package's next one starts from: with a manifest,
    /// its version's (tagged or not); without, the highest tag `HEAD`
    /// reaches. With given commits, the manifest's version.
    pub(super) previous: Vec<Previous>,
    /// Every release tag of the repository (none with given commits), to
    /// tell when a version is not above one.
    pub(super) tags: Vec<Tag>,
    /// The commits of every package, split by folder, when there are
    /// several packages or `exclude-paths`.
    packages: Option<history::Packages<LazyCommit>>,
    /// The commits given, when the request gives them, for one package.
    given: Option<Vec<RawCommit>>,
    /// Commits older than any release: `last-release-sha`, or
    /// `bootstrap-sha` when a package has no release yet.
    pub(super) cutoff: Vec<String>,
    /// Whether the release tags were read (not with given commits, where
    /// the manifest alone says what was released).
    pub(super) tags_read: bool,
    /// Messages that merged PRs set for their merge commits, by commit id.
    overrides: HashMap<String, String>,
    /// What reading found to say.
    pub(super) warnings: Vec<String>,
}

/// `raw` with the message a merged PR's body sets for it, if any.
fn overridden(mut raw: RawCommit, overrides: &HashMap<String, String>) -> RawCommit {
    if let Some(message) = overrides.get(&raw.id) {
        raw.message.clone_from(message);
    }
    raw
}

impl PackageHistory {
    /// Read what `request` plans from, in `repo`.
    ///
    /// # Errors
    ///
    /// When the history cannot be read, a package's naming file cannot be
    /// read, or the configuration's cut-off is no commit of `repo`.
    pub fn read(repo: &dyn Repository, request: &Request) -> Result<Self> {
        let packages = &request.packages;
        let namings = packages
            .iter()
            .map(|package| package.naming(repo, &request.target_branch))
            .collect::<Result<Vec<Naming>>>()?;
        let recorded = request.manifest.as_ref().map(|manifest| &manifest.versions);
        let overrides = request.facts.overrides.clone();
        let excludes: Vec<&[String]> = packages
            .iter()
            .map(|package| package.keys.exclude_paths.as_slice())
            .collect();
        // Split by folder as Release Please does whenever a package is not
        // the root alone (its empty commits belong to every package, which
        // `git log -- PATH` would drop).
        let split = packages.iter().any(|package| package.path() != ".")
            || excludes.iter().any(|paths| !paths.is_empty());
        let folders: Vec<Folder<'_>> = packages
            .iter()
            .zip(&excludes)
            .map(|(package, exclude)| Folder {
                path: package.path(),
                exclude,
            })
            .collect();
        let keyed = keyed(packages, &namings);
        if let Some(given) = &request.commits {
            let parse = |raw| LazyCommit::new(overridden(raw, &overrides));
            let (packages, given) = if split {
                let packages = history::Packages::new(given.iter().cloned(), &folders, parse);
                (Some(packages), None)
            } else {
                (None, Some(given.clone()))
            };
            // No tags: the manifest alone says what was released.
            return Ok(Self {
                previous: previous_releases(&[], &keyed, recorded),
                namings,
                tags: Vec::new(),
                packages,
                given,
                cutoff: Vec::new(),
                tags_read: false,
                overrides,
                warnings: Vec::new(),
            });
        }
        let choose = |tags: &[Tag]| previous_releases(tags, &keyed, recorded);
        // The cut-off, resolved once for each choice of releases, and the
        // monorepo's history read down to them.
        type Read = (Option<history::Packages<LazyCommit>>, Vec<String>);
        let read = |previous: &[Previous]| -> Result<Read> {
            let boundaries: Vec<Option<&Tag>> = previous.iter().map(Previous::tag).collect();
            let cutoff = cutoff(repo, request, &boundaries)?;
            if !split {
                return Ok((None, cutoff));
            }
            let packages = history::Packages::read(
                repo.history(),
                &folders,
                &boundaries,
                request.first_parent,
                &cutoff,
                |raw| LazyCommit::new(overridden(raw, &overrides)),
            )?;
            Ok((Some(packages), cutoff))
        };
        let tags = repo.history().tags()?;
        let mut previous = choose(&tags);
        let (mut packages_read, mut cutoff) = read(&previous)?;
        // Each release tag checked to be `HEAD`'s after reading (cheaper
        // than asking which tags `HEAD` reaches).
        let mut astray = Vec::new();
        for (index, tag) in previous.iter().enumerate() {
            let Some(tag) = tag.tag() else { continue };
            let read = packages_read
                .as_ref()
                .is_some_and(|packages| packages.reaches(&tag.target));
            if !read && !repo.history().head_reaches(&tag.target)? {
                astray.push(index);
            }
        }
        let mut warnings = Vec::new();
        if !astray.is_empty() {
            if recorded.is_some() {
                // The manifest's release is tagged off this branch: its
                // version stands, its commits are not told apart.
                for index in astray {
                    if let Some(tag) = previous[index].tag() {
                        warnings.push(format!(
                            "`{}`, the tag of the version the manifest records for `{}`, is not in `HEAD`'s history: the notes take every commit back to the cut-off",
                            tag.name,
                            packages[index].path()
                        ));
                    }
                    previous[index] = previous[index].without_tag();
                }
            } else {
                // A newer release is tagged on another branch: the last
                // ones `HEAD` reaches, then.
                previous = choose(&repo.history().reachable_tags()?);
            }
            (packages_read, cutoff) = read(&previous)?;
        }
        Ok(Self {
            namings,
            previous,
            tags,
            packages: packages_read,
            given: None,
            cutoff,
            tags_read: true,
            overrides,
            warnings,
        })
    }

    /// The commits of package `index` since `last`: from the monorepo's
    /// history, from the commits given, or for a single package from the
    /// history of its folder.
    pub(super) fn commits(
        &self,
        repo: &dyn Repository,
        request: &Request,
        (index, package): (usize, &Package),
        last: Option<&Tag>,
    ) -> Result<Vec<Cow<'_, Commit>>> {
        let parse = |raw| Cow::Owned(overridden(raw, &self.overrides).into_commit());
        let commits: Vec<Cow<'_, Commit>> = if let Some(packages) = &self.packages {
            packages
                .unreleased(index, last)
                .into_iter()
                .map(|commit| Cow::Borrowed(commit.parsed()))
                .collect()
        } else if let Some(given) = &self.given {
            given.iter().cloned().map(parse).collect()
        } else {
            let query = Query {
                range: last.map(|tag| format!("{}..HEAD", tag.name)),
                first_parent: request.first_parent,
                files: false,
                tags: false,
                paths: if package.path() == "." {
                    Vec::new()
                } else {
                    vec![package.path().to_owned()]
                },
                exclude: self.cutoff.clone(),
                ..Query::default()
            };
            let mut commits = Vec::new();
            repo.history()
                .walk(&query, &mut |raw| commits.push(parse(raw)))?;
            commits
        };
        Ok(match &package.sentence_case {
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

/// Release Please's cut-off ([`crate::release::Config::cutoff`]) as a
/// commit of `repo`; an unknown commit is an error.
fn cutoff(repo: &dyn Repository, request: &Request, last: &[Option<&Tag>]) -> Result<Vec<String>> {
    let unreleased = last.iter().any(Option::is_none);
    let Some((name, sha)) = request
        .config
        .as_ref()
        .and_then(|config| config.cutoff(unreleased))
    else {
        return Ok(Vec::new());
    };
    match repo.history().resolve_commit(sha)? {
        Some(commit) => Ok(vec![commit]),
        None => Err(Error::Config {
            origin: format!("{}: {name}", request.config_origin),
            what: format!(
                "`{sha}` is not a commit of this clone: fetch the whole history (`fetch-depth: 0`) or correct the key"
            ),
        }),
    }
}

/// Each package's keys with its naming.
fn keyed<'a>(
    packages: &'a [Package],
    namings: &'a [Naming],
) -> Vec<(&'a PackageConfig, &'a Naming)> {
    packages
        .iter()
        .map(|package| &package.keys)
        .zip(namings)
        .collect()
}

/// A commit of a monorepo's history, parsed when a package first needs it:
/// the commits that every package released already are never parsed.
#[derive(Debug)]
struct LazyCommit {
    raw: RawCommit,
    parsed: OnceLock<Commit>,
}

impl LazyCommit {
    fn new(raw: RawCommit) -> Self {
        Self {
            raw,
            parsed: OnceLock::new(),
        }
    }

    fn parsed(&self) -> &Commit {
        self.parsed.get_or_init(|| self.raw.parse())
    }
}
