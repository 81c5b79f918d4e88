//! A fake GitHub REST API served on loopback, with state: pull requests,
//! labels, comments, git refs, trees, commits and releases, answered with
//! payloads shaped like GitHub's. Point `GITHUB_API_URL` at [`FakeGitHub::url`]
//! and assert on [`FakeGitHub::requests`] and the state it holds.

use std::collections::{BTreeMap, VecDeque};
use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex, MutexGuard};

use serde_json::{Value, json};

/// One request the fake received.
#[derive(Clone, Debug)]
pub struct Request {
    pub method: String,
    /// The path and query, percent-decoded (`/repos/o/r/issues/1/labels/autorelease: pending`).
    pub path: String,
    /// The JSON body (`null` when none).
    pub body: Value,
}

/// A canned answer served before the normal ones (fault injection).
#[derive(Clone, Debug)]
pub struct Fault {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Value,
}

#[derive(Debug, Default)]
struct State {
    token: String,
    repository: String,
    requests: Vec<Request>,
    faults: VecDeque<Fault>,
    /// Faults to queue once a request (`METHOD path`) has been answered.
    armed: Option<(String, Vec<Fault>)>,
    pulls: Vec<Value>,
    /// Issue comments: `id`, `issue`, `body`, `user` (`login`, `type`).
    comments: Vec<Value>,
    refs: BTreeMap<String, String>,
    trees: Vec<Value>,
    commits: Vec<Value>,
    releases: Vec<Value>,
    check_runs: Vec<Value>,
    statuses: Vec<Value>,
    workflow_runs: Vec<Value>,
    rules: BTreeMap<String, Value>,
    next_id: u64,
    page_size: usize,
    /// The token owner's login (who forks).
    user: String,
    /// The token owner's fork, once made (`user/name`), and its refs.
    fork: Option<String>,
    fork_refs: BTreeMap<String, String>,
    /// How many more times the fork answers `merge-upstream` with 404 (as
    /// a fork GitHub is still making).
    fork_not_ready: u32,
    /// The commit list, newest first: ids and their authors' logins.
    commit_list: Vec<(String, Option<String>)>,
}

/// The fake server; it lives as long as the test process.
#[derive(Debug, Clone)]
pub struct FakeGitHub {
    url: String,
    state: Arc<Mutex<State>>,
}

