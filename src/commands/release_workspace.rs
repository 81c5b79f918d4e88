//! The crates of a Cargo workspace, for the `cargo-workspace` plugin: the
//! folders the root manifest's `[workspace] members` globs name (less
//! `exclude`), each with its own `Cargo.toml`, and the root package.

use std::path::Path;

use cicd_core::release::{self, Member};
use toml::Value;

use super::release_args::read_if_exists;
use crate::error::{Error, warn};

/// The workspace's crates; none when the repository has no root
/// `Cargo.toml` with a `[workspace]`.
pub(crate) fn cargo_members(repo: &Path) -> Result<Vec<Member>, Error> {
    let Some(text) = read_if_exists(repo, &repo.join("Cargo.toml"))? else {
        warn("`cargo-workspace`: the repository has no root Cargo.toml; no workspace to follow");
        return Ok(Vec::new());
    };
    let root: toml::Table = text.parse().map_err(|err: toml::de::Error| {
        Error::Core(cicd_core::Error::VersionFile {
            path: "Cargo.toml".to_owned(),
            what: format!("not TOML: {}", err.message()),
        })
    })?;
    let Some(workspace) = root.get("workspace").and_then(Value::as_table) else {
        warn("`cargo-workspace`: the root Cargo.toml has no `[workspace]`; no workspace to follow");
        return Ok(Vec::new());
    };
    let patterns = |key: &str| -> Vec<String> {
        workspace
            .get(key)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .map(|pattern| {
                pattern
                    .trim_start_matches("./")
                    .trim_end_matches('/')
                    .to_owned()
            })
            .collect()
    };
    let excluded = patterns("exclude");
    let mut folders = Vec::new();
    for pattern in patterns("members") {
        for folder in expand(repo, &pattern) {
            if !folders.contains(&folder) && !excluded.contains(&folder) {
                folders.push(folder);
            }
        }
    }
    if root.contains_key("package") {
        folders.push(".".to_owned());
    }
    let mut members = Vec::new();
    for folder in folders {
        let manifest = if folder == "." {
            "Cargo.toml".to_owned()
        } else {
            format!("{folder}/Cargo.toml")
        };
        let Some(text) = read_if_exists(repo, &repo.join(&manifest))? else {
            continue;
        };
        if let Some(member) = release::cargo_member(&manifest, &text, &folder)? {
            members.push(member);
        }
    }
    Ok(members)
}

/// The folders under `repo` that `pattern` names (`crates/*`, `libs/**`,
/// `tools/cli`), sorted; a folder counts when it has a `Cargo.toml`.
fn expand(repo: &Path, pattern: &str) -> Vec<String> {
    let segments: Vec<&str> = pattern
        .split('/')
        .filter(|segment| !segment.is_empty())
        .collect();
    let mut found = Vec::new();
    walk(repo, "", &segments, &mut found);
    found.sort();
    found.dedup();
    found
}

fn walk(repo: &Path, prefix: &str, segments: &[&str], found: &mut Vec<String>) {
    let Some((segment, rest)) = segments.split_first() else {
        if !prefix.is_empty() && repo.join(prefix).join("Cargo.toml").is_file() {
            found.push(prefix.to_owned());
        }
        return;
    };
    let join = |name: &str| {
        if prefix.is_empty() {
            name.to_owned()
        } else {
            format!("{prefix}/{name}")
        }
    };
    if *segment == "**" {
        // Zero folders, or one more and `**` again.
        walk(repo, prefix, rest, found);
        for name in subfolders(&repo.join(prefix)) {
            walk(repo, &join(&name), segments, found);
        }
        return;
    }
    if !segment.contains(['*', '?', '[']) {
        let next = join(segment);
        if repo.join(&next).is_dir() {
            walk(repo, &next, rest, found);
        }
        return;
    }
    for name in subfolders(&repo.join(prefix)) {
        if release::glob::segment_matches(segment, &name) {
            walk(repo, &join(&name), rest, found);
        }
    }
}

/// The folders in `dir` (not hidden, not `target`), by name.
fn subfolders(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|entry| entry.file_type().is_ok_and(|kind| kind.is_dir()))
        .filter_map(|entry| entry.file_name().to_str().map(str::to_owned))
        .filter(|name| !name.starts_with('.') && name != "target")
        .collect();
    names.sort();
    names
}
