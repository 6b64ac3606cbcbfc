#!/usr/bin/env bash
# learningRate auto (the range test, decision 101) against fixed rates at equal epochs on Fashion-MNIST (Debian's
# dataset-fashion-mnist), and what the diagnosis says of each run; one run after another (never at once: 2 cores).
# Results: docs/benchmarks.md.
# Usage: [N=10000] [EPOCHS=2] [RATES="auto 1e-2 1e-3 1e-4 1e-1"] [SEED=n] [ORDER=k] [CLASSES=0,6] bench/trainer/rates.sh
#   ORDER: the same N pictures shuffled by k (k > 0), the same initial weights: how much the batch order alone moves a run
#   CLASSES: only those classes (the first N of their pictures, their official test pictures): a small K-class set
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${N:-10000}; EPOCHS=${EPOCHS:-2}; RATES=${RATES:-"auto 1e-2 1e-3 1e-4 1e-1"}
[[ -f /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz ]] \
  || { echo "needs Fashion-MNIST: apt-get install dataset-fashion-mnist" >&2; exit 2; }
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
# compiled in this checkout, modules from the reactor (nothing installed to ~/.m2)
./mvnw -B -q -ntp -o -pl events,trainer-service -am compile
./mvnw -B -q -ntp -o -pl trainer-service dependency:build-classpath -Dmdep.outputFile="$WORK/cp.txt" \
  -Dmdep.includeScope=test
CP="trainer-service/target/classes:events/target/classes:$(cat "$WORK/cp.txt")"
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%FT%TZ)"
echo "== $N training pictures, $EPOCHS epochs, rates $RATES"
env MALLOC_MMAP_THRESHOLD_=33554432 MALLOC_TRIM_THRESHOLD_=1073741824 MALLOC_TOP_PAD_=268435456 \
  java -Xmx4g -Dai.djl.pytorch.num_threads=2 -Dai.djl.pytorch.num_interop_threads=1 -cp "$CP" \
  bench/trainer/FashionBench.java rates "$N" "$EPOCHS" $RATES ${SEED:+seed=$SEED} ${ORDER:+order=$ORDER} ${CLASSES:+classes=$CLASSES} 2>&1 | grep --line-buffered -E '^(sightline|  )'
