-- wrk script for scripts/bench-survey: sends a whole wellbeing survey answer to each
-- single-use link in the file MHSW_BENCH_LINKS, each of wrk's two threads taking every
-- other link, and counts the 303s (answers stored) apart from anything else.
local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  links = {}
  for line in io.lines(os.getenv("MHSW_BENCH_LINKS")) do links[#links + 1] = line end
  next_index = id + 1
  stored, other = 0, 0
  local token = os.getenv("MHSW_BENCH_CSRF")
  body = "csrf_token=" .. token .. "&" .. os.getenv("MHSW_BENCH_ANSWER")
  headers = {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Cookie"] = "mhsw_csrf=" .. token,
  }
end

function request()
  local link = links[((next_index - 1) % #links) + 1]
  next_index = next_index + 2
  return wrk.format("POST", "/survey/" .. link, headers, body)
end

function response(status, headers, body)
  if status == 303 then stored = stored + 1 else other = other + 1 end
end

function done(summary, latency, requests)
  local s, o = 0, 0
  for _, t in ipairs(threads) do
    s = s + t:get("stored")
    o = o + t:get("other")
  end
  io.write(string.format("stored %d other %d\n", s, o))
end
