#!/usr/bin/env python3
"""Record Release Please's release PRs for release types with files of their own.

usage: scripts/release-please-type-cases.py OUT.json

Hand-written manifest-mode inputs for the Release Please oracle
(../shared/oracles/release-please/rp-oracle.js), for the release types with
files of their own: `r` (DESCRIPTION, NEWS.md), `bazel` (MODULE.bazel,
`version-file`), `sfdx` (sfdx-project.json, its `name` as component), `node`'s
samples/package.json, `expo` (package.json and app.json, the Android
`versionCode` from the Expo SDK), `ocaml` (esy JSON, opam, dune-project) and
`krm-blueprint` (annotated YAML), `go-yoshi` (internal/version.go, CHANGES.md,
its sections), their quirks included (the blank lines
`Version:`'s pattern takes, NEWS.md's H3-only headings and demoted H1s, the
first `module` of a MODULE.bazel even in a comment); `include-commit-authors`
(`(@login)`, else `(name)`); pull request bodies' `BEGIN_COMMIT_OVERRIDE`; the order of a message's changes; and the
`group-priority` plugin on a two-package maven monorepo; and java and maven releases after a
snapshot release. The pull requests Release Please would open are stored next
to each input, so the test suite compares without Node.

Needs node and `npm install release-please@17.11.2` in RP_HOME (a scratch
folder; default the current folder).
"""
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ORACLE = os.path.normpath(os.path.join(HERE, "..", "..", "shared", "oracles", "release-please", "rp-oracle.js"))


def case(name, release_type, files, commits, package=None, version="1.2.3", released=True, deliberate=None):
    config = {"packages": {".": {"release-type": release_type, "component": "widget", **(package or {})}}}
    if config["packages"]["."]["component"] is None:
        del config["packages"]["."]["component"]
    files = dict(files)
    files["release-please-config.json"] = json.dumps(config, indent=2) + "\n"
    files[".release-please-manifest.json"] = json.dumps({".": version} if released else {}, indent=2) + "\n"
    listed = [{"sha": f"{at + 1:02x}" * 20, "message": commit[0], "files": commit[1],
               **({"author": commit[2]} if len(commit) > 2 else {})}
              for at, commit in enumerate(commits)]
    # Release Please writes a first version into an empty `{}` manifest on
    # one line (no indentation to detect); we write it as the manifests it
    # writes later look.
    if deliberate is None and not released:
        deliberate = {
            "files": {".release-please-manifest.json": json.dumps({".": "0.1.0"}, indent=2) + "\n"},
            "why": "an empty manifest gets the entry indented, not on one line"}
    deliberate = {"deliberate": deliberate} if deliberate else {}
    return {"id": name, **deliberate, "input": {
        "mode": "manifest", "date": "2024-05-01", "repo": {"owner": "acme", "repo": "mono"},
        "files": files,
        "releases": [{"tagName": f"widget-v{version}", "sha": "ff" * 20, "name": f"widget: v{version}", "notes": ""}]
        if released else [],
        "commits": listed,
    }}


