-- serve.lua - the wrk script of bench/bench_serve.sh: POST /code requests, mixing
-- good documents (expect 200), malformed JSON (400) and bodies over the server's
-- --max-body (413), in a fixed rotation of 8: 6 good, 1 malformed, 1 oversized.
-- Counts the answers by status and prints them at the end.
local good = '{"id": "b1", "date": "2023-03-11", "text": "The Iraqi defence minister met the United States secretary of defense in Washington on Saturday. Iraq signed an agreement with the United States."}'
local bad = '{"id": "b2", "text": "unterminated'
local big = '{"id": "b3", "text": "' .. string.rep("x", 70000) .. '"}'
local threads = {}
local n = 0
counts = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  counts = {}
end

function request()
  n = n + 1
  local k = n % 8
  local body = good
  if k == 6 then body = bad elseif k == 7 then body = big end
  return wrk.format("POST", "/code", {["Content-Type"] = "application/json"}, body)
end

function response(status, headers, body)
  counts[status] = (counts[status] or 0) + 1
end

function done(summary, latency, requests)
  local total = {}
  for _, t in ipairs(threads) do
    local c = t:get("counts")
    for s, k in pairs(c) do total[s] = (total[s] or 0) + k end
  end
  local line = "status"
  for _, s in ipairs({200, 400, 413, 500, 503}) do
    line = line .. string.format(" %d=%d", s, total[s] or 0)
  end
  local other = 0
  for s, k in pairs(total) do
    if s ~= 200 and s ~= 400 and s ~= 413 and s ~= 500 and s ~= 503 then other = other + k end
  end
  print(line .. " other=" .. other)
  print(string.format("latency_us p50=%d p90=%d p99=%d max=%d", latency:percentile(50),
        latency:percentile(90), latency:percentile(99), latency.max))
  print(string.format("requests %d seconds %.2f rps %.1f socket_errors connect=%d read=%d write=%d timeout=%d",
        summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
        summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.timeout))
end
