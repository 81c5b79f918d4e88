//! Tokens are never printed: every line the CLI writes (stdout, warnings,
//! errors, step outputs) passes through [`redact`], which replaces the
//! tokens of this process's environment with `***`. GitHub masks them in
//! its logs too, but not in a file, a PR body or another tool's output.

use std::borrow::Cow;
use std::sync::OnceLock;

/// The environment variables that may hold a token.
const TOKEN_VARIABLES: [&str; 3] = ["GITHUB_TOKEN", "GH_TOKEN", "INPUT_TOKEN"];

/// What a token is replaced with.
const MASK: &str = "***";

/// `text` with every token of the environment replaced by `***`.
pub(crate) fn redact(text: &str) -> Cow<'_, str> {
    redact_with(text, secrets())
}

/// Whether there is any token to hide (none in most local runs, so output
/// is written as it is).
pub(crate) fn any() -> bool {
    !secrets().is_empty()
}

/// The tokens to hide: those of the environment long enough to be one (a
/// short value would hide ordinary words).
fn secrets() -> &'static [String] {
    static SECRETS: OnceLock<Vec<String>> = OnceLock::new();
    SECRETS.get_or_init(|| {
        let mut secrets: Vec<String> = TOKEN_VARIABLES
            .iter()
            .filter_map(|name| std::env::var(name).ok())
            .map(|value| value.trim().to_owned())
            .filter(|value| value.len() >= 8)
            .collect();
        // The longest first, so that one token inside another is hidden whole.
        secrets.sort_by_key(|secret| std::cmp::Reverse(secret.len()));
        secrets.dedup();
        secrets
    })
}

fn redact_with<'a>(text: &'a str, secrets: &[String]) -> Cow<'a, str> {
    let mut out = Cow::Borrowed(text);
    for secret in secrets {
        if out.contains(secret.as_str()) {
            out = Cow::Owned(out.replace(secret.as_str(), MASK));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_masked_wherever_they_appear() {
        let secrets = ["ghs_0123456789abcdef".to_owned()];
        assert_eq!(
            redact_with("Bad credentials: ghs_0123456789abcdef!", &secrets),
            "Bad credentials: ***!"
        );
        assert!(matches!(
            redact_with("nothing here", &secrets),
            Cow::Borrowed("nothing here")
        ));
    }
}
