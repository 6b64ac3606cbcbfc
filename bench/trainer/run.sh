#!/usr/bin/env bash
# Training throughput: Sightline's default CNN (DJL, through the trainer's own loop) against the same
# architecture in PyTorch-Python (Debian python3-torch), same data, same threads, one after the other.
# Usage: bench/trainer/run.sh [images=2048] [epochs=4] [batch=32] [threads=2]
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${1:-2048}; EPOCHS=${2:-4}; BATCH=${3:-32}; THREADS=${4:-2}
DATA=$(mktemp -d)
./mvnw -B -q -pl trainer-service -am install -DskipTests
./mvnw -B -q -pl trainer-service dependency:build-classpath -Dmdep.outputFile="$DATA/cp.txt" -Dmdep.includeScope=test
CP="trainer-service/target/classes:$(cat "$DATA/cp.txt")"
echo "== PyTorch-Python (writes the data first)"
OMP_NUM_THREADS=$THREADS /usr/bin/python3 bench/trainer/bench.py "$DATA" "$EPOCHS" "$BATCH" "$THREADS" --make-data "$N"
echo "== DJL (Sightline trainer)"
java -Dai.djl.pytorch.num_threads="$THREADS" -Dai.djl.pytorch.num_interop_threads=1 -cp "$CP" \
     bench/trainer/TrainerBench.java "$DATA" "$EPOCHS" "$BATCH"
echo "== PyTorch-Python again (load drift check)"
OMP_NUM_THREADS=$THREADS /usr/bin/python3 bench/trainer/bench.py "$DATA" "$EPOCHS" "$BATCH" "$THREADS"
rm -rf "$DATA"
