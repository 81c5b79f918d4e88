//! The options of the commands that can talk to GitHub, and the client they
//! make: only with a token, never with `--offline`.

use cicd_core::changelog::Repository;

use crate::error::Error;
use crate::github::{self, Client};

/// Where on GitHub, and whether to go there at all.
#[derive(Debug, clap::Args)]
pub(crate) struct GitHubArgs {
    /// The GitHub repository, `OWNER/NAME` [default: `GITHUB_REPOSITORY`,
    /// else the repository links point to]
    #[arg(long = "repository", value_name = "OWNER/NAME")]
    repository: Option<String>,
    /// Never contact GitHub, even with a token in `GITHUB_TOKEN` or
    /// `GH_TOKEN`.
    #[arg(long)]
    offline: bool,
}

impl GitHubArgs {
    /// A client when a token is set and `--offline` is not given; `links`
    /// (the repository of the notes' links) names the repository last.
    pub(crate) fn client(&self, links: Option<&Repository>) -> Result<Option<Client>, Error> {
        if self.offline {
            return Ok(None);
        }
        let Some(token) = github::token_from_env() else {
            return Ok(None);
        };
        let named = self
            .repository
            .clone()
            .or_else(|| std::env::var("GITHUB_REPOSITORY").ok())
            .map(|name| name.trim().to_owned())
            .filter(|name| !name.is_empty())
            .or_else(|| links.map(|links| format!("{}/{}", links.owner, links.name)));
        let Some(repository) = named else {
            return Err(Error::Usage(
                "a token is set but no repository is named: give `--repository OWNER/NAME` or set GITHUB_REPOSITORY (or `--offline`)"
                    .to_owned(),
            ));
        };
        let valid = repository.split_once('/').is_some_and(|(owner, name)| {
            !owner.is_empty() && !name.is_empty() && !name.contains('/')
        });
        if !valid {
            return Err(Error::Usage(format!(
                "`{repository}` is no GitHub repository: expected `OWNER/NAME`"
            )));
        }
        Ok(Some(Client::new(token, repository)))
    }

    /// A client, or the reason there is none.
    pub(crate) fn required_client(&self, links: Option<&Repository>) -> Result<Client, Error> {
        if self.offline {
            return Err(Error::Usage(
                "this command works on GitHub and `--offline` forbids it".to_owned(),
            ));
        }
        self.client(links)?.ok_or_else(|| {
            Error::Usage(
                "this command works on GitHub: set GITHUB_TOKEN (or GH_TOKEN) to a token with `contents: write` and `pull-requests: write`"
                    .to_owned(),
            )
        })
    }
}
