#!/usr/bin/env bash
# Split + verify of Fashion-MNIST (70,000 28x28 PNGs, 10 class folders): the course's Python flow against
# Sightline's dataset-service (packaged jar, file: store, heap capped), in the same run on the same data.
# Needs: `apt-get install -y dataset-fashion-mnist`, `./mvnw -B -q -pl dataset-service -am install`.
# Usage: bench/dataset/run.sh [WORK_DIR]   (default /tmp/sightline-bench; must be inside an import root)
# Env: SERVICE_OPTS="..." adds JVM options to the service (a JFR recording, another GC); COURSE=0 skips the
# Python flow (to compare service settings alone); SERVICE_JAR=path runs another build's jar (before/after);
# PROFILE=out.html records the import alone (POST to READY) with async-profiler (async-profiler.sh fetches it),
# PROFILE=out.collapsed its stacks (one line each), PROFILE=out.txt its hottest methods; PROFILE_EVENT=alloc
# PROFILE_INTERVAL=512k samples allocation instead of CPU; AGAIN=n imports the same folder n more times, under other
# names, on the now warm service (files unchanged since the first import are not read again: decision 118).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
work=${1:-/tmp/sightline-bench}
py=/usr/bin/python3
port=${BENCH_PORT:-18081}
mkdir -p "$work"
if [ ! -d "$work/fashion" ]; then
  echo "building the dataset in $work/fashion ..."
  "$py" "$here/make_dataset.py" "$work/fashion"
fi
echo "files: $(find "$work/fashion" -type f | wc -l)"
sync

# both sides start with the dataset in the page cache: left idle, its pages may go (this machine's kernel runs
# DAMON's proactive reclaim), and reading 70,000 files from disk adds ~4 s to whichever side comes first
warm_cache() { find "$work/fashion" -type f -print0 | xargs -0 cat > /dev/null; }

python_s=0
if [ "${COURSE:-1}" != 0 ]; then
  rm -rf "$work/course-out"
  warm_cache
  start=$(date +%s.%N)
  "$py" "$here/course_flow.py" "$work/fashion" "$work/course-out" 0.2
  python_s=$(echo "$(date +%s.%N) - $start" | bc)
  rm -rf "$work/course-out"
fi

rm -rf "$work/store" "$work/service.log"
java -Xmx384m ${SERVICE_OPTS:-} -Dquarkus.http.port="$port" -Dsightline.store.uri="file:$work/store" \
     -Dsightline.dataset.work-dir="$work/service-work" -Dsightline.dataset.threads="${BENCH_THREADS:-2}" \
     -Dkafka.bootstrap.servers=localhost:1 \
     -jar "${SERVICE_JAR:-$repo/dataset-service/target/quarkus-app/quarkus-run.jar}" > "$work/service.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null && wait $pid 2>/dev/null; true' EXIT
started=$(date +%s.%N)
# ready but for Kafka (none here): the import warm-up (decision 113) is over
until curl -s "localhost:$port/q/health/ready" | grep -q '"state": *"\(done\|off\|failed\)"'; do
  kill -0 $pid 2>/dev/null || { echo "the service stopped before it was ready:" >&2; tail -20 "$work/service.log" >&2; exit 1; }
  sleep 0.1
done
echo "service start to ready: $(echo "$(date +%s.%N) - $started" | bc)s, RSS $(ps -o rss= -p $pid) KiB"
warm_cache
cpu_ticks() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
ticks=$(cpu_ticks)
if [ -n "${PROFILE:-}" ]; then
  profiler=$("$here/async-profiler.sh" "$work")
  jcmd $pid JVMTI.agent_load "$profiler" "\"start,event=${PROFILE_EVENT:-itimer},interval=${PROFILE_INTERVAL:-1ms}\"" > /dev/null
fi
start=$(date +%s.%N)
curl -sf -X POST "localhost:$port/datasets" -H 'content-type: application/json' \
     -d "{\"name\":\"fashion\",\"source\":\"file:$work/fashion\",\"testRatio\":0.2,\"seed\":42}" > /dev/null
until curl -sf "localhost:$port/datasets/fashion/versions/1" | grep -q '"status":"\(READY\|REJECTED\)"'; do sleep 0.1; done
sightline_s=$(echo "$(date +%s.%N) - $start" | bc)
cpu_s=$(echo "scale=2; ($(cpu_ticks) - $ticks) / $(getconf CLK_TCK)" | bc)
if [ -n "${PROFILE:-}" ]; then
  case "$PROFILE" in
    *.html|*.collapsed) format= ;;
    *) format=,flat=40 ;;
  esac
  jcmd $pid JVMTI.agent_load "$profiler" "\"stop,file=$PROFILE$format\"" > /dev/null
  echo "profile of the import: $PROFILE"
fi
detail=$(curl -sf "localhost:$port/datasets/fashion/versions/1")
echo "$detail" | "$py" -c 'import json,sys; d=json.load(sys.stdin); v=d["verification"]; print("status", d["status"], "images", v["images"], "blobsChecked", v["blobsChecked"], "originalsChecked", v["originalsChecked"], "nearDuplicatePairs", v["nearDuplicatePairs"], "labelConflicts", v["labelConflicts"]); print("timingsMs", v["timingsMs"]); from datetime import datetime as t; at=lambda k: t.fromisoformat(d[k].replace("Z", "+00:00")); print("submittedAt to completedAt (the service'"'"'s clock): %d ms" % ((at("completedAt") - at("submittedAt")).total_seconds() * 1000) if d.get("submittedAt") and d.get("completedAt") else "")'
rss=$(ps -o rss= -p $pid)
echo "python course flow: ${python_s}s"
echo "sightline split+verify (POST to READY): ${sightline_s}s, service CPU ${cpu_s}s, RSS ${rss} KiB"
echo "ratio: $(echo "scale=2; $python_s / $sightline_s" | bc)x"
for i in $(seq 1 "${AGAIN:-0}"); do
  start=$(date +%s.%N)
  curl -sf -X POST "localhost:$port/datasets" -H 'content-type: application/json' \
       -d "{\"name\":\"fashion-again-$i\",\"source\":\"file:$work/fashion\",\"testRatio\":0.2,\"seed\":42}" > /dev/null
  until curl -sf "localhost:$port/datasets/fashion-again-$i/versions/1" | grep -q '"status":"\(READY\|REJECTED\)"'; do sleep 0.1; done
  again_s=$(echo "$(date +%s.%N) - $start" | bc)
  echo "again $i, warm (POST to READY): ${again_s}s, $(curl -sf "localhost:$port/datasets/fashion-again-$i/versions/1/verification" \
       | "$py" -c 'import json,sys; v=json.load(sys.stdin); print("originalsKnown", v.get("originalsKnown"), "timingsMs", v["timingsMs"])')"
done
