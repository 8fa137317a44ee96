#!/bin/sh
# Shared by ansible-compare.sh and scale-30.sh: builds the CLI jar (with its AppCDS archive and launcher) and the
# testkit's test classes, then runs org.gardenos.bench.CliBench HOSTS ROUNDS JAR BASELINE_JAR|- ansible|no-ansible.
set -eu
cd "$(dirname "$0")/.."
mvn -o -q -B -pl gardenos-cli -am package -DskipTests
mvn -o -q -B -pl gardenos-testkit -am test-compile \
    org.apache.maven.plugins:maven-dependency-plugin:2.8:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
cp="gardenos-testkit/target/test-classes:gardenos-testkit/target/classes:$(cat gardenos-testkit/target/bench.classpath)"
# BENCH_JFR=1: also one no-op `apply base etcd lb` per jar under JFR, printing the share of CPU samples in SHA-256
# BENCH_ONLY=PREFIX: time (and count) only the commands that start with PREFIX (e.g. "status")
# BENCH_HOLD=FILE: after the warm-up, write the CLI's -f/--state-dir arguments to FILE and wait until it is deleted
# BENCH_SESSIONS=1: also print every SSH command (session) of the counted -v runs, per host, in order
exec java ${BENCH_JFR:+-Dbench.jfr=1} ${BENCH_ONLY:+-Dbench.only="$BENCH_ONLY"} ${BENCH_HOLD:+-Dbench.hold="$BENCH_HOLD"} ${BENCH_SESSIONS:+-Dbench.sessions=1} -cp "$cp" org.gardenos.bench.CliBench "$1" "$2" "$PWD/gardenos-cli/target/gardenos-cli.jar" "$3" "$4"
