use proptest::prelude::*;

use super::*;

/// One line that says how a message was read: `type(scope)! "description"`,
/// then what else is there (`breaking`, `body`, `footers=N`, `refs=N`,
/// `~deviation`), or `invalid:reason`; then `+merge`, `+revert`,
/// `+autosquash`, `+nested=N`.
fn reading(commit: &Commit) -> String {
    let mut text = match (&commit.conventional, &commit.invalid) {
        (Some(change), _) => {
            let mut text = change.kind.clone();
            if let Some(scope) = &change.scope {
                text.push_str(&format!("({scope})"));
            }
            if change.bang {
                text.push('!');
            }
            text.push_str(&format!(" {:?}", change.description));
            if change.breaking {
                text.push_str(" breaking");
            }
            if change.body.is_some() {
                text.push_str(" body");
            }
            if !change.footers.is_empty() {
                text.push_str(&format!(" footers={}", change.footers.len()));
            }
            if !change.references.is_empty() {
                text.push_str(&format!(" refs={}", change.references.len()));
            }
            for deviation in &change.deviations {
                let json = serde_json::to_value(deviation).unwrap();
                text.push_str(&format!(" ~{}", json["kind"].as_str().unwrap()));
            }
            text
        }
        (None, Some(invalid)) => format!("invalid:{}", invalid.code()),
        (None, None) => panic!("a commit is either conventional or invalid"),
    };
    if commit.merge.is_some() {
        text.push_str(" +merge");
    }
    if commit.revert.is_some() {
        text.push_str(" +revert");
    }
    if commit.autosquash.is_some() {
        text.push_str(" +autosquash");
    }
    if !commit.nested.is_empty() {
        text.push_str(&format!(" +nested={}", commit.nested.len()));
    }
    text
}

