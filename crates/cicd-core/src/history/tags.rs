//! Release tags: `v1.2.3`, `1.2.3`, `api-v1.2.3`, `api/v1.2.3`, `api@1.2.3`.

use std::path::Path;

use serde::Serialize;

use super::git::run;
use crate::{Error, Result};

/// A git tag and the commit it points to (peeled for annotated tags).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Tag {
    /// The tag name, without `refs/tags/`.
    pub name: String,
    /// The id of the tagged commit.
    #[serde(rename = "sha")]
    pub target: String,
    /// The release the name stands for, when it is a release tag.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub release: Option<ReleaseTag>,
    /// The tag's date, `YYYY-MM-DD`: the tagger's for an annotated tag, the
    /// commit's for a lightweight one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
}

/// What a release tag's name says.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ReleaseTag {
    /// The component (`api` in `api-v1.2.3`); `None` for a plain `v1.2.3`.
    pub component: Option<String>,
    /// The version.
    pub version: semver::Version,
}

/// Read a tag name as a release tag: an optional component and separator
/// (`-`, `/`, `@`, `_`), an optional `v`, and a semantic version.
///
/// ```
/// use cicd_core::history::parse_tag_name;
/// let release = parse_tag_name("my-api-v1.2.3-rc.1").expect("a release tag");
/// assert_eq!(release.component.as_deref(), Some("my-api"));
/// assert_eq!(release.version.to_string(), "1.2.3-rc.1");
/// assert!(parse_tag_name("nightly").is_none());
/// ```
pub fn parse_tag_name(name: &str) -> Option<ReleaseTag> {
    let starts = std::iter::once(0).chain(
        name.char_indices()
            .filter(|(_, c)| matches!(c, '-' | '/' | '@' | '_'))
            .map(|(at, c)| at + c.len_utf8()),
    );
    for start in starts {
        let rest = &name[start..];
        let rest = rest.strip_prefix(['v', 'V']).unwrap_or(rest);
        if !rest.starts_with(|c: char| c.is_ascii_digit()) {
            continue;
        }
        if let Ok(version) = semver::Version::parse(rest) {
            let component = (start > 0).then(|| name[..start - 1].to_owned());
            return Some(ReleaseTag { component, version });
        }
    }
    None
}

/// Every tag of the repository at `repo`, with the release each one names.
///
/// # Errors
///
/// [`crate::Error::Git`] when `git for-each-ref` fails.
pub fn tags(repo: &Path) -> Result<Vec<Tag>> {
    list(repo, None)
}

/// The highest release tag reachable from `rev` whose component is
/// `component` (`None`: tags without a component).
///
/// # Errors
///
/// [`crate::Error::Git`] when `rev` does not exist or `repo` is not a
/// repository.
pub fn last_release(repo: &Path, rev: &str, component: Option<&str>) -> Result<Option<Tag>> {
    Ok(latest_release(&reachable_tags(repo, rev)?, component).cloned())
}

/// The tags whose commit `rev` reaches (`git for-each-ref --merged`).
///
/// # Errors
///
/// [`crate::Error::Git`] when `rev` does not exist or `repo` is not a
/// repository.
pub fn reachable_tags(repo: &Path, rev: &str) -> Result<Vec<Tag>> {
    list(repo, Some(rev))
}

/// Of `tags`, the release of `component` with the highest version.
pub fn latest_release<'a>(tags: &'a [Tag], component: Option<&str>) -> Option<&'a Tag> {
    tags.iter()
        .filter(|tag| {
            tag.release
                .as_ref()
                .is_some_and(|release| release.component.as_deref() == component)
        })
        .max_by(|a, b| version_of(a).cmp(&version_of(b)))
}

fn version_of(tag: &Tag) -> Option<&semver::Version> {
    tag.release.as_ref().map(|release| &release.version)
}

/// Whether `ancestor` is reachable from `descendant` (or is it).
///
/// # Errors
///
/// [`crate::Error::Git`] when either does not exist.
pub fn is_ancestor(repo: &Path, ancestor: &str, descendant: &str) -> Result<bool> {
    match run(repo, &["merge-base", "--is-ancestor", ancestor, descendant]) {
        Ok(_) => Ok(true),
        Err(Error::Git { stderr, .. }) if stderr.is_empty() => Ok(false),
        Err(other) => Err(other),
    }
}

/// The best common ancestor of all `commits` (`git merge-base --octopus`):
/// what every one of them reaches; `None` when they share no history.
///
/// # Errors
///
/// [`crate::Error::Git`] when a commit does not exist.
pub fn merge_base(repo: &Path, commits: &[&str]) -> Result<Option<String>> {
    let mut args = vec!["merge-base", "--octopus"];
    args.extend(commits);
    match run(repo, &args) {
        Ok(output) => Ok(String::from_utf8_lossy(&output)
            .lines()
            .next()
            .map(str::to_owned)
            .filter(|base| !base.is_empty())),
        // Exit 1 and no output: no common ancestor.
        Err(Error::Git { stderr, .. }) if stderr.is_empty() => Ok(None),
        Err(other) => Err(other),
    }
}

/// The URL of the `origin` remote, if there is one.
///
/// # Errors
///
/// [`crate::Error::Git`] when `repo` is not a repository.
pub fn remote_url(repo: &Path) -> Result<Option<String>> {
    let output = run(
        repo,
        &["config", "--get", "--default=", "remote.origin.url"],
    )?;
    let url = String::from_utf8_lossy(&output).trim().to_owned();
    Ok((!url.is_empty()).then_some(url))
}