impl FakeGitHub {
    /// Serve `repository` (`owner/name`), accepting only `token`.
    ///
    /// # Panics
    ///
    /// When no loopback port can be bound (a test set-up failure).
    pub fn start(repository: &str, token: &str) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a loopback port");
        let url = format!(
            "http://{}",
            listener.local_addr().expect("the bound loopback address")
        );
        let state = Arc::new(Mutex::new(State {
            token: token.to_owned(),
            repository: repository.to_owned(),
            next_id: 1,
            page_size: 100,
            user: "cicd-bot".to_owned(),
            ..State::default()
        }));
        let shared = Arc::clone(&state);
        let base = url.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let state = Arc::clone(&shared);
                let base = base.clone();
                std::thread::spawn(move || serve(stream, &state, &base));
            }
        });
        Self { url, state }
    }

    /// The API root to put in `GITHUB_API_URL`.
    pub fn url(&self) -> &str {
        &self.url
    }

    fn state(&self) -> MutexGuard<'_, State> {
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Every request so far, in order.
    pub fn requests(&self) -> Vec<Request> {
        self.state().requests.clone()
    }

    /// `METHOD path` of every request whose method is not GET.
    pub fn writes(&self) -> Vec<String> {
        self.requests()
            .iter()
            .filter(|request| request.method != "GET")
            .map(|request| format!("{} {}", request.method, request.path))
            .collect()
    }

    /// Forget the requests seen so far.
    pub fn clear_requests(&self) {
        self.state().requests.clear();
    }

    /// Answer the next requests with these faults first.
    pub fn fail_next(&self, faults: impl IntoIterator<Item = Fault>) {
        self.state().faults.extend(faults);
    }

    /// Answer the requests after the first `METHOD path` one with these
    /// faults.
    pub fn fail_after(&self, request: &str, faults: impl IntoIterator<Item = Fault>) {
        self.state().armed = Some((request.to_owned(), faults.into_iter().collect()));
    }

    /// List pages of this many items (GitHub's `per_page` is capped by it).
    pub fn set_page_size(&self, size: usize) {
        self.state().page_size = size.max(1);
    }

    /// The pull requests, as GitHub shows them.
    pub fn pulls(&self) -> Vec<Value> {
        self.state().pulls.clone()
    }

    /// The releases.
    pub fn releases(&self) -> Vec<Value> {
        self.state().releases.clone()
    }

    /// The comments, as (issue number, body).
    pub fn comments(&self) -> Vec<(u64, String)> {
        self.state()
            .comments
            .iter()
            .map(|comment| {
                (
                    comment["issue"].as_u64().unwrap_or_default(),
                    comment["body"].as_str().unwrap_or_default().to_owned(),
                )
            })
            .collect()
    }

    /// A comment on issue `issue` by `login`, a user of `kind` (`User`,
    /// `Bot`), as someone else wrote it.
    pub fn add_comment(&self, issue: u64, body: &str, login: &str, kind: &str) {
        let mut state = self.state();
        let id = state.next_id;
        state.next_id += 1;
        state.comments.push(json!({
            "id": id,
            "issue": issue,
            "body": body,
            "user": {"login": login, "type": kind},
        }));
    }

    /// The refs (`refs/heads/…`, `refs/tags/…`) and what they point to.
    pub fn refs(&self) -> BTreeMap<String, String> {
        self.state().refs.clone()
    }

    /// The fork made of the repository (`user/name`), if any.
    pub fn fork(&self) -> Option<String> {
        self.state().fork.clone()
    }

    /// The fork's refs and what they point to.
    pub fn fork_refs(&self) -> BTreeMap<String, String> {
        self.state().fork_refs.clone()
    }

    /// Have a new fork answer `merge-upstream` with 404 this many times
    /// first, as GitHub does while it makes the fork.
    pub fn fork_not_ready(&self, times: u32) {
        self.state().fork_not_ready = times;
    }

    /// Add a commit to the list `GET /commits` serves (newest first, so
    /// add the oldest first), its author linked to `login` when given.
    pub fn add_listed_commit(&self, sha: &str, login: Option<&str>) {
        self.state()
            .commit_list
            .insert(0, (sha.to_owned(), login.map(str::to_owned)));
    }

    /// The trees made, as posted.
    pub fn trees(&self) -> Vec<Value> {
        self.state().trees.clone()
    }

    /// The commits made, as posted (with their `sha`).
    pub fn commits(&self) -> Vec<Value> {
        self.state().commits.clone()
    }

    /// Add a check run (GitHub's shape) of a commit.
    pub fn add_check_run(&self, run: Value) {
        self.state().check_runs.push(run);
    }

    /// Add a commit status (GitHub's shape; `sha` names its commit).
    pub fn add_status(&self, status: Value) {
        self.state().statuses.push(status);
    }

    /// Add a workflow run (GitHub's shape).
    pub fn add_workflow_run(&self, run: Value) {
        self.state().workflow_runs.push(run);
    }

    /// Set the rules `GET /rules/branches/{branch}` answers.
    pub fn set_rules(&self, branch: &str, rules: Value) {
        self.state().rules.insert(branch.to_owned(), rules);
    }

    /// Add a pull request as another tool would have made it.
    pub fn add_pull(
        &self,
        head: &str,
        base: &str,
        title: &str,
        body: &str,
        labels: &[&str],
    ) -> u64 {
        let mut state = self.state();
        let number = state.pulls.len() as u64 + 1;
        let pull = pull_json(&state.repository, number, head, base, title, body, labels);
        state.pulls.push(pull);
        number
    }

    /// Close PR `number` without merging it.
    pub fn close(&self, number: u64) {
        let mut state = self.state();
        if let Some(pull) = state.pulls.iter_mut().find(|pull| pull["number"] == number) {
            pull["state"] = json!("closed");
        }
    }

    /// Merge PR `number` as `merge_commit_sha`.
    pub fn merge(&self, number: u64, merge_commit_sha: &str) {
        let mut state = self.state();
        if let Some(pull) = state.pulls.iter_mut().find(|pull| pull["number"] == number) {
            pull["state"] = json!("closed");
            pull["merged_at"] = json!("2026-11-27T12:00:00Z");
            pull["merge_commit_sha"] = json!(merge_commit_sha);
        }
    }
}