CASES = [
    case("r-news-h1", "r",
         {"DESCRIPTION": "Package: widget\nVersion: 1.2.3\nTitle: W\n", "NEWS.md": "# widget 1.2.3\n\n* old\n"},
         [("feat: add x", ["R/x.R"]), ("deps: bump y", ["DESCRIPTION"])]),
    case("r-description-blank-lines", "r",
         {"DESCRIPTION": "Package: widget\nVersion: 1.2.3.9000  \n\n\nTitle: W\n"},
         [("fix: y", ["R/y.R"])]),
    case("r-news-h3", "r",
         {"DESCRIPTION": "Version: 1.2.3\n", "NEWS.md": "# Changes\n\n### v1.2.3\n\n* old\n"},
         [("docs: z", ["README.md"]), ("fix: w", ["R/w.R"])]),
    case("bazel", "bazel",
         {"MODULE.bazel": 'module(\n    name = "rules_widget",\n    version = "1.2.3",\n)\n\n'
                          'bazel_dep(name = "a", version = "0.1")\n',
          "CHANGELOG.md": "# Changelog\n"},
         [("feat: a", ["x.bzl"])]),
    case("bazel-module-in-a-comment", "bazel",
         {"MODULE.bazel": '# the module\nbazel_dep(name = "a", version = "0.1")\n'
                          'module(name = "widget-1.2.3", version = "1.2.3")\n'},
         [("fix: b", ["x.bzl"])]),
    case("sfdx", "sfdx",
         {"sfdx-project.json": json.dumps({
             "name": "widget",
             "packageDirectories": [
                 {"path": "force-app", "default": True, "package": "widget", "versionNumber": "1.2.3.NEXT"},
                 {"path": "unpackaged", "versionNumber": "0.1.0.NEXT"},
             ],
             "sourceApiVersion": "59.0",
         }, indent=2) + "\n"},
         [("feat: a flow", ["force-app/main/default/flows/a.flow"])]),
    case("sfdx-component-from-its-name", "sfdx",
         {"sfdx-project.json": json.dumps({
             "name": "widget",
             "packageDirectories": [{"path": "force-app", "default": True, "versionNumber": "1.2.3.NEXT"}],
         }, indent=2) + "\n"},
         [("fix: b", ["force-app/x.cls"])], {"component": None}),
    case("bazel-version-file", "bazel",
         {"build/MODULE.v": "module(name=\"w\", version='1.2.3')\n"},
         [("fix: c", ["x.bzl"])], {"version-file": "build/MODULE.v"}),
    case("expo", "expo",
         {"package.json": json.dumps({"name": "@acme/widget", "version": "1.2.3",
                                      "dependencies": {"expo": "~50.0.4", "react": "18.2.0"}}, indent=2) + "\n",
          "app.json": json.dumps({"expo": {"name": "widget", "slug": "widget", "version": "1.2.3",
                                           "ios": {"bundleIdentifier": "com.acme.widget", "buildNumber": "1.2.3"},
                                           "android": {"package": "com.acme.widget", "versionCode": 500010203}}},
                                 indent=2) + "\n"},
         [("feat: a screen", ["App.tsx"])], {"component": None}),
    case("expo-sdk-from-dev-dependencies", "expo",
         {"package.json": json.dumps({"name": "widget", "version": "1.2.3", "dependencies": {"expo": ""},
                                      "devDependencies": {"expo": "^49.1.0"}}, indent=2) + "\n",
          "app.json": json.dumps({"expo": {"version": "1.2.3", "ios": {"buildNumber": ""},
                                           "android": {"versionCode": "7"}}}, indent=4) + "\n"},
         [("fix: a crash", ["App.tsx"])]),
    case("node-samples", "node",
         {"package.json": json.dumps({"name": "@acme/widget", "version": "1.2.3"}, indent=2) + "\n",
          "samples/package.json": json.dumps({"name": "samples", "dependencies": {
              "left-pad": "^1.0.0", "@acme/widget": "^1.2.3"}}, indent=2) + "\n"},
         [("feat: a sample", ["src/a.js"])], {"component": None}),
    case("include-commit-authors", "simple",
         {"version.txt": "1.2.3\n"},
         [("feat: a (#12)", ["a.txt"], {"name": "Octo Cat", "email": "1+octocat@users.noreply.github.com",
                                        "username": "octocat"}),
          ("fix: <b> `<c>`", ["b.txt"], {"name": "Jane <Doe>", "email": "jane@example.com"}),
          ("fix!: c\n\nBREAKING CHANGE: gone", ["c.txt"], {"name": "Bot", "email": "bot@example.com",
                                                            "username": "release-bot"}),
          ("fix(api): d", ["d.txt"])],
         {"include-commit-authors": True},
         # Release Please 17.11 drops the authors before its notes see them
         # (googleapis/release-please#2761): we write what it documents.
         deliberate={"ours_contains": "* a ([#12](https://github.com/acme/mono/issues/12)) "
                                      "([@octocat](https://github.com/octocat)) ([0101010]",
                     "why": "include-commit-authors works (release-please#2761)"}),
    case("go-yoshi", "go-yoshi",
         {"internal/version.go": 'package internal\n\n// Version is the current tagged release.\nconst Version = "1.2.3"\n',
          "CHANGES.md": "# Changes\n\n## 1.2.3\n\n* old\n"},
         [("feat: a", ["a.go"]), ("docs: shown here", ["README.md"]), ("chore: hidden", ["x"])]),
    case("ocaml", "ocaml",
         {"esy.json": json.dumps({"name": "widget", "version": "1.2.3", "dependencies": {"ocaml": "4.14.x"}},
                                 indent=2) + "\n",
          "package.json": json.dumps({"name": "widget-js", "version": 3}, indent=2) + "\n",
          "tsconfig.json": json.dumps({"compilerOptions": {"strict": True}}, indent=2) + "\n",
          "esy.lock/index.json": json.dumps({"version": "1.2.3"}, indent=2) + "\n",
          "widget.opam": 'opam-version: "2.0"\nversion: "1.2.3"\nsynopsis: "W"\n',
          "sub/widget-lwt.opam": 'opam-version: "2.0"\n  version: "1.2.3"\nversion: "1.2.3~dev"\n',
          "dune-project": "(lang dune 3.0)\n(name widget)\n(version 1.2.3)\n"},
         [("feat: lwt", ["src/w.ml"])]),
    case("krm-blueprint", "krm-blueprint",
         {"networking/Kptfile": "apiVersion: kpt.dev/v1\n",
          "networking/network.yaml": "apiVersion: compute.cnrm.cloud.google.com/v1beta1\nkind: ComputeNetwork\n"
                                     "metadata:\n  annotations:\n"
                                     "    cnrm.cloud.google.com/blueprint: cnrm/landing-zone:networking/v1.2.3\n"
                                     "    other: cnrm/a/b/v0.9.0 # cnrm/c/v1x2y3-www\n",
          "plain.yaml": "x: cnrm/landing-zone:networking/v1.2.3\n",
          "other.yml": "cnrm.cloud.google.com/blueprint: cnrm/a/v1.2.3\n"},
         [("feat: subnets", ["networking/network.yaml"])]),
    case("krm-blueprint-first-release", "krm-blueprint",
         {"network.yaml": "metadata:\n  annotations:\n"
                          "    cnrm.cloud.google.com/blueprint: cnrm/a:b/v0.0.1/c/v0.1x2y3v4.5.6-w z\n"
                          "    pinned: gcr.io/kpt-fn/apply-setters:v0.2\n"},
         [("feat: first", ["network.yaml"])], released=False),
]


