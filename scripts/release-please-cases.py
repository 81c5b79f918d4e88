#!/usr/bin/env python3
"""Generate differential cases and record what the real Release Please decides.

usage: scripts/release-please-cases.py OUT.json [COUNT] [SEED]

Each case is a single-package input for the Release Please oracle
(../shared/oracles/release-please/rp-oracle.js): a release type, a current
version (or none), options, and 1-8 commits drawn from a mix of types, scopes,
breaking forms, footers, references, Release-As, squash messages, merges and
non-conventional messages. The oracle's verdict (version, releasable, notes,
parsed commits) is stored next to the input, so the test suite compares
against Release Please without needing Node.

Needs node and `npm install release-please@17.11.2` in RP_DIR's parent
(default: a scratch folder given by RP_HOME, or the current folder).
"""
import json
import os
import random
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
ORACLE = os.path.normpath(os.path.join(HERE, "..", "..", "shared", "oracles", "release-please", "rp-oracle.js"))

TYPES = (["feat"] * 8 + ["fix"] * 8 + ["chore"] * 4 + ["docs"] * 3 + ["perf"] * 2 + ["refactor"] * 2
         + ["revert", "deps", "build", "ci", "test", "style", "feature", "Feat", "FIX", "security"])
SCOPES = [None] * 6 + ["api", "cli", "parser", "deps", "@acme/web", "ui"]
WORDS = ("add remove handle support parse render validate cache retry stream upload token "
         "header request response timeout checksum config widget endpoint").split()
CURRENT = [None, "0.1.0", "0.3.4", "0.9.9", "1.2.3", "2.0.0", "1.0.0-beta.1", "1.3.0-beta", "2.1.0-rc.2", "1.3.0-beta01"]


def sentence(rng, low=2, high=7):
    words = [rng.choice(WORDS) for _ in range(rng.randint(low, high))]
    roll = rng.random()
    if roll < 0.08:
        words.append(f"(#{rng.randint(1, 500)})")
    elif roll < 0.12:
        words.insert(1, "`<Widget>`")
    elif roll < 0.16:
        words.insert(1, "<b>bold</b>")
    elif roll < 0.20:
        words[0] = words[0].capitalize()
    return " ".join(words)


def header(rng, kind=None, bang=None):
    kind = kind or rng.choice(TYPES)
    scope = rng.choice(SCOPES)
    bang = (rng.random() < 0.07) if bang is None else bang
    return f"{kind}{'(' + scope + ')' if scope else ''}{'!' if bang else ''}: {sentence(rng)}"


def message(rng):
    roll = rng.random()
    if roll < 0.06:
        return rng.choice(["Update README.md", "WIP", "Merge branch 'main' into topic",
                           f"Merge pull request #{rng.randint(1, 99)} from acme/topic\n\n{header(rng)}"])
    text = header(rng)
    if rng.random() < 0.35:
        text += "\n\n" + "\n".join(sentence(rng, 4, 10) for _ in range(rng.randint(1, 3)))
    if rng.random() < 0.08:
        text += "\n\n" + header(rng, kind=rng.choice(["fix", "feat", "chore"]), bang=False)
    footers = []
    if rng.random() < 0.08:
        footers.append(f"{rng.choice(['BREAKING CHANGE', 'BREAKING-CHANGE'])}: {sentence(rng)}")
    if rng.random() < 0.15:
        footers.append(rng.choice([f"Refs #{rng.randint(1, 99)}", f"Fixes #{rng.randint(1, 99)}",
                                   f"Closes: #{rng.randint(1, 99)}", f"Refs: #{rng.randint(1, 99)}"]))
    if rng.random() < 0.1:
        footers.append("Signed-off-by: Dev <dev@example.com>")
    if rng.random() < 0.03:
        footers.append(f"Release-As: {rng.choice(['2.0.0', 'v3.1.0', '1.5.0-rc.1', '0.4.0'])}")
    if footers:
        text += "\n\n" + "\n".join(footers)
    return text


