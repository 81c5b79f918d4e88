//! The release PRs the releases go in: one for all, one each with
//! `separate-pull-requests`, one per merged `linked-versions` group, and one
//! for a workspace plugin's `merge: true`.

use super::PackageRelease;
use crate::release::{self, Config, LinkedGroup, Naming, PullRequest};
use crate::{Result, version};

/// The release PRs, as Release Please makes them: one per package with
/// `separate-pull-requests` (or a single package), a merged `linked-versions`
/// group as one `chore(main): release <group> libraries` PR; otherwise one PR
/// for all, `chore: release main`, each package's notes in a `<details>`
/// block (those outside merged groups first). Each PR comes with the indexes
/// of the releases it holds.
///
/// # Errors
///
/// When a release's version is not a version.
pub fn pull_requests(
    config: Option<&Config>,
    target_branch: &str,
    releases: &[PackageRelease],
    namings: &[Naming],
    (merged_groups, workspace_merged): (&[(&LinkedGroup, Vec<usize>)], &WorkspaceMerged),
) -> Result<Vec<(PullRequest, Vec<usize>)>> {
    let separate = config
        .and_then(Config::separate_pull_requests)
        .unwrap_or(false);
    let several = config.is_some_and(|config| config.order.len() > 1);
    let grouped: Vec<usize> = merged_groups
        .iter()
        .flat_map(|(_, members)| members.iter().copied())
        .collect();
    let alone: Vec<usize> = (0..releases.len())
        .filter(|index| !grouped.contains(index))
        .collect();
    if several && !separate {
        let order: Vec<usize> = alone.iter().copied().chain(grouped).collect();
        // `group-pull-request-title-pattern`, filled with the root package's
        // component and version when it releases; the header, footer and
        // `component-no-space` of the first package in the configuration.
        let root = order.iter().find(|&&index| releases[index].path == ".");
        let root_version = root
            .map(|&index| version::parse(&releases[index].version))
            .transpose()?;
        let first = config.and_then(|config| config.order.first().map(|path| config.package(path)));
        let pattern = config
            .and_then(Config::group_title_pattern)
            .unwrap_or(release::GROUP_TITLE_PATTERN);
        return Ok(vec![(
            PullRequest {
                title: release::title(
                    pattern,
                    root.and_then(|&index| namings[index].component.as_deref()),
                    target_branch,
                    root_version.as_ref(),
                    first.as_ref().is_some_and(|first| first.component_no_space),
                ),
                branch: release::release_branch(target_branch),
                tag: String::new(),
                body: release::body_with(
                    first.as_ref().and_then(|first| first.header.as_deref()),
                    first.as_ref().and_then(|first| first.footer.as_deref()),
                    &details(releases, &order),
                ),
            },
            order,
        )]);
    }
    // Separate PRs (asked for, or one package): the workspaces'
    // dependency-only releases share one.
    let gathered = workspace_merged.members.as_slice();
    let mut out = Vec::new();
    // Before the workspaces' own PRs, as Release Please lists it.
    let mut gathered_pending = !gathered.is_empty();
    for index in alone {
        if gathered_pending && workspace_merged.at.is_some_and(|at| index >= at) {
            out.push(workspace_pull_request(target_branch, releases, gathered));
            gathered_pending = false;
        }
        if gathered.contains(&index) {
            continue;
        }
        let (release, naming) = (&releases[index], &namings[index]);
        let version = version::parse(&release.version)?;
        let pull_request = if release.snapshot {
            // Release Please words a snapshot PR its own way: the default
            // title, header and footer, whatever the package configures.
            let plain = Naming {
                title_pattern: None,
                component_no_space: false,
                header: None,
                footer: None,
                ..naming.clone()
            };
            let mut pull_request = plain.pull_request(&version, &release.notes);
            pull_request.tag.clear();
            pull_request
        } else {
            naming.pull_request(&version, &release.notes)
        };
        out.push((pull_request, vec![index]));
    }
    if gathered_pending {
        out.push(workspace_pull_request(target_branch, releases, gathered));
    }
    for (group, members) in merged_groups {
        out.push((
            PullRequest {
                title: group.title(target_branch),
                branch: group.branch(target_branch),
                tag: String::new(),
                body: release::body(&details(releases, members)),
            },
            members.clone(),
        ));
    }
    Ok(out)
}

/// Where the workspace plugins' dependency-only releases go: their
/// positions among the releases, and where the workspaces' releases start.
#[derive(Debug, Default)]
pub struct WorkspaceMerged {
    /// The releases' positions.
    pub members: Vec<usize>,
    /// Where the workspaces' releases start.
    pub at: Option<usize>,
}