def group_priority(name, plugins):
    """Two maven packages: `a` due its snapshot PR, `b` (snapshot merged) a
    feature; `group-priority` decides which of them this run proposes."""
    def pom(artifact, version):
        return (f'<?xml version="1.0"?>\n<project>\n  <groupId>com.acme</groupId>\n'
                f'  <artifactId>{artifact}</artifactId>\n  <version>{version}</version>\n</project>\n')
    config = {"packages": {"a": {"release-type": "maven", "component": "a"},
                           "b": {"release-type": "maven", "component": "b"}}}
    if plugins:
        config["plugins"] = plugins
    return {"id": name, "input": {
        "mode": "manifest", "date": "2024-05-01", "repo": {"owner": "acme", "repo": "mono"},
        "files": {"release-please-config.json": json.dumps(config, indent=2) + "\n",
                  ".release-please-manifest.json": json.dumps({"a": "1.0.0", "b": "2.0.0"}, indent=2) + "\n",
                  "a/pom.xml": pom("a", "1.0.0"), "b/pom.xml": pom("b", "2.0.1-SNAPSHOT")},
        "releases": [{"tagName": "a-v1.0.0", "sha": "aa" * 20, "name": "a: v1.0.0", "notes": ""},
                     {"tagName": "b-v2.0.0", "sha": "bb" * 20, "name": "b: v2.0.0", "notes": ""}],
        "commits": [{"sha": "03" * 20, "message": "feat: b thing", "files": ["b/src/x.java"]},
                    {"sha": "02" * 20, "message": "chore(main): release b 2.0.1-SNAPSHOT", "files": ["b/pom.xml"]},
                    {"sha": "01" * 20, "message": "fix: a thing", "files": ["a/src/y.java"]}],
    }}


