-- wrk: print one JSON line of throughput and latency percentiles when done.
-- Optional POST: BENCH_METHOD=POST, BENCH_BODY (a counter is appended to make each
-- request's email unique), BENCH_COOKIE.
local method = os.getenv("BENCH_METHOD") or "GET"
local body = os.getenv("BENCH_BODY")
local cookie = os.getenv("BENCH_COOKIE")
local counter = 0
local thread_id = 0
local threads = {}

function setup(thread)
  thread_id = thread_id + 1
  thread:set("tid", thread_id)
  table.insert(threads, thread)
end

function init(args)
  -- Add to wrk's own headers (they carry Host, which the portal's page cache keys on).
  if cookie then wrk.headers["Cookie"] = cookie end
  if method == "POST" then wrk.headers["Content-Type"] = "application/x-www-form-urlencoded" end
end

function request()
  if method == "POST" then
    counter = counter + 1
    return wrk.format("POST", nil, nil, body .. tid .. "x" .. counter .. "%40example.org")
  end
  return wrk.format("GET")
end

function done(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.status + summary.errors.timeout
  io.write(string.format(
    '{"requests": %d, "seconds": %.3f, "errors": %d, "p50_ms": %.2f, "p95_ms": %.2f, "p99_ms": %.2f}\n',
    summary.requests, summary.duration / 1e6, errors,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000))
end
