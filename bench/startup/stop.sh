#!/usr/bin/env bash
# SIGTERM to exit of each packaged service, idle beside a local Kafka, and the CPU it used idling before (decision
# 117). Each service starts, waits until ready, idles SETTLE + IDLE seconds (CPU counted over the last IDLE), stops.
# Needs: packaged services (./mvnw -B -q install -DskipTests).
# Usage: [RUNS=2] [SETTLE=20] [IDLE=30] [SERVICES="dataset-service trainer-service inference-service"]
#   [JAVA_OPTS="-Dmp.messaging.connector.smallrye-kafka.poll-timeout=1000"] bench/startup/stop.sh [WORK]
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS=${RUNS:-2}; SETTLE=${SETTLE:-20}; IDLE=${IDLE:-30}
SERVICES=${SERVICES:-"dataset-service trainer-service inference-service"}
WORK=${1:-$(mktemp -d)}
KPORT=${BENCH_KAFKA_PORT:-19592}
PORT=18290
mkdir -p "$WORK/logs" "$WORK/store" "$WORK/import"
PID=
cleanup() {
  [[ -n "$PID" ]] && kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null || true
  bin/kafka stop --dir "$WORK/kafka" >/dev/null 2>&1 || true
}
trap cleanup EXIT
bin/kafka start --port "$KPORT" --controller-port $((KPORT + 1)) --dir "$WORK/kafka" >/dev/null
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%FT%TZ), commit $(git rev-parse --short HEAD)"
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; } # user + system, in 1/100 s
for service in $SERVICES; do
  for run in $(seq 1 "$RUNS"); do
    # shellcheck disable=SC2086
    java ${JAVA_OPTS:-} -Xmx1g -Dkafka.bootstrap.servers=localhost:$KPORT -Dsightline.store.uri="file:$WORK/store" \
      -Dsightline.dataset.import-roots="$WORK/import" -Dquarkus.http.port=$PORT -Dquarkus.grpc.server.port=$((PORT + 10)) \
      -Dquarkus.log.level=WARN -jar "$service/target/quarkus-app/quarkus-run.jar" >> "$WORK/logs/$service.log" 2>&1 &
    PID=$!
    for _ in $(seq 1 240); do curl -sf -o /dev/null "localhost:$PORT/q/health/ready" && break; sleep 0.5; done
    curl -sf -o /dev/null "localhost:$PORT/q/health/ready" || { echo "$service never ready: $WORK/logs/$service.log" >&2; exit 1; }
    sleep "$SETTLE"
    before=$(ticks "$PID"); sleep "$IDLE"; after=$(ticks "$PID")
    t0=$(date +%s%3N); kill "$PID"; wait "$PID" 2>/dev/null || true; stopped=$(( $(date +%s%3N) - t0 )); PID=
    printf '%-18s run %d  stop %6d ms  idle CPU %5.2f s in %d s\n' "$service" "$run" "$stopped" \
      "$(echo "($after - $before) / 100" | bc -l)" "$IDLE"
  done
done
