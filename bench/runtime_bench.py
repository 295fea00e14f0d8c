#!/usr/bin/env python3
"""Agent runtime benchmarks (issue 5), driven by bench/runtime.sh. Standard library only.

latency: approve -> action executed against the demo target, embedded provider. Per sample the
  agent starts a `pay` run, the demo user's request appears in the approval API, and the time is
  taken from just before the user's approve call until the agent sees the run `succeeded`
  (long-polling GET /v1/runs/{id}?wait=30 right after the approve answered).

waiting: 10,000 runs awaiting approval at once, against a loopback CIBA provider (this script)
  that never approves and counts every token request. Reports the service's resident memory while
  the runs wait and the polls the provider observes: their rate, and the shortest gap between two
  polls of one auth_req_id (CIBA Core 7.3: never shorter than `interval`).
"""
import argparse
import datetime
import json
import os
import secrets
import threading
import time
import sys
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from bench_http import Service, percentiles

TERMINAL = {"succeeded", "failed", "denied", "expired", "cancelled"}


def latency(args):
    agent = Service(args.base)
    user = Service(args.base)
    status, session, cookie = user.call("POST", "/api/me/session", {"username": args.user, "password": args.password})
    assert status == 200, session
    me = {"Cookie": cookie.split(";")[0], "X-CSRF-Token": session["csrf_token"]}
    key = {"Authorization": f"Bearer {args.api_key}"}

    def one(i):
        # A distinct amount per run: identical pending requests of one client are collapsed.
        amount = f"{1 + (i % 9000) / 100:.2f}"
        status, run, _ = agent.call("POST", "/v1/runs", {
            "action": "pay", "user": args.user, "mode": "execute",
            "params": {"amount": amount, "currency": "EUR", "creditor": "Bob Smith"}},
            {**key, "Idempotency-Key": f"bench-{secrets.token_hex(8)}"})
        assert status == 202, run
        deadline = time.monotonic() + 10
        pending = []
        while not pending:
            assert time.monotonic() < deadline, "the request never reached the user"
            status, pending, _ = user.call("GET", "/api/me/requests", headers=me)
            assert status == 200, pending
            if not pending:
                time.sleep(0.002)
        assert len(pending) == 1, pending
        started = time.perf_counter()
        status, body, _ = user.call("POST", f"/api/me/requests/{pending[0]['id']}/approve", headers=me)
        assert status == 204, body
        approved = time.perf_counter()
        state = "awaiting_approval"
        while state not in TERMINAL:
            status, view, _ = agent.call("GET", f"/v1/runs/{run['id']}?wait=30", headers=key)
            assert status == 200, view
            state = view["status"]
        done = time.perf_counter()
        assert state == "succeeded", view
        return (done - started) * 1000, (approved - started) * 1000

    for i in range(args.warmup):
        one(i)
    totals, approves = [], []
    for i in range(args.samples):
        total, approve = one(args.warmup + i)
        totals.append(total)
        approves.append(approve)
    for name, values in (("approve → run succeeded (target paid)", totals),
                         ("  of which the approve call", approves)):
        p50, p99 = percentiles(values)
        print(f"{name}: p50 {p50:.2f} ms, p99 {p99:.2f} ms ({len(values)} samples)")


