#!/usr/bin/env python3
"""Record Release Please's release PRs for the `maven-workspace` plugin.

usage: scripts/release-please-maven-workspace-cases.py OUT.json

Hand-written manifest-mode inputs for the Release Please oracle
(../shared/oracles/release-please/rp-oracle.js): two configured maven
packages, one depending on the other (plain and test scope), with and
without their snapshot PRs and `separate-pull-requests`; a multi-module root
package whose modules inherit their groupId; artifacts no package holds
(`considerAllArtifacts` on and off, `-SNAPSHOT` versions, a BOM's
`<dependencyManagement>`); a `java` package in a chain, and one with no
pom.xml; a multi-module package whose module another package depends on;
`updateAllPackages` beside a node package; and a dependency cycle
(Release Please fails on it, so it records no case: `cicd` errors too, a
library test covers it). The pull requests Release Please would open are
stored next to each input, with the deliberate differences (`deliberate`:
why, and the `[theirs, ours]` replacements that turn its text into ours, or
a text our body must hold), so the test suite compares without Node.

Needs node and `npm install release-please@17.11.2` in RP_HOME (a scratch
folder; default the current folder).
"""
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ORACLE = os.path.normpath(os.path.join(HERE, "..", "..", "shared", "oracles", "release-please", "rp-oracle.js"))
CASES = []


def sha(c):
    return c * 40


def pj(o):
    return json.dumps(o, indent=2) + "\n"


def dependency_lines(dependency, indent):
    """A `<dependency>`: (groupId, artifactId, version or None[, scope])."""
    group, artifact, version, *scope = dependency
    lines = [f"{indent}<dependency>", f"{indent}  <groupId>{group}</groupId>",
             f"{indent}  <artifactId>{artifact}</artifactId>"]
    if version is not None:
        lines.append(f"{indent}  <version>{version}</version>")
    if scope:
        lines.append(f"{indent}  <scope>{scope[0]}</scope>")
    lines.append(f"{indent}</dependency>")
    return lines


def pom(group, artifact, version, deps=(), managed=(), parent=None, modules=()):
    """A pom.xml; `group` None inherits the parent's, as modules often do."""
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<project xmlns="http://maven.apache.org/POM/4.0.0" '
           'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">',
           "  <modelVersion>4.0.0</modelVersion>"]
    if parent:
        out += ["  <parent>", f"    <groupId>{parent[0]}</groupId>", f"    <artifactId>{parent[1]}</artifactId>",
                f"    <version>{parent[2]}</version>", "  </parent>"]
    if group:
        out.append(f"  <groupId>{group}</groupId>")
    out.append(f"  <artifactId>{artifact}</artifactId>")
    if version:
        out.append(f"  <version>{version}</version>")
    if modules:
        out += ["  <modules>", *[f"    <module>{module}</module>" for module in modules], "  </modules>"]
    if managed:
        out += ["  <dependencyManagement>", "    <dependencies>"]
        for dependency in managed:
            out += dependency_lines(dependency, "      ")
        out += ["    </dependencies>", "  </dependencyManagement>"]
    if deps:
        out.append("  <dependencies>")
        for dependency in deps:
            out += dependency_lines(dependency, "    ")
        out.append("  </dependencies>")
    out.append("</project>")
    return "\n".join(out) + "\n"


def CL(comp, v):
    return (f"# Changelog\n\n## [{v}](https://github.com/acme/mono/compare/{comp}-v0.0.1...{comp}-v{v}) (2024-01-01)"
            "\n\n\n### Bug Fixes\n\n* old fix\n")


def case(name, cfg, man, files, commits, releases):
    files = dict(files)
    files["release-please-config.json"] = pj(cfg)
    files[".release-please-manifest.json"] = pj(man)
    CASES.append({"id": name, "input": {
        "mode": "manifest", "date": "2024-05-01", "repo": {"owner": "acme", "repo": "mono"}, "files": files,
        "releases": releases,
        "commits": commits + [{"sha": sha("9"), "message": "chore: release main", "files": ["README.md"]}]}})


