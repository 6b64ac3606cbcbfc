#!/usr/bin/env bash
# Prints the path of async-profiler's agent library (tools.profiler:async-profiler:4.1 from Maven Central), fetching
# and unpacking it into WORK_DIR/async-profiler once. Usage: bench/dataset/async-profiler.sh WORK_DIR
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
work=$1
lib=$work/async-profiler/linux-x64/libasyncProfiler.so
if [ ! -f "$lib" ]; then
  "$repo/mvnw" -B -q -ntp dependency:copy -Dartifact=tools.profiler:async-profiler:4.1:jar:linux-x64 \
    -DoutputDirectory="$work/async-profiler" >&2
  (cd "$work/async-profiler" && unzip -q -o async-profiler-4.1-linux-x64.jar 'linux-x64/*')
fi
echo "$lib"