/// Whether a PR body is longer than GitHub takes (65,536 UTF-16 code units).
fn too_long(body: &Value) -> bool {
    body.as_str()
        .is_some_and(|text| text.encode_utf16().count() > 65_536)
}

/// `GET /contents/{file}?ref={branch}`: the file as the commit that
/// `branch` points to (in `refs`) wrote it, base64-encoded in lines as
/// GitHub sends it.
fn file_at(state: &State, refs: &BTreeMap<String, String>, branch: &str, file: &str) -> Answer {
    let content = refs
        .get(&format!("refs/heads/{branch}"))
        .and_then(|sha| {
            state
                .commits
                .iter()
                .find(|commit| commit["sha"] == sha.as_str())
        })
        .and_then(|commit| {
            state
                .trees
                .iter()
                .find(|tree| tree["sha"] == commit["tree"])
        })
        .and_then(|tree| {
            tree["tree"]
                .as_array()?
                .iter()
                .find(|entry| entry["path"] == file)?["content"]
                .as_str()
                .map(str::to_owned)
        });
    match content {
        Some(content) => {
            let encoded = base64::Engine::encode(
                &base64::engine::general_purpose::STANDARD,
                content.as_bytes(),
            );
            let lines: Vec<&str> = encoded
                .as_bytes()
                .chunks(60)
                .filter_map(|chunk| std::str::from_utf8(chunk).ok())
                .collect();
            (
                200,
                Vec::new(),
                json!({"type": "file", "path": file, "encoding": "base64", "content": lines.join("\n")}),
            )
        }
        None => not_found(),
    }
}

/// The routes of the token owner's fork: syncing it, and git data on it.
fn answer_fork(
    state: &mut State,
    method: &str,
    (rest, query): (&str, &BTreeMap<String, String>),
    body: &Value,
) -> Answer {
    let segments: Vec<&str> = rest.trim_start_matches('/').split('/').collect();
    match (method, segments.as_slice()) {
        ("GET", ["contents", file @ ..]) => {
            let branch = query.get("ref").cloned().unwrap_or_default();
            let refs = state.fork_refs.clone();
            file_at(state, &refs, &branch, &file.join("/"))
        }
        ("POST", ["merge-upstream"]) => {
            if state.fork_not_ready > 0 {
                state.fork_not_ready -= 1;
                return not_found();
            }
            // The repository's branch, as far as the fake knows it.
            let branch = body["branch"].as_str().unwrap_or_default().to_owned();
            let name = format!("refs/heads/{branch}");
            if let Some(sha) = state.refs.get(&name).cloned() {
                state.fork_refs.insert(name, sha);
            }
            (
                200,
                Vec::new(),
                json!({"message": "Successfully fetched and fast-forwarded from upstream", "merge_type": "fast-forward", "base_branch": format!("{}:{branch}", state.repository.split('/').next().unwrap_or_default())}),
            )
        }
        ("POST", ["git", "trees" | "commits"]) => {
            let sha = next_sha(state);
            let mut object = body.clone();
            object["sha"] = json!(sha);
            if segments[1] == "trees" {
                state.trees.push(object.clone());
            } else {
                state.commits.push(object.clone());
            }
            (201, Vec::new(), object)
        }
        ("PATCH", ["git", "refs", kind, name @ ..]) => {
            let name = format!("refs/{kind}/{}", name.join("/"));
            if !state.fork_refs.contains_key(&name) {
                return (
                    422,
                    Vec::new(),
                    json!({"message": "Reference does not exist"}),
                );
            }
            let sha = body["sha"].as_str().unwrap_or_default().to_owned();
            state.fork_refs.insert(name.clone(), sha.clone());
            (
                200,
                Vec::new(),
                json!({"ref": name, "object": {"sha": sha}}),
            )
        }
        ("POST", ["git", "refs"]) => {
            let name = body["ref"].as_str().unwrap_or_default().to_owned();
            if state.fork_refs.contains_key(&name) {
                return (
                    422,
                    Vec::new(),
                    json!({"message": "Reference already exists"}),
                );
            }
            let sha = body["sha"].as_str().unwrap_or_default().to_owned();
            state.fork_refs.insert(name.clone(), sha.clone());
            (
                201,
                Vec::new(),
                json!({"ref": name, "object": {"sha": sha}}),
            )
        }
        _ => not_found(),
    }
}

