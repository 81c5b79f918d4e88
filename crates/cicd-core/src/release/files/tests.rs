use std::collections::BTreeMap;

use super::*;

fn set(kind: FileKind, text: &str, version: &str) -> Result<Updated> {
    set_version(kind, "f", text, &Version::parse(version).unwrap())
}

fn text(updated: Result<Updated>) -> String {
    match updated.unwrap() {
        Updated::Text(text) => text,
        Updated::Skipped(why) => panic!("skipped: {why}"),
    }
}

#[test]
fn pyproject_keeps_comments_and_layout() {
    let before = "# The project.\n[project]\nname = \"widget\"\nversion   =   \"0.1.0\"   # x-release-please-version\ndependencies = [\n  \"requests>=2\",  # http\n]\n";
    let after = text(set(FileKind::PyProject, before, "0.2.0"));
    assert_eq!(after, before.replace("\"0.1.0\"", "\"0.2.0\""));
    let poetry = "[tool.poetry]\nname = \"w\"\nversion = \"1.0.0\"\n";
    assert_eq!(
        text(set(FileKind::PyProject, poetry, "1.0.1")),
        poetry.replace("1.0.0", "1.0.1")
    );
}

#[test]
fn pyproject_with_a_dynamic_version_is_skipped_and_without_one_is_an_error() {
    let dynamic = "[project]\nname = \"w\"\ndynamic = [\"version\"]\n";
    assert!(matches!(
        set(FileKind::PyProject, dynamic, "1.0.0").unwrap(),
        Updated::Skipped(_)
    ));
    let err = set(FileKind::PyProject, "[project]\nname = \"w\"\n", "1.0.0").unwrap_err();
    assert_eq!(
        err.to_string(),
        "cannot set the version in `f`: no `version` in `[project]` or `[tool.poetry]`"
    );
    let err = set(FileKind::PyProject, "[project\n", "1.0.0").unwrap_err();
    assert!(
        err.to_string()
            .starts_with("cannot set the version in `f`: not TOML"),
        "{err}"
    );
}

#[test]
fn cargo_toml_packages_and_workspaces() {
    let crate_toml = "[package]\nname = \"w\"\nversion = \"0.1.0\" # keep\nedition = \"2024\"\n\n[dependencies]\nserde = \"1.0.0\"\n";
    assert_eq!(
        text(set(FileKind::CargoToml, crate_toml, "0.2.0")),
        crate_toml.replace("\"0.1.0\"", "\"0.2.0\"")
    );
    let root = "[workspace]\nmembers = [\"crates/*\"]\n\n[workspace.package]\nversion = \"0.1.0\"\nedition = \"2024\"\n";
    assert_eq!(
        text(set(FileKind::CargoToml, root, "0.2.0")),
        root.replace("0.1.0", "0.2.0")
    );
    let member = "[package]\nname = \"m\"\nversion.workspace = true\n";
    assert!(matches!(
        set(FileKind::CargoToml, member, "0.2.0").unwrap(),
        Updated::Skipped(_)
    ));
    let err = set(FileKind::CargoToml, "[package]\nname = \"w\"\n", "0.2.0").unwrap_err();
    assert!(err.to_string().contains("no `[package].version`"), "{err}");
}

#[test]
fn cargo_lock_entries_of_released_crates_move() {
    let lock = "version = 4\n\n[[package]]\nname = \"w\"\nversion = \"0.1.0\"\n\n[[package]]\nname = \"serde\"\nversion = \"1.0.0\"\nsource = \"registry+https://github.com/rust-lang/crates.io-index\"\n";
    let versions = BTreeMap::from([("w".to_owned(), Version::new(0, 2, 0))]);
    let after = set_lock_versions("Cargo.lock", lock, &versions).unwrap();
    assert_eq!(after, lock.replacen("0.1.0", "0.2.0", 1));
}

