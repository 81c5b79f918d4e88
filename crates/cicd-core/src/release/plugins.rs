//! The plugins of `release-please-config.json` that decide a release plan,
//! typed: `cargo-workspace`, `node-workspace` and `maven-workspace`, named
//! alone (`"node-workspace"`) or with options (`{"type": "node-workspace",
//! "updatePeerDependencies": true}`), and `group-priority`.

use serde_json::Value;

use super::Config;

/// Which workspace plugin.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WorkspaceKind {
    /// `cargo-workspace`: crates of one Cargo workspace.
    Cargo,
    /// `node-workspace`: npm packages of one workspace.
    Node,
    /// `maven-workspace`: Maven artifacts of one repository.
    Maven,
}

impl WorkspaceKind {
    /// The plugin's `type`.
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Self::Cargo => "cargo-workspace",
            Self::Node => "node-workspace",
            Self::Maven => "maven-workspace",
        }
    }
}

/// A workspace plugin's options, Release Please's defaults where unset.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WorkspacePlugin {
    /// `updateAllPackages`: every package of the workspace releases.
    pub update_all_packages: bool,
    /// `merge: true`: the packages the plugin makes release, with nothing
    /// of their own, share one PR even when PRs are separate.
    pub merge: bool,
    /// `updatePeerDependencies` (node): peer dependencies follow too.
    pub update_peer_dependencies: bool,
    /// `considerAllArtifacts` (maven, on by default): every tracked pom,
    /// not only the configured packages'.
    pub consider_all_artifacts: bool,
}

impl WorkspacePlugin {
    /// The options of one `plugins` entry (a bare name has none).
    fn read(entry: &Value) -> Self {
        let flag =
            |key: &str, default: bool| entry.get(key).and_then(Value::as_bool).unwrap_or(default);
        Self {
            update_all_packages: flag("updateAllPackages", false),
            merge: flag("merge", false),
            update_peer_dependencies: flag("updatePeerDependencies", false),
            consider_all_artifacts: flag("considerAllArtifacts", true),
        }
    }
}

impl Config {
    /// The first `plugins` entry of type `name`.
    fn plugin(&self, name: &str) -> Option<&Value> {
        self.defaults
            .get("plugins")
            .and_then(Value::as_array)?
            .iter()
            .find(|entry| {
                entry.as_str() == Some(name)
                    || entry.get("type").and_then(Value::as_str) == Some(name)
            })
    }

    /// The `kind` workspace plugin's options, when the configuration turns
    /// it on (its first entry).
    #[must_use]
    pub fn workspace_plugin(&self, kind: WorkspaceKind) -> Option<WorkspacePlugin> {
        self.plugin(kind.name()).map(WorkspacePlugin::read)
    }

    /// The `group-priority` plugin's `groups`, in order, when it is on.
    #[must_use]
    pub fn group_priority(&self) -> Option<Vec<String>> {
        let groups = self.plugin("group-priority")?.get("groups")?.as_array()?;
        Some(
            groups
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn named_alone_or_with_options() {
        let (config, _) = Config::parse(
            r#"{"plugins": ["cargo-workspace", {"type": "node-workspace", "updatePeerDependencies": true, "merge": true},
                {"type": "maven-workspace", "considerAllArtifacts": false}], "packages": {}}"#,
            "rp.json",
        )
        .expect("a configuration");
        let cargo = config
            .workspace_plugin(WorkspaceKind::Cargo)
            .expect("cargo");
        assert!(!cargo.update_all_packages && !cargo.merge && cargo.consider_all_artifacts);
        let node = config.workspace_plugin(WorkspaceKind::Node).expect("node");
        assert!(node.update_peer_dependencies && node.merge);
        let maven = config
            .workspace_plugin(WorkspaceKind::Maven)
            .expect("maven");
        assert!(!maven.consider_all_artifacts);
        let (none, _) = Config::parse(r#"{"packages": {}}"#, "rp.json").expect("a configuration");
        assert_eq!(none.workspace_plugin(WorkspaceKind::Node), None);
        assert_eq!(none.group_priority(), None);
        let (groups, _) = Config::parse(
            r#"{"plugins": [{"type": "group-priority", "groups": ["snapshot", "other"]}]}"#,
            "rp.json",
        )
        .expect("a configuration");
        assert_eq!(
            groups.group_priority().unwrap_or_default(),
            ["snapshot", "other"]
        );
    }
}