G = "com.acme"
# 1: two configured maven packages, app depends on core (plain + test scope), fix in core
case("maven-workspace-1",
     {"plugins": ["maven-workspace"], "packages": {"core": {"release-type": "maven", "component": "core"}, "app": {"release-type": "maven", "component": "app"}}},
     {"core": "1.0.0", "app": "2.0.0"},
     {"core/pom.xml": pom(G, "core", "1.0.0"),
      "core/CHANGELOG.md": CL("core", "1.0.0"),
      "app/pom.xml": pom(G, "app", "2.0.0", deps=[(G, "core", "1.0.0"), ("junit", "junit", "4.13", "test")]),
      "app/CHANGELOG.md": CL("app", "2.0.0")},
     [{"sha": sha('a'), "message": "fix(core): handle nulls", "files": ["core/src/main/java/A.java"]}],
     [{"tagName": "core-v1.0.0", "sha": sha('9')}, {"tagName": "app-v2.0.0", "sha": sha('9')}])
# 2: same with separate-pull-requests
case("maven-workspace-2",
     {"separate-pull-requests": True, "plugins": ["maven-workspace"], "packages": {"core": {"release-type": "maven", "component": "core"}, "app": {"release-type": "maven", "component": "app"}}},
     {"core": "1.0.0", "app": "2.0.0"},
     {"core/pom.xml": pom(G, "core", "1.0.0"),
      "core/CHANGELOG.md": CL("core", "1.0.0"),
      "app/pom.xml": pom(G, "app", "2.0.0", deps=[(G, "core", "1.0.0", "test")]),
      "app/CHANGELOG.md": CL("app", "2.0.0")},
     [{"sha": sha('a'), "message": "feat(core): streams", "files": ["core/src/main/java/A.java"]}],
     [{"tagName": "core-v1.0.0", "sha": sha('9')}, {"tagName": "app-v2.0.0", "sha": sha('9')}])
# 3: multi-module maven package at root: parent + modules, modules without own groupId
case("maven-workspace-3",
     {"skip-snapshot": True, "plugins": ["maven-workspace"], "packages": {".": {"release-type": "maven", "component": "parent"}}},
     {".": "1.2.3"},
     {"pom.xml": pom(G, "parent", "1.2.3", modules=["core", "api"], managed=[(G, "core", "1.2.3"), (G, "api", "1.2.3")]),
      "CHANGELOG.md": CL("parent", "1.2.3"),
      "core/pom.xml": pom(G, "core", "1.2.3", parent=(G, "parent", "1.2.3")),
      "api/pom.xml": pom(None, "api", "1.2.3", parent=(G, "parent", "1.2.3"), deps=[(G, "core", "1.2.3")])},
     [{"sha": sha('a'), "message": "fix: handle nulls", "files": ["core/src/main/java/A.java"]}],
     [{"tagName": "parent-v1.2.3", "sha": sha('9')}])
# 4: unconfigured pom depending on a released artifact (considerAllArtifacts default), snapshot version
case("maven-workspace-4",
     {"skip-snapshot": True, "plugins": ["maven-workspace"], "packages": {"core": {"release-type": "maven", "component": "core"}}},
     {"core": "1.0.0"},
     {"core/pom.xml": pom(G, "core", "1.0.0"),
      "core/CHANGELOG.md": CL("core", "1.0.0"),
      "tools/bom/pom.xml": pom(G, "bom", "3.1.0-SNAPSHOT", managed=[(G, "core", "1.0.0")]),
      "tools/bom/CHANGELOG.md": CL("bom", "3.0.0"),
      "samples/pom.xml": pom(G, "samples", "0.5.0", deps=[(G, "bom", "3.1.0-SNAPSHOT")])},
     [{"sha": sha('a'), "message": "feat(core): streams", "files": ["core/src/main/java/A.java"]}],
     [{"tagName": "core-v1.0.0", "sha": sha('9')}])
