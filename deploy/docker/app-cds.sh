#!/bin/sh
# Writes a service's class-data archive (AppCDS) at image build, with the image's own JVM: an archive is valid only
# for the exact JVM and jars that wrote it. A training start: the service starts in full with Kafka unreachable
# (loopback port 1, so no network is needed) and a scratch store, is stopped once Quarkus reports it started, and
# the JVM dumps every class it loaded on the way out. Quarkus' own exit after static init
# (-Dquarkus.appcds.generate=true) would cover half as many of a start's classes: see
# docs/decisions/111-class-data-sharing.md.
# Usage: [JAVA=java] app-cds.sh <quarkus-run.jar> <archive>
set -eu
jar=$1
archive=$2
scratch=$(mktemp -d)
"${JAVA:-java}" -XX:ArchiveClassesAtExit="$archive" -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
  -Dkafka.bootstrap.servers=localhost:1 -Dsightline.store.uri="file:$scratch/store" -Djava.io.tmpdir="$scratch" \
  -jar "$jar" > "$scratch/log" 2>&1 &
pid=$!
tries=0
until grep -q ' started in ' "$scratch/log"; do
  tries=$((tries + 1))
  # the trainer waits out its topic creation against the missing broker (~25 s); 5 minutes is a broken start
  if [ "$tries" -gt 600 ] || ! kill -0 "$pid" 2>/dev/null; then
    cat "$scratch/log" >&2
    kill "$pid" 2>/dev/null || true
    exit 1
  fi
  sleep 0.5
done
kill "$pid"
# the JVM exits with 143 (SIGTERM) after writing the archive
wait "$pid" || true
rm -rf "$scratch"
test -s "$archive"
