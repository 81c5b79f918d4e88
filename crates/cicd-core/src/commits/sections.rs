//! `changelog-sections`: a heading per commit type, in order, some hidden.
//! Which types show decides both the notes and whether there is a release,
//! so the sections sit with the commits they classify, beneath both
//! `version` and `changelog`.

use serde::{Deserialize, Serialize};

use super::Conventional;

/// One `changelog-sections` entry.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Section {
    /// The commit type it collects (`feat`), lower case.
    #[serde(rename = "type")]
    pub kind: String,
    /// The heading (`Features`).
    pub section: String,
    /// Hidden sections are left out of the notes (and don't make a release).
    #[serde(default)]
    pub hidden: bool,
}

/// The sections of a changelog, in heading order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Sections(pub Vec<Section>);

const DEFAULT: [(&str, &str, bool); 12] = [
    ("feat", "Features", false),
    ("feature", "Features", false),
    ("fix", "Bug Fixes", false),
    ("perf", "Performance Improvements", false),
    ("revert", "Reverts", false),
    ("docs", "Documentation", true),
    ("style", "Styles", true),
    ("chore", "Miscellaneous Chores", true),
    ("refactor", "Code Refactoring", true),
    ("test", "Tests", true),
    ("build", "Build System", true),
    ("ci", "Continuous Integration", true),
];

const PYTHON: [(&str, &str, bool); 12] = [
    ("feat", "Features", false),
    ("fix", "Bug Fixes", false),
    ("perf", "Performance Improvements", false),
    ("deps", "Dependencies", false),
    ("revert", "Reverts", false),
    ("docs", "Documentation", false),
    ("style", "Styles", true),
    ("chore", "Miscellaneous Chores", true),
    ("refactor", "Code Refactoring", true),
    ("test", "Tests", true),
    ("build", "Build System", true),
    ("ci", "Continuous Integration", true),
];

/// The `php` strategy's: chores shown, no `feature` alias.
const PHP: [(&str, &str, bool); 11] = [
    ("feat", "Features", false),
    ("fix", "Bug Fixes", false),
    ("perf", "Performance Improvements", false),
    ("revert", "Reverts", false),
    ("chore", "Miscellaneous Chores", false),
    ("docs", "Documentation", true),
    ("style", "Styles", true),
    ("refactor", "Code Refactoring", true),
    ("test", "Tests", true),
    ("build", "Build System", true),
    ("ci", "Continuous Integration", true),
];

/// The `go-yoshi` strategy's: documentation shown, no `feature` alias.
const GO_YOSHI: [(&str, &str, bool); 11] = [
    ("feat", "Features", false),
    ("fix", "Bug Fixes", false),
    ("perf", "Performance Improvements", false),
    ("revert", "Reverts", false),
    ("docs", "Documentation", false),
    ("style", "Styles", true),
    ("chore", "Miscellaneous Chores", true),
    ("refactor", "Code Refactoring", true),
    ("test", "Tests", true),
    ("build", "Build System", true),
    ("ci", "Continuous Integration", true),
];

impl Sections {
    /// Release Please's default sections for a release type: `python`,
    /// `java`, `maven` and `r` show `deps` and `docs`, `php` shows chores,
    /// `go-yoshi` shows `docs`; every other type uses the preset's list.
    pub fn for_release_type(release_type: &str) -> Self {
        // The java strategy (and maven, built on it) has python's sections.
        let table: &[(&str, &str, bool)] = match release_type {
            "python" | "java" | "maven" | "r" => &PYTHON,
            "php" => &PHP,
            "go-yoshi" => &GO_YOSHI,
            _ => &DEFAULT,
        };
        Self(
            table
                .iter()
                .map(|(kind, section, hidden)| Section {
                    kind: (*kind).to_owned(),
                    section: (*section).to_owned(),
                    hidden: *hidden,
                })
                .collect(),
        )
    }

    /// The section of a commit type (compared in lower case, as Release Please does).
    pub fn find(&self, kind: &str) -> Option<&Section> {
        let kind = kind.to_lowercase();
        self.0.iter().find(|section| section.kind == kind)
    }

    /// Whether a change shows in the notes: its section is visible, or it is
    /// breaking, or it carries `Release-As` (whatever its type).
    pub fn shows(&self, change: &Conventional) -> bool {
        change.breaking
            || change.release_as.is_some()
            || self
                .find(&change.kind)
                .is_some_and(|section| !section.hidden)
    }
}

#[cfg(test)]
mod tests {
    use super::Sections;

    #[test]
    fn release_types_have_release_please_s_sections() {
        let visible = |release_type: &str, kind: &str| {
            Sections::for_release_type(release_type)
                .find(kind)
                .is_some_and(|section| !section.hidden)
        };
        assert!(visible("php", "chore"));
        assert!(!visible("node", "chore"));
        assert!(visible("java", "deps") && visible("maven", "docs"));
        assert!(!visible("php", "docs"));
        assert!(Sections::for_release_type("php").find("feature").is_none());
        assert!(visible("simple", "feature"));
    }
}