def options(rng, release_type):
    config = {"release-type": release_type, "include-component-in-tag": False}
    if rng.random() < 0.3:
        config["bump-minor-pre-major"] = True
    if rng.random() < 0.3:
        config["bump-patch-for-minor-pre-major"] = True
    roll = rng.random()
    if roll < 0.12:
        config["versioning"] = "prerelease"
        config["prerelease"] = rng.random() < 0.7
        if rng.random() < 0.8:
            config["prerelease-type"] = rng.choice(["beta", "rc", "alpha"])
    elif roll < 0.18:
        config["versioning"] = rng.choice(["always-bump-patch", "always-bump-minor", "always-bump-major", "service-pack"])
    if rng.random() < 0.1:
        config["changelog-sections"] = [
            {"type": "feat", "section": "New Things"},
            {"type": "fix", "section": "Repairs"},
            {"type": "chore", "section": "Chores", "hidden": rng.random() < 0.5},
            {"type": "docs", "section": "Docs"},
        ]
    if rng.random() < 0.1:
        config["plugins"] = ["sentence-case"]
    return config


def case(rng, index):
    release_type = rng.choice(["simple", "node", "python", "rust"])
    commits = []
    for n in range(rng.randint(1, 8)):
        sha = f"{index:08x}{n:02x}" + "".join(rng.choice("0123456789abcdef") for _ in range(30))
        commits.append({"sha": sha, "message": message(rng)})
    current = rng.choice(CURRENT)
    data = {
        "mode": "strategy",
        "date": "2024-05-01",
        "repo": {"owner": "acme", "repo": "widget"},
        "config": options(rng, release_type),
        "commits": commits,
    }
    if current:
        data["currentVersion"] = current
        data["previousTag"] = f"v{current}"
    version = current or "0.0.0"
    data["files"] = {
        "simple": {"version.txt": f"{version}\n"},
        "node": {"package.json": json.dumps({"name": "widget", "version": version}, indent=2) + "\n"},
        "python": {"pyproject.toml": f'[project]\nname = "widget"\nversion = "{version}"\n'},
        "rust": {"Cargo.toml": f'[package]\nname = "widget"\nversion = "{version}"\n'},
    }[release_type]
    return {"id": f"gen-{index:04d}", "input": data}


def run(item):
    result = subprocess.run(["node", ORACLE, "-"], input=json.dumps(item["input"]), capture_output=True,
                            text=True, env={**os.environ, "LC_ALL": "en", "TZ": "UTC"},
                            cwd=os.environ.get("RP_HOME", os.getcwd()))
    if result.returncode != 0:
        item["expected"] = {"error": result.stderr.strip().splitlines()[-1:]}
        return item
    out = json.loads(result.stdout)
    pull = out.get("pullRequest") or {}
    item["expected"] = {
        "version": out.get("bumpedVersion") or pull.get("version"),
        "releasable": out.get("releasable"),
        "notes": pull.get("notes"),
        "pull_request": {k: pull.get(k) for k in ("title", "headRefName", "body", "tag")} if pull else None,
        # The version files Release Please rewrote (not CHANGELOG.md).
        "updates": {path: text for path, text in (pull.get("updates") or {}).items() if path != "CHANGELOG.md"},
        "parsed": [{k: c.get(k) for k in ("sha", "type", "scope", "subject", "breaking", "notes", "references")}
                   for c in out.get("parsedCommits", [])],
    }
    return item


def main():
    out = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 300
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 2026
    rng = random.Random(seed)
    cases = [case(rng, index) for index in range(count)]
    with ThreadPoolExecutor(max_workers=2) as pool:
        cases = list(pool.map(run, cases))
    with open(out, "w") as file:
        # One case per line: small, and a regenerated file diffs case by case.
        head = {"generator": "scripts/release-please-cases.py", "seed": seed, "release-please": "17.11.2"}
        file.write(json.dumps(head)[:-1] + ', "cases": [\n')
        file.write(",\n".join(json.dumps(c, ensure_ascii=False, sort_keys=True) for c in cases))
        file.write("\n]}\n")
    errors = sum(1 for c in cases if "error" in c["expected"])
    print(f"{out}: {len(cases)} cases, {errors} where Release Please failed")


if __name__ == "__main__":
    main()
