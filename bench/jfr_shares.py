"""Reads `jfr print --events jdk.ExecutionSample` output and prints, for the threads whose name starts
with the second argument (default `executor-thread`, the request workers; `main` for a start-up),
the share of samples whose stack passes through each of our methods and through the main libraries
(inclusive: a sample counts once for every distinct method or library on its stack). Also prints
each thread group's share of all samples (request workers, event loops, the audit sealer, ...).

    python3 bench/jfr_shares.py samples.txt                 # bench/profile.sh
    python3 bench/jfr_shares.py samples.txt main            # bench/startup.sh with BENCH_PROFILE=1
"""
import collections
import re
import sys

LIBRARIES = {
    "Hibernate query translation": "org.hibernate.query.sqm",
    "Hibernate (all)": "org.hibernate.",
    "H2 engine": "org.h2.",
    "Narayana (JTA)": "com.arjuna.",
    "Agroal (pool)": "io.agroal.",
    "RESTEasy Reactive": "org.jboss.resteasy.reactive",
    "Jackson": "com.fasterxml.jackson",
    "smallrye-jwt / jose4j": "org.jose4j",
    "Flyway": "org.flywaydb.",
    "Hibernate Validator": "org.hibernate.validator.",
    "Bouncy Castle": "org.bouncycastle.",
    "SmallRye Config": "io.smallrye.config.",
    "class loading": "java.lang.ClassLoader.loadClass",
}

text = open(sys.argv[1], encoding="utf-8").read()
selected = sys.argv[2] if len(sys.argv) > 2 else "executor-thread"
threads = collections.Counter()
ours = collections.Counter()
libraries = collections.Counter()
workers = 0
for event in text.split("jdk.ExecutionSample")[1:]:
    thread = re.search(r'sampledThread = "([^"]+)"', event)
    if thread:
        threads[re.sub(r"[-\s]*\d+$", "", thread.group(1))] += 1
    if not thread or not thread.group(1).startswith(selected):
        continue
    frames = re.findall(r"^\s+([\w$.<>/]+)\(.*?line: \d+", event, re.M)
    if not frames:
        continue
    workers += 1
    for method in {f for f in frames if f.startswith("dev.countersign.")}:
        ours[method] += 1
    for name, prefix in LIBRARIES.items():
        if any(f.startswith(prefix) for f in frames):
            libraries[name] += 1

total = sum(threads.values())
print(f"samples: {total}, of them by thread group (a name without its number)")
for name, count in threads.most_common(8):
    print(f"  {100 * count / max(total, 1):5.1f} %  {name}")
print(f"\nsamples of {selected} threads: {workers}")
if workers == 0:
    sys.exit(0)
print(f"\nlibraries (inclusive share of {selected} samples)")
for name, count in libraries.most_common():
    print(f"  {100 * count / workers:5.1f} %  {name}")
print(f"\nour methods (inclusive share of {selected} samples, top 30)")
for method, count in ours.most_common(30):
    print(f"  {100 * count / workers:5.1f} %  {method}")
