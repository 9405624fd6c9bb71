-- wrk script for bench/load/run.sh: page loads. Each connection fetches the demo's files in the
-- order a browser loads them (by default /index.html, /index.js, /index.wasm; other paths after
-- wrk's "--"), over and over, so "requests" counts files and one page load is one round.
--
-- Per-file latency: run.sh starts wrk with as many threads as connections (-t500 -c500), so each
-- thread drives exactly one connection and its request() calls alternate with that connection's
-- responses: the time from one request() to the next is the previous request's latency (wrk calls
-- request() when the connection is ready to send again, right after the response; a reconnect,
-- as after HTTP/1.0's close, counts in). The last request of each connection is not timed.
-- Clock: clock_gettime(CLOCK_MONOTONIC) through LuaJIT's ffi.
local ffi = require("ffi")
ffi.cdef[[
typedef struct { long tv_sec; long tv_nsec; } cnn_load_timespec;
int clock_gettime(int clock, cnn_load_timespec *tp);
]]
local ts = ffi.new("cnn_load_timespec")
local function now_us()
  ffi.C.clock_gettime(1, ts)
  return tonumber(ts.tv_sec) * 1e6 + tonumber(ts.tv_nsec) / 1e3
end

paths = {"/index.html", "/index.js", "/index.wasm"}
-- Per thread: the globals lat1, lat2, ... list the microseconds of paths[1], paths[2], ... (flat
-- tables: wrk's thread:get copies those, not nested ones).
local latencies = {}
local threads = {}
local i, last = 0, nil

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  if #args > 0 then paths = args end
  for k = 1, #paths do
    latencies[k] = {}
    _G["lat" .. k] = latencies[k]
  end
end

function request()
  local t = now_us()
  if last then
    local l = latencies[i]
    l[#l + 1] = t - last
  end
  last = t
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end

local function percentile(sorted, p)
  if #sorted == 0 then return 0 end
  local k = math.max(1, math.ceil(p / 100 * #sorted))
  return sorted[k]
end

function done(summary, latency, requests)
  local e = summary.errors
  local seconds = summary.duration / 1e6
  io.write(string.format("RESULT requests=%d seconds=%.2f bytes=%d connect=%d read=%d write=%d status=%d timeout=%d\n",
    summary.requests, seconds, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout))
  local names = threads[1] and threads[1]:get("paths") or paths
  local all = {}
  for k = 1, #names do all[k] = {} end
  for _, thread in ipairs(threads) do
    for k = 1, #names do
      for _, v in ipairs(thread:get("lat" .. k) or {}) do all[k][#all[k] + 1] = v end
    end
  end
  for k = 1, #names do
    table.sort(all[k])
    io.write(string.format("FILE %s n=%d p50_ms=%.1f p99_ms=%.1f max_ms=%.1f\n", names[k], #all[k],
      percentile(all[k], 50) / 1e3, percentile(all[k], 99) / 1e3, (all[k][#all[k]] or 0) / 1e3))
  end
end
