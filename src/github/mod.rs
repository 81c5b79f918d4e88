//! A small GitHub REST client, used only when a token is given: JSON in and
//! out, pages followed through `Link`, 5xx answers and rate limits retried
//! (`retry`). It never prints the token; errors name the request (method and
//! path) and what to do.

pub(crate) mod comments;
pub(crate) mod commits;
pub(crate) mod pulls;
pub(crate) mod releases;
mod retry;

use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde_json::Value;

/// The default API root.
const PUBLIC_API: &str = "https://api.github.com";

/// `/repos/{repository}{rest}`: a path in another repository than the
/// client's (a fork).
pub(crate) fn path_in(repository: &str, rest: &str) -> String {
    format!("/repos/{repository}{rest}")
}

/// Why a request to GitHub failed.
#[derive(Debug, thiserror::Error)]
#[error("GitHub: `{request}` {what}{hint}")]
pub(crate) struct ApiError {
    /// `POST /repos/o/r/pulls`.
    pub(crate) request: String,
    /// The HTTP status, when GitHub answered.
    pub(crate) status: Option<u16>,
    /// GitHub's `message` and `errors` codes, or the transport failure.
    what: String,
    /// What to do about it (empty when nothing specific helps).
    hint: &'static str,
    /// `errors[].code` of a 422 (`already_exists`, `custom`…).
    codes: Vec<String>,
}

impl ApiError {
    /// A 422 saying the thing to create is there already.
    pub(crate) fn already_exists(&self) -> bool {
        self.status == Some(422) && self.codes.iter().any(|code| code == "already_exists")
    }

    /// A 404 or a 422: the thing asked about is not there (a ref, a release).
    pub(crate) fn not_found(&self) -> bool {
        matches!(self.status, Some(404 | 422))
    }
}

/// The HTTP methods the client uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Method {
    Get,
    Post,
    Patch,
    Delete,
}

impl Method {
    fn as_str(self) -> &'static str {
        match self {
            Self::Get => "GET",
            Self::Post => "POST",
            Self::Patch => "PATCH",
            Self::Delete => "DELETE",
        }
    }
}

/// A client for one repository.
pub(crate) struct Client {
    agent: ureq::Agent,
    /// `https://api.github.com`, or `GITHUB_API_URL` (GitHub Enterprise, a
    /// fake in tests), without a trailing `/`.
    api: String,
    token: String,
    /// `OWNER/NAME`.
    pub(crate) repository: String,
    requests: AtomicU32,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("api", &self.api)
            .field("token", &"***")
            .field("repository", &self.repository)
            .finish_non_exhaustive()
    }
}

/// The token from `GITHUB_TOKEN`, else `GH_TOKEN`; `None` when neither is
/// set or both are empty.
pub(crate) fn token_from_env() -> Option<String> {
    ["GITHUB_TOKEN", "GH_TOKEN"]
        .iter()
        .filter_map(|name| std::env::var(name).ok())
        .map(|token| token.trim().to_owned())
        .find(|token| !token.is_empty())
}

