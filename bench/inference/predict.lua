-- POST the benchmark image to /predict/<model>; BENCH_IMAGE names the PNG.
wrk.method = "POST"
wrk.headers["Content-Type"] = "image/png"
local f = assert(io.open(os.getenv("BENCH_IMAGE"), "rb"))
wrk.body = f:read("*all")
f:close()

-- the tail wrk's --latency leaves out: p99.9 and the worst request, in ms
function done(summary, latency, requests)
  io.write(string.format("tail: p50 %.3f ms  p99 %.3f ms  p99.9 %.3f ms  max %.3f ms  requests %d\n",
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency:percentile(99.9) / 1000,
    latency.max / 1000, summary.requests))
end
