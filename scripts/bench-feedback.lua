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
  other_200, other_4xx, other_5xx = 0, 0, 0
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
  if status == 303 then
    stored = stored + 1
  else
    other = other + 1
    if status == 200 then other_200 = other_200 + 1
    elseif status >= 500 then other_5xx = other_5xx + 1
    else other_4xx = other_4xx + 1 end
  end
end

function done(summary, latency, requests)
  local s, o, o200, o4, o5 = 0, 0, 0, 0, 0
  for _, t in ipairs(threads) do
    s = s + t:get("stored")
    o = o + t:get("other")
    o200 = o200 + t:get("other_200")
    o4 = o4 + t:get("other_4xx")
    o5 = o5 + t:get("other_5xx")
  end
  -- 200: a code already used (a request wrk sent again after reconnecting); 4xx, 5xx: refused.
  io.write(string.format("stored %d other %d (200 %d, 4xx %d, 5xx %d)\n", s, o, o200, o4, o5))
end
