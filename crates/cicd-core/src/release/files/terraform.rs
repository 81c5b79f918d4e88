//! A Terraform module's files, as Release Please's `terraform-module`
//! strategy rewrites them.

use semver::Version;

use super::{Updated, dotted_digits};

/// The end of `\d+\.\d+\.\d+(-\w+)?` at `at` (dots literal).
fn dotted_version_end(bytes: &[u8], at: usize) -> Option<usize> {
    let mut at = dotted_digits(bytes, at, 3)?;
    let word = |b: &u8| b.is_ascii_alphanumeric() || *b == b'_';
    if bytes.get(at) == Some(&b'-') && bytes.get(at + 1).is_some_and(word) {
        at += 1 + bytes[at + 1..].iter().take_while(|b| word(b)).count();
    }
    Some(at)
}

/// Every `<prefix>X.Y.Z[-word]` of `text` as `<prefix><version>`.
fn replace_all_prefixed(text: &str, prefix: &str, version: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut from = 0;
    let mut search = 0;
    while let Some(found) = text[search..].find(prefix) {
        let start = search + found;
        match dotted_version_end(bytes, start + prefix.len()) {
            Some(end) => {
                out.push_str(&text[from..start]);
                out.push_str(prefix);
                out.push_str(version);
                from = end;
                search = end;
            }
            None => search = start + prefix.len(),
        }
    }
    out.push_str(&text[from..]);
    out
}

/// A Terraform module's files, as Release Please's `terraform-module`
/// strategy rewrites them: in a `README.md`, the first
/// `version = "~> X.Y"` gets the new major and minor; in `versions.tf` (and
/// `versions.tf.tmpl`) every `vX.Y.Z[-word]` becomes `v<version>`; in
/// `metadata.yaml` every `version: X.Y.Z[-word]` the version.
pub fn set_terraform_file(file_name: &str, text: &str, version: &Version) -> Updated {
    match file_name {
        "README.md" | "readme.md" => {
            let bytes = text.as_bytes();
            let needle = "version = \"~> ";
            let mut search = 0;
            while let Some(found) = text[search..].find(needle) {
                let start = search + found + needle.len();
                // `[\d]+.[\d]+"`, the `.` any character: a shorter major
                // when the greedy one leaves no minor, as the regex backtracks.
                let digits = bytes[start..]
                    .iter()
                    .take_while(|b| b.is_ascii_digit())
                    .count();
                let close = (1..=digits).rev().find_map(|major| {
                    let any = start + major;
                    let &skipped = bytes.get(any)?;
                    if skipped == b'\n' {
                        return None;
                    }
                    let minor = bytes[any + 1..]
                        .iter()
                        .take_while(|b| b.is_ascii_digit())
                        .count();
                    let close = any + 1 + minor;
                    (minor > 0 && bytes.get(close) == Some(&b'"')).then_some(close)
                });
                if let Some(close) = close {
                    return Updated::Text(format!(
                        "{}{}.{}{}",
                        &text[..start],
                        version.major,
                        version.minor,
                        &text[close..]
                    ));
                }
                search = start;
            }
            // Most READMEs pin no version: left as they are, quietly.
            Updated::Text(text.to_owned())
        }
        "versions.tf" | "versions.tf.tmpl" => {
            Updated::Text(replace_all_prefixed(text, "v", &version.to_string()))
        }
        "metadata.yaml" => Updated::Text(replace_all_prefixed(
            text,
            "version: ",
            &version.to_string(),
        )),
        _ => Updated::Skipped(format!("`{file_name}` is no Terraform module file")),
    }
}
