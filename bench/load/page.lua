-- wrk script: each connection fetches the demo's files in page-load order
-- (index.html, index.js, index.wasm), so "requests" counts files and a full page load is 3 of them.
local paths = {"/index.html", "/index.js", "/index.wasm"}
local i = 0
request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
done = function(summary, latency, requests)
  io.write(string.format("full page loads: %.0f (%.1f per second), errors: connect %d, read %d, write %d, status %d, timeout %d\n",
    summary.requests / 3, summary.requests / 3 / (summary.duration / 1e6),
    summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.status, summary.errors.timeout))
end
