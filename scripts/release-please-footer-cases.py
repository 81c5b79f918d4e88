#!/usr/bin/env python3
"""Generate differential cases for where a message's footers are, and record
what the real Release Please decides.

usage: scripts/release-please-footer-cases.py OUT.json [COUNT] [SEED]

Each case is one package (release type `simple`, at 1.2.3) with 1-3 commits
whose bodies mix prose paragraphs with footer-like lines: issue references
(`Resolves #967`, `fixes #12`, `Refs: #5`, `Closes #3, closes #4`, `See #8`),
trailers (`Signed-off-by:`, `Co-authored-by:`), `BREAKING CHANGE:` notes and
lines that look like footers but are not (`Closes gh-12`), in a middle
paragraph followed by prose, in the final block, with and without blank
lines between them. This is the shape of squash-merged PR descriptions on
real monorepos. The oracle's verdict (version, notes, parsed commits) is
stored next to the input, so the test suite needs no Node.

Needs node and `npm install release-please@17.11.2` (see
scripts/release-please-cases.py for RP_HOME).
"""
import json
import os
import random
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ORACLE = os.path.normpath(os.path.join(HERE, "..", "..", "shared", "oracles", "release-please", "rp-oracle.js"))
WORDS = ("the handler now retries requests when the upstream times out and keeps the "
         "cache warm across reloads so users see fewer errors").split()


def prose(rng):
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(4, 12))).capitalize() + "."


def reference(rng):
    n = rng.randint(1, 999)
    return rng.choice([
        f"Resolves #{n}", f"fixes #{n}", f"Fixes #{n}", f"Closes #{n}", f"Refs #{n}", f"See #{n}",
        f"Refs: #{n}", f"Closes: #{n}", f"Fixes: {n}", f"Closes #{n}, closes #{n + 1}",
        f"Refs: #{n}, #{n + 1}", f"Closes acme/other#{n}", f"Closes gh-{n}", f"RESOLVED: #{n}",
    ])


def trailer(rng):
    return rng.choice([
        "Signed-off-by: Dev <dev@example.com>", "Co-authored-by: Pat <pat@example.com>",
        "Reviewed-by: Sam <sam@example.com>", "Change-Id: I0123456789abcdef",
    ])


def breaking(rng):
    return f"BREAKING CHANGE: {prose(rng).lower()[:-1]}"


def paragraph(rng):
    roll = rng.random()
    if roll < 0.35:
        return prose(rng)
    if roll < 0.6:
        return "\n".join(reference(rng) for _ in range(rng.randint(1, 2)))
    if roll < 0.75:
        return "\n".join(trailer(rng) for _ in range(rng.randint(1, 2)))
    if roll < 0.85:
        return breaking(rng)
    # A reference or trailer run straight on from prose, no blank line.
    return prose(rng) + "\n" + rng.choice([reference, trailer])(rng)


def message(rng):
    kind = rng.choice(["fix", "feat", "fix", "chore"])
    text = f"{kind}: {rng.choice(['handle timeouts', 'add retries', 'cache tokens', 'parse headers'])}"
    if rng.random() < 0.3:
        text += f" (#{rng.randint(1000, 1999)})"
    paragraphs = [paragraph(rng) for _ in range(rng.randint(1, 5))]
    return text + "\n\n" + "\n\n".join(paragraphs)


def case(rng, index):
    commits = []
    for n in range(rng.randint(1, 3)):
        sha = "".join(rng.choice("0123456789abcdef") for _ in range(30)) + f"{index:08x}{n:02x}"
        commits.append({"sha": sha, "message": message(rng)})
    return {"id": f"footer-{index:04d}", "input": {
        "mode": "strategy",
        "date": "2024-05-01",
        "repo": {"owner": "acme", "repo": "widget"},
        "config": {"release-type": "simple", "include-component-in-tag": False},
        "commits": commits,
        "currentVersion": "1.2.3",
        "previousTag": "v1.2.3",
        "files": {"version.txt": "1.2.3\n"},
    }}


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
        "parsed": [{k: c.get(k) for k in ("sha", "type", "scope", "subject", "breaking", "notes", "references")}
                   for c in out.get("parsedCommits", [])],
    }
    return item


def main():
    out = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 200
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 2027
    rng = random.Random(seed)
    cases = [run(case(rng, index)) for index in range(count)]
    with open(out, "w") as file:
        head = {"generator": "scripts/release-please-footer-cases.py", "seed": seed, "release-please": "17.11.2"}
        file.write(json.dumps(head)[:-1] + ', "cases": [\n')
        file.write(",\n".join(json.dumps(c, ensure_ascii=False, sort_keys=True) for c in cases))
        file.write("\n]}\n")
    errors = sum(1 for c in cases if "error" in c["expected"])
    print(f"{out}: {len(cases)} cases, {errors} where Release Please failed")


if __name__ == "__main__":
    main()