#[test]
fn package_json_and_lock_keep_every_other_byte() {
    let package = "{\n  \"name\": \"@acme/w\",\n  \"version\": \"1.0.0\",\n  \"dependencies\": { \"left-pad\": \"^1.0.0\" }\n}\n";
    assert_eq!(
        text(set(FileKind::PackageJson, package, "1.1.0")),
        package.replace("\"1.0.0\"", "\"1.1.0\"")
    );
    let lock = "{\n  \"name\": \"w\",\n  \"version\": \"1.0.0\",\n  \"lockfileVersion\": 3,\n  \"packages\": {\n    \"\": {\n      \"name\": \"w\",\n      \"version\": \"1.0.0\"\n    },\n    \"node_modules/a\": {\n      \"version\": \"1.0.0\"\n    }\n  }\n}\n";
    let after = text(set(FileKind::PackageLock, lock, "2.0.0"));
    assert_eq!(after.matches("2.0.0").count(), 2);
    assert!(after.contains("\"node_modules/a\": {\n      \"version\": \"1.0.0\""));
    let err = set(FileKind::PackageJson, "{\"name\": \"w\"}", "1.0.0").unwrap_err();
    assert!(
        err.to_string()
            .contains("no top-level `\"version\"` string"),
        "{err}"
    );
    assert!(
        set(FileKind::PackageJson, "{", "1.0.0")
            .unwrap_err()
            .to_string()
            .contains("not JSON")
    );
}

#[test]
fn generic_markers_as_release_please_reads_them() {
    let before = "\
const VERSION = \"1.2.3\"; // x-release-please-version
const MAJOR = 1; // x-release-please-major
// x-release-please-start-version
image: acme/w:v1.2.3-rc.1
tag: 1.2.3 and 1.2.3
// x-release-please-end 1.2.3
untouched 1.2.3
";
    let after = "\
const VERSION = \"2.0.0\"; // x-release-please-version
const MAJOR = 2; // x-release-please-major
// x-release-please-start-version
image: acme/w:v2.0.0
tag: 2.0.0 and 1.2.3
// x-release-please-end 2.0.0
untouched 1.2.3
";
    assert_eq!(text(set(FileKind::Generic, before, "2.0.0")), after);
}

#[test]
fn file_kinds_follow_the_name() {
    assert_eq!(FileKind::of("pkg/pyproject.toml"), FileKind::PyProject);
    assert_eq!(FileKind::of("Cargo.toml"), FileKind::CargoToml);
    assert_eq!(FileKind::of("npm-shrinkwrap.json"), FileKind::PackageLock);
    assert_eq!(FileKind::of("src/version.rs"), FileKind::Generic);
    assert_eq!(FileKind::of("sub/widget.opam"), FileKind::Opam);
    assert_eq!(FileKind::of("widget.opam.locked"), FileKind::Opam);
    assert_eq!(FileKind::of("sub/.opam"), FileKind::Generic);
    assert_eq!(FileKind::of("dune-project"), FileKind::DuneProject);
    assert_eq!(FileKind::of("esy.json"), FileKind::EsyJson);
}

#[test]
fn python_modules_and_json_paths() {
    let module = "\"\"\"The package.\"\"\"\n__version__ = '0.3.0'  # keep\nOTHER = \"1.0.0\"\n";
    assert_eq!(
        text(set(FileKind::PythonVersion, module, "0.4.0")),
        module.replace("0.3.0", "0.4.0")
    );
    assert!(set(FileKind::PythonVersion, "x = 1\n", "0.4.0").is_err());
    let meta = "{\n  \"release\": {\"version\": \"0.3.0\"}\n}\n";
    let version = Version::new(0, 4, 0);
    assert_eq!(
        set_json_path("meta.json", meta, "$.release.version", &version).unwrap(),
        Updated::Text(meta.replace("0.3.0", "0.4.0"))
    );
    let err = set_json_path("meta.json", meta, "$..version", &version).unwrap_err();
    assert!(err.to_string().contains("only key paths"), "{err}");
    assert_eq!(
        set_json_path("meta.json", meta, "$['release'].version", &version).unwrap(),
        Updated::Text(meta.replace("0.3.0", "0.4.0"))
    );
    // The version inside the string, as Release Please replaces it.
    let ranged = "{\"deps\": {\"acme\": \"^0.3.0-rc.1\", \"name\": \"acme\"}}";
    assert_eq!(
        set_json_path("p.json", ranged, "$.deps.acme", &version).unwrap(),
        Updated::Text(ranged.replace("^0.3.0-rc.1", "^0.4.0"))
    );
    assert!(matches!(
        set_json_path("p.json", ranged, "$.deps.name", &version).unwrap(),
        Updated::Skipped(_)
    ));
    let err = set_json_path("meta.json", meta, "$.nope", &version).unwrap_err();
    assert!(err.to_string().contains("no string at `$.nope`"), "{err}");
}

