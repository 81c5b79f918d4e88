#!/usr/bin/env python3
"""Generate differential cases for the release a package starts from, and
record the release PRs the real Release Please would open.

usage: scripts/release-please-start-cases.py OUT.json [COUNT] [SEED]

Each case is a git history of a monorepo (1-3 packages, `simple` or `node`,
sometimes the root package too) whose tags and manifest disagree in the
shapes real repositories show:
- the manifest version's tag on the first commit or on a later release
  commit (the normal case);
- a newer tag made by hand on a feature commit (not a release);
- no tag of the manifest's version, an older one present, with and without
  `bootstrap-sha`;
- a package the manifest lacks, and one at `0.0.0`, with tags of their own;
- the manifest version tagged in another spelling (`ui@1.2.0`);
- a `skip-github-release` package released under the root package's tag.
Tags sit on commits that touch their package, as release commits do.

The history is stored step by step (`history`: commits oldest first with the
files each writes, and the tags) so the test suite rebuilds it as a real git
repository; its shas differ from the generated ones, which the test maps.
The oracle input (`input`, manifest mode with `releases` and `tags`) and its
verdict (`expected`) are stored next to it, so the test needs no Node.

Needs node and `npm install release-please@17.11.2` in RP_HOME (a scratch
folder; default the current folder).
"""
import hashlib
import json
import random
import sys
from concurrent.futures import ThreadPoolExecutor

from rp_oracle import expected_pull_requests, write_cases

KINDS = ["feat"] * 4 + ["fix"] * 5 + ["chore", "docs", "perf"]
WORDS = "add remove handle support parse render validate cache retry stream token widget".split()
FOLDERS = ["packages/ui", "packages/api", "tools/cli", "libs/core"]
SHAPES = ["tagged", "tagged", "released-later", "stray", "untagged", "untagged", "absent", "zero",
          "spelled"]


def sentence(rng):
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(2, 5)))


def bump(version, rng):
    major, minor, patch = (int(part) for part in version.split("."))
    return rng.choice([f"{major}.{minor + 1}.0", f"{major}.{minor}.{patch + 1}", f"{major + 1}.0.0"])


class History:
    """Commits (oldest first) with fake shas, the files each writes, and tags."""

    def __init__(self, index):
        self.index = index
        self.steps = []
        self.tags = []
        self.state = {}

    def commit(self, message, files):
        sha = hashlib.sha1(f"start-{self.index}-{len(self.steps)}".encode()).hexdigest()
        self.state.update(files)
        self.steps.append({"sha": sha, "message": message, "files": dict(sorted(files.items()))})
        return sha

    def tag(self, name, sha):
        self.tags.append({"name": name, "at": sha})


