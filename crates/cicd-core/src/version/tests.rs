use super::*;
use crate::commits::parse as commit;

fn decide(current: Option<&str>, messages: &[&str], options: &Options) -> Decision {
    let commits: Vec<Commit> = messages
        .iter()
        .enumerate()
        .map(|(index, message)| commit(&format!("c{index}"), message))
        .collect();
    let current = current.map(|text| parse(text).unwrap());
    next(current.as_ref(), &commits, options).unwrap()
}

fn options(json: &str) -> Options {
    serde_json::from_str(json).unwrap()
}

/// Release Please's own table (reference/release-please.md §3), each row
/// verified there through the oracle.
#[test]
fn release_pleases_version_table() {
    let table: &[(&str, &[&str], &str, &str)] = &[
        ("0.3.4", &["feat!: x"], "{}", "1.0.0"),
        (
            "0.3.4",
            &["feat!: x"],
            r#"{"bump-minor-pre-major": true}"#,
            "0.4.0",
        ),
        (
            "0.3.4",
            &["feat: x"],
            r#"{"bump-patch-for-minor-pre-major": true}"#,
            "0.3.5",
        ),
        (
            "1.2.3",
            &["feat: x"],
            r#"{"versioning": "prerelease", "prerelease": true, "prerelease-type": "beta"}"#,
            "1.3.0-beta",
        ),
        (
            "1.2.3",
            &["fix: x"],
            r#"{"versioning": "prerelease", "prerelease": true, "prerelease-type": "beta"}"#,
            "1.2.4-beta",
        ),
        (
            "1.3.0-beta",
            &["fix: x"],
            r#"{"versioning": "prerelease", "prerelease": true, "prerelease-type": "beta"}"#,
            "1.3.0-beta.1",
        ),
        (
            "1.3.0-beta01",
            &["fix: x"],
            r#"{"versioning": "prerelease", "prerelease": true}"#,
            "1.3.0-beta02",
        ),
        (
            "1.2.0-beta.1",
            &["feat!: x"],
            r#"{"versioning": "prerelease", "prerelease": true}"#,
            "2.0.0-beta.1",
        ),
        (
            "1.3.0-beta.4",
            &["fix: x"],
            r#"{"versioning": "prerelease"}"#,
            "1.3.0",
        ),
        (
            "1.0.0-alpha",
            &["fix: x"],
            r#"{"versioning": "prerelease", "prerelease": true, "prerelease-type": "beta"}"#,
            "1.0.0-alpha.1",
        ),
        (
            "1.2.3",
            &["feat!: x"],
            r#"{"versioning": "always-bump-patch"}"#,
            "1.2.4",
        ),
        (
            "1.2.3",
            &["fix: x"],
            r#"{"versioning": "always-bump-major"}"#,
            "2.0.0",
        ),
        (
            "1.2.3",
            &["feat: x"],
            r#"{"versioning": "service-pack"}"#,
            "1.2.3-sp.1",
        ),
        (
            "1.2.3-sp.4",
            &["feat: x"],
            r#"{"versioning": "service-pack"}"#,
            "1.2.3-sp.5",
        ),
        ("1.0.0", &["chore: x\n\nRelease-As: 2.0.0"], "{}", "2.0.0"),
        (
            "1.0.0",
            &[
                "chore: newer\n\nRelease-As: 3.0.0",
                "chore: older\n\nRelease-As: 2.5.0",
            ],
            "{}",
            "3.0.0",
        ),
        (
            "1.0.0",
            &["fix: x"],
            r#"{"release-as": "v4.0.0-rc.1"}"#,
            "4.0.0-rc.1",
        ),
        ("1.0.0", &["fix: x"], r#"{"release-as": ""}"#, "1.0.1"),
        ("1.0.0-beta.1", &["fix: x"], "{}", "1.0.1-beta.1"),
        ("1.0.0-beta.1", &["feat: x"], "{}", "1.1.0-beta.1"),
        ("1.2.3", &["Feat: capitalised"], "{}", "1.2.4"),
        ("1.2.3", &["feature: x"], "{}", "1.3.0"),
        ("1.2.3", &["chore!: x"], "{}", "2.0.0"),
        ("1.2.3", &["docs: x"], "{}", "1.2.4"),
    ];
    for (current, messages, json, expected) in table {
        let decision = decide(Some(current), messages, &options(json));
        assert_eq!(
            decision.version.to_string(),
            *expected,
            "{current} + {messages:?} with {json}"
        );
    }
}

/// Release Please's `JavaSnapshot`, checked through the oracle (the
/// release-type cases `*-after-a-snapshot-*`).
#[test]
fn java_releases_leave_a_snapshot_behind() {
    let java = options(r#"{"release-type": "java"}"#);
    let maven_minor = options(r#"{"release-type": "maven", "versioning": "always-bump-minor"}"#);
    let node = options(r#"{"release-type": "node"}"#);
    for (current, message, options, next) in [
        ("1.2.4-SNAPSHOT", "fix: a", &java, "1.2.4"),
        ("1.2.4-SNAPSHOT", "feat: b", &java, "1.3.0"),
        ("1.2.4-SNAPSHOT", "feat!: c", &java, "2.0.0"),
        ("1.2.4-rc-SNAPSHOT", "fix: a", &java, "1.2.4-rc"),
        // A fix under `always-bump-minor` is a minor: as much as a fix asks.
        ("1.2.4-SNAPSHOT", "feat!: c", &maven_minor, "1.2.4"),
        ("1.2.3", "fix: a", &java, "1.2.4"),
        // Other release types keep a pre-release, whatever it says.
        ("1.2.4-SNAPSHOT", "fix: a", &node, "1.2.5-SNAPSHOT"),
    ] {
        let decided = decide(Some(current), &[message], options);
        assert_eq!(decided.version.to_string(), next, "{current} {message}");
    }
}

#[test]
fn initial_versions_follow_the_release_type() {
    for (json, expected) in [
        ("{}", "1.0.0"),
        (r#"{"release-type": "simple"}"#, "1.0.0"),
        (r#"{"release-type": "python"}"#, "0.1.0"),
        (r#"{"release-type": "rust"}"#, "0.1.0"),
        (
            r#"{"release-type": "rust", "initial-version": "0.0.1"}"#,
            "0.0.1",
        ),
    ] {
        let decision = decide(None, &["feat: x"], &options(json));
        assert_eq!(decision.version.to_string(), expected, "{json}");
        assert_eq!(decision.rule, Rule::Initial);
    }
}

#[test]
fn releasable_means_a_change_shows_in_the_notes() {
    let simple = Options::default();
    assert!(!decide(Some("1.0.0"), &["docs: x", "chore: y", "deps: z"], &simple).releasable);
    assert!(decide(Some("1.0.0"), &["docs!: x"], &simple).releasable);
    assert!(decide(Some("1.0.0"), &["chore: x\n\nRelease-As: 1.1.0"], &simple).releasable);
    assert!(decide(Some("1.0.0"), &["Fix: x"], &simple).releasable);
    let python = options(r#"{"release-type": "python"}"#);
    assert!(decide(Some("1.0.0"), &["docs: x"], &python).releasable);
    let custom = options(r#"{"changelog-sections": [{"type": "chore", "section": "Chores"}]}"#);
    assert!(decide(Some("1.0.0"), &["chore: x"], &custom).releasable);
    assert!(!decide(Some("1.0.0"), &["fix: x"], &custom).releasable);
}

#[test]
fn every_change_says_what_it_asks_for() {
    let decision = decide(
        Some("1.0.0"),
        &["feat(api): x", "docs: y", "Update README", "fix!: z"],
        &Options::default(),
    );
    let effects: Vec<(&str, Bump, bool, &str)> = decision
        .effects
        .iter()
        .map(|effect| {
            (
                effect.header.as_str(),
                effect.bump,
                effect.visible,
                effect.reason.as_str(),
            )
        })
        .collect();
    assert_eq!(
        effects,
        [
            ("feat(api): x", Bump::Minor, true, "feature"),
            (
                "docs: y",
                Bump::Patch,
                false,
                "`docs` is hidden: no release on its own"
            ),
            ("fix!: z", Bump::Major, true, "breaking change"),
        ]
    );
    assert_eq!(decision.bump, Some(Bump::Major));
    assert_eq!(decision.version.to_string(), "2.0.0");
}

#[test]
fn build_metadata_is_dropped_with_a_warning() {
    let decision = decide(Some("1.2.3+build.5"), &["fix: x"], &Options::default());
    assert_eq!(decision.version.to_string(), "1.2.4");
    assert_eq!(
        decision.warnings,
        ["build metadata `+build.5` of 1.2.3+build.5 is not carried over to the next version"]
    );
}

#[test]
fn bad_versions_are_errors_that_name_the_source() {
    let commits = [commit("abc", "chore: x\n\nRelease-As: banana")];
    let err = next(Some(&Version::new(1, 0, 0)), &commits, &Options::default()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid version `banana`: expected a version like `1.2.3` (in the `Release-As:` footer of abc)"
    );
    assert!(parse("1.2").is_err());
    assert!(parse("1.2.3-").unwrap().pre.is_empty());
    let err = parse("1.2.3-bad pre").unwrap_err().to_string();
    assert!(
        err.starts_with("invalid version `1.2.3-bad pre`: bad pre-release `bad pre`"),
        "{err}"
    );
}

#[test]
fn loose_parsing_finds_the_first_version_in_a_text() {
    for (text, expected) in [
        ("v3.0.0", "3.0.0"),
        ("v3.1.0-rc.1", "3.1.0-rc.1"),
        ("release 10.20.30 now", "10.20.30"),
        ("api-v1.2.3+meta", "1.2.3+meta"),
        ("x1.2.3.4", "1.2.3"),
    ] {
        assert_eq!(parse(text).unwrap().to_string(), expected, "{text}");
    }
}

proptest::proptest! {
    #[test]
    fn the_next_version_is_never_lower(
        major in 0u64..5, minor in 0u64..5, patch in 0u64..5,
        kinds in proptest::collection::vec(proptest::sample::select(vec!["feat", "fix", "feat!", "chore", "docs!"]), 0..5),
        // Not service-pack: `1.2.3-sp.1` sorts below `1.2.3` in semver, by design.
        versioning in proptest::sample::select(vec!["default", "always-bump-patch", "always-bump-minor", "always-bump-major", "prerelease"]),
        pre_major in proptest::bool::ANY,
    ) {
        let messages: Vec<String> = kinds.iter().map(|kind| format!("{kind}: x")).collect();
        let messages: Vec<&str> = messages.iter().map(String::as_str).collect();
        let json = format!(r#"{{"versioning": "{versioning}", "bump-minor-pre-major": {pre_major}, "prerelease": true}}"#);
        let current = format!("{major}.{minor}.{patch}");
        let decision = decide(Some(&current), &messages, &options(&json));
        proptest::prop_assert!(decision.version > parse(&current).unwrap(), "{current} -> {}", decision.version);
    }

    #[test]
    fn any_text_parses_as_a_version_or_errs(text in proptest::prelude::any::<String>()) {
        let _ = parse(&text);
    }
}