# 5: same with considerAllArtifacts false
case("maven-workspace-5",
     {"skip-snapshot": True, "plugins": [{"type": "maven-workspace", "considerAllArtifacts": False}], "packages": {"core": {"release-type": "maven", "component": "core"}, "tools/bom": {"release-type": "maven", "component": "bom"}}},
     {"core": "1.0.0", "tools/bom": "3.0.0"},
     {"core/pom.xml": pom(G, "core", "1.0.0"),
      "core/CHANGELOG.md": CL("core", "1.0.0"),
      "tools/bom/pom.xml": pom(G, "bom", "3.0.1-SNAPSHOT", managed=[(G, "core", "1.0.0")]),
      "tools/bom/CHANGELOG.md": CL("bom", "3.0.0"),
      "samples/pom.xml": pom(G, "samples", "0.5.0", deps=[(G, "bom", "3.0.1-SNAPSHOT")])},
     [{"sha": sha('a'), "message": "fix(core): nulls", "files": ["core/src/main/java/A.java"]}],
     [{"tagName": "core-v1.0.0", "sha": sha('9')}, {"tagName": "bom-v3.0.0", "sha": sha('9')}])
# 6: java release type + a simple package out of scope, chain core <- mid <- app
case("maven-workspace-6",
     {"skip-snapshot": True, "plugins": ["maven-workspace"], "packages": {"core": {"release-type": "java", "component": "core"}, "mid": {"release-type": "maven", "component": "mid"}, "app": {"release-type": "maven", "component": "app"}, "docs": {"release-type": "simple", "component": "docs"}}},
     {"core": "1.0.0", "mid": "0.2.0", "app": "5.0.0", "docs": "1.0.0"},
     {"core/pom.xml": pom(G, "core", "1.0.0"),
      "mid/pom.xml": pom(G, "mid", "0.2.0", deps=[(G, "core", "1.0.0")]),
      "mid/CHANGELOG.md": CL("mid", "0.2.0"),
      "app/pom.xml": pom(G, "app", "5.0.0", deps=[(G, "mid", "0.2.0"), (G, "core", None)]),
      "app/CHANGELOG.md": CL("app", "5.0.0"),
      "docs/version.txt": "1.0.0\n"},
     [{"sha": sha('a'), "message": "fix(core): nulls", "files": ["core/src/main/java/A.java"]},
      {"sha": sha('b'), "message": "docs: guide", "files": ["docs/guide.md"]},
      {"sha": sha('c'), "message": "feat(app): ui", "files": ["app/src/Ui.java"]}],
     [{"tagName": "core-v1.0.0", "sha": sha('9')}, {"tagName": "mid-v0.2.0", "sha": sha('9')}, {"tagName": "app-v5.0.0", "sha": sha('9')}, {"tagName": "docs-v1.0.0", "sha": sha('9')}])
# 7: cycle
case("maven-workspace-7",
     {"plugins": ["maven-workspace"], "packages": {"a": {"release-type": "maven", "component": "a"}, "b": {"release-type": "maven", "component": "b"}}},
     {"a": "1.0.0", "b": "1.0.0"},
     {"a/pom.xml": pom(G, "a", "1.0.0", deps=[(G, "b", "1.0.0")]),
      "b/pom.xml": pom(G, "b", "1.0.0", deps=[(G, "a", "1.0.0")])},
     [{"sha": sha('a'), "message": "fix: x", "files": ["a/X.java"]}],
     [{"tagName": "a-v1.0.0", "sha": sha('9')}, {"tagName": "b-v1.0.0", "sha": sha('9')}])

