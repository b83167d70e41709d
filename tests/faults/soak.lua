-- wrk script for the soak: a mix of reads and writes as the NetBox plugin and the sync backend send them.
--   45 % GET a page of a list (tags or VMs), 25 % GET one VM, 15 % POST a storage upsert (a bounded key set, so the
--   table stays the same size), 10 % PATCH one VM, 5 % POST a new tag (unique names: the table grows slowly).
-- Arguments after "--": the token, the first and last VM id, the cluster id.
-- Every 5xx is counted per thread and summed in done(); the summary lines are parsed by soak.py.

local threads = {}

function setup(thread)
  thread:set("thread_id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  token = args[1]
  vm_first = tonumber(args[2])
  vm_last = tonumber(args[3])
  cluster = args[4]
  server_errors = 0
  sent = 0
  math.randomseed(os.time() + thread_id * 7919)
  headers = {
    ["Authorization"] = "Token " .. token,
    ["Content-Type"] = "application/json",
    ["Accept"] = "application/json",
  }
end

function request()
  sent = sent + 1
  local pick = math.random(100)
  local vm = math.random(vm_first, vm_last)
  if pick <= 25 then
    return wrk.format("GET", "/api/extras/tags/?limit=20&offset=" .. math.random(0, 180), headers)
  elseif pick <= 45 then
    return wrk.format("GET", "/api/virtualization/virtual-machines/?limit=50&cluster_id=" .. cluster .. "&q=vm", headers)
  elseif pick <= 70 then
    return wrk.format("GET", "/api/virtualization/virtual-machines/" .. vm .. "/", headers)
  elseif pick <= 85 then
    local body = string.format('{"cluster": %s, "name": "soak-%d", "path": "/mnt/%d", "enabled": %s}',
      cluster, math.random(1, 300), sent, (sent % 2 == 0) and "true" or "false")
    return wrk.format("POST", "/api/plugins/proxbox/storage/", headers, body)
  elseif pick <= 95 then
    local body = string.format('{"description": "soak %d-%d", "vcpus": %d}', thread_id, sent, math.random(1, 16))
    return wrk.format("PATCH", "/api/virtualization/virtual-machines/" .. vm .. "/", headers, body)
  else
    local name = string.format("soak-%d-%d", thread_id, sent)
    return wrk.format("POST", "/api/extras/tags/", headers, string.format('{"name": "%s", "slug": "%s"}', name, name))
  end
end

function response(status, headers, body)
  if status >= 500 then
    server_errors = server_errors + 1
  end
end

function done(summary, latency, requests)
  local errors = 0
  for _, thread in ipairs(threads) do
    errors = errors + thread:get("server_errors")
  end
  io.write(string.format("soak requests=%d\n", summary.requests))
  io.write(string.format("soak duration_s=%.1f\n", summary.duration / 1e6))
  io.write(string.format("soak server_errors=%d\n", errors))
  io.write(string.format("soak socket_errors=%d\n",
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
  io.write(string.format("soak non_2xx_3xx=%d\n", summary.errors.status))
  for _, p in ipairs({ 50, 90, 99, 99.9 }) do
    io.write(string.format("soak p%s_ms=%.2f\n", p, latency:percentile(p) / 1000))
  end
  io.write(string.format("soak max_ms=%.2f\n", latency.max / 1000))
end
