//! One package's keys of `release-please-config.json`, typed once: the
//! package's own over the top-level defaults, Release Please's defaults
//! where neither says. The configuration's types were checked as it was
//! read ([`Config::parse`]), so nothing here fails.

use serde_json::{Map, Value};

use super::Config;

/// How a release's notes are written (`changelog-type`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ChangelogType {
    /// Release Please's notes, from the commits.
    #[default]
    Default,
    /// The notes GitHub generates for the release (`github`).
    Github,
}

/// What an `extra-files` entry's file is (`type`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExtraFileKind {
    /// Markers (`x-release-please-version`) in any text.
    Generic,
    /// A JSON value at `jsonpath`.
    Json,
    /// A YAML value at `jsonpath`.
    Yaml,
    /// A TOML value at `jsonpath`.
    Toml,
    /// An XML element at `xpath`.
    Xml,
    /// A Maven pom's `/project/version`.
    Pom,
}

impl ExtraFileKind {
    /// The kinds by their configuration name.
    pub const NAMES: [(&'static str, Self); 6] = [
        ("generic", Self::Generic),
        ("json", Self::Json),
        ("yaml", Self::Yaml),
        ("toml", Self::Toml),
        ("xml", Self::Xml),
        ("pom", Self::Pom),
    ];

    /// The kind a `type` names.
    #[must_use]
    pub fn named(name: &str) -> Option<Self> {
        Self::NAMES
            .iter()
            .find(|(known, _)| *known == name)
            .map(|(_, kind)| *kind)
    }
}

/// One `extra-files` entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExtraFile {
    /// The path, relative to the package (with `/` first, to the
    /// repository).
    pub path: String,
    /// `type`; `None` for a bare path (its structured version when it has
    /// one, then markers).
    pub kind: Option<ExtraFileKind>,
    /// `jsonpath` or `xpath`.
    pub location: Option<String>,
    /// `glob`: the path is a pattern over the files git tracks.
    pub glob: bool,
    /// The entry as the configuration writes it, for messages.
    pub entry: String,
}

impl ExtraFile {
    /// An entry of a checked `extra-files` list; `None` for one of another
    /// shape (the check refuses those).
    fn read(entry: &Value) -> Option<Self> {
        match entry {
            Value::String(path) => Some(Self {
                path: path.clone(),
                kind: None,
                location: None,
                glob: false,
                entry: entry.to_string(),
            }),
            Value::Object(object) => {
                let text = |key: &str| object.get(key).and_then(Value::as_str);
                Some(Self {
                    path: text("path")?.to_owned(),
                    kind: Some(
                        ExtraFileKind::named(text("type").unwrap_or("generic"))
                            .unwrap_or(ExtraFileKind::Generic),
                    ),
                    location: text("jsonpath")
                        .or_else(|| text("xpath"))
                        .map(str::to_owned),
                    glob: object.get("glob").and_then(Value::as_bool) == Some(true),
                    entry: entry.to_string(),
                })
            }
            _ => None,
        }
    }
}

/// One package's keys: its own over the top-level defaults.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PackageConfig {
    /// The package's path (`.` for the repository root).
    pub path: String,
    /// `component`.
    pub component: Option<String>,
    /// `package-name`.
    pub package_name: Option<String>,
    /// `include-component-in-tag`: on with a configuration, off without one
    /// (Release Please's action given only a `release-type`).
    pub include_component_in_tag: bool,
    /// `include-v-in-tag`, on by default.
    pub include_v_in_tag: bool,
    /// `include-v-in-release-name`, on by default.
    pub include_v_in_release_name: bool,
    /// `tag-separator`.
    pub tag_separator: Option<String>,
    /// `pull-request-title-pattern`.
    pub title_pattern: Option<String>,
    /// `pull-request-header`.
    pub header: Option<String>,
    /// `pull-request-footer`.
    pub footer: Option<String>,
    /// `component-no-space`.
    pub component_no_space: bool,
    /// `changelog-type`.
    pub changelog_type: ChangelogType,
    /// `changelog-path`.
    pub changelog_path: Option<String>,
    /// `changelog-host`.
    pub changelog_host: Option<String>,
    /// `include-commit-authors`.
    pub include_commit_authors: bool,
    /// `skip-github-release`.
    pub skip_github_release: bool,
    /// `skip-changelog`.
    pub skip_changelog: bool,
    /// `skip-snapshot`.
    pub skip_snapshot: bool,
    /// `draft`: GitHub releases made as drafts.
    pub draft: bool,
    /// `draft-pull-request`.
    pub draft_pull_request: bool,
    /// `force-tag-creation`.
    pub force_tag_creation: bool,
    /// `prerelease`.
    pub prerelease: bool,
    /// `extra-files`.
    pub extra_files: Vec<ExtraFile>,
    /// `exclude-paths`.
    pub exclude_paths: Vec<String>,
    /// `version-file`.
    pub version_file: Option<String>,
    /// `date-format`.
    pub date_format: Option<String>,
    /// `extra-label`: more labels for the release PR, comma-separated.
    pub extra_label: Option<String>,
}

