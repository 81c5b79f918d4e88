//! Who wrote a commit.

use serde::{Deserialize, Serialize};

/// A commit author.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    /// The name.
    #[serde(default)]
    pub name: String,
    /// The e-mail address.
    #[serde(default)]
    pub email: String,
    /// The GitHub login, when known (`username` or `login` in a JSON
    /// commit list, as Release Please's commits carry it).
    #[serde(default, alias = "login", skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
}

impl Person {
    /// The GitHub login: [`Self::username`], else the one GitHub's no-reply
    /// address names (`12345+octocat@users.noreply.github.com`).
    pub fn login(&self) -> Option<&str> {
        if let Some(username) = self.username.as_deref().filter(|name| !name.is_empty()) {
            return Some(username);
        }
        let local = self.email.strip_suffix("@users.noreply.github.com")?;
        let login = local
            .split_once('+')
            .map(|(_, login)| login)
            .unwrap_or(local);
        let valid = !login.is_empty()
            && login.len() <= 39
            && !login.starts_with('-')
            && login
                .bytes()
                .all(|byte| byte.is_ascii_alphanumeric() || byte == b'-');
        valid.then_some(login)
    }
}

#[cfg(test)]
mod tests {
    use super::Person;

    fn person(email: &str, username: Option<&str>) -> Person {
        Person {
            name: "Octo Cat".to_owned(),
            email: email.to_owned(),
            username: username.map(str::to_owned),
        }
    }

    #[test]
    fn logins_come_from_the_username_or_a_no_reply_address() {
        let login = |email, username| person(email, username).login().map(str::to_owned);
        assert_eq!(
            login("a@example.com", Some("octo")).as_deref(),
            Some("octo")
        );
        assert_eq!(
            login("583231+octocat@users.noreply.github.com", None).as_deref(),
            Some("octocat")
        );
        assert_eq!(
            login("octo-cat@users.noreply.github.com", None).as_deref(),
            Some("octo-cat")
        );
        for email in [
            "octocat@example.com",
            "@users.noreply.github.com",
            "1+-bad@users.noreply.github.com",
            "a_b@users.noreply.github.com",
        ] {
            assert_eq!(login(email, None), None, "{email}");
        }
        assert_eq!(login("a@example.com", Some("")), None);
    }
}