class Provider:
    """A loopback CIBA provider in poll mode that never approves and records every poll."""

    def __init__(self, port, interval, expires_in):
        self.interval = interval
        self.expires_in = expires_in
        self.lock = threading.Lock()
        self.last_poll = {}
        self.poll_times = []
        self.min_gap = None
        self.too_early = 0
        self.started = 0
        provider = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # Headers and body leave in two writes: with Nagle's algorithm on, the body waits for the
            # client's delayed ACK of the headers (about 40 ms per answer on a kept-alive connection).
            disable_nagle_algorithm = True

            def log_message(self, *_):
                pass

            def answer(self, status, body):
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Cache-Control", "no-store")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self):
                base = f"http://127.0.0.1:{port}"
                if self.path == "/.well-known/openid-configuration":
                    self.answer(200, {
                        "issuer": base, "token_endpoint": base + "/token",
                        "backchannel_authentication_endpoint": base + "/bc-authorize",
                        "jwks_uri": base + "/jwks", "response_types_supported": ["id_token"],
                        "subject_types_supported": ["public"],
                        "id_token_signing_alg_values_supported": ["ES256"],
                        "grant_types_supported": ["urn:openid:params:grant-type:ciba"],
                        "backchannel_token_delivery_modes_supported": ["poll"],
                        "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"]})
                elif self.path == "/jwks":
                    self.answer(200, {"keys": []})
                else:
                    self.answer(404, {"error": "not_found"})

            def do_POST(self):
                length = int(self.headers.get("Content-Length", "0"))
                form = urllib.parse.parse_qs(self.rfile.read(length).decode())
                if self.path == "/bc-authorize":
                    with provider.lock:
                        provider.started += 1
                    self.answer(200, {"auth_req_id": secrets.token_urlsafe(24),
                                      "expires_in": provider.expires_in, "interval": provider.interval})
                elif self.path == "/token":
                    provider.record(form.get("auth_req_id", [""])[0])
                    self.answer(400, {"error": "authorization_pending"})
                else:
                    self.answer(404, {"error": "not_found"})

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def record(self, auth_req_id):
        now = time.monotonic()
        with self.lock:
            self.poll_times.append(now)
            last = self.last_poll.get(auth_req_id)
            self.last_poll[auth_req_id] = now
            if last is not None:
                gap = now - last
                if self.min_gap is None or gap < self.min_gap:
                    self.min_gap = gap
                if gap < self.interval:
                    self.too_early += 1

    def polls_between(self, start, end):
        with self.lock:
            return sum(1 for t in self.poll_times if start <= t < end)


