use cicd_core::history::{self, FilesFrom, Query};
use cicd_test_support::Repo;

fn query(range: Option<&str>) -> Query {
    Query {
        range: range.map(str::to_owned),
        ..Query::default()
    }
}

#[test]
fn git_and_json_give_identical_commits() {
    let mut repo = Repo::new();
    repo.commit_files(
        "feat(api): add x\n\nbody\n\nRefs: #12",
        &[("src/a.rs", "a"), ("README.md", "r")],
    );
    repo.commit("Update README.md");
    repo.commit(
        "fix!: y\n\nBREAKING CHANGE: gone\nBEGIN_NESTED_COMMIT\nfeat: nested\nEND_NESTED_COMMIT",
    );
    repo.git(&["checkout", "-q", "-b", "topic"]);
    repo.commit_files("feat: on topic", &[("topic.txt", "t")]);
    repo.git(&["checkout", "-q", "main"]);
    repo.merge("topic", "Merge branch 'topic'");

    let from_git = history::read(
        repo.path(),
        &Query {
            files: true,
            ..Query::default()
        },
    )
    .unwrap();
    assert_eq!(from_git.len(), 5);
    assert_eq!(
        from_git[4].files.as_deref(),
        Some(&["README.md".to_owned(), "src/a.rs".to_owned()][..])
    );
    let json = serde_json::to_string(&from_git).unwrap();
    let from_json = history::from_json(&json, "commits.json").unwrap();
    assert_eq!(from_git, from_json);
    let parsed_git: Vec<_> = from_git.iter().map(history::RawCommit::parse).collect();
    let parsed_json: Vec<_> = from_json.iter().map(history::RawCommit::parse).collect();
    assert_eq!(parsed_git, parsed_json);
    assert!(parsed_git[0].merge.is_some());
    assert_eq!(parsed_git[2].nested.len(), 1);
}

#[test]
fn the_minimal_json_list_of_the_cli_contract_reads() {
    let list = r#"[{"sha": "b", "message": "feat: x", "files": ["a.rs"]}, {"sha": "a", "message": "fix: y"}]"#;
    let commits = history::from_json(list, "-").unwrap();
    assert_eq!(commits[0].files.as_deref(), Some(&["a.rs".to_owned()][..]));
    assert_eq!(commits[1].author, None);
}

#[test]
fn a_malformed_json_list_names_the_place() {
    let err = history::from_json("[{\"sha\": \"a\"}]", "commits.json")
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with(
            "`commits.json` is not a commit list: missing field `message` at line 1 column 13"
        ),
        "{err}"
    );
    let err = history::from_json("{}", "-").unwrap_err().to_string();
    assert!(
        err.contains("invalid type: map, expected a sequence"),
        "{err}"
    );
}

#[test]
fn ranges_and_first_parent_select_commits() {
    let mut repo = Repo::new();
    repo.commit("chore: init");
    repo.tag("v1.0.0");
    repo.git(&["checkout", "-q", "-b", "topic"]);
    repo.commit("feat: topic one");
    repo.commit("fix: topic two");
    repo.git(&["checkout", "-q", "main"]);
    repo.merge("topic", "Merge branch 'topic'");

    let all = history::read(repo.path(), &query(Some("v1.0.0..HEAD"))).unwrap();
    assert_eq!(all.len(), 3);
    let first_parent = history::read(
        repo.path(),
        &Query {
            range: Some("v1.0.0..HEAD".to_owned()),
            first_parent: true,
            ..Query::default()
        },
    )
    .unwrap();
    assert_eq!(first_parent.len(), 1);
    assert_eq!(first_parent[0].parents.len(), 2);
}

#[test]
fn last_release_is_the_highest_reachable_tag_of_the_component() {
    let mut repo = Repo::new();
    repo.commit("chore: init");
    repo.tag("v0.1.0");
    repo.commit("feat: a");
    repo.annotated_tag("v0.2.0");
    repo.tag("api-v3.1.0");
    repo.tag("nightly");
    repo.git(&["checkout", "-q", "-b", "elsewhere"]);
    repo.commit("feat: b");
    repo.tag("v9.0.0");
    repo.git(&["checkout", "-q", "main"]);
    repo.commit("fix: c");

    let plain = history::last_release(repo.path(), "HEAD", None)
        .unwrap()
        .unwrap();
    assert_eq!(plain.name, "v0.2.0");
    assert_eq!(plain.target, repo.git(&["rev-parse", "v0.2.0^{commit}"]));
    let api = history::last_release(repo.path(), "HEAD", Some("api"))
        .unwrap()
        .unwrap();
    assert_eq!(api.name, "api-v3.1.0");
    assert_eq!(
        history::last_release(repo.path(), "HEAD", Some("web")).unwrap(),
        None
    );

    let tags = history::tags(repo.path()).unwrap();
    assert_eq!(tags.len(), 5);
    assert!(
        tags.iter()
            .any(|tag| tag.name == "nightly" && tag.release.is_none())
    );
}

