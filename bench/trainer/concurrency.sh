#!/usr/bin/env bash
# Jobs at once on one worker (sightline.trainer.concurrent-jobs): the default CNN trained JOBS times at once
# in one JVM against one job at a time, on the same data; combined training images per second, wall time.
# Usage: bench/trainer/concurrency.sh [images=2048] [epochs=3] [batch=32]
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${1:-2048}; EPOCHS=${2:-3}; BATCH=${3:-32}
DATA=$(mktemp -d)
./mvnw -B -q -pl trainer-service -am install -DskipTests
./mvnw -B -q -pl trainer-service dependency:build-classpath -Dmdep.outputFile="$DATA/cp.txt" -Dmdep.includeScope=test
CP="trainer-service/target/classes:$(cat "$DATA/cp.txt")"
/usr/bin/python3 bench/trainer/bench.py "$DATA" 2 "$BATCH" 1 --make-data "$N" > /dev/null # writes the data
cores=$(nproc)
run() { # threads per job, jobs
  java -Dai.djl.pytorch.num_threads="$1" -Dai.djl.pytorch.num_interop_threads=1 -cp "$CP" \
       bench/trainer/TrainerBench.java "$DATA" "$EPOCHS" "$BATCH" "$2" | grep 'jobs at once'
}
echo "== 1 job, $cores threads";            run "$cores" 1
echo "== $cores jobs at once, 1 thread each"; run 1 "$cores"
echo "== $cores jobs at once, $cores threads each (oversubscribed)"; run "$cores" "$cores"
rm -rf "$DATA"
