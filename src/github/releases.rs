//! GitHub releases of a merged release PR: created once (a second run finds
//! the existing one), then the PR commented on and relabelled.

use serde::Serialize;
use serde_json::{Value, json};

use super::{ApiError, Client, Method, escape};
use cicd_core::release::Labels;

/// A release to create.
#[derive(Clone, Debug)]
pub(crate) struct Wanted<'a> {
    pub(crate) tag: &'a str,
    pub(crate) name: &'a str,
    pub(crate) notes: &'a str,
    /// The merge commit of the release PR.
    pub(crate) commit: &'a str,
    pub(crate) draft: bool,
    pub(crate) prerelease: bool,
    /// `force-tag-creation`: make the tag first (a draft release makes none).
    pub(crate) force_tag: bool,
}

/// A release on GitHub, as the action's outputs show it.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Made {
    pub(crate) id: u64,
    pub(crate) name: String,
    pub(crate) tag_name: String,
    pub(crate) body: String,
    pub(crate) html_url: String,
    pub(crate) upload_url: String,
    pub(crate) draft: bool,
    pub(crate) prerelease: bool,
    /// Made by this run; `false` when it was there already.
    pub(crate) created: bool,
}

/// The notes GitHub writes for a release (`changelog-type: github`):
/// `POST /releases/generate-notes` for `tag` (made from `target` when it
/// does not exist yet), since `previous` when there is one.
pub(crate) fn generated_notes(
    client: &Client,
    tag: &str,
    target: &str,
    previous: Option<&str>,
) -> Result<String, ApiError> {
    let mut request = json!({"tag_name": tag, "target_commitish": target});
    if let Some(previous) = previous {
        request["previous_tag_name"] = json!(previous);
    }
    let path = "/releases/generate-notes";
    let answer = client.send_json(Method::Post, &client.repo_path(path), &request)?;
    answer
        .get("body")
        .and_then(Value::as_str)
        .map(str::to_owned)
        .ok_or_else(|| client.unexpected(Method::Post, path, "without the notes' `body`"))
}

/// Create the release; when its tag has one already, that one.
pub(crate) fn create(client: &Client, wanted: &Wanted<'_>) -> Result<Made, ApiError> {
    if wanted.force_tag {
        let tagged = client.send_json(
            Method::Post,
            &client.repo_path("/git/refs"),
            &json!({"ref": format!("refs/tags/{}", wanted.tag), "sha": wanted.commit}),
        );
        match tagged {
            Ok(_) => {}
            Err(err) if err.status == Some(422) => {}
            Err(err) => return Err(err),
        }
    }
    let created = client.send_json(
        Method::Post,
        &client.repo_path("/releases"),
        &json!({
            "tag_name": wanted.tag,
            "target_commitish": wanted.commit,
            "name": wanted.name,
            "body": wanted.notes,
            "draft": wanted.draft,
            "prerelease": wanted.prerelease,
        }),
    );
    match created {
        Ok(release) => Ok(made(&release, true)),
        Err(err) if err.already_exists() => {
            let release = existing(client, wanted.tag)?;
            Ok(made(&release, false))
        }
        Err(err) => Err(err),
    }
}

/// The release of `tag`: published ones by tag; drafts (which the tag
/// lookup does not see) from the list.
fn existing(client: &Client, tag: &str) -> Result<Value, ApiError> {
    match client.get(&client.repo_path(&format!("/releases/tags/{}", escape(tag)))) {
        Ok(release) => Ok(release),
        Err(err) if err.status == Some(404) => {
            let releases = client.get_all(&client.repo_path("/releases?per_page=100"), 400)?;
            releases
                .into_iter()
                .find(|release| release.get("tag_name").and_then(Value::as_str) == Some(tag))
                .ok_or(err)
        }
        Err(err) => Err(err),
    }
}

/// Comment the releases on the PR (Release Please's words), then swap the
/// pending labels for the tagged ones.
pub(crate) fn close_out(
    client: &Client,
    number: u64,
    made: &[Made],
    labels: &Labels,
    current: &[String],
) -> Result<(), ApiError> {
    let fresh: Vec<String> = made
        .iter()
        .filter(|release| release.created)
        .map(|release| format!("- [{}]({})", release.tag_name, release.html_url))
        .collect();
    if !fresh.is_empty() {
        client.send_json(
            Method::Post,
            &client.repo_path(&format!("/issues/{number}/comments")),
            &json!({"body": format!("🤖 Created releases:\n\n{}\n\n:sunflower:", fresh.join("\n"))}),
        )?;
    }
    for label in labels
        .pending
        .iter()
        .filter(|label| current.contains(label))
    {
        match client
            .delete(&client.repo_path(&format!("/issues/{number}/labels/{}", escape(label))))
        {
            Ok(()) => {}
            Err(err) if err.status == Some(404) => {}
            Err(err) => return Err(err),
        }
    }
    client.send_json(
        Method::Post,
        &client.repo_path(&format!("/issues/{number}/labels")),
        &json!({ "labels": labels.tagged }),
    )?;
    Ok(())
}

fn made(release: &Value, created: bool) -> Made {
    let text = |key: &str| {
        release
            .get(key)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned()
    };
    let flag = |key: &str| release.get(key).and_then(Value::as_bool).unwrap_or(false);
    Made {
        id: release
            .get("id")
            .and_then(Value::as_u64)
            .unwrap_or_default(),
        name: text("name"),
        tag_name: text("tag_name"),
        body: text("body"),
        html_url: text("html_url"),
        upload_url: text("upload_url"),
        draft: flag("draft"),
        prerelease: flag("prerelease"),
        created,
    }
}
