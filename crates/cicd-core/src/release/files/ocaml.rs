//! OCaml's version files, as Release Please's `ocaml` strategy rewrites
//! them: `*.opam` (`version: "…"`), `dune-project` (`(version …)`) and esy's
//! JSON manifests (the top-level `version`).

use super::{Updated, js_lines, json_edit};

/// The characters Release Please accepts in an OCaml version
/// (`[A-Za-z0-9_\-+.~]+`).
fn is_version_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '+' | '.' | '~')
}

/// The first line that is exactly `{prefix}VERSION{suffix}` becomes
/// `{prefix}{version}{suffix}`.
fn replace_line(text: &str, (prefix, suffix): (&str, &str), version: &str) -> Option<String> {
    js_lines(text).find_map(|(start, line)| {
        let old = line.strip_prefix(prefix)?.strip_suffix(suffix)?;
        (!old.is_empty() && old.chars().all(is_version_char)).then(|| {
            let end = start + line.len();
            format!(
                "{}{prefix}{version}{suffix}{}",
                &text[..start],
                &text[end..]
            )
        })
    })
}

/// An opam file's first `version: "X"` line, as Release Please's
/// `/^version: "[A-Za-z0-9_\-+.~]+"$/m` finds it.
pub(super) fn opam(text: &str, version: &str) -> Updated {
    match replace_line(text, ("version: \"", "\""), version) {
        Some(text) => Updated::Text(text),
        None => Updated::Skipped("no `version: \"…\"` line".to_owned()),
    }
}

/// A `dune-project`'s first `(version X)` line, as Release Please's
/// `/^\(version ([A-Za-z0-9_\-+.~]+)\)$/m` finds it.
pub(super) fn dune_project(text: &str, version: &str) -> Updated {
    match replace_line(text, ("(version ", ")"), version) {
        Some(text) => Updated::Text(text),
        None => Updated::Skipped("no `(version …)` line".to_owned()),
    }
}

/// An esy manifest's top-level `version`, whatever its type, becomes the
/// version string; every other byte is kept.
pub(super) fn esy_json(text: &str, version: &str) -> Result<Updated, String> {
    let json: serde_json::Value =
        serde_json::from_str(text).map_err(|err| format!("not JSON: {err}"))?;
    if json.get("version").is_none() {
        return Ok(Updated::Skipped("no top-level `version`".to_owned()));
    }
    let (start, end) = json_edit::value_span_at(text, &[json_edit::Step::Key("version")])
        .ok_or("the top-level `version` could not be found in the text")?;
    let quoted = serde_json::to_string(version).map_err(|err| err.to_string())?;
    Ok(Updated::Text(format!(
        "{}{quoted}{}",
        &text[..start],
        &text[end..]
    )))
}

#[cfg(test)]
mod tests {
    use super::{Updated, dune_project, esy_json, opam};

    fn text(updated: Updated) -> String {
        match updated {
            Updated::Text(text) => text,
            Updated::Skipped(why) => panic!("skipped: {why}"),
        }
    }

    #[test]
    fn the_first_whole_version_line_of_an_opam_file_changes() {
        let file = "opam-version: \"2.0\"\n  version: \"0.9\"\nversion: \"1.2.3~beta\"\r\nversion: \"1.0\"\n";
        assert_eq!(
            text(opam(file, "1.3.0")),
            "opam-version: \"2.0\"\n  version: \"0.9\"\nversion: \"1.3.0\"\r\nversion: \"1.0\"\n"
        );
        assert!(matches!(
            opam("version: \"1 2\"\nversion: \"\"\n", "1.3.0"),
            Updated::Skipped(_)
        ));
    }

    #[test]
    fn a_dune_project_keeps_everything_but_its_version() {
        let file = "(lang dune 3.0)\n(name widget)\n(version 1.2.3)\n; (version 0.1)\n";
        assert_eq!(
            text(dune_project(file, "2.0.0")),
            "(lang dune 3.0)\n(name widget)\n(version 2.0.0)\n; (version 0.1)\n"
        );
        assert!(matches!(
            dune_project("(version 1.2.3) ; old\n", "2.0.0"),
            Updated::Skipped(_)
        ));
    }

    #[test]
    fn an_esy_manifest_gets_a_version_string_in_place() {
        let file = "{\n  \"name\": \"w\",\n  \"dependencies\": {\"version\": \"1\"},\n  \"version\": 1\n}\n";
        assert_eq!(
            text(esy_json(file, "1.3.0").unwrap()),
            "{\n  \"name\": \"w\",\n  \"dependencies\": {\"version\": \"1\"},\n  \"version\": \"1.3.0\"\n}\n"
        );
        assert!(matches!(
            esy_json("{\"name\": \"w\"}", "1.3.0"),
            Ok(Updated::Skipped(_))
        ));
        assert!(esy_json("{\"name\": ", "1.3.0").is_err());
    }
}
