#!/usr/bin/env python3
"""Re-plan every merged release PR of a Release Please repository from the
commit before it, and compare with what it wrote and with Release Please.

usage: scripts/replay-release-prs.py GIT_DIR REPOSITORY_URL [--oracle] [--cicd PATH] [--limit N]

A release PR is a first-parent commit that changes `.release-please-manifest.json`
and whose subject says `release`; the packages it releases are the manifest's
changed entries. For each, a scratch clone is checked out at the commit's
parent with only the tags that parent reaches (the later ones did not exist
yet), and `cicd release-pr --dry-run --format json` runs there with the
merge's date. Compared, per released package:
- the version, with the manifest's new one;
- the package's CHANGELOG.md, with the one the PR wrote (dates aside: the
  PR was last updated before it was merged);
and with `--oracle`, with what Release Please 17.11.2 decides on the same
state (../shared/oracles/release-please/rp-oracle.js; the commits back to
`bootstrap-sha`, the tags as releases, the configuration, the manifest and
each package's files; needs RP_HOME as scripts/release-please-cases.py says):
the version, the CHANGELOG.md, and the PR's title and body.
Prints the agreement and each difference's first differing line.
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ORACLE = os.path.normpath(os.path.join(HERE, "..", "..", "shared", "oracles", "release-please", "rp-oracle.js"))
MANIFEST = ".release-please-manifest.json"
CONFIG = "release-please-config.json"
DATE = re.compile(r"\(\d{4}-\d{2}-\d{2}\)")
# The files a release type may read, per package folder.
PACKAGE_FILES = ["CHANGELOG.md", "package.json", "version.txt", "Cargo.toml", "pyproject.toml",
                 "setup.py", "setup.cfg", "pom.xml", "Chart.yaml", "pubspec.yaml", "mix.exs"]


def git(repo, *args, check=True):
    return subprocess.run(["git", "-C", repo, *args], capture_output=True, text=True, check=check).stdout


def show(repo, rev, path):
    result = subprocess.run(["git", "-C", repo, "show", f"{rev}:{path}"], capture_output=True, text=True)
    return result.stdout if result.returncode == 0 else None


def release_commits(repo):
    out = git(repo, "log", "--first-parent", "--format=%H%x00%P%x00%cs%x00%s", "--", MANIFEST)
    for line in out.splitlines():
        sha, parents, date, subject = line.split("\0")
        if "release" not in subject or not parents:
            continue
        yield sha, parents.split()[0], date, subject


def released(repo, sha, parent):
    """The packages whose manifest version and CHANGELOG.md the commit
    changed (a manifest edited by hand, or the commit that adds it, is no
    release PR)."""
    before = json.loads(show(repo, parent, MANIFEST) or "{}")
    after = json.loads(show(repo, sha, MANIFEST) or "{}")
    changed = set(git(repo, "diff", "--name-only", parent, sha).splitlines())
    return {path: version for path, version in after.items()
            if before.get(path) != version and changelog_of(path) in changed}


def changelog_of(path):
    return ("" if path == "." else path + "/") + "CHANGELOG.md"


def manifest_version(pull, path):
    """The version a Release Please PR records for `path`: its manifest
    update's (a combined PR has no version of its own)."""
    text = (pull.get("updates") or {}).get(MANIFEST)
    if text:
        try:
            return json.loads(text).get(path)
        except ValueError:
            pass
    return pull.get("version")


def tags_at(repo, rev):
    out = git(repo, "for-each-ref", "--merged", rev, "--sort=-creatordate",
              "--format=%(refname:short)%00%(*objectname)%00%(objectname)", "refs/tags")
    tags = []
    for line in out.splitlines():
        name, peeled, sha = line.split("\0")
        tags.append((name, peeled or sha))
    return tags


def set_tags(scratch, tags):
    deletes = git(scratch, "for-each-ref", "--format=delete %(refname)", "refs/tags")
    creates = "".join(f"create refs/tags/{name} {sha}\n" for name, sha in tags)
    for refs in (deletes, creates):
        subprocess.run(["git", "-C", scratch, "update-ref", "--stdin"], input=refs, text=True, check=True)


def ours(cicd, scratch, date, url):
    result = subprocess.run([cicd, "-C", scratch, "--format", "json", "release-pr", "--dry-run",
                             "--date", date, "--repository-url", url],
                            capture_output=True, text=True, env={**os.environ, "GITHUB_TOKEN": "", "GH_TOKEN": ""})
    if result.returncode != 0:
        return None, result.stderr.strip().splitlines()[-1:]
    return json.loads(result.stdout), result.stderr


