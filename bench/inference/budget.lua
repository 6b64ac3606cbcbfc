-- POST the benchmark image to /predict/<prefix><i>, i uniformly random in 0..N-1 per request.
-- BENCH_IMAGE names the PNG, BENCH_PREFIX the model prefix, BENCH_MODELS N.
local f = assert(io.open(os.getenv("BENCH_IMAGE"), "rb"))
local body = f:read("*all")
f:close()
local prefix = os.getenv("BENCH_PREFIX") or "m"
local models = tonumber(os.getenv("BENCH_MODELS") or "50")
local headers = { ["Content-Type"] = "image/png" }
local statuses = {}

function setup(thread)
  thread:set("seed", math.random(1, 1000000))
end

function init(args)
  math.randomseed(seed or os.time())
end

function request()
  return wrk.format("POST", "/predict/" .. prefix .. math.random(0, models - 1), headers, body)
end
