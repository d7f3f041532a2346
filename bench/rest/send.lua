-- wrk script: POST a message to one conversation, spreading the sends over its participants.
-- Reads the conversation id and the participants' tokens from the environment
-- (BENCH_CONVERSATION, BENCH_TOKENS: space-separated), as bench/rest/run.sh sets them.
local conversation = os.getenv("BENCH_CONVERSATION")
local tokens = {}
for t in string.gmatch(os.getenv("BENCH_TOKENS"), "%S+") do tokens[#tokens + 1] = t end
local path = "/messaging/conversations/" .. conversation .. "/messages"
local counter = 0

function request()
  counter = counter + 1
  local token = tokens[(counter % #tokens) + 1]
  local body = '{"content":"load test message number ' .. counter .. ', how are you today?"}'
  return wrk.format("POST", path, {
    ["Authorization"] = "Bearer " .. token,
    ["Content-Type"] = "application/json",
  }, body)
end

function response(status, headers, body)
  if status ~= 201 then
    io.stderr:write("unexpected status " .. status .. ": " .. body .. "\n")
  end
end
