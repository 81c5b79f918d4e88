"""What the scripts that record Release Please's decisions share: running the
oracle (../shared/oracles/release-please/rp-oracle.js) on one input, reading
its release PRs, and writing a case file the test suite reads.

Needs node and `npm install release-please@17.11.2` in RP_HOME (a scratch
folder; default the current folder).
"""
import json
import os
import subprocess

HERE = os.path.dirname(os.path.abspath(__file__))
ORACLE = os.path.normpath(os.path.join(HERE, "..", "..", "shared", "oracles", "release-please", "rp-oracle.js"))


def oracle(data):
    """Release Please's verdict on `data`, or `{"error": [last stderr line]}`."""
    result = subprocess.run(["node", ORACLE, "-"], input=json.dumps(data), capture_output=True, text=True,
                            env={**os.environ, "LC_ALL": "en", "TZ": "UTC"},
                            cwd=os.environ.get("RP_HOME", os.getcwd()))
    if result.returncode != 0:
        return {"error": result.stderr.strip().splitlines()[-1:]}
    return json.loads(result.stdout)


def expected_pull_requests(item):
    """Store the release PRs Release Please opens for `item["input"]` (manifest
    mode) as `item["expected"]`."""
    out = oracle(item["input"])
    if "error" in out:
        item["expected"] = out
        return item
    item["expected"] = {
        "pull_requests": [
            {"title": pull.get("title"), "branch": pull.get("headRefName"), "body": pull.get("body"),
             "updates": pull.get("updates") or {}}
            for pull in out.get("pullRequests") or []
        ]
    }
    return item


def write_cases(out, cases, generator, seed):
    """Write `cases`, one per line, with where they came from."""
    with open(out, "w") as file:
        head = {"generator": generator, "seed": seed, "release-please": "17.11.2"}
        file.write(json.dumps(head)[:-1] + ', "cases": [\n')
        file.write(",\n".join(json.dumps(c, ensure_ascii=False, sort_keys=True) for c in cases))
        file.write("\n]}\n")
    errors = sum(1 for c in cases if "error" in c["expected"])
    print(f"{out}: {len(cases)} cases, {errors} where Release Please failed")
