use super::*;

#[track_caller]
fn verdict(message: &str, config: &Config) -> String {
    let report = lint(message, config);
    if report.ignored.is_some() {
        return "ignored".to_owned();
    }
    let mut rules: Vec<String> = report
        .violations
        .iter()
        .map(|violation| {
            let level = if violation.level == Level::Error {
                "E"
            } else {
                "W"
            };
            format!("{level}:{}", violation.rule)
        })
        .collect();
    rules.sort();
    rules.join(",")
}

/// Every message commitlint 20.5 (config-conventional) was run on, with the
/// rules it broke there; where our verdict differs, the comment says why. The
/// 57 vectors of reference/changelog-peers.md Appendix A come first.
#[test]
fn config_conventional_verdicts_match_commitlint() {
    let table: &[(&str, &str, &str)] = &[
        ("basic", "feat: add x", ""),
        ("scope", "feat(parser): add x", ""),
        ("bang", "feat!: drop node 12", ""),
        ("scope_bang", "feat(api)!: drop v1", ""),
        (
            "type_capitalized",
            "Feat: capitalized type",
            "E:type-case,E:type-enum",
        ),
        ("type_upper", "FEAT: upper type", "E:type-case,E:type-enum"),
        ("scope_space", "feat(my scope): scope with space", ""),
        ("scope_special", "feat(a.b/c-d_e,f): special chars", ""),
        ("scope_npm", "fix(@foo/bar): npm scoped pkg", ""),
        // commitlint: pass. commitlint reads `()` as no scope; Release Please drops the commit: fail it
        (
            "scope_empty",
            "feat(): empty scope",
            "E:subject-empty,E:type-empty",
        ),
        (
            "desc_empty_trailing_space",
            "feat: ",
            "E:header-trim,E:subject-empty",
        ),
        // commitlint: E:subject-empty,E:type-empty. the type is clear; commitlint also says type-empty
        ("desc_missing", "feat:", "E:subject-empty"),
        (
            "no_space_after_colon",
            "feat:no space",
            "E:subject-empty,E:type-empty",
        ),
        ("two_spaces_after_colon", "feat:  two spaces", ""),
        (
            "space_before_colon",
            "feat : space before colon",
            "E:subject-empty,E:type-empty",
        ),
        // commitlint: E:subject-empty,E:type-empty. commitlint: type-empty, subject-empty (`\w` only); ours names the real problem
        ("type_hyphen", "feat-x: hyphen in type", "E:type-enum"),
        ("type_digit", "feat2: digit in type", "E:type-enum"),
        // commitlint: E:subject-empty,E:type-empty. commitlint: type-empty, subject-empty (`\w` is ASCII); ours names the real problem
        ("type_unicode", "fé: unicode type", "E:type-enum"),
        // commitlint: E:header-trim,E:subject-empty,E:type-empty. commitlint adds type-empty, subject-empty; the type is clear
        ("leading_space", " feat: leading space", "E:header-trim"),
        (
            "bang_before_scope",
            "feat!(scope): bang before scope",
            "E:subject-empty,E:type-empty",
        ),
        // commitlint: pass. commitlint reads scope `a)(b`; Release Please drops the commit: fail it
        (
            "double_scope",
            "feat(a)(b): two scopes",
            "E:subject-empty,E:type-empty",
        ),
        (
            "body_no_blank",
            "feat: x\nbody line without blank line",
            "W:body-leading-blank",
        ),
        (
            "footer_breaking",
            "feat: x\n\nbody\n\nBREAKING CHANGE: removed y",
            "",
        ),
        (
            "footer_breaking_hyphen",
            "feat: x\n\nBREAKING-CHANGE: removed y",
            "",
        ),
        (
            "footer_breaking_lower",
            "feat: x\n\nbreaking change: removed y",
            "",
        ),
        (
            "footer_breaking_mixed_hyphen",
            "feat: x\n\nBreaking-Change: removed y",
            "",
        ),
        (
            "footer_breaking_no_space",
            "feat: x\n\nBREAKING CHANGE:removed y",
            "",
        ),
        (
            "footer_breaking_space_before_colon",
            "feat: x\n\nBREAKING CHANGE : removed y",
            "",
        ),
        (
            "footer_breaking_multiline",
            "fix: x\n\nBREAKING CHANGE: first line\nsecond line\nReviewed-by: Z",
            "",
        ),
        (
            "footer_breaking_continuation_indent",
            "fix: x\n\nBREAKING CHANGE: first line\n  indented continuation",
            "",
        ),
        (
            "footer_breaking_empty_value",
            "feat: x\n\nBREAKING CHANGE:",
            "",
        ),
        ("footer_hash_ref", "fix: x\n\nRefs #123", ""),
        ("footer_closes_hash", "fix: x\n\nbody\n\nCloses #42", ""),
        (
            "footer_trailers_multi",
            "feat: x\n\nbody\n\nCo-authored-by: A <a@x.io>\nCo-authored-by: B <b@x.io>\nSigned-off-by: C <c@x.io>",
            "",
        ),
        ("footer_no_body", "fix: x\n\nFixes: #1\nFixes: #2", ""),
        // commitlint: pass. commitlint starts footers only at references and notes; Release Please reads this trailer as a footer
        (
            "trailer_after_body_no_blank",
            "fix: x\n\nbody line\nSigned-off-by: A <a@x.io>",
            "W:footer-leading-blank",
        ),
        (
            "fake_footer_mid_body",
            "fix: x\n\nFirst line of the body\nIMPORTANT: see docs.\nAnother body line.\n\nlast paragraph",
            "",
        ),
        (
            "breaking_in_body_midparagraph",
            "fix: x\n\nsome text\nBREAKING CHANGE: in middle of paragraph\nmore text",
            "W:footer-leading-blank",
        ),
        (
            "bang_and_footer",
            "feat!: x\n\nBREAKING CHANGE: footer text wins?",
            "",
        ),
        (
            "crlf",
            "feat: thing\r\n\r\nbody\r\n\r\nBREAKING CHANGE: crlf broke",
            "",
        ),
        ("trailing_newlines", "feat: thing\n\n\n", ""),
        (
            "multi_blank_before_body",
            "feat: thing\n\n\n\nbody after 3 blanks",
            "",
        ),
        (
            "git_comment_lines",
            "feat: x\n\nbody\n# Please enter the commit message\n# comment",
            "",
        ),
        (
            "revert_git",
            "Revert \"feat: add x\"\n\nThis reverts commit 1234567890abcdef1234567890abcdef12345678.",
            "ignored",
        ),
        ("revert_type", "revert: feat: add x\n\nRefs: 676104e", ""),
        (
            "merge_branch",
            "Merge branch 'feature/x' into main",
            "ignored",
        ),
        (
            "merge_pr",
            "Merge pull request #12 from foo/bar\n\nfeat: add x",
            "ignored",
        ),
        ("fixup", "fixup! feat: add x", "ignored"),
        ("squash_style_pr_suffix", "feat(ui): add button (#123)", ""),
        ("colon_in_desc", "fix: handle a: b case", ""),
        ("parens_in_desc", "fix: call foo(bar) correctly", ""),
        ("emoji_desc", "feat: ✨ sparkle", ""),
        (
            "gitmoji_prefix",
            ":sparkles: feat: gitmoji prefix",
            "E:subject-empty,E:type-empty",
        ),
        (
            "not_conventional",
            "Update README.md",
            "E:subject-empty,E:type-empty",
        ),
        ("semver_only", "1.2.3", "ignored"),
        (
            "scope_newline",
            "feat(sc\nope): newline in scope",
            "E:subject-empty,E:type-empty,W:body-leading-blank",
        ),
        (
            "dependabot",
            "chore(deps): bump foo from 1.0.0 to 2.0.0\n\nBumps [foo](https://github.com/x/foo) from 1.0.0 to 2.0.0.\n- [Release notes](...)\n\n---\nupdated-dependencies:\n- dependency-name: foo\n  dependency-type: direct:production\n  update-type: version-update:semver-major\n...\n\nSigned-off-by: dependabot[bot] <support@github.com>",
            "",
        ),
        (
            "extra_header_100",
            "feat: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            "",
        ),
        (
            "extra_header_101",
            "feat: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            "E:header-max-length",
        ),
        (
            "extra_header_emoji_utf16",
            "feat: 😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀",
            "E:header-max-length",
        ),
        (
            "extra_body_line_100",
            "fix: x\n\naaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            "",
        ),
        (
            "extra_body_line_101",
            "fix: x\n\naaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            "E:body-max-line-length",
        ),
        (
            "extra_body_line_101_url",
            "fix: x\n\nsee https://example.com/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa for details",
            "",
        ),
        (
            "extra_body_line_101_url_no_scheme",
            "fix: x\n\nsee www.example.com/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            "E:body-max-line-length",
        ),
        (
            "extra_footer_line_101",
            "fix: x\n\nbody\n\nCloses #1 aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            "E:footer-max-line-length",
        ),
        (
            "extra_footer_line_101_url",
            "fix: x\n\nbody\n\nBREAKING CHANGE: http://x.io/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            "",
        ),
        (
            "extra_subject_full_stop",
            "feat: add x.",
            "E:subject-full-stop",
        ),
        ("extra_subject_ellipsis", "feat: add x...", ""),
        (
            "extra_subject_full_stop_nonconforming",
            "Update stuff.",
            "E:subject-empty,E:subject-full-stop,E:type-empty",
        ),
        (
            "extra_type_capitalized",
            "Feat: x",
            "E:type-case,E:type-enum",
        ),
        ("extra_type_unknown", "foo: x", "E:type-enum"),
        // commitlint: E:type-empty. commitlint reads the subject `x`; there is no type to hang it on
        (
            "extra_type_empty",
            "(scope): x",
            "E:subject-empty,E:type-empty",
        ),
        ("extra_scope_upper", "feat(API): x", ""),
        (
            "extra_subject_sentence_case",
            "feat: Add the thing",
            "E:subject-case",
        ),
        (
            "extra_subject_upper_case",
            "feat: ADD THE THING",
            "E:subject-case",
        ),
        (
            "extra_subject_start_case",
            "feat: Add The Thing",
            "E:subject-case",
        ),
        (
            "extra_subject_pascal_case",
            "feat: AddTheThing",
            "E:subject-case",
        ),
        ("extra_subject_camel_case", "feat: addTheThing", ""),
        ("extra_subject_quoted_capital", "feat: `Eslint` config", ""),
        ("extra_subject_dq_capital_first", "feat: \"Foo\" bar", ""),
        ("extra_subject_digit_first", "feat: 2FA support", ""),
        ("extra_subject_acronym_inside", "feat: add API docs", ""),
        // commitlint: E:subject-case. commitlint quirk: `µ` upper-cases to `Μ`, so it is "not sentence-case"
        ("extra_subject_micro_sign", "feat: µ", ""),
        (
            "extra_subject_nonlatin_upper",
            "feat: Ärger vermeiden",
            "E:subject-case",
        ),
        ("extra_subject_nonlatin_lower", "feat: ärger vermeiden", ""),
        // commitlint: pass. commitlint's API passes an empty message (its CLI refuses it); git would abort the commit
        ("extra_empty", "", "E:subject-empty,E:type-empty"),
        // commitlint: pass. as extra_empty
        (
            "extra_whitespace_only",
            "\n \n",
            "E:subject-empty,E:type-empty",
        ),
        (
            "extra_body_no_leading_blank",
            "feat: x\nbody right after header",
            "W:body-leading-blank",
        ),
        // commitlint: W:body-leading-blank. commitlint counts the leading blank line; git never stores one
        (
            "extra_leading_newline_before_header",
            "\nfeat: x\n\nbody",
            "",
        ),
        (
            "extra_footer_no_leading_blank",
            "fix: x\n\nbody\nCloses #1",
            "W:footer-leading-blank",
        ),
        // commitlint: W:footer-leading-blank. commitlint starts a footer at any line with `#12`
        (
            "extra_ref_line_ends_body",
            "fix: x\n\nfirst body line\nsee #12 for details\nmore body text",
            "",
        ),
        (
            "extra_breaking_footer",
            "feat: x\n\nBREAKING CHANGE: y is gone",
            "",
        ),
        (
            "extra_breaking_footer_no_blank",
            "feat: x\n\nbody\nBREAKING CHANGE: y is gone",
            "W:footer-leading-blank",
        ),
        ("extra_header_trailing_space", "feat: x ", "E:header-trim"),
        // commitlint: E:header-trim,E:subject-empty,E:type-empty. as leading_space
        ("extra_header_surrounded_ws", " feat: x ", "E:header-trim"),
        // commitlint: E:header-trim,E:subject-empty,E:type-empty. as leading_space
        ("extra_header_tab_start", "\tfeat: x", "E:header-trim"),
        // commitlint: ignored. commitlint ignores a message with a merge line anywhere (commitlint#3691 family); only merge headers are ignored here
        (
            "extra_merge_line_in_body",
            "Feat: Bad.\n\nMerge branch 'main'",
            "E:subject-case,E:subject-full-stop,E:type-case,E:type-enum",
        ),
        // commitlint: ignored. as extra_merge_line_in_body
        (
            "extra_merge_pr_line_in_body",
            "Feat: Bad.\n\nMerge pull request #1 from a/b",
            "E:subject-case,E:subject-full-stop,E:type-case,E:type-enum",
        ),
        ("extra_semver_v", "v1.2.3", "ignored"),
        // commitlint: ignored. commitlint ignores it; it is a valid conventional commit anyway
        (
            "extra_semver_release_skip_ci",
            "chore(release): 1.2.3 [skip ci]",
            "",
        ),
        // commitlint: ignored. commitlint ignores anything starting with `revert `; only git's `Revert "…"` is ignored here
        (
            "extra_revert_lower_space",
            "revert something",
            "E:subject-empty,E:type-empty",
        ),
        ("extra_revert_type", "revert: Something", "E:subject-case"),
        (
            "extra_comment_long_line",
            "feat: x\n\n# aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            "E:body-max-line-length",
        ),
        (
            "extra_comment_only",
            "# just a comment\n",
            "E:subject-empty,E:type-empty",
        ),
        (
            "extra_scissors",
            "feat: x\n\nbody\n# ------------------------ >8 ------------------------\n# Do not modify or remove the line above.\ndiff --git a/f b/f\n+aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            "E:body-max-line-length",
        ),
        (
            "extra_gpg_line",
            "feat: x\n\ngpg: Signature made today\nbody",
            "",
        ),
        (
            "extra_many_problems",
            "Foo(Bar): Baz.",
            "E:subject-case,E:subject-full-stop,E:type-case,E:type-enum",
        ),
        ("extra_trailing_newline", "feat: x\n", ""),
    ];
    let config = Config::default();
    let mut failures = Vec::new();
    for (id, message, expected) in table {
        let actual = verdict(message, &config);
        if actual != *expected {
            failures.push(format!(
                "{id}: {message:?}\n  expected {expected:?}\n  actual   {actual:?}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn with_rules(toml: &str) -> Config {
    let mut config = Config::empty();
    let unknown = config.apply_cicd_toml(toml, "cicd.toml").unwrap();
    assert!(unknown.is_empty(), "{unknown:?}");
    config
}

#[test]
fn violations_say_where_they_are() {
    let long_body_line = "x".repeat(101);
    let message = format!("feat: add x.\n\n{long_body_line}\n\nRefs: #1");
    let report = lint(&message, &Config::default());
    let found: Vec<(&str, usize, usize)> = report
        .violations
        .iter()
        .map(|violation| (violation.rule.as_str(), violation.line, violation.column))
        .collect();
    assert_eq!(
        found,
        [
            ("subject-full-stop", 1, 12),
            ("body-max-line-length", 3, 101)
        ]
    );
}

#[test]
fn line_length_counts_utf16_units_and_spares_urls() {
    let url_line = format!("see https://example.com/{}", "a".repeat(120));
    assert_eq!(
        verdict(&format!("fix: x\n\n{url_line}"), &Config::default()),
        ""
    );
    // 34 emoji are 68 UTF-16 units: with `feat: ` the header is 74 long.
    let config = with_rules("[lint.rules]\nheader-max-length = [2, \"always\", 72]");
    let header = format!("feat: {}", "😀".repeat(34));
    let report = lint(&header, &config);
    assert_eq!(
        report.violations[0].message,
        "header must not be longer than 72 characters, current length is 74"
    );
    assert_eq!(report.violations[0].column, 7 + 33);
}

#[test]
fn rules_beyond_config_conventional_behave_like_commitlint() {
    let table: &[(&str, &str, &str)] = &[
        (
            "scope-enum = [2, \"always\", [\"api\", \"cli\"]]",
            "feat(api,cli): x",
            "",
        ),
        (
            "scope-enum = [2, \"always\", [\"api\", \"cli\"]]",
            "feat(core): x",
            "E:scope-enum",
        ),
        ("scope-empty = [2, \"never\"]", "feat: x", "E:scope-empty"),
        (
            "scope-case = [2, \"always\", \"kebab-case\"]",
            "feat(my_scope): x",
            "E:scope-case",
        ),
        (
            "references-empty = [1, \"never\"]",
            "fix: x",
            "W:references-empty",
        ),
        (
            "references-empty = [1, \"never\"]",
            "fix: x\n\nFixes #3",
            "",
        ),
        (
            "signed-off-by = [2, \"always\", \"Signed-off-by:\"]",
            "fix: x\n\nSigned-off-by: A <a@x>",
            "",
        ),
        (
            "signed-off-by = [2, \"always\", \"Signed-off-by:\"]",
            "fix: x",
            "E:signed-off-by",
        ),
        (
            "trailer-exists = [2, \"always\", \"Change-Id:\"]",
            "fix: x\n\nChange-Id: I12",
            "",
        ),
        (
            "trailer-exists = [2, \"always\", \"Change-Id:\"]",
            "fix: x\n\nbody",
            "E:trailer-exists",
        ),
        (
            "breaking-change-exclamation-mark = [2, \"always\"]",
            "feat!: x",
            "E:breaking-change-exclamation-mark",
        ),
        (
            "breaking-change-exclamation-mark = [2, \"always\"]",
            "feat!: x\n\nBREAKING CHANGE: y",
            "",
        ),
        (
            "breaking-change-exclamation-mark = [2, \"always\"]",
            "feat: x",
            "",
        ),
        (
            "subject-exclamation-mark = [2, \"never\"]",
            "feat!: x",
            "E:subject-exclamation-mark",
        ),
        ("body-empty = [2, \"never\"]", "feat: x", "E:body-empty"),
        (
            "body-max-length = [2, \"always\", 5]",
            "feat: x\n\nsix ch",
            "E:body-max-length",
        ),
        (
            "body-full-stop = [2, \"always\", \".\"]",
            "feat: x\n\nno stop",
            "E:body-full-stop",
        ),
        (
            "footer-empty = [2, \"never\"]",
            "feat: x\n\nbody",
            "E:footer-empty",
        ),
        (
            "footer-max-length = [2, \"always\", 5]",
            "feat: x\n\nRefs: #12345",
            "E:footer-max-length",
        ),
        (
            "header-min-length = [2, \"always\", 20]",
            "feat: x",
            "E:header-min-length",
        ),
        (
            "header-case = [2, \"always\", \"lower-case\"]",
            "feat: Add",
            "E:header-case",
        ),
        (
            "header-full-stop = [2, \"never\", \".\"]",
            "feat: add...",
            "",
        ),
        (
            "subject-max-length = [2, \"always\", 3]",
            "feat: four",
            "E:subject-max-length",
        ),
        (
            "subject-min-length = [2, \"always\", 5]",
            "feat: four",
            "E:subject-min-length",
        ),
        (
            "type-max-length = [2, \"always\", 3]",
            "feat: x",
            "E:type-max-length",
        ),
        (
            "type-min-length = [2, \"always\", 5]",
            "feat: x",
            "E:type-min-length",
        ),
        (
            "type-enum = [2, \"never\", [\"wip\"]]",
            "wip: x",
            "E:type-enum",
        ),
        (
            "body-case = [2, \"always\", \"lower-case\"]",
            "feat: x\n\nBody",
            "E:body-case",
        ),
        (
            "subject-case = [2, \"always\", [\"lower-case\", \"camel-case\"]]",
            "feat: addThing",
            "",
        ),
    ];
    for (rule, message, expected) in table {
        let config = with_rules(&format!("[lint.rules]\n{rule}"));
        assert_eq!(
            verdict(message, &config),
            *expected,
            "{rule} on {message:?}"
        );
    }
}

#[test]
fn messages_of_rules_read_like_commitlint() {
    let config = with_rules(
        "[lint.rules]\nreferences-empty = [2, \"never\"]\nsigned-off-by = [2, \"always\", \"Signed-off-by:\"]\n\
         scope-enum = [2, \"always\", [\"api\"]]",
    );
    let messages: Vec<String> = lint("fix(cli): x", &config)
        .violations
        .into_iter()
        .map(|v| v.message)
        .collect();
    assert_eq!(
        messages,
        // Whole-message rules point at the last line; sorted by position.
        [
            "references may not be empty",
            "message must be signed off",
            "scope must be one of [api]"
        ]
    );
}

#[test]
fn commitlintrc_rules_replace_the_inherited_ones() {
    let json = r#"{
        "extends": ["@commitlint/config-conventional"],
        "rules": {"header-max-length": [2, "always", 50], "subject-case": [0], "scop-enum": [2, "always", ["a"]]}
    }"#;
    let (config, unknown) = Config::from_commitlint_json(json, ".commitlintrc.json").unwrap();
    assert_eq!(config.rules["header-max-length"].value, Value::Number(50));
    assert_eq!(config.rules["subject-case"].level, Level::Off);
    assert_eq!(config.rules.len(), Config::default().rules.len());
    assert_eq!(
        unknown[0].to_string(),
        "`.commitlintrc.json`: unknown lint rule `scop-enum`, ignored; did you mean `scope-enum`?"
    );
    assert_eq!(verdict("feat: Add thing", &config), "");
}

#[test]
fn a_commitlintrc_without_extends_has_only_its_own_rules() {
    let (config, _) = Config::from_commitlint_json(
        r#"{"rules": {"type-empty": [2, "never"]}, "defaultIgnores": false}"#,
        "x",
    )
    .unwrap();
    assert_eq!(config.rules.len(), 1);
    assert!(config.ignore.is_empty());
    assert_eq!(verdict("Merge branch 'x'", &config), "E:type-empty");
}

#[test]
fn cicd_toml_accepts_three_shapes_and_a_list_of_ignores() {
    let mut config = Config::default();
    let unknown = config
        .apply_cicd_toml(
            r#"
[lint]
ignore = ["merges"]
[lint.rules]
header-max-length = [2, "always", 72]
subject-case = "off"
type-enum = { level = "warning", when = "always", value = ["feat", "fix"] }
"#,
            "cicd.toml",
        )
        .unwrap();
    assert!(unknown.is_empty());
    assert_eq!(config.ignore, [Ignore::Merges]);
    assert_eq!(config.rules["header-max-length"].value, Value::Number(72));
    assert_eq!(config.rules["subject-case"].level, Level::Off);
    assert_eq!(verdict("docs: Add thing", &config), "W:type-enum");
    assert_eq!(
        verdict("fixup! feat: x", &config),
        "E:subject-empty,E:type-empty"
    );
}

#[test]
fn malformed_configuration_says_where_and_what_was_expected() {
    let cases = [
        (
            "[lint.rules]\nheader-max-length = [2, \"always\", \"long\"]",
            "`lint.rules.header-max-length`: expected a length as the third item, found \"long\"",
        ),
        (
            "[lint.rules]\ntype-enum = [3]",
            "`lint.rules.type-enum`: level `3`: expected 0, 1 or 2",
        ),
        (
            "[lint.rules]\ntype-case = [2, \"sometimes\", \"lower-case\"]",
            "expected \"always\" or \"never\" as the second item",
        ),
        (
            "[lint.rules]\ntype-case = [2, \"always\", \"shouty-case\"]",
            "unknown case `shouty-case`",
        ),
        ("[lint]\nignore = [\"forks\"]", "`lint.ignore`: `\"forks\"`"),
        ("[lint]\nstrict = true", "unknown key `lint.strict`"),
        ("[lint", "not TOML"),
    ];
    for (toml, expected) in cases {
        let err = Config::default()
            .apply_cicd_toml(toml, "cicd.toml")
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("invalid configuration in `cicd.toml`"),
            "{err}"
        );
        assert!(err.contains(expected), "{toml:?}: {err}");
    }
    let err = Config::from_commitlint_json("{\"rules\": [", ".commitlintrc.json").unwrap_err();
    assert!(
        err.to_string()
            .contains("not JSON: EOF while parsing a list at line 1 column 11"),
        "{err}"
    );
}

#[test]
fn default_ignores_are_commitlints() {
    let config = Config::default();
    for message in [
        "Merge branch 'main' into feature",
        "Merge pull request #1 from a/b",
        "Revert \"feat: x\"\n\nThis reverts commit 0123456.",
        "Reapply \"feat: x\"",
        "fixup! feat: x",
        "squash! feat: x",
        "amend! feat: x",
        "v1.2.3",
        "1.2.3-rc.1",
    ] {
        assert_eq!(verdict(message, &config), "ignored", "{message:?}");
    }
    assert_eq!(verdict("revert: feat: x", &config), "");
}

mod properties {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        #[test]
        fn any_toml_text_configures_or_errors(text in any::<String>()) {
            let _ = Config::default().apply_cicd_toml(&text, "cicd.toml");
        }

        #[test]
        fn any_lint_table_configures_or_errors(
            name in "[a-z-]{1,24}",
            level in any::<i64>(),
            when in "[a-z]{0,7}",
            value in "[ -~]{0,16}",
        ) {
            let toml = format!("[lint.rules]\n{name} = [{level}, {when:?}, {value:?}]\n");
            let _ = Config::default().apply_cicd_toml(&toml, "cicd.toml");
        }

        #[test]
        fn any_json_text_configures_or_errors(text in any::<String>()) {
            let _ = Config::from_commitlint_json(&text, ".commitlintrc.json");
        }

        #[test]
        fn any_message_lints_with_positions_inside_it(message in any::<String>()) {
            let report = lint(&message, &Config::default());
            let lines = message.lines().count().max(1);
            for violation in report.violations {
                prop_assert!(violation.line >= 1 && violation.line <= lines, "{violation:?}");
                prop_assert!(violation.column >= 1);
            }
        }
    }
}