impl Client {
    /// A client for `repository` (`OWNER/NAME`) with `token`, talking to
    /// `GITHUB_API_URL` (default `https://api.github.com`).
    pub(crate) fn new(token: String, repository: String) -> Self {
        let api = std::env::var("GITHUB_API_URL")
            .ok()
            .map(|url| url.trim().trim_end_matches('/').to_owned())
            .filter(|url| !url.is_empty())
            .unwrap_or_else(|| PUBLIC_API.to_owned());
        let config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(60)))
            .user_agent(concat!("cicd/", env!("CARGO_PKG_VERSION")))
            .build();
        Self {
            agent: config.into(),
            api,
            token,
            repository,
            requests: AtomicU32::new(0),
        }
    }

    /// How many requests were sent (retries included).
    pub(crate) fn requests(&self) -> u32 {
        self.requests.load(Ordering::Relaxed)
    }

    /// `/repos/OWNER/NAME{rest}`.
    pub(crate) fn repo_path(&self, rest: &str) -> String {
        path_in(&self.repository, rest)
    }

    /// `GET path`.
    pub(crate) fn get(&self, path: &str) -> Result<Value, ApiError> {
        Ok(self.send(Method::Get, &self.url(path), None)?.0)
    }

    /// Every item of a list, following `Link: <…>; rel="next"`, up to
    /// `limit` items.
    pub(crate) fn get_all(&self, path: &str, limit: usize) -> Result<Vec<Value>, ApiError> {
        let mut items = Vec::new();
        let mut next = Some(self.url(path));
        while let Some(url) = next.take() {
            let (page, link) = self.send(Method::Get, &url, None)?;
            match page {
                Value::Array(page) => items.extend(page),
                other => {
                    return Err(self.error(
                        Method::Get,
                        &url,
                        None,
                        format!("answered {} where a list was expected", kind(&other)),
                    ));
                }
            }
            if items.len() >= limit {
                items.truncate(limit);
                break;
            }
            next = self.next_page(&url, link.as_deref())?;
        }
        Ok(items)
    }

    /// Every page of `path` as GitHub sends it (object pages such as
    /// check runs'), following `Link`, up to `limit` pages.
    pub(crate) fn get_pages(&self, path: &str, limit: usize) -> Result<Vec<Value>, ApiError> {
        let mut pages = Vec::new();
        let mut next = Some(self.url(path));
        while let Some(url) = next.take() {
            let (page, link) = self.send(Method::Get, &url, None)?;
            pages.push(page);
            if pages.len() >= limit {
                break;
            }
            next = self.next_page(&url, link.as_deref())?;
        }
        Ok(pages)
    }

    /// `method path` with a JSON `body`.
    pub(crate) fn send_json(
        &self,
        method: Method,
        path: &str,
        body: &Value,
    ) -> Result<Value, ApiError> {
        Ok(self.send(method, &self.url(path), Some(body))?.0)
    }

    /// `DELETE path`.
    pub(crate) fn delete(&self, path: &str) -> Result<(), ApiError> {
        self.send(Method::Delete, &self.url(path), None).map(|_| ())
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.api)
    }

    /// The next page a `Link` header of the answer to `url` names, when it
    /// is on the API's own origin: the token goes nowhere else.
    fn next_page(&self, url: &str, link: Option<&str>) -> Result<Option<String>, ApiError> {
        let Some(next) = link.and_then(next_page) else {
            return Ok(None);
        };
        if origin(&next) != origin(&self.api) {
            return Err(self.error(
                Method::Get,
                url,
                None,
                format!(
                    "answered with a next page on another origin (`{}`), which is not followed: the token is sent only to `{}`",
                    cicd_core::confined::escape_control(&origin(&next)),
                    origin(&self.api)
                ),
            ));
        }
        Ok(Some(next))
    }

    /// One request, retried as `retry` says; the answer's JSON (`null` when
    /// empty) and its `Link` header.
    fn send(
        &self,
        method: Method,
        url: &str,
        body: Option<&Value>,
    ) -> Result<(Value, Option<String>), ApiError> {
        let payload = body.map(Value::to_string).unwrap_or_default();
        let mut attempt = 0;
        loop {
            attempt += 1;
            self.requests.fetch_add(1, Ordering::Relaxed);
            let request = ureq::http::Request::builder()
                .method(method.as_str())
                .uri(url)
                .header("Accept", "application/vnd.github+json")
                .header("Authorization", format!("Bearer {}", self.token))
                .header("X-GitHub-Api-Version", "2022-11-28")
                .header("Content-Type", "application/json")
                .body(payload.clone())
                .map_err(|err| self.error(method, url, None, err.to_string()))?;
            let mut response = match self.agent.run(request) {
                Ok(response) => response,
                // The connection failed: try again as for a 5xx.
                Err(_) if attempt < retry::ATTEMPTS => {
                    std::thread::sleep(retry::backoff(attempt));
                    continue;
                }
                Err(err) => return Err(self.error(method, url, None, err.to_string())),
            };
            let status = response.status().as_u16();
            let header = |name: &str| {
                response
                    .headers()
                    .get(name)
                    .and_then(|value| value.to_str().ok())
                    .map(str::to_owned)
            };
            let (retry_after, remaining, reset, link) = (
                header("retry-after"),
                header("x-ratelimit-remaining"),
                header("x-ratelimit-reset"),
                header("link"),
            );
            let text = response
                .body_mut()
                .with_config()
                .limit(64 << 20)
                .read_to_string()
                .map_err(|err| self.error(method, url, Some(status), err.to_string()))?;
            let json = if text.trim().is_empty() {
                Value::Null
            } else {
                serde_json::from_str(&text).map_err(|err| {
                    self.error(
                        method,
                        url,
                        Some(status),
                        format!("answered with JSON that does not parse ({err})"),
                    )
                })?
            };
            if (200..300).contains(&status) {
                return Ok((json, link));
            }
            let hints = retry::Hints {
                retry_after: retry_after.as_deref(),
                remaining: remaining.as_deref(),
                reset: reset.as_deref(),
            };
            match retry::verdict(status, &hints, attempt, now()) {
                retry::Verdict::RetryAfter(wait) => std::thread::sleep(wait),
                retry::Verdict::TooLong(wait) => {
                    return Err(self.error(
                        method,
                        url,
                        Some(status),
                        format!(
                            "hit the rate limit, which lifts in {} s (more than the {} s this waits)",
                            wait.as_secs(),
                            retry::LONGEST_WAIT.as_secs()
                        ),
                    ));
                }
                retry::Verdict::Final => return Err(self.refusal(method, url, status, &json)),
            }
        }
    }

    /// The error for a final non-2xx answer, with GitHub's message.
    fn refusal(&self, method: Method, url: &str, status: u16, json: &Value) -> ApiError {
        let message = json
            .get("message")
            .and_then(Value::as_str)
            .unwrap_or("(no message)");
        let details: Vec<String> = json
            .get("errors")
            .and_then(Value::as_array)
            .map(|errors| {
                errors
                    .iter()
                    .map(|error| match error {
                        Value::String(text) => text.clone(),
                        other => other
                            .get("message")
                            .or_else(|| other.get("code"))
                            .and_then(Value::as_str)
                            .unwrap_or_default()
                            .to_owned(),
                    })
                    .filter(|text| !text.is_empty())
                    .collect()
            })
            .unwrap_or_default();
        let codes = json
            .get("errors")
            .and_then(Value::as_array)
            .map(|errors| {
                errors
                    .iter()
                    .filter_map(|error| error.get("code").and_then(Value::as_str))
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default();
        let mut what = format!("failed with {status}: {message}");
        if !details.is_empty() {
            what.push_str(&format!(" ({})", details.join("; ")));
        }
        let mut error = self.error(method, url, Some(status), what);
        error.codes = codes;
        error
    }

    /// An answer to `method path` that lacks what GitHub always sends.
    pub(crate) fn unexpected(&self, method: Method, path: &str, what: &str) -> ApiError {
        ApiError {
            request: format!("{} {}", method.as_str(), self.repo_path(path)),
            status: None,
            what: format!("answered {what}"),
            hint: "; is GITHUB_API_URL a GitHub API?",
            codes: Vec::new(),
        }
    }

    fn error(&self, method: Method, url: &str, status: Option<u16>, what: String) -> ApiError {
        let path = url.strip_prefix(&self.api).unwrap_or(url);
        let hint = match status {
            Some(401) => "; check that GITHUB_TOKEN (or GH_TOKEN) holds a valid token",
            Some(403) => {
                "; the token lacks a permission: grant it `contents: write` and `pull-requests: write`"
            }
            Some(404) => {
                "; check GITHUB_REPOSITORY (or `--repository`) and that the token can see the repository"
            }
            None => "; check GITHUB_API_URL and the network",
            _ => "",
        };
        ApiError {
            request: format!("{} {}", method.as_str(), path),
            status,
            // A server may echo the token: every printed line is redacted
            // (`crate::redact`), this message as well.
            what,
            hint,
            codes: Vec::new(),
        }
    }
}

/// The scheme and authority of `url` (`https://api.github.com`), compared
/// as ASCII-lowercase text.
fn origin(url: &str) -> String {
    let (scheme, rest) = url.split_once("://").unwrap_or(("", url));
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    format!("{scheme}://{authority}").to_ascii_lowercase()
}

/// The `rel="next"` URL of a `Link` header.
fn next_page(link: &str) -> Option<String> {
    link.split(',').find_map(|part| {
        let (url, params) = part.split_once(';')?;
        params
            .split(';')
            .any(|param| param.trim() == "rel=\"next\"")
            .then(|| {
                url.trim()
                    .trim_start_matches('<')
                    .trim_end_matches('>')
                    .to_owned()
            })
    })
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "nothing",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|since| since.as_secs())
        .unwrap_or_default()
}