# 8: case 1 with skip-snapshot
case("maven-workspace-8",
     {"skip-snapshot": True, "plugins": ["maven-workspace"], "packages": {"core": {"release-type": "maven", "component": "core"}, "app": {"release-type": "maven", "component": "app"}}},
     {"core": "1.0.0", "app": "2.0.0"},
     {"core/pom.xml": pom(G, "core", "1.0.0"),
      "core/CHANGELOG.md": CL("core", "1.0.0"),
      "app/pom.xml": pom(G, "app", "2.0.0", deps=[(G, "core", "1.0.0"), ("junit", "junit", "4.13", "test")]),
      "app/CHANGELOG.md": CL("app", "2.0.0")},
     [{"sha": sha('a'), "message": "fix(core): handle nulls", "files": ["core/src/main/java/A.java"]}],
     [{"tagName": "core-v1.0.0", "sha": sha('9')}, {"tagName": "app-v2.0.0", "sha": sha('9')}])
# 9: realistic snapshots, separate PRs: poms at -SNAPSHOT after the snapshot PRs merged
case("maven-workspace-9",
     {"separate-pull-requests": True, "plugins": ["maven-workspace"], "packages": {"core": {"release-type": "maven", "component": "core"}, "app": {"release-type": "maven", "component": "app"}}},
     {"core": "1.0.0", "app": "2.0.0"},
     {"core/pom.xml": pom(G, "core", "1.0.1-SNAPSHOT"),
      "core/CHANGELOG.md": CL("core", "1.0.0"),
      "app/pom.xml": pom(G, "app", "2.0.1-SNAPSHOT", deps=[(G, "core", "1.0.1-SNAPSHOT")]),
      "app/CHANGELOG.md": CL("app", "2.0.0")},
     [{"sha": sha('a'), "message": "feat(core): streams", "files": ["core/src/main/java/A.java"]},
      {"sha": sha('b'), "message": "chore(main): release app 2.0.1-SNAPSHOT", "files": ["app/pom.xml"]},
      {"sha": sha('c'), "message": "chore(main): release core 1.0.1-SNAPSHOT", "files": ["core/pom.xml", "app/pom.xml"]}],
     [{"tagName": "core-v1.0.0", "sha": sha('9')}, {"tagName": "app-v2.0.0", "sha": sha('9')}])
# 10: merged, unconfigured artifact depending on two released ones (considerAllArtifacts)
case("maven-workspace-10",
     {"skip-snapshot": True, "plugins": ["maven-workspace"], "packages": {"core": {"release-type": "maven", "component": "core"}, "util": {"release-type": "maven", "component": "util"}}},
     {"core": "1.0.0", "util": "0.3.0"},
     {"core/pom.xml": pom(G, "core", "1.0.0"),
      "util/pom.xml": pom(G, "util", "0.3.0"),
      "bom/pom.xml": pom(G, "bom", "2.0.0", managed=[(G, "util", "0.3.0"), (G, "core", "1.0.0")]),
      "bom/CHANGELOG.md": CL("bom", "2.0.0")},
     [{"sha": sha('a'), "message": "fix(core): nulls", "files": ["core/src/A.java"]},
      {"sha": sha('b'), "message": "feat(util): more", "files": ["util/src/B.java"]}],
     [{"tagName": "core-v1.0.0", "sha": sha('9')}, {"tagName": "util-v0.3.0", "sha": sha('9')}])
# 11: multi-module package lib (lib, lib/a, lib/b) + app depending on lib-a
case("maven-workspace-11",
     {"skip-snapshot": True, "plugins": ["maven-workspace"], "packages": {"lib": {"release-type": "maven", "component": "lib"}, "app": {"release-type": "maven", "component": "app"}}},
     {"lib": "1.0.0", "app": "3.0.0"},
     {"lib/pom.xml": pom(G, "lib-parent", "1.0.0", modules=["a", "b"]),
      "lib/a/pom.xml": pom(G, "lib-a", "1.0.0", parent=(G, "lib-parent", "1.0.0")),
      "lib/b/pom.xml": pom(G, "lib-b", "1.0.0", parent=(G, "lib-parent", "1.0.0"), deps=[(G, "lib-a", "1.0.0")]),
      "app/pom.xml": pom(G, "app", "3.0.0", deps=[(G, "lib-a", "1.0.0"), (G, "lib-b", "1.0.0", "test")]),
      "app/CHANGELOG.md": CL("app", "3.0.0")},
     [{"sha": sha('a'), "message": "feat: new api", "files": ["lib/a/src/A.java"]}],
     [{"tagName": "lib-v1.0.0", "sha": sha('9')}, {"tagName": "app-v3.0.0", "sha": sha('9')}])