impl PackageConfig {
    /// The package at `path` with no configuration: Release Please's
    /// defaults, the component left out of tags.
    #[must_use]
    pub fn unconfigured(path: &str) -> Self {
        Self::from_keys(path, &Map::new(), &Map::new(), false)
    }

    /// The keys of `package` over `defaults`.
    fn from_keys(
        path: &str,
        package: &Map<String, Value>,
        defaults: &Map<String, Value>,
        configured: bool,
    ) -> Self {
        let value = |key: &str| package.get(key).or_else(|| defaults.get(key));
        let text = |key: &str| value(key).and_then(Value::as_str).map(str::to_owned);
        let flag =
            |key: &str, default: bool| value(key).and_then(Value::as_bool).unwrap_or(default);
        let list = |key: &str| {
            value(key)
                .and_then(Value::as_array)
                .map(Vec::as_slice)
                .unwrap_or_default()
        };
        Self {
            path: path.to_owned(),
            component: text("component"),
            package_name: text("package-name"),
            include_component_in_tag: flag("include-component-in-tag", configured),
            include_v_in_tag: flag("include-v-in-tag", true),
            include_v_in_release_name: flag("include-v-in-release-name", true),
            tag_separator: text("tag-separator"),
            title_pattern: text("pull-request-title-pattern"),
            header: text("pull-request-header"),
            footer: text("pull-request-footer"),
            component_no_space: flag("component-no-space", false),
            changelog_type: match value("changelog-type").and_then(Value::as_str) {
                Some("github") => ChangelogType::Github,
                _ => ChangelogType::Default,
            },
            changelog_path: text("changelog-path"),
            changelog_host: text("changelog-host"),
            include_commit_authors: flag("include-commit-authors", false),
            skip_github_release: flag("skip-github-release", false),
            skip_changelog: flag("skip-changelog", false),
            skip_snapshot: flag("skip-snapshot", false),
            draft: flag("draft", false),
            draft_pull_request: flag("draft-pull-request", false),
            force_tag_creation: flag("force-tag-creation", false),
            prerelease: flag("prerelease", false),
            extra_files: list("extra-files")
                .iter()
                .filter_map(ExtraFile::read)
                .collect(),
            exclude_paths: list("exclude-paths")
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect(),
            version_file: text("version-file"),
            date_format: text("date-format"),
            extra_label: text("extra-label"),
        }
    }
}

impl Config {
    /// The typed keys of the package at `path` (its own over the
    /// top-level defaults; the top-level ones alone for a path the
    /// configuration does not list).
    #[must_use]
    pub fn package(&self, path: &str) -> PackageConfig {
        let none = Map::new();
        let own = self.packages.get(path).unwrap_or(&none);
        PackageConfig::from_keys(path, own, &self.defaults, true)
    }

    /// A top-level string key (`label`, `bootstrap-sha`, …).
    fn top_text(&self, key: &str) -> Option<&str> {
        self.defaults.get(key).and_then(Value::as_str)
    }

    /// `bootstrap-sha`: where the history of a package never released
    /// starts.
    #[must_use]
    pub fn bootstrap_sha(&self) -> Option<&str> {
        self.top_text("bootstrap-sha")
    }

    /// `last-release-sha`: where every package's history starts.
    #[must_use]
    pub fn last_release_sha(&self) -> Option<&str> {
        self.top_text("last-release-sha")
    }

