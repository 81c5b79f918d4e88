//! Any text is a `release-please-config.json` or a typed error, never a
//! panic; and every path a configuration that reads holds (package paths,
//! `changelog-path`, `version-file`, `extra-files`) stays inside the
//! repository once cleaned. Typing a package's keys and the plugins'
//! options never panics either, and keeps every `extra-files` entry.
#![no_main]

use cicd_core::confined::relative_path;
use cicd_core::release::{Config, WorkspaceKind};
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

fn inside(path: &str) {
    let clean = relative_path(path.strip_prefix('/').unwrap_or(path)).expect("checked when read");
    assert!(!clean.split('/').any(|part| part == ".."), "{path:?}");
    assert!(!clean.starts_with('/'), "{path:?}");
}

fuzz_target!(|text: &str| {
    let Ok((config, _)) = Config::parse(text, "release-please-config.json") else {
        return;
    };
    for kind in [WorkspaceKind::Cargo, WorkspaceKind::Node, WorkspaceKind::Maven] {
        let _ = config.workspace_plugin(kind);
    }
    let _ = config.group_priority();
    for (path, package) in &config.packages {
        let typed = config.package(path);
        let listed = package
            .get("extra-files")
            .or_else(|| config.defaults.get("extra-files"))
            .and_then(Value::as_array)
            .map_or(0, Vec::len);
        assert_eq!(typed.extra_files.len(), listed, "every checked entry is kept");
        for file in &typed.extra_files {
            inside(&file.path);
        }
        relative_path(path).expect("package paths are checked when read");
        for key in ["changelog-path", "version-file"] {
            if let Some(Value::String(value)) = package.get(key).or_else(|| config.defaults.get(key)) {
                relative_path(value).expect("paths are checked when read");
            }
        }
        if let Some(Value::Array(files)) = package.get("extra-files") {
            for file in files {
                match file {
                    Value::String(path) => inside(path),
                    Value::Object(object) => {
                        if let Some(Value::String(path)) = object.get("path") {
                            inside(path);
                        }
                    }
                    _ => panic!("extra-files entries are checked when read"),
                }
            }
        }
    }
});
