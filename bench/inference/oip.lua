-- POST an Open Inference Protocol request to /v2/models/<model>/infer. BENCH_BODY names the body file;
-- BENCH_HEADER_LENGTH, when set, is sent as Inference-Header-Content-Length (binary tensor data) with no
-- Content-Type, as tritonclient sends it; unset, the body is JSON.
wrk.method = "POST"
local f = assert(io.open(os.getenv("BENCH_BODY"), "rb"))
wrk.body = f:read("*all")
f:close()
local header = os.getenv("BENCH_HEADER_LENGTH")
if header ~= nil and header ~= "" then
  wrk.headers["Inference-Header-Content-Length"] = header
else
  wrk.headers["Content-Type"] = "application/json"
end

done = function(summary, latency, requests)
  io.write(string.format("non-2xx or errors: %d\n", summary.errors.status + summary.errors.connect
    + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
