//! The `linked-versions` plugin: components released together at one
//! version. Whenever a member has something to release, every member
//! releases at the highest version any of them would reach; a member with
//! nothing of its own gets a `Synchronize` entry in its notes. With `merge`
//! (the default) the members share one PR, `chore(main): release <group>
//! libraries` on a `--groups--` branch.

use semver::Version;
use serde_json::Value;

use super::Config;

/// One `{"type": "linked-versions", "groupName", "components", "merge"}`
/// entry of the configuration's `plugins`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LinkedGroup {
    /// `groupName`: in the PR title, its branch and the notes.
    pub name: String,
    /// The components released together.
    pub components: Vec<String>,
    /// `merge`: one PR for the group (default on).
    pub merge: bool,
}

/// The `linked-versions` groups of a configuration, in its order.
pub fn linked_groups(config: &Config) -> Vec<LinkedGroup> {
    config
        .defaults
        .get("plugins")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter(|plugin| plugin.get("type").and_then(Value::as_str) == Some("linked-versions"))
        .map(|plugin| LinkedGroup {
            name: plugin
                .get("groupName")
                .and_then(Value::as_str)
                .unwrap_or("undefined")
                .to_owned(),
            components: plugin
                .get("components")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect(),
            merge: plugin.get("merge").and_then(Value::as_bool).unwrap_or(true),
        })
        .collect()
}

impl LinkedGroup {
    /// The group PR's title: `chore(main): release core libs libraries`.
    pub fn title(&self, target_branch: &str) -> String {
        format!("chore({target_branch}): release {} libraries", self.name)
    }

    /// The group PR's branch: `release-please--branches--main--groups--core-libs`
    /// (every character but letters, digits and `_` as `-`, runs of `-` as one).
    pub fn branch(&self, target_branch: &str) -> String {
        let mut safe = String::with_capacity(self.name.len());
        for c in self.name.chars() {
            let c = if c.is_ascii_alphanumeric() || c == '_' {
                c
            } else {
                '-'
            };
            if !(c == '-' && safe.ends_with('-')) {
                safe.push(c);
            }
        }
        format!("{}--groups--{safe}", super::release_branch(target_branch))
    }

    /// The message of the commit a member with nothing of its own releases
    /// with: a `chore` its `Release-As` footer keeps in the notes.
    pub fn synchronize_message(&self, component: &str, version: &Version) -> String {
        format!(
            "chore({component}): Synchronize {} versions\n\nRelease-As: {version}",
            self.name
        )
    }
}

/// The version a group releases at: the highest of its members' (the last
/// of equal ones).
pub fn linked_version<'a>(versions: impl IntoIterator<Item = &'a Version>) -> Option<&'a Version> {
    versions
        .into_iter()
        .fold(None, |highest: Option<&Version>, version| match highest {
            Some(highest) if highest > version => Some(highest),
            _ => Some(version),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_name_their_pull_requests() {
        let (config, _) = Config::parse(
            r#"{"plugins": ["sentence-case", {"type": "linked-versions", "groupName": "core libs!", "components": ["a", "b"]}, {"type": "linked-versions", "groupName": "x", "components": [], "merge": false}], "packages": {"a": {}}}"#,
            "release-please-config.json",
        )
        .unwrap();
        let groups = linked_groups(&config);
        assert_eq!(groups.len(), 2);
        assert_eq!(groups[0].components, ["a", "b"]);
        assert!(groups[0].merge && !groups[1].merge);
        assert_eq!(
            groups[0].title("main"),
            "chore(main): release core libs! libraries"
        );
        assert_eq!(
            groups[0].branch("main"),
            "release-please--branches--main--groups--core-libs-"
        );
        assert_eq!(
            groups[0].synchronize_message("b", &Version::new(1, 1, 0)),
            "chore(b): Synchronize core libs! versions\n\nRelease-As: 1.1.0"
        );
        let versions = [Version::new(1, 2, 1), Version::new(0, 10, 0)];
        assert_eq!(linked_version(&versions), Some(&Version::new(1, 2, 1)));
        assert_eq!(linked_version(&[]), None);
    }
}
