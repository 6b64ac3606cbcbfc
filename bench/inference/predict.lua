-- POST the benchmark image to /predict/<model>; BENCH_IMAGE names the PNG.
wrk.method = "POST"
wrk.headers["Content-Type"] = "image/png"
local f = assert(io.open(os.getenv("BENCH_IMAGE"), "rb"))
wrk.body = f:read("*all")
f:close()