fn pull_json(
    repository: &str,
    number: u64,
    head: &str,
    base: &str,
    title: &str,
    body: &str,
    labels: &[&str],
) -> Value {
    // `who:branch` from a fork, else a branch of the repository.
    let owner = repository.split('/').next().unwrap_or_default();
    let (label, head) = match head.split_once(':') {
        Some((_, branch)) => (head.to_owned(), branch),
        None => (format!("{owner}:{head}"), head),
    };
    json!({
        "url": format!("https://api.github.com/repos/{repository}/pulls/{number}"),
        "id": 1000 + number,
        "number": number,
        "state": "open",
        "title": title,
        "body": body,
        "html_url": format!("https://github.com/{repository}/pull/{number}"),
        "head": {"ref": head, "sha": "0000000000000000000000000000000000000000", "label": label},
        "base": {"ref": base},
        "labels": labels.iter().map(|name| json!({"name": name})).collect::<Vec<_>>(),
        "merged_at": null,
        "merge_commit_sha": null,
        "draft": false,
    })
}

/// Serve one connection: requests until the client closes it.
fn serve(stream: TcpStream, state: &Mutex<State>, base: &str) {
    let Ok(mut writer) = stream.try_clone() else {
        return;
    };
    let mut reader = BufReader::new(stream);
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 {
            return;
        }
        let mut parts = line.split_whitespace();
        let (Some(method), Some(target)) = (parts.next(), parts.next()) else {
            return;
        };
        let (method, target) = (method.to_owned(), target.to_owned());
        let mut headers = BTreeMap::new();
        loop {
            let mut header = String::new();
            if reader.read_line(&mut header).unwrap_or(0) == 0 {
                return;
            }
            let header = header.trim_end();
            if header.is_empty() {
                break;
            }
            if let Some((name, value)) = header.split_once(':') {
                headers.insert(name.trim().to_ascii_lowercase(), value.trim().to_owned());
            }
        }
        let length = headers
            .get("content-length")
            .and_then(|value| value.parse::<usize>().ok())
            .unwrap_or(0);
        let mut body = vec![0; length];
        if reader.read_exact(&mut body).is_err() {
            return;
        }
        let body: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
        let (status, extra, answer) = {
            let mut state = state
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            let answered = answer(&mut state, base, &method, &target, &headers, body);
            let seen = state
                .requests
                .last()
                .map(|request| format!("{} {}", request.method, request.path));
            if state.armed.as_ref().map(|(trigger, _)| Some(trigger)) == Some(seen.as_ref()) {
                if let Some((_, faults)) = state.armed.take() {
                    state.faults.extend(faults);
                }
            }
            answered
        };
        let text = if answer.is_null() {
            String::new()
        } else {
            answer.to_string()
        };
        let mut response = format!(
            "HTTP/1.1 {status} {}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: {}\r\n",
            reason(status),
            text.len()
        );
        for (name, value) in extra {
            response.push_str(&format!("{name}: {value}\r\n"));
        }
        response.push_str("\r\n");
        response.push_str(&text);
        if writer.write_all(response.as_bytes()).is_err() {
            return;
        }
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        201 => "Created",
        204 => "No Content",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        422 => "Unprocessable Entity",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        _ => "Status",
    }
}

type Answer = (u16, Vec<(String, String)>, Value);

fn not_found() -> Answer {
    (
        404,
        Vec::new(),
        json!({"message": "Not Found", "documentation_url": "https://docs.github.com/rest"}),
    )
}

fn invalid(resource: &str, code: &str, message: &str) -> Answer {
    (
        422,
        Vec::new(),
        json!({
            "message": "Validation Failed",
            "errors": [{"resource": resource, "code": code, "message": message}],
            "documentation_url": "https://docs.github.com/rest",
        }),
    )
}