    /// Release Please's cut-off of the history: `last-release-sha` for
    /// every package, else `bootstrap-sha` when a package has no release
    /// yet (`unreleased`). Commits it reaches are older than any release to
    /// be made. The key's name comes with the commit, for messages.
    #[must_use]
    pub fn cutoff(&self, unreleased: bool) -> Option<(&'static str, &str)> {
        match (self.last_release_sha(), self.bootstrap_sha()) {
            (Some(sha), _) => Some(("last-release-sha", sha)),
            (None, Some(sha)) if unreleased => Some(("bootstrap-sha", sha)),
            _ => None,
        }
    }

    /// `group-pull-request-title-pattern`.
    #[must_use]
    pub fn group_title_pattern(&self) -> Option<&str> {
        self.top_text("group-pull-request-title-pattern")
    }

    /// `label`: the pending release PR's labels, comma-separated.
    #[must_use]
    pub fn label(&self) -> Option<&str> {
        self.top_text("label")
    }

    /// `release-label`: the released PR's labels, comma-separated.
    #[must_use]
    pub fn release_label(&self) -> Option<&str> {
        self.top_text("release-label")
    }

    /// `snapshot-label`: a snapshot PR's labels, comma-separated.
    #[must_use]
    pub fn snapshot_label(&self) -> Option<&str> {
        self.top_text("snapshot-label")
    }

    /// `signoff`: the `Signed-off-by:` trailer of release commits.
    #[must_use]
    pub fn signoff(&self) -> Option<&str> {
        self.top_text("signoff")
    }

    /// `always-update`: rewrite the release PR even when its notes did not
    /// change.
    #[must_use]
    pub fn always_update(&self) -> bool {
        self.defaults
            .get("always-update")
            .and_then(Value::as_bool)
            .unwrap_or(false)
    }

    /// `separate-pull-requests` at the top level, when set.
    #[must_use]
    pub fn separate_pull_requests(&self) -> Option<bool> {
        self.defaults
            .get("separate-pull-requests")
            .and_then(Value::as_bool)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(text: &str) -> Config {
        Config::parse(text, "rp.json").expect("a configuration").0
    }

    #[test]
    fn a_package_s_keys_win_over_the_defaults() {
        let config = config(
            r#"{"include-v-in-tag": false, "tag-separator": "/", "bootstrap-sha": "abc",
                "packages": {"api": {"component": "api", "tag-separator": "@",
                  "extra-files": ["VERSION", {"type": "json", "path": "/a.json", "jsonpath": "$.v"}],
                  "exclude-paths": ["api/docs"], "changelog-type": "github"}}}"#,
        );
        let api = config.package("api");
        assert_eq!(api.component.as_deref(), Some("api"));
        assert_eq!(api.tag_separator.as_deref(), Some("@"));
        assert!(!api.include_v_in_tag);
        assert!(api.include_component_in_tag);
        assert_eq!(api.changelog_type, ChangelogType::Github);
        assert_eq!(api.exclude_paths, ["api/docs"]);
        assert_eq!(
            api.extra_files
                .iter()
                .map(|file| (file.path.as_str(), file.kind, file.location.as_deref()))
                .collect::<Vec<_>>(),
            [
                ("VERSION", None, None),
                ("/a.json", Some(ExtraFileKind::Json), Some("$.v")),
            ]
        );
        assert_eq!(config.bootstrap_sha(), Some("abc"));
        assert_eq!(config.last_release_sha(), None);
        // `bootstrap-sha` only while a package has no release.
        assert_eq!(config.cutoff(true), Some(("bootstrap-sha", "abc")));
        assert_eq!(config.cutoff(false), None);
        // A path the configuration does not list: the defaults.
        assert_eq!(config.package("web").tag_separator.as_deref(), Some("/"));
    }

    #[test]
    fn without_a_configuration_tags_leave_the_component_out() {
        let package = PackageConfig::unconfigured(".");
        assert!(!package.include_component_in_tag);
        assert!(package.include_v_in_tag && package.include_v_in_release_name);
        assert_eq!(package.changelog_type, ChangelogType::Default);
        assert!(package.extra_files.is_empty());
    }

    #[test]
    fn an_extra_file_of_an_unknown_type_is_refused_as_the_configuration_is_read() {
        let err = Config::parse(
            r#"{"packages": {".": {"extra-files": [{"type": "ini", "path": "a.ini"}]}}}"#,
            "rp.json",
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.contains("unknown type `ini`; expected generic, json, yaml, toml, xml or pom"),
            "{err}"
        );
    }
}