# 12: updateAllPackages without considerAllArtifacts: every configured artifact
# moves; a node package releases too (out of the plugin's scope, listed first)
case("maven-workspace-12",
     {"skip-snapshot": True, "plugins": [{"type": "maven-workspace", "considerAllArtifacts": False,
                                          "updateAllPackages": True}],
      "packages": {"core": {"release-type": "maven", "component": "core"},
                   "lone": {"release-type": "maven", "component": "lone"},
                   "web": {"release-type": "node", "component": "web"}}},
     {"core": "1.0.0", "lone": "4.0.0", "web": "0.1.0"},
     {"core/pom.xml": pom(G, "core", "1.0.0"),
      "lone/pom.xml": pom(G, "lone", "4.0.1-SNAPSHOT"),
      "lone/CHANGELOG.md": CL("lone", "4.0.0"),
      "other/pom.xml": pom(G, "other", "9.0.0", deps=[(G, "core", "1.0.0")]),
      "web/package.json": pj({"name": "web", "version": "0.1.0"})},
     [{"sha": sha('a'), "message": "fix(core): nulls", "files": ["core/src/A.java"]},
      {"sha": sha('b'), "message": "feat(web): page", "files": ["web/index.js"]}],
     [{"tagName": "core-v1.0.0", "sha": sha('9')}, {"tagName": "lone-v4.0.0", "sha": sha('9')},
      {"tagName": "web-v0.1.0", "sha": sha('9')}])

# 13: a `java` package built with Gradle (no pom.xml) beside a maven one
case("maven-workspace-13",
     {"skip-snapshot": True, "plugins": ["maven-workspace"],
      "packages": {"core": {"release-type": "maven", "component": "core"},
                   "gradle": {"release-type": "java", "component": "gradle"}}},
     {"core": "1.0.0", "gradle": "2.0.0"},
     {"core/pom.xml": pom(G, "core", "1.0.0"),
      "gradle/build.gradle": "version = '2.0.0'\n"},
     [{"sha": sha('a'), "message": "fix(core): nulls", "files": ["core/src/A.java"]},
      {"sha": sha('b'), "message": "feat(gradle): tasks", "files": ["gradle/src/B.java"]}],
     [{"tagName": "core-v1.0.0", "sha": sha('9')}, {"tagName": "gradle-v2.0.0", "sha": sha('9')}])

COMMA = [",\n    * com.acme:", "\n    * com.acme:"]
def dep(comp, old, new, name=None):
    """a configured package released for a dependency: its component, heading and changelog"""
    name = name or f"com.acme:{comp}"
    head = f"## [{new}](https://github.com/acme/mono/compare/{comp}-v{old}...{comp}-v{new}) (2024-05-01)"
    return [[f"<details><summary>{name}: {new}</summary>\n\n### Dependencies", f"<details><summary>{comp}: {new}</summary>\n\n{head}\n\n\n### Dependencies"],
            ["# Changelog\n\n* The following", f"# Changelog\n\n{head}\n\n\n### Dependencies\n\n* The following"]]
WHY_DEP = ("a package released only for a dependency is released as itself (component, heading, tag); "
           "Release Please names it by its artifact with no heading, so its release step never tags it")
