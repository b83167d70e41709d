-- One wrk script for every GET workload, steered by the environment (run.sh sets it per run):
--   BENCH_PATH    the request path; each "{id}" in it becomes a random integer in [BENCH_ID_MIN, BENCH_ID_MAX]
--   BENCH_HEADERS extra request headers, "Name: value" separated by newlines (Host, Authorization, X-Floor-Count)
-- done() prints one machine-readable line that run.sh parses:
--   BENCH requests=… duration_s=… rps=… p50_ms=… p99_ms=… non2xx=… socket_errors=… bytes=…

local path = os.getenv("BENCH_PATH") or "/"
local id_min = tonumber(os.getenv("BENCH_ID_MIN") or "1")
local id_max = tonumber(os.getenv("BENCH_ID_MAX") or "1")
local has_id = string.find(path, "{id}", 1, true) ~= nil

for line in string.gmatch(os.getenv("BENCH_HEADERS") or "", "[^\n]+") do
  local name, value = string.match(line, "^%s*([^:]+):%s*(.-)%s*$")
  if name then wrk.headers[name] = value end
end

-- wrk -t1 runs one thread; seeding from the clock keeps runs from replaying the same id sequence.
function init(args)
  math.randomseed(os.time() + tonumber(tostring({}):match("0x(%x+)") or "0", 16) % 100000)
end

function request()
  if has_id then
    local p = string.gsub(path, "{id}", function() return tostring(math.random(id_min, id_max)) end)
    return wrk.format("GET", p)
  end
  return wrk.format("GET", path)
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format(
    "BENCH requests=%d duration_s=%.3f rps=%.1f p50_ms=%.3f p99_ms=%.3f non2xx=%d socket_errors=%d bytes=%d\n",
    summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    e.status, e.connect + e.read + e.write + e.timeout, summary.bytes))
end
