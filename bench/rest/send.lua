-- wrk script: POST messages to conversations, in turn, spreading the sends over their
-- participants. Reads the conversation ids and the participants' tokens from the environment
-- (BENCH_CONVERSATION, BENCH_TOKENS: space-separated), as bench/rest/run.sh sets them; every
-- token's user must be in every conversation.
local paths = {}
for id in string.gmatch(os.getenv("BENCH_CONVERSATION"), "%S+") do
  paths[#paths + 1] = "/messaging/conversations/" .. id .. "/messages"
end
local tokens = {}
for t in string.gmatch(os.getenv("BENCH_TOKENS"), "%S+") do tokens[#tokens + 1] = t end
local counter = 0

function request()
  counter = counter + 1
  local token = tokens[(counter % #tokens) + 1]
  local path = paths[(counter % #paths) + 1]
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
