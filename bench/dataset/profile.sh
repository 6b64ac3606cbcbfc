#!/usr/bin/env bash
# Where a warm import's CPU goes: starts the dataset-service as run.sh does, imports Fashion-MNIST (70,000 PNGs),
# then profiles a second import of the same pictures as other bytes (zlib level 5: new content to pack) with
# async-profiler (CPU, 1 ms, per thread; fetched from Maven Central once), and prints the heaviest frames.
# Needs: `apt-get install -y dataset-fashion-mnist`, `./mvnw -B -q -pl dataset-service -am install -DskipTests`.
# Usage: bench/dataset/profile.sh [WORK_DIR]   (default /tmp/sightline-bench; the profile: WORK_DIR/warm.collapsed)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
work=${1:-/tmp/sightline-bench}
port=${BENCH_PORT:-18082}
mkdir -p "$work"
[ -d "$work/fashion" ] || /usr/bin/python3 "$here/make_dataset.py" "$work/fashion"
[ -d "$work/fashion5" ] || LEVEL=5 /usr/bin/python3 "$here/make_dataset.py" "$work/fashion5"
profiler=$("$here/async-profiler.sh" "$work")
rm -rf "$work/profile-store" "$work/profile-work"
java -Xmx384m -Dquarkus.http.port="$port" -Dsightline.store.uri="file:$work/profile-store" \
     -Dsightline.dataset.work-dir="$work/profile-work" -Dsightline.dataset.threads=2 -Dkafka.bootstrap.servers=localhost:1 \
     -jar "${SERVICE_JAR:-$repo/dataset-service/target/quarkus-app/quarkus-run.jar}" > "$work/profile-service.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null && wait $pid 2>/dev/null; true' EXIT
until curl -s "localhost:$port/q/health/ready" | grep -q '"state": *"\(done\|off\|failed\)"'; do
  kill -0 $pid 2>/dev/null || { echo "the service stopped:" >&2; tail -20 "$work/profile-service.log" >&2; exit 1; }
  sleep 0.2
done
import() { # name folder
  find "$2" -type f -print0 | xargs -0 cat > /dev/null # in the page cache, as run.sh reads it
  local start; start=$(date +%s.%N)
  curl -sf -X POST "localhost:$port/datasets" -H 'content-type: application/json' \
       -d "{\"name\":\"$1\",\"source\":\"file:$2\",\"testRatio\":0.2,\"seed\":42}" > /dev/null
  until curl -sf "localhost:$port/datasets/$1/versions/1" | grep -q '"status":"\(READY\|REJECTED\)"'; do sleep 0.05; done
  echo "$1: POST -> READY $(echo "$(date +%s.%N) - $start" | bc) s, stages $(curl -sf "localhost:$port/datasets/$1/versions/1" \
       | grep -o '"timingsMs":{[^}]*}')"
}
import first "$work/fashion"
jcmd $pid JVMTI.agent_load "$profiler" "\"start,event=${EVENT:-itimer},interval=1ms,threads\"" > /dev/null
import second "$work/fashion5"
jcmd $pid JVMTI.agent_load "$profiler" "\"stop,file=$work/warm.collapsed,collapsed\"" > /dev/null
/usr/bin/python3 - "$work/warm.collapsed" <<'PY'
import collections, sys
threads, leaves, ours = collections.Counter(), collections.Counter(), collections.Counter()
total = 0
for line in open(sys.argv[1]):
    stack, n = line.rstrip().rsplit(" ", 1)
    n = int(n); total += n
    frames = stack.split(";")
    threads[frames[0].split(" tid=")[0].rstrip("0123456789-")] += n
    leaves[frames[-1]] += n
    mine = [f for f in frames if f.startswith("io/sightline")]
    if mine:
        ours[mine[-1]] += n
def show(title, counter, k):
    print(title)
    for name, n in counter.most_common(k):
        print(f"  {100 * n / total:5.1f} %  {name[:110]}")
print(f"{total} samples")
show("threads:", threads, 6)
show("own frames (deepest Sightline frame on the stack):", ours, 15)
show("leaf frames:", leaves, 12)
PY