#[track_caller]
fn assert_readings(table: &[(&str, &str, &str)]) {
    let mut failures = Vec::new();
    for (id, message, expected) in table {
        let actual = reading(&parse("0000000", message));
        if actual != *expected {
            failures.push(format!(
                "{id}: {message:?}\n  expected {expected}\n  actual   {actual}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The 16 rules of Conventional Commits 1.0.0, each with the messages that pin it.
#[test]
fn the_specifications_sixteen_rules() {
    assert_readings(&[
        // 1. type, optional scope, optional `!`, then the terminal colon and space.
        (
            "1",
            "fix(parser)!: reject tabs",
            "fix(parser)! \"reject tabs\" breaking",
        ),
        // 2. and 3. `feat` for features, `fix` for fixes.
        ("2", "feat: add x", "feat \"add x\""),
        ("3", "fix: mend y", "fix \"mend y\""),
        // 4. a scope is a noun in parentheses; an empty one is not a scope.
        ("4", "feat(lang): add polish", "feat(lang) \"add polish\""),
        ("4-empty", "feat(): add polish", "invalid:empty-scope"),
        // 5. the description follows the colon and space; without it, or without
        // the space, the meaning is still clear: read, and flagged.
        ("5", "fix:", "fix \"\" ~empty-description"),
        ("5-space", "fix:x", "fix \"x\" ~missing-space-after-colon"),
        // 6. the body begins one blank line after the description.
        ("6", "fix: x\n\nbody", "fix \"x\" body"),
        (
            "6-no-blank",
            "fix: x\nbody",
            "fix \"x\" body ~body-without-blank-line",
        ),
        // 7. the body is free-form, any number of paragraphs.
        ("7", "fix: x\n\npara one\n\npara two", "fix \"x\" body"),
        // 8. footers one blank line after the body: `Token: value` or `Token #value`.
        (
            "8",
            "fix: x\n\nbody\n\nReviewed-by: Z\nRefs #133",
            "fix \"x\" body footers=2 refs=1",
        ),
        // 9. a footer token has `-` for whitespace; `Acked by:` is body text.
        ("9", "fix: x\n\nAcked-by: Z", "fix \"x\" footers=1"),
        ("9-space", "fix: x\n\nAcked by: Z", "fix \"x\" body"),
        // 10. a footer value may span lines, up to the next token.
        (
            "10",
            "fix: x\n\nBREAKING CHANGE: one\ntwo\nRefs: #1",
            "fix \"x\" breaking footers=2 refs=1",
        ),
        // 11. breaking changes in the prefix or as a footer.
        (
            "11-prefix",
            "refactor!: drop node 12",
            "refactor! \"drop node 12\" breaking",
        ),
        (
            "11-footer",
            "refactor: x\n\nBREAKING CHANGE: drop node 12",
            "refactor \"x\" breaking footers=1",
        ),
        // 12. the footer is upper case `BREAKING CHANGE`, colon, space, description.
        (
            "12",
            "feat: x\n\nBREAKING CHANGE: config keys renamed",
            "feat \"x\" breaking footers=1",
        ),
        // 13. with `!` the footer may be omitted; then the description says what breaks.
        (
            "13",
            "feat!: send an email on ship",
            "feat! \"send an email on ship\" breaking",
        ),
        // 14. other types are allowed.
        ("14", "docs: correct spelling", "docs \"correct spelling\""),
        // 15. no unit is case-sensitive, except BREAKING CHANGE which must be upper case.
        ("15-type", "FIX: x", "FIX \"x\""),
        (
            "15-breaking",
            "fix: x\n\nbreaking change: y",
            "fix \"x\" body",
        ),
        (
            "15-token",
            "fix: x\n\nBreaking-Change: y",
            "fix \"x\" footers=1",
        ),
        // 16. BREAKING-CHANGE is a synonym of BREAKING CHANGE.
        (
            "16",
            "fix: x\n\nBREAKING-CHANGE: y",
            "fix \"x\" breaking footers=1",
        ),
    ]);
    assert!(parse("1", "FIX: x").conventional.unwrap().is("fix"));
}

/// The 57 edge cases on which peers disagree (reference/changelog-peers.md,
/// Appendix A), with our verdict. Where peers disagree, the comment says why we
/// chose ours: RP = Release Please 17.11, gconv = git-conventional, clint =
/// commitlint with config-conventional.
#[test]
fn the_fifty_seven_differential_vectors() {
    assert_readings(&[
        ("basic", "feat: add x", "feat \"add x\""),
        ("scope", "feat(parser): add x", "feat(parser) \"add x\""),
        (
            "bang",
            "feat!: drop node 12",
            "feat! \"drop node 12\" breaking",
        ),
        (
            "scope_bang",
            "feat(api)!: drop v1",
            "feat(api)! \"drop v1\" breaking",
        ),
        // rule 15: any case; RP and gconv agree, clint fails type-case (lint does too)
        (
            "type_capitalized",
            "Feat: capitalized type",
            "Feat \"capitalized type\"",
        ),
        ("type_upper", "FEAT: upper type", "FEAT \"upper type\""),
        // a scope is text in parentheses (RP, gconv); cocogitto and convco refuse
        (
            "scope_space",
            "feat(my scope): scope with space",
            "feat(my scope) \"scope with space\"",
        ),
        (
            "scope_special",
            "feat(a.b/c-d_e,f): special chars",
            "feat(a.b/c-d_e,f) \"special chars\"",
        ),
        (
            "scope_npm",
            "fix(@foo/bar): npm scoped pkg",
            "fix(@foo/bar) \"npm scoped pkg\"",
        ),
        // RP and gconv refuse `()`; clint passes it; we report why
        ("scope_empty", "feat(): empty scope", "invalid:empty-scope"),
        // RP reads it (empty subject) and bumps; spec requires a description: read, flagged
        (
            "desc_empty_trailing_space",
            "feat: ",
            "feat \"\" ~empty-description",
        ),
        ("desc_missing", "feat:", "feat \"\" ~empty-description"),
        // RP and gconv read it; spec asks for the space: read, flagged, lint fails it like clint
        (
            "no_space_after_colon",
            "feat:no space",
            "feat \"no space\" ~missing-space-after-colon",
        ),
        (
            "two_spaces_after_colon",
            "feat:  two spaces",
            "feat \"two spaces\"",
        ),
        (
            "space_before_colon",
            "feat : space before colon",
            "invalid:space-before-colon",
        ),
        // RP and gconv take any word without whitespace as type; unknown types are hidden downstream
        (
            "type_hyphen",
            "feat-x: hyphen in type",
            "feat-x \"hyphen in type\"",
        ),
        (
            "type_digit",
            "feat2: digit in type",
            "feat2 \"digit in type\"",
        ),
        ("type_unicode", "fé: unicode type", "fé \"unicode type\""),
        // RP trims the message; gconv refuses: read, flagged (header-trim in lint)
        (
            "leading_space",
            " feat: leading space",
            "feat \"leading space\" ~leading-whitespace",
        ),
        (
            "bang_before_scope",
            "feat!(scope): bang before scope",
            "invalid:bang-before-scope",
        ),
        // RP and gconv refuse; clint reads scope `a)(b`
        (
            "double_scope",
            "feat(a)(b): two scopes",
            "invalid:text-after-scope",
        ),
        // RP reads it; gconv drops the whole commit (git-cliff loses the bump): read, flagged
        (
            "body_no_blank",
            "feat: x\nbody line without blank line",
            "feat \"x\" body ~body-without-blank-line",
        ),
        (
            "footer_breaking",
            "feat: x\n\nbody\n\nBREAKING CHANGE: removed y",
            "feat \"x\" breaking body footers=1",
        ),
        (
            "footer_breaking_hyphen",
            "feat: x\n\nBREAKING-CHANGE: removed y",
            "feat \"x\" breaking footers=1",
        ),
        // rule 15: lower case is not BREAKING CHANGE (RP agrees; ccp does not)
        (
            "footer_breaking_lower",
            "feat: x\n\nbreaking change: removed y",
            "feat \"x\" body",
        ),
        // not breaking, and the footer says so too (gconv Footer::breaking disagrees with Commit::breaking)
        (
            "footer_breaking_mixed_hyphen",
            "feat: x\n\nBreaking-Change: removed y",
            "feat \"x\" footers=1",
        ),
        // RP and gconv read `:` then any spaces
        (
            "footer_breaking_no_space",
            "feat: x\n\nBREAKING CHANGE:removed y",
            "feat \"x\" breaking footers=1",
        ),
        (
            "footer_breaking_space_before_colon",
            "feat: x\n\nBREAKING CHANGE : removed y",
            "feat \"x\" body",
        ),
        (
            "footer_breaking_multiline",
            "fix: x\n\nBREAKING CHANGE: first line\nsecond line\nReviewed-by: Z",
            "fix \"x\" breaking footers=2",
        ),
        (
            "footer_breaking_continuation_indent",
            "fix: x\n\nBREAKING CHANGE: first line\n  indented continuation",
            "fix \"x\" breaking footers=1",
        ),
        // gconv drops the whole commit; RP reads it as not breaking: read, not breaking, flagged
        (
            "footer_breaking_empty_value",
            "feat: x\n\nBREAKING CHANGE:",
            "feat \"x\" footers=1 ~empty-footer",
        ),
        (
            "footer_hash_ref",
            "fix: x\n\nRefs #123",
            "fix \"x\" footers=1 refs=1",
        ),
        (
            "footer_closes_hash",
            "fix: x\n\nbody\n\nCloses #42",
            "fix \"x\" body footers=1 refs=1",
        ),
        (
            "footer_trailers_multi",
            "feat: x\n\nbody\n\nCo-authored-by: A <a@x.io>\nCo-authored-by: B <b@x.io>\nSigned-off-by: C <c@x.io>",
            "feat \"x\" body footers=3",
        ),
        (
            "footer_no_body",
            "fix: x\n\nFixes: #1\nFixes: #2",
            "fix \"x\" footers=2 refs=2",
        ),
        // spec: footers follow a blank line, so this is body (gconv); RP and cog call it a footer
        (
            "trailer_after_body_no_blank",
            "fix: x\n\nbody line\nSigned-off-by: A <a@x.io>",
            "fix \"x\" body",
        ),
        // mid-paragraph `Token:` is body (gconv, RP); ccp and cog cut the body there
        (
            "fake_footer_mid_body",
            "fix: x\n\nFirst line of the body\nIMPORTANT: see docs.\nAnother body line.\n\nlast paragraph",
            "fix \"x\" body",
        ),
        // not a footer by the spec, but RP counts it and the intent is plain: breaking, flagged
        (
            "breaking_in_body_midparagraph",
            "fix: x\n\nsome text\nBREAKING CHANGE: in middle of paragraph\nmore text",
            "fix \"x\" breaking body ~breaking-change-in-body",
        ),
        (
            "bang_and_footer",
            "feat!: x\n\nBREAKING CHANGE: footer text wins?",
            "feat! \"x\" breaking footers=1",
        ),
        (
            "crlf",
            "feat: thing\r\n\r\nbody\r\n\r\nBREAKING CHANGE: crlf broke",
            "feat \"thing\" breaking body footers=1",
        ),
        ("trailing_newlines", "feat: thing\n\n\n", "feat \"thing\""),
        (
            "multi_blank_before_body",
            "feat: thing\n\n\n\nbody after 3 blanks",
            "feat \"thing\" body",
        ),
        (
            "git_comment_lines",
            "feat: x\n\nbody\n# Please enter the commit message\n# comment",
            "feat \"x\" body",
        ),
        // git revert message: not conventional (as all peers) but recognised as a revert of `feat: add x`
        (
            "revert_git",
            "Revert \"feat: add x\"\n\nThis reverts commit 1234567890abcdef1234567890abcdef12345678.",
            "invalid:type-with-whitespace +revert",
        ),
        (
            "revert_type",
            "revert: feat: add x\n\nRefs: 676104e",
            "revert \"feat: add x\" footers=1 +revert",
        ),
        (
            "merge_branch",
            "Merge branch 'feature/x' into main",
            "invalid:missing-colon +merge",
        ),
        // GitHub merge: the body header is a nested change (RP splits it too)
        (
            "merge_pr",
            "Merge pull request #12 from foo/bar\n\nfeat: add x",
            "invalid:missing-colon +merge +nested=1",
        ),
        // not conventional; flagged as autosquash (clint silently ignores it)
        (
            "fixup",
            "fixup! feat: add x",
            "invalid:type-with-whitespace +autosquash",
        ),
        (
            "squash_style_pr_suffix",
            "feat(ui): add button (#123)",
            "feat(ui) \"add button (#123)\"",
        ),
        (
            "colon_in_desc",
            "fix: handle a: b case",
            "fix \"handle a: b case\"",
        ),
        (
            "parens_in_desc",
            "fix: call foo(bar) correctly",
            "fix \"call foo(bar) correctly\"",
        ),
        ("emoji_desc", "feat: ✨ sparkle", "feat \"✨ sparkle\""),
        // a gitmoji before the type is not a type
        (
            "gitmoji_prefix",
            ":sparkles: feat: gitmoji prefix",
            "invalid:missing-type",
        ),
        (
            "not_conventional",
            "Update README.md",
            "invalid:missing-colon",
        ),
        ("semver_only", "1.2.3", "invalid:missing-colon"),
        (
            "scope_newline",
            "feat(sc\nope): newline in scope",
            "invalid:unclosed-scope",
        ),
        // YAML in the body is body; `Signed-off-by` after a blank line is a footer
        (
            "dependabot",
            "chore(deps): bump foo from 1.0.0 to 2.0.0\n\nBumps [foo](https://github.com/x/foo) from 1.0.0 to 2.0.0.\n- [Release notes](...)\n\n---\nupdated-dependencies:\n- dependency-name: foo\n  dependency-type: direct:production\n  update-type: version-update:semver-major\n...\n\nSigned-off-by: dependabot[bot] <support@github.com>",
            "chore(deps) \"bump foo from 1.0.0 to 2.0.0\" body footers=1",
        ),
    ]);
}

#[test]
fn release_please_splitting_yields_every_change_in_a_message() {
    assert_readings(&[
        (
            "headers",
            "feat: a\n\nfix(b): c\n\nchore: d",
            "feat \"a\" +nested=2",
        ),
        // The split takes no `!`; Release Please reads `feat!: b` again as a footer.
        ("bang", "feat: a\n\nfeat!: b", "feat \"a\" body +nested=1"),
        (
            "capital",
            "feat: a\n\nFix: b",
            "feat \"a\" footers=1 +nested=1",
        ),
        (
            "no-blank",
            "feat: a\nfix: b",
            "feat \"a\" footers=1 ~body-without-blank-line +nested=1",
        ),
        (
            "trailers",
            "feat: a\n\nSigned-off-by: A <a@x>\nRefs #1",
            "feat \"a\" footers=2 refs=1",
        ),
        (
            "bullets",
            "feat: a (#1)\n\n* fix: b\n* fix: c",
            "feat \"a (#1)\" body",
        ),
        (
            "nested",
            "feat: main\n\nBEGIN_NESTED_COMMIT\nfix(a): one\nEND_NESTED_COMMIT\nBEGIN_NESTED_COMMIT\nfix(b): two\nEND_NESTED_COMMIT",
            "feat \"main\" +nested=2",
        ),
    ]);
    let commit = parse(
        "1",
        "chore: a\n\nBEGIN_NESTED_COMMIT\nfeat(x)!: one\nEND_NESTED_COMMIT\n\nfix: after",
    );
    let headers: Vec<String> = commit.changes().map(Conventional::header).collect();
    assert_eq!(headers, ["chore: a", "fix: after", "feat(x)!: one"]);
    // A BEGIN without END takes the rest of the message.
    let unterminated = parse("1", "feat: main\nBEGIN_NESTED_COMMIT\nfix: one");
    assert_eq!(unterminated.nested[0].header(), "fix: one");
}

#[test]
fn merges_of_git_and_the_forges_are_recognised() {
    let table = [
        ("Merge branch 'feature/x'", None, Some("feature/x"), None),
        (
            "Merge branch 'fix' of https://github.com/o/r into main",
            None,
            Some("fix"),
            Some("main"),
        ),
        (
            "Merge branch 'feature' into 'main'",
            None,
            Some("feature"),
            Some("main"),
        ),
        (
            "Merge remote-tracking branch 'origin/main'",
            None,
            Some("origin/main"),
            None,
        ),
        ("Merge tag 'v1.2.3'", None, Some("v1.2.3"), None),
        (
            "Merge pull request #12 from owner/branch",
            Some(12),
            Some("owner/branch"),
            None,
        ),
        ("Merged PR 345: add the thing", Some(345), None, None),
        (
            "Merged in feature/x (pull request #7)",
            Some(7),
            Some("feature/x"),
            None,
        ),
        (
            "Merge main into release",
            None,
            Some("main"),
            Some("release"),
        ),
    ];
    for (message, pull_request, source, target) in table {
        let merge = parse("1", message)
            .merge
            .unwrap_or_else(|| panic!("{message:?} is a merge"));
        assert_eq!(merge.pull_request, pull_request, "{message}");
        assert_eq!(merge.source.as_deref(), source, "{message}");
        assert_eq!(merge.target.as_deref(), target, "{message}");
    }
    for message in ["Merge sort for the index", "feat: merge configs", "Merged"] {
        assert_eq!(parse("1", message).merge, None, "{message:?} is no merge");
    }
}

#[test]
fn reverts_name_the_reverted_header_and_commit() {
    let git = parse(
        "1",
        "Revert \"feat(api): add x\"\n\nThis reverts commit 0123456789abcdef0123456789abcdef01234567.\n",
    );
    let revert = git.revert.unwrap();
    assert_eq!(revert.header, "feat(api): add x");
    assert_eq!(
        revert.id.as_deref(),
        Some("0123456789abcdef0123456789abcdef01234567")
    );

    let conventional = parse("1", "revert: feat(api): add x\n\nRefs: 0123456");
    let revert = conventional.revert.unwrap();
    assert_eq!(revert.header, "feat(api): add x");
    assert_eq!(revert.id.as_deref(), Some("0123456"));
    assert!(conventional.conventional.is_some());

    let nested = parse("1", "Revert \"Revert \"feat: x\"\"");
    assert_eq!(nested.revert.unwrap().header, "Revert \"feat: x\"");
}

#[test]
fn autosquash_commits_name_their_target() {
    for (message, action) in [
        ("fixup! feat: add x", AutosquashAction::Fixup),
        ("squash! feat: add x", AutosquashAction::Squash),
        ("amend! feat: add x", AutosquashAction::Amend),
    ] {
        let autosquash = parse("1", message).autosquash.unwrap();
        assert_eq!(autosquash.action, action);
        assert_eq!(autosquash.target, "feat: add x");
    }
}

#[test]
fn references_come_from_footers() {
    let change = parse(
        "1",
        "fix: x\n\nFixes #12\nRefs: #56, #57\nCloses: owner/name#3\nSee-also: v8:8940",
    )
    .conventional
    .unwrap();
    let references: Vec<(String, Option<String>, String)> = change
        .references
        .into_iter()
        .map(|reference| (reference.action, reference.repository, reference.issue))
        .collect();
    assert_eq!(
        references,
        [
            ("Fixes".to_owned(), None, "12".to_owned()),
            ("Refs".to_owned(), None, "56".to_owned()),
            ("Refs".to_owned(), None, "57".to_owned()),
            (
                "Closes".to_owned(),
                Some("owner/name".to_owned()),
                "3".to_owned()
            ),
        ]
    );
}

#[test]
fn release_please_links_only_the_issues_of_the_closing_footers() {
    let linked = |message: &str| parse("1", message).conventional.unwrap().linked_issues;
    // A squash-merged description: `Resolves #967` mid-body, prose after
    // it, then a trailer. The specification reads a footer there; Release
    // Please links nothing.
    let squashed = "fix: handle timeouts (#970)\n\nSome prose.\n\nResolves #967\n\nMore prose after it.\n\nSigned-off-by: A <a@b.c>";
    assert!(linked(squashed).is_empty());
    let change = parse("1", squashed).conventional.unwrap();
    assert_eq!(
        change.references.len(),
        1,
        "the specification's reading stays"
    );
    assert_eq!(linked("fix: x\n\nbody\n\nResolves #967"), ["967"]);
    assert_eq!(
        linked("fix: x\n\nResolves #967\nSigned-off-by: A <a@b.c>"),
        ["967"]
    );
    assert_eq!(linked("fix: x\n\nbody line\nCloses #3"), ["3"]);
    assert_eq!(linked("fix: x\n\nbody\n\nRefs: #1\nCloses #2"), ["1", "2"]);
    // Lists, bare numbers, other repositories and continued values link
    // nothing; a line that is not a footer ends the run.
    assert!(linked("fix: x\n\nRefs: #9, #10\nFixes: 11\nCloses #3, closes #4").is_empty());
    assert!(linked("fix: x\n\nCloses #3\n  more about it").is_empty());
    assert!(linked("fix: x\n\nCloses #3\nCloses gh-12").is_empty());
    assert_eq!(
        linked("fix: x\n\nfixes #7\nSee #8\nRESOLVED: #14"),
        ["7", "8", "14"]
    );
}

#[test]
fn release_please_takes_the_breaking_note_from_the_closing_footers_else_the_body() {
    let note = |message: &str| {
        parse("1", message)
            .conventional
            .unwrap()
            .breaking_description
            .unwrap()
    };
    // The last of the closing footers.
    assert_eq!(
        note("feat: x\n\nBREAKING CHANGE: first\n\nBREAKING CHANGE: second"),
        "second"
    );
    // Followed by prose, the markers are body text: the first one counts.
    assert_eq!(
        note(
            "feat: x\n\nBREAKING CHANGE: first\n\nBREAKING CHANGE: second\n\nProse.\nSigned-off-by: A <a@b.c>"
        ),
        "first"
    );
    // A marker in the closing run wins over one in the body.
    assert_eq!(
        note("feat: x\n\nBREAKING CHANGE: body\n\nProse.\n\nBREAKING CHANGE: closing\n\nRefs #1"),
        "closing"
    );
    assert_eq!(note("feat!: drop it"), "drop it");
}

#[test]
fn release_as_is_read_from_a_footer_in_any_case() {
    for message in [
        "chore: release 2.0.0\n\nRelease-As: 2.0.0",
        "chore: release 2.0.0\nRelease-As: 2.0.0",
        "chore: release 2.0.0\n\nrelease-as: 2.0.0",
    ] {
        let change = parse("1", message).conventional.unwrap();
        assert_eq!(change.release_as.as_deref(), Some("2.0.0"), "{message:?}");
    }
    // With text below it, Release Please reads it as body: no release-as.
    let in_body = parse("1", "chore: x\n\nRelease-As: 2.0.0\nand more text")
        .conventional
        .unwrap();
    assert_eq!(in_body.release_as, None);
}

#[test]
fn breaking_flag_always_agrees_with_the_footers() {
    for message in [
        "feat: x\n\nBreaking-Change: y",
        "feat: x\n\nbreaking-change: y",
        "feat: x\n\nBREAKING CHANGE: y",
        "feat!: x\n\nRefs: #1",
    ] {
        let change = parse("1", message).conventional.unwrap();
        let from_footers = change
            .footers
            .iter()
            .any(|footer| footer.breaking && !footer.value.is_empty());
        assert_eq!(change.breaking, change.bang || from_footers, "{message:?}");
    }
}

#[test]
fn a_message_is_never_dropped() {
    for message in [
        "", "\n\n", "   ", "\u{feff}", "WIP", ":", "(", "!:", "a(b", "\0\u{1}",
    ] {
        let commit = parse("1", message);
        assert!(
            commit.conventional.is_some() || commit.invalid.is_some(),
            "{message:?}"
        );
    }
    assert_eq!(parse("1", "").invalid, Some(Invalid::Empty));
}

#[test]
fn a_one_megabyte_message_parses() {
    let message = format!("feat: big\n\n{}", "word ".repeat(200_000));
    let change = parse("1", &message).conventional.unwrap();
    assert_eq!(change.body.unwrap().len(), 999_999);
}

#[test]
fn cleanup_drops_comments_and_everything_after_the_scissors() {
    let raw = "feat: x\n\n# comment\nbody  \n\n\n\nmore\n# ------------------------ >8 ------------------------\ndiff --git a/x b/x\n";
    assert_eq!(cleanup(raw, '#'), "feat: x\n\nbody\n\nmore\n");
    assert_eq!(cleanup(";c\nfeat: y\n", ';'), "feat: y\n");
    assert_eq!(cleanup("# only comments\n", '#'), "");
}

proptest! {
    #[test]
    fn any_text_parses_to_exactly_one_verdict(message in any::<String>()) {
        let commit = parse("1", &message);
        prop_assert!(commit.conventional.is_some() != commit.invalid.is_some());
        prop_assert!(!commit.summary.contains('\n'));
        for change in commit.changes() {
            let from_footers = change.footers.iter().any(|footer| footer.breaking && !footer.value.is_empty());
            prop_assert!(!change.breaking || change.bang || from_footers
                || change.deviations.contains(&Deviation::BreakingChangeInBody));
        }
    }

    #[test]
    fn conventional_looking_text_parses_without_panic(
        kind in "[a-zA-Z]{1,8}",
        scope in proptest::option::of("[a-z/ @.-]{0,8}"),
        bang in any::<bool>(),
        description in "[^\n]{0,40}",
        rest in "[\\s\\S]{0,200}",
    ) {
        let scope = scope.map(|scope| format!("({scope})")).unwrap_or_default();
        let bang = if bang { "!" } else { "" };
        let message = format!("{kind}{scope}{bang}: {description}\n{rest}");
        let commit = parse("1", &message);
        prop_assert!(commit.conventional.is_some() || commit.invalid.is_some());
    }

    #[test]
    fn cleanup_is_idempotent(message in any::<String>()) {
        let once = cleanup(&message, '#');
        prop_assert_eq!(cleanup(&once, '#'), once);
    }
}
