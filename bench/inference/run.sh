#!/usr/bin/env bash
# Inference benchmark: HTTP load from a separate process (wrk) against POST /predict/bench with the
# default CNN (cnn, 32x32x3, 3 classes), compared in the same run with the in-process forward pass.
#   1. raw forward pass in-process (BenchTool raw)
#   2. wrk c=1 and c=16, batching on (defaults)
#   3. wrk c=1 and c=16, batching off (sightline.inference.batching.enabled=false), 1 and 2 workers
#   4. hot swap under load: wrk c=16 while new versions are promoted through Kafka; failures counted
#   6. tails at 1 connection (p99, p99.9) against Flask + PyTorch serving the same CNN (flask_server.py;
#      needs python3-flask), with the service's GC pauses logged during the run
#   5. Open Inference Protocol: POST /v2/models/bench/infer, the same FP32 tensor as JSON and as binary tensor
#      data (tritonclient's default), wrk c=1 and c=16
# Usage: bench/inference/run.sh [DURATION_SECONDS]   (from anywhere; needs wrk: apt-get install -y wrk)
# Env: SKIP_BUILD=1 to reuse inference-service/target/quarkus-app; WORK=dir for the scratch folder;
#      PARTS=raw,on,off,swap,oip,tails (default: all) to run only some parts; SERVICE_OPTS="..." adds JVM
#      options to every service start (a JFR recording); GC="..." the collector (default the chart's serial one,
#      GC=-XX:+UseG1GC to compare).
set -euo pipefail

REPO=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)
BENCH=$REPO/bench/inference
DURATION=${1:-20}
WORK=${WORK:-$(mktemp -d /tmp/sightline-bench-inference.XXXXXX)}
KAFKA_PORT=${KAFKA_PORT:-19392}
HTTP_PORT=${HTTP_PORT:-18093}
GRPC_PORT=${GRPC_PORT:-18094} # the gRPC port (decision 099), off the demo's 8001
STORE=$WORK/store
APP=$REPO/inference-service/target/quarkus-app
CP="$APP/lib/main/*:$APP/lib/boot/*" # boot: jboss-logging, which storage logs through
THREADS="-Dai.djl.pytorch.num_threads=1 -Dai.djl.pytorch.num_interop_threads=1"
# glibc malloc tuning for PyTorch, as the chart and LocalStack give inference-service (glibc reads it only at
# process start); the in-process forward pass gets it too, so both sides of the comparison run alike
MALLOC_TUNING=(MALLOC_MMAP_THRESHOLD_=33554432 MALLOC_TRIM_THRESHOLD_=1073741824 MALLOC_TOP_PAD_=268435456)
SERVICE_PID=
PARTS=${PARTS:-raw,on,off,swap,oip,tails}
part() { [[ ",$PARTS," == *",$1,"* ]]; }

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
cd "$REPO"
if [[ -z "${SKIP_BUILD:-}" ]]; then
  ./mvnw -B -q -pl inference-service -am install -DskipTests
fi

tool() { env "${MALLOC_TUNING[@]}" java $THREADS -cp "$CP" "$BENCH/BenchTool.java" "$@" 2>/dev/null; }

stop_service() {
  if [[ -n "$SERVICE_PID" ]]; then
    kill "$SERVICE_PID" 2>/dev/null || true
    wait "$SERVICE_PID" 2>/dev/null || true
    SERVICE_PID=
  fi
}
cleanup() {
  stop_service
  bin/kafka stop --dir "$WORK/kafka" >/dev/null 2>&1 || true
}
trap cleanup EXIT

start_service() { # extra -D flags
  env "${MALLOC_TUNING[@]}" java $THREADS -Xmx512m ${GC:--XX:+UseSerialGC} ${SERVICE_OPTS:-} "$@" -Dquarkus.http.port=$HTTP_PORT -Dquarkus.grpc.server.port=$GRPC_PORT -Dkafka.bootstrap.servers=localhost:$KAFKA_PORT \
    -Dsightline.store.uri=file:$STORE -Dquarkus.log.level=WARN \
    -jar "$APP/quarkus-run.jar" > "$WORK/service.log" 2>&1 &
  SERVICE_PID=$!
  for _ in $(seq 1 120); do
    if curl -sf "localhost:$HTTP_PORT/v2/health/ready" >/dev/null \
        && curl -sf "localhost:$HTTP_PORT/models/bench" | grep -q '"state":"SERVING"'; then
      return 0
    fi
    sleep 0.5
  done
  echo "service did not become ready; log:" >&2
  tail -50 "$WORK/service.log" >&2
  exit 1
}

