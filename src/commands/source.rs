//! Where commits come from: git (`--range`, default since the last release
//! tag) or a JSON list (`--commits FILE|-`).

use std::io::Read as _;
use std::path::{Path, PathBuf};

use cicd_core::history::{self, RawCommit};

use crate::error::Error;

/// The commit-input options shared by every command that reads commits.
#[derive(Debug, Default, clap::Args)]
pub(crate) struct SourceArgs {
    /// Revision range to read from git, e.g. `v1.2.0..HEAD` [default: since the
    /// last release tag, or all history]
    #[arg(long, value_name = "A..B", conflicts_with = "commits")]
    pub(crate) range: Option<String>,
    /// Read commits from a JSON array of `{"sha", "message", "files"?}`
    /// objects, newest first, instead of git (`-` for stdin).
    #[arg(long, value_name = "FILE|-")]
    pub(crate) commits: Option<PathBuf>,
    /// Follow only the first parent of merge commits.
    #[arg(long)]
    pub(crate) first_parent: bool,
    /// Also read the files each commit touched (same git process).
    #[arg(long)]
    pub(crate) files: bool,
    /// The component whose release tags mark the default range (`api` for
    /// `api-v1.2.3`); without it, plain `v1.2.3` tags.
    #[arg(long, value_name = "NAME")]
    pub(crate) component: Option<String>,
}

/// Commits as they arrive, from either source.
pub(crate) enum Commits {
    Git(history::Log),
    Json(std::vec::IntoIter<RawCommit>),
}

impl Iterator for Commits {
    type Item = cicd_core::Result<RawCommit>;

    fn next(&mut self) -> Option<Self::Item> {
        match self {
            Self::Git(log) => log.next(),
            Self::Json(list) => list.next().map(Ok),
        }
    }
}

impl SourceArgs {
    /// Start reading the selected commits.
    pub(crate) fn open(&self, repo: &Path) -> Result<Commits, Error> {
        self.open_with_release(repo).map(|(commits, _)| commits)
    }

    /// Start reading the selected commits; also the release tag the default
    /// range starts from, when that is how the range was chosen.
    pub(crate) fn open_with_release(
        &self,
        repo: &Path,
    ) -> Result<(Commits, Option<history::Tag>), Error> {
        if let Some(path) = &self.commits {
            let (text, origin) = read_input(path)?;
            return Ok((
                Commits::Json(history::from_json(&text, &origin)?.into_iter()),
                None,
            ));
        }
        let release = match &self.range {
            Some(_) => None,
            None => history::last_release(repo, "HEAD", self.component.as_deref())?,
        };
        let range = match (&self.range, &release) {
            (Some(range), _) => Some(range.clone()),
            (None, Some(tag)) => Some(format!("{}..HEAD", tag.name)),
            (None, None) => None,
        };
        let query = history::Query {
            range,
            first_parent: self.first_parent,
            files: self.files,
            tags: false,
            paths: Vec::new(),
            exclude: Vec::new(),
            ..history::Query::default()
        };
        Ok((Commits::Git(history::log(repo, &query)?), release))
    }
}

/// Read a file named on the command line, or stdin for `-`, as text;
/// invalid UTF-8 is replaced, as git shows it. A relative path that stays in
/// the current folder (a file of the repository, as the actions name them)
/// is read through no symbolic link.
pub(crate) fn read_input(path: &Path) -> Result<(String, String), Error> {
    let origin = path.display().to_string();
    // The system's own words for a missing file.
    let not_found = || cicd_core::Error::Read {
        path: path.to_owned(),
        source: std::fs::symlink_metadata(path)
            .err()
            .unwrap_or_else(|| std::io::ErrorKind::NotFound.into()),
    };
    let bytes = if origin == "-" {
        let mut bytes = Vec::new();
        std::io::stdin()
            .read_to_end(&mut bytes)
            .map_err(|source| cicd_core::Error::Read {
                path: path.to_owned(),
                source,
            })?;
        bytes
    } else {
        // Through no link at its last part, and bounded in size, as every
        // file read on a user's behalf.
        crate::files::read_user_bytes(path)?.ok_or_else(not_found)?
    };
    Ok((String::from_utf8_lossy(&bytes).into_owned(), origin))
}

/// Where links point: `url`, else the `origin` remote of `repo`, else
/// `GITHUB_SERVER_URL`/`GITHUB_REPOSITORY` (as in a GitHub Actions job);
/// `host` (`changelog-host`) replaces the host.
pub(crate) fn repository(
    repo: &Path,
    url: Option<&str>,
    host: Option<&str>,
) -> Result<cicd_core::changelog::Repository, Error> {
    let url = match url {
        Some(url) => url.to_owned(),
        None => history::remote_url(repo).ok().flatten().or_else(actions_repository).ok_or_else(|| {
            Error::Usage("no `origin` remote to link to: give `--repository-url https://github.com/OWNER/NAME`".to_owned())
        })?,
    };
    let mut repository = cicd_core::changelog::Repository::from_url(&url)?;
    if let Some(host) = host {
        repository.host = host.trim_end_matches('/').to_owned();
    }
    Ok(repository)
}

/// The text of `name` (a path with `/`) in the repository `repo`, and how
/// to name it in messages; `None` when it does not exist. Read inside the
/// repository only, through no symbolic link, as strict UTF-8.
pub(crate) fn read_in_repo(repo: &Path, name: &str) -> Result<Option<(String, String)>, Error> {
    let root = cicd_core::confined::Root::new(repo);
    let origin = in_repo(repo, name).display().to_string();
    Ok(root.read_text(name)?.map(|text| (text.content, origin)))
}

/// `name` in the repository directory: `cicd.toml` rather than `./cicd.toml`
/// when the repository is the current directory, so messages read well.
pub(crate) fn in_repo(repo: &Path, name: &str) -> PathBuf {
    if repo == Path::new(".") {
        PathBuf::from(name)
    } else {
        repo.join(name)
    }
}

/// The repository of a GitHub Actions job, from its environment.
fn actions_repository() -> Option<String> {
    let name = std::env::var("GITHUB_REPOSITORY").ok()?;
    let server =
        std::env::var("GITHUB_SERVER_URL").unwrap_or_else(|_| "https://github.com".to_owned());
    (!name.trim().is_empty()).then(|| format!("{}/{}", server.trim_end_matches('/'), name.trim()))
}
