"""Drives bench/delivery.sh: an HTTPS client notification endpoint plus the client and the user.

For each sample it starts a backchannel request, approves it as the user and measures, from just
before the approval is sent:
  ping: until the client holds the tokens (ping received, then POST /token answered 200);
  push: until the pushed token response has been received.
Prints p50 and p99 in milliseconds. Loopback only; standard library only.
"""

import argparse
import base64
import http.server
import json
import queue
import secrets
import ssl
import threading
import time

from bench_http import Service, percentiles

ARRIVALS: "queue.Queue[tuple[float, dict]]" = queue.Queue()


class Receiver(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body leave in two writes: with Nagle's algorithm on, the body waits for the
    # client's delayed ACK of the headers (about 40 ms per answer on a kept-alive connection).
    disable_nagle_algorithm = True

    def do_POST(self):  # noqa: N802 (http.server's naming)
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        ARRIVALS.put((time.perf_counter(), json.loads(body)))
        self.send_response(204)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


def serve(port, cert, key):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Receiver)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()


def main():
    p = argparse.ArgumentParser()
    for name in ("--base", "--admin-token", "--cert", "--key"):
        p.add_argument(name, required=True)
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--samples", type=int, default=200)
    p.add_argument("--warmup", type=int, default=3000,
                   help="samples per mode before the measured ones, not counted: the hot paths compiled")
    args = p.parse_args()
    serve(args.port, args.cert, args.key)
    endpoint = f"https://localhost:{args.port}/cb"
    service = Service(args.base)
    admin = {"Authorization": f"Bearer {args.admin_token}"}

    password = "bench-password-" + secrets.token_hex(8)
    service.call("POST", "/admin/users", {"username": "bench-delivery", "password": password}, admin)
    _, session, cookie = service.call(
        "POST", "/api/me/session", {"username": "bench-delivery", "password": password})
    user = {"Cookie": cookie.split(";")[0], "X-CSRF-Token": session["csrf_token"]}

    for mode in ("ping", "push"):
        status, client, _ = service.call("POST", "/admin/clients", {
            "client_name": f"Bench {mode} agent", "scope": "openid",
            "backchannel_token_delivery_mode": mode,
            "backchannel_client_notification_endpoint": endpoint}, admin)
        assert status == 201, client
        basic = base64.b64encode(f"{client['client_id']}:{client['client_secret']}".encode()).decode()
        auth = {"Authorization": f"Basic {basic}"}
        for _ in range(args.warmup):
            sample(service, auth, user, mode)
        samples = [sample(service, auth, user, mode) for _ in range(args.samples)]
        p50, p99 = percentiles([total for total, _ in samples])
        what = "approve → tokens in the client's hand" if mode == "ping" else "approve → push received"
        print(f"{mode}: {what}: p50 {p50:.2f} ms, p99 {p99:.2f} ms ({len(samples)} samples)")
        if mode == "ping":
            a50, a99 = percentiles([arrived for _, arrived in samples])
            print(f"  of which approve → ping received: p50 {a50:.2f} ms, p99 {a99:.2f} ms")


def sample(service, auth, user, mode):
    status, ack, _ = service.call("POST", "/bc-authorize", headers=auth, form={
        "scope": "openid", "login_hint": "bench-delivery",
        "client_notification_token": secrets.token_urlsafe(24)})
    assert status == 200, ack
    _, pending, _ = service.call("GET", "/api/me/requests?status=pending", headers=user)
    request_id = pending[0]["id"]
    started = time.perf_counter()
    status, _, _ = service.call("POST", f"/api/me/requests/{request_id}/approve", headers=user)
    assert status == 204
    arrived, body = ARRIVALS.get(timeout=10)
    assert body["auth_req_id"] == ack["auth_req_id"], body
    if mode == "push":
        return (arrived - started) * 1000, (arrived - started) * 1000
    status, tokens, _ = service.call("POST", "/token", headers=auth, form={
        "grant_type": "urn:openid:params:grant-type:ciba", "auth_req_id": ack["auth_req_id"]})
    assert status == 200, tokens
    return (time.perf_counter() - started) * 1000, (arrived - started) * 1000


if __name__ == "__main__":
    main()
