-- wrk script: token requests (CIBA grant) authenticated with private_key_jwt, cycling over a file of
-- pending auth_req_ids of that client; each request takes the next pre-signed assertion (distinct
-- jti). Run with -t1: every wrk thread has its own copy of the list, so more threads would replay.
-- Environment: BENCH_IDS, BENCH_POLL_COUNT, BENCH_ASSERTIONS (file of assertions, one a line).
local ids = {}
local limit = tonumber(os.getenv("BENCH_POLL_COUNT") or "10000")
for line in io.lines(os.getenv("BENCH_IDS")) do
  ids[#ids + 1] = line
  if #ids >= limit then break end
end
local assertions = {}
for line in io.lines(os.getenv("BENCH_ASSERTIONS")) do
  assertions[#assertions + 1] = line
end
local i, a = 0, 0
pending, slow, invalid_client, other = 0, 0, 0, 0
local threads = {}

function setup(thread)
  threads[#threads + 1] = thread
end

function request()
  i = i % #ids + 1
  a = a % #assertions + 1
  return wrk.format("POST", "/token", {["Content-Type"] = "application/x-www-form-urlencoded"},
    "grant_type=urn%3Aopenid%3Aparams%3Agrant-type%3Aciba&auth_req_id=" .. ids[i]
    .. "&client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer"
    .. "&client_assertion=" .. assertions[a])
end

function response(status, headers, body)
  local err = body:match('"error":"([^"]+)"')
  if err == "authorization_pending" then pending = pending + 1
  elseif err == "slow_down" then slow = slow + 1
  elseif err == "invalid_client" then invalid_client = invalid_client + 1
  else other = other + 1 end
end

function done(summary, latency, requests)
  local p, s, c, o = 0, 0, 0, 0
  for _, t in ipairs(threads) do
    p = p + t:get("pending"); s = s + t:get("slow"); c = c + t:get("invalid_client"); o = o + t:get("other")
  end
  io.write(string.format(
    "RESULT rps=%.0f p50_ms=%.2f p99_ms=%.2f ids=%d assertions=%d pending=%d slow_down=%d invalid_client=%d other=%d errors=%d\n",
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, #ids, #assertions, p, s, c, o,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
