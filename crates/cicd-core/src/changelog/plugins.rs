//! Release Please's plugins that change the notes: `sentence-case`.

use serde::Deserialize;
use serde_json::Value;

use crate::commits::Commit;

/// Release Please's default special words for `sentence-case`.
const SPECIAL_WORDS: [&str; 2] = ["gRPC", "npm"];

/// The `sentence-case` plugin's special words when `plugins` (the top-level
/// key of `release-please-config.json`) enables it: `"sentence-case"` or
/// `{"type": "sentence-case", "specialWords": [...]}`.
pub fn sentence_case_words(plugins: &Value) -> Option<Vec<String>> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Plugin {
        Name(String),
        Object {
            #[serde(rename = "type")]
            kind: String,
            #[serde(rename = "specialWords")]
            special_words: Option<Vec<String>>,
        },
    }
    let plugins: Vec<Plugin> = serde_json::from_value(plugins.clone()).ok()?;
    plugins.into_iter().find_map(|plugin| match plugin {
        Plugin::Name(name) if name == "sentence-case" => {
            Some(SPECIAL_WORDS.map(str::to_owned).to_vec())
        }
        Plugin::Object {
            kind,
            special_words,
        } if kind == "sentence-case" => {
            Some(special_words.unwrap_or_else(|| SPECIAL_WORDS.map(str::to_owned).to_vec()))
        }
        _ => None,
    })
}

/// Capitalise every change's description as Release Please's `sentence-case`
/// plugin does: a description that starts with `a`–`z` gets an upper-case first
/// letter, unless the whole description is one of `special_words`.
pub fn sentence_case(mut commits: Vec<Commit>, special_words: &[String]) -> Vec<Commit> {
    for commit in &mut commits {
        let changes = commit
            .conventional
            .iter_mut()
            .chain(commit.nested.iter_mut());
        for change in changes {
            if special_words.contains(&change.description) {
                continue;
            }
            if change
                .description
                .starts_with(|c: char| c.is_ascii_lowercase())
            {
                change.description[..1].make_ascii_uppercase();
            }
        }
    }
    commits
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::commits::parse;

    #[test]
    fn descriptions_start_upper_case_except_special_words() {
        let words = sentence_case_words(&serde_json::json!(["sentence-case"])).unwrap();
        let commits = sentence_case(
            vec![
                parse("1", "feat: add x"),
                parse("2", "fix: npm"),
                parse("3", "fix: npm install"),
            ],
            &words,
        );
        let descriptions: Vec<&str> = commits
            .iter()
            .map(|c| c.conventional.as_ref().unwrap().description.as_str())
            .collect();
        assert_eq!(descriptions, ["Add x", "npm", "Npm install"]);
        let custom = sentence_case_words(
            &serde_json::json!([{"type": "sentence-case", "specialWords": ["iOS"]}]),
        );
        assert_eq!(custom, Some(vec!["iOS".to_owned()]));
        assert_eq!(
            sentence_case_words(&serde_json::json!(["node-workspace"])),
            None
        );
    }
}