#[test]
fn git_failures_are_errors_that_say_what_failed() {
    let mut repo = Repo::new();
    let err = history::read(repo.path(), &Query::default())
        .unwrap_err()
        .to_string();
    assert!(err.starts_with("`git log HEAD` failed in"), "{err}");
    repo.commit("feat: x");
    let err = history::read(repo.path(), &query(Some("nope..HEAD")))
        .unwrap_err()
        .to_string();
    assert!(err.contains("bad revision 'nope..HEAD'"), "{err}");
    let err = history::read(repo.path(), &query(Some("--output=/tmp/x")))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("--output=/tmp/x"),
        "an option is never passed as one: {err}"
    );

    let not_a_repo = tempfile::tempdir().unwrap();
    let err = history::read(not_a_repo.path(), &Query::default())
        .unwrap_err()
        .to_string();
    assert!(err.contains("not a git repository"), "{err}");
    let err = history::read(&not_a_repo.path().join("missing"), &Query::default())
        .unwrap_err()
        .to_string();
    assert!(
        err.ends_with("is not a directory; expected a git repository"),
        "{err}"
    );
}

#[test]
fn invalid_utf8_and_huge_messages_come_through() {
    let mut repo = Repo::new();
    let file = repo.path().join(".git").join("latin1");
    std::fs::write(&file, b"fix: caf\xe9 au lait\n").unwrap();
    repo.git(&[
        "commit",
        "-q",
        "--allow-empty",
        "-F",
        file.to_str().unwrap(),
    ]);
    let big = format!("feat: big\n\n{}", "word ".repeat(200_000));
    repo.commit(&big);
    let commits = history::read(repo.path(), &Query::default()).unwrap();
    assert!(commits[0].message.len() > 1_000_000);
    // git re-encodes what it can; what reaches us is text either way.
    let parsed = commits[1].parse();
    assert!(parsed.conventional.unwrap().description.starts_with("caf"));
}

#[test]
fn files_are_shown_at_a_revision_or_reported_missing() {
    let mut repo = Repo::new();
    repo.commit_files(
        "chore: init",
        &[(
            ".release-please-manifest.json",
            "{\n  \".\": \"1.0.0\"\n}\n",
        )],
    );
    let shown = history::show(repo.path(), "HEAD", ".release-please-manifest.json").unwrap();
    assert_eq!(shown.as_deref(), Some("{\n  \".\": \"1.0.0\"\n}\n"));
    assert_eq!(
        history::show(repo.path(), "HEAD", "missing.json").unwrap(),
        None
    );
    // A folder is no file.
    repo.commit_files("chore: nest", &[("dir/a.txt", "a\n")]);
    assert_eq!(history::show(repo.path(), "HEAD", "dir").unwrap(), None);
    let outside = tempfile::tempdir().unwrap();
    assert!(history::show(outside.path(), "HEAD", "x").is_err());
}

/// What `git log --name-only` itself lists for `query`.
fn name_only(repo: &std::path::Path, query: &[&str]) -> Vec<history::RawCommit> {
    // A merge's first-parent diff, unless paths limit the log.
    let merges = if query.contains(&"--") {
        "--diff-merges=off"
    } else {
        "--diff-merges=first-parent"
    };
    let output = std::process::Command::new("git")
        .args([
            "-c",
            "diff.renames=true",
            "log",
            "-z",
            history::FORMAT,
            "--name-only",
            merges,
        ])
        .args(query)
        .current_dir(repo)
        .output()
        .expect("git runs");
    assert!(output.status.success(), "{output:?}");
    history::parse_log(&output.stdout, true).expect("git's own output parses")
}

