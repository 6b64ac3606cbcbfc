#!/usr/bin/env bash
# A 6-trial random sweep (decision 106) on Fashion-MNIST (Debian's dataset-fashion-mnist) through the trainer's own
# queue checks, worker, successive halving and promotion gate; one worker, so jobs run one after another (2 cores).
# Prints each job's time, the outcome against the budget, and writes the comparison report. Run on a quiet machine
# (uptime load < 3). Results: docs/benchmarks.md.
# Usage: [PER_CLASS=500] [TEST_PER_CLASS=200] [TRIALS=6] [EPOCHS=2] [BUDGET=1200] bench/trainer/sweep.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
PER_CLASS=${PER_CLASS:-500}; TEST_PER_CLASS=${TEST_PER_CLASS:-200}; TRIALS=${TRIALS:-6}; EPOCHS=${EPOCHS:-2}
BUDGET=${BUDGET:-1200}
[[ -f /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz ]] \
  || { echo "needs Fashion-MNIST: apt-get install dataset-fashion-mnist" >&2; exit 2; }
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
# events and trainer-service compiled in this checkout, the other modules as the tests see them; no -am: target/
# folders of service-kit and the like make later @QuarkusTest runs here see their beans twice
./mvnw -B -q -ntp -o -pl events,trainer-service compile
./mvnw -B -q -ntp -o -pl trainer-service dependency:build-classpath -Dmdep.outputFile="$WORK/cp.txt" \
  -Dmdep.includeScope=test
CP="trainer-service/target/classes:events/target/classes:$(cat "$WORK/cp.txt")"
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%FT%TZ)"
mkdir -p "$WORK/store"
env MALLOC_MMAP_THRESHOLD_=33554432 MALLOC_TRIM_THRESHOLD_=1073741824 MALLOC_TOP_PAD_=268435456 \
  java -Xmx4g -Dai.djl.pytorch.num_threads=2 -Dai.djl.pytorch.num_interop_threads=1 -cp "$CP" \
  bench/trainer/SweepBench.java "$PER_CLASS" "$TEST_PER_CLASS" "$TRIALS" "$EPOCHS" "$BUDGET" "$WORK/store" 2>&1 \
  | grep --line-buffered -E '^(sightline|  )'
cp "$WORK/store/sweep-report.html" "${REPORT:-/tmp/sightline-sweep-report.html}" && echo "report: ${REPORT:-/tmp/sightline-sweep-report.html}"
