-- wrk script: GET LIF_PATH (e.g. /v1/views/dashboard) with LIF_TOKEN as the
-- bearer token when set.
function init(args)
  path = os.getenv("LIF_PATH")
  headers = {}
  local token = os.getenv("LIF_TOKEN")
  if token and token ~= "" then
    headers["Authorization"] = "Bearer " .. token
  end
end

function request()
  return wrk.format("GET", path, headers)
end
