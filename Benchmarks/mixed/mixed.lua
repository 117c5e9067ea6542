-- Mixed load for Benchmarks/mixed_bench.sh: 9 reads in 10 (`/servers?q=`, `/api/v1/servers?q=`, `/downtimes`,
-- `/timeline`, `/status`) and 1 `POST /api/v1/downtimes` (a draft on one server, each in its own future two-hour
-- window, so no two of them overlap). Signed in by the cookie and the bearer token given in the environment.
local cookie = os.getenv("MIXED_COOKIE") or ""
local token = os.getenv("MIXED_TOKEN") or ""
local servers = {}
for name in string.gmatch(os.getenv("MIXED_SERVERS") or "", "[^,]+") do servers[#servers + 1] = name end
local searches = { "srv-ams", "lon-000", "MS-001", "fra-01", "Seattle", "sfo-00" }
local reads = {}
for i, q in ipairs(searches) do
  reads[#reads + 1] = "/servers?q=" .. q
  reads[#reads + 1] = "/api/v1/servers?q=" .. q
end
local pages = { "/downtimes", "/timeline", "/status" }
local threadCount = 0

function setup(thread)
  thread:set("tid", threadCount)
  threadCount = threadCount + 1
end

local n = 0
local base = 1925078400 -- 2031-01-01T00:00:00Z
function request()
  n = n + 1
  local page = { ["Cookie"] = cookie }
  local api = { ["Authorization"] = "Bearer " .. token }
  if n % 10 == 0 then
    local headers = api
    local slot = (tid or 0) * 1000000 + n
    local starts = os.date("!%Y-%m-%dT%H:%M:%S", base + slot * 7200)
    local ends = os.date("!%Y-%m-%dT%H:%M:%S", base + slot * 7200 + 3600)
    local server = servers[(slot % #servers) + 1]
    headers["Content-Type"] = "application/json"
    local body = string.format('{"title":"mixed load %d","kind":"planned","targets":[{"kind":"server","name":"%s"}],' ..
      '"starts_at":"%s","ends_at":"%s","time_zone":"UTC"}', slot, server, starts, ends)
    return wrk.format("POST", "/api/v1/downtimes", headers, body)
  end
  local k = n % 10
  if k <= 5 then
    local path = reads[(n % #reads) + 1]
    return wrk.format("GET", path, string.sub(path, 1, 5) == "/api/" and api or page)
  end
  return wrk.format("GET", pages[(k % #pages) + 1], page)
end

function done(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.status + summary.errors.timeout
  io.write(string.format("MIXED requests=%d seconds=%.2f rps=%.1f p50_ms=%.1f p90_ms=%.1f p99_ms=%.1f max_ms=%.1f errors=%d non2xx=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    errors, summary.errors.status))
end
