#!/usr/bin/env python3
"""Sums the collector's pauses over the last seconds of a unified GC log (-Xlog:gc:file=...).

    BENCH_JAVA_OPTS="-Xlog:gc:file=/tmp/gc.log" bench/bc-authorize.sh
    python3 bench/gc_pauses.py /tmp/gc.log        # the last 10 s: the measured phase
    python3 bench/gc_pauses.py /tmp/gc.log 30

Prints the pause time and count of each kind (Young, Full, ...) in that window.
"""
import re
import sys
from collections import defaultdict

PAUSE = re.compile(r"\[(\d+\.\d+)s\].*Pause (\w+).* (\d+\.\d+)ms")


def main():
    path = sys.argv[1]
    window = float(sys.argv[2]) if len(sys.argv) > 2 else 10.0
    pauses = []
    with open(path) as log:
        for line in log:
            match = PAUSE.search(line)
            if match:
                pauses.append((float(match.group(1)), match.group(2), float(match.group(3))))
    if not pauses:
        sys.exit("no pauses in " + path)
    end = pauses[-1][0]
    millis, count = defaultdict(float), defaultdict(int)
    for at, kind, ms in pauses:
        if at > end - window:
            millis[kind] += ms
            count[kind] += 1
    parts = [f"{kind.lower()} {millis[kind]:.0f} ms ({count[kind]})" for kind in sorted(millis)]
    print(f"pauses in the last {window:g} s of the log: " + ", ".join(parts)
          + f"; {sum(millis.values()):.0f} ms in all")


if __name__ == "__main__":
    main()
