#!/usr/bin/env bash
# Learning on real pictures (Debian's dataset-fashion-mnist), Sightline's trainer next to plain PyTorch on the
# same draws, one after the other (never at once: 2 cores). Results: docs/benchmarks.md.
# Usage: [SEEDS="1 2 3"] [BUDGETS="300 600"] [PAIR=0,6] [SIDES="sightline torch"] bench/trainer/learning.sh [transfer|accuracy|all]
#   transfer  base on 8 classes, then T-shirt/top vs shirt from 100 pictures per class: scratch vs transfer
#   accuracy  the defaults a job gets, with timeBudgetSeconds, on all 60,000 training pictures; official test set
set -euo pipefail
cd "$(dirname "$0")/../.."
PART=${1:-all}; SEEDS=${SEEDS:-"1 2 3 4 5 6 7 8 9 10"}; BUDGETS=${BUDGETS:-"300 600"}; PAIR=${PAIR:-0,6}
SIDES=${SIDES:-"sightline torch"}
[[ -f /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz ]] \
  || { echo "needs Fashion-MNIST: apt-get install dataset-fashion-mnist" >&2; exit 2; }
/usr/bin/python3 -c 'import torch, numpy' 2>/dev/null \
  || { echo "needs plain PyTorch: apt-get install python3-torch" >&2; exit 2; }
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
./mvnw -B -q -ntp -pl trainer-service -am install -DskipTests
./mvnw -B -q -ntp -pl trainer-service dependency:build-classpath -Dmdep.outputFile="$WORK/cp.txt" -Dmdep.includeScope=test
CP="trainer-service/target/classes:$(cat "$WORK/cp.txt")"
# as the chart and LocalStack start the trainer (decision 081): large tensors from the heap, no trimming per step
MALLOC_TUNING=(MALLOC_MMAP_THRESHOLD_=33554432 MALLOC_TRIM_THRESHOLD_=1073741824 MALLOC_TOP_PAD_=268435456)
side() { [[ " $SIDES " == *" $1 "* ]]; }
sightline() { side sightline || return 0; env "${MALLOC_TUNING[@]}" java -Xmx6g -Dai.djl.pytorch.num_threads=2 -Dai.djl.pytorch.num_interop_threads=1 -cp "$CP" \
  bench/trainer/FashionBench.java "$@" 2>&1 | grep --line-buffered -E '^(sightline|seed|base|  epoch)'; }
torch() { side torch || return 0; OMP_NUM_THREADS=2 /usr/bin/python3 bench/trainer/fashion.py "$@"; }
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%FT%TZ)"
if [[ $PART == transfer || $PART == all ]]; then
  echo "== transfer, pair $PAIR, seeds $SEEDS: Sightline"; sightline transfer "$PAIR" $SEEDS base-dir="$WORK/base"
  echo "== transfer: plain PyTorch";                       torch transfer "$PAIR" $SEEDS
fi
if [[ $PART == accuracy || $PART == all ]]; then
  for budget in $BUDGETS; do
    echo "== accuracy within $budget s: Sightline defaults"; sightline accuracy "$budget"
  done
  last=${BUDGETS##* }
  echo "== accuracy: plain PyTorch, test accuracy every minute up to $last s"; torch accuracy "$last"
fi