def cpu_seconds(pid):
    """User plus system CPU time the process has used so far (proc(5): fields 14 and 15 of stat)."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_mib(pid):
    with open(f"/proc/{pid}/status") as status:
        fields = dict(line.split(":", 1) for line in status)
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024


def waiting(args):
    provider = Provider(args.provider_port, args.interval, args.expires_in)
    # bench/runtime.sh starts the service once the provider listens, then writes the service's pid.
    open(args.ready_file, "w").close()
    deadline = time.monotonic() + 120
    pid = None
    while True:
        try:
            with open(args.pid_file) as f:
                pid = int(f.read().strip() or "0") or None
            status, _, _ = Service(args.base).call("GET", "/.well-known/openid-configuration")
            if pid and status == 200:
                break
        except (OSError, ValueError):
            pass
        assert time.monotonic() < deadline, "the service did not start"
        time.sleep(0.05)
    admin = Service(args.base)
    auth = {"Authorization": f"Bearer {args.admin_token}"}
    status, body, _ = admin.call("POST", "/admin/actions", {
        "name": "bench", "url": "http://localhost:9/never", "scope": "bench:write",
        "binding_message": "Bench {n}",
        "parameters": {"type": "object", "required": ["n"],
                       "properties": {"n": {"type": "string", "pattern": "^[0-9]{1,6}$"}}}}, auth)
    assert status == 201, body
    status, body, _ = admin.call("POST", "/admin/api-keys", {"agent": "bench"}, auth)
    assert status == 201, body
    key = {"Authorization": f"Bearer {body['key']}"}
    time.sleep(2)
    baseline, _ = rss_mib(pid)
    print(f"resident memory before the runs: {baseline:.0f} MiB")

    per_thread = args.runs // args.connections
    errors = []

    def agent(first):
        own = Service(args.base)
        for n in range(first, first + per_thread):
            status, run, _ = own.call("POST", "/v1/runs", {"action": "bench", "user": f"user{n % 100}",
                                                          "params": {"n": str(n)}}, key)
            if status != 202 or run.get("status") != "awaiting_approval":
                errors.append((status, run))

    started = time.monotonic()
    agents = [threading.Thread(target=agent, args=(i * per_thread,)) for i in range(args.connections)]
    for a in agents:
        a.start()
    for a in agents:
        a.join()
    created = time.monotonic()
    runs = per_thread * args.connections
    assert not errors, errors[:3]
    print(f"runs started: {runs} in {created - started:.1f} s ({runs / (created - started):.0f} per second, "
          f"{args.connections} agent connections); the provider saw {provider.started} requests")

    samples = []
    hold_start = time.monotonic()
    cpu_start = cpu_seconds(pid)
    while time.monotonic() - hold_start < args.hold:
        time.sleep(args.hold / 6)
        samples.append(rss_mib(pid)[0])
    hold_end = time.monotonic()
    cpu = cpu_seconds(pid) - cpu_start
    held_polls = provider.polls_between(hold_start, hold_end)
    rss, peak = rss_mib(pid)
    # Count only the steady state: the runs started in the first `interval` after creation may not
    # all have polled yet.
    window_start = hold_start + args.interval
    polls = provider.polls_between(window_start, hold_end)
    seconds = hold_end - window_start
    allowed = runs / args.interval
    print(f"resident memory while {runs} runs wait ({args.hold} s, sampled): "
          + ", ".join(f"{s:.0f}" for s in samples) + f" MiB; peak (VmHWM) {peak:.0f} MiB")
    print(f"provider polls: {polls / seconds:.0f} per second over {seconds:.0f} s "
          f"(the allowed ceiling is {allowed:.0f} per second: {runs} runs / interval {args.interval} s)")
    print(f"service CPU while the runs wait: {100 * cpu / (hold_end - hold_start):.0f} % of one core, "
          f"{1000 * cpu / max(held_polls, 1):.1f} ms per poll ({held_polls} polls)")
    gap = "none" if provider.min_gap is None else f"{provider.min_gap:.3f} s"
    print(f"shortest gap between two polls of one auth_req_id: {gap}; polls earlier than the interval: "
          f"{provider.too_early}")


def breakdown(_args):
    """Reads the H2 shell's table of (recorded_seq, type, occurred_at) audit events on stdin and
    prints, per step of the approve → executed path, the median gap between consecutive events."""
    steps = {("backchannel.approved", "token.issued"): [], ("token.issued", "run.approved"): [],
             ("run.approved", "run.executed"): []}
    last = {}
    for line in sys.stdin:
        cells = [c.strip() for c in line.split("|")]
        if len(cells) != 3 or not cells[0].isdigit():
            continue
        kind, at = cells[1], datetime.datetime.fromisoformat(cells[2].replace(" ", "T", 1).replace("+00", "+00:00"))
        last[kind] = at
        for (before, after), gaps in steps.items():
            if kind == after and before in last:
                gaps.append((at - last[before]).total_seconds() * 1000)
    for (before, after), gaps in steps.items():
        if gaps:
            p50, p99 = percentiles(gaps)
            print(f"  {before} → {after}: p50 {p50:.1f} ms, p99 {p99:.1f} ms ({len(gaps)} runs, warm-up included)")


def main():
    p = argparse.ArgumentParser()
    sub = p.add_subparsers(dest="phase", required=True)
    lat = sub.add_parser("latency")
    lat.add_argument("--base", required=True)
    lat.add_argument("--user", required=True)
    lat.add_argument("--password", required=True)
    lat.add_argument("--api-key", required=True)
    lat.add_argument("--samples", type=int, default=200)
    lat.add_argument("--warmup", type=int, default=200)
    sub.add_parser("breakdown")
    wait = sub.add_parser("waiting")
    wait.add_argument("--base", required=True)
    wait.add_argument("--admin-token", required=True)
    wait.add_argument("--pid-file", required=True)
    wait.add_argument("--provider-port", type=int, required=True)
    wait.add_argument("--ready-file", required=True)
    wait.add_argument("--runs", type=int, default=10000)
    wait.add_argument("--connections", type=int, default=8)
    wait.add_argument("--interval", type=int, default=5)
    wait.add_argument("--expires-in", type=int, default=1800)
    wait.add_argument("--hold", type=int, default=60)
    args = p.parse_args()
    {"latency": latency, "waiting": waiting, "breakdown": breakdown}[args.phase](args)


if __name__ == "__main__":
    main()
