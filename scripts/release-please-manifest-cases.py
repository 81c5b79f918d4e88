#!/usr/bin/env python3
"""Generate monorepo differential cases and record Release Please's release PRs.

usage: scripts/release-please-manifest-cases.py OUT.json [COUNT] [SEED]

Each case is a manifest-mode input for the Release Please oracle
(../shared/oracles/release-please/rp-oracle.js): a release-please-config.json
with 1-4 packages (nested folders, the root package, `exclude-paths`,
`separate-pull-requests`, node and simple release types), its manifest, the
files each package has, and 1-10 commits whose files fall in one package,
several, none (an empty commit), a top-level file or an excluded folder. Each
package's last release is given with a commit the history does not hold, so
Release Please reads every commit. The pull requests it would open are stored
next to the input, so the test suite compares without needing Node.

Needs node and `npm install release-please@17.11.2` in RP_HOME (a scratch
folder; default the current folder).
"""
import json
import os
import random
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
ORACLE = os.path.normpath(os.path.join(HERE, "..", "..", "shared", "oracles", "release-please", "rp-oracle.js"))

KINDS = ["feat"] * 5 + ["fix"] * 5 + ["chore"] * 2 + ["docs", "perf", "refactor", "deps"]
WORDS = "add remove handle support parse render validate cache retry stream token widget endpoint".split()
VERSIONS = ["1.0.0", "0.3.4", "2.1.0", "0.1.0", "1.9.9"]
FOLDERS = ["packages/api", "packages/web", "libs/core", "packages/api/plugin", "tools/cli"]


def sentence(rng):
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(2, 6)))


def message(rng):
    kind = rng.choice(KINDS)
    scope = rng.choice([None, None, "api", "web", "core"])
    bang = "!" if rng.random() < 0.06 else ""
    text = f"{kind}{'(' + scope + ')' if scope else ''}{bang}: {sentence(rng)}"
    if rng.random() < 0.2:
        text += "\n\n" + sentence(rng)
    if rng.random() < 0.05:
        text += "\n\nBREAKING CHANGE: " + sentence(rng)
    return text


def case(rng, index):
    folders = rng.sample(FOLDERS, rng.randint(1, 3))
    if rng.random() < 0.25:
        folders.append(".")
    packages = {}
    files = {}
    manifest = {}
    releases = []
    for folder in folders:
        name = "root" if folder == "." else folder.split("/")[-1]
        version = rng.choice(VERSIONS)
        prefix = "" if folder == "." else folder + "/"
        config = {}
        if rng.random() < 0.5:
            config["release-type"] = "node"
            files[prefix + "package.json"] = json.dumps({"name": f"@acme/{name}", "version": version}, indent=2) + "\n"
        else:
            config["release-type"] = "simple"
            config["component"] = name
            files[prefix + "version.txt"] = version + "\n"
        if rng.random() < 0.3:
            config["exclude-paths"] = [prefix + "docs"]
        if rng.random() < 0.3:
            files[prefix + "CHANGELOG.md"] = "# Changelog\n\n## 0.0.1 (2020-01-01)\n\n* first\n"
        if rng.random() < 0.2:
            config["bump-minor-pre-major"] = True
        packages[folder] = config
        manifest[folder] = version
        sha = f"{index:06x}{len(releases):02x}" + "f" * 32
        releases.append({"tagName": f"{name}-v{version}", "sha": sha, "name": f"{name}: v{version}", "notes": ""})
    top = {"packages": packages}
    if rng.random() < 0.3:
        top["separate-pull-requests"] = True
    files["release-please-config.json"] = json.dumps(top, indent=2) + "\n"
    files[".release-please-manifest.json"] = json.dumps(manifest, indent=2) + "\n"

    def touched():
        roll = rng.random()
        if roll < 0.08:
            return []
        if roll < 0.14:
            return ["README.md"]
        chosen = []
        for _ in range(rng.randint(1, 2)):
            folder = rng.choice(folders)
            prefix = "" if folder == "." else folder + "/"
            leaf = rng.choice(["src/a.js", "src/b.js", "docs/guide.md", "plugin/x.js", "index.js"])
            chosen.append(prefix + leaf)
        return sorted(set(chosen))

    commits = []
    for n in range(rng.randint(1, 10)):
        sha = f"{index:06x}{n:02x}" + "".join(rng.choice("0123456789abcde") for _ in range(32))
        commits.append({"sha": sha, "message": message(rng), "files": touched()})
    data = {
        "mode": "manifest",
        "date": "2024-05-01",
        "repo": {"owner": "acme", "repo": "mono"},
        "files": files,
        "releases": releases,
        "commits": commits,
    }
    return {"id": f"manifest-{index:04d}", "input": data}


def run(item):
    result = subprocess.run(["node", ORACLE, "-"], input=json.dumps(item["input"]), capture_output=True,
                            text=True, env={**os.environ, "LC_ALL": "en", "TZ": "UTC"},
                            cwd=os.environ.get("RP_HOME", os.getcwd()))
    if result.returncode != 0:
        item["expected"] = {"error": result.stderr.strip().splitlines()[-1:]}
        return item
    out = json.loads(result.stdout)
    item["expected"] = {
        "pull_requests": [
            {"title": pull.get("title"), "branch": pull.get("headRefName"), "body": pull.get("body"),
             "updates": pull.get("updates") or {}}
            for pull in out.get("pullRequests") or []
        ]
    }
    return item


def main():
    out = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 100
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 2026
    rng = random.Random(seed)
    cases = [case(rng, index) for index in range(count)]
    with ThreadPoolExecutor(max_workers=2) as pool:
        cases = list(pool.map(run, cases))
    with open(out, "w") as file:
        head = {"generator": "scripts/release-please-manifest-cases.py", "seed": seed, "release-please": "17.11.2"}
        file.write(json.dumps(head)[:-1] + ', "cases": [\n')
        file.write(",\n".join(json.dumps(c, ensure_ascii=False, sort_keys=True) for c in cases))
        file.write("\n]}\n")
    errors = sum(1 for c in cases if "error" in c["expected"])
    print(f"{out}: {len(cases)} cases, {errors} where Release Please failed")


if __name__ == "__main__":
    main()