def commit_override(name, body):
    """A squashed commit whose pull request body overrides its message."""
    item = case(name, "simple", {"version.txt": "1.2.3\n"},
                [("fix: typo'd mesage", ["a.txt"]), ("feat: kept", ["b.txt"])])
    item["input"]["commits"][0]["pullRequest"] = {"body": body}
    return item


CASES += [
    # Release Please lists a part's footer changes before its header: the
    # order of the breaking notes shows it.
    case("footer-changes-before-their-header", "simple", {"version.txt": "1.2.3\n"},
         [("fix: the real message\n\nfeat(api)!: and a breaking one\n\nBREAKING-CHANGE: gone", ["a.txt"])]),
    case("nested-footer-changes-before-their-header", "simple", {"version.txt": "1.2.3\n"},
         [("feat!: main\n\nBEGIN_NESTED_COMMIT\nfix(x)!: nested\n\nfeat(y)!: its footer change\n"
           "END_NESTED_COMMIT", ["a.txt"])]),
    commit_override("commit-override", "Squashed.\n\nBEGIN_COMMIT_OVERRIDE\nfix: the real message\n\n"
                                       "feat(api): and another\n\nRefs: #7\nEND_COMMIT_OVERRIDE\n"),
    commit_override("commit-override-breaking", "BEGIN_COMMIT_OVERRIDE\nfeat!: now breaking\n"),
    commit_override("commit-override-blank", "BEGIN_COMMIT_OVERRIDE\n  \nEND_COMMIT_OVERRIDE"),
    group_priority("group-priority-absent", None),
    group_priority("group-priority-snapshot", [{"type": "group-priority", "groups": ["other", "snapshot"]}]),
    group_priority("group-priority-no-such-group", [{"type": "group-priority", "groups": ["other"]}]),
]

# After a release that is a snapshot (its tag and the manifest say
# `1.2.4-SNAPSHOT`), a Java package's next release leaves the suffix: its
# own version for fixes, the bumped one for more (`JavaSnapshot`).
SNAPSHOT_POM = "<project>\n  <artifactId>widget</artifactId>\n  <version>1.2.4-SNAPSHOT</version>\n</project>\n"
CASES += [
    case(f"{release_type}-after-a-snapshot-{name}", release_type, {"pom.xml": SNAPSHOT_POM},
         [(message, ["src/A.java"])], version="1.2.4-SNAPSHOT")
    for release_type in ["java", "maven"]
    for name, message in [("fix", "fix: a"), ("feat", "feat: b"), ("breaking", "feat!: c")]
]


def run(item):
    result = subprocess.run(["node", ORACLE, "-"], input=json.dumps(item["input"]), capture_output=True,
                            text=True, env={**os.environ, "LC_ALL": "en", "TZ": "UTC"},
                            cwd=os.environ.get("RP_HOME", os.getcwd()), check=True)
    out = json.loads(result.stdout)
    item["expected"] = {"pull_requests": [
        {"title": pull.get("title"), "branch": pull.get("headRefName"), "body": pull.get("body"),
         "updates": pull.get("updates") or {}}
        for pull in out.get("pullRequests") or []
    ]}
    return item


def main():
    out = sys.argv[1]
    cases = [run(item) for item in CASES]
    with open(out, "w") as file:
        head = {"generator": "scripts/release-please-type-cases.py", "release-please": "17.11.2"}
        file.write(json.dumps(head)[:-1] + ', "cases": [\n')
        file.write(",\n".join(json.dumps(c, ensure_ascii=False, sort_keys=True) for c in cases))
        file.write("\n]}\n")
    print(f"{out}: {len(cases)} cases")


if __name__ == "__main__":
    main()
