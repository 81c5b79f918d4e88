#!/usr/bin/env python3
"""Time commands side by side on a shared, noisy machine.

usage: scripts/interleave.py ROUNDS COMMAND [COMMAND ...]

Runs the commands one after the other, round after round (two warm-up
rounds are not counted), so that a machine getting busier or quieter
weighs on all of them alike. Prints each command's median wall time and
quartiles, and its ratio to the first command: the ratio of the medians,
and the median of the per-round ratios with its quartiles (the figure the
issue notes quote).

Example, `release-pr` against a bare `git log` of the unreleased range:

    python3 scripts/synth-monorepo.py /tmp/mono 10000 20
    cd /tmp/mono && python3 .../scripts/interleave.py 30 "git log $(RANGE)" \\
        "cicd release-pr --dry-run --repository-url https://github.com/o/n"
"""
import statistics
import subprocess
import sys
import time


def main():
    rounds = int(sys.argv[1])
    commands = sys.argv[2:]
    if rounds < 2 or not commands:
        sys.exit(__doc__)
    times = [[] for _ in commands]
    for round_ in range(rounds + 2):
        for at, command in enumerate(commands):
            start = time.perf_counter()
            subprocess.run(command, shell=True, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL, check=True)
            if round_ >= 2:
                times[at].append((time.perf_counter() - start) * 1000)
    base = statistics.median(times[0])
    for command, measured in zip(commands, times):
        median = statistics.median(measured)
        q1, _, q3 = statistics.quantiles(measured, n=4)
        paired = [mine / first for mine, first in zip(measured, times[0])]
        p1, pm, p3 = statistics.quantiles(paired, n=4)
        print(f"{median:7.1f} ms [{q1:.1f}-{q3:.1f}]  {median / base:5.2f}x  "
              f"per round {statistics.median(paired):.2f}x [{p1:.2f}-{p3:.2f}]  {command}")


if __name__ == "__main__":
    main()
