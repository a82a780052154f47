-- wrk script for scripts/bench: sends the public feedback form once per card code, each
-- thread taking every n-th code from the file in MHSW_BENCH_CODES, and counts the 303s
-- (answers stored) apart from anything else (a code used twice gets a 200 "already used").
local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  codes = {}
  for line in io.lines(os.getenv("MHSW_BENCH_CODES")) do codes[#codes + 1] = line end
  next_index = id + 1
  stored = 0
  other = 0
  local token = os.getenv("MHSW_BENCH_CSRF")
  body = "csrf_token=" .. token .. "&format=standard&q_listened=5&q_respect=4&q_involved=3&comment=Kind+and+clear"
  headers = {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Cookie"] = "mhsw_csrf=" .. token,
  }
end

function request()
  local code = codes[((next_index - 1) % #codes) + 1]
  next_index = next_index + 2 -- two threads (wrk -t2), interleaved
  return wrk.format("POST", "/f/" .. code, headers, body)
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
