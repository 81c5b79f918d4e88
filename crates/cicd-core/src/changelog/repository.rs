//! Where release notes link to, and commit ids kept small.

use serde::Serialize;

use crate::{Error, Result};

/// Where links point: `{host}/{owner}/{name}/commit/…`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Repository {
    /// `https://github.com`, or a GitHub Enterprise host (`changelog-host`).
    pub host: String,
    /// The owner.
    pub owner: String,
    /// The repository name.
    pub name: String,
}

impl Repository {
    /// Read `https://github.com/OWNER/NAME` (a trailing `.git` or `/` is fine),
    /// or a remote's `git@github.com:OWNER/NAME.git` or `ssh://…` form (links
    /// then use `https://`).
    ///
    /// # Errors
    ///
    /// [`Error::Config`] when the URL has no host, owner and name.
    pub fn from_url(url: &str) -> Result<Self> {
        let error = || Error::Config {
            origin: "--repository-url".to_owned(),
            what: format!("`{url}`: expected a URL like `https://github.com/OWNER/NAME`"),
        };
        let trimmed = url.trim().trim_end_matches('/');
        let trimmed = trimmed.strip_suffix(".git").unwrap_or(trimmed);
        let scp;
        let (scheme, rest) = match trimmed.split_once("://") {
            Some(("ssh" | "git", rest)) => (
                "https",
                rest.split_once('@').map(|(_, host)| host).unwrap_or(rest),
            ),
            Some(parts) => parts,
            None => {
                // `git@host:owner/name`
                let (user_host, path) = trimmed.split_once(':').ok_or_else(error)?;
                let host = user_host
                    .split_once('@')
                    .map(|(_, host)| host)
                    .unwrap_or(user_host);
                scp = format!("{host}/{path}");
                ("https", scp.as_str())
            }
        };
        let mut parts = rest.split('/');
        let (Some(host), Some(owner), Some(name), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(error());
        };
        if host.is_empty() || owner.is_empty() || name.is_empty() {
            return Err(error());
        }
        Ok(Self {
            host: format!("{scheme}://{host}"),
            owner: owner.to_owned(),
            name: name.to_owned(),
        })
    }

    pub(super) fn url(&self) -> String {
        format!("{}/{}/{}", self.host, self.owner, self.name)
    }
}

/// A commit id kept in 20 bytes when it is a SHA-1 in (lower-case) hex.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Sha {
    Sha1([u8; 20]),
    Text(Box<str>),
}

impl Sha {
    pub(super) fn of(id: &str) -> Self {
        let bytes = id.as_bytes();
        let nibble = |b: u8| match b {
            b'0'..=b'9' => Some(b - b'0'),
            b'a'..=b'f' => Some(b - b'a' + 10),
            _ => None,
        };
        if bytes.len() == 40 {
            let mut sha = [0u8; 20];
            let decoded = sha.iter_mut().enumerate().all(|(at, byte)| {
                match (nibble(bytes[2 * at]), nibble(bytes[2 * at + 1])) {
                    (Some(high), Some(low)) => {
                        *byte = high << 4 | low;
                        true
                    }
                    _ => false,
                }
            });
            if decoded {
                return Self::Sha1(sha);
            }
        }
        Self::Text(id.into())
    }

    pub(super) fn text(&self) -> std::borrow::Cow<'_, str> {
        match self {
            Self::Sha1(bytes) => {
                const DIGITS: &[u8; 16] = b"0123456789abcdef";
                let mut text = String::with_capacity(40);
                for byte in bytes {
                    text.push(char::from(DIGITS[usize::from(byte >> 4)]));
                    text.push(char::from(DIGITS[usize::from(byte & 0xf)]));
                }
                text.into()
            }
            Self::Text(text) => std::borrow::Cow::Borrowed(text),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repository_urls_are_read_with_or_without_git() {
        let repository =
            Repository::from_url("https://github.example.com/acme/widget.git").unwrap();
        assert_eq!(repository.url(), "https://github.example.com/acme/widget");
        for remote in [
            "git@github.com:acme/widget.git",
            "ssh://git@github.com/acme/widget",
            "https://github.com/acme/widget/",
        ] {
            assert_eq!(
                Repository::from_url(remote).unwrap().url(),
                "https://github.com/acme/widget",
                "{remote}"
            );
        }
        assert!(Repository::from_url("github.com/acme").is_err());
    }

    #[test]
    fn sha1_ids_round_trip_through_twenty_bytes() {
        let id = "0123456789abcdef0123456789abcdef01234567";
        assert!(matches!(Sha::of(id), Sha::Sha1(_)));
        assert_eq!(Sha::of(id).text(), id);
        assert_eq!(Sha::of("b2").text(), "b2");
    }
}