load() { # label connections threads duration
  echo "--- $1: wrk -t$3 -c$2 -d$4s --latency"
  BENCH_IMAGE=$WORK/img.png wrk -t"$3" -c"$2" -d"$4"s --latency -s "$BENCH/predict.lua" \
    "http://localhost:$HTTP_PORT/predict/bench" | tee "$WORK/wrk-$(echo "$1" | tr ' =' '__').txt"
}

echo "=== machine"
echo "$(nproc) cores: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $(free -g | awk '/Mem:/{print $2}') GiB; $(java -version 2>&1 | head -1); load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "commit $(git rev-parse --short HEAD); work dir $WORK"

bin/kafka start --port "$KAFKA_PORT" --controller-port $((KAFKA_PORT + 1)) --dir "$WORK/kafka" >/dev/null
tool image "$WORK/img.png"
for v in 1 2 3 4 5 6 7 8; do tool publish "$STORE" bench "$v" "$v" >/dev/null; done
tool promote "localhost:$KAFKA_PORT" bench 1

if part raw; then
echo "=== 1. raw in-process forward pass (same model, same image, one thread)"
tool raw "$STORE" bench 1 "$WORK/img.png" 3000 | grep '^raw'
fi

if part on; then
echo "=== 2. HTTP, batching on (defaults: max 16 rows, 1 ms, 1 worker)"
start_service
load "warm-up" 16 2 5 >/dev/null
load "batching on c=1" 1 1 "$DURATION"
load "batching on c=16" 16 2 "$DURATION"
curl -s "localhost:$HTTP_PORT/q/metrics" | grep -E '^sightline_inference_batch_size_(count|sum|max)' || true
stop_service
fi

if part off; then
echo "=== 3. HTTP, batching off"
start_service -Dsightline.inference.batching.enabled=false
load "warm-up off" 16 2 5 >/dev/null
load "batching off c=1" 1 1 "$DURATION"
load "batching off c=16" 16 2 "$DURATION"
stop_service
start_service -Dsightline.inference.batching.enabled=false -Dsightline.inference.batching.workers=2
load "warm-up off 2 workers" 16 2 5 >/dev/null
load "batching off, 2 workers c=16" 16 2 "$DURATION"
stop_service
fi

if part swap; then
echo "=== 4. hot swap under load (batching on, c=16, versions 2..8 promoted during the run)"
start_service
SWAP_SECONDS=$(( DURATION * 2 > 30 ? DURATION * 2 : 30 ))
STEP=$(( SWAP_SECONDS / 10 ))
T0=$(date +%s.%N)
elapsed() { echo "$(date +%s.%N) - $T0" | bc | xargs printf '%.1f'; }
load "hot swap c=16" 16 2 "$SWAP_SECONDS" > "$WORK/swap.txt" &
WRK_PID=$!
for v in 2 3 4 5 6 7 8; do
  sleep "$STEP"
  echo "promoting version $v at +$(elapsed) s"
  tool promote "localhost:$KAFKA_PORT" bench "$v" & # in the background: a JVM start must not shift the schedule