#[test]
fn files_are_those_git_log_name_only_lists() {
    let mut repo = Repo::new();
    let root = repo.commit_files("chore: root", &[("a/one.txt", "1"), ("b/two.txt", "2")]);
    repo.commit("chore: empty");
    repo.commit_files(
        "feat: odd names",
        &[("a/new\nline.txt", "x"), ("b/café ü.txt", "y")],
    );
    repo.git(&["mv", "a/one.txt", "b/one.txt"]);
    repo.commit_files("refactor: move across folders", &[]);
    repo.git(&["rm", "-q", "b/two.txt"]);
    repo.commit_files("chore: delete", &[]);
    repo.git(&["update-index", "--chmod=+x", "b/one.txt"]);
    repo.commit_files("chore: mode only", &[]);
    repo.git(&["checkout", "-q", "-b", "topic"]);
    repo.commit_files("feat: on topic", &[("c/three.txt", "3")]);
    repo.commit_files("fix: on topic again", &[("a/four.txt", "4")]);
    repo.git(&["checkout", "-q", "main"]);
    repo.commit_files("fix: on main", &[("b/five.txt", "5")]);
    repo.merge("topic", "Merge branch 'topic'");
    repo.commit_files("docs: after the merge", &[("README.md", "r")]);

    let range = format!("{root}..HEAD");
    for (query, args) in [
        (Query::default(), vec!["HEAD"]),
        (
            Query {
                first_parent: true,
                ..Query::default()
            },
            vec!["--first-parent", "HEAD"],
        ),
        (
            Query {
                range: Some(range.clone()),
                ..Query::default()
            },
            vec![range.as_str()],
        ),
        (
            Query {
                exclude: vec!["topic~1".to_owned()],
                ..Query::default()
            },
            vec!["HEAD", "^topic~1"],
        ),
        (
            Query {
                paths: vec!["a".to_owned(), "c/three.txt".to_owned()],
                ..Query::default()
            },
            vec!["HEAD", "--", "a", "c/three.txt"],
        ),
    ] {
        let git = name_only(repo.path(), &args);
        // The same files whichever way they are read.
        for files_from in [FilesFrom::Log, FilesFrom::DiffTree, FilesFrom::Auto] {
            let query = Query {
                files: true,
                files_from,
                ..query.clone()
            };
            let ours = history::read(repo.path(), &query).unwrap();
            assert_eq!(ours, git, "{args:?} {files_from:?}");
        }
    }
    // The root commit lists all its files; a merge its first parent's diff
    // (as GitHub lists a merge commit's files: what the merge brought in);
    // renames under their new name; whatever the repository's
    // configuration says of them.
    repo.git(&["config", "log.showRoot", "false"]);
    repo.git(&["config", "diff.renames", "false"]);
    for files_from in [FilesFrom::Log, FilesFrom::DiffTree] {
        let all = history::read(
            repo.path(),
            &Query {
                files: true,
                files_from,
                ..Query::default()
            },
        )
        .unwrap();
        let root = all.last().unwrap();
        assert_eq!(
            root.files.as_deref(),
            Some(&["a/one.txt".to_owned(), "b/two.txt".to_owned()][..]),
            "{files_from:?}"
        );
        let merge = &all[1];
        assert_eq!(merge.parents.len(), 2);
        assert_eq!(
            merge.files.as_deref(),
            Some(&["a/four.txt".to_owned(), "c/three.txt".to_owned()][..]),
            "{files_from:?}"
        );
        let moved = all
            .iter()
            .find(|commit| commit.message.starts_with("refactor: move"))
            .unwrap();
        assert_eq!(
            moved.files.as_deref(),
            Some(&["b/one.txt".to_owned()][..]),
            "{files_from:?}"
        );
    }
}

#[test]
fn files_of_a_long_history_come_in_order() {
    let mut repo = Repo::new();
    for at in 0..300 {
        let path = format!("p{}/f{}.txt", at % 7, at % 13);
        repo.commit_files(&format!("fix: change {at}"), &[(&path, &at.to_string())]);
    }
    for files_from in [FilesFrom::Log, FilesFrom::DiffTree] {
        let query = Query {
            files: true,
            files_from,
            ..Query::default()
        };
        let ours = history::read(repo.path(), &query).unwrap();
        assert_eq!(ours.len(), 300);
        assert_eq!(ours, name_only(repo.path(), &["HEAD"]), "{files_from:?}");
    }
    let query = Query {
        files: true,
        files_from: FilesFrom::DiffTree,
        ..Query::default()
    };
    // Stopping early leaves no git behind and no error.
    let first: Vec<_> = history::log(repo.path(), &query)
        .unwrap()
        .take(3)
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(first.len(), 3);
}
