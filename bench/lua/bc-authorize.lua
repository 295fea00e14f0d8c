-- wrk script: POST /bc-authorize as the bench client for the bench user.
-- Environment: BENCH_AUTH (base64 client_id:secret), BENCH_USER, BENCH_IDS (file to append auth_req_ids to, optional).
local auth = os.getenv("BENCH_AUTH")
local user = os.getenv("BENCH_USER")
local ids_path = os.getenv("BENCH_IDS")
local ids = nil

wrk.method = "POST"
wrk.path = "/bc-authorize"
wrk.headers["Authorization"] = "Basic " .. auth
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.body = "scope=openid&login_hint=" .. user .. "&binding_message=Bench+request"

-- Each request differs (its binding message carries a per-run prefix and a counter), so that
-- identical pending requests are not collapsed (ADR 0005), also across wrk runs against one
-- service; run.sh raises the per-user and per-client limits.
local counter = 0
local run = ""
function request()
  counter = counter + 1
  return wrk.format(nil, nil, nil,
    "scope=openid&login_hint=" .. user .. "&binding_message=Bench+request+" .. run .. "+" .. counter)
end

function init(args)
  -- wrk seeds nothing: without this every run repeats the previous run's binding messages.
  local urandom = io.open("/dev/urandom", "rb")
  local bytes = urandom:read(6)
  urandom:close()
  run = bytes:gsub(".", function(c) return string.format("%02x", string.byte(c)) end)
  if ids_path ~= nil and ids_path ~= "" then
    ids = io.open(ids_path, "a")
  end
end

function response(status, headers, body)
  if ids ~= nil and status == 200 then
    local id = body:match('"auth_req_id":"([^"]+)"')
    if id then ids:write(id, "\n") end
  end
end

function done(summary, latency, requests)
  io.write(string.format("RESULT rps=%.0f p50_ms=%.2f p99_ms=%.2f non2xx=%d errors=%d\n",
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