/// The PR that a workspace plugin's `merge` gathers its dependency-only
/// releases into, as Release Please words it whatever the configuration:
/// `chore: release main` on `release-please--branches--main`, the default
/// header and footer.
pub fn workspace_pull_request(
    target_branch: &str,
    releases: &[PackageRelease],
    members: &[usize],
) -> (PullRequest, Vec<usize>) {
    (
        PullRequest {
            title: release::title(
                release::GROUP_TITLE_PATTERN,
                None,
                target_branch,
                None,
                false,
            ),
            branch: release::release_branch(target_branch),
            tag: String::new(),
            body: release::body(&details(releases, members)),
        },
        members.to_vec(),
    )
}

/// The `<details><summary>component: version</summary>` block of each
/// release, in `order`.
pub fn details(releases: &[PackageRelease], order: &[usize]) -> String {
    order
        .iter()
        .map(|&index| {
            let release = &releases[index];
            let summary = match &release.component {
                Some(component) => format!("{component}: {}", release.version),
                None => release.version.clone(),
            };
            format!(
                "<details><summary>{summary}</summary>\n\n{}\n</details>",
                release.notes
            )
        })
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// The `group-priority` plugin: when releases of a group it lists are
/// planned (the first such group in its order), only they are made this
/// run, as Release Please does. Snapshot releases of `java` and `maven`
/// packages are the group `snapshot`; other releases belong to none.
pub fn prefer_group<'a>(
    config: Option<&Config>,
    planned: impl IntoIterator<Item = &'a mut Option<(PackageRelease, Naming)>>,
) {
    let Some(groups) = config.and_then(Config::group_priority) else {
        return;
    };
    let mut planned: Vec<&mut Option<(PackageRelease, Naming)>> = planned.into_iter().collect();
    let group_of = |release: &PackageRelease| release.snapshot.then_some("snapshot");
    let preferred = groups.iter().map(String::as_str).find(|group| {
        planned.iter().any(|plan| {
            plan.as_ref()
                .is_some_and(|(release, _)| group_of(release) == Some(*group))
        })
    });
    if let Some(group) = preferred {
        for plan in &mut planned {
            if plan
                .as_ref()
                .is_some_and(|(release, _)| group_of(release) != Some(group))
            {
                **plan = None;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn release(path: &str, version: &str) -> PackageRelease {
        PackageRelease {
            path: path.to_owned(),
            component: Some(path.to_owned()),
            version: version.to_owned(),
            previous_tag: None,
            tag: format!("{path}-v{version}"),
            snapshot: false,
            notes: format!("## {version}\n\n* {path} changed"),
            files: Vec::new(),
            effects: Vec::new(),
        }
    }

    fn naming(component: &str) -> Naming {
        Naming {
            component: Some(component.to_owned()),
            branch_component: Some(component.to_owned()),
            ..Naming::default()
        }
    }

    fn plan(config: &str) -> Vec<(PullRequest, Vec<usize>)> {
        let (config, _) = Config::parse(config, "rp.json").expect("a configuration");
        let releases = [release("api", "1.1.0"), release("web", "2.0.1")];
        let namings = [naming("api"), naming("web")];
        pull_requests(
            Some(&config),
            "main",
            &releases,
            &namings,
            (&[], &WorkspaceMerged::default()),
        )
        .expect("the PRs")
    }

    #[test]
    fn several_packages_share_one_pr_unless_separate() {
        let together = plan(r#"{"packages": {"api": {}, "web": {}}}"#);
        assert_eq!(together.len(), 1);
        let (pull, members) = &together[0];
        assert_eq!(pull.title, "chore: release main");
        assert_eq!(pull.branch, "release-please--branches--main");
        assert_eq!(members, &[0, 1]);
        assert!(pull.body.contains("<details><summary>api: 1.1.0</summary>"));
        assert!(pull.body.contains("<details><summary>web: 2.0.1</summary>"));

        let separate =
            plan(r#"{"separate-pull-requests": true, "packages": {"api": {}, "web": {}}}"#);
        let titles: Vec<&str> = separate
            .iter()
            .map(|(pull, _)| pull.title.as_str())
            .collect();
        assert_eq!(
            titles,
            [
                "chore(main): release api 1.1.0",
                "chore(main): release web 2.0.1"
            ]
        );
        assert_eq!(separate[1].0.tag, "web-v2.0.1");
    }

    #[test]
    fn group_priority_keeps_the_snapshot_releases_alone() {
        let (config, _) = Config::parse(
            r#"{"plugins": [{"type": "group-priority", "groups": ["snapshot"]}], "packages": {}}"#,
            "rp.json",
        )
        .expect("a configuration");
        let mut snapshot = release("api", "1.1.1-SNAPSHOT");
        snapshot.snapshot = true;
        let mut planned = vec![
            Some((snapshot, naming("api"))),
            Some((release("web", "2.0.1"), naming("web"))),
        ];
        prefer_group(Some(&config), &mut planned);
        assert!(planned[0].is_some() && planned[1].is_none());
    }
}