#[test]
fn setup_py_and_setup_cfg_as_release_please_reads_them() {
    let setup_py = "from setuptools import setup\n# version = 0.0.0 in a comment has no quotes\nsetup(\n    name='w',\n    version = '1.2.3-rc.1',\n)\n";
    assert_eq!(
        text(set(FileKind::SetupPy, setup_py, "1.3.0")),
        setup_py.replace("'1.2.3-rc.1'", "'1.3.0'")
    );
    let setup_cfg = "[metadata]\nname = w\nversion = 1.2.3\n\n[options]\npython_requires = >=3.9\n";
    assert_eq!(
        text(set(FileKind::SetupCfg, setup_cfg, "1.3.0")),
        setup_cfg.replace("1.2.3", "1.3.0")
    );
    // More than one space around `=` is not Release Please's pattern.
    assert!(set(FileKind::SetupCfg, "version  =  1.2.3\n", "1.3.0").is_err());
    assert!(set(FileKind::SetupPy, "setup(version=VERSION)\n", "1.3.0").is_err());
    assert_eq!(FileKind::of("pkg/setup.py"), FileKind::SetupPy);
    assert_eq!(FileKind::of("setup.cfg"), FileKind::SetupCfg);
}

#[test]
fn uv_lock_moves_the_project_not_a_dependency_of_its_name() {
    let lock = "version = 1\nrequires-python = \">=3.11\"\n\n[[package]]\nname = \"acme-tool\"\nversion = \"0.3.0\"\nsource = { editable = \".\" }\ndependencies = [\n    { name = \"requests\" },\n]\n\n[[package]]\nname = \"requests\"\nversion = \"0.3.0\"\nsource = { registry = \"https://pypi.org/simple\" }\n";
    let version = Version::new(0, 4, 0);
    let updated = set_uv_lock_version("uv.lock", lock, "Acme_Tool", &version).unwrap();
    assert_eq!(
        updated,
        Updated::Text(lock.replacen("version = \"0.3.0\"", "version = \"0.4.0\"", 1))
    );
    assert!(matches!(
        set_uv_lock_version("uv.lock", lock, "requests", &version).unwrap(),
        Updated::Skipped(_)
    ));
    assert!(set_uv_lock_version("uv.lock", "[[package", "x", &version).is_err());
}

/// `x-release-please-date` and `-version-date` markers, inline and as
/// blocks, with Release Please's `date-format` (whose `.` matches any
/// character, as its regular expression does); outputs as Release Please
/// 17.11 writes them.
#[test]
fn date_markers_follow_the_date_format() {
    let version = crate::version::parse("1.1.0").unwrap();
    let iso = MarkerDate {
        day: "2024-05-01",
        format: DATE_FORMAT,
    };
    let text = "Released 2020-01-02 <!-- x-release-please-date -->\nv1.0.0 on 2020-01-02 <!-- x-release-please-version-date -->\n<!-- x-release-please-start-date -->\nfirst 2019-12-31 and 2018-01-01\n<!-- x-release-please-end -->\nkeep 1.0.0\nno date here x-release-please-date\n";
    assert_eq!(
        set_generic(text, &version, iso),
        Updated::Text("Released 2024-05-01 <!-- x-release-please-date -->\nv1.1.0 on 2024-05-01 <!-- x-release-please-version-date -->\n<!-- x-release-please-start-date -->\nfirst 2024-05-01 and 2018-01-01\n<!-- x-release-please-end -->\nkeep 1.0.0\nno date here x-release-please-date\n".to_owned())
    );
    let dotted = MarkerDate {
        day: "2024-05-01",
        format: "%d.%m.%Y",
    };
    assert_eq!(
        set_generic(
            "Built 02.01.2020 # x-release-please-date\nISO 2020-01-02 # x-release-please-date\nsvc 2.0.0 at 02x01x2020 # x-release-please-version-date\n",
            &crate::version::parse("2.0.1").unwrap(),
            dotted
        ),
        Updated::Text("Built 01.05.2024 # x-release-please-date\nISO 2020-01-02 # x-release-please-date\nsvc 2.0.1 at 01.05.2024 # x-release-please-version-date\n".to_owned())
    );
    // Without a date (a version file), date markers are left alone.
    assert_eq!(
        set_version(
            FileKind::Generic,
            "x",
            "on 2020-01-02 # x-release-please-date\n",
            &version
        )
        .unwrap(),
        Updated::Text("on 2020-01-02 # x-release-please-date\n".to_owned())
    );
}

