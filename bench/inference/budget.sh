#!/usr/bin/env bash
# Memory budget benchmark (issue 19, decision 104), against the packaged inference-service:
#   1. cold start: JVM start to the first answer of POST /predict/cold with one small model promoted
#   2. eviction and reload: N models promoted, a budget that holds K; one request per model in turn, so every
#      request past the first K evicts the least recently used model and loads its own (latency = reload)
#   3. random load: wrk, requests uniformly random across the N models, p50/p99 and failures
# Usage: bench/inference/budget.sh [DURATION_SECONDS] (needs wrk; build first:
#   ./mvnw -B -q -pl inference-service package -DskipTests, with its modules installed or built alongside)
# Env: MODELS (50), RESIDENT (10), CONNECTIONS (4), WORK=dir.
set -euo pipefail

REPO=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)
BENCH=$REPO/bench/inference
DURATION=${1:-30}
MODELS=${MODELS:-50}
RESIDENT=${RESIDENT:-10}
CONNECTIONS=${CONNECTIONS:-4}
WORK=${WORK:-$(mktemp -d /tmp/sightline-bench-budget.XXXXXX)}
KAFKA_PORT=${KAFKA_PORT:-19492}
HTTP_PORT=${HTTP_PORT:-18193}
STORE=$WORK/store
APP=$REPO/inference-service/target/quarkus-app
CP="$APP/lib/main/*:$APP/lib/boot/*"
THREADS="-Dai.djl.pytorch.num_threads=1 -Dai.djl.pytorch.num_interop_threads=1"
MALLOC_TUNING=(MALLOC_MMAP_THRESHOLD_=33554432 MALLOC_TRIM_THRESHOLD_=1073741824 MALLOC_TOP_PAD_=268435456)
SERVICE_PID=

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
cd "$REPO"
tool() { env "${MALLOC_TUNING[@]}" java $THREADS -cp "$CP" "$BENCH/BenchTool.java" "$@" 2>/dev/null; }
now_ms() { date +%s%3N; }
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
  env "${MALLOC_TUNING[@]}" java $THREADS -Xmx512m "$@" -Dquarkus.http.port=$HTTP_PORT -Dquarkus.grpc.server.port=0 \
    -Dkafka.bootstrap.servers=localhost:$KAFKA_PORT -Dsightline.store.uri=file:$STORE -Dquarkus.log.level=WARN \
    -jar "$APP/quarkus-run.jar" > "$WORK/service.log" 2>&1 &
  SERVICE_PID=$!
}
predict() { # model -> "status seconds"
  curl -s -o /dev/null -w '%{http_code} %{time_total}\n' -H 'Content-Type: image/png' --data-binary @"$WORK/img.png" \
    "localhost:$HTTP_PORT/predict/$1"
}

echo "=== machine"
echo "$(nproc) cores; $(free -g | awk '/Mem:/{print $2}') GiB; $(java -version 2>&1 | head -1); load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "commit $(git rev-parse --short HEAD); work dir $WORK"

bin/kafka start --port "$KAFKA_PORT" --controller-port $((KAFKA_PORT + 1)) --dir "$WORK/kafka" >/dev/null
tool image "$WORK/img.png"
tool publish "$STORE" cold 1 1 >/dev/null
tool promote "localhost:$KAFKA_PORT" cold 1
tool publish-many "$STORE" m "$MODELS" >/dev/null
tool promote-many "localhost:$KAFKA_PORT" m "$MODELS"
PARAMS=$(stat -c %s "$STORE/models/m0/1/model.params" 2>/dev/null || find "$STORE/models/m0/1" -name '*.params' -exec stat -c %s {} \;)
echo "each model: $PARAMS bytes of parameters"

echo "=== 1. cold start: JVM start to first answer (every model loads at promotion, no budget)"
T0=$(now_ms)
start_service
until [[ "$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: image/png' --data-binary @"$WORK/img.png" \
    "localhost:$HTTP_PORT/predict/cold")" == 200 ]]; do sleep 0.05; done
echo "first answer of /predict/cold after $(( $(now_ms) - T0 )) ms (with ${MODELS} more models loading at promotion)"
stop_service
T0=$(now_ms)
start_service -Dsightline.inference.models=cold
until [[ "$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: image/png' --data-binary @"$WORK/img.png" \
    "localhost:$HTTP_PORT/predict/cold")" == 200 ]]; do sleep 0.05; done
echo "first answer of /predict/cold after $(( $(now_ms) - T0 )) ms (placement: that model only)"
stop_service

# the budget holds RESIDENT models: the factor 1.5 of the estimate, plus slack smaller than one model
BUDGET=$(( PARAMS * 3 / 2 * RESIDENT + PARAMS / 2 ))
echo "=== 2. eviction and reload: ${MODELS} models, budget ${BUDGET} bytes (holds ${RESIDENT})"
start_service -Dsightline.inference.memory-budget=$BUDGET -Dsightline.inference.models='m*'
until curl -sf "localhost:$HTTP_PORT/q/health/ready" >/dev/null; do sleep 0.2; done
for i in $(seq 0 $(( MODELS - 1 ))); do predict "m$i"; done > "$WORK/first-loads.txt"
for i in $(seq 0 $(( MODELS - 1 ))); do predict "m$i"; done > "$WORK/reloads.txt"
for i in $(seq 1 20); do predict "m$(( MODELS - 1 ))"; done > "$WORK/resident.txt"
summary() { # file label
  sort -k2 -n "$1" | awk -v label="$2" '{ s[NR] = $2; if ($1 != 200) bad++ }
    END { printf "%s: n=%d p50=%.1f ms p99=%.1f ms max=%.1f ms non-200=%d\n", label, NR, s[int(NR*0.5+0.5)]*1000,
          s[int(NR*0.99+0.5)]*1000, s[NR]*1000, bad }'
}
summary "$WORK/first-loads.txt" "first request of each model (load + evict)"
summary "$WORK/reloads.txt" "request of an evicted model (evict + reload)"
summary "$WORK/resident.txt" "request of a resident model"
curl -s "localhost:$HTTP_PORT/q/metrics" | grep -E '^sightline_inference_residency_(resident|budget)' || true

echo "=== 3. random requests across ${MODELS} models, budget holds ${RESIDENT}: wrk -c${CONNECTIONS} ${DURATION}s"
BENCH_IMAGE=$WORK/img.png BENCH_PREFIX=m BENCH_MODELS=$MODELS wrk -t2 -c"$CONNECTIONS" -d"$DURATION"s --latency \
  --timeout 30s -s "$BENCH/budget.lua" "http://localhost:$HTTP_PORT" | tee "$WORK/wrk.txt"
curl -s "localhost:$HTTP_PORT/q/metrics" | grep -E '^sightline_inference_residency_evictions_total' \
  | awk '{ sum += $2 } END { print "evictions: " sum }'
curl -s "localhost:$HTTP_PORT/q/metrics" | grep -E '^sightline_inference_request_errors_total' || echo "request errors: none"
stop_service
