#!/usr/bin/env bash
# Start to ready of each packaged service, one at a time beside a local Kafka: the JVM as it is (Java 17), with an
# application class-data-sharing archive (Java 17 AppCDS, dumped at the exit of a training start), and with a
# Leyden AOT cache (Java 25, -XX:AOTCacheOutput), the starts of a service in turns. Ready = GET /q/health/ready
# answers 200; the clock starts at fork.
# Needs: packaged services (./mvnw -B -q install -DskipTests), a JDK 25 for the Leyden rows ($JAVA25, default the
# Temurin 25 beside Java 17 on the development machines; skipped when missing).
# IMAGE_CDS=1 adds the archive the images write at build: deploy/docker/app-cds.sh, a start with Kafka unreachable.
# STATIC_INIT_CDS=1 adds one dumped when Quarkus exits by itself after static init (-Dquarkus.appcds.generate=true),
# which needs services packaged with -Dquarkus.package.jar.appcds.enabled=true.
# Usage: [RUNS=3] [IMAGE_CDS=1] [STATIC_INIT_CDS=1] [SERVICES="dataset-service trainer-service inference-service"]
#   bench/startup/run.sh [WORK]
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS=${RUNS:-3}
SERVICES=${SERVICES:-"dataset-service trainer-service inference-service"}
JAVA17=${JAVA17:-java}
JAVA25=${JAVA25:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
WORK=${1:-$(mktemp -d)}
KPORT=${BENCH_KAFKA_PORT:-19392}
PORT=18190
mkdir -p "$WORK/logs"
PID=
cleanup() {
  [[ -n "$PID" ]] && kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null || true
  bin/kafka stop --dir "$WORK/kafka" >/dev/null 2>&1 || true
}
trap cleanup EXIT
bin/kafka start --port "$KPORT" --controller-port $((KPORT + 1)) --dir "$WORK/kafka" >/dev/null
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%FT%TZ), commit $(git rev-parse --short HEAD)"

# starts one service with extra JVM options, prints ms from fork to ready, stops it (SIGTERM: an archive is dumped)
start_ms() {
  local java=$1 service=$2; shift 2
  mkdir -p "$WORK/store" "$WORK/import"
  local t0; t0=$(date +%s%3N)
  env MALLOC_MMAP_THRESHOLD_=33554432 MALLOC_TRIM_THRESHOLD_=1073741824 MALLOC_TOP_PAD_=268435456 \
    "$java" "$@" -Xmx1g -Dkafka.bootstrap.servers=localhost:$KPORT -Dsightline.store.uri="file:$WORK/store" \
    -Dsightline.dataset.import-roots="$WORK/import" -Dquarkus.http.port=$PORT -Dquarkus.grpc.server.port=$((PORT + 10)) \
    -Dquarkus.log.level=WARN -jar "$service/target/quarkus-app/quarkus-run.jar" >> "$WORK/logs/$service.log" 2>&1 &
  PID=$!
  local ready=
  for _ in $(seq 1 1200); do
    if curl -sf -o /dev/null "localhost:$PORT/q/health/ready"; then ready=$(( $(date +%s%3N) - t0 )); break; fi
    kill -0 "$PID" 2>/dev/null || break
    sleep 0.05
  done
  kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; PID=
  [[ -n "$ready" ]] || { echo "$service never ready; log: $WORK/logs/$service.log" >&2; exit 1; }
  echo "$ready"
}

# the median of an odd count, the lower middle of an even one
median() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{a[NR]=$1} END {print a[int((NR + 1) / 2)]}'; }

for service in $SERVICES; do
  # each variant "label|java|options"; archives first, then the starts in turns (one of each variant per round), so
  # that load from elsewhere on a shared machine falls on all variants alike
  variants=("java 17|$JAVA17|")
  jsa="$WORK/$service.jsa"
  start_ms "$JAVA17" "$service" -XX:ArchiveClassesAtExit="$jsa" > /dev/null
  variants+=("java 17 + AppCDS|$JAVA17|-XX:SharedArchiveFile=$jsa -Xshare:auto")
  if [[ "${IMAGE_CDS:-}" == 1 ]]; then
    image="$WORK/$service-image.jsa"
    JAVA="$JAVA17" deploy/docker/app-cds.sh "$service/target/quarkus-app/quarkus-run.jar" "$image"
    variants+=("java 17 + AppCDS as in the image|$JAVA17|-XX:SharedArchiveFile=$image -Xshare:auto")
  fi
  if [[ "${STATIC_INIT_CDS:-}" == 1 ]]; then
    static="$WORK/$service-static.jsa"
    # Quarkus' own AppCDS step does this; the timeout fails a jar packaged without the exit point, not waits forever
    timeout 300 "$JAVA17" -XX:ArchiveClassesAtExit="$static" -Dquarkus.appcds.generate=true \
      -jar "$service/target/quarkus-app/quarkus-run.jar" >> "$WORK/logs/$service.log" 2>&1
    variants+=("java 17 + AppCDS static init|$JAVA17|-XX:SharedArchiveFile=$static -Xshare:auto")
  fi
  if [[ -x "$JAVA25" ]]; then
    aot="$WORK/$service.aot"
    start_ms "$JAVA25" "$service" -XX:AOTCacheOutput="$aot" > /dev/null
    variants+=("java 25|$JAVA25|" "java 25 + AOT cache|$JAVA25|-XX:AOTCache=$aot")
  fi
  declare -A runs=()
  for _ in $(seq 1 "$RUNS"); do
    for variant in "${variants[@]}"; do
      IFS='|' read -r label java options <<< "$variant"
      # options unquoted on purpose: split into flags (the work paths hold no spaces)
      # shellcheck disable=SC2086
      runs[$label]="${runs[$label]:-} $(start_ms "$java" "$service" $options)"
    done
  done
  for variant in "${variants[@]}"; do
    label=${variant%%|*}
    printf '%-18s %-34s median %6s ms  runs:%s\n' "$service" "$label" "$(echo "${runs[$label]}" | median)" \
      "${runs[$label]}"
  done
  unset runs
done