fn answer(
    state: &mut State,
    base: &str,
    method: &str,
    target: &str,
    headers: &BTreeMap<String, String>,
    body: Value,
) -> Answer {
    let (raw_path, query) = target.split_once('?').unwrap_or((target, ""));
    let path = decode(raw_path);
    state.requests.push(Request {
        method: method.to_owned(),
        path: if query.is_empty() {
            path.clone()
        } else {
            format!("{path}?{}", decode(query))
        },
        body: body.clone(),
    });
    if let Some(fault) = state.faults.pop_front() {
        return (fault.status, fault.headers, fault.body);
    }
    if headers.get("authorization").map(String::as_str) != Some(&format!("Bearer {}", state.token))
    {
        return (
            401,
            Vec::new(),
            json!({"message": "Bad credentials", "documentation_url": "https://docs.github.com/rest"}),
        );
    }
    let prefix = format!("/repos/{}", state.repository);
    let query: BTreeMap<String, String> = query
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .map(|(key, value)| (key.to_owned(), decode(value)))
        .collect();
    if let Some(rest) = state
        .fork
        .as_ref()
        .and_then(|fork| path.strip_prefix(&format!("/repos/{fork}")))
        .map(str::to_owned)
    {
        return answer_fork(state, method, (&rest, &query), &body);
    }
    let Some(rest) = path.strip_prefix(&prefix) else {
        return not_found();
    };
    let segments: Vec<&str> = rest.trim_start_matches('/').split('/').collect();
    let repository = state.repository.clone();
    match (method, segments.as_slice()) {
        ("GET", ["pulls"]) => {
            let owner = repository.split('/').next().unwrap_or_default().to_owned();
            let wanted_state = query
                .get("state")
                .map(String::as_str)
                .unwrap_or("open")
                .to_owned();
            let items: Vec<Value> = state
                .pulls
                .iter()
                .filter(|pull| wanted_state == "all" || pull["state"] == wanted_state.as_str())
                .filter(|pull| {
                    query
                        .get("base")
                        .is_none_or(|base| pull["base"]["ref"] == base.as_str())
                })
                .filter(|pull| {
                    query.get("head").is_none_or(|head| {
                        let qualified = if head.contains(':') {
                            head.clone()
                        } else {
                            format!("{owner}:{head}")
                        };
                        pull["head"]["label"] == qualified.as_str()
                    })
                })
                .cloned()
                .rev()
                .collect();
            page(state, base, &path, &query, items)
        }
        ("POST" | "PATCH", ["pulls", ..]) if too_long(&body["body"]) => invalid(
            "PullRequest",
            "custom",
            "body is too long (maximum is 65536 characters)",
        ),
        ("POST", ["pulls"]) => {
            let head = body["head"].as_str().unwrap_or_default().to_owned();
            let owner = repository.split('/').next().unwrap_or_default();
            let label = if head.contains(':') {
                head.clone()
            } else {
                format!("{owner}:{head}")
            };
            let exists = state
                .pulls
                .iter()
                .any(|pull| pull["state"] == "open" && pull["head"]["label"] == label.as_str());
            if exists {
                return invalid(
                    "PullRequest",
                    "custom",
                    &format!("A pull request already exists for {label}."),
                );
            }
            // From a fork, the branch must be there.
            if let Some((who, branch)) = head.split_once(':') {
                let known = who == state.user
                    && state
                        .fork_refs
                        .contains_key(&format!("refs/heads/{branch}"));
                if who != owner && !known {
                    return invalid("PullRequest", "invalid", "head is invalid");
                }
            }
            let number = state.pulls.len() as u64 + 1;
            let mut pull = pull_json(
                &repository,
                number,
                &head,
                body["base"].as_str().unwrap_or_default(),
                body["title"].as_str().unwrap_or_default(),
                body["body"].as_str().unwrap_or_default(),
                &[],
            );
            pull["draft"] = body["draft"].clone();
            state.pulls.push(pull.clone());
            (201, Vec::new(), pull)
        }
        ("PATCH", ["pulls", number]) => {
            let Some(pull) = find_pull(state, number) else {
                return not_found();
            };
            for key in ["title", "body", "state"] {
                if let Some(value) = body.get(key) {
                    pull[key] = value.clone();
                }
            }
            (200, Vec::new(), pull.clone())
        }
        ("POST", ["issues", number, "labels"]) => {
            let Some(pull) = find_pull(state, number) else {
                return not_found();
            };
            let mut names: Vec<Value> = pull["labels"].as_array().cloned().unwrap_or_default();
            for label in body["labels"].as_array().cloned().unwrap_or_default() {
                let label = json!({"name": label});
                if !names.contains(&label) {
                    names.push(label);
                }
            }
            pull["labels"] = Value::Array(names.clone());
            (200, Vec::new(), Value::Array(names))
        }
        ("DELETE", ["issues", number, "labels", name]) => {
            let name = (*name).to_owned();
            let Some(pull) = find_pull(state, number) else {
                return not_found();
            };
            let mut names: Vec<Value> = pull["labels"].as_array().cloned().unwrap_or_default();
            let before = names.len();
            names.retain(|label| label["name"] != name.as_str());
            if names.len() == before {
                return (404, Vec::new(), json!({"message": "Label does not exist"}));
            }
            pull["labels"] = Value::Array(names.clone());
            (200, Vec::new(), Value::Array(names))
        }
        ("POST", ["issues", number, "comments"]) => {
            let Ok(number) = number.parse::<u64>() else {
                return not_found();
            };
            let id = state.next_id;
            state.next_id += 1;
            // The token is the workflow's: its comments are the bot's.
            let comment = json!({
                "id": id,
                "issue": number,
                "body": body["body"].as_str().unwrap_or_default(),
                "user": {"login": "github-actions[bot]", "type": "Bot"},
            });
            state.comments.push(comment.clone());
            (201, Vec::new(), comment)
        }
        ("GET", ["issues", number, "comments"]) => {
            let Ok(number) = number.parse::<u64>() else {
                return not_found();
            };
            let items: Vec<Value> = state
                .comments
                .iter()
                .filter(|comment| comment["issue"] == number)
                .cloned()
                .collect();
            page(state, base, &path, &query, items)
        }
        ("PATCH", ["issues", "comments", id]) => {
            let Ok(id) = id.parse::<u64>() else {
                return not_found();
            };
            let Some(comment) = state
                .comments
                .iter_mut()
                .find(|comment| comment["id"] == id)
            else {
                return not_found();
            };
            if comment["user"]["type"] != "Bot" {
                return (
                    403,
                    Vec::new(),
                    json!({"message": "Resource not accessible by integration"}),
                );
            }
            comment["body"] = body["body"].clone();
            (200, Vec::new(), comment.clone())
        }
        ("DELETE", ["issues", "comments", id]) => {
            let Ok(id) = id.parse::<u64>() else {
                return not_found();
            };
            let Some(at) = state
                .comments
                .iter()
                .position(|comment| comment["id"] == id)
            else {
                return not_found();
            };
            if state.comments[at]["user"]["type"] != "Bot" {
                return (
                    403,
                    Vec::new(),
                    json!({"message": "Resource not accessible by integration"}),
                );
            }
            state.comments.remove(at);
            (204, Vec::new(), Value::Null)
        }
        ("POST", ["forks"]) => {
            let name = repository.split('/').nth(1).unwrap_or_default();
            let fork = format!("{}/{name}", state.user);
            state.fork = Some(fork.clone());
            (
                202,
                Vec::new(),
                json!({
                    "full_name": fork,
                    "name": name,
                    "owner": {"login": state.user},
                    "fork": true,
                    "parent": {"full_name": repository},
                }),
            )
        }
        ("POST", ["git", "trees"]) => {
            let sha = next_sha(state);
            let mut tree = body;
            tree["sha"] = json!(sha);
            state.trees.push(tree.clone());
            (201, Vec::new(), tree)
        }
        ("POST", ["git", "commits"]) => {
            let sha = next_sha(state);
            let mut commit = body;
            commit["sha"] = json!(sha);
            state.commits.push(commit.clone());
            (201, Vec::new(), commit)
        }
        ("GET", ["git", "ref", kind, name @ ..]) => {
            let name = format!("refs/{kind}/{}", name.join("/"));
            match state.refs.get(&name) {
                Some(sha) => (
                    200,
                    Vec::new(),
                    json!({"ref": name, "object": {"sha": sha, "type": "commit"}}),
                ),
                None => not_found(),
            }
        }
        ("PATCH", ["git", "refs", kind, name @ ..]) => {
            let name = format!("refs/{kind}/{}", name.join("/"));
            if !state.refs.contains_key(&name) {
                return (
                    422,
                    Vec::new(),
                    json!({"message": "Reference does not exist"}),
                );
            }
            let sha = body["sha"].as_str().unwrap_or_default().to_owned();
            state.refs.insert(name.clone(), sha.clone());
            (
                200,
                Vec::new(),
                json!({"ref": name, "object": {"sha": sha, "type": "commit"}}),
            )
        }
        ("POST", ["git", "refs"]) => {
            let name = body["ref"].as_str().unwrap_or_default().to_owned();
            if state.refs.contains_key(&name) {
                return (
                    422,
                    Vec::new(),
                    json!({"message": "Reference already exists"}),
                );
            }
            let sha = body["sha"].as_str().unwrap_or_default().to_owned();
            state.refs.insert(name.clone(), sha.clone());
            (
                201,
                Vec::new(),
                json!({"ref": name, "object": {"sha": sha, "type": "commit"}}),
            )
        }
        ("POST", ["releases"]) => {
            let tag = body["tag_name"].as_str().unwrap_or_default().to_owned();
            if state
                .releases
                .iter()
                .any(|release| release["tag_name"] == tag.as_str())
            {
                return invalid("Release", "already_exists", "");
            }
            let id = state.next_id;
            state.next_id += 1;
            let release = json!({
                "id": id,
                "tag_name": tag,
                "name": body["name"],
                "body": body["body"],
                "draft": body["draft"].as_bool().unwrap_or(false),
                "prerelease": body["prerelease"].as_bool().unwrap_or(false),
                "target_commitish": body["target_commitish"],
                "html_url": format!("https://github.com/{repository}/releases/tag/{tag}"),
                "upload_url": format!("https://uploads.github.com/repos/{repository}/releases/{id}/assets{{?name,label}}"),
            });
            if !release["draft"].as_bool().unwrap_or(false) {
                let sha = body["target_commitish"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned();
                state.refs.entry(format!("refs/tags/{tag}")).or_insert(sha);
            }
            state.releases.push(release.clone());
            (201, Vec::new(), release)
        }
        ("GET", ["commits"]) => {
            let items: Vec<Value> = state
                .commit_list
                .iter()
                .map(|(sha, login)| {
                    json!({
                        "sha": sha,
                        "commit": {"author": {"name": "Someone", "email": "someone@example.com"}},
                        "author": login.as_ref().map(|login| json!({"login": login, "type": "User"})),
                    })
                })
                .collect();
            page(state, base, &path, &query, items)
        }
        ("POST", ["releases", "generate-notes"]) => {
            let tag = body["tag_name"].as_str().unwrap_or_default();
            let changes = match body["previous_tag_name"].as_str() {
                Some(previous) => format!("compare/{previous}...{tag}"),
                None => format!("commits/{tag}"),
            };
            (
                200,
                Vec::new(),
                json!({
                    "name": tag,
                    "body": format!("## What's Changed\n* Add the widget by @dev in https://github.com/{repository}/pull/1\n\n\n**Full Changelog**: https://github.com/{repository}/{changes}"),
                }),
            )
        }
        ("GET", ["contents", file @ ..]) => {
            let file = file.join("/");
            let branch = query.get("ref").cloned().unwrap_or_default();
            let refs = state.refs.clone();
            file_at(state, &refs, &branch, &file)
        }
        ("GET", ["releases", "tags", tag]) => {
            let tag = (*tag).to_owned();
            match state
                .releases
                .iter()
                .find(|release| release["tag_name"] == tag.as_str() && release["draft"] == false)
            {
                Some(release) => (200, Vec::new(), release.clone()),
                None => not_found(),
            }
        }
        ("GET", ["commits", sha, "check-runs"]) => {
            let sha = (*sha).to_owned();
            let runs: Vec<Value> = state
                .check_runs
                .iter()
                .filter(|run| run["head_sha"] == sha.as_str())
                .cloned()
                .collect();
            let (status, headers, items) = page(state, base, &path, &query, runs);
            let total = state
                .check_runs
                .iter()
                .filter(|run| run["head_sha"] == sha.as_str())
                .count();
            (
                status,
                headers,
                json!({"total_count": total, "check_runs": items}),
            )
        }
        ("GET", ["commits", sha, "status"]) => {
            let sha = (*sha).to_owned();
            let statuses: Vec<Value> = state
                .statuses
                .iter()
                .filter(|status| status["sha"] == sha.as_str())
                .cloned()
                .collect();
            let (status, headers, items) = page(state, base, &path, &query, statuses);
            (
                status,
                headers,
                json!({"state": "pending", "sha": sha, "statuses": items}),
            )
        }
        ("GET", ["actions", "runs"]) => {
            let sha = query.get("head_sha").cloned().unwrap_or_default();
            let runs: Vec<Value> = state
                .workflow_runs
                .iter()
                .filter(|run| sha.is_empty() || run["head_sha"] == sha.as_str())
                .cloned()
                .collect();
            let (status, headers, items) = page(state, base, &path, &query, runs);
            (
                status,
                headers,
                json!({"total_count": items.as_array().map(Vec::len), "workflow_runs": items}),
            )
        }
        ("GET", ["rules", "branches", branch]) => match state.rules.get(*branch) {
            Some(rules) => (200, Vec::new(), rules.clone()),
            None => (200, Vec::new(), json!([])),
        },
        ("GET", ["releases"]) => {
            let items: Vec<Value> = state.releases.iter().rev().cloned().collect();
            page(state, base, &path, &query, items)
        }
        _ => not_found(),
    }
}

/// One page of `items` (`page`, `per_page`), with GitHub's `Link` header.
fn page(
    state: &State,
    base: &str,
    path: &str,
    query: &BTreeMap<String, String>,
    items: Vec<Value>,
) -> Answer {
    let per_page = query
        .get("per_page")
        .and_then(|value| value.parse::<usize>().ok())
        .unwrap_or(30)
        .min(state.page_size)
        .max(1);
    let number = query
        .get("page")
        .and_then(|value| value.parse::<usize>().ok())
        .unwrap_or(1)
        .max(1);
    let start = (number - 1) * per_page;
    let chunk: Vec<Value> = items.iter().skip(start).take(per_page).cloned().collect();
    let mut headers = Vec::new();
    if start + per_page < items.len() {
        let mut next: Vec<String> = query
            .iter()
            .filter(|(key, _)| key.as_str() != "page")
            .map(|(key, value)| format!("{key}={}", encode(value)))
            .collect();
        next.push(format!("page={}", number + 1));
        headers.push((
            "Link".to_owned(),
            format!("<{base}{path}?{}>; rel=\"next\"", next.join("&")),
        ));
    }
    (200, headers, Value::Array(chunk))
}

fn find_pull<'a>(state: &'a mut State, number: &str) -> Option<&'a mut Value> {
    let number = number.parse::<u64>().ok()?;
    state.pulls.iter_mut().find(|pull| pull["number"] == number)
}

fn next_sha(state: &mut State) -> String {
    let id = state.next_id;
    state.next_id += 1;
    format!("{id:040x}")
}

fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        let hex = bytes
            .get(index + 1..index + 3)
            .and_then(|pair| std::str::from_utf8(pair).ok())
            .and_then(|pair| u8::from_str_radix(pair, 16).ok());
        match (bytes[index], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                index += 3;
            }
            (b'+', _) => {
                out.push(b' ');
                index += 1;
            }
            (byte, _) => {
                out.push(byte);
                index += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn encode(text: &str) -> String {
    text.bytes()
        .map(|byte| {
            if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
                char::from(byte).to_string()
            } else {
                format!("%{byte:02X}")
            }
        })
        .collect()
}
