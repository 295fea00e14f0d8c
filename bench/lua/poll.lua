-- wrk script: token requests (CIBA grant) cycling over a file of pending auth_req_ids.
-- Environment: BENCH_AUTH (base64 client_id:secret), BENCH_IDS (file of auth_req_ids), BENCH_POLL_COUNT (how many ids).
local auth = os.getenv("BENCH_AUTH")
local ids = {}
local limit = tonumber(os.getenv("BENCH_POLL_COUNT") or "10000")
for line in io.lines(os.getenv("BENCH_IDS")) do
  ids[#ids + 1] = line
  if #ids >= limit then break end
end
local i = 0
pending, slow, other = 0, 0, 0
local threads = {}

function setup(thread)
  threads[#threads + 1] = thread
end

function request()
  i = i % #ids + 1
  return wrk.format("POST", "/token", {
    ["Authorization"] = "Basic " .. auth,
    ["Content-Type"] = "application/x-www-form-urlencoded"
  }, "grant_type=urn%3Aopenid%3Aparams%3Agrant-type%3Aciba&auth_req_id=" .. ids[i])
end

function response(status, headers, body)
  local err = body:match('"error":"([^"]+)"')
  if err == "authorization_pending" then pending = pending + 1
  elseif err == "slow_down" then slow = slow + 1
  else other = other + 1 end
end

function done(summary, latency, requests)
  local p, s, o = 0, 0, 0
  for _, t in ipairs(threads) do
    p = p + t:get("pending"); s = s + t:get("slow"); o = o + t:get("other")
  end
  io.write(string.format("RESULT rps=%.0f p50_ms=%.2f p99_ms=%.2f ids=%d pending=%d slow_down=%d other=%d errors=%d\n",
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, #ids, p, s, o,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