done
wait_serving() {
  for _ in $(seq 1 200); do
    curl -s "localhost:$HTTP_PORT/models/bench" | grep -q "\"servingVersion\":\"$1\"" && return 0
    sleep 0.1
  done
  return 1
}
wait_serving 8 && echo "version 8 serving at +$(elapsed) s (load ran for ${SWAP_SECONDS} s)"
wait $WRK_PID
echo "load finished at +$(elapsed) s"
cat "$WORK/swap.txt"
echo "serving after the run: $(curl -s localhost:$HTTP_PORT/models/bench | grep -o '"servingVersion":"[^"]*"')"
curl -s "localhost:$HTTP_PORT/q/metrics" | grep -E '^sightline_inference_model_loads_total|^sightline_inference_request_errors_total' || true
echo "promotions: 7 (versions 2..8); non-2xx responses and socket errors are wrk's lines above (absent = 0)"
stop_service
fi

if part oip; then
echo "=== 5. Open Inference Protocol /v2: JSON vs binary tensor data (batching on)"
HEADER_LENGTH=$(python3 "$BENCH/oip-bodies.py" 32 "$WORK") # BenchTool publishes 32x32x3
echo "bodies: JSON $(stat -c %s "$WORK/oip-json.body") bytes, binary $(stat -c %s "$WORK/oip-binary.body") bytes"
start_service
oip_load() { # label connections threads duration header-length body
  echo "--- $1: wrk -t$3 -c$2 -d$4s --latency"
  BENCH_BODY=$6 BENCH_HEADER_LENGTH=$5 wrk -t"$3" -c"$2" -d"$4"s --latency -s "$BENCH/oip.lua" \
    "http://localhost:$HTTP_PORT/v2/models/bench/infer"
}
oip_load "warm-up" 16 2 5 "" "$WORK/oip-json.body" >/dev/null
oip_load "v2 JSON c=1" 1 1 "$DURATION" "" "$WORK/oip-json.body"
oip_load "v2 binary c=1" 1 1 "$DURATION" "$HEADER_LENGTH" "$WORK/oip-binary.body"
oip_load "v2 JSON c=16" 16 2 "$DURATION" "" "$WORK/oip-json.body"
oip_load "v2 binary c=16" 16 2 "$DURATION" "$HEADER_LENGTH" "$WORK/oip-binary.body"
stop_service
fi

if part tails; then
echo "=== 6. tails at 1 connection: Sightline (defaults) against Flask + PyTorch, the same CNN and image"
start_service -Xlog:gc:file="$WORK/gc.log"
load "warm-up" 16 2 5 >/dev/null
if [[ -n "${TAILS_SETTLE:-}" ]]; then # TAILS_SETTLE=s: that long at c=1 first, its tail printed (JIT still at work?)
  BENCH_IMAGE=$WORK/img.png wrk -t1 -c1 -d"$TAILS_SETTLE"s -s "$BENCH/predict.lua" "http://localhost:$HTTP_PORT/predict/bench" \
    | grep '^tail:' | sed 's/^/settling /'
fi
gc_before=$(grep -c 'Pause' "$WORK/gc.log" || true)
load "sightline c=1" 1 1 "$DURATION"
echo "GC pauses during the run: $(tail -n +$((gc_before + 1)) "$WORK/gc.log" | grep 'Pause' \
  | awk '{n++; ms=$NF+0; s+=ms; if (ms>m) m=ms} END {printf "%d, longest %.2f ms, total %.1f ms", n, m, s}')"
stop_service
if [[ ${TAILS_FLASK:-1} == 1 ]]; then # TAILS_FLASK=0: Sightline's side only (comparing JVM options)
FLASK_PORT=$((HTTP_PORT + 7))
env "${MALLOC_TUNING[@]}" /usr/bin/python3 "$BENCH/flask_server.py" "$FLASK_PORT" > "$WORK/flask.log" 2>&1 &
FLASK_PID=$!
until curl -sf -o /dev/null -X POST -H 'content-type: image/png' --data-binary @"$WORK/img.png" \
    "localhost:$FLASK_PORT/predict"; do sleep 0.3; done
BENCH_IMAGE=$WORK/img.png wrk -t2 -c16 -d5s -s "$BENCH/predict.lua" "http://localhost:$FLASK_PORT/predict" >/dev/null
echo "--- flask c=1: wrk -t1 -c1 -d${DURATION}s --latency"
BENCH_IMAGE=$WORK/img.png wrk -t1 -c1 -d"$DURATION"s --latency -s "$BENCH/predict.lua" \
  "http://localhost:$FLASK_PORT/predict"
kill "$FLASK_PID"; wait "$FLASK_PID" 2>/dev/null || true
fi
fi
