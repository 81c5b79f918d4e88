#!/usr/bin/env python3
"""Replay a Release Please repository's history release by release.

usage: scripts/replay-changelog.py GIT_DIR REPOSITORY_URL [RELEASE_TYPE] [CICD]

For every section of the repository's CHANGELOG.md (at HEAD) whose heading has a
compare link `…/compare/PREV...TAG`, run `cicd changelog --range PREV..TAG` with
the same version, tags, date and link base (repositories get renamed), and
compare the text with the section Release Please wrote. REPOSITORY_URL is the
fallback link base. Prints the match rate and each mismatch, classified.
"""
import re
import subprocess
import sys

HEADING = re.compile(r"^#{2,3} \[(?P<version>[^\]]+)\]\((?P<url>[^)]+)/compare/(?P<prev>[^.]+(?:\.[^.]+)*?)\.\.\.(?P<tag>[^)]+)\) \((?P<date>[0-9-]+)\)")


def sections(text):
    out, current = [], None
    for line in text.splitlines():
        if re.match(r"^#{2,3} (\[|v?[0-9])", line):
            if current:
                out.append(current)
            current = [line]
        elif current is not None:
            current.append(line)
    if current:
        out.append(current)
    return ["\n".join(lines).strip() for lines in out]


def classify(ours, theirs):
    if theirs.startswith("### ["):
        return "older preset: patch releases as H3"
    if ", closes [" in theirs:
        return "older Release Please: `closes` instead of `refs`"
    if sorted(ours.splitlines()) == sorted(theirs.splitlines()):
        return "same lines, other order"
    ours_items = {l for l in ours.splitlines() if l.startswith("* ")}
    theirs_items = {l for l in theirs.splitlines() if l.startswith("* ")}
    if theirs_items < ours_items:
        return "we list more entries (merge duplicates or commits Release Please did not see)"
    if ours_items < theirs_items:
        return "we list fewer entries (PR override bodies or history rewritten)"
    return "other"


def main():
    git_dir, url = sys.argv[1], sys.argv[2]
    release_type = sys.argv[3] if len(sys.argv) > 3 else "node"
    cicd = sys.argv[4] if len(sys.argv) > 4 else "cicd"
    changelog = subprocess.run(["git", "-C", git_dir, "show", "HEAD:CHANGELOG.md"], capture_output=True, text=True, check=True).stdout
    total, same, kinds = 0, 0, {}
    for section in sections(changelog):
        match = HEADING.match(section)
        if not match:
            continue
        total += 1
        args = [cicd, "-C", git_dir, "changelog", "--range", f"{match['prev']}..{match['tag']}",
                "--version", match["version"], "--previous-tag", match["prev"], "--tag", match["tag"],
                "--date", match["date"], "--repository-url", match["url"] or url, "--release-type", release_type]
        result = subprocess.run(args, capture_output=True, text=True)
        ours = result.stdout.strip() if result.returncode == 0 else f"error: {result.stderr.strip()}"
        theirs = section.replace("### [", "## [", 1) if section.startswith("### [") else section
        if ours == theirs:
            same += 1
            continue
        kind = classify(ours, section) if result.returncode == 0 else "could not run: " + result.stderr.strip()[:80]
        kinds.setdefault(kind, []).append(match["version"])
    print(f"{same} of {total} releases identical ({100 * same / max(total, 1):.0f}%)")
    for kind, versions in sorted(kinds.items(), key=lambda item: -len(item[1])):
        print(f"  {len(versions):3} {kind}: {', '.join(versions[:8])}{' …' if len(versions) > 8 else ''}")


if __name__ == "__main__":
    main()
