"""CPU time of one process by thread group, between two snapshots, read from /proc: unlike a
sampling profiler, it counts every thread's CPU exactly (Flight Recorder samples only some threads
per period and over-counted H2's serialisation thread by about three times).

    python3 bench/thread_cpu.py snapshot <pid> > before.txt
    ... load ...
    python3 bench/thread_cpu.py snapshot <pid> > after.txt
    python3 bench/thread_cpu.py report before.txt after.txt [requests]

A thread group is a thread's name without its trailing number ("executor-thread", "VM Thread").
Threads that ended between the snapshots are not counted. With the number of requests served in
between, the report also gives the process's CPU per request.
"""
import collections
import os
import re
import sys

TICKS = os.sysconf("SC_CLK_TCK")


def snapshot(pid):
    for task in sorted(os.listdir(f"/proc/{pid}/task")):
        try:
            with open(f"/proc/{pid}/task/{task}/comm") as comm, open(f"/proc/{pid}/task/{task}/stat") as stat:
                name = comm.read().strip()
                # The fields after the name, which may hold spaces and parentheses: utime is the 14th
                # field of the line, stime the 15th.
                fields = stat.read().rsplit(")", 1)[1].split()
                print(f"{task}\t{name}\t{int(fields[11]) + int(fields[12])}")
        except FileNotFoundError:
            pass  # the thread ended while being read


def read(path):
    threads = {}
    with open(path) as lines:
        for line in lines:
            task, name, ticks = line.rstrip("\n").split("\t")
            threads[task] = (name, int(ticks))
    return threads


def report(before_path, after_path, requests=None):
    before, after = read(before_path), read(after_path)
    groups = collections.Counter()
    for task, (name, ticks) in after.items():
        groups[re.sub(r"[-\s]*\d+$", "", name)] += ticks - before.get(task, (name, 0))[1]
    total = sum(groups.values())
    line = f"process CPU between the snapshots: {total / TICKS:.2f} s"
    if requests:
        line += f", {1000 * total / TICKS / requests:.3f} ms per request ({requests} requests)"
    print(line)
    for group, ticks in groups.most_common():
        if ticks > 0:
            print(f"  {100 * ticks / total:5.1f} %  {ticks / TICKS:6.2f} s  {group}")


if __name__ == "__main__":
    if sys.argv[1] == "snapshot":
        snapshot(sys.argv[2])
    else:
        report(sys.argv[2], sys.argv[3], int(sys.argv[4]) if len(sys.argv) > 4 else None)
