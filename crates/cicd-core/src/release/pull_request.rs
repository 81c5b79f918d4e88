//! The release PR as Release Please names and words it: tag, title, branch
//! and body.

use semver::Version;
use serde::Serialize;

/// How a package's releases are named (`release-please-config.json` keys).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Naming {
    /// The component in tags and titles (`api` in `api-v1.2.3`); `None` when
    /// `include-component-in-tag` is off or the package has none.
    pub component: Option<String>,
    /// The component in the PR branch, which Release Please keeps even when
    /// tags leave it out.
    pub branch_component: Option<String>,
    /// `tag-separator`, `-` by default.
    pub separator: String,
    /// `include-v-in-tag`, on by default.
    pub include_v: bool,
    /// `component-no-space`: `release api1.2.3` rather than `release api 1.2.3`.
    pub component_no_space: bool,
    /// The branch releases are cut from (`main`).
    pub target_branch: String,
}

/// A release PR's text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PullRequest {
    /// `chore(main): release 1.3.0`.
    pub title: String,
    /// `release-please--branches--main` (`--components--api` with a component).
    pub branch: String,
    /// The tag the release will get.
    pub tag: String,
    /// The body: Release Please's header, the notes, its footer.
    pub body: String,
}

impl Naming {
    /// The tag of `version`: `v1.2.3`, or `api-v1.2.3` with a component.
    pub fn tag(&self, version: &Version) -> String {
        let v = if self.include_v { "v" } else { "" };
        match &self.component {
            Some(component) => format!("{component}{}{v}{version}", self.separator),
            None => format!("{v}{version}"),
        }
    }

    /// The release PR for `version` with these `notes` (a rendered section).
    pub fn pull_request(&self, version: &Version, notes: &str) -> PullRequest {
        let component = match &self.component {
            Some(component) if self.component_no_space => component.clone(),
            Some(component) => format!(" {component}"),
            None => String::new(),
        };
        let branch = match &self.branch_component {
            Some(component) => format!(
                "release-please--branches--{}--components--{component}",
                self.target_branch
            ),
            None => format!("release-please--branches--{}", self.target_branch),
        };
        PullRequest {
            title: format!(
                "chore({}): release{component} {version}",
                self.target_branch
            ),
            branch,
            tag: self.tag(version),
            body: body(notes),
        }
    }
}

/// Release Please's PR body around the notes.
pub fn body(notes: &str) -> String {
    format!(
        ":robot: I have created a release *beep* *boop*\n---\n\n\n{notes}\n\n---\nThis PR was generated with \
         [Release Please](https://github.com/googleapis/release-please). See \
         [documentation](https://github.com/googleapis/release-please#release-please)."
    )
}

/// A component from a package name, as Release Please derives it: the name
/// without an npm scope (`@acme/widget` → `widget`).
pub fn component_of(package_name: &str) -> Option<String> {
    let name = match package_name.strip_prefix('@') {
        Some(scoped) => scoped
            .split_once('/')
            .map(|(_, name)| name)
            .unwrap_or(scoped),
        None => package_name,
    };
    (!name.is_empty()).then(|| name.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn naming(component: Option<&str>) -> Naming {
        Naming {
            component: component.map(str::to_owned),
            branch_component: component.map(str::to_owned),
            separator: "-".to_owned(),
            include_v: true,
            component_no_space: false,
            target_branch: "main".to_owned(),
        }
    }

    #[test]
    fn titles_branches_and_tags_as_release_please_names_them() {
        let version = Version::new(1, 3, 0);
        let plain = naming(None).pull_request(&version, "## 1.3.0");
        assert_eq!(plain.title, "chore(main): release 1.3.0");
        assert_eq!(plain.branch, "release-please--branches--main");
        assert_eq!(plain.tag, "v1.3.0");
        assert!(plain.body.starts_with(
            ":robot: I have created a release *beep* *boop*\n---\n\n\n## 1.3.0\n\n---\n"
        ));
        let api = naming(Some("api")).pull_request(&version, "");
        assert_eq!(api.title, "chore(main): release api 1.3.0");
        assert_eq!(
            api.branch,
            "release-please--branches--main--components--api"
        );
        assert_eq!(api.tag, "api-v1.3.0");
        assert_eq!(component_of("@acme/widget").as_deref(), Some("widget"));
        assert_eq!(component_of(""), None);
    }
}