/// Make the lightweight tag `name` on `commit`, unless a tag of that name
/// exists; whether it made one. (After a release is created on GitHub, the
/// local clone then agrees with it.)
///
/// # Errors
///
/// [`Error::Git`] when git refuses the tag (a bad name, an unknown commit).
pub fn ensure_tag(repo: &Path, name: &str, commit: &str) -> Result<bool> {
    if resolve(repo, &format!("refs/tags/{name}"))?.is_some() {
        return Ok(false);
    }
    run(repo, &["tag", "--no-sign", name, commit])?;
    Ok(true)
}

/// The committer time of `rev`, in seconds since the epoch; `None` when
/// `repo` is no repository or `rev` names nothing.
///
/// # Errors
///
/// [`Error::GitSpawn`] when git cannot be run.
pub fn commit_time(repo: &Path, rev: &str) -> Result<Option<i64>> {
    match run(repo, &["log", "-1", "--format=%ct", rev, "--"]) {
        Ok(output) => Ok(String::from_utf8_lossy(&output).trim().parse().ok()),
        Err(Error::Git { .. }) => Ok(None),
        Err(other) => Err(other),
    }
}

/// The full object id `rev` names (`HEAD`, `HEAD^{tree}`, a tag); `None`
/// when it names nothing.
///
/// # Errors
///
/// [`Error::GitSpawn`] when git cannot be run.
pub fn resolve(repo: &Path, rev: &str) -> Result<Option<String>> {
    let spec = format!("{rev}^{{}}");
    let rev = if rev.ends_with('}') {
        rev
    } else {
        spec.as_str()
    };
    match run(repo, &["rev-parse", "--verify", "--quiet", rev]) {
        Ok(output) => Ok(Some(String::from_utf8_lossy(&output).trim().to_owned())),
        Err(Error::Git { .. }) => Ok(None),
        Err(other) => Err(other),
    }
}

/// The text of `path` (relative to the repository root) at `rev`; `None`
/// when the file is not there.
///
/// # Errors
///
/// [`crate::Error::Git`] when `repo` is not a repository.
pub fn show(repo: &Path, rev: &str, path: &str) -> Result<Option<String>> {
    // One process: `--batch` answers `<spec> missing` for an absent file,
    // else `<oid> <type> <size>` and the content.
    let spec = format!("{rev}:{path}\n");
    let output = super::git::run_with_input(repo, &["cat-file", "--batch"], spec.as_bytes())?;
    let Some(header_end) = output.iter().position(|byte| *byte == b'\n') else {
        return Ok(None);
    };
    let header = String::from_utf8_lossy(&output[..header_end]);
    let mut fields = header.rsplitn(3, ' ');
    let size = fields.next().and_then(|size| size.parse::<usize>().ok());
    let kind = fields.next();
    match (kind, size) {
        (Some("blob"), Some(size)) => {
            let content = output
                .get(header_end + 1..header_end + 1 + size)
                .unwrap_or_default();
            Ok(Some(String::from_utf8_lossy(content).into_owned()))
        }
        _ => Ok(None),
    }
}

fn list(repo: &Path, merged: Option<&str>) -> Result<Vec<Tag>> {
    let merged = merged.map(|rev| format!("--merged={rev}"));
    let mut args = vec![
        "for-each-ref",
        "--format=%(refname:strip=2)%00%(objectname)%00%(*objectname)%00%(creatordate:short)",
    ];
    if let Some(merged) = &merged {
        args.push(merged);
    }
    args.push("refs/tags");
    let output = run(repo, &args)?;
    let text = String::from_utf8_lossy(&output);
    Ok(text
        .lines()
        .filter_map(|line| {
            let mut fields = line.split('\0');
            let name = fields.next()?;
            let object = fields.next()?;
            let peeled = fields.next().unwrap_or_default();
            let date = fields.next().unwrap_or_default();
            let target = if peeled.is_empty() { object } else { peeled };
            Some(Tag {
                name: name.to_owned(),
                target: target.to_owned(),
                release: parse_tag_name(name),
                date: (!date.is_empty()).then(|| date.to_owned()),
            })
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::parse_tag_name;

    #[test]
    fn release_tag_names_with_and_without_components() {
        let table = [
            ("v1.2.3", None, "1.2.3"),
            ("1.2.3", None, "1.2.3"),
            ("V2.0.0-rc.1+build.5", None, "2.0.0-rc.1+build.5"),
            ("api-v1.2.3", Some("api"), "1.2.3"),
            ("my-api-1.2.3", Some("my-api"), "1.2.3"),
            ("api/v1.2.3", Some("api"), "1.2.3"),
            ("@scope/pkg@1.2.3", Some("@scope/pkg"), "1.2.3"),
            ("pkg_v0.1.0", Some("pkg"), "0.1.0"),
        ];
        for (name, component, version) in table {
            let release = parse_tag_name(name).unwrap_or_else(|| panic!("{name} is a release tag"));
            assert_eq!(release.component.as_deref(), component, "{name}");
            assert_eq!(release.version.to_string(), version, "{name}");
        }
        for name in ["nightly", "v1.2", "release-2024", "v1.2.3.4", "x1.2.3", ""] {
            assert!(
                parse_tag_name(name).is_none(),
                "{name} is not a release tag"
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn any_tag_name_reads_or_not_without_panic(name in proptest::prelude::any::<String>()) {
            let _ = parse_tag_name(&name);
        }
    }
}