/// Helm charts: `version` set, `appVersion` and comments kept; the chart's
/// `name` is the component (Release Please 17.11's output).
#[test]
fn helm_charts_get_their_version() {
    let chart = "apiVersion: v2\nname: api # the api chart\ndescription: API\nversion: 1.2.0\nappVersion: \"3.0.0\"\n";
    assert_eq!(
        text(set(FileKind::of("charts/api/Chart.yaml"), chart, "1.3.0")),
        "apiVersion: v2\nname: api # the api chart\ndescription: API\nversion: 1.3.0\nappVersion: \"3.0.0\"\n"
    );
    assert_eq!(
        package_name(FileKind::ChartYaml, chart).as_deref(),
        Some("api")
    );
    assert_eq!(
        package_name(FileKind::ChartYaml, "name: 'web'\n").as_deref(),
        Some("web")
    );
    assert!(set(FileKind::ChartYaml, "name: x\n", "1.0.0").is_err());
}

/// Dart's `pubspec.yaml` (a numeric build number counted up, another kept)
/// and Elixir's `mix.exs` (`@version`, else `version:`), as Release Please
/// 17.11 rewrites them.
#[test]
fn dart_and_elixir_version_files() {
    let pubspec = "name: my_app\ndescription: An app\n# the version\nversion: 1.2.0+12\n\nenvironment:\n  sdk: '>=3.0.0 <4.0.0'\n";
    assert_eq!(
        text(set(FileKind::of("app/pubspec.yaml"), pubspec, "1.3.0")),
        "name: my_app\ndescription: An app\n# the version\nversion: 1.3.0+13\n\nenvironment:\n  sdk: '>=3.0.0 <4.0.0'\n"
    );
    assert_eq!(
        package_name(FileKind::Pubspec, pubspec).as_deref(),
        Some("my_app")
    );
    assert_eq!(
        text(set(
            FileKind::Pubspec,
            "name: flut\nversion: 0.3.1+beta\n",
            "0.3.2"
        )),
        "name: flut\nversion: 0.3.2+beta\n"
    );
    assert_eq!(
        text(set(FileKind::Pubspec, "version: 1.0.0\n", "1.0.1")),
        "version: 1.0.1\n"
    );
    assert!(matches!(
        set(FileKind::Pubspec, "name: x\n", "1.0.0"),
        Ok(Updated::Skipped(_))
    ));
    let attribute = "defmodule Ex.MixProject do\n  use Mix.Project\n\n  @version \"2.0.0\"\n\n  def project do\n    [app: :ex, version: @version, deps: deps()]\n  end\nend\n";
    assert_eq!(
        text(set(FileKind::of("ex/mix.exs"), attribute, "2.1.0")),
        attribute.replace("2.0.0", "2.1.0")
    );
    let keyword = "defmodule Ex2.MixProject do\n  def project do\n    [\n      app: :ex2,\n      version: \"0.1.0\",\n      elixir: \"~> 1.15\"\n    ]\n  end\nend\n";
    assert_eq!(
        text(set(FileKind::MixExs, keyword, "0.1.1")),
        keyword.replace("0.1.0", "0.1.1")
    );
    assert!(matches!(
        set(FileKind::MixExs, "defmodule X do\nend\n", "1.0.0"),
        Ok(Updated::Skipped(_))
    ));
}

/// Ruby gems: the first quoted version of `version.rb` (the opening quote
/// on both sides, a `.pre` suffix taken along) and the gem's own
/// `Gemfile.lock` entry in Bundler's spelling, as Release Please 17.11 sets
/// them.
#[test]
fn ruby_version_files() {
    let version_rb = "# frozen_string_literal: true\n\nmodule My\n  module Gem\n    VERSION = \"1.2.0\"\n  end\nend\n";
    assert_eq!(
        text(set(
            FileKind::of("lib/my/gem/version.rb"),
            version_rb,
            "1.3.0"
        )),
        version_rb.replace("1.2.0", "1.3.0")
    );
    assert_eq!(
        text(set(
            FileKind::VersionRb,
            "VERSION = '1.2.0.pre1'.freeze\n",
            "1.3.0"
        )),
        "VERSION = '1.3.0'.freeze\n"
    );
    assert_eq!(
        text(set(
            FileKind::VersionRb,
            "V = \"1.2.0\" # was \"1.1.0\"\n",
            "1.3.0"
        )),
        "V = \"1.3.0\" # was \"1.1.0\"\n"
    );
    assert!(matches!(
        set(FileKind::VersionRb, "module X; end\n", "1.0.0"),
        Ok(Updated::Skipped(_))
    ));
    let lock = "PATH\n  remote: .\n  specs:\n    my-gem (1.2.0)\n      rake (~> 13.0)\n\nGEM\n  specs:\n    rake (13.0.6)\n";
    let beta = Version::parse("1.3.0-beta.1").unwrap();
    assert_eq!(
        set_gemfile_lock_version(lock, "my-gem", &beta),
        Updated::Text(lock.replace("my-gem (1.2.0)", "my-gem (1.3.0.pre.beta.1)"))
    );
    assert!(matches!(
        set_gemfile_lock_version(lock, "other", &beta),
        Updated::Skipped(_)
    ));
}

