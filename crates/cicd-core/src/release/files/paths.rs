//! `extra-files` entries that name where the version is: a JSON path in a
//! TOML or YAML file (`$.tool.poetry.version`), an `XPath` in an XML file
//! (`//project/version`). Each edit changes the value only: comments, quoting,
//! order and spacing stay.

use semver::Version;
use toml_edit::Item;

use super::{Updated, child, set_string, toml};
use crate::release::xml::{Step, text_elements};
use crate::{Error, Result};

/// `$.a.b` (or `$['a'].b`) → `["a", "b"]`; `None` for filters, wildcards
/// and indexes.
pub(super) fn keys(jsonpath: &str) -> Option<Vec<String>> {
    let mut rest = jsonpath.trim().strip_prefix('$')?;
    let mut keys = Vec::new();
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix("['").or_else(|| rest.strip_prefix("[\"")) {
            let end = after.find(['\'', '"'])?;
            keys.push(after[..end].to_owned());
            rest = after[end + 1..].strip_prefix(']')?;
        } else if let Some(after) = rest.strip_prefix('.') {
            let end = after.find(['.', '[']).unwrap_or(after.len());
            keys.push(after[..end].to_owned());
            rest = &after[end..];
        } else {
            return None;
        }
    }
    let plain = |key: &String| !key.is_empty() && !key.contains(['*', '?', '@', '(', ')']);
    (!keys.is_empty() && keys.iter().all(plain)).then_some(keys)
}

fn unsupported(path: &str, what: &str, expression: &str, example: &str) -> Error {
    Error::VersionFile {
        path: path.to_owned(),
        what: format!("`{expression}`: only {what} like `{example}` are supported"),
    }
}

/// Set the string at `jsonpath` in a TOML file (`extra-files` type `toml`).
///
/// # Errors
///
/// [`Error::VersionFile`] when the path is not a plain key path, the text is
/// not TOML, or no string is at the path.
pub fn set_toml_path(path: &str, text: &str, jsonpath: &str, version: &Version) -> Result<Updated> {
    let keys = keys(jsonpath)
        .ok_or_else(|| unsupported(path, "key paths", jsonpath, "$.tool.poetry.version"))?;
    let error = |what: String| Error::VersionFile {
        path: path.to_owned(),
        what,
    };
    let mut document = toml(text).map_err(error)?;
    let mut item: Option<&mut Item> = Some(document.as_item_mut());
    for key in &keys {
        item = item.and_then(|item| child(item, key));
    }
    let set = item.is_some_and(|item| set_string(item, &version.to_string()));
    if set {
        Ok(Updated::Text(document.to_string()))
    } else {
        Err(error(format!("no string at `{jsonpath}`")))
    }
}

/// Set the scalar at `jsonpath` in a YAML file (`extra-files` type `yaml`):
/// block mappings, any indentation, the value's quotes and trailing comment
/// kept.
///
/// # Errors
///
/// [`Error::VersionFile`] when the path is not a plain key path or no scalar
/// is at it.
pub fn set_yaml_path(path: &str, text: &str, jsonpath: &str, version: &Version) -> Result<Updated> {
    let keys =
        keys(jsonpath).ok_or_else(|| unsupported(path, "key paths", jsonpath, "$.image.tag"))?;
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let mut from = 0;
    let mut parent_indent: Option<usize> = None;
    let mut found = None;
    for (depth, key) in keys.iter().enumerate() {
        let mut hit = None;
        // The keys of this level are at the indent of its first line.
        let mut level: Option<usize> = None;
        for (at, line) in lines.iter().enumerate().skip(from) {
            let content = line.trim_end_matches(['\n', '\r']);
            let trimmed = content.trim_start();
            if trimmed.is_empty() || trimmed.starts_with('#') || trimmed == "---" {
                continue;
            }
            let indent = content.len() - trimmed.len();
            if parent_indent.is_some_and(|parent| indent <= parent) {
                break;
            }
            if *level.get_or_insert(indent) != indent {
                continue;
            }
            if let Some(value) = mapping_value(trimmed, key) {
                hit = Some((at, indent, content.len() - value.len()));
                break;
            }
        }
        let Some((at, indent, value_at)) = hit else {
            break;
        };
        if depth + 1 == keys.len() {
            found = Some((at, value_at));
        }
        from = at + 1;
        parent_indent = Some(indent);
    }
    let Some((at, value_at)) = found else {
        return Err(Error::VersionFile {
            path: path.to_owned(),
            what: format!("no scalar at `{jsonpath}`"),
        });
    };
    let line = lines[at];
    let (head, value) = line.split_at(value_at);
    let Some(replaced) = replace_scalar(value, &version.to_string()) else {
        return Err(Error::VersionFile {
            path: path.to_owned(),
            what: format!("`{jsonpath}` is not a scalar"),
        });
    };
    let mut out = String::with_capacity(text.len() + 8);
    for (index, original) in lines.iter().enumerate() {
        if index == at {
            out.push_str(head);
            out.push_str(&replaced);
        } else {
            out.push_str(original);
        }
    }
    Ok(Updated::Text(out))
}

