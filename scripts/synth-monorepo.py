#!/usr/bin/env python3
"""Make a synthetic monorepo history for `cicd release-pr` performance runs.

usage: synth-monorepo.py DIR N_COMMITS N_PACKAGES [TAGGED_FRACTION]

Packages `packages/p0` … are node packages listed in release-please-config.json
with versions in .release-please-manifest.json. Each commit touches one package
(round robin, sometimes two); each package gets a release tag `pK-vX.Y.Z` every
50 of its commits within the first TAGGED_FRACTION of the history (default
0.5), so every package has unreleased commits. Deterministic (seeded)."""
import json
import random
import subprocess
import sys

d, n, packages = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
tagged = float(sys.argv[4]) if len(sys.argv) > 4 else 0.5
rng = random.Random(7)
subprocess.run(["git", "init", "-q", "-b", "main", d], check=True)
types = ["feat"] * 2 + ["fix"] * 3 + ["chore"] * 2 + ["docs", "refactor", "perf", "test"]
words = "add remove update handle support fix improve cache retry stream parse render validate token".split()


def sentence(k):
    return " ".join(rng.choice(words) for _ in range(k))


fast = subprocess.Popen(["git", "-C", d, "fast-import", "--quiet"], stdin=subprocess.PIPE)
write = fast.stdin.write
versions = {k: [1, 0, 0] for k in range(packages)}
counts = {k: 0 for k in range(packages)}
clock = 1600000000
config = {"release-type": "node", "packages": {f"packages/p{k}": {} for k in range(packages)}}


def blob(path, text):
    data = text.encode()
    write(f"M 644 inline {path}\ndata {len(data)}\n".encode() + data + b"\n")


for i in range(1, n + 1):
    clock += rng.randint(60, 5000)
    touched = [i % packages] + ([rng.randrange(packages)] if rng.random() < 0.1 else [])
    kind = rng.choice(types)
    message = f"{kind}(p{touched[0]}): {sentence(rng.randint(3, 8))} (#{i})\n"
    if rng.random() < 0.3:
        message += "\n" + sentence(12) + "\n"
    data = message.encode()
    write(b"commit refs/heads/main\n")
    write(f"mark :{i}\n".encode())
    write(f"author Dev <dev@example.com> {clock} +0000\ncommitter Dev <dev@example.com> {clock} +0000\n".encode())
    write(f"data {len(data)}\n".encode() + data)
    if i > 1:
        write(f"from :{i - 1}\n".encode())
    if i == 1:
        blob("release-please-config.json", json.dumps(config, indent=2) + "\n")
        for k in range(packages):
            blob(f"packages/p{k}/package.json", json.dumps({"name": f"p{k}", "version": "1.0.0"}, indent=2) + "\n")
    for k in touched:
        blob(f"packages/p{k}/src/f{i % 7}.js", f"// {i}\n")
        counts[k] += 1
    if i <= n * tagged:
        for k in touched:
            if counts[k] % 50 == 0:
                versions[k][2] += 1
                tag = f"p{k}-v{'.'.join(map(str, versions[k]))}"
                write(f"reset refs/tags/{tag}\nfrom :{i}\n\n".encode())
    if i == n:
        manifest = {f"packages/p{k}": ".".join(map(str, versions[k])) for k in range(packages)}
        write(b"commit refs/heads/main\n")
        write(f"author Dev <dev@example.com> {clock + 1} +0000\ncommitter Dev <dev@example.com> {clock + 1} +0000\n".encode())
        data = b"chore: manifest\n"
        write(f"data {len(data)}\n".encode() + data)
        write(f"from :{i}\n".encode())
        blob(".release-please-manifest.json", json.dumps(manifest, indent=2) + "\n")
fast.stdin.close()
fast.wait()
subprocess.run(["git", "-C", d, "checkout", "-q", "main"], check=True)
print(f"{d}: {n} commits, {packages} packages")
