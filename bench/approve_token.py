"""The latency phase of bench/run.sh: approve → token in the client's hand when the client polls
right after the decision (issue 2). For each sample the client starts a request with
/bc-authorize, the user's approval app finds it in the pending list, and the clock runs from just
before the user's approve call until the client's token request (CIBA grant) answers 200. The user
and the client each keep one HTTP/1.1 connection open, as a browser and an HTTP client library do.

Prints one RESULT line for run.sh. Standard library only (plus bench_http)."""
import argparse
import base64
import time

from bench_http import Service, percentiles


def main():
    p = argparse.ArgumentParser()
    for name in ("--base", "--client-id", "--client-secret", "--user", "--password"):
        p.add_argument(name, required=True)
    p.add_argument("--samples", type=int, default=200)
    p.add_argument("--warmup", type=int, default=1000,
                   help="samples before the measured ones, not counted: the service's hot paths compiled")
    args = p.parse_args()
    client, phone = Service(args.base), Service(args.base)
    basic = base64.b64encode(f"{args.client_id}:{args.client_secret}".encode()).decode()
    auth = {"Authorization": f"Basic {basic}"}
    _, session, cookie = phone.call("POST", "/api/me/session", {"username": args.user, "password": args.password})
    user = {"Cookie": cookie.split(";")[0], "X-CSRF-Token": session["csrf_token"]}

    def sample():
        status, ack, _ = client.call("POST", "/bc-authorize", headers=auth,
                                     form={"scope": "openid", "login_hint": args.user})
        assert status == 200, ack
        _, pending, _ = phone.call("GET", "/api/me/requests?status=pending", headers=user)
        started = time.perf_counter()
        status, _, _ = phone.call("POST", f"/api/me/requests/{pending[0]['id']}/approve", headers=user)
        assert status == 204, status
        approved = time.perf_counter()
        status, tokens, _ = client.call("POST", "/token", headers=auth, form={
            "grant_type": "urn:openid:params:grant-type:ciba", "auth_req_id": ack["auth_req_id"]})
        assert status == 200 and "access_token" in tokens, tokens
        done = time.perf_counter()
        return (done - started) * 1000, (approved - started) * 1000, (done - approved) * 1000

    for _ in range(args.warmup):
        sample()
    totals, approves, tokens = zip(*(sample() for _ in range(args.samples)))
    (p50, p99), (a50, a99), (t50, t99) = percentiles(totals), percentiles(approves), percentiles(tokens)
    print(f"RESULT p50_ms={p50:.2f} p99_ms={p99:.2f} approve_p50_ms={a50:.2f} approve_p99_ms={a99:.2f} "
          f"token_p50_ms={t50:.2f} token_p99_ms={t99:.2f} samples={len(totals)} warmup={args.warmup}")


if __name__ == "__main__":
    main()
