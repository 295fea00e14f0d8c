"""Drives bench/push.sh: a loopback HTTPS push service (RFC 8030 §5) plus the agent and the user.

Latency: for each sample the agent calls POST /bc-authorize for a user with one registered device;
measured from just before that call until the push message arrives at the push service (on
loopback, arrival is the moment it left the service plus a TLS write). Prints p50 and p99 in ms.
Throughput: a second user with several devices; agents start requests from a few connections at
once; prints push messages received per second, from the first bc-authorize to the last arrival.
The push service answers 201 Created and does not decrypt (the test suite proves the format).
Standard library only; the P-256 key of the fake browser comes from openssl (see push.sh).
"""

import argparse
import base64
import http.server
import queue
import secrets
import ssl
import threading
import time

from bench_http import Service, percentiles

ARRIVALS: "queue.Queue[tuple[float, str]]" = queue.Queue()


class PushService(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body leave in two writes: with Nagle's algorithm on, the body waits for the
    # client's delayed ACK of the headers (about 40 ms per answer on a kept-alive connection).
    disable_nagle_algorithm = True

    def do_POST(self):  # noqa: N802 (http.server's naming)
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        ARRIVALS.put((time.perf_counter(), self.path))
        self.send_response(201)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


def serve(port, cert, key):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), PushService)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()


def user_with_devices(service, admin, username, devices, endpoint_base, p256dh):
    password = "bench-password-" + secrets.token_hex(8)
    status, body, _ = service.call("POST", "/admin/users", {"username": username, "password": password}, admin)
    assert status == 201, body
    _, session, cookie = service.call("POST", "/api/me/session", {"username": username, "password": password})
    user = {"Cookie": cookie.split(";")[0], "X-CSRF-Token": session["csrf_token"]}
    auth = base64.urlsafe_b64encode(secrets.token_bytes(16)).decode().rstrip("=")
    for i in range(devices):
        status, body, _ = service.call("POST", "/api/me/devices", {
            "name": f"bench device {i}",
            "subscription": {"endpoint": f"{endpoint_base}/{username}/{i}", "expirationTime": None,
                             "keys": {"p256dh": p256dh, "auth": auth}}}, user)
        assert status == 201, body


def authorize(service, auth, username):
    # A distinct binding message per request: identical pending requests are collapsed (ADR 0005).
    status, ack, _ = service.call("POST", "/bc-authorize", headers=auth, form={
        "scope": "openid", "login_hint": username, "binding_message": "bench " + secrets.token_hex(4)})
    assert status == 200, ack


def main():
    p = argparse.ArgumentParser()
    for name in ("--base", "--admin-token", "--cert", "--key", "--p256dh"):
        p.add_argument(name, required=True)
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--samples", type=int, default=200)
    p.add_argument("--warmup", type=int, default=300,
                   help="requests before the measured ones, not counted: the service's hot paths compiled")
    p.add_argument("--fanout-devices", type=int, default=8)
    p.add_argument("--fanout-requests", type=int, default=200)
    p.add_argument("--fanout-connections", type=int, default=4)
    args = p.parse_args()
    serve(args.port, args.cert, args.key)
    endpoint_base = f"https://localhost:{args.port}/push"
    service = Service(args.base)
    admin = {"Authorization": f"Bearer {args.admin_token}"}

    status, client, _ = service.call("POST", "/admin/clients", {
        "client_name": "Bench push agent", "scope": "openid",
        "backchannel_token_delivery_mode": "poll"}, admin)
    assert status == 201, client
    basic = base64.b64encode(f"{client['client_id']}:{client['client_secret']}".encode()).decode()
    auth = {"Authorization": f"Basic {basic}"}

    user_with_devices(service, admin, "bench-push", 1, endpoint_base, args.p256dh)
    for _ in range(args.warmup):
        authorize(service, auth, "bench-push")
        ARRIVALS.get(timeout=10)
    latencies, answers, after = [], [], []
    for _ in range(args.samples):
        started = time.perf_counter()
        authorize(service, auth, "bench-push")
        answered = time.perf_counter()
        arrived, _ = ARRIVALS.get(timeout=10)
        latencies.append((arrived - started) * 1000)
        answers.append((answered - started) * 1000)
        after.append((arrived - answered) * 1000)
    for name, values in (("bc-authorize → push received", latencies),
                         ("  of which bc-authorize answered", answers),
                         ("  of which answer → push received", after)):
        p50, p99 = percentiles(values)
        print(f"{name}: p50 {p50:.2f} ms, p99 {p99:.2f} ms ({len(values)} samples)")

    user_with_devices(service, admin, "bench-fanout", args.fanout_devices, endpoint_base, args.p256dh)
    expected = args.fanout_requests * args.fanout_devices
    per_connection = args.fanout_requests // args.fanout_connections

    def agent():
        own = Service(args.base)
        for _ in range(per_connection):
            authorize(own, auth, "bench-fanout")

    started = time.perf_counter()
    agents = [threading.Thread(target=agent) for _ in range(args.fanout_connections)]
    for a in agents:
        a.start()
    expected = per_connection * args.fanout_connections * args.fanout_devices
    last = started
    for _ in range(expected):
        last, _ = ARRIVALS.get(timeout=30)
    for a in agents:
        a.join()
    seconds = last - started
    print(f"push deliveries: {expected / seconds:.0f} per second ({expected} pushes to "
          f"{args.fanout_devices} devices of one user, {per_connection * args.fanout_connections} requests "
          f"from {args.fanout_connections} connections, {seconds:.2f} s)")


if __name__ == "__main__":
    main()