WHY_COMMA = "Release Please joins the dependency lines with commas (Array.join); we do not"
WHY_SIBLING = "every pom of a maven package follows the artifacts released with it; Release Please sets the package's root pom only"
DELIBERATE = {
 "maven-workspace-3": {"why": WHY_SIBLING, "replace": [["      <artifactId>core</artifactId>\n      <version>1.2.3</version>", "      <artifactId>core</artifactId>\n      <version>1.2.4</version>"]]},
 "maven-workspace-4": {"why": "artifacts no package holds share one `chore: release main` PR with separate PRs; Release Please opens one each on the same branch", "ours_contains": "<details><summary>com.acme:samples: 0.5.1</summary>"},
 "maven-workspace-5": {"why": WHY_DEP, "replace": dep("bom", "3.0.0", "3.0.1")},
 "maven-workspace-6": {"why": WHY_DEP, "replace": dep("mid", "0.2.0", "0.2.1")},
 "maven-workspace-8": {"why": WHY_DEP, "replace": dep("app", "2.0.0", "2.0.1")},
 "maven-workspace-9": {"why": WHY_DEP + "; with separate PRs in a PR of its own", "ours_contains": "## [2.0.1](https://github.com/acme/mono/compare/app-v2.0.0...app-v2.0.1) (2024-05-01)\n\n\n### Dependencies"},
 "maven-workspace-10": {"why": WHY_COMMA + "; an artifact no package holds gets a heading in its CHANGELOG.md, where Release Please writes the list alone",
                        "replace": [COMMA, ["# Changelog\n\n* The following", "# Changelog\n\n## 2.0.1 (2024-05-01)\n\n\n### Dependencies\n\n* The following"]]},
 "maven-workspace-12": {"why": WHY_DEP + "; with nothing to list, no empty `### Dependencies` heading",
                        "replace": [["<details><summary>com.acme:lone: 4.0.1</summary>\n\n### Dependencies\n\n\n</details>",
                                     "<details><summary>lone: 4.0.1</summary>\n\n## [4.0.1](https://github.com/acme/mono/compare/"
                                     "lone-v4.0.0...lone-v4.0.1) (2024-05-01)\n</details>"],
                                    ["# Changelog\n\n\n\n## [4.0.0]",
                                     "# Changelog\n\n## [4.0.1](https://github.com/acme/mono/compare/lone-v4.0.0...lone-v4.0.1)"
                                     " (2024-05-01)\n\n## [4.0.0]"]]},
 "maven-workspace-13": {"why": "a java package with no pom.xml keeps its release; Release Please's plugin drops it",
                        "ours_contains": "<details><summary>gradle: 2.1.0</summary>"},
 "maven-workspace-11": {"why": WHY_DEP + "; " + WHY_COMMA + "; " + WHY_SIBLING,
                        "replace": [COMMA] + dep("app", "3.0.0", "3.0.1") + [["      <artifactId>lib-a</artifactId>\n      <version>1.0.0</version>", "      <artifactId>lib-a</artifactId>\n      <version>1.1.0</version>"]]},
}


def run(item):
    result = subprocess.run(["node", ORACLE, "-"], input=json.dumps(item["input"]), capture_output=True,
                            text=True, env={**os.environ, "LC_ALL": "en", "TZ": "UTC"},
                            cwd=os.environ.get("RP_HOME", os.getcwd()))
    if result.returncode != 0:
        return None
    out = json.loads(result.stdout)
    item["expected"] = {"pull_requests": [
        {"title": pull.get("title"), "branch": pull.get("headRefName"), "body": pull.get("body"),
         "updates": pull.get("updates") or {}}
        for pull in out.get("pullRequests") or []
    ]}
    if item["id"] in DELIBERATE:
        item["deliberate"] = DELIBERATE[item["id"]]
    return item


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    cases = [item for item in map(run, CASES) if item is not None]
    with open(sys.argv[1], "w") as file:
        head = {"generator": "scripts/release-please-maven-workspace-cases.py", "release-please": "17.11.2"}
        file.write(json.dumps(head)[:-1] + ', "cases": [\n')
        file.write(",\n".join(json.dumps(c, ensure_ascii=False, sort_keys=True) for c in cases))
        file.write("\n]}\n")
    print(f"{len(cases)} cases", file=sys.stderr)


if __name__ == "__main__":
    main()
