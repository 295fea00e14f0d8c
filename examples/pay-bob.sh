#!/usr/bin/env bash
# Example agent: asks Countersign to pay 42.00 EUR to Bob Smith for a user, waits while the user
# approves on their phone, and prints each status until the run ends. Plain HTTP: bash, curl and
# python3 (standard library only, to read JSON).
#
#   COUNTERSIGN_API_KEY=cs_live_... ./examples/pay-bob.sh [user]
#
# Environment:
#   COUNTERSIGN_URL      the service (default http://localhost:8080)
#   COUNTERSIGN_API_KEY  the agent's API key (from the admin API), or a client-credentials token
#   COUNTERSIGN_ACTION   the action to run (default "pay", see docs/guides/demo-target.md)
# The first argument is the user to ask (default "demo", the demo user).
#
# The runs API contract (issue 5): POST /v1/runs with an Idempotency-Key header answers 202 with the
# run's id, status and binding_message; GET /v1/runs/{id}?wait=30 long-polls until the status changes.
set -euo pipefail

url="${COUNTERSIGN_URL:-http://localhost:8080}"
key="${COUNTERSIGN_API_KEY:?set COUNTERSIGN_API_KEY to the API key of the agent}"
action="${COUNTERSIGN_ACTION:-pay}"
user="${1:-demo}"
# One key per payment intent: a retry of this script's POST (say after a network error) finds the
# same run instead of asking, and paying, twice. Reuse it to resume; make a new one to pay again.
idempotency_key="${IDEMPOTENCY_KEY:-pay-bob-$(date +%s)-$$}"

json() { # json <field> : reads one top-level field of the JSON on stdin ("" when absent)
  python3 -c 'import json,sys; v=json.load(sys.stdin).get(sys.argv[1]); print("" if v is None else (v if isinstance(v,str) else json.dumps(v)))' "$1"
}

call() { # call <method> <path> [body] : prints the body, fails with the problem on HTTP >= 400
  local out status
  local args=(-sS -o "" -w '%{http_code}' -X "$1" "$url$2"
    -H "Authorization: Bearer $key" -H 'Accept: application/json')
  if [ $# -ge 3 ]; then
    args+=(-H "Idempotency-Key: $idempotency_key" -H 'Content-Type: application/json' --data "$3")
  fi
  out="$(mktemp)"
  args[2]="$out"
  status="$(curl "${args[@]}")"
  if [ "$status" -ge 400 ]; then
    echo "HTTP $status from $1 $2:" >&2; cat "$out" >&2; echo >&2; rm -f "$out"; return 1
  fi
  cat "$out"; rm -f "$out"
}

body="$(python3 -c 'import json,sys; print(json.dumps({"action": sys.argv[1], "user": sys.argv[2],
  "params": {"amount": "42.00", "currency": "EUR", "creditor": "Bob Smith"}, "mode": "execute"}))' "$action" "$user")"

run="$(call POST /v1/runs "$body")"
id="$(json id <<<"$run")"
status="$(json status <<<"$run")"
echo "run $id: $status"
echo "ask $user to approve on their phone; the message shown there is: $(json binding_message <<<"$run")"

while true; do
  case "$status" in
    succeeded|failed|denied|expired|cancelled) break ;;
  esac
  run="$(call GET "/v1/runs/$id?wait=30")"
  new_status="$(json status <<<"$run")"
  if [ "$new_status" != "$status" ]; then
    status="$new_status"
    reason="$(json reason <<<"$run")"
    echo "run $id: $status${reason:+ ($reason)}"
  fi
done

echo "final run:"
python3 -m json.tool <<<"$run"
[ "$status" = succeeded ]
