-- wrk script: GET the newest page of 50 messages of one conversation (the chat screen's first
-- request), as one of its participants. BENCH_CONVERSATION and BENCH_TOKENS as in send.lua.
local conversation = os.getenv("BENCH_CONVERSATION")
local tokens = {}
for t in string.gmatch(os.getenv("BENCH_TOKENS"), "%S+") do tokens[#tokens + 1] = t end
local path = "/messaging/conversations/" .. conversation .. "/messages?limit=50"
local counter = 0

function request()
  counter = counter + 1
  local token = tokens[(counter % #tokens) + 1]
  return wrk.format("GET", path, { ["Authorization"] = "Bearer " .. token })
end

function response(status, headers, body)
  if status ~= 200 then
    io.stderr:write("unexpected status " .. status .. ": " .. body .. "\n")
  end
end