/// A path segment with everything but unreserved characters percent-encoded
/// (label names such as `autorelease: pending`, branch names with `/`).
pub(crate) fn escape(segment: &str) -> String {
    let mut out = String::with_capacity(segment.len());
    for byte in segment.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_next_page_is_read_from_the_link_header() {
        let link = "<https://api.github.com/repositories/1/pulls?page=2>; rel=\"next\", \
                    <https://api.github.com/repositories/1/pulls?page=5>; rel=\"last\"";
        assert_eq!(
            next_page(link).as_deref(),
            Some("https://api.github.com/repositories/1/pulls?page=2")
        );
        assert_eq!(
            next_page("<https://x/?page=1>; rel=\"prev\", <https://x/?page=1>; rel=\"first\""),
            None
        );
        assert_eq!(next_page("garbage"), None);
    }

    #[test]
    fn origins_are_scheme_and_authority() {
        assert_eq!(
            origin("https://API.github.com/repos/a?page=2"),
            "https://api.github.com"
        );
        assert_eq!(origin("https://ghe.example/api/v3"), "https://ghe.example");
        assert_ne!(
            origin("https://api.github.com.evil/x"),
            origin("https://api.github.com")
        );
        assert_ne!(
            origin("http://127.0.0.1:81/x"),
            origin("http://127.0.0.1:80")
        );
    }

    #[test]
    fn path_segments_are_escaped() {
        assert_eq!(escape("autorelease: pending"), "autorelease%3A%20pending");
        assert_eq!(escape("v1.2.3"), "v1.2.3");
        assert_eq!(escape("api/v1"), "api%2Fv1");
    }

    #[test]
    fn the_token_never_shows_in_debug_output() {
        let client = Client::new("ghp_secret".to_owned(), "o/r".to_owned());
        assert!(!format!("{client:?}").contains("ghp_secret"));
    }
}