def oracle_input(repo, parent, date, url, config):
    owner, name = url.rstrip("/").split("/")[-2:]
    files = {CONFIG: show(repo, parent, CONFIG), MANIFEST: show(repo, parent, MANIFEST)}
    for path in config.get("packages", {}):
        prefix = "" if path == "." else path + "/"
        for leaf in PACKAGE_FILES:
            text = show(repo, parent, prefix + leaf)
            if text is not None:
                files[prefix + leaf] = text
    bootstrap = config.get("bootstrap-sha")
    # A merge's files are its first parent's diff, as GitHub lists them.
    log = git(repo, "log", "--format=%x1e%H%x00%B%x00", "--name-only", "--diff-merges=first-parent",
              "-n", "1500", parent)
    commits = []
    for record in log.split("\x1e")[1:]:
        sha, message, names = record.split("\0", 2)
        commits.append({"sha": sha, "message": message.strip("\n"),
                        "files": [line for line in names.splitlines() if line]})
        if bootstrap and sha.startswith(bootstrap):
            break
    tags = tags_at(repo, parent)
    return {
        "mode": "manifest", "date": date, "repo": {"owner": owner, "repo": name},
        "files": {path: text for path, text in files.items() if text is not None},
        "releases": [{"tagName": tag, "sha": sha, "name": tag, "notes": ""} for tag, sha in tags],
        "tags": [{"name": tag, "sha": sha} for tag, sha in tags],
        "commits": commits,
    }


def oracle(data):
    result = subprocess.run(["node", ORACLE, "-"], input=json.dumps(data), capture_output=True, text=True,
                            env={**os.environ, "LC_ALL": "en", "TZ": "UTC"},
                            cwd=os.environ.get("RP_HOME", os.getcwd()))
    if result.returncode != 0:
        return None
    return json.loads(result.stdout).get("pullRequests") or []


def first_difference(ours, theirs):
    a, b = (ours or "").splitlines(), (theirs or "").splitlines()
    for n, (x, y) in enumerate(zip(a, b)):
        if x != y:
            return f"line {n + 1}: ours {x[:100]!r} / theirs {y[:100]!r}"
    return f"ours {len(a)} lines, theirs {len(b)}"


def main():
    args = sys.argv[1:]
    use_oracle = "--oracle" in args
    cicd = args[args.index("--cicd") + 1] if "--cicd" in args else "cicd"
    limit = int(args[args.index("--limit") + 1]) if "--limit" in args else None
    repo, url = [arg for n, arg in enumerate(args)
                 if not arg.startswith("--") and (n == 0 or args[n - 1] not in ("--cicd", "--limit"))][:2]
    scratch = tempfile.mkdtemp(prefix="replay-")
    try:
        subprocess.run(["git", "clone", "-q", "--no-checkout", repo, scratch], check=True)
        git(scratch, "remote", "set-url", "origin", url)
        counts = {}
        differences = []

        def count(key, same, what):
            total, agree = counts.get(key, (0, 0))
            counts[key] = (total + 1, agree + (1 if same else 0))
            if not same:
                differences.append(f"{key}: {what}")

        for n, (sha, parent, date, subject) in enumerate(release_commits(repo)):
            if limit is not None and n >= limit:
                break
            wanted = released(repo, sha, parent)
            if not wanted:
                continue
            git(scratch, "checkout", "-q", "-f", "--detach", parent)
            git(scratch, "clean", "-q", "-fdx")
            set_tags(scratch, tags_at(repo, parent))
            plan, stderr = ours(cicd, scratch, date, url)
            config = json.loads(show(repo, parent, CONFIG) or "{}")
            theirs = oracle(oracle_input(repo, parent, date, url, config)) if use_oracle else None
            for path, version in sorted(wanted.items()):
                label = f"{sha[:8]} {path} {version}"
                if plan is None:
                    count("ours ran", False, f"{label}: {stderr}")
                    continue
                mine = next((r for r in plan["releases"] if r["path"] == path), None)
                count("version = the PR's", mine is not None and mine["version"] == version,
                      f"{label}: ours {mine and mine['version']}")
                changelog = changelog_of(path)
                files = {f["path"]: f["content"] for f in plan.get("files", [])}
                written = show(repo, sha, changelog)
                if written is not None and mine is not None:
                    same = DATE.sub("", files.get(changelog, "")) == DATE.sub("", written)
                    count("CHANGELOG.md = the PR's", same,
                          f"{label}: {first_difference(files.get(changelog), written)}")
                if theirs is None:
                    if use_oracle:
                        count("oracle ran", False, label)
                    continue
                pull = next((p for p in theirs if changelog in (p.get("updates") or {})), None)
                theirs_version = pull and manifest_version(pull, path)
                count("version = Release Please's", theirs_version == (mine and mine["version"]),
                      f"{label}: ours {mine and mine['version']}, theirs {theirs_version}")
                if pull is None or mine is None:
                    continue
                same = (pull.get("updates") or {}).get(changelog) == files.get(changelog)
                count("CHANGELOG.md = Release Please's", same,
                      f"{label}: {first_difference(files.get(changelog), (pull.get('updates') or {}).get(changelog))}")
                bodies = plan["pull_requests"]
                body = next((p["body"] for p in bodies if p.get("tag") == mine["tag"]),
                            bodies[0]["body"] if len(bodies) == 1 else None)
                count("PR body = Release Please's", body == pull.get("body"),
                      f"{label}: {first_difference(body, pull.get('body'))}")
        for key, (total, agree) in counts.items():
            print(f"{key}: {agree} of {total}")
        for difference in differences:
            print("  " + difference)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
