//! Differential tests against the real Release Please: the cases in
//! `tests/fixtures/release-please/cases.json` were run through the oracle
//! (`scripts/release-please-cases.py`); we must reach the same decisions.

use cicd_core::changelog::{self, Release, Repository};
use cicd_core::commits;
use cicd_core::release;
use cicd_core::version::{self, Options};
use serde_json::Value;

fn cases(name: &str) -> Vec<Value> {
    let path = format!(
        "{}/tests/fixtures/release-please/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(path).expect("the differential cases");
    let mut file: Value = serde_json::from_str(&text).expect("valid JSON");
    match file["cases"].take() {
        Value::Array(cases) => cases,
        other => panic!("expected an array of cases, found {other}"),
    }
}

/// The case's commits, parsed; with the `sentence-case` plugin when configured.
fn parsed_commits(input: &Value) -> Vec<commits::Commit> {
    let commits: Vec<_> = input["commits"]
        .as_array()
        .expect("commits")
        .iter()
        .map(|commit| {
            commits::parse(
                commit["sha"].as_str().expect("sha"),
                commit["message"].as_str().expect("message"),
            )
        })
        .collect();
    match changelog::sentence_case_words(&input["config"]["plugins"]) {
        Some(words) => changelog::sentence_case(commits, &words),
        None => commits,
    }
}

/// Our version decision on one case: `(version, releasable)`.
fn decide(input: &Value) -> Result<(String, bool), String> {
    let options: Options =
        serde_json::from_value(input["config"].clone()).map_err(|err| err.to_string())?;
    let commits = parsed_commits(input);
    let current = match input["currentVersion"].as_str() {
        Some(text) => Some(version::parse(text).map_err(|err| err.to_string())?),
        None => None,
    };
    let decision =
        version::next(current.as_ref(), &commits, &options).map_err(|err| err.to_string())?;
    Ok((decision.version.to_string(), decision.releasable))
}

#[test]
fn versions_and_releasability_match_release_please() {
    let cases = cases("cases.json");
    assert!(cases.len() >= 300, "at least 300 differential cases");
    assert_same_decisions(&cases);
}

#[test]
fn edge_case_versions_match_release_please() {
    assert_same_decisions(&cases("edge-cases.json"));
}

#[track_caller]
fn assert_same_decisions(cases: &[Value]) {
    let mut mismatches = Vec::new();
    for case in cases {
        let expected = &case["expected"];
        // Release Please computes no version for a first release it won't make.
        let want = (
            expected["version"].as_str().map(str::to_owned),
            expected["releasable"].as_bool().expect("releasable"),
        );
        let got = decide(&case["input"]);
        match &got {
            Ok((version, releasable))
                if want.0.as_ref().is_none_or(|want| want == version) && *releasable == want.1 => {}
            got => mismatches.push(format!(
                "{}: expected {want:?}, got {got:?}\n  {}",
                case["id"],
                case["input"]["commits"]
                    .as_array()
                    .expect("commits")
                    .iter()
                    .map(|commit| format!("{:?}", commit["message"].as_str().unwrap_or_default()))
                    .collect::<Vec<_>>()
                    .join("\n  ")
            )),
        }
    }
    assert!(
        mismatches.is_empty(),
        "{} of {} differ:\n{}",
        mismatches.len(),
        cases.len(),
        mismatches.join("\n")
    );
}

/// Our notes for one case, given Release Please's version.
fn notes(input: &Value, version: &str) -> Result<String, String> {
    let options: Options =
        serde_json::from_value(input["config"].clone()).map_err(|err| err.to_string())?;
    let commits = parsed_commits(input);
    let release = Release {
        version: version.to_owned(),
        // Release Please's default: `v` and the current version.
        previous_tag: input["previousTag"]
            .as_str()
            .map(str::to_owned)
            .or_else(|| {
                input["currentVersion"]
                    .as_str()
                    .map(|current| format!("v{current}"))
            }),
        tag: format!("v{version}"),
        date: input["date"].as_str().expect("date").to_owned(),
        repository: Repository::from_url("https://github.com/acme/widget")
            .map_err(|err| err.to_string())?,
        authors: changelog::Authors::Hidden,
    };
    Ok(changelog::render(&release, &commits, &options.sections()))
}

#[track_caller]
fn assert_same_notes(cases: &[Value], known: &[(&str, &str)]) {
    let mut mismatches = Vec::new();
    let mut compared = 0;
    for case in cases {
        let expected = &case["expected"];
        let (Some(want), Some(version)) =
            (expected["notes"].as_str(), expected["version"].as_str())
        else {
            continue;
        };
        let id = case["id"].as_str().expect("id");
        if known.iter().any(|(known, _)| *known == id) {
            continue;
        }
        compared += 1;
        let want = &escaped_breaking_notes(want);
        let got = notes(&case["input"], version);
        if got.as_deref() != Ok(want.as_str()) {
            mismatches.push(format!(
                "{id}:\n--- expected\n{want}\n--- got\n{}\n",
                got.unwrap_or_else(|err| err)
            ));
        }
    }
    assert!(compared >= 90, "only {compared} cases compared");
    assert!(
        mismatches.is_empty(),
        "{} of {compared} differ:\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
}

/// Release Please's notes with our one deliberate difference: `<` and `>`
/// in breaking-change notes escaped outside code spans, as subjects are
/// (Release Please escapes subjects only; an unescaped `<details>` in a note
/// renders as HTML in the release PR's body).
fn escaped_breaking_notes(notes: &str) -> String {
    let mut out = Vec::new();
    let mut breaking = false;
    for line in notes.split('\n') {
        if line.starts_with("### ") {
            breaking = line == "### ⚠ BREAKING CHANGES";
        }
        if !breaking || line.starts_with("### ") {
            out.push(line.to_owned());
            continue;
        }
        let mut escaped = String::new();
        for (index, part) in line.split('`').enumerate() {
            if index > 0 {
                escaped.push('`');
            }
            if index % 2 == 0 {
                escaped.push_str(&part.replace('<', "&lt;").replace('>', "&gt;"));
            } else {
                escaped.push_str(part);
            }
        }
        out.push(escaped);
    }
    out.join("\n")
}

#[test]
fn notes_match_release_please() {
    assert_same_notes(&cases("cases.json"), &[]);
}

#[test]
fn edge_case_notes_match_release_please() {
    assert_same_notes(
        &cases("edge-cases.json"),
        &[
            (
                "footer_breaking_continuation_indent",
                "Release Please keeps only the indented continuation line of a BREAKING CHANGE note; we keep all of it",
            ),
            (
                "x_subject_trailing_ws_with_body",
                "Release Please keeps a subject's trailing spaces when a body follows; we trim them",
            ),
        ],
    );
}

/// Footer-like lines in a middle paragraph followed by prose, trailers,
/// references of every form (`scripts/release-please-footer-cases.py`):
/// the shape of squash-merged PR descriptions.
#[test]
fn footer_notes_match_release_please() {
    assert_same_notes(&cases("footer-cases.json"), &[]);
}

#[test]
fn version_files_match_release_please() {
    let mut compared = 0;
    let mut mismatches = Vec::new();
    for case in cases("cases.json") {
        let (Some(updates), Some(version)) = (
            case["expected"]["updates"].as_object(),
            case["expected"]["version"].as_str(),
        ) else {
            continue;
        };
        for (path, want) in updates {
            let before = case["input"]["files"][path.as_str()]
                .as_str()
                .expect("the file before");
            let version = version::parse(version).expect("a version");
            let got = release::set_version(release::FileKind::of(path), path, before, &version);
            compared += 1;
            match got {
                Ok(release::Updated::Text(text)) if Some(text.as_str()) == want.as_str() => {}
                other => mismatches.push(format!(
                    "{} {path}: expected {want}, got {other:?}",
                    case["id"]
                )),
            }
        }
    }
    assert!(compared >= 250, "only {compared} files compared");
    assert!(
        mismatches.is_empty(),
        "{} of {compared} differ:\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
}

#[test]
fn pull_requests_match_release_please() {
    let mut compared = 0;
    let mut mismatches = Vec::new();
    for case in cases("cases.json") {
        let expected = &case["expected"];
        let (Some(want), Some(version), Some(notes)) = (
            expected["pull_request"].as_object(),
            expected["version"].as_str(),
            expected["notes"].as_str(),
        ) else {
            continue;
        };
        let input = &case["input"];
        // The generated configurations leave the component out of tags and
        // titles; the branch keeps the package's own name, as Release Please does.
        let package = input["files"]
            .as_object()
            .expect("files")
            .iter()
            .filter(|(path, _)| ["package.json", "Cargo.toml"].contains(&path.as_str()))
            // Release Please names python packages' branches without a component.
            .find_map(|(path, text)| {
                release::package_name(release::FileKind::of(path), text.as_str()?)
            });
        let naming = release::Naming {
            component: None,
            branch_component: package.as_deref().and_then(release::component_of),
            ..release::Naming::default()
        };
        let version = version::parse(version).expect("a version");
        let got = naming.pull_request(&version, notes);
        compared += 1;
        let same = [
            ("title", &got.title),
            ("headRefName", &got.branch),
            ("tag", &got.tag),
            ("body", &got.body),
        ]
        .iter()
        .all(|(key, value)| want[*key].as_str() == Some(value.as_str()));
        if !same {
            mismatches.push(format!("{}: expected {want:?}, got {got:?}", case["id"]));
        }
    }
    assert!(compared >= 290, "only {compared} pull requests compared");
    assert!(
        mismatches.is_empty(),
        "{} of {compared} differ:\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
}

/// `krm-blueprint` files: 600 texts run through Release Please's regular
/// expressions by `scripts/krm-blueprint-vectors.js` (under node) come out
/// the same from [`release::set_krm_blueprint`].
#[test]
fn krm_blueprint_references_match_release_please_s_regular_expressions() {
    let path = format!(
        "{}/tests/fixtures/krm-blueprint-vectors.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(path).expect("the vectors");
    let vectors: Vec<Value> = serde_json::from_str(&text).expect("valid JSON");
    assert!(vectors.len() >= 600);
    let version = semver::Version::new(9, 8, 7);
    let mut changed = 0;
    for vector in &vectors {
        let text = vector["text"].as_str().expect("text");
        let previous = vector["previous"]
            .as_str()
            .map(|v| semver::Version::parse(v).expect("a version"));
        let release::Updated::Text(ours) =
            release::set_krm_blueprint(text, &version, previous.as_ref())
        else {
            panic!("{text:?} skipped");
        };
        assert_eq!(
            ours,
            vector["expected"].as_str().expect("expected"),
            "{vector}"
        );
        changed += usize::from(ours != text);
    }
    // Most texts hold references to replace.
    assert!(changed > 100, "{changed}");
}