/// A Terraform module's README pin, `versions.tf` module names and
/// `metadata.yaml` versions, as Release Please 17.11 rewrites them.
#[test]
fn terraform_module_files() {
    let version = Version::parse("1.0.0").unwrap();
    let updated = |name: &str, text: &str| match set_terraform_file(name, text, &version) {
        Updated::Text(text) => text,
        Updated::Skipped(why) => panic!("skipped: {why}"),
    };
    assert_eq!(
        updated(
            "README.md",
            "  version = \"~> 0.4\"\nversion = \"~> 123\"\n"
        ),
        "  version = \"~> 1.0\"\nversion = \"~> 123\"\n"
    );
    assert_eq!(
        updated("README.md", "version = \"~> 123\"\n"),
        "version = \"~> 1.0\"\n"
    );
    assert_eq!(updated("readme.md", "nothing here\n"), "nothing here\n");
    assert_eq!(
        updated(
            "versions.tf",
            "module_name = \"blueprints/terraform/x/v0.4.2\"\n# also v0.4.2-beta and dev0.4.2 and v1.2\n"
        ),
        "module_name = \"blueprints/terraform/x/v1.0.0\"\n# also v1.0.0 and dev1.0.0 and v1.2\n"
    );
    assert_eq!(
        updated(
            "metadata.yaml",
            "spec:\n  info:\n    version: 0.4.2\n    other: 0.4.2\n  version: 1.0.0-rc\n"
        ),
        "spec:\n  info:\n    version: 1.0.0\n    other: 0.4.2\n  version: 1.0.0\n"
    );
}

#[test]
fn r_descriptions_and_bazel_modules_are_set_as_release_please_sets_them() {
    let version = Version::new(1, 3, 0);
    let set = |kind, text: &str| set_version(kind, "f", text, &version).unwrap();
    assert_eq!(
        set(
            FileKind::Description,
            "Package: w\nVersion: 1.2.3\nTitle: W\n"
        ),
        Updated::Text("Package: w\nVersion: 1.3.0\nTitle: W\n".to_owned())
    );
    // The pattern's trailing `\s*$` takes the blank lines after it.
    assert_eq!(
        set(
            FileKind::Description,
            "Version: 1.2.3.9000 \n\n\nTitle: W\n"
        ),
        Updated::Text("Version: 1.3.0\nTitle: W\n".to_owned())
    );
    assert!(matches!(
        set(FileKind::Description, "Version: 1.2\n"),
        Updated::Skipped(_)
    ));
    assert_eq!(
        set(
            FileKind::ModuleBazel,
            "module(\n    name = \"w\",\n    version = \"1.2.3\",\n)\n"
        ),
        Updated::Text("module(\n    name = \"w\",\n    version = \"1.3.0\",\n)\n".to_owned())
    );
    assert!(matches!(
        set(FileKind::ModuleBazel, "module(name = \"w\")\n"),
        Updated::Skipped(_)
    ));
    assert_eq!(FileKind::of("pkg/DESCRIPTION"), FileKind::Description);
    assert_eq!(FileKind::of("MODULE.bazel"), FileKind::ModuleBazel);
}

#[test]
fn a_go_module_s_version_constant_is_the_first_one_with_a_version() {
    let file = "package internal\n\n// const Version = \"x\"\nconst Version = \"1.2.3-rc.1\"\nconst Version = \"0.0.1\"\n";
    assert_eq!(
        text(set(FileKind::VersionGo, file, "1.3.0")),
        file.replace("\"1.2.3-rc.1\"", "\"1.3.0\"")
    );
    for unmatched in [
        "const Version = \"1.2\"\n",
        "const Version = \"1.2.3-\"\n",
        "const Version = \"1.2.3-rc.\"\n",
        "const Version=\"1.2.3\"\n",
    ] {
        assert!(
            matches!(
                set(FileKind::VersionGo, unmatched, "1.3.0"),
                Ok(Updated::Skipped(_))
            ),
            "{unmatched}"
        );
    }
}