def case(rng, index):
    count = rng.randint(1, 3)
    folders = rng.sample(FOLDERS, count)
    if rng.random() < 0.25:
        folders.append(".")
    history = History(index)
    packages, manifest, names, shapes = {}, {}, {}, {}
    base = {}
    for folder in folders:
        name = "root" if folder == "." else folder.split("/")[-1]
        names[folder] = name
        prefix = "" if folder == "." else folder + "/"
        version = rng.choice(["1.2.0", "0.3.4", "2.0.0", "1.9.9"])
        config = {"component": name}
        if rng.random() < 0.4 and folder != ".":
            config["release-type"] = "node"
            base[prefix + "package.json"] = json.dumps({"name": f"@acme/{name}", "version": version}, indent=2) + "\n"
        else:
            config["release-type"] = "simple"
            base[prefix + "version.txt"] = version + "\n"
        packages[folder] = config
        manifest[folder] = version
        shapes[folder] = rng.choice(SHAPES)
    # A package released with the root one: same version, the root's tag.
    if "." in folders and len(folders) > 1 and rng.random() < 0.5:
        folder = next(f for f in folders if f != ".")
        packages[folder]["skip-github-release"] = True
        manifest[folder] = manifest["."]
        shapes[folder] = "with-root"
        shapes["."] = "root-of"
    first = history.commit("chore: initial import", base)
    later = []  # (folder, version) released by a later release commit
    for folder in folders:
        name, version, shape = names[folder], manifest[folder], shapes[folder]
        if shape in ("tagged", "stray", "absent"):
            history.tag(f"{name}-v{version}", first)
        elif shape == "spelled":
            history.tag(f"{name}@{version}", first)
        elif shape == "untagged":
            older = rng.choice(["0.1.0", "0.9.0", "1.0.0"])
            history.tag(f"{name}-v{older}", first)
        elif shape == "zero":
            manifest[folder] = "0.0.0"
        elif shape == "released-later":
            older = rng.choice(["0.1.0", "1.0.0"])
            history.tag(f"{name}-v{older}", first)
            later.append(folder)
        if shape == "absent":
            del manifest[folder]

    def prefix(folder):
        return "" if folder == "." else folder + "/"

    def work(n):
        for _ in range(n):
            roll = rng.random()
            if roll < 0.1:
                history.commit(f"{rng.choice(KINDS)}: {sentence(rng)}", {})
                continue
            chosen = rng.sample(folders, rng.randint(1, min(2, len(folders))))
            files = {prefix(folder) + f"src/{rng.choice('abc')}.js": f"{len(history.steps)}\n" for folder in chosen}
            scope = names[chosen[0]] if rng.random() < 0.5 else None
            kind = rng.choice(KINDS)
            bang = "!" if rng.random() < 0.05 else ""
            history.commit(f"{kind}{'(' + scope + ')' if scope else ''}{bang}: {sentence(rng)}", files)

    work(rng.randint(0, 3))
    for folder in later:
        version = manifest[folder]
        key = prefix(folder) + ("package.json" if packages[folder]["release-type"] == "node" else "version.txt")
        text = history.state[key]
        old = json.loads(text)["version"] if key.endswith(".json") else text.strip()
        sha = history.commit(f"chore(main): release {names[folder]} {version}", {key: text.replace(old, version)})
        history.tag(f"{names[folder]}-v{version}", sha)
    work(rng.randint(1, 4))
    for folder in folders:
        if shapes[folder] == "stray":
            sha = history.commit(f"feat({names[folder]}): {sentence(rng)}",
                                 {prefix(folder) + "src/stray.js": "1\n"})
            history.tag(f"{names[folder]}-v{bump(manifest[folder], rng)}", sha)
    if "with-root" in shapes.values():
        # The root's release commit touches every package released with it.
        files = {}
        for folder in folders:
            if folder == "." or shapes[folder] == "with-root":
                files[prefix(folder) + "RELEASED"] = manifest["."] + "\n"
        sha = history.commit(f"chore(main): release {manifest['.']}", files)
        history.tag(f"root-v{manifest['.']}", sha)
    work(rng.randint(1, 4))
    top = {"packages": packages}
    if rng.random() < 0.3:
        top["separate-pull-requests"] = True
    if rng.random() < 0.4 and len(history.steps) > 2:
        # The fake sha: the test writes the real one.
        top["bootstrap-sha"] = rng.choice(history.steps[1:-1])["sha"]
    history.commit("chore: configure release please", {
        "release-please-config.json": json.dumps(top, indent=2) + "\n",
        ".release-please-manifest.json": json.dumps(manifest, indent=2) + "\n",
    })
    position = {step["sha"]: n for n, step in enumerate(history.steps)}
    tags = sorted(history.tags, key=lambda tag: -position[tag["at"]])
    data = {
        "mode": "manifest",
        "date": "2024-05-01",
        "repo": {"owner": "acme", "repo": "mono"},
        "files": dict(sorted(history.state.items())),
        "releases": [{"tagName": tag["name"], "sha": tag["at"], "name": tag["name"], "notes": ""} for tag in tags],
        "tags": [{"name": tag["name"], "sha": tag["at"]} for tag in tags],
        "commits": [{"sha": step["sha"], "message": step["message"], "files": sorted(step["files"])}
                    for step in reversed(history.steps)],
    }
    return {"id": f"start-{index:04d}", "shapes": shapes, "history": {"steps": history.steps, "tags": history.tags},
            "input": data}


def run(item):
    expected_pull_requests(item)
    # Release Please fills an empty `{}` manifest on one line (no
    # indentation to detect); we indent it, as README.md says.
    name = ".release-please-manifest.json"
    if item["input"]["files"][name] == "{}\n":
        for pull in item["expected"].get("pull_requests", []):
            if name in pull["updates"]:
                text = json.dumps(json.loads(pull["updates"][name]), indent=2) + "\n"
                item["deliberate"] = {"files": {name: text},
                                      "why": "an empty manifest gets the entry indented, not on one line"}
    return item


def main():
    out = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 60
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 2026
    rng = random.Random(seed)
    cases = [case(rng, index) for index in range(count)]
    with ThreadPoolExecutor(max_workers=2) as pool:
        cases = list(pool.map(run, cases))
    write_cases(out, cases, "scripts/release-please-start-cases.py", seed)


if __name__ == "__main__":
    main()
