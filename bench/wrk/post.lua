-- wrk script: POST /v1/events with the request bodies of LIF_BODIES (one JSON
-- document a line, from `lif_bench_tool bodies`), in turn. "@N@" in a body
-- (the id of a stream the event starts) becomes a number unique to the
-- thread, the run (LIF_RUN) and the request, so every such event starts a new
-- stream. LIF_TOKEN is sent as the bearer token when set.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("thread_id", #threads)
end

function init(args)
  bodies = {}
  for line in io.lines(os.getenv("LIF_BODIES")) do
    bodies[#bodies + 1] = line
  end
  prefix = tostring(thread_id) .. "x" .. (os.getenv("LIF_RUN") or "0") .. "-"
  counter = 0
  headers = { ["Content-Type"] = "application/json" }
  local token = os.getenv("LIF_TOKEN")
  if token and token ~= "" then
    headers["Authorization"] = "Bearer " .. token
  end
end

function request()
  counter = counter + 1
  local body = bodies[(counter - 1) % #bodies + 1]
  body = body:gsub("@N@", prefix .. counter)
  return wrk.format("POST", "/v1/events", headers, body)
end