/// The text after `key:` on a mapping line (`key: value`, `"key": value`),
/// with its leading spaces.
fn mapping_value<'a>(line: &'a str, key: &str) -> Option<&'a str> {
    let rest = line
        .strip_prefix(key)
        .or_else(|| line.strip_prefix(&format!("\"{key}\"")))
        .or_else(|| line.strip_prefix(&format!("'{key}'")))?;
    let rest = rest.trim_start_matches([' ', '\t']).strip_prefix(':')?;
    (rest.is_empty() || rest.starts_with([' ', '\t', '\n', '\r'])).then_some(rest)
}

/// `value` (what follows `key:`, up to the line end) with its scalar
/// replaced; `None` when there is no scalar (a nested block, a list).
fn replace_scalar(value: &str, version: &str) -> Option<String> {
    let body = value.trim_end_matches(['\n', '\r']);
    let ending = &value[body.len()..];
    let start = body.len() - body.trim_start().len();
    let scalar = &body[start..];
    let (old_len, new) = match scalar.chars().next()? {
        quote @ ('"' | '\'') => {
            let end = scalar[1..].find(quote)? + 2;
            (end, format!("{quote}{version}{quote}"))
        }
        '#' | '|' | '>' | '[' | '{' | '&' | '*' | '!' => return None,
        _ => {
            let end = scalar.find(" #").unwrap_or(scalar.len());
            (scalar[..end].trim_end().len(), version.to_owned())
        }
    };
    Some(format!(
        "{}{new}{}{ending}",
        &body[..start],
        &scalar[old_len..]
    ))
}

/// Set the text of every element at `xpath` (`/project/version`, `/*/version`,
/// or `//parent/version` anywhere) in an XML file (`extra-files` type `xml`;
/// `pom` is `/project/version`).
///
/// # Errors
///
/// [`Error::VersionFile`] when the `XPath` is not a plain element path or no
/// element is at it.
pub fn set_xml_path(path: &str, text: &str, xpath: &str, version: &Version) -> Result<Updated> {
    let spans = element_texts(text, xpath)
        .ok_or_else(|| unsupported(path, "element paths", xpath, "//project/version"))?;
    if spans.is_empty() {
        return Err(Error::VersionFile {
            path: path.to_owned(),
            what: format!("no element with text at `{xpath}`"),
        });
    }
    let version = version.to_string();
    let mut out = String::with_capacity(text.len() + 8);
    let mut done = 0;
    for (start, end) in spans {
        out.push_str(&text[done..start]);
        out.push_str(&version);
        done = end;
    }
    out.push_str(&text[done..]);
    Ok(Updated::Text(out))
}

/// The text of the first element at `xpath` (as [`set_xml_path`] finds it),
/// trimmed; `None` when there is none or the path is not a plain one.
pub fn xml_path_text<'a>(text: &'a str, xpath: &str) -> Option<&'a str> {
    let (start, end) = *element_texts(text, xpath)?.first()?;
    text.get(start..end)
}

/// Where the texts (without their surrounding whitespace) of the elements
/// at `xpath` lie in `text`; `None` when `xpath` is not a plain element
/// path.
fn element_texts(text: &str, xpath: &str) -> Option<Vec<(usize, usize)>> {
    let (anywhere, steps) = match xpath.strip_prefix("//") {
        Some(rest) => (true, rest),
        None => (false, xpath.strip_prefix('/').unwrap_or("")),
    };
    let steps: Vec<&str> = steps.split('/').collect();
    let plain = |step: &&str| {
        *step == "*"
            || (!step.is_empty() && !step.contains(['[', ']', '@', '*', '(', ')', ':', '.']))
    };
    if !steps.iter().all(plain) {
        return None;
    }
    let mut spans = Vec::new();
    let step_matches = |(step, found): (&&str, &Step<'_>)| *step == "*" || *step == found.name;
    text_elements(text, |path, span| {
        let matches = if anywhere {
            path.len() >= steps.len()
                && steps
                    .iter()
                    .zip(&path[path.len() - steps.len()..])
                    .all(step_matches)
        } else {
            path.len() == steps.len() && steps.iter().zip(path).all(step_matches)
        };
        if matches {
            spans.push(span);
        }
    });
    Some(spans)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(updated: Result<Updated>) -> String {
        match updated {
            Ok(Updated::Text(text)) => text,
            other => panic!("expected a text, got {other:?}"),
        }
    }

    const V: Version = Version::new(1, 3, 0);

    #[test]
    fn element_texts_are_read_where_they_would_be_set() {
        let pom = "<project>\n  <parent><version> 1.0.0 </version></parent>\n  <version>2.0.0-SNAPSHOT</version>\n</project>\n";
        assert_eq!(
            xml_path_text(pom, "/project/version"),
            Some("2.0.0-SNAPSHOT")
        );
        assert_eq!(xml_path_text(pom, "/project/parent/version"), Some("1.0.0"));
        assert_eq!(xml_path_text(pom, "/project/missing"), None);
        assert_eq!(xml_path_text(pom, "//version[1]"), None);
        assert_eq!(
            text(set_xml_path("pom.xml", pom, "//version", &V)),
            "<project>\n  <parent><version> 1.3.0 </version></parent>\n  <version>1.3.0</version>\n</project>\n"
        );
    }

    #[test]
    fn json_paths_read_as_key_lists() {
        assert_eq!(keys("$.a.b"), Some(vec!["a".to_owned(), "b".to_owned()]));
        assert_eq!(
            keys("$['a.b'].c"),
            Some(vec!["a.b".to_owned(), "c".to_owned()])
        );
        assert_eq!(keys("$.a[0]"), None);
        assert_eq!(keys("$..version"), None);
        assert_eq!(keys("$.*"), None);
        assert_eq!(keys("a.b"), None);
    }

    #[test]
    fn toml_keeps_comments_and_layout() {
        let before = "# tool\n[tool.poetry]\nname = \"w\"\nversion = '1.2.3'  # release\n";
        assert_eq!(
            text(set_toml_path("x.toml", before, "$.tool.poetry.version", &V)),
            "# tool\n[tool.poetry]\nname = \"w\"\nversion = \"1.3.0\"  # release\n"
        );
        assert!(set_toml_path("x.toml", before, "$.tool.poetry.missing", &V).is_err());
        assert!(set_toml_path("x.toml", "a = [", "$.a", &V).is_err());
    }

    #[test]
    fn yaml_replaces_the_scalar_at_the_path_only() {
        let chart = "apiVersion: v2\nname: widget # the chart\nversion: 1.2.3\nimage:\n  repository: acme/widget\n  nested:\n    tag: 0.0.1\n  # pinned\n  tag: \"1.2.3\" # keep\nother:\n  tag: 9.9.9\n";
        assert_eq!(
            text(set_yaml_path("Chart.yaml", chart, "$.version", &V)),
            chart.replace("version: 1.2.3", "version: 1.3.0")
        );
        assert_eq!(
            text(set_yaml_path("values.yaml", chart, "$.image.tag", &V)),
            chart.replace("tag: \"1.2.3\"", "tag: \"1.3.0\"")
        );
        assert_eq!(
            text(set_yaml_path("values.yaml", chart, "$.other.tag", &V)),
            chart.replace("tag: 9.9.9", "tag: 1.3.0")
        );
        assert!(set_yaml_path("values.yaml", chart, "$.image.digest", &V).is_err());
        assert!(set_yaml_path("values.yaml", chart, "$.tag", &V).is_err());
        assert!(set_yaml_path("values.yaml", chart, "$.image", &V).is_err());
        assert!(set_yaml_path("values.yaml", "a:\n  - 1\n", "$.a", &V).is_err());
    }

    #[test]
    fn xml_sets_the_text_of_the_elements_at_the_path() {
        let pom = "<?xml version=\"1.0\"?>\n<!-- <version>0</version> -->\n<project xmlns=\"x\">\n  <parent><version>9.9.9</version></parent>\n  <version> 1.2.3 </version>\n  <deps><dep><version>2.0.0</version></dep></deps>\n</project>\n";
        assert_eq!(
            text(set_xml_path("pom.xml", pom, "/project/version", &V)),
            pom.replace("<version> 1.2.3 </version>", "<version> 1.3.0 </version>")
        );
        assert_eq!(
            text(set_xml_path("pom.xml", pom, "//dep/version", &V)),
            pom.replace("<version>2.0.0</version>", "<version>1.3.0</version>")
        );
        assert_eq!(
            text(set_xml_path("pom.xml", pom, "/*/version", &V)),
            pom.replace("<version> 1.2.3 </version>", "<version> 1.3.0 </version>")
        );
        assert!(set_xml_path("pom.xml", pom, "/project/missing", &V).is_err());
        assert!(set_xml_path("pom.xml", pom, "//version[1]", &V).is_err());
        assert!(set_xml_path("pom.xml", "<a><b>", "/a/b", &V).is_err());
    }
}
